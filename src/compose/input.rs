//! Where a post's text comes from: the argument itself, stdin (`-`) or a file (`--file`,
//! `--thread`), read up to a bound, as UTF-8, without a byte-order mark or the final newline.

use std::io::Read;
use std::path::Path;

use crate::error::{Cause, Error, Result};
use crate::sanitize::visible;

/// The text given on the command line: the argument itself, stdin for `-`, or the file's
/// content (one final newline dropped from either); `None` when none was given.
pub fn text(argument: Option<&str>, file: Option<&Path>) -> Result<Option<String>> {
    Ok(match (argument, file) {
        (Some("-"), _) => Some(trim_final_newline(read_stdin()?)),
        (Some(text), _) => Some(text.to_owned()),
        (None, Some(path)) => Some(trim_final_newline(read_file(path)?)),
        (None, None) => None,
    })
}

/// Everything on stdin, up to [`TEXT_LIMIT`].
pub fn read_stdin() -> Result<String> {
    read_text(std::io::stdin().lock(), "stdin")
}

/// The text of the file at `path`, up to [`TEXT_LIMIT`]; a file that cannot be opened
/// is named (66).
pub fn read_file(path: &Path) -> Result<String> {
    let source = visible(&path.display().to_string());
    let file = std::fs::File::open(path)
        .map_err(|err| Error::new(Cause::NoInput, format!("{source}: cannot read it ({err})")))?;
    read_text(file, &source)
}

/// Text read from stdin or a file, without the one newline that ends it.
pub fn trim_final_newline(mut text: String) -> String {
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    text
}

/// The most text read from stdin or a file: far above any post or thread X takes (a thread of
/// 25 posts of 280 characters, with their image lines, is a few dozen KiB).
pub const TEXT_LIMIT: u64 = 1024 * 1024;

/// Reads the text of a post or a thread from `reader` (stdin or a file, named `source`), up to
/// [`TEXT_LIMIT`] bytes: more is refused (65) without reading further, so that `yes | xpost -`
/// or `--file /dev/zero` end at once, in bounded memory.
pub fn read_text(reader: impl Read, source: &str) -> Result<String> {
    let source = &visible(source);
    let mut bytes = Vec::new();
    reader
        .take(TEXT_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| Error::new(Cause::NoInput, format!("{source}: cannot read it ({err})")))?;
    if bytes.len() as u64 > TEXT_LIMIT {
        return Err(Error::bad_input(format!(
            "{source} holds more than 1 MiB; xpost reads at most that much text (a post is at most 280 characters)"
        ))
        .hint("check that the right file or input was given"));
    }
    // A byte-order mark some editors put first is the file's encoding, not its text.
    let text = utf8(bytes, source)?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// Decodes text read from `source`, saying which source was not UTF-8.
pub fn utf8(bytes: Vec<u8>, source: &str) -> Result<String> {
    let source = visible(source);
    String::from_utf8(bytes).map_err(|err| {
        Error::bad_input(format!(
            "{source} is not valid UTF-8 (the first bad byte is at offset {})",
            err.utf8_error().valid_up_to()
        ))
        .hint("save it as UTF-8")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;

    #[test]
    fn a_byte_order_mark_is_no_text() {
        assert_eq!(
            read_text(&b"\xef\xbb\xbfhello"[..], "f.txt").unwrap(),
            "hello"
        );
        // Only the first: one further in is text, for the length check to refuse.
        assert_eq!(
            read_text(&b"a\xef\xbb\xbf"[..], "f.txt").unwrap(),
            "a\u{feff}"
        );
    }

    #[test]
    fn one_final_newline_is_trimmed() {
        assert_eq!(trim_final_newline("hi\n".into()), "hi");
        assert_eq!(trim_final_newline("hi\r\n".into()), "hi");
        assert_eq!(trim_final_newline("hi\n\n".into()), "hi\n");
        assert_eq!(trim_final_newline("hi".into()), "hi");
    }

    #[test]
    fn text_is_read_up_to_a_mebibyte_and_no_further() {
        let limit = TEXT_LIMIT as usize;
        let text = read_text(&vec![b'y'; limit][..], "stdin").unwrap();
        assert_eq!(text.len(), limit);
        let err = read_text(&vec![b'y'; limit + 1][..], "stdin").unwrap_err();
        assert_eq!(err.exit(), Exit::BadInput);
        assert!(
            err.message().starts_with("stdin holds more than 1 MiB"),
            "{err}"
        );
        // A source without end is read only up to the bound.
        let err = read_text(std::io::repeat(0), "/dev/zero").unwrap_err();
        assert!(err.message().starts_with("/dev/zero holds more"), "{err}");
        // Over the bound is said before bad UTF-8 is: the text is not looked at.
        let err = read_text(std::io::repeat(0xff), "f.txt").unwrap_err();
        assert!(err.message().contains("more than 1 MiB"), "{err}");
        let err = read_text(&b"ok\xff"[..], "f.txt").unwrap_err();
        assert!(err.message().contains("not valid UTF-8"), "{err}");
    }

    #[test]
    fn invalid_utf8_names_its_source() {
        let err = utf8(vec![b'o', b'k', 0xff], "stdin").unwrap_err();
        assert_eq!(err.exit(), Exit::BadInput);
        assert!(
            err.to_string()
                .contains("stdin is not valid UTF-8 (the first bad byte is at offset 2)"),
            "{err}"
        );
    }
}
