//! The error bodies X answers with: problem JSON (RFC 7807 style, `title`, `type`,
//! `status`, `detail`) on `/2` resources, and OAuth 2.0 error JSON (`error`,
//! `error_description`) at the token and revoke endpoints.
//!
//! Details are written by the sandbox itself and never contain a token or a secret.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// X's type URI for refused parameters.
const INVALID_REQUEST_TYPE: &str = "https://api.twitter.com/2/problems/invalid-request";
/// The `detail` X gives every refusal of a request's parameters; the reason is in `errors`.
const INVALID_PARAMETERS: &str = "One or more parameters to your request was invalid.";
/// X's type URI for a resource (such as a media id) it cannot find.
const NOT_FOUND_TYPE: &str = "https://api.twitter.com/2/problems/resource-not-found";
/// X's type URI for a request the app may not make to that resource (a reply or a quote
/// its plan does not allow).
const NOT_AUTHORIZED_TYPE: &str = "https://api.twitter.com/2/problems/not-authorized-for-resource";
/// X's type URI for an app that is not attached to a project (or not enrolled).
const CLIENT_FORBIDDEN_TYPE: &str = "https://api.twitter.com/2/problems/client-forbidden";
/// X's type URI for a usage cap reached. X serves its types under both of its hosts.
const USAGE_CAPPED_TYPE: &str = "https://api.twitter.com/2/problems/usage-capped";
/// X's type URI for credits run out, under its newer host, as clients have met it.
const CREDITS_TYPE: &str = "https://api.x.com/2/problems/credits";

/// A problem JSON answer on a `/2` resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) status: StatusCode,
    pub(crate) title: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) detail: String,
    /// X's `errors` list, given for parameter refusals (`[{"message": ..}]`).
    pub(crate) errors: Vec<ErrorEntry>,
    /// Further fields some problems carry (`reason`, `period`, `scope` ...).
    pub(crate) extra: Vec<(&'static str, Value)>,
}

/// One entry of X's `errors` list: its message, and the parameter it is about (with the
/// value refused), when X names one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ErrorEntry {
    pub(crate) message: String,
    pub(crate) parameter: Option<(String, String)>,
}

impl ErrorEntry {
    fn message(message: impl Into<String>) -> Self {
        ErrorEntry {
            message: message.into(),
            parameter: None,
        }
    }
}

impl Problem {
    fn new(status: StatusCode, title: &'static str, detail: impl Into<String>) -> Self {
        Problem {
            status,
            title,
            kind: "about:blank",
            detail: detail.into(),
            errors: Vec::new(),
            extra: Vec::new(),
        }
    }

