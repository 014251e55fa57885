//! vitrine: a static site generator for public API catalogues.
//!
//! One way through: `content/` bytes are decoded and repaired (`text`), their
//! YAML read with the position of every key (`yaml`), parsed into a typed,
//! cross-checked `Catalogue` (`content`), rendered to pages in
//! memory (`markdown`, `site`) and written to disk (`output`). Problems are
//! `Diagnostic`s (`diagnostics`). `oauth` is the token-exchange helper and the
//! sandbox authorization server; `cmd` holds one file per subcommand.
//! Component tags (`<Button …>`) are lexed in one place, `tags`, read by both
//! `content` and `markdown`. A module imports from earlier stages only.
//!
//! `pipeline::build` runs the stages in order for one content folder and
//! returns a `Report`; `build`, `check` and editor mode are that one call with
//! different sinks.

pub mod cmd;
pub mod content;
pub mod diagnostics;
pub mod markdown;
pub mod oauth;
pub mod openapi;
pub mod output;
pub mod pipeline;
pub mod site;
pub mod tags;
pub mod text;
pub mod yaml;
