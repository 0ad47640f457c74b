//! The self-assessment page's own words: its title, the form's headings and field names, its
//! hints, and the headings of a rule's card. The page (`wasm/www/app.js`) takes them through the
//! WASM `labels()` export with the other labels; `{…}` marks where the page fills in a value.
//! Also the page's result summary in plain words (`summary`) and the printed record's
//! verification code (`verification_code`, `verification_payload`).

use super::Lang;
use crate::rulebook::Rulebook;
use rust_decimal::Decimal;
use serde_json::Value;

/// `(key, zh, en)` for every piece of text the page shows beside the engine's reports.
pub const FORM: &[(&str, &str, &str)] = &[
    (
        "title",
        "沈抚改革创新示范区 · 项目准入自评",
        "Shenfu Reform and Innovation Demonstration Zone · project self-assessment",
    ),
    (
        "document_title",
        "沈抚示范区项目准入自评",
        "Shenfu project self-assessment",
    ),
    (
        "subtitle",
        "依据《沈抚改革创新示范区“十四五”规划纲要》，在本机浏览器中计算，不上传任何数据。",
        "Under the zone's 14th Five-Year Plan. Computed in your browser; nothing is uploaded.",
    ),
    ("print", "打印 / 存为 PDF", "Print / save as PDF"),
    ("project", "项目", "Project"),
    ("name", "项目名称", "Project name"),
    ("industry", "所属产业", "Industry"),
    ("introduced", "是否引进项目", "Introduced project"),
    (
        "introduced_unsaid",
        "未说明（按引进项目评估）",
        "Not said (assessed as introduced)",
    ),
    (
        "introduced_yes",
        "是，引进项目",
        "Yes, an introduced project",
    ),
    ("introduced_no", "否，非引进项目", "No, not introduced"),
    ("amounts", "投资、用地与税收", "Investment, land and tax"),
    (
        "fixed_asset_investment",
        "固定资产投资总额",
        "Total fixed-asset investment",
    ),
    ("land_area", "用地面积", "Land area"),
    ("annual_tax", "预计年税收", "Expected annual tax"),
    ("optional", "研发（选填）", "R&D (optional)"),
    ("rd_expenditure", "年研发投入", "Annual R&D spending"),
    ("revenue", "年营业收入", "Annual revenue"),
    ("year", "评估年份（选填）", "Evaluation year (optional)"),
    ("unit", "单位", "Unit"),
    (
        "pending",
        "请填写投资、用地面积和年税收",
        "Enter the investment, land area and annual tax",
    ),
    (
        "invalid",
        "输入有误，请按提示修改",
        "Please correct the marked input",
    ),
    ("missing", "尚未填写：{fields}", "Still missing: {fields}"),
    ("list_separator", "、", ", "),
    (
        "reference",
        "参考指标（不影响准入结论）",
        "Reference points (do not affect eligibility)",
    ),
    ("observed", "实际值", "Observed"),
    ("threshold", "门槛", "Threshold"),
    ("margin", "差额", "Margin"),
    ("derivation", "计算过程", "Derivation"),
    ("source", "规划原文", "The plan"),
    (
        "provenance",
        "规则库 {rulebook} {version} · SHA-256 {sha256} · 输入 SHA-256 {input_sha256} · 引擎 {engine} {engine_version}",
        "Rulebook {rulebook} {version} · SHA-256 {sha256} · input SHA-256 {input_sha256} · engine {engine} {engine_version}",
    ),
    (
        "footer",
        "结论由 shenfu-rules 引擎计算：十进制精确运算，比较符按《民法典》第一千二百五十九条（“超过”不含本数，“以上”含本数）。",
        "Verdicts computed by the shenfu-rules engine: exact decimals; comparators by Civil Code art. 1259 (超过 excludes the number, 以上 includes it).",
    ),
    (
        "to_pass",
        "满足其一即可通过：{conditions}",
        "It would pass with either: {conditions}",
    ),
    ("to_pass_or", "；或", "; or "),
    (
        "to_pass_gt",
        "{field}超过 {value}",
        "{field} more than {value}",
    ),
    (
        "to_pass_ge",
        "{field}不少于 {value}",
        "{field} at least {value}",
    ),
    (
        "to_pass_lt",
        "{field}小于 {value}",
        "{field} less than {value}",
    ),
    (
        "to_pass_le",
        "{field}不超过 {value}",
        "{field} at most {value}",
    ),
    (
        "alternative",
        "按另一种解读（{readings}）结果为：{status}",
        "Under the other reading ({readings}) it would be: {status}",
    ),
    // The progress page (progress.html): the zone's indicators against the plan's targets.
    (
        "progress_title",
        "沈抚改革创新示范区 · 「十四五」指标进度",
        "Shenfu Reform and Innovation Demonstration Zone · 14th Five-Year Plan progress",
    ),
    (
        "progress_document_title",
        "沈抚示范区指标进度",
        "Shenfu indicator progress",
    ),
    (
        "progress_subtitle",
        "把观测值与规划纲要的目标逐项对照，在本机浏览器中计算，不上传任何数据。",
        "Observed values against the plan's targets, computed in your browser; nothing is uploaded.",
    ),
    ("observations", "观测值", "Observations"),
    (
        "observations_hint",
        "每行一条：指标, 年份, 数值, 单位（第一行为列名，中文或英文均可；指标写名称或代码，见「图表」中的列表；可从表格直接粘贴）",
        "One per line: indicator, year, value, unit (the first line names the columns, in Chinese or English; an indicator by its name or its id, as listed under “Chart”; paste from a spreadsheet)",
    ),
    ("progress_year", "评估年份", "Evaluation year"),
    ("chart_options", "图表", "Chart"),
    (
        "only_observed",
        "只画有观测值的指标",
        "Only indicators with an observation",
    ),
    (
        "indicators",
        "只画这些指标（可多选）",
        "Only these indicators (choose any)",
    ),
    (
        "download_svg",
        "下载图表（SVG）",
        "Download the chart (SVG)",
    ),
    ("to_progress", "指标进度", "Indicator progress"),
    ("to_assessment", "项目准入自评", "Project self-assessment"),
    (
        "observations_row",
        "第 {line} 行：应有 {columns} 列，实有 {found} 列",
        "Line {line}: {columns} columns expected, {found} found",
    ),
    (
        "observations_empty",
        "请填写观测值（第一行为列名）",
        "Enter observations (the first line names the columns)",
    ),
    // The progress page's column names (either language accepted in a pasted header), the
    // chart's data table and text alternative, and an error at a pasted line.
    ("col_indicator", "指标", "Indicator"),
    ("col_year", "年份", "Year"),
    ("col_value", "数值", "Value"),
    ("col_unit", "单位", "Unit"),
    ("th_target", "目标", "Target"),
    ("th_required", "要求", "Required"),
    ("th_observed", "观测值", "Observed"),
    ("th_status", "状态", "Status"),
    (
        "chart_table",
        "图表数据（{year} 年）",
        "The chart's data ({year})",
    ),
    (
        "chart_alt",
        "指标进度图（{year} 年）：{indicators} 项指标的 {targets} 项目标，{counts}。数据见下表。",
        "Indicator progress chart ({year}): {targets} targets of {indicators} indicators; {counts}. The data are in the table below.",
    ),
    ("count", "{status} {n} 项", "{n} {status}"),
    (
        "observations_line",
        "第 {line} 行：{message}",
        "Line {line}: {message}",
    ),
    ("switch_to", "English", "中文"),
    // The button's name is in the language it switches to.
    ("switch_label", "Switch to English", "切换到中文"),
];

