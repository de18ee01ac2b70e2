//! Injected faults over HTTP: what a client sees for each kind, what the sandbox did
//! behind it, queues and counts per route, the control endpoint, and shutdown with
//! connections open.

use std::time::Instant;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::*;

fn url(s: &Setup, path: &str) -> String {
    format!("{}{path}", s.sandbox.base_url())
}

/// `POST /2/tweets`, keeping the client's error if there was one.
async fn try_post(s: &Setup, token: &str, text: &str) -> reqwest::Result<reqwest::Response> {
    s.http
        .post(url(s, "/2/tweets"))
        .bearer_auth(token)
        .json(&json!({ "text": text }))
        .send()
        .await
}

async fn me(s: &Setup, token: &str) -> reqwest::Result<reqwest::Response> {
    s.http
        .get(url(s, "/2/users/me"))
        .bearer_auth(token)
        .send()
        .await
}

fn statuses(s: &Setup, path: &str) -> Vec<u16> {
    s.sandbox
        .requests()
        .iter()
        .filter(|r| r.path == path)
        .map(|r| r.status)
        .collect()
}

#[tokio::test]
async fn status_faults_answer_xs_errors_without_acting() {
    let mut s = setup(Options::default()).await;
    let (token, _) = login(&mut s).await;
    s.sandbox
        .inject("POST", "/2/tweets", Fault::Status { status: 503 }, 1);
    s.sandbox
        .inject("POST", "/2/tweets", Fault::Status { status: 429 }, 1);

    let unavailable = try_post(&s, &token, "one").await.unwrap();
    assert_eq!(unavailable.status(), 503);
    assert_eq!(
        unavailable.headers()["content-type"],
        "application/problem+json"
    );
    assert_eq!(
        unavailable.headers()["x-rate-limit-remaining"],
        "10000",
        "a refused request spends no quota"
    );
    assert_eq!(
        unavailable.json::<Value>().await.unwrap(),
        json!({"title":"Service Unavailable","detail":"Service Unavailable","type":"about:blank","status":503})
    );

    let limited = try_post(&s, &token, "one").await.unwrap();
    assert_eq!(limited.status(), 429);
    let headers = limited.headers().clone();
    assert_eq!(headers["x-rate-limit-limit"], "10000");
    assert_eq!(headers["x-rate-limit-remaining"], "0");
    assert_eq!(headers["retry-after"], "1");
    let reset: u64 = headers["x-rate-limit-reset"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(reset >= unix_now() && reset <= unix_now() + 2, "{reset}");
    assert_eq!(
        limited.json::<Value>().await.unwrap(),
        json!({"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429})
    );
    assert!(s.sandbox.posts().is_empty());

    // Used up: the next request is served, and its quota is whole.
    let posted = try_post(&s, &token, "one").await.unwrap();
    assert_eq!(posted.status(), 201);
    assert_eq!(posted.headers()["x-rate-limit-remaining"], "9999");
    assert_eq!(s.sandbox.posts().len(), 1);
    assert_eq!(statuses(&s, "/2/tweets"), vec![503, 429, 201]);

    // At the token endpoint a 401 is an OAuth error.
    s.sandbox
        .inject("POST", "/2/oauth2/token", Fault::Status { status: 401 }, 1);
    let (status, body) = token_request(&s, &[("grant_type", "refresh_token")]).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"], "invalid_client");
}

#[tokio::test]
async fn a_delay_holds_the_answer_then_serves_it() {
    let mut s = setup(Options::default()).await;
    let (token, _) = login(&mut s).await;
    s.sandbox.inject(
        "GET",
        "/2/users/me",
        Fault::Delay(Duration::from_millis(400)),
        1,
    );
    let started = Instant::now();
    let answer = me(&s, &token).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(answer.status(), 200);
    assert_eq!(
        answer.json::<Value>().await.unwrap()["data"]["username"],
        USERNAME
    );
    assert_eq!(statuses(&s, "/2/users/me"), vec![200]);
}

#[tokio::test]
async fn drop_before_read_ends_the_connection_and_does_nothing() {
    let mut s = setup(Options::default()).await;
    let (token, _) = login(&mut s).await;
    s.sandbox
        .inject("POST", "/2/tweets", Fault::DropBeforeRead, 1);
    let dropped = try_post(&s, &token, "never made").await;
    assert!(dropped.is_err(), "{dropped:?}");
    assert!(s.sandbox.posts().is_empty());
    assert_eq!(statuses(&s, "/2/tweets"), vec![0]);

    let posted = try_post(&s, &token, "made").await.unwrap();
    assert_eq!(posted.status(), 201);
    assert_eq!(s.sandbox.posts().len(), 1);
}

#[tokio::test]
async fn drop_after_read_acts_but_never_answers() {
    let mut s = setup(Options::default()).await;
    let (token, refresh) = login(&mut s).await;
    s.sandbox
        .inject("POST", "/2/tweets", Fault::DropAfterRead, 1);
    let dropped = try_post(&s, &token, "outcome unknown").await;
    assert!(dropped.is_err(), "{dropped:?}");
    let posts = s.sandbox.posts();
    assert_eq!(
        posts.len(),
        1,
        "the post exists although the client got an error"
    );
    assert_eq!(posts[0].text, "outcome unknown");
    assert_eq!(statuses(&s, "/2/tweets"), vec![0]);
    // A resend is what X would see: the same text again.
    assert_eq!(
        try_post(&s, &token, "outcome unknown")
            .await
            .unwrap()
            .status(),
        403
    );

    // The refresh is done, and the refresh token spent, though no answer came.
    s.sandbox
        .inject("POST", "/2/oauth2/token", Fault::DropAfterRead, 1);
    let form = [
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh.as_str()),
        ("client_id", CREDENTIALS.client_id),
    ];
    let dropped = s
        .http
        .post(url(&s, "/2/oauth2/token"))
        .form(&form)
        .send()
        .await;
    assert!(dropped.is_err(), "{dropped:?}");
    let (status, body) = token_request(&s, &form).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"], "invalid_request");
}

#[tokio::test]
async fn truncated_answers_promise_more_body_than_they_send() {
    let mut s = setup(Options::default()).await;
    let (token, _) = login(&mut s).await;
    let whole = me(&s, &token).await.unwrap().bytes().await.unwrap();
    s.sandbox.inject("GET", "/2/users/me", Fault::Truncated, 1);
    let cut = me(&s, &token).await.unwrap();
    assert_eq!(cut.status(), 200);
    assert_eq!(cut.headers()["content-length"], whole.len().to_string());
    assert!(cut.headers().contains_key("x-rate-limit-remaining"));
    assert!(cut.bytes().await.is_err());
    assert_eq!(statuses(&s, "/2/users/me"), vec![200, 200]);

    // Acted on: a truncated post is made.
    s.sandbox.inject("POST", "/2/tweets", Fault::Truncated, 1);
    let cut = try_post(&s, &token, "cut short").await.unwrap();
    assert_eq!(cut.status(), 201);
    assert!(cut.json::<Value>().await.is_err());
    assert_eq!(s.sandbox.posts().len(), 1);
}

#[tokio::test]
async fn not_json_answers_200_with_a_page_after_acting() {
    let mut s = setup(Options::default()).await;
    let (token, _) = login(&mut s).await;
    s.sandbox.inject("POST", "/2/tweets", Fault::NotJson, 1);
    let page = try_post(&s, &token, "behind a proxy").await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(!page.headers().contains_key("x-rate-limit-limit"));
    let html = page.text().await.unwrap();
    assert!(html.contains("<html>"), "{html}");
    assert!(serde_json::from_str::<Value>(&html).is_err());
    assert_eq!(s.sandbox.posts().len(), 1);
    assert_eq!(statuses(&s, "/2/tweets"), vec![200]);
}

#[tokio::test]
async fn faults_queue_per_route_and_are_used_up() {
    let mut s = setup(Options::default()).await;
    let (token, _) = login(&mut s).await;
    s.sandbox
        .inject("POST", "/2/tweets", Fault::Status { status: 500 }, 2);
    s.sandbox
        .inject("POST", "/2/tweets", Fault::DropBeforeRead, 1);
    s.sandbox
        .inject("GET", "/2/users/me", Fault::Status { status: 502 }, 1);
    s.sandbox.inject("GET", "/2/users/me", Fault::NotJson, 0);

    assert_eq!(me(&s, &token).await.unwrap().status(), 200, "cleared");
    for _ in 0..2 {
        let refused = try_post(&s, &token, "x").await.unwrap();
        assert_eq!(refused.status(), 500);
        assert_eq!(
            refused.json::<Value>().await.unwrap()["title"],
            "Internal Server Error"
        );
    }
    assert!(try_post(&s, &token, "x").await.is_err());
    assert_eq!(try_post(&s, &token, "x").await.unwrap().status(), 201);
    assert_eq!(try_post(&s, &token, "y").await.unwrap().status(), 201);
    assert_eq!(statuses(&s, "/2/tweets"), vec![500, 500, 0, 201, 201]);
    assert_eq!(statuses(&s, "/2/users/me"), vec![200]);

    // The append route is one, whatever the media id; clear_faults forgets everything.
    s.sandbox.inject(
        "POST",
        "/2/media/upload/{id}/append",
        Fault::Status { status: 503 },
        3,
    );
    let append = s
        .http
        .post(url(&s, "/2/media/upload/123/append"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(append.status(), 503);
    s.sandbox.clear_faults();
    let append = s
        .http
        .post(url(&s, "/2/media/upload/456/append"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_ne!(append.status(), 503);
}

#[tokio::test]
async fn the_control_endpoint_switches_faults_from_outside() {
    let mut s = setup(Options::default()).await;
    let (token, _) = login(&mut s).await;
    let control = url(&s, "/_sandbox/faults");
    let set = s
        .http
        .post(&control)
        .json(&json!({"method":"post","route":"/2/tweets","fault":"status:503","times":2}))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 200);
    assert_eq!(
        set.json::<Value>().await.unwrap(),
        json!({"method":"POST","route":"/2/tweets","fault":"status:503","times":2,"pending":2})
    );
    let set = s
        .http
        .post(&control)
        .json(&json!({"method":"GET","route":"/2/users/me","fault":"delay:50ms"}))
        .send()
        .await
        .unwrap();
    assert_eq!(set.json::<Value>().await.unwrap()["pending"], 1);
    let listed: Value = s
        .http
        .get(&control)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        listed,
        json!({"faults":[
            {"method":"POST","route":"/2/tweets","faults":["status:503","status:503"]},
            {"method":"GET","route":"/2/users/me","faults":["delay:50ms"]},
        ]})
    );
    assert_eq!(try_post(&s, &token, "x").await.unwrap().status(), 503);

    for (bad, why) in [
        (
            json!({"method":"POST","route":"/2/tweets","fault":"explode"}),
            "unknown fault",
        ),
        (
            json!({"method":"POST","route":"/2/tweets","fault":"status:503*2"}),
            "\"times\"",
        ),
        (
            json!({"method":"POST","route":"2/tweets","fault":"truncated"}),
            "not a route",
        ),
        (json!({"route":"/2/tweets","fault":"truncated"}), "method"),
    ] {
        let refused = s.http.post(&control).json(&bad).send().await.unwrap();
        assert_eq!(refused.status(), 400);
        let body: Value = refused.json().await.unwrap();
        assert!(body["detail"].as_str().unwrap().contains(why), "{body}");
    }

    let cleared = s.http.delete(&control).send().await.unwrap();
    assert_eq!(cleared.status(), 204);
    assert_eq!(try_post(&s, &token, "x").await.unwrap().status(), 201);
    assert_eq!(me(&s, &token).await.unwrap().status(), 200);

    // The control endpoint itself is never faulted.
    s.sandbox
        .inject("DELETE", "/_sandbox/faults", Fault::DropBeforeRead, 1);
    assert_eq!(s.http.delete(&control).send().await.unwrap().status(), 204);
}

/// Reads from a raw connection until it ends; `true` if it ended within `within`.
async fn ends_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 1024];
    tokio::time::timeout(within, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .is_ok()
}

#[tokio::test]
async fn shutdown_ends_open_connections_and_lets_requests_in_flight_finish() {
    let mut s = setup(Options::default()).await;
    let (token, _) = login(&mut s).await;
    let addr = s.sandbox.base_url().replace("http://", "");
    // An idle keep-alive connection after a request, and one that never sent anything.
    let mut used = TcpStream::connect(&addr).await.unwrap();
    used.write_all(b"GET /2/users/me HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    let mut head = [0u8; 12];
    used.read_exact(&mut head).await.unwrap();
    assert_eq!(&head, b"HTTP/1.1 401");
    let mut silent = TcpStream::connect(&addr).await.unwrap();
    // And a request in flight.
    s.sandbox.inject(
        "GET",
        "/2/users/me",
        Fault::Delay(Duration::from_millis(500)),
        1,
    );
    let http = s.http.clone();
    let base = s.sandbox.base_url();
    let in_flight = tokio::spawn(async move {
        http.get(format!("{base}/2/users/me"))
            .bearer_auth(token)
            .send()
            .await
            .map(|r| r.status())
    });
    tokio::time::sleep(Duration::from_millis(100)).await;

    let started = Instant::now();
    s.sandbox.shutdown().await;
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(in_flight.await.unwrap().unwrap(), 200);
    assert!(ends_within(&mut used, Duration::from_secs(1)).await);
    assert!(ends_within(&mut silent, Duration::from_secs(1)).await);
    assert!(TcpStream::connect(&addr).await.is_err());

    // Dropping ends them too.
    let sandbox = Sandbox::start(Options::default()).await.unwrap();
    let addr = sandbox.base_url().replace("http://", "");
    let mut silent = TcpStream::connect(&addr).await.unwrap();
    drop(sandbox);
    assert!(ends_within(&mut silent, Duration::from_secs(2)).await);
    assert!(TcpStream::connect(&addr).await.is_err());
}
