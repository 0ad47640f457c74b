"""Arrow tables of exact numbers are read straight from their columns (issue 27); the rows must be
the table reader's, cell for cell, whatever is wrong with them — and bad input still names its
field and row."""

import decimal

import pyarrow as pa
import pytest

import shenfu_rules

N = 3000


def _table():
    units = ["万元", "元", "亿元", "美元", "", "亩", None]
    industries = ["数字经济", "智能制造", "其他", " 数字经济 ", "bad", "", None]
    return pa.table({
        "id": [None if i % 11 == 0 else ("  " if i % 13 == 0 else f"P{i}") for i in range(N)],
        "industry": [industries[i % 7] for i in range(N)],
        "fixed_asset_investment": pa.array([(i * 7919) % 40000 for i in range(N)], pa.int64()),
        "fixed_asset_investment_unit": [units[i % 7] for i in range(N)],
        "land_area": pa.array([None if i % 17 == 0 else i % 200 for i in range(N)], pa.int32()),
        "annual_tax": pa.array([(i * 31) % 6000 for i in range(N)], pa.int16()),
        "rd_expenditure": pa.array([None if i % 3 else i % 500 for i in range(N)], pa.int64()),
        "rd_expenditure_unit": ["万元" if i % 19 else None for i in range(N)],
        "revenue": pa.array([None if i % 5 else decimal.Decimal(i % 700) / 4 for i in range(N)],
                            pa.decimal128(20, 2)),
        "introduced": [None if i % 7 == 0 else bool(i % 2) for i in range(N)],
    })


UNITS = {"land_area": "亩", "annual_tax": "万元", "revenue": "万元"}


@pytest.mark.parametrize("columns", ["all", "status"])
@pytest.mark.parametrize("year", [None, 2024, 2030])
def test_read_from_columns_as_the_table_reader_reads(columns, year):
    table = _table()
    # The same numbers as text: read row by row by the table reader.
    as_text = table.set_column(2, "fixed_asset_investment",
                               pa.array([str(v) for v in table.column(2).to_pylist()]))
    fast = shenfu_rules.assess_many(table, units=UNITS, errors="report", columns=columns, year=year)
    slow = shenfu_rules.assess_many(as_text, units=UNITS, errors="report", columns=columns,
                                    year=year)
    assert fast.column_names == slow.column_names
    for name in fast.column_names:
        assert fast.column(name).to_pylist() == slow.column(name).to_pylist(), name
    assert any(fast.column("error_code").to_pylist())
    assert not all(e is None for e in fast.column("verdict").to_pylist())


