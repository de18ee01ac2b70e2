//! `xpost sandbox ...`: xpost's imitation of X, for scripts and people.
//!
//! `sandbox serve` keeps one running, with its accounts, tokens and posts, across any number
//! of xpost runs, and prints the variables that point xpost at it. `sandbox consent` is a
//! browser for its consent page, for machines that have none. (`--sandbox`, the one-shot
//! sandbox of a single post, is [`super::one_shot`].)

use std::time::Duration;

use clap::{Args, Subcommand};
use serde::Serialize;

use xpost_sandbox::{Decision, EditRules, FaultSpec, Options, consent_as_browser};

use super::context::gave_up;
use super::one_shot::{start, variables};
use crate::auth::keyring::Secrets;
use crate::auth::store::Store;
use crate::config::DEFAULT_REDIRECT_URI;
use crate::config::dirs::{self, Platform};
use crate::error::{Cause, Error, Result};
use crate::options::{Common, parse_duration};
use crate::output;

/// `xpost sandbox ...`
#[cfg(feature = "sandbox")]
#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Serve the imitation until stopped, keeping accounts, tokens and posts across runs.
    Serve {
        /// The port to listen on (127.0.0.1 only); 0 picks a free one.
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// A callback to register besides http://127.0.0.1:5000/oauth/callback. Repeatable.
        #[arg(long = "redirect-uri", value_name = "URI")]
        redirect_uris: Vec<String>,
        /// How many STATUS polls a GIF or video takes to process; 0 finishes at finalize.
        #[arg(long, value_name = "N", default_value_t = 2)]
        processing_polls: u32,
        /// Make an endpoint fail, as 'METHOD ROUTE=KIND[:ARG][*TIMES]' (TIMES defaults to 1),
        /// e.g. 'POST /2/tweets=drop-after-read', 'POST /2/media/upload/{id}/append=status:503*2',
        /// 'GET /2/users/me=delay:3s'. KIND is status:N, delay:DURATION, drop-before-read,
        /// drop-after-read, truncated, not-json or bad-id (the answer's data.id is no id).
        /// Repeatable; faults for one route are met in
        /// order. Change them while serving with POST or DELETE /_sandbox/faults.
        #[arg(long = "fault", value_name = "SPEC", value_parser = xpost_sandbox::FaultSpec::parse)]
        faults: Vec<xpost_sandbox::FaultSpec>,
        /// How X bills and limits the app (2026), to meet those answers before paying for them.
        #[command(flatten)]
        billing: SandboxBilling,
        /// How X reads and edits posts.
        #[command(flatten)]
        posts: SandboxPosts,
    },
    /// Act as a browser on the sandbox's consent page: usable as $BROWSER where none exists.
    Consent {
        /// The consent URL xpost opened.
        url: String,
        /// Click Cancel instead of Authorize.
        #[arg(long)]
        cancel: bool,
    },
}

/// `xpost sandbox serve`'s imitation of X's 2026 billing and plan rules.
#[cfg(feature = "sandbox")]
#[derive(Debug, Clone, Args)]
pub struct SandboxBilling {
    /// The app's plan: permissive (everything allowed) or self-serve (no quotes; at most one
    /// cashtag; replies only to your own posts, to posts that mention you or quote you).
    #[arg(long, value_name = "PLAN", default_value = "permissive", value_parser = xpost_sandbox::Plan::parse)]
    pub plan: xpost_sandbox::Plan,
    /// Prepaid credits: each request that succeeds spends one; then X answers 402.
    #[arg(long, value_name = "N")]
    pub credits: Option<u64>,
    /// Answer every request with 429 usage-capped, as when a usage cap is reached.
    #[arg(long)]
    pub usage_capped: bool,
    /// Answer every request with 403 client-forbidden, as for an app not attached to a project.
    #[arg(long)]
    pub unenrolled: bool,
    /// Posts per user per 24 hours, with X's x-user-limit-24hour-* headers; then 429.
    #[arg(long, value_name = "N")]
    pub daily_post_limit: Option<u32>,
}

