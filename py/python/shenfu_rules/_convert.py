"""Python values in: a project (or any value the engine reads) as the engine's JSON text, every
number as its exact text; a value of the wrong kind refused in the engine's words."""

from __future__ import annotations

import json
import numbers
from decimal import Decimal
from typing import Any, Mapping, Optional

from . import _shenfu_rules as _native
from .errors import (
    InvalidInputError,
)

# ── values in ────────────────────────────────────────────────────────────────────────────────


def _found(value: Any) -> str:
    """What kind of value this is, in the engine's terms (the engine words the error)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, numbers.Number):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return "other"


def _invalid_type(expected: str, value: Any, field: Optional[str] = None) -> InvalidInputError:
    error: InvalidInputError = _native.invalid_type(expected, _found(value), field)
    return error


def _jsonable(value: Any, path: str) -> Any:
    """A Python value as JSON for the engine, every number as its exact text."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise _invalid_type("text", key, path or None)
            out[key] = _jsonable(item, f"{path}.{key}" if path else key)
        return out
    if isinstance(value, (list, tuple)):
        return [_jsonable(item, f"{path}[{i}]") for i, item in enumerate(value)]
    raise _invalid_type("project" if not path else "number", value, path or None)


def _to_json(value: Any) -> str:
    """A project as the engine's JSON text: in Rust for plain dicts, lists and numbers (the
    common case, five times the cost of assessing when done here), here for anything else."""
    text = _native.json_of(value)
    if text is not None:
        return text
    return json.dumps(_jsonable(value, ""), ensure_ascii=False)
