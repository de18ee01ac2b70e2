//! Opening the consent page: `$BROWSER` if set, else the system's default browser.
//!
//! `$BROWSER` is a list of command lines separated by `:` (`;` on Windows), as the convention
//! allows, tried in turn until one starts. Each is split without running a shell: as a POSIX
//! shell would on Unix, and by Windows' own rules (those of `CommandLineToArgvW`) on Windows, so
//! that `C:\Tools\b.exe` keeps its backslashes and `"C:\Program Files\Firefox\firefox.exe"
//! --new-window` is a program and an argument. The URL replaces a `%s` in it, or else is
//! appended as the last argument. xpost does not wait for the browser to exit, and the
//! browser's stdout is discarded so that xpost's stdout carries only the result. A command that
//! cannot be run, or that exits with a failure at once (a launcher with nothing to launch),
//! counts as not started, and the next one is tried.

use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::Duration;

use crate::config::Browser;

/// How long a started browser command is watched for an immediate failure.
const LAUNCH_CHECK: Duration = Duration::from_millis(250);

/// How a `$BROWSER` value is written: by a POSIX shell's rules, or by Windows'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Posix,
    Windows,
}

impl Syntax {
    /// The rules of the platform xpost was built for.
    const HERE: Syntax = if cfg!(windows) {
        Syntax::Windows
    } else {
        Syntax::Posix
    };

    /// The separator of the commands in `$BROWSER`: the platform's path-list separator, as
    /// other programs that read `$BROWSER` (Python's `webbrowser`, `xdg-utils`) use it.
    fn list_separator(self) -> char {
        match self {
            Syntax::Posix => ':',
            Syntax::Windows => ';',
        }
    }
}

/// The command lines `$BROWSER` names, in the order to try them. A separator inside quotes
/// (or, on Unix, after a backslash) belongs to the command; empty entries are skipped.
pub fn browser_list(browser: &str) -> Vec<String> {
    list_by(Syntax::HERE, browser)
}

/// [`browser_list`] by `syntax`'s rules. On Windows only `"` quotes, and a backslash is a
/// path's separator, but before a `"` as `CommandLineToArgvW` reads it: an odd number of them
/// makes the `"` a literal one, which neither opens nor closes a quote.
fn list_by(syntax: Syntax, browser: &str) -> Vec<String> {
    let separator = syntax.list_separator();
    let mut list = Vec::new();
    let mut current = String::new();
    let mut quote = None;
    let mut escaped = false;
    // Backslashes just before this character, on Windows.
    let mut backslashes = 0usize;
    for c in browser.chars() {
        let literal_quote = syntax == Syntax::Windows && c == '"' && backslashes % 2 == 1;
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        match (syntax, quote, c) {
            _ if escaped => escaped = false,
            _ if literal_quote => {}
            (_, Some('\''), '\'') | (_, Some('"'), '"') => quote = None,
            (Syntax::Posix, Some('\''), _) => {}
            (Syntax::Posix, _, '\\') => escaped = true,
            (_, Some(_), _) => {}
            (Syntax::Posix, None, '\'' | '"') | (Syntax::Windows, None, '"') => quote = Some(c),
            (_, None, c) if c == separator => {
                list.push(std::mem::take(&mut current));
                continue;
            }
            (_, None, _) => {}
        }
        current.push(c);
    }
    list.push(current);
    list.retain(|command| !command.trim().is_empty());
    list
}

/// How one `$BROWSER` command will be run for `url`: the program and its arguments, split by
/// the platform's rules.
pub fn browser_command(browser: &str, url: &str) -> Result<Vec<String>, String> {
    #[cfg(windows)]
    let words = split_windows_command(browser);
    #[cfg(not(windows))]
    let words = split_posix_command(browser)?;
    with_url(words, url)
}

/// A command line split as a POSIX shell would, without running one.
#[cfg(any(not(windows), test))]
fn split_posix_command(command: &str) -> Result<Vec<String>, String> {
    shell_words::split(command).map_err(|err| format!("cannot be parsed: {err}"))
}

/// A command line split by Windows' rules (`CommandLineToArgvW`'s): only `"` quotes, and a
/// backslash is literal unless it comes before a `"`. Any text splits.
#[cfg(any(windows, test))]
fn split_windows_command(command: &str) -> Vec<String> {
    winsplit::split(command)
}

