//! Benchmark: converting 100 KB of Markdown into an Article's draft body
//! (`xpost::article::markdown::convert`) beside counting the same text's weighted length as X
//! counts it (`xpost_text::weighted_length`), in the same run, with their ratio; and both at 25
//! and 50 KB, to show that each grows linearly with its input. Run with
//! `cargo bench --bench article`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use xpost::article::markdown::convert;

const RUNS: usize = 21;

/// About `bytes` of Markdown using every construct the conversion knows, with text outside the
/// Basic Multilingual Plane.
fn markdown(bytes: usize) -> String {
    let section = "## A section about 𝐑𝐮𝐬𝐭 😀\n\n\
        A paragraph with **bold**, *italic*, ~~struck~~ text and [a link](https://docs.rs/x)\n\
        that goes on for a while, then ends here. 漢字も少し。\n\n\
        - an item\n- another, with `code`\n  1. nested\n\n\
        > a quote, with *style*\n\n\
        ```rust\nfn main() {\n    println!(\"hello\");\n}\n```\n\n\
        | name | value |\n|:--|--:|\n| a | 1 |\n| b | 2 |\n\n\
        https://x.com/someone/status/1862\n\n\
        ![a picture](pics/cat.png)\n\n---\n\n";
    let mut text = String::from("# The title\n\n");
    while text.len() < bytes {
        text.push_str(section);
    }
    text
}

/// The median time of `RUNS` runs of `f`.
fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn main() {
    println!("size     convert      count        convert/count");
    let mut per_kb = Vec::new();
    for kb in [25, 50, 100] {
        let text = markdown(kb * 1000);
        let convert_time = median(|| {
            black_box(convert(black_box(&text), true));
        });
        let count_time = median(|| {
            black_box(xpost_text::weighted_length(black_box(&text)));
        });
        println!(
            "{:>4} KB  {:>9.3} ms  {:>9.3} ms  {:>6.2}",
            text.len() / 1000,
            convert_time.as_secs_f64() * 1e3,
            count_time.as_secs_f64() * 1e3,
            convert_time.as_secs_f64() / count_time.as_secs_f64()
        );
        per_kb.push((
            kb,
            convert_time.as_secs_f64() / text.len() as f64,
            count_time.as_secs_f64() / text.len() as f64,
        ));
    }
    let (_, convert_25, count_25) = per_kb[0];
    let (_, convert_100, count_100) = per_kb[2];
    println!(
        "time per byte, 100 KB over 25 KB (1.00 is linear): convert {:.2}, count {:.2}",
        convert_100 / convert_25,
        count_100 / count_25
    );
}
