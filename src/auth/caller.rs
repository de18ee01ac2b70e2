//! Who a run acts as, decided in one place (gh's `cfg.Authentication()`): the method (the
//! OAuth 2.0 login, or the OAuth 1.0a keys), the account, the credentials each request goes
//! with, and the one renewal of a login whose token X refuses. Posting, editing and deleting
//! ask it alike; none of them reads the token store itself.
//!
//! [`Authentication`] is the question, asked before the login is obtained; [`Caller`] is the
//! answer. A command that sends nothing before its login asks for the caller at once
//! ([`Authentication::caller`]). A post sends requests before it (usernames to tag, media):
//! [`Authentication::before_login`] reads what the store holds for the run's account, once and
//! under that login's lock, so that a login that needs a consent nobody can give ends the run
//! before any request, and says which OAuth 1.0a keys may act while the login is obtained.
//!
//! With the login, a token X refuses (a 401) is renewed once and the request goes again: X did
//! nothing with it, so even a post is safe to send again. With the keys there is nothing to
//! renew: a refused signature is a configuration error.

use crate::auth::session::{ConsentOptions, Plan, Session, Why};
use crate::auth::store::Login;
use crate::config::Method;
use crate::error::{Cause, Error, Result};
use crate::oauth1::{self, OAuth1Keys};
use crate::output;
use crate::secret::Secret;
use crate::x::client::Auth;
use crate::x::users;

/// Who a run will act as, before its login is obtained: the session, and how a consent is
/// asked for if one is needed.
pub struct Authentication<'a> {
    session: Session<'a>,
    options: ConsentOptions,
}

/// Who a run's requests act as, and the credentials they go with.
pub struct Caller<'a> {
    session: Session<'a>,
    acting: Acting<'a>,
}

/// How a run's requests are authorized.
enum Acting<'a> {
    /// With the OAuth 2.0 login.
    OAuth2(Login),
    /// Signed with the OAuth 1.0a keys; the username is known only from a stored login of
    /// the same user.
    OAuth1 {
        /// The four keys.
        keys: &'a OAuth1Keys,
        /// The keys' user's username, if a stored login names it.
        username: Option<String>,
    },
}

/// The credentials one request goes with, owned by that request (a token is handed to each
/// attempt anew, so that a renewed one replaces it).
pub enum Key<'a> {
    /// The login's access token.
    Bearer(Secret),
    /// The OAuth 1.0a keys.
    OAuth1(&'a OAuth1Keys),
}

impl Key<'_> {
    /// How the request is authorized.
    pub fn auth(&self) -> Auth<'_> {
        match self {
            Key::Bearer(token) => Auth::Bearer(token),
            Key::OAuth1(keys) => Auth::OAuth1(keys),
        }
    }
}

/// OAuth 1.0a keys that may act before the run's login is obtained: OAuth 1.0a needs no
/// consent, so a post's usernames and media can go with them meanwhile.
pub struct EarlyKeys<'a> {
    keys: &'a OAuth1Keys,
    /// The user they act for, if known.
    user_id: Option<String>,
}

impl<'a> EarlyKeys<'a> {
    /// How a request with them is authorized.
    pub fn auth(&self) -> Auth<'a> {
        Auth::OAuth1(self.keys)
    }
}

