"""The scorer against hand-built predictions: every rule of SCORING.md that could break."""

import pytest
from hypothesis import given, strategies as st

from vnextract.scoring import (
    ArticleFacts,
    Counts,
    DateFact,
    IndicatorFact,
    OfficialFact,
    WardFact,
    admin_key,
    organizations_match,
    pair_indicators,
    score_article,
    total_score,
    units_match,
)


def figures_of(gold: ArticleFacts, pred: ArticleFacts) -> dict:
    return score_article(gold, pred).score.figures()


def errors_of(gold: ArticleFacts, pred: ArticleFacts) -> set[tuple[str, str, str]]:
    return {(e.kind, e.label, e.text) for e in score_article(gold, pred).errors}


GOLD = ArticleFacts(
    "a1", title="Phường Đa Kao họp mặt", byline="K.L", event_date="2023-02-02",
    dates=(DateFact("2023-02-02"), DateFact("2023"), DateFact("1933-02-03/2023-02-03")),
    officials=(OfficialFact("Phan Trọng Quyền", "Phó Trưởng Ban", "Ban Dân vận Quận ủy"),
               OfficialFact("Đỗ Hữu Cường", "Chủ tịch", "Ủy ban nhân dân phường")),
    wards=(WardFact("Phường Đa Kao", "Quận 1", "Thành phố Hồ Chí Minh"),),
    primary_ward="Phường Đa Kao",
    indicators=(IndicatorFact(209376000, "VND", "thu được 209.376.000 đồng"),
                IndicatorFact(29, "đảng viên", "29/40 đảng viên", denominator=40),
                IndicatorFact(95, "%", "95% trở lên", comparator=">=", kind="target")),
)


def test_a_prediction_equal_to_gold_scores_one_everywhere():
    assert set(figures_of(GOLD, GOLD).values()) == {1.0}


def test_strings_are_compared_in_normal_form():
    pred = ArticleFacts(
        "a1", title="PHƯỜNG ĐA KAO HỌP MẶT", byline="k.l.", event_date="2023-02-02",
        dates=GOLD.dates,
        # Icelandic eth for Đ, old tone placement ("uỷ"), other case, stray spaces.
        officials=(OfficialFact("Phan  Trọng Quyền", "phó trưởng ban", "Ban Dân vận Quận uỷ"),
                   OfficialFact("\u00d0ỗ Hữu Cường", "Chủ tịch", "UỶ BAN NHÂN DÂN PHƯỜNG")),
        wards=(WardFact("phường Đa Kao", "Quận 1", "TP. Hồ Chí Minh"),), primary_ward="Phường Đa Kao",
        indicators=(IndicatorFact(209376000.0, "đồng", "x"), IndicatorFact(29, "Đảng viên", "y", denominator=40),
                    IndicatorFact(95, "phần trăm", "z", comparator=">=", kind="target")),
    )
    assert set(figures_of(GOLD, pred).values()) == {1.0}


def test_missed_and_spurious_dates_are_counted_and_named():
    pred = ArticleFacts("a1", dates=(DateFact("2023-02-02", "Ngày 02/02/2023"), DateFact("2023-02-03", "3/2/2023"),
                                     DateFact("2023-02-02", "2/2/2023")))
    result = score_article(GOLD, pred)
    assert result.score.sets["dates"] == Counts(tp=1, fp=1, fn=2)
    assert ("dates", "spurious", "2023-02-03 «3/2/2023»") in errors_of(GOLD, pred)
    assert ("dates", "missed", "1933-02-03/2023-02-03") in errors_of(GOLD, pred)


def test_a_name_with_the_wrong_position_counts_for_names_not_positions():
    pred = ArticleFacts("a1", officials=(OfficialFact("Phan Trọng Quyền", "Trưởng Ban", "Ban Dân vận Quận ủy"),))
    result = score_article(GOLD, pred).score
    assert result.sets["official_names"] == Counts(tp=1, fp=0, fn=1)
    assert result.sets["official_positions"] == Counts(tp=0, fp=1, fn=2)
    assert result.accuracies["organization"].total == 0  # counted over matched pairs only


