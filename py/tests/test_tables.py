"""Issue 24: every table path — pandas, polars, pyarrow, records; assess_many, replay, progress —
is read by the core's one table reader, and a unit is never guessed. Expected values worked by
hand; the same cases are entries of fixtures/bad-inputs/matrix.json (CLI, Rust, Python)."""

import json
import warnings
from decimal import Decimal

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import shenfu_rules
from conftest import FIXTURES

REVISED = shenfu_rules.Rulebook.from_str(shenfu_rules.SHENFU_TOML.replace(
    'value = "300", unit = "万元/亩"', 'value = "350", unit = "万元/亩"').replace(
    "亩均投入超 300 万元", "亩均投入超 350 万元"))


def projects(**override):
    """Two projects: P-1 at 24000 万元 / 60 亩 = 400 万元/亩 (passes 超 300 and 超 350), P-2 at
    19800 万元 / 60 亩 = 330 万元/亩 (passes 超 300, fails 超 350)."""
    columns = {"id": ["P-1", "P-2"], "industry": ["智能制造"] * 2,
               "fixed_asset_investment": [24000, 19800],
               "fixed_asset_investment_unit": ["万元", "万元"],
               "land_area": [60, 60], "land_area_unit": ["亩", "亩"],
               "annual_tax": [3000, 3000], "annual_tax_unit": ["万元", "万元"]}
    columns.update(override)
    return columns


def kinds(columns):
    frame = pd.DataFrame(columns)
    return {"pandas": frame, "polars": pl.from_pandas(frame),
            "pyarrow": pa.Table.from_pandas(frame, preserve_index=False),
            "records": frame.to_dict("records")}


def test_replay_of_a_table_never_decides_a_bare_number_as_yuan():
    """A row without its investment unit: 19800 read as 元 would be 0.033 万元/亩 and a silent
    flip; it is that row's missing_field, as in assess_many."""
    data = kinds(projects(fixed_asset_investment_unit=["万元", None]))
    for name, frame in data.items():
        with pytest.raises(shenfu_rules.InvalidInputError) as info:
            shenfu_rules.replay(frame, REVISED)
        assert (info.value.code, info.value.field, info.value.row) == (
            "missing_field", "fixed_asset_investment_unit", 1), name
        out = shenfu_rules.replay(frame, REVISED, errors="report")
        assert out.attrs["summary"]["errors"] == 1 and out.empty, name
        assert [e.row for e in out.attrs["errors"]] == [1], name
        if name != "records":
            scored = shenfu_rules.assess_many(frame, errors="report")
            rows = scored.to_dicts() if name == "polars" else (
                scored.to_pylist() if name == "pyarrow" else scored.to_dict("records"))
            assert [r["error_field"] for r in rows] == [None, "fixed_asset_investment_unit"], name


def test_units_for_the_call_beside_a_unit_column_is_refused_naming_both():
    """`units={"fixed_asset_investment": "元"}` beside a column saying 万元: neither wins."""
    for name, frame in kinds(projects()).items():
        for run in (lambda: shenfu_rules.assess_many(frame, units={"fixed_asset_investment": "元"}),
                    lambda: shenfu_rules.replay(frame, REVISED, units={"fixed_asset_investment": "元"})):
            with pytest.raises(shenfu_rules.InvalidInputError) as info:
                run()
            e = info.value
            assert (e.code, e.field) == ("duplicate_unit", "fixed_asset_investment_unit"), name
            assert "fixed_asset_investment_unit" in e.message_en and "units=" in e.message_en
            assert "units=" in e.message_zh and json.loads(e.to_json())["error"]["code"] == "duplicate_unit"


def test_units_for_the_call_stand_for_a_missing_unit_column():
    """Without the column, `units=` gives the unit: 19800 万元 / 60 亩 = 330 万元/亩."""
    columns = projects()
    del columns["fixed_asset_investment_unit"]
    for name, frame in kinds(columns).items():
        out = shenfu_rules.replay(frame, REVISED, units={"fixed_asset_investment": "万元"})
        assert out["observed"].tolist() == [Decimal("330")], name
        assert out["subject_id"].tolist() == ["P-2"], name


