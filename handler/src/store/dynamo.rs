//! DynamoDB: a table of requests (key `id`, index `by_school` on school and
//! `status_id` = "<status>#<id>", so "new requests at a school, oldest first" is one
//! query) and a table of guards (key `key`; dedupe and rate-limit counters; TTL on
//! `expires_at`). The requests table also has TTL on `expires_at`.

use std::collections::HashMap;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, Put, ReturnValue, ReturnValuesOnConditionCheckFailure, ScalarAttributeType, TransactWriteItem,
};
use pthv_form::validate::Answer;

use super::{Inserted, Status, Store, StoreError, StoredRequest, unavailable, unix_now};

pub const BY_SCHOOL_INDEX: &str = "by_school";

#[derive(Clone)]
pub struct DynamoStore {
    client: Client,
    requests_table: String,
    guards_table: String,
}

type Item = HashMap<String, AttributeValue>;

/// The SDK's errors carry their detail in the source chain; keep all of it.
fn sdk_error<E: std::error::Error + 'static>(e: SdkError<E>) -> StoreError {
    StoreError::Unavailable(aws_sdk_dynamodb::error::DisplayErrorContext(e).to_string())
}

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_string())
}

fn n(v: impl ToString) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

fn status_id(status: Status, id: &str) -> String {
    format!("{}#{id}", status.as_str())
}

fn to_item(r: &StoredRequest) -> Item {
    let answers = r
        .answers
        .iter()
        .map(|(k, a)| {
            let v = match a {
                Answer::One(text) => s(text),
                Answer::Many(list) => AttributeValue::L(list.iter().map(|x| s(x)).collect()),
            };
            (k.clone(), v)
        })
        .collect();
    HashMap::from([
        ("id".into(), s(&r.id)),
        ("reference".into(), s(&r.reference)),
        ("created_at".into(), s(&r.created_at)),
        ("lang".into(), s(&r.lang)),
        ("school".into(), s(&r.school)),
        ("status".into(), s(r.status.as_str())),
        ("status_id".into(), s(&status_id(r.status, &r.id))),
        ("answers".into(), AttributeValue::M(answers)),
        ("version".into(), n(r.version)),
        ("expires_at".into(), n(r.expires_at)),
    ])
}

fn from_item(item: &Item) -> Result<StoredRequest, StoreError> {
    let text = |k: &str| {
        item.get(k)
            .and_then(|v| v.as_s().ok())
            .cloned()
            .ok_or_else(|| unavailable(format!("stored request lacks `{k}`")))
    };
    let number = |k: &str| {
        item.get(k)
            .and_then(|v| v.as_n().ok())
            .and_then(|v| v.parse::<i64>().ok())
            .ok_or_else(|| unavailable(format!("stored request lacks `{k}`")))
    };
    // An item that is not as written here is an error, never shown with answers missing.
    let answers = item
        .get("answers")
        .and_then(|v| v.as_m().ok())
        .ok_or_else(|| unavailable("stored request lacks `answers`"))?
        .iter()
        .map(|(k, v)| {
            let text = |x: &AttributeValue| x.as_s().ok().cloned();
            let answer = match v {
                AttributeValue::S(t) => Some(Answer::One(t.clone())),
                AttributeValue::L(l) => l.iter().map(text).collect::<Option<Vec<_>>>().map(Answer::Many),
                _ => None,
            };
            answer.map(|a| (k.clone(), a)).ok_or_else(|| unavailable(format!("stored answer `{k}` is not text")))
        })
        .collect::<Result<_, _>>()?;
    Ok(StoredRequest {
        id: text("id")?,
        reference: text("reference")?,
        created_at: text("created_at")?,
        lang: text("lang")?,
        school: text("school")?,
        status: Status::parse(&text("status")?).ok_or_else(|| unavailable("stored request has an unknown status"))?,
        answers,
        version: number("version")? as u64,
        expires_at: number("expires_at")?,
    })
}

impl DynamoStore {
    pub fn new(client: Client, requests_table: impl Into<String>, guards_table: impl Into<String>) -> Self {
        Self { client, requests_table: requests_table.into(), guards_table: guards_table.into() }
    }

    /// A client from the environment (credentials, region, `AWS_ENDPOINT_URL_DYNAMODB`).
    pub async fn from_env(requests_table: impl Into<String>, guards_table: impl Into<String>) -> Self {
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        Self::new(Client::new(&config), requests_table, guards_table)
    }

