//! The OpenAPI 3.1 description served at `/openapi.json`, generated from the handlers'
//! annotations. The types below describe the canonical JSON the core writes (they are never
//! serialised: the answers are the core's bytes); a test checks real answers against them.

#![allow(dead_code)] // fields exist to be described, not read

use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

/// An amount: `{"value": "24000", "unit": "万元"}`. `value` is a decimal string or a JSON
/// number (read from its digits); units: 元 万元 亿元 美元 万美元 亿美元 (money), 亩 平方米 公顷 (area),
/// or their keys (yuan, wan_yuan, …, mu, m2, ha).
#[derive(Serialize, ToSchema)]
#[schema(as = Amount)]
pub struct AmountDoc {
    #[schema(example = "24000")]
    value: String,
    #[schema(example = "万元")]
    unit: String,
}

/// A project application (the contract's fields; an unknown or repeated field is refused).
#[derive(Serialize, ToSchema)]
#[schema(as = Project)]
pub struct ProjectDoc {
    #[schema(example = "P-001")]
    id: Option<String>,
    name: Option<String>,
    /// One of the six leading industries (数字经济 …, or their keys), or 其他/other.
    #[schema(example = "数字经济")]
    industry: String,
    fixed_asset_investment: AmountDoc,
    land_area: AmountDoc,
    annual_tax: AmountDoc,
    rd_expenditure: Option<AmountDoc>,
    revenue: Option<AmountDoc>,
}

/// Text in both languages.
#[derive(Serialize, ToSchema)]
#[schema(as = Text)]
pub struct TextDoc {
    zh: String,
    en: String,
}

/// An exact decimal (canonical text) with its unit.
#[derive(Serialize, ToSchema)]
#[schema(as = Quantity)]
pub struct QuantityDoc {
    value: String,
    unit: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = Citation)]
pub struct CitationDoc {
    section: String,
    /// Verbatim from the plan.
    quote: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = Status)]
pub enum StatusDoc {
    Pass,
    Fail,
    NotApplicable,
    MissingInput,
}

/// One rule's verdict, explained.
#[derive(Serialize, ToSchema)]
#[schema(as = Outcome)]
pub struct OutcomeDoc {
    rule_id: String,
    status: StatusDoc,
    /// admission, guidance, expected, binding
    property: String,
    observed: Option<QuantityDoc>,
    threshold: Option<QuantityDoc>,
    comparator: Option<String>,
    wording: Option<String>,
    margin: Option<QuantityDoc>,
    derivation: Option<String>,
    citation: CitationDoc,
    message: TextDoc,
}

#[derive(Serialize, ToSchema)]
#[schema(as = Engine)]
pub struct EngineDoc {
    name: String,
    version: String,
}

#[derive(Serialize, ToSchema)]
#[schema(as = RulebookRef)]
pub struct RulebookDoc {
    id: String,
    version: String,
    sha256: String,
}

#[derive(Serialize, ToSchema)]
#[schema(as = Subject)]
pub struct SubjectDoc {
    id: Option<String>,
    name: Option<String>,
}

/// The canonical report, byte for byte what the CLI prints and `shenfu verify` checks.
#[derive(Serialize, ToSchema)]
#[schema(as = Report)]
pub struct ReportDoc {
    engine: EngineDoc,
    rulebook: RulebookDoc,
    input_sha256: String,
    subject: SubjectDoc,
    year: Option<u16>,
    eligible: bool,
    outcomes: Vec<OutcomeDoc>,
}

/// A decision as answered.
#[derive(Serialize, ToSchema)]
#[schema(as = Decision)]
pub struct EnvelopeDoc {
    /// UUIDv7
    decision_id: String,
    /// RFC 3339, UTC, microseconds
    received_at: String,
    report: ReportDoc,
}

#[derive(Serialize, ToSchema)]
#[schema(as = ErrorBody)]
pub struct ErrorBodyDoc {
    /// Stable snake_case code, the same on every surface.
    code: String,
    /// Dotted path of the offending field.
    field: Option<String>,
    line: Option<u64>,
    column: Option<u64>,
    message: TextDoc,
}

/// The canonical error.
#[derive(Serialize, ToSchema)]
#[schema(as = Error)]
pub struct ErrorDoc {
    error: ErrorBodyDoc,
}

