//! One suite, two stores: the embedded SQLite store and DynamoDB, the latter against
//! Amazon's DynamoDB Local, which `tests/run.sh` starts and names in
//! PTHV_TEST_DYNAMODB (e.g. http://127.0.0.1:8001).

use std::collections::BTreeMap;

use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use pthv_form::validate::Answer;
use pthv_handler::reference::{new_id, new_reference};
use pthv_handler::store::dynamo::DynamoStore;
use pthv_handler::store::sqlite::SqliteStore;
use pthv_handler::store::{Inserted, Status, Store, StoreError, StoredRequest};

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

fn request(school: &str) -> StoredRequest {
    StoredRequest {
        id: new_id(),
        reference: new_reference(),
        created_at: "2026-12-03T18:00:00Z".into(),
        lang: "es".into(),
        school: school.into(),
        status: Status::New,
        answers: BTreeMap::from([
            ("parent_name".into(), Answer::One("María José".into())),
            ("times".into(), Answer::Many(vec!["weekend".into(), "weekday-evening".into()])),
            ("note".into(), Answer::One("Línea uno\nlínea dos — “comillas”".into())),
        ]),
        version: 1,
        expires_at: now() + 365 * 86_400,
    }
}

async fn suite(store: &dyn Store) {
    // Stored as given, read back the same.
    let first = request("valdez-elementary");
    assert_eq!(store.insert(&first, "dedupe-1", now() + 60).await.unwrap(), Inserted::Created);
    assert_eq!(store.get(&first.id).await.unwrap().as_ref(), Some(&first));
    assert_eq!(store.get("01NOSUCHREQUEST0000000000").await.unwrap(), None);

    // The same submission again: nothing new, the first reference back.
    let again = request("valdez-elementary");
    assert_eq!(
        store.insert(&again, "dedupe-1", now() + 60).await.unwrap(),
        Inserted::Duplicate { reference: first.reference.clone() }
    );
    assert_eq!(store.get(&again.id).await.unwrap(), None);

    // Never overwritten, even by a request reusing an id.
    let mut clash = request("east-high");
    clash.id = first.id.clone();
    assert!(matches!(store.insert(&clash, "dedupe-2", now() + 60).await, Err(StoreError::Exists(_))));
    assert_eq!(store.get(&first.id).await.unwrap().unwrap().school, "valdez-elementary");
    // The failed write left no guard behind: the same submission can still be stored.
    let retry = request("east-high");
    assert_eq!(store.insert(&retry, "dedupe-2", now() + 60).await.unwrap(), Inserted::Created);

    // A lapsed guard no longer counts.
    let old = request("north-high");
    assert_eq!(store.insert(&old, "dedupe-3", now() - 1).await.unwrap(), Inserted::Created);
    let later = request("north-high");
    assert_eq!(store.insert(&later, "dedupe-3", now() + 60).await.unwrap(), Inserted::Created);

    // New requests at a school, oldest first, and only that school's.
    let second = request("valdez-elementary");
    store.insert(&second, "dedupe-4", now() + 60).await.unwrap();
    let ids: Vec<String> =
        store.by_school("valdez-elementary", Status::New).await.unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(ids, [first.id.clone(), second.id.clone()]);
    assert!(store.by_school("valdez-elementary", Status::Scheduled).await.unwrap().is_empty());
    assert_eq!(store.by_school("north-high", Status::New).await.unwrap().len(), 2);

    // Counters count.
    let lapse = now() + 3600;
    assert_eq!(store.hit("client-a", lapse).await.unwrap(), 1);
    assert_eq!(store.hit("client-a", lapse).await.unwrap(), 2);
    assert_eq!(store.hit("client-b", lapse).await.unwrap(), 1);
    assert_eq!(store.hit("client-a", lapse).await.unwrap(), 3);
}

#[tokio::test]
async fn sqlite_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("nested/requests.sqlite")).unwrap();
    suite(&store).await;
}

#[tokio::test]
async fn sqlite_store_keeps_requests_across_restarts_and_drops_expired_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("requests.sqlite");
    let kept = request("east-high");
    let mut expired = request("east-high");
    expired.expires_at = now() - 1;
    {
        let store = SqliteStore::open(&path).unwrap();
        store.insert(&kept, "a", now() + 60).await.unwrap();
        store.insert(&expired, "b", now() + 60).await.unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.get(&kept.id).await.unwrap(), Some(kept));
    assert_eq!(store.get(&expired.id).await.unwrap(), None);
}

#[tokio::test]
async fn sqlite_store_reports_a_row_it_cannot_read_instead_of_guessing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("requests.sqlite");
    let store = SqliteStore::open(&path).unwrap();
    let r = request("east-high");
    store.insert(&r, "a", now() + 60).await.unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE requests SET status = 'lost' WHERE id = ?1", [&r.id]).unwrap();
    assert!(matches!(store.get(&r.id).await, Err(StoreError::Unavailable(why)) if why.contains("lost")));
    conn.execute("UPDATE requests SET status = 'new', answers = '{' WHERE id = ?1", [&r.id]).unwrap();
    assert!(store.get(&r.id).await.is_err());
    assert!(store.by_school("east-high", Status::New).await.is_err());
}

