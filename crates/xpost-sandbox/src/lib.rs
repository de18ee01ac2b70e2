//! The sandbox: an in-process imitation of the X API that behaves like X, refusals
//! included. It serves the OAuth 2.0 consent page and token endpoints, OAuth 1.0a and
//! bearer authentication, media upload (simple, and chunked for GIFs, videos up to 512 MB and
//! subtitle files, with processing and STATUS polls), alt text and sensitive-media warnings,
//! subtitles for videos, posting (with tagged users), editing, reading and deleting posts,
//! X Articles (drafted and published, for accounts with a subscription),
//! `users/me` and users by username on
//! `127.0.0.1`, and lets tests look inside (posts, media, requests) and push it into
//! corners (expired tokens and media, revoked grants, exhausted rate limits, failed
//! processing), or make it fail the way networks and X fail ([`Sandbox::inject`] of a
//! [`Fault`], or `POST /_sandbox/faults` from another process).
//!
//! It knows nothing of xpost's client code. The one thing it shares with the client is X's
//! way of counting a post's length (the `xpost-text` crate): X refuses text over 280
//! weighted characters, and an imitation that counted differently from the client would
//! refuse posts that X takes (or take posts that X refuses), so both use one count, which
//! is itself tested against twitter-text's JavaScript reference. Everything else (OAuth 1.0a
//! verification, PKCE, media rules) is written here from X's documentation, independently of
//! the client, so that each checks the other. It prints nothing, and keeps secrets out of
//! every answer.

mod apps;
mod articles;
mod billing;
mod caller;
mod challenge;
mod chunked;
mod chunks;
mod clock;
mod consent_bot;
mod content;
mod control;
mod daily;
mod deleting;
mod editing;
mod faults;
mod grants;
mod ids;
mod images;
mod limits;
mod me;
mod metadata;
mod oauth2;
mod pages;
mod plans;
mod posting;
mod problems;
mod processing;
mod reading;
mod server;
mod signature;
mod simple_upload;
mod sink;
mod spool;
mod state;
mod subscriptions;
mod subtitles;
mod uploads;
mod users;
mod web;

#[cfg(test)]
mod tests;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use articles::Article;
pub use content::{AuthMethod, Media, Post, SensitiveWarning, SubtitleTrack};
pub use deleting::DeleteAnswer;
pub use editing::EditRules;
pub use faults::{Fault, FaultSpec};
pub use plans::Plan;
pub use problems::ErrorShape;
pub use processing::MediaState;
pub use reading::{ApiNames, MissingPost};
pub use state::{RequestRecord, USER_ID};
pub use subscriptions::Subscription;

use server::{App, Shared};
use state::State;

/// The sandbox app's and account's keys, fixed so that scripts and tests can use them.
#[derive(Debug, Clone, Copy)]
pub struct SandboxCredentials {
    /// OAuth 2.0 client id.
    pub client_id: &'static str,
    /// OAuth 2.0 client secret (used when [`Options::confidential`] is true).
    pub client_secret: &'static str,
    /// OAuth 1.0a consumer key (API key).
    pub api_key: &'static str,
    /// OAuth 1.0a consumer secret (API secret).
    pub api_secret: &'static str,
    /// OAuth 1.0a access token of the sandbox account.
    pub access_token: &'static str,
    /// OAuth 1.0a access token secret of the sandbox account.
    pub access_token_secret: &'static str,
}

/// The keys the sandbox knows.
pub const CREDENTIALS: SandboxCredentials = SandboxCredentials {
    client_id: "xpost-sandbox-client-id",
    client_secret: "xpost-sandbox-client-secret",
    api_key: "xpost-sandbox-api-key",
    api_secret: "xpost-sandbox-api-secret",
    access_token: "1700000000000000001-xpostsandboxaccesstoken",
    access_token_secret: "xpost-sandbox-access-token-secret",
};

/// The sandbox account's username (user id [`USER_ID`], name "xpost sandbox").
pub const USERNAME: &str = "xpost_sandbox";

/// A second account of the sandbox, with OAuth 1.0a access keys for the same app: what a user
/// has whose `X_ACCESS_TOKEN` was generated while signed in to another account than the one
/// that consents, or who posts as two accounts. The consent page signs in the first account
/// until [`Sandbox::sign_in_as`] signs in this one; as at X, what one account uploads cannot
/// be attached to the other's posts.
#[derive(Debug, Clone, Copy)]
pub struct SecondAccount {
    /// Its user id.
    pub user_id: &'static str,
    /// Its username.
    pub username: &'static str,
    /// Its OAuth 1.0a access token (starting with its user id, as X's do).
    pub access_token: &'static str,
    /// Its OAuth 1.0a access token secret.
    pub access_token_secret: &'static str,
}

