"""Plan revisions: which stored decisions a revised rulebook would decide differently."""

from __future__ import annotations

import json
from typing import Any, List, Mapping, Optional, Sequence

from . import _shenfu_rules as _native
from ._batches import _arrow_of, _record_json, _rows, _set_aside, _table_kind
from ._types import Rulebook, _book, _year
from .errors import (
    InvalidInputError,
    ShenfuError,
)

# ── plan revisions ───────────────────────────────────────────────────────────────────────────


def _stored_items(source: Any) -> List[str]:
    """Stored decisions as JSON lines: a path to ``shenfu decisions export`` output, or an
    iterable of its lines (text) or of their objects (mappings)."""
    import os

    if isinstance(source, (str, os.PathLike)) and not str(source).lstrip().startswith("{"):
        with open(source, encoding="utf-8") as f:
            return [line for line in f.read().splitlines() if line.strip()]
    if isinstance(source, str):
        return [line for line in source.splitlines() if line.strip()]
    # Stored decisions are JSON already: written back as they are.
    return [item if isinstance(item, str) else json.dumps(item, ensure_ascii=False, default=str)
            for item in source]


def _kept(extra: Any, name: str, positions: List[int]) -> Any:
    """The ``keep`` column ``name`` (set aside from records, pandas, polars or pyarrow) at
    ``positions``."""
    if isinstance(extra, list):
        return [extra[p][name] for p in positions]
    column = extra[name]
    if hasattr(column, "iloc"):  # pandas: its dtype kept
        return column.iloc[positions].to_numpy()
    values = column.to_list() if hasattr(column, "to_list") else column.to_pylist()
    return [values[p] for p in positions]


def _engine_error(canonical_json: str, row: int, family: str) -> ShenfuError:
    from .errors import _from_engine

    body = json.loads(canonical_json)["error"]
    error = _from_engine(code=body["code"], family=family, field=body["field"], line=body["line"],
                         column=body["column"], message_zh=body["message"]["zh"],
                         message_en=body["message"]["en"], row=row,
                         canonical_json=canonical_json)
    return error


def replay(source: Any, rulebook: Rulebook, *, decided_by: Optional[Rulebook] = None,
           year: Optional[int] = None, units: Optional[Mapping[str, str]] = None,
           errors: str = "raise", keep: Sequence[str] = ()) -> Any:
    """Which stored decisions ``rulebook`` (a revised plan) would decide differently — one row per
    outcome that moved, the columns of ``shenfu replay --format csv``: decision_id, subject_id,
    year, old_eligible, new_eligible, rule_id, old_status, new_status, observed (``Decimal``),
    observed_unit, causes. Returns a pandas DataFrame; ``frame.attrs`` holds the ``summary``
    (checked, changed, became_ineligible, became_eligible, errors), the flips as canonical JSON
    Lines (``flips_jsonl``, byte for byte the CLI's) and, with ``errors="report"``, the
    ``errors`` (each a :class:`ShenfuError` with its ``row``).

    ``source`` is either stored decisions — a path to ``shenfu decisions export`` output, or
    its lines or objects — or, for what-if work, projects (mappings, or a pandas, polars or
    pyarrow table of them, read as :func:`assess_many` reads them: a row with an empty unit is
    ``missing_field``): these are decided first by ``decided_by`` (default the embedded plan)
    for ``year``, then replayed. For projects, each flip row's index is its project's — the
    input frame's index label, or the position in the list — and ``keep=["district"]`` carries
    those columns through beside it.

    >>> revised = Rulebook.from_str(SHENFU_TOML.replace('value = "300", unit = "万元/亩"',
    ...     'value = "350", unit = "万元/亩"').replace("亩均投入超 300 万元", "亩均投入超 350 万元"))
    >>> flips = replay([{"id": "P-1", "industry": "智能制造",
    ...     "fixed_asset_investment": "19800", "fixed_asset_investment_unit": "万元",
    ...     "land_area": "60", "land_area_unit": "亩",
    ...     "annual_tax": "3000", "annual_tax_unit": "万元"}], revised)
    >>> flips[["subject_id", "rule_id", "old_status", "new_status", "observed"]].values.tolist()
    [['P-1', 'admission.investment_per_mu', 'pass', 'fail', Decimal('330')]]
    >>> flips.attrs["summary"]["became_ineligible"]
    1
    """
    import pandas as pd

    if errors not in ("raise", "report"):
        raise ValueError("errors must be 'raise' or 'report'")
    if isinstance(keep, str):
        raise ValueError("keep takes a list of column names")
    kind = _table_kind(source)
    table, extra, index = None, None, None
    items: List[str] = []
    if kind is not None:
        # A table of projects, read by the core's table reader as `assess_many` reads it (a
        # bare number is never taken to be 元 or 亩; `units=` with a unit column is refused).
        if keep:
            source, extra = _set_aside(source, kind, list(keep))
        index = source.index if kind == "pandas" else None
        table, decider = _arrow_of(source, kind), _book(decided_by)
    else:
        projects = decided_by is not None or year is not None
        if not projects and not isinstance(source, (str, bytes)) and not hasattr(source, "__fspath__"):
            source = list(source)
            projects = any(isinstance(item, Mapping) and "report" not in item for item in source)
        if projects:
            if keep:
                source, extra = _set_aside(source, "records", list(keep))
            for i, record in enumerate(source):
                try:
                    items.append(_record_json(record))
                except InvalidInputError as e:
                    e.row = i
                    raise
            decider = _book(decided_by)
        elif keep:
            raise ValueError("keep names columns of a table of projects; stored decisions have none")
        else:
            items, decider = _stored_items(source), None
    names, rows_json, decimals, flips, summary, failed, positions = _native.replay(
        rulebook._handle, items, decider, _year(year), dict(units) if units else None, table)
    refused = [_engine_error(text, row, family) for row, text, family in failed]
    if refused and errors == "raise":
        raise refused[0]
    frame = pd.DataFrame(_rows(rows_json, decimals), columns=names)
    frame = frame.astype({"year": "Int64", "old_eligible": "boolean", "new_eligible": "boolean"})
    # Each flip row is named by its project's place: the input frame's index label, or its
    # position; the `keep` columns come back beside it.
    if index is not None:
        frame.index = index[positions]
    elif decider is not None:
        frame.index = pd.Index(positions, dtype="int64")
    if extra is not None:
        clash = [k for k in keep if k in frame.columns]
        if clash:
            raise ValueError(f"keep names columns the result already has: {clash}")
        for name in keep:
            frame[name] = _kept(extra, name, positions)
    frame.attrs["summary"] = json.loads(summary)
    frame.attrs["flips_jsonl"] = "".join(f + "\n" for f in flips)
    if errors == "report":
        frame.attrs["errors"] = refused
    return frame