    /// 401 as X gives it for a missing, unknown, expired or revoked bearer token.
    pub(crate) fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Unauthorized", "Unauthorized")
    }

    /// 401 with a reason, for OAuth 1.0a refusals.
    pub(crate) fn unauthorized_because(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Unauthorized", detail)
    }

    /// 403 with a reason (missing scope, duplicate content, invisible post).
    pub(crate) fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "Forbidden", detail)
    }

    /// 400 for a refused parameter, in X's "Invalid Request" shape.
    pub(crate) fn invalid_request(detail: impl Into<String>) -> Self {
        let detail = detail.into();
        Problem {
            status: StatusCode::BAD_REQUEST,
            title: "Invalid Request",
            kind: INVALID_REQUEST_TYPE,
            errors: vec![ErrorEntry::message(detail.clone())],
            detail,
            extra: Vec::new(),
        }
    }

    /// 400 for a body that does not follow X's schema, in the shape X gives it: the generic
    /// `detail`, and the reason (with the field's JSON path) in `errors[].message`.
    pub(crate) fn invalid_schema(message: impl Into<String>) -> Self {
        Problem {
            status: StatusCode::BAD_REQUEST,
            title: "Invalid Request",
            kind: INVALID_REQUEST_TYPE,
            errors: vec![ErrorEntry::message(message)],
            detail: INVALID_PARAMETERS.to_string(),
            extra: Vec::new(),
        }
    }

    /// 400 for one refused parameter, in the shape X gives it: the generic `detail` X uses
    /// for every such refusal, and the reason in `errors[].message`, with the parameter and
    /// the value refused in `errors[].parameters`.
    pub(crate) fn invalid_parameter(
        parameter: &str,
        value: &str,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            status: StatusCode::BAD_REQUEST,
            title: "Invalid Request",
            kind: INVALID_REQUEST_TYPE,
            errors: vec![ErrorEntry {
                message: message.into(),
                parameter: Some((parameter.to_string(), value.to_string())),
            }],
            detail: INVALID_PARAMETERS.to_string(),
            extra: Vec::new(),
        }
    }

    /// 404 for a resource X does not know (or will not show this user), in X's
    /// "Not Found Error" shape.
    pub(crate) fn resource_not_found(detail: impl Into<String>) -> Self {
        let detail = detail.into();
        Problem {
            status: StatusCode::NOT_FOUND,
            title: "Not Found Error",
            kind: NOT_FOUND_TYPE,
            errors: vec![ErrorEntry::message(detail.clone())],
            detail,
            extra: Vec::new(),
        }
    }

    /// 403 for a reply or a quote the app's plan does not allow, in X's 2026 shape.
    pub(crate) fn not_authorized_for_resource(detail: impl Into<String>) -> Self {
        Problem {
            status: StatusCode::FORBIDDEN,
            title: "Authorization Error",
            kind: NOT_AUTHORIZED_TYPE,
            detail: detail.into(),
            errors: Vec::new(),
            extra: Vec::new(),
        }
    }

    /// 403 for an app that is not attached to a project, as X words it.
    pub(crate) fn client_forbidden(client_id: &str) -> Self {
        Problem {
            status: StatusCode::FORBIDDEN,
            title: "Client Forbidden",
            kind: CLIENT_FORBIDDEN_TYPE,
            detail: "When authenticating requests to the Twitter API v2 endpoints, you must use \
                     keys and tokens from a Twitter developer App that is attached to a Project. \
                     You can create a project via the developer portal."
                .into(),
            errors: Vec::new(),
            extra: vec![
                ("reason", json!("client-not-enrolled")),
                ("client_id", json!(client_id)),
                (
                    "registration_url",
                    json!("https://developer.x.com/en/docs/projects/overview"),
                ),
                (
                    "required_enrollment",
                    json!("Appropriate Level of API Access"),
                ),
            ],
        }
    }

    /// 429 for a usage cap reached: not a rate limit, and waiting minutes does not help.
    pub(crate) fn usage_capped() -> Self {
        Problem {
            status: StatusCode::TOO_MANY_REQUESTS,
            title: "UsageCapExceeded",
            kind: USAGE_CAPPED_TYPE,
            detail: "Usage cap exceeded: Monthly product cap".into(),
            errors: Vec::new(),
            extra: vec![("period", json!("Monthly")), ("scope", json!("Product"))],
        }
    }

    /// 402 for a project whose prepaid credits are spent (or whose spending limit is hit).
    pub(crate) fn credits_depleted() -> Self {
        Problem {
            status: StatusCode::PAYMENT_REQUIRED,
            title: "CreditsDepleted",
            kind: CREDITS_TYPE,
            detail: "Your enrolled account does not have any credits to fulfill this request."
                .into(),
            errors: Vec::new(),
            extra: Vec::new(),
        }
    }

    /// 429 when an endpoint's quota is used up.
    pub(crate) fn too_many_requests() -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "Too Many Requests",
            "Too Many Requests",
        )
    }

    /// 404 for a path the sandbox (and X) does not have.
    pub(crate) fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "Not Found", "Not Found")
    }

    /// 405 for a known path used with the wrong method.
    pub(crate) fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "Method Not Allowed",
            "Method Not Allowed",
        )
    }

    /// Any other status with a short detail (413, 415 ...).
    pub(crate) fn status(status: StatusCode, detail: impl Into<String>) -> Self {
        Self::new(
            status,
            status.canonical_reason().unwrap_or("Error"),
            detail.into(),
        )
    }

    /// The JSON body.
    pub(crate) fn body(&self) -> Value {
        let mut body = json!({
            "title": self.title,
            "type": self.kind,
            "status": self.status.as_u16(),
            "detail": self.detail,
        });
        if !self.errors.is_empty() {
            body["errors"] = self
                .errors
                .iter()
                .map(|entry| match &entry.parameter {
                    Some((name, value)) => json!({
                        "parameters": { name: [value] },
                        "message": entry.message,
                    }),
                    None => json!({ "message": entry.message }),
                })
                .collect();
        }
        for (name, value) in &self.extra {
            body[*name] = value.clone();
        }
        body
    }
}

