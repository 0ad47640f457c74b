//! Receipts, the log's signed checkpoints and consistency proofs.

use super::decisions::{log_of, stored};
use super::{App, json_response};
use crate::ApiError;
use crate::auth::Caller;
use crate::query::Query;
use axum::extract::rejection::PathRejection;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use shenfu_rules::canonical::to_json;
use shenfu_rules::{Error, ErrorKind};

/// The log keeps no signed checkpoint (no `--signing-key`, or nothing logged yet).
fn no_checkpoint(request_path: &str) -> ApiError {
    ApiError::from(ErrorKind::NotFound {
        path: request_path.to_owned(),
    })
}

#[utoipa::path(get, path = "/v1/decisions/{id}/receipt", tag = "log",
    params(("id" = String, Path, description = "The decision id")),
    responses(
        (status = 200, description = "A fresh receipt: the decision's inclusion in the latest signed checkpoint", body = shenfu_rules::transparency::receipt::Receipt),
        (status = 400, description = "The id is not UTF-8", body = shenfu_rules::error::CanonicalError<'static>),
        (status = 404, description = "No such decision, or the log signs no checkpoints", body = shenfu_rules::error::CanonicalError<'static>),
        crate::openapi::Refusals,
        crate::openapi::RoleRefusal,
    ))]
pub(super) async fn decision_receipt(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = crate::edges::path_text(id, "id")?;
    let log = log_of(&app, &id)?;
    let entry = stored(&app, &id, &caller).await?;
    let receipt = log
        .receipt(&entry)
        .await?
        .ok_or_else(|| no_checkpoint(&format!("/v1/decisions/{id}/receipt")))?;
    Ok(json_response(StatusCode::OK, receipt))
}

/// A signed checkpoint as the API answers it.
#[derive(Serialize)]
struct CheckpointBody<'a> {
    origin: &'a str,
    tree_size: u64,
    root_hash: String,
    /// The C2SP signed note, verbatim.
    checkpoint: &'a str,
}

fn checkpoint_body(signed: &crate::tree::Signed) -> Result<String, ApiError> {
    // The note was signed by this service; reading it back cannot fail but is not assumed.
    let text = signed
        .note
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .to_owned()
        + "\n";
    let parsed = shenfu_rules::transparency::checkpoint::Checkpoint::parse(&text)
        .map_err(|_| ApiError::from(ErrorKind::Internal))?;
    Ok(to_json(&CheckpointBody {
        origin: &parsed.origin,
        tree_size: parsed.size,
        root_hash: shenfu_rules::transparency::hash_to_base64(&parsed.root),
        checkpoint: &signed.note,
    }))
}

#[utoipa::path(get, path = "/v1/checkpoint", tag = "log",
    responses(
        (status = 200, description = "The latest signed checkpoint (C2SP tlog-checkpoint in a signed note)", body = crate::openapi::CheckpointDoc),
        (status = 404, description = "The log signs no checkpoints, or none yet", body = shenfu_rules::error::CanonicalError<'static>),
        crate::openapi::Refusals,
    ))]
pub(super) async fn checkpoint(State(app): State<App>) -> Result<Response, ApiError> {
    let log = app
        .log
        .clone()
        .ok_or_else(|| no_checkpoint("/v1/checkpoint"))?;
    let signed = log
        .checkpoint()
        .await?
        .ok_or_else(|| no_checkpoint("/v1/checkpoint"))?;
    Ok(json_response(StatusCode::OK, checkpoint_body(&signed)?))
}

#[derive(Serialize)]
struct ConsistencyBody {
    from: u64,
    to: u64,
    /// RFC 9162 consistency proof, base64 hashes.
    proof: Vec<String>,
}

#[utoipa::path(get, path = "/v1/checkpoint/consistency", tag = "log",
    params(("from" = u64, Query, description = "The tree size of the checkpoint you hold")),
    responses(
        (status = 200, description = "The proof that the latest checkpoint extends the tree of `from` rows, with that checkpoint", body = crate::openapi::ConsistencyDoc),
        (status = 400, description = "A bad parameter", body = shenfu_rules::error::CanonicalError<'static>),
        (status = 404, description = "The log signs no checkpoints, or `from` is beyond the latest", body = shenfu_rules::error::CanonicalError<'static>),
        crate::openapi::Refusals,
    ))]
pub(super) async fn consistency(
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = Query::parse(raw.as_deref(), &["from"], "from")?;
    let from = query
        .cursor("from")?
        .ok_or_else(|| ApiError::from(Error::from(ErrorKind::MissingField).at("from")))?;
    let here = "/v1/checkpoint/consistency";
    let log = app.log.clone().ok_or_else(|| no_checkpoint(here))?;
    let (signed, proof) = log
        .consistency(from)
        .await?
        .ok_or_else(|| no_checkpoint(here))?;
    let body = to_json(&ConsistencyBody {
        from,
        to: signed.size,
        proof: proof
            .iter()
            .map(shenfu_rules::transparency::hash_to_base64)
            .collect(),
    });
    let checkpoint = checkpoint_body(&signed)?;
    let mut out = body;
    out.pop();
    out.push_str(",\"checkpoint\":");
    out.push_str(&checkpoint);
    out.push('}');
    Ok(json_response(StatusCode::OK, out))
}
