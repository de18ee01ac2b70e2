//! The README and the pages in `docs/` stay true: every relative link leads to a file (and every
//! anchor to a heading of it), the README stays short with *Install* first and links every page,
//! every `xpost` command shown in a code block is one this xpost's parser accepts, every option
//! named exists, and every `cargo` command names a real package, test or benchmark.

use std::collections::BTreeSet;
use std::path::{Component, Path};

use clap::{CommandFactory, FromArgMatches};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use xpost::cli::{Cli, Command};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The README's longest allowed length, in lines.
const README_LINES: usize = 250;

/// The two set-up commands: on a fresh machine, one runs the main job with `--sandbox`, one
/// passes the tests.
const SET_UP: [&str; 2] = [
    "cargo run -- --sandbox \"hello from xpost\" --image examples/hello.png",
    "cargo test",
];

/// Options of cargo's own that the pages name alone, outside a `cargo` command.
const CARGO_OPTIONS: &[&str] = &["--no-default-features", "--locked"];

/// The cargo commands the pages may show.
const CARGO_COMMANDS: &[&str] = &[
    "bench", "binstall", "build", "clippy", "doc", "fmt", "install", "package", "publish", "run",
    "test",
];

/// One Markdown page of the repository, as its parts that these tests read.
struct Page {
    /// The path from the repository's root, with `/`.
    name: String,
    text: String,
    /// Each heading's text, as GitHub renders it (inline code without its backticks).
    headings: Vec<String>,
    /// Each link's and image's destination.
    links: Vec<String>,
    /// Each code block: its info string (empty for an indented block) and its text.
    blocks: Vec<(String, String)>,
    /// Each inline code span.
    spans: Vec<String>,
}

impl Page {
    fn read(name: &str) -> Page {
        let path = Path::new(ROOT).join(name);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        let mut page = Page {
            name: name.to_string(),
            text: String::new(),
            headings: Vec::new(),
            links: Vec::new(),
            blocks: Vec::new(),
            spans: Vec::new(),
        };
        let mut heading: Option<String> = None;
        let mut block: Option<(String, String)> = None;
        for event in Parser::new_ext(&text, Options::ENABLE_TABLES) {
            match event {
                Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
                Event::End(TagEnd::Heading(_)) => page.headings.extend(heading.take()),
                Event::Start(Tag::CodeBlock(kind)) => {
                    let info = match kind {
                        CodeBlockKind::Fenced(info) => info.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    block = Some((info, String::new()));
                }
                Event::End(TagEnd::CodeBlock) => page.blocks.extend(block.take()),
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    page.links.push(dest_url.to_string())
                }
                Event::Text(text) => {
                    if let Some((_, code)) = &mut block {
                        code.push_str(&text);
                    } else if let Some(heading) = &mut heading {
                        heading.push_str(&text);
                    }
                }
                Event::Code(code) => {
                    if let Some(heading) = &mut heading {
                        heading.push_str(&code);
                    }
                    page.spans.push(code.to_string());
                }
                _ => {}
            }
        }
        page.text = text;
        page
    }

    /// The anchors GitHub gives the page's headings.
    fn anchors(&self) -> BTreeSet<String> {
        let mut anchors = BTreeSet::new();
        for heading in &self.headings {
            let slug = slug(heading);
            let mut anchor = slug.clone();
            let mut n = 0;
            while anchors.contains(&anchor) {
                n += 1;
                anchor = format!("{slug}-{n}");
            }
            anchors.insert(anchor);
        }
        anchors
    }
}

/// GitHub's anchor for a heading: lower case, spaces as `-`, punctuation dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The pages under `docs/`, by name.
fn docs_pages() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(Path::new(ROOT).join("docs"))
        .expect("docs/")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md"))
        .map(|name| format!("docs/{name}"))
        .collect();
    names.sort();
    names
}

/// The README, then every page under `docs/`.
fn pages() -> Vec<Page> {
    let mut pages = vec![Page::read("README.md")];
    pages.extend(docs_pages().iter().map(|name| Page::read(name)));
    pages
}

