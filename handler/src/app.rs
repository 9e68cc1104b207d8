//! The router, shared by Lambda and `pthv serve`.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};

use crate::respond::{Format, language_from_headers, problem, secure};
use crate::settings::Settings;
use crate::store::Store;
use crate::submit;

#[derive(Clone)]
pub struct App {
    pub store: Arc<dyn Store>,
    pub settings: Arc<Settings>,
}

impl App {
    pub fn new(store: impl Store + 'static, settings: Settings) -> Self {
        Self { store: Arc::new(store), settings: Arc::new(settings) }
    }
}

/// The service's routes, for mounting beside the site's files (`pthv serve`).
pub fn api_routes(app: App) -> Router {
    Router::new()
        .route("/api/visit-requests", post(submit::submit).fallback(method_not_allowed))
        .route("/api/visit-requests/thanks", get(submit::thanks))
        .route("/api/health", get(|| async { "ok" }))
        .route_layer(middleware::map_response(secure_headers))
        .with_state(app)
}

/// The whole service as Lambda runs it: the routes, and a clear 404 for anything else.
pub fn router(app: App) -> Router {
    let fallback_app = app.clone();
    api_routes(app).fallback(move |req: Request| not_found(fallback_app.clone(), req))
}

async fn secure_headers(response: Response) -> Response {
    secure(response)
}

async fn method_not_allowed(State(app): State<App>, req: Request) -> Response {
    let lang = language_from_headers(&app.settings, req.headers()).to_string();
    tracing::info!(status = 405, method = %req.method(), "method refused");
    problem(&app.settings, Format::of(req.headers()), StatusCode::METHOD_NOT_ALLOWED, &lang, "method_not_allowed")
}

async fn not_found(app: App, req: Request) -> Response {
    let lang = language_from_headers(&app.settings, req.headers()).to_string();
    secure(problem(&app.settings, Format::of(req.headers()), StatusCode::NOT_FOUND, &lang, "not_found"))
}

/// Logs every answer's status and time, and nothing about who asked or what they sent.
pub async fn log_requests(req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let response = next.run(req).await;
    tracing::info!(%method, %path, status = response.status().as_u16(), micros = started.elapsed().as_micros() as u64, "answered");
    response
}
