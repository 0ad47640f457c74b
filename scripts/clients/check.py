"""Every operation of the decision service through the client openapi-python-client generated
from its /openapi.json (default settings), with typed results: `mypy --strict` checks this file
against the generated package, then it runs against a real `shenfu serve`.

Usage: check.py BASE_URL TOKEN (scripts/client-test runs it).
"""

import sys
from typing import TypeVar

from shenfu_decision_service_client import AuthenticatedClient, Client
from shenfu_decision_service_client.api.decisions import assess, assess_batch
from shenfu_decision_service_client.api.log import (
    checkpoint,
    consistency,
    decision_receipt,
    get_decision,
    list_decisions,
    verify_decision,
)
from shenfu_decision_service_client.api.operations import live, metrics, openapi, ready
from shenfu_decision_service_client.api.rulebook import conflicts, readings, rule, rules
from shenfu_decision_service_client.api.zone import progress
from shenfu_decision_service_client.models import (
    AreaAmount,
    AreaUnit,
    Basis,
    BatchResult,
    CanonicalError,
    Conflict,
    ConflictKind,
    Consistency,
    Decision,
    DecisionPage,
    DecisionVerification,
    Health,
    Industry,
    MoneyAmount,
    MoneyUnit,
    Observation,
    OpenApiDocument,
    ProgressReport,
    Project,
    Property,
    Readiness,
    Reading,
    Receipt,
    RuleSummary,
    Scope,
    SignedCheckpoint,
    StoredDecision,
    Verdict,
)

T = TypeVar("T")


def ok(result: T | CanonicalError | None, kind: type[T]) -> T:
    """The typed answer, or a failure that names what came instead."""
    if isinstance(result, CanonicalError):
        raise SystemExit(f"expected {kind.__name__}, got error {result.error.code}")
    if not isinstance(result, kind):
        raise SystemExit(f"expected {kind.__name__}, got {result!r}")
    return result


def project(subject: str, investment: str) -> Project:
    return Project(
        id=subject,
        industry=Industry.数字经济,
        fixed_asset_investment=MoneyAmount(value=investment, unit=MoneyUnit.万元),
        land_area=AreaAmount(value="60", unit=AreaUnit.亩),
        annual_tax=MoneyAmount(value="3000", unit=MoneyUnit.万元),
    )


def main(base_url: str, token: str) -> None:
    client = AuthenticatedClient(base_url=base_url, token=token, raise_on_unexpected_status=True)
    anyone = Client(base_url=base_url, raise_on_unexpected_status=True)

    assert ok(live.sync(client=anyone), Health).status == "live"
    readiness = ok(ready.sync(client=anyone), Readiness)
    assert readiness.status == "ready" and readiness.rulebook.sha256 and readiness.log == "sqlite"
    document = openapi.sync(client=anyone)
    assert isinstance(document, OpenApiDocument) and document.openapi.startswith("3.1")
    operations = sum(len(item.additional_properties) for item in document.paths.additional_properties.values())
    assert operations == 17, f"the document has {operations} operations; this program calls 17"

    listed: list[RuleSummary] = ok(rules.sync(client=client), list)
    first = listed[0]
    # The typed fields the issue found missing: `rules[0].id` and friends.
    assert first.id == "admission.investment_per_mu" and first.scope == Scope.PROJECT
    assert first.property_ == Property.ADMISSION and first.label.en != ""
    one = ok(rule.sync(first.id, client=client), RuleSummary)
    assert one.citation.quote == first.citation.quote
    assert any(r.scope == Scope.ZONE and isinstance(r.indicator, str) for r in listed)
    found: list[Conflict] = ok(conflicts.sync(client=client), list)
    assert all(isinstance(c.kind, ConflictKind) for c in found) and found
    read: list[Reading] = ok(readings.sync(client=client), list)
    chao = next(r for r in read if r.id == "wording.chao")
    assert isinstance(chao.basis, Basis) and chao.computable and "admission.investment_per_mu" in chao.used_by

    decision = ok(
        assess.sync(client=client, body=project("client-test-1", "24000"), year=2024), Decision
    )
    assert decision.report.verdict == Verdict.ELIGIBLE and decision.report.eligible is True
    decision_id = str(decision.decision_id)
    assert decision.received_at.year >= 2026

    batch = ok(
        assess_batch.sync(
            client=client, body=[project("client-test-2", "3000"), project("client-test-3", "0.3")]
        ),
        BatchResult,
    )
    verdicts = [r.report.verdict for r in batch.results if isinstance(r, Decision)]
    assert verdicts == [Verdict.NOT_ELIGIBLE, Verdict.NOT_ELIGIBLE], verdicts

    page = ok(list_decisions.sync(client=client, subject_id="client-test-1"), DecisionPage)
    assert [str(d.decision_id) for d in page.decisions] == [decision_id]
    stored = ok(get_decision.sync(decision_id, client=client), StoredDecision)
    assert stored.report.input_sha256 == decision.report.input_sha256
    verified = ok(verify_decision.sync(decision_id, client=client), DecisionVerification)
    assert verified.verified and verified.in_signed_tree is True
    receipt = ok(decision_receipt.sync(decision_id, client=client), Receipt)
    assert str(receipt.entry.decision_id) == decision_id
    signed = ok(checkpoint.sync(client=client), SignedCheckpoint)
    assert signed.tree_size >= 3
    proof = ok(consistency.sync(client=client, from_=1), Consistency)
    assert proof.to == signed.tree_size

    observed = ok(
        progress.sync(
            client=client,
            body=[Observation(indicator="gdp", year=2023, value="150", unit="亿元")],
            year=2023,
        ),
        ProgressReport,
    )
    assert observed.year == 2023 and observed.summary.targets > 0

    text = ok(metrics.sync(client=client), str)
    assert "shenfu" in text

    missing = rule.sync("no.such.rule", client=client)
    assert isinstance(missing, CanonicalError) and missing.error.code == "unknown_rule"
    print(f"python client: 17 operations, typed ({len(listed)} rules, {len(found)} conflicts, {len(read)} readings)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
