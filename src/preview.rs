//! The site as `pthv serve` shows it: rendered pages from memory, static files from
//! their source, and, for editors, a reload signal and the build's problems in the page.
//!
//! Pages carry the id of the build they came from; `/__pthv/events` sends the id of the
//! newest one, and `live.js` reloads a page whose id is older. When the last change
//! broke the build, every page is answered with the problems instead of the stale page.

use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use generator::Diagnostics;
use generator::live::Bytes;
use pthv_form::render::escape;
use tokio::sync::watch;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::WatchStream;
use tower::ServiceExt;
use tower_http::services::ServeFile;

/// The site as it is now, handed from the rebuilds to the requests.
#[derive(Clone, Default)]
pub struct Snapshot {
    /// Differs for every build that changed something, so an open page knows it is stale.
    pub build: String,
    pub files: Arc<HashMap<String, Bytes>>,
    pub assets: Arc<BTreeMap<String, PathBuf>>,
    /// Why the newest change could not be built; the files are the last good build's.
    pub problems: Option<Arc<Diagnostics>>,
    /// The server is stopping: reload streams end so it can.
    pub closing: bool,
}

pub type Snapshots = Arc<watch::Sender<Snapshot>>;

#[derive(Clone)]
struct Preview {
    snapshots: Snapshots,
    live_reload: bool,
}

const EVENTS: &str = "/__pthv/events";
const SCRIPT: &str = "/__pthv/live.js";
const STYLE: &str = "/__pthv/live.css";

/// The site's pages and files, and with `live_reload` the reload signal and its script.
pub fn routes(snapshots: Snapshots, live_reload: bool) -> Router {
    let preview = Preview { snapshots, live_reload };
    let script = |body: &'static str, kind: &'static str| {
        get(move || async move { ([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "no-store")], body) })
    };
    let mut router = Router::new().route(STYLE, script(include_str!("preview/live.css"), "text/css; charset=utf-8"));
    if live_reload {
        router = router
            .route(EVENTS, get(events))
            .route(SCRIPT, script(include_str!("preview/live.js"), "text/javascript; charset=utf-8"));
    }
    router.fallback(site_file).with_state(preview)
}

async fn events(State(preview): State<Preview>) -> impl IntoResponse {
    let builds = WatchStream::new(preview.snapshots.subscribe())
        .take_while(|s| !s.closing)
        .map(|s| Ok::<_, Infallible>(Event::default().event("build").data(s.build)));
    Sse::new(builds).keep_alive(KeepAlive::default())
}

async fn site_file(State(preview): State<Preview>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let snapshot = preview.snapshots.borrow().clone();
    let Ok(path) = percent_encoding::percent_decode_str(req.uri().path()).decode_utf8() else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let mut key = path.trim_start_matches('/').to_string();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    if let Some(bytes) = snapshot.files.get(&key) {
        return page(&preview, &snapshot, &key, bytes, StatusCode::OK);
    }
    if let Some(source) = snapshot.assets.get(&key) {
        let mut response = ServeFile::new(source).oneshot(req).await.into_response();
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return response;
    }
    if snapshot.files.contains_key(&format!("{key}/index.html")) {
        return Redirect::permanent(&format!("{path}/")).into_response();
    }
    // The 404 page of the language whose folder the address is in, else the default one.
    let first = key.split('/').next().unwrap_or_default();
    let not_found = [format!("{first}/404.html"), "404.html".to_string()];
    match not_found.iter().find_map(|k| snapshot.files.get(k).map(|b| (k, b))) {
        Some((k, bytes)) => page(&preview, &snapshot, k, bytes, StatusCode::NOT_FOUND),
        None if snapshot.problems.is_some() => problems_page(&preview, &snapshot),
        None => (StatusCode::NOT_FOUND, "Not found").into_response(),
    }
}

fn page(preview: &Preview, snapshot: &Snapshot, key: &str, bytes: &Bytes, status: StatusCode) -> Response {
    let kind = mime_guess::from_path(key).first_or_octet_stream();
    let html = kind.essence_str() == "text/html";
    if html && snapshot.problems.is_some() {
        return problems_page(preview, snapshot);
    }
    let body: Vec<u8> =
        if html && preview.live_reload { with_reload_script(bytes, &snapshot.build) } else { bytes.to_vec() };
    let kind = if kind.type_() == "text" || kind.subtype() == "xml" {
        format!("{}; charset=utf-8", kind.essence_str())
    } else {
        kind.essence_str().to_string()
    };
    (status, [(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "no-store".to_string())], body).into_response()
}

/// The page with the reload script added at the end of its head. Only `serve` does
/// this; a build's files never hold it.
fn with_reload_script(html: &[u8], build: &str) -> Vec<u8> {
    let tag = format!(r#"<script src="{SCRIPT}" data-build="{}" defer></script>"#, escape(build));
    let at = html.windows(7).position(|w| w.eq_ignore_ascii_case(b"</head>")).unwrap_or(html.len());
    [&html[..at], tag.as_bytes(), &html[at..]].concat()
}

/// Every problem of the newest change, covering the whole window, in the place of the
/// stale page; it reloads by itself once the files are fixed.
fn problems_page(preview: &Preview, snapshot: &Snapshot) -> Response {
    let problems = snapshot.problems.as_deref().map(|d| &d.0[..]).unwrap_or_default();
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let items: String = problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| {
            format!(
                "<li><p class=\"where\"><code>{}:{}:{}</code></p><p>{}</p><p><strong>Fix · Arreglo:</strong> {}</p></li>",
                escape(&p.file.to_string_lossy()),
                p.line,
                p.col,
                escape(&p.message),
                escape(&p.fix)
            )
        })
        .collect();
    let script = if preview.live_reload {
        format!(r#"<script src="{SCRIPT}" data-build="{}" defer></script>"#, escape(&snapshot.build))
    } else {
        String::new()
    };
    let (en, es) = if errors == 1 {
        ("1 problem stops the site from building".to_string(), "1 problema impide construir el sitio".to_string())
    } else {
        (
            format!("{errors} problems stop the site from building"),
            format!("{errors} problemas impiden construir el sitio"),
        )
    };
    let html = format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{en} · pthv</title>
<link rel="stylesheet" href="{STYLE}">
{script}
</head>
<body>
<main id="pthv-problems" aria-labelledby="pthv-problems-title">
<h1 id="pthv-problems-title">{en}</h1>
<p lang="es">{es}</p>
<p>Fix the file and save it: this page reloads by itself. <span lang="es">Corrija el archivo y guárdelo: esta página se recarga sola.</span></p>
<ol>{items}</ol>
</main>
</body>
</html>
"#
    );
    let headers = [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")];
    (StatusCode::INTERNAL_SERVER_ERROR, headers, html).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_at_the_end_of_the_head() {
        let html = b"<html><head><title>A</title></head><body></body></html>";
        let out = String::from_utf8(with_reload_script(html, "7")).unwrap();
        assert_eq!(
            out,
            r#"<html><head><title>A</title><script src="/__pthv/live.js" data-build="7" defer></script></head><body></body></html>"#
        );
    }
}
