//! Load-and-validate throughput: `load_dir` on a generated corpus.
//!
//! ```text
//! /work/shared/tools/gen-corpus /tmp/vitrine-corpus-10k --apis 10000 --mojibake 0.1
//! VITRINE_CORPUS=/tmp/vitrine-corpus-10k cargo bench --bench load
//! ```
//! Prints the median of 7 timed runs (after one warm-up that fills the page
//! cache) and the process's peak resident memory (VmHWM).

// Test and benchmark code: a failed set-up should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

const RUNS: usize = 7;

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .or_else(|| std::env::var("VITRINE_CORPUS").ok())
        .map(PathBuf::from);
    let Some(dir) = dir.filter(|d| d.is_dir()) else {
        println!(
            "load bench skipped: set VITRINE_CORPUS to a folder made by \
             `gen-corpus OUT --apis 10000 --mojibake 0.1`"
        );
        return;
    };
    let warm = vitrine::content::load_dir(&dir);
    let counts = vitrine::diagnostics::count(&warm.diagnostics);
    println!(
        "corpus {}: {} cards, {} producers, {} guides, {} repairs, {} errors, {} warnings, {} notes",
        dir.display(),
        warm.catalogue.apis.len(),
        warm.catalogue.producers.len(),
        warm.catalogue.guides.len(),
        warm.catalogue.repairs.len(),
        counts.errors,
        counts.warnings,
        counts.notes
    );
    drop(warm);
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let loaded = vitrine::content::load_dir(&dir);
            let elapsed = start.elapsed();
            drop(loaded);
            elapsed
        })
        .collect();
    times.sort();
    println!(
        "load_dir: median {:.1} ms (min {:.1}, max {:.1}) over {RUNS} runs, {} threads",
        times[RUNS / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[RUNS - 1].as_secs_f64() * 1e3,
        rayon::current_num_threads()
    );
    let cpu_before = cpu_seconds();
    let again = Instant::now();
    drop(vitrine::content::load_dir(&dir));
    let wall = again.elapsed().as_secs_f64();
    if let (Some(before), Some(after)) = (cpu_before, cpu_seconds()) {
        // On a shared machine wall time depends on the neighbours; CPU time
        // says what one load costs.
        println!(
            "one more load: {:.0} ms wall, {:.0} ms CPU (user + system, all threads)",
            wall * 1e3,
            (after - before) * 1e3
        );
    }
    if let Some(hwm) = peak_rss() {
        println!("peak RSS (VmHWM): {hwm}");
    }
}

/// utime + stime of this process from /proc/self/stat, in seconds (the
/// kernel counts in ticks of 1/100 s on Linux).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn peak_rss() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .map(|v| v.trim().to_string())
}
