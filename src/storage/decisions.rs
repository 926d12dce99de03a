//! Moderator decisions with optimistic concurrency, and the audit log.

use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use super::entities::{comments, moderation_events};
use super::model;
use super::outbox::{self, Kind, NewNotice};
use super::StorageError;
use crate::domain::moderation::{lessons, Action};
use crate::domain::scoring::learned::Lesson;
use crate::domain::CommentStatus;

/// A comment's state after a decision, or as it stands when a decision lost.
#[derive(Debug, Clone)]
pub struct CommentState {
    pub id: String,
    pub status: String,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// A decision that went through, with what it taught the model.
#[derive(Debug, Clone)]
pub struct Applied {
    pub state: CommentState,
    pub lessons: Vec<Lesson>,
    /// The comment's stored address, which a rejection marks (see
    /// `storage::known`).
    pub client_ip: Option<String>,
}

impl From<&comments::Model> for CommentState {
    fn from(m: &comments::Model) -> Self {
        Self {
            id: m.id.clone(),
            status: m.status.clone(),
            version: m.version,
            updated_at: m.updated_at,
        }
    }
}

/// Why a decision was not applied.
#[derive(Debug, thiserror::Error)]
pub enum DecisionError {
    #[error("no such comment")]
    NotFound,
    /// Someone else decided first; the caller gets the state that won.
    #[error("the comment changed since version {expected}")]
    Conflict {
        expected: i32,
        current: CommentState,
    },
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sea_orm::DbErr> for DecisionError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Storage(e.into())
    }
}

/// A decision to apply.
#[derive(Debug, Clone)]
pub struct DecisionRequest<'a> {
    pub comment_id: &'a str,
    pub action: Action,
    /// The version the moderator saw; `None` acts on whatever is current (bulk).
    pub expected_version: Option<i32>,
    pub actor: &'a str,
    pub note: Option<&'a str>,
    /// Email the commenter (if they left an address) when this publishes the comment.
    pub notify_commenter: bool,
}

/// Applies a decision and records its audit event in one transaction. The
/// update only matches the version it read, so of two moderators acting at
/// once exactly one wins and the other gets a conflict.
pub async fn apply(
    db: &DatabaseConnection,
    request: DecisionRequest<'_>,
) -> Result<Applied, DecisionError> {
    let current = comments::Entity::find_by_id(request.comment_id.to_owned())
        .one(db)
        .await?
        .ok_or(DecisionError::NotFound)?;
    let expected = request.expected_version.unwrap_or(current.version);
    if expected != current.version {
        return Err(DecisionError::Conflict {
            expected,
            current: (&current).into(),
        });
    }
    let to = request.action.target_status();
    let now = Utc::now();

    let txn = db.begin().await?;
    let updated = comments::Entity::update_many()
        .col_expr(comments::Column::Status, Expr::value(to.as_str()))
        .col_expr(comments::Column::Version, Expr::value(current.version + 1))
        .col_expr(comments::Column::UpdatedAt, Expr::value(now))
        .filter(comments::Column::Id.eq(current.id.clone()))
        .filter(comments::Column::Version.eq(current.version))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        txn.rollback().await?;
        let latest = comments::Entity::find_by_id(current.id.clone())
            .one(db)
            .await?
            .ok_or(DecisionError::NotFound)?;
        return Err(DecisionError::Conflict {
            expected,
            current: (&latest).into(),
        });
    }
    // Looked up before this decision's own event is recorded.
    let mut taught = superseded(&txn, &current).await?;
    record_event(
        &txn,
        &current.id,
        request.actor,
        request.action.as_str(),
        Some(&current.status),
        to.as_str(),
        request.note,
        now,
    )
    .await?;
    // The model learns in the same transaction, so counts and decisions agree.
    taught.extend(lessons(
        request.action,
        &current.body,
        current.spam_score,
        current.toxicity_score,
    ));
    model::teach(&txn, &taught).await?;
    let publishes = to == CommentStatus::Approved && current.status != to.as_str();
    if let (true, true, Some(email)) = (publishes, request.notify_commenter, &current.author_email)
    {
        let notice = NewNotice {
            kind: Kind::Approved,
            recipient: email.clone(),
            due_at: now,
        };
        outbox::enqueue(&txn, &notice, &current.id, now).await?;
    }
    txn.commit().await?;
    Ok(Applied {
        state: CommentState {
            id: current.id,
            status: to.as_str().to_owned(),
            version: current.version + 1,
            updated_at: now,
        },
        lessons: taught,
        client_ip: current.client_ip,
    })
}

