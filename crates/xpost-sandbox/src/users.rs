//! `GET /2/users/by/username/{username}`: a user by username (in any case), with OAuth 1.0a or
//! a bearer token with `tweet.read` and `users.read`. As X does, a username it has no user for
//! is answered 200 with only `errors` (a `resource-not-found` problem), and one that breaks X's
//! rule (`^[A-Za-z0-9_]{1,15}$`) with 400.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::caller::{Presented, admit};
use super::problems::Problem;
use super::server::App;

/// The route, as its quota names it.
pub(crate) const ROUTE: &str = "/2/users/by/username/{username}";

/// Whether `name` follows X's rule for usernames.
pub(crate) fn is_username(name: &str) -> bool {
    (1..=15).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// X's 200 answer for a username it has no user for.
fn not_found(username: &str) -> Value {
    json!({
        "errors": [{
            "value": username,
            "detail": format!("Could not find user with username: [{username}]."),
            "title": "Not Found Error",
            "resource_type": "user",
            "parameter": "username",
            "resource_id": username,
            "type": "https://api.twitter.com/2/problems/resource-not-found",
        }]
    })
}

/// `GET /2/users/by/username/{username}`.
pub(crate) async fn by_username(
    State(app): State<App>,
    Path(username): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    admit(
        &app,
        &Presented::unsigned_body(&method, &uri, &headers),
        &["tweet.read", "users.read"],
        ("GET", ROUTE),
    )?;
    if !is_username(&username) {
        return Err(Problem::invalid_parameter(
            "username",
            &username,
            format!(
                "The `username` query parameter value [{username}] does not match ^[A-Za-z0-9_]{{1,15}}$"
            ),
        ));
    }
    let body = match app.lock().user_named(&username) {
        Some(user) => json!({
            "data": { "id": user.id, "name": user.name, "username": user.username }
        }),
        None => not_found(&username),
    };
    Ok(axum::Json(body).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_follow_xs_rule() {
        assert!(is_username("xpost_sandbox"));
        assert!(is_username("A1"));
        for bad in ["", "sixteen_letters_", "a-b", "naïve", "a b"] {
            assert!(!is_username(bad), "{bad}");
        }
        assert_eq!(
            not_found("nobody")["errors"][0]["detail"],
            "Could not find user with username: [nobody]."
        );
    }
}
