//! `--fetch-specs`: a card whose `doc_tech_link` is an http(s) URL gets its
//! reference page from the spec served there (a real HTTP server on
//! loopback, counting requests), the spec is cached, a later failed fetch
//! uses the cached copy with a warning, a server that never answers is cut
//! off by `--fetch-timeout`, and without the flag no request is made.

use crate::build_support::{self, copy_tree};
use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use vitrine::diagnostics::Severity;
use vitrine::openapi::Fetch;
use vitrine::pipeline::{self, Options, Report};
use vitrine::site::MemorySink;

const FIXTURE: &str = "tests/fixtures/openapi";
const SPEC: &str = "tests/fixtures/openapi/static/swaggers/sirene-simplifiee.yaml";
const PAGE: &str = "documentation/api-externe/index.html";

/// A tiny_http server answering every request with the spec, counting them.
struct SpecServer {
    server: Arc<tiny_http::Server>,
    requests: Arc<AtomicUsize>,
    thread: Option<JoinHandle<()>>,
}

impl SpecServer {
    fn start() -> SpecServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind"));
        let requests = Arc::new(AtomicUsize::new(0));
        let body = std::fs::read(manifest(SPEC)).expect("spec");
        let thread = {
            let (server, requests) = (server.clone(), requests.clone());
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    requests.fetch_add(1, Ordering::SeqCst);
                    let header =
                        tiny_http::Header::from_bytes("Content-Type", "application/yaml").unwrap();
                    let response = tiny_http::Response::from_data(body.clone()).with_header(header);
                    let _ = request.respond(response);
                }
            })
        };
        SpecServer {
            server,
            requests,
            thread: Some(thread),
        }
    }

    fn url(&self) -> String {
        let port = self.server.server_addr().to_ip().expect("ip").port();
        format!("http://127.0.0.1:{port}/catalogue/openapi.yaml")
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// Stops serving and closes the listening socket.
    fn stop(mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            thread.join().expect("server thread");
        }
    }
}

fn manifest(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The openapi fixture in `root/content`, its external card pointing at `url`.
fn catalogue(root: &Path, url: &str) -> PathBuf {
    let content = root.join("content");
    copy_tree(&manifest(FIXTURE), &content);
    let card = content.join("api/api-externe.md");
    let text = std::fs::read_to_string(&card).expect("card");
    let text = text.replace(
        "doc_tech_link: https://api.insee.example.fr/catalogue/openapi.json",
        &format!("doc_tech_link: {url}"),
    );
    std::fs::write(&card, text).expect("write card");
    content
}

fn build(content: &Path, fetch: Option<Fetch>) -> (Report, BTreeMap<String, Vec<u8>>) {
    let mut options = Options::new(content, None);
    options.fetch = fetch;
    let sink = MemorySink::default();
    let report = pipeline::build(&options, &sink);
    (report, sink.into_files())
}

/// The warnings at the external card (file name, line, message).
fn card_warnings(report: &Report) -> Vec<(u32, String)> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.file.ends_with("api-externe.md"))
        .map(|d| {
            assert_eq!(d.severity, Severity::Warning, "{d:?}");
            (d.line, d.message.clone())
        })
        .collect()
}

fn page(files: &BTreeMap<String, Vec<u8>>) -> String {
    String::from_utf8(files[PAGE].clone()).expect("UTF-8")
}

