"""The shared bad-input matrix (fixtures/bad-inputs/matrix.json) through the Python package: the
same code, field and line as Rust and the CLI; the accepted entries are accepted."""

import json

import pytest

import shenfu_rules
from conftest import FIXTURES

CASES = json.loads((FIXTURES / "bad-inputs" / "matrix.json").read_text(encoding="utf-8"))
PYTHON = [c for c in CASES if c["kind"] != "project_csv" and "python" in c.get("surfaces", ["python"])]


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
    assert len(CASES) >= 50 and len(PYTHON) >= 55
