//! End-to-end tests of the running sandbox over HTTP: consent through the built-in
//! browser to a tiny loopback listener, token exchange and refresh, uploads signed with
//! OAuth 1.0a or a bearer token, posting and its refusals, rate limits and bookkeeping.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::RawQuery;
use axum::routing::get;
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use super::challenge::s256_challenge;
use super::images::samples;
use super::signature::{base_string, encode, sign};
use super::*;

mod billing;
mod chunked;
mod deleting;
mod editing;
mod extras;
mod faults;

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const ALL_SCOPES: &str = "tweet.read tweet.write users.read offline.access media.write";

/// A loopback listener standing in for xpost's: it answers 200 and passes on each query.
struct Callback {
    uri: String,
    queries: mpsc::UnboundedReceiver<Vec<(String, String)>>,
}

async fn callback() -> Callback {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}/oauth/callback", listener.local_addr().unwrap());
    let (tx, queries) = mpsc::unbounded_channel();
    let router = Router::new().route(
        "/oauth/callback",
        get(move |RawQuery(q): RawQuery| {
            let tx = tx.clone();
            async move {
                let pairs = url::form_urlencoded::parse(q.unwrap_or_default().as_bytes())
                    .into_owned()
                    .collect();
                let _ = tx.send(pairs);
                "You can close this window."
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    Callback { uri, queries }
}

fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

struct Setup {
    sandbox: Sandbox,
    callback: Callback,
    http: Client,
}

async fn setup(options: Options) -> Setup {
    let sandbox = Sandbox::start(options).await.unwrap();
    let callback = callback().await;
    sandbox.register_redirect_uri(&callback.uri);
    let http = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Setup {
        sandbox,
        callback,
        http,
    }
}

fn authorize_url(s: &Setup, scope: &str, state: &str) -> String {
    let mut url = url::Url::parse(&s.sandbox.authorize_url()).unwrap();
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", CREDENTIALS.client_id)
        .append_pair("redirect_uri", &s.callback.uri)
        .append_pair("scope", scope)
        .append_pair("state", state)
        .append_pair("code_challenge", &s256_challenge(VERIFIER))
        .append_pair("code_challenge_method", "S256");
    url.into()
}

/// Consents through the browser and returns the code the callback received.
async fn consent_code(s: &mut Setup, scope: &str) -> String {
    let status = consent_as_browser(&authorize_url(s, scope, "st-1"), Decision::Authorize)
        .await
        .unwrap();
    assert_eq!(status, 200);
    let query = s.callback.queries.recv().await.unwrap();
    assert_eq!(param(&query, "state"), Some("st-1"));
    param(&query, "code").unwrap().to_string()
}

async fn token_request(s: &Setup, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let response = s
        .http
        .post(format!("{}/2/oauth2/token", s.sandbox.base_url()))
        .form(form)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

async fn exchange(s: &Setup, code: &str) -> (StatusCode, Value) {
    token_request(
        s,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", &s.callback.uri),
            ("code_verifier", VERIFIER),
            ("client_id", CREDENTIALS.client_id),
        ],
    )
    .await
}

/// Consent plus exchange: an access token and a refresh token.
async fn login(s: &mut Setup) -> (String, String) {
    let code = consent_code(s, ALL_SCOPES).await;
    let (status, body) = exchange(s, &code).await;
    assert_eq!(status, 200, "{body}");
    (
        body["access_token"].as_str().unwrap().to_string(),
        body["refresh_token"].as_str().unwrap().to_string(),
    )
}

async fn post_tweet(s: &Setup, token: &str, body: Value) -> (StatusCode, Value) {
    let response = s
        .http
        .post(format!("{}/2/tweets", s.sandbox.base_url()))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

fn image_form(bytes: Vec<u8>, category: &str) -> Form {
    Form::new()
        .part("media", Part::bytes(bytes).file_name("image"))
        .text("media_category", category.to_string())
}

/// An OAuth 1.0a header for the sandbox account, signed as a client would.
fn oauth1_header(method: &str, url: &str, nonce: &str, timestamp: u64) -> String {
    oauth1_header_signing(method, url, &[], nonce, timestamp)
}

/// An OAuth 1.0a header whose signature also covers `signed` (the query parameters).
fn oauth1_header_signing(
    method: &str,
    url: &str,
    signed: &[(&str, &str)],
    nonce: &str,
    timestamp: u64,
) -> String {
    let token = (CREDENTIALS.access_token, CREDENTIALS.access_token_secret);
    oauth1_header_as(token, method, url, signed, nonce, timestamp)
}

/// An OAuth 1.0a header signed with the app's keys and `token` (access token and secret).
fn oauth1_header_as(
    token: (&str, &str),
    method: &str,
    url: &str,
    signed: &[(&str, &str)],
    nonce: &str,
    timestamp: u64,
) -> String {
    let mut params: Vec<(String, String)> = vec![
        ("oauth_consumer_key".into(), CREDENTIALS.api_key.into()),
        ("oauth_nonce".into(), nonce.into()),
        ("oauth_signature_method".into(), "HMAC-SHA1".into()),
        ("oauth_timestamp".into(), timestamp.to_string()),
        ("oauth_token".into(), token.0.into()),
        ("oauth_version".into(), "1.0".into()),
    ];
    let mut covered = params.clone();
    covered.extend(signed.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let signature = sign(
        &base_string(method, url, &covered),
        CREDENTIALS.api_secret,
        token.1,
    );
    params.push(("oauth_signature".into(), signature));
    let fields: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{k}=\"{}\"", encode(v)))
        .collect();
    format!("OAuth {}", fields.join(", "))
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[tokio::test]
async fn consent_exchange_upload_and_post_like_x() {
    let mut s = setup(Options::default()).await;
    let code = consent_code(&mut s, ALL_SCOPES).await;
    let (status, tokens) = exchange(&s, &code).await;
    assert_eq!(status, 200);
    assert_eq!(tokens["token_type"], "bearer");
    assert_eq!(tokens["expires_in"], 7200);
    assert_eq!(tokens["scope"], ALL_SCOPES);
    let access = tokens["access_token"].as_str().unwrap();
    assert!(access.len() >= 40);
    assert!(tokens["refresh_token"].is_string());

    let upload = s
        .http
        .post(format!("{}/2/media/upload", s.sandbox.base_url()))
        .bearer_auth(access)
        .multipart(image_form(samples::png(64, 32), "tweet_image"))
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), 200);
    let uploaded: Value = upload.json().await.unwrap();
    let media_id = uploaded["data"]["id"].as_str().unwrap().to_string();
    assert_eq!(media_id.len(), 19);
    assert_eq!(uploaded["data"]["media_key"], format!("3_{media_id}"));
    assert_eq!(uploaded["data"]["expires_after_secs"], 86400);
    assert_eq!(
        uploaded["data"]["image"],
        json!({"image_type":"image/png","w":64,"h":32})
    );

    let alt = s
        .http
        .post(format!("{}/2/media/metadata", s.sandbox.base_url()))
        .bearer_auth(access)
        .json(&json!({"id": media_id, "metadata": {"alt_text": {"text": "a test square"}}}))
        .send()
        .await
        .unwrap();
    assert_eq!(alt.status(), 200);
    assert_eq!(
        alt.json::<Value>().await.unwrap()["data"]["associated_metadata"]["alt_text"]["text"],
        "a test square"
    );

    let (status, posted) = post_tweet(
        &s,
        access,
        json!({"text":"hello","media":{"media_ids":[media_id]}}),
    )
    .await;
    assert_eq!(status, 201, "{posted}");
    let id = posted["data"]["id"].as_str().unwrap();
    assert_eq!(posted["data"]["text"], "hello");
    assert_eq!(posted["data"]["edit_history_tweet_ids"], json!([id]));

    let posts = s.sandbox.posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].author_id, "1700000000000000001");
    assert_eq!(posts[0].media_ids, vec![media_id.clone()]);
    let media = s.sandbox.media();
    assert_eq!(media[0].auth, AuthMethod::OAuth2);
    assert_eq!(media[0].mime, "image/png");
    assert_eq!(media[0].alt_text.as_deref(), Some("a test square"));

    let (status, duplicate) = post_tweet(&s, access, json!({"text":"hello"})).await;
    assert_eq!(status, 403);
    assert_eq!(
        duplicate,
        json!({"detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","title":"Forbidden","status":403})
    );

    let me = s
        .http
        .get(format!("{}/2/users/me", s.sandbox.base_url()))
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    assert_eq!(
        me.json::<Value>().await.unwrap(),
        json!({"data":{"id":"1700000000000000001","name":"xpost sandbox","username":"xpost_sandbox"}})
    );
    s.sandbox.shutdown().await;
}

