//! The site `pthv serve` keeps in memory: each kind of change rebuilds what it touches,
//! and the result is always what a full build of the same files gives.

mod common;

use common::Site;
use pthv_generator::live::{LiveSite, Scope};

const BASE: &str = "http://127.0.0.1:1111/";

fn live(site: &Site) -> LiveSite {
    LiveSite::build(site.root(), BASE).unwrap_or_else(|d| panic!("the fixture should build:\n{d}"))
}

fn page(live: &LiveSite, path: &str) -> String {
    String::from_utf8(live.files()[path].to_vec()).unwrap()
}

/// Replaces `from` with `to` in one of the site's files, as an editor saves it, and
/// gives the file's full path for `rebuild`.
fn edit(site: &Site, file: &str, from: &str, to: &str) -> std::path::PathBuf {
    let path = site.root().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} no longer holds {from:?}: the test needs a new edit");
    site.write(file, &text.replacen(from, to, 1));
    path
}

/// The in-memory site must equal a fresh build of the files as they are now.
fn assert_same_as_fresh_build(site: &Site, live: &LiveSite) {
    let fresh = self::live(site);
    let mut paths: Vec<&String> = fresh.files().keys().collect();
    paths.sort();
    let mut live_paths: Vec<&String> = live.files().keys().collect();
    live_paths.sort();
    assert_eq!(paths, live_paths);
    for p in paths {
        assert_eq!(fresh.files()[p], live.files()[p], "{p} differs from a fresh build");
    }
    assert_eq!(fresh.assets(), live.assets());
}

#[test]
fn editing_a_pages_text_renders_that_page_only() {
    let site = Site::copy();
    let mut live = live(&site);
    let about = edit(&site, "content/en/about.md", "Families can always say no.", "Always optional.");

    let rebuilt = live.rebuild([about]).unwrap();
    assert_eq!(rebuilt.scope, Scope::Pages);
    assert_eq!(rebuilt.rendered, 1);
    assert_eq!(rebuilt.changed, ["about/index.html"]);
    assert!(page(&live, "about/index.html").contains("Always optional."));
    assert_same_as_fresh_build(&site, &live);
}

#[test]
fn a_new_title_renders_the_pages_that_list_it() {
    let site = Site::copy();
    let mut live = live(&site);
    let file = edit(&site, "content/en/training/safety.md", "title = \"Safety\"", "title = \"Staying safe\"");

    let rebuilt = live.rebuild([file]).unwrap();
    assert_eq!(rebuilt.scope, Scope::Pages);
    assert_eq!(rebuilt.rendered, 4, "the page, its section, and the section's two other modules");
    assert!(rebuilt.changed.contains(&"training/model/index.html".to_string()), "{:?}", rebuilt.changed);
    assert!(page(&live, "training/index.html").contains("Staying safe"));
    assert_same_as_fresh_build(&site, &live);
}

#[test]
fn a_new_weight_reorders_the_section_and_its_neighbours() {
    let site = Site::copy();
    let mut live = live(&site);
    let file = edit(&site, "content/en/training/safety.md", "weight = 3", "weight = 0");

    let rebuilt = live.rebuild([file]).unwrap();
    assert_eq!(rebuilt.scope, Scope::Pages);
    let list = page(&live, "training/index.html");
    assert!(list.find("Safety").unwrap() < list.find("The model").unwrap(), "{list}");
    assert_same_as_fresh_build(&site, &live);
}

#[test]
fn a_menu_pages_new_title_renders_its_whole_language() {
    let site = Site::copy();
    let mut live = live(&site);
    let file = edit(&site, "content/en/about.md", "title = \"About the program\"", "title = \"Who we are\"");

    let rebuilt = live.rebuild([file]).unwrap();
    assert_eq!(rebuilt.scope, Scope::Pages);
    assert!(rebuilt.changed.contains(&"news/newer/index.html".to_string()), "the menu is on every page");
    assert!(
        !rebuilt.changed.iter().any(|p| p.starts_with("es/") && p.ends_with("index.html")),
        "{:?}",
        rebuilt.changed
    );
    assert_same_as_fresh_build(&site, &live);
}

#[test]
fn a_new_address_or_a_draft_reloads_the_site() {
    let site = Site::copy();
    let mut live = live(&site);
    let file = edit(&site, "content/en/training/safety.md", "+++\n\n", "slug = \"staying-safe\"\n+++\n\n");
    let rebuilt = live.rebuild([file.clone()]).unwrap();
    assert_eq!(rebuilt.scope, Scope::Site);
    assert!(live.files().contains_key("training/staying-safe/index.html"));
    assert_same_as_fresh_build(&site, &live);

    edit(&site, "content/en/training/safety.md", "slug = \"staying-safe\"", "draft = true");
    let rebuilt = live.rebuild([file]).unwrap();
    assert_eq!(rebuilt.scope, Scope::Site);
    assert!(!page(&live, "training/index.html").contains("Safety"));
    assert_same_as_fresh_build(&site, &live);
}

