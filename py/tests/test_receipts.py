"""Offline receipt verification from Python (``shenfu_rules.verify_receipt``) against the shared
fixtures of ``fixtures/receipts/`` (made by ``core/tests/receipts.rs``): every case gives the
canonical bytes the Rust core gives — the verification, or the error — whether the receipt is
given as text, bytes, a path or parsed JSON, and the application as text or a mapping."""

import json
from pathlib import Path

import jsonschema
import pytest

import shenfu_rules
from conftest import FIXTURES, canonical_error

RECEIPTS = FIXTURES / "receipts"
CASES = json.loads((RECEIPTS / "cases.json").read_text(encoding="utf-8"))


def text(name: str) -> str:
    return (RECEIPTS / name).read_text(encoding="utf-8")


def expected(case) -> str:
    return text(case["expected"]).rstrip("\n")


def rulebooks(case):
    return [shenfu_rules.Rulebook.from_path(RECEIPTS / path) for path in case["rulebooks"]]


def run(case, receipt, public_key, input):
    try:
        return shenfu_rules.verify_receipt(receipt, public_key, input, rulebooks(case)).to_json()
    except shenfu_rules.ShenfuError as e:
        return canonical_error(e)


def test_the_cases_are_there():
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)) >= 15
    assert {"receipt", "answer-with-input", "eligible-flipped", "proof-hash-altered",
            "checkpoint-size-changed", "wrong-key", "other-input", "not-a-receipt"} <= set(names)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case_bytes(case):
    """The files' text in: the canonical bytes out, verification or error."""
    input = text(case["input"]) if case["input"] else None
    actual = run(case, text(case["document"]), text(case["public_key"]), input)
    assert actual == expected(case)
    got = json.loads(actual)
    if case["error"] is not None:
        assert (got["error"]["code"], got["error"]["field"]) == (
            case["error"]["code"], case["error"]["field"])
    else:
        assert got["verified"] is case["verified"]
        assert [c["code"] for c in got["checks"] if not c["ok"]] == case["failed"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case_as_bytes_paths_and_objects(case):
    """Bytes and paths read as their text; parsed JSON (the receipt, the answer, the application
    as a mapping) gives the same bytes as the text it was parsed from."""
    want = expected(case)
    document, key = RECEIPTS / case["document"], RECEIPTS / case["public_key"]
    input_path = RECEIPTS / case["input"] if case["input"] else None
    input_text = input_path.read_text(encoding="utf-8") if input_path else None
    assert run(case, document.read_bytes(), key.read_bytes(), input_text) == want
    assert run(case, document, key, input_path) == want
    try:
        parsed = json.loads(document.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return  # not JSON: a text-level case
    try:
        project = json.loads(input_text) if input_text else None
    except json.JSONDecodeError:
        project = input_text
    assert run(case, parsed, key.read_text(encoding="utf-8"), project) == want


def test_the_typed_result():
    case = next(c for c in CASES if c["name"] == "answer-with-input")
    v = shenfu_rules.verify_receipt(text("answer.json"), text("public.key"),
                                    json.loads(text("input.json")))
    assert v.verified and v.eligible
    assert (v.decision_id, v.leaf_index, v.tree_size) == (
        "019ae0c4-6a00-7c00-8a00-000000000005", 4, 8)
    assert v.origin == "shenfu-test.example/decisions"
    assert [c.code for c in v.checks] == ["format", "signature", "checkpoint", "leaf_index",
                                         "inclusion", "answer", "report", "input", "rulebook",
                                         "recomputed"]
    assert all(isinstance(c, shenfu_rules.ReceiptCheck) and c.ok for c in v.checks)
    assert v.checks[-1].message == shenfu_rules.Text(
        zh="按该规则库重新计算，得到完全相同的报告：符合准入条件",
        en="recomputed under that rulebook to the very same report: eligible")
    assert v.failures == []
    assert v.to_dict() == json.loads(expected(case))
    assert repr(v) == "<ReceiptVerification 019ae0c4-6a00-7c00-8a00-000000000005: verified>"
    # The CLI's text view, in the core's words.
    assert str(v).splitlines()[0] == "✓ [format] 回执格式：shenfu-receipt/1（本引擎读取 shenfu-receipt/1）"
    assert str(v).endswith("✓ 回执有效：决定 019ae0c4-6a00-7c00-8a00-000000000005 在已签名的日志中\n")
    assert v.to_text("en").endswith(
        "✓ the receipt holds: decision 019ae0c4-6a00-7c00-8a00-000000000005 is in the signed log\n")


def test_a_failing_receipt_names_what_failed():
    v = shenfu_rules.verify_receipt(text("edited/eligible-flipped.json"), text("public.key"))
    assert not v.verified and not v.eligible
    assert [c.code for c in v.failures] == ["inclusion"]
    assert "receipt was altered" in v.failures[0].message.en
    assert repr(v).endswith("not verified: inclusion>")
    assert "✗ 回执未通过验证" in str(v)
    wrong = shenfu_rules.verify_receipt(text("receipt.json"), text("other.key"))
    assert (wrong.origin, wrong.tree_size) == (None, None)
    assert [c.code for c in wrong.failures] == ["signature"]


def test_errors_are_the_engines():
    with pytest.raises(shenfu_rules.InvalidInputError) as info:
        shenfu_rules.verify_receipt(text("not-a-receipt.json"), text("public.key"))
    assert (info.value.code, info.value.field) == ("invalid_json", "receipt")
    assert info.value.to_json() == text("expected/not-a-receipt.json").rstrip("\n")
    # Wrong Python types: the core's invalid_type, naming the argument.
    with pytest.raises(shenfu_rules.InvalidInputError) as info:
        shenfu_rules.verify_receipt(12, text("public.key"))
    assert (info.value.code, info.value.field) == ("invalid_type", "receipt")
    with pytest.raises(shenfu_rules.InvalidInputError) as info:
        shenfu_rules.verify_receipt(text("receipt.json"), None)
    assert (info.value.code, info.value.field) == ("invalid_type", "public_key")
    with pytest.raises(shenfu_rules.InvalidInputError) as info:
        shenfu_rules.verify_receipt(text("receipt.json"), text("public.key"), input=3)
    assert (info.value.code, info.value.field) == ("invalid_type", "input")
    # An application given as a mapping is read as assess reads it: a bad one, the same error.
    with pytest.raises(shenfu_rules.InvalidInputError) as info:
        shenfu_rules.verify_receipt(text("receipt.json"), text("public.key"),
                                    input={"industry": "数字经济"})
    assert info.value.to_json() == text("expected/input-not-a-project.json").rstrip("\n")
    with pytest.raises(TypeError):
        shenfu_rules.verify_receipt(text("receipt.json"), text("public.key"),
                                    rulebooks=["revised.toml"])


def test_rulebooks_a_single_one_and_the_embedded_one_always():
    revised = shenfu_rules.Rulebook.from_path(FIXTURES / "revisions" / "revised.toml")
    answer, key, input = text("revised-answer.json"), text("public.key"), text("revised-input.json")
    assert shenfu_rules.verify_receipt(answer, key, input, revised).verified
    assert shenfu_rules.verify_receipt(answer, key, input, [revised]).verified
    # The embedded plan is always at hand, whatever else is given.
    assert shenfu_rules.verify_receipt(text("answer.json"), key, text("input.json"),
                                       [revised]).verified


RECEIPT_SCHEMA = jsonschema.Draft202012Validator(
    json.loads((FIXTURES.parent / "schemas" / "receipt.schema.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", ["receipt.json", "answer.json", "revised-answer.json"])
def test_the_fixture_receipts_match_the_schema(name):
    document = json.loads(text(name))
    RECEIPT_SCHEMA.validate(document.get("receipt", document))


def test_the_files_are_what_the_cases_name():
    named = set()
    for case in CASES:
        named |= {case["document"], case["public_key"], case["expected"]}
        if case["input"]:
            named.add(case["input"])
    for name in named:
        assert (RECEIPTS / name).is_file(), name
    on_disk = {str(p.relative_to(RECEIPTS)) for p in RECEIPTS.rglob("*") if p.is_file()}
    assert on_disk - named == {"cases.json"}, on_disk - named
    assert Path(RECEIPTS / "public.key").read_text(encoding="utf-8").startswith(
        "shenfu-test.example/decisions+")
