//! Rate limits per endpoint, pure and clock-injected, with X's headers
//! (`x-rate-limit-limit`, `-remaining`, `-reset`).
//!
//! X counts most user-context limits per user and endpoint. The sandbox has one user and
//! one app, so a bucket per endpoint is the same thing. Defaults are generous so test
//! suites never hit them by accident; [`Limits::set_remaining`] forces exhaustion.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use super::clock::unix_seconds;

/// Default quotas: (method, route, requests per window, window in seconds). A route with
/// a parameter is written as axum matches it (`/2/media/upload/{id}/append`).
const RULES: [(&str, &str, u32, u64); 14] = [
    ("POST", "/2/tweets", 10_000, 86_400),
    // X's own figure: 50 deletions per user per 15 minutes.
    ("DELETE", "/2/tweets/{id}", 50, 900),
    // X's own figure for a post lookup: 900 per user per 15 minutes.
    ("GET", "/2/tweets/{id}", 900, 900),
    ("POST", "/2/media/upload", 10_000, 86_400),
    ("POST", "/2/media/upload/initialize", 10_000, 86_400),
    ("POST", "/2/media/upload/{id}/append", 50_000, 86_400),
    ("POST", "/2/media/upload/{id}/finalize", 10_000, 86_400),
    ("GET", "/2/media/upload", 10_000, 900),
    ("POST", "/2/media/metadata", 10_000, 86_400),
    // X's own figure: 100 per user per 15 minutes.
    ("POST", "/2/media/subtitles", 100, 900),
    ("GET", "/2/users/me", 7_500, 900),
    ("GET", "/2/users/by/username/{username}", 900, 900),
    ("POST", "/2/oauth2/token", 10_000, 900),
    ("POST", "/2/oauth2/revoke", 10_000, 900),
];
/// The route a path belongs to, for its quota: a media id in an append or finalize path
/// becomes `{id}`; other paths are their own route.
pub(crate) fn route_of(path: &str) -> &str {
    if let Some(name) = path.strip_prefix("/2/users/by/username/")
        && !name.is_empty()
        && !name.contains('/')
    {
        return "/2/users/by/username/{username}";
    }
    if let Some(id) = path.strip_prefix("/2/tweets/")
        && !id.is_empty()
        && !id.contains('/')
    {
        return "/2/tweets/{id}";
    }
    if let Some(id) = path
        .strip_prefix("/2/articles/")
        .and_then(|rest| rest.strip_suffix("/publish"))
        && !id.is_empty()
        && !id.contains('/')
    {
        return "/2/articles/{id}/publish";
    }
    let Some(rest) = path.strip_prefix("/2/media/upload/") else {
        return path;
    };
    match rest.split_once('/') {
        Some((id, "append")) if !id.is_empty() => "/2/media/upload/{id}/append",
        Some((id, "finalize")) if !id.is_empty() => "/2/media/upload/{id}/finalize",
        _ => path,
    }
}

/// Quota and window for an endpoint without a rule that a test limits anyway.
pub(crate) const FALLBACK: (u32, u64) = (900, 900);

/// What the rate-limit headers say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Quota {
    pub(crate) limit: u32,
    pub(crate) remaining: u32,
    /// When the window starts afresh, in Unix seconds.
    pub(crate) reset: u64,
}

struct Bucket {
    limit: u32,
    window: Duration,
    remaining: u32,
    reset_at: SystemTime,
}

impl Bucket {
    fn quota(&self) -> Quota {
        Quota {
            limit: self.limit,
            remaining: self.remaining,
            reset: unix_seconds(self.reset_at),
        }
    }
}

/// The buckets of every endpoint that has been used or limited.
#[derive(Default)]
pub(crate) struct Limits {
    buckets: HashMap<(String, String), Bucket>,
}

impl Limits {
    fn bucket(&mut self, method: &str, path: &str, now: SystemTime) -> Option<&mut Bucket> {
        let key = (method.to_ascii_uppercase(), path.to_string());
        if !self.buckets.contains_key(&key) {
            let (_, _, limit, window) = RULES
                .iter()
                .find(|(m, p, _, _)| *m == key.0 && *p == key.1)?;
            let window = Duration::from_secs(*window);
            self.buckets.insert(
                key.clone(),
                Bucket {
                    limit: *limit,
                    window,
                    remaining: *limit,
                    reset_at: now + window,
                },
            );
        }
        let bucket = self.buckets.get_mut(&key)?;
        if now >= bucket.reset_at {
            bucket.remaining = bucket.limit;
            bucket.reset_at = now + bucket.window;
        }
        Some(bucket)
    }

