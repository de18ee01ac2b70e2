//! What is posted and how: text as X counts it, text from stdin and files, replies and quotes,
//! threads, dry runs, every documented exit code, and the generated completions and manual.
//! Each through real runs of the binary against the sandbox.

use std::process::Stdio;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::Command;
use unicode_normalization::UnicodeNormalization;
use xpost_sandbox::{Decision, Post, USERNAME};

use crate::util::{Harness, PNG, Run, assert_no_secrets, free_port};

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
            h.xpost().arg(format!("quote number {i}")).args([
                "--quote",
                reference,
                "--plan",
                "enterprise",
            ]),
        )
        .await;
        assert_eq!(quote.quote_of.as_deref(), Some(id), "{reference}");
        assert_eq!(quote.reply_to, None, "{reference}");
    }

    let both = post_ok(
        &h,
        h.xpost()
            .arg("a reply that quotes")
            .args(["--reply-to", id, "--quote", id])
            .env("X_PLAN", "enterprise"),
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

// ---------------------------------------------------------------------------------------------
// Threads

#[tokio::test(flavor = "multi_thread")]
async fn a_thread_posts_in_order_each_replying_to_the_one_before() {
    let h = Harness::new().await;
    h.login().await;
    // The image path is relative to the thread file, not to the working directory.
    std::fs::create_dir_all(h.dir.path().join("story/img")).unwrap();
    h.file("story/img/cat.png", PNG);
    h.file(
        "story/thread.txt",
        b"The first post of the thread.\n\
          ---\n\
          The second, with a picture.\n\
          ![a cat asleep on a keyboard](img/cat.png)\n\
          ---\n\
          The third and last.\n",
    );
    let run = h
        .run(h.xpost().args(["--thread", "story/thread.txt"]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(&run);
    assert!(!h.browser_was_opened());

    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 3, "{run:?}");
    let texts: Vec<&str> = posts.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "The first post of the thread.",
            "The second, with a picture.",
            "The third and last."
        ]
    );
    let urls: Vec<String> = posts.iter().map(|p| status_url(&p.id)).collect();
    assert_eq!(run.stdout.lines().collect::<Vec<_>>(), urls, "{run:?}");
    assert_eq!(posts[0].reply_to, None);
    assert_eq!(posts[1].reply_to.as_deref(), Some(posts[0].id.as_str()));
    assert_eq!(posts[2].reply_to.as_deref(), Some(posts[1].id.as_str()));

    let media = h.sandbox.media();
    assert_eq!(media.len(), 1);
    assert_eq!(media[0].size, PNG.len());
    assert_eq!(
        media[0].alt_text.as_deref(),
        Some("a cat asleep on a keyboard")
    );
    assert!(posts[0].media_ids.is_empty());
    assert_eq!(posts[1].media_ids, [media[0].id.clone()]);
    assert!(posts[2].media_ids.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thread_as_json_and_a_thread_from_stdin() {
    let h = Harness::new().await;
    h.login().await;
    let file = h.file("thread.txt", b"JSON one\n---\nJSON two\n---\nJSON three\n");
    let run = h
        .run(h.xpost().arg("--thread").arg(&file).arg("--json"))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout.lines().count(), 1, "one line of JSON: {run:?}");
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let printed = json["posts"].as_array().expect("{\"posts\":[...]}");
    let posts = h.sandbox.posts();
    assert_eq!(printed.len(), 3, "{json}");
    assert_eq!(posts.len(), 3);
    for (shown, post) in printed.iter().zip(&posts) {
        assert_eq!(shown["id"], post.id.as_str(), "{json}");
        assert_eq!(shown["url"], status_url(&post.id).as_str(), "{json}");
        assert_eq!(shown["text"], post.text.as_str(), "{json}");
        assert_eq!(shown["media_ids"], serde_json::json!([]), "{json}");
    }
    assert_eq!(posts[2].reply_to.as_deref(), Some(posts[1].id.as_str()));

    // From stdin, image paths are relative to the working directory.
    h.file("dog.png", PNG);
    let run = h
        .run_with_stdin(
            h.xpost().args(["--thread", "-"]),
            b"stdin one\n---\n![](dog.png)\nstdin two\n",
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 5);
    assert_eq!(posts[3].text, "stdin one");
    assert_eq!(posts[4].text, "stdin two");
    assert_eq!(posts[3].reply_to, None);
    assert_eq!(posts[4].reply_to.as_deref(), Some(posts[3].id.as_str()));
    let media = h.sandbox.media();
    assert_eq!(media.len(), 1);
    assert_eq!(media[0].alt_text, None, "![]() has no alt text");
    assert_eq!(posts[4].media_ids, [media[0].id.clone()]);
    let urls: Vec<String> = posts[3..].iter().map(|p| status_url(&p.id)).collect();
    assert_eq!(run.stdout.lines().collect::<Vec<_>>(), urls);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_post_of_a_thread_is_checked_before_anything_is_sent() {
    let h = Harness::new().await;
    h.login().await;
    let before = h.sandbox.requests().len();
    h.file("cat.png", PNG);
    let long = format!(
        "fine\n---\n![a cat](cat.png)\nalso fine\n---\n{}\n",
        "x".repeat(281)
    );
    let file = h.file("long.txt", long.as_bytes());
    let run = h.run(h.xpost().arg("--thread").arg(&file)).await;
    assert_refused_up_front(&h, before, &run, 65);
    assert!(run.stderr.contains("post 3 of 3"), "{run:?}");
    assert!(run.stderr.contains("281"), "{run:?}");
    assert!(h.sandbox.media().is_empty(), "not even the upload");

    let missing = h.file(
        "missing.txt",
        b"fine\n---\n![a dog](no-such-dog.png)\nalso fine\n",
    );
    let run = h.run(h.xpost().arg("--thread").arg(&missing)).await;
    assert_refused_up_front(&h, before, &run, 66);
    assert!(run.stderr.contains("no-such-dog.png"), "{run:?}");

    let empty = h.file("empty.txt", b"fine\n---\n\n---\nalso fine\n");
    let run = h.run(h.xpost().arg("--thread").arg(&empty)).await;
    assert_refused_up_front(&h, before, &run, 65);
    assert!(run.stderr.contains("post 2 of 3 is empty"), "{run:?}");
    assert!(h.sandbox.posts().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thread_stopped_by_x_says_what_was_posted_and_how_to_resume() {
    let h = Harness::new().await;
    h.login().await;
    h.sandbox.rate_limit("POST", "/2/tweets", 1);
    let file = h.file(
        "resume.txt",
        b"Post one of three.\n---\nPost two of three.\n---\nPost three of three.\n",
    );
    let run = h.run(h.xpost().arg("--thread").arg(&file)).await;
    assert_eq!(run.code, 75, "{run:?}");
    assert_no_secrets(&run);
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1, "{run:?}");
    let first = posts[0].clone();
    assert_eq!(first.text, "Post one of three.");
    assert_eq!(
        run.stdout,
        format!("{}\n", status_url(&first.id)),
        "stdout holds exactly post 1's URL"
    );
    assert!(run.stderr.contains("stopped at post 2 of 3"), "{run:?}");
    assert!(run.stderr.contains("rate limit"), "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("1. {}", status_url(&first.id))),
        "lists what was posted: {run:?}"
    );
    let resume = format!("--reply-to {}", first.id);
    let command = run
        .stderr
        .lines()
        .find(|line| line.contains(&resume))
        .unwrap_or_else(|| panic!("no resume command: {run:?}"));
    let command = &command[command.rfind("xpost ").expect("a command") + "xpost ".len()..];

    // Do as it says: delete the posted post from the file and run that command, once the
    // limit is lifted.
    std::fs::write(&file, "Post two of three.\n---\nPost three of three.\n").unwrap();
    h.sandbox.rate_limit("POST", "/2/tweets", 100);
    let args = shell_words::split(command).unwrap();
    let run = h.run(h.xpost().args(&args)).await;
    assert_eq!(run.code, 0, "{command}: {run:?}");
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 3, "{run:?}");
    assert_eq!(posts[1].text, "Post two of three.");
    assert_eq!(posts[1].reply_to.as_deref(), Some(first.id.as_str()));
    assert_eq!(posts[2].reply_to.as_deref(), Some(posts[1].id.as_str()));
    let urls: Vec<String> = posts[1..].iter().map(|p| status_url(&p.id)).collect();
    assert_eq!(run.stdout.lines().collect::<Vec<_>>(), urls);

    // With --json, what was posted before the stop is printed as a thread.
    h.sandbox.rate_limit("POST", "/2/tweets", 1);
    let file = h.file(
        "json.txt",
        b"JSON before the stop.\n---\nJSON after the stop.\n",
    );
    let run = h
        .run(h.xpost().arg("--thread").arg(&file).arg("--json"))
        .await;
    assert_eq!(run.code, 75, "{run:?}");
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 4, "{run:?}");
    assert_eq!(run.stdout.lines().count(), 1, "one line of JSON: {run:?}");
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        json["posts"],
        serde_json::json!([{
            "id": posts[3].id,
            "url": status_url(&posts[3].id),
            "text": "JSON before the stop.",
            "media_ids": [],
        }]),
        "{run:?}"
    );
    assert!(run.stderr.contains("stopped at post 2 of 2"), "{run:?}");
}

