//! The OAuth 2.0 endpoints: the authorization request and consent page
//! (`/i/oauth2/authorize`), the consent form's answer, the token endpoint and revocation.
//! Validation is pure and tested here; the handlers only move data in and out of state.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use url::{Url, form_urlencoded};

use super::apps::ClientApp;
use super::caller::is_form;
use super::grants::{AuthRequest, GrantError, TokenSet, parse_scopes};
use super::pages;
use super::problems::{OAuthError, Problem};
use super::server::App;

/// X's limit on the `state` parameter.
const MAX_STATE_LEN: usize = 500;

/// Decodes form or query pairs; fails with the name of a parameter given twice
/// (RFC 6749 §3.1: parameters must not repeat).
pub(crate) fn parse_unique(input: &[u8]) -> Result<HashMap<String, String>, String> {
    let mut params = HashMap::new();
    for (k, v) in form_urlencoded::parse(input) {
        if params.insert(k.to_string(), v.into_owned()).is_some() {
            return Err(k.into_owned());
        }
    }
    Ok(params)
}

/// Appends query parameters to a registered redirect URI.
fn redirect_to(uri: &str, params: &[(&str, &str)]) -> Option<String> {
    let mut url = Url::parse(uri).ok()?;
    url.query_pairs_mut().extend_pairs(params);
    Some(url.into())
}

/// How an authorization request is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Shown as a 400 page: the app cannot be trusted with a redirect.
    Page(String),
    /// Sent back to the app's callback as `error=...` (RFC 6749 §4.1.2.1).
    Redirect {
        redirect_uri: String,
        error: &'static str,
        description: String,
        state: Option<String>,
    },
}

/// Validates `GET /i/oauth2/authorize` query parameters against the registered app.
pub(crate) fn validate_authorize(app: &ClientApp, query: &[u8]) -> Result<AuthRequest, Refusal> {
    let params = parse_unique(query)
        .map_err(|name| Refusal::Page(format!("The parameter {name} was given more than once.")))?;
    let get = |name: &str| {
        params
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    match get("client_id") {
        Some(id) if id == app.client_id => {}
        Some(_) => return Err(Refusal::Page("This app is not known (client_id).".into())),
        None => {
            return Err(Refusal::Page(
                "The request names no app (client_id is missing).".into(),
            ));
        }
    }
    let redirect_uri = match get("redirect_uri") {
        Some(uri) if app.allows_redirect(uri) => uri.to_string(),
        Some(_) => {
            return Err(Refusal::Page(
                "The redirect_uri is not one registered for this app (it must match exactly)."
                    .into(),
            ));
        }
        None => {
            return Err(Refusal::Page(
                "The redirect_uri parameter is missing.".into(),
            ));
        }
    };
    let state = get("state").map(String::from);
    let refuse = |error: &'static str, description: &str| Refusal::Redirect {
        redirect_uri: redirect_uri.clone(),
        error,
        description: description.to_string(),
        state: state.clone(),
    };
    match get("response_type") {
        Some("code") => {}
        Some(_) => {
            return Err(refuse(
                "unsupported_response_type",
                "Only response_type=code is supported.",
            ));
        }
        None => {
            return Err(refuse(
                "invalid_request",
                "Missing required parameter [response_type].",
            ));
        }
    }
    let Some(state_value) = state.clone() else {
        return Err(refuse(
            "invalid_request",
            "Missing required parameter [state].",
        ));
    };
    if state_value.len() > MAX_STATE_LEN {
        return Err(refuse(
            "invalid_request",
            "The state parameter is longer than 500 characters.",
        ));
    }
    let Some(scope) = get("scope") else {
        return Err(refuse(
            "invalid_request",
            "Missing required parameter [scope].",
        ));
    };
    let scopes = parse_scopes(scope).map_err(|unknown| {
        let description = if unknown.is_empty() {
            "The scope parameter is empty.".to_string()
        } else {
            format!("Unknown scope: {unknown}.")
        };
        refuse("invalid_scope", &description)
    })?;
    let Some(challenge) = get("code_challenge") else {
        return Err(refuse(
            "invalid_request",
            "Missing required parameter [code_challenge].",
        ));
    };
    if get("code_challenge_method") != Some("S256") {
        return Err(refuse(
            "invalid_request",
            "code_challenge_method must be S256; plain is not accepted.",
        ));
    }
    if !super::challenge::is_well_formed_verifier(challenge) {
        return Err(refuse(
            "invalid_request",
            "The code_challenge is malformed.",
        ));
    }
    Ok(AuthRequest {
        client_id: app.client_id.clone(),
        redirect_uri,
        scopes,
        state: state_value,
        code_challenge: challenge.to_string(),
    })
}