#[test]
fn a_fetched_spec_is_rendered_cached_and_used_again_when_the_server_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let server = SpecServer::start();
    let url = server.url();
    let content = catalogue(dir.path(), &url);
    let cache_dir = Fetch::default_cache_dir(&content);
    assert_eq!(cache_dir, dir.path().join(".vitrine-cache/specs"));
    let fetch = Fetch {
        cache_dir: cache_dir.clone(),
        timeout: Duration::from_secs(10),
    };

    // Without the flag: no request, the external-link form.
    let (report, files) = build(&content, None);
    assert_eq!(
        server.requests(),
        0,
        "no network access without --fetch-specs"
    );
    assert!(card_warnings(&report).is_empty());
    assert!(page(&files).contains("doc-external"));
    assert!(!files.contains_key("documentation/api-externe/openapi.json"));
    assert!(!cache_dir.exists());

    // With it: one request, the spec's operations, the cache file.
    let (report, fetched) = build(&content, Some(fetch.clone()));
    assert_eq!(server.requests(), 1);
    assert!(
        card_warnings(&report).is_empty(),
        "{:?}",
        report.diagnostics
    );
    let html = page(&fetched);
    assert!(!html.contains("doc-external"));
    for operation in [
        "Rechercher des unités légales",
        "Lire une unité légale",
        "État du service",
    ] {
        assert!(html.contains(operation), "{operation}");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&fetched["documentation/api-externe/openapi.json"]).unwrap();
    assert_eq!(json["openapi"], "3.0.3");
    let cached: Vec<PathBuf> = std::fs::read_dir(&cache_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(cached.len(), 1, "one file, no temporary left: {cached:?}");
    let name = cached[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(name.ends_with(".spec") && name.len() == 64 + 5, "{name}");
    assert_eq!(
        std::fs::read(&cached[0]).unwrap(),
        std::fs::read(manifest(SPEC)).unwrap()
    );

    // Fetched again: the same bytes give the same pages.
    let (_, again) = build(&content, Some(fetch.clone()));
    assert_eq!(server.requests(), 2);
    assert_eq!(again, fetched);

    // The server gone: the cached copy, with a warning at the link's line.
    server.stop();
    let (report, from_cache) = build(&content, Some(fetch.clone()));
    let warnings = card_warnings(&report);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let (line, message) = &warnings[0];
    assert_eq!(*line, 6);
    assert!(
        message.starts_with(&format!("fetching the spec {url} failed (")),
        "{message}"
    );
    assert!(message.contains("the cached copy from 20"), "{message}");
    assert!(message.ends_with(" UTC was used"), "{message}");
    assert_eq!(
        page(&from_cache),
        html,
        "the cached copy renders the same page"
    );

    // No cache either: a warning and the external-link form.
    std::fs::remove_dir_all(&cache_dir).unwrap();
    let (report, files) = build(&content, Some(fetch));
    let warnings = card_warnings(&report);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].1.ends_with("and there is no cached copy"),
        "{warnings:?}"
    );
    assert!(page(&files).contains("doc-external"));
}

#[test]
fn a_response_that_is_not_a_spec_is_not_cached() {
    let dir = tempfile::tempdir().unwrap();
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind");
    let port = server.server_addr().to_ip().unwrap().port();
    let thread = std::thread::spawn(move || {
        for _ in 0..2 {
            let request = server.recv().unwrap();
            let _ = request.respond(tiny_http::Response::from_string("{\"hello\": 1}"));
        }
    });
    let content = catalogue(dir.path(), &format!("http://127.0.0.1:{port}/x.json"));
    let fetch = Fetch {
        cache_dir: dir.path().join("cache"),
        timeout: Duration::from_secs(10),
    };
    let (report, files) = build(&content, Some(fetch.clone()));
    let warnings = card_warnings(&report);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].1.contains("the response is not a spec"),
        "{warnings:?}"
    );
    assert!(page(&files).contains("doc-external"));
    assert!(!fetch.cache_dir.exists());
    // Through the CLI, the flag reaches the pipeline the same way.
    let run = build_support::build(
        &content,
        &dir.path().join("public"),
        &[
            "--fetch-specs",
            "--spec-cache",
            fetch.cache_dir.to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", build_support::stderr(&run));
    assert!(build_support::stderr(&run).contains("the response is not a spec"));
    thread.join().unwrap();
}

/// A documentation site on loopback: an HTML page at `/html` (as
/// `text/html`) and at `/plain` (the same page served as `text/plain`).
fn documentation_site(requests: usize) -> (u16, JoinHandle<Vec<String>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind");
    let port = server.server_addr().to_ip().unwrap().port();
    let thread = std::thread::spawn(move || {
        let page = "<!DOCTYPE html>\n<html lang=\"fr\"><head><title>Documentation</title></head>\
                    <body><h1>Documentation de l’API</h1></body></html>\n";
        let mut paths = Vec::new();
        for _ in 0..requests {
            let request = server.recv().unwrap();
            let media_type = if request.url() == "/html" {
                "text/html; charset=utf-8"
            } else {
                "text/plain"
            };
            paths.push(request.url().to_string());
            let header = tiny_http::Header::from_bytes("Content-Type", media_type).unwrap();
            let _ = request.respond(tiny_http::Response::from_string(page).with_header(header));
        }
        paths
    });
    (port, thread)
}

#[test]
fn a_link_to_a_documentation_site_gives_the_external_link_page_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let (port, server) = documentation_site(3);
    let fetch = Fetch {
        cache_dir: dir.path().join("cache"),
        timeout: Duration::from_secs(10),
    };
    for path in ["/html", "/plain"] {
        let root = dir.path().join(path.trim_start_matches('/'));
        let content = catalogue(&root, &format!("http://127.0.0.1:{port}{path}"));
        let (report, files) = build(&content, Some(fetch.clone()));
        assert!(
            card_warnings(&report).is_empty(),
            "{path}: {:?}",
            report.diagnostics
        );
        let html = page(&files);
        assert!(html.contains("doc-external"), "{path}");
        assert!(
            html.contains(&format!("href=\"http://127.0.0.1:{port}{path}\"")),
            "{path}"
        );
        assert!(!files.contains_key("documentation/api-externe/openapi.json"));
    }
    assert!(!fetch.cache_dir.exists(), "an HTML page is not cached");
    // Through the CLI: nothing about it on stderr either.
    let content = dir.path().join("html/content");
    let run = build_support::build(
        &content,
        &dir.path().join("public"),
        &[
            "--fetch-specs",
            "--spec-cache",
            fetch.cache_dir.to_str().unwrap(),
        ],
    );
    let stderr = build_support::stderr(&run);
    assert!(run.status.success(), "{stderr}");
    assert!(!stderr.contains("api-externe"), "{stderr}");
    assert!(!stderr.contains("HTML page"), "{stderr}");
    // The fixture's broken spec, and nothing else.
    assert!(stderr.contains(" 1 warning, 0 errors"), "{stderr}");
    assert_eq!(server.join().unwrap(), ["/html", "/plain", "/html"]);
}

