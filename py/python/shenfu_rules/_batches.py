"""Batches: many projects at once, from and to pyarrow, pandas, polars or lists of mappings."""

from __future__ import annotations

import json
import numbers
from decimal import Decimal
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence

from . import _shenfu_rules as _native
from ._convert import _invalid_type, _jsonable, _to_json
from ._types import Rulebook, _book, _year
from .errors import (
    InvalidInputError,
)

# ── batches ──────────────────────────────────────────────────────────────────────────────────


def _kind(data: Any) -> str:
    module = type(data).__module__.split(".")[0]
    name = type(data).__name__
    if module == "pyarrow" and name in ("Table", "RecordBatch"):
        return f"pyarrow.{name}"
    if module == "pandas" and name == "DataFrame":
        return "pandas"
    if module == "polars" and name == "DataFrame":
        return "polars"
    if isinstance(data, (list, tuple)):
        return "records"
    raise _invalid_type("batch", data)


def _set_aside(data: Any, kind: str, keep: List[str]) -> Any:
    """``data`` without the ``keep`` columns, and those columns."""
    if kind == "records":
        rows = [r if isinstance(r, Mapping) else {} for r in data]
        extra = [{k: r.get(k) for k in keep} for r in rows]
        core = [{k: v for k, v in r.items() if k not in keep} if isinstance(r, Mapping) else r
                for r in data]
        return core, extra
    names = list(data.columns) if kind in ("pandas", "polars") else list(data.schema.names)
    missing = [k for k in keep if k not in names]
    if missing:
        raise ValueError(f"keep names columns the data does not have: {missing}")
    if kind == "pandas":
        return data.drop(columns=keep), data[keep]
    if kind == "polars":
        return data.drop(keep), data.select(keep)
    import pyarrow as pa

    table = pa.Table.from_batches([data]) if kind == "pyarrow.RecordBatch" else data
    return table.drop_columns(keep), table.select(keep)


def _put_back(result: Any, kind: str, extra: Any, keep: List[str]) -> Any:
    """The ``keep`` columns appended to the result, refusing to overwrite one of its columns."""
    names = (list(result[0]) if result else []) if kind == "records" else (
        list(result.columns) if kind in ("pandas", "polars") else list(result.schema.names))
    clash = [k for k in keep if k in names]
    if clash:
        raise ValueError(f"keep names columns the result already has: {clash}")
    if kind == "records":
        for row, kept in zip(result, extra):
            row.update(kept)
        return result
    if kind == "pandas":
        for name in keep:
            result[name] = extra[name].to_numpy()
        return result
    if kind == "polars":
        return result.hstack(extra)
    import pyarrow as pa

    # A RecordBatch was set aside as a table, so its result is one too.
    table = result if isinstance(result, pa.Table) else pa.Table.from_batches([result])
    for name in keep:
        table = table.append_column(name, extra.column(name))
    return table.combine_chunks().to_batches()[0] if kind == "pyarrow.RecordBatch" else table


def _cell_text(value: Any) -> Optional[str]:
    """One cell of a column Arrow cannot type, as the text the engine reads: numbers exactly as
    ``assess`` reads them (a float through ``repr``), missing values as null."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (Decimal, numbers.Real)):
        return str(_jsonable(value, ""))
    return str(value)


def _cells_as_text(frame: Any) -> Any:
    """A copy of ``frame`` whose object columns hold text (or null) in every cell."""
    out = frame.copy()
    for name in out.columns:
        if out[name].dtype == object:
            out[name] = [_cell_text(v) for v in out[name]]
    return out


def _rows(text: str, decimals: Sequence[str]) -> List[Dict[str, Any]]:
    """The engine's rows (JSON objects) with its decimal columns as ``Decimal``."""
    rows: List[Dict[str, Any]] = json.loads(text)
    for row in rows:
        for key in decimals:
            value = row.get(key)
            if isinstance(value, str):
                row[key] = Decimal(value)
    return rows


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and value != value


def _record_json(record: Any) -> str:
    """One project record (a mapping) as JSON text for the core's record reader, which reads
    its flat ``<field>_unit`` members as a table's unit cells (a NaN there, as a DataFrame's
    records give it, is an empty cell: ``None``)."""
    if not isinstance(record, Mapping):
        raise _invalid_type("project", record)
    cleaned = {k: (None if isinstance(k, str) and k.endswith("_unit") and _is_nan(v) else v)
               for k, v in record.items()}
    return _to_json(cleaned)


def _table_kind(data: Any) -> Optional[str]:
    """``_kind`` for a table (pandas, polars, pyarrow); ``None`` for anything else."""
    module = type(data).__module__.split(".")[0]
    if module in ("pandas", "polars", "pyarrow"):
        try:
            return _kind(data)
        except InvalidInputError:
            return None
    return None


