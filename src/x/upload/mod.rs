//! Uploading media to X: one request for an image (`POST /2/media/upload`), or X's chunked
//! upload for GIFs and videos (initialize → append in segments → finalize → poll STATUS while X
//! processes); then the alt text and sensitive-media warning together (`POST /2/media/metadata`),
//! and a video's subtitles, each uploaded as `subtitles` media and attached to it
//! (`POST /2/media/subtitles`). The steps and their requests are described once, in [`steps`],
//! which the dry run counts too; this module sends them.
//!
//! A chunked upload reads the file one segment at a time, with a few segments in flight, so
//! memory stays bounded whatever the file's size. Segments are 1 MiB ([`steps::SEGMENT`]), the
//! size known to pass X's edge everywhere (5 MiB has met 413s).

#[cfg(not(unix))]
use std::io::SeekFrom;
use std::path::Path;
use std::time::Duration;

use bytes::Bytes;
use futures_util::future::try_join_all;
use futures_util::{StreamExt, TryStreamExt, stream};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, RequestBuilder};
use serde::Deserialize;

use super::answer::Operation;
use super::client::{Api, Auth};
use crate::compose::check::Planned;
use crate::compose::media::{MediaFile, Warning};
use crate::compose::subtitles::SubtitleFile;
use crate::error::{Cause, Error, Result};
use crate::problem::error_text;
use crate::progress::{Bar, Progress};
use crate::sanitize::{outside, visible};
use steps::{Endpoint, Outline, Step, segment_size};

pub mod steps;

/// Segments in flight at once.
const PARALLEL: usize = 4;
/// How long X may take to process a video before xpost gives up waiting.
pub const PROCESSING_TIMEOUT: Duration = Duration::from_secs(15 * 60);

/// Uploads every file of every post at once, alt text included; the first failure cancels
/// the rest. Returns each post's media ids.
pub async fn upload_all(
    api: &Api,
    auth: Auth<'_>,
    posts: &[Planned],
    progress: &Progress,
) -> Result<Vec<Vec<String>>> {
    try_join_all(posts.iter().map(|post| {
        try_join_all(
            post.media
                .iter()
                .map(|file| upload(api, auth, file, progress)),
        )
    }))
    .await
}

/// Uploads a checked file, sets its alt text and sensitive-media warning (one request for
/// both), attaches its subtitles, and returns its media id.
pub async fn upload(
    api: &Api,
    auth: Auth<'_>,
    file: &MediaFile,
    progress: &Progress,
) -> Result<String> {
    let shown = visible(&file.path.display().to_string());
    let mut id = String::new();
    for step in steps::steps(&outline(file)) {
        match step {
            Step::Whole => {
                id = simple(api, auth, file)
                    .await
                    .map_err(|err| err.context(&shown))?
            }
            Step::Chunked { segments } => {
                id = chunked(api, auth, &Source::of(file), segments, progress)
                    .await
                    .map_err(|err| err.context(&shown))?;
            }
            Step::Metadata => {
                set_metadata(api, auth, &id, file.alt.as_deref(), file.sensitive)
                    .await
                    .map_err(|err| err.context(&shown))?;
            }
            Step::Subtitles { index, segments } => {
                let subtitles = &file.subtitles[index];
                add_subtitles(api, auth, &id, subtitles, segments, progress)
                    .await
                    .map_err(|err| {
                        err.context(format!(
                            "{shown}: the subtitles {}",
                            visible(&subtitles.path.display().to_string())
                        ))
                    })?;
            }
        }
    }
    Ok(id)
}

/// What decides the requests of `file`'s upload.
pub fn outline(file: &MediaFile) -> Outline {
    Outline {
        chunked: file.chunked(),
        size: file.size,
        metadata: file.has_metadata(),
        subtitles: file.subtitles.iter().map(|s| s.size).collect(),
    }
}

/// A request to `endpoint`, for the media `id` when its path names one.
fn request(api: &Api, auth: Auth<'_>, endpoint: Endpoint, id: &str) -> RequestBuilder {
    api.request(method(endpoint), api.url(&endpoint.path_for(id)), auth)
}

/// The method of `endpoint`.
fn method(endpoint: Endpoint) -> Method {
    if endpoint.is_get() {
        Method::GET
    } else {
        Method::POST
    }
}

/// What a chunked upload sends: a file, its type and size, and X's category for it.
struct Source<'a> {
    path: &'a Path,
    mime: &'static str,
    size: u64,
    category: &'static str,
}

