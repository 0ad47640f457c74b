// Receipt verifications per second in JS, on the shared fixtures of fixtures/receipts/ (a receipt
// for row 5 of an 8-row log: a 3-hash inclusion proof), side by side in one run: the Node
// flavour (wasm/pkg-node: opt-level 3, wasm-opt -O3) and the browsers' web flavour (wasm/pkg-web:
// opt-level z, -Oz — what a clerk's browser runs), each on a receipt alone, the whole answer, and
// the answer with the application (the decision recomputed); text in (`verifyReceiptJson`) and,
// for the answer, the parsed object (`verifyReceipt`, as a page holds it after `fetch().json()`).
// Run after `wasm/build.sh`:
//   node benches/node/receipts.mjs [milliseconds per row]
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const wasmDir = new URL("../../wasm/", import.meta.url).pathname;
const fixtures = new URL("../../fixtures/receipts/", import.meta.url).pathname;
const MS = Number(process.argv[2] ?? 1500);

const read = (name) => readFileSync(fixtures + name, "utf8");
const [receipt, answer, key, input] = ["receipt.json", "answer.json", "public.key", "input.json"].map(read);
const answerObject = JSON.parse(answer);

const node = require(`${wasmDir}pkg-node/shenfu_rules_wasm.js`);
// The web flavour is an ES module in a CommonJS folder: imported from its text (initialised
// from the module's bytes, so its URL is never needed).
const webText = readFileSync(`${wasmDir}pkg-web/shenfu_rules_wasm.js`);
const web = await import(`data:text/javascript;base64,${webText.toString("base64")}`);
web.initSync({ module: readFileSync(`${wasmDir}pkg-web/shenfu_rules_wasm_bg.wasm`) });

/** Calls per second: the best of three runs of about MS / 3 each; every result checked. */
function perSecond(call) {
  if (!call()) throw new Error("not verified");
  let best = 0;
  for (let r = 0; r < 3; r += 1) {
    let done = 0;
    const start = performance.now();
    while (performance.now() - start < MS / 3) {
      for (let i = 0; i < 50; i += 1) if (!call()) throw new Error("not verified");
      done += 50;
    }
    best = Math.max(best, done / ((performance.now() - start) / 1000));
  }
  return best;
}

const verified = (text) => text.startsWith('{"verified":true');
const rows = [];
for (const [flavour, engine] of [["Node (O3)", node], ["web (Oz)", web]]) {
  rows.push([flavour, "receipt alone: signature + checkpoint + inclusion", perSecond(() => verified(engine.verifyReceiptJson(receipt, key)))]);
  rows.push([flavour, "whole answer: + its id and time, the report's SHA-256", perSecond(() => verified(engine.verifyReceiptJson(answer, key)))]);
  rows.push([flavour, "answer + application: + the decision recomputed", perSecond(() => verified(engine.verifyReceiptJson(answer, key, input)))]);
  rows.push([flavour, "answer as a parsed object + application (`verifyReceipt`)", perSecond(() => engine.verifyReceipt(answerObject, key, input).verified)]);
}

console.log(`Node ${process.version}, best of 3 × ${Math.round(MS / 3)} ms`);
console.log();
console.log("| flavour | what is verified | µs per receipt | receipts/s |");
console.log("| --- | --- | ---: | ---: |");
for (const [flavour, label, rate] of rows) {
  console.log(`| ${flavour} | ${label} | ${(1e6 / rate).toFixed(1)} | ${Math.round(rate).toLocaleString("en-US")} |`);
}
