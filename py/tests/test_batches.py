"""Batches equal one-by-one assessment on every input kind; bad rows name their row; the GIL is
released while Rust works."""

import random
import threading
import time
from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import shenfu_rules

RULES = [r.id for r in shenfu_rules.Rulebook.default().rules() if r.scope == "project"]


def random_projects(n, seed=7):
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        rows.append({
            "id": f"P-{i}",
            "industry": rng.choice(["数字经济", "智能制造", "其他"]),
            "fixed_asset_investment": str(rng.randint(1000, 40000)),
            "fixed_asset_investment_unit": "万元",
            "land_area": str(rng.choice([60, 80, 100, 1500])),
            "land_area_unit": rng.choice(["亩", "平方米"]),
            "annual_tax": str(rng.randint(100, 6000)),
            "annual_tax_unit": "万元",
        })
    return rows


def one_by_one(row):
    project = {k: v for k, v in row.items() if not k.endswith("_unit")}
    for field in ("fixed_asset_investment", "land_area", "annual_tax"):
        project[field] = {"value": row[field], "unit": row[f"{field}_unit"]}
    return shenfu_rules.assess(project)


def batch_value(value):
    """A report's value as a batch column holds it: decimal(38, 18), half to even."""
    return value.quantize(Decimal("1e-18"), rounding=ROUND_HALF_EVEN)


def check(rows, result_rows):
    assert len(rows) == len(result_rows)
    for row, out in zip(rows, result_rows):
        report = one_by_one(row)
        assert out["eligible"] == report.eligible
        for outcome in report.outcomes:
            assert out[f"{outcome.rule_id}.status"] == outcome.status
            if outcome.observed is not None and outcome.observed.unit:
                observed = Decimal(out[f"{outcome.rule_id}.observed"])
                assert observed == batch_value(outcome.observed.value)
                assert Decimal(out[f"{outcome.rule_id}.margin"]) == batch_value(outcome.margin.value)


def test_arrow_pandas_polars_and_records_equal_one_by_one():
    rows = random_projects(300)
    table = pa.Table.from_pylist(rows)
    check(rows, shenfu_rules.assess_many(table).to_pylist())
    batch = shenfu_rules.assess_many(table.to_batches()[0])
    assert isinstance(batch, pa.RecordBatch)
    frame = shenfu_rules.assess_many(pd.DataFrame(rows), numbers="decimal")
    assert isinstance(frame, pd.DataFrame)
    check(rows, frame.to_dict("records"))
    # pandas' default: each measured value the float nearest its exact decimal (issue 24).
    floats = shenfu_rules.assess_many(pd.DataFrame(rows))
    assert floats.attrs["numbers"] == "float" and frame.attrs["numbers"] == "decimal"
    for name in frame.attrs["units"]:
        assert str(floats[name].dtype) == "float64"
        assert [None if v != v else v for v in floats[name]] == [
            None if d is None else float(d) for d in frame[name]]
    polars_frame = shenfu_rules.assess_many(pl.DataFrame(rows))
    assert isinstance(polars_frame, pl.DataFrame)
    check(rows, polars_frame.to_dicts())
    records = shenfu_rules.assess_many(rows)
    check(rows, [{k: (str(v) if isinstance(v, Decimal) else v) for k, v in r.items()} for r in records])


def test_status_only_columns_are_the_status_columns_of_the_full_result():
    rows = random_projects(50_000)
    table = pa.Table.from_pylist(rows)
    full = shenfu_rules.assess_many(table)
    slim = shenfu_rules.assess_many(table, columns="status")
    assert slim.column_names == [c for c in full.column_names
                                 if not c.endswith((".observed", ".margin"))]
    for name in slim.column_names:
        assert slim.column(name).to_pylist() == full.column(name).to_pylist(), name
    records = shenfu_rules.assess_many(rows[:10], columns="status")
    assert not any(k.endswith(".observed") for k in records[0])
    with pytest.raises(ValueError):
        shenfu_rules.assess_many(rows, columns="some")


