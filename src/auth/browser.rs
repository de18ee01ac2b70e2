//! Opening the consent page: `$BROWSER` if set, else the system's default browser.
//!
//! `$BROWSER` is a list of command lines separated by `:` (`;` on Windows), as the convention
//! allows, tried in turn until one starts. Each is split as a shell would, without running a
//! shell; the URL replaces a `%s` in it, or else is appended as the last argument. xpost does not
//! wait for the browser to exit, and the browser's stdout is discarded so that xpost's stdout
//! carries only the result. A command that cannot be run, or that exits with a failure at once
//! (a launcher with nothing to launch), counts as not started, and the next one is tried.

use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::Duration;

use crate::config::Browser;

/// How long a started browser command is watched for an immediate failure.
const LAUNCH_CHECK: Duration = Duration::from_millis(250);

/// The separator of the commands in `$BROWSER`: the platform's path-list separator, as other
/// programs that read `$BROWSER` (Python's `webbrowser`, `xdg-utils`) use it.
const LIST_SEPARATOR: char = if cfg!(windows) { ';' } else { ':' };

/// The command lines `$BROWSER` names, in the order to try them. A separator inside quotes or
/// after a backslash belongs to the command; empty entries are skipped.
pub fn browser_list(browser: &str) -> Vec<String> {
    let mut list = Vec::new();
    let mut current = String::new();
    let mut quote = None;
    let mut escaped = false;
    for c in browser.chars() {
        match (quote, c) {
            _ if escaped => escaped = false,
            (Some('\''), '\'') | (Some('"'), '"') => quote = None,
            (Some('\''), _) => {}
            (_, '\\') => escaped = true,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, c) if c == LIST_SEPARATOR => {
                list.push(std::mem::take(&mut current));
                continue;
            }
            (None, _) => {}
        }
        current.push(c);
    }
    list.push(current);
    list.retain(|command| !command.trim().is_empty());
    list
}

/// How one `$BROWSER` command will be run for `url`: the program and its arguments.
pub fn browser_command(browser: &str, url: &str) -> Result<Vec<String>, String> {
    let mut words =
        shell_words::split(browser).map_err(|err| format!("cannot be parsed: {err}"))?;
    if words.is_empty() {
        return Err("is empty".into());
    }
    if words.iter().any(|w| w.contains("%s")) {
        for word in &mut words {
            *word = word.replace("%s", url);
        }
    } else {
        words.push(url.to_owned());
    }
    Ok(words)
}

/// Opens `url` with `browser` without waiting for it to finish. The error says, in a few
/// words and without the URL, why no browser started.
pub async fn open(browser: &Browser, url: &str) -> Result<(), String> {
    open_checking(browser, url, LAUNCH_CHECK).await
}

/// [`open`], watching each started command for `check`.
async fn open_checking(browser: &Browser, url: &str, check: Duration) -> Result<(), String> {
    let Some(command) = &browser.command else {
        let url = url.to_owned();
        return tokio::task::spawn_blocking(move || open::that_detached(url))
            .await
            .map_err(|_| "the system's default browser did not start".to_owned())?
            .map_err(|err| {
                // The `open` crate's messages quote the whole launcher command and Rust's
                // debug form of its exit status: say what happened instead.
                if err.kind() == std::io::ErrorKind::NotFound {
                    "no program to open web pages with (such as xdg-open) was found".to_owned()
                } else {
                    "the system's default browser did not start (its launcher failed)".to_owned()
                }
            });
    };
    let mut failures = Vec::new();
    for entry in browser_list(command) {
        match start(&entry, url, check).await {
            Ok(()) => return Ok(()),
            Err(why) => failures.push(why),
        }
    }
    if failures.is_empty() {
        failures.push("it names no command".to_owned());
    }
    Err(format!("$BROWSER did not start ({})", failures.join("; ")))
}

