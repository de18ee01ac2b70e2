//! The pure decisions about a stored login: whether it may be used by this app at this server
//! ([`foreign`]), whether to reuse it, refresh it or ask for a consent ([`plan()`], for a
//! [`Why`]), and how to renew one whose access token X refused (`renewal`). The time is passed
//! in ([`now`] reads the clock), so each decision is tested here, without a clock or a store.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::auth::store::Login;
use crate::auth::token_endpoint::SCOPES;

/// A token this close to expiry is refreshed first.
pub const EXPIRY_MARGIN: Duration = Duration::from_secs(60);

/// What to do with the stored login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Use it as it is.
    Reuse,
    /// Refresh it first.
    Refresh,
    /// Ask for consent, for this reason.
    Consent(Why),
}

/// Why a new consent is needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// Nothing is stored: the first run.
    NoLogin,
    /// The stored login belongs to another app (`X_CLIENT_ID` changed).
    OtherApp,
    /// The stored login was issued by another server (`X_API_BASE` changed).
    OtherServer {
        /// The server that issued it.
        stored: String,
        /// The server configured now.
        configured: String,
    },
    /// X did not grant every scope xpost needs.
    MissingScopes(Vec<String>),
    /// The token expired and there is no refresh token.
    Expired,
    /// X refused the refresh: the grant is gone.
    GrantGone(String),
    /// `xpost auth login` asks for one.
    Asked,
}

impl std::fmt::Display for Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Why::NoLogin => f.write_str("no login is stored yet"),
            Why::OtherApp => f.write_str("the stored login is for another app (X_CLIENT_ID)"),
            Why::OtherServer { stored, configured } => write!(
                f,
                "the stored login is for another server: it was made at {stored}, and X_API_BASE is now {configured}"
            ),
            Why::MissingScopes(scopes) => write!(f, "the stored login lacks {}", scopes.join(", ")),
            Why::Expired => f.write_str("the stored login expired and cannot be refreshed"),
            Why::GrantGone(said) => write!(f, "X no longer honours the stored login ({said})"),
            Why::Asked => f.write_str("xpost auth login needs a consent in a browser"),
        }
    }
}

/// Why `login` must not be used by this app (`client_id`) at this server (`api_base`), if it
/// must not: its tokens go only to the server that issued them, and only with the client
/// secret of the app they were issued to. Every command checks this before sending anything.
pub fn foreign<S>(login: &Login<S>, client_id: &str, api_base: &str) -> Option<Why> {
    if login.client_id != client_id {
        return Some(Why::OtherApp);
    }
    if login.api_base != api_base {
        return Some(Why::OtherServer {
            stored: login.api_base.clone(),
            configured: api_base.to_owned(),
        });
    }
    None
}

/// Decides what to do with `login` for this app and server at time `now` (Unix seconds).
pub fn plan(login: Option<&Login>, client_id: &str, api_base: &str, now: u64) -> Plan {
    let Some(login) = login else {
        return Plan::Consent(Why::NoLogin);
    };
    if let Some(why) = foreign(login, client_id, api_base) {
        return Plan::Consent(why);
    }
    let missing: Vec<String> = SCOPES
        .iter()
        .filter(|s| !login.scopes.iter().any(|g| g == *s))
        .map(|s| (*s).to_owned())
        .collect();
    if !missing.is_empty() {
        return Plan::Consent(Why::MissingScopes(missing));
    }
    if login.expires_at > now + EXPIRY_MARGIN.as_secs() {
        Plan::Reuse
    } else if login.refreshable() {
        Plan::Refresh
    } else {
        Plan::Consent(Why::Expired)
    }
}

/// What renewing a login whose access token X refused comes to.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Renewal {
    /// Another run renewed it meanwhile: use the login it stored.
    Stored(Login),
    /// Refresh this login (the stored copy, when there is one).
    Refresh(Login),
    /// It has no refresh token: only a new consent helps.
    Impossible,
}

/// Decides how to renew `refused`, given what the store holds now (for this app and server).
pub(super) fn renewal(stored: Option<Login>, refused: &Login) -> Renewal {
    match stored {
        Some(stored) if stored.secrets.access_token != refused.secrets.access_token => {
            Renewal::Stored(stored)
        }
        stored => {
            let basis = stored.unwrap_or_else(|| refused.clone());
            if basis.refreshable() {
                Renewal::Refresh(basis)
            } else {
                Renewal::Impossible
            }
        }
    }
}

