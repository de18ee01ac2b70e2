//! What a second hostile test found (issue 19), as another local user or a hostile working
//! directory would meet it, through real runs of the binary against the sandbox.

use std::path::Path;
use std::time::Duration;

use xpost_sandbox::Decision;

use crate::util::{Harness, finish, follow_start_link};

/// The uid of `nobody`: another local user, as whom a test reads what any user could.
const NOBODY: &str = "65534";

/// Whether these tests run as root, and so can act as another local user with `setpriv`.
fn root() -> bool {
    // SAFETY: getuid has no preconditions and cannot fail.
    unsafe { libc::getuid() == 0 }
}

/// A `$BROWSER` that writes what another local user reads of its command line
/// (`/proc/PID/cmdline`, NULs as spaces) to `file`, then exits. As root it reads it as
/// `nobody`; otherwise as itself, which sees the same.
fn watched_browser(file: &Path) -> String {
    let as_other = if root() {
        format!("setpriv --reuid={NOBODY} --regid={NOBODY} --clear-groups ")
    } else {
        String::new()
    };
    let script = format!(
        "{as_other}cat /proc/$$/cmdline | tr '\\0' ' ' > {file}.part; mv {file}.part {file}",
        file = shell_words::quote(&file.display().to_string())
    );
    format!("sh -c {} xpost-browser", shell_words::quote(&script))
}

