"""Name rules: the factored alternation, the same-length lower-casing, full names in runs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from vnextract.extractors.names import NameRules, alternation, lower_same_length


def plain_alternation(phrases: list[str]) -> str:
    """The unfactored alternation, longest phrase first, that ``alternation`` must match like."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"[ \t]+") for p in ordered)


@pytest.mark.parametrize(("phrases", "text", "expected"), [
    (["ủy viên", "ủy viên ban thường vụ", "ủy viên btv"], "là Ủy viên ban thường vụ, ủy viên btv và ủy viên",
     ["ủy viên ban thường vụ", "ủy viên btv", "ủy viên"]),
    (["bí thư", "phó bí thư"], "phó  bí thư", ["phó  bí thư"]),
    (["tp", "tp."], "tp. huế", ["tp."]),
    (["ab", "abc", "b"], "abd abc bc", ["ab", "abc", "b"]),
])
def test_alternation_finds_the_longest_phrase(phrases, text, expected):
    assert [m.group() for m in re.finditer(alternation(phrases), text.lower())] == expected


_WORDS = st.lists(st.sampled_from(["phó", "bí", "thư", "chủ", "tịch", "ủy", "viên", "ban", "tp.", "a"]), min_size=1, max_size=3)


@given(
    phrases=st.lists(_WORDS.map(" ".join), min_size=1, max_size=8),
    text=st.lists(st.sampled_from(["phó", "bí", "thư", "chủ", "tịch", "ủy", "viên", "ban", "tp.", "a", " ", "  ", "x"]),
                  max_size=30).map(" ".join),
)
@settings(max_examples=200, deadline=None)
def test_alternation_matches_like_the_plain_one(phrases, text):
    factored, plain = re.compile(alternation(phrases)), re.compile(plain_alternation(phrases))
    assert [m.span() for m in factored.finditer(text)] == [m.span() for m in plain.finditer(text)]


@given(
    phrases=st.lists(_WORDS.map(" ".join), min_size=1, max_size=8),
    text=st.lists(st.sampled_from(["phó", "bí", "thư", "ủy", "tp.", "a", "xa", " ", "  ", "\n", "-"]),
                  max_size=30).map("".join),
)
@settings(max_examples=200, deadline=None)
def test_word_start_alternation_matches_like_a_look_behind(phrases, text):
    checked = re.compile(alternation(phrases, word_start=True))
    plain = re.compile(rf"(?<!\w)(?:{alternation(phrases)})")
    assert [m.span() for m in checked.finditer(text)] == [m.span() for m in plain.finditer(text)]


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_lower_same_length_keeps_offsets(text):
    lowered = lower_same_length(text)
    assert len(lowered) == len(text)
    assert all(a == b.lower() or len(b.lower()) != 1 for a, b in zip(lowered, text, strict=True))


def test_lower_same_length_keeps_a_character_that_would_grow():
    assert lower_same_length("İstanbul Bí Thư") == "İstanbul bí thư"


@pytest.fixture(scope="module")
def rules() -> NameRules:
    return NameRules()


@pytest.mark.parametrize(("run", "expected"), [
    ("Nguyễn Thị Lê Hương", "Nguyễn Thị Lê Hương"),
    ("Tỉnh ủy Đồng Nai Trần Thị Minh Hoàng", "Trần Thị Minh Hoàng"),
    ("Ban Dân vận", None),
    ("Hương", None),
])
def test_name_from_left(rules, run, expected):
    text = f"x {run} y"
    name = rules.name_from_left(text, 2, 2 + len(run))
    assert (name.text if name else None) == expected
    assert name is None or text[name.start : name.end] == name.text


_RUN_WORDS = ["Nguyễn", "Lê", "Văn", "Thị", "Hương", "Hà", "Cổ", "Xìn", "Y", "K’Ré", "H'Hen", "R’lấp", "UBND", "Ủy", "ban",
              "TP.Huế", "Hội", "Dự"]


@given(st.lists(st.sampled_from(_RUN_WORDS), max_size=9))
@settings(max_examples=300, deadline=None)
def test_name_tails_are_the_tails_that_read_as_full_names(rules, words):
    # every syllable a name word, but the last may be a given name that is also a common word
    full_names = [
        i for i in range(len(words))
        if 2 <= len(words) - i <= 5 and rules.may_start_name(words[i:], 0)
        and all(rules.is_name_word(w) for w in words[i:-1])
        and (rules.is_name_word(words[-1]) or words[-1] in rules.closing_given_names)
    ]
    assert rules._name_tails(words) == full_names


