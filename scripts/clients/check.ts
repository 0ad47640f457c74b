// Every operation of the decision service, typed by what openapi-typescript generated from its
// /openapi.json (api.d.ts beside this file): `tsc --strict` checks it, then it runs against a real
// `shenfu serve`. Usage: node check.js BASE_URL TOKEN (scripts/client-test runs it).
import type { components, paths } from "./api.js";

type Schemas = components["schemas"];
/** The JSON body of an operation's answer with status S, as the document describes it. */
type Answer<P extends keyof paths, M extends keyof paths[P], S extends number> =
  paths[P][M] extends { responses: infer R }
    ? S extends keyof R
      ? R[S] extends { content: { "application/json": infer B } }
        ? B
        : never
      : never
    : never;
/** The JSON body an operation takes. */
type Body<P extends keyof paths, M extends keyof paths[P]> =
  paths[P][M] extends { requestBody: { content: { "application/json": infer B } } } ? B : never;

// Node's own globals, without @types/node.
declare const process: { argv: string[]; exit(code: number): never };

const [base, token] = process.argv.slice(2) as [string, string];

function assert(condition: boolean, what: string): asserts condition {
  if (!condition) {
    throw new Error(`client-test (typescript): ${what}`);
  }
}

async function call<T>(method: "GET" | "POST", path: string, status: number, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`${base}${path}`, init);
  assert(response.status === status, `${method} ${path}: ${response.status}, expected ${status}`);
  const type = response.headers.get("content-type") ?? "";
  return (type.startsWith("application/json") ? await response.json() : await response.text()) as T;
}

function project(id: string, investment: string): Schemas["Project"] {
  return {
    id,
    industry: "数字经济",
    fixed_asset_investment: { value: investment, unit: "万元" },
    land_area: { value: "60", unit: "亩" },
    annual_tax: { value: "3000", unit: "万元" },
  };
}

async function main(): Promise<void> {
  const live = await call<Answer<"/health/live", "get", 200>>("GET", "/health/live", 200);
  assert(live.status === "live", "live");
  const ready = await call<Answer<"/health/ready", "get", 200>>("GET", "/health/ready", 200);
  assert(ready.status === "ready" && ready.rulebook.sha256.length === 64 && ready.log === "sqlite", "ready");
  const document = await call<Answer<"/openapi.json", "get", 200>>("GET", "/openapi.json", 200);
  assert(document.openapi.startsWith("3.1"), "openapi.json");
  const operations = Object.values(document.paths)
    .map((item) => Object.keys(item).length)
    .reduce((a, b) => a + b, 0);
  assert(operations === 17, `the document has ${operations} operations; this program calls 17`);

  const rules = await call<Answer<"/v1/rules", "get", 200>>("GET", "/v1/rules", 200);
  const first = rules[0];
  assert(first !== undefined, "no rules");
  // What failed `tsc --strict` before: a rule's fields, typed.
  const id: string = first.id;
  const scope: "project" | "zone" = first.scope;
  const quote: string = first.citation.quote;
  assert(id === "admission.investment_per_mu" && scope === "project" && quote.length > 0, "rule 0");
  const one = await call<Answer<"/v1/rules/{id}", "get", 200>>("GET", `/v1/rules/${id}`, 200);
  assert(one.property === "admission" && one.label.zh === first.label.zh, "one rule");
  const targets = rules.filter((r) => r.scope === "zone" && typeof r.indicator === "string");
  assert(targets.length > 0, "no targets");
  const conflicts = await call<Answer<"/v1/conflicts", "get", 200>>("GET", "/v1/conflicts", 200);
  const kinds: Schemas["ConflictKind"][] = conflicts.map((c) => c.kind);
  assert(kinds.length > 0 && conflicts.every((c) => c.explanation.en.length > 0), "conflicts");
  const readings = await call<Answer<"/v1/readings", "get", 200>>("GET", "/v1/readings", 200);
  const chao = readings.find((r) => r.id === "wording.chao");
  const basis: Schemas["Basis"] | undefined = chao?.basis;
  assert(basis === "analogy" && chao !== undefined && chao.used_by.includes("admission.investment_per_mu"), "readings");
  const unknown = await call<Answer<"/v1/rules/{id}", "get", 404>>("GET", "/v1/rules/no.such.rule", 404);
  assert(unknown.error.code === "unknown_rule", "404");

  const request: Body<"/v1/assess", "post"> = project("client-test-ts-1", "24000");
  const decision = await call<Answer<"/v1/assess", "post", 200>>("POST", "/v1/assess?year=2024", 200, request);
  const verdict: Schemas["Verdict"] = decision.report.verdict;
  assert(verdict === "eligible" && decision.report.eligible === true, "assess");
  const batchBody: Body<"/v1/assess/batch", "post"> = [project("client-test-ts-2", "3000"), project("client-test-ts-3", "0.3")];
  const batch = await call<Answer<"/v1/assess/batch", "post", 200>>("POST", "/v1/assess/batch", 200, batchBody);
  const verdicts = batch.results.map((r) => ("report" in r ? r.report.verdict : r.error.code));
  assert(verdicts.join() === "not_eligible,not_eligible", `batch: ${verdicts.join()}`);

  const decisionId = decision.decision_id;
  const page = await call<Answer<"/v1/decisions", "get", 200>>("GET", "/v1/decisions?subject_id=client-test-ts-1", 200);
  assert(page.decisions.length === 1 && page.decisions[0]?.decision_id === decisionId, "list");
  const stored = await call<Answer<"/v1/decisions/{id}", "get", 200>>("GET", `/v1/decisions/${decisionId}`, 200);
  assert(stored.log.input_sha256 === decision.report.input_sha256, "get");
  const verified = await call<Answer<"/v1/decisions/{id}/verify", "post", 200>>("POST", `/v1/decisions/${decisionId}/verify`, 200);
  assert(verified.verified && verified.in_signed_tree === true, "verify");
  const receipt = await call<Answer<"/v1/decisions/{id}/receipt", "get", 200>>("GET", `/v1/decisions/${decisionId}/receipt`, 200);
  assert(receipt.entry.decision_id === decisionId, "receipt");
  const checkpoint = await call<Answer<"/v1/checkpoint", "get", 200>>("GET", "/v1/checkpoint", 200);
  const consistency = await call<Answer<"/v1/checkpoint/consistency", "get", 200>>("GET", "/v1/checkpoint/consistency?from=1", 200);
  assert(consistency.to === checkpoint.tree_size && checkpoint.tree_size >= 3, "consistency");

  const observations: Body<"/v1/progress", "post"> = [{ indicator: "gdp", year: 2023, value: "150", unit: "亿元" }];
  const progress = await call<Answer<"/v1/progress", "post", 200>>("POST", "/v1/progress?year=2023", 200, observations);
  assert(progress.year === 2023 && progress.summary.targets > 0, "progress");

  const metrics = await call<string>("GET", "/metrics", 200);
  assert(metrics.includes("shenfu"), "metrics");
  console.log(`typescript types: 17 operations, typed (${rules.length} rules, ${conflicts.length} conflicts, ${readings.length} readings)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
