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
    let author = [&state.account, &state.second_account]
        .into_iter()
        .find(|a| a.username == username);
    // X's handle-less form, `/i/status/{id}`, shows the post too (X redirects it).
    let found = if username == "i" {
        state
            .content
            .posts()
            .into_iter()
            .find(|p| p.id == id)
            .and_then(|post| {
                [&state.account, &state.second_account]
                    .into_iter()
                    .find(|a| a.id == post.author_id)
                    .map(|author| (author, post))
            })
    } else {
        author.and_then(|author| {
            state
                .content
                .posts()
                .into_iter()
                .find(|p| p.id == id && p.author_id == author.id)
                .map(|post| (author, post))
        })
    };
    match found {
        Some((author, post)) => pages::respond(
            StatusCode::OK,
            pages::post(&author.name, &author.username, &post),
        ),
        None => pages::respond(
            StatusCode::NOT_FOUND,
            pages::error("This post does not exist."),
        ),
    }
}
