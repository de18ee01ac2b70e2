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

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Mutex;

use futures_util::future::try_join_all;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use tokio::time::Instant;

use super::context::{Context, gave_up};
use super::posting::{self, Results, read_file, read_stdin, upload_all};
use crate::auth::caller::{Authentication, Caller, EarlyKeys};
use crate::auth::session::ConsentOptions;
use crate::cli::{Common, PostArgs};
use crate::compose::{self, Settings};
use crate::config::Env;
use crate::error::{Error, Exit, Result};
use crate::media::Tag;
use crate::output::{self, Posted};
use crate::plan::{self, Draft, Planned};
use crate::progress::Progress;
use crate::x::client::{Api, Auth};
use crate::x::tweets::{self, NewPost};
use crate::x::users;

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
                Exit::MaybePosted,
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
            let _ = Results::default().json(&Thread { posts: &made.posts }, &[]);
        }
        let then = (err.exit() == Exit::TryLater)
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
    let drafts = drafts(args)?;
    let reply_to = args
        .reply_to
        .as_deref()
        .map(|r| plan::post_id(r, "--reply-to"))
        .transpose()?;
    let quote = args
        .quote
        .as_deref()
        .map(|q| plan::post_id(q, "--quote"))
        .transpose()?;

    let settings = settings(args, &drafts)?;
    let tags = plan::tags_given(&drafts)?;

    if args.dry_run {
        return dry_run(
            &drafts,
            reply_to.as_deref(),
            quote.as_deref(),
            &settings,
            args,
            common,
        );
    }
    let planned = plan::check(&drafts)?;
    plan::tags_checked(&tags, &planned)?;

    // The one-shot sandbox lives as long as this run; it must outlast every request below.
    let (ctx, options, _sandbox) = context(args, common).await?;

    let progress = Progress::new(std::io::stderr().is_terminal() && !output::quiet());
    let auth = ctx.authentication(options);
    let media = planned.iter().any(|post| !post.media.is_empty());
    // Asked before any request: a login that needs a consent nobody can give ends the run
    // here, with nothing sent; and OAuth 1.0a keys that may act before the login (with OAuth
    // 1.0a, the run's own) start the lookups and uploads while a consent is pending.
    let (mut caller, uploaded) = match auth.before_login(media).await? {
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
    let mut out = Results::default();
    let mut previous = reply_to;
    for (i, (post, media_ids)) in planned.into_iter().zip(media_ids).enumerate() {
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
            Err(err) if posted.is_empty() => return Err(err),
            Err(err) => {
                if common.json {
                    // The error lists what was posted, whether or not stdout takes this.
                    let _ = out.json(&Thread { posts: &posted }, &[]);
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
        match posted.as_slice() {
            [one] if args.thread.is_none() => out.json(
                &One {
                    posted: one,
                    tagged_user_ids: &tagged[0],
                },
                &posted,
            )?,
            posts => out.json(&Thread { posts }, &posted)?,
        }
    }
    out.done(posted.len())
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

/// Each post's tagged user ids, in order and each once: each username of the run is looked up
/// once (whichever posts tag it), an id is taken as it is. The first failure (a username X does
/// not know) ends the run.
async fn tagged_ids(api: &Api, auth: Auth<'_>, tags: &[Vec<Tag>]) -> Result<Vec<Vec<String>>> {
    let mut names: Vec<&str> = Vec::new();
    for tag in tags.iter().flatten() {
        if let Tag::Username(name) = tag
            && !names.iter().any(|n| n.eq_ignore_ascii_case(name))
        {
            names.push(name);
        }
    }
    let found = try_join_all(names.iter().map(|name| async move {
        users::by_username(api, auth, name)
            .await
            .map(|user| (name.to_ascii_lowercase(), user.id))
            .map_err(|err| err.context(format!("--tag @{name}")))
    }))
    .await?;
    let id_of = |tag: &Tag| match tag {
        Tag::Id(id) => id.clone(),
        Tag::Username(name) => found
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, id)| id.clone())
            .expect("every username was looked up"),
    };
    Ok(tags
        .iter()
        .map(|post| {
            let mut ids: Vec<String> = Vec::new();
            for id in post.iter().map(id_of) {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            ids
        })
        .collect())
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
async fn context(args: &PostArgs, common: &Common) -> Result<(Context, ConsentOptions, OneShot)> {
    #[cfg(feature = "sandbox")]
    if args.sandbox() {
        let (ctx, sandbox) = super::one_shot::one_shot(common).await?;
        let options = super::one_shot::consent_options(&ctx, common);
        return Ok((ctx, options, Some(sandbox)));
    }
    let ctx = Context::from_env(common)?;
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
        return plan::parse_thread(&content, &base).map_err(|err| err.context(file));
    }
    let text = posting::text(args.text.as_deref(), args.file.as_deref())?;
    Ok(vec![Draft {
        text: text.filter(|t| !t.trim().is_empty()),
        media: args.items.clone(),
        poll: args.poll.clone(),
        tags: args.tags.clone(),
    }])
}

/// Prints what would be sent, then ends as a real run would before sending anything.
fn dry_run(
    drafts: &[Draft],
    reply_to: Option<&str>,
    quote: Option<&str>,
    settings: &[Settings],
    args: &PostArgs,
    common: &Common,
) -> Result<()> {
    #[derive(Serialize)]
    struct Plan<'a> {
        dry_run: bool,
        posts: &'a [plan::DryPost],
        requests: Vec<plan::DryRequest>,
    }
    let posts = plan::dry_run(drafts, reply_to, quote, settings);
    output::print_json_or(
        common.json,
        &Plan {
            dry_run: true,
            requests: plan::requests(&posts),
            posts: &posts,
        },
        &plan::dry_run_text(&posts),
    )?;
    // The same exit code a real run would end with, in the same order of checks.
    let planned = plan::check(drafts)?;
    plan::tags_checked(&plan::tags_given(drafts)?, &planned)?;
    if !args.sandbox() {
        Env::load(common.env_file.as_deref())?.config_for(common.auth)?;
    }
    Ok(())
}

/// Each post's settings (poll, who may reply, community, labels), checked by X's rules: the
/// options' on every post of a thread, the community only on a single post, a thread file's
/// poll on its last post.
fn settings(args: &PostArgs, drafts: &[Draft]) -> Result<Vec<Settings>> {
    if args.thread.is_some() && !args.poll.is_empty() {
        return Err(Error::new(
            Exit::Usage,
            "--poll cannot be used with --thread: a thread's poll is written in its file",
        )
        .hint("put the options in the thread's last post, one per line: - [ ] option"));
    }
    if args.poll_duration.is_some() && drafts.iter().all(|d| d.poll.is_empty()) {
        return Err(Error::new(Exit::Usage, "--poll-duration needs a poll")
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
        plan::Source::ThreadFile
    } else {
        plan::Source::CommandLine
    };
    plan::settings(
        drafts,
        &shared,
        args.poll_duration.unwrap_or(compose::DEFAULT_POLL_MINUTES),
        source,
    )
}

/// How to post the rest of a stopped thread: its file and a command that posts it as this
/// run would have (the same settings, poll duration and account), to be completed with
/// `--reply-to`. Each word is quoted for a shell, and shown with nothing a terminal acts on.
struct Resume {
    /// The thread file, as the command names it (`FILE` when the posts were not in a file).
    file: String,
    /// The command, up to `--reply-to`: `xpost --thread FILE` and the options to repeat.
    command: String,
}

/// The [`Resume`] of this run.
fn resume_command(args: &PostArgs, common: &Common) -> Resume {
    use clap::ValueEnum;
    let file = match &args.thread {
        Some(path) => shell_words::quote(&path.to_string_lossy()).into_owned(),
        None => "FILE".to_owned(),
    };
    let mut words = vec!["xpost".to_owned(), "--thread".to_owned(), file.clone()];
    let mut add = |option: &str, value: Option<String>| {
        words.push(option.to_owned());
        words.extend(value.map(|v| shell_words::quote(&v).into_owned()));
    };
    if let Some(who) = args.reply_settings.and_then(|r| r.to_possible_value()) {
        add("--reply-settings", Some(who.get_name().to_owned()));
    }
    if args.made_with_ai {
        add("--made-with-ai", None);
    }
    if args.paid_partnership {
        add("--paid-partnership", None);
    }
    if let Some(minutes) = args.poll_duration {
        add("--poll-duration", Some(compose::duration_option(minutes)));
    }
    if let Some(account) = &common.account {
        add("--account", Some(account.clone()));
    }
    if let Some(method) = common.auth.and_then(|m| m.to_possible_value()) {
        add("--auth", Some(method.get_name().to_owned()));
    }
    if let Some(path) = &common.env_file {
        add("--env-file", Some(path.to_string_lossy().into_owned()));
    }
    Resume {
        file: crate::sanitize::visible(&file),
        command: crate::sanitize::visible(&words.join(" ")),
    }
}

/// The error for a thread that stopped at post `failed` (0-based), with how to resume; `then`
/// is what to do first, if the exit code does not say.
fn stopped_thread(
    err: Error,
    failed: usize,
    total: usize,
    posted: &[Posted],
    resume: &Resume,
    then: Option<String>,
) -> Error {
    let last = posted.last().map(|p| p.id.as_str()).unwrap_or_default();
    let list: Vec<String> = posted
        .iter()
        .enumerate()
        .map(|(i, p)| format!("\n    {}. {}", i + 1, p.url))
        .collect();
    let exit = err.exit();
    let message = format!(
        "the thread stopped at post {} of {total}: {}\n  posted so far:{}",
        failed + 1,
        err.message(),
        list.join("")
    );
    let resume = |n: usize, after: &str| {
        format!(
            "delete posts 1 to {n} from {} and run: {} --reply-to {after}",
            resume.file, resume.command
        )
    };
    let hint = match exit {
        // Post `failed` may exist: resuming from it would post it twice.
        Exit::MaybePosted => format!(
            "post {} may exist: look at your profile first. If it does, {} (its id); if not, {}",
            failed + 1,
            resume(posted.len() + 1, "ID"),
            resume(posted.len(), last)
        ),
        _ => {
            // Only a refused post needs changing; otherwise the same post can go again later.
            let first = then.unwrap_or_else(|| match exit {
                Exit::Refused | Exit::BadInput => format!("fix post {}, then ", failed + 1),
                Exit::TryLater => "wait for the rate limit to reset, then ".to_owned(),
                _ => String::new(),
            });
            format!("{first}{}", resume(posted.len(), last))
        }
    };
    Error::new(exit, message).hint(hint)
}

/// Locks what was made, even after a panic elsewhere.
fn lock(made: &Mutex<Made>) -> std::sync::MutexGuard<'_, Made> {
    made.lock().unwrap_or_else(|e| e.into_inner())
}
