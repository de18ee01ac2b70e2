//! Reading a post before editing it: `GET /2/tweets/:id` with what an edit depends on (its
//! `edit_controls` and edit history, its author, its media and poll, its community, whom it
//! replies to), read into a [`Post`]; what that says about editing it is
//! [`super::editable`]'s.
//!
//! X's names for these changed in its OpenAPI description v2.167 (`tweet.fields` became
//! `post.fields`, without `author_id` and `in_reply_to_user_id`, which are expansions only;
//! `edit_history_tweet_ids` became `edit_history_post_ids`), while its docs and every client
//! keep the old ones. The lookup asks with the old names, and only when X refuses
//! `tweet.fields` (a 400 naming it) asks once more with the new ones; it reads either history.
//! A post that does not exist is X's `200` with only `errors` (`resource-not-found`), or a 404:
//! both are [`Lookup::Gone`].

use chrono::{DateTime, NaiveDateTime};
use reqwest::Method;
use serde::Deserialize;
use url::Url;

use super::answer::Operation;
use super::client::{Api, Auth};
use super::editable::{EditControls, Post};
use crate::error::{Cause, Error, Result};
use crate::ids::{is_id, is_username};
use crate::output;
use crate::problem::{Kind, error_text, kind};

/// Which names a lookup asks with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names {
    /// X's long-standing names, those of its docs and clients (`tweet.fields`).
    Tweet,
    /// OpenAPI v2.167's (`post.fields`, the user ids as expansions).
    Post,
}

impl Names {
    /// The query of a lookup with these names.
    pub fn query(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Names::Tweet => &[(
                "tweet.fields",
                "attachments,author_id,community_id,edit_controls,in_reply_to_user_id",
            )],
            Names::Post => &[
                ("post.fields", "attachments,community_id,edit_controls"),
                ("expansions", "author_id,in_reply_to_user_id"),
            ],
        }
    }
}

/// The URL of a lookup of post `id` (digits only, checked by the caller) with `names`.
pub fn url(api: &Api, id: &str, names: Names) -> Url {
    let mut url = api.url(&format!("/2/tweets/{id}"));
    url.query_pairs_mut().extend_pairs(names.query());
    url
}

/// What a lookup found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The post.
    Found(Post),
    /// No such post: never made, or deleted.
    Gone,
}

/// Reads post `id`, with X's long-standing names and, if X refuses them, with v2.167's.
pub async fn lookup(api: &Api, auth: Auth<'_>, id: &str) -> Result<Lookup> {
    match lookup_with(api, auth, id, Names::Tweet).await {
        Err(err) if err.cause().refuses_parameter("tweet.fields") => {
            output::trace(
                1,
                "X refused tweet.fields; asking again with OpenAPI v2.167's post.fields",
            );
            lookup_with(api, auth, id, Names::Post).await
        }
        other => other,
    }
}

/// Reads post `id`, asking with `names`.
pub async fn lookup_with(api: &Api, auth: Auth<'_>, id: &str, names: Names) -> Result<Lookup> {
    let url = url(api, id, names);
    let answer = api
        .call::<Answer>(Operation::Lookup, auth, || {
            api.request(Method::GET, url.clone(), auth)
        })
        .await;
    match answer {
        Ok(answer) => answer.read(id),
        Err(err) if matches!(err.cause(), Cause::Gone) => Ok(Lookup::Gone),
        Err(err) => Err(err),
    }
}

/// X's answer to `GET /2/tweets/:id`: the post, or only `errors` for one it cannot show.
#[derive(Debug, Deserialize)]
pub struct Answer {
    data: Option<RawPost>,
    #[serde(default)]
    errors: Option<Vec<serde_json::Value>>,
    #[serde(default)]
    includes: Option<Includes>,
}