/// How the sandbox reads and edits posts, where X's documents disagree or X may change.
#[cfg(feature = "sandbox")]
#[derive(Debug, Args)]
pub struct SandboxPosts {
    /// How long after a post is posted it may be edited (X documents 30 minutes).
    #[arg(long, value_name = "DURATION", default_value = "30m", value_parser = parse_duration)]
    pub edit_window: Duration,
    /// How many edits a post may have (X documents 5).
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub edits: u32,
    /// The names a post lookup takes: tweet (tweet.fields, edit_history_tweet_ids, as X's docs)
    /// or post (post.fields, edit_history_post_ids, as X's OpenAPI description v2.167).
    #[arg(long, value_name = "NAMES", default_value = "tweet", value_parser = xpost_sandbox::ApiNames::parse)]
    pub field_names: xpost_sandbox::ApiNames,
    /// How a lookup of a post that does not exist is answered: errors (200 with only errors)
    /// or 404.
    #[arg(long, value_name = "HOW", default_value = "errors", value_parser = xpost_sandbox::MissingPost::parse)]
    pub missing_post: xpost_sandbox::MissingPost,
    /// How a deletion is answered: data (200 {"data":{"deleted":true|false}}), 204 (no body
    /// for a post deleted), errors (200 with only errors for a post already gone) or 404 (for
    /// a post already gone).
    #[arg(long, value_name = "HOW", default_value = "data", value_parser = xpost_sandbox::DeleteAnswer::parse)]
    pub delete_answer: xpost_sandbox::DeleteAnswer,
    /// How refusals are worded: problem (type, title, detail), errors (only an errors list),
    /// code ({"code", "message"}) or flat (OpenAPI v2.167: types under api.x.com, a refused
    /// parameter as one flat invalid-request).
    #[arg(long, value_name = "SHAPE", default_value = "problem", value_parser = xpost_sandbox::ErrorShape::parse)]
    pub error_shape: xpost_sandbox::ErrorShape,
    /// The accounts' subscription: none (posts of up to 280 weighted characters), basic,
    /// premium or premiumplus (up to 25,000). POST /_sandbox/subscription with
    /// {"subscription":"none"} changes it while the sandbox runs (a subscription that lapses).
    #[arg(long, value_name = "KIND", default_value = "none", value_parser = xpost_sandbox::Subscription::parse)]
    pub subscription: xpost_sandbox::Subscription,
}

/// Runs `xpost sandbox ...`.
pub async fn run(command: SandboxCommand, common: &Common) -> Result<()> {
    match command {
        SandboxCommand::Serve {
            port,
            redirect_uris,
            processing_polls,
            faults,
            billing,
            posts,
        } => {
            let options = Options {
                port,
                processing_polls,
                plan: billing.plan,
                credits: billing.credits,
                usage_capped: billing.usage_capped,
                enrolled: !billing.unenrolled,
                daily_post_limit: billing.daily_post_limit,
                edit_rules: EditRules {
                    window: posts.edit_window,
                    edits: posts.edits,
                },
                api_names: posts.field_names,
                missing_post: posts.missing_post,
                delete_answer: posts.delete_answer,
                error_shape: posts.error_shape,
                subscription: posts.subscription,
                ..Options::default()
            };
            serve(options, redirect_uris, faults, common).await
        }
        SandboxCommand::Consent { url, cancel } => {
            let decision = if cancel {
                Decision::Cancel
            } else {
                Decision::Authorize
            };
            let max = common.max_time;
            match tokio::time::timeout(max, consent_as_browser(&url, decision)).await {
                Err(_) => Err(gave_up(max)),
                Ok(Ok(200)) => Ok(()),
                Ok(Ok(status)) => Err(Error::new(
                    Cause::Auth,
                    format!("the callback answered {status}"),
                )),
                Ok(Err(why)) => Err(Error::new(Cause::Unavailable, why)),
            }
        }
    }
}

#[derive(Serialize)]
struct Served {
    base_url: String,
    env: std::collections::BTreeMap<&'static str, String>,
}

