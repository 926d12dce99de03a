//! Persistence: connecting to SQLite or PostgreSQL, migrations, and the
//! queries the routes need. Nothing above this module writes SQL.

pub mod batched;
pub mod comments;
pub mod decisions;
mod direct;
pub mod entities;
pub mod facts;
pub mod gauges;
pub mod idempotency;
pub mod known;
pub mod listing_cache;
pub mod model;
pub mod moderators;
pub mod outbox;
#[cfg(test)]
mod plan_check;
pub mod post_authors;
pub mod posts;
pub mod privacy;
pub mod queue;
pub mod recent;
pub mod retention;
mod status;
pub mod submissions;
mod template;

use std::path::PathBuf;
use std::time::Duration;

use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::SqliteJournalMode;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, RuntimeErr,
    TransactionTrait,
};
use secrecy::ExposeSecret;

use crate::config::DatabaseSettings;

/// Why a storage operation failed. The cause chain goes to logs only.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The database could not be reached in time: the caller may retry.
    #[error("the database is unavailable")]
    Unavailable(#[source] DbErr),
    #[error("a database operation failed")]
    Query(#[source] DbErr),
    /// A concurrent request claimed the same idempotency key first.
    #[error("the idempotency key was claimed by a concurrent request")]
    KeyTaken,
    #[error("could not create the database folder {path}")]
    CreateDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl From<DbErr> for StorageError {
    fn from(err: DbErr) -> Self {
        if is_unavailable(&err) {
            Self::Unavailable(err)
        } else {
            Self::Query(err)
        }
    }
}

/// Errors that say the database is away rather than that a query was wrong.
fn is_unavailable(err: &DbErr) -> bool {
    use sea_orm::sqlx::Error as Sqlx;
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            matches!(
                e.as_ref(),
                Sqlx::PoolTimedOut | Sqlx::PoolClosed | Sqlx::Io(_) | Sqlx::WorkerCrashed
            ) || e.as_database_error().is_some_and(|d| {
                // PostgreSQL: the database was dropped or the server is shutting
                // down. SQLite: the file stayed locked past the busy timeout.
                matches!(
                    d.code().as_deref(),
                    Some("3D000" | "57P01" | "57P02" | "57P03" | "5" | "6" | "261" | "517")
                )
            })
        }
        _ => false,
    }
}

/// Opens the connection pool. A SQLite file and its folder are created on
/// first use, in WAL mode so that readers never wait for the writer.
pub async fn connect(settings: &DatabaseSettings) -> Result<DatabaseConnection, StorageError> {
    let url = settings.url.expose_secret().to_owned();
    create_sqlite_folder(settings)?;
    let mut options = ConnectOptions::new(url);
    let busy_timeout = Duration::from_millis(settings.sqlite_busy_timeout_ms);
    options
        .max_connections(settings.max_connections)
        .acquire_timeout(Duration::from_secs(settings.acquire_timeout_seconds))
        .connect_timeout(Duration::from_secs(settings.acquire_timeout_seconds))
        .sqlx_logging(false)
        // A ping before every checkout is a round trip per query; a dead
        // connection shows up as an error on use instead, which callers map
        // to 503 like any other outage.
        .test_before_acquire(false)
        .map_sqlx_sqlite_opts(move |o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .busy_timeout(busy_timeout)
                .create_if_missing(true)
                .foreign_keys(true)
                // Pages are read through a memory map instead of a read()
                // into each connection's cache: after every commit the other
                // connections would otherwise copy the pages in again.
                .pragma("mmap_size", SQLITE_MMAP_BYTES.to_string())
        });
    Ok(Database::connect(options).await?)
}

/// Address space for SQLite's memory map; only pages touched count as memory.
const SQLITE_MMAP_BYTES: i64 = 256 * 1024 * 1024;

/// Any fixed number: the PostgreSQL advisory lock replicas take around migrations.
const MIGRATION_LOCK: i64 = 0x6d6f_6465_7261_746f; // "moderato"

/// Brings the schema up to date. On PostgreSQL, replicas starting at the same
/// moment take turns under an advisory lock, so none of them sees a half-made
/// table; the lock is tied to a transaction, so a crashed replica can't hold it.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), StorageError> {
    if db.get_database_backend() != DbBackend::Postgres {
        Migrator::up(db, None).await?;
        return Ok(());
    }
    let lock = db.begin().await?;
    lock.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
        .await?;
    let migrated = Migrator::up(db, None).await;
    lock.commit().await?;
    migrated?;
    Ok(())
}

/// Answers whether the database responds, for readiness checks.
pub async fn ping(db: &DatabaseConnection) -> Result<(), StorageError> {
    Ok(db.ping().await?)
}

/// The SQLite database file the settings name, or `None` for PostgreSQL
/// and in-memory databases.
pub(crate) fn sqlite_file(settings: &DatabaseSettings) -> Option<PathBuf> {
    if settings.is_postgres() {
        return None;
    }
    let url = settings.url.expose_secret();
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let in_memory = path.is_empty()
        || path.starts_with(":memory:")
        || query.split('&').any(|pair| pair == "mode=memory");
    (!in_memory).then(|| PathBuf::from(path))
}

fn create_sqlite_folder(settings: &DatabaseSettings) -> Result<(), StorageError> {
    let Some(path) = sqlite_file(settings) else {
        return Ok(());
    };
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            std::fs::create_dir_all(dir).map_err(|source| StorageError::CreateDir {
                path: dir.display().to_string(),
                source,
            })
        }
        _ => Ok(()),
    }
}
