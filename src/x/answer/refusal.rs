//! The error a refusal becomes, from its status, its body and what xpost was doing: X's own
//! words, its exit code, and what to do about it.

use super::rate::{reset_time, resets, used_up_window};
use super::{Operation, op_edits, op_quotes, op_replies};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::error::{Cause, Error};
use crate::problem::{Kind, error_text, kind, parameters};

/// Which credentials a refused request carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// The OAuth 2.0 token.
    Bearer,
    /// The OAuth 1.0a keys.
    OAuth1,
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
    let code = status.as_u16();
    let refused = format!("X refused {} ({code}): {said}", op.doing());

    let problem = kind(body);
    // A 400 may name the parameters X would not take: the request may go again with others.
    let refusal = match parameters(body) {
        names if code == 400 && !names.is_empty() => Cause::RefusedParameters(names),
        _ => Cause::Refused,
    };
    match (code, &problem) {
        (402, _) | (_, Kind::Credits) => out_of_credits(op, code, &said),
        (429, Kind::UsageCapped { period, scope }) => {
            usage_capped(op, code, period.as_deref(), scope.as_deref(), &said)
        }
        (429, _) => rate_limited(op, headers, now),
        (401, _) => credentials_refused(op, auth, code, &said),
        (403, _) => forbidden(op, &problem, &said, refused),
        // X's newer answer for a post that does not exist (or no longer): for a deletion, done.
        (404, _) if matches!(op, Operation::Delete | Operation::Lookup) => {
            Error::new(Cause::Gone, refused)
        }
        // X keeps the post as it was; see `forbidden`.
        (400, _) if op_edits(op) && !duplicate(&said.to_lowercase()) => {
            Error::new(refusal, refused).hint(EDIT_REFUSED)
        }
        (413, _) => Error::new(Cause::BadInput, refused).hint("the file is larger than X accepts"),
        (400 | 415 | 422, _) if op.is_media() => Error::new(Cause::BadInput, refused),
        (400..=499, _) if op == Operation::Me => Error::new(Cause::Auth, refused),
        (400..=499, _) => Error::new(refusal, refused),
        (500..=599, _) => Error::new(
            Cause::Unavailable,
            format!(
                "X had a server error during {} ({code}): {said}",
                op.doing()
            ),
        )
        .hint("try again in a few minutes"),
        _ => Error::internal(format!(
            "X answered {} with an unexpected status ({code}): {said}",
            op.doing()
        )),
    }
}

/// What X says when it keeps a post unedited.
pub(super) const EDIT_REFUSED: &str = "the post is unchanged: X edits only your own latest version of a post, within its edit window and while edits are left, and never a poll, a community post or a reply to another account";

/// X's 402 (or a problem of type credits): the project cannot pay for the request.
pub(super) fn out_of_credits(op: Operation, code: u16, said: &str) -> Error {
    Error::new(
        Cause::Billing,
        format!(
            "X refused {} ({code}): the project is out of credits or at its spending limit: {said}",
            op.doing()
        ),
    )
    .hint(
        "add credits or raise the spending limit in the developer console (console.x.com), then run this again; X did not act on this request",
    )
}

/// X's 429 `usage-capped`: a cap of the plan, per `period` and `scope` when X names them.
pub(super) fn usage_capped(
    op: Operation,
    code: u16,
    period: Option<&str>,
    scope: Option<&str>,
    said: &str,
) -> Error {
    let cap = match (period, scope) {
        (Some(period), Some(scope)) => format!("a {period} {scope} usage cap"),
        (Some(period), None) => format!("a {period} usage cap"),
        _ => "a usage cap".to_owned(),
    };
    Error::new(
        Cause::Billing,
        format!("X refused {} ({code}): {cap} is reached: {said}", op.doing()),
    )
    .hint(
        "this is no rate limit, and waiting minutes does not lift it: raise the cap or the spending limit in the developer console (console.x.com), or wait for the next period",
    )
}

