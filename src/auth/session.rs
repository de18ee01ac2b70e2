//! A usable login for this run: the stored one, a refreshed one, or a new consent.
//!
//! [`plan`] is the pure decision; [`Session`] carries it out under the store's lock, so that
//! runs started together make one refresh (or one consent) between them and the others use
//! its result. A refreshed pair is saved before anything else happens: X's refresh tokens
//! are single-use, and the old one is spent as soon as X answers.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::auth::callback::Listener;
use crate::auth::consent::{Opener, Waiting, consent};
use crate::auth::pkce::{OAuthClient, SCOPES, Tokens};
use crate::auth::store::{Login, Store};
use crate::config::Config;
use crate::error::{Error, Exit, Result};
use crate::output;
use crate::x::client::Api;
use crate::x::users;

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
    OtherServer,
    /// X did not grant every scope xpost needs.
    MissingScopes(Vec<String>),
    /// The token expired and there is no refresh token.
    Expired,
    /// X refused the refresh: the grant is gone.
    GrantGone(String),
}

impl std::fmt::Display for Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Why::NoLogin => f.write_str("no login is stored yet"),
            Why::OtherApp => f.write_str("the stored login is for another app (X_CLIENT_ID)"),
            Why::OtherServer => f.write_str("the stored login is for another server (X_API_BASE)"),
            Why::MissingScopes(scopes) => write!(f, "the stored login lacks {}", scopes.join(", ")),
            Why::Expired => f.write_str("the stored login expired and cannot be refreshed"),
            Why::GrantGone(said) => write!(f, "X no longer honours the stored login ({said})"),
        }
    }
}

/// Decides what to do with `login` for this app and server at time `now` (Unix seconds).
pub fn plan(login: Option<&Login>, client_id: &str, api_base: &str, now: u64) -> Plan {
    let Some(login) = login else {
        return Plan::Consent(Why::NoLogin);
    };
    if login.client_id != client_id {
        return Plan::Consent(Why::OtherApp);
    }
    if login.api_base != api_base {
        return Plan::Consent(Why::OtherServer);
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
    } else if login.refresh_token.is_some() {
        Plan::Refresh
    } else {
        Plan::Consent(Why::Expired)
    }
}

/// The current Unix time in seconds.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// How a consent is run when one is needed.
pub struct ConsentOptions {
    /// How the URL reaches a browser.
    pub opener: Opener,
    /// How long to wait for it.
    pub timeout: Duration,
    /// Whether a person is at the terminal (and may paste the redirect).
    pub interactive: bool,
    /// Whether a person is at the terminal to open the URL if no browser starts (true for the
    /// one-shot sandbox at a terminal, which takes no pasted redirect).
    pub attended: bool,
    /// When the run gives up (`--max-time`), for the wait it shows.
    pub deadline: Option<tokio::time::Instant>,
}

/// Everything needed to get a login.
pub struct Session<'a> {
    /// The app and endpoints.
    pub config: &'a Config,
    /// The token endpoint.
    pub oauth: &'a OAuthClient,
    /// The API, for the user lookup after consent.
    pub api: &'a Api,
    /// Where logins are kept; `None` keeps nothing (the one-shot sandbox).
    pub store: Option<Store>,
}

