//! The OAuth 2.0 authorization-code flow with PKCE, through the `oauth2` crate.
//!
//! [`OAuthClient::start`] builds X's consent URL (S256 challenge, random state, xpost's scopes);
//! [`OAuthClient::exchange`] trades the code the callback caught for tokens;
//! [`OAuthClient::refresh`] trades a single-use refresh token for a new pair; and
//! [`OAuthClient::revoke`] ends a grant. The HTTP client given here must not follow redirects.
//!
//! A leaf: it is given the app's endpoints and knows nothing of xpost's configuration, store
//! or API client.

use std::borrow::Cow;
use std::time::Duration;

use oauth2::basic::{BasicClient, BasicErrorResponseType};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet, EndpointSet,
    HttpClientError, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken,
    RequestTokenError, Scope, StandardErrorResponse, TokenResponse, TokenUrl,
};
use url::Url;

use crate::error::{Error, Exit, Result, error_chain};
use crate::sanitize::outside;
use crate::secret::Secret;

/// The scopes xpost asks for: post, read back, know the user, refresh, upload media.
pub const SCOPES: [&str; 5] = [
    "tweet.read",
    "tweet.write",
    "users.read",
    "offline.access",
    "media.write",
];

/// Authorization and token endpoints set; the others are not used.
type Client = BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// The OAuth 2.0 side of X: consent URL and token endpoint.
pub struct OAuthClient {
    client: Client,
    http: reqwest::Client,
    client_id: String,
    client_secret: Option<Secret>,
    revoke_url: Url,
}

/// The app as X's OAuth 2.0 endpoints know it.
pub struct App<'a> {
    /// The OAuth 2.0 client id.
    pub client_id: &'a str,
    /// The client secret of a confidential app; `None` for a public one.
    pub client_secret: Option<&'a Secret>,
    /// X's consent page.
    pub authorize_url: Url,
    /// `POST /2/oauth2/token`.
    pub token_url: Url,
    /// `POST /2/oauth2/revoke`.
    pub revoke_url: Url,
}

/// A consent in progress: the URL to open and what is needed to finish it.
pub struct Consent {
    /// X's consent page, with every parameter of this attempt.
    pub url: Url,
    /// The `state` the callback must carry back.
    pub state: String,
    verifier: PkceCodeVerifier,
    redirect: RedirectUrl,
}

/// Tokens X issued.
#[derive(Debug, Clone)]
pub struct Tokens {
    /// The bearer token for `/2/...` calls.
    pub access_token: Secret,
    /// The single-use refresh token, when `offline.access` was granted.
    pub refresh_token: Option<Secret>,
    /// How long the access token lives from now.
    pub expires_in: Option<Duration>,
    /// The scopes X granted.
    pub scopes: Vec<String>,
}

impl OAuthClient {
    /// A client for `app`, over `http` (which must not follow redirects).
    pub fn new(app: App<'_>, http: reqwest::Client) -> Self {
        let mut client = BasicClient::new(ClientId::new(app.client_id.to_owned()))
            .set_auth_uri(AuthUrl::from_url(app.authorize_url))
            .set_token_uri(TokenUrl::from_url(app.token_url));
        if let Some(secret) = app.client_secret {
            client = client.set_client_secret(ClientSecret::new(secret.expose().to_owned()));
        }
        OAuthClient {
            client,
            http,
            client_id: app.client_id.to_owned(),
            client_secret: app.client_secret.cloned(),
            revoke_url: app.revoke_url,
        }
    }

