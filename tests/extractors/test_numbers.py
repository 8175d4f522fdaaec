import math
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from vnextract.extractors.indicators import load_indicator_lexicon
from vnextract.extractors.numbers import format_number, parse_number, read_amount, to_float

WORDS = load_indicator_lexicon().numbers


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("209.376.000", Decimal(209376000)),
        ("296.250.000", Decimal(296250000)),
        ("8.157", Decimal(8157)),  # a dot before three digits groups thousands
        ("1,6", Decimal("1.6")),
        ("48,13", Decimal("48.13")),
        ("98,5", Decimal("98.5")),
        ("03", Decimal(3)),
        ("1.025,5", Decimal("1025.5")),
        ("7.9", Decimal("7.9")),  # English decimal point: not three digits after the dot
        ("0", Decimal(0)),
    ],
)
def test_parse_number(written, value):
    assert parse_number(written) == value


@pytest.mark.parametrize("written", ["1.2.3.4", "", "1,2,3", "12.34.567", ".5", "5.", "1,", "99999999999999999999"])
def test_parse_number_rejects_malformed(written):
    assert parse_number(written) is None


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1,6 tỷ", 1_600_000_000.0),
        ("9 tỷ", 9_000_000_000.0),
        ("12 triệu", 12_000_000.0),
        ("5 nghìn", 5_000.0),
        ("5 ngàn", 5_000.0),
        ("3 trăm", 300.0),
        ("1,425 tỷ", 1_425_000_000.0),
        ("130.000 tỷ", 130_000_000_000_000.0),
        ("2 nghìn tỷ", 2_000_000_000_000.0),
        ("209.376.000", 209_376_000.0),
    ],
)
def test_read_amount(written, value):
    assert read_amount(written, WORDS) == value


@pytest.mark.parametrize("written", ["99999999999999999999 tỷ", "999.999 tỷ tỷ", "%%", "1.2.3.4", "3 con", "tỷ", ""])
def test_read_amount_rejects_absurd_input(written):
    assert read_amount(written, WORDS) is None


@pytest.mark.parametrize(
    ("value", "decimals", "written"),
    [(209376000, 0, "209.376.000"), (Decimal("1.6"), 1, "1,6"), (Decimal("48.13"), 2, "48,13"),
     (Decimal("98.50"), 2, "98,5"), (8157, 0, "8.157"), (0, 0, "0"), (-1500, 0, "-1.500")],
)
def test_format_number(value, decimals, written):
    assert format_number(value, decimals) == written


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_whole_amounts_read_back_exactly(n):
    assert parse_number(format_number(n)) == n


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_decimal_amounts_read_back_exactly(x):
    assert parse_number(format_number(x, 3)) == x


@given(
    st.decimals(min_value=0, max_value=999_999, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(["tỷ", "triệu", "nghìn", "ngàn", "trăm"]),
)
def test_scaled_amounts_read_back_as_the_nearest_float(x, word):
    scale = Decimal(repr(WORDS.scales[word]))
    assert read_amount(f"{format_number(x, 2)} {word}", WORDS) == float(x * scale)


@given(st.text(alphabet="0123456789.,% tỷriệunghìn", max_size=40))
def test_junk_never_raises_and_never_overflows(text):
    value = read_amount(text, WORDS)
    assert value is None or not math.isnan(value) and abs(value) <= WORDS.max_value


@pytest.mark.parametrize(("written", "value"), [("0", 0), ("007", 7), ("2023", 2023), ("9" * 15, 10**15 - 1)])
def test_plain_digits_read_as_their_integer(written, value):
    assert parse_number(written) == value


def test_plain_digits_past_the_limit_are_a_misreading():
    assert parse_number("1" * 16) is None
    assert parse_number("1" * 16, max_digits=16) == int("1" * 16)


@given(st.decimals(min_value=-2 * 10**15, max_value=2 * 10**15, places=2, allow_nan=False, allow_infinity=False))
def test_to_float_keeps_the_exact_limit(value):
    # the quick float comparison decides only below the limit: at and past it, the exact one does
    exact_limit = Decimal(repr(WORDS.max_value))
    assert to_float(value, WORDS) == (None if abs(value) > exact_limit else float(value))