fn found(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(value) => {
            let mut response = StatusCode::FOUND.into_response();
            response.headers_mut().insert(header::LOCATION, value);
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(_) => error_page("The redirect could not be built."),
    }
}

fn error_page(message: &str) -> Response {
    pages::respond(StatusCode::BAD_REQUEST, pages::error(message))
}

/// `GET /i/oauth2/authorize`: the consent page, or a refusal.
pub(crate) async fn authorize(State(app): State<App>, RawQuery(query): RawQuery) -> Response {
    let query = query.unwrap_or_default();
    let now = app.now();
    let mut state = app.lock();
    match validate_authorize(&state.app, query.as_bytes()) {
        Ok(request) => {
            let scopes = request.scopes.clone();
            let id = state.grants.open_request(request, now);
            let page = pages::consent(&state.app.name, &state.signed_in().username, &scopes, &id);
            pages::respond(StatusCode::OK, page)
        }
        Err(Refusal::Page(message)) => error_page(&message),
        Err(Refusal::Redirect {
            redirect_uri,
            error,
            description,
            state,
        }) => {
            let mut params = vec![
                ("error", error),
                ("error_description", description.as_str()),
            ];
            if let Some(s) = &state {
                params.push(("state", s));
            }
            match redirect_to(&redirect_uri, &params) {
                Some(location) => found(&location),
                None => error_page("The registered redirect_uri is not a valid URL."),
            }
        }
    }
}

/// `POST /i/oauth2/authorize/consent`: the user's decision, sent back to the app.
pub(crate) async fn consent(State(app): State<App>, body: Bytes) -> Response {
    let Ok(form) = parse_unique(&body) else {
        return error_page("The consent form was sent twice over.");
    };
    let decision = form.get("decision").map(String::as_str);
    if !matches!(decision, Some("authorize" | "cancel")) {
        return error_page("The consent form carried no decision.");
    }
    let now = app.now();
    let mut state = app.lock();
    let request_id = form
        .get("request_id")
        .map(String::as_str)
        .unwrap_or_default();
    let Some(request) = state.grants.take_request(request_id, now) else {
        return error_page("This authorization request is unknown, already answered or expired.");
    };
    let location = if decision == Some("authorize") {
        let user_id = state.signed_in().id.clone();
        let redirect_uri = request.redirect_uri.clone();
        let request_state = request.state.clone();
        let code = state.grants.issue_code(request, &user_id, now);
        redirect_to(&redirect_uri, &[("code", &code), ("state", &request_state)])
    } else {
        redirect_to(
            &request.redirect_uri,
            &[
                ("error", "access_denied"),
                (
                    "error_description",
                    "The user denied the authorization request.",
                ),
                ("state", &request.state),
            ],
        )
    };
    match location {
        Some(location) => found(&location),
        None => error_page("The registered redirect_uri is not a valid URL."),
    }
}

/// Why a token or revoke request stopped before its grant type was looked at.
enum Stopped {
    /// Bad body or client authentication.
    OAuth(OAuthError),
    /// The endpoint's quota is used up.
    Limited(Problem),
}

