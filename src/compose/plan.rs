//! What a run will post: its posts read from their source (argument, stdin, file or thread
//! file), and each checked before anything is sent.
//!
//! A thread file holds posts separated by lines holding only `---` (spaces around allowed). In
//! a post, a line of the form `![alt text](path)` attaches an image (the alt text may be
//! empty), with relative paths taken from the thread file's directory, optionally followed at
//! once by `{sensitive=KIND subtitles=LANG=PATH}` (the file's warning and subtitles), and lines
//! of the form
//! `- [ ] option` make a poll, one line per option (only the last post may have one). Everything
//! here is pure but the file reads.

use std::io::Read;
use std::path::Path;

use serde::Serialize;

use crate::compose::media::{self, MediaFile, MediaItem, Tag, Warning};
use crate::compose::settings::{self as composed, Settings};
use crate::compose::subtitles;
use crate::compose::text;
use crate::error::{Error, Exit, Result};
use crate::sanitize::{visible, visible_lines};

/// One post as written, before checks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// The text; `None` when the post is media only.
    pub text: Option<String>,
    /// Media to attach, with their alt text.
    pub media: Vec<MediaItem>,
    /// The options of its poll, as written (none: no poll).
    pub poll: Vec<String>,
    /// The people to tag in its images, as written.
    pub tags: Vec<Tag>,
}

/// A post that passed its checks.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The text to send.
    pub text: Option<String>,
    /// The checked media, with their alt text.
    pub media: Vec<MediaFile>,
    /// The text's weighted length as X counts it.
    pub weighted_length: usize,
}

/// Splits a thread file into drafts. A malformed `{...}` after an image is bad input (65),
/// named by its line.
pub fn parse_thread(content: &str, base: &Path) -> Result<Vec<Draft>> {
    let mut drafts = vec![Draft::default()];
    let mut lines: Vec<Vec<&str>> = vec![Vec::new()];
    for (n, line) in content.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some(literal) = escaped(line) {
            lines.last_mut().expect("one draft at least").push(literal);
        } else if line.trim() == "---" {
            drafts.push(Draft::default());
            lines.push(Vec::new());
        } else if let Some(option) = poll_line(line) {
            let draft = drafts.last_mut().expect("one draft at least");
            draft.poll.push(option.to_owned());
        } else if let Some(image) = image_line(line) {
            let mut item = MediaItem {
                alt: image.alt,
                ..MediaItem::new(base.join(image.path))
            };
            let draft = drafts.last_mut().expect("one draft at least");
            if let Some(options) = image.options {
                file_options(&mut item, &mut draft.tags, options, base).map_err(|why| {
                    Error::bad_input(format!("line {}: {why}", n + 1)).hint(
                        "after an image, {...} takes sensitive=adult,violence,other, \
                         subtitles=LANG=PATH and tag=USER, separated by spaces",
                    )
                })?;
            }
            draft.media.push(item);
        } else {
            lines.last_mut().expect("one draft at least").push(line);
        }
    }
    for (draft, lines) in drafts.iter_mut().zip(lines) {
        let text = lines.join("\n").trim().to_owned();
        draft.text = (!text.is_empty()).then_some(text);
    }
    Ok(drafts)
}

/// A line that would be a separator, a poll option or an image, written after a `\\` to be
/// text: the line without it.
fn escaped(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix('\\')?;
    (rest.trim() == "---" || poll_line(rest).is_some() || image_line(rest).is_some())
        .then_some(rest)
}

/// An image line of a thread file.
struct ImageLine<'a> {
    alt: Option<String>,
    path: &'a str,
    /// What is between the braces of `{...}` after it.
    options: Option<&'a str>,
}

/// `![alt](path)` alone on a line, maybe followed at once by `{options}` (as Pandoc writes an
/// image's attributes).
fn image_line(line: &str) -> Option<ImageLine<'_>> {
    let rest = line.trim().strip_prefix("![")?;
    let (alt, rest) = rest.split_once("](")?;
    let (path, options) = match rest.strip_suffix('}').and_then(|r| r.rsplit_once("){")) {
        Some((path, options)) => (path, Some(options)),
        None => (rest.strip_suffix(')')?, None),
    };
    let path = path.trim();
    if path.is_empty() {
        return None;
    }
    let alt = alt.trim();
    Some(ImageLine {
        alt: (!alt.is_empty()).then(|| alt.to_owned()),
        path,
        options,
    })
}

