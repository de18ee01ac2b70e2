//! OAuth 1.0a (RFC 5849) HMAC-SHA1 verification, written independently of any client
//! library: parsing the `Authorization: OAuth ...` header, building the signature base
//! string, and checking keys, timestamp, nonce and signature with an injected clock.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::time::SystemTime;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use sha1::Sha1;

use super::clock::unix_seconds;

/// RFC 3986 unreserved characters stay; everything else is percent-encoded (RFC 5849 §3.6).
const ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// How far `oauth_timestamp` may be from the sandbox clock, either way (X allows 5 minutes).
pub(crate) const TIMESTAMP_WINDOW_SECS: u64 = 300;

/// Why an OAuth 1.0a request was refused. The messages never contain a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Oauth1Error {
    /// The header is not `OAuth key="value", ...`.
    Malformed,
    /// A parameter appears twice in the header.
    Duplicate(String),
    /// A required `oauth_*` parameter is missing.
    Missing(&'static str),
    /// `oauth_signature_method` is not HMAC-SHA1.
    SignatureMethod,
    /// `oauth_version` is present and not 1.0.
    Version,
    /// The consumer key is not a known app.
    UnknownConsumer,
    /// The access token is unknown or belongs to another app.
    UnknownToken,
    /// `oauth_timestamp` is not a number within the allowed window.
    Timestamp,
    /// This nonce was already used with this timestamp.
    NonceReused,
    /// The signature does not match the request.
    Signature,
}

impl fmt::Display for Oauth1Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self {
            Oauth1Error::Malformed => "the OAuth Authorization header is malformed".to_string(),
            Oauth1Error::Duplicate(name) => format!("the parameter {name} appears more than once"),
            Oauth1Error::Missing(name) => format!("the parameter {name} is missing"),
            Oauth1Error::SignatureMethod => "oauth_signature_method must be HMAC-SHA1".to_string(),
            Oauth1Error::Version => "oauth_version must be 1.0".to_string(),
            Oauth1Error::UnknownConsumer => "the consumer key is not known".to_string(),
            Oauth1Error::UnknownToken => {
                "the access token is not known for this consumer key".to_string()
            }
            Oauth1Error::Timestamp => {
                "oauth_timestamp is more than 5 minutes away from the server's clock".to_string()
            }
            Oauth1Error::NonceReused => "oauth_nonce was already used".to_string(),
            Oauth1Error::Signature => "the signature does not match the request".to_string(),
        };
        write!(f, "Could not authenticate you: {why}.")
    }
}

/// RFC 5849 §3.6 percent-encoding.
pub(crate) fn encode(s: &str) -> String {
    utf8_percent_encode(s, ENCODE).to_string()
}

/// Parses `OAuth k="v", ...` into percent-decoded pairs, `realm` left out.
pub(crate) fn parse_authorization(header: &str) -> Result<Vec<(String, String)>, Oauth1Error> {
    let header = header.trim_start();
    let rest = header
        .get(..6)
        .filter(|scheme| scheme.eq_ignore_ascii_case("oauth "))
        .map(|_| &header[6..])
        .ok_or(Oauth1Error::Malformed)?;
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut rest = rest.trim_start();
    while !rest.is_empty() {
        let (key, after) = rest.split_once('=').ok_or(Oauth1Error::Malformed)?;
        let after = after.strip_prefix('"').ok_or(Oauth1Error::Malformed)?;
        let (value, after) = after.split_once('"').ok_or(Oauth1Error::Malformed)?;
        let key = decode(key.trim())?;
        if key != "realm" {
            if pairs.iter().any(|(k, _)| *k == key) {
                return Err(Oauth1Error::Duplicate(key));
            }
            pairs.push((key, decode(value)?));
        }
        let after = after.trim_start();
        rest = match after.strip_prefix(',') {
            Some(next) => next.trim_start(),
            None if after.is_empty() => after,
            None => return Err(Oauth1Error::Malformed),
        };
    }
    Ok(pairs)
}

fn decode(s: &str) -> Result<String, Oauth1Error> {
    percent_decode_str(s)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| Oauth1Error::Malformed)
}

