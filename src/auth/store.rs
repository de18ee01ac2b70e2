//! The token store: the logins kept on disk, one per X user, so that later runs post without a
//! browser.
//!
//! The store lives in a per-user state directory (`$XPOST_HOME`, else
//! `$XDG_STATE_HOME/xpost`, else `~/.local/state/xpost`):
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
//! reported, never silently replaced. Runs that start together serialize on OS file locks
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

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::auth::keyring::{self, EntryName, Fault, OnFault, Pair, Place, Secrets, Writing};
use crate::error::{Cause, Error, Result};
use crate::output;
use crate::secret::Secret;

/// The login files' format; a file with another version is refused rather than misread.
/// Version 1 (before the keyring) kept the tokens in the file, and is still read.
pub const FORMAT_VERSION: u32 = 2;
/// The format of the file that names the default login.
const DEFAULT_FORMAT: u32 = 1;
/// The one login file of the stores xpost wrote before accounts.
const LEGACY_FILE: &str = "login.json";
/// The store's lock.
const LOCK_NAME: &str = "login.lock";
/// The directory of logins.
const LOGINS_DIR: &str = "logins";
/// Which login is the default.
const DEFAULT_FILE: &str = "default.json";
/// How the key of a login whose user X did not name starts.
const UNKNOWN_PREFIX: &str = "unknown-";

/// A login with its tokens, as the session uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    /// The API the tokens were issued by (`X_API_BASE`).
    pub api_base: String,
    /// The app they were issued to.
    pub client_id: String,
    /// The bearer token.
    pub access_token: Secret,
    /// The single-use refresh token.
    pub refresh_token: Option<Secret>,
    /// When the access token expires, in Unix seconds.
    pub expires_at: u64,
    /// The scopes X granted.
    pub scopes: Vec<String>,
    /// The user's id, when known.
    pub user_id: Option<String>,
    /// The user's handle, when known.
    pub username: Option<String>,
}

/// A login as its file describes it: all but the tokens when the keyring keeps them. Reading
/// one never touches the keyring, so listing and choosing logins works with a locked one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
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
    /// Where the tokens are.
    pub secrets: Held,
}

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

/// What a login says besides its tokens: all that the decisions about it (reuse, refresh,
/// consent; another server or app) look at, for a [`Login`] and a [`Record`] alike.
pub trait Facts {
    /// The API the tokens were issued by.
    fn api_base(&self) -> &str;
    /// The app they were issued to.
    fn client_id(&self) -> &str;
    /// When the access token expires, in Unix seconds.
    fn expires_at(&self) -> u64;
    /// The scopes X granted.
    fn scopes(&self) -> &[String];
    /// Whether there is a refresh token.
    fn refreshable(&self) -> bool;
    /// The user's handle, when known.
    fn username(&self) -> Option<&str>;
}

impl Facts for Login {
    fn api_base(&self) -> &str {
        &self.api_base
    }
    fn client_id(&self) -> &str {
        &self.client_id
    }
    fn expires_at(&self) -> u64 {
        self.expires_at
    }
    fn scopes(&self) -> &[String] {
        &self.scopes
    }
    fn refreshable(&self) -> bool {
        self.refresh_token.is_some()
    }
    fn username(&self) -> Option<&str> {
        self.username.as_deref()
    }
}

impl Facts for Record {
    fn api_base(&self) -> &str {
        &self.api_base
    }
    fn client_id(&self) -> &str {
        &self.client_id
    }
    fn expires_at(&self) -> u64 {
        self.expires_at
    }
    fn scopes(&self) -> &[String] {
        &self.scopes
    }
    fn refreshable(&self) -> bool {
        match &self.secrets {
            Held::File(pair) => pair.refresh_token.is_some(),
            Held::Keyring { refreshable, .. } => *refreshable,
        }
    }
    fn username(&self) -> Option<&str> {
        self.username.as_deref()
    }
}

impl Login {
    /// Its tokens.
    pub fn pair(&self) -> Pair {
        Pair {
            access_token: self.access_token.clone(),
            refresh_token: self.refresh_token.clone(),
        }
    }

    /// The login of `record`, with its tokens.
    fn of(record: Record, pair: Pair) -> Login {
        Login {
            api_base: record.api_base,
            client_id: record.client_id,
            access_token: pair.access_token,
            refresh_token: pair.refresh_token,
            expires_at: record.expires_at,
            scopes: record.scopes,
            user_id: record.user_id,
            username: record.username,
        }
    }

    /// Its record, with the tokens `held` as said.
    fn record(&self, secrets: Held) -> Record {
        Record {
            api_base: self.api_base.clone(),
            client_id: self.client_id.clone(),
            expires_at: self.expires_at,
            scopes: self.scopes.clone(),
            user_id: self.user_id.clone(),
            username: self.username.clone(),
            secrets,
        }
    }
}

/// The file's shape. Kept apart from [`Record`] so that secrets are plain strings only here.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoreFile {
    version: u32,
    api_base: String,
    client_id: String,
    /// Where the tokens are (version 2; version 1 kept them here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secrets: Option<Place>,
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
}

