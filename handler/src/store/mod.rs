//! Where requests are kept. One trait, two implementations that pass the same test
//! suite: DynamoDB in AWS, SQLite on a laptop.

pub mod dynamo;
pub mod sqlite;

use std::collections::BTreeMap;

use pthv_form::validate::Answer;
use serde::{Deserialize, Serialize};

/// What a coordinator works through: a request's life from new to done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    New,
    Assigned,
    Scheduled,
    Completed,
    Declined,
    Withdrawn,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Assigned => "assigned",
            Self::Scheduled => "scheduled",
            Self::Completed => "completed",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::New, Self::Assigned, Self::Scheduled, Self::Completed, Self::Declined, Self::Withdrawn]
            .into_iter()
            .find(|st| st.as_str() == s)
    }
}

/// A request as stored: the family's answers and the coordinators' fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredRequest {
    /// ULID: unique, and sorts by creation time.
    pub id: String,
    /// The short code the family is given, e.g. `KM4X-XR7C`.
    pub reference: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub lang: String,
    pub school: String,
    pub status: Status,
    pub answers: BTreeMap<String, Answer>,
    /// Raised on every change, so two coordinators cannot overwrite each other.
    pub version: u64,
    /// Unix seconds after which the request is deleted (DynamoDB TTL).
    pub expires_at: i64,
}

/// Seconds since 1970, as expiry times are kept.
pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

pub(crate) fn unavailable(e: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(e.to_string())
}

/// The outcome of storing a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inserted {
    Created,
    /// The same submission was stored before; its reference is given back.
    Duplicate {
        reference: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("a request with id {0} already exists")]
    Exists(String),
    #[error("the store is unavailable: {0}")]
    Unavailable(String),
}

/// Storage of requests, plus the two small guards the form needs: recognising a
/// submission sent twice, and counting submissions per client for the rate limit.
/// Guard keys are keyed hashes: no personal data goes into them.
#[async_trait::async_trait]
pub trait Store: Send + Sync {
    /// Stores `request` unless a submission with `dedupe_key` was stored before (until
    /// `dedupe_expires_at`), atomically. Never overwrites a stored request.
    async fn insert(
        &self,
        request: &StoredRequest,
        dedupe_key: &str,
        dedupe_expires_at: i64,
    ) -> Result<Inserted, StoreError>;

    /// Adds one to the counter `key` (which lapses at `expires_at`) and returns the new count.
    async fn hit(&self, key: &str, expires_at: i64) -> Result<u64, StoreError>;

    async fn get(&self, id: &str) -> Result<Option<StoredRequest>, StoreError>;

    /// Requests at a school with a status, oldest first.
    async fn by_school(&self, school: &str, status: Status) -> Result<Vec<StoredRequest>, StoreError>;
}
