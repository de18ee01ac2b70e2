//! `xpost "text"`, `xpost -`, `xpost --file`, `xpost --thread`: read, check, get a login,
//! upload, post, print.
//!
//! The order keeps the promises made to the user: every post of the run is read and checked
//! before any network call; usernames to tag are looked up before anything goes up (with the
//! OAuth 1.0a keys, before a consent is even asked for); OAuth 1.0a uploads (with each file's
//! metadata and subtitles) run while the login is being obtained (a consent page, a refresh,
//! or nothing at all); posts are made once each, with the OAuth 2.0 token, and only after
//! every upload succeeded. A thread that fails in the middle says what was posted
//! and how to go on.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Mutex;

use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use tokio::time::Instant;

use super::caller::Caller;
use super::context::{Context, gave_up};
use super::resume::{resume_command, stopped_thread};
use crate::auth::session::{self, ConsentOptions, Plan, Session};
use crate::auth::store::Login;
use crate::cli::{Common, PostArgs};
use crate::compose::check::{Planned, check, tags_checked, tags_given};
use crate::compose::draft::Draft;
use crate::compose::dry_run::{self, DryPost, DryRequest};
use crate::compose::input::{self, read_file, read_stdin};
use crate::compose::reference::post_id;
use crate::compose::settings::{self, DEFAULT_POLL_MINUTES, Settings, Source};
use crate::compose::tags::Tag;
use crate::compose::thread;
use crate::config::{Env, Method};
use crate::error::{Error, Exit, Result};
use crate::oauth1::{self, OAuth1Keys};
use crate::output::{self, Posted, Results};
use crate::progress::Progress;
use crate::x::client::{Api, Auth};
use crate::x::tweets::{self, NewPost};
use crate::x::upload::upload_all;
use crate::x::users::{self, tagged_ids};

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
            let _ = Results::posts().json(&Thread { posts: &made.posts }, []);
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
    let Some(Checked {
        planned,
        reply_to,
        quote,
        settings,
        tags,
    }) = checked(args, common)?
    else {
        // A dry run: shown, and nothing sent.
        return Ok(());
    };

    // The one-shot sandbox lives as long as this run; it must outlast every request below.
    let (ctx, options, _sandbox) = context(args, common).await?;

    let session = ctx.session();
    let progress = Progress::new(std::io::stderr().is_terminal() && !output::quiet());
    let (mut caller, uploaded) = match ctx.config.method {
        Method::OAuth1 => {
            let mut caller = Caller::oauth1(&ctx)?;
            let (api, planned, progress, tags) = (&ctx.api, &planned, &progress, &tags);
            let uploaded = caller
                .call(&session, |key| async move {
                    // Usernames first: an unknown one ends the run before anything is uploaded.
                    let tagged = tagged_ids(api, key.auth(), tags).await?;
                    let ids = upload_all(api, key.auth(), planned, progress).await?;
                    Ok(Uploaded { ids, tagged })
                })
                .await?;
            (caller, uploaded)
        }
        Method::OAuth2 => {
            let (login, uploaded) =
                oauth2_uploads(&ctx, &session, options, &planned, &tags, &progress).await?;
            (Caller::OAuth2(login), uploaded)
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
        let new = NewPost::new(post.text, media_ids.clone())
            .tagging(tagged[i].clone())
            .replying_to(previous.clone())
            .quoting(if i == 0 { quote.clone() } else { None })
            .with_settings(settings[i].clone());
        let (api, new) = (&ctx.api, &new);
        // A post refused with a 401 was not made: with the login, it goes once more.
        let created = caller
            .call(&session, |key| async move {
                tweets::create(api, key.auth(), new, on_its_way).await
            })
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
}

/// Reads and checks the run's posts; with `--dry-run`, shows them instead, and gives `None`.
fn checked(args: &PostArgs, common: &Common) -> Result<Option<Checked>> {
    let drafts = drafts(args)?;
    let (reply_to, quote) = replying_and_quoting(args)?;

    let settings = settings(args, &drafts)?;
    let tags = tags_given(&drafts)?;

    if args.dry_run {
        dry_run(
            &drafts,
            reply_to.as_deref(),
            quote.as_deref(),
            &settings,
            args,
            common,
        )?;
        return Ok(None);
    }
    let planned = check(&drafts)?;
    tags_checked(&tags, &planned)?;
    Ok(Some(Checked {
        planned,
        reply_to,
        quote,
        settings,
        tags,
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

/// The OAuth 2.0 login and the media uploaded for it: with the OAuth 1.0a keys meanwhile, when
/// they are set and of the login's user, else with the login's token. Where nobody can give a
/// consent that the login needs, the run ends before any request.
async fn oauth2_uploads(
    ctx: &Context,
    session: &Session<'_>,
    options: ConsentOptions,
    planned: &[Planned],
    tags: &[Vec<Tag>],
    progress: &Progress,
) -> Result<(Login, Uploaded)> {
    if let (Some(reason), Some(_)) = (options.no_consent, &ctx.store) {
        // A look without the lock, so that nothing is sent (a key check, an upload) for a run
        // that cannot go on; the session decides again under it.
        let stored = match session.chosen()? {
            Some(slot) => slot.load()?,
            None => None,
        };
        if let Plan::Consent(why) = session::plan(
            stored.as_ref(),
            ctx.config.client_id(),
            ctx.config.api_base.as_str(),
            session::now(),
        ) && !matches!(why, session::Why::OtherServer { .. })
        {
            return Err(session.no_consent(&why, reason));
        }
    }
    let keys = match &ctx.config.oauth1 {
        Some(keys) if planned.iter().any(|post| !post.media.is_empty()) => {
            upload_keys(ctx, keys).await?
        }
        _ => None,
    };
    let login = session.obtain(Some(options));
    match keys {
        // OAuth 1.0a needs no login: upload meanwhile. If an upload fails, the login attempt
        // is dropped and nothing is posted.
        Some(keys) => {
            // Usernames first, before a consent is asked for: an unknown one ends the run.
            let tagged = tagged_ids(&ctx.api, Auth::OAuth1(keys.keys), tags).await?;
            let oauth1 = upload_all(&ctx.api, Auth::OAuth1(keys.keys), planned, progress);
            let (login, ids) = tokio::try_join!(login, oauth1)?;
            match keys
                .user_id
                .as_deref()
                .and_then(|id| other_account(id, &login))
            {
                None => Ok((login, Uploaded { ids, tagged })),
                // The consent was given by another account than the keys': X would refuse
                // these media in its posts. Up again, with its token.
                Some(warning) => {
                    output::warn(warning);
                    let mut login = login;
                    let ids =
                        bearer_uploads(session, &mut login, &ctx.api, planned, progress).await?;
                    Ok((login, Uploaded { ids, tagged }))
                }
            }
        }
        None => {
            let mut login = login.await?;
            let api = &ctx.api;
            let tagged = session
                .with_token(&mut login, |token| async move {
                    tagged_ids(api, Auth::Bearer(&token), tags).await
                })
                .await?;
            let ids = bearer_uploads(session, &mut login, &ctx.api, planned, progress).await?;
            Ok((login, Uploaded { ids, tagged }))
        }
    }
}

/// OAuth 1.0a keys to upload with, and the user they act for, if known.
struct UploadKeys<'a> {
    keys: &'a OAuth1Keys,
    user_id: Option<String>,
}

/// The OAuth 1.0a keys to upload with, if they are usable for this run's login.
///
/// With a stored login to reuse, keys of another account than its user (their access token
/// names its user) are set aside, with a warning: X refuses media uploaded by one account in
/// another's post. When a consent is ahead, the keys are checked with X first (`users/me`,
/// which also says whose they are), so that a wrong secret ends the run before the browser
/// opens rather than after the user consented. A warm run makes no request for this.
async fn upload_keys<'a>(ctx: &Context, keys: &'a OAuth1Keys) -> Result<Option<UploadKeys<'a>>> {
    let named = oauth1::token_user_id(keys).map(str::to_owned);
    // A look without the lock at the account this run posts as: the session decides under
    // it; this only guides the uploads. An unknown account, a login that cannot be read (a
    // keyring that stopped answering) end the run here, before any request.
    let stored = match ctx.session().chosen()? {
        Some(slot) => slot.load()?,
        None => None,
    };
    let planned = session::plan(
        stored.as_ref(),
        ctx.config.client_id(),
        ctx.config.api_base.as_str(),
        session::now(),
    );
    match (planned, stored) {
        (Plan::Reuse | Plan::Refresh, Some(stored)) => {
            if let Some(warning) = named.as_deref().and_then(|id| other_account(id, &stored)) {
                output::warn(warning);
                return Ok(None);
            }
            Ok(Some(UploadKeys {
                keys,
                user_id: named,
            }))
        }
        _ => match users::me_as(&ctx.api, Auth::OAuth1(keys)).await {
            Ok(user) => Ok(Some(UploadKeys {
                keys,
                user_id: Some(user.id),
            })),
            // X refused the signature: a wrong key or secret, found before any consent.
            Err(err) if err.exit() == Exit::Config => {
                Err(err.context("the OAuth 1.0a keys, checked before asking for consent"))
            }
            // X serves the app nothing until it is paid for: no consent to waste on it.
            Err(err) if err.exit() == Exit::Billing => Err(err),
            // Anything else says nothing of the keys; the uploads will.
            Err(err) => {
                output::trace(
                    1,
                    format!("could not check the OAuth 1.0a keys: {}", err.message()),
                );
                Ok(Some(UploadKeys {
                    keys,
                    user_id: named,
                }))
            }
        },
    }
}

/// The warning for OAuth 1.0a keys of user `keys_user` when `login` is another's; `None` when
/// they are the same user, or the login's user is not known.
fn other_account(keys_user: &str, login: &Login) -> Option<String> {
    let user = login.user_id.as_deref()?;
    if user == keys_user {
        return None;
    }
    let who = match &login.username {
        Some(name) => format!("@{name}"),
        None => format!("user {user}"),
    };
    Some(format!(
        "the OAuth 1.0a keys (X_ACCESS_TOKEN) are of another account (user {keys_user}) than the login ({who}), and X refuses media uploaded by one account in another's post: uploading with the login's OAuth 2.0 token instead. Set X_ACCESS_TOKEN and X_ACCESS_TOKEN_SECRET to the keys of {who}, or leave them unset"
    ))
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
        return thread::parse(&content, &base).map_err(|err| err.context(file));
    }
    let text = input::text(args.text.as_deref(), args.file.as_deref())?;
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
        posts: &'a [DryPost],
        requests: Vec<DryRequest>,
    }
    let posts = dry_run::posts(drafts, reply_to, quote, settings);
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
    let planned = check(drafts)?;
    tags_checked(&tags_given(drafts)?, &planned)?;
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

/// [`upload_all`] with the OAuth 2.0 token; a token X refuses (401) is renewed once and the
/// uploads go again.
async fn bearer_uploads(
    session: &Session<'_>,
    login: &mut Login,
    api: &Api,
    planned: &[Planned],
    progress: &Progress,
) -> Result<Vec<Vec<String>>> {
    session
        .with_token(login, |token| async move {
            upload_all(api, Auth::Bearer(&token), planned, progress).await
        })
        .await
}

/// Locks what was made, even after a panic elsewhere.
fn lock(made: &Mutex<Made>) -> std::sync::MutexGuard<'_, Made> {
    made.lock().unwrap_or_else(|e| e.into_inner())
}