impl<'a> Source<'a> {
    /// A checked media file.
    fn of(file: &'a MediaFile) -> Self {
        Source {
            path: &file.path,
            mime: file.mime,
            size: file.size,
            category: file.category(),
        }
    }
}

/// X's answer to an upload: v2's `data.id`, or the v1.1 `media_id_string` some servers
/// still send.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Uploaded {
    /// v2: `{"data":{"id",...}}`.
    V2 {
        /// The media.
        data: UploadedData,
    },
    /// v1.1: `{"media_id_string"}`.
    V1 {
        /// The media id.
        media_id_string: String,
    },
}

/// The `data` of an upload answer.
#[derive(Debug, Deserialize)]
pub struct UploadedData {
    /// The media id.
    pub id: String,
    /// Where X's processing is, for GIFs and videos.
    #[serde(default)]
    pub processing_info: Option<Processing>,
}

impl Uploaded {
    /// The media id.
    pub fn id(&self) -> &str {
        match self {
            Uploaded::V2 { data } => &data.id,
            Uploaded::V1 { media_id_string } => media_id_string,
        }
    }

    /// The media id, if it is one as X's spec has them (`^[0-9]{1,19}$`): it goes into the
    /// paths and bodies of the requests that follow, so one that is not ends the run (70)
    /// before anything more is sent with it, and is not quoted (it comes from outside).
    pub fn usable_id(&self) -> Result<String> {
        let id = self.id();
        if crate::ids::is_x_id(id) {
            Ok(id.to_owned())
        } else {
            Err(Error::internal(
                "X took the upload but its answer gave no usable media id; nothing more was sent with it, and nothing was posted",
            ))
        }
    }

    /// Where X's processing is, if it has any.
    pub fn processing(self) -> Option<Processing> {
        match self {
            Uploaded::V2 { data } => data.processing_info,
            Uploaded::V1 { .. } => None,
        }
    }
}

/// X's `processing_info`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Processing {
    /// `pending`, `in_progress`, `succeeded` or `failed`.
    pub state: String,
    /// When to ask again.
    #[serde(default)]
    pub check_after_secs: Option<u64>,
    /// How far along, 0–100.
    #[serde(default)]
    pub progress_percent: Option<u64>,
    /// Why it failed.
    #[serde(default)]
    pub error: Option<ProcessingError>,
}

/// X's reason for a failed processing.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct ProcessingError {
    /// X's words.
    #[serde(default)]
    pub message: Option<String>,
    /// X's name for it.
    #[serde(default)]
    pub name: Option<String>,
}

/// X's answer to `GET /2/media/upload?command=STATUS`.
#[derive(Debug, Deserialize)]
pub struct StatusAnswer {
    /// The media.
    pub data: StatusData,
}

/// The `data` of a STATUS answer.
#[derive(Debug, Deserialize)]
pub struct StatusData {
    /// Where X's processing is.
    #[serde(default)]
    pub processing_info: Option<Processing>,
}

async fn simple(api: &Api, auth: Auth<'_>, file: &MediaFile) -> Result<String> {
    let bytes = Bytes::from(
        tokio::fs::read(&file.path)
            .await
            .map_err(|err| Error::new(Cause::NoInput, format!("cannot read it ({err})")))?,
    );
    let uploaded: Uploaded = api
        .call(Operation::Upload, auth, || {
            let part = Part::stream_with_length(bytes.clone(), bytes.len() as u64)
                .file_name(file_name(file))
                .mime_str(file.mime)
                .unwrap_or_else(|_| Part::bytes(Vec::new()));
            let form = Form::new()
                .text("media_category", file.category())
                .part("media", part);
            request(api, auth, Endpoint::Upload, "").multipart(form)
        })
        .await?;
    uploaded.usable_id()
}

/// The file name sent with an upload (and shown by its progress bar). The file is read by its
/// path, byte for byte; only this name, which X does not use, is made UTF-8 (reqwest
/// percent-encodes it in the multipart header).
fn file_name(file: &MediaFile) -> String {
    name_of(&file.path)
}

fn name_of(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "media".to_owned())
}

