//! What a template sees. Navigation is built once per section and per language and
//! borrowed by every page, so a page costs the same however many siblings it has.

use serde::Serialize;

use crate::config::{BaseUrl, Config};
use crate::content::{Document, Kind};
use crate::library::Library;
use crate::markdown::{Heading, Rendered};

/// The file name of a section's Atom feed, beside its index.html.
pub const FEED_FILE: &str = "atom.xml";

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// An entry of a section's list of pages.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    pub date: Option<String>,
}

/// One language version of a page, for `hreflang` links and the language switcher.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub lang: String,
    pub name: String,
    pub url: String,
    pub permalink: String,
    /// This is the page being rendered.
    pub current: bool,
    /// False when the language has no translation and the link goes to its home.
    pub translated: bool,
}

/// A section's light navigation: titles and addresses only.
#[derive(Debug, Clone, Serialize)]
pub struct SectionNav {
    pub title: String,
    pub url: String,
    pub pages: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub content: &'a str,
    pub toc: &'a [Heading],
    pub url: String,
    pub permalink: String,
    pub date: Option<String>,
    pub kind: &'static str,
    /// The file's path inside its language folder: `training/_index.md`.
    pub key: &'a str,
    pub extra: serde_json::Value,
    /// For a section: its pages and sub-sections, in order.
    pub pages: Vec<Item>,
    pub subsections: Vec<Item>,
    /// For a section with `feed = true`: the address of its Atom feed.
    pub feed: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub base_url: &'a str,
    pub base_path: &'a str,
}

#[derive(Debug, Serialize)]
pub struct Context<'a> {
    pub lang: &'a str,
    pub lang_name: &'a str,
    pub page: Option<PageView<'a>>,
    /// The section the page belongs to, with its pages.
    pub section: Option<&'a SectionNav>,
    pub prev: Option<&'a Link>,
    pub next: Option<&'a Link>,
    /// Every language: the page's translation, or that language's home (the switcher).
    pub languages: Vec<Alternate>,
    /// The page's versions for `hreflang` links: empty when the page has no translation.
    pub alternates: Vec<Alternate>,
    /// The `x-default` address: the default language's version, when there are several.
    pub x_default: Option<String>,
    /// The home page of the page's language.
    pub home: String,
    pub menu: &'a [Link],
    pub site: SiteView<'a>,
}

/// Navigation shared by all pages, built once per build.
pub struct Navigation {
    /// Per document: its nav if it is a section.
    pub sections: Vec<Option<SectionNav>>,
    /// Per document: its neighbours in its section.
    pub neighbours: Vec<(Option<Link>, Option<Link>)>,
    /// Per language code: the menu.
    pub menus: std::collections::HashMap<String, Vec<Link>>,
}

pub fn link_to(lib: &Library, base: &BaseUrl, i: usize) -> Link {
    Link { title: lib.docs[i].front.title.clone(), url: base.link(&lib.paths[i]) }
}

/// A menu entry: the page's short title if it has one.
fn menu_link(lib: &Library, base: &BaseUrl, i: usize) -> Link {
    let front = &lib.docs[i].front;
    Link { title: front.short_title.clone().unwrap_or_else(|| front.title.clone()), url: base.link(&lib.paths[i]) }
}

fn item(lib: &Library, base: &BaseUrl, i: usize) -> Item {
    let d = &lib.docs[i];
    Item {
        title: d.front.title.clone(),
        url: base.link(&lib.paths[i]),
        description: d.front.description.clone(),
        date: date_of(d),
    }
}

pub fn date_of(d: &Document) -> Option<String> {
    d.front.date.as_ref().and_then(|dt| dt.date).map(|x| x.to_string())
}

impl Navigation {
    pub fn build(lib: &Library, config: &Config, base: &BaseUrl) -> (Self, Vec<crate::Diagnostic>) {
        let n = lib.docs.len();
        let mut sections = Vec::with_capacity(n);
        let mut neighbours = vec![(None, None); n];
        for (i, doc) in lib.docs.iter().enumerate() {
            if doc.kind != Kind::Section {
                sections.push(None);
                continue;
            }
            let pages = &lib.pages[i];
            let links: Vec<Link> = pages.iter().map(|&p| link_to(lib, base, p)).collect();
            for (pos, &p) in pages.iter().enumerate() {
                let prev = pos.checked_sub(1).map(|q| links[q].clone());
                let next = links.get(pos + 1).cloned();
                neighbours[p] = (prev, next);
            }
            sections.push(Some(SectionNav {
                title: doc.front.title.clone(),
                url: base.link(&lib.paths[i]),
                pages: links,
            }));
        }

        let mut problems = Vec::new();
        let mut menus = std::collections::HashMap::new();
        for lang in &config.languages {
            let mut menu = Vec::new();
            for (n, key) in config.menu.iter().enumerate() {
                let (line, col) = config.menu_at.get(n).copied().unwrap_or((1, 1));
                match lib.get(&lang.code, key) {
                    Some(i) => menu.push(menu_link(lib, base, i)),
                    None if lib.failed_to_load(&lang.code, key) => {}
                    None => problems.push(crate::Diagnostic::error(crate::config::CONFIG_FILE, line, col).says(
                        format!("the menu lists {key}, but there is no content/{}/{key}", lang.code),
                        format!("create content/{}/{key}, or take \"{key}\" out of menu in config.toml", lang.code),
                    )),
                }
            }
            menus.insert(lang.code.clone(), menu);
        }
        (Self { sections, neighbours, menus }, problems)
    }
}

