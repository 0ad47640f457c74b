"""The contract's JSON shapes as typing aliases and ``TypedDict``s: what ``Report.to_dict()``,
``Progress.report`` and the listings return, and what ``assess`` takes, key by key
(the service's own envelopes, a decision or a page, are in its /openapi.json).

Generated from the contract's JSON Schemas (schemas/) by server/tests/contract_types.rs; do not edit.
Regenerate: SHENFU_BLESS=1 cargo test -p shenfu-rules-server --test schemas --test contract_types
"""

from __future__ import annotations

from decimal import Decimal as _Decimal
from typing import List, Literal, Optional, TypedDict, Union

__all__ = [
    "Area",
    "AreaAmount",
    "AreaUnit",
    "Assumption",
    "Baseline",
    "Basis",
    "CanonicalError",
    "Category",
    "Citation",
    "Condition",
    "Conflict",
    "ConflictKind",
    "Decimal",
    "Direction",
    "Engine",
    "ErrorBody",
    "Goal",
    "IndicatorProgress",
    "Industry",
    "Interpolation",
    "Measure",
    "Money",
    "MoneyAmount",
    "MoneyUnit",
    "Observation",
    "Outcome",
    "ProgressReport",
    "ProgressStatus",
    "ProgressSummary",
    "Project",
    "Property",
    "Quantity",
    "Reading",
    "Receipt",
    "ReceiptCheck",
    "ReceiptVerification",
    "Report",
    "Requirement",
    "RuleKind",
    "RuleSummary",
    "RulebookRef",
    "Scope",
    "Seal",
    "Status",
    "Subject",
    "SubjectId",
    "TargetProgress",
    "TargetSource",
    "Text",
    "ThresholdText",
    "Verdict",
    "YearValue",
]


Area = Union["AreaAmount", "Decimal"]
"""An area: `{"value": "60", "unit": "亩"}`, or a bare decimal meaning 亩. Greater than zero."""


class AreaAmount(TypedDict):
    unit: AreaUnit
    value: Decimal


AreaUnit = Literal["亩", "平方米", "公顷", "mu", "m2", "m²", "ha"]
"""A unit of area; every conversion into 亩 is exact."""


class Assumption(TypedDict):
    """Something taken for given because the application did not say it, and what it changed."""
    field: str
    """The input field that was not given."""
    message: Text
    """The assumption in a sentence, in both languages."""
    value: bool
    """The value assumed for it."""


class Baseline(TypedDict):
    """Where an indicator's paths start in 2020 (the base year), and from what."""
    observed_set_aside: Optional[str]
    """The input's own 2020 value when it differs from the plan's, which every path and growth
    target of the indicator measures from instead: set aside, and said so in every view."""
    source: str
    """`plan` (the table's 2020 column), `observed` (the input's 2020 value) or `definition`
    (an accumulation is 0 in 2020)."""
    value: str
    """The 2020 value as canonical decimal text, in the indicator's unit."""


Basis = Literal["civil_code_art_1259", "analogy", "drafting_assumption"]
"""What a reading rests on."""


class CanonicalError(TypedDict):
    """The canonical error, byte for byte what every surface writes."""
    error: ErrorBody
    """What went wrong, where."""


Category = Literal["overall_strength", "innovation", "opening_up", "modern_industry", "livable_zone"]
"""The appendix's five categories (类别), in table order. Prose-only indicators are placed in
the category their subject belongs to."""


class Citation(TypedDict):
    """Where a rule comes from: the plan's section and the verbatim quote."""
    quote: str
    """The plan's words, verbatim: a test checks every quote against the plan's text
    (`fixtures/plan/`)."""
    section: str
    """The plan's section it stands in, as its headings number it, e.g.
    `一、发展基础 · 2. 科技创新体系初步建立`."""


class Condition(TypedDict):
    """One change to the application that alone would make the outcome pass."""
    comparator: str
    """The comparator the changed field must satisfy (`>`, `>=`, `<=`, `<`)."""
    field: str
    """The input field to change (`fixed_asset_investment`, `annual_tax`, `land_area`)."""
    value: Quantity
    """In the unit the application used for the field."""


