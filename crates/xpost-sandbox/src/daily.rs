//! X's 24-hour post limit per user (2026), beside the 15-minute rate limits: answers to
//! `POST /2/tweets` carry `x-user-limit-24hour-{limit,remaining,reset}`, and once the day's
//! posts are used up X answers 429 with its generic body while the 15-minute window may still
//! have room; only the 24-hour reset says when posting works again. Pure and clock-injected.

use std::time::{Duration, SystemTime};

use super::clock::unix_seconds;
use super::limits::Quota;

/// The window's length.
const DAY: Duration = Duration::from_secs(86_400);

/// The posts of the current 24-hour window.
#[derive(Debug, Default)]
pub(crate) struct DailyPosts {
    /// Posts a day; `None` sets no daily limit (the default).
    limit: Option<u32>,
    used: u32,
    /// When the current window ends.
    reset_at: Option<SystemTime>,
}

impl DailyPosts {
    /// A daily limit of `limit` posts (`None`: none), with a fresh window.
    pub(crate) fn new(limit: Option<u32>) -> Self {
        DailyPosts {
            limit,
            used: 0,
            reset_at: None,
        }
    }

    fn roll(&mut self, now: SystemTime) -> SystemTime {
        match self.reset_at {
            Some(reset) if now < reset => reset,
            _ => {
                self.used = 0;
                *self.reset_at.insert(now + DAY)
            }
        }
    }

    /// What the headers say now, when there is a limit.
    pub(crate) fn quota(&mut self, now: SystemTime) -> Option<Quota> {
        let limit = self.limit?;
        let reset = self.roll(now);
        Some(Quota {
            limit,
            remaining: limit.saturating_sub(self.used),
            reset: unix_seconds(reset),
        })
    }

    /// Whether one more post fits in today's window; `Err` with the headers when not.
    pub(crate) fn admit(&mut self, now: SystemTime) -> Result<(), Quota> {
        match self.quota(now) {
            Some(quota) if quota.remaining == 0 => Err(quota),
            _ => Ok(()),
        }
    }

    /// Counts a post made.
    pub(crate) fn count(&mut self, now: SystemTime) {
        if self.limit.is_some() {
            self.roll(now);
            self.used += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    fn t(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_700_000_000 + secs)
    }

    #[test]
    fn the_days_posts_run_out_until_the_window_ends() {
        let mut daily = DailyPosts::new(Some(2));
        assert!(daily.admit(t(0)).is_ok());
        daily.count(t(0));
        daily.count(t(10));
        let refused = daily.admit(t(20)).unwrap_err();
        assert_eq!(refused.remaining, 0);
        assert_eq!(refused.reset, 1_700_000_000 + 86_400);
        assert!(daily.admit(t(86_400)).is_ok(), "a new day");
        assert_eq!(daily.quota(t(86_401)).unwrap().remaining, 2);
    }

    #[test]
    fn no_limit_no_headers() {
        let mut daily = DailyPosts::default();
        daily.count(t(0));
        assert_eq!(daily.quota(t(0)), None);
        assert!(daily.admit(t(0)).is_ok());
    }
}
