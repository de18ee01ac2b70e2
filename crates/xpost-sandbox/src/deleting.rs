//! `DELETE /2/tweets/{id}`: deleting one's own post, with a bearer token (scope
//! `tweet.write`) or OAuth 1.0a, in its own rate-limit bucket (50 per 15 minutes, as X).
//!
//! Answers as X: `200 {"data":{"deleted":true}}` for one's own post, which is then gone (its
//! page 404s); `403` problem JSON for another user's post; and, for a post that does not
//! exist or is already deleted, X's long-standing `200 {"data":{"deleted":false}}`. X's
//! documents give other answers too, each behind [`DeleteAnswer`]: the `204` with no body of
//! its error page, and for a post that is gone the `200` with only `errors` its reads give,
//! or a 404 `resource-not-found`. An id that is not a number is a 400 naming the parameter.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::caller::{Presented, admit};
use super::problems::Problem;
use super::server::App;

/// How X answers a deletion, where its documents differ.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DeleteAnswer {
    /// The OpenAPI description's: `200 {"data":{"deleted":true}}`, and `{"deleted":false}` for
    /// a post that is already gone (or never was).
    #[default]
    Data,
    /// X's error page's: `204` with no body for a post deleted; one already gone as [`Data`](Self::Data).
    NoContent,
    /// A post that is gone answered as X's reads answer it: `200` with only `errors`
    /// (`resource-not-found`); one deleted as [`Data`](Self::Data).
    Errors,
    /// A post that is gone answered `404` `resource-not-found`; one deleted as [`Data`](Self::Data).
    NotFound,
}

impl DeleteAnswer {
    /// Reads `data`, `204`, `errors` or `404`.
    pub fn parse(text: &str) -> Result<DeleteAnswer, String> {
        match text.trim() {
            "data" | "200" => Ok(DeleteAnswer::Data),
            "204" | "no-content" => Ok(DeleteAnswer::NoContent),
            "errors" => Ok(DeleteAnswer::Errors),
            "404" | "not-found" => Ok(DeleteAnswer::NotFound),
            other => Err(format!(
                "unknown answer {other:?}; write data, 204, errors or 404"
            )),
        }
    }
}

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
    let (deleted, how) = {
        let mut state = app.lock();
        let deleted = state
            .content
            .delete_post(&caller.user_id, &id)
            .map_err(|()| Problem::forbidden("You are not allowed to delete this Tweet."))?;
        (deleted, state.delete_answer)
    };
    Ok(match (deleted, how) {
        (true, DeleteAnswer::NoContent) => StatusCode::NO_CONTENT.into_response(),
        (false, DeleteAnswer::Errors) => {
            super::reading::missing(&id, super::reading::MissingPost::Errors)
        }
        (false, DeleteAnswer::NotFound) => {
            super::reading::missing(&id, super::reading::MissingPost::NotFound)
        }
        (deleted, _) => axum::Json(json!({ "data": { "deleted": deleted } })).into_response(),
    })
}
