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

import functools
import json
import numbers
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any, Callable, Dict, FrozenSet, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

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
    "BaselineSetAsideWarning",
    "Citation",
    "Condition",
    "Conflict",
    "InvalidInputError",
    "Outcome",
    "Progress",
    "Quantity",
    "Reading",
    "ReceiptCheck",
    "ReceiptVerification",
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
    "replay",
    "sample",
    "batch_units",
    "verify_receipt",
    "RulebookDiff",
    "SHENFU_TOML",
]

__version__: str = _native.engine_version()

#: The embedded plan's rulebook as TOML text — the starting point of a what-if revision
#: (``Rulebook.from_str(SHENFU_TOML.replace(...))``).
SHENFU_TOML: str = _native.embedded_toml()


#: The sample data shipped in the package (the repository's fixtures, byte for byte: a test
#: keeps them so), for the examples and notebooks to run from an installed wheel.
SAMPLES: Tuple[str, ...] = ("applications.csv", "observations-2023.csv")


def sample(name: str) -> Any:
    """The path of a sample shipped in the package: ``"applications.csv"`` (five applications,
    a table with unit columns — ``fixtures/projects/examples.csv``) or
    ``"observations-2023.csv"`` (synthetic 2023 indicator values — the ``2023-mixed`` progress
    case). ``pd.read_csv(shenfu_rules.sample("applications.csv"))`` works from any directory."""
    from importlib.resources import files

    if name not in SAMPLES:
        raise ValueError(f"no sample {name!r}; the samples are {', '.join(SAMPLES)}")
    return files(__name__).joinpath("data", name)


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


def _citation(raw: Mapping[str, str]) -> Citation:
    return Citation(**raw)


def _text(raw: Optional[Mapping[str, str]]) -> Optional[Text]:
    return None if raw is None else Text(**raw)


@dataclass(frozen=True)
class Condition:
    """One change that alone would make a failing per-area outcome pass, in the application's
    units: ``field`` (``"fixed_asset_investment"``, ``"annual_tax"`` or ``"land_area"``),
    ``comparator`` (``">"``, ``">="``, ``"<"``, ``"<="``) and ``value`` (:class:`Quantity`)."""

    field: str
    comparator: str
    value: Quantity


def _conditions(raw: Optional[List[Mapping[str, Any]]]) -> Optional[List[Condition]]:
    if raw is None:
        return None
    return [Condition(c["field"], c["comparator"], Quantity._from(c["value"]))  # type: ignore[arg-type]
            for c in raw]


# How the canonical JSON's values become Python values, by key; every other value is as JSON
# has it. One table for outcomes and rules, so the two cannot read a key differently.
_DECODE: Dict[str, Callable[[Any], Any]] = {
    "observed": Quantity._from,
    "threshold": Quantity._from,
    "margin": Quantity._from,
    "citation": _citation,
    "message": _text,
    "label": _text,
    "note": _text,
    "explanation": _text,
    "chosen": _text,
    "alternative": _text,
    "to_pass": _conditions,
}


@functools.lru_cache(maxsize=None)
def _field_names(cls: Any) -> FrozenSet[str]:
    return frozenset(f.name for f in fields(cls))


def _as_is(value: Any) -> Any:
    return value


def _decoded(cls: Any, source: Mapping[str, Any], **extra: Any) -> Any:
    """A dataclass from the engine's JSON object: its fields, decoded by key."""
    names = _field_names(cls)
    decode = _DECODE.get
    values = {k: decode(k, _as_is)(v) for k, v in source.items() if k in names}
    return cls(**values, **extra)


