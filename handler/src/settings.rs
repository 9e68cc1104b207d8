//! The service's configuration, the same on Lambda and locally.

use std::sync::Arc;

use pthv_form::Schema;

/// The form as the site was built with it: compiled in, so a deployed service always
/// checks submissions against the same fields the deployed page shows.
pub const EMBEDDED_SCHEMA: &str = include_str!("../../content/data/visit-request.toml");
pub const EMBEDDED_SCHOOLS: &str = include_str!("../../content/data/schools.toml");

#[derive(Debug, Clone)]
pub struct Settings {
    pub schema: Arc<Schema>,
    /// The site's default language (served at the root); the others live under /<code>/.
    pub default_lang: String,
    /// The site's path prefix, `/` or `/pthv/`.
    pub base_path: String,
    /// Submissions allowed per client address per hour.
    pub rate_limit_per_hour: u64,
    /// Key of the hashes of client addresses and of submissions. Must be the same for
    /// every instance of the service, and secret.
    pub secret: Vec<u8>,
    /// A header that holds the client's address, set by a proxy the service is only
    /// reached through (CloudFront's `cloudfront-viewer-address`); see [`crate::client`].
    pub client_address_header: Option<axum::http::HeaderName>,
    /// The site's own origin (`https://homevisits.example.org`): a submission whose
    /// browser says it comes from another site is refused. None: not checked.
    pub site_origin: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{0}")]
    Schema(String),
    #[error("{0} is not set: {1}")]
    Missing(&'static str, &'static str),
    #[error("{0} is not valid: {1}")]
    Invalid(&'static str, String),
}

/// Largest body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

impl Settings {
    pub fn new(schema: Schema, default_lang: &str, base_path: &str, secret: Vec<u8>) -> Self {
        Self {
            schema: Arc::new(schema),
            default_lang: default_lang.to_string(),
            base_path: base_path.to_string(),
            rate_limit_per_hour: 20,
            secret,
            client_address_header: None,
            site_origin: None,
        }
    }

    pub fn embedded_schema() -> Result<Schema, SettingsError> {
        Schema::parse(EMBEDDED_SCHEMA, EMBEDDED_SCHOOLS, &[])
            .map_err(|e| SettingsError::Schema(e.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")))
    }

    /// On Lambda: `PTHV_SECRET` (at least 32 characters), optional `PTHV_DEFAULT_LANG`
    /// (en), `PTHV_BASE_PATH` (/), `PTHV_SITE_ORIGIN` (none), `PTHV_RATE_LIMIT_PER_HOUR`
    /// (20) and `PTHV_CLIENT_ADDRESS_HEADER` (none).
    pub fn from_env() -> Result<Self, SettingsError> {
        let secret = std::env::var("PTHV_SECRET")
            .map_err(|_| SettingsError::Missing("PTHV_SECRET", "the deployment sets it from a generated secret"))?;
        if secret.len() < 32 {
            return Err(SettingsError::Invalid("PTHV_SECRET", "it must be at least 32 characters".into()));
        }
        let default_lang = std::env::var("PTHV_DEFAULT_LANG").unwrap_or_else(|_| "en".into());
        let base_path = std::env::var("PTHV_BASE_PATH").unwrap_or_else(|_| "/".into());
        let mut settings = Self::new(Self::embedded_schema()?, &default_lang, &base_path, secret.into_bytes());
        if let Ok(origin) = std::env::var("PTHV_SITE_ORIGIN") {
            settings.site_origin = Some(parse_origin(&origin)?);
        }
        settings.with_env_limits()
    }

    /// Applies `PTHV_RATE_LIMIT_PER_HOUR` and `PTHV_CLIENT_ADDRESS_HEADER`, on Lambda and
    /// in `pthv serve` alike.
    pub fn with_env_limits(mut self) -> Result<Self, SettingsError> {
        if let Ok(limit) = std::env::var("PTHV_RATE_LIMIT_PER_HOUR") {
            self.rate_limit_per_hour = limit.parse().map_err(|_| {
                SettingsError::Invalid("PTHV_RATE_LIMIT_PER_HOUR", format!("`{limit}` is not a whole number"))
            })?;
        }
        if let Ok(name) = std::env::var("PTHV_CLIENT_ADDRESS_HEADER") {
            let header = axum::http::HeaderName::try_from(name.trim()).map_err(|_| {
                SettingsError::Invalid("PTHV_CLIENT_ADDRESS_HEADER", format!("`{name}` is not a header name"))
            })?;
            self.client_address_header = Some(header);
        }
        Ok(self)
    }

    /// False when the browser says the submission comes from a page of another site.
    /// Browsers send `Origin` with every POST; a request without one (curl, a monitor)
    /// is judged by the other checks alone.
    pub fn allows_origin(&self, origin: Option<&axum::http::HeaderValue>) -> bool {
        match (&self.site_origin, origin) {
            (Some(site), Some(sent)) => sent.as_bytes().eq_ignore_ascii_case(site.as_bytes()),
            _ => true,
        }
    }

    /// A language the form speaks, or the default one.
    pub fn language<'a>(&'a self, wanted: &'a str) -> &'a str {
        if self.schema.languages().any(|l| l == wanted) { wanted } else { &self.default_lang }
    }

    /// The site's home page in a language.
    pub fn home(&self, lang: &str) -> String {
        if lang == self.default_lang { self.base_path.clone() } else { format!("{}{lang}/", self.base_path) }
    }

    pub fn message(&self, lang: &str, key: &str) -> String {
        self.schema.message(lang, key, &[])
    }
}

/// `https://homevisits.example.org/` → `https://homevisits.example.org`, as browsers
/// write the `Origin` header.
fn parse_origin(raw: &str) -> Result<String, SettingsError> {
    let origin = raw.trim().trim_end_matches('/');
    let rest = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(['/', '?', '#', ' ']) => Ok(origin.to_ascii_lowercase()),
        _ => Err(SettingsError::Invalid(
            "PTHV_SITE_ORIGIN",
            format!("`{raw}` is not an origin such as https://homevisits.example.org"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_written_as_browsers_send_them() {
        assert_eq!(parse_origin("https://Homevisits.example.org/").unwrap(), "https://homevisits.example.org");
        assert!(parse_origin("homevisits.example.org").is_err());
        assert!(parse_origin("https://homevisits.example.org/es/").is_err());
    }
}
