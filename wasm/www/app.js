// The self-assessment page: reads the form, asks the engine (WASM) and shows its verdict.
// Every number and every word comes from the engine: amounts are read by `readAmount` (exact,
// 「2.4亿」「24,000」「２４０００」), the result summary by `pageSummary`, the credit code checked
// by `creditCode`, the printed record's code and QR code by `verification`, the page's words by
// `labels`. This file only carries the form's text in and lays the engine's answers out.
import init, {
  assess,
  creditCode,
  labels as engineLabels,
  pageSummary,
  readAmount,
  rules,
  verification,
  version,
} from "./pkg/shenfu_rules_wasm.js";
import { LOAD_FAILED, applyWords, engineWords, fill, stamp } from "./page.js";

const AMOUNTS = ["fixed_asset_investment", "land_area", "annual_tax", "rd_expenditure", "revenue"];
const REQUIRED = ["fixed_asset_investment", "land_area", "annual_tax"];
/** Every control kept in the draft (localStorage), by id. */
const KEPT = ["company", "credit_code", "name", "industry", "year", ...AMOUNTS, ...AMOUNTS.map((f) => `${f}_unit`)];
const DRAFT = "shenfu-self-assessment-draft-v1";
let lang = "zh";
let ready = false;
let download = null;
let downloadInput = null;
/** The engine's labels (verdict, status, property, industry, the form's words) in each language. */
const ENGINE = {};
/** Rule id → its summary (label, year, threshold), from the engine's rulebook. */
const ruleById = new Map();
const $ = (id) => document.getElementById(id);

/** The engine's word for `key` on the page, `{name}` placeholders filled from `values`. */
function t(key, values = {}) {
  return fill(ENGINE[lang].form[key] ?? "", values);
}

/** A quantity as the page shows it: the engine's unit word in the page's language. */
function quantity(q) {
  if (!q) return "—";
  if (!q.unit) return q.value;
  if (q.unit === "%") return `${q.value}%`;
  return `${q.value} ${t(`unit:${q.unit}`) || q.unit}`;
}

function introduced() {
  const chosen = document.querySelector('input[name="introduced"]:checked');
  return chosen ? chosen.value : "";
}

// ---- the draft: kept in this browser, so a reload loses nothing ----

function saveDraft() {
  const draft = { lang, introduced: introduced() };
  for (const id of KEPT) draft[id] = $(id).value;
  try {
    localStorage.setItem(DRAFT, JSON.stringify(draft));
  } catch {
    /* storage off: nothing kept */
  }
}

function restoreDraft() {
  let draft;
  try {
    draft = JSON.parse(localStorage.getItem(DRAFT) ?? "null");
  } catch {
    draft = null;
  }
  if (!draft || typeof draft !== "object") return;
  for (const id of KEPT) if (typeof draft[id] === "string") $(id).value = draft[id];
  for (const radio of document.querySelectorAll('input[name="introduced"]'))
    radio.checked = radio.value === draft.introduced;
  if (draft.lang === "en" || draft.lang === "zh") lang = draft.lang;
}

function clearDraft() {
  try {
    localStorage.removeItem(DRAFT);
  } catch {
    /* nothing kept */
  }
  $("form").reset();
  render();
  $("fixed_asset_investment").focus();
}

// ---- reading the form ----

/** The project as the engine takes it, with the fields in error and those still missing. */
function readForm() {
  const errors = [];
  const missing = [];
  const project = {};
  const industry = $("industry").value;
  if (industry) project.industry = industry;
  else missing.push({ field: "industry", message: t("missing_choice", { field: t("industry") }) });
  const name = $("name").value.trim();
  if (name) project.name = name;
  // 「以引进项目」: the admission conditions are set for introduced projects.
  const intro = introduced();
  if (intro !== "") project.introduced = intro === "true";
  else missing.push({ field: "introduced", message: t("missing_choice", { field: t("introduced") }) });
  for (const field of AMOUNTS) {
    const text = $(field).value.trim();
    $(`${field}-read`).textContent = "";
    if (text === "") {
      if (REQUIRED.includes(field)) missing.push({ field, message: t("missing_field", { field: t(field) }) });
      continue;
    }
    const kind = $(field).closest(".field").dataset.kind;
    try {
      const typed = readAmount(text, $(`${field}_unit`).value, kind, field);
      project[field] = { value: typed.value, unit: typed.unit };
      if (typed.reinterpreted) $(`${field}-read`).textContent = t("recognised", { value: quantity(typed) });
    } catch (error) {
      errors.push({
        field,
        message: t("amount_error", { message: engineMessage(error), hint: t("amount_format_hint") }),
      });
    }
  }
  const code = $("credit_code").value.trim();
  if (code !== "") {
    const checked = creditCode(code);
    if (!checked.valid) errors.push({ field: "credit_code", message: t(checked.problem, checked) });
  }
  return { project, errors, missing };
}

