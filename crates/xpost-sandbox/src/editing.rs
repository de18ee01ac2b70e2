//! Edits, as X makes them: `POST /2/tweets` with `edit_options.previous_post_id` makes a new
//! version of a post, with a new id, in the post's edit chain. Only the author's own latest
//! version can be edited, while the post's edit window is open (X documents 30 minutes) and
//! edits are left (X documents 5); never a post X made ineligible when it was posted: one with
//! a poll, one in a community, a reply to another account's post, a nullcast or a super
//! followers' post. A post's `edit_controls` say the same. Pure and clock-injected.

use std::time::{Duration, SystemTime};

use super::content::Post;
use super::problems::Problem;

/// How X lets a post be edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EditRules {
    /// How long after a post is posted its edits may be made (X documents 30 minutes).
    pub window: Duration,
    /// How many edits a post may have (X documents 5).
    pub edits: u32,
}

impl Default for EditRules {
    fn default() -> Self {
        EditRules {
            window: Duration::from_secs(30 * 60),
            edits: 5,
        }
    }
}

/// A post's `edit_controls`, as X reports them for every version of the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Controls {
    /// Whether the post could be edited when it was posted (fixed then).
    pub(crate) eligible: bool,
    /// Until when it may be edited.
    pub(crate) editable_until: SystemTime,
    /// How many edits are left.
    pub(crate) edits_remaining: u32,
}

/// Why an edit is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EditError {
    /// No such post (never made, or deleted).
    Missing(String),
    /// Another user's post.
    NotYours,
    /// An older version of an edited post: only the latest can be edited.
    NotLatest {
        /// The id given.
        given: String,
        /// The latest version's id.
        latest: String,
    },
    /// X made the post ineligible when it was posted, for this reason.
    Ineligible(&'static str),
    /// The edit window has closed.
    WindowClosed,
    /// The post's edits are used up.
    NoEditsLeft,
}

/// The versions of the chain `post` belongs to, oldest first.
pub(crate) fn chain<'a>(posts: &'a [Post], post: &Post) -> Vec<&'a Post> {
    let root = post.edit_of.as_deref().unwrap_or(&post.id);
    posts
        .iter()
        .filter(|p| p.id == root || p.edit_of.as_deref() == Some(root))
        .collect()
}

/// Why X made `post` ineligible for edits when it was posted, if it did.
pub(crate) fn ineligible(post: &Post) -> Option<&'static str> {
    let body = &post.body;
    if !body["poll"].is_null() {
        Some("it has a poll")
    } else if !body["community_id"].is_null() {
        Some("it was posted in a community")
    } else if body["nullcast"] == true {
        Some("it is nullcast")
    } else if body["for_super_followers_only"] == true {
        Some("it is for super followers only")
    } else if post
        .in_reply_to_user
        .as_deref()
        .is_some_and(|to| to != post.author_id)
    {
        Some("it replies to another account's post")
    } else {
        None
    }
}

/// The `edit_controls` of `post`'s chain (every version reports the first's window and the
/// edits left to the chain).
pub(crate) fn controls(posts: &[Post], post: &Post, rules: EditRules) -> Controls {
    let versions = chain(posts, post);
    let first = versions.first().copied().unwrap_or(post);
    let edits = u32::try_from(versions.len().saturating_sub(1)).unwrap_or(u32::MAX);
    Controls {
        eligible: ineligible(first).is_none(),
        editable_until: first.created_at + rules.window,
        edits_remaining: rules.edits.saturating_sub(edits),
    }
}

/// Whether `author_id` may edit the post `previous_id` at `now`, in the order X checks: the
/// post, its author, its version, then its eligibility, window and edits. Returns the post
/// edited and the first version of its chain.
pub(crate) fn check<'a>(
    posts: &'a [Post],
    author_id: &str,
    previous_id: &str,
    rules: EditRules,
    now: SystemTime,
) -> Result<(&'a Post, &'a Post), EditError> {
    let previous = posts
        .iter()
        .find(|p| p.id == previous_id)
        .ok_or_else(|| EditError::Missing(previous_id.to_string()))?;
    if previous.author_id != author_id {
        return Err(EditError::NotYours);
    }
    let versions = chain(posts, previous);
    let first = versions.first().copied().unwrap_or(previous);
    let latest = versions.last().copied().unwrap_or(previous);
    if latest.id != previous.id {
        return Err(EditError::NotLatest {
            given: previous.id.clone(),
            latest: latest.id.clone(),
        });
    }
    if let Some(why) = ineligible(first) {
        return Err(EditError::Ineligible(why));
    }
    let controls = controls(posts, previous, rules);
    if now >= controls.editable_until {
        return Err(EditError::WindowClosed);
    }
    if controls.edits_remaining == 0 {
        return Err(EditError::NoEditsLeft);
    }
    Ok((previous, first))
}

