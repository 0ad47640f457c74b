// Offline receipt verification in JS (`verifyReceipt`, `verifyReceiptJson`) against the shared
// fixtures of fixtures/receipts/ (made by core/tests/receipts.rs): every case gives the canonical
// bytes the Rust core gives — the verification or the error — in Node (the Node flavour) and in
// a real Chromium (the npm package's web flavour, wasm/pkg-web, fetched and initialised as a
// page would), with the receipt and the application as text and as parsed objects.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, dirname, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { serve, launchChromium } from "./chromium.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const receipts = join(here, "..", "..", "fixtures", "receipts");
const require = createRequire(import.meta.url);
const shenfu = require("../pkg-node/shenfu_rules_wasm.js");

const read = (name) => readFileSync(join(receipts, name), "utf8");
const allCases = JSON.parse(read("cases.json"));
// JS carries the embedded plan only: a case that needs another rulebook is Python's and the CLI's.
const cases = allCases.filter((c) => c.rulebooks.length === 0);

/** One case's files, as the page or the service's user would hold them. */
function files(c) {
  return {
    name: c.name,
    document: read(c.document),
    key: read(c.public_key),
    input: c.input ? read(c.input) : undefined,
    expected: read(c.expected).trimEnd(),
  };
}

/** The canonical bytes a call gives: its result, or the error it threw. */
function bytes(call) {
  try {
    const out = call();
    return typeof out === "string" ? out : JSON.stringify(out);
  } catch (e) {
    assert.equal(typeof e.json, "string", `not an engine error: ${e}`);
    assert.equal(e.name, "ShenfuError");
    return e.json;
  }
}

const parsedOrText = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

test("the cases are there", () => {
  assert.ok(allCases.length >= 15);
  assert.ok(cases.length >= allCases.length - 1);
  for (const name of [
    "receipt",
    "answer-with-input",
    "eligible-flipped",
    "proof-hash-altered",
    "checkpoint-size-changed",
    "wrong-key",
    "other-input",
    "not-a-receipt",
  ]) {
    assert.ok(
      cases.some((c) => c.name === name),
      name,
    );
  }
});

test("Node: every case gives the canonical bytes, as text and as objects", () => {
  for (const c of cases) {
    const f = files(c);
    assert.equal(
      bytes(() => shenfu.verifyReceiptJson(f.document, f.key, f.input)),
      f.expected,
      `${c.name} (verifyReceiptJson)`,
    );
    assert.equal(
      bytes(() => shenfu.verifyReceipt(f.document, f.key, f.input)),
      f.expected,
      `${c.name} (verifyReceipt, text)`,
    );
    // Parsed JSON — what a page holds after fetch().json() — checks as its text does.
    const document = parsedOrText(f.document);
    const input = f.input === undefined ? undefined : parsedOrText(f.input);
    assert.equal(
      bytes(() => shenfu.verifyReceipt(document, f.key, input)),
      f.expected,
      `${c.name} (verifyReceipt, objects)`,
    );
    const got = JSON.parse(f.expected);
    if (c.error) {
      assert.deepEqual([got.error.code, got.error.field], [c.error.code, c.error.field], c.name);
    } else {
      assert.equal(got.verified, c.verified, c.name);
      assert.deepEqual(
        got.checks.filter((k) => !k.ok).map((k) => k.code),
        c.failed,
        c.name,
      );
    }
  }
});