    /// Spends one request; `Err` (with the headers to send) when none is left.
    /// Endpoints without a bucket are not limited.
    pub(crate) fn take(
        &mut self,
        method: &str,
        path: &str,
        now: SystemTime,
    ) -> Result<Option<Quota>, Quota> {
        let Some(bucket) = self.bucket(method, path, now) else {
            return Ok(None);
        };
        if bucket.remaining == 0 {
            return Err(bucket.quota());
        }
        bucket.remaining -= 1;
        Ok(Some(bucket.quota()))
    }

    /// The headers for an endpoint, without spending anything.
    pub(crate) fn peek(&mut self, method: &str, path: &str, now: SystemTime) -> Option<Quota> {
        self.bucket(method, path, now).map(|b| b.quota())
    }

    /// Sets what is left of an endpoint's quota in its current window.
    pub(crate) fn set_remaining(
        &mut self,
        method: &str,
        path: &str,
        remaining: u32,
        now: SystemTime,
    ) {
        if self.bucket(method, path, now).is_none() {
            let (limit, window) = FALLBACK;
            let window = Duration::from_secs(window);
            self.buckets.insert(
                (method.to_ascii_uppercase(), path.to_string()),
                Bucket {
                    limit,
                    window,
                    remaining: limit,
                    reset_at: now + window,
                },
            );
        }
        if let Some(bucket) = self.bucket(method, path, now) {
            bucket.remaining = remaining.min(bucket.limit);
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
    fn taking_counts_down_and_reports_the_reset() {
        let mut l = Limits::default();
        let q = l.take("post", "/2/tweets", t(0)).unwrap().unwrap();
        assert_eq!(q.limit, 10_000);
        assert_eq!(q.remaining, 9_999);
        assert_eq!(q.reset, 1_700_000_000 + 86_400);
        assert_eq!(l.peek("POST", "/2/tweets", t(1)).unwrap().remaining, 9_999);
    }

    #[test]
    fn exhausted_quota_refuses_until_the_window_resets() {
        let mut l = Limits::default();
        l.set_remaining("GET", "/2/users/me", 1, t(0));
        assert!(l.take("GET", "/2/users/me", t(1)).is_ok());
        let refused = l.take("GET", "/2/users/me", t(2)).unwrap_err();
        assert_eq!(refused.remaining, 0);
        assert_eq!(refused.reset, 1_700_000_000 + 900);
        let fresh = l.take("GET", "/2/users/me", t(900)).unwrap().unwrap();
        assert_eq!(fresh.remaining, 7_499);
    }

    #[test]
    fn media_ids_in_paths_share_their_routes_quota() {
        assert_eq!(
            route_of("/2/media/upload/1234/append"),
            "/2/media/upload/{id}/append"
        );
        assert_eq!(
            route_of("/2/media/upload/1234/finalize"),
            "/2/media/upload/{id}/finalize"
        );
        assert_eq!(
            route_of("/2/media/upload/initialize"),
            "/2/media/upload/initialize"
        );
        assert_eq!(
            route_of("/2/media/upload//append"),
            "/2/media/upload//append"
        );
        assert_eq!(route_of("/2/tweets"), "/2/tweets");
        assert_eq!(route_of("/2/tweets/1862"), "/2/tweets/{id}");
        assert_eq!(
            route_of("/2/users/by/username/someone"),
            "/2/users/by/username/{username}"
        );
    }

    #[test]
    fn endpoints_without_a_rule_are_unlimited_unless_limited() {
        let mut l = Limits::default();
        assert_eq!(l.take("GET", "/2/tweets/1", t(0)), Ok(None));
        assert_eq!(l.peek("GET", "/2/tweets/1", t(0)), None);
        l.set_remaining("GET", "/2/tweets/1", 0, t(0));
        assert!(l.take("GET", "/2/tweets/1", t(1)).is_err());
    }
}
