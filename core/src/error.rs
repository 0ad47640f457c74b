//! Typed errors. Every error names the field (a dotted path such as `land_area.value`) and the
//! problem, carries a stable snake_case code shared by every surface, and reads in zh-CN and en.

use crate::vocab::Text;
use serde::Serialize;
use std::fmt;

/// What went wrong, without where. `code()` is the contract shared by Rust, the CLI, Python and
/// WASM; the English text is `Display`, the Chinese text is [`ErrorKind::message_zh`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Text that is not a decimal number (`invalid_number`).
    #[error("`{text}` is not a decimal number")]
    InvalidNumber {
        /// The text refused, as written.
        text: String,
    },
    /// `NaN`, `Infinity` or another value that is not a finite number (`non_finite`): never an
    /// amount.
    #[error("`{text}` is not a finite number (NaN and Infinity are never amounts)")]
    NonFinite {
        /// The text refused, as written.
        text: String,
    },
    /// A number no decimal holds exactly: more than 28 significant digits, or a magnitude of 7.9e28
    /// or more, also after converting to the base unit (`out_of_range`).
    #[error(
        "`{text}` is outside the exactly representable range (at most 28 significant digits, magnitude below 7.9e28)"
    )]
    OutOfRange {
        /// The number refused, as written; with its unit when converting it to the base unit
        /// overflowed.
        text: String,
    },
    /// A number outside the bounds of what it counts, e.g. an evaluation year after 2035
    /// (`out_of_range`, the same code as [`Self::OutOfRange`]).
    #[error("{} must lie between {min} and {max}, got {got}", what.en())]
    OutOfBounds {
        /// What must lie within the bounds.
        what: Bounded,
        /// The smallest value allowed, e.g. 2020 for a year.
        min: i64,
        /// The largest value allowed, e.g. 2035 for a year.
        max: i64,
        /// The value refused, as written.
        got: String,
    },
    /// A negative amount or area (`negative_value`).
    #[error("must not be negative, got {value}")]
    NegativeValue {
        /// The value refused, as canonical decimal text.
        value: String,
    },
    /// A land area of zero (`zero_area`): no amount per 亩 can be measured on it.
    #[error("land area must be greater than zero")]
    ZeroArea,
    /// A unit the engine does not read for this quantity (`unknown_unit`).
    #[error("unknown unit `{unit}`; expected one of: {expected}")]
    UnknownUnit {
        /// The unit refused, as written.
        unit: String,
        /// The units accepted, each by name and key, e.g. `亩/mu, 平方米/m2, 公顷/ha`.
        expected: &'static str,
    },
    /// An amount in one currency where another is counted (`currency_mismatch`): no exchange rate
    /// is ever applied.
    #[error("currency {found} cannot be compared with {expected}; no exchange rate is applied")]
    CurrencyMismatch {
        /// The currency given (ISO 4217), e.g. `USD`.
        found: &'static str,
        /// The currency counted there (ISO 4217), e.g. `CNY`.
        expected: &'static str,
    },
    /// A required field absent, or given as `null` or an empty cell (`missing_field`); the error's
    /// `field` names it.
    #[error("required field is missing")]
    MissingField,
    /// A field the contract does not have there (`unknown_field`); the error's `field` names it.
    #[error("unknown field; expected one of: {expected}")]
    UnknownField {
        /// The fields accepted there, e.g. `value, unit`.
        expected: &'static str,
    },
    /// An industry that is neither one of the six leading industries nor 其他 (`unknown_industry`).
    #[error(
        "unknown industry `{value}`; expected one of the six leading industries ({expected}) or `其他`/`other`"
    )]
    UnknownIndustry {
        /// The industry refused, as written.
        value: String,
        /// The six industries, each by its Chinese name and key.
        expected: &'static str,
    },
    /// A value of the wrong type for its field (`invalid_type`).
    #[error("expected {}, found {}", expected.en(), found.en())]
    InvalidType {
        /// What the field should have held.
        expected: Expected,
        /// What it held instead.
        found: Found,
    },
    /// Text that is not the JSON expected (`invalid_json`): not JSON at all, or not the document it
    /// should be.
    #[error("invalid JSON: {detail}")]
    InvalidJson {
        /// What is wrong, in the reader's words.
        detail: String,
    },
    /// A CSV text that cannot be read (`invalid_csv`).
    #[error("invalid CSV: {detail}")]
    InvalidCsv {
        /// What is wrong, in the CSV reader's words.
        detail: String,
    },
    /// An indicator id this rulebook does not have (`unknown_indicator`).
    #[error("unknown indicator `{id}`: not an indicator of this rulebook")]
    UnknownIndicator {
        /// The id refused, as written.
        id: String,
    },
    /// An observation's unit that does not fit its indicator (`unit_mismatch`).
    #[error("unit `{unit}` does not fit this indicator, which is measured in {expected}")]
    UnitMismatch {
        /// The unit refused, as written.
        unit: String,
        /// The indicator's unit, e.g. 亿元.
        expected: String,
    },
    /// A second observation of the same indicator for the same year (`duplicate_observation`).
    #[error("a second observation of `{indicator}` for {year}")]
    DuplicateObservation {
        /// The indicator's id, e.g. `gdp`.
        indicator: String,
        /// The year observed twice.
        year: u16,
    },
    /// A count with a fractional part (`not_integer`).
    #[error("a count must be a whole number, got {value}")]
    NotInteger {
        /// The value refused, as canonical decimal text.
        value: String,
    },
    /// A rule or target id this rulebook does not have (`unknown_rule`).
    #[error("no rule with id `{id}`")]
    UnknownRule {
        /// The id refused, as written.
        id: String,
    },
    /// A reading id this rulebook does not have (`unknown_reading`).
    #[error("no reading with id `{id}`")]
    UnknownReading {
        /// The id refused, as written.
        id: String,
    },
    /// A reading asked for under its alternative when it has none the engine can evaluate
    /// (`no_alternative`).
    #[error("the reading `{id}` has no alternative the engine can evaluate")]
    NoAlternative {
        /// The reading's id, e.g. `admission.investment`.
        id: String,
    },
    /// A rulebook that is not TOML, or not of the rulebook's shape (`rulebook_syntax`).
    #[cfg(feature = "toml")]
    #[error("rulebook syntax: {detail}")]
    RulebookSyntax {
        /// What is wrong, in the TOML reader's words.
        detail: String,
    },
    /// An id two entries of a rulebook share (`rulebook_duplicate_id`).
    #[cfg(feature = "toml")]
    #[error("rule id `{id}` appears more than once")]
    RulebookDuplicateId {
        /// The id given twice.
        id: String,
    },
    /// A comparator that contradicts its wording by Civil Code art. 1259
    /// (`rulebook_comparator_wording`), e.g. 超 with `>=`.
    #[cfg(feature = "toml")]
    #[error(
        "comparator `{comparator}` contradicts the wording `{wording}`, which means `{expected}` (Civil Code art. 1259)"
    )]
    RulebookComparatorWording {
        /// The comparator the rulebook gives, e.g. `>=`.
        comparator: String,
        /// The plan's word it gives, e.g. 超.
        wording: String,
        /// The comparator the word means, e.g. `>`.
        expected: String,
    },
    /// A rulebook whose parts do not fit together (`rulebook_invalid`), e.g. a target of an unknown
    /// indicator or a reading nothing rests on.
    #[cfg(feature = "toml")]
    #[error("rulebook is inconsistent: {detail}")]
    RulebookInvalid {
        /// What does not fit, in a sentence.
        detail: String,
    },
    /// A rule or target whose citation does not hold (`rulebook_citation`): the quote is not the
    /// plan's, or its wording or number is not in the quote.
    #[cfg(feature = "toml")]
    #[error("rule `{id}` needs a citation: {detail}")]
    RulebookCitation {
        /// The rule's or target's id.
        id: String,
        /// What is wrong with the citation, e.g. ``the wording `超` does not occur in the quote``.
        detail: String,
    },
    /// A file that cannot be read (`io`).
    #[cfg(feature = "toml")]
    #[error("cannot read {path}: {detail}")]
    Io {
        /// The file's path, as given.
        path: String,
        /// The operating system's reason.
        detail: String,
    },
    /// A key that appears twice in one JSON object (`duplicate_field`): neither value is taken.
    #[error("the key `{key}` appears more than once in one object; neither value is taken")]
    DuplicateField {
        /// The key given twice.
        key: String,
    },
    /// A table's unit given both by its `<field>_unit` column and by a unit for the whole call
    /// (Python's `units=`): neither is taken, whichever would have won.
    #[error(
        "the unit of `{field}` is given twice, by the column `{field}_unit` and by units={{\"{field}\": …}}; neither is taken — give it once"
    )]
    DuplicateUnit {
        /// The amount field, e.g. `land_area`.
        field: String,
    },
    // What replaying stored decisions under a revised rulebook can meet.
    /// A stored decision without its input (`not_replayable`): replay needs the input itself, not
    /// its hash.
    #[cfg(feature = "replay")]
    #[error(
        "a stored report carries its input's SHA-256, not the input: replay needs the input itself (`shenfu decisions export` writes each decision with its input)"
    )]
    NotReplayable,
    /// An input that does not hash to the stored report's `input_sha256` (`input_mismatch`).
    #[cfg(feature = "replay")]
    #[error(
        "the input does not hash to the report's input_sha256 {stored}: it is not the input this report was made from"
    )]
    InputMismatch {
        /// The report's `input_sha256`.
        stored: String,
    },
    // What a decision service answers: worded here like every other sentence of the product.
    /// A path the service does not serve (`not_found`).
    #[cfg(feature = "service")]
    #[error("no such resource: {path}")]
    NotFound {
        /// The path asked for.
        path: String,
    },
    /// A decision id the log does not hold (`unknown_decision`).
    #[cfg(feature = "service")]
    #[error("no decision with id `{id}` in the log")]
    UnknownDecision {
        /// The id asked for, as given.
        id: String,
    },
    /// An HTTP method the path does not take (`method_not_allowed`).
    #[cfg(feature = "service")]
    #[error("method {method} is not allowed here; allowed: {allowed}")]
    MethodNotAllowed {
        /// The method used, e.g. `DELETE`.
        method: String,
        /// The methods the path takes, as the answer's `Allow` header lists them.
        allowed: String,
    },
    /// A request body over the service's limit (`payload_too_large`).
    #[cfg(feature = "service")]
    #[error("the request body exceeds the limit of {limit} bytes")]
    PayloadTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// A request body not declared as JSON (`unsupported_media_type`).
    #[cfg(feature = "service")]
    #[error("expected a JSON body (Content-Type: application/json), got `{found}`")]
    UnsupportedMediaType {
        /// The `Content-Type` the request gave.
        found: String,
    },
    /// A batch of more projects than the service takes at once (`batch_too_large`).
    #[cfg(feature = "service")]
    #[error("a batch holds at most {max} projects, got {count}")]
    BatchTooLarge {
        /// How many projects the batch held.
        count: usize,
        /// The most a batch may hold.
        max: usize,
    },
    /// The service at capacity (`overloaded`): the request was not taken; retry later.
    #[cfg(feature = "service")]
    #[error("the service is at capacity; retry after {retry_after} s")]
    Overloaded {
        /// Seconds to wait before retrying.
        retry_after: u32,
    },
    /// A request that took longer than the service allows (`timeout`).
    #[cfg(feature = "service")]
    #[error("the request took longer than {seconds} s and was abandoned")]
    Timeout {
        /// The limit, in seconds.
        seconds: u64,
    },
    /// No valid bearer token (`unauthorized`).
    #[cfg(feature = "service")]
    #[error("a valid bearer token is required (Authorization: Bearer …)")]
    Unauthorized,
    /// An `Idempotency-Key` used before for a different request (`idempotency_conflict`).
    #[cfg(feature = "service")]
    #[error("the idempotency key `{key}` was already used for a different request")]
    IdempotencyConflict {
        /// The key, as sent.
        key: String,
    },
    /// The decision log cannot be reached (`unavailable`).
    #[cfg(feature = "service")]
    #[error("the decision log is unavailable: {detail}")]
    Unavailable {
        /// The database's reason.
        detail: String,
    },
    /// A text the service cannot keep or look up (a database's text type refuses NUL, and an
    /// index refuses long values): refused before anything is decided or stored.
    #[cfg(feature = "service")]
    #[error(
        "the text must not contain the NUL character (U+0000) and must be at most {max_bytes} bytes long (UTF-8)"
    )]
    InvalidText {
        /// The longest text kept, in bytes of UTF-8.
        max_bytes: usize,
    },
    /// A valid token whose roles do not allow this request.
    #[cfg(feature = "service")]
    #[error(
        "this token may not do this: it needs the role `{role}` (the token file lists each token's roles)"
    )]
    Forbidden {
        /// The role the request needs, e.g. `audit`.
        role: String,
    },
    /// A failure of the service itself (`internal`): nothing was decided or stored for the request.
    #[cfg(feature = "service")]
    #[error("internal error; nothing was decided or stored for this request")]
    Internal,
}

