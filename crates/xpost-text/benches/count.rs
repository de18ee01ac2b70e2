//! Benchmark: counting 100 KB and 1 MiB of URL-dense text beside plain text of the same size,
//! in the same run, with the ratio of the two (a count linear in the input's size keeps it
//! near 1 whatever the size). Also the capped count (`weighted_length_up_to`), which stops
//! once the text is past the cap. Run with `cargo bench -p xpost-text --bench count`.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Runs of each; the median is printed.
const RUNS: usize = 5;

/// About `size` bytes of text, every word of it a link (with and without a scheme, with paths
/// and queries), as a post that pastes a list of links would be.
fn url_dense(size: usize) -> String {
    let mut text = String::with_capacity(size + 64);
    let mut i = 0usize;
    while text.len() < size {
        let url = match i % 4 {
            0 => format!("https://example.com/p/{i} "),
            1 => format!("rust-lang.org/{i} "),
            2 => format!("www.crates.io/crates/c{i}?v=1 "),
            _ => format!("x.com/you/status/{i}. "),
        };
        text.push_str(&url);
        i += 1;
    }
    text.truncate(size);
    text
}

/// About `size` bytes of words without a link.
fn plain(size: usize) -> String {
    let words = [
        "lorem",
        "ipsum",
        "dolor",
        "sit",
        "amet",
        "consectetur",
        "adipiscing",
    ];
    let mut text = String::with_capacity(size + 16);
    let mut i = 0;
    while text.len() < size {
        text.push_str(words[i % words.len()]);
        text.push(' ');
        i += 1;
    }
    text.truncate(size);
    text
}

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
    println!(
        "{:<28} {:>12} {:>12} {:>7}",
        "input", "URL-dense", "plain", "ratio"
    );
    for (name, size) in [("100 KB", 100 * 1000), ("1 MiB", 1 << 20)] {
        let (urls, words) = (url_dense(size), plain(size));
        let count_urls = median(|| {
            black_box(xpost_text::count(black_box(&urls)));
        });
        let count_words = median(|| {
            black_box(xpost_text::count(black_box(&words)));
        });
        report(&format!("count, {name}"), count_urls, count_words);
        let capped_urls = median(|| {
            black_box(xpost_text::weighted_length_up_to(black_box(&urls), 280));
        });
        let capped_words = median(|| {
            black_box(xpost_text::weighted_length_up_to(black_box(&words), 280));
        });
        report(&format!("up to 280, {name}"), capped_urls, capped_words);
    }
    let urls: String = (0..40_000)
        .map(|i| format!("https://example.com/{i} "))
        .collect();
    let time = median(|| {
        black_box(xpost_text::count(black_box(&urls)));
    });
    println!(
        "count, 40,000 URLs ({} bytes): {:.1} ms",
        urls.len(),
        time.as_secs_f64() * 1e3
    );
}

fn report(what: &str, urls: Duration, words: Duration) {
    println!(
        "{what:<28} {:>9.2} ms {:>9.2} ms {:>7.2}",
        urls.as_secs_f64() * 1e3,
        words.as_secs_f64() * 1e3,
        urls.as_secs_f64() / words.as_secs_f64()
    );
}
