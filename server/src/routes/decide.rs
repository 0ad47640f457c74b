//! Deciding: `POST /v1/assess` and `/v1/assess/batch`, each decision stored before it is answered.

use super::request::{idempotency_key, json_body};
use super::{App, Requester, json_response};
use crate::log::{Appended, NewDecision, stored_time};
use crate::metrics::VerdictLabels;
use crate::query::Query;
use crate::{ApiError, AppState};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Extension, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::Value;
use shenfu_rules::audit::LogEntry;
use shenfu_rules::error::Expected;
use shenfu_rules::project::json_type;
use shenfu_rules::{Error, ErrorKind, Options, Project, Verdict};
use std::time::Instant;

/// What both assessment endpoints read first: the year, the idempotency key, the JSON text.
struct AssessRequest {
    year: Option<u16>,
    key: Option<String>,
    text: String,
}

fn assess_request(
    app: &AppState,
    raw_query: Option<&str>,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<AssessRequest, ApiError> {
    let query = Query::parse(raw_query, &["year"], "year")?;
    Ok(AssessRequest {
        year: query.year("year")?,
        key: idempotency_key(headers)?,
        text: json_body(app, headers, body)?,
    })
}

/// One decision as answered: the envelope's text and what the caller's headers need.
struct Decided {
    decision_id: String,
    envelope: String,
    replayed: bool,
}

/// `{"decision_id","received_at","report"}`, and `"receipt"` when the log signs checkpoints.
pub(super) fn envelope(
    decision_id: &str,
    received_at: &str,
    report: &str,
    receipt: Option<&str>,
) -> String {
    let mut out = String::with_capacity(report.len() + 96 + receipt.map_or(0, str::len));
    out.push_str("{\"decision_id\":\"");
    out.push_str(decision_id);
    out.push_str("\",\"received_at\":\"");
    out.push_str(received_at);
    out.push_str("\",\"report\":");
    out.push_str(report);
    if let Some(receipt) = receipt {
        out.push_str(",\"receipt\":");
        out.push_str(receipt);
    }
    out.push('}');
    out
}

/// Decide one project and, when the log is on, store it before answering.
async fn decide(
    app: &AppState,
    project: &Project,
    year: Option<u16>,
    who: &Requester,
    idempotency_key: Option<String>,
) -> Result<Decided, ApiError> {
    if let Some(id) = &project.id {
        crate::edges::storable(id, "id")?;
    }
    let mut text = String::with_capacity(9 * 1024);
    let verdict = app
        .book
        .write_assessment(project, Options { year }, &mut text)?;
    let decision_id = uuid::Uuid::now_v7().to_string();
    let received_at = stored_time(time::OffsetDateTime::now_utc());
    let Some(log) = &app.log else {
        count_verdict(app, verdict);
        return Ok(Decided {
            envelope: envelope(&decision_id, &received_at, &text, None),
            decision_id,
            replayed: false,
        });
    };
    let appended = log
        .append(NewDecision::new(LogEntry {
            decision_id: decision_id.clone(),
            received_at: received_at.clone(),
            requester: who.0.clone(),
            idempotency_key: idempotency_key.clone(),
            // The log keeps its own copy; the answer is written from `text` once it commits.
            ..LogEntry::decided(&app.book, project, year, verdict, text.clone())
        }))
        .await?;
    match appended {
        Appended::Logged { seq, receipt, .. } => {
            count_verdict(app, verdict);
            let verdict = verdict.key();
            tracing::info!(%decision_id, seq, verdict, requester = %who.0, "decided");
            let receipt = receipt.map(|proved| proved.into_receipt_json());
            Ok(Decided {
                envelope: envelope(&decision_id, &received_at, &text, receipt.as_deref()),
                decision_id,
                replayed: false,
            })
        }
        Appended::Replayed(entry) => {
            let receipt = log.receipt(&entry).await?;
            Ok(Decided {
                envelope: envelope(
                    &entry.decision_id,
                    &entry.received_at,
                    &entry.report,
                    receipt.as_deref(),
                ),
                decision_id: entry.decision_id,
                replayed: true,
            })
        }
        Appended::Conflict => Err(ErrorKind::IdempotencyConflict {
            key: idempotency_key.unwrap_or_default(),
        }
        .into()),
    }
}

fn count_verdict(app: &AppState, verdict: Verdict) {
    app.metrics
        .decisions
        .get_or_create(&VerdictLabels {
            verdict: verdict.key(),
        })
        .inc();
}

#[utoipa::path(post, path = "/v1/assess", tag = "decisions",
    params(("year" = Option<u16>, Query, minimum = 2020, maximum = 2035, description = "Evaluation year"),
           ("Idempotency-Key" = Option<String>, Header, description = "Retry safely: the same key and input return the stored decision")),
    request_body(content = crate::openapi::ProjectDoc, content_type = "application/json"),
    responses(
        (status = 200, description = "The decision, logged", body = crate::openapi::EnvelopeDoc,
         headers(("X-Decision-Id" = String, description = "The decision's id (UUIDv7)"))),
        (status = 400, description = "Bad project or parameter", body = shenfu_rules::error::CanonicalError<'static>),
        (status = 409, description = "Idempotency key reused for another request", body = shenfu_rules::error::CanonicalError<'static>),
        crate::openapi::Refusals,
        crate::openapi::RoleRefusal,
        crate::openapi::BodyRefusals,
    ))]
pub(super) async fn assess(
    State(app): State<App>,
    Extension(who): Extension<Requester>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let started = Instant::now();
    let request = assess_request(&app, raw.as_deref(), &headers, body)?;
    let project = Project::from_json_str(&request.text)?;
    let decided = decide(&app, &project, request.year, &who, request.key).await?;
    app.metrics
        .decision_seconds
        .observe(started.elapsed().as_secs_f64());
    let mut response = json_response(StatusCode::OK, decided.envelope);
    if let Ok(id) = HeaderValue::from_str(&decided.decision_id) {
        response.headers_mut().insert("x-decision-id", id);
    }
    if decided.replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(response)
}

#[utoipa::path(post, path = "/v1/assess/batch", tag = "decisions",
    params(("year" = Option<u16>, Query, minimum = 2020, maximum = 2035, description = "Evaluation year"),
           ("Idempotency-Key" = Option<String>, Header, description = "Item i is stored under `KEY#i`")),
    request_body(content = crate::openapi::BatchRequestDoc, content_type = "application/json"),
    responses(
        (status = 200, description = "One result per item, in order: a logged decision or that item's error", body = crate::openapi::BatchDoc),
        (status = 400, description = "Not a JSON array, or a bad parameter", body = shenfu_rules::error::CanonicalError<'static>),
        (status = 422, description = "More than 1,000 items", body = shenfu_rules::error::CanonicalError<'static>),
        crate::openapi::Refusals,
        crate::openapi::RoleRefusal,
        crate::openapi::BodyRefusals,
    ))]
pub(super) async fn assess_batch(
    State(app): State<App>,
    Extension(who): Extension<Requester>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let started = Instant::now();
    let AssessRequest { year, key, text } = assess_request(&app, raw.as_deref(), &headers, body)?;
    let value = shenfu_rules::json::parse_json(&text)?;
    let Value::Array(items) = value else {
        return Err(Error::from(ErrorKind::InvalidType {
            expected: Expected::Projects,
            found: json_type(&value),
        })
        .into());
    };
    if items.len() > app.batch_limit {
        return Err(ErrorKind::BatchTooLarge {
            count: items.len(),
            max: app.batch_limit,
        }
        .into());
    }
    let decisions = items.iter().enumerate().map(|(i, item)| {
        let (app, who) = (&app, &who);
        let key = key.as_ref().map(|k| format!("{k}#{i}"));
        async move {
            let project = Project::from_json_value(item)?;
            decide(app, &project, year, who, key).await
        }
    });
    let results = futures_util::future::join_all(decisions).await;
    let mut out = String::from("{\"results\":[");
    for (i, result) in results.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match result {
            Ok(decided) => out.push_str(&decided.envelope),
            // A log failure fails the request as a whole: nothing may look decided that is not
            // stored.
            Err(e) if e.status == StatusCode::SERVICE_UNAVAILABLE => return Err(e),
            Err(e) => out.push_str(&e.error.to_canonical_json()),
        }
    }
    out.push_str("]}");
    app.metrics
        .decision_seconds
        .observe(started.elapsed().as_secs_f64());
    Ok(json_response(StatusCode::OK, out))
}