/// The sandbox's second account.
pub const SECOND_ACCOUNT: SecondAccount = SecondAccount {
    user_id: "1700000000000000002",
    username: "xpost_second",
    access_token: "1700000000000000002-xpostsandboxsecondaccounttoken",
    access_token_secret: "xpost-sandbox-second-account-token-secret",
};

/// How to start a sandbox.
#[derive(Debug, Clone)]
pub struct Options {
    /// The port on 127.0.0.1; 0 picks any free port.
    pub port: u16,
    /// Registered callback URIs, compared byte for byte.
    pub redirect_uris: Vec<String>,
    /// `true`: the app has a client secret and must use HTTP Basic at the token and revoke
    /// endpoints; `false`: a public client naming itself with `client_id` in the body.
    pub confidential: bool,
    /// How long an authorization code lives (X: 30 seconds).
    pub code_ttl: Duration,
    /// How long an access token lives (X: two hours).
    pub access_token_ttl: Duration,
    /// How many STATUS polls a finalized GIF or video needs before its processing
    /// `succeeded` (the ones before answer `in_progress`); 0 makes it done at finalize.
    pub processing_polls: u32,
    /// The `check_after_secs` a finalized GIF or video carries; a STATUS poll made sooner
    /// does not move its processing forward.
    pub check_after_secs: u64,
    /// What the app's plan lets it post (replies and quotes); X's self-serve rules with
    /// [`Plan::SelfServe`].
    pub plan: Plan,
    /// The project's prepaid credits: each `/2` request that succeeds spends one, and then
    /// requests are refused with 402. `None` (the default) never runs out.
    pub credits: Option<u64>,
    /// A usage cap reached: every `/2` request is refused with 429 `usage-capped`.
    pub usage_capped: bool,
    /// Whether the app is attached to a project; `false` refuses every `/2` request with
    /// 403 `client-forbidden` (`client-not-enrolled`).
    pub enrolled: bool,
    /// Posts per user per 24 hours, reported in `x-user-limit-24hour-*`; `None` sets none.
    pub daily_post_limit: Option<u32>,
    /// How long and how often a post may be edited (X documents 30 minutes and 5 edits).
    pub edit_rules: EditRules,
    /// Which names X takes for a post's fields: its docs' (`tweet.fields`) or OpenAPI
    /// v2.167's (`post.fields`).
    pub api_names: ApiNames,
    /// How `GET /2/tweets/{id}` answers for a post that does not exist: `200` with only
    /// `errors`, or `404`.
    pub missing_post: MissingPost,
    /// How `DELETE /2/tweets/{id}` answers: `200 {"data":{"deleted":..}}`, `204` with no body,
    /// or, for a post that is gone, `200` with only `errors` or a `404`.
    pub delete_answer: DeleteAnswer,
    /// How refusals on `/2` resources are worded: problem JSON, `errors[]`, `{code, message}`
    /// or OpenAPI v2.167's flat invalid-request.
    pub error_shape: ErrorShape,
    /// The accounts' subscription: `None` (the default) posts up to 280 weighted characters
    /// and drafts no X Articles, the others post up to 25,000 and draft Articles. `POST
    /// /_sandbox/subscription` changes it while it runs.
    pub subscription: Subscription,
    /// Whether `users/me` names the subscription (`subscription_type`) when asked; `false`:
    /// X does not say, as for some accounts.
    pub subscription_said: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            port: 0,
            redirect_uris: vec!["http://127.0.0.1:5000/oauth/callback".to_string()],
            confidential: false,
            code_ttl: Duration::from_secs(30),
            access_token_ttl: Duration::from_secs(7200),
            processing_polls: 2,
            check_after_secs: 1,
            plan: Plan::Permissive,
            credits: None,
            usage_capped: false,
            enrolled: true,
            daily_post_limit: None,
            edit_rules: EditRules::default(),
            api_names: ApiNames::Tweet,
            missing_post: MissingPost::Errors,
            delete_answer: DeleteAnswer::Data,
            error_shape: ErrorShape::Problem,
            subscription: Subscription::None,
            subscription_said: true,
        }
    }
}