/// Runs one `$BROWSER` command; `Ok` once it runs on, or has exited successfully.
async fn start(entry: &str, url: &str, check: Duration) -> Result<(), String> {
    let words = browser_command(entry, url).map_err(|why| format!("{entry:?} {why}"))?;
    let program = &words[0];
    let mut child = Command::new(program)
        .args(&words[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .map_err(|err| format!("{program}: {}", spawn_failure(&err)))?;
    let checked = tokio::time::Instant::now() + check;
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(format!("{program} {}", exit_failure(status))),
            // It runs, and cannot be watched: take it as started.
            Err(_) => break,
            Ok(None) if tokio::time::Instant::now() >= checked => break,
            Ok(None) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
    reap(child);
    Ok(())
}

/// Waits for a browser that runs on, without holding xpost up, so that it leaves no zombie.
fn reap(mut child: Child) {
    std::thread::spawn(move || child.wait());
}

fn spawn_failure(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "not found".to_owned(),
        std::io::ErrorKind::PermissionDenied => "not allowed to run it".to_owned(),
        kind => format!("cannot run it ({kind})"),
    }
}

fn exit_failure(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("exited with status {code}"),
        None => "was stopped by a signal".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_is_appended_as_last_argument() {
        assert_eq!(
            browser_command("firefox --new-tab", "http://x/?a=1&b=2").unwrap(),
            ["firefox", "--new-tab", "http://x/?a=1&b=2"]
        );
    }

    #[test]
    fn quoted_words_and_percent_s() {
        assert_eq!(
            browser_command("'/opt/My Browser/run' --url=%s", "http://x/").unwrap(),
            ["/opt/My Browser/run", "--url=http://x/"]
        );
    }

    #[test]
    fn bad_values() {
        assert!(browser_command("   ", "u").is_err());
        assert!(browser_command("'unterminated", "u").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_list_is_split_at_colons_outside_quotes() {
        assert_eq!(browser_list("firefox"), ["firefox"]);
        assert_eq!(
            browser_list("xdg-open:firefox --new-tab:w3m"),
            ["xdg-open", "firefox --new-tab", "w3m"]
        );
        assert_eq!(browser_list("::a::b:"), ["a", "b"]);
        assert!(browser_list(" : ").is_empty());
        assert_eq!(
            browser_list(r#"sh -c 'echo "a:b"' x:"/opt/b:c/run" %s:w\:x"#),
            [r#"sh -c 'echo "a:b"' x"#, r#""/opt/b:c/run" %s"#, r"w\:x"]
        );
    }

    const SLOW: Duration = Duration::from_secs(20);

    fn browser(command: &str) -> Browser {
        Browser {
            command: Some(command.to_owned()),
            desktop: false,
        }
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn each_command_is_tried_until_one_starts() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("opened");
        let list = format!(
            "xpost-no-such-browser --new-tab:false:sh -c 'echo \"$0\" > \"$1\"' %s {}",
            file.display()
        );
        // Watched long enough that `false` is seen failing however slow the machine.
        open_checking(&browser(&list), "http://127.0.0.1:1/consent?a=1", SLOW)
            .await
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "http://127.0.0.1:1/consent?a=1\n"
        );
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn when_none_starts_the_error_says_why_in_words() {
        let why = open_checking(
            &browser("xpost-no-such-browser:false:'unterminated"),
            "http://u/?state=s3cr3t",
            SLOW,
        )
        .await
        .unwrap_err();
        assert_eq!(
            why,
            "$BROWSER did not start (xpost-no-such-browser: not found; false exited with status 1; \"'unterminated\" cannot be parsed: missing closing quote)"
        );
        assert!(!why.contains("os error") && !why.contains("Os {"), "{why}");
        assert!(!why.contains("s3cr3t"), "the URL is not repeated: {why}");
        let why = open(&browser(" : "), "http://u/").await.unwrap_err();
        assert_eq!(why, "$BROWSER did not start (it names no command)");
    }

    #[test]
    fn launch_failures_in_words() {
        let not_found = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(spawn_failure(&not_found), "not found");
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(spawn_failure(&denied), "not allowed to run it");
    }
}