def test_replay_keeps_the_index_and_the_keep_columns():
    frame = pd.DataFrame(projects(), index=["a", "b"])
    frame["district"] = ["东区", "西区"]
    out = shenfu_rules.replay(frame, REVISED, keep=["district"])
    assert list(out.index) == ["b"]
    assert out["district"].tolist() == ["西区"]
    assert out.loc["b", "rule_id"] == "admission.investment_per_mu"
    for name, data in (("polars", pl.from_pandas(frame.reset_index(drop=True))),
                       ("pyarrow", pa.Table.from_pandas(frame, preserve_index=False)),
                       ("records", frame.to_dict("records"))):
        out = shenfu_rules.replay(data, REVISED, keep=["district"])
        assert (list(out.index), out["district"].tolist()) == ([1], ["西区"]), name
    with pytest.raises(ValueError):
        shenfu_rules.replay(frame, REVISED, keep=["nowhere"])


def observed(unit):
    return pd.DataFrame({"indicator": ["gdp"], "year": [2023], "value": [1523000], "unit": [unit]})


@pytest.mark.parametrize("unit", [None, float("nan"), ""])
def test_progress_never_takes_an_empty_unit_to_be_the_indicators(unit):
    """("gdp", 2023, 1523000, None) read as 亿元 would be 1,523,000 亿元 and "met"."""
    frame = observed(unit)
    data = {"pandas": frame, "pyarrow": pa.Table.from_pandas(frame, preserve_index=False),
            "records": frame.to_dict("records")}
    if unit is None or unit == unit:  # polars has no NaN text
        data["polars"] = pl.DataFrame({"indicator": ["gdp"], "year": [2023],
                                       "value": [1523000], "unit": [unit]})
    for name, table in data.items():
        with pytest.raises(shenfu_rules.InvalidInputError) as info:
            shenfu_rules.progress(table, 2023)
        field = "[0].unit" if name == "records" else "unit"
        assert (info.value.code, info.value.field) == ("missing_field", field), name
        if name != "records":
            assert info.value.row == 0, name


def test_progress_of_a_table_needs_its_unit_column_and_converts_exactly():
    with pytest.raises(shenfu_rules.InvalidInputError) as info:
        shenfu_rules.progress(observed("万元").drop(columns=["unit"]), 2023)
    assert (info.value.code, info.value.field, info.value.row) == ("missing_field", "unit", None)
    # 1523000 万元 = 152.3 亿元. The 2025 table target's path is at 135 × (300/135)^(1/3) =
    # 176.169 in 2023; 152.3 is short by 23.869 = 13.5 % of it (> 10 %): off track.
    for table in (observed("万元"), pl.from_pandas(observed("万元"))):
        frame = shenfu_rules.progress(table, 2023).to_frame(numbers="decimal")
        rows = frame.to_dicts() if isinstance(frame, pl.DataFrame) else frame.to_dict("records")
        gdp = next(r for r in rows if r["target_id"] == "indicator.gdp.2025")
        assert (gdp["observed"], gdp["on_track"], gdp["status"]) == (
            Decimal("152.3"), Decimal("176.169"), "off_track")


def test_progress_to_frame_is_the_kind_of_frame_given_and_computable():
    """pandas in, pandas out; polars in, polars out; pyarrow in, pyarrow out — values as float64
    by default (describe() and quantile() work), exact with numbers="decimal"."""
    frame = pd.DataFrame({"indicator": ["gdp", "gdp"], "year": [2022, 2023],
                          "value": ["140", "200"], "unit": ["亿元", "亿元"]})
    given = {"pandas": frame, "polars": pl.from_pandas(frame),
             "pyarrow": pa.Table.from_pandas(frame, preserve_index=False)}
    kinds_out = {"pandas": pd.DataFrame, "polars": pl.DataFrame, "pyarrow": pa.Table}
    for name, data in given.items():
        out = shenfu_rules.progress(data, 2023).to_frame()
        assert isinstance(out, kinds_out[name]), name
        exact = shenfu_rules.progress(data, 2023).to_frame(numbers="decimal")
        if name == "pandas":
            observed = out["observed"]
            assert str(observed.dtype) == "float64"
            # GDP's targets judged on 140 (2022, due) and 200 (2023, the latest).
            assert sorted(set(observed.dropna())) == [140.0, 200.0]
            assert out["observed"].describe()["max"] == 200.0
            assert Decimal("200") in set(exact["observed"].dropna())
        else:
            table = out if name == "pyarrow" else out.to_arrow()
            assert str(table.schema.field("observed").type) == "double", name
            typed = exact if name == "pyarrow" else exact.to_arrow()
            assert pa.types.is_decimal(typed.schema.field("observed").type), name
            assert str(table.schema.field("year").type) == "int64", name
    # A list (or JSON) of observations has no frame kind of its own: pandas.
    listed = shenfu_rules.progress(frame.to_dict("records"), 2023).to_frame()
    assert isinstance(listed, pd.DataFrame)