/// `base` joined with the relative `path`, `..` and `.` resolved, with `/`.
fn resolve(base: &str, path: &str) -> String {
    let mut parts: Vec<String> = Path::new(base)
        .parent()
        .unwrap_or(Path::new(""))
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for component in Path::new(path).components() {
        match component {
            Component::ParentDir => {
                parts.pop();
            }
            Component::CurDir => {}
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    parts.join("/")
}

/// Whether a link leaves the repository (a web page, a mail address).
fn is_external(link: &str) -> bool {
    link.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '+')
    })
}

/// What is wrong with each relative link of `page`: a file that is not there, or an anchor
/// that is no heading of the page it points to.
fn broken_links(page: &Page) -> Vec<String> {
    let mut broken = Vec::new();
    for link in &page.links {
        if is_external(link) {
            continue;
        }
        let (path, anchor) = link.split_once('#').unwrap_or((link, ""));
        if path.is_empty() {
            if !page.anchors().contains(anchor) {
                broken.push(format!("{}: {link}: no such heading here", page.name));
            }
            continue;
        }
        let target = resolve(&page.name, path);
        if !Path::new(ROOT).join(&target).exists() {
            broken.push(format!("{}: {link}: no file {target}", page.name));
            continue;
        }
        if !anchor.is_empty() && target.ends_with(".md") {
            let anchors = Page::read(&target).anchors();
            if !anchors.contains(anchor) {
                broken.push(format!(
                    "{}: {link}: {target} has no heading #{anchor} (it has {anchors:?})",
                    page.name
                ));
            }
        }
    }
    broken
}

#[test]
fn every_relative_link_and_anchor_resolves() {
    let broken: Vec<String> = pages().iter().flat_map(broken_links).collect();
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_readme_is_short_and_starts_with_install() {
    let readme = Page::read("README.md");
    let lines = readme.text.lines().count();
    assert!(
        lines <= README_LINES,
        "the README has {lines} lines; at most {README_LINES}: move the rest to docs/"
    );
    let sections: Vec<&str> = readme
        .text
        .lines()
        .filter_map(|line| line.strip_prefix("## "))
        .collect();
    assert_eq!(
        sections.first(),
        Some(&"Install"),
        "the README's first section after the intro: {sections:?}"
    );
}

#[test]
fn every_docs_page_is_linked_from_the_readme() {
    let readme = Page::read("README.md");
    let linked: BTreeSet<String> = readme
        .links
        .iter()
        .filter(|link| !is_external(link))
        .map(|link| resolve("README.md", link.split('#').next().unwrap()))
        .collect();
    let pages = docs_pages();
    let missing: Vec<&String> = pages
        .iter()
        .filter(|page| !linked.contains(*page))
        .collect();
    assert!(
        missing.is_empty(),
        "pages the README does not link: {missing:?}"
    );
}

/// The commands of a code block: its lines, continued lines joined, a prompt's `$ ` dropped.
fn command_lines(block: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut pending = String::new();
    for line in block.lines() {
        let line = line.trim();
        if let Some(head) = line.strip_suffix('\\') {
            pending.push_str(head);
            continue;
        }
        pending.push_str(line);
        let line = std::mem::take(&mut pending);
        lines.push(line.strip_prefix("$ ").unwrap_or(&line).to_string());
    }
    lines
}

/// The simple commands of a shell line, each as its words, with a comment, the variables set
/// before a command and redirections left out.
fn simple_commands(line: &str) -> Result<Vec<Vec<String>>, String> {
    let words = shell_words::split(line).map_err(|err| format!("{line}: {err}"))?;
    let mut commands = Vec::new();
    let mut command: Vec<String> = Vec::new();
    let mut words = words.into_iter();
    while let Some(word) = words.next() {
        if word.starts_with('#') {
            break;
        }
        if ["|", "||", "&&", ";", "&"].contains(&word.as_str()) {
            commands.push(std::mem::take(&mut command));
            continue;
        }
        let redirection = word.trim_start_matches(|c: char| c.is_ascii_digit());
        if redirection.starts_with(['>', '<']) {
            if redirection.trim_start_matches(['>', '<', '&']).is_empty() {
                words.next();
            }
            continue;
        }
        let assignment = word.split_once('=').is_some_and(|(name, _)| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        if command.is_empty() && assignment {
            continue;
        }
        command.push(word);
    }
    commands.push(command);
    commands.retain(|command| !command.is_empty());
    Ok(commands)
}

/// Parses `xpost` and its arguments as the binary does (`Cli::parse_args`), without exiting:
/// clap's parser, each `--alt`, `--sensitive` and `--subtitles` paired with its media, and no
/// posting options given to a subcommand.
fn parse(words: &[String]) -> Result<(), String> {
    let mut command = Cli::command();
    let matches = match command.try_get_matches_from_mut(words) {
        Ok(matches) => matches,
        Err(err)
            if matches!(
                err.kind(),
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
            ) =>
        {
            return Ok(());
        }
        Err(err) => return Err(err.to_string()),
    };
    let cli = Cli::from_arg_matches(&matches).map_err(|err| err.to_string())?;
    let _items = match (&cli.command, matches.subcommand_matches("edit")) {
        (Some(Command::Edit(_)), Some(edit)) => xpost::cli::media_items(edit)?,
        _ => xpost::cli::media_items(&matches)?,
    };
    if cli.post_args_with_subcommand() {
        return Err("posting options given with a subcommand".into());
    }
    Ok(())
}

/// The names of the `[[kind]]` targets in Cargo.toml (`bench`, `test`, `bin`).
fn cargo_targets(kind: &str) -> BTreeSet<String> {
    let manifest = std::fs::read_to_string(Path::new(ROOT).join("Cargo.toml")).unwrap();
    let header = format!("[[{kind}]]");
    let mut names = BTreeSet::new();
    let mut inside = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            inside = line == header;
        } else if inside && let Some(value) = line.strip_prefix("name = ") {
            names.insert(value.trim_matches('"').to_string());
        }
    }
    names
}

