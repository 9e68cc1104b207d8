//! The settings block at the top of every page, between two `+++` lines, in TOML.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, did_you_mean, line_col};

/// What a page may set. Unknown keys are refused so that a misspelled setting is never
/// silently ignored.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub description: Option<String>,
    /// The last part of the page's address; lets Spanish addresses read Spanish.
    pub slug: Option<String>,
    /// A shorter title for menus and navigation.
    pub short_title: Option<String>,
    /// For a section: publish an Atom feed of its pages (news).
    #[serde(default)]
    pub feed: bool,
    /// Lower weights come first in menus and lists.
    pub weight: Option<i64>,
    pub date: Option<toml::value::Datetime>,
    #[serde(default)]
    pub draft: bool,
    /// A template other than the usual `page.html` / `section.html`.
    pub template: Option<String>,
    /// Anything else a template wants, e.g. `extra.call_to_action = true`.
    #[serde(default)]
    pub extra: toml::Table,
}

/// The settings FrontMatter accepts, for the "did you mean" hint. A test keeps this in
/// step with the struct.
pub const KNOWN_KEYS: &[&str] =
    &["title", "short_title", "description", "slug", "weight", "date", "draft", "template", "feed", "extra"];

/// Setting names staff may write in Spanish, accents left out, and the English names
/// the site knows them by.
const SPANISH_KEYS: &[(&str, &str)] = &[
    ("titulo", "title"),
    ("titulo_corto", "short_title"),
    ("descripcion", "description"),
    ("fecha", "date"),
    ("peso", "weight"),
    ("orden", "weight"),
    ("borrador", "draft"),
    ("plantilla", "template"),
];

/// The known setting a mistyped or translated name most likely means.
fn meant_key(written: &str) -> Option<&'static str> {
    let folded = slug::slugify(written).replace('-', "_");
    SPANISH_KEYS
        .iter()
        .find(|(es, _)| *es == folded)
        .map(|(_, en)| *en)
        .or_else(|| did_you_mean(&folded, KNOWN_KEYS.iter().copied()))
}

/// How to write each setting, quoted in error messages.
fn example(key: &str) -> &'static str {
    match key {
        "title" => "title = \"Home visits\" (text goes in double quotes)",
        "description" => "description = \"One sentence about the page\" (text goes in double quotes)",
        "slug" => "slug = \"home-visits\" (lowercase letters, digits and hyphens, in double quotes)",
        "weight" => "weight = 3 (a whole number, no quotes)",
        "date" => "date = 2024-05-01 (year-month-day, no quotes)",
        "draft" => "draft = true or draft = false (no quotes)",
        "template" => "template = \"page.html\" (the name of a file in the theme's templates folder)",
        "extra" => "[extra] on its own line, then settings below it",
        "short_title" => "short_title = \"Visits\" (text goes in double quotes)",
        "feed" => "feed = true or feed = false (no quotes)",
        _ => "name = value, with text in double quotes",
    }
}

/// A page's file split into settings and markdown.
pub struct Split<'a> {
    pub front: &'a str,
    /// Byte offset of `front` in the file.
    pub front_offset: usize,
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

const FENCE: &str = "+++";

pub fn split<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let start = text.strip_prefix('\u{feff}').map_or(0, |_| '\u{feff}'.len_utf8());
    let mut lines = line_spans(text, start);
    let first = lines.next();
    if first.is_none_or(|(a, b)| text[a..b].trim_end() != FENCE) {
        return Err(Diagnostic::error(file, 1, 1).says(
            "the page does not start with its settings",
            "make the first line +++, then title = \"…\" on the next line, then another +++ line",
        ));
    }
    let front_offset = first.map_or(start, |(_, end)| (end + 1).min(text.len()));
    for (a, b) in lines {
        if text[a..b].trim_end() == FENCE {
            let body_offset = (b + 1).min(text.len());
            return Ok(Split { front: &text[front_offset..a], front_offset, body: &text[body_offset..], body_offset });
        }
    }
    Err(Diagnostic::error(file, 1, 1).says(
        "the settings opened by +++ on line 1 are never closed",
        "add a line with only +++ after the last setting, before the text of the page",
    ))
}

/// (start, end) byte ranges of each line from `from`, without the newline.
fn line_spans(text: &str, from: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let span = (pos, end);
        pos = end + 1;
        Some(span)
    })
}

