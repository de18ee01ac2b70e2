//! X's rate limits, read from an answer's headers: which window is used up (15 minutes, the
//! user's or the app's 24 hours), when it resets, and whether waiting for it fits the run.

use super::{Operation, header_u64, op_edits};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;

use crate::error::{Cause, Error, Result};
use crate::output;

pub(super) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    header_u64(headers, "retry-after").map(|s| Duration::from_secs(s.min(30)))
}

/// The rate-limit windows X reports, each as (what is left, when it resets): the 15-minute
/// one, and the 24-hour ones per user and per app.
pub(super) const WINDOWS: [(&str, &str); 3] = [
    ("x-rate-limit-remaining", "x-rate-limit-reset"),
    ("x-user-limit-24hour-remaining", "x-user-limit-24hour-reset"),
    ("x-app-limit-24hour-remaining", "x-app-limit-24hour-reset"),
];

/// Which of X's windows a 429 used up, in words: a 24-hour one when its headers say it is at
/// 0 (the 15-minute window may still have room), else the 15-minute rate limit.
pub(super) fn used_up_window(headers: &HeaderMap, op: Operation) -> String {
    if header_u64(headers, "x-user-limit-24hour-remaining") == Some(0) {
        format!("X's 24-hour limit for this account, for {},", op.doing())
    } else if header_u64(headers, "x-app-limit-24hour-remaining") == Some(0) {
        format!("X's 24-hour limit for this app, for {},", op.doing())
    } else {
        format!("X's rate limit for {}", op.doing())
    }
}

/// What `-v` says of X's quotas after an answer: the 15-minute one, and the 24-hour ones per
/// user and per app when X sends them, each as left/limit and its reset; empty when X sent none.
pub(crate) fn quotas(headers: &HeaderMap, now: u64) -> String {
    let windows = [
        ("quota", "x-rate-limit"),
        ("24-hour quota for this account", "x-user-limit-24hour"),
        ("24-hour quota for this app", "x-app-limit-24hour"),
    ];
    let said: Vec<String> = windows
        .iter()
        .filter_map(|(name, prefix)| {
            let left = header_u64(headers, &format!("{prefix}-remaining"))?;
            let limit = header_u64(headers, &format!("{prefix}-limit"));
            let reset = header_u64(headers, &format!("{prefix}-reset"))
                .and_then(|at| readable_reset(at, now));
            Some(match (limit, reset) {
                (Some(limit), Some(reset)) => {
                    format!("{name} {left}/{limit} left, resets {} UTC", clock(reset))
                }
                (Some(limit), None) => format!("{name} {left}/{limit} left"),
                _ => format!("{name} {left} left"),
            })
        })
        .collect();
    if said.is_empty() {
        String::new()
    } else {
        format!(" ({})", said.join("; "))
    }
}

/// The longest X makes anyone wait: a monthly usage cap.
pub(super) const LONGEST_WINDOW: u64 = 31 * 86_400;

/// When X's rate limit resets (Unix seconds): the latest reset of the windows that are used
/// up (a 429 from the 24-hour window waits for that one, not for the 15-minute one), else
/// `x-rate-limit-reset`, else `retry-after`. A value that is not a number, or not a time
/// within a day before and a month after `now`, cannot be read: `None`, never a made-up time.
pub(super) fn reset_time(headers: &HeaderMap, now: u64) -> Option<u64> {
    let plausible = |reset: u64| readable_reset(reset, now);
    let used_up = WINDOWS
        .iter()
        .filter(|(left, _)| header_u64(headers, left) == Some(0))
        .filter_map(|(_, reset)| header_u64(headers, reset).and_then(plausible))
        .max();
    used_up
        .or_else(|| header_u64(headers, "x-rate-limit-reset").and_then(plausible))
        .or_else(|| {
            header_u64(headers, "retry-after")
                .filter(|after| *after <= LONGEST_WINDOW)
                .map(|after| now.saturating_add(after))
        })
}

