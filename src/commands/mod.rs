//! The commands: posting (the default), `article`, `edit`, `delete`, `auth ...`, `sandbox ...`, `completions` and `man`;
//! and the dispatch from the command line to them. The only layer that knows the others.

pub mod allowance;
pub mod article;
pub mod auth;
pub mod context;
pub mod delete;
pub mod docs;
pub mod edit;
#[cfg(feature = "sandbox")]
pub mod one_shot;
pub mod post;
pub mod resume;
#[cfg(feature = "sandbox")]
pub mod sandbox;
pub mod setup;

use std::time::Duration;

use tokio::time::Instant;

use crate::cli::{Cli, Command};
use crate::error::{Cause, Error, Result};
use auth::AuthCommand;
use context::gave_up;

/// Runs the command line within `--max-time`.
pub async fn run(mut cli: Cli) -> Result<()> {
    if cli.post_args_with_subcommand() {
        return Err(Error::new(
            Cause::Usage,
            "text, --image and --sandbox are for posting and do not go with a subcommand",
        )
        .hint("a subcommand's own options go after its name (xpost edit ID \"text\" --image PATH); to post text that starts with a command's name, write xpost -- \"auth ...\""));
    }
    let max = cli.common.max_time;
    let deadline = deadline_after(Instant::now(), max);
    cli.common.deadline = Some(deadline);
    let common = &cli.common;
    match cli.command {
        // Posting bounds itself: only it knows whether a post was on its way.
        None => post::run(cli.post, common, deadline).await,
        // Set-up comes before any configuration: it is how one is made.
        Some(Command::Auth(AuthCommand::Setup(args))) => {
            bounded(max, setup::run(args, common)).await
        }
        Some(Command::Auth(command)) => bounded(max, auth::run(command, common)).await,
        // Deleting bounds itself: only it knows which posts are left.
        Some(Command::Delete(args)) => delete::run(args, common, deadline).await,
        // Editing bounds itself too: only it knows whether the new version was on its way.
        Some(Command::Edit(args)) => edit::run(args, common, deadline).await,
        // Publishing an Article bounds itself too: only it knows whether its post was on its way.
        Some(Command::Article(args)) => article::run(args, common, deadline).await,
        #[cfg(feature = "sandbox")]
        Some(Command::Sandbox(command)) => sandbox::run(command, common).await,
        Some(Command::Completions { shell }) => docs::completions(shell),
        Some(Command::Man) => docs::man(),
    }
}

/// `now` plus `max`, or the latest instant the clock can hold when that is past it: a deadline
/// never panics, however long `max` is.
fn deadline_after(now: Instant, max: Duration) -> Instant {
    let mut max = max;
    loop {
        if let Some(deadline) = now.checked_add(max) {
            return deadline;
        }
        max /= 2;
    }
}

/// Runs `command`, giving up after `max`.
async fn bounded(max: Duration, command: impl Future<Output = Result<()>>) -> Result<()> {
    tokio::time::timeout(max, command)
        .await
        .unwrap_or_else(|_| Err(gave_up(max)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_never_overflows() {
        let now = Instant::now();
        assert_eq!(
            deadline_after(now, Duration::from_secs(60)),
            now + Duration::from_secs(60)
        );
        for max in [
            Duration::MAX,
            Duration::from_secs(u64::MAX),
            Duration::from_secs(i64::MAX as u64),
        ] {
            assert!(deadline_after(now, max) > now + Duration::from_secs(86_400));
        }
    }
}
