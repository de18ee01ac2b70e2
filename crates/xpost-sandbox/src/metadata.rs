//! `POST /2/media/metadata`: alt text for an uploaded image, by its uploader, with
//! OAuth 1.0a or a bearer token with `media.write`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::caller::{Presented, admit};
use super::posting::is_json;
use super::problems::Problem;
use super::server::App;

#[derive(Debug, Deserialize)]
struct Body {
    id: String,
    metadata: Metadata,
}

#[derive(Debug, Deserialize)]
struct Metadata {
    alt_text: Option<AltText>,
}

#[derive(Debug, Deserialize)]
struct AltText {
    text: String,
}

/// `POST /2/media/metadata`.
pub(crate) async fn create(
    State(app): State<App>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let caller = admit(
        &app,
        &Presented::unsigned_body(&method, &uri, &headers),
        &["media.write"],
        ("POST", "/2/media/metadata"),
    )?;
    if !is_json(&headers) {
        return Err(Problem::invalid_request(
            "The body must be JSON with Content-Type: application/json.",
        ));
    }
    let body: Body = serde_json::from_slice(&body).map_err(|e| {
        Problem::invalid_request(format!(
            "The request body is not valid media metadata: {e}."
        ))
    })?;
    let Some(alt_text) = body.metadata.alt_text else {
        return Err(Problem::invalid_request(
            "The sandbox only imitates metadata.alt_text.",
        ));
    };
    let now = app.now();
    app.lock()
        .content
        .set_alt_text(&caller.user_id, &body.id, &alt_text.text, now)
        .map_err(Problem::invalid_request)?;
    let data = json!({
        "id": body.id,
        "associated_metadata": { "alt_text": { "text": alt_text.text } }
    });
    Ok(axum::Json(json!({ "data": data })).into_response())
}
