//! The URLs X links in a post, found as twitter-text's extractor finds them.
//!
//! twitter-text finds URLs with one regular expression, run from left to right over the text
//! in UTF-16 code units (JavaScript strings), and a few checks after each match. This module
//! follows the same rules without a regular expression engine, so that the time it takes is
//! linear in the text's length (a backtracking engine is quadratic on some texts):
//!
//! - A URL starts at the text's start, or after a character that is not a letter or digit of
//!   ASCII, `@`, `＠`, `$`, `#`, `＃` or one of U+FFFE, U+FEFF, U+FFFF.
//! - Then `http://` or `https://` (any case), or nothing.
//! - Then a domain: labels of "domain characters" (anything but ASCII punctuation, spaces,
//!   those three code points and directional marks), each ending with a dot; labels may hold
//!   `-` (and, but for the last, `_`) inside. Then a top-level domain from twitter-text's list
//!   (any case) not followed by an ASCII letter or digit, `@`, `+` or `-`, or a punycode one
//!   (`xn--…`). The most labels that fit are taken.
//! - Then a port (`:` and digits), a path (`/`, then path characters and balanced parentheses,
//!   up to the last character a path may end with and balanced parentheses right after it), a
//!   query (`?`, then query characters, up
//!   to the last one a query may end with). Trailing punctuation is left out that way.
//! - A URL without a scheme after `-`, `_`, `.` or `/` is no URL; one whose domain holds no
//!   ASCII (or Latin accented) domain is no URL; when it does, the URL is that ASCII domain
//!   (and what follows it when there is a path): `日本example.com` links `example.com`.
//! - A URL longer than 4,096 (`https://` counted when it has no scheme) or with a domain label
//!   longer than 63 in punycode is no URL.
//! - `https://t.co/…` stops after its slug (and query); a slug longer than 40 is no URL.
//!
//! Each of these rules is held to twitter-text's JavaScript package (the reference for X's
//! counting) by `tests/fixtures/urls.json`.

use std::ops::Range;
use std::sync::OnceLock;

use crate::tlds;
use crate::work::step;

/// What a URL may hold at most, with its scheme (`https://` when it has none).
const MAX_URL_LENGTH: usize = 4096;
/// What a domain label may hold at most, in punycode.
const MAX_LABEL_LENGTH: usize = 63;
/// What a t.co slug may hold at most.
const MAX_TCO_SLUG_LENGTH: usize = 40;
/// The scheme twitter-text counts for a URL without one.
const DEFAULT_SCHEME_LENGTH: usize = "https://".len();

/// No position (an entry of the tables below that does not apply).
const NONE: u32 = u32::MAX;

/// A URL twitter-text finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Url {
    /// Where it is, in code units (twitter-text's `indices`).
    pub(crate) range: Range<usize>,
    /// How many code units from its start the count takes as the URL (the length of
    /// twitter-text's `url`): the range's length, but for a scheme-less URL with a path whose
    /// domain holds more than its ASCII domain (`a.com日本.jp/x` links `a.com/x`, 7 units).
    pub(crate) counted: usize,
}

/// The URLs in `text` (UTF-16 code units), in order.
pub(crate) fn find(text: &[u16]) -> Vec<Url> {
    if !text.contains(&u16::from(b'.')) {
        return Vec::new();
    }
    Scanner::new(text).run()
}

/// One match of twitter-text's URL expression.
struct Match {
    /// Where the URL starts (after the preceding character).
    start: usize,
    /// Where it ends.
    end: usize,
    /// The length of its scheme (`http://`, `https://`), 0 without one.
    scheme: usize,
    /// Its domain.
    domain: Range<usize>,
    /// Whether it has a path (a `/` after the domain and port).
    path: bool,
    /// The character before it, if any (none at the text's start).
    before: Option<u16>,
}

