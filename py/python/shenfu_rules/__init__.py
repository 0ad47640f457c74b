"""shenfu_rules — the Shenfu zone's 14th Five-Year Plan (沈抚改革创新示范区「十四五」规划纲要) as
exact, typed, auditable rules. The decisions are made by the Rust engine; this package carries
Python values in and typed results out.

>>> import shenfu_rules
>>> r = shenfu_rules.assess({"industry": "数字经济",
...     "fixed_asset_investment": {"value": "24000", "unit": "万元"},
...     "land_area": {"value": 60, "unit": "亩"},
...     "annual_tax": {"value": "3000", "unit": "万元"}})
>>> r.eligible
True
>>> r.outcome("admission.investment_per_mu").observed.value
Decimal('400')

Numbers: ``decimal.Decimal``, ``int`` and ``str`` are taken as written; a ``float`` is read
through ``repr`` (so ``0.1`` means 0.1); ``nan``/``inf`` are refused with ``non_finite``.
"""

from __future__ import annotations

import html
import json
import numbers
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Union

from . import _shenfu_rules as _native
from .errors import (
    InvalidInputError,
    RulebookError,
    ShenfuError,
    ShenfuIOError,
    UnitError,
    UnknownRuleError,
)

__all__ = [
    "Citation",
    "Conflict",
    "InvalidInputError",
    "Outcome",
    "Progress",
    "Quantity",
    "Report",
    "Rule",
    "Rulebook",
    "RulebookError",
    "ShenfuError",
    "ShenfuIOError",
    "Text",
    "UnitError",
    "UnknownRuleError",
    "assess",
    "assess_json",
    "assess_many",
    "progress",
]

__version__: str = _native.engine_version()


# ── values in ────────────────────────────────────────────────────────────────────────────────


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
                raise InvalidInputError(
                    f"keys must be strings, got {type(key).__name__}",
                    code="invalid_type",
                    field=path or None,
                    message_zh=f"键必须为字符串，实为 {type(key).__name__}",
                )
            out[key] = _jsonable(item, f"{path}.{key}" if path else key)
        return out
    if isinstance(value, (list, tuple)):
        return [_jsonable(item, f"{path}[{i}]") for i, item in enumerate(value)]
    raise InvalidInputError(
        f"expected a number, a string or a mapping, found {type(value).__name__}",
        code="invalid_type",
        field=path or None,
        message_zh=f"类型错误：应为数字、字符串或映射，实为 {type(value).__name__}",
    )


def _to_json(value: Any) -> str:
    return json.dumps(_jsonable(value, ""), ensure_ascii=False)


def _decimal(text: Optional[str]) -> Optional[Decimal]:
    return None if text is None else Decimal(text)


# ── results out ──────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Text:
    """The same text in Chinese and English."""

    zh: str
    en: str


@dataclass(frozen=True)
class Citation:
    """Where a rule comes from: the plan's section and the verbatim quote."""

    section: str
    quote: str


@dataclass(frozen=True)
class Quantity:
    """A value with its unit. ``value`` is a Decimal for numbers, text for a set or an industry."""

    value: Union[Decimal, str]
    unit: Optional[str]

    @classmethod
    def _from(cls, raw: Optional[Mapping[str, Any]]) -> Optional["Quantity"]:
        if raw is None:
            return None
        unit = raw.get("unit")
        return cls(Decimal(raw["value"]) if unit is not None else raw["value"], unit)

    def __str__(self) -> str:
        return f"{self.value} {self.unit}" if self.unit else str(self.value)


@dataclass(frozen=True)
class Outcome:
    """One rule's verdict for one project."""

    rule_id: str
    status: str
    property: str
    observed: Optional[Quantity]
    threshold: Optional[Quantity]
    comparator: Optional[str]
    wording: Optional[str]
    margin: Optional[Quantity]
    derivation: Optional[str]
    citation: Citation
    message: Text


def _labels(lang: str) -> Dict[str, Any]:
    """The engine's labels for verdicts, statuses and properties: the package words none itself."""
    value: Dict[str, Any] = json.loads(_native.labels_json(lang))
    return value


