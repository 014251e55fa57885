//! A small HTTP/1.1 server meant to face the internet: hyper on a tokio
//! runtime with a fixed number of threads, and limits on everything a client
//! controls (connections, request head, body, time). A handler is a plain
//! function from a buffered `Request` to a `Response`; it never sees a
//! socket, so it can be mounted in any other server too.
//!
//! A response body is either whole or a `BodyStream` written chunk by chunk
//! as it is produced (editor mode's Server-Sent Events).
//!
//! What it deliberately does not do: TLS (a reverse proxy terminates it),
//! HTTP/2, streaming request bodies. Why hyper rather than tiny_http, and
//! how each limit is enforced: `docs/sandbox-server.md`.

mod body;
mod connection;
mod limits;
mod server;
mod stall;

pub use limits::Limits;
pub use server::{listen, Server};

use std::sync::Arc;

/// A request, read whole and within the limits.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub method: String,
    /// Path and query as sent, e.g. `/connexion/oauth2/authorize?x=1`.
    pub target: String,
    /// Headers whose value is valid UTF-8, in order; names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The chunks of a body sent as they come; the response ends when every
/// sender is gone (and a client that went away drops the receiver, so the
/// sender's next `try_send` fails).
pub type BodyStream = tokio::sync::mpsc::Receiver<Vec<u8>>;

/// An answer: `body` written whole, or, when `stream` is set, `stream`'s
/// chunks as they arrive (`body` is then ignored).
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub stream: Option<BodyStream>,
}

impl Response {
    pub fn text(status: u16, message: &str) -> Response {
        Response {
            status,
            headers: vec![(
                "Content-Type".to_string(),
                "text/plain; charset=utf-8".to_string(),
            )],
            body: message.as_bytes().to_vec(),
            stream: None,
        }
    }
}

/// What answers requests; called on the server's threads, so it should not
/// block for long.
pub type Handler = Arc<dyn Fn(Request) -> Response + Send + Sync>;
