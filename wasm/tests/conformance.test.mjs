// The WASM package against the shared fixtures: every case gives the canonical bytes the Rust
// core and the CLI give, every bad input the same error code and field.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, "..", "..", "fixtures");
const require = createRequire(import.meta.url);
const shenfu = require("../pkg-node/shenfu_rules_wasm.js");

/** The canonical error JSON the engine attached to the thrown Error. */
function canonicalError(e) {
  assert.equal(typeof e.json, "string", `not an engine error: ${e}`);
  return e.json;
}

/** Whether every JSON number in `text` survives a trip through a JS number unchanged. */
function numbersRoundTrip(text) {
  const literals = text.match(/(?<=[:\[,]\s*)-?\d+(\.\d+)?([eE][+-]?\d+)?(?=\s*[,}\]])/g) ?? [];
  return literals.every((lit) => {
    const n = Number(lit);
    return Number.isFinite(n) && String(n) === lit;
  });
}

const cases = readdirSync(join(fixtures, "projects", "cases")).sort();

/** A case's options as `assess` takes them: the year, and the readings under their alternative. */
function caseOptions(dir) {
  const { year, alternatives } = JSON.parse(readFileSync(join(dir, "case.json"), "utf8")).options;
  if (year === null && alternatives === undefined) return undefined;
  return { ...(year === null ? {} : { year }), ...(alternatives === undefined ? {} : { alternatives }) };
}

test("every project case gives the canonical bytes through assessJson", () => {
  assert.ok(cases.length >= 50);
  for (const name of cases) {
    const dir = join(fixtures, "projects", "cases", name);
    const input = readFileSync(join(dir, "input.json"), "utf8");
    const expected = readFileSync(join(dir, "report.json"), "utf8").trimEnd();
    const options = caseOptions(dir);
    let actual;
    try {
      actual = shenfu.assessJson(input, options);
    } catch (e) {
      assert.equal(e.name, "ShenfuError", `${name}: ${e}`);
      actual = canonicalError(e);
    }
    assert.equal(actual, expected, name);
  }
});

test("object input gives the same report as its JSON text", () => {
  let compared = 0;
  for (const name of cases) {
    const dir = join(fixtures, "projects", "cases", name);
    const input = readFileSync(join(dir, "input.json"), "utf8");
    const expected = readFileSync(join(dir, "report.json"), "utf8").trimEnd();
    let value;
    try {
      value = JSON.parse(input);
    } catch {
      continue;
    }
    if (!numbersRoundTrip(input)) continue; // e.g. a number beyond f64: only the text path is exact
    let actual;
    try {
      actual = JSON.stringify(shenfu.assess(value, caseOptions(dir)));
    } catch (e) {
      actual = canonicalError(e);
    }
    assert.equal(actual, expected, name);
    compared += 1;
  }
  assert.ok(compared >= 40, `compared ${compared}`);
});

function csvObservations(path) {
  const [header, ...rows] = readFileSync(path, "utf8").trim().split("\n");
  const keys = header.split(",");
  return rows.map((row) => Object.fromEntries(row.split(",").map((cell, i) => [keys[i], cell])));
}

test("every progress case gives the canonical bytes", () => {
  const dir = join(fixtures, "indicators", "cases");
  for (const name of readdirSync(dir)) {
    const caseDir = join(dir, name);
    const { year } = JSON.parse(readFileSync(join(caseDir, "case.json"), "utf8"));
    const observations = csvObservations(join(caseDir, "observations.csv"));
    const expected = readFileSync(join(caseDir, "report.json"), "utf8").trimEnd();
    assert.equal(shenfu.progressJson(observations, year), expected, name);
    assert.equal(JSON.stringify(shenfu.progress({ observations }, year)), expected, name);
    assert.ok(shenfu.progressSvg(observations, year, "en").startsWith("<svg"));
  }
});

