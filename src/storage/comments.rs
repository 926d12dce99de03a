//! Comment queries: storing a scored submission with its audit event, and
//! reading what the public may see.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select, Statement, TransactionTrait,
};
use uuid::Uuid;

use super::entities::{comments, moderation_events, notifications, posts};
use super::idempotency::{self, IdempotentRequest, SavedResponse};
use super::outbox::{self, NewNotice};
use super::template::CachedInsert;
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

/// Everything stored for one scored submission.
#[derive(Debug, Clone)]
pub struct NewRow {
    /// Chosen by the caller, so a response naming it can be saved with the row.
    pub id: Uuid,
    pub comment: NewComment,
    pub verdict: Verdict,
    pub meta: RequestMeta,
    /// The address in its stored form (see `privacy.ip_storage`).
    pub client_ip: Option<String>,
    pub notice: Option<NewNotice>,
    /// The idempotency key, the response to replay to its retries, and the
    /// time before which an earlier use of the key has expired.
    pub idempotency: Option<(IdempotentRequest, SavedResponse, DateTime<Utc>)>,
    pub now: DateTime<Utc>,
}

/// One statement of a submission's writes, built by sea-orm for the backend
/// that runs it.
#[derive(Debug, Clone)]
pub struct Step {
    pub(super) statement: Statement,
    /// Claims an idempotency key: a unique violation here means a
    /// concurrent retry won ([`StorageError::KeyTaken`]).
    pub(super) claims_key: bool,
}

impl Step {
    fn plain(statement: Statement) -> Self {
        Self {
            statement,
            claims_key: false,
        }
    }
}

/// Stores one submission in its own transaction: all or nothing.
pub async fn insert(db: &DatabaseConnection, row: &NewRow) -> Result<StoredComment, StorageError> {
    let steps = insert_steps(row, db.get_database_backend())?;
    // Writes come first in the transaction so that SQLite takes the write
    // lock up front (waiting out the busy timeout) instead of failing to
    // upgrade a read snapshot.
    let txn = db.begin().await?;
    for step in steps {
        txn.execute_raw(step.statement).await.map_err(|e| {
            match (step.claims_key, e.sql_err()) {
                (true, Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
                    StorageError::KeyTaken
                }
                _ => StorageError::from(e),
            }
        })?;
    }
    txn.commit().await?;
    Ok(stored(row))
}

/// The statements that store a submission, in order: its post (on first
/// comment), the idempotency key, the comment, the system's decision as
/// the first audit event, and the author's notice. Run in one transaction,
/// the notice commits with the comment or not at all: it can't be lost.
pub(super) fn insert_steps(row: &NewRow, backend: DbBackend) -> Result<Vec<Step>, StorageError> {
    let mut steps = vec![Step::plain(POST_INSERT.statement(
        backend,
        post_model(row),
        |post| {
            posts::Entity::insert(post)
                .on_conflict_do_nothing_on([posts::Column::Id])
                .build(backend)
        },
    ))];
    if let Some((request, response, expired_before)) = &row.idempotency {
        let [expired, claim] =
            idempotency::claim_statements(request, response, row.now, *expired_before, backend);
        steps.push(Step::plain(expired));
        steps.push(Step {
            statement: claim,
            claims_key: true,
        });
    }
    steps.push(Step::plain(COMMENT_INSERT.statement(
        backend,
        comment_model(row)?,
        |comment| comments::Entity::insert(comment).build(backend),
    )));
    steps.push(Step::plain(EVENT_INSERT.statement(
        backend,
        submitted_event(row),
        |event| moderation_events::Entity::insert(event).build(backend),
    )));
    if let Some(notice) = &row.notice {
        steps.push(Step::plain(
            outbox::enqueue_query(notice, &row.id.to_string(), row.now).build(backend),
        ));
    }
    Ok(steps)
}

// One submission's inserts, written out by sea-query once per backend.
static POST_INSERT: CachedInsert = CachedInsert::new();
static COMMENT_INSERT: CachedInsert = CachedInsert::new();
static EVENT_INSERT: CachedInsert = CachedInsert::new();

/// The statements that store several submissions at once, a multi-row
/// insert per table in the order of [`insert_steps`]. Rows claiming an
/// idempotency key are stored by themselves, so they have no place here.
pub(super) fn batch_statements(
    rows: &[&NewRow],
    backend: DbBackend,
) -> Result<Vec<Statement>, StorageError> {
    let mut seen = std::collections::HashSet::new();
    let new_posts = rows
        .iter()
        .filter(|row| seen.insert(row.comment.post_id.as_str()))
        .map(|row| post_model(row));
    let mut statements = vec![posts::Entity::insert_many(new_posts)
        .on_conflict_do_nothing_on([posts::Column::Id])
        .build(backend)];
    let models = rows
        .iter()
        .map(|row| comment_model(row))
        .collect::<Result<Vec<_>, _>>()?;
    statements.push(comments::Entity::insert_many(models).build(backend));
    statements.push(
        moderation_events::Entity::insert_many(rows.iter().map(|row| submitted_event(row)))
            .build(backend),
    );
    let notices: Vec<_> = rows
        .iter()
        .filter_map(|row| {
            let notice = row.notice.as_ref()?;
            Some(outbox::notice_model(notice, &row.id.to_string(), row.now))
        })
        .collect();
    if !notices.is_empty() {
        statements.push(notifications::Entity::insert_many(notices).build(backend));
    }
    Ok(statements)
}

