//! `xpost article FILE.md [--title TEXT] [--cover PATH] [--draft]`: publish an X Article from
//! Markdown, and print the URL of the post that carries it.
//!
//! The order keeps the promises a post keeps: the file is read and converted, its title found,
//! its markdown (code, tables) measured, its images and the cover checked, all before any
//! request. Then one lookup asks X for the account's subscription (Articles are for
//! subscribers): an account X says has none is refused before anything is uploaded; where X
//! does not say, X decides. Then the images go up (with their alt text), the draft is created,
//! and published once: a publication whose outcome is unknown is never sent again.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Args;
use serde::Serialize;
use tokio::time::Instant;

use super::context::{Context, gave_up};
use crate::article::draft::{DraftBody, MARKDOWN_LIMIT, MediaItem as DraftMedia};
use crate::article::markdown::{self, Converted};
use crate::compose::check::Planned;
use crate::compose::input;
use crate::compose::media::{self, Kind, MediaFile, MediaItem};
use crate::error::{Cause, Error, Result};
use crate::options::Common;
use crate::output::{self, Results};
use crate::progress::Progress;
use crate::sanitize::visible;
use crate::x::articles;
use crate::x::upload::upload_all;

/// `xpost article`'s long help.
pub const ARTICLE_ABOUT: &str = "Publish an X Article from a Markdown file: the URL of the post that carries it on stdout \
(--json: {article_id, post_id, url, title}; with --draft, the draft's id).

The title is --title, else the file's first level-1 heading (# Title), which is then left out of the \
body. Paragraphs, headings (#, ##, ### and deeper as ###), bulleted and numbered lists, block quotes, \
**bold**, *italic*, ~~strikethrough~~ and links become the Article's text; fenced code and tables are \
kept as Markdown for X to render (at most 10,000 characters of them in all, counted as X counts); --- \
is a divider; a paragraph that is only a post's URL embeds the post; ![alt text](picture.png) uploads \
the image (a path relative to the Markdown file) with its alt text.

Everything is checked before anything is sent: the file (UTF-8), the title, the code and tables, the \
images and the cover, as X checks a post's images. Then one request asks X for the account's \
subscription: X publishes Articles only for Basic, Premium and Premium+ accounts, and an account X \
says has none is refused before anything is uploaded. Then the images go up, the draft is created \
(POST /2/articles/draft) and published once (POST /2/articles/{id}/publish): a publication whose \
outcome is unknown is never sent again (exit 3).";

/// `xpost article`'s examples.
pub const ARTICLE_EXAMPLES: &str = "Examples:
  xpost article post.md --cover cover.png
  xpost article notes.md --title \"Release notes\" --draft
  xpost article post.md --dry-run";

/// `xpost article ...`
#[derive(Debug, Args)]
pub struct ArticleArgs {
    /// The Markdown file (UTF-8).
    #[arg(value_name = "FILE.md")]
    pub file: PathBuf,

    /// The title (without it, the file's first level-1 heading).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// A cover image (JPEG, PNG, WEBP or GIF, at most 5 MB).
    #[arg(long, value_name = "PATH")]
    pub cover: Option<PathBuf>,

    /// Create the draft only, and print its id: publish it on X.
    #[arg(long)]
    pub draft: bool,

    /// Check everything and print the draft's body (JSON) that would be sent, without sending
    /// anything.
    #[arg(long)]
    pub dry_run: bool,
}

/// An Article read, converted and checked: what is sent once its images are uploaded.
struct Prepared {
    /// The body, its image entities waiting for their media ids.
    converted: Converted,
    /// The title.
    title: String,
    /// The images, in the order of `converted.images`.
    images: Vec<MediaFile>,
    /// The cover.
    cover: Option<MediaFile>,
}

