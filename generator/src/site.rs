//! The build: load → link → render markdown → render templates → write. Each stage
//! takes plain data from the one before and reports every problem it finds.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tera::Tera;

use crate::assets::Assets;
use crate::config::{BaseUrl, Config};
use crate::content::{self, Kind};
use crate::context::{self, Navigation};
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean, display_path};
use crate::functions;
use crate::i18n::Strings;
use crate::library::Library;
use crate::markdown::{self, Links, Rendered};
use crate::output;
use crate::templates;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's folder, holding config.toml.
    pub root: PathBuf,
    pub out: PathBuf,
    /// Replaces config.toml's base_url, e.g. for a preview copy.
    pub base_url: Option<String>,
}

#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// A site loaded, linked and with its markdown rendered, ready to render pages from.
pub struct Site {
    pub config: Config,
    pub base: BaseUrl,
    pub lib: Library,
    pub rendered: Vec<Rendered>,
    pub assets: Assets,
    pub warnings: Vec<Diagnostic>,
    nav: Navigation,
    tera: Tera,
    sources: templates::Sources,
}

/// Builds the site into `options.out`. Pages are written as they are rendered, into a
/// folder beside `out` that replaces it only when the whole build has succeeded, so a
/// failed build leaves the last good site in place.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let site = Site::load(&options.root, options.base_url.as_deref())?;
    let files = site.write_to(&options.root, &options.out)?;
    Ok(BuildReport { pages: site.lib.docs.len(), files, warnings: site.warnings.clone(), elapsed: started.elapsed() })
}

impl Site {
    /// Every stage but rendering pages; returns every problem found.
    pub fn load(root: &Path, base_url: Option<&str>) -> Result<Self, Diagnostics> {
        let mut problems = Diagnostics::default();
        let mut config = Config::load(root).map_err(Diagnostics)?;
        if let Some(url) = base_url {
            config.base_url = url.to_string();
        }
        let base = BaseUrl::parse(&config.base_url).map_err(|why| {
            Diagnostics(vec![
                Diagnostic::error(crate::config::CONFIG_FILE, 1, 1)
                    .says(why, "give a full address such as https://example.org/ to --base-url or base_url"),
            ])
        })?;

        let (loaded, ps) = content::load(root, &config);
        problems.extend(ps);
        let (lib, ps) = Library::link(&config, loaded);
        problems.extend(ps);
        let (strings, ps) = Strings::load(root, &config);
        problems.extend(ps);
        let (assets, ps) = Assets::load(root, &config);
        problems.extend(ps);
        let (data, ps) = crate::data::load(root);
        problems.extend(ps);
        let (form, ps) = crate::form::load(root, &config);
        problems.extend(ps);
        let (nav, ps) = Navigation::build(&lib, &config, &base);
        problems.extend(ps);
        let templates = match templates::load(root, &config) {
            Ok(t) => Some(t),
            Err(ps) => {
                problems.extend(ps);
                None
            }
        };

        let rendered: Vec<Rendered> =
            (0..lib.docs.len()).into_par_iter().map(|i| render_markdown(&lib.docs[i], &lib, &base, &config)).collect();
        for r in &rendered {
            problems.extend(r.problems.iter().cloned());
        }
        problems.extend(check_anchors(&lib, &rendered));

        let Some((mut tera, sources)) = templates else {
            return Err(problems.sorted());
        };
        if problems.has_errors() {
            return Err(problems.sorted());
        }
        register_functions(&mut tera, &lib, &strings, &assets, data, &config, &base);
        tera.register_function(
            "request_form",
            functions::RequestForm { schema: form.map(Arc::new), base: base.clone() },
        );
        Ok(Self { config, base, lib, rendered, assets, warnings: problems.sorted().0, nav, tera, sources })
    }

    /// Puts edited documents in place of their earlier versions (same files, same
    /// addresses) and renders their markdown, checking every anchor link again. Returns
    /// the documents to render again: the edited ones, and those that show a changed
    /// title, description or order. On any problem the site is left as it was.
    pub fn replace_documents(&mut self, edited: Vec<(usize, content::Document)>) -> Result<Vec<usize>, Diagnostics> {
        let mut problems = Diagnostics::default();
        let mut old = Vec::with_capacity(edited.len());
        for (i, doc) in edited {
            let previous = std::mem::replace(&mut self.lib.docs[i], doc);
            let rendered = render_markdown(&self.lib.docs[i], &self.lib, &self.base, &self.config);
            problems.extend(rendered.problems.iter().cloned());
            old.push((i, previous, std::mem::replace(&mut self.rendered[i], rendered)));
        }
        problems.extend(check_anchors(&self.lib, &self.rendered));
        if problems.has_errors() {
            for (i, doc, rendered) in old.into_iter().rev() {
                self.lib.docs[i] = doc;
                self.rendered[i] = rendered;
            }
            return Err(problems.sorted());
        }
        let resettled: Vec<usize> =
            old.iter().filter(|(i, previous, _)| previous.front != self.lib.docs[*i].front).map(|(i, ..)| *i).collect();
        if resettled.is_empty() {
            return Ok(old.into_iter().map(|(i, ..)| i).collect());
        }
        self.lib.reorder(&resettled);
        // Menu problems cannot arise here: the same pages are at the same addresses.
        self.nav = Navigation::build(&self.lib, &self.config, &self.base).0;
        let mut render = context::dependents(&self.lib, &self.config, &resettled);
        render.extend(old.iter().map(|(i, ..)| *i));
        Ok(render.into_iter().collect())
    }