/// X's answer to each refusal: 400 naming `edit_options.previous_post_id` for a post that
/// cannot be found or is not the latest version, 403 for one that may not be edited.
pub(crate) fn refusal(error: EditError) -> Problem {
    const PARAMETER: &str = "edit_options.previous_post_id";
    match error {
        EditError::Missing(id) => Problem::invalid_parameter(
            PARAMETER,
            &id,
            "The Post you are editing does not exist or is not visible to you.",
        ),
        EditError::NotLatest { given, latest } => Problem::invalid_parameter(
            PARAMETER,
            &given,
            format!(
                "Only the latest version of an edited Post can be edited; its latest version is {latest}."
            ),
        ),
        EditError::NotYours => {
            Problem::forbidden("You are not allowed to edit another user's Post.")
        }
        EditError::Ineligible(why) => {
            Problem::forbidden(format!("This Post is not eligible for editing: {why}."))
        }
        EditError::WindowClosed => {
            Problem::forbidden("This Post can no longer be edited: its edit window has closed.")
        }
        EditError::NoEditsLeft => {
            Problem::forbidden("This Post can no longer be edited: it has no edits left.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AuthMethod;
    use axum::http::StatusCode;
    use serde_json::{Value, json};
    use std::time::UNIX_EPOCH;

    fn t(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_700_000_000 + secs)
    }

    fn post(id: &str, author: &str, body: Value, at: u64) -> Post {
        Post {
            id: id.into(),
            author_id: author.into(),
            text: id.into(),
            media_ids: Vec::new(),
            reply_to: None,
            quote_of: None,
            in_reply_to_user: None,
            created_at: t(at),
            edit_of: None,
            tagged_user_ids: Vec::new(),
            auth: AuthMethod::OAuth2,
            body,
        }
    }

    fn version(id: &str, of: &str, at: u64) -> Post {
        Post {
            edit_of: Some(of.into()),
            ..post(id, "me", json!({"text": id}), at)
        }
    }

    const RULES: EditRules = EditRules {
        window: Duration::from_secs(1800),
        edits: 2,
    };

    #[test]
    fn the_latest_own_version_is_edited_within_the_window_while_edits_are_left() {
        let posts = vec![post("1", "me", json!({"text": "a"}), 0)];
        let (previous, first) = check(&posts, "me", "1", RULES, t(1799)).unwrap();
        assert_eq!((previous.id.as_str(), first.id.as_str()), ("1", "1"));
        assert_eq!(
            check(&posts, "me", "1", RULES, t(1800)),
            Err(EditError::WindowClosed)
        );
        assert_eq!(
            check(&posts, "you", "1", RULES, t(1)),
            Err(EditError::NotYours)
        );
        assert_eq!(
            check(&posts, "me", "2", RULES, t(1)),
            Err(EditError::Missing("2".into()))
        );

        let mut posts = posts;
        posts.push(version("2", "1", 60));
        assert_eq!(
            check(&posts, "me", "1", RULES, t(61)),
            Err(EditError::NotLatest {
                given: "1".into(),
                latest: "2".into()
            })
        );
        let (_, first) = check(&posts, "me", "2", RULES, t(61)).unwrap();
        assert_eq!(first.id, "1", "the window is the first version's");
        posts.push(version("3", "1", 120));
        assert_eq!(
            check(&posts, "me", "3", RULES, t(121)),
            Err(EditError::NoEditsLeft)
        );
        // Every version reports the chain's controls.
        for p in &posts {
            let c = controls(&posts, p, RULES);
            assert_eq!(c.editable_until, t(1800));
            assert_eq!(c.edits_remaining, 0);
            assert!(c.eligible);
        }
        assert_eq!(
            chain(&posts, &posts[1])
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>(),
            ["1", "2", "3"]
        );
    }

    #[test]
    fn polls_communities_and_replies_to_others_are_never_editable() {
        let poll = post(
            "1",
            "me",
            json!({"text":"q","poll":{"options":["a","b"],"duration_minutes":5}}),
            0,
        );
        let community = post("2", "me", json!({"text":"c","community_id":"9"}), 0);
        let reply = Post {
            in_reply_to_user: Some("you".into()),
            ..post("3", "me", json!({"text":"r"}), 0)
        };
        let thread = Post {
            in_reply_to_user: Some("me".into()),
            ..post("4", "me", json!({"text":"t"}), 0)
        };
        let posts = vec![poll, community, reply, thread];
        for (id, why) in [
            ("1", "it has a poll"),
            ("2", "it was posted in a community"),
            ("3", "it replies to another account's post"),
        ] {
            assert_eq!(
                check(&posts, "me", id, RULES, t(1)),
                Err(EditError::Ineligible(why))
            );
            let post = posts.iter().find(|p| p.id == id).unwrap();
            assert!(!controls(&posts, post, RULES).eligible);
        }
        assert!(check(&posts, "me", "4", RULES, t(1)).is_ok(), "own thread");
    }

    #[test]
    fn refusals_are_xs_problems() {
        let missing = refusal(EditError::Missing("7".into()));
        assert_eq!(missing.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            missing.body()["errors"][0]["parameters"]["edit_options.previous_post_id"][0],
            "7"
        );
        for error in [
            EditError::NotYours,
            EditError::Ineligible("it has a poll"),
            EditError::WindowClosed,
            EditError::NoEditsLeft,
        ] {
            let problem = refusal(error);
            assert_eq!(problem.status, StatusCode::FORBIDDEN);
            assert_eq!(problem.body()["title"], "Forbidden");
        }
    }
}
