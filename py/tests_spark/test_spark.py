"""Scale out: the same decisions on a Spark cluster through `DataFrame.mapInArrow` (local mode
here). Run separately from the quick tests because starting Spark takes seconds:
`python -m pytest py/tests_spark` (scripts/test-all does)."""

import os
import sys

import pyarrow as pa
import pytest

import shenfu_rules

pyspark = pytest.importorskip("pyspark")
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql.pandas.types import from_arrow_schema  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable  # executors need this venv (pyarrow, shenfu_rules)
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("shenfu-rules-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "1000")
        .getOrCreate()
    )
    yield session
    session.stop()


def projects(n):
    return [
        {
            "id": f"P-{i}",
            "industry": ["数字经济", "智能制造", "其他"][i % 3],
            "fixed_asset_investment": str(12000 + (i * 37) % 30000),
            "fixed_asset_investment_unit": "万元",
            "land_area": str(40 + i % 80),
            "land_area_unit": "亩",
            "annual_tax": str(800 + (i * 53) % 5000),
            "annual_tax_unit": "万元",
        }
        for i in range(n)
    ]


def test_map_in_arrow_gives_the_same_decisions(spark):
    rows = projects(5000)
    table = pa.Table.from_pylist(rows)
    expected = shenfu_rules.assess_many(table, errors="report")
    schema = from_arrow_schema(expected.schema)
    frame = spark.createDataFrame(table.to_pandas()).repartition(4)
    scored = frame.mapInArrow(lambda batches: shenfu_rules.arrow_batches(batches), schema)
    got = {r["id"]: r.asDict() for r in scored.collect()}
    assert len(got) == len(rows)
    for want in expected.to_pylist():
        row = got[want["id"]]
        for key, value in want.items():
            if key != "row":  # a row's index within its Arrow batch
                assert row[key] == value, (want["id"], key)
