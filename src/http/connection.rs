//! One connection: hyper parses requests within the limits, the body is
//! read under a deadline and a cap, the handler answers, and the socket is
//! closed politely so that a refusal (413, 431) reaches the client.

use super::body::Outgoing;
use super::limits::Limits;
use super::stall::StallGuard;
use super::{Handler, Request, Response};
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONNECTION, CONTENT_LENGTH};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::OwnedSemaphorePermit;

/// How long a closing connection may keep sending before it is dropped.
const LINGER: Duration = Duration::from_secs(1);
/// How much a closing connection may send before it is dropped.
const LINGER_BYTES: usize = 256 * 1024;

pub fn builder(limits: &Limits) -> http1::Builder {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.timeout)
        .max_buf_size(limits.head_buffer())
        .max_header_size(limits.max_head_bytes)
        .max_headers(64)
        .keep_alive(true);
    builder
}

/// Serves `stream` until the client or a limit closes it; `_slot` is the
/// connection's place under `max_connections`, given back on return.
pub async fn serve(
    stream: TcpStream,
    builder: Arc<http1::Builder>,
    limits: Arc<Limits>,
    handler: Handler,
    _slot: OwnedSemaphorePermit,
) {
    let _ = stream.set_nodelay(true);
    // A second handle on the socket, for the polite close once hyper is done
    // with it (hyper drops its own, even after answering 431).
    let Ok(spare) = duplicate(&stream) else {
        return;
    };
    let io = TokioIo::new(StallGuard::new(stream, limits.timeout));
    let service = service_fn(move |request| {
        let (limits, handler) = (limits.clone(), handler.clone());
        async move { Ok::<_, Infallible>(answer(request, &limits, &handler).await) }
    });
    let _ = builder.serve_connection(io, service).await;
    linger(spare).await;
}

fn duplicate(stream: &TcpStream) -> std::io::Result<TcpStream> {
    use std::os::fd::AsFd;
    let fd = stream.as_fd().try_clone_to_owned()?;
    TcpStream::from_std(std::net::TcpStream::from(fd))
}

/// Half-closes, then reads and discards what the client is still sending
/// (briefly, and not much): closing with unread data would reset the
/// connection, and the client could lose the reply that was just written.
async fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown().await;
    let drain = async {
        let mut buf = [0u8; 8192];
        let mut total = 0;
        while total < LINGER_BYTES {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => total += n,
            }
        }
    };
    let _ = tokio::time::timeout(LINGER, drain).await;
}

async fn answer(
    request: hyper::Request<Incoming>,
    limits: &Limits,
    handler: &Handler,
) -> hyper::Response<Outgoing> {
    let request = match read(request, limits).await {
        Ok(request) => request,
        Err(refusal) => return closing(to_hyper(refusal)),
    };
    let handler = handler.clone();
    // A panicking handler loses its request, not the thread or the server.
    match std::panic::catch_unwind(AssertUnwindSafe(move || handler(request))) {
        Ok(response) => to_hyper(response),
        Err(_) => closing(to_hyper(Response::text(500, "Internal server error"))),
    }
}

/// The request with its whole body, or the refusal to send instead.
async fn read(request: hyper::Request<Incoming>, limits: &Limits) -> Result<Request, Response> {
    // Origin form (`/path?query`) or absolute form; an authority alone
    // (`host:port`, `secret.txt`) names no resource here.
    let Some(target) = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
    else {
        return Err(Response::text(400, "The request target must be a path"));
    };
    if target.len() > limits.max_target_bytes {
        return Err(Response::text(
            414,
            &format!(
                "Request target too long ({} bytes at most)",
                limits.max_target_bytes
            ),
        ));
    }
    let too_large = || {
        Response::text(
            413,
            &format!(
                "Request body too large ({} bytes at most)",
                limits.max_body_bytes
            ),
        )
    };
    // hyper has already refused a Content-Length that is not a number.
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limits.max_body_bytes) {
        return Err(too_large());
    }
    let (parts, body) = request.into_parts();
    let cap = usize::try_from(limits.max_body_bytes).unwrap_or(usize::MAX);
    let body = match tokio::time::timeout(limits.timeout, Limited::new(body, cap).collect()).await {
        Err(_) => return Err(Response::text(408, "The request body came too slowly")),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => return Err(too_large()),
        Ok(Err(_)) => return Err(Response::text(400, "Could not read the request body")),
        Ok(Ok(collected)) => collected.to_bytes().to_vec(),
    };
    let headers = parts
        .headers
        .iter()
        .filter_map(|(name, value)| {
            Some((name.as_str().to_string(), value.to_str().ok()?.to_string()))
        })
        .collect();
    Ok(Request {
        method: parts.method.as_str().to_string(),
        target,
        headers,
        body,
    })
}

fn to_hyper(response: Response) -> hyper::Response<Outgoing> {
    let body = match response.stream {
        Some(stream) => Outgoing::Stream(stream),
        None => Outgoing::whole(response.body),
    };
    let mut out = hyper::Response::new(body);
    *out.status_mut() = hyper::StatusCode::from_u16(response.status)
        .unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = out.headers_mut();
    for (name, value) in response.headers {
        if let (Ok(name), Ok(value)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            headers.append(name, value);
        }
    }
    out
}

/// The connection ends after this reply: what remains of the request is
/// not read.
fn closing(mut response: hyper::Response<Outgoing>) -> hyper::Response<Outgoing> {
    response
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    response
}