/// The command's words with `url` in place of each `%s`, or else appended.
fn with_url(mut words: Vec<String>, url: &str) -> Result<Vec<String>, String> {
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

    fn posix(command: &str, url: &str) -> Result<Vec<String>, String> {
        with_url(split_posix_command(command)?, url)
    }

    fn windows(command: &str, url: &str) -> Result<Vec<String>, String> {
        with_url(split_windows_command(command), url)
    }

    #[test]
    fn url_is_appended_as_last_argument() {
        for split in [posix, windows] {
            assert_eq!(
                split("firefox --new-tab", "http://x/?a=1&b=2").unwrap(),
                ["firefox", "--new-tab", "http://x/?a=1&b=2"]
            );
        }
    }

    #[test]
    fn quoted_words_and_percent_s() {
        assert_eq!(
            posix("'/opt/My Browser/run' --url=%s", "http://x/").unwrap(),
            ["/opt/My Browser/run", "--url=http://x/"]
        );
        assert_eq!(
            windows(
                r#""C:\Program Files\My Browser\run.exe" --url=%s"#,
                "http://x/"
            )
            .unwrap(),
            [r"C:\Program Files\My Browser\run.exe", "--url=http://x/"]
        );
    }

    #[test]
    fn windows_paths_keep_their_backslashes() {
        // By a shell's rules the backslashes were escapes: `C:Toolsb.exe`, not found.
        assert_eq!(
            posix(r"C:\Tools\b.exe", "u").unwrap(),
            [r"C:Toolsb.exe", "u"]
        );
        assert_eq!(
            windows(r"C:\Tools\b.exe", "http://x/").unwrap(),
            [r"C:\Tools\b.exe", "http://x/"]
        );
        assert_eq!(
            windows(
                r#""C:\Program Files\Mozilla Firefox\firefox.exe" --new-window"#,
                "http://x/"
            )
            .unwrap(),
            [
                r"C:\Program Files\Mozilla Firefox\firefox.exe",
                "--new-window",
                "http://x/"
            ]
        );
        // Single quotes are not quotes there, and a lone `"` runs to the end.
        assert_eq!(
            windows(r"'C:\My Tools\b.exe'", "u").unwrap(),
            [r"'C:\My", r"Tools\b.exe'", "u"]
        );
        assert_eq!(
            windows(r#""C:\My Tools\b.exe"#, "u").unwrap(),
            [r"C:\My Tools\b.exe", "u"]
        );
        // A backslash before a quote escapes it, as CommandLineToArgvW has it.
        assert_eq!(windows(r#"a\"b c"#, "u").unwrap(), [r#"a"b"#, "c", "u"]);
    }

    #[test]
    fn bad_values() {
        for split in [posix, windows] {
            assert!(split("   ", "u").is_err());
        }
        assert!(posix("'unterminated", "u").is_err());
    }

    #[test]
    fn a_list_is_split_at_colons_outside_quotes_on_unix() {
        let list = |browser| list_by(Syntax::Posix, browser);
        assert_eq!(list("firefox"), ["firefox"]);
        assert_eq!(
            list("xdg-open:firefox --new-tab:w3m"),
            ["xdg-open", "firefox --new-tab", "w3m"]
        );
        assert_eq!(list("::a::b:"), ["a", "b"]);
        assert!(list(" : ").is_empty());
        assert_eq!(
            list(r#"sh -c 'echo "a:b"' x:"/opt/b:c/run" %s:w\:x"#),
            [r#"sh -c 'echo "a:b"' x"#, r#""/opt/b:c/run" %s"#, r"w\:x"]
        );
    }

    #[test]
    fn a_list_is_split_at_semicolons_outside_double_quotes_on_windows() {
        let list = |browser| list_by(Syntax::Windows, browser);
        // Drive letters' colons and backslashes are the paths'.
        assert_eq!(
            list(r"C:\Tools\b.exe;firefox --new-tab;;"),
            [r"C:\Tools\b.exe", "firefox --new-tab"]
        );
        assert_eq!(
            list(r#""C:\a;b\run.exe" %s;'x;y'"#),
            [r#""C:\a;b\run.exe" %s"#, "'x", "y'"]
        );
        // A trailing backslash is no escape: the separator after it still separates.
        assert_eq!(list(r"C:\Tools\;b"), [r"C:\Tools\", "b"]);
        // `\"` is a literal `"`, inside quotes or out, as Windows reads a command line; `\\"`
        // is a backslash, then a quote that closes.
        assert_eq!(list(r#""a\"b;c";d"#), [r#""a\"b;c""#, "d"]);
        assert_eq!(list(r#"a\";b"#), [r#"a\""#, "b"]);
        assert_eq!(list(r#""C:\dir\\";b"#), [r#""C:\dir\\""#, "b"]);
        assert_eq!(
            Syntax::HERE.list_separator(),
            if cfg!(windows) { ';' } else { ':' }
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

    /// On Windows (under Wine in CI): a `;` list of Windows command lines, each tried until one
    /// starts, with the failures in words.
    #[cfg(windows)]
    #[tokio::test]
    async fn each_windows_command_is_tried_until_one_starts() {
        let dir = tempfile::tempdir().unwrap();
        let opened = dir.path().join("opened");
        // `cmd /c md DIR` succeeds once DIR is made: proof that this entry ran, with its
        // backslashed path whole.
        let list = format!(
            r#"C:\xpost\no-such-browser.exe --new-tab;cmd /c exit 3;cmd /c md "{}" & rem %s"#,
            opened.display()
        );
        open_checking(&browser(&list), "http://127.0.0.1:1/consent", SLOW)
            .await
            .unwrap();
        assert!(opened.is_dir(), "{list}");
        let why = open_checking(
            &browser(r"C:\xpost\no-such-browser.exe;cmd /c exit 3"),
            "http://u/?state=s3cr3t",
            SLOW,
        )
        .await
        .unwrap_err();
        assert_eq!(
            why,
            r"$BROWSER did not start (C:\xpost\no-such-browser.exe: not found; cmd exited with status 3)"
        );
    }

    #[test]
    fn launch_failures_in_words() {
        let not_found = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(spawn_failure(&not_found), "not found");
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(spawn_failure(&denied), "not allowed to run it");
    }
}
