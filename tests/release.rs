//! The release: what its archives carry besides the binary (`assets/`), and the workflow that
//! builds and publishes it (`.github/workflows/release.yml`, made by `.ci/release-workflow`
//! with `dist generate`, and the two workflows it calls, `smoke-test.yml` and
//! `publish-crates.yml`).
//!
//! `.ci/release-check` goes further where `dist` is installed: it checks that the workflow is
//! the one `.ci/release-workflow` makes from `Cargo.toml`, builds the x86_64 Linux release and
//! installs it with its installer.

use std::path::{Path, PathBuf};

use clap_complete::Shell;
use yaml_rust2::{Yaml, YamlLoader};

/// The files `assets/` holds, and the shell each is the completion script of (`None`: the
/// manual page).
const ASSETS: [(&str, Option<Shell>); 6] = [
    ("completions/xpost.bash", Some(Shell::Bash)),
    ("completions/_xpost", Some(Shell::Zsh)),
    ("completions/xpost.fish", Some(Shell::Fish)),
    ("completions/_xpost.ps1", Some(Shell::PowerShell)),
    ("completions/xpost.elv", Some(Shell::Elvish)),
    ("man/xpost.1", None),
];

fn top() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What `xpost completions SHELL` or `xpost man` prints now.
fn generated(shell: Option<Shell>) -> String {
    let text = match shell {
        Some(shell) => xpost::commands::docs::completion_script(shell),
        None => xpost::commands::docs::manual().expect("the manual renders"),
    };
    format!("{}\n", text.trim_end_matches('\n'))
}

