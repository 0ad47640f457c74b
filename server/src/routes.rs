//! The HTTP API under `/v1`, the health and metrics endpoints, and the middleware that keeps
//! every answer in the engine's words: limits, authentication, timeouts, panics.

use crate::auth::{Caller, Role};
use crate::log::{Appended, Filter, NewDecision};
use crate::metrics::{RequestLabels, VerdictLabels};
use crate::query::Query;
use crate::{ApiError, AppState, JSON};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Extension, MatchedPath, Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use serde_json::Value;
use shenfu_rules::audit::{GENESIS_HASH, LogEntry};
use shenfu_rules::canonical::to_json;
use shenfu_rules::error::Expected;
use shenfu_rules::project::json_type;
use shenfu_rules::zone::Observations;
use shenfu_rules::present::Lang;
use shenfu_rules::{Error, ErrorKind, Options, Project, Verdict};
use std::sync::Arc;
use std::time::Instant;

type App = Arc<AppState>;

/// Who asked: the bearer token's name, or `anonymous`.
#[derive(Clone, Debug)]
pub struct Requester(pub String);

pub fn router(state: App) -> Router {
    let v1 = Router::new()
        .route("/v1/assess", post(assess))
        .route("/v1/assess/batch", post(assess_batch))
        .route("/v1/decisions", get(list_decisions))
        .route("/v1/decisions/{id}", get(get_decision))
        .route("/v1/decisions/{id}/verify", post(verify_decision))
        .route("/v1/decisions/{id}/receipt", get(decision_receipt))
        .route("/v1/checkpoint", get(checkpoint))
        .route("/v1/checkpoint/consistency", get(consistency))
        .route("/v1/rules", get(rules))
        .route("/v1/rules/{id}", get(rule))
        .route("/v1/conflicts", get(conflicts))
        .route("/v1/progress", post(progress))
        .route_layer(from_fn_with_state(state.clone(), time_limit))
        .route_layer(from_fn_with_state(state.clone(), capacity))
        .route_layer(from_fn_with_state(state.clone(), crate::edges::read_body))
        .route_layer(from_fn_with_state(state.clone(), authenticate));
    let router = if state.metrics_elsewhere {
        Router::new()
    } else {
        Router::new().route("/metrics", get(metrics))
    };
    router
        .merge(v1)
        .route("/health/live", get(live))
        .route("/health/ready", get(ready))
        .route("/openapi.json", get(openapi))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(state.body_limit))
        .layer(from_fn(canonical_errors))
        .layer(from_fn_with_state(state.clone(), count_requests))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
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

/// The time as the log stores it: RFC 3339, UTC, microseconds (sorts as text).
pub fn stored_time(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
    );
    t.format(&format).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Middleware

