//! The OpenAPI 3.1 description served at `/openapi.json`: its frame (info, tags, security) and
//! the types it describes; the paths come from the handlers' annotations, collected by the
//! router (`routes::document`). What the engine writes — reports, progress, conflicts, receipts,
//! verifications, the canonical error — is described by the core's own types (its feature
//! `schema`). The types below describe the rest, and are never serialised: what the core reads
//! with its own readers (a project, observations: unions and spellings serde does not see), the
//! rule and target listing (one object for the core's two listing types), and the envelopes the
//! service wraps the core's bytes in. Tests check fixtures and real answers against them.

#![allow(dead_code)] // fields exist to be described, not read

use serde::Serialize;
use shenfu_rules::error::CanonicalError;
use shenfu_rules::present::Lang;
use shenfu_rules::present::summary::ConflictSummary;
use shenfu_rules::transparency::receipt::{Receipt, ReceiptVerification};
use shenfu_rules::verify::Verification;
use shenfu_rules::vocab::{RulebookRef, Text};
use shenfu_rules::zone::{ProgressReport, Source};
use shenfu_rules::{Citation, Property, Quantity, Report, Scope};
use std::collections::BTreeMap;
use utoipa::{OpenApi, ToSchema};

/// The exact decimal text the engine reads (`shenfu_rules::number::parse_decimal`): an optional
/// sign, digits with an optional fraction, an optional exponent, and ASCII blanks around it.
pub const DECIMAL_PATTERN: &str =
    r"^[\t\n\f\r ]*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?[\t\n\f\r ]*$";

/// A decimal, written as text and read exactly: `"24000"`, `"0.3"`, `"1.5e3"`.
#[derive(Serialize)]
pub struct DecimalDoc;

impl utoipa::PartialSchema for DecimalDoc {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(DECIMAL_PATTERN))
            .description(Some(
                "A decimal as text, read exactly (at most 28 significant digits): send a string. \
                 A JSON number is also accepted, read from its own digits, never through a \
                 binary float; a client that holds a float should format it as text itself.",
            ))
            .examples(["24000", "0.3"])
            .into()
    }
}

impl ToSchema for DecimalDoc {
    fn name() -> std::borrow::Cow<'static, str> {
        "Decimal".into()
    }
}

/// A string schema named `$name` whose values are `$values`, described by `$description`: how
/// the spellings tables of the core's units and industries become schemas.
macro_rules! spelled_schema {
    ($(#[$doc:meta])* $ty:ident, $name:literal, $description:expr, $values:expr) => {
        $(#[$doc])*
        #[derive(Serialize)]
        pub struct $ty;

        impl utoipa::PartialSchema for $ty {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                use utoipa::openapi::schema::{ObjectBuilder, Type};
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some($description))
                    .enum_values(Some($values))
                    .into()
            }
        }

        impl ToSchema for $ty {
            fn name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }
        }
    };
}

spelled_schema!(
    /// A unit of money: every name and key of `MoneyUnit::SPELLINGS`, the core's one list, with
    /// its other spellings named in the description (not in the enum: see
    /// `schemas::with_aliases`).
    MoneyUnitDoc,
    "MoneyUnit",
    {
        let also: Vec<String> = shenfu_rules::MoneyUnit::SPELLINGS
            .iter()
            .filter(|(.., others)| !others.is_empty())
            .map(|(_, name, _, others)| {
                let others: Vec<String> = others.iter().map(|o| format!("`{o}`")).collect();
                format!("{} for {name}", others.join(" and "))
            })
            .collect();
        format!(
            "A unit of money. 元 and 美元 never mix: no exchange rate is applied anywhere. Also accepted\nfor the same units: {}.",
            also.join(", ")
        )
    },
    {
        let spellings: &'static [_] = &shenfu_rules::MoneyUnit::SPELLINGS;
        let names = spellings.iter().map(|(_, name, ..)| *name);
        names.chain(spellings.iter().map(|(_, _, key, _)| *key))
    }
);

