//! What an app's plan allows when posting (2026). The default plan allows everything the
//! sandbox knows. A self-serve (pay-per-use) plan may quote no post (quotes are for
//! Enterprise plans since 2026-04-20), and may reply only to a post of its own user, to one
//! that mentions the user, or to one that quotes a post of the user (since 2026-02-23), so
//! threads still work; and it may put at most one cashtag in a post ("Requests that include
//! more than 1 cashtag will be rejected"). Pure.

use super::content::{NewPost, Post};
use super::problems::Problem;

/// The plan of the app's project.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Plan {
    /// Everything the sandbox imitates is allowed (as on an Enterprise plan).
    #[default]
    Permissive,
    /// A self-serve pay-per-use plan: no quotes, replies only in narrow cases.
    SelfServe,
}

impl Plan {
    /// Reads `permissive` or `self-serve`.
    pub fn parse(text: &str) -> Result<Plan, String> {
        match text.trim() {
            "permissive" | "enterprise" => Ok(Plan::Permissive),
            "self-serve" | "pay-per-use" => Ok(Plan::SelfServe),
            other => Err(format!(
                "unknown plan {other:?}; write permissive or self-serve"
            )),
        }
    }
}

/// Who is posting: the user's id and username.
pub(crate) struct Poster<'a> {
    pub(crate) id: &'a str,
    pub(crate) username: &'a str,
}

/// Refuses a reply or a quote that `plan` does not allow. Posts that do not exist are left
/// for the post's own checks.
pub(crate) fn check(
    plan: Plan,
    poster: &Poster<'_>,
    new: &NewPost,
    posts: &[Post],
) -> Result<(), Problem> {
    if plan == Plan::Permissive {
        return Ok(());
    }
    let cashtags = new.text.as_deref().map_or(0, xpost_text::cashtags);
    if cashtags > 1 {
        return Err(Problem::invalid_request(format!(
            "Your app's plan allows at most 1 cashtag per post; this one has {cashtags}."
        )));
    }
    let find = |id: &str| posts.iter().find(|p| p.id == id);
    if let Some(quoted) = new.quote_of.as_deref()
        && find(quoted).is_some()
    {
        return Err(Problem::not_authorized_for_resource(
            "Quoting a post is not available to your app's plan.",
        ));
    }
    if let Some(target) = new.reply_to.as_deref().and_then(find)
        && !may_reply_to(poster, target, posts)
    {
        return Err(Problem::not_authorized_for_resource(
            "You can only reply to or quote posts where you are mentioned or are the author.",
        ));
    }
    Ok(())
}

fn may_reply_to(poster: &Poster<'_>, target: &Post, posts: &[Post]) -> bool {
    let own = |id: &str| posts.iter().any(|p| p.id == id && p.author_id == poster.id);
    target.author_id == poster.id
        || mentions(&target.text, poster.username)
        || target.quote_of.as_deref().is_some_and(own)
}

/// Whether `text` mentions `@username` (case-insensitively, as a whole handle).
fn mentions(text: &str, username: &str) -> bool {
    let handle = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices('@').any(|(at, _)| {
        let rest = &text[at + 1..];
        let name: String = rest.chars().take_while(|c| handle(*c)).collect();
        let before_ok = !text[..at].chars().next_back().is_some_and(handle);
        before_ok && name.eq_ignore_ascii_case(username)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    fn post(id: &str, author: &str, text: &str, quote_of: Option<&str>) -> Post {
        Post {
            id: id.into(),
            author_id: author.into(),
            text: text.into(),
            media_ids: Vec::new(),
            reply_to: None,
            quote_of: quote_of.map(Into::into),
            in_reply_to_user: None,
            created_at: std::time::UNIX_EPOCH,
            edit_of: None,
            tagged_user_ids: Vec::new(),
            auth: crate::AuthMethod::OAuth2,
            body: serde_json::Value::Null,
        }
    }

    const ME: Poster<'static> = Poster {
        id: "1",
        username: "me_too",
    };

    fn reply(to: &str) -> NewPost {
        NewPost {
            text: Some("reply".into()),
            reply_to: Some(to.into()),
            ..NewPost::default()
        }
    }

    #[test]
    fn self_serve_replies_only_where_it_may() {
        let posts = [
            post("10", "1", "my own post", None),
            post("11", "2", "hello @ME_TOO, thoughts?", None),
            post("12", "2", "someone else's post", None),
            post("13", "2", "quoting you", Some("10")),
            post("14", "2", "hi @me_too_not_you and foo@me_too", None),
        ];
        let plan = Plan::SelfServe;
        assert!(
            check(plan, &ME, &reply("10"), &posts).is_ok(),
            "own post: a thread"
        );
        assert!(check(plan, &ME, &reply("11"), &posts).is_ok(), "mentioned");
        assert!(check(plan, &ME, &reply("13"), &posts).is_ok(), "quoted");
        for id in ["12", "14"] {
            let refused = check(plan, &ME, &reply(id), &posts).unwrap_err();
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{id}");
            assert!(refused.kind.ends_with("/not-authorized-for-resource"));
        }
        assert!(check(Plan::Permissive, &ME, &reply("12"), &posts).is_ok());
        assert!(
            check(plan, &ME, &reply("404"), &posts).is_ok(),
            "left to the post's checks"
        );
    }

    #[test]
    fn self_serve_quotes_nothing() {
        let posts = [post("10", "1", "my own post", None)];
        let quote = NewPost {
            text: Some("look".into()),
            quote_of: Some("10".into()),
            ..NewPost::default()
        };
        let refused = check(Plan::SelfServe, &ME, &quote, &posts).unwrap_err();
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert!(check(Plan::Permissive, &ME, &quote, &posts).is_ok());
    }

    #[test]
    fn self_serve_allows_one_cashtag() {
        let with = |text: &str| NewPost {
            text: Some(text.into()),
            ..NewPost::default()
        };
        assert!(check(Plan::SelfServe, &ME, &with("$TSLA up, US$5"), &[]).is_ok());
        let refused = check(Plan::SelfServe, &ME, &with("$TSLA $AAPL"), &[]).unwrap_err();
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.detail.contains("at most 1 cashtag"), "{refused:?}");
        assert!(check(Plan::Permissive, &ME, &with("$TSLA $AAPL"), &[]).is_ok());
    }

    #[test]
    fn plans_by_name() {
        assert_eq!(Plan::parse("self-serve"), Ok(Plan::SelfServe));
        assert_eq!(Plan::parse("permissive"), Ok(Plan::Permissive));
        assert!(Plan::parse("free").is_err());
    }
}
