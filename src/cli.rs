//! The command line, as clap sees it. Nothing here reads the environment or files;
//! [`crate::config`] turns these arguments into the configuration the rest of xpost uses.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::compose::media::{MediaItem, Sensitive};
use crate::compose::subtitles::{self, SubtitleItem};
use crate::compose::tags::Tag;
use crate::config::Method;
use crate::sanitize::{quoted, visible};

use crate::error::Exit;

/// Post to X from a terminal or a shell script.
///
/// The first run opens X's consent page in your browser; after you authorize, xpost posts and
/// prints the post's URL on stdout. Later runs reuse the stored login, refreshing it as needed,
/// with no browser. With only the four OAuth 1.0a keys set (or --auth oauth1), every request is
/// signed with them: no browser, nothing stored. Credentials come from the environment, a
/// .env file (see example.env), or the app set up once with xpost auth setup.
#[derive(Debug, Parser)]
#[command(name = "xpost", version, after_help = after_help())]
pub struct Cli {
    /// What to do other than posting.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// What to post.
    #[command(flatten)]
    pub post: PostArgs,

    /// Options every command takes, shown below each command's own.
    #[command(flatten, next_help_heading = "Global options")]
    pub common: Common,
}

/// The subcommands. Text that is literally `article`, `auth`, `delete`, `edit` or `sandbox` is posted with
/// `xpost -- auth`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Log in, check or end the stored login, or print its access token.
    #[command(subcommand)]
    Auth(AuthCommand),
    /// Run xpost's imitation of X, for trying xpost and testing scripts without an account.
    #[cfg(feature = "sandbox")]
    #[command(subcommand)]
    Sandbox(SandboxCommand),
    /// Delete your posts, by id or URL: each deleted post's id on stdout, one per line (--json:
    /// a list of {id, deleted}). A post already gone counts as deleted, so a repeat succeeds;
    /// never asks to confirm.
    Delete(DeleteArgs),
    /// Replace one of your posts with a new version (X's edit): its URL on stdout. Reads the
    /// post first (one request) and says why X would not edit it, without trying.
    #[command(long_about = EDIT_ABOUT)]
    Edit(EditArgs),
    /// Publish an X Article from a Markdown file (accounts with a subscription): the URL of
    /// the post that carries it on stdout.
    #[command(long_about = ARTICLE_ABOUT, after_help = ARTICLE_EXAMPLES)]
    Article(ArticleArgs),
    /// Print a shell completion script (e.g. xpost completions bash > /etc/bash_completion.d/xpost).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. xpost man > xpost.1
    Man,
}

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

/// `xpost edit`'s long help.
const EDIT_ABOUT: &str = "Replace one of your posts with a new version (X's edit): the new version's URL on stdout \
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

/// `xpost article`'s long help.
const ARTICLE_ABOUT: &str = "Publish an X Article from a Markdown file: the URL of the post that carries it on stdout \
(--json: {article_id, post_id, url, title}; with --draft, the draft's id).

The title is --title, else the file's first level-1 heading (# Title), which is then left out of the \
body. Paragraphs, headings (#, ##, ### and deeper as ###), bulleted and numbered lists, block quotes, \
**bold**, *italic*, ~~strikethrough~~ and links become the Article's text; fenced code and tables are \
kept as Markdown for X to render (at most 10,000 characters of them in all, counted as X counts); --- \
is a divider; a paragraph that is only a post's URL embeds the post; ![alt text](picture.png) uploads \
the image (a path relative to the Markdown file) with its alt text.

Everything is checked before anything is sent: the file (UTF-8), the title, the code and tables, the \
images and the cover, as X checks a post's images. Then one request asks X for the account's \
subscription: X publishes Articles only for Basic, Premium and Premium+ accounts, and an account X \
says has none is refused before anything is uploaded. Then the images go up, the draft is created \
(POST /2/articles/draft) and published once (POST /2/articles/{id}/publish): a publication whose \
outcome is unknown is never sent again (exit 3).";

/// `xpost article`'s examples.
const ARTICLE_EXAMPLES: &str = "Examples:
  xpost article post.md --cover cover.png
  xpost article notes.md --title \"Release notes\" --draft
  xpost article post.md --dry-run";

/// `xpost article ...`
#[derive(Debug, Args)]
pub struct ArticleArgs {
    /// The Markdown file (UTF-8).
    #[arg(value_name = "FILE.md")]
    pub file: PathBuf,

    /// The title (without it, the file's first level-1 heading).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// A cover image (JPEG, PNG, WEBP or GIF, at most 5 MB).
    #[arg(long, value_name = "PATH")]
    pub cover: Option<PathBuf>,

    /// Create the draft only, and print its id: publish it on X.
    #[arg(long)]
    pub draft: bool,

    /// Check everything and print the draft's body (JSON) that would be sent, without sending
    /// anything.
    #[arg(long)]
    pub dry_run: bool,
}

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
    /// by [`Cli::parse_args`]).
    #[arg(skip)]
    pub items: Vec<MediaItem>,

    /// Check everything and say what would be sent, without sending anything (not even the
    /// read of the post).
    #[arg(long)]
    pub dry_run: bool,
}

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

