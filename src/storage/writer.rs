//! Group commit for SQLite. SQLite has one writer and each commit waits for
//! the disk, so instead of every request committing on its own, one task
//! takes every submission waiting at that moment and commits them in one
//! transaction; each request is answered once its batch has committed.
//! Plain submissions are written with one multi-row statement per table
//! (each statement is a hand-off to SQLite's worker thread, which is what
//! costs). If that fails, the batch is retried row by row, each row under
//! its own savepoint, so a failing row fails alone.
//! PostgreSQL takes concurrent writers well, so there each submission
//! commits by itself.

use sea_orm::{DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, TransactionTrait};
use tokio::sync::{mpsc, oneshot};

use super::comments::{self, NewRow, StoredComment};
use super::StorageError;

/// Most submissions one transaction takes.
const MAX_BATCH: usize = 256;

type Reply = oneshot::Sender<Result<StoredComment, StorageError>>;

/// Where submissions are written.
#[derive(Clone)]
pub enum Inserter {
    Direct(DatabaseConnection),
    Batched(mpsc::Sender<(NewRow, Reply)>),
}

impl Inserter {
    /// Starts the group-commit task on SQLite; it ends when the last
    /// `Inserter` is dropped.
    pub fn start(db: DatabaseConnection) -> Self {
        if db.get_database_backend() != DbBackend::Sqlite {
            return Self::Direct(db);
        }
        let (sender, receiver) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(run(db, receiver));
        Self::Batched(sender)
    }

    /// Stores one submission; returns once it is committed.
    pub async fn insert(&self, row: NewRow) -> Result<StoredComment, StorageError> {
        match self {
            Self::Direct(db) => comments::insert(db, &row).await,
            Self::Batched(sender) => {
                let (reply, answer) = oneshot::channel();
                sender.send((row, reply)).await.map_err(|_| stopped())?;
                answer.await.map_err(|_| stopped())?
            }
        }
    }
}

fn stopped() -> StorageError {
    StorageError::Query(DbErr::Custom("the database writer has stopped".into()))
}

async fn run(db: DatabaseConnection, mut receiver: mpsc::Receiver<(NewRow, Reply)>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let jobs = std::mem::take(&mut batch);
        if jobs.len() > 1 {
            tracing::trace!(rows = jobs.len(), "group commit");
        }
        commit_batch(&db, jobs).await;
    }
}

async fn commit_batch(db: &DatabaseConnection, jobs: Vec<(NewRow, Reply)>) {
    // Nobody is waiting for a row whose request already timed out or left.
    let jobs: Vec<(NewRow, Reply)> = jobs.into_iter().filter(|(_, r)| !r.is_closed()).collect();
    if jobs.is_empty() {
        return;
    }
    let txn = match db.begin().await {
        Ok(txn) => txn,
        Err(e) => return fail_all(jobs, e),
    };
    let mut results: Vec<Option<Result<StoredComment, StorageError>>> =
        (0..jobs.len()).map(|_| None).collect();
    // Plain submissions go in together, a statement per table; ones with an
    // idempotency key or a notice, and any batch that fails, row by row.
    let (plain, mut one_by_one): (Vec<usize>, Vec<usize>) = (0..jobs.len())
        .partition(|&i| jobs[i].0.idempotency.is_none() && jobs[i].0.notice.is_none());
    if plain.len() > 1 {
        let rows: Vec<&NewRow> = plain.iter().map(|&i| &jobs[i].0).collect();
        match insert_together(&txn, &rows, plain.iter().map(|&i| &jobs[i].1)).await {
            Some(stored) => {
                for (&i, stored) in plain.iter().zip(stored) {
                    results[i] = Some(Ok(stored));
                }
            }
            None => one_by_one.extend(&plain),
        }
    } else {
        one_by_one.extend(&plain);
    }
    for i in one_by_one {
        results[i] = insert_one(&txn, &jobs[i].0, &jobs[i].1).await;
    }
    if let Err(e) = txn.commit().await {
        return fail_all(jobs, e);
    }
    for ((_, reply), result) in jobs.into_iter().zip(results) {
        if let Some(result) = result {
            let _ = reply.send(result);
        }
    }
}

/// The rows in one go under a savepoint; `None` (rolled back) when that
/// failed or a requester left meanwhile, so the rows go one by one instead.
async fn insert_together<'a>(
    txn: &DatabaseTransaction,
    rows: &[&NewRow],
    replies: impl Iterator<Item = &'a Reply> + Clone,
) -> Option<Vec<StoredComment>> {
    let savepoint = txn.begin().await.ok()?;
    match comments::insert_many_in(&savepoint, rows).await {
        Ok(stored) if !replies.clone().any(|r| r.is_closed()) => {
            savepoint.commit().await.ok().map(|()| stored)
        }
        Ok(_) => {
            let _ = savepoint.rollback().await;
            None
        }
        Err(e) => {
            tracing::warn!(rows = rows.len(), error = %e, "batched insert failed; retrying row by row");
            let _ = savepoint.rollback().await;
            None
        }
    }
}

/// One row under its own savepoint, so its failure leaves the others intact.
/// A row whose request has already been answered otherwise (it timed out or
/// the client left) is not written: nobody was told it was stored. `None`
/// means it was skipped.
async fn insert_one(
    txn: &DatabaseTransaction,
    row: &NewRow,
    reply: &Reply,
) -> Option<Result<StoredComment, StorageError>> {
    if reply.is_closed() {
        return None;
    }
    let savepoint = match txn.begin().await {
        Ok(savepoint) => savepoint,
        Err(e) => return Some(Err(e.into())),
    };
    match comments::insert_in(&savepoint, row).await {
        Ok(_) if reply.is_closed() => {
            let _ = savepoint.rollback().await;
            None
        }
        Ok(stored) => Some(
            savepoint
                .commit()
                .await
                .map(|()| stored)
                .map_err(Into::into),
        ),
        Err(e) => {
            let _ = savepoint.rollback().await;
            Some(Err(e))
        }
    }
}

fn fail_all(jobs: Vec<(NewRow, Reply)>, err: DbErr) {
    let unavailable = matches!(StorageError::from(err), StorageError::Unavailable(_));
    for (_, reply) in jobs {
        let error = if unavailable {
            StorageError::Unavailable(DbErr::Custom("the database is unavailable".into()))
        } else {
            StorageError::Query(DbErr::Custom("the batch could not be committed".into()))
        };
        let _ = reply.send(Err(error));
    }
}
