//! The app kept by `xpost auth setup` ([`Stored`]), and which names it may fill in under what
//! the environment and the file already set ([`stored_names`]).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use super::names::*;
use super::sources::Source;

/// An app kept by `xpost auth setup`: its settings from the user's configuration file, its
/// secrets (read only when asked for) from the keyring or, announced, from that file.
pub struct Stored {
    /// The app's name (`--app`, `XPOST_APP`).
    pub name: String,
    /// The configuration file.
    pub path: PathBuf,
    /// Its settings: `X_CLIENT_ID`, `X_REDIRECT_URI`, `X_API_KEY` and the endpoints when they
    /// are not X's.
    pub settings: HashMap<String, String>,
    /// The names of its secrets.
    pub secret_names: Vec<String>,
    /// Where its secrets are.
    pub secrets_at: Source,
    /// Reads its secrets (the keyring is asked once, at the first secret asked for).
    pub read_secrets: Box<SecretsReader>,
    /// What the reading gave.
    pub read: OnceLock<std::result::Result<HashMap<String, String>, String>>,
}

/// A function that reads a stored app's secrets; an error says why they could not be read.
pub type SecretsReader =
    dyn Fn() -> std::result::Result<HashMap<String, String>, String> + Send + Sync;

/// The variables `xpost auth setup` keeps, settings first, then the secrets.
pub const SETUP_SETTINGS: [&str; 6] = [
    "X_CLIENT_ID",
    "X_REDIRECT_URI",
    "X_API_KEY",
    "X_API_BASE",
    "X_AUTHORIZE_URL",
    "X_WEB_BASE",
];

/// The names a stored app may fill in, given what the environment and the file set
/// (`higher`), and the stored app's own settings (`stored`). Pure.
///
/// - None at all when `higher` names a server (`X_API_BASE`, `X_AUTHORIZE_URL`) other than the
///   app's: its secrets were issued by its own server, and go to no other.
/// - Its OAuth 2.0 app (client id, secret, callback) only when `higher` sets neither client id
///   nor secret: a secret goes with its own client id.
/// - Its four OAuth 1.0a keys only when `higher` sets none of them.
pub fn stored_names(
    higher: impl Fn(&str) -> Option<String>,
    stored: impl Fn(&str) -> Option<String>,
) -> Vec<&'static str> {
    let same = |a: &str, b: &str| a.trim().trim_end_matches('/') == b.trim().trim_end_matches('/');
    for (name, default) in [
        ("X_API_BASE", DEFAULT_API_BASE),
        ("X_AUTHORIZE_URL", DEFAULT_AUTHORIZE_URL),
    ] {
        let theirs = stored(name).unwrap_or_else(|| default.to_owned());
        if let Some(ours) = higher(name)
            && !same(&ours, &theirs)
        {
            return Vec::new();
        }
    }
    let mut names = vec!["X_API_BASE", "X_AUTHORIZE_URL", "X_WEB_BASE"];
    if ["X_CLIENT_ID", "X_CLIENT_SECRET"]
        .iter()
        .all(|n| higher(n).is_none())
    {
        names.extend(["X_CLIENT_ID", "X_CLIENT_SECRET", "X_REDIRECT_URI"]);
    }
    if OAUTH1.iter().all(|n| higher(n.var).is_none()) {
        names.extend(OAUTH1.iter().map(|n| n.var));
    }
    names
}