/// The caller of a request: its token's name and roles (`anonymous` with every role when no
/// token file is configured); `None` when its `Authorization` names no token of ours.
fn caller_of(app: &AppState, headers: &HeaderMap) -> Option<Caller> {
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
async fn authenticate(State(app): State<App>, mut request: Request, next: Next) -> Response {
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
async fn capacity(State(app): State<App>, request: Request, next: Next) -> Response {
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

async fn time_limit(State(app): State<App>, request: Request, next: Next) -> Response {
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
async fn canonical_errors(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let request_path = request.uri().path().to_owned();
    let response = next.run(request).await;
    if response.status() != StatusCode::METHOD_NOT_ALLOWED {
        return response;
    }
    let allowed = allowed_methods(request_path.as_str()).to_owned();
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

/// The methods a route takes, for the `Allow` header of a 405.
fn allowed_methods(path: &str) -> &'static str {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    match segments.as_slice() {
        ["v1", "assess"] | ["v1", "assess", "batch"] | ["v1", "progress"] => "POST",
        ["v1", "decisions", _, "verify"] => "POST",
        _ => "GET, HEAD",
    }
}

async fn count_requests(State(app): State<App>, request: Request, next: Next) -> Response {
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
fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    ApiError::from(ErrorKind::Internal).into_response()
}

async fn not_found(request: Request) -> ApiError {
    ApiError::from(ErrorKind::NotFound {
        path: request.uri().path().to_owned(),
    })
}

// ---------------------------------------------------------------------------------------------
// Request bodies

/// The body as JSON text: `application/json` (or `…+json`), within the limit, UTF-8.
fn json_body(
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
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
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

// ---------------------------------------------------------------------------------------------
// Deciding

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
fn envelope(decision_id: &str, received_at: &str, report: &str, receipt: Option<&str>) -> String {
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
    let book = &app.book;
    let input = project.to_canonical_json();
    let input_sha256 = shenfu_rules::canonical::sha256_hex(input.as_bytes());
    let appended = log
        .append(NewDecision {
            report_sha256: shenfu_rules::canonical::sha256_hex(text.as_bytes()),
            entry: LogEntry {
                seq: 0,
                decision_id: decision_id.clone(),
                received_at: received_at.clone(),
                requester: who.0.clone(),
                idempotency_key: idempotency_key.clone(),
                year,
                subject_id: project.id.clone(),
                eligible: verdict.eligible(),
                input,
                input_sha256,
                // The log keeps its own copy; the answer is written from `text` once it commits.
                report: text.clone(),
                rulebook_id: book.id.clone(),
                rulebook_version: book.version.clone(),
                rulebook_sha256: book.sha256().to_owned(),
                engine_version: shenfu_rules::report::ENGINE_VERSION.to_owned(),
                prev_hash: String::new(),
                row_hash: String::new(),
            },
        })
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
        (status = 400, description = "Bad project or parameter", body = crate::openapi::ErrorDoc),
        (status = 409, description = "Idempotency key reused for another request", body = crate::openapi::ErrorDoc),
        crate::openapi::Refusals,
        crate::openapi::RoleRefusal,
        crate::openapi::BodyRefusals,
    ))]
async fn assess(
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
        (status = 400, description = "Not a JSON array, or a bad parameter", body = crate::openapi::ErrorDoc),
        (status = 422, description = "More than 1,000 items", body = crate::openapi::ErrorDoc),
        crate::openapi::Refusals,
        crate::openapi::RoleRefusal,
        crate::openapi::BodyRefusals,
    ))]
async fn assess_batch(
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

// ---------------------------------------------------------------------------------------------
// The log

fn log_of(app: &AppState, id: &str) -> Result<crate::log::DecisionLog, ApiError> {
    app.log
        .clone()
        .ok_or_else(|| ApiError::from(ErrorKind::UnknownDecision { id: id.to_owned() }))
}

/// A stored decision the caller may read. Another's decision, to a `read-own` token, is
/// answered as unknown (no existence oracle), and traced.
async fn stored(app: &AppState, id: &str, caller: &Caller) -> Result<LogEntry, ApiError> {
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

#[derive(Serialize)]
struct RulebookRef<'a> {
    id: &'a str,
    version: &'a str,
    sha256: &'a str,
}

/// What the log keeps beside the report, for `GET /v1/decisions/{id}`.
#[derive(Serialize)]
struct Kept<'a> {
    seq: u64,
    requester: &'a str,
    idempotency_key: Option<&'a str>,
    year: Option<u16>,
    subject_id: Option<&'a str>,
    eligible: Option<bool>,
    input_sha256: &'a str,
    rulebook: RulebookRef<'a>,
    engine_version: &'a str,
    prev_hash: &'a str,
    row_hash: &'a str,
}

fn stored_envelope(e: &LogEntry) -> String {
    let kept = to_json(&Kept {
        seq: e.seq,
        requester: &e.requester,
        idempotency_key: e.idempotency_key.as_deref(),
        year: e.year,
        subject_id: e.subject_id.as_deref(),
        eligible: e.eligible,
        input_sha256: &e.input_sha256,
        rulebook: RulebookRef {
            id: &e.rulebook_id,
            version: &e.rulebook_version,
            sha256: &e.rulebook_sha256,
        },
        engine_version: &e.engine_version,
        prev_hash: &e.prev_hash,
        row_hash: &e.row_hash,
    });
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
        (status = 400, description = "The id is not UTF-8", body = crate::openapi::ErrorDoc),
        (status = 404, description = "No such decision", body = crate::openapi::ErrorDoc),
        crate::openapi::Refusals,
        crate::openapi::RoleRefusal,
    ))]
async fn get_decision(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = crate::edges::path_text(id, "id")?;
    let entry = stored(&app, &id, &caller).await?;
    Ok(json_response(StatusCode::OK, stored_envelope(&entry)))
}