class Conflict(TypedDict):
    """A conflict as `shenfu rules --conflicts` lists it."""
    dissolved_by: List[str]
    """The readings whose alternative alone would make the two agree."""
    explanation: Text
    """Why the two differ, and what would reconcile them, in both languages."""
    first: str
    """One target's id (for `cross_indicator`: the whole's)."""
    first_requires: Optional[Requirement]
    """What `first` requires, where the plan allows computing it; `null` otherwise."""
    indicator: str
    """The indicator's id, e.g. `rd_intensity`."""
    kind: ConflictKind
    """How the two differ: `substantive`, `boundary`, `floor_met`, `undetermined` or
    `cross_indicator`."""
    parts: List[str]
    """For `cross_indicator`: every target summed (`second_requires` is their sum); `[]` for a
    pair."""
    second: str
    """The other target's id (for `cross_indicator`: the first part's)."""
    second_requires: Optional[Requirement]
    """What `second` requires, where the plan allows computing it; `null` otherwise."""
    stricter: Optional[str]
    """The id of the stricter target, where there is one and it is not an aspiration (力争 …)."""
    unit: str
    """The indicator's unit, e.g. `%`: what `first_requires` and `second_requires` are in."""
    year: int
    """The anchor year both targets are for."""


ConflictKind = Literal["substantive", "boundary", "floor_met", "undetermined", "cross_indicator"]
"""How two targets differ."""


Decimal = Union[str, Union[float, _Decimal]]
"""A decimal: text matching the pattern (what clients should send) or a JSON number, read from its own digits, never through a binary float."""


Direction = Literal["higher", "lower"]
"""Which way is better."""


class Engine(TypedDict):
    """The engine that decided, as a report's `engine` names it."""
    name: str
    """Always `shenfu-rules`, the engine's name."""
    version: str
    """The crate version that decided, e.g. `0.1.0`."""


class ErrorBody(TypedDict):
    """The body of the canonical error."""
    code: str
    """The stable snake_case code, the same on every surface, e.g. `missing_field`."""
    column: Optional[int]
    """The column (from 1, in characters); `null` when not found in a text."""
    field: Optional[str]
    """The dotted path of the offending field, e.g. `land_area.value`; `null` when the error
    concerns no one field."""
    line: Optional[int]
    """The line (from 1) of the text it was found in; `null` when not found in a text."""
    message: Text
    """What went wrong, in both languages."""


Goal = Literal["level", "annual_growth", "multiple", "annual_reduction"]
"""What kind of goal a target states."""


class IndicatorProgress(TypedDict):
    """One indicator with its targets."""
    baseline: Optional[Baseline]
    """Where its paths start in 2020; `null` when neither the plan nor the input gives a value."""
    category: Category
    """Its category in the appendix, e.g. `overall_strength`."""
    direction: Direction
    """Which way is better (`higher`, `lower`)."""
    id: str
    """The indicator's id, e.g. `gdp`."""
    measure: Measure
    """What kind of quantity it is (`amount`, `count`, `per_capita`, `share`, `rate`,
    `cumulative`)."""
    name: Text
    """Its name in both languages."""
    number: Optional[int]
    """Its row in the appendix table (1–34); `null` for a prose-only indicator."""
    observations: List[YearValue]
    """The input's observations of the indicator, by year."""
    targets: List[TargetProgress]
    """Its targets, in the rulebook's order."""
    unit: str
    """Its unit as the plan writes it (亿元, %, 万人 …): every value of this entry is in it."""


Industry = Literal["数字经济", "信息技术应用及装备", "智能制造", "生命健康", "新材料和氢能", "新材料和氢能产业", "现代服务业", "其他", "digital_economy", "it_application_equipment", "intelligent_manufacturing", "life_health", "new_materials_hydrogen", "modern_services", "other"]
"""The six leading industries (names or keys), or 其他/other."""


Interpolation = Literal["geometric", "linear", "goal"]
"""How the on-track value between two anchors is drawn."""


Measure = Literal["amount", "count", "per_capita", "share", "rate", "cumulative"]
"""What kind of quantity an indicator is. It decides how the on-track path between two anchor
years is drawn and which values are admissible."""


Money = Union["MoneyAmount", "Decimal"]
"""Money: `{"value": "24000", "unit": "万元"}`, or a bare decimal meaning 元."""


class MoneyAmount(TypedDict):
    unit: MoneyUnit
    value: Decimal


