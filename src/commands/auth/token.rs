//! `xpost auth token`: a valid access token (refreshed if needed), bare, for other tools.

use serde::Serialize;

use super::stored::{chosen, foreign, not_logged_in};
use crate::commands::context::Context;
use crate::error::Result;
use crate::options::Common;
use crate::output;

pub(super) async fn token(ctx: &Context, common: &Common) -> Result<()> {
    let Some((_, stored)) = chosen(ctx)? else {
        return Err(not_logged_in(ctx));
    };
    // Never a token for another server or app, even one that looks valid.
    if let Some(why) = ctx.session().foreign(&stored) {
        return Err(foreign(&why));
    }
    let login = ctx.session().obtain(None).await?;
    #[derive(Serialize)]
    struct Token<'a> {
        access_token: &'a str,
        expires_at: u64,
    }
    // The token is the result this command exists for.
    let token = login.secrets.access_token.expose();
    output::print_json_or(
        common.json,
        &Token {
            access_token: token,
            expires_at: login.expires_at,
        },
        token,
    )
}
