//! The self-assessment page's own words: its title, the form's headings and field names, its
//! hints, and the headings of a rule's card. The page (`wasm/www/app.js`) takes them through the
//! WASM `labels()` export with the other labels; `{…}` marks where the page fills in a value.

/// `(key, zh, en)` for every piece of text the page shows beside the engine's reports.
pub const FORM: [(&str, &str, &str); 55] = [
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
        "每行一条：indicator, year, value, unit（第一行为列名；可从表格直接粘贴）",
        "One per line: indicator, year, value, unit (the first line names the columns; paste from a spreadsheet)",
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
    ("switch_to", "English", "中文"),
    // The button's name is in the language it switches to.
    ("switch_label", "Switch to English", "切换到中文"),
];
