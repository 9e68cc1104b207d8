//! What the service logs while it takes submissions, in its Lambda format: outcomes,
//! yes; a family's answers or address, never.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use common::{FORM, PERSONAL, Service, json_request};
use tower::ServiceExt;

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_submitted_value_or_address_reaches_the_logs() {
    let capture = Capture::default();
    let writer = capture.clone();
    let _guard = tracing::subscriber::set_default(pthv_handler::telemetry::json_subscriber(move || writer.clone()));

    let service = Service::new();
    let app =
        pthv_handler::router(service.app.clone()).layer(axum::middleware::from_fn(pthv_handler::app::log_requests));
    let events = [
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/events/apigw-v2-form-base64.json"))
            .unwrap(),
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/events/apigw-v2-json.json")).unwrap(),
    ];
    let mut statuses = Vec::new();
    for json in &events {
        // Each twice: stored, then recognised as a repeat.
        for _ in 0..2 {
            let response = app.clone().oneshot(lambda_http::request::from_str(json).unwrap()).await.unwrap();
            statuses.push(response.status());
        }
    }
    // And refused ones, whose values are echoed back to the family but not logged.
    let (invalid, _) = service.post_form(&FORM.replace("&school=valdez-elementary", "")).await;
    statuses.push(invalid.status());
    let mut bad_json = json_request();
    bad_json["email"] = "abebe.k@".into();
    statuses.push(service.post_json(&bad_json).await.0.status());
    assert_eq!(
        statuses,
        [
            StatusCode::SEE_OTHER,
            StatusCode::SEE_OTHER,
            StatusCode::CREATED,
            StatusCode::CREATED,
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::UNPROCESSABLE_ENTITY
        ]
    );

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<serde_json::Value> =
        logs.lines().map(|l| serde_json::from_str(l).expect("every log line is JSON")).collect();
    assert!(lines.iter().filter(|l| l["fields"]["outcome"] == "stored").count() == 2, "{logs}");
    assert!(lines.iter().any(|l| l["fields"]["outcome"] == "repeat"), "{logs}");
    assert!(lines.iter().any(|l| l["fields"]["outcome"] == "invalid"), "{logs}");
    for value in PERSONAL.iter().chain(&["198.51.100.23", "Mozilla"]) {
        assert!(!logs.contains(value), "`{value}` reached the logs:\n{logs}");
    }
}
