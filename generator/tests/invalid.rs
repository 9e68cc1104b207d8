//! Every kind of mistake an editor can make gets a message naming the file, the line
//! and the fix, and the build fails without writing anything.

mod common;

use common::Site;
use pthv_generator::Diagnostics;

/// Asserts one problem at `file:line` whose message and fix contain the given words.
#[track_caller]
fn expect(problems: &Diagnostics, file: &str, line: usize, message: &str, fix: &str) {
    let found = problems.0.iter().any(|d| {
        pthv_generator::diagnostic::display_path(&d.file) == file
            && d.line == line
            && d.message.contains(message)
            && d.fix.contains(fix)
    });
    assert!(found, "expected {file}:{line}: …{message}… — …{fix}…; got:\n{problems}");
    for d in &problems.0 {
        assert!(d.to_string().starts_with(&format!(
            "{}:{}:{}: ",
            pthv_generator::diagnostic::display_path(&d.file),
            d.line,
            d.col
        )));
    }
}

const PAGE: &str = "content/en/about.md";

#[test]
fn misspelled_setting_suggests_the_right_one() {
    let site = Site::copy();
    site.write(PAGE, "+++\ntitle = \"About\"\ndescripton = \"x\"\n+++\nText\n");
    expect(&site.errors(), PAGE, 3, "unknown setting `descripton`", "did you mean `description`?");
}

#[test]
fn settings_written_in_spanish_are_told_their_english_names() {
    let site = Site::copy();
    let es = "content/es/about.md";
    // With an accent, TOML cannot read the name at all; without one, it is unknown.
    site.write(es, "+++\ntitle = \"Sobre\"\ndescripción = \"x\"\n+++\n");
    expect(&site.errors(), es, 3, "cannot be read", "did you mean `description`?");
    site.write(es, "+++\ntitle = \"Sobre\"\nfecha = 2026-12-01\n+++\n");
    expect(&site.errors(), es, 3, "unknown setting `fecha`", "did you mean `date`?");
}

#[test]
fn a_menu_entry_with_no_page_is_located_in_config_toml() {
    let site = Site::copy();
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write("config.toml", &config.replace("menu = [\"about.md\", ", "menu = [\n  \"about.md\",\n  \"abuot.md\", "));
    expect(&site.errors(), "config.toml", 5, "the menu lists abuot.md", "take \"abuot.md\" out of menu");

    // A note above the menu that quotes the entry does not take its place.
    let noted = "# The menu: \"faq.md\" waits for the questions page.\nmenu = [\"about.md\", \"faq.md\"";
    site.write("config.toml", &config.replace("menu = [\"about.md\"", noted));
    expect(&site.errors(), "config.toml", 4, "the menu lists faq.md", "take \"faq.md\" out of menu");
}

#[test]
fn every_unknown_setting_is_reported() {
    let site = Site::copy();
    site.write(PAGE, "+++\ntitle = \"About\"\ncolour = \"red\"\nauthor = \"me\"\n+++\n");
    let problems = site.errors();
    expect(&problems, PAGE, 3, "`colour`", "[extra]");
    expect(&problems, PAGE, 4, "`author`", "[extra]");
}

#[test]
fn broken_toml_is_located() {
    let site = Site::copy();
    site.write(PAGE, "+++\nweight = 1\ntitle = \"About\n+++\n");
    expect(&site.errors(), PAGE, 3, "cannot be read", "double quotes");
}

#[test]
fn missing_title() {
    let site = Site::copy();
    site.write(PAGE, "+++\nweight = 1\n+++\n");
    expect(&site.errors(), PAGE, 1, "no `title`", "title = ");
}

#[test]
fn date_that_is_not_a_date() {
    let site = Site::copy();
    site.write(PAGE, "+++\ntitle = \"About\"\ndate = \"May 1st\"\n+++\n");
    expect(&site.errors(), PAGE, 3, "`date`", "date = 2024-05-01");
}

#[test]
fn weight_in_words() {
    let site = Site::copy();
    site.write(PAGE, "+++\ntitle = \"About\"\nweight = \"three\"\n+++\n");
    expect(&site.errors(), PAGE, 3, "`weight`", "whole number");
}

