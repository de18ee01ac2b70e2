//! The errors a session ends with, each naming the way out: a login needed where nobody can
//! give a consent, or that xpost must not ask for itself (a login of another server); a consent
//! given as another account than the one asked for or the one renewed; an access token X
//! refused that cannot be refreshed.

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

/// The error of a run whose stored login another server issued (`why`; made at `stored`):
/// nothing was sent, and only `xpost auth login` replaces it.
pub(super) fn other_server(why: &Why, stored: &str) -> Error {
    Error::new(Cause::Auth, format!("login needed: {why}")).hint(format!(
        "xpost sent the stored login nowhere. If X_API_BASE is what you mean (check the environment and ./.env), run xpost auth login, which replaces the login made at {stored}"
    ))
}

/// The error of a run that needs a consent (for `why`) but was given no way to ask for one
/// here: only a first login is asked for where nobody is at the terminal.
pub(super) fn needs_a_terminal(why: &Why) -> Error {
    Error::new(Cause::Auth, format!("login needed: {why}"))
        .hint("run xpost auth login at a terminal, then run this again")
}

/// The error of a consent that renewed the login of `expected` (its label) but was given as
/// another user; that login is kept as its own user's.
pub(super) fn other_user_consented(expected: &str, login: &Login) -> Error {
    Error::new(
        Cause::Auth,
        format!(
            "this run uses the login of {expected}, but the consent was given as {}; that login is stored too (xpost auth list), and nothing was sent with it",
            who(login)
        ),
    )
    .hint(format!(
        "run this again and consent as {expected} (sign in to that account in the browser first)"
    ))
}

/// The error of an access token X refused when the login has no refresh token.
pub(super) fn no_refresh_token() -> Error {
    Error::new(
        Cause::Auth,
        "X refused the access token, and the login has no refresh token",
    )
    .hint("log in again with xpost auth login")
}

/// The error of an access token X refused, and then refused to refresh (`refused`).
pub(super) fn refresh_refused(refused: &Error) -> Error {
    Error::new(
        Cause::Auth,
        format!(
            "X refused the access token, and then its refresh: {}",
            refused.message()
        ),
    )
    .hint("log in again with xpost auth login")
}

/// The account a consent was given as, as a message names it.
fn who(login: &Login) -> String {
    match &login.username {
        Some(name) => format!("@{name}"),
        None => "an account X did not name".to_owned(),
    }
}

/// The error of a consent given as another account than the one asked for by name.
pub(super) fn other_account_consented(asked: &str, login: &Login) -> Error {
    let asked = crate::sanitize::outside(asked.trim().trim_start_matches('@'));
    let who = who(login);
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
