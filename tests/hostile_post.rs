//! What a hostile tester found on the posting side (issue 13), each through real runs of the
//! binary against the sandbox: text read without bound, rate-limit waits past `--max-time`,
//! results lost on a stdout that cannot be written, OAuth 1.0a keys of another account or
//! with a wrong secret, and X's reasons hidden behind a generic `detail`.

use crate::util::{Harness, assert_no_secrets};

// ---------------------------------------------------------------------------------------------
// X's reasons are kept

/// X answers a reply to a post that is gone with a 400 whose `detail` is generic ("One or more
/// parameters to your request was invalid."); the reason is in `errors[].message`.
#[tokio::test(flavor = "multi_thread")]
async fn a_refused_reply_shows_xs_reason_not_only_the_generic_detail() {
    let h = Harness::fast_logged_in().await;
    let run = h
        .run(
            h.xpost()
                .args(["a reply to nothing", "--reply-to", "1234567890123456789"]),
        )
        .await;
    assert_eq!(run.code, 1, "X refused the post: {run:?}");
    assert!(
        run.stderr
            .contains("The Tweet you are replying to has been deleted or is not visible to you"),
        "X's reason is shown: {run:?}"
    );
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(h.sandbox.posts().is_empty());
    assert_no_secrets(&run);
}
