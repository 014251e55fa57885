//! Editor mode's rebuild after one card edit, in process: the time of
//! `serve::state::Session::build_pages` after a save, for a body edit (the
//! card's own pages change) and a tagline edit (its list card too), on a
//! copy of a generated corpus. `benches/serve-latency.sh` measures the
//! same through the server (watcher, debounce, SSE); this bench isolates
//! the rebuild, for profiling.
//!
//! ```text
//! /work/shared/tools/gen-corpus /tmp/c10k --apis 10000
//! VITRINE_CORPUS=/tmp/c10k cargo bench --bench serve_patch
//! ```
//! Prints the median, p95 and the fastest of `EDITS` (default 30) saves of
//! each kind. Runs on jemalloc, the allocator the binary ships with.

// Test and benchmark code: a failed set-up should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use vitrine::serve::state::Session;

#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn main() {
    let Some(corpus) = std::env::var("VITRINE_CORPUS")
        .ok()
        .map(PathBuf::from)
        .filter(|d| d.is_dir())
    else {
        println!(
            "serve_patch bench skipped: set VITRINE_CORPUS to a folder made by \
             `gen-corpus OUT --apis 10000`"
        );
        return;
    };
    let edits: usize = std::env::var("EDITS")
        .ok()
        .and_then(|e| e.parse().ok())
        .unwrap_or(30);
    let root = tempfile::tempdir().unwrap();
    let content = root.path().join("content");
    copy_tree(&corpus, &content);
    let url = "http://127.0.0.1:1";
    let mut options = vitrine::pipeline::Options::new(&content, None);
    options.base_url = Some(url.to_string());
    let mut session = Session::new(options, url);
    let started = Instant::now();
    let (_, report) = session.build(None);
    println!(
        "{} pages, first build {:.0} ms",
        report.pages,
        started.elapsed().as_secs_f64() * 1e3
    );
    let mut cards: Vec<PathBuf> = fs::read_dir(content.join("api"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cards.sort();
    let card = cards[cards.len() / 2].clone();
    let original = fs::read_to_string(&card).unwrap();
    for kind in ["body", "tagline"] {
        let mut times: Vec<Duration> = Vec::with_capacity(edits);
        let mut rendered = 0;
        for n in 0..edits {
            let edited = match kind {
                "body" => original.replacen("\n---\n", &format!("\n---\nAjout {n}.\n\n"), 1),
                _ => original.replacen("tagline: ", &format!("tagline: Accroche {n} "), 1),
            };
            fs::write(&card, edited).unwrap();
            let start = Instant::now();
            let (files, report) = session.build_pages(Some(std::slice::from_ref(&card)));
            times.push(start.elapsed());
            rendered = report.pages - report.reused;
            assert!(session.patched(), "a {kind} edit patches the last build");
            // The server hands these on; they are not part of the rebuild.
            drop((files, report));
            let _ = session.catalogue_job();
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "{kind} edit: {edits} saves, median {:.1} ms, p95 {:.1} ms, min {:.1} ms; {rendered} pages rendered",
            ms(times[edits / 2]),
            ms(times[(edits * 95 / 100).min(edits - 1)]),
            ms(times[0]),
        );
    }
}
