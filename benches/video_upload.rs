//! Benchmark: uploading a 64 MB and a 512 MB video to `xpost sandbox serve` on loopback (a
//! separate process, so only xpost's memory is measured). For each it prints xpost's peak RSS
//! and its throughput (whole process: initialize, 1 MiB segments, finalize, post), next to
//! `curl` sending the same file to the same server in the same run (`POST /_sandbox/sink`,
//! which writes the body to disk as the chunked upload writes its segments). Run with
//! `cargo bench --bench video_upload`.
//!
//! Targets: peak RSS at most 32 MiB and flat from 64 MB to 512 MB; throughput at least 70% of
//! curl's.
//!
//! Unix only: the peak RSS is read with `wait4`.
#![cfg_attr(not(unix), allow(dead_code, unused_imports))]

use std::io::Write;
#[cfg(unix)]
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const MIB: u64 = 1024 * 1024;
/// Runs of each, alternating; medians are compared.
const RUNS: usize = 5;

mod common;

use common::command;

#[cfg(not(unix))]
fn main() {
    eprintln!("video_upload: Unix only (the peak RSS is read with wait4)");
}

#[cfg(unix)]
fn main() {
    let xpost = PathBuf::from(env!("CARGO_BIN_EXE_xpost"));
    let dir = tempfile::tempdir_in(std::env::temp_dir()).expect("a scratch directory");
    let (mut serve, env) = common::serve(
        &xpost,
        &["--processing-polls", "0"],
        false,
        &dir.path().join("state"),
    );
    let base = env
        .iter()
        .find(|(k, _)| k == "X_API_BASE")
        .map(|(_, v)| v.clone())
        .unwrap();

    println!(
        "video upload to xpost sandbox serve on loopback (1 MiB segments, 4 in flight), median of {RUNS} runs each"
    );
    let mut peaks = Vec::new();
    for size in [64 * MIB, 512 * MIB] {
        let video = dir.path().join(format!("video-{}.mp4", size / MIB));
        write_mp4(&video, size);

        let mut xpost_times = Vec::new();
        let mut curl_times = Vec::new();
        let mut peak_kib = 0;
        for run in 0..RUNS {
            let started = Instant::now();
            let child = command(&xpost, &env)
                .arg(format!("a {} MiB video, run {run}", size / MIB))
                .arg("--media")
                .arg(&video)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let (status, peak) = wait_with_peak(child);
            xpost_times.push(started.elapsed());
            assert!(status.success(), "xpost failed: {status:?}");
            peak_kib = peak_kib.max(peak);

            let started = Instant::now();
            let curl = Command::new("curl")
                .args([
                    "--silent",
                    "--show-error",
                    "--fail",
                    "--output",
                    "/dev/null",
                ])
                .args(["--request", "POST"])
                .args(["--header", "Content-Type: application/octet-stream"])
                // --upload-file streams the file, as xpost does (--data-binary reads it whole).
                .arg("--upload-file")
                .arg(&video)
                .arg(format!("{base}/_sandbox/sink"))
                .status()
                .expect("curl runs");
            curl_times.push(started.elapsed());
            assert!(curl.success(), "curl failed");
        }
        let (xpost_time, curl_time) = (median(xpost_times), median(curl_times));

        let rate = |t: Duration| size as f64 / MIB as f64 / t.as_secs_f64();
        println!(
            "  {:>3} MiB: xpost {:>6.2} s {:>7.1} MiB/s, peak RSS {:>5.1} MiB | curl {:>6.2} s {:>7.1} MiB/s | xpost at {:>3.0}% of curl's throughput (target: 70% or more)",
            size / MIB,
            xpost_time.as_secs_f64(),
            rate(xpost_time),
            peak_kib as f64 / 1024.0,
            curl_time.as_secs_f64(),
            rate(curl_time),
            100.0 * curl_time.as_secs_f64() / xpost_time.as_secs_f64(),
        );
        peaks.push(peak_kib);
        let _ = std::fs::remove_file(&video);
    }
    let _ = serve.kill();
    let (small, large) = (peaks[0] as f64 / 1024.0, peaks[1] as f64 / 1024.0);
    println!(
        "peak RSS {small:.1} MiB at 64 MiB, {large:.1} MiB at 512 MiB (target: at most 32 MiB, and flat: {:+.1} MiB)",
        large - small
    );
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Waits for `child` and returns its status and peak resident set size in KiB.
#[cfg(unix)]
fn wait_with_peak(child: Child) -> (ExitStatus, i64) {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet waited for; both pointers are valid for writes.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    std::mem::forget(child);
    (ExitStatus::from_raw(status), usage.ru_maxrss)
}

/// An MP4 of `size` bytes: an `ftyp` box, then filler the sandbox stores as it comes.
fn write_mp4(path: &Path, size: u64) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut head = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom".to_vec();
    head.resize(MIB as usize, 0x5a);
    file.write_all(&head).unwrap();
    let filler = vec![0xa5u8; MIB as usize];
    for _ in 1..size / MIB {
        file.write_all(&filler).unwrap();
    }
    file.flush().unwrap();
}