/// Applies the options written after a thread file's image to it, as `--sensitive`,
/// `--subtitles` and `--tag` do on the command line: `sensitive=KIND[,KIND]`,
/// `subtitles=LANG=PATH` (a path relative to the thread file) and `tag=USER` (added to the
/// post's `tags`), separated by spaces, each repeatable.
fn file_options(
    item: &mut MediaItem,
    tags: &mut Vec<Tag>,
    options: &str,
    base: &Path,
) -> std::result::Result<(), String> {
    use clap::ValueEnum;
    for option in options.split_whitespace() {
        let shown = || visible(option);
        let (key, value) = option
            .split_once('=')
            .ok_or_else(|| format!("{:?} is not KEY=VALUE", shown()))?;
        match key {
            "sensitive" => {
                for kind in value.split(',') {
                    let kind = media::Sensitive::from_str(kind, true).map_err(|_| {
                        format!(
                            "{:?}: a warning is adult, violence or other, not {:?}",
                            shown(),
                            visible(kind)
                        )
                    })?;
                    item.sensitive.add(kind);
                }
            }
            "subtitles" => {
                let (language, path) =
                    value
                        .split_once('=')
                        .filter(|(_, path)| !path.is_empty())
                        .ok_or_else(|| format!("{:?} is not subtitles=LANG=PATH", shown()))?;
                let language = subtitles::language(language)?;
                if item.subtitles.iter().any(|s| s.language == language) {
                    return Err(format!(
                        "two subtitles in {} ({}); give one file per language",
                        language.name, language.code
                    ));
                }
                item.subtitles.push(subtitles::SubtitleItem {
                    language,
                    path: base.join(path),
                });
            }
            "tag" => tags.push(media::parse_tag(value)?),
            _ => {
                return Err(format!(
                    "unknown option {:?}; an image takes sensitive=, subtitles= and tag=",
                    visible(key)
                ));
            }
        }
    }
    Ok(())
}

