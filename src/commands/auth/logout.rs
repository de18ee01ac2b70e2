//! `xpost auth logout`: revoke a login at X and delete it here, then name the next default.

use serde::Serialize;

use super::stored::{foreign, not_logged_in};
use crate::auth::keyring::Place;
use crate::auth::session::lock;
use crate::auth::store::{Login, Slot, Store};
use crate::commands::context::Context;
use crate::error::{Cause, Error, Result};
use crate::options::Common;
use crate::output;

pub(super) async fn logout(ctx: &Context, common: &Common, force: bool) -> Result<()> {
    let (Some(store), Some(slot)) = (&ctx.store, ctx.session().chosen()?) else {
        return Err(not_logged_in(ctx));
    };
    let held = lock(&slot.locker()).await?;
    let Some(record) = slot.record()? else {
        return Err(not_logged_in(ctx));
    };
    let username = record.username.clone();
    let in_keyring = record.secrets.place() == Place::Keyring;
    let revoked = match ctx.session().foreign(&record) {
        None => match slot.open(record) {
            Ok(login) => revoke(ctx, &login).await,
            // The keyring does not answer: nothing to revoke with.
            Err(err) if force => Err(err),
            Err(err) => {
                return Err(Error::new(err.cause().clone(), format!("{}; the login is kept", err.message()))
                    .hint("unlock the keyring (or start its service) and run this again; or run xpost auth logout --force to delete the login file here anyway (its grant may then stay live at X, and its keyring entry stays)"));
            }
        },
        // Its tokens are not sent to this server, nor with this app's secret.
        Some(why) if force => Err(foreign(&why)),
        Some(why) => return Err(foreign(&why)),
    };
    let revoked = match revoked {
        Ok(()) => true,
        Err(err) if force => {
            output::warn(format!(
                "{}; deleting the login here anyway (--force): its grant may still be live at X (remove the app at x.com > Settings > Connected apps)",
                err.message()
            ));
            false
        }
        Err(err) => {
            let first = match err.cause() {
                Cause::Config => "check X_CLIENT_ID and X_CLIENT_SECRET",
                _ => "try again later",
            };
            return Err(Error::new(
                err.cause().clone(),
                format!("{}; the login is kept", err.message()),
            )
            .hint(format!(
                "{first}, or run xpost auth logout --force to delete it here anyway (its grant may then stay live at X)"
            )));
        }
    };
    // A pair a cut write left in a temporary file may be the live one (a refresh spent the
    // stored pair and was stopped before the rename): revoked too, then deleted with the login.
    for stray in slot.strays() {
        if ctx.session().foreign(&stray).is_none()
            && let Err(err) = revoke(ctx, &stray).await
        {
            output::warn(format!(
                "could not revoke the tokens a cut write left beside the login ({}); they are deleted, but their grant may still be live at X",
                err.message()
            ));
        }
    }
    // Its tokens go from wherever they are; with --force, a keyring that does not answer
    // keeps its entry (said), and the file goes anyway.
    let entry_gone = if force {
        slot.forget()?
    } else {
        slot.delete()?;
        true
    };
    drop(held);
    let name = username.as_deref().unwrap_or(slot.key());
    output::note(format!(
        "Logged out @{name}: {} and deleted {}{}.",
        if revoked {
            "revoked at X"
        } else {
            "NOT revoked at X"
        },
        crate::sanitize::path(&slot.path()),
        match (in_keyring, entry_gone) {
            (true, true) => " and its tokens in the system keyring",
            (true, false) => "; its keyring entry is left (see above)",
            (false, _) => "",
        }
    ));
    next_default(store, &slot).await?;
    #[derive(Serialize)]
    struct LoggedOut<'a> {
        username: Option<&'a str>,
        revoked: bool,
    }
    output::print_json_or(
        common.json,
        &LoggedOut {
            username: username.as_deref(),
            revoked,
        },
        &format!("@{name}"),
    )
}

/// Revokes the login at X: the refresh token (which ends the grant), then the access token in
/// case X treats them apart. Stops at the first failure, which says what was not revoked.
async fn revoke(ctx: &Context, login: &Login) -> Result<()> {
    if let Some(refresh) = &login.secrets.refresh_token {
        ctx.oauth
            .revoke(refresh, true)
            .await
            .map_err(|err| err.context("could not revoke the login's refresh token at X"))?;
    }
    ctx.oauth
        .revoke(&login.secrets.access_token, false)
        .await
        .map_err(|err| err.context("could not revoke the login's access token at X"))
}

/// After the default login `gone` was logged out, makes another one the default (the first by
/// name), as `gh auth logout` does, and says which.
async fn next_default(store: &Store, gone: &Slot) -> Result<()> {
    let _lock = lock(&store.locker()).await?;
    if store.default_key()?.as_deref() != Some(gone.key()) {
        return Ok(());
    }
    let contents = store.scan()?;
    match contents.accounts.first() {
        Some(next) => {
            store.set_default(next.slot.key())?;
            output::note(format!("{} is now the default account.", next.label()));
        }
        None => store.clear_default()?,
    }
    Ok(())
}
