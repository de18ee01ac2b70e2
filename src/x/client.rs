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

/// The `/2/...` API at a base URL, over one HTTP client.
#[derive(Clone)]
pub struct Api {
    http: reqwest::Client,
    base: Url,
}

/// The HTTP client every request of xpost goes through: rustls, no redirects, bounded connect.
pub fn http_client() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(concat!("xpost/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .build()
        .map_err(|err| Error::internal(format!("cannot set up HTTP: {}", error_chain(&err))))
}

impl Api {
    /// The API at `base` (e.g. `https://api.x.com`).
    pub fn new(http: reqwest::Client, base: Url) -> Self {
        Api { http, base }
    }

    /// The URL of `path` under the base.
    pub fn url(&self, path: &str) -> Url {
        join(&self.base, path)
    }

    /// A request to `url`, authorized. OAuth 1.0a signs the method, URL and its query only.
    pub fn request(&self, method: Method, url: Url, auth: Auth<'_>) -> RequestBuilder {
        let header = match auth {
            Auth::Bearer(token) => format!("Bearer {}", token.expose()),
            Auth::OAuth1(keys) => oauth1::authorization(keys, method.as_str(), &url),
        };
        self.http.request(method, url).header(AUTHORIZATION, header)
    }

    /// Sends `request` and reads X's JSON answer into `T`.
    pub async fn call<T: DeserializeOwned>(
        &self,
        op: Operation,
        auth: Auth<'_>,
        request: RequestBuilder,
    ) -> Result<T> {
        let response = request.send().await.map_err(|err| {
            // reqwest's messages name the URL, never headers: no secret here.
            Error::new(
                Exit::Unavailable,
                format!(
                    "could not reach X for {}: {}",
                    op.doing(),
                    error_chain(&err)
                ),
            )
            .hint("check the network connection and try again")
        })?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(|err| {
            Error::new(
                Exit::Unavailable,
                format!(
                    "X's answer to {} was cut off: {}",
                    op.doing(),
                    error_chain(&err)
                ),
            )
        })?;
        if !status.is_success() {
            return Err(failure(op, auth_kind(auth), status, &headers, &body, now()));
        }
        serde_json::from_slice(&body).map_err(|err| {
            let what = if body.is_empty() {
                "an empty body"
            } else if serde_json::from_slice::<serde_json::Value>(&body).is_ok() {
                "JSON"
            } else {
                "a body that is not JSON"
            };
            Error::internal(format!(
                "X answered {} with {what} xpost cannot read ({err})",
                op.doing()
            ))
        })
    }
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
            let reset = header_u64(headers, "x-rate-limit-reset").or_else(|| {
                header_u64(headers, "retry-after").map(|after| now + after)
            });
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
            .hint("try again after the reset")
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
}