async fn chunked(
    api: &Api,
    auth: Auth<'_>,
    file: &Source<'_>,
    segments: u64,
    progress: &Progress,
) -> Result<String> {
    let body = serde_json::json!({
        "media_type": file.mime,
        "total_bytes": file.size,
        "media_category": file.category,
    });
    let initialized: Uploaded = api
        .call(Operation::Upload, auth, || {
            request(api, auth, Endpoint::Initialize, "").json(&body)
        })
        .await?;
    let id = initialized.usable_id()?;

    let size = segment_size(file.size);
    let bar = progress.bar(&visible(&name_of(file.path)), file.size);
    stream::iter(0..segments)
        .map(|index| append(api, auth, file, &id, index, size, &bar))
        .buffer_unordered(PARALLEL)
        .try_collect::<()>()
        .await?;
    bar.done();

    if let Some(processing) = finalize(api, auth, &id).await? {
        wait_for_processing(api, auth, file, &id, processing, progress).await?;
    }
    Ok(id)
}

async fn append(
    api: &Api,
    auth: Auth<'_>,
    file: &Source<'_>,
    id: &str,
    index: u64,
    size: u64,
    bar: &Bar,
) -> Result<()> {
    let start = index * size;
    let len = size.min(file.size - start);
    let bytes = Bytes::from(
        read_segment(file.path, start, len)
            .await
            .map_err(|err| Error::new(Cause::NoInput, format!("cannot read it ({err})")))?,
    );
    let _: serde_json::Value = api
        .call(Operation::Upload, auth, || {
            // A repeat sends the same bytes again; Bytes clones share them.
            let part = Part::stream_with_length(bytes.clone(), len).file_name("segment");
            let form = Form::new()
                .text("segment_index", index.to_string())
                .part("media", part);
            request(api, auth, Endpoint::Append, id).multipart(form)
        })
        .await?;
    bar.inc(len);
    Ok(())
}

/// Reads one segment in a single blocking call (open and positioned read), so a segment costs
/// one hop to the blocking pool rather than one per file operation.
async fn read_segment(path: &std::path::Path, start: u64, len: u64) -> std::io::Result<Vec<u8>> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let file = std::fs::File::open(path)?;
        let mut bytes = vec![0; len as usize];
        read_exact_at(&file, &mut bytes, start)?;
        Ok(bytes)
    })
    .await
    .map_err(std::io::Error::other)?
}

#[cfg(unix)]
fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(not(unix))]
fn read_exact_at(mut file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek};
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(buf)
}

/// Finalizes and returns X's processing state, if the media has one.
///
/// Sent with no body, as X documents. A refusal can mean two things, both handled: a repeat
/// of a finalize whose answer was lost (X already finalized the media: STATUS then answers,
/// and its state is used), or a server that wants a JSON body (some clients needed `{}`:
/// tried once).
async fn finalize(api: &Api, auth: Auth<'_>, id: &str) -> Result<Option<Processing>> {
    let bare = || request(api, auth, Endpoint::Finalize, id);
    match api.call::<Uploaded>(Operation::Upload, auth, bare).await {
        Ok(finalized) => Ok(finalized.processing()),
        Err(err) if matches!(err.cause(), Cause::BadInput) => {
            if let Ok(status) = status(api, auth, id).await {
                return Ok(status.data.processing_info);
            }
            let with_json =
                || request(api, auth, Endpoint::Finalize, id).json(&serde_json::json!({}));
            api.call::<Uploaded>(Operation::Upload, auth, with_json)
                .await
                .map(Uploaded::processing)
                .map_err(|_| err)
        }
        Err(err) => Err(err),
    }
}

/// `GET /2/media/upload?command=STATUS&media_id=...`
async fn status(api: &Api, auth: Auth<'_>, id: &str) -> Result<StatusAnswer> {
    let mut url = api.url(Endpoint::Status.path());
    url.query_pairs_mut()
        .append_pair("command", "STATUS")
        .append_pair("media_id", id);
    api.call(Operation::Upload, auth, || {
        api.request(method(Endpoint::Status), url.clone(), auth)
    })
    .await
}

