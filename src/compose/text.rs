//! Post text checked before anything is sent: X's weighted length (counted by the
//! `xpost-text` crate, which the sandbox shares) turned into an error that says by how much
//! and where the text crosses the limit, and code points X refuses. The limit follows the
//! account ([`Allowance`]): 280, or 25,000 with a subscription.

use unicode_segmentation::UnicodeSegmentation;

use crate::compose::limit::Allowance;
use crate::error::{Error, Result};

pub use xpost_text::{Counted, LIMIT, count};

/// Checks text from `source` (e.g. "the argument") before anything is sent, against the
/// limit of the account xpost knows as `allowance`.
pub fn check(text: &str, source: &str, allowance: Allowance) -> Result<usize> {
    let counted = count(text);
    if let Some(c) = counted.invalid {
        return Err(Error::bad_input(format!(
            "{source} contains U+{:04X}, which X does not accept in a post",
            u32::from(c)
        ))
        .hint("remove it (it is often an invisible byte-order mark from an editor)"));
    }
    let limit = allowance.limit();
    if counted.weighted_length > limit {
        let whose = match allowance {
            Allowance::Known(s) => format!("the account's limit is {limit} (subscription: {s})"),
            Allowance::Unknown => {
                format!("the limit is {limit} (the account's subscription is unknown)")
            }
            Allowance::NoLogin => format!("the limit is {limit} until xpost knows the account"),
        };
        let here = match counted.over_at {
            Some(at) if limit == LIMIT => format!(
                "\n  it crosses the limit here: {}",
                crossing(&counted.normalized, at)
            ),
            _ => String::new(),
        };
        return Err(Error::bad_input(format!(
            "{source} is too long: {} weighted characters, {whose}{here}",
            counted.weighted_length,
        ))
        .hint(format!(
            "URLs count 23, emoji and most non-Latin characters 2; {}",
            allowance.hint()
        )));
    }
    Ok(counted.weighted_length)
}

/// A short view of the text around byte offset `at`: what fits, a marker, what does not.
/// It counts grapheme clusters, so it never cuts an emoji or an accented letter in two.
fn crossing(text: &str, at: usize) -> String {
    const SIDE: usize = 24;
    let before: Vec<&str> = text[..at].graphemes(true).collect();
    let after: Vec<&str> = text[at..].graphemes(true).collect();
    let head: String = before[before.len().saturating_sub(SIDE)..].concat();
    let tail: String = after[..after.len().min(SIDE)].concat();
    let clean = |s: String| crate::sanitize::visible(&s.replace(['\n', '\r', '\t'], " "));
    format!(
        "{}{}⟨here⟩{}{}",
        if before.len() > SIDE { "…" } else { "" },
        clean(head),
        clean(tail),
        if after.len() > SIDE { "…" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::limit::Subscription;

    fn check(text: &str, source: &str) -> Result<usize> {
        super::check(text, source, Allowance::Known(Subscription::None))
    }

    #[test]
    fn subscribers_post_up_to_25000() {
        let long = "a".repeat(25_000);
        let premium = Allowance::Known(Subscription::Premium);
        assert_eq!(super::check(&long, "the text", premium).unwrap(), 25_000);
        let err = super::check(&format!("{long}b"), "the text", premium).unwrap_err();
        assert!(
            err.to_string().contains(
                "25001 weighted characters, the account's limit is 25000 (subscription: Premium)"
            ),
            "{err}"
        );
        assert!(err.to_string().contains("--split"), "{err}");
        let err = super::check(&"a".repeat(281), "the text", Allowance::NoLogin).unwrap_err();
        assert!(err.to_string().contains("xpost auth login"), "{err}");
        let err = check(&"a".repeat(281), "the text").unwrap_err();
        assert!(err.to_string().contains("subscription: None"), "{err}");
    }

    #[test]
    fn too_long_says_by_how_much_and_where() {
        let text = format!("{} and then this part does not fit", "a".repeat(270));
        let err = check(&text, "the text").unwrap_err();
        assert_eq!(err.exit(), crate::error::Exit::BadInput);
        let message = err.to_string();
        assert!(
            message.contains(
                "the text is too long: 302 weighted characters, the account's limit is 280"
            ),
            "{message}"
        );
        assert!(
            message.contains("aaaaaa and then ⟨here⟩this part does not fit"),
            "{message}"
        );
        assert_eq!(check(&"a".repeat(280), "the text").unwrap(), 280);
    }

    #[test]
    fn the_excerpt_never_cuts_a_grapheme_cluster() {
        // The 24 clusters before the crossing start with a thumbs-up and its skin tone: an
        // excerpt counted in code points would start with the skin tone alone.
        let text = format!("{}👍🏽{}bbb", "a".repeat(255), "a".repeat(23));
        let message = check(&text, "the text").unwrap_err().to_string();
        assert!(
            message.contains(&format!("…👍🏽{}⟨here⟩bbb", "a".repeat(23))),
            "{message}"
        );
        let text = format!("{}bbbe\u{301}{}", "a".repeat(280), "c".repeat(30));
        let message = check(&text, "the text").unwrap_err().to_string();
        assert!(
            message.contains(&format!("⟨here⟩bbbé{}…", "c".repeat(20))),
            "{message}"
        );
    }

    #[test]
    fn refused_code_points() {
        let err = check("\u{feff}hello", "the file notes.txt").unwrap_err();
        assert!(
            err.to_string()
                .contains("the file notes.txt contains U+FEFF"),
            "{err}"
        );
    }
}
