//! The HTTP side of the sandbox: the connections, the routes, the shared state behind
//! them, and the layer that records every request, adds X's rate-limit headers to `/2`
//! answers and applies injected faults.
//!
//! Connections are served by hyper directly rather than by `axum::serve`, so that a fault
//! can end one without an answer: the layer marks its response with [`Hangup`], and the
//! connection's service turns that into an error, on which hyper closes the connection.

use std::convert::Infallible;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State as Extract};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::StreamExt;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};
use tokio::task::JoinSet;

use super::billing;
use super::clock::{Clock, unix_seconds};
use super::faults::Fault;
use super::limits::{FALLBACK, Quota, route_of};
use super::problems::{ErrorShape, OAuthError, Problem};
use super::state::{RequestRecord, State};
use super::subscriptions;
use super::{
    articles, chunked, control, deleting, me, metadata, oauth2, posting, reading, simple_upload,
    sink, subtitles, users, web,
};

/// How long a client may take to send a request's headers before its connection is closed.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// How long open connections get to finish once the sandbox stops.
const GRACE: Duration = Duration::from_secs(5);
/// The wait an injected 429 asks for (`retry-after`, and `x-rate-limit-reset` from now).
const INJECTED_RETRY_AFTER_SECS: u64 = 1;
/// How long a truncated answer waits after its part of the body, so that part (and the
/// headers) reach the client before the connection is cut.
const TRUNCATION_PAUSE: Duration = Duration::from_millis(50);
/// The version of X's OpenAPI description the sandbox answers as, in every `/2` answer's
/// `api-version` header (X's answers carry one).
pub(crate) const API_VERSION: &str = "2.167";
/// What [`Fault::BadId`] gives as an id: no number, and a path if pasted into one.
const LYING_ID: &str = "1862/../../2/users/me";
/// What a misbehaving proxy answers instead of X's JSON.
const NOT_JSON_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>X</title></head>\
<body><p>Something went wrong, but don\u{2019}t fret \u{2014} let\u{2019}s give it another shot.</p>\
</body></html>\n";

/// What every handler shares: the state behind one lock, and the clock.
pub(crate) struct Shared {
    state: Mutex<State>,
    pub(crate) clock: Clock,
}

/// The handle handlers get.
pub(crate) type App = Arc<Shared>;

impl Shared {
    /// Shared state around `state`, on the system clock.
    pub(crate) fn new(state: State) -> Self {
        Shared {
            state: Mutex::new(state),
            clock: Clock::default(),
        }
    }

    /// Locks the state. A panic in another handler does not make it unusable.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The sandbox time.
    pub(crate) fn now(&self) -> SystemTime {
        self.clock.now()
    }

    /// Whether the app's project lets a request through (enrollment, usage cap, credits).
    pub(crate) fn check_billing(&self) -> Result<(), Problem> {
        let state = self.lock();
        state.billing.admit(&state.app.client_id)
    }

    /// Spends one request of an endpoint's quota, or refuses with 429.
    pub(crate) fn take_quota(&self, method: &str, path: &str) -> Result<(), Problem> {
        let now = self.now();
        match self.lock().limits.take(method, path, now) {
            Ok(_) => Ok(()),
            Err(_) => Err(Problem::too_many_requests()),
        }
    }
}

/// Every route of the imitation.
pub(crate) fn router(app: App) -> Router {
    Router::new()
        .route("/i/oauth2/authorize", get(oauth2::authorize))
        .route("/i/oauth2/authorize/consent", post(oauth2::consent))
        .route("/2/oauth2/token", post(oauth2::token))
        .route("/2/oauth2/revoke", post(oauth2::revoke))
        .route(
            "/2/media/upload",
            post(simple_upload::upload)
                .layer(DefaultBodyLimit::max(simple_upload::MAX_BODY))
                .get(chunked::status),
        )
        .route(chunked::INITIALIZE, post(chunked::initialize))
        .route(
            chunked::APPEND,
            post(chunked::append).layer(DefaultBodyLimit::max(chunked::MAX_APPEND_BODY)),
        )
        .route(chunked::FINALIZE, post(chunked::finalize))
        .route(metadata::ROUTE, post(metadata::create))
        .route(subtitles::ROUTE, post(subtitles::create))
        .route("/2/tweets", post(posting::create))
        .route(articles::DRAFT, post(articles::draft))
        .route(articles::PUBLISH, post(articles::publish))
        .route(
            deleting::ROUTE,
            axum::routing::delete(deleting::delete).get(reading::get),
        )
        .route("/2/users/me", get(me::me))
        .route(users::ROUTE, get(users::by_username))
        .route("/{username}/status/{id}", get(web::post))
        .route(
            control::PATH,
            post(control::inject)
                .delete(control::clear)
                .get(control::list),
        )
        .route(control::OTHERS_POSTS, post(control::others_post))
        .route(control::USERS, post(control::add_user))
        .route(subscriptions::PATH, post(subscriptions::change))
        .route(
            sink::PATH,
            post(sink::sink).layer(DefaultBodyLimit::disable()),
        )
        .fallback(|| async { Problem::not_found() })
        .method_not_allowed_fallback(|| async { Problem::method_not_allowed() })
        .layer(from_fn_with_state(app.clone(), observe))
        .with_state(app)
}

