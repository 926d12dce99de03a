//! What the scoring rules may know about a submitter and a text, gathered
//! before scoring so that the scorer itself stays pure.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, Func, Query, QueryStatementBuilder, Value};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use super::entities::{comments, posts};
use super::template::{Arguments, Cached};
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
    /// Look for this submitter's comment with the same body on the same
    /// post since then (a double click, or a retry without an idempotency
    /// key); `None` not to look.
    pub double_submit_since: Option<DateTime<Utc>>,
}

/// The six counts, in the order [`history`] takes them.
pub(super) type Counts = (i64, i64, i64, i64, i64, i64);

/// The columns after the counts: the post's author and the first double
/// submit by email, then by address.
pub(super) type Found = (Option<String>, Option<String>, Option<String>);

/// What the submission path reads before scoring.
pub struct History {
    /// What the scoring rules may know.
    pub facts: SubmissionFacts,
    /// The post's registered author, whom a held comment's notice goes to.
    /// Read here because a round trip to the database is what a submission
    /// waits on most: asked separately, it cost held comments about a
    /// twelfth of the submission throughput.
    pub post_author: Option<String>,
    /// The id of the submitter's first comment with the same body on the
    /// same post within the double-submit window, when asked to look. The
    /// submitter is the email when one is given, else the stored address.
    pub double_submit: Option<String>,
}

/// All the counts, the post's author and any double submit in one
/// statement, so that a submission costs one round trip here rather than
/// eight. Each count is a
/// subquery on its own index that stops at `q.cap` rows: a bot posting one
/// text ten thousand times must not make every later submission read ten
/// thousand rows.
pub async fn gather(db: &DatabaseConnection, q: &FactsQuery<'_>) -> Result<History, StorageError> {
    let row = db
        .query_one_raw(statement(q, db.get_database_backend()))
        .await?;
    let (counts, found) = match row {
        Some(row) => read_row(|i| row.try_get_by_index(i), |i| row.try_get_by_index(i))?,
        None => Default::default(),
    };
    Ok(history(counts, found, q.cap))
}

/// The history statement's one row, column by column: `count` and `text`
/// read column `i` of whichever driver's row it is.
pub(super) fn read_row<E>(
    count: impl Fn(usize) -> Result<i64, E>,
    text: impl Fn(usize) -> Result<Option<String>, E>,
) -> Result<(Counts, Found), E> {
    Ok((
        (
            count(0)?,
            count(1)?,
            count(2)?,
            count(3)?,
            count(4)?,
            count(5)?,
        ),
        (text(6)?, text(7)?, text(8)?),
    ))
}

/// The statement behind [`gather`]: one row of six counts, the post's author
/// and the double submits' ids. Its SQL is written once per backend (see
/// `template`); each use binds its values. Public so that tests can read its
/// plan.
pub fn statement(q: &FactsQuery<'_>, backend: DbBackend) -> Statement {
    let args = Args {
        // Stored emails and addresses are never empty, so "" matches nothing.
        email: q.email.unwrap_or_default(),
        ip: q.ip.unwrap_or_default(),
        body_hash: q.body_hash,
        post_id: q.post_id,
        recent: q.now - q.velocity_window,
        duplicates_since: q.now - q.duplicate_window,
        cap: q.cap,
        // Only one of the two double-submit lookups can match; not looking
        // is asking for a submitter no comment has.
        double_email: q.double_submit_since.and(q.email).unwrap_or_default(),
        double_ip: match (q.double_submit_since, q.email) {
            (Some(_), None) => q.ip.unwrap_or_default(),
            _ => "",
        },
        double_since: q.double_submit_since.unwrap_or(q.now),
        in_process: in_process(backend),
    };
    // Values no real query uses: texts no submission can hold, instants
    // before any comment was stored, a cap no configuration sets.
    let markers = || Args {
        email: "\0moderato-template-email",
        ip: "\0moderato-template-ip",
        body_hash: "\0moderato-template-body-hash",
        post_id: "\0moderato-template-post",
        recent: DateTime::<Utc>::UNIX_EPOCH,
        duplicates_since: DateTime::<Utc>::UNIX_EPOCH + Duration::seconds(1),
        cap: u64::MAX - 1,
        double_email: "\0moderato-template-double-email",
        double_ip: "\0moderato-template-double-ip",
        double_since: DateTime::<Utc>::UNIX_EPOCH + Duration::seconds(2),
        in_process: in_process(backend),
    };
    HISTORY.statement(backend, markers, &args, |args| build(args, backend))
}

static HISTORY: Cached = Cached::new();

/// What varies between two history queries.
struct Args<'a> {
    email: &'a str,
    ip: &'a str,
    body_hash: &'a str,
    post_id: &'a str,
    recent: DateTime<Utc>,
    duplicates_since: DateTime<Utc>,
    cap: u64,
    double_email: &'a str,
    double_ip: &'a str,
    double_since: DateTime<Utc>,
    /// The address's recent count, the duplicate and the double-submit
    /// columns are left empty, for `recent` to answer.
    in_process: bool,
}

impl Arguments for Args<'_> {
    fn values(&self) -> Vec<Value> {
        let mut values = vec![
            self.email.into(),
            self.ip.into(),
            self.post_id.into(),
            self.recent.into(),
            self.cap.into(),
        ];
        if !self.in_process {
            values.extend([
                self.body_hash.into(),
                self.duplicates_since.into(),
                self.double_email.into(),
                self.double_ip.into(),
                self.double_since.into(),
            ]);
        }
        values
    }
}

