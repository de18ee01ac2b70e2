//! `xpost "text"`, `xpost -`, `xpost --file`, `xpost --thread`: read, check, get a login,
//! upload, post, print.
//!
//! The order keeps the promises made to the user: every post of the run is read and checked
//! before any network call; usernames to tag are looked up before anything goes up (with the
//! OAuth 1.0a keys, before a consent is even asked for); OAuth 1.0a uploads (with each file's
//! metadata and subtitles) run while the login is being obtained (a consent page, a refresh,
//! or nothing at all); posts are made once each, with the OAuth 2.0 token, and only after
//! every upload succeeded. A thread that fails in the middle says what was posted
//! and how to go on. Who the run acts as, and with which keys before its login, is asked of
//! [`crate::auth::caller`].

pub mod args;

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Mutex;

use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use tokio::time::Instant;

use super::allowance::{self, Known};
use super::context::{Context, gave_up, with_setup};
use super::resume::{resume_command, stopped_thread};
use crate::auth::caller::{Authentication, Caller, EarlyKeys};
use crate::auth::session::ConsentOptions;
use crate::compose::check::{Planned, check, tags_checked, tags_given, within};
use crate::compose::draft::Draft;
use crate::compose::dry_run::{self, DryPost, DryRequest};
use crate::compose::input::{self, read_file, read_stdin};
use crate::compose::limit::{Allowance, SHORT};
use crate::compose::plan_rules;
use crate::compose::reference::post_id;
use crate::compose::settings::{self, DEFAULT_POLL_MINUTES, Settings, Source};
use crate::compose::split::split;
use crate::compose::tags::Tag;
use crate::compose::thread;
use crate::config::Env;
use crate::error::{Cause, Error, Result};
use crate::options::Common;
use crate::output::{self, Posted, Results};
use crate::progress::Progress;
use crate::x::client::Api;
use crate::x::tweets::{self, NewPost};
use crate::x::upload::upload_all;
use crate::x::users::{self, tagged_ids};
use args::PostArgs;

/// Posts and prints the result, giving up at `deadline` (`--max-time`). A run stopped while a
/// post is on its way ends with "may have posted"; posts made before it are listed (and, with
/// `--json`, printed), never said not to exist.
pub async fn run(args: PostArgs, common: &Common, deadline: Instant) -> Result<()> {
    let on_its_way = AtomicBool::new(false);
    let made = Mutex::new(Made::default());
    let posting = post(&args, common, &on_its_way, &made);
    let Ok(result) = tokio::time::timeout_at(deadline, posting).await else {
        let max = output::duration(common.max_time);
        let err = if on_its_way.load(Ordering::SeqCst) {
            Error::new(
                Cause::MaybePosted,
                format!("gave up after {max} (--max-time) while the post was on its way"),
            )
            .hint("the post may exist: look at your profile before posting it again")
        } else {
            gave_up(common.max_time)
        };
        let made = made.into_inner().unwrap_or_else(|e| e.into_inner());
        if made.posts.is_empty() {
            return Err(err);
        }
        if common.json {
            // The error lists what was posted, whether or not stdout takes this.
            let _ = Results::posts().json(&Thread { posts: &made.posts }, []);
        }
        let then = matches!(err.cause(), Cause::TryLater)
            .then(|| "allow more time with --max-time, then ".to_owned());
        return Err(stopped_thread(
            err,
            made.posts.len(),
            made.total,
            &made.posts,
            &resume_command(&args, common),
            then,
        ));
    };
    result
}

/// What a run has posted so far, for when `--max-time` stops it.
#[derive(Default)]
struct Made {
    /// How many posts the run makes.
    total: usize,
    /// The posts made, in order.
    posts: Vec<Posted>,
}

