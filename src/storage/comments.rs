//! Comment queries: storing a scored submission with its audit event, and
//! reading what the public may see.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use super::entities::{comments, moderation_events, posts};
use super::outbox::{self, NewNotice};
use super::StorageError;
use crate::domain::scoring::Verdict;
use crate::domain::{CommentStatus, NewComment, ParentFacts, RequestMeta};

/// What the submitter is told about a stored comment.
#[derive(Debug, Clone)]
pub struct StoredComment {
    pub id: Uuid,
    pub status: CommentStatus,
    pub created_at: DateTime<Utc>,
}

/// A comment as the public listing shows it: never an email, IP or score.
#[derive(Debug, Clone)]
pub struct PublicComment {
    pub id: String,
    pub parent_id: Option<String>,
    pub author_name: String,
    pub author_url: Option<String>,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// The actor name recorded for decisions the pipeline makes.
pub const SYSTEM_ACTOR: &str = "system";

pub async fn parent_facts(
    db: &DatabaseConnection,
    id: Uuid,
) -> Result<Option<ParentFacts>, StorageError> {
    let found = comments::Entity::find_by_id(id.to_string())
        .select_only()
        .column(comments::Column::PostId)
        .column(comments::Column::Status)
        .into_tuple::<(String, String)>()
        .one(db)
        .await?;
    Ok(found.map(|(post_id, status)| ParentFacts {
        post_id,
        status: CommentStatus::parse(&status),
    }))
}

/// Stores the comment, its post (on first comment), the system's decision as
/// the first audit event and the author's notice, all or nothing.
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    db: &DatabaseConnection,
    comment: &NewComment,
    verdict: &Verdict,
    meta: &RequestMeta,
    client_ip: Option<String>,
    notice: Option<&NewNotice>,
    now: DateTime<Utc>,
) -> Result<StoredComment, StorageError> {
    let id = Uuid::now_v7();
    let status = verdict.decision.status();
    let reasons = serde_json::to_string(&verdict.reasons)
        .map_err(|e| StorageError::Query(sea_orm::DbErr::Json(e.to_string())))?;

    // Writes come first in the transaction so that SQLite takes the write
    // lock up front (waiting out the busy timeout) instead of failing to
    // upgrade a read snapshot.
    let txn = db.begin().await?;
    ensure_post(&txn, comment, now).await?;
    comments::Entity::insert(comments::ActiveModel {
        id: Set(id.to_string()),
        post_id: Set(comment.post_id.as_str().to_owned()),
        parent_id: Set(comment.parent_id.map(|p| p.to_string())),
        author_name: Set(comment.author_name.as_str().to_owned()),
        author_email: Set(comment.author_email.as_ref().map(|e| e.as_str().to_owned())),
        author_url: Set(comment.author_url.as_ref().map(|u| u.as_str().to_owned())),
        body: Set(comment.body.as_str().to_owned()),
        status: Set(status.as_str().to_owned()),
        spam_score: Set(verdict.spam),
        toxicity_score: Set(verdict.toxicity),
        score: Set(verdict.score()),
        reasons: Set(reasons),
        client_ip: Set(client_ip),
        user_agent: Set(meta.user_agent.clone()),
        referer: Set(meta.referer.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    })
    .exec_without_returning(&txn)
    .await?;
    moderation_events::Entity::insert(moderation_events::ActiveModel {
        id: Set(Uuid::now_v7().to_string()),
        comment_id: Set(id.to_string()),
        actor: Set(SYSTEM_ACTOR.to_owned()),
        action: Set("submitted".to_owned()),
        from_status: Set(None),
        to_status: Set(status.as_str().to_owned()),
        note: Set(Some(format!(
            "scored spam {:.2}, toxicity {:.2}: {:?}",
            verdict.spam, verdict.toxicity, verdict.decision
        ))),
        created_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    // The author's notice commits with the comment or not at all: it can't be lost.
    if let Some(notice) = notice {
        outbox::enqueue(&txn, notice, &id.to_string(), now).await?;
    }
    txn.commit().await?;

    Ok(StoredComment {
        id,
        status,
        created_at: now,
    })
}

async fn ensure_post<C: ConnectionTrait>(
    db: &C,
    comment: &NewComment,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    posts::Entity::insert(posts::ActiveModel {
        id: Set(comment.post_id.as_str().to_owned()),
        url: Set(comment.post_url.as_ref().map(|u| u.as_str().to_owned())),
        title: Set(comment.post_title.clone()),
        // Never from the public API: a commenter must not choose who gets notified.
        author_email: Set(None),
        created_at: Set(now),
    })
    .on_conflict_do_nothing_on([posts::Column::Id])
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Approved comments of a post in creation order, starting after `after`.
/// Returns at most `limit` items and whether more follow.
pub async fn list_approved(
    db: &DatabaseConnection,
    post_id: &str,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<PublicComment>, bool), StorageError> {
    let mut query = comments::Entity::find()
        .filter(comments::Column::PostId.eq(post_id))
        .filter(comments::Column::Status.eq(CommentStatus::Approved.as_str()));
    if let Some(after) = after {
        query = query.filter(comments::Column::Id.gt(after.to_string()));
    }
    let mut rows = query
        .order_by_asc(comments::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let items = rows
        .into_iter()
        .map(|m| PublicComment {
            id: m.id,
            parent_id: m.parent_id,
            author_name: m.author_name,
            author_url: m.author_url,
            body: m.body,
            created_at: m.created_at,
        })
        .collect();
    Ok((items, more))
}
