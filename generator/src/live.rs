//! The site kept in memory for `pthv serve`, rebuilt as its files change. An edit to
//! the text of pages re-renders just those pages and the feeds; one to a page's title,
//! description or order also re-renders the pages that list it; a static file other
//! than a stylesheet needs no rendering at all; anything else (site settings,
//! templates, strings, data, a page added, removed, moved or drafted) reloads the whole
//! site, as a build would.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::assets::Assets;
use crate::content::{CONTENT_DIR, Document};
use crate::diagnostic::Diagnostics;
use crate::site::Site;

/// A rendered file's bytes, shared with whoever serves them.
pub type Bytes = Arc<[u8]>;

pub struct LiveSite {
    root: PathBuf,
    base_url: String,
    site: Site,
    /// Rendered files by their path in the site: `es/formacion/index.html`.
    files: HashMap<String, Bytes>,
    /// Files changed since the last good build. A failed rebuild keeps them, so the one
    /// after it still covers every file that changed.
    pending: BTreeSet<PathBuf>,
}

/// What a rebuild had to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Only pages whose text changed were rendered again.
    Pages,
    /// Only static files changed; nothing was rendered.
    Assets,
    /// The whole site was loaded and rendered again.
    Site,
}

#[derive(Debug)]
pub struct Rebuilt {
    pub scope: Scope,
    /// Pages rendered.
    pub rendered: usize,
    /// Files whose content is not what it was.
    pub changed: Vec<String>,
    pub elapsed: Duration,
}

/// How a changed file touches the site.
enum Touch {
    /// A markdown page (its path from the site root).
    Page(PathBuf),
    Asset,
    Site,
    /// Not a file the build reads: an editor's backup, the staff guide.
    Nothing,
}

impl LiveSite {
    pub fn build(root: &Path, base_url: &str) -> Result<Self, Diagnostics> {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let site = Site::load(&root, Some(base_url))?;
        let files = into_bytes(site.render_all()?);
        Ok(Self { root, base_url: base_url.to_string(), site, files, pending: BTreeSet::new() })
    }

    /// The site's folder, as the watcher should name it.
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn files(&self) -> &HashMap<String, Bytes> {
        &self.files
    }

