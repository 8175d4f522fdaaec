"""Office parser: heads found through the cheap hint are exactly the heads of the full pattern."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from vnextract.extractors.names import NameRules, PlaceNames, lower_same_length
from vnextract.extractors.positions import OfficeParser

SHARED = Path(__file__).resolve().parents[3] / "shared"
_PARSER: dict[str, OfficeParser] = {}


def parser() -> OfficeParser:
    return _PARSER.setdefault("p", OfficeParser(NameRules()))


def heads(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in parser()._heads(text, lower_same_length(text))]


def full_pattern_heads(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in parser().head.finditer(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Đồng chí A, Phó Bí thư Thường trực Quận ủy", ["Phó Bí thư Thường trực"]),
    ("nguyên Chủ tịch UBND quận Gò Vấp", ["nguyên Chủ tịch"]),
    ("Nguyên  Phó Phó Bí thư, nguyên nhân", ["Nguyên  Phó Phó Bí thư"]),  # "nguyên" is read before a hint
    ("Ban Bí thư Trung ương", []),                      # "Bí thư" after "Ban" is the body, not an office
    ("Phó Tư lệnh Bộ Tư lệnh", ["Phó Tư lệnh"]),         # and "Tư lệnh" after "Bộ"
    ("Ban Tổng Bí thư", ["Bí thư"]),                    # a later word of the hint starts the head
    ("Thành ủy viên, UVBTV", ["Thành ủy viên", "UVBTV"]),
    ("Chủ tịchxã", []),
])
def test_heads(text, expected):
    assert [text[a:b] for a, b in heads(text)] == expected
    assert heads(text) == full_pattern_heads(text)


_PIECES = ["Phó", "phó", "Bí thư", "bí  thư", "Ban", "ban", "Tổng", "nguyên", "Chủ tịch", "Ủy viên", "UVTV",
           "Thành ủy viên", "Thường trực", "Đoàn", "x", "İ", ",", "-", "\n", "Trưởng", "Ban Dân vận"]


@given(st.lists(st.sampled_from(_PIECES), max_size=25).map(" ".join))
@settings(max_examples=300, deadline=None)
def test_hinted_heads_are_the_full_pattern_heads(text):
    assert heads(text) == full_pattern_heads(text)


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="needs ../shared/corpus (the unlabeled corpus) beside the repo")
def test_hinted_heads_on_the_corpus():
    for path in sorted((SHARED / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert heads(text) == full_pattern_heads(text), path.name


def test_place_names_are_collected_only_when_a_run_after_a_place_needs_them():
    rules = NameRules()
    text = "Đảng ủy phường Nguyễn Cư Trinh tổ chức. Dự có Chủ tịch HĐND thành phố Nguyễn Ngọc Tuấn, Nguyễn Cư Trinh"
    places = PlaceNames(rules, text, parser().head)
    start = text.index("Nguyễn Ngọc Tuấn")
    assert rules.name_in_run(text, start, start + 16, after_place=False, places=places).text == "Nguyễn Ngọc Tuấn"
    assert "keys" not in vars(places)  # not read: no run after a place word was asked about
    assert rules.name_in_run(text, start, start + 16, after_place=True, places=places).text == "Nguyễn Ngọc Tuấn"
    assert "nguyễn cư trinh" in places.keys  # read now, once
    start = text.rindex("Nguyễn Cư Trinh")
    assert rules.name_in_run(text, start, start + 15, after_place=True, places=places) is None  # a place here


def offices(text: str) -> list[tuple[str, str | None]]:
    return [(o.position, o.organization) for c in parser().chains(text, lower_same_length(text)) for o in c.offices]


@pytest.mark.parametrize(("text", "expected"), [
    # "TUV" is the committee of a province or a city: the chain, else the article, tells which
    ("A - TUV, Phó Chủ tịch HĐND tỉnh.", [("Ủy viên", "Tỉnh ủy"), ("Phó Chủ tịch", "Hội đồng nhân dân tỉnh")]),
    ("A - TUV, Phó Chủ tịch UBND TP.HCM.", [("Ủy viên", "Thành ủy"), ("Phó Chủ tịch", "Ủy ban nhân dân Thành phố Hồ Chí Minh")]),
    ("Tỉnh ủy họp. Tỉnh ủy chỉ đạo. A - TUV, Bí thư Đảng ủy xã.", [("Ủy viên", "Tỉnh ủy"), ("Bí thư", "Đảng ủy xã")]),
    ("A - TUV, Bí thư Đảng ủy xã.", [("Ủy viên", "Thành ủy"), ("Bí thư", "Đảng ủy xã")]),
    ("A - UVTVHU, Bí thư Đảng ủy xã.", [("Ủy viên Ban Thường vụ", "Huyện ủy"), ("Bí thư", "Đảng ủy xã")]),
    ("Thường trực Ban Bí thư", [("Thường trực", "Ban Bí thư")]),
    # organizations keep their lower-case words and dotted abbreviations
    ("Chủ tịch Ủy ban bầu cử xã", [("Chủ tịch", "Ủy ban bầu cử xã")]),
    ("Giám đốc Sở Giáo dục và Đào tạo tỉnh Bình Dương", [("Giám đốc", "Sở Giáo dục và Đào tạo tỉnh Bình Dương")]),
    ("Giám đốc Ngân hàng Nhà nước chi nhánh tỉnh Tuyên Quang",
     [("Giám đốc", "Ngân hàng Nhà nước chi nhánh tỉnh Tuyên Quang")]),
    ("Bí thư Đảng ủy TT.Phan Rí Cửa", [("Bí thư", "Đảng ủy thị trấn Phan Rí Cửa")]),
    ("Bí thư Đảng ủy phường biểu dương", [("Bí thư", "Đảng ủy phường")]),  # "biểu" only in "đại biểu"
    ("Trưởng Đoàn đại biểu Quốc hội tỉnh", [("Trưởng Đoàn", "Đoàn đại biểu Quốc hội tỉnh")]),
])
def test_offices(text, expected):
    assert offices(text) == expected


# Rules added after reviewing fresh corpus texts: missing office titles, office words inside a
# body's name, lower-case committees, "TUV" read from the article's units, run-together lists.
@pytest.mark.parametrize(("text", "expected"), [
    ("A - Vụ phó Vụ 2, Ban Tổ chức Trung ương", [("Vụ phó", "Vụ 2")]),
    ("A, Phó Vụ trưởng Vụ Pháp chế", [("Phó Vụ trưởng", "Vụ Pháp chế")]),
    ("A, Phó Trưởng Khoa Xây dựng Đảng", [("Phó Trưởng Khoa", "Khoa Xây dựng Đảng")]),
    ("A, Chánh Thanh tra tỉnh", [("Chánh Thanh tra", "Thanh tra tỉnh")]),
    ("A – Đảng ủy viên, Phó Chủ tịch UBND phường 13", [("Ủy viên", "Đảng ủy phường 13"),
                                                       ("Phó Chủ tịch", "Ủy ban nhân dân phường 13")]),
    # an office word after "Văn phòng", "Ban", "Đoàn" names the body
    ("A, Chủ nhiệm Văn phòng Chủ tịch nước", [("Chủ nhiệm", "Văn phòng Chủ tịch nước")]),
    # lower-case committees and a body "của" another
    ("A - Ủy viên BTV thị ủy, Phó chủ tịch UBND thị xã", [("Ủy viên Ban Thường vụ", "Thị ủy"),
                                                         ("Phó Chủ tịch", "Ủy ban nhân dân thị xã")]),
    ("được bầu Bí thư chi đoàn ấp.", [("Bí thư", "Chi đoàn ấp")]),
    ("nguyên Chủ nhiệm Ủy ban Văn hóa của Quốc hội Phan Thanh Bình",
     [("Chủ nhiệm", "Ủy ban Văn hóa của Quốc hội")]),
    # "chuyên trách" says how the office is held, and stays with it; the body follows it
    ("A, Phó Bí thư chuyên trách Đảng ủy UBND tỉnh", [("Phó Bí thư chuyên trách", "Đảng ủy Ủy ban nhân dân tỉnh")]),
    ("A, Phó trưởng đoàn chuyên trách Đoàn ĐBQH tỉnh", [("Phó Trưởng Đoàn chuyên trách", "Đoàn Đại biểu Quốc hội tỉnh")]),
    ("A, Phó Bí thư Thường trực chuyên trách Đảng ủy các cơ quan Đảng tỉnh",
     [("Phó Bí thư Thường trực chuyên trách", "Đảng ủy các cơ quan Đảng tỉnh")]),
    ("A, Trưởng Ban Chỉ đạo chuyên trách", [("Trưởng Ban", "Ban Chỉ đạo chuyên trách")]),  # after the body: its name
    # "TUV": the article's units tell a province when it names no committee
    ("Tổ đại biểu HĐND tỉnh gồm: A - TUV, Bí thư Đảng ủy phường Vĩnh Phúc. Cử tri của tỉnh kiến nghị.",
     [("Ủy viên", "Tỉnh ủy"), ("Bí thư", "Đảng ủy phường Vĩnh Phúc")]),
    # a run-together numbered list: the next item's number is not part of the body
    ("1. Ông A - Chủ tịch Ủy ban MTTQ tỉnh 2. Bà B", [("Chủ tịch", "Ủy ban Mặt trận Tổ quốc tỉnh")]),
    # the body's term closing the organization is not the body ("khóa IX", "khóa 25")
    ("A, Bí thư Đảng ủy Phường 1 khóa IX", [("Bí thư", "Đảng ủy Phường 1")]),
    ("A, Bí thư Thành ủy Hạ Long khóa 25, nhiệm kỳ", [("Bí thư", "Thành ủy Hạ Long")]),
    ("A, Chủ tịch Ủy ban khóa học", [("Chủ tịch", "Ủy ban khóa học")]),  # no term number: kept
    ("Chủ tịch UBND Phường 1. Ông A phát biểu.", [("Chủ tịch", "Ủy ban nhân dân Phường 1")]),
])
def test_offices_fresh_corpus_rules(text, expected):
    assert offices(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("giữ chức vụ Trưởng Ban Tuyên giáo", ["Trưởng Ban"]),  # "vụ Trưởng" is no "Vụ trưởng"
    ("thực hiện nhiệm vụ trưởng thôn", ["trưởng thôn"]),
    ("Vụ phó Vụ 2", ["Vụ phó"]),
    ("Văn phòng Chủ tịch nước", []),
])
def test_heads_fresh_corpus_rules(text, expected):
    assert [text[a:b] for a, b in heads(text)] == expected
    assert heads(text) == full_pattern_heads(text)


def test_name_after_an_office_without_organization():
    text = "Dự có nguyên Chủ tịch nước Trương Tấn Sang, nguyên Phó Chủ tịch nước Đặng Thị Ngọc Thịnh."
    chains = parser().chains(text, lower_same_length(text))
    assert [c.name_after.text if c.name_after else None for c in chains] == ["Trương Tấn Sang", "Đặng Thị Ngọc Thịnh"]
