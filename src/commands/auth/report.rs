//! What `auth login` and `auth status` report: who is logged in, where the login and its
//! tokens are kept, whether X accepts it, and where each variable came from.

use serde::Serialize;

use super::stored::store_path;
use crate::auth::session::now;
use crate::auth::store::{Held, Record, Slot};
use crate::commands::context::Context;
use crate::compose::limit::{Allowance, Subscription};
use crate::config::Method;
use crate::output;

/// What `login` and `status` report.
#[derive(Debug, Serialize)]
pub(super) struct Report {
    /// How a post would be authorized: `oauth1` or `oauth2`.
    method: &'static str,
    pub(super) logged_in: bool,
    pub(super) username: Option<String>,
    pub(super) user_id: Option<String>,
    store: Option<String>,
    /// Where the tokens are: `keyring` or `file`; `None` without a login.
    secrets: Option<&'static str>,
    /// The keyring entry holding them, when the keyring does.
    #[serde(skip)]
    entry: Option<String>,
    pub(super) expires_at: Option<u64>,
    scopes: Vec<String>,
    pub(super) refreshable: bool,
    /// The account's subscription as X named it (`None`, `Basic`, `Premium`, `PremiumPlus`),
    /// which sets how long its posts may be; `null` when unknown.
    pub(super) subscription_type: Option<&'static str>,
    /// Whether X accepted the token just now; `None` when it was not asked.
    pub(super) accepted: Option<bool>,
    /// Why X was not asked, when it was not.
    #[serde(skip)]
    pub(super) not_asked: &'static str,
    /// Where each `X_*` variable set came from (never its value).
    sources: Vec<Origin>,
}

/// Where one variable's value came from.
#[derive(Debug, Serialize)]
struct Origin {
    name: &'static str,
    source: String,
}

/// The lines that say where each variable came from.
fn origin_lines(sources: &[Origin]) -> Vec<String> {
    let mut lines = vec!["  from:".to_owned()];
    lines.extend(
        sources
            .iter()
            .map(|o| format!("    {:<22} {}", o.name, o.source)),
    );
    if sources.is_empty() {
        lines.clear();
    }
    lines
}

fn origins(ctx: &Context) -> Vec<Origin> {
    ctx.origins
        .iter()
        .map(|(name, source)| Origin {
            name,
            source: source.to_string(),
        })
        .collect()
}

impl Report {
    pub(super) fn of(ctx: &Context, slot: Option<&Slot>, login: Option<&Record>) -> Report {
        Report {
            method: ctx.config.method.name(),
            logged_in: login.is_some(),
            username: login.and_then(|l| l.username.clone()),
            user_id: login.and_then(|l| l.user_id.clone()),
            store: Some(store_path(ctx, slot)),
            secrets: login.map(|l| l.secrets.place().name()),
            entry: login.and_then(|l| match &l.secrets {
                Held::Keyring { entry, .. } => Some(entry.to_string()),
                Held::File(_) => None,
            }),
            expires_at: login.map(|l| l.expires_at),
            scopes: login.map(|l| l.scopes.clone()).unwrap_or_default(),
            refreshable: login.is_some_and(|l| l.refreshable()),
            subscription_type: login.and_then(|l| l.subscription).map(Subscription::name),
            accepted: None,
            not_asked: "the token is due for refresh",
            sources: origins(ctx),
        }
    }

    /// Where the tokens are, for a person.
    fn secrets_text(&self, insecure: bool) -> String {
        match (self.secrets, &self.entry) {
            (Some("keyring"), Some(entry)) => format!("the system keyring ({entry})"),
            (Some("file"), _) if insecure => {
                "in that file, readable only by you (--insecure-storage or XPOST_INSECURE_STORAGE)"
                    .to_owned()
            }
            (Some("file"), _) => "in that file, readable only by you: no system keyring answered when they were stored (they move into it at the next login or refresh once one does)".to_owned(),
            _ => "none stored".to_owned(),
        }
    }

    pub(super) fn text(&self, insecure: bool) -> String {
        let who = match (&self.username, &self.user_id) {
            (Some(name), Some(id)) => format!("@{name} (id {id})"),
            (Some(name), None) => format!("@{name}"),
            _ => "an account whose username is unknown".to_owned(),
        };
        if self.method == Method::OAuth1.name() {
            return self.oauth1_text(&who);
        }
        let mut lines = vec![format!("Logged in to X as {who}.")];
        lines.push(
            "  method:     OAuth 2.0, the stored login (posts use it; --auth oauth1 for the OAuth 1.0a keys)"
                .to_owned(),
        );
        lines.push(format!(
            "  stored in:  {}",
            self.store.as_deref().unwrap_or_default()
        ));
        lines.push(format!("  tokens:     {}", self.secrets_text(insecure)));
        if let Some(at) = self.expires_at {
            let now = now();
            let when = if at > now {
                format!(
                    "expires in {} ({})",
                    output::duration(std::time::Duration::from_secs(at - now)),
                    output::utc(at)
                )
            } else {
                format!("expired at {}", output::utc(at))
            };
            let renew = if self.refreshable {
                "; refreshed automatically"
            } else {
                "; no refresh token: log in again when it expires"
            };
            lines.push(format!("  token:      {when}{renew}"));
        }
        lines.push(format!("  scopes:     {}", self.scopes.join(" ")));
        lines.push(self.subscription_line());
        lines.push(format!(
            "  X says:     {}",
            match self.accepted {
                Some(true) => "the token is accepted".to_owned(),
                Some(false) => "the token is refused".to_owned(),
                None => format!("not asked ({})", self.not_asked),
            }
        ));
        lines.extend(origin_lines(&self.sources));
        lines.join("\n")
    }
}

impl Report {
    /// The line that says the subscription, and the longest post it allows.
    fn subscription_line(&self) -> String {
        let allowance = Allowance::of(self.subscription_type.and_then(Subscription::parse));
        let limit = match allowance {
            Allowance::Known(_) => {
                format!("posts of up to {} weighted characters", allowance.limit())
            }
            _ => "posts of up to 280 weighted characters until X names one".to_owned(),
        };
        format!("  subscription: {} ({limit})", allowance.shown())
    }

    /// The report for posting with the OAuth 1.0a keys, before X is asked.
    pub(super) fn oauth1(ctx: &Context) -> Report {
        Report {
            method: Method::OAuth1.name(),
            logged_in: false,
            username: None,
            user_id: None,
            store: None,
            secrets: None,
            entry: None,
            expires_at: None,
            scopes: Vec::new(),
            refreshable: false,
            subscription_type: None,
            accepted: None,
            not_asked: "X could not be asked",
            sources: origins(ctx),
        }
    }

    fn oauth1_text(&self, who: &str) -> String {
        let who = if self.accepted == Some(true) {
            format!(" as {who}")
        } else {
            String::new()
        };
        [
            format!("Posting to X with the OAuth 1.0a keys{who}."),
            "  method:     OAuth 1.0a (X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET): no login, nothing stored, no expiry".to_owned(),
            self.subscription_line(),
            format!(
                "  X says:     {}",
                match self.accepted {
                    Some(true) => "the keys are accepted".to_owned(),
                    Some(false) => "the keys are refused".to_owned(),
                    None => format!("not asked ({})", self.not_asked),
                }
            ),
        ]
        .into_iter()
        .chain(origin_lines(&self.sources))
        .collect::<Vec<_>>()
        .join("\n")
    }
}
