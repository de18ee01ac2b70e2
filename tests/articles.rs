//! `xpost article FILE.md` (issue 21, item 6), through the real binary against the sandbox:
//! the Article published (its images uploaded first with their alt text, the cover, the one
//! subscription lookup before anything else), `--draft`, `--json`, `--dry-run`; each refusal
//! made before anything is sent (no subscription, too much markdown, a bad image, a file that
//! is not UTF-8, none at all, no title); and X's own refusal of the draft, in X's words.

use std::time::Duration;

use serde_json::Value;
use xpost_sandbox::{Fault, Options, RequestRecord, Subscription, USER_ID, USERNAME};

use crate::util::{Harness, PNG, Run, assert_no_secrets, finish};

const ARTICLE: &str = "# Why 𝐑𝐮𝐬𝐭\n\nIt is **fast** and [safe](https://www.rust-lang.org).\n\n\
    ![A crab, smiling](pics/ferris.png \"Ferris\")\n\n\
    ```rust\nfn main() {}\n```\n\n---\n\nhttps://x.com/rustlang/status/1862\n";

/// A logged-in harness whose accounts have `subscription` (`None`: X does not say).
async fn harness(subscription: Option<Subscription>) -> Harness {
    let h = Harness::with(Options {
        confidential: true,
        processing_polls: 1,
        check_after_secs: 0,
        // An account X does not name a subscription for has one all the same (Premium here).
        subscription: subscription.unwrap_or(Subscription::Premium),
        subscription_said: subscription.is_some(),
        ..Options::default()
    })
    .await;
    h.login().await;
    h
}

/// Writes the Article and its image into the scratch directory; returns the Markdown's path.
fn article(h: &Harness) -> String {
    std::fs::create_dir_all(h.dir.path().join("pics")).unwrap();
    h.file("pics/ferris.png", PNG);
    h.file("post.md", ARTICLE.as_bytes()).display().to_string()
}

/// The requests made since `before` to X's `/2` endpoints, as `METHOD /path?query status`.
fn sent_since(h: &Harness, before: usize) -> Vec<String> {
    h.sandbox.requests()[before..]
        .iter()
        .filter(|r| r.path.starts_with("/2/"))
        .map(|r: &RequestRecord| {
            let query = r
                .query
                .as_deref()
                .map(|q| format!("?{q}"))
                .unwrap_or_default();
            format!("{} {}{query} {}", r.method, r.path, r.status)
        })
        .collect()
}

