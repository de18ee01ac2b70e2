//! The body of `POST /2/articles/draft` as X's OpenAPI description (2.167,
//! `ArticleCreateDraftRequest`) defines it: a title, a DraftJS content state (blocks and
//! entities), and an optional cover image. Every object of X's schema refuses fields it does
//! not define, so these types have exactly X's fields, and refuse others when read back.
//!
//! Offsets and lengths are DraftJS's: UTF-16 code units of the block's text.

use serde::{Deserialize, Serialize};

/// X's `media_category` for every image of an Article (its images and its cover).
pub const IMAGE_CATEGORY: &str = "tweet_image";

/// The body of `POST /2/articles/draft`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftBody {
    /// The Article's title.
    pub title: String,
    /// Its text, as DraftJS holds it.
    pub content_state: ContentState,
    /// Its cover image, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover_media: Option<MediaItem>,
}

/// A DraftJS content state: the blocks in order, and the entities their ranges point at.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentState {
    /// The blocks, in order.
    pub blocks: Vec<Block>,
    /// The entities; an entity range's `key` is an index into them.
    pub entities: Vec<Entity>,
}

/// One block: a paragraph, a heading, a list item, a quote, or an embed (`atomic`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// Its text (a single space for an `atomic` block).
    pub text: String,
    /// What kind of block it is.
    #[serde(rename = "type")]
    pub kind: BlockType,
    /// DraftJS's block key; X makes one when it is left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Bold, italic and struck-through ranges of the text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inline_style_ranges: Vec<StyleRange>,
    /// Ranges of the text that an entity (a link, an embed) covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entity_ranges: Vec<EntityRange>,
    /// The URLs, mentions, hashtags and cashtags X found in the text (X fills them in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<BlockData>,
}

/// X's block types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockType {
    /// A paragraph.
    Unstyled,
    /// A level-1 heading.
    HeaderOne,
    /// A level-2 heading.
    HeaderTwo,
    /// A heading of level 3 or deeper.
    HeaderThree,
    /// An item of a bulleted list.
    UnorderedListItem,
    /// An item of a numbered list.
    OrderedListItem,
    /// A block quote's paragraph.
    Blockquote,
    /// An embed: its text is a single space, covered by one entity.
    Atomic,
}

/// A style over part of a block's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleRange {
    /// Where it starts, in UTF-16 code units.
    pub offset: usize,
    /// How long it is, in UTF-16 code units.
    pub length: usize,
    /// The style.
    pub style: Style,
}

/// X's inline styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// `**bold**`
    Bold,
    /// `*italic*`
    Italic,
    /// `~~strike~~`
    Strikethrough,
}

/// An entity over part of a block's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityRange {
    /// The entity's index in [`ContentState::entities`].
    pub key: usize,
    /// Where it starts, in UTF-16 code units.
    pub offset: usize,
    /// How long it is, in UTF-16 code units.
    pub length: usize,
}

/// What X found in a block's text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockData {
    /// URLs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urls: Option<Vec<TextSpan>>,
    /// Mentions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentions: Option<Vec<TextSpan>>,
    /// Hashtags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hashtags: Option<Vec<TextSpan>>,
    /// Cashtags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cashtags: Option<Vec<TextSpan>>,
}

/// A span of a block's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextSpan {
    /// Where it starts.
    pub from_index: usize,
    /// Where it ends.
    pub to_index: usize,
    /// The text.
    pub text: String,
}

/// An entity: a link, or what an `atomic` block embeds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    /// Its key: its index in [`ContentState::entities`], as a string.
    pub key: String,
    /// What it is.
    pub value: EntityValue,
}

/// What an entity is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityValue {
    /// Its type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Whether the text it covers may change (X recommends immutable for embeds, mutable for
    /// links and markdown).
    pub mutability: Mutability,
    /// What it holds, by type.
    pub data: EntityData,
}

/// X's entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    /// An embedded post (`data.post_id`).
    Post,
    /// A link (`data.url`).
    Link,
    /// An image (`data.media_items`, `data.caption`).
    Image,
    /// An emoji.
    Emoji,
    /// Markdown X renders (`data.markdown`): fenced code, GFM tables.
    Markdown,
    /// A horizontal rule.
    Divider,
    /// LaTeX, its source in the block's text.
    Latex,
}

/// X's entity mutabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mutability {
    /// The covered text is one piece (embeds).
    Immutable,
    /// The covered text may be edited (links, markdown).
    Mutable,
    /// The covered text is cut at words.
    Segmented,
}

/// An entity's data: the fields of its type, and no others.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityData {
    /// A post's id (`post`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_id: Option<String>,
    /// A link's URL (`link`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// An image's media (`image`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_items: Option<Vec<MediaItem>>,
    /// An image's caption (`image`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// The Markdown X renders (`markdown`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub markdown: Option<String>,
}

/// An uploaded image, as an image entity or the cover names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaItem {
    /// Its media id, from the upload.
    pub media_id: String,
    /// Its category: [`IMAGE_CATEGORY`].
    pub media_category: String,
}

impl MediaItem {
    /// An image uploaded as `media_id`.
    pub fn image(media_id: impl Into<String>) -> Self {
        MediaItem {
            media_id: media_id.into(),
            media_category: IMAGE_CATEGORY.to_owned(),
        }
    }
}

impl ContentState {
    /// The weighted length (X's count) of all its markdown entities together, which X's
    /// Articles backend limits.
    pub fn markdown_weight(&self) -> usize {
        self.entities
            .iter()
            .filter_map(|e| e.value.data.markdown.as_deref())
            .map(xpost_text::weighted_length)
            .sum()
    }
}

/// The most markdown (fenced code, tables) X takes in one Article, in weighted characters.
pub const MARKDOWN_LIMIT: usize = 10_000;
