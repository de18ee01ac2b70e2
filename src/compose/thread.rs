//! The thread file: posts separated by lines holding only `---` (spaces around allowed).
//!
//! In a post, a line of the form `![alt text](path)` attaches an image (the alt text may be
//! empty), with relative paths taken from the thread file's directory, optionally followed at
//! once by `{sensitive=KIND subtitles=LANG=PATH tag=USER}` (the file's warning, subtitles and
//! people to tag), and lines of the form `- [ ] option` make a poll, one line per option (only
//! the last post may have one). A line that would be one of these, written after a backslash, is
//! text. Pure.

use std::path::Path;

use crate::compose::draft::Draft;
use crate::compose::media::{self, MediaItem};
use crate::compose::subtitles;
use crate::compose::tags::{self, Tag};
use crate::error::{Error, Result};
use crate::sanitize::visible;

/// Splits a thread file into drafts. A malformed `{...}` after an image is bad input (65),
/// named by its line.
pub fn parse(content: &str, base: &Path) -> Result<Vec<Draft>> {
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
            "tag" => tags.push(tags::parse_tag(value)?),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;
    use std::path::PathBuf;

    #[test]
    fn threads_split_on_dashes_with_images() {
        let text = "First post\nstill first\n---\n![a cat](cat.png)\nSecond\n  ---  \nThird\r\n---\n![](/abs/dog.png)\n";
        let drafts = parse(text, Path::new("/base")).unwrap();
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

    /// Image and subtitle paths are the platform's paths, joined by `std::path`: on Windows (run
    /// under Wine in CI) a drive letter or a UNC path stands alone, a relative path with
    /// backslashes is under the thread file's folder.
    #[cfg(windows)]
    #[test]
    fn windows_paths_in_a_thread_file() {
        let text = "![a](C:\\pics\\a.png)\n![b](pics\\b.png){subtitles=en=subs\\b.srt}\n\
                    ![c](\\\\server\\share\\c.png)\n![d](D:/pics/d.png)\n";
        let drafts = parse(text, Path::new(r"C:\threads")).unwrap();
        let paths: Vec<_> = drafts[0].media.iter().map(|m| m.path.clone()).collect();
        assert_eq!(
            paths,
            [
                PathBuf::from(r"C:\pics\a.png"),
                PathBuf::from(r"C:\threads\pics\b.png"),
                PathBuf::from(r"\\server\share\c.png"),
                PathBuf::from(r"D:\pics\d.png"),
            ]
        );
        assert_eq!(
            drafts[0].media[1].subtitles[0].path,
            Path::new(r"C:\threads\subs\b.srt")
        );
        assert!(paths[0].is_absolute() && paths[2].is_absolute());
    }

    /// On Unix a backslash is a file name's character: the line names one file under the
    /// thread's folder, as before.
    #[cfg(unix)]
    #[test]
    fn backslashes_are_part_of_a_name_on_unix() {
        let drafts = parse("![a](pics\\a.png)\n![b](C:\\b.png)\n", Path::new("/t")).unwrap();
        assert_eq!(drafts[0].media[0].path, Path::new("/t/pics\\a.png"));
        assert_eq!(drafts[0].media[1].path, Path::new("/t/C:\\b.png"));
    }

    #[test]
    fn poll_lines_make_the_posts_poll() {
        let text = "Which?\n- [ ] tabs\n  - [ ]  spaces  \n-[ ] not a box\n- [x] not open\n";
        let drafts = parse(text, Path::new(".")).unwrap();
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].poll, vec!["tabs", "spaces"]);
        assert_eq!(
            drafts[0].text.as_deref(),
            Some("Which?\n-[ ] not a box\n- [x] not open")
        );
        // An empty box is an empty option, for the checks to refuse, not text.
        assert_eq!(parse("a\n- [ ]", Path::new(".")).unwrap()[0].poll, vec![""]);
    }

    #[test]
    fn a_backslash_makes_a_line_text() {
        let text = "Todo:\n\\- [ ] not a poll\n  \\![not](an image)\n\\---\n\\plain\n---\ntwo";
        let drafts = parse(text, Path::new(".")).unwrap();
        assert_eq!(drafts.len(), 2);
        assert!(drafts[0].poll.is_empty() && drafts[0].media.is_empty());
        assert_eq!(
            drafts[0].text.as_deref(),
            Some("Todo:\n- [ ] not a poll\n![not](an image)\n---\n\\plain")
        );
    }

    #[test]
    fn an_images_options_set_its_warning_and_subtitles() {
        let text = "a\n![x](clip.mp4){sensitive=adult,Violence subtitles=en=subs/en.srt subtitles=FR=fr.vtt}\n![y](b.png)\n![z](odd){name}.png)\n";
        let drafts = parse(text, Path::new("/t")).unwrap();
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
            let err = parse(&format!("one\n---\ntwo\n{line}\n"), Path::new(".")).unwrap_err();
            assert_eq!(err.exit(), Exit::BadInput, "{line}");
            assert!(err.message().starts_with("line 4: "), "{err}");
            assert!(err.message().contains(says), "{says:?} in {err}");
            assert!(!err.message().contains('\u{1b}'), "{err}");
        }
    }

    #[test]
    fn dashes_must_stand_alone() {
        let drafts = parse("a --- b\n----\n--- x\n---", Path::new(".")).unwrap();
        assert_eq!(drafts.len(), 2);
        assert_eq!(drafts[0].text.as_deref(), Some("a --- b\n----\n--- x"));
        assert_eq!(drafts[1].text, None);
    }
}
