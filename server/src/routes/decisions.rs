//! Stored decisions: fetch one, list a page, verify one (its place in the chain, recomputed).

use super::decide::envelope;
use super::{App, json_response};
use crate::auth::Caller;
use crate::log::Filter;
use crate::query::Query;
use crate::{ApiError, AppState};
use axum::extract::rejection::PathRejection;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use shenfu_rules::audit::{GENESIS_HASH, LogEntry};
use shenfu_rules::canonical::to_json;
use shenfu_rules::error::{Expected, Found};
use shenfu_rules::vocab::RulebookRef;
use shenfu_rules::{Error, ErrorKind, Project, Verdict};
use std::sync::Arc;

pub(super) fn log_of(app: &AppState, id: &str) -> Result<crate::log::DecisionLog, ApiError> {
    app.log
        .clone()
        .ok_or_else(|| ApiError::from(ErrorKind::UnknownDecision { id: id.to_owned() }))
}

/// A stored decision the caller may read. Another's decision, to a `read-own` token, is
/// answered as unknown (no existence oracle), and traced.
pub(super) async fn stored(
    app: &AppState,
    id: &str,
    caller: &Caller,
) -> Result<LogEntry, ApiError> {
    let unknown = || ApiError::from(ErrorKind::UnknownDecision { id: id.to_owned() });
    if !crate::edges::could_be_decision(id) {
        return Err(unknown());
    }
    let entry = log_of(app, id)?.get(id).await?.ok_or_else(unknown)?;
    if !caller.may_read(&entry.requester) {
        tracing::warn!(token = %caller.name, decision_id = %id, "refused: another requester's decision");
        return Err(unknown());
    }
    tracing::info!(token = %caller.name, decision_id = %id, "decision read");
    Ok(entry)
}

/// The stored decision for `GET /v1/decisions/{id}`: the envelope as answered, and under `log`
/// the rest of the row (its type's own serialisation, so a field the row gains shows here):
/// without what the envelope already says, the rulebook's three fields as one `rulebook` (as in
/// a report), and the input last, embedded as it is.
fn stored_envelope(e: &LogEntry) -> String {
    let mut kept = serde_json::Map::new();
    if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(e) {
        for (name, value) in fields {
            match name.as_str() {
                "decision_id" | "received_at" | "report" | "input" => {}
                "rulebook_version" | "rulebook_sha256" => {}
                "rulebook_id" => {
                    let rulebook = RulebookRef {
                        id: &e.rulebook_id,
                        version: &e.rulebook_version,
                        sha256: &e.rulebook_sha256,
                    };
                    kept.insert("rulebook".into(), serde_json::json!(rulebook));
                }
                _ => {
                    kept.insert(name, value);
                }
            }
        }
    }
    let kept = to_json(&kept);
    let mut out = envelope(&e.decision_id, &e.received_at, &e.report, None);
    out.pop();
    out.push_str(",\"log\":");
    out.push_str(kept.strip_suffix('}').unwrap_or(&kept));
    out.push_str(",\"input\":");
    out.push_str(&e.input);
    out.push_str("}}");
    out
}

#[utoipa::path(get, path = "/v1/decisions/{id}", tag = "log",
    params(("id" = String, Path, description = "The decision id")),
    responses(
        (status = 200, description = "The decision as answered, plus what the log keeps", body = crate::openapi::StoredDoc),
        (status = 400, description = "The id is not UTF-8", body = shenfu_rules::error::CanonicalError<'static>),
        (status = 404, description = "No such decision", body = shenfu_rules::error::CanonicalError<'static>),
        crate::openapi::Refusals,
        crate::openapi::RoleRefusal,
    ))]
pub(super) async fn get_decision(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = crate::edges::path_text(id, "id")?;
    let entry = stored(&app, &id, &caller).await?;
    Ok(json_response(StatusCode::OK, stored_envelope(&entry)))
}

/// One logged decision in a listing: what the row says, not the report.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = DecisionSummary)]
struct Summary<'a> {
    #[schema(format = Uuid)]
    decision_id: &'a str,
    seq: u64,
    /// RFC 3339, UTC, microseconds.
    #[schema(format = DateTime)]
    received_at: &'a str,
    requester: &'a str,
    subject_id: Option<&'a str>,
    /// `null` when no admission condition applied (`verdict` not_subject).
    eligible: Option<bool>,
    #[schema(value_type = shenfu_rules::Verdict)]
    verdict: &'static str,
    year: Option<u16>,
    input_sha256: &'a str,
    rulebook_version: &'a str,
}

