//! Direct SQLite access for the submission path: one thread that owns a
//! connection, answers lookups and group-commits writes.
//!
//! Why not sqlx here: its SQLite driver runs each connection on a worker
//! thread and hands every statement and every row across a channel, then
//! wakes the async task. Profiled under load, that machinery cost about
//! 0.7 ms of CPU per submission, against 0.05 ms of work inside SQLite. A
//! thread that owns its connection and takes whole jobs pays one hand-off
//! per job instead. Lookups run on the writing connection too: a commit by
//! any other connection empties a connection's page cache, so a separate
//! reader re-read every page after each batch. The statements themselves
//! are still built by sea-orm (see `comments::insert_steps`), so there is
//! one definition of each.

mod durable;
mod load;
mod values;

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{params_from_iter, Connection, OpenFlags};
use sea_orm::{DbErr, Statement};
use tokio::sync::oneshot;

use prometheus_client::metrics::histogram::Histogram;

use super::comments::{Step, StoredComment};
use super::StorageError;
use crate::metrics::CommitStats;
pub(super) use load::{load_known, load_recent};
pub(crate) use values::parse_timestamp;

/// Most submissions one transaction takes.
const MAX_BATCH: usize = 256;

/// Prepared statements kept: every statement of the submission path, with
/// room to spare.
const STATEMENT_CACHE: usize = 64;

/// The connection's page cache, in KiB. Not larger: when a page split
/// reorders pages, SQLite parks one at a page number past the end of any
/// smaller database, and the commit then visits every cached page to drop
/// it. With 32 MB that visit took a seventh of this thread's time; with
/// 8 MB it is a quarter of that, and throughput was the same.
const PAGE_CACHE_KIB: i64 = 8 * 1024;

type Reply = oneshot::Sender<Result<StoredComment, StorageError>>;

enum Job {
    Read(Box<dyn FnOnce(&Connection) + Send>),
    Write(WriteJob),
}

/// One submission's writes and where to send the outcome.
struct WriteJob {
    steps: Vec<Step>,
    stored: StoredComment,
    reply: Reply,
}

/// Handle to the connection thread; it ends when the last handle is dropped.
#[derive(Clone)]
pub struct DirectSqlite {
    jobs: mpsc::Sender<Job>,
}

/// How the connection is opened.
pub struct DirectOptions<'a> {
    pub path: &'a Path,
    pub busy_timeout: Duration,
}

impl DirectSqlite {
    /// Opens the connection (the schema must exist already) and starts its
    /// thread.
    pub fn start(options: &DirectOptions<'_>, stats: CommitStats) -> Result<Self, StorageError> {
        let conn = open(options).map_err(|e| values::storage_error(&e))?;
        ensure_wal(&conn)?;
        let syncer = durable::Syncer::start(options.path, stats.sync_seconds.clone())
            .map_err(not_started)?;
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("moderato-sqlite".to_owned())
            .spawn(move || run(&conn, &queue, &syncer, &stats.rows))
            .map_err(not_started)?;
        Ok(Self { jobs })
    }

    /// Runs `query` on the connection, between batches of writes.
    pub(super) async fn read<T: Send + 'static>(
        &self,
        query: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, StorageError> {
        let (reply, answer) = oneshot::channel();
        let job = Job::Read(Box::new(move |conn| {
            let _ = reply.send(query(conn));
        }));
        self.jobs.send(job).map_err(|_| stopped())?;
        answer
            .await
            .map_err(|_| stopped())?
            .map_err(|e| values::storage_error(&e))
    }

