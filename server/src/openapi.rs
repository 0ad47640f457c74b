//! The OpenAPI 3.1 description served at `/openapi.json`: its frame (info, tags, security) and
//! the types it describes; the paths come from the handlers' annotations, collected by the
//! router (`routes::document`). The types below describe the canonical JSON the core writes
//! (they are never serialised: the answers are the core's bytes); a test checks real answers
//! against them.

#![allow(dead_code)] // fields exist to be described, not read

use serde::Serialize;
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

/// A unit of money: every name and key of `MoneyUnit::SPELLINGS`, the core's one list, with its
/// other spellings named in the description (not in the enum: see `schemas::with_aliases`).
#[derive(Serialize)]
pub struct MoneyUnitDoc;

impl utoipa::PartialSchema for MoneyUnitDoc {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use shenfu_rules::MoneyUnit;
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        let spellings = MoneyUnit::SPELLINGS;
        let names = spellings.iter().map(|(_, name, ..)| *name);
        let keys = spellings.iter().map(|(_, _, key, _)| *key);
        let also: Vec<String> = spellings
            .iter()
            .filter(|(.., others)| !others.is_empty())
            .map(|(_, name, _, others)| {
                let others: Vec<String> = others.iter().map(|o| format!("`{o}`")).collect();
                format!("{} for {name}", others.join(" and "))
            })
            .collect();
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(format!(
                "A unit of money. 元 and 美元 never mix: no exchange rate is applied anywhere. Also accepted\nfor the same units: {}.",
                also.join(", ")
            )))
            .enum_values(Some(names.chain(keys)))
            .into()
    }
}

impl ToSchema for MoneyUnitDoc {
    fn name() -> std::borrow::Cow<'static, str> {
        "MoneyUnit".into()
    }
}

/// A unit of area; every conversion into 亩 is exact.
#[derive(Serialize, ToSchema)]
#[schema(as = AreaUnit)]
pub enum AreaUnitDoc {
    #[serde(rename = "亩")]
    Mu,
    #[serde(rename = "平方米")]
    SquareMetre,
    #[serde(rename = "公顷")]
    Hectare,
    #[serde(rename = "mu")]
    MuKey,
    #[serde(rename = "m2")]
    SquareMetreKey,
    #[serde(rename = "m²")]
    SquareMetreSign,
    #[serde(rename = "ha")]
    HectareKey,
}

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

/// The six leading industries (names or keys), or 其他/other.
#[derive(Serialize, ToSchema)]
#[schema(as = Industry)]
pub enum IndustryDoc {
    #[serde(rename = "数字经济")]
    DigitalEconomy,
    #[serde(rename = "信息技术应用及装备")]
    ItApplicationEquipment,
    #[serde(rename = "智能制造")]
    IntelligentManufacturing,
    #[serde(rename = "生命健康")]
    LifeHealth,
    #[serde(rename = "新材料和氢能")]
    NewMaterialsHydrogen,
    #[serde(rename = "新材料和氢能产业")]
    NewMaterialsHydrogenIndustry,
    #[serde(rename = "现代服务业")]
    ModernServices,
    #[serde(rename = "其他")]
    Other,
    #[serde(rename = "digital_economy")]
    DigitalEconomyKey,
    #[serde(rename = "it_application_equipment")]
    ItApplicationEquipmentKey,
    #[serde(rename = "intelligent_manufacturing")]
    IntelligentManufacturingKey,
    #[serde(rename = "life_health")]
    LifeHealthKey,
    #[serde(rename = "new_materials_hydrogen")]
    NewMaterialsHydrogenKey,
    #[serde(rename = "modern_services")]
    ModernServicesKey,
    #[serde(rename = "other")]
    OtherKey,
}

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

/// What the admission conditions say about the project: `not_subject` when none applies (a
/// project declared not introduced), which is neither eligible nor ineligible.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = Verdict)]
pub enum VerdictDoc {
    Eligible,
    NotEligible,
    NotSubject,
}