/// `xpost auth setup ...`. Secrets are never taken as arguments: other users see those.
#[derive(Debug, Args)]
pub struct SetupArgs {
    /// Keep the X_* variables the environment (or --env-file) holds now, after checking them,
    /// without asking anything: for servers and scripts.
    #[arg(long, conflicts_with = "remove")]
    pub from_env: bool,
    /// Delete the app set up (the default, or --app NAME): its settings and its secrets,
    /// keyring entry included.
    #[arg(long)]
    pub remove: bool,
}

/// `xpost sandbox ...`
#[cfg(feature = "sandbox")]
#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Serve the imitation until stopped, keeping accounts, tokens and posts across runs.
    Serve {
        /// The port to listen on (127.0.0.1 only); 0 picks a free one.
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// A callback to register besides http://127.0.0.1:5000/oauth/callback. Repeatable.
        #[arg(long = "redirect-uri", value_name = "URI")]
        redirect_uris: Vec<String>,
        /// How many STATUS polls a GIF or video takes to process; 0 finishes at finalize.
        #[arg(long, value_name = "N", default_value_t = 2)]
        processing_polls: u32,
        /// Make an endpoint fail, as 'METHOD ROUTE=KIND[:ARG][*TIMES]' (TIMES defaults to 1),
        /// e.g. 'POST /2/tweets=drop-after-read', 'POST /2/media/upload/{id}/append=status:503*2',
        /// 'GET /2/users/me=delay:3s'. KIND is status:N, delay:DURATION, drop-before-read,
        /// drop-after-read, truncated, not-json or bad-id (the answer's data.id is no id).
        /// Repeatable; faults for one route are met in
        /// order. Change them while serving with POST or DELETE /_sandbox/faults.
        #[arg(long = "fault", value_name = "SPEC", value_parser = xpost_sandbox::FaultSpec::parse)]
        faults: Vec<xpost_sandbox::FaultSpec>,
        /// How X bills and limits the app (2026), to meet those answers before paying for them.
        #[command(flatten)]
        billing: SandboxBilling,
        /// How X reads and edits posts.
        #[command(flatten)]
        posts: SandboxPosts,
    },
    /// Act as a browser on the sandbox's consent page: usable as $BROWSER where none exists.
    Consent {
        /// The consent URL xpost opened.
        url: String,
        /// Click Cancel instead of Authorize.
        #[arg(long)]
        cancel: bool,
    },
}

/// `xpost sandbox serve`'s imitation of X's 2026 billing and plan rules.
#[cfg(feature = "sandbox")]
#[derive(Debug, Clone, Args)]
pub struct SandboxBilling {
    /// The app's plan: permissive (everything allowed) or self-serve (no quotes; at most one
    /// cashtag; replies only to your own posts, to posts that mention you or quote you).
    #[arg(long, value_name = "PLAN", default_value = "permissive", value_parser = xpost_sandbox::Plan::parse)]
    pub plan: xpost_sandbox::Plan,
    /// Prepaid credits: each request that succeeds spends one; then X answers 402.
    #[arg(long, value_name = "N")]
    pub credits: Option<u64>,
    /// Answer every request with 429 usage-capped, as when a usage cap is reached.
    #[arg(long)]
    pub usage_capped: bool,
    /// Answer every request with 403 client-forbidden, as for an app not attached to a project.
    #[arg(long)]
    pub unenrolled: bool,
    /// Posts per user per 24 hours, with X's x-user-limit-24hour-* headers; then 429.
    #[arg(long, value_name = "N")]
    pub daily_post_limit: Option<u32>,
}

/// How the sandbox reads and edits posts, where X's documents disagree or X may change.
#[cfg(feature = "sandbox")]
#[derive(Debug, Args)]
pub struct SandboxPosts {
    /// How long after a post is posted it may be edited (X documents 30 minutes).
    #[arg(long, value_name = "DURATION", default_value = "30m", value_parser = parse_duration)]
    pub edit_window: Duration,
    /// How many edits a post may have (X documents 5).
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub edits: u32,
    /// The names a post lookup takes: tweet (tweet.fields, edit_history_tweet_ids, as X's docs)
    /// or post (post.fields, edit_history_post_ids, as X's OpenAPI description v2.167).
    #[arg(long, value_name = "NAMES", default_value = "tweet", value_parser = xpost_sandbox::ApiNames::parse)]
    pub field_names: xpost_sandbox::ApiNames,
    /// How a lookup of a post that does not exist is answered: errors (200 with only errors)
    /// or 404.
    #[arg(long, value_name = "HOW", default_value = "errors", value_parser = xpost_sandbox::MissingPost::parse)]
    pub missing_post: xpost_sandbox::MissingPost,
    /// How a deletion is answered: data (200 {"data":{"deleted":true|false}}), 204 (no body
    /// for a post deleted), errors (200 with only errors for a post already gone) or 404 (for
    /// a post already gone).
    #[arg(long, value_name = "HOW", default_value = "data", value_parser = xpost_sandbox::DeleteAnswer::parse)]
    pub delete_answer: xpost_sandbox::DeleteAnswer,
    /// How refusals are worded: problem (type, title, detail), errors (only an errors list),
    /// code ({"code", "message"}) or flat (OpenAPI v2.167: types under api.x.com, a refused
    /// parameter as one flat invalid-request).
    #[arg(long, value_name = "SHAPE", default_value = "problem", value_parser = xpost_sandbox::ErrorShape::parse)]
    pub error_shape: xpost_sandbox::ErrorShape,
    /// The accounts' subscription: none (posts of up to 280 weighted characters), basic,
    /// premium or premiumplus (up to 25,000). POST /_sandbox/subscription with
    /// {"subscription":"none"} changes it while the sandbox runs (a subscription that lapses).
    #[arg(long, value_name = "KIND", default_value = "none", value_parser = xpost_sandbox::Subscription::parse)]
    pub subscription: xpost_sandbox::Subscription,
}