def test_organization_accuracy_is_over_matched_pairs():
    pred = ArticleFacts("a1", officials=(OfficialFact("Phan Trọng Quyền", "Phó Trưởng Ban", "Ban Tuyên giáo Thành ủy"),
                                         OfficialFact("Đỗ Hữu Cường", "Chủ tịch", "Ủy ban nhân dân phường Đa Kao")))
    accuracy = score_article(GOLD, pred).score.accuracies["organization"]
    assert (accuracy.right, accuracy.total) == (1, 2)
    assert any(e.kind == "organization" and "Ban Tuyên giáo" in e.text for e in score_article(GOLD, pred).errors)


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ("Đảng ủy phường", "Đảng ủy phường Đa Kao", True),  # one contains the other
        ("Quận ủy", "Ban Dân vận Quận ủy", True),
        ("Ủy ban nhân dân phường Hà Khánh", "Ủy ban nhân dân Phường Hà Khánh", True),
        ("Ủy ban nhân dân phường", "Uỷ ban nhân dân phường", True),  # old tone placement
        ("Hội Liên hiệp Phụ nữ phường Cầu Kho", "Hội Phụ nữ phường Cầu Kho", True),  # Jaccard 5/7
        ("Ủy ban nhân dân phường Hà Khánh", "UBND phường Hà Khánh", False),  # Jaccard 3/8
        ("Đảng ủy phường", "Đảng ủy xã", False),  # Jaccard 2/4
        ("Đảng ủy phường", "Đảng ủy phường", True),
        ("Chi bộ 2", "Chi bộ 21 khu phố Bình Minh", False),  # containment is of whole words
        (None, None, True),
        (None, "Đảng ủy phường", False),
        ("Đảng ủy phường", None, False),
    ],
)
def test_organizations_match(gold, pred, expected):
    assert organizations_match(gold, pred) is expected


@pytest.mark.parametrize(
    ("unit", "key"),
    [
        ("Thành phố Hồ Chí Minh", "hồ chí minh"),
        ("TP. Hồ Chí Minh", "hồ chí minh"),
        ("TP.Hồ Chí Minh", "hồ chí minh"),
        ("Tỉnh Quảng Ninh", "quảng ninh"),
        ("Quận 1", "1"),
        ("Huyện Cần Giờ", "cần giờ"),
        ("Thị xã Phước Long", "phước long"),
        ("Thành phố Thủ Đức", "thủ đức"),
        ("Hà Nội", "hà nội"),
        (None, None),
        ("", None),
    ],
)
def test_admin_key_drops_the_administrative_word(unit, key):
    assert admin_key(unit) == key


def test_ward_resolution_null_must_be_null():
    pred = ArticleFacts("a1", wards=(WardFact("Phường Đa Kao", None, "TP. Hồ Chí Minh"),))
    score = score_article(GOLD, pred).score
    assert (score.accuracies["ward_district"].right, score.accuracies["ward_district"].total) == (0, 1)
    assert (score.accuracies["ward_province"].right, score.accuracies["ward_province"].total) == (1, 1)
    gold_null = ArticleFacts("a1", wards=(WardFact("Phường 9", None, None),))
    guessed = ArticleFacts("a1", wards=(WardFact("Phường 9", "Quận 5", "Thành phố Hồ Chí Minh"),))
    assert figures_of(gold_null, guessed)["ward_district_accuracy"] == 0.0
    assert figures_of(gold_null, gold_null)["ward_province_accuracy"] == 1.0


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ("VND", "đồng", True),
        ("%", "phần trăm", True),
        ("trường", "trường học", True),  # a unit matches its head
        ("trường học", "trường", True),
        ("đảng viên", "Đảng viên", True),
        ("hộ", "người", False),
        ("%", "VND", False),
        ("km2", "km", False),
        ("hộ", "hội viên", False),  # the head is a whole word, not a prefix of letters
    ],
)
def test_units_match(gold, pred, expected):
    assert units_match(gold, pred) is expected


@pytest.mark.parametrize(
    ("pred_value", "expected_tp"),
    [(209376000.0, 1), (209376000.1, 1), (209376300.0, 0), (2.09376, 0)],
)
def test_indicator_values_match_within_relative_error_1e_6(pred_value, expected_tp):
    gold = ArticleFacts("a", indicators=(IndicatorFact(209376000, "VND"),))
    pred = ArticleFacts("a", indicators=(IndicatorFact(pred_value, "VND"),))
    assert score_article(gold, pred).score.sets["indicators"].tp == expected_tp


def test_indicator_pairing_is_one_to_one():
    gold = ArticleFacts("a", indicators=(IndicatorFact(100, "%", "100% hộ"), IndicatorFact(100, "%", "100% chi bộ")))
    pred = ArticleFacts("a", indicators=(IndicatorFact(100, "%", "100%"),))
    assert score_article(gold, pred).score.sets["indicators"] == Counts(tp=1, fp=0, fn=1)


def test_indicator_pairing_maximises_matches():
    # Taking the first candidate greedily would pair "hộ" with "hộ" and leave "hộ nghèo" unpaired.
    gold = (IndicatorFact(5, "hộ"), IndicatorFact(5, "hộ nghèo"))
    pred = (IndicatorFact(5, "hộ"), IndicatorFact(5, "hộ dân"))
    assert pair_indicators(gold, pred) == [(0, 1), (1, 0)]


