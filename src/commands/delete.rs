//! `xpost delete ID|URL...`: check every id, get a login (or sign with the OAuth 1.0a keys),
//! delete each post, print each one deleted.
//!
//! Made for scripts: it never asks to confirm, and it is safe to repeat. A post that is
//! already gone counts as deleted (X answers `{"deleted":false}`, `200` with only a
//! `resource-not-found` error, or a 404), so running the same command again succeeds; stderr
//! says it was already gone. A post X refuses to delete (someone else's) is told on stderr,
//! the others are still tried, and the run ends with exit 1 naming it. Anything else (a rate
//! limit, a refused login, X unreachable) stops the run, saying which posts were not tried.

use clap::Args;
use serde::Serialize;
use tokio::time::Instant;

use super::context::Context;
use crate::auth::caller::Caller;
use crate::compose::reference::post_id;
use crate::error::{Cause, Error, Result};
use crate::options::Common;
use crate::output::{self, Results};
use crate::x::client::Api;
use crate::x::delete::{self, Deleted};

/// `xpost delete ...`
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The posts: ids, or URLs like https://x.com/you/status/1862... (each checked before
    /// anything is sent).
    #[arg(required = true, value_name = "ID|URL")]
    pub posts: Vec<String>,
    /// List what would be deleted, and send nothing.
    #[arg(long)]
    pub dry_run: bool,
}

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
    // Every id is checked, and a dry run ends, before the configuration is read.
    let ids = ids(&args.posts)?;
    if args.dry_run {
        return dry_run(&ids, common);
    }
    let ctx = Context::from_env(common)?;
    run_with(&ctx, &ids, common, deadline).await
}