/// What to post.
#[derive(Debug, Args)]
pub struct PostArgs {
    /// The text to post; - reads it from stdin. May be left out when posting media only.
    #[arg(value_name = "TEXT", conflicts_with_all = ["file", "thread"])]
    pub text: Option<String>,

    /// Read the text from this file.
    #[arg(long, value_name = "PATH", conflicts_with = "thread")]
    pub file: Option<PathBuf>,

    /// Attach an image (JPEG, PNG, WEBP or GIF, at most 5 MB). Repeat for up to 4 images.
    #[arg(long = "image", value_name = "PATH", conflicts_with = "thread")]
    pub images: Vec<PathBuf>,

    /// Attach media of any kind X takes: images, an animated GIF (15 MB) or an MP4/MOV video
    /// (512 MB), recognised by their bytes.
    #[arg(long = "media", value_name = "PATH", conflicts_with = "thread")]
    pub media: Vec<PathBuf>,

    /// Alt text for the --image or --media just before it (at most 1000 characters).
    #[arg(long = "alt", value_name = "TEXT", conflicts_with = "thread")]
    pub alts: Vec<String>,

    /// Mark the --image or --media just before it as sensitive (X's warning over it): adult,
    /// violence or other. Repeat for more than one.
    #[arg(long = "sensitive", value_name = "KIND", conflicts_with = "thread")]
    pub sensitive: Vec<Sensitive>,

