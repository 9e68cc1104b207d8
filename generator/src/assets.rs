//! Static files of the theme and the site. Stylesheets get their content's hash in
//! their name, so browsers may cache them forever and still never see a stale one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, display_path};

#[derive(Debug, Default, Clone)]
pub struct Assets {
    /// Output path (relative, `/`-separated) → source file. The site's own files win
    /// over the theme's.
    pub files: BTreeMap<String, PathBuf>,
    /// Name as templates ask for it (`style.css`) → output path (`style.1a2b3c4d5e.css`).
    pub names: BTreeMap<String, String>,
}

impl Assets {
    pub fn load(root: &Path, config: &Config) -> (Self, Vec<Diagnostic>) {
        let mut assets = Self::default();
        let mut problems = Vec::new();
        let mut sources: BTreeMap<String, PathBuf> = BTreeMap::new();
        for dir in [root.join("themes").join(&config.theme).join("static"), root.join("static")] {
            for entry in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
                if entry.file_type().is_file() {
                    let rel = display_path(entry.path().strip_prefix(&dir).unwrap_or(entry.path()));
                    sources.insert(rel, entry.into_path());
                }
            }
        }
        for (name, src) in sources {
            let out = if name.ends_with(".css") {
                match std::fs::read(&src) {
                    Ok(bytes) => fingerprinted(&name, &bytes),
                    Err(e) => {
                        problems.push(
                            Diagnostic::error(src.strip_prefix(root).unwrap_or(&src), 1, 1)
                                .says(format!("cannot read the file: {e}"), "check that the file can be read"),
                        );
                        continue;
                    }
                }
            } else {
                name.clone()
            };
            // The request service's own pages (thank you, problems) cannot know the
            // fingerprint, so stylesheets are also published under their plain name.
            if out != name {
                assets.files.insert(name.clone(), src.clone());
            }
            assets.names.insert(name, out.clone());
            assets.files.insert(out, src);
        }
        (assets, problems)
    }
}

/// `css/style.css` → `css/style.<10 hex digits of its SHA-256>.css`.
fn fingerprinted(name: &str, bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let hex: String = hash.iter().take(5).map(|b| format!("{b:02x}")).collect();
    let stem = name.trim_end_matches(".css");
    format!("{stem}.{hex}.css")
}

#[cfg(test)]
mod tests {
    #[test]
    fn fingerprint_follows_content() {
        let a = super::fingerprinted("css/style.css", b"body{}");
        assert!(a.starts_with("css/style.") && a.ends_with(".css") && a.len() == "css/style..css".len() + 10, "{a}");
        assert_ne!(a, super::fingerprinted("css/style.css", b"body{color:red}"));
    }
}