/// One page of the log's decisions, oldest first.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = DecisionPage)]
struct Page<'a> {
    decisions: Vec<Summary<'a>>,
    /// Pass as `cursor` for the next page; null on the last.
    next_cursor: Option<String>,
}

#[utoipa::path(get, path = "/v1/decisions", tag = "log",
    params(("subject_id" = Option<String>, Query, description = "The project's id"),
           ("eligible" = Option<bool>, Query, description = "Only eligible (true) or ineligible (false) decisions"),
           ("verdict" = Option<String>, Query, pattern = "^(eligible|not_eligible|not_subject)$", description = "Only decisions with this verdict: eligible, not_eligible or not_subject (no admission condition applied); given with `eligible`, the two must agree"),
           ("from" = Option<String>, Query, format = DateTime, description = "Received at or after (RFC 3339)"),
           ("to" = Option<String>, Query, format = DateTime, description = "Received before (RFC 3339)"),
           ("cursor" = Option<String>, Query, pattern = "^[0-9]{1,19}$", description = "next_cursor of the previous page"),
           ("limit" = Option<u32>, Query, minimum = 1, maximum = 1000, description = "Page size (default 100)")),
    responses(
        (status = 200, description = "One page, oldest first", body = Page<'static>),
        (status = 400, description = "A bad parameter", body = shenfu_rules::error::CanonicalError<'static>),
        crate::openapi::Refusals,
        crate::openapi::RoleRefusal,
    ))]
pub(super) async fn list_decisions(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = Query::parse(
        raw.as_deref(),
        &[
            "subject_id",
            "eligible",
            "verdict",
            "from",
            "to",
            "cursor",
            "limit",
        ],
        "subject_id, eligible, verdict, from, to, cursor, limit",
    )?;
    let verdict = match (
        query
            .boolean("eligible")?
            .map(|e| Verdict::of_eligible(Some(e))),
        query.verdict("verdict")?,
    ) {
        (Some(a), Some(b)) if a != b => {
            return Err(Error::from(ErrorKind::InvalidType {
                expected: Expected::Verdict,
                found: Found::Text,
            })
            .at("verdict")
            .into());
        }
        (a, b) => b.or(a),
    };
    let limit = query.bounded("limit", 1, 1000, 100)?;
    if let Some(subject_id) = query.text("subject_id") {
        crate::edges::storable(subject_id, "subject_id")?;
    }
    let filter = Filter {
        subject_id: query.text("subject_id").map(str::to_owned),
        verdict,
        from: query.time("from")?,
        to: query.time("to")?,
        after: query.cursor("cursor")?,
        limit: u32::try_from(limit + 1).unwrap_or(1001),
        // A `read-own` token lists its own decisions only.
        requester: (!caller.reads_all()).then(|| caller.name.clone()),
    };
    tracing::info!(token = %caller.name, query = raw.as_deref().unwrap_or(""), "decisions listed");
    let entries = match &app.log {
        Some(log) => log.list(&filter).await?,
        None => Vec::new(),
    };
    let limit = usize::try_from(limit).unwrap_or(100);
    let next_cursor = (entries.len() > limit)
        .then(|| entries.get(limit - 1).map(|e| e.seq.to_string()))
        .flatten();
    let page = Page {
        decisions: entries
            .iter()
            .take(limit)
            .map(|e| Summary {
                decision_id: &e.decision_id,
                seq: e.seq,
                received_at: &e.received_at,
                requester: &e.requester,
                subject_id: e.subject_id.as_deref(),
                eligible: e.eligible,
                verdict: Verdict::of_eligible(e.eligible).key(),
                year: e.year,
                input_sha256: &e.input_sha256,
                rulebook_version: &e.rulebook_version,
            })
            .collect(),
        next_cursor,
    };
    Ok(json_response(StatusCode::OK, to_json(&page)))
}