/// How the sandbox words its refusals on `/2` resources: X's published contract documents
/// more than one shape, and a client must read each (see `sandbox serve --error-shape`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ErrorShape {
    /// Problem JSON (`type`, `title`, `detail`, `status`; a refused parameter's reason in
    /// `errors[]`), types under `https://api.twitter.com/2/problems/`: X's long-standing answer.
    #[default]
    Problem,
    /// Only the older list, `{"errors":[{"message","title","type","detail"}]}`.
    Errors,
    /// The OpenAPI description's default error: `{"code": N, "message": ".."}`.
    Code,
    /// OpenAPI v2.167's: problem types under `https://api.x.com/2/problems/`, and a refused
    /// parameter as one flat invalid-request problem (`parameter`, `value`), no `errors[]`.
    Flat,
}

impl ErrorShape {
    /// Reads `problem`, `errors`, `code` or `flat`.
    pub fn parse(text: &str) -> Result<ErrorShape, String> {
        match text.trim() {
            "problem" => Ok(ErrorShape::Problem),
            "errors" => Ok(ErrorShape::Errors),
            "code" => Ok(ErrorShape::Code),
            "flat" | "2.167" => Ok(ErrorShape::Flat),
            other => Err(format!(
                "unknown error shape {other:?}; write problem, errors, code or flat"
            )),
        }
    }

    /// A problem `body` (as [`Problem::body`] makes it) in this shape, with the same words.
    pub(crate) fn reshape(self, body: &Value) -> Value {
        let text = |key: &str| body.get(key).and_then(Value::as_str).unwrap_or_default();
        let entries: Vec<Value> = body
            .get("errors")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        // X's specific reason, where it gives one, else its detail.
        let message = entries
            .first()
            .and_then(|e| e.get("message"))
            .and_then(Value::as_str)
            .unwrap_or(text("detail"))
            .to_owned();
        match self {
            ErrorShape::Problem => body.clone(),
            ErrorShape::Code => json!({ "code": body["status"], "message": message }),
            ErrorShape::Errors => {
                let mut listed = if entries.is_empty() {
                    vec![json!({ "message": message })]
                } else {
                    entries
                };
                for entry in &mut listed {
                    entry["title"] = json!(text("title"));
                    entry["type"] = json!(text("type"));
                    entry["detail"] = json!(text("detail"));
                }
                json!({ "errors": listed })
            }
            ErrorShape::Flat => {
                let mut flat = body.clone();
                if let Some(kind) = text("type").strip_prefix("https://api.twitter.com/") {
                    flat["type"] = json!(format!("https://api.x.com/{kind}"));
                }
                let named = entries.first().and_then(|e| {
                    let (name, values) = e.get("parameters")?.as_object()?.iter().next()?;
                    Some((name.clone(), values.get(0).cloned().unwrap_or(Value::Null)))
                });
                if let Some((name, value)) = named {
                    if let Some(object) = flat.as_object_mut() {
                        object.remove("errors");
                    }
                    flat["detail"] = json!(message);
                    flat["parameter"] = json!(name);
                    flat["value"] = value;
                }
                flat
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.body().to_string()).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        response
    }
}

/// An OAuth 2.0 error (RFC 6749 §5.2) as X's token and revoke endpoints give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OAuthError {
    pub(crate) status: StatusCode,
    pub(crate) error: &'static str,
    pub(crate) description: String,
}

impl OAuthError {
    /// 400 `invalid_request` with a description.
    pub(crate) fn invalid_request(description: impl Into<String>) -> Self {
        OAuthError {
            status: StatusCode::BAD_REQUEST,
            error: "invalid_request",
            description: description.into(),
        }
    }

    /// X's answer to a bad, expired, reused or foreign authorization code.
    pub(crate) fn invalid_code() -> Self {
        Self::invalid_request("Value passed for the authorization code was invalid.")
    }

    /// X's answer to a bad, used or revoked refresh token.
    pub(crate) fn invalid_refresh_token() -> Self {
        Self::invalid_request("Value passed for the token was invalid.")
    }

    /// 401 when the client did not authenticate at all.
    pub(crate) fn missing_client_auth() -> Self {
        OAuthError {
            status: StatusCode::UNAUTHORIZED,
            error: "unauthorized_client",
            description: "Missing valid authorization header".into(),
        }
    }

    /// 401 when the client's credentials are wrong or unknown.
    pub(crate) fn invalid_client() -> Self {
        OAuthError {
            status: StatusCode::UNAUTHORIZED,
            error: "invalid_client",
            description: "Client authentication failed.".into(),
        }
    }

    /// 400 for a grant type the endpoint does not know.
    pub(crate) fn unsupported_grant_type() -> Self {
        OAuthError {
            status: StatusCode::BAD_REQUEST,
            error: "unsupported_grant_type",
            description: "Value passed for the grant type was invalid.".into(),
        }
    }

