//! Media extras (issue 11, item 5): `--sensitive` (X's sensitive-media warning, set with the alt
//! text in one metadata request per file), `--subtitles LANG=PATH` (uploaded as subtitles media
//! and attached to the video before the post) and `--tag USER` (usernames looked up once,
//! before any upload). The exact bodies X receives, the order of the requests, both ways to
//! authorize, the local refusals (nothing sent), X's refusals, and the dry run.

use serde_json::{Value, json};
use tokio::process::Command;
use xpost_sandbox::{
    AuthMethod, Fault, RequestRecord, SECOND_ACCOUNT, SensitiveWarning, SubtitleTrack,
};

use crate::util::{Harness, PNG, Run, assert_no_secrets, count, mp4};

/// A small SubRip file.
const SRT: &[u8] =
    b"1\n00:00:00,500 --> 00:00:02,000\nHello.\n\n2\n00:00:02,500 --> 00:00:04,000\nBonjour.\n";
/// A small WebVTT file.
const VTT: &[u8] = b"WEBVTT\n\n00:00.500 --> 00:02.000\nHola.\n";

/// `xpost` posting with the stored OAuth 2.0 login alone: no OAuth 1.0a keys.
fn bearer_only(h: &Harness) -> Command {
    let mut cmd = h.xpost();
    for name in [
        "X_API_KEY",
        "X_API_SECRET",
        "X_ACCESS_TOKEN",
        "X_ACCESS_TOKEN_SECRET",
    ] {
        cmd.env_remove(name);
    }
    cmd
}

/// `xpost` configured with the four OAuth 1.0a keys only.
fn keys_only(h: &Harness) -> Command {
    let mut cmd = h.xpost();
    cmd.env_remove("X_CLIENT_ID").env_remove("X_CLIENT_SECRET");
    cmd
}

