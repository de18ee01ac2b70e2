//! The apps `xpost auth setup` keeps, so that xpost posts from any directory.
//!
//! An app's settings (its client id, callback, API key, and its endpoints when they are not
//! X's) are kept in `config.json` in the user's configuration directory
//! ([`crate::config::Env::config_dir`]):
//!
//! ```text
//! {"version":1,"apps":[{"name":"default","settings":{"X_CLIENT_ID":"…"},"keyring":"app-default@api.x.com/…"}]}
//! ```
//!
//! Its secrets are kept together in one entry of the system keyring (service `xpost`, user
//! `app-NAME@HOST/NONCE`: the host is the API's, checked when read, so that an entry is only
//! ever sent to the server it was kept for), or, where no keyring answers or when asked
//! (`--insecure-storage`), under `"secrets"` in that file, which xpost then says. The file is
//! owner-only, written atomically and versioned, as the login files are; the first app is the
//! default, and `--app NAME` (or `XPOST_APP`) chooses another.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::auth::keyring::{EntryName, Keyring, host};
use crate::auth::store::files::{ensure_dir, read_private, remove, write_atomic};
use crate::config::{DEFAULT_API_BASE, SECRETS, SETUP_SETTINGS, Source, Stored};
use crate::error::{Cause, Error, Result};
use crate::sanitize::{command, outside, path as shown};
use crate::secret::{Secret, plausible_token};

/// The configuration file's name in the configuration directory.
pub const FILE_NAME: &str = "config.json";
/// The name of an app set up without `--app`, when there is none yet.
pub const DEFAULT_NAME: &str = "default";
/// The format of the file and of a keyring entry.
const VERSION: u32 = 1;
/// The longest app name.
const NAME_MAX: usize = 32;

/// The configuration file's text.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileText {
    version: u32,
    apps: Vec<App>,
}

/// A keyring entry's text: the app's secrets.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryText {
    version: u32,
    secrets: BTreeMap<String, String>,
}

/// One app: its name, its settings, and where its secrets are.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct App {
    /// Its name (`--app`).
    pub name: String,
    /// Its settings, by variable name ([`SETUP_SETTINGS`]).
    pub settings: BTreeMap<String, String>,
    /// The keyring entry holding its secrets, when the keyring does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyring: Option<String>,
    /// Its secrets, when no keyring keeps them (the file is readable only by its owner).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    secrets: BTreeMap<String, String>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("name", &self.name)
            .field("settings", &self.settings)
            .field("keyring", &self.keyring)
            .field("secrets", &self.secrets.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl App {
    /// The API base its secrets were issued by.
    fn api_base(&self) -> &str {
        self.settings
            .get("X_API_BASE")
            .map_or(DEFAULT_API_BASE, String::as_str)
    }

    /// Whether its secrets are in the file rather than the keyring.
    pub fn secrets_in_file(&self) -> bool {
        !self.secrets.is_empty()
    }
}

/// Where `keep` put an app's secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    /// In the keyring, under this entry.
    Keyring(String),
    /// In the configuration file: asked for (`true`), or no keyring answered (`false`).
    File(bool),
    /// There were none.
    Nothing,
}

/// The user's configuration file and the apps it holds.
#[derive(Debug)]
pub struct Apps {
    dir: PathBuf,
    path: PathBuf,
    apps: Vec<App>,
}

/// Whether `name` can name an app: 1 to 32 letters, digits and dashes (it is part of the
/// keyring entry's name).
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= NAME_MAX
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The apps of `text`, checked: what xpost did not write is refused, never half-read. Pure.
fn parse(text: &str) -> std::result::Result<Vec<App>, String> {
    let file: FileText =
        serde_json::from_str(text).map_err(|err| format!("it is not xpost's ({err})"))?;
    if file.version != VERSION {
        return Err(format!(
            "it is of version {}, which this xpost does not read",
            file.version
        ));
    }
    for app in &file.apps {
        let name = outside(&app.name);
        if !valid_name(&app.name) {
            return Err(format!("the app name {name:?} is not one xpost makes"));
        }
        if file.apps.iter().filter(|a| a.name == app.name).count() > 1 {
            return Err(format!("the app {name:?} is there twice"));
        }
        for (key, value) in &app.settings {
            if !SETUP_SETTINGS.contains(&key.as_str()) {
                return Err(format!("the app {name:?} sets {}", outside(key)));
            }
            if value.is_empty() || value.chars().any(|c| c.is_control() || c.is_whitespace()) {
                return Err(format!("the app {name:?} has a malformed {key}"));
            }
        }
        for (key, value) in &app.secrets {
            if !SECRETS.contains(&key.as_str()) || !plausible_token(value) {
                return Err(format!("the app {name:?} holds a malformed secret"));
            }
        }
        if let Some(entry) = &app.keyring {
            let parsed = EntryName::parse(entry)
                .filter(|e| e.host() == host(app.api_base()))
                .filter(|e| e.as_str().starts_with(&format!("app-{}@", app.name)));
            if parsed.is_none() || app.secrets_in_file() {
                return Err(format!(
                    "the app {name:?} names a keyring entry that is not its own"
                ));
            }
        }
    }
    Ok(file.apps)
}