test("Node: the result's fields, and errors thrown as the engine's", () => {
  const v = shenfu.verifyReceipt(JSON.parse(read("answer.json")), read("public.key"), JSON.parse(read("input.json")));
  assert.equal(v.verified, true);
  assert.equal(v.eligible, true);
  assert.deepEqual(
    [v.decision_id, v.leaf_index, v.origin, v.tree_size],
    ["019ae0c4-6a00-7c00-8a00-000000000005", 4, "shenfu-test.example/decisions", 8],
  );
  assert.deepEqual(
    v.checks.map((c) => c.code),
    [
      "format",
      "signature",
      "checkpoint",
      "leaf_index",
      "inclusion",
      "answer",
      "report",
      "input",
      "rulebook",
      "recomputed",
    ],
  );
  assert.equal(v.checks.at(-1).message.zh, "按该规则库重新计算，得到完全相同的报告：符合准入条件");

  const flipped = shenfu.verifyReceipt(read("edited/eligible-flipped.json"), read("public.key"));
  assert.equal(flipped.verified, false);
  assert.deepEqual(
    flipped.checks.filter((c) => !c.ok).map((c) => c.code),
    ["inclusion"],
  );

  // Wrong JS types: the core's invalid_type, naming the argument.
  const refused = (call, code, field) =>
    assert.throws(call, (e) => e.code === code && e.field === field && JSON.parse(e.json).error.code === code);
  refused(() => shenfu.verifyReceipt(12, read("public.key")), "invalid_type", "receipt");
  refused(() => shenfu.verifyReceipt(read("receipt.json"), null), "invalid_type", "publicKey");
  refused(() => shenfu.verifyReceipt(read("receipt.json"), read("public.key"), 3), "invalid_type", "input");
  refused(() => shenfu.verifyReceipt(read("not-a-receipt.json"), read("public.key")), "invalid_json", "receipt");
  refused(
    () => shenfu.verifyReceipt(read("receipt.json"), read("public.key"), { industry: "数字经济" }),
    "missing_field",
    "fixed_asset_investment",
  );
});

// ── the web flavour in Chromium ──────────────────────────────────────────────────────────────

const wasm = join(here, "..");
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".key": "text/plain; charset=utf-8",
};
const PAGE =
  '<!doctype html><html lang="zh"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>receipt</title></head><body></body></html>';
let server;
let browser;
let base;

before(async () => {
  ({ server, base } = await serve(async (path) => {
    if (path === "/") return { body: PAGE, type: TYPES[".html"] };
    // The npm package's web flavour and the fixtures, nothing else.
    const file = path.startsWith("/pkg-web/")
      ? join(wasm, path)
      : path.startsWith("/receipts/")
        ? join(receipts, path.slice("/receipts/".length))
        : null;
    if (!file) throw new Error("not served");
    return { body: await readFile(file), type: TYPES[extname(path)] ?? "application/octet-stream" };
  }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

test("Chromium: the web flavour verifies every case to the canonical bytes", async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(base);
  const results = await page.evaluate(async (cases) => {
    const engine = await import("/pkg-web/shenfu_rules_wasm.js");
    await engine.default();
    const fetchText = async (name) => (await fetch(`/receipts/${name}`)).text();
    const run = (call) => {
      try {
        const out = call();
        return typeof out === "string" ? out : JSON.stringify(out);
      } catch (e) {
        return typeof e.json === "string" ? e.json : `not an engine error: ${e}`;
      }
    };
    const parsed = (text) => {
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    };
    const out = [];
    for (const c of cases) {
      const [document, key, input] = await Promise.all([
        fetchText(c.document),
        fetchText(c.public_key),
        c.input ? fetchText(c.input) : undefined,
      ]);
      out.push({
        name: c.name,
        text: run(() => engine.verifyReceiptJson(document, key, input)),
        object: run(() => engine.verifyReceipt(document, key, input)),
        parsed: run(() => engine.verifyReceipt(parsed(document), key, input === undefined ? undefined : parsed(input))),
      });
    }
    return out;
  }, cases);
  assert.equal(results.length, cases.length);
  for (const r of results) {
    const expected = files(cases.find((c) => c.name === r.name)).expected;
    assert.equal(r.text, expected, `${r.name} (verifyReceiptJson)`);
    assert.equal(r.object, expected, `${r.name} (verifyReceipt, text)`);
    assert.equal(r.parsed, expected, `${r.name} (verifyReceipt, objects)`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});
