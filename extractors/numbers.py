"""Vietnamese numbers: read "209.376.000", "1,6", "48,13" and "1,6 tỷ"; write them back.

Vietnamese groups thousands with "." and marks decimals with ",".  Some sites
write a decimal point the English way ("7.9"); a single "." followed by other
than three digits is read as such.  Everything is computed in ``Decimal`` and
turned into a float once, so a value read back is the float nearest the exact
amount, never a product of rounded floats.

These are pure functions: the scale words and limits come in a ``NumberWords``
(the ``numbers`` section of ``resources/indicators.json``), loaded by the caller.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from vnextract.schemas.lexicon import Lexicon

# "209.376.000", "8.157", "1.025,5": dot-grouped thousands, optional decimal comma.
_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
# "1,6", "48,13", "03": plain digits with an optional decimal comma.
_PLAIN = re.compile(r"\d+(?:,\d+)?")
# "7.9", "1.25": a single dot not followed by exactly three digits is a decimal point.
_DOT_DECIMAL = re.compile(r"\d+\.(?:\d{1,2}|\d{4,})")
_AMOUNT = re.compile(r"\s*(\d[\d.,]*)\s*((?:\s*[^\W\d_]+)*)\s*")


class NumberWords(Lexicon):
    """Scale words ("tỷ" -> 1e9) and the limits past which a number is a misreading."""

    scales: dict[str, float]
    max_digits: int = 15
    max_value: float = 1e15


def parse_number(text: str, max_digits: int = 15) -> Decimal | None:
    """Return the exact value of a written Vietnamese number, or None if malformed.

    Reads "209.376.000" -> 209376000, "1,6" -> 1.6, "8.157" -> 8157, "7.9" -> 7.9.
    "1.2.3.4", "", "1,2,3" and numbers of more than ``max_digits`` digits give None.
    """
    if text.isdecimal():  # most numbers: plain digits, no separator to read
        canonical = text
    elif _GROUPED.fullmatch(text) or _PLAIN.fullmatch(text):
        canonical = text.replace(".", "").replace(",", ".")
    elif _DOT_DECIMAL.fullmatch(text):
        canonical = text
    else:
        return None
    if len(canonical) - canonical.count(".") > max_digits:
        return None
    try:
        return Decimal(canonical)
    except InvalidOperation:  # unreachable after the patterns, kept as a guard
        return None


def scale_of(words: Sequence[str], numbers: NumberWords) -> Decimal | None:
    """Return the product of the scale words ("nghìn", "tỷ" -> 1e12), or None if one is unknown."""
    factor = Decimal(1)
    for word in words:
        scale = numbers.scales.get(word.lower())
        if scale is None:
            return None
        factor *= Decimal(repr(scale))
    return factor


def to_float(value: Decimal, numbers: NumberWords) -> float | None:
    """Return ``value`` as a finite float, or None when it is past ``numbers.max_value``."""
    if not value.is_finite():
        return None
    result = float(value)
    if abs(result) < numbers.max_value:  # most values: rounding keeps the order, so below it exactly too
        return result
    if abs(value) > _exact(numbers.max_value):
        return None
    return result if math.isfinite(result) else None


@lru_cache(maxsize=8)
def _exact(limit: float) -> Decimal:
    """Return the decimal written as ``limit`` (1e15 -> Decimal("1000000000000000.0")), made once."""
    return Decimal(repr(limit))


def read_amount(text: str, numbers: NumberWords) -> float | None:
    """Return the value of "1,6 tỷ", "209.376.000", "5 nghìn" as a float, or None.

    The text is one number followed by zero or more scale words; anything else
    (an unknown word, a malformed or absurdly long number) gives None.
    """
    match = _AMOUNT.fullmatch(text)
    if match is None:
        return None
    value = parse_number(match.group(1), numbers.max_digits)
    factor = scale_of(match.group(2).split(), numbers)
    if value is None or factor is None:
        return None
    return to_float(value * factor, numbers)


def format_number(value: Decimal | float, decimals: int = 0) -> str:
    """Return ``value`` written the Vietnamese way: "209.376.000", "1,6", "48,13".

    ``decimals`` digits are kept after the comma (trailing zeros dropped).
    """
    quantum = Decimal(1).scaleb(-decimals)
    exact = Decimal(str(value)).quantize(quantum)
    sign = "-" if exact < 0 else ""
    whole, _, fraction = f"{abs(exact):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    fraction = fraction.rstrip("0")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"