/// On SQLite the recent submissions are known in process (see `recent`),
/// and the statement does not ask about them: without the `body_hash` and
/// full `client_ip` indexes there, it could not answer quickly anyway.
pub(super) fn in_process(backend: DbBackend) -> bool {
    backend == DbBackend::Sqlite
}

fn build(args: &Args<'_>, backend: DbBackend) -> Statement {
    use comments::Column;
    let approved = CommentStatus::Approved.as_str();
    let rejected = CommentStatus::Rejected.as_str();
    let capped = |cond: Condition| {
        let mut matching = Query::select();
        matching
            .expr(Expr::val(1))
            .from(comments::Entity)
            .cond_where(cond)
            .limit(args.cap);
        let mut count = Query::select();
        count
            .expr(Func::count(Expr::val(1)))
            .from_subquery(matching, "m");
        Expr::SubQuery(None, Box::new(count.into_sub_query_statement()))
    };
    let mut select = Query::select();
    select
        .expr(capped(
            Condition::all()
                .add(Column::AuthorEmail.eq(args.email))
                .add(Column::Status.eq(approved)),
        ))
        .expr(capped(
            Condition::all()
                .add(Column::AuthorEmail.eq(args.email))
                .add(Column::Status.eq(rejected)),
        ))
        .expr(capped(
            Condition::all()
                .add(Column::AuthorEmail.eq(args.email))
                .add(every_status())
                .add(Column::CreatedAt.gte(args.recent)),
        ))
        .expr(capped(
            Condition::all()
                .add(Column::ClientIp.eq(args.ip))
                .add(if args.in_process {
                    // Written out: SQLite's index of an address's comments
                    // covers only rejected ones.
                    super::status::is(CommentStatus::Rejected)
                } else {
                    // Bound: PostgreSQL could then answer a written-out
                    // status from a partial index of every rejected comment,
                    // which on a young table without statistics looks as
                    // cheap as the address's own (migration 000010).
                    Column::Status.eq(rejected)
                }),
        ))
        .expr(if args.in_process {
            Expr::cust("0")
        } else {
            capped(
                Condition::all()
                    .add(Column::ClientIp.eq(args.ip))
                    .add(every_status())
                    .add(Column::CreatedAt.gte(args.recent)),
            )
        })
        .expr(if args.in_process {
            Expr::cust("0")
        } else {
            capped(
                Condition::all()
                    .add(Column::BodyHash.eq(args.body_hash))
                    .add(Column::PostId.ne(args.post_id))
                    .add(Column::CreatedAt.gte(args.duplicates_since)),
            )
        })
        .expr(Expr::SubQuery(
            None,
            Box::new(
                Query::select()
                    .column(posts::Column::AuthorEmail)
                    .from(posts::Entity)
                    .and_where(posts::Column::Id.eq(args.post_id))
                    .to_owned()
                    .into_sub_query_statement(),
            ),
        ));
    if args.in_process {
        select.expr(Expr::cust("NULL")).expr(Expr::cust("NULL"));
    } else {
        select
            .expr(first_double_submit(
                args,
                Condition::all().add(Column::AuthorEmail.eq(args.double_email)),
            ))
            .expr(first_double_submit(
                args,
                Condition::all()
                    .add(Column::AuthorEmail.is_null())
                    .add(Column::ClientIp.eq(args.double_ip)),
            ));
    }
    backend.build(&select)
}

/// The oldest comment (ids grow with time) with this body on this post
/// since the double-submit window opened, from the submitter `by` names.
fn first_double_submit(args: &Args<'_>, by: Condition) -> sea_orm::sea_query::SimpleExpr {
    use comments::Column;
    let first = Query::select()
        .expr(Func::min(Expr::col(Column::Id)))
        .from(comments::Entity)
        .cond_where(
            Condition::all()
                .add(Column::BodyHash.eq(args.body_hash))
                .add(Column::PostId.eq(args.post_id))
                .add(Column::CreatedAt.gte(args.double_since))
                .add(by),
        )
        .to_owned();
    Expr::SubQuery(None, Box::new(first.into_sub_query_statement()))
}

/// Every status named, so that a (submitter, status, created_at) index
/// answers a count over a recent window with a seek per status, rather than
/// reading all of a prolific submitter's earlier comments.
fn every_status() -> sea_orm::sea_query::SimpleExpr {
    comments::Column::Status.is_in(CommentStatus::ALL.map(CommentStatus::as_str))
}

pub(super) fn history(counts: Counts, found: Found, cap: u64) -> History {
    let (post_author, double_by_email, double_by_ip) = found;
    let (
        approved_by_email,
        rejected_by_email,
        recent_by_email,
        rejected_by_ip,
        recent_by_ip,
        duplicates,
    ) = counts;
    let n = |v: i64| v.max(0) as u64;
    let facts = SubmissionFacts {
        approved_by_email: n(approved_by_email),
        rejected_by_email: n(rejected_by_email),
        recent_by_email: n(recent_by_email),
        rejected_by_ip: n(rejected_by_ip),
        recent_by_ip: n(recent_by_ip),
        duplicates_elsewhere: n(duplicates),
        counted_up_to: cap,
    };
    History {
        facts,
        post_author: post_author.filter(|a| !a.is_empty()),
        double_submit: double_by_email.or(double_by_ip),
    }
}

#[cfg(test)]
mod tests;