/// Issue 19, item 1: the browser's command line, which every local user can read, carries a
/// one-time link on the listener, not the consent URL's state or code challenge; with what
/// it does carry nobody can consent in the person's place.
#[tokio::test(flavor = "multi_thread")]
async fn another_user_reads_no_state_or_challenge_on_the_browsers_command_line() {
    let h = Harness::new().await;
    let seen = h.dir.path().join("seen-cmdline");
    let mut cmd = h.xpost();
    cmd.env("BROWSER", watched_browser(&seen))
        .args(["auth", "login"]);
    let child = cmd.spawn().unwrap();
    let mut cmdline = None;
    for _ in 0..400 {
        if let Ok(text) = std::fs::read_to_string(&seen) {
            cmdline = Some(text);
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let cmdline = cmdline.expect("the browser was started and its command line read");
    assert!(cmdline.contains("xpost-browser"), "{cmdline}");
    for secret in ["state=", "code_challenge", "client_id", "oauth2/authorize"] {
        assert!(
            !cmdline.contains(secret),
            "another user reads {secret} on the browser's command line: {cmdline}"
        );
    }
    let link = cmdline
        .split_whitespace()
        .last()
        .expect("the link is the last argument")
        .to_owned();
    let prefix = format!("http://127.0.0.1:{}/", h.port);
    assert!(link.starts_with(&prefix), "a link on the listener: {link}");

    // The person's browser asks for the link once and reaches the consent page.
    let consent_url = follow_start_link(&link).await;
    assert!(
        consent_url.starts_with(&h.sandbox.authorize_url()),
        "{consent_url}"
    );
    let status = xpost_sandbox::consent_as_browser(&consent_url, Decision::Authorize).await;
    assert_eq!(status, Ok(200));
    let run = finish(child).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(h.store_path().exists());
}

/// Issue 19, item 1: when the link is asked for a second time (another user who read it
/// raced the browser), the login stops: whoever asked first may be consenting with their own
/// account, and their code is never taken.
#[tokio::test(flavor = "multi_thread")]
async fn a_start_link_asked_for_twice_stops_the_login_and_nothing_is_posted() {
    let h = Harness::new().await;
    let mut cmd = h.xpost();
    cmd.arg("meant for my own account");
    let (child, link) = h.spawn_until_browser_link(&mut cmd).await;

    // The other user gets there first and learns the consent URL, state and all.
    let stolen = follow_start_link(&link).await;
    // The person's browser comes second: refused, and told why.
    let second = reqwest::get(&link).await.unwrap();
    assert_eq!(second.status(), 410);
    let page = second.text().await.unwrap();
    assert!(page.contains("already used"), "{page}");

    // The other user consents with the stolen URL: the listener no longer takes it.
    let _ = xpost_sandbox::consent_as_browser(&stolen, Decision::Authorize).await;
    let run = finish(child).await;
    assert_eq!(run.code, 77, "{run:?}");
    assert!(
        run.stderr.contains("asked for a second time"),
        "says why the login stopped: {run:?}"
    );
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(h.sandbox.posts().is_empty(), "nothing is posted");
    assert!(!h.store_path().exists(), "no login is kept");
}

/// Issue 19, item 9: a FIFO as `./.env` (a hostile working directory) or as `--env-file`
/// would hold xpost forever waiting for a writer: it is refused at once, as login files are.
#[tokio::test(flavor = "multi_thread")]
async fn a_fifo_as_the_env_file_is_refused_at_once() {
    let h = Harness::new().await;
    let fifo = h.dir.path().join(".env");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for args in [vec!["never sent"], vec!["--env-file", ".env", "never sent"]] {
        let mut cmd = h.xpost();
        cmd.args(&args);
        let run = tokio::time::timeout(Duration::from_secs(20), h.run(&mut cmd))
            .await
            .unwrap_or_else(|_| panic!("xpost {args:?} waits on a FIFO"));
        assert_eq!(run.code, 78, "{args:?}: {run:?}");
        assert!(run.stderr.contains("not a regular file"), "{run:?}");
        assert!(h.sandbox.requests().is_empty());
    }
}

/// Issue 19, item 3: with only `X_CLIENT_ID` in the environment (a Native App: no secret to
/// refuse), a `./.env` that names another server is refused before anything is sent; so is one
/// that sets where post URLs point, or where logins are kept, without naming its server.
#[tokio::test(flavor = "multi_thread")]
async fn a_dotenv_cannot_take_a_public_clients_posts_urls_or_logins() {
    let h = Harness::with(xpost_sandbox::Options::default()).await;
    let other = xpost_sandbox::Sandbox::start(xpost_sandbox::Options {
        redirect_uris: vec![h.redirect_uri.clone()],
        ..xpost_sandbox::Options::default()
    })
    .await
    .unwrap();
    let public_client = |cmd: &mut tokio::process::Command| {
        for name in [
            "X_API_BASE",
            "X_AUTHORIZE_URL",
            "X_CLIENT_SECRET",
            "X_API_KEY",
            "X_API_SECRET",
            "X_ACCESS_TOKEN",
            "X_ACCESS_TOKEN_SECRET",
        ] {
            cmd.env_remove(name);
        }
    };
    let cases = [
        (
            format!(
                "X_API_BASE={0}\nX_AUTHORIZE_URL={0}/i/oauth2/authorize\n",
                other.base_url()
            ),
            "X_CLIENT_ID comes from the environment",
        ),
        (
            "X_WEB_BASE=https://x.com.example\n".to_owned(),
            "sets X_WEB_BASE",
        ),
        ("XPOST_HOME=.st\n".to_owned(), "sets XPOST_HOME"),
    ];
    for (dotenv, why) in cases {
        h.file(".env", dotenv.as_bytes());
        let mut cmd = h.xpost();
        public_client(&mut cmd);
        if !dotenv.contains("X_API_BASE") {
            // The real X is the sandbox here, from the environment.
            cmd.env("X_API_BASE", h.sandbox.base_url())
                .env("X_AUTHORIZE_URL", h.sandbox.authorize_url());
        }
        // What the environment sets wins over ./.env: here it sets no XPOST_HOME.
        cmd.env_remove("XPOST_HOME")
            .env("HOME", h.dir.path().join("home"))
            .args(["--auth-timeout", "5s", "meant for X"]);
        let run = h.run(&mut cmd).await;
        assert_eq!(run.code, 78, "{dotenv}: {run:?}");
        assert!(run.stderr.contains(why), "{dotenv}: {run:?}");
        assert!(run.stdout.is_empty(), "{run:?}");
        assert!(
            other.requests().is_empty(),
            "{dotenv}: nothing reaches ./.env's server"
        );
        assert!(h.sandbox.requests().is_empty(), "{dotenv}: nothing is sent");
        assert!(!h.browser_was_opened(), "{dotenv}");
        assert!(!h.dir.path().join(".st").exists(), "{dotenv}");
    }
    // Given by name, the same file is the person's choice.
    h.file("web.env", b"X_WEB_BASE=https://mirror.example\n");
    let mut cmd = h.xpost();
    cmd.env_remove("X_WEB_BASE")
        .args(["--env-file", "web.env", "--dry-run", "named"]);
    let run = h.run(&mut cmd).await;
    assert_eq!(run.code, 0, "{run:?}");
}

/// A `./.env` in the working directory cannot choose where logins are written: the platform's
/// directories (`XDG_STATE_HOME`, `HOME`, `LOCALAPPDATA`) are the process's, as the
/// configuration's already were; only `XPOST_HOME` may come from it, with its own server.
#[tokio::test(flavor = "multi_thread")]
async fn a_dotenv_cannot_move_where_logins_are_written() {
    let h = Harness::new().await;
    let loot = h.dir.path().join("loot");
    let dotenv = format!(
        "XDG_STATE_HOME={0}\nHOME={0}\nLOCALAPPDATA={0}\n",
        loot.display()
    );
    h.file(".env", dotenv.as_bytes());
    let home = h.dir.path().join("home");
    let mut cmd = h.xpost();
    cmd.env_remove("XPOST_HOME")
        .env("HOME", &home)
        .args(["kept in the user's own directory"]);
    let run = h.run_consenting(&mut cmd, Decision::Authorize).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        home.join(".local/state/xpost").is_dir(),
        "the login is under HOME: {run:?}"
    );
    assert!(!loot.exists(), "./.env chose where the login went: {run:?}");
}

/// Issue 19, item 10: what the person typed comes back in a usage error, or names a missing
/// `--env-file`, with every character a terminal would act on written as an escape: the C1
/// CSI (U+009B) included, which acts on a terminal even when stderr is not one.
#[tokio::test(flavor = "multi_thread")]
async fn values_echoed_in_errors_carry_no_control_characters() {
    let h = Harness::new().await;
    let hostile = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m\r";
    let cases: Vec<(Vec<String>, i32)> = vec![
        (
            vec!["--poll-duration".into(), hostile.into(), "x".into()],
            2,
        ),
        (vec!["--max-time".into(), hostile.into(), "x".into()], 2),
        (vec!["--auth".into(), hostile.into(), "x".into()], 2),
        (vec![format!("--no-such-flag{hostile}"), "x".into()], 2),
        (
            vec![
                "--env-file".into(),
                format!("missing{hostile}.env"),
                "x".into(),
            ],
            66,
        ),
    ];
    for (args, code) in cases {
        let mut cmd = h.xpost();
        cmd.args(&args);
        let run = h.run(&mut cmd).await;
        assert_eq!(run.code, code, "{args:?}: {run:?}");
        let acting: Vec<char> = run
            .stderr
            .chars()
            .filter(|&c| c.is_control() && c != '\n')
            .collect();
        assert!(
            acting.is_empty(),
            "{args:?} reached the terminal raw: {run:?}"
        );
        assert!(
            run.stderr.contains("\\u{9b}"),
            "shown as an escape: {run:?}"
        );
        assert!(h.sandbox.requests().is_empty());
    }
}

/// Issue 19, item 11: a login started in the background at a terminal (`xpost ... &` with job
/// control) is not stopped by the terminal for reading a paste: its listener still catches
/// the consent given in the browser.
#[tokio::test(flavor = "multi_thread")]
async fn a_login_started_in_the_background_at_a_terminal_still_catches_the_consent() {
    use std::process::Stdio;
    let h = Harness::new().await;
    let template = h.xpost();
    let line = format!(
        "set -m; {} auth login --auth-timeout 30s & wait $!; echo exit=$?",
        shell_words::quote(env!("CARGO_BIN_EXE_xpost"))
    );
    let mut cmd = tokio::process::Command::new("script");
    cmd.env_clear();
    for (name, value) in template.as_std().get_envs() {
        if let Some(value) = value {
            cmd.env(name, value);
        }
    }
    let shell = format!("bash -c {}", shell_words::quote(&line));
    cmd.current_dir(h.dir.path())
        .args(["-qefc", &shell, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = cmd.spawn().expect("script starts");
    // The terminal stays open for the whole run.
    let keyboard = child.stdin.take();
    let url = tokio::time::timeout(Duration::from_secs(20), h.wait_for_browser())
        .await
        .expect("the listener answers the browser: xpost was not stopped");
    let status = tokio::time::timeout(
        Duration::from_secs(20),
        xpost_sandbox::consent_as_browser(&url, Decision::Authorize),
    )
    .await
    .expect("the listener catches the redirect: xpost was not stopped");
    assert_eq!(status, Ok(200));
    let output = tokio::time::timeout(Duration::from_secs(30), child.wait_with_output())
        .await
        .expect("the background login ends")
        .unwrap();
    drop(keyboard);
    let screen = String::from_utf8_lossy(&output.stdout);
    assert!(screen.contains("exit=0"), "{screen}");
    assert!(h.store_path().exists());
}

/// Runs `xpost args` through `sh`, after `redirect` (e.g. `>&-`), with the harness's
/// environment, and collects its output.
async fn through_a_shell(h: &Harness, args: &[&str], redirect: &str) -> crate::util::Run {
    let template = h.xpost();
    let mut line = format!("exec {}", shell_words::quote(env!("CARGO_BIN_EXE_xpost")));
    for arg in args {
        line.push(' ');
        line.push_str(&shell_words::quote(arg));
    }
    line.push(' ');
    line.push_str(redirect);
    let mut cmd = tokio::process::Command::new("sh");
    cmd.env_clear();
    for (name, value) in template.as_std().get_envs() {
        if let Some(value) = value {
            cmd.env(name, value);
        }
    }
    cmd.current_dir(h.dir.path())
        .args(["-c", &line])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true);
    finish(cmd.spawn().unwrap()).await
}

/// Issue 19, item 12: a stdout closed at start (`>&-`) is known before anything is sent, and
/// treated as a stdout that cannot take the URL: the post's URL is told on stderr and the run
/// ends with 74, never 0 with the URL lost. A `> /dev/null` the person chose stays a success.
#[tokio::test(flavor = "multi_thread")]
async fn a_stdout_closed_at_start_is_known_and_the_url_is_told_on_stderr() {
    let h = Harness::fast_logged_in().await;
    let run = through_a_shell(&h, &["closed stdout"], ">&-").await;
    assert_eq!(run.code, 74, "{run:?}");
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1, "posted once");
    assert!(run.stderr.contains("stdout is closed"), "{run:?}");
    assert!(
        run.stderr.contains(&posts[0].id),
        "the URL is told: {run:?}"
    );
    let warned = run.stderr.find("stdout is closed").unwrap();
    let told = run.stderr.find(&posts[0].id).unwrap();
    assert!(warned < told, "said before anything was sent: {run:?}");

    let run = through_a_shell(&h, &["discarded on purpose"], ">/dev/null").await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("stdout is closed"), "{run:?}");

    // auth token's result is a secret: never told on stderr.
    let token = h.run(h.xpost().args(["auth", "token"])).await;
    assert_eq!(token.code, 0, "{token:?}");
    let token = token.stdout.trim().to_owned();
    assert!(token.len() > 10, "{token}");
    let run = through_a_shell(&h, &["auth", "token"], ">&-").await;
    assert_eq!(run.code, 74, "{run:?}");
    assert!(
        !run.stderr.contains(&token),
        "the token reached stderr: {run:?}"
    );
}

