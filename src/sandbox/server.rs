//! The HTTP side of the sandbox: the routes, the shared state behind them, and the layer
//! that records every request and adds X's rate-limit headers to `/2` answers.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State as Extract};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::clock::Clock;
use super::errors::Problem;
use super::limits::{Quota, route_of};
use super::state::{RequestRecord, State};
use super::{chunked, media, metadata, oauth2, sink, tweets, users, web};

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
            post(media::upload)
                .layer(DefaultBodyLimit::max(media::MAX_BODY))
                .get(chunked::status),
        )
        .route(chunked::INITIALIZE, post(chunked::initialize))
        .route(
            chunked::APPEND,
            post(chunked::append).layer(DefaultBodyLimit::max(chunked::MAX_APPEND_BODY)),
        )
        .route(chunked::FINALIZE, post(chunked::finalize))
        .route("/2/media/metadata", post(metadata::create))
        .route("/2/tweets", post(tweets::create))
        .route("/2/users/me", get(users::me))
        .route("/{username}/status/{id}", get(web::post))
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
/// the id.
async fn observe(Extract(app): Extract<App>, request: Request, next: Next) -> Response {
    let method = request.method().as_str().to_string();
    let path = request.uri().path().to_string();
    let route = route_of(&path).to_string();
    let mut response = next.run(request).await.into_response();
    let now = app.now();
    let mut state = app.lock();
    let quota = route
        .starts_with("/2/")
        .then(|| state.limits.peek(&method, &route, now))
        .flatten();
    if let Some(quota) = quota {
        add_quota_headers(response.headers_mut(), quota);
    }
    state.requests.push(RequestRecord {
        method,
        path,
        status: response.status().as_u16(),
    });
    response
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
