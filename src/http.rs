//! The HTTP layer under every request xpost makes: one `reqwest` client (rustls, no
//! redirects, bounded connect and request times), how requests behave, and the backoff
//! between repeats.

use std::time::Duration;

use crate::error::{Error, Result, error_chain};

/// How requests to X behave: timeouts, repeats, waiting out rate limits.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The longest one request may take.
    pub timeout: Duration,
    /// The longest connecting may take.
    pub connect_timeout: Duration,
    /// How many times a failed request that is safe to repeat is repeated.
    pub retries: u32,
    /// Wait for a rate limit's reset instead of failing.
    pub wait: bool,
    /// The longest a reset is waited for (`--max-wait`); a later one ends the run at once.
    pub max_wait: Duration,
    /// When the run gives up (`--max-time`): a rate limit that resets later is not waited
    /// for. `None`: no bound known here.
    pub deadline: Option<tokio::time::Instant>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            retries: 3,
            wait: false,
            max_wait: Duration::from_secs(15 * 60),
            deadline: None,
        }
    }
}

/// The HTTP client every request of xpost goes through: rustls, no redirects, bounded connect
/// and whole-request times.
pub fn http_client(policy: &Policy) -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(concat!("xpost/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(policy.connect_timeout)
        .timeout(policy.timeout)
        .build()
        .map_err(|err| Error::internal(format!("cannot set up HTTP: {}", error_chain(&err))))
}

/// Exponential backoff with jitter: about 0.5 s, 1 s, 2 s ... up to 8 s.
pub fn backoff(failures: u32) -> Duration {
    let base = 500u64.saturating_mul(1 << failures.saturating_sub(1).min(4));
    let jitter = rand::random::<u64>() % (base / 2 + 1);
    Duration::from_millis((base + jitter).min(8_000))
}

/// The most of an answer from X that xpost reads: far above any answer of the endpoints it
/// uses, and a bound on what a lying server can make it hold.
pub const MAX_ANSWER: usize = 1 << 20;

/// Reads an answer's body, at most [`MAX_ANSWER`] bytes of it and one more: a longer body is
/// cut there, and reads as an answer that cannot be understood, whatever came after.
pub async fn read_body(mut response: reqwest::Response) -> reqwest::Result<bytes::Bytes> {
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = response.chunk().await? {
        let room = (MAX_ANSWER + 1).saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() > MAX_ANSWER {
            break;
        }
    }
    Ok(body.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_with_jitter_and_a_cap() {
        for failures in 1..10 {
            let wait = backoff(failures);
            let base = 500u64 << (failures - 1).min(4);
            assert!(
                wait.as_millis() as u64 >= base.min(8_000),
                "{failures}: {wait:?}"
            );
            assert!(wait <= Duration::from_secs(8), "{failures}: {wait:?}");
        }
    }

    #[tokio::test]
    async fn an_endless_answer_is_read_only_to_the_bound() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = [0u8; 1024];
            let _ = socket.read(&mut request).await;
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n";
            socket.write_all(head.as_bytes()).await.unwrap();
            let chunk = vec![b'x'; 64 * 1024];
            let mut sent = 0usize;
            // Until the client hangs up (or far past the bound, should it not).
            while sent < 64 * MAX_ANSWER && socket.write_all(&chunk).await.is_ok() {
                sent += chunk.len();
            }
            sent
        });
        let response = reqwest::get(format!("http://{addr}/")).await.unwrap();
        let body = read_body(response).await.unwrap();
        assert_eq!(body.len(), MAX_ANSWER + 1);
        let sent = server.await.unwrap();
        assert!(
            sent < 16 * MAX_ANSWER,
            "the client stopped reading: {sent} bytes sent"
        );
    }
}