@dataclass(frozen=True)
class Outcome:
    """One rule's verdict for one project.

    Attributes:
        rule_id: the rule, e.g. ``"admission.investment_per_mu"`` (``Rulebook.explain`` shows it).
        status: ``"pass"``; ``"fail"``; ``"not_applicable"`` (outside the rule's years, a project
            that is not introduced, or a measure that is undefined, e.g. zero revenue); or
            ``"missing_input"`` (an optional input the rule needs was not given).
        property: ``"admission"`` (基本约束性条件 — a fail makes the project ineligible),
            ``"binding"`` (约束性), ``"expected"`` (预期性) or ``"guidance"`` (for information).
        observed: the measured value (:class:`Quantity`, e.g. 400 万元/亩, exact ``Decimal``);
            for the industry rule, the industry.
        threshold: what the plan asks, with its unit.
        comparator: ``">"``, ``">="``, ``"<="``, ``"<"`` or ``"in"``; wording: the plan's word for
            it (``"超"``, ``"以上"``, ``"突破"`` …).
        margin: observed − threshold, in the threshold's unit (positive: above).
        derivation: how ``observed`` was computed, e.g.
            ``"亩均投入 = 固定资产投资 ÷ 用地面积 = 24000 万元 ÷ 60 亩 = 400 万元/亩"``.
        citation: the plan's section and verbatim quote (:class:`Citation`).
        message: the verdict in Chinese and English (:class:`Text`).
        readings: the ids of the readings of the plan's words the verdict rests on
            (``Rulebook.readings()`` explains each, e.g. ``"wording.chao"``: 超 read as "more than").
        alternative_status: the status under the other side of those readings, or ``None`` when
            it would be the same (a project at exactly 300 万元/亩 fails 超 300 and would pass
            if 超 included the number).
        to_pass: for a failing per-area rule, each change that alone would make it pass
            (:class:`Condition`, in the application's units); ``None`` otherwise.
    """

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
    readings: List[str] = field(default_factory=list)
    alternative_status: Optional[str] = None
    to_pass: Optional[List[Condition]] = None


@dataclass(frozen=True)
class Reading:
    """How the rulebook reads words of the plan that leave a choice.

    Attributes:
        id: e.g. ``"wording.tupo"``; words: the plan's words (``"突破"``).
        chosen, alternative: the reading taken and the other one (:class:`Text`; ``None`` when
            the words admit no other).
        basis: ``"civil_code_art_1259"`` (the article's own words decide), ``"analogy"`` or
            ``"drafting_assumption"``.
        computable: whether ``Rulebook.under(id)`` can evaluate the alternative.
        applied: whether this rulebook evaluates under the alternative.
        used_by: the rules and targets that rest on it.
    """

    id: str
    words: str
    chosen: Text
    alternative: Optional[Text]
    basis: str
    computable: bool
    applied: bool
    used_by: List[str]


class Report:
    """The explained verdict for one project, held by the engine. ``to_json()`` is the canonical
    JSON, byte for byte what the CLI, the service and the browser produce; the fields below are
    read from it once, when first asked for.

    Attributes:
        eligible: ``True`` when every admission condition in force was tested and passes,
            ``False`` when one fails, ``None`` when none applies (a project declared not
            introduced): never count ``None`` as eligible.
        verdict: the same in words: ``"eligible"``, ``"not_eligible"`` or ``"not_subject"``.
        outcomes: one :class:`Outcome` per rule, in rulebook order; ``outcome(rule_id)`` picks one.
        year: the evaluation year given, or ``None`` (every rule evaluated).
        subject_id, subject_name: the project's ``id`` and ``name`` as given.
        assumptions: what was taken for given because the application did not say it, e.g.
            ``[{"field": "introduced", "value": True, "message": Text(...)}]``.
        input_sha256: SHA-256 of the canonical input; rulebook: ``{"id", "version", "sha256"}``
            of the rulebook that decided; engine: ``{"name", "version"}``.

    Views: ``print(report)`` (the engine's text table), ``to_frame()`` (one row per outcome),
    ``to_html(lang)`` and Jupyter's rich display, ``to_dict()``, ``to_json()``.
    """

    def __init__(self, native: Any) -> None:
        self._native = native
        self.eligible: Optional[bool] = native.eligible
        self.verdict: str = native.verdict

    @functools.cached_property
    def _raw(self) -> Dict[str, Any]:
        value: Dict[str, Any] = json.loads(self._native.to_json())
        return value

    @property
    def year(self) -> Optional[int]:
        return self._raw["year"]  # type: ignore[no-any-return]

    @property
    def input_sha256(self) -> str:
        return self._raw["input_sha256"]  # type: ignore[no-any-return]

    @property
    def subject_id(self) -> Optional[str]:
        return self._raw["subject"]["id"]  # type: ignore[no-any-return]

    @property
    def subject_name(self) -> Optional[str]:
        return self._raw["subject"]["name"]  # type: ignore[no-any-return]

    @property
    def rulebook(self) -> Dict[str, str]:
        return dict(self._raw["rulebook"])

    @property
    def assumptions(self) -> List[Dict[str, Any]]:
        """What the engine took for given because the application did not say it (e.g. that a
        project without ``introduced`` is an introduced project): ``field``, ``value``,
        ``message``."""
        return list(self._raw["assumptions"])

    @property
    def engine(self) -> Dict[str, str]:
        return dict(self._raw["engine"])

    @functools.cached_property
    def outcomes(self) -> List[Outcome]:
        return [_decoded(Outcome, o) for o in self._raw["outcomes"]]

    def outcome(self, rule_id: str) -> Outcome:
        for o in self.outcomes:
            if o.rule_id == rule_id:
                return o
        raise _native.unknown_rule(rule_id)

    def to_json(self) -> str:
        return str(self._native.to_json())

    def to_dict(self) -> Dict[str, Any]:
        value: Dict[str, Any] = json.loads(self._native.to_json())
        return value

    def __repr__(self) -> str:
        subject = self.subject_id or self.subject_name or "project"
        return f"<Report {subject}: {self.verdict.replace('_', ' ')}>"

    def to_frame(self) -> Any:
        """The outcomes as a pandas DataFrame, one row per rule: rule_id, property, status,
        observed / threshold / margin (exact ``Decimal``) with their units, comparator, wording,
        derivation, message_zh, message_en (needs pandas)."""
        import pandas as pd

        def value(q: Optional[Quantity]) -> Any:
            return q.value if q is not None else None

        def unit(q: Optional[Quantity]) -> Optional[str]:
            return q.unit if q is not None else None

        rows = [{
            "rule_id": o.rule_id, "property": o.property, "status": o.status,
            "observed": value(o.observed), "observed_unit": unit(o.observed),
            "threshold": value(o.threshold), "threshold_unit": unit(o.threshold),
            "margin": value(o.margin), "comparator": o.comparator, "wording": o.wording,
            "derivation": o.derivation, "message_zh": o.message.zh, "message_en": o.message.en,
        } for o in self.outcomes]
        return pd.DataFrame(rows)

    def to_html(self, lang: str = "zh") -> str:
        """The engine's HTML view of this report (``lang`` is ``"zh"`` or ``"en"``)."""
        return str(self._native.to_html(lang))

    def to_text(self, lang: str = "zh") -> str:
        """The engine's plain-text view: the verdict, one table row per rule, each message and
        derivation, and what was assumed — what ``print(report)`` shows."""
        return str(self._native.to_text(lang))

    def __str__(self) -> str:
        return self.to_text("zh")

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
    #: For a zone target, the indicator it is about (``"gdp"``); ``None`` for a project rule.
    indicator: Optional[str] = None

    @classmethod
    def _from(cls, raw: Mapping[str, Any]) -> "Rule":
        rule: Rule = _decoded(cls, raw, raw=raw)
        return rule