/// The context of one page.
pub fn page_context<'a>(
    i: usize,
    lib: &'a Library,
    rendered: &'a Rendered,
    nav: &'a Navigation,
    config: &'a Config,
    base: &'a BaseUrl,
) -> Context<'a> {
    let doc = &lib.docs[i];
    let lang = config.language(&doc.lang).expect("documents are loaded only for configured languages");
    let parent = lib.parent[i];
    let (prev, next) = &nav.neighbours[i];
    let page = PageView {
        title: &doc.front.title,
        description: doc.front.description.as_deref(),
        content: &rendered.html,
        toc: &rendered.toc,
        url: base.link(&lib.paths[i]),
        permalink: base.permalink(&lib.paths[i]),
        date: date_of(doc),
        kind: match doc.kind {
            Kind::Section => "section",
            Kind::Page => "page",
        },
        key: &doc.key,
        extra: toml_to_json(&toml::Value::Table(doc.front.extra.clone())),
        pages: lib.pages[i].iter().map(|&p| item(lib, base, p)).collect(),
        subsections: lib.subsections[i].iter().map(|&p| item(lib, base, p)).collect(),
        feed: doc.front.feed.then(|| base.link(&format!("{}{FEED_FILE}", lib.paths[i]))),
    };
    let translations = &lib.translations[i];
    let languages = config
        .languages
        .iter()
        .filter_map(|l| {
            let (target, translated) = match translations.iter().find(|&&t| lib.docs[t].lang == l.code) {
                Some(&t) => (t, true),
                None => (lib.home(&l.code)?, false),
            };
            Some(Alternate {
                lang: l.code.clone(),
                name: l.name.clone(),
                url: base.link(&lib.paths[target]),
                permalink: base.permalink(&lib.paths[target]),
                current: target == i,
                translated,
            })
        })
        .collect::<Vec<_>>();
    let alternates: Vec<Alternate> =
        if translations.len() > 1 { languages.iter().filter(|a| a.translated).cloned().collect() } else { Vec::new() };
    let x_default = alternates.iter().find(|a| a.lang == config.default_language().code).map(|a| a.permalink.clone());
    Context {
        lang: &lang.code,
        lang_name: &lang.name,
        page: Some(page),
        section: parent.and_then(|p| nav.sections[p].as_ref()),
        prev: prev.as_ref(),
        next: next.as_ref(),
        languages,
        alternates,
        x_default,
        home: base.link(&config.language_prefix(&doc.lang)),
        menu: nav.menus.get(&doc.lang).map_or(&[], Vec::as_slice),
        site: SiteView { base_url: &base.url, base_path: &base.path },
    }
}

/// The documents whose context shows the settings (title, description, date, order) of
/// the `changed` ones, as `page_context` reads them: each itself, the section it is
/// listed in and everything under that section's navigation, a section's own pages,
/// and every page of a language whose menu names it.
pub fn dependents(lib: &Library, config: &Config, changed: &[usize]) -> std::collections::BTreeSet<usize> {
    let mut out = std::collections::BTreeSet::new();
    let under = |s: usize| lib.pages[s].iter().chain(&lib.subsections[s]).copied();
    for &i in changed {
        let doc = &lib.docs[i];
        if config.menu.contains(&doc.key) {
            out.extend((0..lib.docs.len()).filter(|&j| lib.docs[j].lang == doc.lang));
            continue;
        }
        out.insert(i);
        if let Some(p) = lib.parent[i] {
            out.insert(p);
            out.extend(under(p));
        }
        if doc.kind == Kind::Section {
            out.extend(under(i));
        }
    }
    out
}

/// The context of a language's "page not found" page.
pub fn not_found_context<'a>(
    lang_code: &'a str,
    lib: &'a Library,
    nav: &'a Navigation,
    config: &'a Config,
    base: &'a BaseUrl,
) -> Context<'a> {
    let lang = config.language(lang_code).expect("configured language");
    let languages = config
        .languages
        .iter()
        .filter_map(|l| {
            let home = lib.home(&l.code)?;
            Some(Alternate {
                lang: l.code.clone(),
                name: l.name.clone(),
                url: base.link(&lib.paths[home]),
                permalink: base.permalink(&lib.paths[home]),
                current: l.code == lang_code,
                translated: false,
            })
        })
        .collect();
    Context {
        lang: &lang.code,
        lang_name: &lang.name,
        page: None,
        section: None,
        prev: None,
        next: None,
        languages,
        alternates: Vec::new(),
        x_default: None,
        home: base.link(&config.language_prefix(lang_code)),
        menu: nav.menus.get(lang_code).map_or(&[], Vec::as_slice),
        site: SiteView { base_url: &base.url, base_path: &base.path },
    }
}

/// TOML values as JSON for templates; dates become `2024-05-01` text.
pub fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::from(s.as_str()),
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => J::from(*f),
        toml::Value::Boolean(b) => J::from(*b),
        toml::Value::Datetime(d) => J::from(d.to_string()),
        toml::Value::Array(a) => J::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => J::Object(t.iter().map(|(k, v)| (k.clone(), toml_to_json(v))).collect()),
    }
}
