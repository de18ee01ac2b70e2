//! The test harness: a sandbox of X in this process, and the real `xpost` binary run against
//! it with a clean environment and a `$BROWSER` that hands the consent URL to the test.

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::Duration;

use tempfile::TempDir;
use tokio::process::{Child, Command};
use xpost_sandbox::{self as sandbox, CREDENTIALS, Decision, Options, Sandbox};

/// A small valid PNG.
pub const PNG: &[u8] = include_bytes!("../../examples/hello.png");

/// A sandbox, a scratch directory for the run, and the callback it registered.
pub struct Harness {
    pub sandbox: Sandbox,
    pub dir: TempDir,
    pub redirect_uri: String,
    pub port: u16,
    urls: PathBuf,
}

impl Harness {
    /// A sandbox for a confidential app (one with a client secret).
    pub async fn new() -> Harness {
        Harness::with(Options {
            confidential: true,
            ..Options::default()
        })
        .await
    }

    /// A sandbox with these options; the callback is a free loopback port, registered.
    pub async fn with(options: Options) -> Harness {
        let port = free_port();
        let redirect_uri = format!("http://127.0.0.1:{port}/oauth/callback");
        let sandbox = Sandbox::start(Options {
            port: 0,
            redirect_uris: vec![redirect_uri.clone()],
            ..options
        })
        .await
        .expect("sandbox starts");
        let dir = tempfile::tempdir().unwrap();
        let urls = dir.path().join("browser-urls");
        Harness {
            sandbox,
            dir,
            redirect_uri,
            port,
            urls,
        }
    }

    /// Where xpost keeps its login in this test.
    pub fn state_dir(&self) -> PathBuf {
        self.dir.path().join("state")
    }

    /// The stored login file of the sandbox's account.
    pub fn store_path(&self) -> PathBuf {
        self.login_path(sandbox::USER_ID)
    }

    /// The stored login file of the user with this id.
    pub fn login_path(&self, user_id: &str) -> PathBuf {
        self.state_dir()
            .join("logins")
            .join(format!("{user_id}.json"))
    }

