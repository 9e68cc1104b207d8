//! Markdown → HTML with pulldown-cmark, rewriting the event stream for heading ids,
//! internal `@/` links and checks an accessible site needs (alt text on images).

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, line_col};

/// An entry of the page's table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link to an anchor, checked once every page's headings are known.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    /// The linked document (index into the library); `None` for the page itself.
    pub target: Option<usize>,
    pub anchor: String,
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<Heading>,
    /// Every id an anchor can point to: headings and footnotes.
    pub anchors: Vec<String>,
    pub anchor_links: Vec<AnchorLink>,
    pub problems: Vec<Diagnostic>,
}

/// What the renderer needs from the rest of the site.
pub trait Links {
    /// `@/training/_index.md` (without `@/`) → (document index, address with the base path).
    fn resolve(&self, key: &str) -> Result<(usize, String), (String, String)>;
    /// An address written from the site root, such as `/images/a.png`, with the base path.
    fn rooted(&self, path: &str) -> String;
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders `text[body_offset..]`; problems are located in `text`, the whole file.
pub fn render(file: &std::path::Path, text: &str, body_offset: usize, links: &dyn Links) -> Rendered {
    let body = &text[body_offset..];
    let mut out = Rendered::default();
    let at = |offset: usize| {
        let (line, col) = line_col(text, body_offset + offset);
        (line, col)
    };

    let mut events: Vec<Event> = Vec::new();
    let mut ids = HashMap::new();
    // Open heading: where its start event is in `events`, and its text so far.
    let mut heading: Option<(usize, HeadingLevel, Option<CowStr>, String)> = None;
    // Open image: its offset and alt text so far.
    let mut image: Option<(usize, String, String)> = None;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                heading = Some((events.len(), level, id.clone(), String::new()));
                events.push(Event::Start(Tag::Heading { level, id, classes, attrs }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, _, given, title)) = heading.take() {
                    let id = unique_id(&mut ids, given.map_or_else(|| slug_for(&title), |g| g.to_string()));
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[start] {
                        *slot = Some(id.clone().into());
                    }
                    out.toc.push(Heading { level: level as u8, id: id.clone(), title: title.trim().to_string() });
                    out.anchors.push(id);
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest = rewrite_link(&dest_url, at(range.start), links, &mut out, file);
                events.push(Event::Start(Tag::Link { link_type, dest_url: dest.into(), title, id }));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                image = Some((range.start, String::new(), dest_url.to_string()));
                let dest = if is_rooted(&dest_url) { links.rooted(&dest_url).into() } else { dest_url };
                events.push(Event::Start(Tag::Image { link_type, dest_url: dest, title, id }));
            }
            Event::End(TagEnd::Image) => {
                if let Some((offset, alt, src)) = image.take()
                    && alt.trim().is_empty()
                {
                    let (line, col) = at(offset);
                    out.problems.push(Diagnostic::error(file, line, col).says(
                        format!("the image {src} has no description (alt text)"),
                        format!("say what the image shows inside the brackets: ![A teacher and a family talking on a porch]({src})"),
                    ));
                }
                events.push(Event::End(TagEnd::Image));
            }
            Event::FootnoteReference(ref name) => {
                out.anchor_links.push(AnchorLink {
                    target: None,
                    anchor: name.to_string(),
                    line: at(range.start).0,
                    col: at(range.start).1,
                });
                events.push(event);
            }
            Event::Start(Tag::FootnoteDefinition(ref name)) => {
                out.anchors.push(name.to_string());
                events.push(event);
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                if let Some((_, _, _, title)) = &mut heading {
                    title.push_str(t);
                }
                if let Some((_, alt, _)) = &mut image {
                    alt.push_str(t);
                }
                events.push(event);
            }
            other => events.push(other),
        }
    }

    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
}

fn is_rooted(dest: &str) -> bool {
    dest.starts_with('/') && !dest.starts_with("//")
}

