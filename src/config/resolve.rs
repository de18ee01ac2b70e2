//! The checked configuration ([`Config`]) made from a lookup of variable names: every value
//! checked, every missing or malformed name reported in one error. Pure.

use url::Url;

use super::names::*;
use crate::error::{Cause, Error, Result};
use crate::oauth1::OAuth1Keys;
use crate::secret::Secret;

/// Everything xpost needs to talk to X, checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// Base URL of the `/2/...` API, token endpoint included.
    pub api_base: Url,
    /// X's consent page.
    pub authorize_url: Url,
    /// How posts are authorized: `--auth`, `XPOST_AUTH`, else what is configured.
    pub method: Method,
    /// The OAuth 2.0 client id of the app; `None` when only OAuth 1.0a keys are configured.
    pub client_id: Option<String>,
    /// The OAuth 2.0 client secret; `None` makes xpost a public client.
    pub client_secret: Option<Secret>,
    /// The loopback callback registered for the app.
    pub redirect_uri: Url,
    /// OAuth 1.0a keys for media upload; `None` uploads with the OAuth 2.0 token.
    pub oauth1: Option<OAuth1Keys>,
    /// Base of the post URLs printed (`https://x.com`; `X_WEB_BASE` for a test double).
    pub web_base: String,
    /// Things worth telling the user that do not stop the run.
    pub warnings: Vec<String>,
}

impl Config {
    /// Builds and checks the configuration from a lookup of variable names.
    ///
    /// Empty values count as unset. Every problem is collected, so one run shows them all.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config> {
        Config::resolve(lookup, None)
    }

    /// [`Config::from_lookup`] for the method asked for on the command line (`--auth`; `None`
    /// leaves it to `XPOST_AUTH`, then to what is configured: see [`choose_method`]).
    pub fn resolve(
        lookup: impl Fn(&str) -> Option<String>,
        asked: Option<Method>,
    ) -> Result<Config> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let mut missing = Vec::new();
        let mut malformed = Vec::new();
        let mut warnings = Vec::new();

        let client_id = get(CLIENT_ID.var);
        if let Some(id) = &client_id
            && id.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            malformed.push(format!(
                "{}: contains spaces or control characters",
                CLIENT_ID.var
            ));
        }
        let client_secret = get("X_CLIENT_SECRET").map(Secret::new);

        let url = |var: &str, default: &str, malformed: &mut Vec<String>| {
            http_url(
                var,
                get(var).unwrap_or_else(|| default.to_owned()),
                malformed,
            )
        };
        let api_base = url("X_API_BASE", DEFAULT_API_BASE, &mut malformed);
        let authorize_url = url("X_AUTHORIZE_URL", DEFAULT_AUTHORIZE_URL, &mut malformed);
        let redirect_uri = url("X_REDIRECT_URI", DEFAULT_REDIRECT_URI, &mut malformed);
        let web_base = url("X_WEB_BASE", DEFAULT_WEB_BASE, &mut malformed);
        if let Some(uri) = &redirect_uri
            && let Err(why) = check_loopback_redirect(uri)
        {
            malformed.push(format!("X_REDIRECT_URI: {why}"));
        }

        let oauth1_values: Vec<Option<String>> = OAUTH1.iter().map(|n| get(n.var)).collect();
        let set = oauth1_values.iter().filter(|v| v.is_some()).count();
        let unset_keys = || unset(&oauth1_values);

        let asked = asked.or_else(|| method_variable(get("XPOST_AUTH"), &mut malformed));
        let method = choose_method(asked, client_id.is_some(), set == OAUTH1.len());
        match method {
            Some(Method::OAuth2) if client_id.is_none() => missing.push(&CLIENT_ID),
            Some(Method::OAuth2) => warnings.extend(incomplete_keys(&oauth1_values)),
            Some(Method::OAuth1) => missing.extend(unset_keys()),
            // Neither way is configured: name both, with whatever half of the keys is missing.
            None => return Err(neither_error(&unset_keys(), &malformed)),
        }
        let oauth1 = oauth1_keys(&oauth1_values);

        if !missing.is_empty() || !malformed.is_empty() {
            return Err(config_error(&missing, &malformed, method));
        }
        let (Some(method), Some(api_base), Some(authorize_url), Some(redirect_uri), Some(web_base)) =
            (method, api_base, authorize_url, redirect_uri, web_base)
        else {
            return Err(Error::internal(
                "configuration check let an unset value through",
            ));
        };
        Ok(Config {
            api_base,
            authorize_url,
            method,
            client_id,
            client_secret,
            redirect_uri,
            oauth1,
            web_base: web_base.as_str().trim_end_matches('/').to_owned(),
            warnings,
        })
    }

    /// The OAuth 2.0 client id, or `""` when none is configured (then no OAuth 2.0 login is
    /// ever this app's).
    pub fn client_id(&self) -> &str {
        self.client_id.as_deref().unwrap_or_default()
    }

    /// The URL of an endpoint under the API base, e.g. `endpoint("/2/tweets")`.
    pub fn endpoint(&self, path: &str) -> Url {
        join(&self.api_base, path)
    }
}

