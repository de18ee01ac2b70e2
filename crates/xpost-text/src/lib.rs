//! Post text as X counts it: twitter-text v3's weighted length.
//!
//! The rules (X's, from twitter-text's v3 configuration): the text is NFC-normalised; every URL,
//! with or without a scheme, counts 23; an emoji, sequences included (skin tones, ZWJ families,
//! flags, keycaps), counts 2; any other code point counts 1 in U+0000–U+10FF, U+2000–U+200D,
//! U+2010–U+201F and U+2032–U+2037, and 2 elsewhere. The limit is 280.
//!
//! URLs are found as twitter-text's extractor finds them (the `urls` module); emoji are whole
//! grapheme clusters that the `emojis` crate knows, and a run of regional indicators pairs
//! into flags from the left. `tests/fixtures/reference.json` holds what twitter-text's own
//! JavaScript package makes of thousands of texts (weighted length, validity, URLs), checked
//! in `tests/reference.rs`.
//!
//! xpost checks text with it before sending anything, and xpost's sandbox (an imitation of
//! X) refuses overlong posts with it: one count, so the two can never disagree on what fits.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

mod tlds;
mod urls;
mod work;

use work::step;

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
    let mut tally = Tally::default();
    tally.piece(&normalized, 0);
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

/// A count in progress.
#[derive(Default)]
struct Tally {
    weighted: usize,
    over_at: Option<usize>,
    invalid: Option<char>,
}

impl Tally {
    /// Counts `normalized[start..]`.
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
