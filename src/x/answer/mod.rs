//! How xpost reads X's answers, pure: what to do after one attempt (done, repeat, wait, fail)
//! and the error a refusal becomes, with its exit code and advice, from the status, the body
//! and what xpost was doing. How long a used-up rate limit lasts is `rate`'s; what a refusal
//! becomes, `refusal`'s.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::error::{Cause, Error, Result, error_chain};
use crate::problem::{Kind, error_text, kind};

mod rate;
mod refusal;

use rate::*;
pub(crate) use rate::{WaitBounds, now, quotas, wait_for_reset};
pub use refusal::{AuthKind, failure};

/// What xpost was doing, which decides how a refusal is explained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Uploading a media file.
    Upload,
    /// Setting a media file's alt text.
    AltText,
    /// Setting a media file's sensitive-media warning.
    Warning,
    /// Setting a media file's alt text and sensitive-media warning (one request).
    AltTextAndWarning,
    /// Attaching subtitles to a video.
    Subtitles,
    /// Looking up a user to tag by username.
    TagLookup,
    /// Creating a post of this shape.
    Post(PostShape),
    /// Looking up the logged-in user.
    Me,
    /// Deleting a post (safe to repeat: a post deleted twice is deleted once).
    Delete,
    /// Reading a post (safe to repeat).
    Lookup,
    /// Creating an Article's draft (not public; repeated as a read is).
    ArticleDraft,
    /// Publishing an Article: it makes a post, so it is never sent twice.
    ArticlePublish,
}

/// What a post asks of X beyond text and media, which decides how a refusal is explained.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PostShape {
    /// It replies to a post.
    pub reply: bool,
    /// It quotes a post.
    pub quote: bool,
    /// It is a new version of a post (an edit).
    pub edit: bool,
}

impl Operation {
    /// A post that neither replies nor quotes.
    pub const PLAIN_POST: Operation = Operation::Post(PostShape {
        reply: false,
        quote: false,
        edit: false,
    });

    /// Whether this creates a post (which is never sent twice).
    pub fn is_post(self) -> bool {
        matches!(self, Operation::Post(_) | Operation::ArticlePublish)
    }

    /// Whether this sends media or what goes with it (X's 400 then means bad media: 65).
    fn is_media(self) -> bool {
        matches!(
            self,
            Operation::Upload
                | Operation::AltText
                | Operation::Warning
                | Operation::AltTextAndWarning
                | Operation::Subtitles
        )
    }

    pub(crate) fn doing(self) -> &'static str {
        match self {
            Operation::Upload => "the media upload",
            Operation::AltText => "the alt text",
            Operation::Post(PostShape { edit: true, .. }) => "the edit",
            Operation::Warning => "the sensitive-media warning",
            Operation::AltTextAndWarning => "the alt text and sensitive-media warning",
            Operation::Subtitles => "the subtitles",
            Operation::TagLookup => "the lookup of a user to tag",
            Operation::Post(_) => "the post",
            Operation::Me => "the user lookup",
            Operation::Delete => "the deletion",
            Operation::Lookup => "the post lookup",
            Operation::ArticleDraft => "the article's draft",
            Operation::ArticlePublish => "the article's publication",
        }
    }
}

/// What came back from one attempt.
pub(crate) enum Attempt {
    /// A whole answer.
    Answer(StatusCode, HeaderMap, bytes::Bytes),
    /// The headers came, then the body broke off.
    CutOff(StatusCode, reqwest::Error),
    /// No answer; `sent` when the request may have left (anything but a failed connect).
    NoAnswer { err: reqwest::Error, sent: bool },
}

/// What to do after one attempt.
pub(crate) enum Decision<T> {
    Done(T),
    Fail(Error),
    /// Go again after the given wait (or the backoff).
    Retry(Error, Option<Duration>),
    /// Rate limited with `--wait`: go again after this Unix time (`None`: X did not say when
    /// in a way xpost can read), once the window named (in words) resets.
    WaitUntil(Option<u64>, String),
}

