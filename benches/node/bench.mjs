// Admission decisions in Node.js, side by side in one run: the shenfu WASM package (full explained
// report) against json-rules-engine and GoRules ZEN (@gorules/zen-engine, evaluated in batches —
// its fast path) encoding the same two admission conditions. Run after `wasm/build.sh`:
//   node benches/node/bench.mjs [projects]
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const wasmDir = new URL("../../wasm/", import.meta.url).pathname;
const shenfu = require(`${wasmDir}pkg-node/shenfu_rules_wasm.js`);
const { Engine } = require(`${wasmDir}node_modules/json-rules-engine`);
const { ZenEngine } = require(`${wasmDir}node_modules/@gorules/zen-engine`);

const N = Number(process.argv[2] ?? 20000);

// Deterministic projects: investment 5,000–40,000 万元, 10–200 亩, tax 200–6,000 万元.
let seed = 42;
const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const projects = Array.from({ length: N }, (_, i) => ({
  id: `P-${i}`,
  industry: "智能制造",
  fixed_asset_investment: { value: String(5000 + Math.floor(next() * 35000)), unit: "万元" },
  land_area: { value: String(10 + Math.floor(next() * 190)), unit: "亩" },
  annual_tax: { value: String(200 + Math.floor(next() * 5800)), unit: "万元" },
}));
const plain = projects.map((p) => ({
  investment: Number(p.fixed_asset_investment.value) * 1e4,
  area: Number(p.land_area.value),
  tax: Number(p.annual_tax.value) * 1e4,
}));

function time(label, fn, rounds = 3) {
  let best = Infinity;
  let result;
  for (let r = 0; r < rounds; r += 1) {
    const start = performance.now();
    result = fn();
    best = Math.min(best, performance.now() - start);
  }
  return { label, ms: best, result };
}

async function timeAsync(label, fn, rounds = 3) {
  let best = Infinity;
  let result;
  for (let r = 0; r < rounds; r += 1) {
    const start = performance.now();
    result = await fn();
    best = Math.min(best, performance.now() - start);
  }
  return { label, ms: best, result };
}

const results = [];
results.push(time("shenfu assess (object in, full report object out)", () => projects.filter((p) => shenfu.assess(p).eligible).length));
const texts = projects.map((p) => JSON.stringify(p));
results.push(time("shenfu assessJson (JSON text in, canonical report text out)", () => texts.filter((t) => shenfu.assessJson(t).includes('"eligible":true')).length));

// Like with like: the peers below return a boolean, so do these (the verdict, every admission
// condition judged exactly; no report).
results.push(time("shenfu decide (object in, verdict out)", () => projects.filter((p) => shenfu.decide(p) === "eligible").length));
results.push(time("shenfu decideJson (JSON text in, verdict out)", () => texts.filter((t) => shenfu.decideJson(t) === "eligible").length));
const array = `[${texts.join(",")}]`;
results.push(time("shenfu decideMany (one JSON array in, one byte per project out)", () => shenfu.decideMany(array).filter((c) => c === 1).length));
const columns = [projects.map((p) => p.industry), ...["fixed_asset_investment", "land_area", "annual_tax"].map((k) => Float64Array.from(projects, (p) => Number(p[k].value)))];
const units = { fixed_asset_investment: "万元", land_area: "亩", annual_tax: "万元" };
results.push(time("shenfu decideColumns (arrays and Float64Arrays in, one byte per project out)", () => shenfu.decideColumns(...columns, units).filter((c) => c === 1).length));

// json-rules-engine: facts in 元 and 亩 as JS numbers (floats), per-mu values as derived facts.
const jre = new Engine([], { allowUndefinedFacts: false });
jre.addRule({
  conditions: { all: [
    { fact: "investmentPerMu", operator: "greaterThan", value: 3000000 },
    { fact: "taxPerMu", operator: "greaterThan", value: 400000 },
  ] },
  event: { type: "eligible" },
});
results.push(await timeAsync("json-rules-engine (float facts, async run)", async () => {
  let eligible = 0;
  for (const p of plain) {
    const { events } = await jre.run({ investmentPerMu: p.investment / p.area, taxPerMu: p.tax / p.area });
    eligible += events.length;
  }
  return eligible;
}, 1));

// GoRules ZEN: one expression node; evaluated in batches of 1,000 concurrent evaluations.
const graph = {
  nodes: [
    { id: "in", type: "inputNode", name: "request", position: { x: 0, y: 0 } },
    { id: "ex", type: "expressionNode", name: "admission", position: { x: 200, y: 0 }, content: { expressions: [
      { id: "1", key: "eligible", value: "investment > 3000000 * area and tax > 400000 * area" },
    ] } },
    { id: "out", type: "outputNode", name: "response", position: { x: 400, y: 0 } },
  ],
  edges: [
    { id: "e1", sourceId: "in", targetId: "ex", type: "edge" },
    { id: "e2", sourceId: "ex", targetId: "out", type: "edge" },
  ],
};
const zen = new ZenEngine();
const decision = zen.createDecision(Buffer.from(JSON.stringify(graph)));
results.push(await timeAsync("GoRules ZEN (decision only, batches of 1,000)", async () => {
  let eligible = 0;
  for (let i = 0; i < plain.length; i += 1000) {
    const batch = await Promise.all(plain.slice(i, i + 1000).map((p) => decision.evaluate(p)));
    eligible += batch.filter((r) => r.result.eligible).length;
  }
  return eligible;
}));

const base = results[0];
console.log(`node ${process.version}, ${N} projects, best of 3 (json-rules-engine: 1 run)`);
console.log("| engine | µs per project | projects/s | time vs shenfu assess | eligible |");
console.log("| --- | ---: | ---: | ---: | ---: |");
for (const r of results) {
  const us = (r.ms * 1000) / N;
  console.log(`| ${r.label} | ${us.toFixed(2)} | ${Math.round(N / (r.ms / 1000)).toLocaleString("en")} | ${(r.ms / base.ms).toFixed(2)}× | ${r.result} |`);
}
const agree = new Set(results.map((r) => r.result)).size === 1;
console.log(agree ? "all engines agree on every verdict count" : "ENGINES DISAGREE on the eligible count");
zen.dispose?.();
