//! `pthv serve`: builds the site and serves it on 127.0.0.1 with the request service on
//! the same origin, as in production, storing requests in an embedded SQLite file
//! (or in DynamoDB with `--dynamodb`).

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use handler::store::dynamo::DynamoStore;
use handler::store::sqlite::SqliteStore;
use handler::{App, Settings};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub struct ServeOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub port: u16,
    /// Where the embedded store and the local secret live.
    pub data_dir: PathBuf,
    pub dynamodb: bool,
}

pub fn run(options: ServeOptions) -> ExitCode {
    let base_url = format!("http://127.0.0.1:{}/", options.port);
    let build = generator::BuildOptions {
        root: options.root.clone(),
        out: options.out.clone(),
        base_url: Some(base_url.clone()),
    };
    match generator::build(&build) {
        Ok(report) => eprintln!("Built {} pages in {} ms.", report.pages, report.elapsed.as_millis()),
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
    match runtime.block_on(serve(options, base_url)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(options: ServeOptions, base_url: String) -> anyhow::Result<()> {
    handler::telemetry::init_text();
    let app = request_service(&options).await?;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, options.port));
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
        format!("cannot listen on {addr}; is another pthv serve running? Try --port {}", options.port.wrapping_add(1))
    })?;
    eprintln!("Serving the site at {base_url} (press Ctrl+C to stop).");
    let router = router(app, options.out).layer(axum::middleware::from_fn(handler::app::log_requests));
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
        .context("the server stopped")
}

/// The request service with the form as the site defines it now.
async fn request_service(options: &ServeOptions) -> anyhow::Result<App> {
    let config = generator::config::Config::load(&options.root).map_err(|d| anyhow::anyhow!("{}", d[0]))?;
    let (schema, problems) = generator::form::load(&options.root, &config);
    if let Some(p) = problems.first() {
        anyhow::bail!("{p}");
    }
    let schema = schema.context("the site has no request form (content/data/visit-request.toml)")?;
    let secret = local_secret(&options.data_dir)?;
    let settings = Settings::new(schema, &config.default_language().code, "/", secret).with_env_limits()?;
    if options.dynamodb {
        let table = |var: &str, default: &str| std::env::var(var).unwrap_or_else(|_| default.to_string());
        let store =
            DynamoStore::from_env(table("REQUESTS_TABLE", "pthv-requests"), table("GUARDS_TABLE", "pthv-guards")).await;
        if std::env::var_os("AWS_ENDPOINT_URL_DYNAMODB").is_some() {
            store.create_tables().await.context("cannot create the tables in the local DynamoDB")?;
        }
        eprintln!("Requests are stored in DynamoDB.");
        Ok(App::new(store, settings))
    } else {
        let path = options.data_dir.join("requests.sqlite");
        let store = SqliteStore::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
        eprintln!("Requests are stored in {}.", path.display());
        Ok(App::new(store, settings))
    }
}

/// The key of this computer's hashes, made once and kept beside the embedded store.
fn local_secret(dir: &Path) -> anyhow::Result<Vec<u8>> {
    let path = dir.join("secret");
    if let Ok(secret) = std::fs::read(&path) {
        return Ok(secret);
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let secret: String = (0..64).map(|_| format!("{:x}", rand::random::<u8>() & 0xf)).collect();
    std::fs::write(&path, &secret).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(secret.into_bytes())
}

/// The service's routes first, then the site's files, with each language's own 404.
pub fn router(app: App, out: PathBuf) -> Router {
    let not_found_dir = out.clone();
    let not_found = move |uri: Uri| {
        let out = not_found_dir.clone();
        async move { not_found_page(&out, uri.path()).await }
    };
    handler::api_routes(app)
        .fallback_service(
            ServeDir::new(out).append_index_html_on_directories(true).fallback(axum::routing::get(not_found)),
        )
        // The policy production will send, so the browser tests catch anything inline.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(SITE_CSP),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}

/// The site's content security policy: nothing but its own files, no inline script or
/// style, no framing. The deployment's CloudFront headers must say the same.
pub const SITE_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// The 404 page of the language whose folder the address is in, else the default one.
async fn not_found_page(out: &Path, path: &str) -> Response {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let localized = out.join(first).join("404.html");
    let page = if !first.is_empty() && localized.is_file() { localized } else { out.join("404.html") };
    match tokio::fs::read_to_string(&page).await {
        Ok(html) => (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "Not found").into_response(),
    }
}