spelled_schema!(
    /// A unit of area: every name and key of `AreaUnit::SPELLINGS`, the core's one list.
    AreaUnitDoc,
    "AreaUnit",
    "A unit of area; every conversion into 亩 is exact.".to_owned(),
    {
        let spellings: &'static [_] = &shenfu_rules::AreaUnit::SPELLINGS;
        let names = spellings.iter().map(|(_, name, _)| *name);
        names.chain(spellings.iter().flat_map(|(.., keys)| keys.iter().copied()))
    }
);

#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = MoneyAmount)]
pub struct MoneyObjectDoc {
    value: DecimalDoc,
    unit: MoneyUnitDoc,
}

/// Money: `{"value": "24000", "unit": "万元"}`, or a bare decimal meaning 元.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[schema(as = Money)]
pub enum MoneyDoc {
    Amount(MoneyObjectDoc),
    Bare(DecimalDoc),
}

#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AreaAmount)]
pub struct AreaObjectDoc {
    value: DecimalDoc,
    unit: AreaUnitDoc,
}

/// An area: `{"value": "60", "unit": "亩"}`, or a bare decimal meaning 亩. Greater than zero.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[schema(as = Area)]
pub enum AreaDoc {
    Amount(AreaObjectDoc),
    Bare(DecimalDoc),
}

spelled_schema!(
    /// An industry: every name and key of `Industry::SPELLINGS`, the core's one list.
    IndustryDoc,
    "Industry",
    "The six leading industries (names or keys), or 其他/other.".to_owned(),
    {
        let spellings: &'static [_] = &shenfu_rules::Industry::SPELLINGS;
        let names = spellings.iter().flat_map(|(_, names, _)| names.iter().copied());
        names.chain(spellings.iter().map(|(.., key)| *key))
    }
);

/// A subject's id: text or a whole number.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[schema(as = SubjectId)]
pub enum IdDoc {
    Text(String),
    Number(i64),
}

/// A project application: the contract's fields; an unknown or repeated field is refused. What
/// JSON Schema cannot say, the engine checks and names: a zero area, amounts beyond 28
/// significant digits, 美元 where 元 is compared.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Project)]
pub struct ProjectDoc {
    #[schema(example = "P-001")]
    id: Option<IdDoc>,
    name: Option<String>,
    industry: IndustryDoc,
    fixed_asset_investment: MoneyDoc,
    land_area: AreaDoc,
    annual_tax: MoneyDoc,
    rd_expenditure: Option<MoneyDoc>,
    revenue: Option<MoneyDoc>,
    /// An introduced project (引进项目), the projects the plan's admission conditions are set
    /// for. `false`: they do not apply. Absent: assumed, and the report says so in `assumptions`.
    introduced: Option<bool>,
}

/// Up to 1,000 projects. Each item is read on its own: an item that is not a valid project gets
/// its canonical error in its place, and the others are decided.
pub struct BatchRequestDoc;

impl utoipa::PartialSchema for BatchRequestDoc {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::ArrayBuilder;
        ArrayBuilder::new()
            .items(utoipa::openapi::Ref::from_schema_name("Project"))
            .max_items(Some(1000))
            .description(Some(
                "Up to 1,000 projects (see Project); each item is read on its own, and one that \
                 is not a valid project gets its canonical error in its place.",
            ))
            .into()
    }
}

impl ToSchema for BatchRequestDoc {
    fn name() -> std::borrow::Cow<'static, str> {
        "BatchRequest".into()
    }
}

/// A decision as answered.
#[derive(Serialize, ToSchema)]
#[schema(as = Decision)]
pub struct EnvelopeDoc {
    /// UUIDv7
    #[schema(format = Uuid)]
    decision_id: String,
    /// RFC 3339, UTC, microseconds
    #[schema(format = DateTime)]
    received_at: String,
    report: Report<'static>,
    /// Proof that the decision is in the log, checkable offline (`shenfu receipt verify`);
    /// present when the service signs checkpoints (`--signing-key`), absent (never `null`)
    /// otherwise.
    #[schema(nullable = false)]
    receipt: Option<Box<Receipt>>,
}

/// The log's latest signed checkpoint.
#[derive(Serialize, ToSchema)]
#[schema(as = SignedCheckpoint)]
pub struct CheckpointDoc {
    /// The log's name (the signing key's name).
    origin: String,
    tree_size: u64,
    /// Base64 SHA-256 root of the Merkle tree of the first `tree_size` rows.
    root_hash: String,
    /// The C2SP signed note, verbatim.
    checkpoint: String,
}