def test_numeric_columns_and_fixed_units():
    table = pa.table({
        "industry": ["数字经济", "智能制造"],
        "fixed_asset_investment": pa.array([24000, 18000], pa.int64()),
        "land_area": pa.array([60.0, 60.0], pa.float64()),
        "annual_tax": pa.array([Decimal("3000.00"), Decimal("2400.01")], pa.decimal128(10, 2)),
    })
    out = shenfu_rules.assess_many(table, units={"fixed_asset_investment": "万元", "annual_tax": "万元",
                                                 "land_area": "亩"})
    assert out.column("eligible").to_pylist() == [True, False]  # 18000 ÷ 60 = 300, not 超 300
    # Numbers, not text: Arrow decimal128(38, 18) with the unit in the field's metadata; a
    # quotient that does not end (2400.01 ÷ 60) rounded at the 18th digit.
    field = out.schema.field("admission.tax_per_mu.observed")
    assert field.type == pa.decimal128(38, 18)
    assert field.metadata == {b"unit": "万元/亩".encode()}
    assert out.column("admission.tax_per_mu.observed").to_pylist()[1] == Decimal("40.000166666666666667")
    assert out.column("admission.tax_per_mu.margin").to_pylist()[1] == Decimal("0.000166666666666667")
    assert "admission.leading_industry.margin" not in out.column_names  # an industry has none
    # Sorted as numbers, in polars too.
    polars = pl.from_arrow(out).sort("admission.investment_per_mu.observed")
    assert polars["admission.investment_per_mu.observed"].to_list() == [Decimal(300), Decimal(400)]


def test_bad_rows_raise_with_their_row_or_are_reported():
    rows = random_projects(5)
    rows[3]["land_area"] = "-1"
    with pytest.raises(shenfu_rules.InvalidInputError) as info:
        shenfu_rules.assess_many(pa.Table.from_pylist(rows))
    assert (info.value.code, info.value.field, info.value.row) == ("negative_value", "land_area.value", 3)
    out = shenfu_rules.assess_many(pa.Table.from_pylist(rows), errors="report").to_pylist()
    assert out[3]["eligible"] is None and out[3]["error_code"] == "negative_value"
    assert out[2]["error_code"] is None and isinstance(out[2]["eligible"], bool)
    records = shenfu_rules.assess_many(rows, errors="report")
    assert records[3]["error_code"] == "negative_value"


def test_bad_frames():
    rows = random_projects(3)
    frame = pd.DataFrame(rows).drop(columns=["annual_tax"])
    with pytest.raises(shenfu_rules.InvalidInputError) as info:
        shenfu_rules.assess_many(frame)
    assert (info.value.code, info.value.field) == ("missing_field", "annual_tax")
    wrong = pd.DataFrame(rows)
    wrong["land_area"] = [True, False, True]
    with pytest.raises(shenfu_rules.InvalidInputError) as info:
        shenfu_rules.assess_many(wrong)
    assert (info.value.code, info.value.field, info.value.row) == ("invalid_type", "land_area", 0)
    extra = pd.DataFrame(rows).assign(notes="x")
    with pytest.raises(shenfu_rules.InvalidInputError) as info:
        shenfu_rules.assess_many(extra)
    assert info.value.code == "unknown_field"
    nan = pd.DataFrame(rows).assign(annual_tax=[float("nan"), 1.0, 2.0])
    out = shenfu_rules.assess_many(nan, errors="report")
    assert out["error_code"].tolist()[0] == "missing_field"  # NaN in a float column is a null
    with pytest.raises(shenfu_rules.InvalidInputError):
        shenfu_rules.assess_many({"not": "a table"})
    with pytest.raises(ValueError):
        shenfu_rules.assess_many(rows, errors="ignore")


def test_the_gil_is_released_during_a_batch():
    table = pa.Table.from_pylist(random_projects(1)) .take([0] * 200_000)
    ticks = 0
    done = threading.Event()

    def work():
        shenfu_rules.assess_many(table)
        done.set()

    worker = threading.Thread(target=work)
    start = time.perf_counter()
    worker.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0)
    worker.join()
    elapsed = time.perf_counter() - start
    # Python kept running while Rust scored: thousands of loop turns during the batch.
    assert elapsed > 0.05
    assert ticks > 1000, (ticks, elapsed)


