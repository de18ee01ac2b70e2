//! What the benchmarks share: a command with a clean environment, and `xpost sandbox serve`
//! started as its own process, with the variables it prints read back and a login made.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// `program` with only `env`, `PATH` and `HOME`; xpost keeps the sandbox's logins' tokens in
/// their files (`XPOST_INSECURE_STORAGE`), never in the keyring of the desktop it runs on.
pub fn command(program: &Path, env: &[(String, String)]) -> Command {
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("XPOST_INSECURE_STORAGE", "1")
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null());
    if let Some(home) = std::env::var_os("HOME") {
        cmd.env("HOME", home);
    }
    cmd
}

/// Starts `xpost sandbox serve` with `args`, its request log piped when `log` (the caller must
/// then read it), and returns it with the variables that point xpost at it, `XPOST_HOME`
/// set to `home`, logged in.
pub fn serve(
    xpost: &Path,
    args: &[&str],
    log: bool,
    home: &Path,
) -> (Child, Vec<(String, String)>) {
    let mut child = Command::new(xpost)
        .args(["sandbox", "serve", "--json"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(if log { Stdio::piped() } else { Stdio::null() })
        .spawn()
        .expect("xpost sandbox serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout is piped"))
        .read_line(&mut line)
        .expect("serve prints its variables");
    let served: serde_json::Value = serde_json::from_str(&line).expect("one line of JSON");
    let mut env: Vec<(String, String)> = served["env"]
        .as_object()
        .expect("an env object")
        .iter()
        .filter(|(k, _)| k.as_str() != "XPOST_HOME")
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
        .collect();
    env.push(("XPOST_HOME".into(), home.display().to_string()));
    let login = command(xpost, &env)
        .args(["auth", "login"])
        .env("BROWSER", format!("{} sandbox consent", xpost.display()))
        .output()
        .expect("xpost auth login runs");
    assert!(
        login.status.success(),
        "login failed: {}",
        String::from_utf8_lossy(&login.stderr)
    );
    (child, env)
}
