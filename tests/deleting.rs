//! `xpost delete ID|URL...` (issue 11, item 6): one id per deleted post on stdout, `--json` a
//! list of `{id, deleted}`, a post already gone counted as deleted, someone else's post exit 1
//! naming it after the others were tried, `--dry-run` and bad ids sending nothing, OAuth 1.0a
//! only, and a repeat of the same command succeeding.

use xpost_sandbox::{Fault, USERNAME};

use crate::util::{Harness, assert_no_secrets, count};

/// Posts `text` with xpost and returns the new post's id.
async fn post(h: &Harness, text: &str) -> String {
    let run = h.run(h.xpost().arg(text)).await;
    assert_eq!(run.code, 0, "{run:?}");
    let url = run.stdout.trim();
    url.rsplit('/').next().unwrap().to_owned()
}

fn deletions(h: &Harness) -> usize {
    h.sandbox
        .requests()
        .iter()
        .filter(|r| r.method == "DELETE" && r.path.starts_with("/2/tweets/"))
        .count()
}

fn exists(h: &Harness, id: &str) -> bool {
    h.sandbox.posts().iter().any(|p| p.id == id)
}

#[tokio::test]
async fn deletes_one_and_several_by_id_and_url_and_a_repeat_succeeds() {
    let h = Harness::fast_logged_in().await;
    let one = post(&h, "one").await;
    let run = h.run(h.xpost().args(["delete", &one])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, format!("{one}\n"));
    assert!(!exists(&h, &one));
    assert_no_secrets(&run);

    let two = post(&h, "two").await;
    let three = post(&h, "three").await;
    let url = format!("https://x.com/{USERNAME}/status/{three}");
    let twitter = format!("https://twitter.com/{USERNAME}/status/{two}?s=20");
    let run = h.run(h.xpost().args(["delete", &two, &url])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, format!("{two}\n{three}\n"));
    assert!(h.sandbox.posts().is_empty());

    // Again, with a URL of one of them and one never made: already gone counts as deleted.
    let run = h
        .run(h.xpost().args(["delete", &two, &url, &twitter, "1"]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, format!("{two}\n{three}\n1\n"), "each id once");
    assert!(!h.browser_was_opened());
}

#[tokio::test]
async fn the_urls_a_served_sandbox_prints_are_taken_too() {
    let h = Harness::fast_logged_in().await;
    let id = post(&h, "printed").await;
    // As `xpost sandbox serve` prints them, under its X_WEB_BASE on loopback.
    let url = format!("http://127.0.0.1:8700/{USERNAME}/status/{id}");
    let reply = h.run(h.xpost().args(["a reply", "--reply-to", &url])).await;
    assert_eq!(reply.code, 0, "{reply:?}");
    let run = h.run(h.xpost().args(["delete", &url])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, format!("{id}\n"));
    assert!(!exists(&h, &id));
}

#[tokio::test]
async fn someone_elses_post_exits_1_naming_it_after_the_others() {
    let h = Harness::fast_logged_in().await;
    let mine = post(&h, "mine").await;
    let theirs = h.sandbox.post_as_someone_else("someone", "theirs");
    let also_mine = post(&h, "also mine").await;
    let run = h
        .run(h.xpost().args(["delete", &mine, &theirs, &also_mine]))
        .await;
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stdout, format!("{mine}\n{also_mine}\n"));
    assert!(run.stderr.contains(&theirs), "{run:?}");
    assert!(run.stderr.contains("own posts"), "{run:?}");
    assert!(exists(&h, &theirs));
    assert!(!exists(&h, &mine) && !exists(&h, &also_mine));

    let run = h
        .run(h.xpost().args(["delete", "--json", &mine, &theirs]))
        .await;
    assert_eq!(run.code, 1, "{run:?}");
    let list: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(list[0], serde_json::json!({"id": mine, "deleted": true}));
    assert_eq!(list[1]["id"], theirs);
    assert_eq!(list[1]["deleted"], false);
}

