//! Where a login's tokens are kept: the system's keyring, or the login's own file.
//!
//! As gh does, xpost keeps the access and refresh tokens of an OAuth 2.0 login in the
//! operating system's credential store: the Secret Service on Linux and the BSDs (GNOME
//! Keyring, KDE Wallet, KeePassXC), the macOS Keychain, the Windows Credential Manager. Each
//! login is one entry, service `xpost` and user `KEY@HOST/NONCE` ([`EntryName`]), holding both
//! tokens, so that a rotated pair replaces the old one in one write. Where no store answers (a
//! server, a container, CI), or when asked (`--insecure-storage`), the tokens stay in the
//! login's 0600 file, and xpost says so.
//!
//! [`Keyring`] is a credential store behind keyring-core's trait (the system's, or keyring-core's
//! mock in tests), every call bounded by [`PATIENCE`]. What to do when it fails is the pure
//! [`on_fault`].

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, mpsc};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::secret::{Secret, plausible_token};

/// The service of every entry xpost keeps in the keyring.
pub const SERVICE: &str = "xpost";

/// The longest one call to the keyring may take before xpost takes it for one that does not
/// answer: long enough for a person to type the keyring's password into its prompt.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// The format of what an entry holds.
const ENTRY_VERSION: u32 = 1;

/// Where a login's tokens are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Place {
    /// In the system's keyring.
    Keyring,
    /// In the login's file, readable only by its owner.
    File,
}

impl Place {
    /// How files and `--json` name it: `keyring` or `file`.
    pub fn name(self) -> &'static str {
        match self {
            Place::Keyring => "keyring",
            Place::File => "file",
        }
    }
}

/// A login's tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The bearer token.
    pub access_token: Secret,
    /// The single-use refresh token.
    pub refresh_token: Option<Secret>,
}

/// What a keyring entry holds. Kept apart from [`Pair`] so that secrets are plain strings only
/// here.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryText {
    version: u32,
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
}

impl Pair {
    fn to_text(&self) -> String {
        serde_json::to_string(&EntryText {
            version: ENTRY_VERSION,
            access_token: self.access_token.expose().to_owned(),
            refresh_token: self.refresh_token.as_ref().map(|t| t.expose().to_owned()),
        })
        .unwrap_or_default()
    }

    /// Reads an entry's text; `None` for anything xpost did not write.
    fn from_text(text: &str) -> Option<Pair> {
        let entry: EntryText = serde_json::from_str(text).ok()?;
        (entry.version == ENTRY_VERSION
            && plausible_token(&entry.access_token)
            && entry.refresh_token.as_deref().is_none_or(plausible_token))
        .then(|| Pair {
            access_token: Secret::new(entry.access_token),
            refresh_token: entry.refresh_token.map(Secret::new),
        })
    }
}

/// The user part of a login's entry (its service is [`SERVICE`]): `KEY@HOST/NONCE`, the login's
/// key, the API's host (and port), and random hex digits, so that two state directories (a
/// sandbox's, a test's) never share an entry. The login's file records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryName(String);

impl EntryName {
    /// A new name for the login with this key, issued by the API at `api_base`.
    pub fn new(key: &str, api_base: &str) -> EntryName {
        use rand::Rng;
        let nonce: u64 = rand::thread_rng().r#gen();
        EntryName(format!("{key}@{}/{nonce:016x}", host(api_base)))
    }

    /// A name read from a login file; `None` when it is not one xpost makes.
    pub fn parse(text: &str) -> Option<EntryName> {
        let (key, rest) = text.split_once('@')?;
        let (host, nonce) = rest.rsplit_once('/')?;
        let fine = |s: &str, extra: &[u8]| {
            !s.is_empty()
                && s.len() <= 64
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b))
        };
        (fine(key, b"-")
            && fine(host, b"-.:[]_")
            && nonce.len() == 16
            && nonce.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| EntryName(text.to_owned()))
    }

    /// The host (and port) of the API whose tokens it holds.
    pub fn host(&self) -> &str {
        let rest = self.0.split_once('@').map_or("", |(_, rest)| rest);
        rest.rsplit_once('/').map_or("", |(host, _)| host)
    }

    /// The name as the keyring shows it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for EntryName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "service {SERVICE}, user {}", self.0)
    }
}

/// The host (and port) of an API base, for entry names and labels: `api.x.com`,
/// `127.0.0.1:8700`.
pub fn host(api_base: &str) -> String {
    match url::Url::parse(api_base) {
        Ok(url) => {
            let host = url.host_str().unwrap_or("unknown");
            match url.port() {
                Some(port) => format!("{host}:{port}"),
                None => host.to_owned(),
            }
        }
        Err(_) => "unknown".to_owned(),
    }
}

