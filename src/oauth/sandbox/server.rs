//! The HTTP shell around a `Sandbox`: a tiny_http server and a small pool of
//! worker threads, each taking the next request, translating it, answering it.

use super::http::{HttpRequest, Method, Reply};
use super::state::Sandbox;
use std::io::{self, Read};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// Larger bodies are refused: every legitimate request is a short form.
const MAX_BODY_BYTES: u64 = 64 * 1024;
/// Longer request targets are refused before any parsing. An authorize URL
/// with every parameter is well under 2 KiB; 8 KiB is the usual server limit.
const MAX_URL_BYTES: usize = 8 * 1024;
/// How often an idle worker looks at the stop flag.
const POLL: Duration = Duration::from_millis(200);

/// Whether `path` (without query) belongs to the sandbox when it is mounted
/// inside another server.
pub fn handles_path(path: &str) -> bool {
    path.starts_with("/connexion/oauth2/")
}

/// A sandbox serving on a socket until `shutdown` (or drop).
pub struct RunningSandbox {
    url: String,
    addr: SocketAddr,
    sandbox: Arc<Sandbox>,
    server: Arc<tiny_http::Server>,
    stopping: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
}

impl RunningSandbox {
    /// Binds `bind` (port 0: any free port), then serves `make(base_url)`.
    pub fn bind(
        bind: impl ToSocketAddrs,
        public_url: Option<&str>,
        workers: usize,
        make: impl FnOnce(&str) -> io::Result<Sandbox>,
    ) -> io::Result<RunningSandbox> {
        let server = tiny_http::Server::http(bind).map_err(io::Error::other)?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| io::Error::other("the sandbox is not listening on an IP address"))?;
        let url = match public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => local_url(addr),
        };
        let sandbox = Arc::new(make(&url)?);
        let server = Arc::new(server);
        let stopping = Arc::new(AtomicBool::new(false));
        let workers = (0..workers.max(1))
            .map(|i| {
                let (server, sandbox, stopping) =
                    (server.clone(), sandbox.clone(), stopping.clone());
                std::thread::Builder::new()
                    .name(format!("sandbox-{i}"))
                    .spawn(move || work(&server, &sandbox, &stopping))
            })
            .collect::<io::Result<Vec<_>>>()?;
        Ok(RunningSandbox {
            url,
            addr,
            sandbox,
            server,
            stopping,
            workers,
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

    /// Serves until the process is killed.
    pub fn wait(mut self) {
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }

    /// Stops accepting requests and waits for the workers to finish theirs.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.server.unblock();
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        self.stop();
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

fn work(server: &tiny_http::Server, sandbox: &Sandbox, stopping: &AtomicBool) {
    while !stopping.load(Ordering::SeqCst) {
        // Errors here are a failed accept on one connection: keep serving.
        if let Ok(Some(request)) = server.recv_timeout(POLL) {
            serve(sandbox, request);
        }
    }
}

/// Answers one tiny_http request: for a server that mounts the sandbox's
/// paths (see `handles_path`) beside its own, such as `vitrine serve`.
pub fn serve(sandbox: &Sandbox, mut request: tiny_http::Request) {
    let reply = match translate(&mut request) {
        Ok(translated) => sandbox.handle(&translated),
        Err(reply) => reply,
    };
    let mut response = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
    for (name, value) in &reply.headers {
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    // The client may have gone away; nothing to tell it then.
    let _ = request.respond(response);
}

fn translate(request: &mut tiny_http::Request) -> Result<HttpRequest, Reply> {
    if request.url().len() > MAX_URL_BYTES {
        return Err(Reply::text(414, "Request URL too long (8 KiB at most)"));
    }
    let mut translated = HttpRequest::new(Method::parse(request.method().as_str()), request.url());
    for header in request.headers() {
        let value = Some(header.value.as_str().to_string());
        if header.field.equiv("Origin") {
            translated.origin = value;
        } else if header.field.equiv("Authorization") {
            translated.authorization = value;
        } else if header.field.equiv("Content-Type") {
            translated.content_type = value;
        }
    }
    let mut body = Vec::new();
    let read = request
        .as_reader()
        .take(MAX_BODY_BYTES + 1)
        .read_to_end(&mut body);
    if read.is_err() {
        return Err(Reply::text(400, "Could not read the request body"));
    }
    if body.len() as u64 > MAX_BODY_BYTES {
        return Err(Reply::text(413, "Request body too large (64 KiB at most)"));
    }
    translated.body = body;
    Ok(translated)
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