#[tokio::test]
async fn oauth1_uploads_are_verified_against_the_host_the_client_used() {
    let s = setup(Options::default()).await;
    let url = format!("{}/2/media/upload", s.sandbox.base_url());
    let send = |auth: String| {
        s.http
            .post(&url)
            .header("authorization", auth)
            .multipart(image_form(samples::jpeg(10, 20), "tweet_image"))
            .send()
    };
    let ok = send(oauth1_header("POST", &url, "nonce-1", unix_now()))
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(s.sandbox.media()[0].auth, AuthMethod::OAuth1);

    let replay = send(oauth1_header("POST", &url, "nonce-1", unix_now() - 1))
        .await
        .unwrap();
    assert_eq!(
        replay.status(),
        200,
        "another timestamp makes another nonce key"
    );
    let ts = unix_now();
    assert_eq!(
        send(oauth1_header("POST", &url, "nonce-2", ts))
            .await
            .unwrap()
            .status(),
        200
    );
    let reused = send(oauth1_header("POST", &url, "nonce-2", ts))
        .await
        .unwrap();
    assert_eq!(reused.status(), 401);

    let old = send(oauth1_header("POST", &url, "nonce-3", unix_now() - 600))
        .await
        .unwrap();
    assert_eq!(old.status(), 401);
    let body: Value = old.json().await.unwrap();
    assert!(body["detail"].as_str().unwrap().contains("oauth_timestamp"));

    let other_host = url.replace("127.0.0.1", "localhost");
    let wrong = send(oauth1_header("POST", &other_host, "nonce-4", unix_now()))
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let text = wrong.text().await.unwrap();
    assert!(text.contains("signature"));
    assert!(!text.contains(CREDENTIALS.access_token_secret));
    assert!(!text.contains(CREDENTIALS.api_secret));
    assert_eq!(s.sandbox.media().len(), 3);
}