/// Why the keyring could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// It is there but refused: locked, or its prompt was dismissed.
    Locked(String),
    /// It could not be reached or failed: no D-Bus session, no Secret Service, no credential
    /// store on this system.
    Failed(String),
    /// It did not answer within this long.
    Silent(Duration),
    /// An entry holds something xpost did not write.
    Garbled,
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fault::Locked(detail) => write!(f, "it is locked or refused access ({detail})"),
            Fault::Failed(detail) => f.write_str(detail),
            Fault::Silent(after) => write!(
                f,
                "it did not answer within {} s (it may be waiting for its password in a prompt on another screen)",
                after.as_secs()
            ),
            Fault::Garbled => f.write_str("its entry holds something xpost did not write"),
        }
    }
}

impl From<keyring_core::Error> for Fault {
    fn from(err: keyring_core::Error) -> Fault {
        use keyring_core::Error as E;
        // The store's words come from outside (D-Bus, the OS): shown on one clean line.
        let clean = |text: String| crate::sanitize::outside(&text);
        match err {
            E::NoStorageAccess(inner) => Fault::Locked(clean(inner.to_string())),
            E::PlatformFailure(inner) => Fault::Failed(clean(inner.to_string())),
            E::NoDefaultStore => Fault::Failed("this system has no credential store".to_owned()),
            E::BadEncoding(_) | E::BadDataFormat(..) => Fault::Garbled,
            E::Ambiguous(entries) => Fault::Failed(format!(
                "{} entries of the keyring match this login's; remove the others",
                entries.len()
            )),
            other => Fault::Failed(clean(other.to_string())),
        }
    }
}

/// What a login is written for; it decides what happens when the keyring fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writing {
    /// The tokens of a new consent.
    Consent,
    /// A refreshed pair: the old refresh token is spent.
    Refresh,
    /// A login moved from a store of the layout before accounts.
    Move,
}

/// What to do when the keyring fails to take a login's tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnFault {
    /// Keep them in the file and say so: a new login where no keyring answers.
    Announce,
    /// Keep them in the file, where they already were: said with `-v` only.
    Quiet,
    /// The keyring held this login and failed between reading it and taking the refreshed
    /// pair, whose refresh token is spent: keep the pair in the file so that the login is not
    /// lost, warn, and move it back at the next refresh.
    Rescue,
}

/// What to do when the keyring fails to take the tokens written for `writing`, given where the
/// slot's tokens were (`None`: it had none). A keyring that does not answer when a login in it
/// is *read* is an error before anything is sent (see the store), never a switch.
pub fn on_fault(writing: Writing, was: Option<Place>) -> OnFault {
    match (writing, was) {
        (Writing::Consent, _) => OnFault::Announce,
        (Writing::Refresh, Some(Place::Keyring)) => OnFault::Rescue,
        (Writing::Refresh, Some(Place::File)) | (Writing::Move, _) => OnFault::Quiet,
        // Logged out meanwhile: the refreshed pair gets a new file, which is said.
        (Writing::Refresh, None) => OnFault::Announce,
    }
}

/// A credential store as keyring-core sees it.
type CredentialStore = Arc<keyring_core::CredentialStore>;

/// The system's keyring (opened at its first use), or another credential store (keyring-core's
/// mock, in tests). Every call runs on a thread of its own and is given up after
/// [`PATIENCE`], so that a store that never answers cannot hang xpost (with a login's lock
/// held).
#[derive(Clone)]
pub struct Keyring {
    inner: Arc<Inner>,
}

struct Inner {
    open: Box<dyn Fn() -> Result<CredentialStore, Fault> + Send + Sync>,
    opened: OnceLock<Result<CredentialStore, Fault>>,
    /// Whether entries get a label (the Secret Service shows it; other stores take none).
    labels: bool,
    patience: Duration,
    /// Whether a call was given up: the store (or the thread still waiting on it) has not
    /// answered, so later calls of this run are given up at once rather than each waiting
    /// the patience again.
    silent: AtomicBool,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keyring")
    }
}

impl Keyring {
    /// The system's credential store: the Secret Service, the Keychain or the Credential
    /// Manager.
    pub fn system() -> Keyring {
        Keyring::opened_by(
            open_system,
            cfg!(all(
                unix,
                not(any(
                    target_os = "macos",
                    target_os = "ios",
                    target_os = "android"
                ))
            )),
            PATIENCE,
        )
    }