/// Runs `xpost article` with `args` and checks it was refused with `code` and `said` on
/// stderr, before anything was sent to X.
async fn refused_locally(h: &Harness, args: &[&str], code: i32, said: &str) -> Run {
    let before = h.sandbox.requests().len();
    let run = h.run(h.xpost().arg("article").args(args)).await;
    assert_eq!(run.code, code, "{run:?}");
    assert!(run.stderr.contains(said), "{said:?} in {run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert_eq!(sent_since(h, before), Vec::<String>::new(), "nothing sent");
    assert!(h.sandbox.articles().is_empty());
    assert_no_secrets(&run);
    run
}

#[tokio::test(flavor = "multi_thread")]
async fn publishes_an_article_with_its_image_alt_text_and_cover() {
    let h = harness(Some(Subscription::Premium)).await;
    let path = article(&h);
    let cover = h.file("cover.png", PNG);
    let before = h.sandbox.requests().len();
    let run = h
        .run(h.xpost().args(["article", &path, "--cover"]).arg(&cover))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(&run);

    let articles = h.sandbox.articles();
    assert_eq!(articles.len(), 1);
    let published = &articles[0];
    let post_id = published.post_id.clone().expect("published");
    assert_eq!(
        run.stdout,
        format!("https://x.com/{USERNAME}/status/{post_id}\n")
    );
    let post = h
        .sandbox
        .posts()
        .into_iter()
        .find(|p| p.id == post_id)
        .expect("the post that carries the article");
    assert_eq!(post.author_id, USER_ID);
    assert_eq!(published.title, "Why 𝐑𝐮𝐬𝐭");

    // The image went up with its alt text, and its entity names it; the cover too.
    let body = &published.body;
    let media = h.sandbox.media();
    assert_eq!(media.len(), 2, "{media:?}");
    let image = &body["content_state"]["entities"][1]["value"];
    assert_eq!(image["type"], "image");
    assert_eq!(image["data"]["caption"], "Ferris");
    let image_id = image["data"]["media_items"][0]["media_id"]
        .as_str()
        .unwrap();
    let uploaded = media.iter().find(|m| m.id == image_id).expect("uploaded");
    assert_eq!(uploaded.alt_text.as_deref(), Some("A crab, smiling"));
    let cover_id = body["cover_media"]["media_id"].as_str().unwrap();
    assert_ne!(cover_id, image_id);
    assert!(
        media
            .iter()
            .any(|m| m.id == cover_id && m.alt_text.is_none())
    );
    // The title heading is not in the body; the rest is, in order.
    let kinds: Vec<&str> = body["content_state"]["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["unstyled", "atomic", "atomic", "atomic", "atomic"]);

    // One lookup of the subscription, first; then the uploads, the draft and its publication.
    let sent = sent_since(&h, before);
    assert_eq!(
        sent[0], "GET /2/users/me?user.fields=subscription_type 200",
        "{sent:?}"
    );
    assert_eq!(sent.iter().filter(|s| s.contains("/2/users/me")).count(), 1);
    let tail: Vec<&str> = sent[sent.len() - 2..].iter().map(String::as_str).collect();
    assert_eq!(
        tail,
        [
            "POST /2/articles/draft 201",
            &*format!("POST /2/articles/{}/publish 200", published.id)
        ]
    );
    assert_eq!(
        sent.iter()
            .filter(|s| s.starts_with("POST /2/media/upload "))
            .count(),
        2
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn json_gives_the_ids_and_the_url_and_draft_stops_before_publishing() {
    let h = harness(Some(Subscription::Basic)).await;
    let path = article(&h);
    let run = h.run(h.xpost().args(["article", &path, "--json"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    let printed: Value = serde_json::from_str(&run.stdout).unwrap();
    let published = &h.sandbox.articles()[0];
    let post_id = published.post_id.clone().unwrap();
    assert_eq!(printed["article_id"], published.id.as_str());
    assert_eq!(printed["post_id"], post_id.as_str());
    assert_eq!(
        printed["url"],
        format!("https://x.com/{USERNAME}/status/{post_id}")
    );
    assert_eq!(printed["title"], "Why 𝐑𝐮𝐬𝐭");

    // --draft, with --title over the heading (which then stays in the body).
    let posts = h.sandbox.posts().len();
    let before = h.sandbox.requests().len();
    let run = h
        .run(
            h.xpost()
                .args(["article", &path, "--draft", "--title", "Draft title"]),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let drafted = h.sandbox.articles()[1].clone();
    assert_eq!(run.stdout, format!("{}\n", drafted.id));
    assert_eq!(drafted.post_id, None);
    assert_eq!(drafted.title, "Draft title");
    assert_eq!(
        drafted.body["content_state"]["blocks"][0]["type"],
        "header-one"
    );
    assert_eq!(h.sandbox.posts().len(), posts, "nothing posted");
    assert!(
        !sent_since(&h, before)
            .iter()
            .any(|s| s.contains("/publish")),
        "not published"
    );
    let run = h
        .run(h.xpost().args(["article", &path, "--draft", "--json"]))
        .await;
    let printed: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(printed["article_id"], h.sandbox.articles()[2].id.as_str());
    assert_eq!(printed["draft"], true);
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_prints_the_drafts_body_and_sends_nothing() {
    let h = harness(Some(Subscription::Premium)).await;
    let path = article(&h);
    let before = h.sandbox.requests().len();
    let run = h.run(h.xpost().args(["article", &path, "--dry-run"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    let body: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(body["title"], "Why 𝐑𝐮𝐬𝐭");
    let first = &body["content_state"]["blocks"][0];
    assert_eq!(first["text"], "It is fast and safe.");
    assert_eq!(
        first["inline_style_ranges"][0],
        serde_json::json!({"offset": 6, "length": 4, "style": "bold"})
    );
    assert_eq!(
        body["content_state"]["entities"][4]["value"]["data"]["post_id"],
        "1862"
    );
    assert!(run.stderr.contains("nothing was sent"), "{run:?}");

    let run = h
        .run(
            h.xpost()
                .args(["article", &path, "--dry-run", "--json", "--draft"]),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let plan: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["publish"], false);
    assert_eq!(plan["uploads"][0]["alt"], "A crab, smiling");
    assert_eq!(plan["draft"]["title"], "Why 𝐑𝐮𝐬𝐭");
    assert_eq!(sent_since(&h, before), Vec::<String>::new());
    assert!(h.sandbox.articles().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_account_without_a_subscription_is_refused_before_any_upload() {
    let h = harness(Some(Subscription::None)).await;
    let path = article(&h);
    let before = h.sandbox.requests().len();
    let run = h.run(h.xpost().args(["article", &path])).await;
    assert_eq!(run.code, 65, "{run:?}");
    assert!(
        run.stderr
            .contains("X publishes Articles only for accounts with a subscription"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains(&format!("@{USERNAME} has none")),
        "{run:?}"
    );
    assert!(run.stdout.is_empty());
    assert_eq!(
        sent_since(&h, before),
        ["GET /2/users/me?user.fields=subscription_type 200"]
    );
    assert!(h.sandbox.media().is_empty());
    assert!(h.sandbox.articles().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn when_x_does_not_say_x_decides() {
    let h = harness(None).await;
    let path = article(&h);
    let run = h.run(h.xpost().args(["article", &path])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(h.sandbox.articles()[0].post_id.is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn what_x_would_refuse_is_refused_before_anything_is_sent() {
    let h = harness(Some(Subscription::Premium)).await;
    let dir = h.dir.path();

    let code = format!("# T\n\n```\n{}\n```\n", "x".repeat(10_000));
    let long = h.file("long.md", code.as_bytes()).display().to_string();
    refused_locally(&h, &[&long], 65, "at most 10000 in one article").await;

    h.file("not-a-picture.png", b"just some text");
    let bad = h
        .file("bad.md", b"# T\n\n![x](not-a-picture.png)\n")
        .display()
        .to_string();
    refused_locally(&h, &[&bad], 65, "not-a-picture.png").await;
    let ok = h.file("ok.md", b"# T\n\nText.\n").display().to_string();
    let run = refused_locally(&h, &[&ok, "--cover", "bad.md"], 65, "--cover").await;
    assert!(run.stderr.contains("bad.md"), "{run:?}");

    let latin1 = h
        .file("latin1.md", b"# Caf\xe9\n\nText.\n")
        .display()
        .to_string();
    refused_locally(&h, &[&latin1], 65, "is not valid UTF-8").await;

    let missing = dir.join("missing.md").display().to_string();
    refused_locally(&h, &[&missing], 66, "missing.md").await;

    let untitled = h
        .file("untitled.md", b"## Only a subheading\n\nText.\n")
        .display()
        .to_string();
    let run = refused_locally(&h, &[&untitled], 65, "has no title").await;
    assert!(run.stderr.contains("--title"), "{run:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn xs_refusal_of_the_draft_is_shown_in_xs_words() {
    // The subscription lapses after xpost looked it up: X refuses the draft.
    let h = harness(Some(Subscription::Premium)).await;
    let path = h.file("post.md", b"# T\n\nText.\n").display().to_string();
    h.sandbox.inject(
        "POST",
        "/2/articles/draft",
        Fault::Delay(Duration::from_secs(2)),
        1,
    );
    // The login's own lookup asked for the subscription too: wait for the article's.
    let lookups = || {
        h.sandbox
            .requests()
            .iter()
            .filter(|r| r.path == "/2/users/me" && r.query.is_some())
            .count()
    };
    let before = lookups();
    let child = h.xpost().args(["article", &path]).spawn().unwrap();
    let looked_up = async {
        while lookups() == before {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(30), looked_up)
        .await
        .expect("xpost looks the subscription up");
    assert!(h.sandbox.set_subscription(USER_ID, Subscription::None));
    let run = finish(child).await;
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains(
            "X refused the article's draft (403): Articles are available to accounts with an X Premium subscription"
        ),
        "{run:?}"
    );
    assert!(run.stdout.is_empty());
    assert!(h.sandbox.articles().is_empty());
    assert_no_secrets(&run);
}

#[tokio::test(flavor = "multi_thread")]
async fn works_with_the_oauth1_keys_alone() {
    let h = Harness::with(Options {
        subscription: Subscription::PremiumPlus,
        ..Options::default()
    })
    .await;
    let path = article(&h);
    let run = h
        .run(h.xpost().args(["article", &path, "--auth", "oauth1"]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let published = &h.sandbox.articles()[0];
    let post_id = published.post_id.clone().unwrap();
    assert!(
        run.stdout.trim().ends_with(&format!("/status/{post_id}")),
        "{run:?}"
    );
    let post = h
        .sandbox
        .posts()
        .into_iter()
        .find(|p| p.id == post_id)
        .unwrap();
    assert_eq!(post.auth, xpost_sandbox::AuthMethod::OAuth1);
    assert!(!h.browser_was_opened());
}
