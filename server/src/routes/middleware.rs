//! The layers every request goes through: who is calling and what they may do, how many requests
//! run at once and for how long, and the framework's own answers (405, 404, a panic) turned into
//! the engine's canonical error.

use super::{App, Requester};
use crate::auth::{Caller, Role};
use crate::metrics::RequestLabels;
use crate::{ApiError, AppState};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shenfu_rules::ErrorKind;

/// The caller of a request: its token's name and roles (`anonymous` with every role when no
/// token file is configured); `None` when its `Authorization` names no token of ours.
pub(super) fn caller_of(app: &AppState, headers: &HeaderMap) -> Option<Caller> {
    let Some(tokens) = app.tokens() else {
        return Some(Caller::anonymous());
    };
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| tokens.caller(v).cloned())
}

/// The role a route needs beyond a valid token: deciding needs `decide`; reading decisions
/// `read-own` or `audit` (which ones, the handlers decide).
fn needed_role(method: &axum::http::Method, route: &str) -> Option<(Role, Role)> {
    match (method.as_str(), route) {
        ("POST", "/v1/assess" | "/v1/assess/batch") => Some((Role::Decide, Role::Decide)),
        (_, r) if r.starts_with("/v1/decisions") => Some((Role::ReadOwn, Role::Audit)),
        _ => None,
    }
}

/// Bearer tokens and their roles; every refusal is traced with who and what.
pub(super) async fn authenticate(
    State(app): State<App>,
    mut request: Request,
    next: Next,
) -> Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let Some(caller) = caller_of(&app, request.headers()) else {
        tracing::warn!(%method, %path, "refused: no valid token");
        return ApiError::from(ErrorKind::Unauthorized).into_response();
    };
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(path.as_str(), MatchedPath::as_str)
        .to_owned();
    if let Some((one, other)) = needed_role(&method, &route)
        && !caller.has(one)
        && !caller.has(other)
    {
        tracing::warn!(token = %caller.name, %method, %path, role = one.name(), "refused: the token lacks the role");
        return ApiError::from(ErrorKind::Forbidden {
            role: one.name().to_owned(),
        })
        .into_response();
    }
    request
        .extensions_mut()
        .insert(Requester(caller.name.clone()));
    request.extensions_mut().insert(caller);
    next.run(request).await
}

/// At most `max_in_flight` requests at once; the next one is told to come back (503), so a
/// burst never builds an unbounded queue.
pub(super) async fn capacity(State(app): State<App>, request: Request, next: Next) -> Response {
    match app.in_flight.clone().try_acquire_owned() {
        Ok(permit) => {
            let response = next.run(request).await;
            drop(permit);
            response
        }
        Err(_) => ApiError::from(ErrorKind::Overloaded {
            retry_after: crate::error::RETRY_AFTER_SECONDS,
        })
        .into_response(),
    }
}

pub(super) async fn time_limit(State(app): State<App>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(app.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::from(ErrorKind::Timeout {
            seconds: app.request_timeout.as_secs(),
        })
        .into_response(),
    }
}

/// Answers the framework writes itself (405 for a wrong method, a body over the limit read
/// outside a handler) become the engine's canonical error too.
pub(super) async fn canonical_errors(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let request_path = request.uri().path().to_owned();
    let response = next.run(request).await;
    if response.status() != StatusCode::METHOD_NOT_ALLOWED {
        return response;
    }
    let allowed = super::allowed_methods(request_path.as_str());
    let mut answer = ApiError::from(ErrorKind::MethodNotAllowed {
        method: method.to_string(),
        allowed: allowed.clone(),
    })
    .into_response();
    if let Ok(value) = HeaderValue::from_str(&allowed) {
        answer.headers_mut().insert(header::ALLOW, value);
    }
    answer
}

pub(super) async fn count_requests(
    State(app): State<App>,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let method = request.method().to_string();
    let response = next.run(request).await;
    app.metrics
        .requests
        .get_or_create(&RequestLabels {
            route,
            method,
            status: response.status().as_u16(),
        })
        .inc();
    response
}

/// A panic never shows: the answer is the engine's `internal` error, and nothing was stored
/// (a decision's row is written only after its report is complete).
pub(super) fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    ApiError::from(ErrorKind::Internal).into_response()
}

pub(super) async fn not_found(request: Request) -> ApiError {
    ApiError::from(ErrorKind::NotFound {
        path: request.uri().path().to_owned(),
    })
}