    /// The output path and HTML of document `i`.
    pub fn render_page(&self, i: usize) -> Result<(String, String), Diagnostic> {
        let doc = &self.lib.docs[i];
        let template = doc.front.template.clone().unwrap_or_else(|| {
            match doc.kind {
                Kind::Section if doc.key == content::SECTION_FILE => "index.html",
                Kind::Section => "section.html",
                Kind::Page => "page.html",
            }
            .to_string()
        });
        let ctx = context::page_context(i, &self.lib, &self.rendered[i], &self.nav, &self.config, &self.base);
        let html = render_template(&self.tera, &self.sources, &template, &ctx, Some(&doc.file))?;
        Ok((format!("{}index.html", self.lib.paths[i]), html))
    }

    /// Files that are not pages: a "page not found" per language, the sitemap, robots.txt.
    pub fn render_extras(&self) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
        let mut files = Vec::new();
        let mut problems = Vec::new();
        for lang in &self.config.languages {
            let ctx = context::not_found_context(&lang.code, &self.lib, &self.nav, &self.config, &self.base);
            match render_template(&self.tera, &self.sources, "404.html", &ctx, None) {
                Ok(html) => files.push((format!("{}404.html", self.config.language_prefix(&lang.code)), html)),
                Err(d) => problems.push(d),
            }
        }
        for (i, doc) in self.lib.docs.iter().enumerate().filter(|(_, d)| d.front.feed) {
            match self.feed(i) {
                Ok(xml) => files.push((format!("{}{}", self.lib.paths[i], context::FEED_FILE), xml)),
                Err(e) => problems.push(templates::template_problem(&doc.file, &e)),
            }
        }
        match sitemap(&self.tera, &self.lib, &self.base) {
            Ok(xml) => files.push(("sitemap.xml".into(), xml)),
            Err(e) => problems.push(templates::template_problem(Path::new("sitemap.xml"), &e)),
        }
        files
            .push(("robots.txt".into(), format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", self.base.url)));
        if problems.is_empty() { Ok(files) } else { Err(problems) }
    }

    /// The Atom feed of section `i`: its pages, newest first.
    fn feed(&self, i: usize) -> tera::Result<String> {
        #[derive(serde::Serialize)]
        struct Entry<'a> {
            title: &'a str,
            permalink: String,
            updated: String,
            summary: Option<&'a str>,
            content: &'a str,
        }
        let stamp = |date: Option<String>| {
            date.map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| format!("{d}T00:00:00Z"))
        };
        let entries: Vec<Entry> = self.lib.pages[i]
            .iter()
            .map(|&p| {
                let doc = &self.lib.docs[p];
                Entry {
                    title: &doc.front.title,
                    permalink: self.base.permalink(&self.lib.paths[p]),
                    updated: stamp(context::date_of(doc)),
                    summary: doc.front.description.as_deref(),
                    content: &self.rendered[p].html,
                }
            })
            .collect();
        let doc = &self.lib.docs[i];
        let mut ctx = tera::Context::new();
        ctx.insert("lang", &doc.lang);
        ctx.insert("title", &doc.front.title);
        ctx.insert("permalink", &self.base.permalink(&self.lib.paths[i]));
        ctx.insert("feed_url", &self.base.permalink(&format!("{}{}", self.lib.paths[i], context::FEED_FILE)));
        ctx.insert("updated", &entries.iter().map(|e| e.updated.clone()).max().unwrap_or_else(|| stamp(None)));
        ctx.insert("entries", &entries);
        self.tera.render("atom.xml", &ctx)
    }

    /// Every page and extra file, rendered in memory: `(path in the site, text)`.
    pub fn render_all(&self) -> Result<Vec<(String, String)>, Diagnostics> {
        let results: Vec<Result<(String, String), Diagnostic>> =
            (0..self.lib.docs.len()).into_par_iter().map(|i| self.render_page(i)).collect();
        let mut files = Vec::with_capacity(results.len() + 8);
        let mut problems = Vec::new();
        for r in results {
            match r {
                Ok(file) => files.push(file),
                Err(d) => problems.push(d),
            }
        }
        match self.render_extras() {
            Ok(extras) => files.extend(extras),
            Err(ps) => problems.extend(ps),
        }
        if problems.is_empty() { Ok(files) } else { Err(Diagnostics(problems).sorted()) }
    }

    /// Renders every page straight to disk, then swaps the new folder in for `out`.
    /// Returns the number of files written.
    pub fn write_to(&self, root: &Path, out: &Path) -> Result<usize, Diagnostics> {
        let staging = output::Staging::new(root, out).map_err(|d| Diagnostics(vec![d]))?;
        let mut problems: Vec<Diagnostic> = (0..self.lib.docs.len())
            .into_par_iter()
            .filter_map(|i| match self.render_page(i) {
                Ok((path, html)) => staging.write(&path, html.as_bytes()).err(),
                Err(d) => Some(d),
            })
            .collect();
        match self.render_extras() {
            Ok(files) => {
                problems.extend(files.iter().filter_map(|(path, text)| staging.write(path, text.as_bytes()).err()))
            }
            Err(ps) => problems.extend(ps),
        }
        problems.extend(
            self.assets.files.par_iter().filter_map(|(path, src)| staging.copy(path, src).err()).collect::<Vec<_>>(),
        );
        if !problems.is_empty() {
            staging.abandon();
            return Err(Diagnostics(problems).sorted());
        }
        let feeds = self.lib.docs.iter().filter(|d| d.front.feed).count();
        let files = self.lib.docs.len() + self.config.languages.len() + 2 + feeds + self.assets.files.len();
        staging.publish().map_err(|d| Diagnostics(vec![d]))?;
        Ok(files)
    }
}

