//! The HTTP layer under every request xpost makes: one `reqwest` client (rustls, no
//! redirects, bounded connect and request times), how requests behave, and the backoff
//! between repeats.

use std::time::Duration;

use crate::error::{Error, Result, error_chain};

/// How requests to X behave: timeouts, repeats, waiting out rate limits.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The longest one request may take.
    pub timeout: Duration,
    /// The longest connecting may take.
    pub connect_timeout: Duration,
    /// How many times a failed request that is safe to repeat is repeated.
    pub retries: u32,
    /// Wait for a rate limit's reset instead of failing.
    pub wait: bool,
    /// The longest a reset is waited for (`--max-wait`); a later one ends the run at once.
    pub max_wait: Duration,
    /// When the run gives up (`--max-time`): a rate limit that resets later is not waited
    /// for. `None`: no bound known here.
    pub deadline: Option<tokio::time::Instant>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            retries: 3,
            wait: false,
            max_wait: Duration::from_secs(15 * 60),
            deadline: None,
        }
    }
}

/// The HTTP client every request of xpost goes through: rustls, no redirects, bounded connect
/// and whole-request times.
pub fn http_client(policy: &Policy) -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(concat!("xpost/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(policy.connect_timeout)
        .timeout(policy.timeout)
        .build()
        .map_err(|err| Error::internal(format!("cannot set up HTTP: {}", error_chain(&err))))
}

/// Exponential backoff with jitter: about 0.5 s, 1 s, 2 s ... up to 8 s.
pub fn backoff(failures: u32) -> Duration {
    let base = 500u64.saturating_mul(1 << failures.saturating_sub(1).min(4));
    let jitter = rand::random::<u64>() % (base / 2 + 1);
    Duration::from_millis((base + jitter).min(8_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_with_jitter_and_a_cap() {
        for failures in 1..10 {
            let wait = backoff(failures);
            let base = 500u64 << (failures - 1).min(4);
            assert!(
                wait.as_millis() as u64 >= base.min(8_000),
                "{failures}: {wait:?}"
            );
            assert!(wait <= Duration::from_secs(8), "{failures}: {wait:?}");
        }
    }
}