function engineMessage(error) {
  return (lang === "zh" ? error.messageZh : error.messageEn) || String(error);
}

/** The control an error points at (the radios' first for the yes/no choice). */
function control(field) {
  return field === "introduced" ? $("introduced_yes") : $(field);
}

/** Mark every bad field and list them, linked, in the error summary. */
function showErrors(errors) {
  for (const el of document.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of document.querySelectorAll(".error")) el.textContent = "";
  const list = $("error-list");
  list.replaceChildren();
  for (const { field, message } of errors) {
    const target = control(field);
    if (!target) {
      $("general-error").textContent = message;
      continue;
    }
    if (field === "introduced")
      for (const r of document.querySelectorAll('input[name="introduced"]')) r.setAttribute("aria-invalid", "true");
    else target.setAttribute("aria-invalid", "true");
    $(`${field}-error`).textContent = message;
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = `#${target.id}`;
    link.textContent = message;
    link.addEventListener("click", (e) => {
      e.preventDefault();
      target.focus();
    });
    item.append(link);
    list.append(item);
  }
  $("error-summary").hidden = list.children.length === 0;
}

/** The engine's error at the field it names (`land_area.value` → the land-area input). */
function engineError(error) {
  const path = typeof error.field === "string" ? error.field : "";
  const head = path.split(".")[0];
  const field =
    path === "options.year" || path === "year" ? "year" : AMOUNTS.includes(head) || head === "industry" ? head : null;
  return { field, message: engineMessage(error) };
}

// ---- the result ----

function setVerdict(className, text) {
  const verdict = $("verdict");
  verdict.className = className;
  verdict.textContent = text;
  $("bar-verdict").textContent = text;
  $("bar").className = `bar no-print ${className}`;
}

function clearResult() {
  for (const id of ["summary", "outcomes", "assumptions", "record-inputs", "record-foot", "record-meta"])
    $(id).replaceChildren();
  $("reference").hidden = true;
  $("provenance").textContent = "";
  $("download").hidden = true;
  $("download-input").hidden = true;
}

