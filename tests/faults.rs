//! Faults end to end: the sandbox fails the post, each media upload step, the user lookup and
//! the token endpoint the way networks and X fail (error statuses, rate limits, drops before
//! and after the request is read, cut-off and non-JSON answers, slow answers), and the consent
//! listener meets junk. xpost must retry only what is safe to repeat, never post twice, say
//! what happened with the right exit code, and leave the stored login usable.

use std::path::PathBuf;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use xpost_sandbox::{Decision, Fault, RequestRecord};

use crate::util::{Harness, PNG, Run, assert_no_secrets, count, mp4};

const TWEETS: &str = "/2/tweets";
const UPLOAD: &str = "/2/media/upload";
const INITIALIZE: &str = "/2/media/upload/initialize";
const APPEND: &str = "/2/media/upload/{id}/append";
const FINALIZE: &str = "/2/media/upload/{id}/finalize";
const METADATA: &str = "/2/media/metadata";
const ME: &str = "/2/users/me";
const TOKEN: &str = "/2/oauth2/token";

/// The faults that break an answer: the four that a safe request must survive once.
fn breaking_faults() -> [Fault; 4] {
    [
        Fault::DropBeforeRead,
        Fault::DropAfterRead,
        Fault::Truncated,
        Fault::NotJson,
    ]
}

/// The route a request path belongs to, as faults and rate limits name it.
fn route_of(path: &str) -> &str {
    let Some(rest) = path.strip_prefix("/2/media/upload/") else {
        return path;
    };
    match rest.split_once('/') {
        Some((id, "append")) if !id.is_empty() => APPEND,
        Some((id, "finalize")) if !id.is_empty() => FINALIZE,
        _ => path,
    }
}

/// How many requests `method route` has seen (any media id).
fn route_count(h: &Harness, method: &str, route: &str) -> usize {
    h.sandbox
        .requests()
        .iter()
        .filter(|r| r.method == method && route_of(&r.path) == route)
        .count()
}

/// The requests to `method route`, for failure messages.
fn route_requests(h: &Harness, method: &str, route: &str) -> Vec<RequestRecord> {
    h.sandbox
        .requests()
        .into_iter()
        .filter(|r| r.method == method && route_of(&r.path) == route)
        .collect()
}

/// Waits (at most `limit`) until the sandbox holds `n` posts; returns how many it holds.
async fn wait_for_posts(h: &Harness, n: usize, limit: Duration) -> usize {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let now = h.sandbox.posts().len();
        if now >= n || tokio::time::Instant::now() >= deadline {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The stored login still parses, and `xpost auth status` accepts it.
async fn assert_login_usable(h: &Harness) {
    let stored = h.stored();
    assert!(stored["access_token"].is_string(), "{stored}");
    let status = h.run(h.xpost().args(["auth", "status"])).await;
    assert_eq!(status.code, 0, "the login is still usable: {status:?}");
    assert!(
        status.stdout.contains("the token is accepted"),
        "{status:?}"
    );
    assert_no_secrets(&status);
}

/// A new post goes out at once: nothing was left stuck (no fault waiting, no lock held).
async fn assert_posts_again(h: &Harness, text: &str) {
    let before = h.sandbox.posts().len();
    let run = h.run(h.xpost().arg(text)).await;
    assert_eq!(run.code, 0, "a later post succeeds: {run:?}");
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), before + 1, "{run:?}");
    assert_eq!(posts.last().unwrap().text, text);
    assert_no_secrets(&run);
}

/// The run ended with "the post may exist" (3), said so, and printed no URL.
fn assert_maybe_posted(run: &Run) {
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stderr.contains("may exist"), "{run:?}");
    assert!(
        run.stdout.is_empty(),
        "no URL for an unknown outcome: {run:?}"
    );
    assert_no_secrets(run);
}

// ---------------------------------------------------------------------------------------
// The post: never sent twice.

