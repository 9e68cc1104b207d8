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

/// A built site, still in memory: page address → HTML, and static files to copy.
#[derive(Debug, Default)]
pub struct Output {
    /// Output path (`/`-separated, relative) → contents.
    pub pages: BTreeMap<String, String>,
    /// Output path → source file.
    pub copies: BTreeMap<String, PathBuf>,
    pub page_count: usize,
}

pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let (output, warnings) = render(&options.root, options.base_url.as_deref())?;
    write(&options.root, &options.out, &output).map_err(|d| Diagnostics(vec![d]))?;
    Ok(BuildReport {
        pages: output.page_count,
        files: output.pages.len() + output.copies.len(),
        warnings,
        elapsed: started.elapsed(),
    })
}

/// Everything but writing: the whole site rendered in memory, or every problem.
pub fn render(
    root: &Path,
    base_url: Option<&str>,
) -> Result<(Output, Vec<Diagnostic>), Diagnostics> {
    let mut problems = Diagnostics::default();
    let mut config = Config::load(root).map_err(Diagnostics)?;
    if let Some(url) = base_url {
        config.base_url = url.to_string();
    }
    let base = BaseUrl::parse(&config.base_url).map_err(|why| {
        Diagnostics(vec![
            Diagnostic::error(crate::config::CONFIG_FILE, 1, 1).says(
                why,
                "give a full address such as https://example.org/ to --base-url or base_url",
            ),
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
    let (nav, ps) = Navigation::build(&lib, &config, &base);
    problems.extend(ps);
    let tera = match templates::load(root, &config) {
        Ok((tera, sources)) => Some((tera, sources)),
        Err(ps) => {
            problems.extend(ps);
            None
        }
    };

    let rendered: Vec<Rendered> = (0..lib.docs.len())
        .into_par_iter()
        .map(|i| {
            let doc = &lib.docs[i];
            let links = DocLinks {
                lib: &lib,
                lang: &doc.lang,
                base: &base,
                config: &config,
            };
            markdown::render(&doc.file, &doc.text, doc.body_offset, &links)
        })
        .collect();
    for r in &rendered {
        problems.extend(r.problems.iter().cloned());
    }
    problems.extend(check_anchors(&lib, &rendered));

    let Some((mut tera, sources)) = tera else {
        return Err(problems.sorted());
    };
    if problems.has_errors() {
        return Err(problems.sorted());
    }

    register_functions(&mut tera, &lib, &strings, &assets, data, &config, &base);
    let mut output = Output {
        copies: assets.files.clone(),
        page_count: lib.docs.len(),
        ..Output::default()
    };

    let pages: Vec<Result<(String, String), Diagnostic>> = (0..lib.docs.len())
        .into_par_iter()
        .map(|i| {
            let doc = &lib.docs[i];
            let template = doc.front.template.clone().unwrap_or_else(|| {
                match doc.kind {
                    Kind::Section if doc.key == content::SECTION_FILE => "index.html",
                    Kind::Section => "section.html",
                    Kind::Page => "page.html",
                }
                .to_string()
            });
            let ctx = context::page_context(i, &lib, &rendered[i], &nav, &config, &base);
            let html = render_template(&tera, &sources, &template, &ctx, Some(&doc.file))?;
            Ok((format!("{}index.html", lib.paths[i]), html))
        })
        .collect();

    for lang in &config.languages {
        let ctx = context::not_found_context(&lang.code, &lib, &nav, &config, &base);
        match render_template(&tera, &sources, "404.html", &ctx, None) {
            Ok(html) => {
                output.pages.insert(
                    format!("{}404.html", config.language_prefix(&lang.code)),
                    html,
                );
            }
            Err(d) => problems.push(d),
        }
    }
    for page in pages {
        match page {
            Ok((path, html)) => {
                output.pages.insert(path, html);
            }
            Err(d) => problems.push(d),
        }
    }
    match sitemap(&tera, &lib, &base) {
        Ok(xml) => {
            output.pages.insert("sitemap.xml".into(), xml);
        }
        Err(e) => problems.push(templates::template_problem(Path::new("sitemap.xml"), &e)),
    }
    output.pages.insert(
        "robots.txt".into(),
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
            base.url
        ),
    );

    if problems.has_errors() {
        return Err(problems.sorted());
    }
    Ok((output, problems.sorted().0))
}

fn render_template(
    tera: &Tera,
    sources: &templates::Sources,
    name: &str,
    ctx: &context::Context,
    page: Option<&Path>,
) -> Result<String, Diagnostic> {
    let located = |e: &tera::Error| {
        let culprit = templates::mentioned_template(e, sources);
        let file = sources
            .get(&culprit)
            .or_else(|| sources.get(name))
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name));
        templates::template_problem(&file, e)
    };
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
        functions::Trans {
            strings: Arc::new(strings.clone()),
            theme: config.theme.clone(),
        },
    );
    tera.register_function(
        "asset",
        functions::Asset {
            names: assets.names.clone(),
            base: base.clone(),
        },
    );
    let pages: HashMap<(String, String), String> = lib
        .docs
        .iter()
        .zip(&lib.paths)
        .map(|(d, p)| ((d.lang.clone(), d.key.clone()), base.link(p)))
        .collect();
    tera.register_function(
        "url",
        functions::Url {
            pages: Arc::new(pages),
        },
    );
    tera.register_function(
        "data",
        functions::Data {
            files: Arc::new(data),
        },
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
                alternates.push(SitemapAlternate {
                    hreflang: "x-default".into(),
                    permalink: base.permalink(&lib.paths[d]),
                });
            }
            SitemapEntry {
                permalink: base.permalink(&lib.paths[i]),
                date: context::date_of(&lib.docs[i]),
                alternates,
            }
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
        let message = format!(
            "the link @/{key} leads to no page: there is no content/{}/{key}",
            self.lang
        );
        let elsewhere = self
            .config
            .languages
            .iter()
            .find(|l| self.lib.get(&l.code, &key).is_some());
        let fix = if let Some(other) = elsewhere {
            format!(
                "translate content/{}/{key} into content/{}/{key}, or link to another page",
                other.code, self.lang
            )
        } else {
            let keys = self
                .lib
                .docs
                .iter()
                .filter(|d| d.lang == self.lang)
                .map(|d| d.key.as_str());
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

fn check_anchors(lib: &Library, rendered: &[Rendered]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (i, r) in rendered.iter().enumerate() {
        for link in &r.anchor_links {
            let target = link.target.unwrap_or(i);
            let anchors = &rendered[target].anchors;
            if anchors.contains(&link.anchor) {
                continue;
            }
            let where_ = if target == i {
                "this page".to_string()
            } else {
                display_path(&lib.docs[target].file)
            };
            let fix = match did_you_mean(&link.anchor, anchors.iter().map(String::as_str)) {
                Some(a) => format!("did you mean #{a}?"),
                None if anchors.is_empty() => {
                    "that page has no headings to link to; link to the page without #…".to_string()
                }
                None => format!(
                    "the headings there are: {}",
                    anchors
                        .iter()
                        .map(|a| format!("#{a}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            problems.push(
                Diagnostic::error(&lib.docs[i].file, link.line, link.col).says(
                    format!("there is no heading #{} in {where_}", link.anchor),
                    fix,
                ),
            );
        }
    }
    problems
}

/// Replaces the output folder with the built site.
pub fn write(root: &Path, out: &Path, output: &Output) -> Result<(), Diagnostic> {
    let fail = |what: String, e: std::io::Error| {
        Diagnostic::error(display_path(out), 1, 1).says(
            format!("{what}: {e}"),
            "check that the output folder can be written",
        )
    };
    let root_abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if out.exists() {
        let out_abs = std::fs::canonicalize(out)
            .map_err(|e| fail("cannot find the output folder".into(), e))?;
        if root_abs.starts_with(&out_abs) {
            return Err(Diagnostic::error(display_path(out), 1, 1).says(
                "the output folder holds the site's own files, and building would delete them",
                "choose another folder with --out, such as public",
            ));
        }
        std::fs::remove_dir_all(out)
            .map_err(|e| fail("cannot empty the output folder".into(), e))?;
    }
    std::fs::create_dir_all(out).map_err(|e| fail("cannot create the output folder".into(), e))?;
    let dirs: std::collections::BTreeSet<PathBuf> = output
        .pages
        .keys()
        .chain(output.copies.keys())
        .filter_map(|p| Path::new(p).parent().map(|d| out.join(d)))
        .collect();
    for d in dirs {
        std::fs::create_dir_all(&d)
            .map_err(|e| fail(format!("cannot create {}", display_path(&d)), e))?;
    }
    output.pages.par_iter().try_for_each(|(path, html)| {
        std::fs::write(out.join(path), html).map_err(|e| fail(format!("cannot write {path}"), e))
    })?;
    output.copies.par_iter().try_for_each(|(path, src)| {
        std::fs::copy(src, out.join(path))
            .map(|_| ())
            .map_err(|e| fail(format!("cannot copy {path}"), e))
    })?;
    Ok(())
}
