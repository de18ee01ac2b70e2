//! X's published contract (issue 20): every answer shape X documents, read, through the real
//! binary against a sandbox switched to give it. A deletion answered `{"deleted":true|false}`,
//! `204` with no body, `200` with only `errors`, or a 404; refusals worded as a problem, as
//! `errors[]`, as the spec's default `{code, message}` or as v2.167's flat invalid-request,
//! X's words shown in each; the `"text": ""` a media-only post needs; ids in X's answers checked
//! before anything more is sent with them; and `-vv` showing X's `api-version`.

use xpost_sandbox::{DeleteAnswer, ErrorShape, Fault};

use crate::util::{Harness, PNG, assert_no_secrets, count};

/// Posts `text` with xpost and returns the new post's id.
async fn post(h: &Harness, text: &str) -> String {
    let run = h.run(h.xpost().arg(text)).await;
    assert_eq!(run.code, 0, "{run:?}");
    let url = run.stdout.trim();
    url.rsplit('/').next().unwrap().to_owned()
}

/// The status of the last request the sandbox answered.
fn last_status(h: &Harness) -> u16 {
    h.sandbox.requests().last().unwrap().status
}

#[tokio::test]
async fn every_answer_x_documents_to_a_deletion_ends_with_0_saying_which() {
    let h = Harness::fast_logged_in().await;
    for (how, deleted, gone) in [
        (DeleteAnswer::Data, 200, 200),
        (DeleteAnswer::NoContent, 204, 200),
        (DeleteAnswer::Errors, 200, 200),
        (DeleteAnswer::NotFound, 200, 404),
    ] {
        h.sandbox.set_delete_answer(how);
        let id = post(&h, &format!("to delete, answered {how:?}")).await;
        let run = h.run(h.xpost().args(["delete", &id])).await;
        assert_eq!(run.code, 0, "{how:?}: {run:?}");
        assert_eq!(run.stdout, format!("{id}\n"), "{how:?}");
        assert_eq!(last_status(&h), deleted, "{how:?}");
        assert!(!run.stderr.contains("already gone"), "{how:?}: {run:?}");
        assert!(h.sandbox.posts().iter().all(|p| p.id != id), "{how:?}");

        // Again: X finds no such post, and says so its way.
        let run = h.run(h.xpost().args(["--json", "delete", &id])).await;
        assert_eq!(run.code, 0, "{how:?}: {run:?}");
        assert_eq!(last_status(&h), gone, "{how:?}");
        let list: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(list, serde_json::json!([{"id": id, "deleted": true}]));
        assert!(
            run.stderr.contains(&format!("post {id} was already gone")),
            "{how:?}: {run:?}"
        );
        assert_no_secrets(&run);
    }
}

#[tokio::test]
async fn a_refusal_is_told_in_xs_words_whichever_shape_it_comes_in() {
    let h = Harness::fast_logged_in().await;
    let words = "You are not allowed to create a Tweet with duplicate content.";
    for shape in [
        ErrorShape::Problem,
        ErrorShape::Errors,
        ErrorShape::Code,
        ErrorShape::Flat,
    ] {
        h.sandbox.set_error_shape(shape);
        let text = format!("said twice, as {shape:?}");
        post(&h, &text).await;
        let run = h.run(h.xpost().arg(&text)).await;
        assert_eq!(run.code, 1, "{shape:?}: {run:?}");
        assert!(
            run.stderr
                .contains(&format!("X refused the post (403): {words}")),
            "{shape:?}: {run:?}"
        );
        assert!(run.stdout.is_empty(), "{run:?}");

        // A parameter X refuses (a reply to a post that is not there), with its reason.
        let run = h
            .run(h.xpost().args(["a reply", "--reply-to", "1862"]))
            .await;
        assert_eq!(run.code, 1, "{shape:?}: {run:?}");
        assert!(
            run.stderr.contains(
                "X refused the post (400): The Tweet you are replying to has been deleted or is not visible to you."
            ),
            "{shape:?}: {run:?}"
        );
    }
}

#[tokio::test]
async fn a_media_only_post_sends_empty_text_which_x_requires() {
    let h = Harness::fast_logged_in().await;
    let png = h.file("only.png", PNG);
    let run = h.run(h.xpost().arg("--image").arg(&png)).await;
    assert_eq!(run.code, 0, "{run:?}");
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].body["text"], "", "{}", posts[0].body);
    assert_eq!(posts[0].media_ids.len(), 1);
}

#[tokio::test]
async fn vv_shows_xs_api_version() {
    let h = Harness::fast_logged_in().await;
    let run = h.run(h.xpost().args(["-vv", "versioned"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("< api-version: 2.167"), "{run:?}");
    let run = h.run(h.xpost().args(["-v", "versioned, once"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("api-version"), "{run:?}");
    assert_no_secrets(&run);
}

#[tokio::test]
async fn a_media_id_that_is_no_id_is_never_sent_on() {
    let h = Harness::fast_logged_in().await;
    let png = h.file("lying.png", PNG);
    h.sandbox.inject("POST", "/2/media/upload", Fault::BadId, 1);
    let run = h
        .run(h.xpost().args(["with an image"]).arg("--image").arg(&png))
        .await;
    assert_eq!(run.code, 70, "{run:?}");
    assert!(run.stderr.contains("no usable media id"), "{run:?}");
    assert!(run.stderr.contains("nothing was posted"), "{run:?}");
    assert!(
        !run.stderr.contains("users/me"),
        "X's id is not shown: {run:?}"
    );
    let requests = h.sandbox.requests();
    assert_eq!(count(&requests, "POST", "/2/tweets"), 0);
    assert!(
        requests.iter().all(|r| !r.path.contains("..")),
        "{requests:?}"
    );
    assert!(h.sandbox.posts().is_empty());
}

#[tokio::test]
async fn a_chunked_uploads_id_that_is_no_id_goes_into_no_path() {
    let h = Harness::fast_logged_in().await;
    let video = h.file("lying.mp4", &crate::util::mp4(2048));
    h.sandbox
        .inject("POST", "/2/media/upload/initialize", Fault::BadId, 1);
    let run = h
        .run(h.xpost().args(["with a video"]).arg("--media").arg(&video))
        .await;
    assert_eq!(run.code, 70, "{run:?}");
    assert!(run.stderr.contains("no usable media id"), "{run:?}");
    let requests = h.sandbox.requests();
    assert!(
        requests.iter().all(|r| !r.path.contains("..")),
        "{requests:?}"
    );
    assert!(
        requests.iter().all(|r| !r.path.ends_with("/append")),
        "nothing appended: {requests:?}"
    );
    assert_eq!(count(&requests, "POST", "/2/tweets"), 0);
}

#[tokio::test]
async fn a_post_id_that_is_no_id_ends_the_thread_with_70_saying_what_was_made() {
    let h = Harness::fast_logged_in().await;
    let thread = h.file("thread.txt", b"first\n---\nsecond\n---\nthird\n");
    h.sandbox.inject("POST", "/2/tweets", Fault::BadId, 1);
    let run = h.run(h.xpost().arg("--thread").arg(&thread)).await;
    assert_eq!(run.code, 70, "{run:?}");
    assert!(
        run.stderr
            .contains("the post was made but X's answer gave no usable id; nothing more was sent"),
        "{run:?}"
    );
    assert!(run.stdout.is_empty(), "no URL made of X's id: {run:?}");
    let posts = h.sandbox.posts();
    assert_eq!(posts.len(), 1, "the first post only: {posts:?}");
    assert_eq!(count(&h.sandbox.requests(), "POST", "/2/tweets"), 1);
}