#[test]
fn a_new_page_and_a_deleted_page_reload_the_site() {
    let site = Site::copy();
    let mut live = live(&site);
    site.write("content/en/training/listening.md", "+++\ntitle = \"Listening\"\n+++\n\nListen first.\n");
    live.rebuild([site.root().join("content/en/training/listening.md")]).unwrap();
    assert!(page(&live, "training/listening/index.html").contains("Listen first."));
    assert!(page(&live, "training/index.html").contains("Listening"));

    site.remove("content/en/training/listening.md");
    let rebuilt = live.rebuild([site.root().join("content/en/training/listening.md")]).unwrap();
    assert!(rebuilt.changed.contains(&"training/listening/index.html".to_string()));
    assert!(!live.files().contains_key("training/listening/index.html"));
    assert_same_as_fresh_build(&site, &live);
}

#[test]
fn a_broken_page_keeps_the_last_good_site_until_it_is_fixed() {
    let site = Site::copy();
    let mut live = live(&site);
    let before = page(&live, "training/model/index.html");
    let model = site.root().join("content/en/training/model.md");
    site.write(
        "content/en/training/model.md",
        "+++\ntitle = \"The model\"\nweight = 1\n+++\n\n![](/files/porch.jpg)\n",
    );

    let problems = live.rebuild([model.clone()]).unwrap_err();
    let p = problems.errors().next().unwrap();
    assert_eq!((p.file.to_str().unwrap(), p.line), ("content/en/training/model.md", 6));
    assert!(p.message.contains("no description") && p.fix.contains("!["), "{p}");
    assert_eq!(page(&live, "training/model/index.html"), before, "the last good page stays");

    // Another page's edit does not hide the first page's problem.
    let safety = site.root().join("content/en/training/safety.md");
    site.write("content/en/training/safety.md", "+++\ntitle = \"Safety\"\nweight = 3\n+++\n\nGo in twos.\n");
    let problems = live.rebuild([safety]).unwrap_err();
    assert!(problems.errors().any(|p| p.file.ends_with("model.md")), "{problems}");

    site.write("content/en/training/model.md", "+++\ntitle = \"The model\"\nweight = 1\n+++\n\nFive rules.\n");
    let rebuilt = live.rebuild([model]).unwrap();
    assert_eq!(rebuilt.scope, Scope::Pages);
    assert_eq!(rebuilt.rendered, 2, "both pages changed since the last good build");
    assert!(page(&live, "training/safety/index.html").contains("Go in twos."));
    assert_same_as_fresh_build(&site, &live);
}

#[test]
fn removing_a_heading_another_page_links_to_is_caught() {
    let site = Site::copy();
    let mut live = live(&site);
    let file = edit(&site, "content/en/training/first-visit.md", "## The question", "## The opening question");

    let problems = live.rebuild([file]).unwrap_err();
    let p = problems.errors().next().unwrap();
    assert!(p.file.ends_with("content/en/about.md"), "{p}");
    assert!(p.message.contains("#the-question") && p.fix.contains("#the-opening-question"), "{p}");
}

#[test]
fn static_files_need_no_rendering_but_a_stylesheet_does() {
    let site = Site::copy();
    let mut live = live(&site);
    site.write("themes/plain/static/robots-note.txt", "changed\n");
    let rebuilt = live.rebuild([site.root().join("themes/plain/static/robots-note.txt")]).unwrap();
    assert_eq!((rebuilt.scope, rebuilt.rendered), (Scope::Assets, 0));

    site.write("themes/plain/static/style.css", "body { color: #111; }\n");
    let rebuilt = live.rebuild([site.root().join("themes/plain/static/style.css")]).unwrap();
    assert_eq!(rebuilt.scope, Scope::Site);
    assert!(rebuilt.changed.contains(&"index.html".to_string()), "pages link the new fingerprint");
    assert_same_as_fresh_build(&site, &live);
}

#[test]
fn templates_and_settings_reload_the_site() {
    let site = Site::copy();
    let mut live = live(&site);
    let template = edit(
        &site,
        "themes/plain/templates/page.html",
        "{% endblock main %}",
        "<p>Template changed</p>{% endblock main %}",
    );
    let rebuilt = live.rebuild([template]).unwrap();
    assert_eq!(rebuilt.scope, Scope::Site);
    assert!(page(&live, "about/index.html").contains("Template changed"));
    assert_same_as_fresh_build(&site, &live);
}

#[test]
fn editor_leftovers_and_the_staff_guide_change_nothing() {
    let site = Site::copy();
    let live = live(&site);
    for path in
        ["content/en/.about.md.swp", "content/en/about.md~", "content/README.md", "public/index.html", "notes.txt"]
    {
        assert!(!live.affected_by(&site.root().join(path)), "{path}");
    }
    for path in ["content/en/about.md", "content/data/figures.toml", "config.toml", "templates/section.html"] {
        assert!(live.affected_by(&live.root().join(path)), "{path}");
    }
}
