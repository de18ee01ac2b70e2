//! A thread that stopped midway: the error that lists what was posted, and how to post the
//! rest (the thread file, and a command that goes on as the run would have).

use super::post::args::PostArgs;
use crate::compose::settings::duration_option;
use crate::error::{Cause, Error};
use crate::options::Common;
use crate::output::Posted;

/// How to post the rest of a stopped thread: its file and a command that posts it as this
/// run would have (the same settings, poll duration and account), to be completed with
/// `--reply-to`. Each word is quoted for a shell, and shown with nothing a terminal acts on.
pub struct Resume {
    /// The thread file, as the command names it (`FILE` when the posts were not in a file).
    file: String,
    /// The command, up to `--reply-to`: `xpost --thread FILE` and the options to repeat.
    command: String,
    /// Whether the posts were cut from one text (`--split`): FILE is to be written from them.
    split: bool,
}

/// The [`Resume`] of this run.
pub fn resume_command(args: &PostArgs, common: &Common) -> Resume {
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
        add("--poll-duration", Some(duration_option(minutes)));
    }
    if let Some(plan) = args.plan.and_then(|p| p.to_possible_value()) {
        add("--plan", Some(plan.get_name().to_owned()));
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
        split: args.split,
    }
}

/// The error for a thread that stopped at post `failed` (0-based), with how to resume; `then`
/// is what to do first, if the exit code does not say.
pub fn stopped_thread(
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
    let cause = err.cause().clone();
    let message = format!(
        "the thread stopped at post {} of {total}: {}\n  posted so far:{}",
        failed + 1,
        err.message(),
        list.join("")
    );
    let resume = |n: usize, after: &str| {
        if resume.split {
            // The posts of a split text are in no file: the rest go into one, as a thread.
            return format!(
                "put posts {} to {total} of the split (as xpost --split --dry-run shows them) in {}, separated by lines holding only ---, and run: {} --reply-to {after}",
                n + 1,
                resume.file,
                resume.command
            );
        }
        format!(
            "delete posts 1 to {n} from {} and run: {} --reply-to {after}",
            resume.file, resume.command
        )
    };
    let hint = match &cause {
        // Post `failed` may exist: resuming from it would post it twice.
        Cause::MaybePosted => format!(
            "post {} may exist: look at your profile first. If it does, {} (its id); if not, {}",
            failed + 1,
            resume(posted.len() + 1, "ID"),
            resume(posted.len(), last)
        ),
        _ => {
            // Only a refused post needs changing; otherwise the same post can go again later.
            let first = then.unwrap_or_else(|| match &cause {
                Cause::BadInput => format!("fix post {}, then ", failed + 1),
                refused if refused.is_refusal() => format!("fix post {}, then ", failed + 1),
                Cause::TryLater => "wait for the rate limit to reset, then ".to_owned(),
                _ => String::new(),
            });
            format!("{first}{}", resume(posted.len(), last))
        }
    };
    Error::new(cause, message).hint(hint)
}