    /// Static files: path in the site → the file to send.
    pub fn assets(&self) -> &BTreeMap<String, PathBuf> {
        &self.site.assets.files
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Whether a change to `path` can change the site: editors' swap and backup files,
    /// and anything outside the folders a build reads, cannot.
    pub fn affected_by(&self, path: &Path) -> bool {
        !matches!(self.touch(path), Touch::Nothing)
    }

    /// Brings the site up to date with the files in `changed` (and any from a failed
    /// rebuild before). On failure the last good site stays as it was.
    pub fn rebuild(&mut self, changed: impl IntoIterator<Item = PathBuf>) -> Result<Rebuilt, Diagnostics> {
        let started = Instant::now();
        let changed: Vec<PathBuf> = changed.into_iter().filter(|p| self.affected_by(p)).collect();
        self.pending.extend(changed);
        let touches: Vec<Touch> = self.pending.iter().map(|p| self.touch(p)).collect();
        let mut pages = Vec::new();
        let mut assets = false;
        let mut whole_site = false;
        for touch in touches {
            match touch {
                Touch::Page(file) => pages.push(file),
                Touch::Asset => assets = true,
                Touch::Site => whole_site = true,
                Touch::Nothing => {}
            }
        }
        let (scope, rendered, changed) = if whole_site {
            self.reload()?
        } else {
            let mut outcome = (Scope::Assets, 0, Vec::new());
            if assets && !self.update_assets()? {
                outcome = self.reload()?;
            } else if !pages.is_empty() {
                outcome = match self.edited_documents(&pages) {
                    Some(edited) => self.rerender(edited)?,
                    None => self.reload()?,
                };
            }
            outcome
        };
        self.pending.clear();
        Ok(Rebuilt { scope, rendered, changed, elapsed: started.elapsed() })
    }

    fn touch(&self, path: &Path) -> Touch {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        let name = rel.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        // Vim, Emacs and others write these beside the file being edited.
        if name.starts_with('.') || name.starts_with('#') || name.ends_with('~') || name.ends_with(".swp") {
            return Touch::Nothing;
        }
        let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
        let first = parts.next().unwrap_or_default();
        let second = parts.next().unwrap_or_default();
        let theme = &self.site.config.theme;
        match first.as_ref() {
            "config.toml" => Touch::Site,
            CONTENT_DIR if self.site.config.languages.iter().any(|l| l.code == second) => {
                if name.ends_with(".md") {
                    Touch::Page(rel.to_path_buf())
                } else {
                    Touch::Nothing
                }
            }
            CONTENT_DIR if second == "data" => Touch::Site,
            "static" => Touch::Asset,
            "themes" if second == theme.as_str() && parts.next().is_some_and(|p| p == "static") => Touch::Asset,
            "themes" if second == theme.as_str() => Touch::Site,
            "templates" => Touch::Site,
            _ => Touch::Nothing,
        }
    }

    /// The new version of each changed page, if every one of them is a published page
    /// that keeps its address, template and feed; otherwise the site must be reloaded
    /// (which also reports settings that do not parse).
    fn edited_documents(&self, files: &[PathBuf]) -> Option<Vec<(usize, Document)>> {
        let docs = &self.site.lib.docs;
        files
            .iter()
            .map(|file| {
                let i = docs.iter().position(|d| d.file == *file)?;
                let text = std::fs::read_to_string(self.root.join(file)).ok()?;
                let (old, new) = (&docs[i].front, docs[i].with_text(text).ok()?);
                let same_place = new.front.slug == old.slug && new.front.template == old.template;
                (same_place && new.front.feed == old.feed && !new.front.draft).then_some((i, new))
            })
            .collect()
    }

    fn rerender(&mut self, edited: Vec<(usize, Document)>) -> Result<(Scope, usize, Vec<String>), Diagnostics> {
        let docs = self.site.replace_documents(edited)?;
        let site = &self.site;
        let pages: Vec<Result<(String, String), _>> = docs.par_iter().map(|&i| site.render_page(i)).collect();
        let mut files = pages.into_iter().collect::<Result<Vec<_>, _>>().map_err(|d| Diagnostics(vec![d]))?;
        files.extend(self.site.render_extras().map_err(Diagnostics)?);
        let changed = files.into_iter().filter_map(|(path, text)| self.put(path, text.into_bytes())).collect();
        Ok((Scope::Pages, docs.len(), changed))
    }

    /// Reads the static files again; false when a stylesheet's fingerprint changed, so
    /// the pages that link to it must be rendered again.
    fn update_assets(&mut self) -> Result<bool, Diagnostics> {
        let (assets, problems) = Assets::load(&self.root, &self.site.config);
        if !problems.is_empty() {
            return Err(Diagnostics(problems));
        }
        if assets.names != self.site.assets.names {
            return Ok(false);
        }
        self.site.assets = assets;
        Ok(true)
    }

    fn reload(&mut self) -> Result<(Scope, usize, Vec<String>), Diagnostics> {
        let site = Site::load(&self.root, Some(&self.base_url))?;
        let rendered = into_bytes(site.render_all()?);
        let mut changed: Vec<String> = rendered
            .iter()
            .filter(|(path, bytes)| self.files.get(*path) != Some(*bytes))
            .map(|(path, _)| path.clone())
            .collect();
        changed.extend(self.files.keys().filter(|p| !rendered.contains_key(*p)).cloned());
        changed.sort();
        let pages = site.lib.docs.len();
        self.site = site;
        self.files = rendered;
        Ok((Scope::Site, pages, changed))
    }

    /// Keeps a rendered file; returns its path if its content changed.
    fn put(&mut self, path: String, bytes: Vec<u8>) -> Option<String> {
        if self.files.get(&path).is_some_and(|old| **old == *bytes) {
            return None;
        }
        self.files.insert(path.clone(), bytes.into());
        Some(path)
    }
}

fn into_bytes(files: Vec<(String, String)>) -> HashMap<String, Bytes> {
    files.into_iter().map(|(path, text)| (path, Bytes::from(text.into_bytes()))).collect()
}
