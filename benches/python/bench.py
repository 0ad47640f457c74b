"""Batch admission decisions in Python, side by side in one run:

* shenfu_rules.assess_many on a pyarrow Table and on a pandas DataFrame (Rust, GIL released,
  exact decimals, per rule status + measured value + margin);
* (a) a hand-written pure-Python ``decimal.Decimal`` loop deciding the same two conditions (the
  eligibility alone: the peer of ``columns="status"``);
* (a′) the same loop making what ``assess_many`` makes with every value: each condition's status,
  measured value and margin, the industry's membership and the eligibility (its peer);
* (b) pandas vectorised float comparisons (fast, inexact — the boundary case below is decided
  wrongly);
* (c) GoRules ZEN (``zen-engine``) with an equivalent decision graph, through ``evaluate_batch``.

Run: ``.venv/bin/python benches/python/bench.py [rows]`` (default 1,000,000; the pure-Python loop
and ZEN run on a 100,000-row slice and are reported per row).
"""

import json
import sys
import time
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import zen

import shenfu_rules

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
SLICE = min(N, 100_000)

rng = np.random.default_rng(42)
area = rng.integers(10, 200, N)                       # 亩
investment = rng.integers(5_000, 40_000, N)           # 万元
tax = rng.integers(200, 6_000, N)                     # 万元
boundary = rng.random(N) < 0.1                        # one in ten exactly on 300 万元/亩
investment = np.where(boundary, area * 300, investment)
industries = np.array(["数字经济", "智能制造", "其他"])[rng.integers(0, 3, N)]
table = pa.table({
    "industry": industries,
    "fixed_asset_investment": investment,
    "land_area": area,
    "annual_tax": tax,
})
units = {"fixed_asset_investment": "万元", "land_area": "亩", "annual_tax": "万元"}
frame = table.to_pandas()


def best(fn, rounds=3):
    times = []
    result = None
    for _ in range(rounds):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


results = []

t, out = best(lambda: shenfu_rules.assess_many(table, units=units))
shenfu_eligible = out.column("eligible").to_numpy(zero_copy_only=False)
results.append(("shenfu assess_many (pyarrow Table, exact, status+observed+margin per rule)", N, t))

t, slim = best(lambda: shenfu_rules.assess_many(table, units=units, columns="status"))
assert slim.column("eligible").to_pylist() == out.column("eligible").to_pylist()
results.append(("shenfu assess_many (pyarrow Table, columns=\"status\": eligibility + statuses)", N, t))

t, _ = best(lambda: shenfu_rules.assess_many(frame, units=units), rounds=1)
results.append(("shenfu assess_many (pandas DataFrame in and out)", N, t))

FACTOR = Decimal(10_000)


def pure_python(rows):
    eligible = []
    for inv, a, tx in rows:
        a = Decimal(a)
        eligible.append(Decimal(inv) * FACTOR / a > 3_000_000 and Decimal(tx) * FACTOR / a > 400_000)
    return eligible


rows = list(zip(investment[:SLICE].tolist(), area[:SLICE].tolist(), tax[:SLICE].tolist()))
t, py_eligible = best(lambda: pure_python(rows), rounds=1)
results.append(("(a) pure-Python decimal.Decimal loop (eligibility)", SLICE, t))
assert py_eligible == shenfu_eligible[:SLICE].tolist()

LEADING = {"数字经济", "信息技术应用及装备", "智能制造", "生命健康", "新材料和氢能", "现代服务业"}
INVESTMENT_BOUND, TAX_BOUND = Decimal(300), Decimal(40)


def pure_python_values(rows):
    """Per row what `assess_many` writes with every value: the eligibility, each condition's
    status, value (万元/亩) and margin, and whether the industry is a leading one."""
    out = []
    for inv, a, tx, industry in rows:
        a = Decimal(a)
        per_mu, tax_per_mu = Decimal(inv) / a, Decimal(tx) / a
        margin, tax_margin = per_mu - INVESTMENT_BOUND, tax_per_mu - TAX_BOUND
        passes, tax_passes = margin > 0, tax_margin > 0
        out.append((passes and tax_passes, passes, per_mu, margin, tax_passes, tax_per_mu,
                    tax_margin, industry in LEADING))
    return out


value_rows = [(i, a, x, ind) for (i, a, x), ind in zip(rows, industries[:SLICE].tolist())]
t, py_values = best(lambda: pure_python_values(value_rows), rounds=1)
results.append(("(a′) pure-Python decimal.Decimal loop (every value, as assess_many's)", SLICE, t))
assert [r[0] for r in py_values] == shenfu_eligible[:SLICE].tolist()
# Python's context rounds the quotient at 28 digits as rust_decimal does; both then to 18 places.
places = Decimal(10) ** -18
shenfu_values = out.column("admission.tax_per_mu.observed").to_pylist()[:SLICE]
values_agree = sum(1 for r, v in zip(py_values, shenfu_values) if r[5].quantize(places) == v)


