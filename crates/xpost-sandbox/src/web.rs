//! The sandbox's web side: `GET /{username}/status/{id}` shows a post, so the URLs xpost prints
//! for sandbox posts open while `xpost sandbox serve` runs; `GET /i/status/{id}` too.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::pages;
use super::server::App;

/// The page of one post, under its author's handle; 404 for any other handle or id.
pub(crate) async fn post(
    State(app): State<App>,
    Path((username, id)): Path<(String, String)>,
) -> Response {
    let state = app.lock();
    // X's handle-less form, `/i/status/{id}`, shows the post too (X redirects it).
    let found = (username == state.account.username || username == "i")
        .then(|| state.content.posts().into_iter().find(|p| p.id == id))
        .flatten();
    match found {
        Some(post) => pages::respond(
            StatusCode::OK,
            pages::post(&state.account.name, &state.account.username, &post),
        ),
        None => pages::respond(
            StatusCode::NOT_FOUND,
            pages::error("This post does not exist."),
        ),
    }
}
