//! Secret tokens: moderator API tokens and session ids. Only their SHA-256
//! is stored, so a database leak does not hand out working credentials.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// A freshly generated secret, shown once.
pub struct NewToken {
    pub secret: String,
    pub hash: String,
}

/// 256 random bits as hex.
pub fn generate() -> Result<NewToken, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    let secret = hex::encode(bytes);
    let hash = hash(&secret);
    Ok(NewToken { secret, hash })
}

/// The stored form of a token.
pub fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.trim().as_bytes()))
}

/// Compares two secrets in constant time.
pub fn equal(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hash_consistently() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert_ne!(a.secret, b.secret);
        assert_eq!(a.secret.len(), 64);
        assert_eq!(hash(&a.secret), a.hash);
        assert!(equal(&a.hash, &hash(&a.secret)));
        assert!(!equal(&a.hash, &b.hash));
    }
}
