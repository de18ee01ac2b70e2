//! Fault injection, per endpoint: what a fault is, how one is written
//! (`METHOD ROUTE=KIND[:ARG][*TIMES]`), and the queues of faults waiting for their routes.
//! Pure; the server applies them (see `server.rs`) and `control.rs` lets another process
//! set them over HTTP.
//!
//! Routes are named as the rate limits name them: `POST /2/tweets`,
//! `POST /2/media/upload/{id}/append`, `GET /2/users/me`, `POST /2/oauth2/token`.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// One way for the sandbox to fail a request, as networks and X fail.
///
/// What the request log ([`super::Sandbox::requests`]) records for a faulted request:
/// the status sent for [`Fault::Status`]; the real answer's status for [`Fault::Delay`]
/// and [`Fault::Truncated`] (its status line was sent); `200` for [`Fault::NotJson`];
/// `0` for both drops, as no answer was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer this status with X's error JSON for it, without acting on the request. A
    /// 429 carries `x-rate-limit-limit`, `x-rate-limit-remaining: 0`, `x-rate-limit-reset`
    /// (one second ahead) and `retry-after: 1`.
    Status {
        /// The status code, 400 to 599.
        status: u16,
    },
    /// Wait this long, then handle the request normally.
    Delay(Duration),
    /// Close the connection without reading the request's body or answering: the client
    /// sees the connection end, and nothing was done.
    DropBeforeRead,
    /// Read the request and act on it fully (the post is created, the refresh token
    /// spent), then close the connection without answering: the outcome is unknown to
    /// the client.
    DropAfterRead,
    /// Act on the request, then send the real answer's headers, with its
    /// `Content-Length`, and only part of its body, and close.
    Truncated,
    /// Act on the request, then answer `200` with an HTML page, as a misbehaving proxy
    /// would.
    NotJson,
    /// Act on the request, then give its answer's `data.id` (a post's or a media upload's)
    /// as an id that is not one (`../2/tweets`): what a lying server would send.
    BadId,
}

impl fmt::Display for Fault {
    /// The kind spec [`Fault::from_str`] reads back: `status:503`, `delay:3s`,
    /// `delay:250ms`, `drop-before-read`, `drop-after-read`, `truncated`, `not-json`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Status { status } => write!(f, "status:{status}"),
            Fault::Delay(d) if d.subsec_millis() == 0 => write!(f, "delay:{}s", d.as_secs()),
            Fault::Delay(d) => write!(f, "delay:{}ms", d.as_millis()),
            Fault::DropBeforeRead => f.write_str("drop-before-read"),
            Fault::DropAfterRead => f.write_str("drop-after-read"),
            Fault::Truncated => f.write_str("truncated"),
            Fault::NotJson => f.write_str("not-json"),
            Fault::BadId => f.write_str("bad-id"),
        }
    }
}

/// The kinds, for error messages.
const KINDS: &str =
    "status:N, delay:DURATION, drop-before-read, drop-after-read, truncated, not-json or bad-id";

impl FromStr for Fault {
    type Err = String;

    /// Reads a kind spec, `KIND[:ARG]`: `status:N` (N from 400 to 599), `delay:DURATION`
    /// (`300ms`, `3`, `3s`, `5m`, `1h`), `drop-before-read`, `drop-after-read`,
    /// `truncated`, `not-json`.
    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (kind, arg) = match text.split_once(':') {
            Some((kind, arg)) => (kind, Some(arg)),
            None => (text, None),
        };
        let no_arg = |fault: Fault| match arg {
            None => Ok(fault),
            Some(_) => Err(format!("{kind:?} takes no argument (write just {kind})")),
        };
        match kind {
            "status" => {
                let arg = arg.ok_or("status needs a code, e.g. status:503")?;
                match arg.parse::<u16>() {
                    Ok(status @ 400..=599) => Ok(Fault::Status { status }),
                    _ => Err(format!(
                        "{arg:?} is not an error status; write 400 to 599, e.g. status:503"
                    )),
                }
            }
            "delay" => {
                let arg = arg.ok_or("delay needs a duration, e.g. delay:3s or delay:250ms")?;
                parse_delay(arg).map(Fault::Delay)
            }
            "drop-before-read" => no_arg(Fault::DropBeforeRead),
            "drop-after-read" => no_arg(Fault::DropAfterRead),
            "truncated" => no_arg(Fault::Truncated),
            "not-json" => no_arg(Fault::NotJson),
            "bad-id" => no_arg(Fault::BadId),
            "" => Err(format!("no fault given; write one of {KINDS}")),
            other => Err(format!("unknown fault {other:?}; write one of {KINDS}")),
        }
    }
}