impl Session<'_> {
    /// A usable login: reused, refreshed, or consented anew. Without `options` no consent is
    /// asked for; with them, only for a first login or where a person is at the terminal.
    pub async fn obtain(&self, options: Option<ConsentOptions>) -> Result<Login> {
        let Some(store) = &self.store else {
            let options = options.ok_or_else(|| Error::internal("no store and no consent"))?;
            return self.consent(None, options).await;
        };
        let _lock = lock(store).await?;
        let stored = store.load()?;
        let planned = plan(
            stored.as_ref(),
            &self.config.client_id,
            self.config.api_base.as_str(),
            now(),
        );
        let why = match (planned, stored) {
            (Plan::Reuse, Some(stored)) => return Ok(stored),
            (Plan::Refresh, Some(stored)) => match self.refresh(store, stored).await {
                Ok(login) => return Ok(login),
                Err(err) if err.exit() == Exit::Auth => Why::GrantGone(err.message().to_owned()),
                Err(err) => return Err(err),
            },
            (Plan::Consent(why), _) => why,
            (_, None) => Why::NoLogin,
        };
        let options = match options {
            Some(options) if why == Why::NoLogin || options.interactive => options,
            _ => {
                return Err(Error::new(Exit::Auth, format!("login needed: {why}"))
                    .hint("run xpost auth login at a terminal, then run this again"));
            }
        };
        if why != Why::NoLogin {
            output::note(format!("{why}: asking X for consent again."));
        }
        self.consent(Some(store), options).await
    }

    /// A new consent, kept in the store, whatever was stored before.
    pub async fn login(&self, options: ConsentOptions) -> Result<Login> {
        match &self.store {
            Some(store) => {
                let _lock = lock(store).await?;
                self.consent(Some(store), options).await
            }
            None => self.consent(None, options).await,
        }
    }

    /// Runs a consent; keeps the tokens the moment X issues them, then adds the username.
    async fn consent(&self, store: Option<&Store>, options: ConsentOptions) -> Result<Login> {
        let listener = Listener::bind(&self.config.redirect_uri).await?;
        let waiting = Waiting {
            timeout: options.timeout,
            deadline: options.deadline,
            paste: options.interactive,
            attended: options.attended,
        };
        let tokens = consent(self.oauth, listener, options.opener, waiting).await?;
        let mut login = self.login_from(tokens, None);
        if let Some(store) = store {
            store.save(&login)?;
        }
        match users::me(self.api, &login.access_token).await {
            Ok(user) => {
                output::note(format!("Logged in to X as @{}.", user.username));
                login.user_id = Some(user.id);
                login.username = Some(user.username);
                if let Some(store) = store {
                    store.save(&login)?;
                }
            }
            Err(err) => output::warn(format!(
                "logged in, but could not look up the username ({}); post URLs will not name it",
                err.message()
            )),
        }
        Ok(login)
    }

    async fn refresh(&self, store: &Store, stored: Login) -> Result<Login> {
        let refresh_token = stored
            .refresh_token
            .clone()
            .ok_or_else(|| Error::internal("refresh planned without a refresh token"))?;
        let tokens = self.oauth.refresh(&refresh_token).await?;
        let login = self.login_from(tokens, Some(&stored));
        // The old refresh token is spent: keep the new pair before anything else.
        store.save(&login)?;
        Ok(login)
    }

    fn login_from(&self, tokens: Tokens, before: Option<&Login>) -> Login {
        let lifetime = tokens.expires_in.unwrap_or(Duration::from_secs(7200));
        Login {
            api_base: self.config.api_base.to_string(),
            client_id: self.config.client_id.clone(),
            access_token: tokens.access_token,
            // X rotates refresh tokens; if it sent none this time, the old one may still do.
            refresh_token: tokens
                .refresh_token
                .or_else(|| before.and_then(|b| b.refresh_token.clone())),
            expires_at: now() + lifetime.as_secs(),
            scopes: if tokens.scopes.is_empty() {
                before.map(|b| b.scopes.clone()).unwrap_or_default()
            } else {
                tokens.scopes
            },
            user_id: before.and_then(|b| b.user_id.clone()),
            username: before.and_then(|b| b.username.clone()),
        }
    }
}

/// Takes the store's lock without blocking the async runtime while another xpost holds it.
pub async fn lock(store: &Store) -> Result<crate::auth::store::StoreLock> {
    let store = store.clone();
    tokio::task::spawn_blocking(move || store.lock())
        .await
        .map_err(|err| Error::internal(format!("waiting for the login lock failed: {err}")))?
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn login(expires_at: u64) -> Login {
        Login {
            api_base: "https://api.x.com/".into(),
            client_id: "app".into(),
            access_token: Secret::new("a"),
            refresh_token: Some(Secret::new("r")),
            expires_at,
            scopes: SCOPES.iter().map(|s| s.to_string()).collect(),
            user_id: None,
            username: Some("me".into()),
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
        no_refresh.refresh_token = None;
        assert_eq!(
            plan(Some(&no_refresh), "app", BASE, now),
            Plan::Consent(Why::Expired)
        );
    }

    #[test]
    fn other_app_server_or_scopes_mean_consent() {
        let now = 1_000_000;
        assert_eq!(plan(None, "app", BASE, now), Plan::Consent(Why::NoLogin));
        assert_eq!(
            plan(Some(&login(now + 3600)), "other", BASE, now),
            Plan::Consent(Why::OtherApp)
        );
        assert_eq!(
            plan(Some(&login(now + 3600)), "app", "http://127.0.0.1:9/", now),
            Plan::Consent(Why::OtherServer)
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
