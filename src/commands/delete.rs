//! `xpost delete ID|URL...`: check every id, get a login (or sign with the OAuth 1.0a keys),
//! delete each post, print each one deleted.
//!
//! Made for scripts: it never asks to confirm, and it is safe to repeat. A post that is
//! already gone counts as deleted (X answers `{"deleted":false}`, or a 404), so running the
//! same command again succeeds. A post X refuses to delete (someone else's) is told on stderr,
//! the others are still tried, and the run ends with exit 1 naming it. Anything else (a rate
//! limit, a refused login, X unreachable) stops the run, saying which posts were not tried.

use serde::Serialize;
use tokio::time::Instant;

use super::context::Context;
use crate::auth::caller::Caller;
use crate::cli::{Common, DeleteArgs};
use crate::config::Env;
use crate::error::{Error, Exit, Result};
use crate::output;
use crate::plan;
use crate::x::client::Api;
use crate::x::delete::{self, Deleted};

/// One post of the run, as `--json` lists it.
#[derive(Debug, Serialize)]
struct Outcome {
    id: String,
    /// Whether the post is gone now (deleted by this run, or already gone).
    deleted: bool,
    /// Why X did not delete it.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// `--dry-run --json`.
#[derive(Serialize)]
struct DryRun<'a> {
    dry_run: bool,
    delete: &'a [String],
}

/// Deletes the posts and prints the result, giving up at `deadline` (`--max-time`): a run
/// stopped there while deleting says which posts are left, as any stop does.
pub async fn run(args: DeleteArgs, common: &Common, deadline: Instant) -> Result<()> {
    let ids = ids(&args.posts)?;
    if args.dry_run {
        let text: Vec<String> = ids.iter().map(|id| format!("would delete {id}")).collect();
        output::print_json_or(
            common.json,
            &DryRun {
                dry_run: true,
                delete: &ids,
            },
            &text.join("\n"),
        )?;
        // The same exit code a real run would end with, before sending anything.
        Env::load(common.env_file.as_deref())?.config_for(common.auth)?;
        return Ok(());
    }

    let ctx = Context::from_env(common)?;
    // With OAuth 1.0a there is nothing to wait for; a login may need a consent first.
    let caller = ctx.authentication(ctx.consent_options(common)).caller();
    let Ok(caller) = tokio::time::timeout_at(deadline, caller).await else {
        return Err(
            out_of_time(common).hint("nothing was deleted; allow more time with --max-time")
        );
    };
    let mut caller = caller?;

    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut refused: Vec<(String, Error)> = Vec::new();
    // Why stdout could not take a result, once it could not: the ids go on stderr then.
    let mut unwritten: Option<std::io::Error> = None;
    for (i, id) in ids.iter().enumerate() {
        let deleting = delete_one(&ctx.api, &mut caller, id);
        let deleted = tokio::time::timeout_at(deadline, deleting)
            .await
            .unwrap_or_else(|_| Err(out_of_time(common).hint("allow more time with --max-time")));
        match deleted {
            Ok(_) => {
                if !common.json {
                    // Each id as soon as its post is gone, so a script keeps it whatever follows.
                    tell(&mut unwritten, id);
                }
                outcomes.push(Outcome {
                    id: id.clone(),
                    deleted: true,
                    error: None,
                });
            }
            // X refused this post (someone else's): the others may still go.
            Err(err) if err.exit() == Exit::Refused => {
                output::error(&Error::new(
                    Exit::Refused,
                    format!("post {id} was not deleted: {}", err.message()),
                ));
                outcomes.push(Outcome {
                    id: id.clone(),
                    deleted: false,
                    error: Some(err.message().to_owned()),
                });
                refused.push((id.clone(), err));
            }
            // Anything else would meet every other post too: stop, saying what was not tried.
            Err(err) => {
                if common.json {
                    // Every post asked for, in order: a script reading the list sees which
                    // are left, and why.
                    outcomes.extend(ids[i..].iter().enumerate().map(|(n, left)| Outcome {
                        id: left.clone(),
                        deleted: false,
                        error: Some(if n == 0 {
                            err.message().to_owned()
                        } else {
                            format!("not tried: the run stopped at post {id}")
                        }),
                    }));
                    print_list(&outcomes, &mut unwritten)?;
                }
                let left = &ids[i..];
                let message = format!(
                    "{} (post {id}); not deleted: {}",
                    err.message(),
                    left.join(", ")
                );
                let hint = match err.hint_text() {
                    Some(hint) => {
                        format!("{hint}; deleting is safe to repeat: run the same command again")
                    }
                    None => "deleting is safe to repeat: run the same command again".to_owned(),
                };
                return Err(Error::new(err.exit(), message).hint(hint));
            }
        }
    }
    if common.json {
        print_list(&outcomes, &mut unwritten)?;
    }
    match refused.as_slice() {
        [] => match unwritten {
            None => Ok(()),
            Some(err) => Err(Error::new(
                Exit::Unwritten,
                format!(
                    "the posts were deleted, but stdout could not take their ids ({err}); they are on the lines above"
                ),
            )),
        },
        [(id, err)] => Err(Error::new(
            Exit::Refused,
            format!("X refused to delete post {id}: {}", err.message()),
        )
        .hint(err.hint_text().unwrap_or("X deletes only your own posts"))),
        many => {
            let named: Vec<&str> = many.iter().map(|(id, _)| id.as_str()).collect();
            Err(Error::new(
                Exit::Refused,
                format!(
                    "X refused to delete {} of {} posts: {}",
                    many.len(),
                    ids.len(),
                    named.join(", ")
                ),
            )
            .hint("X deletes only the account's own posts; the reasons are above"))
        }
    }
}