/// A delay: plain seconds (`3`), or a number with one unit: `250ms`, `3s`, `2m`, `1h`.
fn parse_delay(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration; write e.g. 250ms, 3s or 1m"))?;
    let millis: u64 = match unit {
        "ms" => 1,
        "" | "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        _ => return Err(format!("unknown unit {unit:?}; use ms, s, m or h")),
    };
    match number.checked_mul(millis) {
        Some(0) => Err("the delay must be more than zero".into()),
        Some(total) => Ok(Duration::from_millis(total)),
        None => Err(format!("{text:?} is too long a delay")),
    }
}

/// A fault for one route, as `xpost sandbox serve --fault` takes it:
/// `METHOD ROUTE=KIND[:ARG][*TIMES]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultSpec {
    /// `GET`, `POST` ... (upper case).
    pub method: String,
    /// The route, as the rate limits name it (`/2/media/upload/{id}/append`).
    pub route: String,
    /// What happens.
    pub fault: Fault,
    /// For how many requests (at least 1).
    pub times: u32,
}

impl FaultSpec {
    /// Parses `METHOD ROUTE=KIND[:ARG][*TIMES]`, e.g. `POST /2/tweets=drop-after-read`,
    /// `POST /2/media/upload/{id}/append=status:503*2`, `GET /2/users/me=delay:3s`.
    /// TIMES is 1 when left out.
    pub fn parse(text: &str) -> Result<FaultSpec, String> {
        let (target, what) = text.split_once('=').ok_or_else(|| {
            format!(
                "{text:?} has no '='; write METHOD ROUTE=KIND, e.g. 'POST /2/tweets=status:503'"
            )
        })?;
        let (method, route) = parse_target(target)?;
        let (kind, times) = match what.rsplit_once('*') {
            Some((kind, times)) => {
                let times = match times.trim().parse::<u32>() {
                    Ok(0) | Err(_) => {
                        return Err(format!(
                            "{times:?} is not a count; write *N with N at least 1, e.g. status:503*2"
                        ));
                    }
                    Ok(n) => n,
                };
                (kind, times)
            }
            None => (what, 1),
        };
        Ok(FaultSpec {
            method,
            route,
            fault: kind.parse()?,
            times,
        })
    }
}

impl fmt::Display for FaultSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}={}", self.method, self.route, self.fault)?;
        if self.times != 1 {
            write!(f, "*{}", self.times)?;
        }
        Ok(())
    }
}

/// `METHOD ROUTE`, checked and with the method in upper case.
pub(crate) fn parse_target(target: &str) -> Result<(String, String), String> {
    let mut words = target.split_whitespace();
    let (Some(method), Some(route), None) = (words.next(), words.next(), words.next()) else {
        return Err(format!(
            "{:?} is not METHOD ROUTE; write e.g. 'POST /2/tweets'",
            target.trim()
        ));
    };
    check_method_and_route(method, route)
}