/// The secrets of a keyring entry's text; `None` for anything xpost did not write. Pure.
fn entry_secrets(text: &str) -> Option<BTreeMap<String, String>> {
    let entry: EntryText = serde_json::from_str(text).ok()?;
    (entry.version == VERSION
        && entry
            .secrets
            .iter()
            .all(|(k, v)| SECRETS.contains(&k.as_str()) && plausible_token(v)))
    .then_some(entry.secrets)
}

impl Apps {
    /// The apps kept in the configuration directory `dir` (none when it has no file).
    pub fn read(dir: &Path) -> Result<Apps> {
        let path = dir.join(FILE_NAME);
        let apps = match read_private(&[dir], &path)? {
            Some(text) => parse(&text).map_err(|why| {
                Error::config(format!("cannot read {}: {why}", shown(&path))).hint(format!(
                    "set the app up again: {}, then {}",
                    command(&["xpost", "auth", "setup", "--remove"]),
                    command(&["xpost", "auth", "setup"])
                ))
            })?,
            None => Vec::new(),
        };
        Ok(Apps {
            dir: dir.to_path_buf(),
            path,
            apps,
        })
    }

    /// The configuration file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The app named `name`, else the default (the first); `None` when none is kept. A name
    /// that names none is an error.
    pub fn choose(&self, name: Option<&str>) -> Result<Option<&App>> {
        let Some(name) = name else {
            return Ok(self.apps.first());
        };
        match self.apps.iter().find(|a| a.name == name) {
            Some(app) => Ok(Some(app)),
            None => Err(Error::config(format!(
                "no app named {:?} is set up ({})",
                outside(name),
                self.listing()
            ))
            .hint(format!(
                "set it up with {}, or leave out --app and XPOST_APP",
                command(&["xpost", "auth", "setup", "--app", name])
            ))),
        }
    }

    fn listing(&self) -> String {
        if self.apps.is_empty() {
            return "none is".to_owned();
        }
        let names: Vec<&str> = self.apps.iter().map(|a| a.name.as_str()).collect();
        format!("set up: {}", names.join(", "))
    }

    /// `app` as the configuration's layer after the environment and the file; its secrets are
    /// read from `keyring` when first asked for.
    pub fn stored(&self, app: &App, keyring: Keyring) -> Stored {
        let secret_names: Vec<String> = match &app.keyring {
            // Which secrets the entry holds is known once it is read: offer them all.
            Some(_) => SECRETS.iter().map(|s| (*s).to_owned()).collect(),
            None => app.secrets.keys().cloned().collect(),
        };
        let (secrets_at, read_secrets): (Source, Box<crate::config::SecretsReader>) =
            match app.keyring.as_deref().and_then(EntryName::parse) {
                Some(entry) => (
                    Source::Keyring(entry.to_string()),
                    Box::new(move || read_entry(&keyring, &entry)),
                ),
                None => {
                    let secrets: HashMap<String, String> =
                        app.secrets.clone().into_iter().collect();
                    (
                        Source::Setup(self.path.clone()),
                        Box::new(move || Ok(secrets.clone())),
                    )
                }
            };
        Stored {
            name: app.name.clone(),
            path: self.path.clone(),
            settings: app.settings.clone().into_iter().collect(),
            secret_names,
            secrets_at,
            read_secrets,
            read: OnceLock::new(),
        }
    }