def test_introduced_is_read_from_tables_records_and_single_projects():
    """`introduced` (issue 13): false makes the admission conditions not apply; absent is
    assessed as introduced and the report records the assumption."""
    import pyarrow as pa

    units = {"fixed_asset_investment": "万元", "annual_tax": "万元", "land_area": "亩"}
    table = pa.table({
        "industry": ["智能制造"] * 3,
        "fixed_asset_investment": [6000] * 3,
        "land_area": [60] * 3,
        "annual_tax": [600] * 3,
        "introduced": [False, True, None],
    })
    rows = shenfu_rules.assess_many(table, units=units).to_pylist()
    records = shenfu_rules.assess_many(table.to_pylist(), units=units)
    for got in (rows, records):
        assert [r["admission.investment_per_mu.status"] for r in got] == ["not_applicable", "fail", "fail"]
        # Not introduced: nothing was tested, so neither eligible nor ineligible (issue 24);
        # its measured value is still there, without a margin.
        assert [r["eligible"] for r in got] == [None, False, False]
        assert [r["verdict"] for r in got] == ["not_subject", "not_eligible", "not_eligible"]
        assert [r["admission.investment_per_mu.observed"] == 100 for r in got] == [True] * 3
        assert got[0]["admission.investment_per_mu.margin"] is None
    frame = shenfu_rules.assess_many(table.to_pandas(), units=units)
    assert str(frame["eligible"].dtype) == "boolean"
    assert frame["eligible"].isna().tolist() == [True, False, False]
    # `out[out.eligible]` counts only projects that were tested and passed: none here.
    assert len(frame[frame["eligible"].fillna(False)]) == 0
    report = shenfu_rules.assess({
        "industry": "智能制造", "introduced": False,
        "fixed_asset_investment": {"value": "24000", "unit": "万元"},
        "land_area": {"value": "60", "unit": "亩"}, "annual_tax": {"value": "3000", "unit": "万元"}})
    assert (report.eligible, report.verdict) == (None, "not_subject")
    assert "not subject" in repr(report)
    project = {"industry": "智能制造", "fixed_asset_investment": {"value": "6000", "unit": "万元"},
               "land_area": {"value": "60", "unit": "亩"}, "annual_tax": {"value": "600", "unit": "万元"}}
    assert [a["field"] for a in shenfu_rules.assess(project).assumptions] == ["introduced"]
    assert shenfu_rules.assess({**project, "introduced": False}).assumptions == []
    with pytest.raises(shenfu_rules.InvalidInputError) as info:
        shenfu_rules.assess({**project, "introduced": "yes"})
    assert (info.value.code, info.value.field) == ("invalid_type", "introduced")
    # A 0/1 integer column is no flag, and the error says a number was found (issue 24).
    with pytest.raises(shenfu_rules.InvalidInputError, match="found a number") as info:
        shenfu_rules.assess_many(table.drop_columns(["introduced"]).append_column(
            "introduced", pa.array([0, 1, 0])), units=units)
    assert (info.value.code, info.value.field) == ("invalid_type", "introduced")


def test_a_cell_arrow_cannot_type_is_that_rows_error_not_the_batchs():
    """`'12万'` among floats (what read_excel gives) is row 1's `invalid_number`; the other rows
    are assessed; the frame's index is kept; `eligible` is a nullable boolean."""
    rows = random_projects(3)
    frame = pd.DataFrame(rows, index=["a", "b", "c"])
    frame["annual_tax"] = [frame["annual_tax"].iloc[0], "12万", float(frame["annual_tax"].iloc[2])]
    out = shenfu_rules.assess_many(frame, errors="report")
    assert list(out.index) == ["a", "b", "c"]
    assert str(out["eligible"].dtype) == "boolean"
    assert out["error_code"].tolist()[1] == "invalid_number"
    assert out["error_field"].tolist()[1] == "annual_tax.value"
    assert out["error_code"].isna().tolist() == [True, False, True]
    assert out["eligible"].isna().tolist() == [False, True, False]
    assert len(out[out["eligible"].fillna(False)]) == int(out["eligible"].sum())
    with pytest.raises(shenfu_rules.InvalidInputError) as info:
        shenfu_rules.assess_many(frame)
    assert (info.value.code, info.value.field, info.value.row) == ("invalid_number", "annual_tax.value", 1)