/// Checks a method and a route; the method comes back in upper case.
pub(crate) fn check_method_and_route(
    method: &str,
    route: &str,
) -> Result<(String, String), String> {
    if method.is_empty() || !method.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(format!(
            "{method:?} is not an HTTP method; write e.g. POST or GET"
        ));
    }
    if !route.starts_with('/') || route.contains(char::is_whitespace) || route.contains('?') {
        return Err(format!(
            "{route:?} is not a route; write a path such as /2/tweets or /2/media/upload/{{id}}/append"
        ));
    }
    Ok((method.to_ascii_uppercase(), route.to_string()))
}

/// The faults waiting, a queue per route: each request to a route takes the first.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    queues: HashMap<(String, String), VecDeque<Fault>>,
}

impl Faults {
    /// Queues `fault` for the next `times` requests to the route, after those already
    /// queued; `times = 0` clears the route's queue.
    pub(crate) fn inject(&mut self, method: &str, route: &str, fault: Fault, times: u32) {
        let key = (method.to_ascii_uppercase(), route.to_string());
        if times == 0 {
            self.queues.remove(&key);
            return;
        }
        let queue = self.queues.entry(key).or_default();
        queue.extend(std::iter::repeat_n(fault, times as usize));
    }

    /// The fault for a request to the route, used up by taking it.
    pub(crate) fn take(&mut self, method: &str, route: &str) -> Option<Fault> {
        let key = (method.to_ascii_uppercase(), route.to_string());
        let queue = self.queues.get_mut(&key)?;
        let fault = queue.pop_front();
        if queue.is_empty() {
            self.queues.remove(&key);
        }
        fault
    }

    /// How many faults wait for a route.
    pub(crate) fn pending(&self, method: &str, route: &str) -> usize {
        let key = (method.to_ascii_uppercase(), route.to_string());
        self.queues.get(&key).map_or(0, VecDeque::len)
    }

    /// Every fault waiting, by route (method, route, queue), sorted.
    pub(crate) fn list(&self) -> Vec<(String, String, Vec<Fault>)> {
        let mut list: Vec<_> = self
            .queues
            .iter()
            .map(|((m, r), q)| (m.clone(), r.clone(), q.iter().cloned().collect()))
            .collect();
        list.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
        list
    }

