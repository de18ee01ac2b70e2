//! The one-shot loopback listener that catches X's redirect after consent (RFC 8252).
//!
//! It binds the redirect URI's host and port on loopback only, answers 404 to other paths,
//! refuses a callback whose `state` is missing or does not match, a code and a refusal alike
//! (it answers it, logs it under `-v`, and keeps waiting for the real one), and stops after the
//! one good callback: a code, or the user's refusal. [`parse_callback`] is the pure part: what
//! a request to the callback path means.
//!
//! Anything any local process or web page can send to the port must neither end the login nor
//! reach the terminal as sent: text from the callback is shown only through
//! [`crate::sanitize::outside`].
//!
//! The browser is never started with the consent URL itself: a program's command line is
//! readable by every local user (`/proc/PID/cmdline`), and with the URL's `state` another user
//! could end the login, or consent with their own account in the victim's place. The browser
//! gets a one-time start link on this listener instead ([`Listener::start_link`]), which the
//! listener answers once with a redirect to X's consent page. A second request for it means
//! someone else has the link too: it is refused, and the login stops, since the consent that
//! would follow could be theirs.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{
    CACHE_CONTROL, CONNECTION, CONTENT_TYPE, HeaderValue, LOCATION, REFERRER_POLICY,
};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use url::Url;

use crate::error::{Cause, Error, Result};
use crate::sanitize::outside;

/// How long a connection may take to send its request headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// What one request to the callback path means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    /// The user authorized: the code to exchange.
    Code(String),
    /// X (or the user) refused: the `error` and its description, if any.
    Denied {
        /// The OAuth error code, e.g. `access_denied`.
        error: String,
        /// X's description of it.
        description: Option<String>,
    },
    /// Not a callback from this attempt: refuse it and keep waiting.
    Invalid(&'static str),
}

/// Reads the query of a request to the callback path, checking `state`.
///
/// A code and an `error=` refusal count only with the matching state: anyone who can reach the
/// port could send either, and a refusal without the state would let them end the login (RFC
/// 6749 §4.1.2.1 has X send the state back with a refusal too).
pub fn parse_callback(query: Option<&str>, expected_state: &str) -> Callback {
    let mut code = None;
    let mut state = None;
    let mut error = None;
    let mut description = None;
    for (key, value) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        let slot = match key.as_ref() {
            "code" => &mut code,
            "state" => &mut state,
            "error" => &mut error,
            "error_description" => &mut description,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value.into_owned());
        }
    }
    let state_ok = state
        .as_deref()
        .is_some_and(|s| constant_time_eq(s, expected_state));
    if let Some(error) = error {
        return match (state_ok, &state) {
            (true, _) => Callback::Denied { error, description },
            (false, None) => Callback::Invalid("the refusal has no state"),
            (false, Some(_)) => {
                Callback::Invalid("the state of the refusal does not match this login attempt")
            }
        };
    }
    match (code, state_ok) {
        (Some(code), true) if !code.is_empty() => Callback::Code(code),
        (Some(_), true) => Callback::Invalid("the code is empty"),
        (_, false) if state.is_none() => Callback::Invalid("the callback has no state"),
        (_, false) => Callback::Invalid("the state does not match this login attempt"),
        (None, true) => Callback::Invalid("the callback has no code"),
    }
}

/// How long a bare pasted code may be, in characters: X's are about 90 long.
pub const PASTED_CODE_LENGTH: std::ops::RangeInclusive<usize> = 8..=512;

/// Whether a bare pasted line looks like an authorization code: the URL-safe characters a
/// code is made of (RFC 3986 unreserved: letters, digits, `-`, `_`, `.`, `~`), of a length in
/// [`PASTED_CODE_LENGTH`]. Anything else (a stray word, a line with escape sequences) is not
/// sent to X, where it would use up the consent.
pub fn looks_like_a_code(line: &str) -> bool {
    PASTED_CODE_LENGTH.contains(&line.len())
        && line
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
}

