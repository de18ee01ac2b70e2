//! The command line's root, as clap sees it: `xpost` and its subcommands, and the pairing of
//! each `--alt`, `--sensitive` and `--subtitles` with the media before it. Each command's own
//! arguments are defined beside the command (a post's in [`crate::commands::post::args`]); the
//! options every command takes are [`crate::options`]. Nothing here reads the environment or
//! files; [`crate::config`] turns these arguments into the configuration the rest of xpost uses.

use std::ffi::OsStr;
use std::path::PathBuf;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::commands::article::{ARTICLE_ABOUT, ARTICLE_EXAMPLES, ArticleArgs};
use crate::commands::auth::AuthCommand;
use crate::commands::delete::DeleteArgs;
use crate::commands::edit::{EDIT_ABOUT, EditArgs};
use crate::commands::post::args::PostArgs;
#[cfg(feature = "sandbox")]
use crate::commands::sandbox::SandboxCommand;
use crate::compose::media::{MediaItem, Sensitive};
use crate::compose::subtitles::{self, SubtitleItem};
use crate::error::Exit;
use crate::options::Common;
use crate::sanitize::{quoted, visible};

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
    use std::time::Duration;

    use super::*;
    use crate::compose::tags::Tag;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn durations_too_long_are_usage_errors() {
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
