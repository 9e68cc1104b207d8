//! Checking a submission against the schema. A [`ValidRequest`] can only be made here,
//! so whatever stores one knows it was checked.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::schema::{Field, FieldType, Rule, Schema};
use crate::submission::Submission;

/// Names a submission may carry besides the fields: the page's language.
pub const LANG_FIELD: &str = "lang";
/// The field the requests are indexed by, for "new requests at a school".
pub const SCHOOL_FIELD: &str = "school";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    One(String),
    Many(Vec<String>),
}

/// A problem with one field, in the submitter's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidRequest {
    lang: String,
    answers: BTreeMap<String, Answer>,
}

impl ValidRequest {
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// Filled-in fields only.
    pub fn answers(&self) -> &BTreeMap<String, Answer> {
        &self.answers
    }

    pub fn school(&self) -> &str {
        match self.answers.get(SCHOOL_FIELD) {
            Some(Answer::One(s)) => s,
            _ => "",
        }
    }

    /// The same text for the same request, whatever order or spacing it came in: the
    /// basis of recognising a submission sent twice.
    pub fn canonical(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The language a submission asks to be answered in: its `lang` field if the form
/// speaks it, else `default`.
pub fn language_of<'a>(schema: &'a Schema, submission: &Submission, default: &'a str) -> &'a str {
    let wanted = submission.get(LANG_FIELD).unwrap_or("");
    schema.languages().find(|l| *l == wanted).unwrap_or(default)
}

pub fn validate(schema: &Schema, submission: &Submission, default_lang: &str) -> Result<ValidRequest, Vec<FieldError>> {
    let lang = language_of(schema, submission, default_lang).to_string();
    let mut errors: Vec<FieldError> = Vec::new();
    let say = |field: &Field, key: &str, max: Option<usize>| FieldError {
        field: field.name.clone(),
        message: schema.message(
            &lang,
            key,
            &[("label", label(field, &lang)), ("max", &max.map(|m| m.to_string()).unwrap_or_default())],
        ),
    };

    let mut seen = std::collections::BTreeSet::new();
    for (name, _) in &submission.pairs {
        if name == LANG_FIELD || *name == schema.honeypot || !seen.insert(name.as_str()) {
            continue;
        }
        if schema.field(name).is_none() {
            errors.push(FieldError {
                field: name.clone(),
                message: schema.message(&lang, "unknown_field", &[("name", name)]),
            });
        }
    }

    let mut answers = BTreeMap::new();
    for field in &schema.fields {
        let values: Vec<&str> =
            submission.all(&field.name).into_iter().map(str::trim).filter(|v| !v.is_empty()).collect();
        if field.kind != FieldType::Checkboxes && values.len() > 1 {
            errors.push(say(field, "repeated_field", None));
            continue;
        }
        match check_field(field, &values) {
            Ok(Some(answer)) => {
                answers.insert(field.name.clone(), answer);
            }
            Ok(None) if field.required => match field.required_message.get(&lang) {
                Some(own) => errors.push(FieldError { field: field.name.clone(), message: own.clone() }),
                None => errors.push(say(field, "required", None)),
            },
            Ok(None) => {}
            Err(key) => errors.push(say(field, key, field.max_length)),
        }
    }

    let filled = |name: &str| answers.contains_key(name);
    let has_error = |errors: &[FieldError], name: &str| errors.iter().any(|e| e.field == name);
    for rule in &schema.rules {
        match rule {
            Rule::OneOf { fields, message } => {
                if !fields.iter().any(|f| filled(f)) && !fields.iter().any(|f| has_error(&errors, f)) {
                    let text = message.get(&lang).cloned().unwrap_or_default();
                    errors.push(FieldError { field: fields[0].clone(), message: text });
                }
            }
            Rule::RequiredIf { field, when_field, when_values, message } => {
                let triggered = matches!(answers.get(when_field), Some(Answer::One(v)) if when_values.contains(v));
                if triggered && !filled(field) && !has_error(&errors, field) {
                    errors.push(FieldError {
                        field: field.clone(),
                        message: message.get(&lang).cloned().unwrap_or_default(),
                    });
                }
            }
        }
    }

    if errors.is_empty() {
        Ok(ValidRequest { lang, answers })
    } else {
        // In the order of the form, so the first error is the first field to fix.
        let position = |name: &str| schema.fields.iter().position(|f| f.name == name).unwrap_or(usize::MAX);
        errors.sort_by_key(|e| position(&e.field));
        Err(errors)
    }
}

fn label<'a>(field: &'a Field, lang: &str) -> &'a str {
    field.label.get(lang).or_else(|| field.label.values().next()).map_or(field.name.as_str(), String::as_str)
}

/// The field's answer, `None` when left empty, or the key of the message to show.
fn check_field(field: &Field, values: &[&str]) -> Result<Option<Answer>, &'static str> {
    let is_choice = |v: &str| field.choices.iter().any(|c| c.value == v);
    match field.kind {
        FieldType::Checkboxes => {
            let mut picked: Vec<String> = Vec::new();
            for v in values {
                if !is_choice(v) {
                    return Err("choice");
                }
                if !picked.iter().any(|p| p == v) {
                    picked.push(v.to_string());
                }
            }
            Ok((!picked.is_empty()).then_some(Answer::Many(picked)))
        }
        _ => {
            let Some(&value) = values.first() else {
                return Ok(None);
            };
            let multiline = field.kind == FieldType::Textarea;
            if value.chars().any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t'))) {
                return Err("bad_characters");
            }
            if field.max_length.is_some_and(|max| value.chars().count() > max) {
                return Err("too_long");
            }
            match field.kind {
                FieldType::Email if !is_email(value) => Err("email"),
                FieldType::Tel if !is_phone(value) => Err("phone"),
                FieldType::Select | FieldType::Radio if !is_choice(value) => Err("choice"),
                FieldType::Checkbox if !matches!(value, "yes" | "on" | "true") => Err("choice"),
                FieldType::Checkbox => Ok(Some(Answer::One("yes".into()))),
                _ => Ok(Some(Answer::One(value.replace("\r\n", "\n")))),
            }
        }
    }
}

/// The rule browsers apply to `<input type=email>` (HTML's "valid email address"), so
/// the service accepts exactly what the form lets through.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok =
        !local.is_empty() && local.chars().all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    let domain_ok = !domain.is_empty()
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    local_ok && domain_ok && s.len() <= 254
}

/// 7 to 15 digits, with the spaces, dots, dashes, brackets and leading + people write.
pub fn is_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let allowed = s.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || " .-()".contains(c) || (c == '+' && i == 0));
    allowed && (7..=15).contains(&digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_as_browsers_judge_them() {
        assert!(is_email("ana.maria+pthv@example.org"));
        assert!(is_email("x@localhost"));
        assert!(!is_email("ana@"));
        assert!(!is_email("ana example.org"));
        assert!(!is_email("ana@-example.org"));
        assert!(!is_email("a@b@c"));
    }

    #[test]
    fn phones_with_usual_punctuation() {
        assert!(is_phone("(303) 555-0142"));
        assert!(is_phone("+1 303.555.0142"));
        assert!(!is_phone("555-01"));
        assert!(!is_phone("303 555 0142 ext 4"));
        assert!(!is_phone("1+3035550142"));
    }
}