async fn serve(
    options: Options,
    extra_redirects: Vec<String>,
    faults: Vec<FaultSpec>,
    common: &Common,
) -> Result<()> {
    let mut redirect_uris = vec![DEFAULT_REDIRECT_URI.to_owned()];
    redirect_uris.extend(extra_redirects);
    let sandbox = start(Options {
        redirect_uris: redirect_uris.clone(),
        ..options
    })
    .await?;
    for spec in faults {
        output::note(format!("sandbox: fault {spec}"));
        sandbox.inject(&spec.method, &spec.route, spec.fault, spec.times);
    }
    let mut vars = variables(&sandbox, &redirect_uris[0]);
    // A separate state directory, so that the sandbox's login never replaces a real one.
    let port = sandbox
        .base_url()
        .rsplit(':')
        .next()
        .unwrap_or("0")
        .to_owned();
    let home = private_home(&port, |name| std::env::var_os(name))?;
    vars.push(("XPOST_HOME", home.display().to_string()));
    // A login left by an earlier serve on this port holds tokens this sandbox never issued.
    Store::at(&home, Secrets::system(false)).forget_all()?;

    let served = Served {
        base_url: sandbox.base_url(),
        env: vars.iter().map(|(k, v)| (*k, v.clone())).collect(),
    };
    let windows = Platform::HERE == Platform::Windows;
    let text: Vec<String> = vars
        .iter()
        .map(|(k, v)| assignment(k, v, windows))
        .collect();
    output::print_json_or(common.json, &served, &text.join("\n"))?;
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "xpost".to_owned());
    output::note(format!(
        "xpost sandbox serving at {} until stopped (Ctrl-C). Paste the lines above into {} to point xpost at it.\n\
         To keep this sandbox's app for every directory (while it serves on this port): paste them, then {}\n\
         Without a browser, consent with: {}\n\
         Inject faults with POST {}/_sandbox/faults {{\"method\",\"route\",\"fault\",\"times\"}}; clear them with DELETE.",
        sandbox.base_url(),
        if windows { "PowerShell" } else { "a shell" },
        crate::sanitize::command(&["xpost", "auth", "setup", "--from-env", "--app", "sandbox"]),
        consent_login(&exe, windows),
        sandbox.base_url()
    ));

    let mut seen = 0;
    let log_new = |seen: &mut usize| {
        let requests = sandbox.requests();
        for record in requests.iter().skip(*seen) {
            let status = match record.status {
                0 => "0 (connection dropped)".to_owned(),
                status => status.to_string(),
            };
            output::note(format!(
                "sandbox: {} {} {status}",
                record.method, record.path
            ));
        }
        *seen = requests.len();
    };
    let stop = shutdown_signal();
    tokio::pin!(stop);
    loop {
        log_new(&mut seen);
        tokio::select! {
            () = &mut stop => break,
            () = tokio::time::sleep(Duration::from_millis(50)) => {}
        }
    }
    // What was served since the last pass is logged too.
    log_new(&mut seen);
    output::note("sandbox: stopped.");
    sandbox.shutdown().await;
    Ok(())
}

