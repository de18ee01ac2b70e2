//! The sandbox's own "browser": it opens an authorize URL, reads the consent page's form,
//! clicks Authorize or Cancel, and follows the redirect to the app's loopback callback,
//! as a person's browser would. Tests use it in place of a human.

use std::collections::HashMap;

use reqwest::header::LOCATION;
use reqwest::redirect::Policy;
use reqwest::{Client, Response};
use url::{Position, Url};

use super::Decision;

/// A tag's name and attributes, as scanned from HTML.
struct Tag {
    name: String,
    attrs: HashMap<String, String>,
}

/// Scans the start tags of an HTML document (enough for the sandbox's own pages).
fn tags(html: &str) -> Vec<Tag> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let end = tag_end(rest);
        let inside = &rest[..end];
        rest = &rest[end..];
        let name_len = inside
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(inside.len());
        let name = inside[..name_len].to_ascii_lowercase();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        found.push(Tag {
            name,
            attrs: attributes(&inside[name_len..]),
        });
    }
    found
}

/// Where a tag ends: the first `>` outside quotes.
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    s.len()
}

fn attributes(mut s: &str) -> HashMap<String, String> {
    let mut attrs = HashMap::new();
    loop {
        s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if s.is_empty() {
            return attrs;
        }
        let name_len = s
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(s.len());
        let name = s[..name_len].to_ascii_lowercase();
        s = s[name_len..].trim_start();
        let value = if let Some(after) = s.strip_prefix('=') {
            let after = after.trim_start();
            let (value, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], &body[(close + 1).min(body.len())..])
                }
                _ => {
                    let len = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..len], &after[len..])
                }
            };
            s = next;
            unescape(value)
        } else {
            String::new()
        };
        attrs.insert(name, value);
    }
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The consent form a browser would submit: where to, and the fields for one button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConsentForm {
    pub(crate) action: String,
    pub(crate) fields: Vec<(String, String)>,
}

/// Finds the POST form on a consent page and the fields sent by clicking `decision`.
pub(crate) fn consent_form(html: &str, decision: Decision) -> Result<ConsentForm, String> {
    let wanted = match decision {
        Decision::Authorize => "authorize",
        Decision::Cancel => "cancel",
    };
    let tags = tags(html);
    let form = tags
        .iter()
        .find(|t| {
            t.name == "form"
                && t.attrs
                    .get("method")
                    .is_some_and(|m| m.eq_ignore_ascii_case("post"))
        })
        .ok_or("the consent page has no POST form")?;
    let action = form.attrs.get("action").cloned().unwrap_or_default();
    let mut fields: Vec<(String, String)> = tags
        .iter()
        .filter(|t| t.name == "input")
        .filter(|t| {
            t.attrs
                .get("type")
                .is_some_and(|v| v.eq_ignore_ascii_case("hidden"))
        })
        .filter_map(|t| {
            Some((
                t.attrs.get("name")?.clone(),
                t.attrs.get("value").cloned().unwrap_or_default(),
            ))
        })
        .collect();
    let button = tags
        .iter()
        .filter(|t| t.name == "button")
        .find(|t| t.attrs.get("value").is_some_and(|v| v == wanted))
        .ok_or_else(|| format!("the consent page has no {wanted} button"))?;
    if let Some(name) = button.attrs.get("name") {
        fields.push((name.clone(), wanted.to_string()));
    }
    Ok(ConsentForm { action, fields })
}

/// A URL without its query, so codes and states never appear in error messages.
fn shown(url: &Url) -> &str {
    &url[..Position::AfterPath]
}

/// A GET of `url`, its failure told without its query.
async fn get(client: &Client, url: &Url) -> Result<Response, String> {
    client
        .get(url.clone())
        .send()
        .await
        .map_err(|e| format!("{} could not be reached: {}", shown(url), e.without_url()))
}

/// Where a redirect from `from` leads.
fn redirect_target(from: &Url, response: &Response) -> Result<Url, String> {
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| format!("{} redirected without a Location", shown(from)))?;
    from.join(location)
        .map_err(|e| format!("the redirect from {} is not a URL: {e}", shown(from)))
}

/// Whether a redirect goes back to an app's callback: it carries a code or a refusal.
fn is_callback(url: &Url) -> bool {
    url.query_pairs().any(|(k, _)| k == "code" || k == "error")
}

