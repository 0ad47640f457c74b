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

/** Indicator names (Chinese and English, as the engine names them) → ids. */
const indicatorIds = new Map();
/** The pasted line (1-based) of each observation row, for errors. */
let rowLines = [];

/** A column's key from a pasted header: the contract's own (`indicator`) or the engine's column
 * word in either language (指标, 年份, 数值, 单位; Indicator, Year, …). */
function columnKey(name) {
  const n = name.trim().toLowerCase();
  for (const key of ["indicator", "year", "value", "unit"]) {
    if (
      n === key ||
      n === ENGINE.zh.form[`col_${key}`].toLowerCase() ||
      n === ENGINE.en.form[`col_${key}`].toLowerCase()
    )
      return key;
  }
  return name.trim();
}

/** Rows of `indicator, year, value, unit` from pasted text: comma- or tab-separated, the first
 * line naming the columns in any order (in Chinese or English). An indicator may be given by
 * its name in either language (the engine's names) or its id. Cells are passed on as written
 * (numbers stay text, so they stay exact); a year of digits becomes a number, anything else goes
 * to the engine as it is, to be refused there with the pasted line named. */
function observationRows(text) {
  const lines = text
    .split(/\r?\n/)
    .map((l, i) => [i + 1, l.trim()])
    .filter(([, l]) => l !== "");
  if (lines.length === 0) throw new PageError("observations", t("observations_empty"));
  const split = (line) => line.split(line.includes("\t") ? "\t" : ",").map((c) => c.trim());
  const header = split(lines[0][1]).map(columnKey);
  rowLines = lines.slice(1).map(([n]) => n);
  return lines.slice(1).map(([n, line]) => {
    const cells = split(line);
    if (cells.length !== header.length) {
      throw new PageError(
        "observations",
        t("observations_row", { line: n, columns: header.length, found: cells.length }),
      );
    }
    const row = Object.fromEntries(header.map((name, j) => [name, cells[j]]));
    if (typeof row.indicator === "string")
      row.indicator = indicatorIds.get(row.indicator.toLowerCase()) ?? row.indicator;
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
  const message = error instanceof PageError ? error.message : lang === "zh" ? error.messageZh : error.messageEn;
  const field = typeof error.field === "string" ? error.field : "";
  const target =
    field.startsWith("observations") || field.startsWith("[")
      ? "observations"
      : field === "year"
        ? "year"
        : field.startsWith("options.indicators")
          ? "indicators"
          : null;
  if (target === null) {
    $("general-error").textContent = message || String(error);
    return;
  }
  $(target).setAttribute("aria-invalid", "true");
  // `[3].value` is the pasted text's line of that row, named as the applicant sees it.
  const row = field.match(/^(?:observations)?\[(\d+)\]/);
  const line = row ? rowLines[Number(row[1])] : undefined;
  $(`${target}-error`).textContent = line ? t("observations_line", { line, message }) : message;
}

function render() {
  if (!ready) return;
  clearErrors();
  const chart = $("chart");
  try {
    const observations = observationRows($("observations").value);
    const yearText = $("year").value.trim();
    const year = /^\d+$/.test(yearText) ? Number(yearText) : yearText;
    const svg = progressSvg(observations, year, {
      lang,
      onlyObserved: $("only_observed").checked,
      indicators: chosenIndicators(),
    });
    chart.innerHTML = svg;
    dataTable(progress(observations, year), year);
    if (download) URL.revokeObjectURL(download);
    download = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
    $("download").href = download;
    $("download").removeAttribute("aria-disabled");
  } catch (error) {
    chart.textContent = "";
    chart.removeAttribute("aria-label");
    $("chart-table").hidden = true;
    $("download").removeAttribute("href");
    $("download").setAttribute("aria-disabled", "true");
    showError(error);
  }
}

/** The chart's text alternative: a table of what it draws (the same indicators: those with a
 * target, observed ones only when asked, the chosen ones when any are), and a one-sentence
 * description. */
function dataTable(report, year) {
  const chosen = chosenIndicators();
  const onlyObserved = $("only_observed").checked;
  const rows = [];
  const counts = new Map();
  let indicators = 0;
  for (const indicator of report.indicators) {
    if (indicator.targets.length === 0) continue;
    // The engine's chart filter (`to_svg_selected`): both conditions, when given.
    if (chosen && !chosen.includes(indicator.id)) continue;
    if (onlyObserved && indicator.observations.length === 0) continue;
    indicators += 1;
    const name = `${lang === "zh" ? indicator.name.zh : indicator.name.en} (${indicator.id})`;
    for (const target of indicator.targets) {
      const tr = document.createElement("tr");
      const cells = [
        name,
        String(target.year),
        `${target.comparator ?? ""} ${target.required ?? target.threshold?.value ?? ""} ${target.threshold?.unit ?? indicator.unit ?? ""}`.trim(),
        target.observed ? `${target.observed.value} (${target.observed.year})` : "—",
        ENGINE[lang].progress_status[target.status] ?? target.status,
      ];
      cells.forEach((text, i) => {
        const cell = document.createElement(i === 0 ? "th" : "td");
        if (i === 0) cell.scope = "row";
        cell.textContent = text;
        tr.append(cell);
      });
      rows.push(tr);
      counts.set(target.status, (counts.get(target.status) ?? 0) + 1);
    }
  }
  $("chart-rows").replaceChildren(...rows);
  $("chart-caption").textContent = t("chart_table", { year });
  $("chart-table").hidden = rows.length === 0;
  const said = [...counts].map(([status, n]) =>
    t("count", { status: ENGINE[lang].progress_status[status] ?? status, n }),
  );
  $("chart").setAttribute(
    "aria-label",
    t("chart_alt", { year, indicators, targets: rows.length, counts: said.join(t("list_separator")) }),
  );
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
    // The id beside the name: what a pasted row may say instead of the name.
    option.textContent = `${indicator.number ? `${indicator.number}. ` : ""}${name} · ${indicator.id}`;
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
    for (const indicator of progress([], 2025).indicators) {
      for (const name of [indicator.id, indicator.name.zh, indicator.name.en])
        indicatorIds.set(name.toLowerCase(), indicator.id);
    }
    applyWords(ENGINE[lang], lang, "progress_document_title");
    fillIndicators();
    render();
  })
  .catch(() => {
    $("general-error").textContent = LOAD_FAILED[lang];
  });
