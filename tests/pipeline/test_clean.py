"""Clean: what is the article (title, body, byline) and what is page furniture."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from vnextract.pipeline import clean, ingest
from vnextract.pipeline.documents import Article, RawDocument, Reject
from vnextract.pipeline.text import comparison_key

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "data" / "raw"
DEV_GOLD = REPO / "tests" / "data" / "dev.jsonl"
SHARED = REPO.parent / "shared"
REGIONS_GOLD = SHARED / "gold" / "regions.jsonl"

# Furniture seen in the samples and the corpus: none of it may reach a body.
FURNITURE = ["Zalo", "Thời tiết", "Tỷ giá ngoại tệ", "Thống kê truy cập", "Đang online", "Xuất bản thông tin",
             "Chi tiết bài viết", "Có thể là hình ảnh", "Quang cảnh cuộc họp"]


def cleaned(text: str, **raw_fields) -> Article:
    article = clean.clean(RawDocument(source="t.txt", text=text, **raw_fields))
    assert isinstance(article, Article), article
    return article


def gold_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# --------------------------------------------------------------------------- golden samples


@pytest.mark.parametrize("gold", gold_rows(DEV_GOLD), ids=lambda g: g["id"])
def test_dev_sample_title_byline_and_body(gold):
    path = SAMPLES / gold["source"]
    (raw,) = ingest.read_documents(path, SAMPLES)
    article = clean.clean(raw)
    assert comparison_key(article.title) == comparison_key(gold["title"])
    assert comparison_key(article.byline) == comparison_key(gold["byline"])
    lines = article.body.split("\n")
    assert not any(word in line for line in lines for word in FURNITURE)
    assert article.title not in lines and (article.byline or "\0") not in lines
    assert not any(line.isdigit() for line in lines)  # the view counter under the headline


def test_dev_sample_keeps_every_story_paragraph_in_order():
    (raw,) = ingest.read_documents(SAMPLES / "001_8fd10c4c5ee0c56d.txt", SAMPLES)
    body = clean.clean(raw).body.split("\n")
    assert len(body) == 5
    assert body[0].startswith("Ngày 10/1/2023, Đảng ủy phường Cầu Kho")
    assert body[-1].startswith("Dịp này, Đảng ủy phường trao Giấy khen")


def test_generated_caption_glued_to_a_paragraph_is_cut():
    (raw,) = ingest.read_documents(SAMPLES / "000_1e85e24bf16e20a7.txt", SAMPLES)
    body = clean.clean(raw).body
    assert "Có thể là hình ảnh" not in body and "9 người" not in body
    assert "thường xuyên đạt tỷ lệ 100%…" in body


def test_title_printed_twice_is_taken_once():
    (raw,) = ingest.read_documents(SAMPLES / "003_a44b55e1103faed2.txt", SAMPLES)
    article = clean.clean(raw)
    assert article.title.startswith("Phường 9: Hội nghị giao ban")
    assert "Hội nghị giao ban chuyên đề Quý II và sơ kết" not in article.body.split("\n")[1:]
    assert article.body.startswith("Ngày 23/6, Phường 9")


@pytest.mark.skipif(not REGIONS_GOLD.is_file(), reason=f"the shared regional gold is not at {REGIONS_GOLD}")
def test_regional_gold_title_and_byline():
    rows = gold_rows(REGIONS_GOLD)
    right = [
        comparison_key(a.title) == comparison_key(g["title"]) and comparison_key(a.byline) == comparison_key(g["byline"])
        for g in rows
        for a in [clean.clean(RawDocument(source=g["source"], text=g["text"]))]
    ]
    assert sum(right) >= len(rows) - 1, f"{sum(right)}/{len(rows)} articles with title and byline right"


# --------------------------------------------------------------------------- stamps


@pytest.mark.parametrize(
    "text, rest, stamp",
    [
        (" date 2025-08-08 Ngày 8-8, phường ...", "Ngày 8-8, phường ...", dt.date(2025, 8, 8)),
        (" date 2025-08 Trong 2 ngày 28 - 29/7, ...", "Trong 2 ngày 28 - 29/7, ...", dt.date(2025, 8, 1)),
        ("Ngày 8-8, phường ...", "Ngày 8-8, phường ...", None),
    ],
)
def test_capture_stamp(text, rest, stamp):
    assert clean.split_capture_stamp(text) == (rest, stamp)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Ngày đăng 22/06/2022 | 08:36 | View count: 135", (dt.date(2022, 6, 22), "")),
        ("Cập nhật lúc 10:07, Thứ Năm, 05/03/2020 (GMT+7)", (dt.date(2020, 3, 5), "")),
        ("ClockThứ Bảy, 19/07/2025 16:37", (dt.date(2025, 7, 19), "")),
        ("03:45 10/12/2024", (dt.date(2024, 12, 10), "")),
        ("Hải Đô 07/11/2023 06:13", (dt.date(2023, 11, 7), "Hải Đô")),
    ],
)
def test_publication_stamp_lines(line, expected):
    assert clean.stamp_of(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("22/06/2022 08:36", dt.date(2022, 6, 22)),
        ("Đăng 2022-6-22", dt.date(2022, 6, 22)),
        ("Số 122/06/2022", None),  # a longer number, not a date
        ("22/06/20221", None),
        ("1/2/2023 | 9/3/2024", dt.date(2023, 2, 1)),  # the first date
    ],
)
def test_stamp_date_stands_apart_from_other_digits(line, expected):
    stamp = clean.stamp_of(line)
    assert (stamp and stamp[0]) == expected


def test_stamp_becomes_published_and_leaves_the_body():
    article = cleaned("Tiêu đề của bài viết về phường Tân Định\nNgày đăng 22/06/2022 | 08:36 | View count: 135\n"
                      "Sáng 21/6, phường Tân Định tổ chức hội nghị.")
    assert article.published == dt.date(2022, 6, 22)
    assert article.body == "Sáng 21/6, phường Tân Định tổ chức hội nghị."


def test_metadata_date_wins_over_the_capture_stamp():
    article = cleaned(" date 2025-08 Sáng 1/8, phường họp.", published=dt.date(2025, 8, 2))
    assert article.published == dt.date(2025, 8, 2)


# --------------------------------------------------------------------------- title


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Phường Cầu Kho tổng kết công tác xây dựng Đảng năm 2022", True),
        ("PHẤN ĐẤU XÂY DỰNG PHƯỜNG ĐAKAO “PHÁT TRIỂN TOÀN DIỆN VÌ HẠNH PHÚC CỦA NHÂN DÂN”", True),
        ("440 đảng viên quận Hà Đông nhận Huy hiệu Đảng đợt 19/5", True),
        ("Sáng 22-8, Đảng bộ phường Bến Thành tổ chức Đại hội đại biểu lần thứ I", False),
        ("(GLO)- Chiều 8-2, đại diện Báo Công an trao 100 suất quà Tết", False),
        ("Phường Buôn Ma Thuột được thành lập trên cơ sở sáp nhập 5 phường và 1 xã.", False),
        ("UVTV Thành ủy Phan Thiên Định (thứ 5 từ phải qua) tặng hoa chúc mừng Đại hội", False),
        ("1. Ông Nguyễn Hoàng Thông (sinh năm 1980, quê quán Bến Cát)", False),
        ("hoạt động khối chính quyền phường trong tháng", False),
        ("Thời sự", False),
    ],
)
def test_is_title_like(line, expected):
    assert clean.is_title_like(line) is expected


def test_no_title_is_invented_when_the_capture_starts_mid_story():
    article = cleaned("Chiều ngày 16-11, tại Đình Thần, khu phố tổ chức Ngày hội.\nKhu phố hiện có 215 hộ dân.")
    assert article.title is None
    assert article.body.startswith("Chiều ngày 16-11")


def test_metadata_title_is_dropped_from_the_text():
    article = cleaned("Xã Bình Lợi ra quân\nSáng 9/3, xã ra quân.", title="Xã Bình Lợi ra quân")
    assert article.title == "Xã Bình Lợi ra quân" and article.body == "Sáng 9/3, xã ra quân."


def test_section_label_before_the_title_is_dropped():
    article = cleaned("Chuyển động số\nĐại hội Đảng bộ phường Hà Đông nhiệm kỳ 2025-2030 thành công\nSáng 6/8, phường họp.")
    assert article.title.startswith("Đại hội Đảng bộ phường Hà Đông") and article.body == "Sáng 6/8, phường họp."


# --------------------------------------------------------------------------- byline


@pytest.mark.parametrize(
    "line, expected",
    [
        ("K.L", "K.L"),
        ("L.T", "L.T"),
        ("Thanh Xuân", "Thanh Xuân"),
        ("Thu Hương", "Thu Hương"),
        ("Minh Dung - Hữu Thịnh", "Minh Dung - Hữu Thịnh"),
        ("TUYẾT MAI - HUYỀN CHI |", "TUYẾT MAI - HUYỀN CHI"),
        ("Tin, ảnh: Thế Anh", "Thế Anh"),
        ("T.HƯƠNG", "T.HƯƠNG"),
        ("PV", "PV"),
        ("Kết", None),
        ("Tạp Chí Nhân Đạo", None),
        ("PHƯỜNG NGHĨA TÂN", None),
        ("Quang cảnh hội nghị", None),
        ("Phường 9", None),
        ("Theo ông Trần Kim Phụng, Phó Chủ t", None),
    ],
)
def test_byline_of(line, expected):
    assert clean.byline_of(line) == expected


@pytest.mark.parametrize("line", ["PV", "Nhóm PV", "Tin, ảnh: PV", "BAN BIÊN TẬP", "Thu Hương", "PV 2", "Kết", ""])
def test_generic_signature_is_the_byline_when_generic(line):
    byline = clean.byline_of(line)
    expected = byline if byline is not None and byline.casefold() in clean._GENERIC_BYLINES else None
    assert clean._generic_signature_of(line) == expected


def test_byline_under_the_headline_with_its_stamp():
    article = cleaned("Chủ tịch UBND Thành phố chung vui Ngày hội Đại đoàn kết phường Tương Mai\n"
                      "Hải Đô 07/11/2023 06:13\nTối 6/11, phường Tương Mai tổ chức Ngày hội.")
    assert (article.byline, article.published) == ("Hải Đô", dt.date(2023, 11, 7))
    assert article.body == "Tối 6/11, phường Tương Mai tổ chức Ngày hội."


@pytest.mark.parametrize("headline", [
    "Thành tích tiêu biểu năm 2022 của Ủy ban MTTQ Việt Nam Quận 5",
    "PHƯỜNG 13 TỔ CHỨC GIAO BAN CÔNG TÁC MẶT TRẬN QUÝ I/2023",  # in capitals too
])
def test_a_masthead_is_not_the_headline(headline):
    # a body's name in capitals over the units it belongs to: the site, not the article's title
    article = cleaned(f"ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM\nQUẬN 5 - THÀNH PHỐ HỒ CHÍ MINH\n\n{headline}\n\n"
                      "Sáng ngày 29/12/2022, Ủy ban MTTQ Việt Nam Quận 5 tổ chức hội nghị.")
    assert article.title == headline


@pytest.mark.parametrize(("line", "expected"), [
    ("QUẬN 5 - THÀNH PHỐ HỒ CHÍ MINH", True), ("PHƯỜNG NGHĨA TÂN", True), ("Phường 9, Quận 3", True),
    ("Xã Phan Rí Cửa quy mô dân số lớn nhất tỉnh Bình Thuận", False),  # a headline that opens with a unit
    ("Phường Long Biên xác định trục sông Hồng", False), ("phường họp bàn", False),
])
def test_units_line(line, expected):
    assert clean._is_units_line(line) is expected


def test_a_wordpress_caption_inside_a_paragraph_is_cut_and_the_paragraph_kept():
    article = cleaned(
        "Sáng 4/11/2019, xã Hòa Hội tổ chức ngày hội.\n"
        '[caption id="attachment_20012" align="aligncenter" width="629"] Ông A tặng hoa 20 phần quà[/caption]'
        "Đến dự có ông Nguyễn Văn Hợp, Chủ tịch UBMTTQVN tỉnh."
    )
    assert article.body == "Sáng 4/11/2019, xã Hòa Hội tổ chức ngày hội.\nĐến dự có ông Nguyễn Văn Hợp, Chủ tịch UBMTTQVN tỉnh."


def test_an_english_publication_stamp_is_read():
    article = cleaned("Phường Nghĩa Tân tổ chức tốt các hội nghị bầu cử tổ trưởng\n"
                      "Publish date 28/08/2022 | 16:12 | View count: 148\nThực hiện kế hoạch, phường họp.")
    assert (article.published, article.body) == (dt.date(2022, 8, 28), "Thực hiện kế hoạch, phường họp.")


def test_a_signature_alone_is_no_article():
    assert cleaned("Sáng 1/8, phường họp.\nThu Hương").byline == "Thu Hương"
    assert isinstance(clean.clean(RawDocument(source="t", text="Thu Hương")), Reject)


# --------------------------------------------------------------------------- captions and furniture


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Quang cảnh cuộc họp", True),
        ("Lãnh đạo TP HCM tặng cây xanh cho địa phương", True),
        ("Đoàn Chủ tịch Đại hội phường Bến Thành. Ảnh: HÀ THƯ", True),
        ("Đồng chí Bùi Chí Thành (bên phải), Bí thư Đảng ủy phường dự và chủ trì hội nghị", True),
        ("Các đồng chí lãnh đạo tỉnh tặng hoa chúc mừng Đại hội.", True),
        ("Đại biểu tham dự hội nghị.", True),
        ("Khu phố Chánh Lộc 7 hiện có 215 hộ dân với 1.025 nhân khẩu.", False),
        ("Thực hiện 33 chỉ tiêu, 8 nhiệm vụ trọng tâm.", False),
        ("Tham dự Đại hội có ông Đặng Minh Thông, Phó Bí thư Thành ủy TP.HCM.", False),
        ("Tại buổi lễ, phường Bến Thành đã trao Huy hiệu Đảng cho 48 đảng viên.", False),
        ("Dự và chỉ đạo hội nghị có đồng chí Nguyễn Thị Thanh Hằng, Bí thư Đảng ủy phường", False),
        ("- Đồng chí Nguyễn Văn A, Chủ tịch UBND phường phát biểu", False),
        ("Tinh gọn, đổi mới", False),
    ],
)
def test_is_caption(line, expected):
    assert clean.is_caption(line) is expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Zalo", True), ("Thời tiết", True), ("Tỷ giá ngoại tệ", True), ("Đang online 58", True),
        ("Xuất bản thông tin", True), ("UBND Chi tiết bài viết", True), ("6", True), ("img_4709.jpg.jpg", True),
        ("• Lượt xem - 129", True), ("Theo dõi Báo Tây Ninh trên", True),
        ("Nguồn Hà Nội TV : https://hanoionline.vn/bai-viet-355669.htm", True), ("Nguồn: https://x.vn/a", True),
        ("Đang online là hình thức họp mới của phường", False), ("Thời tiết năm nay thuận lợi cho mùa vụ.", False),
        ("Nguồn vốn chính sách đạt 12 tỷ đồng.", False),
    ],
)
def test_is_furniture(line, expected):
    assert clean.is_furniture(line) is expected


def test_nothing_left_is_a_reject():
    item = clean.clean(RawDocument(source="t.txt", text="Zalo\nZalo\nThời tiết\n6"))
    assert isinstance(item, Reject) and (item.stage, item.reason) == ("clean", "empty")


def test_body_lines_keep_tone_placement_and_text_as_written():
    article = cleaned("Sáng 1/8, Uỷ ban nhân dân phường   họp;\u200b hoà thuận.\r\nBuổi chiều, Đảng uỷ họp.")
    assert article.body == "Sáng 1/8, Uỷ ban nhân dân phường họp; hoà thuận.\nBuổi chiều, Đảng uỷ họp."


def test_article_id_is_stable_and_distinct_per_jsonl_line():
    assert clean.article_id("a.jsonl#3") == clean.article_id("a.jsonl#3") != clean.article_id("a.jsonl#4")


def test_every_corpus_text_cleans_to_an_article_or_a_reject(corpus_dir):
    for path in sorted(corpus_dir.glob("*.txt")):
        for raw in ingest.read_documents(path, corpus_dir):
            article = clean.clean(raw)
            assert isinstance(article, (Article, Reject)), path.name
            if isinstance(article, Article):
                assert article.body.strip() and "\n\n" not in article.body, path.name
                assert not article.body.startswith(" date "), path.name


# --------------------------------------------------------------------------- text tidying (fast paths)

_ANY_SPACE_RUN = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


@given(st.text(alphabet=st.sampled_from("ab \t\u00a0\u2003\u3000\u202f"), max_size=40))
def test_tidy_line_folds_every_run_of_spaces_into_one(line):
    # The spaces regex matches only the runs that change; the text must be as if
    # every run had been replaced.
    assert clean.tidy_line(line) == _ANY_SPACE_RUN.sub(" ", line).strip()


@given(st.text(alphabet=st.sampled_from("ab .\n\r\t\u00a0\u00ad\u200b\u2028\u2066\x85\x0c\x1f"), max_size=40))
def test_tidy_text_is_the_same_whether_or_not_the_text_looks_tidy(text):
    # Texts that look tidy skip the passes; the result must be what the passes give.
    passes = clean._SPACES.sub(" ", clean._INVISIBLE.sub("", clean._LINE_BREAKS.sub("\n", text)))
    assert clean.tidy_text(text) == "\n".join(line.strip() for line in passes.split("\n"))


# --------------------------------------------------------------------------- hard-wrapped text

# A paragraph a site broke at a fixed width, a caption line of its own, then another
# wrapped paragraph.  Invented, in the manner of the corpus's two hard-wrapped texts.
_WRAPPED = (
    "Sáng 20/10, Nhân dân khu phố 3 phường Tân Định tưng bừng tổ chức ngày hội đại\n"
    "đoàn kết toàn dân tộc. Đến tham dự có đồng chí Trần Văn Hai, Phó Bí thư Đảng ủy\n"
    "phường cùng đại diện Ủy ban Mặt trận Tổ quốc Việt Nam phường, các đoàn thể và\n"
    "Nhân dân.\n"
    "Ngày hội đại đoàn kết khu phố 3\n"
    "Năm qua, khu phố có 320/350 hộ đạt danh hiệu gia đình văn hóa, vận động ủng hộ quỹ\n"
    "vì người nghèo 25 triệu đồng, giúp 4 hộ thoát nghèo, xây dựng 1 căn nhà tình thương\n"
    "cho hộ khó khăn."
)


def test_hard_wrapped_paragraphs_are_joined_back():
    assert clean.unwrap(_WRAPPED).split("\n") == [
        ("Sáng 20/10, Nhân dân khu phố 3 phường Tân Định tưng bừng tổ chức ngày hội đại đoàn kết toàn dân tộc. "
         "Đến tham dự có đồng chí Trần Văn Hai, Phó Bí thư Đảng ủy phường cùng đại diện Ủy ban Mặt trận Tổ quốc "
         "Việt Nam phường, các đoàn thể và Nhân dân."),
        "Ngày hội đại đoàn kết khu phố 3",  # a short line the author ended: a caption, kept apart
        ("Năm qua, khu phố có 320/350 hộ đạt danh hiệu gia đình văn hóa, vận động ủng hộ quỹ vì người nghèo "
         "25 triệu đồng, giúp 4 hộ thoát nghèo, xây dựng 1 căn nhà tình thương cho hộ khó khăn."),
    ]


def test_the_clean_stage_reads_a_hard_wrapped_text_by_paragraph():
    body = cleaned(_WRAPPED).body.split("\n")
    assert body[0].endswith("các đoàn thể và Nhân dân.") and body[-1].endswith("cho hộ khó khăn.")


def test_a_headline_as_wide_as_the_text_keeps_its_publication_stamp_apart():
    headline = "Khu phố 3 phường Tân Định tưng bừng ngày hội đại đoàn kết toàn dân tộc năm 2025"
    text = f"{headline}\n13:58 15/10/2025\n{_WRAPPED}"
    assert clean.unwrap(text).split("\n")[:2] == [headline, "13:58 15/10/2025"]
    article = cleaned(text)
    assert article.title == headline and article.published == dt.date(2025, 10, 15)


def test_a_text_with_few_lower_case_line_starts_is_not_unwrapped():
    text = "Hội nghị tổng kết năm 2024\nphường Tân Định\nSáng 5/1, Đảng ủy phường họp.\nkhu phố 3 báo cáo."
    assert clean.unwrap(text) == text


@given(st.lists(st.sampled_from(["Nhân", "dân", "khu phố 3", "họp.", "Trần Văn Hai,", "và", "x" * 30, ""]),
                max_size=30).map(lambda words: "\n".join(words)))
def test_unwrapping_only_turns_line_breaks_into_spaces(text):
    unwrapped = clean.unwrap(text)
    assert unwrapped.replace("\n", " ") == text.replace("\n", " ")
    assert unwrapped.count("\n") <= text.count("\n")


@pytest.mark.parametrize(
    "text, body",
    [
        ("Phường họp sáng nay. |", "Phường họp sáng nay."),
        ("Phường họp sáng nay.  \u00a0|", "Phường họp sáng nay."),
        ("Phường họp sáng nay.|", "Phường họp sáng nay.|"),  # not a site suffix: no space before
        ("null Phường họp sáng nay.", "Phường họp sáng nay."),
        ("Phường họp\u2028sáng nay.\rTrời mưa.", "Phường họp\nsáng nay.\nTrời mưa."),
    ],
)
def test_site_edges_and_odd_line_breaks(text, body):
    assert cleaned("Sáng 1/8, phường Bến Thành họp.\n" + text).body.split("\n", 1)[1] == body


@pytest.mark.parametrize("length, expected", [(200, True), (300, False)])
def test_long_lines_are_never_captions(length, expected):
    line = "Quang cảnh hội nghị " + "x" * (length - 20)
    assert clean.is_caption(line) is expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Khu phố mới khang trang - Ảnh 2.", True),
        ("Ông A giữ chức Bí thư phường Vũng Tàu, TP HCM- Ảnh 1.", True),  # an image's alt text, glued
        ("Học sinh đến trường đông đủ -Ảnh 2.", False),  # no space after the dash: not the credit
        ('[caption id="attachment_22925" align="aligncenter" width="661"]Mỗi căn nhà trị giá 55 triệu đồng.', True),
        ("Lễ ra quân thu gom rác thải. NGUỒN ẢNH: Phường Một", True),
        ("Công trình mới được bàn giao. nguồn Ảnh: UBND phường", True),
        ("Nguồn ảnh: Báo Tây Ninh", True),
    ],
)
def test_caption_cues_written_for_speed_keep_their_meaning(line, expected):
    assert clean.is_caption(line) is expected


# --------------------------------------------------------------------------- unmarked captions


@pytest.mark.parametrize(
    "line, expected",
    [
        # One sentence of people doing what a photo shows: a caption.
        ("Đồng chí Đặng Thị Ngọc Lan, Phó Bí thư Thường trực Đảng ủy phường Phú Xuân trình bày báo cáo", True),
        ("Lãnh đạo Đảng ủy xã Long Hưng trao quà hỗ trợ các hộ nghèo, cận nghèo dịp Tết.", True),
        ("Các đại biểu biểu quyết thông qua chương trình, nội quy Đại hội.", True),
        ("Các đại biểu chụp hình lưu niệm với các hộ gia đình nhận nhà tình nghĩa.", True),
        ("Hội LHPN xã Tam Phước trao bò giống cho hộ cận nghèo - thôn Phú Mỹ", True),
        ("Ông Thành Từ Dũ- Bí thư Huyện uỷ, Chủ tịch HĐND huyện chủ trì hội nghị.", True),
        ("Đồng chí Lê Văn A, Bí thư Tỉnh ủy phát biểu chỉ đạo Đại hội. Ảnh Bảo Long.", True),
        # A term of office names the body, it is not a figure of the story.
        ("Ban Chấp hành Đảng bộ xã Bình Ba khóa VII, nhiệm kỳ 2025 - 2030 ra mắt Đại hội.", True),
        ("Đồng chí Lê Văn A, Bí thư Tỉnh ủy tặng hoa chúc mừng Đại hội Đảng bộ phường, nhiệm kỳ 2025-2030.", True),
        # A portrait: a name and offices, nothing else.
        ("Ông Vũ Anh Tuấn, Bí thư phường Hiệp Bình.", True),
        ("Bà Nguyễn Thị B - Phó Chủ tịch UBND xã", True),
        # Story: reporting verbs, narrative words, quantities, several sentences, list items.
        ("Ông Lê Văn A, Bí thư Tỉnh ủy yêu cầu phường phát huy tiềm năng, lợi thế.", False),
        ("Bà Nguyễn Thị C ở thôn Kỳ Tân cho biết chính quyền đã thông báo trước khi bão vào.", False),
        ("Ông Nguyễn Văn D giữ chức Bí thư Thành ủy trước khi tỉnh sáp nhập.", False),
        ("Lãnh đạo xã trao 100 suất quà cho các hộ nghèo.", False),
        ("Lãnh đạo xã trao 100 suất quà cho các hộ nghèo nhiệm kỳ 2025-2030.", False),
        ("Đồng chí Lê Văn A phát biểu tại hội nghị. Đồng chí nhấn mạnh vai trò của chi bộ.", False),
        ("Các đại biểu đã trao đổi, thảo luận về dự thảo văn kiện.", False),
        ("Ông Lê Văn A, Bí thư Đảng ủy xã cảm ơn Nhân dân.", False),
        ("- Đồng chí Nguyễn Văn A, Chủ tịch UBND phường trao quà", False),
        ("Ảnh hưởng của bão rất lớn. Ảnh hưởng nặng.", False),
        # Attending is part of the story, as the gold reads it: "đến dự", "dự và ...".
        ("Đồng chí Lê Văn A, Phó Bí thư Thường trực Thành ủy đến dự và tặng lẵng hoa chúc mừng Đại hội.", False),
        ("Ông Lê Văn A, Phó Bí thư Thành ủy, Chủ tịch UBND TP dự và phát biểu chúc mừng tại ngày hội.", False),
    ],
)
def test_unmarked_caption(line, expected):
    assert clean.is_caption(line) is expected


GALLERY = ("Các đại biểu thực hiện nghi thức chào cờ.Đồng chí Lê Thị A, Phó Bí thư Tỉnh ủy, phát biểu chỉ đạo "
           "đại hội.Đoàn Chủ tịch điều hành đại hội.Đồng chí Trần Văn B, Bí thư Đảng ủy phường,")


@pytest.mark.parametrize(
    "line, kept",
    [
        # Captions glued into one line by the page: a gallery leaves whole.
        (GALLERY, None),
        # A caption glued behind a story paragraph leaves; the story stays.
        ("Sáng 1/8, phường Bến Thành đã tổ chức hội nghị với 120 đại biểu.Các đại biểu chụp ảnh lưu niệm.",
         "Sáng 1/8, phường Bến Thành đã tổ chức hội nghị với 120 đại biểu."),
        # Glued story sentences (a typo) are kept as written.
        ("Đến dự có bà Phạm Xuân Đào, Phó Trưởng ban Pháp chế HĐND huyện.Kỳ họp đã thông qua 3 nghị quyết.",
         "Đến dự có bà Phạm Xuân Đào, Phó Trưởng ban Pháp chế HĐND huyện.Kỳ họp đã thông qua 3 nghị quyết."),
        # Not glued sentences: abbreviations and numbers.
        ("Đảng bộ TP.HCM có 1.025 đảng viên.Chi bộ 3 đạt 100%.", "Đảng bộ TP.HCM có 1.025 đảng viên.Chi bộ 3 đạt 100%."),
    ],
)
def test_glued_captions_leave_the_body(line, kept):
    body = cleaned("Sáng 1/8, phường Bến Thành họp tổng kết năm 2024, có 80 đại biểu dự.\n" + line).body.split("\n")
    assert body[1:] == ([kept] if kept else [])


def test_caption_between_paragraphs_leaves_and_its_ward_with_it():
    text = ("Tại hội nghị, đồng chí Đặng Thị Ngọc Lan, Phó Bí thư Thường trực Đảng ủy, đã trình bày báo cáo.\n"
            "Đồng chí Đặng Thị Ngọc Lan, Phó Bí thư Thường trực Đảng ủy phường Phú Xuân trình bày báo cáo\n"
            "Cụ thể, thu ngân sách tháng 11 ước đạt hơn 43,4 tỷ đồng.")
    body = cleaned(text).body
    assert "Phú Xuân" not in body and body.count("\n") == 1


def test_image_path_is_furniture():
    assert clean.is_furniture("Media/224_TayGiang/FolderFunc/202107/Images/tinh-chu-20210701090600-e.jpg")


@pytest.mark.parametrize("name", ["north-033.txt", "figures-036.txt", "north-048.txt", "hcm-012.txt"])
def test_corpus_captions_leave_the_body(corpus_dir, name):
    (raw,) = ingest.read_documents(corpus_dir / name, corpus_dir)
    body = clean.clean(raw).body
    for caption in ["chào cờ.Đồng chí", "Phú Xuân trình bày báo cáo", "Chủ tọa kỳ họp phát biểu khai mạc",
                    "Images/", "(thứ 5 phải qua)", "Người dân tham gia các hoạt động tại ngày hội"]:
        assert caption not in body


@pytest.mark.parametrize(
    "image_and_cell, kept",
    [
        # The cell under an image in a table is its caption, on the next line or the same one.
        ("![]() |\n| Đồng chí Vũ Văn A - Phó Chủ tịch UBND thành phố dự Ngày hội |", []),
        ("![](anh.jpg) | Đồng chí LÊ VĂN B Chủ tịch Ủy ban MTTQ Việt Nam tỉnh\n|", []),
        # A line after the image that is not in a cell is read like any other line.
        ("![]() |\nXã đã hoàn thành 8/8 tiêu chí, đạt 100% kế hoạch năm 2024.",
         ["Xã đã hoàn thành 8/8 tiêu chí, đạt 100% kế hoạch năm 2024."]),
        # A table without an image keeps its cells.
        ("| Phường | Thu ngân sách |\n| An Khánh | 12 tỷ đồng |", ["Phường | Thu ngân sách", "An Khánh | 12 tỷ đồng"]),
    ],
)
def test_image_cell_captions_leave_the_body(image_and_cell, kept):
    body = cleaned("Sáng 1/8, phường Bến Thành họp tổng kết năm 2024, có 80 đại biểu dự.\n" + image_and_cell).body
    assert body.split("\n")[1:] == kept