/// The base string URI (RFC 5849 §3.4.1.2): lowercase scheme and host, default port
/// dropped, path kept, no query.
pub(crate) fn base_string_uri(scheme: &str, host: &str, path: &str) -> String {
    let scheme = scheme.to_ascii_lowercase();
    let host = host.to_ascii_lowercase();
    let host = match (scheme.as_str(), host.rsplit_once(':')) {
        ("http", Some((name, "80"))) | ("https", Some((name, "443"))) => name.to_string(),
        _ => host,
    };
    format!("{scheme}://{host}{path}")
}

/// The signature base string (RFC 5849 §3.4.1) over every parameter but `oauth_signature`.
pub(crate) fn base_string(method: &str, uri: &str, params: &[(String, String)]) -> String {
    let mut encoded: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| k != "oauth_signature")
        .map(|(k, v)| (encode(k), encode(v)))
        .collect();
    encoded.sort();
    let normalized = encoded
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    format!(
        "{}&{}&{}",
        method.to_ascii_uppercase(),
        encode(uri),
        encode(&normalized)
    )
}

fn mac(consumer_secret: &str, token_secret: &str, base: &str) -> Hmac<Sha1> {
    let key = format!("{}&{}", encode(consumer_secret), encode(token_secret));
    let mut mac = Hmac::<Sha1>::new_from_slice(key.as_bytes()).expect("HMAC takes any key");
    mac.update(base.as_bytes());
    mac
}

/// The HMAC-SHA1 signature of a base string, base64-encoded (what a client sends).
#[cfg(test)]
pub(crate) fn sign(base: &str, consumer_secret: &str, token_secret: &str) -> String {
    STANDARD.encode(
        mac(consumer_secret, token_secret, base)
            .finalize()
            .into_bytes(),
    )
}

/// A request as the verifier needs it.
pub(crate) struct SignedRequest<'a> {
    /// The HTTP method.
    pub(crate) method: &'a str,
    /// The base string URI, see [`base_string_uri`].
    pub(crate) uri: &'a str,
    /// The raw `Authorization` header.
    pub(crate) authorization: &'a str,
    /// Query parameters and form-urlencoded body parameters, decoded.
    pub(crate) params: Vec<(String, String)>,
}

struct TokenKey {
    secret: String,
    consumer_key: String,
    user_id: String,
}

/// Known consumer keys and access tokens, and the nonces already seen.
pub(crate) struct Oauth1Verifier {
    consumers: HashMap<String, String>,
    tokens: HashMap<String, TokenKey>,
    nonces: HashSet<(String, u64, String)>,
}

impl Oauth1Verifier {
    /// A verifier knowing one app and one of its user's access tokens.
    pub(crate) fn new(
        consumer_key: &str,
        consumer_secret: &str,
        token: &str,
        token_secret: &str,
        user_id: &str,
    ) -> Self {
        let consumers = HashMap::from([(consumer_key.to_string(), consumer_secret.to_string())]);
        let tokens = HashMap::from([(
            token.to_string(),
            TokenKey {
                secret: token_secret.to_string(),
                consumer_key: consumer_key.to_string(),
                user_id: user_id.to_string(),
            },
        )]);
        Oauth1Verifier {
            consumers,
            tokens,
            nonces: HashSet::new(),
        }
    }

    /// Knows one more access token, of `user_id`, for the app `consumer_key` (already known).
    pub(crate) fn add_token(
        &mut self,
        consumer_key: &str,
        token: &str,
        token_secret: &str,
        user_id: &str,
    ) {
        self.tokens.insert(
            token.to_string(),
            TokenKey {
                secret: token_secret.to_string(),
                consumer_key: consumer_key.to_string(),
                user_id: user_id.to_string(),
            },
        );
    }

