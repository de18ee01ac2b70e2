//! The names xpost's configuration knows: X's default endpoints, the ways to authorize and
//! the plans, the variables that hold the credentials and where the developer portal shows them,
//! and how on/off and CI variables read. Pure.

/// The consent page X shows, unless `X_AUTHORIZE_URL` says otherwise.
pub const DEFAULT_AUTHORIZE_URL: &str = "https://x.com/i/oauth2/authorize";
/// The base of every `/2/...` endpoint, unless `X_API_BASE` says otherwise.
pub const DEFAULT_API_BASE: &str = "https://api.x.com";
/// The callback registered in the developer portal, unless `X_REDIRECT_URI` says otherwise.
pub const DEFAULT_REDIRECT_URI: &str = "http://127.0.0.1:5000/oauth/callback";
/// Where post URLs point.
pub const DEFAULT_WEB_BASE: &str = "https://x.com";

pub(super) const PORTAL: &str = "developer.x.com > Projects & Apps > your app";

/// The plan of the app's project at X, which decides what a post may carry: `--plan`, else
/// `X_PLAN`, else self-serve ([`crate::config::Env::plan`]).
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
pub(super) struct Name {
    pub(super) var: &'static str,
    pub(super) what: &'static str,
}

pub(super) const CLIENT_ID: Name = Name {
    var: "X_CLIENT_ID",
    what: "OAuth 2.0 Client ID: Keys and tokens > OAuth 2.0 Client ID and Client Secret",
};
pub(super) const OAUTH1: [Name; 4] = [
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
