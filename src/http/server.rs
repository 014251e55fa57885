//! The accept loop: a tokio runtime with `Limits::threads` threads, driven
//! from one thread of its own, handing each connection to `connection`
//! while a slot is free and answering 503 at once when none is.

use super::connection;
use super::limits::Limits;
use super::Handler;
use socket2::{Domain, Socket, Type};
use std::future::Future;
use std::io;
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::task::Poll;
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};

const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
Content-Type: text/plain; charset=utf-8\r\nContent-Length: 40\r\n\
Retry-After: 1\r\nConnection: close\r\n\r\n\
Too many connections: try again shortly\n";
/// How long a refused connection may take to receive its 503.
const REFUSAL: Duration = Duration::from_millis(500);
/// Refusals being written at once; past that, a refused connection is just
/// closed.
const MAX_REFUSING: usize = 256;
/// Pause after an accept failed for want of file descriptors or memory.
const BACK_OFF: Duration = Duration::from_millis(100);

/// Pending connections the kernel may queue before `accept` (capped by
/// `net.core.somaxconn`). std's 128 makes a burst of clients wait for a SYN
/// retransmission, a second or more.
const BACKLOG: i32 = 4096;

/// Binds the first of `addr` that works, with a backlog for bursts.
pub fn listen(addr: impl ToSocketAddrs) -> io::Result<std::net::TcpListener> {
    let mut last = io::Error::new(io::ErrorKind::InvalidInput, "no address to listen on");
    for addr in addr.to_socket_addrs()? {
        let bound = (|| {
            let socket = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
            socket.set_reuse_address(true)?;
            socket.bind(&addr.into())?;
            socket.listen(BACKLOG)?;
            Ok::<_, io::Error>(std::net::TcpListener::from(socket))
        })();
        match bound {
            Ok(listener) => return Ok(listener),
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// A server running on its own threads until `shutdown` or drop.
pub struct Server {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl Server {
    /// Serves `listener` (already bound, so a bind error is the caller's)
    /// with `handler`.
    pub fn start(
        listener: std::net::TcpListener,
        limits: Limits,
        handler: Handler,
    ) -> io::Result<Server> {
        let addr = listener.local_addr()?;
        listener.set_nonblocking(true)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(limits.threads.max(1))
            .max_blocking_threads(1)
            .thread_name("http-worker")
            .enable_io()
            .enable_time()
            .build()?;
        let (stop, stopped) = watch::channel(false);
        let thread = std::thread::Builder::new()
            .name("http-accept".into())
            .spawn(move || {
                let served = runtime.block_on(async {
                    let listener = TcpListener::from_std(listener)?;
                    accept_loop(listener, limits, handler, stopped).await
                });
                runtime.shutdown_timeout(Duration::from_secs(1));
                served
            })?;
        Ok(Server {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Blocks while the server serves. It only returns on `shutdown` from
    /// another handle (never, for a server on its own) or when it can no
    /// longer accept connections, which is an error.
    pub fn wait(mut self) -> io::Result<()> {
        self.join()
    }

    /// Stops accepting, gives open connections a second, and returns.
    pub fn shutdown(mut self) {
        let _ = self.stop.send(true);
        let _ = self.join();
    }

    fn join(&mut self) -> io::Result<()> {
        match self.thread.take().map(JoinHandle::join) {
            None => Ok(()),
            Some(Ok(served)) => served,
            Some(Err(_)) => Err(io::Error::other("the server's accept thread panicked")),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        let _ = self.join();
    }
}

async fn accept_loop(
    listener: TcpListener,
    limits: Limits,
    handler: Handler,
    mut stopped: watch::Receiver<bool>,
) -> io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let refusing = Arc::new(Semaphore::new(MAX_REFUSING));
    let builder = Arc::new(connection::builder(&limits));
    let limits = Arc::new(limits);
    // Resolves on `shutdown`, or when the `Server` is gone.
    let mut stop = std::pin::pin!(stopped.changed());
    loop {
        let accepted = std::future::poll_fn(|cx| match stop.as_mut().poll(cx) {
            Poll::Ready(_) => Poll::Ready(None),
            Poll::Pending => listener.poll_accept(cx).map(Some),
        })
        .await;
        let Some(accepted) = accepted else {
            return Ok(());
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) if is_exhaustion(&e) => {
                tokio::time::sleep(BACK_OFF).await;
                continue;
            }
            Err(e) if is_per_connection(&e) => continue,
            Err(e) => return Err(e),
        };
        match slots.clone().try_acquire_owned() {
            Ok(slot) => {
                tokio::spawn(connection::serve(
                    stream,
                    builder.clone(),
                    limits.clone(),
                    handler.clone(),
                    slot,
                ));
            }
            Err(_) => {
                if let Ok(permit) = refusing.clone().try_acquire_owned() {
                    tokio::spawn(async move {
                        let _ = tokio::time::timeout(REFUSAL, refuse(stream)).await;
                        drop(permit);
                    });
                }
            }
        }
    }
}

/// Writes the 503, then waits for the client to close (or the timeout), so
/// that its unread request does not turn the close into a reset.
async fn refuse(mut stream: TcpStream) {
    if stream.write_all(BUSY).await.is_ok() && stream.shutdown().await.is_ok() {
        let mut buf = [0u8; 4096];
        while matches!(stream.read(&mut buf).await, Ok(n) if n > 0) {}
    }
}

/// Out of file descriptors or memory: the listener is fine, wait a little.
fn is_exhaustion(error: &io::Error) -> bool {
    // EMFILE, ENFILE, ENOBUFS on Linux.
    matches!(error.raw_os_error(), Some(23 | 24 | 105))
        || error.kind() == io::ErrorKind::OutOfMemory
}

/// A connection that failed between the handshake and `accept` (accept(2)
/// lists the network errors Linux passes on this way).
fn is_per_connection(error: &io::Error) -> bool {
    use io::ErrorKind::*;
    matches!(
        error.kind(),
        ConnectionAborted
            | ConnectionReset
            | Interrupted
            | WouldBlock
            | TimedOut
            | PermissionDenied
    ) || matches!(
        error.raw_os_error(),
        Some(64 | 71 | 92 | 95 | 100 | 101 | 112 | 113)
    )
}

#[cfg(test)]
mod tests {
    use super::super::{Request, Response};
    use super::*;
    use std::io::{Read, Write};

    fn start(limits: Limits) -> Server {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let handler: Handler = Arc::new(|request: Request| {
            if request.target == "/panic" {
                panic!("a handler bug");
            }
            Response::text(200, "ok")
        });
        Server::start(listener, limits, handler).unwrap()
    }

    fn get(addr: SocketAddr, path: &str) -> String {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut reply = String::new();
        let _ = stream.read_to_string(&mut reply);
        reply
    }

    #[test]
    fn a_panicking_handler_costs_its_request_and_nothing_else() {
        let server = start(Limits {
            threads: 2,
            ..Limits::default()
        });
        for _ in 0..6 {
            let reply = get(server.addr(), "/panic");
            assert!(reply.starts_with("HTTP/1.1 500"), "{reply}");
        }
        assert!(get(server.addr(), "/").starts_with("HTTP/1.1 200"));
        server.shutdown();
    }

    #[test]
    fn shutdown_stops_accepting() {
        let server = start(Limits::default());
        let addr = server.addr();
        assert!(get(addr, "/").starts_with("HTTP/1.1 200"));
        server.shutdown();
        assert!(std::net::TcpStream::connect(addr).is_err());
    }

    #[test]
    fn only_a_broken_listener_stops_the_accept_loop() {
        let error = |code| io::Error::from_raw_os_error(code);
        // EMFILE, ENFILE: back off; ECONNABORTED, EPROTO: next connection.
        assert!(is_exhaustion(&error(24)) && is_exhaustion(&error(23)));
        assert!(is_per_connection(&error(103)) && is_per_connection(&error(71)));
        // EBADF, EINVAL: the listener itself is gone.
        for code in [9, 22] {
            assert!(!is_exhaustion(&error(code)) && !is_per_connection(&error(code)));
        }
    }
}
