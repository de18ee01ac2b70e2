//! `xpost auth login | status | logout | token | list | switch`: the stored logins, by hand;
//! `xpost auth setup` is [`super::setup`].

use clap::Subcommand;
use serde::Serialize;

use super::context::Context;
use super::setup::SetupArgs;
use crate::auth::keyring::Place;
use crate::auth::session::{EXPIRY_MARGIN, Why, lock, now};
use crate::auth::store::{Held, Login, Record, Slot, Store};
use crate::compose::limit::{Allowance, Subscription};
use crate::config::Method;
use crate::error::{Cause, Error, Result};
use crate::options::Common;
use crate::output;
use crate::x::client::Auth;
use crate::x::users;

/// `xpost auth ...`
#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Set up the app xpost posts with, once, for every directory: says what to create in X's
    /// developer console, asks for its keys (secrets hidden), checks them with X and keeps
    /// them (secrets in the system keyring, the rest in your configuration directory).
    Setup(SetupArgs),
    /// Ask X for consent now and store the login of the account that consents (added, or
    /// replacing that account's); the first login becomes the default.
    Login,
    /// Show who is logged in (the default, or --account NAME), where the login and its tokens
    /// are stored (the system keyring, or its file) and whether X accepts it.
    Status,
    /// Revoke a login (the default, or --account NAME) at X and delete it here; a login X
    /// could not revoke is kept.
    Logout {
        /// Delete the login here even if X cannot revoke it (its grant may stay live at X).
        #[arg(long)]
        force: bool,
    },
    /// Print a valid access token (refreshed if needed), for other tools.
    Token,
    /// List every stored login: username, where its tokens are (keyring or file), expiry,
    /// scopes; the default is marked with *.
    List,
    /// Make another stored login the default, the one used without --account.
    Switch {
        /// The account: its username, with or without @.
        #[arg(value_name = "NAME")]
        name: String,
    },
}

/// Runs `xpost auth ...`.
pub async fn run(command: AuthCommand, common: &Common) -> Result<()> {
    if matches!(command, AuthCommand::Setup(_)) {
        return Err(Error::internal("auth setup is run by commands::run"));
    }
    let ctx = Context::from_env(common)?;
    if !matches!(command, AuthCommand::Status) && ctx.config.client_id.is_none() {
        return Err(Error::new(
            Cause::Config,
            "X_CLIENT_ID is not set: xpost auth login, logout and token are about the OAuth 2.0 login, which needs the app's OAuth 2.0 Client ID",
        )
        .hint("set X_CLIENT_ID (developer.x.com > Projects & Apps > your app > Keys and tokens); posting with the four OAuth 1.0a keys (--auth oauth1) needs no login"));
    }
    match command {
        AuthCommand::Login => login(&ctx, common).await,
        AuthCommand::Status => status(&ctx, common).await,
        AuthCommand::Logout { force } => logout(&ctx, common, force).await,
        AuthCommand::Token => token(&ctx, common).await,
        AuthCommand::List => list(&ctx, common),
        AuthCommand::Switch { name } => switch(&ctx, common, &name).await,
        AuthCommand::Setup(_) => Err(Error::internal("auth setup is run by commands::run")),
    }
}

/// What `login` and `status` report.
#[derive(Debug, Serialize)]
struct Report {
    /// How a post would be authorized: `oauth1` or `oauth2`.
    method: &'static str,
    logged_in: bool,
    username: Option<String>,
    user_id: Option<String>,
    store: Option<String>,
    /// Where the tokens are: `keyring` or `file`; `None` without a login.
    secrets: Option<&'static str>,
    /// The keyring entry holding them, when the keyring does.
    #[serde(skip)]
    entry: Option<String>,
    expires_at: Option<u64>,
    scopes: Vec<String>,
    refreshable: bool,
    /// The account's subscription as X named it (`None`, `Basic`, `Premium`, `PremiumPlus`),
    /// which sets how long its posts may be; `null` when unknown.
    subscription_type: Option<&'static str>,
    /// Whether X accepted the token just now; `None` when it was not asked.
    accepted: Option<bool>,
    /// Why X was not asked, when it was not.
    #[serde(skip)]
    not_asked: &'static str,
    /// Where each `X_*` variable set came from (never its value).
    sources: Vec<Origin>,
}

