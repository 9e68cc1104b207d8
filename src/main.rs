//! `pthv`: build, preview and check the Parent Teacher Home Visit site.

mod preview;
mod serve;
mod watch;

// Builds allocate many small strings on several threads; mimalloc is markedly faster at it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "pthv", version, about = "Build and preview the Parent Teacher Home Visit site")]
struct Cli {
    /// The site's folder (the one holding config.toml).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder.
    Build {
        /// Where to write the site.
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// The address the site will be published at, e.g. https://example.org/pthv/.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Check the content for mistakes, without building: links, translations, headings,
    /// link texts, descriptions, images, settings.
    Check {
        /// `text` for people, `json` for tools.
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
    },
    /// Start a new page in every language (as drafts), e.g. `pthv new training/home-safety.md`.
    New {
        /// The page's path inside the language folders.
        path: String,
    },
    /// Build the site and serve it on this computer, with a working request form; saved
    /// changes rebuild it and reload the open pages.
    Serve {
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Do not reload open pages after a rebuild (the site is still rebuilt).
        #[arg(long)]
        no_live_reload: bool,
        /// Where requests made on this computer are kept.
        #[arg(long, default_value = ".pthv")]
        data_dir: PathBuf,
        /// Store requests in DynamoDB (configured by the usual AWS_* variables) instead.
        #[arg(long)]
        dynamodb: bool,
    },
}

fn main() -> ExitCode {
    // A bug in pthv must not bury an editor under a Rust backtrace.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "pthv stopped because of a bug in pthv itself, not in your files. Please report this message: {info}"
        );
    }));
    let cli = Cli::parse();
    match cli.command {
        Command::Build { out, base_url } => build(generator::BuildOptions { root: cli.root, out, base_url }),
        Command::Check { format } => check(&cli.root, &format),
        Command::New { path } => new_page(&cli.root, &path),
        Command::Serve { port, no_live_reload, data_dir, dynamodb } => {
            let data_dir = if data_dir.is_absolute() { data_dir } else { cli.root.join(data_dir) };
            serve::run(serve::ServeOptions { root: cli.root, port, data_dir, dynamodb, live_reload: !no_live_reload })
        }
    }
}

fn build(options: generator::BuildOptions) -> ExitCode {
    match generator::build(&options) {
        Ok(report) => {
            for w in &report.warnings {
                eprintln!("{w}");
            }
            eprintln!(
                "Built {} pages ({} files) into {} in {} ms.",
                report.pages,
                report.files,
                options.out.display(),
                report.elapsed.as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            report_problems(&problems);
            ExitCode::FAILURE
        }
    }
}

fn check(root: &std::path::Path, format: &str) -> ExitCode {
    let started = std::time::Instant::now();
    let problems = generator::lint::check(root);
    if format == "json" {
        match serde_json::to_string_pretty(&problems.0) {
            Ok(json) => println!("{json}"),
            Err(e) => eprintln!("cannot write the report: {e}"),
        }
    } else {
        print!("{problems}");
        let (errors, warnings) = (problems.errors().count(), problems.warnings().count());
        eprintln!(
            "{}, {}, checked in {} ms.",
            count(errors, "error"),
            count(warnings, "warning"),
            started.elapsed().as_millis()
        );
    }
    if problems.has_errors() { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn new_page(root: &std::path::Path, path: &str) -> ExitCode {
    let created = generator::config::Config::load(root)
        .map_err(|d| d[0].clone())
        .and_then(|config| generator::scaffold::new_page(root, &config, path));
    match created {
        Ok(files) => {
            for f in files {
                eprintln!("created {} (a draft: delete its draft line to publish it)", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{d}");
            ExitCode::FAILURE
        }
    }
}

pub fn report_problems(problems: &generator::Diagnostics) {
    eprint!("{problems}");
    eprintln!("The site was not built: {} to fix.", count(problems.errors().count(), "problem"));
}

/// "1 error", "2 errors".
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
