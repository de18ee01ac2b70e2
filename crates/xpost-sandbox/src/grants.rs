//! OAuth 2.0 authorization state, pure and clock-injected: pending consent requests,
//! authorization codes, grants and their access and refresh tokens.
//!
//! The rules follow X and RFC 6749/7636: codes are single-use and short-lived, and a
//! code presented twice revokes what it produced (RFC 6749 §4.1.2); refresh tokens rotate
//! and are single-use, and a used one presented again revokes the whole grant.

use std::collections::HashMap;
use std::fmt;
use std::time::{Duration, SystemTime};

use super::challenge;
use super::ids::random_token;

/// The scopes X knows for what xpost does.
pub(crate) const KNOWN_SCOPES: [&str; 5] = [
    "tweet.read",
    "tweet.write",
    "users.read",
    "offline.access",
    "media.write",
];

/// How long a consent page stays valid before its form is refused.
pub(crate) const PENDING_TTL: Duration = Duration::from_secs(10 * 60);

/// Splits a space-separated scope list, keeping the first occurrence of each scope.
///
/// Fails with the first scope X does not know, or with an empty string for an empty list.
pub(crate) fn parse_scopes(scope: &str) -> Result<Vec<String>, String> {
    let mut scopes: Vec<String> = Vec::new();
    for s in scope.split(' ').filter(|s| !s.is_empty()) {
        if !KNOWN_SCOPES.contains(&s) {
            return Err(s.to_string());
        }
        if !scopes.iter().any(|known| known == s) {
            scopes.push(s.to_string());
        }
    }
    if scopes.is_empty() {
        return Err(String::new());
    }
    Ok(scopes)
}

/// A validated authorization request, waiting for consent or carried by its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AuthRequest {
    pub(crate) client_id: String,
    pub(crate) redirect_uri: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) state: String,
    pub(crate) code_challenge: String,
}

/// What the token endpoint answers on success. Its `Debug` hides the tokens.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct TokenSet {
    pub(crate) access_token: String,
    pub(crate) refresh_token: Option<String>,
    pub(crate) expires_in: u64,
    pub(crate) scope: String,
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &"(redacted)")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "(redacted)"),
            )
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .finish()
    }
}

/// Who a valid access token speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BearerGrant {
    pub(crate) user_id: String,
    pub(crate) scopes: Vec<String>,
}

/// Why a token request was refused (the endpoint maps both to X's `invalid_request`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GrantError {
    /// Unknown, expired, reused, foreign code, wrong redirect_uri or PKCE verifier.
    InvalidCode,
    /// Unknown, used, revoked or foreign refresh token.
    InvalidRefreshToken,
}

struct Pending {
    request: AuthRequest,
    opened_at: SystemTime,
}

struct Code {
    request: AuthRequest,
    user_id: String,
    issued_at: SystemTime,
    used: bool,
    grant: Option<usize>,
}

struct Grant {
    user_id: String,
    client_id: String,
    scopes: Vec<String>,
    revoked: bool,
}

struct Access {
    grant: usize,
    expires_at: SystemTime,
    revoked: bool,
}

struct Refresh {
    grant: usize,
    used: bool,
}

/// Every consent request, code, grant and token the sandbox knows.
pub(crate) struct Grants {
    code_ttl: Duration,
    access_ttl: Duration,
    pending: HashMap<String, Pending>,
    codes: HashMap<String, Code>,
    grants: Vec<Grant>,
    access: HashMap<String, Access>,
    refresh: HashMap<String, Refresh>,
}

impl Grants {
    /// Empty state with the given code and access-token lifetimes.
    pub(crate) fn new(code_ttl: Duration, access_ttl: Duration) -> Self {
        Grants {
            code_ttl,
            access_ttl,
            pending: HashMap::new(),
            codes: HashMap::new(),
            grants: Vec::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
        }
    }

