//! `xpost completions SHELL` and `xpost man`: generated from the clap definition, so they
//! never drift from the real options.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::{Error, Result};

/// Prints the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "xpost", &mut out);
    write(&out)
}

/// Prints the manual page as roff.
pub fn man() -> Result<()> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|err| Error::internal(format!("cannot render the manual: {err}")))?;
    write(&out)
}

fn write(bytes: &[u8]) -> Result<()> {
    let text = String::from_utf8_lossy(bytes);
    crate::output::print(text.trim_end_matches('\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_naming_the_commands() {
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
            clap_complete::Shell::PowerShell,
        ] {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "xpost", &mut out);
            let script = String::from_utf8(out).unwrap();
            // Fish spells long options without their dashes (-l image).
            for word in ["auth", "sandbox", "image", "thread", "dry-run", "reply-to"] {
                assert!(script.contains(word), "{shell:?} lacks {word}");
            }
        }
    }

    #[test]
    fn the_manual_has_the_options_and_exit_codes() {
        let mut out = Vec::new();
        clap_mangen::Man::new(Cli::command())
            .render(&mut out)
            .unwrap();
        let page = String::from_utf8(out).unwrap();
        assert!(page.starts_with(".ie"), "roff");
        assert!(page.contains("xpost"));
        assert!(page.contains("\\-\\-reply\\-to"));
        assert!(page.contains("Exit codes"));
    }
}