/// Which family an error belongs to: what a binding chooses its exception class by (Python's
/// `InvalidInputError`, `UnitError`, `RulebookError`, `UnknownRuleError`, `ShenfuIOError`), so that
/// no surface sorts the codes itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorFamily {
    /// A value or shape the contract does not accept.
    Input,
    /// An unknown unit, a currency that cannot be compared, a unit that does not fit.
    Unit,
    /// A rulebook that does not load.
    Rulebook,
    /// No rule or target with that id.
    UnknownRule,
    /// A file that cannot be read.
    Io,
    /// What only a decision service answers (authentication, limits, the log).
    Service,
}

impl ErrorFamily {
    /// Its name: `input`, `unit`, `rulebook`, `unknown_rule`, `io`, `service`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Input => "input",
            Self::Unit => "unit",
            Self::Rulebook => "rulebook",
            Self::UnknownRule => "unknown_rule",
            Self::Io => "io",
            Self::Service => "service",
        }
    }
}

impl ErrorKind {
    /// The family this error belongs to.
    pub fn family(&self) -> ErrorFamily {
        match self {
            Self::UnknownUnit { .. }
            | Self::CurrencyMismatch { .. }
            | Self::UnitMismatch { .. } => ErrorFamily::Unit,
            Self::UnknownRule { .. } => ErrorFamily::UnknownRule,
            #[cfg(feature = "toml")]
            Self::RulebookSyntax { .. }
            | Self::RulebookDuplicateId { .. }
            | Self::RulebookComparatorWording { .. }
            | Self::RulebookInvalid { .. }
            | Self::RulebookCitation { .. } => ErrorFamily::Rulebook,
            #[cfg(feature = "toml")]
            Self::Io { .. } => ErrorFamily::Io,
            #[cfg(feature = "service")]
            Self::NotFound { .. }
            | Self::UnknownDecision { .. }
            | Self::MethodNotAllowed { .. }
            | Self::PayloadTooLarge { .. }
            | Self::UnsupportedMediaType { .. }
            | Self::BatchTooLarge { .. }
            | Self::Overloaded { .. }
            | Self::Timeout { .. }
            | Self::Unauthorized
            | Self::IdempotencyConflict { .. }
            | Self::Unavailable { .. }
            | Self::InvalidText { .. }
            | Self::Forbidden { .. }
            | Self::Internal => ErrorFamily::Service,
            _ => ErrorFamily::Input,
        }
    }