/// Where one row sits in the chain.
#[derive(Serialize)]
struct ChainPlace {
    seq: u64,
    /// The row holds what it was sealed with.
    row_hash_matches: bool,
    /// Its `prev_hash` is the previous row's hash (the genesis hash for row 1).
    linked_to_previous: bool,
    /// The next row's `prev_hash` (or, for the last row, the log's head) is this row's hash.
    linked_to_next: bool,
}

/// The rulebook a stored decision was made under: the one served, or one the log keeps (a
/// decision from before a plan revision is recomputed under its own rulebook).
async fn rulebook_of(
    app: &AppState,
    log: &crate::log::DecisionLog,
    sha256: &str,
) -> Result<Arc<shenfu_rules::Rulebook>, ApiError> {
    if app.book.sha256() == sha256 {
        return Ok(app.book.clone());
    }
    if let Some(book) = app
        .rulebooks
        .lock()
        .ok()
        .and_then(|b| b.get(sha256).cloned())
    {
        return Ok(book);
    }
    let compiled = log
        .rulebook_text(sha256)
        .await?
        .and_then(|text| shenfu_rules::Rulebook::from_toml_str(&text).ok())
        .filter(|book| book.sha256() == sha256);
    // Not kept: recomputed under the served rulebook, whose verification names the difference.
    let Some(book) = compiled.map(Arc::new) else {
        return Ok(app.book.clone());
    };
    if let Ok(mut kept) = app.rulebooks.lock() {
        kept.insert(sha256.to_owned(), book.clone());
    }
    Ok(book)
}

#[utoipa::path(post, path = "/v1/decisions/{id}/verify", tag = "log",
    params(("id" = String, Path, description = "The decision id")),
    responses(
        (status = 200, description = "Recomputed from the stored input and compared byte for byte; the row's place in the chain checked", body = crate::openapi::VerifyDoc),
        (status = 400, description = "The id is not UTF-8", body = shenfu_rules::error::CanonicalError<'static>),
        (status = 404, description = "No such decision", body = shenfu_rules::error::CanonicalError<'static>),
        crate::openapi::Refusals,
        crate::openapi::RoleRefusal,
    ))]
pub(super) async fn verify_decision(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = crate::edges::path_text(id, "id")?;
    let log = log_of(&app, &id)?;
    let entry = stored(&app, &id, &caller).await?;
    let previous = match entry.seq {
        0 | 1 => Some(GENESIS_HASH.to_owned()),
        seq => log.by_seq(seq - 1).await?.map(|e| e.row_hash),
    };
    let next = match log.by_seq(entry.seq + 1).await? {
        Some(next) => Some(next.prev_hash),
        None => {
            let (head_seq, head_hash) = log.head().await?;
            (head_seq == entry.seq).then_some(head_hash)
        }
    };
    let chain = ChainPlace {
        seq: entry.seq,
        row_hash_matches: entry.compute_row_hash() == entry.row_hash,
        linked_to_previous: previous.as_deref() == Some(entry.prev_hash.as_str()),
        linked_to_next: next.as_deref() == Some(entry.row_hash.as_str()),
    };
    let book = rulebook_of(&app, &log, &entry.rulebook_sha256).await?;
    let recomputation = Project::from_json_str(&entry.input)
        .and_then(|project| book.verify(&entry.report, Some(&project)))?;
    // The chain's links can be resealed by a database writer; the signed tree cannot.
    let receipt = log.receipt(&entry).await?;
    let in_signed_tree = match (&receipt, log.verifier()) {
        (Some(receipt), Some(key)) => Some(
            shenfu_rules::transparency::receipt::verify(receipt, &key, None, &[])
                .is_ok_and(|v| v.verified),
        ),
        _ => None,
    };
    let verified = recomputation.verified
        && chain.row_hash_matches
        && chain.linked_to_previous
        && chain.linked_to_next
        && in_signed_tree != Some(false);
    let body = format!(
        "{{\"decision_id\":{},\"verified\":{verified},\"chain\":{},\"recomputation\":{},\"in_signed_tree\":{},\"receipt\":{}}}",
        to_json(&entry.decision_id),
        to_json(&chain),
        recomputation.to_canonical_json(),
        to_json(&in_signed_tree),
        receipt.as_deref().unwrap_or("null"),
    );
    Ok(json_response(StatusCode::OK, body))
}
