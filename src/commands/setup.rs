//! `xpost auth setup`: the app xpost posts with, set up once for every directory.
//!
//! At a terminal it says what to create in X's developer console, asks which way to authorize,
//! reads the keys (secrets with hidden input, through `rpassword`, which reads the terminal
//! itself with echo off), checks them with X (a signed `GET /2/users/me` for the four OAuth 1.0a
//! keys; a login for an OAuth 2.0 app, when the person wants one now) and keeps them
//! ([`crate::auth::apps`]). A value X refuses is asked again and never kept. `--from-env` keeps
//! what the environment (or `--env-file`) holds, after the same check; `--remove` deletes an
//! app, its keyring entry included.

use std::collections::BTreeMap;
use std::io::BufRead;

use clap::Args;
use serde::Serialize;

use super::context::{self, Context, interactive};
use crate::auth::apps::{Apps, DEFAULT_NAME, Kept, no_terminal, valid_name};
use crate::auth::keyring::Keyring;
use crate::config::{
    Config, DEFAULT_API_BASE, DEFAULT_AUTHORIZE_URL, DEFAULT_REDIRECT_URI, DEFAULT_WEB_BASE, Env,
    Method, SECRETS, SETUP_SETTINGS, Source,
};
use crate::error::{Cause, Error, Result};
use crate::options::Common;
use crate::output;
use crate::sanitize::{command, outside, path as shown};
use crate::secret::Secret;
use crate::x::client::Auth;
use crate::x::users;

/// `xpost auth setup ...`. Secrets are never taken as arguments: other users see those.
#[derive(Debug, Args)]
pub struct SetupArgs {
    /// Keep the X_* variables the environment (or --env-file) holds now, after checking them,
    /// without asking anything: for servers and scripts.
    #[arg(long, conflicts_with = "remove")]
    pub from_env: bool,
    /// Delete the app set up (the default, or --app NAME): its settings and its secrets,
    /// keyring entry included.
    #[arg(long)]
    pub remove: bool,
}

/// How many times a refused value is asked for before giving up.
const TRIES: usize = 3;

/// What `auth setup` reports on stdout.
#[derive(Debug, Serialize)]
struct Report {
    app: String,
    config: String,
    /// Where the secrets went: `keyring`, `file` or `none`.
    secrets: &'static str,
    /// The keyring entry, when the keyring keeps them.
    entry: Option<String>,
    settings: Vec<String>,
    secret_names: Vec<String>,
    /// Whose the keys (or the login) are, when X said.
    username: Option<String>,
}