/// Posts and prints the result; `on_its_way` is set while a post is sent and not answered, and
/// each post made is added to `made`. Rate limits that reset after the run's deadline are not
/// waited for (the API's policy carries it).
async fn post(
    args: &PostArgs,
    common: &Common,
    on_its_way: &AtomicBool,
    made: &Mutex<Made>,
) -> Result<()> {
    let Some(Checked {
        planned,
        reply_to,
        quote,
        settings,
        tags,
        known,
        env,
    }) = checked(args, common)?
    else {
        // A dry run: shown, and nothing sent.
        return Ok(());
    };

    // The one-shot sandbox lives as long as this run; it must outlast every request below.
    let (ctx, options, _sandbox) = context(args, common, env).await?;

    let progress = Progress::new(std::io::stderr().is_terminal() && !output::quiet());
    let auth = ctx.authentication(options);
    let media = planned.iter().any(|post| !post.media.is_empty());
    // Asked before any request: a login that needs a consent nobody can give ends the run
    // here, with nothing sent; and OAuth 1.0a keys that may act before the login (with OAuth
    // 1.0a, the run's own) start the lookups and uploads while a consent is pending.
    let early = auth.before_login(media).await?;
    if let (Known::AskX, Some(early)) = (known, &early) {
        // OAuth 1.0a keeps nothing: a text over 280 asks X the account's subscription first.
        let user = users::me_as(&ctx.api, early.auth()).await?;
        within(&planned, Allowance::of(user.subscription))?;
    }
    let (mut caller, uploaded) = match early {
        Some(early) => early_uploads(&ctx.api, auth, early, &planned, &tags, &progress).await?,
        // Nothing may go before the login: it comes first.
        None => {
            let mut caller = auth.caller().await?;
            let uploaded = uploads(&ctx.api, &mut caller, &planned, &tags, &progress).await?;
            (caller, uploaded)
        }
    };
    let Uploaded {
        ids: media_ids,
        tagged,
    } = uploaded;

    let total = planned.len();
    lock(made).total = total;
    let mut posted: Vec<Posted> = Vec::new();
    let mut out = Results::posts();
    let mut previous = reply_to;
    for (i, (post, media_ids)) in planned.into_iter().zip(media_ids).enumerate() {
        let long = post.weighted_length > SHORT;
        let new = NewPost::new(post.text, media_ids.clone())
            .tagging(tagged[i].clone())
            .replying_to(previous.clone())
            .quoting(if i == 0 { quote.clone() } else { None })
            .with_settings(settings[i].clone());
        let (api, new) = (&ctx.api, &new);
        // A post refused with a 401 was not made: with the login, it goes once more.
        let created = caller
            .call(|key| async move { tweets::create(api, key.auth(), new, on_its_way).await })
            .await;
        match created {
            Ok(created) => {
                let done = Posted {
                    url: output::post_url(&ctx.config.web_base, caller.username(), &created.id),
                    id: created.id,
                    text: created.text,
                    media_ids,
                };
                if !common.json {
                    // Each URL as soon as its post exists, so a script keeps it whatever follows.
                    out.tell(&done.url);
                }
                previous = Some(done.id.clone());
                lock(made).posts.push(done.clone());
                posted.push(done);
            }
            Err(err) if long && err.cause().is_refusal() => {
                caller.subscription_lapsed().await;
                let err = lapsed(err, post.weighted_length, &media_ids);
                if posted.is_empty() {
                    return Err(err);
                }
                if common.json {
                    let _ = out.json(&Thread { posts: &posted }, []);
                }
                return Err(stopped_thread(
                    err,
                    i,
                    total,
                    &posted,
                    &resume_command(args, common),
                    None,
                ));
            }
            Err(err) if posted.is_empty() => return Err(err),
            Err(err) => {
                if common.json {
                    // The error lists what was posted, whether or not stdout takes this.
                    let _ = out.json(&Thread { posts: &posted }, []);
                }
                return Err(stopped_thread(
                    err,
                    i,
                    total,
                    &posted,
                    &resume_command(args, common),
                    None,
                ));
            }
        }
    }
    if common.json {
        print_json(&mut out, &posted, &tagged, args)?;
    }
    out.done(posted.len())
}

