//! One consent: start a PKCE consent, show the URL and open it, wait for the callback (or a
//! pasted redirect), and exchange the code at once.

use std::time::Duration;

use tokio::time::Instant;

use super::browser;
use super::callback::Listener;
use super::token_endpoint::{OAuthClient, Tokens};
use crate::config::Browser;
use crate::error::{Cause, Error, Result};
use crate::output;

/// How the consent URL reaches a browser.
pub enum Opener {
    /// `$BROWSER`, or the system's default browser.
    Browser(Browser),
    /// Only print the URL (`--no-browser`).
    PrintOnly,
    /// Hand the URL to this function (the sandbox's built-in browser).
    With(Box<dyn FnOnce(String) + Send>),
    /// `$BROWSER` or the system's default browser, and when none starts, this function (the
    /// sandbox's built-in browser, which needs nobody at the terminal).
    BrowserElse(Browser, Box<dyn FnOnce(String) + Send>),
}

/// How long a consent may take, and who is there to give it.
#[derive(Debug, Clone, Copy)]
pub struct Waiting {
    /// How long to wait for the redirect (`--auth-timeout`).
    pub timeout: Duration,
    /// When the whole run gives up (`--max-time`), if it does: the wait shown is the nearer
    /// of the two. The run's own bound ends it there.
    pub deadline: Option<Instant>,
    /// Whether the redirect may be pasted at the terminal (the browser is on another machine).
    pub paste: bool,
    /// Whether a person is at the terminal, who can open the URL by hand when no browser
    /// starts. Without one, a consent with no browser ends at once: nobody could give it.
    pub attended: bool,
}

impl Waiting {
    /// How long the wait really is from `now`, and whether `--max-time` (rather than
    /// `--auth-timeout`) sets it.
    pub fn shown(&self, now: Instant) -> (Duration, bool) {
        match self.deadline.map(|d| d.saturating_duration_since(now)) {
            // Whole seconds, rounded up: `--max-time 5m` shows 5m, not 4m59s.
            Some(left) if left < self.timeout => (
                Duration::from_secs(left.as_secs() + u64::from(left.subsec_nanos() > 0)),
                true,
            ),
            _ => (self.timeout, false),
        }
    }
}

/// Runs one consent through `listener` and returns X's tokens.
pub async fn consent(
    oauth: &OAuthClient,
    mut listener: Listener,
    opener: Opener,
    waiting: Waiting,
) -> Result<Tokens> {
    let consent = oauth.start(listener.redirect_uri());
    let url = consent.url.to_string();
    match opener {
        Opener::Browser(browser) => {
            if !waiting.attended && !browser.available() {
                return Err(nobody_to_consent(
                    "$BROWSER is not set and there is no desktop session (DISPLAY, WAYLAND_DISPLAY)",
                ));
            }
            output::note(format!(
                "Opening {} in your browser. If it does not open, visit:\n  {url}",
                whose_page(&consent.url)
            ));
            // The browser's command line is every local user's to read: it gets a one-time
            // link to the consent page, never the state and challenge themselves.
            let start = listener.start_link(&url);
            if let Err(why) = browser::open(&browser, start.as_str()).await {
                if !waiting.attended {
                    return Err(nobody_to_consent(&why));
                }
                if output::quiet() {
                    output::warn(format!("{why}; open this URL yourself:\n  {url}"));
                } else {
                    output::warn(format!("{why}; open the URL above yourself"));
                }
            }
        }
        // The URL is what `--no-browser` asks for: shown even with --quiet.
        Opener::PrintOnly if output::quiet() => output::show(&url),
        Opener::PrintOnly => output::show(format!(
            "Open this URL in a browser to authorize xpost:\n  {url}"
        )),
        Opener::With(open) => {
            output::note(format!("Authorizing at:\n  {url}"));
            open(url);
        }
        Opener::BrowserElse(browser, otherwise) => {
            output::note(format!(
                "Opening {} in your browser. If it does not open, visit:\n  {url}",
                whose_page(&consent.url)
            ));
            let start = listener.start_link(&url);
            let opened = if browser.available() {
                browser::open(&browser, start.as_str()).await
            } else {
                Err("no browser to open".to_owned())
            };
            if let Err(why) = opened {
                output::note(format!("{why}: authorizing without a browser"));
                otherwise(url);
            }
        }
    }
    let (wait, by_max_time) = waiting.shown(Instant::now());
    let set_by = if by_max_time {
        " (what --max-time leaves of the run)"
    } else {
        ""
    };
    output::note(format!(
        "Waiting up to {}{set_by} for the authorization to reach {} ...",
        output::duration(wait),
        listener.redirect_uri()
    ));
    let pasted = waiting.paste.then(|| {
        output::note(format!(
            "If the browser is on another machine, paste here the address it was sent to (it starts with {}) and press Enter.",
            listener.redirect_uri()
        ));
        stdin_lines()
    });
    let state = consent.state.clone();
    let code = listener.wait(&state, waiting.timeout, pasted).await?;
    oauth.exchange(&code, consent).await
}