/// The text and the tables that make each step of the search take constant time.
struct Scanner<'a> {
    text: &'a [u16],
    /// For each position, the end of the run of label characters (domain characters, `-`,
    /// `_`) that starts there.
    label_end: Vec<u32>,
    /// For each position, the first `_` at or after it.
    next_underscore: Vec<u32>,
    /// For each position just after a dot, where a domain starting there ends ([`NONE`]: no
    /// domain starts there).
    domain_after_dot: Vec<u32>,
    /// For each position just after a dot, where a top-level domain starting there ends.
    tld_after_dot: Vec<u32>,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a [u16]) -> Self {
        let n = text.len();
        let mut label_end = vec![NONE; n + 1];
        let mut next_underscore = vec![NONE; n + 1];
        label_end[n] = n as u32;
        next_underscore[n] = n as u32;
        for i in (0..n).rev() {
            step();
            label_end[i] = if is_label(text[i]) {
                label_end[i + 1]
            } else {
                i as u32
            };
            next_underscore[i] = if text[i] == u16::from(b'_') {
                i as u32
            } else {
                next_underscore[i + 1]
            };
        }
        let mut scanner = Scanner {
            text,
            label_end,
            next_underscore,
            domain_after_dot: vec![NONE; n + 1],
            tld_after_dot: vec![NONE; n + 1],
        };
        // Right to left, so that the domain after each dot is known before the one before it.
        for dot in (0..n).rev() {
            if text[dot] == u16::from(b'.') {
                step();
                let tld = tld_end(text, dot + 1, n).map_or(NONE, |e| e as u32);
                scanner.tld_after_dot[dot + 1] = tld;
                let end = scanner.domain_end(dot + 1).map_or(NONE, |e| e as u32);
                scanner.domain_after_dot[dot + 1] = end;
            }
        }
        scanner
    }

    /// All the URLs, as twitter-text's extractor reports them.
    fn run(&self) -> Vec<Url> {
        let mut urls = Vec::new();
        let mut from = 0;
        while let Some(found) = self.next_match(from) {
            from = found.end;
            self.accept(&found, &mut urls);
        }
        urls
    }

    /// The first match that starts at or after `from` (the expression's `lastIndex`).
    fn next_match(&self, from: usize) -> Option<Match> {
        let text = self.text;
        for (s, &u) in text.iter().enumerate().skip(from) {
            step();
            if is_preceding(u)
                && let Some(found) = self.url_at(s + 1, Some(u))
            {
                return Some(found);
            }
            if s == 0
                && let Some(found) = self.url_at(0, None)
            {
                return Some(found);
            }
        }
        None
    }

    /// Checks a match as twitter-text does after the expression, and keeps what it links.
    fn accept(&self, found: &Match, urls: &mut Vec<Url>) {
        if !self.is_valid(found) {
            return;
        }
        if found.scheme == 0 {
            if found
                .before
                .is_some_and(|b| matches!(b, 0x2D | 0x5F | 0x2E | 0x2F))
            {
                return;
            }
            let ascii = self.ascii_domains(found.domain.clone());
            let Some(last) = ascii.len().checked_sub(1) else {
                return;
            };
            // twitter-text places each ASCII domain where its text first occurs in the domain
            // after the previous one (`indexOf`), which is not always where it was found.
            let mut from = found.domain.start;
            for (i, domain) in ascii.into_iter().enumerate() {
                let start = self.index_of(domain.clone(), from);
                from = start + domain.len();
                urls.push(if i == last && found.path {
                    let rest = found.end - found.domain.end;
                    Url {
                        range: start..found.end,
                        counted: domain.len() + rest,
                    }
                } else {
                    Url {
                        range: start..from,
                        counted: domain.len(),
                    }
                });
            }
        } else if let Some(end) = self.tco_end(found) {
            urls.push(Url {
                range: found.start..end,
                counted: end - found.start,
            });
        }
    }

    /// Where the text of `found` first occurs at or after `from` (at `found` itself at the
    /// latest).
    fn index_of(&self, found: Range<usize>, from: usize) -> usize {
        let needle = &self.text[found.clone()];
        (from..found.start)
            .find(|&i| {
                step();
                self.text[i] == needle[0] && &self.text[i..i + needle.len()] == needle
            })
            .unwrap_or(found.start)
    }

    /// Where a t.co URL ends (its slug and query), `None` when its slug is too long; the
    /// match's end for any other URL.
    fn tco_end(&self, found: &Match) -> Option<usize> {
        let text = self.text;
        let host = found.start + found.scheme;
        let is_tco = found.end >= host + 5
            && eq_ignore_case(&text[host..host + 5], b"t.co/")
            && text.get(host + 5).is_some_and(|&u| is_ascii_alnum(u));
        if !is_tco {
            return Some(found.end);
        }
        let slug = host + 5;
        let mut end = slug;
        while end < found.end && is_ascii_alnum(text[end]) {
            step();
            end += 1;
        }
        if end - slug > MAX_TCO_SLUG_LENGTH {
            return None;
        }
        if end < found.end && text[end] == u16::from(b'?') {
            end = self.query_end(end, found.end).unwrap_or(end);
        }
        Some(end)
    }

    /// twitter-text's `isValidUrl`: each domain label at most 63 long in punycode, and the
    /// URL at most 4,096 long. (twitter-text means to count the domain in punycode there too,
    /// but its `idna.toAscii` hands back the domain as it was, so the URL counts as written.)
    fn is_valid(&self, found: &Match) -> bool {
        let domain = &self.text[found.domain.clone()];
        if domain.starts_with(&[0x78, 0x6E, 0x2D, 0x2D])
            && self.ascii_domains(found.domain.clone()).is_empty()
        {
            return false;
        }
        let labels_fit = domain.split(|&u| u == u16::from(b'.')).all(|label| {
            to_ascii_length(label).is_some_and(|l| (1..=MAX_LABEL_LENGTH).contains(&l))
        });
        let scheme = if found.scheme == 0 {
            DEFAULT_SCHEME_LENGTH
        } else {
            found.scheme
        };
        labels_fit && scheme + (found.end - found.start) <= MAX_URL_LENGTH
    }

    /// The match whose URL starts at `p`, if any.
    fn url_at(&self, p: usize, before: Option<u16>) -> Option<Match> {
        let text = self.text;
        let scheme = if starts_with_ignore_case(&text[p.min(text.len())..], b"https://") {
            8
        } else if starts_with_ignore_case(&text[p.min(text.len())..], b"http://") {
            7
        } else {
            0
        };
        let (scheme, domain_end) = match self.domain_end(p + scheme) {
            Some(end) => (scheme, end),
            None if scheme > 0 => (0, self.domain_end(p)?),
            None => return None,
        };
        let mut end = domain_end;
        if text.get(end) == Some(&u16::from(b':'))
            && text.get(end + 1).is_some_and(|&u| is_digit(u))
        {
            end += 1;
            while end < text.len() && is_digit(text[end]) {
                step();
                end += 1;
            }
        }
        let path = text.get(end) == Some(&u16::from(b'/'));
        if path {
            end = self.path_end(end + 1);
        }
        if text.get(end) == Some(&u16::from(b'?')) {
            end = self.query_end(end, text.len()).unwrap_or(end);
        }
        Some(Match {
            start: p,
            end,
            scheme,
            domain: p + scheme..domain_end,
            path,
            before,
        })
    }

    /// Where the domain that starts at `p` ends: as many labels as fit, then a top-level
    /// domain.
    fn domain_end(&self, p: usize) -> Option<usize> {
        let text = self.text;
        if p >= text.len() || !is_domain_char(text[p]) {
            return None;
        }
        let dot = self.label_end[p] as usize;
        if text.get(dot) != Some(&u16::from(b'.')) || !is_domain_char(text[dot - 1]) {
            return None;
        }
        // More labels first (the expression's greedy subdomains), then this one as the last.
        match self.domain_after_dot[dot + 1] {
            NONE => {}
            end => return Some(end as usize),
        }
        if (self.next_underscore[p] as usize) < dot {
            return None;
        }
        match self.tld_after_dot[dot + 1] {
            NONE => None,
            end => Some(end as usize),
        }
    }

    /// Where a path whose `/` ends just before `from` ends.
    ///
    /// twitter-text's path is a run of pieces, each either path characters and balanced
    /// parentheses up to a character a path may end with, or balanced parentheses alone (its
    /// expression writes the ending character or parentheses without a group, which makes
    /// the parentheses a piece of their own). So the path ends after its last ending
    /// character, and after any balanced parentheses right after that: `/a_(b)` but not the
    /// `.(b)` of `/.(b)`.
    fn path_end(&self, from: usize) -> usize {
        let text = self.text;
        let mut end = from;
        let mut i = from;
        while i < text.len() {
            step();
            let u = text[i];
            if is_path_char(u) {
                i += 1;
                if is_path_ending(u) {
                    end = i;
                }
            } else if let Some(after) = balanced_parens(text, i) {
                if i == end {
                    end = after;
                }
                i = after;
            } else {
                break;
            }
        }
        end
    }

    /// Where a query that starts with the `?` at `at` ends (before `limit`), if it has a
    /// character a query may end with.
    fn query_end(&self, at: usize, limit: usize) -> Option<usize> {
        let text = self.text;
        let mut end = None;
        let mut i = at + 1;
        while i < limit && is_query_char(text[i]) {
            step();
            if is_query_ending(text[i]) {
                end = Some(i + 1);
            }
            i += 1;
        }
        end
    }

    /// The ASCII domains in `domain` (twitter-text's `validAsciiDomain`, every match from
    /// left to right): labels of ASCII letters, digits, `-` and Latin accented letters, then
    /// a top-level domain.
    fn ascii_domains(&self, domain: Range<usize>) -> Vec<Range<usize>> {
        let text = self.text;
        let (start, limit) = (domain.start, domain.end);
        let len = limit - start;
        // For each position, the end of the run of label characters from there; and for each
        // position after a dot, where labels then a top-level domain from there end.
        let mut run_end = vec![0u32; len + 1];
        run_end[len] = limit as u32;
        for i in (start..limit).rev() {
            step();
            run_end[i - start] = if is_ascii_domain_char(text[i]) {
                run_end[i - start + 1]
            } else {
                i as u32
            };
        }
        let mut after_dot = vec![NONE; len + 1];
        for dot in (start..limit).rev() {
            if text[dot] == u16::from(b'.') {
                step();
                let q = dot + 1;
                let labels = (q < limit)
                    .then(|| run_end[q - start] as usize)
                    .and_then(|e| {
                        (e > q && e < limit && text[e] == u16::from(b'.'))
                            .then(|| after_dot[e + 1 - start])
                            .filter(|&end| end != NONE)
                    });
                after_dot[q - start] = match labels {
                    Some(end) => end,
                    None => tld_end(text, q, limit).map_or(NONE, |e| e as u32),
                };
            }
        }
        let mut found = Vec::new();
        let mut i = start;
        while i < limit {
            step();
            let e = run_end[i - start] as usize;
            let end = (e > i && e < limit && text[e] == u16::from(b'.'))
                .then(|| after_dot[e + 1 - start])
                .filter(|&end| end != NONE);
            match end {
                Some(end) => {
                    found.push(i..end as usize);
                    i = end as usize;
                }
                None => i += 1,
            }
        }
        found
    }
}

