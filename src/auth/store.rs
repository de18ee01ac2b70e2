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
//! logins/KEY.json     one login (KEY is the user's id, or unknown-… when X did not say who)
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

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Exit, Result};
use crate::output;
use crate::secret::Secret;

/// The store's format; a file with another version is refused rather than misread.
pub const FORMAT_VERSION: u32 = 1;
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

/// A login as kept on disk.
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

/// The file's shape. Kept apart from [`Login`] so that secrets are plain strings only here.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoreFile {
    version: u32,
    api_base: String,
    client_id: String,
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    expires_at: u64,
    scopes: Vec<String>,
    #[serde(default)]
    user_id: Option<String>,
    #[serde(default)]
    username: Option<String>,
}

impl Login {
    fn to_file(&self) -> StoreFile {
        StoreFile {
            version: FORMAT_VERSION,
            api_base: self.api_base.clone(),
            client_id: self.client_id.clone(),
            access_token: self.access_token.expose().to_owned(),
            refresh_token: self.refresh_token.as_ref().map(|t| t.expose().to_owned()),
            expires_at: self.expires_at,
            scopes: self.scopes.clone(),
            user_id: self.user_id.clone(),
            username: self.username.clone(),
        }
    }

    fn from_file(file: StoreFile) -> Login {
        Login {
            api_base: file.api_base,
            client_id: file.client_id,
            access_token: Secret::new(file.access_token),
            refresh_token: file.refresh_token.map(Secret::new),
            expires_at: file.expires_at,
            scopes: file.scopes,
            user_id: file.user_id,
            username: file.username,
        }
    }
}

/// Reads a store file's text. Pure, for tests and for [`Store::load`].
pub fn parse(text: &str) -> std::result::Result<Login, String> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|err| format!("it is not JSON ({})", err.classify_name()))?;
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        Some(v) => {
            return Err(format!(
                "it has format version {v}; this xpost reads version {FORMAT_VERSION}"
            ));
        }
        None => return Err("it has no format version".to_owned()),
    }
    // serde's messages name fields, never values: nothing secret is quoted.
    let file: StoreFile = serde_json::from_value(value).map_err(|err| format!("{err}"))?;
    Ok(Login::from_file(file))
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

/// The directory holding the store.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