#[tokio::test]
async fn a_second_accounts_media_cannot_go_in_the_first_accounts_post() {
    let mut s = setup(Options::default()).await;
    let (access, _) = login(&mut s).await;
    let second = (
        SECOND_ACCOUNT.access_token,
        SECOND_ACCOUNT.access_token_secret,
    );
    let me_url = format!("{}/2/users/me", s.sandbox.base_url());
    let me = s
        .http
        .get(&me_url)
        .header(
            "authorization",
            oauth1_header_as(second, "GET", &me_url, &[], "second-1", unix_now()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["data"]["id"], SECOND_ACCOUNT.user_id);
    assert_eq!(me["data"]["username"], SECOND_ACCOUNT.username);

    let url = format!("{}/2/media/upload", s.sandbox.base_url());
    let upload = s
        .http
        .post(&url)
        .header(
            "authorization",
            oauth1_header_as(second, "POST", &url, &[], "second-2", unix_now()),
        )
        .multipart(image_form(samples::png(8, 8), "tweet_image"))
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), 200);
    let id = upload.json::<Value>().await.unwrap()["data"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(s.sandbox.media()[0].owner_id, SECOND_ACCOUNT.user_id);

    // The consenting account's token cannot attach it: X's "Your media IDs are invalid".
    let (status, body) =
        post_tweet(&s, &access, json!({"text":"m","media":{"media_ids":[id]}})).await;
    assert_eq!(status, 400);
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("Your media IDs are invalid"),
        "{body}"
    );
    // A token secret of another account does not sign for this one.
    let wrong = (CREDENTIALS.access_token, SECOND_ACCOUNT.access_token_secret);
    let refused = s
        .http
        .get(&me_url)
        .header(
            "authorization",
            oauth1_header_as(wrong, "GET", &me_url, &[], "second-3", unix_now()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    s.sandbox.shutdown().await;
}

#[tokio::test]
async fn cancel_and_invalid_scope_come_back_to_the_callback() {
    let mut s = setup(Options::default()).await;
    let status = consent_as_browser(&authorize_url(&s, ALL_SCOPES, "c1"), Decision::Cancel)
        .await
        .unwrap();
    assert_eq!(status, 200);
    let query = s.callback.queries.recv().await.unwrap();
    assert_eq!(param(&query, "error"), Some("access_denied"));
    assert_eq!(param(&query, "state"), Some("c1"));
    assert_eq!(param(&query, "code"), None);

    let url = authorize_url(&s, "tweet.read dm.read", "c2");
    assert_eq!(consent_as_browser(&url, Decision::Authorize).await, Ok(200));
    let query = s.callback.queries.recv().await.unwrap();
    assert_eq!(param(&query, "error"), Some("invalid_scope"));
    assert_eq!(param(&query, "state"), Some("c2"));
}

#[tokio::test]
async fn an_unregistered_redirect_uri_gets_a_page_and_no_redirect() {
    let s = setup(Options::default()).await;
    let url = authorize_url(&s, ALL_SCOPES, "x").replace("oauth%2Fcallback", "elsewhere");
    let page = s.http.get(&url).send().await.unwrap();
    assert_eq!(page.status(), 400);
    assert!(page.headers().get("location").is_none());
    assert!(page.text().await.unwrap().contains("redirect_uri"));
    assert!(consent_as_browser(&url, Decision::Authorize).await.is_err());
}

#[tokio::test]
async fn codes_are_single_use_and_a_reuse_revokes_the_tokens() {
    let mut s = setup(Options::default()).await;
    let code = consent_code(&mut s, ALL_SCOPES).await;
    let (_, tokens) = exchange(&s, &code).await;
    let (status, again) = exchange(&s, &code).await;
    assert_eq!(status, 400);
    assert_eq!(
        again,
        json!({"error":"invalid_request","error_description":"Value passed for the authorization code was invalid."})
    );
    let access = tokens["access_token"].as_str().unwrap();
    let (status, body) = post_tweet(&s, access, json!({"text":"after reuse"})).await;
    assert_eq!(status, 401);
    assert_eq!(
        body,
        json!({"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"})
    );
}

#[tokio::test]
async fn codes_expire_and_need_the_right_verifier() {
    let mut s = setup(Options::default()).await;
    let code = consent_code(&mut s, ALL_SCOPES).await;
    s.sandbox.advance_clock(Duration::from_secs(31));
    assert_eq!(exchange(&s, &code).await.0, 400);

    let code = consent_code(&mut s, ALL_SCOPES).await;
    let wrong = "a".repeat(43);
    let (status, _) = token_request(
        &s,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &s.callback.uri),
            ("code_verifier", &wrong),
            ("client_id", CREDENTIALS.client_id),
        ],
    )
    .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_refresh_token_ends_the_login() {
    let mut s = setup(Options::default()).await;
    let (access, refresh) = login(&mut s).await;
    s.sandbox.expire_access_tokens();
    assert_eq!(post_tweet(&s, &access, json!({"text":"x"})).await.0, 401);

    let refresh_form = |token: &str| {
        vec![
            ("grant_type".to_string(), "refresh_token".to_string()),
            ("refresh_token".to_string(), token.to_string()),
            ("client_id".to_string(), CREDENTIALS.client_id.to_string()),
        ]
    };
    let send = |form: Vec<(String, String)>| {
        s.http
            .post(format!("{}/2/oauth2/token", s.sandbox.base_url()))
            .form(&form)
            .send()
    };
    let fresh: Value = send(refresh_form(&refresh))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let new_access = fresh["access_token"].as_str().unwrap();
    let new_refresh = fresh["refresh_token"].as_str().unwrap();
    assert_ne!(new_refresh, refresh);
    assert_eq!(
        post_tweet(&s, new_access, json!({"text":"refreshed"}))
            .await
            .0,
        201
    );

    let reused = send(refresh_form(&refresh)).await.unwrap();
    assert_eq!(reused.status(), 400);
    assert_eq!(
        post_tweet(&s, new_access, json!({"text":"gone"})).await.0,
        401
    );
    assert_eq!(send(refresh_form(new_refresh)).await.unwrap().status(), 400);
}

