//! X's chunked media upload, for GIFs and videos up to 512 MB (and images):
//! `POST /2/media/upload/initialize`, `POST /2/media/upload/{id}/append`,
//! `POST /2/media/upload/{id}/finalize` and `GET /2/media/upload?command=STATUS`.
//! Each is authenticated like the simple upload (OAuth 1.0a or a bearer token with
//! `media.write`) and has its own quota. Segments stream to temporary files; the rules
//! live in `chunks`, `uploads` and `processing`, the disk work in `spool`.

use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State as Extract};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use tempfile::TempPath;

use super::caller::{Caller, Presented, admit, is_form};
use super::chunks::{ChunkError, MAX_SEGMENT_BYTES, parse_index};
use super::clock::unix_seconds;
use super::content::{MEDIA_TTL, Media, MediaError, SUBTITLES};
use super::images::dimensions;
use super::posting::require_json;
use super::problems::Problem;
use super::processing::Processing;
use super::server::App;
use super::spool::{SpoolError, read_head, write_field};
use super::state::State;
use super::uploads::{Upload, check_initialize, is_processed, new_dir, subtitles_type};

/// The largest append body: one 4 MiB segment plus room for the multipart framing and a
/// `segment_index` field. Anything bigger is refused with 413 as X's edge does.
pub(crate) const MAX_APPEND_BODY: usize = MAX_SEGMENT_BYTES as usize + 64 * 1024;

/// Quota keys: the routes as templates, so every media id shares one bucket.
pub(crate) const INITIALIZE: &str = "/2/media/upload/initialize";
pub(crate) const APPEND: &str = "/2/media/upload/{id}/append";
pub(crate) const FINALIZE: &str = "/2/media/upload/{id}/finalize";
pub(crate) const STATUS: &str = "/2/media/upload";

/// Authenticates a media request and spends one request of its quota.
fn caller(
    app: &App,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    form_body: Option<&[u8]>,
    quota: (&str, &str),
) -> Result<Caller, Problem> {
    admit(
        app,
        &Presented {
            method,
            uri,
            headers,
            form_body,
        },
        &["media.write"],
        quota,
    )
}

/// X's answer when a media id cannot be used: 404 for an id it does not know (or
/// another user's), 400 otherwise.
fn media_problem(error: MediaError) -> Problem {
    match error {
        MediaError::Unknown(_) => Problem::resource_not_found(error.to_string()),
        _ => Problem::invalid_request(error.to_string()),
    }
}

fn chunk_problem(error: ChunkError) -> Problem {
    if error.is_too_large() {
        Problem::status(StatusCode::PAYLOAD_TOO_LARGE, error.to_string())
    } else {
        Problem::invalid_request(error.to_string())
    }
}

fn disk_problem() -> Problem {
    Problem::status(
        StatusCode::INTERNAL_SERVER_ERROR,
        "The sandbox could not store the media on disk.",
    )
}

/// Whole seconds from `now` until `at`, rounded up.
fn secs_until(at: SystemTime, now: SystemTime) -> u64 {
    let left = at.duration_since(now).unwrap_or_default();
    left.as_secs() + u64::from(left.subsec_nanos() > 0)
}

#[derive(Debug, Deserialize)]
struct InitializeBody {
    media_type: Option<String>,
    total_bytes: Option<u64>,
    media_category: Option<String>,
}

/// `POST /2/media/upload/initialize`.
pub(crate) async fn initialize(
    Extract(app): Extract<App>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let caller = caller(&app, &method, &uri, &headers, None, ("POST", INITIALIZE))?;
    require_json(&headers)?;
    let body: InitializeBody = serde_json::from_slice(&body).map_err(|e| {
        Problem::invalid_request(format!(
            "The request body is not valid JSON for initialize: {e}."
        ))
    })?;
    let missing = |name: &str| Problem::invalid_request(format!("Missing required field {name}."));
    let media_type = body.media_type.ok_or_else(|| missing("media_type"))?;
    let total_bytes = body.total_bytes.ok_or_else(|| missing("total_bytes"))?;
    let category = body
        .media_category
        .ok_or_else(|| missing("media_category"))?;
    check_initialize(&category, &media_type, total_bytes).map_err(Problem::invalid_request)?;
    let dir = new_dir().map_err(|_| disk_problem())?;
    let now = app.now();
    let mut state = app.lock();
    // Uploads whose media expired are dropped here, so abandoned ones do not pile up.
    let State {
        content, uploads, ..
    } = &mut *state;
    uploads.retain(|id| content.is_uploading(id, now));
    let media = content.begin_upload(&caller.user_id, &category, &media_type, caller.kind, now);
    uploads.open(&media.id, total_bytes, dir);
    let data = json!({
        "id": media.id,
        "media_key": media.media_key,
        "expires_after_secs": MEDIA_TTL.as_secs(),
    });
    Ok(axum::Json(json!({ "data": data })).into_response())
}

