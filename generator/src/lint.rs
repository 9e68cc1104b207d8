//! `pthv check`: what a build checks, plus what makes a page harder to read or find,
//! each with its place and its fix. Runs on the content files alone, so it is quick.

use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Document};
use crate::diagnostic::{Diagnostic, Diagnostics, line_col};
use crate::library::Library;

/// Search engines show about this many characters of a description.
pub const DESCRIPTION_MAX: usize = 160;

/// Link texts that say nothing about where a link goes, in the site's languages.
const VAGUE_LINK_TEXT: &[&str] = &[
    "click here",
    "here",
    "read more",
    "more",
    "link",
    "this link",
    "this page",
    "aquí",
    "aqui",
    "click aquí",
    "click aqui",
    "dé clic aquí",
    "pulse aquí",
    "ver más",
    "haga clic aquí",
    "haz clic aquí",
    "clic aquí",
    "leer más",
    "más",
    "este enlace",
    "enlace",
];

/// Every problem of the site: the build's own (errors) and the checks below.
pub fn check(root: &Path) -> Diagnostics {
    let mut all = Diagnostics::default();
    if let Err(problems) = crate::Site::load(root, None) {
        all.extend(problems.0);
    }
    let Ok(config) = Config::load(root) else { return all.sorted() };
    let (loaded, _) = content::load(root, &config);
    let (lib, _) = Library::link(&config, loaded);
    all.extend(missing_translations(&lib, &config));
    let per_doc: Vec<Vec<Diagnostic>> = lib.docs.par_iter().map(check_document).collect();
    all.extend(per_doc.into_iter().flatten());
    all.sorted()
}

fn missing_translations(lib: &Library, config: &Config) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (i, doc) in lib.docs.iter().enumerate() {
        for lang in &config.languages {
            if lang.code == doc.lang || lib.translations[i].iter().any(|&t| lib.docs[t].lang == lang.code) {
                continue;
            }
            found.push(Diagnostic::warning(&doc.file, 1, 1).says(
                format!("this page has no {} translation", lang.name),
                format!("create content/{}/{}: copy this file there and translate it", lang.code, doc.key),
            ));
        }
    }
    found
}

fn check_document(doc: &Document) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    match doc.front.description.as_deref().map(str::trim) {
        None | Some("") => found.push(Diagnostic::warning(&doc.file, 1, 1).says(
            "the page has no description",
            "add description = \"…\": one sentence that search engines and link previews show",
        )),
        Some(d) if d.chars().count() > DESCRIPTION_MAX => {
            let (line, col) = line_col(&doc.text, doc.text.find("description").unwrap_or(0));
            found.push(Diagnostic::warning(&doc.file, line, col).says(
                format!(
                    "the description is {} characters long; search engines cut it after about {DESCRIPTION_MAX}",
                    d.chars().count()
                ),
                "shorten it to one sentence",
            ));
        }
        _ => {}
    }

    let at = |offset: usize| line_col(&doc.text, doc.body_offset + offset);
    // The page's title is its only level-1 heading; the body starts at level 2.
    let mut previous = HeadingLevel::H1;
    // An open link: where it starts, where it points, and its text so far.
    let mut link: Option<(usize, String, String)> = None;
    for (event, range) in Parser::new_ext(doc.body(), crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let (line, col) = at(range.start);
                if level == HeadingLevel::H1 {
                    found.push(Diagnostic::error(&doc.file, line, col).says(
                        "a heading of level 1 (#) in the text: the title is already the page's level-1 heading",
                        "start the text's headings at level 2: ## Heading",
                    ));
                } else if level as usize > previous as usize + 1 {
                    let wanted = "#".repeat(previous as usize + 1);
                    found.push(Diagnostic::error(&doc.file, line, col).says(
                        format!("this heading skips from level {} to level {}", previous as usize, level as usize),
                        format!("use {wanted} here, so screen readers can follow the outline"),
                    ));
                }
                previous = level;
            }
            Event::Start(Tag::Link { dest_url, .. }) => link = Some((range.start, dest_url.to_string(), String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = &mut link {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((start, dest, text)) = link.take() {
                    let said = text.trim().trim_end_matches(['.', ':']).to_lowercase();
                    let (line, col) = at(start);
                    if VAGUE_LINK_TEXT.contains(&said.as_str()) {
                        found.push(Diagnostic::error(&doc.file, line, col).says(
                            format!("the link text \"{}\" does not say where the link goes", text.trim()),
                            "use words that name the destination, e.g. [the visit request form](@/request.md)",
                        ));
                    } else if said == dest.to_lowercase()
                        || said.starts_with("http://")
                        || said.starts_with("https://")
                        || said.starts_with("www.")
                    {
                        found.push(Diagnostic::error(&doc.file, line, col).says(
                            format!("the link text is a bare address ({})", text.trim()),
                            format!("name the destination instead: [The Commons]({dest})"),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    found
}
