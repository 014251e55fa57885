//! The socket side: the bounded hyper server of `crate::http` (editor mode
//! and the sandbox share it), the routing between the mounted sandbox, the
//! SSE stream and the site, the heartbeat, and the rebuild loop fed by the
//! watcher. (tiny_http's thread pool can leave a new connection unserved
//! while its threads hold other keep-alive connections; Chromium then
//! waits for a page's files for good: `docs/serve.md`.)

use super::handler::{self, Method, Request};
use super::hub::Hub;
use super::inject::EVENTS_PATH;
use super::state::{self, Snapshot};
use super::watch::Watch;
use crate::http::{self, Limits};
use crate::oauth::sandbox::{self, Sandbox, SandboxConfig};
use crate::pipeline::{Options, Report};
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often the heartbeat thread looks at the stop flag.
const POLL: Duration = Duration::from_millis(200);
const HEARTBEAT: Duration = Duration::from_secs(1);
/// How long a request for `catalogue.json` or the search index waits for
/// the rebuild that is making them.
const CATALOGUE_FILES_WAIT: Duration = Duration::from_secs(30);

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
    server: Option<http::Server>,
    shared: Arc<Shared>,
    threads: Vec<JoinHandle<()>>,
}

/// Editor mode serves one person's browser, its token demo and the
/// sandbox's clients: the sandbox's limits, with a thread per core.
fn limits() -> Limits {
    sandbox::default_limits(
        std::thread::available_parallelism()
            .map_or(2, usize::from)
            .clamp(2, 4),
    )
}