    /// The stable code, identical on every surface.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidNumber { .. } => "invalid_number",
            Self::NonFinite { .. } => "non_finite",
            Self::OutOfRange { .. } | Self::OutOfBounds { .. } => "out_of_range",
            Self::NegativeValue { .. } => "negative_value",
            Self::ZeroArea => "zero_area",
            Self::UnknownUnit { .. } => "unknown_unit",
            Self::CurrencyMismatch { .. } => "currency_mismatch",
            Self::MissingField => "missing_field",
            Self::UnknownField { .. } => "unknown_field",
            Self::UnknownIndustry { .. } => "unknown_industry",
            Self::InvalidType { .. } => "invalid_type",
            Self::InvalidJson { .. } => "invalid_json",
            Self::InvalidCsv { .. } => "invalid_csv",
            Self::UnknownIndicator { .. } => "unknown_indicator",
            Self::UnitMismatch { .. } => "unit_mismatch",
            Self::DuplicateObservation { .. } => "duplicate_observation",
            Self::NotInteger { .. } => "not_integer",
            Self::UnknownRule { .. } => "unknown_rule",
            Self::UnknownReading { .. } => "unknown_reading",
            Self::NoAlternative { .. } => "no_alternative",
            #[cfg(feature = "toml")]
            Self::RulebookSyntax { .. } => "rulebook_syntax",
            #[cfg(feature = "toml")]
            Self::RulebookDuplicateId { .. } => "rulebook_duplicate_id",
            #[cfg(feature = "toml")]
            Self::RulebookComparatorWording { .. } => "rulebook_comparator_wording",
            #[cfg(feature = "toml")]
            Self::RulebookInvalid { .. } => "rulebook_invalid",
            #[cfg(feature = "toml")]
            Self::RulebookCitation { .. } => "rulebook_citation",
            #[cfg(feature = "toml")]
            Self::Io { .. } => "io",
            Self::DuplicateField { .. } => "duplicate_field",
            Self::DuplicateUnit { .. } => "duplicate_unit",
            #[cfg(feature = "service")]
            Self::NotFound { .. } => "not_found",
            #[cfg(feature = "service")]
            Self::UnknownDecision { .. } => "unknown_decision",
            #[cfg(feature = "service")]
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            #[cfg(feature = "service")]
            Self::PayloadTooLarge { .. } => "payload_too_large",
            #[cfg(feature = "service")]
            Self::UnsupportedMediaType { .. } => "unsupported_media_type",
            #[cfg(feature = "service")]
            Self::BatchTooLarge { .. } => "batch_too_large",
            #[cfg(feature = "service")]
            Self::Overloaded { .. } => "overloaded",
            #[cfg(feature = "service")]
            Self::Timeout { .. } => "timeout",
            #[cfg(feature = "service")]
            Self::Unauthorized => "unauthorized",
            #[cfg(feature = "service")]
            Self::IdempotencyConflict { .. } => "idempotency_conflict",
            #[cfg(feature = "service")]
            Self::Unavailable { .. } => "unavailable",
            #[cfg(feature = "service")]
            Self::InvalidText { .. } => "invalid_text",
            #[cfg(feature = "service")]
            Self::Forbidden { .. } => "forbidden",
            #[cfg(feature = "service")]
            Self::Internal => "internal",
            #[cfg(feature = "replay")]
            Self::NotReplayable => "not_replayable",
            #[cfg(feature = "replay")]
            Self::InputMismatch { .. } => "input_mismatch",
        }
    }

    /// The same message in Chinese, for the zh-CN surfaces (the form, the CLI's default table).
    pub fn message_zh(&self) -> String {
        match self {
            Self::InvalidNumber { text } => format!("“{text}”不是十进制数"),
            Self::NonFinite { text } => {
                format!("“{text}”不是有限数（NaN、Infinity 不能作为金额或面积）")
            }
            Self::OutOfRange { text } => {
                format!("“{text}”超出可精确表示的范围（最多 28 位有效数字）")
            }
            Self::OutOfBounds {
                what,
                min,
                max,
                got,
            } => format!("{}应在 {min} 至 {max} 之间，实为 {got}", what.zh()),
            Self::NegativeValue { value } => format!("不得为负数，实为 {value}"),
            Self::ZeroArea => "用地面积必须大于零".to_owned(),
            Self::UnknownUnit { unit, expected } => format!("未知单位“{unit}”，应为：{expected}"),
            Self::CurrencyMismatch { found, expected } => {
                format!("币种 {found} 不能与 {expected} 比较（不做汇率换算）")
            }
            Self::MissingField => "缺少必填字段".to_owned(),
            Self::UnknownField { expected } => format!("未知字段，应为：{expected}"),
            Self::UnknownIndustry { value, .. } => {
                format!("未知产业“{value}”，应为六大主导产业之一或“其他”")
            }
            Self::InvalidType { expected, found } => {
                format!("类型错误：应为{}，实为{}", expected.zh(), found.zh())
            }
            Self::InvalidJson { detail } => format!("JSON 格式错误：{detail}"),
            Self::InvalidCsv { detail } => format!("CSV 格式错误：{detail}"),
            Self::UnknownIndicator { id } => {
                format!("未知指标“{id}”：不是本规则库的指标")
            }
            Self::UnitMismatch { unit, expected } => {
                format!("单位“{unit}”与该指标不符，该指标以 {expected} 计")
            }
            Self::DuplicateObservation { indicator, year } => {
                format!("指标“{indicator}”的 {year} 年观测值重复")
            }
            Self::NotInteger { value } => format!("个数必须为整数，实为 {value}"),
            Self::UnknownRule { id } => format!("没有编号为“{id}”的规则"),
            Self::UnknownReading { id } => format!("没有编号为“{id}”的解读"),
            Self::NoAlternative { id } => format!("解读“{id}”没有引擎可以计算的另一种解读"),
            #[cfg(feature = "toml")]
            Self::RulebookSyntax { detail } => format!("规则库语法错误：{detail}"),
            #[cfg(feature = "toml")]
            Self::RulebookDuplicateId { id } => format!("规则编号“{id}”重复"),
            #[cfg(feature = "toml")]
            Self::RulebookComparatorWording {
                comparator,
                wording,
                expected,
            } => format!(
                "比较符“{comparator}”与措辞“{wording}”不符，按《民法典》第一千二百五十九条应为“{expected}”"
            ),
            #[cfg(feature = "toml")]
            Self::RulebookInvalid { detail } => format!("规则库不一致：{detail}"),
            #[cfg(feature = "toml")]
            Self::RulebookCitation { id, detail } => format!("规则“{id}”的引文有误：{detail}"),
            #[cfg(feature = "toml")]
            Self::Io { path, detail } => format!("无法读取 {path}：{detail}"),
            Self::DuplicateField { key } => {
                format!("字段“{key}”在同一对象中重复出现，两个值均不采用")
            }
            Self::DuplicateUnit { field } => format!(
                "“{field}”的单位给了两次：列“{field}_unit”和 units={{\"{field}\": …}}，两者均不采用，请只给一次"
            ),
            #[cfg(feature = "service")]
            Self::NotFound { path } => format!("没有这个资源：{path}"),
            #[cfg(feature = "service")]
            Self::UnknownDecision { id } => format!("决定记录中没有编号为“{id}”的决定"),
            #[cfg(feature = "service")]
            Self::MethodNotAllowed { method, allowed } => {
                format!("此处不允许 {method} 方法，允许：{allowed}")
            }
            #[cfg(feature = "service")]
            Self::PayloadTooLarge { limit } => format!("请求体超过 {limit} 字节的上限"),
            #[cfg(feature = "service")]
            Self::UnsupportedMediaType { found } => {
                format!("请求体应为 JSON（Content-Type: application/json），实为“{found}”")
            }
            #[cfg(feature = "service")]
            Self::BatchTooLarge { count, max } => {
                format!("一批最多 {max} 个项目，实为 {count} 个")
            }
            #[cfg(feature = "service")]
            Self::Overloaded { retry_after } => {
                format!("服务已满负荷，请 {retry_after} 秒后重试")
            }
            #[cfg(feature = "service")]
            Self::Timeout { seconds } => format!("请求超过 {seconds} 秒未完成，已放弃"),
            #[cfg(feature = "service")]
            Self::Unauthorized => "需要有效的访问令牌（Authorization: Bearer …）".to_owned(),
            #[cfg(feature = "service")]
            Self::IdempotencyConflict { key } => {
                format!("幂等键“{key}”已用于另一个不同的请求")
            }
            #[cfg(feature = "service")]
            Self::Unavailable { detail } => format!("决定记录暂不可用：{detail}"),
            #[cfg(feature = "service")]
            Self::InvalidText { max_bytes } => {
                format!("文本不得含 NUL 字符（U+0000），且不得超过 {max_bytes} 字节（UTF-8）")
            }
            #[cfg(feature = "service")]
            Self::Forbidden { role } => {
                format!("该令牌无权执行此操作：需要角色“{role}”（令牌文件列出每个令牌的角色）")
            }
            #[cfg(feature = "service")]
            Self::Internal => "内部错误；本请求未作决定，也未存储".to_owned(),
            #[cfg(feature = "replay")]
            Self::NotReplayable => "存储的报告只含输入的 SHA-256，不含输入本身：重放需要输入（`shenfu decisions export` 导出的每条决定都带有输入）".to_owned(),
            #[cfg(feature = "replay")]
            Self::InputMismatch { stored } => {
                format!("输入的哈希与报告的 input_sha256 {stored} 不符：这不是作出该报告时的输入")
            }
        }
    }
}

