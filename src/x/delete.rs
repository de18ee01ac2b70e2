//! Deleting a post: `DELETE /2/tweets/:id`, with the OAuth 2.0 token or signed with OAuth
//! 1.0a. Safe to repeat: timeouts and server errors are retried as for any safe request.

use reqwest::Method;
use serde::Deserialize;

use super::answer::Operation;
use super::client::{Api, Auth};
use crate::error::{Cause, Error, Result};
use crate::problem::{Kind, error_text, kind};

/// What became of a post asked to be deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deleted {
    /// X deleted it now: `{"deleted":true}`, or a `204` with no body.
    Now,
    /// It was already gone (or never existed): X's `{"deleted":false}`, a `200` with only
    /// `errors` of type `resource-not-found`, or a 404. X says `deleted: false` of a post it
    /// cannot find; one it will not delete (someone else's) is a 403.
    AlreadyGone,
}

/// X's answer to `DELETE /2/tweets/:id`: `data`, or only `errors` for a post that is gone.
/// (A `204` has no body at all: the `None` of `Option<DeleteAnswer>`.)
#[derive(Debug, Deserialize)]
struct DeleteAnswer {
    data: Option<DeleteData>,
    #[serde(default)]
    errors: Vec<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct DeleteData {
    deleted: bool,
}

/// Deletes post `id` (digits only, checked by the caller). A post that is already gone counts
/// as deleted, whichever of X's answers says so.
pub async fn delete(api: &Api, auth: Auth<'_>, id: &str) -> Result<Deleted> {
    let url = api.url(&format!("/2/tweets/{id}"));
    let answer = api
        .call::<Option<DeleteAnswer>>(Operation::Delete, auth, || {
            api.request(Method::DELETE, url.clone(), auth)
        })
        .await;
    match answer {
        Ok(answer) => read(answer),
        Err(err) if matches!(err.cause(), Cause::Gone) => Ok(Deleted::AlreadyGone),
        Err(err) => Err(err),
    }
}

/// What X's successful answer says of the post.
fn read(answer: Option<DeleteAnswer>) -> Result<Deleted> {
    let Some(answer) = answer else {
        return Ok(Deleted::Now);
    };
    match answer.data {
        Some(DeleteData { deleted: true }) => return Ok(Deleted::Now),
        Some(DeleteData { deleted: false }) => return Ok(Deleted::AlreadyGone),
        None => {}
    }
    if answer.errors.is_empty() {
        return Err(Error::internal(
            "X answered the deletion with neither data nor an error",
        ));
    }
    let gone = answer
        .errors
        .iter()
        .any(|e| kind(&serde_json::to_vec(e).unwrap_or_default()) == Kind::ResourceNotFound);
    if gone {
        return Ok(Deleted::AlreadyGone);
    }
    let body =
        serde_json::to_vec(&serde_json::json!({ "errors": answer.errors })).unwrap_or_default();
    let said = error_text(&body).unwrap_or_else(|| "no reason given".to_owned());
    Err(Error::new(
        Cause::Refused,
        format!("X did not delete the post: {said}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x::answer::{AuthKind, read_answer};
    use reqwest::header::HeaderMap;

    fn answered(status: u16, body: &str) -> Result<Deleted> {
        read_answer::<Option<DeleteAnswer>>(
            Operation::Delete,
            AuthKind::Bearer,
            status,
            &HeaderMap::new(),
            body.as_bytes(),
        )
        .and_then(super::read)
    }

    #[test]
    fn reads_every_answer_x_documents() {
        assert_eq!(
            answered(200, r#"{"data":{"deleted":true}}"#).unwrap(),
            Deleted::Now
        );
        assert_eq!(answered(204, "").unwrap(), Deleted::Now);
        assert_eq!(
            answered(200, r#"{"data":{"deleted":false}}"#).unwrap(),
            Deleted::AlreadyGone
        );
        let errors_only = r#"{"errors":[{"value":"1","detail":"Could not find tweet with id: [1].","title":"Not Found Error","resource_type":"tweet","parameter":"id","resource_id":"1","type":"https://api.x.com/2/problems/resource-not-found"}]}"#;
        assert_eq!(answered(200, errors_only).unwrap(), Deleted::AlreadyGone);
        // Only errors of another kind: X did not delete it, in its words.
        let other = answered(200, r#"{"errors":[{"title":"Forbidden","detail":"Not \u001b[2Jyours.","type":"about:blank"}]}"#).unwrap_err();
        assert_eq!(other.exit(), crate::error::Exit::Refused);
        assert!(other.message().contains("Not [2Jyours."), "{other}");
        // Neither: an answer xpost cannot use.
        assert_eq!(
            answered(200, "{}").unwrap_err().exit(),
            crate::error::Exit::Internal
        );
        // A 200 with no body is no answer.
        assert_eq!(
            answered(200, "").unwrap_err().exit(),
            crate::error::Exit::Internal
        );
        let gone = answered(
            404,
            r#"{"title":"Not Found Error","type":"https://api.twitter.com/2/problems/resource-not-found","detail":"Could not find tweet with id: [1].","status":404}"#,
        )
        .unwrap_err();
        assert_eq!(gone.cause(), &Cause::Gone);
    }

    #[test]
    fn someone_elses_post_is_a_refusal_naming_why() {
        let err = answered(
            403,
            r#"{"title":"Forbidden","type":"about:blank","detail":"You are not allowed to delete this Tweet.","status":403}"#,
        )
        .unwrap_err();
        assert_eq!(err.exit(), crate::error::Exit::Refused);
        assert_ne!(err.cause(), &Cause::Gone);
        assert!(err.hint_text().unwrap().contains("own posts"), "{err}");
    }
}
