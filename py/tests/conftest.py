import json
from decimal import Decimal
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def read_json(path: Path):
    # Decimal for every number: the fixture's digits reach the engine unchanged.
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal, parse_int=Decimal)


def canonical_error(e) -> str:
    """The engine's own canonical JSON of the error it raised."""
    text = e.to_json()
    assert text is not None, f"{e!r} was not raised by the engine"
    return text


def csv_records(path: Path):
    header, *rows = path.read_text(encoding="utf-8").strip().split("\n")
    keys = header.split(",")
    return [dict(zip(keys, row.split(","))) for row in rows]


@pytest.fixture
def base_project():
    return {
        "industry": "数字经济",
        "fixed_asset_investment": {"value": "24000", "unit": "万元"},
        "land_area": {"value": "60", "unit": "亩"},
        "annual_tax": {"value": "3000", "unit": "万元"},
    }
