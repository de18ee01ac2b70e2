//! `GET /2/tweets/{id}`: one post, with the fields and expansions asked for, under either of
//! X's namings (switchable, [`ApiNames`]): the long-standing one of its docs and clients
//! (`tweet.fields`, `edit_history_tweet_ids`, `referenced_tweets`) or OpenAPI v2.167's
//! (`post.fields`, `edit_history_post_ids`, `referenced_posts`, with `author_id` and
//! `in_reply_to_user_id` only as expansions). A query parameter or a value the naming does not
//! have is refused with X's 400; a post that does not exist answers X's long-standing
//! `200` with only `errors`, or the 404 of a newer docs page ([`MissingPost`]).
//!
//! Needs `tweet.read` and `users.read` with a bearer token (OAuth 1.0a reads too).

use std::collections::BTreeSet;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use url::form_urlencoded;

use super::caller::{Presented, admit};
use super::content::{Content, Post};
use super::deleting::{ROUTE, check_id};
use super::problems::Problem;
use super::server::App;
use super::state::State as SandboxState;

/// The scopes X requires for reading a post.
const SCOPES: [&str; 2] = ["tweet.read", "users.read"];

/// Which names X takes for a post's fields.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ApiNames {
    /// X's long-standing names, those of its docs and every client: `tweet.fields`,
    /// `edit_history_tweet_ids`, `referenced_tweets`.
    #[default]
    Tweet,
    /// OpenAPI v2.167's: `post.fields` (without `author_id` and `in_reply_to_user_id`, which are
    /// expansions only), `edit_history_post_ids`, `referenced_posts`.
    Post,
}

impl ApiNames {
    /// Reads `tweet` or `post`.
    pub fn parse(text: &str) -> Result<ApiNames, String> {
        match text.trim() {
            "tweet" | "tweet.fields" => Ok(ApiNames::Tweet),
            "post" | "post.fields" => Ok(ApiNames::Post),
            other => Err(format!("unknown naming {other:?}; write tweet or post")),
        }
    }

    /// The query parameter that lists a post's fields.
    fn fields(self) -> &'static str {
        match self {
            ApiNames::Tweet => "tweet.fields",
            ApiNames::Post => "post.fields",
        }
    }

    /// The name of a post's edit history.
    pub(crate) fn history(self) -> &'static str {
        match self {
            ApiNames::Tweet => "edit_history_tweet_ids",
            ApiNames::Post => "edit_history_post_ids",
        }
    }

    /// The values the fields parameter takes.
    fn field_values(self) -> &'static [&'static str] {
        match self {
            ApiNames::Tweet => &TWEET_FIELDS,
            ApiNames::Post => &POST_FIELDS,
        }
    }

    /// The values `expansions` takes.
    fn expansion_values(self) -> &'static [&'static str] {
        match self {
            ApiNames::Tweet => &TWEET_EXPANSIONS,
            ApiNames::Post => &POST_EXPANSIONS,
        }
    }
}

/// How X answers a lookup of a post that does not exist (never made, or deleted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MissingPost {
    /// X's long-standing answer: `200` with only `errors` (`resource-not-found`).
    #[default]
    Errors,
    /// A newer docs page's: `404` problem JSON (`resource-not-found`).
    NotFound,
}

impl MissingPost {
    /// Reads `errors` or `404`.
    pub fn parse(text: &str) -> Result<MissingPost, String> {
        match text.trim() {
            "errors" | "200" => Ok(MissingPost::Errors),
            "404" | "not-found" => Ok(MissingPost::NotFound),
            other => Err(format!("unknown answer {other:?}; write errors or 404")),
        }
    }
}

/// `tweet.fields`, as X's docs and its OpenAPI description before v2.167 list them.
const TWEET_FIELDS: [&str; 31] = [
    "article",
    "attachments",
    "author_id",
    "card_uri",
    "community_id",
    "context_annotations",
    "conversation_id",
    "created_at",
    "display_text_range",
    "edit_controls",
    "edit_history_tweet_ids",
    "entities",
    "geo",
    "id",
    "in_reply_to_user_id",
    "lang",
    "media_metadata",
    "non_public_metrics",
    "note_tweet",
    "organic_metrics",
    "possibly_sensitive",
    "promoted_metrics",
    "public_metrics",
    "referenced_tweets",
    "reply_settings",
    "scopes",
    "source",
    "suggested_source_links",
    "suggested_source_links_with_counts",
    "text",
    "withheld",
];

/// `post.fields`, as OpenAPI v2.167 lists them.
const POST_FIELDS: [&str; 31] = [
    "article",
    "article_title",
    "attachments",
    "card_uri",
    "community_id",
    "context_annotations",
    "conversation_id",
    "created_at",
    "display_text_range",
    "edit_controls",
    "entities",
    "geo",
    "id",
    "lang",
    "matched_media_notes",
    "media_metadata",
    "non_public_metrics",
    "note_post",
    "note_request_suggestions",
    "organic_metrics",
    "paid_partnership",
    "possibly_sensitive",
    "promoted_metrics",
    "public_metrics",
    "reply_settings",
    "scopes",
    "source",
    "suggested_source_links",
    "suggested_source_links_with_counts",
    "text",
    "withheld",
];

