//! Every error response is the engine's canonical error JSON with the fitting status: the service
//! words nothing itself.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use shenfu_rules::{Error, ErrorKind};

/// An error answer: the engine's error and the HTTP status it maps to.
#[derive(Debug)]
pub struct ApiError {
    pub error: Box<Error>,
    pub status: StatusCode,
}

impl ApiError {
    /// The status an engine error gets.
    pub fn from_engine(error: Error) -> Self {
        let status = match &error.kind {
            ErrorKind::NotFound { .. }
            | ErrorKind::UnknownDecision { .. }
            | ErrorKind::UnknownRule { .. } => StatusCode::NOT_FOUND,
            ErrorKind::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ErrorKind::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorKind::BatchTooLarge { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorKind::Overloaded { .. }
            | ErrorKind::Timeout { .. }
            | ErrorKind::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorKind::Forbidden { .. } => StatusCode::FORBIDDEN,
            ErrorKind::IdempotencyConflict { .. } => StatusCode::CONFLICT,
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::BAD_REQUEST,
        };
        Self {
            error: Box::new(error),
            status,
        }
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        Self::from_engine(error)
    }
}

impl From<ErrorKind> for ApiError {
    fn from(kind: ErrorKind) -> Self {
        Self::from_engine(kind.into())
    }
}

/// What a client is told when the log fails: the database's own message (which may quote a
/// value, a table or a host) goes to the service's log, never into an answer.
pub const UNAVAILABLE_DETAIL: &str = "database error (the details are in the service's log)";

impl From<crate::log::LogError> for ApiError {
    fn from(e: crate::log::LogError) -> Self {
        tracing::error!(error = %e, "the decision log failed");
        Self::from_engine(
            ErrorKind::Unavailable {
                detail: UNAVAILABLE_DETAIL.to_owned(),
            }
            .into(),
        )
    }
}

/// Seconds a client should wait before retrying a 503.
pub const RETRY_AFTER_SECONDS: u32 = 1;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, HeaderValue::from_static(crate::JSON))],
            self.error.to_canonical_json(),
        )
            .into_response();
        let headers = response.headers_mut();
        match self.status {
            StatusCode::SERVICE_UNAVAILABLE => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
                // A client told to come back later gets a fresh connection then; this one
                // (perhaps with a body still unread) is closed.
                headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            StatusCode::UNAUTHORIZED => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"shenfu\""),
                );
            }
            _ => {}
        }
        response
    }
}
