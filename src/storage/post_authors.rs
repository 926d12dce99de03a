//! The posts' registered authors, kept briefly in memory on SQLite: a held
//! comment's notice needs its post's author, and a submission that needs no
//! other lookup (see `known`) should not make a round trip for it alone.
//!
//! The moderation API that registers an author forgets the post's entry at
//! once. `moderato erase` runs in another process and clears an erased
//! author from their posts; an entry is trusted for [`TTL`] only, so such a
//! change is seen within it.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// How long an entry is trusted.
pub const TTL: Duration = Duration::from_secs(2);

/// Most posts kept; when full, the cache starts over. A blog gets comments
/// on far fewer posts than this within [`TTL`].
const MAX_POSTS: usize = 4_096;

/// Each post's author (`None`: none registered), with when it was read.
pub struct PostAuthors {
    entries: HashMap<String, (Option<String>, Instant)>,
    ttl: Duration,
    /// Counts [`PostAuthors::forget`]s, so that a read that began before
    /// one cannot put back what it forgot.
    generation: u64,
}

impl PostAuthors {
    pub fn new(ttl: Duration) -> Self {
        Self {
            entries: HashMap::new(),
            ttl,
            generation: 0,
        }
    }

    /// The post's author as read within the TTL; `None` when it must be
    /// read again.
    pub fn get(&self, post_id: &str, now: Instant) -> Option<Option<&str>> {
        let (author, read_at) = self.entries.get(post_id)?;
        (now.saturating_duration_since(*read_at) < self.ttl).then_some(author.as_deref())
    }

    /// Taken before a read; [`PostAuthors::put`] wants it back.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// What the database said of the post in a read that began at
    /// `read_at`, in `generation`; dropped if anything was forgotten since.
    pub fn put(&mut self, post_id: &str, author: Option<&str>, read_at: Instant, generation: u64) {
        if generation != self.generation {
            return;
        }
        if self.entries.len() >= MAX_POSTS && !self.entries.contains_key(post_id) {
            self.entries.clear();
        }
        self.entries
            .insert(post_id.to_owned(), (author.map(str::to_owned), read_at));
    }

    pub fn forget(&mut self, post_id: &str) {
        self.generation += 1;
        self.entries.remove(post_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_author_is_trusted_for_the_ttl_only() {
        let mut authors = PostAuthors::new(Duration::from_secs(2));
        let t0 = Instant::now();
        assert_eq!(authors.get("p", t0), None);
        authors.put("p", Some("desk@blog.example"), t0, 0);
        authors.put("q", None, t0, 0);
        assert_eq!(authors.get("p", t0), Some(Some("desk@blog.example")));
        assert_eq!(authors.get("q", t0 + Duration::from_secs(1)), Some(None));
        assert_eq!(authors.get("p", t0 + Duration::from_secs(2)), None);
    }

    #[test]
    fn a_forgotten_post_is_read_again() {
        let mut authors = PostAuthors::new(Duration::from_secs(2));
        let t0 = Instant::now();
        authors.put("p", None, t0, 0);
        let before = authors.generation();
        authors.forget("p");
        assert_eq!(authors.get("p", t0), None);
        // A read that began before the forget does not put back its answer.
        authors.put("p", None, t0, before);
        assert_eq!(authors.get("p", t0), None);
        authors.put("p", Some("new@blog.example"), t0, authors.generation());
        assert_eq!(authors.get("p", t0), Some(Some("new@blog.example")));
    }

    #[test]
    fn a_full_cache_starts_over() {
        let mut authors = PostAuthors::new(Duration::from_secs(60));
        let t0 = Instant::now();
        for n in 0..MAX_POSTS {
            authors.put(&format!("p{n}"), None, t0, 0);
        }
        authors.put("p0", Some("a@blog.example"), t0, 0);
        assert_eq!(
            authors.get("p1", t0),
            Some(None),
            "an update is not an addition"
        );
        authors.put("new", None, t0, 0);
        assert_eq!(authors.get("p1", t0), None);
        assert_eq!(authors.get("new", t0), Some(None));
    }
}
