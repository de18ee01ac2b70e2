//! A post's settings beyond its text and media, as X's `POST /2/tweets` takes them: a poll, who
//! may reply, a community, and the made-with-AI and paid-partnership labels; and each post's
//! settings in a thread. Pure: parsed and checked by X's rules before anything is sent.
//!
//! Poll options are counted in characters (Unicode scalar values), not with the weighted
//! count of post text: X's composer allows 25 of any script in a poll choice.

use std::ops::RangeInclusive;

use serde::Serialize;

use crate::compose::draft::Draft;
use crate::error::{Cause, Error, Result};
use crate::sanitize::{quoted, visible};

/// How many options a poll has.
pub const POLL_OPTIONS: RangeInclusive<usize> = 2..=4;
/// The longest poll option, in characters.
pub const POLL_OPTION_CHARS: usize = 25;
/// How long a poll may run, in minutes: 5 minutes to 7 days.
pub const POLL_MINUTES: RangeInclusive<u32> = 5..=10_080;
/// How long a poll runs when no `--poll-duration` is given: one day.
pub const DEFAULT_POLL_MINUTES: u32 = 1440;

/// A poll: X's `poll` object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Poll {
    /// The choices, in order.
    pub options: Vec<String>,
    /// How long it runs.
    pub duration_minutes: u32,
}

/// Who may reply: X's `reply_settings` (absent: everyone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
pub enum ReplySettings {
    /// Accounts the author follows.
    #[serde(rename = "following")]
    Following,
    /// Accounts mentioned in the post.
    #[serde(rename = "mentionedUsers")]
    Mentioned,
    /// The author's subscribers.
    #[serde(rename = "subscribers")]
    Subscribers,
    /// Verified accounts.
    #[serde(rename = "verified")]
    Verified,
}

impl ReplySettings {
    /// The value X takes.
    pub fn as_x(self) -> &'static str {
        match self {
            ReplySettings::Following => "following",
            ReplySettings::Mentioned => "mentionedUsers",
            ReplySettings::Subscribers => "subscribers",
            ReplySettings::Verified => "verified",
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The settings of one post, serialized as the fields X takes (only those given).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// A poll.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub poll: Option<Poll>,
    /// Who may reply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply_settings: Option<ReplySettings>,
    /// The community posted to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub community_id: Option<String>,
    /// Whether a community post is shown to the author's followers too.
    #[serde(skip_serializing_if = "is_false")]
    pub share_with_followers: bool,
    /// The made-with-AI label.
    #[serde(skip_serializing_if = "is_false")]
    pub made_with_ai: bool,
    /// The paid-partnership label.
    #[serde(skip_serializing_if = "is_false")]
    pub paid_partnership: bool,
}

impl Settings {
    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == Settings::default()
    }

    /// The settings in words, one line each, for a dry run.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(poll) = &self.poll {
            let options: Vec<String> = poll.options.iter().map(|o| format!("{o:?}")).collect();
            out.push(format!(
                "poll: {} ({})",
                visible(&options.join(" / ")),
                minutes_text(poll.duration_minutes)
            ));
        }
        if let Some(r) = self.reply_settings {
            out.push(format!("who may reply: {}", r.as_x()));
        }
        if let Some(id) = &self.community_id {
            let shared = if self.share_with_followers {
                ", shared with followers"
            } else {
                ""
            };
            out.push(format!("community: {id}{shared}"));
        }
        if self.made_with_ai {
            out.push("label: made with AI".into());
        }
        if self.paid_partnership {
            out.push("label: paid partnership".into());
        }
        out
    }
}

/// A number of minutes in the largest unit that divides it.
pub fn minutes_text(minutes: u32) -> String {
    let plural = |n: u32, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    if minutes.is_multiple_of(1440) {
        plural(minutes / 1440, "day")
    } else if minutes.is_multiple_of(60) {
        plural(minutes / 60, "hour")
    } else {
        plural(minutes, "minute")
    }
}

/// A number of minutes as `--poll-duration` takes it, in the largest unit that divides it.
pub fn duration_option(minutes: u32) -> String {
    if minutes.is_multiple_of(1440) {
        format!("{}d", minutes / 1440)
    } else if minutes.is_multiple_of(60) {
        format!("{}h", minutes / 60)
    } else {
        format!("{minutes}m")
    }
}

