//! `pthv check`: each check on a fixture page written to break it, asserting the file,
//! the line and the fix.

mod common;

use common::Site;
use pthv_generator::{Diagnostics, Severity, lint};

#[track_caller]
fn expect(found: &Diagnostics, file: &str, line: usize, severity: Severity, message: &str, fix: &str) {
    let ok = found.0.iter().any(|d| {
        pthv_generator::diagnostic::display_path(&d.file) == file
            && d.line == line
            && d.severity == severity
            && d.message.contains(message)
            && d.fix.contains(fix)
    });
    assert!(ok, "expected {file}:{line} {severity:?} …{message}… — …{fix}…; got:\n{found}");
}

const PAGE: &str = "content/en/about.md";
const HEAD: &str = "+++\ntitle = \"About\"\ndescription = \"What a visit is.\"\n+++\n";

#[test]
fn a_page_without_translation_is_a_warning_naming_the_missing_file() {
    let site = Site::copy();
    let found = lint::check(site.root());
    expect(
        &found,
        "content/en/only-english.md",
        1,
        Severity::Warning,
        "no Español translation",
        "create content/es/only-english.md",
    );
    assert!(!found.has_errors(), "{found}");
}

#[test]
fn link_text_that_says_nothing() {
    let site = Site::copy();
    site.write(
        PAGE,
        &format!(
            "{HEAD}\nFor the form, [click here](@/training/_index.md).\n\n[Aquí](@/training/_index.md)\n\n[Click aquí](@/training/_index.md)\n"
        ),
    );
    let found = lint::check(site.root());
    expect(&found, PAGE, 6, Severity::Error, "\"click here\" does not say where", "name the destination");
    expect(&found, PAGE, 8, Severity::Error, "\"Aquí\"", "");
    expect(&found, PAGE, 10, Severity::Error, "\"Click aquí\"", "");
}

#[test]
fn a_bare_address_as_link_text() {
    let site = Site::copy();
    site.write(
        PAGE,
        &format!("{HEAD}\nSee <https://thecommons.example.org/> and [www.example.org](https://www.example.org/).\n"),
    );
    let found = lint::check(site.root());
    expect(&found, PAGE, 6, Severity::Error, "bare address", "[The Commons](https://thecommons.example.org/)");
    assert_eq!(found.errors().filter(|d| d.message.contains("bare address")).count(), 2, "{found}");
}

#[test]
fn skipped_heading_levels_and_a_second_title() {
    let site = Site::copy();
    site.write(PAGE, &format!("{HEAD}\n# About again\n\n## Part\n\n#### Detail\n"));
    let found = lint::check(site.root());
    expect(&found, PAGE, 6, Severity::Error, "level 1", "## Heading");
    expect(&found, PAGE, 10, Severity::Error, "skips from level 2 to level 4", "use ### here");
}

#[test]
fn missing_and_overlong_descriptions() {
    let site = Site::copy();
    site.write(PAGE, "+++\ntitle = \"About\"\n+++\nText.\n");
    let long = "word ".repeat(40);
    site.write(
        "content/es/about.md",
        &format!("+++\ntitle = \"Sobre\"\nslug = \"acerca\"\ndescription = \"{long}\"\n+++\n"),
    );
    let found = lint::check(site.root());
    expect(&found, PAGE, 1, Severity::Warning, "no description", "description = ");
    expect(&found, "content/es/about.md", 4, Severity::Warning, "199 characters", "shorten");
}

#[test]
fn build_problems_are_reported_too_with_suggestions() {
    let site = Site::copy();
    site.write(PAGE, &format!("{HEAD}\n[the model](@/training/modle.md)\n"));
    site.write("content/en/training/safety.md", "+++\ntitle = \"Safety\"\ndate = \"next week\"\n+++\n");
    let found = lint::check(site.root());
    expect(&found, PAGE, 6, Severity::Error, "no page", "did you mean @/training/model.md?");
    expect(&found, "content/en/training/safety.md", 3, Severity::Error, "`date`", "2024-05-01");
}

#[test]
fn the_report_reads_as_json_for_tools() {
    let site = Site::copy();
    site.write(PAGE, &format!("{HEAD}\n[here](@/training/_index.md)\n"));
    let found = lint::check(site.root());
    let json: serde_json::Value = serde_json::to_value(&found.0).unwrap();
    let first = json.as_array().unwrap().iter().find(|d| d["message"].as_str().unwrap().contains("\"here\"")).unwrap();
    assert_eq!(first["file"], PAGE);
    assert_eq!(first["line"], 6);
    assert_eq!(first["severity"], "error");
    assert!(first["fix"].as_str().unwrap().contains("destination"));
}