    /// Another credential store, e.g. `keyring_core::mock::Store::new()`.
    pub fn over(store: CredentialStore) -> Keyring {
        Keyring::opened_by(move || Ok(store.clone()), false, PATIENCE)
    }

    /// A store opened by `open`, each call given up after `patience`.
    pub fn opened_by(
        open: impl Fn() -> Result<CredentialStore, Fault> + Send + Sync + 'static,
        labels: bool,
        patience: Duration,
    ) -> Keyring {
        Keyring {
            inner: Arc::new(Inner {
                open: Box::new(open),
                opened: OnceLock::new(),
                labels,
                patience,
                silent: AtomicBool::new(false),
            }),
        }
    }

    /// The tokens under `entry`; `None` when there is no such entry.
    pub fn read(&self, entry: &EntryName) -> Result<Option<Pair>, Fault> {
        match self.read_text(entry)? {
            Some(text) => Pair::from_text(&text).map(Some).ok_or(Fault::Garbled),
            None => Ok(None),
        }
    }

    /// The text under `entry`, as xpost wrote it; `None` when there is no such entry.
    pub fn read_text(&self, entry: &EntryName) -> Result<Option<String>, Fault> {
        let user = entry.as_str().to_owned();
        self.call(
            move |store| match store.build(SERVICE, &user, None)?.get_password() {
                Ok(text) => Ok(Some(text)),
                Err(keyring_core::Error::NoEntry) => Ok(None),
                Err(err) => Err(err),
            },
        )
    }

    /// Keeps `pair` under `entry` (replacing what it held), labelled `label` where the store
    /// shows labels.
    pub fn write(&self, entry: &EntryName, label: &str, pair: &Pair) -> Result<(), Fault> {
        self.write_text(entry, label, pair.to_text())
    }

    /// Keeps `text` under `entry` (replacing what it held), labelled `label` where the store
    /// shows labels.
    pub fn write_text(&self, entry: &EntryName, label: &str, text: String) -> Result<(), Fault> {
        let user = entry.as_str().to_owned();
        let label = label.to_owned();
        let labels = self.inner.labels;
        self.call(move |store| {
            let modifiers = std::collections::HashMap::from([("label", label.as_str())]);
            let entry = store.build(SERVICE, &user, labels.then_some(&modifiers))?;
            entry.set_password(&text)
        })
    }

    /// Removes `entry`; `false` when there was none.
    pub fn delete(&self, entry: &EntryName) -> Result<bool, Fault> {
        let user = entry.as_str().to_owned();
        self.call(
            move |store| match store.build(SERVICE, &user, None)?.delete_credential() {
                Ok(()) => Ok(true),
                Err(keyring_core::Error::NoEntry) => Ok(false),
                Err(err) => Err(err),
            },
        )
    }

    /// Runs `op` on the store, on a thread of its own, for at most the patience.
    fn call<T: Send + 'static>(
        &self,
        op: impl FnOnce(&CredentialStore) -> keyring_core::Result<T> + Send + 'static,
    ) -> Result<T, Fault> {
        if self.inner.silent.load(Ordering::SeqCst) {
            return Err(Fault::Silent(self.inner.patience));
        }
        let inner = self.inner.clone();
        let (tx, rx) = mpsc::sync_channel(1);
        std::thread::Builder::new()
            .name("xpost-keyring".to_owned())
            .spawn(move || {
                let result = match inner.opened.get_or_init(|| (inner.open)()) {
                    Ok(store) => op(store).map_err(Fault::from),
                    Err(fault) => Err(fault.clone()),
                };
                let _ = tx.send(result);
            })
            .map_err(|err| Fault::Failed(format!("cannot start a thread for it: {err}")))?;
        match rx.recv_timeout(self.inner.patience) {
            Ok(result) => result,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                self.inner.silent.store(true, Ordering::SeqCst);
                Err(Fault::Silent(self.inner.patience))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err(Fault::Failed("the keyring library failed".to_owned()))
            }
        }
    }
}

/// Opens the Secret Service: a D-Bus session bus (`DBUS_SESSION_BUS_ADDRESS`, else
/// `$XDG_RUNTIME_DIR/bus`) and a session with the service on it.
#[cfg(all(
    unix,
    not(any(target_os = "macos", target_os = "ios", target_os = "android"))
))]
fn open_system() -> Result<CredentialStore, Fault> {
    let store: CredentialStore = zbus_secret_service_keyring_store::Store::new()?;
    Ok(store)
}

#[cfg(target_os = "macos")]
fn open_system() -> Result<CredentialStore, Fault> {
    let store: CredentialStore = apple_native_keyring_store::keychain::Store::new()?;
    Ok(store)
}