class Report:
    """The explained verdict for one project. ``to_json()`` is the canonical JSON, byte for byte
    what the CLI and the browser produce."""

    def __init__(self, canonical_json: str) -> None:
        self._json = canonical_json
        raw = json.loads(canonical_json)
        self._raw = raw
        self.eligible: bool = raw["eligible"]
        self.year: Optional[int] = raw.get("year")
        self.input_sha256: str = raw["input_sha256"]
        self.subject_id: Optional[str] = raw["subject"]["id"]
        self.subject_name: Optional[str] = raw["subject"]["name"]
        self.rulebook: Dict[str, str] = dict(raw["rulebook"])
        self.engine: Dict[str, str] = dict(raw["engine"])
        self.outcomes: List[Outcome] = [
            Outcome(
                rule_id=o["rule_id"],
                status=o["status"],
                property=o["property"],
                observed=Quantity._from(o["observed"]),
                threshold=Quantity._from(o["threshold"]),
                comparator=o["comparator"],
                wording=o["wording"],
                margin=Quantity._from(o["margin"]),
                derivation=o["derivation"],
                citation=Citation(**o["citation"]),
                message=Text(**o["message"]),
            )
            for o in raw["outcomes"]
        ]

    def outcome(self, rule_id: str) -> Outcome:
        for o in self.outcomes:
            if o.rule_id == rule_id:
                return o
        raise UnknownRuleError(
            f"no rule with id `{rule_id}` in this report",
            code="unknown_rule",
            field="rule_id",
            message_zh=f"报告中没有编号为“{rule_id}”的规则",
        )

    def to_json(self) -> str:
        return self._json

    def to_dict(self) -> Dict[str, Any]:
        value: Dict[str, Any] = json.loads(self._json)
        return value

    def __repr__(self) -> str:
        subject = self.subject_id or self.subject_name or "project"
        return f"<Report {subject}: {'eligible' if self.eligible else 'not eligible'}>"

    def to_html(self, lang: str = "zh") -> str:
        zh = lang == "zh"
        labels = _labels("zh" if zh else "en")
        verdict = labels["verdict"]["eligible" if self.eligible else "ineligible"]
        head = ["规则", "结果", "实际值", "门槛", "差额", "说明"] if zh else [
            "rule", "result", "observed", "threshold", "margin", "message"]
        rows = []
        for o in self.outcomes:
            colour = {"pass": "#1b5e20", "fail": "#b71c1c"}.get(o.status, "#546e7a")
            threshold = f"{o.comparator} {o.threshold}" if o.threshold and o.comparator else ""
            cells = [
                o.rule_id,
                f'<b style="color:{colour}">{html.escape(labels["status"][o.status])}</b>',
                html.escape(str(o.observed or "")),
                html.escape(threshold),
                html.escape(str(o.margin or "")),
                html.escape(o.message.zh if zh else o.message.en)
                + f'<br><small title="{html.escape(o.citation.section)}">「{html.escape(o.citation.quote)}」</small>',
            ]
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        return (
            f"<div><b>{html.escape(verdict)}</b>"
            f"<table><thead><tr>{''.join(f'<th>{h}</th>' for h in head)}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
            f"<small>{html.escape(self.rulebook['id'])} {html.escape(self.rulebook['version'])} · "
            f"sha256 {html.escape(self.rulebook['sha256'][:12])} · input {html.escape(self.input_sha256[:12])}</small></div>"
        )

    def _repr_html_(self) -> str:
        return self.to_html("zh")


@dataclass(frozen=True)
class Rule:
    """A rule or a zone target, with its citation."""

    id: str
    kind: str
    scope: str
    property: str
    label: Text
    year: Optional[int]
    comparator: Optional[str]
    wording: Optional[str]
    threshold: Optional[Quantity]
    citation: Citation
    note: Optional[Text]
    raw: Mapping[str, Any]

    @classmethod
    def _from(cls, raw: Mapping[str, Any]) -> "Rule":
        return cls(
            id=raw["id"],
            kind=raw["kind"],
            scope=raw["scope"],
            property=raw["property"],
            label=Text(**raw["label"]),
            year=raw["year"],
            comparator=raw["comparator"],
            wording=raw["wording"],
            threshold=Quantity._from(raw["threshold"]),
            citation=Citation(**raw["citation"]),
            note=Text(**raw["note"]) if raw.get("note") else None,
            raw=raw,
        )


