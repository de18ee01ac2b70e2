//! A new login: the consent that makes it, under the store's lock, and keeping it as the login
//! of the user who gave it (replacing that user's login, whose grant is then revoked), with the
//! checks that the consent was given as the account expected.

use super::errors::{other_account_consented, other_user_consented};
use super::keeping::{announce, default_if_none, lock};
use super::plan::{Plan, Why};
use super::{ConsentOptions, Session};
use crate::auth::callback::Listener;
use crate::auth::consent::{Waiting, consent};
use crate::auth::keyring::Writing;
use crate::auth::store::{Login, Slot, Store, label};
use crate::error::{Cause, Result};
use crate::output;
use crate::x::users::{self, User};

/// Who a consent is expected to be given by: the user of the login it renews.
struct Expected {
    user_id: String,
    label: String,
}

impl Session<'_> {
    /// A consent for the login of `chosen` (or a first login), under the store's lock: the
    /// user is not known before the consent ends. Runs that needed the same consent wait here
    /// and use the login the first one stored.
    pub(super) async fn consent_for(
        &self,
        store: &Store,
        chosen: Option<Slot>,
        options: ConsentOptions,
    ) -> Result<Login> {
        let _store_lock = lock(&store.locker()).await?;
        let chosen = match chosen {
            Some(slot) => Some(slot),
            None => store.choose_held(self.account.as_deref())?,
        };
        let _slot_lock = match &chosen {
            Some(slot) => Some(lock(&slot.locker()).await?),
            None => None,
        };
        let mut expected = None;
        if let Some(slot) = &chosen
            && let Some(stored) = slot.load()?
        {
            // Another run consented meanwhile: its login, not a second consent.
            let planned = self.plan(Some(&stored));
            if planned == Plan::Reuse {
                return Ok(stored);
            }
            expected = stored.user_id.clone().map(|user_id| Expected {
                user_id,
                label: label(slot, &stored),
            });
        }
        let (login, _) = self.consent(Some(store), chosen.as_ref(), options).await?;
        if let Some(expected) = expected
            && login.user_id.as_deref() != Some(expected.user_id.as_str())
        {
            return Err(other_user_consented(&expected.label, &login));
        }
        Ok(login)
    }

    /// [`Session::login`] for the account asked for (`--account`), if any: a consent given as
    /// another account is kept (it is that account's), but ends the run with 77.
    pub async fn login_as_asked(&self, options: ConsentOptions) -> Result<(Login, Option<Slot>)> {
        let (login, slot) = self.login(options).await?;
        if let Some(asked) = self.account.as_deref()
            && !consented_as(&login, asked)
        {
            return Err(other_account_consented(asked, &login));
        }
        Ok((login, slot))
    }

    /// A new consent, kept in the store as the login of the user who gives it (added, or
    /// replacing that user's); the first login becomes the default. Returns where it is kept.
    pub async fn login(&self, options: ConsentOptions) -> Result<(Login, Option<Slot>)> {
        if let Some(reason) = options.no_consent {
            return Err(self.no_consent(&Why::Asked, reason));
        }
        match &self.store {
            Some(store) => {
                store.migrate()?;
                let _lock = lock(&store.locker()).await?;
                self.consent(Some(store), None, options).await
            }
            None => self.consent(None, None, options).await,
        }
    }

    /// Runs a consent; keeps the tokens the moment X issues them, then adds the username and
    /// moves the login to its user's place. The store's lock is held by the caller, and the
    /// lock of `held`, if any.
    pub(super) async fn consent(
        &self,
        store: Option<&Store>,
        held: Option<&Slot>,
        options: ConsentOptions,
    ) -> Result<(Login, Option<Slot>)> {
        if let Some(store) = store {
            store.check_keyring()?;
        }
        let listener = Listener::bind(&self.config.redirect_uri).await?;
        let waiting = Waiting {
            timeout: options.timeout,
            deadline: options.deadline,
            paste: options.interactive,
            attended: options.attended,
        };
        let tokens = consent(self.oauth, listener, options.opener, waiting).await?;
        let mut login = self.login_from(tokens, None);
        // Whose tokens these are is not known yet: they are kept in a place of their own.
        let fresh = store.map(|store| store.slot(&Store::new_key(&login)));
        let mut fresh_saved = None;
        if let Some(fresh) = &fresh {
            fresh_saved = Some(fresh.save(&login, Writing::Consent)?);
        }
        match self.user_of(fresh.as_ref(), &mut login).await {
            Ok(user) => {
                output::note(format!("Logged in to X as @{}.", user.username));
                login.user_id = Some(user.id);
                login.username = Some(user.username);
                login.subscription = user.subscription;
            }
            // X serves the app nothing (no credits, a cap, no project): the login is kept,
            // and the run ends here rather than after a request that cannot succeed.
            Err(err) if matches!(err.cause(), Cause::Billing | Cause::Config) => {
                if let (Some(fresh), Some(saved)) = (&fresh, &fresh_saved) {
                    announce(fresh, saved);
                }
                return Err(
                    err.context("logged in and kept the login, but X refused the user lookup")
                );
            }
            Err(err) => output::warn(format!(
                "logged in, but could not look up the username ({}); post URLs will not name it, and the login is listed as {}",
                err.message(),
                fresh
                    .as_ref()
                    .map(|s| s.key().to_owned())
                    .unwrap_or_default()
            )),
        }
        let (Some(store), Some(fresh)) = (store, fresh) else {
            return Ok((login, None));
        };
        if login.user_id.is_none() {
            default_if_none(store, &fresh)?;
            if let Some(saved) = &fresh_saved {
                announce(&fresh, saved);
            }
            return Ok((login, Some(fresh)));
        }
        let target = self.keep_as_user(store, &fresh, held, &login).await?;
        Ok((login, Some(target)))
    }

    /// The user a new `login` is of, asked of X with it. X may refuse a token it has just
    /// issued (401): then the login is renewed once (in `fresh`, its place) and asked again.
    /// A renewal that fails is the lookup's error, which the caller weighs like any other.
    async fn user_of(&self, fresh: Option<&Slot>, login: &mut Login) -> Result<User> {
        match users::me(self.api, &login.secrets.access_token).await {
            Err(err) if matches!(err.cause(), Cause::TokenRefused) => {
                match self.renew_locked(fresh, login).await {
                    Ok(renewed) => {
                        *login = renewed;
                        users::me(self.api, &login.secrets.access_token).await
                    }
                    Err(err) => Err(err),
                }
            }
            user => user,
        }
    }

    /// Moves a new `login` of a known user from its own place (`fresh`) to its user's: the
    /// login it replaces, or a new one; returns that place. The store's lock is held by the
    /// caller, and the lock of `held`, if any.
    async fn keep_as_user(
        &self,
        store: &Store,
        fresh: &Slot,
        held: Option<&Slot>,
        login: &Login,
    ) -> Result<Slot> {
        let target = store.slot_of_user(login)?;
        let _target_lock = if held == Some(&target) {
            None
        } else {
            Some(lock(&target.locker()).await?)
        };
        let replaced = target
            .load()
            .ok()
            .flatten()
            .filter(|old| self.foreign(old).is_none() && old.user_id == login.user_id);
        let saved = target.save(login, Writing::Consent)?;
        if *fresh != target {
            fresh.delete()?;
        }
        announce(&target, &saved);
        default_if_none(store, &target)?;
        // Once the new login turns out to be the same user's, the grant it replaces is revoked.
        if let Some(old) = replaced
            && old.secrets.access_token != login.secrets.access_token
        {
            self.revoke_replaced(&old).await;
        }
        Ok(target)
    }

    /// Revokes the grant of a login that a new consent of the same user replaced, so that no
    /// forgotten grant stays live at X. A failure is only a warning: the new login stands.
    async fn revoke_replaced(&self, old: &Login) {
        let revoked = match &old.secrets.refresh_token {
            Some(refresh) => self.oauth.revoke(refresh, true).await,
            None => Ok(()),
        };
        let revoked = match revoked {
            Ok(()) => self.oauth.revoke(&old.secrets.access_token, false).await,
            Err(err) => Err(err),
        };
        match revoked {
            Ok(()) => output::trace(1, "revoked the login this one replaces"),
            Err(err) => output::warn(format!(
                "could not revoke the login this one replaces ({}); its grant may still be live at X",
                err.message()
            )),
        }
    }
}

/// Whether `login` is of the account `asked` names: its username (with or without `@`, in
/// any case) or its user id.
fn consented_as(login: &Login, asked: &str) -> bool {
    let bare = asked.trim().trim_start_matches('@');
    login
        .username
        .as_deref()
        .is_some_and(|name| name.eq_ignore_ascii_case(bare))
        || login.user_id.as_deref() == Some(bare)
}
