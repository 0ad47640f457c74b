// The pages in a real Chromium (Debian's, driven by playwright-core). The self-assessment page as
// a self-service form (issue 25): the start section, the result in plain words, amounts as people
// type them with a linked error summary, the one-page printed record (PDF text and its QR code),
// drafts, English, keyboard-only completion, a phone's sticky verdict, screenshots at 1366 and
// 390 px against the stored ones, axe-core in every state — with no console error or warning.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile, mkdir, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, dirname, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { serve, launchChromium } from "./chromium.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const www = join(here, "..", "www");
const output = join(here, "output");
const require = createRequire(import.meta.url);
const { PNG } = require("pngjs");
const jsQR = require("jsqr");
const { default: pixelmatch } = await import("pixelmatch");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
  ".ts": "text/plain",
};
let server;
let browser;
let base;

before(async () => {
  ({ server, base } = await serve(async (path) => ({
    body: await readFile(join(www, path.endsWith("/") ? `${path}index.html` : path)),
    type: TYPES[extname(path)] ?? "text/html; charset=utf-8",
  })));
  browser = await launchChromium();
  await mkdir(output, { recursive: true });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function open(path = "", viewport = { width: 1200, height: 1100 }) {
  const page = await browser.newPage({ viewport });
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(base + path);
  await page.waitForFunction(() => document.body.dataset.engine);
  return { page, problems };
}

/** axe-core's WCAG 2 A/AA violations on the page as it stands, each with its nodes. */
async function accessibilityViolations(page) {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve("axe-core/axe.min.js") });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** The stored screenshot `name` (wasm/tests/screenshots/) against `png`: the same size (the
 * layout) and at most 1 % of pixels differing beyond pixelmatch's 0.1 colour threshold (so a
 * font's anti-aliasing does not fail it). UPDATE_SCREENSHOTS=1 stores `png` instead. Screens and
 * regions, not whole pages: a whole page's height moves with every word the engine adds to a
 * rule card, which these screenshots are not about. */
async function matchesStored(name, png) {
  const stored = join(here, "screenshots", `${name}.png`);
  await writeFile(join(output, `${name}.png`), png);
  if (process.env.UPDATE_SCREENSHOTS) {
    await mkdir(dirname(stored), { recursive: true });
    await writeFile(stored, png);
    return;
  }
  assert.ok(existsSync(stored), `${stored} is missing: run with UPDATE_SCREENSHOTS=1 and look at it`);
  const now = PNG.sync.read(png);
  const before = PNG.sync.read(await readFile(stored));
  assert.deepEqual([now.width, now.height], [before.width, before.height], `${name}: the page's size changed`);
  const diff = new PNG({ width: now.width, height: now.height });
  const differing = pixelmatch(now.data, before.data, diff.data, now.width, now.height, { threshold: 0.1 });
  await writeFile(join(output, `${name}-diff.png`), PNG.sync.write(diff));
  const share = differing / (now.width * now.height);
  assert.ok(
    share <= 0.01,
    `${name}: ${(share * 100).toFixed(2)} % of pixels differ (see tests/output/${name}-diff.png)`,
  );
}

/** The box around `selectors`' elements, for a screenshot of just them. */
async function clipOf(page, selectors) {
  const boxes = await Promise.all(selectors.map((s) => page.locator(s).boundingBox()));
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}

const BOUNDARY = { fixed_asset_investment: "24000", land_area: "80", annual_tax: "2000" };
const ELIGIBLE = { fixed_asset_investment: "2.4亿", land_area: "4", land_area_unit: "公顷", annual_tax: "3000" };

/** Fill the form: text boxes, unit selects, the industry and the 引进项目 choice. */
async function answer(page, values) {
  for (const [id, value] of Object.entries(values)) {
    if (id === "introduced") await page.check(`#introduced_${value ? "yes" : "no"}`);
    else if (id.endsWith("_unit") || id === "industry") await page.selectOption(`#${id}`, value);
    else await page.fill(`#${id}`, value);
  }
}

const text = (page, selector) => page.locator(selector).innerText();

test("1. the start section says what is needed: both thresholds, 引进项目, the disclaimer; hints, 必填/选填, nothing preselected", async () => {
  const { page, problems } = await open();
  const start = await text(page, "#start");
  // The thresholds come from the rulebook, not from the page.
  assert.match(start, /亩均投入超过 300 万元\/亩：固定资产投资总额 ÷ 用地面积/);
  assert.match(start, /亩均税收超过 40 万元\/亩：预计年税收 ÷ 用地面积/);
  assert.match(start, /引进项目：从示范区以外招商引进/);
  assert.match(start, /仅供参考，以审批部门认定为准/);
  for (const id of ["fixed_asset_investment", "land_area", "annual_tax", "industry"]) {
    assert.match(await text(page, `label[for="${id}"]`), /必填/, id);
    assert.equal(await page.getAttribute(`#${id}`, "aria-required"), "true", id);
  }
  for (const id of ["name", "company", "credit_code", "rd_expenditure", "revenue", "year"]) {
    assert.match(await text(page, `label[for="${id}"]`), /选填/, id);
  }
  // Every amount has a hint the field names as its description.
  for (const id of ["fixed_asset_investment", "land_area", "annual_tax", "rd_expenditure", "year", "credit_code"]) {
    const described = await page.getAttribute(`#${id}`, "aria-describedby");
    assert.ok(described.includes(`${id}-hint`), id);
    assert.ok((await text(page, `#${id}-hint`)).length > 8, id);
  }
  assert.match(await text(page, "#fixed_asset_investment-hint"), /不含流动资金/);
  assert.match(await text(page, "#annual_tax-hint"), /达产后正常年度/);
  assert.match(await text(page, "#land_area-hint"), /1 亩 ≈ 666\.7 平方米/);
  // No industry chosen for the applicant, the yes/no 引进项目 question unanswered.
  assert.equal(await page.inputValue("#industry"), "");
  assert.equal(await page.locator('input[name="introduced"]:checked').count(), 0);
  assert.match(await text(page, "#introduced legend"), /是否引进项目/);
  // The year is with the reference points it affects, not inside 研发.
  assert.match(await text(page, 'label[for="year"]'), /参考指标的评估年份/);
  assert.equal(
    await page.locator("#year").evaluate((el) => el.closest("fieldset").querySelector("legend").textContent),
    "参考指标（选填，不影响准入结论）",
  );
  assert.equal(await text(page, "#verdict"), "请填写投资、用地面积和年税收");
  assert.deepEqual(await accessibilityViolations(page), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test("2. the result in plain words: what failed and by how much, one combined advice, the reading and who decides; neutral when not covered", async () => {
  const { page, problems } = await open();
  await answer(page, { ...BOUNDARY, introduced: true, industry: "智能制造" });
  assert.equal(await text(page, "#verdict"), "不符合准入条件 ✗");
  const summary = await text(page, "#summary");
  assert.match(summary, /不符合准入条件：亩均投入和亩均税收未达到规划的门槛。/);
  assert.match(summary, /亩均投入恰好为 300 万元\/亩，规划要求超过 300 万元\/亩：恰好等于门槛不算「超」，所以未满足。/);
  assert.match(summary, /亩均税收为 25 万元\/亩，规划要求超过 40 万元\/亩，还差 15 万元\/亩。/);
  // One advice for both failures, one comparator style, rounded toward passing.
  assert.deepEqual(await page.locator("#summary .to-pass li").allInnerTexts(), [
    "固定资产投资总额至少 24000.0001 万元，并且预计年税收至少 3200.0001 万元",
    "用地面积不超过 49.9999 亩",
  ]);
  assert.match(summary, /规划原文的「超」有两种理解。.*亩均投入这一项即可满足。采用哪种理解，以审批部门认定为准。/);
  assert.doesNotMatch(summary, /差额|-10/);
  // Whole 平方米 in the advice when the land is given in 平方米 (18000 万元 ÷ 40000 平方米 = 300).
  await answer(page, {
    fixed_asset_investment: "18000",
    land_area: "40000",
    land_area_unit: "平方米",
    annual_tax: "3000",
  });
  assert.deepEqual(await page.locator("#summary .to-pass li").allInnerTexts(), [
    "固定资产投资总额至少 18000.0001 万元",
    "用地面积不超过 39999 平方米",
  ]);
  assert.deepEqual(await accessibilityViolations(page), []);
  // A project that is not introduced: the conditions do not cover it, a neutral result.
  await page.check("#introduced_no");
  assert.equal(await page.getAttribute("#verdict", "class"), "neutral");
  assert.match(await text(page, "#verdict"), /不适用/);
  assert.match(
    await text(page, "#summary"),
    /准入条件不适用：规划的准入条件（亩均投入和亩均税收）对本项目不适用，本工具不作准入判断/,
  );
  // Why, in the engine's own words: the conditions are set for introduced projects.
  assert.match(await text(page, "#summary .reasons"), /为引进项目设定的，本项目申报为非引进项目/);
  assert.equal(await page.locator("#summary .to-pass").count(), 0);
  assert.deepEqual(await accessibilityViolations(page), []);
  // Eligible: the reference points are never shown in the failing red, and stay open across edits.
  await page.check("#introduced_yes");
  await answer(page, ELIGIBLE);
  assert.equal(await text(page, "#verdict"), "符合准入条件 ✓");
  await page.fill("#rd_expenditure", "10");
  await page.fill("#revenue", "1000");
  await page.click("#reference-summary");
  assert.equal(await page.getAttribute("#reference", "open"), "");
  const failRed = "rgb(183, 28, 28)";
  for (const color of await page
    .locator("#reference-list .badge")
    .evaluateAll((els) => els.map((e) => getComputedStyle(e).color))) {
    assert.notEqual(color, failRed);
  }
  await page.fill("#revenue", "2000");
  await page.selectOption("#industry", "其他");
  assert.equal(await page.getAttribute("#reference", "open"), "", "an edit keeps the reference points open");
  assert.deepEqual(await accessibilityViolations(page), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test("3. amounts as people type them, read exactly and shown; every bad field marked and listed in a linked error summary", async () => {
  const { page, problems } = await open();
  await answer(page, {
    introduced: true,
    industry: "数字经济",
    fixed_asset_investment: "2.4亿",
    land_area: "1.2万",
    land_area_unit: "平方米",
    annual_tax: "３，０００",
  });
  assert.equal(await text(page, "#fixed_asset_investment-read"), "已识别为 2.4 亿元");
  assert.equal(await text(page, "#land_area-read"), "已识别为 12000 平方米");
  assert.equal(await text(page, "#annual_tax-read"), "已识别为 3000 万元");
  // 2.4 亿元 ÷ 18 亩 = 1333.33… 万元/亩: the engine got the exact amounts.
  assert.match(
    await text(page, '[data-rule="admission.investment_per_mu"] .derivation'),
    /2\.4 亿元 ÷ 12000 平方米 = 24000 万元 ÷ 18 亩/,
  );
  await answer(page, { fixed_asset_investment: "24,000", annual_tax: "２４０００" });
  assert.equal(await text(page, "#fixed_asset_investment-read"), "已识别为 24000 万元");
  assert.equal(await text(page, "#annual_tax-read"), "已识别为 24000 万元");
  await answer(page, { fixed_asset_investment: "1.2万", fixed_asset_investment_unit: "元" });
  assert.equal(await text(page, "#fixed_asset_investment-read"), "已识别为 1.2 万元");
  // Beyond a double's digits, exactly.
  await answer(page, { fixed_asset_investment: "12,345,678,901,234,567.89", fixed_asset_investment_unit: "元" });
  assert.match(await text(page, '[data-rule="admission.investment_per_mu"] .derivation'), /12345678901234567\.89 元/);
  assert.equal(await page.locator("#error-summary").isVisible(), false);

  // Two bad fields: both marked, both listed, each link taking the focus to its field.
  await answer(page, { land_area: "2,40,00", annual_tax: "三千" });
  assert.equal(await text(page, "#verdict"), "输入有误，请按提示修改");
  assert.equal(await page.getAttribute("#land_area", "aria-invalid"), "true");
  assert.equal(await page.getAttribute("#annual_tax", "aria-invalid"), "true");
  assert.match(
    await text(page, "#land_area-error"),
    /“2,40,00”不是十进制数。可写作 24000、24,000、2\.4万、2\.4亿 或全角数字。/,
  );
  const links = page.locator("#error-summary a");
  assert.equal(await links.count(), 2);
  assert.deepEqual(await links.evaluateAll((as) => as.map((a) => a.getAttribute("href"))), [
    "#land_area",
    "#annual_tax",
  ]);
  assert.deepEqual(await accessibilityViolations(page), []);
  await links.nth(1).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), "annual_tax");
  // The engine's own refusal (a negative area) is marked at its field too.
  await answer(page, { land_area: "-5", annual_tax: "3000" });
  assert.equal(await page.getAttribute("#land_area", "aria-invalid"), "true");
  assert.match(await text(page, "#land_area-error"), /不得为负数/);
  assert.equal(await page.locator("#error-summary a").count(), 1);
  // The credit code's check character (GB 32100-2015).
  await answer(page, { land_area: "60", credit_code: "91350100M000100Y42" });
  assert.match(await text(page, "#credit_code-error"), /校验位不符：按前 17 位应为 3/);
  await answer(page, { credit_code: "91350100M000100Y43" });
  assert.equal(await page.getAttribute("#credit_code", "aria-invalid"), null);
  // The year's bounds and wording are the engine's.
  await answer(page, { year: "2019" });
  assert.match(await text(page, "#year-error"), /评估年份应在 2020 至 2035 之间/);
  await answer(page, { year: "" });
  assert.match(await text(page, "#verdict"), /准入条件/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("4. the printed record: one A4 page with the date, applicant, inputs, verdict and reasons, the clause, the disclaimer, page numbers and a verification code with its QR code", async () => {
  const { page, problems } = await open();
  await answer(page, {
    company: "沈抚示范科技有限公司",
    credit_code: "91350100m000100y43",
    name: "示例项目",
    introduced: true,
    industry: "智能制造",
    ...BOUNDARY,
    rd_expenditure: "10",
    revenue: "1000",
  });
  await page.focus("#annual_tax");
  const sha = (await text(page, "#provenance")).match(/输入 SHA-256 ([0-9a-f]{64})/)[1];
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  await writeFile(join(output, "record.pdf"), pdf);
  const pages = pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? [];
  assert.equal(pages.length, 1, "one A4 page");
  const { extractText, getDocumentProxy } = await import("unpdf");
  const { totalPages, text: extracted } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), {
    mergePages: true,
  });
  assert.equal(totalPages, 1);
  // The PDF's CJK font maps some characters to their compatibility forms: read them as NFKC.
  const radicals = {
    "⻔": "门",
    "⻚": "页",
    "⻅": "见",
    "⻓": "长",
    "⻋": "车",
    "⻉": "贝",
    "⻄": "西",
    "⻘": "青",
    "⻆": "角",
    "⻢": "马",
  };
  const printed = extracted
    .normalize("NFKC")
    .replace(/[\u2e80-\u2eff]/g, (c) => radicals[c] ?? c)
    .replace(/\s+/g, " ");
  const today = new Date().toISOString().slice(0, 10);
  for (const expected of [
    "项目准入自评结果单",
    `打印日期 ${today}`,
    "企业名称 沈抚示范科技有限公司",
    "统一社会信用代码 91350100M000100Y43",
    "填报内容",
    "项目名称 示例项目",
    "固定资产投资总额 24000 万元",
    "用地面积 80 亩",
    "年研发投入 10 万元",
    "不符合准入条件 ✗",
    "还差 15 万元/亩",
    "用地面积不超过 49.9999 亩",
    "以审批部门认定为准",
    "以引进项目亩均投入超 300 万元、亩均税收产出超 40 万元为项目建设的基本约束",
    "仅供参考",
    `核验码:${sha.slice(0, 16).toUpperCase().match(/.{4}/g).join("-")}`,
    "1 / 1",
  ])
    assert.ok(printed.includes(expected), `the printout says ${expected}:\n${printed}`);
  // The two files attached for `shenfu verify shenfu-report.json --input shenfu-input.json`: the
  // input recomputes to the printed SHA-256 (the Node build, the CLI's bytes).
  const attached = await page.evaluate(async () =>
    Promise.all(
      ["download", "download-input"].map(async (id) => (await fetch(document.getElementById(id).href)).text()),
    ),
  );
  const node = require("../pkg-node/shenfu_rules_wasm.js");
  assert.equal(JSON.parse(node.assessJson(attached[1])).input_sha256, sha);
  assert.equal(JSON.parse(attached[0]).input_sha256, sha);
  // The page's own build (no zone part, no API) writes the report the Node build writes.
  assert.deepEqual(JSON.parse(attached[0]), JSON.parse(node.assessJson(attached[1])));
  // The verdict and its reasons are on the one page, the form's controls are not.
  assert.ok(!printed.includes("办理前须知"));
  // The QR code holds the input's SHA-256 and the rulebook, readable by a scanner (jsQR).
  await page.emulateMedia({ media: "print" });
  const qr = PNG.sync.read(await page.locator("#record-foot .qr").screenshot());
  const decoded = jsQR(new Uint8ClampedArray(qr.data), qr.width, qr.height);
  assert.ok(decoded, "the QR code decodes");
  assert.deepEqual(await accessibilityViolations(page), [], "the record as printed is accessible too");
  assert.equal(
    decoded.data,
    `shenfu:1:${sha}:shenfu-14th-fyp@${await page.evaluate(() => document.body.dataset.engine.split(" ").pop())}`,
  );
  await page.screenshot({ path: join(output, "page-print.png"), fullPage: true });
  // In English, with long names and an inexact quotient, still one page.
  await page.emulateMedia({ media: null });
  await page.click("#lang");
  await answer(page, {
    company: "Shenfu Demonstration Advanced Intelligent Manufacturing Technology Company Limited",
    name: "A very long project name for an intelligent manufacturing base, phase two, with a hydrogen line",
    fixed_asset_investment: "2.4亿",
    land_area: "26,667",
    land_area_unit: "平方米",
    annual_tax: "1000",
    year: "2025",
  });
  const english = await page.pdf({ format: "A4", printBackground: true });
  await writeFile(join(output, "record-en.pdf"), english);
  assert.equal(
    (english.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length,
    1,
    "one A4 page in English",
  );
  const { text: englishText } = await extractText(await getDocumentProxy(new Uint8Array(english)), {
    mergePages: true,
  });
  for (const expected of [
    "Project admission self-assessment record",
    "Company name",
    "≈ 599.9925 ×10,000 yuan/mu",
    "Land area at most 16666 m²",
    "Verification code",
    "the approval authority's decision prevails",
    "1 / 1",
  ]) {
    assert.ok(englishText.replace(/\s+/g, " ").includes(expected), `the English printout says ${expected}`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test("5. a draft is kept in the browser and cleared by its button; the module and the wasm are preloaded", async () => {
  const { page, problems } = await open();
  for (const href of ["app.js", "pkg/shenfu_rules_wasm.js"])
    assert.equal(await page.locator(`link[rel="modulepreload"][href="${href}"]`).count(), 1);
  assert.equal(await page.locator('link[rel="preload"][href="pkg/shenfu_rules_wasm_bg.wasm"]').count(), 1);
  await answer(page, { company: "草稿公司", introduced: false, industry: "生命健康", ...ELIGIBLE });
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.engine);
  assert.equal(await page.inputValue("#company"), "草稿公司");
  assert.equal(await page.inputValue("#fixed_asset_investment"), "2.4亿");
  assert.equal(await page.inputValue("#land_area_unit"), "公顷");
  assert.equal(await page.inputValue("#industry"), "生命健康");
  assert.equal(await page.isChecked("#introduced_no"), true);
  assert.equal(await page.getAttribute("#verdict", "class"), "neutral");
  await page.click("#clear");
  assert.equal(await page.inputValue("#company"), "");
  assert.equal(await page.inputValue("#industry"), "");
  assert.equal(
    await page.evaluate(() => localStorage.getItem("shenfu-self-assessment-draft-v1").includes("草稿")),
    false,
  );
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.engine);
  assert.equal(await page.inputValue("#fixed_asset_investment"), "");
  assert.deepEqual(problems, [], "no preload left unused, no error");
  await page.close();
});

test("6. English is English: units, the summary, the advice; the clause kept in Chinese as the authoritative text", async () => {
  const { page, problems } = await open();
  await page.click("#lang");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await answer(page, { introduced: true, industry: "智能制造", ...BOUNDARY });
  assert.equal(await text(page, "#verdict"), "Not eligible ✗");
  assert.equal(await page.locator("#fixed_asset_investment_unit option:checked").innerText(), "×10,000 yuan");
  assert.match(await text(page, "#land_area-hint"), /1 mu \(亩\) ≈ 666\.7 m²/);
  const summary = await text(page, "#summary");
  assert.match(
    summary,
    /The annual tax per mu is 25 ×10,000 yuan\/mu; the plan asks for more than 40 ×10,000 yuan\/mu: 15 ×10,000 yuan\/mu short\./,
  );
  assert.match(summary, /Land area at most 49\.9999 mu/);
  assert.match(summary, /The approval authority decides which reading applies/);
  // Chinese only where it is quoted: the plan's words in 「」.
  // No Chinese in the headline, the reasons or the advice (the readings quote the plan's words).
  for (const line of await page
    .locator("#summary .headline, #summary .reasons li, #summary .to-pass p, #summary .to-pass li")
    .allInnerTexts()) {
    assert.doesNotMatch(line.replace(/「[^」]*」|“[^”]*”/g, ""), /[\u4e00-\u9fff]/, line);
  }
  assert.match(
    await text(page, '[data-rule="admission.investment_per_mu"] .source'),
    /the Chinese text is authoritative/,
  );
  assert.equal(await page.getAttribute('[data-rule="admission.investment_per_mu"] blockquote', "lang"), "zh-CN");
  assert.deepEqual(await accessibilityViolations(page), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test("keyboard only: the form completed with Tab, typing, Space and the arrow keys", async () => {
  const { page, problems } = await open();
  const focused = () => page.evaluate(() => document.activeElement.id || document.activeElement.name);
  let steps = 0;
  while ((await focused()) !== "fixed_asset_investment" && steps++ < 12) await page.keyboard.press("Tab");
  assert.equal(await focused(), "fixed_asset_investment");
  await page.keyboard.type("24000");
  await page.keyboard.press("Tab"); // its unit
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "land_area");
  await page.keyboard.type("60");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.type("3000");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "introduced_yes");
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "industry");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.inputValue("#industry"), "数字经济");
  assert.equal(await text(page, "#verdict"), "符合准入条件 ✓");
  // A mistake, found from the error summary's link by keyboard.
  await page.keyboard.down("Shift");
  for (let i = 0; i < 3; i++) await page.keyboard.press("Tab");
  await page.keyboard.up("Shift");
  assert.equal(await focused(), "annual_tax");
  await page.keyboard.type("x");
  assert.equal(await page.locator("#error-summary a").count(), 1);
  await page.focus("#error-summary a");
  await page.keyboard.press("Enter");
  assert.equal(await focused(), "annual_tax");
  assert.deepEqual(problems, []);
  await page.close();
});

test("on a 390 px phone the verdict is always in sight (a sticky bar with a link to the result); screenshots at 1366 and 390 px match the stored ones", async () => {
  const phone = await open("", { width: 390, height: 844 });
  await answer(phone.page, { introduced: true, industry: "智能制造", fixed_asset_investment: "24000" });
  const bar = phone.page.locator("#bar");
  await answer(phone.page, { land_area: "80", annual_tax: "2000" });
  await phone.page.focus("#annual_tax");
  assert.equal(await bar.isVisible(), true);
  const box = await bar.boundingBox();
  assert.ok(
    box.y + box.height <= 844 && box.y >= 844 - 120,
    `the bar at the bottom of the screen: ${JSON.stringify(box)}`,
  );
  assert.match(await bar.innerText(), /不符合准入条件 ✗\s*查看结果/);
  assert.ok(
    (await phone.page.evaluate(() => document.documentElement.scrollWidth)) <= 390,
    "nothing wider than the phone",
  );
  await phone.page.click("#bar a");
  const result = await phone.page.locator("#verdict").boundingBox();
  assert.ok(result.y >= 0 && result.y < 844, "the link brings the result into view");
  assert.deepEqual(await accessibilityViolations(phone.page), []);
  // What the phone shows at the amounts, the verdict bar at the bottom of the screen.
  await phone.page.locator("#fixed_asset_investment").scrollIntoViewIfNeeded();
  await phone.page.evaluate(() => {
    document.activeElement.blur();
    window.scrollTo(0, document.querySelector("#form").getBoundingClientRect().top + window.scrollY - 10);
  });
  await matchesStored("form-390", await phone.page.screenshot());
  await phone.page.evaluate(() => window.scrollTo(0, 0));
  await matchesStored("start-390", await phone.page.screenshot());
  assert.deepEqual(phone.problems, []);
  await phone.page.close();

  const desk = await open("", { width: 1366, height: 900 });
  assert.equal(await desk.page.locator("#bar").isVisible(), false);
  await matchesStored("start-1366", await desk.page.screenshot());
  await answer(desk.page, { introduced: true, industry: "智能制造", ...BOUNDARY });
  await desk.page.evaluate(() => document.activeElement.blur());
  // The screen as it stands, and the result's own words (the verdict and the summary); the rule
  // cards below carry the engine's messages, checked as text elsewhere.
  await matchesStored(
    "result-1366",
    await desk.page.screenshot({ clip: await clipOf(desk.page, ["#verdict", "#summary .to-pass"]) }),
  );
  assert.deepEqual(desk.problems, []);
  await desk.page.close();
});

test("the progress page: observations pasted, the chart for a report, bad rows named, in English and accessible", async () => {
  const { page, problems } = await open("progress.html");
  // The example: three observed indicators, each one row of the chart.
  await page.waitForSelector("#chart svg");
  assert.equal(await page.locator('#chart svg rect[fill="#eceff1"]').count(), 3);
  // A spreadsheet's cells pasted (tab-separated): the fixture's observations, byte for byte the
  // CLI's picture of the same file (the conformance test checks the bytes; here the rows).
  const csv = await readFile(
    join(here, "..", "..", "fixtures", "indicators", "cases", "2023-mixed", "observations.csv"),
    "utf8",
  );
  await page.fill("#observations", csv.replaceAll(",", "\t"));
  const observed = await page.locator('#chart svg rect[fill="#eceff1"]').count();
  assert.ok(observed >= 9, `${observed} rows`);
  assert.match(await page.locator("#chart svg title").first().textContent(), /评估年份 2023/);
  // Every indicator with a target, then only the two chosen.
  await page.uncheck("#only_observed");
  assert.ok((await page.locator('#chart svg rect[fill="#eceff1"]').count()) > 40);
  await page.selectOption("#indicators", ["gdp", "rd_intensity"]);
  assert.equal(await page.locator('#chart svg rect[fill="#eceff1"]').count(), 2);
  assert.match(await page.getAttribute("#download", "href"), /^blob:/);
  // A bad value: the engine's message, at the text area, naming the row and field.
  await page.fill("#observations", "indicator,year,value,unit\ngdp,2023,abc,亿元");
  assert.equal(await page.getAttribute("#observations", "aria-invalid"), "true");
  // The error names the pasted line, not the row's index.
  assert.match(await page.locator("#observations-error").textContent(), /^第 2 行：.*不是十进制数/);
  assert.equal(await page.locator("#chart svg").count(), 0);
  assert.equal(await page.getAttribute("#download", "aria-disabled"), "true");
  await page.fill("#observations", "indicator,year,value,unit\ngdp,2023,200");
  assert.match(await page.locator("#observations-error").textContent(), /第 2 行：应有 4 列，实有 3 列/);
  await page.fill("#year", "2019");
  await page.fill("#observations", "indicator,year,value,unit\ngdp,2023,200,亿元");
  assert.equal(await page.getAttribute("#year", "aria-invalid"), "true");
  await page.fill("#year", "2023");
  await page.waitForSelector("#chart svg");
  // Chinese headers and indicator names (the engine's, either language) with blank lines between.
  await page.fill(
    "#observations",
    "指标\t年份\t数值\t单位\n\n地区生产总值\t2023\t200\t亿元\nr&d expenditure, share of gdp\t2023\t3.5\t%\nhigh_tech_enterprises\t2023\tabc\t个",
  );
  assert.match(await page.locator("#observations-error").textContent(), /^第 5 行：“abc”不是十进制数/);
  await page.fill(
    "#observations",
    "指标,年份,数值,单位\n地区生产总值,2023,200,亿元\n研究与试验经费支出占GDP比重,2023,3.5,%",
  );
  await page.waitForSelector("#chart svg");
  await page.selectOption("#indicators", []);
  await page.check("#only_observed");
  assert.equal(await page.locator('#chart svg rect[fill="#eceff1"]').count(), 2);
  // The ids beside the names, and the chart's text alternative: a description and a data table.
  assert.match(await page.locator("#indicators option").first().textContent(), /地区生产总值 · gdp$/);
  assert.equal(await page.getAttribute("#chart", "role"), "img");
  assert.match(await page.getAttribute("#chart", "aria-label"), /指标进度图（2023 年）：2 项指标的 \d+ 项目标/);
  assert.match(await page.locator("#chart-table caption").textContent(), /图表数据（2023 年）/);
  assert.match(
    await page.locator("#chart-table tbody tr").first().textContent(),
    /^地区生产总值 \(gdp\)2022>= 135 亿元—/,
  );
  assert.match(
    await page.locator("#chart-table tbody").textContent(),
    /地区生产总值 \(gdp\)2025>= 300 亿元200 \(2023\)/,
  );
  // The table has the chart's rows: one indicator per chart row, the same indicators.
  const drawn = await page.locator('#chart svg rect[fill="#eceff1"]').count();
  const tabled = new Set(await page.locator("#chart-table tbody th").allTextContents());
  assert.equal(tabled.size, drawn);
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
  // On a 390 px phone the chart takes the screen's width (a grid rule once overrode the media query).
  await page.setViewportSize({ width: 390, height: 844 });
  const chart = await page.locator("#chart svg").boundingBox();
  assert.ok(chart.width > 300, `the chart is ${chart.width} px wide`);
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, "nothing wider than the phone");
  await page.screenshot({ path: join(output, "progress-390.png"), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});
