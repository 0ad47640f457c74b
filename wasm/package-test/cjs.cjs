// CommonJS, as a Node service would use the package: the README's example, and a fixture's
// canonical bytes.
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const shenfu = require("shenfu-rules");

const fixture = path.join(process.argv[2], "fixtures/projects/cases/001-eligible_digital_economy");
const input = fs.readFileSync(path.join(fixture, "input.json"), "utf8");
const expected = fs.readFileSync(path.join(fixture, "report.json"), "utf8").trimEnd();
assert.equal(shenfu.assessJson(input, undefined), expected);

const report = shenfu.assess(JSON.parse(input), { year: 2024 });
assert.equal(report.eligible, true);
assert.equal(report.outcomes[0].derivation,
  "亩均投入 = 固定资产投资 ÷ 用地面积 = 24000 万元 ÷ 60 亩 = 400 万元/亩");
assert.throws(
  () => shenfu.assess({ ...JSON.parse(input), land_area: { value: -5, unit: "亩" } }, undefined),
  (e) => e.code === "negative_value" && e.field === "land_area.value" && JSON.parse(e.json).error.code === "negative_value",
);
assert.equal(shenfu.version().engine, require("shenfu-rules/package.json").version);
console.log("cjs: ok");
