//! X Articles (since 2026-06): `POST /2/articles/draft`, checked against X's schema (2.167's
//! `ArticleCreateDraftRequest`: unknown fields refused by their JSON path, block and entity
//! types, ranges within their block's text in UTF-16 code units, entity keys, at most 10,000
//! weighted characters of markdown, images that are the caller's own), and
//! `POST /2/articles/{id}/publish`, which makes the post that carries the Article. Both are
//! refused for an account without a subscription, as X keeps Articles for subscribers.
//!
//! The schema's types are written here from X's description, independently of the client.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::caller::{Presented, admit};
use super::posting::{is_x_id, read_schema, require_json};
use super::problems::Problem;
use super::server::App;
use super::subscriptions::Subscription;

/// The draft's route.
pub(crate) const DRAFT: &str = "/2/articles/draft";
/// The publication's route.
pub(crate) const PUBLISH: &str = "/2/articles/{id}/publish";
/// The scopes X's docs list for Articles.
const SCOPES: [&str; 3] = ["tweet.read", "tweet.write", "users.read"];
/// The most markdown one Article holds, in weighted characters.
pub const MARKDOWN_LIMIT: usize = 10_000;

/// An Article drafted in the sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Its id.
    pub id: String,
    /// The id of its author.
    pub author_id: String,
    /// Its title.
    pub title: String,
    /// The body of the `POST /2/articles/draft` that made it, exactly as received.
    pub body: Value,
    /// The post that carries it, once published.
    pub post_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DraftBody {
    title: String,
    content_state: ContentState,
    cover_media: Option<MediaItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContentState {
    blocks: Vec<Block>,
    entities: Vec<Entity>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // Read to be checked against the schema, not acted on.
struct Block {
    text: String,
    #[serde(rename = "type")]
    kind: BlockType,
    key: Option<String>,
    #[serde(default)]
    inline_style_ranges: Vec<StyleRange>,
    #[serde(default)]
    entity_ranges: Vec<EntityRange>,
    data: Option<BlockData>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum BlockType {
    Unstyled,
    HeaderOne,
    HeaderTwo,
    HeaderThree,
    UnorderedListItem,
    OrderedListItem,
    Blockquote,
    Atomic,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct StyleRange {
    offset: usize,
    length: usize,
    style: Style,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Style {
    Bold,
    Italic,
    Strikethrough,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityRange {
    key: usize,
    offset: usize,
    length: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct BlockData {
    urls: Option<Vec<Span>>,
    mentions: Option<Vec<Span>>,
    hashtags: Option<Vec<Span>>,
    cashtags: Option<Vec<Span>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Span {
    from_index: usize,
    to_index: usize,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entity {
    key: String,
    value: EntityValue,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct EntityValue {
    #[serde(rename = "type")]
    kind: EntityType,
    mutability: Mutability,
    data: EntityData,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum EntityType {
    Post,
    Link,
    Image,
    Emoji,
    Markdown,
    Divider,
    Latex,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Mutability {
    Immutable,
    Mutable,
    Segmented,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct EntityData {
    post_id: Option<String>,
    url: Option<String>,
    media_items: Option<Vec<MediaItem>>,
    caption: Option<String>,
    markdown: Option<String>,
    /// An emoji's.
    emoji: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MediaItem {
    media_id: String,
    media_category: String,
}

/// Reads a draft's body as X's schema has it, refusing what the schema refuses, with the
/// JSON path of the first field at fault.
fn parse(body: &[u8]) -> Result<DraftBody, Problem> {
    read_schema(body, "an article")
}

/// X's checks of a draft that its types do not make: the title, the ranges, the entity keys,
/// each entity's data, the embeds in `atomic` blocks, the markdown's size. Returns the media
/// ids it names (images and cover), for the caller to check as the author's own.
fn check(draft: &DraftBody) -> Result<Vec<(String, String)>, Problem> {
    let schema = |m: String| Err(Problem::invalid_schema(m));
    if draft.title.trim().is_empty() {
        return schema("$.title: must not be empty".into());
    }
    let entities = &draft.content_state.entities;
    let mut media = Vec::new();
    for (i, entity) in entities.iter().enumerate() {
        let at = format!("$.content_state.entities[{i}]");
        if entity.key.is_empty() || entities[..i].iter().any(|e| e.key == entity.key) {
            return schema(format!("{at}.key: must be a key no other entity has"));
        }
        let data = &entity.value.data;
        let missing = match entity.value.kind {
            EntityType::Post if !data.post_id.as_deref().is_some_and(is_x_id) => Some("post_id"),
            EntityType::Link if data.url.as_deref().is_none_or(str::is_empty) => Some("url"),
            EntityType::Image if data.media_items.as_ref().is_none_or(Vec::is_empty) => {
                Some("media_items")
            }
            EntityType::Markdown if data.markdown.is_none() => Some("markdown"),
            _ => None,
        };
        if let Some(field) = missing {
            return schema(format!(
                "{at}.value.data.{field}: is required for this type"
            ));
        }
        for (j, item) in data.media_items.iter().flatten().enumerate() {
            let at = format!("{at}.value.data.media_items[{j}]");
            media.push((at.clone(), item.media_id.clone()));
            if item.media_category != "tweet_image" {
                return schema(format!(
                    "{at}.media_category: must be tweet_image, not {:?}",
                    item.media_category
                ));
            }
        }
    }
    for (i, block) in draft.content_state.blocks.iter().enumerate() {
        let at = format!("$.content_state.blocks[{i}]");
        let len = block.text.encode_utf16().count();
        let within =
            |offset: usize, length: usize| offset.checked_add(length).is_some_and(|end| end <= len);
        for (j, range) in block.inline_style_ranges.iter().enumerate() {
            if !within(range.offset, range.length) {
                return schema(format!(
                    "{at}.inline_style_ranges[{j}]: offset {} and length {} go past the text's {len} UTF-16 code units",
                    range.offset, range.length
                ));
            }
        }
        for (j, range) in block.entity_ranges.iter().enumerate() {
            let Some(entity) = entities.get(range.key) else {
                return schema(format!(
                    "{at}.entity_ranges[{j}].key: {} is not an entity's index ({} entities)",
                    range.key,
                    entities.len()
                ));
            };
            if !within(range.offset, range.length) {
                return schema(format!(
                    "{at}.entity_ranges[{j}]: offset {} and length {} go past the text's {len} UTF-16 code units",
                    range.offset, range.length
                ));
            }
            let embed = !matches!(entity.value.kind, EntityType::Link | EntityType::Emoji);
            if embed != (block.kind == BlockType::Atomic) {
                return schema(format!(
                    "{at}.entity_ranges[{j}]: a {:?} entity goes in an atomic block, alone",
                    entity.value.kind
                ));
            }
        }
        if block.kind == BlockType::Atomic && (block.text != " " || block.entity_ranges.len() != 1)
        {
            return schema(format!(
                "{at}: an atomic block's text is a single space, covered by one entity"
            ));
        }
    }
    let markdown: usize = entities
        .iter()
        .filter_map(|e| e.value.data.markdown.as_deref())
        .map(xpost_text::weighted_length)
        .sum();
    if markdown > MARKDOWN_LIMIT {
        return Err(Problem::invalid_request(format!(
            "The article's markdown is {markdown} weighted characters; an article holds at most {MARKDOWN_LIMIT}."
        )));
    }
    if let Some(cover) = &draft.cover_media {
        if cover.media_category != "tweet_image" {
            return schema(format!(
                "$.cover_media.media_category: must be tweet_image, not {:?}",
                cover.media_category
            ));
        }
        media.push(("$.cover_media".into(), cover.media_id.clone()));
    }
    Ok(media)
}

/// X's refusal for an account without a subscription.
fn no_subscription() -> Problem {
    Problem::forbidden(
        "Articles are available to accounts with an X Premium subscription (Basic, Premium or Premium+).",
    )
}

/// `POST /2/articles/draft`.
pub(crate) async fn draft(
    State(app): State<App>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let caller = admit(
        &app,
        &Presented::unsigned_body(&method, &uri, &headers),
        &SCOPES,
        ("POST", DRAFT),
    )?;
    require_json(&headers)?;
    let draft = parse(&body)?;
    let media = check(&draft)?;
    let now = app.now();
    let mut state = app.lock();
    if state.account_of(&caller.user_id).map(|a| a.subscription) == Some(Subscription::None) {
        return Err(no_subscription());
    }
    for (at, id) in &media {
        if let Some(why) = state.content.article_image(&caller.user_id, id, now) {
            return Err(Problem::invalid_request(format!(
                "{at}: the media id is invalid: {why}."
            )));
        }
    }
    let id = state.content.next_id(now);
    let raw: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    state.articles.push(Article {
        id: id.clone(),
        author_id: caller.user_id.clone(),
        title: draft.title.clone(),
        body: raw,
        post_id: None,
    });
    let answer = json!({ "data": { "id": id, "title": draft.title } });
    Ok((StatusCode::CREATED, axum::Json(answer)).into_response())
}

/// `POST /2/articles/{id}/publish`.
pub(crate) async fn publish(
    State(app): State<App>,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let caller = admit(
        &app,
        &Presented::unsigned_body(&method, &uri, &headers),
        &SCOPES,
        ("POST", PUBLISH),
    )?;
    let now = app.now();
    let mut state = app.lock();
    if state.account_of(&caller.user_id).map(|a| a.subscription) == Some(Subscription::None) {
        return Err(no_subscription());
    }
    let Some(i) = state
        .articles
        .iter()
        .position(|a| a.id == id && a.author_id == caller.user_id)
    else {
        return Err(Problem::resource_not_found(format!(
            "Could not find article with id: [{id}]."
        )));
    };
    if state.articles[i].post_id.is_some() {
        return Err(Problem::invalid_request(format!(
            "The article [{id}] is already published."
        )));
    }
    let (title, body) = (
        state.articles[i].title.clone(),
        state.articles[i].body.clone(),
    );
    let post_id = state
        .content
        .add_article_post(&caller.user_id, &title, body, caller.kind, now);
    state.articles[i].post_id = Some(post_id.clone());
    Ok(axum::Json(json!({ "data": { "post_id": post_id } })).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(body: Value) -> String {
        let problem = match parse(body.to_string().as_bytes()) {
            Err(problem) => problem,
            Ok(draft) => check(&draft).unwrap_err(),
        };
        assert_eq!(problem.status, StatusCode::BAD_REQUEST);
        problem.body()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn with_blocks(blocks: Value, entities: Value) -> Value {
        json!({"title": "T", "content_state": {"blocks": blocks, "entities": entities}})
    }

    #[test]
    fn a_draft_as_x_describes_it_is_taken() {
        let body = json!({"title": "T", "content_state": {
            "blocks": [
                {"text": "𝐀 b", "type": "unstyled", "inline_style_ranges": [{"offset": 3, "length": 1, "style": "bold"}],
                 "entity_ranges": [{"key": 0, "offset": 0, "length": 2}]},
                {"text": " ", "type": "atomic", "entity_ranges": [{"key": 1, "offset": 0, "length": 1}]},
            ],
            "entities": [
                {"key": "0", "value": {"type": "link", "mutability": "mutable", "data": {"url": "https://e.example"}}},
                {"key": "1", "value": {"type": "image", "mutability": "immutable", "data": {"media_items": [{"media_id": "5", "media_category": "tweet_image"}]}}},
            ]},
            "cover_media": {"media_id": "6", "media_category": "tweet_image"}});
        let draft = parse(body.to_string().as_bytes()).unwrap();
        let media = check(&draft).unwrap();
        assert_eq!(
            media.iter().map(|(_, id)| id.as_str()).collect::<Vec<_>>(),
            ["5", "6"]
        );
    }

    #[test]
    fn what_xs_schema_refuses_is_refused_by_its_path() {
        let text = |extra: Value| {
            let mut block = json!({"text": "ab", "type": "unstyled"});
            block
                .as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            with_blocks(json!([block]), json!([]))
        };
        for (body, at) in [
            (
                json!({"title": "T", "content_state": {"blocks": [], "entities": []}, "colour": 1}),
                "$.colour:",
            ),
            (
                text(json!({"depth": 1})),
                "$.content_state.blocks[0].depth:",
            ),
            (
                text(json!({"type": "code-block"})),
                "$.content_state.blocks[0].type:",
            ),
            (
                text(
                    json!({"inline_style_ranges": [{"offset": 0, "length": 1, "style": "underline"}]}),
                ),
                "$.content_state.blocks[0].inline_style_ranges[0].style:",
            ),
            (
                text(json!({"inline_style_ranges": [{"offset": 1, "length": 2, "style": "bold"}]})),
                "$.content_state.blocks[0].inline_style_ranges[0]:",
            ),
            (
                text(json!({"entity_ranges": [{"key": 0, "offset": 0, "length": 1}]})),
                "$.content_state.blocks[0].entity_ranges[0].key:",
            ),
            (
                with_blocks(
                    json!([]),
                    json!([{"key": "0", "value": {"type": "video", "mutability": "immutable", "data": {}}}]),
                ),
                "$.content_state.entities[0].value.type:",
            ),
            (
                with_blocks(
                    json!([]),
                    json!([{"key": "0", "value": {"type": "link", "mutability": "mutable", "data": {"href": "x"}}}]),
                ),
                "$.content_state.entities[0].value.data.href:",
            ),
            (
                with_blocks(
                    json!([]),
                    json!([{"key": "0", "value": {"type": "link", "mutability": "mutable", "data": {}}}]),
                ),
                "$.content_state.entities[0].value.data.url:",
            ),
            (
                with_blocks(
                    json!([]),
                    json!([
                {"key": "a", "value": {"type": "divider", "mutability": "immutable", "data": {}}},
                {"key": "a", "value": {"type": "divider", "mutability": "immutable", "data": {}}}]),
                ),
                "$.content_state.entities[1].key:",
            ),
            (
                with_blocks(
                    json!([{"text": "xy", "type": "atomic", "entity_ranges": [{"key": 0, "offset": 0, "length": 1}]}]),
                    json!([{"key": "0", "value": {"type": "divider", "mutability": "immutable", "data": {}}}]),
                ),
                "$.content_state.blocks[0]:",
            ),
            (
                with_blocks(
                    json!([{"text": "x", "type": "unstyled", "entity_ranges": [{"key": 0, "offset": 0, "length": 1}]}]),
                    json!([{"key": "0", "value": {"type": "divider", "mutability": "immutable", "data": {}}}]),
                ),
                "$.content_state.blocks[0].entity_ranges[0]:",
            ),
            (
                json!({"title": " ", "content_state": {"blocks": [], "entities": []}}),
                "$.title:",
            ),
        ] {
            let m = refused(body);
            assert!(m.starts_with(at), "{at} in {m}");
        }
    }

    #[test]
    fn ranges_count_utf16_code_units() {
        // One character outside the BMP is two units: a range of 2 fits, of 3 does not.
        let body = |length: usize| {
            with_blocks(
                json!([{"text": "😀", "type": "unstyled", "inline_style_ranges": [{"offset": 0, "length": length, "style": "italic"}]}]),
                json!([]),
            )
        };
        assert!(check(&parse(body(2).to_string().as_bytes()).unwrap()).is_ok());
        assert!(refused(body(3)).contains("2 UTF-16 code units"));
    }

    #[test]
    fn markdown_is_limited_by_its_weighted_length() {
        let body = |markdown: String| {
            with_blocks(
                json!([{"text": " ", "type": "atomic", "entity_ranges": [{"key": 0, "offset": 0, "length": 1}]}]),
                json!([{"key": "0", "value": {"type": "markdown", "mutability": "mutable", "data": {"markdown": markdown}}}]),
            )
        };
        assert!(
            check(&parse(body("a".repeat(MARKDOWN_LIMIT)).to_string().as_bytes()).unwrap()).is_ok()
        );
        // Weight 2 each: 5,001 of them weigh 10,002.
        let m = refused(body("漢".repeat(MARKDOWN_LIMIT / 2 + 1)));
        assert!(m.contains("10002 weighted characters"), "{m}");
    }
}
