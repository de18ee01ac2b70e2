//! What xpost shows: the result on stdout (a URL, or JSON with `--json`), and everything else
//! (progress, warnings, errors) on stderr.

use std::fmt::Display;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::time::Duration;

use serde::Serialize;

use crate::error::{Cause, Error, Result};
use crate::sanitize::outside;

/// A post that was made, as printed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Posted {
    /// The post's id.
    pub id: String,
    /// Where it can be seen.
    pub url: String,
    /// Its text as X stored it.
    pub text: String,
    /// The media attached to it.
    pub media_ids: Vec<String>,
}

/// The URL of post `id`: under the author's handle when known (and one X allows: a stored
/// login's may have been edited), else X's handle-less form.
pub fn post_url(web_base: &str, username: Option<&str>, id: &str) -> String {
    let base = web_base.trim_end_matches('/');
    match username {
        Some(name) if crate::ids::is_username(name) => format!("{base}/{name}/status/{id}"),
        // X redirects it to the post under its author.
        _ => format!("{base}/i/status/{id}"),
    }
}

/// Prints the result on stdout: `value` as one line of JSON with `--json`, else `text`.
pub fn print_json_or<T: Serialize>(json: bool, value: &T, text: &str) -> Result<()> {
    if json {
        print(&json_line(value)?)
    } else {
        print(text)
    }
}

/// Prints `text` and a newline on stdout. A closed stdout (`xpost ... | head -0`) is not an
/// error.
pub fn print(text: &str) -> Result<()> {
    match write_result(text) {
        Err(_) if STDOUT_CLOSED.load(Ordering::Relaxed) => Err(Error::new(
            crate::error::Cause::Unwritten,
            // Not the text: it may be a token (`auth token`).
            "stdout was closed when xpost started, so the result could not be written",
        )),
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::internal(format!(
            "cannot write the result to stdout: {err}"
        ))),
        _ => Ok(()),
    }
}

/// Whether stdout was closed when xpost started (`xpost ... >&-`).
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Notes, before anything is sent, whether stdout was closed when xpost started (`>&-`):
/// Rust's runtime then puts `/dev/null` in its place, and the result would be lost while xpost
/// said it succeeded. Such a stdout is treated as one that cannot take the result: a post's
/// URL is told on stderr, and the run ends with 74. A `> /dev/null` the person wrote is theirs
/// to choose, and is left alone.
pub fn check_stdout() {
    if stdout_closed_at_start() {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
        warn("stdout is closed: the result will be told on stderr instead");
    }
}

/// Whether fd 1 is the `/dev/null` Rust's runtime opens (read-write) for a standard stream
/// that was closed at start; a shell's `> /dev/null` opens it write-only.
#[cfg(unix)]
fn stdout_closed_at_start() -> bool {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let Ok(null) = std::fs::metadata("/dev/null") else {
        return false;
    };
    if !null.file_type().is_char_device() {
        return false;
    }
    // SAFETY: fstat and fcntl(F_GETFL) only read the state of fd 1 into a zeroed struct.
    let (stat, flags) = unsafe {
        let mut stat: libc::stat = std::mem::zeroed();
        if libc::fstat(1, &mut stat) != 0 {
            return false;
        }
        (stat, libc::fcntl(1, libc::F_GETFL))
    };
    // dev_t is u64 here, but i32 on macOS.
    #[allow(clippy::unnecessary_cast)]
    let rdev = stat.st_rdev as u64;
    stat.st_mode & libc::S_IFMT == libc::S_IFCHR
        && rdev == null.rdev()
        && flags >= 0
        && flags & libc::O_ACCMODE == libc::O_RDWR
}

#[cfg(not(unix))]
fn stdout_closed_at_start() -> bool {
    false
}

/// Writes `text` and a newline on stdout, and says whether it could (a full disk, a closed
/// pipe, a stdout closed at start: not).
fn write_result(text: &str) -> std::io::Result<()> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Err(std::io::Error::other("it was closed when xpost started"));
    }
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}").and_then(|()| stdout.flush())
}

