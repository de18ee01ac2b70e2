//! Creating a post, or a new version of one (an edit): `POST /2/tweets`, with the OAuth 2.0
//! token or signed with OAuth 1.0a.

use std::sync::atomic::AtomicBool;

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::answer::{Operation, PostShape};
use super::client::{Api, Auth};
use crate::compose::settings::Settings;
use crate::error::{Error, Result};

/// The body of `POST /2/tweets`.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct NewPost {
    /// The text; X allows none when media are attached, but its backend refuses a post
    /// without the field (its spec: `default: ""`), so none is sent as `""`.
    #[serde(serialize_with = "text_or_empty")]
    pub text: Option<String>,
    /// The media to attach.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media: Option<MediaIds>,
    /// The post this one replies to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply: Option<Reply>,
    /// The post this one quotes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote_tweet_id: Option<String>,
    /// A poll, who may reply, a community, labels: only those given.
    #[serde(flatten)]
    pub settings: Settings,
    /// For an edit: the post this is a new version of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edit_options: Option<EditOptions>,
}

/// `text` as X's backend takes it: the text, or `""` for none.
fn text_or_empty<S: serde::Serializer>(
    text: &Option<String>,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    serializer.serialize_str(text.as_deref().unwrap_or(""))
}

/// The `edit_options` of an edit.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EditOptions {
    /// The id of the version replaced (the post's latest).
    pub previous_post_id: String,
}

/// The `reply` object of a new post.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Reply {
    /// The id of the post replied to.
    pub in_reply_to_tweet_id: String,
}

/// The `media` object of a new post.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MediaIds {
    /// Ids from the media upload.
    pub media_ids: Vec<String>,
    /// The users tagged in the post's images (X takes them per post, not per image).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tagged_user_ids: Vec<String>,
}

impl NewPost {
    /// A post with this text (if any) and these media (if any).
    pub fn new(text: Option<String>, media_ids: Vec<String>) -> Self {
        NewPost {
            text,
            media: (!media_ids.is_empty()).then_some(MediaIds {
                media_ids,
                tagged_user_ids: Vec::new(),
            }),
            ..NewPost::default()
        }
    }

    /// The same post tagging these users in its images (it has media: tags go with them).
    pub fn tagging(mut self, user_ids: Vec<String>) -> Self {
        if let Some(media) = &mut self.media {
            media.tagged_user_ids = user_ids;
        }
        self
    }

    /// The same post as a reply to `id`.
    pub fn replying_to(mut self, id: Option<String>) -> Self {
        self.reply = id.map(|in_reply_to_tweet_id| Reply {
            in_reply_to_tweet_id,
        });
        self
    }

    /// What the post asks of X beyond text and media.
    pub fn shape(&self) -> PostShape {
        PostShape {
            reply: self.reply.is_some(),
            quote: self.quote_tweet_id.is_some(),
            edit: self.edit_options.is_some(),
        }
    }

    /// The same post with these settings.
    pub fn with_settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// The same post as a new version of post `id` (an edit).
    pub fn editing(mut self, id: Option<String>) -> Self {
        self.edit_options = id.map(|previous_post_id| EditOptions { previous_post_id });
        self
    }

    /// The same post quoting `id`.
    pub fn quoting(mut self, id: Option<String>) -> Self {
        self.quote_tweet_id = id;
        self
    }
}

/// The post X created.
#[derive(Debug, Clone, Deserialize)]
pub struct Created {
    /// Its id, as X's spec has them (`^[0-9]{1,19}$`), checked by [`create`] before anything
    /// is made of it (a URL, the next post's reply).
    pub id: String,
    /// Its text as X stored it (links become t.co).
    #[serde(default)]
    pub text: String,
}

/// X's answer to `POST /2/tweets`.
#[derive(Debug, Deserialize)]
pub struct CreateAnswer {
    /// The post made.
    pub data: Created,
}

/// Creates the post. Repeated only when it never left: a post sent twice is a post made twice.
/// `on_its_way` is set while the post is sent and its answer has not come, so that a caller
/// that gives up meanwhile can say the post may exist.
pub async fn create(
    api: &Api,
    auth: Auth<'_>,
    post: &NewPost,
    on_its_way: &AtomicBool,
) -> Result<Created> {
    let envelope: CreateAnswer = api
        .call_watched(
            Operation::Post(post.shape()),
            auth,
            Some(on_its_way),
            || {
                api.request(Method::POST, api.url("/2/tweets"), auth)
                    .json(post)
            },
        )
        .await?;
    usable(envelope.data, post.shape())
}

