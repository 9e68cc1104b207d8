//! Writing the built site: into a staging folder beside the output folder, which
//! replaces the output folder only once everything is written.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, display_path};

pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
}

impl Staging {
    pub fn new(root: &Path, out: &Path) -> Result<Self, Diagnostic> {
        let fail = |what: &str, e: std::io::Error| {
            Diagnostic::error(display_path(out), 1, 1).says(
                format!("{what}: {e}"),
                "check that the output folder can be written, or choose another with --out",
            )
        };
        let name = out.file_name().ok_or_else(|| {
            Diagnostic::error(display_path(out), 1, 1).says(
                "this is not a folder the site can be written to",
                "choose another folder with --out, such as public",
            )
        })?;
        if out.exists() {
            let root_abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
            let out_abs = std::fs::canonicalize(out).map_err(|e| fail("cannot find the output folder", e))?;
            if root_abs.starts_with(&out_abs) {
                return Err(Diagnostic::error(display_path(out), 1, 1).says(
                    "the output folder holds the site's own files, and building would delete them",
                    "choose another folder with --out, such as public",
                ));
            }
        }
        let dir = out.with_file_name(format!(".{}.building", name.to_string_lossy()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| fail("cannot clear an earlier unfinished build", e))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| fail("cannot create the output folder", e))?;
        Ok(Self { out: out.to_path_buf(), dir })
    }

    fn problem(&self, path: &str, e: std::io::Error) -> Diagnostic {
        Diagnostic::error(display_path(&self.out.join(path)), 1, 1).says(
            format!("cannot write the file: {e}"),
            "check that the output folder can be written and the disk is not full",
        )
    }

    fn target(&self, path: &str) -> Result<PathBuf, Diagnostic> {
        let to = self.dir.join(path);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| self.problem(path, e))?;
        }
        Ok(to)
    }

    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        std::fs::write(self.target(path)?, bytes).map_err(|e| self.problem(path, e))
    }

    pub fn copy(&self, path: &str, src: &Path) -> Result<(), Diagnostic> {
        std::fs::copy(src, self.target(path)?).map(|_| ()).map_err(|e| self.problem(path, e))
    }

    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    /// Puts the new site in place of the old one.
    pub fn publish(self) -> Result<(), Diagnostic> {
        let fail = |e: std::io::Error| {
            Diagnostic::error(display_path(&self.out), 1, 1).says(
                format!("cannot replace the output folder: {e}"),
                "close programs that use files in it, then build again",
            )
        };
        let old = self.dir.with_extension("old");
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(fail)?;
        }
        if self.out.exists() {
            std::fs::rename(&self.out, &old).map_err(fail)?;
        }
        std::fs::rename(&self.dir, &self.out).map_err(fail)?;
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(fail)?;
        }
        Ok(())
    }
}