async fn wait_for_processing(
    api: &Api,
    auth: Auth<'_>,
    file: &Source<'_>,
    id: &str,
    mut processing: Processing,
    progress: &Progress,
) -> Result<()> {
    let name = visible(&name_of(file.path));
    let spinner = progress.spinner(format!("X is processing {name}"));
    let deadline = tokio::time::Instant::now() + PROCESSING_TIMEOUT;
    loop {
        match processing.state.as_str() {
            "succeeded" => return Ok(()),
            "failed" => {
                let why = processing
                    .error
                    .and_then(|e| e.message.or(e.name))
                    .map_or_else(|| "no reason given".to_owned(), |why| outside(&why));
                return Err(Error::bad_input(format!("X could not process it: {why}"))
                    .hint("check that the file plays, and X's limits: 0.5 to 140 seconds of H.264/AAC video"));
            }
            _ => {}
        }
        if let Some(percent) = processing.progress_percent {
            spinner.message(format!("X is processing {name}: {percent}%"));
        }
        let wait = Duration::from_secs(processing.check_after_secs.unwrap_or(1).clamp(1, 60));
        if tokio::time::Instant::now() + wait > deadline {
            return Err(Error::new(
                Cause::TryLater,
                format!(
                    "X was still processing it after {} (media id {})",
                    crate::output::duration(PROCESSING_TIMEOUT),
                    outside(id)
                ),
            )
            .hint("try again later"));
        }
        tokio::time::sleep(wait).await;
        let status = status(api, auth, id).await?;
        processing = status.data.processing_info.unwrap_or(Processing {
            state: "succeeded".to_owned(),
            check_after_secs: None,
            progress_percent: None,
            error: None,
        });
    }
}

/// The body of `POST /2/media/metadata`: the alt text and the sensitive-media warning of one
/// media, together (only those given).
pub fn metadata_body(media_id: &str, alt: Option<&str>, warning: Warning) -> serde_json::Value {
    let mut metadata = serde_json::Map::new();
    if let Some(alt) = alt {
        metadata.insert("alt_text".into(), serde_json::json!({ "text": alt }));
    }
    if warning.is_set() {
        metadata.insert(
            "sensitive_media_warning".into(),
            serde_json::json!({
                "adult_content": warning.adult_content,
                "graphic_violence": warning.graphic_violence,
                "other": warning.other,
            }),
        );
    }
    serde_json::json!({ "id": media_id, "metadata": metadata })
}

/// Sets the alt text and the sensitive-media warning of an uploaded media, in one request
/// (`POST /2/media/metadata`).
pub async fn set_metadata(
    api: &Api,
    auth: Auth<'_>,
    media_id: &str,
    alt: Option<&str>,
    warning: Warning,
) -> Result<()> {
    let body = metadata_body(media_id, alt, warning);
    let op = match (alt.is_some(), warning.is_set()) {
        (true, true) => Operation::AltTextAndWarning,
        (false, true) => Operation::Warning,
        _ => Operation::AltText,
    };
    let _: serde_json::Value = api
        .call(op, auth, || {
            request(api, auth, Endpoint::Metadata, "").json(&body)
        })
        .await?;
    Ok(())
}

/// X's `media_category` of a video, as `POST /2/media/subtitles` spells it.
const SUBTITLED_CATEGORY: &str = "TweetVideo";

/// The body of `POST /2/media/subtitles`: subtitles `subtitles_id` in `file`'s language for
/// the video `video_id`.
pub fn subtitles_body(
    video_id: &str,
    subtitles_id: &str,
    file: &SubtitleFile,
) -> serde_json::Value {
    serde_json::json!({
        "id": video_id,
        "media_category": SUBTITLED_CATEGORY,
        "subtitles": {
            "id": subtitles_id,
            "language_code": file.language.code,
            "display_name": file.language.name,
        },
    })
}

/// X's answer to `POST /2/media/subtitles`: `data` when it attached them; only `errors` (in a
/// 200) when it did not. What `data` holds is not relied on: X's descriptions differ on it.
#[derive(Debug, Deserialize)]
struct SubtitlesAnswer {
    #[serde(default)]
    data: Option<serde_json::Value>,
    #[serde(default)]
    errors: Option<serde_json::Value>,
}