def test_kept_columns_come_back_untouched_and_others_are_still_refused():
    rows = random_projects(5)
    frame = pd.DataFrame(rows, index=list("vwxyz")).assign(district=list("ABCDE"), officer=range(5))
    plain = shenfu_rules.assess_many(pd.DataFrame(rows, index=list("vwxyz")))
    kept = shenfu_rules.assess_many(frame, keep=["district", "officer"])
    assert list(kept.columns) == list(plain.columns) + ["district", "officer"]
    assert kept["district"].tolist() == list("ABCDE") and kept["officer"].tolist() == list(range(5))
    assert list(kept.index) == list("vwxyz")
    assert kept["eligible"].tolist() == plain["eligible"].tolist()
    table = pa.Table.from_pandas(frame.drop(columns=["officer"]), preserve_index=False)
    assert shenfu_rules.assess_many(table, keep=["district"]).column("district").to_pylist() == list("ABCDE")
    batch = shenfu_rules.assess_many(table.to_batches()[0], keep=["district"])
    assert isinstance(batch, pa.RecordBatch) and batch.column("district").to_pylist() == list("ABCDE")
    polars_frame = pl.from_pandas(frame.drop(columns=["officer"]))
    assert shenfu_rules.assess_many(polars_frame, keep=["district"])["district"].to_list() == list("ABCDE")
    records = shenfu_rules.assess_many(frame.to_dict("records"), keep=["district", "officer"])
    assert [r["district"] for r in records] == list("ABCDE")
    with pytest.raises(shenfu_rules.InvalidInputError) as info:
        shenfu_rules.assess_many(frame, keep=["district"])  # officer is neither kept nor known
    assert (info.value.code, info.value.field) == ("unknown_field", "officer")
    with pytest.raises(ValueError):
        shenfu_rules.assess_many(frame, keep=["nowhere"])
    with pytest.raises(ValueError):
        shenfu_rules.assess_many(frame.assign(eligible=1), keep=["eligible", "district", "officer"])


def test_a_table_never_guesses_units():
    """Issue 16: an amount column with neither a ``<field>_unit`` column nor a ``units=`` entry is
    refused, naming the unit column — 24000 meant as 万元 is never read as 24000 元. The CLI's CSV
    refuses the same (fixtures/bad-inputs/matrix.json); a JSON project keeps its documented
    shorthand (a bare number is 元 or 亩, in the contract's schema)."""
    frame = pd.DataFrame({"industry": ["数字经济"], "fixed_asset_investment": [24000],
                          "land_area": [60], "land_area_unit": ["亩"], "annual_tax": [3000],
                          "annual_tax_unit": ["万元"]})
    for data in (frame, pa.Table.from_pandas(frame), pl.from_pandas(frame)):
        with pytest.raises(shenfu_rules.InvalidInputError) as info:
            shenfu_rules.assess_many(data, errors="report")
        assert (info.value.code, info.value.field) == ("missing_field", "fixed_asset_investment_unit")
    with pytest.raises(shenfu_rules.InvalidInputError) as info:
        shenfu_rules.replay(frame, shenfu_rules.Rulebook.default())
    assert info.value.field == "fixed_asset_investment_unit"
    out = shenfu_rules.assess_many(frame, units={"fixed_asset_investment": "万元"})
    assert out["admission.investment_per_mu.observed"].tolist()[0] == 400.0  # 24000 万元 ÷ 60 亩
    # A unit column with an empty cell in one row: that row's error, the others assessed.
    two = pd.DataFrame({"industry": ["数字经济"] * 2, "fixed_asset_investment": [24000, 24000],
                        "fixed_asset_investment_unit": ["万元", None], "land_area": [60, 60],
                        "land_area_unit": ["亩", "亩"], "annual_tax": [3000, 3000],
                        "annual_tax_unit": ["万元", "万元"]})
    out = shenfu_rules.assess_many(two, errors="report")
    assert out["error_field"].tolist() == [None, "fixed_asset_investment_unit"]
    assert out["eligible"].tolist()[0] is True


def test_an_error_row_keeps_the_applications_id_and_name_and_the_ids_dtype():
    """An analyst finds a bad application by its id and name: an error row keeps both as given
    (frames, Arrow tables and records), and an integer `id` column stays integer."""
    frame = pd.DataFrame({
        "id": [10, 11, 12], "name": ["甲", "乙", "丙"], "industry": ["智能制造"] * 3,
        "fixed_asset_investment": [24000, "12万", 18000], "fixed_asset_investment_unit": ["万元"] * 3,
        "land_area": [60, 60, 60], "land_area_unit": ["亩"] * 3,
        "annual_tax": [3000, 3000, 3000], "annual_tax_unit": ["万元"] * 3,
    }, index=["x", "y", "z"])
    out = shenfu_rules.assess_many(frame, errors="report")
    assert out["id"].tolist() == [10, 11, 12]
    assert str(out["id"].dtype) == "Int64"
    assert out["name"].tolist() == ["甲", "乙", "丙"]
    assert out.loc["y", "error_code"] == "invalid_number"
    records = shenfu_rules.assess_many(
        [{"id": 7, "name": "坏", "industry": "智能制造", "fixed_asset_investment": "x",
          "land_area": "1", "annual_tax": "1"}, "not a mapping at all"], errors="report")
    assert [(r["id"], r["name"], r["error_code"]) for r in records][0] == ("7", "坏", "invalid_number")
    assert (records[1]["id"], records[1]["name"]) == (None, None)