/// The completion scripts and the manual page the archives carry are the ones this xpost
/// prints. After a change to the command line, `XPOST_BLESS_ASSETS=1 cargo test release`
/// writes them again.
#[test]
fn the_archives_completions_and_manual_are_what_xpost_prints_now() {
    let bless = std::env::var_os("XPOST_BLESS_ASSETS").is_some();
    let mut stale = Vec::new();
    for (name, shell) in ASSETS {
        let path: PathBuf = top().join("assets").join(name);
        let now = generated(shell);
        if bless {
            std::fs::write(&path, &now).expect("assets/ is writable");
            continue;
        }
        let kept = std::fs::read_to_string(&path).unwrap_or_default();
        if kept != now {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "assets/{stale:?} differ from what xpost prints now: run \
         `XPOST_BLESS_ASSETS=1 cargo test release` and commit them"
    );
}

/// Every file in `assets/` is one the test above keeps current.
#[test]
fn assets_holds_nothing_the_test_does_not_keep() {
    let mut found = Vec::new();
    for dir in ["completions", "man"] {
        for entry in std::fs::read_dir(top().join("assets").join(dir)).expect("assets/") {
            found.push(format!(
                "{dir}/{}",
                entry.unwrap().file_name().to_string_lossy()
            ));
        }
    }
    found.sort();
    let mut known: Vec<String> = ASSETS.iter().map(|(name, _)| name.to_string()).collect();
    known.sort();
    assert_eq!(found, known);
}

/// The text of `.github/workflows/NAME`.
fn workflow_text(name: &str) -> String {
    std::fs::read_to_string(top().join(".github/workflows").join(name))
        .unwrap_or_else(|error| panic!("the workflow {name}: {error}"))
}

/// `.github/workflows/NAME`, parsed.
fn load(name: &str) -> Yaml {
    YamlLoader::load_from_str(&workflow_text(name))
        .unwrap_or_else(|error| panic!("the workflow {name} is YAML: {error}"))
        .remove(0)
}

/// The release workflow, parsed.
fn workflow() -> Yaml {
    load("release.yml")
}

/// The jobs a job waits for.
fn needs(job: &Yaml) -> Vec<&str> {
    job["needs"]
        .as_vec()
        .expect("needs")
        .iter()
        .filter_map(Yaml::as_str)
        .collect()
}

/// A job's steps.
fn steps(job: &Yaml) -> &[Yaml] {
    job["steps"].as_vec().expect("steps")
}

/// A step's `run` script, or nothing.
fn run(step: &Yaml) -> &str {
    step["run"].as_str().unwrap_or_default()
}

/// Whether a step uses the action `name` (any version).
fn uses(step: &Yaml, name: &str) -> bool {
    step["uses"]
        .as_str()
        .is_some_and(|uses| uses.starts_with(&format!("{name}@")))
}

/// The `[workspace.metadata.dist]` table of `Cargo.toml`, as strings.
fn dist_config() -> toml_table::Table {
    toml_table::read(&top().join("Cargo.toml"), "workspace.metadata.dist")
}

/// A tag `vX.Y.Z` starts the release; pull requests only plan it.
#[test]
fn a_version_tag_starts_the_release() {
    let doc = workflow();
    let tags: Vec<&str> = doc["on"]["push"]["tags"]
        .as_vec()
        .expect("runs on pushed tags")
        .iter()
        .filter_map(Yaml::as_str)
        .collect();
    assert!(
        tags.iter().any(|tag| tag.contains("[0-9]+.[0-9]+.[0-9]+")),
        "a version tag: {tags:?}"
    );
    assert!(doc["on"]["pull_request"].as_hash().is_some() || doc["on"]["pull_request"].is_null());
    let permissions = &doc["permissions"];
    assert_eq!(
        permissions["contents"].as_str(),
        Some("write"),
        "it publishes"
    );
}

/// The build job runs each target on the runner `dist plan` names (macOS on macOS, Windows on
/// Windows, Linux on Linux): the matrix comes from the plan, not from the workflow, so the
/// plan's targets are the table's in `Cargo.toml`; `.ci/release-check` reads the plan itself.
#[test]
fn each_target_builds_on_the_runner_the_plan_names_and_the_release_is_published() {
    let doc = workflow();
    let jobs = doc["jobs"].as_hash().expect("jobs");
    let names: Vec<&str> = jobs.keys().filter_map(Yaml::as_str).collect();
    for job in [
        "plan",
        "build-local-artifacts",
        "build-global-artifacts",
        "host",
        "announce",
    ] {
        assert!(names.contains(&job), "{job} in {names:?}");
    }
    let build = &doc["jobs"]["build-local-artifacts"];
    assert_eq!(build["runs-on"].as_str(), Some("${{ matrix.runner }}"));
    let matrix = build["strategy"]["matrix"].as_str().unwrap_or_default();
    assert!(
        matrix.contains("needs.plan.outputs.val") && matrix.contains("artifacts_matrix"),
        "the matrix is the plan's: {matrix}"
    );
    let runs: Vec<&str> = steps(build).iter().map(run).collect();
    assert!(
        runs.iter()
            .any(|run| run.contains("dist build") && run.contains("matrix.dist_args")),
        "builds with dist: {runs:?}"
    );
    // The release is created with every artifact, and only after every build.
    let host = &doc["jobs"]["host"];
    let waits = needs(host);
    assert!(waits.contains(&"build-local-artifacts") && waits.contains(&"build-global-artifacts"));
    let hosting = steps(host).iter().map(run).collect::<Vec<_>>().join("\n");
    assert!(
        hosting.contains("gh release create") && hosting.contains("artifacts/*"),
        "{hosting}"
    );

    // The targets: static Linux on both architectures, both macOS, Windows.
    let config = dist_config();
    let targets = config.strings("targets");
    for target in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(
            targets.contains(&target.to_owned()),
            "{target} in {targets:?}"
        );
    }
    let installers = config.strings("installers");
    assert_eq!(installers, ["shell", "powershell", "homebrew"]);
    assert_eq!(
        config.strings("include"),
        ["assets/completions/", "assets/man/"]
    );
    // The workflow is made by the dist version the table names.
    let version = config.string("cargo-dist-version");
    assert!(
        workflow_text("release.yml").contains(&format!("cargo-dist/releases/download/v{version}/")),
        "release.yml is made by dist {version}: run .ci/release-workflow"
    );
}

/// The conditions a GitHub expression `${{ a && b && (c || d) }}` requires all of, each as
/// written; panics if it is not such a chain (an `||` or `!` outside brackets would let the job
/// run without them).
fn all_of(expression: &str) -> Vec<&str> {
    let inner = expression
        .trim()
        .strip_prefix("${{")
        .and_then(|rest| rest.strip_suffix("}}"))
        .expect("an expression")
        .trim();
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    let bytes = inner.as_bytes();
    for (at, byte) in bytes.iter().enumerate() {
        match byte {
            b'(' => depth += 1,
            b')' => depth -= 1,
            b'&' if depth == 0 && bytes.get(at + 1) == Some(&b'&') => {
                parts.push(inner[start..at].trim());
                start = at + 2;
            }
            b'|' | b'!' if depth == 0 => panic!("not a chain of &&: {expression}"),
            _ => {}
        }
    }
    parts.push(inner[start..].trim());
    parts
}

