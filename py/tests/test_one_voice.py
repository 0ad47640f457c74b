"""One voice for batches: every project fixture through the CLI's CSV (`shenfu assess --format csv
--on-error report`) and Python's `assess_many` gives the same columns and the same cells — both
are the core's batch row (`shenfu_rules::batch`)."""

import csv
import io
import json
import subprocess
from collections import defaultdict
from decimal import Decimal

import pytest

import shenfu_rules
from conftest import FIXTURES

ROOT = FIXTURES.parent
SHENFU = ROOT / "target" / "debug" / "shenfu"


class Duplicate(Exception):
    pass


def strict_object(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise Duplicate()
    return dict(pairs)


def refuse(_constant):
    raise ValueError("not a number")


def number(text):
    """A JSON number as a Decimal. A number in exponent form is left out of this comparison: its
    error message echoes the number as each reader spells it (serde_json `1e+400`, Python's
    Decimal `1E+400`) — a difference of the inputs' spelling, not of the rows."""
    if "e" in text.lower():
        raise ValueError("exponent form")
    return Decimal(text)


def fixture_inputs():
    """(year, one-line JSON text, Python object) for every case whose input Python's json reads
    as the engine does: an object, no repeated key, no NaN, no exponent."""
    by_year = defaultdict(list)
    for case in sorted((FIXTURES / "projects" / "cases").iterdir()):
        year = json.loads((case / "case.json").read_text(encoding="utf-8"))["options"]["year"]
        text = (case / "input.json").read_text(encoding="utf-8")
        try:
            value = json.loads(text, parse_float=number, object_pairs_hook=strict_object,
                               parse_constant=refuse)
        except (ValueError, Duplicate):
            continue
        if isinstance(value, dict):
            by_year[year].append((text.replace("\r", " ").replace("\n", " "), value))
    return by_year


def cli_rows(lines, year, tmp_path):
    path = tmp_path / f"batch-{year}.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    args = [str(SHENFU), "assess", str(path), "--format", "csv", "--on-error", "report"]
    if year is not None:
        args += ["--year", str(year)]
    out = subprocess.run(args, capture_output=True, check=False)
    assert out.returncode in (0, 1, 2), out.stderr.decode()
    reader = csv.reader(io.StringIO(out.stdout.decode("utf-8")))
    header = next(reader)
    return header, list(reader)


def as_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")  # the core's canonical text has no exponent
    return str(value)


def test_cli_csv_and_python_batches_have_the_same_columns_and_cells(tmp_path):
    assert SHENFU.exists(), f"{SHENFU} is built by `cargo test` (scripts/test-all) first"
    compared = 0
    for year, cases in fixture_inputs().items():
        header, cli = cli_rows([t for t, _ in cases], year, tmp_path)
        py = shenfu_rules.assess_many([v for _, v in cases], year=year, errors="report")
        assert len(py) == len(cli) == len(cases)
        for cli_row, py_row in zip(cli, py):
            assert list(py_row) == header
            for name, cli_cell in zip(header, cli_row):
                if name == "error_line":
                    # The CLI names the line of its input file; a table has no lines.
                    assert (cli_cell != "") == (py_row["error_code"] is not None)
                    assert py_row[name] is None
                    continue
                assert as_text(py_row[name]) == cli_cell, (name, py_row["row"])
            compared += 1
    assert compared >= 40, compared


def test_progress_rows_are_the_cli_csv(tmp_path):
    """`Progress.targets()` and `shenfu progress --format csv` are the core's progress row."""
    case = FIXTURES / "indicators" / "cases" / "2023-mixed"
    out = subprocess.run([str(SHENFU), "progress", str(case / "observations.csv"), "--year", "2023",
                          "--format", "csv"], capture_output=True, check=False)
    reader = csv.reader(io.StringIO(out.stdout.decode("utf-8")))
    header = next(reader)
    cli = list(reader)
    observations = (case / "observations.csv").read_text(encoding="utf-8").splitlines()
    names = observations[0].split(",")
    records = [dict(zip(names, line.split(","))) for line in observations[1:] if line]
    py = shenfu_rules.progress(records, 2023).targets()
    assert len(py) == len(cli) > 100
    for cli_row, py_row in zip(cli, py):
        assert list(py_row) == header
        assert [as_text(py_row[name]) for name in header] == cli_row
    assert any(isinstance(row["gap"], Decimal) for row in py)


def test_views_are_worded_by_the_engine():
    project = {"industry": "数字经济", "fixed_asset_investment": {"value": "24000", "unit": "万元"},
               "land_area": {"value": "60", "unit": "亩"}, "annual_tax": {"value": "3000", "unit": "万元"}}
    report = shenfu_rules.assess(project)
    assert "Eligible ✓" in report.to_html("en") and "符合准入条件 ✓" in report._repr_html_()
    with pytest.raises(shenfu_rules.InvalidInputError) as info:
        report.to_html("fr")
    assert info.value.field == "lang"
    with pytest.raises(shenfu_rules.UnknownRuleError) as info:
        report.outcome("no.such.rule")
    assert "no.such.rule" in info.value.message_zh
    # Wrong Python types are refused with the engine's canonical error, Chinese throughout.
    for call in (lambda: shenfu_rules.assess([1]), lambda: shenfu_rules.assess(project, year="2023"),
                 lambda: shenfu_rules.assess_many(42), lambda: shenfu_rules.assess({1: 2})):
        with pytest.raises(shenfu_rules.InvalidInputError) as info:
            call()
        assert info.value.code == "invalid_type"
        assert info.value.message_zh.startswith("类型错误：应为")
        assert not any("a" <= c.lower() <= "z" for c in info.value.message_zh.replace("pyarrow", "")
                       .replace("pandas", "").replace("polars", "").replace("JSON", "")), info.value.message_zh


def test_print_shows_the_engines_text_view():
    project = {"id": "P-9", "industry": "数字经济",
               "fixed_asset_investment": {"value": "24000", "unit": "万元"},
               "land_area": {"value": "60", "unit": "亩"}, "annual_tax": {"value": "3000", "unit": "万元"}}
    text = str(shenfu_rules.assess(project))
    assert text.startswith("P-9 — 符合准入条件 ✓\n")
    assert "亩均投入" in text and "申请未说明是否为引进项目" in text
    assert "Eligible ✓" in shenfu_rules.assess(project).to_text("en")
