//! `POST /2/tweets`: creating a post with a bearer token (or OAuth 1.0a), with X's
//! refusals for empty, too long and duplicate text, bad media ids, and replies or quotes
//! of posts that do not exist.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::caller::{Presented, admit, is_form};
use super::content::{MAX_MEDIA, MAX_TEXT_CHARS, NewPost, PostError};
use super::plans::{self, Poster};
use super::problems::Problem;
use super::processing::MediaState;
use super::server::App;

/// The scopes X requires for posting.
const SCOPES: [&str; 3] = ["tweet.read", "tweet.write", "users.read"];

#[derive(Debug, Deserialize)]
struct Body {
    text: Option<String>,
    media: Option<MediaBody>,
    reply: Option<ReplyBody>,
    quote_tweet_id: Option<String>,
}

#[derive(Debug, Deserialize)]
struct MediaBody {
    media_ids: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct ReplyBody {
    in_reply_to_tweet_id: String,
}

/// Parses the JSON body into a post request.
fn parse(body: &[u8]) -> Result<NewPost, Problem> {
    let body: Body = serde_json::from_slice(body).map_err(|e| {
        Problem::invalid_request(format!(
            "The request body is not valid JSON for a post: {e}."
        ))
    })?;
    Ok(NewPost {
        text: body.text,
        media_ids: body.media.map(|m| m.media_ids),
        reply_to: body.reply.map(|r| r.in_reply_to_tweet_id),
        quote_of: body.quote_tweet_id,
        ..NewPost::default()
    })
}

/// X's answer to each refusal.
pub(crate) fn refusal(error: PostError) -> Problem {
    match error {
        PostError::Empty => Problem::invalid_request(
            "A post needs text or media: text is empty and no media_ids were given.",
        ),
        PostError::TooLong(chars) => Problem::invalid_request(format!(
            "Your Tweet text is too long: it has {chars} weighted characters and the limit is {MAX_TEXT_CHARS}."
        )),
        PostError::MediaCount(n) => Problem::invalid_request(format!(
            "Your media IDs are invalid: media.media_ids must hold 1 to {MAX_MEDIA} ids, not {n}."
        )),
        PostError::BadMedia(id) => Problem::invalid_request(format!(
            "Your media IDs are invalid: {id} is unknown, expired, uploaded by another user, or listed twice."
        )),
        PostError::NotReady(id, state) => Problem::invalid_request(format!(
            "Your media IDs are invalid: {id} is not ready to post ({}): finalize it and, for \
             a GIF or a video, poll its STATUS until processing succeeded.",
            match state {
                MediaState::Uploading => "not finalized".to_string(),
                MediaState::Failed => "its processing failed".to_string(),
                other => format!("processing is {}", other.as_str()),
            }
        )),
        PostError::MediaMix => Problem::invalid_request(
            "Your media IDs are invalid: an animated GIF or a video must be a post's only media.",
        ),
        // X answers a reply to a missing post with a 400 whose `detail` is generic: the
        // reason is in `errors[].message`.
        PostError::ReplyTarget(id) => Problem::invalid_parameter(
            "reply.in_reply_to_tweet_id",
            &id,
            "The Tweet you are replying to has been deleted or is not visible to you.",
        ),
        PostError::QuoteTarget => Problem::forbidden(
            "You attempted to quote a Tweet that is deleted or not visible to you.",
        ),
        PostError::Duplicate => {
            Problem::forbidden("You are not allowed to create a Tweet with duplicate content.")
        }
    }
}

/// Whether the body is declared as JSON.
pub(crate) fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

/// `POST /2/tweets`.
pub(crate) async fn create(
    State(app): State<App>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let form_body = is_form(&headers).then_some(&body[..]);
    let caller = admit(
        &app,
        &Presented {
            method: &method,
            uri: &uri,
            headers: &headers,
            form_body,
        },
        &SCOPES,
        ("POST", "/2/tweets"),
    )?;
    if !is_json(&headers) {
        return Err(Problem::invalid_request(
            "The body must be JSON with Content-Type: application/json.",
        ));
    }
    let new = NewPost {
        auth: caller.kind,
        ..parse(&body)?
    };
    let now = app.now();
    let mut state = app.lock();
    let username = state
        .account_of(&caller.user_id)
        .unwrap_or(&state.account)
        .username
        .clone();
    let poster = Poster {
        id: &caller.user_id,
        username: &username,
    };
    plans::check(state.plan, &poster, &new, &state.content.posts())?;
    if state.daily.admit(now).is_err() {
        return Err(Problem::too_many_requests());
    }
    let post = state
        .content
        .create_post(&caller.user_id, new, now)
        .map_err(refusal)?;
    state.daily.count(now);
    drop(state);
    let body = json!({
        "data": { "id": post.id, "text": post.text, "edit_history_tweet_ids": [post.id] }
    });
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_text_media_reply_and_quote() {
        let new = parse(
            br#"{"text":"hi","media":{"media_ids":["1","2"]},"reply":{"in_reply_to_tweet_id":"9"},"quote_tweet_id":"8"}"#,
        )
        .unwrap();
        assert_eq!(
            new,
            NewPost {
                text: Some("hi".into()),
                media_ids: Some(vec!["1".into(), "2".into()]),
                reply_to: Some("9".into()),
                quote_of: Some("8".into()),
                ..NewPost::default()
            }
        );
    }

    #[test]
    fn bad_json_is_an_invalid_request() {
        assert_eq!(parse(b"{").unwrap_err().status, StatusCode::BAD_REQUEST);
        assert_eq!(
            parse(br#"{"text":5}"#).unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
    }

    #[test]
    fn refusals_use_xs_words_and_statuses() {
        let duplicate = refusal(PostError::Duplicate);
        assert_eq!(
            duplicate.body(),
            json!({"detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","title":"Forbidden","status":403})
        );
        let long = refusal(PostError::TooLong(281));
        assert_eq!(long.status, StatusCode::BAD_REQUEST);
        assert!(long.detail.starts_with("Your Tweet text is too long"));
        let reply = refusal(PostError::ReplyTarget("42".into()));
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            reply.body()["errors"][0]["message"],
            "The Tweet you are replying to has been deleted or is not visible to you."
        );
        assert_eq!(
            reply.body()["detail"],
            "One or more parameters to your request was invalid."
        );
    }
}
