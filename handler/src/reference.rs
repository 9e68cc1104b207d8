//! The codes a family is given for its request, and request ids.

use rand::Rng;

/// Letters and digits whose names do not sound or look alike in English or Spanish:
/// no B/D/E/G/P/T/V/Z (rhymes), no I/1/L or O/0 or S/5 or 2 (look-alikes).
const ALPHABET: &[u8] = b"ACFHJKMNRWXY346789";

/// A short code such as `KM4X-XR7C`: 8 characters from 18, about 11 billion codes.
pub fn new_reference() -> String {
    let mut rng = rand::rng();
    let mut code: String = (0..8).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect();
    code.insert(4, '-');
    code
}

/// A code as a person may type it back: any case, with or without the dash.
pub fn parse_reference(input: &str) -> Option<String> {
    let chars: String =
        input.chars().filter(|c| *c != '-' && !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect();
    let valid = chars.len() == 8 && chars.bytes().all(|b| ALPHABET.contains(&b));
    valid.then(|| format!("{}-{}", &chars[..4], &chars[4..]))
}

/// A new request id: a ULID, unique and sorted by creation time.
pub fn new_id() -> String {
    ulid::Ulid::new().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_readable_and_round_trip() {
        for _ in 0..200 {
            let r = new_reference();
            assert_eq!(r.len(), 9);
            assert_eq!(parse_reference(&r.to_lowercase().replace('-', " ")), Some(r.clone()));
            assert!(!r.contains(['0', 'O', '1', 'I', 'L', '5', 'S', 'B', 'D']), "{r}");
        }
        assert_eq!(parse_reference("KM4X-XR7"), None);
        assert_eq!(parse_reference("KM4X-XR7O"), None);
    }

    #[test]
    fn ids_sort_by_time() {
        let a = new_id();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = new_id();
        assert!(a < b);
        assert_eq!(a.len(), 26);
    }
}