pub(crate) fn decide<T: DeserializeOwned>(
    op: Operation,
    auth: AuthKind,
    attempt: Attempt,
    retry: bool,
    wait: bool,
) -> Decision<T> {
    let safe = !op.is_post();
    match attempt {
        Attempt::Answer(status, _, body) if status.is_success() => {
            read_success(op, status, &body, retry)
        }
        // A usage cap is no rate limit: it ends the run, as below, however long --wait waits.
        Attempt::Answer(status, headers, body)
            if status == StatusCode::TOO_MANY_REQUESTS
                && wait
                && !matches!(kind(&body), Kind::UsageCapped { .. }) =>
        {
            Decision::WaitUntil(reset_time(&headers, now()), used_up_window(&headers, op))
        }
        Attempt::Answer(status, _, body) if status.is_server_error() && op.is_post() => {
            let said = error_text(&body).unwrap_or_else(|| status.to_string());
            Decision::Fail(maybe_posted(
                op,
                format!(
                    "X had a server error after receiving {} ({status}): {said}",
                    op.doing()
                ),
            ))
        }
        Attempt::Answer(status, headers, body) => {
            let err = failure(op, auth, status, &headers, &body, now());
            let again = status.is_server_error() && safe && retry;
            retry_or_fail(err, again, retry_after(&headers))
        }
        Attempt::CutOff(status, err) if op.is_post() && status.is_success() => {
            Decision::Fail(maybe_posted(
                op,
                format!(
                    "X accepted {} ({status}) but its answer was cut off ({})",
                    op.doing(),
                    error_chain(&err)
                ),
            ))
        }
        Attempt::CutOff(status, err) => {
            retry_or_fail(cut_off(op, status, &err), safe && retry, None)
        }
        Attempt::NoAnswer { err, sent: true } if op.is_post() => Decision::Fail(maybe_posted(
            op,
            format!(
                "{} went out but no answer came back ({})",
                op.doing(),
                error_chain(&err)
            ),
        )),
        // Not sent at all, or sent where repeating is safe.
        Attempt::NoAnswer { err, .. } => retry_or_fail(unreachable_x(op, &err), retry, None),
    }
}

/// A success's body read as `T`; one that cannot be read may be asked for again, unless it
/// answered a post, which exists then. A `204` has no body: it is read as JSON's `null` (an
/// `Option` then reads it as `None`).
fn read_success<T: DeserializeOwned>(
    op: Operation,
    status: StatusCode,
    body: &[u8],
    retry: bool,
) -> Decision<T> {
    let body = if status == StatusCode::NO_CONTENT && body.trim_ascii().is_empty() {
        &b"null"[..]
    } else {
        body
    };
    match serde_json::from_slice::<T>(body) {
        Ok(value) => Decision::Done(value),
        Err(err) if op.is_post() => Decision::Fail(maybe_posted(
            op,
            format!(
                "X accepted {} ({status}) but its answer could not be read ({err})",
                op.doing()
            ),
        )),
        Err(err) => retry_or_fail(unreadable(op, body, &err), retry, None),
    }
}

/// Goes again with `err` (after `after`, or the backoff) when `again`, else ends with it.
fn retry_or_fail<T>(err: Error, again: bool, after: Option<Duration>) -> Decision<T> {
    if again {
        Decision::Retry(err, after)
    } else {
        Decision::Fail(err)
    }
}

/// How xpost reads one whole answer from X for `op`, when it will not try again: the value,
/// or the error it would end with. The same decision [`crate::x::client::Api::call`] makes; public so that the
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
        Decision::WaitUntil(..) => Err(Error::new(Cause::TryLater, "rate limited")),
    }
}

fn maybe_posted(op: Operation, message: String) -> Error {
    let hint = if op_edits(op) {
        "the new version may exist: look at the post before editing it again (xpost does not resend an edit whose outcome is unknown)"
    } else {
        "the post may exist: look at your profile before posting it again (xpost does not resend a post whose outcome is unknown)"
    };
    Error::new(Cause::MaybePosted, message).hint(hint)
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
        Cause::Unavailable,
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
        Cause::Unavailable,
        format!("{what} for {}: {}", op.doing(), error_chain(err)),
    )
    .hint("check the network connection and try again; --timeout allows more time")
}

