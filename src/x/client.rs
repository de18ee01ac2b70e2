//! Talking to X's `/2/...` API: base URL, authorization, and turning X's answers into
//! results or readable errors.
//!
//! [`Api::call`] sends one request and reads the JSON answer. Failures go through
//! [`failure`], which is pure: it reads X's problem JSON (`title`/`detail`), its v1-style
//! `errors` list or an OAuth `error`, and picks the exit code from the status and the operation.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{AUTHORIZATION, HeaderMap};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use crate::auth::oauth1;
use crate::config::{OAuth1Keys, join};
use crate::error::{Error, Exit, Result, error_chain};
use crate::secret::Secret;

/// How a request to X is authorized.
#[derive(Clone, Copy)]
pub enum Auth<'a> {
    /// OAuth 2.0 user token.
    Bearer(&'a Secret),
    /// OAuth 1.0a user context.
    OAuth1(&'a OAuth1Keys),
}

/// What xpost was doing, which decides how a refusal is explained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Uploading a media file.
    Upload,
    /// Creating the post.
    Post,
    /// Looking up the logged-in user.
    Me,
}

impl Operation {
    fn doing(self) -> &'static str {
        match self {
            Operation::Upload => "the media upload",
            Operation::Post => "the post",
            Operation::Me => "the user lookup",
        }
    }
}

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
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            retries: 3,
            wait: false,
        }
    }
}

/// The `/2/...` API at a base URL, over one HTTP client.
#[derive(Clone)]
pub struct Api {
    http: reqwest::Client,
    base: Url,
    policy: Policy,
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

impl Api {
    /// The API at `base` (e.g. `https://api.x.com`), behaving as `policy` says.
    pub fn new(http: reqwest::Client, base: Url, policy: Policy) -> Self {
        Api { http, base, policy }
    }

    /// The URL of `path` under the base.
    pub fn url(&self, path: &str) -> Url {
        join(&self.base, path)
    }

    /// A request to `url`, authorized. OAuth 1.0a signs the method, URL and its query only;
    /// each call signs anew (fresh nonce and timestamp), so a repeat is a valid request.
    pub fn request(&self, method: Method, url: Url, auth: Auth<'_>) -> RequestBuilder {
        let header = match auth {
            Auth::Bearer(token) => format!("Bearer {}", token.expose()),
            Auth::OAuth1(keys) => oauth1::authorization(keys, method.as_str(), &url),
        };
        self.http.request(method, url).header(AUTHORIZATION, header)
    }

    /// Sends the request `build` makes and reads X's JSON answer into `T`.
    ///
    /// Where repeating is safe (everything but the post), timeouts, dropped connections, cut-off
    /// or unreadable answers and server errors are retried with exponential backoff and
    /// jitter. A post is repeated only when it never left (the connection failed); when its
    /// outcome is unknown the error says it may exist ([`Exit::MaybePosted`]). A 429 (X did
    /// not act) waits for the reset with `--wait` and goes again, else fails with the reset
    /// time.
    pub async fn call<T: DeserializeOwned>(
        &self,
        op: Operation,
        auth: Auth<'_>,
        build: impl Fn() -> RequestBuilder,
    ) -> Result<T> {
        let mut failures = 0;
        loop {
            let (client, request) = build().build_split();
            let request = request.map_err(|err| {
                Error::internal(format!(
                    "cannot build the request for {}: {err}",
                    op.doing()
                ))
            })?;
            let (method, path) = (
                request.method().to_string(),
                request.url().path().to_owned(),
            );
            let attempt = match client.execute(request).await {
                Err(err) => {
                    let sent = !err.is_connect();
                    Attempt::NoAnswer { err, sent }
                }
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    match response.bytes().await {
                        Ok(body) => Attempt::Answer(status, headers, body),
                        Err(err) => Attempt::CutOff(status, err),
                    }
                }
            };
            trace(&method, &path, &attempt);
            let retry = failures < self.policy.retries;
            let (err, after) = match decide::<T>(
                op,
                auth_kind(auth),
                attempt,
                retry,
                self.policy.wait,
            ) {
                Decision::Done(value) => return Ok(value),
                Decision::Fail(err) => return Err(err),
                Decision::Retry(err, after) => (err, after),
                Decision::WaitUntil(reset) => {
                    let wait = Duration::from_secs(reset.saturating_sub(now()).max(1));
                    crate::output::note(format!(
                        "X's rate limit for {} is used up; waiting until {} UTC ({}), as --wait asks.",
                        op.doing(),
                        clock(reset),
                        crate::output::duration(wait)
                    ));
                    tokio::time::sleep(wait).await;
                    continue;
                }
            };
            failures += 1;
            let wait = after.unwrap_or_else(|| backoff(failures));
            crate::output::trace(
                1,
                format!("{}; trying again in {} ms", err.message(), wait.as_millis()),
            );
            tokio::time::sleep(wait).await;
        }
    }
}