impl IntoResponse for Stopped {
    fn into_response(self) -> Response {
        match self {
            Stopped::OAuth(error) => error.into_response(),
            Stopped::Limited(problem) => problem.into_response(),
        }
    }
}

/// Parses a token-endpoint body and authenticates the client; returns the form and the
/// client id. `endpoint` is the path, for the rate limit.
fn client_request(
    app: &App,
    endpoint: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(HashMap<String, String>, String), Stopped> {
    if !is_form(headers) {
        return Err(Stopped::OAuth(OAuthError::invalid_request(
            "The body must be application/x-www-form-urlencoded.",
        )));
    }
    let form = parse_unique(body).map_err(|name| {
        Stopped::OAuth(OAuthError::invalid_request(format!(
            "The parameter {name} was given more than once."
        )))
    })?;
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let client_id = app
        .lock()
        .app
        .authenticate(authorization, form.get("client_id").map(String::as_str))
        .map_err(Stopped::OAuth)?;
    app.take_quota("POST", endpoint).map_err(Stopped::Limited)?;
    Ok((form, client_id))
}

fn token_response(tokens: TokenSet) -> Response {
    let mut body = json!({
        "token_type": "bearer",
        "expires_in": tokens.expires_in,
        "access_token": tokens.access_token,
        "scope": tokens.scope,
    });
    if let Some(refresh) = tokens.refresh_token {
        body["refresh_token"] = refresh.into();
    }
    let mut response = axum::Json(body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

fn required<'a>(form: &'a HashMap<String, String>, name: &str) -> Result<&'a str, OAuthError> {
    form.get(name)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| OAuthError::invalid_request(format!("Missing required parameter [{name}].")))
}