MoneyUnit = Literal["元", "万元", "亿元", "美元", "万美元", "亿美元", "yuan", "wan_yuan", "yi_yuan", "usd", "wan_usd", "yi_usd", "CNY", "cny", "USD"]
"""A unit of money. 元 and 美元 never mix: no exchange rate is applied anywhere. Also accepted
for the same units: `CNY` and `cny` for 元, `USD` for 美元."""


class _ObservationRequired(TypedDict):
    indicator: str
    value: Decimal
    year: int


class Observation(_ObservationRequired, total=False):
    """One observation of a zone indicator (`GET /v1/rules` lists each indicator's targets and units)."""
    unit: str
    """The value's unit; without it, the indicator's own unit. `null` is refused
    (`missing_field`): a unit is never guessed."""


class Outcome(TypedDict):
    """One rule's verdict, explained."""
    alternative_status: Optional[Status]
    """The status under the alternatives of those readings; `null` when it would be the same
    (or no alternative can be evaluated)."""
    citation: Citation
    """Where the rule comes from in the plan."""
    comparator: Optional[str]
    """The comparator the decision used (`>`, `>=`, `<=`, `<`), read from the plan's wording;
    `in` / `not_in` for a membership rule."""
    derivation: Optional[str]
    """How `observed` was computed from the application, in its own units, e.g.
    `亩均投入 = 固定资产投资 ÷ 用地面积 = 24000 万元 ÷ 60 亩 = 400 万元/亩`; `null` when
    nothing was computed."""
    margin: Optional[Quantity]
    """observed − threshold, in the threshold's unit."""
    message: Text
    """The outcome in a sentence, in both languages."""
    observed: Optional[Quantity]
    """The measured value, e.g. 亩均投入 `400 万元/亩`; `null` when it could not be measured (a
    missing input, a zero denominator)."""
    property: Property
    """What failing the rule means (`admission`, `binding` …), as the rulebook says."""
    readings: List[str]
    """The ids of the readings of the plan's words the outcome rests on (`shenfu rules
    --readings` and `GET /v1/rules` list them)."""
    rule_id: str
    """The rule's id, e.g. `admission.investment_per_mu`."""
    status: Status
    """What the rule found."""
    threshold: Optional[Quantity]
    """The rule's threshold in force in the evaluation year, in its own unit; for a membership
    rule, the set of industries."""
    to_pass: Optional[List[Condition]]
    """For a failing per-area outcome: each change that alone would make it pass, in the
    application's units; `null` otherwise."""
    wording: Optional[str]
    """The plan's word the comparator is read from (超, 以上, 不低于 …); `null` for a membership
    rule."""


class ProgressReport(TypedDict):
    """The zone's progress in an evaluation year: every target's status, and the counts."""
    alternative_readings: List[str]
    """The readings evaluated under their alternative; empty under the chosen readings."""
    engine: Engine
    """The engine that judged."""
    indicators: List[IndicatorProgress]
    """Every indicator with its targets, in the rulebook's order."""
    input_sha256: str
    """The SHA-256 (hex) of the observations' canonical JSON (`[{"indicator", "year", "value",
    "unit"}]` in rulebook order, then by year, each value as canonical decimal text in the
    indicator's unit), so a stored report names exactly what it measured."""
    rulebook: RulebookRef
    """The rulebook that judged: id, version and SHA-256."""
    summary: ProgressSummary
    """How many targets stand where."""
    year: int
    """The evaluation year."""


ProgressStatus = Literal["met", "met_so_far", "on_track", "behind", "off_track", "missed", "no_data"]
"""Where a target stands."""


class ProgressSummary(TypedDict):
    """How many targets stand where: the progress report's `summary`."""
    behind: int
    """Targets `behind`."""
    met: int
    """Targets `met`."""
    met_so_far: int
    """Targets `met_so_far`."""
    missed: int
    """Targets `missed`."""
    no_data: int
    """Targets `no_data`."""
    off_track: int
    """Targets `off_track`."""
    on_track: int
    """Targets `on_track`."""
    targets: int
    """Every target judged."""
    violations: int
    """Missed 约束性 targets (each also counted as `missed`)."""


class _ProjectRequired(TypedDict):
    annual_tax: Money
    fixed_asset_investment: Money
    industry: Industry
    land_area: Area


