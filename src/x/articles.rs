//! X Articles: the account's subscription (`GET /2/users/me?user.fields=subscription_type`,
//! since Articles are for subscribers), the draft (`POST /2/articles/draft`) and its
//! publication (`POST /2/articles/{id}/publish`), which makes the post that carries it.

use std::sync::atomic::AtomicBool;

use reqwest::Method;
use serde::Deserialize;

use super::answer::Operation;
use super::client::{Api, Auth};
use crate::article::draft::DraftBody;
use crate::error::{Error, Result};
use crate::ids::is_x_id;
use crate::sanitize::outside;

/// X's answer to the user lookup with `user.fields=subscription_type`.
#[derive(Debug, Deserialize)]
struct SubscriptionAnswer {
    data: SubscriptionData,
}

#[derive(Debug, Deserialize)]
struct SubscriptionData {
    #[serde(default)]
    subscription_type: Option<String>,
}

/// The subscription of the account `auth` acts for, as X names it (`None`, `Basic`,
/// `Premium`, `PremiumPlus`), made safe to show; `None` when X does not say.
pub async fn subscription(api: &Api, auth: Auth<'_>) -> Result<Option<String>> {
    let mut url = api.url("/2/users/me");
    url.query_pairs_mut()
        .append_pair("user.fields", "subscription_type");
    let answer: SubscriptionAnswer = api
        .call(Operation::Me, auth, || {
            api.request(Method::GET, url.clone(), auth)
        })
        .await?;
    Ok(answer
        .data
        .subscription_type
        .map(|s| outside(&s))
        .filter(|s| !s.is_empty()))
}

/// A draft X made.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Draft {
    /// Its id (the Article's).
    pub id: String,
    /// Its title, as X keeps it.
    #[serde(default)]
    pub title: String,
}

#[derive(Debug, Deserialize)]
struct DraftAnswer {
    data: Draft,
}

/// Creates the draft of `body`.
pub async fn create_draft(api: &Api, auth: Auth<'_>, body: &DraftBody) -> Result<Draft> {
    let url = api.url("/2/articles/draft");
    let answer: DraftAnswer = api
        .call(Operation::ArticleDraft, auth, || {
            api.request(Method::POST, url.clone(), auth).json(body)
        })
        .await?;
    let Draft { id, title } = answer.data;
    // The id goes into the publication's URL: it must be one of X's ids.
    if !is_x_id(&id) {
        return Err(Error::internal(format!(
            "X answered the article's draft with an id xpost cannot read ({})",
            outside(&id)
        )));
    }
    Ok(Draft {
        id,
        title: outside(&title),
    })
}

#[derive(Debug, Deserialize)]
struct PublishAnswer {
    data: Published,
}

#[derive(Debug, Deserialize)]
struct Published {
    post_id: String,
}

/// Publishes draft `id` and returns the id of the post that carries it. Sent once: from the
/// moment it leaves, `on_its_way` is set, and an unknown outcome is never sent again.
pub async fn publish(
    api: &Api,
    auth: Auth<'_>,
    id: &str,
    on_its_way: &AtomicBool,
) -> Result<String> {
    let url = api.url(&format!("/2/articles/{id}/publish"));
    let answer: PublishAnswer = api
        .call_watched(Operation::ArticlePublish, auth, Some(on_its_way), || {
            api.request(Method::POST, url.clone(), auth)
        })
        .await?;
    let post_id = answer.data.post_id;
    if !is_x_id(&post_id) {
        return Err(Error::internal(format!(
            "X published the article as a post whose id xpost cannot read ({})",
            outside(&post_id)
        )));
    }
    Ok(post_id)
}