/// The self-assessment page's own words as a self-service form (issue 25): the start section,
/// hints, the error summary, the plain-words result ([`summary`]), the printed record, the units.
/// Kept apart from [`FORM`] so the progress page's build does not carry them: the page's build
/// adds them to `labels(lang).form` (`wasm/src/page.rs`).
pub const ASSESSMENT: &[(&str, &str, &str)] = &[
    ("start_heading", "办理前须知", "Before you start"),
    (
        "start_intro",
        "用本页在提交申请前自查项目是否满足规划纲要规定的基本约束性条件（准入条件），约需 5 分钟。",
        "Use this page to check, before you apply, whether a project meets the admission conditions the plan sets (its 基本约束性条件). It takes about 5 minutes.",
    ),
    (
        "start_conditions",
        "引进项目须同时满足两项条件：",
        "An introduced project must meet both conditions:",
    ),
    (
        "start_condition_investment",
        "亩均投入超过 {threshold}：固定资产投资总额 ÷ 用地面积；",
        "investment per mu more than {threshold}: total fixed-asset investment ÷ land area;",
    ),
    (
        "start_condition_tax",
        "亩均税收超过 {threshold}：预计年税收 ÷ 用地面积。",
        "tax per mu more than {threshold}: expected annual tax ÷ land area.",
    ),
    (
        "start_introduced",
        "引进项目：从示范区以外招商引进、在示范区新落地建设的项目。规划原文是「以引进项目亩均投入……为项目建设的基本约束性条件」，所以这两项条件只用于引进项目；不确定时请选「是」，按引进项目自查。",
        "An introduced project (引进项目) is one brought in from outside the zone and newly built in it. The plan sets the two conditions for introduced projects (「以引进项目……为项目建设的基本约束性条件」); if unsure, answer “Yes” and check it as one.",
    ),
    (
        "start_needed",
        "需要准备：固定资产投资总额、用地面积、达产后正常年度的预计年税收。研发投入、营业收入和评估年份为选填，只影响参考指标。",
        "You need: the total fixed-asset investment, the land area and the expected annual tax in a normal year at full production. R&D spending, revenue and the evaluation year are optional and affect only the reference points.",
    ),
    (
        "disclaimer",
        "本结果为自评，仅供参考，以审批部门认定为准。",
        "This is a self-check for reference only; the approval authority's decision prevails.",
    ),
    (
        "mu_note",
        "1 亩 ≈ 666.7 平方米，15 亩 = 1 公顷。",
        "1 mu (亩) ≈ 666.7 m²; 15 mu = 1 hectare.",
    ),
    ("required", "必填", "required"),
    ("optional_mark", "选填", "optional"),
    ("choose", "请选择", "Choose one"),
    (
        "applicant",
        "申请企业（选填，用于打印）",
        "Applicant (optional, for the printout)",
    ),
    ("company", "企业名称", "Company name"),
    (
        "credit_code",
        "统一社会信用代码",
        "Unified social credit code",
    ),
    (
        "hint_credit_code",
        "18 位，见营业执照；打印时核对校验位。",
        "18 characters, on the business licence; its check character is verified.",
    ),
    (
        "hint_name",
        "写在自评结果单上，可不填。",
        "Printed on the record; may be left empty.",
    ),
    (
        "hint_industry",
        "六大主导产业之一或「其他」；只作参考，不影响准入结论。",
        "One of the six leading industries, or “Other”; for reference, it does not affect eligibility.",
    ),
    (
        "hint_introduced",
        "见上方「办理前须知」中的定义。",
        "See the definition under “Before you start”.",
    ),
    (
        "hint_fixed_asset_investment",
        "项目固定资产投资总额（「投入」按固定资产投资计，不含流动资金）。可写 24000、24,000、2.4万 或 2.4亿。",
        "The project's total fixed-asset investment (投入 is read as fixed-asset investment, without working capital). Type 24000, 24,000, 2.4万 (×10,000) or 2.4亿 (×100 million).",
    ),
    (
        "hint_land_area",
        "项目用地面积，可写 80、5.3万平方米 或 4公顷。",
        "The project's land area: 80, 5.3万平方米 (53,000 m²) or 4公顷 (4 ha).",
    ),
    (
        "hint_annual_tax",
        "达产后正常年度的预计年税收（申报数）。",
        "The annual tax expected in a normal year at full production (as declared).",
    ),
    (
        "hint_rd_expenditure",
        "用于研发强度参考指标（研发投入 ÷ 营业收入），不影响准入结论。",
        "For the R&D-intensity reference point (R&D ÷ revenue); it does not affect eligibility.",
    ),
    (
        "hint_year",
        "规划的参考目标分 2022、2025、2035 年；不填则列出全部，填 2020–2035 之间的年份只看当年适用的目标。",
        "The plan's reference targets are for 2022, 2025 and 2035; leave empty to list them all, or give a year from 2020 to 2035 for the ones that apply then.",
    ),
    (
        "evaluation",
        "参考指标的评估年份",
        "Year for the reference points",
    ),
    (
        "reference_inputs",
        "参考指标（选填，不影响准入结论）",
        "Reference points (optional; they do not affect eligibility)",
    ),
    ("error_summary", "请修改以下问题", "There is a problem"),
    ("missing_field", "请填写{field}", "Enter the {field}"),
    ("missing_choice", "请选择{field}", "Choose the {field}"),
    (
        "amount_format_hint",
        "可写作 24000、24,000、2.4万、2.4亿 或全角数字。",
        "Type it as 24000, 24,000, 2.4万 (×10,000) or 2.4亿 (×100 million).",
    ),
    ("recognised", "已识别为 {value}", "Read as {value}"),
    ("amount_error", "{message}。{hint}", "{message}. {hint}"),
    (
        "credit_code_length",
        "统一社会信用代码应为 18 位，现为 {count} 位",
        "A unified social credit code has 18 characters, not {count}",
    ),
    (
        "credit_code_character",
        "第 {position} 位不是统一社会信用代码使用的字符（不用 I、O、S、V、Z）",
        "Character {position} is not one a unified social credit code uses (no I, O, S, V or Z)",
    ),
    (
        "credit_code_check",
        "校验位不符：按前 17 位应为 {expected}，请核对",
        "The check character does not match: the first 17 give {expected}; please check the code",
    ),
    ("result_heading", "自评结果", "Result"),
    ("to_result", "查看结果", "See the result"),
    (
        "verdict_not_subject",
        "不适用准入条件（非引进项目）",
        "Not covered by the admission conditions (not an introduced project)",
    ),
    (
        "sum_eligible",
        "符合准入条件：{names}都达到了规划的门槛。",
        "Eligible: the plan's thresholds are met for the {names}.",
    ),
    (
        "sum_ineligible",
        "不符合准入条件：{names}未达到规划的门槛。",
        "Not eligible: the plan's threshold is not met for the {names}.",
    ),
    (
        "sum_not_subject",
        "准入条件不适用：规划的准入条件（{names}）对本项目不适用，本工具不作准入判断，原因见下；能否建设由审批部门按其他规定认定。",
        "The admission conditions do not apply: the plan's admission conditions ({names}) do not cover this project, so this tool makes no admission finding (why is said below); the approval authority decides under other rules.",
    ),
    ("and", "和", " and "),
    (
        "reason_met",
        "{name}为 {observed}，规划要求{comparator} {threshold}，已满足（多出 {margin}）。",
        "The {name} is {observed}; the plan asks for {comparator} {threshold}: met ({margin} above).",
    ),
    (
        "reason_short",
        "{name}为 {observed}，规划要求{comparator} {threshold}，还差 {shortfall}。",
        "The {name} is {observed}; the plan asks for {comparator} {threshold}: {shortfall} short.",
    ),
    (
        "reason_boundary",
        "{name}恰好为 {observed}，规划要求{comparator} {threshold}：恰好等于门槛不算「{wording}」，所以未满足。",
        "The {name} is exactly {observed}; the plan asks for {comparator} {threshold}, and exactly the threshold is not “{wording}” (more than), so it is not met.",
    ),
    ("reason_not_applicable", "{message}", "{message}"),
    ("cmp_gt", "超过", "more than"),
    ("cmp_ge", "不少于", "at least"),
    ("cmp_lt", "低于", "less than"),
    ("cmp_le", "不超过", "at most"),
    (
        "reading_one",
        "规划原文的「{words}」有两种理解。本工具的理解：{chosen}另一种理解：{alternative}",
        "The plan's words 「{words}」 can be read two ways. This tool reads them as: {chosen} The other reading: {alternative}",
    ),
    (
        "reading_outcome",
        "若按另一种理解，{name}这一项{status}。采用哪种理解，以审批部门认定为准。",
        "Under the other reading the {name} would be {status}. The approval authority decides which reading applies.",
    ),
    (
        "reading_outcome_all",
        "若以上都按另一种理解，{name}这一项{status}。采用哪种理解，以审批部门认定为准。",
        "Under the other readings together the {name} would be {status}. The approval authority decides which reading applies.",
    ),
    ("reading_status_pass", "即可满足", "met"),
    ("reading_status_fail", "仍未满足", "not met"),
    (
        "reading_status_not_applicable",
        "不适用、不作判断",
        "not judged (the condition would not apply)",
    ),
    (
        "combined_to_pass",
        "怎样可以通过（满足其一即可，其余不变）：",
        "What would pass (either one, everything else unchanged):",
    ),
    (
        "to_pass_at_least",
        "{field}至少 {value}",
        "{field} at least {value}",
    ),
    (
        "to_pass_at_most",
        "{field}不超过 {value}",
        "{field} at most {value}",
    ),
    ("and_also", "，并且", ", and "),
    (
        "record_title",
        "项目准入自评结果单",
        "Project admission self-assessment record",
    ),
    ("printed_on", "打印日期", "Printed on"),
    ("inputs", "填报内容", "What was entered"),
    ("not_given", "未填", "not given"),
    ("verification", "核验码", "Verification code"),
    (
        "verification_hint",
        "核验码是规范化填报内容的 SHA-256 前 16 位，二维码含完整的 SHA-256 和规则库版本。审批部门用随附的两个文件运行 shenfu verify shenfu-report.json --input shenfu-input.json（或按本单录入后用 shenfu assess 重新计算）：SHA-256 一致，说明结果单与填报内容相符、结论可由原始输入重算。",
        "The code is the first 16 hex digits of the SHA-256 of the canonical input; the QR code holds the whole SHA-256 and the rulebook's version. The approval authority runs shenfu verify shenfu-report.json --input shenfu-input.json on the two attached files (or re-keys this record and runs shenfu assess): a matching SHA-256 shows the record matches the input and the verdict recomputes from it.",
    ),
    ("clear", "清除已填内容", "Clear the form"),
    (
        "draft_kept",
        "已填内容只保存在本机浏览器中，刷新不会丢失。",
        "What you type is kept in this browser only, so a reload loses nothing.",
    ),
    (
        "download_report",
        "下载结果（JSON）",
        "Download the result (JSON)",
    ),
    (
        "clause_authoritative",
        "规划原文（以中文为准）",
        "The plan (the Chinese text is authoritative)",
    ),
    // Units as the page shows them (the contract's unit names are the keys).
    ("unit:元", "元", "yuan"),
    ("unit:万元", "万元", "×10,000 yuan"),
    ("unit:亿元", "亿元", "×100 million yuan"),
    ("unit:亩", "亩", "mu"),
    ("unit:平方米", "平方米", "m²"),
    ("unit:公顷", "公顷", "ha"),
    ("unit:万元/亩", "万元/亩", "×10,000 yuan/mu"),
    ("unit:%", "%", "%"),
];

