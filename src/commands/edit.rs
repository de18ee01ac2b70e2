//! `xpost edit ID|URL TEXT`: replace one of your posts with a new version (X's edit: `POST
//! /2/tweets` with `edit_options.previous_post_id`), and print the new version's URL.
//!
//! The order keeps the promises made to the user, as a post does, with one step more: the id,
//! the new text and the media are checked before any network call; then one request reads the
//! post (its edit controls, author, poll, community, reply), and an edit X would refuse is
//! refused here, saying why, before anything is uploaded or posted; then the media go up, and
//! the new version is posted once: an edit whose outcome is unknown is never sent again.
//!
//! The new version's text is the one given: X replaces the whole post, and the text X gives
//! back has its links shortened and a link to its media added, so copying it would change the
//! post. Its media are the post's own (their ids sent again, as X's composer does) unless
//! `--image`/`--media` replace them or `--no-media` removes them. An edit keeps the post's
//! reply, quote, poll and settings (X's edit does). The id of an older version of an edited
//! post edits its latest version, the only one X edits; its media are then read from that one.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Args;
use serde::Serialize;
use tokio::time::Instant;

use super::allowance::{self, Known};
use super::context::{Context, gave_up, with_setup};
use crate::auth::caller::Caller;
use crate::compose::check::{check, within};
use crate::compose::draft::Draft;
use crate::compose::dry_run::{self, DryPost};
use crate::compose::input;
use crate::compose::limit::Allowance;
use crate::compose::media::{MediaItem, Sensitive};
use crate::compose::plan_rules;
use crate::compose::reference::post_id;
use crate::compose::settings::Settings;
use crate::config::Env;
use crate::error::{Cause, Error, Result};
use crate::options::Common;
use crate::output::{self, Posted, Results};
use crate::progress::Progress;
use crate::x::answer::now;
use crate::x::client::Api;
use crate::x::editable::{self, Post};
use crate::x::read::{self, Lookup};
use crate::x::tweets::{self, NewPost};
use crate::x::upload::upload_all;

/// `xpost edit`'s long help.
pub const EDIT_ABOUT: &str = "Replace one of your posts with a new version (X's edit): the new version's URL on stdout \
(--json: {id, url, text, media_ids, previous_id}).

Everything given is checked first, by X's rules as for a post. Then one request reads the post (its \
edit controls, author, poll, community, reply): a post X would not edit (someone else's, one with a poll, \
a community post, a reply to another account, its edit window closed or its edits used up) is refused \
with exit 1, saying why, and nothing more is sent. Then the new media go up, and the new version is \
posted once (an edit whose outcome is unknown is never sent again: exit 3).

The new version's text is the one given: X replaces the whole post, and xpost does not copy the old \
text. Its media are the post's own unless --image/--media replace them or --no-media removes them. \
An edit keeps the post's reply, quote, poll and settings: the options that set them are not taken. \
The id of an older version of an edited post edits its latest version, the only one X edits.";

/// `xpost edit ...`
#[derive(Debug, Args)]
pub struct EditArgs {
    /// The post to edit: its id, or its URL like https://x.com/you/status/1862...
    #[arg(value_name = "ID|URL")]
    pub post: String,

    /// The new version's text; - reads it from stdin. Required (or --file); "" for a version
    /// without text, with new media.
    #[arg(value_name = "TEXT", conflicts_with = "file")]
    pub text: Option<String>,

    /// Read the new version's text from this file.
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// Replace the post's media with this image (JPEG, PNG, WEBP or GIF, at most 5 MB).
    /// Repeat for up to 4 images.
    #[arg(long = "image", value_name = "PATH")]
    pub images: Vec<PathBuf>,

    /// Replace the post's media with media of any kind X takes: images, an animated GIF
    /// (15 MB) or an MP4/MOV video (512 MB).
    #[arg(long = "media", value_name = "PATH")]
    pub media: Vec<PathBuf>,

    /// Alt text for the --image or --media just before it (at most 1000 characters).
    #[arg(long = "alt", value_name = "TEXT")]
    pub alts: Vec<String>,

    /// Mark the --image or --media just before it as sensitive: adult, violence or other.
    #[arg(long = "sensitive", value_name = "KIND")]
    pub sensitive: Vec<Sensitive>,

    /// Subtitles for the video (--media) just before it, as LANG=PATH (as for a post).
    #[arg(long = "subtitles", value_name = "LANG=PATH", value_parser = clap::value_parser!(OsString))]
    pub subtitles: Vec<OsString>,

    /// The new version has no media (without this, or --image/--media, it keeps the post's).
    #[arg(long, conflicts_with_all = ["images", "media", "alts", "sensitive", "subtitles"])]
    pub no_media: bool,

    /// The app's X plan: self-serve (pay-per-use, Basic, Pro: at most one cashtag a post,
    /// refused before anything is sent) or enterprise. Default: X_PLAN, else self-serve.
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<crate::config::Plan>,

