//! X's 2026 pay-per-use answers over HTTP: credits that run out (402), a usage cap (429
//! `usage-capped`), an app without a project (403 `client-forbidden`), the 24-hour post
//! limit with its headers, and a self-serve plan's reply and quote rules.

use reqwest::header::HeaderMap;

use super::*;

async fn logged_in_with(options: Options) -> (Setup, String) {
    let mut s = setup(options).await;
    let (token, _) = login(&mut s).await;
    (s, token)
}

async fn post_with_headers(s: &Setup, token: &str, body: Value) -> (StatusCode, HeaderMap, Value) {
    let response = s
        .http
        .post(format!("{}/2/tweets", s.sandbox.base_url()))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    (status, headers, response.json().await.unwrap())
}

fn header(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.parse().ok()
}

#[tokio::test]
async fn credits_run_out_with_402_and_failed_requests_are_free() {
    let (s, token) = logged_in_with(Options {
        credits: Some(2),
        ..Options::default()
    })
    .await;
    let (status, _) = post_tweet(&s, &token, json!({ "text": "one" })).await;
    assert_eq!(status, 201);
    // A refused post (duplicate) is not billed.
    let (status, _) = post_tweet(&s, &token, json!({ "text": "one" })).await;
    assert_eq!(status, 403);
    assert_eq!(s.sandbox.credits(), Some(1));
    let (status, _) = post_tweet(&s, &token, json!({ "text": "two" })).await;
    assert_eq!(status, 201);
    let (status, body) = post_tweet(&s, &token, json!({ "text": "three" })).await;
    assert_eq!(status, 402, "{body}");
    assert_eq!(body["title"], "CreditsDepleted");
    assert!(
        body["type"]
            .as_str()
            .unwrap()
            .ends_with("/problems/credits")
    );
    assert_eq!(
        s.sandbox.posts().len(),
        2,
        "nothing is made without credits"
    );
    // Uploads are refused too, and the token endpoint is not billed.
    let upload = s
        .http
        .post(format!("{}/2/media/upload", s.sandbox.base_url()))
        .bearer_auth(&token)
        .multipart(image_form(samples::png(2, 2), "tweet_image"))
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), 402);
    s.sandbox.set_credits(Some(5));
    let (status, _) = post_tweet(&s, &token, json!({ "text": "three" })).await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn a_usage_cap_is_a_429_of_its_own_kind() {
    let (s, token) = logged_in_with(Options::default()).await;
    s.sandbox.set_usage_capped(true);
    let (status, headers, body) = post_with_headers(&s, &token, json!({ "text": "capped" })).await;
    assert_eq!(status, 429, "{body}");
    assert!(body["type"].as_str().unwrap().ends_with("/usage-capped"));
    assert_eq!(body["title"], "UsageCapExceeded");
    assert!(
        header(&headers, "x-rate-limit-remaining").unwrap() > 0,
        "the 15-minute window has room: it is not a rate limit"
    );
    assert!(s.sandbox.posts().is_empty());
    s.sandbox.set_usage_capped(false);
    let (status, _) = post_tweet(&s, &token, json!({ "text": "capped" })).await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn an_app_without_a_project_is_refused_as_x_refuses_it() {
    let (s, token) = logged_in_with(Options {
        enrolled: false,
        ..Options::default()
    })
    .await;
    let (status, body) = post_tweet(&s, &token, json!({ "text": "hello" })).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["reason"], "client-not-enrolled");
    assert!(
        body["type"]
            .as_str()
            .unwrap()
            .ends_with("/client-forbidden")
    );
    assert!(s.sandbox.posts().is_empty());
}

#[tokio::test]
async fn the_daily_post_limit_has_xs_headers_and_its_own_reset() {
    let (s, token) = logged_in_with(Options {
        daily_post_limit: Some(2),
        ..Options::default()
    })
    .await;
    let now = unix_now();
    for (i, left) in [(1, 1), (2, 0)] {
        let (status, headers, _) =
            post_with_headers(&s, &token, json!({ "text": format!("post {i}") })).await;
        assert_eq!(status, 201);
        assert_eq!(header(&headers, "x-user-limit-24hour-limit"), Some(2));
        assert_eq!(
            header(&headers, "x-user-limit-24hour-remaining"),
            Some(left)
        );
    }
    let (status, headers, body) = post_with_headers(&s, &token, json!({ "text": "post 3" })).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["type"], "about:blank", "X's generic body");
    assert_eq!(header(&headers, "x-user-limit-24hour-remaining"), Some(0));
    let reset = header(&headers, "x-user-limit-24hour-reset").unwrap();
    assert!(reset >= now + 86_000, "a day away: {reset} vs {now}");
    assert!(header(&headers, "x-rate-limit-remaining").unwrap() > 0);
    assert_eq!(s.sandbox.posts().len(), 2);
}

#[tokio::test]
async fn a_self_serve_plan_replies_only_where_it_may_and_quotes_nothing() {
    let (s, token) = logged_in_with(Options {
        plan: Plan::SelfServe,
        ..Options::default()
    })
    .await;
    let (status, body) = post_tweet(&s, &token, json!({ "text": "a thread starts" })).await;
    assert_eq!(status, 201);
    let own = body["data"]["id"].as_str().unwrap().to_string();
    let (status, body) = post_tweet(
        &s,
        &token,
        json!({ "text": "and goes on", "reply": { "in_reply_to_tweet_id": own } }),
    )
    .await;
    assert_eq!(status, 201, "a thread: {body}");

    let theirs = s
        .sandbox
        .post_as_someone_else("someone", "an interesting post");
    let (status, body) = post_tweet(
        &s,
        &token,
        json!({ "text": "I agree", "reply": { "in_reply_to_tweet_id": theirs } }),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert!(
        body["type"]
            .as_str()
            .unwrap()
            .ends_with("/not-authorized-for-resource")
    );

    let mention = s
        .sandbox
        .post_as_someone_else("someone", &format!("what do you think, @{USERNAME}?"));
    let (status, body) = post_tweet(
        &s,
        &token,
        json!({ "text": "I think so", "reply": { "in_reply_to_tweet_id": mention } }),
    )
    .await;
    assert_eq!(status, 201, "mentioned: {body}");

    let (status, body) =
        post_tweet(&s, &token, json!({ "text": "look", "quote_tweet_id": own })).await;
    assert_eq!(status, 403, "{body}");
    let made: Vec<String> = s.sandbox.posts().iter().map(|p| p.text.clone()).collect();
    assert_eq!(made.len(), 5, "no refused reply, no quote: {made:?}");
}

#[tokio::test]
async fn a_script_can_make_someone_elses_post_to_reply_to() {
    let (s, token) = logged_in_with(Options {
        plan: Plan::SelfServe,
        ..Options::default()
    })
    .await;
    let made = s
        .http
        .post(format!("{}/_sandbox/others-posts", s.sandbox.base_url()))
        .json(&json!({ "username": "someone", "text": "hello there" }))
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), 200);
    let id = made.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, body) = post_tweet(
        &s,
        &token,
        json!({ "text": "hi", "reply": { "in_reply_to_tweet_id": id } }),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    let junk = s
        .http
        .post(format!("{}/_sandbox/others-posts", s.sandbox.base_url()))
        .json(&json!({ "username": "no spaces allowed", "text": "x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(junk.status(), 400);
}