/// What must lie within bounds, for `out_of_range` with bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bounded {
    /// The evaluation year: 2020–2035.
    EvaluationYear,
    /// The year of an observation: 2020–2035.
    ObservationYear,
    /// A share in percent: 0–100.
    SharePercent,
    /// The page size of a listing of the decision log.
    PageSize,
}

impl Bounded {
    /// What must lie within bounds, in English, for the message.
    pub fn en(self) -> &'static str {
        match self {
            Self::EvaluationYear => "the evaluation year",
            Self::ObservationYear => "the year of an observation",
            Self::SharePercent => "a share in percent",
            Self::PageSize => "the page size",
        }
    }

    /// What must lie within bounds, in Chinese, for the message.
    pub fn zh(self) -> &'static str {
        match self {
            Self::EvaluationYear => "评估年份",
            Self::ObservationYear => "观测年份",
            Self::SharePercent => "百分比占比",
            Self::PageSize => "每页条数",
        }
    }
}

/// What a field should have held, for `invalid_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// One project: a JSON object.
    Project,
    /// One observation: a JSON object with `indicator`, `year`, `value`, `unit`.
    Observation,
    /// Observations: a JSON array of them, or `{"observations": [...]}`.
    Observations,
    /// A year: a whole number such as 2023.
    Year,
    /// An amount: `{"value", "unit"}`, a number or a numeric string.
    Amount,
    /// A number or a numeric string.
    Number,
    /// A string.
    Text,
    /// A unit's name, as a string.
    UnitName,
    /// A batch: a JSON array of projects.
    Projects,
    /// An RFC 3339 time, for filtering the decision log.
    Timestamp,
    /// `true` or `false`.
    Boolean,
    /// A verdict's key: `eligible`, `not_eligible` or `not_subject`.
    Verdict,
    /// A page cursor a previous page of the decision log gave.
    Cursor,
    /// A whole number, e.g. a page size.
    Integer,
    /// What Python's `assess_many` takes.
    Batch,
    /// A list of the readings' ids (`alternatives`), not one id.
    ReadingIds,
}

