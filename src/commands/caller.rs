//! Who a command's requests to X act as, and how each is authorized: with the OAuth 2.0 login,
//! or signed with the OAuth 1.0a keys. Posting, editing and deleting share it.
//!
//! With the login, a token X refuses (a 401) is renewed once and the request goes again: X did
//! nothing with it, so even a post is safe to send again. With the keys there is nothing to
//! renew: a refused signature is a configuration error.

use super::context::Context;
use crate::auth::session::Session;
use crate::auth::store::Login;
use crate::error::{Error, Result};
use crate::oauth1::{self, OAuth1Keys};
use crate::secret::Secret;
use crate::x::client::Auth;

/// How a run's requests are authorized.
pub enum Caller<'a> {
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

impl<'a> Caller<'a> {
    /// Signing with the OAuth 1.0a keys of `ctx`: no login, no store, no consent. The username
    /// (for post URLs) comes only from a stored login of the same user: no request is made
    /// for it.
    pub fn oauth1(ctx: &'a Context) -> Result<Caller<'a>> {
        let keys = ctx
            .config
            .oauth1
            .as_ref()
            .ok_or_else(|| Error::internal("OAuth 1.0a was chosen without its four keys"))?;
        Ok(Caller::OAuth1 {
            keys,
            username: known_username(ctx, keys),
        })
    }

    /// The username for post URLs, if known.
    pub fn username(&self) -> Option<&str> {
        match self {
            Caller::OAuth2(login) => login.username.as_deref(),
            Caller::OAuth1 { username, .. } => username.as_deref(),
        }
    }

    /// The id of the user the requests act for, if known (from the login, or from the OAuth
    /// 1.0a access token, which starts with it).
    pub fn user_id(&self) -> Option<&str> {
        match self {
            Caller::OAuth2(login) => login.user_id.as_deref(),
            Caller::OAuth1 { keys, .. } => oauth1::token_user_id(keys),
        }
    }

    /// Runs `call` with this run's credentials. With the login, a token X refuses (401) is
    /// renewed once and `call` runs again.
    pub async fn call<T, F, Fut>(&mut self, session: &Session<'_>, mut call: F) -> Result<T>
    where
        F: FnMut(Key<'a>) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        match self {
            Caller::OAuth2(login) => {
                session
                    .with_token(login, |token| call(Key::Bearer(token)))
                    .await
            }
            &mut Caller::OAuth1 { keys, .. } => call(Key::OAuth1(keys)).await,
        }
    }
}

/// The username of the OAuth 1.0a keys' user, when a stored login of the same user (at the
/// same server) names it. No request is made for it (X bills every request), and nothing is
/// written: a missing, unreadable or read-only store just leaves it unknown.
fn known_username(ctx: &Context, keys: &OAuth1Keys) -> Option<String> {
    let id = oauth1::token_user_id(keys)?;
    // `scan` reads only: an old store is not moved by a run that keeps nothing.
    let contents = ctx.store.as_ref()?.scan().ok()?;
    contents
        .accounts
        .into_iter()
        .map(|account| account.login)
        .find(|login| {
            login.user_id.as_deref() == Some(id) && login.api_base == ctx.config.api_base.as_str()
        })?
        .username
}
