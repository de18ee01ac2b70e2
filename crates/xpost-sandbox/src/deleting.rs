//! `DELETE /2/tweets/{id}`: deleting one's own post, with a bearer token (scope
//! `tweet.write`) or OAuth 1.0a, in its own rate-limit bucket (50 per 15 minutes, as X).
//!
//! Answers as X: `200 {"data":{"deleted":true}}` for one's own post, which is then gone (its
//! page 404s); `403` problem JSON for another user's post; and, for a post that does not
//! exist or is already deleted, X's long-standing `200 {"data":{"deleted":false}}` (a newer
//! docs page suggests a 404 `resource-not-found`; xpost reads both, the sandbox gives the
//! long-standing one). An id that is not a number is a 400 naming the parameter.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::caller::{Presented, admit};
use super::problems::Problem;
use super::server::App;

/// The route, as axum matches it (and as its quota is kept).
pub(crate) const ROUTE: &str = "/2/tweets/{id}";

/// The scopes X requires for deleting a post.
const SCOPES: [&str; 3] = ["tweet.read", "tweet.write", "users.read"];

/// Refuses, as X does, an `id` in [`ROUTE`] that is not a post id (X's pattern:
/// `^[0-9]{1,19}$`).
pub(crate) fn check_id(id: &str) -> Result<(), Problem> {
    if !super::posting::is_x_id(id) {
        return Err(Problem::invalid_parameter(
            "id",
            id,
            format!("The `id` query parameter value [{id}] does not match ^[0-9]{{1,19}}$"),
        ));
    }
    Ok(())
}

/// `DELETE /2/tweets/{id}`.
pub(crate) async fn delete(
    State(app): State<App>,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let caller = admit(
        &app,
        &Presented::unsigned_body(&method, &uri, &headers),
        &SCOPES,
        ("DELETE", ROUTE),
    )?;
    check_id(&id)?;
    let deleted = app
        .lock()
        .content
        .delete_post(&caller.user_id, &id)
        .map_err(|()| Problem::forbidden("You are not allowed to delete this Tweet."))?;
    Ok(axum::Json(json!({ "data": { "deleted": deleted } })).into_response())
}
