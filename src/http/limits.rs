//! What one client may cost the server. The defaults suit a small JSON/form
//! API such as the sandbox: every legitimate request is a short form or a
//! URL well under 2 KiB.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Limits {
    /// Open connections at once; the next ones get a quick 503.
    pub max_connections: usize,
    /// Request line and headers together; over it: 431. hyper's read buffer
    /// is this size too, so no more than this is ever buffered for a head.
    pub max_head_bytes: usize,
    /// Request target (path and query); over it: 414.
    pub max_target_bytes: usize,
    /// Request body; over it: 413, from `Content-Length` before any of the
    /// body is read, or as soon as a chunked body passes it.
    pub max_body_bytes: u64,
    /// Deadline for a request's head (counted from the end of the previous
    /// request, so it also closes idle keep-alive connections), for its
    /// body, and for any write that makes no progress.
    pub timeout: Duration,
    /// Threads answering requests; the server uses this many plus one.
    pub threads: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 1024,
            max_head_bytes: 32 * 1024,
            max_target_bytes: 8 * 1024,
            max_body_bytes: 64 * 1024,
            timeout: Duration::from_secs(10),
            threads: 4,
        }
    }
}

impl Limits {
    /// hyper refuses a read buffer under 8 KiB.
    pub(super) fn head_buffer(&self) -> usize {
        self.max_head_bytes.max(8 * 1024)
    }
}
