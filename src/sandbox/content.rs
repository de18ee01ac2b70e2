//! What users made in the sandbox, pure and clock-injected: uploaded media (owned,
//! expiring after 24 hours) and posts, with X's rules for creating a post.

use std::time::{Duration, SystemTime};

use super::ids::Snowflakes;

/// How long an uploaded media id can be attached to a post (X: 24 hours).
pub const MEDIA_TTL: Duration = Duration::from_secs(86_400);
/// The longest post text, counted in characters (X weighs some characters double;
/// the sandbox does not, yet).
pub(crate) const MAX_TEXT_CHARS: usize = 280;
/// The most media one post carries.
pub(crate) const MAX_MEDIA: usize = 4;
/// The longest alt text, in characters.
pub(crate) const MAX_ALT_TEXT_CHARS: usize = 1000;

/// How an upload was authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// OAuth 1.0a user context (API key and access token, HMAC-SHA1).
    OAuth1,
    /// An OAuth 2.0 user access token (bearer).
    OAuth2,
}

/// One uploaded media item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    /// The 19-digit media id, as a string.
    pub id: String,
    /// X's media key, `3_<id>` for images (`16_<id>` for animated GIFs).
    pub media_key: String,
    /// The id of the user who uploaded it.
    pub owner_id: String,
    /// The `media_category` given at upload (`tweet_image`, `tweet_gif`).
    pub category: String,
    /// Size in bytes.
    pub size: usize,
    /// MIME type found from the bytes (`image/png` ...).
    pub mime: String,
    /// How the upload was authenticated.
    pub auth: AuthKind,
    /// Alt text set with `POST /2/media/metadata`, if any.
    pub alt_text: Option<String>,
}

/// One post made in the sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    /// The 19-digit post id, as a string.
    pub id: String,
    /// The id of the user who posted it.
    pub author_id: String,
    /// The text as sent.
    pub text: String,
    /// The attached media ids, in order.
    pub media_ids: Vec<String>,
    /// The post this one replies to.
    pub reply_to: Option<String>,
    /// The post this one quotes.
    pub quote_of: Option<String>,
}

/// A post request, as parsed from `POST /2/tweets`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NewPost {
    pub(crate) text: Option<String>,
    pub(crate) media_ids: Option<Vec<String>>,
    pub(crate) reply_to: Option<String>,
    pub(crate) quote_of: Option<String>,
}

/// Why a post was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PostError {
    /// No text and no media.
    Empty,
    /// More than [`MAX_TEXT_CHARS`] characters.
    TooLong(usize),
    /// `media_ids` empty or longer than [`MAX_MEDIA`].
    MediaCount(usize),
    /// A media id unknown, expired, foreign or given twice.
    BadMedia(String),
    /// An animated GIF together with other media.
    MediaMix,
    /// The replied-to post does not exist.
    ReplyTarget,
    /// The quoted post does not exist.
    QuoteTarget,
    /// The same text as one of this author's earlier posts.
    Duplicate,
}

struct StoredMedia {
    media: Media,
    expires_at: SystemTime,
}

/// Every media item and post, in the order they were made.
#[derive(Default)]
pub(crate) struct Content {
    ids: Snowflakes,
    media: Vec<StoredMedia>,
    posts: Vec<Post>,
}

impl Content {
    /// Records an upload and returns it with its new id.
    pub(crate) fn add_media(
        &mut self,
        owner_id: &str,
        category: &str,
        mime: &str,
        size: usize,
        auth: AuthKind,
        now: SystemTime,
    ) -> Media {
        let id = self.ids.next(now);
        let prefix = if category == "tweet_gif" { "16" } else { "3" };
        let media = Media {
            media_key: format!("{prefix}_{id}"),
            id,
            owner_id: owner_id.to_string(),
            category: category.to_string(),
            size,
            mime: mime.to_string(),
            auth,
            alt_text: None,
        };
        self.media.push(StoredMedia {
            media: media.clone(),
            expires_at: now + MEDIA_TTL,
        });
        media
    }

    /// Creates a post after X's checks, in X's order.
    pub(crate) fn create_post(
        &mut self,
        author_id: &str,
        new: NewPost,
        now: SystemTime,
    ) -> Result<Post, PostError> {
        let text = new.text.unwrap_or_default();
        // Counted as X counts it (twitter-text v3), with the client's own counter.
        let weighted = crate::text::weighted_length(&text);
        if weighted > MAX_TEXT_CHARS {
            return Err(PostError::TooLong(weighted));
        }
        let media_ids = match new.media_ids {
            Some(ids) => {
                self.check_media(author_id, &ids, now)?;
                ids
            }
            None => Vec::new(),
        };
        if text.trim().is_empty() && media_ids.is_empty() {
            return Err(PostError::Empty);
        }
        if new.reply_to.as_ref().is_some_and(|id| !self.has_post(id)) {
            return Err(PostError::ReplyTarget);
        }
        if new.quote_of.as_ref().is_some_and(|id| !self.has_post(id)) {
            return Err(PostError::QuoteTarget);
        }
        if !text.trim().is_empty()
            && self
                .posts
                .iter()
                .any(|p| p.author_id == author_id && p.text == text)
        {
            return Err(PostError::Duplicate);
        }
        let post = Post {
            id: self.ids.next(now),
            author_id: author_id.to_string(),
            text,
            media_ids,
            reply_to: new.reply_to,
            quote_of: new.quote_of,
        };
        self.posts.push(post.clone());
        Ok(post)
    }