/// `reset` if it can be the time a rate limit resets: within a day before `now` (clocks
/// differ) and the longest window after it.
pub(crate) fn readable_reset(reset: u64, now: u64) -> Option<u64> {
    (reset >= now.saturating_sub(86_400) && reset <= now.saturating_add(LONGEST_WINDOW))
        .then_some(reset)
}

/// How long to wait when none of X's headers says when the rate limit resets.
pub(super) const UNKNOWN_RESET_WAIT: Duration = Duration::from_secs(60);

/// With `--wait`: how long to wait for the reset of the `window` X used up (its words, from
/// [`Decision::WaitUntil`]), and the note that says so. A reset after `max_wait` (`--max-wait`)
/// or after what remains of `--max-time` (`left`) is not waited for: the error ends the run at
/// once, naming the reset (X did not act on a 429, so nothing was sent for good).
pub(crate) fn wait_for_reset(
    op: Operation,
    window: &str,
    reset: Option<u64>,
    now: u64,
    bounds: WaitBounds,
) -> Result<(Duration, String)> {
    let wait = match reset {
        Some(reset) => Duration::from_secs(reset.saturating_sub(now).max(1)),
        None => UNKNOWN_RESET_WAIT,
    };
    let when = resets(reset, now);
    let nothing = match op {
        Operation::Me => "",
        Operation::Delete => "nothing more was deleted; ",
        Operation::Lookup => "nothing was edited; ",
        op if op_edits(op) => "nothing was edited; ",
        _ => "nothing was posted; ",
    };
    // The nearer of the two bounds is the one named.
    let max_time_first = bounds.left.is_some_and(|left| left < bounds.max_wait);
    if wait > bounds.max_wait && !max_time_first {
        return Err(Error::new(
            Cause::TryLater,
            format!(
                "{window} is used up; {when}, longer than --wait waits (--max-wait {}): not waiting",
                output::duration(bounds.max_wait)
            ),
        )
        .hint(format!(
            "{nothing}run this again after the reset, or let --wait wait longer with --max-wait"
        )));
    }
    if let Some(left) = bounds.left.filter(|left| wait > *left) {
        return Err(Error::new(
            Cause::TryLater,
            format!(
                "{window} is used up; {when}, after --max-time runs out (in {}): not waiting",
                output::duration(left)
            ),
        )
        .hint(format!(
            "{nothing}try again after the reset, or allow more time with --max-time"
        )));
    }
    let note = match reset {
        Some(reset) => format!(
            "{window} is used up; waiting until {} UTC ({}), as --wait asks.",
            clock(reset),
            output::duration(wait)
        ),
        None => format!(
            "{window} is used up and X did not say when it resets; waiting {}, as --wait asks.",
            output::duration(wait)
        ),
    };
    Ok((wait, note))
}

/// When a rate limit resets, in words: `it resets at 22:28:20 UTC (in 15m)`, with the date
/// when it is more than 12 hours away (a bare "at 19:01 UTC" a day off would read as now).
pub(super) fn resets(reset: Option<u64>, now: u64) -> String {
    let Some(reset) = reset else {
        return "X did not say when it resets".to_owned();
    };
    let left = Duration::from_secs(reset.saturating_sub(now).max(1));
    let at = if left > Duration::from_secs(12 * 3600) {
        output::utc(reset)
    } else {
        format!("{} UTC", clock(reset))
    };
    format!("it resets at {at} (in {})", output::duration(left))
}

/// How long `--wait` may wait for a rate limit's reset.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WaitBounds {
    /// What remains of `--max-time`, when known.
    pub(crate) left: Option<Duration>,
    /// `--max-wait`.
    pub(crate) max_wait: Duration,
}

pub(crate) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `HH:MM:SS` of a Unix time, in UTC.
pub(crate) fn clock(unix: u64) -> String {
    let day = unix % 86_400;
    format!("{:02}:{:02}:{:02}", day / 3600, day / 60 % 60, day % 60)
}