/// Where the top-level domain that starts at `q` ends (text up to `limit`): one of
/// twitter-text's list, the longest that fits, not followed by an ASCII letter or digit, `@`,
/// `+` or `-`; else a punycode one.
fn tld_end(text: &[u16], q: usize, limit: usize) -> Option<usize> {
    if q >= limit {
        return None;
    }
    let free = |end: usize| {
        end == limit
            || !matches!(text[end], 0x30..=0x39 | 0x41..=0x5A | 0x61..=0x7A | 0x40 | 0x2B | 0x2D)
    };
    // An ASCII top-level domain is the whole run of ASCII letters and digits.
    let mut run = q;
    while run < limit && run - q <= tlds::LONGEST_ASCII && is_ascii_alnum(text[run]) {
        step();
        run += 1;
    }
    let mut best = None;
    if run > q && run - q <= tlds::LONGEST_ASCII && free(run) {
        let name: String = text[q..run]
            .iter()
            .map(|&u| char::from(u as u8).to_ascii_lowercase())
            .collect();
        if tlds::ASCII.binary_search(&name.as_str()).is_ok() {
            best = Some(run);
        }
    }
    for tld in unicode_tlds(canonical(text[q])) {
        step();
        let end = q + tld.len();
        if end <= limit
            && best.is_none_or(|b| end > b)
            && text[q..end]
                .iter()
                .zip(tld)
                .all(|(&u, &t)| canonical(u) == t)
            && free(end)
        {
            best = Some(end);
        }
    }
    if best.is_some() {
        return best;
    }
    // Punycode: `xn--`, then ASCII letters, digits and `-`.
    if limit - q > 4 && eq_ignore_case(&text[q..q + 4], b"xn--") {
        let mut end = q + 4;
        while end < limit && (is_ascii_alnum(text[end]) || text[end] == u16::from(b'-')) {
            step();
            end += 1;
        }
        return (end > q + 4).then_some(end);
    }
    None
}