#[derive(Serialize)]
struct Summary<'a> {
    decision_id: &'a str,
    seq: u64,
    received_at: &'a str,
    requester: &'a str,
    subject_id: Option<&'a str>,
    eligible: Option<bool>,
    year: Option<u16>,
    input_sha256: &'a str,
    rulebook_version: &'a str,
}

#[derive(Serialize)]
struct Page<'a> {
    decisions: Vec<Summary<'a>>,
    next_cursor: Option<String>,
}

#[utoipa::path(get, path = "/v1/decisions", tag = "log",
    params(("subject_id" = Option<String>, Query, description = "The project's id"),
           ("eligible" = Option<bool>, Query, description = "Only eligible (true) or ineligible (false) decisions"),
           ("from" = Option<String>, Query, format = DateTime, description = "Received at or after (RFC 3339)"),
           ("to" = Option<String>, Query, format = DateTime, description = "Received before (RFC 3339)"),
           ("cursor" = Option<String>, Query, pattern = "^[0-9]{1,19}$", description = "next_cursor of the previous page"),
           ("limit" = Option<u32>, Query, minimum = 1, maximum = 1000, description = "Page size (default 100)")),
    responses(
        (status = 200, description = "One page, oldest first", body = crate::openapi::PageDoc),
        (status = 400, description = "A bad parameter", body = crate::openapi::ErrorDoc),
        crate::openapi::Refusals,
        crate::openapi::RoleRefusal,
    ))]
async fn list_decisions(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = Query::parse(
        raw.as_deref(),
        &["subject_id", "eligible", "from", "to", "cursor", "limit"],
        "subject_id, eligible, from, to, cursor, limit",
    )?;
    let limit = query.bounded("limit", 1, 1000, 100)?;
    if let Some(subject_id) = query.text("subject_id") {
        crate::edges::storable(subject_id, "subject_id")?;
    }
    let filter = Filter {
        subject_id: query.text("subject_id").map(str::to_owned),
        eligible: query.boolean("eligible")?,
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
        (status = 400, description = "The id is not UTF-8", body = crate::openapi::ErrorDoc),
        (status = 404, description = "No such decision", body = crate::openapi::ErrorDoc),
        crate::openapi::Refusals,
        crate::openapi::RoleRefusal,
    ))]
async fn verify_decision(
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

// ---------------------------------------------------------------------------------------------
// Receipts and checkpoints

/// The log keeps no signed checkpoint (no `--signing-key`, or nothing logged yet).
fn no_checkpoint(request_path: &str) -> ApiError {
    ApiError::from(ErrorKind::NotFound {
        path: request_path.to_owned(),
    })
}

#[utoipa::path(get, path = "/v1/decisions/{id}/receipt", tag = "log",
    params(("id" = String, Path, description = "The decision id")),
    responses(
        (status = 200, description = "A fresh receipt: the decision's inclusion in the latest signed checkpoint", body = crate::openapi::ReceiptDoc),
        (status = 400, description = "The id is not UTF-8", body = crate::openapi::ErrorDoc),
        (status = 404, description = "No such decision, or the log signs no checkpoints", body = crate::openapi::ErrorDoc),
        crate::openapi::Refusals,
        crate::openapi::RoleRefusal,
    ))]
async fn decision_receipt(
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
        (status = 404, description = "The log signs no checkpoints, or none yet", body = crate::openapi::ErrorDoc),
        crate::openapi::Refusals,
    ))]
async fn checkpoint(State(app): State<App>) -> Result<Response, ApiError> {
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
        (status = 400, description = "A bad parameter", body = crate::openapi::ErrorDoc),
        (status = 404, description = "The log signs no checkpoints, or `from` is beyond the latest", body = crate::openapi::ErrorDoc),
        crate::openapi::Refusals,
    ))]
async fn consistency(
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

// ---------------------------------------------------------------------------------------------
// The rulebook and the zone

#[utoipa::path(get, path = "/v1/rules", tag = "rulebook",
    responses((status = 200, description = "Every rule and zone target with its citation", body = Vec<crate::openapi::RuleSummaryDoc>),
              crate::openapi::Refusals))]
async fn rules(State(app): State<App>) -> Response {
    json_response(StatusCode::OK, app.book.rules_json())
}

