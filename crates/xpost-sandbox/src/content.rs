//! What users made in the sandbox, pure and clock-injected: uploaded media (owned,
//! expiring after 24 hours, chunk-uploaded ones going through finalize and processing, with
//! their alt text, sensitive-media warning and a video's subtitles) and posts, with X's rules
//! for creating a post.

use std::fmt;
use std::time::{Duration, SystemTime};

use serde_json::Value;

use super::editing::{self, Controls, EditError, EditRules};
use super::ids::Snowflakes;
use super::processing::{MediaState, Processing};

/// How long an uploaded media id can be attached to a post (X: 24 hours).
pub const MEDIA_TTL: Duration = Duration::from_secs(86_400);
/// The most media one post carries.
pub(crate) const MAX_MEDIA: usize = 4;
/// The longest alt text, in characters.
pub(crate) const MAX_ALT_TEXT_CHARS: usize = 1000;
/// The most users one post tags (`media.tagged_user_ids`).
pub(crate) const MAX_TAGGED_USERS: usize = 10;

/// X's sensitive-media warning of a media item (`metadata.sensitive_media_warning`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SensitiveWarning {
    /// Adult content.
    pub adult_content: bool,
    /// Graphic violence.
    pub graphic_violence: bool,
    /// Other sensitive content.
    pub other: bool,
}

/// A subtitle track attached to a video (`POST /2/media/subtitles`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubtitleTrack {
    /// The media id of the subtitle file (uploaded with `media_category` `subtitles`).
    pub id: String,
    /// Its language, two capital letters (`EN`).
    pub language_code: String,
    /// The language's name as players show it, if given.
    pub display_name: Option<String>,
}

/// How an upload or a post was authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthMethod {
    /// OAuth 1.0a user context (API key and access token, HMAC-SHA1).
    OAuth1,
    /// An OAuth 2.0 user access token (bearer).
    #[default]
    OAuth2,
}

/// One uploaded media item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    /// The 19-digit media id, as a string.
    pub id: String,
    /// X's media key: `3_<id>` for images, `16_<id>` for animated GIFs, `7_<id>` for videos.
    pub media_key: String,
    /// The id of the user who uploaded it.
    pub owner_id: String,
    /// The `media_category` given at upload (`tweet_image`, `tweet_gif`, `tweet_video`).
    pub category: String,
    /// Size in bytes; for a chunked upload, the bytes received so far (`total_bytes`
    /// once finalized).
    pub size: usize,
    /// MIME type found from the bytes (`image/png` ...); for a chunked upload not yet
    /// finalized, the `media_type` given at initialize.
    pub mime: String,
    /// How the upload was authenticated (for a chunked upload, its initialize request).
    pub auth: AuthMethod,
    /// Alt text set with `POST /2/media/metadata`, if any.
    pub alt_text: Option<String>,
    /// The sensitive-media warning set with `POST /2/media/metadata`, if any.
    pub sensitive_media_warning: Option<SensitiveWarning>,
    /// A video's subtitles, one per language, in the order attached.
    pub subtitles: Vec<SubtitleTrack>,
    /// Whether it came through the chunked upload (initialize, append, finalize) rather
    /// than the simple one.
    pub chunked: bool,
    /// How many segments were appended (0 for a simple upload).
    pub segments: u32,
    /// Where it stands: a simple upload is [`MediaState::Succeeded`] at once; a chunked
    /// one is `Uploading` until finalize, then (GIF and video) `Pending`, `InProgress`,
    /// and `Succeeded` or `Failed` as STATUS is polled.
    pub state: MediaState,
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
    /// The author of the post this one replies to (X's `in_reply_to_user_id`), as it was when
    /// this one was posted.
    pub in_reply_to_user: Option<String>,
    /// When it was posted.
    pub created_at: SystemTime,
    /// For an edit (a later version of a post), the id of the first version of its chain.
    pub edit_of: Option<String>,
    /// The users tagged in its images (`media.tagged_user_ids`).
    pub tagged_user_ids: Vec<String>,
    /// How the request that made it was authenticated.
    pub auth: AuthMethod,
    /// The JSON body of the `POST /2/tweets` that made it, exactly as received (`null` for a
    /// post made elsewhere).
    pub body: Value,
}

