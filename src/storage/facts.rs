//! What the scoring rules may know about a submitter and a text, gathered
//! before scoring so that the scorer itself stays pure.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, Func, Query, QueryStatementBuilder};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend, Statement};

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
    /// Counting stops here; see [`gather`].
    pub cap: u64,
}

/// The six counts, in the order [`from_counts`] takes them.
pub(super) type Counts = (i64, i64, i64, i64, i64, i64);

/// All the counts in one statement, so that a submission costs one round
/// trip here rather than six. Each count is a subquery on its own index
/// that stops at `q.cap` rows: a bot posting one text ten thousand times
/// must not make every later submission read ten thousand rows.
pub async fn gather(
    db: &DatabaseConnection,
    q: &FactsQuery<'_>,
) -> Result<SubmissionFacts, StorageError> {
    let row = db
        .query_one_raw(statement(q, db.get_database_backend()))
        .await?;
    let counts = match row {
        Some(row) => (
            row.try_get_by_index(0)?,
            row.try_get_by_index(1)?,
            row.try_get_by_index(2)?,
            row.try_get_by_index(3)?,
            row.try_get_by_index(4)?,
            row.try_get_by_index(5)?,
        ),
        None => Counts::default(),
    };
    Ok(from_counts(counts, q.cap))
}

/// The statement behind [`gather`]: one row of six counts.
pub(super) fn statement(q: &FactsQuery<'_>, backend: DbBackend) -> Statement {
    use comments::Column;
    // Stored emails and addresses are never empty, so "" matches nothing.
    let email = q.email.unwrap_or_default();
    let ip = q.ip.unwrap_or_default();
    let recent = q.now - q.velocity_window;
    let approved = CommentStatus::Approved.as_str();
    let rejected = CommentStatus::Rejected.as_str();
    let capped = |cond: Condition| {
        let matching = Query::select()
            .expr(Expr::val(1))
            .from(comments::Entity)
            .cond_where(cond)
            .limit(q.cap)
            .to_owned();
        let count = Query::select()
            .expr(Func::count(Expr::val(1)))
            .from_subquery(matching, "m")
            .to_owned();
        Expr::SubQuery(None, Box::new(count.into_sub_query_statement()))
    };
    let select = Query::select()
        .expr(capped(
            Condition::all()
                .add(Column::AuthorEmail.eq(email))
                .add(Column::Status.eq(approved)),
        ))
        .expr(capped(
            Condition::all()
                .add(Column::AuthorEmail.eq(email))
                .add(Column::Status.eq(rejected)),
        ))
        .expr(capped(
            Condition::all()
                .add(Column::AuthorEmail.eq(email))
                .add(every_status())
                .add(Column::CreatedAt.gte(recent)),
        ))
        .expr(capped(
            Condition::all()
                .add(Column::ClientIp.eq(ip))
                .add(Column::Status.eq(rejected)),
        ))
        .expr(capped(
            Condition::all()
                .add(Column::ClientIp.eq(ip))
                .add(every_status())
                .add(Column::CreatedAt.gte(recent)),
        ))
        .expr(capped(
            Condition::all()
                .add(Column::BodyHash.eq(q.body_hash))
                .add(Column::PostId.ne(q.post_id))
                .add(Column::CreatedAt.gte(q.now - q.duplicate_window)),
        ))
        .to_owned();
    backend.build(&select)
}

/// Every status named, so that a (submitter, status, created_at) index
/// answers a count over a recent window with a seek per status, rather than
/// reading all of a prolific submitter's earlier comments.
fn every_status() -> sea_orm::sea_query::SimpleExpr {
    comments::Column::Status.is_in(CommentStatus::ALL.map(CommentStatus::as_str))
}

pub(super) fn from_counts(counts: Counts, cap: u64) -> SubmissionFacts {
    let (
        approved_by_email,
        rejected_by_email,
        recent_by_email,
        rejected_by_ip,
        recent_by_ip,
        duplicates,
    ) = counts;
    let n = |v: i64| v.max(0) as u64;
    SubmissionFacts {
        approved_by_email: n(approved_by_email),
        rejected_by_email: n(rejected_by_email),
        recent_by_email: n(recent_by_email),
        rejected_by_ip: n(rejected_by_ip),
        recent_by_ip: n(recent_by_ip),
        duplicates_elsewhere: n(duplicates),
        counted_up_to: cap,
    }
}