/// `POST /2/media/upload/{id}/append`.
pub(crate) async fn append(
    Extract(app): Extract<App>,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Problem> {
    let caller = caller(&app, &method, &uri, &headers, None, ("POST", APPEND))?;
    let now = app.now();
    uploading(&mut app.lock(), &caller.user_id, &id, now)?;
    let mut multipart = multipart.map_err(|_| {
        Problem::invalid_request(
            "The body must be multipart/form-data with media and segment_index fields.",
        )
    })?;
    let mut index: Option<u32> = None;
    let mut segment: Option<(TempPath, u64)> = None;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(body_problem(e.status())),
        };
        match field.name() {
            Some("segment_index") => {
                let text = field.text().await.map_err(|e| body_problem(e.status()))?;
                let parsed = parse_index(&text).map_err(chunk_problem)?;
                with_upload(&app, &id, |u| u.chunks.check_index(parsed))?;
                index = Some(parsed);
            }
            Some("media") if segment.is_none() => {
                let (path, limit) = with_upload(&app, &id, |u| {
                    Ok((
                        u.next_file(),
                        u.chunks.remaining_for(index).min(MAX_SEGMENT_BYTES),
                    ))
                })?;
                let written = write_field(&mut field, path, limit).await;
                segment = Some(match written {
                    Ok(written) => written,
                    Err(SpoolError::Exceeded(len)) => {
                        return Err(with_upload(&app, &id, |u| u.chunks.check_len(index, len))
                            .err()
                            .unwrap_or_else(|| chunk_problem(ChunkError::TooLarge)));
                    }
                    Err(SpoolError::Body(status)) => return Err(body_problem(status)),
                    Err(SpoolError::Io) => return Err(disk_problem()),
                });
            }
            Some("media_data") => {
                return Err(Problem::invalid_request(
                    "The sandbox takes segments as raw bytes in the media field, not \
                     base64 in media_data.",
                ));
            }
            _ => {}
        }
    }
    let index =
        index.ok_or_else(|| Problem::invalid_request("Missing required field segment_index."))?;
    let (file, len) =
        segment.ok_or_else(|| Problem::invalid_request("Missing required field media."))?;
    if len == 0 {
        return Err(Problem::invalid_request("The media field is empty."));
    }
    let now = app.now();
    let mut state = app.lock();
    let (_, expires_at) = uploading(&mut state, &caller.user_id, &id, now)?;
    let upload = state
        .uploads
        .get_mut(&id)
        .ok_or_else(|| media_problem(MediaError::Unknown(id.clone())))?;
    upload
        .chunks
        .record(index, len, file)
        .map_err(chunk_problem)?;
    let (received, count) = (upload.chunks.received(), upload.chunks.count());
    state.content.record_segments(&id, received, count);
    let data = json!({ "expires_at": unix_seconds(expires_at) });
    Ok(axum::Json(json!({ "data": data })).into_response())
}

/// The caller's upload still taking segments, and when it expires; an expired one's
/// files are deleted on the way.
fn uploading(
    state: &mut State,
    owner_id: &str,
    id: &str,
    now: SystemTime,
) -> Result<(Media, SystemTime), Problem> {
    let found = state.content.uploading(owner_id, id, now);
    if let Err(MediaError::Expired(_)) = found {
        state.uploads.remove(id);
    }
    found.map_err(media_problem)
}

/// Runs `f` on the open upload `id` under the lock.
fn with_upload<T>(
    app: &App,
    id: &str,
    f: impl FnOnce(&mut Upload) -> Result<T, ChunkError>,
) -> Result<T, Problem> {
    let mut state = app.lock();
    let upload = state
        .uploads
        .get_mut(id)
        .ok_or_else(|| media_problem(MediaError::Unknown(id.to_string())))?;
    f(upload).map_err(chunk_problem)
}

fn body_problem(status: StatusCode) -> Problem {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        chunk_problem(ChunkError::TooLarge)
    } else {
        Problem::invalid_request("The multipart/form-data body could not be read.")
    }
}