/// X's 429 of a rate limit: which window is used up, and when it resets.
pub(super) fn rate_limited(op: Operation, headers: &HeaderMap, now: u64) -> Error {
    let reset = reset_time(headers, now);
    let left = reset.map(|reset| Duration::from_secs(reset.saturating_sub(now)));
    let when = format!("; {}", resets(reset, now));
    let hint = if left.is_some_and(|left| left > Duration::from_secs(15 * 60)) {
        "try again after the reset (--wait waits only for a reset within --max-wait, 15m unless you give more)"
    } else {
        "try again after the reset, or give --wait to wait for it"
    };
    Error::new(
        Cause::TryLater,
        format!("{} is used up{when}", used_up_window(headers, op)),
    )
    .hint(hint)
}

/// X's 401: the OAuth 1.0a keys are wrong, or the OAuth 2.0 access token is refused (and
/// may be renewed).
pub(super) fn credentials_refused(op: Operation, auth: AuthKind, code: u16, said: &str) -> Error {
    match auth {
        AuthKind::OAuth1 => Error::new(
            Cause::Config,
            format!("X refused the OAuth 1.0a signature for {} ({code}): {said}", op.doing()),
        )
        .hint("check X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN and X_ACCESS_TOKEN_SECRET; regenerate the access token after giving the app Read and Write permission"),
        AuthKind::Bearer => Error::new(
            Cause::TokenRefused,
            format!("X refused the access token for {} ({code}): {said}", op.doing()),
        )
        .hint("log in again with xpost auth login"),
    }
}

/// X's 403, `refused` saying so: the app's settings, the plan, the account, or the post.
pub(super) fn forbidden(op: Operation, problem: &Kind, said: &str, refused: String) -> Error {
    let lower = said.to_lowercase();
    match problem {
        Kind::ClientForbidden => Error::new(Cause::Config, refused).hint(
            "in the developer console, attach the app to a Project (on pay-per-use, in the right package and environment); then run this again",
        ),
        Kind::NotAuthorizedForResource if op_quotes(op) => Error::new(Cause::Refused, refused)
            .hint(
                "X lets only Enterprise plans quote posts (since April 2026): post a link to the post in the text instead (it shows as a card)",
            ),
        // X does not document its answer to a quote its plan refuses: a 403 of another type
        // may be that, or a quoted post that is gone.
        Kind::Other if op_quotes(op) && !duplicate(&lower) => Error::new(Cause::Refused, refused)
            .hint(
                "if the quoted post exists and you can see it, X may not let this app quote (quotes are for Enterprise plans since April 2026): post a link to the post in the text instead",
            ),
        Kind::NotAuthorizedForResource if op_replies(op) => Error::new(Cause::Refused, refused)
            .hint(
                "a self-serve app may reply only to the account's own posts (so threads work), to posts that mention the account, or to posts that quote it",
            ),
        _ if duplicate(&lower) => Error::new(Cause::Refused, refused)
            .hint("X refuses text identical to a recent post: change the text"),
        _ if lower.contains("permission")
            || lower.contains("not configured")
            || lower.contains("client-not-enrolled")
            || lower.contains("project") =>
        {
            Error::new(Cause::Config, refused).hint(
                "in the developer portal, give the app Read and Write permission (User authentication settings) and attach it to a Project; then regenerate the keys",
            )
        }
        _ if lower.contains("scope") => Error::new(Cause::Auth, refused)
            .hint("log in again so that X grants every scope xpost asks for"),
        _ if op == Operation::Lookup => Error::new(Cause::Refused, refused)
            .hint("X does not show this post to this account: is it a protected or suspended account's?"),
        // X keeps the post as it was. Its reasons are the ones xpost checks before trying, met
        // meanwhile (the window closed) or not knowable here (no user id in the login).
        _ if op_edits(op) => Error::new(Cause::Refused, refused).hint(EDIT_REFUSED),
        _ if op == Operation::Delete => Error::new(Cause::Refused, refused).hint(
            "X deletes only the account's own posts: is it someone else's, or another account's than the one this run uses (--account)?",
        ),
        _ if op == Operation::Me => Error::new(Cause::Auth, refused),
        _ => Error::new(Cause::Refused, refused),
    }
}

/// Whether X's words say the text repeats a recent post: the one refusal X marks by its
/// wording alone (a 403 with a generic type).
pub(super) fn duplicate(lower: &str) -> bool {
    lower.contains("duplicate")
}