#[test]
fn no_settings_block() {
    let site = Site::copy();
    site.write(PAGE, "# About\n");
    expect(&site.errors(), PAGE, 1, "does not start with its settings", "+++");
}

#[test]
fn settings_never_closed() {
    let site = Site::copy();
    site.write(PAGE, "+++\ntitle = \"About\"\n\n# About\n");
    expect(&site.errors(), PAGE, 1, "never closed", "+++");
}

#[test]
fn slug_with_spaces() {
    let site = Site::copy();
    site.write(PAGE, "+++\ntitle = \"About\"\nslug = \"About Us\"\n+++\n");
    expect(&site.errors(), PAGE, 3, "`About Us`", "slug = \"about-us\"");
}

#[test]
fn link_to_a_missing_page_suggests_a_close_one() {
    let site = Site::copy();
    site.write(PAGE, "+++\ntitle = \"About\"\n+++\n\nSee [it](@/training/first-vist.md).\n");
    expect(&site.errors(), PAGE, 5, "no page", "did you mean @/training/first-visit.md?");
}

#[test]
fn link_to_a_missing_anchor() {
    let site = Site::copy();
    site.write(PAGE, "+++\ntitle = \"About\"\n+++\n\nSee [it](@/training/first-visit.md#the-questoin).\n");
    expect(&site.errors(), PAGE, 5, "no heading #the-questoin", "did you mean #the-question?");
}

#[test]
fn link_to_a_missing_anchor_on_the_same_page() {
    let site = Site::copy();
    site.write(PAGE, "+++\ntitle = \"About\"\n+++\n\n## Costs\n\n[costs](#cost)\n");
    expect(&site.errors(), PAGE, 7, "no heading #cost in this page", "#costs");
}

#[test]
fn link_to_a_page_not_yet_translated() {
    let site = Site::copy();
    site.write(
        "content/es/about.md",
        "+++\ntitle = \"Sobre\"\nslug = \"acerca\"\n+++\n\nVea [esto](@/only-english.md).\n",
    );
    expect(
        &site.errors(),
        "content/es/about.md",
        6,
        "no content/es/only-english.md",
        "translate content/en/only-english.md",
    );
}

#[test]
fn link_written_as_the_spanish_address_names_the_file() {
    let site = Site::copy();
    let es = "content/es/about.md";
    site.write(es, "+++\ntitle = \"Sobre\"\nslug = \"acerca\"\n+++\n\n[El modelo](@/formacion/modelo.md)\n");
    expect(&site.errors(), es, 6, "no content/es/formacion/modelo.md", "write @/training/model.md");
    site.write(es, "+++\ntitle = \"Sobre\"\nslug = \"acerca\"\n+++\n\n[Formación](@/formacion/_index.md)\n");
    expect(&site.errors(), es, 6, "no page", "write @/training/_index.md");
}

#[test]
fn link_to_a_markdown_file_by_its_path() {
    let site = Site::copy();
    site.write(PAGE, "+++\ntitle = \"About\"\n+++\n[it](training/model.md)\n");
    expect(&site.errors(), PAGE, 4, "markdown file", "@/training/model.md");
}

#[test]
fn image_without_alt_text() {
    let site = Site::copy();
    site.write(PAGE, "+++\ntitle = \"About\"\n+++\n\nText\n\n  ![](/files/porch.jpg)\n");
    let problems = site.errors();
    expect(&problems, PAGE, 7, "no description (alt text)", "![A teacher");
    assert_eq!(problems.0[0].col, 3);
}

#[test]
fn missing_translation_of_an_interface_string() {
    let site = Site::copy();
    site.write(
        "themes/plain/i18n/es.toml",
        "skip = \"Saltar\"\nmenu = \"Menú\"\nlanguage = \"Idioma\"\nnot_found = \"No\"\n",
    );
    expect(&site.errors(), "themes/plain/i18n/es.toml", 1, "`visits` has no Español version", "add visits = ");
}

#[test]
fn string_missing_in_every_language_names_key_and_language() {
    let site = Site::copy();
    site.write("themes/plain/templates/404.html", "{% extends \"base.html\" %}{% block title %}x{% endblock title %}{% block main %}{{ trans(key=\"gone\", lang=lang) }}{% endblock main %}");
    expect(&site.errors(), "themes/plain/templates/404.html", 1, "no string `gone` for the language `en`", "");
}

