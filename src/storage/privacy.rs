//! Data-subject requests: everything stored about one email address, and
//! erasing it. Each use is recorded in `data_requests` under a hash of the
//! address, so the audit trail outlives the erasure.

use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::{Expr, ExprTrait},
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use serde::Serialize;
use uuid::Uuid;

use super::decisions::record_event;
use super::entities::{author_preferences, comments, data_requests, notifications, posts};
use super::StorageError;
use crate::domain::privacy::subject_hash;

/// The name an erased commenter's comments are shown under.
pub const ERASED_NAME: &str = "[erased]";

/// One comment as its author may see it in an export.
#[derive(Debug, Serialize)]
pub struct ExportedComment {
    pub id: String,
    pub post_id: String,
    pub parent_id: Option<String>,
    pub author_name: String,
    pub author_email: Option<String>,
    pub author_url: Option<String>,
    pub body: String,
    pub status: String,
    /// In its stored form (see `privacy.ip_storage`).
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
    pub referer: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Everything stored under one address.
#[derive(Debug, Serialize)]
pub struct Export {
    pub email: String,
    pub exported_at: DateTime<Utc>,
    pub comments: Vec<ExportedComment>,
    /// How they asked to be told about held comments on their posts, if they are an author.
    pub notification_preference: Option<String>,
    /// Posts registered with this address as their author.
    pub authored_posts: Vec<String>,
}

/// What an erasure changed.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Erasure {
    pub comments: u64,
    pub notifications: u64,
    pub preferences: u64,
    pub posts: u64,
}

async fn audit<C: ConnectionTrait>(
    db: &C,
    action: &str,
    email: &str,
    affected: u64,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    data_requests::Entity::insert(data_requests::ActiveModel {
        id: Set(Uuid::now_v7().to_string()),
        action: Set(action.to_owned()),
        subject_hash: Set(subject_hash(email)),
        affected: Set(affected as i64),
        actor: Set(actor.chars().take(100).collect()),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Collects what is stored under `email` (already lower-cased) and records
/// the export.
pub async fn export(
    db: &DatabaseConnection,
    email: &str,
    actor: &str,
) -> Result<Export, StorageError> {
    let now = Utc::now();
    let rows = comments::Entity::find()
        .filter(comments::Column::AuthorEmail.eq(email))
        .order_by_asc(comments::Column::Id)
        .all(db)
        .await?;
    let preference = author_preferences::Entity::find_by_id(email.to_owned())
        .one(db)
        .await?
        .map(|p| p.preference);
    let authored_posts = posts::Entity::find()
        .filter(posts::Column::AuthorEmail.eq(email))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    audit(db, "export", email, rows.len() as u64, actor, now).await?;
    Ok(Export {
        email: email.to_owned(),
        exported_at: now,
        comments: rows
            .into_iter()
            .map(|c| ExportedComment {
                id: c.id,
                post_id: c.post_id,
                parent_id: c.parent_id,
                author_name: c.author_name,
                author_email: c.author_email,
                author_url: c.author_url,
                body: c.body,
                status: c.status,
                client_ip: c.client_ip,
                user_agent: c.user_agent,
                referer: c.referer,
                created_at: c.created_at,
                updated_at: c.updated_at,
            })
            .collect(),
        notification_preference: preference,
        authored_posts,
    })
}

/// Removes the personal data stored under `email` (already lower-cased): the
/// comments stay, anonymised, with an audit event each; mail addressed to
/// them is blanked and any unsent mail is dropped. All or nothing.
pub async fn erase(
    db: &DatabaseConnection,
    email: &str,
    actor: &str,
) -> Result<Erasure, StorageError> {
    let now = Utc::now();
    let txn = db.begin().await?;
    let affected = comments::Entity::find()
        .filter(comments::Column::AuthorEmail.eq(email))
        .all(&txn)
        .await?;
    let mut report = Erasure::default();
    if !affected.is_empty() {
        let result = comments::Entity::update_many()
            .col_expr(
                comments::Column::AuthorEmail,
                Expr::value(Option::<String>::None),
            )
            .col_expr(comments::Column::AuthorName, Expr::value(ERASED_NAME))
            .col_expr(
                comments::Column::AuthorUrl,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                comments::Column::ClientIp,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                comments::Column::UserAgent,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                comments::Column::Referer,
                Expr::value(Option::<String>::None),
            )
            .col_expr(comments::Column::UpdatedAt, Expr::value(now))
            .col_expr(
                comments::Column::Version,
                Expr::col(comments::Column::Version).add(1),
            )
            .filter(comments::Column::AuthorEmail.eq(email))
            .exec(&txn)
            .await?;
        report.comments = result.rows_affected;
        for c in &affected {
            record_event(
                &txn,
                &c.id,
                actor,
                "erased",
                Some(&c.status),
                &c.status,
                Some("the author's personal data was erased on request"),
                now,
            )
            .await?;
        }
    }
    // Unsent mail to them is dropped; sent mail keeps its row for the audit
    // trail, without the address.
    notifications::Entity::update_many()
        .col_expr(notifications::Column::Status, Expr::value("skipped"))
        .filter(notifications::Column::Recipient.eq(email))
        .filter(notifications::Column::Status.is_in(["pending", "dead"]))
        .exec(&txn)
        .await?;
    report.notifications = notifications::Entity::update_many()
        .col_expr(notifications::Column::Recipient, Expr::value(ERASED_NAME))
        .filter(notifications::Column::Recipient.eq(email))
        .exec(&txn)
        .await?
        .rows_affected;
    report.preferences = author_preferences::Entity::delete_many()
        .filter(author_preferences::Column::Email.eq(email))
        .exec(&txn)
        .await?
        .rows_affected;
    report.posts = posts::Entity::update_many()
        .col_expr(
            posts::Column::AuthorEmail,
            Expr::value(Option::<String>::None),
        )
        .filter(posts::Column::AuthorEmail.eq(email))
        .exec(&txn)
        .await?
        .rows_affected;
    audit(&txn, "erase", email, report.comments, actor, now).await?;
    txn.commit().await?;
    Ok(report)
}
