//! Post text as X counts it: twitter-text v3's weighted length.
//!
//! The rules (X's, from twitter-text's v3 configuration): the text is NFC-normalised; every URL,
//! with or without a scheme, counts 23; an emoji, sequences included (skin tones, ZWJ families,
//! flags, keycaps), counts 2; any other code point counts 1 in U+0000–U+10FF, U+2000–U+200D,
//! U+2010–U+201F and U+2032–U+2037, and 2 elsewhere. The limit is 280.
//!
//! URLs are found as twitter-text's extractor finds them (the `urls` module), in time linear in
//! the text's length; emoji are whole grapheme clusters that the `emojis` crate knows, and a
//! run of regional indicators pairs into flags from the left. `tests/fixtures/reference.json`
//! holds what twitter-text's own JavaScript package makes of thousands of texts (weighted
//! length, validity, URLs), checked in `tests/reference.rs`.
//!
//! xpost checks text with it before sending anything, and xpost's sandbox (an imitation of
//! X) refuses overlong posts with it: one count, so the two can never disagree on what fits.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

mod cashtags;
mod tlds;
mod urls;
mod work;

use work::step;

/// How many cashtags (`$TSLA`) `text` holds, found as twitter-text finds them: `$` and 1 to 6
/// letters (a `.` or `_` and 1 or 2 letters may follow), not inside a word. X's self-serve
/// plans refuse a post with more than one.
///
/// ```
/// assert_eq!(xpost_text::cashtags("$TSLA beats $AAPL; US$5 is no cashtag"), 2);
/// ```
pub fn cashtags(text: &str) -> usize {
    cashtags::find(text).len()
}

/// X's limit, in weighted units.
pub const LIMIT: usize = 280;
/// What every URL counts, however long.
pub const URL_WEIGHT: usize = 23;
/// What an emoji counts.
pub const EMOJI_WEIGHT: usize = 2;

/// Code points that X refuses in a post.
const INVALID: [char; 3] = ['\u{FFFE}', '\u{FEFF}', '\u{FFFF}'];

/// How much normalised text (in bytes) is counted at a time, at least: the text is cut at the
/// first space after that much, where no URL can go on, and each piece is counted on its own.
const PIECE: usize = 4096;

/// Text counted as X counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    /// The text after NFC normalisation (what the offsets below refer to).
    pub normalized: String,
    /// The weighted length.
    pub weighted_length: usize,
    /// Byte offset in `normalized` of the first piece that does not fit, when it is too long.
    pub over_at: Option<usize>,
    /// The first code point X refuses, if any.
    pub invalid: Option<char>,
}

impl Counted {
    /// Whether X would take the text: within the limit and free of refused code points.
    pub fn is_valid(&self) -> bool {
        self.over_at.is_none() && self.invalid.is_none()
    }
}

/// Counts `text` the way X does.
///
/// It takes time linear in the text's length. To refuse a long text early, see
/// [`weighted_length_up_to`].
pub fn count(text: &str) -> Counted {
    let mut tally = Tally::default();
    let normalized = tally.run(text, usize::MAX, PIECE);
    Counted {
        normalized,
        weighted_length: tally.weighted,
        over_at: tally.over_at,
        invalid: tally.invalid,
    }
}

/// The weighted length of `text`.
pub fn weighted_length(text: &str) -> usize {
    count(text).weighted_length
}

/// The weighted length of `text` when it is at most `cap`; `None` when it is more.
///
/// It stops soon after the count passes `cap` (at the first space after a few KiB), so a
/// megabyte of text is refused as fast as a few kilobytes: for a check of untrusted input.
///
/// ```
/// assert_eq!(xpost_text::weighted_length_up_to("see rust-lang.org", 280), Some(27));
/// assert_eq!(xpost_text::weighted_length_up_to(&"a ".repeat(1 << 20), 280), None);
/// ```
pub fn weighted_length_up_to(text: &str, cap: usize) -> Option<usize> {
    let mut tally = Tally::default();
    tally.run(text, cap, PIECE);
    (tally.weighted <= cap).then_some(tally.weighted)
}

/// Byte ranges of the URLs X links in `text`, in order, as twitter-text finds them.
///
/// `text` is taken as it is: [`count`] normalises it (NFC) first, as X does.
///
/// ```
/// let text = "docs at docs.rs/xpost-text, code at https://github.com/.";
/// let urls: Vec<&str> = xpost_text::urls(text).into_iter().map(|r| &text[r]).collect();
/// assert_eq!(urls, ["docs.rs/xpost-text", "https://github.com/"]);
/// ```
pub fn urls(text: &str) -> Vec<Range<usize>> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let found = urls::find(&units);
    let mut offsets = Utf16Offsets::new(text);
    found
        .into_iter()
        .map(|url| offsets.byte(url.range.start)..offsets.byte(url.range.end))
        .collect()
}

