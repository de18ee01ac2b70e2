//! `xpost auth login | status | logout | token | list | switch`: the stored logins, by hand;
//! `xpost auth setup` is [`super::setup`]. Here are the subcommands and their dispatch; each
//! job has its own module, over the login a command is about (`stored`) and the report that
//! `login` and `status` print (`report`).

mod accounts;
mod login;
mod logout;
mod report;
mod status;
mod stored;
mod token;

use clap::Subcommand;

use super::context::Context;
use super::setup::SetupArgs;
use crate::error::{Cause, Error, Result};
use crate::options::Common;

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
        AuthCommand::Login => login::login(&ctx, common).await,
        AuthCommand::Status => status::status(&ctx, common).await,
        AuthCommand::Logout { force } => logout::logout(&ctx, common, force).await,
        AuthCommand::Token => token::token(&ctx, common).await,
        AuthCommand::List => accounts::list(&ctx, common),
        AuthCommand::Switch { name } => accounts::switch(&ctx, common, &name).await,
        AuthCommand::Setup(_) => Err(Error::internal("auth setup is run by commands::run")),
    }
}
