//! `POST /2/tweets`: creating a post with a bearer token (or OAuth 1.0a), with X's
//! refusals for empty, too long and duplicate text, bad media ids, users tagged who do not
//! exist, and replies or quotes of posts that do not exist.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::caller::{Presented, admit, is_form};
use super::content::{MAX_MEDIA, MAX_TAGGED_USERS, NewPost, PostError};
use super::editing;
use super::plans::{self, Poster};
use super::problems::Problem;
use super::processing::MediaState;
use super::server::App;

/// The scopes X requires for posting.
const SCOPES: [&str; 3] = ["tweet.read", "tweet.write", "users.read"];

/// The body of `POST /2/tweets`, as X's OpenAPI description (v2.167, `CreatePostsRequest`)
/// has it: every object refuses fields it does not define.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // Fields X defines but the sandbox does not act on are still read.
struct Body {
    text: Option<String>,
    media: Option<MediaBody>,
    reply: Option<ReplyBody>,
    quote_tweet_id: Option<String>,
    poll: Option<PollBody>,
    reply_settings: Option<String>,
    community_id: Option<String>,
    share_with_followers: Option<bool>,
    made_with_ai: Option<bool>,
    paid_partnership: Option<bool>,
    for_super_followers_only: Option<bool>,
    nullcast: Option<bool>,
    card_uri: Option<String>,
    direct_message_deep_link: Option<String>,
    geo: Option<GeoBody>,
    edit_options: Option<EditBody>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MediaBody {
    media_ids: Vec<String>,
    tagged_user_ids: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReplyBody {
    in_reply_to_tweet_id: String,
    #[allow(dead_code)]
    exclude_reply_user_ids: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PollBody {
    options: Vec<String>,
    duration_minutes: i64,
    reply_settings: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct GeoBody {
    place_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EditBody {
    previous_post_id: String,
}

/// X's `reply_settings` values.
const REPLY_SETTINGS: [&str; 4] = ["following", "mentionedUsers", "subscribers", "verified"];
/// How many options a poll has.
const POLL_OPTIONS: std::ops::RangeInclusive<usize> = 2..=4;
/// The longest poll option, in characters.
const POLL_OPTION_CHARS: usize = 25;
/// How long a poll runs, in minutes: 5 minutes to 7 days.
const POLL_MINUTES: std::ops::RangeInclusive<i64> = 5..=10_080;

/// Parses the JSON body into a post request, refusing what X's schema refuses: unknown
/// fields (named, with their path), and values out of their ranges.
fn parse(body: &[u8]) -> Result<NewPost, Problem> {
    let raw: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        Problem::invalid_request(format!(
            "The request body is not valid JSON for a post: {e}."
        ))
    })?;
    let de = &mut serde_json::Deserializer::from_slice(body);
    let body: Body = serde_path_to_error::deserialize(de).map_err(schema_problem)?;
    check_extras(&body)?;
    if body.text.is_none() {
        // X's spec gives `text` a default of "", but its backend's text is non-null: a post
        // without the field is refused, media or not.
        return Err(Problem::invalid_schema(
            "$.text: is required: the backend refuses a post without text (send \"\" with media only)",
        ));
    }
    let (media_ids, tagged_user_ids) = match body.media {
        Some(m) => (Some(m.media_ids), m.tagged_user_ids.unwrap_or_default()),
        None => (None, Vec::new()),
    };
    Ok(NewPost {
        text: body.text,
        media_ids,
        tagged_user_ids,
        reply_to: body.reply.map(|r| r.in_reply_to_tweet_id),
        quote_of: body.quote_tweet_id,
        edit_of: body.edit_options.map(|e| e.previous_post_id),
        body: raw,
        ..NewPost::default()
    })
}

/// Reads a JSON body as X's schema has it, for a request of `what` (e.g. "media metadata"): a
/// body that is not JSON is X's invalid request; one the schema refuses (an unknown field, a
/// value of the wrong type), X's schema problem naming the first field at fault by its JSON
/// path.
pub(crate) fn read_schema<T: serde::de::DeserializeOwned>(
    body: &[u8],
    what: &str,
) -> Result<T, Problem> {
    serde_json::from_slice::<serde_json::Value>(body).map_err(|e| {
        Problem::invalid_request(format!(
            "The request body is not valid JSON for {what}: {e}."
        ))
    })?;
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(schema_problem)
}

/// X's refusal of a body that does not follow its schema, naming the field by its JSON path
/// (`$.poll.foo`; the path ends at the field).
pub(crate) fn schema_problem(error: serde_path_to_error::Error<serde_json::Error>) -> Problem {
    let path = error.path().to_string();
    let inner = error.into_inner().to_string();
    let message = if inner.starts_with("unknown field") {
        format!(
            "$.{path}: is not defined in the schema and the schema does not allow additional properties"
        )
    } else {
        format!("$.{path}: {inner}")
    };
    Problem::invalid_schema(message)
}

/// Whether `id` is one of X's ids as its schema writes them: `^[0-9]{1,19}$`.
pub(crate) fn is_x_id(id: &str) -> bool {
    (1..=19).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit())
}

/// X's checks of the poll, reply settings, community and tagged users fields.
fn check_extras(body: &Body) -> Result<(), Problem> {
    let schema = |m: String| Err(Problem::invalid_schema(m));
    if let Some(tagged) = body.media.as_ref().and_then(|m| m.tagged_user_ids.as_ref()) {
        if tagged.len() > MAX_TAGGED_USERS {
            return schema(format!(
                "$.media.tagged_user_ids: there must be at most {MAX_TAGGED_USERS} ids, not {}",
                tagged.len()
            ));
        }
        if let Some((i, id)) = tagged.iter().enumerate().find(|(_, id)| !is_x_id(id)) {
            return schema(format!(
                "$.media.tagged_user_ids[{i}]: must match ^[0-9]{{1,19}}$, not {id:?}"
            ));
        }
    }
    if let Some(poll) = &body.poll {
        if !POLL_OPTIONS.contains(&poll.options.len()) {
            return schema(format!(
                "$.poll.options: there must be 2 to 4 options, not {}",
                poll.options.len()
            ));
        }
        for (i, option) in poll.options.iter().enumerate() {
            let chars = option.chars().count();
            if chars == 0 || chars > POLL_OPTION_CHARS {
                return schema(format!(
                    "$.poll.options[{i}]: must be 1 to {POLL_OPTION_CHARS} characters long, not {chars}"
                ));
            }
        }
        if !POLL_MINUTES.contains(&poll.duration_minutes) {
            return schema(format!(
                "$.poll.duration_minutes: must be 5 to 10080, not {}",
                poll.duration_minutes
            ));
        }
        if let Some(r) = &poll.reply_settings
            && !REPLY_SETTINGS.contains(&r.as_str())
        {
            return schema(format!(
                "$.poll.reply_settings: must be one of {REPLY_SETTINGS:?}, not {r:?}"
            ));
        }
        if body.media.is_some() || body.quote_tweet_id.is_some() || body.card_uri.is_some() {
            return Err(Problem::invalid_request(
                "A poll cannot be combined with media, a quote or a card: poll and media, \
                 quote_tweet_id and card_uri are mutually exclusive.",
            ));
        }
    }
    if let Some(r) = &body.reply_settings
        && !REPLY_SETTINGS.contains(&r.as_str())
    {
        return schema(format!(
            "$.reply_settings: must be one of {REPLY_SETTINGS:?}, not {r:?}"
        ));
    }
    if let Some(id) = &body.community_id
        && !(1..=19).contains(&id.len())
    {
        return schema(format!(
            "$.community_id: must match ^[0-9]{{1,19}}$, not {id:?}"
        ));
    }
    if let Some(id) = &body.community_id
        && !id.bytes().all(|b| b.is_ascii_digit())
    {
        return schema(format!(
            "$.community_id: must match ^[0-9]{{1,19}}$, not {id:?}"
        ));
    }
    if let Some(edit) = &body.edit_options {
        let id = &edit.previous_post_id;
        if !(1..=19).contains(&id.len()) || !id.bytes().all(|b| b.is_ascii_digit()) {
            return schema(format!(
                "$.edit_options.previous_post_id: must match ^[0-9]{{1,19}}$, not {id:?}"
            ));
        }
    }
    if body.edit_options.is_some()
        && (body.reply.is_some()
            || body.quote_tweet_id.is_some()
            || body.poll.is_some()
            || body.community_id.is_some())
    {
        return Err(Problem::invalid_request(
            "An edit keeps the post's reply, quote, poll and community: reply, quote_tweet_id, \
             poll and community_id cannot be given with edit_options.",
        ));
    }
    if body.share_with_followers.is_some() && body.community_id.is_none() {
        return Err(Problem::invalid_request(
            "share_with_followers is only for a post in a community: community_id is missing.",
        ));
    }
    Ok(())
}

/// X's answer to each refusal.
pub(crate) fn refusal(error: PostError) -> Problem {
    match error {
        PostError::Empty => Problem::invalid_request(
            "A post needs text or media: text is empty and no media_ids were given.",
        ),
        PostError::TooLong(chars, limit) => Problem::invalid_request(format!(
            "Your Tweet text is too long: it has {chars} weighted characters and the limit is {limit}."
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
        PostError::SubtitlesInPost(id) => Problem::invalid_request(format!(
            "Your media IDs are invalid: {id} is subtitles, which go with a video \
             (POST /2/media/subtitles), not in a post."
        )),
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
        PostError::Edit(error) => editing::refusal(error),
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

/// X's refusal of a body that is not JSON, or nothing when it is.
pub(crate) fn require_json(headers: &HeaderMap) -> Result<(), Problem> {
    if is_json(headers) {
        Ok(())
    } else {
        Err(Problem::invalid_request(
            "The body must be JSON with Content-Type: application/json.",
        ))
    }
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
    require_json(&headers)?;
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
    if let Some(id) = new
        .tagged_user_ids
        .iter()
        .find(|id| state.user(id).is_none())
    {
        return Err(Problem::invalid_parameter(
            "media.tagged_user_ids",
            id,
            format!("The user to tag does not exist: there is no user with id [{id}]."),
        ));
    }
    if state.daily.admit(now).is_err() {
        return Err(Problem::too_many_requests());
    }
    let limit = state.post_limit(&caller.user_id);
    let post = state
        .content
        .create_post_within(&caller.user_id, new, now, limit)
        .map_err(refusal)?;
    state.daily.count(now);
    let history = state.content.history(&post);
    let names = state.api_names;
    drop(state);
    let mut data = json!({ "id": post.id, "text": post.text });
    data[names.history()] = json!(history);
    let body = json!({ "data": data });
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
                body: serde_json::from_slice(
                    br#"{"text":"hi","media":{"media_ids":["1","2"]},"reply":{"in_reply_to_tweet_id":"9"},"quote_tweet_id":"8"}"#
                )
                .unwrap(),
                ..NewPost::default()
            }
        );
    }

    fn message(body: serde_json::Value) -> String {
        let problem = parse(body.to_string().as_bytes()).unwrap_err();
        assert_eq!(problem.status, StatusCode::BAD_REQUEST);
        problem.body()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .to_string()
    }

    #[test]
    fn unknown_fields_are_refused_and_named_at_every_level() {
        for (body, at) in [
            (json!({"text":"a","colour":"red"}), "$.colour:"),
            (
                json!({"text":"a","poll":{"options":["a","b"],"duration_minutes":60,"x":1}}),
                "$.poll.x:",
            ),
            (
                json!({"text":"a","reply":{"in_reply_to_tweet_id":"1","y":1}}),
                "$.reply.y:",
            ),
            (json!({"media":{"media_ids":["1"],"z":1}}), "$.media.z:"),
        ] {
            let m = message(body);
            assert!(m.starts_with(at), "{m}");
            assert!(m.contains("does not allow additional properties"), "{m}");
        }
    }

    #[test]
    fn the_new_fields_are_accepted_and_kept_as_sent() {
        let body = json!({"text":"a","poll":{"options":["yes","no"],"duration_minutes":1440},
            "reply_settings":"mentionedUsers","community_id":"1234","share_with_followers":true,
            "made_with_ai":true,"paid_partnership":false});
        let new = parse(body.to_string().as_bytes()).unwrap();
        assert_eq!(new.body, body);
    }

    #[test]
    fn the_new_fields_are_checked_as_x_checks_them() {
        let poll = |options: serde_json::Value, minutes: i64| json!({"text":"a","poll":{"options":options,"duration_minutes":minutes}});
        assert!(message(poll(json!(["a"]), 60)).starts_with("$.poll.options:"));
        assert!(message(poll(json!(["a", "b", "c", "d", "e"]), 60)).starts_with("$.poll.options:"));
        assert!(message(poll(json!(["a", ""]), 60)).starts_with("$.poll.options[1]:"));
        assert!(message(poll(json!(["a", "x".repeat(26)]), 60)).starts_with("$.poll.options[1]:"));
        assert!(
            parse(
                poll(json!(["a", "é".repeat(25)]), 60)
                    .to_string()
                    .as_bytes()
            )
            .is_ok()
        );
        assert!(message(poll(json!(["a", "b"]), 4)).starts_with("$.poll.duration_minutes:"));
        assert!(message(poll(json!(["a", "b"]), 10_081)).starts_with("$.poll.duration_minutes:"));
        assert!(parse(poll(json!(["a", "b"]), 10_080).to_string().as_bytes()).is_ok());
        let with = |extra: serde_json::Value| {
            let mut body = poll(json!(["a", "b"]), 60);
            body.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            body
        };
        assert!(message(with(json!({"media":{"media_ids":["1"]}}))).contains("A poll cannot"));
        assert!(message(with(json!({"quote_tweet_id":"1"}))).contains("A poll cannot"));
        assert!(
            message(json!({"text":"a","reply_settings":"mentioned"}))
                .starts_with("$.reply_settings:")
        );
        for id in ["", "12a", "12345678901234567890"] {
            assert!(message(json!({"text":"a","community_id":id})).starts_with("$.community_id:"));
        }
        assert!(message(json!({"text":"a","share_with_followers":true})).contains("community_id"));
        assert!(message(json!({"text":"a","made_with_ai":"yes"})).starts_with("$.made_with_ai:"));
    }

    #[test]
    fn tagged_users_are_ids_at_most_ten_with_media_ids() {
        let new = parse(br#"{"text":"","media":{"media_ids":["1"],"tagged_user_ids":["5","6"]}}"#)
            .unwrap();
        assert_eq!(new.tagged_user_ids, ["5", "6"]);
        let ten: Vec<String> = (1..=10).map(|i| i.to_string()).collect();
        assert!(
            parse(
                json!({"text":"","media":{"media_ids":["1"],"tagged_user_ids":ten}})
                    .to_string()
                    .as_bytes()
            )
            .is_ok()
        );
        let eleven: Vec<String> = (1..=11).map(|i| i.to_string()).collect();
        assert!(
            message(json!({"media":{"media_ids":["1"],"tagged_user_ids":eleven}}))
                .starts_with("$.media.tagged_user_ids: there must be at most 10")
        );
        assert!(
            message(json!({"media":{"media_ids":["1"],"tagged_user_ids":["5","alice"]}}))
                .starts_with("$.media.tagged_user_ids[1]:")
        );
        assert!(
            message(json!({"text":"a","media":{"tagged_user_ids":["5"]}}))
                .starts_with("$.media: missing field `media_ids`")
        );
    }

    #[test]
    fn a_post_without_text_is_refused_even_with_media() {
        let refused = message(json!({"media":{"media_ids":["1"]}}));
        assert!(refused.starts_with("$.text: is required"), "{refused}");
        assert!(parse(br#"{"text":"","media":{"media_ids":["1"]}}"#).is_ok());
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
        let long = refusal(PostError::TooLong(281, 280));
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
