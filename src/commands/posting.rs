//! What making a post and editing one share: the uploads of every file at once, and where the
//! results go (stdout, or stderr once stdout cannot take them, so that a post that exists is
//! never left untold).

use futures_util::future::try_join_all;
use serde::Serialize;

use crate::compose::check::Planned;
use crate::error::{Error, Exit, Result};
use crate::output::{self, Posted};
use crate::progress::Progress;
use crate::x::client::{Api, Auth};
use crate::x::upload;

/// Uploads every file of every post at once, alt text included; the first failure cancels
/// the rest. Returns each post's media ids.
pub async fn upload_all(
    api: &Api,
    auth: Auth<'_>,
    posts: &[Planned],
    progress: &Progress,
) -> Result<Vec<Vec<String>>> {
    try_join_all(posts.iter().map(|post| {
        try_join_all(
            post.media
                .iter()
                .map(|file| upload::upload(api, auth, file, progress)),
        )
    }))
    .await
}

/// Where the results of posts go: stdout, or, once stdout cannot take them (a full disk, a
/// closed pipe), stderr, so that a post that exists is never left untold.
#[derive(Default)]
pub struct Results {
    /// Why stdout could not take a result, once it could not.
    failed: Option<std::io::Error>,
}

impl Results {
    /// Prints a post's URL on stdout, or tells it on stderr when stdout cannot take it.
    pub fn tell(&mut self, url: &str) {
        if self.failed.is_none() {
            match output::write_result(url) {
                Ok(()) => return,
                Err(err) => self.failed = Some(err),
            }
        }
        output::posted_on_stderr(url);
    }

    /// Prints `value` as JSON on stdout, or tells the URL of each of `posts` on stderr when
    /// stdout cannot take it.
    pub fn json<T: Serialize>(&mut self, value: &T, posts: &[Posted]) -> Result<()> {
        let line = output::json_line(value)?;
        if self.failed.is_none() {
            match output::write_result(&line) {
                Ok(()) => return Ok(()),
                Err(err) => self.failed = Some(err),
            }
        }
        for post in posts {
            output::posted_on_stderr(&post.url);
        }
        Ok(())
    }

    /// The end of a run that made `count` posts: an error if stdout did not take them all.
    pub fn done(self, count: usize) -> Result<()> {
        let Some(err) = self.failed else {
            return Ok(());
        };
        let message = match count {
            1 => format!(
                "the post was made, but stdout could not take its URL ({err}); it is on the line above"
            ),
            n => format!(
                "the {n} posts were made, but stdout could not take their URLs ({err}); they are on the lines above"
            ),
        };
        Err(Error::new(Exit::Unwritten, message).hint("do not post again what was posted"))
    }

    /// The end of an edit: an error if stdout did not take the new version's URL.
    pub fn edited(self) -> Result<()> {
        let Some(err) = self.failed else {
            return Ok(());
        };
        Err(Error::new(
            Exit::Unwritten,
            format!(
                "the new version was made, but stdout could not take its URL ({err}); it is on the line above"
            ),
        )
        .hint("do not edit the post again for this: the edit is done"))
    }
}