class Project(_ProjectRequired, total=False):
    """A project application: the contract's fields; an unknown or repeated field is refused. What
    JSON Schema cannot say, the engine checks and names: a zero area, amounts beyond 28
    significant digits, 美元 where 元 is compared."""
    id: Optional[SubjectId]
    introduced: Optional[bool]
    """An introduced project (引进项目), the projects the plan's admission conditions are set
    for. `false`: they do not apply. Absent: assumed, and the report says so in `assumptions`."""
    name: Optional[str]
    rd_expenditure: Optional[Money]
    revenue: Optional[Money]


Property = Literal["admission", "binding", "expected", "guidance"]
"""What failing a rule means: the plan's own four properties."""


class Quantity(TypedDict):
    """A number with its unit, as canonical decimal text (exact; never rounded for display)."""
    unit: Optional[str]
    """The unit's name as reports write it (`万元/亩`, `%`); `null` for a membership rule's
    industries."""
    value: str
    """The value as text: canonical decimal text (`"400"`, `"0.0015"`), or for a membership
    rule the industry's name or the set's names joined by 、."""


class Reading(TypedDict):
    """How the rulebook reads words of the plan that leave a choice, as `shenfu rules --readings
    --format json` and `GET /v1/readings` list it."""
    alternative: Optional[Text]
    """The other reading, if the words admit one."""
    applied: bool
    """Whether this rulebook evaluates under the alternative."""
    basis: Basis
    """What the reading rests on."""
    chosen: Text
    """The reading chosen, in both languages."""
    computable: bool
    """Whether the alternative can be evaluated (`--reading ID=alternative`)."""
    id: str
    """The reading's id, e.g. `wording.chao`."""
    used_by: List[str]
    """The rules and targets that rest on it."""
    words: str
    """The plan's words the reading is about, e.g. 超."""


class Receipt(TypedDict):
    """Proof that a decision is in the log, as of a signed checkpoint: the row's seal, its leaf in
    the log's RFC 9162 Merkle tree (leaf = SHA-256(0x00 ‖ the row hash's 32 bytes), row hash =
    SHA-256 of the seal's canonical JSON), the inclusion proof and the signed checkpoint."""
    checkpoint: str
    """The C2SP signed checkpoint the proof leads to, as the signed note's text: origin, tree
    size, base64 root, a blank line, then `— NAME BASE64(KEY_ID ‖ Ed25519 SIGNATURE)`."""
    entry: Seal
    """Everything the row's leaf hash covers."""
    format: str
    """Always `shenfu-receipt/1`, this engine's format: a reader refuses any other."""
    inclusion_proof: List[str]
    """The RFC 9162 audit path from the leaf to the signed root, leaf side first, each hash in
    base64."""
    leaf_index: int
    """The row's place in the Merkle tree, from 0 (the log's `seq` − 1)."""


class ReceiptCheck(TypedDict):
    """One thing a verification checked."""
    code: str
    """`format`, `signature`, `checkpoint`, `leaf_index`, `inclusion`, `answer`, `report`,
    `input`, `rulebook`, `recomputed`."""
    message: Text
    """What was checked and found, in both languages."""
    ok: bool
    """Whether the check passed."""


class ReceiptVerification(TypedDict):
    """What a receipt's offline verification found (`shenfu receipt verify --format json`,
    `verify_receipt` in Python, `verifyReceipt` in JS)."""
    checks: List[ReceiptCheck]
    """Each check made, in order; a check an earlier failure makes impossible is left out."""
    decision_id: str
    """The sealed decision's id, as the row holds it."""
    eligible: Optional[bool]
    """The sealed `eligible`: `null` when no admission condition applied."""
    leaf_index: int
    """The sealed row's place in the tree, as the receipt gives it."""
    origin: Optional[str]
    """The signed checkpoint's origin and size, when it could be read."""
    tree_size: Optional[int]
    """The signed checkpoint's tree size (how many rows it covers), when it could be read."""
    verified: bool
    """Every check passed."""


