"""The contract's JSON Schemas (``schemas/``) from Python: every fixture validates with the
``jsonschema`` package, and what this package's engine writes validates too."""

import json

import jsonschema
import pytest

import shenfu_rules
from conftest import FIXTURES

SCHEMAS = FIXTURES.parent / "schemas"


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


PROJECT = validator("project.schema.json")
REPORT = validator("report.schema.json")
ERROR = validator("error.schema.json")
PROGRESS = validator("progress-report.schema.json")

CASES = sorted((FIXTURES / "projects" / "cases").iterdir())


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_every_project_fixture_validates(case):
    expected = json.loads((case / "report.json").read_text(encoding="utf-8"))
    if "error" in expected:
        ERROR.validate(expected)
        return
    project = json.loads((case / "input.json").read_text(encoding="utf-8"))
    PROJECT.validate(project)
    REPORT.validate(expected)
    # And what the Python surface writes for it.
    year = json.loads((case / "case.json").read_text(encoding="utf-8"))["options"]["year"]
    REPORT.validate(json.loads(shenfu_rules.assess(project, year=year).to_json()))


def test_errors_raised_here_validate():
    with pytest.raises(shenfu_rules.InvalidInputError) as caught:
        shenfu_rules.assess({"industry": "数字经济", "fixed_asset_investment": 1,
                             "land_area": 0, "annual_tax": 1})
    ERROR.validate(json.loads(caught.value.to_json()))


def test_progress_reports_validate():
    for case in sorted((FIXTURES / "indicators" / "cases").iterdir()):
        PROGRESS.validate(json.loads((case / "report.json").read_text(encoding="utf-8")))


def test_a_misspelt_field_is_invalid():
    project = json.loads((CASES[0] / "input.json").read_text(encoding="utf-8"))
    project["land_areas"] = project.pop("land_area")
    assert not PROJECT.is_valid(project)
