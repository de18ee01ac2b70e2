//! `xpost sandbox ...`: xpost's imitation of X, for scripts and people.
//!
//! `sandbox serve` keeps one running, with its accounts, tokens and posts, across any number
//! of xpost runs, and prints the variables that point xpost at it. `sandbox consent` is a
//! browser for its consent page, for machines that have none. (`--sandbox`, the one-shot
//! sandbox of a single post, is [`super::one_shot`].)

use std::time::Duration;

use serde::Serialize;

use xpost_sandbox::{Decision, EditRules, FaultSpec, Options, consent_as_browser};

use super::context::gave_up;
use super::one_shot::{start, variables};
use crate::auth::keyring::Secrets;
use crate::auth::store::Store;
use crate::cli::{Common, SandboxCommand};
use crate::config::DEFAULT_REDIRECT_URI;
use crate::error::{Cause, Error, Result};
use crate::output;

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
    let text: Vec<String> = vars
        .iter()
        .map(|(k, v)| format!("export {k}={}", shell_words::quote(v)))
        .collect();
    output::print_json_or(common.json, &served, &text.join("\n"))?;
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "xpost".to_owned());
    output::note(format!(
        "xpost sandbox serving at {} until stopped (Ctrl-C). Paste the lines above into a shell to point xpost at it.\n\
         To keep this sandbox's app for every directory (while it serves on this port): paste them, then {}\n\
         Without a browser, consent with: BROWSER={} xpost auth login\n\
         Inject faults with POST {}/_sandbox/faults {{\"method\",\"route\",\"fault\",\"times\"}}; clear them with DELETE.",
        sandbox.base_url(),
        crate::sanitize::command(&["xpost", "auth", "setup", "--from-env", "--app", "sandbox"]),
        shell_words::quote(&format!("{exe} sandbox consent")),
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
    let absolute = |name: &str| {
        var(name)
            .map(std::path::PathBuf::from)
            .filter(|path| path.is_absolute())
    };
    let home = if let Some(runtime) = absolute("XDG_RUNTIME_DIR") {
        runtime.join("xpost-sandbox").join(port)
    } else if let Some(cache) = absolute("XDG_CACHE_HOME") {
        cache.join("xpost").join("sandbox").join(port)
    } else if let Some(home) = absolute("HOME") {
        home.join(".cache").join("xpost").join("sandbox").join(port)
    } else {
        return Err(Error::config(
            "cannot tell where to keep the sandbox's logins: neither XDG_RUNTIME_DIR nor HOME is set",
        )
        .hint("set HOME to your home directory"));
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
