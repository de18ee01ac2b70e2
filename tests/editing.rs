//! `xpost edit ID|URL TEXT` (issue 11, item 7), through the real binary against the sandbox:
//! the exact body X receives (text, the post's media kept or replaced or removed,
//! `edit_options.previous_post_id`), the one read before it under either of X's namings, the
//! refusals made without trying (someone else's post, a poll, a community post, a reply to
//! another account, the window closed, no edits left, a post gone, both of X's answers for
//! that), X's own refusal, local refusals sending nothing, `--dry-run`, `--json`, OAuth 1.0a,
//! an older version's id, and an edit whose outcome is unknown never sent again.

use std::time::Duration;

use serde_json::{Value, json};
use xpost_sandbox::{
    ApiNames, EditRules, ErrorShape, Fault, MissingPost, RequestRecord, SECOND_ACCOUNT, USERNAME,
};

use crate::util::{Harness, PNG, Run, assert_no_secrets, count};

const LEGACY_QUERY: &str =
    "tweet.fields=attachments%2Cauthor_id%2Ccommunity_id%2Cedit_controls%2Cin_reply_to_user_id";
const SPEC_QUERY: &str = "post.fields=attachments%2Ccommunity_id%2Cedit_controls&expansions=author_id%2Cin_reply_to_user_id";

/// Posts with xpost (`args` after the text) and returns the new post's id.
async fn post(h: &Harness, text: &str, args: &[&str]) -> String {
    let run = h.run(h.xpost().arg(text).args(args)).await;
    assert_eq!(run.code, 0, "{run:?}");
    id_in(&run.stdout)
}

