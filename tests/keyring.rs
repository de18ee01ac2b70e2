//! Where a login's tokens are kept: the system's keyring (the Secret Service here), or the
//! login's file where none answers or when asked, and a keyring that stops answering.
//!
//! The tests at the top run anywhere: their xpost has no keyring to reach (see
//! [`Harness::xpost`]). Those in [`secret_service`] need a real Secret Service on a D-Bus
//! session bus; `.ci/keyring-tests` starts one (gnome-keyring in `dbus-run-session`) and runs
//! them, as `.ci/run` does. A plain `cargo test` lists them as ignored.

use std::os::unix::fs::PermissionsExt;

use xpost_sandbox::{Decision, USER_ID, USERNAME};

use crate::util::{Harness, PNG, Run, assert_no_secrets, count};

const TOKEN: &str = "/2/oauth2/token";

/// What every run with a login in the file says about it, and the file itself.
fn assert_in_file(h: &Harness) {
    let stored = h.stored();
    assert_eq!(stored["version"], 3, "{stored}");
    assert_eq!(stored["secrets"], "file", "{stored}");
    assert!(stored["access_token"].is_string(), "{stored}");
    assert!(stored["refresh_token"].is_string(), "{stored}");
    assert!(stored.get("keyring_entry").is_none(), "{stored}");
    let mode = std::fs::metadata(h.store_path())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
}