/// `value` as one line of JSON, safe on a terminal: besides the C0 controls JSON escapes, every
/// other control character (DEL, C1 such as NEL and the one-byte CSI), the line and paragraph
/// separators and the bidirectional formatting characters are written as `\uXXXX`. The same
/// JSON data, nothing in it a terminal acts on.
pub fn json_line<T: Serialize>(value: &T) -> Result<String> {
    let mut line = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut line, TerminalSafe);
    value
        .serialize(&mut serializer)
        .map_err(|err| Error::internal(format!("cannot encode the result: {err}")))?;
    String::from_utf8(line)
        .map_err(|err| Error::internal(format!("cannot encode the result: {err}")))
}

/// serde_json's compact formatter, escaping what [`json_escapes`] names in strings and keys.
struct TerminalSafe;

impl serde_json::ser::Formatter for TerminalSafe {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if json_escapes(c) {
                writer.write_all(&fragment.as_bytes()[start..at])?;
                // All of them are in the Basic Multilingual Plane: one \u escape each.
                write!(writer, "\\u{:04x}", u32::from(c))?;
                start = at + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

/// The characters xpost's JSON escapes beyond JSON's own (`"`, `\\` and C0).
fn json_escapes(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || crate::sanitize::is_bidi_format(c)
}

/// Where the results of a run that makes or deletes posts go: stdout, or, once stdout cannot
/// take them (a full disk, a closed pipe), stderr, so that a post made or deleted is never
/// left untold. Each result is told as soon as it is known; the run's end says whether stdout
/// took them all.
pub struct Results {
    /// What stderr says before a result: `posted` (a post's URL) or `deleted` (a post's id).
    done: &'static str,
    /// Why stdout could not take a result, once it could not.
    failed: Option<std::io::Error>,
}

impl Results {
    /// The results of posts made (or a post edited): their URLs.
    pub fn posts() -> Self {
        Results {
            done: "posted",
            failed: None,
        }
    }

    /// The results of posts deleted: their ids.
    pub fn deletions() -> Self {
        Results {
            done: "deleted",
            failed: None,
        }
    }

    /// Prints one result (a post's URL, a deleted post's id) on stdout, or tells it on stderr
    /// when stdout cannot take it.
    pub fn tell(&mut self, result: &str) {
        if !self.on_stdout(result) {
            self.on_stderr(result);
        }
    }

    /// Prints `value` as JSON on stdout, or tells each of `results` on stderr when stdout
    /// cannot take it.
    pub fn json<'a, T: Serialize>(
        &mut self,
        value: &T,
        results: impl IntoIterator<Item = &'a str>,
    ) -> Result<()> {
        let line = json_line(value)?;
        if !self.on_stdout(&line) {
            for result in results {
                self.on_stderr(result);
            }
        }
        Ok(())
    }

    /// Writes `line` on stdout, unless stdout already failed once; says whether it took it.
    fn on_stdout(&mut self, line: &str) -> bool {
        if self.failed.is_some() {
            return false;
        }
        match write_result(line) {
            Ok(()) => true,
            Err(err) => {
                self.failed = Some(err);
                false
            }
        }
    }

    /// Tells a result on stderr, for when stdout could not take it.
    fn on_stderr(&self, result: &str) {
        to_stderr(format_args!("xpost: {}: {result}", self.done));
    }

    /// The end of a run that made `count` posts: an error if stdout did not take them all.
    pub fn done(self, count: usize) -> Result<()> {
        let Some(err) = self.failed else {
            return Ok(());
        };
        let message = match count {
            1 => format!(
                "the post was made, but stdout could not take its URL ({err}); it is on the line above"
            ),
            n => format!(
                "the {n} posts were made, but stdout could not take their URLs ({err}); they are on the lines above"
            ),
        };
        Err(Error::new(Cause::Unwritten, message).hint("do not post again what was posted"))
    }

