//! Whether X would edit a post, as read before trying: the pure rules (ownership, what X
//! fixed when the post was posted, the edit window, the edits left) over a [`Post`] as
//! [`super::read`] reads it, and the refusal each one ends with, so that nothing is sent to
//! edit a post X would refuse.

use crate::error::{Cause, Error};
use crate::output;

/// A post, as an edit needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    /// Its id (the version read).
    pub id: String,
    /// Its edit history: the ids of its versions, oldest first; the last is the latest.
    pub history: Vec<String>,
    /// Its author's id, when X said it.
    pub author_id: Option<String>,
    /// Its author's username, when X expanded it.
    pub author_username: Option<String>,
    /// What X says of editing it, when X said it.
    pub controls: Option<EditControls>,
    /// The ids of its media (from their media keys), in order.
    pub media_ids: Vec<String>,
    /// Whether it has a poll.
    pub poll: bool,
    /// Whether it was posted in a community.
    pub community: bool,
    /// The author of the post it replies to, if it is a reply.
    pub in_reply_to_user_id: Option<String>,
}

impl Post {
    /// Its latest version's id.
    pub fn latest(&self) -> &str {
        self.history.last().map_or(self.id.as_str(), String::as_str)
    }

    /// Whether this is its latest version (the only one X lets be edited).
    pub fn is_latest(&self) -> bool {
        self.latest() == self.id
    }
}

/// A post's `edit_controls`, each part only when X gave it in a form xpost can read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EditControls {
    /// Whether the post could be edited when it was posted (X fixes it then: never for a
    /// poll, a community post, a reply to another account, a repost, a promoted post...).
    pub eligible: Option<bool>,
    /// Until when it may be edited (Unix seconds).
    pub editable_until: Option<u64>,
    /// How many edits are left.
    pub edits_remaining: Option<u64>,
}

/// Why X would not edit a post, as read before trying.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotEditable {
    /// Another account's post.
    NotYours {
        /// Its author's id.
        author: String,
        /// Its author's username, if X said it.
        username: Option<String>,
    },
    /// It has a poll.
    Poll,
    /// It was posted in a community.
    Community,
    /// It replies to another account's post (replies in one's own threads can be edited).
    ReplyToOther,
    /// X says it cannot be edited, for a reason xpost does not see (a repost, a promoted or
    /// nullcast post...).
    Ineligible,
    /// Its edit window closed then (Unix seconds).
    WindowClosed(u64),
    /// Its edits are used up.
    NoEditsLeft,
}

/// Why X would refuse to edit `post` at `now` (Unix seconds) for user `me` (when known);
/// `None` when nothing read says so (X still decides). Ownership first, then what X fixed
/// when the post was posted, then the window and the edits left.
pub fn why_not_editable(post: &Post, me: Option<&str>, now: u64) -> Option<NotEditable> {
    if let (Some(author), Some(me)) = (post.author_id.as_deref(), me)
        && author != me
    {
        return Some(NotEditable::NotYours {
            author: author.to_owned(),
            username: post.author_username.clone(),
        });
    }
    if post.poll {
        return Some(NotEditable::Poll);
    }
    if post.community {
        return Some(NotEditable::Community);
    }
    if let Some(to) = post.in_reply_to_user_id.as_deref() {
        let own = post.author_id.as_deref().or(me);
        if own.is_some_and(|own| own != to) {
            return Some(NotEditable::ReplyToOther);
        }
    }
    let controls = post.controls.unwrap_or_default();
    if controls.eligible == Some(false) {
        return Some(NotEditable::Ineligible);
    }
    if let Some(until) = controls.editable_until
        && now >= until
    {
        return Some(NotEditable::WindowClosed(until));
    }
    if controls.edits_remaining == Some(0) {
        return Some(NotEditable::NoEditsLeft);
    }
    None
}

