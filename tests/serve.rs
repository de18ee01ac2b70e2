//! `xpost sandbox serve` as its own process: the variables it prints are enough to log in
//! and post with, it logs every request it serves, and it stops cleanly on SIGTERM.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::process::{Child, Command};
use xpost_sandbox::USERNAME;

use crate::util::{Collected, Run, assert_no_secrets, finish};

/// The `export NAME=value` lines of `serve`, unquoted.
fn exports(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .filter_map(|line| line.strip_prefix("export "))
        .map(|assignment| {
            let (name, quoted) = assignment.split_once('=').expect("NAME=value");
            let words = shell_words::split(quoted).expect("a shell word");
            assert_eq!(words.len(), 1, "one word per value: {assignment}");
            (name.to_owned(), words.into_iter().next().unwrap())
        })
        .collect()
}

/// Lines of the serve log that start with `prefix`.
fn log_lines(log: &str, prefix: &str) -> usize {
    log.lines().filter(|l| l.starts_with(prefix)).count()
}

/// A running `xpost sandbox serve`, its variables and its log.
struct Served {
    serve: Child,
    vars: Vec<(String, String)>,
    log: Collected,
}

/// Starts `xpost sandbox serve args` with a clean environment; its state directory (under
/// `$HOME/.cache`) goes inside `dir`.
async fn serve(dir: &Path, args: &[&str]) -> Served {
    let mut serve = Command::new(env!("CARGO_BIN_EXE_xpost"))
        .args(["sandbox", "serve"])
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("TMPDIR", dir)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("xpost sandbox serve starts");
    let stdout = Collected::from(serve.stdout.take().unwrap());
    let log = Collected::from(serve.stderr.take().unwrap());
    // The note on stderr comes after the variables on stdout.
    log.wait_for("serving at").await;
    let vars = exports(&stdout.text());
    Served { serve, vars, log }
}

/// Sends SIGTERM and waits (at most 30 s) for serve to exit.
async fn stop(serve: &mut Child) -> std::process::ExitStatus {
    let pid = serve.id().expect("serve is running");
    let kill = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .await
        .unwrap();
    assert!(kill.success());
    tokio::time::timeout(Duration::from_secs(30), serve.wait())
        .await
        .expect("serve stops on SIGTERM")
        .unwrap()
}

