//! Purging rejected comments after the retention period, with an audit event
//! for each so the trail shows what went and when.

use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
    Select, TransactionTrait,
};

use super::decisions::record_event;
use super::entities::comments;
use super::StorageError;
use crate::domain::CommentStatus;

/// The actor name on purge events.
pub const RETENTION_ACTOR: &str = "retention";

/// The ids of the next rejected comments last changed before `cutoff`, a
/// batch at a time.
pub(super) fn purgeable(cutoff: DateTime<Utc>) -> Select<comments::Entity> {
    comments::Entity::find()
        .select_only()
        .column(comments::Column::Id)
        .filter(super::status::is(CommentStatus::Rejected))
        .filter(comments::Column::UpdatedAt.lt(cutoff))
        .limit(500)
}

/// Deletes comments rejected before `cutoff`, in batches, and returns how many
/// went. Replies to a purged comment stay, as top-level comments.
pub async fn purge_rejected_before(
    db: &DatabaseConnection,
    cutoff: DateTime<Utc>,
) -> Result<u64, StorageError> {
    let mut purged = 0;
    loop {
        let ids: Vec<String> = purgeable(cutoff).into_tuple().all(db).await?;
        if ids.is_empty() {
            return Ok(purged);
        }
        let now = Utc::now();
        let txn = db.begin().await?;
        // Re-read inside the transaction: a moderator may have approved one since.
        let ids: Vec<String> = comments::Entity::find()
            .select_only()
            .column(comments::Column::Id)
            .filter(comments::Column::Id.is_in(ids))
            .filter(comments::Column::Status.eq(CommentStatus::Rejected.as_str()))
            .into_tuple()
            .all(&txn)
            .await?;
        comments::Entity::update_many()
            .col_expr(
                comments::Column::ParentId,
                Expr::value(Option::<String>::None),
            )
            .filter(comments::Column::ParentId.is_in(ids.clone()))
            .exec(&txn)
            .await?;
        let deleted = comments::Entity::delete_many()
            .filter(comments::Column::Id.is_in(ids.clone()))
            .exec(&txn)
            .await?;
        for id in &ids {
            record_event(
                &txn,
                id,
                RETENTION_ACTOR,
                "purge",
                Some(CommentStatus::Rejected.as_str()),
                "purged",
                Some("rejected longer than retention.purge_rejected_after_days"),
                now,
            )
            .await?;
        }
        txn.commit().await?;
        purged += deleted.rows_affected;
        if deleted.rows_affected == 0 {
            return Ok(purged);
        }
    }
}
