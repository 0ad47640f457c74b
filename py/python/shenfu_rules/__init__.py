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

The contract's JSON shapes (``Report.to_dict()``, ``Progress.report``, the service's answers) are
typed in :mod:`shenfu_rules.contract`, generated from the JSON Schemas.

Numbers: ``decimal.Decimal``, ``int`` and ``str`` are taken as written; a ``float`` is read
through ``repr`` (so ``0.1`` means 0.1); ``nan``/``inf`` are refused with ``non_finite``.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence, Tuple

# The package by concept: values in (_convert), typed results out (_types), batches, zone
# progress, plan revisions (_replay) and receipts; every name is here as it always was.
from . import _shenfu_rules as _native, contract
from ._batches import (
    arrow_batches as arrow_batches,
    assess_many,
    batch_units,
)
from ._convert import (
    _found as _found,
    _invalid_type as _invalid_type,
    _jsonable as _jsonable,
    _to_json as _to_json,
)
from ._progress import (
    BaselineSetAsideWarning,
    Progress,
    progress,
)
from ._receipts import (
    ReceiptCheck,
    ReceiptVerification,
    verify_receipt,
)
from ._replay import (
    replay,
)
from ._types import (
    _DEFAULT as _DEFAULT,
    Citation,
    Condition,
    Conflict,
    Outcome,
    Quantity,
    Reading,
    Report,
    Rule,
    Rulebook,
    RulebookDiff,
    Text,
    _book as _book,
    _year as _year,
)
from .errors import (
    InvalidInputError,
    RulebookError,
    ShenfuError,
    ShenfuIOError,
    UnitError,
    UnknownRuleError,
)

__all__ = [
    "contract",
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


def assess_json(project_json: str, *, rulebook: Optional[Rulebook] = None,
                year: Optional[int] = None, alternatives: Sequence[str] = ()) -> str:
    """One project as JSON text → its canonical report as JSON text, byte for byte what the CLI
    and the browser produce (numbers are read from the text exactly)."""
    return str(_native.assess(_book(rulebook, alternatives), project_json, year).to_json())


# Each public name says it is this package's, as when it was all one module (reprs, pickles, help).
for _name in __all__:
    _public = globals()[_name]
    if getattr(_public, "__module__", "").startswith(__name__ + "._"):
        _public.__module__ = __name__
del _name, _public
