//! Time for the sandbox, injectable so tests can expire codes and tokens
//! without sleeping.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, as the sandbox sees them.
pub trait Clock: Send + Sync {
    fn now(&self) -> u64;
}

/// The machine's wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> u64 {
        // A clock set before 1970 is a broken machine, not bad input: treat it as the epoch.
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    }
}

/// A clock that only moves when a test says so. Clones share the same time,
/// so a test keeps one handle and gives another to the sandbox.
#[derive(Debug, Clone)]
pub struct TestClock {
    seconds: Arc<AtomicU64>,
}

impl TestClock {
    pub fn at(seconds: u64) -> TestClock {
        TestClock {
            seconds: Arc::new(AtomicU64::new(seconds)),
        }
    }

    pub fn advance(&self, seconds: u64) {
        self.seconds.fetch_add(seconds, Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now(&self) -> u64 {
        self.seconds.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_clock_clones_share_time() {
        let clock = TestClock::at(1_000);
        let handle = clock.clone();
        handle.advance(61);
        assert_eq!(clock.now(), 1_061);
    }

    #[test]
    fn system_clock_is_after_2020() {
        assert!(SystemClock.now() > 1_577_836_800);
    }
}
