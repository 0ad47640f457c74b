//! Health, metrics and this service's OpenAPI document.

use super::middleware::caller_of;
use super::{App, json_response};
use crate::auth::Role;
use crate::{ApiError, AppState, JSON};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use shenfu_rules::ErrorKind;
use shenfu_rules::canonical::to_json;
use shenfu_rules::vocab::RulebookRef;

#[utoipa::path(get, path = "/health/live", tag = "operations",
    responses((status = 200, description = "The process is up", body = crate::openapi::HealthDoc)))]
pub(super) async fn live() -> Response {
    json_response(StatusCode::OK, "{\"status\":\"live\"}".to_owned())
}

/// Ready to decide: under which rulebook and engine, and with which log.
// Its own schema, so the document names every member the answer carries.
#[derive(Serialize, utoipa::ToSchema)]
struct Readiness<'a> {
    /// Always `ready` (a service that is not answers 503).
    #[schema(example = "ready")]
    status: &'static str,
    /// The rulebook the service decides under.
    rulebook: RulebookRef<'a>,
    /// The engine's version, as every report's `engine.version`.
    engine_version: &'static str,
    /// The decision log's database: `sqlite`, `postgres`, or `off` when decisions are not kept.
    #[schema(example = "sqlite")]
    log: &'static str,
}

#[utoipa::path(get, path = "/health/ready", tag = "operations",
    responses((status = 200, description = "Rulebook loaded and the log reachable", body = Readiness<'static>),
              (status = 503, description = "The log is unreachable", body = shenfu_rules::error::CanonicalError<'static>)))]
pub(super) async fn ready(State(app): State<App>) -> Result<Response, ApiError> {
    if let Some(log) = &app.log {
        log.ping().await?;
    }
    let body = to_json(&Readiness {
        status: "ready",
        rulebook: RulebookRef {
            id: &app.book.id,
            version: &app.book.version,
            sha256: app.book.sha256(),
        },
        engine_version: shenfu_rules::report::ENGINE_VERSION,
        log: app.log.as_ref().map_or("off", |l| l.backend().name()),
    });
    Ok(json_response(StatusCode::OK, body))
}

#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus metrics, as OpenMetrics text (`application/openmetrics-text`); a client that knows no OpenMetrics reads the same text as plain text",
               content((String = "application/openmetrics-text"), (String = "text/plain"))),
              (status = 401, description = "Tokens are configured and none was given", body = shenfu_rules::error::CanonicalError<'static>),
              (status = 403, description = "The token is not an admin's", body = shenfu_rules::error::CanonicalError<'static>)))]
pub(super) async fn metrics(State(app): State<App>, headers: HeaderMap) -> Response {
    // Behind an `admin` token when tokens are configured (or on its own --metrics-listen).
    if !app.metrics_open {
        match caller_of(&app, &headers) {
            None => {
                tracing::warn!("refused: /metrics without a valid token");
                return ApiError::from(ErrorKind::Unauthorized).into_response();
            }
            Some(caller) if !caller.has(Role::Admin) => {
                tracing::warn!(token = %caller.name, "refused: /metrics needs the admin role");
                return ApiError::from(ErrorKind::Forbidden {
                    role: Role::Admin.name().to_owned(),
                })
                .into_response();
            }
            Some(_) => {}
        }
    }
    metrics_text(&app)
}

fn metrics_text(app: &AppState) -> Response {
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        app.metrics.render(),
    )
        .into_response()
}

/// `/metrics` alone, open, for its own listener (`--metrics-listen`).
pub fn metrics_router(state: App) -> Router {
    Router::new()
        .route(
            "/metrics",
            get(|State(app): State<App>| async move { metrics_text(&app) }),
        )
        .with_state(state)
}

#[utoipa::path(get, path = "/openapi.json", tag = "operations",
    responses((status = 200, description = "This API (OpenAPI 3.1)", body = crate::openapi::OpenApiDocumentDoc)))]
pub(super) async fn openapi(State(app): State<App>) -> Response {
    let body = Body::from(app.openapi.clone());
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, HeaderValue::from_static(JSON))],
        body,
    )
        .into_response()
}
