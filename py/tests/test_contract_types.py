"""The typed results agree with the contract: each dataclass the package builds from the engine's
JSON has exactly the keys of the contract's shape for it (``shenfu_rules.contract``, generated
from ``schemas/``), and real reports carry exactly the keys the ``TypedDict``s declare."""

from __future__ import annotations

import dataclasses
import json
import typing
from pathlib import Path
from typing import Any, FrozenSet, List

import pytest

import shenfu_rules
from shenfu_rules import contract

ROOT = Path(__file__).resolve().parents[2]


def keys(shape: Any) -> FrozenSet[str]:
    return frozenset(shape.__required_keys__ | shape.__optional_keys__)


@pytest.mark.parametrize("cls, shape", [
    (shenfu_rules.Outcome, contract.Outcome),
    (shenfu_rules.Condition, contract.Condition),
    (shenfu_rules.Citation, contract.Citation),
    (shenfu_rules.Text, contract.Text),
    (shenfu_rules.Quantity, contract.Quantity),
    (shenfu_rules.Reading, contract.Reading),
    (shenfu_rules.ReceiptCheck, contract.ReceiptCheck),
])
def test_each_dataclass_has_the_contracts_keys(cls: Any, shape: Any) -> None:
    assert frozenset(f.name for f in dataclasses.fields(cls)) == keys(shape)


def shapes_in(hint: Any) -> List[Any]:
    """The ``TypedDict``s a resolved annotation names (through ``Optional``, ``List``, ``Union``)."""
    if isinstance(hint, type) and hasattr(hint, "__required_keys__"):
        return [hint]
    return [s for arg in typing.get_args(hint) for s in shapes_in(arg)]


@pytest.mark.parametrize("cls, shape", [
    (shenfu_rules.Rule, contract.RuleSummary),
    (shenfu_rules.Conflict, contract.Conflict),
])
def test_each_listing_dataclass_names_only_the_contracts_keys(cls: Any, shape: Any) -> None:
    # The listings pick the members people read most; the whole object is in ``raw``.
    picked = frozenset(f.name for f in dataclasses.fields(cls)) - {"raw"}
    assert picked <= keys(shape), picked - keys(shape)


def test_every_listed_rule_and_conflict_has_exactly_the_declared_keys() -> None:
    book = shenfu_rules.Rulebook.default()
    rules = book.rules()
    assert len(rules) > 100
    for rule in rules:
        check(dict(rule.raw), contract.RuleSummary, rule.id)
    for reading in book.readings():
        check(json.loads(json.dumps(dataclasses.asdict(reading))), contract.Reading, reading.id)
    conflicts = book.conflicts()
    assert conflicts
    for conflict in conflicts:
        check(dict(conflict.raw), contract.Conflict, f"{conflict.first} × {conflict.second}")


def check(value: Any, shape: Any, where: str) -> None:
    """Every key of ``value`` is declared by ``shape`` and every required key is there; nested
    objects are checked against the shapes their annotations name."""
    assert isinstance(value, dict), where
    assert set(value) <= keys(shape), f"{where}: undeclared {set(value) - keys(shape)}"
    assert shape.__required_keys__ <= set(value), f"{where}: missing {shape.__required_keys__ - set(value)}"
    hints = typing.get_type_hints(shape)
    for key, item in value.items():
        nested = shapes_in(hints[key])
        if nested and item is not None:
            for i, member in enumerate(item if isinstance(item, list) else [item]):
                check(member, nested[0], f"{where}.{key}[{i}]")


def test_the_check_refuses_an_undeclared_or_missing_key() -> None:
    good = json.loads((ROOT / "fixtures/projects/cases/001-eligible_digital_economy/report.json").read_text())
    check(good, contract.Report, "good")
    extra = json.loads(json.dumps(good))
    extra["outcomes"][0]["extra"] = 1
    with pytest.raises(AssertionError, match="undeclared"):
        check(extra, contract.Report, "extra")
    missing = json.loads(json.dumps(good))
    del missing["engine"]["version"]
    with pytest.raises(AssertionError, match="missing"):
        check(missing, contract.Report, "missing")


def test_every_fixture_report_has_exactly_the_declared_keys() -> None:
    seen = 0
    for case in sorted((ROOT / "fixtures/projects/cases").iterdir()):
        expected = json.loads((case / "report.json").read_text())
        if "error" in expected:
            check(expected, contract.CanonicalError, case.name)
        else:
            check(expected, contract.Report, case.name)
            seen += 1
    assert seen >= 30


def test_every_expected_receipt_verification_has_exactly_the_declared_keys() -> None:
    seen = 0
    for path in sorted((ROOT / "fixtures/receipts/expected").glob("*.json")):
        expected = json.loads(path.read_text())
        check(expected, contract.CanonicalError if "error" in expected else contract.ReceiptVerification,
              path.name)
        seen += "error" not in expected
    assert seen >= 10


def test_a_live_report_and_progress_are_typed_by_the_contract() -> None:
    report = shenfu_rules.assess({
        "industry": "数字经济",
        "fixed_asset_investment": {"value": "24000", "unit": "万元"},
        "land_area": {"value": 60, "unit": "亩"},
        "annual_tax": {"value": "3000", "unit": "万元"},
    })
    check(report.to_dict(), contract.Report, "report")
    assert report.rulebook["id"] == report.to_dict()["rulebook"]["id"]
    assert report.engine["name"] == "shenfu-rules"
    progress = shenfu_rules.progress([{"indicator": "gdp", "year": 2023, "value": "1000"}], 2023)
    check(progress.report, contract.ProgressReport, "progress")
    assert progress.summary["targets"] == progress.report["summary"]["targets"]