    /// Forgets every fault.
    pub(crate) fn clear(&mut self) {
        self.queues.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(method: &str, route: &str, fault: Fault, times: u32) -> FaultSpec {
        FaultSpec {
            method: method.into(),
            route: route.into(),
            fault,
            times,
        }
    }

    #[test]
    fn specs_parse_as_written_in_the_docs() {
        assert_eq!(
            FaultSpec::parse("POST /2/tweets=drop-after-read"),
            Ok(spec("POST", "/2/tweets", Fault::DropAfterRead, 1))
        );
        assert_eq!(
            FaultSpec::parse("POST /2/media/upload/{id}/append=status:503*2"),
            Ok(spec(
                "POST",
                "/2/media/upload/{id}/append",
                Fault::Status { status: 503 },
                2
            ))
        );
        assert_eq!(
            FaultSpec::parse("GET /2/users/me=delay:3s"),
            Ok(spec(
                "GET",
                "/2/users/me",
                Fault::Delay(Duration::from_secs(3)),
                1
            ))
        );
        assert_eq!(
            FaultSpec::parse("  post   /2/oauth2/token = truncated * 3 "),
            Ok(spec("POST", "/2/oauth2/token", Fault::Truncated, 3))
        );
        assert_eq!(
            FaultSpec::parse("GET /2/users/me=not-json"),
            Ok(spec("GET", "/2/users/me", Fault::NotJson, 1))
        );
        assert_eq!(
            FaultSpec::parse("POST /2/tweets=drop-before-read*10"),
            Ok(spec("POST", "/2/tweets", Fault::DropBeforeRead, 10))
        );
    }

    #[test]
    fn kinds_parse_and_print_back() {
        for text in [
            "status:429",
            "status:503",
            "delay:3s",
            "delay:250ms",
            "drop-before-read",
            "drop-after-read",
            "truncated",
            "not-json",
        ] {
            let fault: Fault = text.parse().unwrap();
            assert_eq!(fault.to_string(), text);
        }
        assert_eq!(
            "delay:2m".parse(),
            Ok(Fault::Delay(Duration::from_secs(120)))
        );
        assert_eq!("delay:5".parse(), Ok(Fault::Delay(Duration::from_secs(5))));
        assert_eq!(
            "delay:1500ms".parse::<Fault>().unwrap().to_string(),
            "delay:1500ms"
        );
        assert_eq!(
            spec("POST", "/2/tweets", Fault::Status { status: 503 }, 2).to_string(),
            "POST /2/tweets=status:503*2"
        );
    }

    #[test]
    fn bad_specs_say_what_is_wrong() {
        let error = |text: &str| FaultSpec::parse(text).unwrap_err();
        assert!(error("POST /2/tweets").contains("no '='"));
        assert!(error("/2/tweets=truncated").contains("not METHOD ROUTE"));
        assert!(error("POST /2/tweets extra=truncated").contains("not METHOD ROUTE"));
        assert!(error("POST 2/tweets=truncated").contains("not a route"));
        assert!(error("P0ST /2/tweets=truncated").contains("not an HTTP method"));
        assert!(error("POST /2/tweets=").contains("no fault given"));
        assert!(error("POST /2/tweets=explode").contains("unknown fault \"explode\""));
        assert!(error("POST /2/tweets=status").contains("needs a code"));
        assert!(error("POST /2/tweets=status:200").contains("not an error status"));
        assert!(error("POST /2/tweets=status:abc").contains("not an error status"));
        assert!(error("POST /2/tweets=delay").contains("needs a duration"));
        assert!(error("POST /2/tweets=delay:soon").contains("not a duration"));
        assert!(error("POST /2/tweets=delay:0ms").contains("more than zero"));
        assert!(error("POST /2/tweets=delay:3d").contains("unknown unit"));
        assert!(error("POST /2/tweets=truncated:5").contains("takes no argument"));
        assert!(error("POST /2/tweets=truncated*0").contains("at least 1"));
        assert!(error("POST /2/tweets=truncated*x").contains("not a count"));
        assert!(error("POST /2/tweets=truncated*").contains("not a count"));
    }

    #[test]
    fn queues_are_per_route_and_used_up_in_order() {
        let mut faults = Faults::default();
        faults.inject("post", "/2/tweets", Fault::Status { status: 503 }, 2);
        faults.inject("POST", "/2/tweets", Fault::DropAfterRead, 1);
        faults.inject("GET", "/2/users/me", Fault::NotJson, 1);
        assert_eq!(faults.pending("POST", "/2/tweets"), 3);
        assert_eq!(faults.take("GET", "/2/tweets"), None);
        assert_eq!(
            faults.take("POST", "/2/tweets"),
            Some(Fault::Status { status: 503 })
        );
        assert_eq!(
            faults.take("POST", "/2/tweets"),
            Some(Fault::Status { status: 503 })
        );
        assert_eq!(faults.take("POST", "/2/tweets"), Some(Fault::DropAfterRead));
        assert_eq!(faults.take("POST", "/2/tweets"), None);
        assert_eq!(
            faults.list(),
            vec![("GET".into(), "/2/users/me".into(), vec![Fault::NotJson])]
        );
    }

    #[test]
    fn zero_times_clears_a_route_and_clear_clears_all() {
        let mut faults = Faults::default();
        faults.inject("POST", "/2/tweets", Fault::Truncated, 5);
        faults.inject("GET", "/2/users/me", Fault::Truncated, 5);
        faults.inject("POST", "/2/tweets", Fault::NotJson, 0);
        assert_eq!(faults.take("POST", "/2/tweets"), None);
        assert_eq!(faults.pending("GET", "/2/users/me"), 5);
        faults.clear();
        assert!(faults.list().is_empty());
    }
}
