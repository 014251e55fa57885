//! Server-Sent Events: every open live-reload stream, written to by the
//! rebuild loop and pinged by one heartbeat thread. A stream whose client
//! went away fails its next write and is dropped then (the heartbeat makes
//! sure that happens within a couple of seconds even when nothing changes).

use std::io::Write;
use std::sync::Mutex;

/// At most this many streams at once; more are refused with 503.
pub const MAX_LISTENERS: usize = 512;

/// The head of every stream (written raw: the body never ends).
pub const HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
Cache-Control: no-cache\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\n";

type Stream = Box<dyn Write + Send>;

#[derive(Default)]
pub struct Hub {
    streams: Mutex<Vec<Stream>>,
}

impl Hub {
    /// Adds a stream after writing the response head and a `hello` event
    /// with the current generation; false when it was refused or failed.
    pub fn join(&self, mut stream: Stream, generation: u64) -> bool {
        let mut streams = self.lock();
        if streams.len() >= MAX_LISTENERS {
            return false;
        }
        let hello = format!("{HEAD}retry: 500\n\n{}", event("hello", generation));
        if send(&mut stream, hello.as_bytes()) {
            streams.push(stream);
            true
        } else {
            false
        }
    }

    /// Sends an event to every stream, dropping those that fail.
    pub fn broadcast(&self, name: &str, generation: u64) {
        self.write_all(event(name, generation).as_bytes());
    }

    /// A comment line: keeps proxies from timing out and finds gone clients.
    pub fn heartbeat(&self) {
        self.write_all(b": ping\n\n");
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn write_all(&self, bytes: &[u8]) {
        self.lock().retain_mut(|stream| send(stream, bytes));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Stream>> {
        self.streams.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn event(name: &str, generation: u64) -> String {
    format!("event: {name}\ndata: {generation}\n\n")
}

fn send(stream: &mut Stream, bytes: &[u8]) -> bool {
    stream.write_all(bytes).is_ok() && stream.flush().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex as StdMutex};

    /// A stream that records what it got, or fails once `broken` is set.
    #[derive(Clone, Default)]
    struct Probe(Arc<StdMutex<(Vec<u8>, bool)>>);

    impl Write for Probe {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let mut inner = self.0.lock().unwrap();
            if inner.1 {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            inner.0.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn events_reach_every_stream_and_gone_ones_are_dropped() {
        let hub = Hub::default();
        let (a, b) = (Probe::default(), Probe::default());
        assert!(hub.join(Box::new(a.clone()), 3));
        assert!(hub.join(Box::new(b.clone()), 3));
        hub.broadcast("reload", 4);
        let got = String::from_utf8(a.0.lock().unwrap().0.clone()).unwrap();
        assert!(got.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(got.contains("event: hello\ndata: 3\n\n"));
        assert!(got.ends_with("event: reload\ndata: 4\n\n"));
        b.0.lock().unwrap().1 = true;
        hub.heartbeat();
        assert_eq!(hub.len(), 1);
    }
}
