//! Settings that protect the service and its commenters: abuse limits,
//! idempotent submission and what is kept of a commenter's address.

use secrecy::SecretString;
use serde::Deserialize;

/// Token buckets on the public write endpoints (`POST /comments`, `/score`).
/// Each replica keeps its own buckets in memory; 0 turns a limit off.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsSettings {
    /// Sustained requests per minute from one client address.
    pub per_ip_per_minute: u32,
    /// Requests one address may send at once before the rate applies.
    pub ip_burst: u32,
    /// Sustained submissions per minute under one author email.
    pub per_email_per_minute: u32,
    pub email_burst: u32,
}

/// `GET /metrics` in the Prometheus text format, on the main port.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsSettings {
    /// Off by default: the main port is often public, and the figures are
    /// for operators. When on, restrict `/metrics` at the proxy.
    pub enabled: bool,
}

/// In-process caches.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheSettings {
    /// How long a public listing page is served from memory. This replica
    /// forgets a post's pages as soon as it publishes there; other replicas'
    /// changes show within this time. 0 turns the cache off.
    pub listing_ttl_ms: u64,
}

/// `Idempotency-Key` handling and double-submit detection.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdempotencySettings {
    /// How long a key's first response is replayed.
    pub key_ttl_hours: u64,
    /// Without a key, the same author posting the same body to the same post
    /// within this many seconds gets the first comment back; 0 turns it off.
    pub double_submit_seconds: u64,
}

/// How much of a commenter's address is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IpStorage {
    /// The whole address.
    Full,
    /// IPv4 /24 or IPv6 /48: enough for velocity and spam history by network.
    Truncated,
    /// A keyed HMAC of the address: equal addresses match, none can be read back.
    Hashed,
    /// Nothing; velocity and history by address are off.
    None,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacySettings {
    pub ip_storage: IpStorage,
    /// The HMAC key for `ip_storage = "hashed"`; must be the same on every replica.
    pub ip_hash_key: SecretString,
}
