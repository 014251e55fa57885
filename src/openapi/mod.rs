//! OpenAPI → reference pages, the reading half: a Swagger 2.0, OpenAPI 3.0
//! or 3.1 document (JSON or YAML) read into one normalised model (`Spec`)
//! that the documentation page renders through the theme.
//!
//! Method: the document is parsed into a `serde_json::Value` (YAML through
//! serde_yaml) and walked once; the three versions differ only in where
//! things live (`definitions` / `components.schemas`, body parameters /
//! `requestBody`…). Local `$ref`s are checked up front (a dangling one is a
//! `Problem` with its JSON pointer) and resolved while walking, with a stack
//! of the references being expanded so that cycles stop. External `$ref`s
//! (another file, a URL) are not followed: they are reported as problems.
//! Pure: no file system; `load` is the edge that reads spec files, and
//! `fetch` (only with `--fetch-specs`) the one that fetches them over HTTP.

mod fetch;
mod load;
mod model;
mod normalise;
mod operations;
mod prose;
mod refs;
mod schema;
mod source;

pub use fetch::{cache_path, remote_spec_url, Fetch, MAX_SPEC_BYTES};
pub use load::{load_all, local_spec_path, Specs};
pub use model::*;
pub use prose::Prose;
// For the search index, which reads `operationId`s and descriptions from the
// document (`site::search_index`).
pub use operations::resolved;

/// What is wrong with a spec: where (a JSON pointer into the document, `""`
/// for the whole of it) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub pointer: String,
    pub message: String,
}

/// Reads one spec. `name` (the file name) decides between JSON and YAML:
/// `.json` is JSON, anything else YAML (which also reads JSON).
pub fn read(text: &str, name: &str) -> Result<Spec, Problem> {
    let document = source::parse(text, name)?;
    let version = source::version(&document)?;
    let dangling = refs::dangling(&document);
    if let Some(first) = dangling.first() {
        return Err(first.clone());
    }
    Ok(normalise::spec(document, version))
}

#[cfg(test)]
mod tests;
