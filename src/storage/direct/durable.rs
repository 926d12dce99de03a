//! Durability off the connection thread.
//!
//! The connection commits with `synchronous = NORMAL`: in WAL mode SQLite
//! then writes the batch to the log without waiting for the disk. This
//! thread waits for it instead (one `fdatasync` of the log), and only then
//! answers the batch's requesters, so a 201 still means the comment is on
//! disk. Meanwhile the connection thread answers lookups and commits the
//! next batch rather than sitting in `fsync`; under load that wait, not
//! SQLite's work, was what bounded throughput. Batches that commit while a
//! sync is running share the next one.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use prometheus_client::metrics::histogram::Histogram;

use super::{stopped, Reply};
use crate::storage::comments::StoredComment;
use crate::storage::StorageError;
use sea_orm::DbErr;

/// Committed submissions and their outcomes, waiting to be answered.
pub(super) type Answers = Vec<(Reply, Result<StoredComment, StorageError>)>;

/// Handle to the syncing thread; it ends when the connection thread does.
pub(super) struct Syncer {
    committed: mpsc::Sender<Answers>,
}

/// The syncing thread's side.
struct Log {
    path: PathBuf,
    file: Option<File>,
    /// How long each sync took.
    seconds: Histogram,
}

impl Syncer {
    /// Starts the thread that syncs `database`'s write-ahead log.
    pub(super) fn start(database: &Path, seconds: Histogram) -> std::io::Result<Self> {
        let mut wal = database.as_os_str().to_owned();
        wal.push("-wal");
        let log = Log {
            path: PathBuf::from(wal),
            file: None,
            seconds,
        };
        let (committed, waiting) = mpsc::channel();
        std::thread::Builder::new()
            .name("moderato-fsync".to_owned())
            .spawn(move || run(log, &waiting))?;
        Ok(Self { committed })
    }

    /// Answers each requester once the log its rows were committed to is on
    /// disk.
    pub(super) fn answer_when_durable(&self, answers: Answers) {
        if let Err(mpsc::SendError(answers)) = self.committed.send(answers) {
            for (reply, _) in answers {
                let _ = reply.send(Err(stopped()));
            }
        }
    }
}

fn run(mut log: Log, waiting: &mpsc::Receiver<Answers>) {
    while let Ok(mut answers) = waiting.recv() {
        while let Ok(more) = waiting.try_recv() {
            answers.extend(more);
        }
        match log.sync() {
            Ok(()) => {
                for (reply, result) in answers {
                    let _ = reply.send(result);
                }
            }
            Err(e) => {
                // The rows are committed but may not survive a power cut, so
                // nobody is told they are stored; a retry with the same
                // idempotency key finds them.
                tracing::error!(error = %e, rows = answers.len(), "the write-ahead log could not be synced");
                log.file = None;
                for (reply, result) in answers {
                    let _ = reply.send(result.and(Err(not_durable(&e))));
                }
            }
        }
    }
}

impl Log {
    fn sync(&mut self) -> std::io::Result<()> {
        let started = Instant::now();
        let file = match &mut self.file {
            Some(file) => file,
            None => self
                .file
                .insert(OpenOptions::new().write(true).open(&self.path)?),
        };
        file.sync_data()?;
        self.seconds.observe(started.elapsed().as_secs_f64());
        Ok(())
    }
}

fn not_durable(err: &std::io::Error) -> StorageError {
    StorageError::Query(DbErr::Custom(format!(
        "the write-ahead log could not be synced: {err}"
    )))
}
