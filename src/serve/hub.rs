//! Server-Sent Events: every open live-reload stream, written to by the
//! rebuild loop and pinged by one heartbeat thread. Each stream is the
//! sending end of a response body the HTTP server writes as it comes; when
//! the client goes away the server drops the body, and the stream is
//! dropped at its next event or heartbeat (within a couple of seconds).

use crate::http::BodyStream;
use std::sync::Mutex;
use tokio::sync::mpsc::{self, error::TrySendError, Sender};

/// At most this many streams at once; more are refused with 503.
pub const MAX_LISTENERS: usize = 512;

/// Events a stream may hold unsent before its client counts as stuck and
/// is dropped (a heartbeat a second: half a minute of not reading).
const BACKLOG: usize = 32;

#[derive(Default)]
pub struct Hub {
    streams: Mutex<Vec<Sender<Vec<u8>>>>,
}

impl Hub {
    /// A new stream, opened with a `hello` event carrying the current
    /// generation; `None` when there are already `MAX_LISTENERS`.
    pub fn join(&self, generation: u64) -> Option<BodyStream> {
        let mut streams = self.lock();
        if streams.len() >= MAX_LISTENERS {
            return None;
        }
        let (sender, receiver) = mpsc::channel(BACKLOG);
        let hello = format!("retry: 500\n\n{}", event("hello", generation));
        sender.try_send(hello.into_bytes()).ok()?;
        streams.push(sender);
        Some(receiver)
    }

    /// Sends an event to every stream, dropping those that are gone.
    pub fn broadcast(&self, name: &str, generation: u64) {
        self.send_all(event(name, generation).as_bytes());
    }

    /// A comment line: keeps proxies from timing out and finds gone clients.
    pub fn heartbeat(&self) {
        self.send_all(b": ping\n\n");
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn send_all(&self, bytes: &[u8]) {
        self.lock()
            .retain(|stream| match stream.try_send(bytes.to_vec()) {
                Ok(()) => true,
                Err(TrySendError::Full(_) | TrySendError::Closed(_)) => false,
            });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Sender<Vec<u8>>>> {
        self.streams.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn event(name: &str, generation: u64) -> String {
    format!("event: {name}\ndata: {generation}\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(stream: &mut BodyStream) -> String {
        let mut got = Vec::new();
        while let Ok(chunk) = stream.try_recv() {
            got.extend(chunk);
        }
        String::from_utf8(got).unwrap()
    }

    #[test]
    fn events_reach_every_stream_and_gone_ones_are_dropped() {
        let hub = Hub::default();
        let mut a = hub.join(3).unwrap();
        let b = hub.join(3).unwrap();
        hub.broadcast("reload", 4);
        let got = drain(&mut a);
        assert!(
            got.starts_with("retry: 500\n\nevent: hello\ndata: 3\n\n"),
            "{got}"
        );
        assert!(got.ends_with("event: reload\ndata: 4\n\n"), "{got}");
        drop(b);
        hub.heartbeat();
        assert_eq!(hub.len(), 1);
        assert_eq!(drain(&mut a), ": ping\n\n");
    }

    #[test]
    fn a_client_that_stops_reading_is_dropped_once_its_backlog_is_full() {
        let hub = Hub::default();
        let _stuck = hub.join(1).unwrap();
        let mut reading = hub.join(1).unwrap();
        for _ in 0..BACKLOG {
            hub.heartbeat();
            drain(&mut reading);
        }
        assert_eq!(hub.len(), 1);
    }

    #[test]
    fn refuses_past_the_limit() {
        let hub = Hub::default();
        let open: Vec<_> = (0..MAX_LISTENERS).map(|_| hub.join(0).unwrap()).collect();
        assert!(hub.join(0).is_none());
        drop(open);
        hub.heartbeat();
        assert!(hub.join(0).is_some());
    }
}
