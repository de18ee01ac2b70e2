//! The client of X's OAuth 2.0 endpoints, through the `oauth2` crate: the consent URL and the
//! token endpoint of the authorization-code flow with PKCE ([`super::pkce`]).
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
    HttpRequest, HttpResponse, PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError,
    Scope, StandardErrorResponse, TokenResponse, TokenUrl,
};
use reqwest::StatusCode;
use url::Url;

use super::pkce::Pkce;
use crate::error::{Cause, Error, Result, error_chain};
use crate::sanitize::outside;
use crate::secret::{Secret, plausible_token};

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
        let pkce = Pkce::fresh();
        let (url, state) = self
            .client
            .authorize_url(CsrfToken::new_random)
            .set_redirect_uri(Cow::Borrowed(&redirect))
            .add_scopes(SCOPES.iter().map(|s| Scope::new((*s).to_owned())))
            .set_pkce_challenge(pkce.challenge)
            .url();
        Consent {
            url,
            state: state.secret().clone(),
            verifier: pkce.verifier,
            redirect,
        }
    }

    /// Trades an authorization code for tokens. X's codes live 30 seconds: call this at once.
    pub async fn exchange(&self, code: &str, consent: Consent) -> Result<Tokens> {
        crate::output::trace(1, "POST /2/oauth2/token (authorization code)");
        let send = |request| send(&self.http, request);
        let response = self
            .client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_redirect_uri(Cow::Owned(consent.redirect))
            .set_pkce_verifier(consent.verifier)
            .request_async(&send)
            .await
            .map_err(|err| token_error(err, Grant::Code))?;
        Ok(tokens(&response))
    }

    /// Trades a refresh token for a new pair. X's refresh tokens are single-use: the old one is
    /// spent once X acts, so the caller must keep the new one before anything else.
    ///
    /// Repeated only when the request never left (the connection failed). When it left and
    /// no readable answer came back, X may have spent the refresh token: that is a "login
    /// needed" error, never a loop. A rate limit or a server error is an answer: X kept the
    /// refresh token, and so does the caller (the error says so, with exit 75 or 69).
    pub async fn refresh(&self, refresh_token: &Secret) -> Result<Tokens> {
        let token = RefreshToken::new(refresh_token.expose().to_owned());
        let send = |request| send(&self.http, request);
        let mut failures = 0;
        loop {
            crate::output::trace(1, "POST /2/oauth2/token (refresh)");
            let result = self
                .client
                .exchange_refresh_token(&token)
                .request_async(&send)
                .await;
            match result {
                Ok(response) => return Ok(tokens(&response)),
                Err(RequestTokenError::Request(Transport::NotSent(_))) if failures < 3 => {
                    failures += 1;
                    tokio::time::sleep(crate::http::backoff(failures)).await;
                }
                Err(err) => return Err(token_error(err, Grant::Refresh)),
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
                Cause::Unavailable,
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
        let body = crate::http::read_body(response).await.unwrap_or_default();
        let said = crate::problem::error_text(&body).unwrap_or_else(|| status.to_string());
        let (cause, what) = match status {
            StatusCode::TOO_MANY_REQUESTS => {
                (Cause::TryLater, "X's revoke endpoint is rate limited")
            }
            status if status.is_server_error() => (
                Cause::Unavailable,
                "X had a server error while revoking the login",
            ),
            StatusCode::UNAUTHORIZED => (Cause::Config, "X refused to revoke the login"),
            _ => (Cause::Auth, "X refused to revoke the login"),
        };
        Err(Error::new(cause, format!("{what} ({status}): {said}")))
    }
}

/// Why a request to the token endpoint brought no answer for the `oauth2` crate to read.
#[derive(Debug)]
enum Transport {
    /// The connection could not be made: the request never left.
    NotSent(reqwest::Error),
    /// The request left, and no whole answer came back (timeout, dropped, cut off).
    Lost(reqwest::Error),
    /// X answered with a success status and a body that is not a token answer (an HTML page,
    /// JSON without a token): X may have acted on the request, and its answer cannot be read.
    Unreadable { status: StatusCode },
    /// X answered with a status and a body that is not an OAuth error: a rate limit, a
    /// server error, a proxy's page. `said` is X's reason, never the body itself.
    Status {
        status: StatusCode,
        said: Option<String>,
        reset: Option<u64>,
    },
}

impl std::fmt::Display for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Transport::NotSent(err) | Transport::Lost(err) => f.write_str(&error_chain(err)),
            Transport::Status { status, .. } => write!(f, "X answered {status}"),
            Transport::Unreadable { status } => {
                write!(
                    f,
                    "X answered {status} with a body that is not a token answer"
                )
            }
        }
    }
}