// ---------------------------------------------------------------------------------------------
// Dry runs

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_shows_the_plan_and_sends_nothing() {
    let h = Harness::new().await;
    h.file("cat.png", PNG);
    // 20 + 23 for the URL; 3 CJK characters (6) + 13.
    let file = h.file(
        "plan.txt",
        "Dry run, first post https://example.com/a/rather/long/path\n\
         ---\n\
         日本語 and an image\n\
         ![a sleepy cat](cat.png)\n"
            .as_bytes(),
    );
    let run = h
        .run(xpost_quick(&h).arg("--thread").arg(&file).args([
            "--dry-run",
            "--reply-to",
            "https://x.com/u/status/1234",
        ]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let out = &run.stdout;
    assert!(out.contains("post 1 of 2: 43/280"), "{out}");
    assert!(out.contains("post 2 of 2: 19/280"), "{out}");
    assert!(out.contains("a sleepy cat"), "{out}");
    assert!(out.contains("in reply to: 1234"), "{out}");
    assert!(out.contains("dry run: nothing was sent."), "{out}");

    let run = h
        .run(
            xpost_quick(&h)
                .arg("--thread")
                .arg(&file)
                .args(["--dry-run", "--json"]),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout.lines().count(), 1, "{run:?}");
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["dry_run"], true, "{json}");
    let posts = json["posts"].as_array().unwrap();
    assert_eq!(posts.len(), 2, "{json}");
    assert_eq!(posts[0]["weighted_length"], 43, "{json}");
    assert_eq!(posts[0]["valid"], true, "{json}");
    assert_eq!(posts[1]["weighted_length"], 19, "{json}");
    assert_eq!(posts[1]["valid"], true, "{json}");
    assert_eq!(posts[1]["media"][0]["alt_text"], "a sleepy cat", "{json}");
    assert_eq!(posts[1]["media"][0]["media_type"], "image/png", "{json}");

    // Not a single request: no token, no upload, no post; and no login was made.
    assert!(
        h.sandbox.requests().is_empty(),
        "{:?}",
        h.sandbox.requests()
    );
    assert!(h.sandbox.media().is_empty() && h.sandbox.posts().is_empty());
    assert!(!h.browser_was_opened());
    assert!(!h.store_path().exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_ends_as_the_real_run_would() {
    let h = Harness::new().await;
    let file = h.file(
        "bad.txt",
        format!("fine\n---\n{}\n", "日".repeat(141)).as_bytes(),
    );
    let run = h
        .run(xpost_quick(&h).arg("--thread").arg(&file).arg("--dry-run"))
        .await;
    assert_eq!(run.code, 65, "{run:?}");
    assert!(
        run.stdout.contains("post 1 of 2: 4/280"),
        "the plan is printed: {run:?}"
    );
    assert!(run.stdout.contains("post 2 of 2: 282/280"), "{run:?}");
    assert!(run.stdout.contains("NOT VALID"), "{run:?}");
    assert!(run.stderr.contains("post 2 of 2"), "{run:?}");

    let run = h
        .run(
            xpost_quick(&h)
                .arg("--thread")
                .arg(&file)
                .args(["--dry-run", "--json"]),
        )
        .await;
    assert_eq!(run.code, 65, "{run:?}");
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["posts"][0]["valid"], true, "{json}");
    assert_eq!(json["posts"][1]["valid"], false, "{json}");
    assert_eq!(json["posts"][1]["weighted_length"], 282, "{json}");

    let run = h
        .run(
            xpost_quick(&h)
                .env_remove("X_CLIENT_ID")
                .env_remove("X_API_SECRET")
                .args(["configured nowhere", "--dry-run"]),
        )
        .await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(run.stderr.contains("X_CLIENT_ID"), "{run:?}");

    let run = h
        .run(xpost_quick(&h).args(["hello", "--image", "nope.png", "--dry-run"]))
        .await;
    assert_eq!(run.code, 66, "{run:?}");
    assert!(run.stderr.contains("nope.png"), "{run:?}");

    assert!(
        h.sandbox.requests().is_empty(),
        "{:?}",
        h.sandbox.requests()
    );
    assert!(!h.browser_was_opened());
}

// ---------------------------------------------------------------------------------------------
// Exit codes

/// A stand-in for X on loopback that answers every request with `response` (a whole HTTP/1.1
/// response) and keeps each request line.
pub(crate) async fn canned_server(response: String) -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let log = log.clone();
            let response = response.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut chunk = [0u8; 4096];
                // The headers, then as much body as they announce.
                loop {
                    let Ok(n) = socket.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        break;
                    }
                    request.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&request);
                    if let Some(end) = text.find("\r\n\r\n") {
                        let length = text[..end]
                            .lines()
                            .find_map(|l| {
                                let (name, value) = l.split_once(':')?;
                                name.eq_ignore_ascii_case("content-length")
                                    .then(|| value.trim().parse::<usize>().ok())?
                            })
                            .unwrap_or(0);
                        if request.len() >= end + 4 + length {
                            break;
                        }
                    }
                }
                let text = String::from_utf8_lossy(&request);
                log.lock()
                    .unwrap()
                    .push(text.lines().next().unwrap_or("").to_owned());
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (port, seen)
}

