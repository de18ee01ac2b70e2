//! A long text cut into a thread (`--split`): posts of at most 280 weighted characters each,
//! cut at a paragraph break, else at a sentence's end, else at a space.
//!
//! The text is cut only between whitespace-separated words, and only where a grapheme cluster
//! ends: URLs, mentions, hashtags and cashtags hold no whitespace, so none is ever cut, and
//! neither is an emoji or an accented letter. Each word is counted once by X's count
//! (`xpost-text`), so splitting takes time linear in the text's size; each post is then
//! counted again as a whole, the way X will count it, and given back a word when the two
//! disagree. `--number` appends ` k/N` to each post, counted in its length.

use unicode_segmentation::UnicodeSegmentation;

use crate::compose::text::LIMIT;
use crate::error::{Error, Result};

/// A word of the text: its byte range, its weight, and what separates it from the next one.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    weight: usize,
    /// The weight of the whitespace after it, when the post goes on past it.
    gap: usize,
    /// Whether a paragraph break (a blank line) follows.
    paragraph: bool,
}

/// How good a cut after a word is: a paragraph break, a sentence's end, or only a space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cut {
    Space,
    Sentence,
    Paragraph,
}

/// `text` as a thread's posts, each at most [`LIMIT`] weighted characters (numbered ` k/N`
/// with `number`); a text that fits is one post, as it is. A single word longer than a post is bad
/// input (65).
pub fn split(text: &str, number: bool) -> Result<Vec<String>> {
    let words = words(text);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    // Trimmed by whole grapheme clusters: a space may carry a combining mark. A text that
    // fits is one post, unnumbered.
    let all = &text[words[0].start..words[words.len() - 1].end];
    if xpost_text::weighted_length_up_to(all, LIMIT).is_some() {
        return Ok(vec![all.to_owned()]);
    }
    let plain = cut(text, &words, LIMIT)?;
    if !number {
        return Ok(plain);
    }
    // The suffix ` k/N` takes at most 2 + 2 × digits(N); numbered, there are at least as many
    // posts as without numbers: start from their count's digits, then more if need be.
    let mut digits = plain.len().to_string().len();
    loop {
        let posts = cut(text, &words, LIMIT - (2 + 2 * digits))?;
        let total = posts.len();
        if total.to_string().len() <= digits {
            return Ok(posts
                .into_iter()
                .enumerate()
                .map(|(k, post)| format!("{post} {}/{total}", k + 1))
                .collect());
        }
        digits += 1;
    }
}

/// The text cut into posts of at most `budget` weighted characters each.
fn cut(text: &str, words: &[Word], budget: usize) -> Result<Vec<String>> {
    let mut posts = Vec::new();
    let mut first = 0;
    while first < words.len() {
        let mut last = first;
        let mut weight = 0;
        // The best cut seen so far, after which word.
        let mut best: Option<(Cut, usize)> = None;
        let mut i = first;
        let mut whole = true;
        while i < words.len() {
            let w = &words[i];
            let with = if i == first {
                w.weight
            } else {
                weight + words[i - 1].gap + w.weight
            };
            if with > budget {
                whole = false;
                break;
            }
            weight = with;
            last = i;
            let kind = cut_after(text, w);
            if best.is_none_or(|(b, _)| kind >= b) {
                best = Some((kind, i));
            }
            i += 1;
        }
        if i == first {
            let word = &text[words[first].start..words[first].end];
            return Err(Error::bad_input(format!(
                "the text has a word longer than a post ({} weighted characters, a post takes {budget}): {}",
                words[first].weight,
                excerpt(word)
            ))
            .hint("break it with a space, or shorten it"));
        }
        let mut end = if whole {
            last
        } else {
            best.map_or(last, |(_, at)| at)
        };
        // Counted as a whole, the way X will count it; a word back until it fits.
        loop {
            let post = &text[words[first].start..words[end].end];
            if xpost_text::weighted_length_up_to(post, budget).is_some() || end == first {
                break;
            }
            end -= 1;
        }
        let post = &text[words[first].start..words[end].end];
        if xpost_text::weighted_length_up_to(post, budget).is_none() {
            return Err(Error::bad_input(format!(
                "the text has a word longer than a post: {}",
                excerpt(post)
            ))
            .hint("break it with a space, or shorten it"));
        }
        posts.push(post.to_owned());
        first = end + 1;
    }
    Ok(posts)
}

