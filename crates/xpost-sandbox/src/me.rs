//! `GET /2/users/me`: the authenticated user (needs `users.read` with a bearer token), with
//! its `subscription_type` only when `user.fields` asks for it, as X answers.

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
    let (account, said) = {
        let state = app.lock();
        let account = state
            .account_of(&caller.user_id)
            .cloned()
            .ok_or_else(Problem::unauthorized)?;
        (account, state.subscription_said)
    };
    let mut data = json!({ "id": account.id, "name": account.name, "username": account.username });
    if said && asks_for(&uri, "subscription_type") {
        data["subscription_type"] = json!(account.subscription.x_name());
    }
    let body = json!({ "data": data });
    Ok(axum::Json(body).into_response())
}

/// Whether the query's `user.fields` (comma-separated) names `field`.
fn asks_for(uri: &Uri, field: &str) -> bool {
    url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
        .filter(|(name, _)| name == "user.fields")
        .any(|(_, fields)| fields.split(',').any(|f| f == field))
}