const NAME_REPOSITORY: &str = r#".github/name-repository "$GITHUB_SERVER_URL/$GITHUB_REPOSITORY""#;

/// Every job that runs dist names the repository it runs in first, right after its checkout of
/// this repository (`.ci/release-check` checks that a Homebrew tap's checkout gets no such
/// step): dist writes that address into the installers and stops without one, and Cargo.toml
/// does not name it, so a release downloads from the repository that made it.
#[test]
fn each_job_names_the_repository_it_runs_in_before_dist_reads_it() {
    let doc = workflow();
    let jobs = doc["jobs"].as_hash().expect("jobs");
    let mut running_dist = 0;
    for (name, job) in jobs {
        let name = name.as_str().unwrap_or_default();
        if job["uses"].as_str().is_some() {
            continue; // a called workflow: its own steps are checked below
        }
        let steps = steps(job);
        // A checkout of this repository (not, say, of a Homebrew tap, where the script is not).
        let checkout = steps.iter().position(|step| {
            uses(step, "actions/checkout") && step["with"]["repository"].is_badvalue()
        });
        let named = steps.iter().position(|step| run(step) == NAME_REPOSITORY);
        let first_dist = steps.iter().position(|step| {
            run(step)
                .lines()
                .any(|line| line.trim_start().starts_with("dist "))
        });
        if let Some(first_dist) = first_dist {
            running_dist += 1;
            let named =
                named.unwrap_or_else(|| panic!("{name} runs dist without naming the repository"));
            assert!(
                named < first_dist,
                "{name} names the repository after dist reads it"
            );
        }
        if let Some(checkout) = checkout {
            assert_eq!(
                named,
                Some(checkout + 1),
                "{name}: the name right after the checkout"
            );
        }
    }
    assert!(
        running_dist >= 4,
        "plan, both builds and host run dist: {running_dist}"
    );
    // The step runs the script in bash on every runner (Windows included), and takes the
    // address from the runner's environment, not from text pasted into the script.
    let text = workflow_text("release.yml");
    for (at, _) in text.match_indices(NAME_REPOSITORY) {
        let before = &text[..at];
        let step = &before[before.rfind("- name:").expect("a named step")..];
        assert!(step.contains("shell: bash"), "{step}");
    }
    assert!(!text.contains("${{ github.repository }}"));
    // dist may not write its own workflow over this one.
    assert_eq!(dist_config().strings("allow-dirty"), ["ci"]);
}

/// Before anything is published, each build's archive is unpacked and run on the runner it was
/// built on (macOS on macOS, Windows on Windows), by the script `.ci/release-check` runs on the
/// x86_64 Linux build here; the release is made only if every run passed.
#[test]
fn each_build_runs_on_its_own_runner_before_the_release_is_made() {
    let doc = workflow();
    assert_eq!(
        dist_config().strings("global-artifacts-jobs"),
        ["./smoke-test"]
    );
    let job = &doc["jobs"]["custom-smoke-test"];
    assert_eq!(
        job["uses"].as_str(),
        Some("$/.github/workflows/smoke-test.yml")
    );
    assert!(needs(job).contains(&"build-local-artifacts"));
    let host = &doc["jobs"]["host"];
    assert!(needs(host).contains(&"custom-smoke-test"));
    let condition = host["if"].as_str().expect("host runs on a condition");
    assert!(
        all_of(condition).contains(&"(needs.custom-smoke-test.result == 'skipped' || needs.custom-smoke-test.result == 'success')"),
        "the release waits for the smoke test's success: {condition}"
    );

    let smoke = load("smoke-test.yml");
    let job = &smoke["jobs"]["smoke-test"];
    // The same matrix as the builds, so each target runs where it was built.
    let build = &doc["jobs"]["build-local-artifacts"];
    assert_eq!(job["runs-on"], build["runs-on"]);
    assert_eq!(
        job["strategy"]["matrix"].as_str(),
        Some("${{ fromJson(inputs.plan).ci.github.artifacts_matrix }}")
    );
    let uploaded = steps(build)
        .iter()
        .find(|step| step["name"].as_str() == Some("Upload artifacts"))
        .expect("the build uploads its artifacts")["with"]["name"]
        .as_str()
        .expect("under a name");
    let fetched = steps(job)
        .iter()
        .find(|step| uses(step, "actions/download-artifact"))
        .expect("fetches the build's archives");
    assert_eq!(fetched["with"]["name"].as_str(), Some(uploaded));
    let smoke_test = steps(job)
        .iter()
        .find(|step| run(step).contains(".github/smoke-test"))
        .expect("runs .github/smoke-test");
    assert_eq!(
        smoke_test["shell"].as_str(),
        Some("bash"),
        "Git Bash on Windows"
    );
    assert!(run(smoke_test).contains("$TARGETS"));
    assert_eq!(
        smoke_test["env"]["TARGETS"].as_str(),
        Some("${{ join(matrix.targets, ' ') }}")
    );
    assert_eq!(job["permissions"]["contents"].as_str(), Some("read"));
    // The scripts the runners run in bash keep LF line ends on a Windows checkout.
    let attributes = std::fs::read_to_string(top().join(".gitattributes")).unwrap();
    for script in [".github/smoke-test", ".github/name-repository"] {
        assert!(
            attributes
                .lines()
                .any(|line| line == format!("{script} text eol=lf")),
            "{script} in .gitattributes"
        );
    }
}

