//! The store's files and locks: private directories, owner-only files written atomically,
//! files read only when regular and small, and OS file locks.
//!
//! Permissions follow ssh's rule: a file that others can read or write is refused, and so is a
//! directory that others can write (they could swap the file); a directory that others can
//! only read, such as an `XPOST_HOME` the user made, is fine, since the files in it are
//! private. Windows has no such modes: files take their folder's ACL (private to the user under
//! `%LOCALAPPDATA%`), which xpost neither sets nor checks.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Cause, Error, Result};
#[cfg(unix)]
use crate::sanitize::command;
use crate::sanitize::path as shown;

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

impl Locker {
    /// The lock file `path`, after creating (privately) and checking `dirs`.
    pub(super) fn new(dirs: Vec<PathBuf>, path: PathBuf) -> Locker {
        Locker { dirs, path }
    }

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

/// The text of the private file `path`, if it exists, after checking it and `dirs` as ssh
/// would.
pub(crate) fn read_private(dirs: &[&Path], path: &Path) -> Result<Option<String>> {
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

/// The start of the names of `path`'s temporary files: `.NAME.` (then random, then `.tmp`),
/// so that what a write of one file left behind is told from another file's.
fn temp_prefix(path: &Path) -> String {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    format!(".{name}.")
}

/// Writes `text` to `path` in `dir` atomically and privately, through a temporary file named
/// for `path` ([`strays`]).
pub(crate) fn write_atomic(dir: &Path, path: &Path, text: &str) -> Result<()> {
    let mut builder = tempfile::Builder::new();
    let prefix = temp_prefix(path);
    builder.prefix(&prefix).suffix(".tmp");
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

/// The temporary files a write of `path` left behind (a process killed between writing one
/// and renaming it over `path`). Only the holder of `path`'s lock writes it, so while it is
/// held every one of them is a stray.
pub(super) fn strays(dir: &Path, path: &Path) -> Vec<PathBuf> {
    let prefix = temp_prefix(path);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.starts_with(&prefix) && name.ends_with(".tmp")
        })
        .map(|entry| entry.path())
        .collect()
}

/// Deletes `path` in `dir`; `false` when it was not there.
pub(crate) fn remove(dir: &Path, path: &Path) -> Result<bool> {
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
pub(crate) fn ensure_dir(dir: &Path) -> Result<()> {
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

pub(super) fn io_error(path: &Path, doing: &str, err: &std::io::Error) -> Error {
    Error::new(
        Cause::Config,
        format!("cannot {doing} {}: {err}", shown(path)),
    )
    .hint("check the permissions of the xpost state directory, or point XPOST_HOME elsewhere")
}

fn private_options() -> OpenOptions {
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

pub(super) fn not_a_dir(path: &Path) -> Error {
    Error::new(
        Cause::Config,
        format!(
            "{} is a file, and xpost keeps its login in a directory there",
            shown(path)
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
                shown(dir)
            ),
        )
        .hint(format!("run: {}", command(&["chmod", "go-w", &dir.to_string_lossy()]))));
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
                shown(path)
            ),
        )
        .hint(format!(
            "run: {}",
            command(&["chmod", "600", &path.to_string_lossy()])
        )));
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
    use crate::auth::keyring::Writing;
    use crate::auth::store::tests::{in_files, login};
    use crate::auth::store::{LOCK_NAME, Store};
    use crate::error::Exit;

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
}
