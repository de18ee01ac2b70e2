//! Subtitles for a video, checked before anything is sent: the language, a two-letter code
//! (ISO 639-1, which X's BCP 47 `language_code` takes in capitals: `EN`), and the file, UTF-8
//! text that is SubRip (SRT) or WebVTT by its content, not its name. Pure but the file read.
//!
//! X documents no size limit for subtitle files. xpost takes up to 1 MiB, far more than the
//! dialogue of any video X takes, and exactly what goes up in one segment of the chunked
//! upload (initialize, one append, finalize): three requests per file, then one to attach it.

use std::io::Read;
use std::path::PathBuf;

use serde::Serialize;

use crate::error::{Cause, Error, Result};
use crate::sanitize::{quoted, visible};

/// The largest subtitle file xpost uploads: 1 MiB, one segment of the chunked upload.
pub const MAX_BYTES: u64 = 1024 * 1024;

/// A subtitle track's language, as X takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Language {
    /// The ISO 639-1 code in capitals, X's `language_code` (`EN`).
    pub code: String,
    /// The language's English name, X's `display_name` (`English`), which players show.
    pub name: String,
}

/// Reads a language code: two ASCII letters, in any case, naming an ISO 639-1 language.
pub fn language(text: &str) -> std::result::Result<Language, String> {
    if text.len() != 2 || !text.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(format!(
            "{} is not a language code: write two letters, e.g. en, fr or ja",
            quoted(text)
        ));
    }
    let lower = text.to_ascii_lowercase();
    let Ok(at) = LANGUAGES.binary_search_by_key(&lower.as_str(), |(code, _)| code) else {
        return Err(format!(
            "{} is no language's two-letter code (ISO 639-1), e.g. en, es, pt or zh",
            quoted(text)
        ));
    };
    Ok(Language {
        code: lower.to_ascii_uppercase(),
        name: LANGUAGES[at].1.to_owned(),
    })
}