/// A post request, as parsed from `POST /2/tweets`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NewPost {
    pub(crate) text: Option<String>,
    pub(crate) media_ids: Option<Vec<String>>,
    pub(crate) reply_to: Option<String>,
    pub(crate) quote_of: Option<String>,
    /// For an edit, the post it makes a new version of (`edit_options.previous_post_id`).
    pub(crate) edit_of: Option<String>,
    pub(crate) tagged_user_ids: Vec<String>,
    /// How the request was authenticated.
    pub(crate) auth: AuthMethod,
    /// The body as received.
    pub(crate) body: Value,
}

/// Why a post was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PostError {
    /// No text and no media.
    Empty,
    /// More weighted characters (the first) than the author may post (the second: 280, or
    /// 25,000 with a subscription).
    TooLong(usize, usize),
    /// `media_ids` empty or longer than [`MAX_MEDIA`].
    MediaCount(usize),
    /// A media id unknown, expired, foreign or given twice.
    BadMedia(String),
    /// A media id not finalized, still processing, or whose processing failed.
    NotReady(String, MediaState),
    /// An animated GIF or a video together with other media.
    MediaMix,
    /// A media id of subtitles, which go with a video, not in a post.
    SubtitlesInPost(String),
    /// The replied-to post (this id) does not exist.
    ReplyTarget(String),
    /// The quoted post does not exist.
    QuoteTarget,
    /// The same text as one of this author's earlier posts.
    Duplicate,
    /// An edit X does not make.
    Edit(EditError),
}

/// The `media_category` of an uploaded subtitle file.
pub(crate) const SUBTITLES: &str = "subtitles";

/// Why subtitles cannot be attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SubtitlesError {
    /// No such media id of the caller's (or it expired).
    Unknown(String),
    /// The subtitles' id is not of a `subtitles` upload.
    NotSubtitles(String),
    /// The video's id is not of a video.
    NotVideo(String),
    /// The `media_category` given is not the video's (which is this one).
    Category(String, &'static str),
    /// Not finalized, or a video whose processing has not succeeded.
    NotReady(String),
}

impl fmt::Display for SubtitlesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SubtitlesError::Unknown(id) => write!(f, "Could not find media with id: [{id}]."),
            SubtitlesError::NotSubtitles(id) => write!(
                f,
                "Media {id} is not subtitles: upload the subtitle file with media_category subtitles."
            ),
            SubtitlesError::NotVideo(id) => {
                write!(f, "Media {id} is not a video: subtitles go with a video.")
            }
            SubtitlesError::Category(id, category) => write!(
                f,
                "The media_category does not match media {id}, which is {category}."
            ),
            SubtitlesError::NotReady(id) => write!(
                f,
                "Media {id} is not ready: finalize it and, for a video, wait until its processing succeeded."
            ),
        }
    }
}

/// Why a chunked-upload step cannot use a media id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MediaError {
    /// No such id, or another user's (X does not tell them apart).
    Unknown(String),
    /// The id's `expires_after_secs` has passed.
    Expired(String),
    /// The id was already finalized (or came from the simple upload).
    Finalized(String),
    /// The id was initialized but not finalized yet.
    NotFinalized(String),
}

impl fmt::Display for MediaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MediaError::Unknown(id) => write!(f, "Could not find media with id: [{id}]."),
            MediaError::Expired(id) => write!(
                f,
                "Media {id} has expired: its expires_after_secs have passed; upload it again."
            ),
            MediaError::Finalized(id) => write!(
                f,
                "Media {id} is already finalized: it takes no more segments and cannot be \
                 finalized again."
            ),
            MediaError::NotFinalized(id) => write!(
                f,
                "Media {id} has not been finalized: append its segments, then call finalize."
            ),
        }
    }
}

struct StoredMedia {
    media: Media,
    expires_at: SystemTime,
    /// GIF and video processing after a chunked upload's finalize.
    processing: Option<Processing>,
}

/// X's media key prefix for a category.
fn key_prefix(category: &str) -> &'static str {
    match category {
        "tweet_gif" => "16",
        "tweet_video" => "7",
        _ => "3",
    }
}

/// Every media item and post, in the order they were made, and how posts may be edited.
#[derive(Default)]
pub(crate) struct Content {
    ids: Snowflakes,
    media: Vec<StoredMedia>,
    posts: Vec<Post>,
    /// How long and how often a post may be edited.
    pub(crate) edit_rules: EditRules,
}

impl Content {
    /// Nothing yet; posts may be edited as `edit_rules` say.
    pub(crate) fn with_edit_rules(edit_rules: EditRules) -> Self {
        Content {
            edit_rules,
            ..Content::default()
        }
    }

