"""Readings of the plan's words, in Python: listed, shown on each outcome, and evaluated under
their alternative — the same bytes as the CLI."""

import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

import shenfu_rules
from shenfu_rules import Condition, InvalidInputError, Reading, Rulebook

ROOT = Path(__file__).resolve().parents[2]
BOUNDARY = {
    "industry": "智能制造",
    "fixed_asset_investment": {"value": "18000", "unit": "万元"},
    "land_area": {"value": "60", "unit": "亩"},
    "annual_tax": {"value": "3000", "unit": "万元"},
}


def test_readings_are_listed_with_their_basis():
    readings = {r.id: r for r in Rulebook.default().readings()}
    chao = readings["wording.chao"]
    assert isinstance(chao, Reading)
    assert (chao.words, chao.basis, chao.computable, chao.applied) == ("超", "analogy", True, False)
    assert "admission.investment_per_mu" in chao.used_by
    # Art. 1259's own words leave no alternative.
    assert readings["wording.yishang"].basis == "civil_code_art_1259"
    assert readings["wording.yishang"].alternative is None
    assert not readings["admission.tax"].computable


def test_an_outcome_says_what_it_rests_on_what_it_would_be_and_what_would_pass():
    report = shenfu_rules.assess(BOUNDARY)
    invest = report.outcome("admission.investment_per_mu")
    assert (invest.status, invest.alternative_status) == ("fail", "pass")
    assert invest.readings == ["wording.chao", "admission.investment", "admission.in_force"]
    # 300 万元/亩 × 60 亩 = 18000 万元; 18000 ÷ 300 = 60 亩: exact, so strict.
    assert invest.to_pass == [
        Condition("fixed_asset_investment", ">", shenfu_rules.Quantity(Decimal("18000"), "万元")),
        Condition("land_area", "<", shenfu_rules.Quantity(Decimal("60"), "亩")),
    ]
    tax = report.outcome("admission.tax_per_mu")
    assert (tax.status, tax.alternative_status, tax.to_pass) == ("pass", None, None)
    assert "满足其一即可通过" in str(report)


def test_the_alternative_is_the_clis_bytes():
    under = shenfu_rules.assess(BOUNDARY, alternatives=["wording.chao"])
    assert under.eligible
    assert json.loads(under.to_json())["alternative_readings"] == ["wording.chao"]
    cli = subprocess.run(
        ["cargo", "run", "-q", "-p", "shenfu-rules-cli", "--", "assess", "-", "--format", "jsonl",
         "--reading", "wording.chao=alternative"],
        input=json.dumps(BOUNDARY, ensure_ascii=False), capture_output=True, text=True, cwd=ROOT,
        check=False)
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout == under.to_json() + "\n"
    assert Rulebook.default().under("wording.chao").alternatives == ["wording.chao"]


def test_progress_under_an_alternative():
    observed = [{"indicator": "high_tech_enterprises", "year": 2025, "value": "200"}]
    chosen = shenfu_rules.progress(observed, 2025)
    prose = next(t for t in chosen.targets() if t["target_id"] == "target.high_tech_enterprises.2025")
    assert prose["status"] == "missed"
    raw = json.loads(chosen.to_json())
    target = next(t for i in raw["indicators"] for t in i["targets"]
                  if t["target_id"] == "target.high_tech_enterprises.2025")
    assert (target["alternative_status"], target["readings"]) == ("met", ["wording.tupo"])
    other = json.loads(shenfu_rules.progress(observed, 2025, alternatives=["wording.tupo"]).to_json())
    target = next(t for i in other["indicators"] for t in i["targets"]
                  if t["target_id"] == "target.high_tech_enterprises.2025")
    assert (target["status"], target["alternative_status"]) == ("met", "missed")


@pytest.mark.parametrize("ids, code", [(["nope"], "unknown_reading"), (["admission.tax"], "no_alternative")])
def test_bad_readings_are_named(ids, code):
    with pytest.raises(InvalidInputError) as e:
        shenfu_rules.assess(BOUNDARY, alternatives=ids)
    assert (e.value.code, e.value.field) == (code, "alternatives")


def test_a_string_is_not_a_list_of_readings():
    with pytest.raises(InvalidInputError) as e:
        shenfu_rules.assess(BOUNDARY, alternatives="wording.chao")  # type: ignore[arg-type]
    assert e.value.code == "invalid_type"
