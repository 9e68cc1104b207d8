//! The form's HTML, made in one place for both the site's request page (empty) and the
//! service's answer to a submission with problems (filled in, errors by each field).
//! Everything that comes from a person or a data file is escaped.

use std::fmt::Write;

use crate::schema::{Field, FieldType, Schema};
use crate::submission::Submission;
use crate::validate::{FieldError, LANG_FIELD};

/// Where the form is posted, relative to the site's origin.
pub const ACTION_PATH: &str = "api/visit-requests";

pub struct FormView<'a> {
    pub schema: &'a Schema,
    pub lang: &'a str,
    /// The site's path prefix, `/` or `/pthv/`.
    pub base_path: &'a str,
    /// What was typed, to show again.
    pub values: &'a Submission,
    pub errors: &'a [FieldError],
}

/// `id` of a field's input (or of its first box, for a group).
pub fn input_id(field: &str) -> String {
    format!("f-{field}")
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

impl FormView<'_> {
    fn msg(&self, key: &str) -> String {
        escape(&self.schema.message(self.lang, key, &[]))
    }

    fn text<'b>(&self, t: &'b crate::schema::Text) -> &'b str {
        t.get(self.lang).or_else(|| t.values().next()).map_or("", String::as_str)
    }

    fn error(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    /// The list of problems at the top, each a link to its field.
    pub fn summary(&self) -> String {
        if self.errors.is_empty() {
            return String::new();
        }
        let mut html = format!(
            "<div class=\"error-summary\" id=\"error-summary\" tabindex=\"-1\" aria-labelledby=\"error-summary-title\">\n<h2 id=\"error-summary-title\">{}</h2>\n<p>{}</p>\n<ul>\n",
            escape(&self.schema.message(self.lang, "problems_count", &[("count", &self.errors.len().to_string())])),
            self.msg("problems_intro")
        );
        for e in self.errors {
            let target = if self.schema.field(&e.field).is_some() { input_id(&e.field) } else { "request-form".into() };
            let _ = writeln!(html, "<li><a href=\"#{}\">{}</a></li>", escape(&target), escape(&e.message));
        }
        html.push_str("</ul>\n</div>\n");
        html
    }

    pub fn render(&self) -> String {
        let mut html = format!(
            "<form class=\"request-form\" id=\"request-form\" method=\"post\" action=\"{}{ACTION_PATH}\" accept-charset=\"utf-8\">\n<input type=\"hidden\" name=\"{LANG_FIELD}\" value=\"{}\">\n",
            escape(self.base_path),
            escape(self.lang)
        );
        for field in &self.schema.fields {
            self.field(&mut html, field);
        }
        // People never see this field; form-filling bots do.
        let _ = writeln!(
            html,
            "<div class=\"hp\"><label for=\"{id}\">{name}</label><input type=\"text\" id=\"{id}\" name=\"{name}\" tabindex=\"-1\" autocomplete=\"off\"></div>",
            id = input_id(&self.schema.honeypot),
            name = escape(&self.schema.honeypot)
        );
        let _ = write!(html, "<button type=\"submit\">{}</button>\n</form>\n", self.msg("submit"));
        html
    }

    fn field(&self, html: &mut String, field: &Field) {
        let id = input_id(&field.name);
        let name = escape(&field.name);
        let label = escape(self.text(&field.label));
        let hint = self.text(&field.hint);
        let error = self.error(&field.name);
        let required = if field.required {
            format!(" <span class=\"req\">{}</span>", self.msg("required_marker"))
        } else {
            String::new()
        };
        let mut described = Vec::new();
        let hint_html = if hint.is_empty() {
            String::new()
        } else {
            described.push(format!("{id}-hint"));
            format!("<p class=\"hint\" id=\"{id}-hint\">{}</p>\n", escape(hint))
        };
        // Always present (empty when there is no problem) so a script can fill it in.
        described.push(format!("{id}-error"));
        let error_html =
            format!("<p class=\"error\" id=\"{id}-error\">{}</p>\n", error.map(escape).unwrap_or_default());
        let aria = format!(
            " aria-describedby=\"{}\"{}",
            described.join(" "),
            if error.is_some() { " aria-invalid=\"true\"" } else { "" }
        );
        let req_attr = if field.required { " required" } else { "" };
        let value = self.values.get(&field.name).unwrap_or("");
        let class = if error.is_some() { "field has-error" } else { "field" };

        match field.kind {
            FieldType::Radio | FieldType::Checkboxes => {
                let kind = if field.kind == FieldType::Radio { "radio" } else { "checkbox" };
                let picked = self.values.all(&field.name);
                let _ = write!(
                    html,
                    "<fieldset class=\"{class}\" id=\"{id}-group\"{aria}>\n<legend>{label}{required}</legend>\n{hint_html}{error_html}"
                );
                for (i, c) in field.choices.iter().enumerate() {
                    // The first box carries the field's id, so error links land on the group.
                    let cid = if i == 0 { id.clone() } else { format!("{id}-{}", escape(&c.value)) };
                    let checked = if picked.contains(&c.value.as_str()) { " checked" } else { "" };
                    let req = if field.kind == FieldType::Radio { req_attr } else { "" };
                    let _ = writeln!(
                        html,
                        "<div class=\"choice\"><input type=\"{kind}\" id=\"{cid}\" name=\"{name}\" value=\"{}\"{checked}{req}><label for=\"{cid}\">{}</label></div>",
                        escape(&c.value),
                        escape(self.text(&c.label))
                    );
                }
                html.push_str("</fieldset>\n");
            }
            FieldType::Checkbox => {
                let checked = if value.is_empty() { "" } else { " checked" };
                let _ = write!(
                    html,
                    "<div class=\"{class} single-check\">\n{error_html}<div class=\"choice\"><input type=\"checkbox\" id=\"{id}\" name=\"{name}\" value=\"yes\"{checked}{req_attr}{aria}><label for=\"{id}\">{label}{required}</label></div>\n{hint_html}</div>\n"
                );
            }
            FieldType::Select => {
                let _ = write!(
                    html,
                    "<div class=\"{class}\">\n<label for=\"{id}\">{label}{required}</label>\n{hint_html}{error_html}<select id=\"{id}\" name=\"{name}\"{req_attr}{aria}>\n<option value=\"\">{}</option>\n",
                    self.msg("choose")
                );
                for c in &field.choices {
                    let selected = if c.value == value { " selected" } else { "" };
                    let _ = writeln!(
                        html,
                        "<option value=\"{}\"{selected}>{}</option>",
                        escape(&c.value),
                        escape(self.text(&c.label))
                    );
                }
                html.push_str("</select>\n</div>\n");
            }
            FieldType::Textarea => {
                let max = field.max_length.map(|m| format!(" maxlength=\"{m}\"")).unwrap_or_default();
                let _ = write!(
                    html,
                    "<div class=\"{class}\">\n<label for=\"{id}\">{label}{required}</label>\n{hint_html}{error_html}<textarea id=\"{id}\" name=\"{name}\" rows=\"4\"{max}{req_attr}{aria}>{}</textarea>\n</div>\n",
                    escape(value)
                );
            }
            FieldType::Text | FieldType::Tel | FieldType::Email => {
                let (kind, mode) = match field.kind {
                    FieldType::Tel => ("tel", " inputmode=\"tel\""),
                    FieldType::Email => ("email", " inputmode=\"email\""),
                    _ => ("text", ""),
                };
                let max = field.max_length.map(|m| format!(" maxlength=\"{m}\"")).unwrap_or_default();
                let auto =
                    field.autocomplete.as_ref().map(|a| format!(" autocomplete=\"{}\"", escape(a))).unwrap_or_default();
                let _ = write!(
                    html,
                    "<div class=\"{class}\">\n<label for=\"{id}\">{label}{required}</label>\n{hint_html}{error_html}<input type=\"{kind}\" id=\"{id}\" name=\"{name}\" value=\"{}\"{mode}{auto}{max}{req_attr}{aria}>\n</div>\n",
                    escape(value)
                );
            }
        }
    }
}
