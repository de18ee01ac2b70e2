//! The options every command takes, and the durations several of them are written in.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::config::Method;

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Common {
    /// Print the result as JSON.
    #[arg(long, global = true)]
    pub json: bool,

    /// Do not open a browser; print the consent URL and wait for the redirect.
    #[arg(long, global = true)]
    pub no_browser: bool,

    /// How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored)
    /// or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2
    /// when X_CLIENT_ID is set, else oauth1 when the four keys are.
    #[arg(long, global = true, value_name = "METHOD")]
    pub auth: Option<Method>,

    /// Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set).
    #[arg(long, global = true)]
    pub no_interactive: bool,

    /// How long to wait for consent in the browser, e.g. 300, 90s or 5m.
    #[arg(long, global = true, value_name = "DURATION", default_value = "5m", value_parser = parse_duration)]
    pub auth_timeout: Duration,

    /// The account to use, by its username (with or without @), among the stored logins
    /// (xpost auth list); the default when not given. Also XPOST_ACCOUNT.
    #[arg(long, global = true, value_name = "NAME")]
    pub account: Option<String>,

    /// The app to use, by its name, among those set up with xpost auth setup; the first set
    /// up when not given. Also XPOST_APP.
    #[arg(long, global = true, value_name = "NAME")]
    pub app: Option<String>,

    /// Read credentials from this file instead of ./.env.
    #[arg(long, global = true, value_name = "PATH")]
    pub env_file: Option<PathBuf>,

    /// Keep the OAuth 2.0 login's tokens in its file (readable only by you) rather than the
    /// system's keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1.
    #[arg(long, global = true)]
    pub insecure_storage: bool,

    /// Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser,
    /// still show.
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// Show each request to X and the quota left (-v); with -vv also headers and bodies,
    /// secrets redacted. On stderr.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// When X's rate limit is used up, wait for its reset and go on instead of exiting with 75.
    #[arg(long, global = true)]
    pub wait: bool,

    /// With --wait, the longest to wait for a rate limit's reset, e.g. 15m; a later reset (a
    /// 24-hour limit) ends the run at once with 75, naming it.
    #[arg(long, global = true, value_name = "DURATION", default_value = "15m", value_parser = parse_duration)]
    pub max_wait: Duration,

    /// The longest one request to X may take, e.g. 60s.
    #[arg(long, global = true, value_name = "DURATION", default_value = "60s", value_parser = parse_duration)]
    pub timeout: Duration,

    /// The longest connecting to X may take.
    #[arg(long, global = true, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    pub connect_timeout: Duration,

    /// The longest the whole run may take (waits for consent, processing and rate limits
    /// included); then xpost gives up.
    #[arg(long, global = true, value_name = "DURATION", default_value = "30m", value_parser = parse_duration)]
    pub max_time: Duration,

    /// When the run gives up: its start plus `--max-time`. Not an option: set as the run
    /// starts ([`crate::commands::run`]), for what needs to say how much time is left.
    #[arg(skip)]
    pub deadline: Option<tokio::time::Instant>,
}

/// The longest duration any option takes: 30 days. Longer waits are surely typing mistakes,
/// and bounding them keeps every deadline computed from them far from overflowing.
pub const MAX_DURATION: Duration = Duration::from_secs(30 * 86_400);

/// Parses a duration written as plain seconds (`300`) or with a unit (`90s`, `5m`, `1h`), more
/// than zero and at most [`MAX_DURATION`].
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let too_long = || "the duration must be at most 30 days (720h, 43200m or 2592000s)".to_owned();
    if number.is_empty() {
        return Err(format!(
            "{text:?} is not a duration; write e.g. 300, 90s or 5m"
        ));
    }
    let per_unit: u64 = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => return Err(format!("unknown unit {unit:?}; use s, m or h")),
    };
    // Only digits: a number that does not parse is too big for a u64.
    let number: u64 = number.parse().map_err(|_| too_long())?;
    let seconds = number.checked_mul(per_unit).ok_or_else(too_long)?;
    if seconds == 0 {
        return Err("the duration must be more than zero".into());
    }
    let duration = Duration::from_secs(seconds);
    if duration > MAX_DURATION {
        return Err(too_long());
    }
    Ok(duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("300"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("five").is_err());
        assert!(parse_duration("5d").is_err());
    }

    #[test]
    fn durations_are_bounded_and_never_overflow() {
        assert_eq!(parse_duration("720h"), Ok(MAX_DURATION));
        assert_eq!(parse_duration("2592000"), Ok(MAX_DURATION));
        for long in [
            "721h",
            "2592001s",
            "43201m",
            "18446744073709551615",
            "18446744073709551616",
            "9223372036854775807",
            "5124095576030431h",
            "5124095576030432h",
            "307445734561825861m",
            "99999999999999999999999h",
        ] {
            let refused = parse_duration(long).unwrap_err();
            assert!(refused.contains("at most 30 days"), "{long}: {refused}");
        }
    }
}
