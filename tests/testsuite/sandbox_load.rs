//! The sandbox serves 1,000 token requests from 50 concurrent clients on
//! loopback without a single error (the throughput figure is the bench's:
//! `cargo bench --bench sandbox_load`).

use crate::sandbox_support::*;
use std::collections::HashSet;

#[test]
fn thousand_token_requests_from_fifty_concurrent_clients_all_succeed() {
    let h = start();
    let url = h.url(&Harness::token_path(vitrine::oauth::Realm::Partenaire));
    let tokens: Vec<Result<String, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..50)
            .map(|_| {
                let url = url.as_str();
                scope.spawn(move || {
                    let agent = ureq::AgentBuilder::new().build();
                    (0..20)
                        .map(|_| {
                            let reply = read(agent.post(url).send_form(&[
                                ("grant_type", "client_credentials"),
                                ("client_id", CONFIDENTIAL),
                                ("client_secret", SECRET),
                                ("scope", "api_labonneboitev1"),
                            ]));
                            match reply.status {
                                200 => Ok(reply.json()["access_token"]
                                    .as_str()
                                    .unwrap_or_default()
                                    .to_string()),
                                status => Err(format!("{status}: {}", reply.body)),
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("client thread"))
            .collect()
    });
    let failures: Vec<&String> = tokens.iter().filter_map(|t| t.as_ref().err()).collect();
    assert!(
        failures.is_empty(),
        "{} failures, first: {:?}",
        failures.len(),
        failures.first()
    );
    let distinct: HashSet<&String> = tokens.iter().filter_map(|t| t.as_ref().ok()).collect();
    assert_eq!(distinct.len(), 1_000, "every token is distinct");
}