/// Issue 19, item 7: a file given as subtitles that is not (a `.env`, `/proc/self/environ`,
/// named in a thread file from a pull request) is refused by its line and the problem, never
/// quoted: its content could be a secret that would land in a CI job's log.
#[tokio::test(flavor = "multi_thread")]
async fn a_subtitles_error_names_the_line_never_the_content() {
    let h = Harness::new().await;
    let video = h.file("clip.mp4", &crate::util::mp4(4096));
    for (name, content) in [
        (
            "not-subtitles.srt",
            "X_CLIENT_SECRET=hunter2-secret-value\n",
        ),
        (
            "bad-timing.srt",
            "1\nX_API_SECRET=hunter2-secret-value --> x\nhi\n",
        ),
        (
            "backwards.srt",
            "1\n00:00:02,000 --> 00:00:01,000 hunter2-secret-value\nhi\n",
        ),
        (
            "bad.vtt",
            "WEBVTT\n\nhunter2-secret-value --> 00:00:01.000\nhi\n",
        ),
    ] {
        let subtitles = h.file(name, content.as_bytes());
        let mut cmd = h.xpost();
        cmd.arg("--dry-run")
            .arg("--media")
            .arg(&video)
            .arg("--subtitles")
            .arg(format!("en={}", subtitles.display()))
            .arg("with subtitles");
        let run = h.run(&mut cmd).await;
        assert_eq!(run.code, 65, "{name}: {run:?}");
        assert!(
            run.stderr.contains("line "),
            "{name}: names the line: {run:?}"
        );
        assert!(
            !run.stderr.contains("hunter2") && !run.stdout.contains("hunter2"),
            "{name}: the content is quoted: {run:?}"
        );
    }
}

