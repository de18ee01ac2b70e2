//! A post named on the command line (`--reply-to`, `--quote`, the post to edit or delete): by
//! its id or its URL.

use crate::error::{Cause, Error, Result};

/// A post's id from an id or a status URL on x.com or twitter.com (or on loopback, where the
/// sandbox serves).
pub fn post_id(reference: &str, option: &str) -> Result<String> {
    let reference = reference.trim();
    // What X takes in a request: a longer number is refused here, before anything is sent.
    let is_id = crate::ids::is_x_id;
    if is_id(reference) {
        return Ok(reference.to_owned());
    }
    let bad = || {
        Error::new(
            Cause::Usage,
            format!("{option} {reference:?} is neither a post id nor a post's URL"),
        )
        .hint("give the number, or a URL like https://x.com/someone/status/1862...")
    };
    let url = url::Url::parse(reference).map_err(|_| bad())?;
    let host = url
        .host_str()
        .unwrap_or("")
        .trim_start_matches("www.")
        .trim_start_matches("mobile.");
    // X's hosts, and loopback: the URLs the sandbox prints (`xpost sandbox serve`).
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name == "localhost",
        None => false,
    };
    if !matches!(url.scheme(), "http" | "https")
        || !(matches!(host, "x.com" | "twitter.com") || loopback)
    {
        return Err(bad());
    }
    let segments: Vec<&str> = url.path_segments().map(|s| s.collect()).unwrap_or_default();
    segments
        .windows(2)
        .find(|pair| matches!(pair[0], "status" | "statuses") && is_id(pair[1]))
        .map(|pair| pair[1].to_owned())
        .ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;

    #[test]
    fn post_ids_from_ids_and_urls() {
        for (input, id) in [
            ("1862000000000000000", "1862000000000000000"),
            ("https://x.com/you/status/1862", "1862"),
            ("https://twitter.com/you/status/1862?s=20", "1862"),
            ("https://mobile.twitter.com/you/status/1862/photo/1", "1862"),
            ("http://www.x.com/i/web/status/77", "77"),
            (" https://x.com/you/statuses/5 ", "5"),
            // The sandbox's own URLs.
            ("http://127.0.0.1:5001/xpost_sandbox/status/42", "42"),
            ("http://localhost:5001/xpost_sandbox/status/43", "43"),
            ("http://[::1]:5001/xpost_sandbox/status/44", "44"),
        ] {
            assert_eq!(post_id(input, "--reply-to").unwrap(), id, "{input}");
        }
        for bad in [
            "",
            "abc",
            "https://example.com/you/status/1",
            "http://127.0.0.2.example/you/status/1",
            "http://10.0.0.1/you/status/1",
            "https://x.com/you",
            "https://x.com/you/status/abc",
            "ftp://x.com/a/status/1",
        ] {
            let err = post_id(bad, "--quote").unwrap_err();
            assert_eq!(err.exit(), Exit::Usage, "{bad}");
            assert!(err.to_string().contains("--quote"));
        }
    }
}