def _whole_table():
    """Every amount an integer, in any unit, at sizes from nothing to the largest an int64
    holds: the rows `assess_many` judges in integers (`batch::WholeRules`)."""
    money = ["万元", "元", "亿元", "美元", "万美元"]
    areas = ["亩", "平方米", "公顷"]
    big = [0, 1, 7, 2**31, 10**15, 2**62, 2**63 - 1, -5]
    amount = lambda i, k: big[i % 8] if i % 29 == 0 else (i * k) % 40000  # noqa: E731
    return pa.table({
        "industry": [["数字经济", "智能制造", "其他"][i % 3] for i in range(N)],
        "fixed_asset_investment": pa.array([amount(i, 7919) for i in range(N)], pa.int64()),
        "fixed_asset_investment_unit": [money[i % 3] if i % 23 else money[3] for i in range(N)],
        "land_area": pa.array([1 + (i * 13) % 300 if i % 31 else big[i % 8] for i in range(N)],
                              pa.int64()),
        "land_area_unit": [areas[i % 3] for i in range(N)],
        "annual_tax": pa.array([(i * 31) % 6000 for i in range(N)], pa.int32()),
        "annual_tax_unit": [money[(i // 3) % 3] for i in range(N)],
        "rd_expenditure": pa.array([None if i % 4 == 0 else amount(i, 17) for i in range(N)],
                                   pa.int64()),
        "rd_expenditure_unit": [money[i % 5] for i in range(N)],
        "revenue": pa.array([None if i % 6 == 0 else amount(i, 101) for i in range(N)],
                            pa.int64()),
        "revenue_unit": [money[(i // 2) % 5] for i in range(N)],
        "introduced": [None if i % 7 == 0 else bool(i % 9) for i in range(N)],
    })


def _integers_as_text(table):
    """`table` with every integer column as text: read row by row by the table reader."""
    for at, name in enumerate(table.column_names):
        if pa.types.is_integer(table.schema.field(name).type):
            table = table.set_column(
                at, name, pa.array([None if v is None else str(v)
                                    for v in table.column(name).to_pylist()]))
    return table


@pytest.mark.parametrize("columns", ["all", "status"])
@pytest.mark.parametrize("year", [None, 2021, 2024, 2030])
@pytest.mark.parametrize("reading", [None, "benchmark.enterprise_share"])
def test_whole_numbers_are_judged_as_the_table_reader_judges(columns, year, reading):
    table = _whole_table()
    # Every amount as text: read row by row by the table reader and judged as a project.
    as_text = _integers_as_text(table)
    kw = {"errors": "report", "columns": columns, "year": year}
    if reading:
        kw["alternatives"] = [reading]
    fast = shenfu_rules.assess_many(table, **kw)
    slow = shenfu_rules.assess_many(as_text, **kw)
    assert fast.column_names == slow.column_names
    for name in fast.column_names:
        assert fast.column(name).to_pylist() == slow.column(name).to_pylist(), name
    verdicts = fast.column("verdict").to_pylist()
    assert {"eligible", "not_eligible"} <= set(verdicts)
    assert any(fast.column("error_code").to_pylist())


FIXED_UNITS = [
    {"fixed_asset_investment": "万元", "land_area": "亩", "annual_tax": "万元",
     "rd_expenditure": "万元", "revenue": "万元"},
    {"fixed_asset_investment": "元", "land_area": "公顷", "annual_tax": "亿元",
     "rd_expenditure": "美元", "revenue": "万美元"},
    {"fixed_asset_investment": "亿元", "land_area": "平方米", "annual_tax": "元",
     "rd_expenditure": "元", "revenue": "亿元"},
]


@pytest.mark.parametrize("columns", ["all", "status"])
@pytest.mark.parametrize("year", [None, 2030])
@pytest.mark.parametrize("units", FIXED_UNITS)
def test_whole_numbers_in_units_given_for_the_call(columns, year, units):
    """Integer columns whose units are given for the call are read straight into whole-number
    rows (`WholeColumns`) and put column by column; still the table reader's rows, cell for
    cell — bad rows, nulls, zero areas and all, in order among them."""
    table = _whole_table().drop_columns([f"{f}_unit" for f in units])
    as_text = _integers_as_text(table)
    kw = {"errors": "report", "columns": columns, "year": year, "units": units,
          "alternatives": ["benchmark.enterprise_share"]}
    fast = shenfu_rules.assess_many(table, **kw)
    slow = shenfu_rules.assess_many(as_text, **kw)
    assert fast.column_names == slow.column_names
    for name in fast.column_names:
        assert fast.column(name).to_pylist() == slow.column(name).to_pylist(), name
    assert any(fast.column("error_code").to_pylist())
    assert any(v is not None for v in fast.column("verdict").to_pylist())


def test_the_first_bad_row_is_named():
    with pytest.raises(shenfu_rules.ShenfuError) as raised:
        shenfu_rules.assess_many(_table(), units=UNITS)
    # Row 0 gives R&D spend without its unit.
    assert (raised.value.code, raised.value.field, raised.value.row) == (
        "missing_field", "rd_expenditure_unit", 0)
    # Past it, the first bad row is the one the table reader names first.
    table = _table().slice(1)
    as_text = table.set_column(2, "fixed_asset_investment",
                               pa.array([str(v) for v in table.column(2).to_pylist()]))
    raised = []
    for t in (table, as_text):
        with pytest.raises(shenfu_rules.ShenfuError) as e:
            shenfu_rules.assess_many(t, units=UNITS)
        raised.append((e.value.code, e.value.field, e.value.row, e.value.to_json()))
    assert raised[0] == raised[1]
