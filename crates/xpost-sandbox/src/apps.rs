//! The developer app registered in the sandbox: its client id and secret, its registered
//! callback URIs, and how it authenticates at the token and revoke endpoints (HTTP Basic
//! for a confidential app, `client_id` in the body for a public one, as X does).

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use percent_encoding::percent_decode_str;

use super::challenge::constant_time_eq;
use super::problems::OAuthError;

/// The sandbox's one OAuth 2.0 app.
#[derive(Clone)]
pub(crate) struct ClientApp {
    /// Shown on the consent page.
    pub(crate) name: String,
    pub(crate) client_id: String,
    /// `Some` for a confidential app, which must then use HTTP Basic.
    pub(crate) client_secret: Option<String>,
    /// Callback URIs, compared byte for byte.
    pub(crate) redirect_uris: Vec<String>,
}

impl fmt::Debug for ClientApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientApp")
            .field("name", &self.name)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "(redacted)"),
            )
            .field("redirect_uris", &self.redirect_uris)
            .finish()
    }
}

impl ClientApp {
    /// Whether `uri` equals one of the registered callback URIs exactly.
    pub(crate) fn allows_redirect(&self, uri: &str) -> bool {
        self.redirect_uris.iter().any(|r| r == uri)
    }

    /// Authenticates a token or revoke request; returns the client id on success.
    ///
    /// `authorization` is the raw `Authorization` header, `body_client_id` the form's
    /// `client_id`.
    pub(crate) fn authenticate(
        &self,
        authorization: Option<&str>,
        body_client_id: Option<&str>,
    ) -> Result<String, OAuthError> {
        match &self.client_secret {
            Some(secret) => {
                let (id, given) = authorization
                    .and_then(parse_basic)
                    .ok_or_else(OAuthError::missing_client_auth)?;
                let body_agrees = body_client_id.is_none_or(|b| b == id);
                if id == self.client_id && constant_time_eq(&given, secret) && body_agrees {
                    Ok(id)
                } else {
                    Err(OAuthError::invalid_client())
                }
            }
            None => match body_client_id {
                Some(id) if id == self.client_id => Ok(id.to_string()),
                Some(_) => Err(OAuthError::invalid_client()),
                None => Err(OAuthError::missing_client_auth()),
            },
        }
    }
}

/// Splits `Basic base64(id:secret)`; each half is form-decoded (RFC 6749 §2.3.1).
fn parse_basic(header: &str) -> Option<(String, String)> {
    let header = header.trim();
    let encoded = header
        .get(..6)
        .filter(|s| s.eq_ignore_ascii_case("basic "))
        .map(|_| header[6..].trim())?;
    let decoded = String::from_utf8(STANDARD.decode(encoded).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let form_decode = |s: &str| {
        percent_decode_str(&s.replace('+', " "))
            .decode_utf8()
            .ok()
            .map(|s| s.into_owned())
    };
    Some((form_decode(id)?, form_decode(secret)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(secret: Option<&str>) -> ClientApp {
        ClientApp {
            name: "xpost".into(),
            client_id: "id".into(),
            client_secret: secret.map(String::from),
            redirect_uris: vec!["http://127.0.0.1:5000/oauth/callback".into()],
        }
    }

    fn basic(id: &str, secret: &str) -> String {
        format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")))
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let shown = format!("{:?}", app(Some("s3cret")));
        assert!(!shown.contains("s3cret"));
        assert!(shown.contains("(redacted)"));
    }

    #[test]
    fn redirect_uris_match_exactly() {
        let a = app(None);
        assert!(a.allows_redirect("http://127.0.0.1:5000/oauth/callback"));
        assert!(!a.allows_redirect("http://127.0.0.1:5000/oauth/callback/"));
        assert!(!a.allows_redirect("http://localhost:5000/oauth/callback"));
    }

    #[test]
    fn a_confidential_app_needs_basic_with_the_right_secret() {
        let a = app(Some("s3cret"));
        assert_eq!(
            a.authenticate(Some(&basic("id", "s3cret")), None),
            Ok("id".into())
        );
        assert_eq!(
            a.authenticate(Some(&basic("id", "s3cret")), Some("id")),
            Ok("id".into())
        );
        assert_eq!(
            a.authenticate(None, Some("id")),
            Err(OAuthError::missing_client_auth())
        );
        assert_eq!(
            a.authenticate(Some("Bearer x"), None),
            Err(OAuthError::missing_client_auth())
        );
        assert_eq!(
            a.authenticate(Some(&basic("id", "wrong")), None),
            Err(OAuthError::invalid_client())
        );
        assert_eq!(
            a.authenticate(Some(&basic("other", "s3cret")), None),
            Err(OAuthError::invalid_client())
        );
    }

    #[test]
    fn basic_credentials_are_form_decoded() {
        let a = app(Some("a b:c"));
        assert_eq!(
            a.authenticate(Some(&basic("id", "a+b%3Ac")), None),
            Ok("id".into())
        );
    }

    #[test]
    fn a_public_app_names_itself_in_the_body() {
        let a = app(None);
        assert_eq!(a.authenticate(None, Some("id")), Ok("id".into()));
        assert_eq!(
            a.authenticate(None, Some("other")),
            Err(OAuthError::invalid_client())
        );
        assert_eq!(
            a.authenticate(None, None),
            Err(OAuthError::missing_client_auth())
        );
    }
}