/// What is wrong with a `cargo` command (its words, `cargo` first), if anything.
fn check_cargo(words: &[String]) -> Result<(), String> {
    let line = words.join(" ");
    let sub = words
        .get(1)
        .ok_or_else(|| format!("{line}: no cargo command"))?;
    if !CARGO_COMMANDS.contains(&sub.as_str()) {
        return Err(format!("{line}: cargo {sub} is none of {CARGO_COMMANDS:?}"));
    }
    let (own, passed) = match words.iter().position(|word| word == "--") {
        Some(i) => (&words[2..i], Some(&words[i + 1..])),
        None => (&words[2..], None),
    };
    let mut own = own.iter();
    let mut positional = Vec::new();
    while let Some(word) = own.next() {
        let kind = match word.as_str() {
            "--bench" => "bench",
            "--test" => "test",
            "--bin" => "bin",
            "-p" | "--package" | "--path" => {
                let value = own
                    .next()
                    .ok_or_else(|| format!("{line}: {word} needs a value"))?;
                let known = match word.as_str() {
                    "--path" => Path::new(ROOT).join(value).join("Cargo.toml").exists(),
                    _ => packages().contains(value),
                };
                if !known {
                    return Err(format!("{line}: {word} {value} is no package here"));
                }
                continue;
            }
            word if word.starts_with('-') => continue,
            word => {
                positional.push(word);
                continue;
            }
        };
        let name = own
            .next()
            .ok_or_else(|| format!("{line}: {word} needs a name"))?;
        let names = cargo_targets(kind);
        if !names.contains(name) {
            return Err(format!(
                "{line}: no [[{kind}]] named {name} in Cargo.toml: {names:?}"
            ));
        }
    }
    if ["install", "binstall"].contains(&sub.as_str()) {
        for name in positional {
            if name != "xpost" {
                return Err(format!("{line}: the package is xpost, not {name}"));
            }
        }
    }
    if sub == "run"
        && let Some(args) = passed
    {
        let mut xpost = vec!["xpost".to_string()];
        xpost.extend(args.iter().cloned());
        parse(&xpost).map_err(|err| format!("{line}: {err}"))?;
        for pair in args.windows(2) {
            if ["--image", "--media", "--file", "--thread"].contains(&pair[0].as_str())
                && !Path::new(ROOT).join(&pair[1]).exists()
            {
                return Err(format!("{line}: no file {}", pair[1]));
            }
        }
    }
    Ok(())
}

/// The workspace's packages: the root one and each under `crates/`.
fn packages() -> BTreeSet<String> {
    let mut names = BTreeSet::from(["xpost".to_string()]);
    for entry in std::fs::read_dir(Path::new(ROOT).join("crates")).unwrap() {
        names.insert(entry.unwrap().file_name().to_string_lossy().into_owned());
    }
    names
}

