//! Property-based fuzz tests of everything in xpost that reads input it does not control:
//! OAuth callbacks (parsed, pasted, and raw bytes at the loopback listener), every answer
//! from X, the token store, post text, thread files, post ids, media headers and `-vv` traces;
//! and the sandbox, under whatever a script under test sends it.
//!
//! `cargo test` runs a modest number of cases per property (this binary takes seconds). To fuzz
//! for longer, set the case count for every property at once, e.g. (several minutes):
//!
//! ```text
//! PROPTEST_CASES=100000 cargo test --release --test properties
//! ```
//!
//! Release builds wrap on integer overflow instead of panicking; add
//! `CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS=true` to catch overflows as `cargo test` does.
//!
//! A failure prints the minimal input proptest shrank it to; keep it as a plain `#[test]` below
//! once the bug it shows is fixed. No regression files are written.

use std::path::Path;
use std::time::Duration;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use url::Url;

use xpost::auth::callback::{Callback, Listener, looks_like_a_code, parse_callback, parse_pasted};
use xpost::error::Exit;
use xpost::problem::error_text;
use xpost::sanitize::{MAX_CHARS, outside};
use xpost::x::answer::{AuthKind, Operation, PostShape, failure, read_answer};

/// `default` cases, or `PROPTEST_CASES` when it is set. No regression files in the tree.
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Shared strategies
// ---------------------------------------------------------------------------------------------

/// Any string: arbitrary Unicode, or arbitrary bytes read lossily.
fn any_text() -> BoxedStrategy<String> {
    prop_oneof![
        any::<String>(),
        vec(any::<u8>(), 0..256).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
    .boxed()
}

/// The bidirectional formatting characters, which reorder what a terminal shows.
fn is_bidi_format(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether text is safe on a terminal: one line, no control character, no bidirectional
/// override.
fn safe_to_show(text: &str) -> bool {
    !text
        .chars()
        .any(|c| c.is_control() || is_bidi_format(c) || c == '\u{2028}' || c == '\u{2029}')
}

/// Text as a hostile server would write it: escapes, breaks, C1 controls and bidirectional
/// overrides among ordinary characters, sometimes far over the limit.
fn terminal_text() -> BoxedStrategy<String> {
    let hostile = prop_oneof![
        (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap()),
        (0x7fu32..0xa0).prop_map(|c| char::from_u32(c).unwrap()),
        prop::sample::select(vec![
            '\u{202e}', '\u{2066}', '\u{200f}', '\u{061c}', '\u{2028}', '\u{2029}', '\u{1b}'
        ]),
    ];
    let char = prop_oneof![3 => any::<char>(), 1 => hostile];
    prop_oneof![
        any_text(),
        vec(char.clone(), 0..64).prop_map(|c| c.into_iter().collect()),
        vec(char, 900..1100).prop_map(|c| c.into_iter().collect()),
    ]
    .boxed()
}

/// A string `url::form_urlencoded` leaves as it is, like X's states and codes.
fn token() -> BoxedStrategy<String> {
    "[A-Za-z0-9_.~-]{1,48}".boxed()
}

/// Strings as X puts them in JSON: ids, states, words, and anything at all.
fn json_string() -> BoxedStrategy<String> {
    prop_oneof![
        Just(String::new()),
        Just(" ".to_owned()),
        prop::sample::select(vec![
            "pending",
            "in_progress",
            "succeeded",
            "failed",
            "Forbidden",
            "Unauthorized",
            "Too Many Requests",
            "about:blank",
            "You are not allowed to create a Tweet with duplicate content.",
            "Could not authenticate you",
            "Missing scope tweet.write",
            "client-not-enrolled",
            "invalid_request",
            "access_denied",
        ])
        .prop_map(str::to_owned),
        "[0-9]{1,25}",
        any::<String>(),
    ]
    .boxed()
}

/// The keys X's answers (and errors) use, and a few others.
fn x_key() -> BoxedStrategy<String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "data",
            "id",
            "text",
            "errors",
            "error",
            "error_description",
            "detail",
            "title",
            "type",
            "status",
            "message",
            "code",
            "name",
            "username",
            "processing_info",
            "state",
            "check_after_secs",
            "progress_percent",
            "media_id",
            "media_id_string",
            "media_key",
            "expires_after_secs",
        ])
        .prop_map(str::to_owned),
        1 => any::<String>(),
    ]
    .boxed()
}

fn json_leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        json_string().prop_map(Value::String),
    ]
    .boxed()
}

/// Any JSON, with X's keys in its objects.
fn json_value() -> BoxedStrategy<Value> {
    json_leaf()
        .prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                vec(inner.clone(), 0..6).prop_map(Value::Array),
                vec((x_key(), inner), 0..6)
                    .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
            ]
        })
        .boxed()
}

/// An object holding the fields that are present.
fn object(fields: Vec<(&str, Option<Value>)>) -> Value {
    Value::Object(
        fields
            .into_iter()
            .filter_map(|(k, v)| Some((k.to_owned(), v?)))
            .collect(),
    )
}

/// An id: mostly a numeric string, sometimes the wrong type.
fn id_value() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => "[0-9]{1,20}".prop_map(Value::String),
        1 => json_leaf(),
    ]
    .boxed()
}

fn string_or_not() -> BoxedStrategy<Value> {
    prop_oneof![3 => json_string().prop_map(Value::String), 1 => json_leaf()].boxed()
}

fn processing() -> BoxedStrategy<Value> {
    (
        prop::option::of(string_or_not()),
        prop::option::of(prop_oneof![any::<u64>().prop_map(Value::from), json_leaf()]),
        prop::option::of(prop_oneof![(0u64..=100).prop_map(Value::from), json_leaf()]),
        prop::option::of(prop_oneof![
            (
                prop::option::of(string_or_not()),
                prop::option::of(string_or_not())
            )
                .prop_map(|(m, n)| object(vec![("message", m), ("name", n)])),
            json_leaf(),
        ]),
    )
        .prop_map(|(state, after, pct, err)| {
            object(vec![
                ("state", state),
                ("check_after_secs", after),
                ("progress_percent", pct),
                ("error", err),
            ])
        })
        .boxed()
}

/// JSON in the shapes X answers with: posts, users, uploads, statuses and every error shape,
/// with fields missing or of the wrong type now and then.
fn x_shaped() -> BoxedStrategy<Value> {
    use prop::option::of as opt;
    prop_oneof![
        (opt(id_value()), opt(string_or_not()))
            .prop_map(|(id, text)| json!({"data": object(vec![("id", id), ("text", text)])})),
        (opt(id_value()), opt(string_or_not()), opt(string_or_not())).prop_map(
            |(id, username, name)| json!({"data": object(vec![("id", id), ("username", username), ("name", name)])})
        ),
        (opt(id_value()), opt(processing())).prop_map(|(id, p)| {
            json!({"data": object(vec![("id", id), ("processing_info", p)])})
        }),
        opt(id_value()).prop_map(|id| object(vec![("media_id_string", id)])),
        opt(processing()).prop_map(|p| json!({"data": object(vec![("processing_info", p)])})),
        (
            opt(string_or_not()),
            opt(string_or_not()),
            opt(string_or_not()),
            opt(json_leaf())
        )
            .prop_map(|(title, detail, kind, status)| object(vec![
                ("title", title),
                ("detail", detail),
                ("type", kind),
                ("status", status)
            ])),
        vec(
            (opt(string_or_not()), opt(json_leaf()), opt(string_or_not()))
                .prop_map(|(m, c, d)| object(vec![("message", m), ("code", c), ("detail", d)])),
            0..4
        )
        .prop_map(|errors| json!({ "errors": errors })),
        (opt(string_or_not()), opt(string_or_not())).prop_map(|(e, d)| object(vec![
            ("error", e),
            ("error_description", d)
        ])),
        json_value(),
    ].boxed()
}

/// A body from X: its JSON, cut short JSON, random bytes, HTML, or nothing.
fn x_body() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        6 => x_shaped().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        1 => (x_shaped(), any::<Index>()).prop_map(|(v, cut)| {
            let mut bytes = serde_json::to_vec(&v).unwrap();
            bytes.truncate(cut.index(bytes.len() + 1));
            bytes
        }),
        1 => vec(any::<u8>(), 0..512),
        1 => Just(Vec::new()),
        1 => Just(b"<html><body>Over capacity</body></html>".to_vec()),
    ]
    .boxed()
}

