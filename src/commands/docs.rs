//! `xpost completions SHELL` and `xpost man`: generated from the clap definition, so they
//! never drift from the real options.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::{Error, Result};

/// Prints the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    crate::output::print(completion_script(shell).trim_end_matches('\n'))
}

/// Prints the manual page as roff.
pub fn man() -> Result<()> {
    crate::output::print(manual()?.trim_end_matches('\n'))
}

/// The completion script for `shell`, as `xpost completions SHELL` prints it (and as the
/// release archives carry it, in `assets/completions/`).
pub fn completion_script(shell: clap_complete::Shell) -> String {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "xpost", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The manual page as roff, as `xpost man` prints it (and as the release archives carry it, in
/// `assets/man/xpost.1`).
pub fn manual() -> Result<String> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|err| Error::internal(format!("cannot render the manual: {err}")))?;
    Ok(String::from_utf8_lossy(&out).into_owned())
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
            let script = completion_script(shell);
            // Fish spells long options without their dashes (-l image).
            for word in ["auth", "sandbox", "image", "thread", "dry-run", "reply-to"] {
                assert!(script.contains(word), "{shell:?} lacks {word}");
            }
        }
    }

    #[test]
    fn the_manual_has_the_options_and_exit_codes() {
        let page = manual().unwrap();
        assert!(page.starts_with(".ie"), "roff");
        assert!(page.contains("xpost"));
        assert!(page.contains("\\-\\-reply\\-to"));
        assert!(page.contains("Exit codes"));
    }
}
