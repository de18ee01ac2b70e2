//! Opening the consent page: `$BROWSER` if set, else the system's default browser.
//!
//! `$BROWSER` is a command line (split as a shell would, without running a shell); the URL
//! replaces a `%s` in it, or else is appended as the last argument. xpost does not wait for the
//! browser to exit, and the browser's stdout is discarded so that xpost's stdout carries only
//! the result.

use std::process::{Command, Stdio};

use crate::config::Browser;

/// How `$BROWSER` will be run for `url`: the program and its arguments.
pub fn browser_command(browser: &str, url: &str) -> Result<Vec<String>, String> {
    let mut words =
        shell_words::split(browser).map_err(|err| format!("$BROWSER cannot be parsed: {err}"))?;
    if words.is_empty() {
        return Err("$BROWSER is empty".into());
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

/// Opens `url` with `browser` without waiting for it to finish.
pub fn open(browser: &Browser, url: &str) -> Result<(), String> {
    match &browser.command {
        Some(command) => {
            let words = browser_command(command, url)?;
            let mut child = Command::new(&words[0])
                .args(&words[1..])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .spawn()
                .map_err(|err| format!("cannot run $BROWSER ({}): {err}", words[0]))?;
            // Reap it whenever it exits, without holding xpost up.
            std::thread::spawn(move || child.wait());
            Ok(())
        }
        None => open::that_detached(url).map_err(|err| format!("cannot open a browser: {err}")),
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
}