impl Record {
    fn to_file(&self) -> StoreFile {
        let mut file = StoreFile {
            version: FORMAT_VERSION,
            api_base: self.api_base.clone(),
            client_id: self.client_id.clone(),
            secrets: Some(self.secrets.place()),
            keyring_entry: None,
            refreshable: None,
            access_token: None,
            refresh_token: None,
            expires_at: self.expires_at,
            scopes: self.scopes.clone(),
            user_id: self.user_id.clone(),
            username: self.username.clone(),
        };
        match &self.secrets {
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

    fn from_file(file: StoreFile) -> std::result::Result<Record, String> {
        let place = match (file.version, file.secrets) {
            (1, None) => Place::File,
            (1, Some(_)) => return Err("version 1 has no field secrets".to_owned()),
            (_, Some(place)) => place,
            (_, None) => return Err("missing field `secrets`".to_owned()),
        };
        let secrets = match place {
            Place::File => {
                if file.keyring_entry.is_some() || file.refreshable.is_some() {
                    return Err("its tokens are in the file, yet it names a keyring entry".into());
                }
                let access = file
                    .access_token
                    .ok_or("missing field `access_token`".to_owned())?;
                Held::File(Pair {
                    access_token: Secret::new(access),
                    refresh_token: file.refresh_token.map(Secret::new),
                })
            }
            Place::Keyring => {
                if file.access_token.is_some() || file.refresh_token.is_some() {
                    return Err("its tokens are in the keyring, yet it holds tokens".into());
                }
                let entry = file
                    .keyring_entry
                    .ok_or("missing field `keyring_entry`".to_owned())?;
                let entry = EntryName::parse(&entry)
                    .ok_or("its keyring_entry is not one xpost makes".to_owned())?;
                // Tokens are only ever sent to the server that issued them: a file naming
                // another server's entry (edited, or planted in another XPOST_HOME) is refused.
                if entry.host() != keyring::host(&file.api_base) {
                    return Err(format!(
                        "its keyring_entry holds the tokens of {}, not of its api_base",
                        entry.host()
                    ));
                }
                Held::Keyring {
                    entry,
                    refreshable: file
                        .refreshable
                        .ok_or("missing field `refreshable`".to_owned())?,
                }
            }
        };
        Ok(Record {
            api_base: file.api_base,
            client_id: file.client_id,
            expires_at: file.expires_at,
            scopes: file.scopes,
            user_id: file.user_id,
            username: file.username,
            secrets,
        })
    }
}

/// Reads a login file's text (this version's, or version 1's). Pure, for tests and for
/// [`Slot::record`].
pub fn parse(text: &str) -> std::result::Result<Record, String> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|err| format!("it is not JSON ({})", err.classify_name()))?;
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == 1 || v == u64::from(FORMAT_VERSION) => {}
        Some(v) => {
            return Err(format!(
                "it has format version {v}; this xpost reads versions 1 and {FORMAT_VERSION}"
            ));
        }
        None => return Err("it has no format version".to_owned()),
    }
    // serde's messages name fields, never values: nothing secret is quoted.
    let file: StoreFile = serde_json::from_value(value).map_err(|err| format!("{err}"))?;
    Record::from_file(file)
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "read error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected data",
            serde_json::error::Category::Eof => "cut short",
        }
    }
}

/// The file saying which login is the default.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DefaultFile {
    version: u32,
    default: String,
}

/// The directory holding the store, and where its logins' tokens go.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    secrets: Secrets,
}

/// One login's place in the store: its file, its lock, and its tokens' keyring.
#[derive(Debug, Clone)]
pub struct Slot {
    root: PathBuf,
    key: String,
    secrets: Secrets,
}

impl PartialEq for Slot {
    fn eq(&self, other: &Slot) -> bool {
        self.root == other.root && self.key == other.key
    }
}

impl Eq for Slot {}

/// Where [`Slot::save`] kept a login's tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The place.
    pub place: Place,
    /// Why not the keyring, when it was tried and failed.
    pub fallback: Option<Fault>,
}

/// A lock file: the store's, or one login's.
#[derive(Debug, Clone)]
pub struct Locker {
    /// The directories to create (private) and check before the lock file is opened.
    dirs: Vec<PathBuf>,
    path: PathBuf,
}

/// Holding this means no other xpost touches what it locks; dropping it lets the next one in.
#[derive(Debug)]
pub struct StoreLock {
    _file: File,
}

/// A login as found in the store.
#[derive(Debug, Clone)]
pub struct Account {
    /// Where it is kept.
    pub slot: Slot,
    /// The login, as its file describes it.
    pub login: Record,
    /// Whether it is the default.
    pub default: bool,
}

impl Account {
    /// How the user names it: `@username`, or its key when X did not say who it is.
    pub fn label(&self) -> String {
        label(&self.slot, &self.login)
    }

    /// What `--account` takes for it: the username, or its key.
    pub fn name(&self) -> String {
        self.login
            .username
            .clone()
            .unwrap_or_else(|| self.slot.key.clone())
    }
}

/// `@username`, or the slot's key when the user is not known.
pub fn label(slot: &Slot, login: &impl Facts) -> String {
    match login.username() {
        Some(name) => format!("@{name}"),
        None => slot.key.clone(),
    }
}

/// Everything the store holds: the logins that could be read, the files that could not (with
/// why), and the default's key.
#[derive(Debug)]
pub struct Contents {
    /// Readable logins, ordered by name.
    pub accounts: Vec<Account>,
    /// Files that could not be read, by key.
    pub broken: Vec<(String, Error)>,
    /// The default's key, if one is set.
    pub default: Option<String>,
}

impl Contents {
    /// The account `name` (a username, with or without `@`, in any case; or a key).
    pub fn find(&self, name: &str) -> Option<&Account> {
        let name = name.trim();
        let bare = name.strip_prefix('@').unwrap_or(name);
        self.accounts
            .iter()
            .find(|a| {
                a.login
                    .username
                    .as_deref()
                    .is_some_and(|u| u.eq_ignore_ascii_case(bare))
            })
            .or_else(|| self.accounts.iter().find(|a| a.slot.key == bare))
    }