#[derive(Debug, Deserialize)]
struct RawPost {
    id: String,
    author_id: Option<String>,
    edit_history_tweet_ids: Option<Vec<String>>,
    edit_history_post_ids: Option<Vec<String>>,
    edit_controls: Option<RawControls>,
    attachments: Option<RawAttachments>,
    community_id: Option<serde_json::Value>,
    in_reply_to_user_id: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawControls {
    is_edit_eligible: Option<bool>,
    editable_until: Option<serde_json::Value>,
    edits_remaining: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct RawAttachments {
    media_keys: Option<Vec<String>>,
    poll_ids: Option<Vec<serde_json::Value>>,
}

#[derive(Debug, Deserialize)]
struct Includes {
    #[serde(default)]
    users: Option<Vec<RawUser>>,
}

#[derive(Debug, Deserialize)]
struct RawUser {
    id: String,
    username: String,
}

impl Answer {
    /// What the answer to the lookup of post `asked` says: the post (every id in it checked,
    /// and it must be `asked` or a version of it: an edit of another post would follow),
    /// gone, or X's refusal to show it.
    pub fn read(self, asked: &str) -> Result<Lookup> {
        let Some(raw) = self.data else {
            return no_post(self.errors.unwrap_or_default());
        };
        let unreadable = |what: &str| {
            Error::internal(format!(
                "X answered the post lookup with {what} xpost cannot read"
            ))
        };
        let id = raw.id;
        if !is_id(&id) {
            return Err(unreadable("a post id"));
        }
        let history = raw
            .edit_history_tweet_ids
            .or(raw.edit_history_post_ids)
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| vec![id.clone()]);
        if !history.iter().all(|h| is_id(h)) || !history.contains(&id) {
            return Err(unreadable("an edit history"));
        }
        if !history.iter().any(|h| h == asked) {
            return Err(Error::internal(format!(
                "X answered the lookup of post {asked} with another post ({id}); nothing was sent to edit it"
            )));
        }
        let user = |id: Option<String>| match id {
            Some(id) if !is_id(&id) => Err(unreadable("a user id")),
            other => Ok(other),
        };
        let author_id = user(raw.author_id)?;
        let in_reply_to_user_id = user(raw.in_reply_to_user_id)?;
        let author_username = author_id.as_deref().and_then(|author| {
            self.includes
                .and_then(|i| i.users)
                .unwrap_or_default()
                .into_iter()
                .find(|u| u.id == author && is_username(&u.username))
                .map(|u| u.username)
        });
        let (media_keys, polls) = match raw.attachments {
            Some(a) => (
                a.media_keys.unwrap_or_default(),
                a.poll_ids.unwrap_or_default(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        let media_ids = media_keys
            .iter()
            .map(|key| media_id(key).ok_or_else(|| unreadable("a media key")))
            .collect::<Result<Vec<_>>>()?;
        let community = raw
            .community_id
            .is_some_and(|c| !c.is_null() && c != serde_json::json!(""));
        Ok(Lookup::Found(Post {
            id,
            history,
            author_id,
            author_username,
            controls: raw.edit_controls.map(RawControls::read),
            media_ids,
            poll: !polls.is_empty(),
            community,
            in_reply_to_user_id,
        }))
    }
}

/// What an answer without the post says, by its `errors`: the post is gone, or X does not
/// show it.
fn no_post(errors: Vec<serde_json::Value>) -> Result<Lookup> {
    if errors.is_empty() {
        return Err(Error::internal(
            "X answered the post lookup with neither the post nor an error",
        ));
    }
    let gone = errors
        .iter()
        .any(|e| kind(&serde_json::to_vec(e).unwrap_or_default()) == Kind::ResourceNotFound);
    if gone {
        return Ok(Lookup::Gone);
    }
    let body = serde_json::to_vec(&serde_json::json!({ "errors": errors })).unwrap_or_default();
    let said = error_text(&body).unwrap_or_else(|| "no reason given".to_owned());
    Err(
        Error::new(Cause::Refused, format!("X did not show the post: {said}")).hint(
            "X does not show this post to this account: is it a protected or suspended account's?",
        ),
    )
}

impl RawControls {
    fn read(self) -> EditControls {
        let until = self.editable_until.as_ref().and_then(|v| v.as_str());
        let editable_until = until.and_then(|text| {
            let read = timestamp(text);
            if read.is_none() {
                output::trace(
                    1,
                    format!(
                        "X's editable_until {:?} is no time xpost can read; X will decide",
                        crate::sanitize::outside(text)
                    ),
                );
            }
            read
        });
        EditControls {
            eligible: self.is_edit_eligible,
            editable_until,
            edits_remaining: self.edits_remaining.as_ref().and_then(count),
        }
    }
}

/// A media id from X's media key (`3_1862...`: its kind, an underscore, the id).
fn media_id(key: &str) -> Option<String> {
    let (kind, id) = key.split_once('_')?;
    (!kind.is_empty() && kind.bytes().all(|b| b.is_ascii_digit()) && is_id(id))
        .then(|| id.to_owned())
}

/// A count X gives as a number (its spec) or as digits (its v1.1 objects); a negative one is 0.
fn count(value: &serde_json::Value) -> Option<u64> {
    match value {
        serde_json::Value::Number(n) => n.as_u64().or_else(|| n.as_i64().map(|_| 0)),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Unix seconds of one of X's timestamps: ISO 8601 with a zone (`2026-11-29T20:30:00.000Z`),
/// or, as X's docs show it, without one and with a space (`2022-04-21 09:35:20.311`: UTC).
pub fn timestamp(text: &str) -> Option<u64> {
    let text = text.trim();
    let seconds = match DateTime::parse_from_rfc3339(text) {
        Ok(at) => at.timestamp(),
        Err(_) => ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
            .iter()
            .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())?
            .and_utc()
            .timestamp(),
    };
    u64::try_from(seconds).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;
    use crate::x::answer::{AuthKind, read_answer};
    use reqwest::header::HeaderMap;

    /// Reads `body` as the answer to the lookup of the post it holds (or of post 1).
    fn read(status: u16, body: &str) -> Result<Lookup> {
        let value: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
        let asked = value["data"]["id"].as_str().unwrap_or("1").to_owned();
        read_as(status, body, &asked)
    }

    fn read_as(status: u16, body: &str, asked: &str) -> Result<Lookup> {
        read_answer::<Answer>(
            Operation::Lookup,
            AuthKind::Bearer,
            status,
            &HeaderMap::new(),
            body.as_bytes(),
        )
        .and_then(|answer| answer.read(asked))
    }

    #[test]
    fn an_answer_about_another_post_is_not_taken_for_the_one_asked() {
        let other =
            r#"{"data":{"id":"777","text":"t","author_id":"7","edit_history_tweet_ids":["777"]}}"#;
        let err = read_as(200, other, "123").unwrap_err();
        assert_eq!(err.exit(), Exit::Internal);
        assert!(err.message().contains("another post (777)"), "{err}");
        // A history that does not hold the post itself is no history of it.
        let stray = r#"{"data":{"id":"123","text":"t","edit_history_tweet_ids":["5","6"]}}"#;
        assert_eq!(
            read_as(200, stray, "123").unwrap_err().exit(),
            Exit::Internal
        );
        // An older version asked, X answers it with its history: that is the one asked.
        let older = r#"{"data":{"id":"123","text":"t","edit_history_tweet_ids":["123","124"]}}"#;
        assert!(matches!(read_as(200, older, "123"), Ok(Lookup::Found(_))));
        let latest = r#"{"data":{"id":"124","text":"t","edit_history_tweet_ids":["123","124"]}}"#;
        assert!(matches!(read_as(200, latest, "123"), Ok(Lookup::Found(_))));
    }

    fn found(body: &str) -> Post {
        match read(200, body).unwrap() {
            Lookup::Found(post) => post,
            Lookup::Gone => panic!("gone: {body}"),
        }
    }

    #[test]
    fn asks_with_either_naming() {
        let api = Api::new(
            reqwest::Client::new(),
            Url::parse("https://api.x.com").unwrap(),
            crate::http::Policy::default(),
        );
        assert_eq!(
            url(&api, "1862", Names::Tweet).as_str(),
            "https://api.x.com/2/tweets/1862?tweet.fields=attachments%2Cauthor_id%2Ccommunity_id%2Cedit_controls%2Cin_reply_to_user_id"
        );
        assert_eq!(
            url(&api, "1862", Names::Post).as_str(),
            "https://api.x.com/2/tweets/1862?post.fields=attachments%2Ccommunity_id%2Cedit_controls&expansions=author_id%2Cin_reply_to_user_id"
        );
    }

    #[test]
    fn reads_a_post_under_either_naming() {
        let legacy = found(
            r#"{"data":{"id":"2","text":"we have an edit button","author_id":"7","edit_history_tweet_ids":["1","2"],
            "edit_controls":{"is_edit_eligible":true,"editable_until":"2022-04-21T09:35:20.000Z","edits_remaining":4},
            "attachments":{"media_keys":["3_11","7_12"]}}}"#,
        );
        assert_eq!(
            legacy,
            Post {
                id: "2".into(),
                history: vec!["1".into(), "2".into()],
                author_id: Some("7".into()),
                author_username: None,
                controls: Some(EditControls {
                    eligible: Some(true),
                    editable_until: Some(1_650_533_720),
                    edits_remaining: Some(4),
                }),
                media_ids: vec!["11".into(), "12".into()],
                poll: false,
                community: false,
                in_reply_to_user_id: None,
            }
        );
        assert!(legacy.is_latest());
        let spec = found(
            r#"{"data":{"id":"1","text":"t","author_id":"7","in_reply_to_user_id":"8","edit_history_post_ids":["1","2"],
            "attachments":{"poll_ids":["99"]},"community_id":"5"},
            "includes":{"users":[{"id":"7","name":"Me","username":"me_here"},{"id":"8","name":"You","username":"you"}]}}"#,
        );
        assert_eq!(spec.history, ["1", "2"]);
        assert!(!spec.is_latest());
        assert_eq!(spec.latest(), "2");
        assert_eq!(spec.author_username.as_deref(), Some("me_here"));
        assert_eq!(spec.in_reply_to_user_id.as_deref(), Some("8"));
        assert!(spec.poll && spec.community);
        assert_eq!(spec.controls, None);
        // No history at all: the post is its own.
        let bare = found(r#"{"data":{"id":"5","text":"x"}}"#);
        assert_eq!(bare.history, ["5"]);
    }

    #[test]
    fn a_post_that_is_gone_reads_as_gone_both_ways() {
        let errors = r#"{"errors":[{"value":"1","detail":"Could not find tweet with id: [1].","title":"Not Found Error","resource_type":"tweet","parameter":"id","resource_id":"1","type":"https://api.twitter.com/2/problems/resource-not-found"}]}"#;
        assert_eq!(read(200, errors).unwrap(), Lookup::Gone);
        let not_found = r#"{"title":"Not Found Error","type":"https://api.x.com/2/problems/resource-not-found","detail":"Could not find tweet with id: [1].","status":404}"#;
        let err = read(404, not_found).unwrap_err();
        assert_eq!(err.cause(), &Cause::Gone, "{err}");
        // Another error alone is X's refusal to show it, in its words.
        let hidden = read(
            200,
            r#"{"errors":[{"detail":"Sorry, you are not authorized to see the Tweet with id: [1].","type":"https://api.twitter.com/2/problems/not-authorized-for-resource"}]}"#,
        )
        .unwrap_err();
        assert_eq!(hidden.exit(), Exit::Refused);
        assert!(
            hidden.message().contains("not authorized to see"),
            "{hidden}"
        );
        assert_eq!(read(200, "{}").unwrap_err().exit(), Exit::Internal);
    }

    #[test]
    fn a_refused_tweet_fields_is_noted_for_the_second_asking() {
        let err = read(
            400,
            r#"{"errors":[{"parameters":{"tweet.fields":["attachments,author_id"]},"message":"The query parameter [tweet.fields] is not one of [id,expansions,post.fields]"}],"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.twitter.com/2/problems/invalid-request"}"#,
        )
        .unwrap_err();
        assert!(err.cause().refuses_parameter("tweet.fields"));
        assert!(!err.cause().refuses_parameter("post.fields"));
        // A 400 about something else is not.
        let other = read(
            400,
            r#"{"errors":[{"parameters":{"id":["x"]},"message":"bad id"}]}"#,
        )
        .unwrap_err();
        assert!(!other.cause().refuses_parameter("tweet.fields"));
    }

    #[test]
    fn ids_xpost_cannot_read_are_refused_not_shown() {
        for body in [
            r#"{"data":{"id":"1\u001b[2J","text":"t"}}"#,
            r#"{"data":{"id":"1","text":"t","edit_history_tweet_ids":["1","x"]}}"#,
            r#"{"data":{"id":"1","text":"t","author_id":"-7"}}"#,
            r#"{"data":{"id":"1","text":"t","in_reply_to_user_id":"me"}}"#,
            r#"{"data":{"id":"1","text":"t","attachments":{"media_keys":["3_"]}}}"#,
            r#"{"data":{"id":"1","text":"t","attachments":{"media_keys":["12"]}}}"#,
        ] {
            let err = read(200, body).unwrap_err();
            assert_eq!(err.exit(), Exit::Internal, "{body}");
            assert!(!err.message().contains('\u{1b}'), "{err}");
        }
    }

    #[test]
    fn timestamps_in_either_of_xs_forms() {
        assert_eq!(timestamp("2022-04-21T09:35:20.000Z"), Some(1_650_533_720));
        assert_eq!(timestamp("2022-04-21T09:35:20Z"), Some(1_650_533_720));
        assert_eq!(timestamp("2022-04-21T11:35:20+02:00"), Some(1_650_533_720));
        assert_eq!(timestamp("2022-04-21 09:35:20.311"), Some(1_650_533_720));
        assert_eq!(timestamp("2022-04-21T09:35:20"), Some(1_650_533_720));
        for junk in [
            "",
            "soon",
            "1650533720",
            "2022-13-40T00:00:00Z",
            "1900-01-01T00:00:00Z",
        ] {
            assert_eq!(timestamp(junk), None, "{junk}");
        }
        let controls = RawControls {
            is_edit_eligible: None,
            editable_until: Some(serde_json::json!(1650533720)),
            edits_remaining: Some(serde_json::json!("5")),
        }
        .read();
        assert_eq!(controls.editable_until, None);
        assert_eq!(controls.edits_remaining, Some(5));
        assert_eq!(count(&serde_json::json!(-1)), Some(0));
        assert_eq!(count(&serde_json::json!("x")), None);
    }
}
