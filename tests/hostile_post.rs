//! What a hostile tester found on the posting side (issue 13), each through real runs of the
//! binary against the sandbox: text read without bound, rate-limit waits past `--max-time`,
//! results lost on a stdout that cannot be written, OAuth 1.0a keys of another account or
//! with a wrong secret, and X's reasons hidden behind a generic `detail`.

use std::time::Duration;

use xpost_sandbox::{AuthMethod, Decision, Fault, SECOND_ACCOUNT};

use crate::util::{Harness, Run, assert_no_secrets};

/// How much text xpost reads from stdin or a file, at most: 1 MiB.
const TEXT_LIMIT: usize = 1024 * 1024;

/// A run, with its output cut to a readable length, for failure messages.
fn brief(run: &Run) -> String {
    let cut = |text: &str| -> String { text.chars().take(600).collect() };
    format!(
        "exit {}\n--- stdout ({} bytes):\n{}\n--- stderr ({} bytes):\n{}",
        run.code,
        run.stdout.len(),
        cut(&run.stdout),
        run.stderr.len(),
        cut(&run.stderr)
    )
}

/// The run ended with 65 before anything was sent, saying the text was over the bound.
fn assert_refused_as_too_much(h: &Harness, run: &Run, source: &str) {
    let shown = brief(run);
    assert_eq!(run.code, 65, "{source}: {shown}");
    assert!(
        run.stderr.contains(source) && run.stderr.contains("more than 1 MiB"),
        "{source}: says which input and the bound: {shown}"
    );
    assert!(run.stdout.is_empty(), "{source}: no plan printed: {shown}");
    assert!(h.sandbox.requests().is_empty(), "{source}: nothing sent");
    assert!(!h.browser_was_opened(), "{source}: no consent");
    assert!(
        run.stderr.len() < 4096,
        "{source}: the text is not echoed: {shown}"
    );
}

// ---------------------------------------------------------------------------------------------
// Text is read up to a bound

#[tokio::test(flavor = "multi_thread")]
async fn text_from_stdin_or_files_is_refused_past_one_mebibyte() {
    let h = Harness::new().await;
    let over: Vec<u8> = b"y\n".repeat(TEXT_LIMIT / 2 + 1);

    // `yes | xpost - --dry-run`, cut short: the dry run refuses rather than printing it all.
    let run = h
        .run_with_stdin(h.xpost().args(["-", "--dry-run"]), &over)
        .await;
    assert_refused_as_too_much(&h, &run, "stdin");

    let file = h.file("big.txt", &over);
    let run = h.run(h.xpost().arg("--file").arg(&file)).await;
    assert_refused_as_too_much(&h, &run, "big.txt");

    let run = h.run(h.xpost().arg("--thread").arg(&file)).await;
    assert_refused_as_too_much(&h, &run, "big.txt");

    let run = h
        .run_with_stdin(h.xpost().args(["--thread", "-", "--dry-run"]), &over)
        .await;
    assert_refused_as_too_much(&h, &run, "stdin");

    // A file without end is read only up to the bound.
    let run = h
        .run(h.xpost().args(["--file", "/dev/zero", "--dry-run"]))
        .await;
    assert_refused_as_too_much(&h, &run, "/dev/zero");

    // Exactly 1 MiB is read, and then refused as X would: far too long.
    let file = h.file("exactly.txt", &b"y\n".repeat(TEXT_LIMIT / 2));
    let run = h
        .run(h.xpost().arg("--file").arg(&file).arg("--dry-run"))
        .await;
    assert_eq!(run.code, 65, "{}", brief(&run));
    assert!(run.stdout.contains("NOT VALID"), "{}", brief(&run));
    assert!(!run.stderr.contains("more than 1 MiB"), "{}", brief(&run));
    assert_no_secrets(&run);
}

// ---------------------------------------------------------------------------------------------
// X's reasons are kept

