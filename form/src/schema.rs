//! The form's definition, read from TOML and checked so that a mistake made while
//! editing it is caught with its place before the site or the service uses it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// Text in every language: `{ en = "…", es = "…" }`.
pub type Text = BTreeMap<String, String>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    Text,
    Tel,
    Email,
    Textarea,
    Select,
    Radio,
    /// One box that is either ticked or not; its value is "yes" when ticked.
    Checkbox,
    /// Several boxes, any number of which may be ticked.
    Checkboxes,
}

impl FieldType {
    pub fn has_choices(self) -> bool {
        matches!(self, Self::Select | Self::Radio | Self::Checkboxes)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    #[serde(default)]
    pub required: bool,
    pub max_length: Option<usize>,
    /// The browser's autofill hint (`name`, `tel`, `email`, `off`).
    pub autocomplete: Option<String>,
    pub label: Text,
    #[serde(default)]
    pub hint: Text,
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// Take the choices from a list in another data file (`schools`).
    pub choices_from: Option<String>,
    /// What to say when a required field is left empty, instead of the usual message.
    #[serde(default)]
    pub required_message: Text,
}

/// A rule across fields.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// At least one of `fields` is filled in; the message goes on the first.
    OneOf { fields: Vec<String>, message: Text },
    /// `field` is required when `when_field` has one of `when_values`.
    RequiredIf { field: String, when_field: String, when_values: Vec<String>, message: Text },
}