/// `xpost` with only `vars`, and the sandbox's own consent as the browser.
fn xpost_with(vars: &[(String, String)], home: &Path) -> Command {
    let exe = env!("CARGO_BIN_EXE_xpost");
    let mut cmd = Command::new(exe);
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .envs(vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env(
            "BROWSER",
            format!("{} sandbox consent", shell_words::quote(exe)),
        )
        .current_dir(home)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    cmd
}

#[tokio::test(flavor = "multi_thread")]
async fn a_served_sandbox_is_enough_to_log_in_and_post() {
    let dir = tempfile::tempdir().unwrap();
    let Served {
        mut serve,
        vars,
        log,
    } = serve(dir.path(), &[]).await;
    let var = |name: &str| {
        vars.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("serve printed no {name}: {vars:?}"))
    };
    let web_base = var("X_WEB_BASE");
    let home = var("XPOST_HOME");
    assert!(
        home.starts_with(&dir.path().display().to_string()),
        "{home}"
    );
    for name in [
        "X_API_BASE",
        "X_AUTHORIZE_URL",
        "X_CLIENT_ID",
        "X_REDIRECT_URI",
    ] {
        var(name);
    }

    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let xpost = || xpost_with(&vars, &work);
    let run = |cmd: &mut Command| finish(cmd.spawn().expect("xpost starts"));

    let login: Run = run(xpost().args(["auth", "login"])).await;
    assert_eq!(login.code, 0, "{login:?}");
    assert_eq!(login.stdout.trim(), format!("@{USERNAME}"), "{login:?}");
    assert_no_secrets(&login);
    assert!(
        std::path::Path::new(&home)
            .join("logins")
            .join(format!("{}.json", xpost_sandbox::USER_ID))
            .exists()
    );

    let mut ids = Vec::new();
    for text in ["first post to a served sandbox", "second post to it"] {
        let post = run(xpost().arg(text)).await;
        assert_eq!(post.code, 0, "{post:?}");
        assert_no_secrets(&post);
        let url = post.stdout.trim();
        let prefix = format!("{web_base}/{USERNAME}/status/");
        let id = url
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("{url} is not under {prefix}"));
        assert!(
            !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()),
            "{url}"
        );
        ids.push(id.to_owned());
    }
    assert_ne!(ids[0], ids[1]);

    // The log is written as requests are served; wait for the posts to show.
    let text = log
        .wait_until("two posts in the log", |text| {
            log_lines(text, "sandbox: POST /2/tweets 201") == 2
        })
        .await;
    assert_eq!(
        log_lines(&text, "sandbox: POST /2/oauth2/token "),
        1,
        "{text}"
    );
    assert_eq!(
        log_lines(&text, "sandbox: GET /i/oauth2/authorize "),
        1,
        "{text}"
    );

    let status = stop(&mut serve).await;
    let text = log.wait_for("stopped").await;
    assert_eq!(status.code(), Some(0), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_request_served_is_logged_before_stopping() {
    let dir = tempfile::tempdir().unwrap();
    let Served {
        mut serve,
        vars,
        log,
    } = serve(dir.path(), &[]).await;
    let base = &vars.iter().find(|(k, _)| k == "X_API_BASE").unwrap().1;
    let http = reqwest::Client::new();
    for _ in 0..3 {
        let status = http
            .get(format!("{base}/2/users/me"))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 401);
    }
    // Stopped right after its last answer: what it served must still be in the log.
    let status = stop(&mut serve).await;
    let text = log.wait_for("stopped").await;
    assert_eq!(status.code(), Some(0), "{text}");
    assert_eq!(
        log_lines(&text, "sandbox: GET /2/users/me 401"),
        3,
        "requests served just before SIGTERM are missing from the log:\n{text}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restarted_serve_on_the_same_port_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let port = crate::util::free_port().to_string();
    // A callback of its own, so as not to compete for port 5000 with the other tests.
    let callback = format!(
        "http://127.0.0.1:{}/oauth/callback",
        crate::util::free_port()
    );
    let args = ["--port", &port, "--redirect-uri", &callback];

    let mut first = serve(dir.path(), &args).await;
    let post = finish(
        xpost_with(&first.vars, &work)
            .env("X_REDIRECT_URI", &callback)
            .arg("before the restart")
            .spawn()
            .unwrap(),
    )
    .await;
    assert_eq!(post.code, 0, "{post:?}");
    assert_eq!(stop(&mut first.serve).await.code(), Some(0));

    // The same port, so the same variables (XPOST_HOME included); a new sandbox that never
    // issued the login left in that directory.
    let mut second = serve(dir.path(), &args).await;
    assert_eq!(second.vars, first.vars);
    let post = finish(
        xpost_with(&second.vars, &work)
            .env("X_REDIRECT_URI", &callback)
            .arg("after the restart")
            .spawn()
            .unwrap(),
    )
    .await;
    assert_no_secrets(&post);
    assert_eq!(
        post.code, 0,
        "a post with the printed variables fails after serve restarts: {post:?}"
    );
    assert_eq!(stop(&mut second.serve).await.code(), Some(0));
}

/// Issue 19, item 5: `serve` keeps its logins in a directory of the user's own. Another user
/// who puts a link at the name it used in the shared temporary directory (here to the
/// person's real logins) or a directory of their own there neither has those logins wiped
/// nor stops `serve`, and the post made with the printed variables keeps its login out of
/// their reach.
#[tokio::test(flavor = "multi_thread")]
async fn a_link_or_directory_planted_in_the_temporary_directory_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    // A shared temporary directory, as /tmp is: anyone may make a name in it.
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o1777)).unwrap();
    }
    // The person's real logins, which a link points at.
    let real = dir.path().join("real-state");
    std::fs::create_dir_all(real.join("logins")).unwrap();
    let login = real.join("logins/1234.json");
    std::fs::write(&login, "{\"a real login\": true}").unwrap();
    let port = crate::util::free_port().to_string();
    let other_port = crate::util::free_port().to_string();
    // As another local user where the tests can be one (they run as root in CI).
    // SAFETY: getuid has no preconditions and cannot fail.
    let as_other: &[&str] = if unsafe { libc::getuid() } == 0 {
        &[
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
        ]
    } else {
        &[]
    };
    let plant = |args: &[&str]| {
        let mut words: Vec<&str> = as_other.to_vec();
        words.extend_from_slice(args);
        let status = std::process::Command::new(words[0])
            .args(&words[1..])
            .status()
            .unwrap();
        assert!(status.success(), "{words:?}");
    };
    let link = tmp.join(format!("xpost-sandbox-{port}"));
    plant(&["ln", "-s", real.to_str().unwrap(), link.to_str().unwrap()]);
    let theirs = tmp.join(format!("xpost-sandbox-{other_port}"));
    plant(&["mkdir", theirs.to_str().unwrap()]);

    let home = dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    for port in [&port, &other_port] {
        let mut serve = Command::new(env!("CARGO_BIN_EXE_xpost"))
            .args(["sandbox", "serve", "--port", port])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &home)
            .env("TMPDIR", &tmp)
            .current_dir(&home)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let stdout = Collected::from(serve.stdout.take().unwrap());
        let log = Collected::from(serve.stderr.take().unwrap());
        tokio::select! {
            _ = log.wait_for("serving at") => {}
            status = serve.wait() => panic!("serve ended: {status:?}\n{}", log.text()),
        }
        let vars = exports(&stdout.text());
        let state = &vars.iter().find(|(k, _)| k == "XPOST_HOME").unwrap().1;
        assert!(
            std::path::Path::new(state).starts_with(&home),
            "the sandbox's logins are kept in the user's own directory: {state}"
        );
        assert_eq!(stop(&mut serve).await.code(), Some(0), "{}", log.text());
    }
    assert_eq!(
        std::fs::read_to_string(&login).unwrap(),
        "{\"a real login\": true}",
        "the logins behind the planted link are untouched"
    );
    assert!(theirs.is_dir() && std::fs::read_dir(&theirs).unwrap().next().is_none());
}
