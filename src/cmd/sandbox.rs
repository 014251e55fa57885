//! `vitrine sandbox`: the sandbox authorization server on a socket, until
//! killed. The first stdout line says where it listens (tests and the widget
//! engineer's scripts parse it), then it lists its realms and demo clients.

use crate::oauth::sandbox::config::{DEFAULT_SITE_URL, DEMO_CONFIDENTIAL_SECRET};
use crate::oauth::sandbox::{self, config_file, SandboxConfig};
use crate::oauth::Realm;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct SandboxArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
    /// YAML file adding (or replacing) clients, users and scopes.
    #[arg(long, value_name = "FILE.yaml")]
    pub config: Option<PathBuf>,
    /// URL of the site running the demo widget: the only CORS origin, and
    /// the base of the demo clients' redirect URI.
    #[arg(long, value_name = "URL", default_value = DEFAULT_SITE_URL)]
    pub site_url: String,
}

pub fn run(args: SandboxArgs) -> ExitCode {
    let site_ok = url::Url::parse(&args.site_url).is_ok_and(|u| u.origin().is_tuple());
    if !site_ok {
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
    let running = match sandbox::start(config, (args.bind.as_str(), args.port)) {
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
    running.wait();
    ExitCode::SUCCESS
}
