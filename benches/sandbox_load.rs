//! Load on the sandbox's token endpoint: 1,000 client-credentials requests
//! from 50 concurrent clients (one thread and one keep-alive ureq agent
//! each) on loopback, five runs; prints each run and the median requests/s.
//! Any non-200 answer or transport error fails the bench.
//!
//! `cargo bench --bench sandbox_load` (optional args: REQUESTS CLIENTS RUNS)

// Test and benchmark code: a failed set-up should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;
use vitrine::oauth::sandbox::{self, SandboxConfig};

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let requests = args.first().copied().unwrap_or(1_000);
    let clients = args.get(1).copied().unwrap_or(50).max(1);
    let runs = args.get(2).copied().unwrap_or(5).max(1);
    let running = sandbox::start(
        SandboxConfig::with_defaults("http://127.0.0.1:1111"),
        "127.0.0.1:0",
    )
    .expect("sandbox starts");
    let token_url = format!(
        "{}/connexion/oauth2/access_token?realm=%2Fpartenaire",
        running.url()
    );
    let mut rates = Vec::new();
    for run in 1..=runs {
        let started = Instant::now();
        let errors: usize = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..clients)
                .map(|i| {
                    let url = token_url.as_str();
                    // Spread the remainder so the total is exactly `requests`.
                    let count = requests / clients + usize::from(i < requests % clients);
                    scope.spawn(move || client(url, count))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or(usize::MAX))
                .sum()
        });
        let seconds = started.elapsed().as_secs_f64();
        let rate = requests as f64 / seconds;
        println!("run {run}: {requests} requests, {clients} clients, {errors} errors, {seconds:.3} s, {rate:.0} req/s");
        assert_eq!(errors, 0, "the sandbox answered with errors under load");
        rates.push(rate);
    }
    rates.sort_by(|a, b| a.total_cmp(b));
    println!(
        "median: {:.0} req/s over {runs} runs",
        rates[rates.len() / 2]
    );
    running.shutdown();
}

/// `count` token requests on one keep-alive connection; returns the failures.
fn client(url: &str, count: usize) -> usize {
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    let mut errors = 0;
    for _ in 0..count {
        let reply = agent.post(url).send_form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "vitrine-demo-confidentiel"),
            ("client_secret", "vitrine-demo-secret"),
            (
                "scope",
                "application_vitrine-demo-confidentiel api_labonneboitev1",
            ),
        ]);
        match reply.map(|r| (r.status(), r.into_string())) {
            Ok((200, Ok(body))) if body.contains("\"access_token\"") => {}
            _ => errors += 1,
        }
    }
    errors
}
