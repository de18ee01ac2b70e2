//! [`Env`], the one place where xpost reads environment variables: the process environment,
//! then `--env-file` or an implicit `./.env` (what such a file may not set is left out), then the
//! app kept by `xpost auth setup`. And the `.env` file's reading, bounded.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::dirs::{self, Platform};
use super::names::*;
use super::resolve::Config;
use super::sources::{Source, check_dotenv_setting, check_sources};
use super::stored::{Stored, stored_names};
use crate::error::{Cause, Error, Result};

/// Variables that name a command to run, or take the login's tokens out of the keyring:
/// taken from the environment or a file given with `--env-file`, never from a `./.env` found
/// in the working directory (a cloned repository's `.env` could otherwise have the next login's
/// tokens written to a file, in a state directory of its choosing).
const COMMANDS: [&str; 2] = ["BROWSER", "XPOST_INSECURE_STORAGE"];

/// Removes from an implicit `./.env`'s variables those it may not set ([`COMMANDS`]);
/// returns their names.
pub(super) fn only_named_files(vars: &mut HashMap<String, String>) -> Vec<&'static str> {
    COMMANDS
        .into_iter()
        .filter(|name| vars.remove(*name).is_some())
        .collect()
}

/// The variables xpost reads, from the process environment and then `.env`. Nothing else in
/// xpost reads the environment.
pub struct Env {
    lookup: Box<Lookup>,
    /// The file variables were read from, and which of them came from it (the environment
    /// won for the others).
    file: Option<(PathBuf, HashMap<String, String>)>,
    /// Whether that file is the `./.env` that merely sits in the working directory, rather
    /// than one given with `--env-file`.
    implicit: bool,
    /// The app set up with `xpost auth setup`, and the names it may fill in ([`stored_names`]).
    stored: Option<(Stored, Vec<&'static str>)>,
}

/// A function from a variable's name to its value.
type Lookup = dyn Fn(&str) -> Option<String> + Send + Sync;

impl Env {
    /// The process environment, then `.env` (or `env_file`, which must exist). A variable set
    /// in the environment wins over the file, unless it is empty.
    pub fn load(env_file: Option<&Path>) -> Result<Env> {
        let path = env_file.map_or_else(|| PathBuf::from(".env"), Path::to_path_buf);
        let mut vars = read_env_file(env_file)?;
        if env_file.is_none() {
            for name in only_named_files(&mut vars) {
                crate::output::warn(format!(
                    "./.env sets {name}, which xpost takes only from the environment or a file given with --env-file; it is ignored"
                ));
            }
        }
        let from_file = vars.clone();
        // An empty variable counts as unset, so it does not hide a value in the file.
        let mut env = Env::from_lookup(move |name| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .or_else(|| from_file.get(name).cloned())
        });
        env.file = Some((path, vars));
        env.implicit = env_file.is_none();
        Ok(env)
    }

    /// Adds the app set up with `xpost auth setup`, after the environment and the file, for
    /// the names [`stored_names`] lets it fill in.
    pub fn with_stored(mut self, stored: Stored) -> Env {
        let names = stored_names(
            |name| self.get(name),
            |name| stored.settings.get(name).cloned(),
        );
        self.stored = Some((stored, names));
        self
    }

    /// The app set up with `xpost auth setup` this run uses, if any.
    pub fn stored(&self) -> Option<&Stored> {
        self.stored.as_ref().map(|(stored, _)| stored)
    }

    /// What the stored app gives for `name`, when it may give it.
    fn stored_value(&self, name: &str) -> Option<(String, Source)> {
        let (stored, names) = self.stored.as_ref()?;
        if !names.contains(&name) {
            return None;
        }
        if let Some(value) = stored.settings.get(name) {
            return Some((value.clone(), Source::Setup(stored.path.clone())));
        }
        if !stored.secret_names.iter().any(|n| n == name) {
            return None;
        }
        let secrets = stored
            .read
            .get_or_init(|| (stored.read_secrets)())
            .as_ref()
            .ok()?;
        let value = secrets.get(name)?.clone();
        Some((value, stored.secrets_at.clone()))
    }

    /// Reads the stored app's secrets now, if this run may use any: a keyring that does not
    /// answer is an error before anything is sent.
    fn check_stored(&self) -> Result<()> {
        let Some((stored, names)) = &self.stored else {
            return Ok(());
        };
        if !stored
            .secret_names
            .iter()
            .any(|n| names.contains(&n.as_str()) && (self.lookup)(n).is_none())
        {
            return Ok(());
        }
        match stored.read.get_or_init(|| (stored.read_secrets)()) {
            Ok(_) => Ok(()),
            Err(why) => Err(Error::config(format!(
                "cannot read the secrets of the app {:?} set up with xpost auth setup from {}: {why}",
                crate::sanitize::outside(&stored.name),
                stored.secrets_at
            ))
            .hint("unlock the keyring and run again; or set the app up again with xpost auth setup")),
        }
    }