/// Reads a poll duration: a whole number with its unit, `m` (minutes), `h` (hours) or `d`
/// (days), e.g. `15m`, `2h`, `1d`; 5 minutes to 7 days.
pub fn parse_poll_duration(text: &str) -> std::result::Result<u32, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let range = "a poll runs 5 minutes to 7 days (5m to 7d)";
    if number.is_empty() || unit.is_empty() {
        return Err(format!(
            "{} is not a duration with its unit; write e.g. 15m, 2h or 1d",
            quoted(text)
        ));
    }
    let per_unit: u32 = match unit {
        "m" | "min" => 1,
        "h" => 60,
        "d" => 1440,
        _ => {
            return Err(format!(
                "unknown unit {}; use m, h or d (e.g. 15m, 2h, 1d)",
                quoted(unit)
            ));
        }
    };
    // Only digits: a number that does not parse is far too big.
    let minutes = number
        .parse::<u32>()
        .ok()
        .and_then(|n| n.checked_mul(per_unit))
        .ok_or_else(|| range.to_owned())?;
    if !POLL_MINUTES.contains(&minutes) {
        return Err(range.to_owned());
    }
    Ok(minutes)
}

/// Reads a community id: 1 to 19 digits.
pub fn parse_community(text: &str) -> std::result::Result<String, String> {
    let text = text.trim();
    if crate::ids::is_x_id(text) {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "{} is not a community id (1 to 19 digits, the number in x.com/i/communities/...)",
            quoted(text)
        ))
    }
}

/// Checks a poll by X's rules: 2 to 4 options (else a usage error, 2), each 1 to 25
/// characters (else bad input, 65).
pub fn poll(options: &[String], duration_minutes: u32) -> Result<Poll> {
    if !POLL_OPTIONS.contains(&options.len()) {
        return Err(Error::new(
            Cause::Usage,
            format!("a poll has 2 to 4 options; {} given", options.len()),
        )
        .hint("repeat --poll for each option, e.g. --poll yes --poll no"));
    }
    for (i, option) in options.iter().enumerate() {
        let chars = option.chars().count();
        if option.trim().is_empty() {
            return Err(Error::bad_input(format!("poll option {} is empty", i + 1))
                .hint("each option needs 1 to 25 characters"));
        }
        if chars > POLL_OPTION_CHARS {
            return Err(Error::bad_input(format!(
                "poll option {} {} has {chars} characters; X allows at most {POLL_OPTION_CHARS}",
                i + 1,
                quoted(option)
            ))
            .hint("shorten the option"));
        }
    }
    Ok(Poll {
        options: options.to_vec(),
        duration_minutes,
    })
}

/// Where a run's posts were written: their polls are checked in these terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The command line (`--poll`): a malformed poll is a usage error (2).
    CommandLine,
    /// A thread file (lines `- [ ] option`), of one post or more: a malformed poll is bad
    /// input (65), named by its post.
    ThreadFile,
}

