//! The stored login across runs: reuse, refresh, rotation, revocation, races between
//! processes, a damaged store, a redirect pasted at a terminal, and `xpost auth ...`.

use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;
use std::time::Duration;

use futures_util::future::join_all;
use tokio::io::AsyncWriteExt;
use xpost_sandbox::{AuthMethod, Decision, USERNAME};

use crate::util::{Collected, Harness, PNG, Run, assert_no_secrets, count, finish, unix_now};

const TOKEN: &str = "/2/oauth2/token";
const AUTHORIZE: &str = "/i/oauth2/authorize";

/// How many token-endpoint requests the sandbox has seen.
fn token_requests(h: &Harness) -> usize {
    count(&h.sandbox.requests(), "POST", TOKEN)
}

/// The stored refresh token.
fn refresh_token(h: &Harness) -> String {
    h.stored()["refresh_token"]
        .as_str()
        .expect("the login has a refresh token")
        .to_owned()
}

/// The stored access token.
fn access_token(h: &Harness) -> String {
    h.stored()["access_token"]
        .as_str()
        .expect("the login has an access token")
        .to_owned()
}

/// Asks the sandbox who owns `token`; returns the status and the body.
async fn users_me(h: &Harness, token: &str) -> (u16, serde_json::Value) {
    let response = reqwest::Client::new()
        .get(format!("{}/2/users/me", h.sandbox.base_url()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or_default();
    (status, body)
}

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The run was stopped for want of a login, without a browser, and said what to do.
fn assert_login_needed(h: &Harness, run: &Run) {
    assert_eq!(run.code, 77, "{run:?}");
    assert!(run.stderr.contains("login needed"), "{run:?}");
    assert!(run.stderr.contains("xpost auth login"), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(
        !h.browser_was_opened(),
        "no browser without a person: {run:?}"
    );
    assert_no_secrets(run);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stored_login_is_reused_without_any_token_request() {
    let h = Harness::new().await;
    let first = h
        .run_consenting(h.xpost().arg("first, with consent"), Decision::Authorize)
        .await;
    assert_eq!(first.code, 0, "{first:?}");
    assert_no_secrets(&first);

    let image = h.file("cat.png", PNG);
    let before = h.sandbox.requests().len();
    let second = h
        .run(
            h.xpost()
                .arg("second, reusing the login")
                .arg("--image")
                .arg(&image),
        )
        .await;
    assert_eq!(second.code, 0, "{second:?}");
    assert_no_secrets(&second);
    assert!(!h.browser_was_opened(), "{second:?}");

    let requests = h.sandbox.requests();
    let new = &requests[before..];
    assert_eq!(
        new.len(),
        2,
        "the upload and the post, nothing else: {new:?}"
    );
    assert_eq!(count(new, "POST", "/2/media/upload"), 1, "{new:?}");
    assert_eq!(count(new, "POST", "/2/tweets"), 1, "{new:?}");
    assert_eq!(count(new, "POST", TOKEN), 0, "{new:?}");

    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[1].text, "second, reusing the login");
    assert_eq!(posts[1].media_ids.len(), 1);
    let media = h.sandbox.media();
    assert_eq!(media.len(), 1);
    assert_eq!(
        media[0].auth,
        AuthMethod::OAuth1,
        "uploads are signed with OAuth 1.0a"
    );
    assert_eq!(
        second.stdout.trim(),
        format!("https://x.com/{USERNAME}/status/{}", posts[1].id)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_access_token_is_refreshed_once_and_the_pair_rotated() {
    let h = Harness::new().await;
    h.login().await;
    let old_refresh = refresh_token(&h);
    let old_access = access_token(&h);
    h.expire_login();

    let before = token_requests(&h);
    let run = h.run(h.xpost().arg("after a refresh")).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(&run);
    assert!(!h.browser_was_opened(), "{run:?}");
    assert_eq!(token_requests(&h) - before, 1, "exactly one refresh");
    let requests = h.sandbox.requests();
    let refresh = requests.iter().rev().find(|r| r.path == TOKEN).unwrap();
    assert_eq!(refresh.status, 200, "{requests:?}");
    assert_eq!(count(&requests, "GET", AUTHORIZE), 1, "no new consent");
    assert_eq!(h.sandbox.posts().len(), 1);

    let stored = h.stored();
    assert_ne!(refresh_token(&h), old_refresh, "the refresh token rotated");
    assert_ne!(access_token(&h), old_access, "a new access token");
    assert!(
        stored["expires_at"].as_u64().unwrap() > unix_now() + 3600,
        "{stored}"
    );
    assert_eq!(mode(&h.store_path()), 0o600);

    let before = token_requests(&h);
    let again = h.run(h.xpost().arg("reusing the refreshed login")).await;
    assert_eq!(again.code, 0, "{again:?}");
    assert_eq!(token_requests(&h), before, "the refreshed login is reused");
    assert_eq!(h.sandbox.posts().len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_spent_refresh_token_is_refused_and_asks_for_a_login() {
    let h = Harness::new().await;
    h.login().await;
    h.expire_login();
    // An expired login whose refresh token is about to be spent.
    let spent = std::fs::read(h.store_path()).unwrap();
    let forced = h.run(h.xpost().arg("refreshing")).await;
    assert_eq!(forced.code, 0, "{forced:?}");
    assert_eq!(count(&h.sandbox.requests(), "POST", TOKEN), 2);

    // A backup restored: the old, expired login with the refresh token already used.
    std::fs::write(h.store_path(), &spent).unwrap();
    let before = h.sandbox.requests().len();
    let run = h.run(h.xpost().arg("with a spent refresh token")).await;
    assert_login_needed(&h, &run);
    let requests = h.sandbox.requests();
    let new = &requests[before..];
    assert_eq!(
        new.len(),
        1,
        "one refresh attempt and nothing else: {new:?}"
    );
    assert_eq!(new[0].path, TOKEN);
    assert!(
        (400..500).contains(&new[0].status),
        "the sandbox refuses a reused refresh token: {new:?}"
    );
    assert_eq!(h.sandbox.posts().len(), 1, "nothing more was posted");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_spent_refresh_token_at_a_terminal_asks_for_consent_again() {
    let h = Harness::new().await;
    h.login().await;
    h.expire_login();
    let spent = std::fs::read(h.store_path()).unwrap();
    let forced = h.run(h.xpost().arg("refreshing")).await;
    assert_eq!(forced.code, 0, "{forced:?}");
    std::fs::write(h.store_path(), &spent).unwrap();

    // A person is at the terminal: the refused refresh leads to the consent page.
    let Terminal {
        mut child,
        keyboard,
        screen,
        errors,
    } = at_terminal(&h, &["posted after a new consent"]);
    let url = h.wait_for_browser().await;
    let status = xpost_sandbox::consent_as_browser(&url, Decision::Authorize).await;
    assert_eq!(status, Ok(200));
    let run = finish_at_terminal(&mut child, &screen, &errors).await;
    drop(keyboard);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("asking X for consent again"), "{run:?}");
    assert_no_secrets(&run);
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[1].text, "posted after a new consent");
    assert_eq!(count(&h.sandbox.requests(), "GET", AUTHORIZE), 2);
    assert_ne!(
        std::fs::read(h.store_path()).unwrap(),
        spent,
        "the new login is kept"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_revoked_grant_with_a_fresh_token_fails_the_post_with_a_hint() {
    let h = Harness::new().await;
    h.login().await;
    h.sandbox.revoke_all_grants();
    let run = h.run(h.xpost().arg("after the app was removed")).await;
    assert_eq!(run.code, 77, "{run:?}");
    assert!(run.stderr.contains("xpost auth login"), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(!h.browser_was_opened(), "{run:?}");
    assert_no_secrets(&run);
    let requests = h.sandbox.requests();
    assert!(
        requests
            .iter()
            .any(|r| r.method == "POST" && r.path == "/2/tweets" && r.status == 401),
        "{requests:?}"
    );
    assert!(h.sandbox.posts().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_revoked_grant_with_an_expired_token_asks_for_a_login() {
    let h = Harness::new().await;
    h.login().await;
    h.sandbox.revoke_all_grants();
    h.expire_login();
    let before = h.sandbox.requests().len();
    let run = h.run(h.xpost().arg("after the app was removed")).await;
    assert_login_needed(&h, &run);
    let requests = h.sandbox.requests();
    let new = &requests[before..];
    assert_eq!(new.len(), 1, "only the refused refresh: {new:?}");
    assert_eq!(new[0].path, TOKEN);
    assert!((400..500).contains(&new[0].status), "{new:?}");
    assert!(h.sandbox.posts().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn eight_processes_share_one_refresh() {
    let h = Harness::new().await;
    h.login().await;
    h.expire_login();
    let before = token_requests(&h);
    let children: Vec<_> = (0..8)
        .map(|i| {
            h.xpost()
                .arg(format!("racing post number {i}"))
                .spawn()
                .expect("xpost starts")
        })
        .collect();
    let runs = join_all(children.into_iter().map(finish)).await;
    for run in &runs {
        assert_eq!(run.code, 0, "{run:?}");
        assert_no_secrets(run);
    }
    assert_eq!(
        token_requests(&h) - before,
        1,
        "one refresh between them: {:?}",
        h.sandbox.requests()
    );
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 8);
    let mut texts: Vec<_> = posts.iter().map(|p| p.text.clone()).collect();
    texts.sort();
    let mut wanted: Vec<_> = (0..8).map(|i| format!("racing post number {i}")).collect();
    wanted.sort();
    assert_eq!(texts, wanted);
    assert!(!h.browser_was_opened());

    // The store survived the race whole and private, with nothing left beside it.
    let text = std::fs::read_to_string(h.store_path()).unwrap();
    let stored: serde_json::Value = serde_json::from_str(&text).expect("the store parses");
    assert!(stored["expires_at"].as_u64().unwrap() > unix_now() + 3600);
    assert_eq!(mode(&h.store_path()), 0o600);
    assert_eq!(mode(&h.state_dir()), 0o700);
    let mut names: Vec<String> = std::fs::read_dir(h.state_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["default.json", "login.lock", "logins"]);
    let mut logins: Vec<String> = std::fs::read_dir(h.state_dir().join("logins"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    logins.sort();
    let id = xpost_sandbox::USER_ID;
    assert_eq!(logins, [format!("{id}.json"), format!("{id}.lock")]);
    assert_eq!(mode(&h.state_dir().join("logins")), 0o700);
    let status = h.run(h.xpost().args(["auth", "status"])).await;
    assert_eq!(status.code, 0, "{status:?}");
    assert_no_secrets(&status);
}

#[tokio::test(flavor = "multi_thread")]
async fn two_first_runs_at_once_ask_for_one_consent() {
    let h = Harness::new().await;
    let a = h.xpost().arg("first of two").spawn().expect("xpost starts");
    let b = h
        .xpost()
        .arg("second of two")
        .spawn()
        .expect("xpost starts");
    let url = h.wait_for_browser().await;
    let status = xpost_sandbox::consent_as_browser(&url, Decision::Authorize).await;
    assert_eq!(status, Ok(200));
    let runs = join_all([finish(a), finish(b)]).await;
    for run in &runs {
        assert_eq!(run.code, 0, "{run:?}");
        assert_no_secrets(run);
    }
    assert!(!h.browser_was_opened(), "a second consent page was opened");
    assert_eq!(h.sandbox.posts().len(), 2);
    let requests = h.sandbox.requests();
    assert_eq!(count(&requests, "GET", AUTHORIZE), 1, "{requests:?}");
    assert_eq!(count(&requests, "POST", TOKEN), 1, "{requests:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_corrupt_store_is_reported_and_left_alone() {
    let h = Harness::new().await;
    h.login().await;
    let tokens = [access_token(&h), refresh_token(&h)];
    let whole = std::fs::read(h.store_path()).unwrap();
    let cut = &whole[..whole.len() / 2];
    std::fs::write(h.store_path(), cut).unwrap();
    let before = h.sandbox.requests().len();
    let run = h.run(h.xpost().arg("with a corrupt store")).await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(run.stderr.contains("unreadable"), "{run:?}");
    for token in &tokens {
        assert!(!run.stderr.contains(token.as_str()), "{run:?}");
    }
    assert_no_secrets(&run);
    assert_eq!(
        std::fs::read(h.store_path()).unwrap(),
        cut,
        "left untouched"
    );
    assert_eq!(h.sandbox.requests().len(), before, "nothing was sent");
    assert!(!h.browser_was_opened());
}

#[tokio::test(flavor = "multi_thread")]
async fn loose_permissions_are_refused_with_the_chmod_to_run() {
    let h = Harness::new().await;
    h.login().await;
    let file = h.store_path();
    let dir = h.state_dir();
    let before = h.sandbox.requests().len();

    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = h.run(h.xpost().arg("with a readable store")).await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("chmod 600 {}", file.display())),
        "{run:?}"
    );
    assert_no_secrets(&run);
    assert_eq!(
        mode(&file),
        0o644,
        "xpost does not change it behind the user's back"
    );

    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o775)).unwrap();
    let run = h
        .run(h.xpost().arg("with a directory others can write"))
        .await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("chmod go-w {}", dir.display())),
        "{run:?}"
    );
    assert_no_secrets(&run);

    assert_eq!(h.sandbox.requests().len(), before, "nothing was sent");
    assert!(h.sandbox.posts().is_empty());
    assert!(!h.browser_was_opened());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_home_directory_others_can_only_read_is_accepted_as_ssh_would() {
    let h = Harness::new().await;
    let home = h.dir.path().join("my-xpost-home");
    std::fs::create_dir(&home).unwrap();
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = h.xpost();
    cmd.env("XPOST_HOME", &home).arg("kept in a 755 home");
    let run = h.run_consenting(&mut cmd, Decision::Authorize).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        mode(
            &home
                .join("logins")
                .join(format!("{}.json", xpost_sandbox::USER_ID))
        ),
        0o600
    );
    assert_eq!(
        mode(&home),
        0o755,
        "xpost leaves the user's directory as it was"
    );
    // And the next run uses the login kept there, with no consent.
    let mut cmd = h.xpost();
    cmd.env("XPOST_HOME", &home).arg("again from the 755 home");
    let run = h.run(&mut cmd).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(h.sandbox.posts().len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_in_place_of_the_home_directory_is_named_with_the_way_out() {
    let h = Harness::new().await;
    let home = h.file("not-a-dir", b"oops");
    let mut cmd = h.xpost();
    cmd.env("XPOST_HOME", &home).arg("hello");
    let run = h.run(&mut cmd).await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(run.stderr.contains("is a file"), "{run:?}");
    assert!(
        run.stderr.contains("point XPOST_HOME at a directory"),
        "{run:?}"
    );
    assert!(h.sandbox.posts().is_empty());
}

/// xpost running on a pseudo-terminal, as a person at a terminal would run it.
struct Terminal {
    child: tokio::process::Child,
    /// What is typed at the terminal.
    keyboard: tokio::process::ChildStdin,
    /// Everything xpost writes (stdout and stderr share the terminal), echoed input included.
    screen: Collected,
    /// What `script` itself complains about.
    errors: Collected,
}

/// Runs `xpost args` under `script`, so that its stdin, stdout and stderr are a tty, with the
/// harness's environment.
fn at_terminal(h: &Harness, args: &[&str]) -> Terminal {
    let template = h.xpost();
    let mut line = shell_words::quote(env!("CARGO_BIN_EXE_xpost")).into_owned();
    for arg in args {
        line.push(' ');
        line.push_str(&shell_words::quote(arg));
    }
    let mut cmd = tokio::process::Command::new("script");
    cmd.env_clear();
    for (name, value) in template.as_std().get_envs() {
        if let Some(value) = value {
            cmd.env(name, value);
        }
    }
    cmd.current_dir(h.dir.path())
        .args(["-qefc", &line, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = cmd.spawn().expect("script starts");
    Terminal {
        keyboard: child.stdin.take().unwrap(),
        screen: Collected::from(child.stdout.take().unwrap()),
        errors: Collected::from(child.stderr.take().unwrap()),
        child,
    }
}

/// Waits (at most a minute) for xpost on the terminal to end; its output is all on stdout.
async fn finish_at_terminal(
    child: &mut tokio::process::Child,
    screen: &Collected,
    errors: &Collected,
) -> Run {
    let status = tokio::time::timeout(Duration::from_secs(60), child.wait())
        .await
        .expect("xpost finishes within a minute")
        .unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: screen.text(),
        stderr: errors.text(),
    }
}

/// Consents on the sandbox's page as a browser would, without following the redirect;
/// returns where X sends the browser (the callback with `code` and `state`).
async fn consent_by_hand(consent_url: &str) -> String {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = http.get(consent_url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let marker = "name=\"request_id\" value=\"";
    let start = html.find(marker).expect("the page has a request_id") + marker.len();
    let request_id = &html[start..start + html[start..].find('"').unwrap()];
    let mut action = url::Url::parse(consent_url).unwrap();
    action.set_path("/i/oauth2/authorize/consent");
    action.set_query(None);
    let answer = http
        .post(action)
        .form(&[("request_id", request_id), ("decision", "authorize")])
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_redirection(), "{answer:?}");
    answer.headers()[reqwest::header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned()
}

/// Consents by hand to the URL xpost showed at the terminal; where X then redirects.
async fn consent_shown(h: &Harness, screen: &Collected) -> String {
    let shown = screen.wait_for("paste here").await;
    let authorize = h.sandbox.authorize_url();
    let consent_url = shown
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with(&authorize))
        .unwrap_or_else(|| panic!("no consent URL shown:\n{shown}"))
        .to_owned();
    consent_by_hand(&consent_url).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redirect_pasted_at_a_terminal_completes_the_login() {
    let h = Harness::new().await;
    let Terminal {
        mut child,
        mut keyboard,
        screen,
        errors,
    } = at_terminal(&h, &["auth", "login", "--no-browser"]);

    let location = consent_shown(&h, &screen).await;
    assert!(location.starts_with(&h.redirect_uri), "{location}");

    let mut forged = url::Url::parse(&location).unwrap();
    let pairs: Vec<(String, String)> = forged
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "state" {
                format!("{v}x")
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    forged.query_pairs_mut().clear().extend_pairs(pairs);
    keyboard
        .write_all(format!("{forged}\n").as_bytes())
        .await
        .unwrap();
    screen
        .wait_for("That is not the redirect for this login")
        .await;
    assert!(!h.store_path().exists(), "no login from a wrong redirect");

    keyboard
        .write_all(format!("{location}\n").as_bytes())
        .await
        .unwrap();
    let run = finish_at_terminal(&mut child, &screen, &errors).await;
    drop(keyboard);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains(&format!("@{USERNAME}")), "{run:?}");
    assert_no_secrets(&run);
    assert!(!h.browser_was_opened(), "--no-browser opens none");
    let stored = h.stored();
    assert_eq!(stored["username"], USERNAME, "{stored}");
    assert_eq!(mode(&h.store_path()), 0o600);
    assert_eq!(count(&h.sandbox.requests(), "POST", TOKEN), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pasted_word_that_is_no_code_is_refused_and_the_login_waits_for_another() {
    let h = Harness::new().await;
    let Terminal {
        mut child,
        mut keyboard,
        screen,
        errors,
    } = at_terminal(&h, &["auth", "login", "--no-browser"]);

    let location = consent_shown(&h, &screen).await;

    // A stray word with an escape sequence: not sent to X as the code.
    keyboard.write_all(b"junk\x1b[2Jx\n").await.unwrap();
    screen.wait_for("does not look like a code").await;
    keyboard.write_all(b"yes\n").await.unwrap();
    screen
        .wait_until("a second refusal", |text| {
            text.matches("does not look like a code").count() == 2
        })
        .await;
    assert_eq!(
        count(&h.sandbox.requests(), "POST", TOKEN),
        0,
        "no guess was sent to X"
    );
    assert!(!h.store_path().exists());

    // The consent is still there to be finished.
    keyboard
        .write_all(format!("{location}\n").as_bytes())
        .await
        .unwrap();
    let run = finish_at_terminal(&mut child, &screen, &errors).await;
    drop(keyboard);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains(&format!("@{USERNAME}")), "{run:?}");
    assert_no_secrets(&run);
    assert_eq!(count(&h.sandbox.requests(), "POST", TOKEN), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn logout_revokes_at_x_and_deletes_the_login() {
    let h = Harness::new().await;
    h.login().await;
    let old = access_token(&h);
    assert_eq!(users_me(&h, &old).await.0, 200);

    let run = h.run(h.xpost().args(["auth", "logout"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout.trim(), format!("@{USERNAME}"), "{run:?}");
    assert!(run.stderr.contains("revoked at X"), "{run:?}");
    assert!(!run.stderr.contains("NOT revoked"), "{run:?}");
    assert_no_secrets(&run);
    let requests = h.sandbox.requests();
    assert!(
        requests
            .iter()
            .any(|r| r.method == "POST" && r.path == "/2/oauth2/revoke" && r.status == 200),
        "{requests:?}"
    );
    assert!(!h.store_path().exists(), "the login file is deleted");
    assert_eq!(users_me(&h, &old).await.0, 401, "the old token is dead");

    let status = h.run(h.xpost().args(["auth", "status"])).await;
    assert_eq!(status.code, 77, "{status:?}");
    assert!(status.stderr.contains("not logged in"), "{status:?}");
    assert_no_secrets(&status);
}

#[tokio::test(flavor = "multi_thread")]
async fn status_and_token_report_the_login() {
    let h = Harness::new().await;
    h.login().await;

    let human = h.run(h.xpost().args(["auth", "status"])).await;
    assert_eq!(human.code, 0, "{human:?}");
    assert!(
        human
            .stdout
            .contains(&format!("Logged in to X as @{USERNAME}")),
        "{human:?}"
    );
    assert!(human.stdout.contains("the token is accepted"), "{human:?}");
    assert!(
        human.stdout.contains(&h.store_path().display().to_string()),
        "{human:?}"
    );
    assert_no_secrets(&human);

    let json = h.run(h.xpost().args(["auth", "status", "--json"])).await;
    assert_eq!(json.code, 0, "{json:?}");
    let report: serde_json::Value = serde_json::from_str(json.stdout.trim()).unwrap();
    assert_eq!(report["logged_in"], true, "{report}");
    assert_eq!(report["username"], USERNAME, "{report}");
    assert_eq!(report["accepted"], true, "{report}");
    assert_no_secrets(&json);

    let before = token_requests(&h);
    let token = h.run(h.xpost().args(["auth", "token"])).await;
    assert_eq!(token.code, 0, "{token:?}");
    let printed = token.stdout.trim();
    assert_eq!(token.stdout.lines().count(), 1, "{token:?}");
    assert_eq!(printed, access_token(&h), "the stored token, reused");
    assert_eq!(token_requests(&h), before);
    let (status, me) = users_me(&h, printed).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["data"]["username"], USERNAME);

    // Without a login: nothing to print, and no browser for a tool that asked for a token.
    let empty = Harness::new().await;
    let run = empty.run(empty.xpost().args(["auth", "token"])).await;
    assert_eq!(run.code, 77, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(run.stderr.contains("xpost auth login"), "{run:?}");
    assert!(!empty.browser_was_opened());
    assert!(empty.sandbox.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_is_refreshed_for_auth_token() {
    let h = Harness::new().await;
    h.login().await;
    let old = access_token(&h);
    h.expire_login();
    let token = h.run(h.xpost().args(["auth", "token"])).await;
    assert_eq!(token.code, 0, "{token:?}");
    let printed = token.stdout.trim();
    assert_ne!(printed, old);
    assert_eq!(printed, access_token(&h), "the refreshed token is kept");
    assert_eq!(users_me(&h, printed).await.0, 200);
    assert!(!h.browser_was_opened());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_login_for_another_app_is_not_used() {
    let h = Harness::new().await;
    h.login().await;
    // The word "auth" is posted, not taken for the subcommand.
    let run = h.run(h.xpost().args(["--", "auth"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(&run);
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].text, "auth");

    h.edit_store(|login| {
        login.insert("client_id".into(), "another-apps-client-id".into());
    });
    let stored = std::fs::read(h.store_path()).unwrap();
    let before = h.sandbox.requests().len();
    let run = h.run(h.xpost().arg("for another app")).await;
    assert_login_needed(&h, &run);
    assert!(run.stderr.contains("another app"), "{run:?}");
    assert_eq!(h.sandbox.requests().len(), before, "nothing was sent");
    assert_eq!(std::fs::read(h.store_path()).unwrap(), stored);
    assert_eq!(h.sandbox.posts().len(), 1);
}

// ---------------------------------------------------------------------------------------
// Tokens go only where they were issued; a refused token is renewed once; trouble at the
// token endpoint keeps the login; logout keeps a login it could not revoke; runs waiting
// on another run's consent say so.

#[tokio::test(flavor = "multi_thread")]
async fn trouble_at_the_token_endpoint_during_a_refresh_keeps_the_login() {
    let h = Harness::new().await;
    h.login().await;
    h.expire_login();
    let kept = std::fs::read(h.store_path()).unwrap();
    for (status, code) in [(503, 69), (429, 75), (500, 69)] {
        h.sandbox
            .inject("POST", TOKEN, xpost_sandbox::Fault::Status { status }, 1);
        let run = h.run(h.xpost().arg("while X is busy")).await;
        assert_eq!(run.code, code, "{status}: {run:?}");
        assert!(run.stderr.contains("login is kept"), "{status}: {run:?}");
        assert!(!run.stderr.contains("may have spent"), "{status}: {run:?}");
        assert!(!run.stderr.contains("auth login"), "{status}: {run:?}");
        assert!(run.stdout.is_empty(), "{status}: {run:?}");
        assert_no_secrets(&run);
        assert_eq!(std::fs::read(h.store_path()).unwrap(), kept, "{status}");
        assert!(h.sandbox.posts().is_empty());
    }
    // auth token says the same.
    h.sandbox.inject(
        "POST",
        TOKEN,
        xpost_sandbox::Fault::Status { status: 503 },
        1,
    );
    let run = h.run(h.xpost().args(["auth", "token"])).await;
    assert_eq!(run.code, 69, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(run.stderr.contains("login is kept"), "{run:?}");
    // The refresh token was never spent: the next run refreshes and posts.
    let run = h.run(h.xpost().arg("once X is back")).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(h.sandbox.posts().len(), 1);
    assert!(!h.browser_was_opened());
}

#[tokio::test(flavor = "multi_thread")]
async fn trouble_at_the_token_endpoint_during_the_code_exchange_is_not_internal() {
    for (status, code) in [(503, 69), (500, 69), (429, 75)] {
        let h = Harness::new().await;
        h.sandbox
            .inject("POST", TOKEN, xpost_sandbox::Fault::Status { status }, 1);
        let run = h
            .run_consenting(h.xpost().args(["auth", "login"]), Decision::Authorize)
            .await;
        assert_eq!(run.code, code, "{status}: {run:?}");
        assert!(run.stderr.contains("token endpoint"), "{status}: {run:?}");
        assert!(run.stdout.is_empty(), "{status}: {run:?}");
        assert_no_secrets(&run);
        assert!(!h.store_path().exists());
    }
}
const REVOKE: &str = "/2/oauth2/revoke";

/// Whether the sandbox takes `refresh_token` now (it is spent if it does).
async fn refresh_is_taken(h: &Harness, refresh_token: &str) -> bool {
    reqwest::Client::new()
        .post(format!("{}{TOKEN}", h.sandbox.base_url()))
        .basic_auth(
            xpost_sandbox::CREDENTIALS.client_id,
            Some(xpost_sandbox::CREDENTIALS.client_secret),
        )
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ])
        .send()
        .await
        .unwrap()
        .status()
        .is_success()
}

#[tokio::test(flavor = "multi_thread")]
async fn logout_that_cannot_revoke_keeps_the_login_until_forced() {
    let h = Harness::new().await;
    h.login().await;
    let access = access_token(&h);
    let kept = std::fs::read(h.store_path()).unwrap();
    for (status, code) in [(503, 69), (429, 75)] {
        h.sandbox.clear_faults();
        h.sandbox
            .inject("POST", REVOKE, xpost_sandbox::Fault::Status { status }, 10);
        let run = h.run(h.xpost().args(["auth", "logout"])).await;
        assert_eq!(run.code, code, "{status}: {run:?}");
        assert!(run.stderr.contains("login is kept"), "{status}: {run:?}");
        assert!(run.stderr.contains("--force"), "{status}: {run:?}");
        assert!(!run.stderr.contains("revoked at X"), "{status}: {run:?}");
        assert!(run.stdout.is_empty(), "{status}: {run:?}");
        assert_no_secrets(&run);
        assert_eq!(std::fs::read(h.store_path()).unwrap(), kept, "{status}");
    }
    assert_eq!(users_me(&h, &access).await.0, 200, "still logged in");

    let run = h.run(h.xpost().args(["auth", "logout", "--force"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("may still be live"), "{run:?}");
    assert_eq!(run.stdout.trim(), format!("@{USERNAME}"), "{run:?}");
    assert_no_secrets(&run);
    assert!(!h.store_path().exists(), "forgotten here");

    // Once X answers again, a plain logout revokes and deletes.
    h.sandbox.clear_faults();
    h.login().await;
    let run = h.run(h.xpost().args(["auth", "logout", "--json"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    let json: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(json["revoked"], true, "{json}");
    assert!(!h.store_path().exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_login_for_the_same_user_revokes_the_grant_it_replaces() {
    let h = Harness::new().await;
    h.login().await;
    let (old_access, old_refresh) = (access_token(&h), refresh_token(&h));
    h.login().await;
    let new_access = access_token(&h);
    assert_ne!(new_access, old_access);
    assert_eq!(
        users_me(&h, &new_access).await.0,
        200,
        "the new login works"
    );
    assert_eq!(
        users_me(&h, &old_access).await.0,
        401,
        "the replaced access token is dead"
    );
    assert!(
        !refresh_is_taken(&h, &old_refresh).await,
        "the replaced grant is revoked"
    );
    assert!(
        count(&h.sandbox.requests(), "POST", REVOKE) >= 1,
        "{:?}",
        h.sandbox.requests()
    );
    assert_eq!(users_me(&h, &new_access).await.0, 200, "and still works");
}
#[tokio::test(flavor = "multi_thread")]
async fn stored_tokens_never_go_to_another_server_or_with_another_client() {
    let h = Harness::new().await;
    h.login().await;
    let access = access_token(&h);
    let kept = std::fs::read(h.store_path()).unwrap();
    // The environment points xpost at another server.
    let other = xpost_sandbox::Sandbox::start(xpost_sandbox::Options {
        confidential: true,
        redirect_uris: vec![h.redirect_uri.clone()],
        ..xpost_sandbox::Options::default()
    })
    .await
    .unwrap();
    // (A .env could not do it alone: its endpoints would not match the secrets' source, see
    // configuration::a_dotenv_cannot_send_a_consent_or_secrets_elsewhere.)
    let elsewhere = |args: &[&str]| {
        let mut cmd = h.xpost();
        cmd.env("X_API_BASE", other.base_url()).args(args);
        cmd
    };

    for args in [
        &["auth", "status"][..],
        &["auth", "token"],
        &["auth", "logout"],
        &["auth", "status", "--json"],
        &["posted elsewhere"],
    ] {
        let run = h.run(&mut elsewhere(args)).await;
        assert_eq!(run.code, 77, "{args:?}: {run:?}");
        assert!(run.stderr.contains("another server"), "{args:?}: {run:?}");
        assert!(
            run.stderr.contains(&other.base_url()),
            "names the server configured now: {args:?}: {run:?}"
        );
        assert!(!run.stderr.contains("revoked at X"), "{args:?}: {run:?}");
        assert!(!run.stdout.contains(&access), "{args:?}: {run:?}");
        assert_no_secrets(&run);
        assert!(
            other.requests().is_empty(),
            "nothing was sent to the other server: {args:?}: {:?}",
            other.requests()
        );
        assert_eq!(std::fs::read(h.store_path()).unwrap(), kept, "{args:?}");
        if args == ["posted elsewhere"] {
            assert!(
                run.stderr.contains("check the environment and ./.env"),
                "a post says where the other server came from, not only to log in: {run:?}"
            );
        }
    }
    assert!(!h.browser_was_opened());
    assert_eq!(users_me(&h, &access).await.0, 200, "the grant is untouched");

    // A login made for another app is not revoked with this app's secret, nor asked about.
    h.edit_store(|login| {
        login.insert("client_id".into(), "another-apps-client-id".into());
    });
    let before = h.sandbox.requests().len();
    for args in [
        &["auth", "status"][..],
        &["auth", "logout"],
        &["auth", "token"],
    ] {
        let run = h.run(h.xpost().args(args)).await;
        assert_eq!(run.code, 77, "{args:?}: {run:?}");
        assert!(run.stderr.contains("another app"), "{args:?}: {run:?}");
        assert_no_secrets(&run);
    }
    let requests = h.sandbox.requests();
    assert_eq!(requests.len(), before, "nothing was sent: {requests:?}");
    assert!(h.store_path().exists());

    // --force forgets it here, sending nothing, and says the grant may still be live.
    let run = h.run(&mut elsewhere(&["auth", "logout", "--force"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("may still be live"), "{run:?}");
    assert_no_secrets(&run);
    assert!(other.requests().is_empty(), "{:?}", other.requests());
    assert_eq!(h.sandbox.requests().len(), before);
    assert!(!h.store_path().exists());
}
#[tokio::test(flavor = "multi_thread")]
async fn a_token_refused_before_its_expiry_is_refreshed_once_and_the_request_repeated() {
    let h = Harness::fast_logged_in().await;
    let image = h.file("cat.png", PNG);

    // X ends the access token early (clock skew, early invalidation); the store says fresh.
    // The post itself is refused (uploads go with OAuth 1.0a): X did nothing, so it goes again.
    let old = access_token(&h);
    h.sandbox.expire_access_tokens();
    let before = h.sandbox.requests().len();
    let run = h.run(h.xpost().arg("after an early 401")).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(&run);
    let requests = h.sandbox.requests();
    let new = &requests[before..];
    let statuses: Vec<(&str, u16)> = new.iter().map(|r| (r.path.as_str(), r.status)).collect();
    assert_eq!(
        statuses,
        [("/2/tweets", 401), (TOKEN, 200), ("/2/tweets", 201)],
        "one refusal, one refresh, one post"
    );
    assert_eq!(h.sandbox.posts().len(), 1, "posted exactly once");
    assert_ne!(access_token(&h), old, "the refreshed pair is kept");

    // Uploads with the OAuth 2.0 token, refused the same way.
    h.sandbox.expire_access_tokens();
    let before = h.sandbox.requests().len();
    let run = h
        .run(
            h.xpost()
                .env_remove("X_ACCESS_TOKEN_SECRET")
                .arg("an image after an early 401")
                .arg("--image")
                .arg(&image),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(&run);
    let requests = h.sandbox.requests();
    let new = &requests[before..];
    assert_eq!(count(new, "POST", TOKEN), 1, "{new:?}");
    assert_eq!(count(new, "POST", "/2/tweets"), 1, "{new:?}");
    assert!(
        new.iter()
            .any(|r| r.path == "/2/media/upload" && r.status == 401),
        "{new:?}"
    );
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[1].media_ids.len(), 1);

    // auth status too: refreshed, then accepted.
    h.sandbox.expire_access_tokens();
    let before = token_requests(&h);
    let status = h.run(h.xpost().args(["auth", "status"])).await;
    assert_eq!(status.code, 0, "{status:?}");
    assert!(
        status.stdout.contains("the token is accepted"),
        "{status:?}"
    );
    assert_no_secrets(&status);
    assert_eq!(token_requests(&h) - before, 1);
    let (code, _) = users_me(&h, &access_token(&h)).await;
    assert_eq!(code, 200, "the stored token is the refreshed one");

    // Only a refused refresh means logging in again.
    h.sandbox.revoke_all_grants();
    let status = h.run(h.xpost().args(["auth", "status"])).await;
    assert_eq!(status.code, 77, "{status:?}");
    assert!(status.stderr.contains("xpost auth login"), "{status:?}");
    assert!(!h.browser_was_opened());
}
#[tokio::test(flavor = "multi_thread")]
async fn a_second_first_run_says_it_waits_and_gets_the_port_after_a_timeout() {
    let h = Harness::new().await;
    let (first, _unused) = h
        .spawn_until_browser(
            h.xpost()
                .args(["first, never consented", "--auth-timeout", "4s"]),
        )
        .await;
    // The first run holds the login while it waits for consent; the second waits for it.
    let mut second = h
        .xpost()
        .arg("second, consented")
        .spawn()
        .expect("xpost starts");
    let errors = Collected::from(second.stderr.take().unwrap());
    errors.wait_for("waits for it").await;
    let first = finish(first).await;
    assert_eq!(first.code, 77, "{first:?}");
    assert!(
        first.stderr.contains("no authorization arrived"),
        "{first:?}"
    );

    // Then it takes its turn: the port is free, and its consent goes through.
    let url = h.wait_for_browser().await;
    let status = xpost_sandbox::consent_as_browser(&url, Decision::Authorize).await;
    assert_eq!(status, Ok(200));
    let code = tokio::time::timeout(Duration::from_secs(60), second.wait())
        .await
        .expect("the second run ends")
        .unwrap()
        .code();
    let stderr = errors.text();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("in use"), "{stderr}");
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].text, "second, consented");
}