/// Logs in, injects `fault` once on `POST /2/tweets`, and posts `text` with `args`.
async fn post_with_fault(fault: Fault, text: &str, args: &[&str]) -> (Harness, Run) {
    let h = Harness::fast_logged_in().await;
    h.sandbox.inject("POST", TWEETS, fault, 1);
    let run = h.run(h.xpost().arg(text).args(args)).await;
    (h, run)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_post_met_by_a_server_error_may_exist_and_is_not_resent() {
    let (h, run) = post_with_fault(Fault::Status { status: 503 }, "met a 503", &[]).await;
    assert_maybe_posted(&run);
    assert!(run.stderr.contains("503"), "{run:?}");
    assert_eq!(h.sandbox.posts().len(), 0, "the sandbox did not act");
    assert_eq!(count(&h.sandbox.requests(), "POST", TWEETS), 1, "no resend");
    assert_login_usable(&h).await;
    assert_posts_again(&h, "after a 503").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rate_limited_post_exits_75_with_the_reset() {
    let (h, run) = post_with_fault(Fault::Status { status: 429 }, "rate limited", &[]).await;
    assert_eq!(run.code, 75, "{run:?}");
    assert!(run.stderr.contains("resets"), "{run:?}");
    assert!(run.stderr.contains("--wait"), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert_no_secrets(&run);
    assert_eq!(h.sandbox.posts().len(), 0);
    assert_eq!(count(&h.sandbox.requests(), "POST", TWEETS), 1);
    assert_login_usable(&h).await;
    assert_posts_again(&h, "after a 429").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rate_limited_post_with_wait_waits_for_the_reset_and_posts_once() {
    let (h, run) = post_with_fault(
        Fault::Status { status: 429 },
        "waited for the reset",
        &["--wait"],
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("waiting until"), "{run:?}");
    assert_no_secrets(&run);
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1, "{run:?}");
    assert_eq!(posts[0].text, "waited for the reset");
    assert!(run.stdout.contains(&posts[0].id), "{run:?}");
    assert_eq!(
        count(&h.sandbox.requests(), "POST", TWEETS),
        2,
        "the 429, then the post"
    );
    assert_login_usable(&h).await;
    assert_posts_again(&h, "after waiting").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_post_whose_connection_dropped_unread_may_exist_and_is_not_resent() {
    // The sandbox read the headers: to the client the request went out.
    let (h, run) = post_with_fault(Fault::DropBeforeRead, "dropped unread", &[]).await;
    assert_maybe_posted(&run);
    assert_eq!(h.sandbox.posts().len(), 0);
    assert_eq!(count(&h.sandbox.requests(), "POST", TWEETS), 1, "no resend");
    assert_login_usable(&h).await;
    assert_posts_again(&h, "after a drop before reading").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_post_made_then_dropped_exists_once_and_is_reported_as_may_exist() {
    let (h, run) = post_with_fault(Fault::DropAfterRead, "made, then dropped", &[]).await;
    assert_maybe_posted(&run);
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1, "made once, never resent");
    assert_eq!(posts[0].text, "made, then dropped");
    assert_eq!(count(&h.sandbox.requests(), "POST", TWEETS), 1);
    assert_login_usable(&h).await;
    assert_posts_again(&h, "after a drop after reading").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_post_with_a_cut_off_answer_exists_once() {
    let (h, run) = post_with_fault(Fault::Truncated, "cut off", &[]).await;
    assert_maybe_posted(&run);
    assert!(run.stderr.contains("cut off"), "{run:?}");
    assert_eq!(h.sandbox.posts().len(), 1);
    assert_eq!(count(&h.sandbox.requests(), "POST", TWEETS), 1);
    assert_login_usable(&h).await;
    assert_posts_again(&h, "after a cut-off answer").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_post_answered_with_html_exists_once() {
    let (h, run) = post_with_fault(Fault::NotJson, "answered with html", &[]).await;
    assert_maybe_posted(&run);
    assert!(run.stderr.contains("could not be read"), "{run:?}");
    assert_eq!(h.sandbox.posts().len(), 1);
    assert_eq!(count(&h.sandbox.requests(), "POST", TWEETS), 1);
    assert_login_usable(&h).await;
    assert_posts_again(&h, "after an html answer").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_post_that_times_out_may_exist_and_is_never_resent() {
    let (h, run) = post_with_fault(
        Fault::Delay(Duration::from_secs(3)),
        "slow to answer",
        &["--timeout", "1s"],
    )
    .await;
    assert_maybe_posted(&run);
    assert!(run.stderr.contains("no answer came back"), "{run:?}");
    // Past the delay the post exists, as at X, and exactly once: it was never resent.
    let made = wait_for_posts(&h, 1, Duration::from_secs(4)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(made, 1, "X made the post the client gave up on");
    assert_eq!(h.sandbox.posts().len(), 1, "never resent");
    assert!(
        count(&h.sandbox.requests(), "POST", TWEETS) <= 1,
        "sent once"
    );
    assert_login_usable(&h).await;
    assert_posts_again(&h, "after a timeout").await;
}

// ---------------------------------------------------------------------------------------
// Media: every step is safe to repeat.

/// A 2.5 MiB MP4: three segments.
fn video(h: &Harness) -> PathBuf {
    h.file("clip.mp4", &mp4(5 * 1024 * 1024 / 2))
}

/// What a media run posts.
enum Upload {
    /// A PNG, in one request.
    Image,
    /// A PNG with alt text.
    ImageWithAlt,
    /// The 2.5 MiB MP4, chunked.
    Video,
}

fn upload_command(h: &Harness, upload: Upload, text: &str) -> tokio::process::Command {
    let mut cmd = h.xpost();
    cmd.arg(text);
    match upload {
        Upload::Image => {
            cmd.arg("--image").arg(h.file("cat.png", PNG));
        }
        Upload::ImageWithAlt => {
            cmd.arg("--image")
                .arg(h.file("cat.png", PNG))
                .args(["--alt", "a cat, resting"]);
        }
        Upload::Video => {
            cmd.arg("--media").arg(video(h));
        }
    }
    cmd
}

/// The run posted exactly one post, carrying the last media uploaded, which is usable.
fn assert_one_post_with_media(h: &Harness, run: &Run) {
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(run);
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1, "exactly one post: {run:?}");
    let media = h.sandbox.media();
    let last = media.last().expect("a media was uploaded");
    assert_eq!(posts[0].media_ids, vec![last.id.clone()], "{media:?}");
    assert!(run.stdout.contains(&posts[0].id), "{run:?}");
}

/// Logs in, queues `fault` `times` times on `method route`, and posts `upload`.
async fn upload_with_fault(
    upload: Upload,
    method: &str,
    route: &str,
    fault: Fault,
    times: u32,
) -> (Harness, Run) {
    let h = Harness::fast_logged_in().await;
    h.sandbox.inject(method, route, fault.clone(), times);
    let mut cmd = upload_command(
        &h,
        upload,
        &format!("{method} {route} met {fault} x{times}"),
    );
    let run = h.run(&mut cmd).await;
    (h, run)
}

#[tokio::test(flavor = "multi_thread")]
async fn server_errors_on_single_step_uploads_are_retried_until_they_pass() {
    for (upload, method, route) in [
        (Upload::Image, "POST", UPLOAD),
        (Upload::ImageWithAlt, "POST", METADATA),
        (Upload::Video, "POST", INITIALIZE),
        (Upload::Video, "POST", FINALIZE),
        (Upload::Video, "GET", UPLOAD),
    ] {
        let (h, run) =
            upload_with_fault(upload, method, route, Fault::Status { status: 503 }, 2).await;
        assert_one_post_with_media(&h, &run);
        assert_eq!(
            route_count(&h, method, route),
            3,
            "two 503s, then the one that passed: {:?}",
            route_requests(&h, method, route)
        );
        if route == METADATA {
            let media = h.sandbox.media();
            assert_eq!(media[0].alt_text.as_deref(), Some("a cat, resting"));
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn server_errors_on_appends_are_retried_until_they_pass() {
    let (h, run) = upload_with_fault(
        Upload::Video,
        "POST",
        APPEND,
        Fault::Status { status: 503 },
        2,
    )
    .await;
    assert_one_post_with_media(&h, &run);
    // Three segments, two of the requests refused and sent again.
    assert_eq!(
        route_count(&h, "POST", APPEND),
        5,
        "{:?}",
        route_requests(&h, "POST", APPEND)
    );
    assert_eq!(h.sandbox.media().len(), 1);
    assert_eq!(h.sandbox.media()[0].segments, 3);
}

/// Each breaking fault once on `method route` of `upload`: one post, with the media.
async fn survives_each_breaking_fault(upload: fn() -> Upload, method: &str, route: &str) {
    for fault in breaking_faults() {
        let (h, run) = upload_with_fault(upload(), method, route, fault.clone(), 1).await;
        assert_one_post_with_media(&h, &run);
        assert_eq!(
            route_count(&h, method, route),
            2,
            "{fault}: the faulted request, then one repeat: {:?}",
            route_requests(&h, method, route)
        );
        assert_login_usable(&h).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_simple_upload_survives_drops_cut_offs_and_html() {
    survives_each_breaking_fault(|| Upload::Image, "POST", UPLOAD).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_alt_text_survives_drops_cut_offs_and_html() {
    for fault in breaking_faults() {
        let (h, run) =
            upload_with_fault(Upload::ImageWithAlt, "POST", METADATA, fault.clone(), 1).await;
        assert_one_post_with_media(&h, &run);
        assert_eq!(route_count(&h, "POST", METADATA), 2, "{fault}");
        let media = h.sandbox.media();
        assert_eq!(media.len(), 1, "{fault}: {media:?}");
        assert_eq!(media[0].alt_text.as_deref(), Some("a cat, resting"));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_status_poll_survives_drops_cut_offs_and_html() {
    survives_each_breaking_fault(|| Upload::Video, "GET", UPLOAD).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_append_dropped_unread_is_sent_again() {
    let (h, run) = upload_with_fault(Upload::Video, "POST", APPEND, Fault::DropBeforeRead, 1).await;
    assert_one_post_with_media(&h, &run);
    assert_eq!(
        route_count(&h, "POST", APPEND),
        4,
        "three segments, one repeat"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_append_that_acted_but_lost_its_answer_is_sent_again_and_taken() {
    // X stored the segment; the repeat replaces it with the same bytes.
    for fault in [Fault::DropAfterRead, Fault::Truncated, Fault::NotJson] {
        let (h, run) = upload_with_fault(Upload::Video, "POST", APPEND, fault.clone(), 1).await;
        assert_one_post_with_media(&h, &run);
        assert_eq!(
            route_count(&h, "POST", APPEND),
            4,
            "{fault}: three segments, one repeat"
        );
        let media = h.sandbox.media();
        assert_eq!(media[0].segments, 3, "{fault}: {media:?}");
        assert_eq!(media[0].size, 5 * 1024 * 1024 / 2, "{fault}: {media:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_finalize_that_acted_but_lost_its_answer_goes_on_from_status() {
    // X finalized the media; the repeat is refused, and STATUS says where processing is.
    for fault in [Fault::DropAfterRead, Fault::Truncated, Fault::NotJson] {
        let (h, run) = upload_with_fault(Upload::Video, "POST", FINALIZE, fault.clone(), 1).await;
        assert_one_post_with_media(&h, &run);
        assert!(
            run.stderr.is_empty() || !run.stderr.contains("error"),
            "{fault}: {run:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_finalize_dropped_unread_is_sent_again() {
    let (h, run) =
        upload_with_fault(Upload::Video, "POST", FINALIZE, Fault::DropBeforeRead, 1).await;
    assert_one_post_with_media(&h, &run);
    assert_eq!(route_count(&h, "POST", FINALIZE), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_failing_past_the_retries_stops_with_no_post() {
    for (fault, code) in [
        (Fault::Status { status: 503 }, 69),
        (Fault::DropBeforeRead, 69),
        (Fault::NotJson, 70),
    ] {
        let (h, run) = upload_with_fault(Upload::Image, "POST", UPLOAD, fault.clone(), 4).await;
        assert_eq!(run.code, code, "{fault}: {run:?}");
        assert!(run.stderr.contains("cat.png"), "{fault}: {run:?}");
        assert!(run.stdout.is_empty(), "{fault}: {run:?}");
        assert_no_secrets(&run);
        assert_eq!(h.sandbox.posts().len(), 0, "{fault}: no post");
        assert_eq!(count(&h.sandbox.requests(), "POST", TWEETS), 0);
        assert_eq!(
            route_count(&h, "POST", UPLOAD),
            4,
            "{fault}: one try and three repeats"
        );
        assert_login_usable(&h).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_status_poll_failing_past_the_retries_stops_with_no_post() {
    let (h, run) = upload_with_fault(
        Upload::Video,
        "GET",
        UPLOAD,
        Fault::Status { status: 503 },
        4,
    )
    .await;
    assert_eq!(run.code, 69, "{run:?}");
    assert!(run.stderr.contains("503"), "{run:?}");
    assert!(run.stderr.contains("clip.mp4"), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert_no_secrets(&run);
    assert_eq!(h.sandbox.posts().len(), 0);
    assert_eq!(
        route_count(&h, "GET", UPLOAD),
        4,
        "one poll and three repeats"
    );
    assert_login_usable(&h).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_append_is_not_repeated_and_nothing_is_posted() {
    let h = Harness::fast_logged_in().await;
    h.sandbox
        .inject("POST", APPEND, Fault::Status { status: 400 }, 1);
    // One segment, so that one append request is all there is.
    let small = h.file("short.mp4", &mp4(100 * 1024));
    let run = h
        .run(h.xpost().arg("refused append").arg("--media").arg(&small))
        .await;
    assert_eq!(run.code, 65, "{run:?}");
    assert!(run.stderr.contains("400"), "{run:?}");
    assert!(run.stderr.contains("short.mp4"), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert_no_secrets(&run);
    assert_eq!(h.sandbox.posts().len(), 0);
    assert_eq!(
        route_count(&h, "POST", APPEND),
        1,
        "a refusal is not repeated"
    );
    assert_eq!(route_count(&h, "POST", FINALIZE), 0);
    assert_login_usable(&h).await;
}

// ---------------------------------------------------------------------------------------
// The user lookup.

#[tokio::test(flavor = "multi_thread")]
async fn auth_status_rides_out_server_errors_on_users_me() {
    let h = Harness::new().await;
    h.login().await;
    let before = count(&h.sandbox.requests(), "GET", ME);
    h.sandbox
        .inject("GET", ME, Fault::Status { status: 503 }, 2);
    let run = h.run(h.xpost().args(["auth", "status"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("the token is accepted"), "{run:?}");
    assert_no_secrets(&run);
    assert_eq!(count(&h.sandbox.requests(), "GET", ME) - before, 3);
    assert_login_usable(&h).await;
}

// ---------------------------------------------------------------------------------------
// The token endpoint: a refresh token is single-use, so a lost answer is never retried.

fn token_requests(h: &Harness) -> usize {
    count(&h.sandbox.requests(), "POST", TOKEN)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refresh_whose_answer_was_lost_asks_for_a_login_once() {
    let h = Harness::new().await;
    h.login().await;
    h.expire_login();
    let kept = std::fs::read(h.store_path()).unwrap();
    let before = token_requests(&h);
    h.sandbox.inject("POST", TOKEN, Fault::DropAfterRead, 1);
    let run = h.run(h.xpost().arg("after a lost refresh")).await;
    assert_eq!(run.code, 77, "{run:?}");
    assert!(run.stderr.contains("lost"), "{run:?}");
    assert!(run.stderr.contains("xpost auth login"), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(!h.browser_was_opened(), "no browser without a person");
    assert_no_secrets(&run);
    assert_eq!(token_requests(&h) - before, 1, "no loop, no repeat");
    assert_eq!(h.sandbox.posts().len(), 0);
    assert_eq!(count(&h.sandbox.requests(), "POST", TWEETS), 0);
    // The store is left as it was, and still parses.
    assert_eq!(std::fs::read(h.store_path()).unwrap(), kept);
    let _ = h.stored();
    // As asked: a new login, and posting works again.
    h.login().await;
    assert_login_usable(&h).await;
    assert_posts_again(&h, "after logging in again").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refresh_answered_200_with_an_unreadable_body_asks_for_a_login_never_a_retry() {
    let h = Harness::new().await;
    h.login().await;
    h.expire_login();
    let kept = std::fs::read(h.store_path()).unwrap();
    let before = token_requests(&h);
    h.sandbox.inject("POST", TOKEN, Fault::NotJson, 1);
    let run = h.run(h.xpost().arg("after an unreadable refresh")).await;
    // X spent the refresh token: 69 would tell a script to retry what cannot succeed.
    assert_eq!(run.code, 77, "{run:?}");
    assert!(
        run.stderr
            .contains("X may have spent the stored refresh token"),
        "{run:?}"
    );
    assert!(run.stderr.contains("xpost auth login"), "{run:?}");
    assert!(!run.stderr.contains("DOCTYPE"), "no body quoted: {run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(!h.browser_was_opened(), "no browser without a person");
    assert_no_secrets(&run);
    assert_eq!(token_requests(&h) - before, 1, "no loop, no repeat");
    assert_eq!(count(&h.sandbox.requests(), "POST", TWEETS), 0);
    assert_eq!(std::fs::read(h.store_path()).unwrap(), kept);
    // Indeed spent: the next run is refused too, with the same advice.
    let again = h.run(h.xpost().arg("after an unreadable refresh")).await;
    assert_eq!(again.code, 77, "{again:?}");
    assert!(again.stderr.contains("xpost auth login"), "{again:?}");
    assert_eq!(h.sandbox.posts().len(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refresh_dropped_unread_ends_without_looping_or_posting_twice() {
    let h = Harness::new().await;
    h.login().await;
    h.expire_login();
    let before = token_requests(&h);
    h.sandbox.inject("POST", TOKEN, Fault::DropBeforeRead, 1);
    let run = h.run(h.xpost().arg("after a refresh dropped unread")).await;
    assert!(run.code == 77 || run.code == 0, "{run:?}");
    assert_no_secrets(&run);
    let tried = token_requests(&h) - before;
    assert!((1..=4).contains(&tried), "{tried} token requests: {run:?}");
    let posts = h.sandbox.posts().len();
    if run.code == 0 {
        assert_eq!(posts, 1, "{run:?}");
        assert_login_usable(&h).await;
    } else {
        assert_eq!(posts, 0, "{run:?}");
        assert!(run.stderr.contains("xpost auth login"), "{run:?}");
        let _ = h.stored();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refresh_met_by_a_server_error_fails_clearly_without_posting() {
    let h = Harness::new().await;
    h.login().await;
    h.expire_login();
    let before = token_requests(&h);
    h.sandbox
        .inject("POST", TOKEN, Fault::Status { status: 503 }, 1);
    let run = h
        .run(h.xpost().arg("after a 503 at the token endpoint"))
        .await;
    assert_ne!(run.code, 0, "{run:?}");
    assert!(!run.stderr.trim().is_empty(), "{run:?}");
    assert!(run.stderr.contains("xpost"), "says what to do: {run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(!h.browser_was_opened(), "{run:?}");
    assert_no_secrets(&run);
    assert!(token_requests(&h) - before <= 4, "no loop");
    assert_eq!(h.sandbox.posts().len(), 0);
    let _ = h.stored();
    // X did not act on the refresh: the stored refresh token still works.
    let again = h.run(h.xpost().arg("refreshed after the 503")).await;
    assert_eq!(again.code, 0, "{again:?}");
    assert_eq!(h.sandbox.posts().len(), 1);
    assert_login_usable(&h).await;
}

// ---------------------------------------------------------------------------------------
// The consent listener under junk.

/// Sends `bytes` on a new connection to the listener and reads what comes back (at most a
/// few seconds); write errors (the listener may hang up first) are no failure.
async fn send_junk(port: u16, bytes: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let _ = stream.write_all(bytes).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    answer
}

#[tokio::test(flavor = "multi_thread")]
async fn the_listener_outlasts_junk_and_still_takes_the_real_callback() {
    let h = Harness::new().await;
    let mut cmd = h.xpost();
    cmd.arg("posted through the junk");
    let (child, url) = h.spawn_until_browser(&mut cmd).await;

    // Raw bytes that are not HTTP (a TLS hello, say).
    let answer = send_junk(
        h.port,
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03junk\r\n\r\n",
    )
    .await;
    assert!(
        answer.is_empty() || answer.starts_with(b"HTTP/1.1 4"),
        "{}",
        String::from_utf8_lossy(&answer)
    );

    // A 1 MB header.
    let mut big =
        b"GET /oauth/callback?code=x&state=y HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ".to_vec();
    big.extend(std::iter::repeat_n(b'a', 1024 * 1024));
    big.extend_from_slice(b"\r\n\r\n");
    let answer = send_junk(h.port, &big).await;
    assert!(
        answer.is_empty() || answer.starts_with(b"HTTP/1.1 4"),
        "{}",
        String::from_utf8_lossy(&answer)
    );

    // 100 connections that say nothing, and a slow client that stalls mid-request.
    let mut idle = Vec::new();
    for _ in 0..100 {
        idle.push(TcpStream::connect(("127.0.0.1", h.port)).await.unwrap());
    }
    let mut slow = TcpStream::connect(("127.0.0.1", h.port)).await.unwrap();
    slow.write_all(b"GET /oauth/cal").await.unwrap();

    // Another path.
    let favicon = reqwest::get(format!("http://127.0.0.1:{}/favicon.ico", h.port))
        .await
        .unwrap();
    assert_eq!(favicon.status(), 404);

    // The real callback still gets through.
    let status = xpost_sandbox::consent_as_browser(&url, Decision::Authorize).await;
    assert_eq!(status, Ok(200));
    let run = crate::util::finish(child).await;
    drop(idle);
    drop(slow);
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(&run);
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].text, "posted through the junk");
    assert_login_usable(&h).await;
}
