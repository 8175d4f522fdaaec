import re

import pytest
from hypothesis import given, strategies as st

from vnextract.pipeline.text import _OLD_TO_NEW, comparison_key, normalize_unicode, unify_tones


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


# The unification regex is grouped by first letter for speed; it must still find
# exactly the pairs of the table, as one alternative per pair did.
_ONE_ALTERNATIVE_PER_PAIR = re.compile(
    r"(?<![qQ])(?:" + "|".join(map(re.escape, _OLD_TO_NEW)) + r")(?!\w)"
)
_TONE_ALPHABET = st.sampled_from("qQoOuUyaehn àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ.")


@given(st.text(alphabet=_TONE_ALPHABET, max_size=60))
def test_unify_tones_matches_one_alternative_per_pair(text):
    expected = _ONE_ALTERNATIVE_PER_PAIR.sub(lambda m: _OLD_TO_NEW[m.group()], text)
    assert unify_tones(text) == expected


@pytest.mark.parametrize(
    ("written", "unified"),
    [
        ("QUỶ", "QUỶ"),  # "qu" in capitals too
        ("xoè.", "xòe."),  # punctuation ends the syllable
        ("hoàn", "hoàn"),  # a letter follows: not a syllable end
        ("Oà", "Òa"),
        ("uỷuỷ", "uỷủy"),  # only the pair at the syllable's end moves
    ],
)
def test_unify_tones_edges(written, unified):
    assert unify_tones(written) == unified