pub(super) fn stored(row: &NewRow) -> StoredComment {
    StoredComment {
        id: row.id,
        status: row.verdict.decision.status(),
        created_at: row.now,
    }
}

/// The post as first seen: the author's email is never taken from the public
/// API, so a commenter cannot choose who gets notified.
fn post_model(row: &NewRow) -> posts::ActiveModel {
    let comment = &row.comment;
    posts::ActiveModel {
        id: Set(comment.post_id.as_str().to_owned()),
        url: Set(comment.post_url.as_ref().map(|u| u.as_str().to_owned())),
        title: Set(comment.post_title.clone()),
        author_email: Set(None),
        created_at: Set(row.now),
    }
}

fn comment_model(row: &NewRow) -> Result<comments::ActiveModel, StorageError> {
    let NewRow {
        id,
        comment,
        verdict,
        meta,
        client_ip,
        now,
        ..
    } = row;
    let reasons = serde_json::to_string(&verdict.reasons)
        .map_err(|e| StorageError::Query(sea_orm::DbErr::Json(e.to_string())))?;
    Ok(comments::ActiveModel {
        id: Set(id.to_string()),
        post_id: Set(comment.post_id.as_str().to_owned()),
        parent_id: Set(comment.parent_id.map(|p| p.to_string())),
        author_name: Set(comment.author_name.as_str().to_owned()),
        author_email: Set(comment.author_email.as_ref().map(|e| e.as_str().to_owned())),
        author_url: Set(comment.author_url.as_ref().map(|u| u.as_str().to_owned())),
        body: Set(comment.body.as_str().to_owned()),
        body_hash: Set(Some(comment.body.digest().to_owned())),
        status: Set(verdict.decision.status().as_str().to_owned()),
        spam_score: Set(verdict.spam),
        toxicity_score: Set(verdict.toxicity),
        score: Set(verdict.score()),
        reasons: Set(reasons),
        client_ip: Set(client_ip.clone()),
        user_agent: Set(meta.user_agent.clone()),
        referer: Set(meta.referer.clone()),
        created_at: Set(*now),
        updated_at: Set(*now),
        version: Set(1),
    })
}

/// The system's decision, the first entry of the comment's audit trail.
fn submitted_event(row: &NewRow) -> moderation_events::ActiveModel {
    let verdict = &row.verdict;
    moderation_events::ActiveModel {
        id: Set(Uuid::now_v7().to_string()),
        comment_id: Set(row.id.to_string()),
        actor: Set(SYSTEM_ACTOR.to_owned()),
        action: Set("submitted".to_owned()),
        from_status: Set(None),
        to_status: Set(verdict.decision.status().as_str().to_owned()),
        note: Set(Some(format!(
            "scored spam {:.2}, toxicity {:.2}: {:?}",
            verdict.spam, verdict.toxicity, verdict.decision
        ))),
        created_at: Set(row.now),
    }
}

/// A stored comment's id, status and creation time, by id: what a double
/// submit is answered with.
pub async fn find_stored(
    db: &DatabaseConnection,
    id: &str,
) -> Result<Option<StoredComment>, StorageError> {
    let found = stored_select(id)
        .into_tuple::<(String, String, DateTime<Utc>)>()
        .one(db)
        .await?;
    Ok(found.and_then(|(id, status, created_at)| stored_comment(&id, &status, created_at)))
}

/// The query behind [`find_stored`].
pub(super) fn stored_select(id: &str) -> sea_orm::Select<comments::Entity> {
    comments::Entity::find_by_id(id.to_owned())
        .select_only()
        .column(comments::Column::Id)
        .column(comments::Column::Status)
        .column(comments::Column::CreatedAt)
}

pub(super) fn stored_comment(
    id: &str,
    status: &str,
    created_at: DateTime<Utc>,
) -> Option<StoredComment> {
    Some(StoredComment {
        id: Uuid::parse_str(id).ok()?,
        status: CommentStatus::parse(status)?,
        created_at,
    })
}

/// The listing's query: approved comments of a post after `after`, in id
/// order, one more than `limit` to tell whether another page follows.
pub(super) fn approved_page(
    post_id: &str,
    after: Option<Uuid>,
    limit: u64,
) -> Select<comments::Entity> {
    let mut query = comments::Entity::find()
        .filter(comments::Column::PostId.eq(post_id))
        .filter(super::status::is(CommentStatus::Approved));
    if let Some(after) = after {
        query = query.filter(comments::Column::Id.gt(after.to_string()));
    }
    query.order_by_asc(comments::Column::Id).limit(limit + 1)
}

/// Approved comments of a post in creation order, starting after `after`.
/// Returns at most `limit` items and whether more follow.
pub async fn list_approved(
    db: &DatabaseConnection,
    post_id: &str,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<PublicComment>, bool), StorageError> {
    let mut rows = approved_page(post_id, after, limit).all(db).await?;
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