/// `value[key]` without indexing (`Null` when absent).
fn at<'v>(value: &'v Value, key: &str) -> &'v Value {
    const NULL: &Value = &Value::Null;
    value.get(key).unwrap_or(NULL)
}

/// One of the page's words in `lang` (empty for a key [`FORM`] and [`ASSESSMENT`] do not have).
fn word(key: &str, lang: Lang) -> &'static str {
    FORM.iter()
        .chain(ASSESSMENT)
        .find(|(k, _, _)| *k == key)
        .map_or("", |(_, zh, en)| lang.choose(*zh, *en))
}

/// `template` with `{name}` filled from `values`.
fn filled(template: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(template.to_owned(), |t, (k, v)| {
        t.replace(&format!("{{{k}}}"), v)
    })
}

/// A unit as the page shows it in `lang` (万元/亩 → ×10,000 yuan/mu); unknown units as they are.
pub fn unit_word(unit: &str, lang: Lang) -> String {
    match word(&format!("unit:{unit}"), lang) {
        "" => unit.to_owned(),
        w => w.to_owned(),
    }
}

/// `{value, unit}` of a report as the page shows it.
fn quantity(q: &Value, lang: Lang) -> String {
    shown(
        at(q, "value").as_str().unwrap_or_default(),
        at(q, "unit").as_str(),
        lang,
    )
}

