//! Users: the logged-in one (`GET /2/users/me?user.fields=subscription_type`, for the username
//! in the post's URL and the subscription that sets how long its posts may be), and one
//! by username (`GET /2/users/by/username/:username`, for the id of someone to tag; each
//! username of a run looked up once).

use futures_util::future::try_join_all;
use reqwest::Method;
use serde::Deserialize;

use super::answer::Operation;
use super::client::{Api, Auth};
use crate::compose::limit::Subscription;
use crate::compose::tags::Tag;
use crate::error::{Cause, Error, Result};
use crate::ids::{is_id, is_username};
use crate::problem::error_text;
use crate::sanitize::outside;
use crate::secret::Secret;

/// Who the token belongs to.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct User {
    /// The numeric user id.
    pub id: String,
    /// The handle, without `@`.
    pub username: String,
    /// The display name.
    #[serde(default)]
    pub name: String,
    /// The subscription, X's `subscription_type`: only in the answer about the user the token
    /// belongs to, when asked; `None` when X did not say (or named one xpost does not know).
    #[serde(
        default,
        rename = "subscription_type",
        deserialize_with = "subscription"
    )]
    pub subscription: Option<Subscription>,
}

/// X's `subscription_type` as a [`Subscription`]; a value X does not document is unknown.
fn subscription<'de, D>(deserializer: D) -> std::result::Result<Option<Subscription>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let name: Option<String> = Option::deserialize(deserializer)?;
    Ok(name.as_deref().and_then(Subscription::parse))
}

/// X's answer to `GET /2/users/me`.
#[derive(Debug, Deserialize)]
pub struct MeAnswer {
    /// The user.
    pub data: User,
}

/// Looks up the user the token belongs to. What X names it goes into notes, post URLs and the
/// store, so it is made safe to show ([`outside`]) here, once.
pub async fn me(api: &Api, token: &Secret) -> Result<User> {
    me_as(api, Auth::Bearer(token)).await
}

/// Looks up the user `auth` acts for (an OAuth 1.0a signature is refused here as anywhere:
/// this checks the keys), with the account's subscription: the same request either way.
pub async fn me_as(api: &Api, auth: Auth<'_>) -> Result<User> {
    let mut url = api.url("/2/users/me");
    url.query_pairs_mut()
        .append_pair("user.fields", "subscription_type");
    let envelope: MeAnswer = api
        .call(Operation::Me, auth, || {
            api.request(Method::GET, url.clone(), auth)
        })
        .await?;
    let User {
        id,
        username,
        name,
        subscription,
    } = envelope.data;
    // The id and the username go into post URLs and the store: they must be what X allows,
    // not merely made safe to show.
    if !is_id(&id) || !is_username(&username) {
        return Err(Error::internal(format!(
            "X answered the user lookup with a user xpost cannot read (id {}, username {})",
            outside(&id),
            outside(&username)
        )));
    }
    Ok(User {
        id,
        username,
        name: outside(&name),
        subscription,
    })
}

/// X's answer to `GET /2/users/by/username/:username`: the user, or (still a 200) only
/// `errors` when X has no user by that name (or will not show it: suspended, say).
#[derive(Debug, Deserialize)]
pub struct ByUsernameAnswer {
    /// The user, when there is one.
    #[serde(default)]
    pub data: Option<User>,
    /// Why there is none.
    #[serde(default)]
    pub errors: Option<serde_json::Value>,
}

/// Looks up the user named `username` (without `@`, checked by X's rule before it goes into
/// the URL). X's answer that there is none ends the run with [`Cause::Refused`], in X's words.
pub async fn by_username(api: &Api, auth: Auth<'_>, username: &str) -> Result<User> {
    if !is_username(username) {
        return Err(Error::internal(format!(
            "{} is not a username X allows",
            outside(username)
        )));
    }
    let url = api.url(&format!("/2/users/by/username/{username}"));
    let answer: ByUsernameAnswer = api
        .call(Operation::TagLookup, auth, || {
            api.request(Method::GET, url.clone(), auth)
        })
        .await?;
    found(username, answer)
}

