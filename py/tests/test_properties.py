"""Properties over arbitrary values (hypothesis): verdicts are monotone and unit-invariant, and
nothing a notebook can hold crashes the interpreter — it is a report or a ShenfuError."""

import math
from decimal import Decimal

from hypothesis import given, settings, strategies as st

import shenfu_rules

amounts = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("1e12"), places=4,
                      allow_nan=False, allow_infinity=False)


def project(investment, area, tax, inv_unit="万元", area_unit="亩", tax_unit="万元"):
    return {
        "industry": "智能制造",
        "fixed_asset_investment": {"value": investment, "unit": inv_unit},
        "land_area": {"value": area, "unit": area_unit},
        "annual_tax": {"value": tax, "unit": tax_unit},
    }


@settings(max_examples=200, deadline=None)
@given(amounts, amounts, amounts, amounts, amounts)
def test_more_investment_or_tax_never_hurts(inv, area, tax, more_inv, more_tax):
    before = shenfu_rules.assess(project(inv, area, tax)).eligible
    after = shenfu_rules.assess(project(inv + more_inv, area, tax + more_tax)).eligible
    assert after or not before


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**13), st.integers(1, 10**12), st.integers(1, 10**8))
def test_units_do_not_change_the_verdict(yuan, tax_yuan, square_metres):
    in_base = project(yuan, Decimal(square_metres) * Decimal("0.0015"), tax_yuan, "元", "亩", "元")
    in_wan = project(Decimal(yuan) / 10000, square_metres, Decimal(tax_yuan) / 10000, "万元", "平方米", "万元")
    a, b = shenfu_rules.assess(in_base), shenfu_rules.assess(in_wan)
    assert a.eligible == b.eligible
    assert [o.status for o in a.outcomes] == [o.status for o in b.outcomes]


junk = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(min_value=-(10**60), max_value=10**60),
        st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20),
        st.decimals(allow_nan=True, allow_infinity=True),
    ),
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.text(max_size=8), children, max_size=3)),
    max_leaves=8,
)


@settings(max_examples=400, deadline=None)
@given(junk, junk, junk, st.one_of(st.none(), st.integers(-5, 5000)))
def test_no_value_crashes(area, tax, unit, year):
    candidate = project("24000", area, tax)
    candidate["land_area"] = {"value": area, "unit": unit} if isinstance(unit, str) else area
    try:
        report = shenfu_rules.assess(candidate, year=year)
    except shenfu_rules.ShenfuError as e:
        assert e.code and isinstance(e.message_zh, str)
    else:
        assert isinstance(report.eligible, bool)


def test_floats_are_read_through_repr():
    r = shenfu_rules.assess(project("24000", 0.1 + 0.2, "3000"))
    assert "0.30000000000000004 亩" in r.outcome("admission.investment_per_mu").derivation
    for bad, code in [(math.nan, "non_finite"), (math.inf, "non_finite"), (-60, "negative_value"),
                      (0, "zero_area"), ("", "invalid_number"), ("abc", "invalid_number"),
                      ("12万", "invalid_number"), (None, "invalid_type"), ([1], "invalid_type")]:
        try:
            shenfu_rules.assess(project("24000", bad, "3000"))
        except shenfu_rules.InvalidInputError as e:
            assert e.code == code, (bad, e)
            assert e.field.startswith("land_area"), (bad, e)
        else:
            raise AssertionError(f"{bad!r} was accepted")


# What a notebook hands `assess`: plain values, numbers of every kind (NaN, ±Infinity, huge and
# tiny floats, Decimals with exponents, big ints), text with quotes, control characters and
# lone surrogates, nested dicts and lists, and the odd types only the Python side converts.
plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.decimals() | st.text()
    | st.sampled_from([Decimal("1E+3"), Decimal("-0"), 1e400, -1e-320, "\ud800", 'a"\\\n']),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=500, deadline=None)
@given(plain)
def test_the_rust_conversion_of_a_project_is_the_python_one(value):
    """``_to_json`` converts plain dicts in Rust (issue 12: the Python conversion cost five times
    the assessment). Whatever it converts must be what the Python side gives; whatever it
    leaves (``None``) the Python side converts or refuses with its error."""
    import json

    native = shenfu_rules._native.json_of(value)
    try:
        python = json.dumps(shenfu_rules._jsonable(value, ""), ensure_ascii=False)
    except shenfu_rules.ShenfuError:
        assert native is None  # the Python side names the bad value's path
        return
    if native is not None:
        assert json.loads(native) == json.loads(python)


def test_the_rust_conversion_leaves_what_it_does_not_know_to_python():
    import collections

    import numpy as np

    native = shenfu_rules._native.json_of
    assert native({"a": [1, 2.5, Decimal("3.10"), True, None, "x"]}) == \
        '{"a":["1","2.5","3.10",true,null,"x"]}'
    for odd in ({"a": np.int64(3)}, collections.OrderedDict(a=1), {1: "a"}, {"a": {1, 2}},
                {"a": "\ud800"}):
        assert native(odd) is None
    # Python still converts (numpy) or refuses (a set, naming the field) what Rust left.
    report = shenfu_rules.assess({**project(np.int64(24000), 60, 3000), "industry": "数字经济"})
    assert report.eligible
    try:
        shenfu_rules.assess({**project(24000, 60, 3000), "land_area": {"value": {1}, "unit": "亩"}})
    except shenfu_rules.InvalidInputError as e:
        assert e.field == "land_area.value"
    else:
        raise AssertionError("a set was accepted as an amount")


@settings(max_examples=300, deadline=None)
@given(amounts, amounts, amounts, st.sampled_from(["数字经济", "智能制造", "其他"]),
       st.one_of(st.none(), st.booleans()), st.one_of(st.none(), st.integers(2020, 2035)),
       st.one_of(st.none(), amounts))
def test_the_verdict_is_the_reports(inv, area, tax, industry, introduced, year, rd):
    """``assess`` judges every rule for the verdict and writes the report only when it is read
    (issue 12): the two are the same decision, and a refusal happens at ``assess``."""
    import json

    candidate = {**project(inv, area, tax), "industry": industry}
    if introduced is not None:
        candidate["introduced"] = introduced
    if rd is not None:
        candidate["rd_expenditure"] = {"value": rd, "unit": "万元"}
        candidate["revenue"] = {"value": rd * 20, "unit": "万元"}
    report = shenfu_rules.assess(candidate, year=year)
    canonical = json.loads(report.to_json())
    assert report.eligible is canonical["eligible"]
    assert report.to_json() == shenfu_rules.assess_json(json.dumps(
        shenfu_rules._jsonable(candidate, ""), ensure_ascii=False), year=year)
