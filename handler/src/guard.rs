//! Keys for the guards, as keyed hashes (HMAC-SHA256): the store never holds a client
//! address or a family's answers in a guard, and nobody without the secret can tell
//! which address or answers a key belongs to.

use hmac::{KeyInit, Mac};
use sha2::Sha256;

fn keyed_hash(secret: &[u8], parts: &[&str]) -> String {
    let mut mac = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("HMAC takes a key of any length");
    for p in parts {
        mac.update(p.as_bytes());
        mac.update(&[0]);
    }
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

pub const RATE_WINDOW_SECONDS: i64 = 3600;

/// The counter of a client address in the current hour, and when it lapses.
pub fn rate_key(secret: &[u8], client: &str, now: i64) -> (String, i64) {
    let window = now.div_euclid(RATE_WINDOW_SECONDS);
    (keyed_hash(secret, &["rate", client, &window.to_string()]), (window + 1) * RATE_WINDOW_SECONDS)
}

/// How long a submission sent again counts as the same one.
pub const DEDUPE_SECONDS: i64 = 24 * 3600;

/// The key of a validated submission's canonical text.
pub fn dedupe_key(secret: &[u8], canonical: &str) -> String {
    keyed_hash(secret, &["dedupe", canonical])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_hide_their_input_and_depend_on_the_secret() {
        let (a, lapse) = rate_key(b"one", "203.0.113.9", 7200);
        assert_eq!(lapse, 10800);
        assert!(!a.contains("203"));
        assert_eq!(a.len(), 64);
        assert_ne!(a, rate_key(b"two", "203.0.113.9", 7200).0);
        assert_ne!(a, rate_key(b"one", "203.0.113.9", 10800).0, "a new hour starts a new count");
        assert_eq!(dedupe_key(b"k", "x"), dedupe_key(b"k", "x"));
    }
}