    fn has_post(&self, id: &str) -> bool {
        self.posts.iter().any(|p| p.id == id)
    }

    fn check_media(
        &self,
        author_id: &str,
        ids: &[String],
        now: SystemTime,
    ) -> Result<(), PostError> {
        if ids.is_empty() || ids.len() > MAX_MEDIA {
            return Err(PostError::MediaCount(ids.len()));
        }
        let mut animated = false;
        for (i, id) in ids.iter().enumerate() {
            let usable = self
                .media
                .iter()
                .find(|m| &m.media.id == id && m.media.owner_id == author_id && now < m.expires_at);
            let Some(stored) = usable else {
                return Err(PostError::BadMedia(id.clone()));
            };
            if ids[..i].contains(id) {
                return Err(PostError::BadMedia(id.clone()));
            }
            animated |= stored.media.category == "tweet_gif";
        }
        if animated && ids.len() > 1 {
            return Err(PostError::MediaMix);
        }
        Ok(())
    }

    /// Sets a media item's alt text; `Err` is the refusal's detail.
    pub(crate) fn set_alt_text(
        &mut self,
        owner_id: &str,
        media_id: &str,
        text: &str,
        now: SystemTime,
    ) -> Result<(), String> {
        let chars = text.chars().count();
        if chars > MAX_ALT_TEXT_CHARS {
            return Err(format!(
                "The alt text has {chars} characters; the limit is {MAX_ALT_TEXT_CHARS}."
            ));
        }
        let stored = self
            .media
            .iter_mut()
            .find(|m| m.media.id == media_id && m.media.owner_id == owner_id && now < m.expires_at)
            .ok_or_else(|| {
                format!("Media {media_id} is unknown, expired or uploaded by another user.")
            })?;
        stored.media.alt_text = Some(text.to_string());
        Ok(())
    }

    /// Every media item uploaded, in order.
    pub(crate) fn media(&self) -> Vec<Media> {
        self.media.iter().map(|m| m.media.clone()).collect()
    }

    /// Every post made, in order.
    pub(crate) fn posts(&self) -> Vec<Post> {
        self.posts.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    fn t(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_700_000_000 + secs)
    }

    fn text(s: &str) -> NewPost {
        NewPost {
            text: Some(s.into()),
            ..NewPost::default()
        }
    }

    fn with_media(s: &str, ids: &[&str]) -> NewPost {
        NewPost {
            text: Some(s.into()),
            media_ids: Some(ids.iter().map(|s| s.to_string()).collect()),
            ..NewPost::default()
        }
    }

    fn image(c: &mut Content, owner: &str, now: SystemTime) -> String {
        c.add_media(owner, "tweet_image", "image/png", 10, AuthKind::OAuth1, now)
            .id
    }

    #[test]
    fn a_post_gets_an_id_and_is_recorded() {
        let mut c = Content::default();
        let post = c.create_post("u", text("hello"), t(0)).unwrap();
        assert_eq!(post.id.len(), 19);
        assert_eq!(c.posts(), vec![post]);
    }

    #[test]
    fn empty_text_without_media_is_refused() {
        let mut c = Content::default();
        assert_eq!(c.create_post("u", text(""), t(0)), Err(PostError::Empty));
        assert_eq!(c.create_post("u", text("  "), t(0)), Err(PostError::Empty));
        assert_eq!(
            c.create_post("u", NewPost::default(), t(0)),
            Err(PostError::Empty)
        );
    }

    #[test]
    fn media_alone_is_enough() {
        let mut c = Content::default();
        let m = image(&mut c, "u", t(0));
        assert!(c.create_post("u", with_media("", &[&m]), t(1)).is_ok());
    }

    #[test]
    fn text_over_280_characters_is_refused() {
        let mut c = Content::default();
        assert!(c.create_post("u", text(&"é".repeat(280)), t(0)).is_ok());
        assert_eq!(
            c.create_post("u", text(&"a".repeat(281)), t(0)),
            Err(PostError::TooLong(281))
        );
        // Weighted as X weighs it: CJK counts 2, a URL 23.
        assert_eq!(
            c.create_post("u", text(&"日".repeat(141)), t(0)),
            Err(PostError::TooLong(282))
        );
        let with_url = format!(
            "{} https://example.com/{}",
            "b".repeat(256),
            "c".repeat(100)
        );
        assert!(c.create_post("u", text(&with_url), t(0)).is_ok());
    }