impl NotEditable {
    /// The refusal (exit 1) for post `id`, at `now`: what X would refuse and why, and what to
    /// do instead.
    pub fn error(&self, id: &str, now: u64) -> Error {
        let instead = format!(
            "to change it, delete it (xpost delete {id}) and post it again as it should be"
        );
        let (why, hint) = match self {
            NotEditable::NotYours { author, username } => (
                format!(
                    "it is not yours: its author is {}, and X lets you edit only your own posts",
                    match username {
                        Some(name) => format!("@{name}"),
                        None => format!("user {author}"),
                    }
                ),
                "is it another of your accounts? give --account NAME to act as that one"
                    .to_owned(),
            ),
            NotEditable::Poll => (
                "it has a poll, and X does not let a post with a poll be edited".to_owned(),
                instead,
            ),
            NotEditable::Community => (
                "it was posted in a community, and X does not let community posts be edited"
                    .to_owned(),
                instead,
            ),
            NotEditable::ReplyToOther => (
                "it replies to another account's post, and X lets you edit only replies in your own threads"
                    .to_owned(),
                instead,
            ),
            NotEditable::Ineligible => (
                "X says it cannot be edited (is_edit_eligible is false: reposts, promoted posts and some other kinds never can be)"
                    .to_owned(),
                instead,
            ),
            NotEditable::WindowClosed(until) => (
                format!(
                    "its edit window closed at {} ({} ago)",
                    output::utc(*until),
                    output::duration(std::time::Duration::from_secs(
                        now.saturating_sub(*until).max(1)
                    ))
                ),
                format!(
                    "X lets a post be edited only for a while after it is posted; {instead}"
                ),
            ),
            NotEditable::NoEditsLeft => (
                "it has no edits left (X allows a post a few edits: 5, by its documents)".to_owned(),
                instead,
            ),
        };
        Error::new(Cause::Refused, format!("post {id} cannot be edited: {why}"))
            .hint(format!("nothing was sent to edit it; {hint}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;

    fn mine() -> Post {
        Post {
            id: "2".into(),
            history: vec!["2".into()],
            author_id: Some("7".into()),
            author_username: None,
            controls: Some(EditControls {
                eligible: Some(true),
                editable_until: Some(1_000),
                edits_remaining: Some(5),
            }),
            media_ids: Vec::new(),
            poll: false,
            community: false,
            in_reply_to_user_id: None,
        }
    }

    #[test]
    fn says_why_a_post_cannot_be_edited() {
        let me = Some("7");
        assert_eq!(why_not_editable(&mine(), me, 999), None);
        let cases: Vec<(Post, Option<&str>, NotEditable)> = vec![
            (
                Post {
                    author_id: Some("8".into()),
                    author_username: Some("you".into()),
                    ..mine()
                },
                me,
                NotEditable::NotYours {
                    author: "8".into(),
                    username: Some("you".into()),
                },
            ),
            (
                Post {
                    poll: true,
                    ..mine()
                },
                me,
                NotEditable::Poll,
            ),
            (
                Post {
                    community: true,
                    ..mine()
                },
                me,
                NotEditable::Community,
            ),
            (
                Post {
                    in_reply_to_user_id: Some("8".into()),
                    ..mine()
                },
                me,
                NotEditable::ReplyToOther,
            ),
            // The author unknown: the reply is judged against the user of this run.
            (
                Post {
                    author_id: None,
                    in_reply_to_user_id: Some("8".into()),
                    ..mine()
                },
                me,
                NotEditable::ReplyToOther,
            ),
            (
                Post {
                    controls: Some(EditControls {
                        eligible: Some(false),
                        ..mine().controls.unwrap()
                    }),
                    ..mine()
                },
                me,
                NotEditable::Ineligible,
            ),
            (mine(), me, NotEditable::WindowClosed(1_000)),
            (
                Post {
                    controls: Some(EditControls {
                        edits_remaining: Some(0),
                        editable_until: None,
                        ..mine().controls.unwrap()
                    }),
                    ..mine()
                },
                me,
                NotEditable::NoEditsLeft,
            ),
        ];
        for (post, me, why) in cases {
            assert_eq!(why_not_editable(&post, me, 1_000), Some(why));
        }
        // A reply in one's own thread, and what is not known, are left to X.
        let thread = Post {
            in_reply_to_user_id: Some("7".into()),
            ..mine()
        };
        assert_eq!(why_not_editable(&thread, me, 10), None);
        let unknown = Post {
            author_id: Some("8".into()),
            controls: None,
            ..mine()
        };
        assert_eq!(why_not_editable(&unknown, None, u64::MAX), None);
    }

    #[test]
    fn each_refusal_says_why_and_what_to_do() {
        let err = NotEditable::WindowClosed(1_700_000_000).error("42", 1_700_000_300);
        assert_eq!(err.exit(), Exit::Refused);
        assert_eq!(
            err.message(),
            "post 42 cannot be edited: its edit window closed at 2023-11-14 22:13:20 UTC (5m ago)"
        );
        assert!(
            err.hint_text().unwrap().contains("xpost delete 42"),
            "{err}"
        );
        let err = NotEditable::NotYours {
            author: "8".into(),
            username: None,
        }
        .error("42", 0);
        assert!(err.message().contains("user 8"), "{err}");
        assert!(err.hint_text().unwrap().contains("--account"), "{err}");
        for why in [
            NotEditable::Poll,
            NotEditable::Community,
            NotEditable::ReplyToOther,
            NotEditable::Ineligible,
            NotEditable::NoEditsLeft,
        ] {
            let err = why.error("42", 0);
            assert!(
                err.hint_text().unwrap().starts_with("nothing was sent"),
                "{err}"
            );
        }
    }
}
