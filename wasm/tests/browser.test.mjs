// The self-assessment page in a real Chromium (Debian's, driven by playwright-core): an eligible
// project, one exactly on the 300 万元/亩 boundary, a bad value marked at its field, the English
// switch, and a screenshot — with no console error along the way.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { join, dirname, extname, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const www = join(here, "..", "www");
const output = join(here, "output");
const { chromium } = createRequire(import.meta.url)("playwright-core");

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".ts": "text/plain" };
let server;
let browser;
let base;

before(async () => {
  server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    try {
      const body = await readFile(join(www, path.endsWith("/") ? `${path}index.html` : path));
      response.writeHead(200, { "content-type": TYPES[extname(path)] ?? "text/html; charset=utf-8" });
      response.end(body);
    } catch {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  await mkdir(output, { recursive: true });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function open(path = "") {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1100 } });
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(base + path);
  await page.waitForFunction(() => document.body.dataset.engine);
  return { page, problems };
}

async function fill(page, values) {
  for (const [id, value] of Object.entries(values)) {
    if (id.endsWith("_unit") || id === "industry") await page.selectOption(`#${id}`, value);
    else await page.fill(`#${id}`, value);
  }
}

test("an eligible project, the 300 万元/亩 boundary and a bad value", async () => {
  const { page, problems } = await open();
  const verdict = page.locator("#verdict");
  assert.equal(await verdict.textContent(), "请填写投资、用地面积和年税收");

  await fill(page, { name: "示例项目", industry: "数字经济", fixed_asset_investment: "2.4", fixed_asset_investment_unit: "亿元", land_area: "4", land_area_unit: "公顷", annual_tax: "3000" });
  assert.equal(await verdict.textContent(), "符合准入条件 ✓");
  // Not said whether it is introduced: assessed as one, and the page says so (the engine's words).
  assert.match(await page.locator("#assumptions").textContent(), /按引进项目评估/);
  const invest = page.locator('[data-rule="admission.investment_per_mu"]');
  assert.equal(await invest.locator(".badge").textContent(), "通过");
  assert.match(await invest.locator(".derivation").textContent(), /2\.4 亿元 ÷ 4 公顷 = 24000 万元 ÷ 60 亩 = 400 万元\/亩/);
  assert.match(await invest.locator("blockquote").textContent(), /亩均投入超 300 万元/);
  assert.match(await page.locator("#provenance").textContent(), /SHA-256 [0-9a-f]{64}/);

  // 24000 万元 ÷ 80 亩 = 300: 超 300 does not include 300 (Civil Code art. 1259).
  await fill(page, { fixed_asset_investment: "24000", fixed_asset_investment_unit: "万元", land_area: "80", land_area_unit: "亩" });
  assert.equal(await verdict.textContent(), "不符合准入条件 ✗");
  assert.equal(await invest.locator(".badge").textContent(), "未通过");
  assert.match(await invest.locator(".message").textContent(), /300/);
  // What would pass, exactly (300 × 80 亩 = 24000 万元; 24000 ÷ 300 = 80 亩), and the verdict
  // under the other reading of 超 (including the number).
  assert.equal(await invest.locator(".to-pass").textContent(),
    "满足其一即可通过：固定资产投资总额超过 24000 万元；或用地面积小于 80 亩");
  assert.equal(await invest.locator(".alternative").textContent(), "按另一种解读（超）结果为：通过");
  // 「以引进项目」: a project that is not introduced is not judged by the admission conditions.
  await page.selectOption("#introduced", "false");
  assert.equal(await verdict.textContent(), "符合准入条件 ✓");
  assert.equal(await invest.locator(".badge").textContent(), "不适用");
  assert.equal(await page.locator("#assumptions").textContent(), "");
  await page.selectOption("#introduced", "true");
  assert.equal(await verdict.textContent(), "不符合准入条件 ✗");
  await page.selectOption("#introduced", "");

  await fill(page, { land_area: "-5" });
  assert.equal(await verdict.textContent(), "输入有误，请按提示修改");
  assert.equal(await page.getAttribute("#land_area", "aria-invalid"), "true");
  assert.match(await page.locator("#land_area-error").textContent(), /不得为负数/);

  await fill(page, { land_area: "12万" });
  assert.match(await page.locator("#land_area-error").textContent(), /不是十进制数/);
  await fill(page, { land_area: "60" });
  assert.equal(await page.getAttribute("#land_area", "aria-invalid"), null);
  assert.equal(await verdict.textContent(), "符合准入条件 ✓");

  // The year's bounds and wording are the engine's, not the page's.
  await fill(page, { year: "2019" });
  assert.equal(await page.getAttribute("#year", "aria-invalid"), "true");
  assert.match(await page.locator("#year-error").textContent(), /评估年份应在 2020 至 2035 之间/);
  await fill(page, { year: "二〇二四" });
  assert.match(await page.locator("#year-error").textContent(), /年份/);
  await fill(page, { year: "" });
  assert.equal(await verdict.textContent(), "符合准入条件 ✓");
  await page.screenshot({ path: join(output, "page-zh.png"), fullPage: true });

  await page.click("#lang");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal(await verdict.textContent(), "Eligible ✓");
  assert.equal(await page.locator('label[for="land_area"]').textContent(), "Land area");
  await fill(page, { annual_tax: "abc" });
  assert.match(await page.locator("#annual_tax-error").textContent(), /is not a decimal number/);
  await fill(page, { annual_tax: "3000" });
  await page.screenshot({ path: join(output, "page-en.png"), fullPage: true });
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator("#lang").isVisible(), false, "the print view hides the buttons");
  await page.screenshot({ path: join(output, "page-print.png"), fullPage: true });

  assert.deepEqual(problems, []);
  await page.close();
});

