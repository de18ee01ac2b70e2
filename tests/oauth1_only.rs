//! Posting where nobody can click (issue 9, items 1-3): OAuth 1.0a-only runs (no X_CLIENT_ID:
//! no browser, no listener, no token endpoint, nothing written), `--auth` and `XPOST_AUTH`
//! choosing the method, and CI or `--no-interactive` refusing a consent at once with 77.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tokio::process::Command;
use xpost_sandbox::{AuthMethod, RequestRecord};

use crate::util::{Harness, PNG, Run, assert_no_secrets, count, mp4};

/// `xpost` configured with the four OAuth 1.0a keys only (no OAuth 2.0 app).
fn keys_only(h: &Harness) -> Command {
    let mut cmd = h.xpost();
    cmd.env_remove("X_CLIENT_ID").env_remove("X_CLIENT_SECRET");
    cmd
}

/// The requests a login would make: none may appear in an OAuth 1.0a-only run.
fn assert_no_login_requests(requests: &[RequestRecord]) {
    for (method, path) in [
        ("GET", "/i/oauth2/authorize"),
        ("POST", "/2/oauth2/token"),
        ("POST", "/2/oauth2/revoke"),
        ("GET", "/2/users/me"),
    ] {
        assert_eq!(
            count(requests, method, path),
            0,
            "{method} {path}: {requests:?}"
        );
    }
}

/// Every post and every upload in the sandbox was signed with OAuth 1.0a.
fn assert_all_signed(h: &Harness) {
    let posts = h.sandbox.posts();
    assert!(!posts.is_empty());
    for post in &posts {
        assert_eq!(post.auth, AuthMethod::OAuth1, "{post:?}");
    }
    for media in h.sandbox.media() {
        assert_eq!(media.auth, AuthMethod::OAuth1, "{media:?}");
    }
}

/// The paths of `requests`, as `METHOD /path`.
fn paths(requests: &[RequestRecord]) -> Vec<String> {
    requests
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

/// Everything under `dir`, if it exists.
fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path.clone());
            }
            found.push(path);
        }
    }
    found
}

