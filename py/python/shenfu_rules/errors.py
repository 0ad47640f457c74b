"""The exceptions of shenfu_rules: one hierarchy under :class:`ShenfuError`, carrying the engine's
stable error ``code`` (the same on every surface), the ``field`` path (``land_area.value``), the
``row`` of a batch, and the message in Chinese and English.

>>> import shenfu_rules
>>> try:
...     shenfu_rules.assess({"industry": "数字经济", "fixed_asset_investment": 1,
...                          "land_area": 0, "annual_tax": 1})
... except shenfu_rules.InvalidInputError as e:
...     (e.code, e.field)
('zero_area', 'land_area.value')
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Type


class ShenfuError(ValueError):
    """Base class of every error the engine reports."""

    code: str
    field: Optional[str]
    line: Optional[int]
    column: Optional[int]
    row: Optional[int]
    message_zh: str
    message_en: str
    _json: Optional[str]

    def __init__(
        self,
        message_en: str,
        *,
        code: str,
        field: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
        row: Optional[int] = None,
        message_zh: str = "",
        canonical_json: Optional[str] = None,
    ) -> None:
        self._json = canonical_json
        self.code = code
        self.field = field
        self.line = line
        self.column = column
        self.row = row
        self.message_en = message_en
        self.message_zh = message_zh or message_en
        where = []
        if row is not None:
            where.append(f"row {row}")
        if line is not None:
            where.append(f"line {line}")
        if field:
            where.append(f"field `{field}`")
        prefix = (", ".join(where) + ": ") if where else ""
        super().__init__(f"{prefix}{message_en} [{code}]")

    def __reduce__(self) -> Any:
        """Pickled and copied whole (multiprocessing, ``copy.deepcopy``, pandas ``attrs``)."""
        return (_rebuild, (type(self), self.message_en, {
            "code": self.code, "field": self.field, "line": self.line, "column": self.column,
            "row": self.row, "message_zh": self.message_zh, "canonical_json": self._json}))


    def to_json(self) -> Optional[str]:
        """The engine's canonical JSON of this error (``{"error": {...}}``), byte for byte what
        the CLI, the service and the browser write for it."""
        return self._json


def _rebuild(cls: Type[ShenfuError], message_en: str, fields: Dict[str, Any]) -> ShenfuError:
    return cls(message_en, **fields)


class InvalidInputError(ShenfuError):
    """A value or shape the contract does not accept (NaN, a negative area, a missing field …)."""


class UnitError(InvalidInputError):
    """An unknown unit, a currency that cannot be compared, or a unit that does not fit."""


class RulebookError(ShenfuError):
    """A rulebook that does not load (syntax, duplicate id, comparator against its wording …)."""


class UnknownRuleError(ShenfuError, KeyError):
    """No rule or target with that id."""

    def __str__(self) -> str:  # KeyError would quote the message
        return ValueError.__str__(self)


class ShenfuIOError(ShenfuError, OSError):
    """A file that cannot be read."""


# The engine says which family an error is of (``ErrorKind::family``); what is not one of these
# (``input``, and the service's own errors) is an :class:`InvalidInputError`.
_FAMILIES: Dict[str, Type[ShenfuError]] = {
    "unit": UnitError,
    "rulebook": RulebookError,
    "unknown_rule": UnknownRuleError,
    "io": ShenfuIOError,
}


def _from_engine(
    *,
    code: str,
    family: str,
    field: Optional[str],
    line: Optional[int],
    column: Optional[int],
    message_zh: str,
    message_en: str,
    row: Optional[int] = None,
    canonical_json: Optional[str] = None,
) -> ShenfuError:
    """Build the exception for an engine error (called by the Rust extension)."""
    cls = _FAMILIES.get(family, InvalidInputError)
    return cls(
        message_en,
        code=code,
        field=field,
        line=line,
        column=column,
        row=row,
        message_zh=message_zh,
        canonical_json=canonical_json,
    )
