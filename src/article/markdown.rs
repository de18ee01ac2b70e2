//! Markdown (CommonMark, with GFM tables and strikethrough) into an Article's DraftJS content
//! state, pure: one pass over `pulldown-cmark`'s events, linear in the text's size.
//!
//! Paragraphs are `unstyled` blocks; headings `header-one`, `-two`, `-three` (deeper levels
//! as three); list items `unordered-list-item` or `ordered-list-item` (nested lists flattened:
//! X's blocks have no depth); a block quote's paragraphs `blockquote`. Bold, italic and
//! strikethrough are inline style ranges; links `link` entities. Fenced (or indented) code and
//! tables become `markdown` entities, `---` a `divider`, `![alt](path)` an `image` (uploaded
//! first: its media id is filled in later), and a paragraph that is only a post's URL a `post`:
//! each in an `atomic` block whose text is a single space. Offsets and lengths count UTF-16
//! code units, as DraftJS does.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::draft::{
    Block, BlockType, ContentState, Entity, EntityData, EntityRange, EntityType, EntityValue,
    MediaItem, Mutability, Style, StyleRange,
};

/// An Article read from Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// The text of the first level-1 heading, when it was asked for as the title (the heading
    /// is then left out of the body).
    pub title: Option<String>,
    /// The body.
    pub content_state: ContentState,
    /// The images to upload, in order, each with the entity that shows it.
    pub images: Vec<Image>,
}

/// An image the Markdown shows: `![alt](path "caption")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Its path as written (relative to the Markdown file).
    pub path: String,
    /// Its alt text, if any.
    pub alt: Option<String>,
    /// Its entity's index in the content state.
    pub entity: usize,
}

impl Converted {
    /// Gives image entity `entity` its uploaded media id.
    pub fn set_media_id(&mut self, entity: usize, media_id: &str) {
        if let Some(items) = self.content_state.entities[entity]
            .value
            .data
            .media_items
            .as_mut()
        {
            *items = vec![MediaItem::image(media_id)];
        }
    }
}

/// Converts `markdown`; with `title_from_heading`, its first level-1 heading is the title and
/// is left out of the body.
pub fn convert(markdown: &str, title_from_heading: bool) -> Converted {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut b = Builder {
        source: markdown,
        want_title: title_from_heading,
        ..Builder::default()
    };
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        b.event(event, range);
    }
    b.flush();
    Converted {
        title: b.title,
        content_state: ContentState {
            blocks: b.blocks,
            entities: b.entities,
        },
        images: b.images,
    }
}

/// The id of the post `text` is the URL of (on x.com or twitter.com), if it is one.
pub fn post_of(text: &str) -> Option<String> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/')?;
    let host = host.to_ascii_lowercase();
    let host = host
        .strip_prefix("www.")
        .or_else(|| host.strip_prefix("mobile."))
        .unwrap_or(&host);
    if !matches!(host, "x.com" | "twitter.com") {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let id = match segments.as_slice() {
        [user, "status", id] if !user.is_empty() => *id,
        ["i", "web", "status", id] => *id,
        _ => return None,
    };
    crate::ids::is_x_id(id).then(|| id.to_owned())
}

/// What encloses the text being read.
#[derive(Debug, Clone, Copy)]
enum Container {
    Quote,
    /// A list: ordered or not.
    List(bool),
    Item,
}

/// Text read for something other than a block's text.
enum Capture {
    /// The title's heading.
    Title(String),
    /// An image's alt text.
    Image {
        path: String,
        caption: String,
        alt: String,
    },
    /// A code block: its fence's info string and its text.
    Code { info: String, text: String },
    /// A table: its columns' alignments and its rows' cells, as written.
    Table {
        alignments: Vec<Alignment>,
        rows: Vec<Vec<String>>,
    },
}

/// The block being written.
#[derive(Default)]
struct Open {
    text: String,
    /// The text's length in UTF-16 code units.
    len: usize,
    styles: Vec<StyleRange>,
    ranges: Vec<EntityRange>,
}

