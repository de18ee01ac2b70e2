//! What is posted and how: text as X counts it, text from stdin and files, replies and quotes,
//! threads, dry runs, every documented exit code, and the generated completions and manual.
//! Each through real runs of the binary against the sandbox.

use tokio::process::Command;
use unicode_normalization::UnicodeNormalization;
use xpost::sandbox::{Post, USERNAME};

use crate::util::{Harness, Run, assert_no_secrets};

/// Where X shows post `id` (the harness leaves `X_WEB_BASE` unset).
fn status_url(id: &str) -> String {
    format!("https://x.com/{USERNAME}/status/{id}")
}

/// The one post a successful run made, checking that stdout holds its URL and nothing else.
fn the_new_post(h: &Harness, before: usize, run: &Run) -> Post {
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(run);
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), before + 1, "one post: {run:?}");
    let post = posts[before].clone();
    assert_eq!(run.stdout, format!("{}\n", status_url(&post.id)), "{run:?}");
    post
}

/// Runs `cmd` with the stored login and returns the post it made.
async fn post_ok(h: &Harness, cmd: &mut Command) -> Post {
    let before = h.sandbox.posts().len();
    let run = h.run(cmd).await;
    the_new_post(h, before, &run)
}

/// Checks that `run` ended with `code` before xpost sent anything or opened a browser; the
/// sandbox had answered `before` requests when it started.
fn assert_refused_up_front(h: &Harness, before: usize, run: &Run, code: i32) {
    assert_eq!(run.code, code, "{run:?}");
    assert!(run.stdout.is_empty(), "nothing on stdout: {run:?}");
    let requests = h.sandbox.requests();
    assert_eq!(
        requests.len(),
        before,
        "nothing was sent: {:?}\n{run:?}",
        &requests[before..]
    );
    assert!(!h.browser_was_opened(), "no browser: {run:?}");
    assert_no_secrets(run);
}

/// `xpost` for a run that must end before any consent: should it wrongly go on to ask for
/// one, it gives up after a second instead of hanging the test.
fn xpost_quick(h: &Harness) -> Command {
    let mut cmd = h.xpost();
    cmd.args(["--auth-timeout", "1s"]);
    cmd
}

fn nfc(text: &str) -> String {
    text.nfc().collect()
}

// ---------------------------------------------------------------------------------------------
// Length as X counts it

const SKIN_TONE: &str = "👍🏽";
const FAMILY: &str = "👨\u{200d}👩\u{200d}👧\u{200d}👦";

#[tokio::test(flavor = "multi_thread")]
async fn text_of_exactly_280_weighted_units_posts() {
    let h = Harness::new().await;
    h.login().await;
    let cases = [
        ("280 ASCII characters", "a".repeat(280)),
        ("140 CJK characters, 2 each", "日".repeat(140)),
        (
            "emoji with a skin tone and a ZWJ family, 2 each",
            format!("{}{SKIN_TONE}{FAMILY}", "b".repeat(276)),
        ),
        (
            "a URL without a scheme, 23",
            format!("{} rust-lang.org", "c".repeat(256)),
        ),
        (
            "a long URL with a scheme, 23",
            format!(
                "{} https://www.rust-lang.org/learn/get-started#installing-rust",
                "d".repeat(256)
            ),
        ),
        (
            "e + U+0301, one character each after NFC",
            "e\u{301}".repeat(280),
        ),
    ];
    for (what, text) in cases {
        let post = post_ok(&h, h.xpost().arg(&text)).await;
        assert_eq!(nfc(&post.text), nfc(&text), "{what}");
    }
    assert!(!h.browser_was_opened(), "the stored login was reused");
}

