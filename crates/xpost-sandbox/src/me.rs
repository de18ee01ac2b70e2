//! `GET /2/users/me`: the authenticated user (needs `users.read` with a bearer token).

use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::caller::{Presented, admit};
use super::problems::Problem;
use super::server::App;

/// `GET /2/users/me`.
pub(crate) async fn me(
    State(app): State<App>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let caller = admit(
        &app,
        &Presented::unsigned_body(&method, &uri, &headers),
        &["tweet.read", "users.read"],
        ("GET", "/2/users/me"),
    )?;
    let account = app
        .lock()
        .account_of(&caller.user_id)
        .cloned()
        .ok_or_else(Problem::unauthorized)?;
    let body = json!({
        "data": { "id": account.id, "name": account.name, "username": account.username }
    });
    Ok(axum::Json(body).into_response())
}
