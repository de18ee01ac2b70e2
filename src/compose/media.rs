//! Media files, checked before anything is sent: what each is (by its bytes, not its name),
//! whether X takes it and at that size, whether the set goes together in one post, and what
//! goes with each (alt text, a sensitive-media warning, a video's subtitles).
//!
//! X's rules: JPEG, PNG and WEBP images (and still GIFs) up to 5 MB, up to 4 in a post; an
//! animated GIF up to 15 MB, alone; an MP4 or MOV video up to 512 MB, alone. Alt text is at
//! most 1000 characters. Subtitles go with a video. Up to 10 people are tagged per post, in
//! its images.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::compose::subtitles::{self, SubtitleFile, SubtitleItem};
use crate::error::{Cause, Error, Result};
use crate::sanitize::visible;

/// X takes at most this many images in one post.
pub const MAX_IMAGES: usize = 4;
/// X's limit for an image (JPEG, PNG, WEBP, or a still GIF): 5 MB.
pub const IMAGE_LIMIT: u64 = 5 * 1024 * 1024;
/// X's limit for an animated GIF: 15 MB.
pub const GIF_LIMIT: u64 = 15 * 1024 * 1024;
/// X's limit for a video: 512 MB.
pub const VIDEO_LIMIT: u64 = 512 * 1024 * 1024;
/// X's limit on alt text, in characters.
pub const ALT_TEXT_LIMIT: usize = 1000;
/// What kind of media a file is, as X sorts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A picture (JPEG, PNG, WEBP, still GIF).
    Image,
    /// An animated GIF.
    Gif,
    /// An MP4 or MOV video.
    Video,
}

impl Kind {
    /// X's `media_category`.
    pub fn category(self) -> &'static str {
        match self {
            Kind::Image => "tweet_image",
            Kind::Gif => "tweet_gif",
            Kind::Video => "tweet_video",
        }
    }

    /// Whether it goes up in chunks (GIFs and videos, which X then processes) rather than in
    /// one request.
    pub fn chunked(self) -> bool {
        self != Kind::Image
    }

    /// X's size limit for this kind.
    pub fn limit(self) -> u64 {
        match self {
            Kind::Image => IMAGE_LIMIT,
            Kind::Gif => GIF_LIMIT,
            Kind::Video => VIDEO_LIMIT,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Image => "image",
            Kind::Gif => "animated GIF",
            Kind::Video => "video",
        }
    }
}

/// What `--sensitive` says a file shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Sensitive {
    /// Adult content (nudity, sexual content).
    Adult,
    /// Graphic violence.
    Violence,
    /// Other sensitive content.
    Other,
}

/// X's sensitive-media warning of a file (`sensitive_media_warning`), serialized as X takes it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// It shows adult content.
    pub adult_content: bool,
    /// It shows graphic violence.
    pub graphic_violence: bool,
    /// It shows other sensitive content.
    pub other: bool,
}

impl Warning {
    /// Whether any warning is set.
    pub fn is_set(&self) -> bool {
        self.adult_content || self.graphic_violence || self.other
    }

    /// Adds one kind (again is no change).
    pub fn add(&mut self, kind: Sensitive) {
        match kind {
            Sensitive::Adult => self.adult_content = true,
            Sensitive::Violence => self.graphic_violence = true,
            Sensitive::Other => self.other = true,
        }
    }

    /// The kinds set, in words.
    pub fn words(&self) -> Vec<&'static str> {
        [
            (self.adult_content, "adult content"),
            (self.graphic_violence, "graphic violence"),
            (self.other, "other"),
        ]
        .into_iter()
        .filter_map(|(set, word)| set.then_some(word))
        .collect()
    }
}

/// A media file named on the command line or in a thread, before checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaItem {
    /// Where it is.
    pub path: PathBuf,
    /// Its alt text.
    pub alt: Option<String>,
    /// Given with `--image`, which takes pictures only.
    pub image_only: bool,
    /// Its sensitive-media warning (none set: no warning).
    pub sensitive: Warning,
    /// Subtitles for it, a video, one per language.
    pub subtitles: Vec<SubtitleItem>,
}

