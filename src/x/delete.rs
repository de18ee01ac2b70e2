//! Deleting a post: `DELETE /2/tweets/:id`, with the OAuth 2.0 token or signed with OAuth
//! 1.0a. Safe to repeat: timeouts and server errors are retried as for any safe request.

use reqwest::Method;
use serde::Deserialize;

use super::answer::Operation;
use super::client::{Api, Auth};
use crate::error::{Cause, Result};

/// What became of a post asked to be deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deleted {
    /// X deleted it now.
    Now,
    /// It was already gone (or never existed): X's `{"deleted":false}`, or a 404.
    AlreadyGone,
}

/// X's answer to `DELETE /2/tweets/:id`.
#[derive(Debug, Deserialize)]
struct DeleteAnswer {
    data: DeleteData,
}

#[derive(Debug, Deserialize)]
struct DeleteData {
    deleted: bool,
}

/// Deletes post `id` (digits only, checked by the caller). A post that is already gone counts
/// as deleted, whichever of X's two answers says so.
pub async fn delete(api: &Api, auth: Auth<'_>, id: &str) -> Result<Deleted> {
    let url = api.url(&format!("/2/tweets/{id}"));
    let answer = api
        .call::<DeleteAnswer>(Operation::Delete, auth, || {
            api.request(Method::DELETE, url.clone(), auth)
        })
        .await;
    match answer {
        Ok(DeleteAnswer {
            data: DeleteData { deleted: true },
        }) => Ok(Deleted::Now),
        Ok(_) => Ok(Deleted::AlreadyGone),
        Err(err) if matches!(err.cause(), Cause::Gone) => Ok(Deleted::AlreadyGone),
        Err(err) => Err(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x::answer::{AuthKind, read_answer};
    use reqwest::header::HeaderMap;

    fn read(status: u16, body: &str) -> Result<bool> {
        read_answer::<DeleteAnswer>(
            Operation::Delete,
            AuthKind::Bearer,
            status,
            &HeaderMap::new(),
            body.as_bytes(),
        )
        .map(|answer| answer.data.deleted)
    }

    #[test]
    fn reads_both_answers_for_a_post_that_is_gone() {
        assert!(read(200, r#"{"data":{"deleted":true}}"#).unwrap());
        assert!(!read(200, r#"{"data":{"deleted":false}}"#).unwrap());
        let gone = read(
            404,
            r#"{"title":"Not Found Error","type":"https://api.twitter.com/2/problems/resource-not-found","detail":"Could not find tweet with id: [1].","status":404}"#,
        )
        .unwrap_err();
        assert_eq!(gone.cause(), &Cause::Gone);
    }

    #[test]
    fn someone_elses_post_is_a_refusal_naming_why() {
        let err = read(
            403,
            r#"{"title":"Forbidden","type":"about:blank","detail":"You are not allowed to delete this Tweet.","status":403}"#,
        )
        .unwrap_err();
        assert_eq!(err.exit(), crate::error::Exit::Refused);
        assert_ne!(err.cause(), &Cause::Gone);
        assert!(err.hint_text().unwrap().contains("own posts"), "{err}");
    }
}
