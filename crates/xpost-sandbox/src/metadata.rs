//! `POST /2/media/metadata`: the alt text and the sensitive-media warning of an uploaded media,
//! by its uploader, with OAuth 1.0a or a bearer token with `media.write`.
//!
//! The body follows X's schema (`CreateMediaMetadataRequest`; the warning's keys are those of
//! v2.159's `SensitiveMediaWarning`): fields X does not define are refused, named by their JSON
//! path. Of the metadata X defines, the sandbox imitates `alt_text` and
//! `sensitive_media_warning`, and says so when given only others.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::caller::{Presented, admit};
use super::content::{MAX_ALT_TEXT_CHARS, SensitiveWarning};
use super::posting::{is_x_id, read_schema, require_json};
use super::problems::Problem;
use super::server::App;

/// The route, as its quota and the bodies kept name it.
pub(crate) const ROUTE: &str = "/2/media/metadata";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    id: String,
    metadata: Option<Metadata>,
}

/// X's metadata; the sandbox acts on two of them, and reads the others only to say so.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Metadata {
    alt_text: Option<AltText>,
    /// Read as JSON first: serde would take an array for the object.
    sensitive_media_warning: Option<Value>,
    allow_download_status: Option<Value>,
    audience_policy: Option<Value>,
    content_expiration: Option<Value>,
    domain_restrictions: Option<Value>,
    found_media_origin: Option<Value>,
    geo_restrictions: Option<Value>,
    management_info: Option<Value>,
    preview_image: Option<Value>,
    shared_info: Option<Value>,
    sticker_info: Option<Value>,
    upload_source: Option<Value>,
}

impl Metadata {
    /// The metadata given that the sandbox does not imitate, by name.
    fn not_imitated(&self) -> Vec<&'static str> {
        [
            (&self.allow_download_status, "allow_download_status"),
            (&self.audience_policy, "audience_policy"),
            (&self.content_expiration, "content_expiration"),
            (&self.domain_restrictions, "domain_restrictions"),
            (&self.found_media_origin, "found_media_origin"),
            (&self.geo_restrictions, "geo_restrictions"),
            (&self.management_info, "management_info"),
            (&self.preview_image, "preview_image"),
            (&self.shared_info, "shared_info"),
            (&self.sticker_info, "sticker_info"),
            (&self.upload_source, "upload_source"),
        ]
        .into_iter()
        .filter_map(|(value, name)| value.is_some().then_some(name))
        .collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AltText {
    text: String,
}

/// X's `SensitiveMediaWarning`: three booleans, each optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Warning {
    adult_content: Option<bool>,
    graphic_violence: Option<bool>,
    other: Option<bool>,
}

/// What a metadata request asks for, checked against X's schema.
#[derive(Debug, PartialEq, Eq)]
struct Asked {
    id: String,
    alt_text: Option<String>,
    warning: Option<SensitiveWarning>,
}

/// Reads and checks the body as X does.
fn parse(body: &[u8]) -> Result<Asked, Problem> {
    let body: Body = read_schema(body, "media metadata")?;
    if !is_x_id(&body.id) {
        return Err(Problem::invalid_schema(format!(
            "$.id: must match ^[0-9]{{1,19}}$, not {:?}",
            body.id
        )));
    }
    let Some(mut metadata) = body.metadata else {
        return Err(Problem::invalid_request(
            "There is no metadata to create: metadata is missing.",
        ));
    };
    if let Some(alt) = &metadata.alt_text {
        let chars = alt.text.chars().count();
        if chars > MAX_ALT_TEXT_CHARS {
            return Err(Problem::invalid_schema(format!(
                "$.metadata.alt_text.text: must be at most {MAX_ALT_TEXT_CHARS} characters long, not {chars}"
            )));
        }
    }
    let warning = match metadata.sensitive_media_warning.take() {
        None => None,
        Some(Value::Object(fields)) => {
            let warning: Warning =
                serde_path_to_error::deserialize(Value::Object(fields)).map_err(|e| {
                    let path = e.path().to_string();
                    let inner = e.into_inner().to_string();
                    let at = format!("$.metadata.sensitive_media_warning.{path}");
                    Problem::invalid_schema(if inner.starts_with("unknown field") {
                        format!(
                            "{at}: is not defined in the schema and the schema does not allow additional properties"
                        )
                    } else {
                        format!("{at}: {inner}")
                    })
                })?;
            Some(warning)
        }
        Some(other) => {
            return Err(Problem::invalid_schema(format!(
                "$.metadata.sensitive_media_warning: must be an object, not {other}"
            )));
        }
    };
    if metadata.alt_text.is_none() && warning.is_none() {
        let others = metadata.not_imitated();
        return Err(Problem::invalid_request(if others.is_empty() {
            "There is no metadata to create: metadata is empty.".to_string()
        } else {
            format!(
                "The sandbox imitates metadata.alt_text and metadata.sensitive_media_warning, not {}.",
                others.join(", ")
            )
        }));
    }
    Ok(Asked {
        id: body.id,
        alt_text: metadata.alt_text.map(|a| a.text),
        warning: warning.map(|w| SensitiveWarning {
            adult_content: w.adult_content.unwrap_or(false),
            graphic_violence: w.graphic_violence.unwrap_or(false),
            other: w.other.unwrap_or(false),
        }),
    })
}

