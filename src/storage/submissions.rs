//! Where the submission path reads and writes.
//!
//! On a SQLite file, through [`DirectSqlite`]: a thread that owns a
//! connection answers the lookups and commits every submission waiting at
//! that moment in one transaction (group commit: SQLite has one writer and
//! each commit waits for the disk), and answers each request once its batch
//! has committed. On PostgreSQL (and on an in-memory SQLite database, which
//! a second connection could not see), through the pool, with writes
//! group-committed by [`BatchWriter`].
//!
//! On either SQLite path, the lookups by text and by address come from the
//! recent submissions kept in memory ([`RecentSubmissions`]), which a row
//! joins once it is committed. A submitter with no history at all
//! ([`KnownSubmitters`]) on a post whose author is known
//! ([`PostAuthors`]) needs no read from the database before its write.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use rusqlite::Connection;
use sea_orm::{DatabaseConnection, DbBackend, QueryTrait, Statement};

use super::batched::BatchWriter;
use super::comments::{self, NewRow, StoredComment};
use super::direct::{self, DirectOptions, DirectSqlite};
use super::facts::{self, FactsQuery, History};
use super::known::{self, KnownSubmitters};
use super::outbox;
use super::post_authors::{self, PostAuthors};
use super::recent::{self, Question, RecentSubmissions, Remembered};
use super::StorageError;
use crate::config::{DatabaseSettings, Preference};
use crate::domain::CommentStatus;
use crate::metrics::CommitStats;

/// The submission path's storage.
#[derive(Clone)]
pub struct SubmissionStore {
    route: Route,
    /// On SQLite, what the process knows itself; `None` on PostgreSQL,
    /// where replicas share the database and none sees every submission.
    memory: Option<Arc<Mutex<InMemory>>>,
}

/// What the SQLite submission path keeps in memory, under one lock.
struct InMemory {
    recent: RecentSubmissions,
    known: KnownSubmitters,
    authors: PostAuthors,
}

impl InMemory {
    fn new(window: chrono::Duration) -> Self {
        Self {
            recent: RecentSubmissions::new(window, recent::CAPACITY),
            known: KnownSubmitters::new(known::CAPACITY),
            authors: PostAuthors::new(post_authors::TTL),
        }
    }

    /// The history without a query, when it is certainly empty and the
    /// post's author is known.
    fn history(&self, q: &FactsQuery<'_>, now: Instant) -> Option<History> {
        if !self.known.certainly_new(q.email, q.ip) {
            return None;
        }
        let author = self.authors.get(q.post_id, now)?;
        Some(facts::history(
            Default::default(),
            (author.map(str::to_owned), None, None),
            q.cap,
        ))
    }
}

#[derive(Clone)]
enum Route {
    Pooled(DatabaseConnection, BatchWriter),
    Direct(DirectSqlite),
}

impl SubmissionStore {
    /// Opens the direct connections on a SQLite file (after migrations, so
    /// the schema is there); the pool everywhere else. On SQLite, the submissions
    /// stored within `window` are read into memory first.
    pub fn start(
        db: &DatabaseConnection,
        settings: &DatabaseSettings,
        window: chrono::Duration,
        stats: CommitStats,
    ) -> Result<Self, StorageError> {
        let in_process = facts::in_process(db.get_database_backend());
        let mut memory = in_process.then(|| InMemory::new(window));
        let Some(path) = super::sqlite_file(settings) else {
            // An in-memory database starts empty: there is nothing to read.
            return Ok(Self {
                route: Route::Pooled(db.clone(), BatchWriter::start(db.clone(), stats)),
                memory: memory.map(|m| Arc::new(Mutex::new(m))),
            });
        };
        let direct = DirectSqlite::start(
            &DirectOptions {
                path: &path,
                busy_timeout: std::time::Duration::from_millis(settings.sqlite_busy_timeout_ms),
            },
            stats,
        )?;
        if let Some(memory) = memory.as_mut() {
            direct::load_recent(&path, &mut memory.recent, chrono::Utc::now() - window)?;
            direct::load_known(&path, &mut memory.known)?;
        }
        Ok(Self {
            route: Route::Direct(direct),
            memory: memory.map(|m| Arc::new(Mutex::new(m))),
        })
    }

    /// What the scoring rules may know about this submitter and text, who
    /// wrote the post, and whether this is a double submit.
    pub async fn facts(&self, q: &FactsQuery<'_>) -> Result<History, StorageError> {
        let Some(memory) = &self.memory else {
            return self.history_from_database(q).await;
        };
        let started = Instant::now();
        let (answer, known, generation) = {
            let mut memory = lock(memory);
            let answer = memory.recent.answer(&Question {
                body_hash: q.body_hash,
                post_id: q.post_id,
                email: q.email,
                ip: q.ip,
                now: q.now,
                recent_since: q.now - q.velocity_window,
                duplicates_since: q.now - q.duplicate_window,
                cap: q.cap,
                double_submit_since: q.double_submit_since,
            });
            (
                answer,
                memory.history(q, started),
                memory.authors.generation(),
            )
        };
        let mut history = match known {
            Some(history) => history,
            None => {
                let history = self.history_from_database(q).await?;
                let author = history.post_author.as_deref();
                lock(memory)
                    .authors
                    .put(q.post_id, author, started, generation);
                history
            }
        };
        history.facts.duplicates_elsewhere = answer.duplicates_elsewhere;
        history.facts.recent_by_ip = answer.recent_by_ip;
        history.double_submit = answer.double_submit;
        Ok(history)
    }