class Report(TypedDict):
    """The assessment of one project; its canonical JSON is byte for byte what every surface
    writes and `shenfu verify` checks."""
    alternative_readings: List[str]
    """The readings evaluated under their alternative (`--reading ID=alternative`); empty
    under the rulebook's chosen readings."""
    assumptions: List[Assumption]
    """What the assessment took for given because the application did not say it."""
    eligible: Optional[bool]
    """Every admission condition in force passes (`true`), one fails (`false`), or none
    applies (`null`, `verdict` not_subject)."""
    engine: Engine
    """The engine that decided."""
    input_sha256: str
    """The SHA-256 (hex) of the application's canonical JSON (the contract's field order, the
    English industry key, each amount as `{"value": canonical decimal text, "unit": 元/亩 …}`,
    absent fields left out), so a stored report names exactly what it judged."""
    outcomes: List[Outcome]
    """Each rule of scope `project`, in the rulebook's order."""
    rulebook: RulebookRef
    """The rulebook that decided: id, version and SHA-256."""
    subject: Subject
    """Who the report is about."""
    verdict: Verdict
    """The three-valued verdict: `eligible`, `not_eligible` or `not_subject`."""
    year: Optional[int]
    """The evaluation year given by the caller, if any."""


class Requirement(TypedDict):
    """What a target requires in the anchor year, as a conflict's listing shows it."""
    comparator: str
    """How the indicator's value must stand to `value` (`>`, `>=`, `<=`, `<`)."""
    value: str
    """In the indicator's unit, rounded to four places."""


RuleKind = Literal["per_area", "share", "membership", "level", "annual_growth", "multiple", "annual_reduction"]
"""What a rule checks (`per_area`, `share`, `membership`) or, for a zone target, its goal."""


class _RuleSummaryRequired(TypedDict):
    citation: Citation
    comparator: Optional[str]
    """`>`, `>=`, `<`, `<=`, `about` (左右, within `tolerance`) or `in` (membership)."""
    id: str
    in_force: List[int]
    """The first and last year it is in force (for a target, the years progress can be
    evaluated in)."""
    kind: RuleKind
    label: Text
    """What is measured (for a target, the indicator's name)."""
    note: Optional[Text]
    property: Property
    readings: List[str]
    """The ids of the readings of the plan's words it rests on."""
    scope: Scope
    threshold: Optional[Quantity]
    """The threshold; for a membership rule, the set joined with 、 and no unit."""
    wording: Optional[str]
    """The plan's own word for the comparison (超, 不低于, 达到, …)."""
    year: Optional[int]
    """The year it is stated for; null for a rule in force in every year."""


class RuleSummary(_RuleSummaryRequired, total=False):
    """A rule or a zone target as `shenfu rules --format json` lists it (`GET /v1/rules`,
    `GET /v1/rules/{id}`). `aspiration`, `indicator`, `since`, `source` and `tolerance` are a
    target's only: a rule has none of them."""
    aspiration: bool
    """Stated as something to strive for (力争, 争取, 努力)."""
    indicator: str
    """A target's indicator id."""
    since: int
    """The year a target's growth is measured from."""
    source: TargetSource
    tolerance: Optional[str]
    """The band of 左右 (`about`); null otherwise."""


class RulebookRef(TypedDict):
    """The rulebook that decided, as a report's `rulebook` names it: enough to find the very rules
    again."""
    id: str
    """The rulebook's id, e.g. `shenfu-14th-fyp`."""
    sha256: str
    """The SHA-256 (hex) of the rulebook's TOML text: which rules, byte for byte."""
    version: str
    """The rulebook's own version, e.g. `2026.12.1`."""


Scope = Literal["project", "zone"]
"""Who a rule speaks about."""


class Seal(TypedDict):
    """What a row's hash covers, in this order (its canonical JSON is hashed). A receipt carries it
    whole, so whoever holds one recomputes the row's hash, and from it the Merkle leaf, without
    the log."""
    decision_id: str
    """The row's `decision_id` (a UUIDv7)."""
    eligible: Optional[bool]
    """The row's `eligible`: `null` when no admission condition applied (`verdict`
    not_subject)."""
    engine_version: str
    """The row's `engine_version`."""
    idempotency_key: Optional[str]
    """The row's `idempotency_key`."""
    input_sha256: str
    """The row's `input_sha256`: the input is covered through its hash."""
    prev_hash: str
    """The row's `prev_hash`: what links it into the chain."""
    received_at: str
    """The row's `received_at` (RFC 3339, UTC, microseconds)."""
    report_sha256: str
    """The SHA-256 (hex) of the row's `report`: the report is covered through its hash."""
    requester: str
    """The row's `requester`."""
    rulebook_id: str
    """The row's `rulebook_id`."""
    rulebook_sha256: str
    """The row's `rulebook_sha256`."""
    rulebook_version: str
    """The row's `rulebook_version`."""
    seq: int
    """The row's `seq`."""
    subject_id: Optional[str]
    """The row's `subject_id`."""
    year: Optional[int]
    """The row's `year`."""


