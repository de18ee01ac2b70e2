//! Post text as X counts it: twitter-text v3's weighted length.
//!
//! The rules (X's, from twitter-text's v3 configuration): the text is NFC-normalised; every URL,
//! with or without a scheme, counts 23; an emoji, sequences included (skin tones, ZWJ families,
//! flags, keycaps), counts 2; any other code point counts 1 in U+0000–U+10FF, U+2000–U+200D,
//! U+2010–U+201F and U+2032–U+2037, and 2 elsewhere. The limit is 280.
//!
//! URLs are found by the `twitter-text` crate's extractor with its `External` parser, which
//! finds scheme-less URLs as X does (its default parser misweights them). Emoji are whole
//! grapheme clusters that the `emojis` crate knows. `tests/fixtures/weighted_length.json`
//! holds the reference counts of twitter-text's own JavaScript package, checked in
//! `tests/reference.rs`.
//!
//! xpost checks text with it before sending anything, and xpost's sandbox (an imitation of
//! X) refuses overlong posts with it: one count, so the two can never disagree on what fits.

use std::ops::Range;

use twitter_text::extractor::{Extract, Extractor, ParserBackend};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// X's limit, in weighted units.
pub const LIMIT: usize = 280;
/// What every URL counts, however long.
pub const URL_WEIGHT: usize = 23;
/// What an emoji counts.
pub const EMOJI_WEIGHT: usize = 2;

/// Code points that X refuses in a post.
const INVALID: [char; 3] = ['\u{FFFE}', '\u{FEFF}', '\u{FFFF}'];

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
pub fn count(text: &str) -> Counted {
    let normalized: String = text.nfc().collect();
    let mut weighted = 0;
    let mut over_at = None;
    let mut add = |start: usize, weight: usize| {
        weighted += weight;
        if weighted > LIMIT && over_at.is_none() {
            over_at = Some(start);
        }
    };
    let mut at = 0;
    for url in url_ranges(&normalized) {
        for (offset, cluster) in normalized[at..url.start].grapheme_indices(true) {
            add(at + offset, cluster_weight(cluster));
        }
        add(url.start, URL_WEIGHT);
        at = url.end;
    }
    for (offset, cluster) in normalized[at..].grapheme_indices(true) {
        add(at + offset, cluster_weight(cluster));
    }
    let invalid = normalized.chars().find(|c| INVALID.contains(c));
    Counted {
        normalized,
        weighted_length: weighted,
        over_at,
        invalid,
    }
}

/// The weighted length of `text`.
pub fn weighted_length(text: &str) -> usize {
    count(text).weighted_length
}

/// Byte ranges of the URLs in `text`, in order.
fn url_ranges(text: &str) -> Vec<Range<usize>> {
    if !text.contains('.') {
        return Vec::new();
    }
    let extractor = Extractor::with_parser_backend(ParserBackend::External);
    // The offsets of `probe` are those of `text`: only ASCII bytes are swapped for ASCII.
    let probe = inner_hyphens_as_letters(text);
    let mut ranges: Vec<Range<usize>> = extractor
        .extract_urls_with_indices(&probe)
        .iter()
        .filter_map(|entity| {
            let start = utf16_to_byte(text, entity.start.try_into().ok()?)?;
            let end = utf16_to_byte(text, entity.end.try_into().ok()?)?;
            let scheme = entity.value.contains("://");
            // twitter-text takes no scheme-less URL right after `-`, `_`, `.` or `/` (so the
            // `example.com` of `ftp://example.com` is no link); the crate's parser misses this.
            let after_bad = text[..start].ends_with(['-', '_', '.', '/']);
            (start < end && (scheme || !after_bad)).then_some(start..end)
        })
        .collect();
    ranges.sort_by_key(|r| r.start);
    ranges.dedup_by(|later, earlier| later.start < earlier.end);
    ranges
}

/// `text` with every run of hyphens that stands between two letters or digits written as
/// `a`s. twitter-text's domain grammar takes such runs inside a label (`xn--n3h.com`, a
/// punycode domain, is a link), but the `twitter-text` crate's parser does not, and finds the
/// rest of the label after the run instead. The swap keeps every offset, and a hyphen that
/// starts or ends a word (where no domain label may have one) is kept.
fn inner_hyphens_as_letters(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("--") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'-' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == b'-' {
            i += 1;
        }
        let before = start.checked_sub(1).map(|b| bytes[b]);
        let after = bytes.get(i).copied();
        if before.is_some_and(|b| b.is_ascii_alphanumeric())
            && after.is_some_and(|a| a.is_ascii_alphanumeric())
        {
            bytes[start..i].fill(b'a');
        }
    }
    // Only ASCII hyphens between ASCII characters were replaced, by ASCII: still UTF-8.
    std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned()))
}

/// The byte offset of a UTF-16 offset (the extractor's unit).
fn utf16_to_byte(text: &str, utf16: usize) -> Option<usize> {
    let mut units = 0;
    for (byte, c) in text.char_indices() {
        if units == utf16 {
            return Some(byte);
        }
        units += c.len_utf16();
    }
    (units == utf16).then_some(text.len())
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