impl Prepared {
    /// The draft's body, with the images' media ids (in order) and the cover's.
    fn body(mut self, image_ids: &[String], cover_id: Option<&str>) -> DraftBody {
        let entities: Vec<usize> = self.converted.images.iter().map(|i| i.entity).collect();
        for (entity, id) in entities.into_iter().zip(image_ids) {
            self.converted.set_media_id(entity, id);
        }
        DraftBody {
            title: self.title,
            content_state: self.converted.content_state,
            cover_media: cover_id.map(DraftMedia::image),
        }
    }
}

/// `--json`: the Article published.
#[derive(Serialize)]
struct Published<'a> {
    /// The Article's id.
    article_id: &'a str,
    /// The id of the post that carries it.
    post_id: &'a str,
    /// The post's URL.
    url: &'a str,
    /// Its title, as X keeps it.
    title: &'a str,
}

/// `--json` with `--draft`: the draft made.
#[derive(Serialize)]
struct Drafted<'a> {
    /// The Article's id.
    article_id: &'a str,
    /// Its title, as X keeps it.
    title: &'a str,
    /// Always `true`: the Article is not published.
    draft: bool,
}

/// Publishes (or drafts) the Article and prints the result, giving up at `deadline`
/// (`--max-time`). A run stopped while the publication is on its way ends with "may have
/// posted".
pub async fn run(args: ArticleArgs, common: &Common, deadline: Instant) -> Result<()> {
    let on_its_way = AtomicBool::new(false);
    let publishing = article(&args, common, &on_its_way);
    match tokio::time::timeout_at(deadline, publishing).await {
        Ok(result) => result,
        Err(_) if on_its_way.load(Ordering::SeqCst) => Err(Error::new(
            Cause::MaybePosted,
            format!(
                "gave up after {} (--max-time) while the article's publication was on its way",
                output::duration(common.max_time)
            ),
        )
        .hint("the article may be published: look at your profile before publishing it again")),
        Err(_) => Err(gave_up(common.max_time)),
    }
}

async fn article(args: &ArticleArgs, common: &Common, on_its_way: &AtomicBool) -> Result<()> {
    let prepared = prepare(args)?;
    if args.dry_run {
        return dry_run(prepared, args, common);
    }

    let ctx = Context::from_env(common)?;
    let mut caller = ctx
        .authentication(ctx.consent_options(common))
        .caller()
        .await?;
    let api = &ctx.api;
    let subscription = caller
        .call(|key| async move { articles::subscription(api, key.auth()).await })
        .await?;
    if let Some(refusal) = unsubscribed(subscription.as_deref(), caller.username()) {
        return Err(refusal);
    }

    let progress = Progress::new(std::io::stderr().is_terminal() && !output::quiet());
    let files: Vec<MediaFile> = prepared
        .images
        .iter()
        .chain(prepared.cover.iter())
        .cloned()
        .collect();
    let mut ids = Vec::new();
    if !files.is_empty() {
        let planned = [Planned {
            text: None,
            media: files,
            weighted_length: 0,
        }];
        let (planned, progress) = (&planned, &progress);
        ids = caller
            .call(|key| async move { upload_all(api, key.auth(), planned, progress).await })
            .await?
            .into_iter()
            .next()
            .unwrap_or_default();
    }
    let cover_id = prepared.cover.as_ref().and_then(|_| ids.pop());
    let body = prepared.body(&ids, cover_id.as_deref());

    let body = &body;
    let draft = caller
        .call(|key| async move { articles::create_draft(api, key.auth(), body).await })
        .await?;
    if args.draft {
        let drafted = Drafted {
            article_id: &draft.id,
            title: &draft.title,
            draft: true,
        };
        return output::print_json_or(common.json, &drafted, &draft.id);
    }
    let id = draft.id.as_str();
    let post_id = caller
        .call(|key| async move { articles::publish(api, key.auth(), id, on_its_way).await })
        .await?;
    let url = output::post_url(&ctx.config.web_base, caller.username(), &post_id);
    let mut out = Results::posts();
    if common.json {
        let published = Published {
            article_id: &draft.id,
            post_id: &post_id,
            url: &url,
            title: &draft.title,
        };
        out.json(&published, [url.as_str()])?;
    } else {
        out.tell(&url);
    }
    out.done(1)
}