/// The run's posts, read and checked before any network call, and what they are sent with.
struct Checked {
    /// The posts.
    planned: Vec<Planned>,
    /// The post the first one replies to.
    reply_to: Option<String>,
    /// The post the first one quotes.
    quote: Option<String>,
    /// Each post's settings.
    settings: Vec<Settings>,
    /// Each post's people to tag.
    tags: Vec<Vec<Tag>>,
    /// What the run knows of the account's limit before sending anything.
    known: Known,
    /// The run's variables, read once.
    env: Env,
}

/// The run's variables, read once: `user` (the environment, then `--env-file` or `./.env`),
/// then, but with `--sandbox`, whose app is its own, the app set up with `xpost auth setup`.
fn run_env(user: Env, args: &PostArgs, common: &Common) -> Result<Env> {
    if args.sandbox() {
        Ok(user)
    } else {
        with_setup(user, common)
    }
}

/// Reads and checks the run's posts; with `--dry-run`, shows them instead, and gives `None`.
fn checked(args: &PostArgs, common: &Common) -> Result<Option<Checked>> {
    let drafts = drafts(args)?;
    let (reply_to, quote) = replying_and_quoting(args)?;
    let user = Env::load(common.env_file.as_deref())?;
    // What the app's plan would have X refuse, after the uploads: refused before anything.
    let plan = user.plan(args.plan)?;
    let texts: Vec<Option<&str>> = drafts.iter().map(|d| d.text.as_deref()).collect();
    plan_rules::check(plan, &texts, quote.is_some())?;

    let settings = settings(args, &drafts)?;
    let tags = tags_given(&drafts)?;
    // The post's own checks come first; then the configuration (a dry run shows the posts
    // before it says what is wrong there).
    let env = run_env(user, args, common);

    if args.dry_run {
        dry_run(
            &drafts,
            reply_to.as_deref(),
            quote.as_deref(),
            &settings,
            args,
            common,
            env,
        )?;
        return Ok(None);
    }
    // Read from the stored login's file only when a text is over 280: nothing is sent.
    let known = allowance::known(&drafts, &env, common, args.sandbox())?;
    let planned = check(&drafts, known.before_asking())?;
    tags_checked(&tags, &planned)?;
    let env = env?;
    Ok(Some(Checked {
        planned,
        reply_to,
        quote,
        settings,
        tags,
        known,
        env,
    }))
}

/// The posts the run's first post replies to and quotes (`--reply-to`, `--quote`), by id.
fn replying_and_quoting(args: &PostArgs) -> Result<(Option<String>, Option<String>)> {
    let reply_to = args
        .reply_to
        .as_deref()
        .map(|r| post_id(r, "--reply-to"))
        .transpose()?;
    let quote = args
        .quote
        .as_deref()
        .map(|q| post_id(q, "--quote"))
        .transpose()?;
    Ok((reply_to, quote))
}

/// Prints `--json`'s result: a single post with the users it tags (`tagged`: each post's), or
/// a thread.
fn print_json(
    out: &mut Results,
    posted: &[Posted],
    tagged: &[Vec<String>],
    args: &PostArgs,
) -> Result<()> {
    match posted {
        [one] if args.thread.is_none() => out.json(
            &One {
                posted: one,
                tagged_user_ids: &tagged[0],
            },
            urls(posted),
        ),
        posts => out.json(&Thread { posts }, urls(posted)),
    }
}

/// The URLs of `posts`, told on stderr when stdout cannot take the JSON that lists them.
fn urls(posts: &[Posted]) -> impl Iterator<Item = &str> {
    posts.iter().map(|post| post.url.as_str())
}

/// `--json` output of one post: the post, and the users tagged in its images, when any.
#[derive(Serialize)]
struct One<'a> {
    #[serde(flatten)]
    posted: &'a Posted,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tagged_user_ids: &'a [String],
}

/// What went up before the posts: each post's media ids, and the ids of the users to tag in
/// its images.
struct Uploaded {
    ids: Vec<Vec<String>>,
    tagged: Vec<Vec<String>>,
}