/// Follows one redirect to the app's callback and returns the callback's status.
async fn follow(client: &Client, from: &Url, response: &Response) -> Result<u16, String> {
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| format!("{} redirected without a Location", shown(from)))?;
    let target = from
        .join(location)
        .map_err(|e| format!("the redirect from {} is not a URL: {e}", shown(from)))?;
    let reached = client.get(target.clone()).send().await.map_err(|e| {
        format!(
            "the callback {} could not be reached: {}",
            shown(&target),
            e.without_url()
        )
    })?;
    Ok(reached.status().as_u16())
}

/// Drives the consent flow; see [`super::consent_as_browser`].
pub(crate) async fn consent(authorize_url: &str, decision: Decision) -> Result<u16, String> {
    let client = Client::builder()
        .redirect(Policy::none())
        .build()
        .map_err(|e| format!("the browser could not start: {e}"))?;
    let mut start =
        Url::parse(authorize_url).map_err(|e| format!("the authorize URL is not a URL: {e}"))?;
    let mut page = get(&client, &start).await?;
    // The app may hand the browser a link of its own that redirects to the consent page (xpost
    // does, to keep the consent URL off the browser's command line): follow it, as a browser
    // would, until the consent page or a redirect to the app's callback.
    for _ in 0..3 {
        match page
            .status()
            .is_redirection()
            .then(|| redirect_target(&start, &page))
        {
            Some(Ok(target)) if !is_callback(&target) => {
                page = get(&client, &target).await?;
                start = target;
            }
            Some(Err(e)) => return Err(e),
            _ => break,
        }
    }
    if page.status().is_redirection() {
        // The request was refused in a way X sends back to the app (invalid_scope ...).
        return follow(&client, &start, &page).await;
    }
    let status = page.status();
    let html = page
        .text()
        .await
        .map_err(|e| format!("the consent page could not be read: {}", e.without_url()))?;
    if !status.is_success() {
        return Err(format!(
            "{} answered {status} instead of a consent page",
            shown(&start)
        ));
    }
    let form = consent_form(&html, decision)?;
    let action = start
        .join(&form.action)
        .map_err(|e| format!("the consent form's action is not a URL: {e}"))?;
    let answer = client
        .post(action.clone())
        .form(&form.fields)
        .send()
        .await
        .map_err(|e| format!("the consent form could not be sent: {}", e.without_url()))?;
    if !answer.status().is_redirection() {
        return Err(format!(
            "the consent form was answered with {} instead of a redirect",
            answer.status()
        ));
    }
    follow(&client, &action, &answer).await
}

#[cfg(test)]
mod tests {
    use super::super::pages;
    use super::*;

    #[test]
    fn finds_the_sandbox_consent_form_for_each_button() {
        let page = pages::consent("xpost", "xpost_sandbox", &["tweet.read".into()], "r&1");
        let form = consent_form(&page, Decision::Authorize).unwrap();
        assert_eq!(form.action, "/i/oauth2/authorize/consent");
        assert_eq!(
            form.fields,
            vec![
                ("request_id".to_string(), "r&1".to_string()),
                ("decision".to_string(), "authorize".to_string())
            ]
        );
        let form = consent_form(&page, Decision::Cancel).unwrap();
        assert_eq!(
            form.fields[1],
            ("decision".to_string(), "cancel".to_string())
        );
    }

    #[test]
    fn attributes_parse_with_any_quoting() {
        let found = tags(
            r#"<FORM Method=post action='/a?b=1&amp;c=2'><input type="hidden" name=x value="a > b" /></form>"#,
        );
        assert_eq!(found[0].name, "form");
        assert_eq!(found[0].attrs["method"], "post");
        assert_eq!(found[0].attrs["action"], "/a?b=1&c=2");
        assert_eq!(found[1].attrs["value"], "a > b");
        assert_eq!(found[1].attrs["name"], "x");
    }

    #[test]
    fn pages_without_the_form_or_button_are_errors() {
        assert!(consent_form("<p>hi</p>", Decision::Authorize).is_err());
        assert!(consent_form(r#"<form method="post"></form>"#, Decision::Cancel).is_err());
    }
}