    /// Keeps the app `name` (replacing one of that name, in its place; else added after the
    /// others) with these settings and secrets: the secrets in the keyring unless `insecure`,
    /// else (or when no keyring answers, which is said) in the file.
    pub fn keep(
        &mut self,
        name: &str,
        settings: BTreeMap<String, String>,
        secrets: BTreeMap<String, Secret>,
        keyring: &Keyring,
        insecure: bool,
    ) -> Result<Kept> {
        let mut app = App {
            name: name.to_owned(),
            settings,
            keyring: None,
            secrets: BTreeMap::new(),
        };
        let plain: BTreeMap<String, String> = secrets
            .iter()
            .map(|(k, v)| (k.clone(), v.expose().to_owned()))
            .collect();
        let kept = if plain.is_empty() {
            Kept::Nothing
        } else if insecure {
            app.secrets = plain;
            Kept::File(true)
        } else {
            let entry = EntryName::new(&format!("app-{name}"), app.api_base());
            let text = serde_json::to_string(&EntryText {
                version: VERSION,
                secrets: plain.clone(),
            })
            .map_err(|err| Error::internal(format!("cannot write the keyring entry: {err}")))?;
            let label = format!("xpost: app {name} ({})", host(app.api_base()));
            match keyring.write_text(&entry, &label, text) {
                Ok(()) => {
                    app.keyring = Some(entry.as_str().to_owned());
                    Kept::Keyring(entry.to_string())
                }
                Err(fault) => {
                    crate::output::warn(format!(
                        "the system keyring could not keep the app's secrets ({fault}): they go to {}, readable only by you",
                        shown(&self.path)
                    ));
                    app.secrets = plain;
                    Kept::File(false)
                }
            }
        };
        let old = self.apps.iter().position(|a| a.name == name);
        let replaced = match old {
            Some(at) => Some(std::mem::replace(&mut self.apps[at], app.clone())),
            None => {
                self.apps.push(app.clone());
                None
            }
        };
        if let Err(err) = self.write() {
            // Nothing half-kept: the new entry goes, the old app stays as it was.
            if let Some(entry) = app.keyring.as_deref().and_then(EntryName::parse) {
                let _ = keyring.delete(&entry);
            }
            match (old, replaced) {
                (Some(at), Some(replaced)) => self.apps[at] = replaced,
                _ => {
                    self.apps.pop();
                }
            }
            return Err(err);
        }
        if let Some(entry) = replaced
            .and_then(|r| r.keyring)
            .and_then(|e| EntryName::parse(&e))
            && let Err(fault) = keyring.delete(&entry)
        {
            crate::output::warn(format!(
                "the app's former keyring entry ({entry}) could not be removed: {fault}"
            ));
        }
        Ok(kept)
    }

    /// Removes the app `name` (else the default) and its keyring entry; `None` when there was
    /// no such app. The file goes when no app is left.
    pub fn remove(&mut self, name: Option<&str>, keyring: &Keyring) -> Result<Option<App>> {
        let at = match name {
            Some(name) => self.apps.iter().position(|a| a.name == name),
            None => (!self.apps.is_empty()).then_some(0),
        };
        let Some(at) = at else {
            return Ok(None);
        };
        if let Some(entry) = self.apps[at].keyring.as_deref().and_then(EntryName::parse) {
            keyring.delete(&entry).map_err(|fault| {
                Error::config(format!(
                    "cannot remove the app's secrets from the system keyring ({entry}): {fault}; nothing was removed"
                ))
                .hint("unlock the keyring (or start its service) and run this again")
            })?;
        }
        let app = self.apps.remove(at);
        self.write()?;
        Ok(Some(app))
    }

    /// Writes the file (atomically, owner-only), or removes it when no app is left.
    fn write(&self) -> Result<()> {
        if self.apps.is_empty() {
            remove(&self.dir, &self.path)?;
            return Ok(());
        }
        ensure_dir(&self.dir)?;
        let text = serde_json::to_string_pretty(&FileText {
            version: VERSION,
            apps: self.apps.clone(),
        })
        .map_err(|err| Error::internal(format!("cannot write the configuration: {err}")))?;
        write_atomic(&self.dir, &self.path, &format!("{text}\n"))
    }
}

/// The secrets in the keyring entry `entry`.
fn read_entry(
    keyring: &Keyring,
    entry: &EntryName,
) -> std::result::Result<HashMap<String, String>, String> {
    match keyring.read_text(entry) {
        Ok(Some(text)) => entry_secrets(&text)
            .map(|s| s.into_iter().collect())
            .ok_or_else(|| "its keyring entry holds something xpost did not write".to_owned()),
        Ok(None) => Err("its keyring entry is gone".to_owned()),
        Err(fault) => Err(fault.to_string()),
    }
}