    /// Creates both tables as the deployment template does, for local runs and tests.
    /// Tables that exist already are left as they are.
    pub async fn create_tables(&self) -> Result<(), StoreError> {
        let attr = |name: &str| {
            AttributeDefinition::builder()
                .attribute_name(name)
                .attribute_type(ScalarAttributeType::S)
                .build()
                .map_err(unavailable)
        };
        let key = |name: &str, kind: KeyType| {
            KeySchemaElement::builder().attribute_name(name).key_type(kind).build().map_err(unavailable)
        };
        let requests = self
            .client
            .create_table()
            .table_name(&self.requests_table)
            .billing_mode(BillingMode::PayPerRequest)
            .attribute_definitions(attr("id")?)
            .attribute_definitions(attr("school")?)
            .attribute_definitions(attr("status_id")?)
            .key_schema(key("id", KeyType::Hash)?)
            .global_secondary_indexes(
                GlobalSecondaryIndex::builder()
                    .index_name(BY_SCHOOL_INDEX)
                    .key_schema(key("school", KeyType::Hash)?)
                    .key_schema(key("status_id", KeyType::Range)?)
                    .projection(Projection::builder().projection_type(ProjectionType::All).build())
                    .build()
                    .map_err(unavailable)?,
            );
        let guards = self
            .client
            .create_table()
            .table_name(&self.guards_table)
            .billing_mode(BillingMode::PayPerRequest)
            .attribute_definitions(attr("key")?)
            .key_schema(key("key", KeyType::Hash)?);
        for result in [requests.send().await.map(|_| ()), guards.send().await.map(|_| ())] {
            if let Err(e) = result {
                let exists = e.as_service_error().is_some_and(|se| se.is_resource_in_use_exception());
                if !exists {
                    return Err(sdk_error(e));
                }
            }
        }
        Ok(())
    }
}

#[async_trait::async_trait]
impl Store for DynamoStore {
    async fn insert(
        &self,
        request: &StoredRequest,
        dedupe_key: &str,
        dedupe_expires_at: i64,
    ) -> Result<Inserted, StoreError> {
        let guard = Put::builder()
            .table_name(&self.guards_table)
            .set_item(Some(HashMap::from([
                ("key".into(), s(&format!("dedupe#{dedupe_key}"))),
                ("value".into(), s(&request.reference)),
                ("expires_at".into(), n(dedupe_expires_at)),
            ])))
            // A lapsed guard that TTL has not removed yet no longer counts.
            .condition_expression("attribute_not_exists(#k) OR expires_at <= :now")
            .expression_attribute_names("#k", "key")
            .expression_attribute_values(":now", n(unix_now()))
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .build()
            .map_err(unavailable)?;
        let put = Put::builder()
            .table_name(&self.requests_table)
            .set_item(Some(to_item(request)))
            .condition_expression("attribute_not_exists(id)")
            .build()
            .map_err(unavailable)?;
        let result = self
            .client
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().put(guard).build())
            .transact_items(TransactWriteItem::builder().put(put).build())
            .send()
            .await;
        match result {
            Ok(_) => Ok(Inserted::Created),
            Err(e) => {
                if let Some(TransactWriteItemsError::TransactionCanceledException(cancel)) = e.as_service_error() {
                    let reasons = cancel.cancellation_reasons();
                    let failed = |i: usize| reasons.get(i).and_then(|r| r.code()) == Some("ConditionalCheckFailed");
                    if failed(0) {
                        let reference = reasons[0]
                            .item()
                            .and_then(|item| item.get("value"))
                            .and_then(|v| v.as_s().ok())
                            .cloned()
                            .unwrap_or_default();
                        return Ok(Inserted::Duplicate { reference });
                    }
                    if failed(1) {
                        return Err(StoreError::Exists(request.id.clone()));
                    }
                }
                Err(sdk_error(e))
            }
        }
    }

    async fn hit(&self, key: &str, expires_at: i64) -> Result<u64, StoreError> {
        let out = self
            .client
            .update_item()
            .table_name(&self.guards_table)
            .key("key", s(&format!("rate#{key}")))
            .update_expression("SET #c = if_not_exists(#c, :zero) + :one, expires_at = if_not_exists(expires_at, :exp)")
            .expression_attribute_names("#c", "count")
            .expression_attribute_values(":zero", n(0))
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":exp", n(expires_at))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(sdk_error)?;
        out.attributes()
            .and_then(|a| a.get("count"))
            .and_then(|v| v.as_n().ok())
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| unavailable("the counter came back without a count"))
    }

    async fn get(&self, id: &str) -> Result<Option<StoredRequest>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.requests_table)
            .key("id", s(id))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        out.item().map(from_item).transpose()
    }

    async fn by_school(&self, school: &str, status: Status) -> Result<Vec<StoredRequest>, StoreError> {
        let mut found = Vec::new();
        let mut start: Option<Item> = None;
        loop {
            let out = self
                .client
                .query()
                .table_name(&self.requests_table)
                .index_name(BY_SCHOOL_INDEX)
                .key_condition_expression("school = :school AND begins_with(status_id, :status)")
                .expression_attribute_values(":school", s(school))
                .expression_attribute_values(":status", s(&format!("{}#", status.as_str())))
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(sdk_error)?;
            for item in out.items() {
                found.push(from_item(item)?);
            }
            match out.last_evaluated_key() {
                Some(k) if !k.is_empty() => start = Some(k.clone()),
                _ => return Ok(found),
            }
        }
    }
}