/// X's refusal to come, said before anything is uploaded: an account X says has no
/// subscription. Where X does not say, X decides.
fn unsubscribed(subscription: Option<&str>, username: Option<&str>) -> Option<Error> {
    if subscription != Some("None") {
        return None;
    }
    let who = username.map_or("this account".to_owned(), |u| format!("@{u}"));
    Some(
        Error::new(
            Cause::BadInput,
            format!("X publishes Articles only for accounts with a subscription (Basic, Premium or Premium+), and X says {who} has none"),
        )
        .hint("nothing was uploaded or sent: subscribe on X, or run this as an account that has a subscription (--account)"),
    )
}

/// Reads the Markdown file, finds the title, and checks the markdown's size, the images and
/// the cover: everything that can be refused before a request.
fn prepare(args: &ArticleArgs) -> Result<Prepared> {
    let shown = visible(&args.file.display().to_string());
    let text = input::read_file(&args.file)?;
    let mut converted = markdown::convert(&text, args.title.is_none());
    let title = args
        .title
        .clone()
        .or_else(|| converted.title.take())
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    let Some(title) = title else {
        return Err(Error::bad_input(format!(
            "{shown} has no title: --title was not given, and it has no level-1 heading (# Title)"
        ))
        .hint("give the title with --title \"...\", or start the file with a line # Title"));
    };
    if converted.content_state.blocks.is_empty() {
        return Err(
            Error::bad_input(format!("{shown} has nothing to publish besides its title"))
                .hint("write the article's text below its title"),
        );
    }
    let weight = converted.content_state.markdown_weight();
    if weight > MARKDOWN_LIMIT {
        return Err(Error::bad_input(format!(
            "{shown} has {weight} weighted characters of code blocks and tables; X takes at most {MARKDOWN_LIMIT} in one article"
        ))
        .hint("shorten the code blocks and tables, or link to them (a gist, a repository) instead"));
    }
    let base = args.file.parent().unwrap_or(Path::new(""));
    let images = converted
        .images
        .iter()
        .map(|image| {
            if image.path.contains("://") {
                return Err(Error::bad_input(format!(
                    "{shown}: the image {} is not a local file; xpost uploads images from files",
                    visible(&image.path)
                ))
                .hint(
                    "download it next to the Markdown file and write its path: ![alt](picture.png)",
                ));
            }
            let item = MediaItem {
                alt: image.alt.clone(),
                image_only: true,
                ..MediaItem::new(base.join(&image.path))
            };
            still_image(item)
        })
        .collect::<Result<Vec<_>>>()?;
    let cover = args
        .cover
        .as_ref()
        .map(|path| {
            still_image(MediaItem {
                image_only: true,
                ..MediaItem::new(path)
            })
            .map_err(|err| err.context("--cover"))
        })
        .transpose()?;
    Ok(Prepared {
        converted,
        title,
        images,
        cover,
    })
}

/// A file checked as a post's image is, which X takes in an Article (`tweet_image`): not an
/// animated GIF or a video.
fn still_image(item: MediaItem) -> Result<MediaFile> {
    let path = item.path.clone();
    let file = media::check(std::slice::from_ref(&item))?
        .pop()
        .ok_or_else(|| Error::internal("a checked image went missing"))?;
    if file.kind != Kind::Image {
        return Err(Error::bad_input(format!(
            "{} is {}; an article takes still images (JPEG, PNG, WEBP or a GIF of one frame)",
            visible(&path.display().to_string()),
            if file.kind == Kind::Gif {
                "an animated GIF"
            } else {
                "a video"
            }
        ))
        .hint("use a still image, or link to the animation instead"));
    }
    Ok(file)
}