/// `expansions` under X's long-standing names.
const TWEET_EXPANSIONS: [&str; 14] = [
    "article.cover_media",
    "article.media_entities",
    "attachments.media_keys",
    "attachments.media_source_tweet",
    "attachments.poll_ids",
    "author_id",
    "edit_history_tweet_ids",
    "entities.mentions.username",
    "entities.note.mentions.username",
    "geo.place_id",
    "in_reply_to_user_id",
    "referenced_tweets.id",
    "referenced_tweets.id.attachments.media_keys",
    "referenced_tweets.id.author_id",
];

/// `expansions`, as OpenAPI v2.167 lists them.
const POST_EXPANSIONS: [&str; 12] = [
    "article.cover_media",
    "article.media_entities",
    "attachments.media_keys",
    "attachments.media_source_tweet",
    "attachments.poll_ids",
    "author_id",
    "edit_history_post_ids",
    "entities.mentions.username",
    "geo.place_id",
    "in_reply_to_user_id",
    "referenced_posts",
    "username",
];

/// The other parameters of the endpoint, whose values the sandbox does not look at.
const OTHER_PARAMETERS: [&str; 4] = ["media.fields", "poll.fields", "place.fields", "user.fields"];

/// What a lookup asked for.
#[derive(Debug, Default, PartialEq, Eq)]
struct Asked {
    fields: BTreeSet<String>,
    expansions: BTreeSet<String>,
}

/// Reads the query as X would under `names`, refusing an unknown parameter or value with
/// X's 400 naming it.
fn asked(query: Option<&str>, names: ApiNames) -> Result<Asked, Problem> {
    let mut asked = Asked::default();
    for (name, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        let (allowed, into): (&[&str], _) = if name == names.fields() {
            (names.field_values(), &mut asked.fields)
        } else if name == "expansions" {
            (names.expansion_values(), &mut asked.expansions)
        } else if OTHER_PARAMETERS.contains(&name.as_ref()) {
            continue;
        } else {
            let known = ["id", "expansions", names.fields()]
                .into_iter()
                .chain(OTHER_PARAMETERS)
                .collect::<Vec<_>>()
                .join(",");
            return Err(Problem::invalid_parameter(
                &name,
                &value,
                format!("The query parameter [{name}] is not one of [{known}]"),
            ));
        };
        for item in value.split(',') {
            if !allowed.contains(&item) {
                return Err(Problem::invalid_parameter(
                    &name,
                    item,
                    format!(
                        "The `{name}` query parameter value [{item}] is not one of [{}]",
                        allowed.join(",")
                    ),
                ));
            }
            into.insert(item.to_string());
        }
    }
    Ok(asked)
}

/// A user id and username to show for `author_id` (a sandbox account's, or, for a post made
/// by someone else, a number made from their username, stable across runs).
fn user(state: &SandboxState, author_id: &str) -> (String, String) {
    if let Some(account) = state.account_of(author_id) {
        return (account.id.clone(), account.username.clone());
    }
    let username = author_id.strip_prefix("foreign:").unwrap_or(author_id);
    // FNV-1a: the same username gets the same 19-digit id every time.
    let hash = username.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let id = 1_800_000_000_000_000_000 + hash % 100_000_000_000_000_000;
    (id.to_string(), username.to_string())
}

/// The post as X shows it for what was `asked`, and the users its expansions add.
fn shown(state: &SandboxState, post: &Post, asked: &Asked) -> Value {
    let content: &Content = &state.content;
    let names = state.api_names;
    let field = |name: &str| asked.fields.contains(name);
    let expanded = |name: &str| asked.expansions.contains(name);
    let mut data = Map::new();
    data.insert("id".into(), json!(post.id));
    data.insert("text".into(), json!(post.text));
    data.insert(names.history().into(), json!(content.history(post)));
    let mut users: Vec<Value> = Vec::new();
    let mut expand = |id: &str| {
        let (id, username) = user(state, id);
        let entry = json!({"id": id, "name": username, "username": username});
        if !users.contains(&entry) {
            users.push(entry);
        }
        id
    };
    // v2.167 has `author_id` and `in_reply_to_user_id` as expansions only; an expansion sets the
    // field too, as at X.
    if field("author_id") || expanded("author_id") {
        let id = if expanded("author_id") {
            expand(&post.author_id)
        } else {
            user(state, &post.author_id).0
        };
        data.insert("author_id".into(), json!(id));
    }
    if let Some(to) = &post.in_reply_to_user
        && (field("in_reply_to_user_id") || expanded("in_reply_to_user_id"))
    {
        let id = if expanded("in_reply_to_user_id") {
            expand(to)
        } else {
            user(state, to).0
        };
        data.insert("in_reply_to_user_id".into(), json!(id));
    }
    if field("edit_controls") {
        let controls = content.controls(post);
        let until: chrono::DateTime<chrono::Utc> = controls.editable_until.into();
        data.insert(
            "edit_controls".into(),
            json!({
                "is_edit_eligible": controls.eligible,
                "editable_until": until.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                "edits_remaining": controls.edits_remaining,
            }),
        );
    }
    if field("attachments") {
        let mut attachments = Map::new();
        if !post.media_ids.is_empty() {
            let keys: Vec<String> = post
                .media_ids
                .iter()
                .filter_map(|id| content.media_key(id))
                .collect();
            attachments.insert("media_keys".into(), json!(keys));
        }
        if !post.body["poll"].is_null() {
            // The sandbox keeps no poll of its own: its id is the post's.
            attachments.insert("poll_ids".into(), json!([post.id]));
        }
        if !attachments.is_empty() {
            data.insert("attachments".into(), Value::Object(attachments));
        }
    }
    if field("community_id")
        && let Some(community) = post.body["community_id"].as_str()
    {
        data.insert("community_id".into(), json!(community));
    }
    let mut answer = json!({ "data": data });
    if !users.is_empty() {
        answer["includes"] = json!({ "users": users });
    }
    answer
}

