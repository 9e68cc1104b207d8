//! `pthv new PATH`: a new page in every language, with settings that build, marked as
//! a draft until its author says it is ready. Never overwrites a file.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{CONTENT_DIR, SECTION_FILE};
use crate::diagnostic::{Diagnostic, display_path};

/// Creates the page `path` (inside each language folder, e.g. `training/home-safety.md`;
/// `content/en/…` is accepted too) in every language. Returns the files written.
pub fn new_page(root: &Path, config: &Config, path: &str) -> Result<Vec<PathBuf>, Diagnostic> {
    let key = key_of(config, path)?;
    let stem = key.rsplit('/').next().unwrap_or(&key).trim_end_matches(".md");
    let title =
        title_from(if stem == "_index" { key.trim_end_matches(SECTION_FILE).trim_end_matches('/') } else { stem });
    let dir = key.rfind('/').map_or("", |i| &key[..=i]);

    let mut planned = Vec::new();
    for (n, lang) in config.languages.iter().enumerate() {
        let rel = PathBuf::from(CONTENT_DIR).join(&lang.code).join(&key);
        if root.join(&rel).exists() {
            return Err(Diagnostic::error(&rel, 1, 1)
                .says("this page exists already", "choose another name, or edit the existing file"));
        }
        let section = format!("{dir}{SECTION_FILE}");
        if !dir.is_empty() && key != section && !root.join(CONTENT_DIR).join(&lang.code).join(&section).exists() {
            return Err(Diagnostic::error(&rel, 1, 1).says(
                format!("the folder content/{}/{dir} has no {SECTION_FILE} yet", lang.code),
                format!("create the section first: pthv new {section}"),
            ));
        }
        let reminder = if n == 0 {
            "# Write the page below, then delete the draft line to publish it.".to_string()
        } else {
            format!(
                "# The {} version of content/{}/{key}: translate the title and the text, give it an\n# address in {} with slug = \"…\", then delete the draft line.",
                lang.name,
                config.default_language().code,
                lang.name
            )
        };
        let text = format!(
            "+++\n{reminder}\ntitle = \"{title}\"\ndescription = \"One sentence about this page, for search engines and link previews.\"\ndraft = true\n+++\n\nWrite the page here, in markdown. Link to other pages by their file, e.g. [the home page](@/_index.md).\n"
        );
        planned.push((rel, text));
    }
    let mut written = Vec::new();
    for (rel, text) in planned {
        let full = root.join(&rel);
        let result = full.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&full, text));
        result.map_err(|e| {
            Diagnostic::error(&rel, 1, 1).says(
                format!("cannot write {}: {e}", display_path(&rel)),
                "check that the content folder can be written",
            )
        })?;
        written.push(rel);
    }
    Ok(written)
}

fn key_of(config: &Config, path: &str) -> Result<String, Diagnostic> {
    let mut key = path.trim().replace('\\', "/");
    key = key.trim_start_matches("./").to_string();
    if let Some(rest) = key.strip_prefix(&format!("{CONTENT_DIR}/")) {
        let (lang, rest) = rest.split_once('/').unwrap_or((rest, ""));
        if config.language(lang).is_some() {
            key = rest.to_string();
        }
    }
    if !key.ends_with(".md") {
        key.push_str(if key.ends_with('/') || key.is_empty() { SECTION_FILE } else { ".md" });
    }
    let valid = key.split('/').all(|part| {
        let part = part.trim_end_matches(".md");
        part == "_index" || crate::front_matter::is_slug(part)
    });
    if !valid {
        // The same name made usable: `Nueva Página.md` → `nueva-pagina.md`.
        let usable: Vec<String> = key
            .trim_end_matches(".md")
            .split('/')
            .map(|part| if part == "_index" { part.to_string() } else { slug::slugify(part) })
            .filter(|part| !part.is_empty())
            .collect();
        let fix = if usable.is_empty() {
            "use lowercase letters, digits and hyphens, with / between folders, e.g. training/home-safety.md"
                .to_string()
        } else {
            format!("use lowercase letters, digits and hyphens, with / between folders: {}.md", usable.join("/"))
        };
        return Err(Diagnostic::error(path, 1, 1).says(format!("`{path}` is not a page name the site can use"), fix));
    }
    Ok(key)
}

/// `home-safety` → `Home safety`.
fn title_from(name: &str) -> String {
    let words = name.rsplit('/').next().unwrap_or(name).replace('-', " ");
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().collect::<String>() + chars.as_str())
}
