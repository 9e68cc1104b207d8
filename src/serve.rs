//! `pthv serve`: builds the site and serves it on 127.0.0.1, as it will look when
//! published, with each language's own "page not found".

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use axum::Router;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use tower_http::services::ServeDir;

pub fn run(root: PathBuf, out: PathBuf, port: u16) -> ExitCode {
    let base_url = format!("http://127.0.0.1:{port}/");
    let options = generator::BuildOptions {
        root,
        out: out.clone(),
        base_url: Some(base_url.clone()),
    };
    match generator::build(&options) {
        Ok(report) => eprintln!(
            "Built {} pages in {} ms.",
            report.pages,
            report.elapsed.as_millis()
        ),
        Err(problems) => {
            crate::report_problems(&problems);
            return ExitCode::FAILURE;
        }
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the server: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!(
                    "cannot listen on {addr}: {e}. Is another pthv serve running? Try --port {}",
                    port.wrapping_add(1)
                );
                return ExitCode::FAILURE;
            }
        };
        eprintln!("Serving the site at {base_url} (press Ctrl+C to stop).");
        let app = router(out);
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        match axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await
        {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("the server stopped: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

pub fn router(out: PathBuf) -> Router {
    let not_found_dir = out.clone();
    let not_found = move |uri: Uri| {
        let out = not_found_dir.clone();
        async move { not_found_page(&out, uri.path()).await }
    };
    Router::new().fallback_service(
        ServeDir::new(out)
            .append_index_html_on_directories(true)
            .fallback(axum::routing::get(not_found)),
    )
}

/// The 404 page of the language whose folder the address is in, else the default one.
async fn not_found_page(out: &std::path::Path, path: &str) -> Response {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let localized = out.join(first).join("404.html");
    let page = if !first.is_empty() && localized.is_file() {
        localized
    } else {
        out.join("404.html")
    };
    match tokio::fs::read_to_string(&page).await {
        Ok(html) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "Not found").into_response(),
    }
}
