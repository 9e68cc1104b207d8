//! `pthv new`: a page in every language that builds at once, and never an overwrite.

mod common;

use common::Site;
use pthv_generator::config::Config;
use pthv_generator::scaffold::new_page;

#[test]
fn a_new_page_is_a_draft_in_every_language_and_the_site_still_builds() {
    let site = Site::copy();
    let config = Config::load(site.root()).unwrap();
    let files = new_page(site.root(), &config, "training/home-safety.md").unwrap();
    let names: Vec<String> = files.iter().map(|f| pthv_generator::diagnostic::display_path(f)).collect();
    assert_eq!(names, ["content/en/training/home-safety.md", "content/es/training/home-safety.md"]);
    let es = std::fs::read_to_string(site.root().join(&files[1])).unwrap();
    assert!(
        es.contains("title = \"Home safety\"") && es.contains("draft = true") && es.contains("translate the title"),
        "{es}"
    );
    site.build();
    assert!(!site.out().join("training/home-safety").exists(), "drafts are not published");

    // Published once the draft line goes.
    let en = std::fs::read_to_string(site.root().join(&files[0])).unwrap().replace("draft = true\n", "");
    site.write("content/en/training/home-safety.md", &en);
    site.build();
    assert!(site.out().join("training/home-safety/index.html").is_file());
}

#[test]
fn nothing_is_overwritten_and_bad_names_are_explained() {
    let site = Site::copy();
    let config = Config::load(site.root()).unwrap();
    let before = std::fs::read_to_string(site.root().join("content/en/about.md")).unwrap();
    let err = new_page(site.root(), &config, "content/en/about.md").unwrap_err();
    assert!(err.message.contains("exists already"), "{err}");
    assert_eq!(std::fs::read_to_string(site.root().join("content/en/about.md")).unwrap(), before);

    let err = new_page(site.root(), &config, "Home Safety.md").unwrap_err();
    assert!(err.fix.contains("lowercase") && err.fix.ends_with(": home-safety.md"), "{err}");
    let err = new_page(site.root(), &config, "training/Nueva Página").unwrap_err();
    assert!(err.fix.ends_with(": training/nueva-pagina.md"), "{err}");

    let err = new_page(site.root(), &config, "events/fair.md").unwrap_err();
    assert!(err.fix.contains("pthv new events/_index.md"), "{err}");
    assert!(!site.root().join("content/en/events").exists(), "nothing is half-created");
}