    /// Subtitles for the video (--media) just before it: LANG a two-letter language code (en,
    /// fr, ja...), PATH an SRT or WebVTT file (UTF-8, at most 1 MiB). Repeat for more languages.
    #[arg(
        long = "subtitles",
        value_name = "LANG=PATH",
        conflicts_with = "thread",
        value_parser = clap::value_parser!(OsString)
    )]
    pub subtitles: Vec<OsString>,

    /// Tag someone in the post's images: a username (with or without @; @ before one of digits
    /// only) or a user id. Repeat for up to 10; needs an image.
    #[arg(long = "tag", value_name = "USER", conflicts_with = "thread", value_parser = crate::compose::tags::parse_tag)]
    pub tags: Vec<Tag>,

    /// The media in command-line order, each with its alt text, warning and subtitles (filled by
    /// [`Cli::parse_args`]).
    #[arg(skip)]
    pub items: Vec<MediaItem>,

    /// Reply to this post (an id, or its URL on x.com or twitter.com).
    #[arg(long, value_name = "ID|URL")]
    pub reply_to: Option<String>,

    /// Quote this post (an id, or its URL on x.com or twitter.com). Enterprise plans only:
    /// refused before anything is sent under self-serve (see --plan).
    #[arg(long, value_name = "ID|URL", conflicts_with = "thread")]
    pub quote: Option<String>,

    /// The app's X plan: self-serve (pay-per-use, Basic, Pro: no quotes, at most one cashtag a
    /// post, refused before anything is sent) or enterprise. Default: X_PLAN, else self-serve.
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<crate::config::Plan>,

    /// Post a thread from this file (- for stdin): posts separated by lines holding only ---,
    /// images as lines of the form ![alt text](path), optionally followed by {sensitive=KIND
    /// subtitles=LANG=PATH tag=USER}, and a poll in the last post as lines of the form
    /// - [ ] option.
    #[arg(long, value_name = "FILE")]
    pub thread: Option<PathBuf>,

    /// Add a poll with this option (1 to 25 characters); repeat for 2 to 4 options. Not with
    /// media or a quote; a thread's poll is written in its file. The options down to
    /// --paid-partnership apply to every post of a thread, but --community.
    #[arg(long = "poll", value_name = "OPTION", conflicts_with_all = ["images", "media", "quote"])]
    pub poll: Vec<String>,

    /// How long the poll (--poll's, or the thread file's) runs, with its unit: e.g. 15m, 2h, 1d,
    /// 7d (5 minutes to 7 days). Default: 1d.
    #[arg(long, value_name = "DURATION", value_parser = crate::compose::settings::parse_poll_duration)]
    pub poll_duration: Option<u32>,

    /// Who may reply: following (accounts you follow), mentioned (accounts the post
    /// mentions), subscribers or verified. Default: everyone.
    #[arg(long, value_name = "WHO")]
    pub reply_settings: Option<crate::compose::settings::ReplySettings>,

    /// Post in this community (its id, the number in x.com/i/communities/ID). Not with --thread.
    #[arg(long, value_name = "ID", value_parser = crate::compose::settings::parse_community)]
    pub community: Option<String>,

    /// Show the community post to your followers too (only with --community).
    #[arg(long, requires = "community")]
    pub share_with_followers: bool,

    /// Label the post as made with AI.
    #[arg(long)]
    pub made_with_ai: bool,

    /// Label the post as a paid partnership.
    #[arg(long)]
    pub paid_partnership: bool,

    /// Post a text longer than 280 weighted characters (the argument, - or --file) as a
    /// thread: posts of at most 280 each, cut at a paragraph break, else at a sentence's end,
    /// else at a space, never inside a URL, a mention, a hashtag or an emoji. Media go on the
    /// first post, a poll on the last. A text that fits is one post. (An account with a
    /// subscription may post up to 25,000 in one post without it.) E.g.
    /// xpost --split --number --file essay.txt
    #[arg(long, conflicts_with = "thread")]
    pub split: bool,

    /// With --split: end each post with " k/N" (counted in its length), e.g.
    /// xpost --split --number - < notes.txt
    #[arg(long, requires = "split")]
    pub number: bool,

    /// Check everything and print what would be sent, without sending anything.
    #[arg(long)]
    pub dry_run: bool,

    /// Run against xpost's built-in imitation of X: no account needed, nothing is posted publicly.
    #[cfg(feature = "sandbox")]
    #[arg(long)]
    pub sandbox: bool,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Common {
    /// Print the result as JSON.
    #[arg(long, global = true)]
    pub json: bool,

    /// Do not open a browser; print the consent URL and wait for the redirect.
    #[arg(long, global = true)]
    pub no_browser: bool,

    /// How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored)
    /// or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2
    /// when X_CLIENT_ID is set, else oauth1 when the four keys are.
    #[arg(long, global = true, value_name = "METHOD")]
    pub auth: Option<Method>,

    /// Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set).
    #[arg(long, global = true)]
    pub no_interactive: bool,

    /// How long to wait for consent in the browser, e.g. 300, 90s or 5m.
    #[arg(long, global = true, value_name = "DURATION", default_value = "5m", value_parser = parse_duration)]
    pub auth_timeout: Duration,

    /// The account to use, by its username (with or without @), among the stored logins
    /// (xpost auth list); the default when not given. Also XPOST_ACCOUNT.
    #[arg(long, global = true, value_name = "NAME")]
    pub account: Option<String>,

    /// The app to use, by its name, among those set up with xpost auth setup; the first set
    /// up when not given. Also XPOST_APP.
    #[arg(long, global = true, value_name = "NAME")]
    pub app: Option<String>,

    /// Read credentials from this file instead of ./.env.
    #[arg(long, global = true, value_name = "PATH")]
    pub env_file: Option<PathBuf>,

    /// Keep the OAuth 2.0 login's tokens in its file (readable only by you) rather than the
    /// system's keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1.
    #[arg(long, global = true)]
    pub insecure_storage: bool,

    /// Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser,
    /// still show.
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// Show each request to X and the quota left (-v); with -vv also headers and bodies,
    /// secrets redacted. On stderr.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// When X's rate limit is used up, wait for its reset and go on instead of exiting with 75.
    #[arg(long, global = true)]
    pub wait: bool,

    /// With --wait, the longest to wait for a rate limit's reset, e.g. 15m; a later reset (a
    /// 24-hour limit) ends the run at once with 75, naming it.
    #[arg(long, global = true, value_name = "DURATION", default_value = "15m", value_parser = parse_duration)]
    pub max_wait: Duration,

    /// The longest one request to X may take, e.g. 60s.
    #[arg(long, global = true, value_name = "DURATION", default_value = "60s", value_parser = parse_duration)]
    pub timeout: Duration,

    /// The longest connecting to X may take.
    #[arg(long, global = true, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    pub connect_timeout: Duration,

    /// The longest the whole run may take (waits for consent, processing and rate limits
    /// included); then xpost gives up.
    #[arg(long, global = true, value_name = "DURATION", default_value = "30m", value_parser = parse_duration)]
    pub max_time: Duration,

    /// When the run gives up: its start plus `--max-time`. Not an option: set as the run
    /// starts ([`crate::commands::run`]), for what needs to say how much time is left.
    #[arg(skip)]
    pub deadline: Option<tokio::time::Instant>,
}

impl Cli {
    /// Parses the process's arguments, pairing each `--alt`, `--sensitive` and `--subtitles`
    /// with the media before it. Exits with clap's usage error (2) when they do not pair.
    pub fn parse_args() -> Cli {
        let mut command = Cli::command();
        let matches = command
            .try_get_matches_from_mut(std::env::args_os())
            .unwrap_or_else(|err| exit_with(err));
        let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|err| exit_with(err));
        let (items, edit) = match (&mut cli.command, matches.subcommand_matches("edit")) {
            (Some(Command::Edit(edit)), Some(sub)) => {
                (media_items(sub).map(|i| edit.items = i), true)
            }
            _ => (
                media_items(&matches).map(|items| cli.post.items = items),
                false,
            ),
        };
        if let Err(message) = items {
            // With the usage line of the command given: `xpost edit`'s for an edit.
            let command = match edit {
                true => command
                    .find_subcommand_mut("edit")
                    .expect("edit is a subcommand"),
                false => &mut command,
            };
            exit_with(command.error(clap::error::ErrorKind::ArgumentConflict, message))
        }
        cli
    }

    /// Whether posting options were given along with a subcommand, which is a usage error.
    pub fn post_args_with_subcommand(&self) -> bool {
        let p = &self.post;
        self.command.is_some()
            && (p.text.is_some()
                || p.file.is_some()
                || !p.images.is_empty()
                || !p.media.is_empty()
                || !p.alts.is_empty()
                || !p.sensitive.is_empty()
                || !p.subtitles.is_empty()
                || !p.tags.is_empty()
                || p.reply_to.is_some()
                || p.quote.is_some()
                || p.thread.is_some()
                || p.dry_run
                || p.compose_settings_given()
                || p.sandbox())
    }
}

