//! The sandbox authorization server: a real HTTP server (`crate::http`) that
//! answers like France Travail's, for the live demo and for tests. It keeps
//! everything in memory and trusts no one: every request is checked as the
//! real service would (RFC 6749, RFC 7636, RFC 9700), and every error it
//! documents can be reached on purpose.
//!
//! `start` serves on a socket. To mount it inside another `crate::http`
//! server (`vitrine serve`): build a `Sandbox` with that server's URL, and
//! pass it every request whose path `handles_path` accepts, with `answer`.

pub mod authorize;
pub mod clock;
pub mod config;
pub mod config_file;
mod cors;
pub mod discovery;
pub mod error;
pub mod http;
mod id_token;
pub mod keys;
mod router;
pub mod server;
pub mod signin_page;
mod state;
pub mod store;
pub mod token;
mod userinfo;

pub use clock::{Clock, SystemClock, TestClock};
pub use config::SandboxConfig;
pub use server::{answer, default_limits, handles_path, RunningSandbox};
pub use state::{Options, Sandbox};

use std::io;
use std::net::ToSocketAddrs;

/// Starts a sandbox on `bind` (e.g. `127.0.0.1:0` for a free port) with the
/// system clock and fresh randomness.
pub fn start(config: SandboxConfig, bind: impl ToSocketAddrs) -> io::Result<RunningSandbox> {
    start_with(config, bind, Options::default())
}

/// Like `start`, with an injected clock, RNG and limits (tests).
pub fn start_with(
    config: SandboxConfig,
    bind: impl ToSocketAddrs,
    options: Options,
) -> io::Result<RunningSandbox> {
    let public_url = config.public_url.clone();
    let workers = options.workers;
    let limits = server::default_limits(workers);
    RunningSandbox::bind(bind, public_url.as_deref(), limits, move |url| {
        Sandbox::new(config, url, options)
    })
}