    /// Keeps a validated request until the consent form comes back; returns its id.
    pub(crate) fn open_request(&mut self, request: AuthRequest, now: SystemTime) -> String {
        self.pending
            .retain(|_, p| !expired(p.opened_at, PENDING_TTL, now));
        let id = random_token(16);
        self.pending.insert(
            id.clone(),
            Pending {
                request,
                opened_at: now,
            },
        );
        id
    }

    /// Takes a pending request back (once), unless unknown or older than [`PENDING_TTL`].
    pub(crate) fn take_request(&mut self, id: &str, now: SystemTime) -> Option<AuthRequest> {
        let pending = self.pending.remove(id)?;
        (!expired(pending.opened_at, PENDING_TTL, now)).then_some(pending.request)
    }

    /// Issues a single-use authorization code for a consented request.
    pub(crate) fn issue_code(
        &mut self,
        request: AuthRequest,
        user_id: &str,
        now: SystemTime,
    ) -> String {
        let code = random_token(32);
        self.codes.insert(
            code.clone(),
            Code {
                request,
                user_id: user_id.to_string(),
                issued_at: now,
                used: false,
                grant: None,
            },
        );
        code
    }

    /// Exchanges a code for tokens (`grant_type=authorization_code`).
    ///
    /// The code is spent by the first attempt of its own client, successful or not; a
    /// second presentation also revokes the grant the first one created.
    pub(crate) fn exchange_code(
        &mut self,
        client_id: &str,
        code: &str,
        redirect_uri: &str,
        verifier: &str,
        now: SystemTime,
    ) -> Result<TokenSet, GrantError> {
        let entry = self.codes.get_mut(code).ok_or(GrantError::InvalidCode)?;
        if entry.request.client_id != client_id {
            return Err(GrantError::InvalidCode);
        }
        if entry.used {
            if let Some(grant) = entry.grant {
                self.grants[grant].revoked = true;
            }
            return Err(GrantError::InvalidCode);
        }
        entry.used = true;
        if expired(entry.issued_at, self.code_ttl, now)
            || entry.request.redirect_uri != redirect_uri
            || !challenge::verifier_matches(verifier, &entry.request.code_challenge)
        {
            return Err(GrantError::InvalidCode);
        }
        let grant = self.grants.len();
        entry.grant = Some(grant);
        self.grants.push(Grant {
            user_id: entry.user_id.clone(),
            client_id: client_id.to_string(),
            scopes: entry.request.scopes.clone(),
            revoked: false,
        });
        Ok(self.issue_tokens(grant, now))
    }

    /// Rotates a refresh token (`grant_type=refresh_token`) into a new token pair.
    pub(crate) fn refresh(
        &mut self,
        client_id: &str,
        refresh_token: &str,
        now: SystemTime,
    ) -> Result<TokenSet, GrantError> {
        let entry = self
            .refresh
            .get_mut(refresh_token)
            .ok_or(GrantError::InvalidRefreshToken)?;
        let grant = entry.grant;
        if self.grants[grant].client_id != client_id {
            return Err(GrantError::InvalidRefreshToken);
        }
        if entry.used {
            self.grants[grant].revoked = true;
            return Err(GrantError::InvalidRefreshToken);
        }
        if self.grants[grant].revoked {
            return Err(GrantError::InvalidRefreshToken);
        }
        entry.used = true;
        Ok(self.issue_tokens(grant, now))
    }

    /// Revokes a token of `client_id` (RFC 7009): an access token alone, or a refresh
    /// token together with its whole grant. Unknown tokens are silently ignored.
    pub(crate) fn revoke(&mut self, client_id: &str, token: &str) {
        if let Some(access) = self.access.get_mut(token) {
            if self.grants[access.grant].client_id == client_id {
                access.revoked = true;
            }
        } else if let Some(refresh) = self.refresh.get(token) {
            let grant = &mut self.grants[refresh.grant];
            if grant.client_id == client_id {
                grant.revoked = true;
            }
        }
    }