/// The run's `--max-time` ran out.
fn out_of_time(common: &Common) -> Error {
    Error::new(
        Exit::TryLater,
        format!(
            "gave up after {} (--max-time)",
            output::duration(common.max_time)
        ),
    )
}

/// Prints the id of a deleted post on stdout; once stdout cannot take one (a closed pipe, a
/// full disk), on stderr instead: the post is gone either way, and the others still go.
fn tell(unwritten: &mut Option<std::io::Error>, id: &str) {
    if unwritten.is_none() {
        match output::write_result(id) {
            Ok(()) => return,
            Err(err) => *unwritten = Some(err),
        }
    }
    output::deleted_on_stderr(id);
}

/// Prints `--json`'s list on stdout; when stdout cannot take it, each deleted post's id is
/// told on stderr instead.
fn print_list(outcomes: &[Outcome], unwritten: &mut Option<std::io::Error>) -> Result<()> {
    let line = output::json_line(&outcomes)?;
    if unwritten.is_none() {
        match output::write_result(&line) {
            Ok(()) => return Ok(()),
            Err(err) => *unwritten = Some(err),
        }
    }
    for outcome in outcomes.iter().filter(|o| o.deleted) {
        output::deleted_on_stderr(&outcome.id);
    }
    Ok(())
}

/// Deletes one post; with the login, a token X refuses (401) is renewed once and the deletion
/// goes again.
async fn delete_one(api: &Api, caller: &mut Caller<'_>, id: &str) -> Result<Deleted> {
    caller
        .call(|key| async move { delete::delete(api, key.auth(), id).await })
        .await
}

/// The ids of `posts` (ids or URLs), each once, in order; the first that is neither ends the
/// run (exit 2) before anything is sent, naming it.
fn ids(posts: &[String]) -> Result<Vec<String>> {
    let mut ids: Vec<String> = Vec::new();
    for post in posts {
        let id = plan::post_id(post, "post")?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_urls_become_ids_once_each_and_a_bad_one_is_named() {
        let posts = [
            "1862".to_owned(),
            "https://x.com/you/status/1863".to_owned(),
            "https://twitter.com/you/status/1862?s=20".to_owned(),
        ];
        assert_eq!(ids(&posts).unwrap(), ["1862", "1863"]);
        let err = ids(&["1".to_owned(), "nope".to_owned()]).unwrap_err();
        assert_eq!(err.exit(), Exit::Usage);
        assert!(err.message().contains("\"nope\""), "{err}");
    }
}
