// The progress page: observations pasted as delimited text (a spreadsheet's tab-separated
// cells or CSV), the evaluation year and the chart's selection go to the engine (the whole
// engine's WASM, with the zone); the picture is the engine's SVG, byte for byte what
// `shenfu progress --svg` draws. This file only splits the text into rows and shows the result.
import init, { labels as engineLabels, progress, progressSvg, version } from "./pkg-zone/shenfu_rules_wasm.js";
import { LOAD_FAILED, applyWords, engineWords, fill, listen, stamp } from "./page.js";

let lang = "zh";
let ready = false;
const ENGINE = {};
const $ = (id) => document.getElementById(id);
let download = null;

/** The engine's word for `key` on the page, `{name}` placeholders filled from `values`. */
function t(key, values = {}) {
  return fill(ENGINE[lang].form[key], values);
}

/** A text error at one of the page's fields (the rows' shape; everything else is the engine's). */
class PageError extends Error {
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}

/** Rows of `indicator, year, value, unit` from pasted text: comma- or tab-separated, the first
 * line naming the columns in any order. Cells are passed on as written (numbers stay text, so
 * they stay exact); a year of digits becomes a number, anything else goes to the engine as it
 * is, to be refused there with the field named. */
function observationRows(text) {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  if (lines.length === 0) throw new PageError("observations", t("observations_empty"));
  const split = (line) => line.split(line.includes("\t") ? "\t" : ",").map((c) => c.trim());
  const header = split(lines[0]);
  return lines.slice(1).map((line, i) => {
    const cells = split(line);
    if (cells.length !== header.length) {
      throw new PageError("observations", t("observations_row", { line: i + 2, columns: header.length, found: cells.length }));
    }
    const row = Object.fromEntries(header.map((name, j) => [name, cells[j]]));
    if (/^\d+$/.test(row.year ?? "")) row.year = Number(row.year);
    return row;
  });
}

function chosenIndicators() {
  const chosen = [...$("indicators").selectedOptions].map((o) => o.value);
  return chosen.length > 0 ? chosen : undefined;
}

function clearErrors() {
  for (const el of document.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of document.querySelectorAll(".error")) el.textContent = "";
}

/** The engine's (or the page's) message at the field it names: `observations[3].value` is the
 * text area, `year` the year, `options.indicators` the list. */
function showError(error) {
  const message = error instanceof PageError ? error.message : (lang === "zh" ? error.messageZh : error.messageEn);
  const field = typeof error.field === "string" ? error.field : "";
  const target = field.startsWith("observations") || field.startsWith("[") ? "observations"
    : field === "year" ? "year"
    : field.startsWith("options.indicators") ? "indicators"
    : null;
  if (target === null) {
    $("general-error").textContent = message || String(error);
    return;
  }
  $(target).setAttribute("aria-invalid", "true");
  $(`${target}-error`).textContent = field.startsWith("observations[") || field.startsWith("[") ? `${field}: ${message}` : message;
}

function render() {
  if (!ready) return;
  clearErrors();
  const chart = $("chart");
  try {
    const observations = observationRows($("observations").value);
    const yearText = $("year").value.trim();
    const year = /^\d+$/.test(yearText) ? Number(yearText) : yearText;
    const svg = progressSvg(observations, year, { lang, onlyObserved: $("only_observed").checked, indicators: chosenIndicators() });
    chart.innerHTML = svg;
    if (download) URL.revokeObjectURL(download);
    download = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
    $("download").href = download;
    $("download").removeAttribute("aria-disabled");
  } catch (error) {
    chart.textContent = "";
    $("download").removeAttribute("href");
    $("download").setAttribute("aria-disabled", "true");
    showError(error);
  }
}

/** The indicator list, named in the page's language, from the engine's own progress report. */
function fillIndicators() {
  const select = $("indicators");
  const chosen = new Set([...select.selectedOptions].map((o) => o.value));
  select.textContent = "";
  for (const indicator of progress([], 2025).indicators) {
    const option = document.createElement("option");
    option.value = indicator.id;
    const name = lang === "zh" ? indicator.name.zh : indicator.name.en;
    option.textContent = indicator.number ? `${indicator.number}. ${name}` : name;
    option.selected = chosen.has(indicator.id);
    select.append(option);
  }
}

$("lang").addEventListener("click", () => {
  lang = lang === "zh" ? "en" : "zh";
  if (!ready) return;
  applyWords(ENGINE[lang], lang, "progress_document_title");
  fillIndicators();
  render();
});
listen($("form"), render);

init()
  .then(() => {
    Object.assign(ENGINE, engineWords(engineLabels));
    ready = true;
    stamp(version);
    applyWords(ENGINE[lang], lang, "progress_document_title");
    fillIndicators();
    render();
  })
  .catch(() => {
    $("general-error").textContent = LOAD_FAILED[lang];
  });
