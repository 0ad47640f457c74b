// The shared bad-input matrix (fixtures/bad-inputs/matrix.json) through the WASM package: the same
// code, field and line as Rust, the CLI and Python. Rulebooks are not loaded in the browser build
// (it carries the plan compiled in) and tables (CSV) are not read in the browser, so those entries
// are skipped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const shenfu = createRequire(import.meta.url)("../pkg-node/shenfu_rules_wasm.js");
const cases = JSON.parse(readFileSync(join(here, "..", "..", "fixtures", "bad-inputs", "matrix.json"), "utf8"));

test("the bad-input matrix", () => {
  let checked = 0;
  for (const c of cases) {
    if (c.kind === "project_csv" || c.kind === "observations_csv" || c.kind === "rulebook") continue;
    if (c.surfaces && !c.surfaces.includes("wasm")) continue;
    const run =
      c.kind === "project"
        ? () => shenfu.assessJson(c.input, c.year === undefined ? undefined : { year: c.year })
        : () => shenfu.progressJson(JSON.parse(c.input), 2023);
    checked += 1;
    if (c.code === null) {
      run();
      continue;
    }
    assert.throws(
      run,
      (e) => {
        assert.equal(e.code, c.code, c.name);
        assert.equal(e.field, c.field, c.name);
        assert.equal(e.line, c.line, c.name);
        return true;
      },
      c.name,
    );
  }
  assert.ok(checked >= 55, `checked ${checked}`);
});