/// Where one variable's value came from.
#[derive(Debug, Serialize)]
struct Origin {
    name: &'static str,
    source: String,
}

/// The lines that say where each variable came from.
fn origin_lines(sources: &[Origin]) -> Vec<String> {
    let mut lines = vec!["  from:".to_owned()];
    lines.extend(
        sources
            .iter()
            .map(|o| format!("    {:<22} {}", o.name, o.source)),
    );
    if sources.is_empty() {
        lines.clear();
    }
    lines
}

fn origins(ctx: &Context) -> Vec<Origin> {
    ctx.origins
        .iter()
        .map(|(name, source)| Origin {
            name,
            source: source.to_string(),
        })
        .collect()
}

impl Report {
    fn of(ctx: &Context, slot: Option<&Slot>, login: Option<&Record>) -> Report {
        Report {
            method: ctx.config.method.name(),
            logged_in: login.is_some(),
            username: login.and_then(|l| l.username.clone()),
            user_id: login.and_then(|l| l.user_id.clone()),
            store: Some(store_path(ctx, slot)),
            secrets: login.map(|l| l.secrets.place().name()),
            entry: login.and_then(|l| match &l.secrets {
                Held::Keyring { entry, .. } => Some(entry.to_string()),
                Held::File(_) => None,
            }),
            expires_at: login.map(|l| l.expires_at),
            scopes: login.map(|l| l.scopes.clone()).unwrap_or_default(),
            refreshable: login.is_some_and(|l| l.refreshable()),
            subscription_type: login.and_then(|l| l.subscription).map(Subscription::name),
            accepted: None,
            not_asked: "the token is due for refresh",
            sources: origins(ctx),
        }
    }

    /// Where the tokens are, for a person.
    fn secrets_text(&self, insecure: bool) -> String {
        match (self.secrets, &self.entry) {
            (Some("keyring"), Some(entry)) => format!("the system keyring ({entry})"),
            (Some("file"), _) if insecure => {
                "in that file, readable only by you (--insecure-storage or XPOST_INSECURE_STORAGE)"
                    .to_owned()
            }
            (Some("file"), _) => "in that file, readable only by you: no system keyring answered when they were stored (they move into it at the next login or refresh once one does)".to_owned(),
            _ => "none stored".to_owned(),
        }
    }

    fn text(&self, insecure: bool) -> String {
        let who = match (&self.username, &self.user_id) {
            (Some(name), Some(id)) => format!("@{name} (id {id})"),
            (Some(name), None) => format!("@{name}"),
            _ => "an account whose username is unknown".to_owned(),
        };
        if self.method == Method::OAuth1.name() {
            return self.oauth1_text(&who);
        }
        let mut lines = vec![format!("Logged in to X as {who}.")];
        lines.push(
            "  method:     OAuth 2.0, the stored login (posts use it; --auth oauth1 for the OAuth 1.0a keys)"
                .to_owned(),
        );
        lines.push(format!(
            "  stored in:  {}",
            self.store.as_deref().unwrap_or_default()
        ));
        lines.push(format!("  tokens:     {}", self.secrets_text(insecure)));
        if let Some(at) = self.expires_at {
            let now = now();
            let when = if at > now {
                format!(
                    "expires in {} ({})",
                    output::duration(std::time::Duration::from_secs(at - now)),
                    output::utc(at)
                )
            } else {
                format!("expired at {}", output::utc(at))
            };
            let renew = if self.refreshable {
                "; refreshed automatically"
            } else {
                "; no refresh token: log in again when it expires"
            };
            lines.push(format!("  token:      {when}{renew}"));
        }
        lines.push(format!("  scopes:     {}", self.scopes.join(" ")));
        lines.push(self.subscription_line());
        lines.push(format!(
            "  X says:     {}",
            match self.accepted {
                Some(true) => "the token is accepted".to_owned(),
                Some(false) => "the token is refused".to_owned(),
                None => format!("not asked ({})", self.not_asked),
            }
        ));
        lines.extend(origin_lines(&self.sources));
        lines.join("\n")
    }
}

