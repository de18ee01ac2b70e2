//! The token store: the logins kept on disk, one per X user, so that later runs post without a
//! browser.
//!
//! The store lives in a per-user state directory (`$XPOST_HOME`, else
//! `$XDG_STATE_HOME/xpost`, else `%LOCALAPPDATA%\xpost` on Windows, else `~/.local/state/xpost`;
//! [`crate::config::dirs::state_dir`]):
//!
//! ```text
//! default.json        which login commands use without --account ({"version":1,"default":KEY})
//! login.lock          the store's lock: a consent (before its user is known), the default,
//!                     moving an old store
//! logins/KEY.json     one login (KEY is the user's id, or unknown-… when X did not say who),
//!                     its tokens too when no keyring keeps them
//! logins/KEY.lock     that login's lock: a refresh of one login never waits on another's
//! ```
//!
//! Every file is owner-only (0600; directories xpost creates are 0700), written atomically
//! (temp file, fsync, rename, fsync of the directory) and versioned. Permissions follow ssh's
//! rule: a login file that others can read or write is refused, and so is a directory that
//! others can write (they could swap the file); a directory that others can only read, such as
//! an `XPOST_HOME` the user made, is fine, since the files in it are private. A corrupt file is
//! reported, never silently replaced. Windows has no modes: there the files take their folder's
//! ACL, private to the user in `%LOCALAPPDATA%`, and nothing is checked (`docs/windows.md`).
//! Runs that start together serialize on OS file locks
//! ([`Slot::locker`], [`Store::locker`]), so exactly one of them refreshes a login or asks for
//! consent. Locks are taken in one order: the store's first, then logins'; a run holds two
//! logins' locks only while it holds the store's, so no two runs wait on each other.
//!
//! A store written by xpost 0.x before accounts (one `login.json`) is moved into this layout
//! the first time it is read ([`Store::migrate`]), under the store's lock, without a consent.
//!
//! A login's tokens are kept in the system's keyring when one answers, else in its file
//! ([`crate::auth::keyring`]); the file records which (`"secrets": "keyring"` or `"file"`). A
//! login whose file says keyring is read from the keyring or not at all: a keyring that answered
//! once and does not now is an error that says what to do, never a switch to the file.
//!
//! The parts: [`mod@format`] (a login, and its file's format), [`files`] (private files written
//! atomically, bounded reads, locks), [`slot`] (one login's place: keyring or file),
//! [`accounts`] (which login a command uses); this module holds the store's directory.

pub mod accounts;
pub mod files;
pub mod format;
pub mod slot;

use std::path::{Path, PathBuf};

pub use accounts::{Account, Contents, choose, unknown_account};
pub use files::{Locker, StoreLock};
use files::{ensure_dir, io_error, not_a_dir, read_private, remove, write_atomic};
use format::{DEFAULT_FORMAT, DefaultFile};
pub use format::{FORMAT_VERSION, Held, Login, Record, parse};
use slot::{LOGINS_DIR, unreadable};
pub use slot::{Saved, Slot, fallback_note, label};

use crate::auth::keyring::{Pair, Secrets, Writing};
use crate::error::{Cause, Error, Result};
use crate::output;
use crate::sanitize::{command, path as shown};

/// The one login file of the stores xpost wrote before accounts.
const LEGACY_FILE: &str = "login.json";
/// The store's lock.
const LOCK_NAME: &str = "login.lock";
/// Which login is the default.
const DEFAULT_FILE: &str = "default.json";
/// How the key of a login whose user X did not name starts.
const UNKNOWN_PREFIX: &str = "unknown-";

/// The directory holding the store, and where its logins' tokens go.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    secrets: Secrets,
}

impl Store {
    /// The store in `dir`, keeping tokens as `secrets` says.
    pub fn at(dir: impl Into<PathBuf>, secrets: Secrets) -> Store {
        Store {
            dir: dir.into(),
            secrets,
        }
    }

