//! An in-process cache of public listing pages, so a post that goes viral is
//! served from memory. This replica drops a post's pages the moment it
//! publishes a comment there, and everything when a moderator decides;
//! changes made by other replicas show after at most the configured TTL.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use actix_web::web::Bytes;

/// Entries kept before the cache starts over; bounds memory whatever the traffic.
const MAX_ENTRIES: usize = 10_000;

/// A page: the post, the page size and the cursor it starts after.
pub type PageKey = (String, u64, Option<String>);

pub struct ListingCache {
    ttl: Duration,
    pages: RwLock<HashMap<PageKey, (Instant, Bytes)>>,
}

impl ListingCache {
    /// A TTL of zero turns the cache off.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            pages: RwLock::new(HashMap::new()),
        }
    }

    pub fn get(&self, key: &PageKey) -> Option<Bytes> {
        if self.ttl.is_zero() {
            return None;
        }
        let pages = self.pages.read().unwrap_or_else(|p| p.into_inner());
        pages
            .get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, body)| body.clone())
    }

    pub fn put(&self, key: PageKey, body: Bytes) {
        if self.ttl.is_zero() {
            return;
        }
        let mut pages = self.pages.write().unwrap_or_else(|p| p.into_inner());
        if pages.len() >= MAX_ENTRIES {
            pages.clear();
        }
        pages.insert(key, (Instant::now(), body));
    }

    /// A comment was published on `post_id`.
    pub fn forget_post(&self, post_id: &str) {
        let mut pages = self.pages.write().unwrap_or_else(|p| p.into_inner());
        pages.retain(|(post, _, _), _| post != post_id);
    }

    /// A moderator changed something, somewhere.
    pub fn forget_all(&self) {
        self.pages
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(post: &str) -> PageKey {
        (post.to_owned(), 50, None)
    }

    #[test]
    fn pages_are_served_until_they_expire_or_are_forgotten() {
        let cache = ListingCache::new(Duration::from_millis(50));
        cache.put(key("a"), Bytes::from_static(b"A"));
        cache.put(key("b"), Bytes::from_static(b"B"));
        assert_eq!(cache.get(&key("a")).as_deref(), Some(&b"A"[..]));
        cache.forget_post("a");
        assert_eq!(cache.get(&key("a")), None);
        assert!(cache.get(&key("b")).is_some());
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(cache.get(&key("b")), None);
    }

    #[test]
    fn a_zero_ttl_caches_nothing() {
        let cache = ListingCache::new(Duration::ZERO);
        cache.put(key("a"), Bytes::from_static(b"A"));
        assert_eq!(cache.get(&key("a")), None);
    }
}