/// A value and its unit as the page shows them (`400 ×10,000 yuan/mu`, `2.5%`).
fn shown(value: &str, unit: Option<&str>, lang: Lang) -> String {
    match unit {
        Some("%") => format!("{value}%"),
        Some(u) => format!("{value} {}", unit_word(u, lang)),
        None => value.to_owned(),
    }
}

/// A report's decimal for people: at most 4 fractional digits, `≈` when rounded (a quotient
/// such as 599.9925000937488281396482544 reads ≈ 599.9925).
fn approx(value: &str) -> String {
    match crate::number::parse_decimal(value) {
        Ok(v) => match crate::number::rounded(v, 4) {
            (text, true) => format!("≈ {text}"),
            (text, false) => text,
        },
        Err(_) => value.to_owned(),
    }
}

/// The page's result in plain words ([`summary`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// `eligible`, `not_eligible` or `not_subject`.
    pub verdict: &'static str,
    /// One sentence naming the verdict and the conditions it rests on (what failed, when one did).
    pub headline: String,
    /// One sentence per admission condition.
    pub reasons: Vec<String>,
    /// What would pass: the intro and the options (either one).
    pub to_pass: Option<(&'static str, Vec<String>)>,
    /// Each reading that would change a condition, explained.
    pub readings: Vec<String>,
    /// That the summary is the engine's reading of the plan, not an approval decision.
    pub disclaimer: &'static str,
}