/// Every ISO 639-1 code, in order, with the language's English name (as ISO 639-3 gives it).
/// The standard has not changed since 2005; a test holds it to the `isolang` crate's tables,
/// which cost the binary 450 KB for the 7,900 languages of ISO 639-3 when built in.
const LANGUAGES: [(&str, &str); 184] = [
    ("aa", "Afar"),
    ("ab", "Abkhazian"),
    ("ae", "Avestan"),
    ("af", "Afrikaans"),
    ("ak", "Akan"),
    ("am", "Amharic"),
    ("an", "Aragonese"),
    ("ar", "Arabic"),
    ("as", "Assamese"),
    ("av", "Avaric"),
    ("ay", "Aymara"),
    ("az", "Azerbaijani"),
    ("ba", "Bashkir"),
    ("be", "Belarusian"),
    ("bg", "Bulgarian"),
    ("bi", "Bislama"),
    ("bm", "Bambara"),
    ("bn", "Bengali"),
    ("bo", "Tibetan"),
    ("br", "Breton"),
    ("bs", "Bosnian"),
    ("ca", "Catalan"),
    ("ce", "Chechen"),
    ("ch", "Chamorro"),
    ("co", "Corsican"),
    ("cr", "Cree"),
    ("cs", "Czech"),
    ("cu", "Church Slavic"),
    ("cv", "Chuvash"),
    ("cy", "Welsh"),
    ("da", "Danish"),
    ("de", "German"),
    ("dv", "Dhivehi"),
    ("dz", "Dzongkha"),
    ("ee", "Ewe"),
    ("el", "Modern Greek"),
    ("en", "English"),
    ("eo", "Esperanto"),
    ("es", "Spanish"),
    ("et", "Estonian"),
    ("eu", "Basque"),
    ("fa", "Persian"),
    ("ff", "Fulah"),
    ("fi", "Finnish"),
    ("fj", "Fijian"),
    ("fo", "Faroese"),
    ("fr", "French"),
    ("fy", "Western Frisian"),
    ("ga", "Irish"),
    ("gd", "Scottish Gaelic"),
    ("gl", "Galician"),
    ("gn", "Guarani"),
    ("gu", "Gujarati"),
    ("gv", "Manx"),
    ("ha", "Hausa"),
    ("he", "Hebrew"),
    ("hi", "Hindi"),
    ("ho", "Hiri Motu"),
    ("hr", "Croatian"),
    ("ht", "Haitian"),
    ("hu", "Hungarian"),
    ("hy", "Armenian"),
    ("hz", "Herero"),
    ("ia", "Interlingua"),
    ("id", "Indonesian"),
    ("ie", "Interlingue"),
    ("ig", "Igbo"),
    ("ii", "Sichuan Yi"),
    ("ik", "Inupiaq"),
    ("io", "Ido"),
    ("is", "Icelandic"),
    ("it", "Italian"),
    ("iu", "Inuktitut"),
    ("ja", "Japanese"),
    ("jv", "Javanese"),
    ("ka", "Georgian"),
    ("kg", "Kongo"),
    ("ki", "Kikuyu"),
    ("kj", "Kuanyama"),
    ("kk", "Kazakh"),
    ("kl", "Kalaallisut"),
    ("km", "Khmer"),
    ("kn", "Kannada"),
    ("ko", "Korean"),
    ("kr", "Kanuri"),
    ("ks", "Kashmiri"),
    ("ku", "Kurdish"),
    ("kv", "Komi"),
    ("kw", "Cornish"),
    ("ky", "Kirghiz"),
    ("la", "Latin"),
    ("lb", "Luxembourgish"),
    ("lg", "Ganda"),
    ("li", "Limburgan"),
    ("ln", "Lingala"),
    ("lo", "Lao"),
    ("lt", "Lithuanian"),
    ("lu", "Luba-Katanga"),
    ("lv", "Latvian"),
    ("mg", "Malagasy"),
    ("mh", "Marshallese"),
    ("mi", "Maori"),
    ("mk", "Macedonian"),
    ("ml", "Malayalam"),
    ("mn", "Mongolian"),
    ("mr", "Marathi"),
    ("ms", "Malay"),
    ("mt", "Maltese"),
    ("my", "Burmese"),
    ("na", "Nauru"),
    ("nb", "Norwegian Bokmål"),
    ("nd", "North Ndebele"),
    ("ne", "Nepali"),
    ("ng", "Ndonga"),
    ("nl", "Dutch"),
    ("nn", "Norwegian Nynorsk"),
    ("no", "Norwegian"),
    ("nr", "South Ndebele"),
    ("nv", "Navajo"),
    ("ny", "Nyanja"),
    ("oc", "Occitan"),
    ("oj", "Ojibwa"),
    ("om", "Oromo"),
    ("or", "Oriya"),
    ("os", "Ossetian"),
    ("pa", "Panjabi"),
    ("pi", "Pali"),
    ("pl", "Polish"),
    ("ps", "Pushto"),
    ("pt", "Portuguese"),
    ("qu", "Quechua"),
    ("rm", "Romansh"),
    ("rn", "Rundi"),
    ("ro", "Romanian"),
    ("ru", "Russian"),
    ("rw", "Kinyarwanda"),
    ("sa", "Sanskrit"),
    ("sc", "Sardinian"),
    ("sd", "Sindhi"),
    ("se", "Northern Sami"),
    ("sg", "Sango"),
    ("sh", "Serbo-Croatian"),
    ("si", "Sinhala"),
    ("sk", "Slovak"),
    ("sl", "Slovenian"),
    ("sm", "Samoan"),
    ("sn", "Shona"),
    ("so", "Somali"),
    ("sq", "Albanian"),
    ("sr", "Serbian"),
    ("ss", "Swati"),
    ("st", "Southern Sotho"),
    ("su", "Sundanese"),
    ("sv", "Swedish"),
    ("sw", "Swahili"),
    ("ta", "Tamil"),
    ("te", "Telugu"),
    ("tg", "Tajik"),
    ("th", "Thai"),
    ("ti", "Tigrinya"),
    ("tk", "Turkmen"),
    ("tl", "Tagalog"),
    ("tn", "Tswana"),
    ("to", "Tonga"),
    ("tr", "Turkish"),
    ("ts", "Tsonga"),
    ("tt", "Tatar"),
    ("tw", "Twi"),
    ("ty", "Tahitian"),
    ("ug", "Uighur"),
    ("uk", "Ukrainian"),
    ("ur", "Urdu"),
    ("uz", "Uzbek"),
    ("ve", "Venda"),
    ("vi", "Vietnamese"),
    ("vo", "Volapük"),
    ("wa", "Walloon"),
    ("wo", "Wolof"),
    ("xh", "Xhosa"),
    ("yi", "Yiddish"),
    ("yo", "Yoruba"),
    ("za", "Zhuang"),
    ("zh", "Chinese"),
    ("zu", "Zulu"),
];