function render() {
  if (!ready) return;
  $("general-error").textContent = "";
  const { project, errors, missing } = readForm();
  saveDraft();
  $("bar").hidden = false;
  if (errors.length > 0) {
    showErrors(errors);
    setVerdict("pending", t("invalid"));
    clearResult();
    return;
  }
  const missingAmounts = missing.filter((m) => REQUIRED.includes(m.field));
  if (missingAmounts.length === REQUIRED.length) {
    showErrors([]);
    setVerdict("pending", t("pending"));
    clearResult();
    return;
  }
  if (missing.length > 0) {
    showErrors([]);
    setVerdict("pending", t("missing", { fields: missing.map((m) => t(m.field)).join(t("list_separator")) }));
    clearResult();
    return;
  }
  const options = {};
  const yearText = $("year").value.trim();
  // The engine checks the year and words the error (its bounds are the plan's, not the page's).
  if (yearText !== "") options.year = /^\d+$/.test(yearText) ? Number(yearText) : yearText;
  let report;
  try {
    report = assess(project, options);
  } catch (error) {
    showErrors([engineError(error)]);
    setVerdict("pending", t("invalid"));
    clearResult();
    return;
  }
  showErrors([]);
  const summary = pageSummary(report, lang);
  const verdictKey = summary.verdict;
  const title =
    verdictKey === "eligible"
      ? ENGINE[lang].verdict.eligible
      : verdictKey === "not_subject"
        ? (ENGINE[lang].verdict.not_subject ?? t("verdict_not_subject"))
        : (ENGINE[lang].verdict.ineligible ?? ENGINE[lang].verdict.not_eligible);
  setVerdict({ eligible: "eligible", not_subject: "neutral" }[verdictKey] ?? "ineligible", title);
  renderSummary(summary);
  const admission = report.outcomes.filter((o) => o.property === "admission");
  const others = report.outcomes.filter((o) => o.property !== "admission");
  const cards = admission.map((o) => renderOutcome(o, false));
  // One clause quoted once on paper: a card citing the clause the card before it cites says so.
  cards.forEach((card, i) => {
    if (i > 0 && card.dataset.quote === cards[i - 1].dataset.quote) card.classList.add("same-source");
  });
  $("outcomes").replaceChildren(...cards);
  // The reference points: kept open or closed across edits (the element is never replaced).
  $("reference").hidden = others.length === 0;
  $("reference-summary").textContent = `${t("reference")} · ${others.length}`;
  $("reference-list").replaceChildren(...others.map((o) => renderOutcome(o, true)));
  $("assumptions").replaceChildren(...report.assumptions.map((a) => paragraph("assumption", a.message[lang])));
  $("provenance").textContent = t("provenance", {
    rulebook: report.rulebook.id,
    version: report.rulebook.version,
    sha256: report.rulebook.sha256,
    input_sha256: report.input_sha256,
    engine: report.engine.name,
    engine_version: report.engine.version,
  });
  if (download) URL.revokeObjectURL(download);
  download = URL.createObjectURL(new Blob([JSON.stringify(report)], { type: "application/json" }));
  $("download").href = download;
  $("download").hidden = false;
  // The input as sent to the engine, for `shenfu verify shenfu-report.json --input shenfu-input.json`.
  if (downloadInput) URL.revokeObjectURL(downloadInput);
  downloadInput = URL.createObjectURL(new Blob([JSON.stringify(project)], { type: "application/json" }));
  $("download-input").href = downloadInput;
  $("download-input").hidden = false;
  renderRecord(report, summary, title, project);
}

function renderSummary(summary) {
  const parts = [paragraph("headline", summary.headline)];
  const reasons = document.createElement("ul");
  reasons.className = "reasons";
  reasons.append(...summary.reasons.map((r) => item(r)));
  parts.push(reasons);
  if (summary.to_pass && summary.to_pass.options.length > 0) {
    const box = document.createElement("div");
    box.className = "to-pass";
    const options = document.createElement("ol");
    options.append(...summary.to_pass.options.map((o) => item(o)));
    box.append(paragraph("to-pass-intro", summary.to_pass.intro), options);
    parts.push(box);
  }
  parts.push(...summary.readings.map((r) => paragraph("reading", r)));
  parts.push(paragraph("disclaimer", summary.disclaimer));
  $("summary").replaceChildren(...parts);
}

/** The print-only parts of the record: date, applicant, what was entered, clause, code, QR. */
function renderRecord(report, summary, title, project) {
  const meta = $("record-meta");
  const row = (dl, label, value) => {
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.textContent = value;
    dl.append(dt, dd);
  };
  meta.replaceChildren();
  row(meta, t("printed_on"), new Date().toISOString().slice(0, 10));
  row(meta, t("company"), $("company").value.trim() || t("not_given"));
  const code = $("credit_code").value.trim();
  row(meta, t("credit_code"), code ? (creditCode(code).code ?? code) : t("not_given"));
  const inputs = document.createElement("dl");
  inputs.className = "inputs";
  row(inputs, t("name"), project.name ?? t("not_given"));
  row(inputs, t("industry"), ENGINE[lang].industry[industryKey(project.industry)] ?? project.industry);
  row(inputs, t("introduced"), t(project.introduced ? "introduced_yes" : "introduced_no"));
  for (const field of AMOUNTS) row(inputs, t(field), project[field] ? quantity(project[field]) : t("not_given"));
  row(inputs, t("evaluation"), $("year").value.trim() || t("not_given"));
  const heading = document.createElement("h3");
  heading.textContent = t("inputs");
  $("record-inputs").replaceChildren(heading, inputs);
  const check = verification(report.input_sha256);
  const foot = $("record-foot");
  const qr = document.createElement("div");
  qr.className = "qr";
  qr.setAttribute("role", "img");
  qr.setAttribute("aria-label", `${t("verification")} ${check.payload}`);
  qr.innerHTML = check.svg;
  const codeLine = document.createElement("p");
  codeLine.className = "verification-code";
  codeLine.textContent = `${t("verification")}：${check.code}`;
  codeLine.dataset.payload = check.payload;
  const text = document.createElement("div");
  text.append(
    codeLine,
    paragraph("verification-hint", t("verification_hint")),
    paragraph("disclaimer", summary.disclaimer),
  );
  foot.replaceChildren(qr, text);
  foot.dataset.verdict = title;
}

