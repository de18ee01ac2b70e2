//! What the app's X plan lets a post carry, checked before anything is sent. X's self-serve
//! plans (pay-per-use, Basic, Pro) quote no post (since 2026-04-20) and take at most one
//! cashtag a post ("Requests that include more than 1 cashtag will be rejected"); X refuses
//! such a post only after the media are uploaded and billed. Enterprise plans do neither.
//! The reply rule (replies only where the account is summoned) needs a billed read of the post
//! replied to, so it stays X's to enforce. Pure.

use crate::config::Plan;
use crate::error::{Error, Result};

/// What to do instead, for a plan that refuses a post.
const OR_ENTERPRISE: &str =
    "if the app's plan is Enterprise, say so with X_PLAN=enterprise (or --plan enterprise)";

/// Refuses, under `plan`, a post that quotes (`quotes`) or one of `texts` (each post's, in
/// order) with more than one cashtag, naming the rule and the post; nothing was sent.
pub fn check(plan: Plan, texts: &[Option<&str>], quotes: bool) -> Result<()> {
    if plan == Plan::Enterprise {
        return Ok(());
    }
    if quotes {
        return Err(Error::bad_input(
            "X's self-serve plans (X_PLAN=self-serve: pay-per-use, Basic, Pro) cannot quote a post (Enterprise only since April 2026); nothing was sent",
        )
        .hint(format!(
            "post a link to the post in the text instead (it shows as a card); {OR_ENTERPRISE}"
        )));
    }
    let many = texts.len() > 1;
    for (i, text) in texts.iter().enumerate() {
        let found = text.map_or(0, xpost_text::cashtags);
        if found > 1 {
            let which = if many {
                format!("post {} of {}", i + 1, texts.len())
            } else {
                "the text".to_owned()
            };
            return Err(Error::bad_input(format!(
                "{which} has {found} cashtags, and X's self-serve plans (X_PLAN=self-serve: pay-per-use, Basic, Pro) refuse more than 1 per post; nothing was sent"
            ))
            .hint(format!(
                "keep one cashtag (write the others without their $); {OR_ENTERPRISE}"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;

    #[test]
    fn self_serve_refuses_a_quote_and_more_than_one_cashtag_naming_the_rule() {
        let quote = check(Plan::SelfServe, &[Some("look")], true).unwrap_err();
        assert_eq!(quote.exit(), Exit::BadInput);
        assert!(quote.message().contains("cannot quote"), "{quote}");
        assert!(quote.to_string().contains("X_PLAN=enterprise"), "{quote}");

        let two = check(Plan::SelfServe, &[Some("$TSLA and $AAPL")], false).unwrap_err();
        assert_eq!(two.exit(), Exit::BadInput);
        assert!(
            two.message().starts_with("the text has 2 cashtags"),
            "{two}"
        );
        assert!(two.to_string().contains("X_PLAN=enterprise"), "{two}");

        let thread = [Some("$TSLA"), None, Some("$TSLA $AAPL $MSFT")];
        let err = check(Plan::SelfServe, &thread, false).unwrap_err();
        assert!(
            err.message().starts_with("post 3 of 3 has 3 cashtags"),
            "{err}"
        );

        // One cashtag, and a dollar amount, are fine.
        assert!(check(Plan::SelfServe, &[Some("$TSLA at US$5")], false).is_ok());
        assert!(check(Plan::SelfServe, &[None], false).is_ok());
    }

    #[test]
    fn enterprise_sends_both() {
        assert!(check(Plan::Enterprise, &[Some("$TSLA $AAPL")], true).is_ok());
    }
}