    /// Verifies a request and returns the user it speaks for; remembers its nonce.
    pub(crate) fn verify(
        &mut self,
        request: &SignedRequest<'_>,
        now: SystemTime,
    ) -> Result<String, Oauth1Error> {
        let oauth = parse_authorization(request.authorization)?;
        let get = |name: &'static str| {
            oauth
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
                .ok_or(Oauth1Error::Missing(name))
        };
        let consumer_key = get("oauth_consumer_key")?;
        let token = get("oauth_token")?;
        let method = get("oauth_signature_method")?;
        let timestamp = get("oauth_timestamp")?;
        let nonce = get("oauth_nonce")?;
        let signature = get("oauth_signature")?;
        if method != "HMAC-SHA1" {
            return Err(Oauth1Error::SignatureMethod);
        }
        if get("oauth_version").is_ok_and(|v| v != "1.0") {
            return Err(Oauth1Error::Version);
        }
        let consumer_secret = self
            .consumers
            .get(consumer_key)
            .ok_or(Oauth1Error::UnknownConsumer)?;
        let token_key = self
            .tokens
            .get(token)
            .filter(|t| t.consumer_key == consumer_key)
            .ok_or(Oauth1Error::UnknownToken)?;
        let timestamp: u64 = timestamp.parse().map_err(|_| Oauth1Error::Timestamp)?;
        if unix_seconds(now).abs_diff(timestamp) > TIMESTAMP_WINDOW_SECS {
            return Err(Oauth1Error::Timestamp);
        }
        let nonce_key = (consumer_key.to_string(), timestamp, nonce.to_string());
        if self.nonces.contains(&nonce_key) {
            return Err(Oauth1Error::NonceReused);
        }
        let mut params = oauth.clone();
        params.extend(request.params.iter().cloned());
        let base = base_string(request.method, request.uri, &params);
        let given = STANDARD
            .decode(signature)
            .map_err(|_| Oauth1Error::Signature)?;
        mac(consumer_secret, &token_key.secret, &base)
            .verify_slice(&given)
            .map_err(|_| Oauth1Error::Signature)?;
        let user_id = token_key.user_id.clone();
        let oldest = unix_seconds(now).saturating_sub(TIMESTAMP_WINDOW_SECS);
        self.nonces.retain(|(_, ts, _)| *ts >= oldest);
        self.nonces.insert(nonce_key);
        Ok(user_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    // X's documented example ("Creating a signature").
    const CONSUMER_KEY: &str = "xvz1evFS4wEEPTGEFPHBog";
    const CONSUMER_SECRET: &str = "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw";
    const TOKEN: &str = "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb";
    const TOKEN_SECRET: &str = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE";
    const NONCE: &str = "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg";
    const TIMESTAMP: u64 = 1_318_622_958;
    const TWITTER_SIGNATURE: &str = "hCtSmYh+iHYCEqBWrE7C7hYmtUk=";
    const X_SIGNATURE: &str = "Ls93hJiZbQ3akF3HF3x1Bz8/zU4=";

    fn body_params() -> Vec<(String, String)> {
        vec![
            (
                "status".into(),
                "Hello Ladies + Gentlemen, a signed OAuth request!".into(),
            ),
            ("include_entities".into(), "true".into()),
        ]
    }

    fn oauth_params(nonce: &str, timestamp: u64) -> Vec<(String, String)> {
        vec![
            ("oauth_consumer_key".into(), CONSUMER_KEY.into()),
            ("oauth_nonce".into(), nonce.into()),
            ("oauth_signature_method".into(), "HMAC-SHA1".into()),
            ("oauth_timestamp".into(), timestamp.to_string()),
            ("oauth_token".into(), TOKEN.into()),
            ("oauth_version".into(), "1.0".into()),
        ]
    }

    fn header(uri: &str, nonce: &str, timestamp: u64, secret: &str) -> String {
        let mut all = oauth_params(nonce, timestamp);
        all.extend(body_params());
        let signature = sign(&base_string("POST", uri, &all), CONSUMER_SECRET, secret);
        let mut oauth = oauth_params(nonce, timestamp);
        oauth.push(("oauth_signature".into(), signature));
        let fields: Vec<String> = oauth
            .iter()
            .map(|(k, v)| format!("{}=\"{}\"", encode(k), encode(v)))
            .collect();
        format!("OAuth {}", fields.join(", "))
    }

    fn verifier() -> Oauth1Verifier {
        Oauth1Verifier::new(
            CONSUMER_KEY,
            CONSUMER_SECRET,
            TOKEN,
            TOKEN_SECRET,
            "370773112",
        )
    }

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    const TWITTER_URI: &str = "https://api.twitter.com/1.1/statuses/update.json";
    const X_URI: &str = "https://api.x.com/1.1/statuses/update.json";

    fn sig_for(uri: &str) -> String {
        let mut all = oauth_params(NONCE, TIMESTAMP);
        all.extend(body_params());
        sign(
            &base_string("POST", uri, &all),
            CONSUMER_SECRET,
            TOKEN_SECRET,
        )
    }

    #[test]
    fn signs_xs_documented_vector_on_api_twitter_com() {
        assert_eq!(sig_for(TWITTER_URI), TWITTER_SIGNATURE);
    }

    #[test]
    fn signs_xs_documented_vector_on_api_x_com() {
        assert_eq!(sig_for(X_URI), X_SIGNATURE);
    }

    #[test]
    fn base_string_matches_xs_documentation() {
        let mut all = oauth_params(NONCE, TIMESTAMP);
        all.extend(body_params());
        let base = base_string("post", TWITTER_URI, &all);
        assert!(base.starts_with(
            "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog"
        ));
        assert!(base.ends_with(
            "oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521"
        ));
    }

    fn request<'a>(uri: &'a str, authorization: &'a str) -> SignedRequest<'a> {
        SignedRequest {
            method: "POST",
            uri,
            authorization,
            params: body_params(),
        }
    }

    #[test]
    fn verifies_the_documented_vector_on_both_hosts() {
        for (uri, signature) in [(TWITTER_URI, TWITTER_SIGNATURE), (X_URI, X_SIGNATURE)] {
            let mut oauth = oauth_params(NONCE, TIMESTAMP);
            oauth.push(("oauth_signature".into(), signature.into()));
            let fields: Vec<String> = oauth
                .iter()
                .map(|(k, v)| format!("{}=\"{}\"", encode(k), encode(v)))
                .collect();
            let auth = format!("OAuth {}", fields.join(", "));
            assert_eq!(
                verifier().verify(&request(uri, &auth), at(TIMESTAMP)),
                Ok("370773112".to_string())
            );
        }
    }

    #[test]
    fn a_signature_for_another_host_is_refused() {
        let auth = header(TWITTER_URI, NONCE, TIMESTAMP, TOKEN_SECRET);
        assert_eq!(
            verifier().verify(&request(X_URI, &auth), at(TIMESTAMP)),
            Err(Oauth1Error::Signature)
        );
    }

    #[test]
    fn a_bad_signature_is_refused() {
        let auth = header(X_URI, NONCE, TIMESTAMP, "not the token secret");
        assert_eq!(
            verifier().verify(&request(X_URI, &auth), at(TIMESTAMP)),
            Err(Oauth1Error::Signature)
        );
    }

    #[test]
    fn changed_parameters_break_the_signature() {
        let auth = header(X_URI, NONCE, TIMESTAMP, TOKEN_SECRET);
        let mut req = request(X_URI, &auth);
        req.params[0].1.push('!');
        assert_eq!(
            verifier().verify(&req, at(TIMESTAMP)),
            Err(Oauth1Error::Signature)
        );
    }

    #[test]
    fn an_old_or_future_timestamp_is_refused() {
        let auth = header(X_URI, NONCE, TIMESTAMP, TOKEN_SECRET);
        let mut v = verifier();
        assert_eq!(
            v.verify(&request(X_URI, &auth), at(TIMESTAMP + 301)),
            Err(Oauth1Error::Timestamp)
        );
        assert_eq!(
            v.verify(&request(X_URI, &auth), at(TIMESTAMP - 301)),
            Err(Oauth1Error::Timestamp)
        );
        assert!(
            v.verify(&request(X_URI, &auth), at(TIMESTAMP + 300))
                .is_ok()
        );
    }

    #[test]
    fn a_reused_nonce_is_refused() {
        let auth = header(X_URI, NONCE, TIMESTAMP, TOKEN_SECRET);
        let mut v = verifier();
        assert!(v.verify(&request(X_URI, &auth), at(TIMESTAMP)).is_ok());
        assert_eq!(
            v.verify(&request(X_URI, &auth), at(TIMESTAMP + 1)),
            Err(Oauth1Error::NonceReused)
        );
        let fresh = header(X_URI, "another-nonce", TIMESTAMP, TOKEN_SECRET);
        assert!(v.verify(&request(X_URI, &fresh), at(TIMESTAMP + 1)).is_ok());
    }

    #[test]
    fn a_refused_request_does_not_burn_its_nonce() {
        let bad = header(X_URI, NONCE, TIMESTAMP, "wrong");
        let good = header(X_URI, NONCE, TIMESTAMP, TOKEN_SECRET);
        let mut v = verifier();
        assert!(v.verify(&request(X_URI, &bad), at(TIMESTAMP)).is_err());
        assert!(v.verify(&request(X_URI, &good), at(TIMESTAMP)).is_ok());
    }

    #[test]
    fn unknown_keys_and_methods_are_refused() {
        let auth = header(X_URI, NONCE, TIMESTAMP, TOKEN_SECRET);
        let other_consumer = auth.replace(CONSUMER_KEY, "someone-else");
        assert_eq!(
            verifier().verify(&request(X_URI, &other_consumer), at(TIMESTAMP)),
            Err(Oauth1Error::UnknownConsumer)
        );
        let other_token = auth.replace(&encode(TOKEN), "123-other");
        assert_eq!(
            verifier().verify(&request(X_URI, &other_token), at(TIMESTAMP)),
            Err(Oauth1Error::UnknownToken)
        );
        let plaintext = auth.replace("HMAC-SHA1", "PLAINTEXT");
        assert_eq!(
            verifier().verify(&request(X_URI, &plaintext), at(TIMESTAMP)),
            Err(Oauth1Error::SignatureMethod)
        );
    }

    #[test]
    fn header_parsing_decodes_and_refuses_garbage() {
        let pairs =
            parse_authorization(r#"OAuth realm="x", oauth_nonce="a%20b",oauth_token="t""#).unwrap();
        assert_eq!(
            pairs,
            vec![
                ("oauth_nonce".to_string(), "a b".to_string()),
                ("oauth_token".to_string(), "t".to_string())
            ]
        );
        assert_eq!(
            parse_authorization("Bearer abc"),
            Err(Oauth1Error::Malformed)
        );
        assert_eq!(
            parse_authorization(r#"OAuth a="1" b="2""#),
            Err(Oauth1Error::Malformed)
        );
        assert_eq!(
            parse_authorization(r#"OAuth a="1", a="2""#),
            Err(Oauth1Error::Duplicate("a".into()))
        );
        assert_eq!(
            verifier().verify(&request(X_URI, r#"OAuth oauth_token="t""#), at(0)),
            Err(Oauth1Error::Missing("oauth_consumer_key"))
        );
    }

    #[test]
    fn base_string_uri_normalises_scheme_host_and_default_port() {
        assert_eq!(
            base_string_uri("HTTP", "127.0.0.1:8080", "/2/media/upload"),
            "http://127.0.0.1:8080/2/media/upload"
        );
        assert_eq!(
            base_string_uri("https", "API.X.com:443", "/2/tweets"),
            "https://api.x.com/2/tweets"
        );
        assert_eq!(
            base_string_uri("http", "example.com:80", "/"),
            "http://example.com/"
        );
    }

    #[test]
    fn refusal_messages_do_not_echo_secrets() {
        for err in [Oauth1Error::Signature, Oauth1Error::UnknownToken] {
            let text = err.to_string();
            assert!(text.starts_with("Could not authenticate you"));
            assert!(!text.contains(TOKEN_SECRET) && !text.contains(TOKEN));
        }
    }
}