/// Families' answers and the key of their hashes are readable by the owner alone.
#[cfg(unix)]
#[tokio::test]
async fn the_embedded_store_and_its_secret_are_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("site/.pthv");
    let store = SqliteStore::open(&data.join("requests.sqlite")).unwrap();
    store.insert(&request("east-high"), "a", now() + 60).await.unwrap();
    let secret = pthv_handler::local::secret(&data).unwrap();

    assert_eq!(mode(&data), 0o700);
    for file in ["requests.sqlite", "requests.sqlite-wal", "secret"] {
        assert_eq!(mode(&data.join(file)), 0o600, "{file}");
    }
    assert_eq!(secret.len(), 64);
    assert_eq!(pthv_handler::local::secret(&data).unwrap(), secret, "made once, then kept");

    // A folder given that exists already, shared on purpose, is left as it is.
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o755)).unwrap();
    SqliteStore::open(&shared.join("requests.sqlite")).unwrap();
    assert_eq!(mode(&shared), 0o755);
    assert_eq!(mode(&shared.join("requests.sqlite")), 0o600);
}

/// A store on fresh tables of DynamoDB Local, with their names.
async fn dynamo() -> Option<DynamoStore> {
    dynamo_tables().await.map(|(store, _, _)| store)
}

async fn dynamo_tables() -> Option<(DynamoStore, aws_sdk_dynamodb::Client, String)> {
    let Ok(endpoint) = std::env::var("PTHV_TEST_DYNAMODB") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "PTHV_TEST_DYNAMODB must name the DynamoDB Local that tests/run.sh starts"
        );
        eprintln!("skipped: PTHV_TEST_DYNAMODB is not set (bash tests/run.sh starts DynamoDB Local and sets it)");
        return None;
    };
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("test", "test", None, None, "tests"))
        .build();
    let suffix = new_id().to_lowercase();
    let client = aws_sdk_dynamodb::Client::from_conf(config);
    let requests = format!("requests-{suffix}");
    let store = DynamoStore::new(client.clone(), &requests, format!("guards-{suffix}"));
    store.create_tables().await.unwrap();
    store.create_tables().await.expect("creating existing tables again is harmless");
    Some((store, client, requests))
}

#[tokio::test]
async fn dynamodb_store_reports_an_item_it_cannot_read_instead_of_guessing() {
    use aws_sdk_dynamodb::types::AttributeValue;
    let Some((store, client, table)) = dynamo_tables().await else { return };
    let r = request("east-high");
    store.insert(&r, "a", now() + 60).await.unwrap();
    let set = |expression: &'static str, value: AttributeValue| {
        client
            .update_item()
            .table_name(&table)
            .key("id", AttributeValue::S(r.id.clone()))
            .update_expression(expression)
            .expression_attribute_values(":v", value)
            .send()
    };
    set("SET answers.times = :v", AttributeValue::N("3".into())).await.unwrap();
    assert!(matches!(store.get(&r.id).await, Err(StoreError::Unavailable(why)) if why.contains("`times`")));
    set("SET answers = :v", AttributeValue::S("not a map".into())).await.unwrap();
    assert!(store.get(&r.id).await.is_err());
    assert!(store.by_school("east-high", Status::New).await.is_err());
}

#[tokio::test]
async fn dynamodb_store() {
    if let Some(store) = dynamo().await {
        suite(&store).await;
    }
}

#[tokio::test]
async fn dynamodb_store_pages_through_a_large_school() {
    let Some(store) = dynamo().await else { return };
    // Enough items (about 1.5 MB) that DynamoDB answers the query in several pages.
    let mut ids = Vec::new();
    for i in 0..300 {
        let mut r = request("big-school");
        r.answers.insert("note".into(), Answer::One("x".repeat(5000)));
        store.insert(&r, &format!("big-{i}"), now() + 60).await.unwrap();
        ids.push(r.id);
    }
    let found: Vec<String> =
        store.by_school("big-school", Status::New).await.unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(found, ids);
}

#[tokio::test]
async fn dynamodb_unreachable_is_an_error_not_a_hang() {
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url("http://127.0.0.1:9") // discard port: nothing listens
        .credentials_provider(Credentials::new("test", "test", None, None, "tests"))
        .build();
    let store = DynamoStore::new(aws_sdk_dynamodb::Client::from_conf(config), "r", "g");
    let started = std::time::Instant::now();
    assert!(matches!(store.insert(&request("x"), "k", now() + 60).await, Err(StoreError::Unavailable(_))));
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}