/// X's answer for a post it cannot find.
pub(crate) fn missing(id: &str, how: MissingPost) -> Response {
    let detail = format!("Could not find tweet with id: [{id}].");
    match how {
        MissingPost::NotFound => Problem::resource_not_found(detail).into_response(),
        MissingPost::Errors => (
            StatusCode::OK,
            axum::Json(json!({
                "errors": [{
                    "value": id,
                    "detail": detail,
                    "title": "Not Found Error",
                    "resource_type": "tweet",
                    "parameter": "id",
                    "resource_id": id,
                    "type": "https://api.twitter.com/2/problems/resource-not-found",
                }]
            })),
        )
            .into_response(),
    }
}

/// `GET /2/tweets/{id}`.
pub(crate) async fn get(
    State(app): State<App>,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    admit(
        &app,
        &Presented::unsigned_body(&method, &uri, &headers),
        &SCOPES,
        ("GET", ROUTE),
    )?;
    check_id(&id)?;
    let state = app.lock();
    let asked = asked(uri.query(), state.api_names)?;
    Ok(match state.content.post(&id) {
        Some(post) => axum::Json(shown(&state, post, &asked)).into_response(),
        None => missing(&id, state.missing_post),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_naming_takes_its_own_parameter_and_values() {
        let legacy = asked(
            Some("tweet.fields=attachments%2Cauthor_id,edit_controls&user.fields=username"),
            ApiNames::Tweet,
        )
        .unwrap();
        assert_eq!(
            legacy.fields.iter().collect::<Vec<_>>(),
            ["attachments", "author_id", "edit_controls"]
        );
        // The other naming's parameter is unknown, named as X names it.
        let refused = asked(Some("post.fields=edit_controls"), ApiNames::Tweet).unwrap_err();
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        let body = refused.body();
        assert_eq!(
            body["errors"][0]["parameters"]["post.fields"][0],
            "edit_controls"
        );
        assert!(
            body["errors"][0]["message"].as_str().unwrap().starts_with(
                "The query parameter [post.fields] is not one of [id,expansions,tweet.fields,"
            ),
            "{body}"
        );
        let refused = asked(Some("tweet.fields=edit_controls"), ApiNames::Post).unwrap_err();
        assert_eq!(
            refused.body()["errors"][0]["parameters"]["tweet.fields"][0],
            "edit_controls"
        );
        // v2.167 has author_id as an expansion only.
        let refused = asked(Some("post.fields=author_id"), ApiNames::Post).unwrap_err();
        assert!(
            refused.body()["errors"][0]["message"]
                .as_str()
                .unwrap()
                .starts_with("The `post.fields` query parameter value [author_id] is not one of"),
        );
        let spec = asked(
            Some("post.fields=edit_controls&expansions=author_id,in_reply_to_user_id"),
            ApiNames::Post,
        )
        .unwrap();
        assert!(spec.expansions.contains("in_reply_to_user_id"));
        assert!(asked(Some("expansions=referenced_posts"), ApiNames::Tweet).is_err());
        assert!(asked(Some("ids=1"), ApiNames::Tweet).is_err());
        assert_eq!(asked(None, ApiNames::Post).unwrap(), Asked::default());
    }

    #[test]
    fn someone_elses_id_is_a_stable_number() {
        let state = SandboxState::new(&crate::Options::default());
        let (id, name) = user(&state, "foreign:someone");
        assert_eq!(name, "someone");
        assert_eq!(id.len(), 19);
        assert!(id.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(user(&state, "foreign:someone").0, id);
        assert_ne!(user(&state, "foreign:someone_else").0, id);
        assert_eq!(user(&state, crate::USER_ID).0, crate::USER_ID);
    }

    #[test]
    fn switches_parse() {
        assert_eq!(ApiNames::parse("post"), Ok(ApiNames::Post));
        assert_eq!(ApiNames::parse("tweet.fields"), Ok(ApiNames::Tweet));
        assert!(ApiNames::parse("x").is_err());
        assert_eq!(MissingPost::parse("404"), Ok(MissingPost::NotFound));
        assert_eq!(MissingPost::parse("errors"), Ok(MissingPost::Errors));
        assert!(MissingPost::parse("410").is_err());
    }
}