fn succeeded(h: &Harness, run: &Run) {
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(run);
    assert!(!h.browser_was_opened(), "a browser was opened: {run:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_text_post_with_the_keys_alone_is_the_post_and_nothing_else() {
    let h = Harness::fast().await;
    let home = h.dir.path().join("nowhere/xpost");
    let run = h
        .run(
            keys_only(&h)
                .env("XPOST_HOME", &home)
                .arg("hello from a bot"),
        )
        .await;
    succeeded(&h, &run);
    let requests = h.sandbox.requests();
    assert_eq!(paths(&requests), ["POST /2/tweets"], "{run:?}");
    assert_all_signed(&h);
    let post = &h.sandbox.posts()[0];
    // The username is not known without a request: X's handle-less URL.
    assert_eq!(
        run.stdout.trim(),
        format!("https://x.com/i/status/{}", post.id)
    );
    assert!(!home.exists(), "XPOST_HOME was created");
    assert!(!h.dir.path().join("nowhere").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_image_with_alt_text_goes_up_signed_into_a_read_only_home() {
    let h = Harness::fast().await;
    let home = h.dir.path().join("read-only");
    std::fs::create_dir(&home).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    let image = h.file("cat.png", PNG);
    let run = h
        .run(
            keys_only(&h)
                .env("XPOST_HOME", &home)
                .args(["a cat", "--image"])
                .arg(&image)
                .args(["--alt", "a cat", "--json"]),
        )
        .await;
    succeeded(&h, &run);
    assert_eq!(
        paths(&h.sandbox.requests()),
        [
            "POST /2/media/upload",
            "POST /2/media/metadata",
            "POST /2/tweets"
        ]
    );
    assert_all_signed(&h);
    let json: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    let post = &h.sandbox.posts()[0];
    assert_eq!(json["id"], post.id.as_str());
    assert_eq!(json["text"], "a cat");
    assert_eq!(json["media_ids"][0], post.media_ids[0].as_str());
    assert_eq!(json["url"], format!("https://x.com/i/status/{}", post.id));
    assert!(listing(&home).is_empty(), "{:?}", listing(&home));
    // Even where no directory can ever be made (under a file), nothing is tried.
    let file = h.file("a-file", b"");
    let run = h
        .run(
            keys_only(&h)
                .env("XPOST_HOME", file.join("xpost"))
                .args(["another cat", "--image"])
                .arg(&image),
        )
        .await;
    succeeded(&h, &run);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_gif_and_a_video_go_up_in_chunks_signed() {
    let h = Harness::fast().await;
    let mut gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff".to_vec();
    gif.extend_from_slice(b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00");
    for _ in 0..3 {
        gif.extend_from_slice(b"\x21\xf9\x04\x04\x0a\x00\x00\x00");
        gif.extend_from_slice(b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00");
    }
    gif.push(0x3b);
    let gif = h.file("dance.gif", &gif);
    let video = h.file("clip.mp4", &mp4(3 * 1024 * 1024));
    for (text, file) in [("a GIF", &gif), ("a video", &video)] {
        let run = h
            .run(
                keys_only(&h)
                    .env("XPOST_HOME", h.dir.path().join("missing"))
                    .args([text, "--media"])
                    .arg(file)
                    .args(["--alt", "it moves"]),
            )
            .await;
        succeeded(&h, &run);
    }
    let requests = h.sandbox.requests();
    assert_no_login_requests(&requests);
    assert_eq!(count(&requests, "POST", "/2/media/upload/initialize"), 2);
    assert!(
        count(&requests, "GET", "/2/media/upload") >= 2,
        "{requests:?}"
    );
    assert_eq!(count(&requests, "POST", "/2/tweets"), 2);
    assert!(
        requests.iter().any(|r| r.path.ends_with("/append")),
        "{requests:?}"
    );
    assert_all_signed(&h);
    assert!(h.sandbox.media().iter().all(|m| m.chunked));
    assert!(!h.dir.path().join("missing").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thread_and_a_reply_are_signed_each_replying_to_the_one_before() {
    let h = Harness::fast().await;
    h.file("one.png", PNG);
    let thread = h.file(
        "thread.txt",
        b"first\n---\nsecond ![a cat](one.png)\n---\nthird\n",
    );
    let run = h
        .run(
            keys_only(&h)
                .env("XPOST_HOME", h.dir.path().join("missing"))
                .arg("--thread")
                .arg(&thread)
                .arg("--json"),
        )
        .await;
    succeeded(&h, &run);
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 3);
    assert_eq!(posts[1].reply_to.as_deref(), Some(posts[0].id.as_str()));
    assert_eq!(posts[2].reply_to.as_deref(), Some(posts[1].id.as_str()));
    let json: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    let listed = json["posts"].as_array().unwrap();
    assert_eq!(listed.len(), 3);
    for (listed, post) in listed.iter().zip(&posts) {
        assert_eq!(listed["id"], post.id.as_str());
        assert_eq!(listed["url"], format!("https://x.com/i/status/{}", post.id));
    }
    // A reply to a post given on the command line.
    let run = h
        .run(keys_only(&h).args(["a reply", "--reply-to", &posts[2].id]))
        .await;
    succeeded(&h, &run);
    let reply = h.sandbox.posts().pop().unwrap();
    assert_eq!(reply.reply_to.as_deref(), Some(posts[2].id.as_str()));
    assert_no_login_requests(&h.sandbox.requests());
    assert_all_signed(&h);
    assert!(!h.dir.path().join("missing").exists());
    assert!(!h.state_dir().exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn auth_oauth1_signs_even_with_an_oauth2_app_and_names_a_known_user() {
    let h = Harness::fast_logged_in().await;
    let before = h.sandbox.requests().len();
    let stored = std::fs::read(h.store_path()).unwrap();
    // Anywhere on the command line.
    for args in [
        &["--auth", "oauth1", "first signed"][..],
        &["second signed", "--auth=oauth1"][..],
    ] {
        let run = h.run(h.xpost().args(args)).await;
        succeeded(&h, &run);
        let post = h.sandbox.posts().pop().unwrap();
        assert_eq!(post.auth, AuthMethod::OAuth1);
        // The stored login is of the keys' user: its username makes the URL.
        assert_eq!(
            run.stdout.trim(),
            format!("https://x.com/xpost_sandbox/status/{}", post.id)
        );
    }
    // XPOST_AUTH does the same.
    let run = h
        .run(h.xpost().env("XPOST_AUTH", "oauth1").arg("third signed"))
        .await;
    succeeded(&h, &run);
    assert_eq!(h.sandbox.posts().pop().unwrap().auth, AuthMethod::OAuth1);
    let after = &h.sandbox.requests()[before..];
    assert_eq!(
        paths(after),
        ["POST /2/tweets", "POST /2/tweets", "POST /2/tweets"]
    );
    assert_eq!(std::fs::read(h.store_path()).unwrap(), stored);
}

#[tokio::test(flavor = "multi_thread")]
async fn auth_oauth2_overrides_xpost_auth_and_needs_x_client_id() {
    let h = Harness::fast_logged_in().await;
    let run = h
        .run(
            h.xpost()
                .env("XPOST_AUTH", "oauth1")
                .args(["with the login", "--auth", "oauth2"]),
        )
        .await;
    succeeded(&h, &run);
    assert_eq!(h.sandbox.posts().pop().unwrap().auth, AuthMethod::OAuth2);

    // With only the keys, OAuth 2.0 is a configuration error naming what it lacks.
    let before = h.sandbox.requests().len();
    let run = h
        .run(keys_only(&h).args(["--auth", "oauth2", "never sent"]))
        .await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(run.stderr.contains("X_CLIENT_ID"), "{run:?}");
    let run = h
        .run(keys_only(&h).env("XPOST_AUTH", "oauth2").arg("never sent"))
        .await;
    assert_eq!(run.code, 78, "{run:?}");
    assert_eq!(h.sandbox.requests().len(), before);
    assert_no_secrets(&run);
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_configured_names_both_ways() {
    let h = Harness::fast().await;
    let mut cmd = keys_only(&h);
    for name in [
        "X_API_KEY",
        "X_API_SECRET",
        "X_ACCESS_TOKEN",
        "X_ACCESS_TOKEN_SECRET",
    ] {
        cmd.env_remove(name);
    }
    let run = h.run(cmd.arg("hello")).await;
    assert_eq!(run.code, 78, "{run:?}");
    for name in [
        "X_CLIENT_ID",
        "X_API_KEY",
        "X_ACCESS_TOKEN_SECRET",
        "--auth oauth1",
    ] {
        assert!(run.stderr.contains(name), "{name}: {run:?}");
    }
}

/// Runs `cmd`, which must end with 77 at once, before any request, naming `--auth oauth1`.
async fn refused_at_once(h: &Harness, cmd: &mut Command) -> Run {
    // The callback port is taken: a run that got as far as binding it would end with 78.
    let _taken = std::net::TcpListener::bind(("127.0.0.1", h.port)).unwrap();
    let started = Instant::now();
    let run = h.run(cmd).await;
    let took = started.elapsed();
    assert_eq!(run.code, 77, "{run:?}");
    assert!(took < Duration::from_secs(2), "took {took:?}: {run:?}");
    assert!(run.stderr.contains("--auth oauth1"), "{run:?}");
    assert!(!h.browser_was_opened(), "a browser was opened: {run:?}");
    assert_eq!(
        count(&h.sandbox.requests(), "GET", "/i/oauth2/authorize"),
        0
    );
    assert!(h.sandbox.posts().is_empty());
    assert!(h.sandbox.media().is_empty());
    assert_no_secrets(&run);
    run
}

#[tokio::test(flavor = "multi_thread")]
async fn in_ci_a_run_that_needs_a_consent_ends_with_77_at_once() {
    let h = Harness::fast().await;
    let image = h.file("cat.png", PNG);
    // The four keys are set too: the choice follows the configuration, never the situation.
    for ci in ["true", "1", "yes"] {
        let run = refused_at_once(
            &h,
            h.xpost()
                .env("CI", ci)
                .args(["from CI", "--image"])
                .arg(&image),
        )
        .await;
        assert!(run.stderr.contains("CI"), "{run:?}");
    }
    // Nothing at all was sent: no key check, no upload.
    assert!(
        h.sandbox.requests().is_empty(),
        "{:?}",
        h.sandbox.requests()
    );
    refused_at_once(&h, h.xpost().env("CI", "true").args(["auth", "login"])).await;
    assert!(h.sandbox.requests().is_empty());
    assert!(!h.store_path().exists());
    // CI set to false or 0 is no CI: the consent is asked for as usual.
    for ci in ["false", "0"] {
        let h = Harness::fast().await;
        let run = h
            .run_consenting(
                h.xpost().env("CI", ci).arg(format!("CI={ci}")),
                xpost_sandbox::Decision::Authorize,
            )
            .await;
        assert_eq!(run.code, 0, "{run:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn no_interactive_ends_with_77_at_once_in_any_position() {
    let h = Harness::fast().await;
    for args in [
        &["--no-interactive", "hello"][..],
        &["hello", "--no-interactive"][..],
        &["auth", "login", "--no-interactive"][..],
        &["--no-interactive", "auth", "login"][..],
    ] {
        let run = refused_at_once(&h, h.xpost().args(args)).await;
        assert!(run.stderr.contains("--no-interactive"), "{run:?}");
    }
    assert!(h.sandbox.requests().is_empty());
    // A run that needs no consent goes on.
    h.login().await;
    let run = h.run(h.xpost().args(["--no-interactive", "warm"])).await;
    succeeded(&h, &run);
    let run = h
        .run(
            keys_only(&h)
                .args(["signed", "--no-interactive"])
                .env("CI", "true"),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_login_in_ci_ends_with_77_without_a_browser() {
    let h = Harness::fast_logged_in().await;
    h.expire_login();
    h.sandbox.revoke_all_grants();
    let before = count(&h.sandbox.requests(), "GET", "/i/oauth2/authorize");
    let run = h.run(h.xpost().env("CI", "true").arg("hello")).await;
    assert_eq!(run.code, 77, "{run:?}");
    assert!(run.stderr.contains("--auth oauth1"), "{run:?}");
    assert!(!h.browser_was_opened());
    assert_eq!(
        count(&h.sandbox.requests(), "GET", "/i/oauth2/authorize"),
        before
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn auth_status_checks_the_keys_with_one_signed_request() {
    let h = Harness::fast().await;
    let run = h
        .run(
            keys_only(&h)
                .env("XPOST_HOME", h.dir.path().join("missing"))
                .args(["auth", "status"]),
        )
        .await;
    succeeded(&h, &run);
    assert!(run.stdout.contains("OAuth 1.0a"), "{run:?}");
    assert!(run.stdout.contains("@xpost_sandbox"), "{run:?}");
    assert!(run.stdout.contains("accepted"), "{run:?}");
    assert_eq!(paths(&h.sandbox.requests()), ["GET /2/users/me"]);

    let run = h
        .run(keys_only(&h).args(["auth", "status", "--json"]))
        .await;
    succeeded(&h, &run);
    let json: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(json["method"], "oauth1");
    assert_eq!(json["accepted"], true);
    assert_eq!(json["username"], "xpost_sandbox");
    assert_eq!(json["user_id"], "1700000000000000001");
    assert!(!h.dir.path().join("missing").exists());
    assert!(!h.state_dir().exists());

    // Wrong keys: X refuses the signature, status says so.
    let run = h
        .run(
            keys_only(&h)
                .env("X_ACCESS_TOKEN_SECRET", "not-the-secret")
                .args(["auth", "status", "--json"]),
        )
        .await;
    assert_eq!(run.code, 78, "{run:?}");
    let json: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(json["accepted"], false);
    assert!(!run.stderr.contains("not-the-secret"), "{run:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn auth_status_says_which_method_a_post_would_use() {
    let h = Harness::fast_logged_in().await;
    let run = h.run(h.xpost().args(["auth", "status", "--json"])).await;
    succeeded(&h, &run);
    let json: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(json["method"], "oauth2");
    assert_eq!(json["accepted"], true);
    let run = h.run(h.xpost().args(["auth", "status"])).await;
    assert!(run.stdout.contains("OAuth 2.0"), "{run:?}");

    let before = h.sandbox.requests().len();
    for args in [
        &["--auth", "oauth1", "auth", "status", "--json"][..],
        &["auth", "status", "--json", "--auth", "oauth1"][..],
    ] {
        let run = h.run(h.xpost().args(args)).await;
        succeeded(&h, &run);
        let json: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
        assert_eq!(json["method"], "oauth1", "{run:?}");
        assert_eq!(json["accepted"], true);
    }
    let after = &h.sandbox.requests()[before..];
    assert_eq!(paths(after), ["GET /2/users/me", "GET /2/users/me"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_login_commands_need_x_client_id_and_say_the_keys_need_none() {
    let h = Harness::fast().await;
    for command in ["login", "logout", "token"] {
        let run = h.run(keys_only(&h).args(["auth", command])).await;
        assert_eq!(run.code, 78, "{command}: {run:?}");
        assert!(run.stderr.contains("X_CLIENT_ID"), "{run:?}");
        assert!(run.stderr.contains("--auth oauth1"), "{run:?}");
        assert!(!h.browser_was_opened());
    }
    assert!(h.sandbox.requests().is_empty());
}
