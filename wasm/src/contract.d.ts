// Generated from the contract's JSON Schemas (schemas/) by server/tests/contract_types.rs; do not edit.
// Regenerate: SHENFU_BLESS=1 cargo test -p shenfu-rules-server --test schemas --test contract_types

/** An area: `{"value": "60", "unit": "亩"}`, or a bare decimal meaning 亩. Greater than zero. */
export type Area = AreaAmount | Decimal;

export interface AreaAmount {
  unit: AreaUnit;
  value: Decimal;
}

/** A unit of area; every conversion into 亩 is exact. */
export type AreaUnit = "亩" | "平方米" | "公顷" | "mu" | "m2" | "m²" | "ha";

/** Something taken for given because the application did not say it, and what it changed. */
export interface Assumption {
  /** The input field that was not given. */
  field: string;
  /** The assumption in a sentence, in both languages. */
  message: Text;
  /** The value assumed for it. */
  value: boolean;
}

/** Where an indicator's paths start in 2020 (the base year), and from what. */
export interface Baseline {
  /**
   * The input's own 2020 value when it differs from the plan's, which every path and growth
   * target of the indicator measures from instead: set aside, and said so in every view.
   */
  observed_set_aside: string | null;
  /**
   * `plan` (the table's 2020 column), `observed` (the input's 2020 value) or `definition`
   * (an accumulation is 0 in 2020).
   */
  source: string;
  /** The 2020 value as canonical decimal text, in the indicator's unit. */
  value: string;
}

/** What a reading rests on. */
export type Basis = "civil_code_art_1259" | "analogy" | "drafting_assumption";

/** The canonical error, byte for byte what every surface writes. */
export interface CanonicalError {
  /** What went wrong, where. */
  error: ErrorBody;
}

/**
 * The appendix's five categories (类别), in table order. Prose-only indicators are placed in
 * the category their subject belongs to.
 */
export type Category = "overall_strength" | "innovation" | "opening_up" | "modern_industry" | "livable_zone";

/** Where a rule comes from: the plan's section and the verbatim quote. */
export interface Citation {
  /**
   * The plan's words, verbatim: a test checks every quote against the plan's text
   * (`fixtures/plan/`).
   */
  quote: string;
  /**
   * The plan's section it stands in, as its headings number it, e.g.
   * `一、发展基础 · 2. 科技创新体系初步建立`.
   */
  section: string;
}

/** One change to the application that alone would make the outcome pass. */
export interface Condition {
  /** The comparator the changed field must satisfy (`>`, `>=`, `<=`, `<`). */
  comparator: string;
  /** The input field to change (`fixed_asset_investment`, `annual_tax`, `land_area`). */
  field: string;
  /** In the unit the application used for the field. */
  value: Quantity;
}

/** A conflict as `shenfu rules --conflicts` lists it. */
export interface Conflict {
  /** The readings whose alternative alone would make the two agree. */
  dissolved_by: string[];
  /** Why the two differ, and what would reconcile them, in both languages. */
  explanation: Text;
  /** One target's id (for `cross_indicator`: the whole's). */
  first: string;
  /** What `first` requires, where the plan allows computing it; `null` otherwise. */
  first_requires: null | Requirement;
  /** The indicator's id, e.g. `rd_intensity`. */
  indicator: string;
  /**
   * How the two differ: `substantive`, `boundary`, `floor_met`, `undetermined` or
   * `cross_indicator`.
   */
  kind: ConflictKind;
  /**
   * For `cross_indicator`: every target summed (`second_requires` is their sum); `[]` for a
   * pair.
   */
  parts: string[];
  /** The other target's id (for `cross_indicator`: the first part's). */
  second: string;
  /** What `second` requires, where the plan allows computing it; `null` otherwise. */
  second_requires: null | Requirement;
  /** The id of the stricter target, where there is one and it is not an aspiration (力争 …). */
  stricter: string | null;
  /** The indicator's unit, e.g. `%`: what `first_requires` and `second_requires` are in. */
  unit: string;
  /** The anchor year both targets are for. */
  year: number;
}

/** How two targets differ. */
export type ConflictKind = "substantive" | "boundary" | "floor_met" | "undetermined" | "cross_indicator";