/// Deletes the posts `ids` (checked, each once) as `ctx` says who acts and where X is, and
/// prints the result, giving up at `deadline`.
pub async fn run_with(
    ctx: &Context,
    ids: &[String],
    common: &Common,
    deadline: Instant,
) -> Result<()> {
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
    // Once stdout cannot take a result, the ids go on stderr.
    let mut out = Results::deletions();
    for (i, id) in ids.iter().enumerate() {
        let deleting = delete_one(&ctx.api, &mut caller, id);
        let deleted = tokio::time::timeout_at(deadline, deleting)
            .await
            .unwrap_or_else(|_| Err(out_of_time(common).hint("allow more time with --max-time")));
        match deleted {
            Ok(deleted) => {
                if deleted == Deleted::AlreadyGone {
                    output::note(format!(
                        "xpost: post {id} was already gone (X found no such post to delete)"
                    ));
                }
                if !common.json {
                    // Each id as soon as its post is gone, so a script keeps it whatever follows.
                    out.tell(id);
                }
                outcomes.push(Outcome {
                    id: id.clone(),
                    deleted: true,
                    error: None,
                });
            }
            // X refused this post (someone else's): the others may still go.
            Err(err) if err.cause().is_refusal() => {
                output::error(&Error::new(
                    Cause::Refused,
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
                    out.json(&outcomes, gone(&outcomes))?;
                }
                return Err(stopped(&err, &ids[i..]));
            }
        }
    }
    if common.json {
        out.json(&outcomes, gone(&outcomes))?;
    }
    end(out, &refused, ids.len())
}

/// Prints what would be deleted, then ends as a real run would before sending anything.
fn dry_run(ids: &[String], common: &Common) -> Result<()> {
    let text: Vec<String> = ids.iter().map(|id| format!("would delete {id}")).collect();
    output::print_json_or(
        common.json,
        &DryRun {
            dry_run: true,
            delete: ids,
        },
        &text.join("\n"),
    )?;
    // The same exit code a real run would end with, before sending anything.
    super::context::load_env(common)?.config_for(common.auth)?;
    Ok(())
}

/// The error of a run stopped by `err` at the first of the posts `left`, naming them.
fn stopped(err: &Error, left: &[String]) -> Error {
    let message = format!(
        "{} (post {}); not deleted: {}",
        err.message(),
        left[0],
        left.join(", ")
    );
    let hint = match err.hint_text() {
        Some(hint) => format!("{hint}; deleting is safe to repeat: run the same command again"),
        None => "deleting is safe to repeat: run the same command again".to_owned(),
    };
    Error::new(err.cause().clone(), message).hint(hint)
}

/// The end of a run that tried all of its `asked` posts: the posts X `refused` to delete, if
/// any, else an error if stdout could not take every id.
fn end(out: Results, refused: &[(String, Error)], asked: usize) -> Result<()> {
    match refused {
        [] => out.deleted(),
        [(id, err)] => Err(Error::new(
            Cause::Refused,
            format!("X refused to delete post {id}: {}", err.message()),
        )
        .hint(err.hint_text().unwrap_or("X deletes only your own posts"))),
        many => {
            let named: Vec<&str> = many.iter().map(|(id, _)| id.as_str()).collect();
            Err(Error::new(
                Cause::Refused,
                format!(
                    "X refused to delete {} of {} posts: {}",
                    many.len(),
                    asked,
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
        Cause::TryLater,
        format!(
            "gave up after {} (--max-time)",
            output::duration(common.max_time)
        ),
    )
}

/// The ids of the posts of `outcomes` that are gone: told on stderr when stdout cannot take
/// `--json`'s list.
fn gone(outcomes: &[Outcome]) -> impl Iterator<Item = &str> {
    outcomes.iter().filter(|o| o.deleted).map(|o| o.id.as_str())
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
        let id = post_id(post, "post")?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;
    use std::time::Duration;

    use xpost_sandbox::{CREDENTIALS, Options, Sandbox};

    use super::*;
    use crate::commands::context::policy;
    use crate::config::{Env, Method};
    use crate::error::Exit;
    use crate::x::client::Auth;
    use crate::x::tweets::{self, NewPost};

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

    /// The options of a run given none but `--auth oauth1`, as clap fills them in.
    fn common() -> Common {
        Common {
            json: false,
            no_browser: true,
            auth: Some(Method::OAuth1),
            no_interactive: true,
            auth_timeout: Duration::from_secs(300),
            account: None,
            app: None,
            env_file: None,
            insecure_storage: false,
            quiet: true,
            verbose: 0,
            wait: false,
            max_wait: Duration::from_secs(15 * 60),
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            max_time: Duration::from_secs(30 * 60),
            deadline: None,
        }
    }

    /// A context for the four OAuth 1.0a keys of `sandbox`'s app, keeping nothing: no
    /// environment, no `.env`, no token store.
    fn signed_in(sandbox: &Sandbox, common: &Common) -> Context {
        let vars = [
            ("X_API_BASE", sandbox.base_url()),
            ("X_AUTHORIZE_URL", sandbox.authorize_url()),
            ("X_API_KEY", CREDENTIALS.api_key.to_owned()),
            ("X_API_SECRET", CREDENTIALS.api_secret.to_owned()),
            ("X_ACCESS_TOKEN", CREDENTIALS.access_token.to_owned()),
            (
                "X_ACCESS_TOKEN_SECRET",
                CREDENTIALS.access_token_secret.to_owned(),
            ),
        ];
        let env = Env::from_lookup(move |name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.clone())
        });
        let config = env.config_for(common.auth).unwrap();
        Context::new(config, None, env.browser(), policy(common)).unwrap()
    }

    /// The run function on its own: a context built here, ids given as the arguments' check
    /// leaves them. One's own post is deleted, someone else's is tried and refused (exit 1,
    /// naming it), and the sandbox saw one signed DELETE for each and no login.
    #[tokio::test]
    async fn deletes_through_an_injected_context() {
        let sandbox = Sandbox::start(Options::default()).await.unwrap();
        let common = common();
        let ctx = signed_in(&sandbox, &common);
        let keys = ctx.config.oauth1.as_ref().unwrap();
        let mine = tweets::create(
            &ctx.api,
            Auth::OAuth1(keys),
            &NewPost::new(Some("soon gone".into()), Vec::new()),
            &AtomicBool::new(false),
        )
        .await
        .unwrap()
        .id;
        let theirs = sandbox.post_as_someone_else("someone", "not yours to delete");

        let deadline = Instant::now() + Duration::from_secs(60);
        let ids = [mine.clone(), theirs.clone()];
        let refused = run_with(&ctx, &ids, &common, deadline).await.unwrap_err();

        assert_eq!(refused.exit(), Exit::Refused, "{refused:?}");
        assert!(refused.message().contains(&theirs), "{refused:?}");
        let left: Vec<String> = sandbox.posts().into_iter().map(|p| p.id).collect();
        assert_eq!(left, [theirs.as_str()]);
        let deletes: Vec<String> = sandbox
            .requests()
            .into_iter()
            .filter(|r| r.method == "DELETE")
            .map(|r| r.path)
            .collect();
        assert_eq!(
            deletes,
            [format!("/2/tweets/{mine}"), format!("/2/tweets/{theirs}")]
        );
        assert!(
            !sandbox
                .requests()
                .iter()
                .any(|r| r.path.starts_with("/2/oauth2/")),
            "an OAuth 1.0a run asks for no token"
        );
    }
}
