//! Per-address and per-email token buckets for the public write endpoints.
//!
//! The buckets live in this process: each replica limits on its own, so N
//! replicas behind a balancer admit up to N times the configured rate. That
//! is documented in the README; keeping counters in the database would cost
//! a write per request, which the submission path can't afford.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::LimitsSettings;

/// Which limit a request ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    Ip,
    Email,
}

/// A refused request: which bucket was empty and when it will have a token.
#[derive(Debug, Clone, Copy)]
pub struct Limited {
    pub kind: LimitKind,
    pub retry_after: Duration,
}

pub struct RateLimits {
    ip: Option<DefaultKeyedRateLimiter<IpAddr>>,
    email: Option<DefaultKeyedRateLimiter<String>>,
    clock: DefaultClock,
}

fn keyed<K: std::hash::Hash + Eq + Clone>(
    per_minute: u32,
    burst: u32,
) -> Option<DefaultKeyedRateLimiter<K>> {
    let rate = NonZeroU32::new(per_minute)?;
    let burst = NonZeroU32::new(burst).unwrap_or(rate);
    Some(RateLimiter::keyed(
        Quota::per_minute(rate).allow_burst(burst),
    ))
}

impl RateLimits {
    pub fn new(settings: &LimitsSettings) -> Self {
        Self {
            ip: keyed(settings.per_ip_per_minute, settings.ip_burst),
            email: keyed(settings.per_email_per_minute, settings.email_burst),
            clock: DefaultClock::default(),
        }
    }

    /// Takes a token for the client address. IPv6 clients are counted per
    /// /64, because one host usually holds a whole /64.
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), Limited> {
        let Some(limiter) = &self.ip else {
            return Ok(());
        };
        let key = match ip {
            IpAddr::V6(v6) => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
            v4 => v4,
        };
        limiter.check_key(&key).map_err(|not_until| Limited {
            kind: LimitKind::Ip,
            retry_after: not_until.wait_time_from(self.clock.now()),
        })
    }

    /// Takes a token for the author's email (compared case-insensitively).
    pub fn check_email(&self, email: &str) -> Result<(), Limited> {
        let Some(limiter) = &self.email else {
            return Ok(());
        };
        limiter
            .check_key(&email.to_lowercase())
            .map_err(|not_until| Limited {
                kind: LimitKind::Email,
                retry_after: not_until.wait_time_from(self.clock.now()),
            })
    }

    /// Forgets buckets that have refilled, so memory stays bounded however
    /// many addresses have been seen.
    pub fn forget_idle(&self) {
        if let Some(l) = &self.ip {
            l.retain_recent();
            l.shrink_to_fit();
        }
        if let Some(l) = &self.email {
            l.retain_recent();
            l.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(per_minute: u32, burst: u32) -> LimitsSettings {
        LimitsSettings {
            per_ip_per_minute: per_minute,
            ip_burst: burst,
            per_email_per_minute: per_minute,
            email_burst: burst,
        }
    }

    #[test]
    fn a_burst_is_allowed_then_the_rate_applies() {
        let limits = RateLimits::new(&settings(6, 3));
        let ip: IpAddr = "203.0.113.5".parse().unwrap();
        for _ in 0..3 {
            assert!(limits.check_ip(ip).is_ok());
        }
        let refused = limits.check_ip(ip).unwrap_err();
        assert_eq!(refused.kind, LimitKind::Ip);
        assert!(refused.retry_after <= Duration::from_secs(10));
        assert!(limits.check_ip("203.0.113.6".parse().unwrap()).is_ok());
    }

    #[test]
    fn emails_are_limited_case_insensitively() {
        let limits = RateLimits::new(&settings(1, 1));
        assert!(limits.check_email("Ana@Example.org").is_ok());
        assert!(limits.check_email("ana@example.org").is_err());
    }

    #[test]
    fn ipv6_hosts_share_their_64() {
        let limits = RateLimits::new(&settings(1, 1));
        assert!(limits.check_ip("2001:db8::1".parse().unwrap()).is_ok());
        assert!(limits.check_ip("2001:db8::2".parse().unwrap()).is_err());
        assert!(limits.check_ip("2001:db8:0:1::1".parse().unwrap()).is_ok());
    }

    #[test]
    fn zero_turns_a_limit_off() {
        let limits = RateLimits::new(&settings(0, 0));
        for _ in 0..100 {
            assert!(limits.check_ip("203.0.113.5".parse().unwrap()).is_ok());
        }
    }
}