impl<'a> Authentication<'a> {
    /// Who `session`'s run acts as; `options` say how a consent is asked for, if the OAuth 2.0
    /// login needs one. Nothing is read yet.
    pub fn new(session: Session<'a>, options: ConsentOptions) -> Authentication<'a> {
        Authentication { session, options }
    }

    /// The method the run's requests are authorized with (`--auth`, `XPOST_AUTH`, or what is
    /// configured).
    pub fn method(&self) -> Method {
        self.session.config.method
    }

    /// The account asked for (`--account`, `XPOST_ACCOUNT`); `None` is the default one. Only
    /// the OAuth 2.0 login has accounts: the OAuth 1.0a keys act as their own user.
    pub fn account(&self) -> Option<&str> {
        self.session.account.as_deref()
    }

    /// For a run that sends requests before its login (`media`: some of them uploads), before
    /// it sends any: ends the run when the login needs a consent that nobody can give, and
    /// says which OAuth 1.0a keys may act meanwhile. With OAuth 1.0a, those are the run's keys.
    ///
    /// With OAuth 2.0, the store is read here at most once, under the login's lock; the
    /// session decides again when the login is obtained. Keys of another account than a stored
    /// login's user are set aside, with a warning: X refuses media uploaded by one account in
    /// another's post. When a consent is ahead, the keys are checked with X first
    /// (`users/me`, which also says whose they are), so that a wrong secret ends the run before
    /// the browser opens rather than after the user consented. A warm run makes no request
    /// for this.
    pub async fn before_login(&self, media: bool) -> Result<Option<EarlyKeys<'a>>> {
        let config = self.session.config;
        if config.method == Method::OAuth1 {
            let keys = oauth1_keys(&self.session)?;
            keys_are_the_account(&self.session, keys)?;
            let user_id = oauth1::token_user_id(keys).map(str::to_owned);
            return Ok(Some(EarlyKeys { keys, user_id }));
        }
        let no_consent = self
            .options
            .no_consent
            .filter(|_| self.session.store.is_some());
        let keys = config.oauth1.as_ref().filter(|_| media);
        if no_consent.is_none() && keys.is_none() {
            return Ok(None);
        }
        // An unknown account, a login that cannot be read (a keyring that stopped answering)
        // end the run here, before any request.
        let (planned, stored) = self.session.outlook().await?;
        if let (Some(reason), Plan::Consent(why)) = (no_consent, &planned)
            && !matches!(why, Why::OtherServer { .. })
        {
            return Err(self.session.no_consent(why, reason));
        }
        let Some(keys) = keys else {
            return Ok(None);
        };
        let named = oauth1::token_user_id(keys).map(str::to_owned);
        match (planned, stored) {
            (Plan::Reuse | Plan::Refresh, Some(stored)) => {
                if let Some(warning) = named.as_deref().and_then(|id| other_account(id, &stored)) {
                    output::warn(warning);
                    return Ok(None);
                }
                Ok(Some(EarlyKeys {
                    keys,
                    user_id: named,
                }))
            }
            _ => self.checked(keys, named).await.map(Some),
        }
    }

    /// `keys`, checked with X before a consent: whose they are, or the error that ends the run.
    async fn checked(&self, keys: &'a OAuth1Keys, named: Option<String>) -> Result<EarlyKeys<'a>> {
        match users::me_as(self.session.api, Auth::OAuth1(keys)).await {
            Ok(user) => Ok(EarlyKeys {
                keys,
                user_id: Some(user.id),
            }),
            // X refused the signature: a wrong key or secret, found before any consent.
            Err(err) if matches!(err.cause(), Cause::Config) => {
                Err(err.context("the OAuth 1.0a keys, checked before asking for consent"))
            }
            // X serves the app nothing until it is paid for: no consent to waste on it.
            Err(err) if matches!(err.cause(), Cause::Billing) => Err(err),
            // Anything else says nothing of the keys; the uploads will.
            Err(err) => {
                output::trace(
                    1,
                    format!("could not check the OAuth 1.0a keys: {}", err.message()),
                );
                Ok(EarlyKeys {
                    keys,
                    user_id: named,
                })
            }
        }
    }

    /// Who the run acts as: signing with the OAuth 1.0a keys (no login, no store, no consent),
    /// or the OAuth 2.0 login, obtained now (stored, refreshed, or by a consent where the
    /// options allow one).
    pub async fn caller(self) -> Result<Caller<'a>> {
        let acting = match self.session.config.method {
            Method::OAuth1 => {
                let keys = oauth1_keys(&self.session)?;
                keys_are_the_account(&self.session, keys)?;
                Acting::OAuth1 {
                    keys,
                    username: known_username(&self.session, keys),
                }
            }
            Method::OAuth2 => Acting::OAuth2(self.session.obtain(Some(self.options)).await?),
        };
        Ok(Caller {
            session: self.session,
            acting,
        })
    }
}