#[derive(Default)]
struct Builder<'s> {
    source: &'s str,
    want_title: bool,
    title: Option<String>,
    blocks: Vec<Block>,
    entities: Vec<Entity>,
    images: Vec<Image>,
    containers: Vec<Container>,
    /// The kind of the block being written (or of the next one the text opens).
    kind: Option<BlockType>,
    open: Option<Open>,
    /// Open inline styles, each with where it started in the open block.
    styles: Vec<(Style, usize)>,
    /// Open links, each with its URL and where it started in the open block.
    links: Vec<(String, usize)>,
    capture: Option<Capture>,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>) {
        if self.capture.is_some() {
            self.captured(event, range);
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) | Event::InlineHtml(text) => self.push(&text),
            Event::Html(text) => self.push(&text),
            Event::SoftBreak => self.push(" "),
            Event::HardBreak => self.push("\n"),
            Event::Rule => {
                self.atomic(
                    EntityType::Divider,
                    Mutability::Immutable,
                    EntityData::default(),
                );
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.begin(self.paragraph_kind()),
            Tag::Heading { level, .. } => {
                if self.want_title && self.title.is_none() && level == HeadingLevel::H1 {
                    self.flush();
                    self.capture = Some(Capture::Title(String::new()));
                } else {
                    self.begin(match level {
                        HeadingLevel::H1 => BlockType::HeaderOne,
                        HeadingLevel::H2 => BlockType::HeaderTwo,
                        _ => BlockType::HeaderThree,
                    });
                }
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.containers.push(Container::Quote);
            }
            Tag::List(start) => {
                self.flush();
                self.containers.push(Container::List(start.is_some()));
            }
            Tag::Item => {
                self.flush();
                self.containers.push(Container::Item);
                self.begin(self.paragraph_kind());
            }
            Tag::HtmlBlock => self.begin(self.paragraph_kind()),
            Tag::CodeBlock(kind) => {
                self.flush();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.trim().to_owned(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.capture = Some(Capture::Code {
                    info,
                    text: String::new(),
                });
            }
            Tag::Table(alignments) => {
                self.flush();
                self.capture = Some(Capture::Table {
                    alignments,
                    rows: Vec::new(),
                });
            }
            Tag::Emphasis => self.style(Style::Italic),
            Tag::Strong => self.style(Style::Bold),
            Tag::Strikethrough => self.style(Style::Strikethrough),
            Tag::Link { dest_url, .. } => {
                let at = self.ensure_open().len;
                self.links.push((dest_url.into_string(), at));
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                self.capture = Some(Capture::Image {
                    path: dest_url.into_string(),
                    caption: title.into_string(),
                    alt: String::new(),
                });
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => {
                self.flush();
                self.kind = None;
            }
            TagEnd::HtmlBlock => {
                if let Some(open) = &mut self.open
                    && open.styles.is_empty()
                    && open.ranges.is_empty()
                {
                    let kept = open.text.trim_end_matches('\n').len();
                    open.text.truncate(kept);
                    open.len = utf16(&open.text);
                }
                self.flush();
                self.kind = None;
            }
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item => {
                self.flush();
                self.containers.pop();
                self.kind = None;
            }
            TagEnd::Emphasis => self.end_style(Style::Italic),
            TagEnd::Strong => self.end_style(Style::Bold),
            TagEnd::Strikethrough => self.end_style(Style::Strikethrough),
            TagEnd::Link => {
                if let Some((url, start)) = self.links.pop() {
                    let end = self.ensure_open().len;
                    self.link(url, start, end);
                }
            }
            _ => {}
        }
    }

    /// An event inside a title, an image's alt text, a code block or a table.
    fn captured(&mut self, event: Event<'_>, range: std::ops::Range<usize>) {
        let Some(capture) = &mut self.capture else {
            return;
        };
        match (capture, event) {
            (Capture::Title(text) | Capture::Image { alt: text, .. }, event) => match event {
                Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => text.push_str(&t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                Event::End(TagEnd::Heading(_)) => {
                    let Some(Capture::Title(title)) = self.capture.take() else {
                        return;
                    };
                    self.title = Some(title.trim().to_owned());
                }
                Event::End(TagEnd::Image) => {
                    let Some(Capture::Image { path, caption, alt }) = self.capture.take() else {
                        return;
                    };
                    self.image(path, caption, alt);
                }
                _ => {}
            },
            (Capture::Code { text, .. }, Event::Text(t)) => text.push_str(&t),
            (Capture::Code { .. }, Event::End(TagEnd::CodeBlock)) => {
                let Some(Capture::Code { info, text }) = self.capture.take() else {
                    return;
                };
                self.markdown(fenced(&info, &text));
            }
            (Capture::Table { rows, .. }, Event::Start(Tag::TableHead | Tag::TableRow)) => {
                rows.push(Vec::new());
            }
            (Capture::Table { rows, .. }, Event::Start(Tag::TableCell)) => {
                if let Some(row) = rows.last_mut() {
                    row.push(
                        self.source[range]
                            .trim()
                            .trim_matches('|')
                            .trim()
                            .to_owned(),
                    );
                }
            }
            (Capture::Table { .. }, Event::End(TagEnd::Table)) => {
                let Some(Capture::Table { alignments, rows }) = self.capture.take() else {
                    return;
                };
                self.markdown(table(&alignments, &rows));
            }
            _ => {}
        }
    }

    /// The kind of a paragraph here: a list item's, a quote's, or a plain one.
    fn paragraph_kind(&self) -> BlockType {
        for (i, container) in self.containers.iter().enumerate().rev() {
            match container {
                Container::Item => {
                    let ordered = self.containers[..i]
                        .iter()
                        .rev()
                        .find_map(|c| match c {
                            Container::List(ordered) => Some(*ordered),
                            _ => None,
                        })
                        .unwrap_or(false);
                    return if ordered {
                        BlockType::OrderedListItem
                    } else {
                        BlockType::UnorderedListItem
                    };
                }
                Container::Quote => return BlockType::Blockquote,
                Container::List(_) => {}
            }
        }
        BlockType::Unstyled
    }

    /// Starts a block of `kind`; an empty block already open (a list item's, before its first
    /// paragraph) becomes it.
    fn begin(&mut self, kind: BlockType) {
        if self.open.as_ref().is_some_and(|o| !o.text.is_empty()) {
            self.flush();
        }
        self.kind = Some(kind);
    }

    /// The open block, opened (of the kind here) if none is.
    fn ensure_open(&mut self) -> &mut Open {
        if self.kind.is_none() {
            self.kind = Some(self.paragraph_kind());
        }
        self.open.get_or_insert_with(Open::default)
    }

    fn push(&mut self, text: &str) {
        let open = self.ensure_open();
        open.text.push_str(text);
        open.len += utf16(text);
    }

    fn style(&mut self, style: Style) {
        let at = self.ensure_open().len;
        self.styles.push((style, at));
    }

    fn end_style(&mut self, style: Style) {
        if let Some(i) = self.styles.iter().rposition(|(s, _)| *s == style) {
            let (_, start) = self.styles.remove(i);
            let open = self.ensure_open();
            if open.len > start {
                open.styles.push(StyleRange {
                    offset: start,
                    length: open.len - start,
                    style,
                });
            }
        }
    }

    fn link(&mut self, url: String, start: usize, end: usize) {
        // A link to nowhere (`[text]()`) is its text: X's link entity needs a URL.
        if end <= start || url.trim().is_empty() {
            return;
        }
        let key = self.entity(
            EntityType::Link,
            Mutability::Mutable,
            EntityData {
                url: Some(url),
                ..EntityData::default()
            },
        );
        self.ensure_open().ranges.push(EntityRange {
            key,
            offset: start,
            length: end - start,
        });
    }

    fn entity(&mut self, kind: EntityType, mutability: Mutability, data: EntityData) -> usize {
        let key = self.entities.len();
        self.entities.push(Entity {
            key: key.to_string(),
            value: EntityValue {
                kind,
                mutability,
                data,
            },
        });
        key
    }

    /// An `atomic` block embedding a new entity; the block being written ends before it (and
    /// goes on, as one of the same kind, after it).
    fn atomic(&mut self, kind: EntityType, mutability: Mutability, data: EntityData) -> usize {
        let resume = self.kind;
        self.flush();
        let key = self.entity(kind, mutability, data);
        self.blocks.push(Block {
            text: " ".to_owned(),
            kind: BlockType::Atomic,
            key: None,
            inline_style_ranges: Vec::new(),
            entity_ranges: vec![EntityRange {
                key,
                offset: 0,
                length: 1,
            }],
            data: None,
        });
        self.kind = resume;
        key
    }

    fn markdown(&mut self, markdown: String) {
        self.atomic(
            EntityType::Markdown,
            Mutability::Mutable,
            EntityData {
                markdown: Some(markdown),
                ..EntityData::default()
            },
        );
    }

    fn image(&mut self, path: String, caption: String, alt: String) {
        let caption = caption.trim();
        let entity = self.atomic(
            EntityType::Image,
            Mutability::Immutable,
            EntityData {
                media_items: Some(vec![MediaItem::image("")]),
                caption: (!caption.is_empty()).then(|| caption.to_owned()),
                ..EntityData::default()
            },
        );
        let alt = alt.trim();
        self.images.push(Image {
            path,
            alt: (!alt.is_empty()).then(|| alt.to_owned()),
            entity,
        });
    }

    /// Ends the open block: its open styles and links end here (and go on in the next block),
    /// and a paragraph that is only a post's URL becomes the post, embedded.
    fn flush(&mut self) {
        let Some(mut open) = self.open.take() else {
            return;
        };
        for (style, start) in &mut self.styles {
            if open.len > *start {
                open.styles.push(StyleRange {
                    offset: *start,
                    length: open.len - *start,
                    style: *style,
                });
            }
            *start = 0;
        }
        let links = std::mem::take(&mut self.links);
        self.open = Some(open);
        for (url, start) in &links {
            let end = self.open.as_ref().map_or(0, |o| o.len);
            self.link(url.clone(), *start, end);
        }
        self.links = links.into_iter().map(|(url, _)| (url, 0)).collect();
        let Some(open) = self.open.take() else {
            return;
        };
        let kind = self.kind.unwrap_or(BlockType::Unstyled);
        if kind == BlockType::Unstyled
            && open.styles.is_empty()
            && open.ranges.len() <= 1
            && let Some(id) = post_of(open.text.trim())
        {
            // An autolink's entity (`<https://x.com/...>`) gives way to the post's.
            if let Some(link) = open.ranges.first() {
                self.entities.truncate(link.key);
            }
            self.atomic(
                EntityType::Post,
                Mutability::Immutable,
                EntityData {
                    post_id: Some(id),
                    ..EntityData::default()
                },
            );
            return;
        }
        if open.text.trim().is_empty() && open.ranges.is_empty() {
            return;
        }
        self.blocks.push(Block {
            text: open.text,
            kind,
            key: None,
            inline_style_ranges: open.styles,
            entity_ranges: open.ranges,
            data: None,
        });
    }
}

/// The length of `text` in UTF-16 code units (DraftJS's offsets).
fn utf16(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// A code block as fenced Markdown, its fence longer than any run of backticks in it.
fn fenced(info: &str, code: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    let newline = if code.ends_with('\n') { "" } else { "\n" };
    format!("{fence}{info}\n{code}{newline}{fence}")
}

/// A GFM table as Markdown: its rows' cells as written, with its alignments.
fn table(alignments: &[Alignment], rows: &[Vec<String>]) -> String {
    let row = |cells: &[String]| format!("| {} |", cells.join(" | "));
    let mut lines = Vec::with_capacity(rows.len() + 1);
    if let Some(head) = rows.first() {
        lines.push(row(head));
    }
    let rule: Vec<String> = alignments
        .iter()
        .map(|a| {
            match a {
                Alignment::None => "---",
                Alignment::Left => ":---",
                Alignment::Center => ":---:",
                Alignment::Right => "---:",
            }
            .to_owned()
        })
        .collect();
    lines.push(row(&rule));
    lines.extend(rows.iter().skip(1).map(|r| row(r)));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::article::draft::{DraftBody, MARKDOWN_LIMIT};

    /// Checks a draft's body against X's schema as `x-api.md` gives it (2.167's
    /// `ArticleCreateDraftRequest`), on the JSON itself: every object has only X's fields, types
    /// and styles are X's, ranges lie within their block's text in UTF-16 code units, entity
    /// keys point at entities, each entity's data has its type's fields, and an `atomic` block
    /// is a single space covered by one embed.
    fn conforms(body: &DraftBody) -> Value {
        let value = serde_json::to_value(body).unwrap();
        let keys = |v: &Value, allowed: &[&str], at: &str| {
            for key in v
                .as_object()
                .unwrap_or_else(|| panic!("{at} is an object"))
                .keys()
            {
                assert!(
                    allowed.contains(&key.as_str()),
                    "{at}.{key} is not in X's schema"
                );
            }
        };
        keys(&value, &["title", "content_state", "cover_media"], "$");
        assert!(value["title"].is_string());
        let state = &value["content_state"];
        keys(state, &["blocks", "entities"], "$.content_state");
        let entities = state["entities"].as_array().unwrap();
        for (i, entity) in entities.iter().enumerate() {
            let at = format!("$.content_state.entities[{i}]");
            keys(entity, &["key", "value"], &at);
            assert_eq!(entity["key"], json!(i.to_string()), "{at}.key");
            let v = &entity["value"];
            keys(v, &["type", "mutability", "data"], &at);
            let kind = v["type"].as_str().unwrap();
            let fields: &[&str] = match kind {
                "post" => &["post_id"],
                "link" => &["url"],
                "image" => &["media_items", "caption"],
                "markdown" => &["markdown"],
                "divider" | "emoji" | "latex" => &[],
                other => panic!("{at}: {other} is not one of X's entity types"),
            };
            keys(&v["data"], fields, &format!("{at}.value.data"));
            assert!(
                ["immutable", "mutable", "segmented"].contains(&v["mutability"].as_str().unwrap())
            );
            if kind == "image" {
                for item in v["data"]["media_items"].as_array().unwrap() {
                    keys(item, &["media_id", "media_category"], &at);
                    assert_eq!(item["media_category"], "tweet_image");
                }
            }
        }
        for (i, block) in state["blocks"].as_array().unwrap().iter().enumerate() {
            let at = format!("$.content_state.blocks[{i}]");
            keys(
                block,
                &[
                    "text",
                    "type",
                    "key",
                    "inline_style_ranges",
                    "entity_ranges",
                    "data",
                ],
                &at,
            );
            let text = block["text"].as_str().unwrap();
            let len: usize = text.encode_utf16().count();
            let kind = block["type"].as_str().unwrap();
            assert!(
                [
                    "unstyled",
                    "header-one",
                    "header-two",
                    "header-three",
                    "unordered-list-item",
                    "ordered-list-item",
                    "blockquote",
                    "atomic"
                ]
                .contains(&kind),
                "{at}: {kind}"
            );
            let empty = json!([]);
            for range in block
                .get("inline_style_ranges")
                .unwrap_or(&empty)
                .as_array()
                .unwrap()
            {
                keys(range, &["offset", "length", "style"], &at);
                let (offset, length) = (
                    range["offset"].as_u64().unwrap(),
                    range["length"].as_u64().unwrap(),
                );
                assert!(
                    length > 0 && (offset + length) as usize <= len,
                    "{at}: {range} in {text:?}"
                );
                assert!(
                    ["bold", "italic", "strikethrough"].contains(&range["style"].as_str().unwrap())
                );
            }
            let ranges = block
                .get("entity_ranges")
                .unwrap_or(&empty)
                .as_array()
                .unwrap();
            for range in ranges {
                keys(range, &["key", "offset", "length"], &at);
                let key = range["key"].as_u64().unwrap() as usize;
                assert!(key < entities.len(), "{at}: entity {key} does not exist");
                let (offset, length) = (
                    range["offset"].as_u64().unwrap(),
                    range["length"].as_u64().unwrap(),
                );
                assert!(
                    length > 0 && (offset + length) as usize <= len,
                    "{at}: {range} in {text:?}"
                );
                let embed = entities[key]["value"]["type"] != "link";
                assert_eq!(
                    embed,
                    kind == "atomic",
                    "{at}: an embed is an atomic block's only entity"
                );
            }
            if kind == "atomic" {
                assert_eq!(text, " ", "{at}");
                assert_eq!(ranges.len(), 1, "{at}");
            }
        }
        let back: DraftBody = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(&back, body);
        value
    }

    /// The body of `markdown` (the title from its first heading when `title_from_heading`),
    /// checked against X's schema, as JSON.
    fn converted(markdown: &str, title_from_heading: bool) -> (Value, Converted) {
        let converted = convert(markdown, title_from_heading);
        let body = DraftBody {
            title: converted
                .title
                .clone()
                .unwrap_or_else(|| "A title".to_owned()),
            content_state: converted.content_state.clone(),
            cover_media: Some(MediaItem::image("1234")),
        };
        (conforms(&body)["content_state"].clone(), converted)
    }

    fn block(text: &str, kind: &str) -> Value {
        json!({"text": text, "type": kind})
    }

    fn atomic(key: usize) -> Value {
        json!({"text": " ", "type": "atomic", "entity_ranges": [{"key": key, "offset": 0, "length": 1}]})
    }

    fn entity(key: usize, kind: &str, mutability: &str, data: Value) -> Value {
        json!({"key": key.to_string(), "value": {"type": kind, "mutability": mutability, "data": data}})
    }

    #[test]
    fn each_construct_maps_to_xs_blocks_and_entities() {
        let cases: Vec<(&str, &str, Value)> = vec![
            (
                "paragraphs",
                "Hello world,\nsoftly broken.\n\nA second one.",
                json!({"blocks": [block("Hello world, softly broken.", "unstyled"), block("A second one.", "unstyled")], "entities": []}),
            ),
            (
                "headings, deeper levels as three",
                "# One\n## Two\n### Three\n#### Four\n###### Six",
                json!({"blocks": [block("One", "header-one"), block("Two", "header-two"), block("Three", "header-three"), block("Four", "header-three"), block("Six", "header-three")], "entities": []}),
            ),
            (
                "lists",
                "- a\n- b\n\n1. c\n2. d",
                json!({"blocks": [block("a", "unordered-list-item"), block("b", "unordered-list-item"), block("c", "ordered-list-item"), block("d", "ordered-list-item")], "entities": []}),
            ),
            (
                "a nested list, flattened",
                "- a\n  1. b\n- c",
                json!({"blocks": [block("a", "unordered-list-item"), block("b", "ordered-list-item"), block("c", "unordered-list-item")], "entities": []}),
            ),
            (
                "a loose list item of two paragraphs",
                "- one\n\n  two\n- three",
                json!({"blocks": [block("one", "unordered-list-item"), block("two", "unordered-list-item"), block("three", "unordered-list-item")], "entities": []}),
            ),
            (
                "block quotes",
                "> quoted\n>\n> again",
                json!({"blocks": [block("quoted", "blockquote"), block("again", "blockquote")], "entities": []}),
            ),
            (
                "bold, italic and strikethrough",
                "**b** *i* ~~s~~ ***bi***",
                json!({"blocks": [{"text": "b i s bi", "type": "unstyled", "inline_style_ranges": [
                    {"offset": 0, "length": 1, "style": "bold"},
                    {"offset": 2, "length": 1, "style": "italic"},
                    {"offset": 4, "length": 1, "style": "strikethrough"},
                    {"offset": 6, "length": 2, "style": "bold"},
                    {"offset": 6, "length": 2, "style": "italic"},
                ]}], "entities": []}),
            ),
            (
                "links",
                "see [the **docs**](https://docs.rs) now",
                json!({"blocks": [{"text": "see the docs now", "type": "unstyled",
                    "inline_style_ranges": [{"offset": 8, "length": 4, "style": "bold"}],
                    "entity_ranges": [{"key": 0, "offset": 4, "length": 8}]}],
                    "entities": [entity(0, "link", "mutable", json!({"url": "https://docs.rs"}))]}),
            ),
            (
                "a link to nowhere is its text",
                "[text]() and [more](<>)",
                json!({"blocks": [block("text and more", "unstyled")], "entities": []}),
            ),
            (
                "fenced code",
                "```rust\nfn main() {}\n```\n\n    indented();\n",
                json!({"blocks": [atomic(0), atomic(1)], "entities": [
                    entity(0, "markdown", "mutable", json!({"markdown": "```rust\nfn main() {}\n```"})),
                    entity(1, "markdown", "mutable", json!({"markdown": "```\nindented();\n```"})),
                ]}),
            ),
            (
                "code holding a fence",
                "````\n```\n````",
                json!({"blocks": [atomic(0)], "entities": [entity(0, "markdown", "mutable", json!({"markdown": "````\n```\n````"}))]}),
            ),
            (
                "tables",
                "| a | **b** | c |\n|:--|--:|:-:|\n| 1 | 2 \\| 3 | |",
                json!({"blocks": [atomic(0)], "entities": [entity(0, "markdown", "mutable",
                    json!({"markdown": "| a | **b** | c |\n| :--- | ---: | :---: |\n| 1 | 2 \\| 3 |  |"}))]}),
            ),
            (
                "dividers",
                "a\n\n---\n\nb",
                json!({"blocks": [block("a", "unstyled"), atomic(0), block("b", "unstyled")],
                    "entities": [entity(0, "divider", "immutable", json!({}))]}),
            ),
            (
                "images, with their caption",
                "![a cat](cat.png \"Our cat\")",
                json!({"blocks": [atomic(0)], "entities": [entity(0, "image", "immutable",
                    json!({"media_items": [{"media_id": "", "media_category": "tweet_image"}], "caption": "Our cat"}))]}),
            ),
            (
                "an image inside a paragraph cuts it",
                "before ![x](a.png) *after*",
                json!({"blocks": [block("before ", "unstyled"), atomic(0),
                    {"text": " after", "type": "unstyled", "inline_style_ranges": [{"offset": 1, "length": 5, "style": "italic"}]}],
                    "entities": [entity(0, "image", "immutable", json!({"media_items": [{"media_id": "", "media_category": "tweet_image"}]}))]}),
            ),
            (
                "a post's URL alone, bare or as an autolink",
                "https://x.com/someone/status/1862\n\n<https://twitter.com/i/web/status/12?s=20>\n\nsee https://x.com/a/status/1",
                json!({"blocks": [atomic(0), atomic(1), block("see https://x.com/a/status/1", "unstyled")], "entities": [
                    entity(0, "post", "immutable", json!({"post_id": "1862"})),
                    entity(1, "post", "immutable", json!({"post_id": "12"})),
                ]}),
            ),
            (
                "offsets in UTF-16 code units, outside the BMP",
                "𝐀 **b** [😀x](https://e.example) é",
                json!({"blocks": [{"text": "𝐀 b 😀x é", "type": "unstyled",
                    "inline_style_ranges": [{"offset": 3, "length": 1, "style": "bold"}],
                    "entity_ranges": [{"key": 0, "offset": 5, "length": 3}]}],
                    "entities": [entity(0, "link", "mutable", json!({"url": "https://e.example"}))]}),
            ),
            (
                "a heading keeps its styles and quotes their lists",
                "## A *b*\n\n> - q",
                json!({"blocks": [{"text": "A b", "type": "header-two", "inline_style_ranges": [{"offset": 2, "length": 1, "style": "italic"}]},
                    block("q", "unordered-list-item")], "entities": []}),
            ),
        ];
        for (name, markdown, expected) in cases {
            let (state, _) = converted(markdown, false);
            assert_eq!(state, expected, "{name}: {markdown:?}");
        }
    }

    #[test]
    fn the_first_level_one_heading_is_the_title_when_asked() {
        let (state, c) = converted("Intro\n\n# The *title*\n\n# Another\n\nBody", true);
        assert_eq!(c.title.as_deref(), Some("The title"));
        assert_eq!(
            state["blocks"],
            json!([
                block("Intro", "unstyled"),
                block("Another", "header-one"),
                block("Body", "unstyled")
            ])
        );
        let (state, c) = converted("# Kept\n\nBody", false);
        assert_eq!(c.title, None);
        assert_eq!(state["blocks"][0], block("Kept", "header-one"));
        assert_eq!(convert("## Not a title", true).title, None);
    }

    #[test]
    fn images_are_listed_with_their_alt_text_and_get_their_media_ids() {
        let mut c = convert(
            "# T\n\n![A *cat*, asleep](pics/cat.png)\n\ntext\n\n![](dog.png)",
            true,
        );
        assert_eq!(
            c.images,
            [
                Image {
                    path: "pics/cat.png".into(),
                    alt: Some("A cat, asleep".into()),
                    entity: 0
                },
                Image {
                    path: "dog.png".into(),
                    alt: None,
                    entity: 1
                },
            ]
        );
        c.set_media_id(1, "555");
        assert_eq!(
            c.content_state.entities[1].value.data.media_items,
            Some(vec![MediaItem::image("555")])
        );
    }

    #[test]
    fn a_posts_url_is_read_by_xs_hosts_and_paths() {
        for (url, id) in [
            ("https://x.com/a/status/1", Some("1")),
            ("https://www.twitter.com/a_b/status/1862/", Some("1862")),
            ("http://mobile.x.com/a/status/9?s=20#m", Some("9")),
            ("https://X.COM/i/web/status/7", Some("7")),
            ("https://example.com/a/status/1", None),
            ("https://x.com/a/status/12345678901234567890", None),
            ("https://x.com/a/status/1/photo/1", None),
            ("https://x.com/a", None),
            ("x.com/a/status/1", None),
        ] {
            assert_eq!(post_of(url).as_deref(), id, "{url}");
        }
    }

    #[test]
    fn markdown_is_weighed_as_x_counts_it() {
        let code = format!("```\n{}\n```", "é".repeat(100));
        let c = convert(&code, false);
        // The fences, two newlines and 100 characters of weight 1.
        assert_eq!(c.content_state.markdown_weight(), 108);
        let cjk = format!("| a |\n|---|\n| {} |", "漢".repeat(MARKDOWN_LIMIT / 2));
        let c = convert(&cjk, false);
        assert!(c.content_state.markdown_weight() > MARKDOWN_LIMIT);
        assert_eq!(
            convert("plain text only", false)
                .content_state
                .markdown_weight(),
            0
        );
    }
}
