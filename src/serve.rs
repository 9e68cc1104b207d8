//! `pthv serve`: builds the site and serves it on 127.0.0.1 with the request service on
//! the same origin, as in production, storing requests in an embedded SQLite file
//! (or in DynamoDB with `--dynamodb`). The site is kept in memory and rebuilt as its
//! files change (see `watch` and `preview`).

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, RwLock};

use anyhow::Context;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use generator::live::LiveSite;
use handler::store::Store;
use handler::store::dynamo::DynamoStore;
use handler::store::sqlite::SqliteStore;
use handler::{App, Settings};
use tower::ServiceExt;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::preview::{self, Snapshots};
use crate::watch::Rebuilds;

pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    /// Where the embedded store and the local secret live.
    pub data_dir: PathBuf,
    pub dynamodb: bool,
    /// Reload open pages when the site is rebuilt.
    pub live_reload: bool,
}

pub fn run(options: ServeOptions) -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the server: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(options: ServeOptions) -> anyhow::Result<()> {
    handler::telemetry::init_text();
    let base_url = format!("http://127.0.0.1:{}/", options.port);
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, options.port));
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
        format!("cannot listen on {addr}; is another pthv serve running? Try --port {}", options.port.wrapping_add(1))
    })?;
    let store = open_store(&options).await?;
    let secret = handler::local::secret(&options.data_dir)
        .with_context(|| format!("cannot keep the local secret in {}", options.data_dir.display()))?;
    let api = RequestService::default();
    let on_reload = {
        let api = api.clone();
        Box::new(move |live: &LiveSite| api.follow(live, &store, &secret))
    };
    let (rebuilds, snapshots) = Rebuilds::new(&options.root, &base_url, on_reload);
    rebuilds.watch()?;

    let router = router(api, snapshots.clone(), options.live_reload)
        .layer(axum::middleware::from_fn(handler::app::log_requests));
    eprintln!("Serving the site at {base_url} (press Ctrl+C to stop).");
    if options.live_reload {
        eprintln!("Saved changes rebuild the site and reload the pages open in the browser.");
    }
    let shutdown = async move {
        let _ = tokio::signal::ctrl_c().await;
        // Reload streams stay open otherwise, and the server would wait for them.
        snapshots.send_modify(|s| s.closing = true);
    };
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
        .context("the server stopped")
}

async fn open_store(options: &ServeOptions) -> anyhow::Result<Arc<dyn Store>> {
    if options.dynamodb {
        let table = |var: &str, default: &str| std::env::var(var).unwrap_or_else(|_| default.to_string());
        let store =
            DynamoStore::from_env(table("REQUESTS_TABLE", "pthv-requests"), table("GUARDS_TABLE", "pthv-guards")).await;
        if std::env::var_os("AWS_ENDPOINT_URL_DYNAMODB").is_some() {
            store.create_tables().await.context("cannot create the tables in the local DynamoDB")?;
        }
        eprintln!("Requests are stored in DynamoDB.");
        Ok(Arc::new(store))
    } else {
        let path = options.data_dir.join("requests.sqlite");
        let store = SqliteStore::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
        eprintln!("Requests are stored in {}.", path.display());
        Ok(Arc::new(store))
    }
}

/// The request service, made again from the site's form whenever the site is reloaded,
/// so a school added to the list is accepted as soon as the form offers it.
#[derive(Clone, Default)]
struct RequestService(Arc<RwLock<Option<Router>>>);

impl RequestService {
    fn follow(&self, live: &LiveSite, store: &Arc<dyn Store>, secret: &[u8]) {
        let config = &live.site().config;
        let (schema, _) = generator::form::load(live.root(), config);
        let service = schema.map(|schema| {
            Settings::new(schema, &config.default_language().code, "/", secret.to_vec()).with_env_limits()
        });
        let service = match service {
            Some(Ok(settings)) => Some(handler::router(App { store: store.clone(), settings: Arc::new(settings) })),
            Some(Err(e)) => {
                eprintln!("The request form cannot take requests: {e}");
                None
            }
            None => None,
        };
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = service;
    }

    async fn call(&self, req: Request) -> Response {
        let service = self.0.read().unwrap_or_else(|e| e.into_inner()).clone();
        match service {
            Some(router) => router.oneshot(req).await.into_response(),
            None => (
                StatusCode::SERVICE_UNAVAILABLE,
                "The request form is not working: see the terminal running pthv serve.",
            )
                .into_response(),
        }
    }
}

/// The request service's routes first, then the site.
fn router(api: RequestService, snapshots: Snapshots, live_reload: bool) -> Router {
    let api = axum::routing::any(move |req: Request| {
        let api = api.clone();
        async move { api.call(req).await }
    });
    Router::new()
        .route("/api", api.clone())
        .route("/api/{*rest}", api)
        .merge(preview::routes(snapshots, live_reload))
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
