"""Zone progress: observations in, every target's status out, as tables and pictures."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional, Sequence

from . import _shenfu_rules as _native, contract
from ._batches import _arrow_of, _is_nan, _rows, _table_kind
from ._convert import _to_json
from ._types import Rulebook, _book

# ── zone progress ────────────────────────────────────────────────────────────────────────────


class Progress:
    """Zone progress: every target's status in an evaluation year, and the bullet-chart picture
    (shown by Jupyter through ``_repr_svg_``)."""

    def __init__(self, canonical_json: str, observations_json: str, year: int, handle: Any,
                 kind: Optional[str] = None) -> None:
        self._json = canonical_json
        self._observations = observations_json
        self._handle = handle
        # The kind of table the observations came in (pandas, polars, pyarrow): to_frame's.
        self._kind = kind
        self.year = year
        self.report: contract.ProgressReport = json.loads(canonical_json)
        self.summary: contract.ProgressSummary = self.report["summary"].copy()

    def to_json(self) -> str:
        return self._json

    def targets(self) -> List[Dict[str, Any]]:
        """One flat record per target — the engine's progress row, the columns of
        ``shenfu progress --format csv``: category, indicator, target, status, required,
        observed, on-track value, gap (observed − on-track), required growth, messages, the
        indicator's names and direction, ``ahead_by`` (the gap signed so that positive means
        ahead, whichever way is better), ``aspiration`` (力争 …) and ``alternative_status``
        (under the other side of its readings). Decimals as ``Decimal``."""
        text, decimals = _native.progress_rows(self._handle, self._observations, self.year)
        return _rows(text, decimals)

    def to_frame(self, numbers: str = "float") -> Any:
        """The targets as the kind of frame the observations came in — a polars DataFrame for
        polars, a ``pyarrow.Table`` for pyarrow, else a pandas DataFrame: the columns of
        ``targets()``, typed — whole numbers and years as integers (pandas: nullable ``Int64``),
        ``violation`` and ``aspiration`` as booleans, values (required, observed, on-track, gap
        …) as ``float64`` by default (``describe()``, ``quantile()``, plots work), or exact with
        ``numbers="decimal"`` (``Decimal`` in pandas, ``decimal128(38, 18)`` in Arrow and
        polars)."""
        if numbers not in ("float", "decimal"):
            raise ValueError("numbers must be 'float' or 'decimal'")
        text, decimals = _native.progress_rows(self._handle, self._observations, self.year)
        rows = _rows(text, decimals)
        whole = ["number", "year", "observed_year"]
        flags = ["violation", "aspiration"]
        if self._kind in ("polars", "pyarrow.Table", "pyarrow.RecordBatch"):
            import pyarrow as pa

            names = list(rows[0]) if rows else []
            value = pa.float64() if numbers == "float" else pa.decimal128(38, 18)
            types = {**{n: pa.int64() for n in whole}, **{n: pa.bool_() for n in flags},
                     **{n: value for n in decimals}}
            columns = {n: [(float(r[n]) if numbers == "float" and isinstance(r[n], Decimal)
                            else r[n]) for r in rows] for n in names}
            table = pa.table({n: pa.array(columns[n], types.get(n, pa.string())) for n in names})
            if self._kind == "polars":
                import polars as pl

                return pl.from_arrow(table)
            return table
        import pandas as pd

        frame = pd.DataFrame(rows)
        if numbers == "float":
            for name in decimals:
                frame[name] = pd.to_numeric(frame[name].map(
                    lambda v: float(v) if isinstance(v, Decimal) else None), errors="coerce")
        return frame.astype({**{n: "Int64" for n in whole}, **{n: "boolean" for n in flags}})

    def svg(self, lang: str = "zh", *, only_observed: bool = False,
            indicators: Optional[Sequence[str]] = None) -> str:
        """The bullet charts (SVG) in ``lang``: every indicator with a target, or — for a report —
        only those with an observation (``only_observed=True``) or those named
        (``indicators=["gdp", "rd_intensity"]``)."""
        return _native.progress_view(self._handle, self._observations, self.year, "svg", lang,
                                     only_observed, list(indicators) if indicators else None)

    def _repr_svg_(self) -> str:
        return self.svg("zh", only_observed=self._observed_any())

    def to_html(self, lang: str = "zh", *, only_observed: bool = False,
                indicators: Optional[Sequence[str]] = None) -> str:
        """The engine's summary sentence over the chart, as HTML (the chart as :meth:`svg`
        draws it)."""
        return str(_native.progress_view(self._handle, self._observations, self.year, "html", lang,
                                         only_observed, list(indicators) if indicators else None))

    def _observed_any(self) -> bool:
        return any(i["observations"] for i in self.report["indicators"])

    def _repr_html_(self) -> str:
        """Jupyter's view: the summary over the charts of the indicators observed (all of them
        when nothing was; ``svg()`` draws every indicator)."""
        return self.to_html("zh", only_observed=self._observed_any())

    def to_text(self, lang: str = "zh") -> str:
        """The engine's table, what ``shenfu progress`` prints: one row per target by category,
        the summary, and a ⚠ line for each observed 2020 value the plan's replaced."""
        return str(_native.progress_view(self._handle, self._observations, self.year, "text", lang))

    def __str__(self) -> str:
        return self.to_text("zh")

    def __repr__(self) -> str:
        return f"<Progress {self.year}: {self.summary}>"