@dataclass(frozen=True)
class Conflict:
    """Two targets for the same indicator and year that require different things."""

    kind: str
    indicator: str
    year: int
    first: str
    second: str
    stricter: Optional[str]
    explanation: Text
    raw: Mapping[str, Any]


class Rulebook:
    """A validated rulebook: the embedded Shenfu plan by default, or one loaded from TOML."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    @classmethod
    def default(cls) -> "Rulebook":
        return _DEFAULT

    @classmethod
    def from_str(cls, toml_text: str) -> "Rulebook":
        return cls(_native.RulebookHandle.from_toml(toml_text))

    @classmethod
    def from_path(cls, path: Any) -> "Rulebook":
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            raise ShenfuIOError(
                f"cannot read {path}: {e.strerror or e}", code="io", message_zh=f"无法读取 {path}：{e}"
            ) from e
        return cls.from_str(text)

    @property
    def id(self) -> str:
        return str(self._handle.id)

    @property
    def version(self) -> str:
        return str(self._handle.version)

    @property
    def sha256(self) -> str:
        return str(self._handle.sha256)

    def rules(self) -> List[Rule]:
        return [Rule._from(r) for r in json.loads(_native.rules_json(self._handle))]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules())

    def __len__(self) -> int:
        return len(self.rules())

    def explain(self, rule_id: str) -> Rule:
        return Rule._from(json.loads(_native.explain_json(self._handle, rule_id)))

    def conflicts(self) -> List[Conflict]:
        return [
            Conflict(
                kind=c["kind"],
                indicator=c["indicator"],
                year=c["year"],
                first=c["first"],
                second=c["second"],
                stricter=c["stricter"],
                explanation=Text(**c["explanation"]),
                raw=c,
            )
            for c in json.loads(_native.conflicts_json(self._handle))
        ]

    def __repr__(self) -> str:
        return f"<Rulebook {self.id} {self.version} sha256={self.sha256[:12]}>"


_DEFAULT = Rulebook(_native.RulebookHandle.embedded())


def _book(rulebook: Optional[Rulebook]) -> Any:
    return (rulebook or _DEFAULT)._handle


def assess(project: Mapping[str, Any], *, rulebook: Optional[Rulebook] = None,
           year: Optional[int] = None) -> Report:
    """Assess one project application (a mapping with the contract's field names).

    Amounts are ``{"value": ..., "unit": "万元"}``, a number or a numeric string (元, 亩).
    Raises :class:`ShenfuError` subclasses naming the field.
    """
    if not isinstance(project, Mapping):
        raise InvalidInputError(
            f"expected a mapping (one project), found {type(project).__name__}",
            code="invalid_type",
            message_zh=f"类型错误：应为映射（一个项目），实为 {type(project).__name__}",
        )
    if year is not None and (isinstance(year, bool) or not isinstance(year, numbers.Integral)):
        raise InvalidInputError(
            f"the year must be a whole number, got {year!r}", code="invalid_type", field="year",
            message_zh=f"年份必须为整数，实为 {year!r}",
        )
    text = _native.assess_json(_book(rulebook), _to_json(project), None if year is None else int(year))
    return Report(text)


def assess_json(project_json: str, *, rulebook: Optional[Rulebook] = None,
                year: Optional[int] = None) -> str:
    """One project as JSON text → its canonical report as JSON text, byte for byte what the CLI
    and the browser produce (numbers are read from the text exactly)."""
    return _native.assess_json(_book(rulebook), project_json, year)


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
    raise InvalidInputError(
        f"assess_many takes a pyarrow Table or RecordBatch, a pandas or polars DataFrame, or a list of mappings; got {type(data).__name__}",
        code="invalid_type",
        message_zh=f"assess_many 接受 pyarrow 表、pandas 或 polars DataFrame、或映射列表，实为 {type(data).__name__}",
    )


def _records_result(book: Any, text: str) -> List[Dict[str, Any]]:
    rows: List[Dict[str, Any]] = json.loads(text)
    decimals = _native.batch_decimal_columns(book)  # the core's list: the industry is text
    for row in rows:
        for key in decimals:
            value = row.get(key)
            if isinstance(value, str):
                row[key] = Decimal(value)
    return rows


def assess_many(data: Any, *, rulebook: Optional[Rulebook] = None, year: Optional[int] = None,
                units: Optional[Mapping[str, str]] = None, errors: str = "raise",
                columns: str = "all") -> Any:
    """Assess many projects at once; returns the same kind of object it was given.

    ``data`` is a ``pyarrow.Table``/``RecordBatch``, a pandas or polars DataFrame (read through
    Arrow; columns named as the contract, ``<field>_unit`` columns or ``units={"land_area": "亩"}``
    for a unit per call), or a list of mappings. The result has one row per project: ``row``,
    ``id``, ``eligible``, and per project rule ``<rule_id>.status``, ``.observed`` and ``.margin``
    (exact decimal text in tables, ``Decimal`` in lists). The work runs in Rust with the GIL
    released. ``errors="report"`` records a bad row in ``error_code``/``error_field``/
    ``error_line``/``error_message_zh``/``error_message_en`` instead of raising. ``columns="status"`` keeps eligibility and statuses
    only (no measured values or margins) — the faster path for screening many rows.
    """
    if errors not in ("raise", "report"):
        raise ValueError("errors must be 'raise' or 'report'")
    if columns not in ("all", "status"):
        raise ValueError("columns must be 'all' or 'status'")
    detail = columns == "all"
    report = errors == "report"
    kind = _kind(data)
    book = _book(rulebook)
    if kind == "records":
        texts = []
        refused: Dict[int, InvalidInputError] = {}
        for i, record in enumerate(data):
            try:
                if not isinstance(record, Mapping):
                    raise InvalidInputError(
                        f"expected a mapping, found {type(record).__name__}", code="invalid_type",
                        message_zh=f"类型错误：应为映射，实为 {type(record).__name__}")
                merged = dict(record)
                # Flat `<field>_unit` keys, as in a CSV row or a DataFrame's records.
                for key in [k for k in merged if isinstance(k, str) and k.endswith("_unit")]:
                    field = key[: -len("_unit")]
                    value = merged.get(field)
                    if value is not None and not isinstance(value, Mapping):
                        merged[field] = {"value": value, "unit": merged.pop(key)}
                    elif value is None:
                        merged.pop(key)
                for field, unit in (units or {}).items():
                    value = merged.get(field)
                    if value is not None and not isinstance(value, Mapping):
                        merged[field] = {"value": value, "unit": unit}
                texts.append(_to_json(merged))
            except InvalidInputError as e:
                if not report:
                    e.row = i
                    raise
                refused[i] = e
                texts.append("{}")
        rows = _records_result(book, _native.assess_records(book, texts, year, report))
        for i, err in refused.items():
            rows[i].update({"error_code": err.code, "error_field": err.field, "error_line": None,
                            "error_message_zh": err.message_zh, "error_message_en": err.message_en})
        if not detail:
            rows = [{k: v for k, v in row.items() if not k.endswith((".observed", ".margin"))}
                    for row in rows]
        return rows
    import pyarrow as pa  # an optional dependency, needed for every table input

    if kind == "pandas":
        try:
            table = pa.Table.from_pandas(data, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as e:
            raise InvalidInputError(
                f"the DataFrame has a column Arrow cannot read: {e}", code="invalid_type",
                message_zh=f"DataFrame 中有无法读取的列：{e}") from e
    elif kind == "polars":
        table = data.to_arrow()
    elif kind == "pyarrow.RecordBatch":
        table = pa.Table.from_batches([data])
    else:
        table = data
    result = _native.assess_table(book, table, year, dict(units) if units else None, report, detail)
    if kind == "pandas":
        return result.to_pandas()
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(result)
    if kind == "pyarrow.RecordBatch":
        return result.combine_chunks().to_batches()[0]
    return result


def arrow_batches(batches: Any, *, rulebook: Optional[Rulebook] = None, year: Optional[int] = None,
                  units: Optional[Mapping[str, str]] = None, errors: str = "report") -> Iterator[Any]:
    """Score an iterator of ``pyarrow.RecordBatch`` lazily — the function to hand to Spark's
    ``DataFrame.mapInArrow`` (see the README): the same decisions on every executor."""
    for batch in batches:
        yield assess_many(batch, rulebook=rulebook, year=year, units=units, errors=errors)


# ── zone progress ────────────────────────────────────────────────────────────────────────────


class Progress:
    """Zone progress: every target's status in an evaluation year, and the bullet-chart picture
    (shown by Jupyter through ``_repr_svg_``)."""

    def __init__(self, canonical_json: str, observations_json: str, year: int, handle: Any) -> None:
        self._json = canonical_json
        self._observations = observations_json
        self._handle = handle
        self.year = year
        self.report: Dict[str, Any] = json.loads(canonical_json)
        self.summary: Dict[str, int] = dict(self.report["summary"])

    def to_json(self) -> str:
        return self._json

    def targets(self) -> List[Dict[str, Any]]:
        """One flat record per target: indicator, target, status, required, observed, on-track…"""
        rows = []
        for indicator in self.report["indicators"]:
            for t in indicator["targets"]:
                observed = t["observed"] or {}
                rows.append({
                    "category": indicator["category"],
                    "indicator": indicator["id"],
                    "number": indicator["number"],
                    "unit": indicator["unit"],
                    "target_id": t["target_id"],
                    "year": t["year"],
                    "goal": t["goal"],
                    "property": t["property"],
                    "status": t["status"],
                    "violation": t["violation"],
                    "required": _decimal(t["required"]),
                    "observed_year": observed.get("year"),
                    "observed": _decimal(observed.get("value")),
                    "on_track": _decimal(t["on_track"]),
                    "gap": _decimal(t["gap"]),
                    "required_annual_growth": _decimal(t["required_annual_growth"]),
                    "message_zh": t["message"]["zh"],
                    "message_en": t["message"]["en"],
                })
        return rows

    def to_frame(self) -> Any:
        """The targets as a pandas DataFrame (needs pandas)."""
        import pandas as pd

        return pd.DataFrame(self.targets())

    def svg(self, lang: str = "zh") -> str:
        return _native.progress_svg(self._handle, self._observations, self.year, lang)

    def _repr_svg_(self) -> str:
        return self.svg("zh")

    def _repr_html_(self) -> str:
        s = self.summary
        line = (f"目标 {s['targets']} 项：已达成 {s['met']}，进度正常 {s['on_track']}，略有滞后 {s['behind']}，"
                f"明显滞后 {s['off_track']}，未达成 {s['missed']}，缺少数据 {s['no_data']}；约束性未达成 {s['violations']}")
        return f"<div><p>{html.escape(line)}</p>{self.svg('zh')}</div>"

    def __repr__(self) -> str:
        s = self.summary
        return (f"<Progress {self.year}: {s['targets']} targets, met {s['met']}, on track {s['on_track']}, "
                f"behind {s['behind']}, off track {s['off_track']}, missed {s['missed']}, no data {s['no_data']}>")


def progress(observations: Any, year: int, *, rulebook: Optional[Rulebook] = None) -> Progress:
    """Evaluate the zone's progress in ``year`` from observed indicator values: a list of
    ``{"indicator", "year", "value", "unit"}`` mappings, a pandas DataFrame with those columns, or
    that list as JSON text (read exactly)."""
    handle = _book(rulebook)
    if isinstance(observations, str):
        return Progress(_native.progress_json(handle, observations, int(year)), observations,
                        int(year), handle)
    if type(observations).__module__.split(".")[0] == "pandas":
        observations = [
            {k: v for k, v in row.items() if v is not None and v == v}
            for row in observations.to_dict("records")
        ]
    text = _to_json(observations)
    return Progress(_native.progress_json(handle, text, int(year)), text, int(year), handle)
