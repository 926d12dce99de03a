//! Who has any history here at all, held in memory on SQLite, so that a
//! first-time submitter's history is known to be empty without a query.
//!
//! Why: after the recent submissions moved into memory (`recent`), the one
//! read left before a submission's write was the history statement (the
//! email's approvals, rejections and recent comments, the address's
//! rejections, the post's author). It cost a round trip to the connection
//! thread, which answers only between batches: a third of the submission
//! throughput under load. Most submitters are new, and for them every one
//! of those counts is zero.
//!
//! Each set is a superset of the truth, which is what makes it safe to use:
//! a key that is absent has no history; a key that is present (or a set
//! that overflowed) only means "ask the database". The emails are those of
//! every stored comment, whatever its status. Comments are only ever added
//! through the submission path, which notes each one here, so no approval
//! or rejection can come to an email the set lacks. The addresses are those
//! of rejected comments only (every address would mean reading the whole
//! table at start-up), so a moderator's rejection notes its address too.
//! Erasing or purging comments only removes history, which leaves the sets
//! supersets still.

use rustc_hash::FxHashSet;

use super::recent::key;

/// Most keys one set holds, about 16 MB. Past that the set gives up and
/// every lookup of its kind goes to the database, as before.
pub const CAPACITY: usize = 1 << 20;

/// Emails with any comment, and addresses with a rejected one.
pub struct KnownSubmitters {
    emails: KeySet,
    rejected_addresses: KeySet,
}

impl KnownSubmitters {
    pub fn new(capacity: usize) -> Self {
        Self {
            emails: KeySet::new(capacity),
            rejected_addresses: KeySet::new(capacity),
        }
    }

    /// A stored comment's email, and its address when it was rejected.
    pub fn note_comment(&mut self, email: Option<&str>, ip: Option<&str>, rejected: bool) {
        if let Some(email) = email {
            self.emails.insert(email_key(email));
        }
        if rejected {
            self.note_rejected(ip);
        }
    }

    /// The address of a comment a moderator rejected.
    pub fn note_rejected(&mut self, ip: Option<&str>) {
        if let Some(ip) = ip {
            self.rejected_addresses.insert(address_key(ip));
        }
    }

    /// Whether this email and address certainly have no approved, rejected
    /// or recent comments, so the database need not be asked.
    pub fn certainly_new(&self, email: Option<&str>, ip: Option<&str>) -> bool {
        email.is_none_or(|e| !self.emails.may_contain(email_key(e)))
            && ip.is_none_or(|ip| !self.rejected_addresses.may_contain(address_key(ip)))
    }

    /// Keys held: emails, then rejected addresses (for the start-up log).
    pub fn sizes(&self) -> (usize, usize) {
        (self.emails.keys.len(), self.rejected_addresses.keys.len())
    }
}

fn email_key(email: &str) -> u64 {
    key("email", email)
}

/// The same key as `recent` gives an address.
fn address_key(ip: &str) -> u64 {
    key("ip", ip)
}

/// A set of 64-bit keys that stops answering "no" once it is full. The
/// keys are hashes already, so the set's own hash is the cheapest there is.
struct KeySet {
    keys: FxHashSet<u64>,
    capacity: usize,
    overflowed: bool,
}

impl KeySet {
    fn new(capacity: usize) -> Self {
        Self {
            keys: FxHashSet::default(),
            capacity,
            overflowed: false,
        }
    }

    fn insert(&mut self, key: u64) {
        if self.overflowed {
            return;
        }
        if self.keys.len() >= self.capacity && !self.keys.contains(&key) {
            tracing::warn!(
                capacity = self.capacity,
                "more submitters than the in-memory history set holds; their history is read from the database from now on"
            );
            self.overflowed = true;
            self.keys = FxHashSet::default();
            return;
        }
        self.keys.insert(key);
    }

    /// A false "yes" (two keys alike, or a full set) costs a query; a
    /// "no" is certain.
    fn may_contain(&self, key: u64) -> bool {
        self.overflowed || self.keys.contains(&key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_submitter_with_no_comment_is_certainly_new() {
        let mut known = KnownSubmitters::new(16);
        assert!(known.certainly_new(Some("ana@example.org"), Some("192.0.2.1")));
        known.note_comment(Some("ana@example.org"), Some("192.0.2.1"), false);
        assert!(!known.certainly_new(Some("ana@example.org"), None));
        // An address counts only once one of its comments is rejected.
        assert!(known.certainly_new(Some("bo@example.org"), Some("192.0.2.1")));
        assert!(known.certainly_new(None, None));
    }

    #[test]
    fn a_rejected_comment_or_a_moderators_rejection_marks_the_address() {
        let mut known = KnownSubmitters::new(16);
        known.note_comment(None, Some("192.0.2.1"), true);
        known.note_rejected(Some("192.0.2.2"));
        assert!(!known.certainly_new(None, Some("192.0.2.1")));
        assert!(!known.certainly_new(None, Some("192.0.2.2")));
        assert!(known.certainly_new(None, Some("192.0.2.3")));
        // An email is not an address, even with the same text.
        assert!(known.certainly_new(Some("192.0.2.1"), None));
    }

    #[test]
    fn a_full_set_sends_every_lookup_of_its_kind_to_the_database() {
        let mut known = KnownSubmitters::new(2);
        known.note_comment(Some("a@example.org"), None, false);
        known.note_comment(Some("b@example.org"), None, false);
        known.note_comment(Some("a@example.org"), None, false);
        assert!(known.certainly_new(Some("z@example.org"), None));
        known.note_comment(Some("c@example.org"), None, false);
        assert!(!known.certainly_new(Some("z@example.org"), None));
        assert_eq!(known.sizes(), (0, 0));
        // The addresses' set is separate and still answers.
        assert!(known.certainly_new(None, Some("192.0.2.9")));
    }
}