    /// Starts a consent that will redirect to `redirect_uri`: a fresh PKCE verifier (S256),
    /// a fresh state, and the URL to open.
    pub fn start(&self, redirect_uri: &Url) -> Consent {
        let redirect = RedirectUrl::from_url(redirect_uri.clone());
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state) = self
            .client
            .authorize_url(CsrfToken::new_random)
            .set_redirect_uri(Cow::Borrowed(&redirect))
            .add_scopes(SCOPES.iter().map(|s| Scope::new((*s).to_owned())))
            .set_pkce_challenge(challenge)
            .url();
        Consent {
            url,
            state: state.secret().clone(),
            verifier,
            redirect,
        }
    }

    /// Trades an authorization code for tokens. X's codes live 30 seconds: call this at once.
    pub async fn exchange(&self, code: &str, consent: Consent) -> Result<Tokens> {
        crate::output::trace(1, "POST /2/oauth2/token (authorization code)");
        let response = self
            .client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_redirect_uri(Cow::Owned(consent.redirect))
            .set_pkce_verifier(consent.verifier)
            .request_async(&self.http)
            .await
            .map_err(|err| {
                let err = token_error(err, "exchanging the authorization code");
                if err.exit() == Exit::Auth {
                    err.hint("run xpost again for a fresh consent")
                } else {
                    err
                }
            })?;
        Ok(tokens(&response))
    }

    /// Trades a refresh token for a new pair. X's refresh tokens are single-use: the old one is
    /// spent once X acts, so the caller must keep the new one before anything else.
    ///
    /// Repeated only when the request never left (the connection failed). When it left and
    /// no readable answer came back, X may have spent the refresh token: that is a "login
    /// needed" error, never a loop.
    pub async fn refresh(&self, refresh_token: &Secret) -> Result<Tokens> {
        let token = RefreshToken::new(refresh_token.expose().to_owned());
        let mut failures = 0;
        loop {
            crate::output::trace(1, "POST /2/oauth2/token (refresh)");
            let result = self
                .client
                .exchange_refresh_token(&token)
                .request_async(&self.http)
                .await;
            let lost = |what: String| {
                Error::new(
                    Exit::Auth,
                    format!(
                        "the answer to the login refresh was lost ({what}); X may have spent the stored refresh token"
                    ),
                )
                .hint("run xpost auth login")
            };
            match result {
                Ok(response) => return Ok(tokens(&response)),
                Err(RequestTokenError::Request(HttpClientError::Reqwest(err)))
                    if err.is_connect() && failures < 3 =>
                {
                    failures += 1;
                    tokio::time::sleep(crate::http::backoff(failures)).await;
                }
                Err(RequestTokenError::Request(HttpClientError::Reqwest(err)))
                    if !err.is_connect() =>
                {
                    return Err(lost(error_chain(&*err)));
                }
                Err(RequestTokenError::Parse(_, _)) => {
                    return Err(lost("its body could not be read".to_owned()));
                }
                Err(err) => return Err(token_error(err, "refreshing the login")),
            }
        }
    }

    /// Revokes a token at X (`POST /2/oauth2/revoke`, RFC 7009), authenticating as the
    /// token endpoint does. Sent by hand: the `oauth2` crate refuses a revocation URL that is
    /// not HTTPS, which rules out the sandbox and any local test double.
    pub async fn revoke(&self, token: &Secret, refresh: bool) -> Result<()> {
        let hint = if refresh {
            "refresh_token"
        } else {
            "access_token"
        };
        let mut form = vec![("token", token.expose()), ("token_type_hint", hint)];
        let mut request = self.http.post(self.revoke_url.clone());
        match &self.client_secret {
            Some(secret) => {
                // RFC 6749 §2.3.1: each part form-encoded before Basic, as the oauth2 crate does.
                let id: String =
                    url::form_urlencoded::byte_serialize(self.client_id.as_bytes()).collect();
                let secret: String =
                    url::form_urlencoded::byte_serialize(secret.expose().as_bytes()).collect();
                request = request.basic_auth(id, Some(secret));
            }
            None => form.push(("client_id", &self.client_id)),
        }
        let response = request.form(&form).send().await.map_err(|err| {
            Error::new(
                Exit::Unavailable,
                format!(
                    "could not reach X to revoke the login: {}",
                    error_chain(&err)
                ),
            )
        })?;
        let status = response.status();
        crate::output::trace(1, format!("POST /2/oauth2/revoke ({hint}) -> {status}"));
        if status.is_success() {
            return Ok(());
        }
        let body = response.bytes().await.unwrap_or_default();
        let said = crate::problem::error_text(&body).unwrap_or_else(|| status.to_string());
        Err(Error::new(
            if status.is_server_error() {
                Exit::Unavailable
            } else {
                Exit::Auth
            },
            format!("X refused to revoke the login ({status}): {said}"),
        ))
    }
}