/// Runs `xpost auth setup`.
pub async fn run(args: SetupArgs, common: &Common) -> Result<()> {
    let env = Env::load(common.env_file.as_deref())?;
    let dir = env.config_dir()?;
    let mut apps = Apps::read(&dir)?;
    let keyring = Keyring::system();
    let asked = env.app(common.app.as_deref());
    if let Some(name) = &asked
        && !valid_name(name)
    {
        return Err(Error::new(
            Cause::Usage,
            format!("{:?} cannot name an app", outside(name)),
        )
        .hint("use 1 to 32 letters, digits and dashes, e.g. --app work"));
    }
    if args.remove {
        return match apps.remove(asked.as_deref(), &keyring)? {
            Some(app) => {
                output::note(format!(
                    "Removed the app {} from {}{}.",
                    app.name,
                    shown(apps.path()),
                    if app.keyring.is_some() {
                        " and its secrets from the system keyring"
                    } else {
                        ""
                    }
                ));
                output::print(&app.name)
            }
            None => Err(
                Error::new(Cause::Config, "no app is set up to remove").hint(format!(
                    "{} lists what xpost uses and where it comes from",
                    command(&["xpost", "auth", "status"])
                )),
            ),
        };
    }
    // Without --app: the default (the first) is replaced, or the first is made.
    let name = asked
        .or_else(|| apps.choose(None).ok().flatten().map(|a| a.name.clone()))
        .unwrap_or_else(|| DEFAULT_NAME.to_owned());
    let (values, username) = if args.from_env {
        from_env(&env, common).await?
    } else {
        if !interactive() {
            return Err(no_terminal());
        }
        at_terminal(&env, common).await?
    };
    let mut settings = BTreeMap::new();
    let mut secrets = BTreeMap::new();
    for (key, value) in values {
        if SECRETS.contains(&key) {
            secrets.insert(key.to_owned(), Secret::new(value));
        } else if kept_setting(key, &value) {
            settings.insert(key.to_owned(), value);
        }
    }
    let insecure = env.insecure_storage(common.insecure_storage)?;
    let kept = apps.keep(&name, settings.clone(), secrets.clone(), &keyring, insecure)?;
    let config = shown(apps.path());
    let (place, entry) = match &kept {
        Kept::Keyring(entry) => ("keyring", Some(entry.clone())),
        Kept::File(_) => ("file", None),
        Kept::Nothing => ("none", None),
    };
    let mut lines = vec![format!("Set up the app {name}.")];
    lines.push(format!(
        "  {} in your configuration: {config}",
        settings.keys().cloned().collect::<Vec<_>>().join(", ")
    ));
    if !secrets.is_empty() {
        let names = secrets.keys().cloned().collect::<Vec<_>>().join(", ");
        lines.push(match &kept {
            Kept::Keyring(entry) => format!("  {names} in the system keyring ({entry})"),
            Kept::File(true) => format!(
                "  {names} in that file, readable only by you (--insecure-storage or XPOST_INSECURE_STORAGE)"
            ),
            _ => format!(
                "  {names} in that file, readable only by you: no system keyring answered"
            ),
        });
    }
    lines.push(format!(
        "xpost uses it from any directory; {} shows where each value comes from.",
        command(&["xpost", "auth", "status"])
    ));
    let report = Report {
        app: name,
        config,
        secrets: place,
        entry,
        settings: settings.into_keys().collect(),
        secret_names: secrets.into_keys().collect(),
        username,
    };
    output::print_json_or(common.json, &report, &lines.join("\n"))
}

/// Whether a setting is worth keeping: the endpoints only when they are not X's.
fn kept_setting(key: &str, value: &str) -> bool {
    let x = |default: &str| value.trim_end_matches('/') == default;
    match key {
        "X_API_BASE" => !x(DEFAULT_API_BASE),
        "X_AUTHORIZE_URL" => !x(DEFAULT_AUTHORIZE_URL),
        "X_WEB_BASE" => !x(DEFAULT_WEB_BASE),
        _ => true,
    }
}

/// The names the app is kept from: its settings, then its secrets.
fn names() -> impl Iterator<Item = &'static str> {
    SETUP_SETTINGS.iter().chain(SECRETS.iter()).copied()
}