/// Numbers as headers carry them, including the ones that overflow sums.
fn number_text() -> BoxedStrategy<String> {
    prop_oneof![
        any::<u64>().prop_map(|n| n.to_string()),
        (0u64..100_000).prop_map(|n| n.to_string()),
        (1_600_000_000u64..2_000_000_000).prop_map(|n| n.to_string()),
        (0u64..10_000).prop_map(|n| (u64::MAX - n).to_string()),
        prop::sample::select(vec![
            "",
            " 30 ",
            "-1",
            "1.5",
            "1e3",
            "0x10",
            "18446744073709551616",
            "99999999999999999999999999",
            "Wed, 21 Oct 2015 07:28:00 GMT",
        ])
        .prop_map(str::to_owned),
    ]
    .boxed()
}

/// Headers of an answer: X's rate-limit headers with any values, and others.
fn headers() -> BoxedStrategy<HeaderMap> {
    let name = prop_oneof![
        4 => prop::sample::select(vec![
            "x-rate-limit-reset",
            "retry-after",
            "x-rate-limit-remaining",
            "x-rate-limit-limit",
            "content-type",
        ])
        .prop_map(str::to_owned),
        1 => "[a-z][a-z0-9-]{0,20}",
    ];
    let value = prop_oneof![
        4 => number_text().prop_map(String::into_bytes),
        1 => vec(any::<u8>(), 0..40),
    ];
    vec((name, value), 0..6)
        .prop_map(|pairs| {
            let mut map = HeaderMap::new();
            for (name, value) in pairs {
                if let (Ok(name), Ok(value)) = (
                    HeaderName::from_bytes(name.as_bytes()),
                    HeaderValue::from_bytes(&value),
                ) {
                    map.append(name, value);
                }
            }
            map
        })
        .boxed()
}

fn operation() -> BoxedStrategy<Operation> {
    prop::sample::select(vec![
        Operation::PLAIN_POST,
        Operation::Post(PostShape {
            reply: true,
            quote: false,
            ..PostShape::default()
        }),
        Operation::Post(PostShape {
            reply: false,
            quote: true,
            ..PostShape::default()
        }),
        Operation::Post(PostShape {
            edit: true,
            ..PostShape::default()
        }),
        Operation::Upload,
        Operation::AltText,
        Operation::Me,
        Operation::Delete,
        Operation::Lookup,
    ])
    .boxed()
}

fn auth_kind() -> BoxedStrategy<AuthKind> {
    prop::sample::select(vec![AuthKind::Bearer, AuthKind::OAuth1]).boxed()
}

/// A status X could send: mostly the ones that mean something, any valid one now and then.
fn status() -> BoxedStrategy<u16> {
    prop_oneof![
        2 => prop::sample::select(vec![
            200u16, 201, 202, 204, 400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 502, 503,
            504,
        ]),
        1 => 100u16..=599,
    ]
    .boxed()
}

