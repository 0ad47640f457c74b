"""The README's Python example, run by scripts/test-all against the built wheel in a fresh venv
(no pandas or pyarrow there: the core API needs none)."""

from decimal import Decimal

import shenfu_rules

report = shenfu_rules.assess({
    "id": "P-001",
    "industry": "数字经济",
    "fixed_asset_investment": {"value": Decimal("24000"), "unit": "万元"},
    "land_area": {"value": 60, "unit": "亩"},
    "annual_tax": {"value": "3000", "unit": "万元"},
})
assert report.eligible
per_mu = report.outcome("admission.investment_per_mu")
assert per_mu.observed.value == Decimal("400"), per_mu.observed
print(per_mu.derivation)                       # 亩均投入 = … = 400 万元/亩
print(report.to_json()[:60], "…")

rows = shenfu_rules.assess_many([               # a list in, a list out (no pyarrow needed)
    {"industry": "智能制造", "fixed_asset_investment": 18000, "land_area": 60,
     "annual_tax": 3000},
], units={"fixed_asset_investment": "万元", "annual_tax": "万元"})
assert rows[0]["eligible"] is False              # 18000 ÷ 60 = 300: not 超 300
assert rows[0]["admission.investment_per_mu.observed"] == Decimal("300")

try:
    shenfu_rules.assess({"industry": "数字经济", "fixed_asset_investment": 1,
                         "land_area": float("nan"), "annual_tax": 1})
except shenfu_rules.InvalidInputError as e:
    assert (e.code, e.field) == ("non_finite", "land_area.value")
    print(e.message_zh)

progress = shenfu_rules.progress(
    [{"indicator": "gdp", "year": 2023, "value": "200", "unit": "亿元"}], 2023)
print(progress)
assert progress._repr_svg_().startswith("<svg")
print("README example: ok")
