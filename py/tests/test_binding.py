"""The binding adds nothing of its own: keep= passes every other argument on, an exception's class
is the family the engine gives, and a wrong value is refused by what was expected (issue 26)."""

import pandas as pd
import pyarrow as pa
import pytest

import shenfu_rules
from shenfu_rules import _shenfu_rules as native

ROWS = [
    {"id": f"P-{i}", "district": d, "industry": "数字经济",
     "fixed_asset_investment": inv, "fixed_asset_investment_unit": "万元",
     "land_area": "60", "land_area_unit": "亩",
     "annual_tax": "3000", "annual_tax_unit": "万元"}
    for i, (d, inv) in enumerate([("东区", "18000"), ("西区", "24000")])
]
READING = "benchmark.enterprise_share"


@pytest.mark.parametrize("kind", ["records", "pandas", "pyarrow"])
def test_keep_passes_the_alternatives_on(kind):
    def of(rows):
        if kind == "pandas":
            return pd.DataFrame(rows)
        if kind == "pyarrow":
            return pa.Table.from_pylist(rows)
        return rows

    def columns(result):
        if kind == "pandas":
            return list(result.columns)
        if kind == "pyarrow":
            return result.column_names
        return list(result[0])

    without = [{k: v for k, v in row.items() if k != "district"} for row in ROWS]
    plain = shenfu_rules.assess_many(of(without), alternatives=[READING], numbers="decimal")
    kept = shenfu_rules.assess_many(of(ROWS), keep=["district"], alternatives=[READING],
                                    numbers="decimal")
    # Under the alternative reading the R&D reference points are columns (issue 24).
    assert "benchmark.rd_intensity.prose_2022.margin" in columns(plain)
    assert columns(kept) == columns(plain) + ["district"]
    if kind == "records":
        assert [{k: v for k, v in r.items() if k != "district"} for r in kept] == plain
        assert [r["district"] for r in kept] == ["东区", "西区"]


def test_the_exception_class_is_the_engines_family():
    with pytest.raises(shenfu_rules.UnitError) as unit:
        shenfu_rules.assess({"industry": "数字经济", "fixed_asset_investment": "18000",
                             "land_area": {"value": "60", "unit": "acre"}, "annual_tax": "3000"})
    assert unit.value.code == "unknown_unit"
    with pytest.raises(shenfu_rules.UnknownRuleError):
        shenfu_rules.Rulebook.default().explain("no.such.rule")
    with pytest.raises(shenfu_rules.InvalidInputError) as zero:
        shenfu_rules.assess({"industry": "数字经济", "fixed_asset_investment": 1,
                             "land_area": 0, "annual_tax": 1})
    assert type(zero.value) is shenfu_rules.InvalidInputError


def test_a_wrong_value_is_refused_by_what_was_expected():
    project = {k: v for k, v in ROWS[0].items() if k != "district"}
    with pytest.raises(shenfu_rules.InvalidInputError) as one_id:
        shenfu_rules.assess(project, alternatives=READING)
    assert one_id.value.field == "alternatives"
    assert "a list of reading ids" in one_id.value.message_en
    assert "解读编号的列表" in one_id.value.message_zh

    class Odd:
        pass

    with pytest.raises(shenfu_rules.InvalidInputError) as odd:
        shenfu_rules.assess({**project, "annual_tax": {"value": Odd(), "unit": "万元"}})
    assert odd.value.field == "annual_tax.value"
    assert "a number or a numeric string" in odd.value.message_en


def test_an_unknown_expected_kind_is_the_bindings_own_error():
    error = native.invalid_type("list of reading ids", "text")
    assert isinstance(error, ValueError) and not isinstance(error, shenfu_rules.ShenfuError)
    assert "list of reading ids" in str(error) and "reading_ids" in str(error)
