//! `xpost "text" --image ...`: check the input, get a login, upload, post, print.
//!
//! The order keeps the promises made to the user: every local check happens before any
//! network call; OAuth 1.0a uploads run while the login is being obtained (a consent page, a
//! refresh, or nothing at all); the post is made once, with the OAuth 2.0 token, and only after
//! every upload succeeded.

use futures_util::future::try_join_all;

use crate::app::{self, Context};
use crate::cli::{Common, PostArgs};
use crate::error::{Error, Exit, Result};
use crate::output::{self, Posted};
use crate::x::client::{Api, Auth};
use crate::x::media::{self, MediaFile};
use crate::x::tweets::{self, NewPost};

/// Posts and prints the result.
pub async fn run(args: PostArgs, common: &Common) -> Result<()> {
    let text = args.text.clone().filter(|t| !t.trim().is_empty());
    if text.is_none() && args.images.is_empty() {
        return Err(Error::new(
            Exit::Usage,
            "nothing to post: the text is empty and no image is attached",
        )
        .hint("give the text as an argument, e.g. xpost \"hello\""));
    }
    let files = media::check_images(&args.images)?;

    // The one-shot sandbox lives as long as this run; it must outlast every request below.
    let (ctx, options, _sandbox) = if args.sandbox {
        let (ctx, sandbox) = super::sandbox::one_shot().await?;
        (ctx, super::sandbox::consent_options(common), Some(sandbox))
    } else {
        (
            Context::from_env(common)?,
            app::consent_options(common),
            None,
        )
    };

    let session = ctx.session();
    let login = session.obtain(Some(options));
    let (login, media_ids) = match &ctx.config.oauth1 {
        // OAuth 1.0a needs no login: upload meanwhile. If an upload fails, the login attempt
        // is dropped and nothing is posted.
        Some(keys) => tokio::try_join!(login, upload_all(&ctx.api, Auth::OAuth1(keys), &files))?,
        None => {
            let login = login.await?;
            let ids = upload_all(&ctx.api, Auth::Bearer(&login.access_token), &files).await?;
            (login, ids)
        }
    };

    let post = NewPost::new(text, media_ids.clone());
    let created = tweets::create(&ctx.api, &login.access_token, &post).await?;
    let posted = Posted {
        url: output::post_url(&ctx.config.web_base, login.username.as_deref(), &created.id),
        id: created.id,
        text: created.text,
        media_ids,
    };
    output::print_json_or(common.json, &posted, &posted.url)
}

/// Uploads every file at once; the first failure cancels the rest.
async fn upload_all(api: &Api, auth: Auth<'_>, files: &[MediaFile]) -> Result<Vec<String>> {
    try_join_all(files.iter().map(|file| media::upload(api, auth, file))).await
}
