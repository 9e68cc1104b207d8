//! `POST /api/visit-requests`: from a body to a stored request, or a clear refusal.

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pthv_form::submission::Submission;
use pthv_form::validate::{self, ValidRequest};
use serde_json::json;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::app::App;
use crate::guard;
use crate::pages;
use crate::reference::{new_id, new_reference, parse_reference};
use crate::respond::{Format, language_from_headers, problem};
use crate::settings::MAX_BODY_BYTES;
use crate::store::{Inserted, Status, StoreError, StoredRequest};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Form,
    Json,
}

fn encoding(headers: &HeaderMap) -> Option<Encoding> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next()?.trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/x-www-form-urlencoded" => Some(Encoding::Form),
        "application/json" => Some(Encoding::Json),
        _ => None,
    }
}

pub async fn submit(State(app): State<App>, request: Request<Body>) -> Response {
    let (parts, body) = request.into_parts();
    let settings = &app.settings;
    let format = Format::of(&parts.headers);
    let early_lang = language_from_headers(settings, &parts.headers).to_string();
    let refuse = |status: StatusCode, key: &str| {
        tracing::info!(status = status.as_u16(), outcome = key, "submission refused");
        problem(settings, format, status, &early_lang, key)
    };

    if !settings.allows_origin(parts.headers.get(header::ORIGIN)) {
        return refuse(StatusCode::FORBIDDEN, "foreign_origin");
    }
    let Some(encoding) = encoding(&parts.headers) else {
        return refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, "bad_content_type");
    };
    let declared =
        parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, "too_large");
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, "too_large");
    };
    let parsed = match encoding {
        Encoding::Form => Submission::from_urlencoded(&bytes),
        Encoding::Json => Submission::from_json(&bytes),
    };
    let Ok(submission) = parsed else {
        return refuse(StatusCode::BAD_REQUEST, "bad_encoding");
    };
    let lang = validate::language_of(&settings.schema, &submission, &settings.default_lang).to_string();

    if submission.get(&settings.schema.honeypot).is_some_and(|v| !v.trim().is_empty()) {
        // Answered as a success so the bot learns nothing; nothing is stored.
        tracing::info!(outcome = "honeypot", "submission dropped");
        return accepted(&app, format, &lang, &new_reference());
    }

    let now = OffsetDateTime::now_utc();
    let client = crate::client::client_address(&parts, settings.client_address_header.as_ref());
    let (rate_key, lapses) = guard::rate_key(&settings.secret, &client, now.unix_timestamp());
    match app.store.hit(&rate_key, lapses).await {
        Ok(count) if count > settings.rate_limit_per_hour => {
            tracing::warn!(status = 429, outcome = "rate_limited", "submission refused");
            return problem(settings, format, StatusCode::TOO_MANY_REQUESTS, &lang, "rate_limited");
        }
        Ok(_) => {}
        // Better to let a family through than to refuse everyone while the counter is down.
        Err(e) => {
            tracing::error!(error = %e, "rate limit counter unavailable; letting the submission through")
        }
    }

    let valid = match validate::validate(&settings.schema, &submission, &settings.default_lang) {
        Ok(v) => v,
        Err(errors) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            tracing::info!(status = 422, outcome = "invalid", fields = ?fields, "submission refused");
            return match format {
                Format::Json => (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(json!({ "error": "invalid", "message": settings.message(&lang, "problems_intro"), "errors": errors }))).into_response(),
                Format::Html => (StatusCode::UNPROCESSABLE_ENTITY, pages::problems_page(settings, &lang, &submission, &errors)).into_response(),
            };
        }
    };

    match store(&app, &valid, now).await {
        Ok((Some(id), reference)) => {
            tracing::info!(outcome = "stored", request_id = %id, school = valid.school(), lang = %lang, "submission accepted");
            accepted(&app, format, &lang, &reference)
        }
        Ok((None, reference)) => {
            tracing::info!(outcome = "repeat", school = valid.school(), lang = %lang, "submission accepted");
            accepted(&app, format, &lang, &reference)
        }
        Err(e) => {
            tracing::error!(status = 503, outcome = "store_failed", error = %e, "submission not stored");
            let mut response = problem(settings, format, StatusCode::SERVICE_UNAVAILABLE, &lang, "server_error");
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
            response
        }
    }
}

/// Stores a valid request, or finds the one it repeats. Returns the new request's id
/// (none for a repeat) and the reference the family is given.
async fn store(app: &App, valid: &ValidRequest, now: OffsetDateTime) -> Result<(Option<String>, String), StoreError> {
    let settings = &app.settings;
    let dedupe = guard::dedupe_key(&settings.secret, &valid.canonical());
    let created_at = now.format(&Rfc3339).unwrap_or_default();
    // A fresh id on the rare clash of two ids made in the same millisecond.
    for _ in 0..3 {
        let request = StoredRequest {
            id: new_id(),
            reference: new_reference(),
            created_at: created_at.clone(),
            lang: valid.lang().to_string(),
            school: valid.school().to_string(),
            status: Status::New,
            answers: valid.answers().clone(),
            version: 1,
            expires_at: now.unix_timestamp() + i64::from(settings.schema.retention_days) * 86_400,
        };
        match app.store.insert(&request, &dedupe, now.unix_timestamp() + guard::DEDUPE_SECONDS).await {
            Ok(Inserted::Created) => return Ok((Some(request.id), request.reference)),
            Ok(Inserted::Duplicate { reference }) => return Ok((None, reference)),
            Err(StoreError::Exists(_)) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(StoreError::Unavailable("could not find a free request id".into()))
}

/// Where a browser is sent after its request is stored.
fn thanks_location(app: &App, lang: &str, reference: &str) -> String {
    format!("{}api/visit-requests/thanks?ref={reference}&lang={lang}", app.settings.base_path)
}

fn accepted(app: &App, format: Format, lang: &str, reference: &str) -> Response {
    let location = thanks_location(app, lang, reference);
    match format {
        Format::Json => (
            StatusCode::CREATED,
            [(header::LOCATION, location.clone())],
            axum::Json(json!({ "reference": reference, "thanks_url": location })),
        )
            .into_response(),
        Format::Html => (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response(),
    }
}

#[derive(serde::Deserialize)]
pub struct ThanksQuery {
    #[serde(rename = "ref", default)]
    reference: String,
    #[serde(default)]
    lang: String,
}

/// `GET /api/visit-requests/thanks?ref=…&lang=…`. A query that cannot be read (a name
/// given twice, broken escapes) gets the same page-not-found as a wrong reference.
pub async fn thanks(
    State(app): State<App>,
    headers: HeaderMap,
    query: Result<Query<ThanksQuery>, QueryRejection>,
) -> Response {
    let q = query.map(|Query(q)| q).ok();
    let lang = match &q {
        Some(q) => app.settings.language(&q.lang).to_string(),
        None => language_from_headers(&app.settings, &headers).to_string(),
    };
    match q.and_then(|q| parse_reference(&q.reference)) {
        Some(reference) => pages::thanks_page(&app.settings, &lang, &reference).into_response(),
        None => problem(&app.settings, Format::Html, StatusCode::NOT_FOUND, &lang, "not_found"),
    }
}
