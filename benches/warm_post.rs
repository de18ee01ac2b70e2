//! Benchmark: a warm post (a valid login stored, one 1 MB PNG) against `xpost sandbox serve`
//! on loopback, next to the same post made by a short idiomatic Python script
//! (`benches/warm_post.py`: requests-oauthlib for the OAuth 1.0a upload, then the post with
//! the bearer token) in the same run. Prints whole-process wall times, their ratio, and how many
//! HTTP requests each made. Run with `cargo bench --bench warm_post`.
//!
//! Target: xpost at most a tenth of the Python script's time, and exactly two requests.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const RUNS: usize = 15;
const IMAGE_BYTES: usize = 1024 * 1024;

mod common;

use common::command;

fn main() {
    let xpost = PathBuf::from(env!("CARGO_BIN_EXE_xpost"));
    let dir = tempfile::tempdir().expect("a scratch directory");
    let image = dir.path().join("photo.png");
    std::fs::write(&image, png(IMAGE_BYTES)).unwrap();

    let (mut serve, env) = common::serve(&xpost, &[], true, &dir.path().join("state"));
    let requests = count_requests(&mut serve);

    // xpost: warm posts, each a whole process.
    let mut xpost_times = Vec::new();
    let mut xpost_requests = Vec::new();
    for run in 0..=RUNS {
        let before = settled(&requests);
        let started = Instant::now();
        let out = command(&xpost, &env)
            .arg(format!("warm post {run}"))
            .arg("--image")
            .arg(&image)
            .output()
            .unwrap();
        let elapsed = started.elapsed();
        assert!(
            out.status.success(),
            "xpost failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if run > 0 {
            xpost_times.push(elapsed);
            xpost_requests.push(settled(&requests) - before);
        }
    }

    // Python: the same post, the same number of times, against the same server.
    let python = python_ready();
    let mut python_times = Vec::new();
    let mut python_requests = Vec::new();
    if python {
        let token = command(&xpost, &env)
            .args(["auth", "token"])
            .output()
            .unwrap();
        assert!(token.status.success());
        let token = String::from_utf8(token.stdout).unwrap().trim().to_owned();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/warm_post.py");
        for run in 0..=RUNS {
            let before = settled(&requests);
            let started = Instant::now();
            let out = command(Path::new("python3"), &env)
                .arg(&script)
                .arg(&image)
                .env("XPOST_BENCH_TOKEN", &token)
                .env("XPOST_BENCH_TEXT", format!("python post {run}"))
                .output()
                .unwrap();
            let elapsed = started.elapsed();
            assert!(
                out.status.success(),
                "python failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            if run > 0 {
                python_times.push(elapsed);
                python_requests.push(settled(&requests) - before);
            }
        }
    }
    let _ = serve.kill();

    println!(
        "warm post, 1 MB PNG, {RUNS} runs each (after one warm-up), against xpost sandbox serve on loopback"
    );
    report("xpost", &xpost_times, &xpost_requests);
    if python {
        report(
            "python (requests-oauthlib)",
            &python_times,
            &python_requests,
        );
        let ratio = median(&python_times).as_secs_f64() / median(&xpost_times).as_secs_f64();
        println!(
            "xpost takes 1/{ratio:.1} of the Python script's time (median to median; target: 1/10 or less)"
        );
    } else {
        println!("python baseline unavailable: requests-oauthlib could not be installed");
    }
    let two = xpost_requests.iter().all(|&n| n == 2);
    println!(
        "xpost requests per warm post: {:?} (target: exactly 2: {})",
        xpost_requests.first(),
        if two { "met" } else { "NOT met" }
    );
}

fn report(name: &str, times: &[Duration], requests: &[usize]) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut sorted = times.to_vec();
    sorted.sort();
    println!(
        "  {name:<28} median {:>7.1} ms   min {:>7.1} ms   max {:>7.1} ms   requests/run {:?}",
        ms(median(times)),
        ms(sorted[0]),
        ms(sorted[sorted.len() - 1]),
        requests.iter().copied().max()
    );
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

/// Counts the requests `xpost sandbox serve` logs on its stderr.
fn count_requests(serve: &mut Child) -> Arc<AtomicUsize> {
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    let stderr = serve.stderr.take().expect("the log is piped");
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.starts_with("sandbox: ") && line != "sandbox: stopped." {
                counter.fetch_add(1, Ordering::SeqCst);
            }
        }
    });
    count
}

/// The request count once the server's log has caught up (it is written every 50 ms).
fn settled(count: &AtomicUsize) -> usize {
    let mut last = count.load(Ordering::SeqCst);
    loop {
        std::thread::sleep(Duration::from_millis(150));
        let now = count.load(Ordering::SeqCst);
        if now == last {
            return now;
        }
        last = now;
    }
}

/// Whether python3 can import requests-oauthlib, installing it from PyPI if needed.
fn python_ready() -> bool {
    let check = || {
        Command::new("python3")
            .args(["-c", "import requests, requests_oauthlib"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if check() {
        return true;
    }
    eprintln!("installing requests-oauthlib for the Python baseline ...");
    let _ = Command::new("python3")
        .args(["-m", "pip", "install", "--quiet", "requests-oauthlib"])
        .status();
    check()
}

/// A valid RGB PNG of about `bytes` bytes whose pixels do not compress (stored deflate blocks).
fn png(bytes: usize) -> Vec<u8> {
    let width = 512usize;
    let height = bytes / (width * 3 + 1);
    let mut raw = Vec::with_capacity(height * (width * 3 + 1));
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut noise = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed as u8
    };
    for _ in 0..height {
        // Each row: filter type 0 (none), then random RGB bytes.
        raw.extend(std::iter::once(0).chain((0..width * 3).map(|_| noise())));
    }
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        zlib.extend_from_slice(&len.to_le_bytes());
        zlib.extend_from_slice(&(!len).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    zlib.extend_from_slice(&adler32(&raw).to_be_bytes());

    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&(width as u32).to_be_bytes());
    ihdr.extend_from_slice(&(height as u32).to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (b"IHDR", &ihdr[..]),
        (b"IDAT", &zlib[..]),
        (b"IEND", &[][..]),
    ] {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = png.len();
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        let crc = crc32(&png[start..]);
        png.extend_from_slice(&crc.to_be_bytes());
    }
    png
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
