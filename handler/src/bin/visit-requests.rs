//! The service on AWS Lambda, storing into DynamoDB. Outside Lambda (no
//! `AWS_LAMBDA_RUNTIME_API`) it serves the same router on 127.0.0.1:$PORT (9000), which
//! is handy against DynamoDB Local.

use pthv_handler::store::dynamo::DynamoStore;
use pthv_handler::{App, Settings, router, telemetry};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    let on_lambda = std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some();
    if on_lambda {
        telemetry::init_json()
    } else {
        telemetry::init_text()
    }
    let settings = Settings::from_env()?;
    let table =
        |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set: the deployment names the table"));
    let store = DynamoStore::from_env(table("REQUESTS_TABLE")?, table("GUARDS_TABLE")?).await;
    let app = router(App::new(store, settings)).layer(axum::middleware::from_fn(pthv_handler::app::log_requests));
    if on_lambda {
        lambda_http::run(app).await
    } else {
        let port: u16 = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(9000);
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        tracing::info!("serving on http://127.0.0.1:{port}");
        axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await?;
        Ok(())
    }
}
