//! Where the submission path reads and writes.
//!
//! On a SQLite file, through [`DirectSqlite`]: a thread that owns a
//! connection answers the lookups and commits every submission waiting at
//! that moment in one transaction (group commit: SQLite has one writer and
//! each commit waits for the disk), and answers each request once its batch
//! has committed. On PostgreSQL (and on an in-memory SQLite database, which
//! a second connection could not see), through the pool, with writes
//! group-committed by [`BatchWriter`].

use rusqlite::Connection;
use sea_orm::{DatabaseConnection, DbBackend, QueryTrait, Statement};

use super::batched::BatchWriter;
use super::comments::{self, NewRow, StoredComment};
use super::direct::{self, DirectOptions, DirectSqlite};
use super::facts::{self, FactsQuery, History};
use super::outbox;
use super::StorageError;
use crate::config::{DatabaseSettings, Preference};
use crate::metrics::CommitStats;

/// The submission path's storage.
#[derive(Clone)]
pub enum SubmissionStore {
    Pooled(DatabaseConnection, BatchWriter),
    Direct(DirectSqlite),
}

impl SubmissionStore {
    /// Opens the direct connections on a SQLite file (after migrations, so
    /// the schema is there); the pool everywhere else.
    pub fn start(
        db: &DatabaseConnection,
        settings: &DatabaseSettings,
        stats: CommitStats,
    ) -> Result<Self, StorageError> {
        let Some(path) = super::sqlite_file(settings) else {
            return Ok(Self::Pooled(
                db.clone(),
                BatchWriter::start(db.clone(), stats),
            ));
        };
        Ok(Self::Direct(DirectSqlite::start(
            &DirectOptions {
                path: &path,
                busy_timeout: std::time::Duration::from_millis(settings.sqlite_busy_timeout_ms),
            },
            stats,
        )?))
    }

    /// What the scoring rules may know about this submitter and text, who
    /// wrote the post, and whether this is a double submit.
    pub async fn facts(&self, q: &FactsQuery<'_>) -> Result<History, StorageError> {
        match self {
            Self::Pooled(db, _) => facts::gather(db, q).await,
            Self::Direct(sqlite) => {
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

    /// A stored comment's id, status and creation time.
    pub async fn stored(&self, id: &str) -> Result<Option<StoredComment>, StorageError> {
        match self {
            Self::Pooled(db, _) => comments::find_stored(db, id).await,
            Self::Direct(sqlite) => {
                let statement = comments::stored_select(id).build(DbBackend::Sqlite);
                sqlite
                    .read(move |conn| first_comment(conn, &statement))
                    .await
            }
        }
    }

    /// How often the author asked to be told about held comments.
    pub async fn preference(&self, email: &str) -> Result<Option<Preference>, StorageError> {
        match self {
            Self::Pooled(db, _) => outbox::preference(db, email).await,
            Self::Direct(sqlite) => {
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
        match self {
            Self::Pooled(_, writer) => writer.insert(row).await,
            Self::Direct(sqlite) => {
                let steps = comments::insert_steps(&row, DbBackend::Sqlite)?;
                sqlite.write(steps, comments::stored(&row)).await
            }
        }
    }
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
