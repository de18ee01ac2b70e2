//! Media end to end: every kind X takes (images, still and animated GIFs, MP4 and MOV videos),
//! each refusal made before anything is sent, processing failures, a failed upload among
//! parallel ones, alt text, uploads during consent, progress output, and videos in threads.

use std::path::PathBuf;
use std::time::Duration;

use xpost_sandbox::{AuthMethod, Decision, Media, MediaState};

use crate::util::{Harness, PNG, Run, assert_no_secrets, count, mp4};

const MIB: usize = 1024 * 1024;
/// X's limits, as xpost states them.
const IMAGE_LIMIT: u64 = 5 * 1024 * 1024;
const GIF_LIMIT: u64 = 15 * 1024 * 1024;
const VIDEO_LIMIT: u64 = 512 * 1024 * 1024;

// Small files of each kind, made by hand; the bytes after each header are padding.

/// A PNG (the harness's real one) padded to `len` bytes.
fn png(len: usize) -> Vec<u8> {
    let mut png = PNG.to_vec();
    png.resize(len.max(PNG.len()), 0);
    png
}

/// The start of a JPEG (SOI, APP0/JFIF), padded to `len` bytes.
fn jpeg(len: usize) -> Vec<u8> {
    let mut jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00".to_vec();
    jpeg.resize(len.max(jpeg.len()), 0);
    jpeg
}

/// The start of a WEBP (RIFF, WEBP, VP8 chunk), padded to `len` bytes.
fn webp(len: usize) -> Vec<u8> {
    let mut webp = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00".to_vec();
    webp.resize(len.max(webp.len()), 0);
    webp
}