/// The formats X takes for subtitles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Format {
    /// SubRip: numbered cues, `00:00:01,000 --> 00:00:02,500`.
    #[serde(rename = "text/srt")]
    Srt,
    /// WebVTT: a `WEBVTT` header, cues timed `00:01.000 --> 00:02.500`.
    #[serde(rename = "text/vtt")]
    WebVtt,
}

impl Format {
    /// The media type X's upload takes for it.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Srt => "text/srt",
            Format::WebVtt => "text/vtt",
        }
    }
}

/// Subtitles named on the command line, before checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubtitleItem {
    /// Their language.
    pub language: Language,
    /// Where the file is.
    pub path: PathBuf,
}

/// Subtitles that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubtitleFile {
    /// Their language.
    pub language: Language,
    /// Where the file is.
    pub path: PathBuf,
    /// SRT or WebVTT, found from the content.
    pub format: Format,
    /// The size in bytes.
    pub size: u64,
}

/// Checks a subtitle file: there, at most [`MAX_BYTES`], UTF-8, and SRT or WebVTT.
pub fn check(item: &SubtitleItem) -> Result<SubtitleFile> {
    let shown = visible(&item.path.display().to_string());
    let metadata = std::fs::metadata(&item.path).map_err(|err| {
        let message = match err.kind() {
            std::io::ErrorKind::NotFound => format!("{shown}: no such file"),
            std::io::ErrorKind::PermissionDenied => format!("{shown}: permission denied"),
            _ => format!("{shown}: cannot read it ({err})"),
        };
        Error::new(Cause::NoInput, message).hint("check the path of the subtitle file")
    })?;
    if !metadata.is_file() {
        return Err(Error::new(Cause::NoInput, format!("{shown} is not a file"))
            .hint("give the path of an SRT or WebVTT file"));
    }
    let size = metadata.len();
    if size > MAX_BYTES {
        return Err(Error::bad_input(format!(
            "the subtitle file {shown} is {size} bytes; xpost takes subtitle files up to 1 MiB ({MAX_BYTES} bytes)"
        ))
        .hint("check that it is the right file: subtitles for a video X takes are far smaller"));
    }
    // Read no more than the limit allows, even if the file grew since it was measured.
    let mut bytes = Vec::new();
    std::fs::File::open(&item.path)
        .and_then(|file| file.take(MAX_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|err| Error::new(Cause::NoInput, format!("{shown}: cannot read it ({err})")))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Error::bad_input(format!(
            "the subtitle file {shown} grew past 1 MiB while xpost read it"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|err| {
        Error::bad_input(format!(
            "the subtitle file {shown} is not valid UTF-8 (the first bad byte is at offset {})",
            err.utf8_error().valid_up_to()
        ))
        .hint("save it as UTF-8")
    })?;
    let format = format_of(&text).map_err(|why| {
        Error::bad_input(format!("the subtitle file {shown} {why}"))
            .hint("X takes SubRip (.srt) and WebVTT (.vtt) subtitles")
    })?;
    Ok(SubtitleFile {
        language: item.language.clone(),
        path: item.path.clone(),
        format,
        size,
    })
}

/// Whether `text` is SRT or WebVTT, with every cue's timing readable; `Err` says, after the
/// file's name, what is wrong and on which line.
pub fn format_of(text: &str) -> std::result::Result<Format, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    if let Some(rest) = lines[0].strip_prefix("WEBVTT")
        && (rest.is_empty() || rest.starts_with([' ', '\t']))
    {
        webvtt(&lines)?;
        return Ok(Format::WebVtt);
    }
    let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return Err("is empty".into());
    };
    let starts_as_srt =
        lines[first].trim().bytes().all(|b| b.is_ascii_digit()) || lines[first].contains("-->");
    if !starts_as_srt {
        // The line is named, never quoted: a file named as subtitles (in a thread file from
        // a pull request, say) may be one that holds a secret, such as .env.
        return Err(format!(
            "is neither SubRip (SRT) nor WebVTT: line {} is neither a cue's number nor its timing, and the file does not start with WEBVTT",
            first + 1
        ));
    }
    srt(&lines)?;
    Ok(Format::Srt)
}

