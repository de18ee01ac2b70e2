//! Keeping a login alive: the refresh of one that is due (its new pair saved before anything
//! else, since X's refresh tokens are single-use), the renewal of one whose access token X
//! refused before its expiry, the login a token answer makes, and the subscription kept with
//! the login.

use std::time::Duration;

use super::keeping::{announce, lock};
use super::plan::{Renewal, now, renewal};
use super::{Session, errors};
use crate::auth::keyring::{Pair, Writing};
use crate::auth::store::{Login, Slot, Store};
use crate::auth::token_endpoint::Tokens;
use crate::compose::limit::Subscription;
use crate::error::{Cause, Error, Result};
use crate::output;
use crate::secret::Secret;

impl Session<'_> {
    /// Keeps `subscription` as the stored login's, when the login chosen is still `user_id`'s:
    /// what `auth status` read again, or unknown after X refused a long post. A store that
    /// cannot take it is said, never an error: the post's outcome is what matters.
    pub async fn remember_subscription(&self, user_id: &str, subscription: Option<Subscription>) {
        let kept = async {
            let Some(slot) = self.chosen()? else {
                return Ok(());
            };
            let _lock = lock(&slot.locker()).await?;
            if slot.record()?.and_then(|r| r.user_id).as_deref() == Some(user_id) {
                slot.keep_subscription(subscription)?;
            }
            Ok::<(), Error>(())
        };
        if let Err(err) = kept.await {
            output::warn(format!(
                "could not keep the account's subscription with its login: {}",
                err.message()
            ));
        }
    }

    /// Refreshes `stored` and keeps the new pair in `slot`, if any (its lock held by the caller).
    pub(super) async fn refresh(&self, slot: Option<&Slot>, stored: Login) -> Result<Login> {
        let refresh_token = stored
            .secrets
            .refresh_token
            .clone()
            .ok_or_else(|| Error::internal("refresh planned without a refresh token"))?;
        // From the moment the refresh is sent the stored pair is spent, and the new one lives
        // only here until it is saved: Ctrl-C and SIGTERM wait until then.
        let _deferred = crate::interrupt::defer();
        let tokens = self.oauth.refresh(&refresh_token).await?;
        let login = self.login_from(tokens, Some(&stored));
        // The old refresh token is spent: keep the new pair before anything else, where the
        // old one was (or, moving it there, in the keyring).
        if let Some(slot) = slot {
            let saved = slot.save(&login, Writing::Refresh)?;
            announce(slot, &saved);
        }
        Ok(login)
    }

    /// Runs `call` with the login's access token. When X refuses the token (401) although
    /// it looks fresh (clock skew, early invalidation), the login is renewed once and `call`
    /// runs again: a 401 means X did nothing, so even a post is safe to send again.
    pub async fn with_token<T, F, Fut>(&self, login: &mut Login, mut call: F) -> Result<T>
    where
        F: FnMut(Secret) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        match call(login.secrets.access_token.clone()).await {
            Err(err) if matches!(err.cause(), Cause::TokenRefused) => {
                *login = self.renew(login).await?;
                call(login.secrets.access_token.clone()).await
            }
            result => result,
        }
    }

    /// The login to use after X refused `refused`'s access token before its stored expiry:
    /// the one another run stored meanwhile, or `refused` refreshed (and kept). Only a refused
    /// refresh means logging in again; a rate limit or a server error at the token endpoint
    /// keeps the login and says so.
    pub async fn renew(&self, refused: &Login) -> Result<Login> {
        match &self.store {
            Some(store) => {
                let slot = match store.slot_holding(refused)? {
                    Some(slot) => slot,
                    // Logged out meanwhile: the refreshed pair still has to be kept somewhere.
                    None => store.slot(&Store::new_key(refused)),
                };
                let _lock = lock(&slot.locker()).await?;
                self.renew_locked(Some(&slot), refused).await
            }
            None => self.renew_locked(None, refused).await,
        }
    }

    /// [`Session::renew`], with the lock of `slot` held by the caller.
    pub(super) async fn renew_locked(&self, slot: Option<&Slot>, refused: &Login) -> Result<Login> {
        output::note("X refused the access token before its expiry; refreshing the login.");
        let stored = match slot {
            Some(slot) => slot.load()?.filter(|s| self.foreign(s).is_none()),
            None => None,
        };
        let basis = match renewal(stored, refused) {
            Renewal::Stored(stored) => return Ok(stored),
            Renewal::Refresh(basis) => basis,
            Renewal::Impossible => return Err(errors::no_refresh_token()),
        };
        self.refresh(slot, basis).await.map_err(|err| {
            if matches!(err.cause(), Cause::Auth) {
                errors::refresh_refused(&err)
            } else {
                err
            }
        })
    }

    /// The login X's `tokens` make, keeping what `before` knew that the answer does not say.
    pub(super) fn login_from(&self, tokens: Tokens, before: Option<&Login>) -> Login {
        let lifetime = tokens.expires_in.unwrap_or(Duration::from_secs(7200));
        Login {
            api_base: self.config.api_base.to_string(),
            client_id: self.config.client_id().to_owned(),
            secrets: Pair {
                access_token: tokens.access_token,
                // X rotates refresh tokens; if it sent none this time, the old one may still do.
                refresh_token: tokens
                    .refresh_token
                    .or_else(|| before.and_then(|b| b.secrets.refresh_token.clone())),
            },
            expires_at: now().saturating_add(lifetime.as_secs()),
            scopes: if tokens.scopes.is_empty() {
                before.map(|b| b.scopes.clone()).unwrap_or_default()
            } else {
                tokens.scopes
            },
            user_id: before.and_then(|b| b.user_id.clone()),
            username: before.and_then(|b| b.username.clone()),
            subscription: before.and_then(|b| b.subscription),
        }
    }
}