    /// The JSON body.
    pub(crate) fn body(&self) -> Value {
        json!({ "error": self.error, "error_description": self.description })
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unauthorized_has_xs_exact_shape() {
        assert_eq!(
            Problem::unauthorized().body(),
            json!({"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"})
        );
    }

    #[test]
    fn too_many_requests_has_xs_exact_shape() {
        assert_eq!(
            Problem::too_many_requests().body(),
            json!({"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429})
        );
    }

    #[test]
    fn invalid_request_carries_the_message_in_detail_and_errors() {
        let body = Problem::invalid_request("Your media IDs are invalid.").body();
        assert_eq!(body["status"], 400);
        assert_eq!(body["type"], INVALID_REQUEST_TYPE);
        assert_eq!(body["detail"], "Your media IDs are invalid.");
        assert_eq!(body["errors"][0]["message"], "Your media IDs are invalid.");
    }

    #[test]
    fn pay_per_use_stops_have_xs_shapes() {
        let capped = Problem::usage_capped().body();
        assert_eq!(capped["status"], 429);
        assert_eq!(capped["title"], "UsageCapExceeded");
        assert_eq!(capped["period"], "Monthly");
        assert!(capped["type"].as_str().unwrap().ends_with("/usage-capped"));
        let credits = Problem::credits_depleted().body();
        assert_eq!(credits["status"], 402);
        assert_eq!(credits["title"], "CreditsDepleted");
        assert!(
            credits["type"]
                .as_str()
                .unwrap()
                .starts_with("https://api.x.com/")
        );
        let forbidden = Problem::client_forbidden("abc").body();
        assert_eq!(forbidden["reason"], "client-not-enrolled");
        assert_eq!(forbidden["client_id"], "abc");
        assert_eq!(forbidden["title"], "Client Forbidden");
    }

    #[test]
    fn a_refused_parameter_has_a_generic_detail_and_the_reason_in_errors() {
        let body = Problem::invalid_parameter("reply.in_reply_to_tweet_id", "42", "Gone.").body();
        assert_eq!(
            body,
            json!({
                "title": "Invalid Request",
                "type": INVALID_REQUEST_TYPE,
                "status": 400,
                "detail": "One or more parameters to your request was invalid.",
                "errors": [{
                    "parameters": {"reply.in_reply_to_tweet_id": ["42"]},
                    "message": "Gone.",
                }],
            })
        );
    }

    #[test]
    fn every_error_shape_keeps_xs_words() {
        let refused = Problem::invalid_parameter(
            "tweet.fields",
            "edit_controls",
            "Not one of [post.fields].",
        )
        .body();
        assert_eq!(ErrorShape::Problem.reshape(&refused), refused);
        assert_eq!(
            ErrorShape::Code.reshape(&refused),
            json!({"code": 400, "message": "Not one of [post.fields]."})
        );
        let listed = ErrorShape::Errors.reshape(&refused);
        assert_eq!(listed.as_object().unwrap().len(), 1, "{listed}");
        assert_eq!(listed["errors"][0]["message"], "Not one of [post.fields].");
        assert_eq!(
            listed["errors"][0]["parameters"]["tweet.fields"][0],
            "edit_controls"
        );
        assert_eq!(
            ErrorShape::Flat.reshape(&refused),
            json!({
                "type": "https://api.x.com/2/problems/invalid-request",
                "title": "Invalid Request",
                "detail": "Not one of [post.fields].",
                "parameter": "tweet.fields",
                "value": "edit_controls",
                "status": 400,
            })
        );
        // A problem without a parameter keeps its shape, under X's newer host.
        let quote = Problem::not_authorized_for_resource("No quotes.").body();
        let flat = ErrorShape::Flat.reshape(&quote);
        assert_eq!(
            flat["type"],
            "https://api.x.com/2/problems/not-authorized-for-resource"
        );
        assert_eq!(flat["detail"], "No quotes.");
        assert_eq!(
            ErrorShape::Errors.reshape(&quote)["errors"][0]["message"],
            "No quotes."
        );
        assert_eq!(ErrorShape::parse("code"), Ok(ErrorShape::Code));
        assert!(ErrorShape::parse("xml").is_err());
    }

    #[test]
    fn oauth_errors_have_error_and_description() {
        assert_eq!(
            OAuthError::missing_client_auth().body(),
            json!({"error":"unauthorized_client","error_description":"Missing valid authorization header"})
        );
        assert_eq!(
            OAuthError::invalid_code().body(),
            json!({"error":"invalid_request","error_description":"Value passed for the authorization code was invalid."})
        );
    }
}
