// The self-assessment page: reads the form, asks the engine (WASM) and shows its verdict.
// Every number and every word of a verdict comes from the engine's report; this file only
// carries the form's text in and renders the report out.
import init, { assess, labels as engineLabels, rules, version } from "./pkg/shenfu_rules_wasm.js";

const TEXT = {
  zh: {
    title: "沈抚改革创新示范区 · 项目准入自评",
    subtitle: "依据《沈抚改革创新示范区“十四五”规划纲要》，在本机浏览器中计算，不上传任何数据。",
    print: "打印 / 存为 PDF", project: "项目", name: "项目名称", industry: "所属产业",
    digital_economy: "数字经济", it_application_equipment: "信息技术应用及装备", intelligent_manufacturing: "智能制造",
    life_health: "生命健康", new_materials_hydrogen: "新材料和氢能", modern_services: "现代服务业", other: "其他",
    amounts: "投资、用地与税收", fixed_asset_investment: "固定资产投资总额", land_area: "用地面积", annual_tax: "预计年税收",
    optional: "研发（选填）", rd_expenditure: "年研发投入", revenue: "年营业收入", year: "评估年份（选填）", unit: "单位",
    pending: "请填写投资、用地面积和年税收",
    invalid: "输入有误，请按提示修改", missing: (fields) => `尚未填写：${fields}`,
    reference: "参考指标（不影响准入结论）",
    observed: "实际值", threshold: "门槛", margin: "差额", derivation: "计算过程", source: "规划原文",
    provenance: (r) => `规则库 ${r.rulebook.id} ${r.rulebook.version} · SHA-256 ${r.rulebook.sha256} · 输入 SHA-256 ${r.input_sha256} · 引擎 ${r.engine.name} ${r.engine.version}`,
    footer: "结论由 shenfu-rules 引擎计算：十进制精确运算，比较符按《民法典》第一千二百五十九条（“超过”不含本数，“以上”含本数）。",
    switchTo: "English", switchLabel: "Switch to English", loadFailed: "计算引擎加载失败，请刷新页面重试。",
  },
  en: {
    title: "Shenfu Reform and Innovation Demonstration Zone · project self-assessment",
    subtitle: "Under the zone's 14th Five-Year Plan. Computed in your browser; nothing is uploaded.",
    print: "Print / save as PDF", project: "Project", name: "Project name", industry: "Industry",
    digital_economy: "Digital economy", it_application_equipment: "IT application and equipment", intelligent_manufacturing: "Intelligent manufacturing",
    life_health: "Life and health", new_materials_hydrogen: "New materials and hydrogen", modern_services: "Modern services", other: "Other",
    amounts: "Investment, land and tax", fixed_asset_investment: "Total fixed-asset investment", land_area: "Land area", annual_tax: "Expected annual tax",
    optional: "R&D (optional)", rd_expenditure: "Annual R&D spending", revenue: "Annual revenue", year: "Evaluation year (optional)", unit: "Unit",
    pending: "Enter the investment, land area and annual tax",
    invalid: "Please correct the marked input", missing: (fields) => `Still missing: ${fields}`,
    reference: "Reference points (do not affect eligibility)",
    observed: "Observed", threshold: "Threshold", margin: "Margin", derivation: "Derivation", source: "The plan",
    provenance: (r) => `Rulebook ${r.rulebook.id} ${r.rulebook.version} · SHA-256 ${r.rulebook.sha256} · input SHA-256 ${r.input_sha256} · engine ${r.engine.name} ${r.engine.version}`,
    footer: "Verdicts computed by the shenfu-rules engine: exact decimals; comparators by Civil Code art. 1259 (超过 excludes the number, 以上 includes it).",
    switchTo: "中文", switchLabel: "切换到中文", loadFailed: "The engine failed to load; please reload the page.",
  },
};

const AMOUNTS = ["fixed_asset_investment", "land_area", "annual_tax", "rd_expenditure", "revenue"];
const REQUIRED = ["fixed_asset_investment", "land_area", "annual_tax"];
let lang = "zh";
let ready = false;
/** The engine's labels (verdict, status, property) in each language: the page words none itself. */
const ENGINE = {};
/** Rule id → its label and year, from the engine's rulebook. */
const labels = new Map();
const $ = (id) => document.getElementById(id);

function t(key) { return TEXT[lang][key]; }

function applyLanguage() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.title = lang === "zh" ? "沈抚示范区项目准入自评" : "Shenfu project self-assessment";
  for (const el of document.querySelectorAll("[data-i18n]")) {
    const value = TEXT[lang][el.dataset.i18n];
    if (typeof value === "string") el.textContent = value;
  }
  for (const el of document.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  $("lang").textContent = t("switchTo");
  $("lang").setAttribute("aria-label", t("switchLabel"));
  $("lang").setAttribute("lang", lang === "zh" ? "en" : "zh-CN");
}

function readProject() {
  const project = { industry: $("industry").value };
  const name = $("name").value.trim();
  if (name) project.name = name;
  for (const field of AMOUNTS) {
    const value = $(field).value.trim();
    if (value !== "") project[field] = { value, unit: $(`${field}_unit`).value };
  }
  return project;
}