/// The current Unix time in seconds.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::keyring::Pair;
    use crate::secret::Secret;

    fn login(expires_at: u64) -> Login {
        Login {
            api_base: "https://api.x.com/".into(),
            client_id: "app".into(),
            secrets: Pair {
                access_token: Secret::new("a"),
                refresh_token: Some(Secret::new("r")),
            },
            expires_at,
            scopes: SCOPES.iter().map(|s| s.to_string()).collect(),
            user_id: None,
            username: Some("me".into()),
            subscription: None,
        }
    }

    const BASE: &str = "https://api.x.com/";

    #[test]
    fn fresh_token_is_reused_and_expiring_one_refreshed() {
        let now = 1_000_000;
        assert_eq!(
            plan(Some(&login(now + 3600)), "app", BASE, now),
            Plan::Reuse
        );
        assert_eq!(plan(Some(&login(now + 61)), "app", BASE, now), Plan::Reuse);
        assert_eq!(
            plan(Some(&login(now + 60)), "app", BASE, now),
            Plan::Refresh
        );
        assert_eq!(
            plan(Some(&login(now - 10)), "app", BASE, now),
            Plan::Refresh
        );
        let mut no_refresh = login(now - 10);
        no_refresh.secrets.refresh_token = None;
        assert_eq!(
            plan(Some(&no_refresh), "app", BASE, now),
            Plan::Consent(Why::Expired)
        );
    }

    #[test]
    fn a_refused_token_is_renewed_from_the_store_or_by_a_refresh() {
        let refused = login(2_000_000_000);
        // Another run renewed it meanwhile: its pair, not a second refresh.
        let mut renewed = login(2_000_007_200);
        renewed.secrets.access_token = Secret::new("b");
        renewed.secrets.refresh_token = Some(Secret::new("r2"));
        assert_eq!(
            renewal(Some(renewed.clone()), &refused),
            Renewal::Stored(renewed)
        );
        // The store holds the refused one (or nothing, after a logout): refresh it.
        assert_eq!(
            renewal(Some(refused.clone()), &refused),
            Renewal::Refresh(refused.clone())
        );
        assert_eq!(renewal(None, &refused), Renewal::Refresh(refused.clone()));
        let mut no_refresh = refused.clone();
        no_refresh.secrets.refresh_token = None;
        assert_eq!(renewal(None, &no_refresh), Renewal::Impossible);
    }

    #[test]
    fn a_login_is_foreign_to_another_app_or_server_whatever_its_state() {
        let mut fresh = login(2_000_000_000);
        assert_eq!(foreign(&fresh, "app", BASE), None);
        assert_eq!(foreign(&fresh, "other", BASE), Some(Why::OtherApp));
        // The app is checked first: another app's login is never sent with this app's secret.
        assert_eq!(
            foreign(&fresh, "other", "http://127.0.0.1:9/"),
            Some(Why::OtherApp)
        );
        assert!(matches!(
            foreign(&fresh, "app", "https://api.x.com"),
            Some(Why::OtherServer { .. })
        ));
        fresh.secrets.refresh_token = None;
        fresh.expires_at = 0;
        assert!(foreign(&fresh, "app", "http://127.0.0.1:9/").is_some());
    }

    #[test]
    fn other_app_server_or_scopes_mean_consent() {
        let now = 1_000_000;
        assert_eq!(plan(None, "app", BASE, now), Plan::Consent(Why::NoLogin));
        assert_eq!(
            plan(Some(&login(now + 3600)), "other", BASE, now),
            Plan::Consent(Why::OtherApp)
        );
        let other = plan(Some(&login(now + 3600)), "app", "http://127.0.0.1:9/", now);
        assert_eq!(
            other,
            Plan::Consent(Why::OtherServer {
                stored: BASE.into(),
                configured: "http://127.0.0.1:9/".into()
            })
        );
        let Plan::Consent(why) = other else {
            unreachable!()
        };
        assert_eq!(
            why.to_string(),
            "the stored login is for another server: it was made at https://api.x.com/, and X_API_BASE is now http://127.0.0.1:9/"
        );
        let mut narrow = login(now + 3600);
        narrow
            .scopes
            .retain(|s| s != "media.write" && s != "offline.access");
        assert_eq!(
            plan(Some(&narrow), "app", BASE, now),
            Plan::Consent(Why::MissingScopes(vec![
                "offline.access".into(),
                "media.write".into()
            ]))
        );
    }
}
