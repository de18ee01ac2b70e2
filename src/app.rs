//! What every command shares: the configuration, the HTTP client, the API, the OAuth client
//! and the token store; and the dispatch from the command line to the command.

use std::io::IsTerminal;

use crate::auth::pkce::OAuthClient;
use crate::auth::session::{ConsentOptions, Session};
use crate::auth::store::Store;
use crate::auth::{Opener, browser};
use crate::cli::{Cli, Command, Common};
use crate::commands;
use crate::config::Config;
use crate::error::{Error, Exit, Result};
use crate::output;
use crate::x::client::{Api, Policy, http_client};

/// Runs the command line within `--max-time`. A run stopped while a post is on its way ends
/// with "may have posted".
pub async fn run_bounded(cli: Cli) -> Result<()> {
    let max = cli.common.max_time;
    match tokio::time::timeout(max, run(cli)).await {
        Ok(result) => result,
        Err(_) if crate::x::tweets::in_flight() => Err(Error::new(
            Exit::MaybePosted,
            format!(
                "gave up after {} (--max-time) while the post was on its way",
                output::duration(max)
            ),
        )
        .hint("the post may exist: look at your profile before posting it again")),
        Err(_) => Err(Error::new(
            Exit::TryLater,
            format!("gave up after {} (--max-time)", output::duration(max)),
        )
        .hint("nothing was posted; allow more time with --max-time")),
    }
}

/// Runs the command line.
pub async fn run(cli: Cli) -> Result<()> {
    if cli.post_args_with_subcommand() {
        return Err(Error::new(
            Exit::Usage,
            "text, --image and --sandbox are for posting and do not go with a subcommand",
        )
        .hint("to post text that starts with a command's name, write xpost -- \"auth ...\""));
    }
    match cli.command {
        None => commands::post::run(cli.post, &cli.common).await,
        Some(Command::Auth(command)) => commands::auth::run(command, &cli.common).await,
        Some(Command::Sandbox(command)) => commands::sandbox::run(command, &cli.common).await,
        Some(Command::Completions { shell }) => commands::docs::completions(shell),
        Some(Command::Man) => commands::docs::man(),
    }
}

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
}

impl Context {
    /// The context for the configuration in the environment and `.env`, with the user's store.
    pub fn from_env(common: &Common) -> Result<Context> {
        let config = Config::load(common.env_file.as_deref())?;
        let store = Store::from_env()?;
        Context::new(config, Some(store), policy(common))
    }

    /// The context for `config`, keeping logins in `store`, requests behaving as `policy`.
    pub fn new(config: Config, store: Option<Store>, policy: Policy) -> Result<Context> {
        for warning in &config.warnings {
            output::warn(warning);
        }
        let http = http_client(&policy)?;
        let api = Api::new(http.clone(), config.api_base.clone(), policy);
        let oauth = OAuthClient::new(&config, http);
        Ok(Context {
            config,
            api,
            oauth,
            store,
        })
    }

    /// The login logic over this context.
    pub fn session(&self) -> Session<'_> {
        Session {
            config: &self.config,
            oauth: &self.oauth,
            api: &self.api,
            store: self.store.clone(),
        }
    }
}

/// How requests behave, from the common options.
pub fn policy(common: &Common) -> Policy {
    Policy {
        timeout: common.timeout,
        connect_timeout: common.connect_timeout,
        wait: common.wait,
        ..Policy::default()
    }
}

/// Whether a person is at the terminal: stdin and stderr both are one.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// How consent is asked for, from the common options.
pub fn consent_options(common: &Common) -> ConsentOptions {
    ConsentOptions {
        opener: if common.no_browser {
            Opener::PrintOnly
        } else {
            Opener::Browser
        },
        timeout: common.auth_timeout,
        interactive: interactive(),
    }
}

/// Whether a browser could be opened here (for the sandbox's choice of consenting itself).
pub fn browser_available(common: &Common) -> bool {
    !common.no_browser && browser::available()
}
