//! What the scoring rules may know about a submitter and a text, gathered
//! before scoring so that the scorer itself stays pure.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};

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

/// All the counts in one query, so that a submission costs one round trip
/// here rather than six. Each count is a conditional sum over the rows that
/// share the email, the address or the body (each lookup has its index).
pub async fn gather(
    db: &DatabaseConnection,
    q: &FactsQuery<'_>,
) -> Result<SubmissionFacts, StorageError> {
    use comments::Column;
    // Stored emails and addresses are never empty, so "" matches nothing.
    let email = q.email.unwrap_or_default();
    let ip = q.ip.unwrap_or_default();
    let recent = q.now - q.velocity_window;
    let approved = CommentStatus::Approved.as_str();
    let rejected = CommentStatus::Rejected.as_str();
    let count = |cond: Condition| {
        let sum: Expr = Func::sum(Expr::case(cond, 1).finally(0)).into();
        Func::coalesce([sum, Expr::val(0)])
    };
    let row: Option<(i64, i64, i64, i64, i64, i64)> = comments::Entity::find()
        .select_only()
        .expr(count(
            Condition::all()
                .add(Column::AuthorEmail.eq(email))
                .add(Column::Status.eq(approved)),
        ))
        .expr(count(
            Condition::all()
                .add(Column::AuthorEmail.eq(email))
                .add(Column::Status.eq(rejected)),
        ))
        .expr(count(
            Condition::all()
                .add(Column::AuthorEmail.eq(email))
                .add(Column::CreatedAt.gte(recent)),
        ))
        .expr(count(
            Condition::all()
                .add(Column::ClientIp.eq(ip))
                .add(Column::Status.eq(rejected)),
        ))
        .expr(count(
            Condition::all()
                .add(Column::ClientIp.eq(ip))
                .add(Column::CreatedAt.gte(recent)),
        ))
        .expr(count(
            Condition::all()
                .add(Column::BodyHash.eq(q.body_hash))
                .add(Column::PostId.ne(q.post_id))
                .add(Column::CreatedAt.gte(q.now - q.duplicate_window)),
        ))
        .filter(
            Condition::any()
                .add(Column::AuthorEmail.eq(email))
                .add(Column::ClientIp.eq(ip))
                .add(Column::BodyHash.eq(q.body_hash)),
        )
        .into_tuple()
        // `.all` rather than `.one`: an aggregate gives exactly one row, and
        // `.one` adds `LIMIT ?`, whose bound value makes SQLite re-prepare
        // the statement on every run (the planner may use it).
        .all(db)
        .await?
        .into_iter()
        .next();
    let (
        approved_by_email,
        rejected_by_email,
        recent_by_email,
        rejected_by_ip,
        recent_by_ip,
        duplicates,
    ) = row.unwrap_or_default();
    let n = |v: i64| v.max(0) as u64;
    Ok(SubmissionFacts {
        approved_by_email: n(approved_by_email),
        rejected_by_email: n(rejected_by_email),
        recent_by_email: n(recent_by_email),
        rejected_by_ip: n(rejected_by_ip),
        recent_by_ip: n(recent_by_ip),
        duplicates_elsewhere: n(duplicates),
    })
}
