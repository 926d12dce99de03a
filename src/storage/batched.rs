//! Group commit through the pool: PostgreSQL (and an in-memory SQLite
//! database, which only the pool can see).
//!
//! Stored one by one, each submission cost PostgreSQL a transaction of six
//! statements and a wait for its log to reach the disk; profiled under load,
//! the server spent its time in those commits and in per-statement
//! overhead. Here the submissions waiting at one moment are stored by one
//! transaction with a multi-row insert per table, and each requester is
//! answered once it commits. A batch that fails is stored again row by row,
//! so a row that can't be stored fails alone.

use futures_util::future::join_all;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, TransactionTrait};
use tokio::sync::{mpsc, oneshot};

use super::comments::{self, NewRow, StoredComment};
use super::StorageError;
use crate::metrics::CommitStats;

/// Most submissions one transaction takes.
const MAX_BATCH: usize = 256;

type Reply = oneshot::Sender<Result<StoredComment, StorageError>>;

/// One submission waiting for its batch.
struct Pending {
    row: NewRow,
    reply: Reply,
}

/// Handle to the batching task; it ends when the last handle is dropped.
#[derive(Clone)]
pub struct BatchWriter {
    db: DatabaseConnection,
    queue: mpsc::UnboundedSender<Pending>,
}

/// The batching task's side.
struct Writer {
    db: DatabaseConnection,
    stats: CommitStats,
}

impl BatchWriter {
    /// Starts the batching task on the current runtime.
    pub fn start(db: DatabaseConnection, stats: CommitStats) -> Self {
        let (queue, waiting) = mpsc::unbounded_channel();
        let writer = Writer {
            db: db.clone(),
            stats,
        };
        tokio::spawn(run(writer, waiting));
        Self { db, queue }
    }

    /// Stores one submission; returns once it is committed.
    pub async fn insert(&self, row: NewRow) -> Result<StoredComment, StorageError> {
        // A row that claims an idempotency key is stored by itself: a
        // concurrent retry's claim must fail that row alone, as `KeyTaken`.
        if row.idempotency.is_some() {
            return comments::insert(&self.db, &row).await;
        }
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Pending { row, reply })
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

async fn run(writer: Writer, mut waiting: mpsc::UnboundedReceiver<Pending>) {
    let mut batch = Vec::new();
    while waiting.recv_many(&mut batch, MAX_BATCH).await > 0 {
        write(&writer, std::mem::take(&mut batch)).await;
    }
}

async fn write(writer: &Writer, mut batch: Vec<Pending>) {
    let db = &writer.db;
    // Nobody is waiting for a row whose request already timed out or left.
    batch.retain(|pending| !pending.reply.is_closed());
    if batch.is_empty() {
        return;
    }
    let rows = batch.len();
    writer.stats.rows.observe(rows as f64);
    if rows > 1 {
        match write_together(db, &batch).await {
            Ok(()) => {
                for Pending { row, reply } in batch {
                    let _ = reply.send(Ok(comments::stored(&row)));
                }
                return;
            }
            // Row by row would only wait out the same timeouts again.
            Err(StorageError::Unavailable(e)) => {
                tracing::warn!(error = %e, rows, "the batch could not be written");
                for Pending { reply, .. } in batch {
                    let _ =
                        reply.send(Err(StorageError::Unavailable(DbErr::Custom(e.to_string()))));
                }
                return;
            }
            Err(e) => {
                tracing::info!(error = ?e, rows, "a batch failed; storing its rows one by one");
            }
        }
    }
    // Concurrently, so that the retry takes about one round of commits.
    join_all(batch.into_iter().map(|Pending { row, reply }| async move {
        let _ = reply.send(comments::insert(db, &row).await);
    }))
    .await;
}

async fn write_together(db: &DatabaseConnection, batch: &[Pending]) -> Result<(), StorageError> {
    let rows: Vec<&NewRow> = batch.iter().map(|pending| &pending.row).collect();
    let statements = comments::batch_statements(&rows, db.get_database_backend())?;
    let txn = db.begin().await?;
    for statement in statements {
        txn.execute_raw(statement).await?;
    }
    txn.commit().await?;
    Ok(())
}

fn stopped() -> StorageError {
    StorageError::Query(DbErr::Custom("the batching task has stopped".into()))
}
