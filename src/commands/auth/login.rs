//! `xpost auth login`: a consent now, and the login of the account that consents stored.

use super::report::Report;
use super::stored::{insecure, store_path};
use crate::auth::store::Held;
use crate::commands::context::Context;
use crate::error::Result;
use crate::options::Common;
use crate::output;

pub(super) async fn login(ctx: &Context, common: &Common) -> Result<()> {
    let (login, slot) = ctx
        .session()
        .login_as_asked(ctx.consent_options(common))
        .await?;
    let record = match &slot {
        Some(slot) => slot.record()?,
        None => None,
    };
    match record.as_ref().map(|r| &r.secrets) {
        Some(Held::Keyring { entry, .. }) => output::note(format!(
            "Login stored in the system keyring ({entry}), its details in {}.",
            store_path(ctx, slot.as_ref())
        )),
        // Said whether or not the keyring answered: the person asked for the file.
        _ if insecure(ctx) => output::note(format!(
            "Login stored in {}, its tokens with it in that file, readable only by you (--insecure-storage or XPOST_INSECURE_STORAGE).",
            store_path(ctx, slot.as_ref())
        )),
        _ => output::note(format!(
            "Login stored in {}.",
            store_path(ctx, slot.as_ref())
        )),
    }
    if let (Some(store), Some(slot)) = (&ctx.store, &slot)
        && store.default_key()?.as_deref() == Some(slot.key())
    {
        output::note(format!(
            "{} is the default account.",
            login
                .username
                .as_deref()
                .map(|u| format!("@{u}"))
                .unwrap_or_else(|| slot.key().to_owned())
        ));
    }
    let mut report = Report::of(ctx, slot.as_ref(), record.as_ref());
    report.logged_in = true;
    let name = login.username.as_deref().unwrap_or("(unknown)");
    if common.json {
        output::print_json_or(true, &report, "")
    } else {
        output::print(&format!("@{name}"))
    }
}
