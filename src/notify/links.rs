//! Signed one-click links: a token names a comment, an action, the recipient
//! and an expiry, and carries an HMAC-SHA256 over all of them.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::domain::moderation::Action;

type HmacSha256 = Hmac<Sha256>;

/// What a link lets its holder do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkClaims {
    /// Comment id.
    #[serde(rename = "c")]
    pub comment_id: String,
    #[serde(rename = "a")]
    pub action: Action,
    /// The author the link was mailed to, recorded as the actor.
    #[serde(rename = "r")]
    pub recipient: String,
    /// Expiry, Unix seconds.
    #[serde(rename = "e")]
    pub expires: i64,
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("the link is not valid")]
    Invalid,
    #[error("the link has expired")]
    Expired,
}

/// Signs and verifies links with the configured key.
#[derive(Clone)]
pub struct LinkSigner {
    key: Vec<u8>,
}

impl std::fmt::Debug for LinkSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkSigner([REDACTED])")
    }
}

impl LinkSigner {
    pub fn new(key: &[u8]) -> Self {
        Self { key: key.to_vec() }
    }

    fn mac(&self, payload: &[u8]) -> HmacSha256 {
        // HMAC takes keys of any length, so this cannot fail.
        let mut mac = <HmacSha256 as KeyInit>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        mac.update(payload);
        mac
    }

    pub fn sign(&self, claims: &LinkClaims) -> String {
        let payload = serde_json::to_vec(claims).unwrap_or_default();
        let tag = self.mac(&payload).finalize().into_bytes();
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(&payload),
            URL_SAFE_NO_PAD.encode(tag)
        )
    }

    /// Checks the signature first, so an expired link is only reported as
    /// such when it is genuine.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<LinkClaims, LinkError> {
        let (payload, tag) = token.split_once('.').ok_or(LinkError::Invalid)?;
        let payload = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| LinkError::Invalid)?;
        let tag = URL_SAFE_NO_PAD
            .decode(tag)
            .map_err(|_| LinkError::Invalid)?;
        self.mac(&payload)
            .verify_slice(&tag)
            .map_err(|_| LinkError::Invalid)?;
        let claims: LinkClaims =
            serde_json::from_slice(&payload).map_err(|_| LinkError::Invalid)?;
        if claims.expires < now.timestamp() {
            return Err(LinkError::Expired);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(expires: i64) -> LinkClaims {
        LinkClaims {
            comment_id: "c1".into(),
            action: Action::Approve,
            recipient: "author@blog.example".into(),
            expires,
        }
    }

    #[test]
    fn a_signed_link_verifies_until_it_expires() {
        let signer = LinkSigner::new(b"secret");
        let now = Utc::now();
        let token = signer.sign(&claims(now.timestamp() + 60));
        assert_eq!(signer.verify(&token, now).unwrap().comment_id, "c1");
        let old = signer.sign(&claims(now.timestamp() - 1));
        assert_eq!(signer.verify(&old, now), Err(LinkError::Expired));
    }

    #[test]
    fn tampering_or_another_key_invalidates_a_link() {
        let signer = LinkSigner::new(b"secret");
        let now = Utc::now();
        let token = signer.sign(&claims(now.timestamp() + 60));
        let other = LinkSigner::new(b"other");
        assert_eq!(other.verify(&token, now), Err(LinkError::Invalid));
        let forged_payload = URL_SAFE_NO_PAD.encode(
            serde_json::to_vec(&LinkClaims {
                action: Action::Spam,
                ..claims(now.timestamp() + 60)
            })
            .unwrap(),
        );
        let tag = token.split_once('.').unwrap().1;
        assert_eq!(
            signer.verify(&format!("{forged_payload}.{tag}"), now),
            Err(LinkError::Invalid)
        );
        assert_eq!(signer.verify("garbage", now), Err(LinkError::Invalid));
    }
}
