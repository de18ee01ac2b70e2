//! The first-run flow: consent in the browser, uploads, the post, the URL; and every way it
//! can be refused before or after anything is sent.

use std::time::Duration;

use xpost_sandbox::{AuthMethod, CREDENTIALS, Decision, Options, USERNAME};

use crate::util::{Harness, PNG, assert_no_secrets};

fn post_url_of(run: &crate::util::Run) -> String {
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "stdout must hold the URL and nothing else: {run:?}"
    );
    lines[0].to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn text_only_posts_and_prints_the_url() {
    let h = Harness::new().await;
    let run = h
        .run_consenting(h.xpost().arg("hello from a test"), Decision::Authorize)
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].text, "hello from a test");
    assert!(posts[0].media_ids.is_empty());
    assert_eq!(
        post_url_of(&run),
        format!("https://x.com/{USERNAME}/status/{}", posts[0].id)
    );
    // The sandbox's page is not X's, and is not announced as X's (issue 19, item 3).
    assert!(
        run.stderr
            .contains("Opening the consent page at http://127.0.0.1:")
            && run.stderr.contains("(not X's)"),
        "{run:?}"
    );
    assert!(!run.stderr.contains("X's consent page"), "{run:?}");
    assert!(
        run.stderr.contains(&h.sandbox.authorize_url()),
        "the URL is always shown: {run:?}"
    );
    assert_no_secrets(&run);
}

#[tokio::test(flavor = "multi_thread")]
async fn image_uploads_with_oauth1_during_consent() {
    let h = Harness::new().await;
    let image = h.file("cat.png", PNG);
    let mut cmd = h.xpost();
    cmd.args(["hello with a picture", "--image"])
        .arg(&image)
        .arg("--json");
    let (child, url) = h.spawn_until_browser(&mut cmd).await;
    // The upload needs no consent: it is done while the user is still on the consent page.
    let mut uploaded = false;
    for _ in 0..200 {
        if !h.sandbox.media().is_empty() {
            uploaded = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(uploaded, "the image was not uploaded before consent");
    assert!(
        h.sandbox.posts().is_empty(),
        "nothing is posted before consent"
    );
    xpost_sandbox::consent_as_browser(&url, Decision::Authorize)
        .await
        .unwrap();
    let run = crate::util::finish(child).await;
    assert_eq!(run.code, 0, "{run:?}");

    let media = h.sandbox.media();
    assert_eq!(media.len(), 1);
    assert_eq!(media[0].auth, AuthMethod::OAuth1);
    assert_eq!(media[0].size, PNG.len());
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].media_ids, vec![media[0].id.clone()]);

    let json: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(json["id"], posts[0].id.as_str());
    assert_eq!(json["text"], "hello with a picture");
    assert_eq!(json["media_ids"], serde_json::json!([media[0].id]));
    assert_eq!(
        json["url"],
        format!("https://x.com/{USERNAME}/status/{}", posts[0].id).as_str()
    );
    assert_no_secrets(&run);
}