/** axe-core's WCAG 2 A/AA violations on the page as it stands, each with its nodes. */
async function accessibilityViolations(page) {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve("axe-core/axe.min.js") });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("the page has no WCAG 2 A/AA violation (axe-core), empty, with a verdict and in English", async () => {
  const { page, problems } = await open();
  assert.deepEqual(await accessibilityViolations(page), []);
  // A failing project shows every kind of card: failed admission, what would pass, the other reading.
  await fill(page, { name: "边界项目", industry: "智能制造", fixed_asset_investment: "24000", land_area: "80", annual_tax: "2000", rd_expenditure: "10", revenue: "1000" });
  assert.equal(await page.locator("#verdict").textContent(), "不符合准入条件 ✗");
  await page.locator("details").evaluate((d) => { d.open = true; });
  assert.deepEqual(await accessibilityViolations(page), []);
  await page.screenshot({ path: join(output, "page-fail.png"), fullPage: true });
  await page.click("#lang");
  assert.deepEqual(await accessibilityViolations(page), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the progress page: observations pasted, the chart for a report, bad rows named, in English and accessible", async () => {
  const { page, problems } = await open("progress.html");
  // The example: three observed indicators, each one row of the chart.
  await page.waitForSelector("#chart svg");
  assert.equal(await page.locator('#chart svg rect[fill="#eceff1"]').count(), 3);
  // A spreadsheet's cells pasted (tab-separated): the fixture's observations, byte for byte the
  // CLI's picture of the same file (the conformance test checks the bytes; here the rows).
  const csv = await readFile(join(here, "..", "..", "fixtures", "indicators", "cases", "2023-mixed", "observations.csv"), "utf8");
  await page.fill("#observations", csv.replaceAll(",", "\t"));
  const observed = await page.locator('#chart svg rect[fill="#eceff1"]').count();
  assert.ok(observed >= 9, `${observed} rows`);
  assert.match(await page.locator("#chart svg title").first().textContent(), /评估年份 2023/);
  // Every indicator with a target, then only the two chosen.
  await page.uncheck("#only_observed");
  assert.ok(await page.locator('#chart svg rect[fill="#eceff1"]').count() > 40);
  await page.selectOption("#indicators", ["gdp", "rd_intensity"]);
  assert.equal(await page.locator('#chart svg rect[fill="#eceff1"]').count(), 2);
  assert.match(await page.getAttribute("#download", "href"), /^blob:/);
  // A bad value: the engine's message, at the text area, naming the row and field.
  await page.fill("#observations", "indicator,year,value,unit\ngdp,2023,abc,亿元");
  assert.equal(await page.getAttribute("#observations", "aria-invalid"), "true");
  assert.match(await page.locator("#observations-error").textContent(), /\[0\]\.value.*不是十进制数/);
  assert.equal(await page.locator("#chart svg").count(), 0);
  assert.equal(await page.getAttribute("#download", "aria-disabled"), "true");
  await page.fill("#observations", "indicator,year,value,unit\ngdp,2023,200");
  assert.match(await page.locator("#observations-error").textContent(), /第 2 行：应有 4 列，实有 3 列/);
  await page.fill("#year", "2019");
  await page.fill("#observations", "indicator,year,value,unit\ngdp,2023,200,亿元");
  assert.equal(await page.getAttribute("#year", "aria-invalid"), "true");
  await page.fill("#year", "2023");
  await page.waitForSelector("#chart svg");
  assert.deepEqual(await accessibilityViolations(page), []);
  await page.screenshot({ path: join(output, "progress-zh.png"), fullPage: true });

  await page.click("#lang");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.match(await page.locator("#chart svg title").first().textContent(), /progress in 2023/);
  assert.match(await page.locator("#indicators option").first().textContent(), /Gross regional product/);
  // The chosen indicators survive the language switch.
  assert.equal(await page.locator('#chart svg rect[fill="#eceff1"]').count(), 2);
  assert.deepEqual(await accessibilityViolations(page), []);
  await page.screenshot({ path: join(output, "progress-en.png"), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});
