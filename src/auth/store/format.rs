//! A login, and the format of the files that keep it: serde structs with a version field, so
//! that a file of another version is refused rather than misread.
//!
//! A login is one record, [`Login`]: whose it is, for which app and server, until when, with
//! which scopes; and its secrets, which are its tokens once read ([`Pair`]) or, as its file
//! describes it without asking the keyring, where they are ([`Held`], the [`Record`]).

use serde::{Deserialize, Serialize};

use crate::auth::keyring::{self, EntryName, Pair, Place};
use crate::compose::limit::Subscription;
use crate::secret::Secret;

/// The login files' format; a file with another version is refused rather than misread.
/// Version 1 (before the keyring) kept the tokens in the file, and version 2 had no
/// `subscription_type`: both are still read. A file of version 3 is refused by an xpost that
/// reads only 1 and 2, with a message naming the version, rather than as a field it does not
/// know.
pub const FORMAT_VERSION: u32 = 3;
/// The format of the file that names the default login.
pub(super) const DEFAULT_FORMAT: u32 = 1;

/// A login: what decides whether it may be used (reuse, refresh, consent; another server or
/// app), and its secrets: its tokens (`S` = [`Pair`], as the session uses it), or where its file
/// says they are (`S` = [`Held`]: a [`Record`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login<S = Pair> {
    /// The API the tokens were issued by (`X_API_BASE`).
    pub api_base: String,
    /// The app they were issued to.
    pub client_id: String,
    /// When the access token expires, in Unix seconds.
    pub expires_at: u64,
    /// The scopes X granted.
    pub scopes: Vec<String>,
    /// The user's id, when known.
    pub user_id: Option<String>,
    /// The user's handle, when known.
    pub username: Option<String>,
    /// The user's subscription as X named it at the login (or at `auth status`); `None` when
    /// X did not say, or the file is older than this field.
    pub subscription: Option<Subscription>,
    /// The tokens, or where they are.
    pub secrets: S,
}

/// A login as its file describes it: all but the tokens when the keyring keeps them. Reading
/// one never touches the keyring, so listing and choosing logins works with a locked one.
pub type Record = Login<Held>;

/// Where a login's tokens are, as its file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Held {
    /// In the file itself.
    File(Pair),
    /// In the keyring, under this entry.
    Keyring {
        /// The entry.
        entry: EntryName,
        /// Whether the entry holds a refresh token.
        refreshable: bool,
    },
}

impl Held {
    /// The place.
    pub fn place(&self) -> Place {
        match self {
            Held::File(_) => Place::File,
            Held::Keyring { .. } => Place::Keyring,
        }
    }
}

impl<S> Login<S> {
    /// The same login with `secrets` instead of its own.
    pub fn with<T>(self, secrets: T) -> Login<T> {
        Login {
            api_base: self.api_base,
            client_id: self.client_id,
            expires_at: self.expires_at,
            scopes: self.scopes,
            user_id: self.user_id,
            username: self.username,
            subscription: self.subscription,
            secrets,
        }
    }
}

impl Login {
    /// Whether there is a refresh token.
    pub fn refreshable(&self) -> bool {
        self.secrets.refresh_token.is_some()
    }
}

impl Record {
    /// Whether there is a refresh token, as the file says.
    pub fn refreshable(&self) -> bool {
        match &self.secrets {
            Held::File(pair) => pair.refresh_token.is_some(),
            Held::Keyring { refreshable, .. } => *refreshable,
        }
    }
}

/// The file's shape. Kept apart from [`Record`] so that secrets are plain strings only here.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StoreFile {
    pub(super) version: u32,
    api_base: String,
    client_id: String,
    /// Where the tokens are (version 2; version 1 kept them here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) secrets: Option<Place>,
    /// The keyring entry's user, when the keyring keeps them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    keyring_entry: Option<String>,
    /// Whether the keyring entry holds a refresh token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refreshable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    access_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
    expires_at: u64,
    scopes: Vec<String>,
    #[serde(default)]
    user_id: Option<String>,
    #[serde(default)]
    username: Option<String>,
    /// X's `subscription_type` (version 3): `None`, `Basic`, `Premium` or `PremiumPlus`;
    /// absent when X did not say. Another value is read as absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    subscription_type: Option<String>,
}