fn comparator_word(symbol: &str, lang: Lang) -> &'static str {
    word(
        match symbol {
            ">" => "cmp_gt",
            ">=" => "cmp_ge",
            "<" => "cmp_lt",
            _ => "cmp_le",
        },
        lang,
    )
}

/// Decimal places a bound is stated to: whole 元 and whole 平方米; 亩 and 公顷 to the core's
/// places (`assess::to_pass::PLACES`, 4).
fn places(unit: &str) -> u32 {
    match unit {
        "元" | "平方米" => 0,
        "万元" => 4,
        "亿元" => 8,
        _ => 4,
    }
}

/// A to-pass bound as an inclusive one at its unit's places, rounded toward passing: `> 80`
/// 亩 is `>= 80.0001`, `< 26666.6667` 平方米 is `<= 26666`.
fn inclusive(comparator: &str, value: Decimal, places: u32) -> Option<Decimal> {
    use rust_decimal::RoundingStrategy;
    let step = Decimal::new(1, places);
    let lower = matches!(comparator, ">" | ">=");
    let strict = matches!(comparator, ">" | "<");
    let rounded = value.round_dp_with_strategy(
        places,
        if lower {
            RoundingStrategy::ToPositiveInfinity
        } else {
            RoundingStrategy::ToNegativeInfinity
        },
    );
    let bound = match (strict && rounded == value, lower) {
        (true, true) => rounded.checked_add(step)?,
        (true, false) => rounded.checked_sub(step)?,
        _ => rounded,
    };
    Some(bound.normalize())
}

