//! The sandbox's HTML: the consent page (saying plainly that it is the xpost sandbox, not
//! X) and the error page shown when a request cannot be sent back to the app.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// The path the consent form posts to.
pub(crate) const CONSENT_ACTION: &str = "/i/oauth2/authorize/consent";

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;\
padding:0 1rem;color:#0f1419;line-height:1.5}.banner{background:#fff4cc;border:1px solid #e6c200;\
border-radius:.5rem;padding:.5rem .75rem;font-size:.9rem}ul{padding-left:1.25rem}\
button{font-size:1rem;padding:.5rem 1.25rem;border-radius:9999px;border:1px solid #cfd9de;\
background:#fff;cursor:pointer;margin-right:.5rem}button[value=authorize]{background:#0f1419;\
color:#fff;border-color:#0f1419}";

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What a scope lets the app do, in the consent page's words.
fn describe(scope: &str) -> &'static str {
    match scope {
        "tweet.read" => "Read posts you can see",
        "tweet.write" => "Post and repost for you",
        "users.read" => "Read your profile",
        "offline.access" => "Stay connected until you revoke access",
        "media.write" => "Upload media for you",
        _ => "Unknown permission",
    }
}

fn document(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <p class=\"banner\">This is the <strong>xpost sandbox</strong>, a local imitation of X \
         for testing. It is not X, and nothing here reaches X.</p>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

/// The consent page for a pending request.
pub(crate) fn consent(
    app_name: &str,
    username: &str,
    scopes: &[String],
    request_id: &str,
) -> String {
    let items: String = scopes
        .iter()
        .map(|s| format!("<li>{} <code>{}</code></li>\n", describe(s), escape(s)))
        .collect();
    let body = format!(
        "<h1>Authorize {app} to use your account?</h1>\n\
         <p>Signed in as <strong>@{user}</strong>. <strong>{app}</strong> asks to:</p>\n\
         <ul>\n{items}</ul>\n\
         <form method=\"post\" action=\"{CONSENT_ACTION}\">\n\
         <input type=\"hidden\" name=\"request_id\" value=\"{id}\">\n\
         <button name=\"decision\" value=\"authorize\">Authorize app</button>\n\
         <button name=\"decision\" value=\"cancel\">Cancel</button>\n\
         </form>\n",
        app = escape(app_name),
        user = escape(username),
        id = escape(request_id),
    );
    document(&format!("Authorize {app_name} - xpost sandbox"), &body)
}

/// A post as the sandbox shows it.
pub(crate) fn post(name: &str, username: &str, post: &super::Post) -> String {
    let media = if post.media_ids.is_empty() {
        String::new()
    } else {
        format!(
            "<p>Media: {}</p>\n",
            post.media_ids
                .iter()
                .map(|id| format!("<code>{}</code>", escape(id)))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let body = format!(
        "<p><strong>{}</strong> @{}</p>\n<blockquote>{}</blockquote>\n{media}<p>Post <code>{}</code></p>\n",
        escape(name),
        escape(username),
        escape(&post.text).replace('\n', "<br>"),
        escape(&post.id)
    );
    document(&format!("@{username} - xpost sandbox"), &body)
}

/// An error page that does not send the browser back to the app.
pub(crate) fn error(message: &str) -> String {
    let body = format!(
        "<h1>Something went wrong</h1>\n<p>{}</p>\n<p>Start again from xpost.</p>\n",
        escape(message)
    );
    document("Error - xpost sandbox", &body)
}

/// An HTML answer that browsers must not cache or frame.
pub(crate) fn respond(status: StatusCode, html: String) -> Response {
    let mut response = (status, Html(html)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_page_names_the_sandbox_app_and_scopes_and_has_the_form() {
        let scopes = vec!["tweet.write".to_string(), "media.write".to_string()];
        let page = consent("xpost", "xpost_sandbox", &scopes, "req123");
        assert!(page.contains("xpost sandbox"));
        assert!(page.contains("It is not X"));
        assert!(page.contains("Authorize xpost"));
        assert!(page.contains("<code>tweet.write</code>"));
        assert!(page.contains("<code>media.write</code>"));
        assert!(page.contains(r#"<form method="post" action="/i/oauth2/authorize/consent">"#));
        assert!(page.contains(r#"name="request_id" value="req123""#));
        assert!(
            page.contains(r#"<button name="decision" value="authorize">Authorize app</button>"#)
        );
        assert!(page.contains(r#"value="cancel""#));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert!(error("<script>").contains("&lt;script&gt;"));
    }
}
