//! `xpost auth setup`: an app set up once, in one directory, and used from another with an
//! empty environment; keys X refuses asked again and never kept; secrets in no file but the
//! announced one (the keyring's side is in `keyring.rs`); `--remove` leaving nothing behind;
//! a `./.env` naming its own server never getting the stored secrets.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::process::Command;
use xpost_sandbox::{CREDENTIALS, Decision, USERNAME};

use crate::util::{Collected, Harness, Run, assert_no_secrets, no_bus};

/// The user's configuration directory in this test (`$XDG_CONFIG_HOME`).
pub fn config_home(h: &Harness) -> PathBuf {
    h.dir.path().join("config")
}

/// The configuration file `auth setup` writes.
pub fn config_file(h: &Harness) -> PathBuf {
    config_home(h).join("xpost").join("config.json")
}

/// The harness's xpost (the sandbox's app in its environment), with this test's
/// configuration directory.
fn with_config(h: &Harness) -> Command {
    let mut cmd = h.xpost();
    cmd.env("XDG_CONFIG_HOME", config_home(h));
    cmd
}

/// xpost in `dir`, with nothing in its environment but where its home, configuration and
/// logins are: no `X_*` variable at all.
pub fn bare(h: &Harness, dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xpost"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", h.dir.path())
        .env("XDG_CONFIG_HOME", config_home(h))
        .env("XPOST_HOME", h.state_dir())
        .env("DBUS_SESSION_BUS_ADDRESS", no_bus(h.dir.path()))
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    cmd
}

/// The secrets of the sandbox's app.
fn secrets() -> [&'static str; 4] {
    [
        CREDENTIALS.client_secret,
        CREDENTIALS.api_secret,
        CREDENTIALS.access_token,
        CREDENTIALS.access_token_secret,
    ]
}

