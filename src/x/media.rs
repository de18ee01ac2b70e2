//! Media: checking files before anything is sent, and uploading them.
//!
//! [`check_images`] looks at every file first (exists, readable, an image X takes by its bytes,
//! within X's size limit), so a bad file stops the run before any network call. [`upload`] sends
//! one file to `POST /2/media/upload` and returns its media id.

use std::io::Read;
use std::path::{Path, PathBuf};

use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde::Deserialize;

use crate::error::{Error, Exit, Result};
use crate::x::client::{Api, Auth, Operation};

/// X takes at most this many images in one post.
pub const MAX_IMAGES: usize = 4;
/// X's limit for an image (JPEG, PNG, WEBP, or GIF sent as an image): 5 MB.
pub const IMAGE_LIMIT: u64 = 5 * 1024 * 1024;

/// A media file that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its type, found from its bytes.
    pub mime: &'static str,
    /// Its size in bytes.
    pub size: u64,
    /// X's `media_category` for it.
    pub category: &'static str,
}

/// The image type of a file from its first bytes, if X takes it as an image.
pub fn image_type(head: &[u8]) -> Option<&'static str> {
    let kind = infer::get(head)?;
    match kind.mime_type() {
        mime @ ("image/jpeg" | "image/png" | "image/webp" | "image/gif") => Some(mime),
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

/// Checks every image before anything is sent; the first problem found stops the run.
pub fn check_images(paths: &[PathBuf]) -> Result<Vec<MediaFile>> {
    if paths.len() > MAX_IMAGES {
        return Err(Error::bad_input(format!(
            "{} images given; X takes at most {MAX_IMAGES} in one post",
            paths.len()
        ))
        .hint("drop some --image options, or split them over several posts"));
    }
    paths.iter().map(|path| check_image(path)).collect()
}

fn check_image(path: &Path) -> Result<MediaFile> {
    let shown = path.display();
    let metadata = std::fs::metadata(path).map_err(|err| {
        let message = match err.kind() {
            std::io::ErrorKind::NotFound => format!("{shown}: no such file"),
            std::io::ErrorKind::PermissionDenied => format!("{shown}: permission denied"),
            _ => format!("{shown}: cannot read it ({err})"),
        };
        Error::new(Exit::NoInput, message).hint("check the path given to --image")
    })?;
    if !metadata.is_file() {
        return Err(Error::new(Exit::NoInput, format!("{shown} is not a file"))
            .hint("--image takes the path of an image file"));
    }
    let mut head = Vec::with_capacity(64);
    std::fs::File::open(path)
        .and_then(|file| file.take(64).read_to_end(&mut head))
        .map_err(|err| Error::new(Exit::NoInput, format!("{shown}: cannot read it ({err})")))?;
    let Some(mime) = image_type(&head) else {
        return Err(Error::bad_input(format!(
            "{shown} is not an image X accepts ({})",
            found(&head)
        ))
        .hint("X takes JPEG, PNG, WEBP and GIF images"));
    };
    let size = metadata.len();
    if size > IMAGE_LIMIT {
        return Err(Error::bad_input(format!(
            "{shown} is {}; X takes images up to {}",
            megabytes(size),
            megabytes(IMAGE_LIMIT)
        ))
        .hint("shrink it, e.g. resize it or save it as JPEG"));
    }
    Ok(MediaFile {
        path: path.to_path_buf(),
        mime,
        size,
        category: "tweet_image",
    })
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// X's answer to an upload: v2's `data.id`, or the v1.1 `media_id_string` some servers
/// still send.
#[derive(Deserialize)]
#[serde(untagged)]
enum Uploaded {
    V2 { data: UploadedData },
    V1 { media_id_string: String },
}

#[derive(Deserialize)]
struct UploadedData {
    id: String,
}

impl Uploaded {
    fn id(self) -> String {
        match self {
            Uploaded::V2 { data } => data.id,
            Uploaded::V1 { media_id_string } => media_id_string,
        }
    }
}

/// Uploads one checked file and returns X's media id.
pub async fn upload(api: &Api, auth: Auth<'_>, file: &MediaFile) -> Result<String> {
    let bytes = tokio::fs::read(&file.path).await.map_err(|err| {
        Error::new(
            Exit::NoInput,
            format!("{}: cannot read it ({err})", file.path.display()),
        )
    })?;
    let name = file
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "media".to_owned());
    let part = Part::bytes(bytes)
        .file_name(name)
        .mime_str(file.mime)
        .map_err(|err| Error::internal(format!("bad media type {}: {err}", file.mime)))?;
    let form = Form::new()
        .text("media_category", file.category)
        .part("media", part);
    let url = api.url("/2/media/upload");
    let request = api.request(Method::POST, url, auth).multipart(form);
    let uploaded: Uploaded = api
        .call(Operation::Upload, auth, request)
        .await
        .map_err(|err| err.context(file.path.display()))?;
    Ok(uploaded.id())
}

/// X's limit on alt text, in characters.
pub const ALT_TEXT_LIMIT: usize = 1000;

/// Sets the alt text of an uploaded media (`POST /2/media/metadata`).
pub async fn set_alt_text(api: &Api, auth: Auth<'_>, media_id: &str, alt: &str) -> Result<()> {
    let body = serde_json::json!({"id": media_id, "metadata": {"alt_text": {"text": alt}}});
    let request = api
        .request(Method::POST, api.url("/2/media/metadata"), auth)
        .json(&body);
    let _: serde_json::Value = api.call(Operation::Upload, auth, request).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn types_by_bytes_not_name() {
        assert_eq!(image_type(PNG), Some("image/png"));
        assert_eq!(
            image_type(b"\xff\xd8\xff\xe0\0\x10JFIF\0"),
            Some("image/jpeg")
        );
        assert_eq!(image_type(b"GIF89a\x01\0\x01\0"), Some("image/gif"));
        assert_eq!(image_type(b"RIFF\x24\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(image_type(b"%PDF-1.7\n"), None);
        assert_eq!(image_type(b"hello"), None);

        let dir = tempfile::tempdir().unwrap();
        let disguised = write(dir.path(), "photo.png", b"just some text\n");
        let err = check_images(&[disguised]).unwrap_err();
        assert_eq!(err.exit(), Exit::BadInput);
        assert!(err.to_string().contains("looks like text"), "{err}");
        let named_wrong = write(dir.path(), "notes.txt", PNG);
        let files = check_images(&[named_wrong]).unwrap();
        assert_eq!(files[0].mime, "image/png");
        assert_eq!(files[0].category, "tweet_image");
    }

    #[test]
    fn missing_and_directories_are_no_input() {
        let dir = tempfile::tempdir().unwrap();
        let err = check_images(&[dir.path().join("nope.png")]).unwrap_err();
        assert_eq!(err.exit(), Exit::NoInput);
        assert!(err.to_string().contains("nope.png: no such file"));
        let err = check_images(&[dir.path().to_path_buf()]).unwrap_err();
        assert_eq!(err.exit(), Exit::NoInput);
    }

    #[test]
    fn size_limit() {
        let dir = tempfile::tempdir().unwrap();
        let mut big = PNG.to_vec();
        big.resize(IMAGE_LIMIT as usize + 1, 0);
        let path = write(dir.path(), "big.png", &big);
        let err = check_images(&[path]).unwrap_err();
        assert_eq!(err.exit(), Exit::BadInput);
        assert!(
            err.to_string()
                .contains("is 5.0 MB; X takes images up to 5.0 MB"),
            "{err}"
        );
        let mut exact = PNG.to_vec();
        exact.resize(IMAGE_LIMIT as usize, 0);
        let path = write(dir.path(), "ok.png", &exact);
        assert_eq!(check_images(&[path]).unwrap()[0].size, IMAGE_LIMIT);
    }

    #[test]
    fn reads_v2_and_v1_upload_answers() {
        let v2: Uploaded = serde_json::from_str(
            r#"{"data":{"id":"1880028106020515840","media_key":"3_1880028106020515840","size":685,"expires_after_secs":86400}}"#,
        )
        .unwrap();
        assert_eq!(v2.id(), "1880028106020515840");
        let v1: Uploaded =
            serde_json::from_str(r#"{"media_id":1,"media_id_string":"1880028106020515841"}"#)
                .unwrap();
        assert_eq!(v1.id(), "1880028106020515841");
        assert!(serde_json::from_str::<Uploaded>(r#"{"data":{}}"#).is_err());
    }

    #[test]
    fn at_most_four() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "a.png", PNG);
        let five = vec![path; 5];
        let err = check_images(&five).unwrap_err();
        assert_eq!(err.exit(), Exit::BadInput);
        assert!(err.to_string().contains("at most 4"));
        assert_eq!(check_images(&five[..4]).unwrap().len(), 4);
    }
}