    /// Records an upload and returns it with its new id.
    pub(crate) fn add_media(
        &mut self,
        owner_id: &str,
        category: &str,
        mime: &str,
        size: usize,
        auth: AuthMethod,
        now: SystemTime,
    ) -> Media {
        self.push_media(
            owner_id,
            category,
            mime,
            size,
            auth,
            MediaState::Succeeded,
            now,
        )
    }

    /// Records a chunked upload's initialize: a new id in [`MediaState::Uploading`].
    pub(crate) fn begin_upload(
        &mut self,
        owner_id: &str,
        category: &str,
        media_type: &str,
        auth: AuthMethod,
        now: SystemTime,
    ) -> Media {
        self.push_media(
            owner_id,
            category,
            media_type,
            0,
            auth,
            MediaState::Uploading,
            now,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn push_media(
        &mut self,
        owner_id: &str,
        category: &str,
        mime: &str,
        size: usize,
        auth: AuthMethod,
        state: MediaState,
        now: SystemTime,
    ) -> Media {
        let id = self.ids.next(now);
        let media = Media {
            media_key: format!("{}_{id}", key_prefix(category)),
            id,
            owner_id: owner_id.to_string(),
            category: category.to_string(),
            size,
            mime: mime.to_string(),
            auth,
            alt_text: None,
            sensitive_media_warning: None,
            subtitles: Vec::new(),
            chunked: state == MediaState::Uploading,
            segments: 0,
            state,
        };
        self.media.push(StoredMedia {
            media: media.clone(),
            expires_at: now + MEDIA_TTL,
            processing: None,
        });
        media
    }

    /// The caller's own media item, unexpired.
    fn own_mut(
        &mut self,
        owner_id: &str,
        media_id: &str,
        now: SystemTime,
    ) -> Result<&mut StoredMedia, MediaError> {
        let stored = self
            .media
            .iter_mut()
            .find(|m| m.media.id == media_id && m.media.owner_id == owner_id)
            .ok_or_else(|| MediaError::Unknown(media_id.to_string()))?;
        if now >= stored.expires_at {
            return Err(MediaError::Expired(media_id.to_string()));
        }
        Ok(stored)
    }

    /// The caller's own unexpired upload still taking segments, and when it expires.
    pub(crate) fn uploading(
        &mut self,
        owner_id: &str,
        media_id: &str,
        now: SystemTime,
    ) -> Result<(Media, SystemTime), MediaError> {
        let stored = self.own_mut(owner_id, media_id, now)?;
        if stored.media.state != MediaState::Uploading {
            return Err(MediaError::Finalized(media_id.to_string()));
        }
        Ok((stored.media.clone(), stored.expires_at))
    }

    /// Whether an unexpired media id is still taking segments.
    pub(crate) fn is_uploading(&self, media_id: &str, now: SystemTime) -> bool {
        self.media.iter().any(|m| {
            m.media.id == media_id && m.media.state == MediaState::Uploading && now < m.expires_at
        })
    }

    /// Notes what an upload has received so far.
    pub(crate) fn record_segments(&mut self, media_id: &str, size: u64, segments: u32) {
        if let Some(stored) = self.media.iter_mut().find(|m| m.media.id == media_id) {
            stored.media.size = usize::try_from(size).unwrap_or(usize::MAX);
            stored.media.segments = segments;
        }
    }

    /// Finalizes an upload as `mime`, with processing for GIFs and videos.
    pub(crate) fn finalize(
        &mut self,
        owner_id: &str,
        media_id: &str,
        mime: &str,
        processing: Option<Processing>,
        now: SystemTime,
    ) -> Result<(Media, SystemTime), MediaError> {
        let stored = self.own_mut(owner_id, media_id, now)?;
        if stored.media.state != MediaState::Uploading {
            return Err(MediaError::Finalized(media_id.to_string()));
        }
        stored.media.mime = mime.to_string();
        stored.media.state = processing
            .as_ref()
            .map_or(MediaState::Succeeded, Processing::state);
        stored.processing = processing;
        Ok((stored.media.clone(), stored.expires_at))
    }

    /// A STATUS poll: advances processing if it is time, and returns the media with its
    /// `processing_info` (`None` for media that needed no processing).
    pub(crate) fn poll(
        &mut self,
        owner_id: &str,
        media_id: &str,
        now: SystemTime,
    ) -> Result<(Media, Option<Value>), MediaError> {
        let stored = self.own_mut(owner_id, media_id, now)?;
        if stored.media.state == MediaState::Uploading {
            return Err(MediaError::NotFinalized(media_id.to_string()));
        }
        let info = stored.processing.as_mut().map(|p| {
            p.poll(now);
            p.info(now)
        });
        if let Some(p) = &stored.processing {
            stored.media.state = p.state();
        }
        Ok((stored.media.clone(), info))
    }

    /// Makes every media id expired now.
    pub(crate) fn expire_all(&mut self, now: SystemTime) {
        for stored in &mut self.media {
            stored.expires_at = stored.expires_at.min(now);
        }
    }

    /// [`Content::create_post_within`] for an author without a subscription (280).
    #[cfg(test)]
    pub(crate) fn create_post(
        &mut self,
        author_id: &str,
        new: NewPost,
        now: SystemTime,
    ) -> Result<Post, PostError> {
        self.create_post_within(author_id, new, now, crate::subscriptions::SHORT)
    }

    /// Creates a post after X's checks, in X's order, its text at most `limit` weighted
    /// characters (the author's: 280, or 25,000 with a subscription); an edit (`new.edit_of`)
    /// first after the checks of [`editing::check`], as a new version that keeps the post's
    /// reply and quote.
    pub(crate) fn create_post_within(
        &mut self,
        author_id: &str,
        new: NewPost,
        now: SystemTime,
        limit: usize,
    ) -> Result<Post, PostError> {
        let edited = match &new.edit_of {
            Some(previous) => {
                let (previous, first) =
                    editing::check(&self.posts, author_id, previous, self.edit_rules, now)
                        .map_err(PostError::Edit)?;
                Some((previous.clone(), first.id.clone()))
            }
            None => None,
        };
        let text = new.text.unwrap_or_default();
        // Counted as X counts it (twitter-text v3), with the client's own counter.
        let weighted = xpost_text::weighted_length(&text);
        if weighted > limit {
            return Err(PostError::TooLong(weighted, limit));
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
        if let Some(id) = new.reply_to.as_ref().filter(|id| !self.has_post(id)) {
            return Err(PostError::ReplyTarget(id.clone()));
        }
        if new.quote_of.as_ref().is_some_and(|id| !self.has_post(id)) {
            return Err(PostError::QuoteTarget);
        }
        // An edit's own chain is no duplicate of it.
        let chain = edited.as_ref().map(|(_, first)| first.as_str());
        if !text.trim().is_empty()
            && self.posts.iter().any(|p| {
                p.author_id == author_id
                    && p.text == text
                    && chain
                        .is_none_or(|first| p.id != first && p.edit_of.as_deref() != Some(first))
            })
        {
            return Err(PostError::Duplicate);
        }
        let (reply_to, quote_of, in_reply_to_user, edit_of) = match edited {
            // X keeps the post's reply and quote in its new version.
            Some((previous, first)) => (
                previous.reply_to,
                previous.quote_of,
                previous.in_reply_to_user,
                Some(first),
            ),
            None => {
                let to = new
                    .reply_to
                    .as_deref()
                    .and_then(|id| self.posts.iter().find(|p| p.id == id))
                    .map(|p| p.author_id.clone());
                (new.reply_to, new.quote_of, to, None)
            }
        };
        let post = Post {
            id: self.ids.next(now),
            author_id: author_id.to_string(),
            text,
            media_ids,
            reply_to,
            quote_of,
            in_reply_to_user,
            created_at: now,
            edit_of,
            tagged_user_ids: new.tagged_user_ids,
            auth: new.auth,
            body: new.body,
        };
        self.posts.push(post.clone());
        Ok(post)
    }

    /// The post `id`, if it exists.
    pub(crate) fn post(&self, id: &str) -> Option<&Post> {
        self.posts.iter().find(|p| p.id == id)
    }

    /// The ids of the versions of `post`'s chain, oldest first (X's edit history).
    pub(crate) fn history(&self, post: &Post) -> Vec<String> {
        editing::chain(&self.posts, post)
            .into_iter()
            .map(|p| p.id.clone())
            .collect()
    }

    /// The `edit_controls` of `post`.
    pub(crate) fn controls(&self, post: &Post) -> Controls {
        editing::controls(&self.posts, post, self.edit_rules)
    }

    /// The media key of media `id`, if it exists.
    pub(crate) fn media_key(&self, id: &str) -> Option<String> {
        self.media
            .iter()
            .find(|m| m.media.id == id)
            .map(|m| m.media.media_key.clone())
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
            if stored.media.category == SUBTITLES {
                return Err(PostError::SubtitlesInPost(id.clone()));
            }
            if stored.media.state != MediaState::Succeeded {
                return Err(PostError::NotReady(id.clone(), stored.media.state));
            }
            animated |= matches!(stored.media.category.as_str(), "tweet_gif" | "tweet_video");
        }
        if animated && ids.len() > 1 {
            return Err(PostError::MediaMix);
        }
        Ok(())
    }

    /// Sets a media item's alt text; `Err` is the refusal's detail.
    #[cfg(test)]
    pub(crate) fn set_alt_text(
        &mut self,
        owner_id: &str,
        media_id: &str,
        text: &str,
        now: SystemTime,
    ) -> Result<(), String> {
        self.set_metadata(owner_id, media_id, Some(text), None, now)
    }

    /// Sets a media item's alt text and sensitive-media warning (those given); `Err` is the
    /// refusal's detail.
    pub(crate) fn set_metadata(
        &mut self,
        owner_id: &str,
        media_id: &str,
        alt_text: Option<&str>,
        warning: Option<SensitiveWarning>,
        now: SystemTime,
    ) -> Result<(), String> {
        let chars = alt_text.map_or(0, |text| text.chars().count());
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
        if let Some(text) = alt_text {
            stored.media.alt_text = Some(text.to_string());
        }
        if warning.is_some() {
            stored.media.sensitive_media_warning = warning;
        }
        Ok(())
    }

    /// Attaches the subtitles `track` to the video `video_id` of category `category`
    /// (`TweetVideo` or `AmplifyVideo`), both the caller's own, fresh and finalized; a track in
    /// the same language is replaced. Returns the video's tracks.
    pub(crate) fn attach_subtitles(
        &mut self,
        owner_id: &str,
        video_id: &str,
        category: &str,
        track: SubtitleTrack,
        now: SystemTime,
    ) -> Result<Vec<SubtitleTrack>, SubtitlesError> {
        let usable = |m: &StoredMedia, id: &str| {
            m.media.id == id && m.media.owner_id == owner_id && now < m.expires_at
        };
        let file = self
            .media
            .iter()
            .find(|m| usable(m, &track.id))
            .ok_or_else(|| SubtitlesError::Unknown(track.id.clone()))?;
        if file.media.category != SUBTITLES {
            return Err(SubtitlesError::NotSubtitles(track.id.clone()));
        }
        if file.media.state != MediaState::Succeeded {
            return Err(SubtitlesError::NotReady(track.id.clone()));
        }
        let video = self
            .media
            .iter_mut()
            .find(|m| usable(m, video_id))
            .ok_or_else(|| SubtitlesError::Unknown(video_id.to_string()))?;
        let expected = match video.media.category.as_str() {
            "tweet_video" => "TweetVideo",
            "amplify_video" => "AmplifyVideo",
            _ => return Err(SubtitlesError::NotVideo(video_id.to_string())),
        };
        if category != expected {
            return Err(SubtitlesError::Category(video_id.to_string(), expected));
        }
        if video.media.state != MediaState::Succeeded {
            return Err(SubtitlesError::NotReady(video_id.to_string()));
        }
        let tracks = &mut video.media.subtitles;
        tracks.retain(|t| t.language_code != track.language_code);
        tracks.push(track);
        Ok(tracks.clone())
    }

    /// Every media item uploaded, in order.
    pub(crate) fn media(&self) -> Vec<Media> {
        self.media.iter().map(|m| m.media.clone()).collect()
    }

    /// Every post made, in order.
    pub(crate) fn posts(&self) -> Vec<Post> {
        self.posts.clone()
    }

    /// Deletes `author_id`'s post `id`, with every version of it if it was edited (as X
    /// does): `Ok(true)` when it was deleted, `Ok(false)` when there is no such post (never
    /// made, or already deleted), `Err(())` when it is another user's.
    pub(crate) fn delete_post(&mut self, author_id: &str, id: &str) -> Result<bool, ()> {
        let Some(post) = self.post(id) else {
            return Ok(false);
        };
        if post.author_id != author_id {
            return Err(());
        }
        let chain = self.history(post);
        self.posts.retain(|p| !chain.contains(&p.id));
        Ok(true)
    }

    /// Why media `id` cannot be an Article's image of `author_id` (the cover, or an image
    /// entity), if it cannot: unknown, expired, another user's, not an image or not ready.
    pub(crate) fn article_image(
        &self,
        author_id: &str,
        id: &str,
        now: SystemTime,
    ) -> Option<String> {
        let usable = self
            .media
            .iter()
            .find(|m| m.media.id == id && m.media.owner_id == author_id && now < m.expires_at);
        let Some(stored) = usable else {
            return Some(format!(
                "{id} is unknown, expired, or uploaded by another user"
            ));
        };
        if stored.media.category != "tweet_image" {
            return Some(format!(
                "{id} is {}, not an image (tweet_image)",
                stored.media.category
            ));
        }
        if stored.media.state != MediaState::Succeeded {
            return Some(format!("{id} is not ready"));
        }
        None
    }

    /// The post that carries a published Article: its title as its text, the draft's body as
    /// its body, none of a new post's checks (X made them on the draft).
    pub(crate) fn add_article_post(
        &mut self,
        author_id: &str,
        title: &str,
        body: Value,
        auth: AuthMethod,
        now: SystemTime,
    ) -> String {
        let id = self.ids.next(now);
        self.posts.push(Post {
            id: id.clone(),
            author_id: author_id.to_string(),
            text: title.to_string(),
            media_ids: Vec::new(),
            reply_to: None,
            quote_of: None,
            in_reply_to_user: None,
            created_at: now,
            edit_of: None,
            tagged_user_ids: Vec::new(),
            auth,
            body,
        });
        id
    }

    /// A fresh id, as X makes them.
    pub(crate) fn next_id(&mut self, now: SystemTime) -> String {
        self.ids.next(now)
    }

    /// A post by another user, with none of a new post's checks (it was made elsewhere).
    pub(crate) fn add_foreign_post(
        &mut self,
        author_id: &str,
        text: &str,
        now: SystemTime,
    ) -> String {
        let id = self.ids.next(now);
        self.posts.push(Post {
            id: id.clone(),
            author_id: author_id.to_string(),
            text: text.to_string(),
            media_ids: Vec::new(),
            reply_to: None,
            quote_of: None,
            in_reply_to_user: None,
            created_at: now,
            edit_of: None,
            tagged_user_ids: Vec::new(),
            auth: AuthMethod::OAuth2,
            body: Value::Null,
        });
        id
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
        c.add_media(
            owner,
            "tweet_image",
            "image/png",
            10,
            AuthMethod::OAuth1,
            now,
        )
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
    fn subscribers_post_up_to_25000() {
        let mut c = Content::default();
        assert!(
            c.create_post_within("u", text(&"a".repeat(25_000)), t(0), 25_000)
                .is_ok()
        );
        assert_eq!(
            c.create_post_within("u", text(&"b".repeat(25_001)), t(0), 25_000),
            Err(PostError::TooLong(25_001, 25_000))
        );
    }

    #[test]
    fn text_over_280_characters_is_refused() {
        let mut c = Content::default();
        assert!(c.create_post("u", text(&"é".repeat(280)), t(0)).is_ok());
        assert_eq!(
            c.create_post("u", text(&"a".repeat(281)), t(0)),
            Err(PostError::TooLong(281, 280))
        );
        // Weighted as X weighs it: CJK counts 2, a URL 23.
        assert_eq!(
            c.create_post("u", text(&"日".repeat(141)), t(0)),
            Err(PostError::TooLong(282, 280))
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
            .add_media("u", "tweet_gif", "image/gif", 10, AuthMethod::OAuth2, t(0))
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
        let png = c.add_media("u", "tweet_image", "image/png", 1, AuthMethod::OAuth1, t(0));
        assert_eq!(png.media_key, format!("3_{}", png.id));
        let gif = c.add_media("u", "tweet_gif", "image/gif", 1, AuthMethod::OAuth1, t(0));
        assert_eq!(gif.media_key, format!("16_{}", gif.id));
    }

    fn video(c: &mut Content, polls: u32, now: SystemTime) -> String {
        let id = c
            .begin_upload("u", "tweet_video", "video/mp4", AuthMethod::OAuth2, now)
            .id;
        c.record_segments(&id, 100, 1);
        let processing = Processing::start(polls, Duration::from_secs(5), None, now);
        c.finalize("u", &id, "video/mp4", Some(processing), now)
            .unwrap();
        id
    }

    #[test]
    fn a_chunked_upload_is_uploading_until_finalized_with_a_video_key() {
        let mut c = Content::default();
        let m = c.begin_upload("u", "tweet_video", "video/mp4", AuthMethod::OAuth1, t(0));
        assert_eq!(m.media_key, format!("7_{}", m.id));
        assert_eq!(
            (m.state, m.chunked, m.size),
            (MediaState::Uploading, true, 0)
        );
        assert!(c.is_uploading(&m.id, t(1)));
        assert_eq!(c.uploading("u", &m.id, t(1)).unwrap().1, t(0) + MEDIA_TTL);
        assert_eq!(
            c.uploading("other", &m.id, t(1)),
            Err(MediaError::Unknown(m.id.clone()))
        );
        assert_eq!(
            c.poll("u", &m.id, t(1)),
            Err(MediaError::NotFinalized(m.id.clone()))
        );
        c.record_segments(&m.id, 300, 3);
        assert_eq!((c.media()[0].size, c.media()[0].segments), (300, 3));
        let (done, _) = c.finalize("u", &m.id, "video/mp4", None, t(2)).unwrap();
        assert_eq!(done.state, MediaState::Succeeded);
        assert!(!c.is_uploading(&m.id, t(2)));
        assert_eq!(
            c.finalize("u", &m.id, "video/mp4", None, t(3)),
            Err(MediaError::Finalized(m.id.clone()))
        );
        assert_eq!(
            c.uploading("u", &m.id, t(3)),
            Err(MediaError::Finalized(m.id.clone()))
        );
    }

    #[test]
    fn a_video_is_posted_only_once_processing_succeeded() {
        let mut c = Content::default();
        let unfinished = c
            .begin_upload("u", "tweet_gif", "image/gif", AuthMethod::OAuth2, t(0))
            .id;
        assert_eq!(
            c.create_post("u", with_media("a", &[&unfinished]), t(1)),
            Err(PostError::NotReady(unfinished, MediaState::Uploading))
        );
        let v = video(&mut c, 2, t(0));
        assert_eq!(
            c.create_post("u", with_media("b", &[&v]), t(1)),
            Err(PostError::NotReady(v.clone(), MediaState::Pending))
        );
        let (_, info) = c.poll("u", &v, t(5)).unwrap();
        assert_eq!(info.unwrap()["state"], "in_progress");
        assert_eq!(
            c.create_post("u", with_media("c", &[&v]), t(6)),
            Err(PostError::NotReady(v.clone(), MediaState::InProgress))
        );
        let (media, _) = c.poll("u", &v, t(10)).unwrap();
        assert_eq!(media.state, MediaState::Succeeded);
        assert!(c.create_post("u", with_media("d", &[&v]), t(11)).is_ok());
    }

    #[test]
    fn a_failed_video_cannot_be_posted() {
        let mut c = Content::default();
        let id = c
            .begin_upload("u", "tweet_video", "video/mp4", AuthMethod::OAuth2, t(0))
            .id;
        let failing = Processing::start(0, Duration::ZERO, Some("bad".into()), t(0));
        c.finalize("u", &id, "video/mp4", Some(failing), t(0))
            .unwrap();
        assert_eq!(
            c.create_post("u", with_media("x", &[&id]), t(1)),
            Err(PostError::NotReady(id, MediaState::Failed))
        );
    }

    #[test]
    fn a_video_goes_alone_too() {
        let mut c = Content::default();
        let v = video(&mut c, 0, t(0));
        let w = video(&mut c, 0, t(0));
        let png = image(&mut c, "u", t(0));
        assert_eq!(
            c.create_post("u", with_media("mix", &[&png, &v]), t(1)),
            Err(PostError::MediaMix)
        );
        assert_eq!(
            c.create_post("u", with_media("two", &[&v, &w]), t(1)),
            Err(PostError::MediaMix)
        );
        assert!(c.create_post("u", with_media("one", &[&v]), t(1)).is_ok());
    }

    #[test]
    fn expire_all_ends_every_media_id_now() {
        let mut c = Content::default();
        let png = image(&mut c, "u", t(0));
        let up = c
            .begin_upload("u", "tweet_video", "video/mp4", AuthMethod::OAuth2, t(0))
            .id;
        c.expire_all(t(10));
        assert_eq!(
            c.create_post("u", with_media("late", &[&png]), t(10)),
            Err(PostError::BadMedia(png))
        );
        assert_eq!(
            c.uploading("u", &up, t(10)),
            Err(MediaError::Expired(up.clone()))
        );
        assert!(!c.is_uploading(&up, t(10)));
    }

    fn subtitles_file(c: &mut Content, owner: &str, now: SystemTime) -> String {
        let id = c
            .begin_upload(owner, SUBTITLES, "text/srt", AuthMethod::OAuth2, now)
            .id;
        c.finalize(owner, &id, "text/srt", None, now).unwrap();
        id
    }

    fn track(id: &str, language: &str) -> SubtitleTrack {
        SubtitleTrack {
            id: id.into(),
            language_code: language.into(),
            display_name: None,
        }
    }

    #[test]
    fn subtitles_go_with_the_callers_own_processed_video() {
        let mut c = Content::default();
        let video = video(&mut c, 0, t(0));
        let en = subtitles_file(&mut c, "u", t(0));
        let fr = subtitles_file(&mut c, "u", t(0));
        let tracks = c
            .attach_subtitles("u", &video, "TweetVideo", track(&en, "EN"), t(1))
            .unwrap();
        assert_eq!(tracks, [track(&en, "EN")]);
        c.attach_subtitles("u", &video, "TweetVideo", track(&fr, "FR"), t(1))
            .unwrap();
        // The same language again replaces the track.
        let tracks = c
            .attach_subtitles("u", &video, "TweetVideo", track(&fr, "EN"), t(1))
            .unwrap();
        assert_eq!(tracks, [track(&fr, "FR"), track(&fr, "EN")]);
        assert_eq!(c.media()[0].subtitles, tracks);

        let png = image(&mut c, "u", t(0));
        let theirs = subtitles_file(&mut c, "other", t(0));
        let attach = |c: &mut Content, video: &str, category: &str, file: &str| {
            c.attach_subtitles("u", video, category, track(file, "DE"), t(1))
        };
        assert_eq!(
            attach(&mut c, &video, "TweetVideo", &theirs),
            Err(SubtitlesError::Unknown(theirs.clone()))
        );
        assert_eq!(
            attach(&mut c, &video, "TweetVideo", &png),
            Err(SubtitlesError::NotSubtitles(png.clone()))
        );
        assert_eq!(
            attach(&mut c, &png, "TweetVideo", &en),
            Err(SubtitlesError::NotVideo(png.clone()))
        );
        assert_eq!(
            attach(&mut c, &video, "AmplifyVideo", &en),
            Err(SubtitlesError::Category(video.clone(), "TweetVideo"))
        );
        assert_eq!(
            attach(&mut c, "42", "TweetVideo", &en),
            Err(SubtitlesError::Unknown("42".into()))
        );
        let processing = self::video(&mut c, 2, t(0));
        assert_eq!(
            attach(&mut c, &processing, "TweetVideo", &en),
            Err(SubtitlesError::NotReady(processing.clone()))
        );
        let unfinished = c
            .begin_upload("u", SUBTITLES, "text/vtt", AuthMethod::OAuth2, t(0))
            .id;
        assert_eq!(
            attach(&mut c, &video, "TweetVideo", &unfinished),
            Err(SubtitlesError::NotReady(unfinished.clone()))
        );
        // Subtitles are no media for a post.
        assert_eq!(
            c.create_post("u", with_media("subs", &[&en]), t(2)),
            Err(PostError::SubtitlesInPost(en.clone()))
        );
    }

    #[test]
    fn a_warning_is_set_with_or_without_alt_text() {
        let mut c = Content::default();
        let png = image(&mut c, "u", t(0));
        let warning = SensitiveWarning {
            adult_content: true,
            ..SensitiveWarning::default()
        };
        c.set_metadata("u", &png, None, Some(warning), t(1))
            .unwrap();
        assert_eq!(c.media()[0].sensitive_media_warning, Some(warning));
        assert_eq!(c.media()[0].alt_text, None);
        c.set_metadata("u", &png, Some("a cat"), None, t(1))
            .unwrap();
        assert_eq!(c.media()[0].alt_text.as_deref(), Some("a cat"));
        assert_eq!(c.media()[0].sensitive_media_warning, Some(warning));
        assert!(
            c.set_metadata("other", &png, None, Some(warning), t(1))
                .is_err()
        );
    }

    #[test]
    fn replies_and_quotes_need_an_existing_post() {
        let mut c = Content::default();
        let first = c.create_post("u", text("first"), t(0)).unwrap();
        let reply = NewPost {
            reply_to: Some("1".into()),
            ..text("reply")
        };
        assert_eq!(
            c.create_post("u", reply, t(1)),
            Err(PostError::ReplyTarget("1".into()))
        );
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