impl Expected {
    /// What should have been held, in English, e.g. `a string`.
    pub fn en(self) -> &'static str {
        match self {
            Self::Project => "a JSON object (one project)",
            Self::Observation => "a JSON object (one observation: indicator, year, value, unit)",
            Self::Observations => "a JSON array of observations or {\"observations\": [...]}",
            Self::Year => "a year (a whole number such as 2023)",
            Self::Amount => "an amount ({\"value\", \"unit\"}, a number or a numeric string)",
            Self::Number => "a number or a numeric string",
            Self::Text => "a string",
            Self::UnitName => "a unit name (string)",
            Self::Projects => "a JSON array of projects",
            Self::Timestamp => "an RFC 3339 time such as 2026-11-29T08:00:00Z",
            Self::Boolean => "true or false",
            Self::Verdict => "eligible, not_eligible or not_subject",
            Self::Cursor => "the next_cursor of a previous page",
            Self::Integer => "a whole number",
            Self::Batch => {
                "a pyarrow Table or RecordBatch, a pandas or polars DataFrame, or a list of mappings"
            }
            Self::ReadingIds => "a list of reading ids",
        }
    }

    /// What should have been held, in Chinese, e.g. 字符串.
    pub fn zh(self) -> &'static str {
        match self {
            Self::Project => "JSON 对象（一个项目）",
            Self::Observation => "JSON 对象（一条观测值：indicator、year、value、unit）",
            Self::Observations => "观测值的 JSON 数组或 {\"observations\": [...]}",
            Self::Year => "年份（整数，如 2023）",
            Self::Amount => "数量（{\"value\", \"unit\"}、数字或数字字符串）",
            Self::Number => "数字或数字字符串",
            Self::Text => "字符串",
            Self::UnitName => "单位名称（字符串）",
            Self::Projects => "项目的 JSON 数组",
            Self::Timestamp => "RFC 3339 格式的时间，如 2026-11-29T08:00:00Z",
            Self::Boolean => "true 或 false",
            Self::Verdict => "eligible、not_eligible 或 not_subject",
            Self::Cursor => "上一页给出的 next_cursor",
            Self::Integer => "整数",
            Self::Batch => "pyarrow 表或记录批、pandas 或 polars 数据框、或映射列表",
            Self::ReadingIds => "解读编号的列表",
        }
    }

    /// Every kind, in declaration order.
    pub const ALL: [Expected; 16] = [
        Self::Project,
        Self::Observation,
        Self::Observations,
        Self::Year,
        Self::Amount,
        Self::Number,
        Self::Text,
        Self::UnitName,
        Self::Projects,
        Self::Timestamp,
        Self::Boolean,
        Self::Verdict,
        Self::Cursor,
        Self::Integer,
        Self::Batch,
        Self::ReadingIds,
    ];

    /// The name a binding gives it (`project`, `number`, `reading_ids` …).
    pub fn key(self) -> &'static str {
        match self {
            Self::Project => "project",
            Self::Observation => "observation",
            Self::Observations => "observations",
            Self::Year => "year",
            Self::Amount => "amount",
            Self::Number => "number",
            Self::Text => "text",
            Self::UnitName => "unit_name",
            Self::Projects => "projects",
            Self::Timestamp => "timestamp",
            Self::Boolean => "boolean",
            Self::Verdict => "verdict",
            Self::Cursor => "cursor",
            Self::Integer => "integer",
            Self::Batch => "batch",
            Self::ReadingIds => "reading_ids",
        }
    }

    /// The kind named `key` ([`Expected::key`]); `None` for a name no kind has, so that a
    /// binding's typo is its own error, not a message about something else.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.key() == key)
    }
}

