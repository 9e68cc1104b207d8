//! `config.toml`: the site's address, theme, languages and menu.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, line_col};

pub const CONFIG_FILE: &str = "config.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the site is published, e.g. `https://example.org/pthv/`.
    pub base_url: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The first language is the default one, served at the root of the site.
    pub languages: Vec<Language>,
    /// Pages in the main menu, as paths inside each language folder (`visits/_index.md`).
    #[serde(default)]
    pub menu: Vec<String>,
    /// Where each menu entry is written in config.toml (line, column), for messages.
    #[serde(skip)]
    pub menu_at: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// BCP 47 code used in `<html lang>`, `hreflang` and the folder name: `en`, `es`.
    pub code: String,
    /// The language's own name for itself, shown in the language switcher.
    pub name: String,
}

/// The menu alone, each entry with its place in config.toml.
#[derive(Debug, Default, Deserialize)]
struct MenuSpans {
    #[serde(default)]
    menu: Vec<toml::Spanned<String>>,
}

fn default_theme() -> String {
    "default".into()
}

/// The site's address split into what pages need: absolute links (`url`) for
/// `hreflang` and the sitemap, and the path prefix (`path`) for every other link, so a
/// copy of the site works under a sub-path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Always ends with `/`.
    pub url: String,
    /// Starts and ends with `/`.
    pub path: String,
}

impl BaseUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let rest = raw
            .strip_prefix("https://")
            .or_else(|| raw.strip_prefix("http://"))
            .ok_or_else(|| format!("`{raw}` does not start with https:// or http://"))?;
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(format!("`{raw}` has no host name"));
        }
        if path.contains(['?', '#']) || path.contains(char::is_whitespace) {
            return Err(format!("`{raw}` must be a plain address, without ? or # or spaces"));
        }
        let path = format!("/{}/", path.trim_matches('/')).replace("//", "/");
        let url = format!("{}{}", &raw[..raw.len() - rest.len() + host.len()], path);
        Ok(Self { url, path })
    }

    /// `path` relative to the site root (no leading slash) → `/base/path`.
    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.path, path)
    }

    /// `path` relative to the site root → `https://host/base/path`.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.url, path)
    }
}

impl Config {
    pub fn default_language(&self) -> &Language {
        &self.languages[0]
    }

    /// The folder prefix of a language's pages: "" for the default, "es/" for others.
    pub fn language_prefix(&self, code: &str) -> String {
        if code == self.default_language().code { String::new() } else { format!("{code}/") }
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// Reads and checks `config.toml` in `root`.
    pub fn load(root: &Path) -> Result<Self, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            vec![Diagnostic::error(CONFIG_FILE, 1, 1).says(
                format!("cannot read the site settings: {e}"),
                "run pthv from the site's folder (the one with config.toml), or pass --root",
            )]
        })?;
        Self::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Self, Vec<Diagnostic>> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
            vec![
                Diagnostic::error(CONFIG_FILE, line, col)
                    .says(e.message().trim().to_string(), "see the comments in config.toml for the allowed settings"),
            ]
        })?;
        // The same text again, for where toml read each menu entry (inside its quotes).
        let menu: MenuSpans = toml::from_str(text).unwrap_or_default();
        config.menu_at = menu.menu.iter().map(|entry| line_col(text, entry.span().start + 1)).collect();
        let problems = config.problems(text);
        if problems.is_empty() { Ok(config) } else { Err(problems) }
    }

    fn problems(&self, text: &str) -> Vec<Diagnostic> {
        let at = |key: &str| {
            let offset = text.find(key).unwrap_or(0);
            let (line, col) = line_col(text, offset);
            Diagnostic::error(CONFIG_FILE, line, col)
        };
        let mut problems = Vec::new();
        if let Err(why) = BaseUrl::parse(&self.base_url) {
            problems.push(at("base_url").says(why, "write the full address, e.g. base_url = \"https://example.org/\""));
        }
        if self.languages.is_empty() {
            problems.push(
                at("languages").says(
                    "no language is listed",
                    "add a [[languages]] block with code = \"en\" and name = \"English\"",
                ),
            );
        }
        let mut seen = std::collections::BTreeSet::new();
        for lang in &self.languages {
            let valid = !lang.code.is_empty()
                && lang.code.split('-').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
            if !valid {
                problems.push(at(&lang.code).says(
                    format!("`{}` is not a language code", lang.code),
                    "use a code such as \"en\", \"es\" or \"vi\"",
                ));
            }
            if !seen.insert(&lang.code) {
                problems.push(at(&lang.code).says(
                    format!("the language `{}` is listed twice", lang.code),
                    "keep one [[languages]] block per language",
                ));
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_sub_path() {
        let b = BaseUrl::parse("https://example.org/pthv").unwrap();
        assert_eq!(b.url, "https://example.org/pthv/");
        assert_eq!(b.path, "/pthv/");
        assert_eq!(b.link("es/"), "/pthv/es/");
        let root = BaseUrl::parse("http://127.0.0.1:1111").unwrap();
        assert_eq!(root.url, "http://127.0.0.1:1111/");
        assert_eq!(root.path, "/");
    }

    #[test]
    fn base_url_rejects_non_addresses() {
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
        assert!(BaseUrl::parse("https://a.org/?x=1").is_err());
    }

    #[test]
    fn unknown_setting_names_its_line() {
        let err = Config::parse(
            "base_url = \"https://a.org/\"\nthem = \"x\"\n[[languages]]\ncode=\"en\"\nname=\"English\"\n",
        )
        .unwrap_err();
        assert_eq!(err[0].line, 2, "{}", err[0]);
        assert!(err[0].message.contains("them"), "{}", err[0]);
    }
}
