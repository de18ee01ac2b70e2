//! One login's place in the store: its file, its lock, and where its tokens go: the system's
//! keyring when one answers, else the file ([`crate::auth::keyring`]).
//!
//! The file records which (`"secrets": "keyring"` or `"file"`). A login whose file says
//! keyring is read from the keyring or not at all: a keyring that answered once and does not
//! now is an error that says what to do, never a switch to the file.

use std::path::{Path, PathBuf};

use super::files::{Locker, ensure_dir, read_private, remove, strays, write_atomic};
use super::format::{Held, Login, Record, StoreFile, parse};
use crate::auth::keyring::{self, EntryName, Fault, OnFault, Place, Secrets, Writing};
use crate::compose::limit::Subscription;
use crate::error::{Cause, Error, Result};
use crate::output;
use crate::sanitize::{self, command};

/// The directory of logins, in the store's.
pub(super) const LOGINS_DIR: &str = "logins";

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

/// `@username`, or the slot's key when the user is not known.
pub fn label<S>(slot: &Slot, login: &Login<S>) -> String {
    match &login.username {
        Some(name) => format!("@{name}"),
        None => slot.key.clone(),
    }
}

impl Slot {
    /// The place of the login `key` in the store at `root`, its tokens kept as `secrets` says.
    pub(super) fn new(root: PathBuf, key: &str, secrets: Secrets) -> Slot {
        Slot {
            root,
            key: key.to_owned(),
            secrets,
        }
    }

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
        Locker::new(
            vec![self.root.clone(), self.dir()],
            self.dir().join(format!("{}.lock", self.key)),
        )
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
                return Ok(record.with(pair));
            }
            Held::Keyring { entry, .. } => entry.clone(),
        };
        match self.secrets.keyring.read(&entry) {
            Ok(Some(pair)) => Ok(record.with(pair)),
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
        self.remove_strays();
        // What the slot held; a file that cannot be read is replaced, as ever.
        let was = self.record().ok().flatten().map(|r| r.secrets);
        let was_place = was.as_ref().map(Held::place);
        let old_entry = match was {
            Some(Held::Keyring { entry, .. }) => Some(entry),
            _ => None,
        };
        if self.secrets.insecure {
            return self.save_in_file(login, old_entry);
        }
        let in_file = || login.clone().with(Held::File(login.secrets.clone()));
        let who = label(self, login);
        if was_place == Some(Place::File) {
            self.write(&in_file())?;
        }
        let entry = old_entry.unwrap_or_else(|| EntryName::new(&self.key, &login.api_base));
        let shown = format!("xpost: {who} at {}", keyring::host(&login.api_base));
        let fault = match self.secrets.keyring.write(&entry, &shown, &login.secrets) {
            Ok(()) => {
                self.write(&login.clone().with(Held::Keyring {
                    entry,
                    refreshable: login.refreshable(),
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
        let path = sanitize::path(&path);
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

    /// [`Slot::save`] with `--insecure-storage`: the tokens in the file, and out of the keyring
    /// entry `old_entry` the login had, if any.
    fn save_in_file(&self, login: &Login, old_entry: Option<EntryName>) -> Result<Saved> {
        self.write(&login.clone().with(Held::File(login.secrets.clone())))?;
        if let Some(entry) = old_entry {
            let who = label(self, login);
            match self.secrets.keyring.delete(&entry) {
                Ok(_) => output::note(format!(
                    "Moved the tokens of {who} from the keyring to {} (--insecure-storage).",
                    sanitize::path(&self.path())
                )),
                Err(fault) => output::warn(format!(
                    "the tokens of {who} are now kept in {} (--insecure-storage), but their old keyring entry ({entry}) could not be removed: {fault}",
                    sanitize::path(&self.path())
                )),
            }
        }
        Ok(Saved {
            place: Place::File,
            fallback: None,
        })
    }

    /// Keeps `subscription` as the login's (its file only: the tokens stay where they are);
    /// `false` when the slot holds no login. The slot's lock is held by the caller.
    pub fn keep_subscription(&self, subscription: Option<Subscription>) -> Result<bool> {
        let Some(mut record) = self.record()? else {
            return Ok(false);
        };
        if record.subscription != subscription {
            record.subscription = subscription;
            self.write(&record)?;
        }
        Ok(true)
    }

    /// Writes the login's file atomically: a private temp file, fsync, rename, fsync of the
    /// directory.
    fn write(&self, record: &Record) -> Result<()> {
        let mut text = serde_json::to_string_pretty(&StoreFile::of(record))
            .map_err(|err| Error::internal(format!("cannot encode the login: {err}")))?;
        text.push('\n');
        write_atomic(&self.dir(), &self.path(), &text)
    }

    /// The logins that writes of this slot left in temporary files (a run killed between
    /// writing and renaming), with their tokens where the file holds them; read only while the
    /// slot's lock is held, when every such file is a stray. Unreadable ones are left out.
    pub fn strays(&self) -> Vec<Login> {
        strays(&self.dir(), &self.path())
            .iter()
            .filter_map(|path| {
                read_private(&[&self.root, &self.dir()], path)
                    .ok()
                    .flatten()
            })
            .filter_map(|text| parse(&text).ok())
            .filter_map(|record| match record.secrets {
                Held::File(ref pair) => {
                    let pair = pair.clone();
                    Some(record.with(pair))
                }
                Held::Keyring { .. } => None,
            })
            .collect()
    }

    /// Deletes the temporary files writes of this slot left behind. The slot's lock is held.
    fn remove_strays(&self) {
        for path in strays(&self.dir(), &self.path()) {
            if std::fs::remove_file(&path).is_ok() {
                output::trace(
                    1,
                    format!(
                        "removed {}, left by a write that was cut",
                        sanitize::path(&path)
                    ),
                );
            }
        }
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
        self.remove_strays();
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
        self.remove_strays();
        remove(&self.dir(), &self.path())?;
        Ok(gone)
    }
}

/// What the session says when a new login's tokens went to the file because no keyring
/// answered.
pub fn fallback_note(path: &Path, fault: &Fault) -> String {
    format!(
        "No system keyring answered ({fault}): the login's tokens are kept in {}, readable only by you. They move into the keyring at the next login or refresh once one answers; --insecure-storage (or XPOST_INSECURE_STORAGE=1) keeps them in the file without asking.",
        sanitize::path(path)
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

pub(super) fn unreadable(path: &Path, why: &str) -> Error {
    Error::new(
        Cause::Config,
        format!(
            "the login stored in {} is unreadable: {why}",
            sanitize::path(path)
        ),
    )
    .hint(format!(
        "move it aside ({}) and log in again with xpost auth login",
        command(&[
            "mv",
            &path.to_string_lossy(),
            &format!("{}.bad", path.to_string_lossy())
        ])
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::keyring::Pair;
    use crate::auth::store::Store;
    use crate::auth::store::tests::{in_files, login, of, v1};
    use crate::error::Exit;
    use crate::secret::Secret;

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

    #[test]
    fn a_pair_a_cut_write_left_is_found_and_the_next_write_removes_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("xpost"), in_files());
        let slot = store.slot("42");
        slot.save(&login(), Writing::Consent).unwrap();
        // What a run killed between writing the rotated pair and renaming it leaves.
        let text = std::fs::read_to_string(slot.path()).unwrap();
        let stray = slot.dir().join(".42.json.k9Xq2A.tmp");
        std::fs::write(&stray, &text).unwrap();
        #[cfg(unix)]
        std::fs::set_permissions(&stray, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .unwrap();
        // Another login's temporary file is not this one's stray.
        let other = slot.dir().join(".43.json.k9Xq2A.tmp");
        std::fs::write(&other, &text).unwrap();
        let found = slot.strays();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].secrets, login().secrets);
        slot.save(&login(), Writing::Refresh).unwrap();
        assert!(!stray.exists(), "the next write removes it");
        assert!(other.exists());
        std::fs::write(&stray, &text).unwrap();
        slot.delete().unwrap();
        assert!(!stray.exists(), "deleting the login removes it");
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
        assert_eq!(json["version"], 3);
        assert_eq!(json["secrets"], "keyring");
        assert_eq!(json["refreshable"], true);
        let entry = entry_of(&slot);
        // The subscription goes into the file only; the keyring entry is left as it was.
        assert!(slot.keep_subscription(Some(Subscription::Premium)).unwrap());
        let kept = slot.record().unwrap().unwrap();
        assert_eq!(kept.subscription, Some(Subscription::Premium));
        assert_eq!(entry_of(&slot), entry);
        assert_eq!(slot.load().unwrap().unwrap().secrets, login().secrets);
        assert!(file_text(&slot).contains(r#""subscription_type": "Premium""#));
        assert!(slot.keep_subscription(None).unwrap());
        assert!(!file_text(&slot).contains("subscription_type"));
        assert_eq!(json["keyring_entry"], entry.as_str());
        assert!(entry.as_str().starts_with("42@api.x.com/"), "{entry:?}");
        assert_eq!(slot.load().unwrap(), Some(login()));
        // Listing and choosing read the files only.
        let contents = store.contents().unwrap();
        assert_eq!(contents.accounts[0].login.secrets.place(), Place::Keyring);
        assert!(contents.accounts[0].login.refreshable());
        // A refresh replaces the same entry.
        let rotated = Login {
            secrets: Pair {
                access_token: Secret::new("a2"),
                refresh_token: Some(Secret::new("r2")),
            },
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
            secrets: Pair {
                access_token: Secret::new("a2"),
                refresh_token: Some(Secret::new("r2")),
            },
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
}