    /// The app asked for: `flag` (`--app`), else `XPOST_APP`; empty is none.
    pub fn app(&self, flag: Option<&str>) -> Option<String> {
        flag.map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .or_else(|| self.get("XPOST_APP").map(|a| a.trim().to_owned()))
    }

    /// Where the user's configuration is kept: `$XDG_CONFIG_HOME/xpost` (when absolute), else
    /// `%APPDATA%\xpost` on Windows, `~/Library/Application Support/xpost` on macOS,
    /// `~/.config/xpost` elsewhere ([`dirs::config_dir`]). None of these is taken from a `./.env`
    /// that merely sits in the working directory: it would have xpost read an app of its choosing
    /// as the user's.
    pub fn config_dir(&self) -> Result<PathBuf> {
        dirs::config_dir(Platform::HERE, |name| self.platform_variable(name)).ok_or_else(|| {
            Error::config(format!(
                "cannot tell where your configuration is: {} is not set",
                Platform::HERE.config_variable()
            ))
            .hint("set XDG_CONFIG_HOME to a directory of your own")
        })
    }

    /// One of the platform's variables that say where the user's directories are (`HOME`,
    /// `XDG_CONFIG_HOME`, `XDG_STATE_HOME`, `APPDATA`, `LOCALAPPDATA`): from the environment or
    /// an `--env-file`, never from a `./.env` that merely sits in the working directory, which
    /// would otherwise choose where xpost reads an app or writes a login (into the cloned
    /// repository itself, say).
    fn platform_variable(&self, name: &str) -> Option<String> {
        match self.source(name) {
            Source::DotEnv => std::env::var(name).ok().filter(|v| !v.trim().is_empty()),
            _ => self.get(name),
        }
    }

    /// Variables from a lookup function (for tests, and for the sandbox's own settings).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Env {
        Env {
            lookup: Box::new(lookup),
            file: None,
            implicit: false,
            stored: None,
        }
    }

    /// Where the value of `name` came from.
    pub fn source(&self, name: &str) -> Source {
        if self.get(name).is_none() {
            return Source::Default;
        }
        if (self.lookup)(name).is_none_or(|v| v.trim().is_empty())
            && let Some((_, source)) = self.stored_value(name)
        {
            return source;
        }
        match &self.file {
            Some((path, vars))
                if vars.get(name).is_some_and(|v| !v.trim().is_empty())
                    && std::env::var(name).map_or(true, |v| v.trim().is_empty()) =>
            {
                if self.implicit {
                    Source::DotEnv
                } else {
                    Source::File(path.clone())
                }
            }
            _ => Source::Environment,
        }
    }

    /// The value of `name`; empty counts as unset.
    pub fn get(&self, name: &str) -> Option<String> {
        (self.lookup)(name)
            .filter(|v| !v.trim().is_empty())
            .or_else(|| self.stored_value(name).map(|(value, _)| value))
    }

    /// The checked configuration these variables make.
    pub fn config(&self) -> Result<Config> {
        self.config_for(None)
    }

    /// The checked configuration for the method asked for on the command line (`--auth`),
    /// which wins over `XPOST_AUTH`.
    pub fn config_for(&self, asked: Option<Method>) -> Result<Config> {
        self.check_stored()?;
        let config = Config::resolve(|name| self.get(name), asked)?;
        check_sources(|name| self.source(name), &config)?;
        Ok(config)
    }

    /// Whether this run is in CI (the `CI` variable, see [`is_ci`]): then nobody can give a
    /// consent.
    pub fn ci(&self) -> bool {
        is_ci((self.lookup)("CI").as_deref())
    }

    /// Whether the login's tokens are to be kept in its file rather than the system's keyring:
    /// `flag` (`--insecure-storage`), else `XPOST_INSECURE_STORAGE` ([`switch`]).
    pub fn insecure_storage(&self, flag: bool) -> Result<bool> {
        let name = "XPOST_INSECURE_STORAGE";
        let value = switch(self.get(name).as_deref()).map_err(|text| {
            Error::config(format!(
                "{name} is {:?}, which is neither on (1, true, yes) nor off (0, false, no)",
                crate::sanitize::outside(&text)
            ))
            .hint(format!(
                "set {name}=1 to keep the login's tokens in its file, or unset it"
            ))
        })?;
        Ok(flag || value)
    }

    /// Where logins are kept: `XPOST_HOME`, else `$XDG_STATE_HOME/xpost` (when absolute), else
    /// `%LOCALAPPDATA%\xpost` on Windows, else `~/.local/state/xpost` ([`dirs::state_dir`]).
    /// Only `XPOST_HOME` may come from a `./.env` (with its server, [`check_dotenv_setting`]);
    /// the platform's directories are the process's.
    pub fn state_dir(&self) -> Result<PathBuf> {
        if let Some(home) = self.get("XPOST_HOME") {
            check_dotenv_setting("XPOST_HOME", |name| self.source(name))?;
            return Ok(PathBuf::from(home));
        }
        dirs::state_dir(Platform::HERE, |name| self.platform_variable(name)).ok_or_else(|| {
            Error::config(format!(
                "cannot tell where to keep the login: {} is not set",
                Platform::HERE.state_variable()
            ))
            .hint("set XPOST_HOME to a directory of your own")
        })
    }

    /// The app's plan: `flag` (`--plan`), else `X_PLAN` (from anywhere, a `./.env` included:
    /// it decides only what xpost refuses before X would; X enforces its plans itself), else
    /// self-serve.
    pub fn plan(&self, flag: Option<Plan>) -> Result<Plan> {
        if let Some(plan) = flag {
            return Ok(plan);
        }
        let Some(value) = self.get("X_PLAN") else {
            return Ok(Plan::default());
        };
        Plan::parse(&value).map_err(|_| {
            Error::config(format!(
                "X_PLAN is {:?}, which is neither self-serve nor enterprise",
                crate::sanitize::outside(&value)
            ))
            .hint(
                "set X_PLAN=self-serve (pay-per-use, Basic, Pro) or X_PLAN=enterprise, or unset it",
            )
        })
    }

    /// The account asked for: `flag` (`--account`), else `XPOST_ACCOUNT`; empty is none.
    pub fn account(&self, flag: Option<&str>) -> Option<String> {
        flag.map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .or_else(|| self.get("XPOST_ACCOUNT").map(|a| a.trim().to_owned()))
    }

    /// How a browser is opened here.
    pub fn browser(&self) -> Browser {
        Browser {
            command: self.get("BROWSER"),
            desktop: cfg!(any(target_os = "macos", target_os = "windows"))
                || ["DISPLAY", "WAYLAND_DISPLAY"]
                    .iter()
                    .any(|name| self.get(name).is_some()),
        }
    }
}

