//! Functions templates call. Each holds the plain data it needs, built once per build.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tera::{Function, Value};

use crate::config::BaseUrl;
use crate::i18n::Strings;

fn string_arg<'a>(args: &'a HashMap<String, Value>, name: &str, function: &str) -> tera::Result<&'a str> {
    args.get(name).and_then(Value::as_str).ok_or_else(|| tera::Error::msg(format!("{function}() needs {name}=\"…\"")))
}

/// `trans(key="skip_link", lang=lang)`: an interface string in a language.
pub struct Trans {
    pub strings: Arc<Strings>,
    pub theme: String,
}

impl Function for Trans {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = string_arg(args, "key", "trans")?;
        let lang = string_arg(args, "lang", "trans")?;
        self.strings.get(lang, key).map(Value::from).ok_or_else(|| {
            tera::Error::msg(format!(
                "there is no string `{key}` for the language `{lang}`; add {key} = \"…\" to themes/{}/i18n/{lang}.toml",
                self.theme
            ))
        })
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// `asset(path="style.css")`: the address of a static file, fingerprinted if it is a
/// stylesheet.
pub struct Asset {
    pub names: BTreeMap<String, String>,
    pub base: BaseUrl,
}

impl Function for Asset {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = string_arg(args, "path", "asset")?.trim_start_matches('/');
        self.names.get(path).map(|out| Value::from(self.base.link(out))).ok_or_else(|| {
            tera::Error::msg(format!(
                "there is no static file `{path}`; put it in the theme's or the site's static/ folder"
            ))
        })
    }
}

/// `url(path="@/training/_index.md", lang=lang)`: the address of a page in a language.
pub struct Url {
    /// (lang, key) → address with the base path.
    pub pages: Arc<HashMap<(String, String), String>>,
}

impl Function for Url {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = string_arg(args, "path", "url")?;
        let lang = string_arg(args, "lang", "url")?;
        let key = path.strip_prefix("@/").unwrap_or(path);
        self.pages
            .get(&(lang.to_string(), key.to_string()))
            .map(|u| Value::from(u.as_str()))
            .ok_or_else(|| tera::Error::msg(format!("there is no page content/{lang}/{key}")))
    }
}

/// `data(name="figures")`: the contents of `content/data/figures.toml`.
pub struct Data {
    pub files: Arc<BTreeMap<String, Value>>,
}

impl Function for Data {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let name = string_arg(args, "name", "data")?;
        self.files
            .get(name)
            .cloned()
            .ok_or_else(|| tera::Error::msg(format!("there is no data file content/data/{name}.toml")))
    }
}

/// `request_form(lang=lang)`: the visit-request form, empty, as HTML.
pub struct RequestForm {
    pub schema: Option<Arc<pthv_form::Schema>>,
    pub base: BaseUrl,
}

impl Function for RequestForm {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let lang = string_arg(args, "lang", "request_form")?;
        let schema = self.schema.as_deref().ok_or_else(|| {
            tera::Error::msg(format!("there is no form: {} is missing", pthv_form::schema::SCHEMA_FILE))
        })?;
        let empty = pthv_form::Submission::default();
        let view =
            pthv_form::render::FormView { schema, lang, base_path: &self.base.path, values: &empty, errors: &[] };
        Ok(Value::from(view.render()))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `date | format_date(lang=lang)`: `2021-02-10` as people write dates in the language,
/// from the strings `date_format` ("{month} {day}, {year}") and `month_1` … `month_12`.
pub struct FormatDate {
    pub strings: Arc<Strings>,
    pub theme: String,
}

impl tera::Filter for FormatDate {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let lang = string_arg(args, "lang", "format_date")?;
        let date = value.as_str().unwrap_or("");
        let mut parts = date.splitn(3, '-').map(|p| p.parse::<u32>().ok());
        let (Some(Some(year)), Some(Some(month)), Some(Some(day))) = (parts.next(), parts.next(), parts.next()) else {
            return Err(tera::Error::msg(format!("format_date needs a date like 2024-05-01, not `{date}`")));
        };
        let trans = Trans { strings: self.strings.clone(), theme: self.theme.clone() };
        let get = |key: String| -> tera::Result<String> {
            let args = HashMap::from([("key".to_string(), Value::from(key)), ("lang".to_string(), Value::from(lang))]);
            Ok(trans.call(&args)?.as_str().unwrap_or_default().to_string())
        };
        let text = get("date_format".into())?
            .replace("{day}", &day.to_string())
            .replace("{month}", &get(format!("month_{month}"))?)
            .replace("{year}", &year.to_string());
        Ok(Value::from(text))
    }
}

/// `65000 | format_number(lang=lang)`: digits grouped by the language's
/// `thousands_separator` string ("65,000").
pub struct FormatNumber {
    pub strings: Arc<Strings>,
}

impl tera::Filter for FormatNumber {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let lang = string_arg(args, "lang", "format_number")?;
        let n = value
            .as_i64()
            .ok_or_else(|| tera::Error::msg(format!("format_number needs a whole number, not {value}")))?;
        let sep = self.strings.get(lang, "thousands_separator").unwrap_or(",");
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push_str(sep);
            }
            out.push(c);
        }
        Ok(Value::from(if n < 0 { format!("-{out}") } else { out }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, &str)]) -> HashMap<String, Value> {
        pairs.iter().map(|(k, v)| (k.to_string(), Value::from(*v))).collect()
    }

    #[test]
    fn trans_names_key_and_language_when_missing() {
        let mut s = Strings::default();
        s.0.insert("es".into(), [("hi".to_string(), "hola".to_string())].into());
        let t = Trans { strings: Arc::new(s), theme: "default".into() };
        assert_eq!(t.call(&args(&[("key", "hi"), ("lang", "es")])).unwrap(), "hola");
        let err = t.call(&args(&[("key", "bye"), ("lang", "es")])).unwrap_err().to_string();
        assert!(err.contains("`bye`") && err.contains("i18n/es.toml"), "{err}");
    }

    #[test]
    fn dates_read_as_in_each_language() {
        use tera::Filter;
        let mut s = Strings::default();
        s.0.insert(
            "es".into(),
            [
                ("date_format".to_string(), "{day} de {month} de {year}".to_string()),
                ("month_2".to_string(), "febrero".to_string()),
            ]
            .into(),
        );
        let f = FormatDate { strings: Arc::new(s), theme: "default".into() };
        let out = f.filter(&Value::from("2021-02-10"), &args(&[("lang", "es")])).unwrap();
        assert_eq!(out, "10 de febrero de 2021");
        assert!(f.filter(&Value::from("soon"), &args(&[("lang", "es")])).is_err());
        assert!(
            f.filter(&Value::from("2021-03-10"), &args(&[("lang", "es")])).unwrap_err().to_string().contains("month_3")
        );
    }

    #[test]
    fn asset_gives_the_fingerprinted_address() {
        let a = Asset {
            names: [("style.css".to_string(), "style.abc.css".to_string())].into(),
            base: BaseUrl::parse("https://e.org/sub/").unwrap(),
        };
        assert_eq!(a.call(&args(&[("path", "style.css")])).unwrap(), "/sub/style.abc.css");
        assert!(a.call(&args(&[("path", "nope.css")])).is_err());
    }
}