    /// The media in command-line order, each with its alt text, warning and subtitles (filled
    /// by [`crate::cli::Cli::parse_args`]).
    #[arg(skip)]
    pub items: Vec<MediaItem>,

    /// Check everything and say what would be sent, without sending anything (not even the
    /// read of the post).
    #[arg(long)]
    pub dry_run: bool,
}

/// What becomes of the post's media in the new version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Media {
    /// The post's own media go again.
    Keep,
    /// The files given replace them.
    Replace,
    /// None (`--no-media`).
    Remove,
}

impl Media {
    /// What the command line asks for.
    fn asked(args: &EditArgs) -> Media {
        if args.no_media {
            Media::Remove
        } else if args.items.is_empty() {
            Media::Keep
        } else {
            Media::Replace
        }
    }
}

/// `--json`: the new version, as a post prints, and the version it replaced.
#[derive(Serialize)]
struct Edited<'a> {
    #[serde(flatten)]
    post: &'a Posted,
    /// The id of the version replaced (the post's latest before the edit).
    previous_id: &'a str,
}

/// Edits and prints the result, giving up at `deadline` (`--max-time`). A run stopped while
/// the new version is on its way ends with "may have posted".
pub async fn run(args: EditArgs, common: &Common, deadline: Instant) -> Result<()> {
    let on_its_way = AtomicBool::new(false);
    let editing = edit(&args, common, &on_its_way);
    match tokio::time::timeout_at(deadline, editing).await {
        Ok(result) => result,
        Err(_) if on_its_way.load(Ordering::SeqCst) => Err(Error::new(
            Cause::MaybePosted,
            format!(
                "gave up after {} (--max-time) while the edit was on its way",
                output::duration(common.max_time)
            ),
        )
        .hint("the new version may exist: look at the post before editing it again")),
        Err(_) => Err(gave_up(common.max_time)),
    }
}

async fn edit(args: &EditArgs, common: &Common, on_its_way: &AtomicBool) -> Result<()> {
    let id = post_id(&args.post, "post")?;
    let media = Media::asked(args);
    let draft = draft(args, media)?;
    let user = Env::load(common.env_file.as_deref())?;
    // What the app's plan would have X refuse: refused before anything is sent.
    let plan = user.plan(args.plan)?;
    plan_rules::check(plan, &[draft.text.as_deref()], false)?;
    // The run's variables, read once, with the app set up with `xpost auth setup`: after the
    // edit's own checks (a dry run shows the edit before it says what is wrong there).
    let env = with_setup(user, common);
    if args.dry_run {
        return dry_run(&id, &draft, media, common, env);
    }
    // An edit follows the account's limit as a post does.
    let known = allowance::known(std::slice::from_ref(&draft), &env, common, false)?;
    let planned = check(std::slice::from_ref(&draft), known.before_asking())?;
    let env = env?;

    let ctx = Context::from_loaded(&env, common)?;
    let mut caller = ctx
        .authentication(ctx.consent_options(common))
        .caller()
        .await?;
    if known == Known::AskX {
        // OAuth 1.0a keeps nothing: a text over 280 asks X the account's subscription first.
        let api = &ctx.api;
        let user = caller
            .call(|key| async move { crate::x::users::me_as(api, key.auth()).await })
            .await?;
        within(&planned, Allowance::of(user.subscription))?;
    }
    let me = caller.user_id().map(str::to_owned);

    // Why X would refuse the edit now, as read: checked before anything else is sent.
    let refused = |post: &Post| {
        editable::why_not_editable(post, me.as_deref(), now()).map(|why| why.error(&id, now()))
    };
    let mut post = lookup(&ctx.api, &mut caller, &id).await?;
    // Every version reports the chain's controls: a refusal needs no second read.
    if let Some(err) = refused(&post) {
        return Err(err);
    }
    if !post.is_latest() {
        let latest = post.latest().to_owned();
        output::note(format!(
            "post {id} was edited since: its latest version, {latest}, is the one X edits; editing it."
        ));
        if media == Media::Keep {
            // Its media are the latest version's, not those of the version read.
            post = lookup(&ctx.api, &mut caller, &latest).await?;
            if !post.is_latest() {
                return Err(Error::new(
                    Cause::Refused,
                    format!("post {id} is being edited meanwhile: its latest version changed while xpost read it"),
                )
                .hint("nothing was sent to edit it; run this again"));
            }
            if let Some(err) = refused(&post) {
                return Err(err);
            }
        }
    }

    let media_ids = match media {
        Media::Keep => post.media_ids.clone(),
        Media::Remove => Vec::new(),
        Media::Replace => {
            let progress = Progress::new(std::io::stderr().is_terminal() && !output::quiet());
            let (api, planned, progress) = (&ctx.api, &planned, &progress);
            let ids = caller
                .call(|key| async move { upload_all(api, key.auth(), planned, progress).await })
                .await?;
            // A video may take minutes to process: the window may have closed meanwhile.
            if let Some(err) = refused(&post) {
                return Err(err);
            }
            ids.into_iter().next().unwrap_or_default()
        }
    };
    let text = planned.into_iter().next().and_then(|p| p.text);
    let previous = post.latest().to_owned();
    let new = NewPost::new(text, media_ids.clone()).editing(Some(previous.clone()));
    let (api, new) = (&ctx.api, &new);
    // An edit refused with a 401 was not made: with the login, it goes once more.
    let created = caller
        .call(|key| async move { tweets::create(api, key.auth(), new, on_its_way).await })
        .await?;
    let edited = Posted {
        url: output::post_url(&ctx.config.web_base, caller.username(), &created.id),
        id: created.id,
        text: created.text,
        media_ids,
    };
    tell(&edited, &previous, &post, common)
}