/// One rule's verdict, explained.
#[derive(Serialize, ToSchema)]
#[schema(as = Outcome)]
pub struct OutcomeDoc {
    rule_id: String,
    status: StatusDoc,
    property: PropertyDoc,
    observed: Option<QuantityDoc>,
    threshold: Option<QuantityDoc>,
    comparator: Option<String>,
    wording: Option<String>,
    margin: Option<QuantityDoc>,
    derivation: Option<String>,
    citation: CitationDoc,
    message: TextDoc,
    /// The ids of the readings of the plan's words the outcome rests on (`GET /v1/rules`
    /// and `shenfu rules --readings` list them).
    readings: Vec<String>,
    /// The status under the alternatives of those readings; null when it would be the same.
    alternative_status: Option<StatusDoc>,
    /// For a failing per-area outcome: each change that alone would make it pass, in the
    /// application's units; null otherwise.
    to_pass: Option<Vec<ConditionDoc>>,
}

/// One change to the application that alone would make an outcome pass.
#[derive(Serialize, ToSchema)]
#[schema(as = Condition)]
pub struct ConditionDoc {
    /// fixed_asset_investment, annual_tax or land_area
    field: String,
    /// >, >=, <, <=
    comparator: String,
    value: QuantityDoc,
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
    /// `true`, `false`, or `null` when no admission condition applies (`verdict` not_subject).
    eligible: Option<bool>,
    verdict: VerdictDoc,
    outcomes: Vec<OutcomeDoc>,
    assumptions: Vec<AssumptionDoc>,
    /// The readings evaluated under their alternative; empty under the rulebook's own.
    alternative_readings: Vec<String>,
}

/// Something taken for given because the application did not say it.
#[derive(Serialize, ToSchema)]
#[schema(as = Assumption)]
pub struct AssumptionDoc {
    /// The input field not given.
    field: String,
    /// The value assumed.
    value: bool,
    message: TextDoc,
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
    report: ReportDoc,
    /// Proof that the decision is in the log, checkable offline (`shenfu receipt verify`);
    /// present when the service signs checkpoints (`--signing-key`).
    receipt: Option<Box<ReceiptDoc>>,
}

/// What a log row's hash covers: the decision's seal (`shenfu_rules::audit::Seal`).
#[derive(Serialize, ToSchema)]
#[schema(as = Seal)]
pub struct SealDoc {
    seq: u64,
    #[schema(format = Uuid)]
    decision_id: String,
    #[schema(format = DateTime)]
    received_at: String,
    requester: String,
    idempotency_key: Option<String>,
    year: Option<u16>,
    subject_id: Option<String>,
    /// `null` when no admission condition applied (`verdict` not_subject).
    eligible: Option<bool>,
    input_sha256: String,
    report_sha256: String,
    rulebook_id: String,
    rulebook_version: String,
    rulebook_sha256: String,
    engine_version: String,
    prev_hash: String,
}

/// A decision's receipt: its row's seal, its leaf in the log's RFC 9162 Merkle tree (leaf =
/// SHA-256(0x00 ‖ the row hash's 32 bytes), row hash = SHA-256 of the seal's canonical JSON),
/// the inclusion proof and the C2SP signed checkpoint it leads to.
#[derive(Serialize, ToSchema)]
#[schema(as = Receipt)]
pub struct ReceiptDoc {
    #[schema(example = "shenfu-receipt/1")]
    format: String,
    /// `entry.seq − 1`
    leaf_index: u64,
    entry: SealDoc,
    /// Base64 SHA-256 hashes, leaf side first (RFC 9162 §2.1.3).
    inclusion_proof: Vec<String>,
    /// The C2SP signed note of the checkpoint: origin, tree size, base64 root, a blank line,
    /// then `— NAME BASE64(KEY_ID ‖ Ed25519 SIGNATURE)`.
    checkpoint: String,
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
#[schema(as = CanonicalError)]
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
    /// `null` when no admission condition applied (`verdict` not_subject).
    eligible: Option<bool>,
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
    #[schema(format = Uuid)]
    decision_id: String,
    #[schema(format = DateTime)]
    received_at: String,
    report: ReportDoc,
    log: LogDoc,
}

