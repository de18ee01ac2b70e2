//! How long a run's posts may be, known before anything is sent: a text within 280 needs
//! nothing; a longer one is checked against the subscription the stored login keeps (read
//! from its file, without the keyring or the network), or, with the OAuth 1.0a keys, which
//! keep nothing, against the one X names in answer to one signed
//! `GET /2/users/me?user.fields=subscription_type`, sent before anything else.

use crate::auth::keyring::Secrets;
use crate::auth::session::foreign;
use crate::auth::store::Store;
use crate::compose::draft::Draft;
use crate::compose::limit::{Allowance, SHORT, Subscription};
use crate::config::{Env, Method};
use crate::error::Result;
use crate::options::Common;

/// What a run knows of its account's limit before sending anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    /// Known here: every text within 280, or the stored login's subscription (or none).
    Here(Allowance),
    /// With the OAuth 1.0a keys: X is asked first, once.
    AskX,
}

impl Known {
    /// The allowance to check texts against before X is asked: with [`Known::AskX`], the
    /// longest any account may post, and again once X has said.
    pub fn before_asking(self) -> Allowance {
        match self {
            Known::Here(allowance) => allowance,
            Known::AskX => Allowance::Known(Subscription::Premium),
        }
    }
}

/// Whether any draft's text is longer than 280 weighted characters.
pub fn any_long(drafts: &[Draft]) -> bool {
    drafts.iter().any(|d| {
        d.text
            .as_deref()
            .is_some_and(|t| xpost_text::weighted_length_up_to(t, SHORT).is_none())
    })
}

/// What the run knows of its account's limit, for `drafts`, with the run's variables `env`
/// (the app set up once included): nothing is read when every text is within 280. The
/// one-shot sandbox's account has no subscription, as the sandbox's default account has none.
/// Variables that could not be read leave it unknown: the run says why after the posts' own
/// checks.
pub fn known(
    drafts: &[Draft],
    env: &Result<Env>,
    common: &Common,
    one_shot: bool,
) -> Result<Known> {
    if !any_long(drafts) {
        return Ok(Known::Here(Allowance::NoLogin));
    }
    if one_shot {
        return Ok(Known::Here(Allowance::Known(Subscription::None)));
    }
    let Ok(env) = env else {
        return Ok(Known::Here(Allowance::Unknown));
    };
    let config = env.config_for(common.auth)?;
    if config.method == Method::OAuth1 {
        return Ok(Known::AskX);
    }
    let store = Store::at(
        env.state_dir()?,
        Secrets::system(env.insecure_storage(common.insecure_storage)?),
    );
    let account = env.account(common.account.as_deref());
    let Some(slot) = store.choose(account.as_deref())? else {
        return Ok(Known::Here(Allowance::NoLogin));
    };
    let Some(record) = slot.record()? else {
        return Ok(Known::Here(Allowance::NoLogin));
    };
    // A login this configuration will not use is replaced by a consent: as before a login.
    if foreign(&record, config.client_id(), config.api_base.as_str()).is_some() {
        return Ok(Known::Here(Allowance::NoLogin));
    }
    Ok(Known::Here(Allowance::of(record.subscription)))
}