#[tokio::test]
async fn revoke_all_grants_logs_everyone_out() {
    let mut s = setup(Options::default()).await;
    let (access, _) = login(&mut s).await;
    s.sandbox.revoke_all_grants();
    assert_eq!(post_tweet(&s, &access, json!({"text":"x"})).await.0, 401);
}

#[tokio::test]
async fn a_confidential_app_must_use_basic_auth() {
    let mut s = setup(Options {
        confidential: true,
        ..Options::default()
    })
    .await;
    let code = consent_code(&mut s, ALL_SCOPES).await;
    let (status, body) = exchange(&s, &code).await;
    assert_eq!(status, 401);
    assert_eq!(
        body,
        json!({"error":"unauthorized_client","error_description":"Missing valid authorization header"})
    );
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", s.callback.uri.as_str()),
        ("code_verifier", VERIFIER),
    ];
    let url = format!("{}/2/oauth2/token", s.sandbox.base_url());
    let wrong = s
        .http
        .post(&url)
        .basic_auth(CREDENTIALS.client_id, Some("not-the-secret"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    assert_eq!(
        wrong.json::<Value>().await.unwrap()["error"],
        "invalid_client"
    );
    let right = s
        .http
        .post(&url)
        .basic_auth(CREDENTIALS.client_id, Some(CREDENTIALS.client_secret))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 200);
    let tokens: Value = right.json().await.unwrap();
    let revoked = s
        .http
        .post(format!("{}/2/oauth2/revoke", s.sandbox.base_url()))
        .basic_auth(CREDENTIALS.client_id, Some(CREDENTIALS.client_secret))
        .form(&[
            ("token", tokens["access_token"].as_str().unwrap()),
            ("token_type_hint", "access_token"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        revoked.json::<Value>().await.unwrap(),
        json!({"revoked":true})
    );
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(post_tweet(&s, access, json!({"text":"x"})).await.0, 401);
}

#[tokio::test]
async fn missing_scopes_are_named_in_a_403() {
    let mut s = setup(Options::default()).await;
    let code = consent_code(&mut s, "tweet.read users.read").await;
    let (_, tokens) = exchange(&s, &code).await;
    assert!(tokens.get("refresh_token").is_none());
    let access = tokens["access_token"].as_str().unwrap();
    let (status, body) = post_tweet(&s, access, json!({"text":"x"})).await;
    assert_eq!(status, 403);
    assert_eq!(body["title"], "Forbidden");
    assert!(body["detail"].as_str().unwrap().contains("tweet.write"));
    let upload = s
        .http
        .post(format!("{}/2/media/upload", s.sandbox.base_url()))
        .bearer_auth(access)
        .multipart(image_form(samples::png(1, 1), "tweet_image"))
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), 403);
}