    /// The grant behind a bearer token, if the token is known, unexpired and unrevoked.
    pub(crate) fn bearer(&self, access_token: &str, now: SystemTime) -> Option<BearerGrant> {
        let access = self.access.get(access_token)?;
        let grant = &self.grants[access.grant];
        (!access.revoked && !grant.revoked && now < access.expires_at).then(|| BearerGrant {
            user_id: grant.user_id.clone(),
            scopes: grant.scopes.clone(),
        })
    }

    /// Makes every access token issued so far expired at `now`.
    pub(crate) fn expire_access_tokens(&mut self, now: SystemTime) {
        for access in self.access.values_mut() {
            access.expires_at = access.expires_at.min(now);
        }
    }

    /// Revokes every grant, as if the user removed the app.
    pub(crate) fn revoke_all(&mut self) {
        for grant in &mut self.grants {
            grant.revoked = true;
        }
    }

    fn issue_tokens(&mut self, grant: usize, now: SystemTime) -> TokenSet {
        let access_token = random_token(48);
        self.access.insert(
            access_token.clone(),
            Access {
                grant,
                expires_at: now + self.access_ttl,
                revoked: false,
            },
        );
        let scopes = &self.grants[grant].scopes;
        let refresh_token = scopes.iter().any(|s| s == "offline.access").then(|| {
            let token = random_token(48);
            self.refresh
                .insert(token.clone(), Refresh { grant, used: false });
            token
        });
        TokenSet {
            access_token,
            refresh_token,
            expires_in: self.access_ttl.as_secs(),
            scope: scopes.join(" "),
        }
    }
}