fn render_template(
    tera: &Tera,
    sources: &templates::Sources,
    name: &str,
    ctx: &context::Context,
    page: Option<&Path>,
) -> Result<String, Diagnostic> {
    let located = |e: &tera::Error| templates::render_problem(e, sources, name);
    if !sources.contains_key(name) {
        let known: Vec<&str> = sources.keys().map(String::as_str).collect();
        let hint = did_you_mean(name, known.iter().copied()).map_or_else(
            || format!("the templates are: {}", known.join(", ")),
            |k| format!("did you mean template = \"{k}\"?"),
        );
        return Err(Diagnostic::error(page.unwrap_or(Path::new(name)), 1, 1)
            .says(format!("there is no template `{name}`"), hint));
    }
    let ctx = tera::Context::from_serialize(ctx).map_err(|e| located(&e))?;
    tera.render(name, &ctx).map_err(|e| located(&e))
}

fn register_functions(
    tera: &mut Tera,
    lib: &Library,
    strings: &Strings,
    assets: &Assets,
    data: BTreeMap<String, serde_json::Value>,
    config: &Config,
    base: &BaseUrl,
) {
    tera.register_function(
        "trans",
        functions::Trans { strings: Arc::new(strings.clone()), theme: config.theme.clone() },
    );
    tera.register_function("asset", functions::Asset { names: assets.names.clone(), base: base.clone() });
    let pages: HashMap<(String, String), String> =
        lib.docs.iter().zip(&lib.paths).map(|(d, p)| ((d.lang.clone(), d.key.clone()), base.link(p))).collect();
    tera.register_function("url", functions::Url { pages: Arc::new(pages) });
    tera.register_function("data", functions::Data { files: Arc::new(data) });
    tera.register_filter("format_number", functions::FormatNumber { strings: Arc::new(strings.clone()) });
    tera.register_filter(
        "format_date",
        functions::FormatDate { strings: Arc::new(strings.clone()), theme: config.theme.clone() },
    );
}

#[derive(serde::Serialize)]
struct SitemapEntry {
    permalink: String,
    date: Option<String>,
    alternates: Vec<SitemapAlternate>,
}

#[derive(serde::Serialize)]
struct SitemapAlternate {
    hreflang: String,
    permalink: String,
}

