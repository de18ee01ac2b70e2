//! What to post: the arguments of `xpost` without a subcommand.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::Args;

use crate::compose::media::{MediaItem, Sensitive};
use crate::compose::tags::Tag;

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
    /// [`crate::cli::Cli::parse_args`]).
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
