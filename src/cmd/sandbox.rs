//! `vitrine sandbox`: the sandbox authorization server on a socket, until
//! killed. The first stdout line says where it listens (tests and the widget
//! engineer's scripts parse it), then it lists its realms and demo clients.
//! Every flag can also come from the environment (`VITRINE_SANDBOX_*`), for
//! a container. Exit codes: 2 for a usage problem (flags, config file, a
//! port it cannot listen on), 1 if it stops being able to serve.

use crate::oauth::sandbox::config::{DEFAULT_SITE_URL, DEMO_CONFIDENTIAL_SECRET};
use crate::oauth::sandbox::server::default_limits;
use crate::oauth::sandbox::{config_file, Options, RunningSandbox, Sandbox, SandboxConfig};
use crate::oauth::Realm;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct SandboxArgs {
    /// Address to listen on (0.0.0.0: every interface, e.g. in a container).
    #[arg(long, env = "VITRINE_SANDBOX_BIND", default_value = "127.0.0.1")]
    pub bind: String,
    /// Port to listen on (0: any free port).
    #[arg(long, env = "VITRINE_SANDBOX_PORT", default_value_t = 8787)]
    pub port: u16,
    /// YAML file adding (or replacing) clients, users and scopes.
    #[arg(long, env = "VITRINE_SANDBOX_CONFIG", value_name = "FILE.yaml")]
    pub config: Option<PathBuf>,
    /// URL of the site running the demo widget: the only CORS origin, and
    /// the base of the demo clients' redirect URI.
    #[arg(long, env = "VITRINE_SANDBOX_SITE_URL", value_name = "URL", default_value = DEFAULT_SITE_URL)]
    pub site_url: String,
    /// URL the widget and clients reach the sandbox at, when it differs from
    /// the bound address (behind a reverse proxy): the base of the issuer
    /// and of every endpoint in discovery.
    #[arg(long, env = "VITRINE_SANDBOX_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// Open connections at once; more are answered 503 at once.
    #[arg(long, env = "VITRINE_SANDBOX_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,
    /// Seconds a client has to send a request's head, then its body; also
    /// how long an idle connection stays open.
    #[arg(
        long,
        env = "VITRINE_SANDBOX_TIMEOUT",
        value_name = "SECONDS",
        default_value_t = 10
    )]
    pub timeout: u64,
}

fn is_http_url(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
}

pub fn run(args: SandboxArgs) -> ExitCode {
    if !is_http_url(&args.site_url) {
        return super::usage_error(&format!(
            "--site-url {}: expected an absolute http(s) URL such as {DEFAULT_SITE_URL}",
            args.site_url
        ));
    }
    let mut config = SandboxConfig::with_defaults(&args.site_url);
    if let Some(path) = &args.config {
        if let Err(message) = config_file::load(&mut config, path) {
            return super::usage_error(&message);
        }
    }
    if let Some(public_url) = &args.public_url {
        if !is_http_url(public_url) {
            return super::usage_error(&format!(
                "--public-url {public_url}: expected an absolute http(s) URL such as https://sandbox.example.org"
            ));
        }
        config.public_url = Some(public_url.clone());
    }
    if args.max_connections == 0 || args.timeout == 0 {
        return super::usage_error("--max-connections and --timeout must be at least 1");
    }
    let options = Options::default();
    let limits = crate::http::Limits {
        max_connections: args.max_connections,
        timeout: Duration::from_secs(args.timeout),
        ..default_limits(options.workers)
    };
    let public_url = config.public_url.clone();
    let bound = RunningSandbox::bind(
        (args.bind.as_str(), args.port),
        public_url.as_deref(),
        limits,
        move |url| Sandbox::new(config, url, options),
    );
    let running = match bound {
        Ok(running) => running,
        Err(e) => {
            return super::usage_error(&format!(
                "cannot listen on {}:{}: {e}",
                args.bind, args.port
            ))
        }
    };
    let mut out = std::io::stdout().lock();
    // If stdout is gone there is no one to tell; keep serving regardless.
    let _ = writeln!(out, "sandbox listening on {}", running.url());
    let _ = out.flush();
    let _ = writeln!(out, "  site (CORS origin): {}", args.site_url);
    for realm in Realm::ALL {
        let _ = writeln!(
            out,
            "  {:<12} {}/.well-known/openid-configuration",
            realm.as_str(),
            running.sandbox().issuer(realm)
        );
    }
    for client in &running.sandbox().config().clients {
        let kind = match &client.secret {
            None => "public, PKCE S256".to_string(),
            // The demo secret is a documented test value; other secrets stay unprinted.
            Some(secret) if secret.expose() == DEMO_CONFIDENTIAL_SECRET => {
                format!("confidential, secret {DEMO_CONFIDENTIAL_SECRET}")
            }
            Some(_) => "confidential".to_string(),
        };
        let _ = writeln!(out, "  client {} ({kind})", client.id);
    }
    let _ = out.flush();
    drop(out);
    match running.wait() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: the sandbox stopped serving: {e}");
            ExitCode::FAILURE
        }
    }
}