def test_a_set_aside_baseline_warns_in_the_engines_words():
    """GDP observed at 80 亿元 in 2020 (the plan's table: 75): growth targets measure from 75
    (75 × 1.3² = 126.75, not 80 × 1.3² = 135.2), and Python warns."""
    case = FIXTURES / "indicators" / "cases" / "2022-observed-baseline-set-aside"
    frame = pd.read_csv(case / "observations.csv")
    with pytest.warns(shenfu_rules.BaselineSetAsideWarning) as caught:
        progress = shenfu_rules.progress(frame, 2022)
    message = str(caught[0].message)
    assert message.splitlines() == [
        "地区生产总值：观测的 2020 年值 80 亿元未采用，进度路径和增速目标以规划表列的 2020 年值 75 亿元为基数。",
        "Gross regional product: the observed 2020 value 80 亿元 was set aside; paths and growth "
        "targets measure from the plan's 2020 value 75 亿元.",
    ]
    gdp = next(i for i in progress.report["indicators"] if i["id"] == "gdp")
    assert gdp["baseline"] == {"value": "75", "source": "plan", "observed_set_aside": "80"}
    growth = progress.to_frame(numbers="decimal").set_index("target_id").loc["target.gdp.2022.growth"]
    assert (growth["required"], growth["status"]) == (Decimal("126.75"), "missed")
    # The table names what was set aside too, on every GDP target measured from 2020.
    assert growth["baseline_set_aside"] == Decimal("80")
    assert progress.to_frame()["baseline_set_aside"].dropna().unique().tolist() == [80.0]
    assert "观测的 2020 年值 80 亿元未采用" in progress.svg()
    # print(progress) is the CLI's table, with the same ⚠ line under it.
    assert f"⚠ {message.splitlines()[0]}" in str(progress)
    assert "⚠ Gross regional product: the observed 2020 value 80 亿元 was set aside" in progress.to_text("en")
    assert progress.to_json() == (case / "report.json").read_text(encoding="utf-8").strip()
    # The plan's own 2020 value observed sets nothing aside: no warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        shenfu_rules.progress([{"indicator": "gdp", "year": 2020, "value": "75", "unit": "亿元"}], 2022)


def test_jupyter_shows_the_observed_indicators_and_a_complete_legend():
    """A notebook's default view is a chart for a report: only what was observed (every
    indicator still one call away), with every mark in the legend — missed targets stay red."""
    observed_gdp = [{"indicator": "gdp", "year": 2022, "value": "120", "unit": "亿元"}]
    progress = shenfu_rules.progress(observed_gdp, 2023)
    shown, whole = progress._repr_html_(), progress.to_html()
    assert "地区生产总值" in shown and "研究与试验经费支出" not in shown
    assert "研究与试验经费支出" in whole
    assert progress._repr_svg_() == progress.svg(only_observed=True)
    # 120 < the table's 135 for 2022: missed in its year, named under the 2025 status.
    for mark in ("已到期未达成的目标", "约束性指标", "约束性目标未达成", ">2022 未达成</text>"):
        assert mark in shown, mark
    # Nothing observed: the whole plan, not an empty picture.
    empty = shenfu_rules.progress([], 2023)
    assert "研究与试验经费支出" in empty._repr_html_()


def test_every_kind_of_output_can_name_its_units():
    """pyarrow keeps each measured column's unit in its field's metadata and pandas in
    ``attrs``; polars keeps no column metadata, so ``batch_units()`` names them — the same map."""
    frame = pd.DataFrame(projects())
    arrow = shenfu_rules.assess_many(pa.Table.from_pandas(frame, preserve_index=False))
    in_metadata = {f.name: f.metadata[b"unit"].decode() for f in arrow.schema
                   if f.metadata and b"unit" in f.metadata}
    assert shenfu_rules.batch_units() == in_metadata == shenfu_rules.assess_many(frame).attrs["units"]
    assert in_metadata["admission.investment_per_mu.observed"] == "万元/亩"
    polars_out = shenfu_rules.assess_many(pl.from_pandas(frame))
    assert set(shenfu_rules.batch_units()) <= set(polars_out.columns)