impl Report {
    /// The line that says the subscription, and the longest post it allows.
    fn subscription_line(&self) -> String {
        let allowance = Allowance::of(self.subscription_type.and_then(Subscription::parse));
        let limit = match allowance {
            Allowance::Known(_) => {
                format!("posts of up to {} weighted characters", allowance.limit())
            }
            _ => "posts of up to 280 weighted characters until X names one".to_owned(),
        };
        format!("  subscription: {} ({limit})", allowance.shown())
    }

    /// The report for posting with the OAuth 1.0a keys, before X is asked.
    fn oauth1(ctx: &Context) -> Report {
        Report {
            method: Method::OAuth1.name(),
            logged_in: false,
            username: None,
            user_id: None,
            store: None,
            secrets: None,
            entry: None,
            expires_at: None,
            scopes: Vec::new(),
            refreshable: false,
            subscription_type: None,
            accepted: None,
            not_asked: "X could not be asked",
            sources: origins(ctx),
        }
    }

    fn oauth1_text(&self, who: &str) -> String {
        let who = if self.accepted == Some(true) {
            format!(" as {who}")
        } else {
            String::new()
        };
        [
            format!("Posting to X with the OAuth 1.0a keys{who}."),
            "  method:     OAuth 1.0a (X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET): no login, nothing stored, no expiry".to_owned(),
            self.subscription_line(),
            format!(
                "  X says:     {}",
                match self.accepted {
                    Some(true) => "the keys are accepted".to_owned(),
                    Some(false) => "the keys are refused".to_owned(),
                    None => format!("not asked ({})", self.not_asked),
                }
            ),
        ]
        .into_iter()
        .chain(origin_lines(&self.sources))
        .collect::<Vec<_>>()
        .join("\n")
    }
}

/// `auth status` with OAuth 1.0a: one signed `GET /2/users/me`, which says whose keys they are.
async fn oauth1_status(ctx: &Context, common: &Common) -> Result<()> {
    let keys = ctx
        .config
        .oauth1
        .as_ref()
        .ok_or_else(|| Error::internal("OAuth 1.0a was chosen without its four keys"))?;
    let mut report = Report::oauth1(ctx);
    match users::me_as(&ctx.api, Auth::OAuth1(keys)).await {
        Ok(user) => {
            report.logged_in = true;
            report.accepted = Some(true);
            report.username = Some(user.username);
            report.user_id = Some(user.id);
            report.subscription_type = user.subscription.map(Subscription::name);
            output::print_json_or(common.json, &report, &report.text(false))
        }
        // X refused the signature: the keys are wrong (a configuration error, 78).
        Err(err) if matches!(err.cause(), Cause::Config) => {
            report.accepted = Some(false);
            output::print_json_or(common.json, &report, &report.text(false))?;
            Err(err)
        }
        Err(err) => Err(err),
    }
}

/// Where the login is kept: its file, or the store's directory when there is none.
fn store_path(ctx: &Context, slot: Option<&Slot>) -> String {
    match (slot, &ctx.store) {
        (Some(slot), _) => crate::sanitize::path(&slot.path()),
        (None, Some(store)) => crate::sanitize::path(store.dir()),
        (None, None) => String::new(),
    }
}

fn not_logged_in(ctx: &Context) -> Error {
    Error::new(
        Cause::Auth,
        format!("not logged in (no login in {})", store_path(ctx, None)),
    )
    .hint("run xpost auth login")
}

/// The login this command is about (`--account`, else the default) and where it is kept, as
/// its file describes it (the keyring is not asked).
fn chosen(ctx: &Context) -> Result<Option<(Slot, Record)>> {
    let Some(slot) = ctx.session().chosen()? else {
        return Ok(None);
    };
    Ok(slot.record()?.map(|record| (slot, record)))
}

/// Whether tokens written in this run go to the file on purpose (`--insecure-storage`).
fn insecure(ctx: &Context) -> bool {
    ctx.store.as_ref().is_some_and(Store::insecure)
}