    /// The known logins, for a message: `@a (default), @b`.
    pub fn known(&self) -> String {
        let names: Vec<String> = self
            .accounts
            .iter()
            .map(|a| {
                if a.default {
                    format!("{} (default)", a.label())
                } else {
                    a.label()
                }
            })
            .collect();
        names.join(", ")
    }
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
        Slot {
            root: self.dir.clone(),
            key: key.to_owned(),
            secrets: self.secrets.clone(),
        }
    }

    /// The store's own lock: held for a consent (whose user is not known before it ends), to
    /// change the default, and to move an old store.
    pub fn locker(&self) -> Locker {
        Locker {
            dirs: vec![self.dir.clone()],
            path: self.dir.join(LOCK_NAME),
        }
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
            pair.access_token == login.access_token
                || (pair.refresh_token.is_some() && pair.refresh_token == login.refresh_token)
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
                a.slot.key.clone(),
            )
        });
        Ok(Contents {
            accounts,
            broken,
            default,
        })
    }

    /// The login a command uses: the one named (`--account`), else the default, else the only
    /// one. `None` when nothing is stored and none was named: the first login. A name that is
    /// not stored, or several logins and no default, exit 77 naming the known ones.
    pub fn choose(&self, name: Option<&str>) -> Result<Option<Slot>> {
        self.migrate()?;
        self.choose_held(name)
    }

    /// [`Store::choose`] for a run that holds the store's lock (an old store was moved before
    /// it took the lock).
    pub fn choose_held(&self, name: Option<&str>) -> Result<Option<Slot>> {
        let contents = self.scan()?;
        if let Some(name) = name
            && let Some(found) = contents.find(name)
        {
            return Ok(Some(found.slot.clone()));
        }
        let mut broken = contents.broken.into_iter();
        let Some(name) = name else {
            if let Some(key) = &contents.default {
                if let Some(found) = contents.accounts.iter().find(|a| &a.slot.key == key) {
                    return Ok(Some(found.slot.clone()));
                }
                if let Some((_, err)) = broken.find(|(k, _)| k == key) {
                    return Err(err);
                }
            }
            if let Some((_, err)) = broken.next() {
                return Err(err);
            }
            let rebuilt = Contents {
                accounts: contents.accounts,
                broken: Vec::new(),
                default: None,
            };
            return match rebuilt.accounts.as_slice() {
                [] => Ok(None),
                [only] => Ok(Some(only.slot.clone())),
                _ => Err(Error::new(
                    Cause::Auth,
                    format!(
                        "several accounts are logged in and none is the default: {}",
                        rebuilt.known()
                    ),
                )
                .hint("pick one with --account NAME (or XPOST_ACCOUNT), or make one the default with xpost auth switch NAME")),
            };
        };
        if let Some((_, err)) = broken.next() {
            // The account may be in the file that cannot be read.
            return Err(err);
        }
        let rebuilt = Contents {
            accounts: contents.accounts,
            broken: Vec::new(),
            default: contents.default,
        };
        Err(unknown_account(name, &rebuilt))
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
                Error::new(Cause::Config, format!("{} is unreadable", path.display())).hint(
                    format!(
                        "delete it (rm {}) and pick the default again with xpost auth switch NAME",
                        path.display()
                    ),
                )
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
        let login = Login::of(record, pair);
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
            self.set_default(&slot.key)?;
        }
        remove(&self.dir, &legacy)?;
        output::trace(
            1,
            format!(
                "moved the login of {} from {} to {}",
                label(&slot, &login),
                legacy.display(),
                logins.display()
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

/// The error for `--account NAME` when no login of NAME is stored.
pub fn unknown_account(name: &str, contents: &Contents) -> Error {
    let bare = name.trim().trim_start_matches('@');
    let shown = crate::sanitize::outside(bare);
    if contents.accounts.is_empty() {
        return Error::new(
            Cause::Auth,
            format!("no login for @{shown}: no account is logged in"),
        )
        .hint("run xpost auth login, and consent as that account");
    }
    Error::new(
        Cause::Auth,
        format!(
            "no login for @{shown}; logged in: {}",
            contents.known()
        ),
    )
    .hint("pick one of those with --account NAME (or XPOST_ACCOUNT), or add it with xpost auth login, consenting as that account")
}

impl Slot {
    /// The login's key: the user's id, or `unknown-…`.
    pub fn key(&self) -> &str {
        &self.key
    }

    fn dir(&self) -> PathBuf {
        self.root.join(LOGINS_DIR)
    }

    /// The login file.
    pub fn path(&self) -> PathBuf {
        self.dir().join(format!("{}.json", self.key))
    }

    /// This login's lock.
    pub fn locker(&self) -> Locker {
        Locker {
            dirs: vec![self.root.clone(), self.dir()],
            path: self.dir().join(format!("{}.lock", self.key)),
        }
    }

    /// The login as its file describes it, if it is stored; the keyring is not asked. Loose
    /// permissions and corrupt files are errors.
    pub fn record(&self) -> Result<Option<Record>> {
        let path = self.path();
        let Some(text) = read_private(&[&self.root, &self.dir()], &path)? else {
            return Ok(None);
        };
        parse(&text)
            .map(Some)
            .map_err(|why| unreadable(&path, &why))
    }

    /// The login with its tokens, if it is stored: from the keyring when its file says so.
    /// Loose permissions and corrupt files are errors (78); a keyring that does not answer,
    /// or lost the login's entry, too (77), never a reason to look elsewhere.
    pub fn load(&self) -> Result<Option<Login>> {
        match self.record()? {
            Some(record) => self.open(record).map(Some),
            None => Ok(None),
        }
    }

    /// This slot's login `record` with its tokens (see [`Slot::load`]).
    pub fn open(&self, record: Record) -> Result<Login> {
        let entry = match &record.secrets {
            Held::File(pair) => {
                let pair = pair.clone();
                return Ok(Login::of(record, pair));
            }
            Held::Keyring { entry, .. } => entry.clone(),
        };
        match self.secrets.keyring.read(&entry) {
            Ok(Some(pair)) => Ok(Login::of(record, pair)),
            Ok(None) => Err(entry_lost(&label(self, &record), &entry, "is gone")),
            Err(Fault::Garbled) => Err(entry_lost(
                &label(self, &record),
                &entry,
                "holds something xpost did not write",
            )),
            Err(fault) => Err(keyring_silent(&label(self, &record), &fault)),
        }
    }

    /// Keeps `login`: its tokens in the keyring, unless the file is asked for
    /// (`--insecure-storage`: then a keyring entry it had is removed) or the keyring fails (then
    /// as [`keyring::on_fault`] says). Its file records where they went. The slot's lock is held
    /// by the caller.
    ///
    /// Nothing is lost if the run stops half-way: a login whose tokens were in the file gets
    /// the new ones there first (so the keyring never holds the only copy of a refresh token
    /// the file does not know of), and a login in the keyring has its entry replaced before its
    /// file; a file that says keyring with an old expiry only makes the next run refresh, with
    /// the entry's refresh token, which is the live one.
    pub fn save(&self, login: &Login, writing: Writing) -> Result<Saved> {
        ensure_dir(&self.root)?;
        ensure_dir(&self.dir())?;
        // What the slot held; a file that cannot be read is replaced, as ever.
        let was = self.record().ok().flatten().map(|r| r.secrets);
        let was_place = was.as_ref().map(Held::place);
        let old_entry = match was {
            Some(Held::Keyring { entry, .. }) => Some(entry),
            _ => None,
        };
        let in_file = || login.record(Held::File(login.pair()));
        let who = label(self, login);
        if self.secrets.insecure {
            self.write(&in_file())?;
            if let Some(entry) = old_entry {
                match self.secrets.keyring.delete(&entry) {
                    Ok(_) => output::note(format!(
                        "Moved the tokens of {who} from the keyring to {} (--insecure-storage).",
                        self.path().display()
                    )),
                    Err(fault) => output::warn(format!(
                        "the tokens of {who} are now kept in {} (--insecure-storage), but their old keyring entry ({entry}) could not be removed: {fault}",
                        self.path().display()
                    )),
                }
            }
            return Ok(Saved {
                place: Place::File,
                fallback: None,
            });
        }
        if was_place == Some(Place::File) {
            self.write(&in_file())?;
        }
        let entry = old_entry.unwrap_or_else(|| EntryName::new(&self.key, &login.api_base));
        let shown = format!("xpost: {who} at {}", keyring::host(&login.api_base));
        let fault = match self.secrets.keyring.write(&entry, &shown, &login.pair()) {
            Ok(()) => {
                self.write(&login.record(Held::Keyring {
                    entry,
                    refreshable: login.refresh_token.is_some(),
                }))?;
                if was_place == Some(Place::File) {
                    output::trace(1, format!("moved the tokens of {who} into the keyring"));
                }
                return Ok(Saved {
                    place: Place::Keyring,
                    fallback: None,
                });
            }
            Err(fault) => fault,
        };
        if was_place != Some(Place::File) {
            self.write(&in_file())?;
        }
        let path = self.path();
        let path = path.display();
        match keyring::on_fault(writing, was_place) {
            OnFault::Announce => {
                return Ok(Saved {
                    place: Place::File,
                    fallback: Some(fault),
                });
            }
            OnFault::Quiet => output::trace(
                1,
                format!(
                    "the keyring did not take the tokens of {who} ({fault}); they stay in {path}"
                ),
            ),
            OnFault::Rescue => output::warn(format!(
                "the keyring stopped answering ({fault}) just after X renewed the login of {who}; its new tokens are kept in {path} for now, so that the login is not lost, and go back into the keyring at the next refresh once it answers"
            )),
        }
        Ok(Saved {
            place: Place::File,
            fallback: None,
        })
    }

    /// Writes the login's file atomically: a private temp file, fsync, rename, fsync of the
    /// directory.
    fn write(&self, record: &Record) -> Result<()> {
        let mut text = serde_json::to_string_pretty(&record.to_file())
            .map_err(|err| Error::internal(format!("cannot encode the login: {err}")))?;
        text.push('\n');
        write_atomic(&self.dir(), &self.path(), &text)
    }

    /// Deletes the login: its keyring entry, then its file; no login is not an error. When the
    /// keyring does not answer, nothing is deleted (77): see [`Slot::forget`].
    pub fn delete(&self) -> Result<bool> {
        if let Ok(Some(record)) = self.record()
            && let Held::Keyring { entry, .. } = &record.secrets
        {
            self.secrets.keyring.delete(entry).map_err(|fault| {
                Error::new(
                    Cause::Auth,
                    format!(
                        "could not remove the tokens of {} from the system keyring: {fault}",
                        label(self, &record)
                    ),
                )
                .hint(format!(
                    "unlock the keyring (or start its service) and run this again; or add --force to delete the login file anyway, leaving its keyring entry ({entry}) for you to remove"
                ))
            })?;
        }
        remove(&self.dir(), &self.path())
    }

    /// Deletes the login's file, and its keyring entry where the keyring answers (else says
    /// which entry stays). `true` when no keyring entry of it is left.
    pub fn forget(&self) -> Result<bool> {
        let mut gone = true;
        if let Ok(Some(record)) = self.record()
            && let Held::Keyring { entry, .. } = &record.secrets
            && let Err(fault) = self.secrets.keyring.delete(entry)
        {
            gone = false;
            output::warn(format!(
                "the keyring entry of {} ({entry}) stays, as the keyring did not answer ({fault}); remove it with your keyring's tool",
                label(self, &record)
            ));
        }
        remove(&self.dir(), &self.path())?;
        Ok(gone)
    }
}

/// What the session says when a new login's tokens went to the file because no keyring
/// answered.
pub fn fallback_note(path: &Path, fault: &Fault) -> String {
    format!(
        "No system keyring answered ({fault}): the login's tokens are kept in {}, readable only by you. They move into the keyring at the next login or refresh once one answers; --insecure-storage (or XPOST_INSECURE_STORAGE=1) keeps them in the file without asking.",
        path.display()
    )
}

/// The error for a login whose tokens are in a keyring that does not answer: 77, with the
/// ways out. Never a switch to the file.
fn keyring_silent(who: &str, fault: &Fault) -> Error {
    Error::new(
        Cause::Auth,
        format!("the tokens of the login of {who} are kept in the system keyring, which does not answer: {fault}"),
    )
    .hint("unlock the keyring (or start its service) and run this again; or log in again with xpost auth login --insecure-storage, which keeps the tokens in a file readable only by you")
}

/// The error for a login whose keyring entry is gone or was overwritten: 77.
fn entry_lost(who: &str, entry: &EntryName, how: &str) -> Error {
    Error::new(
        Cause::Auth,
        format!("the keyring entry that keeps the tokens of the login of {who} ({entry}) {how}"),
    )
    .hint("log in again with xpost auth login")
}

impl Locker {
    /// Takes the lock, waiting for any other xpost that holds it.
    pub fn lock(&self) -> Result<StoreLock> {
        let file = self.open()?;
        file.lock()
            .map_err(|err| io_error(&self.path, "lock", &err))?;
        Ok(StoreLock { _file: file })
    }

    /// Takes the lock if no other xpost holds it; `None` when one does.
    pub fn try_lock(&self) -> Result<Option<StoreLock>> {
        let file = self.open()?;
        match file.try_lock() {
            Ok(()) => Ok(Some(StoreLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(err)) => Err(io_error(&self.path, "lock", &err)),
        }
    }

    fn open(&self) -> Result<File> {
        for dir in &self.dirs {
            ensure_dir(dir)?;
        }
        private_options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&self.path)
            .map_err(|err| io_error(&self.path, "open", &err))
    }
}

fn unreadable(path: &Path, why: &str) -> Error {
    Error::new(
        Cause::Config,
        format!(
            "the login stored in {} is unreadable: {why}",
            path.display()
        ),
    )
    .hint(format!(
        "move it aside (mv {0} {0}.bad) and log in again with xpost auth login",
        path.display()
    ))
}

/// The text of the private file `path`, if it exists, after checking it and `dirs` as ssh
/// would.
fn read_private(dirs: &[&Path], path: &Path) -> Result<Option<String>> {
    let text = match read_bounded(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            for dir in dirs {
                if dir.exists() && !dir.is_dir() {
                    return Err(not_a_dir(dir));
                }
            }
            return Ok(None);
        }
        Err(_) if dirs.iter().any(|d| d.exists() && !d.is_dir()) => {
            let dir = dirs.iter().find(|d| d.exists() && !d.is_dir());
            return Err(not_a_dir(dir.copied().unwrap_or(path)));
        }
        Err(err) => return Err(io_error(path, "read", &err)),
    };
    for dir in dirs {
        check_dir(dir)?;
    }
    check_private_file(path)?;
    Ok(Some(text))
}

/// The most a login or default file may hold: far above any xpost writes (a few hundred bytes).
const FILE_LIMIT: u64 = 64 * 1024;

/// A regular file's text, up to [`FILE_LIMIT`]: a FIFO planted in its place does not hang the
/// run, nor a huge file fill its memory.
fn read_bounded(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let invalid = |why: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, why.to_owned());
    if !std::fs::metadata(path)?.is_file() {
        return Err(invalid("it is not a regular file"));
    }
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(FILE_LIMIT + 1)
        .read_to_string(&mut text)?;
    if text.len() as u64 > FILE_LIMIT {
        return Err(invalid(
            "it holds more than 64 KiB, far more than xpost writes",
        ));
    }
    Ok(text)
}