impl<'a> Caller<'a> {
    /// The method the requests are authorized with.
    pub fn method(&self) -> Method {
        match self.acting {
            Acting::OAuth2(_) => Method::OAuth2,
            Acting::OAuth1 { .. } => Method::OAuth1,
        }
    }

    /// The username of the account the requests act as, for post URLs, if known.
    pub fn username(&self) -> Option<&str> {
        match &self.acting {
            Acting::OAuth2(login) => login.username.as_deref(),
            Acting::OAuth1 { username, .. } => username.as_deref(),
        }
    }

    /// The id of the user the requests act for, if known (from the login, or from the OAuth
    /// 1.0a access token, which starts with it).
    pub fn user_id(&self) -> Option<&str> {
        match &self.acting {
            Acting::OAuth2(login) => login.user_id.as_deref(),
            Acting::OAuth1 { keys, .. } => oauth1::token_user_id(keys),
        }
    }

    /// X refused a post longer than 280 made as this caller: the stored login's subscription
    /// becomes unknown, so that the next long text is refused before anything is sent (until
    /// `auth status` reads it again). OAuth 1.0a keeps nothing.
    pub async fn subscription_lapsed(&self) {
        if let Acting::OAuth2(login) = &self.acting
            && let Some(user_id) = login.user_id.as_deref()
        {
            self.session.remember_subscription(user_id, None).await;
        }
    }

    /// Whether media uploaded with `early` can go in this caller's posts: not when the keys
    /// are another account's than the login's (the consent was given as another account), as
    /// X refuses them then; a warning says so, and they go up again with the login.
    pub fn takes_media_of(&self, early: &EarlyKeys<'_>) -> bool {
        let Acting::OAuth2(login) = &self.acting else {
            return true;
        };
        match early
            .user_id
            .as_deref()
            .and_then(|id| other_account(id, login))
        {
            None => true,
            Some(warning) => {
                output::warn(warning);
                false
            }
        }
    }

    /// Runs `call` with this run's credentials. With the login, a token X refuses (401) is
    /// renewed once and `call` runs again.
    pub async fn call<T, F, Fut>(&mut self, mut call: F) -> Result<T>
    where
        F: FnMut(Key<'a>) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        match &mut self.acting {
            Acting::OAuth2(login) => {
                self.session
                    .with_token(login, |token| call(Key::Bearer(token)))
                    .await
            }
            &mut Acting::OAuth1 { keys, .. } => call(Key::OAuth1(keys)).await,
        }
    }
}

/// The run's OAuth 1.0a keys.
fn oauth1_keys<'a>(session: &Session<'a>) -> Result<&'a OAuth1Keys> {
    session
        .config
        .oauth1
        .as_ref()
        .ok_or_else(|| Error::internal("OAuth 1.0a was chosen without its four keys"))
}