function industryKey(name) {
  const keys = {
    数字经济: "digital_economy",
    信息技术应用及装备: "it_application_equipment",
    智能制造: "intelligent_manufacturing",
    生命健康: "life_health",
    新材料和氢能: "new_materials_hydrogen",
    现代服务业: "modern_services",
    其他: "other",
  };
  return keys[name];
}

function renderOutcome(o, reference) {
  const card = document.createElement("article");
  // Reference points never decide admission: shown without the pass/fail colours.
  card.className = reference ? `outcome reference ${o.status}` : `outcome ${o.status}`;
  card.dataset.rule = o.rule_id;
  const h = document.createElement("h3");
  const title = document.createElement("span");
  const rule = ruleById.get(o.rule_id);
  const label = rule ? rule.label[lang] + (rule.year ? ` (${rule.year})` : "") : o.rule_id;
  title.textContent = `${label} · ${ENGINE[lang].property[o.property]}`;
  const badge = document.createElement("span");
  badge.className = "badge";
  badge.textContent = ENGINE[lang].status[o.status];
  h.append(title, badge);
  const message = paragraph("message", o.message[lang]);
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
  if (o.comparator && o.threshold && o.threshold.unit)
    row(t("threshold"), `${o.comparator} ${quantity(o.threshold)}${o.wording ? `（${o.wording}）` : ""}`);
  row(t("derivation"), o.derivation, "derivation");
  // The engine writes derivations in Chinese only: say so to assistive technology.
  if (lang === "en") for (const dd of dl.querySelectorAll(".derivation")) dd.lang = "zh-CN";
  const source = paragraph("source", t("clause_authoritative"));
  const quote = document.createElement("blockquote");
  quote.lang = "zh-CN";
  quote.textContent = `${o.citation.section}：「${o.citation.quote.replaceAll("\t", " ")}」`;
  card.dataset.quote = quote.textContent;
  card.append(h, message, dl, source, quote);
  return card;
}

function paragraph(className, text) {
  const p = document.createElement("p");
  p.className = className;
  p.textContent = text;
  return p;
}

function item(text) {
  const li = document.createElement("li");
  li.textContent = text;
  return li;
}

/** The two conditions of the start section, their thresholds from the rulebook. */
function renderStart() {
  for (const [id, rule, key] of [
    ["condition-investment", "admission.investment_per_mu", "start_condition_investment"],
    ["condition-tax", "admission.tax_per_mu", "start_condition_tax"],
  ]) {
    const r = ruleById.get(rule);
    if (r && r.threshold) $(id).textContent = t(key, { threshold: quantity(r.threshold) });
  }
}

function applyLanguage() {
  if (!ready) return;
  applyWords(ENGINE[lang], lang, "document_title");
  renderStart();
}

$("lang").addEventListener("click", () => {
  lang = lang === "zh" ? "en" : "zh";
  applyLanguage();
  render();
});
$("print").addEventListener("click", () => window.print());
$("clear").addEventListener("click", clearDraft);
// Re-render on every edit (text boxes, selects and radios all say `input`); never submit. No
// `change` re-render: it would run again after the first click elsewhere.
$("form").addEventListener("input", render);
$("form").addEventListener("submit", (e) => e.preventDefault());

init()
  .then(() => {
    Object.assign(ENGINE, engineWords(engineLabels));
    ready = true;
    for (const rule of rules()) ruleById.set(rule.id, rule);
    stamp(version);
    restoreDraft();
    applyLanguage();
    render();
  })
  .catch(() => {
    $("verdict").className = "pending";
    $("verdict").textContent = LOAD_FAILED[lang];
  });
