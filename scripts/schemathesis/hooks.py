"""Schemathesis hooks of scripts/api-test (loaded through schemathesis.toml beside this file)."""

from typing import Any

import schemathesis
from schemathesis import GenerationMode

# Where the contract's decimals go: the project's amounts (bare, or as {"value", "unit"}) and an
# observation's value.
AMOUNTS = {"fixed_asset_investment", "land_area", "annual_tax", "rd_expenditure", "revenue"}


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def number_as_decimal(body: Any) -> bool:
    """Does the body put a JSON number where the document asks for a decimal's text?"""
    if isinstance(body, list):
        return any(number_as_decimal(item) for item in body)
    if not isinstance(body, dict):
        return False
    for key, value in body.items():
        if key in AMOUNTS and (
            is_number(value) or (isinstance(value, dict) and is_number(value.get("value")))
        ):
            return True
    return "indicator" in body and is_number(body.get("value"))


@schemathesis.hook
def filter_case(context: Any, case: Any) -> bool:
    """A negative case whose violation may be a number read as a decimal is not sent: the engine
    accepts it by contract, so its acceptance would prove nothing."""
    meta = case.meta
    negative = meta is not None and meta.generation.mode == GenerationMode.NEGATIVE
    return not (negative and number_as_decimal(case.body))
