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
assert.equal(report.outcomes[0].derivation, "亩均投入 = 固定资产投资 ÷ 用地面积 = 24000 万元 ÷ 60 亩 = 400 万元/亩");
assert.throws(
  () => shenfu.assess({ ...JSON.parse(input), land_area: { value: -5, unit: "亩" } }, undefined),
  (e) =>
    e.code === "negative_value" && e.field === "land_area.value" && JSON.parse(e.json).error.code === "negative_value",
);
assert.equal(shenfu.version().engine, require("shenfu-rules/package.json").version);

// A decision's receipt, verified offline with the log's public key and the application: the
// canonical bytes of fixtures/receipts.
const receipts = path.join(process.argv[2], "fixtures/receipts");
const receipt = (name) => fs.readFileSync(path.join(receipts, name), "utf8");
const verification = shenfu.verifyReceipt(receipt("answer.json"), receipt("public.key"), receipt("input.json"));
assert.equal(verification.verified, true);
assert.equal(JSON.stringify(verification), receipt("expected/answer-with-input.json").trimEnd());
assert.equal(shenfu.verifyReceipt(receipt("edited/eligible-flipped.json"), receipt("public.key")).verified, false);
console.log("cjs: ok");
