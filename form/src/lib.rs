//! The visit-request form, defined once in `content/data/visit-request.toml` (fields,
//! limits, choices, labels, hints and messages in every language) with the schools in
//! `content/data/schools.toml`. The site renders the form from it; the request service
//! validates submissions against it. Nothing here does I/O.

pub mod render;
pub mod schema;
pub mod submission;
pub mod validate;

pub use schema::{Field, FieldType, Schema, SchemaError};
pub use submission::{Submission, SubmissionError};
pub use validate::{FieldError, ValidRequest};
