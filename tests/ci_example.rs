//! The GitHub Actions workflow `docs/scripts-and-ci.md` points to (`examples/github-actions.yml`): valid
//! YAML, its secrets reach xpost through the environment, and its xpost command line is one
//! this xpost accepts.

use std::collections::BTreeSet;

use clap::Parser;
use yaml_rust2::{Yaml, YamlLoader};

const WORKFLOW: &str = include_str!("../examples/github-actions.yml");

/// Every step of every job.
fn steps(doc: &Yaml) -> Vec<&Yaml> {
    let Some(jobs) = doc["jobs"].as_hash() else {
        return Vec::new();
    };
    jobs.values()
        .filter_map(|job| job["steps"].as_vec())
        .flatten()
        .collect()
}

#[test]
fn the_workflow_posts_with_xpost_from_secrets_in_the_environment() {
    let docs = YamlLoader::load_from_str(WORKFLOW).expect("the workflow is YAML");
    let doc = &docs[0];
    assert!(
        doc["on"]["release"].as_hash().is_some(),
        "runs on a release"
    );
    let steps = steps(doc);
    let posting: Vec<&&Yaml> = steps
        .iter()
        .filter(|step| {
            step["run"]
                .as_str()
                .is_some_and(|run| run.trim_start().starts_with("xpost "))
        })
        .collect();
    assert_eq!(posting.len(), 1, "one step runs xpost: {steps:?}");
    let step = posting[0];

    // The four OAuth 1.0a values come from secrets, by the names xpost reads.
    let env = step["env"].as_hash().expect("the step has an environment");
    let names: BTreeSet<&str> = env.keys().filter_map(Yaml::as_str).collect();
    for name in [
        "X_API_KEY",
        "X_API_SECRET",
        "X_ACCESS_TOKEN",
        "X_ACCESS_TOKEN_SECRET",
    ] {
        assert!(names.contains(name), "{name} is not set: {names:?}");
        let value = env[&Yaml::String(name.into())].as_str().unwrap();
        assert_eq!(value, format!("${{{{ secrets.{name} }}}}"), "{name}");
    }

    // Event text reaches the command through the environment, not into the script.
    let run = step["run"].as_str().unwrap();
    assert!(!run.contains("${{"), "no expression in the script: {run}");

    // The command line is one this xpost accepts: OAuth 1.0a, no consent to wait for.
    let words = shell_words::split(run).expect("a shell command line");
    let cli = xpost::cli::Cli::try_parse_from(&words).unwrap_or_else(|err| panic!("{run}: {err}"));
    assert!(cli.command.is_none(), "it posts: {run}");
    assert!(cli.post.text.is_some(), "with text: {run}");
    assert_eq!(cli.common.auth.map(|a| a.name()), Some("oauth1"), "{run}");
}

#[test]
fn the_workflow_shown_in_the_docs_is_the_example() {
    let page = include_str!("../docs/scripts-and-ci.md");
    let shown = page
        .split("```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("docs/scripts-and-ci.md shows the workflow");
    let shown = YamlLoader::load_from_str(shown).expect("the workflow shown is YAML");
    let example = YamlLoader::load_from_str(WORKFLOW).expect("the workflow is YAML");
    assert_eq!(
        shown, example,
        "docs/scripts-and-ci.md shows examples/github-actions.yml"
    );
}
