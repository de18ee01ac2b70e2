//! Cashtags as twitter-text's extractor finds them: `$` and a symbol of 1 to 6 ASCII letters,
//! optionally a `.` or `_` and 1 or 2 letters more (`$BRK.B`, `$RDS_A`), at the start of the
//! text or after whitespace, and followed by its end, whitespace or ASCII punctuation. So
//! `US$5`, `$1`, `a$TSLA` and `$TOOLONG` are none. Case does not matter. Pure; linear.

use std::ops::Range;

/// Where each cashtag of `text` is (the `$` included), in order.
pub(crate) fn find(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (at, _) in text.match_indices('$') {
        let after_space = text[..at]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        if !after_space {
            continue;
        }
        let letters = |from: usize| {
            bytes[from..]
                .iter()
                .take_while(|b| b.is_ascii_alphabetic())
                .count()
        };
        let symbol = letters(at + 1);
        if !(1..=6).contains(&symbol) {
            continue;
        }
        let bare = at + 1 + symbol;
        let ends_well = |end: usize| {
            text[end..]
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation())
        };
        // With its suffix if that ends well, else without it (as the regex backtracks).
        let suffixed = matches!(bytes.get(bare), Some(b'.' | b'_'))
            .then(|| letters(bare + 1))
            .filter(|suffix| (1..=2).contains(suffix))
            .map(|suffix| bare + 1 + suffix)
            .filter(|end| ends_well(*end));
        if let Some(end) = suffixed.or_else(|| ends_well(bare).then_some(bare)) {
            found.push(at..end);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_cashtags_as_twitter_text_does() {
        assert_eq!(tags("$TSLA $AAPL"), ["$TSLA", "$AAPL"]);
        assert_eq!(tags("buy $tsla, sell $Aapl."), ["$tsla", "$Aapl"]);
        assert_eq!(tags("$BRK.B and $RDS_A"), ["$BRK.B", "$RDS_A"]);
        assert_eq!(
            tags("($TSLA)"),
            Vec::<&str>::new(),
            "after punctuation: none"
        );
        assert_eq!(tags("$TSLA!"), ["$TSLA"]);
        assert_eq!(tags("line\n$X"), ["$X"]);
        // Not cashtags: inside a word, digits, too long, a lone `$`.
        for none in ["US$5", "a$TSLA", "$1", "$TOOLONG", "$", "$ TSLA", "$TSLA1"] {
            assert!(tags(none).is_empty(), "{none}");
        }
        // A suffix that does not fit leaves the symbol before its `.`, a cashtag.
        assert_eq!(tags("$ABC."), ["$ABC"]);
        assert_eq!(tags("$ABC.DEFG"), ["$ABC"]);
        assert_eq!(tags("$AB.CD1"), ["$AB"]);
        assert_eq!(tags("é $TSLA"), ["$TSLA"]);
    }
}
