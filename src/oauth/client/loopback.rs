//! The loopback redirect of a native app (RFC 8252 §7.3): a one-shot
//! listener on 127.0.0.1, random port, path `/callback`, that receives the
//! browser's redirect, checks `state` and hands back the code.

use super::error::Error;
use super::request::{check_redirect, ExpectedIssuer};
use crate::oauth::secret::{AuthorizationCode, RedirectUri, State};
use crate::text::html::escape_html;
use std::time::{Duration, Instant};
use tiny_http::{Header, Response, Server};

pub const CALLBACK_PATH: &str = "/callback";

pub struct LoopbackListener {
    server: Server,
    port: u16,
}

impl LoopbackListener {
    /// Binds 127.0.0.1 on a port the system picks (the literal IP, not
    /// `localhost`, as RFC 8252 §8.3 recommends).
    pub fn bind() -> Result<Self, Error> {
        Self::bind_port(0)
    }

    /// Binds a fixed port, for providers that register the redirect URI with
    /// its port (RFC 8252 §7.3 says they should not, some do); 0 = any.
    pub fn bind_port(port: u16) -> Result<Self, Error> {
        let server = Server::http(("127.0.0.1", port))
            .map_err(|e| Error::Loopback(format!("cannot listen on 127.0.0.1:{port}: {e}")))?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|addr| addr.port())
            .ok_or_else(|| Error::Loopback("the listener has no IP address".into()))?;
        Ok(Self { server, port })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn redirect_uri(&self) -> RedirectUri {
        RedirectUri::new(format!("http://127.0.0.1:{}{CALLBACK_PATH}", self.port))
    }

    /// Waits for the redirect to `/callback`; other paths (a browser's
    /// favicon request) get a 404 and the wait goes on. The first callback
    /// decides: a wrong state is an error, not a reason to wait for another.
    /// `issuer`, when known, is checked against the redirect's `iss`.
    pub fn wait(
        &self,
        state: &State,
        issuer: Option<ExpectedIssuer<'_>>,
        timeout: Duration,
    ) -> Result<AuthorizationCode, Error> {
        // A day at most: an absurd timeout must not overflow the clock.
        let deadline = Instant::now() + timeout.min(Duration::from_secs(86_400));
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Error::Loopback(format!(
                    "no redirect arrived within {} s; sign in sooner or raise --timeout",
                    timeout.as_secs()
                )));
            }
            let request = match self.server.recv_timeout(left) {
                Ok(Some(request)) => request,
                Ok(None) => continue,
                Err(e) => return Err(Error::Loopback(format!("listener failed: {e}"))),
            };
            let target = request.url().to_owned();
            let (path, query) = target.split_once('?').unwrap_or((&target, ""));
            if path != CALLBACK_PATH {
                let _ = request.respond(Response::from_string("Not found").with_status_code(404));
                continue;
            }
            let result = check_redirect(query, state, issuer);
            let (status, message) = match &result {
                Ok(_) => (
                    200,
                    "Connexion réussie : vous pouvez fermer cet onglet et revenir au terminal."
                        .to_owned(),
                ),
                Err(error) => (400, format!("Échec : {}", escape_html(&error.to_string()))),
            };
            let page = format!(
                "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">\
                 <title>vitrine oauth login</title></head><body><main><h1>vitrine</h1>\
                 <p>{message}</p></main></body></html>"
            );
            let mut response = Response::from_string(page).with_status_code(status);
            for (name, value) in [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Cache-Control", "no-store"),
                ("Referrer-Policy", "no-referrer"),
            ] {
                if let Ok(header) = Header::from_bytes(name, value) {
                    response.add_header(header);
                }
            }
            // The browser may already have gone; the result is ours either way.
            let _ = request.respond(response);
            return result;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(url: &str) -> u16 {
        match ureq::get(url).call() {
            Ok(response) => response.status(),
            Err(ureq::Error::Status(status, _)) => status,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn receives_the_code_after_ignoring_other_paths() {
        let listener = LoopbackListener::bind().expect("bind");
        let base = format!("http://127.0.0.1:{}", listener.port());
        assert_eq!(listener.redirect_uri().as_str(), format!("{base}/callback"));
        let browser = std::thread::spawn(move || {
            let favicon = get(&format!("{base}/favicon.ico"));
            let callback = get(&format!("{base}/callback?code=abc&state=s1"));
            (favicon, callback)
        });
        let code = listener
            .wait(&State::new("s1"), None, Duration::from_secs(10))
            .expect("code");
        assert_eq!(code.secret(), "abc");
        assert_eq!(browser.join().ok(), Some((404, 200)));
    }

    #[test]
    fn a_forged_state_fails_the_wait_and_the_page_says_so() {
        let listener = LoopbackListener::bind().expect("bind");
        let url = format!(
            "http://127.0.0.1:{}/callback?code=abc&state=<evil>",
            listener.port()
        );
        let browser = std::thread::spawn(move || get(&url));
        let result = listener.wait(&State::new("s1"), None, Duration::from_secs(10));
        assert!(matches!(result, Err(Error::StateMismatch)));
        assert_eq!(browser.join().ok(), Some(400));
    }

    #[test]
    fn a_fixed_port_is_used_as_asked_and_a_busy_one_is_an_error() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let fixed = LoopbackListener::bind_port(port).expect("bind the freed port");
        assert_eq!(
            fixed.redirect_uri().as_str(),
            format!("http://127.0.0.1:{port}/callback")
        );
        let busy = LoopbackListener::bind_port(port);
        assert!(matches!(busy, Err(Error::Loopback(_))));
    }

    #[test]
    fn times_out_when_nobody_comes() {
        let listener = LoopbackListener::bind().expect("bind");
        let result = listener.wait(&State::new("s1"), None, Duration::from_millis(50));
        assert!(matches!(result, Err(Error::Loopback(_))));
    }
}