/// What a field held instead, for `invalid_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// `null`.
    Null,
    /// A column or value of a type the contract has no reading for (a date, a list column …).
    Other,
    /// `true` or `false`.
    Boolean,
    /// A number.
    Number,
    /// A string.
    Text,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl Found {
    /// What was held, in English, e.g. `an array`.
    pub fn en(self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Other => "a value of another type",
            Self::Boolean => "a boolean",
            Self::Number => "a number",
            Self::Text => "a string",
            Self::Array => "an array",
            Self::Object => "an object",
        }
    }

    /// What was held, in Chinese, e.g. 数组.
    pub fn zh(self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Other => "其他类型的值",
            Self::Boolean => "布尔值",
            Self::Number => "数字",
            Self::Text => "字符串",
            Self::Array => "数组",
            Self::Object => "对象",
        }
    }
}

/// Where in a text an error was found (1-based), for rulebooks, JSON and CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, counted in characters.
    pub column: usize,
}

impl Location {
    /// The 1-based line and column of byte `offset` in `text` (columns count characters).
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let before = text.get(..offset.min(text.len())).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        Self { line, column }
    }
}

/// An error with the field it concerns and, for texts, where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Dotted path of the offending field, e.g. `land_area.value`, `rules[3].comparator`.
    pub field: Option<String>,
    /// Where in the text it was found (rulebooks, JSON, CSV); `None` when not from a text.
    pub location: Option<Location>,
}