def vectorised(df):
    inv = df["fixed_asset_investment"].to_numpy(dtype=float) * 1e4
    a = df["land_area"].to_numpy(dtype=float)
    tx = df["annual_tax"].to_numpy(dtype=float) * 1e4
    return (inv / a > 3e6) & (tx / a > 4e5)


t, float_eligible = best(lambda: vectorised(frame))
results.append(("(b) pandas vectorised float64 (inexact)", N, t))
float_agrees = int((float_eligible == shenfu_eligible).sum())

graph = {
    "nodes": [
        {"id": "in", "type": "inputNode", "name": "request", "position": {"x": 0, "y": 0}},
        {"id": "ex", "type": "expressionNode", "name": "admission", "position": {"x": 200, "y": 0},
         "content": {"expressions": [
             {"id": "1", "key": "eligible",
              "value": "investment > 3000000 * area and tax > 400000 * area"}]}},
        {"id": "out", "type": "outputNode", "name": "response", "position": {"x": 400, "y": 0}},
    ],
    "edges": [{"id": "e1", "sourceId": "in", "targetId": "ex", "type": "edge"},
              {"id": "e2", "sourceId": "ex", "targetId": "out", "type": "edge"}],
}
engine = zen.ZenEngine({"loader": {"type": "static", "content": {"admission": graph}}})
requests = [{"key": "admission", "context": {"investment": int(i) * 10_000, "area": int(a), "tax": int(x) * 10_000}}
            for i, a, x in rows]
t, zen_results = best(lambda: engine.evaluate_batch(requests), rounds=1)
zen_eligible = [r["data"]["result"]["eligible"] if r.get("success") else None for r in zen_results]
results.append(("(c) GoRules ZEN evaluate_batch (decision graph)", SLICE, t))
zen_agrees = sum(1 for z, s in zip(zen_eligible, shenfu_eligible[:SLICE]) if z == s)

# One project at a time, as a notebook or a web handler calls it: shenfu's `assess` (every rule
# judged, the verdict; the explained report held in Rust and written when first asked for), and
# `assess(...).to_json()` (the whole canonical report), against ZEN's `evaluate` (the decision
# alone), same projects.
ONE = 20_000
one_projects = [{"industry": "智能制造",
                 "fixed_asset_investment": {"value": str(int(i)), "unit": "万元"},
                 "land_area": {"value": str(int(a)), "unit": "亩"},
                 "annual_tax": {"value": str(int(x)), "unit": "万元"}} for i, a, x in rows[:ONE]]
t_assess, one_shenfu = best(lambda: [shenfu_rules.assess(p).eligible for p in one_projects])
t_report, _ = best(lambda: [shenfu_rules.assess(p).to_json() for p in one_projects])
t_zen, one_zen = best(lambda: [engine.evaluate("admission", r["context"])["result"]["eligible"]
                               for r in requests[:ONE]])
one_agree = sum(1 for a, b in zip(one_shenfu, one_zen) if a == b)

# The boundary where floats decide wrongly: 1230 万元 on 4.1 亩 is exactly 300 万元/亩 — not 超 300.
edge = {"industry": "智能制造", "fixed_asset_investment": {"value": "1230", "unit": "万元"},
        "land_area": {"value": "4.1", "unit": "亩"}, "annual_tax": {"value": "1000", "unit": "万元"}}
exact = shenfu_rules.assess(edge).outcome("admission.investment_per_mu").status
floating = 1230 * 1e4 / 4.1 > 3e6

base = results[0][2] / results[0][1]
print(f"{N:,} projects; pure Python and ZEN on the first {SLICE:,}; best of 3 (pandas-in and the slices: 1 run)")
print("| implementation | rows | rows/s | ns per row | time per row vs shenfu (Arrow) |")
print("| --- | ---: | ---: | ---: | ---: |")
for name, n, seconds in results:
    per = seconds / n
    print(f"| {name} | {n:,} | {n / seconds:,.0f} | {per * 1e9:,.0f} | {per / base:.2f}× |")
print(f"pure Python agrees with shenfu on all {SLICE:,} rows (亩均税收 to 18 places on "
      f"{values_agree:,}); ZEN on {zen_agrees:,}/{SLICE:,}; "
      f"float64 on {float_agrees:,}/{N:,}")
print(f"one at a time ({ONE:,} projects): shenfu assess {t_assess / ONE * 1e6:.2f} µs (verdict, every "
      f"rule), with the whole report written {t_report / ONE * 1e6:.2f} µs; ZEN evaluate "
      f"{t_zen / ONE * 1e6:.2f} µs (decision only): shenfu {t_zen / t_assess:.1f}× / "
      f"{t_zen / t_report:.1f}× faster; agree on {one_agree:,}/{ONE:,}")
print(f"boundary 1230 万元 ÷ 4.1 亩: shenfu says {exact} (exactly 300, not 超 300); float64 says "
      f"{'pass' if floating else 'fail'} ({1230 * 1e4 / 4.1!r} > 3e6)")