/// `--from-env`: the `X_*` variables of the environment or `--env-file` (never an implicit
/// `./.env`, which whoever made the directory wrote), checked.
async fn from_env(
    env: &Env,
    common: &Common,
) -> Result<(Vec<(&'static str, String)>, Option<String>)> {
    let values: Vec<(&'static str, String)> = names()
        .filter(|name| env.source(name) != Source::DotEnv)
        .filter_map(|name| env.get(name).map(|v| (name, v.trim().to_owned())))
        .collect();
    let ignored: Vec<&str> = names()
        .filter(|name| env.source(name) == Source::DotEnv)
        .collect();
    if !ignored.is_empty() {
        output::warn(format!(
            "./.env sets {}, which xpost auth setup --from-env does not keep (give the file with --env-file to keep it)",
            ignored.join(", ")
        ));
    }
    let config = checked(&values)?;
    let username = check_keys(&config, common).await?;
    if config.client_id.is_some() {
        output::note(format!(
            "The OAuth 2.0 app is checked by X at its first consent: {}",
            command(&["xpost", "auth", "login"])
        ));
    }
    Ok((values, username))
}

/// The configuration `values` make, checked as a run's would be.
fn checked(values: &[(&'static str, String)]) -> Result<Config> {
    let lookup = values.to_vec();
    let env = Env::from_lookup(move |name| {
        lookup
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    });
    env.config_for(None)
}

/// Asks X whose the four keys are, when they are given: a signed `GET /2/users/me`. Keys X
/// refuses are a configuration error (78).
async fn check_keys(config: &Config, common: &Common) -> Result<Option<String>> {
    let Some(keys) = &config.oauth1 else {
        return Ok(None);
    };
    let ctx = Context::new(
        config.clone(),
        None,
        Default::default(),
        context::policy(common),
    )?;
    let user = users::me_as(&ctx.api, Auth::OAuth1(keys)).await?;
    output::note(format!(
        "X accepts the OAuth 1.0a keys: they post as @{}.",
        outside(&user.username)
    ));
    Ok(Some(user.username))
}

/// What to create in X's developer console.
fn steps(redirect_uri: &str) -> String {
    [
        "Set up xpost with an app of X's developer console (https://developer.x.com):",
        "  1. Projects & Apps > your project > Add App (or open the app you have).",
        "  2. User authentication settings > Set up:",
        "       App permissions: Read and write",
        "       Type of App:     Native App (a public client) or Web App (with a client secret)",
        &format!("       Callback URI:    {redirect_uri}"),
        "       Website URL:     any page of yours",
        "  3. Keys and tokens: the OAuth 2.0 Client ID (and Client Secret for a Web App), and for",
        "     posting without a browser (servers, cron, CI) the API Key and Secret and an Access",
        "     Token and Secret generated after setting Read and write.",
        "Secrets are read without showing them, checked with X, and kept in the system keyring.",
    ]
    .join("\n")
}

/// The interactive set-up.
async fn at_terminal(
    env: &Env,
    common: &Common,
) -> Result<(Vec<(&'static str, String)>, Option<String>)> {
    // The endpoints and callback the environment names (the sandbox's, say), else X's.
    let mut base: Vec<(&'static str, String)> = [
        "X_REDIRECT_URI",
        "X_API_BASE",
        "X_AUTHORIZE_URL",
        "X_WEB_BASE",
    ]
    .into_iter()
    .filter(|name| env.source(name) != Source::DotEnv)
    .filter_map(|name| env.get(name).map(|v| (name, v)))
    .collect();
    let redirect = base
        .iter()
        .find(|(k, _)| *k == "X_REDIRECT_URI")
        .map_or(DEFAULT_REDIRECT_URI.to_owned(), |(_, v)| v.clone());
    output::show(steps(&outside(&redirect)));
    let mut input = std::io::stdin().lock();
    let way = loop {
        let answer = ask(
            &mut input,
            "How will xpost authorize? 1) OAuth 2.0 app (a consent in a browser once)  2) OAuth 1.0a keys (no browser)  3) both [1]: ",
        )?;
        match answer.as_str() {
            "" | "1" => break (true, false),
            "2" => break (false, true),
            "3" => break (true, true),
            _ => output::show("Answer 1, 2 or 3."),
        }
    };
    let mut username = None;
    if way.1 {
        let mut tries = 0;
        loop {
            let mut keys = base.clone();
            keys.push(("X_API_KEY", ask_visible(&mut input, "API Key: ")?));
            keys.push(("X_API_SECRET", ask_hidden("API Key Secret (hidden): ")?));
            keys.push(("X_ACCESS_TOKEN", ask_hidden("Access Token (hidden): ")?));
            keys.push((
                "X_ACCESS_TOKEN_SECRET",
                ask_hidden("Access Token Secret (hidden): ")?,
            ));
            let checked = match checked(&keys) {
                Ok(config) => check_keys(&config, common).await,
                Err(err) => Err(err),
            };
            match checked {
                Ok(user) => {
                    username = user;
                    base = keys;
                    break;
                }
                Err(err) if matches!(err.cause(), Cause::Config) && tries + 1 < TRIES => {
                    tries += 1;
                    output::warn(format!(
                        "{}; nothing is kept: enter the four keys again",
                        err.message()
                    ));
                }
                Err(err) => return Err(err),
            }
        }
    }
    if way.0 {
        let mut tries = 0;
        loop {
            let mut app = base.clone();
            app.push((
                "X_CLIENT_ID",
                ask_visible(&mut input, "OAuth 2.0 Client ID: ")?,
            ));
            let secret = ask_hidden("OAuth 2.0 Client Secret (hidden; empty for a Native App): ")?;
            if !secret.is_empty() {
                app.push(("X_CLIENT_SECRET", secret));
            }
            let config = match checked(&app) {
                Ok(config) => config,
                Err(err) if tries + 1 < TRIES => {
                    tries += 1;
                    output::warn(format!("{}; enter the app's keys again", err.message()));
                    continue;
                }
                Err(err) => return Err(err),
            };
            let now = ask(&mut input, "Log in now, to check the app with X? [Y/n]: ")?;
            if now.eq_ignore_ascii_case("n") || now.eq_ignore_ascii_case("no") {
                output::note("The OAuth 2.0 app is checked by X at its first consent.");
                base = app;
                break;
            }
            let mut config = config;
            config.method = Method::OAuth2;
            let store = match env.state_dir() {
                Ok(dir) => Some(crate::auth::store::Store::at(
                    dir,
                    crate::auth::keyring::Secrets::system(
                        env.insecure_storage(common.insecure_storage)?,
                    ),
                )),
                Err(err) => return Err(err),
            };
            let mut ctx = Context::new(config, store, env.browser(), context::policy(common))?;
            ctx.no_consent = context::no_consent(env, common);
            ctx.account = env.account(common.account.as_deref());
            // The login as `auth login` makes it; what it says goes to stderr, stdout being
            // the set-up's result.
            match ctx
                .session()
                .login_as_asked(ctx.consent_options(common))
                .await
            {
                Ok((login, slot)) => {
                    output::note(format!(
                        "X accepts the OAuth 2.0 app: logged in as @{}{}.",
                        outside(login.username.as_deref().unwrap_or("(unknown)")),
                        slot.map(|s| format!(", the login kept in {}", shown(&s.path())))
                            .unwrap_or_default()
                    ));
                    username = username.or(login.username);
                    base = app;
                    break;
                }
                Err(err)
                    if matches!(err.cause(), Cause::Config | Cause::Auth) && tries + 1 < TRIES =>
                {
                    tries += 1;
                    output::warn(format!(
                        "{}; nothing is kept: enter the app's keys again",
                        err.message()
                    ));
                }
                Err(err) => return Err(err),
            }
        }
    }
    Ok((base, username))
}

/// A line from the terminal, after `prompt` on stderr.
fn ask(input: &mut impl BufRead, prompt: &str) -> Result<String> {
    prompt_on_stderr(prompt);
    let mut line = String::new();
    let read = input
        .read_line(&mut line)
        .map_err(|err| Error::new(Cause::NoInput, format!("cannot read the answer: {err}")))?;
    if read == 0 {
        return Err(Error::new(
            Cause::NoInput,
            "the terminal closed: nothing was kept",
        ));
    }
    Ok(line.trim().to_owned())
}

/// Writes `prompt` on stderr, where the terminal shows it, without a line break.
fn prompt_on_stderr(prompt: &str) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{prompt}");
    let _ = err.flush();
}

/// A value that is not secret, asked until one is given.
fn ask_visible(input: &mut impl BufRead, prompt: &str) -> Result<String> {
    loop {
        let value = ask(input, prompt)?;
        if !value.is_empty() {
            return Ok(value);
        }
    }
}

/// A secret, read from the terminal with echo off.
fn ask_hidden(prompt: &str) -> Result<String> {
    rpassword::prompt_password(prompt)
        .map(|v| v.trim().to_owned())
        .map_err(|err| Error::new(Cause::NoInput, format!("cannot read the secret: {err}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xs_own_endpoints_are_not_kept() {
        assert!(!kept_setting("X_API_BASE", "https://api.x.com/"));
        assert!(kept_setting("X_API_BASE", "http://127.0.0.1:8700"));
        assert!(!kept_setting("X_WEB_BASE", "https://x.com"));
        assert!(kept_setting("X_CLIENT_ID", "id"));
    }

    #[test]
    fn the_steps_name_the_callback_and_the_permissions() {
        let text = steps("http://127.0.0.1:5000/oauth/callback");
        assert!(text.contains("Callback URI:    http://127.0.0.1:5000/oauth/callback"));
        assert!(text.contains("Read and write"));
    }
}
