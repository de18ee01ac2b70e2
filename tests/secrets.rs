//! No secret in any output: full `-vv` traced runs (login, warm post with media, refresh,
//! status, failures, logout), every byte of stdout and stderr scanned for the app's
//! credentials and for every access and refresh token the runs held.

use xpost_sandbox::{CREDENTIALS, Decision};

use crate::util::{Harness, PNG, Run};

/// The tokens the store holds right now.
fn stored_tokens(h: &Harness) -> Vec<String> {
    let stored = h.stored();
    ["access_token", "refresh_token"]
        .iter()
        .filter_map(|k| stored[*k].as_str().map(str::to_owned))
        .collect()
}

fn scan(runs: &[(String, Run)], secrets: &[String]) {
    for (what, run) in runs {
        for secret in secrets {
            assert!(secret.len() >= 8, "a secret worth scanning for: {secret:?}");
            for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
                assert!(
                    !text.contains(secret.as_str()),
                    "{what}: {stream} shows a secret ({} chars)",
                    secret.len()
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn traced_runs_show_no_secret() {
    let h = Harness::new().await;
    let image = h.file("cat.png", PNG);
    let mut runs: Vec<(String, Run)> = Vec::new();
    let mut secrets: Vec<String> = [
        CREDENTIALS.client_secret,
        CREDENTIALS.api_secret,
        CREDENTIALS.access_token,
        CREDENTIALS.access_token_secret,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();

    let run = h
        .run_consenting(
            h.xpost().args(["auth", "login", "-vv"]),
            Decision::Authorize,
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("POST /2/oauth2/token"),
        "the trace shows the exchange: {run:?}"
    );
    runs.push(("login".into(), run));
    secrets.extend(stored_tokens(&h));

    let run = h
        .run(h.xpost().args(["-vv", "warm post", "--image"]).arg(&image))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("POST /2/media/upload -> 200"),
        "{run:?}"
    );
    assert!(run.stderr.contains("POST /2/tweets -> 201"), "{run:?}");
    assert!(
        run.stderr.contains("quota"),
        "-v shows the quota left: {run:?}"
    );
    runs.push(("warm post with media".into(), run));

    h.expire_login();
    h.sandbox.expire_access_tokens();
    let run = h.run(h.xpost().args(["-vv", "after a refresh"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("refresh"), "{run:?}");
    runs.push(("refresh and post".into(), run));
    secrets.extend(stored_tokens(&h));

    let run = h.run(h.xpost().args(["-vv", "auth", "status"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    runs.push(("status".into(), run));

    let run = h.run(h.xpost().args(["-vv", "after a refresh"])).await;
    assert_eq!(run.code, 1, "a duplicate: {run:?}");
    runs.push(("duplicate".into(), run));

    let run = h
        .run(
            h.xpost()
                .args(["-vv", "wrong secret", "--image"])
                .arg(&image)
                .env("X_API_SECRET", "a-wrong-api-secret"),
        )
        .await;
    assert_eq!(run.code, 78, "the upload's signature is refused: {run:?}");
    secrets.push("a-wrong-api-secret".into());
    runs.push(("bad OAuth 1.0a secret".into(), run));

    let run = h.run(h.xpost().args(["-vv", "auth", "logout"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    runs.push(("logout".into(), run));

    // A new consent that the user declines, and one with a wrong client secret.
    let run = h
        .run_consenting(h.xpost().args(["-vv", "declined"]), Decision::Cancel)
        .await;
    assert_eq!(run.code, 77, "{run:?}");
    runs.push(("declined".into(), run));
    let run = h
        .run_consenting(
            h.xpost()
                .args(["-vv", "bad client"])
                .env("X_CLIENT_SECRET", "a-wrong-client-secret"),
            Decision::Authorize,
        )
        .await;
    assert_eq!(run.code, 78, "{run:?}");
    secrets.push("a-wrong-client-secret".into());
    runs.push(("bad client secret".into(), run));

    scan(&runs, &secrets);
}
