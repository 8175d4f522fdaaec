import pytest
from hypothesis import given, strategies as st

from vnextract.pipeline.text import comparison_key, normalize_unicode, unify_tones


@pytest.mark.parametrize(
    ("written", "unified"),
    [
        ("Quận uỷ", "Quận ủy"),
        ("Thuỷ", "Thủy"),
        ("hoà bình", "hòa bình"),
        ("khoẻ", "khỏe"),
        ("UỶ BAN", "ỦY BAN"),
        ("Uỷ ban", "Ủy ban"),
        ("quý", "quý"),  # the u of "qu" is a consonant: tone stays on y
        ("hoàng", "hoàng"),  # a final consonant: both styles agree
        ("Ủy ban", "Ủy ban"),
    ],
)
def test_unify_tones(written, unified):
    assert unify_tones(written) == unified


def test_normalize_unicode_maps_eth_and_composes():
    decomposed = "Đa Kao".replace("Đ", "\u00d0")
    assert normalize_unicode(decomposed) == "Đa Kao"
    assert normalize_unicode("Ho\u0300a") == "Hòa"


@given(st.text())
def test_unify_tones_keeps_length(text):
    # Offsets found in the match text must be valid in the body.
    assert len(unify_tones(text)) == len(text)


def test_comparison_key_folds_case_punctuation_and_tones():
    assert comparison_key("  Ban Dân vận Quận uỷ, ") == comparison_key("ban dân vận quận ủy")
    assert comparison_key(None) == ""