/// X answers a reply to a post that is gone with a 400 whose `detail` is generic ("One or more
/// parameters to your request was invalid."); the reason is in `errors[].message`.
#[tokio::test(flavor = "multi_thread")]
async fn a_refused_reply_shows_xs_reason_not_only_the_generic_detail() {
    let h = Harness::fast_logged_in().await;
    let run = h
        .run(
            h.xpost()
                .args(["a reply to nothing", "--reply-to", "1234567890123456789"]),
        )
        .await;
    assert_eq!(run.code, 1, "X refused the post: {run:?}");
    assert!(
        run.stderr
            .contains("The Tweet you are replying to has been deleted or is not visible to you"),
        "X's reason is shown: {run:?}"
    );
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(h.sandbox.posts().is_empty());
    assert_no_secrets(&run);
}

// ---------------------------------------------------------------------------------------------
// --wait within --max-time

/// The run ended with 75 at once, naming the reset, saying nothing was posted and never that
/// a post may exist.
fn assert_gave_up_on_the_reset(run: &Run) {
    let shown = brief(run);
    assert_eq!(run.code, 75, "{shown}");
    assert!(run.stderr.contains("resets at"), "names the reset: {shown}");
    assert!(run.stderr.contains("--max-time"), "{shown}");
    assert!(!run.stderr.contains("may exist"), "{shown}");
    assert!(!run.stderr.contains("on its way"), "{shown}");
    assert!(
        !run.stderr.contains("waiting until"),
        "did not wait: {shown}"
    );
    assert_no_secrets(run);
}

/// A 429 whose reset (a day away here) is past `--max-time` ends the run at once, even with
/// `--wait`, instead of sleeping until `--max-time` runs out.
#[tokio::test(flavor = "multi_thread")]
async fn a_rate_limit_resetting_after_max_time_ends_the_run_at_once() {
    let h = Harness::fast_logged_in().await;
    h.sandbox.rate_limit("POST", "/2/tweets", 0);
    // `finish` allows a minute: a run that slept until --max-time would fail the test.
    let run = h
        .run(h.xpost().args(["not now", "--wait", "--max-time", "10m"]))
        .await;
    assert_gave_up_on_the_reset(&run);
    assert!(run.stderr.contains("nothing was posted"), "{}", brief(&run));
    assert!(run.stdout.is_empty(), "{}", brief(&run));
    assert!(h.sandbox.posts().is_empty());

    // In a thread, the posts made before are listed, and the rest is not said to exist.
    h.sandbox.rate_limit("POST", "/2/tweets", 1);
    let file = h.file("two.txt", b"First of two.\n---\nSecond of two.\n");
    let run = h
        .run(
            h.xpost()
                .arg("--thread")
                .arg(&file)
                .args(["--wait", "--max-time", "10m"]),
        )
        .await;
    assert_gave_up_on_the_reset(&run);
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1, "{}", brief(&run));
    assert!(run.stdout.contains(&posts[0].id), "{}", brief(&run));
    assert!(
        run.stderr.contains("stopped at post 2 of 2"),
        "{}",
        brief(&run)
    );

    // A reset within --max-time is still waited for.
    h.sandbox.rate_limit("POST", "/2/tweets", 100);
    h.sandbox
        .inject("POST", "/2/tweets", Fault::Status { status: 429 }, 1);
    let run = h
        .run(
            h.xpost()
                .args(["after a short wait", "--wait", "--max-time", "10m"]),
        )
        .await;
    assert_eq!(run.code, 0, "{}", brief(&run));
    assert!(run.stderr.contains("waiting until"), "{}", brief(&run));
    assert_eq!(h.sandbox.posts().len(), 2);
}

// ---------------------------------------------------------------------------------------------
// The result of a post is never lost

/// xpost's exit code for "posted, but the result could not be written to stdout".
const UNWRITTEN: i32 = 74;