#[test]
fn template_syntax_error_names_template_and_line() {
    let site = Site::copy();
    site.write(
        "themes/plain/templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }</h1>\n{% endblock main %}\n",
    );
    expect(&site.errors(), "themes/plain/templates/page.html", 3, "template problem", "{% end");
}

#[test]
fn template_rendering_errors_name_the_line_of_the_culprit() {
    let site = Site::copy();
    let page = "themes/plain/templates/page.html";
    let text = std::fs::read_to_string(site.root().join(page)).unwrap();
    site.write(page, &text.replace("{{ page.content | safe }}", "{{ page.contnet | safe }}"));
    expect(&site.errors(), page, 8, "`page.contnet` not found", "themes/README.md");

    // In the template a page's template extends, the line is found there.
    let site = Site::copy();
    let base = "themes/plain/templates/base.html";
    let text = std::fs::read_to_string(site.root().join(base)).unwrap();
    site.write(base, &text.replace("trans(key=\"menu\"", "trans(key=\"mneu\""));
    expect(&site.errors(), base, 18, "no string `mneu`", "");
}

#[test]
fn unknown_template_name() {
    let site = Site::copy();
    site.write(PAGE, "+++\ntitle = \"About\"\ntemplate = \"pgae.html\"\n+++\n");
    expect(&site.errors(), PAGE, 1, "no template `pgae.html`", "did you mean template = \"page.html\"?");
}

#[test]
fn folder_without_its_own_page() {
    let site = Site::copy();
    site.remove("content/es/news/_index.md");
    site.write("content/es/news/uno.md", "+++\ntitle = \"Uno\"\n+++\n");
    expect(&site.errors(), "content/es/news/uno.md", 1, "no _index.md", "create content/es/news/_index.md");
}

#[test]
fn two_pages_at_one_address() {
    let site = Site::copy();
    site.write("content/en/about-us.md", "+++\ntitle = \"About us\"\nslug = \"about\"\n+++\n");
    expect(&site.errors(), "content/en/about.md", 1, "same address, /about/", "another slug");
}

#[test]
fn not_utf8() {
    let site = Site::copy();
    std::fs::write(site.root().join(PAGE), b"+++\ntitle = \"Caf\xe9\"\n+++\n").unwrap();
    expect(&site.errors(), PAGE, 2, "UTF-8", "UTF-8");
}

#[test]
fn broken_site_settings() {
    let site = Site::copy();
    site.write("config.toml", "base_url = \"https://example.org/\"\ntheme = \"plain\"\nlanguage = \"en\"\n");
    expect(&site.errors(), "config.toml", 3, "language", "config.toml");
}

#[test]
fn all_problems_of_a_build_are_reported_and_nothing_is_written() {
    let site = Site::copy();
    site.write(PAGE, "+++\ntitle = \"About\"\ntitel = \"x\"\n+++\n");
    site.write("content/es/training/model.md", "+++\ntitle = \"Modelo\"\nslug = \"modelo\"\n+++\n![](/x.png)\n");
    site.write("content/en/training/safety.md", "+++\ntitle = \"Safety\"\n+++\n[x](@/nowhere.md)\n");
    let problems = site.errors();
    assert_eq!(problems.errors().count(), 3, "{problems}");
    assert!(!site.out().exists(), "a failed build must not replace the published folder");
    let text = problems.to_string();
    let files: Vec<&str> = text.lines().map(|l| l.split(':').next().unwrap()).collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted, "problems come sorted by file");
}

#[test]
fn mistakes_in_the_request_form_definition_are_located() {
    let site = Site::copy();
    let real = concat!(env!("CARGO_MANIFEST_DIR"), "/../content/data/");
    let schema = std::fs::read_to_string(format!("{real}visit-request.toml")).unwrap();
    let schools = std::fs::read_to_string(format!("{real}schools.toml")).unwrap();
    let broken = schema.replacen("max_length = 60", "max_lenght = 60", 1);
    let line = broken.lines().position(|l| l.starts_with("max_lenght")).unwrap() + 1;
    site.write("content/data/visit-request.toml", &broken);
    site.write("content/data/schools.toml", &schools);
    expect(&site.errors(), "content/data/visit-request.toml", line, "max_lenght", "");
}