/// The command a hint says to run (`run: COMMAND`), as shown.
fn hinted_command(stderr: &str) -> String {
    let at = stderr.find("run: ").expect("a command to run") + "run: ".len();
    stderr[at..].lines().next().unwrap().to_owned()
}

/// Issue 19, item 4: a command shown for pasting quotes its words for the shell. A
/// repository's `.env` (given with `--env-file`, so that it may set `XPOST_HOME`) that puts
/// the logins at `.st;touch PWNED;` gets a hint that, pasted, fixes that directory and runs
/// nothing else; a path with an escape sequence is shown with escapes and still pastes right.
#[tokio::test(flavor = "multi_thread")]
async fn a_hint_pasted_into_a_shell_runs_only_its_command() {
    use std::os::unix::fs::PermissionsExt;
    let h = Harness::new().await;
    for name in [
        ".st;touch PWNED;",
        ".st$(touch PWNED)",
        ".st\u{1b}]0;owned\u{7}",
    ] {
        let home = h.dir.path().join(name);
        std::fs::create_dir(&home).unwrap();
        std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o777)).unwrap();
        h.file("repo.env", format!("XPOST_HOME='{name}'\n").as_bytes());
        let mut cmd = h.xpost();
        cmd.env_remove("XPOST_HOME").args([
            "--env-file",
            "repo.env",
            "--auth-timeout",
            "5s",
            "never posted",
        ]);
        let run = h.run(&mut cmd).await;
        assert_eq!(run.code, 78, "{name:?}: {run:?}");
        let control: Vec<char> = run
            .stderr
            .chars()
            .filter(|&c| c.is_control() && c != '\n')
            .collect();
        assert!(control.is_empty(), "{name:?} reached the terminal: {run:?}");
        assert!(run.stderr.contains("run: "), "{name:?}: {run:?}");
        let hint = hinted_command(&run.stderr);
        let pasted = std::process::Command::new("bash")
            .args(["-c", &hint])
            .current_dir(h.dir.path())
            .status()
            .unwrap();
        assert!(pasted.success(), "{hint}");
        assert!(
            !h.dir.path().join("PWNED").exists(),
            "pasting {hint:?} ran more than chmod"
        );
        let mode = std::fs::metadata(&home).unwrap().permissions().mode();
        assert_eq!(mode & 0o022, 0, "{hint:?} fixed the directory");
    }
}