    /// The history statement, on whichever connection the route reads.
    async fn history_from_database(&self, q: &FactsQuery<'_>) -> Result<History, StorageError> {
        match &self.route {
            Route::Pooled(db, _) => facts::gather(db, q).await,
            Route::Direct(sqlite) => {
                let statement = facts::statement(q, DbBackend::Sqlite);
                let rows = sqlite
                    .read(move |conn| {
                        direct::query(conn, &statement, |r| {
                            facts::read_row(|i| r.get(i), |i| r.get(i))
                        })
                    })
                    .await?;
                let (counts, found) = rows.into_iter().next().unwrap_or_default();
                Ok(facts::history(counts, found, q.cap))
            }
        }
    }

    /// A moderator rejected a comment from this stored address: its next
    /// submissions must look up the rejection.
    pub fn note_rejected(&self, ip: Option<&str>) {
        if let Some(memory) = &self.memory {
            lock(memory).known.note_rejected(ip);
        }
    }

    /// The post's author changed: the next held comment reads it again.
    pub fn forget_post_author(&self, post_id: &str) {
        if let Some(memory) = &self.memory {
            lock(memory).authors.forget(post_id);
        }
    }

    /// On SQLite, the in-memory window's entries and how far back it
    /// reaches now (for `/metrics`); `None` on PostgreSQL.
    pub fn recent_window(&self) -> Option<(usize, chrono::Duration)> {
        let memory = lock(self.memory.as_ref()?);
        Some((memory.recent.len(), memory.recent.reach(chrono::Utc::now())))
    }

    /// Whether the writer's own connection answers, beyond the pool's: on
    /// SQLite, a round trip through the writer's thread, which answers only
    /// between batches, so that a writer stuck on a lock or a stalled disk
    /// shows as not ready even while the pool still answers. Elsewhere the
    /// writes go through the application's pool, which readiness pings
    /// already.
    pub async fn ping_writer(&self) -> Result<(), StorageError> {
        match &self.route {
            Route::Pooled(..) => Ok(()),
            Route::Direct(sqlite) => {
                sqlite
                    .read(|conn| conn.query_row("SELECT 1", [], |_| Ok(())))
                    .await
            }
        }
    }

    /// A stored comment's id, status and creation time.
    pub async fn stored(&self, id: &str) -> Result<Option<StoredComment>, StorageError> {
        match &self.route {
            Route::Pooled(db, _) => comments::find_stored(db, id).await,
            Route::Direct(sqlite) => {
                let statement = comments::stored_select(id).build(DbBackend::Sqlite);
                sqlite
                    .read(move |conn| first_comment(conn, &statement))
                    .await
            }
        }
    }

    /// How often the author asked to be told about held comments.
    pub async fn preference(&self, email: &str) -> Result<Option<Preference>, StorageError> {
        match &self.route {
            Route::Pooled(db, _) => outbox::preference(db, email).await,
            Route::Direct(sqlite) => {
                let statement = outbox::preference_select(email).build(DbBackend::Sqlite);
                let found = sqlite
                    .read(move |conn| first_text(conn, &statement))
                    .await?;
                Ok(found.as_deref().and_then(Preference::parse))
            }
        }
    }

    /// Stores one submission; returns once it is committed.
    pub async fn insert(&self, row: NewRow) -> Result<StoredComment, StorageError> {
        let remembered = self.memory.as_ref().map(|_| RecentRow::of(&row));
        let stored = match &self.route {
            Route::Pooled(_, writer) => writer.insert(row).await?,
            Route::Direct(sqlite) => {
                let steps = comments::insert_steps(&row, DbBackend::Sqlite)?;
                sqlite.write(steps, comments::stored(&row)).await?
            }
        };
        // Only once committed: a failed write must not count as a duplicate.
        if let (Some(memory), Some(row)) = (&self.memory, remembered) {
            let mut memory = lock(memory);
            memory.recent.remember(&row.as_remembered());
            let rejected = stored.status == CommentStatus::Rejected;
            memory
                .known
                .note_comment(row.email.as_deref(), row.ip.as_deref(), rejected);
        }
        Ok(stored)
    }
}

/// What `recent` keeps of a row, copied before the row moves into its
/// write.
struct RecentRow {
    id: uuid::Uuid,
    body_hash: String,
    post_id: String,
    email: Option<String>,
    ip: Option<String>,
    at: chrono::DateTime<chrono::Utc>,
}

impl RecentRow {
    fn of(row: &NewRow) -> Self {
        Self {
            id: row.id,
            body_hash: row.comment.body.digest().to_owned(),
            post_id: row.comment.post_id.as_str().to_owned(),
            email: row
                .comment
                .author_email
                .as_ref()
                .map(|e| e.as_str().to_owned()),
            ip: row.client_ip.clone(),
            at: row.now,
        }
    }

    fn as_remembered(&self) -> Remembered<'_> {
        Remembered {
            id: self.id,
            body_hash: &self.body_hash,
            post_id: &self.post_id,
            email: self.email.as_deref(),
            ip: self.ip.as_deref(),
            at: self.at,
        }
    }
}

/// The memory's lock; a panic while it was held left nothing half-written
/// that matters more than a duplicate count or one query too many, so a
/// poisoned lock is used.
fn lock(memory: &Mutex<InMemory>) -> std::sync::MutexGuard<'_, InMemory> {
    memory
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The first column of the first row, as text (`None` for no row or NULL).
fn first_text(conn: &Connection, statement: &Statement) -> rusqlite::Result<Option<String>> {
    let rows = direct::query(conn, statement, |r| r.get::<_, Option<String>>(0))?;
    Ok(rows.into_iter().next().flatten())
}

fn first_comment(
    conn: &Connection,
    statement: &Statement,
) -> rusqlite::Result<Option<StoredComment>> {
    let rows = direct::query(conn, statement, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    Ok(rows.first().and_then(|(id, status, created_at)| {
        comments::stored_comment(id, status, direct::parse_timestamp(created_at)?)
    }))
}