impl MediaItem {
    /// A file given as any kind of media, without alt text, warning or subtitles.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        MediaItem {
            path: path.into(),
            alt: None,
            image_only: false,
            sensitive: Warning::default(),
            subtitles: Vec::new(),
        }
    }
}

/// A media file that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its type, found from its bytes.
    pub mime: &'static str,
    /// Its size in bytes.
    pub size: u64,
    /// Its kind.
    pub kind: Kind,
    /// Its alt text.
    pub alt: Option<String>,
    /// Its sensitive-media warning (none set: no warning).
    pub sensitive: Warning,
    /// Its subtitles (a video's), checked.
    pub subtitles: Vec<SubtitleFile>,
}

impl MediaFile {
    /// X's `media_category` for it.
    pub fn category(&self) -> &'static str {
        self.kind.category()
    }

    /// Whether it needs a metadata request (`POST /2/media/metadata`): alt text or a warning.
    pub fn has_metadata(&self) -> bool {
        self.alt.is_some() || self.sensitive.is_set()
    }

    /// Whether it goes up in chunks (GIFs and videos) rather than in one request.
    pub fn chunked(&self) -> bool {
        self.kind.chunked()
    }
}

/// The media type of a file from its first bytes, if X takes it.
pub fn media_type(head: &[u8]) -> Option<&'static str> {
    let kind = infer::get(head)?;
    match kind.mime_type() {
        mime @ ("image/jpeg" | "image/png" | "image/webp" | "image/gif" | "video/mp4"
        | "video/quicktime") => Some(mime),
        "video/x-m4v" => Some("video/mp4"),
        _ => None,
    }
}

/// What a file is, in words, for an error message.
fn found(head: &[u8]) -> String {
    match infer::get(head) {
        Some(kind) => format!("it is {}", kind.mime_type()),
        None if head.is_empty() => "it is empty".to_owned(),
        None if std::str::from_utf8(head).is_ok() => "it looks like text".to_owned(),
        None => "its type is unknown".to_owned(),
    }
}