/// A post whose URL cannot be written to stdout (`> /dev/full`, a closed pipe) still tells
/// where it is, on stderr, and does not end as if nothing was posted; a closed stderr or
/// stdout never makes xpost panic.
#[tokio::test(flavor = "multi_thread")]
async fn a_post_whose_result_cannot_be_written_is_told_on_stderr() {
    let h = Harness::fast_logged_in().await;

    // stdout is /dev/full: every write fails with ENOSPC.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let run = h.run(h.xpost().arg("to a full disk").stdout(full)).await;
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1, "{}", brief(&run));
    assert_eq!(run.code, UNWRITTEN, "{}", brief(&run));
    let url = format!("/status/{}", posts[0].id);
    assert!(
        run.stderr.contains("posted") && run.stderr.contains(&url),
        "the URL is on stderr: {}",
        brief(&run)
    );
    assert!(!run.stderr.contains("panicked"), "{}", brief(&run));
    assert_no_secrets(&run);

    // stdout is a pipe nobody reads any more; a thread goes on and tells each URL.
    let file = h.file("two.txt", b"Closed pipe, one.\n---\nClosed pipe, two.\n");
    let mut cmd = h.xpost();
    cmd.arg("--thread").arg(&file);
    let mut child = cmd.spawn().unwrap();
    drop(child.stdout.take());
    let run = crate::util::finish(child).await;
    let posts = h.sandbox.posts();
    assert_eq!(
        posts.len(),
        3,
        "the whole thread was posted: {}",
        brief(&run)
    );
    assert_eq!(run.code, UNWRITTEN, "{}", brief(&run));
    for post in &posts[1..] {
        assert!(
            run.stderr.contains(&format!("/status/{}", post.id)),
            "{}",
            brief(&run)
        );
    }
    assert!(!run.stderr.contains("panicked"), "{}", brief(&run));

    // With --json the same: the posts are told on stderr.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let run = h
        .run(
            h.xpost()
                .args(["as JSON to a full disk", "--json"])
                .stdout(full),
        )
        .await;
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 4, "{}", brief(&run));
    assert_eq!(run.code, UNWRITTEN, "{}", brief(&run));
    assert!(
        run.stderr.contains(&format!("/status/{}", posts[3].id)),
        "{}",
        brief(&run)
    );

    // stderr is a pipe nobody reads: -v writes to it; the post is made and told on stdout.
    let mut cmd = h.xpost();
    cmd.args(["-v", "with stderr closed"]);
    let mut child = cmd.spawn().unwrap();
    drop(child.stderr.take());
    let run = crate::util::finish(child).await;
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 5, "{}", brief(&run));
    assert_eq!(run.code, 0, "no panic: {}", brief(&run));
    assert!(run.stdout.contains(&posts[4].id), "{}", brief(&run));

    // A failure told on a closed stderr keeps its exit code.
    let mut cmd = h.xpost();
    cmd.args(["--file", "missing.txt"]);
    let mut child = cmd.spawn().unwrap();
    drop(child.stderr.take());
    let run = crate::util::finish(child).await;
    assert_eq!(run.code, 66, "no panic: {}", brief(&run));
}

