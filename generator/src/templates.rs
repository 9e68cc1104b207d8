//! Tera templates from `themes/<theme>/templates/`; a file of the same name in the
//! site's own `templates/` replaces the theme's. Template functions live in
//! `functions.rs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, display_path};

/// The sitemap and feeds follow a protocol, not a design: built in, yet a theme may
/// replace them.
const BUILT_IN: &[(&str, &str)] =
    &[("sitemap.xml", include_str!("sitemap.xml")), ("atom.xml", include_str!("atom.xml"))];

/// Template name → file it came from (relative to the site root), for messages.
pub type Sources = BTreeMap<String, PathBuf>;

pub fn load(root: &Path, config: &Config) -> Result<(Tera, Sources), Vec<Diagnostic>> {
    let mut sources = Sources::new();
    let theme_dir = PathBuf::from("themes").join(&config.theme).join("templates");
    if !root.join(&theme_dir).is_dir() {
        return Err(vec![Diagnostic::error(crate::config::CONFIG_FILE, 1, 1).says(
            format!("the theme `{}` has no templates folder ({})", config.theme, display_path(&theme_dir)),
            "set theme = \"default\" in config.toml, or create the theme's templates folder",
        )]);
    }
    for dir in [theme_dir, PathBuf::from("templates")] {
        for entry in walkdir::WalkDir::new(root.join(&dir)).sort_by_file_name().into_iter().filter_map(Result::ok) {
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
                let name = display_path(entry.path().strip_prefix(root.join(&dir)).unwrap_or(entry.path()));
                sources.insert(name, rel);
            }
        }
    }

    // Parse each file on its own first, so every broken template is reported, not
    // only the first.
    let mut problems = Vec::new();
    let mut raw = Vec::new();
    for (name, text) in BUILT_IN.iter().filter(|(name, _)| !sources.contains_key(*name)) {
        raw.push((name.to_string(), text.to_string()));
    }
    for (name, rel) in &sources {
        match std::fs::read_to_string(root.join(rel)) {
            Ok(text) => {
                if let Err(e) = tera::Template::new(name, None, &text) {
                    problems.push(template_problem(rel, &e));
                }
                raw.push((name.clone(), text));
            }
            Err(e) => problems.push(
                Diagnostic::error(rel, 1, 1)
                    .says(format!("cannot read the template: {e}"), "check that the file is UTF-8 text"),
            ),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Escapes what HTML and XML need, and no more, so addresses keep their slashes.
    tera.set_escape_fn(pthv_form::render::escape);
    // Whole-set problems: a parent template that does not exist, and the like.
    tera.add_raw_templates(raw).map_err(|e| {
        let name = mentioned_template(&e, &sources);
        vec![template_problem(&sources.get(&name).cloned().unwrap_or(theme_dir_file(config)), &e)]
    })?;
    Ok((tera, sources))
}

fn theme_dir_file(config: &Config) -> PathBuf {
    PathBuf::from("themes").join(&config.theme).join("templates")
}

/// Tera's error and its causes on one line.
pub fn error_chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Turns a tera error into a located message; tera gives `--> line:col` for syntax.
pub fn template_problem(file: &Path, e: &tera::Error) -> Diagnostic {
    let text = error_chain(e);
    let (line, col) = text
        .split("--> ")
        .nth(1)
        .and_then(|rest| {
            let mut nums = rest.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty());
            Some((nums.next()?.parse().ok()?, nums.next()?.parse().ok()?))
        })
        .unwrap_or((1, 1));
    // A syntax error reads `--> 4:27 | 4 | source | ^--- | = expected …`: keep the
    // expectation, the place is in line and col already.
    let message = match text.rsplit_once("| = ") {
        Some((_, expected)) if text.contains("--> ") => expected.trim().to_string(),
        _ => text.trim().to_string(),
    };
    let fix = if text.contains("--> ") {
        "check the {{ }} and {% %} tags near this line; every {% block %}, {% if %} and {% for %} needs its {% end… %}"
    } else {
        "check the names this template uses: the values a page offers are listed in themes/README.md"
    };
    Diagnostic::error(file, line, col).says(format!("template problem: {message}"), fix)
}

/// The template a tera error is about, when its message names one in quotes.
pub fn mentioned_template(e: &tera::Error, sources: &Sources) -> String {
    let text = error_chain(e);
    sources.keys().find(|name| text.contains(&format!("'{name}'"))).cloned().unwrap_or_default()
}
