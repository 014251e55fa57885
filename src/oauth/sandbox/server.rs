//! The HTTP shell around a `Sandbox`: the hardened server of `crate::http`
//! (hyper, bounded connections, threads, sizes and time), each request
//! translated to the sandbox's own `HttpRequest` and answered by
//! `Sandbox::handle`. `answer` is that translation, for a server that
//! mounts the sandbox beside its own pages (`vitrine serve`).

use super::http::{HttpRequest, Method};
use super::state::Sandbox;
use crate::http::{self as server, Limits, Response, Server};
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, ToSocketAddrs};
use std::sync::Arc;

/// Larger bodies are refused: every legitimate request is a short form.
const MAX_BODY_BYTES: u64 = 64 * 1024;
/// Longer request targets are refused before any parsing. An authorize URL
/// with every parameter is well under 2 KiB; 8 KiB is the usual server limit.
const MAX_URL_BYTES: usize = 8 * 1024;

/// Whether `path` (without query) belongs to the sandbox when it is mounted
/// inside another server.
pub fn handles_path(path: &str) -> bool {
    path.starts_with("/connexion/oauth2/")
}

/// The limits of a sandbox on its own socket, with `threads` threads.
pub fn default_limits(threads: usize) -> Limits {
    Limits {
        max_body_bytes: MAX_BODY_BYTES,
        max_target_bytes: MAX_URL_BYTES,
        threads,
        ..Limits::default()
    }
}

/// A sandbox serving on a socket until `shutdown` (or drop).
pub struct RunningSandbox {
    url: String,
    addr: SocketAddr,
    sandbox: Arc<Sandbox>,
    server: Server,
}

impl RunningSandbox {
    /// Binds `bind` (port 0: any free port), then serves `make(base_url)`
    /// within `limits`.
    pub fn bind(
        bind: impl ToSocketAddrs,
        public_url: Option<&str>,
        limits: Limits,
        make: impl FnOnce(&str) -> io::Result<Sandbox>,
    ) -> io::Result<RunningSandbox> {
        let listener = server::listen(bind)?;
        let addr = listener.local_addr()?;
        let url = match public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => local_url(addr),
        };
        let sandbox = Arc::new(make(&url)?);
        let handler_sandbox = sandbox.clone();
        let handler: server::Handler = Arc::new(move |request| answer(&handler_sandbox, request));
        let server = Server::start(listener, limits, handler)?;
        Ok(RunningSandbox {
            url,
            addr,
            sandbox,
            server,
        })
    }

    /// `http://127.0.0.1:PORT`, the base of every endpoint.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn sandbox(&self) -> &Arc<Sandbox> {
        &self.sandbox
    }

    /// Serves until the process is killed; an error means it can no longer
    /// accept connections.
    pub fn wait(self) -> io::Result<()> {
        self.server.wait()
    }

    /// Stops accepting requests and gives open ones a second to finish.
    pub fn shutdown(self) {
        self.server.shutdown();
    }
}

/// A wildcard bind is reached through loopback.
fn local_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        ip if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

/// Answers one request of the hardened server (limits already applied).
pub fn answer(sandbox: &Sandbox, request: server::Request) -> Response {
    let mut translated = HttpRequest::new(Method::parse(&request.method), &request.target);
    translated.origin = request.header("Origin").map(str::to_string);
    translated.authorization = request.header("Authorization").map(str::to_string);
    translated.content_type = request.header("Content-Type").map(str::to_string);
    translated.body = request.body;
    let reply = sandbox.handle(&translated);
    Response {
        status: reply.status,
        headers: reply
            .headers
            .into_iter()
            .map(|(name, value)| (name.to_string(), value))
            .collect(),
        body: reply.body,
        stream: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mounted_sandbox_claims_only_its_own_paths() {
        assert!(handles_path("/connexion/oauth2/authorize"));
        assert!(handles_path("/connexion/oauth2/agent/acces_token"));
        assert!(!handles_path("/les-api/x/"));
        assert!(!handles_path("/connexion/autre"));
    }

    #[test]
    fn wildcard_bind_is_reached_through_loopback() {
        let addr: SocketAddr = "0.0.0.0:8787".parse().unwrap();
        assert_eq!(local_url(addr), "http://127.0.0.1:8787");
        let addr: SocketAddr = "[::1]:80".parse().unwrap();
        assert_eq!(local_url(addr), "http://[::1]:80");
    }
}