/// The post X made, if its id is one as X's spec has them (`^[0-9]{1,19}$`): the id is printed
/// (alone, or in the post's URL) and the next post of a thread replies to it. One that is not
/// ends the run (70) with nothing more sent, and is not quoted (it comes from outside).
fn usable(created: Created, shape: PostShape) -> Result<Created> {
    if crate::ids::is_x_id(&created.id) {
        return Ok(created);
    }
    let made = if shape.edit {
        "the new version was made"
    } else {
        "the post was made"
    };
    Err(Error::internal(format!(
        "{made} but X's answer gave no usable id; nothing more was sent"
    ))
    .hint("look at your profile for it before posting again"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_shapes() {
        let text_only = NewPost::new(Some("hello".into()), vec![]);
        assert_eq!(
            serde_json::to_string(&text_only).unwrap(),
            r#"{"text":"hello"}"#
        );
        let with_media = NewPost::new(Some("hi".into()), vec!["1".into(), "2".into()]);
        assert_eq!(
            serde_json::to_string(&with_media).unwrap(),
            r#"{"text":"hi","media":{"media_ids":["1","2"]}}"#
        );
        let reply = NewPost::new(Some("r".into()), vec![])
            .replying_to(Some("7".into()))
            .quoting(Some("8".into()));
        assert_eq!(
            serde_json::to_string(&reply).unwrap(),
            r#"{"text":"r","reply":{"in_reply_to_tweet_id":"7"},"quote_tweet_id":"8"}"#
        );
        let poll = NewPost::new(Some("q".into()), vec![]).with_settings(Settings {
            poll: Some(crate::compose::settings::Poll {
                options: vec!["a".into(), "b".into()],
                duration_minutes: 5,
            }),
            made_with_ai: true,
            ..Settings::default()
        });
        assert_eq!(
            serde_json::to_string(&poll).unwrap(),
            r#"{"text":"q","poll":{"options":["a","b"],"duration_minutes":5},"made_with_ai":true}"#
        );
        let edit = NewPost::new(Some("fixed".into()), vec!["9".into()]).editing(Some("7".into()));
        assert_eq!(
            serde_json::to_string(&edit).unwrap(),
            r#"{"text":"fixed","media":{"media_ids":["9"]},"edit_options":{"previous_post_id":"7"}}"#
        );
        assert!(edit.shape().edit && !edit.shape().reply);
        let tagged = NewPost::new(None, vec!["9".into()]).tagging(vec!["5".into(), "6".into()]);
        assert_eq!(
            serde_json::to_string(&tagged).unwrap(),
            r#"{"text":"","media":{"media_ids":["9"],"tagged_user_ids":["5","6"]}}"#
        );
        assert_eq!(
            NewPost::new(Some("t".into()), vec![]).tagging(vec!["5".into()]),
            NewPost::new(Some("t".into()), vec![])
        );
        // X's backend refuses a post without `text`, media or not: "" is sent.
        let media_only = NewPost::new(None, vec!["9".into()]);
        assert_eq!(
            serde_json::to_string(&media_only).unwrap(),
            r#"{"text":"","media":{"media_ids":["9"]}}"#
        );
    }

    #[test]
    fn reads_created_with_either_history_field() {
        for body in [
            r#"{"data":{"id":"1862","text":"hello","edit_history_tweet_ids":["1862"]}}"#,
            r#"{"data":{"edit_history_post_ids":["1862"],"id":"1862","text":"hello"}}"#,
        ] {
            let envelope: CreateAnswer = serde_json::from_str(body).unwrap();
            assert_eq!(envelope.data.id, "1862");
            assert_eq!(envelope.data.text, "hello");
        }
    }

    #[test]
    fn a_post_id_that_is_no_id_ends_the_run_saying_the_post_was_made() {
        let plain = PostShape::default();
        for id in [
            "",
            "18\u{1b}[2J62",
            "1862\u{202e}",
            "\u{0661}\u{0662}",
            "-1",
            "1e5",
            " 1862",
            "1862/../../2/users/me",
            "18446744073709551615",
            "123456789012345678901",
        ] {
            let body = serde_json::json!({"data": {"id": id, "text": "hello"}}).to_string();
            let read: CreateAnswer = serde_json::from_str(&body).unwrap();
            let err = usable(read.data, plain).expect_err(id);
            assert_eq!(err.exit(), crate::error::Exit::Internal, "{id}");
            assert_eq!(
                err.message(),
                "the post was made but X's answer gave no usable id; nothing more was sent"
            );
        }
        let edit = PostShape {
            edit: true,
            ..PostShape::default()
        };
        let lie = Created {
            id: "x".into(),
            text: String::new(),
        };
        assert!(
            usable(lie, edit)
                .unwrap_err()
                .message()
                .starts_with("the new version was made")
        );
        let ok = Created {
            id: "9223372036854775807".into(),
            text: String::new(),
        };
        assert_eq!(usable(ok, plain).unwrap().id, "9223372036854775807");
        // Not a string at all: an answer xpost cannot read (the post may exist).
        let numeric = r#"{"data":{"id":1862,"text":"hello"}}"#;
        assert!(serde_json::from_str::<CreateAnswer>(numeric).is_err());
    }
}
