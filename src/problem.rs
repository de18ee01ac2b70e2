//! What X says when it refuses, in its own words: its error bodies (problem JSON with
//! `title` and `detail`, the older `errors` list, its OpenAPI description's default
//! `{"code", "message"}`, OAuth's `error_description`) read into one line, and which of X's
//! problems it is ([`kind`]). Pure; never quotes a body whole, since an unexpected body may
//! hold a token.

use crate::sanitize::outside;

/// At most this many of X's `errors` are quoted.
const MAX_MESSAGES: usize = 5;

/// What X said in an error body, in its own words, made safe to show on a terminal
/// ([`outside`]: one line, no control characters, cut to a readable length).
///
/// The specific reasons in `errors[].message` come first: for a refused parameter X's
/// `detail` is generic ("One or more parameters to your request was invalid.") and the reason
/// is only there. A `detail` that says something else follows in parentheses.
pub fn error_text(body: &[u8]) -> Option<String> {
    said(body)
        .map(|said| outside(&said).trim().to_owned())
        .filter(|said| !said.is_empty())
}

fn said(body: &[u8]) -> Option<String> {
    let json: serde_json::Value = serde_json::from_slice(body).ok()?;
    let field = |v: &serde_json::Value, k: &str| {
        v.get(k)
            .and_then(|s| s.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let detail = field(&json, "detail");
    let mut messages: Vec<String> = Vec::new();
    if let Some(errors) = json.get("errors").and_then(|e| e.as_array()) {
        for message in errors
            .iter()
            .filter_map(|e| field(e, "message").or_else(|| field(e, "detail")))
        {
            if !messages.contains(&message) {
                messages.push(message);
            }
            if messages.len() == MAX_MESSAGES {
                break;
            }
        }
    }
    match (messages.is_empty(), detail) {
        (false, Some(detail)) if !messages.contains(&detail) => {
            return Some(format!("{} ({detail})", messages.join("; ")));
        }
        (false, _) => return Some(messages.join("; ")),
        (true, Some(detail)) => return Some(detail),
        (true, None) => {}
    }
    if let Some(description) = field(&json, "error_description") {
        return Some(description);
    }
    // The OpenAPI description's default error: `{"code": N, "message": ".."}`.
    if let Some(message) = field(&json, "message") {
        return Some(message);
    }
    field(&json, "title").or_else(|| field(&json, "error"))
}

/// The parameters X names in an error body, as a 400 for a refused query parameter or value
/// has them: the keys of its `errors[].parameters` (OpenAPI v2.159 and X's long-standing
/// answers), or the flat invalid-request problem's `parameter` (v2.167); at most
/// `MAX_MESSAGES` of them.
pub fn parameters(body: &[u8]) -> Vec<String> {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Vec::new();
    };
    let mut names: Vec<String> = Vec::new();
    if let Some(name) = json
        .get("parameter")
        .and_then(|p| p.as_str())
        .filter(|p| !p.is_empty())
    {
        names.push(name.to_owned());
    }
    let errors = json.get("errors").and_then(|e| e.as_array());
    for error in errors.into_iter().flatten() {
        let Some(named) = error.get("parameters").and_then(|p| p.as_object()) else {
            continue;
        };
        for name in named.keys() {
            if names.len() < MAX_MESSAGES && !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    names
}

/// Which of X's problems an error body names, by its `type` (matched on the last path
/// segment, since X serves its types under both `api.twitter.com` and `api.x.com`) and, for
/// an app without a project, its `reason`. X's wording is never looked at: it changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `credits`: the project's prepaid credits are spent or its spending limit is reached.
    Credits,
    /// `usage-capped`: a usage cap (`period` and `scope` as X gave them, if any).
    UsageCapped {
        /// `Daily`, `Monthly` ...
        period: Option<String>,
        /// `Account`, `Product` ...
        scope: Option<String>,
    },
    /// `client-forbidden` or `reason: client-not-enrolled`: the app is not attached to a
    /// project (or not enrolled in the right package).
    ClientForbidden,
    /// `not-authorized-for-resource`: the app may not act on that post (a reply or a quote its
    /// plan does not allow).
    NotAuthorizedForResource,
    /// `resource-not-found`.
    ResourceNotFound,
    /// Any other type, or none.
    Other,
}

/// Which of X's problems `body` is.
pub fn kind(body: &[u8]) -> Kind {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Kind::Other;
    };
    let text = |key: &str| json.get(key).and_then(|v| v.as_str()).map(str::trim);
    let owned = |key: &str| text(key).filter(|v| !v.is_empty()).map(outside);
    let last = text("type")
        .map(|t| t.trim_end_matches('/').rsplit('/').next().unwrap_or(t))
        .unwrap_or_default();
    if text("reason") == Some("client-not-enrolled") {
        return Kind::ClientForbidden;
    }
    match last {
        "credits" => Kind::Credits,
        "usage-capped" => Kind::UsageCapped {
            period: owned("period"),
            scope: owned("scope"),
        },
        "client-forbidden" => Kind::ClientForbidden,
        "not-authorized-for-resource" => Kind::NotAuthorizedForResource,
        "resource-not-found" => Kind::ResourceNotFound,
        _ => Kind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_error_shape() {
        assert_eq!(
            error_text(br#"{"title":"Forbidden","detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","status":403}"#).as_deref(),
            Some("You are not allowed to create a Tweet with duplicate content.")
        );
        assert_eq!(
            error_text(br#"{"errors":[{"message":"Could not authenticate you","code":32}]}"#)
                .as_deref(),
            Some("Could not authenticate you")
        );
        assert_eq!(
            error_text(br#"{"error":"invalid_request","error_description":"Value passed for the authorization code was invalid."}"#).as_deref(),
            Some("Value passed for the authorization code was invalid.")
        );
        assert_eq!(
            error_text(br#"{"title":"Unauthorized"}"#).as_deref(),
            Some("Unauthorized")
        );
        assert_eq!(error_text(b"<html>oops</html>"), None);
        // The OpenAPI description's default error.
        assert_eq!(
            error_text(br#"{"code":403,"message":"You are not permitted to \u001b[2Jdo this."}"#)
                .as_deref(),
            Some("You are not permitted to [2Jdo this.")
        );
        // v2.167's flat invalid-request problem: its detail is the reason.
        assert_eq!(
            error_text(br#"{"type":"https://api.x.com/2/problems/invalid-request","title":"Invalid Request","detail":"The query parameter [tweet.fields] is not one of [id,post.fields]","parameter":"tweet.fields","value":"edit_controls","status":400}"#).as_deref(),
            Some("The query parameter [tweet.fields] is not one of [id,post.fields]")
        );
    }

    #[test]
    fn xs_specific_reasons_come_before_a_generic_detail() {
        // X's answer to a reply to a post that is gone.
        let body = br#"{"errors":[{"parameters":{"reply.in_reply_to_tweet_id":["1"]},"message":"The Tweet you are replying to has been deleted or is not visible to you."}],"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.twitter.com/2/problems/invalid-request"}"#;
        assert_eq!(
            error_text(body).as_deref(),
            Some(
                "The Tweet you are replying to has been deleted or is not visible to you. (One or more parameters to your request was invalid.)"
            )
        );
        // The same words in both are said once.
        assert_eq!(
            error_text(br#"{"detail":"Bad media.","errors":[{"message":"Bad media."}]}"#)
                .as_deref(),
            Some("Bad media.")
        );
        // Many reasons: each once, and only the first few.
        let many: Vec<String> = (0..20)
            .map(|i| format!(r#"{{"message":"reason {}"}}"#, i % 7))
            .collect();
        let body = format!(r#"{{"errors":[{}]}}"#, many.join(","));
        assert_eq!(
            error_text(body.as_bytes()).as_deref(),
            Some("reason 0; reason 1; reason 2; reason 3; reason 4")
        );
    }

    #[test]
    fn what_x_said_cannot_drive_the_terminal() {
        let detail = "\u{1b}[2J\u{9b}31mgone\r\nxpost: hint: \u{202e}run this";
        let body = serde_json::json!({ "detail": detail }).to_string();
        let said = error_text(body.as_bytes()).unwrap();
        assert_eq!(said, "[2J31mgone  xpost: hint: run this");
        let only_controls = serde_json::json!({ "detail": "\u{1b}\u{7} \u{9b}\r" }).to_string();
        assert_eq!(error_text(only_controls.as_bytes()), None);
        let long = serde_json::json!({ "errors": [{ "message": "x".repeat(5000) }] }).to_string();
        assert!(error_text(long.as_bytes()).unwrap().chars().count() <= 1001);
    }

    #[test]
    fn problems_are_known_by_their_type_under_either_host_not_by_their_words() {
        let of = |body: &str| kind(body.as_bytes());
        assert_eq!(
            of(
                r#"{"title":"CreditsDepleted","type":"https://api.x.com/2/problems/credits","status":402}"#
            ),
            Kind::Credits
        );
        assert_eq!(
            of(r#"{"title":"Anything","type":"https://api.twitter.com/2/problems/credits/"}"#),
            Kind::Credits
        );
        assert_eq!(
            of(
                r#"{"title":"UsageCapExceeded","period":"Monthly","scope":"Product","type":"https://api.twitter.com/2/problems/usage-capped"}"#
            ),
            Kind::UsageCapped {
                period: Some("Monthly".into()),
                scope: Some("Product".into())
            }
        );
        assert_eq!(
            of(r#"{"reason":"client-not-enrolled","title":"Client Forbidden"}"#),
            Kind::ClientForbidden
        );
        assert_eq!(
            of(r#"{"type":"https://api.x.com/2/problems/client-forbidden"}"#),
            Kind::ClientForbidden
        );
        assert_eq!(
            of(
                r#"{"type":"https://api.twitter.com/2/problems/not-authorized-for-resource","detail":"You can only reply to or quote posts where you are mentioned or are the author."}"#
            ),
            Kind::NotAuthorizedForResource
        );
        // The words alone mean nothing.
        assert_eq!(
            of(r#"{"title":"CreditsDepleted","detail":"usage-capped client-not-enrolled"}"#),
            Kind::Other
        );
        assert_eq!(of("not json"), Kind::Other);
        // What X says of the cap reaches the terminal made safe.
        assert_eq!(
            of(r#"{"type":"x/usage-capped","period":"Mon\u001b[2Jthly"}"#),
            Kind::UsageCapped {
                period: Some("Mon[2Jthly".into()),
                scope: None
            }
        );
    }

    #[test]
    fn names_the_parameters_x_refused() {
        let body = br#"{"errors":[{"parameters":{"tweet.fields":["edit_controls"]},"message":"The query parameter [tweet.fields] is not one of [id,expansions,post.fields]"},{"parameters":{"expansions":["x"],"tweet.fields":["y"]},"message":"m"}],"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.twitter.com/2/problems/invalid-request"}"#;
        assert_eq!(parameters(body), ["tweet.fields", "expansions"]);
        // OpenAPI v2.167's flat invalid-request problem names one.
        let flat = br#"{"type":"https://api.x.com/2/problems/invalid-request","title":"Invalid Request","detail":"d","parameter":"tweet.fields","value":"edit_controls","status":400}"#;
        assert_eq!(parameters(flat), ["tweet.fields"]);
        for none in [
            &b"{}"[..],
            b"not json",
            br#"{"errors":[{"parameters":[]}]}"#,
            br#"{"errors":5}"#,
        ] {
            assert!(parameters(none).is_empty());
        }
    }
}
