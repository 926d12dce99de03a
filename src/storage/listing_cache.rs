//! An in-process cache of public listing pages, so a post that goes viral is
//! served from memory. This replica drops a post's pages the moment it
//! publishes a comment there, and everything when a moderator decides;
//! changes made by other replicas show after at most the configured TTL.
//!
//! When a page expires, one request rebuilds it while the others are served
//! the expired copy: without that, every request that arrived in the
//! meantime queried the database at once, each TTL, on every busy page. The
//! expired copy is also what readers get while the database can't answer.

use std::collections::HashMap;
use std::sync::{RwLock, RwLockWriteGuard};
use std::time::{Duration, Instant};

use actix_web::web::Bytes;

/// Entries kept before the cache starts over; bounds memory whatever the traffic.
const MAX_ENTRIES: usize = 10_000;

/// A page: the post, the page size and the cursor it starts after.
pub type PageKey = (String, u64, Option<String>);

pub struct ListingCache {
    ttl: Duration,
    inner: RwLock<Pages>,
}

#[derive(Default)]
struct Pages {
    pages: HashMap<PageKey, Page>,
    /// Bumped by every forget, so that a page built before one is not
    /// cached after it.
    generation: u64,
}

struct Page {
    built: Instant,
    body: Bytes,
    /// A request is rebuilding it.
    claimed: bool,
}

/// What a lookup found.
pub enum Lookup<'a> {
    /// Serve this: fresh, or expired while another request rebuilds it.
    Hit(Bytes),
    /// Build the page and hand it to [`Refresh::put`].
    Miss(Refresh<'a>),
}

/// The right to rebuild a page; dropping it unused (the query failed, the
/// request went away) lets the next request try.
pub struct Refresh<'a> {
    cache: &'a ListingCache,
    key: PageKey,
    generation: u64,
    claimed: bool,
    stale: Option<Bytes>,
}

impl ListingCache {
    /// A TTL of zero turns the cache off.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            inner: RwLock::new(Pages::default()),
        }
    }

    fn write(&self) -> RwLockWriteGuard<'_, Pages> {
        self.inner.write().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether `page` is served as it is: fresh, or being rebuilt.
    fn servable(&self, page: &Page) -> bool {
        page.claimed || page.built.elapsed() < self.ttl
    }

    pub fn lookup(&self, key: &PageKey) -> Lookup<'_> {
        if !self.ttl.is_zero() {
            let inner = self.inner.read().unwrap_or_else(|p| p.into_inner());
            if let Some(page) = inner.pages.get(key).filter(|p| self.servable(p)) {
                return Lookup::Hit(page.body.clone());
            }
        }
        let mut inner = self.write();
        let generation = inner.generation;
        let mut refresh = Refresh {
            cache: self,
            key: key.clone(),
            generation,
            claimed: false,
            stale: None,
        };
        if let Some(page) = inner.pages.get_mut(key) {
            if self.servable(page) {
                return Lookup::Hit(page.body.clone());
            }
            page.claimed = true;
            refresh.claimed = true;
            refresh.stale = Some(page.body.clone());
        }
        Lookup::Miss(refresh)
    }

    /// A comment was published on `post_id`.
    pub fn forget_post(&self, post_id: &str) {
        let mut inner = self.write();
        inner.generation += 1;
        inner.pages.retain(|(post, _, _), _| post != post_id);
    }

    /// A moderator changed something, somewhere.
    pub fn forget_all(&self) {
        let mut inner = self.write();
        inner.generation += 1;
        inner.pages.clear();
    }
}

impl Refresh<'_> {
    /// The expired page, to serve when the page can't be built now.
    pub fn stale(&self) -> Option<Bytes> {
        self.stale.clone()
    }

    /// Caches the rebuilt page, unless something was forgotten meanwhile
    /// (it may predate the change).
    pub fn put(mut self, body: Bytes) {
        let cache = self.cache;
        if cache.ttl.is_zero() {
            return;
        }
        let mut inner = cache.write();
        self.claimed = false;
        if inner.generation != self.generation {
            return;
        }
        if inner.pages.len() >= MAX_ENTRIES {
            inner.pages.clear();
        }
        let page = Page {
            built: Instant::now(),
            body,
            claimed: false,
        };
        inner.pages.insert(std::mem::take(&mut self.key), page);
    }
}

impl Drop for Refresh<'_> {
    fn drop(&mut self) {
        if self.claimed {
            if let Some(page) = self.cache.write().pages.get_mut(&self.key) {
                page.claimed = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(post: &str) -> PageKey {
        (post.to_owned(), 50, None)
    }

    fn hit(cache: &ListingCache, post: &str) -> Option<Bytes> {
        match cache.lookup(&key(post)) {
            Lookup::Hit(body) => Some(body),
            Lookup::Miss(_) => None,
        }
    }

    fn fill(cache: &ListingCache, post: &str, body: &'static [u8]) {
        match cache.lookup(&key(post)) {
            Lookup::Miss(refresh) => refresh.put(Bytes::from_static(body)),
            Lookup::Hit(_) => panic!("{post} was cached already"),
        }
    }

    #[test]
    fn pages_are_served_until_they_expire_or_are_forgotten() {
        let cache = ListingCache::new(Duration::from_millis(50));
        fill(&cache, "a", b"A");
        fill(&cache, "b", b"B");
        assert_eq!(hit(&cache, "a").as_deref(), Some(&b"A"[..]));
        cache.forget_post("a");
        assert_eq!(hit(&cache, "a"), None);
        assert!(hit(&cache, "b").is_some());
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(hit(&cache, "b"), None);
    }

    #[test]
    fn one_request_rebuilds_an_expired_page_while_the_others_get_the_old_one() {
        let cache = ListingCache::new(Duration::from_millis(20));
        fill(&cache, "a", b"old");
        std::thread::sleep(Duration::from_millis(30));
        let Lookup::Miss(refresh) = cache.lookup(&key("a")) else {
            panic!("an expired page is rebuilt");
        };
        assert_eq!(refresh.stale().as_deref(), Some(&b"old"[..]));
        assert_eq!(hit(&cache, "a").as_deref(), Some(&b"old"[..]));
        refresh.put(Bytes::from_static(b"new"));
        assert_eq!(hit(&cache, "a").as_deref(), Some(&b"new"[..]));
    }

    #[test]
    fn a_rebuild_given_up_lets_the_next_request_try() {
        let cache = ListingCache::new(Duration::from_millis(20));
        fill(&cache, "a", b"old");
        std::thread::sleep(Duration::from_millis(30));
        drop(cache.lookup(&key("a")));
        assert_eq!(hit(&cache, "a"), None, "the next request rebuilds it");
    }

    #[test]
    fn a_page_built_before_a_forget_is_not_cached() {
        let cache = ListingCache::new(Duration::from_secs(60));
        let Lookup::Miss(refresh) = cache.lookup(&key("a")) else {
            panic!("nothing is cached yet");
        };
        cache.forget_post("a");
        refresh.put(Bytes::from_static(b"before the new comment"));
        assert_eq!(hit(&cache, "a"), None);
    }

    #[test]
    fn a_zero_ttl_caches_nothing() {
        let cache = ListingCache::new(Duration::ZERO);
        fill(&cache, "a", b"A");
        assert_eq!(hit(&cache, "a"), None);
    }
}
