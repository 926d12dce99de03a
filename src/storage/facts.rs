//! What the scoring rules may know about a submitter and a text, gathered
//! before scoring so that the scorer itself stays pure.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

use super::entities::comments;
use super::StorageError;
use crate::domain::scoring::SubmissionFacts;
use crate::domain::CommentStatus;

/// The questions to ask.
pub struct FactsQuery<'a> {
    pub email: Option<&'a str>,
    pub ip: Option<&'a str>,
    /// See `CommentBody::digest`.
    pub body_hash: &'a str,
    pub post_id: &'a str,
    pub now: DateTime<Utc>,
    pub velocity_window: Duration,
    pub duplicate_window: Duration,
}

pub async fn gather(
    db: &DatabaseConnection,
    q: &FactsQuery<'_>,
) -> Result<SubmissionFacts, StorageError> {
    use comments::Column;
    let count = |filter: sea_orm::Select<comments::Entity>| async move { filter.count(db).await };
    let mut facts = SubmissionFacts::default();
    if let Some(email) = q.email {
        let by_email = || comments::Entity::find().filter(Column::AuthorEmail.eq(email));
        facts.approved_by_email =
            count(by_email().filter(Column::Status.eq(CommentStatus::Approved.as_str()))).await?;
        facts.rejected_by_email =
            count(by_email().filter(Column::Status.eq(CommentStatus::Rejected.as_str()))).await?;
        facts.recent_by_email =
            count(by_email().filter(Column::CreatedAt.gte(q.now - q.velocity_window))).await?;
    }
    if let Some(ip) = q.ip {
        let by_ip = || comments::Entity::find().filter(Column::ClientIp.eq(ip));
        facts.rejected_by_ip =
            count(by_ip().filter(Column::Status.eq(CommentStatus::Rejected.as_str()))).await?;
        facts.recent_by_ip =
            count(by_ip().filter(Column::CreatedAt.gte(q.now - q.velocity_window))).await?;
    }
    facts.duplicates_elsewhere = count(
        comments::Entity::find()
            .filter(Column::BodyHash.eq(q.body_hash))
            .filter(Column::PostId.ne(q.post_id))
            .filter(Column::CreatedAt.gte(q.now - q.duplicate_window)),
    )
    .await?;
    Ok(facts)
}
