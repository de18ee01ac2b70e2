//! Long posts (issue 21): the account's subscription known from the login's user lookup and
//! kept with it, the limit that follows it (280, or 25,000 with a subscription) checked
//! before anything is sent, OAuth 1.0a runs that ask X only for a text over 280, a
//! subscription that lapsed, and `--split` / `--number`. Each through real runs of the binary
//! against the sandbox.

use tokio::process::Command;
use xpost_sandbox::{Options, RequestRecord, Subscription, USER_ID};

use crate::util::{Harness, PNG, Run, assert_no_secrets, count};

/// A sandbox whose accounts have `subscription`, logged in.
async fn logged_in(subscription: Subscription) -> Harness {
    let h = Harness::with(Options {
        confidential: true,
        subscription,
        ..Options::default()
    })
    .await;
    h.login().await;
    h
}

/// `xpost` for these tests: the app's plan is Enterprise, since their prose has a cashtag in
/// every paragraph, more than the one a self-serve plan allows in a post.
fn xpost(h: &Harness) -> Command {
    let mut cmd = h.xpost();
    cmd.env("X_PLAN", "enterprise");
    cmd
}

/// `xpost` configured with the four OAuth 1.0a keys only (no OAuth 2.0 app).
fn keys_only(h: &Harness) -> Command {
    let mut cmd = xpost(h);
    cmd.env_remove("X_CLIENT_ID").env_remove("X_CLIENT_SECRET");
    cmd
}

/// Prose of about `words` words, in sentences and paragraphs, with a URL, a mention, a
/// hashtag and a cashtag in each paragraph.
fn prose(words: usize) -> String {
    let mut text = String::new();
    for i in 0..words {
        text.push_str(match i % 13 {
            3 => "https://example.com/some/long/path?x=1",
            5 => "@xpost_sandbox",
            7 => "#rustlang",
            9 => "$XPST",
            11 => "naïve",
            _ => "word",
        });
        text.push_str(match i % 40 {
            39 => ".\n\n",
            n if n % 9 == 8 => ". ",
            _ => " ",
        });
    }
    text
}

/// The requests since `before`, as `METHOD /path`.
fn since(h: &Harness, before: usize) -> Vec<RequestRecord> {
    h.sandbox.requests()[before..].to_vec()
}