/// `- [ ] option` alone on a line: the option, as written between the box and the line's end.
fn poll_line(line: &str) -> Option<&str> {
    line.trim_start().strip_prefix("- [ ]").map(str::trim)
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
pub fn settings(
    drafts: &[Draft],
    shared: &Settings,
    poll_minutes: u32,
    source: Source,
) -> Result<Vec<Settings>> {
    let many = drafts.len() > 1;
    if many && shared.community_id.is_some() {
        return Err(Error::new(
            Exit::Usage,
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
                options if file => Some(composed::poll(options, poll_minutes).map_err(|err| {
                    Error::bad_input(format!("{}: {}", name(), err.message())).hint(
                        "a poll is 2 to 4 lines '- [ ] option' in the last post, each option \
                         1 to 25 characters",
                    )
                })?),
                options => Some(composed::poll(options, poll_minutes)?),
            };
            Ok(Settings {
                poll,
                ..shared.clone()
            })
        })
        .collect()
}

/// Each post's tags, each once, checked as far as they can be before the files are read: at
/// most ten a post, and some media to tag them in. Usage errors (2) for a single post's
/// `--tag`s; bad input (65), named by its post, for a thread file's `tag=`.
pub fn tags_given(drafts: &[Draft]) -> Result<Vec<Vec<Tag>>> {
    let many = drafts.len() > 1;
    drafts
        .iter()
        .enumerate()
        .map(|(i, draft)| {
            let tags = media::distinct_tags(&draft.tags).map_err(|err| {
                if many {
                    Error::bad_input(format!(
                        "post {} of {}: {}",
                        i + 1,
                        drafts.len(),
                        err.message()
                    ))
                    .hint("tag at most 10 people in a post")
                } else {
                    err
                }
            })?;
            if many && !tags.is_empty() && draft.media.is_empty() {
                return Err(Error::bad_input(format!(
                    "post {} of {} tags people and has no image",
                    i + 1,
                    drafts.len()
                )));
            }
            if !tags.is_empty() && draft.media.is_empty() {
                return Err(Error::new(
                    Exit::Usage,
                    "--tag tags people in the post's images, and it has none",
                )
                .hint("attach an image with --image, or leave --tag out"));
            }
            Ok(tags)
        })
        .collect()
}

/// Each post's tags once its files are known: a post with tags must have an image.
pub fn tags_checked(tags: &[Vec<Tag>], planned: &[Planned]) -> Result<()> {
    let many = planned.len() > 1;
    for (i, (tags, post)) in tags.iter().zip(planned).enumerate() {
        media::tags(tags, &post.media).map_err(|err| {
            if many {
                Error::bad_input(format!(
                    "post {} of {} tags people and has no image",
                    i + 1,
                    planned.len()
                ))
            } else {
                err
            }
        })?;
    }
    Ok(())
}

/// Text read from stdin or a file, without the one newline that ends it.
pub fn trim_final_newline(mut text: String) -> String {
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    text
}

/// The most text read from stdin or a file: far above any post or thread X takes (a thread of
/// 25 posts of 280 characters, with their image lines, is a few dozen KiB).
pub const TEXT_LIMIT: u64 = 1024 * 1024;

/// Reads the text of a post or a thread from `reader` (stdin or a file, named `source`), up to
/// [`TEXT_LIMIT`] bytes: more is refused (65) without reading further, so that `yes | xpost -`
/// or `--file /dev/zero` end at once, in bounded memory.
pub fn read_text(reader: impl Read, source: &str) -> Result<String> {
    let source = &visible(source);
    let mut bytes = Vec::new();
    reader
        .take(TEXT_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| Error::new(Exit::NoInput, format!("{source}: cannot read it ({err})")))?;
    if bytes.len() as u64 > TEXT_LIMIT {
        return Err(Error::bad_input(format!(
            "{source} holds more than 1 MiB; xpost reads at most that much text (a post is at most 280 characters)"
        ))
        .hint("check that the right file or input was given"));
    }
    // A byte-order mark some editors put first is the file's encoding, not its text.
    let text = utf8(bytes, source)?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// Decodes text read from `source`, saying which source was not UTF-8.
pub fn utf8(bytes: Vec<u8>, source: &str) -> Result<String> {
    let source = visible(source);
    String::from_utf8(bytes).map_err(|err| {
        Error::bad_input(format!(
            "{source} is not valid UTF-8 (the first bad byte is at offset {})",
            err.utf8_error().valid_up_to()
        ))
        .hint("save it as UTF-8")
    })
}

/// A post's id from an id or a status URL on x.com or twitter.com (or on loopback, where the
/// sandbox serves).
pub fn post_id(reference: &str, option: &str) -> Result<String> {
    let reference = reference.trim();
    // What X takes in a request: a longer number is refused here, before anything is sent.
    let is_id = crate::ids::is_x_id;
    if is_id(reference) {
        return Ok(reference.to_owned());
    }
    let bad = || {
        Error::new(
            Exit::Usage,
            format!("{option} {reference:?} is neither a post id nor a post's URL"),
        )
        .hint("give the number, or a URL like https://x.com/someone/status/1862...")
    };
    let url = url::Url::parse(reference).map_err(|_| bad())?;
    let host = url
        .host_str()
        .unwrap_or("")
        .trim_start_matches("www.")
        .trim_start_matches("mobile.");
    // X's hosts, and loopback: the URLs the sandbox prints (`xpost sandbox serve`).
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name == "localhost",
        None => false,
    };
    if !matches!(url.scheme(), "http" | "https")
        || !(matches!(host, "x.com" | "twitter.com") || loopback)
    {
        return Err(bad());
    }
    let segments: Vec<&str> = url.path_segments().map(|s| s.collect()).unwrap_or_default();
    segments
        .windows(2)
        .find(|pair| matches!(pair[0], "status" | "statuses") && is_id(pair[1]))
        .map(|pair| pair[1].to_owned())
        .ok_or_else(bad)
}

/// Checks every draft; the first problem, named by its post, stops the run.
pub fn check(drafts: &[Draft]) -> Result<Vec<Planned>> {
    let many = drafts.len() > 1;
    let name = |i: usize| {
        if many {
            format!("post {} of {}", i + 1, drafts.len())
        } else {
            "the text".to_owned()
        }
    };
    drafts
        .iter()
        .enumerate()
        .map(|(i, draft)| {
            if draft.text.is_none() && !draft.poll.is_empty() {
                let whose = if many { name(i) } else { "the post".to_owned() };
                return Err(Error::new(
                    if many { Exit::BadInput } else { Exit::Usage },
                    format!("{whose} has a poll but no text"),
                )
                .hint("write the poll's question as the post's text, as X's composer asks"));
            }
            if draft.text.is_none() && draft.media.is_empty() {
                let what = if many {
                    format!("{} is empty", name(i))
                } else {
                    "nothing to post: the text is empty and no image is attached".to_owned()
                };
                return Err(
                    Error::new(if many { Exit::BadInput } else { Exit::Usage }, what).hint(
                        "give the text as an argument, e.g. xpost \"hello\", or attach an image",
                    ),
                );
            }
            let weighted_length = match &draft.text {
                Some(t) => text::check(t, &name(i))?,
                None => 0,
            };
            let media = media::check(&draft.media)
                .map_err(|err| if many { err.context(name(i)) } else { err })?;
            Ok(Planned {
                text: draft.text.clone(),
                media,
                weighted_length,
            })
        })
        .collect()
}

/// How a dry run shows one post.
#[derive(Debug, Serialize)]
pub struct DryPost {
    /// The text.
    pub text: Option<String>,
    /// Its weighted length as X counts it.
    pub weighted_length: usize,
    /// Whether X would take it (length, characters, media).
    pub valid: bool,
    /// What is wrong with it, when it is not valid.
    pub problem: Option<String>,
    /// The media that would be uploaded.
    pub media: Vec<DryMedia>,
    /// The post it would reply to.
    pub reply_to: Option<String>,
    /// The post it would quote.
    pub quote: Option<String>,
    /// Its poll, who may reply, community and labels, as X would receive them.
    #[serde(flatten)]
    pub settings: Settings,
    /// The people it would tag in its images, as given (a username is looked up when it is
    /// posted).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tagged_users: Vec<Tag>,
}

/// A media file in a dry run.
#[derive(Debug, Serialize)]
pub struct DryMedia {
    /// Its path.
    pub path: String,
    /// Its type, from its bytes (absent when it could not be read or is not one X takes).
    pub media_type: Option<String>,
    /// `image`, `gif` or `video` (absent when it could not be read).
    pub kind: Option<media::Kind>,
    /// Its size in bytes (absent when it could not be read).
    pub size: Option<u64>,
    /// Its alt text.
    pub alt_text: Option<String>,
    /// Its sensitive-media warning, as X would receive it (absent: none).
    pub sensitive_media_warning: Option<Warning>,
    /// Its subtitles (a video's), one per language.
    pub subtitles: Vec<DrySubtitles>,
}

/// A subtitle file in a dry run.
#[derive(Debug, Serialize)]
pub struct DrySubtitles {
    /// X's `language_code` (`EN`).
    pub language_code: String,
    /// X's `display_name` (`English`).
    pub display_name: String,
    /// Its path.
    pub path: String,
    /// `text/srt` or `text/vtt`, from its content (absent when it could not be read or is
    /// neither).
    pub media_type: Option<&'static str>,
    /// Its size in bytes (absent when it could not be read).
    pub size: Option<u64>,
}

/// Each draft as a dry run shows it, with its settings (from [`settings`]): every post checked
/// on its own, so all problems show.
pub fn dry_run(
    drafts: &[Draft],
    reply_to: Option<&str>,
    quote: Option<&str>,
    settings: &[Settings],
) -> Vec<DryPost> {
    drafts
        .iter()
        .zip(settings)
        .enumerate()
        .map(|(i, (draft, settings))| {
            let one = std::slice::from_ref(draft);
            // Tags need an image in the post: known once its files are.
            let checked = check(one)
                .and_then(|planned| tags_given(one).and_then(|tags| tags_checked(&tags, &planned)));
            let counted = draft.text.as_deref().map(text::count);
            let media = draft
                .media
                .iter()
                .map(|item| {
                    let file = media::check(std::slice::from_ref(item)).ok();
                    let file = file.as_ref().and_then(|f| f.first());
                    DryMedia {
                        path: item.path.display().to_string(),
                        media_type: file.map(|f| f.mime.to_owned()),
                        kind: file.map(|f| f.kind),
                        size: std::fs::metadata(&item.path).ok().map(|m| m.len()),
                        alt_text: item.alt.clone(),
                        sensitive_media_warning: item.sensitive.is_set().then_some(item.sensitive),
                        subtitles: item
                            .subtitles
                            .iter()
                            .map(|s| {
                                let checked = subtitles::check(s).ok();
                                DrySubtitles {
                                    language_code: s.language.code.clone(),
                                    display_name: s.language.name.clone(),
                                    path: s.path.display().to_string(),
                                    media_type: checked.as_ref().map(|c| c.format.mime()),
                                    size: std::fs::metadata(&s.path).ok().map(|m| m.len()),
                                }
                            })
                            .collect(),
                    }
                })
                .collect();
            DryPost {
                text: draft.text.clone(),
                weighted_length: counted.map_or(0, |c| c.weighted_length),
                valid: checked.is_ok(),
                problem: checked.err().map(|e| e.message().to_owned()),
                media,
                // Each post of a thread replies to the one before.
                reply_to: if i == 0 {
                    reply_to.map(str::to_owned)
                } else {
                    Some(format!("(post {i})"))
                },
                quote: if i == 0 {
                    quote.map(str::to_owned)
                } else {
                    None
                },
                settings: settings.clone(),
                tagged_users: media::distinct_tags(&draft.tags)
                    .unwrap_or_else(|_| draft.tags.clone()),
            }
        })
        .collect()
}

/// Requests of one kind a run would send to X (each billed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DryRequest {
    /// `GET`, `POST`.
    pub method: &'static str,
    /// The endpoint, its variable parts as `:name`.
    pub path: &'static str,
    /// How many.
    pub count: u64,
    /// Whether X may ask for more than `count` (STATUS polls while it processes a video).
    pub or_more: bool,
}

