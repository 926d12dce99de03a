//! The recent submissions, held in memory on SQLite: the duplicate count,
//! the double-submit lookup and the count of an address's recent comments
//! are answered here instead of from indexes on `body_hash` and
//! `client_ip`.
//!
//! Why: a SHA-256 key is as random as keys get, and addresses nearly so,
//! so every stored comment dirtied one more leaf page of each index, which
//! SQLite then wrote whole to the log at each commit. Under load the two
//! were about a third of the submission throughput. On SQLite one process
//! owns the file and every comment goes through its submission path, so the
//! process can know the recent submissions itself; several PostgreSQL
//! replicas cannot, and keep the indexes.
//!
//! Each entry links to the previous one with the same text and to the
//! previous one from the same address, so a lookup walks only those,
//! newest first.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

/// Most entries kept: about 110 bytes each with the maps, so at most about
/// 7 MB. That is a day of comments at three every four seconds; when a flood
/// passes it in less than the window, the window shortens to the newest
/// entries, which are the ones the velocity and duplicate counts of the
/// flood itself need.
pub const CAPACITY: usize = 65_536;

/// No earlier entry.
const NONE: u64 = u64::MAX;

/// Most entries one lookup visits: a flood of one text on one post must not
/// make every later submission walk all of it.
const WALK_LIMIT: usize = 4_096;

/// One submission, as the lookups need it.
#[derive(Debug, Clone, Copy)]
struct Entry {
    body: u64,
    post: u64,
    /// The double-submit identity (see [`submitter`]), 0 for none.
    submitter: u64,
    /// The stored address's key, 0 for none.
    ip: u64,
    /// Microseconds since the epoch.
    at: i64,
    id: Uuid,
    /// Sequence numbers of the previous entry with the same body, and from
    /// the same address, or [`NONE`].
    previous: u64,
    previous_from_ip: u64,
}

/// What a submission stored, as [`RecentSubmissions::remember`] takes it.
pub struct Remembered<'a> {
    pub id: Uuid,
    pub body_hash: &'a str,
    pub post_id: &'a str,
    pub email: Option<&'a str>,
    pub ip: Option<&'a str>,
    pub at: DateTime<Utc>,
}

/// What a lookup asks, the in-memory share of `facts::FactsQuery`.
pub struct Question<'a> {
    pub body_hash: &'a str,
    pub post_id: &'a str,
    pub email: Option<&'a str>,
    pub ip: Option<&'a str>,
    pub now: DateTime<Utc>,
    /// The velocity window's start, for the address's recent comments.
    pub recent_since: DateTime<Utc>,
    pub duplicates_since: DateTime<Utc>,
    pub cap: u64,
    pub double_submit_since: Option<DateTime<Utc>>,
}

/// The answer: comments with this text on other posts, the first double
/// submit's id, and the address's comments in the velocity window.
#[derive(Debug, Default, PartialEq)]
pub struct Answer {
    pub duplicates_elsewhere: u64,
    pub recent_by_ip: u64,
    pub double_submit: Option<String>,
}

/// Recent submissions within `window`, oldest first.
pub struct RecentSubmissions {
    entries: VecDeque<Entry>,
    /// Sequence number of `entries[0]`.
    first: u64,
    /// Each body's newest entry.
    newest: HashMap<u64, u64>,
    /// Each address's newest entry.
    newest_from_ip: HashMap<u64, u64>,
    window: Duration,
    capacity: usize,
}