/// The top-level domains with a letter beyond ASCII whose first code unit is `first` (in
/// canonical case), as canonical code units.
fn unicode_tlds(first: u16) -> impl Iterator<Item = &'static [u16]> {
    static TABLE: OnceLock<Vec<Vec<u16>>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table: Vec<Vec<u16>> = tlds::UNICODE
            .iter()
            .map(|tld| tld.encode_utf16().map(canonical).collect())
            .collect();
        table.sort();
        table
    });
    let from = table.partition_point(|t| t[0] < first);
    table[from..]
        .iter()
        .take_while(move |t| t[0] == first)
        .map(Vec::as_slice)
}

/// The length of a label once in punycode, as twitter-text's `idna.toAscii` computes it (with
/// `punycode.toASCII`, which also splits at `。`, `．` and `｡`); `None` when it is certainly
/// longer than a label may be.
fn to_ascii_length(label: &[u16]) -> Option<usize> {
    if label.len() > 2 * MAX_LABEL_LENGTH {
        return None;
    }
    let mut length = 0;
    for (i, part) in label
        .split(|&u| matches!(u, 0x2E | 0x3002 | 0xFF0E | 0xFF61))
        .enumerate()
    {
        length += usize::from(i > 0);
        if part.iter().all(|&u| (0x20..=0x7E).contains(&u)) {
            length += part.len();
        } else {
            let points: Vec<u32> = char::decode_utf16(part.iter().copied())
                .map(|c| c.map_or_else(|e| u32::from(e.unpaired_surrogate()), u32::from))
                .collect();
            length += "xn--".len() + punycode_length(&points);
        }
    }
    Some(length)
}