/// What the comment's latest decision taught, taken back: a decision that
/// reverses an earlier one replaces its lesson rather than adding to it, so
/// that a comment approved by mistake and then marked spam counts once, as
/// spam (as `moderato train --from-history` counts it).
async fn superseded<C: ConnectionTrait>(
    db: &C,
    comment: &comments::Model,
) -> Result<Vec<Lesson>, DecisionError> {
    let latest = moderation_events::Entity::find()
        .select_only()
        .column(moderation_events::Column::Action)
        .filter(moderation_events::Column::CommentId.eq(comment.id.as_str()))
        .filter(moderation_events::Column::Action.is_in(Action::ALL.map(Action::as_str)))
        .order_by_desc(moderation_events::Column::Id)
        .into_tuple::<String>()
        .one(db)
        .await?;
    Ok(latest
        .as_deref()
        .and_then(Action::parse)
        .map(|action| {
            lessons(
                action,
                &comment.body,
                comment.spam_score,
                comment.toxicity_score,
            )
        })
        .unwrap_or_default()
        .into_iter()
        .map(Lesson::retracted)
        .collect())
}

/// Appends one audit event.
#[allow(clippy::too_many_arguments)]
pub async fn record_event<C: ConnectionTrait>(
    db: &C,
    comment_id: &str,
    actor: &str,
    action: &str,
    from: Option<&str>,
    to: &str,
    note: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(), StorageError> {
    moderation_events::Entity::insert(moderation_events::ActiveModel {
        id: Set(Uuid::now_v7().to_string()),
        comment_id: Set(comment_id.to_owned()),
        actor: Set(actor.to_owned()),
        action: Set(action.to_owned()),
        from_status: Set(from.map(str::to_owned)),
        to_status: Set(to.to_owned()),
        note: Set(note.map(str::to_owned)),
        created_at: Set(at),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// A comment's whole trail, oldest first.
pub async fn trail(
    db: &DatabaseConnection,
    comment_id: &str,
) -> Result<Vec<moderation_events::Model>, StorageError> {
    Ok(moderation_events::Entity::find()
        .filter(moderation_events::Column::CommentId.eq(comment_id))
        .order_by_asc(moderation_events::Column::Id)
        .all(db)
        .await?)
}

/// Filters for the audit log.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub comment_id: Option<String>,
    pub actor: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// Only events older than this id (newest-first pagination).
    pub before: Option<String>,
}

/// The audit log, newest first; returns whether more follow.
pub async fn events(
    db: &DatabaseConnection,
    filter: &EventFilter,
    limit: u64,
) -> Result<(Vec<moderation_events::Model>, bool), StorageError> {
    use moderation_events::Column;
    let mut query = moderation_events::Entity::find();
    if let Some(id) = &filter.comment_id {
        query = query.filter(Column::CommentId.eq(id.clone()));
    }
    if let Some(actor) = &filter.actor {
        query = query.filter(Column::Actor.eq(actor.clone()));
    }
    if let Some(since) = filter.since {
        query = query.filter(Column::CreatedAt.gte(since));
    }
    if let Some(until) = filter.until {
        query = query.filter(Column::CreatedAt.lt(until));
    }
    if let Some(before) = &filter.before {
        query = query.filter(Column::Id.lt(before.clone()));
    }
    let mut rows = query
        .order_by_desc(Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    Ok((rows, more))
}