/// Prints the new version (`--json`: with the id of the one it replaced), says how many more
/// edits X allows, and ends the run: with an error if stdout could not take the result.
fn tell(edited: &Posted, previous: &str, post: &Post, common: &Common) -> Result<()> {
    let mut out = Results::posts();
    if common.json {
        let value = Edited {
            post: edited,
            previous_id: previous,
        };
        out.json(&value, [edited.url.as_str()])?;
    } else {
        out.tell(&edited.url);
    }
    if let Some(left) = post.controls.and_then(|c| c.edits_remaining) {
        let until = post
            .controls
            .and_then(|c| c.editable_until)
            .map(|at| format!(", until {}", output::utc(at)))
            .unwrap_or_default();
        output::note(format!(
            "X allows {} more edit(s) of this post{until}.",
            left.saturating_sub(1)
        ));
    }
    out.edited()
}

/// Reads post `id`; one that is gone is refused (exit 1).
async fn lookup(api: &Api, caller: &mut Caller<'_>, id: &str) -> Result<Post> {
    let found = caller
        .call(|key| async move { read::lookup(api, key.auth(), id).await })
        .await?;
    match found {
        Lookup::Found(post) => Ok(post),
        Lookup::Gone => Err(Error::new(
            Cause::Refused,
            format!(
                "post {id} does not exist (it was deleted, or never made): there is nothing to edit"
            ),
        )
        .hint("check the id or URL; to post it anew, run xpost with the text")),
    }
}

/// The new version as given: its text (required: X replaces the whole post) and its media.
/// An empty text is a version without text, which needs new media.
fn draft(args: &EditArgs, media: Media) -> Result<Draft> {
    let Some(text) = input::text(args.text.as_deref(), args.file.as_deref())? else {
        return Err(Error::new(
            Cause::Usage,
            "give the new version's text: X replaces the whole post, and xpost does not copy the old text",
        )
        .hint("xpost edit ID \"the text as it should be\" (or - to read it from stdin, or --file PATH)"));
    };
    let text = (!text.trim().is_empty()).then_some(text);
    if text.is_none() && media != Media::Replace {
        return Err(Error::new(
            Cause::Usage,
            "the new version's text is empty: give its text, or new media with --image or --media for a version without text",
        ));
    }
    Ok(Draft {
        text,
        media: args.items.clone(),
        ..Draft::default()
    })
}

/// Prints what would be sent, then ends as a real run would before sending anything.
fn dry_run(id: &str, draft: &Draft, media: Media, common: &Common, env: Result<Env>) -> Result<()> {
    #[derive(Serialize)]
    struct Plan<'a> {
        dry_run: bool,
        /// The post to edit.
        edit: &'a str,
        /// What becomes of its media.
        media: Media,
        posts: &'a [DryPost],
    }
    let known = allowance::known(std::slice::from_ref(draft), &env, common, false);
    let shown = known
        .as_ref()
        .map_or(Allowance::Unknown, |known| known.before_asking());
    let posts = dry_run::posts(
        std::slice::from_ref(draft),
        None,
        None,
        &[Settings::default()],
        shown,
    );
    let (upload, media_said) = match media {
        Media::Keep => ("", "with the post's media (read from it)"),
        Media::Replace => (
            ", upload the media below",
            "with them instead of the post's",
        ),
        Media::Remove => ("", "without media (--no-media)"),
    };
    let text = format!(
        "would edit post {id}: read it (GET /2/tweets/{id}: its edit controls, author, poll, community and reply){upload}, then post the new version (POST /2/tweets with edit_options.previous_post_id) {media_said}\n{}",
        dry_run::in_words(&posts)
    );
    output::print_json_or(
        common.json,
        &Plan {
            dry_run: true,
            edit: id,
            media,
            posts: &posts,
        },
        &text,
    )?;
    // The same exit code a real run would end with, before sending anything.
    check(std::slice::from_ref(draft), known?.before_asking())?;
    env?.config_for(common.auth)?;
    Ok(())
}