    /// Writes a file into the scratch directory.
    pub fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// `xpost` with only the variables a test gives it: the sandbox's endpoints, the app's
    /// credentials (OAuth 1.0a included), the callback, and a recording `$BROWSER`. No
    /// keyring answers it (its D-Bus session bus is a path where none is), so logins keep
    /// their tokens in their files, as on a server or in CI, and a developer's own keyring is
    /// never touched; [`Harness::with_keyring`] gives it the Secret Service of the test run.
    pub fn xpost(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_xpost"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XPOST_HOME", self.state_dir())
            .current_dir(self.dir.path())
            .env("X_API_BASE", self.sandbox.base_url())
            .env("X_AUTHORIZE_URL", self.sandbox.authorize_url())
            .env("X_REDIRECT_URI", &self.redirect_uri)
            .env("X_CLIENT_ID", CREDENTIALS.client_id)
            .env("X_CLIENT_SECRET", CREDENTIALS.client_secret)
            .env("X_API_KEY", CREDENTIALS.api_key)
            .env("X_API_SECRET", CREDENTIALS.api_secret)
            .env("X_ACCESS_TOKEN", CREDENTIALS.access_token)
            .env("X_ACCESS_TOKEN_SECRET", CREDENTIALS.access_token_secret)
            .env("BROWSER", recording_browser(&self.urls))
            .env("DBUS_SESSION_BUS_ADDRESS", no_bus(self.dir.path()))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        // Where the keyring is not the Secret Service (the Keychain, the Credential Manager),
        // the tests keep the tokens in files on purpose.
        #[cfg(any(target_os = "macos", target_os = "ios", target_os = "android", windows))]
        cmd.env("XPOST_INSECURE_STORAGE", "1");
        cmd
    }

    /// [`Harness::xpost`] with the test run's own Secret Service: the session bus of
    /// `DBUS_SESSION_BUS_ADDRESS`, which `.ci/keyring-tests` starts with an unlocked keyring.
    // Used by Unix-only modules (see tests.rs).
    #[cfg_attr(not(unix), allow(dead_code))]
    pub fn with_keyring(&self) -> Command {
        let mut cmd = self.xpost();
        cmd.env(
            "DBUS_SESSION_BUS_ADDRESS",
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS").expect(
                "the keyring tests run with a Secret Service on a session bus: .ci/keyring-tests",
            ),
        );
        cmd
    }

    /// Starts `cmd`, waits for it to open the consent page, and returns the child and the
    /// consent URL, as the browser's first request for xpost's start link is sent to it.
    pub async fn spawn_until_browser(&self, cmd: &mut Command) -> (Child, String) {
        let (child, link) = self.spawn_until_browser_link(cmd).await;
        let url = follow_start_link(&link).await;
        (child, url)
    }

    /// Starts `cmd`, waits for it to start the browser, and returns the child and what the
    /// browser was given: xpost's one-time start link, not yet asked for.
    pub async fn spawn_until_browser_link(&self, cmd: &mut Command) -> (Child, String) {
        let mut child = cmd.spawn().expect("xpost starts");
        for _ in 0..400 {
            if let Some(url) = self.take_browser_url() {
                return (child, url);
            }
            if let Ok(Some(_)) = child.try_wait() {
                // It ended without opening the browser: show why.
                let run = finish(child).await;
                panic!("xpost ended before opening the browser: {run:?}");
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("xpost never opened the browser");
    }

    fn take_browser_url(&self) -> Option<String> {
        let text = std::fs::read_to_string(&self.urls).ok()?;
        let line = text.lines().last().filter(|l| !l.is_empty())?.to_owned();
        std::fs::remove_file(&self.urls).ok()?;
        Some(line)
    }

    /// The consent URL of the next start link the recording browser was asked to open, as
    /// the browser's request for the link is redirected.
    #[cfg_attr(not(unix), allow(dead_code))]
    pub async fn wait_for_browser(&self) -> String {
        for _ in 0..400 {
            if let Some(link) = self.take_browser_url() {
                return follow_start_link(&link).await;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("xpost never opened the browser");
    }

    /// Runs `cmd` to the end, acting as a user who clicks `decision` on the consent page.
    pub async fn run_consenting(&self, cmd: &mut Command, decision: Decision) -> Run {
        let (mut child, url) = self.spawn_until_browser(cmd).await;
        let status = sandbox::consent_as_browser(&url, decision).await;
        if status.is_err() {
            // xpost would wait for a consent that is not coming: stop it and show why.
            let _ = child.start_kill();
        }
        let run = finish(child).await;
        assert!(status.is_ok(), "the browser failed: {status:?}\n{run:?}");
        run
    }

    /// Runs `cmd` to the end without anyone at the browser.
    pub async fn run(&self, cmd: &mut Command) -> Run {
        finish(cmd.spawn().expect("xpost starts")).await
    }

    /// Runs `cmd` to the end with `input` on its stdin, closed after it, and no one at the
    /// browser.
    pub async fn run_with_stdin(&self, cmd: &mut Command, input: &[u8]) -> Run {
        use tokio::io::AsyncWriteExt;
        let mut child = cmd.stdin(Stdio::piped()).spawn().expect("xpost starts");
        let mut stdin = child.stdin.take().expect("stdin is piped");
        // xpost may end before reading it all (a usage error): a broken pipe is no failure.
        let _ = stdin.write_all(input).await;
        drop(stdin);
        finish(child).await
    }

    /// Whether xpost opened a browser at all in this test.
    pub fn browser_was_opened(&self) -> bool {
        self.urls.exists()
    }
}

impl Harness {
    /// A sandbox whose GIFs and videos are processed after one STATUS poll, at once.
    pub async fn fast() -> Harness {
        Harness::with(Options {
            confidential: true,
            processing_polls: 1,
            check_after_secs: 0,
            ..Options::default()
        })
        .await
    }

    /// A fast sandbox with a stored login, so that runs need no browser.
    pub async fn fast_logged_in() -> Harness {
        let h = Harness::fast().await;
        h.login().await;
        h
    }
}

/// The start of an MP4 file (an `ftyp` box), padded with zeros to `len` bytes.
pub fn mp4(len: usize) -> Vec<u8> {
    let mut mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom".to_vec();
    mp4.resize(len.max(mp4.len()), 0);
    mp4
}

/// What a run of xpost left behind.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Waits for xpost (at most a minute) and collects its output.
pub async fn finish(child: Child) -> Run {
    let output: Output = tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("xpost finishes within a minute")
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// Asks for xpost's one-time start link, as the browser it was given to does first, and
/// returns where it redirects: the consent page's URL.
pub async fn follow_start_link(link: &str) -> String {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = client
        .get(link)
        .send()
        .await
        .unwrap_or_else(|err| panic!("the start link {link} cannot be reached: {err}"));
    assert_eq!(response.status(), 302, "the start link {link} redirects");
    response.headers()["location"]
        .to_str()
        .expect("a URL")
        .to_owned()
}

/// A D-Bus address where no bus listens: the Secret Service cannot be reached through it.
pub fn no_bus(dir: &Path) -> String {
    format!("unix:path={}", dir.join("no-bus").display())
}

/// A `$BROWSER` that appends the URL it is given to `file` and exits. (No `%s` in it: xpost
/// would put the URL there.)
fn recording_browser(file: &Path) -> String {
    format!(
        "sh -c 'echo \"$1\" >> \"$0\"' {}",
        shell_quote(&file.display().to_string())
    )
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// A loopback port nobody listens on right now.
///
/// Taken from below Linux's ephemeral range (32768-60999), so that the many outgoing
/// connections of tests running alongside cannot be given it before xpost binds it.
pub fn free_port() -> u16 {
    loop {
        let port = 20_000 + (rand_u16() % 12_000);
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

fn rand_u16() -> u16 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    hasher.finish() as u16
}

/// Every secret a run could leak.
pub fn secrets() -> [&'static str; 4] {
    [
        CREDENTIALS.client_secret,
        CREDENTIALS.api_secret,
        CREDENTIALS.access_token_secret,
        CREDENTIALS.access_token,
    ]
}

/// Fails if any secret appears in the run's output.
pub fn assert_no_secrets(run: &Run) {
    for secret in secrets() {
        assert!(
            !run.stdout.contains(secret),
            "stdout leaks a secret: {run:?}"
        );
        assert!(
            !run.stderr.contains(secret),
            "stderr leaks a secret: {run:?}"
        );
    }
}

/// How many of `requests` were `method path`.
pub fn count(requests: &[xpost_sandbox::RequestRecord], method: &str, path: &str) -> usize {
    requests
        .iter()
        .filter(|r| r.method == method && r.path == path)
        .count()
}

/// The current Unix time in seconds.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

impl Harness {
    /// Logs in with `xpost auth login`, clicking Authorize, and checks that it worked.
    pub async fn login(&self) -> Run {
        let run = self
            .run_consenting(self.xpost().args(["auth", "login"]), Decision::Authorize)
            .await;
        assert_eq!(run.code, 0, "auth login failed: {run:?}");
        assert!(self.store_path().exists(), "no login was stored: {run:?}");
        assert_no_secrets(&run);
        run
    }

    /// The stored login file as JSON.
    pub fn stored(&self) -> serde_json::Value {
        let text = std::fs::read_to_string(self.store_path()).expect("a login is stored");
        serde_json::from_str(&text).expect("the stored login is JSON")
    }

    /// Rewrites fields of the stored login, keeping the rest (and the file's mode) intact.
    pub fn edit_store(&self, edit: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>)) {
        let mut value = self.stored();
        edit(
            value
                .as_object_mut()
                .expect("the stored login is a JSON object"),
        );
        let text = serde_json::to_string_pretty(&value).unwrap() + "\n";
        std::fs::write(self.store_path(), text).unwrap();
    }

    /// Makes the stored access token look expired to xpost (and to the sandbox), so that the
    /// next run refreshes it.
    pub fn expire_login(&self) {
        let past = unix_now() - 10;
        self.edit_store(|login| {
            login.insert("expires_at".into(), past.into());
        });
        self.sandbox.expire_access_tokens();
    }
}

/// Everything a child process wrote to one of its streams so far, collected as it comes, for
/// tests that must react to output before the process ends.
#[derive(Clone, Default)]
pub struct Collected(std::sync::Arc<std::sync::Mutex<String>>);

impl Collected {
    /// Starts collecting `stream` in the background.
    pub fn from<R>(mut stream: R) -> Collected
    where
        R: tokio::io::AsyncRead + Unpin + Send + 'static,
    {
        use tokio::io::AsyncReadExt;
        let collected = Collected::default();
        let sink = collected.clone();
        tokio::spawn(async move {
            let mut buf = [0u8; 4096];
            loop {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => sink
                        .0
                        .lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buf[..n])),
                }
            }
        });
        collected
    }

    /// What was written so far.
    pub fn text(&self) -> String {
        self.0.lock().unwrap().clone()
    }

    /// Waits (at most 30 s) until the output satisfies `ready`, and returns it.
    pub async fn wait_until(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        for _ in 0..1200 {
            let text = self.text();
            if ready(&text) {
                return text;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("never saw {what}; the output so far:\n{}", self.text());
    }

    /// Waits (at most 30 s) until `needle` has been written, and returns the output.
    pub async fn wait_for(&self, needle: &str) -> String {
        self.wait_until(&format!("{needle:?}"), |text| text.contains(needle))
            .await
    }
}