def progress(observations: Any, year: int, *, rulebook: Optional[Rulebook] = None,
             alternatives: Sequence[str] = ()) -> Progress:
    """Evaluate the zone's progress in ``year`` from observed indicator values: a list of
    ``{"indicator", "year", "value", "unit"}`` mappings, a pandas or polars DataFrame or a pyarrow
    Table with those columns, or that list as JSON text (read exactly).

    The result's ``summary`` counts the targets by status — ``met``, ``met_so_far`` (a ceiling,
    share or rate satisfied before its year, which its own year decides), ``on_track``,
    ``behind``, ``off_track``, ``missed``, ``no_data`` — and ``violations`` (missed 约束性 targets);
    ``targets()`` / ``to_frame()`` give one row per target; ``svg()`` is the bullet-chart
    picture, shown by Jupyter. ``alternatives`` evaluates under the other side of readings of
    the plan's words (``Rulebook.readings()``); each target also says its ``alternative_status``.

    Units are never guessed: a table (pandas, polars, pyarrow) needs its ``unit`` column, and a
    row whose unit is empty, ``None`` or NaN is refused with ``missing_field`` at ``unit`` (its
    ``row`` named) — in a list of mappings too, where a mapping without ``unit`` keeps the JSON
    contract's shorthand (the indicator's own unit). Where an observed 2020 value differs from
    the plan's 2020 column, the plan's is measured from and a :class:`BaselineSetAsideWarning`
    says so (as the report's ``baseline.observed_set_aside``, the table and the chart do)."""
    handle = _book(rulebook, alternatives)
    kind = _table_kind(observations)
    if isinstance(observations, str):
        text = observations
    elif kind is not None:
        text = _native.table_observations(handle, _arrow_of(observations, kind))
    else:
        if isinstance(observations, (list, tuple)):
            # A NaN unit (a DataFrame's records) is an empty cell, as None is.
            observations = [{k: (None if k == "unit" and _is_nan(v) else v) for k, v in row.items()}
                            if isinstance(row, Mapping) else row for row in observations]
        text = _to_json(observations)
    result = Progress(_native.progress_json(handle, text, int(year)), text, int(year), handle, kind)
    notes = _native.progress_view(handle, text, int(year), "notes", "zh")
    if notes:
        import warnings

        english = _native.progress_view(handle, text, int(year), "notes", "en")
        warnings.warn(f"{notes}\n{english}", BaselineSetAsideWarning, stacklevel=2)
    return result


class BaselineSetAsideWarning(UserWarning):
    """An observed 2020 value differs from the plan's 2020 column, which every path and growth
    target measures from instead (the engine's words, in Chinese then English)."""
