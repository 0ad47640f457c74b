// The self-assessment page: reads the form, asks the engine (WASM) and shows its verdict.
// Every number and every word of a verdict comes from the engine's report; this file only
// carries the form's text in and renders the report out.
import init, { assess, labels as engineLabels, readings, rules, version } from "./pkg/shenfu_rules_wasm.js";
import { LOAD_FAILED, applyWords, engineWords, fill, listen, stamp } from "./page.js";

const AMOUNTS = ["fixed_asset_investment", "land_area", "annual_tax", "rd_expenditure", "revenue"];
const REQUIRED = ["fixed_asset_investment", "land_area", "annual_tax"];
let lang = "zh";
let ready = false;
/** The engine's labels (verdict, status, property, industry, the form's words) in each language. */
const ENGINE = {};
/** Rule id → its label and year, from the engine's rulebook. */
const labels = new Map();
/** Reading id → the reading (its words, whether its alternative is computable). */
const readingsById = new Map();
const $ = (id) => document.getElementById(id);

/** The engine's word for `key` on the page, `{name}` placeholders filled from `values`. */
function t(key, values = {}) {
  return fill(ENGINE[lang].form[key], values);
}

function applyLanguage() {
  if (ready) applyWords(ENGINE[lang], lang, "document_title");
}

function readProject() {
  const project = { industry: $("industry").value };
  const name = $("name").value.trim();
  if (name) project.name = name;
  // 「以引进项目」: the admission conditions are set for introduced projects; unsaid is assumed.
  const introduced = $("introduced").value;
  if (introduced !== "") project.introduced = introduced === "true";
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
    verdict.textContent = missing.length === REQUIRED.length ? t("pending") : t("missing", { fields: missing.map((f) => t(f)).join(t("list_separator")) });
    outcomes.replaceChildren();
    $("assumptions").replaceChildren();
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
    $("assumptions").replaceChildren();
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
  $("assumptions").replaceChildren(...report.assumptions.map((a) => paragraph("assumption", a.message[lang])));
  $("provenance").textContent = t("provenance", {
    rulebook: report.rulebook.id, version: report.rulebook.version, sha256: report.rulebook.sha256,
    input_sha256: report.input_sha256, engine: report.engine.name, engine_version: report.engine.version,
  });
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
  const extra = [];
  if (o.to_pass && o.to_pass.length) {
    // What would make it pass, worded by the engine's templates: 「固定资产投资总额超过 18000 万元；或……」.
    const conditions = o.to_pass.map((c) =>
      t(`to_pass_${{ ">": "gt", ">=": "ge", "<": "lt", "<=": "le" }[c.comparator]}`, {
        field: t(c.field), value: quantity(c.value),
      }));
    extra.push(paragraph("to-pass", t("to_pass", { conditions: conditions.join(t("to_pass_or")) })));
  }
  if (o.alternative_status) {
    const words = o.readings.map((id) => readingsById.get(id))
      .filter((r) => r && r.computable).map((r) => r.words);
    extra.push(paragraph("alternative", t("alternative", {
      readings: words.join(t("list_separator")), status: ENGINE[lang].status[o.alternative_status],
    })));
  }
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
  card.append(h, message, ...extra, dl, quote);
  return card;
}

function paragraph(className, text) {
  const p = document.createElement("p");
  p.className = className;
  p.textContent = text;
  return p;
}

$("lang").addEventListener("click", () => {
  lang = lang === "zh" ? "en" : "zh";
  applyLanguage();
  render();
});
$("print").addEventListener("click", () => window.print());
listen($("form"), render);

init()
  .then(() => {
    Object.assign(ENGINE, engineWords(engineLabels));
    ready = true;
    for (const rule of rules()) labels.set(rule.id, rule);
    for (const reading of readings()) readingsById.set(reading.id, reading);
    stamp(version);
    applyLanguage();
    render();
  })
  .catch(() => {
    $("verdict").className = "pending";
    $("verdict").textContent = LOAD_FAILED[lang];
  });