#[test]
fn an_html_page_where_a_spec_was_served_before_is_an_outage_with_the_cached_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (port, server) = documentation_site(1);
    let url = format!("http://127.0.0.1:{port}/html");
    let content = catalogue(dir.path(), &url);
    let fetch = Fetch {
        cache_dir: dir.path().join("cache"),
        timeout: Duration::from_secs(10),
    };
    let cache = vitrine::openapi::cache_path(&fetch.cache_dir, &url);
    std::fs::create_dir_all(&fetch.cache_dir).unwrap();
    std::fs::copy(manifest(SPEC), &cache).unwrap();
    let (report, files) = build(&content, Some(fetch));
    let warnings = card_warnings(&report);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].1.starts_with(&format!(
            "fetching the spec {url} failed (the response is an HTML page, not a spec); the cached copy from "
        )),
        "{warnings:?}"
    );
    let html = page(&files);
    assert!(!html.contains("doc-external"));
    assert!(html.contains("Rechercher des unités légales"));
    server.join().unwrap();
}

#[test]
fn a_server_that_never_answers_is_cut_off_by_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let accepted = Arc::new(AtomicUsize::new(0));
    let thread = {
        let (stop, accepted) = (stop.clone(), accepted.clone());
        std::thread::spawn(move || {
            // Accepts, reads nothing, answers nothing.
            let mut held = Vec::new();
            while !stop.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        accepted.fetch_add(1, Ordering::SeqCst);
                        held.push(stream);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        })
    };
    let content = catalogue(dir.path(), &format!("http://127.0.0.1:{port}/openapi.json"));
    let started = Instant::now();
    let run = build_support::build(
        &content,
        &dir.path().join("public"),
        &["--fetch-specs", "--fetch-timeout", "1"],
    );
    let took = started.elapsed();
    stop.store(true, Ordering::SeqCst);
    thread.join().unwrap();
    let stderr = build_support::stderr(&run);
    assert!(run.status.success(), "{stderr}");
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
    assert!(took < Duration::from_secs(8), "{took:?}");
    assert!(stderr.contains("and there is no cached copy"), "{stderr}");
    assert!(stderr.to_lowercase().contains("timed out"), "{stderr}");
    let html = std::fs::read_to_string(dir.path().join("public").join(PAGE)).unwrap();
    assert!(html.contains("doc-external"));
}

#[test]
fn the_fetch_settings_need_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let run = build_support::build(
        &manifest(FIXTURE),
        &dir.path().join("public"),
        &["--fetch-timeout", "3"],
    );
    assert!(!run.status.success());
    assert!(build_support::stderr(&run).contains("--fetch-specs"));
}

#[test]
fn a_response_over_the_cap_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind");
    let port = server.server_addr().to_ip().unwrap().port();
    let thread = std::thread::spawn(move || {
        let request = server.recv().unwrap();
        // No Content-Length (chunked): the cap is met while reading.
        let body = vec![b' '; vitrine::openapi::MAX_SPEC_BYTES as usize + 1];
        let response = tiny_http::Response::new(
            tiny_http::StatusCode(200),
            Vec::new(),
            std::io::Cursor::new(body),
            None,
            None,
        );
        let _ = request.respond(response);
    });
    let content = catalogue(dir.path(), &format!("http://127.0.0.1:{port}/big.json"));
    let fetch = Fetch {
        cache_dir: dir.path().join("cache"),
        timeout: Duration::from_secs(30),
    };
    let (report, files) = build(&content, Some(fetch.clone()));
    let warnings = card_warnings(&report);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].1.contains("the response is larger than 10 MiB"),
        "{warnings:?}"
    );
    assert!(page(&files).contains("doc-external"));
    assert!(!fetch.cache_dir.exists());
    thread.join().unwrap();
}
