//! CORS for the one origin the demo widget runs on (the site URL): token,
//! userinfo, discovery and JWKS answer it, and its preflights; any other
//! origin gets no CORS header at all, so browsers block it.

use super::http::{HttpRequest, Reply};
use super::state::Sandbox;

fn allowed_origin<'a>(sandbox: &Sandbox, request: &'a HttpRequest) -> Option<&'a str> {
    let origin = request.origin.as_deref()?;
    (sandbox.site_origin.as_deref() == Some(origin)).then_some(origin)
}

/// Adds `Access-Control-Allow-Origin` when the request comes from the site.
pub fn decorate(sandbox: &Sandbox, request: &HttpRequest, reply: Reply) -> Reply {
    let reply = reply.with_header("Vary", "Origin");
    match allowed_origin(sandbox, request) {
        Some(origin) => reply
            .with_header("Access-Control-Allow-Origin", origin)
            .with_header("Access-Control-Expose-Headers", "WWW-Authenticate"),
        None => reply,
    }
}

/// Answers an `OPTIONS` preflight.
pub fn preflight(sandbox: &Sandbox, request: &HttpRequest) -> Reply {
    let reply = Reply {
        status: 204,
        headers: vec![("Vary", "Origin".to_string())],
        body: Vec::new(),
    };
    match allowed_origin(sandbox, request) {
        Some(origin) => reply
            .with_header("Access-Control-Allow-Origin", origin)
            .with_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            .with_header(
                "Access-Control-Allow-Headers",
                "Authorization, Content-Type",
            )
            .with_header("Access-Control-Max-Age", "600"),
        None => reply,
    }
}
