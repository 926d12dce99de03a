//! What is kept of a commenter's network address, per `privacy.ip_storage`.

use std::net::IpAddr;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::config::IpStorage;

/// Turns a client address into the form that is stored and matched by the
/// velocity and spam-history rules, so those rules work from stored data alone.
#[derive(Clone)]
pub struct IpPolicy {
    mode: IpStorage,
    key: Vec<u8>,
}

impl IpPolicy {
    pub fn new(mode: IpStorage, key: &[u8]) -> Self {
        Self {
            mode,
            key: key.to_vec(),
        }
    }

    /// The stored form of `ip`, or `None` when nothing may be kept.
    pub fn store(&self, ip: IpAddr) -> Option<String> {
        match self.mode {
            IpStorage::Full => Some(ip.to_string()),
            IpStorage::Truncated => Some(truncate(ip)),
            IpStorage::Hashed => {
                // A MAC rather than a bare hash: the IPv4 space is small enough
                // to reverse an unkeyed hash by brute force.
                let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key)
                    .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
                mac.update(ip.to_string().as_bytes());
                Some(format!(
                    "hmac:{}",
                    hex::encode(&mac.finalize().into_bytes()[..16])
                ))
            }
            IpStorage::None => None,
        }
    }
}

/// IPv4 to its /24, IPv6 to its /48, written as a CIDR range.
fn truncate(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            format!("{a}.{b}.{c}.0/24")
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            let net = std::net::Ipv6Addr::new(s[0], s[1], s[2], 0, 0, 0, 0, 0);
            format!("{net}/48")
        }
    }
}

/// SHA-256 of a lower-cased email: how audit records name a person without
/// keeping the address.
pub fn subject_hash(email: &str) -> String {
    hex::encode(Sha256::digest(email.trim().to_lowercase().as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn truncation_keeps_the_network_only() {
        let policy = IpPolicy::new(IpStorage::Truncated, b"");
        assert_eq!(policy.store(ip("203.0.113.77")).unwrap(), "203.0.113.0/24");
        assert_eq!(
            policy.store(ip("2001:db8:abcd:12::1")).unwrap(),
            "2001:db8:abcd::/48"
        );
    }

    #[test]
    fn hashing_is_stable_per_key_and_hides_the_address() {
        let a = IpPolicy::new(IpStorage::Hashed, b"0123456789abcdef");
        let b = IpPolicy::new(IpStorage::Hashed, b"another key 1234");
        let stored = a.store(ip("203.0.113.77")).unwrap();
        assert_eq!(stored, a.store(ip("203.0.113.77")).unwrap());
        assert_ne!(stored, a.store(ip("203.0.113.78")).unwrap());
        assert_ne!(stored, b.store(ip("203.0.113.77")).unwrap());
        assert!(!stored.contains("203.0.113"));
    }

    #[test]
    fn full_and_none_do_what_they_say() {
        assert_eq!(
            IpPolicy::new(IpStorage::Full, b"")
                .store(ip("203.0.113.77"))
                .as_deref(),
            Some("203.0.113.77")
        );
        assert_eq!(
            IpPolicy::new(IpStorage::None, b"").store(ip("203.0.113.77")),
            None
        );
    }
}