impl std::error::Error for Transport {}

/// Sends one token-endpoint request. Only a 2xx holding a token answer or an OAuth error body
/// (`{"error": ...}`) is handed to the `oauth2` crate; anything else is told apart here.
async fn send(
    http: &reqwest::Client,
    request: HttpRequest,
) -> std::result::Result<HttpResponse, Transport> {
    let request = reqwest::Request::try_from(request).map_err(Transport::NotSent)?;
    let response = http.execute(request).await.map_err(|err| {
        if err.is_connect() {
            Transport::NotSent(err)
        } else {
            Transport::Lost(err)
        }
    })?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = crate::http::read_body(response)
        .await
        .map_err(Transport::Lost)?;
    if status.is_success() {
        if !is_token_answer(&body) {
            return Err(Transport::Unreadable { status });
        }
        // A token answer, whatever its headers say: the crate reads it as JSON at 200 only.
        return oauth2::http::Response::builder()
            .status(StatusCode::OK)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_vec())
            .map_err(|_| Transport::Unreadable { status });
    }
    if status_is_trouble(status) || !is_oauth_error(&body) {
        let header =
            |name: &str| -> Option<u64> { headers.get(name)?.to_str().ok()?.trim().parse().ok() };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let reset = header("x-rate-limit-reset")
            .or_else(|| header("retry-after").map(|after| now.saturating_add(after)));
        return Err(Transport::Status {
            status,
            said: crate::problem::error_text(&body),
            reset,
        });
    }
    let mut builder = oauth2::http::Response::builder().status(status);
    for (name, value) in &headers {
        builder = builder.header(name, value);
    }
    builder
        .body(body.to_vec())
        .map_err(|err| Transport::Status {
            status,
            said: Some(format!("unreadable headers ({err})")),
            reset: None,
        })
}

/// A rate limit or a server error: X did not finish the request, and may be asked again later.
fn status_is_trouble(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// Whether `body` is a token answer (RFC 6749 §5.1): a JSON object with an access token and
/// its type, each token one X could have issued (see [`plausible_token`]): a token with an
/// escape sequence would reach the terminal through `auth token`, one with a line break could
/// not be sent.
fn is_token_answer(body: &[u8]) -> bool {
    let token = |t: &serde_json::Value| t.as_str().is_some_and(plausible_token);
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .is_some_and(|json| {
            json.get("access_token").is_some_and(token)
                && json.get("refresh_token").is_none_or(token)
                && json.get("token_type").is_some_and(|t| t.is_string())
        })
}

/// Whether `body` is an OAuth error answer (RFC 6749 §5.2), which the `oauth2` crate reads.
fn is_oauth_error(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .is_some_and(|json| json.get("error").is_some_and(|e| e.is_string()))
}

/// Which grant a token request was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grant {
    /// `authorization_code`: the consent's code.
    Code,
    /// `refresh_token`: the stored login's single-use refresh token.
    Refresh,
}

impl Grant {
    fn doing(self) -> &'static str {
        match self {
            Grant::Code => "exchanging the authorization code",
            Grant::Refresh => "refreshing the login",
        }
    }
}

