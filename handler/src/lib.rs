//! The visit-request service. One axum router serves `POST /api/visit-requests` on AWS
//! Lambda (through `lambda_http`) and, unchanged, inside `pthv serve` on a laptop.
//!
//! - [`settings`]: what the service is configured with (the form, limits, secret).
//! - [`submit`]: a submission's way from body to stored request.
//! - [`respond`] and [`pages`]: answers as JSON for scripts or HTML pages for browsers.
//! - [`guard`]: keyed hashes for the rate limit and for recognising repeats.
//! - [`store`]: the `Store` trait, with DynamoDB and SQLite behind it.
//! - [`local`]: the files kept on a laptop, readable by their owner only.

pub mod app;
pub mod client;
pub mod guard;
pub mod local;
pub mod pages;
pub mod reference;
pub mod respond;
pub mod settings;
pub mod store;
pub mod submit;
pub mod telemetry;

pub use app::{App, api_routes, router};
pub use settings::Settings;
