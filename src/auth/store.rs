//! The token store: one login kept on disk so that later runs post without a browser.
//!
//! The file lives in a per-user state directory (`$XPOST_HOME`, else `$XDG_STATE_HOME/xpost`,
//! else `~/.local/state/xpost`), owner-only (0600; a directory xpost creates is 0700), written
//! atomically (temp file, fsync, rename, fsync of the directory) and versioned. Permissions
//! follow ssh's rule: a login file that others can read or write is refused, and so is a
//! directory that others can write (they could swap the file); a directory that others can
//! only read, such as an `XPOST_HOME` the user made, is fine, since the file in it is private.
//! A corrupt store is reported, never silently replaced. Runs that
//! start together serialize on an OS file lock beside it ([`Store::lock`]), so exactly one of
//! them refreshes or asks for consent.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Exit, Result};
use crate::secret::Secret;

/// The store's format; a file with another version is refused rather than misread.
pub const FORMAT_VERSION: u32 = 1;
const FILE_NAME: &str = "login.json";
const LOCK_NAME: &str = "login.lock";

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

/// The directory holding the store.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

/// Holding this means no other xpost touches the store; dropping it lets the next one in.
#[derive(Debug)]
pub struct StoreLock {
    _file: File,
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

    /// The login file.
    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// Takes the store's lock, waiting for any other xpost that holds it.
    pub fn lock(&self) -> Result<StoreLock> {
        let (file, path) = self.lock_file()?;
        file.lock().map_err(|err| io_error(&path, "lock", &err))?;
        Ok(StoreLock { _file: file })
    }

    /// Takes the store's lock if no other xpost holds it; `None` when one does.
    pub fn try_lock(&self) -> Result<Option<StoreLock>> {
        let (file, path) = self.lock_file()?;
        match file.try_lock() {
            Ok(()) => Ok(Some(StoreLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(err)) => Err(io_error(&path, "lock", &err)),
        }
    }

    fn lock_file(&self) -> Result<(File, PathBuf)> {
        self.ensure_dir()?;
        let path = self.dir.join(LOCK_NAME);
        let file = private_options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|err| io_error(&path, "open", &err))?;
        Ok((file, path))
    }

    /// The stored login, if any. Loose permissions and corrupt files are errors.
    pub fn load(&self) -> Result<Option<Login>> {
        let path = self.path();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(_) if self.dir.exists() && !self.dir.is_dir() => return Err(not_a_dir(&self.dir)),
            Err(err) => return Err(io_error(&path, "read", &err)),
        };
        check_dir(&self.dir)?;
        check_private_file(&path)?;
        parse(&text).map(Some).map_err(|why| {
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
        })
    }

    /// Writes the login atomically: a private temp file, fsync, rename, fsync of the directory.
    pub fn save(&self, login: &Login) -> Result<()> {
        self.ensure_dir()?;
        let path = self.path();
        let mut text = serde_json::to_string_pretty(&login.to_file())
            .map_err(|err| Error::internal(format!("cannot encode the login: {err}")))?;
        text.push('\n');
        let mut builder = tempfile::Builder::new();
        builder.prefix(".login.").suffix(".tmp");
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600));
        let mut temp = builder
            .tempfile_in(&self.dir)
            .map_err(|err| io_error(&self.dir, "create a file in", &err))?;
        temp.write_all(text.as_bytes())
            .and_then(|()| temp.as_file().sync_all())
            .map_err(|err| io_error(temp.path(), "write", &err))?;
        temp.persist(&path)
            .map_err(|err| io_error(&path, "replace", &err.error))?;
        sync_dir(&self.dir);
        Ok(())
    }

    /// Deletes the stored login; no login is not an error.
    pub fn delete(&self) -> Result<bool> {
        let path = self.path();
        match std::fs::remove_file(&path) {
            Ok(()) => {
                sync_dir(&self.dir);
                Ok(true)
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(err) => Err(io_error(&path, "delete", &err)),
        }
    }

    fn ensure_dir(&self) -> Result<()> {
        if self.dir.exists() && !self.dir.is_dir() {
            return Err(not_a_dir(&self.dir));
        }
        if !self.dir.exists() {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder
                .create(&self.dir)
                .map_err(|err| io_error(&self.dir, "create", &err))?;
        }
        check_dir(&self.dir)
    }
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
        assert_eq!(store.load().unwrap(), None);
        store.save(&login()).unwrap();
        assert_eq!(store.load().unwrap(), Some(login()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&store.path()), 0o600);
            assert_eq!(mode(store.dir()), 0o700);
        }
        // Nothing but the login (and no temp file) is left behind.
        let names: Vec<_> = std::fs::read_dir(store.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["login.json"]);
        assert!(store.delete().unwrap());
        assert!(!store.delete().unwrap());
        assert_eq!(store.load().unwrap(), None);
    }

    #[cfg(unix)]
    #[test]
    fn loose_permissions_are_refused_with_the_fix() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("xpost"));
        store.save(&login()).unwrap();
        std::fs::set_permissions(store.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = store.load().unwrap_err();
        assert_eq!(err.exit(), Exit::Config);
        assert!(err.to_string().contains("chmod 600"), "{err}");
        std::fs::set_permissions(store.path(), std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::set_permissions(store.dir(), std::fs::Permissions::from_mode(0o775)).unwrap();
        let err = store.load().unwrap_err();
        assert!(err.to_string().contains("chmod go-w"), "{err}");
        assert!(store.save(&login()).is_err(), "no login is written there");
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
        store.save(&login()).unwrap();
        assert_eq!(store.load().unwrap(), Some(login()));
        let file = std::fs::metadata(store.path())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(file, 0o600);
    }

    #[test]
    fn a_file_where_the_directory_should_be_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("xpost");
        std::fs::write(&path, "not a directory").unwrap();
        let store = Store::at(&path);
        for err in [store.load().unwrap_err(), store.save(&login()).unwrap_err()] {
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
        store.save(&login()).unwrap();
        let text = std::fs::read_to_string(store.path()).unwrap();
        std::fs::write(store.path(), &text[..text.len() / 2]).unwrap();
        let err = store.load().unwrap_err();
        assert!(
            err.to_string().contains("unreadable: it is not JSON"),
            "{err}"
        );
        assert!(!err.to_string().contains("secret-value"), "{err}");
        // The bad file is left for the user to look at.
        assert!(store.path().exists());
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
        let held = store.lock().unwrap();
        let other = File::open(store.dir().join(LOCK_NAME)).unwrap();
        assert!(other.try_lock().is_err(), "a second holder must wait");
        assert!(
            store.try_lock().unwrap().is_none(),
            "try_lock says it is held"
        );
        drop(held);
        assert!(other.try_lock().is_ok());
        drop(other);
        assert!(store.try_lock().unwrap().is_some());
    }
}