fn sitemap(tera: &Tera, lib: &Library, base: &BaseUrl) -> tera::Result<String> {
    let default_lang = lib.docs.first().map(|d| d.lang.clone()).unwrap_or_default();
    let mut entries: Vec<SitemapEntry> = (0..lib.docs.len())
        .map(|i| {
            let group = &lib.translations[i];
            let mut alternates: Vec<SitemapAlternate> = if group.len() > 1 {
                group
                    .iter()
                    .map(|&t| SitemapAlternate {
                        hreflang: lib.docs[t].lang.clone(),
                        permalink: base.permalink(&lib.paths[t]),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            if let Some(&d) = group.iter().find(|&&t| lib.docs[t].lang == default_lang)
                && group.len() > 1
            {
                alternates
                    .push(SitemapAlternate { hreflang: "x-default".into(), permalink: base.permalink(&lib.paths[d]) });
            }
            SitemapEntry { permalink: base.permalink(&lib.paths[i]), date: context::date_of(&lib.docs[i]), alternates }
        })
        .collect();
    entries.sort_by(|a, b| a.permalink.cmp(&b.permalink));
    let mut ctx = tera::Context::new();
    ctx.insert("entries", &entries);
    tera.render("sitemap.xml", &ctx)
}

/// Resolves a page's `@/` links in its own language.
struct DocLinks<'a> {
    lib: &'a Library,
    lang: &'a str,
    base: &'a BaseUrl,
    config: &'a Config,
}

impl Links for DocLinks<'_> {
    fn resolve(&self, key: &str) -> Result<(usize, String), (String, String)> {
        let key = if key.is_empty() || key.ends_with('/') {
            format!("{key}{}", content::SECTION_FILE)
        } else {
            key.to_string()
        };
        if let Some(i) = self.lib.get(self.lang, &key) {
            return Ok((i, self.base.link(&self.lib.paths[i])));
        }
        if self.lib.failed_to_load(self.lang, &key) {
            return Err((String::new(), String::new()));
        }
        let message = format!("the link @/{key} leads to no page: there is no content/{}/{key}", self.lang);
        let elsewhere = self.config.languages.iter().find(|l| self.lib.get(&l.code, &key).is_some());
        let fix = if let Some(other) = elsewhere {
            format!("translate content/{}/{key} into content/{}/{key}, or link to another page", other.code, self.lang)
        } else if let Some(file) = self.file_at_address(&key) {
            format!("links name the page's file, not its address: write @/{file}")
        } else {
            let keys = self.lib.docs.iter().filter(|d| d.lang == self.lang).map(|d| d.key.as_str());
            match did_you_mean(&key, keys) {
                Some(k) => format!("did you mean @/{k}?"),
                None => "write the path of the page inside the language folder, e.g. @/training/_index.md".to_string(),
            }
        };
        Err((message, fix))
    }

    fn rooted(&self, path: &str) -> String {
        self.base.link(path.trim_start_matches('/'))
    }
}

impl DocLinks<'_> {
    /// The file of the page whose address the link was written as, e.g. `questions.md`
    /// for `@/preguntas.md`: Spanish pages keep English file names but Spanish slugs.
    fn file_at_address(&self, key: &str) -> Option<&str> {
        let written = key.trim_end_matches(".md").trim_end_matches(content::SECTION_FILE.trim_end_matches(".md"));
        let written = written.trim_matches('/');
        let prefix = self.config.language_prefix(self.lang);
        self.lib
            .docs
            .iter()
            .zip(&self.lib.paths)
            .find(|(d, path)| {
                d.lang == self.lang
                    && path.strip_prefix(prefix.as_str()).map(|p| p.trim_end_matches('/')) == Some(written)
            })
            .map(|(d, _)| d.key.as_str())
    }
}

/// A document's body as HTML, its links resolved in its own language.
fn render_markdown(doc: &content::Document, lib: &Library, base: &BaseUrl, config: &Config) -> Rendered {
    let links = DocLinks { lib, lang: &doc.lang, base, config };
    markdown::render(&doc.file, &doc.text, doc.body_offset, &links)
}

fn check_anchors(lib: &Library, rendered: &[Rendered]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (i, r) in rendered.iter().enumerate() {
        for link in &r.anchor_links {
            let target = link.target.unwrap_or(i);
            let anchors = &rendered[target].anchors;
            if anchors.contains(&link.anchor) {
                continue;
            }
            let where_ = if target == i { "this page".to_string() } else { display_path(&lib.docs[target].file) };
            let fix = match did_you_mean(&link.anchor, anchors.iter().map(String::as_str)) {
                Some(a) => format!("did you mean #{a}?"),
                None if anchors.is_empty() => {
                    "that page has no headings to link to; link to the page without #…".to_string()
                }
                None => format!(
                    "the headings there are: {}",
                    anchors.iter().map(|a| format!("#{a}")).collect::<Vec<_>>().join(", ")
                ),
            };
            problems.push(
                Diagnostic::error(&lib.docs[i].file, link.line, link.col)
                    .says(format!("there is no heading #{} in {where_}", link.anchor), fix),
            );
        }
    }
    problems
}
