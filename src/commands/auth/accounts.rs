//! `xpost auth list` and `xpost auth switch`: every stored login, and which is the default.

use serde::Serialize;

use super::stored::not_logged_in;
use crate::auth::session::{lock, now};
use crate::commands::context::Context;
use crate::compose::limit::Subscription;
use crate::error::Result;
use crate::options::Common;
use crate::output;

/// One line of `auth list --json`.
#[derive(Serialize)]
struct Listed {
    /// What `--account` takes for it.
    account: String,
    username: Option<String>,
    user_id: Option<String>,
    default: bool,
    expires_at: u64,
    scopes: Vec<String>,
    refreshable: bool,
    store: String,
    /// Where its tokens are: `keyring` or `file`.
    secrets: &'static str,
    /// Its subscription as X named it at the login; `null` when unknown.
    subscription_type: Option<&'static str>,
}

pub(super) async fn switch(ctx: &Context, common: &Common, name: &str) -> Result<()> {
    let store = ctx.store.as_ref().ok_or_else(|| not_logged_in(ctx))?;
    // An old store is moved first: moving takes the store's lock, which this run then holds.
    store.migrate()?;
    let _lock = lock(&store.locker()).await?;
    let Some(slot) = store.choose_held(Some(name))? else {
        return Err(not_logged_in(ctx));
    };
    // Its file is enough: choosing the default needs no token, nor a keyring that answers.
    let Some(login) = slot.record()? else {
        return Err(not_logged_in(ctx));
    };
    store.set_default(slot.key())?;
    let label = crate::auth::store::label(&slot, &login);
    output::note(format!("{label} is now the default account."));
    #[derive(Serialize)]
    struct Switched<'a> {
        default: &'a str,
        username: Option<&'a str>,
        user_id: Option<&'a str>,
    }
    output::print_json_or(
        common.json,
        &Switched {
            default: slot.key(),
            username: login.username.as_deref(),
            user_id: login.user_id.as_deref(),
        },
        &label,
    )
}

pub(super) fn list(ctx: &Context, common: &Common) -> Result<()> {
    let store = ctx.store.as_ref().ok_or_else(|| not_logged_in(ctx))?;
    let contents = store.contents()?;
    // Logins that cannot be read are said, not hidden.
    for (_, err) in &contents.broken {
        output::warn(err.message());
    }
    let now = now();
    let listed: Vec<Listed> = contents
        .accounts
        .iter()
        .map(|a| Listed {
            account: a.name(),
            username: a.login.username.clone(),
            user_id: a.login.user_id.clone(),
            default: a.default,
            expires_at: a.login.expires_at,
            scopes: a.login.scopes.clone(),
            refreshable: a.login.refreshable(),
            store: a.slot.path().display().to_string(),
            secrets: a.login.secrets.place().name(),
            subscription_type: a.login.subscription.map(Subscription::name),
        })
        .collect();
    let width = contents
        .accounts
        .iter()
        .map(|a| a.label().chars().count())
        .max()
        .unwrap_or(0);
    let lines: Vec<String> = contents
        .accounts
        .iter()
        .map(|a| {
            let at = a.login.expires_at;
            let when = if at > now {
                format!(
                    "expires in {}",
                    output::duration(std::time::Duration::from_secs(at - now))
                )
            } else if a.login.refreshable() {
                "expired, refreshed when used".to_owned()
            } else {
                "expired".to_owned()
            };
            let mut line = format!(
                "{} {:width$}  {:7}  {when}  {}",
                if a.default { "*" } else { " " },
                a.label(),
                a.login.secrets.place().name(),
                a.login.scopes.join(" "),
            );
            if ctx.session().foreign(&a.login).is_some() {
                line.push_str("  (for another server or app)");
            }
            line
        })
        .collect();
    #[derive(Serialize)]
    struct List<'a> {
        accounts: &'a [Listed],
    }
    if listed.is_empty() {
        if common.json {
            output::print_json_or(true, &List { accounts: &listed }, "")?;
        }
        return Err(not_logged_in(ctx));
    }
    output::print_json_or(common.json, &List { accounts: &listed }, &lines.join("\n"))
}
