//! Who is calling a `/2` resource: an OAuth 2.0 bearer token (with its scopes) or an
//! OAuth 1.0a signed request (user context, every permission of the app), as X accepts
//! both on the endpoints the sandbox imitates.

use axum::http::{HeaderMap, Method, Uri, header};
use url::form_urlencoded;

use super::content::AuthMethod;
use super::problems::Problem;
use super::server::Shared;
use super::signature::{SignedRequest, base_string_uri};

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Caller {
    pub(crate) user_id: String,
    pub(crate) kind: AuthMethod,
    /// The bearer token's scopes; `None` for OAuth 1.0a, which scopes do not limit.
    scopes: Option<Vec<String>>,
}

impl Caller {
    /// Refuses with 403, naming the first missing scope, unless every scope was granted.
    pub(crate) fn require(&self, needed: &[&str]) -> Result<(), Problem> {
        let Some(granted) = &self.scopes else {
            return Ok(());
        };
        match needed.iter().find(|s| !granted.iter().any(|g| g == *s)) {
            None => Ok(()),
            Some(missing) => Err(Problem::forbidden(format!(
                "Missing required scope: {missing}. This endpoint needs the scopes {}; \
                 the access token was granted {}.",
                needed.join(" "),
                granted.join(" ")
            ))),
        }
    }
}

/// The request parts authentication looks at.
pub(crate) struct Presented<'a> {
    pub(crate) method: &'a Method,
    pub(crate) uri: &'a Uri,
    pub(crate) headers: &'a HeaderMap,
    /// The body when it is `application/x-www-form-urlencoded` (signed by OAuth 1.0a).
    pub(crate) form_body: Option<&'a [u8]>,
}

impl<'a> Presented<'a> {
    /// A request whose body OAuth 1.0a does not sign (JSON, multipart, or none).
    pub(crate) fn unsigned_body(method: &'a Method, uri: &'a Uri, headers: &'a HeaderMap) -> Self {
        Presented {
            method,
            uri,
            headers,
            form_body: None,
        }
    }
}

/// Whether the request's body is form-urlencoded.
pub(crate) fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';').next().is_some_and(|m| {
                m.trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
        })
}

/// The first steps of every `/2` resource handler: authenticate, check the scopes a bearer
/// token needs, and spend one request of the route's quota (`(method, route)`).
pub(crate) fn admit(
    app: &Shared,
    request: &Presented<'_>,
    scopes: &[&str],
    quota: (&str, &str),
) -> Result<Caller, Problem> {
    let caller = authenticate(app, request)?;
    caller.require(scopes)?;
    app.check_billing()?;
    app.take_quota(quota.0, quota.1)?;
    Ok(caller)
}

/// Authenticates by bearer token or OAuth 1.0a signature; 401 otherwise.
pub(crate) fn authenticate(app: &Shared, request: &Presented<'_>) -> Result<Caller, Problem> {
    let authorization = request
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(Problem::unauthorized)?
        .trim();
    let scheme = authorization.split(' ').next().unwrap_or_default();
    let now = app.now();
    if scheme.eq_ignore_ascii_case("bearer") {
        let token = authorization[scheme.len()..].trim();
        let grant = app
            .lock()
            .grants
            .bearer(token, now)
            .ok_or_else(Problem::unauthorized)?;
        return Ok(Caller {
            user_id: grant.user_id,
            kind: AuthMethod::OAuth2,
            scopes: Some(grant.scopes),
        });
    }
    if scheme.eq_ignore_ascii_case("oauth") {
        let host = request
            .headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| {
                Problem::unauthorized_because("Could not authenticate you: no Host header.")
            })?;
        let uri = base_string_uri("http", host, request.uri.path());
        let mut params: Vec<(String, String)> = Vec::new();
        if let Some(query) = request.uri.query() {
            params.extend(form_urlencoded::parse(query.as_bytes()).into_owned());
        }
        if let Some(body) = request.form_body {
            params.extend(form_urlencoded::parse(body).into_owned());
        }
        let signed = SignedRequest {
            method: request.method.as_str(),
            uri: &uri,
            authorization,
            params,
        };
        let user_id = app
            .lock()
            .oauth1
            .verify(&signed, now)
            .map_err(|e| Problem::unauthorized_because(e.to_string()))?;
        return Ok(Caller {
            user_id,
            kind: AuthMethod::OAuth1,
            scopes: None,
        });
    }
    Err(Problem::unauthorized())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bearer(scopes: &[&str]) -> Caller {
        Caller {
            user_id: "1".into(),
            kind: AuthMethod::OAuth2,
            scopes: Some(scopes.iter().map(|s| s.to_string()).collect()),
        }
    }

    #[test]
    fn a_missing_scope_is_named_in_a_403() {
        let err = bearer(&["tweet.read", "users.read"])
            .require(&["tweet.read", "tweet.write", "users.read"])
            .unwrap_err();
        assert_eq!(err.status, 403);
        assert!(
            err.detail
                .starts_with("Missing required scope: tweet.write.")
        );
    }

    #[test]
    fn granted_scopes_and_oauth1_pass() {
        assert!(bearer(&["media.write"]).require(&["media.write"]).is_ok());
        let oauth1 = Caller {
            user_id: "1".into(),
            kind: AuthMethod::OAuth1,
            scopes: None,
        };
        assert!(oauth1.require(&["tweet.write"]).is_ok());
    }

    #[test]
    fn form_bodies_are_recognised_with_parameters() {
        let mut headers = HeaderMap::new();
        assert!(!is_form(&headers));
        headers.insert(
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded; charset=utf-8"
                .parse()
                .unwrap(),
        );
        assert!(is_form(&headers));
        headers.insert(
            header::CONTENT_TYPE,
            "multipart/form-data; boundary=x".parse().unwrap(),
        );
        assert!(!is_form(&headers));
    }
}