/// Issue 19, item 2: with the OAuth 1.0a keys, `--account` or `XPOST_ACCOUNT` naming anyone
/// but the keys' user ends the run before anything is sent (77): the post, or the delete,
/// would otherwise go out as the keys' account. Naming the keys' user (its id, or a stored
/// login of that user) is fine.
#[tokio::test(flavor = "multi_thread")]
async fn an_account_the_oauth1_keys_are_not_ends_the_run_before_anything_is_sent() {
    use xpost_sandbox::{SECOND_ACCOUNT, USER_ID, USERNAME};
    let h = Harness::new().await;
    h.login().await;
    assert!(h.sandbox.sign_in_as(SECOND_ACCOUNT.user_id));
    let second = h
        .run_consenting(h.xpost().args(["auth", "login"]), Decision::Authorize)
        .await;
    assert_eq!(second.code, 0, "{second:?}");
    let before = h.sandbox.requests().len();
    let second_name = format!("@{}", SECOND_ACCOUNT.username);
    for (how, name) in [
        ("--account", second_name.as_str()),
        ("XPOST_ACCOUNT", second_name.as_str()),
        ("--account", "nobody_known"),
    ] {
        for args in [
            vec!["--auth", "oauth1", "meant for another"],
            vec!["--auth", "oauth1", "delete", "1234"],
        ] {
            let mut cmd = h.xpost();
            if how == "--account" {
                cmd.args(["--account", name]);
            } else {
                cmd.env("XPOST_ACCOUNT", name);
            }
            cmd.args(&args);
            let run = h.run(&mut cmd).await;
            assert_eq!(run.code, 77, "{how} {name} {args:?}: {run:?}");
            assert!(
                run.stderr.contains("OAuth 1.0a keys act as user"),
                "{run:?}"
            );
            assert!(run.stdout.is_empty(), "{run:?}");
        }
    }
    assert_eq!(h.sandbox.requests().len(), before, "nothing was sent");
    assert!(h.sandbox.posts().is_empty());
    // The keys' own user, by id or by the stored login's name: posted, signed.
    for name in [USER_ID.to_owned(), format!("@{USERNAME}")] {
        let mut cmd = h.xpost();
        cmd.args(["--auth", "oauth1", "--account", &name, "as the keys' user"]);
        let run = h.run(&mut cmd).await;
        assert_eq!(run.code, 0, "{name}: {run:?}");
        let _ = h
            .run(
                h.xpost()
                    .args(["--auth", "oauth1", "delete", run.stdout.trim()]),
            )
            .await;
    }
}