/// The requests to X the posts of a dry run would send, by endpoint in the order they go:
/// lookups of tagged usernames, uploads, metadata, subtitles, posts. The login's own (a
/// refresh, a consent, a check of the OAuth 1.0a keys) are not counted; a file that cannot be
/// read counts nothing.
pub fn requests(posts: &[DryPost]) -> Vec<DryRequest> {
    const ENDPOINTS: [(&str, &str); 9] = [
        ("GET", "/2/users/by/username/:username"),
        ("POST", "/2/media/upload"),
        ("POST", "/2/media/upload/initialize"),
        ("POST", "/2/media/upload/:id/append"),
        ("POST", "/2/media/upload/:id/finalize"),
        ("GET", "/2/media/upload"),
        ("POST", "/2/media/metadata"),
        ("POST", "/2/media/subtitles"),
        ("POST", "/2/tweets"),
    ];
    let mut counts = [0u64; 9];
    let mut or_more = [false; 9];
    // A chunked upload: initialize, its appends, finalize.
    fn chunked(counts: &mut [u64; 9], size: u64) {
        counts[2] += 1;
        counts[3] += media::segments(size);
        counts[4] += 1;
    }
    // Each username is looked up once a run, whichever posts tag it.
    let mut usernames: Vec<String> = posts
        .iter()
        .flat_map(|post| &post.tagged_users)
        .filter_map(|tag| match tag {
            Tag::Username(name) => Some(name.to_ascii_lowercase()),
            Tag::Id(_) => None,
        })
        .collect();
    usernames.sort();
    usernames.dedup();
    counts[0] = usernames.len() as u64;
    for post in posts {
        for file in &post.media {
            let (Some(kind), Some(size)) = (file.kind, file.size) else {
                continue;
            };
            if kind == media::Kind::Image {
                counts[1] += 1;
            } else {
                chunked(&mut counts, size);
                // X answers finalize with processing to wait for: one STATUS poll at least.
                counts[5] += 1;
                or_more[5] = true;
            }
            if file.alt_text.is_some() || file.sensitive_media_warning.is_some() {
                counts[6] += 1;
            }
            for subtitles in &file.subtitles {
                if let Some(size) = subtitles.size {
                    chunked(&mut counts, size);
                    counts[7] += 1;
                }
            }
        }
        counts[8] += 1;
    }
    ENDPOINTS
        .iter()
        .zip(counts.iter().zip(or_more))
        .filter(|(_, (count, _))| **count > 0)
        .map(|((method, path), (count, or_more))| DryRequest {
            method,
            path,
            count: *count,
            or_more,
        })
        .collect()
}

