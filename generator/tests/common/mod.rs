//! A copy of the fixture site in a temporary folder, to build as it is or with a
//! mistake written into one file.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use pthv_generator::{BuildOptions, Diagnostics};

pub const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/site");

pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn copy() -> Self {
        let dir = tempfile::tempdir().unwrap();
        for entry in walkdir::WalkDir::new(FIXTURE) {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(FIXTURE).unwrap();
            let to = dir.path().join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        Self { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.root().join(rel)).unwrap();
        self
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn build_with(&self, base_url: Option<&str>) -> Result<pthv_generator::BuildReport, Diagnostics> {
        pthv_generator::build(&BuildOptions {
            root: self.root().to_path_buf(),
            out: self.out(),
            base_url: base_url.map(str::to_string),
        })
    }

    pub fn build(&self) -> pthv_generator::BuildReport {
        self.build_with(None).unwrap_or_else(|d| panic!("the fixture should build:\n{d}"))
    }

    pub fn errors(&self) -> Diagnostics {
        match self.build_with(None) {
            Ok(_) => panic!("the build should have failed"),
            Err(d) => d,
        }
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}