/// The first value of `key` in a query, decoded, as xpost's parser and any browser read it.
fn first(query: &str, key: &str) -> Option<String> {
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// `key=value` pairs, encoded or not, joined into a query.
fn query_of(pairs: &[(String, String, bool)]) -> String {
    pairs
        .iter()
        .map(|(k, v, encode)| {
            if *encode {
                url::form_urlencoded::Serializer::new(String::new())
                    .append_pair(k, v)
                    .finish()
            } else {
                format!("{k}={v}")
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A query as a browser (or an attacker) might send it: callback keys, encoded and not,
/// repeated, percent-encoded key names, huge values.
fn callback_query(expected: String) -> BoxedStrategy<String> {
    let key = prop_oneof![
        prop::sample::select(vec![
            "code",
            "state",
            "error",
            "error_description",
            "st%61te",
            "co%64e",
            "state ",
            "STATE",
            "state[]",
            "",
        ])
        .prop_map(str::to_owned),
        "[a-z_]{1,12}",
    ];
    let value = prop_oneof![
        Just(expected),
        any::<String>(),
        token(),
        "(%[0-9A-Fa-f]{2}|%|[a-z+&=;#])*",
        (1usize..200_000).prop_map(|n| "a".repeat(n)),
    ];
    prop_oneof![
        vec((key, value, any::<bool>()), 0..8).prop_map(|pairs| query_of(&pairs)),
        any_text(),
    ]
    .boxed()
}

proptest! {
    #![proptest_config(config(256))]

    // -----------------------------------------------------------------------------------------
    // 1. Callback parsing
    // -----------------------------------------------------------------------------------------

    /// A code comes back only with the query's first `state` equal to the expected one, and
    /// it is the query's first `code`; a denial never carries another attempt's state.
    #[test]
    fn callback_code_only_with_the_first_state_matching(
        (expected, query) in any_text().prop_flat_map(|e| (Just(e.clone()), callback_query(e))),
    ) {
        match parse_callback(Some(&query), &expected) {
            Callback::Code(code) => {
                prop_assert_eq!(first(&query, "state"), Some(expected));
                prop_assert!(first(&query, "error").is_none());
                prop_assert!(!code.is_empty());
                prop_assert_eq!(Some(code), first(&query, "code"));
            }
            Callback::Denied { error, description } => {
                // A refusal without this attempt's state could come from anyone.
                prop_assert_eq!(first(&query, "state"), Some(expected));
                prop_assert_eq!(Some(error), first(&query, "error"));
                prop_assert_eq!(description, first(&query, "error_description"));
            }
            Callback::Invalid(why) => prop_assert!(!why.is_empty()),
        }
    }

    /// Any query (arbitrary text, lossy bytes) and any expected state: no panic.
    #[test]
    fn callback_parsing_never_panics(query in prop::option::of(any_text()), expected in any_text()) {
        let _ = parse_callback(query.as_deref(), &expected);
        if let Some(query) = &query {
            let _ = parse_pasted(query, &expected);
        }
    }

    /// `code=..&state=<expected>`, in either order, among other keys and followed by repeats,
    /// always gives that code.
    #[test]
    fn well_formed_callback_gives_its_code(
        code in any::<String>().prop_filter("a code", |c| !c.is_empty()),
        expected in any::<String>(),
        before in vec(("[a-z_]{1,10}", any::<String>()), 0..3),
        after in vec((prop::sample::select(vec!["code", "state", "other"]), any::<String>()), 0..3),
        state_first in any::<bool>(),
    ) {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &before {
            if !["code", "state", "error"].contains(&k.as_str()) {
                query.append_pair(k, v);
            }
        }
        if state_first {
            query.append_pair("state", &expected).append_pair("code", &code);
        } else {
            query.append_pair("code", &code).append_pair("state", &expected);
        }
        for (k, v) in &after {
            query.append_pair(k, v);
        }
        let query = query.finish();
        prop_assert_eq!(parse_callback(Some(&query), &expected), Callback::Code(code.clone()));

        // The same redirect pasted whole, with the whitespace a terminal adds.
        let pasted = format!("  http://127.0.0.1:5000/oauth/callback?{query}\r\n");
        prop_assert_eq!(parse_pasted(&pasted, &expected), Callback::Code(code.clone()));
        // Or just its query.
        prop_assert_eq!(parse_pasted(&format!("?{query}"), &expected), Callback::Code(code));
    }

    /// A state other than the expected one (or none) never gives a code, whatever follows it.
    #[test]
    fn wrong_or_missing_state_never_gives_a_code(
        expected in any::<String>(),
        wrong in prop::option::of(any::<String>()),
        before in vec(("[a-z_]{1,10}", any::<String>()), 0..3),
        after in vec((prop::sample::select(vec!["code", "state", "error"]), any::<String>()), 0..4),
        code in any::<String>(),
    ) {
        prop_assume!(wrong.as_ref() != Some(&expected));
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &before {
            if k != "state" {
                query.append_pair(k, v);
            }
        }
        query.append_pair("code", &code);
        match &wrong {
            Some(wrong) => {
                query.append_pair("state", wrong);
                for (k, v) in &after {
                    query.append_pair(k, v);
                }
            }
            // No state at all: keys after it must not bring one.
            None => {
                for (k, v) in after.iter().filter(|(k, _)| *k != "state") {
                    query.append_pair(k, v);
                }
            }
        }
        let query = query.finish();
        prop_assert!(!matches!(parse_callback(Some(&query), &expected), Callback::Code(_)));
        let pasted = format!("http://localhost:8080/oauth/callback?{query}");
        prop_assert!(!matches!(parse_pasted(&pasted, &expected), Callback::Code(_)));
    }

    /// Whatever is pasted, a code comes back only from a query whose first state matches, or
    /// from a bare code (no `=`, no whitespace, `/` or `?`; only the characters of a code, of a
    /// sane length), which is then the line itself.
    #[test]
    fn pasted_code_only_from_a_matching_state_or_a_bare_code(
        (expected, line) in any_text().prop_flat_map(|e| {
            let line = prop_oneof![
                any_text(),
                callback_query(e.clone()).prop_map(|q| format!("http://127.0.0.1:5000/oauth/callback?{q}")),
                callback_query(e.clone()).prop_map(|q| format!("/oauth/callback?{q}")),
                callback_query(e.clone()),
                token(),
            ];
            (Just(e), line)
        }),
    ) {
        if let Callback::Code(code) = parse_pasted(&line, &expected) {
            let line = line.trim();
            let query = match Url::parse(line) {
                Ok(url) => Some(url.query().unwrap_or("").to_owned()),
                Err(_) if line.contains('=') => {
                    Some(line.rsplit_once('?').map_or(line, |(_, q)| q).to_owned())
                }
                Err(_) => None,
            };
            match query {
                Some(query) => {
                    prop_assert_eq!(first(&query, "state"), Some(expected));
                    prop_assert_eq!(Some(code), first(&query, "code"));
                }
                None => {
                    prop_assert_eq!(code.as_str(), line);
                    prop_assert!(!line.is_empty());
                    prop_assert!(!line.chars().any(|c| c.is_whitespace() || c == '/' || c == '?'));
                    prop_assert!(looks_like_a_code(line), "{:?}", line);
                }
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // 3. Every answer from X
    // -----------------------------------------------------------------------------------------

    /// Any status, headers and body, for every operation and every type xpost reads: no panic,
    /// a message, and the exit code the contract says (a post whose outcome is unknown is
    /// "may have posted", never "not posted" or retryable; a 429 is "try later").
    #[test]
    fn every_answer_from_x_is_read_safely(
        op in operation(),
        auth in auth_kind(),
        status in status(),
        headers in headers(),
        body in x_body(),
    ) {
        check_answer::<xpost::x::tweets::CreateAnswer>(op, auth, status, &headers, &body)?;
        check_answer::<xpost::x::users::MeAnswer>(op, auth, status, &headers, &body)?;
        check_answer::<xpost::x::upload::Uploaded>(op, auth, status, &headers, &body)?;
        check_answer::<xpost::x::upload::StatusAnswer>(op, auth, status, &headers, &body)?;
        check_answer::<Value>(op, auth, status, &headers, &body)?;
    }

    /// X's words come out trimmed and non-empty, or not at all; `failure` takes anything.
    #[test]
    fn error_text_and_failure_never_panic(
        op in operation(),
        auth in auth_kind(),
        status in status(),
        headers in headers(),
        body in x_body(),
        now in prop_oneof![1_600_000_000u64..2_000_000_000, 0u64..100_000],
    ) {
        if let Some(text) = error_text(&body) {
            prop_assert!(!text.is_empty());
            prop_assert_eq!(text.trim(), text.as_str());
            prop_assert!(safe_to_show(&text), "{:?}", text);
            prop_assert!(text.chars().count() <= MAX_CHARS + 1);
        }
        let status = reqwest::StatusCode::from_u16(status).unwrap();
        let err = failure(op, auth, status, &headers, &body, now);
        prop_assert!(!err.message().trim().is_empty());
        prop_assert!(safe_to_show(err.message()), "{:?}", err.message());
        prop_assert!(err.message().chars().count() <= MAX_CHARS + 200, "{}", err.message());
        prop_assert_ne!(err.exit(), Exit::Ok);
        prop_assert_ne!(err.exit(), Exit::MaybePosted);
        if status.as_u16() == 429 {
            prop_assert_eq!(err.exit(), Exit::TryLater);
        }
    }

    // -----------------------------------------------------------------------------------------
    // 4. Other parsers
    // -----------------------------------------------------------------------------------------

    /// A store file xpost wrote (any field values, optional fields present or not; the tokens
    /// in it, or in the keyring; this version's or version 1's) reads back exactly.
    #[test]
    fn store_file_round_trips(
        file in store_file(),
        pretty in any::<bool>(),
    ) {
        let text = if pretty {
            serde_json::to_string_pretty(&file).unwrap()
        } else {
            serde_json::to_string(&file).unwrap()
        };
        let login = xpost::auth::store::parse(&text);
        prop_assert!(login.is_ok(), "{:?}", login.err());
        check_login(&text, &login.unwrap())?;
    }

    /// Any text, and store files with fields dropped, replaced or repeated: no panic, and a
    /// login read is what the text says.
    #[test]
    fn store_parse_takes_anything(text in prop_oneof![any_text(), mangled_store_file()]) {
        match xpost::auth::store::parse(&text) {
            Ok(login) => check_login(&text, &login)?,
            Err(why) => prop_assert!(!why.is_empty()),
        }
    }

    /// Thread files: no panic; one post per `---` line plus one; texts trimmed and non-empty;
    /// images under the thread file's directory.
    #[test]
    fn thread_files_split_on_separator_lines(
        content in prop_oneof![
            any_text(),
            vec(prop_oneof![
                3 => prop::sample::select(vec![
                    "---", " --- ", "---\r", "----", "- - -", "![alt](a.png)", "![](b.png)",
                    "  ![ x ]( c d.gif )  ", "![x]()", "![x](y", "](", "text", "#hashtag",
                    "", " ", "\r", "\u{2028}",
                ]).prop_map(str::to_owned),
                1 => any::<String>(),
            ], 0..40).prop_map(|lines| lines.join("\n")),
        ],
    ) {
        let base = Path::new("/threads/dir");
        // Only options after an image can be malformed.
        let drafts = match xpost::compose::thread::parse(&content, base) {
            Ok(drafts) => drafts,
            Err(err) => {
                prop_assert!(content.contains("){"), "{err}");
                return Ok(());
            }
        };
        let separators = content
            .lines()
            .filter(|l| l.strip_suffix('\r').unwrap_or(l).trim() == "---")
            .count();
        prop_assert_eq!(drafts.len(), separators + 1);
        for draft in &drafts {
            if let Some(text) = &draft.text {
                prop_assert!(!text.is_empty());
                prop_assert_eq!(text.trim(), text.as_str());
            }
            for item in &draft.media {
                prop_assert!(item.path.starts_with(base), "{:?}", item.path);
            }
        }
    }

    /// `--reply-to`: no panic; an id is 1 to 19 ASCII digits (X's pattern), and a status URL
    /// on x.com or twitter.com gives its id.
    #[test]
    fn post_ids_are_digits(
        reference in prop_oneof![
            any_text(),
            "[ \t]{0,2}[0-9]{1,25}[ \t]{0,2}",
            post_url(),
        ],
    ) {
        if let Ok(id) = xpost::compose::reference::post_id(&reference, "--reply-to") {
            prop_assert!(!id.is_empty() && id.len() <= 19, "{:?}", id);
            prop_assert!(id.bytes().all(|b| b.is_ascii_digit()), "{:?}", id);
        }
    }

    #[test]
    fn status_urls_give_their_id(
        scheme in prop::sample::select(vec!["http", "https", "HTTPS"]),
        host in prop::sample::select(vec!["x.com", "www.x.com", "twitter.com", "mobile.twitter.com", "X.COM"]),
        user in "[A-Za-z0-9_]{1,15}",
        id in "[0-9]{1,19}",
        tail in prop::sample::select(vec!["", "/", "?s=20", "#frag", "/photo/1", "?s=20&t=abc"]),
    ) {
        let url = format!("{scheme}://{host}/{user}/status/{id}{tail}");
        prop_assert_eq!(xpost::compose::reference::post_id(&url, "--reply-to").ok(), Some(id));
    }

    /// GIF headers: no panic, never more frames than asked for.
    #[test]
    fn gif_frames_never_panic(bytes in media_bytes()) {
        if let Ok(frames) = xpost::compose::media::gif_frames(&bytes[..], 2) {
            prop_assert!(frames <= 2);
        }
    }

    /// Media sniffing: no panic, and only the types X takes.
    #[test]
    fn media_type_never_panics(bytes in media_bytes()) {
        if let Some(mime) = xpost::compose::media::media_type(&bytes) {
            prop_assert!(
                ["image/jpeg", "image/png", "image/webp", "image/gif", "video/mp4", "video/quicktime"]
                    .contains(&mime),
                "{}",
                mime
            );
        }
    }

    /// Outside text as shown: never a control character or a bidirectional override, never
    /// more than the limit (and its `…`); text with none of them, within the limit, as it was;
    /// and made safe once is made safe for good.
    #[test]
    fn outside_text_is_safe_to_show(text in terminal_text()) {
        let shown = outside(&text);
        prop_assert!(safe_to_show(&shown), "{:?} -> {:?}", text, shown);
        prop_assert!(shown.chars().count() <= MAX_CHARS + 1);
        if safe_to_show(&text) && text.chars().count() <= MAX_CHARS {
            prop_assert_eq!(&shown, &text);
        }
        if shown.chars().count() <= MAX_CHARS {
            prop_assert_eq!(outside(&shown), shown);
        } else {
            prop_assert!(shown.ends_with('…'));
        }
    }

    /// `-vv` traces: any bytes give a line, never a panic.
    #[test]
    fn redacted_body_never_panics(body in prop_oneof![vec(any::<u8>(), 0..1024), x_body()]) {
        let shown = xpost::output::redacted_body(&body);
        prop_assert!(!shown.is_empty());
        prop_assert!(safe_to_show(&shown), "{:?}", shown);
        prop_assert!(shown.chars().count() <= MAX_CHARS + 1);
    }

    /// `-vv` traces: a string under any key naming a token or a secret (any case, any depth,
    /// repeated keys, escaped key names) never shows, raw or JSON-escaped.
    #[test]
    fn redacted_body_hides_tokens_and_secrets(body in body_with_secrets()) {
        let (text, secrets) = body;
        let shown = xpost::output::redacted_body(text.as_bytes());
        for secret in secrets.iter().filter(|s| s.chars().count() >= 8) {
            let escaped = serde_json::to_string(secret).unwrap();
            let escaped = &escaped[1..escaped.len() - 1];
            prop_assert!(
                !shown.contains(secret.as_str()) && !shown.contains(escaped),
                "{:?} shows in {}",
                secret,
                shown
            );
        }
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// Post text: no panic; `over_at` is set exactly when the weighted length is over 280, and
    /// it is a char boundary of the normalized text.
    #[test]
    fn text_count_is_consistent(text in post_text()) {
        let counted = xpost::compose::text::count(&text);
        prop_assert_eq!(counted.over_at.is_some(), counted.weighted_length > xpost::compose::text::LIMIT);
        if let Some(at) = counted.over_at {
            prop_assert!(at < counted.normalized.len(), "{} of {}", at, counted.normalized.len());
            prop_assert!(counted.normalized.is_char_boundary(at));
        }
        prop_assert_eq!(counted.is_valid(), counted.over_at.is_none() && counted.invalid.is_none());
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// `--split`: every post is within 280 by xpost's own count (its ` k/N` included), the
    /// posts give back the text (whitespace aside), and every cut falls on whitespace between
    /// grapheme clusters: never inside a URL, a mention, a hashtag, a cashtag or a grapheme
    /// cluster.
    #[test]
    fn split_posts_fit_and_cut_nothing(text in long_text(), number in any::<bool>()) {
        use unicode_segmentation::UnicodeSegmentation;
        let posts = match xpost::compose::split::split(&text, number) {
            Ok(posts) => posts,
            Err(err) => {
                prop_assert_eq!(err.exit(), Exit::BadInput);
                let longest = text
                    .split(|c: char| c.is_whitespace())
                    .map(xpost_text::weighted_length)
                    .max()
                    .unwrap_or(0);
                prop_assert!(longest > 270, "refused, yet its longest word weighs {}: {}", longest, err);
                return Ok(());
            }
        };
        let total = posts.len();
        let mut bodies = Vec::new();
        for (k, post) in posts.iter().enumerate() {
            prop_assert!(xpost::compose::text::count(post).weighted_length <= 280, "{:?}", post);
            // A text that fits is one post, unnumbered.
            let body = if number && total > 1 {
                let suffix = format!(" {}/{total}", k + 1);
                prop_assert!(post.ends_with(&suffix), "{:?}", post);
                &post[..post.len() - suffix.len()]
            } else {
                post.as_str()
            };
            bodies.push(body);
        }
        let bare = |s: &str| s.split_whitespace().collect::<String>();
        prop_assert_eq!(bare(&bodies.concat()), bare(&text));
        // Where each post lies in the text: every cut is a grapheme boundary between
        // whitespace, and no URL holds one.
        let boundaries: std::collections::HashSet<usize> =
            text.grapheme_indices(true).map(|(i, _)| i).chain([text.len()]).collect();
        let mut kept = xpost_text::urls(&text);
        // Mentions, hashtags and cashtags: the sign and the word characters after it.
        for (at, sign) in text.char_indices().filter(|(_, c)| matches!(c, '@' | '#' | '$')) {
            let start = at + sign.len_utf8();
            let len: usize = text[start..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .map(char::len_utf8)
                .sum();
            if len > 0 {
                kept.push(at..start + len);
            }
        }
        let mut at = 0;
        for body in bodies {
            let start = at + text[at..].find(body).expect("a post is a piece of the text");
            let end = start + body.len();
            for cut in [start, end] {
                prop_assert!(boundaries.contains(&cut), "cut at {} inside a grapheme", cut);
                let before = text[..cut].chars().next_back();
                let after = text[cut..].chars().next();
                prop_assert!(
                    before.is_none_or(char::is_whitespace) || after.is_none_or(char::is_whitespace),
                    "cut at {} inside a word: {:?}", cut, body
                );
                prop_assert!(
                    !kept.iter().any(|u| u.start < cut && cut < u.end),
                    "cut inside a URL, a mention, a hashtag or a cashtag at {}", cut
                );
            }
            at = end;
        }
    }
}

proptest! {
    #![proptest_config(config(32))]

    /// The loopback listener: arbitrary bytes and near-HTTP requests on fresh connections
    /// (some left open) never end the wait, never get the success page, and the real callback
    /// that follows always gives its code.
    #[test]
    fn listener_takes_the_real_callback_after_any_bytes(
        (state, code, junk) in "[A-Za-z0-9_-]{8,32}".prop_flat_map(|state| {
            (Just(state.clone()), token(), vec((junk_bytes(state), any::<bool>()), 1..5))
        }),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let (junk_answers, real_answer, outcome) =
            runtime.block_on(listener_round(state, code.clone(), junk));
        for answer in &junk_answers {
            prop_assert!(
                !answer.starts_with(b"HTTP/1.1 200"),
                "junk got the success page: {}",
                String::from_utf8_lossy(answer)
            );
        }
        let real_answer = String::from_utf8_lossy(&real_answer);
        prop_assert!(real_answer.starts_with("HTTP/1.1 200"), "{}", real_answer);
        match outcome {
            Ok(got) => prop_assert_eq!(got, code),
            Err(why) => {
                return Err(TestCaseError::fail(format!("the wait ended without the code: {why}")));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Reads one answer as `T` and checks what the contract promises.
fn check_answer<T: DeserializeOwned>(
    op: Operation,
    auth: AuthKind,
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), TestCaseError> {
    let success = (200..300).contains(&status);
    // A 204 has no body: it is read as JSON's `null` (X answers a deletion so).
    let read_as = if status == 204 && body.trim_ascii().is_empty() {
        &b"null"[..]
    } else {
        body
    };
    let decodes = serde_json::from_slice::<T>(read_as).is_ok();
    let type_name = std::any::type_name::<T>();
    match read_answer::<T>(op, auth, status, headers, body) {
        Ok(_) => {
            prop_assert!(success, "{} decoded from a {} answer", type_name, status);
            prop_assert!(decodes);
        }
        Err(err) => {
            prop_assert!(!err.message().trim().is_empty(), "an empty message");
            prop_assert_ne!(err.exit(), Exit::Ok);
            prop_assert!(!(success && decodes), "{}: {} {}", type_name, status, err);
            let unknown_outcome = success || (500..600).contains(&status);
            if op.is_post() {
                // X may have made the post: say so, and never anything that invites a resend.
                prop_assert_eq!(
                    err.exit() == Exit::MaybePosted,
                    unknown_outcome,
                    "{:?} {} as {}: {}",
                    op,
                    status,
                    type_name,
                    err
                );
            } else {
                prop_assert_ne!(err.exit(), Exit::MaybePosted);
                if (500..600).contains(&status) {
                    prop_assert_eq!(err.exit(), Exit::Unavailable);
                }
            }
            if status == 429 {
                prop_assert_eq!(err.exit(), Exit::TryLater);
            }
        }
    }
    Ok(())
}

/// Where a store file's tokens are: in it (version 1, before the keyring), in it (this
/// version), or in the keyring under an entry.
#[derive(Debug, Clone)]
enum Tokens {
    OldFile(String, Option<String>),
    File(String, Option<String>),
    Keyring(String, bool),
}

/// A store file as xpost writes it.
fn store_file() -> BoxedStrategy<Value> {
    let tokens = prop_oneof![
        (any::<String>(), prop::option::of(any::<String>()))
            .prop_map(|(a, r)| Tokens::OldFile(a, r)),
        (any::<String>(), prop::option::of(any::<String>())).prop_map(|(a, r)| Tokens::File(a, r)),
        (
            "(unknown-)?[0-9a-f]{1,20}@[a-z][a-z0-9]{0,15}(\\.[a-z]{1,8}){0,2}(:[1-9][0-9]{2,3})?/[0-9a-f]{16}",
            any::<bool>()
        )
            .prop_map(|(e, r)| Tokens::Keyring(e, r)),
    ];
    (
        any::<String>(),
        any::<String>(),
        tokens,
        any::<u64>(),
        vec(any::<String>(), 0..5),
        prop::option::of("[0-9]{1,20}"),
        prop::option::of(any::<String>()),
        any::<bool>(),
        prop::option::of(prop::sample::select(vec![
            "None",
            "Basic",
            "Premium",
            "PremiumPlus",
            "Gold",
            "",
        ])),
    )
        .prop_map(
            |(api_base, client_id, tokens, expires_at, scopes, user_id, username, nulls, sub)| {
                let optional = |v: Option<String>| match v {
                    Some(v) => Some(Value::String(v)),
                    None if nulls => Some(Value::Null),
                    None => None,
                };
                // A keyring entry belongs to the server the file names.
                let api_base = match &tokens {
                    Tokens::Keyring(entry, _) => {
                        let host = entry.split_once('@').unwrap().1.rsplit_once('/').unwrap().0;
                        format!("http://{host}/")
                    }
                    _ => api_base,
                };
                let version = match tokens {
                    Tokens::OldFile(..) => 1,
                    _ => xpost::auth::store::FORMAT_VERSION,
                };
                let mut fields = vec![
                    ("version", Some(json!(version))),
                    ("api_base", Some(json!(api_base))),
                    ("client_id", Some(json!(client_id))),
                ];
                match tokens {
                    Tokens::OldFile(access, refresh) => fields.extend([
                        ("access_token", Some(json!(access))),
                        ("refresh_token", optional(refresh)),
                    ]),
                    Tokens::File(access, refresh) => fields.extend([
                        ("secrets", Some(json!("file"))),
                        ("access_token", Some(json!(access))),
                        ("refresh_token", optional(refresh)),
                    ]),
                    Tokens::Keyring(entry, refreshable) => fields.extend([
                        ("secrets", Some(json!("keyring"))),
                        ("keyring_entry", Some(json!(entry))),
                        ("refreshable", Some(json!(refreshable))),
                    ]),
                }
                fields.extend([
                    ("expires_at", Some(json!(expires_at))),
                    ("scopes", Some(json!(scopes))),
                    ("user_id", optional(user_id)),
                    ("username", optional(username)),
                ]);
                // Only this version keeps the subscription.
                if version == xpost::auth::store::FORMAT_VERSION {
                    fields.push(("subscription_type", sub.map(|s| json!(s))));
                }
                object(fields)
            },
        )
        .boxed()
}

/// A store file with fields dropped, replaced by anything, repeated or added; as text, since
/// JSON objects with repeated keys cannot be built as values.
fn mangled_store_file() -> BoxedStrategy<String> {
    let key = prop_oneof![
        4 => prop::sample::select(vec![
            "version", "api_base", "client_id", "access_token", "refresh_token", "expires_at",
            "scopes", "user_id", "username", "secrets", "keyring_entry", "refreshable",
            "subscription_type",
        ])
        .prop_map(str::to_owned),
        1 => x_key(),
    ];
    let value = prop_oneof![
        Just(json!(1)),
        Just(json!(2)),
        Just(json!("1")),
        Just(json!(1.0)),
        json_value(),
    ];
    (
        store_file(),
        vec(any::<Index>(), 0..3),
        vec((key, value), 0..4),
        any::<Index>(),
    )
        .prop_map(|(file, drop, extra, cut)| {
            let mut pairs: Vec<(String, Value)> =
                file.as_object().unwrap().clone().into_iter().collect();
            for d in drop {
                if !pairs.is_empty() {
                    pairs.remove(d.index(pairs.len()));
                }
            }
            pairs.extend(extra);
            let body = pairs
                .iter()
                .map(|(k, v)| format!("{}:{}", Value::String(k.clone()), v))
                .collect::<Vec<_>>()
                .join(",");
            let text = format!("{{{body}}}");
            // Now and then, cut short.
            if cut.index(8) == 0 {
                let at = (0..=text.len())
                    .filter(|i| text.is_char_boundary(*i))
                    .nth(cut.index(text.len() / 2 + 1))
                    .unwrap_or(0);
                text[..at].to_owned()
            } else {
                text
            }
        })
        .boxed()
}

/// A login read from `text` holds what the text's JSON says.
fn check_login(text: &str, login: &xpost::auth::store::Record) -> Result<(), TestCaseError> {
    use xpost::auth::store::Held;
    let json: Value = serde_json::from_str(text).expect("a login comes from JSON");
    let string = |k: &str| json.get(k).and_then(Value::as_str).map(str::to_owned);
    let version = json.get("version").and_then(Value::as_u64);
    prop_assert!(
        version.is_some_and(|v| (1..=u64::from(xpost::auth::store::FORMAT_VERSION)).contains(&v)),
        "{:?}",
        version
    );
    prop_assert_eq!(string("api_base"), Some(login.api_base.clone()));
    prop_assert_eq!(string("client_id"), Some(login.client_id.clone()));
    match &login.secrets {
        Held::File(pair) => {
            prop_assert!(string("secrets").is_none_or(|s| s == "file"));
            prop_assert_eq!(
                string("access_token"),
                Some(pair.access_token.expose().to_owned())
            );
            prop_assert_eq!(
                string("refresh_token"),
                pair.refresh_token.as_ref().map(|t| t.expose().to_owned())
            );
            prop_assert!(json.get("keyring_entry").is_none());
        }
        Held::Keyring { entry, refreshable } => {
            prop_assert!(version.is_some_and(|v| v >= 2), "{:?}", version);
            prop_assert_eq!(string("secrets"), Some("keyring".to_owned()));
            prop_assert_eq!(string("keyring_entry"), Some(entry.as_str().to_owned()));
            prop_assert_eq!(
                json.get("refreshable").and_then(Value::as_bool),
                Some(*refreshable)
            );
            prop_assert!(json.get("access_token").is_none_or(Value::is_null));
            prop_assert!(json.get("refresh_token").is_none_or(Value::is_null));
        }
    }
    prop_assert_eq!(
        json.get("expires_at").and_then(Value::as_u64),
        Some(login.expires_at)
    );
    let scopes: Option<Vec<String>> = json
        .get("scopes")
        .and_then(|s| serde_json::from_value(s.clone()).ok());
    prop_assert_eq!(scopes, Some(login.scopes.clone()));
    prop_assert_eq!(string("user_id"), login.user_id.clone());
    prop_assert_eq!(string("username"), login.username.clone());
    // A subscription X does not document is read as unknown.
    prop_assert_eq!(
        string("subscription_type")
            .as_deref()
            .and_then(xpost::compose::limit::Subscription::parse),
        login.subscription
    );
    Ok(())
}

/// `--reply-to` values that look like post URLs, right or subtly wrong.
fn post_url() -> BoxedStrategy<String> {
    (
        prop::sample::select(vec![
            "http://",
            "https://",
            "ftp://",
            "",
            "https:/",
            "javascript:",
        ]),
        prop::sample::select(vec![
            "x.com",
            "www.x.com",
            "mobile.twitter.com",
            "twitter.com",
            "x.com.evil.com",
            "evil.com",
            "user:pw@x.com",
            "x.com:8443",
            "[::1]",
            "xn--x-com",
        ]),
        vec(
            prop_oneof![
                prop::sample::select(vec!["status", "statuses", "i", "web", "someone", "", ".."])
                    .prop_map(str::to_owned),
                "[0-9]{1,25}",
                "%3[0-9]{1,3}",
                any::<String>(),
            ],
            0..5,
        ),
        prop::sample::select(vec!["", "?s=20", "#x", "?q=status/1"]),
    )
        .prop_map(|(scheme, host, segments, tail)| {
            format!("{scheme}{host}/{}{tail}", segments.join("/"))
        })
        .boxed()
}

/// Bytes of media files: arbitrary, or behind a real magic number, or GIF-shaped blocks.
fn media_bytes() -> BoxedStrategy<Vec<u8>> {
    let magic = prop::sample::select(vec![
        b"GIF89a".to_vec(),
        b"GIF87a".to_vec(),
        b"\x89PNG\r\n\x1a\n".to_vec(),
        b"\xff\xd8\xff".to_vec(),
        b"RIFF\0\0\0\0WEBPVP8 ".to_vec(),
        b"\0\0\0\x18ftypmp42".to_vec(),
        b"\0\0\0\x14ftypqt  ".to_vec(),
        b"\0\0\0\x1cftypM4V ".to_vec(),
        b"%PDF-".to_vec(),
    ]);
    // A GIF: logical screen descriptor, then extensions, images, trailers and junk.
    let gif_block = prop_oneof![
        Just(vec![0x3B]),
        (any::<u8>(), vec(vec(any::<u8>(), 0..20), 0..4)).prop_map(|(label, blocks)| {
            let mut out = vec![0x21, label];
            for b in blocks {
                out.push(b.len() as u8);
                out.extend(b);
            }
            out.push(0);
            out
        }),
        (vec(any::<u8>(), 9), any::<u8>(), vec(any::<u8>(), 0..40)).prop_map(|(d, lzw, data)| {
            let mut out = vec![0x2C];
            out.extend(d);
            out.push(lzw);
            out.push(data.len() as u8);
            out.extend(data);
            out.push(0);
            out
        }),
        vec(any::<u8>(), 0..8),
    ];
    prop_oneof![
        vec(any::<u8>(), 0..512),
        (magic, vec(any::<u8>(), 0..512)).prop_map(|(mut m, rest)| {
            m.extend(rest);
            m
        }),
        (vec(any::<u8>(), 7), vec(gif_block, 0..8)).prop_map(|(screen, blocks)| {
            let mut out = b"GIF89a".to_vec();
            out.extend(screen);
            for b in blocks {
                out.extend(b);
            }
            out
        }),
    ]
    .boxed()
}

/// Post text: arbitrary, or long runs of what X weighs specially (URLs, emoji sequences, CJK,
/// combining marks, refused code points).
fn post_text() -> BoxedStrategy<String> {
    let piece = prop_oneof![
        4 => prop::sample::select(vec![
            "a", " ", "\n", "é", "e\u{301}", "\u{1100}\u{1161}", "中", "日本語", "👍", "👍🏽",
            "👨‍👩‍👧", "🇫🇷", "1️⃣", "©", "\u{FEFF}", "\u{FFFE}", "\u{200D}", "\u{2028}",
            "https://example.com/a?b=c", "http://t.co/x", "example.com", "x.com/foo", "a.b",
            "-", "_", ".", "/", "ftp://example.com", "#tag", "@user", "$CASH", "ｅｘａｍｐｌｅ.com",
            "https://例え.jp", "www.", ".com", "\u{0}", "\u{10FFFF}", "\u{D7FF}",
        ])
        .prop_map(str::to_owned),
        1 => any::<String>(),
    ];
    prop_oneof![any::<String>(), vec(piece, 0..320).prop_map(|p| p.concat()),].boxed()
}

/// Text longer than a post: words of many kinds (URLs, mentions, hashtags, cashtags, emoji,
/// combining marks, wide characters) between spaces, sentence ends and paragraph breaks.
fn long_text() -> BoxedStrategy<String> {
    let piece = prop_oneof![
        3 => prop::sample::select(vec![
            "word", "a", "é", "e\u{301}", "中文", "👍🏽", "👨‍👩‍👧", "🇫🇷", "https://example.com/a?b=c",
            "example.com", "@user", "#tag", "$CASH", "end.", "why?", "(yes!)", "x.com/foo",
        ])
        .prop_map(str::to_owned),
        2 => prop::sample::select(vec![" ", "\n", "\n\n", "  ", " \u{301}", "\t"]).prop_map(str::to_owned),
        1 => "[a-z]{1,12}".prop_map(|s| s),
    ];
    vec(piece, 0..900).prop_map(|p| p.concat()).boxed()
}

/// A JSON body hiding secrets under token/secret keys at any depth (some repeated, some
/// escaped), with the secrets it holds. Secrets carry a marker nothing else has.
fn body_with_secrets() -> BoxedStrategy<(String, Vec<String>)> {
    let secret_key = (
        "[a-z_]{0,6}",
        prop::sample::select(vec![
            "token", "TOKEN", "Token", "secret", "SECRET", "sEcReT",
        ]),
        "[a-z_]{0,6}",
        any::<bool>(),
    )
        .prop_map(|(a, word, b, escape)| {
            let key = serde_json::to_string(&format!("{a}{word}{b}")).unwrap();
            // `\u0074` is `t`: the same key to a JSON reader.
            if escape {
                key.replacen('t', "\\u0074", 1).replacen('T', "\\u0054", 1)
            } else {
                key
            }
        });
    let secret =
        prop_oneof!["[A-Za-z0-9._~+/=-]{2,60}", any::<String>()].prop_map(|s| format!("S3CR3T{s}"));
    let plain = json_value().prop_map(|v| v.to_string());
    // A member: `"key": value` text and the secret it hides, if any.
    let member = prop_oneof![
        2 => (secret_key.clone(), secret)
            .prop_map(|(k, s)| (format!("{k}:{}", Value::String(s.clone())), vec![s])),
        1 => (x_key(), plain)
            .prop_map(|(k, v)| (format!("{}:{v}", Value::String(k)), vec![])),
    ];
    let object = vec(member, 0..6).prop_map(|members| {
        let (texts, secrets): (Vec<String>, Vec<Vec<String>>) = members.into_iter().unzip();
        (format!("{{{}}}", texts.join(",")), secrets.concat())
    });
    object
        .prop_recursive(3, 24, 4, move |inner| {
            let secret_key = secret_key.clone();
            prop_oneof![
                // An object nested under a plain key, or in an array.
                (x_key(), inner.clone(), vec((x_key(), json_value()), 0..3)).prop_map(
                    |(k, (text, secrets), others)| {
                        let mut members = vec![format!("{}:{text}", Value::String(k))];
                        members.extend(
                            others
                                .into_iter()
                                .map(|(k, v)| format!("{}:{v}", Value::String(k))),
                        );
                        (format!("{{{}}}", members.join(",")), secrets)
                    }
                ),
                vec(inner.clone(), 0..4).prop_map(|items| {
                    let (texts, secrets): (Vec<String>, Vec<Vec<String>>) =
                        items.into_iter().unzip();
                    (format!("[{}]", texts.join(",")), secrets.concat())
                }),
                // Anything under a secret key is hidden whole.
                (secret_key, inner)
                    .prop_map(|(k, (text, secrets))| (format!("{{{k}:{text}}}"), secrets)),
            ]
        })
        .boxed()
}

/// Bytes that are not the callback: random, or nearly HTTP (odd methods, request lines,
/// versions, line ends, headers, bodies, pipelining), none of which can be a callback for
/// `state` on the callback path.
fn junk_bytes(state: String) -> BoxedStrategy<Vec<u8>> {
    let method = prop_oneof![
        prop::sample::select(vec![
            "GET", "POST", "HEAD", "PUT", "OPTIONS", "CONNECT", "PRI", "get", "G ET", "", "TRACE",
        ])
        .prop_map(str::to_owned),
        "[A-Z]{1,12}",
    ];
    let query_tail = vec(
        prop_oneof![
            prop::sample::select(vec![
                "code=evil",
                "error=access_denied",
                "error_description=x",
                "state=",
                "code=",
                "%",
                "%zz",
                "+",
                "&&",
                "#frag",
                ";",
                "st%61te=x",
            ])
            .prop_map(str::to_owned),
            Just(format!("state={state}")),
            Just(format!("code=evil&state={state}")),
            "[ -~]{0,20}",
        ],
        0..5,
    )
    .prop_map(|parts| parts.join("&"));
    let target = prop_oneof![
        // The callback path, but another attempt's state comes first.
        (
            prop::sample::select(vec!["nope", "", "%6Eope", "x+y"]),
            query_tail.clone()
        )
            .prop_map(|(wrong, tail)| format!("/oauth/callback?state={wrong}&{tail}")),
        (
            prop::sample::select(vec!["nope", "", "%6Eope", "x+y"]),
            query_tail.clone()
        )
            .prop_map(|(wrong, tail)| format!(
                "http://127.0.0.1/oauth/callback?state={wrong}&{tail}"
            )),
        // This attempt's state, on other paths.
        (
            prop::sample::select(vec![
                "/",
                "/favicon.ico",
                "/oauth/callbac",
                "/oauth/callback/x",
                "/Oauth/callback",
                "/oauth/callback%2F",
                "//oauth/callback",
                "/oauth",
            ]),
            query_tail.clone()
        )
            .prop_map(|(path, tail)| format!("{path}?{tail}")),
        prop::sample::select(vec!["*", "127.0.0.1:80", "", "/oauth/callback"])
            .prop_map(str::to_owned),
        // The callback path with no query (no state, so nothing counts).
        "[ -~]{0,40}".prop_map(|s| s.replace("oauth/callback", "x")),
    ];
    let version = prop::sample::select(vec![
        "HTTP/1.1",
        "HTTP/1.0",
        "HTTP/2.0",
        "HTTP/0.9",
        "",
        "http/1.1",
        "HTTP/1.1 extra",
        "HTTP/1.",
    ]);
    let eol = prop::sample::select(vec!["\r\n", "\n", "\r", "", "\r\r\n"]);
    let header = prop_oneof![
        prop::sample::select(vec![
            "Host: x",
            "Host:",
            "Content-Length: 10",
            "Content-Length: -1",
            "Content-Length: 99999999999999999999",
            "Content-Length: 5, 6",
            "Transfer-Encoding: chunked",
            "Transfer-Encoding: gzip, chunked",
            "Connection: close",
            "Connection: keep-alive",
            "Connection: upgrade",
            "Upgrade: h2c",
            "Upgrade: websocket",
            "Expect: 100-continue",
            " folded: line",
            ": no name",
            "no colon",
        ])
        .prop_map(|h| h.as_bytes().to_vec()),
        (1usize..20_000).prop_map(|n| {
            let mut h = b"X-Big: ".to_vec();
            h.resize(h.len() + n, b'a');
            h
        }),
        ("[A-Za-z-]{1,20}", vec(any::<u8>(), 0..60)).prop_map(|(name, value)| {
            let mut h = name.into_bytes();
            h.extend_from_slice(b": ");
            h.extend(value);
            h
        }),
    ];
    let request = (
        method,
        target,
        version,
        eol,
        vec(header, 0..6),
        any::<bool>(),
        vec(any::<u8>(), 0..128),
    )
        .prop_map(|(method, target, version, eol, headers, end, body)| {
            let mut out = format!("{method} {target} {version}{eol}").into_bytes();
            for h in headers {
                out.extend(h);
                out.extend_from_slice(eol.as_bytes());
            }
            if end {
                out.extend_from_slice(eol.as_bytes());
            }
            out.extend(body);
            out
        });
    prop_oneof![
        vec(any::<u8>(), 0..4096),
        request.clone(),
        (request.clone(), request).prop_map(|(mut a, b)| {
            a.extend(b);
            a
        }),
    ]
    .boxed()
}

/// One round against a fresh listener: the junk connections, then the real callback.
/// Returns what each junk connection got back, what the real one got, and the wait's outcome.
async fn listener_round(
    state: String,
    code: String,
    junk: Vec<(Vec<u8>, bool)>,
) -> (Vec<Vec<u8>>, Vec<u8>, Result<String, String>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    let uri = Url::parse("http://127.0.0.1:0/oauth/callback").unwrap();
    let listener = Listener::bind(&uri).await.unwrap();
    let addr = format!("127.0.0.1:{}", listener.redirect_uri().port().unwrap());
    let waiting = {
        let state = state.clone();
        tokio::spawn(async move { listener.wait(&state, Duration::from_secs(30), None).await })
    };

    let mut held = Vec::new();
    let mut answers = Vec::new();
    for (bytes, keep_open) in junk {
        let mut stream = TcpStream::connect(&addr).await.unwrap();
        let _ = stream.write_all(&bytes).await;
        if keep_open {
            // Left open mid-request, as a slow or idle client would.
            held.push(stream);
            continue;
        }
        let _ = stream.shutdown().await;
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
        answers.push(answer);
    }

    let mut real = TcpStream::connect(&addr).await.unwrap();
    let request =
        format!("GET /oauth/callback?state={state}&code={code} HTTP/1.1\r\nHost: x\r\n\r\n");
    real.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), real.read_to_end(&mut answer)).await;

    let outcome = match tokio::time::timeout(Duration::from_secs(10), waiting).await {
        Ok(Ok(Ok(code))) => Ok(code),
        Ok(Ok(Err(err))) => Err(err.to_string()),
        Ok(Err(join)) => Err(format!("the wait panicked: {join}")),
        Err(_) => Err("the wait did not end within 10 s".to_owned()),
    };
    drop(held);
    (answers, answer, outcome)
}

// ---------------------------------------------------------------------------------------------
// The sandbox, under whatever a script under test sends it
// ---------------------------------------------------------------------------------------------

/// The name of the threads the fuzzed sandbox runs on: a panic there is one of its handlers'.
const SANDBOX_THREADS: &str = "fuzzed-sandbox";

/// Panics on [`SANDBOX_THREADS`]. The released binary aborts on a panic (`panic = "abort"`), so
/// one there would end `xpost sandbox serve` for every script using it.
static SANDBOX_PANICS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// One sandbox for every case, on a runtime of its own whose panics are counted.
struct Fuzzed {
    runtime: tokio::runtime::Runtime,
    sandbox: xpost_sandbox::Sandbox,
    client: reqwest::Client,
}

fn fuzzed() -> &'static Fuzzed {
    static FUZZED: std::sync::OnceLock<Fuzzed> = std::sync::OnceLock::new();
    FUZZED.get_or_init(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some(SANDBOX_THREADS) {
                SANDBOX_PANICS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
            previous(info);
        }));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name(SANDBOX_THREADS)
            .enable_all()
            .build()
            .unwrap();
        let sandbox = runtime
            .block_on(xpost_sandbox::Sandbox::start(
                xpost_sandbox::Options::default(),
            ))
            .unwrap();
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Fuzzed {
            runtime,
            sandbox,
            client,
        }
    })
}

/// A request line the sandbox serves: its method (now and then another), and its path with its
/// ids and names made up.
fn sandbox_request() -> BoxedStrategy<(&'static str, String)> {
    let id = prop_oneof![
        "[0-9]{1,19}",
        "[0-9]{20,25}",
        "[a-zA-Z0-9_%.-]{0,12}",
        Just("..".to_owned()),
    ];
    let routes = prop::sample::select(vec![
        ("GET", "/2/tweets/{}"),
        ("DELETE", "/2/tweets/{}"),
        ("POST", "/2/media/upload/{}/append"),
        ("POST", "/2/media/upload/{}/finalize"),
        ("POST", "/2/articles/{}/publish"),
        ("GET", "/2/users/by/username/{}"),
        ("GET", "/{}/status/1"),
        ("POST", "/2/tweets"),
        ("POST", "/2/media/upload"),
        ("POST", "/2/media/upload/initialize"),
        ("POST", "/2/media/metadata"),
        ("POST", "/2/media/subtitles"),
        ("POST", "/2/articles/draft"),
        ("GET", "/2/users/me"),
        ("POST", "/2/oauth2/token"),
        ("POST", "/2/oauth2/revoke"),
        ("GET", "/i/oauth2/authorize"),
        ("POST", "/i/oauth2/authorize/consent"),
        ("POST", "/_sandbox/faults"),
        ("DELETE", "/_sandbox/faults"),
        ("POST", "/_sandbox/others-posts"),
        ("POST", "/_sandbox/users"),
        ("POST", "/_sandbox/subscription"),
        ("POST", "/_sandbox/sink"),
    ]);
    let other_method = prop::option::weighted(
        0.1,
        prop::sample::select(vec!["GET", "POST", "DELETE", "PUT"]),
    );
    (
        routes,
        other_method,
        id,
        prop::option::of("[a-z._]{1,12}=[^#]{0,24}"),
    )
        .prop_map(|((method, route), other, id, query)| {
            let path = route.replace("{}", &id);
            let path = match query {
                Some(query) => format!("{path}?{query}"),
                None => path,
            };
            (other.unwrap_or(method), path)
        })
        .boxed()
}

/// A body: JSON shaped like a request's (a post, an upload, a form's fields), any JSON, or
/// bytes.
fn sandbox_body() -> BoxedStrategy<(Option<&'static str>, Vec<u8>)> {
    let post = (
        prop::option::of(json_value()),
        prop::option::of(json_value()),
        prop::option::of(json_value()),
        prop::option::of(json_value()),
    )
        .prop_map(|(text, media, reply, poll)| {
            object(vec![
                ("text", text),
                ("media", media),
                ("reply", reply),
                ("poll", poll),
            ])
        });
    let upload = (
        prop::option::of(json_value()),
        prop::option::of(json_value()),
        prop::option::of(json_value()),
    )
        .prop_map(|(media_type, total_bytes, category)| {
            object(vec![
                ("media_type", media_type),
                ("total_bytes", total_bytes),
                ("media_category", category),
            ])
        });
    // Near what xpost sends, so that requests get past the checks to what is behind them.
    let plain_post = any_text().prop_map(|text| json!({ "text": text }));
    let plain_upload = (0u64..10_000_000).prop_map(|total| {
        json!({ "media_type": "image/png", "total_bytes": total, "media_category": "tweet_image" })
    });
    prop_oneof![
        plain_post.prop_map(|v| (Some("application/json"), v.to_string().into_bytes())),
        plain_upload.prop_map(|v| (Some("application/json"), v.to_string().into_bytes())),
        post.prop_map(|v| (Some("application/json"), v.to_string().into_bytes())),
        upload.prop_map(|v| (Some("application/json"), v.to_string().into_bytes())),
        json_value().prop_map(|v| (Some("application/json"), v.to_string().into_bytes())),
        "[a-z_]{1,10}=[^&]{0,20}(&[a-z_]{1,10}=[^&]{0,20}){0,4}"
            .prop_map(|form| (Some("application/x-www-form-urlencoded"), form.into_bytes())),
        vec(any::<u8>(), 0..512).prop_map(|bytes| (Some("multipart/form-data; boundary=x"), bytes)),
        vec(any::<u8>(), 0..512).prop_map(|bytes| (None, bytes)),
    ]
    .boxed()
}

/// Who the request says it is: nobody, junk, a bearer token that is none of the sandbox's, or
/// the sandbox account's own OAuth 1.0a keys, signed as xpost signs (so that a request gets past
/// the door to the handler behind it).
#[derive(Debug, Clone)]
enum Caller {
    Nobody,
    Junk(String),
    Bearer(String),
    Signed,
}

fn sandbox_caller() -> BoxedStrategy<Caller> {
    prop_oneof![
        Just(Caller::Nobody),
        any_text().prop_map(Caller::Junk),
        token().prop_map(Caller::Bearer),
        Just(Caller::Signed),
        Just(Caller::Signed),
    ]
    .boxed()
}

/// Sends one request; whatever the sandbox answers, a connection that ends without an
/// answer is the failure (the handler panicked, or the server fell over).
async fn send_to_sandbox(
    fuzzed: &Fuzzed,
    method: &str,
    path: &str,
    caller: &Caller,
    body: &(Option<&'static str>, Vec<u8>),
) -> Result<u16, String> {
    let url = Url::parse(&format!("{}{path}", fuzzed.sandbox.base_url()))
        .map_err(|err| format!("not a URL: {err}"))?;
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = fuzzed.client.request(method.clone(), url.clone());
    match caller {
        Caller::Nobody => {}
        Caller::Junk(text) => {
            if let Ok(value) = HeaderValue::from_str(text) {
                request = request.header("authorization", value);
            }
        }
        Caller::Bearer(token) => request = request.bearer_auth(token),
        Caller::Signed => {
            let keys = xpost::oauth1::OAuth1Keys {
                api_key: xpost_sandbox::CREDENTIALS.api_key.to_owned(),
                api_secret: xpost_sandbox::CREDENTIALS.api_secret.into(),
                access_token: xpost_sandbox::CREDENTIALS.access_token.into(),
                access_token_secret: xpost_sandbox::CREDENTIALS.access_token_secret.into(),
            };
            request = request.header(
                "authorization",
                xpost::oauth1::authorization(&keys, method.as_str(), &url),
            );
        }
    }
    if let Some(kind) = body.0 {
        request = request.header("content-type", kind);
    }
    match request.body(body.1.clone()).send().await {
        Ok(answer) => {
            let status = answer.status().as_u16();
            // The whole answer is read, as a client would.
            answer.bytes().await.map_err(|err| format!("{err:?}"))?;
            Ok(status)
        }
        Err(err) => Err(format!("{err:?}")),
    }
}

proptest! {
    #![proptest_config(config(96))]

    /// No request, however made, panics the sandbox or leaves it unable to answer: each gets
    /// an HTTP answer, and `GET /2/users/me` is answered after it (faults it injected cleared).
    /// `PROPTEST_CASES=30000` runs for about a minute.
    #[test]
    fn the_sandbox_answers_whatever_it_is_sent(
        (method, path) in sandbox_request(),
        caller in sandbox_caller(),
        body in sandbox_body(),
    ) {
        let fuzzed = fuzzed();
        let before = SANDBOX_PANICS.load(std::sync::atomic::Ordering::SeqCst);
        let (answer, after) = fuzzed.runtime.block_on(async {
            let answer = send_to_sandbox(fuzzed, method, &path, &caller, &body).await;
            fuzzed.sandbox.clear_faults();
            let after =
                send_to_sandbox(fuzzed, "GET", "/2/users/me", &Caller::Signed, &(None, Vec::new()))
                    .await;
            (answer, after)
        });
        prop_assert_eq!(SANDBOX_PANICS.load(std::sync::atomic::Ordering::SeqCst), before);
        prop_assert!(answer.is_ok(), "{} {}: {:?}", method, path, answer);
        // Answered at all: after many cases, X's rate limit on it answers 429.
        prop_assert!(after.is_ok(), "then GET /2/users/me: {:?}", after);
    }
}
