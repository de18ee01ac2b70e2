//! A post's settings beyond text and media (issue 11, items 1–4): a poll, who may reply, a
//! community and labels. The exact body X receives, the local refusals (nothing sent), and
//! the dry run, each through real runs of the binary against the sandbox, which checks the
//! body against X's schema.

use serde_json::{Value, json};

use crate::util::{Harness, PNG, Run, assert_no_secrets};

/// Runs xpost with `args` and returns the body X received for the one post it made.
async fn body_of(h: &Harness, args: &[&str]) -> Value {
    let before = h.sandbox.posts().len();
    let run = h.run(h.xpost().args(args)).await;
    assert_eq!(run.code, 0, "{args:?}: {run:?}");
    assert_no_secrets(&run);
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), before + 1, "one post: {run:?}");
    posts[before].body.clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn each_option_reaches_x_as_its_field() {
    let h = Harness::fast_logged_in().await;
    let cases: Vec<(Vec<&str>, Value)> = vec![
        (
            vec!["poll?", "--poll", "yes", "--poll", "no"],
            json!({"text":"poll?","poll":{"options":["yes","no"],"duration_minutes":1440}}),
        ),
        (
            vec![
                "four",
                "--poll",
                "a",
                "--poll",
                "b",
                "--poll",
                "c",
                "--poll",
                "漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢",
                "--poll-duration",
                "15m",
            ],
            json!({"text":"four","poll":{"options":["a","b","c","漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢"],"duration_minutes":15}}),
        ),
        (
            vec![
                "week",
                "--poll",
                "a",
                "--poll",
                "b",
                "--poll-duration",
                "7d",
            ],
            json!({"text":"week","poll":{"options":["a","b"],"duration_minutes":10080}}),
        ),
        (
            vec![
                "hours",
                "--poll",
                "a",
                "--poll",
                "b",
                "--poll-duration",
                "2h",
            ],
            json!({"text":"hours","poll":{"options":["a","b"],"duration_minutes":120}}),
        ),
        (
            vec!["f", "--reply-settings", "following"],
            json!({"text":"f","reply_settings":"following"}),
        ),
        (
            vec!["m", "--reply-settings", "mentioned"],
            json!({"text":"m","reply_settings":"mentionedUsers"}),
        ),
        (
            vec!["s", "--reply-settings", "subscribers"],
            json!({"text":"s","reply_settings":"subscribers"}),
        ),
        (
            vec!["v", "--reply-settings", "verified"],
            json!({"text":"v","reply_settings":"verified"}),
        ),
        (
            vec!["c", "--community", "1234567890123456789"],
            json!({"text":"c","community_id":"1234567890123456789"}),
        ),
        (
            vec!["cs", "--community", "42", "--share-with-followers"],
            json!({"text":"cs","community_id":"42","share_with_followers":true}),
        ),
        (
            vec!["ai", "--made-with-ai"],
            json!({"text":"ai","made_with_ai":true}),
        ),
        (
            vec!["paid", "--paid-partnership"],
            json!({"text":"paid","paid_partnership":true}),
        ),
        (
            vec![
                "all",
                "--poll",
                "x",
                "--poll",
                "y",
                "--poll-duration",
                "5m",
                "--reply-settings",
                "mentioned",
                "--community",
                "7",
                "--share-with-followers",
                "--made-with-ai",
                "--paid-partnership",
            ],
            json!({"text":"all","poll":{"options":["x","y"],"duration_minutes":5},
                "reply_settings":"mentionedUsers","community_id":"7","share_with_followers":true,
                "made_with_ai":true,"paid_partnership":true}),
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(body_of(&h, &args).await, expected, "{args:?}");
    }
    // Settings go along with a reply and with images, where X allows them.
    let first = h.sandbox.posts()[0].id.clone();
    let png = h.file("a.png", PNG);
    let png = png.to_str().unwrap();
    let body = body_of(
        &h,
        &[
            "r",
            "--reply-to",
            &first,
            "--reply-settings",
            "verified",
            "--image",
            png,
            "--made-with-ai",
        ],
    )
    .await;
    assert_eq!(body["reply"], json!({"in_reply_to_tweet_id": first}));
    assert_eq!(body["reply_settings"], "verified");
    assert_eq!(body["made_with_ai"], true);
    assert_eq!(body["media"]["media_ids"].as_array().unwrap().len(), 1);
}

/// Checks that `run` ended with `code`, said `says` on stderr, and sent nothing.
fn refused(h: &Harness, run: &Run, code: i32, says: &str) {
    assert_eq!(run.code, code, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(run.stderr.contains(says), "{says:?} in {run:?}");
    assert!(h.sandbox.requests().is_empty(), "nothing sent: {run:?}");
    assert!(h.sandbox.posts().is_empty());
    assert_no_secrets(run);
}

#[tokio::test(flavor = "multi_thread")]
async fn what_x_would_refuse_is_refused_before_anything_is_sent() {
    let h = Harness::new().await;
    let png = h.file("a.png", PNG);
    let png = png.to_str().unwrap();
    let thread = h.file("t.txt", b"one\n---\ntwo\n");
    let thread = thread.to_str().unwrap();
    let polled_first = h.file("first.txt", b"one\n- [ ] a\n- [ ] b\n---\ntwo\n");
    let polled_first = polled_first.to_str().unwrap();
    let one_option = h.file("single.txt", b"one\n---\ntwo\n- [ ] a\n");
    let one_option = one_option.to_str().unwrap();
    let poll_and_image = h.file("both.txt", b"one\n---\ntwo\n- [ ] a\n- [ ] b\n![](a.png)\n");
    let poll_and_image = poll_and_image.to_str().unwrap();
    let no_question = h.file("bare.txt", b"one\n---\n- [ ] a\n- [ ] b\n");
    let no_question = no_question.to_str().unwrap();
    let long = "x".repeat(26);
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (vec!["p", "--poll", "only"], 2, "2 to 4 options"),
        (
            vec![
                "p", "--poll", "a", "--poll", "b", "--poll", "c", "--poll", "d", "--poll", "e",
            ],
            2,
            "2 to 4 options",
        ),
        (vec!["p", "--poll", "a", "--poll", &long], 65, "at most 25"),
        (
            vec!["p", "--poll", "a", "--poll", "  "],
            65,
            "poll option 2 is empty",
        ),
        (
            vec!["p", "--poll", "a", "--poll", "b", "--image", png],
            2,
            "--image",
        ),
        (
            vec!["p", "--poll", "a", "--poll", "b", "--media", png],
            2,
            "--media",
        ),
        (
            vec!["p", "--poll", "a", "--poll", "b", "--quote", "1"],
            2,
            "--quote",
        ),
        (
            vec!["p", "--poll", "a", "--poll", "b", "--poll-duration", "4m"],
            2,
            "5 minutes to 7 days",
        ),
        (
            vec!["p", "--poll", "a", "--poll", "b", "--poll-duration", "8d"],
            2,
            "5 minutes to 7 days",
        ),
        (
            vec!["p", "--poll", "a", "--poll", "b", "--poll-duration", "60"],
            2,
            "with its unit",
        ),
        (vec!["p", "--poll-duration", "1d"], 2, "--poll"),
        (
            vec!["p", "--reply-settings", "mentionedUsers"],
            2,
            "mentioned",
        ),
        (vec!["p", "--community", "12a"], 2, "not a community id"),
        (vec!["p", "--share-with-followers"], 2, "--community"),
        (vec!["--poll", "a", "--poll", "b"], 2, "a poll but no text"),
        (
            vec!["--thread", thread, "--poll", "a", "--poll", "b"],
            2,
            "- [ ] option",
        ),
        (
            vec!["--thread", thread, "--community", "7"],
            2,
            "--community cannot be used with --thread",
        ),
        (
            vec!["--thread", thread, "--poll-duration", "1h"],
            2,
            "--poll-duration needs a poll",
        ),
        (vec!["--thread", polled_first], 65, "post 1 of 2 has a poll"),
        (
            vec!["--thread", one_option],
            65,
            "post 2 of 2: a poll has 2 to 4",
        ),
        (
            vec!["--thread", poll_and_image],
            65,
            "post 2 of 2 has both a poll and media",
        ),
        (
            vec!["--thread", no_question],
            65,
            "post 2 of 2 has a poll but no text",
        ),
    ];
    for (args, code, says) in cases {
        let run = h.run(h.xpost().args(&args)).await;
        refused(&h, &run, code, says);
    }
}

/// A thread file of one post is still a thread file: its poll follows the file's rules (a poll
/// with an image is refused before the image goes up, as in a longer thread), and what is
/// wrong with it is bad input (65) in the file's own terms, not a usage error about --poll.
#[tokio::test(flavor = "multi_thread")]
async fn a_thread_file_of_one_post_has_its_poll_checked_as_a_thread_files() {
    let h = Harness::fast_logged_in().await;
    let before = h.sandbox.requests().len();
    h.file("a.png", PNG);
    let poll_and_image = h.file("both.txt", b"Which?\n- [ ] a\n- [ ] b\n![](a.png)\n");
    let one_option = h.file("single.txt", b"Which?\n- [ ] a\n");
    let no_question = h.file("bare.txt", b"- [ ] a\n- [ ] b\n");
    let cases = [
        (&poll_and_image, "has both a poll and media"),
        (&one_option, "a poll is 2 to 4 lines '- [ ] option'"),
        (&no_question, "has a poll but no text"),
    ];
    for (file, says) in cases {
        let file = file.to_str().unwrap();
        for dry in [false, true] {
            let mut cmd = h.xpost();
            cmd.args(["--thread", file]);
            if dry {
                cmd.arg("--dry-run");
            }
            let run = h.run(&mut cmd).await;
            assert_eq!(run.code, 65, "{file} (dry run: {dry}): {run:?}");
            assert!(run.stderr.contains(says), "{says:?} in {run:?}");
            assert!(!run.stderr.contains("--poll"), "{run:?}");
            assert_eq!(h.sandbox.requests().len(), before, "nothing sent: {run:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thread_carries_the_settings_on_every_post_and_its_poll_on_the_last() {
    let h = Harness::fast_logged_in().await;
    h.file("a.png", PNG);
    let thread = h.file(
        "poll-thread.txt",
        b"Which editor?\n![the choices](a.png)\n---\nVote:\n- [ ] vim\n- [ ] emacs\n  - [ ] both \n",
    );
    let thread = thread.to_str().unwrap();
    let args = [
        "--thread",
        thread,
        "--poll-duration",
        "30m",
        "--reply-settings",
        "following",
        "--made-with-ai",
    ];
    let before = h.sandbox.requests().len();
    let plan = h
        .run(h.xpost().args(args).args(["--dry-run", "--json"]))
        .await;
    assert_eq!(plan.code, 0, "{plan:?}");
    let plan: Value = serde_json::from_str(&plan.stdout).unwrap();
    assert_eq!(plan["posts"][0]["poll"], Value::Null);
    assert_eq!(plan["posts"][0]["reply_settings"], "following");
    assert_eq!(
        plan["posts"][1]["poll"],
        json!({"options":["vim","emacs","both"],"duration_minutes":30})
    );
    assert_eq!(plan["posts"][1]["text"], "Vote:");
    assert_eq!(plan["posts"][1]["made_with_ai"], true);
    assert_eq!(
        h.sandbox.requests().len(),
        before,
        "a dry run sends nothing"
    );

    let run = h.run(h.xpost().args(args)).await;
    assert_eq!(run.code, 0, "{run:?}");
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 2, "{run:?}");
    let (first, last) = (&posts[0].body, &posts[1].body);
    assert_eq!(first["text"], "Which editor?");
    assert_eq!(first["reply_settings"], "following");
    assert_eq!(first["made_with_ai"], true);
    assert_eq!(first.get("poll"), None);
    assert_eq!(first["media"]["media_ids"].as_array().unwrap().len(), 1);
    assert_eq!(
        *last,
        json!({
            "text": "Vote:",
            "reply": {"in_reply_to_tweet_id": posts[0].id},
            "poll": {"options": ["vim", "emacs", "both"], "duration_minutes": 30},
            "reply_settings": "following",
            "made_with_ai": true,
        })
    );
}

/// A thread stopped part-way says how to post the rest; following that command to the letter
/// posts the rest as the run would have: with the same settings and poll duration, and as the
/// same account, so the thread does not change half-way.
#[tokio::test(flavor = "multi_thread")]
async fn a_stopped_threads_resume_command_keeps_its_settings() {
    let h = Harness::fast_logged_in().await;
    h.sandbox.rate_limit("POST", "/2/tweets", 1);
    let file = h.file("my thread.txt", b"One.\n---\nTwo?\n- [ ] yes\n- [ ] no\n");
    let settings = [
        "--reply-settings",
        "mentioned",
        "--made-with-ai",
        "--paid-partnership",
        "--poll-duration",
        "2h",
        "--account",
        "@xpost_sandbox",
    ];
    let run = h
        .run(h.xpost().arg("--thread").arg(&file).args(settings))
        .await;
    assert_eq!(run.code, 75, "{run:?}");
    let first = h.sandbox.posts()[0].id.clone();
    let resume = format!("--reply-to {first}");
    let line = run
        .stderr
        .lines()
        .find(|line| line.contains(&resume))
        .unwrap_or_else(|| panic!("no resume command: {run:?}"));
    let command = &line[line.rfind("run: xpost ").expect("a command") + "run: xpost ".len()..];

    std::fs::write(&file, "Two?\n- [ ] yes\n- [ ] no\n").unwrap();
    h.sandbox.rate_limit("POST", "/2/tweets", 100);
    let args = shell_words::split(command).unwrap();
    let run = h.run(h.xpost().args(&args)).await;
    assert_eq!(run.code, 0, "{command}: {run:?}");
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 2, "{run:?}");
    assert_eq!(
        posts[1].body,
        json!({
            "text": "Two?",
            "reply": {"in_reply_to_tweet_id": first},
            "poll": {"options": ["yes", "no"], "duration_minutes": 120},
            "reply_settings": "mentionedUsers",
            "made_with_ai": true,
            "paid_partnership": true,
        }),
        "{command}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_shows_every_setting() {
    let h = Harness::fast_logged_in().await;
    let args = [
        "all",
        "--poll",
        "x",
        "--poll",
        "y",
        "--poll-duration",
        "2h",
        "--reply-settings",
        "mentioned",
        "--community",
        "7",
        "--share-with-followers",
        "--made-with-ai",
        "--paid-partnership",
        "--dry-run",
    ];
    let before = h.sandbox.requests().len();
    let run = h.run(h.xpost().args(args).arg("--json")).await;
    assert_eq!(run.code, 0, "{run:?}");
    let plan: Value = serde_json::from_str(&run.stdout).unwrap();
    let post = &plan["posts"][0];
    assert_eq!(
        post["poll"],
        json!({"options":["x","y"],"duration_minutes":120})
    );
    assert_eq!(post["reply_settings"], "mentionedUsers");
    assert_eq!(post["community_id"], "7");
    assert_eq!(post["share_with_followers"], true);
    assert_eq!(post["made_with_ai"], true);
    assert_eq!(post["paid_partnership"], true);
    assert_eq!(post["valid"], true);

    let run = h.run(h.xpost().args(args)).await;
    assert_eq!(run.code, 0, "{run:?}");
    for line in [
        "poll: \"x\" / \"y\" (2 hours)",
        "who may reply: mentionedUsers",
        "community: 7, shared with followers",
        "label: made with AI",
        "label: paid partnership",
        "dry run: nothing was sent.",
    ] {
        assert!(run.stdout.contains(line), "{line:?} in {run:?}");
    }
    assert_eq!(
        h.sandbox.requests().len(),
        before,
        "a dry run sends nothing"
    );
    assert!(h.sandbox.posts().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn help_and_usage_name_every_option() {
    let h = Harness::new().await;
    let run = h.run(h.xpost().arg("--help")).await;
    assert_eq!(run.code, 0, "{run:?}");
    let usage = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/usage.md"))
        .expect("docs/usage.md");
    for option in [
        "--poll <OPTION>",
        "--poll-duration <DURATION>",
        "--reply-settings <WHO>",
        "--community <ID>",
        "--share-with-followers",
        "--made-with-ai",
        "--paid-partnership",
    ] {
        assert!(run.stdout.contains(option), "{option} in --help");
        let name = option.split(' ').next().unwrap();
        assert!(
            usage.contains(&format!("| `{name}")),
            "{name} in the table of docs/usage.md"
        );
    }
}