function clearErrors() {
  for (const el of document.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of document.querySelectorAll(".error")) el.textContent = "";
}

/** Put the engine's message at the field it names (`land_area.value` → the land-area input). */
function showError(error) {
  const message = lang === "zh" ? error.messageZh : error.messageEn;
  const path = typeof error.field === "string" ? error.field : "";
  const [head, part] = path.split(".");
  const isYear = path === "options.year" || path === "year";
  const known = AMOUNTS.includes(head) || head === "industry" || isYear;
  if (!known) {
    $("general-error").textContent = message || String(error);
    return;
  }
  const target = isYear ? "year" : head;
  const input = part === "unit" ? $(`${target}_unit`) : $(target);
  input.setAttribute("aria-invalid", "true");
  $(`${target}-error`).textContent = message;
}

function render() {
  if (!ready) return;
  clearErrors();
  const verdict = $("verdict");
  const outcomes = $("outcomes");
  const missing = REQUIRED.filter((f) => $(f).value.trim() === "");
  if (missing.length > 0) {
    verdict.className = "pending";
    verdict.textContent = missing.length === REQUIRED.length ? t("pending") : t("missing")(missing.map(t).join(lang === "zh" ? "、" : ", "));
    outcomes.replaceChildren();
    $("provenance").textContent = "";
    return;
  }
  const options = {};
  const yearText = $("year").value.trim();
  if (yearText !== "") {
    // The engine checks the year and words the error (its bounds are the plan's, not the page's).
    options.year = /^\d+$/.test(yearText) ? Number(yearText) : yearText;
  }
  let report;
  try {
    report = assess(readProject(), options);
  } catch (error) {
    showError(error);
    verdict.className = "pending";
    verdict.textContent = t("invalid");
    outcomes.replaceChildren();
    $("provenance").textContent = "";
    return;
  }
  verdict.className = report.eligible ? "eligible" : "ineligible";
  verdict.textContent = ENGINE[lang].verdict[report.eligible ? "eligible" : "ineligible"];
  const admission = report.outcomes.filter((o) => o.property === "admission");
  const others = report.outcomes.filter((o) => o.property !== "admission");
  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = `${t("reference")} · ${others.length}`;
  details.append(summary, ...others.map(renderOutcome));
  outcomes.replaceChildren(...admission.map(renderOutcome), details);
  $("provenance").textContent = t("provenance")(report);
}

function quantity(q) {
  if (!q) return "—";
  return q.unit ? `${q.value} ${q.unit}` : q.value;
}

function renderOutcome(o) {
  const card = document.createElement("article");
  card.className = `outcome ${o.status}`;
  card.dataset.rule = o.rule_id;
  const h = document.createElement("h3");
  const title = document.createElement("span");
  const rule = labels.get(o.rule_id);
  const label = rule ? rule.label[lang] + (rule.year ? ` (${rule.year})` : "") : o.rule_id;
  title.textContent = `${label} · ${ENGINE[lang].property[o.property]}`;
  const badge = document.createElement("span");
  badge.className = "badge";
  badge.textContent = ENGINE[lang].status[o.status];
  h.append(title, badge);
  const message = document.createElement("p");
  message.className = "message";
  message.textContent = o.message[lang];
  const dl = document.createElement("dl");
  const row = (label, value, cls) => {
    if (value === null || value === undefined || value === "") return;
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.textContent = value;
    if (cls) dd.className = cls;
    dl.append(dt, dd);
  };
  row(t("observed"), o.observed ? quantity(o.observed) : null);
  if (o.comparator && o.threshold && o.threshold.unit) row(t("threshold"), `${o.comparator} ${quantity(o.threshold)}${o.wording ? `（${o.wording}）` : ""}`);
  row(t("margin"), o.margin ? quantity(o.margin) : null);
  row(t("derivation"), o.derivation, "derivation");
  const quote = document.createElement("blockquote");
  quote.lang = "zh-CN";
  quote.textContent = `${o.citation.section}：「${o.citation.quote.replaceAll("\t", " ")}」`;
  card.append(h, message, dl, quote);
  return card;
}

$("lang").addEventListener("click", () => {
  lang = lang === "zh" ? "en" : "zh";
  applyLanguage();
  render();
});
$("print").addEventListener("click", () => window.print());
$("form").addEventListener("input", render);
$("form").addEventListener("change", render);
$("form").addEventListener("submit", (e) => e.preventDefault());

init()
  .then(() => {
    ENGINE.zh = engineLabels("zh");
    ENGINE.en = engineLabels("en");
    ready = true;
    for (const rule of rules()) labels.set(rule.id, rule);
    const v = version();
    document.body.dataset.engine = `${v.engine} ${v.rulebook} ${v.rulebookVersion}`;
    applyLanguage();
    render();
  })
  .catch(() => {
    $("verdict").className = "pending";
    $("verdict").textContent = t("loadFailed");
  });
