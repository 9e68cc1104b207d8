//! A service on a fresh SQLite store, and helpers to send it requests.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, Response};
use http_body_util::BodyExt;
use pthv_form::Schema;
use pthv_handler::settings::{EMBEDDED_SCHEMA, EMBEDDED_SCHOOLS};
use pthv_handler::store::sqlite::SqliteStore;
use pthv_handler::{App, Settings, router};
use tower::ServiceExt;

pub fn settings() -> Settings {
    let schema = Schema::parse(EMBEDDED_SCHEMA, EMBEDDED_SCHOOLS, &["en", "es"]).unwrap();
    Settings::new(schema, "en", "/", b"a test secret that is long enough".to_vec())
}

pub struct Service {
    pub app: App,
    pub store: SqliteStore,
    _dir: tempfile::TempDir,
}

impl Service {
    pub fn new() -> Self {
        Self::with_settings(settings())
    }

    pub fn with_settings(settings: Settings) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("requests.sqlite")).unwrap();
        Self { app: App::new(store.clone(), settings), store, _dir: dir }
    }

    pub async fn send(&self, request: Request<Body>) -> (Response<Body>, String) {
        let response = router(self.app.clone()).oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        (Response::from_parts(parts, Body::empty()), String::from_utf8_lossy(&bytes).into_owned())
    }

    pub async fn post(&self, content_type: &str, body: impl Into<Body>) -> (Response<Body>, String) {
        self.send(Request::post("/api/visit-requests").header("content-type", content_type).body(body.into()).unwrap())
            .await
    }

    pub async fn post_form(&self, body: &str) -> (Response<Body>, String) {
        self.post("application/x-www-form-urlencoded", body.to_string()).await
    }

    pub async fn post_json_text(&self, body: &str) -> (Response<Body>, String) {
        self.post("application/json", body.to_string()).await
    }

    pub async fn post_json(&self, body: &serde_json::Value) -> (Response<Body>, String) {
        self.post("application/json", body.to_string()).await
    }

    /// How many requests are stored, read straight from the SQLite file.
    pub fn stored(&self) -> usize {
        let conn = rusqlite::Connection::open(self._dir.path().join("requests.sqlite")).unwrap();
        conn.query_row("SELECT COUNT(*) FROM requests", [], |r| r.get::<_, i64>(0)).unwrap() as usize
    }
}

/// A complete, valid request as a browser posts it, in Spanish.
pub const FORM: &str = "lang=es&parent_name=Mar%C3%ADa+Jos%C3%A9+Ortega&phone=303-555-0142&email=maria.ortega%40example.org&contact_method=text&language=es&interpreter=yes&student_first_name=Luc%C3%ADa&school=valdez-elementary&grade=3&teacher=Ms.+Whitfield&format=place&times=weekend&times=weekday-evening&note=Vivimos+cerca+del+parque+Sloan&consent=yes&website=";

pub fn json_request() -> serde_json::Value {
    serde_json::json!({
        "lang": "en",
        "parent_name": "Abebe Kebede",
        "email": "abebe.k@example.net",
        "contact_method": "email",
        "language": "am",
        "interpreter": "yes",
        "student_first_name": "Hanna",
        "school": "east-high",
        "grade": "10",
        "format": "video",
        "times": ["weekday-afternoon"],
        "consent": true,
        "website": ""
    })
}

/// Personal values in FORM and json_request(), none of which may ever reach a log.
pub const PERSONAL: &[&str] = &[
    "María",
    "Mar%C3%ADa",
    "Ortega",
    "303-555-0142",
    "maria.ortega",
    "Lucía",
    "Whitfield",
    "Sloan",
    "Abebe",
    "Kebede",
    "abebe.k",
    "Hanna",
];