    /// The end of an edit: an error if stdout did not take the new version's URL.
    pub fn edited(self) -> Result<()> {
        let Some(err) = self.failed else {
            return Ok(());
        };
        Err(Error::new(
            Cause::Unwritten,
            format!(
                "the new version was made, but stdout could not take its URL ({err}); it is on the line above"
            ),
        )
        .hint("do not edit the post again for this: the edit is done"))
    }

    /// The end of a run that deleted every post asked for: an error if stdout did not take
    /// their ids.
    pub fn deleted(self) -> Result<()> {
        let Some(err) = self.failed else {
            return Ok(());
        };
        Err(Error::new(
            Cause::Unwritten,
            format!(
                "the posts were deleted, but stdout could not take their ids ({err}); they are on the lines above"
            ),
        ))
    }
}

/// Writes a line on stderr. A stderr that cannot be written (a closed pipe, a full disk)
/// loses the line but never ends the run (the standard printing macros would panic there).
fn to_stderr(line: impl Display) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{line}").and_then(|()| stderr.flush());
}

static QUIET: AtomicBool = AtomicBool::new(false);

/// With `--quiet`: no notes (warnings, errors and what [`show`] prints still show).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Whether `--quiet` was given.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

static VERBOSITY: AtomicU8 = AtomicU8::new(0);

/// With `-v` (1) or `-vv` (2): trace requests on stderr.
pub fn set_verbosity(level: u8) {
    VERBOSITY.store(level, Ordering::Relaxed);
}

/// How much to trace.
pub fn verbosity() -> u8 {
    VERBOSITY.load(Ordering::Relaxed)
}

/// A trace line, shown from verbosity `level` on.
pub fn trace(level: u8, message: impl Display) {
    if verbosity() >= level {
        to_stderr(format_args!("xpost: {message}"));
    }
}

/// A response body for a `-vv` trace: JSON with every token or secret value replaced, made safe
/// to show and cut to a readable length ([`outside`]); anything else only by its size.
pub fn redacted_body(body: &[u8]) -> String {
    fn redact(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    let key = key.to_ascii_lowercase();
                    if key.contains("token") || key.contains("secret") || key == "code" {
                        *value = serde_json::Value::String("(redacted)".into());
                    } else {
                        redact(value);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(redact),
            _ => {}
        }
    }
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(mut json) => {
            redact(&mut json);
            // JSON escapes C0 controls in strings, not C1 controls nor bidirectional overrides.
            outside(&json.to_string())
        }
        Err(_) if body.is_empty() => "(empty body)".to_owned(),
        Err(_) => format!("({} bytes, not JSON)", body.len()),
    }
}

/// A message for the person at the terminal.
pub fn note(message: impl Display) {
    if !quiet() {
        to_stderr(message);
    }
}

/// A message the run cannot do without, shown even with `--quiet` (the consent URL that
/// `--no-browser` asks for).
pub fn show(message: impl Display) {
    to_stderr(message);
}

/// Something worth knowing that does not stop the run.
pub fn warn(message: impl Display) {
    to_stderr(format_args!("xpost: warning: {message}"));
}

/// The error that ended the run.
pub fn error(err: &Error) {
    to_stderr(format_args!("xpost: error: {err}"));
}

/// A Unix time as `2026-11-28 21:05:00 UTC`.
pub fn utc(unix: u64) -> String {
    match i64::try_from(unix)
        .ok()
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
    {
        Some(at) => at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        // Past the year 262143, beyond any time X or a login names.
        None => format!("{unix} seconds after 1970-01-01 00:00:00 UTC"),
    }
}

