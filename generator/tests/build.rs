//! The fixture site builds into the pages, addresses and files editors expect.

mod common;

use common::Site;

#[test]
fn pages_render_as_reviewed() {
    let site = Site::copy();
    site.build();
    for page in [
        "index.html",
        "about/index.html",
        "es/formacion/primera-visita/index.html",
        "news/index.html",
        "es/404.html",
        "sitemap.xml",
        "robots.txt",
    ] {
        insta::assert_snapshot!(page.replace('/', "__"), site.read(page));
    }
}

#[test]
fn spanish_pages_have_spanish_addresses() {
    let site = Site::copy();
    site.build();
    for path in
        ["es/acerca/index.html", "es/formacion/index.html", "es/formacion/modelo/index.html", "es/noticias/index.html"]
    {
        assert!(site.out().join(path).is_file(), "{path} is missing");
    }
    assert!(!site.out().join("es/training").exists());
}

#[test]
fn drafts_are_not_published() {
    let site = Site::copy();
    site.build();
    assert!(!site.out().join("secret").exists());
    assert!(!site.read("sitemap.xml").contains("secret"));
}

#[test]
fn pages_sort_by_weight_then_newest_date_then_title() {
    let site = Site::copy();
    site.write("content/en/news/zebra.md", "+++\ntitle = \"Zebra\"\nweight = 1\n+++\n");
    site.write("content/en/news/alpha.md", "+++\ntitle = \"Alpha\"\n+++\n");
    site.build();
    let html = site.read("news/index.html");
    let order: Vec<usize> = ["Zebra", "A newer story", "An older story", "A story without a date", "Alpha"]
        .iter()
        .map(|t| html.find(&format!(">{t}<")).unwrap_or_else(|| panic!("{t} missing")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{html}");
}

#[test]
fn section_navigation_and_neighbours() {
    let site = Site::copy();
    site.build();
    let html = site.read("training/first-visit/index.html");
    assert!(html.contains(r#"<a rel="prev" href="/training/model/">The model</a>"#), "{html}");
    assert!(html.contains(r#"<a rel="next" href="/training/safety/">Safety</a>"#), "{html}");
    assert!(html.contains(r#"<a href="/training/first-visit/" aria-current="page">"#), "{html}");
    let first = site.read("training/model/index.html");
    assert!(!first.contains("rel=\"prev\""));
}

#[test]
fn untranslated_page_switches_to_the_other_home() {
    let site = Site::copy();
    site.build();
    let html = site.read("only-english/index.html");
    assert!(html.contains(r#"<a href="/es/" hreflang="es">Español</a>"#), "{html}");
    assert!(!html.contains("hreflang=\"es\" href="), "no alternate for a missing translation: {html}");
    assert!(!html.contains("x-default"), "{html}");
}

#[test]
fn stylesheets_are_fingerprinted_and_static_files_copied() {
    let site = Site::copy();
    site.build();
    let css: Vec<String> = std::fs::read_dir(site.out())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("style.") && n.ends_with(".css") && n != "style.css")
        .collect();
    assert_eq!(css.len(), 1, "{css:?}");
    assert!(site.read("index.html").contains(&format!("href=\"/{}\"", css[0])));
    // The plain name stays too, for the request service's own pages.
    assert_eq!(site.read("style.css"), site.read(&css[0]));
    assert_eq!(site.read("files/flyer.txt"), "a flyer\n");
    assert_eq!(site.read("robots-note.txt"), "theme file\n");
}

#[test]
fn site_templates_override_the_theme() {
    let site = Site::copy();
    site.build();
    assert!(!site.read("training/index.html").contains("(theme section)"));
    site.remove("templates/section.html");
    site.build();
    assert!(site.read("training/index.html").contains("(theme section)"));
}

#[test]
fn data_files_reach_templates() {
    let site = Site::copy();
    site.write("content/data/figures.toml", "visits = 70001\n");
    site.build();
    assert!(site.read("index.html").contains("<p>70001 home visits</p>"));
    assert!(site.read("es/index.html").contains("<p>70001 visitas en casa</p>"));
}

#[test]
fn works_under_a_sub_path() {
    let site = Site::copy();
    site.build_with(Some("https://example.org/pthv/")).unwrap();
    let html = site.read("about/index.html");
    assert!(html.contains(r#"href="/pthv/training/first-visit/#the-question""#), "{html}");
    assert!(html.contains(r#"href="/pthv/files/flyer.txt""#), "{html}");
    assert!(html.contains(r#"src="/pthv/files/porch.jpg""#), "{html}");
    assert!(html.contains(r#"hreflang="es" href="https://example.org/pthv/es/acerca/""#), "{html}");
    assert!(html.contains(r#"<a href="/pthv/es/acerca/" hreflang="es">"#), "{html}");
    let rooted: Vec<&str> = html
        .match_indices("=\"/")
        .map(|(i, _)| &html[i..(i + 9).min(html.len())])
        .filter(|s| !s.starts_with("=\"/pthv/"))
        .collect();
    assert!(rooted.is_empty(), "links escaping the sub-path: {rooted:?}");
    assert!(site.read("sitemap.xml").contains("<loc>https://example.org/pthv/es/</loc>"));
    assert!(site.read("robots.txt").contains("Sitemap: https://example.org/pthv/sitemap.xml"));
}

#[test]
fn two_builds_are_identical() {
    let site = Site::copy();
    site.build();
    let first = snapshot_tree(&site.out());
    site.build();
    assert_eq!(first, snapshot_tree(&site.out()));
    assert!(first.len() > 20);
}

fn snapshot_tree(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().display().to_string(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn a_third_language_needs_only_content_and_strings() {
    let site = Site::copy();
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write("config.toml", &format!("{config}\n[[languages]]\ncode = \"vi\"\nname = \"Tiếng Việt\"\n"));
    site.write(
        "themes/plain/i18n/vi.toml",
        "skip = \"Bỏ qua\"\nmenu = \"Danh mục\"\nlanguage = \"Ngôn ngữ\"\nnot_found = \"Không tìm thấy\"\nvisits = \"chuyến thăm\"\n",
    );
    site.write("content/vi/_index.md", "+++\ntitle = \"Thăm nhà\"\n+++\n");
    site.write("content/vi/about.md", "+++\ntitle = \"Giới thiệu\"\nslug = \"gioi-thieu\"\n+++\n");
    site.write("content/vi/training/_index.md", "+++\ntitle = \"Đào tạo\"\nslug = \"dao-tao\"\n+++\n");
    site.build();
    let html = site.read("vi/gioi-thieu/index.html");
    assert!(html.contains("<html lang=\"vi\">"));
    assert!(html.contains(r#"hreflang="vi" href="https://example.org/vi/gioi-thieu/""#));
    assert!(site.read("about/index.html").contains(r#"<a href="/vi/gioi-thieu/" hreflang="vi">"#));
    assert!(site.out().join("vi/404.html").is_file());
}