/// Each post's settings, checked by X's rules before anything is sent:
/// - `shared` (who may reply, the labels) goes on every post of a thread, as the composer's
///   settings cover a whole thread;
/// - a community only on a single post: X does not say how a thread's replies would join it;
/// - each draft's poll on its own post, running `poll_minutes`: in a thread only the last post
///   may have one, never with media, and always with text (its question).
///
/// A poll on the command line is a usage error (2) when malformed; one in a thread file (even
/// a file of one post) is bad input (65), named by its post.
pub fn per_post(
    drafts: &[Draft],
    shared: &Settings,
    poll_minutes: u32,
    source: Source,
) -> Result<Vec<Settings>> {
    let many = drafts.len() > 1;
    if many && shared.community_id.is_some() {
        return Err(Error::new(
            Cause::Usage,
            "--community cannot be used with --thread: X does not say how a thread's replies \
             join a community",
        )
        .hint(
            "post the first post with --community, then the rest with --thread FILE --reply-to ID",
        ));
    }
    let file = source == Source::ThreadFile;
    let last = drafts.len().saturating_sub(1);
    drafts
        .iter()
        .enumerate()
        .map(|(i, draft)| {
            let name = || {
                if many {
                    format!("post {} of {}", i + 1, drafts.len())
                } else {
                    "the thread's post".to_owned()
                }
            };
            let poll = match draft.poll.as_slice() {
                [] => None,
                _ if many && i != last => {
                    return Err(Error::bad_input(format!(
                        "{} has a poll (lines '- [ ] option'); only the last post of a thread may",
                        name()
                    ))
                    .hint("move the poll's lines to the last post"));
                }
                // X refuses a poll with media, after the media went up: refused here, first.
                _ if !draft.media.is_empty() => {
                    return Err(Error::bad_input(format!(
                        "{} has both a poll and media; X takes a post with one or the other",
                        name()
                    ))
                    .hint(if many {
                        "move the images to another post"
                    } else {
                        "remove the image lines, or put them in a post of their own before it"
                    }));
                }
                _ if file && draft.text.is_none() => {
                    return Err(
                        Error::bad_input(format!("{} has a poll but no text", name())).hint(
                            "write the poll's question as the post's text, as X's composer asks",
                        ),
                    );
                }
                options if file => Some(poll(options, poll_minutes).map_err(|err| {
                    Error::bad_input(format!("{}: {}", name(), err.message())).hint(
                        "a poll is 2 to 4 lines '- [ ] option' in the last post, each option \
                         1 to 25 characters",
                    )
                })?),
                options => Some(poll(options, poll_minutes)?),
            };
            Ok(Settings {
                poll,
                ..shared.clone()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::check::check;
    use crate::compose::limit::Allowance;
    use crate::compose::media::MediaItem;
    use crate::error::Exit;

    #[test]
    fn durations_have_their_unit_and_stay_in_range() {
        assert_eq!(parse_poll_duration("15m"), Ok(15));
        assert_eq!(parse_poll_duration("5m"), Ok(5));
        assert_eq!(parse_poll_duration("2h"), Ok(120));
        assert_eq!(parse_poll_duration("1d"), Ok(1440));
        assert_eq!(parse_poll_duration("7d"), Ok(10_080));
        assert_eq!(parse_poll_duration("168h"), Ok(10_080));
        assert_eq!(parse_poll_duration(" 90min "), Ok(90));
        for bad in [
            "",
            "15",
            "m",
            "4m",
            "8d",
            "10081m",
            "1w",
            "1.5h",
            "-1d",
            "99999999999d",
        ] {
            assert!(parse_poll_duration(bad).is_err(), "{bad}");
        }
        assert!(
            parse_poll_duration("8d")
                .unwrap_err()
                .contains("5 minutes to 7 days")
        );
        // What was given is named escaped once, as typed in Rust or a shell's $'...'.
        assert_eq!(
            parse_poll_duration("\u{1b}[2J").unwrap_err(),
            "\"\\u{1b}[2J\" is not a duration with its unit; write e.g. 15m, 2h or 1d"
        );
    }

    #[test]
    fn minutes_read_in_their_largest_unit() {
        assert_eq!(minutes_text(1440), "1 day");
        assert_eq!(minutes_text(10_080), "7 days");
        assert_eq!(minutes_text(120), "2 hours");
        assert_eq!(minutes_text(15), "15 minutes");
    }

    #[test]
    fn durations_are_written_back_as_the_option_takes_them() {
        for minutes in [5, 90, 120, 1440, 2880, 10_080, 1500] {
            let written = duration_option(minutes);
            assert_eq!(parse_poll_duration(&written), Ok(minutes), "{written}");
        }
        assert_eq!(duration_option(120), "2h");
        assert_eq!(duration_option(10_080), "7d");
    }

    #[test]
    fn community_ids_are_digits() {
        assert_eq!(parse_community("1234").as_deref(), Ok("1234"));
        assert!(parse_community("1234567890123456789").is_ok());
        for bad in ["", "12a", "12345678901234567890", "-1"] {
            assert!(parse_community(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn polls_follow_xs_rules() {
        let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            poll(&s(&["yes", "no"]), 60).unwrap(),
            Poll {
                options: s(&["yes", "no"]),
                duration_minutes: 60
            }
        );
        assert_eq!(poll(&s(&["a"]), 60).unwrap_err().exit(), Exit::Usage);
        assert_eq!(
            poll(&s(&["a", "b", "c", "d", "e"]), 60).unwrap_err().exit(),
            Exit::Usage
        );
        assert_eq!(
            poll(&s(&["a", " "]), 60).unwrap_err().exit(),
            Exit::BadInput
        );
        let long = "x".repeat(26);
        assert_eq!(
            poll(&s(&["a", &long]), 60).unwrap_err().exit(),
            Exit::BadInput
        );
        // Characters, not weighted length: 25 CJK characters fit.
        let cjk = "漢".repeat(25);
        assert!(poll(&s(&["a", &cjk]), 60).is_ok());
    }

    #[test]
    fn settings_serialize_as_x_takes_them() {
        let settings = Settings {
            poll: Some(Poll {
                options: vec!["a".into(), "b".into()],
                duration_minutes: 1440,
            }),
            reply_settings: Some(ReplySettings::Mentioned),
            community_id: Some("99".into()),
            share_with_followers: true,
            made_with_ai: true,
            paid_partnership: true,
        };
        assert_eq!(
            serde_json::to_value(&settings).unwrap(),
            serde_json::json!({"poll":{"options":["a","b"],"duration_minutes":1440},
                "reply_settings":"mentionedUsers","community_id":"99",
                "share_with_followers":true,"made_with_ai":true,"paid_partnership":true})
        );
        assert_eq!(serde_json::to_string(&Settings::default()).unwrap(), "{}");
    }

    fn draft(text: &str, poll: &[&str], media: usize) -> Draft {
        Draft {
            text: Some(text.to_owned()),
            media: (0..media)
                .map(|i| MediaItem::new(format!("{i}.png")))
                .collect(),
            poll: poll.iter().map(|o| o.to_string()).collect(),
            tags: Vec::new(),
        }
    }

    #[test]
    fn a_threads_settings_go_on_every_post_and_its_poll_on_the_last() {
        let shared = Settings {
            reply_settings: Some(ReplySettings::Following),
            made_with_ai: true,
            ..Settings::default()
        };
        let drafts = [draft("a", &[], 1), draft("b", &["yes", "no"], 0)];
        let each = per_post(&drafts, &shared, 60, Source::ThreadFile).unwrap();
        assert_eq!(each.len(), 2);
        assert_eq!(each[0], shared);
        assert_eq!(each[1].reply_settings, shared.reply_settings);
        assert!(each[1].made_with_ai);
        let poll = each[1].poll.as_ref().unwrap();
        assert_eq!((poll.options.len(), poll.duration_minutes), (2, 60));
    }

    #[test]
    fn a_threads_poll_is_checked_and_named_by_its_post() {
        let none = Settings::default();
        let refused = |drafts: &[Draft]| {
            let err = per_post(drafts, &none, 60, Source::ThreadFile).unwrap_err();
            (err.exit(), err.message().to_owned())
        };
        let (exit, message) = refused(&[draft("a", &["x", "y"], 0), draft("b", &[], 0)]);
        assert_eq!(exit, Exit::BadInput);
        assert!(message.starts_with("post 1 of 2 has a poll"), "{message}");
        let (exit, message) = refused(&[draft("a", &[], 0), draft("b", &["x", "y"], 1)]);
        assert_eq!(exit, Exit::BadInput);
        assert!(message.contains("both a poll and media"), "{message}");
        let (exit, message) = refused(&[draft("a", &[], 0), draft("b", &["only"], 0)]);
        assert_eq!(exit, Exit::BadInput);
        assert!(
            message.starts_with("post 2 of 2: a poll has 2 to 4"),
            "{message}"
        );
        let (exit, message) = refused(&[draft("a", &[], 0), draft("b", &["x", ""], 0)]);
        assert_eq!(exit, Exit::BadInput);
        assert!(message.contains("option 2 is empty"), "{message}");
        let question = Draft {
            text: None,
            ..draft("", &["x", "y"], 0)
        };
        let err = check(&[draft("a", &[], 0), question.clone()], Allowance::NoLogin).unwrap_err();
        assert_eq!(err.exit(), Exit::BadInput);
        assert!(
            err.message()
                .starts_with("post 2 of 2 has a poll but no text"),
            "{err}"
        );
        let err = check(&[question], Allowance::NoLogin).unwrap_err();
        assert_eq!(err.exit(), Exit::Usage);
        assert!(
            err.message().starts_with("the post has a poll but no text"),
            "{err}"
        );
        let (exit, message) = refused(&[draft("a", &[], 0), draft("b", &["x", " "], 0)]);
        assert_eq!(exit, Exit::BadInput);
        assert!(message.contains("option 2 is empty"), "{message}");
        // The command line's poll keeps its usage error.
        let err =
            per_post(&[draft("a", &["only"], 0)], &none, 60, Source::CommandLine).unwrap_err();
        assert_eq!(err.exit(), Exit::Usage);
        // A thread file of one post is a thread file: bad input, in its own terms.
        let (exit, message) = refused(&[draft("a", &["only"], 0)]);
        assert_eq!(exit, Exit::BadInput);
        assert!(message.contains("a poll has 2 to 4"), "{message}");
        let (exit, message) = refused(&[draft("a", &["x", "y"], 1)]);
        assert_eq!(exit, Exit::BadInput);
        assert!(message.contains("both a poll and media"), "{message}");
        let (exit, message) = refused(&[Draft {
            text: None,
            ..draft("", &["x", "y"], 0)
        }]);
        assert_eq!(exit, Exit::BadInput);
        assert!(message.contains("has a poll but no text"), "{message}");
    }

    #[test]
    fn a_community_takes_a_single_post_only() {
        let shared = Settings {
            community_id: Some("123".into()),
            ..Settings::default()
        };
        let one = per_post(&[draft("a", &[], 0)], &shared, 60, Source::CommandLine).unwrap();
        assert_eq!(one[0].community_id.as_deref(), Some("123"));
        let err = per_post(
            &[draft("a", &[], 0), draft("b", &[], 0)],
            &shared,
            60,
            Source::ThreadFile,
        )
        .unwrap_err();
        assert_eq!(err.exit(), Exit::Usage);
        assert!(err.message().contains("--community"), "{err}");
    }
}
