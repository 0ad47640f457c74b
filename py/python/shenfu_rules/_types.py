"""Typed results out: the report, its outcomes and citations, the rules, readings, conflicts and
revisions of a rulebook, and the rulebook itself (with the embedded plan's, the default)."""

from __future__ import annotations

import functools
import json
import numbers
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any, Callable, Dict, FrozenSet, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from . import _shenfu_rules as _native, contract
from ._convert import _invalid_type

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
    def _raw(self) -> contract.Report:
        value: contract.Report = json.loads(self._native.to_json())
        return value

    @property
    def year(self) -> Optional[int]:
        return self._raw.get("year")

    @property
    def input_sha256(self) -> str:
        return self._raw["input_sha256"]

    @property
    def subject_id(self) -> Optional[str]:
        return self._raw["subject"].get("id")

    @property
    def subject_name(self) -> Optional[str]:
        return self._raw["subject"].get("name")

    @property
    def rulebook(self) -> contract.RulebookRef:
        return contract.RulebookRef(**self._raw["rulebook"])

    @property
    def assumptions(self) -> List[contract.Assumption]:
        """What the engine took for given because the application did not say it (e.g. that a
        project without ``introduced`` is an introduced project): ``field``, ``value``,
        ``message`` (``{"zh", "en"}``)."""
        return list(self._raw["assumptions"])

    @property
    def engine(self) -> contract.Engine:
        return contract.Engine(**self._raw["engine"])

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

    def to_dict(self) -> contract.Report:
        """The canonical JSON as a new ``dict``, typed by the contract (:mod:`shenfu_rules.contract`)."""
        value: contract.Report = json.loads(self._native.to_json())
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


def _year(year: Any) -> Optional[int]:
    """An evaluation year from Python: absent or a whole number (the engine checks its range)."""
    if year is None:
        return None
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise _invalid_type("year", year, "year")
    return int(year)
