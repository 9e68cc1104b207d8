//! The project's own site builds, whatever staff have just edited: this is the test
//! that stops a broken page from reaching CI's deploy.

use pthv_generator::BuildOptions;

#[test]
fn the_real_site_builds_with_its_form_in_both_languages() {
    let out = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let report = pthv_generator::build(&BuildOptions { root, out: out.path().join("site"), base_url: None })
        .unwrap_or_else(|problems| panic!("the site in content/ does not build:\n{problems}"));
    assert!(report.pages >= 4);
    let find_form = |lang: &str| {
        walkdir::WalkDir::new(out.path().join("site"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .find(|html| html.contains("id=\"request-form\"") && html.contains(&format!("<html lang=\"{lang}\">")))
            .unwrap_or_else(|| panic!("no page in {lang} has the request form"))
    };
    let es = find_form("es");
    assert!(
        es.contains("<label for=\"f-parent_name\">Su nombre <span class=\"req\">(obligatorio)</span></label>"),
        "{es}"
    );
    assert!(es.contains("<input type=\"hidden\" name=\"lang\" value=\"es\">"));
    assert!(es.contains("aria-describedby=\"f-parent_name-hint f-parent_name-error\""));
    assert!(es.contains("<option value=\"valdez-elementary\">Valdez Elementary</option>"));
    let en = find_form("en");
    assert!(en.contains("autocomplete=\"tel\""));
    assert!(en.contains("inputmode=\"email\""));
}