/// The error of a command that needs a terminal it does not have.
pub fn no_terminal() -> Error {
    Error::new(
        Cause::Usage,
        "xpost auth setup asks its questions at a terminal, and none is here",
    )
    .hint(format!(
        "set the X_* variables in the environment (or a file given with --env-file) and run {}",
        command(&["xpost", "auth", "setup", "--from-env"])
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mock() -> Keyring {
        Keyring::over(keyring_core::mock::Store::new().unwrap())
    }

    fn settings(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn secrets() -> BTreeMap<String, Secret> {
        BTreeMap::from([("X_API_SECRET".to_owned(), Secret::new("api-secret-value"))])
    }

    #[test]
    fn an_app_round_trips_with_its_secrets_in_the_keyring_only() {
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("xpost");
        let keyring = mock();
        let mut apps = Apps::read(&conf).unwrap();
        assert!(apps.choose(None).unwrap().is_none());
        let kept = apps
            .keep(
                "default",
                settings(&[("X_API_KEY", "ck")]),
                secrets(),
                &keyring,
                false,
            )
            .unwrap();
        assert!(matches!(kept, Kept::Keyring(_)), "{kept:?}");
        let text = std::fs::read_to_string(conf.join(FILE_NAME)).unwrap();
        assert!(!text.contains("api-secret-value"), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(conf.join(FILE_NAME))
                .unwrap()
                .permissions();
            assert_eq!(mode.mode() & 0o777, 0o600);
        }
        let apps = Apps::read(&conf).unwrap();
        let app = apps.choose(None).unwrap().unwrap();
        let stored = apps.stored(app, keyring.clone());
        let read = (stored.read_secrets)().unwrap();
        assert_eq!(read["X_API_SECRET"], "api-secret-value");
        assert!(!format!("{app:?}").contains("api-secret-value"));
    }

    #[test]
    fn the_first_app_is_the_default_and_remove_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let keyring = mock();
        let mut apps = Apps::read(dir.path()).unwrap();
        apps.keep("one", settings(&[]), secrets(), &keyring, false)
            .unwrap();
        apps.keep("two", settings(&[]), secrets(), &keyring, true)
            .unwrap();
        assert_eq!(apps.choose(None).unwrap().unwrap().name, "one");
        assert_eq!(apps.choose(Some("two")).unwrap().unwrap().name, "two");
        assert!(apps.choose(Some("three")).is_err());
        let one = apps.choose(None).unwrap().unwrap().clone();
        let entry = EntryName::parse(one.keyring.as_deref().unwrap()).unwrap();
        assert!(keyring.read_text(&entry).unwrap().is_some());
        assert_eq!(apps.remove(None, &keyring).unwrap().unwrap().name, "one");
        assert_eq!(keyring.read_text(&entry).unwrap(), None);
        assert_eq!(apps.choose(None).unwrap().unwrap().name, "two");
        apps.remove(Some("two"), &keyring).unwrap();
        assert!(!dir.path().join(FILE_NAME).exists());
        assert!(apps.remove(None, &keyring).unwrap().is_none());
    }

    #[test]
    fn a_file_xpost_did_not_write_is_refused() {
        let entry = EntryName::new("app-a", "https://api.x.com");
        let other = EntryName::new("app-a", "http://127.0.0.1:9");
        for bad in [
            "{}".to_owned(),
            r#"{"version":2,"apps":[]}"#.to_owned(),
            r#"{"version":1,"apps":[{"name":"a b","settings":{}}]}"#.to_owned(),
            r#"{"version":1,"apps":[{"name":"a","settings":{"BROWSER":"sh"}}]}"#.to_owned(),
            r#"{"version":1,"apps":[{"name":"a","settings":{"X_CLIENT_ID":"a\u001b[2J"}}]}"#
                .to_owned(),
            r#"{"version":1,"apps":[{"name":"a","settings":{}},{"name":"a","settings":{}}]}"#
                .to_owned(),
            // An entry kept for another server, named by an app for X's.
            format!(
                r#"{{"version":1,"apps":[{{"name":"a","settings":{{}},"keyring":"{}"}}]}}"#,
                other.as_str()
            ),
            // Another app's entry.
            format!(
                r#"{{"version":1,"apps":[{{"name":"b","settings":{{}},"keyring":"{}"}}]}}"#,
                entry.as_str()
            ),
        ] {
            assert!(parse(&bad).is_err(), "{bad}");
        }
        let good = format!(
            r#"{{"version":1,"apps":[{{"name":"a","settings":{{}},"keyring":"{}"}}]}}"#,
            entry.as_str()
        );
        assert!(parse(&good).is_ok());
        assert!(entry_secrets(r#"{"version":1,"secrets":{"X_API_SECRET":"s"}}"#).is_some());
        assert!(entry_secrets(r#"{"version":1,"secrets":{"BROWSER":"s"}}"#).is_none());
        assert!(entry_secrets("hunter2").is_none());
    }

    #[test]
    fn names() {
        for good in ["default", "work-2", "A"] {
            assert!(valid_name(good), "{good}");
        }
        for bad in ["", "a b", "a/b", "a_b", "é", &"a".repeat(33)] {
            assert!(!valid_name(bad), "{bad}");
        }
    }
}
