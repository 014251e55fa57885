//! vitrine: a static site generator for public API catalogues.
//!
//! One way through: `content/` bytes are decoded and repaired (`text`), their
//! YAML read with the position of every key (`yaml`), parsed into a typed,
//! cross-checked `Catalogue` (`content`), rendered to pages in
//! memory (`markdown`, `site`) and written to disk (`output`). Problems are
//! `Diagnostic`s (`diagnostics`). `oauth` is the token-exchange helper and the
//! sandbox authorization server; `cmd` holds one file per subcommand.

pub mod cmd;
pub mod content;
pub mod diagnostics;
pub mod markdown;
pub mod oauth;
pub mod output;
pub mod site;
pub mod text;
pub mod yaml;
