//! Editor mode (`vitrine serve`): the site built in memory with the same
//! pipeline as `build`, served on loopback, rebuilt when the content or the
//! theme changes, pages reloaded over Server-Sent Events, errors shown in
//! every page while the last good version stays served, and the OAuth
//! sandbox mounted on the same origin for the token demo.
//!
//! It writes nothing to disk, and the script and overlay it adds to pages
//! never reach `build` output.

pub mod handler;
pub mod hub;
pub mod inject;
pub mod paths;
mod server;
pub mod state;
pub mod watch;

pub use server::{start, Rebuilt, Running};