/// Issue 19, item 1: a login asked for by name (`auth login --account`) and consented as
/// another account (someone else's consent, or the wrong account in the browser) ends with
/// 77, saying who consented; a post asked for as that account then sends nothing as the
/// other (it has no login). A post's own consent, before anything is posted, says who gave it.
#[tokio::test(flavor = "multi_thread")]
async fn a_consent_by_another_account_than_the_one_asked_for_is_refused() {
    use xpost_sandbox::{SECOND_ACCOUNT, USERNAME};
    let h = Harness::new().await;
    assert!(h.sandbox.sign_in_as(SECOND_ACCOUNT.user_id));
    let run = h
        .run_consenting(
            h.xpost().args(["auth", "login", "--account", USERNAME]),
            Decision::Authorize,
        )
        .await;
    assert_eq!(run.code, 77, "{run:?}");
    assert!(
        run.stderr.contains(&format!(
            "consent was given as @{}",
            SECOND_ACCOUNT.username
        )),
        "says who consented: {run:?}"
    );
    assert!(run.stdout.is_empty(), "{run:?}");
    let run = h
        .run(
            h.xpost()
                .args(["--account", USERNAME, "meant for the first account"]),
        )
        .await;
    assert_eq!(run.code, 77, "{run:?}");
    assert!(
        h.sandbox.posts().is_empty(),
        "nothing is posted as the other account"
    );

    // A first post's consent says who gave it before the post goes out.
    let h = Harness::new().await;
    let run = h
        .run_consenting(h.xpost().arg("first post"), Decision::Authorize)
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("Logged in to X as @{USERNAME}")),
        "{run:?}"
    );
    assert_eq!(h.sandbox.posts().len(), 1);
}