/// Ends the run before anything is sent when the account asked for (`--account`,
/// `XPOST_ACCOUNT`) is not the OAuth 1.0a keys' user: the keys act as their own user whatever
/// is asked, so a post meant for one account would go out as another. The account is the
/// keys' when it names their user id (the access token starts with it), or a stored login of
/// that user (by its username or key). An account xpost cannot tell is theirs is refused
/// too: no request is made to find out (X bills it).
fn keys_are_the_account(session: &Session<'_>, keys: &OAuth1Keys) -> Result<()> {
    let Some(asked) = session.account.as_deref() else {
        return Ok(());
    };
    let bare = asked.trim().trim_start_matches('@');
    let keys_user = oauth1::token_user_id(keys);
    if keys_user == Some(bare) {
        return Ok(());
    }
    let stored = session
        .store
        .as_ref()
        .and_then(|store| store.scan().ok())
        .and_then(|contents| {
            contents
                .find(bare)
                .filter(|a| a.login.api_base == session.config.api_base.as_str())
                .map(|a| (a.login.user_id.clone(), a.label()))
        });
    let shown = crate::sanitize::outside(bare);
    let keys_are = match keys_user {
        Some(id) => format!("the OAuth 1.0a keys act as user {id}"),
        None => "the OAuth 1.0a keys act as their own user".to_owned(),
    };
    let message = match stored {
        Some((user, _)) if user.is_some() && user.as_deref() == keys_user => return Ok(()),
        Some((_, label)) => format!(
            "--account (or XPOST_ACCOUNT) asks for {label}, but {keys_are}, another account: nothing was sent"
        ),
        None => format!(
            "--account (or XPOST_ACCOUNT) asks for @{shown}, which xpost cannot tell is the keys' user ({keys_are}; no stored login of theirs is named so): nothing was sent"
        ),
    };
    Err(Error::new(Cause::Auth, message).hint(
        "with --auth oauth1, set X_ACCESS_TOKEN and X_ACCESS_TOKEN_SECRET to that account's keys and leave --account out, or name the keys' user id; to post as another account, use its login (--auth oauth2)",
    ))
}

/// The username of the OAuth 1.0a keys' user, when a stored login of the same user (at the
/// same server) names it. No request is made for it (X bills every request), and nothing is
/// written: a missing, unreadable or read-only store just leaves it unknown. The store's lock
/// is not taken: these files are only read, and the lock may be held for minutes by a run
/// waiting for a consent, which a run with the keys never waits for.
fn known_username(session: &Session<'_>, keys: &OAuth1Keys) -> Option<String> {
    let id = oauth1::token_user_id(keys)?;
    // `scan` reads only: an old store is not moved by a run that keeps nothing.
    let contents = session.store.as_ref()?.scan().ok()?;
    contents
        .accounts
        .into_iter()
        .map(|account| account.login)
        .find(|login| {
            login.user_id.as_deref() == Some(id)
                && login.api_base == session.config.api_base.as_str()
        })?
        .username
}

/// The warning for OAuth 1.0a keys of user `keys_user` when `login` is another's; `None` when
/// they are the same user, or the login's user is not known.
fn other_account(keys_user: &str, login: &Login) -> Option<String> {
    let user = login.user_id.as_deref()?;
    if user == keys_user {
        return None;
    }
    let who = match &login.username {
        Some(name) => format!("@{name}"),
        None => format!("user {user}"),
    };
    Some(format!(
        "the OAuth 1.0a keys (X_ACCESS_TOKEN) are of another account (user {keys_user}) than the login ({who}), and X refuses media uploaded by one account in another's post: uploading with the login's OAuth 2.0 token instead. Set X_ACCESS_TOKEN and X_ACCESS_TOKEN_SECRET to the keys of {who}, or leave them unset"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::keyring::Pair;

    fn login(user_id: Option<&str>, username: Option<&str>) -> Login {
        Login {
            api_base: "https://api.x.com/".into(),
            client_id: "app".into(),
            expires_at: 0,
            scopes: Vec::new(),
            user_id: user_id.map(str::to_owned),
            username: username.map(str::to_owned),
            subscription: None,
            secrets: Pair {
                access_token: Secret::new("a"),
                refresh_token: None,
            },
        }
    }

    #[test]
    fn keys_of_another_account_than_the_login_are_named_with_the_fix() {
        assert_eq!(other_account("42", &login(Some("42"), Some("me"))), None);
        // A login whose user X did not name cannot be told apart: the keys are taken.
        assert_eq!(other_account("42", &login(None, None)), None);
        let warning = other_account("7", &login(Some("42"), Some("me"))).unwrap();
        assert!(
            warning.contains("(user 7) than the login (@me)"),
            "{warning}"
        );
        assert!(warning.contains("keys of @me"), "{warning}");
        let warning = other_account("7", &login(Some("42"), None)).unwrap();
        assert!(warning.contains("than the login (user 42)"), "{warning}");
    }
}