/// The error for a stored login that this configuration must not use: its tokens would go to
/// another server, or with another app's secret. Nothing is sent.
fn foreign(why: &Why) -> Error {
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

async fn login(ctx: &Context, common: &Common) -> Result<()> {
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

async fn status(ctx: &Context, common: &Common) -> Result<()> {
    if ctx.config.method == Method::OAuth1 {
        return oauth1_status(ctx, common).await;
    }
    let insecure = insecure(ctx);
    let (slot, stored) = match chosen(ctx)? {
        Some((slot, record)) => (Some(slot), Some(record)),
        None => (None, None),
    };
    let mut report = Report::of(ctx, slot.as_ref(), stored.as_ref());
    let (Some(slot), Some(record)) = (slot, stored) else {
        if common.json {
            output::print_json_or(true, &report, "")?;
        }
        return Err(not_logged_in(ctx));
    };
    if let Some(why) = ctx.session().foreign(&record) {
        report.not_asked = "the login is for another server or app";
        output::print_json_or(common.json, &report, &report.text(insecure))?;
        return Err(foreign(&why));
    }
    let fresh = record.expires_at > now() + EXPIRY_MARGIN.as_secs();
    // The tokens, from the keyring when it keeps them: one that does not answer is said in
    // the report, and the error says what to do.
    let mut login = match slot.open(record) {
        Ok(login) => login,
        Err(err) => {
            report.not_asked = "its tokens could not be read";
            output::print_json_or(common.json, &report, &report.text(insecure))?;
            return Err(err);
        }
    };
    let refusal = if fresh {
        // A token X refuses before its expiry is renewed once, as a post would do.
        let api = &ctx.api;
        let asked = ctx
            .session()
            .with_token(
                &mut login,
                |token| async move { users::me(api, &token).await },
            )
            .await;
        report.expires_at = Some(login.expires_at);
        // A renewal may have moved the tokens into the keyring.
        if let Ok(Some(now)) = slot.record() {
            report = Report::of(ctx, Some(&slot), Some(&now));
        }
        match asked {
            Ok(user) => {
                // Read again in the same request: kept with the login when X says otherwise.
                if report.subscription_type != user.subscription.map(Subscription::name) {
                    ctx.session()
                        .remember_subscription(&user.id, user.subscription)
                        .await;
                }
                report.accepted = Some(true);
                report.username = Some(user.username);
                report.user_id = Some(user.id);
                report.subscription_type = user.subscription.map(Subscription::name);
                None
            }
            Err(err) if matches!(err.cause(), Cause::Auth | Cause::TokenRefused) => {
                report.accepted = Some(false);
                Some(err)
            }
            Err(err) => return Err(err),
        }
    } else {
        None
    };
    output::print_json_or(common.json, &report, &report.text(insecure))?;
    match refusal {
        Some(err) => Err(Error::new(
            Cause::Auth,
            format!("X refused the stored login: {}", err.message()),
        )
        .hint("run xpost auth login")),
        None if !fresh && !report.refreshable => Err(Error::new(
            Cause::Auth,
            "the stored login expired and cannot be refreshed",
        )
        .hint("run xpost auth login")),
        None => Ok(()),
    }
}

async fn logout(ctx: &Context, common: &Common, force: bool) -> Result<()> {
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

async fn token(ctx: &Context, common: &Common) -> Result<()> {
    let Some((_, stored)) = chosen(ctx)? else {
        return Err(not_logged_in(ctx));
    };
    // Never a token for another server or app, even one that looks valid.
    if let Some(why) = ctx.session().foreign(&stored) {
        return Err(foreign(&why));
    }
    let login = ctx.session().obtain(None).await?;
    #[derive(Serialize)]
    struct Token<'a> {
        access_token: &'a str,
        expires_at: u64,
    }
    // The token is the result this command exists for.
    let token = login.secrets.access_token.expose();
    output::print_json_or(
        common.json,
        &Token {
            access_token: token,
            expires_at: login.expires_at,
        },
        token,
    )
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

async fn switch(ctx: &Context, common: &Common, name: &str) -> Result<()> {
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

fn list(ctx: &Context, common: &Common) -> Result<()> {
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