#[utoipa::path(get, path = "/v1/rules/{id}", tag = "rulebook",
    params(("id" = String, Path, description = "A rule or target id")),
    responses((status = 200, description = "One rule or target", body = crate::openapi::RuleSummaryDoc),
              (status = 400, description = "The id is not UTF-8", body = crate::openapi::ErrorDoc),
              (status = 404, description = "No such rule", body = crate::openapi::ErrorDoc),
              crate::openapi::Refusals))]
async fn rule(
    State(app): State<App>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = crate::edges::path_text(id, "id")?;
    Ok(json_response(StatusCode::OK, app.book.explain_json(&id)?))
}

#[utoipa::path(get, path = "/v1/conflicts", tag = "rulebook",
    responses((status = 200, description = "Where the plan disagrees with itself", body = Vec<crate::openapi::ConflictDoc>),
              crate::openapi::Refusals))]
async fn conflicts(State(app): State<App>) -> Response {
    json_response(StatusCode::OK, app.book.conflicts_json())
}

#[utoipa::path(post, path = "/v1/progress", tag = "zone",
    params(("year" = u16, Query, minimum = 2020, maximum = 2035, description = "Evaluation year"),
           ("lang" = Option<crate::openapi::LangDoc>, Query, description = "The SVG chart's language"),
           ("only_observed" = Option<bool>, Query, description = "The SVG chart draws only the indicators with an observation"),
           ("indicators" = Option<String>, Query, description = "The SVG chart draws only these indicators (comma-separated ids)")),
    request_body(content = Vec<crate::openapi::ObservationDoc>, content_type = "application/json"),
    responses((status = 200, description = "The zone's progress (JSON), or the chart with Accept: image/svg+xml", 
               content((crate::openapi::ProgressReportDoc = "application/json"), (String = "image/svg+xml"))),
              (status = 400, description = "Bad observations or parameter", body = crate::openapi::ErrorDoc),
              crate::openapi::Refusals, crate::openapi::BodyRefusals))]
async fn progress(
    State(app): State<App>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let query = Query::parse(
        raw.as_deref(),
        &["year", "lang", "only_observed", "indicators"],
        "year, lang, only_observed, indicators",
    )?;
    let year = query
        .year("year")?
        .ok_or_else(|| ApiError::from(Error::from(ErrorKind::MissingField).at("year")))?;
    let lang = Lang::parse(query.text("lang").unwrap_or("zh"))?;
    // The chart for a report, as the CLI's --only-observed and --indicators.
    let only_observed = query.boolean("only_observed")?.unwrap_or(false);
    let indicators: Option<Vec<String>> = query
        .text("indicators")
        .map(|ids| ids.split(',').map(str::to_owned).collect());
    let text = json_body(&app, &headers, body)?;
    let observations = Observations::from_json_str(&app.book, &text)?;
    let report = app.book.progress(&observations, year)?;
    let wants_svg = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("image/svg+xml"));
    Ok(if wants_svg {
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "image/svg+xml")],
            report.to_svg_selected(lang, only_observed, indicators.as_deref())?,
        )
            .into_response()
    } else {
        json_response(StatusCode::OK, report.to_canonical_json())
    })
}

// ---------------------------------------------------------------------------------------------
// Operations

#[utoipa::path(get, path = "/health/live", tag = "operations",
    responses((status = 200, description = "The process is up", body = crate::openapi::HealthDoc)))]
async fn live() -> Response {
    json_response(StatusCode::OK, "{\"status\":\"live\"}".to_owned())
}

#[derive(Serialize)]
struct Readiness<'a> {
    status: &'static str,
    rulebook: RulebookRef<'a>,
    engine_version: &'static str,
    log: &'static str,
}

#[utoipa::path(get, path = "/health/ready", tag = "operations",
    responses((status = 200, description = "Rulebook loaded and the log reachable", body = crate::openapi::HealthDoc),
              (status = 503, description = "The log is unreachable", body = crate::openapi::ErrorDoc)))]
async fn ready(State(app): State<App>) -> Result<Response, ApiError> {
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
              (status = 401, description = "Tokens are configured and none was given", body = crate::openapi::ErrorDoc),
              (status = 403, description = "The token is not an admin's", body = crate::openapi::ErrorDoc)))]
async fn metrics(State(app): State<App>, headers: HeaderMap) -> Response {
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
async fn openapi(State(app): State<App>) -> Response {
    let body = Body::from(app.openapi.clone());
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, HeaderValue::from_static(JSON))],
        body,
    )
        .into_response()
}
