//! Which login a command uses: the logins the store holds, found by name, and the rule that
//! picks one (the one named, else the default, else the only one). Pure: the store reads its
//! files and hands the [`Contents`] in.

use super::format::Record;
use super::slot::{Slot, label};
use crate::error::{Error, Exit, Result};

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
            .unwrap_or_else(|| self.slot.key().to_owned())
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
            .or_else(|| self.accounts.iter().find(|a| a.slot.key() == bare))
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

/// The login a command uses: the one named (`--account`), else the default, else the only
/// one. `None` when nothing is stored and none was named: the first login. A name that is
/// not stored, or several logins and no default, exit 77 naming the known ones; a file that
/// cannot be read is reported where it may hold the login asked for.
pub fn choose(contents: Contents, name: Option<&str>) -> Result<Option<Slot>> {
    if let Some(name) = name
        && let Some(found) = contents.find(name)
    {
        return Ok(Some(found.slot.clone()));
    }
    let mut broken = contents.broken.into_iter();
    let Some(name) = name else {
        if let Some(key) = &contents.default {
            if let Some(found) = contents.accounts.iter().find(|a| a.slot.key() == key) {
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

#[cfg(test)]
mod tests {
    use crate::auth::secrets::Writing;
    use crate::auth::store::tests::{in_files, of};
    use crate::auth::store::{Store, valid_key};
    use crate::error::Exit;

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
}