impl std::error::Error for Error {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = self.location {
            write!(f, "line {}, column {}: ", loc.line, loc.column)?;
        }
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        write!(f, "{} [{}]", self.kind, self.kind.code())
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Self {
            kind,
            field: None,
            location: None,
        }
    }
}

impl Error {
    /// The stable code, identical on every surface, e.g. `missing_field` ([`ErrorKind::code`]).
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// Attach the field this error concerns, keeping a more specific one already present:
    /// `at("land_area")` on an error at `value` gives `land_area.value`.
    pub fn at(mut self, parent: &str) -> Self {
        self.field = Some(match self.field.take() {
            Some(child) if child.starts_with('[') => format!("{parent}{child}"),
            Some(child) => format!("{parent}.{child}"),
            None => parent.to_owned(),
        });
        self
    }

    /// Attach where in the text the error was found.
    pub fn located(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Like [`Error::located`], when the place may be unknown (a precompiled rulebook).
    pub fn located_at(mut self, location: Option<Location>) -> Self {
        if location.is_some() {
            self.location = location;
        }
        self
    }

    /// The message in both languages.
    pub fn message(&self) -> Text {
        Text {
            zh: self.kind.message_zh(),
            en: self.kind.to_string(),
        }
    }

    /// The canonical JSON form shared by every surface:
    /// `{"error":{"code":…,"field":…,"line":…,"column":…,"message":{"zh":…,"en":…}}}`.
    pub fn to_canonical_json(&self) -> String {
        crate::canonical::to_json(&CanonicalError {
            error: ErrorBody {
                code: self.code(),
                field: self.field.as_deref(),
                line: self.location.map(|l| l.line),
                column: self.location.map(|l| l.column),
                message: self.message(),
            },
        })
    }
}

/// The canonical error, byte for byte what every surface writes.
// A type of its own, not a local of `Error::to_canonical_json`, so that the service's schema is
// derived from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CanonicalError<'a> {
    /// What went wrong, where.
    pub error: ErrorBody<'a>,
}