/// Records the request and, on `/2` endpoints that have a quota, adds its headers.
/// Quotas are kept per route, so `/2/media/upload/{id}/append` is one bucket whatever
/// the id. A fault waiting for the route is taken and applied here (see [`Fault`] for
/// what each one records).
async fn observe(Extract(app): Extract<App>, request: Request, next: Next) -> Response {
    let method = request.method().as_str().to_string();
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    let route = route_of(&path).to_string();
    let fault = if path == control::PATH {
        None
    } else {
        app.lock().faults.take(&method, &route)
    };
    let mut response = match &fault {
        None => next.run(request).await,
        Some(Fault::Status { status }) => injected_status(&app, &method, &route, *status),
        Some(Fault::Delay(delay)) => {
            // Done in its own task: a client that gives up waiting closes the connection, but
            // the request still takes effect, as it would at X (the "timed out, yet posted" case).
            let delay = *delay;
            let work = tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                next.run(request).await
            });
            match work.await {
                Ok(response) => response,
                Err(_) => hangup(),
            }
        }
        Some(Fault::DropBeforeRead) => hangup(),
        Some(Fault::DropAfterRead) => {
            // The answer is made, and its work done, then thrown away.
            drop(next.run(request).await);
            hangup()
        }
        Some(Fault::Truncated) => truncate(next.run(request).await).await,
        Some(Fault::NotJson) => {
            drop(next.run(request).await);
            not_json()
        }
        Some(Fault::BadId) => bad_id(next.run(request).await).await,
    };
    let shape = app.lock().error_shape;
    if shape != ErrorShape::Problem
        && route.starts_with("/2/")
        && !matches!(route.as_str(), "/2/oauth2/token" | "/2/oauth2/revoke")
        && response.status().as_u16() >= 400
        && response.extensions().get::<Hangup>().is_none()
    {
        response = reshaped(response, shape).await;
    }
    if route.starts_with("/2/") {
        response
            .headers_mut()
            .insert("api-version", HeaderValue::from_static(API_VERSION));
    }
    let hung_up = response.extensions().get::<Hangup>().is_some();
    let own_headers = matches!(
        fault,
        Some(
            Fault::Status { status: 429 }
                | Fault::NotJson
                | Fault::DropBeforeRead
                | Fault::DropAfterRead
        )
    );
    let now = app.now();
    let mut state = app.lock();
    let quota = (route.starts_with("/2/") && !own_headers)
        .then(|| state.limits.peek(&method, &route, now))
        .flatten();
    if let Some(quota) = quota {
        add_quota_headers(response.headers_mut(), quota);
    }
    if method == "POST"
        && route == "/2/tweets"
        && !hung_up
        && let Some(daily) = state.daily.quota(now)
    {
        add_daily_headers(response.headers_mut(), daily);
    }
    if billing::is_billed(&route) && response.status().is_success() && !hung_up {
        state.billing.charge();
    }
    state.requests.push(RequestRecord {
        method,
        path,
        query,
        status: if hung_up {
            0
        } else {
            response.status().as_u16()
        },
    });
    response
}

/// X's 24-hour window headers, per user (the sandbox's one app shares them).
fn add_daily_headers(headers: &mut HeaderMap, quota: Quota) {
    for (name, value) in [
        ("x-user-limit-24hour-limit", u64::from(quota.limit)),
        ("x-user-limit-24hour-remaining", u64::from(quota.remaining)),
        ("x-user-limit-24hour-reset", quota.reset),
    ] {
        headers.insert(name, HeaderValue::from(value));
    }
}

fn add_quota_headers(headers: &mut HeaderMap, quota: Quota) {
    for (name, value) in [
        ("x-rate-limit-limit", u64::from(quota.limit)),
        ("x-rate-limit-remaining", u64::from(quota.remaining)),
        ("x-rate-limit-reset", quota.reset),
    ] {
        headers.insert(name, HeaderValue::from(value));
    }
}