/// Every simple command shown in the pages' code blocks, with where it is. Fenced `text`
/// blocks show a command's usage and output, not commands to run.
fn shown_commands(pages: &[Page]) -> Vec<(String, String, Vec<String>)> {
    let mut shown = Vec::new();
    for page in pages {
        for (info, block) in &page.blocks {
            if info == "text" {
                continue;
            }
            for line in command_lines(block) {
                match simple_commands(&line) {
                    Ok(commands) => shown.extend(
                        commands
                            .into_iter()
                            .map(|words| (page.name.clone(), line.clone(), words)),
                    ),
                    // A line that is no shell (output, a file's content) is no command, unless it
                    // starts as one.
                    Err(err) if line.starts_with("xpost ") || line.starts_with("cargo ") => {
                        shown.push((page.name.clone(), err, Vec::new()))
                    }
                    Err(_) => {}
                }
            }
        }
    }
    shown
}

#[test]
fn every_xpost_command_shown_parses() {
    let pages = pages();
    let shown = shown_commands(&pages);
    let mut parsed = 0;
    let mut wrong = Vec::new();
    for (page, line, words) in &shown {
        if words.is_empty() {
            wrong.push(format!("{page}: {line}"));
        } else if words[0] == "xpost" {
            parsed += 1;
            if let Err(err) = parse(words) {
                wrong.push(format!("{page}: {line}\n  {err}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "commands xpost refuses:\n{}",
        wrong.join("\n")
    );
    let in_readme = shown
        .iter()
        .filter(|(page, _, words)| {
            page == "README.md" && words.first().is_some_and(|w| w == "xpost")
        })
        .count();
    assert!(
        in_readme >= 5,
        "the README shows {in_readme} xpost commands"
    );
    assert!(parsed > in_readme, "the docs show xpost commands too");
}

#[test]
fn every_cargo_command_shown_names_what_exists() {
    let pages = pages();
    let mut commands: Vec<(String, Vec<String>)> = shown_commands(&pages)
        .into_iter()
        .map(|(page, _, words)| (page, words))
        .collect();
    for page in &pages {
        for span in &page.spans {
            if let Ok(simple) = simple_commands(span) {
                commands.extend(simple.into_iter().map(|words| (page.name.clone(), words)));
            }
        }
    }
    let mut checked = 0;
    let mut wrong = Vec::new();
    // A line that could not be split is reported by `every_xpost_command_shown_parses`.
    for (page, words) in commands
        .iter()
        .filter(|(_, words)| words.first().is_some_and(|word| word == "cargo"))
    {
        checked += 1;
        if let Err(err) = check_cargo(words) {
            wrong.push(format!("{page}: {err}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(checked >= 10, "{checked} cargo commands");
}

#[test]
fn the_readme_shows_the_two_set_up_commands() {
    let readme = Page::read("README.md");
    let set_up = readme
        .text
        .split("\n## Set-up\n")
        .nth(1)
        .expect("the README has a Set-up section");
    let set_up = set_up.split("\n## ").next().unwrap();
    let block = readme
        .blocks
        .iter()
        .find(|(_, block)| set_up.contains(block.lines().next().unwrap_or("\0")))
        .map(|(_, block)| block.lines().map(str::trim).collect::<Vec<_>>())
        .expect("the Set-up section shows commands");
    assert_eq!(block, SET_UP, "the set-up commands, verbatim");
}

/// Every long option of xpost and its commands, without the dashes.
fn long_options() -> BTreeSet<String> {
    fn walk(command: &clap::Command, into: &mut BTreeSet<String>) {
        for arg in command.get_arguments() {
            into.extend(arg.get_long().map(str::to_string));
            into.extend(
                arg.get_all_aliases()
                    .into_iter()
                    .flatten()
                    .map(str::to_string),
            );
        }
        for sub in command.get_subcommands() {
            walk(sub, into);
        }
    }
    let mut options = BTreeSet::from(["help".to_string(), "version".to_string()]);
    walk(&Cli::command(), &mut options);
    options
}

/// The long options named in `text`: each `--name` that starts a word.
fn options_named(text: &str) -> Vec<String> {
    let mut named = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("--") {
        let before = rest[..i].chars().next_back();
        let name: String = rest[i + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let starts_word = before.is_none_or(|c| !(c.is_alphanumeric() || c == '-'));
        if starts_word && name.starts_with(|c: char| c.is_ascii_lowercase()) {
            named.push(name.clone());
        }
        rest = &rest[i + 2 + name.len()..];
    }
    named
}

#[test]
fn every_option_named_exists() {
    let options = long_options();
    let mut named = 0;
    let mut unknown = Vec::new();
    for page in pages() {
        // Inline code that names an option alone, or in an xpost command.
        for span in &page.spans {
            let first = span.split_whitespace().next().unwrap_or("");
            if !(first == "xpost" || first.starts_with("--")) {
                continue;
            }
            for option in options_named(span) {
                named += 1;
                let spelled = format!("--{option}");
                if first == spelled && CARGO_OPTIONS.contains(&spelled.as_str()) {
                    continue;
                }
                if !options.contains(&option) {
                    unknown.push(format!("{}: `{span}`: xpost has no {spelled}", page.name));
                }
            }
        }
        // Tables of options: each row's first cell.
        for line in page.text.lines() {
            if let Some(cell) = line.strip_prefix("| `--") {
                let option: String = cell
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                named += 1;
                if !options.contains(&option) {
                    unknown.push(format!("{}: {line}: xpost has no --{option}", page.name));
                }
            }
        }
    }
    assert!(unknown.is_empty(), "{}", unknown.join("\n"));
    assert!(named > 100, "{named} options named");
}

#[test]
fn a_broken_link_is_found() {
    // The checks above must be able to fail: a page with a link to no file and an anchor to
    // no heading.
    let page = Page {
        name: "docs/example.md".into(),
        text: String::new(),
        headings: vec!["Usage".into()],
        links: vec![
            "usage.md#options".into(),
            "missing.md".into(),
            "usage.md#no-such-heading".into(),
            "#usage".into(),
            "#nowhere".into(),
            "https://x.com".into(),
        ],
        blocks: Vec::new(),
        spans: Vec::new(),
    };
    let broken = broken_links(&page);
    assert_eq!(broken.len(), 3, "{broken:?}");
    assert!(broken[0].contains("no file docs/missing.md"), "{broken:?}");
    assert!(
        broken[1].contains("no heading #no-such-heading"),
        "{broken:?}"
    );
    assert!(
        broken[2].contains("#nowhere: no such heading"),
        "{broken:?}"
    );
}

#[test]
fn slugs_are_githubs() {
    assert_eq!(
        slug("X in 2026: paying per request"),
        "x-in-2026-paying-per-request"
    );
    assert_eq!(
        slug("What xpost auth setup keeps, and where"),
        "what-xpost-auth-setup-keeps-and-where"
    );
    assert_eq!(slug("Long posts (subscribers)"), "long-posts-subscribers");
    assert_eq!(resolve("docs/a.md", "../examples/x.yml"), "examples/x.yml");
    assert_eq!(resolve("README.md", "docs/a.md"), "docs/a.md");
}

#[test]
fn shell_lines_become_commands() {
    let commands = simple_commands(
        "0 9 * * 1  cd /srv && xpost --auth oauth1 --file u.txt >>posted.log 2>>xpost.err # weekly",
    )
    .unwrap();
    assert_eq!(commands.len(), 2);
    assert_eq!(
        commands[1],
        ["xpost", "--auth", "oauth1", "--file", "u.txt"]
    );
    let commands = simple_commands("BROWSER=\"xpost sandbox consent\" xpost auth login").unwrap();
    assert_eq!(commands, [["xpost", "auth", "login"]]);
    let commands = simple_commands("xpost edit 1 - < fixed.txt").unwrap();
    assert_eq!(commands, [["xpost", "edit", "1", "-"]]);
    let refused = ["xpost --no-such-option", "xpost \"hi\" --alt \"no image\""];
    for line in refused {
        let words = shell_words::split(line).unwrap();
        assert!(parse(&words).is_err(), "{line} parses");
    }
    let bench = ["cargo", "bench", "--bench", "no_such_bench"].map(String::from);
    assert!(check_cargo(&bench).is_err());
    let run = [
        "cargo",
        "run",
        "--",
        "--sandbox",
        "hi",
        "--image",
        "nowhere.png",
    ]
    .map(String::from);
    assert!(check_cargo(&run).is_err());
}
