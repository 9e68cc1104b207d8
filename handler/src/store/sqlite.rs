//! The embedded store: one SQLite file, so the whole site runs on a laptop with no AWS
//! account, and a coordinator can open the file with any SQLite tool.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, params};

use super::{Inserted, Status, Store, StoreError, StoredRequest, unavailable, unix_now};

#[derive(Clone)]
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
}

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS requests (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL,
    created_at TEXT NOT NULL,
    lang TEXT NOT NULL,
    school TEXT NOT NULL,
    status TEXT NOT NULL,
    answers TEXT NOT NULL,
    version INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_by_school ON requests (school, status, id);
CREATE TABLE IF NOT EXISTS guards (
    key TEXT PRIMARY KEY,
    value TEXT,
    count INTEGER NOT NULL DEFAULT 0,
    expires_at INTEGER NOT NULL
);
";

impl SqliteStore {
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::local::private_dir(dir).map_err(unavailable)?;
        }
        // SQLite gives its journal files the database file's permissions.
        if let Err(e) = crate::local::create_private_file(path, b"")
            && e.kind() != std::io::ErrorKind::AlreadyExists
        {
            return Err(unavailable(e));
        }
        let conn = Connection::open(path).map_err(unavailable)?;
        conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(unavailable)?;
        conn.execute_batch(SCHEMA).map_err(unavailable)?;
        // Requests past their retention period go, as DynamoDB's TTL removes them in AWS.
        conn.execute("DELETE FROM requests WHERE expires_at <= ?1", params![unix_now()]).map_err(unavailable)?;
        conn.execute("DELETE FROM guards WHERE expires_at <= ?1", params![unix_now()]).map_err(unavailable)?;
        Ok(Self { conn: Arc::new(Mutex::new(conn)) })
    }

    /// Runs `f` on the connection off the async threads.
    async fn with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().map_err(|_| unavailable("the database lock was poisoned"))?;
            f(&mut guard)
        })
        .await
        .map_err(unavailable)?
    }
}

/// A row as a request. A row edited by hand into something unreadable is an error, never
/// quietly shown as a new request with no answers.
fn row_to_request(row: &rusqlite::Row) -> rusqlite::Result<StoredRequest> {
    let unreadable = |column: usize, why: Box<dyn std::error::Error + Send + Sync>| {
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, why)
    };
    let status: String = row.get(5)?;
    let status = Status::parse(&status).ok_or_else(|| unreadable(5, format!("unknown status `{status}`").into()))?;
    let answers: String = row.get(6)?;
    let answers = serde_json::from_str(&answers).map_err(|e| unreadable(6, e.into()))?;
    Ok(StoredRequest {
        id: row.get(0)?,
        reference: row.get(1)?,
        created_at: row.get(2)?,
        lang: row.get(3)?,
        school: row.get(4)?,
        status,
        answers,
        version: row.get::<_, i64>(7)? as u64,
        expires_at: row.get(8)?,
    })
}

const COLUMNS: &str = "id, reference, created_at, lang, school, status, answers, version, expires_at";

#[async_trait::async_trait]
impl Store for SqliteStore {
    async fn insert(
        &self,
        request: &StoredRequest,
        dedupe_key: &str,
        dedupe_expires_at: i64,
    ) -> Result<Inserted, StoreError> {
        let request = request.clone();
        let key = format!("dedupe#{dedupe_key}");
        self.with(move |conn| {
            let tx = conn.transaction().map_err(unavailable)?;
            let earlier: Option<String> = tx
                .query_row("SELECT value FROM guards WHERE key = ?1 AND expires_at > ?2", params![key, unix_now()], |r| r.get(0))
                .optional()
                .map_err(unavailable)?;
            if let Some(reference) = earlier {
                return Ok(Inserted::Duplicate { reference });
            }
            let answers = serde_json::to_string(&request.answers).map_err(unavailable)?;
            let inserted = tx
                .execute(
                    &format!("INSERT OR IGNORE INTO requests ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
                    params![request.id, request.reference, request.created_at, request.lang, request.school, request.status.as_str(), answers, request.version as i64, request.expires_at],
                )
                .map_err(unavailable)?;
            if inserted == 0 {
                return Err(StoreError::Exists(request.id));
            }
            tx.execute(
                "INSERT INTO guards (key, value, expires_at) VALUES (?1, ?2, ?3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
                params![key, request.reference, dedupe_expires_at],
            )
            .map_err(unavailable)?;
            tx.commit().map_err(unavailable)?;
            Ok(Inserted::Created)
        })
        .await
    }

    async fn hit(&self, key: &str, expires_at: i64) -> Result<u64, StoreError> {
        let key = format!("rate#{key}");
        self.with(move |conn| {
            // A lapsed counter starts again from one, as DynamoDB's TTL would remove it.
            conn.query_row(
                "INSERT INTO guards (key, count, expires_at) VALUES (?1, 1, ?2)
                 ON CONFLICT (key) DO UPDATE SET
                   count = CASE WHEN guards.expires_at <= ?3 THEN 1 ELSE guards.count + 1 END,
                   expires_at = CASE WHEN guards.expires_at <= ?3 THEN excluded.expires_at ELSE guards.expires_at END
                 RETURNING count",
                params![key, expires_at, unix_now()],
                |r| r.get::<_, i64>(0),
            )
            .map(|c| c as u64)
            .map_err(unavailable)
        })
        .await
    }

    async fn get(&self, id: &str) -> Result<Option<StoredRequest>, StoreError> {
        let id = id.to_string();
        self.with(move |conn| {
            conn.query_row(&format!("SELECT {COLUMNS} FROM requests WHERE id = ?1"), params![id], row_to_request)
                .optional()
                .map_err(unavailable)
        })
        .await
    }

    async fn by_school(&self, school: &str, status: Status) -> Result<Vec<StoredRequest>, StoreError> {
        let school = school.to_string();
        self.with(move |conn| {
            let mut stmt = conn
                .prepare(&format!("SELECT {COLUMNS} FROM requests WHERE school = ?1 AND status = ?2 ORDER BY id"))
                .map_err(unavailable)?;
            let rows = stmt.query_map(params![school, status.as_str()], row_to_request).map_err(unavailable)?;
            rows.collect::<Result<Vec<_>, _>>().map_err(unavailable)
        })
        .await
    }
}
