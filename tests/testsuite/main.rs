//! vitrine's integration tests, one binary with a module per area (as
//! mdBook's `tests/testsuite/`): fixture catalogues built and checked
//! through the CLI and the library, the sandbox and the OAuth helper over
//! real HTTP on loopback, and the interop tests against independent OpenID
//! implementations. Shared set-ups are the `*_support` modules.

// Test and benchmark code: a failed set-up should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod build_support;
mod oauth_support;
mod sandbox_support;
mod serve_support;
mod site_walk;

mod build_fixtures;
mod build_output_folder;
mod build_site;
mod check_content;
mod check_fixtures;
mod check_never_panics;
mod documentation_pages;
mod documentation_theme;
mod fetch_specs;
mod mojibake_copy;
mod oauth_http;
mod oauth_interop;
mod oauth_login;
mod oauth_sandbox_e2e;
mod real_conventions;
mod real_markdown;
mod real_shapes;
mod repair_cli;
mod sandbox_authorize_errors;
mod sandbox_cli;
mod sandbox_client_auth;
mod sandbox_errors;
mod sandbox_flows;
mod sandbox_interop;
mod sandbox_limits;
mod sandbox_load;
mod sandbox_robustness;
mod search_index;
mod serve_editor_tools;
mod serve_incremental;
mod serve_live;
mod serve_robust;
mod snapshots;
mod unsafe_urls;
mod yaml_limits;