#[tokio::test(flavor = "multi_thread")]
async fn text_over_280_is_refused_before_anything_is_sent() {
    let h = Harness::new().await;
    // (what, text, its weighted length, what comes right after the crossing marker)
    let cases = [
        ("281 ASCII characters", "a".repeat(281), 281, "a".to_owned()),
        ("141 CJK characters", "日".repeat(141), 282, "日".to_owned()),
        (
            "emoji sequences",
            format!("{}{SKIN_TONE}{FAMILY}", "b".repeat(277)),
            281,
            FAMILY.to_owned(),
        ),
        (
            "a URL without a scheme",
            format!("{} rust-lang.org", "a".repeat(257)),
            281,
            "rust-lang.org".to_owned(),
        ),
        (
            "combining accents",
            "e\u{301}".repeat(281),
            281,
            "\u{e9}".to_owned(),
        ),
    ];
    for (what, text, weighted, after) in cases {
        let run = h.run(xpost_quick(&h).arg(&text)).await;
        assert_refused_up_front(&h, 0, &run, 65);
        assert!(
            run.stderr
                .contains(&format!("{weighted} weighted characters")),
            "{what}: {run:?}"
        );
        assert!(run.stderr.contains("limit is 280"), "{what}: {run:?}");
        // The marker sits where the limit is crossed: a URL or an emoji sequence is not split.
        let marker = format!("⟨here⟩{after}");
        assert!(
            run.stderr.lines().any(|line| line.ends_with(&marker)),
            "{what}: the crossing should end with {marker:?}: {run:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Where the text comes from

#[tokio::test(flavor = "multi_thread")]
async fn text_from_stdin_or_a_file_loses_only_its_final_newline() {
    let h = Harness::new().await;
    h.login().await;

    let before = h.sandbox.posts().len();
    let run = h
        .run_with_stdin(h.xpost().arg("-"), b"from stdin\nsecond line\n")
        .await;
    let post = the_new_post(&h, before, &run);
    assert_eq!(post.text, "from stdin\nsecond line");

    let before = h.sandbox.posts().len();
    let run = h
        .run_with_stdin(h.xpost().arg("-"), b"from a Windows pipe\r\n")
        .await;
    assert_eq!(the_new_post(&h, before, &run).text, "from a Windows pipe");

    let notes = h.file("notes.txt", b"from a file\n\nafter a blank line\n");
    let post = post_ok(&h, h.xpost().arg("--file").arg(&notes)).await;
    assert_eq!(post.text, "from a file\n\nafter a blank line");

    // A relative path is taken from the working directory.
    h.file("relative.txt", b"from a relative path\n");
    let post = post_ok(&h, h.xpost().args(["--file", "relative.txt"])).await;
    assert_eq!(post.text, "from a relative path");
}

#[tokio::test(flavor = "multi_thread")]
async fn unreadable_text_is_refused_naming_its_source() {
    let h = Harness::new().await;

    let run = h
        .run_with_stdin(xpost_quick(&h).arg("-"), b"caf\xe9 au lait\n")
        .await;
    assert_refused_up_front(&h, 0, &run, 65);
    assert!(
        run.stderr.contains("stdin is not valid UTF-8"),
        "names stdin: {run:?}"
    );

    let latin1 = h.file("latin1.txt", b"caf\xe9 au lait\n");
    let run = h.run(xpost_quick(&h).arg("--file").arg(&latin1)).await;
    assert_refused_up_front(&h, 0, &run, 65);
    assert!(
        run.stderr
            .contains(&format!("{} is not valid UTF-8", latin1.display())),
        "names the file: {run:?}"
    );

    let run = h.run(xpost_quick(&h).args(["--file", "missing.txt"])).await;
    assert_refused_up_front(&h, 0, &run, 66);
    assert!(run.stderr.contains("missing.txt"), "{run:?}");

    h.file("notes.txt", b"some notes\n");
    let run = h
        .run(xpost_quick(&h).args(["inline text", "--file", "notes.txt"]))
        .await;
    assert_refused_up_front(&h, 0, &run, 2);
    assert!(run.stderr.contains("--file"), "{run:?}");
}

// ---------------------------------------------------------------------------------------------
// Replies and quotes

#[tokio::test(flavor = "multi_thread")]
async fn replies_and_quotes_take_an_id_or_a_status_url() {
    let h = Harness::new().await;
    h.login().await;
    let original = post_ok(&h, h.xpost().arg("the original post")).await;
    let id = original.id.as_str();
    let references = [
        id.to_owned(),
        format!("https://x.com/u/status/{id}"),
        format!("https://twitter.com/u/status/{id}?s=20"),
    ];
    for (i, reference) in references.iter().enumerate() {
        let reply = post_ok(
            &h,
            h.xpost()
                .arg(format!("reply number {i}"))
                .args(["--reply-to", reference]),
        )
        .await;
        assert_eq!(reply.reply_to.as_deref(), Some(id), "{reference}");
        assert_eq!(reply.quote_of, None, "{reference}");

        let quote = post_ok(
            &h,
            h.xpost()
                .arg(format!("quote number {i}"))
                .args(["--quote", reference]),
        )
        .await;
        assert_eq!(quote.quote_of.as_deref(), Some(id), "{reference}");
        assert_eq!(quote.reply_to, None, "{reference}");
    }

    let both = post_ok(
        &h,
        h.xpost()
            .arg("a reply that quotes")
            .args(["--reply-to", id, "--quote", id]),
    )
    .await;
    assert_eq!(both.reply_to.as_deref(), Some(id));
    assert_eq!(both.quote_of.as_deref(), Some(id));

    let before = h.sandbox.requests().len();
    for (option, value) in [
        ("--reply-to", "abc"),
        ("--quote", "abc"),
        ("--reply-to", "https://example.com/u/status/1"),
        ("--quote", "https://x.com/u"),
    ] {
        let run = h.run(h.xpost().args(["never sent", option, value])).await;
        assert_refused_up_front(&h, before, &run, 2);
        assert!(run.stderr.contains(option), "{run:?}");
    }
    assert_eq!(h.sandbox.posts().len(), 8);
}
