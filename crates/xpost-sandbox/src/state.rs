//! Everything the sandbox remembers, behind one lock: the account, the other users, the app,
//! OAuth 2.0 grants, OAuth 1.0a keys and nonces, media (and chunked uploads in progress, with
//! how their processing should go), posts, rate limits, injected faults, the request log and
//! the JSON bodies of the media metadata and subtitles requests taken.
//! Each part is pure and tested in its own file; this one only assembles them.

use std::time::Duration;

use serde_json::Value;

use super::Options;
use super::apps::ClientApp;
use super::articles::Article;
use super::billing::Billing;
use super::content::Content;
use super::daily::DailyPosts;
use super::deleting::DeleteAnswer;
use super::faults::Faults;
use super::grants::Grants;
use super::limits::Limits;
use super::plans::Plan;
use super::problems::ErrorShape;
use super::reading::{ApiNames, MissingPost};
use super::signature::Oauth1Verifier;
use super::subscriptions::Subscription;
use super::uploads::Uploads;
use super::{CREDENTIALS, SECOND_ACCOUNT, USERNAME};

/// The sandbox account's user id.
pub const USER_ID: &str = "1700000000000000001";
/// The sandbox account's display name.
pub(crate) const DISPLAY_NAME: &str = "xpost sandbox";

/// One HTTP request the sandbox answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    /// `GET`, `POST` ...
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query, as sent (still percent-encoded), if there was one.
    pub query: Option<String>,
    /// The status code answered.
    pub status: u16,
}

/// The sandbox's user.
#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) username: String,
    /// Its subscription, which sets how long its posts may be (other users': none).
    pub(crate) subscription: Subscription,
}

/// All sandbox state.
pub(crate) struct State {
    /// The account that signs in on the consent page.
    pub(crate) account: Account,
    /// A second account ([`SECOND_ACCOUNT`]): known by its OAuth 1.0a keys, and signed in on
    /// the consent page after [`super::Sandbox::sign_in_as`].
    pub(crate) second_account: Account,
    /// The user id of the account signed in on the consent page.
    pub(crate) signed_in: String,
    pub(crate) app: ClientApp,
    pub(crate) grants: Grants,
    pub(crate) oauth1: Oauth1Verifier,
    pub(crate) content: Content,
    /// Chunked uploads not yet finalized, with their segment files.
    pub(crate) uploads: Uploads,
    /// Counted STATUS polls before a GIF or video's processing ends.
    pub(crate) processing_polls: u32,
    /// How long a client should wait between STATUS polls.
    pub(crate) check_after: Duration,
    /// The failure message for the next GIF or video finalized, if one was asked for.
    pub(crate) fail_next_processing: Option<String>,
    pub(crate) limits: Limits,
    /// Posts per user and 24 hours, when a daily limit is set.
    pub(crate) daily: DailyPosts,
    /// Credits, usage cap and enrollment of the app's project.
    pub(crate) billing: Billing,
    /// What the app's plan lets it post.
    pub(crate) plan: Plan,
    /// Faults waiting for their routes.
    pub(crate) faults: Faults,
    /// Which names X takes for a post's fields.
    pub(crate) api_names: ApiNames,
    /// How X answers a lookup of a post that does not exist.
    pub(crate) missing_post: MissingPost,
    /// How X answers a deletion.
    pub(crate) delete_answer: DeleteAnswer,
    /// How X words its refusals on `/2` resources.
    pub(crate) error_shape: ErrorShape,
    pub(crate) requests: Vec<RequestRecord>,
    /// Users besides the two accounts, to look up and tag ([`super::Sandbox::add_user`]).
    pub(crate) others: Vec<Account>,
    /// The JSON body of each request taken (method, route, body) by the endpoints that keep
    /// them: `POST /2/media/metadata` and `POST /2/media/subtitles`.
    pub(crate) bodies: Vec<(String, String, Value)>,
    /// The X Articles drafted.
    pub(crate) articles: Vec<Article>,
    /// Whether `users/me` names an account's subscription when asked ([`crate::Options`]).
    pub(crate) subscription_said: bool,
}

/// The first id given to a user added with [`State::add_user`].
const FIRST_OTHER_ID: u64 = 1_700_000_000_000_001_000;