/** A decimal: text matching the pattern (what clients should send) or a JSON number, read from its own digits, never through a binary float. */
export type Decimal = string | number;

/** Which way is better. */
export type Direction = "higher" | "lower";

/** The engine that decided, as a report's `engine` names it. */
export interface Engine {
  /** Always `shenfu-rules`, the engine's name. */
  name: string;
  /** The crate version that decided, e.g. `0.1.0`. */
  version: string;
}

/** The body of the canonical error. */
export interface ErrorBody {
  /** The stable snake_case code, the same on every surface, e.g. `missing_field`. */
  code: string;
  /** The column (from 1, in characters); `null` when not found in a text. */
  column: number | null;
  /**
   * The dotted path of the offending field, e.g. `land_area.value`; `null` when the error
   * concerns no one field.
   */
  field: string | null;
  /** The line (from 1) of the text it was found in; `null` when not found in a text. */
  line: number | null;
  /** What went wrong, in both languages. */
  message: Text;
}

/** What kind of goal a target states. */
export type Goal = "level" | "annual_growth" | "multiple" | "annual_reduction";

/** One indicator with its targets. */
export interface IndicatorProgress {
  /** Where its paths start in 2020; `null` when neither the plan nor the input gives a value. */
  baseline: null | Baseline;
  /** Its category in the appendix, e.g. `overall_strength`. */
  category: Category;
  /** Which way is better (`higher`, `lower`). */
  direction: Direction;
  /** The indicator's id, e.g. `gdp`. */
  id: string;
  /**
   * What kind of quantity it is (`amount`, `count`, `per_capita`, `share`, `rate`,
   * `cumulative`).
   */
  measure: Measure;
  /** Its name in both languages. */
  name: Text;
  /** Its row in the appendix table (1–34); `null` for a prose-only indicator. */
  number: number | null;
  /** The input's observations of the indicator, by year. */
  observations: YearValue[];
  /** Its targets, in the rulebook's order. */
  targets: TargetProgress[];
  /** Its unit as the plan writes it (亿元, %, 万人 …): every value of this entry is in it. */
  unit: string;
}

/** The six leading industries (names or keys), or 其他/other. */
export type Industry = "数字经济" | "信息技术应用及装备" | "智能制造" | "生命健康" | "新材料和氢能" | "新材料和氢能产业" | "现代服务业" | "其他" | "digital_economy" | "it_application_equipment" | "intelligent_manufacturing" | "life_health" | "new_materials_hydrogen" | "modern_services" | "other";

/** How the on-track value between two anchors is drawn. */
export type Interpolation = "geometric" | "linear" | "goal";

/**
 * What kind of quantity an indicator is. It decides how the on-track path between two anchor
 * years is drawn and which values are admissible.
 */
export type Measure = "amount" | "count" | "per_capita" | "share" | "rate" | "cumulative";

/** Money: `{"value": "24000", "unit": "万元"}`, or a bare decimal meaning 元. */
export type Money = MoneyAmount | Decimal;

export interface MoneyAmount {
  unit: MoneyUnit;
  value: Decimal;
}

/**
 * A unit of money. 元 and 美元 never mix: no exchange rate is applied anywhere. Also accepted
 * for the same units: `CNY` and `cny` for 元, `USD` for 美元.
 */
export type MoneyUnit = "元" | "万元" | "亿元" | "美元" | "万美元" | "亿美元" | "yuan" | "wan_yuan" | "yi_yuan" | "usd" | "wan_usd" | "yi_usd" | "CNY" | "cny" | "USD";

/** One observation of a zone indicator (`GET /v1/rules` lists each indicator's targets and units). */
export interface Observation {
  indicator: string;
  /**
   * The value's unit; without it, the indicator's own unit. `null` is refused
   * (`missing_field`): a unit is never guessed.
   */
  unit?: string;
  value: Decimal;
  year: number;
}

