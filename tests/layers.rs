//! The client's modules depend on each other in one direction: the dispatcher → the root
//! parser (cli) → each command with its arguments → auth (login) → x (the API client) → http,
//! over the foundations; OAuth 1.0a signing, PKCE and the OAuth 2.0 token endpoint's client are
//! leaves.
//! This test reads `src/` and fails on any `use` that points up or sideways, and on any module
//! that has no place in the table below, so a new module has to be given one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every module of the client and its layer: a module may use modules of lower layers only
/// (and its own submodules). Names are paths below the crate root.
const LAYERS: &[(&str, u32)] = &[
    // Foundations.
    ("error", 0),
    ("secret", 0),
    ("ids", 0),
    ("sanitize", 0),
    ("output", 1),
    ("interrupt", 2),
    ("problem", 1),
    ("progress", 1),
    // Leaves that sign or speak HTTP.
    ("oauth1", 2),
    ("http", 2),
    ("config", 3),
    // The configuration's parts: names, the checked configuration, where values came from,
    // the app kept by auth setup, and the one reader of the environment.
    ("config::names", 1),
    // Where files go, by each platform's rules.
    ("config::dirs", 1),
    ("config::resolve", 3),
    ("config::sources", 4),
    ("config::stored", 5),
    ("config::env", 6),
    // The options every command takes, and the durations they are written in.
    ("options", 4),
    // A post's local side: read, checked and shown before anything is sent. Its dry run counts
    // the requests of X's upload protocol as the client describes them (x::upload::steps).
    ("compose::input", 1),
    ("compose::reference", 1),
    ("compose::limit", 1),
    ("compose::text", 2),
    ("compose::subtitles", 1),
    ("compose::split", 3),
    ("compose::media", 2),
    ("compose::tags", 3),
    ("compose::plan_rules", 4),
    ("compose::draft", 4),
    ("compose::settings", 5),
    ("compose::thread", 5),
    ("compose::check", 5),
    ("compose::dry_run", 6),
    ("compose", 6),
    // An Article's local side: Markdown into the body of X's draft request, pure.
    ("article::draft", 1),
    ("article::markdown", 2),
    ("article", 3),
    // The X API client.
    ("x::answer", 4),
    ("x::answer::rate", 5),
    ("x::answer::refusal", 6),
    ("x::upload::steps", 4),
    ("x::client", 5),
    ("x::tweets", 6),
    ("x::delete", 6),
    ("x::editable", 5),
    ("x::read", 6),
    ("x::upload", 6),
    ("x::users", 6),
    ("x::articles", 6),
    ("x", 7),
    // Login: PKCE and the token endpoint's client are leaves (the client over http); the
    // consent's pieces; the session that glues them.
    ("auth::pkce", 2),
    ("auth::token_endpoint", 4),
    ("auth::browser", 4),
    ("auth::callback", 4),
    ("auth::keyring", 3),
    ("auth::store::format", 4),
    ("auth::store::files", 4),
    ("auth::store::slot", 5),
    // The apps `xpost auth setup` keeps: a layer of the configuration, kept like the logins.
    ("auth::apps", 5),
    ("auth::store::accounts", 6),
    ("auth::store", 7),
    ("auth::consent", 8),
    // The session: its pure decisions and its use of the store below it; what it ends with; the
    // `Session` itself; then the parts that carry its work out (`impl Session` blocks, so above
    // it): the refresh, and the consent that uses the refresh's renewal.
    ("auth::session::plan", 8),
    ("auth::session::keeping", 8),
    ("auth::session::errors", 9),
    ("auth::session", 9),
    ("auth::session::refresh", 10),
    ("auth::session::new_login", 11),
    // Who a run acts as: the one question the commands ask.
    ("auth::caller", 10),
    ("auth", 11),
    // Commands: the only layer that knows the others. Each command's arguments sit beside it.
    ("commands::context", 12),
    ("commands::allowance", 12),
    ("commands::post::args", 12),
    ("commands::one_shot", 13),
    ("commands::resume", 13),
    ("commands::delete", 14),
    ("commands::edit", 14),
    ("commands::post", 14),
    ("commands::sandbox", 14),
    ("commands::setup", 14),
    ("commands::article", 14),
    // `xpost auth ...`: the login a command is about, the report of login and status, one
    // module per job, and the subcommands with their dispatch (`auth setup` among them).
    ("commands::auth::stored", 13),
    ("commands::auth::report", 14),
    ("commands::auth::login", 15),
    ("commands::auth::status", 15),
    ("commands::auth::logout", 15),
    ("commands::auth::token", 15),
    ("commands::auth::accounts", 15),
    ("commands::auth", 16),
    // The root parser names every command's arguments; the manual and the completions are
    // built from it, and the dispatcher matches on its subcommands.
    ("cli", 17),
    ("commands::docs", 18),
    ("commands", 19),
];