fn paths(requests: &[RequestRecord]) -> Vec<String> {
    requests
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

/// A run refused before anything was sent (exit 65).
fn refused_up_front(h: &Harness, before: usize, run: &Run) {
    assert_eq!(run.code, 65, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert_eq!(paths(&since(h, before)), Vec::<String>::new(), "{run:?}");
    assert_no_secrets(run);
}

#[tokio::test]
async fn the_login_keeps_the_subscription_from_its_one_user_lookup() {
    let h = logged_in(Subscription::Premium).await;
    let requests = h.sandbox.requests();
    let lookups: Vec<&RequestRecord> = requests
        .iter()
        .filter(|r| r.path == "/2/users/me")
        .collect();
    assert_eq!(lookups.len(), 1, "{requests:?}");
    assert_eq!(
        lookups[0].query.as_deref(),
        Some("user.fields=subscription_type")
    );
    let stored = h.stored();
    assert_eq!(stored["version"], 3);
    assert_eq!(stored["subscription_type"], "Premium");

    let run = h.run(xpost(&h).args(["auth", "status"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("subscription: Premium"), "{run:?}");
    let run = h.run(xpost(&h).args(["auth", "status", "--json"])).await;
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["subscription_type"], "Premium", "{run:?}");
    let run = h.run(xpost(&h).args(["auth", "list", "--json"])).await;
    assert!(
        run.stdout.contains(r#""subscription_type": "Premium""#)
            || run.stdout.contains(r#""subscription_type":"Premium""#),
        "{run:?}"
    );
}

#[tokio::test]
async fn a_subscriber_posts_long_text_with_only_the_post() {
    let h = logged_in(Subscription::Basic).await;
    let text = prose(400);
    assert!(xpost_text::weighted_length(&text) > 2_000);
    let before = h.sandbox.requests().len();
    let run = h.run(xpost(&h).arg(&text)).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(paths(&since(&h, before)), ["POST /2/tweets"]);
    assert_eq!(h.sandbox.posts()[0].text, text);
    // Over 25,000, refused before anything is sent, naming the limit and the subscription.
    let before = h.sandbox.requests().len();
    let run = h.run(xpost(&h).arg("a ".repeat(12_600))).await;
    refused_up_front(&h, before, &run);
    for said in ["limit is 25000", "subscription: Basic", "--split"] {
        assert!(run.stderr.contains(said), "{said}: {run:?}");
    }
}

#[tokio::test]
async fn without_a_subscription_a_long_text_is_refused_before_anything_is_sent() {
    let h = logged_in(Subscription::None).await;
    let image = h.file("a.png", PNG);
    let before = h.sandbox.requests().len();
    let run = h
        .run(xpost(&h).arg("b".repeat(281)).arg("--image").arg(&image))
        .await;
    refused_up_front(&h, before, &run);
    for said in ["limit is 280", "subscription: None", "--split"] {
        assert!(run.stderr.contains(said), "{said}: {run:?}");
    }
    // Every post of a thread, and an edit, follow the same limit.
    let thread = h.file(
        "t.txt",
        format!("first\n---\n{}\n", "c".repeat(281)).as_bytes(),
    );
    let run = h.run(xpost(&h).arg("--thread").arg(&thread)).await;
    refused_up_front(&h, before, &run);
    assert!(run.stderr.contains("post 2 of 2 is too long"), "{run:?}");
    let run = h
        .run(xpost(&h).args(["edit", "1"]).arg("d".repeat(281)))
        .await;
    refused_up_front(&h, before, &run);
    assert!(run.stderr.contains("subscription: None"), "{run:?}");
}

#[tokio::test]
async fn before_the_first_login_a_long_text_says_to_log_in() {
    let h = Harness::new().await;
    let run = h.run(xpost(&h).arg("e".repeat(300))).await;
    refused_up_front(&h, 0, &run);
    assert!(run.stderr.contains("xpost auth login"), "{run:?}");
    assert!(!h.browser_was_opened());
}

#[tokio::test]
async fn an_unknown_subscription_is_taken_as_280_until_auth_status_reads_it_again() {
    let h = logged_in(Subscription::Premium).await;
    h.edit_store(|login| {
        login.remove("subscription_type");
    });
    let text = "f ".repeat(400);
    let before = h.sandbox.requests().len();
    let run = h.run(xpost(&h).arg(&text)).await;
    refused_up_front(&h, before, &run);
    assert!(run.stderr.contains("subscription is unknown"), "{run:?}");
    assert!(run.stderr.contains("xpost auth status"), "{run:?}");

    let run = h.run(xpost(&h).args(["auth", "status"])).await;
    assert!(run.stdout.contains("subscription: Premium"), "{run:?}");
    assert_eq!(h.stored()["subscription_type"], "Premium");
    let run = h.run(xpost(&h).arg(&text)).await;
    assert_eq!(run.code, 0, "{run:?}");
}

#[tokio::test]
async fn oauth1_runs_ask_x_only_for_a_text_over_280() {
    let h = Harness::with(Options {
        subscription: Subscription::PremiumPlus,
        ..Options::default()
    })
    .await;
    // Within 280: the post, and nothing else.
    let run = h.run(keys_only(&h).arg("short")).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(paths(&h.sandbox.requests()), ["POST /2/tweets"]);

    // Over 280: one signed lookup first, then the post.
    let before = h.sandbox.requests().len();
    let run = h.run(keys_only(&h).arg("g ".repeat(300))).await;
    assert_eq!(run.code, 0, "{run:?}");
    let requests = since(&h, before);
    assert_eq!(paths(&requests), ["GET /2/users/me", "POST /2/tweets"]);
    assert_eq!(
        requests[0].query.as_deref(),
        Some("user.fields=subscription_type")
    );

    // Without a subscription: the lookup, and nothing more.
    h.sandbox.set_subscription(USER_ID, Subscription::None);
    let before = h.sandbox.requests().len();
    let run = h.run(keys_only(&h).arg("h ".repeat(300))).await;
    assert_eq!(run.code, 65, "{run:?}");
    assert_eq!(paths(&since(&h, before)), ["GET /2/users/me"]);
    assert!(run.stderr.contains("subscription: None"), "{run:?}");
}

#[tokio::test]
async fn a_lapsed_subscription_costs_one_refused_post_and_is_forgotten() {
    let h = logged_in(Subscription::Premium).await;
    h.sandbox.set_subscription(USER_ID, Subscription::None);
    let image = h.file("a.png", PNG);
    let before = h.sandbox.requests().len();
    let run = h
        .run(xpost(&h).arg("i ".repeat(300)).arg("--image").arg(&image))
        .await;
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert_eq!(count(&since(&h, before), "POST", "/2/tweets"), 1);
    assert!(h.sandbox.posts().is_empty());
    assert!(run.stderr.contains("may have lapsed"), "{run:?}");
    let media = h.sandbox.media();
    assert_eq!(media.len(), 1);
    assert!(run.stderr.contains(&media[0].id), "{run:?}");
    // Forgotten: the next long text is refused before anything is sent.
    assert!(
        h.stored().get("subscription_type").is_none(),
        "{}",
        h.stored()
    );
    let before = h.sandbox.requests().len();
    let run = h.run(xpost(&h).arg("j ".repeat(300))).await;
    refused_up_front(&h, before, &run);
}

#[tokio::test]
async fn split_makes_a_thread_of_posts_within_280() {
    let h = logged_in(Subscription::None).await;
    let text = prose(300);
    let file = h.file("essay.txt", text.as_bytes());
    let image = h.file("a.png", PNG);
    let parent = h.run(xpost(&h).arg("the post it replies to")).await;
    assert_eq!(parent.code, 0, "{parent:?}");
    let parent = h.sandbox.posts()[0].id.clone();
    let run = h
        .run(
            xpost(&h)
                .args(["--split", "--number", "--file"])
                .arg(&file)
                .arg("--image")
                .arg(&image)
                .args(["--reply-to", &parent, "--made-with-ai"]),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let posts = h.sandbox.posts()[1..].to_vec();
    let total = posts.len();
    assert!(total >= 8, "{total}");
    assert_eq!(posts[0].reply_to.as_deref(), Some(parent.as_str()));
    assert_eq!(run.stdout.lines().count(), total, "{run:?}");
    for (k, post) in posts.iter().enumerate() {
        assert!(xpost_text::weighted_length(&post.text) <= 280, "{post:?}");
        assert!(
            post.text.ends_with(&format!(" {}/{total}", k + 1)),
            "{post:?}"
        );
        assert_eq!(post.body["made_with_ai"], true, "{post:?}");
        assert_eq!(post.media_ids.len(), usize::from(k == 0), "{post:?}");
        if k > 0 {
            assert_eq!(post.reply_to.as_deref(), Some(posts[k - 1].id.as_str()));
        }
    }
    // The posts give back the text, whitespace aside, and cut no URL.
    let bare = |s: &str| s.split_whitespace().collect::<String>();
    let joined: String = posts
        .iter()
        .enumerate()
        .map(|(k, p)| {
            p.text
                .trim_end_matches(&format!(" {}/{total}", k + 1))
                .to_owned()
        })
        .collect();
    assert_eq!(bare(&joined), bare(&text));
    for post in &posts {
        for word in post.text.split_whitespace() {
            if word.contains("example.com") {
                let url = word.trim_end_matches('.');
                assert_eq!(url, "https://example.com/some/long/path?x=1");
            }
        }
    }
}

#[tokio::test]
async fn split_reads_stdin_puts_the_poll_last_and_leaves_a_short_text_whole() {
    let h = logged_in(Subscription::None).await;
    let run = h
        .run_with_stdin(
            xpost(&h).args(["--split", "-", "--poll", "yes", "--poll", "no"]),
            prose(120).as_bytes(),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let posts = h.sandbox.posts();
    assert!(posts.len() >= 3, "{posts:?}");
    for (k, post) in posts.iter().enumerate() {
        assert_eq!(
            post.body.get("poll").is_some(),
            k == posts.len() - 1,
            "{post:?}"
        );
    }
    let run = h.run(xpost(&h).args(["--split", "fits in one"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(h.sandbox.posts().last().unwrap().text, "fits in one");
    assert_eq!(h.sandbox.posts().len(), posts.len() + 1);
}

#[tokio::test]
async fn split_dry_run_shows_each_post_and_sends_nothing() {
    let h = Harness::new().await;
    let run = h
        .run(
            xpost(&h)
                .args(["--split", "--number", "--dry-run"])
                .arg(prose(150)),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(h.sandbox.requests().is_empty());
    assert!(run.stdout.contains("post 1 of "), "{run:?}");
    assert!(
        run.stdout.contains("/280 weighted characters, ok"),
        "{run:?}"
    );
    assert!(!run.stdout.contains("NOT VALID"), "{run:?}");
}

#[tokio::test]
async fn split_refuses_a_word_longer_than_a_post() {
    let h = Harness::new().await;
    let run = h
        .run(
            xpost(&h)
                .arg("--split")
                .arg(format!("a {}", "x".repeat(300))),
        )
        .await;
    refused_up_front(&h, 0, &run);
    assert!(run.stderr.contains("longer than a post"), "{run:?}");
}

#[tokio::test]
async fn a_stopped_split_thread_says_what_was_posted_and_how_to_go_on() {
    let h = logged_in(Subscription::None).await;
    // The split's second post is one X refuses: a duplicate of a post already made.
    let run = h.run(xpost(&h).arg("said before")).await;
    assert_eq!(run.code, 0, "{run:?}");
    let text = format!("{}.\n\nsaid before", "o ".repeat(135).trim_end());
    let run = h
        .run(
            xpost(&h)
                .args(["--split", "--account", "xpost_sandbox"])
                .arg(&text),
        )
        .await;
    assert_eq!(run.code, 1, "{run:?}");
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 2, "{posts:?}");
    assert!(
        run.stderr.contains("the thread stopped at post 2 of 2"),
        "{run:?}"
    );
    assert!(run.stderr.contains(&posts[1].id), "{run:?}");
    assert!(
        run.stderr.contains(&format!(
            "--account xpost_sandbox --reply-to {}",
            posts[1].id
        )),
        "{run:?}"
    );
    assert!(
        run.stderr.contains(
            "put posts 2 to 2 of the split (as xpost --split --dry-run shows them) in FILE"
        ),
        "{run:?}"
    );
    // stdout has the post that was made, and only it.
    assert_eq!(run.stdout.lines().count(), 1, "{run:?}");
}