/// Checks SRT cues: blocks separated by blank lines, each a number, a timing line and text.
fn srt(lines: &[&str]) -> std::result::Result<(), String> {
    let mut cues = 0;
    let mut at = 0;
    while at < lines.len() {
        if lines[at].trim().is_empty() {
            at += 1;
            continue;
        }
        // A block: its number, then its timing (some writers leave the number out).
        let mut timing = at;
        if lines[at].trim().bytes().all(|b| b.is_ascii_digit()) {
            timing = at + 1;
        }
        let line = lines.get(timing).copied().unwrap_or("");
        cue_timing(line, b',')
            .map_err(|why| format!("is not valid SubRip (SRT): line {}: {why}", timing + 1))?;
        cues += 1;
        at = timing + 1;
        while at < lines.len() && !lines[at].trim().is_empty() {
            if lines[at].contains("-->") {
                return Err(format!(
                    "is not valid SubRip (SRT): line {}: a timing line inside a cue's text (a blank line must end each cue)",
                    at + 1
                ));
            }
            at += 1;
        }
    }
    if cues == 0 {
        return Err("is not valid SubRip (SRT): it has no cues".into());
    }
    Ok(())
}

/// Checks WebVTT cues: every line with `-->` is a cue's timing (WebVTT allows it nowhere else).
fn webvtt(lines: &[&str]) -> std::result::Result<(), String> {
    let mut cues = 0;
    for (i, line) in lines.iter().enumerate().skip(1) {
        if line.contains("-->") {
            cue_timing(line, b'.')
                .map_err(|why| format!("is not valid WebVTT: line {}: {why}", i + 1))?;
            cues += 1;
        }
    }
    if cues == 0 {
        return Err("is not valid WebVTT: it has no cues".into());
    }
    Ok(())
}

/// Reads `start --> end` (settings may follow the end), each time with `separator` before its
/// milliseconds; the start may not come after the end.
fn cue_timing(line: &str, separator: u8) -> std::result::Result<(), String> {
    let example = if separator == b',' {
        "00:00:01,000 --> 00:00:02,500"
    } else {
        "00:00:01.000 --> 00:00:02.500"
    };
    let expected = || format!("expected a cue's timing like {example}");
    let (start, rest) = line.split_once("-->").ok_or_else(expected)?;
    let end = rest.split_whitespace().next().unwrap_or("");
    let start = timestamp(start.trim(), separator).ok_or_else(expected)?;
    let end = timestamp(end, separator).ok_or_else(expected)?;
    if start > end {
        return Err("the cue ends before it starts".to_owned());
    }
    Ok(())
}

