//! One consent: start a PKCE consent, show the URL and open it, wait for the callback (or a
//! pasted redirect), and exchange the code at once.

use std::time::Duration;

use super::browser;
use super::callback::Listener;
use super::pkce::{OAuthClient, Tokens};
use crate::config::Browser;
use crate::error::Result;
use crate::output;

/// How the consent URL reaches a browser.
pub enum Opener {
    /// `$BROWSER`, or the system's default browser.
    Browser(Browser),
    /// Only print the URL (`--no-browser`).
    PrintOnly,
    /// Hand the URL to this function (the sandbox's built-in browser).
    With(Box<dyn FnOnce(String) + Send>),
}

/// Runs one consent through `listener` and returns X's tokens. With `paste`, a person at the
/// terminal may paste the redirect URL instead (when the browser runs on another machine).
pub async fn consent(
    oauth: &OAuthClient,
    listener: Listener,
    opener: Opener,
    timeout: Duration,
    paste: bool,
) -> Result<Tokens> {
    let consent = oauth.start(listener.redirect_uri());
    let url = consent.url.to_string();
    match opener {
        Opener::Browser(browser) => {
            output::note(format!(
                "Opening X's consent page in your browser. If it does not open, visit:\n  {url}"
            ));
            if let Err(why) = browser::open(&browser, &url).await {
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
    }
    output::note(format!(
        "Waiting up to {} for the authorization to reach {} ...",
        output::duration(timeout),
        listener.redirect_uri()
    ));
    let pasted = paste.then(|| {
        output::note(format!(
            "If the browser is on another machine, paste here the address it was sent to (it starts with {}) and press Enter.",
            listener.redirect_uri()
        ));
        stdin_lines()
    });
    let state = consent.state.clone();
    let code = listener.wait(&state, timeout, pasted).await?;
    oauth.exchange(&code, consent).await
}

/// Lines typed at the terminal. A plain thread reads them, so a read still pending when xpost
/// is done never holds the process up.
fn stdin_lines() -> tokio::sync::mpsc::Receiver<String> {
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    std::thread::spawn(move || {
        for line in std::io::stdin().lines() {
            let Ok(line) = line else { break };
            if tx.blocking_send(line).is_err() {
                break;
            }
        }
    });
    rx
}