/// Where `serve` on `port` keeps the logins made with it: a directory of the user's own, the
/// same for the same port, so that a restarted serve's variables are the ones already pasted.
/// `$XDG_RUNTIME_DIR/xpost-sandbox/PORT` (private to the user by its definition), else
/// `$XDG_CACHE_HOME/xpost/sandbox/PORT`, else `~/.cache/xpost/sandbox/PORT`; never a shared
/// directory such as `/tmp`, where another user could have put a link or a directory of theirs
/// at the name first. The directories it makes are the user's alone (0700).
fn private_home(
    port: &str,
    var: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Result<std::path::PathBuf> {
    let get = |name: &str| var(name).and_then(|value| value.into_string().ok());
    let Some(home) = dirs::sandbox_dir(Platform::HERE, port, get) else {
        return Err(Error::config(format!(
            "cannot tell where to keep the sandbox's logins: neither XDG_RUNTIME_DIR nor {} is set",
            if Platform::HERE == Platform::Windows {
                "LOCALAPPDATA"
            } else {
                "HOME"
            }
        ))
        .hint(if Platform::HERE == Platform::Windows {
            "set LOCALAPPDATA to your local application data folder"
        } else {
            "set HOME to your home directory"
        }));
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(&home).map_err(|err| {
        Error::config(format!(
            "cannot make the sandbox's directory {}: {err}",
            crate::sanitize::path(&home)
        ))
    })?;
    Ok(home)
}

/// The line that sets `name` to `value` when pasted: `export NAME='value'` for a POSIX shell,
/// `$env:NAME = 'value'` for PowerShell, Windows' own shell. Pasted into the other shell of
/// Windows, `cmd.exe`, a PowerShell line fails aloud; a `cmd.exe` line (`set "NAME=value"`)
/// pasted into PowerShell would set nothing without a word, and the next xpost would act on the
/// real account.
fn assignment(name: &str, value: &str, windows: bool) -> String {
    if windows {
        format!("$env:{name} = {}", powershell_quote(value))
    } else {
        format!("export {name}={}", shell_words::quote(value))
    }
}

/// `text` as a PowerShell string that is taken as it is: single quotes, a `'` doubled.
fn powershell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The command that logs in with `exe` acting as the browser: for a POSIX shell, or for
/// PowerShell, where `$BROWSER` is set for the login only and split by Windows' rules (the
/// path quoted with `"`).
fn consent_login(exe: &str, windows: bool) -> String {
    if windows {
        format!(
            "try {{ $env:BROWSER = {}; xpost auth login }} finally {{ Remove-Item Env:BROWSER }}",
            powershell_quote(&format!("\"{exe}\" sandbox consent"))
        )
    } else {
        format!(
            "BROWSER={} xpost auth login",
            shell_words::quote(&format!("{exe} sandbox consent"))
        )
    }
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;
    use std::path::Path;

    fn home_with(vars: &[(&str, &Path)], port: &str) -> std::path::PathBuf {
        private_home(port, |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        })
        .unwrap()
    }

    #[test]
    fn the_variables_are_set_in_the_platforms_shell() {
        assert_eq!(
            assignment("XPOST_HOME", "/home/me/.cache/xpost/sandbox/1234", false),
            "export XPOST_HOME=/home/me/.cache/xpost/sandbox/1234"
        );
        assert_eq!(assignment("X", "a b&c", false), "export X='a b&c'");
        assert_eq!(
            assignment(
                "XPOST_HOME",
                r"C:\Users\me\AppData\Local\xpost\sandbox\1234",
                true
            ),
            r"$env:XPOST_HOME = 'C:\Users\me\AppData\Local\xpost\sandbox\1234'"
        );
        assert_eq!(assignment("X", "it's", true), "$env:X = 'it''s'");
    }

    #[test]
    fn the_consent_hint_suits_the_platforms_shell() {
        assert_eq!(
            consent_login("/opt/x/xpost", false),
            "BROWSER='/opt/x/xpost sandbox consent' xpost auth login"
        );
        assert_eq!(
            consent_login(r"C:\Program Files\xpost\xpost.exe", true),
            r#"try { $env:BROWSER = '"C:\Program Files\xpost\xpost.exe" sandbox consent'; xpost auth login } finally { Remove-Item Env:BROWSER }"#
        );
    }

    #[test]
    fn the_sandboxs_home_is_the_users_own_never_the_shared_temporary_directory() {
        let dir = tempfile::tempdir().unwrap();
        let runtime = dir.path().join("run");
        let cache = dir.path().join("cache");
        let home = dir.path().join("home");
        assert_eq!(
            home_with(&[("XDG_RUNTIME_DIR", &runtime), ("HOME", &home)], "5001"),
            runtime.join("xpost-sandbox/5001")
        );
        assert_eq!(
            home_with(&[("XDG_CACHE_HOME", &cache), ("HOME", &home)], "5001"),
            cache.join("xpost/sandbox/5001")
        );
        let made = home_with(&[("HOME", &home)], "5002");
        assert_eq!(made, home.join(".cache/xpost/sandbox/5002"));
        assert!(made.is_dir());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(home.join(".cache/xpost"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "{mode:o}");
        }
        // A relative directory is no one's in particular: passed over.
        assert_eq!(
            home_with(
                &[("XDG_RUNTIME_DIR", Path::new("run")), ("HOME", &home)],
                "5003"
            ),
            home.join(".cache/xpost/sandbox/5003")
        );
        assert!(private_home("5004", |_| None).is_err());
    }
}
