"""Word lists as trie regexes: they match as the longest-first alternation would."""

import re

import pytest
from hypothesis import given, strategies as st

from vnextract.extractors.patterns import alternation, bare_alternation

WORD_PIECES = ["hộ", "hộ kinh doanh", "học sinh", "h", "ộ", " ", "người", "người dân", "kinh", "x", "%", "."]


def longest_first(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@given(st.lists(st.sampled_from(WORD_PIECES), min_size=1, max_size=6), st.lists(st.sampled_from(WORD_PIECES), max_size=20))
def test_trie_matches_like_the_longest_first_list_before_a_word_end(words, pieces):
    text = "".join(pieces)
    trie = re.compile(rf"(?:{alternation(words)})(?![^\W\d_])")
    plain = re.compile(rf"(?:{longest_first(words)})(?![^\W\d_])")
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


@given(st.lists(st.text(alphabet="ab ơ.", min_size=1, max_size=5), min_size=1, max_size=8),
       st.text(alphabet="ab ơ.x", max_size=40))
def test_trie_matches_like_the_longest_first_list(words, text):
    assert [m.span() for m in re.finditer(alternation(words), text)] == \
        [m.span() for m in re.finditer(longest_first(words), text)]


@given(st.lists(st.sampled_from(WORD_PIECES[:-2]), min_size=1, max_size=6), st.lists(st.sampled_from(WORD_PIECES), max_size=20))
def test_bare_branches_match_like_the_grouped_alternation(words, pieces):
    text = "".join(pieces)
    words = [w for w in words if w.strip()] or ["hộ"]
    bare = re.compile(rf"(?:x|{bare_alternation(words)})(?![^\W\d_])")
    grouped = re.compile(rf"(?:x|{alternation(words)})(?![^\W\d_])")
    assert [m.span() for m in bare.finditer(text)] == [m.span() for m in grouped.finditer(text)]


@pytest.mark.parametrize(("words", "text", "expected"), [
    (["thị xã", "thị trấn", "xã"], "về thị xã Sơn Tây, xã Đông", ["thị xã", "xã"]),
    (["quận", "quận ủy"], "quận ủy Ba Đình", ["quận ủy"]),
    (["TP", "TP."], "TP.HCM và TP Huế", ["TP.", "TP"]),
])
def test_the_longest_word_wins(words, text, expected):
    assert re.findall(alternation(words), text) == expected


def test_each_word_is_tried_with_its_own_tail():
    pattern = alternation(["TP", "TP.", "tại"], tails={"TP": "(?=X)", "TP.": "(?=Y)", "tại": r"(?<!\wtại)"})
    assert re.findall(pattern, "TPX TP.Y TP.X tại đây, thứtại") == ["TP", "TP.", "tại"]


@pytest.mark.parametrize(("blank", "text", "expected"), [
    (None, "ủy viên ban\tthường vụ", ["ủy viên ban"]),
    (r"[ \t]+", "ủy viên ban\tthường vụ", ["ủy viên ban\tthường vụ"]),
    (r"[ \t]+", "ủy  viên", ["ủy  viên"]),
])
def test_a_space_in_a_word_matches_the_blank_given(blank, text, expected):
    assert re.findall(alternation(["ủy viên", "ủy viên ban", "ủy viên ban thường vụ"], blank=blank), text) == expected


@given(st.lists(st.sampled_from(["an", "anh", "bình", "nh"]), min_size=1, max_size=4),
       st.text(alphabet="anhbì ,", max_size=30))
def test_word_start_matches_like_a_look_behind(words, text):
    checked = re.compile(alternation(words, word_start=True))
    behind = re.compile(rf"(?<!\w)(?:{alternation(words)})")
    assert [m.span() for m in checked.finditer(text)] == [m.span() for m in behind.finditer(text)]
