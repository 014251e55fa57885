//! Micro benchmark of `markdown::render` on a realistic card body (from
//! `gen-corpus`) and on the real API Particulier body, against plain
//! pulldown-cmark as a baseline. Prints the median time per body and MB/s.
//!
//! Run: `cargo bench --bench markdown`

// Test and benchmark code: a failed set-up should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;
use vitrine::content::{Markdown, Origin};
use vitrine::markdown::{render, Component, ComponentRenderer, STANDARD_COMPONENTS};

/// Renders components the way a theme partial would: a small formatted string.
struct BenchRenderer;

impl ComponentRenderer for BenchRenderer {
    fn knows(&self, name: &str) -> bool {
        STANDARD_COMPONENTS.contains(&name)
    }

    fn render(&self, c: &Component<'_>) -> Result<String, String> {
        Ok(format!(
            "<div class=\"{}\"><a href=\"{}\">{}</a></div>",
            c.name,
            c.attr("href").unwrap_or("#"),
            c.inner_html.unwrap_or("")
        ))
    }
}

const SAMPLES: usize = 31;

/// Median seconds per call of `f`, over `SAMPLES` batches sized to last
/// about 20 ms each.
fn median_seconds(mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    let mut calibration = 0u32;
    while start.elapsed().as_millis() < 20 {
        f();
        calibration += 1;
    }
    let batch = calibration.max(1);
    let mut samples: Vec<f64> = (0..SAMPLES)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..batch {
                f();
            }
            t.elapsed().as_secs_f64() / f64::from(batch)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[SAMPLES / 2]
}

fn report(name: &str, bytes: usize, seconds: f64) {
    println!(
        "{name:<64} {bytes:>6} B  median {:>8.1} µs/body  {:>7.1} MB/s",
        seconds * 1e6,
        bytes as f64 / seconds / 1e6
    );
}

fn main() {
    let bodies = [
        (
            "synthetic card (gen-corpus)",
            include_str!("fixtures/synthetic-card-body.md"),
        ),
        (
            "API Particulier (real seed 001)",
            include_str!("../src/markdown/testdata/api-particulier-body.md"),
        ),
    ];
    for (name, body) in bodies {
        let markdown = Markdown {
            source: body.to_string(),
            origin: Origin::new(Arc::new(PathBuf::from("content/api/bench.md")), 20),
        };
        let rendered = render(&markdown, &BenchRenderer);
        assert!(
            rendered.diagnostics.is_empty(),
            "{:?}",
            rendered.diagnostics
        );

        let ours = median_seconds(|| {
            black_box(render(black_box(&markdown), &BenchRenderer));
        });
        report(
            &format!("vitrine::markdown::render, {name}"),
            body.len(),
            ours,
        );

        let options =
            pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
        let baseline = median_seconds(|| {
            let mut html = String::new();
            pulldown_cmark::html::push_html(
                &mut html,
                pulldown_cmark::Parser::new_ext(black_box(body), options),
            );
            black_box(html);
        });
        report(
            &format!("pulldown-cmark push_html alone, {name}"),
            body.len(),
            baseline,
        );

        let offsets = median_seconds(|| {
            let mut html = String::new();
            let events = pulldown_cmark::Parser::new_ext(black_box(body), options)
                .into_offset_iter()
                .map(|(e, _)| e)
                .collect::<Vec<_>>();
            pulldown_cmark::html::push_html(&mut html, events.into_iter());
            black_box(html);
        });
        report(
            &format!("pulldown-cmark with offsets, collected, {name}"),
            body.len(),
            offsets,
        );
    }
}