/// The `--image` and `--media` values in command-line order, each `--alt`, `--sensitive` and
/// `--subtitles` given to the item just before it.
pub fn media_items(matches: &clap::ArgMatches) -> Result<Vec<MediaItem>, String> {
    // Paths as given, byte for byte: a file name need not be UTF-8.
    let indexed = |id: &str| -> Vec<(usize, PathBuf)> {
        match (matches.indices_of(id), matches.get_raw(id)) {
            (Some(indices), Some(values)) => indices.zip(values.map(PathBuf::from)).collect(),
            _ => Vec::new(),
        }
    };
    let mut media: Vec<(usize, MediaItem)> = indexed("images")
        .into_iter()
        .map(|(i, path)| {
            (
                i,
                MediaItem {
                    image_only: true,
                    ..MediaItem::new(path)
                },
            )
        })
        .chain(
            indexed("media")
                .into_iter()
                .map(|(i, path)| (i, MediaItem::new(path))),
        )
        .collect();
    media.sort_by_key(|(i, _)| *i);
    let shown = |item: &MediaItem| visible(&item.path.display().to_string());

    for (at, alt) in values::<String>(matches, "alts") {
        let item = before(&mut media, at, "--alt")?;
        if item.alt.is_some() {
            return Err(format!(
                "{} has two --alt texts; give one after each --image or --media",
                shown(item)
            ));
        }
        item.alt = Some(alt);
    }
    for (at, kind) in values::<Sensitive>(matches, "sensitive") {
        before(&mut media, at, "--sensitive")?.sensitive.add(kind);
    }
    let raw: Vec<(usize, &OsStr)> = match (
        matches.indices_of("subtitles"),
        matches.get_raw("subtitles"),
    ) {
        (Some(indices), Some(values)) => indices.zip(values).collect(),
        _ => Vec::new(),
    };
    for (at, value) in raw {
        let (language, path) = language_and_path(value)?;
        let item = before(&mut media, at, "--subtitles")?;
        if item.image_only {
            return Err(format!(
                "--subtitles goes after a video, and {} was given with --image, which takes pictures",
                shown(item)
            ));
        }
        if item.subtitles.iter().any(|s| s.language == language) {
            return Err(format!(
                "{} has two --subtitles in {} ({}); give one file per language",
                shown(item),
                language.name,
                language.code
            ));
        }
        item.subtitles.push(SubtitleItem { language, path });
    }
    Ok(media.into_iter().map(|(_, item)| item).collect())
}

/// The item given just before place `at` on the command line, which `option` (given there)
/// describes.
fn before<'a>(
    media: &'a mut [(usize, MediaItem)],
    at: usize,
    option: &str,
) -> Result<&'a mut MediaItem, String> {
    media
        .iter_mut()
        .rev()
        .find(|(i, _)| *i < at)
        .map(|(_, item)| item)
        .ok_or_else(|| format!("{option} must come after the --image or --media it describes"))
}

/// The values of option `id` with their places on the command line.
fn values<T: Clone + Send + Sync + 'static>(
    matches: &clap::ArgMatches,
    id: &str,
) -> Vec<(usize, T)> {
    match (matches.indices_of(id), matches.get_many::<T>(id)) {
        (Some(indices), Some(values)) => indices.zip(values.cloned()).collect(),
        _ => Vec::new(),
    }
}

/// Reads `--subtitles LANG=PATH`: a two-letter language code, `=`, and a path taken byte for
/// byte (it need not be UTF-8).
fn language_and_path(value: &OsStr) -> Result<(subtitles::Language, PathBuf), String> {
    let usage = || {
        format!(
            "--subtitles takes LANG=PATH, e.g. --subtitles en=talk.srt, not {}",
            quoted(&value.to_string_lossy())
        )
    };
    let (language, path) = split_at_equals(value).ok_or_else(usage)?;
    if path.as_os_str().is_empty() {
        return Err(usage());
    }
    let language = subtitles::language(&language).map_err(|why| format!("--subtitles: {why}"))?;
    Ok((language, path))
}

/// `LANG` and `PATH` of `LANG=PATH`, split at the first `=`.
#[cfg(unix)]
fn split_at_equals(value: &OsStr) -> Option<(String, PathBuf)> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = value.as_bytes();
    let at = bytes.iter().position(|b| *b == b'=')?;
    let language = String::from_utf8_lossy(&bytes[..at]).into_owned();
    Some((language, PathBuf::from(OsStr::from_bytes(&bytes[at + 1..]))))
}

/// `LANG` and `PATH` of `LANG=PATH`, split at the first `=`.
#[cfg(not(unix))]
fn split_at_equals(value: &OsStr) -> Option<(String, PathBuf)> {
    let (language, path) = value.to_str()?.split_once('=')?;
    Some((language.to_owned(), PathBuf::from(path)))
}

