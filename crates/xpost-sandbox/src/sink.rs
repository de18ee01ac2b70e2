//! `POST /_sandbox/sink`: takes a body of any size and writes it to a temporary file, as the
//! chunked upload writes its segments, then answers how many bytes came. It exists so that a
//! benchmark can send a file with `curl` to the same server, doing the same disk work, and set
//! xpost's upload throughput next to it. Not part of X's API.

use axum::body::Body;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;

/// The path of the sink.
pub(crate) const PATH: &str = "/_sandbox/sink";

/// Streams the body to a temporary file, which is deleted afterwards.
pub(crate) async fn sink(body: Body) -> Response {
    let Ok(temp) = tempfile::NamedTempFile::new() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let (file, path) = temp.into_parts();
    let mut file = tokio::fs::File::from_std(file);
    let mut stream = body.into_data_stream();
    let mut size: u64 = 0;
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            return StatusCode::BAD_REQUEST.into_response();
        };
        size += chunk.len() as u64;
        if file.write_all(&chunk).await.is_err() {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    let _ = file.flush().await;
    drop(path);
    axum::Json(serde_json::json!({ "size": size })).into_response()
}