/** One rule's verdict, explained. */
export interface Outcome {
  /**
   * The status under the alternatives of those readings; `null` when it would be the same
   * (or no alternative can be evaluated).
   */
  alternative_status: null | Status;
  /** Where the rule comes from in the plan. */
  citation: Citation;
  /**
   * The comparator the decision used (`>`, `>=`, `<=`, `<`), read from the plan's wording;
   * `in` / `not_in` for a membership rule.
   */
  comparator: string | null;
  /**
   * How `observed` was computed from the application, in its own units, e.g.
   * `亩均投入 = 固定资产投资 ÷ 用地面积 = 24000 万元 ÷ 60 亩 = 400 万元/亩`; `null` when
   * nothing was computed.
   */
  derivation: string | null;
  /** observed − threshold, in the threshold's unit. */
  margin: null | Quantity;
  /** The outcome in a sentence, in both languages. */
  message: Text;
  /**
   * The measured value, e.g. 亩均投入 `400 万元/亩`; `null` when it could not be measured (a
   * missing input, a zero denominator).
   */
  observed: null | Quantity;
  /** What failing the rule means (`admission`, `binding` …), as the rulebook says. */
  property: Property;
  /**
   * The ids of the readings of the plan's words the outcome rests on (`shenfu rules
   * --readings` and `GET /v1/rules` list them).
   */
  readings: string[];
  /** The rule's id, e.g. `admission.investment_per_mu`. */
  rule_id: string;
  /** What the rule found. */
  status: Status;
  /**
   * The rule's threshold in force in the evaluation year, in its own unit; for a membership
   * rule, the set of industries.
   */
  threshold: null | Quantity;
  /**
   * For a failing per-area outcome: each change that alone would make it pass, in the
   * application's units; `null` otherwise.
   */
  to_pass: Condition[] | null;
  /**
   * The plan's word the comparator is read from (超, 以上, 不低于 …); `null` for a membership
   * rule.
   */
  wording: string | null;
}

/** The zone's progress in an evaluation year: every target's status, and the counts. */
export interface ProgressReport {
  /** The readings evaluated under their alternative; empty under the chosen readings. */
  alternative_readings: string[];
  /** The engine that judged. */
  engine: Engine;
  /** Every indicator with its targets, in the rulebook's order. */
  indicators: IndicatorProgress[];
  /**
   * The SHA-256 (hex) of the observations' canonical JSON (`[{"indicator", "year", "value",
   * "unit"}]` in rulebook order, then by year, each value as canonical decimal text in the
   * indicator's unit), so a stored report names exactly what it measured.
   */
  input_sha256: string;
  /** The rulebook that judged: id, version and SHA-256. */
  rulebook: RulebookRef;
  /** How many targets stand where. */
  summary: ProgressSummary;
  /** The evaluation year. */
  year: number;
}

/** Where a target stands. */
export type ProgressStatus = "met" | "met_so_far" | "on_track" | "behind" | "off_track" | "missed" | "no_data";

/** How many targets stand where: the progress report's `summary`. */
export interface ProgressSummary {
  /** Targets `behind`. */
  behind: number;
  /** Targets `met`. */
  met: number;
  /** Targets `met_so_far`. */
  met_so_far: number;
  /** Targets `missed`. */
  missed: number;
  /** Targets `no_data`. */
  no_data: number;
  /** Targets `off_track`. */
  off_track: number;
  /** Targets `on_track`. */
  on_track: number;
  /** Every target judged. */
  targets: number;
  /** Missed 约束性 targets (each also counted as `missed`). */
  violations: number;
}

/**
 * A project application: the contract's fields; an unknown or repeated field is refused. What
 * JSON Schema cannot say, the engine checks and names: a zero area, amounts beyond 28
 * significant digits, 美元 where 元 is compared.
 */
export interface Project {
  annual_tax: Money;
  fixed_asset_investment: Money;
  id?: null | SubjectId;
  industry: Industry;
  /**
   * An introduced project (引进项目), the projects the plan's admission conditions are set
   * for. `false`: they do not apply. Absent: assumed, and the report says so in `assumptions`.
   */
  introduced?: boolean | null;
  land_area: Area;
  name?: string | null;
  rd_expenditure?: null | Money;
  revenue?: null | Money;
}

/** What failing a rule means: the plan's own four properties. */
export type Property = "admission" | "binding" | "expected" | "guidance";

