//! Messages for the people who edit the site: every problem names a file, a line and a
//! column, says what is wrong and how to fix it.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the site's files.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Diagnostic {
    /// Path relative to the site's root folder, as the editor sees it.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
    pub severity: Severity,
    pub message: String,
    pub fix: String,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, line: usize, col: usize) -> DiagnosticBuilder {
        DiagnosticBuilder { file: file.into(), line, col, severity: Severity::Error }
    }

    pub fn warning(file: impl Into<PathBuf>, line: usize, col: usize) -> DiagnosticBuilder {
        DiagnosticBuilder { severity: Severity::Warning, ..Self::error(file, line, col) }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Keeps call sites short: `Diagnostic::error(file, 3, 1).says("…", "…")`.
pub struct DiagnosticBuilder {
    file: PathBuf,
    line: usize,
    col: usize,
    severity: Severity,
}

impl DiagnosticBuilder {
    pub fn says(self, message: impl Into<String>, fix: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: self.file,
            line: self.line,
            col: self.col,
            severity: self.severity,
            message: message.into(),
            fix: fix.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}:{}: {kind}: {} — {}", display_path(&self.file), self.line, self.col, self.message, self.fix)
    }
}

/// Forward slashes on every system, so messages and tests read the same everywhere.
pub fn display_path(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// All the problems of one build, sorted by place so the output is stable.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    /// Sorted by file and place, with exact repeats (one template mistake seen from
    /// every page) dropped.
    pub fn sorted(mut self) -> Self {
        self.0.sort();
        self.0.dedup();
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Line and column (both 1-based, column in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The closest of `candidates` to a misspelled `word`, if one is close enough to be
/// what the editor meant.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_characters() {
        let text = "ab\ncañón x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 7));
    }

    #[test]
    fn suggests_only_close_words() {
        assert_eq!(did_you_mean("titel", ["title", "slug"]), Some("title"));
        assert_eq!(did_you_mean("colour", ["title", "slug"]), None);
    }

    #[test]
    fn display_names_file_line_and_fix() {
        let d = Diagnostic::error("content/en/a.md", 3, 5).says("bad", "do this");
        assert_eq!(d.to_string(), "content/en/a.md:3:5: error: bad — do this");
    }
}
