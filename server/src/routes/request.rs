//! Reading a request: its JSON body (media type, limit, UTF-8) and its `Idempotency-Key`.

use crate::{ApiError, AppState};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use shenfu_rules::error::Expected;
use shenfu_rules::{Error, ErrorKind};

/// The body as JSON text: `application/json` (or `…+json`), within the limit, UTF-8.
pub(super) fn json_body(
    app: &AppState,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<String, ApiError> {
    let given = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mime = given
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if mime != "application/json" && !(mime.starts_with("application/") && mime.ends_with("+json"))
    {
        return Err(ErrorKind::UnsupportedMediaType {
            found: given.to_owned(),
        }
        .into());
    }
    let bytes = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::from(ErrorKind::PayloadTooLarge {
                limit: app.body_limit,
            })
        } else {
            ApiError::from(ErrorKind::InvalidJson {
                detail: rejection.body_text(),
            })
        }
    })?;
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        ErrorKind::InvalidJson {
            detail: format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
        }
        .into()
    })
}

/// An `Idempotency-Key` header: visible ASCII, at most 255 characters.
pub(super) fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    match value.to_str() {
        Ok(key) if !key.is_empty() && key.len() <= 255 => Ok(Some(key.to_owned())),
        _ => Err(Error::from(ErrorKind::InvalidType {
            expected: Expected::Text,
            found: shenfu_rules::error::Found::Other,
        })
        .at("Idempotency-Key")
        .into()),
    }
}
