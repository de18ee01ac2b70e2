//! The logged-in user: `GET /2/users/me`, for the username in the post's URL.

use reqwest::Method;
use serde::Deserialize;

use super::answer::Operation;
use super::client::{Api, Auth};
use crate::error::{Error, Result};
use crate::ids::{is_id, is_username};
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
/// this checks the keys).
pub async fn me_as(api: &Api, auth: Auth<'_>) -> Result<User> {
    let envelope: MeAnswer = api
        .call(Operation::Me, auth, || {
            api.request(Method::GET, api.url("/2/users/me"), auth)
        })
        .await?;
    let User { id, username, name } = envelope.data;
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
    })
}