/// Joins `path` onto `base`, keeping any path prefix `base` has.
pub fn join(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let prefix = base.path().trim_end_matches('/');
    url.set_path(&format!("{prefix}{path}"));
    url.set_query(None);
    url
}

/// The listener can only catch a redirect to plain HTTP on this machine's loopback.
fn check_loopback_redirect(uri: &Url) -> std::result::Result<(), String> {
    if uri.scheme() != "http" {
        return Err(format!(
            "{uri} must start with http:// (xpost catches the redirect on this machine)"
        ));
    }
    let loopback = match uri.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    if !loopback {
        return Err(format!(
            "{uri} must point at this machine (127.0.0.1, [::1] or localhost)"
        ));
    }
    if uri.port().is_none() {
        return Err(format!(
            "{uri} needs an explicit port, e.g. http://127.0.0.1:5000/oauth/callback"
        ));
    }
    Ok(())
}

/// The URL `text` that variable `var` gives, if it is an http(s) URL with a host; else why
/// not goes to `malformed`.
fn http_url(var: &str, text: String, malformed: &mut Vec<String>) -> Option<Url> {
    match Url::parse(&text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Some(url),
        Ok(_) => {
            malformed.push(format!("{var}: {text:?} is not an http(s) URL"));
            None
        }
        Err(err) => {
            malformed.push(format!("{var}: {text:?} is not a URL ({err})"));
            None
        }
    }
}

/// The OAuth 1.0a keys of `values` (one per name of [`OAUTH1`]) left unset.
fn unset(values: &[Option<String>]) -> Vec<&'static Name> {
    OAUTH1
        .iter()
        .zip(values)
        .filter_map(|(name, value)| value.is_none().then_some(name))
        .collect()
}

/// The method `XPOST_AUTH` asks for (`text`), if it names one; else why not goes to
/// `malformed`.
fn method_variable(text: Option<String>, malformed: &mut Vec<String>) -> Option<Method> {
    match Method::parse(&text?) {
        Ok(method) => Some(method),
        Err(why) => {
            malformed.push(format!("XPOST_AUTH: {why}"));
            None
        }
    }
}

/// The warning that some of the OAuth 1.0a keys of `values` are set, but not all: media then
/// goes with the OAuth 2.0 token.
fn incomplete_keys(values: &[Option<String>]) -> Option<String> {
    let unset: Vec<&str> = unset(values).iter().map(|n| n.var).collect();
    (!unset.is_empty() && unset.len() < OAUTH1.len()).then(|| {
        format!(
            "OAuth 1.0a keys are incomplete ({} not set): media will be uploaded with the OAuth 2.0 token",
            unset.join(", ")
        )
    })
}

/// The OAuth 1.0a keys, when `values` (one per name of [`OAUTH1`]) sets all four.
fn oauth1_keys(values: &[Option<String>]) -> Option<OAuth1Keys> {
    let [
        Some(api_key),
        Some(api_secret),
        Some(access_token),
        Some(access_token_secret),
    ] = values
    else {
        return None;
    };
    Some(OAuth1Keys {
        api_key: api_key.clone(),
        api_secret: Secret::new(api_secret.clone()),
        access_token: Secret::new(access_token.clone()),
        access_token_secret: Secret::new(access_token_secret.clone()),
    })
}

fn config_error(missing: &[&Name], malformed: &[String], method: Option<Method>) -> Error {
    let mut message = match method {
        Some(method) if !missing.is_empty() => {
            format!(
                "the configuration is incomplete for {method} (--auth {})",
                method.name()
            )
        }
        _ => String::from("the configuration is incomplete"),
    };
    push_names(&mut message, "missing:", missing);
    push_malformed(&mut message, malformed);
    Error::new(Cause::Config, message).hint(
        "run xpost auth setup to set them up once for every directory, or set them in the environment or in .env (see example.env); or try xpost --sandbox without an account",
    )
}

/// The error when neither way of authorizing is configured: both are named.
fn neither_error(unset_keys: &[&Name], malformed: &[String]) -> Error {
    let mut message = String::from(
        "the configuration is incomplete: xpost needs an OAuth 2.0 app (a consent in a browser once) or OAuth 1.0a keys (no browser: for CI, servers and cron)",
    );
    push_names(
        &mut message,
        "missing, for OAuth 2.0 (--auth oauth2):",
        &[&CLIENT_ID],
    );
    push_names(
        &mut message,
        "or missing, for OAuth 1.0a (--auth oauth1):",
        unset_keys,
    );
    push_malformed(&mut message, malformed);
    Error::new(Cause::Config, message).hint(
        "run xpost auth setup to set either up once for every directory, or set it in the environment or in .env (see example.env); or try xpost --sandbox without an account",
    )
}

fn push_names(message: &mut String, title: &str, names: &[&Name]) {
    if !names.is_empty() {
        message.push_str(&format!("\n  {title}"));
        for name in names {
            message.push_str(&format!("\n    {:<22} {} ({PORTAL})", name.var, name.what));
        }
    }
}

fn push_malformed(message: &mut String, malformed: &[String]) {
    if !malformed.is_empty() {
        message.push_str("\n  malformed:");
        for line in malformed {
            message.push_str(&format!("\n    {line}"));
        }
    }
}