/// An injected error status with X's body for it; nothing is done. At the token and
/// revoke endpoints, 400 and 401 come as OAuth errors, as X gives them there.
fn injected_status(app: &App, method: &str, route: &str, status: u16) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let oauth = matches!(route, "/2/oauth2/token" | "/2/oauth2/revoke");
    let mut response = match code.as_u16() {
        400 if oauth => OAuthError::invalid_request("The request was invalid.").into_response(),
        401 if oauth => OAuthError::invalid_client().into_response(),
        401 => Problem::unauthorized().into_response(),
        403 => Problem::forbidden("Forbidden").into_response(),
        429 => Problem::too_many_requests().into_response(),
        _ => Problem::status(code, code.canonical_reason().unwrap_or("Error")).into_response(),
    };
    if code == StatusCode::TOO_MANY_REQUESTS {
        let now = app.now();
        let limit = app
            .lock()
            .limits
            .peek(method, route, now)
            .map_or(FALLBACK.0, |quota| quota.limit);
        let quota = Quota {
            limit,
            remaining: 0,
            reset: unix_seconds(now) + INJECTED_RETRY_AFTER_SECS,
        };
        let headers = response.headers_mut();
        add_quota_headers(headers, quota);
        headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from(INJECTED_RETRY_AFTER_SECS),
        );
    }
    response
}

/// The real answer's status and headers, its full `Content-Length`, and half its body
/// (none of it if it has at most one byte, in which case at least 1 is announced); then
/// the body fails, and hyper closes the connection.
async fn truncate(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let announced = bytes.len().max(1);
    let sent = bytes.slice(..bytes.len() / 2);
    parts.headers.remove(header::TRANSFER_ENCODING);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(announced));
    let part = futures_util::stream::once(async move { Ok::<_, std::io::Error>(sent) });
    let cut = futures_util::stream::once(async {
        tokio::time::sleep(TRUNCATION_PAUSE).await;
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "the answer was cut short",
        ))
    });
    Response::from_parts(parts, Body::from_stream(part.chain(cut)))
}

/// The answer with its `data.id` (or v1.1's `media_id_string`) replaced by one that is no
/// id, and X's status and headers kept.
async fn bad_id(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let Ok(mut json) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if json.pointer("/data/id").is_some() {
        json["data"]["id"] = serde_json::json!(LYING_ID);
    }
    if json.get("media_id_string").is_some() {
        json["media_id_string"] = serde_json::json!(LYING_ID);
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(json.to_string()))
}

/// A refusal's problem JSON in another of X's shapes, with the same status and words.
async fn reshaped(response: Response, shape: ErrorShape) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if json.get("title").is_none() || json.get("status").is_none() {
        // No problem (an OAuth error, or already another shape): left as it is.
        return Response::from_parts(parts, Body::from(bytes));
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    if shape != ErrorShape::Flat {
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    Response::from_parts(parts, Body::from(shape.reshape(&json).to_string()))
}

/// `200` with an HTML page, as a proxy in the way might answer.
fn not_json() -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        NOT_JSON_PAGE,
    )
        .into_response()
}

/// Marks a response that must not be sent: the connection is closed instead.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hangup;

impl std::fmt::Display for Hangup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for Hangup {}

fn hangup() -> Response {
    let mut response = Response::new(Body::empty());
    response.extensions_mut().insert(Hangup);
    response
}

/// Accepts connections on `listener` and serves `router` on each, over HTTP/1.1, until
/// `stopped` fires (or its sender goes). Then it stops accepting, lets each open
/// connection finish the request it is in (idle ones close at once) for up to [`GRACE`],
/// and ends the rest.
pub(crate) async fn serve(listener: TcpListener, router: Router, stopped: oneshot::Receiver<()>) {
    let (closing, closed) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(stopped);
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(connection(stream, router.clone(), closed.clone()));
                }
                // Out of file descriptors, or a connection reset before it was accepted:
                // the sandbox prints nothing, so wait a moment and go on.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let _ = closing.send(true);
    let _ = tokio::time::timeout(GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    // Dropping the set ends the connections still open.
}

/// Serves one connection until it ends, or, once `closed` says so, shuts it down
/// gracefully.
async fn connection(stream: TcpStream, router: Router, mut closed: watch::Receiver<bool>) {
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |request: hyper::Request<Incoming>| {
        let mut router = router.clone();
        async move {
            let response = match call(&mut router, request).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            if response.extensions().get::<Hangup>().is_some() {
                Err(Hangup)
            } else {
                Ok(response)
            }
        }
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    let serving = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(serving);
    tokio::select! {
        _ = serving.as_mut() => return,
        _ = closed.wait_for(|closed| *closed) => {}
    }
    serving.as_mut().graceful_shutdown();
    let _ = serving.await;
}

/// Calls a tower service (the router) without naming tower's trait, which axum's
/// `ServiceExt` extends.
fn call<S>(service: &mut S, request: hyper::Request<Incoming>) -> S::Future
where
    S: axum::ServiceExt<hyper::Request<Incoming>, Error = Infallible>,
{
    service.call(request)
}
