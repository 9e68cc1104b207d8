//! `content/data/*.toml`: figures, schools and other facts staff keep in one place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::context::toml_to_json;
use crate::diagnostic::{Diagnostic, display_path, line_col};

pub const DATA_DIR: &str = "content/data";

pub fn load(root: &Path) -> (BTreeMap<String, serde_json::Value>, Vec<Diagnostic>) {
    let mut files = BTreeMap::new();
    let mut problems = Vec::new();
    let dir = root.join(DATA_DIR);
    for entry in walkdir::WalkDir::new(&dir).max_depth(1).sort_by_file_name().into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let rel = PathBuf::from(DATA_DIR).join(path.file_name().unwrap_or_default());
        let name = path.file_stem().unwrap_or_default().to_string_lossy().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                problems.push(
                    Diagnostic::error(&rel, 1, 1)
                        .says(format!("cannot read {}: {e}", display_path(&rel)), "save the file as UTF-8 text"),
                );
                continue;
            }
        };
        match toml::from_str::<toml::Table>(&text) {
            Ok(table) => {
                files.insert(name, toml_to_json(&toml::Value::Table(table)));
            }
            Err(e) => {
                let (line, col) = e.span().map_or((1, 1), |s| line_col(&text, s.start));
                problems.push(Diagnostic::error(&rel, line, col).says(
                    format!("the data cannot be read: {}", e.message().lines().next().unwrap_or("").trim()),
                    "write each value as name = value, text in double quotes, lists in [ ]",
                ));
            }
        }
    }
    (files, problems)
}