/// The longest lifetime an access token is taken to have, whatever the answer says (X's last
/// two hours). A longer one is only taken as this long (a refresh comes sooner than it would
/// have to), and `expires_in` near `u64::MAX` cannot wrap the expiry into the past.
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(30 * 24 * 60 * 60);

fn tokens(response: &oauth2::basic::BasicTokenResponse) -> Tokens {
    Tokens {
        access_token: Secret::new(response.access_token().secret().clone()),
        refresh_token: response
            .refresh_token()
            .map(|t| Secret::new(t.secret().clone())),
        expires_in: response
            .expires_in()
            .map(|lifetime| lifetime.min(MAX_TOKEN_LIFETIME)),
        // An answer without `scope` grants what was asked for (RFC 6749 §5.1), which is
        // always xpost's scopes: a consent asks for them, and a refresh keeps the grant's.
        scopes: response
            .scopes()
            .map(|scopes| scopes.iter().map(|s| s.to_string()).collect())
            .unwrap_or_else(|| SCOPES.iter().map(|s| (*s).to_owned()).collect()),
    }
}

type TokenError<E, T = BasicErrorResponseType> = RequestTokenError<E, StandardErrorResponse<T>>;

/// Turns a token-endpoint failure into a user-facing error. Response bodies are never quoted
/// whole: an unexpected body may hold a token.
fn token_error<T>(err: TokenError<Transport, T>, grant: Grant) -> Error
where
    T: oauth2::ErrorResponseType + AsRef<str> + std::fmt::Display,
{
    let doing = grant.doing();
    let again = "run xpost again for a fresh consent";
    match err {
        RequestTokenError::ServerResponse(response) => {
            let code = response.error().as_ref().to_owned();
            let description = response
                .error_description()
                .map(|d| format!(": {}", outside(d)))
                .unwrap_or_default();
            let what = format!("X refused {doing} ({}{description})", outside(&code));
            match code.as_str() {
                "invalid_client" | "unauthorized_client" => Error::new(Cause::Config, what).hint(
                    "check X_CLIENT_ID and X_CLIENT_SECRET (a public app has no secret: leave X_CLIENT_SECRET unset)",
                ),
                "temporarily_unavailable" => trouble(429, Some(code), None, grant),
                _ if grant == Grant::Code => Error::new(Cause::Auth, what).hint(again),
                _ => Error::new(Cause::Auth, what),
            }
        }
        RequestTokenError::Request(Transport::NotSent(err)) => {
            let message = format!(
                "could not reach X's token endpoint while {doing}: {}",
                error_chain(&err)
            );
            match grant {
                Grant::Refresh => Error::new(
                    Cause::Unavailable,
                    format!("{message}; the request never left, so the login is kept and its refresh token still valid"),
                )
                .hint("check the network connection and try again"),
                Grant::Code => Error::new(Cause::Unavailable, message).hint(again),
            }
        }
        RequestTokenError::Request(Transport::Lost(err)) => match grant {
            Grant::Refresh => spent(&format!(
                "the answer to the login refresh was lost ({})",
                error_chain(&err)
            )),
            Grant::Code => Error::new(
                Cause::Unavailable,
                format!("the answer to {doing} was lost: {}", error_chain(&err)),
            )
            .hint(again),
        },
        RequestTokenError::Request(Transport::Status {
            status,
            said,
            reset,
        }) => trouble(status.as_u16(), said, reset, grant),
        RequestTokenError::Request(Transport::Unreadable { status }) => match grant {
            Grant::Refresh => spent(&format!(
                "X answered the login refresh with {status} and a body xpost cannot read"
            )),
            Grant::Code => Error::new(
                Cause::Unavailable,
                format!(
                    "X's token endpoint answered {doing} with {status} and a body xpost cannot read"
                ),
            )
            .hint(again),
        },
        RequestTokenError::Parse(_, _) => match grant {
            Grant::Refresh => spent("X's answer to the login refresh could not be read"),
            Grant::Code => Error::internal(format!(
                "X's token endpoint answered {doing} with something xpost cannot read"
            )),
        },
        RequestTokenError::Other(what) => Error::new(
            Cause::Unavailable,
            format!("X's token endpoint failed while {doing}: {what}"),
        ),
    }
}

