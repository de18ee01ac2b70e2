//! Accounts' subscriptions, as X keeps them: `None` posts up to 280 weighted characters,
//! `Basic`, `Premium` and `PremiumPlus` up to 25,000 (counted the same way). `GET
//! /2/users/me` names the account's only when asked (`user.fields=subscription_type`), and
//! `POST /_sandbox/subscription` changes it while the sandbox runs (a subscription that
//! lapses mid-run): JSON `{"subscription": "none"}`, with `"username"` for another account
//! than the one signed in; it answers `200 {"username", "subscription_type"}`.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::problems::Problem;
use super::server::App;

/// The longest post without a subscription, in weighted characters.
pub const SHORT: usize = 280;
/// The longest post with one.
pub const LONG: usize = 25_000;

/// An account's subscription.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Subscription {
    /// None: posts of up to 280 (the default, as for most accounts).
    #[default]
    None,
    /// X Basic.
    Basic,
    /// X Premium.
    Premium,
    /// X Premium+.
    PremiumPlus,
}

impl Subscription {
    /// Reads `none`, `basic`, `premium` or `premiumplus` (any case; X's own names too).
    pub fn parse(text: &str) -> Result<Subscription, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(Subscription::None),
            "basic" => Ok(Subscription::Basic),
            "premium" => Ok(Subscription::Premium),
            "premiumplus" | "premium+" => Ok(Subscription::PremiumPlus),
            other => Err(format!(
                "unknown subscription {other:?}; write none, basic, premium or premiumplus"
            )),
        }
    }

    /// X's name of it, `subscription_type`.
    pub fn x_name(self) -> &'static str {
        match self {
            Subscription::None => "None",
            Subscription::Basic => "Basic",
            Subscription::Premium => "Premium",
            Subscription::PremiumPlus => "PremiumPlus",
        }
    }

    /// The longest post it allows, in weighted characters.
    pub fn limit(self) -> usize {
        match self {
            Subscription::None => SHORT,
            _ => LONG,
        }
    }
}

/// The path where a script changes an account's subscription.
pub(crate) const PATH: &str = "/_sandbox/subscription";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Change {
    subscription: String,
    #[serde(default)]
    username: Option<String>,
}

/// `POST /_sandbox/subscription`.
pub(crate) async fn change(State(app): State<App>, body: Bytes) -> Response {
    let change: Change = match serde_json::from_slice(&body) {
        Ok(change) => change,
        Err(err) => {
            return Problem::invalid_request(format!(
                "expected JSON {{\"subscription\",\"username\"?}}: {err}"
            ))
            .into_response();
        }
    };
    let subscription = match Subscription::parse(&change.subscription) {
        Ok(subscription) => subscription,
        Err(why) => return Problem::invalid_request(why).into_response(),
    };
    let mut state = app.lock();
    let id = match &change.username {
        Some(name) => match state.user_named(name) {
            Some(user) if state.account_of(&user.id).is_some() => user.id.clone(),
            _ => {
                return Problem::invalid_request(format!(
                    "no account named {name:?} in the sandbox"
                ))
                .into_response();
            }
        },
        None => state.signed_in().id.clone(),
    };
    let username = state.set_subscription(&id, subscription);
    axum::Json(json!({ "username": username, "subscription_type": subscription.x_name() }))
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_limits() {
        for (text, x, limit) in [
            ("none", "None", 280),
            ("Basic", "Basic", 25_000),
            ("PREMIUM", "Premium", 25_000),
            ("premiumplus", "PremiumPlus", 25_000),
        ] {
            let s = Subscription::parse(text).unwrap();
            assert_eq!((s.x_name(), s.limit()), (x, limit));
        }
        assert!(Subscription::parse("gold").is_err());
    }
}
