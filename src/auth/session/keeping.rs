//! The store as a session uses it: its locks, taken without blocking the async runtime while
//! another run holds them; the note when a login's tokens went to its file; and the default
//! login, set when there is none.

use crate::auth::store::{Locker, Saved, Slot, Store, StoreLock, fallback_note};
use crate::error::{Error, Result};
use crate::output;

/// Takes a lock (the store's, or one login's) without blocking the async runtime while another
/// xpost holds it, saying so when it has to wait (the other run may be waiting for a consent).
pub async fn lock(locker: &Locker) -> Result<StoreLock> {
    let locker = locker.clone();
    tokio::task::spawn_blocking(move || {
        if let Some(lock) = locker.try_lock()? {
            return Ok(lock);
        }
        output::note(
            "Another xpost run is using the stored login (it may be waiting for consent in the browser, or refreshing the login); this run waits for it to finish.",
        );
        locker.lock()
    })
    .await
    .map_err(|err| Error::internal(format!("waiting for the login lock failed: {err}")))?
}

/// Says that a login's tokens went to its file because no keyring answered, when they did.
pub(super) fn announce(slot: &Slot, saved: &Saved) {
    if let Some(fault) = &saved.fallback {
        output::note(fallback_note(&slot.path(), fault));
    }
}

/// Makes `slot` the default when no login is (or the default is gone). The store's lock is held
/// by the caller.
pub(super) fn default_if_none(store: &Store, slot: &Slot) -> Result<()> {
    let current = store.default_key()?;
    let gone = current
        .as_deref()
        .is_none_or(|key| !store.slot(key).path().exists());
    if gone {
        store.set_default(slot.key())?;
    }
    Ok(())
}
