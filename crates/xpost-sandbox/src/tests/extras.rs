//! The media extras over HTTP: users by username (found, unknown, bad names, scopes), the
//! control endpoint that adds users, and tagged users in a post.

use super::*;

async fn logged_in(scope: &str) -> (Setup, String) {
    let mut s = setup(Options::default()).await;
    let code = consent_code(&mut s, scope).await;
    let (status, body) = exchange(&s, &code).await;
    assert_eq!(status, 200, "{body}");
    (s, body["access_token"].as_str().unwrap().to_string())
}

async fn lookup(s: &Setup, token: &str, name: &str) -> (StatusCode, Value) {
    let response = s
        .http
        .get(format!(
            "{}/2/users/by/username/{name}",
            s.sandbox.base_url()
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

#[tokio::test]
async fn users_are_found_by_username_in_any_case_or_answered_with_only_errors() {
    let (s, token) = logged_in(ALL_SCOPES).await;
    let added = s
        .http
        .post(format!("{}/_sandbox/users", s.sandbox.base_url()))
        .json(&json!({ "username": "Alice_1" }))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 200);
    let added: Value = added.json().await.unwrap();
    let id = added["id"].as_str().unwrap().to_string();
    assert_eq!(added["username"], "Alice_1");
    assert_eq!(s.sandbox.add_user("alice_1"), id, "one user per name");

    let (status, body) = lookup(&s, &token, "ALICE_1").await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"data": {"id": id, "name": "Alice_1", "username": "Alice_1"}})
    );
    let (status, body) = lookup(&s, &token, "xpost_second").await;
    assert_eq!(
        (status, &body["data"]["id"]),
        (StatusCode::OK, &json!(SECOND_ACCOUNT.user_id))
    );

    let (status, body) = lookup(&s, &token, "nobody").await;
    assert_eq!(status, 200, "X answers an unknown user with a 200");
    assert!(body.get("data").is_none(), "{body}");
    assert_eq!(
        body["errors"][0]["type"],
        "https://api.twitter.com/2/problems/resource-not-found"
    );
    assert_eq!(body["errors"][0]["resource_id"], "nobody");

    let (status, body) = lookup(&s, &token, "sixteen_letters_").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["errors"][0]["parameters"]["username"][0],
        "sixteen_letters_"
    );

    let junk = s
        .http
        .post(format!("{}/_sandbox/users", s.sandbox.base_url()))
        .json(&json!({ "username": "a-b" }))
        .send()
        .await
        .unwrap();
    assert_eq!(junk.status(), 400);
    let lookups = s
        .sandbox
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/2/users/by/username/"))
        .count();
    assert_eq!(lookups, 4);
}

#[tokio::test]
async fn a_lookup_needs_users_read() {
    let (s, token) = logged_in("tweet.read tweet.write").await;
    let (status, body) = lookup(&s, &token, "xpost_sandbox").await;
    assert_eq!(status, 403, "{body}");
    assert!(
        body["detail"].as_str().unwrap().contains("users.read"),
        "{body}"
    );
}

#[tokio::test]
async fn tagged_users_must_exist_and_are_kept() {
    let (s, token) = logged_in(ALL_SCOPES).await;
    let upload = s
        .http
        .post(format!("{}/2/media/upload", s.sandbox.base_url()))
        .bearer_auth(&token)
        .multipart(image_form(samples::png(1, 1), "tweet_image"))
        .send()
        .await
        .unwrap();
    let media: Value = upload.json().await.unwrap();
    let media_id = media["data"]["id"].as_str().unwrap().to_string();
    let bob = s.sandbox.add_user("bob");
    let (status, body) = post_tweet(
        &s,
        &token,
        json!({"text": "a", "media": {"media_ids": [media_id], "tagged_user_ids": ["99"]}}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("no user with id [99]"),
        "{body}"
    );
    let (status, body) = post_tweet(
        &s,
        &token,
        json!({"text": "b", "media": {"media_ids": [media_id], "tagged_user_ids": [bob, USER_ID]}}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(
        s.sandbox.posts()[0].tagged_user_ids,
        [bob.as_str(), USER_ID]
    );
}

#[tokio::test]
async fn endpoints_that_take_json_refuse_other_bodies_as_x_does() {
    let (s, token) = logged_in(ALL_SCOPES).await;
    for route in [
        "/2/tweets",
        "/2/media/metadata",
        "/2/media/subtitles",
        "/2/media/upload/initialize",
    ] {
        let response = s
            .http
            .post(format!("{}{route}", s.sandbox.base_url()))
            .bearer_auth(&token)
            .header("content-type", "text/plain")
            .body(r#"{"text":"looks like JSON"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{route}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["detail"], "The body must be JSON with Content-Type: application/json.",
            "{route}: {body}"
        );
    }
    assert!(s.sandbox.posts().is_empty());
}