/// The requests that went to X's `/2` API, as `METHOD /path`, the login's left out.
fn api_calls(requests: &[RequestRecord]) -> Vec<String> {
    requests
        .iter()
        .filter(|r| r.path.starts_with("/2/") && !r.path.starts_with("/2/oauth2/"))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

/// Where the first request matching `what` is among `calls`.
fn first(calls: &[String], what: impl Fn(&str) -> bool) -> usize {
    calls
        .iter()
        .position(|c| what(c))
        .unwrap_or_else(|| panic!("no such request in {calls:?}"))
}

/// Where the last request matching `what` is among `calls`.
fn last(calls: &[String], what: impl Fn(&str) -> bool) -> usize {
    calls
        .iter()
        .rposition(|c| what(c))
        .unwrap_or_else(|| panic!("no such request in {calls:?}"))
}

fn is_upload(call: &str) -> bool {
    call.starts_with("POST /2/media/upload")
}

/// Runs `cmd`, which must make one post, and returns the run.
async fn posts(h: &Harness, cmd: &mut Command) -> Run {
    let before = h.sandbox.posts().len();
    let run = h.run(cmd).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(&run);
    assert_eq!(h.sandbox.posts().len(), before + 1, "{run:?}");
    run
}

/// The metadata bodies X received, sorted by media id (files go up at once).
fn metadata_bodies(h: &Harness) -> Vec<Value> {
    let mut bodies = h.sandbox.bodies("POST", "/2/media/metadata");
    bodies.sort_by_key(|b| b["id"].as_str().unwrap_or_default().to_owned());
    bodies
}

/// Checks the metadata sent for three images (`a.png` with alt text and two warnings, `b.png`
/// with one warning, `c.png` with nothing), each authorized as `auth`.
async fn warnings_reach_x(h: &Harness, mut cmd: Command, auth: AuthMethod) {
    let a = h.file("a.png", PNG);
    let b = h.file("b.png", PNG);
    let c = h.file("c.png", PNG);
    let run = posts(
        h,
        cmd.arg("three")
            .arg("--image")
            .arg(&a)
            .args(["--alt", "A sunset", "--sensitive", "adult"])
            .args(["--sensitive", "violence", "--sensitive", "adult"])
            .arg("--media")
            .arg(&b)
            .args(["--sensitive", "other"])
            .arg("--image")
            .arg(&c)
            .arg("--json"),
    )
    .await;
    let media = h.sandbox.media();
    assert_eq!(media.len(), 3, "{media:?}");
    for m in &media {
        assert_eq!(m.auth, auth, "{m:?}");
    }
    let by_size_order: Vec<&xpost_sandbox::Media> = {
        // The post lists them in command-line order.
        let post = &h.sandbox.posts()[0];
        post.media_ids
            .iter()
            .map(|id| media.iter().find(|m| &m.id == id).unwrap())
            .collect()
    };
    let [ma, mb, mc] = by_size_order[..] else {
        panic!("{media:?}")
    };
    assert_eq!(ma.alt_text.as_deref(), Some("A sunset"));
    assert_eq!(
        ma.sensitive_media_warning,
        Some(SensitiveWarning {
            adult_content: true,
            graphic_violence: true,
            other: false
        })
    );
    assert_eq!(mb.alt_text, None);
    assert_eq!(
        mb.sensitive_media_warning,
        Some(SensitiveWarning {
            other: true,
            ..SensitiveWarning::default()
        })
    );
    assert_eq!(
        (mc.alt_text.as_ref(), mc.sensitive_media_warning),
        (None, None)
    );

    // One metadata request per file that has any, with both in it, exactly as X takes them.
    let mut expected = vec![
        json!({"id": ma.id, "metadata": {"alt_text": {"text": "A sunset"},
            "sensitive_media_warning": {"adult_content": true, "graphic_violence": true, "other": false}}}),
        json!({"id": mb.id, "metadata": {
            "sensitive_media_warning": {"adult_content": false, "graphic_violence": false, "other": true}}}),
    ];
    expected.sort_by_key(|b| b["id"].as_str().unwrap().to_owned());
    assert_eq!(metadata_bodies(h), expected);
    let calls = api_calls(&h.sandbox.requests());
    assert_eq!(count(&h.sandbox.requests(), "POST", "/2/media/metadata"), 2);
    assert_eq!(count(&h.sandbox.requests(), "POST", "/2/media/upload"), 3);
    assert!(
        last(&calls, |c| c == "POST /2/media/metadata") < first(&calls, |c| c == "POST /2/tweets"),
        "{calls:?}"
    );
    let out: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["media_ids"].as_array().unwrap().len(), 3, "{out}");
    assert!(out.get("tagged_user_ids").is_none(), "{out}");
}

