//! The login an `auth` command is about, where it is kept, and the errors about it.

use crate::auth::session::Why;
use crate::auth::store::{Record, Slot, Store};
use crate::commands::context::Context;
use crate::error::{Cause, Error, Result};

/// Where the login is kept: its file, or the store's directory when there is none.
pub(super) fn store_path(ctx: &Context, slot: Option<&Slot>) -> String {
    match (slot, &ctx.store) {
        (Some(slot), _) => crate::sanitize::path(&slot.path()),
        (None, Some(store)) => crate::sanitize::path(store.dir()),
        (None, None) => String::new(),
    }
}

pub(super) fn not_logged_in(ctx: &Context) -> Error {
    Error::new(
        Cause::Auth,
        format!("not logged in (no login in {})", store_path(ctx, None)),
    )
    .hint("run xpost auth login")
}

/// The login this command is about (`--account`, else the default) and where it is kept, as
/// its file describes it (the keyring is not asked).
pub(super) fn chosen(ctx: &Context) -> Result<Option<(Slot, Record)>> {
    let Some(slot) = ctx.session().chosen()? else {
        return Ok(None);
    };
    Ok(slot.record()?.map(|record| (slot, record)))
}

/// Whether tokens written in this run go to the file on purpose (`--insecure-storage`).
pub(super) fn insecure(ctx: &Context) -> bool {
    ctx.store.as_ref().is_some_and(Store::insecure)
}

/// The error for a stored login that this configuration must not use: its tokens would go to
/// another server, or with another app's secret. Nothing is sent.
pub(super) fn foreign(why: &Why) -> Error {
    let check = match why {
        Why::OtherServer { .. } => "X_API_BASE",
        _ => "X_CLIENT_ID",
    };
    Error::new(
        Cause::Auth,
        format!(
            "{why}; xpost sends a login's tokens only to the server and app it was made for"
        ),
    )
    .hint(format!(
        "check where {check} was set (the environment, --env-file or a .env in this directory); xpost auth login replaces the stored login with one for this configuration, xpost auth logout --force forgets it without revoking it"
    ))
}