/// A duration the way people say it: `45s`, `5m`, `2m30s`, `1h`.
pub fn duration(d: Duration) -> String {
    let secs = d.as_secs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || out.is_empty() {
        out.push_str(&format!("{s}s"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            post_url("https://x.com", Some("you"), "1862"),
            "https://x.com/you/status/1862"
        );
        assert_eq!(
            post_url("https://x.com/", None, "1862"),
            "https://x.com/i/status/1862"
        );
        assert_eq!(
            post_url("https://x.com", Some(""), "7"),
            "https://x.com/i/status/7"
        );
        // A handle X would not allow (an edited store file) is no part of a URL or a terminal.
        for name in ["\u{1b}[2Jx", "a/b", "sixteen_letters_"] {
            assert_eq!(
                post_url("https://x.com", Some(name), "7"),
                "https://x.com/i/status/7",
                "{name:?}"
            );
        }
    }

    #[test]
    fn json_field_names_are_stable() {
        let posted = Posted {
            id: "1".into(),
            url: "https://x.com/a/status/1".into(),
            text: "hi".into(),
            media_ids: vec!["5".into()],
        };
        assert_eq!(
            serde_json::to_string(&posted).unwrap(),
            r#"{"id":"1","url":"https://x.com/a/status/1","text":"hi","media_ids":["5"]}"#
        );
    }

    #[test]
    fn json_output_escapes_what_a_terminal_would_act_on() {
        let posted = Posted {
            id: "1".into(),
            url: "https://x.com/a/status/1".into(),
            text: "a\u{1b}[2Jb\u{9b}31m\u{85}c\u{2028}d\u{2029}e\u{202e}f\u{2066}g\u{2069}\u{7f}h é 日本 🦀 \"q\" \\".into(),
            media_ids: vec!["\u{202a}5\u{202c}".into()],
        };
        let line = json_line(&posted).unwrap();
        assert_eq!(
            line,
            r#"{"id":"1","url":"https://x.com/a/status/1","text":"a\u001b[2Jb\u009b31m\u0085c\u2028d\u2029e\u202ef\u2066g\u2069\u007fh é 日本 🦀 \"q\" \\","media_ids":["\u202a5\u202c"]}"#
        );
        assert!(!line.chars().any(json_escapes), "{line}");
        // The same data.
        let back: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(back["text"], posted.text);
        assert_eq!(back["media_ids"][0], posted.media_ids[0]);
        // Keys too.
        let map = std::collections::BTreeMap::from([("k\u{9b}", 1)]);
        assert_eq!(json_line(&map).unwrap(), r#"{"k\u009b":1}"#);
    }

    #[test]
    fn traced_bodies_hide_tokens() {
        let body = br#"{"token_type":"bearer","access_token":"AAA-secret","refresh_token":"RRR","nested":[{"client_secret":"S"}],"data":{"id":"1","text":"hi"}}"#;
        let shown = redacted_body(body);
        for secret in ["AAA-secret", "RRR", "\"S\""] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains(r#""text":"hi""#), "{shown}");
        assert_eq!(redacted_body(b"<html>"), "(6 bytes, not JSON)");
        let hostile = serde_json::json!({"detail": "\u{9b}2J\u{202e}gone\u{1b}[31m"}).to_string();
        assert_eq!(
            redacted_body(hostile.as_bytes()),
            r#"{"detail":"2Jgone\u001b[31m"}"#
        );
        let long = serde_json::json!({"detail": "x".repeat(5000)}).to_string();
        assert!(redacted_body(long.as_bytes()).chars().count() <= 1001);
        assert_eq!(redacted_body(b""), "(empty body)");
    }

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(1_318_622_958), "2011-10-14 20:09:18 UTC");
        assert_eq!(utc(1_709_164_800), "2024-02-29 00:00:00 UTC");
        assert_eq!(utc(1_795_896_000), "2026-11-28 20:00:00 UTC");
        assert!(utc(u64::MAX).starts_with("18446744073709551615 seconds after 1970"));
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(Duration::from_secs(300)), "5m");
        assert_eq!(duration(Duration::from_secs(150)), "2m30s");
        assert_eq!(duration(Duration::from_secs(3600)), "1h");
        assert_eq!(duration(Duration::from_secs(0)), "0s");
        assert_eq!(duration(Duration::from_secs(45)), "45s");
    }
}
