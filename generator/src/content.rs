//! Loading stage: reads every markdown file under `content/<lang>/` and parses its
//! settings. Nothing here knows about addresses or templates.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, display_path};
use crate::front_matter::{self, FrontMatter};

pub const CONTENT_DIR: &str = "content";
/// A folder's own page: its title, its introduction, and the list of its pages.
pub const SECTION_FILE: &str = "_index.md";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Section,
    Page,
}

/// One markdown file, loaded and with its settings checked.
#[derive(Debug, Clone)]
pub struct Document {
    pub lang: String,
    /// Path inside the language folder, with `/`: `training/first-visit.md`. The same
    /// key in two languages means the two files translate each other.
    pub key: String,
    /// Path from the site root, for messages: `content/es/training/first-visit.md`.
    pub file: PathBuf,
    pub kind: Kind,
    pub front: FrontMatter,
    /// The whole file, so that offsets in the body map to the file's lines.
    pub text: String,
    pub body_offset: usize,
}

impl Document {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// The folder a section describes, or the folder a page lives in: `training/`
    /// (empty for the language's root).
    pub fn dir(&self) -> &str {
        self.key.rfind('/').map_or("", |i| &self.key[..=i])
    }

    /// The key of the section this document belongs to; `None` for a language's home.
    pub fn parent_key(&self) -> Option<String> {
        let dir = match self.kind {
            Kind::Page => self.dir(),
            Kind::Section => {
                if self.key == SECTION_FILE {
                    return None;
                }
                let own = self.dir().trim_end_matches('/');
                own.rfind('/').map_or("", |i| &own[..=i])
            }
        };
        Some(format!("{dir}{SECTION_FILE}"))
    }

    /// The last part of the page's address.
    pub fn slug(&self) -> String {
        if let Some(slug) = &self.front.slug {
            return slug.clone();
        }
        let name = match self.kind {
            Kind::Page => self.key.rsplit('/').next().unwrap_or(&self.key).trim_end_matches(".md"),
            Kind::Section => self.dir().trim_end_matches('/').rsplit('/').next().unwrap_or(""),
        };
        slug::slugify(name)
    }
}

/// Every document that loaded, and the keys of those that did not (so that links to
/// them are not reported a second time).
#[derive(Debug, Default)]
pub struct Content {
    pub docs: Vec<Document>,
    pub failed: BTreeSet<(String, String)>,
}

pub fn load(root: &Path, config: &Config) -> (Content, Vec<Diagnostic>) {
    let files: Vec<(String, PathBuf)> = config
        .languages
        .iter()
        .flat_map(|lang| {
            let dir = root.join(CONTENT_DIR).join(&lang.code);
            walkdir::WalkDir::new(&dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
                .map(|e| (lang.code.clone(), e.into_path()))
                .collect::<Vec<_>>()
        })
        .collect();

    let results: Vec<(String, String, Result<Document, Vec<Diagnostic>>)> = files
        .par_iter()
        .map(|(lang, path)| {
            let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
            let key = display_path(path.strip_prefix(root.join(CONTENT_DIR).join(lang)).unwrap_or(path));
            let doc = load_one(lang, &key, path, rel);
            (lang.clone(), key, doc)
        })
        .collect();

    let mut content = Content::default();
    let mut problems = Vec::new();
    for (lang, key, result) in results {
        match result {
            Ok(doc) if doc.front.draft => {}
            Ok(doc) => content.docs.push(doc),
            Err(ds) => {
                problems.extend(ds);
                content.failed.insert((lang, key));
            }
        }
    }
    (content, problems)
}

fn load_one(lang: &str, key: &str, path: &Path, file: PathBuf) -> Result<Document, Vec<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        vec![
            Diagnostic::error(&file, 1, 1)
                .says(format!("cannot read the file: {e}"), "check that the file exists and can be read"),
        ]
    })?;
    let text =
        String::from_utf8(bytes).map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            let ok = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or("");
            let (line, col) = crate::diagnostic::line_col(ok, offset);
            vec![Diagnostic::error(&file, line, col).says(
                "the file is not saved as UTF-8 text",
                "open it in your editor and save it with the UTF-8 encoding",
            )]
        })?;
    Document::parse(lang, key, file, text)
}

impl Document {
    /// A document from its file's text: the settings checked, the body located.
    pub fn parse(lang: &str, key: &str, file: PathBuf, text: String) -> Result<Self, Vec<Diagnostic>> {
        let split = front_matter::split(&file, &text).map_err(|d| vec![d])?;
        let front = front_matter::parse(&file, &text, &split)?;
        let body_offset = split.body_offset;
        let kind =
            if key == SECTION_FILE || key.ends_with(&format!("/{SECTION_FILE}")) { Kind::Section } else { Kind::Page };
        Ok(Document { lang: lang.to_string(), key: key.to_string(), file, kind, front, text, body_offset })
    }

    /// The same file with new text, as saved in an editor.
    pub fn with_text(&self, text: String) -> Result<Self, Vec<Diagnostic>> {
        Self::parse(&self.lang, &self.key, self.file.clone(), text)
    }
}