/// Every file under `dir` that holds one of the app's secrets.
pub fn files_with_secrets(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                let text = String::from_utf8_lossy(&bytes);
                if secrets().iter().any(|s| text.contains(s)) {
                    found.push(path);
                }
            }
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread")]
async fn set_up_from_the_environment_once_then_post_from_anywhere_with_nothing_set() {
    let h = Harness::new().await;
    let run = h
        .run(with_config(&h).args(["auth", "setup", "--from-env"]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(&run);
    assert!(run.stdout.starts_with("Set up the app default."), "{run:?}");
    assert!(
        run.stderr.contains(&format!(
            "X accepts the OAuth 1.0a keys: they post as @{USERNAME}"
        )),
        "{run:?}"
    );
    // No keyring answers here: the secrets go to the configuration file, which is said.
    assert!(
        run.stderr
            .contains("the system keyring could not keep the app's secrets"),
        "{run:?}"
    );
    let mode = std::fs::metadata(config_file(&h))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    assert_eq!(files_with_secrets(h.dir.path()), vec![config_file(&h)]);

    // Another directory, an environment without a single X_* variable.
    let elsewhere = tempfile::tempdir().unwrap();
    let run = h
        .run(bare(&h, elsewhere.path()).args(["--auth", "oauth1", "posted from elsewhere"]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(&run);
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1, "{run:?}");
    assert_eq!(posts[0].text, "posted from elsewhere");

    // Where each value came from, never the value.
    let run = h
        .run(bare(&h, elsewhere.path()).args(["auth", "status", "--auth", "oauth1"]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(&run);
    let shown = config_file(&h).display().to_string();
    for name in ["X_API_BASE", "X_CLIENT_ID", "X_API_SECRET"] {
        let line = run
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("{name} is not shown: {run:?}"));
        assert!(line.contains("your configuration"), "{line}");
        assert!(line.contains(&shown), "{line}");
    }
    // The environment wins, and says so.
    let run = h
        .run(
            bare(&h, elsewhere.path())
                .env("X_CLIENT_ID", CREDENTIALS.client_id)
                .args(["auth", "status", "--auth", "oauth1", "--json"]),
        )
        .await;
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let sources = json["sources"].as_array().unwrap();
    let of = |name: &str| {
        sources
            .iter()
            .find(|s| s["name"] == name)
            .map(|s| s["source"].as_str().unwrap().to_owned())
    };
    assert_eq!(of("X_CLIENT_ID").as_deref(), Some("the environment"));
    assert!(
        of("X_ACCESS_TOKEN")
            .unwrap()
            .starts_with("your configuration")
    );

    // Removed: nothing is left, and nothing posts.
    let run = h
        .run(bare(&h, elsewhere.path()).args(["auth", "setup", "--remove"]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!config_file(&h).exists());
    assert!(files_with_secrets(h.dir.path()).is_empty());
    let run = h
        .run(bare(&h, elsewhere.path()).args(["--auth", "oauth1", "not posted"]))
        .await;
    assert_eq!(run.code, 78, "{run:?}");
    assert_eq!(h.sandbox.posts().len(), 1);
}

/// Everything a run checks before sending reads the app set up once, the long text's limit
/// included: with nothing set, a text over 280 is checked against the account's subscription
/// (here, none: refused with 65, nothing posted), not refused as if nothing were set up (78);
/// and the run reads its variables once, so a `./.env`'s warning is said once.
#[tokio::test(flavor = "multi_thread")]
async fn a_long_text_is_checked_with_the_app_set_up_once() {
    let h = Harness::new().await;
    let run = h
        .run(with_config(&h).args(["auth", "setup", "--from-env"]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join(".env"), "BROWSER=firefox\n").unwrap();
    std::fs::write(
        elsewhere.path().join("article.md"),
        "# A title\n\nSome text.\n",
    )
    .unwrap();
    let long = "word ".repeat(100);
    // A dry run asks X nothing: with the OAuth 1.0a keys it checks against the longest any
    // account may post; the real run asks X the account's subscription first.
    let cases = [
        (vec!["--auth", "oauth1", "--dry-run", long.as_str()], 0),
        (
            vec![
                "edit",
                "--auth",
                "oauth1",
                "--dry-run",
                "1700000000000000099",
                long.as_str(),
            ],
            0,
        ),
        (vec!["--auth", "oauth1", long.as_str()], 65),
        (
            vec!["article", "--auth", "oauth1", "--dry-run", "article.md"],
            0,
        ),
    ];
    for (args, code) in cases {
        let run = h.run(bare(&h, elsewhere.path()).args(&args)).await;
        assert_eq!(run.code, code, "{args:?}: {run:?}");
        if args[0] == "article" {
            assert!(run.stdout.contains("A title"), "{args:?}: {run:?}");
        } else if code == 0 {
            assert!(run.stdout.contains("500/25000"), "{args:?}: {run:?}");
        } else {
            assert!(run.stderr.contains("too long"), "{args:?}: {run:?}");
        }
        assert_eq!(
            run.stderr.matches("./.env sets BROWSER").count(),
            1,
            "{args:?}: {run:?}"
        );
    }
    assert!(h.sandbox.posts().is_empty());
}

/// The post's own checks come before the configuration's: an app that is not set up ends a
/// run with 78 only after the text and the plan were checked, and after a dry run showed the
/// post.
#[tokio::test(flavor = "multi_thread")]
async fn a_missing_app_is_said_after_the_posts_own_checks() {
    let h = Harness::new().await;
    let elsewhere = tempfile::tempdir().unwrap();
    let run = h
        .run(bare(&h, elsewhere.path()).args(["--app", "nosuch", "--dry-run", "hello"]))
        .await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(
        run.stdout.contains("5/280"),
        "the dry run showed the post: {run:?}"
    );
    assert!(run.stderr.contains("nosuch"), "{run:?}");
    let quoting = ["--app", "nosuch", "--quote", "1700000000000000099", "hi"];
    let run = h.run(bare(&h, elsewhere.path()).args(quoting)).await;
    assert_eq!(run.code, 65, "the plan refuses the quote first: {run:?}");
    let long = "word ".repeat(100);
    let run = h
        .run(bare(&h, elsewhere.path()).args(["--app", "nosuch", long.as_str()]))
        .await;
    assert_eq!(run.code, 65, "the text is too long first: {run:?}");
    let editing = [
        "edit",
        "--app",
        "nosuch",
        "--dry-run",
        "1700000000000000099",
        "hi",
    ];
    let run = h.run(bare(&h, elsewhere.path()).args(editing)).await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(run.stdout.contains("would edit"), "{run:?}");
    assert!(h.sandbox.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn keys_x_refuses_are_not_kept() {
    let h = Harness::new().await;
    let run = h
        .run(
            with_config(&h)
                .env("X_ACCESS_TOKEN_SECRET", "not-the-right-one")
                .args(["auth", "setup", "--from-env"]),
        )
        .await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(!run.stderr.contains("not-the-right-one"), "{run:?}");
    assert!(!config_home(&h).join("xpost").join("config.json").exists());
    assert!(files_with_secrets(h.dir.path()).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dotenv_naming_its_own_server_never_gets_the_stored_secrets() {
    let h = Harness::new().await;
    let run = h
        .run(with_config(&h).args(["auth", "setup", "--from-env"]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    // A cloned repository whose .env names a server of its own, and nothing else.
    let hostile = tempfile::tempdir().unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let theirs = format!("http://{}", listener.local_addr().unwrap());
    std::fs::write(
        hostile.path().join(".env"),
        format!("X_API_BASE={theirs}\nX_AUTHORIZE_URL={theirs}/i/oauth2/authorize\n"),
    )
    .unwrap();
    listener.set_nonblocking(true).unwrap();
    let before = h.sandbox.requests().len();
    let run = h
        .run(bare(&h, hostile.path()).args(["--auth", "oauth1", "to their server"]))
        .await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(run.stderr.contains("X_API_KEY"), "{run:?}");
    assert!(
        listener.accept().is_err(),
        "their server was asked: {run:?}"
    );
    assert_eq!(h.sandbox.requests().len(), before);
    // An implicit ./.env is not kept by --from-env either.
    let run = h
        .run(
            bare(&h, hostile.path())
                .env("XDG_CONFIG_HOME", hostile.path().join("other"))
                .args(["auth", "setup", "--from-env", "--app", "theirs"]),
        )
        .await;
    assert_ne!(run.code, 0, "{run:?}");
    assert!(!hostile.path().join("other/xpost/config.json").exists());
}

/// xpost under `script`, so that its stdin, stdout and stderr are a terminal.
struct Terminal {
    child: tokio::process::Child,
    keyboard: tokio::process::ChildStdin,
    screen: Collected,
    errors: Collected,
}

fn at_terminal(cmd: &Command, dir: &Path, args: &[&str]) -> Terminal {
    let mut line = shell_words::quote(env!("CARGO_BIN_EXE_xpost")).into_owned();
    for arg in args {
        line.push(' ');
        line.push_str(&shell_words::quote(arg));
    }
    let mut script = Command::new("script");
    script.env_clear();
    for (name, value) in cmd.as_std().get_envs() {
        if let Some(value) = value {
            script.env(name, value);
        }
    }
    script
        .current_dir(dir)
        .args(["-qefc", &line, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = script.spawn().expect("script starts");
    Terminal {
        keyboard: child.stdin.take().unwrap(),
        screen: Collected::from(child.stdout.take().unwrap()),
        errors: Collected::from(child.stderr.take().unwrap()),
        child,
    }
}

impl Terminal {
    /// Types `line` once the screen shows `prompt` for the `nth` time (from 1): a secret typed
    /// before the terminal's echo is off would be shown.
    async fn answer(&mut self, prompt: &str, nth: usize, line: &str) {
        for _ in 0..800 {
            if self.screen.text().matches(prompt).count() >= nth {
                self.keyboard
                    .write_all(format!("{line}\n").as_bytes())
                    .await
                    .unwrap();
                self.keyboard.flush().await.unwrap();
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!(
            "the terminal never showed {prompt:?} ({nth}): {}",
            self.screen.text()
        );
    }

    async fn finish(mut self) -> Run {
        let status = tokio::time::timeout(Duration::from_secs(60), self.child.wait())
            .await
            .expect("xpost finishes within a minute")
            .unwrap();
        drop(self.keyboard);
        Run {
            code: status.code().unwrap_or(-1),
            stdout: self.screen.text(),
            stderr: self.errors.text(),
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn at_a_terminal_refused_keys_are_asked_again_and_secrets_never_shown() {
    let h = Harness::new().await;
    // Only where the sandbox is: the keys are typed.
    let mut cmd = with_config(&h);
    for name in [
        "X_CLIENT_ID",
        "X_CLIENT_SECRET",
        "X_API_KEY",
        "X_API_SECRET",
        "X_ACCESS_TOKEN",
        "X_ACCESS_TOKEN_SECRET",
    ] {
        cmd.env_remove(name);
    }
    let mut t = at_terminal(&cmd, h.dir.path(), &["auth", "setup"]);
    t.answer("How will xpost authorize?", 1, "2").await;
    // First the wrong access token secret, then the right one.
    for (nth, last) in [
        (1, "wrong-typed-secret"),
        (2, CREDENTIALS.access_token_secret),
    ] {
        t.answer("API Key: ", nth, CREDENTIALS.api_key).await;
        t.answer("API Key Secret (hidden): ", nth, CREDENTIALS.api_secret)
            .await;
        t.answer("Access Token (hidden): ", nth, CREDENTIALS.access_token)
            .await;
        t.answer("Access Token Secret (hidden): ", nth, last).await;
    }
    let run = t.finish().await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("Callback URI:    http://127.0.0.1:"),
        "the callback to register is shown: {run:?}"
    );
    assert!(run.stdout.contains("Read and write"), "{run:?}");
    assert!(run.stdout.contains("enter the four keys again"), "{run:?}");
    assert!(run.stdout.contains("Set up the app default."), "{run:?}");
    assert!(!run.stdout.contains("wrong-typed-secret"), "{run:?}");
    assert_no_secrets(&run);
    // What was refused was never kept; what X accepted was.
    let text = std::fs::read_to_string(config_file(&h)).unwrap();
    assert!(!text.contains("wrong-typed-secret"));
    assert!(text.contains(CREDENTIALS.api_key), "{text}");
    assert!(
        !text.contains("X_CLIENT_ID"),
        "only the keys were asked for: {text}"
    );

    let elsewhere = tempfile::tempdir().unwrap();
    let run = h
        .run(bare(&h, elsewhere.path()).arg("typed once, posted from elsewhere"))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(h.sandbox.posts().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn at_a_terminal_an_oauth2_app_logs_in_at_once_and_posts_from_elsewhere() {
    let h = Harness::new().await;
    let mut cmd = with_config(&h);
    for name in [
        "X_CLIENT_ID",
        "X_CLIENT_SECRET",
        "X_API_KEY",
        "X_API_SECRET",
        "X_ACCESS_TOKEN",
        "X_ACCESS_TOKEN_SECRET",
    ] {
        cmd.env_remove(name);
    }
    let mut t = at_terminal(&cmd, h.dir.path(), &["auth", "setup"]);
    t.answer("How will xpost authorize?", 1, "1").await;
    t.answer("OAuth 2.0 Client ID: ", 1, CREDENTIALS.client_id)
        .await;
    t.answer(
        "(hidden; empty for a Native App): ",
        1,
        CREDENTIALS.client_secret,
    )
    .await;
    t.answer("Log in now", 1, "").await;
    let url = h.wait_for_browser().await;
    let status = xpost_sandbox::consent_as_browser(&url, Decision::Authorize).await;
    assert_eq!(status, Ok(200));
    let run = t.finish().await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(&run);
    assert!(run.stdout.contains(&format!("@{USERNAME}")), "{run:?}");
    assert!(run.stdout.contains("Set up the app default."), "{run:?}");

    // Another directory, nothing set: the stored app and its login post.
    let elsewhere = tempfile::tempdir().unwrap();
    let run = h
        .run(bare(&h, elsewhere.path()).arg("with the login of the set-up"))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!h.browser_was_opened(), "{run:?}");
    assert_eq!(h.sandbox.posts().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_terminal_setup_says_to_use_from_env() {
    let h = Harness::new().await;
    let run = h.run(with_config(&h).args(["auth", "setup"])).await;
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--from-env"), "{run:?}");
    assert!(!config_file(&h).exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn apps_are_kept_by_name_and_the_first_is_the_default() {
    let h = Harness::new().await;
    for app in ["first", "second"] {
        let run = h
            .run(with_config(&h).args(["auth", "setup", "--from-env", "--app", app]))
            .await;
        assert_eq!(run.code, 0, "{run:?}");
    }
    let elsewhere = tempfile::tempdir().unwrap();
    let status = |app: Option<&'static str>| {
        let mut cmd = bare(&h, elsewhere.path());
        cmd.args(["auth", "status", "--auth", "oauth1", "--json"]);
        if let Some(app) = app {
            cmd.env("XPOST_APP", app);
        }
        cmd
    };
    let run = h.run(&mut status(None)).await;
    assert_eq!(run.code, 0, "{run:?}");
    let run = h.run(&mut status(Some("nope"))).await;
    assert_eq!(run.code, 78, "{run:?}");
    assert!(run.stderr.contains("first, second"), "{run:?}");
    let run = h
        .run(bare(&h, elsewhere.path()).args(["auth", "setup", "--remove", "--app", "first"]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let text = std::fs::read_to_string(config_file(&h)).unwrap();
    assert!(
        !text.contains("\"first\"") && text.contains("\"second\""),
        "{text}"
    );
    let run = h.run(&mut status(None)).await;
    assert_eq!(run.code, 0, "the second is the default now: {run:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn no_option_takes_a_secret() {
    let h = Harness::new().await;
    let run = h.run(h.xpost().args(["auth", "setup", "--help"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    for flag in ["--from-env", "--remove", "--app"] {
        assert!(run.stdout.contains(flag), "{flag}: {run:?}");
    }
    for word in ["--client-secret", "--api-secret", "--secret", "--token"] {
        assert!(!run.stdout.contains(word), "{word}: {run:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn at_a_terminal_an_app_x_does_not_know_is_asked_again_and_never_kept() {
    let h = Harness::new().await;
    let mut cmd = with_config(&h);
    for name in [
        "X_CLIENT_ID",
        "X_CLIENT_SECRET",
        "X_API_KEY",
        "X_API_SECRET",
        "X_ACCESS_TOKEN",
        "X_ACCESS_TOKEN_SECRET",
    ] {
        cmd.env_remove(name);
    }
    let mut t = at_terminal(
        &cmd,
        h.dir.path(),
        &["auth", "setup", "--auth-timeout", "2s"],
    );
    t.answer("How will xpost authorize?", 1, "1").await;
    t.answer("OAuth 2.0 Client ID: ", 1, "not-the-apps-id")
        .await;
    t.answer("(hidden; empty for a Native App): ", 1, "").await;
    t.answer("Log in now", 1, "y").await;
    // X's consent page refuses an app it does not know; nothing comes back.
    let url = h.wait_for_browser().await;
    let page = reqwest::get(&url).await.unwrap().text().await.unwrap();
    assert!(page.contains("This app is not known"), "{page}");
    t.answer("OAuth 2.0 Client ID: ", 2, CREDENTIALS.client_id)
        .await;
    t.answer(
        "(hidden; empty for a Native App): ",
        2,
        CREDENTIALS.client_secret,
    )
    .await;
    t.answer("Log in now", 2, "").await;
    let url = h.wait_for_browser().await;
    let status = xpost_sandbox::consent_as_browser(&url, Decision::Authorize).await;
    assert_eq!(status, Ok(200));
    let run = t.finish().await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("enter the app's keys again"), "{run:?}");
    assert_no_secrets(&run);
    let text = std::fs::read_to_string(config_file(&h)).unwrap();
    assert!(!text.contains("not-the-apps-id"), "{text}");
    assert!(text.contains(CREDENTIALS.client_id), "{text}");
}
