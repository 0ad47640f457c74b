// Verdicts alone (feature `decide`, the Node flavour): the same verdict as the explained report,
// on every project fixture; a bad item or row named by its index.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, "..", "..", "fixtures", "projects", "cases");
const shenfu = createRequire(import.meta.url)("../pkg-node/shenfu_rules_wasm.js");
const KEYS = ["not_eligible", "eligible", "not_subject"];

test("decideJson and decideMany give the report's verdict on every fixture", () => {
  const good = [];
  for (const name of readdirSync(fixtures).sort()) {
    const input = readFileSync(join(fixtures, name, "input.json"), "utf8");
    const year = JSON.parse(readFileSync(join(fixtures, name, "case.json"), "utf8")).options.year;
    const options = year === null ? undefined : { year };
    let report;
    try {
      report = JSON.parse(shenfu.assessJson(input, options));
    } catch (e) {
      assert.throws(
        () => shenfu.decideJson(input, options),
        (d) => d.json === e.json,
        name,
      );
      continue;
    }
    assert.equal(shenfu.decideJson(input, options), report.verdict, name);
    if (year === null) good.push([input, report.verdict]);
  }
  const codes = shenfu.decideMany(`[${good.map(([i]) => i).join(",")}]`);
  assert.deepEqual(
    [...codes].map((c) => KEYS[c]),
    good.map(([, v]) => v),
  );
});

test("decide reads a JS object as assess does", () => {
  const p = {
    industry: "智能制造",
    fixed_asset_investment: { value: "18000", unit: "万元" },
    land_area: { value: "60", unit: "亩" },
    annual_tax: { value: "3000", unit: "万元" },
  };
  assert.equal(shenfu.decide(p), shenfu.assess(p).verdict);
  assert.equal(shenfu.decide(p), "not_eligible");
});

test("a bad item or row is named by its index", () => {
  const ok = '{"industry":"智能制造","fixed_asset_investment":"1","land_area":"1","annual_tax":"1"}';
  assert.throws(
    () => shenfu.decideMany(`[${ok},{"industry":"智能制造"}]`),
    (e) => e.code === "missing_field" && e.field === "[1].fixed_asset_investment",
  );
  assert.throws(
    () => shenfu.decideMany("{}"),
    (e) => e.code === "invalid_type",
  );
  const units = { fixed_asset_investment: "万元", land_area: "亩", annual_tax: "万元" };
  const codes = shenfu.decideColumns(
    ["数字经济", "智能制造"],
    new Float64Array([24000, 18000]),
    new Float64Array([60, 60]),
    new Float64Array([3000, 3000]),
    units,
  );
  assert.deepEqual(
    [...codes].map((c) => KEYS[c]),
    ["eligible", "not_eligible"],
  );
  assert.throws(
    () => shenfu.decideColumns(["数字经济", "火星"], [1, 1], [1, 1], [1, 1], units),
    (e) => e.code === "unknown_industry" && e.field === "[1].industry",
  );
});