test("progressSvg draws a chart for a report: the CLI's --only-observed and --indicators picture, byte for byte", () => {
  const caseDir = join(fixtures, "indicators", "cases", "2023-mixed");
  const csv = join(caseDir, "observations.csv");
  const observations = csvObservations(csv);
  const cli = (flags) => {
    const out = join(here, "..", "..", "target", `progress-${flags.join("")}.svg`);
    // Exit 1: a binding target is missed in this case — the picture is written all the same.
    const run = spawnSync(
      "cargo",
      ["run", "-q", "-p", "shenfu-rules-cli", "--", "progress", csv, "--year", "2023", "--svg", out, ...flags],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    assert.ok(run.status === 0 || run.status === 1, `shenfu progress exited ${run.status}`);
    return readFileSync(out, "utf8");
  };
  const observed = shenfu.progressSvg(observations, 2023, { onlyObserved: true, lang: "en" });
  assert.equal(observed, cli(["--only-observed", "--lang", "en"]));
  const gdp = shenfu.progressSvg(observations, 2023, { indicators: ["gdp", "rd_intensity"] });
  assert.equal(gdp, cli(["--indicators", "gdp,rd_intensity"]));
  // Fewer rows than the whole plan's picture, the language string still accepted.
  const rows = (svg) => svg.split("<text").length;
  assert.ok(rows(gdp) < rows(observed) && rows(observed) < rows(shenfu.progressSvg(observations, 2023, "en")));
  const refused = (options) => {
    try {
      shenfu.progressSvg(observations, 2023, options);
    } catch (e) {
      return JSON.parse(canonicalError(e)).error;
    }
    assert.fail(`accepted ${JSON.stringify(options)}`);
  };
  assert.deepEqual(pick(refused({ indicators: ["no_such_indicator"] })), ["unknown_indicator", "options.indicators"]);
  assert.deepEqual(pick(refused({ onlyObserved: "yes" })), ["invalid_type", "options.onlyObserved"]);
  assert.deepEqual(pick(refused({ indicators: [1] })), ["invalid_type", "options.indicators[0]"]);
  assert.deepEqual(pick(refused({ lang: "fr" })), ["unknown_field", "options.lang"]);
  assert.deepEqual(pick(refused({ colour: "red" })), ["unknown_field", "options.colour"]);
  assert.deepEqual(pick(refused({ alternatives: ["no.such.reading"] })), ["unknown_reading", "options.alternatives"]);
});

function pick(error) {
  return [error.code, error.field];
}

test("bad observations (JSON) throw the expected code and field", () => {
  const dir = join(fixtures, "indicators", "bad");
  const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8"));
  let checked = 0;
  for (const [file, want] of Object.entries(expected)) {
    if (!file.endsWith(".json")) continue;
    let value;
    try {
      value = JSON.parse(readFileSync(join(dir, file), "utf8"));
    } catch {
      continue;
    } // truncated JSON: text-level
    assert.throws(
      () => shenfu.progress(value, 2023),
      (e) => e.code === want.code && e.field === want.field,
      file,
    );
    checked += 1;
  }
  assert.ok(checked >= 10);
});

test("rules, explain, conflicts and version describe the embedded rulebook", () => {
  const rules = shenfu.rules();
  assert.equal(rules.length, 8 + 101 + 58); // project rules, table cells, prose targets
  assert.equal(rules[0].id, "admission.investment_per_mu");
  assert.equal(shenfu.explain("target.gdp.2025.multiple").wording, "翻两番");
  assert.throws(
    () => shenfu.explain("nope"),
    (e) => e.code === "unknown_rule",
  );
  assert.equal(shenfu.conflicts().length, 20);
  assert.equal(shenfu.version().rulebook, "shenfu-14th-fyp");
});

test("readings: listed, on every outcome, and an alternative evaluated as the CLI does", () => {
  const chao = shenfu.readings().find((r) => r.id === "wording.chao");
  assert.deepEqual([chao.words, chao.basis, chao.computable], ["超", "analogy", true]);
  const boundary = {
    industry: "智能制造",
    fixed_asset_investment: { value: "18000", unit: "万元" },
    land_area: { value: "60", unit: "亩" },
    annual_tax: { value: "3000", unit: "万元" },
  };
  const chosen = shenfu.assess(boundary);
  const invest = chosen.outcomes[0];
  assert.deepEqual([invest.status, invest.alternative_status], ["fail", "pass"]);
  assert.deepEqual(
    invest.to_pass.map((c) => [c.field, c.comparator, c.value.value, c.value.unit]),
    [
      ["fixed_asset_investment", ">", "18000", "万元"],
      ["land_area", "<", "60", "亩"],
    ],
  );
  // The other reading, in either order and repeated, is the same rulebook and the CLI's bytes.
  const other = shenfu.assessJson(JSON.stringify(boundary), { alternatives: ["wording.chao"] });
  assert.equal(shenfu.assessJson(JSON.stringify(boundary), { alternatives: ["wording.chao", "wording.chao"] }), other);
  const cli = execFileSync(
    "cargo",
    [
      "run",
      "-q",
      "-p",
      "shenfu-rules-cli",
      "--",
      "assess",
      "-",
      "--format",
      "jsonl",
      "--reading",
      "wording.chao=alternative",
    ],
    { input: JSON.stringify(boundary), cwd: join(here, "..", ".."), encoding: "utf8" },
  );
  assert.equal(cli, other + "\n");
  assert.equal(JSON.parse(other).eligible, true);
  assert.throws(
    () => shenfu.assess(boundary, { alternatives: ["nope"] }),
    (e) => e.code === "unknown_reading" && e.field === "options.alternatives",
  );
  assert.throws(
    () => shenfu.assess(boundary, { alternatives: "wording.chao" }),
    (e) => e.code === "invalid_type" && e.field === "options.alternatives",
  );
  assert.throws(
    () => shenfu.assess(boundary, { alternative: ["wording.chao"] }),
    (e) => e.code === "unknown_field",
  );
  const observed = [{ indicator: "high_tech_enterprises", year: 2025, value: "200" }];
  const target = (report) =>
    report.indicators.flatMap((i) => i.targets).find((t) => t.target_id === "target.high_tech_enterprises.2025");
  assert.deepEqual(
    [target(shenfu.progress(observed, 2025)).status, target(shenfu.progress(observed, 2025)).alternative_status],
    ["missed", "met"],
  );
  assert.equal(target(shenfu.progress(observed, 2025, { alternatives: ["wording.tupo"] })).status, "met");
});

const base = {
  industry: "数字经济",
  fixed_asset_investment: { value: "24000", unit: "万元" },
  land_area: { value: 60, unit: "亩" },
  annual_tax: { value: "3000", unit: "万元" },
};

test("JS numbers are read through their shortest text; bad values are named", () => {
  // 0.1 + 0.2 is 0.30000000000000004 in a double: the engine sees exactly that text.
  const r = shenfu.assess({ ...base, land_area: { value: 0.1 + 0.2, unit: "亩" } });
  assert.ok(r.outcomes[0].derivation.includes("24000 万元 ÷ 0.30000000000000004 亩"), r.outcomes[0].derivation);
  assert.equal(r.outcomes[0].observed.value, "79999.99999999998933333333333");
  const bad = [
    [{ ...base, land_area: { value: NaN, unit: "亩" } }, "non_finite", "land_area.value"],
    [{ ...base, land_area: { value: Infinity, unit: "亩" } }, "non_finite", "land_area.value"],
    [{ ...base, land_area: { value: -Infinity, unit: "亩" } }, "non_finite", "land_area.value"],
    [{ ...base, land_area: { value: 0, unit: "亩" } }, "zero_area", "land_area.value"],
    [{ ...base, land_area: { value: -60, unit: "亩" } }, "negative_value", "land_area.value"],
    [{ ...base, land_area: { value: "", unit: "亩" } }, "invalid_number", "land_area.value"],
    [{ ...base, land_area: { value: "60", unit: "acre" } }, "unknown_unit", "land_area.unit"],
    [{ ...base, land_area: true }, "invalid_type", "land_area"],
    [{ ...base, land_area: { value: () => 1, unit: "亩" } }, "invalid_type", "land_area.value"],
    [{ ...base, surprise: 1 }, "unknown_field", "surprise"],
    [{ ...base, industry: "钢铁" }, "unknown_industry", "industry"],
    [{ ...base, annual_tax: undefined }, "missing_field", "annual_tax"],
    [{ ...base, annual_tax: { value: 1e400, unit: "万元" } }, "non_finite", "annual_tax.value"],
    [{ ...base, annual_tax: { value: "1e400", unit: "万元" } }, "out_of_range", "annual_tax.value"],
    [{ ...base, annual_tax: { value: 10n ** 40n, unit: "元" } }, "out_of_range", "annual_tax.value"],
    [{ ...base, annual_tax: { value: "3000", unit: "美元" } }, "currency_mismatch", null],
    [[base], "invalid_type", null],
    [null, "invalid_type", null],
  ];
  for (const [project, code, field] of bad) {
    assert.throws(
      () => shenfu.assess(project),
      (e) => e instanceof Error && e.code === code && (field === null || e.field === field),
      `${code} ${field}`,
    );
  }
  assert.throws(
    () => shenfu.assess(base, { year: 2023.5 }),
    (e) => e.code === "invalid_type" && e.field === "options.year",
  );
  assert.throws(
    () => shenfu.assess(base, { year: 2040 }),
    (e) => e.code === "out_of_range",
  );
  assert.throws(
    () => shenfu.assess(base, { lang: "en" }),
    (e) => e.code === "unknown_field" && e.field === "options.lang",
  );
  let deep = { value: "1", unit: "亩" };
  for (let i = 0; i < 200; i += 1) deep = { nested: deep };
  assert.throws(
    () => shenfu.assess({ ...base, land_area: deep }),
    (e) => typeof e.code === "string",
  );
  assert.equal(shenfu.assess(base, { year: 2024 }).eligible, true);
  assert.equal(shenfu.assess({ ...base, annual_tax: { value: 10n ** 6n, unit: "元" } }).eligible, false);
});

test("the TypeScript declarations ship with the package", () => {
  const dts = join(here, "..", "pkg-node", "shenfu_rules_wasm.d.ts");
  assert.ok(existsSync(dts));
  const text = readFileSync(dts, "utf8");
  for (const name of [
    "export function assess(project: Project, options: AssessOptions | undefined): Report",
    "export interface Report",
    "export interface ShenfuError",
    "export function progress(",
  ]) {
    assert.ok(text.includes(name), name);
  }
});

// The Node build writes reports in UTF-16 and hands them over through one view of the memory
// (wasm/src/text.rs): characters of every UTF-8 width — one to four bytes, a surrogate pair, a
// long run of either kind — come out as the CLI writes them, through `assessJson` and `assess`.
test("reports with characters of every width are the CLI's bytes", () => {
  const ids = [
    "P-1",
    "é ß ߿",
    "亩均投入超 300 万元",
    "𝄞 😀 \u{10ffff}",
    "a".repeat(100) + "长".repeat(100) + "😀".repeat(20),
    // 9 MB: the memory grows while the report is written, so the view strings are made from
    // must be made again (the old one is detached) — for this report and the next.
    "长".repeat(3_000_000),
    "P-2",
  ];
  const projects = ids.map((id) =>
    JSON.stringify({
      id,
      industry: "智能制造",
      fixed_asset_investment: { value: "5000", unit: "万元" },
      land_area: { value: "10", unit: "亩" },
      annual_tax: { value: "500", unit: "万元" },
    }),
  );
  const cli = execFileSync("cargo", ["run", "-q", "-p", "shenfu-rules-cli", "--", "assess", "-", "--format", "jsonl"], {
    input: projects.join("\n") + "\n",
    cwd: join(here, "..", ".."),
    encoding: "utf8",
    maxBuffer: 64 << 20,
  }).split("\n");
  projects.forEach((project, i) => {
    const text = shenfu.assessJson(project);
    assert.equal(text, cli[i], ids[i]);
    assert.equal(JSON.parse(text).subject.id, ids[i]);
    assert.deepEqual(shenfu.assess(JSON.parse(project)), JSON.parse(cli[i]));
  });
});
