//! Chunked uploads in progress: X's rules for initialize (category, media type, size),
//! and, per media id, the segments received so far, each kept in its own temporary file
//! inside a directory of that upload. Dropping an upload (finalize, expiry, the sandbox
//! stopping) deletes its directory and files.

use std::collections::HashMap;
use std::io;
use std::path::PathBuf;

use tempfile::{TempDir, TempPath};

use super::chunks::Chunks;
use super::simple_upload::{MAX_GIF_BYTES, MAX_IMAGE_BYTES};

/// X's limit for `tweet_video`: 512 MiB.
pub(crate) const MAX_VIDEO_BYTES: u64 = 512 * 1024 * 1024;
/// The sandbox's limit for `subtitles` (X documents none): 5 MiB.
pub(crate) const MAX_SUBTITLES_BYTES: u64 = 5 * 1024 * 1024;

/// The categories the chunked upload takes: media types allowed, and the size limit.
const CATEGORIES: [(&str, &[&str], u64); 4] = [
    (
        "tweet_image",
        &["image/jpeg", "image/png", "image/webp", "image/gif"],
        MAX_IMAGE_BYTES as u64,
    ),
    ("tweet_gif", &["image/gif"], MAX_GIF_BYTES as u64),
    (
        "tweet_video",
        &["video/mp4", "video/quicktime"],
        MAX_VIDEO_BYTES,
    ),
    ("subtitles", &["text/srt", "text/vtt"], MAX_SUBTITLES_BYTES),
];

/// What a subtitle file's first bytes are: `text/vtt` (a `WEBVTT` header), `text/srt` (UTF-8
/// text whose first cue is timed `00:00:01,000 --> ...`), or neither. Written from the formats'
/// descriptions, independently of any client.
pub(crate) fn subtitles_type(head: &[u8]) -> Option<&'static str> {
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        // The head may end inside a character; anything else is not UTF-8.
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(rest) = text.strip_prefix("WEBVTT") {
        return (rest.is_empty() || rest.starts_with([' ', '\t', '\n', '\r']))
            .then_some("text/vtt");
    }
    let timing = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.bytes().all(|b| b.is_ascii_digit()))?;
    let (start, _) = timing.split_once("-->")?;
    let start = start.trim();
    let srt_time = start.len() >= 12
        && start.as_bytes()[start.len() - 4] == b','
        && start.bytes().filter(|b| *b == b':').count() == 2;
    srt_time.then_some("text/srt")
}

/// Whether a category's media are processed after finalize (GIFs and videos are).
pub(crate) fn is_processed(category: &str) -> bool {
    matches!(category, "tweet_gif" | "tweet_video")
}

/// Checks an initialize request against X's rules; `Err` is the refusal's detail.
pub(crate) fn check_initialize(
    category: &str,
    media_type: &str,
    total_bytes: u64,
) -> Result<(), String> {
    let Some((_, types, limit)) = CATEGORIES.iter().find(|(c, _, _)| *c == category) else {
        let known: Vec<&str> = CATEGORIES.iter().map(|(c, _, _)| *c).collect();
        return Err(format!(
            "The `media_category` value [{category}] is not one of [{}].",
            known.join(", ")
        ));
    };
    if !types.contains(&media_type) {
        return Err(format!(
            "The `media_type` value [{media_type}] is not allowed for media_category \
             {category}; it takes [{}].",
            types.join(", ")
        ));
    }
    if total_bytes == 0 {
        return Err("The `total_bytes` value [0] is invalid: the media cannot be empty.".into());
    }
    if total_bytes > *limit {
        return Err(format!(
            "The `total_bytes` value [{total_bytes}] is over the {category} limit of {limit} \
             bytes ({} MB).",
            limit / (1024 * 1024)
        ));
    }
    Ok(())
}

/// One upload's segments on disk.
pub(crate) struct Upload {
    /// The segments received, each stored in a temporary file.
    pub(crate) chunks: Chunks<TempPath>,
    files: u64,
    // Declared last so the files above are deleted before their directory.
    dir: TempDir,
}

impl Upload {
    /// Where the next segment is written: a new name in the upload's directory, so
    /// concurrent appends never share a file.
    pub(crate) fn next_file(&mut self) -> PathBuf {
        self.files += 1;
        self.dir.path().join(format!("segment-{}", self.files))
    }

    /// The upload's directory.
    #[cfg(test)]
    pub(crate) fn dir(&self) -> &std::path::Path {
        self.dir.path()
    }
}

/// A new temporary directory for one upload's segments.
pub(crate) fn new_dir() -> io::Result<TempDir> {
    tempfile::Builder::new()
        .prefix("xpost-sandbox-upload-")
        .tempdir()
}

/// Every chunked upload not yet finalized, by media id.
#[derive(Default)]
pub(crate) struct Uploads {
    open: HashMap<String, Upload>,
}

