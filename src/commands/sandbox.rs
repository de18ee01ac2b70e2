//! `--sandbox` and `xpost sandbox ...`: xpost against its own imitation of X.
//!
//! The one-shot sandbox ([`one_shot`]) lives for one post and keeps no login. `sandbox serve`
//! keeps one running, with its accounts, tokens and posts, across any number of xpost runs,
//! and prints the variables that point xpost at it. `sandbox consent` is a browser for its
//! consent page, for machines that have none.

use std::time::Duration;

use serde::Serialize;

use crate::app::{self, Context};
use crate::auth::Opener;
use crate::auth::session::ConsentOptions;
use crate::cli::{Common, SandboxCommand};
use crate::config::{Config, DEFAULT_REDIRECT_URI};
use crate::error::{Error, Exit, Result};
use crate::output;
use crate::sandbox::{self, CREDENTIALS, Decision, FaultSpec, Options, Sandbox};

/// Runs `xpost sandbox ...`.
pub async fn run(command: SandboxCommand, common: &Common) -> Result<()> {
    match command {
        SandboxCommand::Serve {
            port,
            redirect_uris,
            processing_polls,
            faults,
        } => serve(port, redirect_uris, processing_polls, faults, common).await,
        SandboxCommand::Consent { url, cancel } => {
            let decision = if cancel {
                Decision::Cancel
            } else {
                Decision::Authorize
            };
            match sandbox::consent_as_browser(&url, decision).await {
                Ok(200) => Ok(()),
                Ok(status) => Err(Error::new(
                    Exit::Auth,
                    format!("the callback answered {status}"),
                )),
                Err(why) => Err(Error::new(Exit::Unavailable, why)),
            }
        }
    }
}

/// A sandbox for one run: a free port, the built-in app registered with a free loopback
/// callback, and no token store.
pub async fn one_shot(common: &Common) -> Result<(Context, Sandbox)> {
    let redirect_uri = format!("http://127.0.0.1:{}/oauth/callback", free_port()?);
    let sandbox = start(0, vec![redirect_uri.clone()], 1).await?;
    output::note(format!(
        "sandbox: using xpost's imitation of X at {}; nothing is posted on X.",
        sandbox.base_url()
    ));
    let vars = variables(&sandbox, &redirect_uri);
    let config = Config::from_lookup(|name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    })?;
    Ok((Context::new(config, None, app::policy(common))?, sandbox))
}

/// How the sandbox's consent is given: in the user's browser if one can be opened, else by
/// the sandbox itself, through the real loopback redirect.
pub fn consent_options(common: &Common) -> ConsentOptions {
    let opener = if app::browser_available(common) {
        Opener::Browser
    } else {
        Opener::With(Box::new(|url| {
            tokio::spawn(async move {
                if let Err(why) = sandbox::consent_as_browser(&url, Decision::Authorize).await {
                    output::warn(format!("the sandbox could not authorize by itself: {why}"));
                }
            });
        }))
    };
    ConsentOptions {
        opener,
        timeout: common.auth_timeout,
        interactive: false,
    }
}

async fn start(port: u16, redirect_uris: Vec<String>, processing_polls: u32) -> Result<Sandbox> {
    Sandbox::start(Options {
        port,
        redirect_uris,
        confidential: true,
        processing_polls,
        ..Options::default()
    })
    .await
    .map_err(|err| {
        let err = Error::new(Exit::Config, format!("cannot start the sandbox: {err}"));
        if port != 0 {
            err.hint(format!(
                "is port {port} in use? pick another with --port, or 0 for any"
            ))
        } else {
            err
        }
    })
}

fn free_port() -> Result<u16> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|socket| socket.local_addr())
        .map(|addr| addr.port())
        .map_err(|err| Error::internal(format!("cannot find a free loopback port: {err}")))
}

/// The variables that point xpost at `sandbox`.
fn variables(sandbox: &Sandbox, redirect_uri: &str) -> Vec<(&'static str, String)> {
    vec![
        ("X_API_BASE", sandbox.base_url()),
        ("X_AUTHORIZE_URL", sandbox.authorize_url()),
        ("X_CLIENT_ID", CREDENTIALS.client_id.to_owned()),
        ("X_CLIENT_SECRET", CREDENTIALS.client_secret.to_owned()),
        ("X_API_KEY", CREDENTIALS.api_key.to_owned()),
        ("X_API_SECRET", CREDENTIALS.api_secret.to_owned()),
        ("X_ACCESS_TOKEN", CREDENTIALS.access_token.to_owned()),
        (
            "X_ACCESS_TOKEN_SECRET",
            CREDENTIALS.access_token_secret.to_owned(),
        ),
        ("X_REDIRECT_URI", redirect_uri.to_owned()),
        // Post URLs point at the sandbox, so nobody mistakes a sandbox post for a real one.
        ("X_WEB_BASE", sandbox.base_url()),
    ]
}

#[derive(Serialize)]
struct Served {
    base_url: String,
    env: std::collections::BTreeMap<&'static str, String>,
}

async fn serve(
    port: u16,
    extra_redirects: Vec<String>,
    processing_polls: u32,
    faults: Vec<FaultSpec>,
    common: &Common,
) -> Result<()> {
    let mut redirect_uris = vec![DEFAULT_REDIRECT_URI.to_owned()];
    redirect_uris.extend(extra_redirects);
    let sandbox = start(port, redirect_uris.clone(), processing_polls).await?;
    for spec in faults {
        output::note(format!("sandbox: fault {spec}"));
        sandbox.inject(&spec.method, &spec.route, spec.fault, spec.times);
    }
    let mut vars = variables(&sandbox, &redirect_uris[0]);
    // A separate state directory, so that the sandbox's login never replaces a real one.
    let home = std::env::temp_dir().join(format!(
        "xpost-sandbox-{}",
        sandbox.base_url().rsplit(':').next().unwrap_or("0")
    ));
    vars.push(("XPOST_HOME", home.display().to_string()));
    // A login left by an earlier serve on this port holds tokens this sandbox never issued.
    crate::auth::store::Store::at(&home).delete()?;

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
         Without a browser, consent with: BROWSER={} xpost auth login\n\
         Inject faults with POST {}/_sandbox/faults {{\"method\",\"route\",\"fault\",\"times\"}}; clear them with DELETE.",
        sandbox.base_url(),
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