/// A school from `schools.toml`; the id keeps its place in the file for messages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct School {
    id: toml::Spanned<String>,
    name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SchoolsFile {
    schools: Vec<School>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// A field hidden from people; a bot that fills it is answered as if it had
    /// succeeded, and nothing is stored.
    pub honeypot: String,
    /// Days a request is kept; the store sets its expiry from this.
    pub retention_days: u32,
    /// Messages per language: `messages.es.required = "…"`.
    pub messages: BTreeMap<String, BTreeMap<String, String>>,
    pub fields: Vec<Field>,
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// The message keys every language must have; `{label}`, `{max}` and `{reference}`
/// are filled in where they appear.
pub const MESSAGE_KEYS: &[&str] = &[
    "required",
    "too_long",
    "email",
    "phone",
    "choice",
    "unknown_field",
    "repeated_field",
    "bad_characters",
    "problems_title",
    "problems_count",
    "problems_intro",
    "back_to_form",
    "thanks_title",
    "thanks_text",
    "reference_label",
    "home_link",
    "rate_limited",
    "too_large",
    "bad_content_type",
    "bad_encoding",
    "method_not_allowed",
    "foreign_origin",
    "server_error",
    "not_found",
    "site_title",
    "skip_link",
    "required_marker",
    "choose",
    "submit",
];

/// A mistake in the form's data files, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{col}: {message} — {fix}")]
pub struct SchemaError {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub fix: String,
}

pub const SCHEMA_FILE: &str = "content/data/visit-request.toml";
pub const SCHOOLS_FILE: &str = "content/data/schools.toml";

impl Schema {
    /// Parses the two files and fills `choices_from = "schools"` fields with the schools.
    /// `languages` are the site's language codes: each needs every label and message.
    pub fn parse(schema_toml: &str, schools_toml: &str, languages: &[&str]) -> Result<Self, Vec<SchemaError>> {
        let mut schema: Schema =
            toml::from_str(schema_toml).map_err(|e| vec![toml_error(SCHEMA_FILE, schema_toml, &e)])?;
        let schools: SchoolsFile =
            toml::from_str(schools_toml).map_err(|e| vec![toml_error(SCHOOLS_FILE, schools_toml, &e)])?;
        let mut problems = school_problems(&schools, schools_toml);
        for field in &mut schema.fields {
            if field.choices_from.as_deref() == Some("schools") {
                field.choices = schools
                    .schools
                    .iter()
                    .map(|s| Choice {
                        value: s.id.get_ref().clone(),
                        label: languages.iter().map(|l| (l.to_string(), s.name.clone())).collect(),
                    })
                    .collect();
            } else if let Some(other) = &field.choices_from {
                problems.push(error_at(
                    SCHEMA_FILE,
                    schema_toml,
                    other,
                    format!("choices_from = \"{other}\" names no list"),
                    "the only list is \"schools\"",
                ));
            }
        }
        problems.extend(schema.problems(schema_toml, languages));
        match schema.field(crate::validate::SCHOOL_FIELD) {
            Some(f) if f.required && f.choices_from.as_deref() == Some("schools") => {}
            _ => problems.push(error_at(
                SCHEMA_FILE,
                schema_toml,
                "[[fields]]",
                "the form needs a required field named `school` with choices_from = \"schools\"".into(),
                "requests are filed by school: keep that field",
            )),
        }
        if schema.retention_days == 0 {
            problems.push(error_at(
                SCHEMA_FILE,
                schema_toml,
                "retention_days",
                "retention_days must be at least 1".into(),
                "write the number of days requests are kept, e.g. retention_days = 365",
            ));
        }
        if problems.is_empty() { Ok(schema) } else { Err(problems) }
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// A message in a language, with `{name}` placeholders filled.
    pub fn message(&self, lang: &str, key: &str, vars: &[(&str, &str)]) -> String {
        let template = self
            .messages
            .get(lang)
            .and_then(|m| m.get(key))
            .or_else(|| self.messages.values().next().and_then(|m| m.get(key)))
            .map_or(key, String::as_str);
        fill(template, vars)
    }

    /// The languages the form speaks.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.messages.keys().map(String::as_str)
    }

    fn problems(&self, text: &str, languages: &[&str]) -> Vec<SchemaError> {
        let mut problems = Vec::new();
        let mut say =
            |near: &str, message: String, fix: String| problems.push(error_at(SCHEMA_FILE, text, near, message, fix));
        for lang in languages {
            match self.messages.get(*lang) {
                None => say(
                    "[messages",
                    format!("there are no messages in `{lang}`"),
                    format!("add a [messages.{lang}] table with {}", MESSAGE_KEYS.join(", ")),
                ),
                Some(m) => {
                    for key in MESSAGE_KEYS.iter().filter(|k| !m.contains_key(**k)) {
                        say(
                            &format!("[messages.{lang}]"),
                            format!("the message `{key}` has no `{lang}` version"),
                            format!("add {key} = \"…\" under [messages.{lang}]"),
                        );
                    }
                }
            }
        }
        let mut names = BTreeSet::new();
        for field in &self.fields {
            let near = format!("\"{}\"", field.name);
            if !is_value(&field.name.replace('_', "-")) || !names.insert(field.name.as_str()) {
                say(
                    &near,
                    format!("the field name `{}` is empty, repeated or not lowercase letters and _", field.name),
                    "give every field its own name such as name = \"parent_name\"".into(),
                );
            }
            if field.name == self.honeypot {
                say(
                    &near,
                    format!("`{}` is both a field and the honeypot", field.name),
                    "give the honeypot a name no field uses".into(),
                );
            }
            for lang in languages {
                if !field.label.contains_key(*lang) {
                    say(
                        &near,
                        format!("the field `{}` has no `{lang}` label", field.name),
                        format!("add {lang} = \"…\" to its label"),
                    );
                }
                if !field.required_message.is_empty() && !field.required_message.contains_key(*lang) {
                    say(
                        &near,
                        format!("the field `{}` has no `{lang}` required_message", field.name),
                        format!("add {lang} = \"…\" to its required_message"),
                    );
                }
                if !field.hint.is_empty() && !field.hint.contains_key(*lang) {
                    say(
                        &near,
                        format!("the field `{}` has no `{lang}` hint", field.name),
                        format!("add {lang} = \"…\" to its hint"),
                    );
                }
                for c in field.choices.iter().filter(|c| !c.label.contains_key(*lang)) {
                    say(
                        &format!("\"{}\"", c.value),
                        format!("the choice `{}` of `{}` has no `{lang}` label", c.value, field.name),
                        format!("add {lang} = \"…\" to its label"),
                    );
                }
            }
            if field.kind.has_choices() && field.choices.is_empty() {
                say(&near, format!("the field `{}` offers no choices", field.name), "add choices = [{ value = \"…\", label = { en = \"…\", es = \"…\" } }] or choices_from = \"schools\"".into());
            }
            if !field.kind.has_choices() && !field.choices.is_empty() {
                say(
                    &near,
                    format!("the field `{}` has choices but is of type {:?}", field.name, field.kind),
                    "use type = \"select\", \"radio\" or \"checkboxes\"".into(),
                );
            }
            let mut values = BTreeSet::new();
            // Schools are checked where they are written, in schools.toml.
            for c in field.choices.iter().filter(|_| field.choices_from.is_none()) {
                if !is_value(&c.value.replace('_', "-")) || !values.insert(c.value.as_str()) {
                    say(
                        &format!("\"{}\"", c.value),
                        format!(
                            "the choice value `{}` is empty, repeated or not lowercase letters, digits, - and _",
                            c.value
                        ),
                        "give every choice its own value such as value = \"home\"".into(),
                    );
                }
            }
        }
        for rule in &self.rules {
            let (fields, message) = match rule {
                Rule::OneOf { fields, message } => (fields.clone(), message),
                Rule::RequiredIf { field, when_field, message, .. } => {
                    (vec![field.clone(), when_field.clone()], message)
                }
            };
            for f in fields.iter().filter(|f| self.field(f).is_none()) {
                say(
                    &format!("\"{f}\""),
                    format!("a rule names the field `{f}`, which the form does not have"),
                    "use the name of a field listed in [[fields]]".into(),
                );
            }
            for lang in languages.iter().filter(|l| !message.contains_key(**l)) {
                say(
                    "[[rules]]",
                    format!("a rule has no `{lang}` message"),
                    format!("add {lang} = \"…\" to its message"),
                );
            }
        }
        problems
    }
}

/// Each school needs an id of its own, fit for storing with every request.
fn school_problems(schools: &SchoolsFile, text: &str) -> Vec<SchemaError> {
    let mut problems = Vec::new();
    let mut first_line = std::collections::BTreeMap::new();
    for school in &schools.schools {
        let id = school.id.get_ref();
        let (line, col) = line_col(text, school.id.span().start);
        let mut say = |message: String, fix: String| {
            problems.push(SchemaError { file: SCHOOLS_FILE.into(), line, col, message, fix })
        };
        if id.trim().is_empty() {
            say(
                format!("the school `{}` has no id", school.name),
                "make one from its name, such as id = \"lincoln-high\"".into(),
            );
        } else if !is_value(id) {
            say(
                format!("the school id `{id}` may hold only lowercase letters, digits and hyphens"),
                format!("write id = \"{}\"", slug::slugify(id)),
            );
        } else if let Some(first) = first_line.get(id.as_str()) {
            say(
                format!("the school id `{id}` is already used on line {first}"),
                "give this school an id of its own; never reuse an id families have chosen".into(),
            );
        } else {
            first_line.insert(id.as_str(), line);
        }
    }
    problems
}

/// Lowercase letters, digits and hyphens, not empty.
fn is_value(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in vars {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn toml_error(file: &str, text: &str, e: &toml::de::Error) -> SchemaError {
    let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
    SchemaError {
        file: file.into(),
        line,
        col,
        message: format!("the form data cannot be read: {}", e.message().lines().next().unwrap_or("").trim()),
        fix: "compare with the entries around it: text in double quotes, one setting per line, names as listed in the comments at the top".into(),
    }
}

/// An error placed at the first occurrence of `near` in the file (line 1 if absent).
fn error_at(file: &str, text: &str, near: &str, message: String, fix: impl Into<String>) -> SchemaError {
    let (line, col) = text.find(near).map_or((1, 1), |o| line_col(text, o));
    SchemaError { file: file.into(), line, col, message, fix: fix.into() }
}