/// The length of `points` encoded in punycode (RFC 3492), without the `xn--` prefix.
fn punycode_length(points: &[u32]) -> usize {
    const BASE: u64 = 36;
    const T_MIN: u64 = 1;
    const T_MAX: u64 = 26;
    let adapt = |delta: u64, points: u64, first: bool| {
        let mut delta = if first { delta / 700 } else { delta / 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > (BASE - T_MIN) * T_MAX / 2 {
            delta /= BASE - T_MIN;
            k += BASE;
        }
        k + (BASE - T_MIN + 1) * delta / (delta + 38)
    };
    let basic = points.iter().filter(|&&p| p < 0x80).count();
    let mut length = basic + usize::from(basic > 0);
    let (mut n, mut delta, mut bias, mut handled) = (0x80u64, 0u64, 72u64, basic);
    while handled < points.len() {
        let m = points
            .iter()
            .map(|&p| u64::from(p))
            .filter(|&p| p >= n)
            .min()
            .unwrap_or(n);
        delta += (m - n) * (handled as u64 + 1);
        n = m;
        for &p in points {
            step();
            let p = u64::from(p);
            if p < n {
                delta += 1;
            }
            if p == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    length += 1;
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                length += 1;
                bias = adapt(delta, handled as u64 + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    length
}

/// After `(` at `at`, balanced parentheses as a path may hold them (one level inside another):
/// where they end.
fn balanced_parens(text: &[u16], at: usize) -> Option<usize> {
    if text.get(at) != Some(&u16::from(b'(')) {
        return None;
    }
    let run = |from: usize| {
        let mut i = from;
        while i < text.len() && is_path_char(text[i]) {
            step();
            i += 1;
        }
        i
    };
    let inner = run(at + 1);
    match text.get(inner) {
        Some(0x29) if inner > at + 1 => Some(inner + 1),
        Some(0x28) => {
            let nested = run(inner + 1);
            if nested == inner + 1 || text.get(nested) != Some(&0x29) {
                return None;
            }
            let after = run(nested + 1);
            (text.get(after) == Some(&0x29)).then_some(after + 1)
        }
        _ => None,
    }
}

/// JavaScript's case folding for case-insensitive expressions without the `u` flag: the
/// upper case of a code unit when that is one code unit, and never from beyond ASCII into it.
fn canonical(u: u16) -> u16 {
    if u < 0x80 {
        return u16::from((u as u8).to_ascii_uppercase());
    }
    let Some(c) = char::from_u32(u32::from(u)) else {
        return u;
    };
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(up), None) if (0x80..=0xFFFF).contains(&u32::from(up)) => u32::from(up) as u16,
        _ => u,
    }
}

/// `text` starts with the ASCII `prefix`, in any case.
fn starts_with_ignore_case(text: &[u16], prefix: &[u8]) -> bool {
    text.len() >= prefix.len() && eq_ignore_case(&text[..prefix.len()], prefix)
}

/// `text` is the ASCII `ascii`, in any case.
fn eq_ignore_case(text: &[u16], ascii: &[u8]) -> bool {
    text.len() == ascii.len()
        && text
            .iter()
            .zip(ascii)
            .all(|(&u, &a)| u < 0x80 && (u as u8).eq_ignore_ascii_case(&a))
}

fn is_digit(u: u16) -> bool {
    (0x30..=0x39).contains(&u)
}

fn is_ascii_alnum(u: u16) -> bool {
    u < 0x80 && (u as u8).is_ascii_alphanumeric()
}

/// twitter-text's `spaces`.
fn is_space(u: u16) -> bool {
    matches!(u, 0x09..=0x0D | 0x20 | 0x85 | 0xA0 | 0x1680 | 0x180E | 0x2000..=0x200A
        | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000)
}

/// The code points X refuses in a post.
fn is_invalid(u: u16) -> bool {
    matches!(u, 0xFFFE | 0xFEFF | 0xFFFF)
}

/// twitter-text's `directionalMarkersGroup`.
fn is_directional(u: u16) -> bool {
    matches!(u, 0x202A..=0x202E | 0x061C | 0x200E | 0x200F | 0x2066..=0x2069)
}

/// twitter-text's `punct`.
fn is_punct(u: u16) -> bool {
    u < 0x80 && b"!'#%&()*+,\\-./:;<=>?@[]^_{|}~$".contains(&(u as u8))
}

/// What may stand before a URL.
fn is_preceding(u: u16) -> bool {
    !(is_ascii_alnum(u) || matches!(u, 0x40 | 0xFF20 | 0x24 | 0x23 | 0xFF03) || is_invalid(u))
}

/// What a domain label is made of (any script, emoji too).
fn is_domain_char(u: u16) -> bool {
    !(is_punct(u) || is_space(u) || is_invalid(u) || is_directional(u))
}

/// What a domain label may hold: domain characters, `-` and `_`.
fn is_label(u: u16) -> bool {
    is_domain_char(u) || u == u16::from(b'-') || u == u16::from(b'_')
}

/// twitter-text's `latinAccentChars`, or Cyrillic (`cyrillicLettersAndMarks`) too, in any
/// case (the expressions are case-insensitive: `Ɀ` is taken for `ɀ`).
fn is_letter_beyond_ascii(u: u16, cyrillic: bool) -> bool {
    fn latin(u: u16) -> bool {
        matches!(u, 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0xFF | 0x100..=0x24F | 0x253 | 0x254
            | 0x256 | 0x257 | 0x259 | 0x25B | 0x263 | 0x268 | 0x26F | 0x272 | 0x289 | 0x28B
            | 0x2BB | 0x300..=0x36F | 0x1E00..=0x1EFF)
    }
    fn table(cyrillic: bool) -> Vec<u16> {
        let mut canon: Vec<u16> = (0x80..=0xFFFF)
            .filter(|&u| latin(u) || (cyrillic && (0x400..=0x4FF).contains(&u)))
            .map(canonical)
            .collect();
        canon.sort_unstable();
        canon.dedup();
        canon
    }
    static LATIN: OnceLock<Vec<u16>> = OnceLock::new();
    static LATIN_CYRILLIC: OnceLock<Vec<u16>> = OnceLock::new();
    if u < 0x80 {
        return false;
    }
    if latin(u) || (cyrillic && (0x400..=0x4FF).contains(&u)) {
        return true;
    }
    let table = if cyrillic {
        LATIN_CYRILLIC.get_or_init(|| table(true))
    } else {
        LATIN.get_or_init(|| table(false))
    };
    table.binary_search(&canonical(u)).is_ok()
}

/// What a scheme-less URL's ASCII domain is made of.
fn is_ascii_domain_char(u: u16) -> bool {
    is_ascii_alnum(u) || u == u16::from(b'-') || is_letter_beyond_ascii(u, false)
}

/// twitter-text's `validGeneralUrlPathChars`.
fn is_path_char(u: u16) -> bool {
    if u < 0x80 {
        return (u as u8).is_ascii_alphanumeric() || b"!*';:=+,.$/%#[]-_~@|&".contains(&(u as u8));
    }
    u == 0x2013 || is_letter_beyond_ascii(u, true)
}

/// twitter-text's `validUrlPathEndingChars` (but balanced parentheses).
fn is_path_ending(u: u16) -> bool {
    if u < 0x80 {
        return (u as u8).is_ascii_alphanumeric() || b"+-=_#/".contains(&(u as u8));
    }
    is_letter_beyond_ascii(u, true)
}

/// twitter-text's `validUrlQueryChars`.
fn is_query_char(u: u16) -> bool {
    u < 0x80
        && ((u as u8).is_ascii_alphanumeric() || b"!?*'@();:&=+$/%#[]-_.,~|".contains(&(u as u8)))
}

/// twitter-text's `validUrlQueryEndingChars`.
fn is_query_ending(u: u16) -> bool {
    u < 0x80 && ((u as u8).is_ascii_alphanumeric() || b"-_&=#/".contains(&(u as u8)))
}

/// Whether `c` is one of twitter-text's spaces: no URL goes on past one, and the text from it
/// on is searched for URLs as if it started there.
pub(crate) fn is_boundary(c: char) -> bool {
    u16::try_from(u32::from(c)).is_ok_and(is_space)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<String> {
        let units: Vec<u16> = text.encode_utf16().collect();
        find(&units)
            .into_iter()
            .map(|url| String::from_utf16(&units[url.range]).unwrap())
            .collect()
    }

    #[test]
    fn the_documented_rules() {
        assert_eq!(
            urls("see https://example.com/a/b."),
            ["https://example.com/a/b"]
        );
        assert_eq!(urls("rust-lang.org, x.com"), ["rust-lang.org", "x.com"]);
        assert_eq!(urls("ftp://example.com"), Vec::<String>::new());
        assert_eq!(urls("日本example.com/path"), ["example.com/path"]);
        assert_eq!(urls("(see x.com/a_(b))"), ["x.com/a_(b)"]);
        assert_eq!(urls("x.com/.(b) x.com/(b)(c)"), ["x.com/", "x.com/(b)(c)"]);
        assert_eq!(urls("x.com?q=1&"), ["x.com"]);
        assert_eq!(urls("https://x.com?q=1&."), ["https://x.com?q=1&"]);
        assert_eq!(urls("https://t.co/abc123/more"), ["https://t.co/abc123"]);
        assert_eq!(urls("$x.com @x.com #x.com"), Vec::<String>::new());
        assert_eq!(urls("xn--n3h.com"), ["xn--n3h.com"]);
        assert_eq!(urls("example.notatld"), Vec::<String>::new());
        assert_eq!(urls("HTTPS://EXAMPLE.COM"), ["HTTPS://EXAMPLE.COM"]);
    }

    #[test]
    fn punycode_lengths_are_rfc_3492s() {
        // RFC 3492's sample strings and their encodings.
        let length = |s: &str| punycode_length(&s.chars().map(u32::from).collect::<Vec<_>>());
        assert_eq!(length("bücher"), "bcher-kva".len());
        assert_eq!(length("☃"), "n3h".len());
        assert_eq!(
            length("他们为什么不说中文"),
            "ihqwcrb4cv8a8dqg056pqjye".len()
        );
        assert_eq!(length("3年B組金八先生"), "3B-ww4c5e180e575a65lsy2b".len());
    }
}
