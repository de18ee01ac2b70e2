//! The dry run: each post as it would go, every problem of each shown at once, and the
//! requests to X the run would send; nothing is sent.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::compose::check::{check, tags_checked, tags_given};
use crate::compose::draft::Draft;
use crate::compose::limit::Allowance;
use crate::compose::media::{self, MediaItem, Warning};
use crate::compose::settings::Settings;
use crate::compose::subtitles;
use crate::compose::tags::{self, Tag};
use crate::compose::text;
use crate::sanitize::{visible, visible_lines};
use crate::x::upload::steps::{Endpoint, Outline, steps};

/// How a dry run shows one post.
#[derive(Debug, Serialize)]
pub struct DryPost {
    /// The text.
    pub text: Option<String>,
    /// Its weighted length as X counts it.
    pub weighted_length: usize,
    /// The account's limit it was checked against (280, or 25,000 with a subscription).
    #[serde(skip)]
    pub limit: usize,
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

/// Each draft as a dry run shows it, with its settings (from [`per_post`](crate::compose::settings::per_post)): every post checked
/// on its own, so all problems show.
pub fn posts(
    drafts: &[Draft],
    reply_to: Option<&str>,
    quote: Option<&str>,
    settings: &[Settings],
    allowance: Allowance,
) -> Vec<DryPost> {
    drafts
        .iter()
        .zip(settings)
        .enumerate()
        .map(|(i, (draft, settings))| {
            let one = std::slice::from_ref(draft);
            // Tags need an image in the post: known once its files are.
            let checked = check(one, allowance)
                .and_then(|planned| tags_given(one).and_then(|tags| tags_checked(&tags, &planned)));
            let counted = draft.text.as_deref().map(text::count);
            let media = draft.media.iter().map(dry_media).collect();
            DryPost {
                text: draft.text.clone(),
                weighted_length: counted.map_or(0, |c| c.weighted_length),
                limit: allowance.limit(),
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
                tagged_users: tags::distinct(&draft.tags).unwrap_or_else(|_| draft.tags.clone()),
            }
        })
        .collect()
}

/// A media file as a dry run shows it: what could be found of it, and of its subtitles.
fn dry_media(item: &MediaItem) -> DryMedia {
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
/// lookups of tagged usernames, uploads (as [`steps`] describes each file's), posts. The
/// login's own (a refresh, a consent, a check of the OAuth 1.0a keys) are not counted; a file
/// that cannot be read counts nothing.
pub fn requests(posts: &[DryPost]) -> Vec<DryRequest> {
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
    let lookups = DryRequest {
        method: "GET",
        path: "/2/users/by/username/:username",
        count: usernames.len() as u64,
        or_more: false,
    };
    // By endpoint, in the order an upload sends them.
    let mut uploads: BTreeMap<Endpoint, (u64, bool)> = BTreeMap::new();
    let files = posts.iter().flat_map(|post| &post.media);
    for step in files.filter_map(outline).flat_map(|file| steps(&file)) {
        for sent in step.requests() {
            let (count, or_more) = uploads.entry(sent.endpoint).or_default();
            *count += sent.count;
            *or_more |= sent.or_more;
        }
    }
    let uploads = uploads
        .into_iter()
        .map(|(endpoint, (count, or_more))| DryRequest {
            method: endpoint.method(),
            path: endpoint.path(),
            count,
            or_more,
        });
    let posted = DryRequest {
        method: "POST",
        path: "/2/tweets",
        count: posts.len() as u64,
        or_more: false,
    };
    std::iter::once(lookups)
        .chain(uploads)
        .chain(std::iter::once(posted))
        .filter(|request| request.count > 0)
        .collect()
}

/// What decides the requests of a dry run's file, when it could be read.
fn outline(file: &DryMedia) -> Option<Outline> {
    let (Some(kind), Some(size)) = (file.kind, file.size) else {
        return None;
    };
    Some(Outline {
        chunked: kind.chunked(),
        size,
        metadata: file.alt_text.is_some() || file.sensitive_media_warning.is_some(),
        subtitles: file.subtitles.iter().filter_map(|s| s.size).collect(),
    })
}

/// A dry run in words.
pub fn in_words(posts: &[DryPost]) -> String {
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
            post.limit
        ));
        if let Some(text) = &post.text {
            for line in text.lines() {
                out.push(format!("  | {}", visible_lines(line)));
            }
        }
        for media in &post.media {
            media_in_words(media, &mut out);
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
    requests_in_words(&requests(posts), &mut out);
    out.push("dry run: nothing was sent.".to_owned());
    out.join("\n")
}

/// The lines of a media file of a dry run: the file, its warning, its subtitles.
fn media_in_words(media: &DryMedia, out: &mut Vec<String>) {
    let kind = match media.kind {
        Some(media::Kind::Image) => "image",
        Some(media::Kind::Gif) => "animated GIF",
        Some(media::Kind::Video) => "video",
        None => "media",
    };
    let about = known([
        media.media_type.clone(),
        media.size.map(|size| format!("{size} bytes")),
        media.alt_text.as_deref().map(|a| format!("alt text {a:?}")),
    ]);
    out.push(format!("  {kind}: {}{about}", visible(&media.path)));
    if let Some(warning) = &media.sensitive_media_warning {
        out.push(format!(
            "    sensitive-media warning: {}",
            warning.words().join(", ")
        ));
    }
    for subtitles in &media.subtitles {
        let about = known([
            subtitles.media_type.map(str::to_owned),
            subtitles.size.map(|size| format!("{size} bytes")),
        ]);
        out.push(format!(
            "    subtitles in {} ({}): {}{about}",
            subtitles.display_name,
            subtitles.language_code,
            visible(&subtitles.path)
        ));
    }
}

/// What is known of a file, in parentheses after a space; nothing when nothing is (no empty
/// type, no size of a file that is not there).
fn known<const N: usize>(facts: [Option<String>; N]) -> String {
    let facts: Vec<String> = facts.into_iter().flatten().collect();
    if facts.is_empty() {
        String::new()
    } else {
        format!(" ({})", facts.join(", "))
    }
}

/// The lines of the requests a dry run would send: their total, then each endpoint's.
fn requests_in_words(requests: &[DryRequest], out: &mut Vec<String>) {
    let total: u64 = requests.iter().map(|r| r.count).sum();
    let more = if requests.iter().any(|r| r.or_more) {
        " or more"
    } else {
        ""
    };
    out.push(format!(
        "requests to X, each billed: {total}{more} (besides the login's own)"
    ));
    for request in requests {
        let more = if request.or_more { " or more" } else { "" };
        out.push(format!(
            "  {}{more} {} {}",
            request.count, request.method, request.path
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::input::read_text;
    use crate::compose::thread::parse;
    use std::path::Path;

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
        let posts = posts(
            &drafts,
            Some("42"),
            None,
            &[Settings::default(), Settings::default()],
            Allowance::NoLogin,
        );
        assert_eq!(posts[0].weighted_length, 26);
        assert!(posts[0].valid);
        assert_eq!(posts[0].reply_to.as_deref(), Some("42"));
        assert_eq!(posts[1].weighted_length, 282);
        assert!(!posts[1].valid);
        let text = in_words(&posts);
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
        let mut posts = posts(
            &drafts,
            None,
            None,
            &[Settings::default(), Settings::default()],
            Allowance::NoLogin,
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
        let text = in_words(&posts);
        assert!(
            text.contains("requests to X, each billed: 10 or more (besides the login's own)\n"),
            "{text}"
        );
        assert!(text.contains("  tagged in its images: @a, 1\n"), "{text}");
        assert_eq!(
            requests(&super::posts(
                &[Draft::default()],
                None,
                None,
                &[Settings::default()],
                Allowance::NoLogin,
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
        let drafts = parse(
            "hello\u{1b}[2J\u{9b}31m\u{202e}\nsecond\tline\n![alt \u{1b}]0;t\u{7}](\u{1b}[2Jnope\u{1b}[31m.png)\n",
            Path::new("/base"),
        )
        .unwrap();
        let none = vec![Settings::default(); drafts.len()];
        let text = in_words(&posts(&drafts, None, None, &none, Allowance::NoLogin));
        let harmful = |c: char| {
            c.is_control() && c != '\n' && c != '\t'
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        };
        assert!(!text.chars().any(harmful), "{text:?}");
        assert!(
            text.contains("  | hello\\u{1b}[2J\\u{9b}31m\\u{202e}\n  | second\tline\n"),
            "{text}"
        );
        // Joined by the platform's separator; Windows refuses the name itself (os error 123).
        let shown = format!(
            r"/base{}\u{{1b}}[2Jnope\u{{1b}}[31m.png",
            std::path::MAIN_SEPARATOR
        );
        assert!(
            text.contains(&format!("  media: {shown} (alt text ")),
            "{text}"
        );
        assert!(text.contains(&format!("NOT VALID: {shown}: ")), "{text}");
        #[cfg(unix)]
        assert!(text.contains(&format!("{shown}: no such file")), "{text}");
        let err = read_text(&b"ok\xff"[..], "\u{1b}]0;t\u{7}.txt").unwrap_err();
        assert!(
            err.message()
                .starts_with(r"\u{1b}]0;t\u{7}.txt is not valid"),
            "{err}"
        );
    }
}
