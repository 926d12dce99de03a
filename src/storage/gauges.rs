//! Counts read when metrics are scraped: the moderation queue, the outbox by
//! status, and the connection pool.

use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, Select,
};

use super::entities::{comments, notifications};
use super::StorageError;
use crate::domain::CommentStatus;

/// Comments waiting for a moderator.
pub async fn queue_depth(db: &DatabaseConnection) -> Result<u64, StorageError> {
    Ok(pending().count(db).await?)
}

/// The comments held for a moderator.
pub(super) fn pending() -> Select<comments::Entity> {
    comments::Entity::find().filter(super::status::is(CommentStatus::Pending))
}

/// Notifications by status (pending, sent, dead, skipped).
pub async fn outbox_by_status(db: &DatabaseConnection) -> Result<Vec<(String, i64)>, StorageError> {
    Ok(notifications::Entity::find()
        .select_only()
        .column(notifications::Column::Status)
        .column_as(notifications::Column::Id.count(), "n")
        .group_by(notifications::Column::Status)
        .into_tuple()
        .all(db)
        .await?)
}

/// Open connections in the pool, and how many of them are idle.
pub fn pool_usage(db: &DatabaseConnection) -> (u32, usize) {
    use sea_orm::DbBackend;
    match db.get_database_backend() {
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => (0, 0),
    }
}