fn after_help() -> String {
    format!(
        "Examples:\n  xpost \"hello\" --image cat.png\n  echo \"from a script\" | xpost -\n  xpost --thread thread.txt --dry-run\n  xpost --split --number --file essay.txt\n  xpost article post.md --cover cover.png\n{}\n{}",
        if cfg!(feature = "sandbox") {
            "  xpost --sandbox \"trying xpost\"\n"
        } else {
            ""
        },
        Exit::table()
    )
}

/// The longest duration any option takes: 30 days. Longer waits are surely typing mistakes,
/// and bounding them keeps every deadline computed from them far from overflowing.
pub const MAX_DURATION: Duration = Duration::from_secs(30 * 86_400);

/// Parses a duration written as plain seconds (`300`) or with a unit (`90s`, `5m`, `1h`), more
/// than zero and at most [`MAX_DURATION`].
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let too_long = || "the duration must be at most 30 days (720h, 43200m or 2592000s)".to_owned();
    if number.is_empty() {
        return Err(format!(
            "{text:?} is not a duration; write e.g. 300, 90s or 5m"
        ));
    }
    let per_unit: u64 = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => return Err(format!("unknown unit {unit:?}; use s, m or h")),
    };
    // Only digits: a number that does not parse is too big for a u64.
    let number: u64 = number.parse().map_err(|_| too_long())?;
    let seconds = number.checked_mul(per_unit).ok_or_else(too_long)?;
    if seconds == 0 {
        return Err("the duration must be more than zero".into());
    }
    let duration = Duration::from_secs(seconds);
    if duration > MAX_DURATION {
        return Err(too_long());
    }
    Ok(duration)
}

impl PostArgs {
    /// The post-settings options given (a poll, who may reply, a community, labels), by name.
    pub fn compose_options(&self) -> Vec<&'static str> {
        [
            (!self.poll.is_empty(), "--poll"),
            (self.poll_duration.is_some(), "--poll-duration"),
            (self.reply_settings.is_some(), "--reply-settings"),
            (self.community.is_some(), "--community"),
            (self.share_with_followers, "--share-with-followers"),
            (self.made_with_ai, "--made-with-ai"),
            (self.paid_partnership, "--paid-partnership"),
        ]
        .into_iter()
        .filter_map(|(given, name)| given.then_some(name))
        .collect()
    }

    /// Whether any post-settings option was given.
    pub fn compose_settings_given(&self) -> bool {
        !self.compose_options().is_empty()
    }

    /// Whether the run posts to the one-shot sandbox (`--sandbox`).
    pub fn sandbox(&self) -> bool {
        #[cfg(feature = "sandbox")]
        return self.sandbox;
        #[cfg(not(feature = "sandbox"))]
        return false;
    }
}