    /// Whether tokens written go to the file on purpose (`--insecure-storage`).
    pub fn insecure(&self) -> bool {
        self.secrets.insecure
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The directory of logins.
    pub fn logins_dir(&self) -> PathBuf {
        self.dir.join(LOGINS_DIR)
    }

    /// The place of the login with this key.
    pub fn slot(&self, key: &str) -> Slot {
        Slot::new(self.dir.clone(), key, self.secrets.clone())
    }

    /// The store's own lock: held for a consent (whose user is not known before it ends), to
    /// change the default, and to move an old store.
    pub fn locker(&self) -> Locker {
        Locker::new(vec![self.dir.clone()], self.dir.join(LOCK_NAME))
    }

    /// A key for a new login: the user's id, or `unknown-` and random letters.
    pub fn new_key(login: &Login) -> String {
        match &login.user_id {
            Some(id)
                if !id.is_empty() && id.len() <= 32 && id.bytes().all(|b| b.is_ascii_digit()) =>
            {
                id.clone()
            }
            _ => {
                use rand::Rng;
                let n: u32 = rand::thread_rng().r#gen();
                format!("{UNKNOWN_PREFIX}{n:08x}")
            }
        }
    }

    /// The slot of the login of `user_id`, if one is stored, else a new one for it.
    pub fn slot_of_user(&self, login: &Login) -> Result<Slot> {
        let contents = self.scan()?;
        if let Some(id) = &login.user_id
            && let Some(found) = contents
                .accounts
                .iter()
                .find(|a| a.login.user_id.as_ref() == Some(id))
        {
            return Ok(found.slot.clone());
        }
        Ok(self.slot(&Store::new_key(login)))
    }

    /// The slot that holds `login` (the same user, or, for an unknown user, the same tokens);
    /// `None` when it is stored nowhere (it was logged out meanwhile).
    pub fn slot_holding(&self, login: &Login) -> Result<Option<Slot>> {
        let contents = self.scan()?;
        let same_tokens = |pair: &Pair| {
            pair.access_token == login.secrets.access_token
                || (pair.refresh_token.is_some()
                    && pair.refresh_token == login.secrets.refresh_token)
        };
        Ok(contents
            .accounts
            .into_iter()
            .find(|a| match (&login.user_id, &a.login.secrets) {
                (Some(id), _) => a.login.user_id.as_ref() == Some(id),
                (None, Held::File(pair)) => same_tokens(pair),
                // Only for a login X did not name: its tokens are the one way to tell.
                (None, Held::Keyring { entry, .. }) => self
                    .secrets
                    .keyring
                    .read(entry)
                    .ok()
                    .flatten()
                    .is_some_and(|pair| same_tokens(&pair)),
            })
            .map(|a| a.slot))
    }

    /// Before a consent, unless tokens go to the file on purpose: when a login here keeps its
    /// tokens in the keyring and the keyring does not answer now, the new login would land in
    /// the file while that one is in the keyring. That is an error (77) instead, before
    /// anyone consents.
    pub fn check_keyring(&self) -> Result<()> {
        if self.secrets.insecure {
            return Ok(());
        }
        let contents = self.scan()?;
        let Some((account, entry)) =
            contents
                .accounts
                .iter()
                .find_map(|a| match &a.login.secrets {
                    Held::Keyring { entry, .. } => Some((a, entry)),
                    Held::File(_) => None,
                })
        else {
            return Ok(());
        };
        match self.secrets.keyring.read(entry) {
            Ok(_) => Ok(()),
            Err(fault) => Err(Error::new(
                Cause::Auth,
                format!(
                    "the system keyring, which keeps the tokens of the login of {}, does not answer: {fault}; a new login now would have its tokens put in a file beside it",
                    account.label()
                ),
            )
            .hint("unlock the keyring (or start its service) and run this again; or add --insecure-storage to keep the new login's tokens in its file, readable only by you")),
        }
    }

    /// Reads every login, after moving an old store into this layout.
    pub fn contents(&self) -> Result<Contents> {
        self.migrate()?;
        self.scan()
    }

    /// Reads every login in this layout, without moving an old store: for a run that holds
    /// the store's lock, which moving takes.
    pub fn scan(&self) -> Result<Contents> {
        let default = self.default_key()?;
        let dir = self.logins_dir();
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                if self.dir.exists() && !self.dir.is_dir() {
                    return Err(not_a_dir(&self.dir));
                }
                return Ok(Contents {
                    accounts: Vec::new(),
                    broken: Vec::new(),
                    default,
                });
            }
            Err(err) => return Err(io_error(&dir, "read", &err)),
        };
        let mut keys: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter_map(|name| name.strip_suffix(".json").map(str::to_owned))
            .filter(|key| valid_key(key))
            .collect();
        keys.sort();
        let mut accounts = Vec::new();
        let mut broken = Vec::new();
        for key in keys {
            let slot = self.slot(&key);
            match slot.record() {
                Ok(Some(login)) => accounts.push(Account {
                    default: default.as_deref() == Some(key.as_str()),
                    slot,
                    login,
                }),
                Ok(None) => {}
                Err(err) => broken.push((key, err)),
            }
        }
        accounts.sort_by_key(|a| {
            (
                a.login.username.as_ref().map(|u| u.to_lowercase()),
                a.slot.key().to_owned(),
            )
        });
        Ok(Contents {
            accounts,
            broken,
            default,
        })
    }

    /// The login a command uses ([`choose`]: the one named, else the default, else the only
    /// one), after moving an old store into this layout.
    pub fn choose(&self, name: Option<&str>) -> Result<Option<Slot>> {
        self.migrate()?;
        self.choose_held(name)
    }

    /// [`Store::choose`] for a run that holds the store's lock (an old store was moved before
    /// it took the lock).
    pub fn choose_held(&self, name: Option<&str>) -> Result<Option<Slot>> {
        choose(self.scan()?, name)
    }

    /// The default login's key, if one is set.
    pub fn default_key(&self) -> Result<Option<String>> {
        let path = self.dir.join(DEFAULT_FILE);
        let Some(text) = read_private(&[&self.dir], &path)? else {
            return Ok(None);
        };
        let file: DefaultFile = serde_json::from_str(&text)
            .ok()
            .filter(|f: &DefaultFile| f.version == DEFAULT_FORMAT && valid_key(&f.default))
            .ok_or_else(|| {
                Error::new(Cause::Config, format!("{} is unreadable", shown(&path))).hint(format!(
                    "delete it ({}) and pick the default again with xpost auth switch NAME",
                    command(&["rm", &path.to_string_lossy()])
                ))
            })?;
        Ok(Some(file.default))
    }

    /// Makes the login with this key the default. Take the store's lock around it.
    pub fn set_default(&self, key: &str) -> Result<()> {
        let text = serde_json::to_string_pretty(&DefaultFile {
            version: DEFAULT_FORMAT,
            default: key.to_owned(),
        })
        .map_err(|err| Error::internal(format!("cannot encode the default: {err}")))?;
        ensure_dir(&self.dir)?;
        write_atomic(&self.dir, &self.dir.join(DEFAULT_FILE), &(text + "\n"))
    }

    /// Deletes every login kept here (and a store of the layout before accounts), and the
    /// default: for a directory whose logins were issued by a server that is gone. Keyring
    /// entries are removed where the keyring answers.
    pub fn forget_all(&self) -> Result<()> {
        remove(&self.dir, &self.dir.join(LEGACY_FILE))?;
        if let Ok(entries) = std::fs::read_dir(self.logins_dir()) {
            for entry in entries.flatten() {
                if let Some(key) = entry
                    .file_name()
                    .to_str()
                    .and_then(|n| n.strip_suffix(".json"))
                    .filter(|k| valid_key(k))
                {
                    self.slot(key).forget()?;
                }
            }
        }
        self.clear_default()
    }

    /// Forgets which login is the default.
    pub fn clear_default(&self) -> Result<()> {
        remove(&self.dir, &self.dir.join(DEFAULT_FILE)).map(|_| ())
    }

    /// Moves a store of the layout before accounts (`login.json`) into this one, under the
    /// store's lock: the login is written to its own file first, made the default if none is,
    /// and only then is `login.json` removed, so a run stopped half-way loses nothing (the next
    /// one finds the login already moved and only removes the old file). A corrupt or loosely
    /// permitted `login.json` is reported and left where it is.
    pub fn migrate(&self) -> Result<()> {
        let legacy = self.dir.join(LEGACY_FILE);
        if std::fs::symlink_metadata(&legacy).is_err() {
            return Ok(());
        }
        let _lock = self.locker().lock()?;
        let Some(text) = read_private(&[&self.dir], &legacy)? else {
            // Another run moved it meanwhile.
            return Ok(());
        };
        let record = parse(&text).map_err(|why| unreadable(&legacy, &why))?;
        let Held::File(pair) = record.secrets.clone() else {
            return Err(unreadable(&legacy, "it names a keyring entry"));
        };
        let login = record.with(pair);
        let logins = self.logins_dir();
        let moved = self.slot_holding(&login)?;
        let slot = match moved {
            Some(slot) => slot,
            None => {
                let slot = self.slot(&Store::new_key(&login));
                let _held = slot.locker().lock()?;
                let keep = match slot.record()? {
                    // The same user's login made since: the later expiry is the live one.
                    Some(there) => login.expires_at > there.expires_at,
                    None => true,
                };
                if keep {
                    slot.save(&login, Writing::Move)?;
                }
                slot
            }
        };
        if self.default_key()?.is_none() {
            self.set_default(slot.key())?;
        }
        remove(&self.dir, &legacy)?;
        output::trace(
            1,
            format!(
                "moved the login of {} from {} to {}",
                label(&slot, &login),
                shown(&legacy),
                shown(&logins)
            ),
        );
        Ok(())
    }
}

