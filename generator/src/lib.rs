//! The site generator: `content/` (markdown with TOML settings) and a theme's tera
//! templates → a static site in every configured language.
//!
//! A build is a pipeline of stages, each in its own module, passing plain data on:
//! [`content`] loads files, [`library`] gives them addresses and links sections,
//! translations and menus, [`markdown`] renders bodies, [`context`] and [`templates`]
//! make pages, and [`site`] runs it all and writes the output.

pub mod assets;
pub mod config;
pub mod content;
pub mod context;
pub mod data;
pub mod diagnostic;
pub mod form;
pub mod front_matter;
pub mod functions;
pub mod i18n;
pub mod library;
pub mod lint;
pub mod live;
pub mod markdown;
pub mod output;
pub mod scaffold;
pub mod site;
pub mod templates;

pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use site::{BuildOptions, BuildReport, Site, build};
