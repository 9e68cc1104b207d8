//! `pthv serve`'s watcher: rebuilds the site when a file it is made of changes, says
//! in the terminal what happened and how long it took, and hands the result to the
//! server (and so to every open page).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use generator::Diagnostics;
use generator::live::{LiveSite, Rebuilt, Scope};
use notify::{EventKind, RecursiveMode, Watcher};

use crate::preview::{Snapshot, Snapshots};

/// The folders a build reads, besides config.toml in the site's folder itself.
const WATCHED: [&str; 4] = ["content", "themes", "templates", "static"];

/// Editors save in several steps (a temporary file, a rename); a change is acted on once
/// the files have been quiet this long.
const SETTLE: Duration = Duration::from_millis(10);

/// Called after the whole site was loaded again, so the request service can follow a
/// changed form or list of schools.
pub type OnReload = Box<dyn Fn(&LiveSite) + Send>;

pub struct Rebuilds {
    root: PathBuf,
    base_url: String,
    /// `None` until the site has built once.
    live: Option<LiveSite>,
    snapshots: Snapshots,
    on_reload: OnReload,
    /// Makes build ids unique across restarts of `serve`, so a page left open is reloaded.
    started: u128,
    count: u64,
}

impl Rebuilds {
    /// Builds the site once and publishes it, or its problems.
    pub fn new(root: &Path, base_url: &str, on_reload: OnReload) -> (Self, Snapshots) {
        let started = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
        let snapshots = Arc::new(tokio::sync::watch::channel(Snapshot::default()).0);
        let mut this = Self {
            root: root.to_path_buf(),
            base_url: base_url.to_string(),
            live: None,
            snapshots: snapshots.clone(),
            on_reload,
            started,
            count: 0,
        };
        let clock = std::time::Instant::now();
        match LiveSite::build(root, base_url) {
            Ok(live) => {
                eprintln!("Built {} pages in {} ms.", live.site().lib.docs.len(), clock.elapsed().as_millis());
                this.root = live.root().to_path_buf();
                let build = this.next_build();
                publish_site(&this.snapshots, build, &live);
                (this.on_reload)(&live);
                this.live = Some(live);
            }
            Err(problems) => this.publish_problems(problems),
        }
        (this, snapshots)
    }

    /// Watches the site's folders on a thread of its own, for as long as `serve` runs.
    pub fn watch(self) -> anyhow::Result<()> {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut watcher = notify::recommended_watcher(tx).context("cannot watch the site's files for changes")?;
        for dir in WATCHED.iter().map(|d| self.root.join(d)).filter(|d| d.is_dir()) {
            watcher.watch(&dir, RecursiveMode::Recursive).with_context(|| format!("cannot watch {}", dir.display()))?;
        }
        watcher.watch(&self.root, RecursiveMode::NonRecursive).context("cannot watch the site's folder")?;
        std::thread::Builder::new().name("pthv-watch".into()).spawn(move || self.run(watcher, rx))?;
        Ok(())
    }

    fn run(mut self, mut watcher: notify::RecommendedWatcher, events: Receiver<notify::Result<notify::Event>>) {
        while let Ok(first) = events.recv() {
            let mut changed = Vec::new();
            let mut take = |event: notify::Result<notify::Event>| match event {
                Ok(e) if !matches!(e.kind, EventKind::Access(_)) => changed.extend(e.paths),
                Ok(_) => {}
                Err(e) => eprintln!("A change could not be seen: {e}. Save the file again."),
            };
            take(first);
            loop {
                match events.recv_timeout(SETTLE) {
                    Ok(event) => take(event),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            // Reading files raises access events; a build reacting to them would read the
            // files again, and so on for ever.
            if changed.is_empty() {
                continue;
            }
            changed.sort();
            changed.dedup();
            // A folder the build reads, made after serve started, is watched from now on.
            for dir in changed.iter().filter(|p| p.parent() == Some(&self.root) && p.is_dir()) {
                if dir.file_name().is_some_and(|n| WATCHED.iter().any(|w| n == *w)) {
                    let _ = watcher.watch(dir, RecursiveMode::Recursive);
                }
            }
            self.rebuild(changed);
        }
    }

    fn rebuild(&mut self, changed: Vec<PathBuf>) {
        let Some(live) = &mut self.live else {
            // Nothing has built yet: any change may be the fix.
            match LiveSite::build(&self.root, &self.base_url) {
                Ok(live) => {
                    eprintln!("The site builds now: {} pages.", live.site().lib.docs.len());
                    let build = self.next_build();
                    publish_site(&self.snapshots, build, &live);
                    (self.on_reload)(&live);
                    self.live = Some(live);
                }
                Err(problems) => self.publish_problems(problems),
            }
            return;
        };
        let changed: Vec<PathBuf> = changed.into_iter().filter(|p| live.affected_by(p)).collect();
        if changed.is_empty() {
            return;
        }
        let what = describe(&self.root, &changed);
        match live.rebuild(changed) {
            Ok(rebuilt) => {
                eprintln!("{}", report(&rebuilt, &what));
                let was_broken = self.snapshots.borrow().problems.is_some();
                let build = self.next_build();
                let live = self.live.as_ref().expect("the site was just rebuilt");
                if rebuilt.scope == Scope::Site {
                    (self.on_reload)(live);
                }
                if was_broken || !rebuilt.changed.is_empty() || rebuilt.scope == Scope::Assets {
                    publish_site(&self.snapshots, build, live);
                }
            }
            Err(problems) => {
                eprintln!("After {what} changed:");
                self.publish_problems(problems);
            }
        }
    }

    fn next_build(&mut self) -> String {
        self.count += 1;
        format!("{:x}-{}", self.started, self.count)
    }

    fn publish_problems(&mut self, problems: Diagnostics) {
        crate::report_problems(&problems);
        eprintln!("The pages open in the browser show the problems until they are fixed.");
        let build = self.next_build();
        self.snapshots.send_modify(|s| {
            s.build = build;
            s.problems = Some(Arc::new(problems));
        });
    }
}

fn publish_site(snapshots: &Snapshots, build: String, live: &LiveSite) {
    snapshots.send_modify(|s| {
        s.build = build;
        s.files = Arc::new(live.files().clone());
        s.assets = Arc::new(live.assets().clone());
        s.problems = None;
    });
}

/// `content/en/request.md`, or `content/en/request.md and 2 more files`.
fn describe(root: &Path, changed: &[PathBuf]) -> String {
    let first = changed[0].strip_prefix(root).unwrap_or(&changed[0]).display().to_string();
    match changed.len() {
        1 => first,
        n => format!("{first} and {} more file{}", n - 1, if n == 2 { "" } else { "s" }),
    }
}

fn report(rebuilt: &Rebuilt, what: &str) -> String {
    let ms = rebuilt.elapsed.as_secs_f64() * 1000.0;
    let files = rebuilt.changed.len();
    let files = format!("{files} file{} changed", if files == 1 { "" } else { "s" });
    match rebuilt.scope {
        Scope::Pages => format!("Rebuilt {what} in {ms:.1} ms: {} page(s) rendered, {files}.", rebuilt.rendered),
        Scope::Assets => format!("Updated {what} in {ms:.1} ms: no page needed rendering."),
        Scope::Site => {
            format!("Rebuilt the whole site for {what} in {ms:.1} ms: {} pages rendered, {files}.", rebuilt.rendered)
        }
    }
}