/** A number with its unit, as canonical decimal text (exact; never rounded for display). */
export interface Quantity {
  /**
   * The unit's name as reports write it (`万元/亩`, `%`); `null` for a membership rule's
   * industries.
   */
  unit: string | null;
  /**
   * The value as text: canonical decimal text (`"400"`, `"0.0015"`), or for a membership
   * rule the industry's name or the set's names joined by 、.
   */
  value: string;
}

/**
 * How the rulebook reads words of the plan that leave a choice, as `shenfu rules --readings
 * --format json` and `GET /v1/readings` list it.
 */
export interface Reading {
  /** The other reading, if the words admit one. */
  alternative: null | Text;
  /** Whether this rulebook evaluates under the alternative. */
  applied: boolean;
  /** What the reading rests on. */
  basis: Basis;
  /** The reading chosen, in both languages. */
  chosen: Text;
  /** Whether the alternative can be evaluated (`--reading ID=alternative`). */
  computable: boolean;
  /** The reading's id, e.g. `wording.chao`. */
  id: string;
  /** The rules and targets that rest on it. */
  used_by: string[];
  /** The plan's words the reading is about, e.g. 超. */
  words: string;
}

/**
 * Proof that a decision is in the log, as of a signed checkpoint: the row's seal, its leaf in
 * the log's RFC 9162 Merkle tree (leaf = SHA-256(0x00 ‖ the row hash's 32 bytes), row hash =
 * SHA-256 of the seal's canonical JSON), the inclusion proof and the signed checkpoint.
 */
export interface Receipt {
  /**
   * The C2SP signed checkpoint the proof leads to, as the signed note's text: origin, tree
   * size, base64 root, a blank line, then `— NAME BASE64(KEY_ID ‖ Ed25519 SIGNATURE)`.
   */
  checkpoint: string;
  /** Everything the row's leaf hash covers. */
  entry: Seal;
  /** Always `shenfu-receipt/1`, this engine's format: a reader refuses any other. */
  format: string;
  /**
   * The RFC 9162 audit path from the leaf to the signed root, leaf side first, each hash in
   * base64.
   */
  inclusion_proof: string[];
  /** The row's place in the Merkle tree, from 0 (the log's `seq` − 1). */
  leaf_index: number;
}

/** One thing a verification checked. */
export interface ReceiptCheck {
  /**
   * `format`, `signature`, `checkpoint`, `leaf_index`, `inclusion`, `answer`, `report`,
   * `input`, `rulebook`, `recomputed`.
   */
  code: string;
  /** What was checked and found, in both languages. */
  message: Text;
  /** Whether the check passed. */
  ok: boolean;
}

/**
 * What a receipt's offline verification found (`shenfu receipt verify --format json`,
 * `verify_receipt` in Python, `verifyReceipt` in JS).
 */
export interface ReceiptVerification {
  /** Each check made, in order; a check an earlier failure makes impossible is left out. */
  checks: ReceiptCheck[];
  /** The sealed decision's id, as the row holds it. */
  decision_id: string;
  /** The sealed `eligible`: `null` when no admission condition applied. */
  eligible: boolean | null;
  /** The sealed row's place in the tree, as the receipt gives it. */
  leaf_index: number;
  /** The signed checkpoint's origin and size, when it could be read. */
  origin: string | null;
  /** The signed checkpoint's tree size (how many rows it covers), when it could be read. */
  tree_size: number | null;
  /** Every check passed. */
  verified: boolean;
}

/**
 * The assessment of one project; its canonical JSON is byte for byte what every surface
 * writes and `shenfu verify` checks.
 */
export interface Report {
  /**
   * The readings evaluated under their alternative (`--reading ID=alternative`); empty
   * under the rulebook's chosen readings.
   */
  alternative_readings: string[];
  /** What the assessment took for given because the application did not say it. */
  assumptions: Assumption[];
  /**
   * Every admission condition in force passes (`true`), one fails (`false`), or none
   * applies (`null`, `verdict` not_subject).
   */
  eligible: boolean | null;
  /** The engine that decided. */
  engine: Engine;
  /**
   * The SHA-256 (hex) of the application's canonical JSON (the contract's field order, the
   * English industry key, each amount as `{"value": canonical decimal text, "unit": 元/亩 …}`,
   * absent fields left out), so a stored report names exactly what it judged.
   */
  input_sha256: string;
  /** Each rule of scope `project`, in the rulebook's order. */
  outcomes: Outcome[];
  /** The rulebook that decided: id, version and SHA-256. */
  rulebook: RulebookRef;
  /** Who the report is about. */
  subject: Subject;
  /** The three-valued verdict: `eligible`, `not_eligible` or `not_subject`. */
  verdict: Verdict;
  /** The evaluation year given by the caller, if any. */
  year: number | null;
}

