//! Several accounts: logins kept per X user, `--account` and `XPOST_ACCOUNT`, `auth list`,
//! `auth switch`, `auth logout` of one, unknown names, a store of the layout before accounts
//! moved without a consent, and per-login locks.

use std::fs::File;
use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;

use xpost_sandbox::{AuthMethod, Decision, SECOND_ACCOUNT, USER_ID, USERNAME};

use crate::util::{Collected, Harness, PNG, assert_no_secrets, count, finish, unix_now};

const TOKEN: &str = "/2/oauth2/token";
const AUTHORIZE: &str = "/i/oauth2/authorize";

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// A harness with the sandbox's account logged in (the default), then its second account.
async fn two_accounts() -> Harness {
    let h = Harness::new().await;
    let first = h.login().await;
    assert_eq!(first.stdout.trim(), format!("@{USERNAME}"), "{first:?}");
    assert!(h.sandbox.sign_in_as(SECOND_ACCOUNT.user_id));
    let second = h
        .run_consenting(h.xpost().args(["auth", "login"]), Decision::Authorize)
        .await;
    assert_eq!(second.code, 0, "{second:?}");
    assert_eq!(
        second.stdout.trim(),
        format!("@{}", SECOND_ACCOUNT.username),
        "{second:?}"
    );
    assert_no_secrets(&second);
    assert!(h.login_path(SECOND_ACCOUNT.user_id).exists());
    assert!(h.login_path(USER_ID).exists(), "the first login is kept");
    h
}

