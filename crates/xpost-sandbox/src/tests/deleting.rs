//! `DELETE /2/tweets/{id}` over HTTP: one's own post (gone, its page 404s), another user's
//! (403), one that does not exist or is already deleted (`200 {"deleted":false}`), OAuth 1.0a,
//! the scope a bearer token needs, and its own rate-limit bucket with X's headers.

use reqwest::Response;

use super::*;

async fn delete(s: &Setup, token: &str, id: &str) -> Response {
    s.http
        .delete(format!("{}/2/tweets/{id}", s.sandbox.base_url()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn own_posts_are_deleted_and_gone_missing_ones_answer_deleted_false() {
    let mut s = setup(Options::default()).await;
    let (token, _) = login(&mut s).await;
    let (status, body) = post_tweet(&s, &token, json!({"text": "to go"})).await;
    assert_eq!(status, 201, "{body}");
    let id = body["data"]["id"].as_str().unwrap().to_string();

    let response = delete(&s, &token, &id).await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["x-rate-limit-limit"], "50");
    assert_eq!(headers["x-rate-limit-remaining"], "49");
    assert!(headers.contains_key("x-rate-limit-reset"));
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"data": {"deleted": true}})
    );
    assert!(s.sandbox.posts().is_empty());
    let page = s
        .http
        .get(format!("{}/{USERNAME}/status/{id}", s.sandbox.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 404);

    // Already deleted, or never made: X's long-standing answer.
    for gone in [id.as_str(), "1"] {
        let again = delete(&s, &token, gone).await;
        assert_eq!(again.status(), 200);
        assert_eq!(
            again.json::<Value>().await.unwrap(),
            json!({"data": {"deleted": false}})
        );
    }
    // The text may be posted again once its post is gone.
    let (status, _) = post_tweet(&s, &token, json!({"text": "to go"})).await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn another_users_post_is_refused_with_403() {
    let mut s = setup(Options::default()).await;
    let (token, _) = login(&mut s).await;
    let theirs = s.sandbox.post_as_someone_else("someone", "mine, not yours");
    let response = delete(&s, &token, &theirs).await;
    assert_eq!(response.status(), 403);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["title"], "Forbidden");
    assert_eq!(body["status"], 403);
    assert_eq!(s.sandbox.posts().len(), 1, "the post stays");
}

#[tokio::test]
async fn a_bad_id_is_a_400_and_a_missing_scope_a_403() {
    let mut s = setup(Options::default()).await;
    let (token, _) = login(&mut s).await;
    let response = delete(&s, &token, "abc").await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["parameters"]["id"][0], "abc", "{body}");

    let code = consent_code(&mut s, "tweet.read users.read").await;
    let (status, body) = exchange(&s, &code).await;
    assert_eq!(status, 200, "{body}");
    let read_only = body["access_token"].as_str().unwrap();
    let response = delete(&s, read_only, "1").await;
    assert_eq!(response.status(), 403);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["detail"].as_str().unwrap().contains("tweet.write"),
        "{body}"
    );
    let unauthenticated = s
        .http
        .delete(format!("{}/2/tweets/1", s.sandbox.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), 401);
}

#[tokio::test]
async fn oauth1_deletes_too() {
    let mut s = setup(Options::default()).await;
    let (token, _) = login(&mut s).await;
    let (_, body) = post_tweet(&s, &token, json!({"text": "signed away"})).await;
    let id = body["data"]["id"].as_str().unwrap();
    let url = format!("{}/2/tweets/{id}", s.sandbox.base_url());
    let response = s
        .http
        .delete(&url)
        .header(
            "authorization",
            oauth1_header("DELETE", &url, "delete-1", unix_now()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"data": {"deleted": true}})
    );
    assert!(s.sandbox.posts().is_empty());
}

#[tokio::test]
async fn deletions_have_their_own_bucket_of_50() {
    let mut s = setup(Options::default()).await;
    let (token, _) = login(&mut s).await;
    s.sandbox.rate_limit("DELETE", "/2/tweets/{id}", 0);
    let (_, body) = post_tweet(&s, &token, json!({"text": "stays"})).await;
    let id = body["data"]["id"].as_str().unwrap();
    let response = delete(&s, &token, id).await;
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["x-rate-limit-limit"], "50");
    assert_eq!(response.headers()["x-rate-limit-remaining"], "0");
    assert_eq!(s.sandbox.posts().len(), 1, "nothing deleted on a 429");
}