/// Counts a GIF's frames, stopping at `enough`; reads block headers only, never the whole file.
pub fn gif_frames(reader: impl Read, enough: usize) -> std::io::Result<usize> {
    let mut r = BufReader::new(reader);
    let mut byte = [0u8; 1];
    let skip = |r: &mut BufReader<_>, n: u64| -> std::io::Result<()> {
        let copied = std::io::copy(&mut r.by_ref().take(n), &mut std::io::sink())?;
        if copied < n {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        Ok(())
    };
    let mut header = [0u8; 13];
    r.read_exact(&mut header)?;
    if &header[..3] != b"GIF" {
        return Err(std::io::ErrorKind::InvalidData.into());
    }
    if header[10] & 0x80 != 0 {
        skip(&mut r, 3 << ((header[10] & 0x07) + 1))?;
    }
    let mut frames = 0;
    loop {
        if r.read(&mut byte)? == 0 {
            return Ok(frames);
        }
        match byte[0] {
            0x3B => return Ok(frames),
            0x21 => {
                r.read_exact(&mut byte)?; // extension label
                skip_sub_blocks(&mut r)?;
            }
            0x2C => {
                frames += 1;
                if frames >= enough {
                    return Ok(frames);
                }
                let mut descriptor = [0u8; 9];
                r.read_exact(&mut descriptor)?;
                if descriptor[8] & 0x80 != 0 {
                    skip(&mut r, 3 << ((descriptor[8] & 0x07) + 1))?;
                }
                r.read_exact(&mut byte)?; // LZW minimum code size
                skip_sub_blocks(&mut r)?;
            }
            _ => return Ok(frames),
        }
    }
}

fn skip_sub_blocks(r: &mut impl Read) -> std::io::Result<()> {
    let mut size = [0u8; 1];
    loop {
        r.read_exact(&mut size)?;
        if size[0] == 0 {
            return Ok(());
        }
        let n = u64::from(size[0]);
        if std::io::copy(&mut r.take(n), &mut std::io::sink())? < n {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
    }
}

/// Checks every file of one post and the set together; the first problem stops the run.
pub fn check(items: &[MediaItem]) -> Result<Vec<MediaFile>> {
    for item in items {
        if let Some(alt) = &item.alt {
            let n = alt.chars().count();
            if n > ALT_TEXT_LIMIT {
                return Err(Error::bad_input(format!(
                    "the alt text of {} is {n} characters; X takes at most {ALT_TEXT_LIMIT}",
                    visible(&item.path.display().to_string())
                ))
                .hint("shorten it"));
            }
        }
    }
    let files = items.iter().map(check_file).collect::<Result<Vec<_>>>()?;
    combination(&files.iter().map(|f| f.kind).collect::<Vec<_>>())?;
    Ok(files)
}

/// X's rule for what goes together: up to 4 images, or one animated GIF, or one video.
pub fn combination(kinds: &[Kind]) -> Result<()> {
    let images = kinds.iter().filter(|k| **k == Kind::Image).count();
    let others: Vec<Kind> = kinds
        .iter()
        .copied()
        .filter(|k| *k != Kind::Image)
        .collect();
    let rule = "X takes up to 4 images, or one animated GIF, or one video in a post";
    match others.as_slice() {
        [] if images <= MAX_IMAGES => Ok(()),
        [] => Err(Error::bad_input(format!("{images} images given; {rule}"))
            .hint("drop some, or split them over several posts (a thread)")),
        [_] if images == 0 => Ok(()),
        [other] => Err(Error::bad_input(format!(
            "{} cannot go with images in one post; {rule}",
            match other {
                Kind::Gif => "an animated GIF",
                _ => "a video",
            }
        ))
        .hint("post them separately, e.g. as a thread")),
        _ => Err(
            Error::bad_input(format!("{} GIFs and videos given; {rule}", others.len()))
                .hint("post them separately, e.g. as a thread"),
        ),
    }
}

fn check_file(item: &MediaItem) -> Result<MediaFile> {
    let path = &item.path;
    // Named in every error: visible, yet harmless on a terminal, whatever the name holds.
    let shown = visible(&path.display().to_string());
    let metadata = std::fs::metadata(path).map_err(|err| {
        let message = match err.kind() {
            std::io::ErrorKind::NotFound => format!("{shown}: no such file"),
            std::io::ErrorKind::PermissionDenied => format!("{shown}: permission denied"),
            _ => format!("{shown}: cannot read it ({err})"),
        };
        Error::new(Cause::NoInput, message).hint("check the path of the media file")
    })?;
    if !metadata.is_file() {
        return Err(Error::new(Cause::NoInput, format!("{shown} is not a file"))
            .hint("give the path of an image or video file"));
    }
    let (mime, kind) = kind_of(path, &shown)?;
    given_as(item, kind, &shown)?;
    let size = metadata.len();
    if size > kind.limit() {
        return Err(Error::bad_input(format!(
            "{shown} is {}; X takes {}s up to {}",
            size_text(size),
            kind.name(),
            size_text(kind.limit())
        ))
        .hint(match kind {
            Kind::Image => "shrink it, e.g. resize it or save it as JPEG",
            Kind::Gif => "shorten it, or post it as a video",
            Kind::Video => "shorten or re-encode it",
        }));
    }
    let subtitles = item
        .subtitles
        .iter()
        .map(subtitles::check)
        .collect::<Result<Vec<_>>>()
        .map_err(|err| err.context(format!("the subtitles of {shown}")))?;
    Ok(MediaFile {
        path: path.clone(),
        mime,
        size,
        kind,
        alt: item.alt.clone(),
        sensitive: item.sensitive,
        subtitles,
    })
}

/// A file's media type and kind, from its bytes (a GIF's frames tell an animation from a
/// picture).
fn kind_of(path: &Path, shown: &str) -> Result<(&'static str, Kind)> {
    let unreadable = |err: std::io::Error| {
        Error::new(Cause::NoInput, format!("{shown}: cannot read it ({err})"))
    };
    let mut head = Vec::with_capacity(64);
    File::open(path)
        .and_then(|file| file.take(64).read_to_end(&mut head))
        .map_err(unreadable)?;
    let Some(mime) = media_type(&head) else {
        return Err(Error::bad_input(format!(
            "{shown} is not an image or video X accepts ({})",
            found(&head)
        ))
        .hint("X takes JPEG, PNG, WEBP and GIF images, and MP4 and MOV videos"));
    };
    let kind = match mime {
        "video/mp4" | "video/quicktime" => Kind::Video,
        "image/gif" => {
            let frames = File::open(path)
                .and_then(|file| gif_frames(file, 2))
                .map_err(|err| {
                    Error::bad_input(format!("{shown} is not a readable GIF ({err})"))
                })?;
            if frames > 1 { Kind::Gif } else { Kind::Image }
        }
        _ => Kind::Image,
    };
    Ok((mime, kind))
}

/// Whether a file of `kind` goes with the way it was given: `--image` takes no video, and
/// subtitles go with a video, one file per language.
fn given_as(item: &MediaItem, kind: Kind, shown: &str) -> Result<()> {
    if item.image_only && kind == Kind::Video {
        return Err(Error::new(
            Cause::Usage,
            format!("{shown} is a video; --image takes pictures"),
        )
        .hint("attach it with --media"));
    }
    if !item.subtitles.is_empty() && kind != Kind::Video {
        return Err(Error::new(
            Cause::Usage,
            format!(
                "{shown} is an {}; --subtitles goes after a video",
                kind.name()
            ),
        )
        .hint("put --subtitles LANG=PATH right after the --media of the video"));
    }
    if let Some(twice) = item.subtitles.iter().enumerate().find(|(i, s)| {
        item.subtitles[..*i]
            .iter()
            .any(|t| t.language == s.language)
    }) {
        return Err(Error::new(
            Cause::Usage,
            format!(
                "{shown} has two --subtitles in {} ({})",
                twice.1.language.name, twice.1.language.code
            ),
        )
        .hint("give one file per language"));
    }
    Ok(())
}

/// A size in MB (of 1024 × 1024 bytes, as X counts its limits) and exactly, so that a file one
/// byte over a limit never reads as the limit: `5.0 MB (5,242,881 bytes)` next to
/// `5 MB (5,242,880 bytes)`.
pub fn size_text(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    let megabytes = if bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    };
    format!("{megabytes} ({} bytes)", grouped(bytes))
}

/// `5242881` as `5,242,881`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
pub(crate) mod samples {
    //! Small files of each kind, made by hand, and a way to put them in a directory.

    use std::path::{Path, PathBuf};

    use crate::compose::media::MediaItem;

    /// Writes `bytes` to the file `name` in `dir`, and returns its path.
    pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// The files at `paths`, given as media.
    pub fn items(paths: &[PathBuf]) -> Vec<MediaItem> {
        paths.iter().map(MediaItem::new).collect()
    }

    /// A 1×1 PNG.
    pub const PNG: &[u8] =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

    /// A GIF with `frames` 1×1 frames.
    pub fn gif(frames: usize) -> Vec<u8> {
        let mut gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff".to_vec();
        gif.extend_from_slice(b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00");
        for _ in 0..frames {
            gif.extend_from_slice(b"\x21\xf9\x04\x04\x0a\x00\x00\x00");
            gif.extend_from_slice(b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00");
        }
        gif.push(0x3b);
        gif
    }

    /// The start of an MP4 file (an `ftyp` box), padded to `len` bytes.
    pub fn mp4(len: usize) -> Vec<u8> {
        let mut mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom".to_vec();
        mp4.resize(len.max(mp4.len()), 0);
        mp4
    }
}

#[cfg(test)]
mod tests {
    use super::samples::*;
    use super::*;
    use crate::error::Exit;

    #[test]
    fn kinds_by_bytes_not_name() {
        assert_eq!(media_type(PNG), Some("image/png"));
        assert_eq!(
            media_type(b"\xff\xd8\xff\xe0\0\x10JFIF\0"),
            Some("image/jpeg")
        );
        assert_eq!(media_type(b"RIFF\x24\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(media_type(&mp4(64)), Some("video/mp4"));
        assert_eq!(
            media_type(b"\0\0\0\x14ftypqt  \0\0\0\0qt  "),
            Some("video/quicktime")
        );
        assert_eq!(media_type(b"%PDF-1.7\n"), None);
        let dir = tempfile::tempdir().unwrap();
        let disguised = write(dir.path(), "movie.mp4", PNG);
        let files = check(&items(&[disguised])).unwrap();
        assert_eq!(
            (files[0].kind, files[0].category()),
            (Kind::Image, "tweet_image")
        );
        let text = write(dir.path(), "photo.png", b"not a picture\n");
        let err = check(&items(&[text])).unwrap_err();
        assert_eq!(err.exit(), Exit::BadInput);
        assert!(err.to_string().contains("looks like text"), "{err}");
    }

    #[test]
    fn gifs_are_images_when_still_and_gifs_when_animated() {
        assert_eq!(gif_frames(&gif(1)[..], 2).unwrap(), 1);
        assert_eq!(gif_frames(&gif(5)[..], 2).unwrap(), 2);
        assert_eq!(gif_frames(&gif(5)[..], 100).unwrap(), 5);
        assert!(gif_frames(&b"GIF89a"[..], 2).is_err());
        let dir = tempfile::tempdir().unwrap();
        let still = write(dir.path(), "still.gif", &gif(1));
        let moving = write(dir.path(), "moving.gif", &gif(3));
        let files = check(&items(&[moving])).unwrap();
        assert_eq!(
            (files[0].kind, files[0].category()),
            (Kind::Gif, "tweet_gif")
        );
        assert!(files[0].chunked());
        let files = check(&items(&[still])).unwrap();
        assert_eq!(
            (files[0].kind, files[0].category()),
            (Kind::Image, "tweet_image")
        );
        assert!(!files[0].chunked());
    }

    #[test]
    fn sizes_read_in_megabytes_and_exactly() {
        assert_eq!(size_text(IMAGE_LIMIT), "5 MB (5,242,880 bytes)");
        assert_eq!(size_text(IMAGE_LIMIT + 1), "5.0 MB (5,242,881 bytes)");
        assert_eq!(size_text(6 * 1024 * 1024 + 1), "6.0 MB (6,291,457 bytes)");
        assert_eq!(size_text(999), "0.0 MB (999 bytes)");
        assert_eq!(size_text(0), "0 MB (0 bytes)");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(100), "100");
        assert_eq!(grouped(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn limits_per_kind() {
        let dir = tempfile::tempdir().unwrap();
        let mut big_png = PNG.to_vec();
        big_png.resize(IMAGE_LIMIT as usize + 1, 0);
        let err = check(&items(&[write(dir.path(), "big.png", &big_png)])).unwrap_err();
        // One byte over the limit does not read as the limit.
        assert!(
            err.to_string().contains(
                "big.png is 5.0 MB (5,242,881 bytes); X takes images up to 5 MB (5,242,880 bytes)"
            ),
            "{err}"
        );
        let mut big_gif = gif(2);
        big_gif.resize(GIF_LIMIT as usize + 1, 0);
        let err = check(&items(&[write(dir.path(), "big.gif", &big_gif)])).unwrap_err();
        assert!(
            err.to_string()
                .contains("X takes animated GIFs up to 15 MB (15,728,640 bytes)"),
            "{err}"
        );
        // A video over 512 MB, made sparse so the test writes almost nothing.
        let path = dir.path().join("big.mp4");
        let file = File::create(&path).unwrap();
        std::io::Write::write_all(&mut &file, &mp4(64)).unwrap();
        file.set_len(VIDEO_LIMIT + 1).unwrap();
        let err = check(&items(&[path])).unwrap_err();
        assert!(
            err.to_string()
                .contains("X takes videos up to 512 MB (536,870,912 bytes)"),
            "{err}"
        );
    }

    #[test]
    fn combinations_say_which_rule_broke() {
        use Kind::*;
        assert!(combination(&[Image, Image, Image, Image]).is_ok());
        assert!(combination(&[Gif]).is_ok());
        assert!(combination(&[Video]).is_ok());
        assert!(combination(&[]).is_ok());
        let err = combination(&[Image; 5]).unwrap_err();
        assert!(
            err.to_string()
                .contains("5 images given; X takes up to 4 images"),
            "{err}"
        );
        let err = combination(&[Image, Video]).unwrap_err();
        assert!(
            err.to_string()
                .contains("a video cannot go with images in one post"),
            "{err}"
        );
        let err = combination(&[Gif, Image]).unwrap_err();
        assert!(
            err.to_string()
                .contains("an animated GIF cannot go with images"),
            "{err}"
        );
        let err = combination(&[Gif, Video]).unwrap_err();
        assert!(err.to_string().contains("2 GIFs and videos given"), "{err}");
        assert_eq!(err.exit(), Exit::BadInput);
    }

    #[test]
    fn alt_text_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "a.png", PNG);
        let mut item = MediaItem::new(&path);
        item.alt = Some("é".repeat(1000));
        assert!(check(std::slice::from_ref(&item)).is_ok());
        item.alt = Some("é".repeat(1001));
        let err = check(&[item]).unwrap_err();
        assert!(
            err.to_string()
                .contains("1001 characters; X takes at most 1000"),
            "{err}"
        );
    }

    #[test]
    fn image_only_refuses_video() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "clip.mp4", &mp4(64));
        let item = MediaItem {
            image_only: true,
            ..MediaItem::new(path)
        };
        assert_eq!(check(&[item]).unwrap_err().exit(), Exit::Usage);
    }

    fn subtitle(dir: &Path, lang: &str, name: &str) -> SubtitleItem {
        let path = write(dir, name, b"1\n00:00:00,500 --> 00:00:02,000\nHello.\n");
        SubtitleItem {
            language: subtitles::language(lang).unwrap(),
            path,
        }
    }

    #[test]
    fn warnings_and_subtitles_go_with_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut item = MediaItem::new(write(dir.path(), "clip.mp4", &mp4(64)));
        item.sensitive.add(Sensitive::Violence);
        item.sensitive.add(Sensitive::Violence);
        item.subtitles = vec![
            subtitle(dir.path(), "en", "en.srt"),
            subtitle(dir.path(), "fr", "fr.srt"),
        ];
        let files = check(std::slice::from_ref(&item)).unwrap();
        assert_eq!(
            files[0].sensitive,
            Warning {
                graphic_violence: true,
                ..Warning::default()
            }
        );
        assert!(files[0].has_metadata());
        assert_eq!(files[0].sensitive.words(), ["graphic violence"]);
        let codes: Vec<&str> = files[0]
            .subtitles
            .iter()
            .map(|s| s.language.code.as_str())
            .collect();
        assert_eq!(codes, ["EN", "FR"]);
        assert_eq!(
            serde_json::to_value(files[0].sensitive).unwrap(),
            serde_json::json!({"adult_content":false,"graphic_violence":true,"other":false})
        );

        // One file per language.
        item.subtitles.push(subtitle(dir.path(), "EN", "en2.srt"));
        let err = check(std::slice::from_ref(&item)).unwrap_err();
        assert_eq!(err.exit(), Exit::Usage);
        assert!(
            err.message().contains("two --subtitles in English (EN)"),
            "{err}"
        );

        // Subtitles go with a video only.
        let mut image = MediaItem::new(write(dir.path(), "a.png", PNG));
        image.subtitles = vec![subtitle(dir.path(), "en", "en.srt")];
        let err = check(&[image]).unwrap_err();
        assert_eq!(err.exit(), Exit::Usage);
        assert!(
            err.message()
                .contains("is an image; --subtitles goes after a video"),
            "{err}"
        );

        // A subtitle file's own problem names the video too.
        item.subtitles = vec![SubtitleItem {
            language: subtitles::language("en").unwrap(),
            path: dir.path().join("missing.vtt"),
        }];
        let err = check(&[item]).unwrap_err();
        assert_eq!(err.exit(), Exit::NoInput);
        assert!(err.message().contains("the subtitles of"), "{err}");
        assert!(err.message().contains("missing.vtt: no such file"), "{err}");
    }

    #[test]
    fn missing_and_directories_are_no_input() {
        let dir = tempfile::tempdir().unwrap();
        let err = check(&items(&[dir.path().join("nope.png")])).unwrap_err();
        assert_eq!(err.exit(), Exit::NoInput);
        assert!(err.to_string().contains("nope.png: no such file"));
        let err = check(&items(&[dir.path().to_path_buf()])).unwrap_err();
        assert_eq!(err.exit(), Exit::NoInput);
    }
}
