//! A usable login for this run: the stored one, a refreshed one, or a new consent.
//!
//! [`plan()`] is the pure decision; [`Session`] carries it out under the store's lock, so that
//! runs started together make one refresh (or one consent) between them and the others use
//! its result. A refreshed pair is saved before anything else happens: X's refresh tokens
//! are single-use, and the old one is spent as soon as X answers.
//!
//! The parts, one job each: `plan` (the pure decisions: [`plan()`], [`foreign`], [`Why`]),
//! `keeping` (the store's locks, the default login), `errors` (what a session ends with, and
//! the way out), `refresh` (a refresh, the renewal of a refused token, the subscription kept
//! with a login) and `new_login` (a consent, kept as its user's login). This module holds the
//! [`Session`] and the choice it makes for a command ([`Session::obtain`]); the other parts add
//! to it their own `impl Session` blocks.

mod errors;
mod keeping;
mod new_login;
mod plan;
mod refresh;

use std::time::Duration;

use crate::auth::consent::Opener;
use crate::auth::store::{Login, Slot, Store};
use crate::auth::token_endpoint::OAuthClient;
use crate::config::Config;
use crate::error::{Cause, Error, Result};
use crate::output;
use crate::x::client::Api;

pub use errors::no_consent;
pub use keeping::lock;
pub use plan::{EXPIRY_MARGIN, Plan, Why, foreign, now, plan};

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
    /// Why nobody can give a consent in this run (`CI` is set, `--no-interactive`), if so:
    /// then a run that needs one fails at once, opening no browser and binding no port.
    pub no_consent: Option<&'static str>,
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
    /// The account asked for (`--account`, `XPOST_ACCOUNT`); `None` is the default one.
    pub account: Option<String>,
}

impl Session<'_> {
    /// Why `login` must not be used with this configuration, if it must not ([`foreign`]).
    pub fn foreign<S>(&self, login: &Login<S>) -> Option<Why> {
        foreign(
            login,
            self.config.client_id(),
            self.config.api_base.as_str(),
        )
    }

    /// What to do with `login` for this configuration, now ([`plan`]).
    fn plan(&self, login: Option<&Login>) -> Plan {
        plan(
            login,
            self.config.client_id(),
            self.config.api_base.as_str(),
            now(),
        )
    }

    /// The login this run uses: the account asked for, else the default; `None` when nothing
    /// is stored and no account was asked for. An unknown account exits 77 naming the known.
    pub fn chosen(&self) -> Result<Option<Slot>> {
        match &self.store {
            Some(store) => store.choose(self.account.as_deref()),
            None => Ok(None),
        }
    }

    /// What [`Session::obtain`] would do now with this run's login, and that login: read
    /// under the login's lock, changing nothing (no refresh, no consent). For a run that
    /// decides what to send before its login is obtained; `obtain` decides again.
    pub async fn outlook(&self) -> Result<(Plan, Option<Login>)> {
        let stored = match self.chosen()? {
            Some(slot) => {
                let _lock = lock(&slot.locker()).await?;
                slot.load()?
            }
            None => None,
        };
        let planned = self.plan(stored.as_ref());
        Ok((planned, stored))
    }

    /// A usable login: reused, refreshed, or consented anew. Without `options` no consent is
    /// asked for; with them, only for a first login or where a person is at the terminal.
    pub async fn obtain(&self, options: Option<ConsentOptions>) -> Result<Login> {
        let Some(store) = &self.store else {
            let options = options.ok_or_else(|| Error::internal("no store and no consent"))?;
            return self
                .consent(None, None, options)
                .await
                .map(|(login, _)| login);
        };
        let chosen = store.choose(self.account.as_deref())?;
        let why = match &chosen {
            // Only this login's lock: a refresh of one account never waits on another's.
            Some(slot) => {
                let _lock = lock(&slot.locker()).await?;
                match self.use_stored(slot).await? {
                    Ok(login) => return Ok(login),
                    Err(why) => why,
                }
            }
            None => Why::NoLogin,
        };
        // A login of another server is never replaced by a consent xpost starts itself, even
        // at a terminal: the server configured now may come from a .env nobody meant to trust.
        if let Why::OtherServer { stored, .. } = &why {
            return Err(errors::other_server(&why, stored));
        }
        if let Some(reason) = options.as_ref().and_then(|o| o.no_consent) {
            return Err(self.no_consent(&why, reason));
        }
        let options = match options {
            Some(options) if why == Why::NoLogin || options.interactive => options,
            _ => return Err(errors::needs_a_terminal(&why)),
        };
        if why != Why::NoLogin {
            output::note(format!("{why}: asking X for consent again."));
        }
        self.consent_for(store, chosen, options).await
    }

    /// The stored login of `slot`, refreshed if due (its lock held by the caller); the reason
    /// for a consent when it cannot be used.
    async fn use_stored(&self, slot: &Slot) -> Result<std::result::Result<Login, Why>> {
        let stored = slot.load()?;
        let planned = self.plan(stored.as_ref());
        Ok(match (planned, stored) {
            (Plan::Reuse, Some(stored)) => Ok(stored),
            (Plan::Refresh, Some(stored)) => match self.refresh(Some(slot), stored).await {
                Ok(login) => Ok(login),
                Err(err) if matches!(err.cause(), Cause::Auth) => {
                    Err(Why::GrantGone(err.message().to_owned()))
                }
                Err(err) => return Err(err),
            },
            (Plan::Consent(why), _) => Err(why),
            (_, None) => Err(Why::NoLogin),
        })
    }

    /// The error of a run that needs a consent (for `why`) where nobody can give one
    /// (`reason`: CI, `--no-interactive`): exit 77 at once, with the ways out.
    pub fn no_consent(&self, why: &Why, reason: &str) -> Error {
        no_consent(why, reason, self.config.oauth1.is_some())
    }
}