fn tokens(response: &oauth2::basic::BasicTokenResponse) -> Tokens {
    Tokens {
        access_token: Secret::new(response.access_token().secret().clone()),
        refresh_token: response
            .refresh_token()
            .map(|t| Secret::new(t.secret().clone())),
        expires_in: response.expires_in(),
        scopes: response
            .scopes()
            .map(|scopes| scopes.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default(),
    }
}

type TokenError<E, T = BasicErrorResponseType> = RequestTokenError<E, StandardErrorResponse<T>>;

/// Turns a token-endpoint failure into a user-facing error. Response bodies are never quoted
/// whole: an unexpected body may hold a token.
fn token_error<E, T>(err: TokenError<E, T>, doing: &str) -> Error
where
    E: std::error::Error + 'static,
    T: oauth2::ErrorResponseType + AsRef<str> + std::fmt::Display,
{
    match err {
        RequestTokenError::ServerResponse(response) => {
            let code = response.error().as_ref().to_owned();
            let description = response
                .error_description()
                .map(|d| format!(": {}", outside(d)))
                .unwrap_or_default();
            let what = format!("X refused {doing} ({}{description})", outside(&code));
            match code.as_str() {
                "invalid_client" | "unauthorized_client" => Error::new(Exit::Config, what).hint(
                    "check X_CLIENT_ID and X_CLIENT_SECRET (a public app has no secret: leave X_CLIENT_SECRET unset)",
                ),
                _ => Error::new(Exit::Auth, what),
            }
        }
        RequestTokenError::Request(err) => Error::new(
            Exit::Unavailable,
            format!(
                "could not reach X's token endpoint while {doing}: {}",
                error_chain(&err)
            ),
        ),
        RequestTokenError::Parse(_, _) => Error::internal(format!(
            "X's token endpoint answered {doing} with something xpost cannot read"
        )),
        RequestTokenError::Other(what) => Error::new(
            Exit::Unavailable,
            format!("X's token endpoint failed while {doing}: {what}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use sha2::Digest;

    fn client() -> OAuthClient {
        let url = |u: &str| Url::parse(u).unwrap();
        let app = App {
            client_id: "my-client",
            client_secret: None,
            authorize_url: url("https://x.com/i/oauth2/authorize"),
            token_url: url("https://api.x.com/2/oauth2/token"),
            revoke_url: url("https://api.x.com/2/oauth2/revoke"),
        };
        OAuthClient::new(app, reqwest::Client::new())
    }

    fn redirect() -> Url {
        Url::parse("http://127.0.0.1:5000/oauth/callback").unwrap()
    }

    #[test]
    fn consent_url_carries_pkce_state_and_scopes() {
        let consent = client().start(&redirect());
        let url = consent.url.clone();
        assert!(
            url.as_str()
                .starts_with("https://x.com/i/oauth2/authorize?")
        );
        let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["client_id"], "my-client");
        assert_eq!(q["redirect_uri"], "http://127.0.0.1:5000/oauth/callback");
        assert_eq!(q["scope"], SCOPES.join(" "));
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["state"], consent.state);
        assert!(consent.state.len() >= 16);
        // The challenge is the S256 of the verifier kept for the exchange (RFC 7636 §4.2).
        let digest = sha2::Sha256::digest(consent.verifier.secret().as_bytes());
        let expected = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest);
        assert_eq!(q["code_challenge"], expected);
    }

    #[test]
    fn each_consent_is_fresh() {
        let client = client();
        let (a, b) = (client.start(&redirect()), client.start(&redirect()));
        assert_ne!(a.state, b.state);
        assert_ne!(a.verifier.secret(), b.verifier.secret());
    }

    #[test]
    fn token_errors_show_what_x_said_made_safe() {
        let response = StandardErrorResponse::new(
            BasicErrorResponseType::Extension("\u{1b}]0;title\u{7}odd".into()),
            Some("\u{1b}[2Jbad code\r\nxpost: hint: \u{9b}run this".into()),
            None,
        );
        let err: TokenError<std::io::Error> = RequestTokenError::ServerResponse(response);
        let shown = token_error(err, "exchanging the authorization code").to_string();
        assert_eq!(
            shown,
            "X refused exchanging the authorization code (]0;titleodd: [2Jbad code  xpost: hint: run this)"
        );
    }

    #[test]
    fn rfc7636_appendix_b() {
        let verifier = PkceCodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into());
        let challenge = PkceCodeChallenge::from_code_verifier_sha256(&verifier);
        assert_eq!(
            challenge.as_str(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(challenge.method().as_str(), "S256");
    }
}