/// `POST /2/media/metadata`.
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
    state
        .content
        .set_metadata(
            &caller.user_id,
            &asked.id,
            asked.alt_text.as_deref(),
            asked.warning,
            now,
        )
        .map_err(Problem::invalid_request)?;
    let raw: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    state.bodies.push(("POST".into(), ROUTE.into(), raw));
    drop(state);
    let mut associated = serde_json::Map::new();
    if let Some(text) = asked.alt_text {
        associated.insert("alt_text".into(), json!({ "text": text }));
    }
    if let Some(w) = asked.warning {
        associated.insert(
            "sensitive_media_warning".into(),
            json!({
                "adult_content": w.adult_content,
                "graphic_violence": w.graphic_violence,
                "other": w.other,
            }),
        );
    }
    let data = json!({ "id": asked.id, "associated_metadata": associated });
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

    #[test]
    fn alt_text_and_warning_are_read_together() {
        let asked = parse(
            br#"{"id":"12","metadata":{"alt_text":{"text":"a cat"},"sensitive_media_warning":{"adult_content":true,"graphic_violence":false,"other":true}}}"#,
        )
        .unwrap();
        assert_eq!(
            asked,
            Asked {
                id: "12".into(),
                alt_text: Some("a cat".into()),
                warning: Some(SensitiveWarning {
                    adult_content: true,
                    graphic_violence: false,
                    other: true
                })
            }
        );
        let asked =
            parse(br#"{"id":"12","metadata":{"sensitive_media_warning":{"other":true}}}"#).unwrap();
        assert_eq!(asked.alt_text, None);
        assert_eq!(
            asked.warning,
            Some(SensitiveWarning {
                other: true,
                ..SensitiveWarning::default()
            })
        );
    }

    #[test]
    fn what_x_does_not_define_is_refused_by_its_path() {
        for (body, at) in [
            (
                json!({"id":"1","metadata":{"sensitive_media_warning":{"nudity":true}}}),
                "$.metadata.sensitive_media_warning.nudity:",
            ),
            (
                json!({"id":"1","metadata":{"alt_text":{"text":"a","lang":"en"}}}),
                "$.metadata.alt_text.lang:",
            ),
            (
                json!({"id":"1","metadata":{"colour":"red"}}),
                "$.metadata.colour:",
            ),
            (json!({"id":"1","x":1,"metadata":{}}), "$.x:"),
        ] {
            let m = message(body);
            assert!(m.starts_with(at), "{m}");
            assert!(m.contains("does not allow additional properties"), "{m}");
        }
        assert!(
            message(
                json!({"id":"1","metadata":{"sensitive_media_warning":{"adult_content":"yes"}}})
            )
            .starts_with("$.metadata.sensitive_media_warning.adult_content:")
        );
        // v1.1's shape, a list of names, is not v2's.
        for list in [json!(["adult_content"]), json!([true, false, false])] {
            let m = message(json!({"id":"1","metadata":{"sensitive_media_warning":list}}));
            assert!(
                m.starts_with("$.metadata.sensitive_media_warning: must be an object"),
                "{m}"
            );
        }
        assert!(
            message(json!({"id":"abc","metadata":{"alt_text":{"text":"a"}}})).starts_with("$.id:")
        );
        assert!(
            message(json!({"id":"1","metadata":{"alt_text":{"text":"é".repeat(1001)}}}))
                .starts_with("$.metadata.alt_text.text:")
        );
        assert!(
            message(json!({"id":"1","metadata":{"upload_source":{}}}))
                .contains("not upload_source")
        );
        assert!(message(json!({"id":"1","metadata":{}})).contains("metadata is empty"));
        assert!(message(json!({"id":"1"})).contains("metadata is missing"));
        assert!(parse(b"{").unwrap_err().detail.contains("not valid JSON"));
    }
}
