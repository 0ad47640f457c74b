"""The peer of `shenfu replay` in benches/replay/compare.sh: what a data team would write in
Python for this one revision — read each stored decision, recompute 亩均投入 with Decimal, apply
the revised conditions (超 300 until 2026, 超 350 from 2027) and compare with the stored statuses.
Prints how many decisions change. It knows only this revision and these units (万元, 亩)."""

import json
import sys
from decimal import Decimal

OLD, NEW = "admission.investment_per_mu", "admission.investment_per_mu.from_2027"
changed = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        year, project = d["year"], d["input"]
        per_mu = Decimal(project["fixed_asset_investment"]["value"]) / Decimal(project["land_area"]["value"])
        stored = {o["rule_id"]: o["status"] for o in d["report"]["outcomes"]}
        new = dict(stored)
        new[OLD] = ("pass" if per_mu > 300 else "fail") if year is None or year <= 2026 else "not_applicable"
        new[NEW] = ("pass" if per_mu > 350 else "fail") if year is None or year >= 2027 else "not_applicable"
        before = {k: stored.get(k, "not_applicable") for k in (OLD, NEW)}
        if any(new[k] != before[k] for k in (OLD, NEW)):
            changed += 1
print(changed)