/// The caller and the media uploaded with OAuth 1.0a keys that may act before the login
/// (`early`): OAuth 1.0a needs no consent, so the uploads run while the login is obtained (a
/// consent page, a refresh, or nothing at all). Usernames are looked up first, before a
/// consent is asked for: an unknown one ends the run. If an upload fails, the login attempt is
/// dropped and nothing is posted.
async fn early_uploads<'a>(
    api: &Api,
    auth: Authentication<'a>,
    early: EarlyKeys<'a>,
    planned: &[Planned],
    tags: &[Vec<Tag>],
    progress: &Progress,
) -> Result<(Caller<'a>, Uploaded)> {
    let tagged = tagged_ids(api, early.auth(), tags).await?;
    let uploads = upload_all(api, early.auth(), planned, progress);
    let (mut caller, mut ids) = tokio::try_join!(auth.caller(), uploads)?;
    if !caller.takes_media_of(&early) {
        // The consent was given by another account than the keys': X would refuse these
        // media in its posts. Up again, as the caller.
        ids = caller
            .call(|key| async move { upload_all(api, key.auth(), planned, progress).await })
            .await?;
    }
    Ok((caller, Uploaded { ids, tagged }))
}

/// The usernames looked up and the media uploaded as `caller`, after its login; with the
/// login, a token X refuses (401) is renewed once and the requests go again.
async fn uploads(
    api: &Api,
    caller: &mut Caller<'_>,
    planned: &[Planned],
    tags: &[Vec<Tag>],
    progress: &Progress,
) -> Result<Uploaded> {
    let tagged = caller
        .call(|key| async move { tagged_ids(api, key.auth(), tags).await })
        .await?;
    let ids = caller
        .call(|key| async move { upload_all(api, key.auth(), planned, progress).await })
        .await?;
    Ok(Uploaded { ids, tagged })
}

/// The one-shot sandbox, when asked for, lives as long as the run.
#[cfg(feature = "sandbox")]
type OneShot = Option<xpost_sandbox::Sandbox>;
#[cfg(not(feature = "sandbox"))]
type OneShot = Option<()>;

/// The context of the run, how consent is asked for, and the one-shot sandbox if any.
#[cfg_attr(not(feature = "sandbox"), allow(unused_variables))]
async fn context(
    args: &PostArgs,
    common: &Common,
    env: Env,
) -> Result<(Context, ConsentOptions, OneShot)> {
    #[cfg(feature = "sandbox")]
    if args.sandbox() {
        let (ctx, sandbox) = super::one_shot::one_shot(common, env).await?;
        let options = super::one_shot::consent_options(&ctx, common);
        return Ok((ctx, options, Some(sandbox)));
    }
    let ctx = Context::from_loaded(&env, common)?;
    let options = ctx.consent_options(common);
    Ok((ctx, options, None))
}

/// `--json` output of a thread.
#[derive(Serialize)]
struct Thread<'a> {
    posts: &'a [Posted],
}

/// The posts of this run, as written.
fn drafts(args: &PostArgs) -> Result<Vec<Draft>> {
    if let Some(path) = &args.thread {
        let (content, base) = if path.as_os_str() == "-" {
            (read_stdin()?, std::env::current_dir().unwrap_or_default())
        } else {
            let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
            (read_file(path)?, base)
        };
        let file = crate::sanitize::visible(&path.display().to_string());
        return thread::parse(&content, &base).map_err(|err| err.context(file));
    }
    let text = input::text(args.text.as_deref(), args.file.as_deref())?;
    let one = Draft {
        text: text.filter(|t| !t.trim().is_empty()),
        media: args.items.clone(),
        poll: args.poll.clone(),
        tags: args.tags.clone(),
    };
    match &one.text {
        Some(text) if args.split => Ok(split_drafts(split(text, args.number)?, one)),
        _ => Ok(vec![one]),
    }
}

/// The posts of a split text: its media (with their tags) on the first, its poll on the
/// last.
fn split_drafts(texts: Vec<String>, one: Draft) -> Vec<Draft> {
    let last = texts.len().saturating_sub(1);
    let mut one = Some(one);
    let mut drafts: Vec<Draft> = texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let mut draft = Draft {
                text: Some(text),
                ..Draft::default()
            };
            if i == 0
                && let Some(one) = &mut one
            {
                draft.media = std::mem::take(&mut one.media);
                draft.tags = std::mem::take(&mut one.tags);
            }
            if i == last
                && let Some(one) = one.take()
            {
                draft.poll = one.poll;
            }
            draft
        })
        .collect();
    if drafts.is_empty()
        && let Some(one) = one
    {
        drafts.push(one);
    }
    drafts
}

