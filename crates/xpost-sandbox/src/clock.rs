//! The sandbox's clock: the system time plus an offset that tests can push forward, so
//! expiry (codes, tokens, media, rate-limit windows) can be exercised without waiting.
//! The pure state modules never read the time themselves; they take `now` from here.

use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// System time shifted by an adjustable offset.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    offset: Mutex<Duration>,
}

impl Clock {
    /// The current sandbox time.
    pub(crate) fn now(&self) -> SystemTime {
        SystemTime::now() + *self.offset.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Moves the sandbox time forward by `by`.
    #[cfg(test)]
    pub(crate) fn advance(&self, by: Duration) {
        *self.offset.lock().unwrap_or_else(|e| e.into_inner()) += by;
    }
}

/// Whole seconds since the Unix epoch (0 before it).
pub(crate) fn unix_seconds(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_now_forward() {
        let clock = Clock::default();
        let before = clock.now();
        clock.advance(Duration::from_secs(3600));
        assert!(clock.now().duration_since(before).unwrap() >= Duration::from_secs(3600));
    }

    #[test]
    fn unix_seconds_counts_from_the_epoch() {
        assert_eq!(unix_seconds(UNIX_EPOCH + Duration::from_millis(1500)), 1);
        assert_eq!(unix_seconds(UNIX_EPOCH - Duration::from_secs(5)), 0);
    }
}