/// Whether `key` can name a login file: the user's id, or `unknown-` and hex digits.
fn valid_key(key: &str) -> bool {
    let rest = key.strip_prefix(UNKNOWN_PREFIX).unwrap_or(key);
    !rest.is_empty() && rest.len() <= 32 && rest.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::keyring::{self, Fault};
    use crate::secret::Secret;

    /// Tokens go to the files, as with --insecure-storage; no keyring is asked.
    pub(crate) fn in_files() -> Secrets {
        Secrets {
            keyring: keyring::Keyring::opened_by(
                || Err(Fault::Failed("no keyring in this test".to_owned())),
                false,
                keyring::PATIENCE,
            ),
            insecure: true,
        }
    }

    /// A login file of version 1, before the keyring: the tokens in it, no `secrets`.
    pub(crate) fn v1(login: &Login) -> serde_json::Value {
        let mut file =
            format::StoreFile::of(&login.clone().with(Held::File(login.secrets.clone())));
        file.version = 1;
        file.secrets = None;
        serde_json::to_value(&file).unwrap()
    }

    pub(crate) fn login() -> Login {
        Login {
            api_base: "https://api.x.com/".into(),
            client_id: "client".into(),
            secrets: Pair {
                access_token: Secret::new("access-secret-value"),
                refresh_token: Some(Secret::new("refresh-secret-value")),
            },
            expires_at: 1_800_000_000,
            scopes: vec!["tweet.read".into(), "tweet.write".into()],
            user_id: Some("42".into()),
            username: Some("someone".into()),
            subscription: None,
        }
    }

    pub(crate) fn of(id: Option<&str>, name: Option<&str>) -> Login {
        Login {
            user_id: id.map(str::to_owned),
            username: name.map(str::to_owned),
            ..login()
        }
    }

    #[test]
    fn an_old_store_is_moved_once_and_made_the_default() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("xpost"), in_files());
        std::fs::create_dir_all(store.dir()).unwrap();
        let old = store.dir().join(LEGACY_FILE);
        let text = serde_json::to_string_pretty(&v1(&login())).unwrap();
        std::fs::write(&old, &text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let contents = store.contents().unwrap();
        assert!(!old.exists());
        assert_eq!(contents.accounts.len(), 1);
        assert_eq!(
            contents.accounts[0].login,
            login().with(Held::File(login().secrets))
        );
        assert!(contents.accounts[0].default);
        assert_eq!(store.slot("42").load().unwrap(), Some(login()));
        // Stopped after writing the new file, before removing the old: moved only once.
        std::fs::write(&old, &text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert_eq!(store.contents().unwrap().accounts.len(), 1);
        assert!(!old.exists());
        // A corrupt old store is reported and left alone.
        std::fs::write(&old, "{").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert!(
            store
                .contents()
                .unwrap_err()
                .message()
                .contains("unreadable")
        );
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "{");
    }
}