@dataclass(frozen=True)
class Conflict:
    """Two targets for the same indicator and year that ask different things, or a check across
    indicators the plan's numbers fail.

    Attributes:
        kind: ``"substantive"`` (the plan's own numbers do not reconcile them), ``"boundary"``
            (the same number, one side excluding it), ``"floor_met"`` (a prose floor the table's
            value already meets — no disagreement), ``"undetermined"`` (needs observed data) or
            ``"cross_indicator"`` (the targets in ``parts`` add up to more than ``first``).
        stricter: the stricter target, if one is and it is not an aspiration (力争 …).
        dissolved_by: the readings whose other side alone would make the two agree.
    """

    kind: str
    indicator: str
    year: int
    first: str
    second: str
    stricter: Optional[str]
    explanation: Text
    raw: Mapping[str, Any]
    dissolved_by: List[str] = field(default_factory=list)
    parts: List[str] = field(default_factory=list)


class Rulebook:
    """A validated rulebook: the embedded Shenfu plan by default, or one loaded from TOML."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle
        # `under` by set of readings: made once, so `assess(..., alternatives=...)` per project
        # does not copy the rulebook (and render its report parts) again each call.
        self._under: Dict[Tuple[str, ...], "Rulebook"] = {}

    @classmethod
    def default(cls) -> "Rulebook":
        return _DEFAULT

    @classmethod
    def from_str(cls, toml_text: str) -> "Rulebook":
        return cls(_native.RulebookHandle.from_toml(toml_text))

    @classmethod
    def from_path(cls, path: Any) -> "Rulebook":
        """Read a rulebook file (TOML); a file that cannot be read raises :class:`ShenfuIOError`."""
        return cls(_native.RulebookHandle.from_path(path))

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

    def readings(self) -> List[Reading]:
        """The readings of the plan's words: what each chose, the alternative, the basis
        (``shenfu rules --readings``)."""
        return [_decoded(Reading, r) for r in json.loads(_native.readings_json(self._handle))]

    def under(self, *ids: str) -> "Rulebook":
        """This rulebook under the alternatives of the readings ``ids`` (the CLI's
        ``--reading ID=alternative``); reports then list them in ``alternative_readings``.

        >>> book = Rulebook.default().under("wording.tupo")
        >>> book.explain("target.high_tech_enterprises.2025").comparator
        '>='
        """
        key = tuple(sorted(set(ids)))
        if key not in self._under:
            self._under[key] = Rulebook(self._handle.under(list(ids)))
        return self._under[key]

    @property
    def alternatives(self) -> List[str]:
        """The readings this rulebook evaluates under their alternative."""
        return list(self._handle.alternatives)

    def conflicts(self) -> List[Conflict]:
        return [_decoded(Conflict, c, raw=c) for c in json.loads(_native.conflicts_json(self._handle))]

    def diff(self, new: "Rulebook", *, lang: str = "zh") -> "RulebookDiff":
        """What changed from this rulebook to ``new``: rules, indicators, targets and header,
        field by field, with both citations (``shenfu diff``). Formatting and order do not
        count.

        >>> Rulebook.default().diff(Rulebook.default()).equal
        True
        """
        canonical, text = _native.diff(self._handle, new._handle, lang)
        return RulebookDiff(canonical, text)

    def __repr__(self) -> str:
        return f"<Rulebook {self.id} {self.version} sha256={self.sha256[:12]}>"


class RulebookDiff:
    """The changes between two rulebooks. ``changes`` are the canonical JSON's entries:
    ``{"part", "id", "change", "fields": [{"field", "old", "new"}], "old_citation",
    "new_citation"}``; ``str()`` is the engine's table (what ``shenfu diff`` prints)."""

    def __init__(self, canonical_json: str, text: str) -> None:
        self._json = canonical_json
        self._text = text
        raw = json.loads(canonical_json)
        self.equal: bool = raw["equal"]
        self.changes: List[Dict[str, Any]] = raw["changes"]

    def to_json(self) -> str:
        """The canonical JSON, byte for byte what ``shenfu diff --format json`` prints."""
        return self._json

    def __bool__(self) -> bool:
        """True when something changed."""
        return not self.equal

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"<RulebookDiff: {len(self.changes)} changes>"