/// The error for a post over 280 that X refused: the account may have no subscription any
/// more. Nothing more is posted; the media uploaded for it are named.
fn lapsed(err: Error, weighted_length: usize, media_ids: &[String]) -> Error {
    let uploaded = if media_ids.is_empty() {
        "nothing was uploaded for it".to_owned()
    } else {
        format!(
            "its media were uploaded (ids {}) and are not in any post",
            media_ids.join(", ")
        )
    };
    let cause = err.cause().clone();
    Error::new(
        cause,
        format!(
            "{}; the post is {weighted_length} weighted characters, more than the 280 of an account without a subscription: the account's subscription may have lapsed ({uploaded})",
            err.message()
        ),
    )
    .hint("xpost auth status reads the subscription again; meanwhile, post the text as a thread with --split")
}

/// Prints what would be sent, then ends as a real run would before sending anything.
fn dry_run(
    drafts: &[Draft],
    reply_to: Option<&str>,
    quote: Option<&str>,
    settings: &[Settings],
    args: &PostArgs,
    common: &Common,
    env: Result<Env>,
) -> Result<()> {
    #[derive(Serialize)]
    struct Plan<'a> {
        dry_run: bool,
        posts: &'a [DryPost],
        requests: Vec<DryRequest>,
    }
    // What the stored login says; with the OAuth 1.0a keys, what a real run checks before
    // asking X (a dry run asks nothing).
    let known = allowance::known(drafts, &env, common, args.sandbox());
    let shown = known
        .as_ref()
        .map_or(Allowance::Unknown, |known| known.before_asking());
    let posts = dry_run::posts(drafts, reply_to, quote, settings, shown);
    output::print_json_or(
        common.json,
        &Plan {
            dry_run: true,
            requests: dry_run::requests(&posts),
            posts: &posts,
        },
        &dry_run::in_words(&posts),
    )?;
    // The same exit code a real run would end with, in the same order of checks.
    let planned = check(drafts, known?.before_asking())?;
    tags_checked(&tags_given(drafts)?, &planned)?;
    let env = env?;
    if !args.sandbox() {
        env.config_for(common.auth)?;
    }
    Ok(())
}

/// Each post's settings (poll, who may reply, community, labels), checked by X's rules: the
/// options' on every post of a thread, the community only on a single post, a thread file's
/// poll on its last post.
fn settings(args: &PostArgs, drafts: &[Draft]) -> Result<Vec<Settings>> {
    if args.thread.is_some() && !args.poll.is_empty() {
        return Err(Error::new(
            Cause::Usage,
            "--poll cannot be used with --thread: a thread's poll is written in its file",
        )
        .hint("put the options in the thread's last post, one per line: - [ ] option"));
    }
    if args.poll_duration.is_some() && drafts.iter().all(|d| d.poll.is_empty()) {
        return Err(Error::new(Cause::Usage, "--poll-duration needs a poll")
            .hint("give the options with --poll, or in a thread file's last post as lines - [ ] option"));
    }
    let shared = Settings {
        poll: None,
        reply_settings: args.reply_settings,
        community_id: args.community.clone(),
        share_with_followers: args.share_with_followers,
        made_with_ai: args.made_with_ai,
        paid_partnership: args.paid_partnership,
    };
    let source = if args.thread.is_some() {
        Source::ThreadFile
    } else {
        Source::CommandLine
    };
    settings::per_post(
        drafts,
        &shared,
        args.poll_duration.unwrap_or(DEFAULT_POLL_MINUTES),
        source,
    )
}

/// Locks what was made, even after a panic elsewhere.
fn lock(made: &Mutex<Made>) -> std::sync::MutexGuard<'_, Made> {
    made.lock().unwrap_or_else(|e| e.into_inner())
}