/// A consistency proof (RFC 9162 §2.1.4) from the tree of `from` rows to the checkpoint.
#[derive(Serialize, ToSchema)]
#[schema(as = Consistency)]
pub struct ConsistencyDoc {
    from: u64,
    to: u64,
    /// Base64 SHA-256 hashes.
    proof: Vec<String>,
    checkpoint: CheckpointDoc,
}

/// One batch item's result: its decision, or its error.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[schema(as = BatchItem)]
pub enum BatchItemDoc {
    Decision(EnvelopeDoc),
    Error(CanonicalError<'static>),
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
    /// `null` when no admission condition applied (`verdict` not_subject).
    eligible: Option<bool>,
    input_sha256: String,
    rulebook: RulebookRef<'static>,
    engine_version: String,
    prev_hash: String,
    row_hash: String,
    /// The canonical input.
    input: ProjectDoc,
}

#[derive(Serialize, ToSchema)]
#[schema(as = StoredDecision)]
pub struct StoredDoc {
    #[schema(format = Uuid)]
    decision_id: String,
    #[schema(format = DateTime)]
    received_at: String,
    report: Report<'static>,
    log: LogDoc,
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
#[schema(as = DecisionVerification)]
pub struct VerifyDoc {
    #[schema(format = Uuid)]
    decision_id: String,
    verified: bool,
    chain: ChainDoc,
    recomputation: Verification,
    /// The row is in the Merkle tree the service last signed (its receipt verifies with the
    /// service's key); `null` when the service signs no checkpoints.
    in_signed_tree: Option<bool>,
    /// A fresh receipt against the latest checkpoint; `null` when there is none.
    receipt: Option<Box<Receipt>>,
}

/// What a rule checks (`per_area`, `share`, `membership`) or, for a zone target, its goal.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = RuleKind)]
pub enum RuleKindDoc {
    PerArea,
    Share,
    Membership,
    Level,
    AnnualGrowth,
    Multiple,
    AnnualReduction,
}

/// A rule or a zone target as `shenfu rules --format json` lists it (`GET /v1/rules`,
/// `GET /v1/rules/{id}`). `aspiration`, `indicator`, `since`, `source` and `tolerance` are a
/// target's only: a rule has none of them.
#[derive(Serialize, ToSchema)]
#[schema(as = RuleSummary)]
pub struct RuleSummaryDoc {
    #[schema(example = "admission.investment_per_mu")]
    id: String,
    kind: RuleKindDoc,
    scope: Scope,
    property: Property,
    /// What is measured (for a target, the indicator's name).
    label: Text,
    /// The year it is stated for; null for a rule in force in every year.
    year: Option<u16>,
    /// The first and last year it is in force (for a target, the years progress can be
    /// evaluated in).
    #[schema(min_items = 2, max_items = 2)]
    in_force: Vec<u16>,
    /// `>`, `>=`, `<`, `<=`, `about` (左右, within `tolerance`) or `in` (membership).
    comparator: Option<String>,
    /// The plan's own word for the comparison (超, 不低于, 达到, …).
    wording: Option<String>,
    /// The threshold; for a membership rule, the set joined with 、 and no unit.
    threshold: Option<Quantity>,
    citation: Citation,
    note: Option<Text>,
    /// The ids of the readings of the plan's words it rests on.
    readings: Vec<String>,
    /// A target's indicator id.
    #[schema(required = false)]
    indicator: String,
    #[schema(required = false)]
    source: Source,
    /// The year a target's growth is measured from.
    #[schema(required = false)]
    since: u16,
    /// The band of 左右 (`about`); null otherwise.
    #[schema(required = false)]
    tolerance: Option<String>,
    /// Stated as something to strive for (力争, 争取, 努力).
    #[schema(required = false)]
    aspiration: bool,
}

/// One observation of a zone indicator (`GET /v1/rules` lists each indicator's targets and units).
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Observation)]
pub struct ObservationDoc {
    #[schema(example = "gdp")]
    indicator: String,
    #[schema(example = 2023, minimum = 2020, maximum = 2035)]
    year: u16,
    value: DecimalDoc,
    /// The value's unit; without it, the indicator's own unit. `null` is refused
    /// (`missing_field`): a unit is never guessed.
    #[schema(example = "亿元", nullable = false)]
    unit: Option<String>,
}