/// Prints the draft's body that would be sent (image media ids stand for the uploads), then
/// ends as a real run would before sending anything.
fn dry_run(prepared: Prepared, args: &ArticleArgs, common: &Common) -> Result<()> {
    #[derive(Serialize)]
    struct Upload {
        path: String,
        alt: Option<String>,
        /// `image` (in the body) or `cover`.
        role: &'static str,
    }
    #[derive(Serialize)]
    struct Plan {
        dry_run: bool,
        /// Whether the draft would be published.
        publish: bool,
        uploads: Vec<Upload>,
        draft: DraftBody,
    }
    let shown = |path: &PathBuf| visible(&path.display().to_string());
    let mut uploads: Vec<Upload> = prepared
        .images
        .iter()
        .map(|f| Upload {
            path: shown(&f.path),
            alt: f.alt.clone(),
            role: "image",
        })
        .collect();
    if let Some(cover) = &prepared.cover {
        uploads.push(Upload {
            path: shown(&cover.path),
            alt: None,
            role: "cover",
        });
    }
    let placeholder = |path: &str| format!("(the upload of {path})");
    let image_ids: Vec<String> = uploads
        .iter()
        .filter(|u| u.role == "image")
        .map(|u| placeholder(&u.path))
        .collect();
    let cover_id = prepared
        .cover
        .as_ref()
        .map(|c| placeholder(&shown(&c.path)));
    let draft = prepared.body(&image_ids, cover_id.as_deref());
    let then = if args.draft {
        "and stop there (--draft)"
    } else {
        "then publish it (POST /2/articles/{id}/publish)"
    };
    output::note(format!(
        "would look up the account's subscription (GET /2/users/me?user.fields=subscription_type), upload {} image(s), create the draft below (POST /2/articles/draft) {then}; nothing was sent.",
        uploads.len()
    ));
    if common.json {
        output::print(&output::json_line(&Plan {
            dry_run: true,
            publish: !args.draft,
            uploads,
            draft,
        })?)?;
    } else {
        let pretty = serde_json::to_string_pretty(&draft)
            .map_err(|err| Error::internal(format!("cannot write the draft as JSON: {err}")))?;
        output::print(&pretty)?;
    }
    // The same exit code a real run would end with, before sending anything.
    super::context::load_env(common)?.config_for(common.auth)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;

    #[test]
    fn only_an_account_x_says_has_no_subscription_is_refused() {
        for said in [
            None,
            Some("Basic"),
            Some("Premium"),
            Some("PremiumPlus"),
            Some("Other"),
        ] {
            assert!(unsubscribed(said, Some("someone")).is_none(), "{said:?}");
        }
        let err = unsubscribed(Some("None"), Some("someone")).unwrap();
        assert_eq!(err.exit(), Exit::BadInput);
        assert!(err.message().contains("@someone has none"), "{err}");
        assert!(
            err.message().contains("Basic, Premium or Premium+"),
            "{err}"
        );
        let err = unsubscribed(Some("None"), None).unwrap();
        assert!(err.message().contains("this account has none"), "{err}");
    }

    #[test]
    fn the_body_gets_each_images_media_id_in_order_and_the_covers() {
        let converted = markdown::convert("# T\n\n![a](a.png)\n\n![b](b.png)", true);
        let prepared = Prepared {
            converted,
            title: "T".into(),
            images: Vec::new(),
            cover: None,
        };
        let body = prepared.body(&["11".into(), "22".into()], Some("33"));
        let ids: Vec<&str> = body
            .content_state
            .entities
            .iter()
            .map(|e| {
                e.value.data.media_items.as_ref().unwrap()[0]
                    .media_id
                    .as_str()
            })
            .collect();
        assert_eq!(ids, ["11", "22"]);
        assert_eq!(body.cover_media, Some(DraftMedia::image("33")));
    }
}
