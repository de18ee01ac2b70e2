//! The command line, as clap sees it. Nothing here reads the environment or files;
//! [`crate::config`] turns these arguments into the configuration the rest of xpost uses.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

use crate::error::Exit;

/// Post to X from a terminal or a shell script.
///
/// The first run opens X's consent page in your browser; after you authorize, xpost posts and
/// prints the post's URL on stdout. Credentials come from the environment or a .env file
/// (see example.env).
#[derive(Debug, Parser)]
#[command(name = "xpost", version, after_help = after_help())]
pub struct Cli {
    /// The text to post. May be left out when posting media only.
    #[arg(value_name = "TEXT")]
    pub text: Option<String>,

    /// Attach an image (JPEG, PNG, WEBP or GIF, at most 5 MB). Repeat for up to 4 images.
    #[arg(long = "image", value_name = "PATH")]
    pub images: Vec<PathBuf>,

    /// Print the result as JSON: {"id","url","text","media_ids"}.
    #[arg(long)]
    pub json: bool,

    /// Do not open a browser; print the consent URL and wait for the redirect.
    #[arg(long)]
    pub no_browser: bool,

    /// How long to wait for consent in the browser, e.g. 300, 90s or 5m.
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_duration)]
    pub auth_timeout: Duration,

    /// Read credentials from this file instead of ./.env.
    #[arg(long, value_name = "PATH")]
    pub env_file: Option<PathBuf>,

    /// Run against xpost's built-in imitation of X: no account needed, nothing is posted publicly.
    #[arg(long)]
    pub sandbox: bool,
}

fn after_help() -> String {
    format!(
        "Examples:\n  xpost \"hello\" --image cat.png\n  xpost --sandbox \"trying xpost\"\n\n{}",
        Exit::table()
    )
}

/// Parses a duration written as plain seconds (`300`) or with a unit (`90s`, `5m`, `1h`).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration; write e.g. 300, 90s or 5m"))?;
    let seconds = match unit {
        "" | "s" => number,
        "m" => number * 60,
        "h" => number * 3600,
        _ => return Err(format!("unknown unit {unit:?}; use s, m or h")),
    };
    if seconds == 0 {
        return Err("the duration must be more than zero".into());
    }
    Ok(Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("300"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("five").is_err());
        assert!(parse_duration("5d").is_err());
    }

    #[test]
    fn images_repeat() {
        let cli =
            Cli::try_parse_from(["xpost", "hi", "--image", "a.png", "--image", "b.png"]).unwrap();
        assert_eq!(cli.text.as_deref(), Some("hi"));
        assert_eq!(cli.images.len(), 2);
        assert_eq!(cli.auth_timeout, Duration::from_secs(300));
    }

    #[test]
    fn help_lists_exit_codes() {
        let help = Cli::command().render_long_help().to_string();
        assert!(help.contains("Exit codes:"));
        assert!(help.contains(" 77  consent declined"));
    }
}