impl StoreFile {
    /// The file of `record`, in this version's format.
    pub(super) fn of(record: &Record) -> StoreFile {
        let mut file = StoreFile {
            version: FORMAT_VERSION,
            api_base: record.api_base.clone(),
            client_id: record.client_id.clone(),
            secrets: Some(record.secrets.place()),
            keyring_entry: None,
            refreshable: None,
            access_token: None,
            refresh_token: None,
            expires_at: record.expires_at,
            scopes: record.scopes.clone(),
            user_id: record.user_id.clone(),
            username: record.username.clone(),
            subscription_type: record.subscription.map(|s| s.name().to_owned()),
        };
        match &record.secrets {
            Held::File(pair) => {
                file.access_token = Some(pair.access_token.expose().to_owned());
                file.refresh_token = pair.refresh_token.as_ref().map(|t| t.expose().to_owned());
            }
            Held::Keyring { entry, refreshable } => {
                file.keyring_entry = Some(entry.as_str().to_owned());
                file.refreshable = Some(*refreshable);
            }
        }
        file
    }

    /// The login the file describes, if its fields agree with each other.
    fn record(self) -> std::result::Result<Record, String> {
        let place = match (self.version, self.secrets) {
            (1, None) => Place::File,
            (1, Some(_)) => return Err("version 1 has no field secrets".to_owned()),
            (_, Some(place)) => place,
            (_, None) => return Err("missing field `secrets`".to_owned()),
        };
        if self.version < 3 && self.subscription_type.is_some() {
            return Err(format!(
                "version {} has no field subscription_type",
                self.version
            ));
        }
        let secrets = match place {
            Place::File => {
                if self.keyring_entry.is_some() || self.refreshable.is_some() {
                    return Err("its tokens are in the file, yet it names a keyring entry".into());
                }
                let access = self
                    .access_token
                    .ok_or("missing field `access_token`".to_owned())?;
                Held::File(Pair {
                    access_token: Secret::new(access),
                    refresh_token: self.refresh_token.map(Secret::new),
                })
            }
            Place::Keyring => {
                if self.access_token.is_some() || self.refresh_token.is_some() {
                    return Err("its tokens are in the keyring, yet it holds tokens".into());
                }
                let entry = self
                    .keyring_entry
                    .ok_or("missing field `keyring_entry`".to_owned())?;
                let entry = EntryName::parse(&entry)
                    .ok_or("its keyring_entry is not one xpost makes".to_owned())?;
                // Tokens are only ever sent to the server that issued them: a file naming
                // another server's entry (edited, or planted in another XPOST_HOME) is refused.
                if entry.host() != keyring::host(&self.api_base) {
                    return Err(format!(
                        "its keyring_entry holds the tokens of {}, not of its api_base",
                        entry.host()
                    ));
                }
                Held::Keyring {
                    entry,
                    refreshable: self
                        .refreshable
                        .ok_or("missing field `refreshable`".to_owned())?,
                }
            }
        };
        Ok(Login {
            api_base: self.api_base,
            client_id: self.client_id,
            expires_at: self.expires_at,
            scopes: self.scopes,
            user_id: self.user_id,
            username: self.username,
            subscription: self
                .subscription_type
                .as_deref()
                .and_then(Subscription::parse),
            secrets,
        })
    }
}

/// Reads a login file's text (this version's, or version 1's). Pure, for tests and for
/// [`super::Slot::record`].
pub fn parse(text: &str) -> std::result::Result<Record, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|err| format!("it is not JSON ({})", classify(&err)))?;
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if (1..=u64::from(FORMAT_VERSION)).contains(&v) => {}
        Some(v) => {
            return Err(format!(
                "it has format version {v}; this xpost reads versions 1 to {FORMAT_VERSION}"
            ));
        }
        None => return Err("it has no format version".to_owned()),
    }
    // serde's messages name fields, never values: nothing secret is quoted.
    let file: StoreFile = serde_json::from_value(value).map_err(|err| format!("{err}"))?;
    file.record()
}

/// What kind of JSON error `err` is, without the text it quotes.
fn classify(err: &serde_json::Error) -> &'static str {
    match err.classify() {
        serde_json::error::Category::Io => "read error",
        serde_json::error::Category::Syntax => "syntax error",
        serde_json::error::Category::Data => "unexpected data",
        serde_json::error::Category::Eof => "cut short",
    }
}