    #[test]
    fn duplicate_text_of_the_same_author_is_refused() {
        let mut c = Content::default();
        c.create_post("u", text("same"), t(0)).unwrap();
        assert_eq!(
            c.create_post("u", text("same"), t(1)),
            Err(PostError::Duplicate)
        );
        assert!(c.create_post("other", text("same"), t(2)).is_ok());
    }

    #[test]
    fn media_must_exist_belong_to_the_poster_be_fresh_and_distinct() {
        let mut c = Content::default();
        let mine = image(&mut c, "u", t(0));
        let theirs = image(&mut c, "other", t(0));
        assert_eq!(
            c.create_post("u", with_media("a", &["123"]), t(1)),
            Err(PostError::BadMedia("123".into()))
        );
        assert_eq!(
            c.create_post("u", with_media("b", &[&theirs]), t(1)),
            Err(PostError::BadMedia(theirs.clone()))
        );
        assert_eq!(
            c.create_post("u", with_media("c", &[&mine, &mine]), t(1)),
            Err(PostError::BadMedia(mine.clone()))
        );
        assert_eq!(
            c.create_post("u", with_media("d", &[&mine]), t(0) + MEDIA_TTL),
            Err(PostError::BadMedia(mine.clone()))
        );
        assert!(c.create_post("u", with_media("e", &[&mine]), t(10)).is_ok());
    }

    #[test]
    fn one_to_four_media() {
        let mut c = Content::default();
        let ids: Vec<String> = (0..5).map(|_| image(&mut c, "u", t(0))).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert_eq!(
            c.create_post("u", with_media("five", &refs), t(1)),
            Err(PostError::MediaCount(5))
        );
        assert_eq!(
            c.create_post("u", with_media("none", &[]), t(1)),
            Err(PostError::MediaCount(0))
        );
        assert!(
            c.create_post("u", with_media("four", &refs[..4]), t(1))
                .is_ok()
        );
    }

    #[test]
    fn an_animated_gif_goes_alone() {
        let mut c = Content::default();
        let gif = c
            .add_media("u", "tweet_gif", "image/gif", 10, AuthKind::OAuth2, t(0))
            .id;
        let png = image(&mut c, "u", t(0));
        assert_eq!(
            c.create_post("u", with_media("mix", &[&gif, &png]), t(1)),
            Err(PostError::MediaMix)
        );
        assert!(c.create_post("u", with_media("gif", &[&gif]), t(1)).is_ok());
    }

    #[test]
    fn alt_text_is_set_on_own_fresh_media_within_1000_characters() {
        let mut c = Content::default();
        let mine = image(&mut c, "u", t(0));
        assert!(c.set_alt_text("u", &mine, "a cat", t(1)).is_ok());
        assert_eq!(c.media()[0].alt_text.as_deref(), Some("a cat"));
        assert!(c.set_alt_text("other", &mine, "x", t(1)).is_err());
        assert!(c.set_alt_text("u", "42", "x", t(1)).is_err());
        assert!(c.set_alt_text("u", &mine, &"é".repeat(1001), t(1)).is_err());
        assert!(
            c.set_alt_text("u", &mine, "late", t(0) + MEDIA_TTL)
                .is_err()
        );
    }

    #[test]
    fn media_keys_follow_xs_prefixes() {
        let mut c = Content::default();
        let png = c.add_media("u", "tweet_image", "image/png", 1, AuthKind::OAuth1, t(0));
        assert_eq!(png.media_key, format!("3_{}", png.id));
        let gif = c.add_media("u", "tweet_gif", "image/gif", 1, AuthKind::OAuth1, t(0));
        assert_eq!(gif.media_key, format!("16_{}", gif.id));
    }

    #[test]
    fn replies_and_quotes_need_an_existing_post() {
        let mut c = Content::default();
        let first = c.create_post("u", text("first"), t(0)).unwrap();
        let reply = NewPost {
            reply_to: Some("1".into()),
            ..text("reply")
        };
        assert_eq!(c.create_post("u", reply, t(1)), Err(PostError::ReplyTarget));
        let quote = NewPost {
            quote_of: Some("1".into()),
            ..text("quote")
        };
        assert_eq!(c.create_post("u", quote, t(1)), Err(PostError::QuoteTarget));
        let both = NewPost {
            reply_to: Some(first.id.clone()),
            quote_of: Some(first.id.clone()),
            ..text("both")
        };
        let post = c.create_post("u", both, t(2)).unwrap();
        assert_eq!(post.reply_to.as_deref(), Some(first.id.as_str()));
        assert_eq!(post.quote_of, Some(first.id));
    }
}
