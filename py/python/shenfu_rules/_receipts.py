"""Receipts: a decision's inclusion in the signed log, verified offline."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any, List, Mapping, Optional, Sequence

from . import _shenfu_rules as _native, contract
from ._convert import _invalid_type, _to_json
from ._types import Rulebook, Text

# ── receipts ─────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class ReceiptCheck:
    """One thing a receipt's verification checked.

    Attributes:
        code: ``"format"`` (a receipt format this engine reads), ``"signature"`` (the checkpoint
            is signed by the log's key — or why not, a key that does not read included),
            ``"checkpoint"`` (it reads as a checkpoint holding the row), ``"leaf_index"`` (the
            leaf is the row's place), ``"inclusion"`` (the proof leads from the row's hash to the
            signed root), ``"report"`` (an answer's report is the one the row sealed),
            ``"input"`` (the application given is the one the row sealed), ``"rulebook"`` (the
            rulebook the row names is at hand), ``"recomputed"`` (the decision, recomputed under
            it, is the very same report).
        ok: whether it holds.
        message: what was found, in Chinese and English (:class:`Text`).
    """

    code: str
    ok: bool
    message: Text


class ReceiptVerification:
    """What :func:`verify_receipt` found. ``to_json()`` is the canonical JSON, byte for byte what
    ``shenfu receipt verify --json`` and JS's ``verifyReceipt`` give; ``str()`` is the CLI's
    text view (``to_text(lang)`` for English).

    Attributes:
        verified: every check passed.
        decision_id: the decision the receipt is for; eligible: its verdict, as the receipt
            states it (trust it only when ``verified``).
        leaf_index: the row's place in the log's Merkle tree (``seq - 1``).
        origin, tree_size: the signed checkpoint's origin and size, or ``None`` when it could not
            be opened (a wrong key, an altered checkpoint).
        checks: every check made, in order (:class:`ReceiptCheck`); ``failures`` those that
            failed.
    """

    def __init__(self, native: Any) -> None:
        self._native = native
        self.verified: bool = native.verified
        self.decision_id: str = native.decision_id
        self.eligible: Optional[bool] = native.eligible
        self.leaf_index: int = native.leaf_index
        self.origin: Optional[str] = native.origin
        self.tree_size: Optional[int] = native.tree_size

    @functools.cached_property
    def checks(self) -> List[ReceiptCheck]:
        return [ReceiptCheck(code, ok, Text(zh, en)) for code, ok, zh, en in self._native.checks()]

    @property
    def failures(self) -> List[ReceiptCheck]:
        """The checks that failed (empty when ``verified``)."""
        return [c for c in self.checks if not c.ok]

    def to_json(self) -> str:
        """The canonical JSON: ``{"verified", "decision_id", "eligible", "leaf_index", "origin",
        "tree_size", "checks": [{"code", "ok", "message": {"zh", "en"}}]}``."""
        return str(self._native.to_json())

    def to_dict(self) -> contract.ReceiptVerification:
        """The canonical JSON as a new ``dict``, typed by the contract (:mod:`shenfu_rules.contract`)."""
        value: contract.ReceiptVerification = json.loads(self._native.to_json())
        return value

    def to_text(self, lang: str = "zh") -> str:
        """The engine's text view: each check with ✓ or ✗, then the verdict — what
        ``shenfu receipt verify`` prints (``lang`` is ``"zh"`` or ``"en"``)."""
        return str(self._native.to_text(lang))

    def __str__(self) -> str:
        return self.to_text("zh")

    def __repr__(self) -> str:
        state = "verified" if self.verified else "not verified: " + ", ".join(
            c.code for c in self.failures)
        return f"<ReceiptVerification {self.decision_id}: {state}>"


def _text_of(value: Any, field: str, what: str) -> str:
    """A receipt, a key or an application given as text, bytes (UTF-8) or a file path
    (``os.PathLike``, read as UTF-8)."""
    import os

    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8")
    if isinstance(value, os.PathLike):
        with open(value, encoding="utf-8") as f:
            return f.read()
    raise _invalid_type(what, value, field)


def verify_receipt(receipt: Any, public_key: Any, input: Any = None,
                   rulebooks: Sequence[Rulebook] = ()) -> ReceiptVerification:
    """Verify a decision's receipt offline — without the service or its database — as
    ``shenfu receipt verify`` does: the checkpoint's Ed25519 signature with the log's public key,
    the checkpoint's form, the leaf index, the inclusion proof against the signed root; for a
    whole answer of ``POST /v1/assess``, that its report is the one the row sealed; and, given
    the application, that it is the input the row sealed and that it recomputes — under the
    rulebook the row names, for the year it names — to exactly that report.

    ``receipt`` is the receipt or the whole answer: JSON text, UTF-8 bytes, a path
    (``pathlib.Path``), or the parsed JSON (a mapping, written back with ``json.dumps``: the
    receipt's fields are read as they are and an answer's report is compared by its bytes, then
    by its canonical form, so a parsed answer checks as its text does). ``public_key`` is the
    log's verifier key, ``NAME+KEYID+BASE64`` (the ``.pub`` file of ``shenfu keys generate``;
    text, bytes or a path). ``input`` is the application (a mapping as :func:`assess` takes, or
    JSON text, bytes, a path). ``rulebooks`` are the rulebooks a decision may have been made
    under (a revised plan, :meth:`Rulebook.from_path`); the embedded plan is always among them.

    Returns a :class:`ReceiptVerification`: ``verified`` only when every check holds; each
    failing check names what is wrong (a key that does not read is a failing ``signature``
    check). Raises :class:`InvalidInputError` only when ``receipt`` is not a receipt
    (``invalid_json`` at ``receipt``) or ``input`` is not an application (the usual codes),
    ``to_json()`` giving the engine's canonical error.

    Example (the files an applicant keeps beside the service's answer)::

        from pathlib import Path
        v = shenfu_rules.verify_receipt(Path("answer.json"), Path("decisions.pub"),
                                        input=Path("application.json"))
        v.verified, v.eligible, [c.code for c in v.failures]
    """
    if isinstance(receipt, Mapping):
        # Compact, keys in their order: a parsed answer's report is written back to its very
        # bytes (checked as they are), not only to text with the same canonical form.
        document = json.dumps(receipt, ensure_ascii=False, separators=(",", ":"))
    else:
        document = _text_of(receipt, "receipt", "text")
    key = _text_of(public_key, "public_key", "text")
    if input is None or isinstance(input, Mapping):
        project = None if input is None else _to_json(input)
    else:
        project = _text_of(input, "input", "project")
    if isinstance(rulebooks, Rulebook):
        rulebooks = (rulebooks,)
    handles = []
    for book in rulebooks:
        if not isinstance(book, Rulebook):
            raise TypeError(f"rulebooks holds Rulebook objects (Rulebook.from_path), got {type(book).__name__}")
        handles.append(book._handle)
    return ReceiptVerification(_native.verify_receipt(document, key, project, handles))
