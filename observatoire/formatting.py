"""Numbers and units written the French way, for tables, tooltips, legends, metrics and exports.

Thousands are separated by U+202F NARROW NO-BREAK SPACE, the space French typography and the CLDR
`fr` locale use, also before "%" and "€": it never breaks a number across lines, and browsers and
Excel render it. Every `fmt_*` returns "–" (en dash) for a missing value.

A unit (`Unit`) says how a value is written; an indicator of the registry names its unit, so a
table, a tooltip, a legend and an export all write the same value the same way.
"""

from __future__ import annotations

import math
from enum import Enum

import pandas as pd

NNBSP = "\u202f"
MISSING = "–"


class Unit(str, Enum):
    """How a value is written: a count, a rate per 10,000 inhabitants, euros or a share."""

    COUNT = "nombre"
    RATE = "pour 10 000 habitants"
    EUROS = "euros"
    SHARE = "part"  # a fraction 0-1, written as a percentage


def is_missing(x: object) -> bool:
    """True for None, NA, NaT, NaN, infinities and anything that is not a number."""
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        return not math.isfinite(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def _group(integer_text: str) -> str:
    sign = "-" if integer_text.startswith("-") else ""
    digits = integer_text.lstrip("-")
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return sign + NNBSP.join(groups)


def fmt_decimal(x: float, decimals: int) -> str:
    """A number with a decimal comma and grouped thousands: 1234.5 -> "1 234,5"."""
    text = f"{float(x):.{decimals}f}"
    if text.lstrip("-").strip("0.") == "":  # no "-0,0"
        text = text.lstrip("-")
    integer, _, fraction = text.partition(".")
    return _group(integer) + ("," + fraction if fraction else "")


def fmt_int(n: object) -> str:
    """Format a count: 1234 -> "1 234" (U+202F), NA -> "–"."""
    return MISSING if is_missing(n) else fmt_decimal(round(float(n)), 0)  # type: ignore[arg-type]


def fmt_pct(x: object, decimals: int = 1) -> str:
    """Format a share given as a fraction: 0.125 -> "12,5 %", NA -> "–"."""
    if is_missing(x):
        return MISSING
    return f"{fmt_decimal(float(x) * 100, decimals)}{NNBSP}%"  # type: ignore[arg-type]


def fmt_eur(x: object) -> str:
    """Format an amount in whole euros: 1234567 -> "1 234 567 €", NA -> "–"."""
    return MISSING if is_missing(x) else f"{fmt_int(x)}{NNBSP}€"


def fmt_rate(x: object, decimals: int = 1) -> str:
    """Format a rate with a decimal comma: 3.44 -> "3,4", NA -> "–"."""
    return MISSING if is_missing(x) else fmt_decimal(float(x), decimals)  # type: ignore[arg-type]


FORMATTERS = {Unit.COUNT: fmt_int, Unit.RATE: fmt_rate, Unit.EUROS: fmt_eur, Unit.SHARE: fmt_pct}


def fmt_value(x: object, unit: Unit) -> str:
    """A value written as its unit says."""
    return FORMATTERS[Unit(unit)](x)


def fmt_number(x: object, unit: Unit, decimals: int) -> str:
    """A value of a unit with a chosen number of decimals (legends): 0.125 share -> "12,5 %"."""
    if is_missing(x):
        return MISSING
    unit = Unit(unit)
    if unit is Unit.SHARE:
        return fmt_pct(x, decimals)
    text = fmt_decimal(float(x), decimals)  # type: ignore[arg-type]
    return f"{text}{NNBSP}€" if unit is Unit.EUROS else text


def count_label(n: int, singular: str, plural: str) -> str:
    """'1 234 acteurs', '1 acteur', '0 acteur' (French keeps zero singular)."""
    return f"{fmt_int(n)}\u00a0{singular if n < 2 else plural}"


def count_sentence(shown: int, total: int, noun: str) -> str:
    """'**1 234 acteurs affichés** sur 2 033 retenus par les filtres.' (markdown, digits only)."""
    head = count_label(shown, f"{noun} affiché", f"{noun}s affichés")
    return f"**{head}** sur {fmt_int(total)} {'retenus' if total >= 2 else 'retenu'} par les filtres."
