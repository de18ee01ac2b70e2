//! Identifiers the sandbox hands out: X-style snowflake ids for posts and media, and
//! random url-safe strings for codes, tokens and consent requests.
//!
//! Snowflakes follow X's layout (milliseconds since X's epoch shifted left by 22 bits), so
//! they are 19 digits long and grow with time, as real post ids do.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

/// X's snowflake epoch: 2010-11-04T01:42:54.657Z, in Unix milliseconds.
const X_EPOCH_MS: u64 = 1_288_834_974_657;
/// The smallest 19-digit number, so ids keep X's length even under an early fake clock.
const SMALLEST_ID: u64 = 1_000_000_000_000_000_000;

/// Hands out increasing snowflake ids.
#[derive(Debug, Default)]
pub(crate) struct Snowflakes {
    last: u64,
}

impl Snowflakes {
    /// The next id at `now`: time-based like X's, and always above the previous one.
    pub(crate) fn next(&mut self, now: SystemTime) -> String {
        let millis = now
            .duration_since(UNIX_EPOCH)
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
            .unwrap_or(0)
            .saturating_sub(X_EPOCH_MS);
        let id = (millis << 22).max(SMALLEST_ID).max(self.last + 1);
        self.last = id;
        id.to_string()
    }
}

/// A random url-safe string (base64url without padding) made from `bytes` random bytes.
pub(crate) fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn snowflakes_are_19_digits_and_increase_even_within_one_millisecond() {
        let mut ids = Snowflakes::default();
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let a = ids.next(now);
        let b = ids.next(now);
        assert_eq!(a.len(), 19);
        assert_eq!(b.len(), 19);
        assert!(b.parse::<u64>().unwrap() > a.parse::<u64>().unwrap());
    }

    #[test]
    fn snowflakes_keep_19_digits_before_x_epoch() {
        let mut ids = Snowflakes::default();
        assert_eq!(ids.next(UNIX_EPOCH).len(), 19);
    }

    #[test]
    fn random_tokens_are_url_safe_and_distinct() {
        let a = random_token(48);
        assert_eq!(a.len(), 64);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        assert_ne!(a, random_token(48));
    }
}