impl State {
    /// The account with this user id, if the sandbox has one.
    pub(crate) fn account_of(&self, user_id: &str) -> Option<&Account> {
        [&self.account, &self.second_account]
            .into_iter()
            .find(|account| account.id == user_id)
    }

    /// Any user with this id: an account or another user.
    pub(crate) fn user(&self, user_id: &str) -> Option<&Account> {
        self.account_of(user_id)
            .or_else(|| self.others.iter().find(|user| user.id == user_id))
    }

    /// The user with this username, in any case (X's usernames are case-insensitive).
    pub(crate) fn user_named(&self, username: &str) -> Option<&Account> {
        [&self.account, &self.second_account]
            .into_iter()
            .chain(&self.others)
            .find(|user| user.username.eq_ignore_ascii_case(username))
    }

    /// Adds a user named `username` (or finds the one there is) and returns its id.
    pub(crate) fn add_user(&mut self, username: &str) -> String {
        if let Some(user) = self.user_named(username) {
            return user.id.clone();
        }
        let id = (FIRST_OTHER_ID + self.others.len() as u64).to_string();
        self.others.push(Account {
            id: id.clone(),
            name: username.to_string(),
            username: username.to_string(),
            subscription: Subscription::None,
        });
        id
    }

    /// Sets the subscription of the account `user_id` (one of the two); returns its username.
    pub(crate) fn set_subscription(&mut self, user_id: &str, subscription: Subscription) -> String {
        for account in [&mut self.account, &mut self.second_account] {
            if account.id == user_id {
                account.subscription = subscription;
                return account.username.clone();
            }
        }
        String::new()
    }

    /// The longest post the account `user_id` may make, in weighted characters.
    pub(crate) fn post_limit(&self, user_id: &str) -> usize {
        self.account_of(user_id)
            .map_or(crate::subscriptions::SHORT, |a| a.subscription.limit())
    }

    /// The account signed in on the consent page: the one a consent authorizes.
    pub(crate) fn signed_in(&self) -> &Account {
        self.account_of(&self.signed_in).unwrap_or(&self.account)
    }

    /// Fresh state for the given options.
    pub(crate) fn new(options: &Options) -> Self {
        State {
            account: Account {
                id: USER_ID.into(),
                name: DISPLAY_NAME.into(),
                username: USERNAME.into(),
                subscription: options.subscription,
            },
            second_account: Account {
                id: SECOND_ACCOUNT.user_id.into(),
                name: "xpost sandbox, second account".into(),
                username: SECOND_ACCOUNT.username.into(),
                subscription: options.subscription,
            },
            signed_in: USER_ID.into(),
            app: ClientApp {
                name: "xpost".into(),
                client_id: CREDENTIALS.client_id.into(),
                client_secret: options
                    .confidential
                    .then(|| CREDENTIALS.client_secret.to_string()),
                redirect_uris: options.redirect_uris.clone(),
            },
            grants: Grants::new(options.code_ttl, options.access_token_ttl),
            oauth1: {
                let mut verifier = Oauth1Verifier::new(
                    CREDENTIALS.api_key,
                    CREDENTIALS.api_secret,
                    CREDENTIALS.access_token,
                    CREDENTIALS.access_token_secret,
                    USER_ID,
                );
                verifier.add_token(
                    CREDENTIALS.api_key,
                    SECOND_ACCOUNT.access_token,
                    SECOND_ACCOUNT.access_token_secret,
                    SECOND_ACCOUNT.user_id,
                );
                verifier
            },
            content: Content::with_edit_rules(options.edit_rules),
            uploads: Uploads::default(),
            processing_polls: options.processing_polls,
            check_after: Duration::from_secs(options.check_after_secs),
            fail_next_processing: None,
            limits: Limits::default(),
            daily: DailyPosts::new(options.daily_post_limit),
            billing: Billing {
                credits: options.credits,
                usage_capped: options.usage_capped,
                enrolled: options.enrolled,
            },
            plan: options.plan,
            faults: Faults::default(),
            api_names: options.api_names,
            missing_post: options.missing_post,
            delete_answer: options.delete_answer,
            error_shape: options.error_shape,
            requests: Vec::new(),
            others: Vec::new(),
            bodies: Vec::new(),
            articles: Vec::new(),
            subscription_said: options.subscription_said,
        }
    }
}