/// After the GitHub release the crates go to crates.io, from the same commit, naming the same
/// repository. They were packaged and built from their .crate files before the release was
/// made; the publish step, the only one with the token, runs cargo alone, uploading without
/// building, and leaves out a crate whose version is there already (a run stopped half-way can
/// be run again). Without the token, nothing is published and the run says so.
#[test]
fn the_crates_are_published_after_the_release_naming_its_repository() {
    let doc = workflow();
    assert_eq!(dist_config().strings("publish-jobs"), ["./publish-crates"]);
    let job = &doc["jobs"]["custom-publish-crates"];
    assert_eq!(
        job["uses"].as_str(),
        Some("$/.github/workflows/publish-crates.yml"),
        "the called workflow, from the commit that runs (GitHub's self-repository reference)"
    );
    assert_eq!(
        job["secrets"].as_str(),
        Some("inherit"),
        "it gets the token"
    );
    let permissions = job["permissions"].as_hash().expect("permissions");
    assert_eq!(permissions.len(), 1, "{permissions:?}");
    assert_eq!(job["permissions"]["contents"].as_str(), Some("read"));
    assert!(needs(job).contains(&"host"), "after the release");
    assert_eq!(
        job["if"].as_str(),
        Some(
            "${{ !fromJson(needs.plan.outputs.val).announcement_is_prerelease || fromJson(needs.plan.outputs.val).publish_prereleases }}"
        ),
        "not for a pre-release"
    );
    let announce = &doc["jobs"]["announce"];
    assert!(needs(announce).contains(&"custom-publish-crates"));
    assert!(
        all_of(announce["if"].as_str().unwrap()).contains(
            &"(needs.custom-publish-crates.result == 'skipped' || needs.custom-publish-crates.result == 'success')"
        )
    );

    let publish = load("publish-crates.yml");
    assert!(
        publish["on"]["workflow_call"]["inputs"]["plan"]
            .as_hash()
            .is_some(),
        "dist calls it with the plan"
    );
    let jobs = publish["jobs"].as_hash().expect("jobs");
    assert_eq!(jobs.len(), 1);
    let job = jobs.values().next().unwrap();
    assert!(
        job["env"].is_badvalue(),
        "no job-wide env: the token is the publish step's"
    );
    let steps = steps(job);
    let named = steps
        .iter()
        .position(|step| run(step) == NAME_REPOSITORY)
        .expect("names the repository");
    let published = steps
        .iter()
        .position(|step| run(step).contains("cargo publish"))
        .expect("publishes");
    assert!(named < published);
    for (at, step) in steps.iter().enumerate() {
        let token = step["env"]["CARGO_REGISTRY_TOKEN"].as_str();
        if at == published {
            assert_eq!(token, Some("${{ secrets.CARGO_REGISTRY_TOKEN }}"));
        } else {
            assert!(
                step["env"]["CARGO_REGISTRY_TOKEN"].is_badvalue(),
                "step {at} sees the token"
            );
        }
    }
    let publishing = run(&steps[published]);
    let command = publishing
        .lines()
        .find(|line| line.trim_start().starts_with("cargo publish"))
        .unwrap();
    for flag in ["--workspace", "--locked", "--no-verify", "$EXCLUDE"] {
        assert!(command.contains(flag), "{flag} in {command}");
    }
    assert_eq!(
        steps[published]["env"]["EXCLUDE"].as_str(),
        Some("${{ steps.unpublished.outputs.exclude }}")
    );
    let unpublished = steps
        .iter()
        .find(|step| step["id"].as_str() == Some("unpublished"))
        .expect("finds what is published already");
    assert!(run(unpublished).contains("https://index.crates.io/"));
    let skip = publishing.find("exit 0").expect("skips without a token");
    assert!(
        publishing[..skip].contains(r#"-z "$CARGO_REGISTRY_TOKEN""#),
        "{publishing}"
    );
    assert!(
        publishing[..skip].contains("::warning::"),
        "says so: {publishing}"
    );

    // Before the release: each crate packaged and built from its .crate file, with the
    // repository named as it will be published.
    let smoke = load("smoke-test.yml");
    let steps = smoke["jobs"]["package-crates"]["steps"]
        .as_vec()
        .expect("a job packages the crates before the release");
    let named = steps.iter().position(|step| run(step) == NAME_REPOSITORY);
    let packaged = steps
        .iter()
        .position(|step| run(step).contains("cargo package --workspace --locked"));
    assert!(
        named.is_some() && packaged.is_some() && named < packaged,
        "{steps:?}"
    );
    assert!(!run(&steps[packaged.unwrap()]).contains("--no-verify"));
}

/// `cargo binstall xpost` finds the archive `dist` makes for each target.
#[test]
fn cargo_binstall_finds_the_archive_dist_makes_for_each_target() {
    let binstall = toml_table::read(&top().join("Cargo.toml"), "package.metadata.binstall");
    let url = binstall.string("pkg-url");
    let bin_dir = binstall.string("bin-dir");
    for target in dist_config().strings("targets") {
        let windows = target.contains("windows");
        let (suffix, ext) = if windows {
            (".zip", ".exe")
        } else {
            (".tar.xz", "")
        };
        let rendered = url
            .replace("{ repo }", "REPO")
            .replace("{ version }", "1.2.3")
            .replace("{ name }", "xpost")
            .replace("{ target }", &target)
            .replace("{ archive-suffix }", suffix);
        // dist names its archives `NAME-TARGET.tar.xz` (`.zip` on Windows) and tags the release
        // `vVERSION`.
        assert_eq!(
            rendered,
            format!("REPO/releases/download/v1.2.3/xpost-{target}{suffix}")
        );
        // A tarball holds its files in a directory named as the archive; a zip holds them at
        // its root (dist unpacks zips flat).
        let bin = binstall
            .get(&format!("overrides.{target}.bin-dir"))
            .unwrap_or_else(|| bin_dir.clone())
            .replace("{ name }", "xpost")
            .replace("{ target }", &target)
            .replace("{ bin }", "xpost")
            .replace("{ binary-ext }", ext);
        let inside = if windows {
            format!("xpost{ext}")
        } else {
            format!("xpost-{target}/xpost{ext}")
        };
        assert_eq!(bin, inside, "{target}");
        let format = binstall
            .get(&format!("overrides.{target}.pkg-fmt"))
            .unwrap_or_else(|| binstall.string("pkg-fmt"));
        assert_eq!(format, if windows { "zip" } else { "txz" }, "{target}");
    }
}

/// One table of `Cargo.toml` (a dotted name), read with `toml_edit`.
mod toml_table {
    use std::path::Path;

    pub struct Table(toml_edit::Table);

    impl Table {
        /// A string at a dotted key below the table.
        pub fn get(&self, key: &str) -> Option<String> {
            let mut item: &toml_edit::Item = self.0.get(key.split('.').next()?)?;
            for part in key.split('.').skip(1) {
                item = item.get(part)?;
            }
            item.as_str().map(str::to_owned)
        }

        pub fn string(&self, key: &str) -> String {
            self.get(key)
                .unwrap_or_else(|| panic!("{key} is not a string in the table"))
        }

        pub fn strings(&self, key: &str) -> Vec<String> {
            self.0
                .get(key)
                .and_then(toml_edit::Item::as_array)
                .unwrap_or_else(|| panic!("{key} is not an array in the table"))
                .iter()
                .map(|value| value.as_str().expect("a string").to_owned())
                .collect()
        }
    }

    pub fn read(path: &Path, name: &str) -> Table {
        let text = std::fs::read_to_string(path).expect("Cargo.toml");
        let document: toml_edit::DocumentMut = text.parse().expect("Cargo.toml is TOML");
        let mut item = document.as_item();
        for part in name.split('.') {
            item = item
                .get(part)
                .unwrap_or_else(|| panic!("Cargo.toml has no [{name}]"));
        }
        Table(item.as_table().expect("a table").clone())
    }
}