/// A running imitation of X; it stops when dropped or on [`Sandbox::shutdown`].
pub struct Sandbox {
    app: App,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Binds 127.0.0.1 on `options.port` and starts serving on the current tokio runtime.
    pub async fn start(options: Options) -> std::io::Result<Sandbox> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, options.port)).await?;
        let addr = listener.local_addr()?;
        let app: App = Arc::new(Shared::new(State::new(&options)));
        let router = server::router(app.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server::serve(listener, router, stopped));
        Ok(Sandbox {
            app,
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`, what xpost gets as `X_API_BASE`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The consent page's URL, what xpost gets as `X_AUTHORIZE_URL`.
    pub fn authorize_url(&self) -> String {
        format!("{}/i/oauth2/authorize", self.base_url())
    }

    /// Registers one more callback URI for the app.
    pub fn register_redirect_uri(&self, uri: &str) {
        let mut state = self.app.lock();
        if !state.app.allows_redirect(uri) {
            state.app.redirect_uris.push(uri.to_string());
        }
    }

    /// Signs `user_id` ([`USER_ID`] or [`SECOND_ACCOUNT`]'s) in on the consent page, as a
    /// browser signed in to that account: the consents that follow authorize it. Returns
    /// whether the sandbox has that account.
    pub fn sign_in_as(&self, user_id: &str) -> bool {
        let mut state = self.app.lock();
        if state.account_of(user_id).is_none() {
            return false;
        }
        state.signed_in = user_id.to_string();
        true
    }

    /// Sets the subscription of the account `user_id` ([`USER_ID`] or [`SECOND_ACCOUNT`]'s)
    /// while the sandbox runs: a subscription that lapses, or one taken out. Returns whether
    /// the sandbox has that account.
    pub fn set_subscription(&self, user_id: &str, subscription: Subscription) -> bool {
        let mut state = self.app.lock();
        if state.account_of(user_id).is_none() {
            return false;
        }
        state.set_subscription(user_id, subscription);
        true
    }

    /// Every post made, in order.
    pub fn posts(&self) -> Vec<Post> {
        self.app.lock().content.posts()
    }

    /// Every X Article drafted, in order, each with the post that carries it once published.
    pub fn articles(&self) -> Vec<Article> {
        self.app.lock().articles.clone()
    }

    /// Every media item uploaded, in order; a chunked upload is there from initialize on
    /// (see [`Media::state`]).
    pub fn media(&self) -> Vec<Media> {
        self.app.lock().content.media()
    }

    /// The JSON bodies of the requests to `method` `route` taken so far, in order, exactly as
    /// received. Kept for `POST /2/media/metadata` and `POST /2/media/subtitles` (a post's body
    /// is in [`Post::body`]).
    pub fn bodies(&self, method: &str, route: &str) -> Vec<serde_json::Value> {
        self.app
            .lock()
            .bodies
            .iter()
            .filter(|(m, r, _)| m.eq_ignore_ascii_case(method) && r == route)
            .map(|(_, _, body)| body.clone())
            .collect()
    }

    /// Adds a user named `username` (1 to 15 letters, digits or `_`), someone to look up
    /// (`GET /2/users/by/username/{username}`) and tag; returns its id. A username the sandbox
    /// knows already (in any case) gives that user's id.
    pub fn add_user(&self, username: &str) -> String {
        self.app.lock().add_user(username)
    }

    /// Every HTTP request answered so far, in the order the answers were made. A request
    /// that met a fault is there too: with the status sent, or 0 when the connection was
    /// dropped without an answer (see [`Fault`]).
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.app.lock().requests.clone()
    }

    /// Makes every access token issued so far expired now (refresh tokens still work).
    pub fn expire_access_tokens(&self) {
        let now = self.app.now();
        self.app.lock().grants.expire_access_tokens(now);
    }

    /// As if the user removed the app: every access and refresh token stops working.
    pub fn revoke_all_grants(&self) {
        self.app.lock().grants.revoke_all();
    }

    /// Makes the processing of the next GIF or video finalized fail, with `message` as
    /// STATUS's `processing_info.error.message`.
    pub fn fail_next_processing(&self, message: &str) {
        self.app.lock().fail_next_processing = Some(message.to_string());
    }

    /// Makes every media id uploaded so far expired now: they can no longer be posted,
    /// appended to or finalized (unfinished uploads' files are deleted).
    pub fn expire_media(&self) {
        let now = self.app.now();
        let mut state = self.app.lock();
        state.content.expire_all(now);
        state.uploads.clear();
    }

    /// Sets what is left of one endpoint's quota (e.g. `"POST"`, `"/2/tweets"`; a route
    /// with an id as `"/2/media/upload/{id}/append"`) in its current window; 0 makes it
    /// answer 429 until the window resets.
    pub fn rate_limit(&self, method: &str, path: &str, remaining: u32) {
        let now = self.app.now();
        self.app
            .lock()
            .limits
            .set_remaining(method, path, remaining, now);
    }

    /// Makes the next `times` requests to a route (e.g. `"POST"`, `"/2/tweets"`; a route
    /// with an id as `"/2/media/upload/{id}/append"`, as for [`Sandbox::rate_limit`]) meet
    /// `fault`, after any faults already waiting for that route; each request uses one up.
    /// `times = 0` clears the route's faults. Other routes are not touched.
    pub fn inject(&self, method: &str, route: &str, fault: Fault, times: u32) {
        self.app.lock().faults.inject(method, route, fault, times);
    }

    /// Sets the project's credits left (`None`: unmetered); at 0 every `/2` request is
    /// refused with 402 until credits are added.
    pub fn set_credits(&self, credits: Option<u64>) {
        self.app.lock().billing.credits = credits;
    }

    /// The project's credits left (`None`: unmetered).
    pub fn credits(&self) -> Option<u64> {
        self.app.lock().billing.credits
    }

    /// Reaches (or lifts) a usage cap: every `/2` request is refused with 429 `usage-capped`.
    pub fn set_usage_capped(&self, capped: bool) {
        self.app.lock().billing.usage_capped = capped;
    }

    /// Attaches the app to a project (`true`) or detaches it: every `/2` request is then
    /// refused with 403 `client-forbidden`.
    pub fn set_enrolled(&self, enrolled: bool) {
        self.app.lock().billing.enrolled = enrolled;
    }

    /// Changes what the app's plan lets it post.
    pub fn set_plan(&self, plan: Plan) {
        self.app.lock().plan = plan;
    }

    /// Sets a daily post limit per user (`None`: none), with a fresh 24-hour window.
    pub fn set_daily_post_limit(&self, limit: Option<u32>) {
        self.app.lock().daily = daily::DailyPosts::new(limit);
    }

    /// Makes a post by another user, `@username` (with a user id of its own), as if it was
    /// posted on X by someone else: something to reply to, quote or mention. Returns its id.
    pub fn post_as_someone_else(&self, username: &str, text: &str) -> String {
        let now = self.app.now();
        self.app
            .lock()
            .content
            .add_foreign_post(&format!("foreign:{username}"), text, now)
        // (`POST /_sandbox/others-posts` does the same for a script.)
    }

    /// Changes how long and how often a post may be edited, for the posts made so far too (a
    /// window of zero closes every post's).
    pub fn set_edit_rules(&self, rules: EditRules) {
        self.app.lock().content.edit_rules = rules;
    }

    /// Changes which names X takes for a post's fields (`tweet.fields` or `post.fields`).
    pub fn set_api_names(&self, names: ApiNames) {
        self.app.lock().api_names = names;
    }

    /// Changes how a lookup of a post that does not exist is answered.
    pub fn set_missing_post(&self, how: MissingPost) {
        self.app.lock().missing_post = how;
    }

    /// Changes how a deletion is answered.
    pub fn set_delete_answer(&self, how: DeleteAnswer) {
        self.app.lock().delete_answer = how;
    }

    /// Changes how refusals on `/2` resources are worded.
    pub fn set_error_shape(&self, shape: ErrorShape) {
        self.app.lock().error_shape = shape;
    }

    /// Forgets every fault still waiting, on every route.
    pub fn clear_faults(&self) {
        self.app.lock().faults.clear();
    }

    /// Moves the sandbox clock forward (codes, tokens, media and windows age with it).
    #[cfg(test)]
    pub(crate) fn advance_clock(&self, by: Duration) {
        self.app.clock.advance(by);
    }

    /// Stops serving and waits (briefly) for open connections to finish the request they
    /// are in; idle ones close at once, and any left after five seconds are ended.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            let finished = tokio::time::timeout(Duration::from_secs(5), &mut task).await;
            if finished.is_err() {
                task.abort();
            }
        }
        self.app.lock().uploads.clear();
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // Unfinished uploads' temporary files go now, not when the last connection ends.
        self.app.lock().uploads.clear();
    }
}

/// What the built-in browser clicks on the consent page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The "Authorize app" button.
    Authorize,
    /// The "Cancel" button.
    Cancel,
}

/// The sandbox's own "browser": follows `authorize_url` as a browser would.
///
/// It GETs the consent page, submits the Authorize or Cancel form, follows the redirect
/// to the loopback callback and returns the callback's HTTP status. A refusal that X
/// sends back to the app (such as `invalid_scope`) is followed to the callback too; a
/// refusal shown as an error page is an `Err`.
pub async fn consent_as_browser(authorize_url: &str, decision: Decision) -> Result<u16, String> {
    consent_bot::consent(authorize_url, decision).await
}

/// The README's example, run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct SandboxReadme;
