//! What the commands that talk to X share: the configuration, the HTTP client, the API, the
//! OAuth client and the token store, built from the environment and the common options.

use std::io::IsTerminal;
use std::time::Duration;

use crate::auth::apps::Apps;
use crate::auth::caller::Authentication;
use crate::auth::consent::Opener;
use crate::auth::keyring::{Keyring, Secrets};
use crate::auth::session::{ConsentOptions, Session};
use crate::auth::store::Store;
use crate::auth::token_endpoint::{self, OAuthClient};
use crate::config::{Browser, Config, Env, Method, SECRETS, SETUP_SETTINGS, Source};
use crate::error::{Cause, Error, Result};
use crate::http::{Policy, http_client};
use crate::options::Common;
use crate::output;
use crate::x::client::Api;

/// Everything a command needs to talk to X.
pub struct Context {
    /// The checked configuration.
    pub config: Config,
    /// The `/2/...` API.
    pub api: Api,
    /// The token endpoint.
    pub oauth: OAuthClient,
    /// Where the login is kept; `None` keeps nothing.
    pub store: Option<Store>,
    /// How a browser is opened here.
    pub browser: Browser,
    /// The account asked for (`--account`, else `XPOST_ACCOUNT`); `None` is the default.
    pub account: Option<String>,
    /// Why nobody can give a consent in this run (`CI`, `--no-interactive`), if so.
    pub no_consent: Option<&'static str>,
    /// Where each `X_*` variable that is set came from, for `auth status`.
    pub origins: Vec<(&'static str, Source)>,
}

impl Context {
    /// The context for the configuration in the environment and `.env`, with the user's store.
    pub fn from_env(common: &Common) -> Result<Context> {
        Context::from_loaded(&load_env(common)?, common)
    }

    /// [`Context::from_env`] for variables the command has read already ([`load_env`]), so that
    /// a run reads them, and warns of them, once.
    pub fn from_loaded(env: &Env, common: &Common) -> Result<Context> {
        let config = env.config_for(common.auth)?;
        let secrets = Secrets::system(env.insecure_storage(common.insecure_storage)?);
        let store = match env.state_dir() {
            Ok(dir) => Some(Store::at(dir, secrets)),
            // OAuth 1.0a keeps nothing; a stored login only lends a username to post URLs.
            Err(_) if config.method == Method::OAuth1 => None,
            Err(err) => return Err(err),
        };
        let mut ctx = Context::new(config, store, env.browser(), policy(common))?;
        ctx.account = env.account(common.account.as_deref());
        ctx.no_consent = no_consent(env, common);
        ctx.origins = origins(env);
        Ok(ctx)
    }

    /// The context for `config`, keeping logins in `store`, requests behaving as `policy`.
    pub fn new(
        config: Config,
        store: Option<Store>,
        browser: Browser,
        policy: Policy,
    ) -> Result<Context> {
        for warning in &config.warnings {
            output::warn(warning);
        }
        let http = http_client(&policy)?;
        let api = Api::new(http.clone(), config.api_base.clone(), policy);
        let app = token_endpoint::App {
            client_id: config.client_id(),
            client_secret: config.client_secret.as_ref(),
            authorize_url: config.authorize_url.clone(),
            token_url: config.endpoint("/2/oauth2/token"),
            revoke_url: config.endpoint("/2/oauth2/revoke"),
        };
        let oauth = OAuthClient::new(app, http);
        Ok(Context {
            config,
            api,
            oauth,
            store,
            browser,
            account: None,
            no_consent: None,
            origins: Vec::new(),
        })
    }

    /// The login logic over this context.
    pub fn session(&self) -> Session<'_> {
        Session {
            config: &self.config,
            oauth: &self.oauth,
            api: &self.api,
            store: self.store.clone(),
            account: self.account.clone(),
        }
    }

    /// Who the run acts as, a consent (if the login needs one) asked for as `options` say:
    /// the one question every command that acts as a user asks.
    pub fn authentication(&self, options: ConsentOptions) -> Authentication<'_> {
        Authentication::new(self.session(), options)
    }

    /// How consent is asked for, from the common options.
    pub fn consent_options(&self, common: &Common) -> ConsentOptions {
        ConsentOptions {
            opener: if common.no_browser {
                Opener::PrintOnly
            } else {
                Opener::Browser(self.browser.clone())
            },
            timeout: common.auth_timeout,
            interactive: interactive(),
            attended: interactive(),
            deadline: common.deadline,
            no_consent: self.no_consent,
        }
    }
}

/// The variables of this run: the environment, then `--env-file` or `./.env`, then the app set
/// up with `xpost auth setup` (`--app`, else `XPOST_APP`, else the first), whose secrets are
/// read from the system keyring when first needed.
pub fn load_env(common: &Common) -> Result<Env> {
    with_setup(Env::load(common.env_file.as_deref())?, common)
}

/// `env` with the app set up with `xpost auth setup`: the second half of [`load_env`], for a
/// command that checks its own input with `env` first.
pub fn with_setup(env: Env, common: &Common) -> Result<Env> {
    let asked = env.app(common.app.as_deref());
    let dir = match env.config_dir() {
        Ok(dir) => dir,
        Err(_) if asked.is_none() => return Ok(env),
        Err(err) => return Err(err),
    };
    let apps = Apps::read(&dir)?;
    let stored = apps
        .choose(asked.as_deref())?
        .map(|app| apps.stored(app, Keyring::system()));
    Ok(match stored {
        Some(stored) => env.with_stored(stored),
        None => env,
    })
}

/// Where each `X_*` variable that is set came from.
pub fn origins(env: &Env) -> Vec<(&'static str, Source)> {
    SETUP_SETTINGS
        .iter()
        .chain(SECRETS.iter())
        .map(|name| (*name, env.source(name)))
        .filter(|(_, source)| *source != Source::Default)
        .collect()
}

/// Why nobody can give a consent in this run, if so: `--no-interactive`, or `CI` set in the
/// environment.
pub fn no_consent(env: &Env, common: &Common) -> Option<&'static str> {
    if common.no_interactive {
        Some("--no-interactive")
    } else if env.ci() {
        Some("CI is set")
    } else {
        None
    }
}

/// How requests behave, from the common options.
pub fn policy(common: &Common) -> Policy {
    Policy {
        timeout: common.timeout,
        connect_timeout: common.connect_timeout,
        wait: common.wait,
        max_wait: common.max_wait,
        deadline: common.deadline,
        ..Policy::default()
    }
}

/// Whether a person is at the terminal: stdin and stderr both are one.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// The error of a run that `--max-time` stopped before anything was sent for good.
pub fn gave_up(max: Duration) -> Error {
    Error::new(
        Cause::TryLater,
        format!("gave up after {} (--max-time)", output::duration(max)),
    )
    .hint("nothing was posted; allow more time with --max-time")
}