/// Whether `text` holds a character a terminal would act on (beyond line breaks and tabs).
fn acts_on_a_terminal(text: &str) -> bool {
    text.chars().any(|c| {
        c.is_control() && c != '\n' && c != '\t'
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_runs_show_escape_sequences_from_files_visible_but_harmless() {
    let h = Harness::new().await;
    let thread = h.file(
        "t.txt",
        b"hello\n![alt \x1b]0;t\x07](\x1b[2Jnope\x1b[31m.png)\n---\ntwo\n",
    );
    let run = h
        .run(h.xpost().arg("--thread").arg(&thread).arg("--dry-run"))
        .await;
    assert_eq!(run.code, 66, "{run:?}");
    assert!(!acts_on_a_terminal(&run.stdout), "{:?}", run.stdout);
    assert!(!acts_on_a_terminal(&run.stderr), "{:?}", run.stderr);
    assert!(
        run.stdout.contains(r"\u{1b}[2Jnope\u{1b}[31m.png"),
        "the path is still shown: {}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains(r"\u{1b}[2Jnope\u{1b}[31m.png: no such file"),
        "{}",
        run.stderr
    );

    let run = h
        .run_with_stdin(
            h.xpost().args(["-", "--dry-run"]),
            b"a\x1b[2Jb\nsecond\xc2\x9b31m line",
        )
        .await;
    assert!(!acts_on_a_terminal(&run.stdout), "{:?}", run.stdout);
    assert!(
        run.stdout
            .contains("  | a\\u{1b}[2Jb\n  | second\\u{9b}31m line\n"),
        "the text keeps its lines: {}",
        run.stdout
    );
    assert!(h.sandbox.requests().is_empty());
    assert!(!h.browser_was_opened());
}

/// A canned `201 Created` with this JSON body.
fn created(body: &str) -> String {
    format!(
        "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// X made the post, but its id is none xpost can print or reply to: the run ends with 70,
/// saying the post was made and nothing more was sent (it was exit 3, "may exist", when the id
/// was read as an unreadable answer).
#[tokio::test(flavor = "multi_thread")]
async fn a_post_id_that_is_not_a_number_ends_with_70_saying_the_post_was_made_never_posted_twice() {
    let h = Harness::new().await;
    h.login().await;
    for id in [
        r"1862\u001b]0;owned\u0007",
        "abc",
        "",
        "1862 ",
        r"\u0661\u0662",
    ] {
        let body = format!(r#"{{"data":{{"id":"{id}","text":"hi"}}}}"#);
        let (port, seen) = canned_server(created(&body)).await;
        for json in [false, true] {
            let mut cmd = against(&h, port);
            cmd.arg("an odd id");
            if json {
                cmd.arg("--json");
            }
            let run = h.run(&mut cmd).await;
            assert_eq!(run.code, 70, "{id:?}: {run:?}");
            assert!(
                run.stderr.contains(
                    "the post was made but X's answer gave no usable id; nothing more was sent"
                ),
                "{run:?}"
            );
            assert!(run.stdout.is_empty(), "{run:?}");
            assert!(!run.stderr.contains('\u{1b}'), "{run:?}");
            assert!(!run.stderr.contains("owned"), "{run:?}");
            assert_no_secrets(&run);
        }
        assert_eq!(
            *seen.lock().unwrap(),
            ["POST /2/tweets HTTP/1.1", "POST /2/tweets HTTP/1.1"],
            "each run sent the post once, never again"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn json_output_escapes_c1_separators_and_bidi_controls_from_x() {
    let h = Harness::new().await;
    h.login().await;
    let text = "a\u{9b}31m\u{85}b\u{2028}c\u{2029}d\u{202e}e\u{202a}f\u{2066}g\u{2069}\u{7f}h";
    let body = serde_json::json!({"data": {"id": "1862", "text": text}}).to_string();
    let (port, _) = canned_server(created(&body)).await;
    let run = h.run(against(&h, port).args(["hello", "--json"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    let raw = |c: char| {
        c.is_control() && c != '\n'
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    assert!(!run.stdout.chars().any(raw), "{:?}", run.stdout);
    for escaped in [
        r"\u009b", r"\u0085", r"\u2028", r"\u2029", r"\u202e", r"\u2066", r"\u007f",
    ] {
        assert!(run.stdout.contains(escaped), "{escaped}: {}", run.stdout);
    }
    let printed: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(printed["text"], text, "the same data");
    assert_eq!(printed["id"], "1862");
}

/// `xpost` with the stored login moved to the API on loopback `port`, as if it had been made
/// there: the run reuses it and sends its first request to that port.
pub(crate) fn against(h: &Harness, port: u16) -> Command {
    let stored = h.stored()["api_base"].as_str().unwrap().to_owned();
    let mut moved = url::Url::parse(&stored).expect("the login names its API");
    moved.set_port(Some(port)).unwrap();
    h.edit_store(|login| {
        login.insert("api_base".into(), moved.as_str().into());
    });
    let mut cmd = h.xpost();
    cmd.env("X_API_BASE", format!("http://127.0.0.1:{port}"));
    cmd
}

/// The codes the exit-code table of `docs/exit-codes.md` lists (its first table, before the
/// one for scripts that retry).
fn documented_exit_codes() -> Vec<i32> {
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/exit-codes.md"))
        .expect("docs/exit-codes.md");
    let section = page
        .strip_prefix("# Exit codes\n")
        .expect("docs/exit-codes.md starts with its title");
    let section = section.split("\n## ").next().unwrap();
    section
        .lines()
        .filter_map(|line| {
            line.strip_prefix('|')?
                .split('|')
                .next()?
                .trim()
                .parse()
                .ok()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_documented_exit_code_is_reached_by_a_real_run() {
    let h = Harness::new().await;
    h.login().await;
    h.file("notes.txt", b"not a picture\n");
    // (code, how, the run, what stderr says)
    let mut runs: Vec<(i32, &str, Run, &str)> = Vec::new();

    let run = h.run(h.xpost().arg("exit code zero")).await;
    runs.push((0, "a post", run, ""));
    let run = h.run(h.xpost().arg("exit code zero")).await;
    runs.push((1, "the same post again", run, "duplicate"));
    // X takes the post, but stdout is a full disk.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let run = h.run(h.xpost().arg("to a full disk").stdout(full)).await;
    runs.push((74, "a post stdout cannot take", run, "xpost: posted: "));
    let run = h.run(h.xpost().args(["hello", "--no-such-option"])).await;
    runs.push((2, "an unknown option", run, "--no-such-option"));
    let run = h
        .run(h.xpost().args(["hello", "--image", "notes.txt"]))
        .await;
    runs.push((65, "a text file as --image", run, "not an image"));
    let run = h.run(h.xpost().args(["--file", "missing.txt"])).await;
    runs.push((66, "a missing --file", run, "missing.txt"));

    h.sandbox.rate_limit("POST", "/2/tweets", 0);
    let run = h.run(h.xpost().arg("rate limited")).await;
    runs.push((75, "a rate-limited post", run, "rate limit"));
    h.sandbox.rate_limit("POST", "/2/tweets", 100);

    h.sandbox.set_credits(Some(0));
    let run = h.run(h.xpost().arg("out of credits")).await;
    runs.push((4, "a project out of credits", run, "out of credits"));
    h.sandbox.set_credits(None);

    // X gone: nobody listens on the port the stored login's API is at.
    let run = h.run(against(&h, free_port()).arg("into the void")).await;
    runs.push((69, "X unreachable", run, "could not reach X"));

    // X answers 201 with a page that is not the JSON it promised.
    let page = "<html><body>Created, probably</body></html>";
    let (port, seen) = canned_server(format!(
        "HTTP/1.1 201 Created\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
        page.len()
    ))
    .await;
    let run = h.run(against(&h, port).arg("into a strange X")).await;
    runs.push((3, "a post X took but answered oddly", run, "may exist"));
    assert_eq!(
        *seen.lock().unwrap(),
        ["POST /2/tweets HTTP/1.1"],
        "the post reached the stand-in once, and was not sent again"
    );
    // The same odd answer to a lookup, which is safe to repeat: repeated, then given up.
    let (port, seen) = canned_server(format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
        page.len()
    ))
    .await;
    let run = h.run(against(&h, port).args(["auth", "status"])).await;
    runs.push((70, "an answer xpost cannot read", run, "cannot read"));
    assert_eq!(
        seen.lock().unwrap().len(),
        4,
        "the lookup was tried once and repeated three times"
    );
    assert!(!h.browser_was_opened(), "each run used the stored login");

    let fresh = Harness::new().await;
    let run = fresh
        .run(
            fresh
                .xpost()
                .env_remove("X_CLIENT_ID")
                .env_remove("X_ACCESS_TOKEN_SECRET")
                .arg("unconfigured"),
        )
        .await;
    runs.push((78, "no X_CLIENT_ID", run, "X_CLIENT_ID"));
    let run = fresh
        .run_consenting(fresh.xpost().arg("declined"), Decision::Cancel)
        .await;
    runs.push((77, "consent declined", run, "declined"));

    let mut wrong = Vec::new();
    for (code, how, run, says) in &runs {
        assert_no_secrets(run);
        if run.code != *code || !run.stderr.contains(says) {
            wrong.push(format!("{how}: wanted {code} saying {says:?}, got {run:?}"));
        }
        if *code != 0 && !run.stdout.is_empty() {
            wrong.push(format!("{how}: a failure printed on stdout: {run:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    let mut reached: Vec<i32> = runs.iter().map(|(code, ..)| *code).collect();
    reached.sort();
    let mut documented = documented_exit_codes();
    documented.sort();
    assert_eq!(reached, documented, "one run per documented exit code");

    // Only the two posts X took reached the sandbox.
    assert_eq!(h.sandbox.posts().len(), 2);
    assert!(fresh.sandbox.posts().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Completions and the manual

#[tokio::test(flavor = "multi_thread")]
async fn completions_and_the_manual_are_printed() {
    let h = Harness::new().await;
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = h.run(h.xpost().args(["completions", shell])).await;
        assert_eq!(run.code, 0, "{shell}: {run:?}");
        assert!(run.stdout.len() > 100, "{shell}: {run:?}");
        assert!(run.stdout.contains("auth"), "{shell}: {run:?}");
        assert!(run.stdout.contains("thread"), "{shell}: {run:?}");
    }
    // bash itself reads the bash script without complaint.
    let script = h.run(h.xpost().args(["completions", "bash"])).await.stdout;
    let path = h.file("xpost.bash", script.as_bytes());
    let checked = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .stdin(Stdio::null())
        .output();
    if let Ok(checked) = checked {
        assert!(
            checked.status.success(),
            "{}",
            String::from_utf8_lossy(&checked.stderr)
        );
    }

    let run = h.run(h.xpost().arg("man")).await;
    assert_eq!(run.code, 0, "{run:?}");
    let page = &run.stdout;
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "roff: {page}"
    );
    assert!(page.contains(".TH"), "{page}");
    assert!(page.contains("\\-\\-thread"), "{page}");
    assert!(page.contains("\\-\\-dry\\-run"), "{page}");

    let run = h.run(h.xpost().args(["completions", "tcsh"])).await;
    assert_eq!(run.code, 2, "an unknown shell: {run:?}");
    assert!(h.sandbox.requests().is_empty());
}