/// A dry run in words.
pub fn dry_run_text(posts: &[DryPost]) -> String {
    let mut out = Vec::new();
    for (i, post) in posts.iter().enumerate() {
        let verdict = if post.valid {
            "ok".to_owned()
        } else {
            format!("NOT VALID: {}", post.problem.as_deref().unwrap_or(""))
        };
        out.push(format!(
            "post {} of {}: {}/{} weighted characters, {verdict}",
            i + 1,
            posts.len(),
            post.weighted_length,
            text::LIMIT
        ));
        if let Some(text) = &post.text {
            for line in text.lines() {
                out.push(format!("  | {}", visible_lines(line)));
            }
        }
        for media in &post.media {
            let kind = match media.kind {
                Some(media::Kind::Image) => "image",
                Some(media::Kind::Gif) => "animated GIF",
                Some(media::Kind::Video) => "video",
                None => "media",
            };
            // Only what is known: no empty type, no size of a file that is not there.
            let about: Vec<String> = [
                media.media_type.clone(),
                media.size.map(|size| format!("{size} bytes")),
                media.alt_text.as_deref().map(|a| format!("alt text {a:?}")),
            ]
            .into_iter()
            .flatten()
            .collect();
            let about = if about.is_empty() {
                String::new()
            } else {
                format!(" ({})", about.join(", "))
            };
            out.push(format!("  {kind}: {}{about}", visible(&media.path)));
            if let Some(warning) = &media.sensitive_media_warning {
                out.push(format!(
                    "    sensitive-media warning: {}",
                    warning.words().join(", ")
                ));
            }
            for subtitles in &media.subtitles {
                let about: Vec<String> = [
                    subtitles.media_type.map(str::to_owned),
                    subtitles.size.map(|size| format!("{size} bytes")),
                ]
                .into_iter()
                .flatten()
                .collect();
                let about = if about.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", about.join(", "))
                };
                out.push(format!(
                    "    subtitles in {} ({}): {}{about}",
                    subtitles.display_name,
                    subtitles.language_code,
                    visible(&subtitles.path)
                ));
            }
        }
        if !post.tagged_users.is_empty() {
            let tagged: Vec<String> = post.tagged_users.iter().map(Tag::shown).collect();
            out.push(format!("  tagged in its images: {}", tagged.join(", ")));
        }
        if let Some(id) = &post.reply_to {
            out.push(format!("  in reply to: {id}"));
        }
        if let Some(id) = &post.quote {
            out.push(format!("  quoting: {id}"));
        }
        for line in post.settings.lines() {
            out.push(format!("  {line}"));
        }
    }
    let requests = requests(posts);
    let total: u64 = requests.iter().map(|r| r.count).sum();
    let more = if requests.iter().any(|r| r.or_more) {
        " or more"
    } else {
        ""
    };
    out.push(format!(
        "requests to X, each billed: {total}{more} (besides the login's own)"
    ));
    for request in &requests {
        let more = if request.or_more { " or more" } else { "" };
        out.push(format!(
            "  {}{more} {} {}",
            request.count, request.method, request.path
        ));
    }
    out.push("dry run: nothing was sent.".to_owned());
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn threads_split_on_dashes_with_images() {
        let text = "First post\nstill first\n---\n![a cat](cat.png)\nSecond\n  ---  \nThird\r\n---\n![](/abs/dog.png)\n";
        let drafts = parse_thread(text, Path::new("/base")).unwrap();
        assert_eq!(drafts.len(), 4);
        assert_eq!(drafts[0].text.as_deref(), Some("First post\nstill first"));
        assert_eq!(drafts[1].text.as_deref(), Some("Second"));
        assert_eq!(
            drafts[1].media,
            vec![MediaItem {
                alt: Some("a cat".into()),
                ..MediaItem::new("/base/cat.png")
            }]
        );
        assert_eq!(drafts[2].text.as_deref(), Some("Third"));
        assert_eq!(drafts[3].text, None);
        assert_eq!(drafts[3].media, vec![MediaItem::new("/abs/dog.png")]);
    }

    #[test]
    fn poll_lines_make_the_posts_poll() {
        let text = "Which?\n- [ ] tabs\n  - [ ]  spaces  \n-[ ] not a box\n- [x] not open\n";
        let drafts = parse_thread(text, Path::new(".")).unwrap();
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].poll, vec!["tabs", "spaces"]);
        assert_eq!(
            drafts[0].text.as_deref(),
            Some("Which?\n-[ ] not a box\n- [x] not open")
        );
        // An empty box is an empty option, for the checks to refuse, not text.
        assert_eq!(
            parse_thread("a\n- [ ]", Path::new(".")).unwrap()[0].poll,
            vec![""]
        );
    }

    #[test]
    fn a_backslash_makes_a_line_text() {
        let text = "Todo:\n\\- [ ] not a poll\n  \\![not](an image)\n\\---\n\\plain\n---\ntwo";
        let drafts = parse_thread(text, Path::new(".")).unwrap();
        assert_eq!(drafts.len(), 2);
        assert!(drafts[0].poll.is_empty() && drafts[0].media.is_empty());
        assert_eq!(
            drafts[0].text.as_deref(),
            Some("Todo:\n- [ ] not a poll\n![not](an image)\n---\n\\plain")
        );
    }

    #[test]
    fn a_byte_order_mark_is_no_text() {
        assert_eq!(
            read_text(&b"\xef\xbb\xbfhello"[..], "f.txt").unwrap(),
            "hello"
        );
        // Only the first: one further in is text, for the length check to refuse.
        assert_eq!(
            read_text(&b"a\xef\xbb\xbf"[..], "f.txt").unwrap(),
            "a\u{feff}"
        );
    }

    #[test]
    fn an_images_options_set_its_warning_and_subtitles() {
        let text = "a\n![x](clip.mp4){sensitive=adult,Violence subtitles=en=subs/en.srt subtitles=FR=fr.vtt}\n![y](b.png)\n![z](odd){name}.png)\n";
        let drafts = parse_thread(text, Path::new("/t")).unwrap();
        let media = &drafts[0].media;
        assert_eq!(media.len(), 3);
        assert_eq!(media[0].path, PathBuf::from("/t/clip.mp4"));
        assert_eq!(
            media[0].sensitive.words(),
            ["adult content", "graphic violence"]
        );
        let subs: Vec<(&str, PathBuf)> = media[0]
            .subtitles
            .iter()
            .map(|s| (s.language.code.as_str(), s.path.clone()))
            .collect();
        assert_eq!(
            subs,
            [
                ("EN", PathBuf::from("/t/subs/en.srt")),
                ("FR", PathBuf::from("/t/fr.vtt"))
            ]
        );
        assert_eq!(
            media[1],
            MediaItem {
                alt: Some("y".into()),
                ..MediaItem::new("/t/b.png")
            }
        );
        // Braces inside a path, not after it, are part of the path.
        assert_eq!(media[2].path, PathBuf::from("/t/odd){name}.png"));
    }

    #[test]
    fn an_images_bad_options_name_their_line() {
        for (line, says) in [
            ("![x](a.png){sensitive=gore}", "adult, violence or other"),
            ("![x](a.png){nsfw}", "is not KEY=VALUE"),
            ("![x](a.png){alt=b}", "unknown option \"alt\""),
            ("![x](a.mp4){subtitles=en}", "is not subtitles=LANG=PATH"),
            ("![x](a.mp4){subtitles=en=}", "is not subtitles=LANG=PATH"),
            ("![x](a.mp4){subtitles=xx=a.srt}", "xx"),
            (
                "![x](a.mp4){subtitles=en=a.srt subtitles=EN=b.srt}",
                "two subtitles in English",
            ),
            ("![x](a.png){sensitive=\u{1b}[31m}", "\\u{1b}"),
        ] {
            let err =
                parse_thread(&format!("one\n---\ntwo\n{line}\n"), Path::new(".")).unwrap_err();
            assert_eq!(err.exit(), Exit::BadInput, "{line}");
            assert!(err.message().starts_with("line 4: "), "{err}");
            assert!(err.message().contains(says), "{says:?} in {err}");
            assert!(!err.message().contains('\u{1b}'), "{err}");
        }
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
            reply_settings: Some(composed::ReplySettings::Following),
            made_with_ai: true,
            ..Settings::default()
        };
        let drafts = [draft("a", &[], 1), draft("b", &["yes", "no"], 0)];
        let each = settings(&drafts, &shared, 60, Source::ThreadFile).unwrap();
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
            let err = settings(drafts, &none, 60, Source::ThreadFile).unwrap_err();
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
        let err = check(&[draft("a", &[], 0), question.clone()]).unwrap_err();
        assert_eq!(err.exit(), Exit::BadInput);
        assert!(
            err.message()
                .starts_with("post 2 of 2 has a poll but no text"),
            "{err}"
        );
        let err = check(&[question]).unwrap_err();
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
            settings(&[draft("a", &["only"], 0)], &none, 60, Source::CommandLine).unwrap_err();
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
        let one = settings(&[draft("a", &[], 0)], &shared, 60, Source::CommandLine).unwrap();
        assert_eq!(one[0].community_id.as_deref(), Some("123"));
        let err = settings(
            &[draft("a", &[], 0), draft("b", &[], 0)],
            &shared,
            60,
            Source::ThreadFile,
        )
        .unwrap_err();
        assert_eq!(err.exit(), Exit::Usage);
        assert!(err.message().contains("--community"), "{err}");
    }

    #[test]
    fn dashes_must_stand_alone() {
        let drafts = parse_thread("a --- b\n----\n--- x\n---", Path::new(".")).unwrap();
        assert_eq!(drafts.len(), 2);
        assert_eq!(drafts[0].text.as_deref(), Some("a --- b\n----\n--- x"));
        assert_eq!(drafts[1].text, None);
    }

    #[test]
    fn one_final_newline_is_trimmed() {
        assert_eq!(trim_final_newline("hi\n".into()), "hi");
        assert_eq!(trim_final_newline("hi\r\n".into()), "hi");
        assert_eq!(trim_final_newline("hi\n\n".into()), "hi\n");
        assert_eq!(trim_final_newline("hi".into()), "hi");
    }

    #[test]
    fn text_is_read_up_to_a_mebibyte_and_no_further() {
        let limit = TEXT_LIMIT as usize;
        let text = read_text(&vec![b'y'; limit][..], "stdin").unwrap();
        assert_eq!(text.len(), limit);
        let err = read_text(&vec![b'y'; limit + 1][..], "stdin").unwrap_err();
        assert_eq!(err.exit(), Exit::BadInput);
        assert!(
            err.message().starts_with("stdin holds more than 1 MiB"),
            "{err}"
        );
        // A source without end is read only up to the bound.
        let err = read_text(std::io::repeat(0), "/dev/zero").unwrap_err();
        assert!(err.message().starts_with("/dev/zero holds more"), "{err}");
        // Over the bound is said before bad UTF-8 is: the text is not looked at.
        let err = read_text(std::io::repeat(0xff), "f.txt").unwrap_err();
        assert!(err.message().contains("more than 1 MiB"), "{err}");
        let err = read_text(&b"ok\xff"[..], "f.txt").unwrap_err();
        assert!(err.message().contains("not valid UTF-8"), "{err}");
    }

    #[test]
    fn invalid_utf8_names_its_source() {
        let err = utf8(vec![b'o', b'k', 0xff], "stdin").unwrap_err();
        assert_eq!(err.exit(), Exit::BadInput);
        assert!(
            err.to_string()
                .contains("stdin is not valid UTF-8 (the first bad byte is at offset 2)"),
            "{err}"
        );
    }

    #[test]
    fn post_ids_from_ids_and_urls() {
        for (input, id) in [
            ("1862000000000000000", "1862000000000000000"),
            ("https://x.com/you/status/1862", "1862"),
            ("https://twitter.com/you/status/1862?s=20", "1862"),
            ("https://mobile.twitter.com/you/status/1862/photo/1", "1862"),
            ("http://www.x.com/i/web/status/77", "77"),
            (" https://x.com/you/statuses/5 ", "5"),
            // The sandbox's own URLs.
            ("http://127.0.0.1:5001/xpost_sandbox/status/42", "42"),
            ("http://localhost:5001/xpost_sandbox/status/43", "43"),
            ("http://[::1]:5001/xpost_sandbox/status/44", "44"),
        ] {
            assert_eq!(post_id(input, "--reply-to").unwrap(), id, "{input}");
        }
        for bad in [
            "",
            "abc",
            "https://example.com/you/status/1",
            "http://127.0.0.2.example/you/status/1",
            "http://10.0.0.1/you/status/1",
            "https://x.com/you",
            "https://x.com/you/status/abc",
            "ftp://x.com/a/status/1",
        ] {
            let err = post_id(bad, "--quote").unwrap_err();
            assert_eq!(err.exit(), Exit::Usage, "{bad}");
            assert!(err.to_string().contains("--quote"));
        }
    }

    #[test]
    fn every_post_is_checked_and_named() {
        let drafts = vec![
            Draft {
                text: Some("fine".into()),
                media: vec![],
                ..Draft::default()
            },
            Draft {
                text: Some("a".repeat(281)),
                media: vec![],
                ..Draft::default()
            },
        ];
        let err = check(&drafts).unwrap_err();
        assert!(
            err.to_string().contains("post 2 of 2 is too long: 281"),
            "{err}"
        );
        let drafts = vec![
            Draft {
                text: Some("one".into()),
                media: vec![],
                ..Draft::default()
            },
            Draft::default(),
        ];
        assert!(
            check(&drafts)
                .unwrap_err()
                .to_string()
                .contains("post 2 of 2 is empty")
        );
        let err = check(&[Draft::default()]).unwrap_err();
        assert_eq!(err.exit(), Exit::Usage);
    }

    #[test]
    fn dry_runs_show_every_problem() {
        let drafts = vec![
            Draft {
                text: Some("https://example.com ok".into()),
                media: vec![],
                ..Draft::default()
            },
            Draft {
                text: Some("日".repeat(141)),
                media: vec![MediaItem {
                    alt: Some("alt".into()),
                    ..MediaItem::new("/nope.png")
                }],
                ..Draft::default()
            },
        ];
        let posts = dry_run(
            &drafts,
            Some("42"),
            None,
            &[Settings::default(), Settings::default()],
        );
        assert_eq!(posts[0].weighted_length, 26);
        assert!(posts[0].valid);
        assert_eq!(posts[0].reply_to.as_deref(), Some("42"));
        assert_eq!(posts[1].weighted_length, 282);
        assert!(!posts[1].valid);
        let text = dry_run_text(&posts);
        assert!(
            text.contains("post 2 of 2: 282/280 weighted characters, NOT VALID"),
            "{text}"
        );
        // Nothing is said of a file that could not be read but what it was given with.
        assert!(
            text.contains("  media: /nope.png (alt text \"alt\")\n"),
            "{text}"
        );
        assert_eq!(posts[1].media[0].media_type, None);
        assert_eq!(posts[1].media[0].size, None);
        assert!(text.ends_with("dry run: nothing was sent."));
    }

    #[test]
    fn a_dry_run_counts_the_requests_by_endpoint() {
        let dir = tempfile::tempdir().unwrap();
        let gif = dir.path().join("a.gif");
        std::fs::write(&gif, media::samples::gif(3)).unwrap();
        let png = dir.path().join("a.png");
        std::fs::write(&png, media::samples::PNG).unwrap();
        let drafts = vec![
            Draft {
                text: Some("one".into()),
                media: vec![
                    MediaItem {
                        alt: Some("x".into()),
                        ..MediaItem::new(&png)
                    },
                    MediaItem::new(&png),
                ],
                ..Draft::default()
            },
            Draft {
                text: Some("two".into()),
                media: vec![MediaItem::new(&gif), MediaItem::new("/nope.png")],
                ..Draft::default()
            },
        ];
        let mut posts = dry_run(
            &drafts,
            None,
            None,
            &[Settings::default(), Settings::default()],
        );
        posts[0].tagged_users = vec![Tag::Username("a".into()), Tag::Id("1".into())];
        let got: Vec<(&str, &str, u64, bool)> = requests(&posts)
            .iter()
            .map(|r| (r.method, r.path, r.count, r.or_more))
            .collect();
        assert_eq!(
            got,
            [
                ("GET", "/2/users/by/username/:username", 1, false),
                ("POST", "/2/media/upload", 2, false),
                ("POST", "/2/media/upload/initialize", 1, false),
                ("POST", "/2/media/upload/:id/append", 1, false),
                ("POST", "/2/media/upload/:id/finalize", 1, false),
                ("GET", "/2/media/upload", 1, true),
                ("POST", "/2/media/metadata", 1, false),
                ("POST", "/2/tweets", 2, false),
            ]
        );
        let text = dry_run_text(&posts);
        assert!(
            text.contains("requests to X, each billed: 10 or more (besides the login's own)\n"),
            "{text}"
        );
        assert!(text.contains("  tagged in its images: @a, 1\n"), "{text}");
        assert_eq!(
            requests(&dry_run(
                &[Draft::default()],
                None,
                None,
                &[Settings::default()]
            )),
            [DryRequest {
                method: "POST",
                path: "/2/tweets",
                count: 1,
                or_more: false
            }]
        );
    }

    #[test]
    fn dry_runs_show_paths_and_text_visible_but_harmless() {
        let drafts = parse_thread(
            "hello\u{1b}[2J\u{9b}31m\u{202e}\nsecond\tline\n![alt \u{1b}]0;t\u{7}](\u{1b}[2Jnope\u{1b}[31m.png)\n",
            Path::new("/base"),
        )
        .unwrap();
        let none = vec![Settings::default(); drafts.len()];
        let text = dry_run_text(&dry_run(&drafts, None, None, &none));
        let harmful = |c: char| {
            c.is_control() && c != '\n' && c != '\t'
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        };
        assert!(!text.chars().any(harmful), "{text:?}");
        assert!(
            text.contains("  | hello\\u{1b}[2J\\u{9b}31m\\u{202e}\n  | second\tline\n"),
            "{text}"
        );
        assert!(
            text.contains(r"  media: /base/\u{1b}[2Jnope\u{1b}[31m.png (alt text "),
            "{text}"
        );
        assert!(
            text.contains(r"NOT VALID: /base/\u{1b}[2Jnope\u{1b}[31m.png: no such file"),
            "{text}"
        );
        let err = read_text(&b"ok\xff"[..], "\u{1b}]0;t\u{7}.txt").unwrap_err();
        assert!(
            err.message()
                .starts_with(r"\u{1b}]0;t\u{7}.txt is not valid"),
            "{err}"
        );
    }
}