/// The plain-words summary of a report the page shows above everything else: the verdict
/// (`report.verdict` when the report has one, else from `eligible`; a report whose admission
/// conditions all do not apply is `not_subject`), a headline naming what failed, one sentence per
/// admission condition with its shortfall, one combined "what would pass" (amounts at least,
/// land at most, rounded toward passing at whole 元 and whole 平方米), each reading that would
/// change a condition explained with who decides, and the disclaimer. As JSON:
/// The report is its canonical JSON as a `serde_json::Value`.
pub fn summary(report: &Value, book: &Rulebook, lang: Lang) -> Summary {
    let empty = Vec::new();
    let admission: Vec<&Value> = at(report, "outcomes")
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .filter(|o| at(o, "property") == "admission" && at(o, "comparator").is_string())
        .collect();
    let name = |o: &Value| -> String {
        let id = at(o, "rule_id").as_str().unwrap_or_default();
        book.rules().iter().find(|r| r.id == id).map_or_else(
            || id.to_owned(),
            |r| lang.choose(&r.label.zh, &r.label.en).to_owned(),
        )
    };
    let status = |o: &Value| at(o, "status").as_str().unwrap_or_default().to_owned();
    let verdict = match at(report, "verdict").as_str() {
        Some("eligible") => "eligible",
        Some("not_subject") => "not_subject",
        Some(_) => "not_eligible",
        None if !admission.is_empty()
            && admission.iter().all(|o| status(o) == "not_applicable") =>
        {
            "not_subject"
        }
        None if at(report, "eligible") == true => "eligible",
        None => "not_eligible",
    };
    let and = word("and", lang);
    let names = |filter: &dyn Fn(&Value) -> bool| -> String {
        admission
            .iter()
            .filter(|o| filter(o))
            .map(|o| name(o))
            .collect::<Vec<_>>()
            .join(and)
    };
    let headline = match verdict {
        "eligible" => filled(word("sum_eligible", lang), &[("names", &names(&|_| true))]),
        "not_subject" => filled(
            word("sum_not_subject", lang),
            &[("names", &names(&|_| true))],
        ),
        _ => filled(
            word("sum_ineligible", lang),
            &[("names", &names(&|o| status(o) == "fail"))],
        ),
    };
    let mut reasons = Vec::new();
    let mut readings = Vec::new();
    for o in &admission {
        let n = name(o);
        let observed = shown(
            &approx(at(at(o, "observed"), "value").as_str().unwrap_or_default()),
            at(at(o, "observed"), "unit").as_str(),
            lang,
        );
        let threshold = quantity(at(o, "threshold"), lang);
        let comparator = comparator_word(at(o, "comparator").as_str().unwrap_or_default(), lang);
        let margin = at(at(o, "margin"), "value").as_str().unwrap_or_default();
        let margin_q = shown(
            &approx(margin.trim_start_matches('-')),
            at(at(o, "margin"), "unit").as_str(),
            lang,
        );
        let fields = [
            ("name", n.as_str()),
            ("observed", observed.as_str()),
            ("threshold", threshold.as_str()),
            ("comparator", comparator),
            ("margin", margin_q.as_str()),
            ("shortfall", margin_q.as_str()),
            ("wording", at(o, "wording").as_str().unwrap_or_default()),
            // A condition that does not apply says why in the engine's own message.
            (
                "message",
                at(at(o, "message"), lang.choose("zh", "en"))
                    .as_str()
                    .unwrap_or_default(),
            ),
        ];
        let key = match status(o).as_str() {
            "pass" => "reason_met",
            "fail" if margin == "0" => "reason_boundary",
            "fail" => "reason_short",
            "not_applicable" => "reason_not_applicable",
            _ => continue,
        };
        reasons.push(filled(word(key, lang), &fields));
        if let Some(alt) = at(o, "alternative_status").as_str() {
            // The readings the outcome rests on whose other side can be evaluated; the report's
            // alternative status is theirs together.
            let mut sentences: Vec<String> = at(o, "readings")
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .filter_map(|id| id.as_str().and_then(|id| book.reading(id)))
                .filter(|r| r.computable())
                .filter_map(|r| {
                    let alternative = r.alternative.as_ref()?;
                    Some(filled(
                        word("reading_one", lang),
                        &[
                            ("words", r.words.as_str()),
                            ("chosen", lang.choose(&r.chosen.zh, &r.chosen.en)),
                            ("alternative", lang.choose(&alternative.zh, &alternative.en)),
                        ],
                    ))
                })
                .collect();
            if !sentences.is_empty() {
                let status = match word(&format!("reading_status_{alt}"), lang) {
                    "" => word("reading_status_fail", lang),
                    w => w,
                };
                let key = if sentences.len() > 1 {
                    "reading_outcome_all"
                } else {
                    "reading_outcome"
                };
                sentences.push(filled(
                    word(key, lang),
                    &[("name", n.as_str()), ("status", status)],
                ));
                readings.push(sentences.join(lang.choose("", " ")));
            }
        }
    }
    Summary {
        verdict,
        headline,
        reasons,
        to_pass: combined_to_pass(&admission, lang),
        readings,
        disclaimer: word("disclaimer", lang),
    }
}