impl RecentSubmissions {
    pub fn new(window: Duration, capacity: usize) -> Self {
        Self {
            entries: VecDeque::new(),
            first: 0,
            newest: HashMap::new(),
            newest_from_ip: HashMap::new(),
            window,
            capacity: capacity.max(1),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How far back the window reaches at `now`: the configured window, or
    /// less when a flood has filled it (or less has been stored since
    /// start-up, or since the window began).
    pub fn reach(&self, now: DateTime<Utc>) -> Duration {
        self.entries.front().map_or(Duration::zero(), |oldest| {
            (now - DateTime::from_timestamp_micros(oldest.at).unwrap_or(now)).min(self.window)
        })
    }

    /// Adds a stored submission; entries are expected about in time order
    /// (commit order), as the submission path and the startup load give
    /// them.
    pub fn remember(&mut self, r: &Remembered<'_>) {
        self.expire(r.at);
        if self.entries.len() >= self.capacity {
            self.pop_oldest();
        }
        let body = body_key(r.body_hash);
        let seq = self.first + self.entries.len() as u64;
        let previous = self.newest.insert(body, seq).unwrap_or(NONE);
        let ip = r.ip.map_or(0, |ip| key("ip", ip));
        let previous_from_ip = if ip == 0 {
            NONE
        } else {
            self.newest_from_ip.insert(ip, seq).unwrap_or(NONE)
        };
        self.entries.push_back(Entry {
            body,
            post: key("post", r.post_id),
            submitter: submitter(r.email, r.ip),
            ip,
            at: micros(r.at),
            id: r.id,
            previous,
            previous_from_ip,
        });
    }

    /// Counts this text on other posts since `duplicates_since` and the
    /// address's comments since `recent_since` (each up to `cap`), and
    /// finds the submitter's first comment with the text on this post since
    /// `double_submit_since`, as the SQL lookups on PostgreSQL do.
    pub fn answer(&mut self, q: &Question<'_>) -> Answer {
        self.expire(q.now);
        let mut answer = self.texts(q);
        answer.recent_by_ip = self.by_address(q);
        answer
    }

    fn by_address(&self, q: &Question<'_>) -> u64 {
        let Some(ip) = q.ip else { return 0 };
        let since = micros(q.recent_since);
        let mut count = 0;
        let mut next = self.newest_from_ip.get(&key("ip", ip)).copied();
        while let Some(entry) = next.and_then(|seq| self.get(seq)) {
            if entry.at < since || count >= q.cap {
                break;
            }
            count += 1;
            next = Some(entry.previous_from_ip);
        }
        count
    }

    fn texts(&self, q: &Question<'_>) -> Answer {
        let post = key("post", q.post_id);
        let who = q
            .double_submit_since
            .map_or(0, |_| submitter(q.email, q.ip));
        let duplicates_since = micros(q.duplicates_since);
        let double_since = micros(q.double_submit_since.unwrap_or(q.now));
        let oldest_needed = if who == 0 {
            duplicates_since
        } else {
            duplicates_since.min(double_since)
        };
        let mut answer = Answer::default();
        let mut next = self.newest.get(&body_key(q.body_hash)).copied();
        for _ in 0..WALK_LIMIT {
            let Some(entry) = next.and_then(|seq| self.get(seq)) else {
                break;
            };
            if entry.at < oldest_needed {
                break;
            }
            if entry.post != post {
                if entry.at >= duplicates_since && answer.duplicates_elsewhere < q.cap {
                    answer.duplicates_elsewhere += 1;
                }
            } else if who != 0 && entry.submitter == who && entry.at >= double_since {
                // Walking newest first, the last match is the first comment.
                answer.double_submit = Some(entry.id.to_string());
            }
            let counted = answer.duplicates_elsewhere >= q.cap;
            if counted && (who == 0 || entry.at < double_since) {
                break;
            }
            next = Some(entry.previous);
        }
        answer
    }

    /// The entry numbered `seq`, unless it is [`NONE`] or gone.
    fn get(&self, seq: u64) -> Option<&Entry> {
        let index = usize::try_from(seq.checked_sub(self.first)?).ok()?;
        self.entries.get(index)
    }

    fn expire(&mut self, now: DateTime<Utc>) {
        let horizon = micros(now - self.window);
        while self.entries.front().is_some_and(|e| e.at < horizon) {
            self.pop_oldest();
        }
    }

    fn pop_oldest(&mut self) {
        if let Some(entry) = self.entries.pop_front() {
            if self.newest.get(&entry.body) == Some(&self.first) {
                self.newest.remove(&entry.body);
            }
            if self.newest_from_ip.get(&entry.ip) == Some(&self.first) {
                self.newest_from_ip.remove(&entry.ip);
            }
            self.first += 1;
        }
    }
}

fn micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

/// The double-submit identity: the email when one is given, else the
/// stored address; 0 (no one) without either.
fn submitter(email: Option<&str>, ip: Option<&str>) -> u64 {
    match (email, ip) {
        (Some(email), _) => key("email", email),
        (None, Some(ip)) => key("ip", ip),
        (None, None) => 0,
    }
}

/// The digest is SHA-256 in hex: its first 64 bits are as good a key as
/// any hash of it. Anything else (never stored by this version) is hashed.
fn body_key(digest: &str) -> u64 {
    digest
        .get(..16)
        .and_then(|prefix| u64::from_str_radix(prefix, 16).ok())
        .unwrap_or_else(|| key("body", digest))
}

/// A 64-bit key for a text; the kind keeps an email from equalling an
/// address. The hasher's keys are fixed, which is fine for a map that never
/// leaves the process. 0 is kept for "no one".
pub(super) fn key(kind: &str, text: &str) -> u64 {
    BuildHasherDefault::<DefaultHasher>::default()
        .hash_one((kind, text))
        .max(1)
}

#[cfg(test)]
mod tests;
