"""Every shared fixture through the Python package gives the canonical bytes of Rust and the CLI."""

import json

import pytest

import shenfu_rules
from conftest import FIXTURES, canonical_error, csv_records, read_json

CASES = sorted((FIXTURES / "projects" / "cases").iterdir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_project_case_bytes(case):
    """JSON text in: the canonical bytes, report or error."""
    expected = (case / "report.json").read_text(encoding="utf-8").strip()
    options = json.loads((case / "case.json").read_text(encoding="utf-8"))["options"]
    text = (case / "input.json").read_text(encoding="utf-8")
    try:
        actual = shenfu_rules.assess_json(text, year=options["year"],
                                          alternatives=options.get("alternatives", ()))
    except shenfu_rules.ShenfuError as e:
        actual = canonical_error(e)
    assert actual == expected


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_project_case_objects(case):
    """Python values in (numbers as Decimal): the same report; errors with the same code and
    field (their message echoes the value as Python writes it, e.g. 1E+400)."""
    expected = (case / "report.json").read_text(encoding="utf-8").strip()
    spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
    try:
        project = read_json(case / "input.json")
    except json.JSONDecodeError:
        pytest.skip("not JSON: a text-level case")
    if not isinstance(project, dict):
        with pytest.raises(shenfu_rules.InvalidInputError):
            shenfu_rules.assess(project)
        return
    options = {"year": spec["options"]["year"],
               "alternatives": spec["options"].get("alternatives", ())}
    if "error" in spec["expect"]:
        with pytest.raises(shenfu_rules.ShenfuError) as info:
            shenfu_rules.assess(project, **options)
        assert (info.value.code, info.value.field) == (
            spec["expect"]["error"]["code"], spec["expect"]["error"]["field"])
        return
    assert shenfu_rules.assess(project, **options).to_json() == expected


INDICATOR_CASES = sorted((FIXTURES / "indicators" / "cases").iterdir())


@pytest.mark.parametrize("case", INDICATOR_CASES, ids=[c.name for c in INDICATOR_CASES])
def test_progress_case(case):
    year = json.loads((case / "case.json").read_text(encoding="utf-8"))["year"]
    observations = csv_records(case / "observations.csv")
    progress = shenfu_rules.progress(observations, year)
    assert progress.to_json() == (case / "report.json").read_text(encoding="utf-8").strip()
    assert progress._repr_svg_().startswith("<svg")
    assert "<svg" in progress._repr_html_() and "约束性目标未达成" in progress._repr_html_()
    frame = progress.to_frame()
    assert len(frame) == progress.summary["targets"]


BAD = read_json(FIXTURES / "indicators" / "bad" / "expected.json")


@pytest.mark.parametrize("name", [n for n in BAD if n.endswith(".json")])
def test_bad_observations(name):
    path = FIXTURES / "indicators" / "bad" / name
    try:
        observations = read_json(path)
    except json.JSONDecodeError:
        pytest.skip("truncated JSON: a text-level case")
    with pytest.raises(shenfu_rules.ShenfuError) as info:
        shenfu_rules.progress(observations, 2023)
    assert info.value.code == BAD[name]["code"]
    assert info.value.field == BAD[name]["field"]


def test_rulebook_lists_rules_targets_and_conflicts():
    book = shenfu_rules.Rulebook.default()
    rules = book.rules()
    assert len(rules) == 8 + 101 + 58  # project rules, table cells, prose targets
    assert rules[0].id == "admission.investment_per_mu"
    assert str(rules[0].threshold.value) == "300"
    assert book.explain("target.gdp.2025.multiple").wording == "翻两番"
    assert len(book.conflicts()) == 20
    with pytest.raises(shenfu_rules.UnknownRuleError):
        book.explain("nope")
    broken = (FIXTURES / "rulebooks" / "duplicate_id.toml").read_text(encoding="utf-8")
    with pytest.raises(shenfu_rules.RulebookError) as info:
        shenfu_rules.Rulebook.from_str(broken)
    assert info.value.code == "rulebook_duplicate_id"
    with pytest.raises(shenfu_rules.ShenfuIOError):
        shenfu_rules.Rulebook.from_path("/nonexistent/rulebook.toml")
    minimal = shenfu_rules.Rulebook.from_path(FIXTURES / "rulebooks" / "valid_minimal.toml")
    assert minimal.id == "test"
