// The shipped types, checked with `tsc --strict`: a TypeScript service (CommonJS output).
import {
  assess,
  progressSvg,
  verifyReceipt,
  type DecisionAnswer,
  type Project,
  type ReceiptVerification,
  type Report,
  type ShenfuError,
} from "shenfu-rules";

const project: Project = {
  id: "P-001",
  industry: "数字经济",
  fixed_asset_investment: { value: "24000", unit: "万元" },
  land_area: { value: 60, unit: "亩" },
  annual_tax: { value: "3000", unit: "万元" },
};
const report: Report = assess(project, { year: 2024 });
const eligible: boolean | null = report.eligible;
const verdict: "eligible" | "not_eligible" | "not_subject" = report.verdict;
const status: "pass" | "fail" | "not_applicable" | "missing_input" = report.outcomes[0].status;
try {
  assess({ ...project, land_area: { value: -5, unit: "亩" } }, undefined);
} catch (e) {
  const error = e as ShenfuError;
  const code: string = error.code;
  const field: string | null = error.field;
  void [code, field];
}
// The contract's types are generated from schemas/: a unit it does not have is an error.
// @ts-expect-error "万" is not a MoneyUnit
const badUnit: Project["annual_tax"] = { value: "1", unit: "万" };
// The types are real, not `any`: a status word the contract does not have is an error.
// @ts-expect-error "passed" is not a Status
const wrong: Report["outcomes"][number]["status"] = "passed";
// The chart for a report: options typed, a misspelt option an error.
const svg: string = progressSvg([], 2023, { onlyObserved: true, indicators: ["gdp"], lang: "en" });
// @ts-expect-error "fr" is not a chart language
progressSvg([], 2023, { lang: "fr" });
// A receipt verified offline: the answer as the service gave it (parsed), the application optional.
declare const answer: DecisionAnswer;
const verification: ReceiptVerification = verifyReceipt(answer, "shenfu.example/decisions+…", project);
const failed: string[] = verification.checks.filter((c) => !c.ok).map((c) => c.code);
const size: number | null = verifyReceipt(JSON.stringify(answer), "key").tree_size;
// @ts-expect-error the public key is its text
verifyReceipt(answer, 42);
void [eligible, verdict, status, wrong, badUnit, svg, failed, size];