/// Parses the settings, reporting every unknown key, or the first wrong value.
pub fn parse(file: &Path, text: &str, split: &Split) -> Result<FrontMatter, Vec<Diagnostic>> {
    let at = |offset_in_front: usize| {
        let (line, col) = line_col(text, split.front_offset + offset_in_front);
        Diagnostic::error(file, line, col)
    };
    let table: toml::Table = toml::from_str(split.front).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let written = written_key(split.front, offset);
        let fix = match written {
            Some(k) if KNOWN_KEYS.contains(&k) => format!("write it as {}", example(k)),
            Some(k) => match meant_key(k) {
                Some(known) => format!(
                    "setting names are English words without accents: did you mean `{known}`? Write {}",
                    example(known)
                ),
                None => format!("write it as {}", example("")),
            },
            None => format!("write it as {}", example("")),
        };
        vec![at(offset).says(format!("the settings cannot be read: {}", first_line(e.message())), fix)]
    })?;

    let unknown: Vec<Diagnostic> = table
        .keys()
        .filter(|k| !KNOWN_KEYS.contains(&k.as_str()))
        .map(|k| {
            let fix = match meant_key(k) {
                Some(known) => format!("did you mean `{known}`?"),
                None => {
                    format!("the settings a page can have are {}; put your own under [extra]", KNOWN_KEYS.join(", "))
                }
            };
            at(key_offset(split.front, k)).says(format!("unknown setting `{k}`"), fix)
        })
        .collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }

    let front: FrontMatter = toml::from_str(split.front).map_err(|e| {
        let message = first_line(e.message());
        if let Some(field) = message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
            return vec![Diagnostic::error(file, 1, 1).says(
                format!("the page has no `{field}` setting"),
                format!("add it between the +++ lines: {}", example(field)),
            )];
        }
        let offset = e.span().map_or(0, |s| s.start);
        let key = written_key(split.front, offset).filter(|k| KNOWN_KEYS.contains(k)).unwrap_or("");
        let what = if key.is_empty() {
            format!("a setting is not right: {message}")
        } else {
            format!("the value given for `{key}` is not valid")
        };
        vec![at(offset).says(what, format!("write it as {}", example(key)))]
    })?;

    let mut problems = Vec::new();
    if front.title.trim().is_empty() {
        problems.push(
            at(key_offset(split.front, "title"))
                .says("the title is empty", format!("write it as {}", example("title"))),
        );
    }
    if let Some(date) = &front.date
        && date.date.is_none()
    {
        problems.push(
            at(key_offset(split.front, "date")).says("the date has no day", format!("write it as {}", example("date"))),
        );
    }
    if let Some(slug) = &front.slug
        && !is_slug(slug)
    {
        problems.push(at(key_offset(split.front, "slug")).says(
            format!("`{slug}` cannot be part of a web address"),
            format!("use lowercase letters, digits and hyphens, for example slug = \"{}\"", slug::slugify(slug)),
        ));
    }
    if problems.is_empty() { Ok(front) } else { Err(problems) }
}

pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").trim().trim_end_matches('.').to_string()
}

/// Offset of `key = ` at the start of a line in the settings, or 0.
fn key_offset(front: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in front.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return offset + (line.len() - trimmed.len());
        }
        offset += line.len();
    }
    0
}

/// The setting named on the line holding `offset`, if any.
/// The name written before `=` on the line holding `offset`.
fn written_key(front: &str, offset: usize) -> Option<&str> {
    let start = front[..offset.min(front.len())].rfind('\n').map_or(0, |i| i + 1);
    let line = front[start..].lines().next()?;
    let (key, _) = line.split_once('=')?;
    Some(key.trim()).filter(|k| !k.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
        let file = Path::new("content/en/a.md");
        let split = split(file, text).map_err(|d| vec![d])?;
        parse(file, text, &split)
    }

    #[test]
    fn known_keys_match_the_struct() {
        let all = "+++\ntitle = \"t\"\nshort_title = \"s\"\nfeed = true\ndescription = \"d\"\nslug = \"s\"\nweight = 1\ndate = 2024-01-02\ndraft = false\ntemplate = \"p.html\"\n[extra]\nx = 1\n+++\n";
        parse_str(all).unwrap();
        let table: toml::Table = toml::from_str(split(Path::new("a.md"), all).unwrap().front).unwrap();
        let keys: Vec<&str> = table.keys().map(String::as_str).collect();
        let mut known = KNOWN_KEYS.to_vec();
        known.sort();
        assert_eq!(keys, known);
    }

    #[test]
    fn splits_body_from_settings() {
        let text = "+++\r\ntitle = \"Hi\"\r\n+++\r\n# Body\n";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(s.body, "# Body\n");
        assert_eq!(line_col(text, s.body_offset).0, 4);
    }

    #[test]
    fn wrong_value_names_the_key_line() {
        let err = parse_str("+++\ntitle = \"t\"\nweight = \"three\"\n+++\n").unwrap_err();
        assert_eq!(err[0].line, 3, "{}", err[0]);
        assert!(err[0].fix.contains("whole number"), "{}", err[0]);
    }
}
