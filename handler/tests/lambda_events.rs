//! The service as Lambda runs it: real API Gateway HTTP API (payload 2.0) and Function
//! URL events, parsed by lambda_http exactly as the runtime does, into the router.

mod common;

use axum::http::{StatusCode, header};
use common::Service;
use http_body_util::BodyExt;
use pthv_handler::router;
use tower::ServiceExt;

fn event(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/events/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

async fn call(service: &Service, json: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let request = lambda_http::request::from_str(json).expect("a valid Lambda event");
    let response = router(service.app.clone()).oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    (parts.status, parts.headers, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn api_gateway_form_post_in_base64_is_stored() {
    let service = Service::new();
    let (status, headers, _) = call(&service, &event("apigw-v2-form-base64.json")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(headers[header::LOCATION].to_str().unwrap().ends_with("&lang=es"));
    assert_eq!(service.stored(), 1);
}

#[tokio::test]
async fn api_gateway_json_post_gets_201() {
    let service = Service::new();
    let (status, _, body) = call(&service, &event("apigw-v2-json.json")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert!(body.contains("\"reference\""));
    assert_eq!(service.stored(), 1);
}

#[tokio::test]
async fn function_url_form_post_is_stored() {
    let service = Service::new();
    let (status, _, _) = call(&service, &event("function-url-form-base64.json")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(service.stored(), 1);
}

#[tokio::test]
async fn get_is_refused_in_the_browsers_language() {
    let service = Service::new();
    let (status, headers, body) = call(&service, &event("apigw-v2-get.json")).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(headers[header::ALLOW], "POST");
    assert!(body.contains("<html lang=\"es\">"));
}

#[tokio::test]
async fn thanks_page_from_a_query_string() {
    let service = Service::new();
    let (status, _, body) = call(&service, &event("apigw-v2-thanks.json")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<strong>KM4X-XR7C</strong>"));
}

#[tokio::test]
async fn the_rate_limit_counts_each_source_address_apart() {
    let mut settings = common::settings();
    settings.rate_limit_per_hour = 1;
    let service = Service::with_settings(settings);
    let first = event("apigw-v2-form-base64.json");
    let other_ip = first.replace("198.51.100.23", "203.0.113.77").replace("grade=3", "grade=5");
    assert_eq!(call(&service, &first).await.0, StatusCode::SEE_OTHER);
    assert_eq!(call(&service, &other_ip).await.0, StatusCode::SEE_OTHER, "another family is not held back");
    assert_eq!(call(&service, &event("function-url-form-base64.json")).await.0, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn an_oversized_base64_body_gets_413() {
    use base64::Engine;
    let service = Service::new();
    let mut json: serde_json::Value = serde_json::from_str(&event("apigw-v2-form-base64.json")).unwrap();
    let body = format!("{}&note={}", common::FORM, "x".repeat(20_000));
    json["body"] = base64::engine::general_purpose::STANDARD.encode(&body).into();
    json["headers"]["content-length"] = body.len().to_string().into();
    let (status, _, _) = call(&service, &json.to_string()).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(service.stored(), 0);
}

#[tokio::test]
async fn behind_cloudfront_the_viewer_is_counted_not_the_edge() {
    let mut settings = common::settings();
    settings.rate_limit_per_hour = 1;
    settings.client_address_header = Some(header::HeaderName::from_static("cloudfront-viewer-address"));
    let service = Service::with_settings(settings);
    let from = |viewer: &str| {
        let mut json: serde_json::Value = serde_json::from_str(&event("apigw-v2-form-base64.json")).unwrap();
        json["requestContext"]["http"]["sourceIp"] = "130.176.88.12".into(); // one CloudFront edge for all
        json["headers"]["cloudfront-viewer-address"] = viewer.into();
        json.to_string()
    };
    assert_eq!(call(&service, &from("198.51.100.23:50211")).await.0, StatusCode::SEE_OTHER);
    let other_family = call(&service, &from("2001:db8:4:5::20:443")).await.0;
    assert_eq!(other_family, StatusCode::SEE_OTHER, "another family behind the same edge");
    let same_family = call(&service, &from("198.51.100.23:50999")).await.0;
    assert_eq!(same_family, StatusCode::TOO_MANY_REQUESTS, "the same family on a new connection");
}
