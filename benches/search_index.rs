//! Search index build time: `site::search_index::build` on a generated
//! corpus (the catalogue loaded and its cards prepared once, outside the
//! timing).
//!
//! ```text
//! /work/shared/tools/gen-corpus /tmp/vitrine-corpus-2500 --apis 2500
//! VITRINE_CORPUS=/tmp/vitrine-corpus-2500 cargo bench --bench search_index
//! ```
//! Prints the median of 9 timed runs (`VITRINE_RUNS` sets another number,
//! e.g. many for a profiler) and the index's size. Runs on jemalloc, the
//! allocator the `vitrine` binary ships with.

// Test and benchmark code: a failed set-up should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .or_else(|| std::env::var("VITRINE_CORPUS").ok())
        .map(PathBuf::from);
    let Some(dir) = dir.filter(|d| d.is_dir()) else {
        println!(
            "search_index bench skipped: set VITRINE_CORPUS to a folder made by \
             `gen-corpus OUT --apis 2500`"
        );
        return;
    };
    let options = vitrine::pipeline::Options::new(&dir, None);
    let theme = vitrine::pipeline::load_theme(&options).expect("default theme");
    let loaded = vitrine::content::load_dir(&dir);
    let shared =
        vitrine::site::pages::Shared::new(&loaded.catalogue, &theme, "https://example.fr/");
    let files = vitrine::site::search_index::build(&shared);
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let runs: usize = std::env::var("VITRINE_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(9);
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let files = vitrine::site::search_index::build(&shared);
            let elapsed = start.elapsed();
            drop(files);
            elapsed
        })
        .collect();
    times.sort();
    println!(
        "search index of {} APIs: {} files, {} bytes; build median {:.1} ms (min {:.1}, max {:.1}) over {runs} runs",
        loaded.catalogue.apis.len(),
        files.len(),
        bytes,
        times[runs / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[runs - 1].as_secs_f64() * 1e3,
    );
}
