//! A usable login for this run: the stored one, a refreshed one, or a new consent.
//!
//! [`plan`] is the pure decision; [`Session`] carries it out under the store's lock, so that
//! runs started together make one refresh (or one consent) between them and the others use
//! its result. A refreshed pair is saved before anything else happens: X's refresh tokens
//! are single-use, and the old one is spent as soon as X answers.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::auth::callback::Listener;
use crate::auth::consent::{Opener, Waiting, consent};
use crate::auth::keyring::{Pair, Writing};
use crate::auth::store::{Locker, Login, Saved, Slot, Store, StoreLock, fallback_note, label};
use crate::auth::token_endpoint::{OAuthClient, SCOPES, Tokens};
use crate::compose::limit::Subscription;
use crate::config::Config;
use crate::error::{Cause, Error, Result};
use crate::output;
use crate::secret::Secret;
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
enum Renewal {
    /// Another run renewed it meanwhile: use the login it stored.
    Stored(Login),
    /// Refresh this login (the stored copy, when there is one).
    Refresh(Login),
    /// It has no refresh token: only a new consent helps.
    Impossible,
}

/// Decides how to renew `refused`, given what the store holds now (for this app and server).
fn renewal(stored: Option<Login>, refused: &Login) -> Renewal {
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

/// Who a consent is expected to be given by: the user of the login it renews.
struct Expected {
    user_id: String,
    label: String,
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
            return Err(Error::new(Cause::Auth, format!("login needed: {why}")).hint(format!(
                "xpost sent the stored login nowhere. If X_API_BASE is what you mean (check the environment and ./.env), run xpost auth login, which replaces the login made at {stored}"
            )));
        }
        if let Some(reason) = options.as_ref().and_then(|o| o.no_consent) {
            return Err(self.no_consent(&why, reason));
        }
        let options = match options {
            Some(options) if why == Why::NoLogin || options.interactive => options,
            _ => {
                return Err(Error::new(Cause::Auth, format!("login needed: {why}"))
                    .hint("run xpost auth login at a terminal, then run this again"));
            }
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

    /// A consent for the login of `chosen` (or a first login), under the store's lock: the
    /// user is not known before the consent ends. Runs that needed the same consent wait here
    /// and use the login the first one stored.
    async fn consent_for(
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
            let who = match &login.username {
                Some(name) => format!("@{name}"),
                None => "an account X did not name".to_owned(),
            };
            return Err(Error::new(
                Cause::Auth,
                format!(
                    "this run uses the login of {}, but the consent was given as {who}; that login is stored too (xpost auth list), and nothing was sent with it",
                    expected.label
                ),
            )
            .hint(format!(
                "run this again and consent as {} (sign in to that account in the browser first)",
                expected.label
            )));
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

    /// The error of a run that needs a consent (for `why`) where nobody can give one
    /// (`reason`: CI, `--no-interactive`): exit 77 at once, with the ways out.
    pub fn no_consent(&self, why: &Why, reason: &str) -> Error {
        no_consent(why, reason, self.config.oauth1.is_some())
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
    async fn consent(
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
        let user = match users::me(self.api, &login.secrets.access_token).await {
            Err(err) if matches!(err.cause(), Cause::TokenRefused) => {
                match self.renew_locked(fresh.as_ref(), &login).await {
                    Ok(renewed) => {
                        login = renewed;
                        users::me(self.api, &login.secrets.access_token).await
                    }
                    Err(err) => Err(err),
                }
            }
            user => user,
        };
        match user {
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

    async fn refresh(&self, slot: Option<&Slot>, stored: Login) -> Result<Login> {
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
    async fn renew_locked(&self, slot: Option<&Slot>, refused: &Login) -> Result<Login> {
        output::note("X refused the access token before its expiry; refreshing the login.");
        let stored = match slot {
            Some(slot) => slot.load()?.filter(|s| self.foreign(s).is_none()),
            None => None,
        };
        let basis = match renewal(stored, refused) {
            Renewal::Stored(stored) => return Ok(stored),
            Renewal::Refresh(basis) => basis,
            Renewal::Impossible => {
                return Err(Error::new(
                    Cause::Auth,
                    "X refused the access token, and the login has no refresh token",
                )
                .hint("log in again with xpost auth login"));
            }
        };
        self.refresh(slot, basis).await.map_err(|err| {
            if matches!(err.cause(), Cause::Auth) {
                Error::new(
                    Cause::Auth,
                    format!(
                        "X refused the access token, and then its refresh: {}",
                        err.message()
                    ),
                )
                .hint("log in again with xpost auth login")
            } else {
                err
            }
        })
    }

    fn login_from(&self, tokens: Tokens, before: Option<&Login>) -> Login {
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

/// Takes a lock (the store's, or one login's) without blocking the async runtime while another
/// xpost holds it, saying so when it has to wait (the other run may be waiting for a consent).
pub async fn lock(locker: &Locker) -> Result<StoreLock> {
    let locker = locker.clone();
    tokio::task::spawn_blocking(move || {
        if let Some(lock) = locker.try_lock()? {
            return Ok(lock);
        }
        output::note(
            "Another xpost run is using the stored login (it may be waiting for consent in the browser, or refreshing the login); this run waits for it to finish.",
        );
        locker.lock()
    })
    .await
    .map_err(|err| Error::internal(format!("waiting for the login lock failed: {err}")))?
}

/// Says that a login's tokens went to its file because no keyring answered, when they did.
fn announce(slot: &Slot, saved: &Saved) {
    if let Some(fault) = &saved.fallback {
        output::note(fallback_note(&slot.path(), fault));
    }
}

/// Makes `slot` the default when no login is (or the default is gone). The store's lock is held
/// by the caller.
fn default_if_none(store: &Store, slot: &Slot) -> Result<()> {
    let current = store.default_key()?;
    let gone = current
        .as_deref()
        .is_none_or(|key| !store.slot(key).path().exists());
    if gone {
        store.set_default(slot.key())?;
    }
    Ok(())
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

/// The error of a consent given as another account than the one asked for by name.
fn other_account_consented(asked: &str, login: &Login) -> Error {
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