/// A count in progress, piece by piece.
#[derive(Default)]
struct Tally {
    weighted: usize,
    over_at: Option<usize>,
    invalid: Option<char>,
}

impl Tally {
    /// Normalises `text` and counts it, in pieces of at least `piece` bytes cut before a
    /// space, until the end or until the count is past `cap`. Returns the normalised text
    /// counted.
    fn run(&mut self, text: &str, cap: usize, piece: usize) -> String {
        let mut normalized = String::with_capacity(text.len());
        let mut start = 0;
        for c in text.nfc() {
            step();
            if normalized.len() - start >= piece && urls::is_boundary(c) {
                self.piece(&normalized, start);
                start = normalized.len();
                if self.weighted > cap {
                    return normalized;
                }
            }
            normalized.push(c);
        }
        self.piece(&normalized, start);
        normalized
    }

    /// Counts `normalized[start..]`, in which URLs are found on their own.
    fn piece(&mut self, normalized: &str, start: usize) {
        let piece = &normalized[start..];
        let units: Vec<u16> = piece.encode_utf16().collect();
        let found = urls::find(&units);
        let mut offsets = Utf16Offsets::new(piece);
        let mut at = 0;
        for url in found {
            let url_start = offsets.byte(url.range.start);
            let url_end = offsets.byte(url.range.start + url.counted);
            self.clusters(normalized, start + at, start + url_start);
            self.add(start + url_start, URL_WEIGHT);
            at = url_end;
        }
        self.clusters(normalized, start + at, normalized.len());
        if self.invalid.is_none() {
            self.invalid = piece.chars().find(|c| INVALID.contains(c));
        }
    }

    /// Counts the grapheme clusters of `normalized[from..to]`.
    fn clusters(&mut self, normalized: &str, from: usize, to: usize) {
        // Regional indicators, with their offsets, until the run of them ends.
        let mut indicators: Vec<(usize, char)> = Vec::new();
        for (offset, cluster) in normalized[from..to].grapheme_indices(true) {
            step();
            if cluster.chars().all(is_regional_indicator) {
                indicators.extend(cluster.char_indices().map(|(i, c)| (from + offset + i, c)));
                continue;
            }
            self.flags(&mut indicators);
            self.add(from + offset, cluster_weight(cluster));
        }
        self.flags(&mut indicators);
    }

    /// Counts a run of regional indicators as twitter-text does: from the left, a pair that
    /// is a flag counts 2, any other indicator 2 on its own. (Grapheme clusters pair them from
    /// the left whatever they are: in `🇦🇯🇵🇺🇸` they pair 🇦🇯 and 🇵🇺, where X sees 🇦, 🇯🇵 and 🇺🇸.)
    fn flags(&mut self, indicators: &mut Vec<(usize, char)>) {
        let mut i = 0;
        while i < indicators.len() {
            step();
            let (at, first) = indicators[i];
            let pair = indicators.get(i + 1).map(|&(_, second)| [first, second]);
            let flag = pair.is_some_and(|p| emojis::get(&String::from_iter(p)).is_some());
            self.add(at, EMOJI_WEIGHT);
            i += if flag { 2 } else { 1 };
        }
        indicators.clear();
    }

    fn add(&mut self, at: usize, weight: usize) {
        self.weighted += weight;
        if self.weighted > LIMIT && self.over_at.is_none() {
            self.over_at = Some(at);
        }
    }
}

/// Byte offsets of UTF-16 offsets, asked for in increasing order (one pass over the text).
struct Utf16Offsets<'a> {
    chars: std::str::CharIndices<'a>,
    len: usize,
    /// The UTF-16 and byte offsets reached.
    utf16: usize,
    byte: usize,
}

impl<'a> Utf16Offsets<'a> {
    fn new(text: &'a str) -> Self {
        Utf16Offsets {
            chars: text.char_indices(),
            len: text.len(),
            utf16: 0,
            byte: 0,
        }
    }

    /// The byte offset of the code point at or after UTF-16 offset `utf16` (URLs never start
    /// or end inside a surrogate pair: they begin after their preceding character).
    fn byte(&mut self, utf16: usize) -> usize {
        while self.utf16 < utf16 {
            step();
            match self.chars.next() {
                Some((_, c)) => {
                    self.utf16 += c.len_utf16();
                    self.byte = self.chars.offset();
                }
                None => {
                    self.byte = self.len;
                    break;
                }
            }
        }
        self.byte
    }
}

/// The weight of one grapheme cluster outside URLs.
fn cluster_weight(cluster: &str) -> usize {
    let mut chars = cluster.chars();
    let first = chars.next();
    // A single code point weighs by its range, emoji or not (they are all above U+10FF but for
    // text-presentation ones like ©, which X counts as 1).
    if chars.next().is_some() && emojis::get(cluster).is_some() {
        return EMOJI_WEIGHT;
    }
    match first {
        None => 0,
        _ => cluster.chars().map(char_weight).sum(),
    }
}