/// The author of the last post the sandbox took.
fn last_author(h: &Harness) -> String {
    h.sandbox.posts().last().expect("a post").author_id.clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_accounts_post_each_as_asked_and_list_switch_and_logout_one() {
    let h = two_accounts().await;
    let second = SECOND_ACCOUNT.username;

    // The first login is the default; --account picks the other, in any position and case.
    let run = h.run(h.xpost().arg("as the default")).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(last_author(&h), USER_ID);
    let run = h
        .run(h.xpost().args(["as the second", "--account", second]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(last_author(&h), SECOND_ACCOUNT.user_id);
    assert!(
        run.stdout.contains(&format!("/{second}/status/")),
        "the URL names the account: {run:?}"
    );
    let upper = format!("@{}", second.to_uppercase());
    let run = h
        .run(
            h.xpost()
                .env("XPOST_ACCOUNT", &upper)
                .arg("through XPOST_ACCOUNT"),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(last_author(&h), SECOND_ACCOUNT.user_id);
    // The flag wins over the variable.
    let run = h
        .run(
            h.xpost()
                .env("XPOST_ACCOUNT", second)
                .args(["--account", USERNAME, "the flag wins"]),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(last_author(&h), USER_ID);

    // The OAuth 1.0a keys are the first account's: they upload for it, not for the second,
    // whose post uploads with its own OAuth 2.0 token.
    let png = h.file("a.png", PNG);
    let run = h
        .run(h.xpost().args(["first's image", "--image"]).arg(&png))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let media = h.sandbox.media();
    assert_eq!(media.last().unwrap().auth, AuthMethod::OAuth1);
    assert_eq!(media.last().unwrap().owner_id, USER_ID);
    let run = h
        .run(
            h.xpost()
                .args(["--account", second, "second's image", "--image"])
                .arg(&png),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("another account"), "{run:?}");
    let media = h.sandbox.media();
    assert_eq!(media.last().unwrap().auth, AuthMethod::OAuth2);
    assert_eq!(media.last().unwrap().owner_id, SECOND_ACCOUNT.user_id);
    let post = h.sandbox.posts().last().unwrap().clone();
    assert_eq!(post.author_id, SECOND_ACCOUNT.user_id);
    assert_eq!(post.media_ids, [media.last().unwrap().id.clone()]);

    // auth list: both, the default marked.
    let run = h.run(h.xpost().args(["auth", "list"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(&run);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{run:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("* @{USERNAME} "))),
        "{run:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("  @{second} "))),
        "{run:?}"
    );
    assert!(run.stdout.contains("tweet.write"), "{run:?}");
    let run = h.run(h.xpost().args(["auth", "list", "--json"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    let listed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let accounts = listed["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 2, "{listed}");
    let by_name = |name: &str| {
        accounts
            .iter()
            .find(|a| a["username"] == name)
            .unwrap_or_else(|| panic!("{name} listed: {listed}"))
            .clone()
    };
    assert_eq!(by_name(USERNAME)["default"], true);
    assert_eq!(by_name(second)["default"], false);
    assert_eq!(by_name(second)["user_id"], SECOND_ACCOUNT.user_id);
    assert_eq!(by_name(second)["account"], second);
    assert!(by_name(second)["expires_at"].as_u64().unwrap() > unix_now());
    assert_eq!(by_name(second)["refreshable"], true);
    assert!(
        by_name(second)["scopes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "media.write")
    );
    assert!(!run.stdout.contains("access_token"), "{run:?}");

    // auth switch: the other becomes the default.
    let run = h
        .run(h.xpost().args(["auth", "switch", &format!("@{second}")]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout.trim(), format!("@{second}"), "{run:?}");
    let run = h.run(h.xpost().arg("after the switch")).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(last_author(&h), SECOND_ACCOUNT.user_id);
    let run = h.run(h.xpost().args(["auth", "status", "--json"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    let status: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(status["username"], second);

    // auth logout of the first leaves the second working, and still the default.
    let run = h
        .run(h.xpost().args(["auth", "logout", "--account", USERNAME]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout.trim(), format!("@{USERNAME}"), "{run:?}");
    assert!(!h.login_path(USER_ID).exists());
    assert!(h.login_path(SECOND_ACCOUNT.user_id).exists());
    let run = h.run(h.xpost().arg("the second goes on")).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(last_author(&h), SECOND_ACCOUNT.user_id);
    let run = h.run(h.xpost().args(["auth", "list"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout.lines().count(), 1, "{run:?}");
    assert!(run.stdout.starts_with(&format!("* @{second} ")), "{run:?}");

    // Logging out the default makes no other one the default when none is left.
    let run = h.run(h.xpost().args(["auth", "logout"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    let run = h.run(h.xpost().args(["auth", "list"])).await;
    assert_eq!(run.code, 77, "{run:?}");
    assert!(!h.browser_was_opened());
}

#[tokio::test(flavor = "multi_thread")]
async fn logging_out_the_default_makes_the_other_the_default() {
    let h = two_accounts().await;
    let run = h.run(h.xpost().args(["auth", "logout"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("@{} is now the default", SECOND_ACCOUNT.username)),
        "{run:?}"
    );
    let run = h.run(h.xpost().arg("the other one posts")).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(last_author(&h), SECOND_ACCOUNT.user_id);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_account_exits_77_naming_the_known_ones_and_sends_nothing() {
    let h = two_accounts().await;
    let before = h.sandbox.requests().len();
    for args in [
        vec!["--account", "nobody", "hello"],
        vec!["auth", "status", "--account", "@nobody"],
        vec!["auth", "switch", "nobody"],
        vec!["auth", "logout", "--account", "nobody"],
        vec!["auth", "token", "--account", "nobody"],
    ] {
        let run = h.run(h.xpost().args(&args)).await;
        assert_eq!(run.code, 77, "{args:?}: {run:?}");
        assert!(run.stderr.contains("no login for @nobody"), "{run:?}");
        assert!(
            run.stderr.contains(&format!("@{USERNAME} (default)")),
            "{run:?}"
        );
        assert!(
            run.stderr
                .contains(&format!("@{}", SECOND_ACCOUNT.username)),
            "{run:?}"
        );
        assert_no_secrets(&run);
    }
    let run = h
        .run(h.xpost().env("XPOST_ACCOUNT", "nobody").arg("hello"))
        .await;
    assert_eq!(run.code, 77, "{run:?}");
    assert_eq!(h.sandbox.requests().len(), before, "nothing was sent");
    assert!(h.sandbox.posts().is_empty());
    assert!(!h.browser_was_opened());
}

/// Writes `login` in the one-file layout of xpost before accounts (`$XPOST_HOME/login.json`,
/// 0600), as the starting commit did, and removes the new layout.
fn write_old_store(h: &Harness, login: &serde_json::Value) -> std::path::PathBuf {
    let old = serde_json::json!({
        "version": 1,
        "api_base": login["api_base"],
        "client_id": login["client_id"],
        "access_token": login["access_token"],
        "refresh_token": login["refresh_token"],
        "expires_at": login["expires_at"],
        "scopes": login["scopes"],
        "user_id": login["user_id"],
        "username": login["username"],
    });
    std::fs::remove_dir_all(h.state_dir()).unwrap();
    std::fs::create_dir(h.state_dir()).unwrap();
    std::fs::set_permissions(h.state_dir(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let path = h.state_dir().join("login.json");
    std::fs::write(&path, serde_json::to_string_pretty(&old).unwrap() + "\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn a_store_of_the_layout_before_accounts_is_moved_without_a_consent() {
    let h = Harness::new().await;
    h.login().await;
    let login = h.stored();
    let old = write_old_store(&h, &login);
    let before = h.sandbox.requests();

    let run = h.run(h.xpost().arg("from an old store")).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(&run);
    assert_eq!(last_author(&h), USER_ID);
    let after = h.sandbox.requests();
    assert_eq!(
        count(&after, "GET", AUTHORIZE),
        count(&before, "GET", AUTHORIZE),
        "no consent"
    );
    assert_eq!(count(&after, "POST", TOKEN), count(&before, "POST", TOKEN));
    assert!(!h.browser_was_opened());

    // Moved: the old file is gone, the login is in its own private file, and the default.
    assert!(!old.exists());
    let moved = h.stored();
    assert_eq!(moved["refresh_token"], login["refresh_token"]);
    assert_eq!(moved["access_token"], login["access_token"]);
    // In the format of now, its tokens still in the file: no keyring answers here.
    assert_eq!(moved["version"], 3);
    assert_eq!(moved["secrets"], "file");
    assert_eq!(mode(&h.store_path()), 0o600);
    assert_eq!(mode(&h.state_dir().join("logins")), 0o700);
    let run = h.run(h.xpost().args(["auth", "list", "--json"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    let listed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(listed["accounts"][0]["username"], USERNAME);
    assert_eq!(listed["accounts"][0]["default"], true);

    // Any command moves it, auth switch (which takes the store's lock itself) too.
    let old = write_old_store(&h, &h.stored());
    let run = h.run(h.xpost().args(["auth", "switch", USERNAME])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!old.exists());
    // auth login moves it before the consent, then replaces it with the new login.
    let before = h.stored();
    let old = write_old_store(&h, &before);
    let run = h
        .run_consenting(h.xpost().args(["auth", "login"]), Decision::Authorize)
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!old.exists());
    assert_ne!(h.stored()["refresh_token"], before["refresh_token"]);
    let listed = h.run(h.xpost().args(["auth", "list"])).await;
    assert_eq!(listed.stdout.lines().count(), 1, "{listed:?}");

    // An expired old store is refreshed as it is moved: the refresh token is not lost.
    let mut expired = h.stored();
    expired["expires_at"] = (unix_now() - 10).into();
    let old = write_old_store(&h, &expired);
    h.sandbox.expire_access_tokens();
    let run = h.run(h.xpost().arg("an old store, refreshed")).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!old.exists());
    assert!(h.stored()["expires_at"].as_u64().unwrap() > unix_now() + 3600);
    assert!(!h.browser_was_opened());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_old_store_that_is_corrupt_or_open_to_others_is_reported_and_left_alone() {
    let h = Harness::new().await;
    h.login().await;
    let login = h.stored();
    let old = write_old_store(&h, &login);
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = h.run(h.xpost().arg("from a readable old store")).await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(
        run.stderr.contains(&format!("chmod 600 {}", old.display())),
        "{run:?}"
    );
    assert!(old.exists(), "left where it is");
    let whole = std::fs::read(&old).unwrap();
    let cut = &whole[..whole.len() / 2];
    std::fs::write(&old, cut).unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = h.run(h.xpost().arg("from a corrupt old store")).await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(run.stderr.contains("unreadable"), "{run:?}");
    assert_no_secrets(&run);
    assert_eq!(std::fs::read(&old).unwrap(), cut, "left untouched");
    assert!(h.sandbox.posts().is_empty());
    assert!(!h.browser_was_opened());
}

#[tokio::test(flavor = "multi_thread")]
async fn refreshing_one_account_never_waits_on_another() {
    let h = two_accounts().await;
    // Both logins expire: every run below refreshes.
    for id in [USER_ID, SECOND_ACCOUNT.user_id] {
        let path = h.login_path(id);
        let mut login: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        login["expires_at"] = (unix_now() - 10).into();
        std::fs::write(&path, serde_json::to_string_pretty(&login).unwrap()).unwrap();
    }
    h.sandbox.expire_access_tokens();

    // Another run holds the first account's lock (it is refreshing it), and the store's own
    // lock (it is waiting for a consent): the second account refreshes and posts meanwhile.
    let held = File::open(h.state_dir().join("logins").join(format!("{USER_ID}.lock"))).unwrap();
    held.lock().unwrap();
    let store = File::open(h.state_dir().join("login.lock")).unwrap();
    store.lock().unwrap();
    let run = h
        .run(
            h.xpost()
                .args(["--account", SECOND_ACCOUNT.username, "not waiting"]),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("waits"), "{run:?}");
    assert_eq!(last_author(&h), SECOND_ACCOUNT.user_id);

    // The first account's run does wait for its own lock, then refreshes.
    let mut cmd = h.xpost();
    cmd.arg("waiting for my lock").stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let stderr = Collected::from(child.stderr.take().unwrap());
    stderr.wait_for("this run waits").await;
    assert_eq!(h.sandbox.posts().len(), 1);
    drop(held);
    let run = finish(child).await;
    assert_eq!(run.code, 0, "{run:?} {}", stderr.text());
    assert_eq!(last_author(&h), USER_ID);
    drop(store);
    assert!(!h.browser_was_opened());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_account_whose_grant_is_gone_asks_for_its_own_login() {
    let h = two_accounts().await;
    // The second account's grant is gone; at a terminal xpost would ask for its consent. Here
    // nobody is at one: the run exits 77 and asks for a login of that account.
    h.sandbox.revoke_all_grants();
    h.sandbox.expire_access_tokens();
    let path = h.login_path(SECOND_ACCOUNT.user_id);
    let mut login: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    login["expires_at"] = (unix_now() - 10).into();
    std::fs::write(&path, serde_json::to_string_pretty(&login).unwrap()).unwrap();
    let run = h
        .run(
            h.xpost()
                .args(["--account", SECOND_ACCOUNT.username, "needs a login"]),
        )
        .await;
    assert_eq!(run.code, 77, "{run:?}");
    assert!(run.stderr.contains("xpost auth login"), "{run:?}");
    assert!(h.sandbox.posts().is_empty());
}