/// The user of a lookup's answer, or why there is none.
fn found(username: &str, answer: ByUsernameAnswer) -> Result<User> {
    let Some(User {
        id,
        username: name,
        name: display,
        ..
    }) = answer.data
    else {
        let said = answer
            .errors
            .map(|errors| serde_json::json!({ "errors": errors }).to_string())
            .and_then(|body| error_text(body.as_bytes()))
            .unwrap_or_else(|| "no user and no reason".to_owned());
        return Err(Error::new(
            Cause::Refused,
            format!("X has no user @{username} to tag: {said}"),
        )
        .hint(
            "nothing was uploaded or posted: check the username, or give the user's id to --tag",
        ));
    };
    if !is_id(&id) || !is_username(&name) {
        return Err(Error::internal(format!(
            "X answered the lookup of @{username} with a user xpost cannot read (id {}, username {})",
            outside(&id),
            outside(&name)
        )));
    }
    // Usernames are X's in any case; another user would be tagged in the person's place.
    if !name.eq_ignore_ascii_case(username) {
        return Err(Error::internal(format!(
            "X answered the lookup of @{username} with another user (@{name}); nothing was uploaded or posted"
        )));
    }
    Ok(User {
        id,
        username: name,
        name: outside(&display),
        subscription: None,
    })
}

/// Each post's tagged user ids, in order and each once: each username of the run is looked up
/// once (whichever posts tag it), an id is taken as it is. The first failure (a username X does
/// not know) ends the run.
pub async fn tagged_ids(api: &Api, auth: Auth<'_>, tags: &[Vec<Tag>]) -> Result<Vec<Vec<String>>> {
    let mut names: Vec<&str> = Vec::new();
    for tag in tags.iter().flatten() {
        if let Tag::Username(name) = tag
            && !names.iter().any(|n| n.eq_ignore_ascii_case(name))
        {
            names.push(name);
        }
    }
    let found = try_join_all(names.iter().map(|name| async move {
        by_username(api, auth, name)
            .await
            .map(|user| (name.to_ascii_lowercase(), user.id))
            .map_err(|err| err.context(format!("--tag @{name}")))
    }))
    .await?;
    let id_of = |tag: &Tag| match tag {
        Tag::Id(id) => id.clone(),
        Tag::Username(name) => found
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, id)| id.clone())
            .expect("every username was looked up"),
    };
    Ok(tags
        .iter()
        .map(|post| {
            let mut ids: Vec<String> = Vec::new();
            for id in post.iter().map(id_of) {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            ids
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;

    fn read(body: &str) -> Result<User> {
        found("someone", serde_json::from_str(body).unwrap())
    }

    #[test]
    fn a_lookup_answered_with_another_user_is_not_taken_for_the_one_asked() {
        let err =
            read(r#"{"data":{"id":"1","name":"Other","username":"someone_else"}}"#).unwrap_err();
        assert_eq!(err.exit(), Exit::Internal);
        assert!(
            err.message().contains("another user (@someone_else)"),
            "{err}"
        );
        // X gives the username in its own case.
        let user = read(r#"{"data":{"id":"1","name":"Some One","username":"SomeOne"}}"#).unwrap();
        assert_eq!(user.username, "SomeOne");
    }

    #[test]
    fn a_lookup_reads_the_user_or_xs_reason_there_is_none() {
        let user = found(
            "xdevelopers",
            serde_json::from_str(
                r#"{"data":{"id":"2244994945","name":"Developers","username":"XDevelopers"}}"#,
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(user.id, "2244994945");
        assert_eq!(user.username, "XDevelopers");
        let err = read(
            r#"{"errors":[{"value":"someone","detail":"Could not find user with username: [someone].","title":"Not Found Error","resource_type":"user","parameter":"username","resource_id":"someone","type":"https://api.twitter.com/2/problems/resource-not-found"}]}"#,
        )
        .unwrap_err();
        assert_eq!(err.exit(), Exit::Refused);
        assert!(
            err.message().contains(
                "X has no user @someone to tag: Could not find user with username: [someone]."
            ),
            "{err}"
        );
        let err =
            read(r#"{"errors":[{"detail":"User has been suspended: [\u001b[2J]."}]}"#).unwrap_err();
        assert!(!err.message().contains('\u{1b}'), "{err}");
        assert_eq!(read("{}").unwrap_err().exit(), Exit::Refused);
        // What X sends back goes into the post's body: it must be an id.
        let err = read(r#"{"data":{"id":"12/../3","username":"someone"}}"#).unwrap_err();
        assert_eq!(err.exit(), Exit::Internal);
    }

    #[test]
    fn the_subscription_is_read_when_x_names_it() {
        let me: MeAnswer = serde_json::from_str(
            r#"{"data":{"id":"1","username":"a","subscription_type":"PremiumPlus"}}"#,
        )
        .unwrap();
        assert_eq!(me.data.subscription, Some(Subscription::PremiumPlus));
        for body in [
            r#"{"data":{"id":"1","username":"a"}}"#,
            r#"{"data":{"id":"1","username":"a","subscription_type":"Gold"}}"#,
            r#"{"data":{"id":"1","username":"a","subscription_type":null}}"#,
        ] {
            let me: MeAnswer = serde_json::from_str(body).unwrap();
            assert_eq!(me.data.subscription, None, "{body}");
        }
    }
}