impl Uploads {
    /// Starts an upload of `total_bytes`, its segments to go in `dir`.
    pub(crate) fn open(&mut self, media_id: &str, total_bytes: u64, dir: TempDir) {
        self.open.insert(
            media_id.to_string(),
            Upload {
                chunks: Chunks::new(total_bytes),
                files: 0,
                dir,
            },
        );
    }

    /// The upload of a media id, if it is still open.
    pub(crate) fn get_mut(&mut self, media_id: &str) -> Option<&mut Upload> {
        self.open.get_mut(media_id)
    }

    /// Takes an upload out (its files go when it is dropped).
    pub(crate) fn remove(&mut self, media_id: &str) -> Option<Upload> {
        self.open.remove(media_id)
    }

    /// Keeps only the uploads `keep` approves of, deleting the others' files.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        self.open.retain(|id, _| keep(id));
    }

    /// Drops every upload and its files.
    pub(crate) fn clear(&mut self) {
        self.open.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1024 * 1024;

    #[test]
    fn initialize_takes_xs_categories_types_and_sizes() {
        assert!(check_initialize("tweet_video", "video/mp4", 512 * MIB).is_ok());
        assert!(check_initialize("tweet_video", "video/quicktime", 1).is_ok());
        assert!(check_initialize("tweet_gif", "image/gif", 15 * MIB).is_ok());
        assert!(check_initialize("tweet_image", "image/webp", 5 * MIB).is_ok());
    }

    #[test]
    fn initialize_refusals_name_the_problem() {
        let e = check_initialize("dm_video", "video/mp4", 1).unwrap_err();
        assert!(e.contains("`media_category` value [dm_video]"), "{e}");
        let e = check_initialize("tweet_gif", "video/mp4", 1).unwrap_err();
        assert!(e.contains("`media_type` value [video/mp4]"), "{e}");
        assert!(e.contains("[image/gif]"), "{e}");
        assert!(check_initialize("tweet_video", "image/gif", 1).is_err());
        assert!(check_initialize("tweet_image", "video/mp4", 1).is_err());
        let e = check_initialize("tweet_video", "video/mp4", 0).unwrap_err();
        assert!(e.contains("`total_bytes` value [0]"), "{e}");
        let e = check_initialize("tweet_video", "video/mp4", 512 * MIB + 1).unwrap_err();
        assert!(e.contains("536870912 bytes (512 MB)"), "{e}");
        assert!(check_initialize("tweet_gif", "image/gif", 15 * MIB + 1).is_err());
        assert!(check_initialize("tweet_image", "image/png", 5 * MIB + 1).is_err());
    }

    #[test]
    fn subtitles_are_told_by_their_first_bytes() {
        assert!(check_initialize("subtitles", "text/srt", 100).is_ok());
        assert!(check_initialize("subtitles", "text/vtt", 100).is_ok());
        assert!(check_initialize("subtitles", "video/mp4", 100).is_err());
        assert!(check_initialize("subtitles", "text/srt", MAX_SUBTITLES_BYTES + 1).is_err());
        assert_eq!(
            subtitles_type(b"WEBVTT\n\n00:01.000 --> 00:02.000\nhi"),
            Some("text/vtt")
        );
        assert_eq!(
            subtitles_type("\u{feff}WEBVTT".as_bytes()),
            Some("text/vtt")
        );
        assert_eq!(
            subtitles_type(b"1\r\n00:00:01,000 --> 00:00:02,000\r\nhi"),
            Some("text/srt")
        );
        // Cut inside a character: still text.
        assert_eq!(
            subtitles_type(&"1\n00:00:01,000 --> 00:00:02,000\ncafé".as_bytes()[..36]),
            Some("text/srt")
        );
        assert_eq!(subtitles_type(b"WEBVTTX"), None);
        assert_eq!(subtitles_type(b"1\n00:00:01.000 --> 00:00:02.000\n"), None);
        assert_eq!(subtitles_type(b"hello"), None);
        assert_eq!(subtitles_type(b"1\n\xff\xfe"), None);
        assert_eq!(subtitles_type(b""), None);
    }

    #[test]
    fn an_uploads_files_go_with_it() {
        let mut uploads = Uploads::default();
        uploads.open("1", 10, new_dir().unwrap());
        let upload = uploads.get_mut("1").unwrap();
        let file = upload.next_file();
        assert_ne!(file, upload.next_file());
        std::fs::write(&file, b"12345").unwrap();
        upload
            .chunks
            .record(0, 5, TempPath::try_from_path(&file).unwrap())
            .unwrap();
        let dir = upload.dir().to_path_buf();
        assert!(file.exists());
        drop(uploads.remove("1"));
        assert!(!file.exists());
        assert!(!dir.exists());

        uploads.open("2", 10, new_dir().unwrap());
        let dir = uploads.get_mut("2").unwrap().dir().to_path_buf();
        uploads.retain(|id| id != "2");
        assert!(!dir.exists());
    }
}