pub(crate) fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

pub(super) fn op_quotes(op: Operation) -> bool {
    matches!(op, Operation::Post(PostShape { quote: true, .. }))
}

pub(super) fn op_edits(op: Operation) -> bool {
    matches!(op, Operation::Post(PostShape { edit: true, .. }))
}

pub(super) fn op_replies(op: Operation) -> bool {
    matches!(op, Operation::Post(PostShape { reply: true, .. }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;

    fn header_map(headers: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    /// X's 429 to a post, with these headers, read at `now`.
    fn limited_at(headers: &[(&'static str, &str)], now: u64) -> Error {
        failure(
            Operation::PLAIN_POST,
            AuthKind::Bearer,
            StatusCode::TOO_MANY_REQUESTS,
            &header_map(headers),
            b"",
            now,
        )
    }

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

    const EDIT: Operation = Operation::Post(PostShape {
        reply: false,
        quote: false,
        edit: true,
    });

    #[test]
    fn an_edit_is_never_repeated_and_its_refusals_say_the_post_is_unchanged() {
        for attempt in [
            answer(503, &[], r#"{"title":"Service Unavailable"}"#),
            answer(201, &[], "<html>cut"),
        ] {
            match decided(EDIT, attempt, true, true) {
                Decision::Fail(err) => {
                    assert_eq!(err.exit(), Exit::MaybePosted, "{err}");
                    assert!(err.message().contains("the edit"), "{err}");
                    assert!(
                        err.hint_text()
                            .unwrap()
                            .contains("look at the post before editing it again"),
                        "{err}"
                    );
                }
                _ => panic!("an edit must not be repeated"),
            }
        }
        let err = fail(
            EDIT,
            403,
            r#"{"title":"Forbidden","type":"about:blank","detail":"This Post can no longer be edited: its edit window has closed.","status":403}"#,
        );
        assert_eq!(err.exit(), Exit::Refused);
        assert_eq!(
            err.message(),
            "X refused the edit (403): This Post can no longer be edited: its edit window has closed."
        );
        assert!(
            err.hint_text()
                .unwrap()
                .starts_with("the post is unchanged"),
            "{err}"
        );
        // A duplicate is still a duplicate.
        let err = fail(
            EDIT,
            403,
            r#"{"detail":"You are not allowed to create a Tweet with duplicate content."}"#,
        );
        assert!(err.to_string().contains("change the text"), "{err}");
        let (_, note) = wait_for_reset(EDIT, "X's rate limit", Some(5), 0, bounds(None)).unwrap();
        assert!(note.contains("waiting"), "{note}");
        let err = wait_for_reset(
            Operation::Lookup,
            "X's rate limit",
            Some(86_000),
            0,
            bounds(Some(Duration::from_secs(60))),
        )
        .unwrap_err();
        assert!(err.to_string().contains("nothing was edited"), "{err}");
    }

    #[test]
    fn a_lookup_of_a_missing_post_is_gone_and_a_refused_parameter_is_named() {
        let err = fail(
            Operation::Lookup,
            404,
            r#"{"title":"Not Found Error","type":"https://api.twitter.com/2/problems/resource-not-found","detail":"Could not find tweet with id: [1].","status":404}"#,
        );
        assert_eq!(err.cause(), &Cause::Gone);
        let err = fail(
            Operation::Lookup,
            400,
            r#"{"errors":[{"parameters":{"tweet.fields":["edit_controls"]},"message":"The query parameter [tweet.fields] is not one of [id,expansions,post.fields]"}],"title":"Invalid Request","detail":"One or more parameters to your request was invalid."}"#,
        );
        assert!(err.cause().refuses_parameter("tweet.fields"));
        assert!(
            err.message().contains("The query parameter [tweet.fields]"),
            "{err}"
        );
        // Only a 400 names parameters.
        let err = fail(
            Operation::Lookup,
            403,
            r#"{"errors":[{"parameters":{"tweet.fields":["x"]},"message":"no"}]}"#,
        );
        assert!(!err.cause().refuses_parameter("tweet.fields"));
        assert!(
            err.hint_text().unwrap().contains("does not show this post"),
            "{err}"
        );
    }

    #[test]
    fn duplicate_post_is_refused_with_advice() {
        let err = fail(
            Operation::PLAIN_POST,
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
                Operation::PLAIN_POST,
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
            fail(Operation::PLAIN_POST, 401, r#"{"title":"Unauthorized"}"#).exit(),
            Exit::Auth
        );
        assert_eq!(
            fail(
                Operation::PLAIN_POST,
                403,
                r#"{"detail":"Missing scope tweet.write"}"#
            )
            .exit(),
            Exit::Auth
        );
        assert_eq!(fail(Operation::PLAIN_POST, 403, r#"{"detail":"Your client app is not configured with the appropriate oauth1 app permissions for this endpoint."}"#).exit(), Exit::Config);
        assert_eq!(
            fail(Operation::PLAIN_POST, 503, "").exit(),
            Exit::Unavailable
        );
        assert_eq!(fail(Operation::Upload, 413, "").exit(), Exit::BadInput);
        let err = fail(Operation::PLAIN_POST, 502, "<html>");
        assert!(err.to_string().contains("Bad Gateway"), "{err}");
    }

    #[test]
    fn alt_text_refusals_say_alt_text() {
        let err = fail(
            Operation::AltText,
            400,
            r#"{"detail":"The alt text is too long."}"#,
        );
        assert_eq!(err.exit(), Exit::BadInput);
        assert!(
            err.message().starts_with("X refused the alt text (400)"),
            "{err}"
        );
        let err = fail(Operation::AltText, 503, "");
        assert!(err.message().contains("during the alt text"), "{err}");
        assert!(!err.message().contains("upload"), "{err}");
        for (op, what) in [
            (
                Operation::Warning,
                "X refused the sensitive-media warning (400)",
            ),
            (
                Operation::AltTextAndWarning,
                "X refused the alt text and sensitive-media warning (400)",
            ),
            (Operation::Subtitles, "X refused the subtitles (400)"),
        ] {
            let err = fail(op, 400, r#"{"detail":"no"}"#);
            assert_eq!(err.exit(), Exit::BadInput, "{op:?}");
            assert!(err.message().starts_with(what), "{err}");
        }
        // A lookup X refuses is no bad media.
        let err = fail(Operation::TagLookup, 400, r#"{"detail":"no"}"#);
        assert_eq!(err.exit(), Exit::Refused);
        assert!(
            err.message()
                .starts_with("X refused the lookup of a user to tag (400)"),
            "{err}"
        );
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
        assert!(
            !matches!(err.cause(), Cause::TokenRefused),
            "no token to renew"
        );
    }

    #[test]
    fn only_a_401_on_the_bearer_token_is_a_refused_token() {
        for op in [Operation::PLAIN_POST, Operation::Upload, Operation::Me] {
            assert!(matches!(
                fail(op, 401, r#"{"title":"Unauthorized"}"#).cause(),
                Cause::TokenRefused
            ));
            assert!(!matches!(
                fail(op, 403, r#"{"detail":"Missing scope"}"#).cause(),
                Cause::TokenRefused
            ));
            assert!(!matches!(fail(op, 429, "").cause(), Cause::TokenRefused));
        }
        // X did nothing with a refused post: it is a refusal, never "may have posted".
        match decided(Operation::PLAIN_POST, answer(401, &[], ""), true, false) {
            Decision::Fail(err) => {
                assert!(matches!(err.cause(), Cause::TokenRefused));
                assert_eq!(err.exit(), Exit::Auth);
            }
            _ => panic!("a 401 is not repeated by the request loop"),
        }
    }

    #[test]
    fn rate_limit_says_when_it_resets() {
        let err = limited_at(&[("x-rate-limit-reset", "1700000900")], 1_700_000_000);
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
        let map = header_map(headers);
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
            match decided(Operation::PLAIN_POST, attempt, true, true) {
                Decision::Fail(err) => assert_eq!(err.exit(), Exit::MaybePosted, "{err}"),
                _ => panic!("a post must not be repeated"),
            }
        }
        match decided(
            Operation::PLAIN_POST,
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
        let reset = now() + 900;
        let header = reset.to_string();
        let limited = || answer(429, &[("x-rate-limit-reset", &header)], "");
        assert!(matches!(
            decided(Operation::PLAIN_POST, limited(), true, true),
            Decision::WaitUntil(Some(at), _) if at == reset
        ));
        assert!(matches!(
            decided(
                Operation::PLAIN_POST,
                answer(429, &[("x-rate-limit-reset", "soon")], ""),
                true,
                true
            ),
            Decision::WaitUntil(None, _)
        ));
        match decided(Operation::PLAIN_POST, limited(), true, false) {
            Decision::Fail(err) => {
                assert_eq!(err.exit(), Exit::TryLater);
                assert!(err.to_string().contains("--wait"), "{err}");
            }
            _ => panic!("without --wait a 429 fails"),
        }
    }

    #[test]
    fn a_reset_that_cannot_be_read_is_not_given_as_a_time() {
        let now = 1_700_000_000;
        let limited = |headers: &[(&'static str, &str)]| limited_at(headers, now).to_string();
        for unreadable in [
            vec![("x-rate-limit-reset", "soon")],
            vec![("x-rate-limit-reset", "1.7e9")],
            vec![("x-rate-limit-reset", "")],
            vec![("x-rate-limit-reset", "18446744073709551615")],
            vec![("x-rate-limit-reset", "5")],
            vec![("retry-after", "Fri, 31 Dec 1999 23:59:59 GMT")],
            vec![("retry-after", "99999999999")],
            vec![],
        ] {
            let said = limited(&unreadable);
            assert!(!said.contains("UTC"), "{unreadable:?}: {said}");
            assert!(said.contains("X did not say when it resets"), "{said}");
        }
        // A readable one is given, the 24-hour window's when that is the one used up.
        let said = limited(&[("x-rate-limit-reset", "1700000900")]);
        assert!(said.contains("22:28:20 UTC (in 15m)"), "{said}");
        let said = limited(&[
            ("x-rate-limit-remaining", "40"),
            ("x-rate-limit-reset", "1700000900"),
            ("x-user-limit-24hour-remaining", "0"),
            ("x-user-limit-24hour-reset", "1700036000"),
        ]);
        assert!(said.contains("08:13:20 UTC (in 10h)"), "{said}");
    }

    const WINDOW: &str = "X's rate limit for the post";

    /// Bounded by what is left of --max-time only (--max-wait far away).
    fn bounds(left: Option<Duration>) -> WaitBounds {
        WaitBounds {
            left,
            max_wait: Duration::from_secs(40 * 86_400),
        }
    }

    #[test]
    fn waits_for_a_reset_within_max_time_and_not_past_it() {
        let now = 1_700_000_000;
        let reset = Some(now + 900);
        // No bound, or one the reset is within: wait, saying until when.
        for left in [None, Some(Duration::from_secs(901))] {
            let (wait, note) =
                wait_for_reset(Operation::PLAIN_POST, WINDOW, reset, now, bounds(left)).unwrap();
            assert_eq!(wait, Duration::from_secs(900));
            assert!(note.contains("waiting until 22:28:20 UTC (15m)"), "{note}");
        }
        // Past --max-time: not waited for; the reset is named and nothing was posted.
        let err = wait_for_reset(
            Operation::PLAIN_POST,
            WINDOW,
            reset,
            now,
            bounds(Some(Duration::from_secs(300))),
        )
        .unwrap_err();
        assert_eq!(err.exit(), Exit::TryLater);
        let said = err.to_string();
        assert!(said.contains("resets at 22:28:20 UTC (in 15m)"), "{said}");
        assert!(said.contains("--max-time runs out (in 5m)"), "{said}");
        assert!(said.contains("nothing was posted"), "{said}");
        // Unknown reset: a minute's wait, said as such, not as a time.
        let (wait, note) =
            wait_for_reset(Operation::Upload, WINDOW, None, now, bounds(None)).unwrap();
        assert_eq!(wait, UNKNOWN_RESET_WAIT);
        assert!(!note.contains("UTC"), "{note}");
        assert!(note.contains("did not say when"), "{note}");
        let err = wait_for_reset(
            Operation::Upload,
            WINDOW,
            None,
            now,
            bounds(Some(Duration::from_secs(10))),
        )
        .unwrap_err();
        assert!(!err.to_string().contains("UTC"), "{err}");
        // A reset already past (clocks differ) is a one-second wait.
        let (wait, _) = wait_for_reset(
            Operation::PLAIN_POST,
            WINDOW,
            Some(now - 5),
            now,
            bounds(None),
        )
        .unwrap();
        assert_eq!(wait, Duration::from_secs(1));
    }

    #[test]
    fn verbose_traces_show_the_24_hour_quotas_next_to_the_15_minute_one() {
        let now = 1_700_000_000;
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("x-rate-limit-limit", "100"),
            ("x-rate-limit-remaining", "99"),
            ("x-rate-limit-reset", "1700000900"),
            ("x-user-limit-24hour-limit", "17"),
            ("x-user-limit-24hour-remaining", "4"),
            ("x-user-limit-24hour-reset", "1700036000"),
        ] {
            headers.insert(name, value.parse().unwrap());
        }
        assert_eq!(
            quotas(&headers, now),
            " (quota 99/100 left, resets 22:28:20 UTC; 24-hour quota for this account 4/17 left, resets 08:13:20 UTC)"
        );
        headers.insert("x-app-limit-24hour-remaining", "0".parse().unwrap());
        assert!(quotas(&headers, now).ends_with("; 24-hour quota for this app 0 left)"));
        assert_eq!(quotas(&HeaderMap::new(), now), "");
    }

    #[test]
    fn a_reset_a_day_away_gives_its_date_and_no_wait_advice() {
        let err = limited_at(
            &[
                ("x-user-limit-24hour-remaining", "0"),
                ("x-user-limit-24hour-reset", "1700086000"),
            ],
            1_700_000_000,
        );
        let said = err.to_string();
        assert!(
            said.contains("resets at 2023-11-15 22:06:40 UTC (in 23h53m20s)"),
            "{said}"
        );
        assert!(said.contains("--max-wait"), "{said}");
        assert!(!said.contains("give --wait to wait"), "{said}");
    }

    #[test]
    fn waits_only_for_a_reset_within_max_wait() {
        let now = 1_700_000_000;
        let within = WaitBounds {
            left: None,
            max_wait: Duration::from_secs(2),
        };
        let (wait, _) =
            wait_for_reset(Operation::PLAIN_POST, WINDOW, Some(now + 1), now, within).unwrap();
        assert_eq!(wait, Duration::from_secs(1));
        let day = "X's 24-hour limit for this account, for the post,";
        let err = wait_for_reset(
            Operation::PLAIN_POST,
            day,
            Some(now + 86_000),
            now,
            WaitBounds {
                left: None,
                max_wait: Duration::from_secs(15 * 60),
            },
        )
        .unwrap_err();
        assert_eq!(err.exit(), Exit::TryLater);
        let said = err.to_string();
        assert!(said.starts_with(day), "{said}");
        assert!(
            said.contains("resets at 2023-11-15 22:06:40 UTC (in 23h53m20s)"),
            "a day away, with its date: {said}"
        );
        assert!(said.contains("--max-wait 15m"), "{said}");
        assert!(said.contains("nothing was posted"), "{said}");
    }

    #[test]
    fn a_usage_cap_is_not_waited_for() {
        let capped = || {
            answer(
                429,
                &[("x-rate-limit-remaining", "40")],
                r#"{"title":"UsageCapExceeded","period":"Monthly","scope":"Product","detail":"Usage cap exceeded: Monthly product cap","type":"https://api.twitter.com/2/problems/usage-capped"}"#,
            )
        };
        for wait in [false, true] {
            match decided(Operation::PLAIN_POST, capped(), true, wait) {
                Decision::Fail(err) => {
                    assert_eq!(err.exit(), Exit::Billing);
                    assert!(
                        err.to_string().contains("a Monthly Product usage cap"),
                        "{err}"
                    );
                    assert!(err.to_string().contains("no rate limit"), "{err}");
                }
                _ => panic!("a usage cap must end the run (wait: {wait})"),
            }
        }
    }

    #[test]
    fn out_of_credits_ends_the_run_and_is_never_repeated() {
        for op in [Operation::PLAIN_POST, Operation::Upload, Operation::Me] {
            let credits = answer(
                402,
                &[],
                r#"{"title":"CreditsDepleted","detail":"Your enrolled account does not have any credits to fulfill this request.","type":"https://api.x.com/2/problems/credits","status":402}"#,
            );
            match decided(op, credits, true, true) {
                Decision::Fail(err) => {
                    assert_eq!(err.exit(), Exit::Billing, "{op:?}");
                    let said = err.to_string();
                    assert!(said.contains("out of credits"), "{said}");
                    assert!(
                        said.contains("does not have any credits"),
                        "X's words: {said}"
                    );
                    assert!(said.contains("spending limit"), "{said}");
                }
                _ => panic!("402 must fail at once for {op:?}"),
            }
        }
        // A 402 without X's body is the same stop.
        assert_eq!(fail(Operation::PLAIN_POST, 402, "").exit(), Exit::Billing);
    }

    #[test]
    fn refusals_that_need_a_person_are_known_by_type_and_request() {
        let reply = Operation::Post(PostShape {
            reply: true,
            quote: false,
            ..PostShape::default()
        });
        let quote = Operation::Post(PostShape {
            reply: false,
            quote: true,
            ..PostShape::default()
        });
        let not_authorized = r#"{"title":"Authorization Error","type":"https://api.twitter.com/2/problems/not-authorized-for-resource","detail":"Some wording X may change.","status":403}"#;
        let err = fail(reply, 403, not_authorized);
        assert_eq!(err.exit(), Exit::Refused);
        assert!(
            err.to_string().contains("Some wording X may change."),
            "{err}"
        );
        assert!(err.to_string().contains("mention the account"), "{err}");
        let err = fail(quote, 403, not_authorized);
        assert_eq!(err.exit(), Exit::Refused);
        assert!(err.to_string().contains("post a link to the post"), "{err}");
        // A 403 to a quote with a type X never documented: still the quote's advice.
        let err = fail(
            quote,
            403,
            r#"{"title":"Forbidden","type":"about:blank","detail":"No."}"#,
        );
        assert!(err.to_string().contains("Enterprise"), "{err}");
        // The duplicate of a quote is still a duplicate.
        let err = fail(
            quote,
            403,
            r#"{"detail":"You are not allowed to create a Tweet with duplicate content."}"#,
        );
        assert!(err.to_string().contains("change the text"), "{err}");
        // An app without a project, by its reason or its type: configuration.
        for body in [
            r#"{"title":"Client Forbidden","reason":"client-not-enrolled","type":"https://api.twitter.com/2/problems/client-forbidden","detail":"Attach it."}"#,
            r#"{"title":"Forbidden","type":"https://api.x.com/2/problems/client-forbidden"}"#,
        ] {
            for op in [Operation::PLAIN_POST, Operation::Upload] {
                let err = fail(op, 403, body);
                assert_eq!(err.exit(), Exit::Config, "{body}");
                assert!(
                    err.to_string().contains("attach the app to a Project"),
                    "{err}"
                );
            }
        }
    }

    /// Found by the property tests: a 429 whose retry-after is near u64::MAX overflowed
    /// `now + after`.
    #[test]
    fn huge_retry_after_does_not_overflow() {
        let err = limited_at(&[("retry-after", "18446744073709551615")], 1_600_000_000);
        assert_eq!(err.exit(), Exit::TryLater);
    }
}
