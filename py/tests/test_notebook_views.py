"""What an analyst meets in a notebook (issue 16): progress from any frame, typed frames,
``Report.to_frame``, the indicator of a target as an attribute, and ``help()`` that lists the
fields and status words."""

import json
import pydoc
from decimal import Decimal

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import shenfu_rules

OBSERVATIONS = [
    {"indicator": "gdp", "year": 2022, "value": "140", "unit": "亿元"},
    {"indicator": "gdp", "year": 2023, "value": "200", "unit": "亿元"},
    {"indicator": "rd_intensity", "year": 2023, "value": "3.1", "unit": "%"},
]


def test_progress_reads_lists_pandas_polars_and_arrow_alike():
    want = shenfu_rules.progress(OBSERVATIONS, 2023).to_json()
    for data in (pd.DataFrame(OBSERVATIONS), pl.DataFrame(OBSERVATIONS),
                 pa.Table.from_pylist(OBSERVATIONS)):
        assert shenfu_rules.progress(data, 2023).to_json() == want, type(data)


def test_progress_frame_is_typed_and_names_its_indicators():
    frame = shenfu_rules.progress(OBSERVATIONS, 2023).to_frame()
    assert {c: str(frame[c].dtype) for c in ("number", "year", "observed_year", "violation")} == {
        "number": "Int64", "year": "Int64", "observed_year": "Int64", "violation": "boolean"}
    gdp = frame[frame["target_id"] == "indicator.gdp.2025"].iloc[0]
    assert (gdp["indicator_name_zh"], gdp["indicator_name_en"], gdp["direction"]) == (
        "地区生产总值", "Gross regional product", "higher")
    assert gdp["observed"] == Decimal("200") and gdp["observed_year"] == 2023
    assert "required_annual_change" in frame.columns


def test_report_to_frame_is_one_exact_row_per_outcome():
    report = shenfu_rules.assess({
        "industry": "数字经济", "fixed_asset_investment": {"value": "24000", "unit": "万元"},
        "land_area": {"value": "60", "unit": "亩"}, "annual_tax": {"value": "3000", "unit": "万元"}})
    frame = report.to_frame()
    assert list(frame["rule_id"]) == [o.rule_id for o in report.outcomes]
    first = frame.iloc[0]
    assert (first["observed"], first["observed_unit"], first["margin"]) == (
        Decimal("400"), "万元/亩", Decimal("100"))
    assert first["derivation"].endswith("= 400 万元/亩")


def test_targets_name_their_indicator():
    targets = [r for r in shenfu_rules.Rulebook.default().rules() if r.scope == "zone"]
    assert targets and all(t.indicator == t.raw["indicator"] for t in targets)
    assert all(r.indicator is None for r in shenfu_rules.Rulebook.default().rules()
               if r.scope == "project")


def test_help_lists_fields_and_status_words():
    shown = pydoc.render_doc(shenfu_rules.Outcome, renderer=pydoc.plaintext)
    for word in ("not_applicable", "missing_input", "admission", "derivation", "margin"):
        assert word in shown, word
    report_help = pydoc.render_doc(shenfu_rules.Report, renderer=pydoc.plaintext)
    for word in ("eligible", "assumptions", "to_frame", "input_sha256"):
        assert word in report_help, word


def test_the_chart_for_a_report_shows_what_was_observed_or_named():
    progress = shenfu_rules.progress(OBSERVATIONS, 2023)
    report = json.loads(progress.to_json())
    observed = {i["name"]["zh"] for i in report["indicators"] if i["observations"]}
    unobserved = {i["name"]["zh"] for i in report["indicators"]
                  if i["targets"] and not i["observations"]}
    whole, short = progress.svg(), progress.svg(only_observed=True)
    assert all(name in whole for name in observed | unobserved)
    assert all(name in short for name in observed)
    assert not [name for name in unobserved if f">{name}" in short]
    assert len(short) < len(whole) / 4
    only_gdp = progress.svg(indicators=["gdp"])
    assert "地区生产总值" in only_gdp and "研发" not in only_gdp
    with pytest.raises(shenfu_rules.InvalidInputError) as info:
        progress.svg(indicators=["no_such_indicator"])
    assert (info.value.code, info.value.field) == ("unknown_indicator", "indicators")


def test_pandas_scores_sort_as_numbers():
    frame = pd.DataFrame({
        "industry": ["数字经济"] * 3,
        "fixed_asset_investment": ["99900", "100000", "24000"],
        "fixed_asset_investment_unit": ["万元"] * 3,
        "land_area": ["100", "100", "60"], "land_area_unit": ["亩"] * 3,
        "annual_tax": ["5000"] * 3, "annual_tax_unit": ["万元"] * 3,
    })
    scores = shenfu_rules.assess_many(frame)
    observed = scores["admission.investment_per_mu.observed"]
    assert list(observed) == [Decimal("999"), Decimal("1000"), Decimal("400")]
    assert list(scores.sort_values("admission.investment_per_mu.observed").index) == [2, 0, 1]
    assert observed.astype(float).tolist() == [999.0, 1000.0, 400.0]


def test_ahead_by_is_positive_when_ahead_whichever_way_is_better():
    """``gap`` is observed − on-track; ``ahead_by`` signs it so positive means ahead: an
    unemployment rate (less is better) 0.1 above its path is 0.1 behind."""
    observed = [{"indicator": "unemployment_rate", "year": 2023, "value": "3.1", "unit": "%"},
                {"indicator": "gdp", "year": 2023, "value": "200", "unit": "亿元"}]
    frame = shenfu_rules.progress(observed, 2023).to_frame(numbers="decimal").set_index("target_id")
    rate = frame.loc["indicator.unemployment_rate.2025"]
    assert (rate["gap"], rate["ahead_by"], rate["direction"]) == (Decimal("0.1"), Decimal("-0.1"), "lower")
    gdp = frame.loc["indicator.gdp.2025"]
    assert gdp["ahead_by"] == gdp["gap"] > 0
    assert str(frame["aspiration"].dtype) == "boolean"
    assert frame.loc["target.cluster_output.digital_economy.2025", "aspiration"]