/// A refresh that left and whose answer was lost or cannot be read (`what`): X may have
/// spent the refresh token.
fn spent(what: &str) -> Error {
    Error::new(
        Cause::Auth,
        format!("{what}; X may have spent the stored refresh token"),
    )
    .hint("run xpost auth login")
}

/// X answered the token request with `status` and no OAuth error: a rate limit (75) or a
/// server error (69) leave the refresh token as it was, and the login is kept; anything else
/// is a refusal.
fn trouble(status: u16, said: Option<String>, reset: Option<u64>, grant: Grant) -> Error {
    let doing = grant.doing();
    let said = said.map(|s| format!(": {s}")).unwrap_or_default();
    let (cause, what) = match status {
        429 => (
            Cause::TryLater,
            format!("X's token endpoint is rate limited ({status}{said}) while {doing}"),
        ),
        500..=599 => (
            Cause::Unavailable,
            format!("X's token endpoint had a server error ({status}{said}) while {doing}"),
        ),
        _ => {
            let err = Error::new(Cause::Auth, format!("X refused {doing} ({status}{said})"));
            return match grant {
                Grant::Code => err.hint("run xpost again for a fresh consent"),
                Grant::Refresh => err,
            };
        }
    };
    let when = match reset {
        Some(reset) if matches!(cause, Cause::TryLater) => {
            format!("after {}", crate::output::utc(reset))
        }
        _ => "later".to_owned(),
    };
    match grant {
        // 503 and 429 say X did not act on it; a 500 says nothing either way, so the login is
        // kept and the next run finds out.
        Grant::Refresh => {
            let kept = if status == 429 || status == 503 {
                "X did not take the refresh token, so the login is kept and still valid"
            } else {
                "the login is kept"
            };
            Error::new(cause, format!("{what}; {kept}")).hint(format!("try again {when}"))
        }
        Grant::Code => Error::new(cause, what).hint(format!(
            "nothing was stored; run xpost again {when} for a fresh consent"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;
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
        let err: TokenError<Transport> = RequestTokenError::ServerResponse(response);
        let shown = token_error(err, Grant::Code).to_string();
        assert_eq!(
            shown,
            "X refused exchanging the authorization code (]0;titleodd: [2Jbad code  xpost: hint: run this)\n  hint: run xpost again for a fresh consent"
        );
    }

    #[test]
    fn trouble_at_the_token_endpoint_keeps_the_login() {
        for (status, exit) in [(503, Exit::Unavailable), (429, Exit::TryLater)] {
            let err = trouble(status, None, None, Grant::Refresh);
            assert_eq!(err.exit(), exit, "{err}");
            assert!(
                err.message().contains("login is kept and still valid"),
                "{err}"
            );
            assert!(!err.to_string().contains("spent"), "{err}");
        }
        let err = trouble(500, Some("Internal Error".into()), None, Grant::Refresh);
        assert_eq!(err.exit(), Exit::Unavailable);
        assert!(err.message().contains("(500: Internal Error)"), "{err}");
        assert!(err.message().contains("the login is kept"), "{err}");
        assert!(
            !err.message().contains("still valid"),
            "a 500 promises nothing: {err}"
        );
        let err = trouble(429, None, Some(1_700_000_000), Grant::Refresh);
        assert!(
            err.to_string()
                .contains("try again after 2023-11-14 22:13:20 UTC"),
            "{err}"
        );
        // Any other status is a refusal: the caller asks for a login.
        assert_eq!(trouble(401, None, None, Grant::Refresh).exit(), Exit::Auth);
    }

    #[test]
    fn trouble_during_the_code_exchange_is_not_internal() {
        for (status, exit) in [
            (500, Exit::Unavailable),
            (503, Exit::Unavailable),
            (429, Exit::TryLater),
            (400, Exit::Auth),
        ] {
            let err = trouble(status, None, None, Grant::Code);
            assert_eq!(err.exit(), exit, "{status}: {err}");
            assert!(err.to_string().contains("fresh consent"), "{err}");
            assert!(!err.to_string().contains("login is kept"), "{err}");
        }
    }

    #[test]
    fn an_unreadable_success_spends_the_refresh_token() {
        for status in [StatusCode::OK, StatusCode::CREATED] {
            let err: TokenError<Transport> =
                RequestTokenError::Request(Transport::Unreadable { status });
            let err = token_error(err, Grant::Refresh);
            assert_eq!(err.exit(), Exit::Auth, "{err}");
            assert!(
                err.message()
                    .contains("X may have spent the stored refresh token"),
                "{err}"
            );
            assert!(err.to_string().contains("xpost auth login"), "{err}");
        }
        assert!(is_token_answer(
            br#"{"access_token":"a","token_type":"bearer","expires_in":7200}"#
        ));
        assert!(!is_token_answer(
            b"<!DOCTYPE html><p>Something went wrong</p>"
        ));
        assert!(!is_token_answer(br#"{"error":"invalid_request"}"#));
        assert!(!is_token_answer(
            br#"{"access_token":7,"token_type":"bearer"}"#
        ));
        assert!(!is_token_answer(br#"{"data":{}}"#));
        // Tokens X could not have issued: an escape sequence, a line break, nothing, too much.
        for token in [r"\u001b]0;owned\u0007", r"a\r\nX-Injected: 1", "", "a b"] {
            let access = format!(r#"{{"access_token":"{token}","token_type":"bearer"}}"#);
            assert!(!is_token_answer(access.as_bytes()), "{token:?}");
            let refresh = format!(
                r#"{{"access_token":"a","refresh_token":"{token}","token_type":"bearer"}}"#
            );
            assert!(!is_token_answer(refresh.as_bytes()), "{token:?}");
        }
        let long = format!(
            r#"{{"access_token":"{}","token_type":"bearer"}}"#,
            "a".repeat(4097)
        );
        assert!(!is_token_answer(long.as_bytes()));
    }

    fn answer(json: &str) -> Tokens {
        tokens(&serde_json::from_str(json).unwrap())
    }

    #[test]
    fn an_answer_without_scope_grants_the_scopes_asked_for() {
        let without = answer(r#"{"access_token":"a","token_type":"bearer","expires_in":7200}"#);
        assert_eq!(without.scopes, SCOPES);
        let narrower = answer(r#"{"access_token":"a","token_type":"bearer","scope":"tweet.read"}"#);
        assert_eq!(narrower.scopes, ["tweet.read"]);
    }

    #[test]
    fn a_lifetime_past_any_real_one_is_clamped() {
        let huge = format!(
            r#"{{"access_token":"a","token_type":"bearer","expires_in":{}}}"#,
            u64::MAX - 1
        );
        assert_eq!(answer(&huge).expires_in, Some(MAX_TOKEN_LIFETIME));
        let real = answer(r#"{"access_token":"a","token_type":"bearer","expires_in":7200}"#);
        assert_eq!(real.expires_in, Some(Duration::from_secs(7200)));
    }

    #[test]
    fn only_oauth_error_bodies_go_to_the_oauth2_crate() {
        assert!(is_oauth_error(
            br#"{"error":"invalid_request","error_description":"x"}"#
        ));
        assert!(!is_oauth_error(
            br#"{"title":"Service Unavailable","status":503}"#
        ));
        assert!(!is_oauth_error(br#"{"error":{"code":1}}"#));
        assert!(!is_oauth_error(b"<html>busy</html>"));
        assert!(!is_oauth_error(b""));
        assert!(status_is_trouble(StatusCode::TOO_MANY_REQUESTS));
        assert!(status_is_trouble(StatusCode::BAD_GATEWAY));
        assert!(!status_is_trouble(StatusCode::BAD_REQUEST));
    }
}
