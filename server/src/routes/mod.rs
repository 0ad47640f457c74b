//! The HTTP API under `/v1`, the health and metrics endpoints, and the middleware that keeps
//! every answer in the engine's words: limits, authentication, timeouts, panics.
//!
//! [`api`] is the one list of operations: each `routes!` entry is both the route axum serves and
//! the path the OpenAPI document describes (`#[utoipa::path]` on the handler), so the two cannot
//! drift. The handlers live by area: deciding ([`decide`]), stored decisions ([`decisions`]),
//! receipts and checkpoints ([`checkpoints`]), the rulebook and the zone ([`rulebook`]), health,
//! metrics and the document ([`operations`]); [`middleware`] and [`request`] are what they share.

mod checkpoints;
mod decide;
mod decisions;
mod middleware;
mod operations;
mod request;
mod rulebook;

pub use operations::metrics_router;

use crate::{AppState, JSON};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use std::sync::{Arc, LazyLock};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

type App = Arc<AppState>;

/// Who asked: the bearer token's name, or `anonymous`.
#[derive(Clone, Debug)]
pub struct Requester(pub String);

/// The operations under `/v1`: bearer tokens, roles, the body limit, capacity and time limit.
fn v1() -> OpenApiRouter<App> {
    OpenApiRouter::default()
        .routes(routes!(decide::assess))
        .routes(routes!(decide::assess_batch))
        .routes(routes!(decisions::list_decisions))
        .routes(routes!(decisions::get_decision))
        .routes(routes!(decisions::verify_decision))
        .routes(routes!(checkpoints::decision_receipt))
        .routes(routes!(checkpoints::checkpoint))
        .routes(routes!(checkpoints::consistency))
        .routes(routes!(rulebook::rules))
        .routes(routes!(rulebook::rule))
        .routes(routes!(rulebook::conflicts))
        .routes(routes!(rulebook::readings))
        .routes(routes!(rulebook::progress))
}

/// Health and this document: open, outside `/v1`'s layers.
fn open() -> OpenApiRouter<App> {
    OpenApiRouter::default()
        .routes(routes!(operations::live))
        .routes(routes!(operations::ready))
        .routes(routes!(operations::openapi))
}

/// `/metrics` on the main listener (behind an `admin` token when tokens are configured).
fn metrics() -> OpenApiRouter<App> {
    OpenApiRouter::default().routes(routes!(operations::metrics))
}

/// The OpenAPI document as served: the frame of [`crate::openapi`] (info, tags, components) with
/// every operation the router serves, as JSON.
pub fn document_value() -> serde_json::Value {
    let mut document = crate::openapi::frame();
    for part in [v1(), open(), metrics()] {
        document.merge(part.into_openapi());
    }
    crate::openapi::secure(&mut document);
    let mut document = serde_json::to_value(&document).unwrap_or_default();
    crate::presence::require_written(&mut document);
    document
}

/// [`document_value`]'s text, as `GET /openapi.json` answers it.
pub fn document() -> String {
    document_value().to_string()
}

/// The methods a path is served with, for the `Allow` header of a 405: from the same list of
/// operations ([`v1`], [`open`], [`metrics`]), `{…}` matching any one segment.
fn allowed_methods(path: &str) -> String {
    static SERVED: LazyLock<Vec<(Vec<String>, String)>> = LazyLock::new(|| {
        let mut document = utoipa::openapi::OpenApi::default();
        for part in [v1(), open(), metrics()] {
            document.merge(part.into_openapi());
        }
        let segments = |path: &str| path.split('/').skip(1).map(str::to_owned).collect();
        document
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods: Vec<&str> = [
                    (item.get.is_some(), "GET, HEAD"),
                    (item.post.is_some(), "POST"),
                    (item.put.is_some(), "PUT"),
                    (item.patch.is_some(), "PATCH"),
                    (item.delete.is_some(), "DELETE"),
                ]
                .into_iter()
                .filter_map(|(served, method)| served.then_some(method))
                .collect();
                (segments(path), methods.join(", "))
            })
            .collect()
    });
    let asked: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    SERVED
        .iter()
        .find(|(template, _)| {
            template.len() == asked.len()
                && template
                    .iter()
                    .zip(&asked)
                    .all(|(t, a)| t.starts_with('{') || t == a)
        })
        .map_or_else(|| "GET, HEAD".to_owned(), |(_, methods)| methods.clone())
}

pub fn router(state: App) -> Router {
    let (v1, _) = v1().split_for_parts();
    let v1 = v1
        .route_layer(from_fn_with_state(state.clone(), middleware::time_limit))
        .route_layer(from_fn_with_state(state.clone(), middleware::capacity))
        .route_layer(from_fn_with_state(state.clone(), crate::edges::read_body))
        .route_layer(from_fn_with_state(state.clone(), middleware::authenticate));
    let (open, _) = open().split_for_parts();
    let router = if state.metrics_elsewhere {
        Router::new()
    } else {
        metrics().split_for_parts().0
    };
    router
        .merge(v1)
        .merge(open)
        .fallback(middleware::not_found)
        .layer(DefaultBodyLimit::max(state.body_limit))
        .layer(from_fn(middleware::canonical_errors))
        .layer(from_fn_with_state(
            state.clone(),
            middleware::count_requests,
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            middleware::panicked,
        ))
        .with_state(state)
}

fn json_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static(JSON))],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_405_names_the_methods_the_path_is_served_with() {
        assert_eq!(super::allowed_methods("/v1/assess"), "POST");
        assert_eq!(super::allowed_methods("/v1/assess/batch/"), "POST");
        assert_eq!(super::allowed_methods("/v1/decisions/abc/verify"), "POST");
        assert_eq!(super::allowed_methods("/v1/decisions/abc"), "GET, HEAD");
        assert_eq!(super::allowed_methods("/v1/progress"), "POST");
        assert_eq!(super::allowed_methods("/openapi.json"), "GET, HEAD");
    }
}
