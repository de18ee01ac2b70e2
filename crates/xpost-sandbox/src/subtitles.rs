//! `POST /2/media/subtitles`: attaches an uploaded subtitle file (`media_category`
//! `subtitles`) to an uploaded video, both the caller's, with OAuth 1.0a or a bearer token with
//! `media.write`. The body follows X's schema (`CreateMediaSubtitlesRequest`): fields it does not
//! define are refused by their JSON path, the ids must be X's, the language two capitals. The
//! answer is X's: the video's id, its category and its subtitles.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::caller::{Presented, admit};
use super::content::{SubtitleTrack, SubtitlesError};
use super::posting::{is_x_id, read_schema, require_json};
use super::problems::Problem;
use super::server::App;

/// The route, as its quota and the bodies kept name it.
pub(crate) const ROUTE: &str = "/2/media/subtitles";

/// X's categories of a video that takes subtitles, as this endpoint spells them.
const CATEGORIES: [&str; 2] = ["AmplifyVideo", "TweetVideo"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    id: Option<String>,
    media_category: Option<String>,
    subtitles: Option<Subtitles>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Subtitles {
    id: Option<String>,
    language_code: Option<String>,
    display_name: Option<String>,
}

/// What a subtitles request asks for, checked against X's schema.
#[derive(Debug, PartialEq, Eq)]
struct Asked {
    video_id: String,
    category: String,
    track: SubtitleTrack,
}

/// Reads and checks the body as X does.
fn parse(body: &[u8]) -> Result<Asked, Problem> {
    let body: Body = read_schema(body, "media subtitles")?;
    let schema = |m: String| Problem::invalid_schema(m);
    let missing = |name: &str| Problem::invalid_request(format!("Missing required field {name}."));
    let id = |at: &str, value: Option<String>| match value {
        Some(id) if is_x_id(&id) => Ok(id),
        Some(id) => Err(schema(format!(
            "$.{at}: must match ^[0-9]{{1,19}}$, not {id:?}"
        ))),
        None => Err(missing(at)),
    };
    let video_id = id("id", body.id)?;
    let category = body
        .media_category
        .ok_or_else(|| missing("media_category"))?;
    if !CATEGORIES.contains(&category.as_str()) {
        return Err(schema(format!(
            "$.media_category: must be one of {CATEGORIES:?}, not {category:?}"
        )));
    }
    let subtitles = body.subtitles.ok_or_else(|| missing("subtitles"))?;
    let subtitles_id = id("subtitles.id", subtitles.id)?;
    let language_code = subtitles
        .language_code
        .ok_or_else(|| missing("subtitles.language_code"))?;
    if language_code.len() != 2 || !language_code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(schema(format!(
            "$.subtitles.language_code: must match ^[A-Z]{{2}}$, not {language_code:?}"
        )));
    }
    Ok(Asked {
        video_id,
        category,
        track: SubtitleTrack {
            id: subtitles_id,
            language_code,
            display_name: subtitles.display_name,
        },
    })
}

/// X's answer when subtitles cannot be attached: 404 for a media id it does not know (or
/// another user's), 400 otherwise.
fn refusal(error: SubtitlesError) -> Problem {
    match error {
        SubtitlesError::Unknown(_) => Problem::resource_not_found(error.to_string()),
        _ => Problem::invalid_request(error.to_string()),
    }
}

/// `POST /2/media/subtitles`.
pub(crate) async fn create(
    State(app): State<App>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let caller = admit(
        &app,
        &Presented::unsigned_body(&method, &uri, &headers),
        &["media.write"],
        ("POST", ROUTE),
    )?;
    require_json(&headers)?;
    let asked = parse(&body)?;
    let now = app.now();
    let mut state = app.lock();
    let tracks = state
        .content
        .attach_subtitles(
            &caller.user_id,
            &asked.video_id,
            &asked.category,
            asked.track,
            now,
        )
        .map_err(refusal)?;
    let raw: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    state.bodies.push(("POST".into(), ROUTE.into(), raw));
    drop(state);
    let associated: Vec<Value> = tracks
        .iter()
        .map(|t| {
            let mut track = json!({ "id": t.id, "language_code": t.language_code });
            if let Some(name) = &t.display_name {
                track["display_name"] = json!(name);
            }
            track
        })
        .collect();
    let data = json!({
        "id": asked.video_id,
        "media_category": asked.category,
        "associated_subtitles": associated,
    });
    Ok(axum::Json(json!({ "data": data })).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    fn message(body: Value) -> String {
        let problem = parse(body.to_string().as_bytes()).unwrap_err();
        assert_eq!(problem.status, StatusCode::BAD_REQUEST);
        problem.body()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn good() -> Value {
        json!({"id":"7","media_category":"TweetVideo",
            "subtitles":{"id":"8","language_code":"EN","display_name":"English"}})
    }

    #[test]
    fn xs_shape_is_read() {
        assert_eq!(
            parse(good().to_string().as_bytes()).unwrap(),
            Asked {
                video_id: "7".into(),
                category: "TweetVideo".into(),
                track: SubtitleTrack {
                    id: "8".into(),
                    language_code: "EN".into(),
                    display_name: Some("English".into())
                }
            }
        );
    }

    #[test]
    fn what_x_refuses_is_refused_by_its_path() {
        let with = |path: &[&str], value: Value| {
            let mut body = good();
            let mut at = &mut body;
            for key in &path[..path.len() - 1] {
                at = &mut at[*key];
            }
            at[path[path.len() - 1]] = value;
            body
        };
        assert!(message(with(&["x"], json!(1))).starts_with("$.x: is not defined"));
        assert!(message(with(&["subtitles", "x"], json!(1))).starts_with("$.subtitles.x:"));
        assert!(message(with(&["id"], json!("v1"))).starts_with("$.id:"));
        assert!(
            message(with(&["subtitles", "id"], json!("1234567890123456789012")))
                .starts_with("$.subtitles.id:")
        );
        for code in ["en", "ENG", "E1", ""] {
            assert!(
                message(with(&["subtitles", "language_code"], json!(code)))
                    .starts_with("$.subtitles.language_code:"),
                "{code}"
            );
        }
        assert!(
            message(with(&["media_category"], json!("tweet_video")))
                .starts_with("$.media_category:")
        );
        assert!(
            message(json!({"media_category":"TweetVideo"})).contains("Missing required field id")
        );
        assert!(parse(b"[").unwrap_err().detail.contains("not valid JSON"));
    }
}
