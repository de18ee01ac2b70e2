//! Talking to X's `/2/...` API: base URL, authorization, sending, repeating and waiting.
//!
//! [`Api::call`] sends one request and reads the JSON answer; what to make of each answer is
//! decided by the pure [`super::answer`].

use std::sync::atomic::{AtomicBool, Ordering};

use reqwest::header::AUTHORIZATION;
use reqwest::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use tokio::time::Instant;
use url::Url;

use super::answer::{
    Attempt, AuthKind, Decision, Operation, WaitBounds, decide, now, quotas, wait_for_reset,
};
use crate::config::join;
use crate::error::{Error, Result};
use crate::http::{Policy, backoff, read_body};
use crate::oauth1::{self, OAuth1Keys};
use crate::output;
use crate::sanitize::outside;
use crate::secret::Secret;

/// How a request to X is authorized.
#[derive(Clone, Copy)]
pub enum Auth<'a> {
    /// OAuth 2.0 user token.
    Bearer(&'a Secret),
    /// OAuth 1.0a user context.
    OAuth1(&'a OAuth1Keys),
}

/// The `/2/...` API at a base URL, over one HTTP client.
#[derive(Clone)]
pub struct Api {
    http: reqwest::Client,
    base: Url,
    policy: Policy,
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
    /// outcome is unknown the error says it may exist ([`Cause::MaybePosted`](crate::error::Cause::MaybePosted)). A 429 (X did
    /// not act) waits for the reset with `--wait` and goes again, else fails with the reset
    /// time.
    pub async fn call<T: DeserializeOwned>(
        &self,
        op: Operation,
        auth: Auth<'_>,
        build: impl Fn() -> RequestBuilder,
    ) -> Result<T> {
        self.call_watched(op, auth, None, build).await
    }

    /// [`Api::call`], with `on_its_way` set from the moment a request is sent until its answer
    /// (or its failure) is in, and clear while waiting to repeat or for a rate limit's reset.
    pub async fn call_watched<T: DeserializeOwned>(
        &self,
        op: Operation,
        auth: Auth<'_>,
        on_its_way: Option<&AtomicBool>,
        build: impl Fn() -> RequestBuilder,
    ) -> Result<T> {
        let mark = |value: bool| {
            if let Some(flag) = on_its_way {
                flag.store(value, Ordering::SeqCst);
            }
        };
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
            mark(true);
            let sent = client.execute(request).await;
            let attempt = match sent {
                Err(err) => {
                    let sent = !err.is_connect();
                    Attempt::NoAnswer { err, sent }
                }
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    match read_body(response).await {
                        Ok(body) => Attempt::Answer(status, headers, body),
                        Err(err) => Attempt::CutOff(status, err),
                    }
                }
            };
            mark(false);
            trace(&method, &path, &attempt);
            let retry = failures < self.policy.retries;
            let (err, after) =
                match decide::<T>(op, auth_kind(auth), attempt, retry, self.policy.wait) {
                    Decision::Done(value) => return Ok(value),
                    Decision::Fail(err) => return Err(err),
                    Decision::Retry(err, after) => (err, after),
                    Decision::WaitUntil(reset, window) => {
                        // A reset past --max-time or --max-wait is not waited for: the run ends
                        // now, saying so, rather than when --max-time runs out.
                        let bounds = WaitBounds {
                            left: self
                                .policy
                                .deadline
                                .map(|deadline| deadline.saturating_duration_since(Instant::now())),
                            max_wait: self.policy.max_wait,
                        };
                        let (wait, note) = wait_for_reset(op, &window, reset, now(), bounds)?;
                        output::note(note);
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                };
            failures += 1;
            let wait = after.unwrap_or_else(|| backoff(failures));
            output::trace(
                1,
                format!("{}; trying again in {} ms", err.message(), wait.as_millis()),
            );
            tokio::time::sleep(wait).await;
        }
    }
}

/// `-v`: one line per request with the quota left; `-vv`: the answer's headers too.
fn trace(method: &str, path: &str, attempt: &Attempt) {
    if output::verbosity() == 0 {
        return;
    }
    let line = match attempt {
        Attempt::Answer(status, headers, body) => {
            let quota = quotas(headers, now());
            let mut line = format!("{method} {path} -> {status}{quota}");
            if output::verbosity() >= 2 {
                for (name, value) in headers {
                    line.push_str(&format!(
                        "\n  < {name}: {}",
                        value.to_str().map_or("(binary)".into(), outside)
                    ));
                }
                line.push_str(&format!("\n  < {}", output::redacted_body(body)));
            }
            line
        }
        Attempt::CutOff(status, err) => format!("{method} {path} -> {status}, then cut off: {err}"),
        Attempt::NoAnswer { err, .. } => format!("{method} {path} -> no answer: {err}"),
    };
    output::trace(1, line);
}

fn auth_kind(auth: Auth<'_>) -> AuthKind {
    match auth {
        Auth::Bearer(_) => AuthKind::Bearer,
        Auth::OAuth1(_) => AuthKind::OAuth1,
    }
}
