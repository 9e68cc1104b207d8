//! Every answer the service gives, driven through its router on a real SQLite store.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{FORM, Service, json_request};

fn location(response: &axum::http::Response<Body>) -> String {
    response.headers().get(header::LOCATION).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
}

#[tokio::test]
async fn a_form_post_is_stored_and_redirected_to_thanks_in_its_language() {
    let service = Service::new();
    let (response, _) = service.post_form(FORM).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let to = location(&response);
    assert!(to.starts_with("/api/visit-requests/thanks?ref=") && to.ends_with("&lang=es"), "{to}");
    assert_eq!(service.stored(), 1);

    let (page, html) = service.send(Request::get(to.as_str()).body(Body::empty()).unwrap()).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(html.contains("<html lang=\"es\">"));
    assert!(html.contains("¡Gracias!"));
    let reference = to.split("ref=").nth(1).unwrap().split('&').next().unwrap();
    assert!(html.contains(&format!("<strong>{reference}</strong>")), "{html}");
}

#[tokio::test]
async fn a_json_post_gets_201_with_its_reference() {
    let service = Service::new();
    let (response, body) = service.post_json(&json_request()).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let reference = json["reference"].as_str().unwrap();
    assert_eq!(pthv_handler::reference::parse_reference(reference).as_deref(), Some(reference));
    assert!(json["thanks_url"].as_str().unwrap().ends_with("&lang=en"));
    assert_eq!(service.stored(), 1);
}

#[tokio::test]
async fn the_same_submission_twice_is_stored_once_with_one_reference() {
    let service = Service::new();
    let (first, _) = service.post_form(FORM).await;
    let (second, _) = service.post_form(FORM).await;
    assert_eq!(location(&first), location(&second));
    assert_eq!(service.stored(), 1);

    let (a, body_a) = service.post_json(&json_request()).await;
    let (b, body_b) = service.post_json(&json_request()).await;
    assert_eq!((a.status(), b.status()), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(body_a, body_b);
    assert_eq!(service.stored(), 2);
}

#[tokio::test]
async fn invalid_json_gets_every_field_error_in_its_language() {
    let service = Service::new();
    let mut request = json_request();
    request["lang"] = "es".into();
    request["email"] = "abebe@".into();
    request["grade"] = "13".into();
    let (response, body) = service.post_json(&request).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let fields: Vec<&str> = json["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["email", "grade"]);
    assert!(json["errors"][0]["message"].as_str().unwrap().contains("correo"));
    assert_eq!(service.stored(), 0);
}

#[tokio::test]
async fn an_invalid_form_post_gets_the_form_back_filled_in_and_escaped() {
    let service = Service::new();
    let body = FORM
        .replace("parent_name=Mar%C3%ADa+Jos%C3%A9+Ortega", "parent_name=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .replace("&school=valdez-elementary", "");
    let (response, html) = service.post_form(&body).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("<html lang=\"es\">"));
    assert!(html.contains("<a href=\"#f-school\">Por favor, responda “Escuela”.</a>"), "{html}");
    assert!(html.contains("<h2 id=\"error-summary-title\">Respuestas que corregir: 1</h2>"), "{html}");
    assert!(html.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""), "typed text comes back, escaped");
    assert!(!html.contains("<script>"));
    assert!(html.contains("value=\"weekend\" checked"), "ticked boxes stay ticked");
    assert!(html.contains("aria-invalid=\"true\""));
    assert_eq!(service.stored(), 0);
}

#[tokio::test]
async fn unknown_fields_are_refused() {
    let service = Service::new();
    let (response, body) = service.post_form(&format!("{FORM}&home_address=1+Main+St")).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("home_address"));
    assert_eq!(service.stored(), 0);
}

