//! Throughput of `text::repair` on ~20 MB of the repository's own content:
//! clean (the fast path), all of it as Mac Roman or Windows-1252 mojibake,
//! double mojibake, and one line in ten broken. Prints the median of several
//! runs in MB/s of input, measured in on-CPU time of the thread (the machine
//! is shared, so wall time mostly measures the neighbours) and in wall time.
//!
//! Run: `cargo bench --bench text`

// Test and benchmark code: a failed set-up should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;
use vitrine::text::{read_text, repair};

const TARGET_BYTES: usize = 20 << 20;
const RUNS: usize = 11;

/// Every `.md`/`.yaml` file under `content/`, repaired, concatenated.
fn clean_content() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut paths: Vec<_> = walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "yaml")))
        .collect();
    paths.sort();
    let mut all = String::new();
    for path in paths {
        let bytes = std::fs::read(&path).unwrap_or_default();
        all.push_str(&read_text(&bytes).0);
        all.push('\n');
    }
    all
}

fn repeat_to_target(unit: &str) -> String {
    let copies = TARGET_BYTES / unit.len().max(1) + 1;
    unit.repeat(copies)
}

fn mac_roman(text: &str) -> String {
    encoding_rs::MACINTOSH
        .decode_without_bom_handling(text.as_bytes())
        .0
        .into_owned()
}

fn windows_1252(text: &str) -> String {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(text.as_bytes())
        .0
        .into_owned()
}

/// Mac Roman mojibake on every tenth line only.
fn one_line_in_ten(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| {
            if i % 10 == 0 {
                mac_roman(l)
            } else {
                l.to_owned()
            }
        })
        .collect();
    lines.join("\n")
}

/// Nanoseconds this thread has run on a CPU (Linux `schedstat`), so that a
/// machine shared with other jobs does not count their time as ours.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// Median MB/s over `RUNS` runs: (on-CPU time, wall-clock time).
fn median_mb_per_s(input: &str, expected: &str) -> (f64, f64) {
    let check = repair(input);
    assert!(
        check.text == expected,
        "repair must give back the clean text"
    );
    let mut cpu = Vec::with_capacity(RUNS);
    let mut wall = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let cpu_start = thread_cpu_ns();
        let start = Instant::now();
        let out = repair(black_box(input));
        black_box(&out);
        let seconds = start.elapsed().as_secs_f64();
        let cpu_seconds = match (cpu_start, thread_cpu_ns()) {
            (Some(a), Some(b)) if b > a => (b - a) as f64 / 1e9,
            _ => seconds,
        };
        drop(out);
        cpu.push(input.len() as f64 / cpu_seconds / 1e6);
        wall.push(input.len() as f64 / seconds / 1e6);
    }
    cpu.sort_by(f64::total_cmp);
    wall.sort_by(f64::total_cmp);
    (cpu[RUNS / 2], wall[RUNS / 2])
}

fn main() {
    let clean = repeat_to_target(&clean_content());
    let non_ascii = clean.chars().filter(|c| !c.is_ascii()).count();
    println!(
        "corpus: {:.1} MB of content/ repeated, {:.2}% non-ASCII chars",
        clean.len() as f64 / 1e6,
        100.0 * non_ascii as f64 / clean.chars().count() as f64
    );
    let cases = [
        ("clean (fast path)", clean.clone()),
        ("Mac Roman mojibake, every line", mac_roman(&clean)),
        ("Windows-1252 mojibake, every line", windows_1252(&clean)),
        (
            "double (Mac Roman, then Windows-1252)",
            windows_1252(&mac_roman(&clean)),
        ),
        (
            "Mac Roman mojibake, one line in ten",
            one_line_in_ten(&clean),
        ),
    ];
    // `cargo bench --bench text -- clean` runs only the cases matching "clean".
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    for (name, input) in &cases {
        if !filter.is_empty() && !filter.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let (cpu, wall) = median_mb_per_s(input, &clean);
        println!(
            "{name:<40} {:>5.1} MB  median of {RUNS}: {cpu:>7.1} MB/s on-CPU  ({wall:>7.1} MB/s wall)",
            input.len() as f64 / 1e6
        );
    }
}
