//! Configuration from the environment and `.env`, end to end: what wins, and files as
//! editors write them.

use xpost_sandbox::{CREDENTIALS, Decision, Options, Sandbox};

use crate::util::Harness;

#[tokio::test(flavor = "multi_thread")]
async fn an_exported_empty_variable_does_not_hide_the_value_in_dotenv() {
    let h = Harness::new().await;
    h.file(
        ".env",
        format!("X_CLIENT_ID={}\n", CREDENTIALS.client_id).as_bytes(),
    );
    let mut cmd = h.xpost();
    cmd.env("X_CLIENT_ID", "").arg("configured by .env");
    let run = h.run_consenting(&mut cmd, Decision::Authorize).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(h.sandbox.posts().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dotenv_with_a_byte_order_mark_is_read() {
    let h = Harness::new().await;
    h.file(
        ".env",
        format!("\u{feff}X_CLIENT_ID={}\n", CREDENTIALS.client_id).as_bytes(),
    );
    let mut cmd = h.xpost();
    cmd.env_remove("X_CLIENT_ID")
        .arg("configured by a .env with a BOM");
    let run = h.run_consenting(&mut cmd, Decision::Authorize).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(h.sandbox.posts().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dotenv_that_cannot_be_parsed_is_named_by_its_line() {
    let h = Harness::new().await;
    h.file(
        ".env",
        b"# my app\nX_CLIENT_ID=abc\nX_CLIENT_SECRET='never-closed-secret\n",
    );
    let mut cmd = h.xpost();
    cmd.env_remove("X_CLIENT_ID").arg("hello");
    let run = h.run(&mut cmd).await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(run.stderr.contains(".env: cannot parse line 3"), "{run:?}");
    assert!(!run.stderr.contains("never-closed-secret"), "{run:?}");
    assert!(h.sandbox.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn every_missing_name_is_listed_at_once_half_set_oauth1_keys_included() {
    let h = Harness::new().await;
    let mut cmd = h.xpost();
    cmd.env_remove("X_CLIENT_ID")
        .env_remove("X_API_SECRET")
        .arg("hello");
    let run = h.run(&mut cmd).await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(run.stderr.contains("X_CLIENT_ID"), "{run:?}");
    assert!(run.stderr.contains("X_API_SECRET"), "{run:?}");
    assert!(h.sandbox.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dotenv_cannot_send_a_consent_or_secrets_elsewhere() {
    let h = Harness::new().await;
    let other = Sandbox::start(Options {
        confidential: true,
        redirect_uris: vec![h.redirect_uri.clone()],
        ..Options::default()
    })
    .await
    .unwrap();
    // Only the API base: the consent would be given at one server, its code sent to another.
    h.file(
        ".env",
        format!("X_API_BASE={}\n", other.base_url()).as_bytes(),
    );
    let mut cmd = h.xpost();
    cmd.env_remove("X_API_BASE")
        .args(["first post", "--image"])
        .arg(h.file("a.png", crate::util::PNG));
    let run = h.run(&mut cmd).await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(run.stderr.contains("X_API_BASE"), "{run:?}");
    assert!(run.stderr.contains("X_AUTHORIZE_URL"), "{run:?}");
    assert!(
        run.stderr.contains(".env"),
        "says where it came from: {run:?}"
    );

    // Both endpoints, but the secrets come from the environment.
    h.file(
        ".env",
        format!(
            "X_API_BASE={0}\nX_AUTHORIZE_URL={0}/i/oauth2/authorize\n",
            other.base_url()
        )
        .as_bytes(),
    );
    let mut cmd = h.xpost();
    cmd.env_remove("X_API_BASE")
        .env_remove("X_AUTHORIZE_URL")
        .arg("second try");
    let run = h.run(&mut cmd).await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(
        run.stderr
            .contains("X_CLIENT_SECRET comes from the environment"),
        "{run:?}"
    );
    crate::util::assert_no_secrets(&run);

    assert!(
        other.requests().is_empty(),
        "nothing reached the other server: {:?}",
        other.requests()
    );
    assert!(h.sandbox.requests().is_empty(), "nor the real one");
    assert!(!h.browser_was_opened());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dotenv_with_a_server_and_its_credentials_together_is_used() {
    let h = Harness::new().await;
    let mut file = String::new();
    for name in [
        "X_API_BASE",
        "X_AUTHORIZE_URL",
        "X_CLIENT_ID",
        "X_CLIENT_SECRET",
        "X_API_KEY",
        "X_API_SECRET",
        "X_ACCESS_TOKEN",
        "X_ACCESS_TOKEN_SECRET",
        "X_REDIRECT_URI",
    ] {
        let value = run_env(&h, name);
        file.push_str(&format!("{name}={value}\n"));
    }
    h.file("sandbox.env", file.as_bytes());
    let mut cmd = h.xpost();
    for name in [
        "X_API_BASE",
        "X_AUTHORIZE_URL",
        "X_CLIENT_ID",
        "X_CLIENT_SECRET",
        "X_API_KEY",
        "X_API_SECRET",
        "X_ACCESS_TOKEN",
        "X_ACCESS_TOKEN_SECRET",
        "X_REDIRECT_URI",
        "X_WEB_BASE",
    ] {
        cmd.env_remove(name);
    }
    cmd.args(["--env-file", "sandbox.env", "all from one file"]);
    let run = h.run_consenting(&mut cmd, Decision::Authorize).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(h.sandbox.posts().len(), 1);
}

/// The value the harness gives xpost for `name`.
fn run_env(h: &Harness, name: &str) -> String {
    let cmd = h.xpost();
    cmd.as_std()
        .get_envs()
        .find(|(k, _)| *k == name)
        .and_then(|(_, v)| v)
        .map(|v| v.to_string_lossy().into_owned())
        .unwrap_or_else(|| panic!("the harness sets {name}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_duration_past_the_bound_is_a_usage_error_naming_it_never_a_panic() {
    let h = Harness::new().await;
    for (option, value) in [
        ("--max-time", "18446744073709551615"),
        ("--max-time", "9223372036854775807"),
        ("--max-time", "5124095576030431h"),
        ("--max-time", "5124095576030432h"),
        ("--max-time", "721h"),
        ("--auth-timeout", "18446744073709551615"),
        ("--timeout", "5124095576030432h"),
        ("--connect-timeout", "9223372036854775807"),
        ("--max-wait", "5124095576030431h"),
    ] {
        let run = h.run(h.xpost().args(["x", option, value])).await;
        assert_eq!(run.code, 2, "{option} {value}: {run:?}");
        assert!(run.stderr.contains("at most 30 days"), "{run:?}");
        assert!(!run.stderr.contains("panicked"), "{run:?}");
    }
    assert!(h.sandbox.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dotenv_in_the_working_directory_cannot_name_a_browser_to_run() {
    let h = Harness::new().await;
    let marker = h.dir.path().join("ran");
    h.file(
        ".env",
        format!("BROWSER='touch {}'\n", marker.display()).as_bytes(),
    );
    let mut cmd = h.xpost();
    cmd.env_remove("BROWSER")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .arg("first post");
    let run = h.run(&mut cmd).await;
    assert!(!marker.exists(), "the .env's command ran: {run:?}");
    assert!(
        run.stderr.contains("./.env sets BROWSER"),
        "says it is ignored: {run:?}"
    );
    // Given by name, the same file is trusted.
    let mut cmd = h.xpost();
    cmd.env_remove("BROWSER")
        .args(["--env-file", ".env", "--auth-timeout", "2s", "named file"]);
    let run = h.run(&mut cmd).await;
    assert!(
        marker.exists(),
        "an --env-file may name the browser: {run:?}"
    );
}