Status = Literal["pass", "fail", "not_applicable", "missing_input"]
"""The result of one rule for one subject."""


class Subject(TypedDict):
    """Who a report is about: the application's own `id` and `name`, as given."""
    id: Optional[str]
    """The application's `id`; `null` when it gave none."""
    name: Optional[str]
    """The application's `name`; `null` when it gave none."""


SubjectId = Union[str, int]
"""A subject's id: text or a whole number."""


class TargetProgress(TypedDict):
    """One target's progress."""
    alternative_status: Optional[ProgressStatus]
    """The status under the alternatives of those readings; `null` when it would be the same
    (or no alternative can be evaluated)."""
    aspiration: bool
    """Stated as something to strive for (力争, 争取, 努力)."""
    citation: Citation
    """Where in the plan the target stands."""
    comparator: str
    """The target's own comparator (`>`, `>=`, `<=`, `<`), or `about` for 左右."""
    gap: Optional[str]
    """Observed minus on-track (or minus required, for a target whose year has come)."""
    goal: Goal
    """What kind of goal it states (`level`, `annual_growth`, `multiple`, `annual_reduction`)."""
    in_band: Optional[bool]
    """For 左右: whether the observation lies inside the band."""
    interpolation: Optional[Interpolation]
    """How the on-track path was drawn (`geometric`, `linear`, `goal`); `null` when none was
    needed."""
    message: Text
    """The judgement in a sentence, in both languages."""
    observed: Optional[YearValue]
    """The observation judged."""
    on_track: Optional[str]
    """The on-track value for the observation's year (targets still ahead)."""
    path_from: Optional[YearValue]
    """Where the path to this target starts."""
    property: Property
    """What missing it means (`binding` for 约束性, `expected` for 预期性, `guidance` for 指导性)."""
    readings: List[str]
    """The readings of the plan's words the judgement rests on."""
    required: Optional[str]
    """What the target requires of the indicator in its year, in the indicator's unit."""
    required_annual_change: Optional[str]
    """For shares, rates and accumulations not yet met: the change in points per year still
    needed."""
    required_annual_growth: Optional[str]
    """For amounts, counts and per-capita levels not yet met: the average annual growth in
    percent still needed from the observation to the target."""
    since: int
    """The base year of growth, multiple and reduction goals."""
    source: TargetSource
    """Whether it is a cell of the appendix table (`table`) or a sentence of the prose (`prose`)."""
    status: ProgressStatus
    """Where the target stands."""
    target_id: str
    """The target's id, e.g. `indicator.gdp.2025`."""
    threshold: ThresholdText
    """The number as the plan states it, with its unit."""
    tolerance: Optional[str]
    """For 左右: the half-width of the band, in the threshold's unit."""
    violation: bool
    """A missed 约束性 target."""
    wording: str
    """The plan's word it is read from (达到, 超, 左右 …; `表列目标值` for a bare table value)."""
    year: int
    """The anchor year the target is set for."""


TargetSource = Literal["table", "prose"]
"""Where a target comes from: a cell of the appendix table or a sentence of the prose."""


class Text(TypedDict):
    """Text in both languages of the reports."""
    en: str
    """The English half."""
    zh: str
    """The Chinese half (zh-CN)."""


class ThresholdText(TypedDict):
    """A target's number as the plan states it, with its unit."""
    unit: str
    """Its unit: the indicator's for levels (亿元), `%` for growth and reductions, `倍` for
    multiples."""
    value: str
    """The number as canonical decimal text: `30` for 30%, `4` for 翻两番, `135` for 135 亿元."""


Verdict = Literal["eligible", "not_eligible", "not_subject"]
"""What the admission conditions say about one project: three values, because a project they
do not cover (declared not introduced, or judged in a year none is in force) was not tested
and is neither eligible nor ineligible — counting it as eligible would count projects never
assessed."""


class YearValue(TypedDict):
    """A value in a year."""
    value: str
    """The value as canonical decimal text, in the indicator's unit."""
    year: int
    """The year, e.g. 2022."""
