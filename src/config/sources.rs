//! Where each value came from ([`Source`]), and the rules that keep a `.env` in an untrusted
//! directory from sending the user's consent, secrets or posts to a server of its own. Pure.

use std::path::PathBuf;

use url::Url;

use super::names::*;
use super::resolve::Config;
use crate::error::{Error, Result};

/// Where a variable's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Not set: xpost's default (X itself).
    Default,
    /// The process environment.
    Environment,
    /// The file given with `--env-file`.
    File(PathBuf),
    /// The `./.env` that sits in the working directory: whoever made the directory chose it.
    DotEnv,
    /// The user's configuration file, written by `xpost auth setup`.
    Setup(PathBuf),
    /// The system keyring, where `xpost auth setup` kept it (the entry).
    Keyring(String),
}

impl Source {
    /// Whether a value from here and one from `other` were kept together: the user's
    /// configuration and the keyring entry it names are one set-up.
    pub fn same_place(&self, other: &Source) -> bool {
        let stored = |s: &Source| matches!(s, Source::Setup(_) | Source::Keyring(_));
        self == other || (stored(self) && stored(other))
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Default => f.write_str("xpost's default"),
            Source::Environment => f.write_str("the environment"),
            Source::File(path) => f.write_str(&crate::sanitize::path(path)),
            Source::DotEnv => f.write_str("./.env"),
            Source::Setup(path) => {
                write!(f, "your configuration ({})", crate::sanitize::path(path))
            }
            Source::Keyring(entry) => write!(f, "the system keyring ({entry})"),
        }
    }
}

/// The secrets xpost sends to the API base: they may only go to a server named in the same
/// place as they are.
pub const SECRETS: [&str; 4] = [
    "X_CLIENT_SECRET",
    "X_API_SECRET",
    "X_ACCESS_TOKEN",
    "X_ACCESS_TOKEN_SECRET",
];

/// What a `./.env` found in the working directory sets only together with the server it is
/// for (`X_API_BASE` from the same file): where post URLs point, which would let it print a
/// URL that looks like X's for a post X never saw, and where logins are kept, which would let
/// it keep tokens in the directory it came with.
const ONLY_WITH_A_DOTENV_SERVER: [&str; 2] = ["X_WEB_BASE", "XPOST_HOME"];

/// Refuses `name` from a `./.env` that merely sits in the working directory unless that file
/// also names the server (`X_API_BASE`): see `ONLY_WITH_A_DOTENV_SERVER`. Pure.
pub fn check_dotenv_setting(name: &str, source: impl Fn(&str) -> Source) -> Result<()> {
    if source(name) != Source::DotEnv || source("X_API_BASE") == Source::DotEnv {
        return Ok(());
    }
    Err(Error::config(format!(
        "./.env in the working directory sets {name}, which xpost takes from a ./.env only together with X_API_BASE (the server it is for)"
    ))
    .hint(format!(
        "if you meant it, set {name} in the environment or give the file with --env-file; otherwise remove it from ./.env (a directory you did not make may hold a .env to mislead xpost)"
    )))
}

/// Refuses endpoints and secrets that come from different places, so that a `.env` in an
/// untrusted directory cannot send the user's consent or secrets to a server of its own:
/// - the consent page and the API base are set together, in one place, or both left to X
///   (a code X gives at its consent page goes to the token endpoint under the API base);
/// - when the API base is not X's, every secret comes from where the API base came from, and
///   so does the client id when a `./.env` in the working directory names the server (with
///   the person's own client id, a public client, which has no secret to refuse, would have
///   its consent and posts go to that `.env`'s server);
/// - a `./.env` in the working directory sets `X_WEB_BASE` or `XPOST_HOME` only together
///   with the API base.
///
/// Pure: `source` says where each variable came from.
pub fn check_sources(source: impl Fn(&str) -> Source, config: &Config) -> Result<()> {
    let at_x = |url: &Url, default: &str| url.as_str().trim_end_matches('/') == default;
    let api = if at_x(&config.api_base, DEFAULT_API_BASE) {
        Source::Default
    } else {
        source("X_API_BASE")
    };
    let consent = if at_x(&config.authorize_url, DEFAULT_AUTHORIZE_URL) {
        Source::Default
    } else {
        source("X_AUTHORIZE_URL")
    };
    let fail = |message: String, hint: String| Err(Error::config(message).hint(hint));
    for name in ONLY_WITH_A_DOTENV_SERVER {
        check_dotenv_setting(name, &source)?;
    }
    if !api.same_place(&consent) {
        let (api_is, consent_is) = (
            describe("X_API_BASE", &api, &config.api_base),
            describe("X_AUTHORIZE_URL", &consent, &config.authorize_url),
        );
        return fail(
            format!(
                "{api_is}, but {consent_is}: a consent given at one would have its code, and the client secret, sent to the other"
            ),
            "set X_API_BASE and X_AUTHORIZE_URL together, in the same place, to use another service; otherwise remove the one that is set (look in ./.env)".into(),
        );
    }
    if api == Source::Default {
        return Ok(());
    }
    let client_id = (api == Source::DotEnv).then_some("X_CLIENT_ID");
    for secret in SECRETS.into_iter().chain(client_id) {
        let from = source(secret);
        if from != Source::Default && !from.same_place(&api) {
            return fail(
                format!(
                    "X_API_BASE ({}) comes from {api}, but {secret} comes from {from}: xpost sends its client id and secrets only to a server named in the same place",
                    config.api_base
                ),
                "put the server and its credentials together (all in the environment, or all in one file given with --env-file); if you did not mean to use another server, remove X_API_BASE (look in ./.env)".into(),
            );
        }
    }
    Ok(())
}

fn describe(name: &str, source: &Source, url: &Url) -> String {
    match source {
        Source::Default => format!("{name} is X's own ({url})"),
        other => format!("{name} is {url}, from {other}"),
    }
}
