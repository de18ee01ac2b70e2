//! A post as written, before its checks: its text, media, poll and tags, from the command line
//! or a thread file.

use crate::compose::media::MediaItem;
use crate::compose::tags::Tag;

/// One post as written, before checks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// The text; `None` when the post is media only.
    pub text: Option<String>,
    /// Media to attach, with their alt text.
    pub media: Vec<MediaItem>,
    /// The options of its poll, as written (none: no poll).
    pub poll: Vec<String>,
    /// The people to tag in its images, as written.
    pub tags: Vec<Tag>,
}
