//! The errors a session ends with, each naming the way out: a consent needed where nobody can
//! give one, or given as another account than the one asked for.

use super::plan::Why;
use crate::auth::store::Login;
use crate::error::{Cause, Error};

/// The error of a run that needs a consent (for `why`) where nobody can give one (`reason`),
/// naming the ways out; `keys_set` says whether the four OAuth 1.0a keys are configured.
pub fn no_consent(why: &Why, reason: &str, keys_set: bool) -> Error {
    let keys = if keys_set {
        "the four OAuth 1.0a keys are set: add --auth oauth1 (or set XPOST_AUTH=oauth1) to post with them, which needs no consent"
    } else {
        "to post without a consent, set the four OAuth 1.0a keys (X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET) and add --auth oauth1 (or set XPOST_AUTH=oauth1)"
    };
    Error::new(
        Cause::Auth,
        format!("login needed: {why}, and nobody can give consent here ({reason})"),
    )
    .hint(format!(
        "{keys}; or, for OAuth 2.0, run xpost auth login where a person can open a browser (a login copied into CI stops working after its refresh token is used)"
    ))
}

/// The error of a consent given as another account than the one asked for by name.
pub(super) fn other_account_consented(asked: &str, login: &Login) -> Error {
    let asked = crate::sanitize::outside(asked.trim().trim_start_matches('@'));
    let who = match &login.username {
        Some(name) => format!("@{name}"),
        None => "an account X did not name".to_owned(),
    };
    Error::new(
        Cause::Auth,
        format!(
            "--account (or XPOST_ACCOUNT) asks for @{asked}, but the consent was given as {who}; that login is kept as {who}'s (xpost auth list), and nothing was sent with it"
        ),
    )
    .hint(match &login.username {
        Some(name) => format!(
            "sign in to X as @{asked} in the browser, then run this again; to forget the other login, run xpost auth logout --account {name}"
        ),
        None => format!("sign in to X as @{asked} in the browser, then run this again"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;

    #[test]
    fn where_nobody_can_consent_the_error_is_77_with_the_ways_out() {
        let err = no_consent(&Why::NoLogin, "CI is set", true);
        assert_eq!(err.exit(), Exit::Auth);
        let text = err.to_string();
        assert!(text.contains("no login is stored yet"), "{text}");
        assert!(text.contains("(CI is set)"), "{text}");
        assert!(text.contains("add --auth oauth1"), "{text}");
        assert!(text.contains("xpost auth login"), "{text}");
        let text = no_consent(&Why::Asked, "--no-interactive", false).to_string();
        assert!(text.contains("X_ACCESS_TOKEN_SECRET"), "{text}");
        assert!(text.contains("--auth oauth1"), "{text}");
    }
}
