//! Linking stage: gives every document its address, and connects sections to their
//! pages and translations to each other. Plain indexes into `docs`, built once.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use crate::config::Config;
use crate::content::{Content, Document, Kind, SECTION_FILE};
use crate::diagnostic::{Diagnostic, line_col};

#[derive(Debug, Default)]
pub struct Library {
    /// In language order (as in config.toml), then by key.
    pub docs: Vec<Document>,
    /// Address of each document relative to the site root: `es/formacion/`.
    pub paths: Vec<String>,
    /// The section each document belongs to.
    pub parent: Vec<Option<usize>>,
    /// For a section: its pages, in display order.
    pub pages: Vec<Vec<usize>>,
    /// For a section: its sub-sections, in display order.
    pub subsections: Vec<Vec<usize>>,
    /// Every version of a document (itself included), in language order.
    pub translations: Vec<Vec<usize>>,
    by_key: HashMap<(String, String), usize>,
    /// Documents that failed to load: links to them are not errors of their own.
    failed: std::collections::BTreeSet<(String, String)>,
}

impl Library {
    pub fn get(&self, lang: &str, key: &str) -> Option<usize> {
        self.by_key.get(&(lang.to_string(), key.to_string())).copied()
    }

    pub fn failed_to_load(&self, lang: &str, key: &str) -> bool {
        self.failed.contains(&(lang.to_string(), key.to_string()))
    }

    /// The home page (root section) of a language.
    pub fn home(&self, lang: &str) -> Option<usize> {
        self.get(lang, SECTION_FILE)
    }

    pub fn link(config: &Config, content: Content) -> (Self, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let lang_order: HashMap<&str, usize> =
            config.languages.iter().enumerate().map(|(i, l)| (l.code.as_str(), i)).collect();
        let mut docs = content.docs;
        docs.sort_by(|a, b| {
            lang_order[a.lang.as_str()].cmp(&lang_order[b.lang.as_str()]).then_with(|| a.key.cmp(&b.key))
        });

        let by_key: HashMap<(String, String), usize> =
            docs.iter().enumerate().map(|(i, d)| ((d.lang.clone(), d.key.clone()), i)).collect();
        let find = |lang: &str, key: &str| by_key.get(&(lang.to_string(), key.to_string())).copied();

        for lang in &config.languages {
            if find(&lang.code, SECTION_FILE).is_none()
                && !content.failed.contains(&(lang.code.clone(), SECTION_FILE.into()))
            {
                problems.push(Diagnostic::error(format!("content/{}/{SECTION_FILE}", lang.code), 1, 1).says(
                    format!("the {} site has no home page", lang.name),
                    format!(
                        "create content/{}/{SECTION_FILE} with +++, title = \"…\", +++ and a first paragraph",
                        lang.code
                    ),
                ));
            }
        }

        let mut parent = vec![None; docs.len()];
        let mut missing_sections = BTreeMap::new();
        for (i, doc) in docs.iter().enumerate() {
            let Some(parent_key) = doc.parent_key() else {
                continue;
            };
            match find(&doc.lang, &parent_key) {
                Some(p) => parent[i] = Some(p),
                None => {
                    missing_sections.entry((doc.lang.clone(), parent_key)).or_insert_with(|| doc.file.clone());
                }
            }
        }
        for ((lang, key), example) in missing_sections {
            if content.failed.contains(&(lang.clone(), key.clone())) {
                continue;
            }
            let dir = key.trim_end_matches(SECTION_FILE);
            problems.push(Diagnostic::error(&example, 1, 1).says(
                format!("the folder content/{lang}/{dir} has pages but no {SECTION_FILE}"),
                format!("create content/{lang}/{key} with a title, so the folder gets its own page"),
            ));
        }

        // Addresses: the language prefix, each enclosing section's slug, then the page's.
        let mut paths = vec![String::new(); docs.len()];
        for i in 0..docs.len() {
            let mut parts = Vec::new();
            let mut at = Some(i);
            while let Some(j) = at {
                if docs[j].key != SECTION_FILE {
                    parts.push(docs[j].slug());
                }
                at = parent[j];
            }
            // A document whose section is missing still gets a stable address from its folders.
            if parent[i].is_none() && docs[i].key != SECTION_FILE {
                let dir = docs[i].dir().trim_end_matches('/');
                let folders =
                    if docs[i].kind == Kind::Section { dir.rsplit_once('/').map_or("", |p| p.0) } else { dir };
                parts.extend(folders.rsplit('/').filter(|s| !s.is_empty()).map(slug::slugify));
            }
            parts.reverse();
            let mut path = config.language_prefix(&docs[i].lang);
            for p in parts {
                path.push_str(&p);
                path.push('/');
            }
            paths[i] = path;
        }

        let mut owner: HashMap<&str, usize> = HashMap::new();
        for (i, path) in paths.iter().enumerate() {
            if let Some(&first) = owner.get(path.as_str()) {
                let (line, col) = docs[i]
                    .front
                    .slug
                    .as_ref()
                    .map_or((1, 1), |s| line_col(&docs[i].text, docs[i].text.find(s.as_str()).unwrap_or(0)));
                problems.push(Diagnostic::error(&docs[i].file, line, col).says(
                    format!(
                        "this page would have the same address, /{path}, as {}",
                        crate::diagnostic::display_path(&docs[first].file)
                    ),
                    "give one of the two pages another slug = \"…\" or file name",
                ));
            } else {
                owner.insert(path, i);
            }
        }

        let mut pages = vec![Vec::new(); docs.len()];
        let mut subsections = vec![Vec::new(); docs.len()];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = *p {
                match docs[i].kind {
                    Kind::Page => pages[p].push(i),
                    Kind::Section => subsections[p].push(i),
                }
            }
        }
        for list in pages.iter_mut().chain(subsections.iter_mut()) {
            list.sort_by(|&a, &b| display_order(&docs[a], &docs[b]));
        }

        let mut translations = vec![Vec::new(); docs.len()];
        let mut by_plain_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, d) in docs.iter().enumerate() {
            by_plain_key.entry(d.key.as_str()).or_default().push(i);
        }
        for group in by_plain_key.values() {
            for &i in group {
                translations[i] = group.clone();
            }
        }

        let library = Self { docs, paths, parent, pages, subsections, translations, by_key, failed: content.failed };
        (library, problems)
    }

    /// Sorts again the lists that hold `changed` documents, after their weight, date or
    /// title changed.
    pub fn reorder(&mut self, changed: &[usize]) {
        for &i in changed {
            let Some(p) = self.parent[i] else { continue };
            let docs = &self.docs;
            let list = match docs[i].kind {
                Kind::Page => &mut self.pages[p],
                Kind::Section => &mut self.subsections[p],
            };
            list.sort_by(|&a, &b| display_order(&docs[a], &docs[b]));
        }
    }
}

/// Lighter weights first; then newest first; then by title, then by file.
pub fn display_order(a: &Document, b: &Document) -> Ordering {
    let weight = |d: &Document| d.front.weight.unwrap_or(i64::MAX);
    let date = |d: &Document| d.front.date.as_ref().map(|x| x.to_string());
    weight(a)
        .cmp(&weight(b))
        .then_with(|| match (date(a), date(b)) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then_with(|| a.front.title.to_lowercase().cmp(&b.front.title.to_lowercase()))
        .then_with(|| a.key.cmp(&b.key))
}
