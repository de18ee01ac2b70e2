//! `/_sandbox/faults`: switches faults while the sandbox runs, for a script or a test in
//! another process than the one that started it (`xpost sandbox serve`). Not part of X's
//! API, and never faulted itself.
//!
//! - `POST` with JSON `{"method":"POST","route":"/2/tweets","fault":"status:503","times":2}`
//!   queues the fault (`times` is 1 when left out; 0 clears the route) and answers
//!   `200 {"method","route","fault","times","pending"}`.
//! - `DELETE` clears every fault: `204`.
//! - `GET` lists the faults waiting: `200 {"faults":[{"method","route","faults":[..]}]}`.
//!
//! A refusal is problem JSON (400) saying what is wrong.
//!
//! Beside it, `/_sandbox/others-posts` makes a post by someone else and `/_sandbox/users` adds
//! a user to look up and tag.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::faults::{Fault, check_method_and_route};
use super::problems::Problem;
use super::server::App;

/// The path of the control endpoint.
pub(crate) const PATH: &str = "/_sandbox/faults";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Injection {
    method: String,
    route: String,
    fault: String,
    #[serde(default = "one")]
    times: u32,
}

fn one() -> u32 {
    1
}

/// `POST /_sandbox/faults`.
pub(crate) async fn inject(State(app): State<App>, body: Bytes) -> Response {
    let injection: Injection = match serde_json::from_slice(&body) {
        Ok(injection) => injection,
        Err(err) => {
            return Problem::invalid_request(format!(
                "expected JSON {{\"method\",\"route\",\"fault\",\"times\"}}: {err}"
            ))
            .into_response();
        }
    };
    let (method, route) = match check_method_and_route(&injection.method, &injection.route) {
        Ok(target) => target,
        Err(why) => return Problem::invalid_request(why).into_response(),
    };
    if injection.fault.contains('*') {
        return Problem::invalid_request("give the count in \"times\", not as *N in \"fault\"")
            .into_response();
    }
    let fault: Fault = match injection.fault.parse() {
        Ok(fault) => fault,
        Err(why) => return Problem::invalid_request(why).into_response(),
    };
    let mut state = app.lock();
    state
        .faults
        .inject(&method, &route, fault.clone(), injection.times);
    let pending = state.faults.pending(&method, &route);
    axum::Json(json!({
        "method": method,
        "route": route,
        "fault": fault.to_string(),
        "times": injection.times,
        "pending": pending,
    }))
    .into_response()
}

/// `DELETE /_sandbox/faults`.
pub(crate) async fn clear(State(app): State<App>) -> Response {
    app.lock().faults.clear();
    StatusCode::NO_CONTENT.into_response()
}

/// `GET /_sandbox/faults`.
pub(crate) async fn list(State(app): State<App>) -> Response {
    let faults: Vec<_> = app
        .lock()
        .faults
        .list()
        .into_iter()
        .map(|(method, route, faults)| {
            let faults: Vec<String> = faults.iter().map(Fault::to_string).collect();
            json!({ "method": method, "route": route, "faults": faults })
        })
        .collect();
    axum::Json(json!({ "faults": faults })).into_response()
}

/// The path where a script makes a post by someone else (to reply to, quote or mention).
pub(crate) const OTHERS_POSTS: &str = "/_sandbox/others-posts";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OthersPost {
    username: String,
    text: String,
}

/// `POST /_sandbox/others-posts` with JSON `{"username","text"}`: a post by another user,
/// as if made on X by someone else. Answers `200 {"id"}`.
pub(crate) async fn others_post(State(app): State<App>, body: Bytes) -> Response {
    let post: OthersPost = match serde_json::from_slice(&body) {
        Ok(post) => post,
        Err(err) => {
            return Problem::invalid_request(format!(
                "expected JSON {{\"username\",\"text\"}}: {err}"
            ))
            .into_response();
        }
    };
    if !super::users::is_username(&post.username) {
        return Problem::invalid_request("username: 1 to 15 letters, digits or _").into_response();
    }
    let now = app.now();
    let id =
        app.lock()
            .content
            .add_foreign_post(&format!("foreign:{}", post.username), &post.text, now);
    axum::Json(json!({ "id": id })).into_response()
}

/// The path where a script adds a user, someone to look up and tag.
pub(crate) const USERS: &str = "/_sandbox/users";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewUser {
    username: String,
}

/// `POST /_sandbox/users` with JSON `{"username"}`: a user X would know by that name (the one
/// there is, when the sandbox knows the name already). Answers `200 {"id","username"}`.
pub(crate) async fn add_user(State(app): State<App>, body: Bytes) -> Response {
    let user: NewUser = match serde_json::from_slice(&body) {
        Ok(user) => user,
        Err(err) => {
            return Problem::invalid_request(format!("expected JSON {{\"username\"}}: {err}"))
                .into_response();
        }
    };
    if !super::users::is_username(&user.username) {
        return Problem::invalid_request("username: 1 to 15 letters, digits or _").into_response();
    }
    let mut state = app.lock();
    let id = state.add_user(&user.username);
    let username = state
        .user(&id)
        .map(|u| u.username.clone())
        .unwrap_or_default();
    axum::Json(json!({ "id": id, "username": username })).into_response()
}
