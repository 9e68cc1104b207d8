//! Answers: JSON for the page's script, small HTML pages for a browser's plain post,
//! both in the family's language.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::pages;
use crate::settings::Settings;

/// How the client wants to be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Html,
}

impl Format {
    /// JSON when the request says it sends or prefers JSON; HTML otherwise.
    pub fn of(headers: &HeaderMap) -> Self {
        let has = |name: header::HeaderName| {
            headers.get(name).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("application/json"))
        };
        if has(header::ACCEPT) || has(header::CONTENT_TYPE) { Self::Json } else { Self::Html }
    }
}

/// The language to answer in before a body is read: the first language of the
/// browser's `Accept-Language` that the form speaks.
pub fn language_from_headers<'a>(settings: &'a Settings, headers: &HeaderMap) -> &'a str {
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    accept
        .split(',')
        .filter_map(|part| part.split(';').next())
        .map(|tag| tag.trim().split('-').next().unwrap_or("").to_ascii_lowercase())
        .find_map(|code| settings.schema.languages().find(|l| *l == code))
        .unwrap_or(&settings.default_lang)
}

/// A failure with one message, e.g. 413 or 429.
pub fn problem(settings: &Settings, format: Format, status: StatusCode, lang: &str, key: &str) -> Response {
    let message = settings.message(lang, key);
    let mut response = match format {
        Format::Json => (status, axum::Json(json!({ "error": key, "message": message }))).into_response(),
        Format::Html => {
            (status, pages::message_page(settings, lang, &settings.message(lang, "problems_title"), &message))
                .into_response()
        }
    };
    if status == StatusCode::METHOD_NOT_ALLOWED {
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
    }
    if status == StatusCode::TOO_MANY_REQUESTS {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("3600"));
    }
    response
}

/// Headers every answer carries: nothing is cached (answers hold personal data), the
/// type is not guessed, and pages may load nothing but the site's own stylesheet.
pub fn secure(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}