#[tokio::test(flavor = "multi_thread")]
async fn warnings_go_with_the_alt_text_in_one_request_per_file() {
    let h = Harness::fast_logged_in().await;
    warnings_reach_x(&h, h.xpost(), AuthMethod::OAuth1).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn warnings_with_the_oauth2_token_alone() {
    let h = Harness::fast_logged_in().await;
    warnings_reach_x(&h, bearer_only(&h), AuthMethod::OAuth2).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn warnings_with_the_oauth1_keys_alone() {
    let h = Harness::fast().await;
    warnings_reach_x(&h, keys_only(&h), AuthMethod::OAuth1).await;
}

/// Posts a video with English SRT and French WebVTT subtitles, authorized as `auth`, and checks
/// what X received and in which order.
async fn subtitles_reach_x(h: &Harness, mut cmd: Command, auth: AuthMethod) {
    let clip = h.file("clip.mp4", &mp4(3 * 1024 * 1024 / 2));
    let en = h.file("talk.en.srt", SRT);
    let fr = h.file("talk.fr.txt", VTT);
    posts(
        h,
        cmd.arg("with subtitles")
            .arg("--media")
            .arg(&clip)
            .args(["--alt", "A talk", "--subtitles"])
            .arg(format!("en={}", en.display()))
            .arg("--subtitles")
            .arg(format!("FR={}", fr.display())),
    )
    .await;
    let media = h.sandbox.media();
    let video = media.iter().find(|m| m.category == "tweet_video").unwrap();
    let subtitles: Vec<&xpost_sandbox::Media> =
        media.iter().filter(|m| m.category == "subtitles").collect();
    assert_eq!(subtitles.len(), 2, "{media:?}");
    let srt = subtitles.iter().find(|m| m.mime == "text/srt").unwrap();
    let vtt = subtitles.iter().find(|m| m.mime == "text/vtt").unwrap();
    assert_eq!((srt.size, vtt.size), (SRT.len(), VTT.len()));
    for m in &media {
        assert_eq!(m.auth, auth, "{m:?}");
    }
    assert_eq!(
        video.subtitles,
        [
            SubtitleTrack {
                id: srt.id.clone(),
                language_code: "EN".into(),
                display_name: Some("English".into())
            },
            SubtitleTrack {
                id: vtt.id.clone(),
                language_code: "FR".into(),
                display_name: Some("French".into())
            }
        ]
    );
    assert_eq!(video.alt_text.as_deref(), Some("A talk"));
    assert_eq!(
        h.sandbox.bodies("POST", "/2/media/subtitles"),
        [
            json!({"id": video.id, "media_category": "TweetVideo",
                "subtitles": {"id": srt.id, "language_code": "EN", "display_name": "English"}}),
            json!({"id": video.id, "media_category": "TweetVideo",
                "subtitles": {"id": vtt.id, "language_code": "FR", "display_name": "French"}}),
        ]
    );
    // The post carries the video only.
    let post = &h.sandbox.posts()[0];
    assert_eq!(post.body["media"], json!({"media_ids": [video.id]}));

    // Upload, metadata, subtitles (each uploaded, then attached), then the post.
    let calls = api_calls(&h.sandbox.requests());
    let finalize = |c: &str| c.ends_with("/finalize");
    let video_done = first(&calls, |c| c == "POST /2/media/metadata");
    assert!(first(&calls, finalize) < video_done, "{calls:?}");
    let attach = |c: &str| c == "POST /2/media/subtitles";
    assert!(video_done < first(&calls, attach), "{calls:?}");
    assert_eq!(calls.iter().filter(|c| attach(c)).count(), 2, "{calls:?}");
    assert_eq!(
        calls
            .iter()
            .filter(|c| c.as_str() == "POST /2/media/upload/initialize")
            .count(),
        3,
        "the video and two subtitle files: {calls:?}"
    );
    assert_eq!(calls.last().unwrap(), "POST /2/tweets", "{calls:?}");
    assert!(last(&calls, attach) < calls.len() - 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn subtitles_are_uploaded_and_attached_to_the_video_before_the_post() {
    let h = Harness::fast_logged_in().await;
    subtitles_reach_x(&h, h.xpost(), AuthMethod::OAuth1).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn subtitles_with_the_oauth2_token_alone() {
    let h = Harness::fast_logged_in().await;
    subtitles_reach_x(&h, bearer_only(&h), AuthMethod::OAuth2).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn subtitles_with_the_oauth1_keys_alone() {
    let h = Harness::fast().await;
    subtitles_reach_x(&h, keys_only(&h), AuthMethod::OAuth1).await;
}

/// Tags people (usernames in any case, repeated, and ids), authorized as `cmd` is, and checks
/// that each username was looked up once, before anything went up.
async fn tags_reach_x(h: &Harness, mut cmd: Command) {
    let alice = h.sandbox.add_user("alice");
    let bob = h.sandbox.add_user("Bob_2");
    let png = h.file("group.png", PNG);
    let run = posts(
        h,
        cmd.arg("team photo")
            .arg("--image")
            .arg(&png)
            .args(["--tag", "alice", "--tag", "@ALICE", "--tag", "bob_2"])
            .args(["--tag", SECOND_ACCOUNT.user_id, "--tag", "@xpost_second"])
            .args(["--tag", &alice, "--json"]),
    )
    .await;
    let post = &h.sandbox.posts()[0];
    let tagged = vec![
        alice.clone(),
        bob.clone(),
        SECOND_ACCOUNT.user_id.to_owned(),
    ];
    assert_eq!(post.tagged_user_ids, tagged);
    assert_eq!(
        post.body["media"],
        json!({"media_ids": post.media_ids, "tagged_user_ids": tagged})
    );
    let requests = h.sandbox.requests();
    for name in ["alice", "bob_2", "xpost_second"] {
        assert_eq!(
            count(&requests, "GET", &format!("/2/users/by/username/{name}")),
            1,
            "{name}: {requests:?}"
        );
    }
    let calls = api_calls(&requests);
    let lookups: Vec<&String> = calls
        .iter()
        .filter(|c| c.contains("/by/username/"))
        .collect();
    assert_eq!(lookups.len(), 3, "{calls:?}");
    assert!(
        last(&calls, |c| c.contains("/by/username/")) < first(&calls, is_upload),
        "lookups first: {calls:?}"
    );
    let out: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["tagged_user_ids"], json!(tagged), "{out}");
    assert_eq!(out["id"], json!(post.id), "{out}");
}

#[tokio::test(flavor = "multi_thread")]
async fn tags_are_looked_up_once_each_before_any_upload() {
    let h = Harness::fast_logged_in().await;
    tags_reach_x(&h, h.xpost()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn tags_with_the_oauth2_token_alone() {
    let h = Harness::fast_logged_in().await;
    tags_reach_x(&h, bearer_only(&h)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn tags_with_the_oauth1_keys_alone() {
    let h = Harness::fast().await;
    tags_reach_x(&h, keys_only(&h)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_username_ends_the_run_before_any_upload() {
    let h = Harness::fast_logged_in().await;
    h.sandbox.add_user("alice");
    let png = h.file("a.png", PNG);
    for mut cmd in [h.xpost(), bearer_only(&h), keys_only(&h)] {
        let before = h.sandbox.requests().len();
        let run = h
            .run(cmd.arg("hi").arg("--image").arg(&png).args([
                "--tag",
                "alice",
                "--tag",
                "nobody_here",
            ]))
            .await;
        assert_eq!(run.code, 1, "{run:?}");
        assert!(run.stdout.is_empty(), "{run:?}");
        assert!(
            run.stderr.contains(
                "--tag @nobody_here: X has no user @nobody_here to tag: Could not find user with username: [nobody_here]."
            ),
            "{run:?}"
        );
        assert_no_secrets(&run);
        let calls = api_calls(&h.sandbox.requests()[before..]);
        assert!(
            calls.iter().all(|c| c.contains("/by/username/")),
            "nothing but lookups: {calls:?}"
        );
    }
    assert!(h.sandbox.media().is_empty());
    assert!(h.sandbox.posts().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn xs_refusals_end_the_run_with_nothing_posted() {
    let h = Harness::fast_logged_in().await;
    let png = h.file("a.png", PNG);
    // An id of nobody: X refuses the post.
    let run = h
        .run(
            h.xpost()
                .arg("hi")
                .arg("--image")
                .arg(&png)
                .args(["--tag", "42"]),
        )
        .await;
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains("there is no user with id [42]"),
        "{run:?}"
    );
    assert_eq!(
        count(&h.sandbox.requests(), "GET", "/2/users/by/username/42"),
        0,
        "an id is not looked up"
    );

    // X refuses the warning, or the subtitles: bad media (65), and no post.
    h.sandbox.inject(
        "POST",
        "/2/media/metadata",
        Fault::Status { status: 400 },
        1,
    );
    let run = h
        .run(
            h.xpost()
                .arg("hi")
                .arg("--image")
                .arg(&png)
                .args(["--sensitive", "other"]),
        )
        .await;
    assert_eq!(run.code, 65, "{run:?}");
    assert!(
        run.stderr
            .contains("X refused the sensitive-media warning (400)"),
        "{run:?}"
    );
    let clip = h.file("clip.mp4", &mp4(2048));
    let srt = h.file("en.srt", SRT);
    h.sandbox.inject(
        "POST",
        "/2/media/subtitles",
        Fault::Status { status: 400 },
        1,
    );
    let run = h
        .run(
            h.xpost()
                .arg("hi")
                .arg("--media")
                .arg(&clip)
                .arg("--subtitles")
                .arg(format!("en={}", srt.display())),
        )
        .await;
    assert_eq!(run.code, 65, "{run:?}");
    assert!(
        run.stderr.contains("en.srt: X refused the subtitles (400)"),
        "{run:?}"
    );
    // A lookup X answers with a server error is tried again, as every safe request is.
    h.sandbox.add_user("carol");
    h.sandbox.inject(
        "GET",
        "/2/users/by/username/{username}",
        Fault::Status { status: 503 },
        1,
    );
    posts(
        &h,
        h.xpost()
            .arg("hi again")
            .arg("--image")
            .arg(&png)
            .args(["--tag", "carol"]),
    )
    .await;
    assert_eq!(
        count(&h.sandbox.requests(), "GET", "/2/users/by/username/carol"),
        2
    );
    assert_eq!(h.sandbox.posts().len(), 1);
}

/// Checks that `run` ended with `code`, said `says` on stderr, and sent nothing.
fn refused(h: &Harness, run: &Run, code: i32, says: &str) {
    assert_eq!(run.code, code, "{says:?}: {run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(run.stderr.contains(says), "{says:?} in {run:?}");
    assert!(h.sandbox.requests().is_empty(), "nothing sent: {run:?}");
    assert_no_secrets(run);
}

#[tokio::test(flavor = "multi_thread")]
async fn what_x_would_refuse_is_refused_before_anything_is_sent() {
    let h = Harness::new().await;
    let png = h.file("a.png", PNG);
    let png = png.to_str().unwrap();
    let clip = h.file("clip.mp4", &mp4(2048));
    let clip = clip.to_str().unwrap();
    h.file("en.srt", SRT);
    h.file("fr.vtt", VTT);
    let mut big = SRT.to_vec();
    big.resize(1024 * 1024 + 1, b'\n');
    h.file("big.srt", &big);
    h.file("latin1.srt", b"1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9\n");
    h.file("notes.txt", b"just some notes\n");
    h.file("dots.srt", b"1\n00:00:01.000 --> 00:00:02.000\nhi\n");
    let thread = h.file("t.txt", b"one\n---\ntwo\n");
    let thread = thread.to_str().unwrap();
    let eleven: Vec<String> = (1..=11).map(|i| format!("--tag=user{i}")).collect();
    let mut many = vec!["x", "--image", png];
    many.extend(eleven.iter().map(String::as_str));
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (
            vec!["x", "--sensitive", "adult"],
            2,
            "--sensitive must come after",
        ),
        (
            vec!["x", "--sensitive", "adult", "--image", png],
            2,
            "--sensitive must come after",
        ),
        (vec!["x", "--image", png, "--sensitive", "nsfw"], 2, "nsfw"),
        (
            vec!["x", "--subtitles", "en=en.srt"],
            2,
            "--subtitles must come after",
        ),
        (
            vec!["x", "--image", png, "--subtitles", "en=en.srt"],
            2,
            "--image, which takes pictures",
        ),
        (
            vec!["x", "--media", png, "--subtitles", "en=en.srt"],
            2,
            "is an image; --subtitles goes after a video",
        ),
        (
            vec!["x", "--media", clip, "--subtitles", "eng=en.srt"],
            2,
            "two letters",
        ),
        (
            vec!["x", "--media", clip, "--subtitles", "zz=en.srt"],
            2,
            "ISO 639-1",
        ),
        (
            vec!["x", "--media", clip, "--subtitles", "en.srt"],
            2,
            "LANG=PATH",
        ),
        (
            vec!["x", "--media", clip, "--subtitles", "en="],
            2,
            "LANG=PATH",
        ),
        (
            vec![
                "x",
                "--media",
                clip,
                "--subtitles",
                "en=en.srt",
                "--subtitles",
                "EN=fr.vtt",
            ],
            2,
            "two --subtitles in English (EN)",
        ),
        (
            vec!["x", "--media", clip, "--subtitles", "en=missing.srt"],
            66,
            "missing.srt: no such file",
        ),
        (
            vec!["x", "--media", clip, "--subtitles", "en=big.srt"],
            65,
            "up to 1 MiB",
        ),
        (
            vec!["x", "--media", clip, "--subtitles", "en=latin1.srt"],
            65,
            "not valid UTF-8",
        ),
        (
            vec!["x", "--media", clip, "--subtitles", "en=notes.txt"],
            65,
            "neither SubRip (SRT) nor WebVTT",
        ),
        (
            vec!["x", "--media", clip, "--subtitles", "en=dots.srt"],
            65,
            "line 2: expected a cue's timing like 00:00:01,000",
        ),
        (vec!["x", "--tag", "alice"], 2, "it has none"),
        (
            vec!["x", "--media", clip, "--tag", "alice"],
            2,
            "it has none",
        ),
        (
            vec!["x", "--image", png, "--tag", "bad-name"],
            2,
            "neither a username",
        ),
        (
            vec!["x", "--image", png, "--tag", "sixteen_letters_"],
            2,
            "neither a username",
        ),
        (many, 2, "11 people to tag; X tags at most 10"),
        (vec!["--thread", thread, "--tag", "alice"], 2, "--thread"),
        (
            vec!["--thread", thread, "--sensitive", "adult"],
            2,
            "--thread",
        ),
        (
            vec!["--thread", thread, "--subtitles", "en=en.srt"],
            2,
            "--thread",
        ),
        (
            vec!["--tag", "alice", "auth", "status"],
            2,
            "do not go with a subcommand",
        ),
    ];
    for (args, code, says) in cases {
        let run = h.run(h.xpost().args(&args)).await;
        refused(&h, &run, code, says);
        // A dry run ends the same way, and sends nothing either.
        if !args.contains(&"auth") {
            let run = h.run(h.xpost().args(&args).arg("--dry-run")).await;
            assert_eq!(run.code, code, "--dry-run {args:?}: {run:?}");
            assert!(h.sandbox.requests().is_empty());
        }
    }
    assert!(h.sandbox.media().is_empty() && h.sandbox.posts().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_shows_every_extra_and_the_requests_it_would_cost() {
    let h = Harness::fast_logged_in().await;
    let before = h.sandbox.requests().len();
    let clip = h.file("clip.mp4", &mp4(3 * 1024 * 1024 / 2));
    let en = h.file("en.srt", SRT);
    let png = h.file("a.png", PNG);
    let video = [
        "talk".to_owned(),
        "--media".into(),
        clip.display().to_string(),
        "--alt".into(),
        "A talk".into(),
        "--sensitive".into(),
        "violence".into(),
        "--subtitles".into(),
        format!("en={}", en.display()),
        "--dry-run".into(),
    ];
    let run = h.run(h.xpost().args(&video).arg("--json")).await;
    assert_eq!(run.code, 0, "{run:?}");
    let plan: Value = serde_json::from_str(&run.stdout).unwrap();
    let media = &plan["posts"][0]["media"][0];
    assert_eq!(
        media["sensitive_media_warning"],
        json!({"adult_content": false, "graphic_violence": true, "other": false})
    );
    assert_eq!(media["alt_text"], "A talk");
    assert_eq!(
        media["subtitles"],
        json!([{"language_code": "EN", "display_name": "English",
            "path": en.display().to_string(), "media_type": "text/srt", "size": SRT.len()}])
    );
    assert_eq!(plan["posts"][0]["valid"], true);
    // A video of 1.5 MiB goes up in 2 segments, the subtitles in one.
    assert_eq!(
        plan["requests"],
        json!([
            {"method": "POST", "path": "/2/media/upload/initialize", "count": 2, "or_more": false},
            {"method": "POST", "path": "/2/media/upload/:id/append", "count": 3, "or_more": false},
            {"method": "POST", "path": "/2/media/upload/:id/finalize", "count": 2, "or_more": false},
            {"method": "GET", "path": "/2/media/upload", "count": 1, "or_more": true},
            {"method": "POST", "path": "/2/media/metadata", "count": 1, "or_more": false},
            {"method": "POST", "path": "/2/media/subtitles", "count": 1, "or_more": false},
            {"method": "POST", "path": "/2/tweets", "count": 1, "or_more": false},
        ])
    );
    let run = h.run(h.xpost().args(&video)).await;
    assert_eq!(run.code, 0, "{run:?}");
    for line in [
        "    sensitive-media warning: graphic violence\n",
        &format!(
            "    subtitles in English (EN): {} (text/srt, {} bytes)\n",
            en.display(),
            SRT.len()
        ),
        "requests to X, each billed: 11 or more (besides the login's own)\n",
        "  3 POST /2/media/upload/:id/append\n",
        "  1 or more GET /2/media/upload\n",
        "  1 POST /2/media/subtitles\n",
    ] {
        assert!(run.stdout.contains(line), "{line:?} in {run:?}");
    }

    let tags = [
        "group",
        "--image",
        png.to_str().unwrap(),
        "--tag",
        "alice",
        "--tag",
        "@Alice",
        "--tag",
        "12345",
        "--tag",
        "@bob",
        "--dry-run",
    ];
    let run = h.run(h.xpost().args(tags).arg("--json")).await;
    assert_eq!(run.code, 0, "{run:?}");
    let plan: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        plan["posts"][0]["tagged_users"],
        json!([{"username": "alice"}, {"id": "12345"}, {"username": "bob"}])
    );
    assert_eq!(
        plan["requests"][0],
        json!({"method": "GET", "path": "/2/users/by/username/:username", "count": 2, "or_more": false})
    );
    let run = h.run(h.xpost().args(tags)).await;
    assert!(
        run.stdout
            .contains("  tagged in its images: @alice, 12345, @bob\n"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("requests to X, each billed: 4 (besides"),
        "{run:?}"
    );

    // Tags in a post whose only media is a video: the plan says so, and the run ends with 2.
    let clip = clip.to_str().unwrap();
    let run = h
        .run(h.xpost().args([
            "v",
            "--media",
            clip,
            "--tag",
            "alice",
            "--dry-run",
            "--json",
        ]))
        .await;
    assert_eq!(run.code, 2, "{run:?}");
    let plan: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(plan["posts"][0]["valid"], false, "{plan}");
    assert_eq!(
        plan["posts"][0]["problem"],
        "--tag tags people in the post's images, and it has none"
    );

    // Without extras, a dry run still says what the run costs: the upload and the post.
    let run = h
        .run(h.xpost().args([
            "plain",
            "--image",
            png.to_str().unwrap(),
            "--dry-run",
            "--json",
        ]))
        .await;
    let plan: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        plan["requests"],
        json!([
            {"method": "POST", "path": "/2/media/upload", "count": 1, "or_more": false},
            {"method": "POST", "path": "/2/tweets", "count": 1, "or_more": false},
        ])
    );
    assert_eq!(
        h.sandbox.requests().len(),
        before,
        "a dry run sends nothing"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_warm_post_without_extras_is_still_the_upload_and_the_post() {
    let h = Harness::fast_logged_in().await;
    let png = h.file("a.png", PNG);
    let before = h.sandbox.requests().len();
    posts(
        &h,
        h.xpost()
            .arg("plain")
            .arg("--image")
            .arg(&png)
            .args(["--alt", "x"]),
    )
    .await;
    assert_eq!(
        api_calls(&h.sandbox.requests()[before..]),
        [
            "POST /2/media/upload",
            "POST /2/media/metadata",
            "POST /2/tweets"
        ]
    );
    assert_eq!(
        h.sandbox.bodies("POST", "/2/media/metadata")[0]["metadata"],
        json!({"alt_text": {"text": "x"}}),
        "no warning is sent when none is given"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn help_and_usage_name_every_option() {
    let h = Harness::new().await;
    let run = h.run(h.xpost().arg("--help")).await;
    assert_eq!(run.code, 0, "{run:?}");
    let usage = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/usage.md"))
        .expect("docs/usage.md");
    for option in [
        "--sensitive <KIND>",
        "--subtitles <LANG=PATH>",
        "--tag <USER>",
    ] {
        assert!(run.stdout.contains(option), "{option} in --help");
        let name = option.split(' ').next().unwrap();
        assert!(
            usage.contains(&format!("| `{name}")),
            "{name} in the table of docs/usage.md"
        );
    }
    for kind in ["- adult:", "- violence:", "- other:"] {
        assert!(run.stdout.contains(kind), "{kind} in {run:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thread_file_gives_each_image_its_warning_subtitles_and_tags() {
    let h = Harness::fast_logged_in().await;
    let alice = h.sandbox.add_user("alice");
    let bob = h.sandbox.add_user("bob");
    let carol = h.sandbox.add_user("carol");
    h.file("a.png", PNG);
    h.file("clip.mp4", &mp4(2048));
    h.file("en.srt", SRT);
    let content = format!(
        "The team\n![Alice at work](a.png){{sensitive=other tag=@alice}}\n---\n\
         The talk\n![](clip.mp4){{subtitles=en=en.srt}}\n---\n\
         Again\n![](a.png){{tag=ALICE tag=bob tag={carol}}}\n"
    );
    let thread = h.file("options-thread.txt", content.as_bytes());
    let before = h.sandbox.requests().len();
    let run = h
        .run(
            h.xpost()
                .arg("--thread")
                .arg(&thread)
                .args(["--dry-run", "--json"]),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let plan: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        plan["posts"][2]["tagged_users"].as_array().unwrap().len(),
        3
    );
    let lookups = plan["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "/2/users/by/username/:username")
        .expect("the lookups counted");
    assert_eq!(lookups["count"], 2, "alice once, bob once: {plan}");
    assert_eq!(
        h.sandbox.requests().len(),
        before,
        "a dry run sends nothing"
    );

    let run = h.run(h.xpost().arg("--thread").arg(&thread)).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(&run);
    let requests = h.sandbox.requests();
    assert_eq!(count(&requests, "GET", "/2/users/by/username/alice"), 1);
    assert_eq!(count(&requests, "GET", "/2/users/by/username/bob"), 1);
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 3);
    assert_eq!(posts[0].body["media"]["tagged_user_ids"], json!([alice]));
    assert_eq!(posts[1].body["media"].get("tagged_user_ids"), None);
    assert_eq!(
        posts[2].body["media"]["tagged_user_ids"],
        json!([alice, bob, carol])
    );
    let metadata = metadata_bodies(&h);
    assert_eq!(metadata.len(), 1, "{metadata:?}");
    assert_eq!(
        metadata[0]["metadata"],
        json!({"alt_text": {"text": "Alice at work"},
               "sensitive_media_warning": {"adult_content": false, "graphic_violence": false, "other": true}})
    );
    assert_eq!(
        h.sandbox.bodies("POST", "/2/media/subtitles")[0]["subtitles"]["language_code"],
        "EN"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thread_files_bad_options_are_refused_before_anything_is_sent() {
    let h = Harness::new().await;
    h.file("a.png", PNG);
    for (content, says) in [
        (&b"one\n![](a.png){sensitive=gore}\n"[..], "line 2: "),
        (b"one\n---\ntwo\n![](a.png){tag=no-dashes}\n", "line 4: "),
        (
            b"one\n![](a.png){tag=a tag=b tag=c tag=d tag=e tag=f tag=g tag=h tag=i tag=j tag=k}\n---\ntwo\n",
            "post 1 of 2: 11 people to tag",
        ),
    ] {
        let thread = h.file("bad-thread.txt", content);
        let run = h.run(h.xpost().arg("--thread").arg(&thread)).await;
        refused(&h, &run, 65, says);
        if says.starts_with("line") {
            assert!(run.stderr.contains("bad-thread.txt: line"), "{run:?}");
        }
    }
}