/// Uploads a subtitle file as `subtitles` media (chunked, with its media type) and attaches it
/// to the video `video_id`.
async fn add_subtitles(
    api: &Api,
    auth: Auth<'_>,
    video_id: &str,
    file: &SubtitleFile,
    segments: u64,
    progress: &Progress,
) -> Result<()> {
    let source = Source {
        path: &file.path,
        mime: file.format.mime(),
        size: file.size,
        category: "subtitles",
    };
    let subtitles_id = chunked(api, auth, &source, segments, progress).await?;
    let body = subtitles_body(video_id, &subtitles_id, file);
    let answer: SubtitlesAnswer = api
        .call(Operation::Subtitles, auth, || {
            request(api, auth, Endpoint::Subtitles, "").json(&body)
        })
        .await?;
    if answer.data.is_none() {
        let said = answer
            .errors
            .map(|errors| serde_json::json!({ "errors": errors }).to_string())
            .and_then(|body| error_text(body.as_bytes()))
            .unwrap_or_else(|| "no reason given".to_owned());
        return Err(Error::bad_input(format!(
            "X did not attach the subtitles: {said}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_goes_in_one_body_with_only_what_was_given() {
        let warning = Warning {
            adult_content: true,
            ..Warning::default()
        };
        assert_eq!(
            metadata_body("1", Some("a cat"), warning),
            serde_json::json!({"id":"1","metadata":{"alt_text":{"text":"a cat"},
                "sensitive_media_warning":{"adult_content":true,"graphic_violence":false,"other":false}}})
        );
        assert_eq!(
            metadata_body("2", None, warning)["metadata"],
            serde_json::json!({"sensitive_media_warning":{"adult_content":true,"graphic_violence":false,"other":false}})
        );
        assert_eq!(
            metadata_body("3", Some("x"), Warning::default()),
            serde_json::json!({"id":"3","metadata":{"alt_text":{"text":"x"}}})
        );
    }

    #[test]
    fn subtitles_are_attached_in_xs_shape() {
        let file = SubtitleFile {
            language: crate::compose::subtitles::language("pt").unwrap(),
            path: "pt.vtt".into(),
            format: crate::compose::subtitles::Format::WebVtt,
            size: 10,
        };
        assert_eq!(
            subtitles_body("7", "8", &file),
            serde_json::json!({"id":"7","media_category":"TweetVideo",
                "subtitles":{"id":"8","language_code":"PT","display_name":"Portuguese"}})
        );
        let refused: SubtitlesAnswer = serde_json::from_str(
            r#"{"errors":[{"title":"Invalid Request","detail":"The subtitles are not valid."}]}"#,
        )
        .unwrap();
        assert!(refused.data.is_none());
        let attached: SubtitlesAnswer = serde_json::from_str(
            r#"{"data":{"id":"7","media_category":"TweetVideo","associated_subtitles":[]}}"#,
        )
        .unwrap();
        assert!(attached.data.is_some());
    }

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_not_utf8_is_sent_as_text() {
        use std::os::unix::ffi::OsStrExt;
        let path = std::path::Path::new(std::ffi::OsStr::from_bytes(b"/d\xe9/caf\xe9.png"));
        assert_eq!(name_of(path), "caf\u{fffd}.png");
        assert_eq!(name_of(std::path::Path::new("/")), "media");
    }

    #[test]
    fn reads_v2_and_v1_upload_answers() {
        let v2: Uploaded = serde_json::from_str(
            r#"{"data":{"id":"1880028106020515840","media_key":"7_1880028106020515840","size":685,"expires_after_secs":86400,"processing_info":{"state":"pending","check_after_secs":1}}}"#,
        )
        .unwrap();
        assert_eq!(v2.id(), "1880028106020515840");
        assert_eq!(v2.processing().unwrap().check_after_secs, Some(1));
        let v1: Uploaded =
            serde_json::from_str(r#"{"media_id":1,"media_id_string":"1880028106020515841"}"#)
                .unwrap();
        assert_eq!(v1.id(), "1880028106020515841");
        assert_eq!(v1.usable_id().unwrap(), "1880028106020515841");
        for lie in [
            "1862/../../2/users/me",
            "",
            "18446744073709551616",
            "12a",
            "-1",
        ] {
            let told: Uploaded =
                serde_json::from_value(serde_json::json!({"data": {"id": lie}})).unwrap();
            let err = told.usable_id().unwrap_err();
            assert_eq!(err.exit(), crate::error::Exit::Internal, "{lie}");
            assert!(err.message().contains("nothing was posted"), "{err}");
            assert!(
                lie.is_empty() || !err.message().contains(lie),
                "not quoted: {err}"
            );
        }
        assert!(serde_json::from_str::<Uploaded>(r#"{"data":{}}"#).is_err());
    }

    #[test]
    fn reads_a_failed_status() {
        let answer: StatusAnswer = serde_json::from_str(
            r#"{"data":{"id":"1","processing_info":{"state":"failed","error":{"code":1,"name":"InvalidMedia","message":"Invalid or Unsupported media"}}}}"#,
        )
        .unwrap();
        let info = answer.data.processing_info.unwrap();
        assert_eq!(info.state, "failed");
        assert_eq!(
            info.error.unwrap().message.as_deref(),
            Some("Invalid or Unsupported media")
        );
    }
}