async fn status_json(h: &Harness, cmd: &mut tokio::process::Command) -> (Run, serde_json::Value) {
    let run = h.run(cmd.args(["auth", "status", "--json"])).await;
    let json = serde_json::from_str(&run.stdout).unwrap_or_default();
    (run, json)
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_keyring_the_tokens_stay_in_the_file_and_xpost_says_so() {
    let h = Harness::new().await;
    let started = std::time::Instant::now();
    let run = h.login().await;
    assert!(
        run.stderr.contains("No system keyring answered"),
        "the fallback is announced: {run:?}"
    );
    assert!(
        run.stderr.contains(&h.store_path().display().to_string()),
        "{run:?}"
    );
    assert!(run.stderr.contains("--insecure-storage"), "{run:?}");
    assert_in_file(&h);
    // Falling back costs no wait: a missing bus is known at once.
    assert!(started.elapsed() < std::time::Duration::from_secs(20));

    let run = h.run(h.xpost().args(["auth", "status"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .contains("tokens:     in that file, readable only by you: no system keyring answered"),
        "{run:?}"
    );
    let (run, json) = status_json(&h, &mut h.xpost()).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(json["secrets"], "file", "{json}");
    let run = h.run(h.xpost().args(["auth", "list", "--json"])).await;
    let listed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(listed["accounts"][0]["secrets"], "file", "{listed}");
    let run = h.run(h.xpost().args(["auth", "list"])).await;
    assert!(
        run.stdout
            .starts_with(&format!("* @{USERNAME}  file     expires in ")),
        "{run:?}"
    );

    // A refresh where still no keyring answers keeps them there, and says nothing of it.
    h.expire_login();
    let before = count(&h.sandbox.requests(), "POST", TOKEN);
    let run = h.run(h.xpost().arg("refreshed, still in the file")).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(count(&h.sandbox.requests(), "POST", TOKEN), before + 1);
    assert!(!run.stderr.contains("keyring"), "{run:?}");
    assert_in_file(&h);
}

#[tokio::test(flavor = "multi_thread")]
async fn insecure_storage_keeps_the_tokens_in_the_file_on_purpose() {
    let h = Harness::new().await;
    let run = h
        .run_consenting(
            h.xpost().args(["auth", "login", "--insecure-storage"]),
            Decision::Authorize,
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        !run.stderr.contains("keyring"),
        "nothing to announce: {run:?}"
    );
    // Issue 19, item 15: the closing lines say where the tokens went.
    assert!(
        run.stderr
            .contains("its tokens with it in that file, readable only by you (--insecure-storage"),
        "{run:?}"
    );
    assert_in_file(&h);
    let run = h
        .run(
            h.xpost()
                .env("XPOST_INSECURE_STORAGE", "1")
                .args(["auth", "status"]),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .contains("(--insecure-storage or XPOST_INSECURE_STORAGE)"),
        "{run:?}"
    );

    // A value that is neither on nor off is not guessed at.
    let h = Harness::new().await;
    let run = h
        .run(
            h.xpost()
                .env("XPOST_INSECURE_STORAGE", "maybe")
                .args(["auth", "login"]),
        )
        .await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(run.stderr.contains("XPOST_INSECURE_STORAGE"), "{run:?}");
    assert!(h.sandbox.requests().is_empty() && !h.browser_was_opened());

    // XPOST_INSECURE_STORAGE=1 does the same; a ./.env may not set it.
    h.file(".env", b"XPOST_INSECURE_STORAGE=1\n");
    let run = h
        .run_consenting(h.xpost().args(["auth", "login"]), Decision::Authorize)
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("./.env sets XPOST_INSECURE_STORAGE"),
        "{run:?}"
    );
    assert!(run.stderr.contains("No system keyring answered"), "{run:?}");
    let h = Harness::new().await;
    let run = h
        .run_consenting(
            h.xpost()
                .env("XPOST_INSECURE_STORAGE", "1")
                .args(["auth", "login"]),
            Decision::Authorize,
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("keyring"), "{run:?}");
    assert_in_file(&h);
}

/// Makes the stored login one whose tokens a keyring keeps (as a run with a keyring would
/// have left it): the file names an entry and holds no token.
fn kept_in_a_keyring(h: &Harness) -> String {
    let host = h.sandbox.base_url();
    let host = host.trim_start_matches("http://").trim_end_matches('/');
    let entry = format!("{USER_ID}@{host}/0123456789abcdef");
    h.edit_store(|login| {
        login.remove("access_token");
        login.remove("refresh_token");
        login.insert("version".into(), 3.into());
        login.insert("secrets".into(), "keyring".into());
        login.insert("keyring_entry".into(), entry.clone().into());
        login.insert("refreshable".into(), true.into());
    });
    entry
}

/// The run ended with 77 before sending anything, saying the keyring does not answer and what
/// to do.
fn assert_keyring_silent(h: &Harness, run: &Run, requests_before: usize) {
    assert_eq!(run.code, 77, "{run:?}");
    assert!(run.stderr.contains("does not answer"), "{run:?}");
    assert!(run.stderr.contains("unlock the keyring"), "{run:?}");
    assert_eq!(
        h.sandbox.requests().len(),
        requests_before,
        "nothing was sent: {:?}",
        h.sandbox.requests()
    );
    assert_no_secrets(run);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_keyring_that_answered_once_and_not_now_is_an_error_never_a_switch() {
    let h = Harness::new().await;
    h.login().await;
    let entry = kept_in_a_keyring(&h);
    let kept = std::fs::read(h.store_path()).unwrap();
    let before = h.sandbox.requests().len();

    let run = h.run(h.xpost().arg("never sent")).await;
    assert_keyring_silent(&h, &run, before);
    assert!(run.stderr.contains("--insecure-storage"), "{run:?}");
    assert!(h.sandbox.posts().is_empty());
    // With media and the OAuth 1.0a keys too: no key check, no upload before the error.
    let png = h.file("a.png", PNG);
    let run = h
        .run(h.xpost().arg("never sent").arg("--image").arg(&png))
        .await;
    assert_keyring_silent(&h, &run, before);
    assert!(h.sandbox.media().is_empty());
    let run = h.run(h.xpost().args(["auth", "token"])).await;
    assert_keyring_silent(&h, &run, before);
    assert!(run.stdout.is_empty(), "{run:?}");

    // Status says where the tokens are, and that they cannot be read.
    let run = h.run(h.xpost().args(["auth", "status"])).await;
    assert_keyring_silent(&h, &run, before);
    assert!(
        run.stdout.contains(&format!(
            "tokens:     the system keyring (service xpost, user {entry})"
        )),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("not asked (its tokens could not be read)"),
        "{run:?}"
    );
    let (run, json) = status_json(&h, &mut h.xpost()).await;
    assert_keyring_silent(&h, &run, before);
    assert_eq!(json["secrets"], "keyring", "{json}");
    assert_eq!(json["logged_in"], true, "{json}");
    assert_eq!(json["accepted"], serde_json::Value::Null, "{json}");
    // Listing reads the files only, and so does choosing the default: it needs no token.
    let run = h.run(h.xpost().args(["auth", "switch", USERNAME])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("is now the default account"), "{run:?}");
    let run = h.run(h.xpost().args(["auth", "list", "--json"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    let listed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(listed["accounts"][0]["secrets"], "keyring", "{listed}");

    // A new login would land in the file while this one is in the keyring: refused before
    // the browser opens.
    let run = h.run(h.xpost().args(["auth", "login"])).await;
    assert_keyring_silent(&h, &run, before);
    assert!(run.stderr.contains("a new login now"), "{run:?}");
    assert!(!h.browser_was_opened(), "{run:?}");
    // Logout keeps the login, unless forced.
    let run = h.run(h.xpost().args(["auth", "logout"])).await;
    assert_keyring_silent(&h, &run, before);
    assert!(run.stderr.contains("the login is kept"), "{run:?}");
    assert!(run.stderr.contains("--force"), "{run:?}");
    assert_eq!(
        std::fs::read(h.store_path()).unwrap(),
        kept,
        "nothing switched"
    );

    let run = h.run(h.xpost().args(["auth", "logout", "--force"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("NOT revoked at X"), "{run:?}");
    assert!(
        run.stderr.contains(&entry),
        "the entry left is named: {run:?}"
    );
    assert!(!h.store_path().exists());

    // The way out the error names: a login kept in the file.
    let run = h
        .run_consenting(
            h.xpost().args(["auth", "login", "--insecure-storage"]),
            Decision::Authorize,
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_in_file(&h);
}

#[tokio::test(flavor = "multi_thread")]
async fn logout_force_with_a_dead_keyring_does_not_say_the_tokens_went() {
    let h = Harness::new().await;
    h.login().await;
    let entry = kept_in_a_keyring(&h);
    let run = h.run(h.xpost().args(["auth", "logout", "--force"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!h.store_path().exists());
    assert!(
        run.stderr
            .contains(&format!("({}) stays", entry_of_text(&entry))),
        "the entry left is named: {run:?}"
    );
    // The closing line said "deleted FILE and its tokens in the system keyring": the entry,
    // with a live refresh token, was still there.
    assert!(
        !run.stderr.contains("and its tokens in the system keyring"),
        "{run:?}"
    );
    assert!(run.stderr.contains("its keyring entry is left"), "{run:?}");
    assert_no_secrets(&run);
}

fn entry_of_text(entry: &str) -> String {
    format!("service xpost, user {entry}")
}

/// With a real Secret Service: `.ci/keyring-tests` runs these.
mod secret_service {
    use futures_util::future::join_all;
    use std::os::unix::fs::PermissionsExt;
    use xpost::auth::keyring::{EntryName, Keyring, Pair};

    use xpost_sandbox::Decision;

    use super::{TOKEN, assert_in_file, assert_keyring_silent, status_json};
    use crate::util::{Harness, Run, assert_no_secrets, count, finish, unix_now};

    const NEEDS: &str = "needs a Secret Service on a D-Bus session bus: run .ci/keyring-tests";

    /// The tests run where `.ci/keyring-tests` said a Secret Service is up; anywhere else they
    /// fail rather than pass without testing anything.
    fn secret_service() -> Keyring {
        assert_eq!(
            std::env::var("XPOST_TEST_SECRET_SERVICE").as_deref(),
            Ok("1"),
            "{NEEDS}"
        );
        Keyring::system()
    }

    /// The entry the login file names.
    fn entry(h: &Harness) -> EntryName {
        let stored = h.stored();
        assert_eq!(stored["version"], 3, "{stored}");
        assert_eq!(stored["secrets"], "keyring", "{stored}");
        assert!(stored.get("access_token").is_none(), "{stored}");
        assert!(stored.get("refresh_token").is_none(), "{stored}");
        assert_eq!(stored["refreshable"], true, "{stored}");
        EntryName::parse(stored["keyring_entry"].as_str().unwrap()).unwrap()
    }

    /// The tokens in the login's keyring entry; checks that neither is in its file.
    fn tokens(h: &Harness, keyring: &Keyring) -> (String, String) {
        let pair: Pair = keyring
            .read(&entry(h))
            .expect("the Secret Service answers")
            .expect("the entry is there");
        let access = pair.access_token.expose().to_owned();
        let refresh = pair.refresh_token.unwrap().expose().to_owned();
        let file = std::fs::read_to_string(h.store_path()).unwrap();
        assert!(
            !file.contains(&access) && !file.contains(&refresh),
            "{file}"
        );
        (access, refresh)
    }

    fn assert_no_tokens(run: &Run, (access, refresh): &(String, String)) {
        assert_no_secrets(run);
        for token in [access, refresh] {
            assert!(
                !run.stdout.contains(token.as_str()) && !run.stderr.contains(token.as_str()),
                "{run:?}"
            );
        }
    }

    async fn login(h: &Harness) -> Run {
        let run = h
            .run_consenting(
                h.with_keyring().args(["auth", "login"]),
                Decision::Authorize,
            )
            .await;
        assert_eq!(run.code, 0, "{run:?}");
        run
    }

    #[tokio::test(flavor = "multi_thread")]
    #[ignore = "needs a Secret Service on a D-Bus session bus: run .ci/keyring-tests"]
    async fn login_warm_post_refresh_with_rotation_and_logout_in_the_keyring() {
        let keyring = secret_service();
        let h = Harness::new().await;
        let run = login(&h).await;
        let entry = entry(&h);
        assert!(
            run.stderr
                .contains(&format!("Login stored in the system keyring ({entry})")),
            "{run:?}"
        );
        assert!(!run.stderr.contains("No system keyring"), "{run:?}");
        let first = tokens(&h, &keyring);
        assert_no_tokens(&run, &first);
        // Only the user's entry is left: the consent's temporary one is gone.
        let mode = std::fs::metadata(h.store_path())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);

        let run = h.run(h.with_keyring().args(["auth", "status"])).await;
        assert_eq!(run.code, 0, "{run:?}");
        assert!(
            run.stdout
                .contains(&format!("tokens:     the system keyring ({entry})")),
            "{run:?}"
        );
        assert!(
            run.stdout.contains("X says:     the token is accepted"),
            "{run:?}"
        );
        assert_no_tokens(&run, &first);
        let (run, json) = status_json(&h, &mut h.with_keyring()).await;
        assert_eq!(run.code, 0, "{run:?}");
        assert_eq!(json["secrets"], "keyring", "{json}");
        let run = h.run(h.with_keyring().args(["auth", "token"])).await;
        assert_eq!(
            run.stdout.trim(),
            first.0,
            "auth token prints the keyring's token"
        );

        // A warm post: the token from the keyring, no token request.
        let before = count(&h.sandbox.requests(), "POST", TOKEN);
        let run = h.run(h.with_keyring().arg("warm from the keyring")).await;
        assert_eq!(run.code, 0, "{run:?}");
        assert_no_tokens(&run, &first);
        assert_eq!(count(&h.sandbox.requests(), "POST", TOKEN), before);
        let posts = h.sandbox.posts();
        assert_eq!(posts.len(), 1);
        assert_eq!(posts[0].text, "warm from the keyring");

        // A refresh: one token request, the rotated pair back in the same entry.
        h.expire_login();
        let run = h.run(h.with_keyring().arg("after a refresh")).await;
        assert_eq!(run.code, 0, "{run:?}");
        assert_eq!(count(&h.sandbox.requests(), "POST", TOKEN), before + 1);
        assert_eq!(super::entry_of(&h), entry);
        let second = tokens(&h, &keyring);
        assert_ne!(second.0, first.0, "a new access token");
        assert_ne!(second.1, first.1, "the refresh token rotated");
        assert!(h.stored()["expires_at"].as_u64().unwrap() > unix_now() + 3600);
        assert_no_tokens(&run, &second);
        assert_eq!(h.sandbox.posts().len(), 2);

        // Logout: revoked, and gone from the keyring and the disk.
        let run = h.run(h.with_keyring().args(["auth", "logout"])).await;
        assert_eq!(run.code, 0, "{run:?}");
        assert!(
            run.stderr.contains("and its tokens in the system keyring"),
            "{run:?}"
        );
        assert!(!h.store_path().exists());
        assert_eq!(keyring.read(&entry), Ok(None));
    }

    #[tokio::test(flavor = "multi_thread")]
    #[ignore = "needs a Secret Service on a D-Bus session bus: run .ci/keyring-tests"]
    async fn eight_processes_share_one_refresh_through_the_keyring() {
        let keyring = secret_service();
        let h = Harness::new().await;
        login(&h).await;
        let entry = entry(&h);
        let first = tokens(&h, &keyring);
        h.expire_login();
        let before = count(&h.sandbox.requests(), "POST", TOKEN);
        let children: Vec<_> = (0..8)
            .map(|i| {
                h.with_keyring()
                    .arg(format!("racing keyring post {i}"))
                    .spawn()
                    .expect("xpost starts")
            })
            .collect();
        let runs = join_all(children.into_iter().map(finish)).await;
        for run in &runs {
            assert_eq!(run.code, 0, "{run:?}");
            assert_no_tokens(run, &first);
        }
        assert_eq!(
            count(&h.sandbox.requests(), "POST", TOKEN) - before,
            1,
            "one refresh between them: {:?}",
            h.sandbox.requests()
        );
        assert_eq!(h.sandbox.posts().len(), 8);
        // The rotated pair is in the same entry, and it is the live one.
        assert_eq!(super::entry_of(&h), entry);
        let second = tokens(&h, &keyring);
        assert_ne!(second.1, first.1);
        let run = h.run(h.with_keyring().arg("after the race")).await;
        assert_eq!(run.code, 0, "{run:?}");
        assert_eq!(count(&h.sandbox.requests(), "POST", TOKEN) - before, 1);
    }

    #[tokio::test(flavor = "multi_thread")]
    #[ignore = "needs a Secret Service on a D-Bus session bus: run .ci/keyring-tests"]
    async fn a_login_in_the_file_moves_into_the_keyring_once_one_answers() {
        let keyring = secret_service();
        // Made where no keyring answered: in the file.
        let h = Harness::new().await;
        h.login().await;
        assert_in_file(&h);
        let old_refresh = h.stored()["refresh_token"].as_str().unwrap().to_owned();
        // A warm post with the keyring there reads the file, and writes nothing.
        let run = h.run(h.with_keyring().arg("warm from the file")).await;
        assert_eq!(run.code, 0, "{run:?}");
        assert_in_file(&h);
        // The next refresh moves it.
        h.expire_login();
        let run = h.run(h.with_keyring().arg("moved at the refresh")).await;
        assert_eq!(run.code, 0, "{run:?}");
        let (_, refresh) = tokens(&h, &keyring);
        assert_ne!(refresh, old_refresh);
        let run = h
            .run(h.with_keyring().args(["auth", "list", "--json"]))
            .await;
        let listed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(listed["accounts"][0]["secrets"], "keyring", "{listed}");

        // And at the next login.
        let h = Harness::new().await;
        h.login().await;
        assert_in_file(&h);
        login(&h).await;
        tokens(&h, &keyring);

        // --insecure-storage takes it back out, and the entry goes.
        let entry = entry(&h);
        h.expire_login();
        let run = h
            .run(
                h.with_keyring()
                    .args(["--insecure-storage", "out of the keyring"]),
            )
            .await;
        assert_eq!(run.code, 0, "{run:?}");
        assert!(run.stderr.contains("from the keyring to"), "{run:?}");
        assert_in_file(&h);
        assert_eq!(keyring.read(&entry), Ok(None));
    }

    #[tokio::test(flavor = "multi_thread")]
    #[ignore = "needs a Secret Service on a D-Bus session bus: run .ci/keyring-tests"]
    async fn when_the_secret_service_stops_answering_the_login_waits_for_it() {
        let keyring = secret_service();
        let h = Harness::new().await;
        login(&h).await;
        let first = tokens(&h, &keyring);
        let kept = std::fs::read(h.store_path()).unwrap();
        let before = h.sandbox.requests().len();
        let tokens_before = count(&h.sandbox.requests(), "POST", TOKEN);
        // The same login from a session where the Secret Service cannot be reached.
        h.expire_login();
        let run = h.run(h.xpost().arg("never sent")).await;
        assert_keyring_silent(&h, &run, before);
        assert!(run.stderr.contains("--insecure-storage"), "{run:?}");
        let mut kept_now: serde_json::Value = serde_json::from_slice(&kept).unwrap();
        kept_now["expires_at"] = h.stored()["expires_at"].clone();
        assert_eq!(h.stored(), kept_now, "nothing switched to the file");
        assert_eq!(tokens(&h, &keyring), first, "nothing refreshed");
        // Back where it answers, the login works: refreshed once.
        let run = h.run(h.with_keyring().arg("the keyring is back")).await;
        assert_eq!(run.code, 0, "{run:?}");
        assert_eq!(
            count(&h.sandbox.requests(), "POST", TOKEN),
            tokens_before + 1
        );
        assert_eq!(h.sandbox.posts().len(), 1);
        assert_ne!(tokens(&h, &keyring).1, first.1);
    }

    #[tokio::test(flavor = "multi_thread")]
    #[ignore = "needs a Secret Service on a D-Bus session bus: run .ci/keyring-tests"]
    async fn an_app_set_up_keeps_its_secrets_in_the_keyring_only_and_remove_deletes_them() {
        use crate::setup::{bare, config_file, config_home, files_with_secrets};
        let keyring = secret_service();
        let h = Harness::new().await;
        let run = h
            .run(
                h.with_keyring()
                    .env("XDG_CONFIG_HOME", config_home(&h))
                    .args(["auth", "setup", "--from-env", "--json"]),
            )
            .await;
        assert_eq!(run.code, 0, "{run:?}");
        assert_no_secrets(&run);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(report["secrets"], "keyring", "{report}");
        let text = std::fs::read_to_string(config_file(&h)).unwrap();
        let stored: serde_json::Value = serde_json::from_str(&text).unwrap();
        let entry = EntryName::parse(stored["apps"][0]["keyring"].as_str().unwrap()).unwrap();
        let held = keyring
            .read_text(&entry)
            .unwrap()
            .expect("the entry is there");
        assert!(held.contains(xpost_sandbox::CREDENTIALS.access_token_secret));
        assert!(
            files_with_secrets(h.dir.path()).is_empty(),
            "a secret is in a file: {text}"
        );

        // From another directory, nothing set but the session's bus: the keyring's secrets.
        let elsewhere = tempfile::tempdir().unwrap();
        let mut cmd = bare(&h, elsewhere.path());
        cmd.env(
            "DBUS_SESSION_BUS_ADDRESS",
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS").unwrap(),
        );
        let run = h
            .run(cmd.args(["--auth", "oauth1", "with the keys from the keyring"]))
            .await;
        assert_eq!(run.code, 0, "{run:?}");
        assert_eq!(h.sandbox.posts().len(), 1);
        let mut cmd = bare(&h, elsewhere.path());
        cmd.env(
            "DBUS_SESSION_BUS_ADDRESS",
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS").unwrap(),
        );
        let run = h
            .run(cmd.args(["auth", "status", "--auth", "oauth1"]))
            .await;
        assert_eq!(run.code, 0, "{run:?}");
        assert!(
            run.stdout.contains(&format!(
                "X_API_SECRET           the system keyring ({entry})"
            )),
            "{run:?}"
        );
        assert_no_secrets(&run);

        let mut cmd = bare(&h, elsewhere.path());
        cmd.env(
            "DBUS_SESSION_BUS_ADDRESS",
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS").unwrap(),
        );
        let run = h.run(cmd.args(["auth", "setup", "--remove"])).await;
        assert_eq!(run.code, 0, "{run:?}");
        assert_eq!(
            keyring.read_text(&entry).unwrap(),
            None,
            "the entry is gone"
        );
        assert!(!config_file(&h).exists());
    }
}

/// The keyring entry the stored login names.
fn entry_of(h: &Harness) -> xpost::auth::keyring::EntryName {
    xpost::auth::keyring::EntryName::parse(h.stored()["keyring_entry"].as_str().unwrap()).unwrap()
}