/// Ends the process for a command line clap cannot take (or `--help`, `--version`). Its
/// messages quote the argument as given, so they are shown with every character a terminal
/// would act on written as an escape ([`crate::sanitize::visible_lines`]): an escape sequence
/// (or a C1 control such as U+009B) in a value never reaches the terminal raw.
fn exit_with(err: clap::Error) -> ! {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        err.exit()
    }
    let text = err.render().to_string();
    eprint!("{}", crate::sanitize::visible_lines(&text));
    std::process::exit(err.exit_code())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("300"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("five").is_err());
        assert!(parse_duration("5d").is_err());
    }

    #[test]
    fn durations_are_bounded_and_never_overflow() {
        assert_eq!(parse_duration("720h"), Ok(MAX_DURATION));
        assert_eq!(parse_duration("2592000"), Ok(MAX_DURATION));
        for long in [
            "721h",
            "2592001s",
            "43201m",
            "18446744073709551615",
            "18446744073709551616",
            "9223372036854775807",
            "5124095576030431h",
            "5124095576030432h",
            "307445734561825861m",
            "99999999999999999999999h",
        ] {
            let refused = parse_duration(long).unwrap_err();
            assert!(refused.contains("at most 30 days"), "{long}: {refused}");
        }
        let refused =
            Cli::try_parse_from(["xpost", "x", "--max-time", "5124095576030432h"]).unwrap_err();
        assert_eq!(refused.exit_code(), 2);
        assert!(refused.to_string().contains("at most 30 days"), "{refused}");
        for option in [
            "--auth-timeout",
            "--timeout",
            "--connect-timeout",
            "--max-time",
            "--max-wait",
        ] {
            let refused =
                Cli::try_parse_from(["xpost", "x", option, "18446744073709551615"]).unwrap_err();
            assert_eq!(refused.exit_code(), 2, "{option}");
        }
    }

    #[test]
    fn images_repeat() {
        let cli =
            Cli::try_parse_from(["xpost", "hi", "--image", "a.png", "--image", "b.png"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.post.text.as_deref(), Some("hi"));
        assert_eq!(cli.post.images.len(), 2);
        assert_eq!(cli.common.auth_timeout, Duration::from_secs(300));
    }

    #[test]
    fn each_help_shows_its_own_options_first_and_the_global_ones_once_below() {
        let mut command = Cli::command();
        command.build();
        let mut helps = vec![command.render_help().to_string()];
        let sub = |path: &[&str]| {
            let mut cmd = Cli::command();
            cmd.build();
            let mut at = &mut cmd;
            for name in path {
                at = at.find_subcommand_mut(name).unwrap();
            }
            at.render_help().to_string()
        };
        helps.push(sub(&["auth", "status"]));
        #[cfg(feature = "sandbox")]
        helps.push(sub(&["sandbox", "serve"]));
        for help in &helps {
            let global = help.find("Global options:").expect(help);
            assert_eq!(help.matches("--max-time").count(), 1, "{help}");
            assert!(help.find("--max-time").unwrap() > global, "{help}");
            if let Some(own) = help.find("--port").or_else(|| help.find("--image")) {
                assert!(own < global, "{help}");
            }
        }
    }

    #[test]
    fn subcommands_and_the_word_auth_as_text() {
        let cli = Cli::try_parse_from(["xpost", "auth", "status", "--json"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Auth(AuthCommand::Status))
        ));
        assert!(cli.common.json);
        let cli = Cli::try_parse_from(["xpost", "--json", "auth", "token"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Auth(AuthCommand::Token))
        ));
        assert!(cli.common.json);
        let cli = Cli::try_parse_from(["xpost", "--", "auth"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.post.text.as_deref(), Some("auth"));
    }

    #[cfg(feature = "sandbox")]
    #[test]
    fn sandbox_subcommands() {
        let cli = Cli::try_parse_from(["xpost", "sandbox", "serve", "--port", "8080"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Sandbox(SandboxCommand::Serve { port: 8080, .. }))
        ));
        let cli = Cli::try_parse_from([
            "xpost",
            "sandbox",
            "serve",
            "--fault",
            "POST /2/tweets=drop-after-read",
            "--fault",
            "GET /2/users/me=status:503*2",
        ])
        .unwrap();
        let Some(Command::Sandbox(SandboxCommand::Serve { faults, .. })) = cli.command else {
            panic!("not sandbox serve");
        };
        assert_eq!(faults.len(), 2);
        assert_eq!(faults[1].times, 2);
        let refused = Cli::try_parse_from([
            "xpost",
            "sandbox",
            "serve",
            "--fault",
            "POST /2/tweets=boom",
        ])
        .unwrap_err()
        .to_string();
        assert!(refused.contains("unknown fault"), "{refused}");
        // Post options do not mix with a subcommand.
        let cli = Cli::try_parse_from(["xpost", "--image", "a.png", "auth", "login"]).unwrap();
        assert!(cli.post_args_with_subcommand());
        let cli = Cli::try_parse_from(["xpost", "--media", "a.mp4", "auth", "login"]).unwrap();
        assert!(cli.post_args_with_subcommand());
        let cli = Cli::try_parse_from(["xpost", "--json", "auth", "login"]).unwrap();
        assert!(!cli.post_args_with_subcommand());
    }

    fn items(args: &[&str]) -> Result<Vec<MediaItem>, String> {
        let matches = Cli::command().try_get_matches_from(args).unwrap();
        media_items(&matches)
    }

    #[test]
    fn each_alt_goes_to_the_media_before_it() {
        let got = items(&[
            "xpost", "hi", "--image", "a.png", "--alt", "first", "--media", "b.mp4", "--image",
            "c.png", "--alt", "third",
        ])
        .unwrap();
        let summary: Vec<(&str, Option<&str>, bool)> = got
            .iter()
            .map(|i| (i.path.to_str().unwrap(), i.alt.as_deref(), i.image_only))
            .collect();
        assert_eq!(
            summary,
            [
                ("a.png", Some("first"), true),
                ("b.mp4", None, false),
                ("c.png", Some("third"), true)
            ]
        );
        assert!(items(&["xpost", "--alt", "x", "--image", "a.png"]).is_err());
        assert!(items(&["xpost", "--image", "a.png", "--alt", "x", "--alt", "y"]).is_err());
        assert!(items(&["xpost", "hi"]).unwrap().is_empty());
    }

    #[test]
    fn warnings_and_subtitles_go_to_the_media_before_them() {
        let got = items(&[
            "xpost",
            "--media",
            "v.mp4",
            "--sensitive",
            "violence",
            "--subtitles",
            "en=a=b.srt",
            "--subtitles",
            "PT=pt.vtt",
            "--image",
            "a.png",
            "--sensitive",
            "adult",
            "--sensitive",
            "other",
        ])
        .unwrap();
        assert!(got[0].sensitive.graphic_violence && !got[0].sensitive.adult_content);
        let subs: Vec<(&str, &str)> = got[0]
            .subtitles
            .iter()
            .map(|s| (s.language.code.as_str(), s.path.to_str().unwrap()))
            .collect();
        assert_eq!(subs, [("EN", "a=b.srt"), ("PT", "pt.vtt")]);
        assert!(got[1].sensitive.adult_content && got[1].sensitive.other);
        assert!(got[1].subtitles.is_empty());
        for (args, says) in [
            (
                &["xpost", "--sensitive", "adult"][..],
                "--sensitive must come after",
            ),
            (
                &["xpost", "--subtitles", "en=a.srt"][..],
                "--subtitles must come after",
            ),
            (
                &["xpost", "--image", "a.png", "--subtitles", "en=a.srt"][..],
                "given with --image",
            ),
            (
                &["xpost", "--media", "v.mp4", "--subtitles", "a.srt"][..],
                "LANG=PATH",
            ),
            (
                &["xpost", "--media", "v.mp4", "--subtitles", "=a.srt"][..],
                "two letters",
            ),
            (
                &["xpost", "--media", "v.mp4", "--subtitles", "xx=a.srt"][..],
                "ISO 639-1",
            ),
            (
                &[
                    "xpost",
                    "--media",
                    "v.mp4",
                    "--subtitles",
                    "fr=a.srt",
                    "--subtitles",
                    "FR=b.srt",
                ][..],
                "two --subtitles in French (FR)",
            ),
        ] {
            let err = items(args).unwrap_err();
            assert!(err.contains(says), "{args:?}: {err}");
        }
    }

    #[test]
    fn tags_and_warnings_are_checked_by_clap() {
        let cli =
            Cli::try_parse_from(["xpost", "--image", "a.png", "--tag", "@bob", "--tag", "42"])
                .unwrap();
        assert_eq!(
            cli.post.tags,
            [Tag::Username("bob".into()), Tag::Id("42".into())]
        );
        for args in [
            &["xpost", "--image", "a.png", "--tag", "a-b"][..],
            &["xpost", "--image", "a.png", "--sensitive", "gore"][..],
            &["xpost", "--thread", "t.txt", "--tag", "bob"][..],
            &["xpost", "--thread", "t.txt", "--sensitive", "adult"][..],
            &["xpost", "--thread", "t.txt", "--subtitles", "en=a.srt"][..],
        ] {
            let err = Cli::try_parse_from(args).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{args:?}");
        }
        let cli = Cli::try_parse_from(["xpost", "--tag", "bob", "auth", "status"]).unwrap();
        assert!(cli.post_args_with_subcommand());
    }

    #[cfg(unix)]
    #[test]
    fn a_subtitle_path_need_not_be_utf8() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let args = [
            OsStr::new("xpost"),
            OsStr::new("--media"),
            OsStr::new("v.mp4"),
            OsStr::new("--subtitles"),
            OsStr::from_bytes(b"ja=\xe5\xad\x97\xff.srt"),
        ];
        let matches = Cli::command().try_get_matches_from(args).unwrap();
        let got = media_items(&matches).unwrap();
        assert_eq!(
            got[0].subtitles[0].path.as_os_str(),
            OsStr::from_bytes(b"\xe5\xad\x97\xff.srt")
        );
        assert_eq!(got[0].subtitles[0].language.name, "Japanese");
    }

    #[cfg(unix)]
    #[test]
    fn media_paths_need_not_be_utf8() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let latin1 = OsStr::from_bytes(b"caf\xe9.png");
        let args = [
            OsStr::new("xpost"),
            OsStr::new("--image"),
            latin1,
            OsStr::new("--alt"),
            OsStr::new("a cup"),
            OsStr::new("--media"),
            latin1,
        ];
        let matches = Cli::command().try_get_matches_from(args).unwrap();
        let got = media_items(&matches).unwrap();
        assert_eq!(got.len(), 2);
        for item in &got {
            assert_eq!(item.path.as_os_str(), latin1);
        }
        assert_eq!(got[0].alt.as_deref(), Some("a cup"));
        assert_eq!(got[1].alt, None);
    }

    #[test]
    fn edit_takes_the_text_and_media_of_the_new_version_and_nothing_else() {
        let matches = Cli::command()
            .try_get_matches_from([
                "xpost", "edit", "1862", "fixed", "--image", "a.png", "--alt", "A", "--media",
                "b.mp4",
            ])
            .unwrap();
        let cli = Cli::from_arg_matches(&matches).unwrap();
        assert!(!cli.post_args_with_subcommand());
        let Some(Command::Edit(args)) = cli.command else {
            panic!("not edit");
        };
        assert_eq!(args.post, "1862");
        assert_eq!(args.text.as_deref(), Some("fixed"));
        let items = media_items(matches.subcommand_matches("edit").unwrap()).unwrap();
        let summary: Vec<(&str, Option<&str>)> = items
            .iter()
            .map(|i| (i.path.to_str().unwrap(), i.alt.as_deref()))
            .collect();
        assert_eq!(summary, [("a.png", Some("A")), ("b.mp4", None)]);
        for refused in [
            vec!["xpost", "edit", "1", "t", "--reply-to", "2"],
            vec!["xpost", "edit", "1", "t", "--quote", "2"],
            vec!["xpost", "edit", "1", "t", "--poll", "a"],
            vec!["xpost", "edit", "1", "t", "--thread", "f"],
            vec!["xpost", "edit", "1", "t", "--image", "a.png", "--no-media"],
            vec!["xpost", "edit", "1", "t", "--file", "f"],
            vec!["xpost", "edit"],
        ] {
            let err = Cli::try_parse_from(&refused).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{refused:?}");
        }
        // The word as a post's text.
        let cli = Cli::try_parse_from(["xpost", "--", "edit"]).unwrap();
        assert_eq!(cli.post.text.as_deref(), Some("edit"));
    }

    #[test]
    fn help_lists_exit_codes() {
        let help = Cli::command().render_long_help().to_string();
        assert!(help.contains("Exit codes:"));
        assert!(help.contains(" 77  consent declined"));
    }
}