#[tokio::test(flavor = "multi_thread")]
async fn image_uploads_with_the_oauth2_token_without_oauth1_keys() {
    let h = Harness::new().await;
    let image = h.file("cat.png", PNG);
    let mut cmd = h.xpost();
    cmd.env_remove("X_ACCESS_TOKEN_SECRET")
        .arg("oauth2 upload")
        .arg("--image")
        .arg(&image)
        .arg("--image")
        .arg(&image);
    let run = h.run_consenting(&mut cmd, Decision::Authorize).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("OAuth 1.0a keys are incomplete"),
        "{run:?}"
    );
    let media = h.sandbox.media();
    assert_eq!(media.len(), 2);
    assert!(media.iter().all(|m| m.auth == AuthMethod::OAuth2));
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].media_ids.len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn public_client_sends_its_id_in_the_body() {
    let h = Harness::with(Options {
        confidential: false,
        ..Options::default()
    })
    .await;
    let mut cmd = h.xpost();
    cmd.env_remove("X_CLIENT_SECRET")
        .arg("from a public client");
    let run = h.run_consenting(&mut cmd, Decision::Authorize).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(h.sandbox.posts().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_client_secret_is_a_configuration_error() {
    let h = Harness::new().await;
    let mut cmd = h.xpost();
    cmd.env("X_CLIENT_SECRET", "not-the-secret").arg("hello");
    let run = h.run_consenting(&mut cmd, Decision::Authorize).await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(run.stderr.contains("X_CLIENT_SECRET"), "{run:?}");
    assert!(!run.stderr.contains("not-the-secret"), "{run:?}");
    assert!(h.sandbox.posts().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn declined_consent_posts_nothing() {
    let h = Harness::new().await;
    let image = h.file("cat.png", PNG);
    let mut cmd = h.xpost();
    cmd.arg("never posted").arg("--image").arg(&image);
    let run = h.run_consenting(&mut cmd, Decision::Cancel).await;
    assert_eq!(run.code, 77, "{run:?}");
    assert!(run.stderr.contains("declined"), "{run:?}");
    assert!(run.stdout.is_empty());
    assert!(h.sandbox.posts().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_forged_callback_is_refused_and_the_real_one_still_works() {
    let h = Harness::new().await;
    let mut cmd = h.xpost();
    cmd.arg("after a forgery");
    let (child, url) = h.spawn_until_browser(&mut cmd).await;
    let http = reqwest::Client::new();
    let forged = format!("{}?code=stolen&state=not-the-state", h.redirect_uri);
    let response = http.get(&forged).send().await.unwrap();
    assert_eq!(response.status(), 400);
    let other_path = h.redirect_uri.replace("/oauth/callback", "/favicon.ico");
    assert_eq!(http.get(&other_path).send().await.unwrap().status(), 404);
    let denial = format!("{}?error=access_denied&state=not-the-state", h.redirect_uri);
    assert_eq!(http.get(&denial).send().await.unwrap().status(), 400);

    let status = xpost_sandbox::consent_as_browser(&url, Decision::Authorize).await;
    assert_eq!(status, Ok(200));
    let run = crate::util::finish(child).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(h.sandbox.posts().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn consent_that_never_comes_times_out() {
    let h = Harness::new().await;
    let mut cmd = h.xpost();
    cmd.args(["waiting", "--auth-timeout", "1s"]);
    let run = h.run(&mut cmd).await;
    assert_eq!(run.code, 77, "{run:?}");
    assert!(
        run.stderr.contains("no authorization arrived within 1s"),
        "{run:?}"
    );
    assert!(h.sandbox.posts().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn busy_callback_port_says_which_and_sends_nothing() {
    let h = Harness::new().await;
    let port = h.port;
    let _taken = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    let run = h.run(h.xpost().arg("hello")).await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(run.stderr.contains(&format!("port {port}")), "{run:?}");
    assert!(run.stderr.contains("X_REDIRECT_URI"), "{run:?}");
    assert!(h.sandbox.requests().is_empty());
    assert!(!h.browser_was_opened());
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_credentials_are_listed_before_anything_is_sent() {
    let h = Harness::new().await;
    let mut cmd = h.xpost();
    // Neither way to authorize is configured (the OAuth 1.0a keys alone would do).
    cmd.env_remove("X_CLIENT_ID")
        .env_remove("X_API_KEY")
        .env_remove("X_ACCESS_TOKEN")
        .env("X_REDIRECT_URI", "https://example.com/callback")
        .arg("hello");
    let run = h.run(&mut cmd).await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(run.stderr.contains("X_CLIENT_ID"), "{run:?}");
    assert!(run.stderr.contains("Keys and tokens"), "{run:?}");
    assert!(run.stderr.contains("X_REDIRECT_URI"), "{run:?}");
    assert!(h.sandbox.requests().is_empty());
    assert!(!h.browser_was_opened());
}

#[tokio::test(flavor = "multi_thread")]
async fn credentials_come_from_dotenv_and_the_environment_wins() {
    let h = Harness::new().await;
    h.file(
        ".env",
        format!(
            "X_CLIENT_ID={}\nX_CLIENT_SECRET=from-the-file\n",
            CREDENTIALS.client_id
        )
        .as_bytes(),
    );
    let mut cmd = h.xpost();
    cmd.env_remove("X_CLIENT_ID").arg("configured by .env");
    let run = h.run_consenting(&mut cmd, Decision::Authorize).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(h.sandbox.posts().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn non_image_file_is_refused_before_anything_is_sent() {
    let h = Harness::new().await;
    let fake = h.file("cat.png", b"this is not a picture\n");
    let run = h
        .run(h.xpost().arg("hello").arg("--image").arg(&fake))
        .await;
    assert_eq!(run.code, 65, "{run:?}");
    assert!(
        run.stderr
            .contains("cat.png is not an image or video X accepts"),
        "{run:?}"
    );
    assert!(h.sandbox.requests().is_empty());
    assert!(!h.browser_was_opened());
}

#[tokio::test(flavor = "multi_thread")]
async fn oversized_image_is_refused_before_anything_is_sent() {
    let h = Harness::new().await;
    let mut big = PNG.to_vec();
    big.resize(6 * 1024 * 1024, 0);
    let big = h.file("big.png", &big);
    let good = h.file("good.png", PNG);
    let run = h
        .run(
            h.xpost()
                .arg("hello")
                .arg("--image")
                .arg(&good)
                .arg("--image")
                .arg(&big),
        )
        .await;
    assert_eq!(run.code, 65, "{run:?}");
    assert!(
        run.stderr.contains("big.png is 6 MB (6,291,456 bytes)"),
        "{run:?}"
    );
    assert!(h.sandbox.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_image_is_no_input() {
    let h = Harness::new().await;
    let run = h
        .run(h.xpost().args(["hello", "--image", "nope.png"]))
        .await;
    assert_eq!(run.code, 66, "{run:?}");
    assert!(run.stderr.contains("nope.png: no such file"), "{run:?}");
    assert!(h.sandbox.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_to_post_is_a_usage_error() {
    let h = Harness::new().await;
    let run = h.run(h.xpost().arg("   ")).await;
    assert_eq!(run.code, 2, "{run:?}");
    assert!(h.sandbox.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn duplicate_post_is_refused_by_x() {
    let h = Harness::new().await;
    let first = h
        .run_consenting(h.xpost().arg("same words twice"), Decision::Authorize)
        .await;
    assert_eq!(first.code, 0, "{first:?}");
    assert!(h.store_path().exists(), "the login is kept");
    // The second run reuses the stored login: no browser.
    let second = h.run(h.xpost().arg("same words twice")).await;
    assert_eq!(second.code, 1, "{second:?}");
    assert!(second.stderr.contains("duplicate content"), "{second:?}");
    assert!(second.stderr.contains("change the text"), "{second:?}");
    assert!(second.stdout.is_empty());
    assert!(!h.browser_was_opened());
    assert_eq!(h.sandbox.posts().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn rate_limited_post_says_when_to_retry() {
    let h = Harness::new().await;
    h.sandbox.rate_limit("POST", "/2/tweets", 0);
    let run = h
        .run_consenting(h.xpost().arg("too soon"), Decision::Authorize)
        .await;
    assert_eq!(run.code, 75, "{run:?}");
    assert!(run.stderr.contains("rate limit"), "{run:?}");
    assert!(run.stderr.contains("UTC"), "{run:?}");
    assert!(h.sandbox.posts().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn builtin_sandbox_runs_without_any_account() {
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("hello.png");
    std::fs::write(&image, PNG).unwrap();
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_xpost"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir.path())
        .current_dir(dir.path())
        .args(["--sandbox", "--no-browser", "hello sandbox", "--image"])
        .arg(&image)
        .stdin(std::process::Stdio::null())
        .output();
    let output = tokio::time::timeout(Duration::from_secs(60), output)
        .await
        .unwrap()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    let url = stdout.trim();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.contains(&format!("/{USERNAME}/status/")),
        "a sandbox URL is plainly not X: {url}"
    );
    assert!(stderr.contains("nothing is posted on X"), "{stderr}");
}

/// `--sandbox` with a browser that cannot start (a launcher that fails, as Wine's does, or a
/// `$BROWSER` that is not there) and nobody at the terminal: the sandbox authorizes by itself,
/// as when no browser is set at all, rather than end the run with 77.
#[tokio::test(flavor = "multi_thread")]
async fn builtin_sandbox_authorizes_by_itself_when_the_browser_does_not_start() {
    let dir = tempfile::tempdir().unwrap();
    for browser in ["false", "xpost-no-such-browser"] {
        let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_xpost"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir.path())
            .env("BROWSER", browser)
            .current_dir(dir.path())
            .args(["--sandbox", &format!("with {browser} as the browser")])
            .stdin(std::process::Stdio::null())
            .output();
        let output = tokio::time::timeout(Duration::from_secs(60), output)
            .await
            .unwrap()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{browser}: {stdout}\n{stderr}"
        );
        assert!(stdout.trim().contains("/status/"), "{stdout}");
        assert!(
            stderr.contains("authorizing without a browser"),
            "says why: {stderr}"
        );
    }
}
