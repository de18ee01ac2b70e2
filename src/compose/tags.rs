//! The people to tag in a post's images: each given by username (looked up once a run) or by
//! user id, each once, at most ten a post, and only in a post with an image. Pure.

use serde::Serialize;

use crate::compose::media::{Kind, MediaFile};
use crate::error::{Cause, Error, Result};
use crate::ids::{is_username, is_x_id};
use crate::sanitize::quoted;

/// The most people X tags in one post.
pub const MAX_TAGS: usize = 10;

/// Someone to tag in a post's images: by username, looked up once per run, or by user id,
/// used as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tag {
    /// A username, without `@`.
    Username(String),
    /// A user id.
    Id(String),
}

impl Tag {
    /// How it was given, for messages: `@name` or the id.
    pub fn shown(&self) -> String {
        match self {
            Tag::Username(name) => format!("@{name}"),
            Tag::Id(id) => id.clone(),
        }
    }

    /// Whether two tags name the same user as written (usernames in any case).
    fn same(&self, other: &Tag) -> bool {
        match (self, other) {
            (Tag::Username(a), Tag::Username(b)) => a.eq_ignore_ascii_case(b),
            (Tag::Id(a), Tag::Id(b)) => a == b,
            _ => false,
        }
    }
}

/// Reads a `--tag`: `@name` or `name` is a username (X's rule: 1 to 15 letters, digits or `_`),
/// digits alone a user id (write `@` before a username of digits only).
pub fn parse_tag(text: &str) -> std::result::Result<Tag, String> {
    let text = text.trim();
    if let Some(name) = text.strip_prefix('@') {
        return if is_username(name) {
            Ok(Tag::Username(name.to_owned()))
        } else {
            Err(format!(
                "{} is not a username: X's are 1 to 15 letters, digits or _",
                quoted(text)
            ))
        };
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return if is_x_id(text) {
            Ok(Tag::Id(text.to_owned()))
        } else {
            Err(format!(
                "{text:?} is too long for a user id (at most 19 digits); write @{text} for a username"
            ))
        };
    }
    if is_username(text) {
        Ok(Tag::Username(text.to_owned()))
    } else {
        Err(format!(
            "{} is neither a username (1 to 15 letters, digits or _) nor a user id",
            quoted(text)
        ))
    }
}

/// The people to tag in a post with these media, each once: at most [`MAX_TAGS`], and only in
/// a post with an image (X shows tags on photos); else a usage error (2).
pub fn for_media(given: &[Tag], files: &[MediaFile]) -> Result<Vec<Tag>> {
    let tags = distinct(given)?;
    if !tags.is_empty() && !files.iter().any(|f| f.kind == Kind::Image) {
        return Err(Error::new(
            Cause::Usage,
            "--tag tags people in the post's images, and it has none",
        )
        .hint("attach an image with --image, or leave --tag out"));
    }
    Ok(tags)
}

/// `given` without repeats (a username in any case is one user), at most [`MAX_TAGS`].
pub fn distinct(given: &[Tag]) -> Result<Vec<Tag>> {
    let mut tags: Vec<Tag> = Vec::new();
    for tag in given {
        if !tags.iter().any(|t| t.same(tag)) {
            tags.push(tag.clone());
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(Error::new(
            Cause::Usage,
            format!(
                "{} people to tag; X tags at most {MAX_TAGS} in a post",
                tags.len()
            ),
        )
        .hint("drop some --tag"));
    }
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::media::check;
    use crate::compose::media::samples::{PNG, items, mp4, write};
    use crate::error::Exit;

    #[test]
    fn tags_are_usernames_or_ids_each_once_at_most_ten_with_an_image() {
        assert_eq!(parse_tag("@Alice_1"), Ok(Tag::Username("Alice_1".into())));
        assert_eq!(parse_tag("alice"), Ok(Tag::Username("alice".into())));
        assert_eq!(parse_tag("12345"), Ok(Tag::Id("12345".into())));
        assert_eq!(parse_tag("@12345"), Ok(Tag::Username("12345".into())));
        for bad in [
            "",
            "@",
            "a b",
            "@a-b",
            "sixteen_letters_",
            "na\u{ef}ve",
            "12345678901234567890",
            "@../x",
        ] {
            assert!(parse_tag(bad).is_err(), "{bad:?}");
        }
        let dir = tempfile::tempdir().unwrap();
        let image = check(&items(&[write(dir.path(), "a.png", PNG)])).unwrap();
        let video = check(&items(&[write(dir.path(), "v.mp4", &mp4(64))])).unwrap();
        let given: Vec<Tag> = ["alice", "@ALICE", "12", "12", "bob"]
            .iter()
            .map(|t| parse_tag(t).unwrap())
            .collect();
        assert_eq!(
            for_media(&given, &image).unwrap(),
            [
                Tag::Username("alice".into()),
                Tag::Id("12".into()),
                Tag::Username("bob".into())
            ]
        );
        assert_eq!(for_media(&given, &video).unwrap_err().exit(), Exit::Usage);
        assert_eq!(for_media(&given, &[]).unwrap_err().exit(), Exit::Usage);
        assert!(for_media(&[], &[]).unwrap().is_empty());
        let ten: Vec<Tag> = (1..=10).map(|i| Tag::Id(i.to_string())).collect();
        assert_eq!(for_media(&ten, &image).unwrap().len(), 10);
        let mut eleven = ten.clone();
        eleven.push(Tag::Username("u11".into()));
        let err = for_media(&eleven, &image).unwrap_err();
        assert_eq!(err.exit(), Exit::Usage);
        assert!(err.message().contains("11 people to tag"), "{err}");
        // Repeats do not count against the ten.
        let mut repeated = ten.clone();
        repeated.push(Tag::Id("3".into()));
        assert_eq!(for_media(&repeated, &image).unwrap().len(), 10);
    }
}