fn expired(since: SystemTime, ttl: Duration, now: SystemTime) -> bool {
    now.duration_since(since).is_ok_and(|age| age >= ttl)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    const CLIENT: &str = "client";
    const REDIRECT: &str = "http://127.0.0.1:5000/oauth/callback";

    fn t(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_700_000_000 + secs)
    }

    fn request(scope: &str) -> AuthRequest {
        AuthRequest {
            client_id: CLIENT.into(),
            redirect_uri: REDIRECT.into(),
            scopes: parse_scopes(scope).unwrap(),
            state: "state".into(),
            code_challenge: CHALLENGE.into(),
        }
    }

    fn grants() -> Grants {
        Grants::new(Duration::from_secs(30), Duration::from_secs(7200))
    }

    fn code(g: &mut Grants, scope: &str) -> String {
        g.issue_code(request(scope), "user", t(0))
    }

    const ALL: &str = "tweet.read tweet.write users.read offline.access media.write";

    #[test]
    fn scopes_parse_dedupe_and_refuse_unknown_or_empty() {
        assert_eq!(
            parse_scopes("tweet.read  users.read tweet.read").unwrap(),
            vec!["tweet.read", "users.read"]
        );
        assert_eq!(parse_scopes("tweet.read dm.write"), Err("dm.write".into()));
        assert_eq!(parse_scopes(" "), Err(String::new()));
    }

    #[test]
    fn pending_requests_are_single_use_and_expire() {
        let mut g = grants();
        let id = g.open_request(request(ALL), t(0));
        assert_eq!(g.take_request(&id, t(1)), Some(request(ALL)));
        assert_eq!(g.take_request(&id, t(2)), None);
        let id = g.open_request(request(ALL), t(0));
        assert_eq!(g.take_request(&id, t(0) + PENDING_TTL), None);
    }

    #[test]
    fn a_good_code_gives_tokens_with_the_granted_scopes() {
        let mut g = grants();
        let c = code(&mut g, ALL);
        let tokens = g
            .exchange_code(CLIENT, &c, REDIRECT, VERIFIER, t(5))
            .unwrap();
        assert_eq!(tokens.expires_in, 7200);
        assert_eq!(tokens.scope, ALL);
        assert!(tokens.refresh_token.is_some());
        let bearer = g.bearer(&tokens.access_token, t(6)).unwrap();
        assert_eq!(bearer.user_id, "user");
        assert_eq!(bearer.scopes.len(), 5);
    }

    #[test]
    fn token_sets_do_not_show_their_tokens() {
        let mut g = grants();
        let c = code(&mut g, ALL);
        let tokens = g
            .exchange_code(CLIENT, &c, REDIRECT, VERIFIER, t(1))
            .unwrap();
        let shown = format!("{tokens:?}");
        assert!(!shown.contains(&tokens.access_token));
        assert!(!shown.contains(tokens.refresh_token.as_deref().unwrap()));
    }

    #[test]
    fn no_refresh_token_without_offline_access() {
        let mut g = grants();
        let c = code(&mut g, "tweet.read users.read");
        let tokens = g
            .exchange_code(CLIENT, &c, REDIRECT, VERIFIER, t(1))
            .unwrap();
        assert_eq!(tokens.refresh_token, None);
    }

    #[test]
    fn a_code_expires_after_its_ttl() {
        let mut g = grants();
        let c = code(&mut g, ALL);
        assert_eq!(
            g.exchange_code(CLIENT, &c, REDIRECT, VERIFIER, t(30)),
            Err(GrantError::InvalidCode)
        );
        let c = code(&mut g, ALL);
        assert!(
            g.exchange_code(CLIENT, &c, REDIRECT, VERIFIER, t(29))
                .is_ok()
        );
    }

    #[test]
    fn a_reused_code_is_refused_and_revokes_its_tokens() {
        let mut g = grants();
        let c = code(&mut g, ALL);
        let tokens = g
            .exchange_code(CLIENT, &c, REDIRECT, VERIFIER, t(1))
            .unwrap();
        assert_eq!(
            g.exchange_code(CLIENT, &c, REDIRECT, VERIFIER, t(2)),
            Err(GrantError::InvalidCode)
        );
        assert_grant_ended(&mut g, &tokens, t(3));
    }

    /// Neither token of the pair works any more.
    fn assert_grant_ended(g: &mut Grants, tokens: &TokenSet, at: SystemTime) {
        assert_eq!(g.bearer(&tokens.access_token, at), None);
        let refresh = tokens.refresh_token.as_deref().expect("a refresh token");
        assert_eq!(
            g.refresh(CLIENT, refresh, at),
            Err(GrantError::InvalidRefreshToken)
        );
    }

    #[test]
    fn wrong_verifier_redirect_uri_client_or_code_are_refused() {
        let mut g = grants();
        let c = code(&mut g, ALL);
        let wrong_verifier = "x".repeat(43);
        assert!(
            g.exchange_code(CLIENT, &c, REDIRECT, &wrong_verifier, t(1))
                .is_err()
        );
        let c = code(&mut g, ALL);
        assert!(
            g.exchange_code(
                CLIENT,
                &c,
                "http://127.0.0.1:5001/oauth/callback",
                VERIFIER,
                t(1)
            )
            .is_err()
        );
        let c = code(&mut g, ALL);
        assert!(
            g.exchange_code("other", &c, REDIRECT, VERIFIER, t(1))
                .is_err()
        );
        // A foreign client's attempt does not spend the code.
        assert!(
            g.exchange_code(CLIENT, &c, REDIRECT, VERIFIER, t(1))
                .is_ok()
        );
        assert!(
            g.exchange_code(CLIENT, "nope", REDIRECT, VERIFIER, t(1))
                .is_err()
        );
    }

    #[test]
    fn a_failed_attempt_spends_the_code() {
        let mut g = grants();
        let c = code(&mut g, ALL);
        let wrong_verifier = "x".repeat(43);
        assert!(
            g.exchange_code(CLIENT, &c, REDIRECT, &wrong_verifier, t(1))
                .is_err()
        );
        assert!(
            g.exchange_code(CLIENT, &c, REDIRECT, VERIFIER, t(2))
                .is_err()
        );
    }

    #[test]
    fn access_tokens_expire_after_their_ttl() {
        let mut g = grants();
        let c = code(&mut g, ALL);
        let tokens = g
            .exchange_code(CLIENT, &c, REDIRECT, VERIFIER, t(0))
            .unwrap();
        assert!(g.bearer(&tokens.access_token, t(7199)).is_some());
        assert!(g.bearer(&tokens.access_token, t(7200)).is_none());
    }

    #[test]
    fn refresh_rotates_and_the_new_pair_works() {
        let mut g = grants();
        let c = code(&mut g, ALL);
        let first = g
            .exchange_code(CLIENT, &c, REDIRECT, VERIFIER, t(0))
            .unwrap();
        let second = g
            .refresh(CLIENT, first.refresh_token.as_deref().unwrap(), t(8000))
            .unwrap();
        assert_ne!(second.access_token, first.access_token);
        assert_ne!(second.refresh_token, first.refresh_token);
        assert!(g.bearer(&second.access_token, t(8001)).is_some());
        let third = g
            .refresh(CLIENT, second.refresh_token.as_deref().unwrap(), t(8002))
            .unwrap();
        assert!(g.bearer(&third.access_token, t(8003)).is_some());
    }

    #[test]
    fn a_reused_refresh_token_revokes_the_whole_grant() {
        let mut g = grants();
        let c = code(&mut g, ALL);
        let first = g
            .exchange_code(CLIENT, &c, REDIRECT, VERIFIER, t(0))
            .unwrap();
        let old = first.refresh_token.unwrap();
        let second = g.refresh(CLIENT, &old, t(10)).unwrap();
        assert_eq!(
            g.refresh(CLIENT, &old, t(11)),
            Err(GrantError::InvalidRefreshToken)
        );
        assert_grant_ended(&mut g, &second, t(12));
    }

    #[test]
    fn refresh_is_refused_to_another_client() {
        let mut g = grants();
        let c = code(&mut g, ALL);
        let first = g
            .exchange_code(CLIENT, &c, REDIRECT, VERIFIER, t(0))
            .unwrap();
        let refresh = first.refresh_token.unwrap();
        assert!(g.refresh("other", &refresh, t(1)).is_err());
        // The stranger's attempt did not spend it.
        assert!(g.refresh(CLIENT, &refresh, t(2)).is_ok());
    }

    #[test]
    fn revoking_an_access_token_leaves_the_refresh_token() {
        let mut g = grants();
        let c = code(&mut g, ALL);
        let tokens = g
            .exchange_code(CLIENT, &c, REDIRECT, VERIFIER, t(0))
            .unwrap();
        g.revoke(CLIENT, &tokens.access_token);
        assert!(g.bearer(&tokens.access_token, t(1)).is_none());
        assert!(
            g.refresh(CLIENT, &tokens.refresh_token.unwrap(), t(2))
                .is_ok()
        );
    }

    #[test]
    fn revoking_a_refresh_token_ends_the_grant() {
        let mut g = grants();
        let c = code(&mut g, ALL);
        let tokens = g
            .exchange_code(CLIENT, &c, REDIRECT, VERIFIER, t(0))
            .unwrap();
        g.revoke(CLIENT, tokens.refresh_token.as_deref().unwrap());
        assert!(g.bearer(&tokens.access_token, t(1)).is_none());
        g.revoke(CLIENT, "unknown token");
    }

    #[test]
    fn expire_and_revoke_all_end_every_token() {
        let mut g = grants();
        let c = code(&mut g, ALL);
        let tokens = g
            .exchange_code(CLIENT, &c, REDIRECT, VERIFIER, t(0))
            .unwrap();
        g.expire_access_tokens(t(10));
        assert!(g.bearer(&tokens.access_token, t(10)).is_none());
        let refreshed = g
            .refresh(CLIENT, tokens.refresh_token.as_deref().unwrap(), t(11))
            .unwrap();
        assert!(g.bearer(&refreshed.access_token, t(12)).is_some());
        g.revoke_all();
        assert!(g.bearer(&refreshed.access_token, t(12)).is_none());
        assert!(
            g.refresh(CLIENT, &refreshed.refresh_token.unwrap(), t(13))
                .is_err()
        );
    }
}
