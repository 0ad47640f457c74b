//! What a request is checked for before anything is decided or stored, so that one bad request
//! never costs another: text the log cannot keep, ids no decision can have, path segments that
//! are not UTF-8, and bodies too large or too slow to arrive.

use crate::{ApiError, AppState};
use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use shenfu_rules::error::{Expected, Found};
use shenfu_rules::{Error, ErrorKind};
use std::sync::Arc;

/// The longest text the service keeps in an indexed column (a project's id, as `subject_id`),
/// in UTF-8 bytes: well inside PostgreSQL's B-tree limit (2,704 bytes an entry, reached by
/// ≈ 2,690 bytes of text that does not compress), and the same on SQLite, which has none.
pub const MAX_TEXT_BYTES: usize = 1024;

/// `text`, given at `field`, if the log can keep it and look it up: no NUL (PostgreSQL's TEXT
/// refuses it) and at most [`MAX_TEXT_BYTES`]. The same answer on every backend, and without the
/// log too.
pub fn storable(text: &str, field: &str) -> Result<(), ApiError> {
    if text.len() > MAX_TEXT_BYTES || text.contains('\0') {
        return Err(Error::from(ErrorKind::InvalidText {
            max_bytes: MAX_TEXT_BYTES,
        })
        .at(field)
        .into());
    }
    Ok(())
}

/// Could `id` be a decision's id — a UUIDv7, written as the service writes it (lower-case,
/// hyphenated)? When not, no row holds it and the log need not be asked.
pub fn could_be_decision(id: &str) -> bool {
    uuid::Uuid::try_parse(id)
        .is_ok_and(|uuid| uuid.get_version_num() == 7 && uuid.to_string() == id)
}

/// A path parameter as text; one that is not UTF-8 is the canonical 400 naming `field`.
pub fn path_text(
    given: Result<Path<String>, PathRejection>,
    field: &str,
) -> Result<String, ApiError> {
    match given {
        Ok(Path(text)) => Ok(text),
        Err(rejection) if rejection.status().is_client_error() => {
            Err(Error::from(ErrorKind::InvalidType {
                expected: Expected::Text,
                found: Found::Other,
            })
            .at(field)
            .into())
        }
        // A route without the parameter: the service's own mistake.
        Err(rejection) => {
            tracing::error!(%rejection, "a path parameter could not be read");
            Err(ErrorKind::Internal.into())
        }
    }
}

/// Why a body was not read.
enum Unread {
    TooLarge,
    Failed(axum::Error),
}

/// The whole body, refused as soon as it passes `limit` bytes.
async fn collect(body: Body, limit: usize) -> Result<Bytes, Unread> {
    let mut stream = body.into_data_stream();
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut total = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(Unread::Failed)?;
        total = total.saturating_add(chunk.len());
        if total > limit {
            return Err(Unread::TooLarge);
        }
        chunks.push(chunk);
    }
    Ok(match chunks.len() {
        0 => Bytes::new(),
        1 => chunks.pop().unwrap_or_default(),
        _ => Bytes::from(chunks.concat()),
    })
}

/// Read the request's body before it takes one of the in-flight places (so a client still
/// sending holds none): refused at once, unread, when its `Content-Length` is over the limit;
/// `payload_too_large` when it grows over it; `timeout` (503, as every timeout) when it has not
/// arrived within `body_timeout`.
pub async fn read_body(State(app): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let too_large = || {
        let mut response = ApiError::from(ErrorKind::PayloadTooLarge {
            limit: app.body_limit,
        })
        .into_response();
        // The rest of the body is never read: the connection cannot carry another request.
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        response
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| u64::try_from(app.body_limit).is_ok_and(|l| length > l)) {
        return too_large();
    }
    let (parts, body) = request.into_parts();
    let bytes = match tokio::time::timeout(app.body_timeout, collect(body, app.body_limit)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(Unread::TooLarge)) => return too_large(),
        Ok(Err(Unread::Failed(e))) => {
            return ApiError::from(ErrorKind::InvalidJson {
                detail: format!("the request body could not be read: {e}"),
            })
            .into_response();
        }
        Err(_) => {
            return ApiError::from(ErrorKind::Timeout {
                seconds: app.body_timeout.as_secs(),
            })
            .into_response();
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decision_ids_are_uuidv7_as_written() {
        let id = uuid::Uuid::now_v7().to_string();
        assert!(could_be_decision(&id));
        assert!(!could_be_decision(&id.to_uppercase()));
        assert!(!could_be_decision(&id.replace('-', "")));
        assert!(!could_be_decision(&format!("{{{id}}}")));
        assert!(!could_be_decision("0190e5a5-5c3b-4c2d-8a0b-0123456789ab"));
        assert!(!could_be_decision("\0"));
        assert!(!could_be_decision(""));
    }

    #[test]
    fn storable_texts() {
        assert!(storable("", "id").is_ok());
        assert!(storable(&"x".repeat(MAX_TEXT_BYTES), "id").is_ok());
        for bad in ["a\0b".to_owned(), "x".repeat(MAX_TEXT_BYTES + 1)] {
            let Err(e) = storable(&bad, "id") else {
                panic!("{bad:?} accepted")
            };
            assert_eq!(e.error.code(), "invalid_text");
            assert_eq!(e.error.field.as_deref(), Some("id"));
            assert_eq!(e.status, axum::http::StatusCode::BAD_REQUEST);
        }
    }
}