/// Binds `bind`, builds the site once, then serves and watches.
pub fn start(options: Options, bind: impl ToSocketAddrs, on_build: OnBuild) -> io::Result<Running> {
    let listener = http::listen(bind)?;
    let addr = listener.local_addr()?;
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
    let mut session = state::Session::new(options, &url);
    let (files, report) = session.build(None);
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
    let routed = shared.clone();
    let server = http::Server::start(
        listener,
        limits(),
        Arc::new(move |request| route(&routed, request)),
    )?;
    let mut threads = Vec::new();
    let beat = shared.clone();
    threads.push(
        std::thread::Builder::new()
            .name("serve-heartbeat".into())
            .spawn(move || heartbeat(&beat))?,
    );
    let rebuilding = shared.clone();
    threads.push(
        std::thread::Builder::new()
            .name("serve-rebuild".into())
            .spawn(move || rebuild_loop(&watch, session, &rebuilding, on_build))?,
    );
    Ok(Running {
        url,
        addr,
        server: Some(server),
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
        if let Some(server) = self.server.take() {
            server.shutdown();
        }
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

fn route(shared: &Shared, request: http::Request) -> http::Response {
    let path = request.target.split('?').next().unwrap_or_default();
    if sandbox::handles_path(path) {
        return sandbox::answer(&shared.sandbox, request);
    }
    let method = match request.method.as_str() {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        _ => Method::Other,
    };
    if path == EVENTS_PATH && method == Method::Get {
        return events(shared);
    }
    let mut site = shared.current();
    if state::is_catalogue_file(path.trim_start_matches('/')) {
        // Wait for the catalogue files of the latest build (each build
        // being made may be overtaken by a newer one).
        let until = Instant::now() + CATALOGUE_FILES_WAIT;
        while let Some(pending) = site.pending.clone() {
            pending.wait(until.saturating_duration_since(Instant::now()));
            let now = shared.current();
            if Arc::ptr_eq(&now, &site) {
                break;
            }
            site = now;
        }
    }
    let response = handler::handle(
        &site,
        &shared.content_root,
        &Request {
            method,
            target: request.target,
        },
    );
    http::Response {
        status: response.status,
        headers: response
            .headers
            .into_iter()
            .map(|(name, value)| (name.to_string(), value))
            .collect(),
        body: response.body,
        stream: None,
    }
}

/// A live-reload stream: it opens with the current generation, then gets
/// every rebuild's event.
fn events(shared: &Shared) -> http::Response {
    let generation = shared.current().generation;
    let Some(stream) = shared.hub.join(generation) else {
        return http::Response::text(503, "Too many live-reload listeners\n");
    };
    let header = |name: &str, value: &str| (name.to_string(), value.to_string());
    http::Response {
        status: 200,
        headers: vec![
            header("Content-Type", "text/event-stream"),
            header("Cache-Control", "no-cache"),
            header("X-Accel-Buffering", "no"),
        ],
        body: Vec::new(),
        stream: Some(stream),
    }
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

/// A `CatalogueJob` for the pages `files`, and what waits for it.
struct Deferred {
    job: state::CatalogueJob,
    files: Arc<state::Files>,
    pending: Arc<state::Pending>,
}

fn rebuild_loop(
    watch: &Watch,
    mut session: state::Session,
    shared: &Arc<Shared>,
    on_build: OnBuild,
) {
    // `catalogue.json` and the search index are made on a thread of their
    // own: the next save does not wait for them.
    let (sender, jobs) = std::sync::mpsc::channel::<Deferred>();
    let making = shared.clone();
    let worker = std::thread::Builder::new()
        .name("serve-catalogue".into())
        .spawn(move || make_catalogue_files(&jobs, &making))
        .ok()
        .map(|_| sender);
    while let Some(changed) = watch.next_batch(&shared.stopping) {
        let started = Instant::now();
        let (files, report) = session.build_pages(Some(&changed));
        let previous = shared.current();
        let mut next = state::next(&previous, files, report_copy(&report));
        let new_pages = !Arc::ptr_eq(&next.files, &previous.files);
        let event =
            if only_stylesheets(&changed) && previous.errors.is_empty() && next.errors.is_empty() {
                "css"
            } else {
                "reload"
            };
        let generation = next.generation;
        let job = if new_pages {
            session.catalogue_job()
        } else {
            None
        };
        if let Some(job) = job {
            // Until the new ones are made, the last ones stay served (and
            // requests for them wait a while for the new ones).
            let files = Arc::make_mut(&mut next.files);
            files.extend(
                previous
                    .files
                    .iter()
                    .filter(|(key, _)| state::is_catalogue_file(key))
                    .map(|(key, bytes)| (key.clone(), bytes.clone())),
            );
            let pending = Arc::new(state::Pending::default());
            next.pending = Some(pending.clone());
            let files = next.files.clone();
            publish(shared, next);
            let deferred = Deferred {
                job,
                files,
                pending,
            };
            // Without its thread (none could be started), here and now.
            let sent = match &worker {
                Some(sender) => sender.send(deferred).map_err(|unsent| unsent.0),
                None => Err(deferred),
            };
            if let Err(deferred) = sent {
                serve_catalogue_files(deferred, shared, None);
            }
        } else {
            publish(shared, next);
        }
        drop(previous);
        shared.hub.broadcast(event, generation);
        on_build(&Rebuilt {
            changed: &changed,
            report: &report,
            took: started.elapsed(),
        });
    }
}

/// Makes the catalogue files of the latest snapshot (older jobs are
/// skipped) and serves them with it.
fn make_catalogue_files(jobs: &std::sync::mpsc::Receiver<Deferred>, shared: &Shared) {
    // Its own thread pool: in rayon's global one, its parallel steps would
    // queue the next save's rendering behind them (seconds on a large
    // catalogue).
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "serve-catalogue-pool".into())
        .build()
        .ok();
    while let Ok(mut latest) = jobs.recv() {
        while let Ok(newer) = jobs.try_recv() {
            latest.pending.finish();
            latest = newer;
        }
        serve_catalogue_files(latest, shared, pool.as_ref());
    }
}

/// Makes a job's files (in `pool` if given) and serves them with its pages,
/// unless newer pages are served by now; then wakes whoever waits for them.
fn serve_catalogue_files(deferred: Deferred, shared: &Shared, pool: Option<&rayon::ThreadPool>) {
    let Deferred {
        job,
        files: pages,
        pending,
    } = deferred;
    let made = match pool {
        Some(pool) => pool.install(|| job.run()),
        None => job.run(),
    };
    let mut snapshot = shared.snapshot.write().unwrap_or_else(|e| e.into_inner());
    // Still the pages these files belong to (also when a broken save
    // since then kept them served).
    if Arc::ptr_eq(&snapshot.files, &pages) {
        let mut files = (*snapshot.files).clone();
        files.extend(made);
        *snapshot = Arc::new(Snapshot {
            generation: snapshot.generation,
            files: Arc::new(files),
            copies: snapshot.copies.clone(),
            errors: snapshot.errors.clone(),
            sources: snapshot.sources.clone(),
            pending: None,
        });
    }
    drop(snapshot);
    pending.finish();
}

fn publish(shared: &Shared, snapshot: Snapshot) {
    *shared.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
}

/// Whether a change touched stylesheets only (swapped without a reload);
/// folders made to hold them do not count.
fn only_stylesheets(changed: &[PathBuf]) -> bool {
    let is_css = |p: &PathBuf| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("css"));
    changed.iter().any(is_css) && changed.iter().all(|p| is_css(p) || p.is_dir())
}
