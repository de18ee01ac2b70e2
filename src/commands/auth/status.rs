//! `xpost auth status`: who is logged in, where, and whether X accepts the login (with the
//! OAuth 1.0a keys, whose keys they are).

use super::report::Report;
use super::stored::{chosen, foreign, insecure, not_logged_in};
use crate::auth::session::{EXPIRY_MARGIN, now};
use crate::commands::context::Context;
use crate::compose::limit::Subscription;
use crate::config::Method;
use crate::error::{Cause, Error, Result};
use crate::options::Common;
use crate::output;
use crate::x::client::Auth;
use crate::x::users;

pub(super) async fn status(ctx: &Context, common: &Common) -> Result<()> {
    if ctx.config.method == Method::OAuth1 {
        return oauth1_status(ctx, common).await;
    }
    let insecure = insecure(ctx);
    let (slot, stored) = match chosen(ctx)? {
        Some((slot, record)) => (Some(slot), Some(record)),
        None => (None, None),
    };
    let mut report = Report::of(ctx, slot.as_ref(), stored.as_ref());
    let (Some(slot), Some(record)) = (slot, stored) else {
        if common.json {
            output::print_json_or(true, &report, "")?;
        }
        return Err(not_logged_in(ctx));
    };
    if let Some(why) = ctx.session().foreign(&record) {
        report.not_asked = "the login is for another server or app";
        output::print_json_or(common.json, &report, &report.text(insecure))?;
        return Err(foreign(&why));
    }
    let fresh = record.expires_at > now() + EXPIRY_MARGIN.as_secs();
    // The tokens, from the keyring when it keeps them: one that does not answer is said in
    // the report, and the error says what to do.
    let mut login = match slot.open(record) {
        Ok(login) => login,
        Err(err) => {
            report.not_asked = "its tokens could not be read";
            output::print_json_or(common.json, &report, &report.text(insecure))?;
            return Err(err);
        }
    };
    let refusal = if fresh {
        // A token X refuses before its expiry is renewed once, as a post would do.
        let api = &ctx.api;
        let asked = ctx
            .session()
            .with_token(
                &mut login,
                |token| async move { users::me(api, &token).await },
            )
            .await;
        report.expires_at = Some(login.expires_at);
        // A renewal may have moved the tokens into the keyring.
        if let Ok(Some(now)) = slot.record() {
            report = Report::of(ctx, Some(&slot), Some(&now));
        }
        match asked {
            Ok(user) => {
                // Read again in the same request: kept with the login when X says otherwise.
                if report.subscription_type != user.subscription.map(Subscription::name) {
                    ctx.session()
                        .remember_subscription(&user.id, user.subscription)
                        .await;
                }
                report.accepted = Some(true);
                report.username = Some(user.username);
                report.user_id = Some(user.id);
                report.subscription_type = user.subscription.map(Subscription::name);
                None
            }
            Err(err) if matches!(err.cause(), Cause::Auth | Cause::TokenRefused) => {
                report.accepted = Some(false);
                Some(err)
            }
            Err(err) => return Err(err),
        }
    } else {
        None
    };
    output::print_json_or(common.json, &report, &report.text(insecure))?;
    match refusal {
        Some(err) => Err(Error::new(
            Cause::Auth,
            format!("X refused the stored login: {}", err.message()),
        )
        .hint("run xpost auth login")),
        None if !fresh && !report.refreshable => Err(Error::new(
            Cause::Auth,
            "the stored login expired and cannot be refreshed",
        )
        .hint("run xpost auth login")),
        None => Ok(()),
    }
}

/// `auth status` with OAuth 1.0a: one signed `GET /2/users/me`, which says whose keys they are.
async fn oauth1_status(ctx: &Context, common: &Common) -> Result<()> {
    let keys = ctx
        .config
        .oauth1
        .as_ref()
        .ok_or_else(|| Error::internal("OAuth 1.0a was chosen without its four keys"))?;
    let mut report = Report::oauth1(ctx);
    match users::me_as(&ctx.api, Auth::OAuth1(keys)).await {
        Ok(user) => {
            report.logged_in = true;
            report.accepted = Some(true);
            report.username = Some(user.username);
            report.user_id = Some(user.id);
            report.subscription_type = user.subscription.map(Subscription::name);
            output::print_json_or(common.json, &report, &report.text(false))
        }
        // X refused the signature: the keys are wrong (a configuration error, 78).
        Err(err) if matches!(err.cause(), Cause::Config) => {
            report.accepted = Some(false);
            output::print_json_or(common.json, &report, &report.text(false))?;
            Err(err)
        }
        Err(err) => Err(err),
    }
}