/// A GIF with `frames` 1×1 frames.
fn gif(frames: usize) -> Vec<u8> {
    let mut gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff".to_vec();
    gif.extend_from_slice(b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00");
    for _ in 0..frames {
        gif.extend_from_slice(b"\x21\xf9\x04\x04\x0a\x00\x00\x00");
        gif.extend_from_slice(b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00");
    }
    gif.push(0x3b);
    gif
}

/// The start of a QuickTime MOV file (an `ftyp` box), padded to `len` bytes.
fn mov(len: usize) -> Vec<u8> {
    let mut mov = b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ".to_vec();
    mov.resize(len.max(mov.len()), 0);
    mov
}

/// A file that starts with `head` and is `len` bytes long, sparse so that it costs nothing.
fn sparse(h: &Harness, name: &str, head: &[u8], len: u64) -> PathBuf {
    let path = h.file(name, head);
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(len)
        .unwrap();
    path
}

/// Runs `cmd`, which must post exactly one post; returns the post's run and the media.
async fn post_one(h: &Harness, cmd: &mut tokio::process::Command) -> (Run, Vec<Media>) {
    let run = h.run(cmd).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_no_secrets(&run);
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1, "{run:?}");
    let media = h.sandbox.media();
    let ids: Vec<String> = media.iter().map(|m| m.id.clone()).collect();
    assert_eq!(posts[0].media_ids, ids, "the post carries the uploads");
    assert_eq!(
        run.stdout.trim(),
        format!(
            "https://x.com/{}/status/{}",
            xpost_sandbox::USERNAME,
            posts[0].id
        )
    );
    (run, media)
}

/// Posts `bytes` as `name` with `--media`, and checks what the sandbox got.
async fn posts_as(name: &str, bytes: &[u8], category: &str, mime: &str, key: &str) -> Media {
    let h = Harness::fast_logged_in().await;
    let path = h.file(name, bytes);
    let (_, media) = post_one(
        &h,
        h.xpost()
            .arg(format!("with {name}"))
            .arg("--media")
            .arg(&path),
    )
    .await;
    assert_eq!(media.len(), 1);
    let m = media.into_iter().next().unwrap();
    assert_eq!(m.category, category, "{m:?}");
    assert_eq!(m.mime, mime, "{m:?}");
    assert_eq!(m.size, bytes.len(), "{m:?}");
    assert_eq!(m.state, MediaState::Succeeded, "{m:?}");
    assert_eq!(m.auth, AuthMethod::OAuth1, "{m:?}");
    assert!(m.media_key.starts_with(key), "{m:?}");
    assert_eq!(m.alt_text, None);
    m
}

async fn posts_as_image(name: &str, bytes: &[u8], mime: &str) {
    let m = posts_as(name, bytes, "tweet_image", mime, "3_").await;
    assert!(!m.chunked, "an image goes up in one request: {m:?}");
    assert_eq!(m.segments, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_jpeg_posts() {
    posts_as_image("photo.jpg", &jpeg(2000), "image/jpeg").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_png_posts() {
    posts_as_image("photo.png", &png(3000), "image/png").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_webp_posts() {
    posts_as_image("photo.webp", &webp(1500), "image/webp").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_still_gif_posts_as_an_image() {
    posts_as_image("still.gif", &gif(1), "image/gif").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_animated_gif_posts_by_chunks() {
    let m = posts_as("moving.gif", &gif(3), "tweet_gif", "image/gif", "16_").await;
    assert!(m.chunked, "{m:?}");
    assert_eq!(m.segments, 1, "{m:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_mp4_posts_in_mebibyte_segments() {
    let bytes = mp4(5 * MIB / 2);
    let m = posts_as("clip.mp4", &bytes, "tweet_video", "video/mp4", "7_").await;
    assert!(m.chunked, "{m:?}");
    assert_eq!(m.segments, 3, "2.5 MiB in 1 MiB segments: {m:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_m4v_posts_as_mp4() {
    // An MP4 branded M4V: xpost sends it as video/mp4, and X (like the sandbox) takes it so.
    let mut bytes = b"\x00\x00\x00\x18ftypM4V \x00\x00\x00\x00M4V mp42".to_vec();
    bytes.resize(MIB + 10, 0);
    let m = posts_as("clip.m4v", &bytes, "tweet_video", "video/mp4", "7_").await;
    assert!(m.chunked, "{m:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mov_posts() {
    let m = posts_as(
        "clip.mov",
        &mov(MIB + 10),
        "tweet_video",
        "video/quicktime",
        "7_",
    )
    .await;
    assert!(m.chunked, "{m:?}");
    assert_eq!(m.segments, 2, "{m:?}");
}

/// Checks that `run` ended with `code` saying `says`, and that nothing reached X.
fn assert_refused_up_front(h: &Harness, run: &Run, code: i32, says: &str) {
    assert_eq!(run.code, code, "{run:?}");
    assert!(run.stderr.contains(says), "expected {says:?}: {run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(
        h.sandbox.requests().is_empty(),
        "nothing may be sent: {:?}",
        h.sandbox.requests()
    );
    assert!(!h.browser_was_opened(), "no browser may open: {run:?}");
    assert!(h.sandbox.posts().is_empty() && h.sandbox.media().is_empty());
    assert_no_secrets(run);
}

#[tokio::test(flavor = "multi_thread")]
async fn files_over_their_kinds_limit_are_refused_before_anything_is_sent() {
    let h = Harness::fast().await;
    let big_png = sparse(&h, "big.png", PNG, IMAGE_LIMIT + 1);
    let run = h
        .run(h.xpost().arg("too big").arg("--image").arg(&big_png))
        .await;
    assert_refused_up_front(&h, &run, 65, "X takes images up to 5 MB (5,242,880 bytes)");
    assert!(run.stderr.contains("big.png"), "names the file: {run:?}");

    // A GIF of more than one frame is held to the animated GIF limit, 15 MB.
    let big_gif = sparse(&h, "big.gif", &gif(2), GIF_LIMIT + 1);
    let run = h
        .run(h.xpost().arg("too big").arg("--media").arg(&big_gif))
        .await;
    assert_refused_up_front(
        &h,
        &run,
        65,
        "X takes animated GIFs up to 15 MB (15,728,640 bytes)",
    );
    assert!(run.stderr.contains("big.gif"), "{run:?}");

    let big_video = sparse(&h, "big.mp4", &mp4(64), VIDEO_LIMIT + 1);
    let run = h
        .run(h.xpost().arg("too big").arg("--media").arg(&big_video))
        .await;
    assert_refused_up_front(
        &h,
        &run,
        65,
        "X takes videos up to 512 MB (536,870,912 bytes)",
    );
    assert!(run.stderr.contains("big.mp4"), "{run:?}");

    // At the limits exactly, the checks pass (a dry run sends nothing either).
    let at_limit = sparse(&h, "edge.mp4", &mp4(64), VIDEO_LIMIT);
    let run = h
        .run(
            h.xpost()
                .arg("at the limit")
                .arg("--media")
                .arg(&at_limit)
                .arg("--dry-run"),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(h.sandbox.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn combinations_x_refuses_are_refused_before_anything_is_sent() {
    let h = Harness::fast().await;
    let one = h.file("one.mp4", &mp4(100));
    let two = h.file("two.mov", &mov(100));
    let run = h
        .run(
            h.xpost()
                .arg("two videos")
                .arg("--media")
                .arg(&one)
                .arg("--media")
                .arg(&two),
        )
        .await;
    assert_refused_up_front(&h, &run, 65, "2 GIFs and videos given");
    assert!(
        run.stderr
            .contains("X takes up to 4 images, or one animated GIF, or one video in a post"),
        "{run:?}"
    );

    let moving = h.file("moving.gif", &gif(2));
    let still = h.file("cat.png", PNG);
    let run = h
        .run(
            h.xpost()
                .arg("gif and image")
                .arg("--media")
                .arg(&moving)
                .arg("--image")
                .arg(&still),
        )
        .await;
    assert_refused_up_front(&h, &run, 65, "an animated GIF cannot go with images");

    let run = h
        .run(
            h.xpost()
                .arg("video and image")
                .arg("--image")
                .arg(&still)
                .arg("--media")
                .arg(&one),
        )
        .await;
    assert_refused_up_front(&h, &run, 65, "a video cannot go with images");

    let mut cmd = h.xpost();
    cmd.arg("five images");
    for _ in 0..5 {
        cmd.arg("--image").arg(&still);
    }
    let run = h.run(&mut cmd).await;
    assert_refused_up_front(&h, &run, 65, "5 images given; X takes up to 4 images");
}

#[tokio::test(flavor = "multi_thread")]
async fn files_of_unknown_type_are_refused_before_anything_is_sent() {
    let h = Harness::fast().await;
    // Named as pictures: the bytes decide.
    let pdf = h.file(
        "scan.png",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    );
    let run = h.run(h.xpost().arg("a pdf").arg("--media").arg(&pdf)).await;
    assert_refused_up_front(&h, &run, 65, "is not an image or video X accepts");
    assert!(run.stderr.contains("application/pdf"), "{run:?}");
    assert!(run.stderr.contains("scan.png"), "{run:?}");

    let text = h.file("notes.jpg", b"just some notes\n");
    let run = h
        .run(h.xpost().arg("a text").arg("--image").arg(&text))
        .await;
    assert_refused_up_front(&h, &run, 65, "is not an image or video X accepts");
    assert!(run.stderr.contains("looks like text"), "{run:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn alt_text_over_1000_characters_is_refused_before_anything_is_sent() {
    let h = Harness::fast().await;
    let image = h.file("cat.png", PNG);
    let run = h
        .run(
            h.xpost()
                .arg("long alt")
                .arg("--image")
                .arg(&image)
                .arg("--alt")
                .arg("é".repeat(1001)),
        )
        .await;
    assert_refused_up_front(&h, &run, 65, "1001 characters; X takes at most 1000");
    assert!(run.stderr.contains("cat.png"), "{run:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn alt_before_any_media_and_a_video_as_image_are_usage_errors() {
    let h = Harness::fast().await;
    let image = h.file("cat.png", PNG);
    let run = h
        .run(
            h.xpost()
                .args(["no media yet", "--alt", "a cat", "--image"])
                .arg(&image),
        )
        .await;
    assert_refused_up_front(
        &h,
        &run,
        2,
        "--alt must come after the --image or --media it describes",
    );

    let video = h.file("clip.mp4", &mp4(1000));
    let run = h
        .run(h.xpost().arg("a video").arg("--image").arg(&video))
        .await;
    assert_refused_up_front(&h, &run, 2, "is a video; --image takes pictures");
    assert!(run.stderr.contains("--media"), "says what to use: {run:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn failed_processing_posts_nothing_and_says_why() {
    let h = Harness::fast_logged_in().await;
    let video = h.file("clip.mp4", &mp4(MIB + 1));
    h.sandbox.fail_next_processing("Unsupported video codec");
    let run = h
        .run(h.xpost().arg("a bad video").arg("--media").arg(&video))
        .await;
    assert_eq!(run.code, 65, "{run:?}");
    assert!(run.stderr.contains("Unsupported video codec"), "{run:?}");
    assert!(run.stderr.contains("clip.mp4"), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(h.sandbox.posts().is_empty());
    assert_eq!(count(&h.sandbox.requests(), "POST", "/2/tweets"), 0);
    let media = h.sandbox.media();
    assert_eq!(media.len(), 1);
    assert_eq!(media[0].state, MediaState::Failed, "{media:?}");
    assert_no_secrets(&run);
}

#[tokio::test(flavor = "multi_thread")]
async fn one_of_four_parallel_uploads_rate_limited_posts_nothing() {
    let h = Harness::fast_logged_in().await;
    h.sandbox.rate_limit("POST", "/2/media/upload", 3);
    let mut cmd = h.xpost();
    cmd.arg("four pictures");
    for i in 0..4 {
        let path = h.file(&format!("p{i}.png"), &png(PNG.len() + 100 * i));
        cmd.arg("--image").arg(path);
    }
    let run = h.run(&mut cmd).await;
    assert_eq!(run.code, 75, "{run:?}");
    assert!(run.stderr.contains("rate limit"), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    let requests = h.sandbox.requests();
    assert_eq!(count(&requests, "POST", "/2/tweets"), 0, "{requests:?}");
    assert!(h.sandbox.posts().is_empty());
    assert_no_secrets(&run);
}

#[tokio::test(flavor = "multi_thread")]
async fn alt_text_goes_to_the_media_just_before_it() {
    let h = Harness::fast_logged_in().await;
    let a = h.file("a.png", &png(1000));
    let b = h.file("b.png", &png(2000));
    let c = h.file("c.png", &png(3000));
    let run = h
        .run(
            h.xpost()
                .arg("three with alt text")
                .arg("--image")
                .arg(&a)
                .args(["--alt", "first"])
                .arg("--image")
                .arg(&b)
                .arg("--media")
                .arg(&c)
                .args(["--alt", "third"]),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let media = h.sandbox.media();
    assert_eq!(media.len(), 3, "{media:?}");
    let by_size = |size: usize| media.iter().find(|m| m.size == size).unwrap();
    let (ma, mb, mc) = (by_size(1000), by_size(2000), by_size(3000));
    assert_eq!(ma.alt_text.as_deref(), Some("first"));
    assert_eq!(mb.alt_text, None);
    assert_eq!(mc.alt_text.as_deref(), Some("third"));
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(
        posts[0].media_ids,
        [ma.id.clone(), mb.id.clone(), mc.id.clone()],
        "in the order given, whatever order the uploads finished in"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn alt_text_on_a_video() {
    let h = Harness::fast_logged_in().await;
    let video = h.file("clip.mp4", &mp4(MIB + 1));
    let alt = "A cat jumps onto a table — and misses.";
    let (_, media) = post_one(
        &h,
        h.xpost()
            .arg("a described video")
            .arg("--media")
            .arg(&video)
            .args(["--alt", alt]),
    )
    .await;
    assert_eq!(media[0].alt_text.as_deref(), Some(alt));
    assert_eq!(media[0].category, "tweet_video");
    // The alt text is set once the video is processed, never before.
    let requests = h.sandbox.requests();
    let metadata = requests
        .iter()
        .position(|r| r.method == "POST" && r.path == "/2/media/metadata")
        .expect("the alt text was set");
    let finalize = requests
        .iter()
        .position(|r| r.path.ends_with("/finalize"))
        .expect("the upload was finalized");
    assert!(finalize < metadata, "{requests:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_video_uploads_in_full_while_consent_is_pending() {
    let h = Harness::fast().await;
    let bytes = mp4(5 * MIB / 2);
    let video = h.file("clip.mp4", &bytes);
    let mut cmd = h.xpost();
    cmd.arg("uploaded during consent")
        .arg("--media")
        .arg(&video);
    let (child, url) = h.spawn_until_browser(&mut cmd).await;
    // The OAuth 1.0a upload needs no consent: every segment and the finalize arrive while the
    // user is still on the consent page.
    let mut finalized = None;
    for _ in 0..400 {
        if let Some(m) = h
            .sandbox
            .media()
            .into_iter()
            .find(|m| m.state != MediaState::Uploading)
        {
            finalized = Some(m);
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let m = finalized.expect("the video was not uploaded before consent");
    assert_eq!(m.segments, 3, "{m:?}");
    assert_eq!(m.size, bytes.len(), "{m:?}");
    assert_eq!(m.auth, AuthMethod::OAuth1, "{m:?}");
    assert!(
        h.sandbox.posts().is_empty(),
        "nothing is posted before consent"
    );
    assert_eq!(count(&h.sandbox.requests(), "POST", "/2/tweets"), 0);

    xpost_sandbox::consent_as_browser(&url, Decision::Authorize)
        .await
        .unwrap();
    let run = crate::util::finish(child).await;
    assert_eq!(run.code, 0, "{run:?}");
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].media_ids, [m.id]);
    assert_eq!(h.sandbox.media().len(), 1, "uploaded once");
    assert_no_secrets(&run);
}

#[tokio::test(flavor = "multi_thread")]
async fn no_progress_bar_when_stderr_is_not_a_terminal_and_nothing_with_quiet() {
    let h = Harness::fast_logged_in().await;
    let first = h.file("first.mp4", &mp4(5 * MIB / 2));
    let (run, media) = post_one(&h, h.xpost().arg("no bar").arg("--media").arg(&first)).await;
    assert_eq!(media[0].segments, 3);
    for drawn in ["[=", "=>", "%", "\r", "\x1b[", "processing"] {
        assert!(
            !run.stderr.contains(drawn),
            "progress drawn on a pipe ({drawn:?}): {:?}",
            run.stderr
        );
    }

    let second = h.file("second.mp4", &mp4(5 * MIB / 2 + 1));
    let run = h
        .run(
            h.xpost()
                .args(["quietly", "--quiet", "--media"])
                .arg(&second),
        )
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stderr, "", "--quiet says nothing on success");
    assert_eq!(run.stdout.lines().count(), 1, "only the URL: {run:?}");
    assert_eq!(h.sandbox.posts().len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thread_line_attaches_a_video() {
    let h = Harness::fast_logged_in().await;
    std::fs::create_dir(h.dir.path().join("story")).unwrap();
    let bytes = mp4(MIB + 5);
    h.file("story/clip.mp4", &bytes);
    h.file(
        "story/thread.txt",
        b"First, the words.\n---\nThen the clip:\n![The cat, mid-jump](clip.mp4)\n",
    );
    let run = h
        .run(h.xpost().args(["--thread", "story/thread.txt"]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 2, "{run:?}");
    assert_eq!(run.stdout.lines().count(), 2, "{run:?}");
    assert!(posts[0].media_ids.is_empty());
    assert_eq!(posts[1].text, "Then the clip:");
    assert_eq!(posts[1].reply_to.as_deref(), Some(posts[0].id.as_str()));
    let media = h.sandbox.media();
    assert_eq!(media.len(), 1);
    assert_eq!(posts[1].media_ids, [media[0].id.clone()]);
    assert_eq!(media[0].category, "tweet_video");
    assert_eq!(media[0].size, bytes.len());
    assert_eq!(media[0].segments, 2);
    assert_eq!(media[0].alt_text.as_deref(), Some("The cat, mid-jump"));
    assert_no_secrets(&run);
}