def test_indicator_pairing_prefers_the_candidate_agreeing_on_more_fields():
    gold = (IndicatorFact(80, "%", "trên 80%", comparator=">"),)
    pred = (IndicatorFact(80, "%", "80%"), IndicatorFact(80, "%", "trên 80%", comparator=">"))
    assert pair_indicators(gold, pred) == [(0, 1)]
    assert figures_of(ArticleFacts("a", indicators=gold), ArticleFacts("a", indicators=pred))["comparator_accuracy"] == 1.0


def test_comparator_kind_and_denominator_accuracy_over_matched_indicators():
    pred = ArticleFacts("a1", indicators=(IndicatorFact(29, "đảng viên", denominator=None),
                                          IndicatorFact(95, "%", comparator="=", kind="target"),
                                          IndicatorFact(7, "hộ")))
    figures = figures_of(GOLD, pred)
    assert figures["indicators_precision"] == pytest.approx(2 / 3)
    assert figures["indicators_recall"] == pytest.approx(2 / 3)
    assert figures["denominator_accuracy"] == 0.5
    assert figures["comparator_accuracy"] == 0.5
    assert figures["kind_accuracy"] == 1.0
    assert ("indicators", "spurious", "7 hộ «»") in errors_of(GOLD, pred)
    assert ("indicators", "missed", "209376000 VND «thu được 209.376.000 đồng»") in errors_of(GOLD, pred)


@pytest.mark.parametrize(
    ("field", "gold_value", "pred_value", "right"),
    [
        ("event_date", None, None, True),  # both null counts as right
        ("event_date", "2023-02-02", None, False),
        ("event_date", None, "2023-02-02", False),
        ("primary_ward", "Phường Hoà Bình", "Phường Hòa Bình", True),
        ("title", "Tiêu đề", "TIÊU ĐỀ", True),
        ("byline", "L.T", "L.T.", True),  # trailing punctuation dropped
        ("byline", "Thu Hương", "Báo Quảng Ninh", False),
    ],
)
def test_fields_over_every_article(field, gold_value, pred_value, right):
    gold = ArticleFacts("a", **{field: gold_value})
    pred = ArticleFacts("a", **{field: pred_value})
    accuracy = score_article(gold, pred).score.accuracies[field]
    assert (accuracy.right, accuracy.total) == (int(right), 1)


def test_figures_are_micro_averaged_over_articles():
    one_right = score_article(ArticleFacts("a", dates=(DateFact("2023"),)), ArticleFacts("a", dates=(DateFact("2023"),)))
    nine_wrong = score_article(ArticleFacts("b"), ArticleFacts("b", dates=tuple(DateFact(str(y)) for y in range(2000, 2009))))
    figures = total_score([one_right, nine_wrong]).figures()
    assert figures["dates_precision"] == pytest.approx(0.1)  # 1/10, not the mean of 1.0 and 0.0
    assert figures["dates_recall"] == 1.0


def test_an_empty_prediction_has_zero_recall_and_no_accuracy_over_matches():
    figures = figures_of(GOLD, ArticleFacts("a1"))
    assert figures["dates_recall"] == figures["indicators_recall"] == figures["wards_f1"] == 0.0
    assert figures["organization_accuracy"] is None and figures["ward_district_accuracy"] is None


@given(st.lists(st.sampled_from(["2023", "2022-01", "2021-Q1", "2020/2025"]), max_size=4),
       st.lists(st.sampled_from(["2023", "2022-01", "2024", "2020/2025"]), max_size=4))
def test_dates_counts_add_up_to_the_set_sizes(gold_values, pred_values):
    gold = ArticleFacts("a", dates=tuple(map(DateFact, gold_values)))
    pred = ArticleFacts("a", dates=tuple(map(DateFact, pred_values)))
    counts = score_article(gold, pred).score.sets["dates"]
    assert counts.tp + counts.fn == len(set(gold_values))
    assert counts.tp + counts.fp == len(set(pred_values))


@given(st.lists(st.tuples(st.integers(1, 4), st.sampled_from(["hộ", "hộ dân", "%", "VND"])), max_size=6),
       st.lists(st.tuples(st.integers(1, 4), st.sampled_from(["hộ", "hộ nghèo", "phần trăm", "đồng"])), max_size=6))
def test_indicator_pairing_is_one_to_one_and_of_matching_items(gold_items, pred_items):
    gold = tuple(IndicatorFact(v, u) for v, u in gold_items)
    pred = tuple(IndicatorFact(v, u) for v, u in pred_items)
    pairs = pair_indicators(gold, pred)
    assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == len(pairs)
    assert all(gold[i].value == pred[j].value and units_match(gold[i].unit, pred[j].unit) for i, j in pairs)
    assert pair_indicators(gold, pred) == pairs  # deterministic


def test_organization_tokens_are_words_without_punctuation():
    assert organizations_match("Bộ Văn hóa, Thể thao và Du lịch", "Bộ Văn hóa")
