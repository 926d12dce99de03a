//! Checkpoints off the connection thread.
//!
//! A checkpoint copies the pages the write-ahead log holds back into the
//! database and syncs it. Run by the committing connection, as SQLite does
//! by default, each one stalled every submission behind it. Here a second
//! connection does that work on a timer, and the committing connection's
//! own checkpoint (every `CHECKPOINT_PAGES` in `mod.rs`) only has the few
//! pages written since to copy; it is still needed, because only a
//! checkpoint that catches up with the log lets the next commit start the
//! log again from its beginning.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// How often the log is copied back.
const EVERY: Duration = Duration::from_millis(100);

/// Keeps the checkpointing thread alive; it stops when this is dropped.
pub(super) struct Checkpointer {
    _alive: mpsc::Sender<()>,
}

impl Checkpointer {
    pub(super) fn start(database: &Path) -> std::io::Result<Self> {
        let (alive, stop) = mpsc::channel::<()>();
        let path = database.to_owned();
        std::thread::Builder::new()
            .name("moderato-checkpoint".to_owned())
            .spawn(move || run(&path, &stop))?;
        Ok(Self { _alive: alive })
    }
}

fn run(path: &Path, stop: &mpsc::Receiver<()>) {
    let mut conn = None;
    while let Err(mpsc::RecvTimeoutError::Timeout) = stop.recv_timeout(EVERY) {
        if let Err(e) = checkpoint(&mut conn, path) {
            // Not fatal: the committing connection checkpoints too.
            tracing::warn!(error = %e, "background checkpoint failed");
            conn = None;
        }
    }
}

fn checkpoint(conn: &mut Option<Connection>, path: &Path) -> rusqlite::Result<()> {
    let conn = match conn {
        Some(conn) => conn,
        None => conn.insert(Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?),
    };
    // PASSIVE never waits for, nor blocks, the committing connection.
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
}