def _arrow_of(data: Any, kind: str) -> Any:
    """A table as a ``pyarrow.Table`` for the core's table reader (needs pyarrow)."""
    import pyarrow as pa

    if kind == "pandas":
        try:
            return pa.Table.from_pandas(data, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            # A column Arrow cannot type (`'12万'` among floats, as read_excel gives) is read as
            # text, cell by cell, so a bad cell is that row's error, not the batch's.
            return pa.Table.from_pandas(_cells_as_text(data), preserve_index=False)
    if kind == "polars":
        return data.to_arrow()
    if kind == "pyarrow.RecordBatch":
        return pa.Table.from_batches([data])
    return data


def assess_many(data: Any, *, rulebook: Optional[Rulebook] = None, year: Optional[int] = None,
                units: Optional[Mapping[str, str]] = None, errors: str = "raise",
                columns: str = "all", keep: Sequence[str] = (),
                alternatives: Sequence[str] = (), numbers: Optional[str] = None) -> Any:
    """Assess many projects at once; returns the same kind of object it was given.

    ``keep`` names input columns that are not the contract's (``["district", "officer"]``): they
    are set aside before assessing and come back untouched at the end of each output row. Any
    other unknown column is still refused with ``unknown_field``, so a misspelt field name is
    never silently ignored.

    ``data`` is a ``pyarrow.Table``/``RecordBatch``, a pandas or polars DataFrame (read through
    Arrow; columns named as the contract, ``<field>_unit`` columns or ``units={"land_area": "亩"}``
    for a unit per call), or a list of mappings. The result has one row per project: ``row``,
    ``id``, ``eligible``, and per project rule ``<rule_id>.status``, ``.observed`` and ``.margin``
    (the industry rule: no margin). Measured values and margins are decimals of 18 digits after
    the point — Arrow ``decimal128(38, 18)`` in pyarrow (each with its unit in the field's
    metadata) and polars, exact ``Decimal`` in lists. ``numbers`` chooses how they come out:
    ``"float"`` (``float64``, the nearest double to the exact value: ``describe()``,
    ``quantile()`` and ``plot.hist()`` work) or ``"decimal"`` (exact); pandas defaults to
    ``"float"`` (units in ``frame.attrs["units"]``) — the exact values are one call away,
    ``assess_many(df, numbers="decimal")`` — everything else to ``"decimal"``. A quotient that
    does not end (1000 ÷ 3) is rounded at the 18th digit, half to even;
    a value beyond ±10²⁰ is left empty (the status still holds). The work runs in Rust with the GIL
    released. ``errors="report"`` records a bad row in ``error_code``/``error_field``/
    ``error_line``/``error_message_zh``/``error_message_en`` instead of raising. ``columns="status"`` keeps eligibility and statuses
    only (no measured values or margins) — the faster path for screening many rows.
    """
    if errors not in ("raise", "report"):
        raise ValueError("errors must be 'raise' or 'report'")
    if columns not in ("all", "status"):
        raise ValueError("columns must be 'all' or 'status'")
    if isinstance(keep, str):
        raise ValueError("keep takes a list of column names")
    if numbers not in (None, "float", "decimal"):
        raise ValueError("numbers must be 'float' or 'decimal'")
    if keep:
        kind = _kind(data)
        core, extra = _set_aside(data, kind, list(keep))
        result = assess_many(core, rulebook=rulebook, year=year, units=units, errors=errors,
                             columns=columns, alternatives=alternatives, numbers=numbers)
        return _put_back(result, kind, extra, list(keep))
    detail = columns == "all"
    report = errors == "report"
    kind = _kind(data)
    as_float = (numbers or ("float" if kind == "pandas" else "decimal")) == "float"
    book = _book(rulebook, alternatives)
    if kind == "records":
        texts = []
        refused: Dict[int, InvalidInputError] = {}
        for i, record in enumerate(data):
            try:
                texts.append(_record_json(record))
            except InvalidInputError as e:
                if not report:
                    e.row = i
                    raise
                refused[i] = e
                texts.append("{}")
        # The core's list of decimal columns: the industry rule's `observed` is text.
        decimals = _native.batch_decimal_columns(book)
        rows = _rows(_native.assess_records(book, texts, _year(year), report,
                                            dict(units) if units else None), decimals)
        for i, err in refused.items():
            rows[i].update({"error_code": err.code, "error_field": err.field, "error_line": None,
                            "error_message_zh": err.message_zh, "error_message_en": err.message_en})
        if not detail:
            rows = [{k: v for k, v in row.items() if not k.endswith((".observed", ".margin"))}
                    for row in rows]
        if as_float:
            for row in rows:
                for key in decimals:
                    if isinstance(row.get(key), Decimal):
                        row[key] = float(row[key])
        return rows
    import pyarrow as pa  # an optional dependency, needed for every table input

    table = _arrow_of(data, kind)
    result = _native.assess_table(book, table, year, dict(units) if units else None, report, detail,
                                  kind == "pandas")
    if kind == "pandas":
        import pandas as pd

        # Nullable dtypes, so `out[out.eligible]` works and an error row's line stays an integer;
        # the input's index is kept, so the rows line up with the frame they came from.
        typed = {pa.bool_(): pd.BooleanDtype(), pa.int64(): pd.Int64Dtype()}
        units_of = _units(result.schema)
        # Measured values and margins, written as their exact text for pandas: by default the
        # nearest float64 (Arrow's correctly rounded reading of the text), so describe(),
        # quantile() and plot.hist() work; with numbers="decimal" exact Decimals, as in records
        # (they sort as numbers and print as written), made from the Arrow column directly.
        exact = {name: (result.column(name).cast(pa.float64()).to_numpy() if as_float
                        else _decimals(result.column(name))) for name in units_of}
        frame = result.drop_columns(list(units_of)).to_pandas(types_mapper=typed.get)
        for name, values in exact.items():
            frame[name] = values
        frame = frame[result.column_names]
        frame.attrs["units"] = units_of
        frame.attrs["numbers"] = "float" if as_float else "decimal"
        frame.index = data.index
        # An integer `id` comes back an integer (nullable: a row too broken to name stays NA).
        if "id" in data.columns and pd.api.types.is_integer_dtype(data["id"].dtype):
            frame["id"] = pd.array(
                [None if v is None else int(v) for v in frame["id"]], dtype="Int64")
        return frame
    if as_float:
        result = _floats(result)
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(result)
    if kind == "pyarrow.RecordBatch":
        return result.combine_chunks().to_batches()[0]
    return result


def batch_units(rulebook: Optional[Rulebook] = None) -> Dict[str, str]:
    """Each measured column of :func:`assess_many`'s output and its unit
    (``{"admission.investment_per_mu.observed": "万元/亩", …}``) — what a pyarrow result keeps
    in its fields' metadata and a pandas one in ``frame.attrs["units"]``; for polars, which
    keeps no column metadata, this is where the units are."""
    return dict(_native.batch_units(_book(rulebook)))


def _floats(table: Any) -> Any:
    """``table`` with its decimal columns as ``float64``, each keeping its unit metadata."""
    import pyarrow as pa

    fields = [pa.field(f.name, pa.float64(), f.nullable, f.metadata)
              if pa.types.is_decimal(f.type) else f for f in table.schema]
    return table.cast(pa.schema(fields, table.schema.metadata))


def _decimals(column: Any) -> List[Optional[Decimal]]:
    """An Arrow column of exact decimal text as ``Decimal`` (``None`` for null)."""
    texts = column.to_pylist()
    if column.null_count == 0:
        return list(map(Decimal, texts))
    return [None if v is None else Decimal(v) for v in texts]


def _units(schema: Any) -> Dict[str, str]:
    """Each measured column's unit, from the Arrow field metadata the engine writes."""
    return {f.name: f.metadata[b"unit"].decode("utf-8") for f in schema
            if f.metadata and b"unit" in f.metadata}


def arrow_batches(batches: Any, *, rulebook: Optional[Rulebook] = None, year: Optional[int] = None,
                  units: Optional[Mapping[str, str]] = None, errors: str = "report") -> Iterator[Any]:
    """Score an iterator of ``pyarrow.RecordBatch`` lazily — the function to hand to Spark's
    ``DataFrame.mapInArrow`` (see the README): the same decisions on every executor.

    The key columns (``verdict``, each ``….status``) come back as plain strings rather than
    ``assess_many``'s dictionary arrays: Spark's Arrow reader takes no dictionaries."""
    for batch in batches:
        yield _without_dictionaries(
            assess_many(batch, rulebook=rulebook, year=year, units=units, errors=errors))


def _without_dictionaries(table: Any) -> Any:
    """``table`` with every dictionary column decoded to its values' type (metadata kept)."""
    import pyarrow as pa

    fields = [
        pa.field(f.name, f.type.value_type, f.nullable, f.metadata)
        if pa.types.is_dictionary(f.type) else f
        for f in table.schema
    ]
    return table.cast(pa.schema(fields, metadata=table.schema.metadata))