#[tokio::test]
async fn json_lists_id_and_deleted() {
    let h = Harness::fast_logged_in().await;
    let a = post(&h, "a").await;
    let run = h.run(h.xpost().args(["--json", "delete", &a, "1"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    let list: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        list,
        serde_json::json!([{"id": a, "deleted": true}, {"id": "1", "deleted": true}])
    );
}

#[tokio::test]
async fn dry_run_and_a_bad_id_send_nothing() {
    let h = Harness::fast_logged_in().await;
    let a = post(&h, "kept").await;
    let before = h.sandbox.requests().len();
    let run = h.run(h.xpost().args(["delete", "--dry-run", &a])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, format!("would delete {a}\n"));
    let run = h
        .run(h.xpost().args(["delete", "--dry-run", "--json", &a]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let plan: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(plan, serde_json::json!({"dry_run": true, "delete": [a]}));

    for bad in ["12ab", "https://example.com/x/status/1", "-1"] {
        let run = h.run(h.xpost().args(["delete", &a, "--", bad])).await;
        assert_eq!(run.code, 2, "{bad}: {run:?}");
        assert!(run.stderr.contains(bad), "{run:?}");
        assert!(run.stdout.is_empty());
    }
    assert_eq!(h.sandbox.requests().len(), before, "nothing was sent");
    assert!(exists(&h, &a));
}

#[tokio::test]
async fn oauth1_only_deletes_with_the_keys() {
    let h = Harness::fast().await;
    let mut cmd = h.xpost();
    cmd.env_remove("X_CLIENT_ID").env_remove("X_CLIENT_SECRET");
    let run = h.run(cmd.arg("signed post")).await;
    assert_eq!(run.code, 0, "{run:?}");
    let id = run.stdout.trim().rsplit('/').next().unwrap().to_owned();

    let mut cmd = h.xpost();
    cmd.args(["delete", "--auth", "oauth1", &id]);
    let run = h.run(&mut cmd).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, format!("{id}\n"));
    assert!(!exists(&h, &id));
    assert!(!h.browser_was_opened());
    assert_eq!(count(&h.sandbox.requests(), "POST", "/2/oauth2/token"), 0);
    assert_eq!(deletions(&h), 1);
}

#[tokio::test]
async fn a_404_counts_as_gone_and_a_server_error_is_retried() {
    let h = Harness::fast_logged_in().await;
    let a = post(&h, "flaky").await;
    // X's newer answer for a post that does not exist: a 404.
    h.sandbox
        .inject("DELETE", "/2/tweets/{id}", Fault::Status { status: 404 }, 1);
    let run = h.run(h.xpost().args(["delete", "1"])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "1\n");
    // Deleting is safe to repeat: a 503 goes again.
    h.sandbox
        .inject("DELETE", "/2/tweets/{id}", Fault::Status { status: 503 }, 1);
    let run = h.run(h.xpost().args(["delete", &a])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, format!("{a}\n"));
    assert!(!exists(&h, &a));
    assert_eq!(deletions(&h), 3);
}

/// A run stopped part-way (a rate limit) still lists, with `--json`, every post asked for, in
/// order: those deleted, and the others with `deleted: false` and why, so that a script reading
/// the list knows which are left.
#[tokio::test]
async fn json_of_a_stopped_run_lists_every_post_asked_for() {
    let h = Harness::fast_logged_in().await;
    let a = post(&h, "first").await;
    let b = post(&h, "second").await;
    let c = post(&h, "third").await;
    h.sandbox.rate_limit("DELETE", "/2/tweets/{id}", 1);
    let run = h
        .run(h.xpost().args(["delete", "--json", &a, &b, &c]))
        .await;
    assert_eq!(run.code, 75, "{run:?}");
    assert_eq!(run.stdout.lines().count(), 1, "one line of JSON: {run:?}");
    let list: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let list = list.as_array().expect("a list");
    let ids: Vec<&str> = list.iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [a.as_str(), b.as_str(), c.as_str()], "{run:?}");
    assert_eq!(list[0], serde_json::json!({"id": a, "deleted": true}));
    for left in &list[1..] {
        assert_eq!(left["deleted"], false, "{run:?}");
        assert!(
            left["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{run:?}"
        );
    }
    assert!(
        list[1]["error"].as_str().unwrap().contains("rate limit"),
        "{run:?}"
    );
    assert!(exists(&h, &b) && exists(&h, &c));
}

/// When stdout cannot take the ids (`> /dev/full`, a closed pipe), every post is still
/// deleted, each id is told on stderr instead, and the run ends with 74 (done, the result on
/// stderr), not 70 ("a bug") half-way with the rest left and not named.
#[tokio::test]
async fn ids_stdout_cannot_take_are_told_on_stderr_and_every_post_is_deleted() {
    let h = Harness::fast_logged_in().await;
    for json in [false, true] {
        let a = post(&h, &format!("full disk one {json}")).await;
        let b = post(&h, &format!("full disk two {json}")).await;
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let mut cmd = h.xpost();
        cmd.args(["delete", &a, &b]).stdout(full);
        if json {
            cmd.arg("--json");
        }
        let run = h.run(&mut cmd).await;
        assert_eq!(run.code, 74, "{run:?}");
        assert!(!exists(&h, &a) && !exists(&h, &b), "both deleted: {run:?}");
        for id in [&a, &b] {
            assert!(
                run.stderr.contains(&format!("xpost: deleted: {id}")),
                "{id} on stderr: {run:?}"
            );
        }
        assert!(!run.stderr.contains("panicked"), "{run:?}");
    }

    // A pipe nobody reads any more: the same.
    let a = post(&h, "closed pipe").await;
    let mut child = h.xpost().args(["delete", &a]).spawn().unwrap();
    drop(child.stdout.take());
    let run = crate::util::finish(child).await;
    assert_eq!(run.code, 74, "{run:?}");
    assert!(!exists(&h, &a), "{run:?}");
    assert!(
        run.stderr.contains(&format!("xpost: deleted: {a}")),
        "{run:?}"
    );
}

/// `--max-time` running out part-way is a stop like any other: it names the posts not known
/// to be deleted (not "nothing was posted"), `--json` still lists every post asked for, and
/// the same command run again finishes the job.
#[tokio::test]
async fn max_time_running_out_names_what_is_left() {
    let h = Harness::fast_logged_in().await;
    let a = post(&h, "slow one").await;
    let b = post(&h, "slow two").await;
    h.sandbox.inject(
        "DELETE",
        "/2/tweets/{id}",
        Fault::Delay(std::time::Duration::from_secs(3)),
        1,
    );
    let run = h
        .run(
            h.xpost()
                .args(["delete", "--json", "--max-time", "1s", &a, &b]),
        )
        .await;
    assert_eq!(run.code, 75, "{run:?}");
    assert!(!run.stderr.contains("nothing was posted"), "{run:?}");
    assert!(run.stderr.contains("--max-time"), "{run:?}");
    assert!(
        run.stderr.contains(&format!("not deleted: {a}, {b}")),
        "{run:?}"
    );
    let list: serde_json::Value = serde_json::from_str(&run.stdout).expect("a list");
    assert_eq!(list[0]["id"], a.as_str(), "{run:?}");
    assert_eq!(list[1]["id"], b.as_str(), "{run:?}");
    assert_eq!(list[1]["deleted"], false, "{run:?}");

    let run = h.run(h.xpost().args(["delete", &a, &b])).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, format!("{a}\n{b}\n"));
    assert!(!exists(&h, &a) && !exists(&h, &b));
}

/// A post id longer than X's pattern (`^[0-9]{1,19}$`) is no post id: refused with 2 before
/// anything is sent, by `delete`, `edit`, `--reply-to` and `--quote` alike (X refused it with a
/// 400, after the uploads, and `delete` blamed someone else's post).
#[tokio::test]
async fn a_post_id_of_twenty_digits_is_refused_before_anything_is_sent() {
    let h = Harness::fast_logged_in().await;
    let png = h.file("a.png", crate::util::PNG);
    let png = png.to_str().unwrap();
    let long = "12345678901234567890";
    let url = format!("https://x.com/someone/status/{long}");
    let before = h.sandbox.requests().len();
    let runs: [Vec<&str>; 6] = [
        vec!["delete", long],
        vec!["delete", &url],
        vec!["edit", long, "new text"],
        vec!["a reply", "--image", png, "--reply-to", long],
        vec!["a quote", "--image", png, "--quote", &url],
        vec!["--dry-run", "a reply", "--reply-to", long],
    ];
    for args in runs {
        let run = h.run(h.xpost().args(&args)).await;
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(
            run.stderr.contains("neither a post id"),
            "{args:?}: {run:?}"
        );
    }
    assert_eq!(h.sandbox.requests().len(), before, "nothing was sent");
    // The largest id X's pattern allows is still taken.
    let run = h
        .run(h.xpost().args(["delete", "9999999999999999999"]))
        .await;
    assert_eq!(run.code, 0, "{run:?}");
}