/// How the consent page is named: X's only when it is on X's own host, never for another
/// server's page (a sandbox, or whatever `X_AUTHORIZE_URL` names).
fn whose_page(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    let at_x = ["x.com", "twitter.com"]
        .iter()
        .any(|x| host == *x || host.ends_with(&format!(".{x}")));
    if at_x && url.scheme() == "https" {
        "X's consent page".to_owned()
    } else {
        format!(
            "the consent page at {} (not X's)",
            crate::sanitize::outside(&url[..url::Position::BeforePath])
        )
    }
}

/// The error of a consent that no browser can show and no person can open by hand (cron, CI):
/// waiting for it would only use up `--auth-timeout`.
fn nobody_to_consent(why: &str) -> Error {
    Error::new(
        Cause::Auth,
        format!(
            "consent is needed, but no browser could be opened ({why}) and no one is at a terminal to open the consent page"
        ),
    )
    .hint("run xpost auth login at a terminal (add --no-browser to open the URL on another machine), then run this again")
}

/// Lines typed at the terminal. A plain thread reads them, so a read still pending when xpost
/// is done never holds the process up.
///
/// Only while xpost is in the terminal's foreground: a run started in the background
/// (`xpost ... &`) that read the terminal would be stopped by the terminal (SIGTTIN), its
/// listener with it, and the consent given in the browser would never be caught. So the
/// terminal's stop signal for reads is ignored (a read from the background then fails instead
/// of stopping xpost), and the reader waits while xpost is in the background; once brought to
/// the foreground (`fg`), a paste is read again.
fn stdin_lines() -> tokio::sync::mpsc::Receiver<String> {
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    terminal::ignore_background_reads();
    std::thread::spawn(move || {
        use std::io::BufRead as _;
        let stdin = std::io::stdin();
        let mut line = String::new();
        loop {
            if !terminal::in_foreground() {
                std::thread::sleep(Duration::from_millis(200));
                continue;
            }
            line.clear();
            match stdin.lock().read_line(&mut line) {
                Ok(0) => break,
                Ok(_) => {
                    let text = line.trim_end_matches(['\n', '\r']).to_owned();
                    if tx.blocking_send(text).is_err() {
                        break;
                    }
                }
                // Sent to the background between the check and the read.
                Err(err) if terminal::background_read(&err) => {
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(_) => break,
            }
        }
    });
    rx
}

/// The process's place at its terminal, for reading a paste.
#[cfg(unix)]
mod terminal {
    /// Has a read of the terminal from the background fail (EIO) rather than stop the whole
    /// process (SIGTTIN's default).
    pub fn ignore_background_reads() {
        // SAFETY: setting a signal's disposition to SIG_IGN installs no handler and touches
        // no memory; it is what a shell does for its own background reads.
        unsafe {
            libc::signal(libc::SIGTTIN, libc::SIG_IGN);
        }
    }

    /// Whether xpost's process group is the terminal's foreground one (true when stdin is no
    /// terminal: then no terminal can stop it).
    pub fn in_foreground() -> bool {
        // SAFETY: both calls only read the process's and the terminal's state.
        let (foreground, own) = unsafe { (libc::tcgetpgrp(0), libc::getpgrp()) };
        foreground < 0 || foreground == own
    }

    /// Whether a read failed because xpost is in the background.
    pub fn background_read(err: &std::io::Error) -> bool {
        err.raw_os_error() == Some(libc::EIO)
    }
}

/// Elsewhere no terminal stops a background read.
#[cfg(not(unix))]
mod terminal {
    pub fn ignore_background_reads() {}

    pub fn in_foreground() -> bool {
        true
    }

    pub fn background_read(_: &std::io::Error) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waiting(timeout: u64, deadline_in: Option<Duration>, now: Instant) -> Waiting {
        Waiting {
            timeout: Duration::from_secs(timeout),
            deadline: deadline_in.map(|d| now + d),
            paste: false,
            attended: false,
        }
    }

    #[test]
    fn the_wait_shown_is_the_nearer_limit() {
        let now = Instant::now();
        assert_eq!(
            waiting(300, None, now).shown(now),
            (Duration::from_secs(300), false)
        );
        assert_eq!(
            waiting(300, Some(Duration::from_secs(1800)), now).shown(now),
            (Duration::from_secs(300), false)
        );
        assert_eq!(
            waiting(300, Some(Duration::from_millis(20_300)), now).shown(now),
            (Duration::from_secs(21), true)
        );
        assert_eq!(
            waiting(300, Some(Duration::from_secs(300)), now).shown(now),
            (Duration::from_secs(300), false)
        );
        // A deadline already passed.
        let later = now + Duration::from_secs(10);
        assert_eq!(
            waiting(300, Some(Duration::from_secs(5)), now).shown(later),
            (Duration::ZERO, true)
        );
    }

    #[test]
    fn only_xs_own_host_is_announced_as_xs_page() {
        let page = |url: &str| whose_page(&url::Url::parse(url).unwrap());
        assert_eq!(
            page("https://x.com/i/oauth2/authorize?a=b"),
            "X's consent page"
        );
        assert_eq!(
            page("https://twitter.com/i/oauth2/authorize"),
            "X's consent page"
        );
        for other in [
            "http://x.com/i/oauth2/authorize",
            "https://x.com.evil.example/i/oauth2/authorize",
            "https://evilx.com/i/oauth2/authorize",
            "http://127.0.0.1:9/i/oauth2/authorize",
        ] {
            let named = page(other);
            assert!(named.ends_with("(not X's)"), "{other}: {named}");
        }
    }
}
