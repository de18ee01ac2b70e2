//! `POST /2/media/upload`, the simple (one-request) upload: multipart `media` and
//! `media_category`, authenticated by OAuth 1.0a or a bearer token with `media.write`.
//! The bytes must really be an image X takes, within X's size limits.

use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::caller::{Presented, admit};
use super::content::MEDIA_TTL;
use super::images::dimensions;
use super::problems::Problem;
use super::server::App;

/// The largest request body the endpoint reads; beyond it X's edge answers 413 too.
pub(crate) const MAX_BODY: usize = 20 * 1024 * 1024;
/// X's limit for `tweet_image`.
pub(crate) const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;
/// X's limit for `tweet_gif`.
pub(crate) const MAX_GIF_BYTES: usize = 15 * 1024 * 1024;

/// What the bytes turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Inspected {
    pub(crate) mime: &'static str,
    pub(crate) dimensions: Option<(u32, u32)>,
}

/// Checks an upload against X's rules for its category; `Err` is the refusal's detail.
pub(crate) fn inspect(category: &str, bytes: &[u8]) -> Result<Inspected, String> {
    let limit = match category {
        "tweet_image" => MAX_IMAGE_BYTES,
        "tweet_gif" => MAX_GIF_BYTES,
        "tweet_video" => {
            return Err(
                "tweet_video needs the chunked upload: POST /2/media/upload/initialize, \
                 then append and finalize."
                    .into(),
            );
        }
        _ => {
            return Err(format!(
                "media_category must be tweet_image, tweet_gif or tweet_video, not {category:?}."
            ));
        }
    };
    if bytes.is_empty() {
        return Err("The media field is empty.".into());
    }
    let mime = match infer::get(bytes).map(|kind| kind.mime_type()) {
        Some(mime @ ("image/jpeg" | "image/png" | "image/webp" | "image/gif")) => mime,
        _ => return Err("The media is not a JPEG, PNG, WEBP or GIF image.".into()),
    };
    if category == "tweet_gif" && mime != "image/gif" {
        return Err(format!(
            "media_category tweet_gif needs a GIF; this media is {mime}."
        ));
    }
    if bytes.len() > limit {
        return Err(format!(
            "The media is {} bytes; {category} allows at most {limit} bytes ({} MB).",
            bytes.len(),
            limit / (1024 * 1024)
        ));
    }
    Ok(Inspected {
        mime,
        dimensions: dimensions(mime, bytes),
    })
}

/// The multipart fields the endpoint reads.
async fn read_fields(multipart: &mut Multipart) -> Result<(Vec<u8>, String), Problem> {
    let mut media = None;
    let mut category = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(body_problem(e.status())),
        };
        match field.name() {
            Some("media") => {
                let bytes = field.bytes().await.map_err(|e| body_problem(e.status()))?;
                media = Some(bytes.to_vec());
            }
            Some("media_category") => {
                let text = field.text().await.map_err(|e| body_problem(e.status()))?;
                category = Some(text);
            }
            _ => {}
        }
    }
    let media = media.ok_or_else(|| Problem::invalid_request("Missing required field media."))?;
    let category = category
        .ok_or_else(|| Problem::invalid_request("Missing required field media_category."))?;
    Ok((media, category))
}

fn body_problem(status: StatusCode) -> Problem {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        Problem::status(
            status,
            format!("The request body is larger than {MAX_BODY} bytes."),
        )
    } else {
        Problem::invalid_request("The multipart/form-data body could not be read.")
    }
}

/// `POST /2/media/upload`.
pub(crate) async fn upload(
    State(app): State<App>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Problem> {
    let caller = admit(
        &app,
        &Presented::unsigned_body(&method, &uri, &headers),
        &["media.write"],
        ("POST", "/2/media/upload"),
    )?;
    let mut multipart = multipart.map_err(|_| {
        Problem::invalid_request("The body must be multipart/form-data with a media field.")
    })?;
    let (bytes, category) = read_fields(&mut multipart).await?;
    let inspected = inspect(&category, &bytes).map_err(Problem::invalid_request)?;
    let now = app.now();
    let media = app.lock().content.add_media(
        &caller.user_id,
        &category,
        inspected.mime,
        bytes.len(),
        caller.kind,
        now,
    );
    let mut data = json!({
        "id": media.id,
        "media_key": media.media_key,
        "size": media.size,
        "expires_after_secs": MEDIA_TTL.as_secs(),
    });
    if let Some((w, h)) = inspected.dimensions {
        data["image"] = json!({ "image_type": inspected.mime, "w": w, "h": h });
    }
    Ok(axum::Json(json!({ "data": data })).into_response())
}

#[cfg(test)]
mod tests {
    use super::super::images::samples;
    use super::*;

    #[test]
    fn images_are_recognised_by_content_with_dimensions() {
        assert_eq!(
            inspect("tweet_image", &samples::png(4, 3)),
            Ok(Inspected {
                mime: "image/png",
                dimensions: Some((4, 3))
            })
        );
        assert_eq!(
            inspect("tweet_image", &samples::jpeg(8, 6)).unwrap().mime,
            "image/jpeg"
        );
        assert_eq!(
            inspect("tweet_image", &samples::gif(1, 1)).unwrap().mime,
            "image/gif"
        );
        assert_eq!(
            inspect("tweet_gif", &samples::gif(1, 1)).unwrap().mime,
            "image/gif"
        );
    }

    #[test]
    fn non_images_and_wrong_categories_are_refused() {
        assert!(inspect("tweet_image", b"just some text, not an image").is_err());
        assert!(inspect("tweet_image", b"").is_err());
        assert!(inspect("tweet_gif", &samples::png(1, 1)).is_err());
        assert!(inspect("tweet_video", &samples::png(1, 1)).is_err());
        assert!(inspect("dm_image", &samples::png(1, 1)).is_err());
    }

    #[test]
    fn size_limits_follow_the_category() {
        let mut big = samples::png(1, 1);
        big.resize(MAX_IMAGE_BYTES, 0);
        assert!(inspect("tweet_image", &big).is_ok());
        big.push(0);
        let refusal = inspect("tweet_image", &big).unwrap_err();
        assert!(refusal.contains("at most 5242880 bytes"));
        let mut gif = samples::gif(1, 1);
        gif.resize(MAX_IMAGE_BYTES + 1, 0);
        assert!(inspect("tweet_gif", &gif).is_ok());
    }
}