/// Issue 19, item 6: SIGTERM (or Ctrl-C) while a refresh is on its way waits until the new
/// pair is saved: X's refresh tokens are single-use, so a run stopped between the two lost
/// the login. The run then ends by the signal, leaving the rotated login and no temporary file.
#[tokio::test(flavor = "multi_thread")]
async fn a_signal_during_a_refresh_waits_until_the_new_pair_is_saved() {
    use std::os::unix::process::ExitStatusExt;
    use xpost_sandbox::Fault;
    let h = Harness::fast().await;
    h.login().await;
    let stored_refresh = || h.stored()["refresh_token"].as_str().unwrap().to_owned();
    let old = stored_refresh();
    h.expire_login();
    h.sandbox.inject(
        "POST",
        "/2/oauth2/token",
        Fault::Delay(Duration::from_secs(4)),
        1,
    );
    let mut child = h
        .xpost()
        .args(["-v", "stopped during its refresh"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The refresh is sent at once (the login is expired), and answered after 4 s.
    let stderr = crate::util::Collected::from(child.stderr.take().unwrap());
    stderr.wait_for("POST /2/oauth2/token").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let pid = child.id().unwrap().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = tokio::time::timeout(Duration::from_secs(20), child.wait())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status.signal(), Some(15), "ended by the signal: {status:?}");
    assert!(h.sandbox.posts().is_empty(), "stopped before posting");
    assert_ne!(stored_refresh(), old, "the rotated pair was saved");
    let logins = h.state_dir().join("logins");
    let left: Vec<_> = std::fs::read_dir(&logins)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
    // The login still works, with no consent.
    let run = h.run(h.xpost().arg("after the stop")).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!h.browser_was_opened(), "{run:?}");
}

/// Issue 19, item 6: a pair a cut write left beside a login (a run killed before the rename,
/// by SIGKILL or a power cut) is revoked and deleted by `auth logout`, not left behind live.
#[tokio::test(flavor = "multi_thread")]
async fn logout_revokes_and_removes_a_pair_a_cut_write_left() {
    use std::os::unix::fs::PermissionsExt;
    let h = Harness::new().await;
    h.login().await;
    // A refresh whose rename was cut: the new pair only in the temporary file.
    let before = std::fs::read_to_string(h.store_path()).unwrap();
    h.expire_login();
    let run = h.run(h.xpost().args(["auth", "token"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    let live = run.stdout.trim().to_owned();
    let rotated = std::fs::read_to_string(h.store_path()).unwrap();
    let name = h
        .store_path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let stray = h.store_path().with_file_name(format!(".{name}.cut123.tmp"));
    std::fs::write(&stray, &rotated).unwrap();
    std::fs::set_permissions(&stray, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::write(h.store_path(), &before).unwrap();

    let revokes = crate::util::count(&h.sandbox.requests(), "POST", "/2/oauth2/revoke");
    let run = h.run(h.xpost().args(["auth", "logout", "--force"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!stray.exists(), "the stray pair is deleted");
    assert!(
        crate::util::count(&h.sandbox.requests(), "POST", "/2/oauth2/revoke") >= revokes + 2,
        "the stray pair is revoked too"
    );
    // The pair it held no longer works.
    let status = reqwest::Client::new()
        .get(format!("{}/2/users/me", h.sandbox.base_url()))
        .bearer_auth(&live)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 401, "the stray's access token was revoked");
}
