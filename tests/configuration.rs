//! Configuration from the environment and `.env`, end to end: what wins, and files as
//! editors write them.

use xpost_sandbox::{CREDENTIALS, Decision};

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