#[cfg(target_os = "windows")]
fn open_system() -> Result<CredentialStore, Fault> {
    let store: CredentialStore = windows_native_keyring_store::Store::new()?;
    Ok(store)
}

#[cfg(not(any(
    all(
        unix,
        not(any(target_os = "macos", target_os = "ios", target_os = "android"))
    ),
    target_os = "macos",
    target_os = "windows"
)))]
fn open_system() -> Result<CredentialStore, Fault> {
    Err(Fault::Failed(
        "xpost knows no credential store on this system".to_owned(),
    ))
}

/// How this run keeps logins' tokens: the keyring first, unless the file was asked for.
#[derive(Debug, Clone)]
pub struct Secrets {
    /// The keyring: where new tokens go, and where logins that say so are read from.
    pub keyring: Keyring,
    /// `--insecure-storage` or `XPOST_INSECURE_STORAGE`: tokens written go to the file.
    pub insecure: bool,
}

impl Secrets {
    /// The system's keyring; `insecure` keeps tokens written in the file.
    pub fn system(insecure: bool) -> Secrets {
        Secrets {
            keyring: Keyring::system(),
            insecure,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyring_core::api::CredentialStoreApi;

    fn pair() -> Pair {
        Pair {
            access_token: Secret::new("access-secret-value"),
            refresh_token: Some(Secret::new("refresh-secret-value")),
        }
    }

    fn mock() -> Keyring {
        Keyring::over(keyring_core::mock::Store::new().unwrap())
    }

    #[test]
    fn a_pair_round_trips_through_the_mock_store() {
        let keyring = mock();
        let entry = EntryName::new("42", "https://api.x.com");
        assert_eq!(keyring.read(&entry), Ok(None));
        keyring.write(&entry, "xpost: @someone", &pair()).unwrap();
        assert_eq!(keyring.read(&entry), Ok(Some(pair())));
        let rotated = Pair {
            access_token: Secret::new("a2"),
            refresh_token: None,
        };
        keyring.write(&entry, "xpost: @someone", &rotated).unwrap();
        assert_eq!(keyring.read(&entry), Ok(Some(rotated)));
        // Another name is another entry.
        let other = EntryName::new("42", "https://api.x.com");
        assert_ne!(other, entry);
        assert_eq!(keyring.read(&other), Ok(None));
        assert_eq!(keyring.delete(&entry), Ok(true));
        assert_eq!(keyring.delete(&entry), Ok(false));
        assert_eq!(keyring.read(&entry), Ok(None));
    }

    #[test]
    fn the_stores_refusals_become_faults() {
        let store = keyring_core::mock::Store::new().unwrap();
        let keyring = Keyring::over(store.clone());
        let entry = EntryName::new("42", "https://api.x.com");
        keyring.write(&entry, "", &pair()).unwrap();
        let fail = |err: keyring_core::Error| {
            let built = store.build(SERVICE, entry.as_str(), None).unwrap();
            let cred: &keyring_core::mock::Cred = built.as_any().downcast_ref().unwrap();
            cred.set_error(err);
        };
        let locked = || {
            keyring_core::Error::NoStorageAccess(Box::new(std::io::Error::other(
                "SS error: prompt dismissed\u{1b}[2J",
            )))
        };
        fail(locked());
        let fault = keyring.read(&entry).unwrap_err();
        assert!(matches!(fault, Fault::Locked(_)), "{fault:?}");
        assert!(fault.to_string().contains("locked"), "{fault}");
        assert!(!fault.to_string().contains('\u{1b}'), "{fault}");
        fail(locked());
        assert!(keyring.write(&entry, "", &pair()).is_err());
        fail(keyring_core::Error::PlatformFailure(Box::new(
            std::io::Error::other("no bus"),
        )));
        assert_eq!(
            keyring.delete(&entry),
            Err(Fault::Failed("no bus".to_owned()))
        );
        // The entry is untouched by the failures.
        assert_eq!(keyring.read(&entry), Ok(Some(pair())));
        // Something xpost did not write is reported, never taken for tokens.
        store
            .build(SERVICE, entry.as_str(), None)
            .unwrap()
            .set_password("hunter2")
            .unwrap();
        assert_eq!(keyring.read(&entry), Err(Fault::Garbled));
    }

    #[test]
    fn a_store_that_cannot_open_or_never_answers_is_a_fault_soon() {
        let absent = Keyring::opened_by(
            || Err(Fault::Failed("no D-Bus session bus".to_owned())),
            false,
            PATIENCE,
        );
        let entry = EntryName::new("42", "https://api.x.com");
        assert_eq!(
            absent.read(&entry),
            Err(Fault::Failed("no D-Bus session bus".to_owned()))
        );
        let patience = Duration::from_millis(100);
        let hung = Keyring::opened_by(
            || {
                std::thread::sleep(Duration::from_secs(5));
                Err(Fault::Failed("late".to_owned()))
            },
            false,
            patience,
        );
        let start = std::time::Instant::now();
        assert_eq!(hung.read(&entry), Err(Fault::Silent(patience)));
        assert!(start.elapsed() < Duration::from_secs(2));
        // Once it has not answered, the run's later calls do not each wait again (a logout
        // --force reads, then deletes; a first login writes twice).
        let start = std::time::Instant::now();
        assert_eq!(hung.delete(&entry), Err(Fault::Silent(patience)));
        assert_eq!(
            hung.write(&entry, "", &pair()),
            Err(Fault::Silent(patience))
        );
        assert!(
            start.elapsed() < patience,
            "waited {:?} again",
            start.elapsed()
        );
        assert!(Fault::Silent(PATIENCE).to_string().contains("within 30 s"));
    }

    #[test]
    fn entry_names_are_unique_and_checked() {
        let name = EntryName::new("2244994945", "http://127.0.0.1:8700/");
        assert!(
            name.as_str().starts_with("2244994945@127.0.0.1:8700/"),
            "{name:?}"
        );
        assert_eq!(EntryName::parse(name.as_str()), Some(name.clone()));
        assert_eq!(name.host(), "127.0.0.1:8700");
        let unknown = EntryName::new("unknown-0a1b2c3d", "https://api.x.com");
        assert_eq!(EntryName::parse(unknown.as_str()), Some(unknown));
        for bad in [
            "",
            "42",
            "42@api.x.com",
            "42@api.x.com/xyz",
            "@api.x.com/0123456789abcdef",
            "../42@api.x.com/0123456789abcdef",
            "42@api x.com/0123456789abcdef",
            "42@api.x.com/0123456789abcdef0",
        ] {
            assert_eq!(EntryName::parse(bad), None, "{bad:?}");
        }
        assert_eq!(host("https://api.x.com"), "api.x.com");
        assert_eq!(host("not a url"), "unknown");
        assert!(name.to_string().contains("service xpost, user 2244994945@"));
    }

    #[test]
    fn a_failing_keyring_falls_back_only_where_nothing_is_lost_or_hidden() {
        use OnFault::*;
        // A new login where no keyring answers: the file, said.
        for was in [None, Some(Place::File), Some(Place::Keyring)] {
            assert_eq!(on_fault(Writing::Consent, was), Announce, "{was:?}");
        }
        // A refresh of a login in the file: it stays there.
        assert_eq!(on_fault(Writing::Refresh, Some(Place::File)), Quiet);
        // A refresh of a login in the keyring that failed since it was read: the spent
        // refresh token's successor is rescued into the file, loudly.
        assert_eq!(on_fault(Writing::Refresh, Some(Place::Keyring)), Rescue);
        assert_eq!(on_fault(Writing::Refresh, None), Announce);
        assert_eq!(on_fault(Writing::Move, None), Quiet);
    }

    #[test]
    fn entries_hold_only_what_xpost_wrote() {
        let text = pair().to_text();
        assert_eq!(Pair::from_text(&text), Some(pair()));
        for bad in [
            "",
            "hunter2",
            "{}",
            r#"{"version":2,"access_token":"a"}"#,
            r#"{"version":1,"access_token":""}"#,
            r#"{"version":1,"access_token":"a","extra":1}"#,
            // What no request can carry, or a terminal would act on when `auth token` prints
            // it: another program's entry under xpost's name.
            r#"{"version":1,"access_token":"a\u001b[2J"}"#,
            r#"{"version":1,"access_token":"a\r\nX-Evil: 1"}"#,
            r#"{"version":1,"access_token":"a b"}"#,
            r#"{"version":1,"access_token":"a","refresh_token":"r\u0007"}"#,
            r#"{"version":1,"access_token":"a","refresh_token":""}"#,
        ] {
            assert_eq!(Pair::from_text(bad), None, "{bad:?}");
        }
        let huge = format!(
            r#"{{"version":1,"access_token":"{}"}}"#,
            "A".repeat(crate::secret::TOKEN_MAX + 1)
        );
        assert_eq!(Pair::from_text(&huge), None);
        assert!(!format!("{:?}", pair()).contains("secret-value"));
    }
}
