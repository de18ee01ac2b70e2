//! OAuth 1.0a (HMAC-SHA1) signing, through the `oauth1-request` crate: the four keys from
//! the developer portal and the `Authorization` header they make. A leaf: it knows nothing of
//! the rest of xpost.
//!
//! X signs the method, the URL without its query, the `oauth_*` parameters and the query
//! parameters; multipart and JSON bodies are not signed. `oauth1-request` must be given the
//! URL without `?` and the query as a parameter list, or the signature is silently wrong.

use std::num::NonZeroU64;

use oauth1_request as oauth;
use url::Url;

use crate::secret::Secret;

/// The four OAuth 1.0a user-context values.
#[derive(Debug, Clone)]
pub struct OAuth1Keys {
    /// Consumer key (API key).
    pub api_key: String,
    /// Consumer secret (API key secret).
    pub api_secret: Secret,
    /// The user's access token.
    pub access_token: Secret,
    /// The user's access token secret.
    pub access_token_secret: Secret,
}

/// The user an access token acts for, as the token itself says: X's access tokens start with
/// the user's numeric id and a dash (`370773112-GmHx...`). `None` for a token that does not.
pub fn token_user_id(keys: &OAuth1Keys) -> Option<&str> {
    let (id, rest) = keys.access_token.expose().split_once('-')?;
    (crate::ids::is_id(id) && !rest.is_empty()).then_some(id)
}

/// A fixed nonce and timestamp, for reproducing a known signature in tests.
#[derive(Debug, Clone, Copy)]
pub struct Pinned<'a> {
    /// The `oauth_nonce` value.
    pub nonce: &'a str,
    /// The `oauth_timestamp` value.
    pub timestamp: u64,
}

/// The `Authorization` header value for a request whose body is not signed (multipart, JSON,
/// or none). Query parameters in `url` are signed. It carries `oauth_version="1.0"`, as X's
/// own examples and the common clients do.
pub fn authorization(keys: &OAuth1Keys, method: &str, url: &Url) -> String {
    sign(keys, method, url, &[], None, true)
}

/// Signs a request: `form` holds form-urlencoded body parameters (empty for other bodies);
/// `pinned` fixes nonce and timestamp; `version` adds `oauth_version="1.0"`.
pub fn sign(
    keys: &OAuth1Keys,
    method: &str,
    url: &Url,
    form: &[(&str, &str)],
    pinned: Option<Pinned<'_>>,
    version: bool,
) -> String {
    let mut base = url.clone();
    base.set_query(None);
    base.set_fragment(None);
    let mut params: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    params.extend(form.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let params = oauth::ParameterList::new(params);

    let token = oauth::Token::from_parts(
        keys.api_key.as_str(),
        keys.api_secret.expose(),
        keys.access_token.expose(),
        keys.access_token_secret.expose(),
    );
    let mut builder = oauth::Builder::with_token(token, oauth::HmacSha1::new());
    builder.version(version);
    if let Some(pinned) = pinned {
        builder.nonce(pinned.nonce);
        builder.timestamp(NonZeroU64::new(pinned.timestamp));
    }
    builder.authorize(method, base.as_str(), &params)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    /// X's documented example (developer docs, "Creating a signature").
    fn x_keys() -> OAuth1Keys {
        OAuth1Keys {
            api_key: "xvz1evFS4wEEPTGEFPHBog".into(),
            api_secret: Secret::new("kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"),
            access_token: Secret::new("370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"),
            access_token_secret: Secret::new("LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"),
        }
    }

    const PINNED: Pinned<'static> = Pinned {
        nonce: "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg",
        timestamp: 1318622958,
    };

    fn signature_of(header: &str) -> String {
        let start = header.find("oauth_signature=\"").unwrap() + "oauth_signature=\"".len();
        let end = start + header[start..].find('"').unwrap();
        percent_encoding::percent_decode_str(&header[start..end])
            .decode_utf8()
            .unwrap()
            .into_owned()
    }

    fn x_example(url: &str) -> String {
        let form = [
            ("include_entities", "true"),
            (
                "status",
                "Hello Ladies + Gentlemen, a signed OAuth request!",
            ),
        ];
        sign(
            &x_keys(),
            "POST",
            &Url::parse(url).unwrap(),
            &form,
            Some(PINNED),
            true,
        )
    }

    #[test]
    fn matches_x_documented_signature() {
        let header = x_example("https://api.twitter.com/1.1/statuses/update.json");
        assert_eq!(signature_of(&header), "hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
        assert!(header.starts_with("OAuth "));
        assert!(header.contains("oauth_version=\"1.0\""));
        assert!(header.contains("oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\""));
    }

    #[test]
    fn matches_x_signature_on_api_x_com() {
        let header = x_example("https://api.x.com/1.1/statuses/update.json");
        assert_eq!(signature_of(&header), "Ls93hJiZbQ3akF3HF3x1Bz8/zU4=");
    }

    #[test]
    fn query_parameters_are_signed_and_url_query_is_not_passed_raw() {
        // The same request written with its parameters in the query must sign the same as with
        // them in the form: both go into the parameter list, never into the base URL.
        let in_query = sign(
            &x_keys(),
            "POST",
            &Url::parse(
                "https://api.twitter.com/1.1/statuses/update.json?include_entities=true&status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21",
            )
            .unwrap(),
            &[],
            Some(PINNED),
            true,
        );
        assert_eq!(signature_of(&in_query), "hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
    }

    #[test]
    fn the_access_token_names_its_user() {
        assert_eq!(token_user_id(&x_keys()), Some("370773112"));
        let with = |token: &str| OAuth1Keys {
            access_token: Secret::new(token),
            ..x_keys()
        };
        for token in [
            "",
            "-abc",
            "abc-def",
            "12a-def",
            "123-",
            "123",
            "123456789012345678901-x",
        ] {
            assert_eq!(token_user_id(&with(token)), None, "{token:?}");
        }
        assert_eq!(token_user_id(&with("1-2-3")), Some("1"));
    }

    #[test]
    fn header_carries_no_secret() {
        let header = authorization(
            &x_keys(),
            "POST",
            &Url::parse("https://api.x.com/2/media/upload").unwrap(),
        );
        assert!(!header.contains("kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"));
        assert!(!header.contains("LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"));
        assert!(header.contains("oauth_nonce="));
        assert!(header.contains("oauth_version=\"1.0\""));
        assert!(header.contains("oauth_signature_method=\"HMAC-SHA1\""));
    }
}