#[tokio::test]
async fn a_body_over_16_kib_gets_413() {
    let service = Service::new();
    let big = format!("{FORM}&note={}", "a".repeat(17 * 1024));
    let (response, body) = service.post_form(&big).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(body.contains("too long"), "{body}");
    // Also when no Content-Length says so in advance.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = big.into_bytes().chunks(1024).map(|c| Ok(c.to_vec())).collect();
    let stream = Body::from_stream(futures_util::stream::iter(chunks));
    let (response, _) = service
        .send(
            Request::post("/api/visit-requests")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(stream)
                .unwrap(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(service.stored(), 0);
}

#[tokio::test]
async fn other_content_types_get_415() {
    let service = Service::new();
    let (response, body) = service.post("text/plain", FORM.to_string()).await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(body.contains("<html lang=\"en\">"));
    let (response, _) = service.send(Request::post("/api/visit-requests").body(Body::from(FORM)).unwrap()).await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn broken_encodings_get_400() {
    let service = Service::new();
    for body in [&b"lang=es&parent_name=%E9"[..], b"parent_name=%zz", b"parent_name=\xff\xfe"] {
        let (response, _) = service.post("application/x-www-form-urlencoded", body.to_vec()).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body:?}");
    }
    for body in ["{", "[1,2]", "{\"parent_name\": {\"a\": 1}}", "\"text\""] {
        let (response, json) = service.post_json_text(body).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
        assert!(json.contains("\"error\":\"bad_encoding\""), "{json}");
    }
    assert_eq!(service.stored(), 0);
}

#[tokio::test]
async fn other_methods_get_405_with_allow() {
    let service = Service::new();
    for method in ["GET", "PUT", "DELETE", "PATCH"] {
        let request = Request::builder()
            .method(method)
            .uri("/api/visit-requests")
            .header("accept-language", "es-MX,es;q=0.9")
            .body(Body::empty())
            .unwrap();
        let (response, body) = service.send(request).await;
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(response.headers()[header::ALLOW], "POST");
        assert!(body.contains("<html lang=\"es\">"), "answered in the browser's language");
    }
}

#[tokio::test]
async fn unknown_addresses_get_404_and_bad_references_no_thanks() {
    let service = Service::new();
    let (response, _) = service.send(Request::get("/api/nothing").body(Body::empty()).unwrap()).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let (response, body) =
        service.send(Request::get("/api/visit-requests/thanks?ref=%3Cb%3E&lang=es").body(Body::empty()).unwrap()).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(!body.contains("<b>"));
    // A query the service cannot read still gets its page, in the browser's language.
    for query in ["ref=KM4X-XR7C&ref=KM4X-XR7C&lang=es", "ref=%zz&lang=es"] {
        let (response, body) = service
            .send(
                Request::get(format!("/api/visit-requests/thanks?{query}"))
                    .header("accept-language", "es-MX,es;q=0.9")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{query}");
        assert!(body.contains("<html lang=\"es\">"), "{query}: {body}");
    }
}

#[tokio::test]
async fn a_filled_honeypot_looks_like_success_but_stores_nothing() {
    let service = Service::new();
    let (response, _) = service.post_form(&FORM.replace("website=", "website=http%3A%2F%2Fspam.example")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).contains("ref="));
    assert_eq!(service.stored(), 0);
}

#[tokio::test]
async fn too_many_submissions_from_one_address_get_429_in_their_language() {
    let mut settings = common::settings();
    settings.rate_limit_per_hour = 3;
    let service = Service::with_settings(settings);
    for i in 0..3 {
        let (response, _) = service.post_form(&FORM.replace("grade=3", &format!("grade={}", i + 4))).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
    let (response, body) = service.post_form(FORM).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()[header::RETRY_AFTER], "3600");
    assert!(body.contains("Recibimos muchas solicitudes"), "{body}");
    assert_eq!(service.stored(), 3);
}

#[tokio::test]
async fn answers_are_never_cached_and_pages_load_nothing_foreign() {
    let service = Service::new();
    let (response, _) = service.post_form(FORM).await;
    let h = response.headers();
    assert_eq!(h[header::CACHE_CONTROL], "no-store");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(h[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("default-src 'none'"));
}

#[tokio::test]
async fn a_submission_from_another_sites_page_is_refused_in_its_language() {
    let mut settings = common::settings();
    settings.site_origin = Some("https://homevisits.example.org".into());
    let service = Service::with_settings(settings);
    let from = |origin: Option<&str>| {
        let mut request = Request::post("/api/visit-requests")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept-language", "es-US,es;q=0.9");
        if let Some(o) = origin {
            request = request.header("origin", o);
        }
        request.body(Body::from(FORM.replace("grade=3", &format!("grade={}", origin.map_or(5, str::len) % 9)))).unwrap()
    };
    let (response, body) = service.send(from(Some("https://spam.example"))).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(body.contains("<html lang=\"es\">") && body.contains("nuestro sitio web"), "{body}");
    assert_eq!(service.stored(), 0);
    let (response, _) = service.send(from(Some("https://homevisits.example.org"))).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "the site's own page");
    let (response, _) = service.send(from(None)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "no Origin: judged by the other checks");
    assert_eq!(service.stored(), 2);
}