@pytest.mark.parametrize(("run", "after_place", "expected"), [
    ("Hưng Yên Nguyễn Hữu Nghĩa", False, "Nguyễn Hữu Nghĩa"),  # the official list ends the place
    ("Hoàng Mai Nguyễn Quang Hiếu", True, "Nguyễn Quang Hiếu"),
    ("Cổ Thị Ngọc Điệp", True, "Cổ Thị Ngọc Điệp"),  # no ward is named "Cổ Thị"
    ("Xìn Thị Ngọc Điệp", True, "Xìn Thị Ngọc Điệp"),  # an unknown surname before "Thị"
    ("Y Tế Nguyễn Văn An", False, "Nguyễn Văn An"),  # of long tails, the commonest surname
    ("Hà Giang", False, None),  # a province
    ("Nguyễn Cư Trinh", True, None),  # a ward named after a person
    ("Xìn Thọ", False, None),  # an unknown surname with nothing else to tell
    ("Điểu K’Ré", False, "Điểu K’Ré"),  # a capital joined to the next by an apostrophe
    ("Tỉnh ủy H'Hen Niê", False, "H'Hen Niê"),  # ... opens a name of the Central Highlands
    ("Đắk R’lấp Nguyễn Văn An", False, "Nguyễn Văn An"),  # a place's "R’lấp" is no name word
    ("Hoàng Nguyên Dự", False, "Hoàng Nguyên Dự"),  # a common word closes a name as a given name
    ("Nguyễn Văn Hội", True, "Nguyễn Văn Hội"),
    ("Dự Nguyễn Văn An", False, "Nguyễn Văn An"),  # ... but opens none
])
def test_name_in_run(rules, run, after_place, expected):
    text = f"x {run} y"
    name = rules.name_in_run(text, 2, 2 + len(run), after_place=after_place)
    assert (name.text if name else None) == expected
    assert name is None or text[name.start : name.end] == name.text


@pytest.mark.parametrize(("run", "after", "expected"), [
    ("Nguyễn Việt Hà Đại", " biểu Quốc hội", "Nguyễn Việt Hà"),  # a title written after the name
    ("Lê Văn Nam Đại", " tá Quân đội", "Lê Văn Nam"),  # ... or a rank
    ("Nguyễn Văn Đại", " phát biểu", "Nguyễn Văn Đại"),  # "Đại" is a given name
    ("Trần Đại Việt", " biểu dương", "Trần Đại Việt"),  # only the title's first syllable is cut
])
def test_a_name_does_not_end_on_a_title_written_after_it(rules, run, after, expected):
    text = f"bà {run}{after}"
    for name in (rules.name_from_left(text, 3, 3 + len(run)), rules.name_in_run(text, 3, 3 + len(run), after_place=False),
                 rules.name_after_honorific(text, 3, 3 + len(run))):
        assert name is not None and name.text == expected == text[name.start : name.end]


@pytest.mark.parametrize(("before", "run", "expected"), [
    ("ông ", "Bảo Thọ", "Bảo Thọ"),
    ("đồng chí ", "Quẹo Thọ", "Quẹo Thọ"),
    ("", "Ông Quẹo Thọ", "Quẹo Thọ"),
    ("Hội ", "Quẹo Thọ", None),
    ("ông ", "Quẹo Thọ Hạ Mai Lan", None),  # too long for one name
])
def test_name_after_honorific(rules, before, run, expected):
    text = f"{before}{run} - Bí thư"
    name = rules.name_after_honorific(text, len(before), len(before) + len(run))
    assert (name.text if name else None) == expected
    assert name is None or text[name.start : name.end] == name.text
    assert name is None or name.known_surname == (name.text == "Bảo Thọ")


def _forward_words_before(rules: NameRules) -> dict[str, re.Pattern[str]]:
    """The look-backs ``words_before`` reads backwards, written forwards."""
    context = rules.context
    return {
        "honorific": re.compile(rf"(?<!\w)(?:{alternation(context.honorifics)})[ \t]+$"),
        "rank": re.compile(rf"(?<!\w)(?:{alternation(context.ranks)})[ \t]+$"),
        "place_before": re.compile(rf"(?<!\w)(?:{alternation(context.place_words)})[ \t]*$"),
        "honour_before": re.compile(rf"(?<!\w)(?:{alternation(context.honour_words)})[ \t]+(?:\w+[ \t]+)?$"),
    }


@pytest.mark.parametrize(("window", "expected"), [
    ("cùng ông ", {"honorific"}),
    ("đại tá ", {"rank"}),
    ("ủy ban nhân dân phường", {"place_before"}),
    ("tấm gương anh hùng liệt sĩ ", {"honour_before"}),
    ("học tập tư tưởng bác ", {"honour_before"}),
    ("theo ông \n", {"honorific"}),  # "$" passes over a final newline
    ("bông ", set()),
    ("", set()),
])
def test_words_before(rules, window, expected):
    assert {kind for kind, found in rules.words_before(window).items() if found} == expected


_CONTEXT_WORDS = ["ông", "bà", "đồng", "chí", "đại", "tá", "phường", "tp.", "anh", "hùng", "liệt", "sĩ", "bác",
                  "x", "bông", " ", "  ", "\t", "\n", ",", "("]


@given(st.lists(st.sampled_from(_CONTEXT_WORDS), max_size=12).map("".join))
@settings(max_examples=300, deadline=None)
def test_words_before_reads_like_the_look_backs(rules, window):
    forward = {kind: bool(pattern.search(window)) for kind, pattern in _forward_words_before(rules).items()}
    assert rules.words_before(window) == forward
