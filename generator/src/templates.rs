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

/// A template's file (relative to the site root) and text, kept for messages.
#[derive(Debug, Clone)]
pub struct Source {
    pub file: PathBuf,
    pub text: String,
}

/// Template name → where it came from.
pub type Sources = BTreeMap<String, Source>;

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
                sources.insert(name, Source { file: rel, text: String::new() });
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
    for (name, source) in &mut sources {
        match std::fs::read_to_string(root.join(&source.file)) {
            Ok(text) => {
                if let Err(e) = tera::Template::new(name, None, &text) {
                    problems.push(template_problem(&source.file, &e));
                }
                raw.push((name.clone(), text.clone()));
                source.text = text;
            }
            Err(e) => problems.push(
                Diagnostic::error(&source.file, 1, 1)
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
        let file = sources.get(&name).map_or_else(|| theme_dir_file(config), |s| s.file.clone());
        vec![template_problem(&file, &e)]
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

/// A problem met while rendering, which tera does not locate: placed where the template
/// (or one it extends or includes) first writes the name the message quotes in
/// backticks, such as `page.titel`.
pub fn render_problem(e: &tera::Error, sources: &Sources, rendering: &str) -> Diagnostic {
    let culprit = mentioned_template(e, sources);
    let text = error_chain(e);
    let quoted = text.split('`').nth(1).filter(|q| !q.is_empty());
    let candidates = [culprit.as_str(), rendering].into_iter().filter_map(|n| sources.get(n)).chain(sources.values());
    let mut fallback = None;
    for source in candidates {
        fallback.get_or_insert(source);
        if let Some(offset) = quoted.and_then(|q| source.text.find(q)) {
            let (line, col) = crate::diagnostic::line_col(&source.text, offset);
            let mut d = template_problem(&source.file, e);
            (d.line, d.col) = (line, col);
            return d;
        }
    }
    template_problem(&fallback.map_or_else(|| PathBuf::from(rendering), |s| s.file.clone()), e)
}

/// The template a tera error is about, when its message names one in quotes.
pub fn mentioned_template(e: &tera::Error, sources: &Sources) -> String {
    let text = error_chain(e);
    sources.keys().find(|name| text.contains(&format!("'{name}'"))).cloned().unwrap_or_default()
}
