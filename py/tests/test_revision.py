"""Plan revisions from Python: ``Rulebook.diff`` and ``replay`` on the worked example in
``fixtures/revisions/`` give the CLI's bytes and the hand-worked expectations; what-if replays
of projects; bad stored decisions named by row."""

import csv
import doctest
import io
import json
from decimal import Decimal

import pytest

import shenfu_rules
from conftest import FIXTURES
from shenfu_rules import Rulebook, replay
from shenfu_rules.errors import InvalidInputError

REVISIONS = FIXTURES / "revisions"
OLD = Rulebook.from_path(REVISIONS / "original.toml")
NEW = Rulebook.from_path(REVISIONS / "revised.toml")


def test_diff_is_the_clis_bytes_and_the_hand_worked_changes():
    diff = OLD.diff(NEW)
    assert diff.to_json() + "\n" == (REVISIONS / "expected-diff.json").read_text(encoding="utf-8")
    expected = json.loads((REVISIONS / "expected.json").read_text(encoding="utf-8"))["diff"]
    assert [(c["part"], c["id"], c["change"]) for c in diff.changes] == [
        (e["part"], e["id"], e["change"]) for e in expected]
    assert diff and not diff.equal
    assert "admission.investment_per_mu.from_2027" in str(diff)
    assert "4 changes: 3 changed, 1 added, 0 removed." in OLD.diff(NEW, lang="en").__str__()
    # The original is the embedded plan as it stood before its readings became data: what has
    # changed since is the version, the readings each rule and target names, the target the
    # review of issue 13 added (「完成…51 处文物保护单位保护规划」), and issue 24's: 30%左右 and
    # 10%左右 read ±5 % of the number (tolerance 1.5 and 0.5), the 「20%增幅」 notes naming their
    # reading, and the bus network, 户厕改造 and 500 亿级产业园区 targets with their indicators.
    since = OLD.diff(Rulebook.default())
    changed = [c for c in since.changes if c["change"] == "changed"]
    assert {f["field"] for c in changed for f in c["fields"]} == {
        "version", "readings", "tolerance", "note.zh", "citation.quote"}
    # … and the clusters quoted from 「到 2025 年」, the year they state.
    assert {(c["id"], f["field"]) for c in changed for f in c["fields"]
            if f["field"] in ("tolerance", "note.zh", "citation.quote")} == {
        *((f"target.cluster_output.{c}.2025", "citation.quote")
          for c in ("intelligent_manufacturing", "new_materials_hydrogen", "modern_services")),
        ("target.budget_revenue.2025.growth", "tolerance"),
        ("target.fixed_asset_investment.2025.growth", "tolerance"),
        ("target.energy_intensity_reduction.2025.annual", "tolerance"),
        ("target.foreign_investment_inflow.2025.growth", "note.zh"),
        ("target.foreign_trade.2025.growth", "note.zh")}
    added = ["heritage_protection_plans", "industrial_parks_500yi", "bus_network_adjusted",
             "bus_lanes_built", "bus_terminals_built", "bus_depots_built", "bus_stops_built",
             "rural_toilet_villages", "rural_toilet_households"]
    assert {(c["part"], c["id"]) for c in since.changes if c["change"] != "changed"} == {
        *(("indicator", i) for i in added), *(("target", f"target.{i}.2025") for i in added)}


def _cell(value):
    if value is None or value is pd_na():
        return ""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "true" if value else "false"
    return str(value)


def pd_na():
    import pandas as pd

    return pd.NA


def test_replay_of_the_export_is_the_clis_csv_and_jsonl():
    flips = replay(REVISIONS / "decisions.jsonl", NEW)
    assert flips.attrs["flips_jsonl"] == (REVISIONS / "expected-replay.jsonl").read_text(
        encoding="utf-8")
    expected = list(csv.reader(io.StringIO(
        (REVISIONS / "expected-replay.csv").read_text(encoding="utf-8"))))
    assert list(flips.columns) == expected[0]
    got = [[_cell(v) for v in row] for row in flips.astype(object).itertuples(index=False)]
    assert got == expected[1:]
    assert flips.attrs["summary"] == {"checked": 7, "changed": 6, "became_ineligible": 2,
                                      "became_eligible": 0, "became_not_subject": 0,
                                      "became_subject": 0, "errors": 0}
    assert str(flips["year"].dtype) == "Int64" and str(flips["new_eligible"].dtype) == "boolean"
    assert isinstance(flips["observed"].dropna().iloc[0], Decimal)


def test_replay_takes_lines_and_objects_and_the_same_rulebook_flips_nothing():
    lines = (REVISIONS / "decisions.jsonl").read_text(encoding="utf-8").splitlines()
    by_lines = replay(lines, NEW)
    by_objects = replay([json.loads(line) for line in lines], NEW)
    assert by_lines.attrs["flips_jsonl"] == by_objects.attrs["flips_jsonl"]
    same = replay(lines, OLD)
    assert len(same) == 0 and same.attrs["summary"]["changed"] == 0
    assert list(same.columns) == list(by_lines.columns)


def test_what_if_on_projects_decided_by_the_old_rulebook():
    inputs = [json.loads(line) for line in
              (REVISIONS / "inputs.jsonl").read_text(encoding="utf-8").splitlines()]
    in_2027 = [item["project"] for item in inputs if item["year"] == 2027]
    flips = replay(in_2027, NEW, decided_by=OLD, year=2027)
    moved = {(r.subject_id, r.rule_id): (r.old_status, r.new_status)
             for r in flips.itertuples(index=False)}
    assert moved == {
        ("R-2", "admission.investment_per_mu"): ("pass", "not_applicable"),
        ("R-2", "admission.investment_per_mu.from_2027"): (None, "fail"),
        ("R-3", "admission.investment_per_mu"): ("pass", "not_applicable"),
        ("R-3", "admission.investment_per_mu.from_2027"): (None, "pass"),
        ("R-6", "admission.investment_per_mu"): ("fail", "not_applicable"),
        ("R-6", "admission.investment_per_mu.from_2027"): (None, "fail"),
    }
    assert flips.attrs["summary"]["became_ineligible"] == 1
    # A DataFrame of projects, flat `_unit` columns as in assess_many.
    import pandas as pd

    frame = pd.DataFrame([{"id": "F-1", "industry": "智能制造",
                           "fixed_asset_investment": "19800", "fixed_asset_investment_unit": "万元",
                           "land_area": 60, "land_area_unit": "亩",
                           "annual_tax": "3000", "annual_tax_unit": "万元"}])
    from_frame = replay(frame, NEW, decided_by=OLD)
    assert from_frame["rule_id"].tolist() == ["admission.investment_per_mu.from_2027"]


def test_bad_stored_decisions_are_named_by_row():
    lines = (REVISIONS / "decisions.jsonl").read_text(encoding="utf-8").splitlines()
    bare_report = json.dumps(json.loads(lines[0])["report"], ensure_ascii=False)
    with pytest.raises(InvalidInputError) as caught:
        replay([lines[0], bare_report], NEW)
    assert (caught.value.code, caught.value.field, caught.value.row) == (
        "not_replayable", "input", 1)
    reported = replay([lines[0], bare_report, "{}"], NEW, errors="report")
    assert [(e.row, e.code) for e in reported.attrs["errors"]] == [
        (1, "not_replayable"), (2, "missing_field")]
    assert reported.attrs["summary"]["errors"] == 2
    assert reported["subject_id"].tolist() == ["R-1"]


def test_the_package_examples_run():
    assert doctest.testmod(shenfu_rules, optionflags=doctest.ELLIPSIS).failed == 0