/// Whether `c` is a regional indicator (a letter of a flag).
fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

/// The weight of a code point that is not part of an emoji or a URL.
pub fn char_weight(c: char) -> usize {
    match u32::from(c) {
        0x0000..=0x10FF | 0x2000..=0x200D | 0x2010..=0x201F | 0x2032..=0x2037 => 1,
        _ => 2,
    }
}

/// The README's example, run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct TextReadme;

#[cfg(test)]
mod tests {
    use super::*;

    /// What counting may take per byte of text, at most: a few passes over it (the tables
    /// of the URL search, the search, the clusters), whatever the text. The texts below take
    /// 0.5 to 6.3; a count quadratic in their length or in their URLs, thousands.
    const STEPS_PER_BYTE: u64 = 12;

    /// About `size` bytes of `piece` over and over.
    fn repeat(piece: &str, size: usize) -> String {
        piece.repeat(size / piece.len() + 1)
    }

    /// Texts of 1 MiB that a count quadratic in their length, or in their URLs, would take
    /// minutes over: URLs with and without a scheme, lists without spaces, long domain
    /// chains, and runs that a backtracking expression would search again from each start.
    fn hard_texts() -> Vec<(&'static str, String)> {
        const MIB: usize = 1 << 20;
        let numbered: String = (0..MIB / 24)
            .map(|i| format!("https://example.com/{i} "))
            .collect();
        vec![
            ("URLs with a scheme", numbered),
            (
                "URLs without a scheme",
                repeat("rust-lang.org/x?q=1. ", MIB),
            ),
            ("URLs without spaces", repeat("a.com,", MIB)),
            ("one long chain of labels", repeat("a.", MIB) + "com"),
            (
                "CJK before a dot",
                repeat("日", MIB / 3) + ".xn--" + &"a".repeat(1000),
            ),
            ("CJK labels", repeat("日.", MIB / 4)),
            (
                "a path that never ends",
                "x.com/".to_owned() + &repeat("–", MIB / 3) + "日",
            ),
            (
                "unbalanced parentheses",
                "x.com/".to_owned() + &repeat("(a", MIB / 2),
            ),
            ("trailing punctuation", repeat("x.com/a.......... ", MIB)),
            ("query punctuation", "x.com?".to_owned() + &repeat("!", MIB)),
            ("schemes", repeat("https://", MIB)),
            ("punycode labels", repeat("xn--n3h.xn--", MIB)),
            ("emoji and flags", repeat("👍🏽🇯🇵🇦", MIB)),
        ]
    }

    #[test]
    fn counting_takes_work_linear_in_the_texts_length() {
        for (name, text) in hard_texts() {
            let before = work::steps();
            let counted = count(&text);
            let steps = work::steps() - before;
            assert!(counted.weighted_length > 0);
            assert!(
                steps <= STEPS_PER_BYTE * text.len() as u64,
                "{name}: {steps} steps for {} bytes",
                text.len()
            );
        }
    }

    #[test]
    fn a_capped_count_stops_soon_after_the_cap() {
        for (name, text) in hard_texts() {
            let before = work::steps();
            let within = weighted_length_up_to(&text, LIMIT);
            let steps = work::steps() - before;
            assert_eq!(within, None, "{name}");
            // Pieces whose URLs are searched apart start at a space; a text without one is
            // counted whole, in linear work still.
            let bound = if text.contains(' ') {
                64 * STEPS_PER_BYTE * PIECE as u64
            } else {
                STEPS_PER_BYTE * text.len() as u64
            };
            assert!(steps <= bound, "{name}: {steps} steps");
        }
        assert_eq!(weighted_length_up_to("see rust-lang.org", 280), Some(27));
        assert_eq!(weighted_length_up_to(&"a".repeat(281), 280), None);
        assert_eq!(weighted_length_up_to(&"a".repeat(280), 280), Some(280));
    }

    #[test]
    fn pieces_count_as_the_whole_text() {
        #[derive(serde::Deserialize)]
        struct Case {
            text: String,
        }
        let cases: Vec<Case> =
            serde_json::from_str(include_str!("../tests/fixtures/reference.json")).unwrap();
        for case in cases {
            let (mut whole, mut pieces) = (Tally::default(), Tally::default());
            whole.run(&case.text, usize::MAX, usize::MAX);
            // A piece at every space.
            pieces.run(&case.text, usize::MAX, 0);
            assert_eq!(
                (whole.weighted, whole.over_at, whole.invalid),
                (pieces.weighted, pieces.over_at, pieces.invalid),
                "{:?}",
                case.text
            );
        }
    }
}