/** What a target requires in the anchor year, as a conflict's listing shows it. */
export interface Requirement {
  /** How the indicator's value must stand to `value` (`>`, `>=`, `<=`, `<`). */
  comparator: string;
  /** In the indicator's unit, rounded to four places. */
  value: string;
}

/** What a rule checks (`per_area`, `share`, `membership`) or, for a zone target, its goal. */
export type RuleKind = "per_area" | "share" | "membership" | "level" | "annual_growth" | "multiple" | "annual_reduction";

/**
 * A rule or a zone target as `shenfu rules --format json` lists it (`GET /v1/rules`,
 * `GET /v1/rules/{id}`). `aspiration`, `indicator`, `since`, `source` and `tolerance` are a
 * target's only: a rule has none of them.
 */
export interface RuleSummary {
  /** Stated as something to strive for (力争, 争取, 努力). */
  aspiration?: boolean;
  citation: Citation;
  /** `>`, `>=`, `<`, `<=`, `about` (左右, within `tolerance`) or `in` (membership). */
  comparator: string | null;
  id: string;
  /**
   * The first and last year it is in force (for a target, the years progress can be
   * evaluated in).
   */
  in_force: [number, number];
  /** A target's indicator id. */
  indicator?: string;
  kind: RuleKind;
  /** What is measured (for a target, the indicator's name). */
  label: Text;
  note: null | Text;
  property: Property;
  /** The ids of the readings of the plan's words it rests on. */
  readings: string[];
  scope: Scope;
  /** The year a target's growth is measured from. */
  since?: number;
  source?: TargetSource;
  /** The threshold; for a membership rule, the set joined with 、 and no unit. */
  threshold: null | Quantity;
  /** The band of 左右 (`about`); null otherwise. */
  tolerance?: string | null;
  /** The plan's own word for the comparison (超, 不低于, 达到, …). */
  wording: string | null;
  /** The year it is stated for; null for a rule in force in every year. */
  year: number | null;
}

/**
 * The rulebook that decided, as a report's `rulebook` names it: enough to find the very rules
 * again.
 */
export interface RulebookRef {
  /** The rulebook's id, e.g. `shenfu-14th-fyp`. */
  id: string;
  /** The SHA-256 (hex) of the rulebook's TOML text: which rules, byte for byte. */
  sha256: string;
  /** The rulebook's own version, e.g. `2026.12.1`. */
  version: string;
}

/** Who a rule speaks about. */
export type Scope = "project" | "zone";

/**
 * What a row's hash covers, in this order (its canonical JSON is hashed). A receipt carries it
 * whole, so whoever holds one recomputes the row's hash, and from it the Merkle leaf, without
 * the log.
 */
export interface Seal {
  /** The row's `decision_id` (a UUIDv7). */
  decision_id: string;
  /**
   * The row's `eligible`: `null` when no admission condition applied (`verdict`
   * not_subject).
   */
  eligible: boolean | null;
  /** The row's `engine_version`. */
  engine_version: string;
  /** The row's `idempotency_key`. */
  idempotency_key: string | null;
  /** The row's `input_sha256`: the input is covered through its hash. */
  input_sha256: string;
  /** The row's `prev_hash`: what links it into the chain. */
  prev_hash: string;
  /** The row's `received_at` (RFC 3339, UTC, microseconds). */
  received_at: string;
  /** The SHA-256 (hex) of the row's `report`: the report is covered through its hash. */
  report_sha256: string;
  /** The row's `requester`. */
  requester: string;
  /** The row's `rulebook_id`. */
  rulebook_id: string;
  /** The row's `rulebook_sha256`. */
  rulebook_sha256: string;
  /** The row's `rulebook_version`. */
  rulebook_version: string;
  /** The row's `seq`. */
  seq: number;
  /** The row's `subject_id`. */
  subject_id: string | null;
  /** The row's `year`. */
  year: number | null;
}