_DEFAULT = Rulebook(_native.RulebookHandle.embedded())


def _book(rulebook: Optional[Rulebook], alternatives: Sequence[str] = ()) -> Any:
    """The engine's rulebook, under the alternatives of the readings ``alternatives``."""
    if isinstance(alternatives, str):
        raise _invalid_type("reading_ids", alternatives, "alternatives")
    book = rulebook or _DEFAULT
    return book.under(*alternatives)._handle if alternatives else book._handle


def assess(project: Mapping[str, Any], *, rulebook: Optional[Rulebook] = None,
           year: Optional[int] = None, alternatives: Sequence[str] = ()) -> Report:
    """Assess one project application (a mapping with the contract's field names).

    Amounts are ``{"value": ..., "unit": "万元"}``, a number or a numeric string (元, 亩).
    ``alternatives`` evaluates under the other side of readings of the plan's words
    (``Rulebook.readings()``), like the CLI's ``--reading ID=alternative``.
    Raises :class:`ShenfuError` subclasses naming the field.
    """
    if not isinstance(project, Mapping):
        raise _invalid_type("project", project)
    return Report(_native.assess(_book(rulebook, alternatives), _to_json(project), _year(year)))


def _year(year: Any) -> Optional[int]:
    """An evaluation year from Python: absent or a whole number (the engine checks its range)."""
    if year is None:
        return None
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise _invalid_type("year", year, "year")
    return int(year)


def assess_json(project_json: str, *, rulebook: Optional[Rulebook] = None,
                year: Optional[int] = None, alternatives: Sequence[str] = ()) -> str:
    """One project as JSON text → its canonical report as JSON text, byte for byte what the CLI
    and the browser produce (numbers are read from the text exactly)."""
    return str(_native.assess(_book(rulebook, alternatives), project_json, year).to_json())


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
    ``DataFrame.mapInArrow`` (see the README): the same decisions on every executor."""
    for batch in batches:
        yield assess_many(batch, rulebook=rulebook, year=year, units=units, errors=errors)


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
        self.report: Dict[str, Any] = json.loads(canonical_json)
        self.summary: Dict[str, int] = dict(self.report["summary"])

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

    def to_dict(self) -> Dict[str, Any]:
        value: Dict[str, Any] = json.loads(self._native.to_json())
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
