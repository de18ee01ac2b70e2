//! Benchmark: cutting 100 KB of text into a thread (`--split`, with and without `--number`)
//! beside counting the same text's weighted length in the same run, as a ratio. Both are linear
//! in the text's size: the ratio stays flat from 25 KB to 100 KB. Run with
//! `cargo bench --bench split`.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Runs of each; medians are compared.
const RUNS: usize = 9;

/// Prose of about `size` bytes: sentences of words of several scripts, URLs, mentions,
/// hashtags, emoji, and a paragraph break every few sentences.
fn prose(size: usize) -> String {
    let words = [
        "the",
        "thread",
        "rust-lang.org",
        "@xpost",
        "#rustlang",
        "$XPST",
        "naïve",
        "日本語",
        "https://example.com/a/b?c=d",
        "👍🏽",
        "posts",
        "weighted",
        "characters",
        "café",
    ];
    let mut text = String::with_capacity(size + 64);
    let mut i = 0usize;
    while text.len() < size {
        text.push_str(words[(i * 7 + i / 3) % words.len()]);
        i += 1;
        text.push_str(match i % 97 {
            0 => ".\n\n",
            n if n % 11 == 0 => ". ",
            _ => " ",
        });
    }
    text
}

/// The median time of `runs` calls of `f`.
fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn main() {
    println!("size      count      split      ratio   split --number  ratio   posts");
    for size in [25_000, 50_000, 100_000] {
        let text = prose(size);
        let count = median(|| {
            black_box(xpost_text::count(black_box(&text)));
        });
        let mut posts = 0;
        let split = median(|| {
            posts = black_box(xpost::compose::split::split(black_box(&text), false))
                .expect("the prose splits")
                .len();
        });
        let numbered = median(|| {
            black_box(xpost::compose::split::split(black_box(&text), true)).expect("it splits");
        });
        println!(
            "{:>4} KB  {:>7.2} ms {:>7.2} ms  {:>5.2}×  {:>8.2} ms  {:>6.2}×  {posts}",
            size / 1000,
            count.as_secs_f64() * 1e3,
            split.as_secs_f64() * 1e3,
            split.as_secs_f64() / count.as_secs_f64(),
            numbered.as_secs_f64() * 1e3,
            numbered.as_secs_f64() / count.as_secs_f64(),
        );
    }
}
