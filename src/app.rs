//! One run of `xpost "text" --image ...`: check the input, get consent, upload, post, print.
//!
//! The order keeps the promises made to the user: every local check happens before any
//! network call; OAuth 1.0a uploads run while the user is still on the consent page; the post
//! is made once, with the OAuth 2.0 token, and only after every upload succeeded.

use futures_util::future::try_join_all;

use crate::auth::callback::Listener;
use crate::auth::pkce::OAuthClient;
use crate::auth::{self, Opener, browser};
use crate::cli::Cli;
use crate::config::Config;
use crate::error::{Error, Exit, Result};
use crate::output::{self, Posted};
use crate::sandbox::{self, Sandbox};
use crate::x::client::{Api, Auth, http_client};
use crate::x::media::{self, MediaFile};
use crate::x::tweets::{self, NewPost};
use crate::x::users;

/// Runs the command line and prints the result.
pub async fn run(cli: Cli) -> Result<()> {
    let text = cli.text.clone().filter(|t| !t.trim().is_empty());
    if text.is_none() && cli.images.is_empty() {
        return Err(Error::new(
            Exit::Usage,
            "nothing to post: the text is empty and no image is attached",
        )
        .hint("give the text as an argument, e.g. xpost \"hello\""));
    }
    let files = media::check_images(&cli.images)?;

    // The sandbox lives as long as this run; it must outlast every request below.
    let mut sandbox_guard = None;
    let (config, opener) = if cli.sandbox {
        let sandbox = start_sandbox().await?;
        let config = sandbox_config(&sandbox)?;
        let opener = if cli.no_browser || !browser::available() {
            sandbox_browser()
        } else {
            Opener::Browser
        };
        sandbox_guard = Some(sandbox);
        (config, opener)
    } else {
        let config = Config::load(cli.env_file.as_deref())?;
        let opener = if cli.no_browser {
            Opener::PrintOnly
        } else {
            Opener::Browser
        };
        (config, opener)
    };
    for warning in &config.warnings {
        output::warn(warning);
    }

    let http = http_client()?;
    let api = Api::new(http.clone(), config.api_base.clone());
    let listener = Listener::bind(&config.redirect_uri).await?;
    if let Some(sandbox) = &sandbox_guard {
        sandbox.register_redirect_uri(listener.redirect_uri().as_str());
    }
    let oauth = OAuthClient::new(&config, http);
    let consent = auth::consent(&oauth, listener, opener, cli.auth_timeout, false);

    let (tokens, media_ids) = match &config.oauth1 {
        // OAuth 1.0a needs no consent: upload while the user is on the consent page. If an
        // upload fails, the consent is dropped and nothing is posted.
        Some(keys) => tokio::try_join!(consent, upload_all(&api, Auth::OAuth1(keys), &files))?,
        None => {
            let tokens = consent.await?;
            let ids = upload_all(&api, Auth::Bearer(&tokens.access_token), &files).await?;
            (tokens, ids)
        }
    };

    let post = NewPost::new(text, media_ids.clone());
    let (created, me) = tokio::join!(
        tweets::create(&api, &tokens.access_token, &post),
        users::me(&api, &tokens.access_token)
    );
    let created = created?;
    let username = match me {
        Ok(user) => Some(user.username),
        Err(err) => {
            output::warn(format!(
                "posted, but could not look up your username ({}); printing the handle-less URL",
                err.message()
            ));
            None
        }
    };
    let posted = Posted {
        url: output::post_url(&config.web_base, username.as_deref(), &created.id),
        id: created.id,
        text: created.text,
        media_ids,
    };
    output::print_posted(&posted, cli.json)
        .map_err(|err| Error::internal(format!("cannot write the result to stdout: {err}")))?;
    Ok(())
}

/// Uploads every file at once; the first failure cancels the rest.
async fn upload_all(api: &Api, auth: Auth<'_>, files: &[MediaFile]) -> Result<Vec<String>> {
    try_join_all(files.iter().map(|file| media::upload(api, auth, file))).await
}

async fn start_sandbox() -> Result<Sandbox> {
    let options = sandbox::Options {
        port: 0,
        redirect_uris: Vec::new(),
        confidential: true,
        ..sandbox::Options::default()
    };
    let sandbox = Sandbox::start(options)
        .await
        .map_err(|err| Error::internal(format!("cannot start the sandbox: {err}")))?;
    output::note(format!(
        "sandbox: using xpost's imitation of X at {}; nothing is posted on X.",
        sandbox.base_url()
    ));
    Ok(sandbox)
}

/// The sandbox's built-in credentials and endpoints, read as if they were the environment.
fn sandbox_config(sandbox: &Sandbox) -> Result<Config> {
    let creds = &sandbox::CREDENTIALS;
    let (base, authorize) = (sandbox.base_url(), sandbox.authorize_url());
    let mut config = Config::from_lookup(|name| {
        Some(match name {
            "X_CLIENT_ID" => creds.client_id.to_owned(),
            "X_CLIENT_SECRET" => creds.client_secret.to_owned(),
            "X_API_KEY" => creds.api_key.to_owned(),
            "X_API_SECRET" => creds.api_secret.to_owned(),
            "X_ACCESS_TOKEN" => creds.access_token.to_owned(),
            "X_ACCESS_TOKEN_SECRET" => creds.access_token_secret.to_owned(),
            "X_API_BASE" => base.clone(),
            "X_AUTHORIZE_URL" => authorize.clone(),
            "X_REDIRECT_URI" => "http://127.0.0.1:0/oauth/callback".to_owned(),
            _ => return None,
        })
    })?;
    // Post URLs point at the sandbox, so nobody mistakes a sandbox post for a real one.
    config.web_base = base;
    Ok(config)
}

/// Where no browser can be opened, the sandbox clicks Authorize itself, through the real
/// loopback redirect.
fn sandbox_browser() -> Opener {
    Opener::With(Box::new(|url| {
        tokio::spawn(async move {
            if let Err(why) = sandbox::consent_as_browser(&url, sandbox::Decision::Authorize).await
            {
                output::warn(format!("the sandbox could not authorize by itself: {why}"));
            }
        });
    }))
}