/// One "what would pass" for every failing admission condition together: every short amount
/// raised (each at least its bound), or the land area at most the smallest of the land bounds
/// (a smaller area raises every per-mu value, so one bound serves all).
fn combined_to_pass(admission: &[&Value], lang: Lang) -> Option<(&'static str, Vec<String>)> {
    let failing: Vec<&Value> = admission
        .iter()
        .copied()
        .filter(|o| at(o, "status") == "fail" && at(o, "to_pass").is_array())
        .collect();
    if failing.is_empty() {
        return None;
    }
    let mut amounts = Vec::new();
    let mut land: Option<(Decimal, String)> = None;
    let mut land_everywhere = true;
    for o in &failing {
        let mut has_land = false;
        for c in at(o, "to_pass").as_array().into_iter().flatten() {
            let unit = at(at(c, "value"), "unit")
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let Ok(v) =
                crate::number::parse_decimal(at(at(c, "value"), "value").as_str().unwrap_or(""))
            else {
                continue;
            };
            let Some(bound) =
                inclusive(at(c, "comparator").as_str().unwrap_or(""), v, places(&unit))
            else {
                continue;
            };
            let field = at(c, "field").as_str().unwrap_or_default();
            if field == "land_area" {
                has_land = true;
                if land.as_ref().is_none_or(|(b, _)| bound < *b) {
                    land = Some((bound, unit));
                }
            } else {
                let value = shown(&crate::number::canonical(bound), Some(&unit), lang);
                amounts.push(filled(
                    word("to_pass_at_least", lang),
                    &[("field", word(field, lang)), ("value", &value)],
                ));
            }
        }
        land_everywhere &= has_land;
    }
    let mut options = Vec::new();
    if !amounts.is_empty() {
        options.push(amounts.join(word("and_also", lang)));
    }
    if let (Some((bound, unit)), true) = (land, land_everywhere) {
        let value = shown(&crate::number::canonical(bound), Some(&unit), lang);
        options.push(filled(
            word("to_pass_at_most", lang),
            &[("field", word("land_area", lang)), ("value", &value)],
        ));
    }
    Some((word("combined_to_pass", lang), options))
}

/// What the printed record's QR code holds: the canonical input's SHA-256 and the rulebook the
/// verdict was decided under, for the approval system to recompute and compare —
/// `shenfu:1:<input SHA-256>:<rulebook id>@<version>` (short enough for a version-6 code).
pub fn verification_payload(
    input_sha256: &str,
    rulebook_id: &str,
    rulebook_version: &str,
) -> String {
    format!("shenfu:1:{input_sha256}:{rulebook_id}@{rulebook_version}")
}

