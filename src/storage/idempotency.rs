//! Idempotency keys: the first response to a keyed submission, stored in the
//! same transaction as the comment so a retry can never create a second one.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
    QueryTrait, Statement,
};

use super::entities::idempotency_keys;
use super::StorageError;

/// A client's key and a hash of the request it came with.
#[derive(Debug, Clone)]
pub struct IdempotentRequest {
    pub key: String,
    pub request_hash: String,
}

/// The response the first request got, replayed to its retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedResponse {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

/// A key still within its window: the hash it was first used with and the
/// response it got.
pub async fn find(
    db: &DatabaseConnection,
    key: &str,
    since: DateTime<Utc>,
) -> Result<Option<(String, SavedResponse)>, StorageError> {
    let row = idempotency_keys::Entity::find_by_id(key.to_owned())
        .filter(idempotency_keys::Column::CreatedAt.gte(since))
        .one(db)
        .await?;
    Ok(row.map(|r| {
        (
            r.request_hash,
            SavedResponse {
                status: r.status as u16,
                location: r.location,
                body: r.response_body,
            },
        )
    }))
}

/// The two statements that claim the key inside the submission's
/// transaction: dropping an expired use of the same key (which must not
/// block a new one), then the insert, which a concurrent request that
/// claimed the key first makes fail on the primary key.
pub(super) fn claim_statements(
    request: &IdempotentRequest,
    response: &SavedResponse,
    now: DateTime<Utc>,
    expired_before: DateTime<Utc>,
    backend: DbBackend,
) -> [Statement; 2] {
    let expired = idempotency_keys::Entity::delete_many()
        .filter(idempotency_keys::Column::Key.eq(request.key.as_str()))
        .filter(idempotency_keys::Column::CreatedAt.lt(expired_before))
        .build(backend);
    let claim = idempotency_keys::Entity::insert(idempotency_keys::ActiveModel {
        key: Set(request.key.clone()),
        request_hash: Set(request.request_hash.clone()),
        status: Set(response.status as i16),
        location: Set(response.location.clone()),
        response_body: Set(response.body.clone()),
        created_at: Set(now),
    })
    .build(backend);
    [expired, claim]
}

/// Deletes keys older than `cutoff`; returns how many went.
pub async fn purge_before(
    db: &DatabaseConnection,
    cutoff: DateTime<Utc>,
) -> Result<u64, StorageError> {
    let deleted = idempotency_keys::Entity::delete_many()
        .filter(idempotency_keys::Column::CreatedAt.lt(cutoff))
        .exec(db)
        .await?;
    Ok(deleted.rows_affected)
}
