//! The notification outbox: enqueueing inside callers' transactions, and
//! claiming, completing and retrying rows for the worker. Claims take a lease
//! so two workers never send the same row at once, and a worker that dies
//! mid-send has its lease expire and the row retried.

use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend,
    DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
    Statement,
};
use uuid::Uuid;

use super::entities::{author_preferences, notifications};
use super::StorageError;
use crate::config::Preference;

/// What kind of email a row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One held comment, mailed at once.
    Held,
    /// A held comment waiting for its author's digest window.
    DigestItem,
    /// Tells a commenter their comment was approved.
    Approved,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Held => "held",
            Self::DigestItem => "digest_item",
            Self::Approved => "approved",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "held" => Some(Self::Held),
            "digest_item" => Some(Self::DigestItem),
            "approved" => Some(Self::Approved),
            _ => None,
        }
    }
}

/// An email to enqueue about a comment.
#[derive(Debug, Clone)]
pub struct NewNotice {
    pub kind: Kind,
    pub recipient: String,
    pub due_at: DateTime<Utc>,
}

pub async fn enqueue<C: ConnectionTrait>(
    db: &C,
    notice: &NewNotice,
    comment_id: &str,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    enqueue_query(notice, comment_id, now)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The insert behind [`enqueue`], for callers that run it themselves.
pub(super) fn enqueue_query(
    notice: &NewNotice,
    comment_id: &str,
    now: DateTime<Utc>,
) -> sea_orm::Insert<notifications::ActiveModel> {
    notifications::Entity::insert(notice_model(notice, comment_id, now))
}

/// The outbox row for a notice about `comment_id`.
pub(super) fn notice_model(
    notice: &NewNotice,
    comment_id: &str,
    now: DateTime<Utc>,
) -> notifications::ActiveModel {
    notifications::ActiveModel {
        id: Set(Uuid::now_v7().to_string()),
        kind: Set(notice.kind.as_str().to_owned()),
        recipient: Set(notice.recipient.clone()),
        comment_id: Set(Some(comment_id.to_owned())),
        status: Set("pending".to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(notice.due_at),
        lease_owner: Set(None),
        lease_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
    }
}

/// A row the worker now holds.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Claimed {
    pub id: String,
    pub kind: String,
    pub recipient: String,
    pub comment_id: Option<String>,
    pub attempts: i32,
}

/// Leases up to `limit` due rows to `worker`. PostgreSQL skips rows other
/// workers hold locked; SQLite has one writer, so the update is atomic.
pub async fn claim(
    db: &DatabaseConnection,
    worker: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Claimed>, StorageError> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => {
            "UPDATE notifications SET lease_owner = $1, lease_until = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM notifications WHERE status = 'pending' AND next_attempt_at <= $3 \
             AND (lease_until IS NULL OR lease_until < $3) ORDER BY next_attempt_at LIMIT $4 \
             FOR UPDATE SKIP LOCKED) \
             RETURNING id, kind, recipient, comment_id, attempts"
        }
        _ => {
            "UPDATE notifications SET lease_owner = ?, lease_until = ?, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM notifications WHERE status = 'pending' AND next_attempt_at <= ? \
             AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at LIMIT ?) \
             RETURNING id, kind, recipient, comment_id, attempts"
        }
    };
    let values: Vec<sea_orm::Value> = match backend {
        DatabaseBackend::Postgres => vec![
            worker.into(),
            lease_until.into(),
            now.into(),
            (limit as i64).into(),
        ],
        _ => vec![
            worker.into(),
            lease_until.into(),
            now.into(),
            now.into(),
            (limit as i64).into(),
        ],
    };
    let rows = Claimed::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
        .all(db)
        .await?;
    Ok(rows)
}

/// Marks held rows sent (or `skipped` when nothing was left to say).
pub async fn complete(
    db: &DatabaseConnection,
    ids: &[String],
    worker: &str,
    status: &str,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    notifications::Entity::update_many()
        .col_expr(notifications::Column::Status, Expr::value(status))
        .col_expr(notifications::Column::SentAt, Expr::value(now))
        .col_expr(
            notifications::Column::LeaseOwner,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            notifications::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(notifications::Column::Id.is_in(ids.to_vec()))
        .filter(notifications::Column::LeaseOwner.eq(worker))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a failed attempt: retry at `retry_at`, or `dead` when `retry_at` is `None`.
pub async fn fail(
    db: &DatabaseConnection,
    ids: &[String],
    worker: &str,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<(), StorageError> {
    let mut update = notifications::Entity::update_many()
        .col_expr(
            notifications::Column::LastError,
            Expr::value(error.chars().take(1000).collect::<String>()),
        )
        .col_expr(
            notifications::Column::LeaseOwner,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            notifications::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        );
    update = match retry_at {
        Some(at) => update.col_expr(notifications::Column::NextAttemptAt, Expr::value(at)),
        None => update.col_expr(notifications::Column::Status, Expr::value("dead")),
    };
    update
        .filter(notifications::Column::Id.is_in(ids.to_vec()))
        .filter(notifications::Column::LeaseOwner.eq(worker))
        .exec(db)
        .await?;
    Ok(())
}

/// Rows in one status, newest first.
pub async fn list(
    db: &DatabaseConnection,
    status: &str,
    limit: u64,
) -> Result<Vec<notifications::Model>, StorageError> {
    Ok(notifications::Entity::find()
        .filter(notifications::Column::Status.eq(status))
        .order_by_desc(notifications::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Puts a dead row back in the queue; false when no dead row has that id.
pub async fn requeue(
    db: &DatabaseConnection,
    id: &str,
    now: DateTime<Utc>,
) -> Result<bool, StorageError> {
    let result = notifications::Entity::update_many()
        .col_expr(notifications::Column::Status, Expr::value("pending"))
        .col_expr(notifications::Column::Attempts, Expr::value(0))
        .col_expr(notifications::Column::NextAttemptAt, Expr::value(now))
        .filter(notifications::Column::Id.eq(id))
        .filter(notifications::Column::Status.eq("dead"))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// An author's stored delivery preference.
pub async fn preference(
    db: &DatabaseConnection,
    email: &str,
) -> Result<Option<Preference>, StorageError> {
    let found = preference_select(email)
        .into_tuple::<String>()
        .one(db)
        .await?;
    Ok(found.as_deref().and_then(Preference::parse))
}

/// The query behind [`preference`]: the author's one column, if set.
pub(super) fn preference_select(email: &str) -> sea_orm::Select<author_preferences::Entity> {
    author_preferences::Entity::find_by_id(email.to_lowercase())
        .select_only()
        .column(author_preferences::Column::Preference)
}

pub async fn set_preference(
    db: &DatabaseConnection,
    email: &str,
    preference: Preference,
) -> Result<(), StorageError> {
    let model = author_preferences::ActiveModel {
        email: Set(email.to_lowercase()),
        preference: Set(preference.as_str().to_owned()),
        updated_at: Set(Utc::now()),
    };
    author_preferences::Entity::insert(model)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(author_preferences::Column::Email)
                .update_columns([
                    author_preferences::Column::Preference,
                    author_preferences::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}
