//! Each post of a run checked by X's rules before anything is sent: its text, its media and
//! the people it tags.

use crate::compose::draft::Draft;
use crate::compose::limit::Allowance;
use crate::compose::media::{self, MediaFile};
use crate::compose::tags::{self, Tag};
use crate::compose::text;
use crate::error::{Cause, Error, Result};

/// A post that passed its checks.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The text to send.
    pub text: Option<String>,
    /// The checked media, with their alt text.
    pub media: Vec<MediaFile>,
    /// The text's weighted length as X counts it.
    pub weighted_length: usize,
}

/// Checks every draft, each text against the limit of the account xpost knows as
/// `allowance`; the first problem, named by its post, stops the run.
pub fn check(drafts: &[Draft], allowance: Allowance) -> Result<Vec<Planned>> {
    let many = drafts.len() > 1;
    let name = |i: usize| {
        if many {
            format!("post {} of {}", i + 1, drafts.len())
        } else {
            "the text".to_owned()
        }
    };
    drafts
        .iter()
        .enumerate()
        .map(|(i, draft)| {
            if draft.text.is_none() && !draft.poll.is_empty() {
                let whose = if many { name(i) } else { "the post".to_owned() };
                return Err(Error::new(
                    if many { Cause::BadInput } else { Cause::Usage },
                    format!("{whose} has a poll but no text"),
                )
                .hint("write the poll's question as the post's text, as X's composer asks"));
            }
            if draft.text.is_none() && draft.media.is_empty() {
                let what = if many {
                    format!("{} is empty", name(i))
                } else {
                    "nothing to post: the text is empty and no image is attached".to_owned()
                };
                return Err(
                    Error::new(if many { Cause::BadInput } else { Cause::Usage }, what).hint(
                        "give the text as an argument, e.g. xpost \"hello\", or attach an image",
                    ),
                );
            }
            let weighted_length = match &draft.text {
                Some(t) => text::check(t, &name(i), allowance)?,
                None => 0,
            };
            let media = media::check(&draft.media)
                .map_err(|err| if many { err.context(name(i)) } else { err })?;
            Ok(Planned {
                text: draft.text.clone(),
                media,
                weighted_length,
            })
        })
        .collect()
}

/// Checked posts checked again against the limit X named once asked (OAuth 1.0a runs, which
/// learn the account's subscription only then): the first that is too long, named by its
/// post, stops the run before anything else is sent.
pub fn within(planned: &[Planned], allowance: Allowance) -> Result<()> {
    let many = planned.len() > 1;
    for (i, post) in planned.iter().enumerate() {
        if post.weighted_length <= allowance.limit() {
            continue;
        }
        let name = if many {
            format!("post {} of {}", i + 1, planned.len())
        } else {
            "the text".to_owned()
        };
        text::check(post.text.as_deref().unwrap_or_default(), &name, allowance)?;
    }
    Ok(())
}

/// Each post's tags, each once, checked as far as they can be before the files are read: at
/// most ten a post, and some media to tag them in. Usage errors (2) for a single post's
/// `--tag`s; bad input (65), named by its post, for a thread file's `tag=`.
pub fn tags_given(drafts: &[Draft]) -> Result<Vec<Vec<Tag>>> {
    let many = drafts.len() > 1;
    drafts
        .iter()
        .enumerate()
        .map(|(i, draft)| {
            let tags = tags::distinct(&draft.tags).map_err(|err| {
                if many {
                    Error::bad_input(format!(
                        "post {} of {}: {}",
                        i + 1,
                        drafts.len(),
                        err.message()
                    ))
                    .hint("tag at most 10 people in a post")
                } else {
                    err
                }
            })?;
            if many && !tags.is_empty() && draft.media.is_empty() {
                return Err(Error::bad_input(format!(
                    "post {} of {} tags people and has no image",
                    i + 1,
                    drafts.len()
                )));
            }
            if !tags.is_empty() && draft.media.is_empty() {
                return Err(Error::new(
                    Cause::Usage,
                    "--tag tags people in the post's images, and it has none",
                )
                .hint("attach an image with --image, or leave --tag out"));
            }
            Ok(tags)
        })
        .collect()
}

/// Each post's tags once its files are known: a post with tags must have an image.
pub fn tags_checked(tags: &[Vec<Tag>], planned: &[Planned]) -> Result<()> {
    let many = planned.len() > 1;
    for (i, (tags, post)) in tags.iter().zip(planned).enumerate() {
        tags::for_media(tags, &post.media).map_err(|err| {
            if many {
                Error::bad_input(format!(
                    "post {} of {} tags people and has no image",
                    i + 1,
                    planned.len()
                ))
            } else {
                err
            }
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;

    #[test]
    fn every_post_is_checked_and_named() {
        let drafts = vec![
            Draft {
                text: Some("fine".into()),
                media: vec![],
                ..Draft::default()
            },
            Draft {
                text: Some("a".repeat(281)),
                media: vec![],
                ..Draft::default()
            },
        ];
        let err = check(&drafts, Allowance::NoLogin).unwrap_err();
        assert!(
            err.to_string().contains("post 2 of 2 is too long: 281"),
            "{err}"
        );
        let drafts = vec![
            Draft {
                text: Some("one".into()),
                media: vec![],
                ..Draft::default()
            },
            Draft::default(),
        ];
        assert!(
            check(&drafts, Allowance::NoLogin)
                .unwrap_err()
                .to_string()
                .contains("post 2 of 2 is empty")
        );
        let err = check(&[Draft::default()], Allowance::NoLogin).unwrap_err();
        assert_eq!(err.exit(), Exit::Usage);
    }
}
