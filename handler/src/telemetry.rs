//! Logs: structured, JSON on Lambda (CloudWatch reads fields), plain text locally.
//! What is logged is decided where events are written: outcomes, ids, status codes and
//! timings, never what a family typed nor where it came from.

use tracing::Subscriber;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

fn filter() -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"))
}

/// The Lambda format, writing to `writer` (tests capture it to read what is logged).
pub fn json_subscriber<W>(writer: W) -> impl Subscriber + Send + Sync
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter())
        .with_current_span(false)
        .with_ansi(false)
        .without_time() // CloudWatch stamps every line
        .with_writer(writer)
        .finish()
}

pub fn init_json() {
    let _ = tracing::subscriber::set_global_default(json_subscriber(std::io::stdout));
}

pub fn init_text() {
    let _ = tracing_subscriber::fmt().with_env_filter(filter()).with_target(false).try_init();
}
