// ES modules in Node: named and default imports.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import shenfu, { assess, assessJson, rules, verifyReceiptJson } from "shenfu-rules";

const fixture = path.join(process.argv[2], "fixtures/projects/cases/001-eligible_digital_economy");
const input = fs.readFileSync(path.join(fixture, "input.json"), "utf8");
const expected = fs.readFileSync(path.join(fixture, "report.json"), "utf8").trimEnd();
assert.equal(assessJson(input, undefined), expected);
assert.equal(shenfu.assessJson(input, undefined), expected);
assert.equal(assess(JSON.parse(input), undefined).eligible, true);
assert.ok(rules().some((r) => r.id === "admission.investment_per_mu"));
const receipts = path.join(process.argv[2], "fixtures/receipts");
const receipt = (name) => fs.readFileSync(path.join(receipts, name), "utf8");
assert.equal(
  verifyReceiptJson(receipt("receipt.json"), receipt("public.key")),
  receipt("expected/receipt.json").trimEnd(),
);
console.log("esm: ok");