#[derive(Serialize, ToSchema)]
#[schema(as = DecisionSummary)]
pub struct SummaryDoc {
    #[schema(format = Uuid)]
    decision_id: String,
    seq: u64,
    #[schema(format = DateTime)]
    received_at: String,
    requester: String,
    subject_id: Option<String>,
    /// `null` when no admission condition applied (`verdict` not_subject).
    eligible: Option<bool>,
    verdict: VerdictDoc,
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
    #[schema(format = Uuid)]
    decision_id: String,
    verified: bool,
    chain: ChainDoc,
    recomputation: RecomputationDoc,
    /// The row is in the Merkle tree the service last signed (its receipt verifies with the
    /// service's key); `null` when the service signs no checkpoints.
    in_signed_tree: Option<bool>,
    /// A fresh receipt against the latest checkpoint; `null` when there is none.
    receipt: Option<Box<ReceiptDoc>>,
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

/// Whom a rule judges: one project, or the zone.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = Scope)]
pub enum ScopeDoc {
    Project,
    Zone,
}

/// The plan's force of a rule: 准入 admission, 指导 guidance, 预期性 expected, 约束性 binding.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = Property)]
pub enum PropertyDoc {
    Admission,
    Guidance,
    Expected,
    Binding,
}

/// Where a target is stated: the appendix table or the prose.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = TargetSource)]
pub enum SourceDoc {
    Table,
    Prose,
}

/// A rule or a zone target as `shenfu rules --format json` lists it (`GET /v1/rules`,
/// `GET /v1/rules/{id}`). The last five fields are a target's only: a rule has none of them.
#[derive(Serialize, ToSchema)]
#[schema(as = RuleSummary)]
pub struct RuleSummaryDoc {
    #[schema(example = "admission.investment_per_mu")]
    id: String,
    kind: RuleKindDoc,
    scope: ScopeDoc,
    property: PropertyDoc,
    /// What is measured (for a target, the indicator's name).
    label: TextDoc,
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
    threshold: Option<QuantityDoc>,
    citation: CitationDoc,
    note: Option<TextDoc>,
    /// The ids of the readings of the plan's words it rests on.
    readings: Vec<String>,
    /// A target's indicator id.
    #[schema(required = false)]
    indicator: String,
    #[schema(required = false)]
    source: SourceDoc,
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

/// How two targets of one indicator and year relate.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ConflictKind)]
pub enum ConflictKindDoc {
    Substantive,
    Boundary,
    FloorMet,
    Undetermined,
    CrossIndicator,
}

/// What a target requires in its year, in the indicator's unit, rounded to four places.
#[derive(Serialize, ToSchema)]
#[schema(as = Requirement)]
pub struct RequirementDoc {
    comparator: String,
    value: String,
}

/// Where the plan disagrees with itself (`shenfu rules --conflicts --format json`).
#[derive(Serialize, ToSchema)]
#[schema(as = Conflict)]
pub struct ConflictDoc {
    kind: ConflictKindDoc,
    indicator: String,
    unit: String,
    year: u16,
    first: String,
    second: String,
    first_requires: Option<RequirementDoc>,
    /// For `cross_indicator`: the sum of the parts' requirements.
    second_requires: Option<RequirementDoc>,
    stricter: Option<String>,
    /// The readings whose alternative alone would make the two agree.
    dissolved_by: Vec<String>,
    explanation: TextDoc,
    /// For `cross_indicator`: every target summed; empty for a pair.
    parts: Vec<String>,
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

/// One year's value of an indicator.
#[derive(Serialize, ToSchema)]
#[schema(as = YearValue)]
pub struct YearValueDoc {
    year: u16,
    /// Exact decimal, canonical text.
    value: String,
}

/// The 2020 value a path starts from, and where it comes from (`plan`, `observed`, …).
#[derive(Serialize, ToSchema)]
#[schema(as = Baseline)]
pub struct BaselineDoc {
    value: String,
    source: String,
    /// The input's own 2020 value when it differs from the plan's, which the paths and growth
    /// targets measure from instead.
    observed_set_aside: Option<String>,
}

/// How an on-track value was drawn between two anchor years: a constant growth rate, a
/// constant change, or the goal's own path.
#[derive(Serialize, ToSchema)]
#[schema(as = Interpolation)]
#[serde(rename_all = "snake_case")]
pub enum InterpolationDoc {
    Geometric,
    Linear,
    Goal,
}

/// One target's progress in the evaluation year.
#[derive(Serialize, ToSchema)]
#[schema(as = TargetProgress)]
pub struct TargetProgressDoc {
    target_id: String,
    year: u16,
    /// level, annual_growth, multiple, annual_reduction
    goal: String,
    since: u16,
    /// table or prose
    source: String,
    property: PropertyDoc,
    comparator: String,
    wording: String,
    threshold: QuantityDoc,
    tolerance: Option<String>,
    required: Option<String>,
    /// met, met_so_far, on_track, behind, off_track, missed, no_data
    status: String,
    violation: bool,
    observed: Option<YearValueDoc>,
    on_track: Option<String>,
    interpolation: Option<InterpolationDoc>,
    path_from: Option<YearValueDoc>,
    gap: Option<String>,
    required_annual_growth: Option<String>,
    required_annual_change: Option<String>,
    in_band: Option<bool>,
    citation: CitationDoc,
    message: TextDoc,
    /// Stated as something to strive for (力争, 争取, 努力).
    aspiration: bool,
    /// The ids of the readings of the plan's words the judgement rests on.
    readings: Vec<String>,
    /// The status under the alternatives of those readings; null when it would be the same.
    alternative_status: Option<String>,
}

/// One indicator with its observations and targets.
#[derive(Serialize, ToSchema)]
#[schema(as = IndicatorProgress)]
pub struct IndicatorProgressDoc {
    id: String,
    /// The row of the appendix table (1–34); null for prose-only indicators.
    number: Option<u8>,
    category: String,
    name: TextDoc,
    unit: String,
    measure: String,
    /// higher or lower
    direction: String,
    baseline: Option<BaselineDoc>,
    observations: Vec<YearValueDoc>,
    targets: Vec<TargetProgressDoc>,
}

/// How many targets are in each state.
#[derive(Serialize, ToSchema)]
#[schema(as = ProgressSummary)]
pub struct ProgressSummaryDoc {
    targets: u32,
    met: u32,
    /// Satisfied before its year by a ceiling, share or rate, which its own year decides.
    met_so_far: u32,
    on_track: u32,
    behind: u32,
    off_track: u32,
    missed: u32,
    no_data: u32,
    violations: u32,
}

/// The zone's progress in an evaluation year, as `shenfu progress --format json` prints it.
#[derive(Serialize, ToSchema)]
#[schema(as = ProgressReport)]
pub struct ProgressReportDoc {
    engine: EngineDoc,
    rulebook: RulebookDoc,
    input_sha256: String,
    year: u16,
    summary: ProgressSummaryDoc,
    indicators: Vec<IndicatorProgressDoc>,
    /// The readings evaluated under their alternative; empty under the rulebook's own.
    alternative_readings: Vec<String>,
}

/// A chart's language.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = Lang)]
pub enum LangDoc {
    Zh,
    En,
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

#[derive(Serialize, ToSchema)]
#[schema(as = Health)]
pub struct HealthDoc {
    status: String,
}

/// The refusals every `/v1` operation can answer, whatever it does: no valid token, and the
/// service at capacity, out of time, or without its log.
#[derive(utoipa::IntoResponses)]
pub enum Refusals {
    /// No valid token (`unauthorized`).
    #[response(status = 401)]
    Unauthorized(ErrorDoc),
    /// At capacity (`overloaded`, with `Retry-After`), timed out (`timeout`), or the log is
    /// unavailable.
    #[response(status = 503)]
    Unavailable(ErrorDoc),
}

/// The refusal of an operation that needs a role the token may lack.
#[derive(utoipa::IntoResponses)]
pub enum RoleRefusal {
    /// The token lacks the role (`forbidden`).
    #[response(status = 403)]
    Forbidden(ErrorDoc),
}

/// The refusals of an operation that reads a JSON body.
#[derive(utoipa::IntoResponses)]
pub enum BodyRefusals {
    /// Body over the limit (`payload_too_large`).
    #[response(status = 413)]
    TooLarge(ErrorDoc),
    /// Not JSON (`unsupported_media_type`).
    #[response(status = 415)]
    NotJson(ErrorDoc),
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
    components(schemas(ProjectDoc, BatchRequestDoc, LangDoc, EnvelopeDoc, ReceiptDoc, CheckpointDoc, ConsistencyDoc, ErrorDoc, BatchDoc, StoredDoc, PageDoc, VerifyDoc, RuleSummaryDoc, ConflictDoc, ObservationDoc, ProgressReportDoc, HealthDoc)),
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