/// The body of the canonical error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ErrorBody<'a> {
    /// The stable snake_case code, the same on every surface, e.g. `missing_field`.
    pub code: &'a str,
    /// The dotted path of the offending field, e.g. `land_area.value`; `null` when the error
    /// concerns no one field.
    pub field: Option<&'a str>,
    /// The line (from 1) of the text it was found in; `null` when not found in a text.
    pub line: Option<usize>,
    /// The column (from 1, in characters); `null` when not found in a text.
    pub column: Option<usize>,
    /// What went wrong, in both languages.
    pub message: Text,
}

/// A result whose error is the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_expected_kind_is_found_by_its_key_and_no_other_name_is() {
        for expected in Expected::ALL {
            assert_eq!(Expected::from_key(expected.key()), Some(expected));
        }
        assert_eq!(Expected::from_key("list of reading ids"), None);
        assert_eq!(Expected::from_key("Project"), None);
    }

    #[test]
    fn families_follow_the_codes_a_binding_used_to_sort() {
        let unit = ErrorKind::UnknownUnit {
            unit: "x".into(),
            expected: "亩",
        };
        assert_eq!(unit.family(), ErrorFamily::Unit);
        let rule = ErrorKind::UnknownRule { id: "x".into() };
        assert_eq!(rule.family(), ErrorFamily::UnknownRule);
        assert_eq!(ErrorKind::ZeroArea.family(), ErrorFamily::Input);
        assert_eq!(ErrorKind::MissingField.family().key(), "input");
    }
}