/** The result of one rule for one subject. */
export type Status = "pass" | "fail" | "not_applicable" | "missing_input";

/** Who a report is about: the application's own `id` and `name`, as given. */
export interface Subject {
  /** The application's `id`; `null` when it gave none. */
  id: string | null;
  /** The application's `name`; `null` when it gave none. */
  name: string | null;
}

/** A subject's id: text or a whole number. */
export type SubjectId = string | number;

/** One target's progress. */
export interface TargetProgress {
  /**
   * The status under the alternatives of those readings; `null` when it would be the same
   * (or no alternative can be evaluated).
   */
  alternative_status: null | ProgressStatus;
  /** Stated as something to strive for (力争, 争取, 努力). */
  aspiration: boolean;
  /** Where in the plan the target stands. */
  citation: Citation;
  /** The target's own comparator (`>`, `>=`, `<=`, `<`), or `about` for 左右. */
  comparator: string;
  /** Observed minus on-track (or minus required, for a target whose year has come). */
  gap: string | null;
  /** What kind of goal it states (`level`, `annual_growth`, `multiple`, `annual_reduction`). */
  goal: Goal;
  /** For 左右: whether the observation lies inside the band. */
  in_band: boolean | null;
  /**
   * How the on-track path was drawn (`geometric`, `linear`, `goal`); `null` when none was
   * needed.
   */
  interpolation: null | Interpolation;
  /** The judgement in a sentence, in both languages. */
  message: Text;
  /** The observation judged. */
  observed: null | YearValue;
  /** The on-track value for the observation's year (targets still ahead). */
  on_track: string | null;
  /** Where the path to this target starts. */
  path_from: null | YearValue;
  /** What missing it means (`binding` for 约束性, `expected` for 预期性, `guidance` for 指导性). */
  property: Property;
  /** The readings of the plan's words the judgement rests on. */
  readings: string[];
  /** What the target requires of the indicator in its year, in the indicator's unit. */
  required: string | null;
  /**
   * For shares, rates and accumulations not yet met: the change in points per year still
   * needed.
   */
  required_annual_change: string | null;
  /**
   * For amounts, counts and per-capita levels not yet met: the average annual growth in
   * percent still needed from the observation to the target.
   */
  required_annual_growth: string | null;
  /** The base year of growth, multiple and reduction goals. */
  since: number;
  /** Whether it is a cell of the appendix table (`table`) or a sentence of the prose (`prose`). */
  source: TargetSource;
  /** Where the target stands. */
  status: ProgressStatus;
  /** The target's id, e.g. `indicator.gdp.2025`. */
  target_id: string;
  /** The number as the plan states it, with its unit. */
  threshold: ThresholdText;
  /** For 左右: the half-width of the band, in the threshold's unit. */
  tolerance: string | null;
  /** A missed 约束性 target. */
  violation: boolean;
  /** The plan's word it is read from (达到, 超, 左右 …; `表列目标值` for a bare table value). */
  wording: string;
  /** The anchor year the target is set for. */
  year: number;
}

/** Where a target comes from: a cell of the appendix table or a sentence of the prose. */
export type TargetSource = "table" | "prose";

/** Text in both languages of the reports. */
export interface Text {
  /** The English half. */
  en: string;
  /** The Chinese half (zh-CN). */
  zh: string;
}

/** A target's number as the plan states it, with its unit. */
export interface ThresholdText {
  /**
   * Its unit: the indicator's for levels (亿元), `%` for growth and reductions, `倍` for
   * multiples.
   */
  unit: string;
  /** The number as canonical decimal text: `30` for 30%, `4` for 翻两番, `135` for 135 亿元. */
  value: string;
}

/**
 * What the admission conditions say about one project: three values, because a project they
 * do not cover (declared not introduced, or judged in a year none is in force) was not tested
 * and is neither eligible nor ineligible — counting it as eligible would count projects never
 * assessed.
 */
export type Verdict = "eligible" | "not_eligible" | "not_subject";

/** A value in a year. */
export interface YearValue {
  /** The value as canonical decimal text, in the indicator's unit. */
  value: string;
  /** The year, e.g. 2022. */
  year: number;
}