/// One batch item's result: its decision, or its error.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[schema(as = BatchItem)]
pub enum BatchItemDoc {
    Decision(EnvelopeDoc),
    Error(ErrorDoc),
}

#[derive(Serialize, ToSchema)]
#[schema(as = BatchResult)]
pub struct BatchDoc {
    results: Vec<BatchItemDoc>,
}

/// What the log keeps beside the report.
#[derive(Serialize, ToSchema)]
#[schema(as = LogRecord)]
pub struct LogDoc {
    seq: u64,
    requester: String,
    idempotency_key: Option<String>,
    year: Option<u16>,
    subject_id: Option<String>,
    eligible: bool,
    input_sha256: String,
    rulebook: RulebookDoc,
    engine_version: String,
    prev_hash: String,
    row_hash: String,
    /// The canonical input.
    input: ProjectDoc,
}

#[derive(Serialize, ToSchema)]
#[schema(as = StoredDecision)]
pub struct StoredDoc {
    decision_id: String,
    received_at: String,
    report: ReportDoc,
    log: LogDoc,
}

#[derive(Serialize, ToSchema)]
#[schema(as = DecisionSummary)]
pub struct SummaryDoc {
    decision_id: String,
    seq: u64,
    received_at: String,
    requester: String,
    subject_id: Option<String>,
    eligible: bool,
    year: Option<u16>,
    input_sha256: String,
    rulebook_version: String,
}

#[derive(Serialize, ToSchema)]
#[schema(as = DecisionPage)]
pub struct PageDoc {
    decisions: Vec<SummaryDoc>,
    /// Pass as `cursor` for the next page; null on the last.
    next_cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = ChainPlace)]
pub struct ChainDoc {
    seq: u64,
    row_hash_matches: bool,
    linked_to_previous: bool,
    linked_to_next: bool,
}

#[derive(Serialize, ToSchema)]
#[schema(as = Finding)]
pub struct FindingDoc {
    check: String,
    ok: bool,
    detail: TextDoc,
}

#[derive(Serialize, ToSchema)]
#[schema(as = Recomputation)]
pub struct RecomputationDoc {
    verified: bool,
    recomputed: bool,
    findings: Vec<FindingDoc>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = DecisionVerification)]
pub struct VerifyDoc {
    decision_id: String,
    verified: bool,
    chain: ChainDoc,
    recomputation: RecomputationDoc,
}

/// A rule, target, conflict or progress report (see `shenfu rules --format json`).
#[derive(Serialize, ToSchema)]
#[schema(as = Described)]
pub struct RuleDoc {}

/// One observation of a zone indicator.
#[derive(Serialize, ToSchema)]
#[schema(as = Observation)]
pub struct ObservationDoc {
    #[schema(example = "gdp")]
    indicator: String,
    #[schema(example = 2023)]
    year: u16,
    #[schema(example = "200")]
    value: String,
    #[schema(example = "亿元")]
    unit: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = Health)]
pub struct HealthDoc {
    status: String,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "shenfu decision service",
        description = "The Shenfu zone's 14th Five-Year Plan as exact, explained decisions, each kept in a tamper-evident log. Every answer's text comes from the engine; errors are the canonical error JSON.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    paths(
        crate::routes::assess,
        crate::routes::assess_batch,
        crate::routes::list_decisions,
        crate::routes::get_decision,
        crate::routes::verify_decision,
        crate::routes::rules,
        crate::routes::rule,
        crate::routes::conflicts,
        crate::routes::progress,
        crate::routes::live,
        crate::routes::ready,
        crate::routes::metrics,
        crate::routes::openapi,
    ),
    components(schemas(ProjectDoc, EnvelopeDoc, ErrorDoc, BatchDoc, StoredDoc, PageDoc, VerifyDoc, RuleDoc, ObservationDoc, HealthDoc)),
    tags(
        (name = "decisions", description = "Assess projects; every decision is logged before it is answered"),
        (name = "log", description = "Stored decisions: fetch, list, verify"),
        (name = "rulebook", description = "The rules, targets and conflicts"),
        (name = "zone", description = "The zone's progress against the plan"),
        (name = "operations", description = "Health, metrics, this document"),
    )
)]
struct ApiDoc;

/// The document, as served.
pub fn document() -> String {
    ApiDoc::openapi().to_json().unwrap_or_default()
}
