//! `--sandbox`: a post against xpost's own imitation of X, started for this one run.
//!
//! The one-shot sandbox lives for one post and keeps no login. Its app settings are the
//! sandbox's own; `xpost sandbox serve` shares how a sandbox is started and described.

use xpost_sandbox::{CREDENTIALS, Decision, Options, Sandbox, consent_as_browser};

use super::context::{self, Context};
use crate::auth::consent::Opener;
use crate::auth::session::ConsentOptions;
use crate::config::Env;
use crate::error::{Cause, Error, Result};
use crate::options::Common;
use crate::output;

/// A sandbox for one run: a free port, the built-in app registered with a free loopback
/// callback, and no token store. The app's settings are the sandbox's; anything else (the
/// browser) comes from the user's variables, `user`, as usual.
pub async fn one_shot(common: &Common, user: Env) -> Result<(Context, Sandbox)> {
    let redirect_uri = format!("http://127.0.0.1:{}/oauth/callback", free_port()?);
    let sandbox = start(Options {
        redirect_uris: vec![redirect_uri.clone()],
        processing_polls: 1,
        ..Options::default()
    })
    .await?;
    output::note(format!(
        "sandbox: using xpost's imitation of X at {}; nothing is posted on X.",
        sandbox.base_url()
    ));
    let vars = variables(&sandbox, &redirect_uri);
    let env = Env::from_lookup(move |name| {
        match vars.iter().find(|(k, _)| *k == name) {
            Some((_, v)) => Some(v.clone()),
            // The user's X app settings never mix with the sandbox's.
            None if name.starts_with("X_") => None,
            None => user.get(name),
        }
    });
    let ctx = Context::new(
        env.config_for(common.auth)?,
        None,
        env.browser(),
        context::policy(common),
    )?;
    Ok((ctx, sandbox))
}

/// How the sandbox's consent is given: in the user's browser if one opens, else by the
/// sandbox itself, through the real loopback redirect.
pub fn consent_options(ctx: &Context, common: &Common) -> ConsentOptions {
    let by_itself: Box<dyn FnOnce(String) + Send> = Box::new(|url| {
        tokio::spawn(async move {
            if let Err(why) = consent_as_browser(&url, Decision::Authorize).await {
                output::warn(format!("the sandbox could not authorize by itself: {why}"));
            }
        });
    });
    // A browser that cannot start (no launcher, one that fails, as under Wine) leaves the
    // consent to the sandbox too: nobody has to be at the terminal.
    let opener = if !common.no_browser && ctx.browser.available() {
        Opener::BrowserElse(ctx.browser.clone(), by_itself)
    } else {
        Opener::With(by_itself)
    };
    ConsentOptions {
        opener,
        timeout: common.auth_timeout,
        // The sandbox's redirect always reaches this machine: nothing to paste.
        interactive: false,
        attended: context::interactive(),
        deadline: common.deadline,
        // The sandbox consents by itself: nobody needs to be there.
        no_consent: None,
    }
}

/// Starts a sandbox for xpost's app (a confidential one, as a Web App is) with `options`.
pub async fn start(options: Options) -> Result<Sandbox> {
    let port = options.port;
    Sandbox::start(Options {
        confidential: true,
        ..options
    })
    .await
    .map_err(|err| {
        let err = Error::new(Cause::Config, format!("cannot start the sandbox: {err}"));
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
pub fn variables(sandbox: &Sandbox, redirect_uri: &str) -> Vec<(&'static str, String)> {
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
