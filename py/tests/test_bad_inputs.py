"""The shared bad-input matrix (fixtures/bad-inputs/matrix.json) through the Python package: the
same code, field and line as Rust and the CLI; the accepted entries are accepted."""

import json

import pytest

import shenfu_rules
from conftest import FIXTURES

CASES = json.loads((FIXTURES / "bad-inputs" / "matrix.json").read_text(encoding="utf-8"))
ON_PYTHON = [c for c in CASES if "python" in c.get("surfaces", ["python"])]
PYTHON = [c for c in ON_PYTHON if not c["kind"].endswith("_csv")]
# Tables (issue 24): the CSV entries as pandas, polars and pyarrow tables, read by the core's one
# table reader — what the csv crate alone refuses (a ragged row, an empty file) is the CLI's.
TABLES = [c for c in ON_PYTHON if c["kind"].endswith("_csv") and c["code"] != "invalid_csv"
          and c["input"].strip()]


def text_of(case):
    text = case["input"]
    if "repeat" in case:
        text = text.replace("REPEAT", case["repeat"]["text"] * case["repeat"]["times"])
    return text


@pytest.mark.parametrize("case", PYTHON, ids=[c["name"] for c in PYTHON])
def test_matrix(case):
    text = text_of(case)
    run = {
        "project": lambda: shenfu_rules.assess_json(text, year=case.get("year")),
        "rulebook": lambda: shenfu_rules.Rulebook.from_str(text),
        "observations": lambda: shenfu_rules.progress(text, 2023),
    }[case["kind"]]
    if case["code"] is None:
        run()
        return
    with pytest.raises(shenfu_rules.ShenfuError) as info:
        run()
    assert (info.value.code, info.value.field, info.value.line) == (case["code"], case["field"], case["line"])


def test_the_matrix_is_big_enough():
    assert len(CASES) >= 50 and len(PYTHON) >= 55 and len(TABLES) >= 8


def frames(text):
    """The CSV text as a pandas, a polars and a pyarrow table, every cell text (an empty cell
    null), as a spreadsheet read without guessing types gives it."""
    import csv
    import io

    import pandas as pd
    import polars as pl
    import pyarrow as pa

    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    columns = {name: [row[i] or None for row in body] for i, name in enumerate(header)}
    arrow = pa.table({name: pa.array(values, pa.string()) for name, values in columns.items()})
    return {"pandas": pd.DataFrame(columns, dtype=object), "polars": pl.from_arrow(arrow),
            "pyarrow": arrow}


@pytest.mark.parametrize("case", TABLES, ids=[c["name"] for c in TABLES])
def test_matrix_tables(case):
    """Every table path — assess_many and replay of projects, progress of observations — on
    pandas, polars and pyarrow gives the entry's code and field; a row's error names its row
    (the CSV's line less the header's and one), a header's names none."""
    revised = shenfu_rules.Rulebook.default()
    for name, frame in frames(case["input"]).items():
        if case["kind"] == "project_csv":
            runs = [lambda: shenfu_rules.assess_many(frame, units=case.get("units")),
                    lambda: shenfu_rules.replay(frame, revised, units=case.get("units"))]
        else:
            runs = [lambda: shenfu_rules.progress(frame, 2023)]
        for run in runs:
            if case["code"] is None:
                run()
                continue
            with pytest.raises(shenfu_rules.ShenfuError) as info:
                run()
            row = None if case["line"] == 1 else case["line"] - 2
            assert (info.value.code, info.value.field, info.value.row) == (
                case["code"], case["field"], row), name
