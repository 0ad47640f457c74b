//! The rulebook (rules, one rule, conflicts, readings) and the zone's progress.

use super::request::json_body;
use super::{App, json_response};
use crate::ApiError;
use crate::query::Query;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use shenfu_rules::present::Lang;
use shenfu_rules::zone::Observations;
use shenfu_rules::{Error, ErrorKind};

#[utoipa::path(get, path = "/v1/rules", tag = "rulebook",
    responses((status = 200, description = "Every rule and zone target with its citation", body = Vec<crate::openapi::RuleSummaryDoc>),
              crate::openapi::Refusals))]
pub(super) async fn rules(State(app): State<App>) -> Response {
    json_response(StatusCode::OK, app.book.rules_json())
}

#[utoipa::path(get, path = "/v1/rules/{id}", tag = "rulebook",
    params(("id" = String, Path, description = "A rule or target id")),
    responses((status = 200, description = "One rule or target", body = crate::openapi::RuleSummaryDoc),
              (status = 400, description = "The id is not UTF-8", body = shenfu_rules::error::CanonicalError<'static>),
              (status = 404, description = "No such rule", body = shenfu_rules::error::CanonicalError<'static>),
              crate::openapi::Refusals))]
pub(super) async fn rule(
    State(app): State<App>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = crate::edges::path_text(id, "id")?;
    Ok(json_response(StatusCode::OK, app.book.explain_json(&id)?))
}

#[utoipa::path(get, path = "/v1/conflicts", tag = "rulebook",
    responses((status = 200, description = "Where the plan disagrees with itself", body = Vec<shenfu_rules::present::summary::ConflictSummary<'static>>),
              crate::openapi::Refusals))]
pub(super) async fn conflicts(State(app): State<App>) -> Response {
    json_response(StatusCode::OK, app.book.conflicts_json())
}

#[utoipa::path(get, path = "/v1/readings", tag = "rulebook",
    responses((status = 200, description = "How the rulebook reads the plan's words that leave a choice: what each chose, the alternative, the basis, the rules and targets resting on it", body = Vec<shenfu_rules::rulebook::ReadingSummary<'static>>),
              crate::openapi::Refusals))]
pub(super) async fn readings(State(app): State<App>) -> Response {
    json_response(StatusCode::OK, app.book.readings_json())
}

#[utoipa::path(post, path = "/v1/progress", tag = "zone",
    params(("year" = u16, Query, minimum = 2020, maximum = 2035, description = "Evaluation year"),
           ("lang" = Option<Lang>, Query, description = "The SVG chart's language"),
           ("only_observed" = Option<bool>, Query, description = "The SVG chart draws only the indicators with an observation"),
           ("indicators" = Option<String>, Query, description = "The SVG chart draws only these indicators (comma-separated ids)")),
    request_body(content = Vec<crate::openapi::ObservationDoc>, content_type = "application/json"),
    responses((status = 200, description = "The zone's progress (JSON), or the chart with Accept: image/svg+xml", 
               content((shenfu_rules::zone::ProgressReport<'static> = "application/json"), (String = "image/svg+xml"))),
              (status = 400, description = "Bad observations or parameter", body = shenfu_rules::error::CanonicalError<'static>),
              crate::openapi::Refusals, crate::openapi::BodyRefusals))]
pub(super) async fn progress(
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