    /// Queues one submission's writes; returns once they are committed.
    pub(super) async fn write(
        &self,
        steps: Vec<Step>,
        stored: StoredComment,
    ) -> Result<StoredComment, StorageError> {
        let (reply, answer) = oneshot::channel();
        let job = Job::Write(WriteJob {
            steps,
            stored,
            reply,
        });
        self.jobs.send(job).map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

/// Rows of a query built by sea-orm, each mapped by `row`.
pub(super) fn query<T>(
    conn: &Connection,
    statement: &Statement,
    row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    let mut prepared = conn.prepare_cached(&statement.sql)?;
    let rows = prepared.query_map(params_from_iter(values::params(statement)?), row)?;
    rows.collect()
}

fn execute(conn: &Connection, statement: &Statement) -> rusqlite::Result<usize> {
    conn.prepare_cached(&statement.sql)?
        .execute(params_from_iter(values::params(statement)?))
}

/// A transaction statement, prepared once: `execute_batch` parsed each of
/// them anew, four times per submission, which showed in the profile.
fn control(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([]).map(drop)
}

fn open(options: &DirectOptions<'_>) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        options.path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(options.busy_timeout)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // SQLite's checkpoint every 1,000 pages of log is kept on purpose: a
    // 10,000-page log gave about a fifth more submissions, but each larger
    // checkpoint's burst of writes held up the log's sync behind it, and
    // p99 went from 10 to 20 ms. Checkpointing from a second connection
    // did not help either way.
    // Lookups touch the newest rows and their index pages; with SQLite's
    // default 2 MB cache they were read from the OS again and again (but see
    // `PAGE_CACHE_KIB`).
    conn.pragma_update(None, "cache_size", -PAGE_CACHE_KIB)?;
    // Each submission's savepoint keeps a sub-journal; in a file, that was
    // an open, write, truncate and close per batch.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    // Without the planner's stability guarantee, SQLite plans a `LIMIT ?`
    // (and some comparisons) for the value bound at the time, and marks the
    // statement expired whenever a new value is bound: the history lookup
    // was parsed and planned again on every submission, a fifth of this
    // thread's time. One plan per statement is what a cache is for.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    Ok(conn)
}

/// Commits do not wait for the disk on this connection: `durable` syncs the
/// log before anyone is answered. That is only sound for a write-ahead log,
/// which the pool's options already made the database's mode; this makes
/// sure.
fn ensure_wal(conn: &Connection) -> Result<(), StorageError> {
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
        .map_err(|e| values::storage_error(&e))?;
    if mode.eq_ignore_ascii_case("wal") {
        Ok(())
    } else {
        Err(StorageError::Query(DbErr::Custom(format!(
            "the database is in journal mode {mode}; the submission path needs WAL"
        ))))
    }
}

fn not_started(err: std::io::Error) -> StorageError {
    StorageError::Query(DbErr::Custom(format!(
        "could not start the SQLite threads: {err}"
    )))
}

fn stopped() -> StorageError {
    StorageError::Query(DbErr::Custom(
        "the SQLite connection thread has stopped".into(),
    ))
}

/// Takes every job waiting: lookups are answered at once, writes are
/// collected and committed together.
fn run(conn: &Connection, queue: &mpsc::Receiver<Job>, syncer: &durable::Syncer, rows: &Histogram) {
    while let Ok(first) = queue.recv() {
        let mut batch = Vec::new();
        let mut next = Some(first);
        while let Some(job) = next {
            match job {
                // A panicking lookup must not take the thread down with it;
                // its requester sees its reply dropped and answers 500.
                Job::Read(read) => {
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(conn)));
                }
                Job::Write(write) => batch.push(write),
            }
            if batch.len() >= MAX_BATCH {
                break;
            }
            next = queue.try_recv().ok();
        }
        if batch.len() > 1 {
            tracing::trace!(rows = batch.len(), "group commit");
        }
        if !batch.is_empty() {
            // As with lookups: a panic while committing fails this batch
            // (its requesters see their replies dropped and answer 500),
            // not every later submission, and leaves no transaction open.
            let committed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                commit_batch(conn, batch, syncer, rows);
            }));
            if committed.is_err() {
                tracing::error!("a batch panicked while being written; it was rolled back");
                let _ = conn.execute_batch("ROLLBACK");
            }
        }
    }
}