#[tokio::test]
async fn post_refusals_are_xs() {
    let mut s = setup(Options::default()).await;
    let (access, _) = login(&mut s).await;
    let (status, body) = post_tweet(&s, &access, json!({"text": "a".repeat(281)})).await;
    assert_eq!(status, 400);
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .starts_with("Your Tweet text is too long")
    );
    assert_eq!(post_tweet(&s, &access, json!({"text": ""})).await.0, 400);
    let (status, body) = post_tweet(
        &s,
        &access,
        json!({"text":"m","media":{"media_ids":["1234567890123456789"]}}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(body["detail"].as_str().unwrap().contains("media IDs"));
    let (status, body) = post_tweet(
        &s,
        &access,
        json!({"text":"r","reply":{"in_reply_to_tweet_id":"1234567890123456789"}}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"][0]["message"],
        "The Tweet you are replying to has been deleted or is not visible to you."
    );
    assert_eq!(
        body["errors"][0]["parameters"]["reply.in_reply_to_tweet_id"][0],
        "1234567890123456789"
    );
    let (_, first) = post_tweet(&s, &access, json!({"text":"first"})).await;
    let first_id = first["data"]["id"].as_str().unwrap();
    let (status, _) = post_tweet(
        &s,
        &access,
        json!({"text":"reply","reply":{"in_reply_to_tweet_id":first_id},"quote_tweet_id":first_id}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(s.sandbox.posts()[1].reply_to.as_deref(), Some(first_id));

    let upload = s
        .http
        .post(format!("{}/2/media/upload", s.sandbox.base_url()))
        .bearer_auth(&access)
        .multipart(image_form(b"not an image at all".to_vec(), "tweet_image"))
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), 400);
    assert_eq!(upload.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn rate_limits_answer_429_with_xs_headers() {
    let mut s = setup(Options::default()).await;
    let (access, _) = login(&mut s).await;
    let (status, _) = post_tweet(&s, &access, json!({"text":"one"})).await;
    assert_eq!(status, 201);
    s.sandbox.rate_limit("POST", "/2/tweets", 0);
    let response = s
        .http
        .post(format!("{}/2/tweets", s.sandbox.base_url()))
        .bearer_auth(&access)
        .json(&json!({"text":"two"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    let headers = response.headers().clone();
    assert_eq!(headers["x-rate-limit-remaining"], "0");
    assert_eq!(headers["x-rate-limit-limit"], "10000");
    let reset: u64 = headers["x-rate-limit-reset"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(reset > unix_now());
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429})
    );
    assert_eq!(s.sandbox.posts().len(), 1);

    let me = s
        .http
        .get(format!("{}/2/users/me", s.sandbox.base_url()))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(me.headers()["x-rate-limit-remaining"], "7499");
}

#[tokio::test]
async fn requests_are_recorded_and_unknown_paths_are_404_problems() {
    let s = setup(Options::default()).await;
    let missing = s
        .http
        .get(format!(
            "{}/2/tweets/search/recent?query=x",
            s.sandbox.base_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(missing.json::<Value>().await.unwrap()["title"], "Not Found");
    let wrong_method = s
        .http
        .get(format!("{}/2/tweets", s.sandbox.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_method.status(), 405);
    let unauthenticated = s
        .http
        .get(format!("{}/2/users/me", s.sandbox.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), 401);
    assert!(unauthenticated.headers().contains_key("x-rate-limit-limit"));
    assert_eq!(
        s.sandbox.requests(),
        vec![
            RequestRecord {
                method: "GET".into(),
                path: "/2/tweets/search/recent".into(),
                query: Some("query=x".into()),
                status: 404
            },
            RequestRecord {
                method: "GET".into(),
                path: "/2/tweets".into(),
                query: None,
                status: 405
            },
            RequestRecord {
                method: "GET".into(),
                path: "/2/users/me".into(),
                query: None,
                status: 401
            },
        ]
    );
}

#[tokio::test]
async fn the_sandbox_stops_on_shutdown_and_on_drop() {
    let sandbox = Sandbox::start(Options::default()).await.unwrap();
    let base = sandbox.base_url();
    assert!(base.starts_with("http://127.0.0.1:"));
    sandbox.shutdown().await;
    assert!(reqwest::get(format!("{base}/2/users/me")).await.is_err());

    let sandbox = Sandbox::start(Options::default()).await.unwrap();
    let base = sandbox.base_url();
    drop(sandbox);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(reqwest::get(format!("{base}/2/users/me")).await.is_err());
}

#[tokio::test]
async fn posts_have_a_page_under_their_authors_handle() {
    let mut s = setup(Options::default()).await;
    let (token, _) = login(&mut s).await;
    let (status, body) = post_tweet(&s, &token, json!({"text": "a <b>bold</b> claim"})).await;
    assert_eq!(status, 201, "{body}");
    let id = body["data"]["id"].as_str().unwrap();
    let page = |path: String| {
        let http = s.http.clone();
        async move { http.get(path).send().await.unwrap() }
    };
    let base = s.sandbox.base_url();
    let found = page(format!("{base}/{USERNAME}/status/{id}")).await;
    assert_eq!(found.status(), 200);
    let html = found.text().await.unwrap();
    assert!(html.contains("a &lt;b&gt;bold&lt;/b&gt; claim"), "{html}");
    assert!(html.contains("xpost sandbox"), "{html}");
    assert_eq!(
        page(format!("{base}/someone_else/status/{id}"))
            .await
            .status(),
        404
    );
    assert_eq!(
        page(format!("{base}/{USERNAME}/status/1")).await.status(),
        404
    );
}

#[tokio::test]
async fn subscriptions_set_the_limit_and_are_named_only_when_asked() {
    let mut s = setup(Options {
        subscription: crate::Subscription::Premium,
        ..Options::default()
    })
    .await;
    let (token, _) = login(&mut s).await;
    let me = |query: &'static str| {
        let request = s
            .http
            .get(format!("{}/2/users/me{query}", s.sandbox.base_url()))
            .bearer_auth(&token);
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 200);
            response.json::<Value>().await.unwrap()
        }
    };
    assert!(me("").await["data"].get("subscription_type").is_none());
    assert_eq!(
        me("?user.fields=subscription_type").await["data"]["subscription_type"],
        "Premium"
    );
    assert_eq!(
        me("?user.fields=verified_type,subscription_type").await["data"]["subscription_type"],
        "Premium"
    );

    // Up to 25,000 weighted characters with a subscription, counted as X counts them.
    let long = "a".repeat(25_000);
    let (status, _) = post_tweet(&s, &token, json!({ "text": long })).await;
    assert_eq!(status, 201);
    let (status, body) = post_tweet(&s, &token, json!({ "text": format!("{long}b") })).await;
    assert_eq!(status, 400);
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .ends_with("25001 weighted characters and the limit is 25000.")
    );

    // Lapsed mid-run, through the control endpoint: back to 280, refused as X refuses.
    let lapse = s
        .http
        .post(format!("{}/_sandbox/subscription", s.sandbox.base_url()))
        .json(&json!({ "subscription": "none" }))
        .send()
        .await
        .unwrap();
    assert_eq!(lapse.status(), 200);
    let said: Value = lapse.json().await.unwrap();
    assert_eq!(said["subscription_type"], "None");
    assert_eq!(
        me("?user.fields=subscription_type").await["data"]["subscription_type"],
        "None"
    );
    let (status, _) = post_tweet(&s, &token, json!({ "text": "c".repeat(281) })).await;
    assert_eq!(status, 400);
    let (status, _) = post_tweet(&s, &token, json!({ "text": "c".repeat(280) })).await;
    assert_eq!(status, 201);
    let odd = s
        .http
        .post(format!("{}/_sandbox/subscription", s.sandbox.base_url()))
        .json(&json!({ "subscription": "gold" }))
        .send()
        .await
        .unwrap();
    assert_eq!(odd.status(), 400);
}