/// `xpost auth login 2>&1 | head -1`: the first line is read, the rest meets a closed pipe,
/// and the login still completes.
#[tokio::test(flavor = "multi_thread")]
async fn a_login_piped_into_head_completes_without_panicking() {
    let h = Harness::fast().await;
    let xpost = h.xpost();
    let mut sh = tokio::process::Command::new("sh");
    sh.env_clear();
    for (name, value) in xpost.as_std().get_envs() {
        if let Some(value) = value {
            sh.env(name, value);
        }
    }
    sh.current_dir(h.dir.path())
        .arg("-c")
        .arg(r#"("$0" auth login 2>&1; echo $? > code) | head -1"#)
        .arg(env!("CARGO_BIN_EXE_xpost"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true);
    let run = h.run_consenting(&mut sh, Decision::Authorize).await;
    assert_eq!(run.stdout.lines().count(), 1, "{}", brief(&run));
    let code = std::fs::read_to_string(h.dir.path().join("code")).unwrap();
    assert_eq!(code.trim(), "0", "xpost's exit code: {}", brief(&run));
    assert!(h.store_path().exists(), "the login was kept");
    assert!(!run.stderr.contains("panicked"), "{}", brief(&run));
}

/// A `--json` thread that `--max-time` stops after its first post prints that post, and the
/// error lists it rather than saying nothing was posted; the post that was on its way is said
/// to maybe exist, and the way to resume does not post it twice.
#[tokio::test(flavor = "multi_thread")]
async fn a_thread_stopped_by_max_time_still_gives_what_was_posted() {
    let h = Harness::fast_logged_in().await;
    // Post 1 is answered at once; post 2 is answered long after --max-time.
    h.sandbox
        .inject("POST", "/2/tweets", Fault::Delay(Duration::ZERO), 1);
    h.sandbox.inject(
        "POST",
        "/2/tweets",
        Fault::Delay(Duration::from_secs(30)),
        1,
    );
    let file = h.file("slow.txt", b"Quick one.\n---\nSlow one.\n");
    let run = h
        .run(
            h.xpost()
                .arg("--thread")
                .arg(&file)
                .args(["--json", "--max-time", "8s"]),
        )
        .await;
    let shown = brief(&run);
    assert_eq!(run.code, 3, "{shown}");
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1, "{shown}");
    let json: serde_json::Value = serde_json::from_str(run.stdout.trim()).expect(&shown);
    assert_eq!(json["posts"][0]["id"], posts[0].id.as_str(), "{shown}");
    assert!(run.stderr.contains("stopped at post 2 of 2"), "{shown}");
    assert!(run.stderr.contains(&posts[0].id), "{shown}");
    assert!(run.stderr.contains("post 2 may exist"), "{shown}");
    assert!(!run.stderr.contains("nothing was posted"), "{shown}");
    assert_no_secrets(&run);
}

// ---------------------------------------------------------------------------------------------
// File names that are not UTF-8

/// A file whose name is not UTF-8 (Latin-1 `café.png`) is attached like any other, with
/// `--image` and `--media` and from a thread in a directory so named.
#[tokio::test(flavor = "multi_thread")]
async fn file_names_that_are_not_utf8_are_attached() {
    use std::os::unix::ffi::OsStrExt;
    let h = Harness::fast_logged_in().await;
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.png");
    let image = h.dir.path().join(name);
    std::fs::write(&image, crate::util::PNG).unwrap();

    let run = h
        .run(
            h.xpost()
                .arg("a café picture")
                .arg("--image")
                .arg(&image)
                .args(["--alt", "a cup"])
                .arg("--media")
                .arg(&image),
        )
        .await;
    assert_eq!(run.code, 0, "{}", brief(&run));
    let media = h.sandbox.media();
    assert_eq!(media.len(), 2, "{}", brief(&run));
    // The uploads run at once: the alt text goes with the --image, whichever ended first.
    let post = &h.sandbox.posts()[0];
    let alts: Vec<Option<String>> = post
        .media_ids
        .iter()
        .map(|id| media.iter().find(|m| &m.id == id).unwrap().alt_text.clone())
        .collect();
    assert_eq!(alts, [Some("a cup".to_owned()), None], "{}", brief(&run));

    let dir = h
        .dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"r\xe9sum\xe9"));
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("cat.png"), crate::util::PNG).unwrap();
    let thread = dir.join("thread.txt");
    std::fs::write(&thread, "From a Latin-1 directory.\n![](cat.png)\n").unwrap();
    let run = h.run(h.xpost().arg("--thread").arg(&thread)).await;
    assert_eq!(run.code, 0, "{}", brief(&run));
    assert_eq!(h.sandbox.media().len(), 3);
    assert_no_secrets(&run);
}

// ---------------------------------------------------------------------------------------------
// OAuth 1.0a keys of another account, or with a wrong secret

/// `xpost` with the OAuth 1.0a access keys of the sandbox's second account, while the one
/// who consents is the first.
fn with_second_accounts_keys(h: &Harness) -> tokio::process::Command {
    let mut cmd = h.xpost();
    cmd.env("X_ACCESS_TOKEN", SECOND_ACCOUNT.access_token)
        .env("X_ACCESS_TOKEN_SECRET", SECOND_ACCOUNT.access_token_secret);
    cmd
}

/// The run's output holds no secret, the second account's included.
fn assert_no_secrets_at_all(run: &Run) {
    assert_no_secrets(run);
    for secret in [
        SECOND_ACCOUNT.access_token,
        SECOND_ACCOUNT.access_token_secret,
    ] {
        assert!(!run.stdout.contains(secret), "{}", brief(run));
        assert!(!run.stderr.contains(secret), "{}", brief(run));
    }
}

