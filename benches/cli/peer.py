"""The peer for `benches/cli/compare.sh`: what a data analyst would write in pure Python to screen
projects exactly — Decimal arithmetic, the two admission conditions (亩均投入超 300 万元, 亩均税收超
40 万元), one output line of four fields per project. No units beyond 万元/亩, no explanation."""

import json
import sys
from decimal import Decimal

WAN = Decimal(10000)
TO_YUAN = {"元": Decimal(1), "万元": WAN, "亿元": Decimal(100000000)}
TO_MU = {"亩": Decimal(1), "公顷": Decimal(15), "平方米": Decimal(1) / Decimal("666.6666666666666666666666667")}


def amount(field):
    return Decimal(field["value"]) * TO_YUAN[field["unit"]]


out = sys.stdout
for line in open(sys.argv[1], encoding="utf-8"):
    p = json.loads(line)
    mu = Decimal(p["land_area"]["value"]) * TO_MU[p["land_area"]["unit"]]
    inv = amount(p["fixed_asset_investment"]) / WAN / mu
    tax = amount(p["annual_tax"]) / WAN / mu
    eligible = inv > 300 and tax > 40
    out.write(f"{p.get('id')},{eligible},{inv},{tax}\n")
