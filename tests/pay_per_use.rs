//! X as it is in 2026, end to end: credits that run out, usage caps, 24-hour limits, an app
//! without a project, and a self-serve plan's rules for replies, quotes and cashtags. Each
//! answer ends the run with its documented code and words, after exactly the requests it
//! takes: nothing that cannot succeed is repeated or waited for. What a self-serve plan
//! cannot post (a quote, more than one cashtag) is refused before anything is sent, unless
//! `--plan enterprise` (or `X_PLAN=enterprise`) says the app's plan is Enterprise.

use std::time::{Duration, Instant};

use xpost_sandbox::{Fault, Plan};

use crate::util::{Harness, PNG, Run, assert_no_secrets, count};

fn creates(h: &Harness) -> usize {
    count(&h.sandbox.requests(), "POST", "/2/tweets")
}

fn uploads(h: &Harness) -> usize {
    count(&h.sandbox.requests(), "POST", "/2/media/upload")
}

fn says(run: &Run, words: &[&str]) {
    for word in words {
        assert!(run.stderr.contains(word), "{word:?} not said: {run:?}");
    }
    assert!(run.stdout.is_empty(), "nothing on stdout: {run:?}");
    assert_no_secrets(run);
}

#[tokio::test(flavor = "multi_thread")]
async fn out_of_credits_ends_the_run_with_4_after_one_request() {
    let h = Harness::fast_logged_in().await;
    h.sandbox.set_credits(Some(0));
    let run = h.run(h.xpost().args(["--wait", "no credits left"])).await;
    assert_eq!(run.code, 4, "{run:?}");
    says(
        &run,
        &[
            "out of credits",
            "does not have any credits",
            "spending limit",
            "console",
        ],
    );
    assert_eq!(creates(&h), 1, "a 402 is never repeated");
    assert!(h.sandbox.posts().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn out_of_credits_during_an_upload_posts_nothing() {
    let h = Harness::fast_logged_in().await;
    let image = h.file("cat.png", PNG);
    h.sandbox.set_credits(Some(0));
    let run = h
        .run(h.xpost().arg("with a picture").arg("--image").arg(&image))
        .await;
    assert_eq!(run.code, 4, "{run:?}");
    says(&run, &["out of credits"]);
    assert_eq!(uploads(&h), 1, "the upload was not repeated");
    assert_eq!(creates(&h), 0, "no post after a refused upload");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_usage_cap_is_no_rate_limit_even_with_wait() {
    let h = Harness::fast_logged_in().await;
    h.sandbox.set_usage_capped(true);
    let started = Instant::now();
    let run = h.run(h.xpost().args(["--wait", "capped"])).await;
    assert_eq!(run.code, 4, "{run:?}");
    says(&run, &["Monthly Product usage cap", "no rate limit"]);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "not waited for: {:?}",
        started.elapsed()
    );
    assert_eq!(creates(&h), 1);
    assert!(h.sandbox.posts().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_app_without_a_project_is_a_configuration_error() {
    let h = Harness::fast_logged_in().await;
    h.sandbox.set_enrolled(false);
    let run = h.run(h.xpost().arg("from an orphan app")).await;
    assert_eq!(run.code, 78, "{run:?}");
    says(
        &run,
        &["attached to a Project", "attach the app to a Project"],
    );
    assert_eq!(creates(&h), 1);
    assert!(h.sandbox.posts().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_daily_limit_reset_past_max_wait_ends_wait_at_once_naming_it() {
    let h = Harness::fast_logged_in().await;
    h.sandbox.set_daily_post_limit(Some(1));
    let run = h.run(h.xpost().arg("the day's one post")).await;
    assert_eq!(run.code, 0, "{run:?}");
    let started = Instant::now();
    let run = h.run(h.xpost().args(["--wait", "one more today"])).await;
    assert_eq!(run.code, 75, "{run:?}");
    says(
        &run,
        &[
            "24-hour limit for this account",
            "UTC (in 2",
            "--max-wait 15m",
            "nothing was posted",
        ],
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "exits at once: {:?}",
        started.elapsed()
    );
    assert_eq!(creates(&h), 2, "one refused create, never sent again");
    assert_eq!(h.sandbox.posts().len(), 1);

    // Without --wait: the same window named, and its reset.
    let run = h.run(h.xpost().arg("and another")).await;
    assert_eq!(run.code, 75, "{run:?}");
    says(&run, &["24-hour limit for this account", "UTC (in 2"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn wait_waits_for_a_reset_within_max_wait_and_posts() {
    let h = Harness::fast_logged_in().await;
    // X's answer to a used-up 15-minute window, resetting a second from now.
    h.sandbox
        .inject("POST", "/2/tweets", Fault::Status { status: 429 }, 1);
    let run = h
        .run(
            h.xpost()
                .args(["--wait", "--max-wait", "2s", "after a short wait"]),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("as --wait asks"), "{run:?}");
    assert_eq!(h.sandbox.posts().len(), 1);
    assert_eq!(creates(&h), 2, "the refused one and the one made");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_self_serve_thread_replies_to_its_own_posts() {
    let h = Harness::fast_logged_in().await;
    h.sandbox.set_plan(Plan::SelfServe);
    let file = h.file("thread.txt", b"first\n---\nsecond\n---\nthird\n");
    let run = h.run(h.xpost().arg("--thread").arg(&file)).await;
    assert_eq!(run.code, 0, "{run:?}");
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 3);
    assert_eq!(posts[1].reply_to.as_deref(), Some(posts[0].id.as_str()));
    assert_eq!(posts[2].reply_to.as_deref(), Some(posts[1].id.as_str()));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_self_serve_reply_to_someone_else_is_refused_once_with_advice() {
    let h = Harness::fast_logged_in().await;
    h.sandbox.set_plan(Plan::SelfServe);
    let theirs = h
        .sandbox
        .post_as_someone_else("someone", "a post to argue with");
    let run = h
        .run(h.xpost().args(["I disagree", "--reply-to", &theirs]))
        .await;
    assert_eq!(run.code, 1, "{run:?}");
    says(
        &run,
        &[
            "You can only reply to or quote posts where you are mentioned or are the author.",
            "mention the account",
        ],
    );
    assert_eq!(creates(&h), 1, "refused once, not repeated");
    assert_eq!(h.sandbox.posts().len(), 1, "only the other user's post");
}

/// A quote under self-serve (X_PLAN's default) is refused before anything is sent, with an
/// image that would otherwise be uploaded and billed first; it was X's 403 after the upload.
#[tokio::test(flavor = "multi_thread")]
async fn a_self_serve_quote_is_refused_before_anything_is_sent_with_the_link_to_post_instead() {
    let h = Harness::fast_logged_in().await;
    h.sandbox.set_plan(Plan::SelfServe);
    let theirs = h.sandbox.post_as_someone_else("someone", "worth quoting");
    let image = h.file("cat.png", PNG);
    let before = h.sandbox.requests().len();
    for plan in [None, Some("self-serve"), Some("pay-per-use")] {
        let mut cmd = h.xpost();
        cmd.args(["look at this", "--quote", &theirs])
            .arg("--image")
            .arg(&image);
        if let Some(plan) = plan {
            cmd.env("X_PLAN", plan);
        }
        let run = h.run(&mut cmd).await;
        assert_eq!(run.code, 65, "{plan:?}: {run:?}");
        says(
            &run,
            &[
                "self-serve plans",
                "cannot quote",
                "nothing was sent",
                "X_PLAN=enterprise",
                "post a link to the post",
            ],
        );
    }
    assert_eq!(h.sandbox.requests().len(), before, "nothing sent");
}

/// With `--plan enterprise` against an app whose plan is self-serve after all, the quote is
/// sent, and X's 403 is still read and explained.
#[tokio::test(flavor = "multi_thread")]
async fn a_quote_sent_as_enterprise_to_a_self_serve_app_meets_xs_403_once() {
    let h = Harness::fast_logged_in().await;
    h.sandbox.set_plan(Plan::SelfServe);
    let theirs = h.sandbox.post_as_someone_else("someone", "worth quoting");
    let run = h
        .run(
            h.xpost()
                .args(["look at this", "--quote", &theirs, "--plan", "enterprise"]),
        )
        .await;
    assert_eq!(run.code, 1, "{run:?}");
    says(&run, &["Enterprise", "post a link to the post"]);
    assert_eq!(creates(&h), 1);
}

/// More than one cashtag in a post: X's self-serve plans refuse it. Refused before anything is
/// sent, in a thread too; under enterprise it goes, and X (here a self-serve sandbox) is the
/// one to refuse it, in its words.
#[tokio::test(flavor = "multi_thread")]
async fn more_than_one_cashtag_is_refused_under_self_serve_and_sent_under_enterprise() {
    let h = Harness::fast_logged_in().await;
    let before = h.sandbox.requests().len();
    let run = h.run(h.xpost().arg("$TSLA or $AAPL?")).await;
    assert_eq!(run.code, 65, "{run:?}");
    says(
        &run,
        &[
            "the text has 2 cashtags",
            "refuse more than 1",
            "X_PLAN=enterprise",
        ],
    );
    let thread = h.file(
        "thread.txt",
        b"$TSLA alone
---
$TSLA $AAPL $MSFT
",
    );
    let run = h.run(h.xpost().arg("--thread").arg(&thread)).await;
    assert_eq!(run.code, 65, "{run:?}");
    says(&run, &["post 2 of 2 has 3 cashtags"]);
    assert_eq!(h.sandbox.requests().len(), before, "nothing sent");

    // One cashtag, and a price, are fine.
    let run = h.run(h.xpost().arg("$TSLA at US$5")).await;
    assert_eq!(run.code, 0, "{run:?}");

    // Enterprise: sent (the sandbox's permissive plan takes it).
    let run = h
        .run(h.xpost().arg("$TSLA or $AAPL?").env("X_PLAN", "enterprise"))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(h.sandbox.posts().last().unwrap().text, "$TSLA or $AAPL?");

    // Sent as enterprise to a self-serve app: X's refusal, in its words.
    h.sandbox.set_plan(Plan::SelfServe);
    let run = h
        .run(h.xpost().args(["$TSLA vs $AAPL", "--plan", "enterprise"]))
        .await;
    assert_eq!(run.code, 1, "{run:?}");
    says(&run, &["X refused the post (400)", "at most 1 cashtag"]);
}

/// An edit follows the same rule.
#[tokio::test(flavor = "multi_thread")]
async fn an_edit_with_more_than_one_cashtag_is_refused_under_self_serve() {
    let h = Harness::fast_logged_in().await;
    let run = h.run(h.xpost().arg("$TSLA")).await;
    assert_eq!(run.code, 0, "{run:?}");
    let id = run.stdout.trim().rsplit('/').next().unwrap().to_owned();
    let before = h.sandbox.requests().len();
    let run = h.run(h.xpost().args(["edit", &id, "$TSLA $AAPL"])).await;
    assert_eq!(run.code, 65, "{run:?}");
    says(&run, &["the text has 2 cashtags", "X_PLAN=enterprise"]);
    assert_eq!(h.sandbox.requests().len(), before, "nothing sent");
    let run = h
        .run(
            h.xpost()
                .args(["edit", &id, "$TSLA $AAPL", "--plan", "enterprise"]),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
}

/// A malformed X_PLAN is a configuration error, before anything is sent.
#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_x_plan_ends_with_78() {
    let h = Harness::fast_logged_in().await;
    let run = h.run(h.xpost().arg("hello").env("X_PLAN", "free")).await;
    assert_eq!(run.code, 78, "{run:?}");
    says(&run, &["X_PLAN", "self-serve", "enterprise"]);
    assert!(h.sandbox.posts().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn credits_that_run_out_mid_thread_stop_it_saying_what_was_posted() {
    let h = Harness::fast_logged_in().await;
    let file = h.file("thread.txt", b"one\n---\ntwo\n---\nthree\n");
    h.sandbox.set_credits(Some(1));
    let run = h.run(h.xpost().arg("--thread").arg(&file)).await;
    assert_eq!(run.code, 4, "{run:?}");
    assert!(run.stderr.contains("stopped at post 2 of 3"), "{run:?}");
    assert!(run.stderr.contains("out of credits"), "{run:?}");
    assert_eq!(
        run.stdout.lines().count(),
        1,
        "the first post's URL: {run:?}"
    );
    assert_eq!(h.sandbox.posts().len(), 1);
    assert_eq!(creates(&h), 2, "the third is never tried");
}

#[tokio::test(flavor = "multi_thread")]
async fn no_consent_is_spent_on_an_app_x_serves_nothing() {
    let h = Harness::new().await;
    let image = h.file("cat.png", PNG);
    h.sandbox.set_credits(Some(0));
    // The OAuth 1.0a keys are checked before the consent: that one request ends the run.
    let run = h
        .run(h.xpost().arg("first post").arg("--image").arg(&image))
        .await;
    assert_eq!(run.code, 4, "{run:?}");
    says(&run, &["out of credits"]);
    assert!(!h.browser_was_opened(), "no consent asked for");
    assert_eq!(uploads(&h) + creates(&h), 0);
    assert_eq!(count(&h.sandbox.requests(), "GET", "/2/users/me"), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_login_x_serves_nothing_ends_with_the_reason_and_is_kept() {
    let h = Harness::new().await;
    h.sandbox.set_enrolled(false);
    let run = h
        .run_consenting(
            h.xpost().args(["auth", "login"]),
            xpost_sandbox::Decision::Authorize,
        )
        .await;
    assert_eq!(run.code, 78, "{run:?}");
    says(&run, &["kept the login", "attach the app to a Project"]);
    // Kept under a key of its own until X names its user.
    let kept: Vec<_> = std::fs::read_dir(h.state_dir().join("logins"))
        .expect("a logins directory")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .collect();
    assert_eq!(kept.len(), 1, "the tokens X issued are kept");
}