/// What kind of cut the end of `word` is.
fn cut_after(text: &str, word: &Word) -> Cut {
    if word.paragraph {
        return Cut::Paragraph;
    }
    let trimmed = text[word.start..word.end].trim_end_matches(['"', '\'', ')', '”', '’', '»']);
    if trimmed.ends_with(['.', '!', '?', '…', '。', '！', '？']) {
        Cut::Sentence
    } else {
        Cut::Space
    }
}

/// The words of `text`: runs of grapheme clusters that are not whitespace, with what follows
/// each.
fn words(text: &str) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut start = None;
    let mut newlines = 0;
    let mut gap = 0;
    for (at, g) in text.grapheme_indices(true) {
        if g.chars().all(char::is_whitespace) {
            if let Some(s) = start.take() {
                words.push(Word {
                    start: s,
                    end: at,
                    weight: xpost_text::weighted_length(&text[s..at]),
                    gap: 0,
                    paragraph: false,
                });
                newlines = 0;
                gap = 0;
            }
            newlines += g.matches('\n').count();
            gap += g.chars().map(xpost_text::char_weight).sum::<usize>();
            if let Some(last) = words.last_mut() {
                last.gap = gap;
                last.paragraph = newlines >= 2;
            }
        } else if start.is_none() {
            start = Some(at);
        }
    }
    if let Some(s) = start {
        words.push(Word {
            start: s,
            end: text.len(),
            weight: xpost_text::weighted_length(&text[s..]),
            gap: 0,
            paragraph: false,
        });
    }
    words
}

/// The start of a long word, to name it.
fn excerpt(word: &str) -> String {
    let head: String = word.graphemes(true).take(40).collect();
    let more = if head.len() < word.len() { "…" } else { "" };
    format!("{}{more}", crate::sanitize::visible(&head))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;

    fn weight(post: &str) -> usize {
        xpost_text::weighted_length(post)
    }

    #[test]
    fn a_text_that_fits_is_one_post() {
        assert_eq!(split("  hello world \n", false).unwrap(), ["hello world"]);
        assert_eq!(split("hello", true).unwrap(), ["hello"]);
        assert!(split(" \n ", false).unwrap().is_empty());
        // A space that carries a combining mark is a grapheme cluster of its own: kept whole.
        assert_eq!(split(" \u{301}x", false).unwrap(), [" \u{301}x"]);
    }

    #[test]
    fn cuts_at_a_paragraph_then_a_sentence_then_a_space() {
        let para = format!("{}.\n\n{}", "word ".repeat(20).trim(), "more ".repeat(60));
        let posts = split(&para, false).unwrap();
        assert_eq!(posts[0], format!("{}.", "word ".repeat(20).trim()));

        let sentences = format!("{} end. {}", "aaaa ".repeat(30), "bbbb ".repeat(40));
        let posts = split(&sentences, false).unwrap();
        assert!(posts[0].ends_with("end."), "{posts:?}");

        let spaces = "word ".repeat(100);
        let posts = split(&spaces, false).unwrap();
        assert!(posts.len() == 2, "{posts:?}");
        assert!(posts.iter().all(|p| weight(p) <= LIMIT));
        assert_eq!(posts[0].len(), 279);
    }

    #[test]
    fn numbers_count_in_the_length() {
        let text = "word ".repeat(600);
        let posts = split(&text, true).unwrap();
        let total = posts.len();
        assert!(total >= 10, "{total}");
        for (k, post) in posts.iter().enumerate() {
            assert!(post.ends_with(&format!(" {}/{total}", k + 1)), "{post}");
            assert!(weight(post) <= LIMIT, "{post}");
        }
    }

    #[test]
    fn urls_count_23_and_are_never_cut() {
        let url = format!("https://example.com/{}", "p".repeat(400));
        let text = format!("{} {url} {}", "a".repeat(260), "b ".repeat(20));
        let posts = split(&text, false).unwrap();
        assert_eq!(posts.len(), 2, "{posts:?}");
        assert!(posts[1].starts_with(&url), "{posts:?}");
        // Counted 23, the URL fits beside 250 characters.
        let text = format!("{} {url} {}", "a".repeat(250), "b ".repeat(20));
        let posts = split(&text, false).unwrap();
        assert!(posts[0].split(' ').any(|w| w == url), "{posts:?}");
    }

    #[test]
    fn a_word_longer_than_a_post_is_refused() {
        let err = split(&format!("hi {}", "x".repeat(300)), false).unwrap_err();
        assert_eq!(err.exit(), Exit::BadInput);
        assert!(err.to_string().contains("longer than a post"), "{err}");
    }
}
