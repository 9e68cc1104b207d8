//! The few HTML pages the service answers with. They use the site's stylesheet (which
//! the site also publishes under its plain name, `style.css`, for these pages) and
//! escape everything that did not come from this file.

use axum::response::Html;
use pthv_form::render::{FormView, escape};
use pthv_form::submission::Submission;
use pthv_form::validate::FieldError;

use crate::settings::Settings;

fn shell(settings: &Settings, lang: &str, title: &str, main: &str) -> Html<String> {
    let msg = |key: &str| escape(&settings.message(lang, key));
    Html(format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>{title} · {site}</title>\n<link rel=\"stylesheet\" href=\"{base}style.css\">\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">{skip}</a>\n<header class=\"top\"><div class=\"wrap top-row\"><a class=\"brand\" href=\"{home}\">{site}</a></div></header>\n<main id=\"main\" class=\"wrap\" tabindex=\"-1\">\n{main}</main>\n</body>\n</html>\n",
        lang = escape(lang),
        title = escape(title),
        site = msg("site_title"),
        skip = msg("skip_link"),
        base = escape(&settings.base_path),
        home = escape(&settings.home(lang)),
    ))
}

/// A page with a title, one message and a link home.
pub fn message_page(settings: &Settings, lang: &str, title: &str, message: &str) -> Html<String> {
    let main = format!(
        "<h1>{}</h1>\n<p>{}</p>\n<p><a href=\"{}\">{}</a></p>\n",
        escape(title),
        escape(message),
        escape(&settings.home(lang)),
        escape(&settings.message(lang, "home_link"))
    );
    shell(settings, lang, title, &main)
}

/// The thank-you page, with the request's reference code.
pub fn thanks_page(settings: &Settings, lang: &str, reference: &str) -> Html<String> {
    let msg = |key: &str| escape(&settings.message(lang, key));
    let main = format!(
        "<h1>{title}</h1>\n<p>{text}</p>\n<p class=\"reference\">{label}: <strong>{reference}</strong></p>\n<p><a href=\"{home}\">{home_link}</a></p>\n",
        title = msg("thanks_title"),
        text = msg("thanks_text"),
        label = msg("reference_label"),
        reference = escape(reference),
        home = escape(&settings.home(lang)),
        home_link = msg("home_link"),
    );
    shell(settings, lang, &settings.message(lang, "thanks_title"), &main)
}

/// The form again, filled in as it was sent, with the problems listed at the top
/// (each a link to its field) and written next to each field.
pub fn problems_page(settings: &Settings, lang: &str, values: &Submission, errors: &[FieldError]) -> Html<String> {
    let view = FormView { schema: &settings.schema, lang, base_path: &settings.base_path, values, errors };
    let title = settings.message(lang, "problems_title");
    let main = format!("<h1>{}</h1>\n{}{}", escape(&title), view.summary(), view.render());
    shell(settings, lang, &title, &main)
}