/// X refuses media uploaded by one account in another's post ("Your media IDs are invalid"):
/// keys whose access token names another user than the one who consented are set aside, with
/// one warning, and the files go up with the OAuth 2.0 token.
#[tokio::test(flavor = "multi_thread")]
async fn oauth1_keys_of_another_account_are_set_aside_with_a_warning() {
    let h = Harness::fast().await;
    let cat = h.file("cat.png", crate::util::PNG);
    let dog = h.file("dog.png", crate::util::PNG);
    let warned = |run: &Run| run.stderr.matches("another account").count();

    // The first run: consent, while the keys' uploads may already be under way.
    let mut cmd = with_second_accounts_keys(&h);
    cmd.arg("first run, two pictures")
        .arg("--image")
        .arg(&cat)
        .arg("--image")
        .arg(&dog);
    let run = h.run_consenting(&mut cmd, Decision::Authorize).await;
    assert_eq!(run.code, 0, "{}", brief(&run));
    assert_eq!(warned(&run), 1, "warned once: {}", brief(&run));
    assert_no_secrets_at_all(&run);
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1, "{}", brief(&run));
    let owned: Vec<_> = h
        .sandbox
        .media()
        .into_iter()
        .filter(|m| posts[0].media_ids.contains(&m.id))
        .collect();
    assert_eq!(owned.len(), 2);
    assert!(
        owned
            .iter()
            .all(|m| m.auth == AuthMethod::OAuth2 && m.owner_id != SECOND_ACCOUNT.user_id),
        "{owned:?}"
    );

    // A later run with the stored login knows at once: nothing goes up with the keys.
    let before = h.sandbox.media().len();
    let mut cmd = with_second_accounts_keys(&h);
    cmd.arg("second run, one picture").arg("--image").arg(&cat);
    let run = h.run(&mut cmd).await;
    assert_eq!(run.code, 0, "{}", brief(&run));
    assert_eq!(warned(&run), 1, "warned once: {}", brief(&run));
    assert_no_secrets_at_all(&run);
    let media = h.sandbox.media();
    assert_eq!(media.len(), before + 1, "uploaded once: {media:?}");
    assert_eq!(media[before].auth, AuthMethod::OAuth2);
    assert_eq!(h.sandbox.posts().len(), 2);
    assert!(!h.browser_was_opened(), "no second consent");
}

/// Keys whose secret is wrong are refused by X before the consent page opens, so no consent
/// is spent on a run that cannot upload; a stored login is not asked for them either.
#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_oauth1_secret_is_found_before_the_browser_opens() {
    let h = Harness::fast().await;
    let cat = h.file("cat.png", crate::util::PNG);
    for (name, wrong) in [
        ("X_ACCESS_TOKEN_SECRET", "not-the-token-secret"),
        ("X_API_SECRET", "not-the-api-secret"),
    ] {
        let run = h
            .run(
                h.xpost()
                    .env(name, wrong)
                    .arg("never posted")
                    .arg("--image")
                    .arg(&cat),
            )
            .await;
        assert_eq!(run.code, 78, "{name}: {}", brief(&run));
        assert!(run.stderr.contains("OAuth 1.0a"), "{name}: {}", brief(&run));
        assert!(!run.stderr.contains(wrong), "{name}: {}", brief(&run));
        // A browser started by xpost would have written its URL by now.
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(!h.browser_was_opened(), "{name}: {}", brief(&run));
        assert!(!h.store_path().exists(), "{name}");
        assert!(h.sandbox.posts().is_empty() && h.sandbox.media().is_empty());
        assert_no_secrets(&run);
    }

    // With the right keys the first run asks for consent and posts; a later one, with a
    // stored login, makes no request beyond the upload and the post.
    let mut cmd = h.xpost();
    cmd.arg("right keys").arg("--image").arg(&cat);
    let run = h.run_consenting(&mut cmd, Decision::Authorize).await;
    assert_eq!(run.code, 0, "{}", brief(&run));
    let before = h.sandbox.requests().len();
    let run = h.run(h.xpost().arg("warm").arg("--image").arg(&cat)).await;
    assert_eq!(run.code, 0, "{}", brief(&run));
    let paths: Vec<String> = h.sandbox.requests()[before..]
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(paths, ["POST /2/media/upload", "POST /2/tweets"]);
}