/// What came back from one attempt.
enum Attempt {
    /// A whole answer.
    Answer(StatusCode, HeaderMap, bytes::Bytes),
    /// The headers came, then the body broke off.
    CutOff(StatusCode, reqwest::Error),
    /// No answer; `sent` when the request may have left (anything but a failed connect).
    NoAnswer { err: reqwest::Error, sent: bool },
}

/// What to do after one attempt.
enum Decision<T> {
    Done(T),
    Fail(Error),
    /// Go again after the given wait (or the backoff).
    Retry(Error, Option<Duration>),
    /// Rate limited with `--wait`: go again after this Unix time.
    WaitUntil(u64),
}

fn decide<T: DeserializeOwned>(
    op: Operation,
    auth: AuthKind,
    attempt: Attempt,
    retry: bool,
    wait: bool,
) -> Decision<T> {
    let safe = op != Operation::Post;
    match attempt {
        Attempt::Answer(status, _, body) if status.is_success() => {
            match serde_json::from_slice::<T>(&body) {
                Ok(value) => Decision::Done(value),
                Err(err) if op == Operation::Post => Decision::Fail(maybe_posted(format!(
                    "X accepted the post ({status}) but its answer could not be read ({err})"
                ))),
                Err(err) if retry => Decision::Retry(unreadable(op, &body, &err), None),
                Err(err) => Decision::Fail(unreadable(op, &body, &err)),
            }
        }
        Attempt::Answer(status, headers, _) if status == StatusCode::TOO_MANY_REQUESTS && wait => {
            Decision::WaitUntil(reset_time(&headers, now()).unwrap_or(now() + 60))
        }
        Attempt::Answer(status, _, body) if status.is_server_error() && op == Operation::Post => {
            let said = error_text(&body).unwrap_or_else(|| status.to_string());
            Decision::Fail(maybe_posted(format!(
                "X had a server error after receiving the post ({status}): {said}"
            )))
        }
        Attempt::Answer(status, headers, body) => {
            let err = failure(op, auth, status, &headers, &body, now());
            if status.is_server_error() && safe && retry {
                Decision::Retry(err, retry_after(&headers))
            } else {
                Decision::Fail(err)
            }
        }
        Attempt::CutOff(status, err) if op == Operation::Post && status.is_success() => {
            Decision::Fail(maybe_posted(format!(
                "X accepted the post ({status}) but its answer was cut off ({})",
                error_chain(&err)
            )))
        }
        Attempt::CutOff(status, err) => {
            let err = cut_off(op, status, &err);
            if safe && retry {
                Decision::Retry(err, None)
            } else {
                Decision::Fail(err)
            }
        }
        Attempt::NoAnswer { err, sent: true } if op == Operation::Post => {
            Decision::Fail(maybe_posted(format!(
                "the post went out but no answer came back ({})",
                error_chain(&err)
            )))
        }
        Attempt::NoAnswer { err, .. } => {
            // Not sent at all, or sent where repeating is safe.
            let err = unreachable_x(op, &err);
            if retry {
                Decision::Retry(err, None)
            } else {
                Decision::Fail(err)
            }
        }
    }
}