fn has_scheme(dest: &str) -> bool {
    dest.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

fn rewrite_link(
    dest: &str,
    (line, col): (usize, usize),
    links: &dyn Links,
    out: &mut Rendered,
    file: &std::path::Path,
) -> String {
    if let Some(internal) = dest.strip_prefix("@/") {
        let (key, anchor) = internal.split_once('#').map_or((internal, None), |(k, a)| (k, Some(a)));
        return match links.resolve(key) {
            Ok((target, url)) => match anchor {
                Some(a) => {
                    out.anchor_links.push(AnchorLink { target: Some(target), anchor: a.to_string(), line, col });
                    format!("{url}#{a}")
                }
                None => url,
            },
            Err((message, fix)) => {
                if !message.is_empty() {
                    out.problems.push(Diagnostic::error(file, line, col).says(message, fix));
                }
                dest.to_string()
            }
        };
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        out.anchor_links.push(AnchorLink { target: None, anchor: anchor.to_string(), line, col });
        return dest.to_string();
    }
    if !has_scheme(dest) && !dest.starts_with("//") {
        let path = dest.split(['#', '?']).next().unwrap_or("");
        if path.ends_with(".md") {
            out.problems.push(Diagnostic::error(file, line, col).says(
                format!("the link {dest} points to a markdown file by its place on disk"),
                format!(
                    "write links to other pages as @/ followed by the path inside the language folder, e.g. @/{}",
                    path.trim_start_matches("./").trim_start_matches('/')
                ),
            ));
        } else if is_rooted(dest) {
            return links.rooted(dest);
        }
    }
    dest.to_string()
}

/// Heading ids readable in both languages: accents folded, lowercase, hyphens.
pub fn slug_for(title: &str) -> String {
    let s = slug::slugify(title);
    if s.is_empty() { "section".to_string() } else { s }
}

fn unique_id(seen: &mut HashMap<String, usize>, id: String) -> String {
    let n = seen.entry(id.clone()).or_insert(0);
    *n += 1;
    if *n == 1 { id } else { format!("{id}-{}", *n - 1) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    struct NoLinks;
    impl Links for NoLinks {
        fn resolve(&self, key: &str) -> Result<(usize, String), (String, String)> {
            if key == "a.md" { Ok((7, "/base/a/".into())) } else { Err((format!("no page {key}"), "fix".into())) }
        }
        fn rooted(&self, path: &str) -> String {
            format!("/base{path}")
        }
    }

    fn md(body: &str) -> Rendered {
        render(Path::new("x.md"), body, 0, &NoLinks)
    }

    #[test]
    fn heading_ids_are_stable_unique_and_accent_free() {
        let r = md("## ¿Qué es?\n\n## ¿Qué es?\n\n### Own {#mine}\n");
        let ids: Vec<_> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["que-es", "que-es-1", "mine"]);
        assert!(r.html.contains("<h2 id=\"que-es\">"), "{}", r.html);
    }

    #[test]
    fn internal_links_resolve_and_rooted_links_get_the_base() {
        let r = md("[a](@/a.md#x) [b](/files/b.pdf) [c](https://e.org/)");
        assert!(r.html.contains("href=\"/base/a/#x\""), "{}", r.html);
        assert!(r.html.contains("href=\"/base/files/b.pdf\""), "{}", r.html);
        assert!(r.html.contains("href=\"https://e.org/\""), "{}", r.html);
        assert_eq!(r.anchor_links[0].target, Some(7));
        assert!(r.problems.is_empty());
    }

    #[test]
    fn missing_page_and_missing_alt_are_located() {
        let r = md("para\n\n[x](@/nope.md) and ![](/i.png)\n");
        assert_eq!(r.problems.len(), 2);
        assert_eq!((r.problems[0].line, r.problems[0].col), (3, 1));
        assert_eq!((r.problems[1].line, r.problems[1].col), (3, 20));
    }
}