/// Every waiting submission in one transaction; each requester is answered
/// once the commit is on disk.
fn commit_batch(
    conn: &Connection,
    mut batch: Vec<WriteJob>,
    syncer: &durable::Syncer,
    rows: &Histogram,
) {
    // Nobody is waiting for a row whose request already timed out or left.
    batch.retain(|job| !job.reply.is_closed());
    if batch.is_empty() {
        return;
    }
    rows.observe(batch.len() as f64);
    // A savepoint per row lets a failing row fail alone, but it journals
    // every page the row touches: a tenth of this thread's time. Rows
    // almost never fail, so the batch is written plainly first, and only
    // when one fails is it written again with savepoints.
    let written = match transaction(conn, &batch, Rows::Plain) {
        Ok(None) => transaction(conn, &batch, Rows::Isolated),
        other => other,
    };
    let results = match written {
        Ok(Some(results)) => results,
        // Isolated rows never abandon the transaction.
        Ok(None) => return,
        Err(e) => return fail_all(batch, &e),
    };
    let answers = batch
        .into_iter()
        .zip(results)
        .filter_map(|(job, result)| Some((job.reply, result?)))
        .collect();
    syncer.answer_when_durable(answers);
}

/// How a batch's rows are written.
#[derive(Clone, Copy, PartialEq)]
enum Rows {
    /// Straight into the transaction; a failing row abandons it.
    Plain,
    /// Each under its own savepoint, so a failing row fails alone.
    Isolated,
}

/// Each row's outcome, `None` for a requester that left before its row was
/// written (nobody was told it was stored, so it is not).
type Outcomes = Vec<Option<Result<StoredComment, StorageError>>>;

/// The batch in one transaction: its rows' outcomes once committed, or
/// `None` when a plainly written row failed and the transaction was rolled
/// back.
fn transaction(
    conn: &Connection,
    batch: &[WriteJob],
    mode: Rows,
) -> rusqlite::Result<Option<Outcomes>> {
    // IMMEDIATE takes the write lock now (waiting out the busy timeout),
    // rather than failing to upgrade a read snapshot halfway through.
    control(conn, "BEGIN IMMEDIATE")?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for job in batch {
        let outcome = match mode {
            Rows::Plain => write_plain(conn, job),
            Rows::Isolated => write_isolated(conn, job),
        };
        if mode == Rows::Plain && matches!(outcome, Some(Err(_))) {
            conn.execute_batch("ROLLBACK")?;
            return Ok(None);
        }
        outcomes.push(outcome);
    }
    if let Err(e) = control(conn, "COMMIT") {
        tracing::error!(error = %e, rows = batch.len(), "group commit failed");
        let _ = conn.execute_batch("ROLLBACK");
        return Err(e);
    }
    Ok(Some(outcomes))
}

fn write_plain(conn: &Connection, job: &WriteJob) -> Option<Result<StoredComment, StorageError>> {
    if job.reply.is_closed() {
        return None;
    }
    Some(write_steps(conn, job).map(|()| job.stored.clone()))
}

/// One submission under a savepoint, rolled back if its requester left
/// while it was written.
fn write_isolated(
    conn: &Connection,
    job: &WriteJob,
) -> Option<Result<StoredComment, StorageError>> {
    if job.reply.is_closed() {
        return None;
    }
    if let Err(e) = control(conn, "SAVEPOINT submission") {
        return Some(Err(values::storage_error(&e)));
    }
    let outcome = write_steps(conn, job);
    if let Err(e) = &outcome {
        if !matches!(e, StorageError::KeyTaken) {
            tracing::warn!(error = ?e, "a submission could not be stored");
        }
    }
    let keep = outcome.is_ok() && !job.reply.is_closed();
    let end = if keep {
        control(conn, "RELEASE submission")
    } else {
        conn.execute_batch("ROLLBACK TO submission; RELEASE submission")
    };
    if let Err(e) = end {
        return Some(Err(values::storage_error(&e)));
    }
    match outcome {
        Ok(()) if keep => Some(Ok(job.stored.clone())),
        Ok(()) => None,
        Err(e) => Some(Err(e)),
    }
}

fn write_steps(conn: &Connection, job: &WriteJob) -> Result<(), StorageError> {
    job.steps.iter().try_for_each(|step| {
        execute(conn, &step.statement).map(drop).map_err(|e| {
            if step.claims_key && values::is_unique_violation(&e) {
                StorageError::KeyTaken
            } else {
                values::storage_error(&e)
            }
        })
    })
}

fn fail_all(batch: Vec<WriteJob>, err: &rusqlite::Error) {
    tracing::warn!(error = %err, rows = batch.len(), "the batch could not be written");
    for job in batch {
        let _ = job.reply.send(Err(values::storage_error(err)));
    }
}