/// How xpost reads one whole answer from X for `op`, when it will not try again: the value,
/// or the error it would end with. The same decision [`Api::call`] makes; public so that the
/// property tests can throw any answer at it.
pub fn read_answer<T: DeserializeOwned>(
    op: Operation,
    auth: AuthKind,
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T> {
    let status = StatusCode::from_u16(status)
        .map_err(|_| Error::internal(format!("X answered with status {status}")))?;
    let attempt = Attempt::Answer(status, headers.clone(), bytes::Bytes::copy_from_slice(body));
    match decide::<T>(op, auth, attempt, false, false) {
        Decision::Done(value) => Ok(value),
        Decision::Fail(err) | Decision::Retry(err, _) => Err(err),
        Decision::WaitUntil(_) => Err(Error::new(Exit::TryLater, "rate limited")),
    }
}

fn maybe_posted(message: String) -> Error {
    Error::new(Exit::MaybePosted, message)
        .hint("the post may exist: look at your profile before posting it again (xpost does not resend a post whose outcome is unknown)")
}

fn unreadable(op: Operation, body: &[u8], err: &serde_json::Error) -> Error {
    let what = if body.is_empty() {
        "an empty body"
    } else if serde_json::from_slice::<serde_json::Value>(body).is_ok() {
        "JSON"
    } else {
        "a body that is not JSON"
    };
    Error::internal(format!(
        "X answered {} with {what} xpost cannot read ({err})",
        op.doing()
    ))
}

fn cut_off(op: Operation, status: StatusCode, err: &reqwest::Error) -> Error {
    Error::new(
        Exit::Unavailable,
        format!(
            "X's answer to {} ({status}) was cut off: {}",
            op.doing(),
            error_chain(err)
        ),
    )
    .hint("check the network connection and try again")
}

fn unreachable_x(op: Operation, err: &reqwest::Error) -> Error {
    let what = if err.is_timeout() {
        "X did not answer in time"
    } else {
        "could not reach X"
    };
    // reqwest's messages name the URL, never headers: no secret here.
    Error::new(
        Exit::Unavailable,
        format!("{what} for {}: {}", op.doing(), error_chain(err)),
    )
    .hint("check the network connection and try again; --timeout allows more time")
}

/// Exponential backoff with jitter: about 0.5 s, 1 s, 2 s ... up to 8 s.
pub fn backoff(failures: u32) -> Duration {
    let base = 500u64.saturating_mul(1 << failures.saturating_sub(1).min(4));
    let jitter = rand::random::<u64>() % (base / 2 + 1);
    Duration::from_millis((base + jitter).min(8_000))
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    header_u64(headers, "retry-after").map(|s| Duration::from_secs(s.min(30)))
}

/// When X's rate limit resets, from `x-rate-limit-reset` or `retry-after`.
fn reset_time(headers: &HeaderMap, now: u64) -> Option<u64> {
    header_u64(headers, "x-rate-limit-reset")
        .or_else(|| header_u64(headers, "retry-after").map(|after| now.saturating_add(after)))
}

/// `-v`: one line per request with the quota left; `-vv`: the answer's headers too.
fn trace(method: &str, path: &str, attempt: &Attempt) {
    if crate::output::verbosity() == 0 {
        return;
    }
    let line = match attempt {
        Attempt::Answer(status, headers, body) => {
            let quota = match (
                header_u64(headers, "x-rate-limit-remaining"),
                header_u64(headers, "x-rate-limit-limit"),
                header_u64(headers, "x-rate-limit-reset"),
            ) {
                (Some(left), Some(limit), Some(reset)) => {
                    format!(" (quota {left}/{limit} left, resets {} UTC)", clock(reset))
                }
                (Some(left), _, _) => format!(" (quota {left} left)"),
                _ => String::new(),
            };
            let mut line = format!("{method} {path} -> {status}{quota}");
            if crate::output::verbosity() >= 2 {
                for (name, value) in headers {
                    line.push_str(&format!(
                        "\n  < {name}: {}",
                        value.to_str().unwrap_or("(binary)")
                    ));
                }
                line.push_str(&format!("\n  < {}", crate::output::redacted_body(body)));
            }
            line
        }
        Attempt::CutOff(status, err) => format!("{method} {path} -> {status}, then cut off: {err}"),
        Attempt::NoAnswer { err, .. } => format!("{method} {path} -> no answer: {err}"),
    };
    crate::output::trace(1, line);
}

fn auth_kind(auth: Auth<'_>) -> AuthKind {
    match auth {
        Auth::Bearer(_) => AuthKind::Bearer,
        Auth::OAuth1(_) => AuthKind::OAuth1,
    }
}

/// Which credentials a refused request carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// The OAuth 2.0 token.
    Bearer,
    /// The OAuth 1.0a keys.
    OAuth1,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// What X said in an error body, in its own words.
pub fn error_text(body: &[u8]) -> Option<String> {
    let json: serde_json::Value = serde_json::from_slice(body).ok()?;
    let field = |v: &serde_json::Value, k: &str| {
        v.get(k)
            .and_then(|s| s.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    if let Some(detail) = field(&json, "detail") {
        return Some(detail);
    }
    if let Some(errors) = json.get("errors").and_then(|e| e.as_array()) {
        let messages: Vec<String> = errors
            .iter()
            .filter_map(|e| field(e, "message").or_else(|| field(e, "detail")))
            .collect();
        if !messages.is_empty() {
            return Some(messages.join("; "));
        }
    }
    if let Some(description) = field(&json, "error_description") {
        return Some(description);
    }
    field(&json, "title").or_else(|| field(&json, "error"))
}

/// Turns X's refusal into an error with the right exit code and advice.
pub fn failure(
    op: Operation,
    auth: AuthKind,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    now: u64,
) -> Error {
    let said = error_text(body).unwrap_or_else(|| {
        status
            .canonical_reason()
            .unwrap_or("no explanation")
            .to_owned()
    });
    let lower = said.to_lowercase();
    let code = status.as_u16();
    let refused = format!("X refused {} ({code}): {said}", op.doing());

    match code {
        429 => {
            let reset = reset_time(headers, now);
            let when = match reset {
                Some(reset) => format!(
                    "; it resets at {} UTC (in {})",
                    clock(reset),
                    crate::output::duration(Duration::from_secs(reset.saturating_sub(now)))
                ),
                None => String::new(),
            };
            Error::new(
                Exit::TryLater,
                format!("X's rate limit for {} is used up{when}", op.doing()),
            )
            .hint("try again after the reset, or give --wait to wait for it")
        }
        401 if auth == AuthKind::OAuth1 => Error::new(
            Exit::Config,
            format!("X refused the OAuth 1.0a signature for {} ({code}): {said}", op.doing()),
        )
        .hint("check X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN and X_ACCESS_TOKEN_SECRET; regenerate the access token after giving the app Read and Write permission"),
        401 => Error::new(
            Exit::Auth,
            format!("X refused the access token for {} ({code}): {said}", op.doing()),
        )
        .hint("log in again with xpost auth login"),
        403 if lower.contains("duplicate") => Error::new(Exit::Refused, refused)
            .hint("X refuses text identical to a recent post: change the text"),
        403 if lower.contains("permission")
            || lower.contains("not configured")
            || lower.contains("client-not-enrolled")
            || lower.contains("project") =>
        {
            Error::new(Exit::Config, refused).hint(
                "in the developer portal, give the app Read and Write permission (User authentication settings) and attach it to a Project; then regenerate the keys",
            )
        }
        403 if lower.contains("scope") => Error::new(Exit::Auth, refused)
            .hint("log in again so that X grants every scope xpost asks for"),
        413 => Error::new(Exit::BadInput, refused).hint("the file is larger than X accepts"),
        400 | 415 | 422 if op == Operation::Upload => Error::new(Exit::BadInput, refused),
        400..=499 if op == Operation::Me => Error::new(Exit::Auth, refused),
        400..=499 => Error::new(Exit::Refused, refused),
        500..=599 => Error::new(
            Exit::Unavailable,
            format!("X had a server error during {} ({code}): {said}", op.doing()),
        )
        .hint("try again in a few minutes"),
        _ => Error::internal(format!(
            "X answered {} with an unexpected status ({code}): {said}",
            op.doing()
        )),
    }
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// `HH:MM:SS` of a Unix time, in UTC.
fn clock(unix: u64) -> String {
    let day = unix % 86_400;
    format!("{:02}:{:02}:{:02}", day / 3600, day / 60 % 60, day % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(op: Operation, status: u16, body: &str) -> Error {
        failure(
            op,
            AuthKind::Bearer,
            StatusCode::from_u16(status).unwrap(),
            &HeaderMap::new(),
            body.as_bytes(),
            0,
        )
    }

    #[test]
    fn reads_every_error_shape() {
        assert_eq!(
            error_text(br#"{"title":"Forbidden","detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","status":403}"#).as_deref(),
            Some("You are not allowed to create a Tweet with duplicate content.")
        );
        assert_eq!(
            error_text(br#"{"errors":[{"message":"Could not authenticate you","code":32}]}"#)
                .as_deref(),
            Some("Could not authenticate you")
        );
        assert_eq!(
            error_text(br#"{"error":"invalid_request","error_description":"Value passed for the authorization code was invalid."}"#).as_deref(),
            Some("Value passed for the authorization code was invalid.")
        );
        assert_eq!(
            error_text(br#"{"title":"Unauthorized"}"#).as_deref(),
            Some("Unauthorized")
        );
        assert_eq!(error_text(b"<html>oops</html>"), None);
    }

    #[test]
    fn duplicate_post_is_refused_with_advice() {
        let err = fail(
            Operation::Post,
            403,
            r#"{"detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","title":"Forbidden","status":403}"#,
        );
        assert_eq!(err.exit(), Exit::Refused);
        assert!(err.to_string().contains("duplicate content"));
        assert!(err.to_string().contains("change the text"));
    }

    #[test]
    fn status_classes() {
        assert_eq!(
            fail(
                Operation::Post,
                400,
                r#"{"detail":"Your Tweet text is too long."}"#
            )
            .exit(),
            Exit::Refused
        );
        assert_eq!(
            fail(Operation::Upload, 400, r#"{"detail":"bad media"}"#).exit(),
            Exit::BadInput
        );
        assert_eq!(
            fail(Operation::Post, 401, r#"{"title":"Unauthorized"}"#).exit(),
            Exit::Auth
        );
        assert_eq!(
            fail(
                Operation::Post,
                403,
                r#"{"detail":"Missing scope tweet.write"}"#
            )
            .exit(),
            Exit::Auth
        );
        assert_eq!(fail(Operation::Post, 403, r#"{"detail":"Your client app is not configured with the appropriate oauth1 app permissions for this endpoint."}"#).exit(), Exit::Config);
        assert_eq!(fail(Operation::Post, 503, "").exit(), Exit::Unavailable);
        assert_eq!(fail(Operation::Upload, 413, "").exit(), Exit::BadInput);
        let err = fail(Operation::Post, 502, "<html>");
        assert!(err.to_string().contains("Bad Gateway"), "{err}");
    }

    #[test]
    fn bad_signature_points_at_oauth1_keys() {
        let err = failure(
            Operation::Upload,
            AuthKind::OAuth1,
            StatusCode::UNAUTHORIZED,
            &HeaderMap::new(),
            br#"{"errors":[{"message":"Could not authenticate you","code":32}]}"#,
            0,
        );
        assert_eq!(err.exit(), Exit::Config);
        assert!(err.to_string().contains("X_API_KEY"));
    }

    #[test]
    fn rate_limit_says_when_it_resets() {
        let mut headers = HeaderMap::new();
        headers.insert("x-rate-limit-reset", "1700000900".parse().unwrap());
        let err = failure(
            Operation::Post,
            AuthKind::Bearer,
            StatusCode::TOO_MANY_REQUESTS,
            &headers,
            br#"{"title":"Too Many Requests"}"#,
            1_700_000_000,
        );
        assert_eq!(err.exit(), Exit::TryLater);
        assert!(err.to_string().contains("22:28:20 UTC (in 15m)"), "{err}");

        let mut headers = HeaderMap::new();
        headers.insert("retry-after", "30".parse().unwrap());
        let err = failure(
            Operation::Upload,
            AuthKind::OAuth1,
            StatusCode::TOO_MANY_REQUESTS,
            &headers,
            b"",
            60,
        );
        assert!(err.to_string().contains("00:01:30 UTC (in 30s)"), "{err}");
    }

    fn answer(status: u16, headers: &[(&'static str, &str)], body: &str) -> Attempt {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, value.parse().unwrap());
        }
        Attempt::Answer(
            StatusCode::from_u16(status).unwrap(),
            map,
            bytes::Bytes::from(body.to_owned()),
        )
    }

    fn decided(
        op: Operation,
        attempt: Attempt,
        retry: bool,
        wait: bool,
    ) -> Decision<serde_json::Value> {
        decide(op, AuthKind::Bearer, attempt, retry, wait)
    }

    #[test]
    fn a_post_is_never_repeated_once_x_may_have_acted() {
        for attempt in [
            answer(503, &[], r#"{"title":"Service Unavailable"}"#),
            answer(500, &[], ""),
            answer(201, &[], "<html>cut"),
        ] {
            match decided(Operation::Post, attempt, true, true) {
                Decision::Fail(err) => assert_eq!(err.exit(), Exit::MaybePosted, "{err}"),
                _ => panic!("a post must not be repeated"),
            }
        }
        match decided(
            Operation::Post,
            answer(201, &[], r#"{"data":{"id":"1"}}"#),
            true,
            false,
        ) {
            Decision::Done(value) => assert_eq!(value["data"]["id"], "1"),
            _ => panic!("a good answer is done"),
        }
    }

    #[test]
    fn safe_requests_are_repeated_on_server_errors_and_bad_bodies() {
        assert!(matches!(
            decided(Operation::Upload, answer(503, &[("retry-after", "2")], ""), true, false),
            Decision::Retry(_, Some(d)) if d == Duration::from_secs(2)
        ));
        assert!(matches!(
            decided(Operation::Me, answer(200, &[], "<html>"), true, false),
            Decision::Retry(_, None)
        ));
        match decided(Operation::Upload, answer(502, &[], ""), false, false) {
            Decision::Fail(err) => assert_eq!(err.exit(), Exit::Unavailable),
            _ => panic!("out of retries"),
        }
        // A refusal is not repeated.
        assert!(matches!(
            decided(
                Operation::Upload,
                answer(400, &[], r#"{"detail":"bad"}"#),
                true,
                false
            ),
            Decision::Fail(_)
        ));
    }

    #[test]
    fn rate_limits_wait_with_wait_and_fail_without() {
        let limited = || answer(429, &[("x-rate-limit-reset", "1900000000")], "");
        assert!(matches!(
            decided(Operation::Post, limited(), true, true),
            Decision::WaitUntil(1_900_000_000)
        ));
        match decided(Operation::Post, limited(), true, false) {
            Decision::Fail(err) => {
                assert_eq!(err.exit(), Exit::TryLater);
                assert!(err.to_string().contains("--wait"), "{err}");
            }
            _ => panic!("without --wait a 429 fails"),
        }
    }

    /// Found by the property tests: a 429 whose retry-after is near u64::MAX overflowed
    /// `now + after`.
    #[test]
    fn huge_retry_after_does_not_overflow() {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", "18446744073709551615".parse().unwrap());
        let err = failure(
            Operation::Post,
            AuthKind::Bearer,
            StatusCode::TOO_MANY_REQUESTS,
            &headers,
            b"",
            1_600_000_000,
        );
        assert_eq!(err.exit(), Exit::TryLater);
    }

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