/// How a browser is opened here.
#[derive(Debug, Clone, Default)]
pub struct Browser {
    /// `$BROWSER`: a command line to run with the URL.
    pub command: Option<String>,
    /// Whether a desktop session is there for the system's default browser.
    pub desktop: bool,
}

impl Browser {
    /// Whether a browser can plausibly be opened.
    pub fn available(&self) -> bool {
        self.command.is_some() || self.desktop
    }
}

/// The most of a `.env` file xpost reads: far above any real one, and a bound on what a
/// hostile one can make it hold.
pub(super) const ENV_FILE_LIMIT: u64 = 1 << 20;

pub(super) fn read_env_file(path: Option<&Path>) -> Result<HashMap<String, String>> {
    let (path, required) = match path {
        Some(path) => (path.to_path_buf(), true),
        None => (Path::new(".env").to_path_buf(), false),
    };
    let mut bytes = Vec::new();
    // Only a regular file is opened: opening a FIFO planted as `.env` would wait for a writer
    // for good, and a device has no end.
    let read = std::fs::metadata(&path)
        .and_then(|metadata| {
            if metadata.is_file() {
                Ok(())
            } else {
                Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "it is not a regular file",
                ))
            }
        })
        .and_then(|()| std::fs::File::open(&path))
        .and_then(|file| file.take(ENV_FILE_LIMIT + 1).read_to_end(&mut bytes));
    match read {
        Ok(_) => {}
        Err(err) if !required && err.kind() == std::io::ErrorKind::NotFound => {
            return Ok(HashMap::new());
        }
        Err(err) => {
            return Err(Error::new(
                if err.kind() == std::io::ErrorKind::NotFound {
                    Cause::NoInput
                } else {
                    Cause::Config
                },
                format!("cannot read {}: {err}", crate::sanitize::path(&path)),
            ));
        }
    }
    let fail = |why: String| {
        Error::config(format!("{}: {why}", crate::sanitize::path(&path)))
            .hint("each line should read NAME=value; see example.env")
    };
    if bytes.len() as u64 > ENV_FILE_LIMIT {
        return Err(fail(format!(
            "it is larger than {} KiB, which no .env file is",
            ENV_FILE_LIMIT / 1024
        )));
    }
    let text = String::from_utf8(bytes).map_err(|_| fail("it is not UTF-8 text".to_owned()))?;
    parse_env(&text).map_err(fail)
}

/// The variables a `.env` file's text sets. A UTF-8 byte-order mark (which some editors
/// write) is skipped. A line that cannot be parsed is named by its number, never quoted: it
/// may hold a secret.
pub fn parse_env(text: &str) -> std::result::Result<HashMap<String, String>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut vars = HashMap::new();
    for item in dotenvy::from_read_iter(text.as_bytes()) {
        match item {
            Ok((key, value)) => {
                vars.insert(key, value);
            }
            Err(dotenvy::Error::LineParse(line, index)) => {
                let first = line.lines().next().unwrap_or_default().trim_end();
                let number = text.lines().position(|l| l.trim_end() == first);
                return Err(match number {
                    Some(n) => format!("cannot parse line {} (at character {})", n + 1, index + 1),
                    None => format!("cannot parse it near character {index}"),
                });
            }
            Err(_) => return Err("cannot parse it".to_owned()),
        }
    }
    Ok(vars)
}