/// One login's place in the store: its file and its lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    root: PathBuf,
    key: String,
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
    /// The login.
    pub login: Login,
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
pub fn label(slot: &Slot, login: &Login) -> String {
    match &login.username {
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
    /// The store in `dir`.
    pub fn at(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into() }
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
        Ok(contents
            .accounts
            .into_iter()
            .find(|a| match &login.user_id {
                Some(id) => a.login.user_id.as_ref() == Some(id),
                None => {
                    a.login.access_token == login.access_token
                        || (a.login.refresh_token.is_some()
                            && a.login.refresh_token == login.refresh_token)
                }
            })
            .map(|a| a.slot))
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
            match slot.load() {
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
                    Exit::Auth,
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
            .filter(|f: &DefaultFile| f.version == FORMAT_VERSION && valid_key(&f.default))
            .ok_or_else(|| {
                Error::new(Exit::Config, format!("{} is unreadable", path.display())).hint(format!(
                    "delete it (rm {}) and pick the default again with xpost auth switch NAME",
                    path.display()
                ))
            })?;
        Ok(Some(file.default))
    }

    /// Makes the login with this key the default. Take the store's lock around it.
    pub fn set_default(&self, key: &str) -> Result<()> {
        let text = serde_json::to_string_pretty(&DefaultFile {
            version: FORMAT_VERSION,
            default: key.to_owned(),
        })
        .map_err(|err| Error::internal(format!("cannot encode the default: {err}")))?;
        ensure_dir(&self.dir)?;
        write_atomic(&self.dir, &self.dir.join(DEFAULT_FILE), &(text + "\n"))
    }

    /// Deletes every login kept here (and a store of the layout before accounts), and the
    /// default: for a directory whose logins were issued by a server that is gone.
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
                    self.slot(key).delete()?;
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
        let login = parse(&text).map_err(|why| unreadable(&legacy, &why))?;
        let logins = self.logins_dir();
        let moved = self.slot_holding(&login)?;
        let slot = match moved {
            Some(slot) => slot,
            None => {
                let slot = self.slot(&Store::new_key(&login));
                let _held = slot.locker().lock()?;
                let keep = match slot.load()? {
                    // The same user's login made since: the later expiry is the live one.
                    Some(there) => login.expires_at > there.expires_at,
                    None => true,
                };
                if keep {
                    slot.save(&login)?;
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
            Exit::Auth,
            format!("no login for @{shown}: no account is logged in"),
        )
        .hint("run xpost auth login, and consent as that account");
    }
    Error::new(
        Exit::Auth,
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

    /// The login, if it is stored. Loose permissions and corrupt files are errors.
    pub fn load(&self) -> Result<Option<Login>> {
        let path = self.path();
        let Some(text) = read_private(&[&self.root, &self.dir()], &path)? else {
            return Ok(None);
        };
        parse(&text)
            .map(Some)
            .map_err(|why| unreadable(&path, &why))
    }

    /// Writes the login atomically: a private temp file, fsync, rename, fsync of the directory.
    pub fn save(&self, login: &Login) -> Result<()> {
        ensure_dir(&self.root)?;
        ensure_dir(&self.dir())?;
        let mut text = serde_json::to_string_pretty(&login.to_file())
            .map_err(|err| Error::internal(format!("cannot encode the login: {err}")))?;
        text.push('\n');
        write_atomic(&self.dir(), &self.path(), &text)
    }

    /// Deletes the login; no login is not an error.
    pub fn delete(&self) -> Result<bool> {
        remove(&self.dir(), &self.path())
    }
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
        Exit::Config,
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
    let text = match std::fs::read_to_string(path) {
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
        Exit::Config,
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
        Exit::Config,
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
            Exit::Config,
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
            Exit::Config,
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
        let store = Store::at(dir.path().join("state/xpost"));
        let slot = store.slot("42");
        assert_eq!(slot.load().unwrap(), None);
        slot.save(&login()).unwrap();
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
        let store = Store::at(dir.path().join("xpost"));
        let slot = store.slot("42");
        slot.save(&login()).unwrap();
        std::fs::set_permissions(slot.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = slot.load().unwrap_err();
        assert_eq!(err.exit(), Exit::Config);
        assert!(err.to_string().contains("chmod 600"), "{err}");
        std::fs::set_permissions(slot.path(), std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::set_permissions(store.dir(), std::fs::Permissions::from_mode(0o775)).unwrap();
        let err = slot.load().unwrap_err();
        assert!(err.to_string().contains("chmod go-w"), "{err}");
        assert!(slot.save(&login()).is_err(), "no login is written there");
    }

    #[cfg(unix)]
    #[test]
    fn a_directory_others_can_only_read_is_fine() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("mine");
        std::fs::create_dir(&home).unwrap();
        std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o755)).unwrap();
        let store = Store::at(&home);
        let slot = store.slot("42");
        slot.save(&login()).unwrap();
        assert_eq!(slot.load().unwrap(), Some(login()));
        let file = std::fs::metadata(slot.path()).unwrap().permissions().mode() & 0o777;
        assert_eq!(file, 0o600);
    }

    #[test]
    fn a_file_where_the_directory_should_be_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("xpost");
        std::fs::write(&path, "not a directory").unwrap();
        let store = Store::at(&path);
        let slot = store.slot("42");
        for err in [slot.load().unwrap_err(), slot.save(&login()).unwrap_err()] {
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
        let store = Store::at(dir.path().join("xpost"));
        let slot = store.slot("42");
        slot.save(&login()).unwrap();
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

    #[test]
    fn other_versions_are_refused() {
        let text = serde_json::to_string(&login().to_file())
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
        let store = Store::at(dir.path().join("xpost"));

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
        let store = Store::at(dir.path().join("xpost"));
        assert_eq!(
            store.choose(None).unwrap(),
            None,
            "nothing stored: a first login"
        );
        let err = store.choose(Some("alice")).unwrap_err();
        assert_eq!(err.exit(), Exit::Auth);
        store.slot("1").save(&of(Some("1"), Some("Alice"))).unwrap();
        assert_eq!(
            store.choose(None).unwrap(),
            Some(store.slot("1")),
            "the only one"
        );
        store.slot("2").save(&of(Some("2"), Some("bob"))).unwrap();
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
        store.slot(&key).save(&of(None, None)).unwrap();
        assert_eq!(store.choose(Some(&key)).unwrap(), Some(store.slot(&key)));
        // Keys never come from what X or the user says unchecked.
        assert!(Store::new_key(&of(Some("../x"), None)).starts_with("unknown-"));
        assert!(!valid_key("../x") && !valid_key("") && !valid_key("a.b"));
    }

    #[test]
    fn a_corrupt_login_is_reported_where_it_may_be_the_one_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("xpost"));
        store.slot("1").save(&of(Some("1"), Some("alice"))).unwrap();
        store.slot("2").save(&of(Some("2"), Some("bob"))).unwrap();
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
        let store = Store::at(dir.path().join("xpost"));
        std::fs::create_dir_all(store.dir()).unwrap();
        let old = store.dir().join(LEGACY_FILE);
        let text = serde_json::to_string_pretty(&login().to_file()).unwrap();
        std::fs::write(&old, &text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let contents = store.contents().unwrap();
        assert!(!old.exists());
        assert_eq!(contents.accounts.len(), 1);
        assert_eq!(contents.accounts[0].login, login());
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