/// An OpenAPI 3.1 document: this one, as `GET /openapi.json` serves it.
#[derive(Serialize, ToSchema)]
#[schema(as = OpenApiDocument)]
pub struct OpenApiDocumentDoc {
    #[schema(example = "3.1.0")]
    openapi: String,
    info: BTreeMap<String, serde_json::Value>,
    /// Each path's operations by method.
    paths: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
    components: BTreeMap<String, serde_json::Value>,
    tags: Vec<BTreeMap<String, serde_json::Value>>,
}

/// The process is up (`GET /health/live`).
#[derive(Serialize, ToSchema)]
#[schema(as = Health)]
pub struct HealthDoc {
    /// Always `live`.
    #[schema(example = "live")]
    status: String,
}

/// The refusals every `/v1` operation can answer, whatever it does: no valid token, and the
/// service at capacity, out of time, or without its log.
#[derive(utoipa::IntoResponses)]
pub enum Refusals {
    /// No valid token (`unauthorized`).
    #[response(status = 401)]
    Unauthorized(CanonicalError<'static>),
    /// At capacity (`overloaded`, with `Retry-After`), timed out (`timeout`), or the log is
    /// unavailable.
    #[response(status = 503)]
    Unavailable(CanonicalError<'static>),
}

/// The refusal of an operation that needs a role the token may lack.
#[derive(utoipa::IntoResponses)]
pub enum RoleRefusal {
    /// The token lacks the role (`forbidden`).
    #[response(status = 403)]
    Forbidden(CanonicalError<'static>),
}

/// The refusals of an operation that reads a JSON body.
#[derive(utoipa::IntoResponses)]
pub enum BodyRefusals {
    /// Body over the limit (`payload_too_large`).
    #[response(status = 413)]
    TooLarge(CanonicalError<'static>),
    /// Not JSON (`unsupported_media_type`).
    #[response(status = 415)]
    NotJson(CanonicalError<'static>),
}

/// Bearer tokens (`--tokens`), on every `/v1` operation and `/metrics`; without a token file the
/// service runs open and every caller is `anonymous`.
struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A token of the service's token file (`--tokens`); its roles decide what it may do. \
                         Without a token file no token is needed.",
                    ))
                    .build(),
            ),
        );
        for (path, item) in openapi.paths.paths.iter_mut() {
            if !(path.starts_with("/v1/") || path == "/metrics") {
                continue;
            }
            for operation in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                operation.security = Some(vec![
                    SecurityRequirement::new("bearer", Vec::<String>::new()),
                    SecurityRequirement::default(),
                ]);
            }
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "shenfu decision service",
        description = "The Shenfu zone's 14th Five-Year Plan as exact, explained decisions, each kept in a tamper-evident log. Every answer's text comes from the engine; errors are the canonical error JSON.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    components(schemas(ProjectDoc, BatchRequestDoc, Lang, EnvelopeDoc, Receipt, ReceiptVerification, CheckpointDoc, ConsistencyDoc, CanonicalError, BatchDoc, StoredDoc, VerifyDoc, RuleSummaryDoc, ConflictSummary, ObservationDoc, ProgressReport, HealthDoc)),
    tags(
        (name = "decisions", description = "Assess projects; every decision is logged before it is answered"),
        (name = "log", description = "Stored decisions: fetch, list, verify, receipts; the log's signed checkpoints and consistency proofs"),
        (name = "rulebook", description = "The rules, targets and conflicts"),
        (name = "zone", description = "The zone's progress against the plan"),
        (name = "operations", description = "Health, metrics, this document"),
    )
)]
struct ApiDoc;

/// The document's frame: its info, tags and components. The paths are the router's
/// ([`crate::routes::document`] adds them), so the document describes what is served.
pub fn frame() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The bearer scheme, and every `/v1` operation and `/metrics` asking for it: once the paths are in.
pub fn secure(document: &mut utoipa::openapi::OpenApi) {
    utoipa::Modify::modify(&Security, document);
}
