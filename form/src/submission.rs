//! A submitted form as name/value pairs, from a browser's urlencoded post or a script's
//! JSON. Decoding is strict: a body that is not what it claims is refused, not guessed.

use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Submission {
    /// In the order sent; a name may repeat (ticked boxes of one group).
    pub pairs: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubmissionError {
    #[error("the form data is not correctly encoded: {0}")]
    BadEncoding(String),
    #[error("the JSON is not an object of text values: {0}")]
    BadJson(String),
}

impl Submission {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    /// `application/x-www-form-urlencoded`, as browsers send it.
    pub fn from_urlencoded(body: &[u8]) -> Result<Self, SubmissionError> {
        let mut pairs = Vec::new();
        for part in body.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
            let mut kv = part.splitn(2, |&b| b == b'=');
            let name = decode(kv.next().unwrap_or_default())?;
            let value = decode(kv.next().unwrap_or_default())?;
            pairs.push((name, value));
        }
        Ok(Self { pairs })
    }

    /// `application/json`: an object whose values are text, true/false (a checkbox),
    /// numbers, null (left out) or lists of text (a group of checkboxes).
    pub fn from_json(body: &[u8]) -> Result<Self, SubmissionError> {
        let value: Value = serde_json::from_slice(body).map_err(|e| SubmissionError::BadJson(e.to_string()))?;
        let Value::Object(map) = value else {
            return Err(SubmissionError::BadJson("expected an object".into()));
        };
        let mut pairs = Vec::new();
        for (name, value) in map {
            match value {
                Value::Null | Value::Bool(false) => {}
                Value::Bool(true) => pairs.push((name, "yes".into())),
                Value::String(s) => pairs.push((name, s)),
                Value::Number(n) => pairs.push((name, n.to_string())),
                Value::Array(items) => {
                    for item in items {
                        match item {
                            Value::String(s) => pairs.push((name.clone(), s)),
                            other => {
                                return Err(SubmissionError::BadJson(format!(
                                    "`{name}` holds {other} in its list; lists hold text"
                                )));
                            }
                        }
                    }
                }
                Value::Object(_) => {
                    return Err(SubmissionError::BadJson(format!("`{name}` holds an object; values are text")));
                }
            }
        }
        Ok(Self { pairs })
    }
}

/// Percent-decoding with `+` as space, refusing broken escapes and invalid UTF-8.
/// `percent_decode` would pass a broken escape through as text; a browser never sends one.
fn decode(raw: &[u8]) -> Result<String, SubmissionError> {
    let escape_ok = |i: usize| raw.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
    if raw.iter().enumerate().any(|(i, &b)| b == b'%' && !escape_ok(i)) {
        return Err(SubmissionError::BadEncoding("a % is not followed by two hexadecimal digits".into()));
    }
    let spaced: Vec<u8> = raw.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
    percent_encoding::percent_decode(&spaced)
        .decode_utf8()
        .map(|text| text.into_owned())
        .map_err(|_| SubmissionError::BadEncoding("the text is not valid UTF-8".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlencoded_keeps_order_repeats_and_accents() {
        let s = Submission::from_urlencoded(b"name=Mar%C3%ADa+Jos%C3%A9&times=a&times=b&empty=&flag").unwrap();
        assert_eq!(s.get("name"), Some("María José"));
        assert_eq!(s.all("times"), ["a", "b"]);
        assert_eq!(s.get("empty"), Some(""));
        assert_eq!(s.get("flag"), Some(""));
    }

    #[test]
    fn urlencoded_refuses_broken_escapes_and_bad_utf8() {
        assert!(matches!(Submission::from_urlencoded(b"a=%zz"), Err(SubmissionError::BadEncoding(_))));
        assert!(matches!(Submission::from_urlencoded(b"a=%4"), Err(SubmissionError::BadEncoding(_))));
        assert!(matches!(Submission::from_urlencoded(b"a=%ff%fe"), Err(SubmissionError::BadEncoding(_))));
        assert!(matches!(Submission::from_urlencoded(b"a=\xff"), Err(SubmissionError::BadEncoding(_))));
    }

    #[test]
    fn json_maps_checkboxes_and_lists() {
        let s = Submission::from_json(br#"{"consent": true, "other": false, "times": ["a","b"], "n": 3, "x": null}"#)
            .unwrap();
        assert_eq!(s.get("consent"), Some("yes"));
        assert_eq!(s.get("other"), None);
        assert_eq!(s.all("times"), ["a", "b"]);
        assert_eq!(s.get("n"), Some("3"));
        assert!(Submission::from_json(b"[1]").is_err());
        assert!(Submission::from_json(br#"{"a": {"b": 1}}"#).is_err());
        assert!(Submission::from_json(b"{").is_err());
    }
}