fn id_in(url: &str) -> String {
    url.trim().rsplit('/').next().unwrap().to_owned()
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

fn body_of(h: &Harness, id: &str) -> Value {
    let posts = h.sandbox.posts();
    posts
        .iter()
        .find(|p| p.id == id)
        .expect("the post")
        .body
        .clone()
}

/// Runs `xpost edit` with `args` and checks it refused with exit 1 and `said` on stderr,
/// having sent nothing but the read of the post.
async fn refused_after_reading(h: &Harness, args: &[&str], said: &str) -> Run {
    let before = h.sandbox.requests().len();
    let posts = h.sandbox.posts().len();
    let run = h.run(h.xpost().arg("edit").args(args)).await;
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains(said), "{said:?} in {run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    let sent = sent_since(h, before);
    assert_eq!(sent.len(), 1, "only the read: {sent:?}");
    assert!(sent[0].starts_with("GET /2/tweets/"), "{sent:?}");
    assert_eq!(h.sandbox.posts().len(), posts, "nothing posted");
    assert_no_secrets(&run);
    run
}

#[tokio::test(flavor = "multi_thread")]
async fn edits_the_text_keeping_the_posts_media_with_one_read_and_one_post() {
    let h = Harness::fast_logged_in().await;
    let png = h.file("cat.png", PNG);
    let id = post(
        &h,
        "a cta",
        &["--image", png.to_str().unwrap(), "--alt", "A cat"],
    )
    .await;
    let media = h.sandbox.posts()[0].media_ids.clone();
    assert_eq!(media.len(), 1);

    let before = h.sandbox.requests().len();
    let credits_before = {
        h.sandbox.set_credits(Some(100));
        h.sandbox.credits().unwrap()
    };
    let run = h.run(h.xpost().args(["edit", &id, "a cat"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(&run);
    let new = id_in(&run.stdout);
    assert_ne!(new, id);
    assert_eq!(
        run.stdout,
        format!("https://x.com/{USERNAME}/status/{new}\n")
    );
    assert_eq!(
        body_of(&h, &new),
        json!({"text": "a cat", "media": {"media_ids": media}, "edit_options": {"previous_post_id": id}})
    );
    assert_eq!(
        sent_since(&h, before),
        [
            format!("GET /2/tweets/{id}?{LEGACY_QUERY} 200"),
            "POST /2/tweets 201".to_owned()
        ],
        "one read, one post, nothing else (no user lookup, no upload)"
    );
    assert_eq!(
        credits_before - h.sandbox.credits().unwrap(),
        2,
        "X bills the read and the post"
    );
    assert!(
        run.stderr.contains("X allows 4 more edit(s) of this post"),
        "{run:?}"
    );
    assert!(!h.browser_was_opened());
}

#[tokio::test(flavor = "multi_thread")]
async fn replaces_or_removes_the_media_and_reads_the_text_from_stdin_or_a_file() {
    let h = Harness::fast_logged_in().await;
    let png = h.file("cat.png", PNG);
    let png = png.to_str().unwrap();
    let id = post(&h, "first", &["--image", png]).await;

    let run = h
        .run(
            h.xpost()
                .args(["edit", &id, "second", "--image", png, "--alt", "New"]),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let second = id_in(&run.stdout);
    let media = h.sandbox.media();
    assert_eq!(media.len(), 2, "one more upload");
    assert_eq!(media[1].alt_text.as_deref(), Some("New"));
    assert_eq!(
        body_of(&h, &second),
        json!({"text": "second", "media": {"media_ids": [media[1].id]}, "edit_options": {"previous_post_id": id}})
    );

    let run = h
        .run_with_stdin(
            h.xpost().args(["edit", &second, "-", "--no-media"]),
            b"third, from stdin\n",
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let third = id_in(&run.stdout);
    assert_eq!(
        body_of(&h, &third),
        json!({"text": "third, from stdin", "edit_options": {"previous_post_id": second}})
    );

    let file = h.file("fourth.txt", "fourth, from a file\n".as_bytes());
    let run = h
        .run(
            h.xpost()
                .args(["edit", &third, "--file", file.to_str().unwrap()]),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let fourth = id_in(&run.stdout);
    assert_eq!(
        body_of(&h, &fourth),
        json!({"text": "fourth, from a file", "edit_options": {"previous_post_id": third}})
    );

    // A version without text, with new media: its text is "", as X's backend requires.
    let run = h
        .run(h.xpost().args(["edit", &fourth, "", "--image", png]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let fifth = id_in(&run.stdout);
    assert_eq!(body_of(&h, &fifth)["text"], "", "{run:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn new_media_take_a_warning_as_a_posts_do() {
    let h = Harness::fast_logged_in().await;
    let png = h.file("cat.png", PNG);
    let png = png.to_str().unwrap();
    let id = post(&h, "first", &[]).await;
    let run = h
        .run(h.xpost().args([
            "edit",
            &id,
            "second",
            "--image",
            png,
            "--alt",
            "A cat",
            "--sensitive",
            "violence",
        ]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let media = h.sandbox.media();
    assert_eq!(
        h.sandbox.bodies("POST", "/2/media/metadata"),
        [json!({"id": media[0].id, "metadata": {
            "alt_text": {"text": "A cat"},
            "sensitive_media_warning": {"adult_content": false, "graphic_violence": true, "other": false},
        }})]
    );
    assert_eq!(
        body_of(&h, &id_in(&run.stdout)),
        json!({"text": "second", "media": {"media_ids": [media[0].id]}, "edit_options": {"previous_post_id": id}})
    );
    // Kept media take no new warning: there is nothing it would describe.
    let run = h
        .run(
            h.xpost()
                .args(["edit", &id, "third", "--sensitive", "adult"]),
        )
        .await;
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("--sensitive must come after"),
        "{run:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stdout_that_cannot_take_the_url_says_the_edit_is_done() {
    let h = Harness::fast_logged_in().await;
    let id = post(&h, "first", &[]).await;
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let run = h
        .run(h.xpost().args(["edit", &id, "second"]).stdout(full))
        .await;
    assert_eq!(run.code, 74, "{run:?}");
    assert!(run.stderr.contains("xpost: posted: "), "{run:?}");
    assert!(run.stderr.contains("the new version was made"), "{run:?}");
    assert!(run.stderr.contains("the edit is done"), "{run:?}");
    assert_eq!(h.sandbox.posts().len(), 2, "one edit, made once");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_misplaced_media_option_shows_edits_own_usage() {
    let h = Harness::new().await;
    let run = h
        .run(
            h.xpost()
                .args(["edit", "1", "text", "--sensitive", "adult"]),
        )
        .await;
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("--sensitive must come after"),
        "{run:?}"
    );
    assert!(run.stderr.contains("Usage: xpost edit "), "{run:?}");
    assert!(h.sandbox.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn json_prints_the_new_version_and_the_one_it_replaced() {
    let h = Harness::fast_logged_in().await;
    let id = post(&h, "draft", &[]).await;
    let run = h
        .run(h.xpost().args(["edit", "--json", &id, "final"]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let printed: Value = serde_json::from_str(&run.stdout).unwrap();
    let new = printed["id"].as_str().unwrap();
    assert_eq!(
        printed,
        json!({
            "id": new,
            "url": format!("https://x.com/{USERNAME}/status/{new}"),
            "text": "final",
            "media_ids": [],
            "previous_id": id,
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_older_versions_id_edits_the_latest_reading_its_media_from_it() {
    let h = Harness::fast_logged_in().await;
    let png = h.file("cat.png", PNG);
    let png = png.to_str().unwrap();
    let first = post(&h, "v1", &[]).await;
    let run = h
        .run(h.xpost().args(["edit", &first, "v2", "--image", png]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let second = id_in(&run.stdout);
    let media = h.sandbox.posts()[1].media_ids.clone();

    // By the first version's URL, as a user who kept it would.
    let url = format!("https://x.com/{USERNAME}/status/{first}");
    let before = h.sandbox.requests().len();
    let run = h.run(h.xpost().args(["edit", &url, "v3"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("its latest version, {second}, is the one X edits")),
        "{run:?}"
    );
    let third = id_in(&run.stdout);
    assert_eq!(
        body_of(&h, &third),
        json!({"text": "v3", "media": {"media_ids": media}, "edit_options": {"previous_post_id": second}})
    );
    let sent = sent_since(&h, before);
    assert_eq!(
        sent,
        [
            format!("GET /2/tweets/{first}?{LEGACY_QUERY} 200"),
            format!("GET /2/tweets/{second}?{LEGACY_QUERY} 200"),
            "POST /2/tweets 201".to_owned()
        ],
        "the latest is read for its media"
    );

    // With the media given, the first read is enough.
    let before = h.sandbox.requests().len();
    let run = h
        .run(h.xpost().args(["edit", &first, "v4", "--no-media"]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        body_of(&h, &id_in(&run.stdout)),
        json!({"text": "v4", "edit_options": {"previous_post_id": third}})
    );
    assert_eq!(sent_since(&h, before).len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn posts_x_would_not_edit_are_refused_after_one_read_saying_why() {
    let h = Harness::fast_logged_in().await;
    let theirs = h
        .sandbox
        .post_as_someone_else("someone", "hi @xpost_sandbox");
    refused_after_reading(
        &h,
        &[&theirs, "mine now"],
        &format!("post {theirs} cannot be edited: it is not yours: its author is user "),
    )
    .await;

    let poll = post(
        &h,
        "tabs or spaces?",
        &["--poll", "tabs", "--poll", "spaces"],
    )
    .await;
    refused_after_reading(&h, &[&poll, "tabs, obviously"], "it has a poll").await;

    let community = post(
        &h,
        "hello community",
        &["--community", "1493446837214187523"],
    )
    .await;
    refused_after_reading(
        &h,
        &[&community, "hello all"],
        "it was posted in a community",
    )
    .await;

    let reply = post(&h, "a reply", &["--reply-to", &theirs]).await;
    let run = refused_after_reading(
        &h,
        &[&reply, "a better reply"],
        "it replies to another account's post",
    )
    .await;
    assert!(
        run.stderr.contains(&format!("xpost delete {reply}")),
        "{run:?}"
    );

    // A reply in one's own thread can be edited.
    let start = post(&h, "thread start", &[]).await;
    let own = post(&h, "thread, two", &["--reply-to", &start]).await;
    let run = h.run(h.xpost().args(["edit", &own, "thread, 2"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    let new = id_in(&run.stdout);
    let posts = h.sandbox.posts();
    let edited = posts.iter().find(|p| p.id == new).unwrap();
    assert_eq!(
        edited.reply_to.as_deref(),
        Some(start.as_str()),
        "X keeps the reply"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_window_and_used_up_edits_are_read_not_assumed() {
    let h = Harness::fast_logged_in().await;
    // X's documents say 30 minutes and 5 edits; the sandbox allows one here.
    h.sandbox.set_edit_rules(EditRules {
        window: Duration::from_secs(3600),
        edits: 1,
    });
    let id = post(&h, "once", &[]).await;
    let run = h.run(h.xpost().args(["edit", &id, "twice"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("X allows 0 more edit(s)"), "{run:?}");
    let latest = id_in(&run.stdout);
    refused_after_reading(&h, &[&latest, "thrice"], "it has no edits left").await;
    // By the first version's id too, with no second read: every version says so.
    refused_after_reading(&h, &[&id, "thrice"], "it has no edits left").await;

    let late = post(&h, "late", &[]).await;
    h.sandbox.set_edit_rules(EditRules {
        window: Duration::ZERO,
        edits: 5,
    });
    let run = refused_after_reading(&h, &[&late, "too late"], "its edit window closed at ").await;
    assert!(run.stderr.contains(" UTC ("), "{run:?}");
    assert!(run.stderr.contains("ago)"), "{run:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_post_that_is_gone_is_refused_whichever_way_x_says_it() {
    let h = Harness::fast_logged_in().await;
    for how in [MissingPost::Errors, MissingPost::NotFound] {
        h.sandbox.set_missing_post(how);
        refused_after_reading(&h, &["1862", "anything"], "post 1862 does not exist").await;
    }
    let id = post(&h, "soon gone", &[]).await;
    let run = h.run(h.xpost().args(["delete", &id])).await;
    assert_eq!(run.code, 0, "{run:?}");
    refused_after_reading(&h, &[&id, "too late"], "does not exist").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn under_v2_167_names_the_read_asks_again_with_post_fields() {
    let h = Harness::fast_logged_in().await;
    h.sandbox.set_api_names(ApiNames::Post);
    let id = post(&h, "renamed", &[]).await;
    let before = h.sandbox.requests().len();
    let run = h
        .run(h.xpost().args(["edit", "-v", &id, "renamed, edited"]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        sent_since(&h, before),
        [
            format!("GET /2/tweets/{id}?{LEGACY_QUERY} 400"),
            format!("GET /2/tweets/{id}?{SPEC_QUERY} 200"),
            "POST /2/tweets 201".to_owned()
        ]
    );
    assert!(run.stderr.contains("post.fields"), "{run:?}");

    // Under those names too, someone else's post is known by its expanded author.
    let theirs = h.sandbox.post_as_someone_else("someone", "theirs");
    let before = h.sandbox.requests().len();
    let run = h.run(h.xpost().args(["edit", &theirs, "mine"])).await;
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("its author is @someone"), "{run:?}");
    assert_eq!(sent_since(&h, before).len(), 2, "two reads, no post");
}

/// OpenAPI v2.167 words the refusal of `tweet.fields` as one flat invalid-request problem
/// (`parameter`, `value`) where 2.159 had `errors[].parameters`: the read asks again on both.
#[tokio::test(flavor = "multi_thread")]
async fn the_read_asks_again_with_post_fields_on_v2_167s_flat_refusal_too() {
    let h = Harness::fast_logged_in().await;
    h.sandbox.set_api_names(ApiNames::Post);
    h.sandbox.set_error_shape(ErrorShape::Flat);
    let id = post(&h, "renamed, flat", &[]).await;
    let before = h.sandbox.requests().len();
    let run = h
        .run(h.xpost().args(["edit", "-v", &id, "renamed, flat, edited"]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        sent_since(&h, before),
        [
            format!("GET /2/tweets/{id}?{LEGACY_QUERY} 400"),
            format!("GET /2/tweets/{id}?{SPEC_QUERY} 200"),
            "POST /2/tweets 201".to_owned()
        ]
    );
    assert!(run.stderr.contains("post.fields"), "{run:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn what_x_refuses_itself_is_told_in_its_words_with_exit_1() {
    let h = Harness::fast_logged_in().await;
    let theirs = h.sandbox.post_as_someone_else("someone", "theirs");
    // A login that does not know its user: xpost cannot tell whose post it is, X can.
    h.edit_store(|login| {
        login.remove("user_id");
    });
    let before = h.sandbox.requests().len();
    let run = h.run(h.xpost().args(["edit", &theirs, "mine now"])).await;
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr
            .contains("X refused the edit (403): You are not allowed to edit another user's Post."),
        "{run:?}"
    );
    assert!(run.stderr.contains("the post is unchanged"), "{run:?}");
    assert_eq!(
        sent_since(&h, before)
            .iter()
            .map(|r| r.rsplit(' ').next().unwrap().to_owned())
            .collect::<Vec<_>>(),
        ["200", "403"]
    );
    assert_eq!(h.sandbox.posts().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn local_refusals_send_nothing() {
    let h = Harness::fast_logged_in().await;
    let id = post(&h, "kept as is", &[]).await;
    let png = h.file("cat.png", PNG);
    let png = png.to_str().unwrap();
    let not_png = h.file("notes.png", b"just text");
    let before = h.sandbox.requests().len();
    let long = "a".repeat(281);
    for (args, code, said) in [
        (vec![id.as_str()], 2, "give the new version's text"),
        (
            vec![id.as_str(), "  "],
            2,
            "the new version's text is empty",
        ),
        (
            vec![id.as_str(), "", "--no-media"],
            2,
            "the new version's text is empty",
        ),
        (
            vec!["12ab", "text"],
            2,
            "\"12ab\" is neither a post id nor a post's URL",
        ),
        (
            vec!["https://example.com/x/status/1", "text"],
            2,
            "neither a post id",
        ),
        (vec![id.as_str(), long.as_str()], 65, "too long"),
        (
            vec![id.as_str(), "t", "--image", not_png.to_str().unwrap()],
            65,
            "notes.png",
        ),
        (
            vec![id.as_str(), "t", "--image", "missing.png"],
            66,
            "missing.png",
        ),
        (
            vec![id.as_str(), "t", "--image", png, "--no-media"],
            2,
            "--no-media",
        ),
        (vec![id.as_str(), "t", "--alt", "no media"], 2, "--alt"),
        (vec![id.as_str(), "t", "--reply-to", "1"], 2, "--reply-to"),
        (vec![id.as_str(), "t", "--quote", "1"], 2, "--quote"),
        (
            vec![id.as_str(), "t", "--poll", "a", "--poll", "b"],
            2,
            "--poll",
        ),
        (vec![id.as_str(), "t", "--thread", "x.txt"], 2, "--thread"),
        (vec![id.as_str(), "t", "--sandbox"], 2, "--sandbox"),
        (vec![id.as_str(), "t", "--file", "x.txt"], 2, "--file"),
    ] {
        let run = h.run(h.xpost().arg("edit").args(&args)).await;
        assert_eq!(run.code, code, "{args:?}: {run:?}");
        assert!(run.stderr.contains(said), "{said:?} for {args:?}: {run:?}");
        assert!(run.stdout.is_empty(), "{run:?}");
    }
    // Post options before the subcommand are the post's, and refused with it.
    let run = h
        .run(h.xpost().args(["--image", png, "edit", &id, "t"]))
        .await;
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("xpost edit ID"), "{run:?}");
    assert_eq!(h.sandbox.requests().len(), before, "nothing was sent");
    assert_eq!(body_of(&h, &id), json!({"text": "kept as is"}));
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_says_what_would_be_read_and_sent_and_sends_nothing() {
    let h = Harness::fast_logged_in().await;
    let png = h.file("cat.png", PNG);
    let png = png.to_str().unwrap();
    let before = h.sandbox.requests().len();
    let run = h
        .run(h.xpost().args(["edit", "--dry-run", "1862", "fixed"]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .starts_with("would edit post 1862: read it (GET /2/tweets/1862"),
        "{run:?}"
    );
    assert!(run.stdout.contains("with the post's media"), "{run:?}");
    assert!(run.stdout.contains("  | fixed"), "{run:?}");
    assert!(
        run.stdout.ends_with("dry run: nothing was sent.\n"),
        "{run:?}"
    );

    let run = h
        .run(h.xpost().args([
            "edit",
            "--dry-run",
            "--json",
            "1862",
            "fixed",
            "--image",
            png,
            "--alt",
            "A cat",
        ]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let plan: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["edit"], "1862");
    assert_eq!(plan["media"], "replace");
    let new = &plan["posts"][0];
    assert_eq!(new["text"], "fixed");
    assert_eq!(new["weighted_length"], 5);
    assert_eq!(new["valid"], true);
    assert_eq!(new["media"][0]["alt_text"], "A cat");
    assert_eq!(new["media"][0]["media_type"], "image/png");

    let run = h
        .run(
            h.xpost()
                .args(["edit", "--dry-run", "--json", "1862", "x", "--no-media"]),
        )
        .await;
    let plan: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(plan["media"], "remove");
    // A dry run ends with the code the real run would: too long is 65.
    let long = "a".repeat(281);
    let run = h
        .run(h.xpost().args(["edit", "--dry-run", "1862", &long]))
        .await;
    assert_eq!(run.code, 65, "{run:?}");
    assert!(run.stdout.contains("NOT VALID"), "{run:?}");
    assert_eq!(
        h.sandbox.requests().len(),
        before,
        "a dry run sends nothing"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn oauth1_keys_read_and_edit_signed_with_no_login() {
    let h = Harness::fast().await;
    let keys_only = || {
        let mut cmd = h.xpost();
        cmd.env_remove("X_CLIENT_ID").env_remove("X_CLIENT_SECRET");
        cmd
    };
    let run = h.run(keys_only().arg("signed")).await;
    assert_eq!(run.code, 0, "{run:?}");
    let id = id_in(&run.stdout);
    let before = h.sandbox.requests().len();
    let run = h
        .run(keys_only().args(["edit", &id, "signed, edited"]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let new = id_in(&run.stdout);
    assert!(
        run.stdout.contains("/i/status/"),
        "no username known: {run:?}"
    );
    let sent = sent_since(&h, before);
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(count(&h.sandbox.requests(), "POST", "/2/oauth2/token"), 0);
    let posts = h.sandbox.posts();
    let edited = posts.iter().find(|p| p.id == new).unwrap();
    assert_eq!(edited.auth, xpost_sandbox::AuthMethod::OAuth1);
    assert!(!h.browser_was_opened());

    // The keys' user is known from their token: another account's keys are refused the edit
    // after the read, as X would refuse it.
    let run = h
        .run(
            keys_only()
                .env("X_ACCESS_TOKEN", SECOND_ACCOUNT.access_token)
                .env("X_ACCESS_TOKEN_SECRET", SECOND_ACCOUNT.access_token_secret)
                .args(["edit", &new, "not theirs"]),
        )
        .await;
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("it is not yours"), "{run:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_edit_whose_answer_is_lost_may_exist_and_is_not_sent_again() {
    let h = Harness::fast_logged_in().await;
    let id = post(&h, "before", &[]).await;
    h.sandbox
        .inject("POST", "/2/tweets", Fault::DropAfterRead, 1);
    let run = h.run(h.xpost().args(["edit", &id, "after"])).await;
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stderr
            .contains("the edit went out but no answer came back"),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("the new version may exist: look at the post before editing it again"),
        "{run:?}"
    );
    assert_eq!(h.sandbox.posts().len(), 2, "made once");
    assert_eq!(
        count(&h.sandbox.requests(), "POST", "/2/tweets"),
        2,
        "sent once"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_read_is_repeated_on_a_server_error_and_a_refused_token_is_renewed() {
    let h = Harness::fast_logged_in().await;
    let id = post(&h, "flaky", &[]).await;
    h.sandbox
        .inject("GET", "/2/tweets/{id}", Fault::Status { status: 503 }, 1);
    // X refuses the stored token although it looks fresh: renewed once, the read goes again.
    h.sandbox.expire_access_tokens();
    let before = h.sandbox.requests().len();
    let run = h.run(h.xpost().args(["edit", &id, "steady"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    let statuses: Vec<String> = sent_since(&h, before)
        .iter()
        .map(|r| {
            let mut parts = r.split(' ');
            let method = parts.next().unwrap();
            let path = parts.next().unwrap().split('?').next().unwrap();
            format!("{method} {path} {}", parts.next().unwrap())
        })
        .collect();
    assert_eq!(
        statuses,
        [
            format!("GET /2/tweets/{id} 503"),
            format!("GET /2/tweets/{id} 401"),
            "POST /2/oauth2/token 200".to_owned(),
            format!("GET /2/tweets/{id} 200"),
            "POST /2/tweets 201".to_owned(),
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn help_and_docs_describe_edit() {
    let h = Harness::new().await;
    let run = h.run(h.xpost().args(["edit", "--help"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    for option in [
        "<ID|URL>",
        "[TEXT]",
        "--file <PATH>",
        "--image <PATH>",
        "--media <PATH>",
        "--alt <TEXT>",
        "--no-media",
        "--dry-run",
    ] {
        assert!(run.stdout.contains(option), "{option} in {run:?}");
    }
    assert!(
        run.stdout
            .contains("keeps the post's reply, quote, poll and settings")
    );
    let page = |name: &str| {
        let path = format!("{}/docs/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
    };
    for (name, said) in [
        ("usage.md", "xpost edit ID|URL"),
        ("editing.md", "xpost edit ID|URL"),
        ("editing.md", "`--no-media`"),
        ("json-output.md", "| `edit` |"),
        ("json-output.md", "| `edit --dry-run` |"),
    ] {
        assert!(page(name).contains(said), "{said} in docs/{name}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn max_time_running_out_while_the_edit_is_on_its_way_may_have_edited() {
    let h = Harness::fast_logged_in().await;
    let id = post(&h, "slow", &[]).await;
    h.sandbox
        .inject("POST", "/2/tweets", Fault::Delay(Duration::from_secs(4)), 1);
    let run = h
        .run(h.xpost().args(["edit", "--max-time", "2s", &id, "slower"]))
        .await;
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stderr
            .contains("gave up after 2s (--max-time) while the edit was on its way"),
        "{run:?}"
    );
    assert!(run.stderr.contains("the new version may exist"), "{run:?}");
    // X made the new version after all, and once: it was never sent again.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        h.sandbox.posts().len(),
        2,
        "made once: {:?}",
        h.sandbox.requests()
    );
    assert!(
        count(&h.sandbox.requests(), "POST", "/2/tweets") <= 2,
        "sent once (a request whose client left is not recorded)"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_login_where_nobody_can_consent_nothing_is_sent() {
    let h = Harness::fast().await;
    let run = h
        .run(h.xpost().env("CI", "true").args(["edit", "1862", "text"]))
        .await;
    assert_eq!(run.code, 77, "{run:?}");
    assert!(!h.browser_was_opened());
    assert!(
        h.sandbox
            .requests()
            .iter()
            .all(|r| !r.path.starts_with("/2/")),
        "{:?}",
        h.sandbox.requests()
    );
}

/// A lookup answered with another post than the one asked (a lying or broken server) is not
/// taken for it: the edit would replace that other post. Nothing is sent after the read.
#[tokio::test(flavor = "multi_thread")]
async fn a_read_that_answers_with_another_post_edits_nothing() {
    let h = Harness::fast_logged_in().await;
    let body = format!(
        r#"{{"data":{{"id":"777","text":"someone's","author_id":"{}","edit_history_tweet_ids":["777"],"edit_controls":{{"is_edit_eligible":true,"editable_until":"2099-01-01T00:00:00.000Z","edits_remaining":5}}}}}}"#,
        xpost_sandbox::USER_ID
    );
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let (port, seen) = crate::text_and_threads::canned_server(response).await;
    let run = h
        .run(crate::text_and_threads::against(&h, port).args(["edit", "123", "new text"]))
        .await;
    assert_eq!(run.code, 70, "{run:?}");
    assert!(run.stderr.contains("another post (777)"), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "only the read: {seen:?}");
    assert!(seen[0].starts_with("GET /2/tweets/123?"), "{seen:?}");
}
