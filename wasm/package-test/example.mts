// The same types through the ES module entry.
import engine, { assessJson, type Report } from "shenfu-rules";

const text: string = assessJson(
  '{"industry":"数字经济","fixed_asset_investment":"1","land_area":"1","annual_tax":"1"}',
  undefined,
);
const report: Report = engine.assess(JSON.parse(text) as never, undefined);
void report;
