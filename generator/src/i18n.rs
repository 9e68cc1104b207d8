//! The words of the interface (menu labels, buttons, the skip link) in every language,
//! from `themes/<theme>/i18n/<lang>.toml`, overridable by the site's own `i18n/`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, display_path, line_col};

/// Language code → key → text.
#[derive(Debug, Default, Clone)]
pub struct Strings(pub HashMap<String, BTreeMap<String, String>>);

impl Strings {
    pub fn get(&self, lang: &str, key: &str) -> Option<&str> {
        self.0.get(lang)?.get(key).map(String::as_str)
    }

    pub fn load(root: &Path, config: &Config) -> (Self, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut strings = HashMap::new();
        let theme_dir = PathBuf::from("themes").join(&config.theme).join("i18n");
        for lang in &config.languages {
            let name = format!("{}.toml", lang.code);
            let mut table = BTreeMap::new();
            let mut found = false;
            for rel in [theme_dir.join(&name), PathBuf::from("i18n").join(&name)] {
                let Ok(text) = std::fs::read_to_string(root.join(&rel)) else {
                    continue;
                };
                found = true;
                match toml::from_str::<BTreeMap<String, String>>(&text) {
                    Ok(t) => table.extend(t),
                    Err(e) => {
                        let (line, col) = e.span().map_or((1, 1), |s| line_col(&text, s.start));
                        problems.push(Diagnostic::error(&rel, line, col).says(
                            format!("the strings cannot be read: {}", e.message().trim()),
                            "write each string as key = \"text\", one per line",
                        ));
                    }
                }
            }
            if !found {
                problems.push(Diagnostic::error(theme_dir.join(&name), 1, 1).says(
                    format!("there are no interface strings for {}", lang.name),
                    format!(
                        "copy {} to {} and translate each text",
                        display_path(&theme_dir.join(format!("{}.toml", config.default_language().code))),
                        display_path(&theme_dir.join(&name))
                    ),
                ));
            }
            strings.insert(lang.code.clone(), table);
        }

        let default = &config.default_language().code;
        let reference = strings.get(default).cloned().unwrap_or_default();
        for lang in config.languages.iter().skip(1) {
            let Some(table) = strings.get(&lang.code) else {
                continue;
            };
            let file = theme_dir.join(format!("{}.toml", lang.code));
            for key in reference.keys().filter(|k| !table.contains_key(*k)) {
                problems.push(Diagnostic::error(&file, 1, 1).says(
                    format!("the string `{key}` has no {} version", lang.name),
                    format!("add {key} = \"…\" to {}", display_path(&file)),
                ));
            }
        }
        (Self(strings), problems)
    }
}
