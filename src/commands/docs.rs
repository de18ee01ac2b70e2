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
/// `assets/man/xpost.1`): the page of `xpost` itself, then a section for each command, with
/// its own synopsis, description and options (the global options are listed once, above).
pub fn manual() -> Result<String> {
    let mut command = Cli::command();
    command.build();
    let mut out = Vec::new();
    clap_mangen::Man::new(command.clone())
        .render(&mut out)
        .map_err(render_failed)?;
    for sub in command.get_subcommands() {
        command_sections(sub, &mut out)?;
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// The sections of one command (`xpost auth login`) and of the commands below it.
fn command_sections(command: &clap::Command, out: &mut Vec<u8>) -> Result<()> {
    // clap's own `help` command says nothing the page does not.
    if command.is_hide_set() || command.get_name() == "help" {
        return Ok(());
    }
    let name = command.get_bin_name().unwrap_or(command.get_name());
    let page = clap_mangen::Man::new(command.clone().mut_args(|arg| {
        if arg.is_global_set() {
            arg.hide(true)
        } else {
            arg
        }
    }));
    let mut section = Vec::new();
    page.render_synopsis_section(&mut section)
        .and_then(|()| page.render_description_section(&mut section))
        .and_then(|()| page.render_options_section(&mut section))
        .map_err(render_failed)?;
    out.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
    for line in String::from_utf8_lossy(&section).lines() {
        // The command's own headings become subsections of its section; its synopsis needs
        // none, and its description is the paragraph after it.
        match line.strip_prefix(".SH ") {
            Some("SYNOPSIS") => {}
            Some("DESCRIPTION") => out.extend_from_slice(b".PP\n"),
            Some(heading) => {
                let heading = heading.trim_matches('"');
                out.extend_from_slice(format!(".SS \"{heading}\"\n").as_bytes());
            }
            None => {
                out.extend_from_slice(line.as_bytes());
                out.push(b'\n');
            }
        }
    }
    for sub in command.get_subcommands() {
        command_sections(sub, out)?;
    }
    Ok(())
}

fn render_failed(err: std::io::Error) -> Error {
    Error::internal(format!("cannot render the manual: {err}"))
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
        // Each command has its section, with its own options, down to the commands of `auth`
        // and `sandbox`; the global options are listed once.
        for command in [
            "XPOST DELETE",
            "XPOST EDIT",
            "XPOST AUTH LOGIN",
            "XPOST SANDBOX SERVE",
        ] {
            assert!(page.contains(&format!(".SH \"{command}\"")), "{command}");
        }
        assert!(
            !page.contains("XPOST HELP"),
            "clap's help command is left out"
        );
        let described = |option: &str| page.lines().filter(|line| *line == option).count();
        assert_eq!(
            described("\\fB\\-\\-no\\-browser\\fR"),
            1,
            "--no-browser once"
        );
        let edit = &page[page.find(".SH \"XPOST EDIT\"").unwrap()..];
        let edit = &edit[..edit[4..].find(".SH ").map_or(edit.len(), |end| end + 4)];
        assert!(edit.contains(".SS \"OPTIONS\""), "{edit}");
    }
}