/// Writes `text` to `path` in `dir` atomically and privately.
fn write_atomic(dir: &Path, path: &Path, text: &str) -> Result<()> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".login.").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600));
    let mut temp = builder
        .tempfile_in(dir)
        .map_err(|err| io_error(dir, "create a file in", &err))?;
    temp.write_all(text.as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|err| io_error(temp.path(), "write", &err))?;
    temp.persist(path)
        .map_err(|err| io_error(path, "replace", &err.error))?;
    sync_dir(dir);
    Ok(())
}

/// Deletes `path` in `dir`; `false` when it was not there.
fn remove(dir: &Path, path: &Path) -> Result<bool> {
    match std::fs::remove_file(path) {
        Ok(()) => {
            sync_dir(dir);
            Ok(true)
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(err) => Err(io_error(path, "delete", &err)),
    }
}

/// Creates `dir` (0700) if it is missing, and checks it.
fn ensure_dir(dir: &Path) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(not_a_dir(dir));
    }
    if !dir.exists() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(dir)
            .map_err(|err| io_error(dir, "create", &err))?;
    }
    check_dir(dir)
}

fn io_error(path: &Path, doing: &str, err: &std::io::Error) -> Error {
    Error::new(
        Cause::Config,
        format!("cannot {doing} {}: {err}", path.display()),
    )
    .hint("check the permissions of the xpost state directory, or point XPOST_HOME elsewhere")
}

fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

fn not_a_dir(path: &Path) -> Error {
    Error::new(
        Cause::Config,
        format!(
            "{} is a file, and xpost keeps its login in a directory there",
            path.display()
        ),
    )
    .hint("point XPOST_HOME at a directory (xpost creates it if it does not exist), or move the file away")
}

/// The permission bits of `path`.
#[cfg(unix)]
fn mode(path: &Path) -> Result<u32> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::metadata(path)
        .map_err(|err| io_error(path, "inspect", &err))?
        .permissions()
        .mode()
        & 0o777)
}

/// Refuses a directory that others could write: they could replace the login in it.
#[cfg(unix)]
fn check_dir(dir: &Path) -> Result<()> {
    let mode = mode(dir)?;
    if mode & 0o022 != 0 {
        return Err(Error::new(
            Cause::Config,
            format!(
                "{} can be written by other users (mode {mode:o}); they could replace the login in it",
                dir.display()
            ),
        )
        .hint(format!("run: chmod go-w {}", dir.display())));
    }
    Ok(())
}

/// Refuses a file of secrets that others could read or write.
#[cfg(unix)]
fn check_private_file(path: &Path) -> Result<()> {
    let mode = mode(path)?;
    if mode & 0o077 != 0 {
        return Err(Error::new(
            Cause::Config,
            format!(
                "{} is open to other users (mode {mode:o}); the login it guards would be too",
                path.display()
            ),
        )
        .hint(format!("run: chmod 600 {}", path.display())));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_dir(_dir: &Path) -> Result<()> {
    Ok(())
}

#[cfg(not(unix))]
fn check_private_file(_path: &Path) -> Result<()> {
    Ok(())
}

fn sync_dir(dir: &Path) {
    // Makes the rename durable; where directories cannot be opened this is best effort.
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;

    /// Tokens go to the files, as with --insecure-storage; no keyring is asked.
    fn in_files() -> Secrets {
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
    fn v1(login: &Login) -> serde_json::Value {
        let mut file = login.record(Held::File(login.pair())).to_file();
        file.version = 1;
        file.secrets = None;
        serde_json::to_value(&file).unwrap()
    }

    fn login() -> Login {
        Login {
            api_base: "https://api.x.com/".into(),
            client_id: "client".into(),
            access_token: Secret::new("access-secret-value"),
            refresh_token: Some(Secret::new("refresh-secret-value")),
            expires_at: 1_800_000_000,
            scopes: vec!["tweet.read".into(), "tweet.write".into()],
            user_id: Some("42".into()),
            username: Some("someone".into()),
        }
    }

    #[test]
    fn round_trips_privately() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("state/xpost"), in_files());
        let slot = store.slot("42");
        assert_eq!(slot.load().unwrap(), None);
        slot.save(&login(), Writing::Consent).unwrap();
        assert_eq!(slot.load().unwrap(), Some(login()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&slot.path()), 0o600);
            assert_eq!(mode(store.dir()), 0o700);
        }
        // Nothing but the login (and no temp file) is left behind.
        let names: Vec<_> = std::fs::read_dir(store.logins_dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["42.json"]);
        assert!(slot.delete().unwrap());
        assert!(!slot.delete().unwrap());
        assert_eq!(slot.load().unwrap(), None);
    }

    #[cfg(unix)]
    #[test]
    fn loose_permissions_are_refused_with_the_fix() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("xpost"), in_files());
        let slot = store.slot("42");
        slot.save(&login(), Writing::Consent).unwrap();
        std::fs::set_permissions(slot.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = slot.load().unwrap_err();
        assert_eq!(err.exit(), Exit::Config);
        assert!(err.to_string().contains("chmod 600"), "{err}");
        std::fs::set_permissions(slot.path(), std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::set_permissions(store.dir(), std::fs::Permissions::from_mode(0o775)).unwrap();
        let err = slot.load().unwrap_err();
        assert!(err.to_string().contains("chmod go-w"), "{err}");
        assert!(
            slot.save(&login(), Writing::Consent).is_err(),
            "no login is written there"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_directory_others_can_only_read_is_fine() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("mine");
        std::fs::create_dir(&home).unwrap();
        std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o755)).unwrap();
        let store = Store::at(&home, in_files());
        let slot = store.slot("42");
        slot.save(&login(), Writing::Consent).unwrap();
        assert_eq!(slot.load().unwrap(), Some(login()));
        let file = std::fs::metadata(slot.path()).unwrap().permissions().mode() & 0o777;
        assert_eq!(file, 0o600);
    }

    #[test]
    fn a_file_where_the_directory_should_be_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("xpost");
        std::fs::write(&path, "not a directory").unwrap();
        let store = Store::at(&path, in_files());
        let slot = store.slot("42");
        for err in [
            slot.load().unwrap_err(),
            slot.save(&login(), Writing::Consent).unwrap_err(),
        ] {
            assert_eq!(err.exit(), Exit::Config);
            let message = err.to_string();
            assert!(message.contains("is a file"), "{message}");
            assert!(
                message.contains("point XPOST_HOME at a directory"),
                "{message}"
            );
        }
    }

    #[test]
    fn corrupt_store_is_reported_without_its_contents() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("xpost"), in_files());
        let slot = store.slot("42");
        slot.save(&login(), Writing::Consent).unwrap();
        let text = std::fs::read_to_string(slot.path()).unwrap();
        std::fs::write(slot.path(), &text[..text.len() / 2]).unwrap();
        let err = slot.load().unwrap_err();
        assert!(
            err.to_string().contains("unreadable: it is not JSON"),
            "{err}"
        );
        assert!(!err.to_string().contains("secret-value"), "{err}");
        // The bad file is left for the user to look at.
        assert!(slot.path().exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_huge_file_in_a_logins_place_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("xpost"), in_files());
        let slot = store.slot("42");
        slot.save(&login(), Writing::Consent).unwrap();
        std::fs::write(slot.path(), vec![b' '; 64 * 1024 + 1]).unwrap();
        let err = slot.load().unwrap_err();
        assert!(err.to_string().contains("more than 64 KiB"), "{err}");
        std::fs::remove_file(slot.path()).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(slot.path())
            .status()
            .unwrap();
        assert!(made.success());
        // Opening a FIFO with no writer would block: the run must not.
        let err = slot.load().unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

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
    fn lock_is_exclusive() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("xpost"), in_files());

        let held = store.locker().lock().unwrap();
        let other = File::open(store.dir().join(LOCK_NAME)).unwrap();
        assert!(other.try_lock().is_err(), "a second holder must wait");
        assert!(
            store.locker().try_lock().unwrap().is_none(),
            "try_lock says it is held"
        );
        // A login's lock is another lock: refreshing one login never waits on the store's.
        let one = store.slot("42").locker().lock().unwrap();
        assert!(store.slot("43").locker().try_lock().unwrap().is_some());
        assert!(store.slot("42").locker().try_lock().unwrap().is_none());
        drop(one);
        drop(held);
        assert!(other.try_lock().is_ok());
        drop(other);
        assert!(store.locker().try_lock().unwrap().is_some());
    }

    fn of(id: Option<&str>, name: Option<&str>) -> Login {
        Login {
            user_id: id.map(str::to_owned),
            username: name.map(str::to_owned),
            ..login()
        }
    }

    #[test]
    fn accounts_are_chosen_by_name_then_the_default_then_the_only_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("xpost"), in_files());
        assert_eq!(
            store.choose(None).unwrap(),
            None,
            "nothing stored: a first login"
        );
        let err = store.choose(Some("alice")).unwrap_err();
        assert_eq!(err.exit(), Exit::Auth);
        store
            .slot("1")
            .save(&of(Some("1"), Some("Alice")), Writing::Consent)
            .unwrap();
        assert_eq!(
            store.choose(None).unwrap(),
            Some(store.slot("1")),
            "the only one"
        );
        store
            .slot("2")
            .save(&of(Some("2"), Some("bob")), Writing::Consent)
            .unwrap();
        let err = store.choose(None).unwrap_err();
        assert_eq!(err.exit(), Exit::Auth);
        assert!(err.message().contains("@Alice, @bob"), "{err}");
        store.set_default("2").unwrap();
        assert_eq!(store.choose(None).unwrap(), Some(store.slot("2")));
        for name in ["alice", "@ALICE", " Alice "] {
            assert_eq!(
                store.choose(Some(name)).unwrap(),
                Some(store.slot("1")),
                "{name}"
            );
        }
        let err = store.choose(Some("carol")).unwrap_err();
        assert_eq!(err.exit(), Exit::Auth);
        assert!(err.message().contains("@Alice, @bob (default)"), "{err}");
        // A login whose user is unknown goes by its key.
        let key = Store::new_key(&of(None, None));
        assert!(key.starts_with("unknown-") && valid_key(&key), "{key}");
        store
            .slot(&key)
            .save(&of(None, None), Writing::Consent)
            .unwrap();
        assert_eq!(store.choose(Some(&key)).unwrap(), Some(store.slot(&key)));
        // Keys never come from what X or the user says unchecked.
        assert!(Store::new_key(&of(Some("../x"), None)).starts_with("unknown-"));
        assert!(!valid_key("../x") && !valid_key("") && !valid_key("a.b"));
    }

    #[test]
    fn a_corrupt_login_is_reported_where_it_may_be_the_one_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("xpost"), in_files());
        store
            .slot("1")
            .save(&of(Some("1"), Some("alice")), Writing::Consent)
            .unwrap();
        store
            .slot("2")
            .save(&of(Some("2"), Some("bob")), Writing::Consent)
            .unwrap();
        store.set_default("1").unwrap();
        std::fs::write(store.slot("2").path(), "{").unwrap();
        // The default and alice are found; bob may be in the broken file: it is reported.
        assert_eq!(store.choose(None).unwrap(), Some(store.slot("1")));
        assert_eq!(store.choose(Some("alice")).unwrap(), Some(store.slot("1")));
        let err = store.choose(Some("bob")).unwrap_err();
        assert!(err.message().contains("unreadable"), "{err}");
        store.set_default("2").unwrap();
        assert!(
            store
                .choose(None)
                .unwrap_err()
                .message()
                .contains("unreadable")
        );
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
            login().record(Held::File(login().pair()))
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

    /// Secrets kept in keyring-core's mock store, which the test can also reach.
    fn in_mock() -> (Secrets, std::sync::Arc<keyring_core::mock::Store>) {
        let mock = keyring_core::mock::Store::new().unwrap();
        let secrets = Secrets {
            keyring: keyring::Keyring::over(mock.clone()),
            insecure: false,
        };
        (secrets, mock)
    }

    /// A keyring that does not answer (no D-Bus session, say).
    fn silent() -> Secrets {
        Secrets {
            insecure: false,
            ..in_files()
        }
    }

    /// The next call to `entry` in `mock` fails with `err`.
    fn fail_next(mock: &keyring_core::mock::Store, entry: &EntryName, err: keyring_core::Error) {
        use keyring_core::api::CredentialStoreApi;
        let built = mock.build(keyring::SERVICE, entry.as_str(), None).unwrap();
        let cred: &keyring_core::mock::Cred = built.as_any().downcast_ref().unwrap();
        cred.set_error(err);
    }

    fn locked() -> keyring_core::Error {
        keyring_core::Error::NoStorageAccess(Box::new(std::io::Error::other("prompt dismissed")))
    }

    fn entry_of(slot: &Slot) -> EntryName {
        match slot.record().unwrap().unwrap().secrets {
            Held::Keyring { entry, .. } => entry,
            Held::File(_) => panic!("the tokens are in the file"),
        }
    }

    fn file_text(slot: &Slot) -> String {
        std::fs::read_to_string(slot.path()).unwrap()
    }

    #[test]
    fn tokens_go_to_the_keyring_and_the_file_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let (secrets, mock) = in_mock();
        let store = Store::at(dir.path().join("xpost"), secrets.clone());
        let slot = store.slot("42");
        let saved = slot.save(&login(), Writing::Consent).unwrap();
        assert_eq!(
            saved,
            Saved {
                place: Place::Keyring,
                fallback: None
            }
        );
        let text = file_text(&slot);
        assert!(!text.contains("secret-value"), "{text}");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["version"], 2);
        assert_eq!(json["secrets"], "keyring");
        assert_eq!(json["refreshable"], true);
        let entry = entry_of(&slot);
        assert_eq!(json["keyring_entry"], entry.as_str());
        assert!(entry.as_str().starts_with("42@api.x.com/"), "{entry:?}");
        assert_eq!(slot.load().unwrap(), Some(login()));
        // Listing and choosing read the files only.
        let contents = store.contents().unwrap();
        assert_eq!(contents.accounts[0].login.secrets.place(), Place::Keyring);
        assert!(contents.accounts[0].login.refreshable());
        // A refresh replaces the same entry.
        let rotated = Login {
            access_token: Secret::new("a2"),
            refresh_token: Some(Secret::new("r2")),
            ..login()
        };
        slot.save(&rotated, Writing::Refresh).unwrap();
        assert_eq!(entry_of(&slot), entry);
        assert_eq!(slot.load().unwrap(), Some(rotated));
        // Deleting removes the entry and the file.
        assert!(slot.delete().unwrap());
        assert!(!slot.path().exists());
        let keyring = keyring::Keyring::over(mock);
        assert_eq!(keyring.read(&entry), Ok(None));
    }

    #[test]
    fn where_no_keyring_answers_a_new_login_goes_to_the_file_and_is_said() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("xpost"), silent());
        let slot = store.slot("42");
        let saved = slot.save(&login(), Writing::Consent).unwrap();
        assert_eq!(saved.place, Place::File);
        let fault = saved.fallback.expect("the caller is told to say so");
        assert!(fallback_note(&slot.path(), &fault).contains("No system keyring answered"));
        let json: serde_json::Value = serde_json::from_str(&file_text(&slot)).unwrap();
        assert_eq!(json["secrets"], "file");
        assert_eq!(json["access_token"], "access-secret-value");
        assert_eq!(slot.load().unwrap(), Some(login()));
        // A refresh where still none answers keeps it there, without a word.
        let saved = slot.save(&login(), Writing::Refresh).unwrap();
        assert_eq!(
            saved,
            Saved {
                place: Place::File,
                fallback: None
            }
        );
        // --insecure-storage: the file without asking, nothing to say.
        let store = Store::at(dir.path().join("xpost"), in_files());
        let saved = store.slot("43").save(&login(), Writing::Consent).unwrap();
        assert_eq!(
            saved,
            Saved {
                place: Place::File,
                fallback: None
            }
        );
    }

    #[test]
    fn a_login_in_the_file_moves_into_the_keyring_once_one_answers() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("xpost");
        Store::at(&home, silent())
            .slot("42")
            .save(&login(), Writing::Consent)
            .unwrap();
        let (secrets, _mock) = in_mock();
        let store = Store::at(&home, secrets);
        let slot = store.slot("42");
        // Read from the file as it is...
        assert_eq!(slot.load().unwrap(), Some(login()));
        // ...and moved at the next refresh.
        let saved = slot.save(&login(), Writing::Refresh).unwrap();
        assert_eq!(saved.place, Place::Keyring);
        assert!(!file_text(&slot).contains("secret-value"));
        assert_eq!(slot.load().unwrap(), Some(login()));
        // A file of version 1 (before the keyring) reads as tokens in the file.
        let old = store.slot("7");
        std::fs::write(old.path(), v1(&of(Some("7"), Some("old"))).to_string()).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(old.path(), std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let record = old.record().unwrap().unwrap();
        assert_eq!(record.secrets.place(), Place::File);
        assert_eq!(old.load().unwrap(), Some(of(Some("7"), Some("old"))));
    }

    #[test]
    fn a_keyring_that_stops_answering_is_an_error_that_says_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("xpost");
        let (secrets, mock) = in_mock();
        let store = Store::at(&home, secrets);
        let slot = store.slot("42");
        slot.save(&login(), Writing::Consent).unwrap();
        let entry = entry_of(&slot);
        fail_next(&mock, &entry, locked());
        let err = slot.load().unwrap_err();
        assert_eq!(err.exit(), Exit::Auth);
        let text = err.to_string();
        assert!(text.contains("does not answer"), "{text}");
        assert!(text.contains("locked"), "{text}");
        assert!(text.contains("unlock the keyring"), "{text}");
        assert!(text.contains("--insecure-storage"), "{text}");
        assert!(!text.contains("secret-value"), "{text}");
        // Nothing was switched: the file still says keyring, and the next read works.
        assert_eq!(entry_of(&slot), entry);
        assert_eq!(slot.load().unwrap(), Some(login()));
        // The same from a run where no keyring answers at all.
        let elsewhere = Store::at(&home, silent());
        let err = elsewhere.slot("42").load().unwrap_err();
        assert_eq!(err.exit(), Exit::Auth);
        // Its record still reads: listing and status work.
        assert_eq!(elsewhere.contents().unwrap().accounts.len(), 1);
        // A new consent there would leave that login in the keyring and the new one in the
        // file: refused before anyone consents, unless the file is asked for.
        let err = elsewhere.check_keyring().unwrap_err();
        assert_eq!(err.exit(), Exit::Auth);
        assert!(err.to_string().contains("a new login now"), "{err}");
        assert!(err.to_string().contains("--insecure-storage"), "{err}");
        assert!(Store::at(&home, in_files()).check_keyring().is_ok());
        assert!(store.check_keyring().is_ok());
        // An entry removed behind xpost's back, or overwritten: log in again.
        keyring::Keyring::over(mock.clone()).delete(&entry).unwrap();
        let err = slot.load().unwrap_err();
        assert_eq!(err.exit(), Exit::Auth);
        assert!(err.to_string().contains("is gone"), "{err}");
        assert!(err.to_string().contains("xpost auth login"), "{err}");
    }

    #[test]
    fn a_refreshed_pair_the_keyring_fails_to_take_is_kept_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let (secrets, mock) = in_mock();
        let store = Store::at(dir.path().join("xpost"), secrets);
        let slot = store.slot("42");
        slot.save(&login(), Writing::Consent).unwrap();
        let entry = entry_of(&slot);
        let rotated = Login {
            access_token: Secret::new("a2"),
            refresh_token: Some(Secret::new("r2")),
            ..login()
        };
        fail_next(&mock, &entry, locked());
        let saved = slot.save(&rotated, Writing::Refresh).unwrap();
        assert_eq!(
            saved,
            Saved {
                place: Place::File,
                fallback: None
            }
        );
        assert_eq!(slot.load().unwrap(), Some(rotated.clone()));
        // And back into the keyring at the next refresh.
        assert_eq!(
            slot.save(&rotated, Writing::Refresh).unwrap().place,
            Place::Keyring
        );
        assert_eq!(slot.load().unwrap(), Some(rotated));
    }

    #[test]
    fn insecure_storage_takes_a_login_out_of_the_keyring() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("xpost");
        let (secrets, mock) = in_mock();
        let slot = Store::at(&home, secrets.clone()).slot("42");
        slot.save(&login(), Writing::Consent).unwrap();
        let entry = entry_of(&slot);
        let insecure = Secrets {
            insecure: true,
            ..secrets
        };
        let slot = Store::at(&home, insecure).slot("42");
        assert_eq!(
            slot.save(&login(), Writing::Refresh).unwrap().place,
            Place::File
        );
        assert!(file_text(&slot).contains("refresh-secret-value"));
        assert_eq!(keyring::Keyring::over(mock).read(&entry), Ok(None));
    }

    #[test]
    fn deleting_a_login_whose_keyring_does_not_answer_keeps_it_unless_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let (secrets, mock) = in_mock();
        let slot = Store::at(dir.path().join("xpost"), secrets).slot("42");
        slot.save(&login(), Writing::Consent).unwrap();
        let entry = entry_of(&slot);
        fail_next(&mock, &entry, locked());
        let err = slot.delete().unwrap_err();
        assert_eq!(err.exit(), Exit::Auth);
        assert!(err.to_string().contains("--force"), "{err}");
        assert!(slot.path().exists(), "nothing deleted");
        fail_next(&mock, &entry, locked());
        assert!(!slot.forget().unwrap(), "the entry is not said to be gone");
        assert!(!slot.path().exists());
        // The entry stayed (said in a warning).
        assert!(keyring::Keyring::over(mock).read(&entry).unwrap().is_some());
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
        let err = keyring(serde_json::json!({"version": 3})).unwrap_err();
        assert!(err.contains("reads versions 1 and 2"), "{err}");
    }
}