/// Milliseconds of `[hh:]mm:ss<separator>mmm` (hours of any number of digits, minutes and
/// seconds of two, below 60).
fn timestamp(text: &str, separator: u8) -> Option<u64> {
    let (clock, millis) = text.split_once(char::from(separator))?;
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| -> Option<u64> {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let millis = digits(millis, 3..=3)?;
    let parts: Vec<&str> = clock.split(':').collect();
    let (hours, minutes, seconds) = match parts.as_slice() {
        [h, m, s] => (digits(h, 1..=9)?, digits(m, 2..=2)?, digits(s, 2..=2)?),
        // WebVTT may leave the hours out.
        [m, s] if separator == b'.' => (0, digits(m, 2..=2)?, digits(s, 2..=2)?),
        _ => return None,
    };
    if minutes > 59 || seconds > 59 {
        return None;
    }
    Some(((hours * 60 + minutes) * 60 + seconds) * 1000 + millis)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;

    const SRT: &str = "1\n00:00:01,000 --> 00:00:02,500\nHello there.\n\n2\n00:00:03,000 --> 00:00:04,000\nTwo lines\nof text.\n";
    const VTT: &str = "WEBVTT - a title\n\nNOTE a comment\n\n00:01.000 --> 00:02.500 line:0\nHello.\n\nintro\n01:00:03.000 --> 01:00:04.000\n<v Bob>Hi\n";

    #[test]
    fn languages_are_iso_639_1_codes_sent_in_capitals() {
        assert_eq!(
            language("en").unwrap(),
            Language {
                code: "EN".into(),
                name: "English".into()
            }
        );
        assert_eq!(language("Ja").unwrap().code, "JA");
        assert_eq!(language("ja").unwrap().name, "Japanese");
        assert_eq!(language("PT").unwrap().name, "Portuguese");
        for bad in ["", "e", "eng", "e1", "é", "zz", "qq", " en"] {
            assert!(language(bad).is_err(), "{bad:?}");
        }
        assert!(language("zz").unwrap_err().contains("ISO 639-1"));
        assert!(language("eng").unwrap_err().contains("two letters"));
    }

    #[test]
    fn the_table_is_iso_639_1_as_isolang_has_it() {
        for a in b'a'..=b'z' {
            for b in b'a'..=b'z' {
                let code = String::from_utf8(vec![a, b]).unwrap();
                let ours = language(&code).ok().map(|l| l.name);
                let theirs = isolang::Language::from_639_1(&code).map(|l| l.to_name().to_owned());
                assert_eq!(ours, theirs, "{code}");
            }
        }
        assert!(
            LANGUAGES.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted, for the search"
        );
    }

    #[test]
    fn srt_and_webvtt_are_told_by_their_content() {
        assert_eq!(format_of(SRT), Ok(Format::Srt));
        assert_eq!(format_of(&SRT.replace('\n', "\r\n")), Ok(Format::Srt));
        assert_eq!(format_of(&format!("\u{feff}{SRT}")), Ok(Format::Srt));
        assert_eq!(format_of(VTT), Ok(Format::WebVtt));
        assert_eq!(
            format_of("WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\nhi\r\n"),
            Ok(Format::WebVtt)
        );
        // Numbers left out, as some writers do; extra blank lines.
        assert_eq!(
            format_of("\n\n00:00:01,000 --> 00:00:02,000 X1:10\nhi\n\n\n"),
            Ok(Format::Srt)
        );
        assert_eq!(Format::Srt.mime(), "text/srt");
        assert_eq!(Format::WebVtt.mime(), "text/vtt");
    }

    #[test]
    fn anything_else_is_refused_saying_where() {
        let err = |text: &str| format_of(text).unwrap_err();
        assert_eq!(err(""), "is empty");
        assert_eq!(err("\n \n"), "is empty");
        assert!(
            err("[Script Info]\nTitle: x\n").starts_with("is neither SubRip (SRT) nor WebVTT"),
            "{}",
            err("[Script Info]")
        );
        assert!(err("WEBVTTX\n").contains("neither"));
        let e = err("1\n00:00:01.000 --> 00:00:02.000\nhi\n");
        assert!(
            e.contains("line 2: expected a cue's timing like 00:00:01,000"),
            "{e}"
        );
        let e = err("1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\nno timing\n");
        assert!(e.contains("line 6"), "{e}");
        let e = err("1\n00:00:03,000 --> 00:00:02,000\nhi\n");
        assert!(e.contains("ends before it starts"), "{e}");
        let e = err("1\n00:00:01,000 --> 00:00:02,000\nhi\n00:00:03,000 --> 00:00:04,000\n");
        assert!(e.contains("line 4: a timing line inside"), "{e}");
        let e = err("1\n00:61:01,000 --> 00:62:02,000\nhi\n");
        assert!(e.contains("line 2"), "{e}");
        assert!(err("WEBVTT\n\nhello\n").contains("no cues"));
        let e = err("WEBVTT\n\n00:01,000 --> 00:02,000\nhi\n");
        assert!(e.contains("not valid WebVTT: line 3"), "{e}");
        // What comes from the file is shown harmless.
        let e = err("\u{1b}[2J text\n");
        assert!(!e.contains('\u{1b}'), "{e}");
    }

    #[test]
    fn timestamps() {
        assert_eq!(timestamp("00:00:01,500", b','), Some(1500));
        assert_eq!(timestamp("01:02:03,004", b','), Some(3_723_004));
        assert_eq!(timestamp("123:00:00,000", b','), Some(442_800_000));
        assert_eq!(timestamp("02:03.004", b'.'), Some(123_004));
        assert_eq!(timestamp("02:03,004", b','), None);
        assert_eq!(timestamp("00:00:01,50", b','), None);
        assert_eq!(timestamp("00:60:00,000", b','), None);
        assert_eq!(timestamp("00:00:01.000", b','), None);
        assert_eq!(timestamp("", b'.'), None);
    }

    #[test]
    fn files_are_checked_before_anything_is_sent() {
        let dir = tempfile::tempdir().unwrap();
        let item = |name: &str| SubtitleItem {
            language: language("en").unwrap(),
            path: dir.path().join(name),
        };
        std::fs::write(dir.path().join("en.srt"), SRT).unwrap();
        let file = check(&item("en.srt")).unwrap();
        assert_eq!((file.format, file.size), (Format::Srt, SRT.len() as u64));
        assert_eq!(check(&item("none.srt")).unwrap_err().exit(), Exit::NoInput);
        std::fs::write(
            dir.path().join("latin1.srt"),
            b"1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9\n",
        )
        .unwrap();
        let err = check(&item("latin1.srt")).unwrap_err();
        assert_eq!(err.exit(), Exit::BadInput);
        assert!(
            err.message()
                .contains("not valid UTF-8 (the first bad byte is at offset 35)"),
            "{err}"
        );
        let mut big = SRT.as_bytes().to_vec();
        big.resize(MAX_BYTES as usize + 1, b'\n');
        std::fs::write(dir.path().join("big.srt"), &big).unwrap();
        let err = check(&item("big.srt")).unwrap_err();
        assert_eq!(err.exit(), Exit::BadInput);
        assert!(err.message().contains("up to 1 MiB"), "{err}");
        big.truncate(MAX_BYTES as usize);
        std::fs::write(dir.path().join("limit.srt"), &big).unwrap();
        assert!(check(&item("limit.srt")).is_ok());
        std::fs::write(dir.path().join("movie.srt"), b"\x00\x00\x00\x18ftypmp42").unwrap();
        assert_eq!(
            check(&item("movie.srt")).unwrap_err().exit(),
            Exit::BadInput
        );
        assert_eq!(check(&item("")).unwrap_err().exit(), Exit::NoInput);
    }
}
