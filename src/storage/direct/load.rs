//! The in-memory window of recent texts (`storage::recent`), read from
//! the file at startup.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use uuid::Uuid;

use super::values::{self, parse_timestamp};
use crate::storage::known::KnownSubmitters;
use crate::storage::recent::{self, RecentSubmissions, Remembered};
use crate::storage::StorageError;

/// Reads the submissions stored since `since` into `recent`, oldest first,
/// on a connection of its own that is closed afterwards. Ids are UUIDv7,
/// whose text sorts by time, so the primary key's index finds the window
/// without reading older rows. Rows go into the window one at a time: a
/// day's rows collected first would leave their memory to the allocator.
pub(in crate::storage) fn load_recent(
    path: &Path,
    recent: &mut RecentSubmissions,
    since: DateTime<Utc>,
) -> Result<(), StorageError> {
    let started = std::time::Instant::now();
    on_reader(path, |conn| {
        // Past the window's capacity, only the newest rows would stay.
        let first: Option<String> = conn
            .query_row(
                "SELECT id FROM comments WHERE id >= ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2",
                rusqlite::params![v7_floor(since), recent::CAPACITY as i64 - 1],
                |r| r.get(0),
            )
            .optional()?;
        let mut statement = conn.prepare(
            "SELECT id, body_hash, post_id, author_email, client_ip, created_at FROM comments \
             WHERE id >= ?1 AND body_hash IS NOT NULL ORDER BY id",
        )?;
        let mut rows = statement.query([first.unwrap_or_else(|| v7_floor(since))])?;
        while let Some(r) = rows.next()? {
            let (Ok(id), Some(at)) = (
                Uuid::parse_str(&r.get::<_, String>(0)?),
                parse_timestamp(&r.get::<_, String>(5)?),
            ) else {
                continue;
            };
            if at >= since {
                recent.remember(&Remembered {
                    id,
                    body_hash: &r.get::<_, String>(1)?,
                    post_id: &r.get::<_, String>(2)?,
                    email: r.get::<_, Option<String>>(3)?.as_deref(),
                    ip: r.get::<_, Option<String>>(4)?.as_deref(),
                    at,
                });
            }
        }
        Ok(())
    })?;
    tracing::info!(
        submissions = recent.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "recent submissions read for the duplicate, double-submit and address lookups"
    );
    Ok(())
}

/// Reads into `known` the email of every stored comment and the address of
/// every rejected one, each through its index (the addresses' index covers
/// rejected comments only, hence the status written out).
pub(in crate::storage) fn load_known(
    path: &Path,
    known: &mut KnownSubmitters,
) -> Result<(), StorageError> {
    let started = std::time::Instant::now();
    on_reader(path, |conn| {
        let mut emails = conn
            .prepare("SELECT DISTINCT author_email FROM comments WHERE author_email IS NOT NULL")?;
        let mut rows = emails.query([])?;
        while let Some(r) = rows.next()? {
            known.note_comment(Some(&r.get::<_, String>(0)?), None, false);
        }
        let mut addresses = conn.prepare(
            "SELECT DISTINCT client_ip FROM comments \
             WHERE status = 'rejected' AND client_ip IS NOT NULL",
        )?;
        let mut rows = addresses.query([])?;
        while let Some(r) = rows.next()? {
            known.note_rejected(Some(&r.get::<_, String>(0)?));
        }
        Ok(())
    })?;
    let (emails, addresses) = known.sizes();
    tracing::info!(
        emails,
        rejected_addresses = addresses,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "submitters with history read, so that new ones need no history query"
    );
    Ok(())
}

/// Runs `read` on a read-only connection of its own, closed afterwards, so
/// that start-up leaves the connection thread's page cache alone.
fn on_reader(
    path: &Path,
    read: impl FnOnce(&Connection) -> rusqlite::Result<()>,
) -> Result<(), StorageError> {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|conn| read(&conn))
        .map_err(|e| values::storage_error(&e))
}

/// The smallest UUIDv7 text of the millisecond `at`.
fn v7_floor(at: DateTime<Utc>) -> String {
    let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0) & 0xffff_ffff_ffff;
    format!(
        "{:08x}-{:04x}-7000-8000-000000000000",
        millis >> 16,
        millis & 0xffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_v7_floor_sorts_between_its_milliseconds_ids_and_the_ones_before() {
        let at = DateTime::parse_from_rfc3339("2026-12-04T05:00:00.123Z")
            .unwrap()
            .with_timezone(&Utc);
        let id_at = |millis: i64| {
            let t = at + chrono::Duration::milliseconds(millis);
            let ts = uuid::Timestamp::from_unix(
                uuid::NoContext,
                t.timestamp() as u64,
                t.timestamp_subsec_nanos(),
            );
            Uuid::new_v7(ts).to_string()
        };
        let floor = v7_floor(at);
        for _ in 0..100 {
            assert!(id_at(0) >= floor, "{} < {floor}", id_at(0));
            assert!(id_at(-1) < floor, "{} >= {floor}", id_at(-1));
        }
    }
}
