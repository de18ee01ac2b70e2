//! Reading and editing posts over HTTP: `GET /2/tweets/{id}` under both of X's namings, a
//! post that does not exist answered both ways, an edit's new version and its chain, X's
//! refusals of edits it does not make, and a deletion taking the whole chain.

use reqwest::Response;

use super::*;

const LEGACY: &str =
    "tweet.fields=attachments,author_id,community_id,edit_controls,in_reply_to_user_id";
const SPEC: &str =
    "post.fields=attachments,community_id,edit_controls&expansions=author_id,in_reply_to_user_id";

async fn read(s: &Setup, token: &str, id: &str, query: &str) -> (StatusCode, Value) {
    let response = s
        .http
        .get(format!("{}/2/tweets/{id}?{query}", s.sandbox.base_url()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

async fn edit(s: &Setup, token: &str, previous: &str, text: &str) -> (StatusCode, Value) {
    post_tweet(
        s,
        token,
        json!({"text": text, "edit_options": {"previous_post_id": previous}}),
    )
    .await
}

fn id_of(body: &Value) -> String {
    body["data"]["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_post_reads_with_its_edit_controls_and_an_edit_makes_a_new_version() {
    let mut s = setup(Options::default()).await;
    let (token, _) = login(&mut s).await;
    let (_, body) = post_tweet(&s, &token, json!({"text": "we need an eidt button"})).await;
    let first = id_of(&body);
    assert_eq!(body["data"]["edit_history_tweet_ids"], json!([first]));

    let (status, body) = read(&s, &token, &first, LEGACY).await;
    assert_eq!(status, 200, "{body}");
    let data = &body["data"];
    assert_eq!(data["author_id"], USER_ID);
    assert_eq!(data["edit_controls"]["is_edit_eligible"], true);
    assert_eq!(data["edit_controls"]["edits_remaining"], 5);
    let until = data["edit_controls"]["editable_until"].as_str().unwrap();
    let until = chrono::DateTime::parse_from_rfc3339(until).unwrap();
    let left = until.timestamp() - unix_now() as i64;
    assert!((1790..=1800).contains(&left), "30 minutes: {left}");
    assert!(data.get("attachments").is_none() && data.get("includes").is_none());

    let (status, body) = edit(&s, &token, &first, "we have an edit button").await;
    assert_eq!(status, 201, "{body}");
    let second = id_of(&body);
    assert_ne!(second, first);
    assert_eq!(
        body["data"]["edit_history_tweet_ids"],
        json!([first, second])
    );
    // Each version reads as itself, with the chain's history and controls.
    for (id, text) in [
        (&first, "we need an eidt button"),
        (&second, "we have an edit button"),
    ] {
        let (_, body) = read(&s, &token, id, LEGACY).await;
        assert_eq!(body["data"]["text"], text);
        assert_eq!(
            body["data"]["edit_history_tweet_ids"],
            json!([first, second])
        );
        assert_eq!(body["data"]["edit_controls"]["edits_remaining"], 4);
    }
    let posts = s.sandbox.posts();
    assert_eq!(posts[1].edit_of.as_deref(), Some(first.as_str()));
    assert_eq!(
        posts[1].body,
        json!({"text": "we have an edit button", "edit_options": {"previous_post_id": first}})
    );

    // Only the latest version is edited; the text of the chain is no duplicate of it.
    let (status, body) = edit(&s, &token, &first, "again").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["errors"][0]["parameters"]["edit_options.previous_post_id"][0],
        first
    );
    let (status, body) = edit(&s, &token, &second, "we need an eidt button").await;
    assert_eq!(status, 201, "{body}");
}

#[tokio::test]
async fn the_v2_167_naming_takes_post_fields_and_expands_users() {
    let mut s = setup(Options {
        api_names: ApiNames::Post,
        ..Options::default()
    })
    .await;
    let (token, _) = login(&mut s).await;
    let theirs = s
        .sandbox
        .post_as_someone_else("someone", "hello @xpost_sandbox");
    let (_, body) = post_tweet(
        &s,
        &token,
        json!({"text": "hi", "reply": {"in_reply_to_tweet_id": theirs}}),
    )
    .await;
    let reply = id_of(&body);
    assert_eq!(body["data"]["edit_history_post_ids"], json!([reply]));

    let (status, body) = read(&s, &token, &reply, LEGACY).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["errors"][0]["parameters"]["tweet.fields"].is_array(),
        "{body}"
    );

    let (status, body) = read(&s, &token, &reply, SPEC).await;
    assert_eq!(status, 200, "{body}");
    let data = &body["data"];
    assert_eq!(data["edit_history_post_ids"], json!([reply]));
    assert!(data.get("edit_history_tweet_ids").is_none());
    assert_eq!(data["author_id"], USER_ID);
    let to = data["in_reply_to_user_id"].as_str().unwrap();
    assert_ne!(to, USER_ID);
    assert_eq!(data["edit_controls"]["is_edit_eligible"], false);
    let users = body["includes"]["users"].as_array().unwrap();
    assert!(
        users
            .iter()
            .any(|u| u["id"] == to && u["username"] == "someone")
    );
    assert!(users.iter().any(|u| u["username"] == USERNAME));

    let (status, body) = edit(&s, &token, &reply, "changed").await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(
        body["detail"],
        "This Post is not eligible for editing: it replies to another account's post."
    );
}

#[tokio::test]
async fn a_missing_post_answers_200_with_errors_or_404() {
    let mut s = setup(Options::default()).await;
    let (token, _) = login(&mut s).await;
    let (status, body) = read(&s, &token, "1", LEGACY).await;
    assert_eq!(status, 200);
    assert!(body.get("data").is_none(), "{body}");
    assert!(
        body["errors"][0]["type"]
            .as_str()
            .unwrap()
            .ends_with("/resource-not-found")
    );
    s.sandbox.set_missing_post(MissingPost::NotFound);
    let (status, body) = read(&s, &token, "1", LEGACY).await;
    assert_eq!(status, 404);
    assert_eq!(body["title"], "Not Found Error");
    let (status, _) = read(&s, &token, "12ab", LEGACY).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn edits_x_does_not_make_are_refused_with_its_problems() {
    let mut s = setup(Options {
        edit_rules: EditRules {
            window: Duration::from_secs(1800),
            edits: 1,
        },
        ..Options::default()
    })
    .await;
    let (token, _) = login(&mut s).await;
    let theirs = s.sandbox.post_as_someone_else("someone", "theirs");
    let (status, body) = edit(&s, &token, &theirs, "mine now").await;
    assert_eq!(
        (status, body["title"].as_str()),
        (StatusCode::FORBIDDEN, Some("Forbidden"))
    );

    let (_, body) = post_tweet(
        &s,
        &token,
        json!({"text": "q", "poll": {"options": ["a", "b"], "duration_minutes": 60}}),
    )
    .await;
    let poll = id_of(&body);
    let (_, read_back) = read(&s, &token, &poll, LEGACY).await;
    assert_eq!(read_back["data"]["attachments"]["poll_ids"], json!([poll]));
    let (status, body) = edit(&s, &token, &poll, "no poll").await;
    assert_eq!(status, 403);
    assert!(body["detail"].as_str().unwrap().contains("poll"), "{body}");

    let (_, body) = post_tweet(&s, &token, json!({"text": "c", "community_id": "123"})).await;
    let community = id_of(&body);
    let (_, read_back) = read(&s, &token, &community, LEGACY).await;
    assert_eq!(read_back["data"]["community_id"], "123");
    let (status, _) = edit(&s, &token, &community, "elsewhere").await;
    assert_eq!(status, 403);

    let (_, body) = post_tweet(&s, &token, json!({"text": "once"})).await;
    let once = id_of(&body);
    let (status, body) = edit(&s, &token, &once, "twice").await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = edit(&s, &token, &id_of(&body), "thrice").await;
    assert_eq!(status, 403);
    assert!(
        body["detail"].as_str().unwrap().contains("no edits left"),
        "{body}"
    );

    let (_, body) = post_tweet(&s, &token, json!({"text": "late"})).await;
    let late = id_of(&body);
    s.sandbox.advance_clock(Duration::from_secs(1800));
    let (status, body) = edit(&s, &token, &late, "too late").await;
    assert_eq!(status, 403);
    assert!(
        body["detail"].as_str().unwrap().contains("window"),
        "{body}"
    );

    let (status, body) = edit(&s, &token, "1", "nothing").await;
    assert_eq!(status, 400);
    assert!(body["errors"][0]["parameters"]["edit_options.previous_post_id"].is_array());
    // An edit keeps the post's context: none of it goes with edit_options.
    let (status, body) = post_tweet(
        &s,
        &token,
        json!({"text": "x", "reply": {"in_reply_to_tweet_id": late}, "edit_options": {"previous_post_id": late}}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body["detail"].as_str().unwrap().contains("edit_options"),
        "{body}"
    );
    let (status, body) = post_tweet(
        &s,
        &token,
        json!({"text": "x", "edit_options": {"previous_post_id": "1x"}}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("$.edit_options.previous_post_id:")
    );
    let (status, _) = post_tweet(
        &s,
        &token,
        json!({"text": "x", "edit_options": {"previous_post_id": late, "z": 1}}),
    )
    .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn an_edit_keeps_the_posts_reply_reuses_its_media_and_deleting_a_version_deletes_all() {
    let mut s = setup(Options::default()).await;
    let (token, _) = login(&mut s).await;
    let uploaded: Value = s
        .http
        .post(format!("{}/2/media/upload", s.sandbox.base_url()))
        .bearer_auth(&token)
        .multipart(image_form(samples::png(2, 2), "tweet_image"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let media = uploaded["data"]["id"].as_str().unwrap().to_string();
    let (_, body) = post_tweet(
        &s,
        &token,
        json!({"text": "with media", "media": {"media_ids": [media]}}),
    )
    .await;
    let pictured = id_of(&body);
    let (_, read_back) = read(&s, &token, &pictured, LEGACY).await;
    assert_eq!(
        read_back["data"]["attachments"]["media_keys"],
        json!([format!("3_{media}")])
    );
    let (status, body) = post_tweet(
        &s,
        &token,
        json!({"text": "with media, fixed", "media": {"media_ids": [media]}, "edit_options": {"previous_post_id": pictured}}),
    )
    .await;
    assert_eq!(status, 201, "the same media again: {body}");

    let (_, body) = post_tweet(&s, &token, json!({"text": "thread start"})).await;
    let start = id_of(&body);
    let (_, body) = post_tweet(
        &s,
        &token,
        json!({"text": "second", "reply": {"in_reply_to_tweet_id": start}}),
    )
    .await;
    let second = id_of(&body);
    let (status, body) = edit(&s, &token, &second, "second, fixed").await;
    assert_eq!(status, 201, "{body}");
    let fixed = id_of(&body);
    let posts = s.sandbox.posts();
    let new = posts.iter().find(|p| p.id == fixed).unwrap();
    assert_eq!(
        new.reply_to.as_deref(),
        Some(start.as_str()),
        "own thread kept"
    );

    let response = s
        .http
        .delete(format!("{}/2/tweets/{second}", s.sandbox.base_url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let left: Vec<String> = s.sandbox.posts().into_iter().map(|p| p.id).collect();
    assert!(left.contains(&start), "{left:?}");
    assert!(
        !left.contains(&second) && !left.contains(&fixed),
        "{left:?}"
    );
}

#[tokio::test]
async fn oauth1_reads_with_its_query_signed_and_a_read_only_token_reads() {
    let mut s = setup(Options::default()).await;
    let (token, _) = login(&mut s).await;
    let (_, body) = post_tweet(&s, &token, json!({"text": "signed read"})).await;
    let id = id_of(&body);
    let url = format!("{}/2/tweets/{id}", s.sandbox.base_url());
    let signed: Response = s
        .http
        .get(format!("{url}?tweet.fields=edit_controls"))
        .header(
            "authorization",
            oauth1_header_signing(
                "GET",
                &url,
                &[("tweet.fields", "edit_controls")],
                "read-1",
                unix_now(),
            ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), 200);
    assert_eq!(signed.headers()["x-rate-limit-limit"], "900");
    let code = consent_code(&mut s, "tweet.read users.read").await;
    let (_, tokens) = exchange(&s, &code).await;
    let (status, _) = read(&s, tokens["access_token"].as_str().unwrap(), &id, LEGACY).await;
    assert_eq!(status, 200);
    let code = consent_code(&mut s, "tweet.write users.read").await;
    let (_, tokens) = exchange(&s, &code).await;
    let (status, body) = read(&s, tokens["access_token"].as_str().unwrap(), &id, LEGACY).await;
    assert_eq!(status, 403);
    assert!(
        body["detail"].as_str().unwrap().contains("tweet.read"),
        "{body}"
    );
    let records = s.sandbox.requests();
    let last = records.last().unwrap();
    assert_eq!(last.query.as_deref(), Some(LEGACY));
}