/// What the leaves may use besides their own submodules: foundations, HTTP and the PKCE pair
/// only.
const LEAVES: &[&str] = &["oauth1", "auth::pkce", "auth::token_endpoint"];
const LEAF_MAY_USE: &[&str] = &[
    "ids",
    "error",
    "secret",
    "sanitize",
    "output",
    "problem",
    "http",
    "auth::pkce",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Each module of `src/` (but the crate roots) with the code outside its `#[cfg(test)]` part.
fn modules() -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut dirs = vec![src()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src()).unwrap().with_extension("");
            let mut parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            let name = parts.join("::");
            if name == "lib" || name == "main" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = match text.find("#[cfg(test)]\nmod tests") {
                Some(at) => text[..at].to_owned(),
                None => text,
            };
            found.insert(name, code);
        }
    }
    found
}

/// The modules `code` (of module `name`) refers to, as paths below the crate root.
fn references(name: &str, code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let parent: Vec<&str> = name.split("::").collect();
    for line in code.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("crate::").or_else(|| rest.find("super::")) {
            let (prefix, tail) = rest[at..].split_at(if rest[at..].starts_with("crate::") {
                "crate::".len()
            } else {
                "super::".len()
            });
            let path: String = tail
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':' || *c == '{')
                .collect();
            let path = path.trim_end_matches([':', '{']).replace("::{", "::");
            let base = if prefix == "crate::" {
                Vec::new()
            } else {
                // `super` of a module file is its parent module.
                parent[..parent.len().saturating_sub(1)].to_vec()
            };
            let full = base
                .into_iter()
                .map(str::to_owned)
                .chain(
                    path.split("::")
                        .filter(|p| !p.is_empty())
                        .map(str::to_owned),
                )
                .collect::<Vec<_>>()
                .join("::");
            found.push(full);
            rest = &rest[at + prefix.len()..];
        }
        // A `use` list over several lines names each module on its own line.
    }
    found
}

/// The module a referenced path lands in: its longest prefix that is a module.
fn module_of(path: &str, known: &BTreeMap<String, String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find(|candidate| known.contains_key(candidate))
}

fn layer(name: &str) -> Option<u32> {
    LAYERS.iter().find(|(n, _)| *n == name).map(|(_, l)| *l)
}

fn is_within(module: &str, ancestor: &str) -> bool {
    module
        .strip_prefix(ancestor)
        .is_some_and(|rest| rest.starts_with("::"))
}

#[test]
fn every_module_has_a_layer() {
    let unplaced: Vec<String> = modules()
        .into_keys()
        .filter(|name| layer(name).is_none())
        .collect();
    assert!(
        unplaced.is_empty(),
        "give these modules a layer in tests/layers.rs: {unplaced:?}"
    );
}

#[test]
fn dependencies_point_one_way() {
    let modules = modules();
    assert!(modules.len() > 20, "src/ was not read: {modules:?}");
    let mut wrong = Vec::new();
    for (name, code) in &modules {
        let Some(own) = layer(name) else { continue };
        for reference in references(name, code) {
            let Some(target) = module_of(&reference, &modules) else {
                continue;
            };
            if target == *name || is_within(&target, name) {
                continue;
            }
            let Some(theirs) = layer(&target) else {
                continue;
            };
            if theirs >= own {
                wrong.push(format!(
                    "{name} (layer {own}) uses {target} (layer {theirs})"
                ));
            }
            if LEAVES.contains(&name.as_str()) && !LEAF_MAY_USE.contains(&target.as_str()) {
                wrong.push(format!("{name} is a leaf but uses {target}"));
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_check_sees_a_reference_that_points_up() {
    // The reader itself: `use` lines, `super::`, paths inside code and braces.
    let refs = references(
        "x::client",
        "use super::answer::{Attempt, decide};\nuse crate::auth::session::Session;\n    let t = crate::output::trace(1, x);",
    );
    assert_eq!(
        refs,
        [
            "x::answer::Attempt",
            "auth::session::Session",
            "output::trace"
        ]
    );
    let modules = modules();
    assert_eq!(
        module_of("auth::session::Session", &modules).as_deref(),
        Some("auth::session")
    );
    assert!(layer("auth::session") > layer("x::client"));
}