/// Reads what a person pasted instead of the redirect reaching the listener: the whole
/// redirect URL (its state is checked), just its query, or just the code (which must look like
/// one: [`looks_like_a_code`]).
pub fn parse_pasted(line: &str, expected_state: &str) -> Callback {
    let line = line.trim();
    if line.is_empty() {
        return Callback::Invalid("nothing was pasted");
    }
    if let Ok(url) = Url::parse(line) {
        return parse_callback(url.query(), expected_state);
    }
    if line.contains('=') {
        let query = line.rsplit_once('?').map_or(line, |(_, q)| q);
        return parse_callback(Some(query), expected_state);
    }
    if line
        .chars()
        .any(|c| c.is_whitespace() || c == '/' || c == '?')
    {
        return Callback::Invalid("that is neither the redirect URL nor a code");
    }
    if !looks_like_a_code(line) {
        return Callback::Invalid(
            "that does not look like a code: 8 to 512 letters, digits, '-', '_', '.' or '~'",
        );
    }
    Callback::Code(line.to_owned())
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A bound callback listener, waiting to be asked for the callback.
pub struct Listener {
    sockets: Vec<TcpListener>,
    redirect_uri: Url,
    start: Option<StartLink>,
}

/// The one-time link that hands the browser the consent URL ([`Listener::start_link`]).
struct StartLink {
    /// The link's path: a fixed prefix and a random part nobody can guess.
    path: String,
    /// Where it redirects: X's consent page, with this login's state and challenge.
    consent_url: String,
}

/// The path prefix of start links; the random part follows it.
const START_PREFIX: &str = "/xpost/start/";

/// How a wait ends, besides running out of time.
enum Ended {
    /// A request to the callback path, or a pasted line, that ends the wait.
    Callback(Callback),
    /// The start link was asked for a second time.
    StartReused,
}

impl Listener {
    /// Binds the host and port of `redirect_uri` on loopback. Port 0 picks a free port, and
    /// [`Listener::redirect_uri`] then names it. `localhost` binds both 127.0.0.1 and ::1.
    pub async fn bind(redirect_uri: &Url) -> Result<Listener> {
        let port = redirect_uri.port_or_known_default().unwrap_or(80);
        let addrs: Vec<IpAddr> = match redirect_uri.host() {
            Some(url::Host::Ipv4(ip)) if ip.is_loopback() => vec![IpAddr::V4(ip)],
            Some(url::Host::Ipv6(ip)) if ip.is_loopback() => vec![IpAddr::V6(ip)],
            Some(url::Host::Domain(d)) if d.eq_ignore_ascii_case("localhost") => {
                vec![Ipv4Addr::LOCALHOST.into(), Ipv6Addr::LOCALHOST.into()]
            }
            _ => {
                return Err(Error::config(format!(
                    "X_REDIRECT_URI {redirect_uri} is not a loopback address"
                )));
            }
        };
        let mut sockets = Vec::new();
        let mut port = port;
        let mut last_error = None;
        for ip in addrs {
            match TcpListener::bind(SocketAddr::new(ip, port)).await {
                Ok(socket) => {
                    port = socket.local_addr().map(|a| a.port()).unwrap_or(port);
                    sockets.push(socket);
                }
                Err(err) if err.kind() == std::io::ErrorKind::AddrInUse => {
                    return Err(Error::config(format!(
                        "port {port} on {ip} is already in use, so xpost cannot catch X's redirect to {redirect_uri}"
                    ))
                    .hint(format!(
                        "stop whatever is listening on port {port} (another xpost waiting for consent?), or register another callback in the developer portal and set X_REDIRECT_URI to it"
                    )));
                }
                Err(err) => last_error = Some((ip, err)),
            }
        }
        if sockets.is_empty() {
            let (ip, err) = last_error.expect("at least one address was tried");
            return Err(Error::config(format!(
                "cannot listen on {ip} port {port} for X's redirect: {err}"
            ))
            .hint("set X_REDIRECT_URI to a loopback callback registered for your app"));
        }
        let mut redirect_uri = redirect_uri.clone();
        let _ = redirect_uri.set_port(Some(port));
        Ok(Listener {
            sockets,
            redirect_uri,
            start: None,
        })
    }

    /// A one-time link on this listener that redirects to `consent_url`: what the browser is
    /// started with, so that the consent URL's state and challenge never stand on a command
    /// line. The first request for it gets the redirect; a second ends the wait with an error.
    pub fn start_link(&mut self, consent_url: &str) -> Url {
        let path = format!("{START_PREFIX}{}", random_token());
        let mut link = self.redirect_uri.clone();
        link.set_path(&path);
        link.set_query(None);
        link.set_fragment(None);
        self.start = Some(StartLink {
            path,
            consent_url: consent_url.to_owned(),
        });
        link
    }

    /// The redirect URI this listener catches, with its real port.
    pub fn redirect_uri(&self) -> &Url {
        &self.redirect_uri
    }

    /// Serves until the callback for `state` arrives or `timeout` passes, and returns its code.
    /// Lines from `pasted` (a person pasting the redirect URL or the code) count too.
    ///
    /// The tab that brought the callback has its page before this returns.
    pub async fn wait(
        self,
        state: &str,
        timeout: Duration,
        mut pasted: Option<mpsc::Receiver<String>>,
    ) -> Result<String> {
        let path = self.redirect_uri.path().to_owned();
        let (tx, mut rx) = mpsc::channel::<Ended>(1);
        let mut accept_tasks = tokio::task::JoinSet::new();
        // One count of the start link's requests for every socket (127.0.0.1 and ::1 alike).
        let start = self.start.map(|link| {
            Arc::new(StartState {
                link,
                asked: AtomicBool::new(false),
            })
        });
        for socket in self.sockets {
            let shared = Arc::new(Shared {
                path: path.clone(),
                state: state.to_owned(),
                start: start.clone(),
                done: tx.clone(),
            });
            accept_tasks.spawn(accept_loop(socket, shared));
        }
        drop(tx);
        let next = async {
            loop {
                let line = match &mut pasted {
                    Some(lines) => tokio::select! {
                        outcome = rx.recv() => return outcome,
                        line = lines.recv() => line,
                    },
                    None => return rx.recv().await,
                };
                match line {
                    Some(line) => match parse_pasted(&line, state) {
                        Callback::Invalid(why) => crate::output::note(format!(
                            "That is not the redirect for this login ({why}); paste it again, or wait for the browser."
                        )),
                        outcome => return Some(Ended::Callback(outcome)),
                    },
                    // The terminal closed: only the listener is left.
                    None => pasted = None,
                }
            }
        };
        let outcome = tokio::time::timeout(timeout, next).await;
        // The sockets close before this returns, so the port is free by the time the login
        // lock is released: a run that waited for this one's consent binds it next.
        accept_tasks.shutdown().await;
        match outcome {
            Ok(Some(Ended::Callback(Callback::Code(code)))) => Ok(code),
            Ok(Some(Ended::StartReused)) => Err(Error::new(
                Cause::Auth,
                "the link that opens X's consent page was asked for a second time, so this login was stopped: another program on this computer may have it, and a consent through it could be someone else's",
            )
            .hint("run xpost again; if this happens again, another user of this computer may be watching for it: log in with --no-browser and open the printed URL yourself")),
            Ok(Some(Ended::Callback(Callback::Denied { error, description }))) => {
                // Whoever sent the redirect chose these words: shown only made safe.
                let detail = description
                    .map(|d| format!(": {}", outside(&d)))
                    .unwrap_or_default();
                let error = outside(&error);
                let message = if error == "access_denied" {
                    format!("authorization was declined in the browser ({error}{detail})")
                } else {
                    format!("X refused the authorization ({error}{detail})")
                };
                Err(Error::new(Cause::Auth, message)
                    .hint("run xpost again and choose Authorize app on X's page"))
            }
            Ok(Some(Ended::Callback(Callback::Invalid(_)))) | Ok(None) => {
                Err(Error::internal("the callback listener stopped unexpectedly"))
            }
            Err(_) => Err(Error::new(
                Cause::Auth,
                format!(
                    "no authorization arrived within {}",
                    crate::output::duration(timeout)
                ),
            )
            .hint("run xpost again and authorize in the browser, or allow more time with --auth-timeout")),
        }
    }
}

struct Shared {
    path: String,
    state: String,
    start: Option<Arc<StartState>>,
    done: mpsc::Sender<Ended>,
}

/// The start link, and whether it was asked for already.
struct StartState {
    link: StartLink,
    asked: AtomicBool,
}

/// 32 random bytes from the system's generator, in hex: the part of a start link nobody can
/// guess.
fn random_token() -> String {
    use rand::RngCore as _;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn accept_loop(socket: TcpListener, shared: Arc<Shared>) {
    loop {
        let stream = match socket.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors or a reset before accept: pause rather than spin.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let shared = shared.clone();
        tokio::spawn(async move {
            // The final answer of this connection, handed over once the page is written.
            let outcome: Arc<Mutex<Option<Ended>>> = Arc::default();
            let service = {
                let outcome = outcome.clone();
                let shared = shared.clone();
                hyper::service::service_fn(move |req| {
                    let answer = answer(&req, &shared);
                    if let Some(final_outcome) = answer.1 {
                        *outcome.lock().unwrap_or_else(|e| e.into_inner()) = Some(final_outcome);
                    }
                    async move { Ok::<_, std::convert::Infallible>(answer.0) }
                })
            };
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
            let final_outcome = outcome.lock().unwrap_or_else(|e| e.into_inner()).take();
            if let Some(final_outcome) = final_outcome {
                let _ = shared.done.send(final_outcome).await;
            }
        });
    }
}

/// The response to one request, and the outcome if it ends the wait.
fn answer(req: &Request<Incoming>, shared: &Shared) -> (Response<Full<Bytes>>, Option<Ended>) {
    if let Some(start) = shared
        .start
        .as_deref()
        .filter(|start| constant_time_eq(req.uri().path(), &start.link.path))
    {
        return answer_start(start);
    }
    if req.uri().path() != shared.path {
        return (
            page(
                StatusCode::NOT_FOUND,
                "Not found",
                "xpost is waiting for X's redirect on another path.",
            ),
            None,
        );
    }
    match parse_callback(req.uri().query(), &shared.state) {
        Callback::Invalid(why) => {
            crate::output::trace(
                1,
                format!(
                    "ignored a request to the callback path ({why}); still waiting for X's redirect"
                ),
            );
            (
                page(
                    StatusCode::BAD_REQUEST,
                    "This link is not for this login",
                    why,
                ),
                None,
            )
        }
        outcome @ Callback::Code(_) => (
            closing(page(
                StatusCode::OK,
                "xpost is authorized",
                "You can close this tab and return to the terminal.",
            )),
            Some(Ended::Callback(outcome)),
        ),
        outcome @ Callback::Denied { .. } => (
            closing(page(
                StatusCode::OK,
                "Authorization declined",
                "xpost did not get access. You can close this tab.",
            )),
            Some(Ended::Callback(outcome)),
        ),
    }
}

/// The answer to the start link: the redirect to X's consent page the first time, a refusal
/// that ends the login after that.
fn answer_start(start: &StartState) -> (Response<Full<Bytes>>, Option<Ended>) {
    if start.asked.swap(true, Ordering::SeqCst) {
        return (
            closing(page(
                StatusCode::GONE,
                "This link was already used",
                "xpost opens X's consent page through this link only once, and it was asked for before. Another program on this computer may have it, so xpost stopped this login: run it again.",
            )),
            Some(Ended::StartReused),
        );
    }
    let mut response = page(
        StatusCode::FOUND,
        "Opening the consent page",
        "Your browser is taken to the consent page.",
    );
    // A URL is visible ASCII, so it always makes a header value.
    if let Ok(location) = HeaderValue::from_str(&start.link.consent_url) {
        response.headers_mut().insert(LOCATION, location);
    }
    let headers = response.headers_mut();
    // The consent URL is for this browser alone: kept by no cache, sent on as no referrer.
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    (closing(response), None)
}

fn closing(mut response: Response<Full<Bytes>>) -> Response<Full<Bytes>> {
    response
        .headers_mut()
        .insert(CONNECTION, hyper::header::HeaderValue::from_static("close"));
    response
}

fn page(status: StatusCode, title: &str, text: &str) -> Response<Full<Bytes>> {
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;color:#222}}</style>\
         </head><body><h1>{title}</h1><p>{text}</p></body></html>"
    );
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;

    #[test]
    fn good_code() {
        assert_eq!(
            parse_callback(Some("state=abc&code=xyz"), "abc"),
            Callback::Code("xyz".into())
        );
    }

    #[test]
    fn wrong_or_missing_state_is_refused() {
        assert!(matches!(
            parse_callback(Some("state=abd&code=xyz"), "abc"),
            Callback::Invalid(_)
        ));
        assert!(matches!(
            parse_callback(Some("code=xyz"), "abc"),
            Callback::Invalid(_)
        ));
        assert!(matches!(parse_callback(None, "abc"), Callback::Invalid(_)));
        assert!(matches!(
            parse_callback(Some("state=abc"), "abc"),
            Callback::Invalid(_)
        ));
        assert!(matches!(
            parse_callback(Some("state=abc&code="), "abc"),
            Callback::Invalid(_)
        ));
    }

    #[test]
    fn denial_only_with_matching_state() {
        let denied = Callback::Denied {
            error: "access_denied".into(),
            description: Some("The user denied".into()),
        };
        assert_eq!(
            parse_callback(
                Some("error=access_denied&error_description=The+user+denied&state=abc"),
                "abc"
            ),
            denied
        );
        assert_eq!(
            parse_callback(
                Some("state=abc&error=access_denied&error_description=The%20user%20denied"),
                "abc"
            ),
            denied
        );
        // A forged refusal, for another attempt or for none, must not end this one.
        assert!(matches!(
            parse_callback(Some("error=access_denied&state=zzz"), "abc"),
            Callback::Invalid(_)
        ));
        for query in [
            "error=access_denied",
            "error=access_denied&error_description=The+user+denied",
            "error=access_denied&state=",
            "error=access_denied&state=ab",
            "error=access_denied&state=abcd",
            "state=zzz&error=server_error&code=xyz",
        ] {
            assert!(
                matches!(parse_callback(Some(query), "abc"), Callback::Invalid(_)),
                "{query}"
            );
        }
    }

    #[test]
    fn first_value_wins_and_values_are_decoded() {
        assert_eq!(
            parse_callback(Some("code=a%2Fb&state=abc&code=evil"), "abc"),
            Callback::Code("a/b".into())
        );
    }

    #[test]
    fn a_pasted_word_that_does_not_look_like_a_code_is_not_one() {
        for junk in [
            "junk\u{1b}[2Jx",
            "\u{1b}[2Jabcdefghij",
            "abcdefgh\u{7}",
            "abcdefgh\u{9b}31m",
            "yes",
            "ok",
            "code:abcdefghij",
            "abcdefgh#ij",
            "ábcdefghij",
            "abc\u{202e}defghij",
            "abcdefgh\"",
            "abcdefgh%1b",
        ] {
            assert!(
                matches!(parse_pasted(junk, "abc"), Callback::Invalid(_)),
                "{junk:?}"
            );
        }
        let long = "a".repeat(513);
        assert!(matches!(parse_pasted(&long, "abc"), Callback::Invalid(_)));
        let longest = "a".repeat(512);
        assert_eq!(parse_pasted(&longest, "abc"), Callback::Code(longest));
        let Callback::Invalid(why) = parse_pasted("junk\u{1b}[2Jx", "abc") else {
            unreachable!()
        };
        assert!(why.contains("does not look like a code"), "{why}");
    }

    #[test]
    fn pasted_urls_codes_and_queries() {
        assert_eq!(
            parse_pasted(
                "  http://127.0.0.1:5000/oauth/callback?state=abc&code=xyz\n",
                "abc"
            ),
            Callback::Code("xyz".into())
        );
        assert!(matches!(
            parse_pasted(
                "http://127.0.0.1:5000/oauth/callback?state=evil&code=xyz",
                "abc"
            ),
            Callback::Invalid(_)
        ));
        assert_eq!(
            parse_pasted("/oauth/callback?code=q&state=abc", "abc"),
            Callback::Code("q".into())
        );
        assert_eq!(
            parse_pasted("VGhpcyBpcyBhIGNvZGU", "abc"),
            Callback::Code("VGhpcyBpcyBhIGNvZGU".into())
        );
        assert!(matches!(parse_pasted("", "abc"), Callback::Invalid(_)));
        assert_eq!(
            parse_pasted("  a-b_c.d~e0123456789\r\n", "abc"),
            Callback::Code("a-b_c.d~e0123456789".into())
        );
        assert!(matches!(
            parse_pasted("not a code at all", "abc"),
            Callback::Invalid(_)
        ));
        assert!(matches!(
            parse_pasted(
                "http://127.0.0.1:5000/oauth/callback?error=access_denied&state=abc",
                "abc"
            ),
            Callback::Denied { .. }
        ));
    }

    #[tokio::test]
    async fn busy_port_names_the_port() {
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        let uri = Url::parse(&format!("http://127.0.0.1:{port}/oauth/callback")).unwrap();
        let err = Listener::bind(&uri).await.err().unwrap();
        assert_eq!(err.exit(), Exit::Config);
        assert!(err.to_string().contains(&format!("port {port}")), "{err}");
        assert!(err.to_string().contains("X_REDIRECT_URI"), "{err}");
    }

    #[tokio::test]
    async fn port_zero_reports_the_real_port() {
        let uri = Url::parse("http://127.0.0.1:0/oauth/callback").unwrap();
        let listener = Listener::bind(&uri).await.unwrap();
        assert_ne!(listener.redirect_uri().port(), Some(0));
        assert_eq!(listener.redirect_uri().path(), "/oauth/callback");
    }

    /// Sends raw bytes on a new connection and returns what came back (until close or 2 s).
    async fn raw(addr: &str, bytes: &[u8]) -> Vec<u8> {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let _ = stream.write_all(bytes).await;
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(2), stream.read_to_end(&mut answer)).await;
        answer
    }

    #[tokio::test]
    async fn survives_junk_and_still_takes_the_real_callback() {
        use tokio::io::AsyncWriteExt;
        let uri = Url::parse("http://127.0.0.1:0/oauth/callback").unwrap();
        let listener = Listener::bind(&uri).await.unwrap();
        let addr = format!("127.0.0.1:{}", listener.redirect_uri().port().unwrap());
        let waiting = tokio::spawn(async move {
            listener
                .wait("the-state", Duration::from_secs(30), None)
                .await
        });

        // Idle and slow clients hold connections open without finishing a request.
        let mut idle = Vec::new();
        for _ in 0..100 {
            idle.push(tokio::net::TcpStream::connect(&addr).await.unwrap());
        }
        let mut slow = tokio::net::TcpStream::connect(&addr).await.unwrap();
        slow.write_all(b"GET /oauth/callback?state=the-")
            .await
            .unwrap();

        // Bytes that are not HTTP, and a 1 MB header.
        let junk = raw(&addr, b"\x00\x01\x02 not http at all\r\n\r\n").await;
        assert!(
            junk.is_empty() || junk.starts_with(b"HTTP/1.1 400"),
            "{:?}",
            String::from_utf8_lossy(&junk)
        );
        let mut huge =
            b"GET /oauth/callback?state=the-state&code=big HTTP/1.1\r\nHost: x\r\nX-Big: ".to_vec();
        huge.resize(huge.len() + 1024 * 1024, b'a');
        huge.extend_from_slice(b"\r\n\r\n");
        let answer = raw(&addr, &huge).await;
        assert!(
            !answer.starts_with(b"HTTP/1.1 200"),
            "a 1 MB header must not be taken"
        );

        // Other paths and wrong states are refused.
        let other = raw(&addr, b"GET /favicon.ico HTTP/1.1\r\nHost: x\r\n\r\n").await;
        assert!(other.starts_with(b"HTTP/1.1 404"));
        let forged = raw(
            &addr,
            b"GET /oauth/callback?state=nope&code=evil HTTP/1.1\r\nHost: x\r\n\r\n",
        )
        .await;
        assert!(forged.starts_with(b"HTTP/1.1 400"));

        // The real callback still gets through, and its tab gets the page.
        let real = raw(
            &addr,
            b"GET /oauth/callback?state=the-state&code=real-code HTTP/1.1\r\nHost: x\r\n\r\n",
        )
        .await;
        let real = String::from_utf8_lossy(&real);
        assert!(real.starts_with("HTTP/1.1 200"), "{real}");
        assert!(real.contains("You can close this tab"), "{real}");
        let code = tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .expect("the wait ends once the callback arrives")
            .unwrap()
            .unwrap();
        assert_eq!(code, "real-code");
        drop(idle);
    }

    #[tokio::test]
    async fn pasted_redirect_ends_the_wait() {
        let uri = Url::parse("http://127.0.0.1:0/oauth/callback").unwrap();
        let listener = Listener::bind(&uri).await.unwrap();
        let redirect = listener.redirect_uri().clone();
        let (tx, rx) = mpsc::channel(4);
        let waiting =
            tokio::spawn(
                async move { listener.wait("st", Duration::from_secs(30), Some(rx)).await },
            );
        tx.send(format!("{redirect}?state=wrong&code=evil"))
            .await
            .unwrap();
        tx.send(format!("{redirect}?state=st&code=pasted"))
            .await
            .unwrap();
        let code = tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(code.unwrap(), "pasted");
    }

    #[tokio::test]
    async fn only_a_refusal_with_the_state_ends_the_wait_and_its_words_are_made_safe() {
        let uri = Url::parse("http://127.0.0.1:0/oauth/callback").unwrap();
        let listener = Listener::bind(&uri).await.unwrap();
        let addr = format!("127.0.0.1:{}", listener.redirect_uri().port().unwrap());
        let waiting =
            tokio::spawn(async move { listener.wait("st", Duration::from_secs(30), None).await });
        // Refusals without this login's state, as any page or process could send them.
        for forged in [
            "error=access_denied",
            "error=access_denied&state=other",
            "error=server_error&error_description=bye&state=",
        ] {
            let request = format!("GET /oauth/callback?{forged} HTTP/1.1\r\nHost: x\r\n\r\n");
            let answer = raw(&addr, request.as_bytes()).await;
            assert!(answer.starts_with(b"HTTP/1.1 400"), "{forged}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(
            !waiting.is_finished(),
            "a refusal without the state ends nothing"
        );

        let answer = raw(
            &addr,
            b"GET /oauth/callback?error=access_denied&state=st&error_description=%1B%5B2J%0D%0Axpost%3A+hint%3A+%E2%80%AEgo HTTP/1.1\r\nHost: x\r\n\r\n",
        )
        .await;
        assert!(answer.starts_with(b"HTTP/1.1 200"));
        let err = waiting.await.unwrap().unwrap_err();
        assert_eq!(err.exit(), Exit::Auth);
        assert_eq!(
            err.message(),
            "authorization was declined in the browser (access_denied: [2J  xpost: hint: go)"
        );
    }

    /// A run waiting for this one's consent binds the port as soon as this one gives up.
    #[tokio::test]
    async fn the_port_is_free_when_the_wait_ends() {
        let uri = Url::parse("http://127.0.0.1:0/oauth/callback").unwrap();
        let listener = Listener::bind(&uri).await.unwrap();
        let port = listener.redirect_uri().port().unwrap();
        let err = listener
            .wait("state", Duration::from_millis(20), None)
            .await
            .unwrap_err();
        assert_eq!(err.exit(), Exit::Auth);
        std::net::TcpListener::bind(("127.0.0.1", port)).expect("the port is free at once");
    }
}
