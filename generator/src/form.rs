//! The visit-request form's definition (`content/data/visit-request.toml` and
//! `schools.toml`), checked at every build with the site's languages, so a mistake in
//! it stops the build with its place instead of breaking the live form.

use std::path::Path;

use pthv_form::Schema;
use pthv_form::schema::{SCHEMA_FILE, SCHOOLS_FILE};

use crate::config::Config;
use crate::diagnostic::Diagnostic;

/// `None` when the site has no form.
pub fn load(root: &Path, config: &Config) -> (Option<Schema>, Vec<Diagnostic>) {
    let Ok(schema) = std::fs::read_to_string(root.join(SCHEMA_FILE)) else {
        return (None, Vec::new());
    };
    let schools = match std::fs::read_to_string(root.join(SCHOOLS_FILE)) {
        Ok(s) => s,
        Err(e) => {
            let d = Diagnostic::error(SCHOOLS_FILE, 1, 1).says(
                format!("cannot read the list of schools: {e}"),
                "create it with a [[schools]] block for each school: id = \"…\", name = \"…\"",
            );
            return (None, vec![d]);
        }
    };
    let languages: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    match Schema::parse(&schema, &schools, &languages) {
        Ok(s) => (Some(s), Vec::new()),
        Err(errors) => (
            None,
            errors.into_iter().map(|e| Diagnostic::error(e.file, e.line, e.col).says(e.message, e.fix)).collect(),
        ),
    }
}