def test_pandas_measured_columns_are_exact_decimals_that_sort_as_numbers():
    """Issue 16: ``.observed``/``.margin`` sorted alphabetically ("999" > "1000"). In pandas they
    are exact ``Decimal``s printed as written with ``numbers="decimal"``, with their units in
    ``attrs``; by default floats an analyst computes with (issue 24)."""
    frame = pd.DataFrame({"industry": ["数字经济"] * 3, "fixed_asset_investment": [9990, 10000, 1000],
                          "land_area": [10, 10, 3], "annual_tax": [500, 500, 500]})
    units = {"fixed_asset_investment": "万元", "land_area": "亩", "annual_tax": "万元"}
    out = shenfu_rules.assess_many(frame, units=units, numbers="decimal")
    observed = out["admission.investment_per_mu.observed"]
    assert observed.tolist() == [Decimal("999"), Decimal("1000"), Decimal("333.333333333333333333")]
    # The default: float64, so describe(), quantile() and a histogram work. 9990/10 = 999,
    # 10000/10 = 1000, 1000/3 = 333.33…: mean 777.44…, median 999.
    floats = shenfu_rules.assess_many(frame, units=units)["admission.investment_per_mu.observed"]
    assert str(floats.dtype) == "float64"
    assert floats.quantile(0.5) == 999.0 and floats.describe()["max"] == 1000.0
    assert floats.tolist() == [999.0, 1000.0, 1000 / 3]
    counts, _ = np.histogram(floats, bins=2)
    assert counts.tolist() == [1, 2]
    assert str(observed.tolist()[0]) == "999"  # not 999.000000000000000000
    assert out.sort_values("admission.investment_per_mu.observed")["row"].tolist() == [2, 0, 1]
    assert out.attrs["units"]["admission.investment_per_mu.observed"] == "万元/亩"
    # The R&D reference points are columns only when asked for (issue 24).
    assert "benchmark.rd_intensity.prose_2022.margin" not in out.attrs["units"]
    asked = shenfu_rules.assess_many(frame, units=units,
                                     alternatives=["benchmark.enterprise_share"])
    assert asked.attrs["units"]["benchmark.rd_intensity.prose_2022.margin"] == "%"
    assert "admission.leading_industry.observed" not in out.attrs["units"]
    # The same numbers as the Arrow table's decimal128(38, 18).
    arrow = shenfu_rules.assess_many(pa.Table.from_pandas(frame), units=units)
    assert arrow.column("admission.investment_per_mu.observed").to_pylist() == observed.tolist()


def test_a_measured_value_beyond_decimal_38_18_is_empty_and_the_status_stands():
    """A column of decimal(38, 18) holds magnitudes below 10²⁰: a value beyond (10²⁵ 元 on 0.01 亩
    is 10²³ 万元/亩) is left empty in every kind of output, the status beside it decided."""
    rows = [{"industry": "数字经济", "fixed_asset_investment": "1e25", "fixed_asset_investment_unit": "元",
             "land_area": "0.01", "land_area_unit": "亩", "annual_tax": "3000", "annual_tax_unit": "万元"}]
    name = "admission.investment_per_mu"
    for out in (shenfu_rules.assess_many(pa.Table.from_pylist(rows)).to_pylist()[0],
                shenfu_rules.assess_many(pd.DataFrame(rows), numbers="decimal").iloc[0].to_dict(),
                shenfu_rules.assess_many(rows)[0]):
        assert out[f"{name}.status"] == "pass"
        assert out[f"{name}.observed"] is None and out[f"{name}.margin"] is None
    # The report itself keeps the value.
    report = shenfu_rules.assess({"industry": "数字经济",
                                  "fixed_asset_investment": {"value": "1e25", "unit": "元"},
                                  "land_area": {"value": "0.01", "unit": "亩"},
                                  "annual_tax": {"value": "3000", "unit": "万元"}})
    assert report.outcome(name).observed.value == Decimal("1e23")
