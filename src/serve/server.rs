//! The socket side: a tiny_http server with a fixed pool of workers, the
//! routing between the mounted sandbox, the SSE stream and the site, the
//! heartbeat, and the rebuild loop fed by the watcher.

use super::handler::{self, Method, Request};
use super::hub::{Hub, MAX_LISTENERS};
use super::inject::EVENTS_PATH;
use super::state::{self, Snapshot};
use super::watch::Watch;
use crate::oauth::sandbox::{self, Sandbox, SandboxConfig};
use crate::pipeline::{Options, Report};
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Request workers. SSE streams do not hold one (the hub writes to them).
const WORKERS: usize = 8;
/// How often an idle worker looks at the stop flag.
const POLL: Duration = Duration::from_millis(200);
const HEARTBEAT: Duration = Duration::from_secs(1);
/// Longer request targets are refused (414).
const MAX_URL_BYTES: usize = 8 * 1024;

/// What a rebuild did, for the caller to print.
pub struct Rebuilt<'a> {
    /// Paths that triggered it (empty: the first build).
    pub changed: &'a [PathBuf],
    pub report: &'a Report,
    pub took: Duration,
}

/// Called after every build, on the rebuild thread.
pub type OnBuild = Box<dyn Fn(&Rebuilt<'_>) + Send>;

struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    hub: Hub,
    sandbox: Sandbox,
    content_root: PathBuf,
    stopping: AtomicBool,
}

impl Shared {
    fn current(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// A running editor-mode server; stops on `shutdown` or drop.
pub struct Running {
    url: String,
    addr: SocketAddr,
    server: Arc<tiny_http::Server>,
    shared: Arc<Shared>,
    threads: Vec<JoinHandle<()>>,
}

/// Binds `bind`, builds the site once, then serves and watches.
pub fn start(options: Options, bind: impl ToSocketAddrs, on_build: OnBuild) -> io::Result<Running> {
    let server = tiny_http::Server::http(bind).map_err(io::Error::other)?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| io::Error::other("not listening on an IP address"))?;
    let url = local_url(addr);
    let options = state::serve_options(options, &url);
    let content_root = options.content.canonicalize()?;
    let sandbox = Sandbox::new(
        SandboxConfig::with_defaults(&url),
        &url,
        sandbox::Options::default(),
    )?;
    // Watching starts before the first build: a save during it is seen.
    let mut roots = vec![options.content.clone()];
    roots.extend(options.themes.iter().cloned());
    let watch = Watch::start(&roots).map_err(io::Error::other)?;

    let started = Instant::now();
    let (files, report) = state::build(&options, &url);
    let snapshot = state::next(&Snapshot::default(), files, report_copy(&report));
    on_build(&Rebuilt {
        changed: &[],
        report: &report,
        took: started.elapsed(),
    });
    drop(report);

    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(snapshot)),
        hub: Hub::default(),
        sandbox,
        content_root,
        stopping: AtomicBool::new(false),
    });
    let server = Arc::new(server);
    let mut threads = Vec::new();
    for i in 0..WORKERS {
        let (server, shared) = (server.clone(), shared.clone());
        threads.push(
            std::thread::Builder::new()
                .name(format!("serve-{i}"))
                .spawn(move || work(&server, &shared))?,
        );
    }
    let beat = shared.clone();
    threads.push(
        std::thread::Builder::new()
            .name("serve-heartbeat".into())
            .spawn(move || heartbeat(&beat))?,
    );
    let rebuilding = shared.clone();
    let build_url = url.clone();
    threads.push(
        std::thread::Builder::new()
            .name("serve-rebuild".into())
            .spawn(move || rebuild_loop(&watch, &options, &build_url, &rebuilding, on_build))?,
    );
    Ok(Running {
        url,
        addr,
        server,
        shared,
        threads,
    })
}

/// The report's parts the snapshot keeps (diagnostics, sources, copies);
/// the catalogue stays with the caller's report.
fn report_copy(report: &Report) -> Report {
    Report {
        diagnostics: report.diagnostics.clone(),
        sources: report.sources.clone(),
        copies: report.copies.clone(),
        ..Report::default()
    }
}

impl Running {
    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Open live-reload streams.
    pub fn listeners(&self) -> usize {
        self.shared.hub.len()
    }

    /// Serves until the process is killed.
    pub fn wait(mut self) {
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }

    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        self.server.unblock();
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

fn local_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        ip if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

fn work(server: &tiny_http::Server, shared: &Shared) {
    while !shared.stopping.load(Ordering::SeqCst) {
        // An error is a failed accept on one connection: keep serving.
        if let Ok(Some(request)) = server.recv_timeout(POLL) {
            route(shared, request);
        }
    }
}

fn route(shared: &Shared, request: tiny_http::Request) {
    let target = request.url().to_string();
    if target.len() > MAX_URL_BYTES {
        respond(
            request,
            handler_text(414, "Request URL too long (8 KiB at most)"),
        );
        return;
    }
    let path = target.split('?').next().unwrap_or_default();
    if sandbox::handles_path(path) {
        sandbox::serve(&shared.sandbox, request);
        return;
    }
    let method = match request.method() {
        tiny_http::Method::Get => Method::Get,
        tiny_http::Method::Head => Method::Head,
        _ => Method::Other,
    };
    if path == EVENTS_PATH && method == Method::Get {
        if shared.hub.len() >= MAX_LISTENERS {
            respond(request, handler_text(503, "Too many live-reload listeners"));
            return;
        }
        let generation = shared.current().generation;
        shared.hub.join(request.into_writer(), generation);
        return;
    }
    let site = shared.current();
    let response = handler::handle(&site, &shared.content_root, &Request { method, target });
    drop(site);
    respond(request, response);
}

fn handler_text(status: u16, message: &str) -> handler::Response {
    handler::Response {
        status,
        headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
        body: format!("{message}\n").into_bytes(),
    }
}

fn respond(request: tiny_http::Request, response: handler::Response) {
    let mut out = tiny_http::Response::from_data(response.body).with_status_code(response.status);
    for (name, value) in &response.headers {
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            out.add_header(header);
        }
    }
    // A client that went away mid-response is no concern of the others.
    let _ = request.respond(out);
}

fn heartbeat(shared: &Shared) {
    let mut last = Instant::now();
    while !shared.stopping.load(Ordering::SeqCst) {
        std::thread::sleep(POLL.min(HEARTBEAT));
        if last.elapsed() >= HEARTBEAT {
            shared.hub.heartbeat();
            last = Instant::now();
        }
    }
}

fn rebuild_loop(watch: &Watch, options: &Options, url: &str, shared: &Shared, on_build: OnBuild) {
    while let Some(changed) = watch.next_batch(&shared.stopping) {
        let started = Instant::now();
        let (files, report) = state::build(options, url);
        let previous = shared.current();
        let next = state::next(&previous, files, report_copy(&report));
        let event =
            if only_stylesheets(&changed) && previous.errors.is_empty() && next.errors.is_empty() {
                "css"
            } else {
                "reload"
            };
        let generation = next.generation;
        *shared.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(next);
        drop(previous);
        shared.hub.broadcast(event, generation);
        on_build(&Rebuilt {
            changed: &changed,
            report: &report,
            took: started.elapsed(),
        });
    }
}

/// Whether a change touched stylesheets only (swapped without a reload);
/// folders made to hold them do not count.
fn only_stylesheets(changed: &[PathBuf]) -> bool {
    let is_css = |p: &PathBuf| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("css"));
    changed.iter().any(is_css) && changed.iter().all(|p| is_css(p) || p.is_dir())
}