/// `POST /2/oauth2/token`: authorization-code exchange and refresh-token rotation.
pub(crate) async fn token(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Response {
    let (form, client_id) = match client_request(&app, "/2/oauth2/token", &headers, &body) {
        Ok(ok) => ok,
        Err(stopped) => return stopped.into_response(),
    };
    let now = app.now();
    let result = match form.get("grant_type").map(String::as_str) {
        Some("authorization_code") => (|| {
            let code = required(&form, "code")?;
            let redirect_uri = required(&form, "redirect_uri")?;
            let verifier = required(&form, "code_verifier")?;
            app.lock()
                .grants
                .exchange_code(&client_id, code, redirect_uri, verifier, now)
                .map_err(grant_error)
        })(),
        Some("refresh_token") => required(&form, "refresh_token").and_then(|refresh| {
            app.lock()
                .grants
                .refresh(&client_id, refresh, now)
                .map_err(grant_error)
        }),
        Some(_) => Err(OAuthError::unsupported_grant_type()),
        None => Err(OAuthError::invalid_request(
            "Missing required parameter [grant_type].",
        )),
    };
    match result {
        Ok(tokens) => token_response(tokens),
        Err(error) => error.into_response(),
    }
}

fn grant_error(error: GrantError) -> OAuthError {
    match error {
        GrantError::InvalidCode => OAuthError::invalid_code(),
        GrantError::InvalidRefreshToken => OAuthError::invalid_refresh_token(),
    }
}

/// `POST /2/oauth2/revoke`: revokes an access or refresh token (RFC 7009).
pub(crate) async fn revoke(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Response {
    let (form, client_id) = match client_request(&app, "/2/oauth2/revoke", &headers, &body) {
        Ok(ok) => ok,
        Err(stopped) => return stopped.into_response(),
    };
    match required(&form, "token") {
        Ok(token) => {
            app.lock().grants.revoke(&client_id, token);
            axum::Json(json!({ "revoked": true })).into_response()
        }
        Err(error) => error.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REDIRECT: &str = "http://127.0.0.1:5000/oauth/callback";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    fn app() -> ClientApp {
        ClientApp {
            name: "xpost".into(),
            client_id: "cid".into(),
            client_secret: None,
            redirect_uris: vec![REDIRECT.into()],
        }
    }

    fn query(changes: &[(&str, Option<&str>)]) -> Vec<u8> {
        let mut params: Vec<(&str, &str)> = vec![
            ("response_type", "code"),
            ("client_id", "cid"),
            ("redirect_uri", REDIRECT),
            (
                "scope",
                "tweet.read tweet.write users.read offline.access media.write",
            ),
            ("state", "st"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ];
        for (name, value) in changes {
            params.retain(|(k, _)| k != name);
            if let Some(v) = value {
                params.push((name, v));
            }
        }
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish()
            .into_bytes()
    }

    fn redirect_error(result: Result<AuthRequest, Refusal>) -> (&'static str, Option<String>) {
        match result {
            Err(Refusal::Redirect { error, state, .. }) => (error, state),
            other => panic!("expected a redirect refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_complete_request_is_accepted() {
        let request = validate_authorize(&app(), &query(&[])).unwrap();
        assert_eq!(request.scopes.len(), 5);
        assert_eq!(request.state, "st");
        assert_eq!(request.redirect_uri, REDIRECT);
    }

    #[test]
    fn unknown_client_or_unregistered_redirect_gives_a_page_not_a_redirect() {
        for changes in [
            vec![("client_id", Some("other"))],
            vec![("client_id", None)],
            vec![("redirect_uri", Some("http://127.0.0.1:5001/oauth/callback"))],
            vec![("redirect_uri", Some("http://localhost:5000/oauth/callback"))],
            vec![("redirect_uri", None)],
        ] {
            assert!(matches!(
                validate_authorize(&app(), &query(&changes)),
                Err(Refusal::Page(_))
            ));
        }
    }

    #[test]
    fn repeated_parameters_give_a_page() {
        let mut q = query(&[]);
        q.extend_from_slice(b"&client_id=cid");
        assert!(matches!(
            validate_authorize(&app(), &q),
            Err(Refusal::Page(_))
        ));
    }

    #[test]
    fn unknown_scope_redirects_with_invalid_scope_and_state() {
        let result = validate_authorize(&app(), &query(&[("scope", Some("tweet.read dm.read"))]));
        assert_eq!(redirect_error(result), ("invalid_scope", Some("st".into())));
    }

    #[test]
    fn pkce_s256_is_required() {
        let plain = validate_authorize(&app(), &query(&[("code_challenge_method", Some("plain"))]));
        assert_eq!(redirect_error(plain).0, "invalid_request");
        let missing = validate_authorize(&app(), &query(&[("code_challenge", None)]));
        assert_eq!(redirect_error(missing).0, "invalid_request");
        let no_method = validate_authorize(&app(), &query(&[("code_challenge_method", None)]));
        assert_eq!(redirect_error(no_method).0, "invalid_request");
    }

    #[test]
    fn state_response_type_and_scope_are_required() {
        let (error, state) = redirect_error(validate_authorize(&app(), &query(&[("state", None)])));
        assert_eq!((error, state), ("invalid_request", None));
        let long = "s".repeat(501);
        let result = validate_authorize(&app(), &query(&[("state", Some(&long))]));
        assert_eq!(redirect_error(result).0, "invalid_request");
        let token = validate_authorize(&app(), &query(&[("response_type", Some("token"))]));
        assert_eq!(redirect_error(token).0, "unsupported_response_type");
        let no_scope = validate_authorize(&app(), &query(&[("scope", None)]));
        assert_eq!(redirect_error(no_scope).0, "invalid_request");
    }

    #[test]
    fn redirects_keep_the_registered_uri_and_encode_values() {
        assert_eq!(
            redirect_to(
                "http://127.0.0.1:5000/cb?x=1",
                &[("code", "a b"), ("state", "s&t")]
            )
            .unwrap(),
            "http://127.0.0.1:5000/cb?x=1&code=a+b&state=s%26t"
        );
    }
}