/// The verification code printed beside it: the first 16 hex digits of the input's SHA-256, in
/// groups of four (`D290-6ED4-707D-EBEE`).
pub fn verification_code(input_sha256: &str) -> String {
    let short: String = input_sha256
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_uppercase();
    short
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summarise(project: &str, lang: Lang) -> Value {
        let book = Rulebook::embedded();
        let report = crate::assess_json(book, project, crate::Options::default()).unwrap();
        let s = summary(&serde_json::from_str(&report).unwrap(), book, lang);
        serde_json::json!({
            "verdict": s.verdict, "headline": s.headline, "reasons": s.reasons,
            "to_pass": s.to_pass.map(|(intro, options)| serde_json::json!({"intro": intro, "options": options})),
            "readings": s.readings, "disclaimer": s.disclaimer,
        })
    }

    #[test]
    fn the_boundary_explained_and_one_combined_advice() {
        // 24000 万元 ÷ 80 亩 = 300 (超 300 fails at the boundary); 2000 ÷ 80 = 25 (10... short by 15).
        let s = summarise(
            r#"{"industry":"智能制造","fixed_asset_investment":{"value":"24000","unit":"万元"},"land_area":{"value":"80","unit":"亩"},"annual_tax":{"value":"2000","unit":"万元"}}"#,
            Lang::Zh,
        );
        assert_eq!(s["verdict"], "not_eligible");
        assert_eq!(
            s["headline"],
            "不符合准入条件：亩均投入和亩均税收未达到规划的门槛。"
        );
        assert_eq!(
            s["reasons"][0],
            "亩均投入恰好为 300 万元/亩，规划要求超过 300 万元/亩：恰好等于门槛不算「超」，所以未满足。"
        );
        assert_eq!(
            s["reasons"][1],
            "亩均税收为 25 万元/亩，规划要求超过 40 万元/亩，还差 15 万元/亩。"
        );
        // Amounts at least their bound (24000 fails: one 元 more), land at most the smaller
        // bound (2000 ÷ 40 = 50 亩 < 80 亩; strict, so 49.9999).
        assert_eq!(
            s["to_pass"]["options"],
            serde_json::json!([
                "固定资产投资总额至少 24000.0001 万元，并且预计年税收至少 3200.0001 万元",
                "用地面积不超过 49.9999 亩"
            ])
        );
        assert!(
            s["readings"][0]
                .as_str()
                .unwrap()
                .contains("以审批部门认定为准")
        );
        assert_eq!(
            s["disclaimer"],
            "本结果为自评，仅供参考，以审批部门认定为准。"
        );
    }

    #[test]
    fn whole_square_metres_in_english() {
        // 18000 万元 ÷ 40000 平方米 (60 亩) = 300: at the boundary; land at most 39999 m².
        let s = summarise(
            r#"{"industry":"智能制造","fixed_asset_investment":{"value":"18000","unit":"万元"},"land_area":{"value":"40000","unit":"平方米"},"annual_tax":{"value":"3000","unit":"万元"}}"#,
            Lang::En,
        );
        assert_eq!(s["to_pass"]["options"][1], "Land area at most 39999 m²");
        assert_eq!(
            s["reasons"][1],
            "The annual tax per mu is 50 ×10,000 yuan/mu; the plan asks for more than 40 ×10,000 yuan/mu: met (10 ×10,000 yuan/mu above)."
        );
        assert!(!s["headline"].as_str().unwrap().contains('万'));
    }

    #[test]
    fn an_inexact_quotient_reads_rounded() {
        // 2.4 亿元 ÷ 26667 平方米 = 599.99250009374882… 万元/亩.
        let s = summarise(
            r#"{"industry":"智能制造","fixed_asset_investment":{"value":"2.4","unit":"亿元"},"land_area":{"value":"26667","unit":"平方米"},"annual_tax":{"value":"1000","unit":"万元"}}"#,
            Lang::Zh,
        );
        assert_eq!(
            s["reasons"][0],
            "亩均投入为 ≈ 599.9925 万元/亩，规划要求超过 300 万元/亩，已满足（多出 ≈ 299.9925 万元/亩）。"
        );
        assert_eq!(approx("300"), "300");
    }

    #[test]
    fn not_introduced_is_not_subject() {
        let s = summarise(
            r#"{"industry":"其他","introduced":false,"fixed_asset_investment":"1","land_area":"80","annual_tax":"1"}"#,
            Lang::Zh,
        );
        assert_eq!(s["verdict"], "not_subject");
        assert!(s["to_pass"].is_null());
    }

    #[test]
    fn bounds_rounded_toward_passing() {
        let d = |s: &str| crate::number::parse_decimal(s).unwrap();
        assert_eq!(inclusive("<", d("26666.6666"), 0), Some(d("26666")));
        assert_eq!(inclusive("<", d("20000"), 0), Some(d("19999")));
        assert_eq!(inclusive("<=", d("2.6666"), 4), Some(d("2.6666")));
        assert_eq!(inclusive(">", d("18000"), 4), Some(d("18000.0001")));
        assert_eq!(inclusive(">=", d("0.3334"), 4), Some(d("0.3334")));
        assert_eq!(
            verification_code("d2906ed4707debee60b6"),
            "D290-6ED4-707D-EBEE"
        );
    }

    #[test]
    fn every_key_once() {
        let mut keys: Vec<&str> = FORM.iter().chain(ASSESSMENT).map(|(k, _, _)| *k).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }
}