/// `POST /2/media/upload/{id}/finalize`.
pub(crate) async fn finalize(
    Extract(app): Extract<App>,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let form_body = is_form(&headers).then_some(&body[..]);
    let caller = caller(&app, &method, &uri, &headers, form_body, ("POST", FINALIZE))?;
    if form_body.is_none() && !body.iter().all(u8::is_ascii_whitespace) {
        let object = serde_json::from_slice::<Value>(&body).is_ok_and(|v| v.is_object());
        if !object {
            return Err(Problem::invalid_request(
                "The finalize body must be empty or a JSON object such as {}.",
            ));
        }
    }
    let now = app.now();
    let (media, paths) = {
        let mut state = app.lock();
        let (media, _) = uploading(&mut state, &caller.user_id, &id, now)?;
        let upload = state
            .uploads
            .get_mut(&id)
            .ok_or_else(|| media_problem(MediaError::Unknown(id.clone())))?;
        upload.chunks.complete().map_err(chunk_problem)?;
        let paths: Vec<_> = upload.chunks.payloads().map(|p| p.to_path_buf()).collect();
        (media, paths)
    };
    let head = read_head(&paths).await.map_err(|_| disk_problem())?;
    let found = if media.category == SUBTITLES {
        subtitles_type(&head)
    } else {
        // X takes an M4V (an MP4 with another brand) as MP4.
        infer::get(&head).map(|kind| match kind.mime_type() {
            "video/x-m4v" => "video/mp4",
            other => other,
        })
    };
    if found != Some(media.mime.as_str()) {
        return Err(Problem::invalid_request(format!(
            "The media does not match its media_type: initialize said {}, but the bytes {}.",
            media.mime,
            found.map_or_else(
                || "are of no known type".to_string(),
                |f| format!("are {f}")
            ),
        )));
    }
    let now = app.now();
    let (media, expires_at, upload) = {
        let mut state = app.lock();
        let processing = is_processed(&media.category).then(|| {
            let failure = state.fail_next_processing.take();
            Processing::start(state.processing_polls, state.check_after, failure, now)
        });
        let info = processing.as_ref().map(|p| p.info(now));
        let (media, expires_at) = state
            .content
            .finalize(&caller.user_id, &id, &media.mime, processing, now)
            .map_err(media_problem)?;
        ((media, info), expires_at, state.uploads.remove(&id))
    };
    // Deleting up to 1000 files is blocking work, done off the async threads; the
    // answer waits for it, so the files are gone once finalize has answered.
    let _ = tokio::task::spawn_blocking(move || drop(upload)).await;
    let (media, info) = media;
    let mut data = json!({
        "id": media.id,
        "media_key": media.media_key,
        "size": media.size,
        "expires_after_secs": secs_until(expires_at, now),
    });
    match info {
        Some(info) => data["processing_info"] = info,
        None => {
            if let Some((w, h)) = dimensions(&media.mime, &head) {
                data["image"] = json!({ "image_type": media.mime, "w": w, "h": h });
            }
        }
    }
    Ok(axum::Json(json!({ "data": data })).into_response())
}

/// The parameters STATUS reads.
struct StatusQuery {
    command: Option<String>,
    media_id: Option<String>,
}

/// `GET /2/media/upload?command=STATUS&media_id={id}`.
pub(crate) async fn status(
    Extract(app): Extract<App>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let caller = caller(&app, &method, &uri, &headers, None, ("GET", STATUS))?;
    let query: StatusQuery = status_query(&uri);
    match query.command.as_deref() {
        Some(c) if c.eq_ignore_ascii_case("STATUS") => {}
        Some(c) => {
            return Err(Problem::invalid_request(format!(
                "The `command` value [{c}] is not one of [STATUS]: initialize, append and \
                 finalize have their own endpoints."
            )));
        }
        None => {
            return Err(Problem::invalid_request(
                "Missing required parameter command.",
            ));
        }
    }
    let id = query
        .media_id
        .ok_or_else(|| Problem::invalid_request("Missing required parameter media_id."))?;
    let now = app.now();
    let (media, info) = app
        .lock()
        .content
        .poll(&caller.user_id, &id, now)
        .map_err(media_problem)?;
    let mut data = json!({ "id": media.id, "media_key": media.media_key });
    if let Some(info) = info {
        data["processing_info"] = info;
    }
    Ok(axum::Json(json!({ "data": data })).into_response())
}

/// The query's `command` and `media_id`, the last of each if repeated.
fn status_query(uri: &Uri) -> StatusQuery {
    let mut query = StatusQuery {
        command: None,
        media_id: None,
    };
    for (k, v) in url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes()) {
        match &*k {
            "command" => query.command = Some(v.into_owned()),
            "media_id" => query.media_id = Some(v.into_owned()),
            _ => {}
        }
    }
    query
}