/// The file saying which login is the default.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DefaultFile {
    pub(super) version: u32,
    pub(super) default: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::store::tests::{login, v1};

    #[test]
    fn other_versions_are_refused() {
        let text = serde_json::to_string(&v1(&login()))
            .unwrap()
            .replace("\"version\":1", "\"version\":7");
        assert!(parse(&text).unwrap_err().contains("format version 7"));
        assert!(parse("{}").unwrap_err().contains("no format version"));
    }

    #[test]
    fn debug_hides_tokens() {
        let debug = format!("{:?}", login());
        assert!(!debug.contains("secret-value"), "{debug}");
    }

    #[test]
    fn a_file_must_say_where_its_tokens_are_and_agree() {
        let keyring = |extra: serde_json::Value| {
            let mut file = serde_json::json!({
                "version": 2, "api_base": "https://api.x.com/", "client_id": "c",
                "secrets": "keyring", "keyring_entry": "42@api.x.com/0123456789abcdef",
                "refreshable": true, "expires_at": 1, "scopes": []
            });
            for (k, v) in extra.as_object().unwrap() {
                if v.is_null() {
                    file.as_object_mut().unwrap().remove(k);
                } else {
                    file[k] = v.clone();
                }
            }
            parse(&file.to_string())
        };
        let record = keyring(serde_json::json!({})).unwrap();
        assert!(matches!(
            record.secrets,
            Held::Keyring {
                refreshable: true,
                ..
            }
        ));
        for (extra, why) in [
            (
                serde_json::json!({"access_token": "a"}),
                "yet it holds tokens",
            ),
            (serde_json::json!({"keyring_entry": null}), "keyring_entry"),
            (serde_json::json!({"refreshable": null}), "refreshable"),
            (
                serde_json::json!({"keyring_entry": "gh:github.com"}),
                "not one xpost makes",
            ),
            (
                serde_json::json!({"keyring_entry": "42@127.0.0.1:8700/0123456789abcdef"}),
                "holds the tokens of 127.0.0.1:8700, not of its api_base",
            ),
            (serde_json::json!({"secrets": null}), "secrets"),
            (
                serde_json::json!({"secrets": "file"}),
                "names a keyring entry",
            ),
            (serde_json::json!({"secrets": "vault"}), "unknown variant"),
            (serde_json::json!({"version": 1}), "version 1"),
        ] {
            let err = keyring(extra.clone()).unwrap_err();
            assert!(err.contains(why), "{extra}: {err}");
        }
        let err = keyring(serde_json::json!({"version": 4})).unwrap_err();
        assert!(err.contains("reads versions 1 to 3"), "{err}");
        let err = keyring(serde_json::json!({"subscription_type": "Premium"})).unwrap_err();
        assert!(
            err.contains("version 2 has no field subscription_type"),
            "{err}"
        );
    }

    #[test]
    fn the_subscription_is_kept_and_older_files_are_read_without_it() {
        let file = |extra: serde_json::Value| {
            let mut file = serde_json::json!({
                "version": 3, "api_base": "https://api.x.com/", "client_id": "c",
                "secrets": "file", "access_token": "a", "expires_at": 1, "scopes": []
            });
            for (k, v) in extra.as_object().unwrap() {
                file[k] = v.clone();
            }
            parse(&file.to_string())
        };
        let premium = file(serde_json::json!({"subscription_type": "PremiumPlus"})).unwrap();
        assert_eq!(premium.subscription, Some(Subscription::PremiumPlus));
        // Written back, it says the same.
        let written = serde_json::to_string(&StoreFile::of(&premium)).unwrap();
        assert!(written.contains(r#""version":3"#), "{written}");
        assert_eq!(parse(&written).unwrap(), premium);
        // Without the field (or from version 2), or with a value X does not document: unknown.
        assert_eq!(file(serde_json::json!({})).unwrap().subscription, None);
        assert_eq!(
            file(serde_json::json!({"version": 2}))
                .unwrap()
                .subscription,
            None
        );
        let odd = file(serde_json::json!({"subscription_type": "Gold"})).unwrap();
        assert_eq!(odd.subscription, None);
        let written = serde_json::to_string(&StoreFile::of(&odd)).unwrap();
        assert!(!written.contains("subscription_type"), "{written}");
    }
}
