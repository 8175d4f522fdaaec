"""Dates: each form the articles use, what is not a date, year inference, the event date.

Golden articles: the five bundled samples (tests/data/dev.jsonl); the shared corpus and
the regions gold when ``../shared`` is present.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from vnextract.extractors.dates import DatesExtractor, date_spans
from vnextract.pipeline.documents import Article
from vnextract.pipeline.segment import segment
from vnextract.pipeline.text import comparison_key

DEV = Path(__file__).resolve().parents[1] / "data" / "dev.jsonl"
REGIONS = Path(__file__).resolve().parents[2].parent / "shared" / "gold" / "regions.jsonl"

EXTRACT = DatesExtractor()


def _spans(body: str, title: str | None = None, published: dt.date | None = None):
    article = Article(article_id="t", source="t.txt", title=title, byline=None, body=body,
                      content_sha256="", published=published)
    return EXTRACT(segment(article))


def _values(body: str, title: str | None = None, published: dt.date | None = None) -> set[str]:
    return {s.value for s in _spans(body, title, published)}


# --------------------------------------------------------------------------- forms

FORMS = [
    ("Ngày 02/02/2023, Đảng ủy phường tổ chức họp mặt.", {"2023-02-02"}),
    ("Sáng ngày 6/01/2024, Đảng ủy làm việc với chi bộ.", {"2024-01-06"}),
    ("Ngày 10/1/2023, Đảng ủy tổ chức hội nghị.", {"2023-01-10"}),
    ("Chiều ngày 16-11-2025, tại Đình Thần.", {"2025-11-16"}),
    ("Ngày 15.8.2025, Đảng bộ phường khai mạc.", {"2025-08-15"}),
    ("Nghị quyết số 43, ngày 9 tháng 2 năm 2022 về kết quả.", {"2022-02-09"}),
    ("Chiều ngày 08 tháng 11 năm 2017, Ban công tác Mặt trận họp.", {"2017-11-08"}),
    ("hoàn thành trong tháng 2/2023.", {"2023-02"}),
    ("sinh hoạt thường kỳ tháng 12 năm 2023.", {"2023-12"}),
    ("triển khai công tác tháng 3-2020.", {"2020-03"}),
    ("Trước đó, tháng 12.2025, ông được điều động.", {"2025-12"}),
    ("triển khai nhiệm vụ năm 2023.", {"2023"}),
    ("Hội nghị giao ban Quý II năm 2023.", {"2023-Q2"}),
    ("sơ kết công tác quý 2/2023.", {"2023-Q2"}),
    ("công tác Mặt trận Quý I/2023.", {"2023-Q1"}),
    ("sơ kết công tác quý 3-2025.", {"2025-Q3"}),
    ("sơ kết công tác 6 tháng đầu năm 2023.", {"2023-H1"}),
    ("nhiệm vụ 6 tháng cuối năm 2024.", {"2024-H2"}),
    ("kết quả 9 tháng đầu năm 2025.", {"2025-01/2025-09"}),
    ("sơ kết nhiệm vụ 9 tháng năm 2024.", {"2024-01/2024-09"}),
    ("trong 10 tháng đầu năm 2023, thu ngân sách", {"2023-01/2023-10"}),
    ("nhiệm vụ 3 tháng cuối năm 2025.", {"2025-Q4"}),
    ("kết quả sáu tháng đầu năm 2024.", {"2024-H1"}),
    ("kỷ niệm 93 năm ngày thành lập Đảng (3/2/1933 – 3/2/2023).", {"1933-02-03/2023-02-03"}),
    ("Mặt trận Tổ quốc Việt Nam (18/11/1930-18/11/2023).", {"1930-11-18/2023-11-18"}),
    ("Cách mạng Tháng Tám (19.8.1945 - 19.8.2025).", {"1945-08-19/2025-08-19"}),
    ("Kỳ họp diễn ra từ ngày 1/3 đến ngày 15/3/2023.", {"2023-03-01/2023-03-15"}),
    ("Từ ngày 07/01/2026 đến ngày 09/01/2026, HĐND họp.", {"2026-01-07/2026-01-09"}),
    ("Trong hai ngày 28 - 29/7/2025, Đảng bộ tổ chức Đại hội.", {"2025-07-28/2025-07-29"}),
    ("Trong hai ngày 7 và 8/8/2025, Đảng bộ tổ chức Đại hội.", {"2025-08-07", "2025-08-08"}),
    ("được tổ chức trong hai ngày 25 và 26-3-2020.", {"2020-03-25", "2020-03-26"}),
    ("Đại hội đại biểu lần thứ XI, nhiệm kỳ 2020 – 2025.", {"2020/2025"}),
    ("hộ cận nghèo theo tiêu chuẩn giai đoạn 2021-2025;", {"2021/2025"}),
    ("Tổng giá trị sản xuất 5 năm 2021-2025 ước đạt", {"2021/2025"}),
    ("từ năm 2010 đến năm 2020, xã đã", {"2010/2020"}),
    ("duy tu các mảng tường từ nay đến năm 2025;", {"2025"}),
    ("thắng lợi Cách mạng Tháng Tám năm 1945, chiến thắng năm 1954", {"1945", "1954"}),
    ("khu đô thị hình thành trước năm 2005 trên địa bàn", {"2005"}),
    ("phục vụ tết Nguyên đán năm 2024.", {"2024"}),
    ("nhân dịp Tết Nguyên đán Giáp Thìn 2024, đoàn công tác", {"2024"}),
    ("Chương trình Tết Nhân ái 2026, trao 50 suất quà", {"2026"}),
    ("đảng viên Nguyễn Tấn Hải (SN 1956, sinh hoạt tại Chi bộ)", {"1956"}),
    ("các năm 2021, 2022 và 2023 đều đạt", {"2021", "2022", "2023"}),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_each_form_is_read_and_normalised(text, expected):
    assert _values(text) == expected


# --------------------------------------------------------------------------- not dates

# Published is given so that a cued day-month would get a year if it were read as a date.
NOT_DATES = [
    "kỷ niệm 93 năm ngày thành lập Đảng",
    "Trong 3 năm qua, Đảng bộ phường đã đoàn kết.",
    "phường đạt “Phường văn minh đô thị” 10 năm liền.",
    "hoàn thành chỉ tiêu thu ngân sách hàng năm;",
    "Năm nay, phường tiếp tục triển khai.",
    "Nghị quyết 21-NQ/TU về đầu tư hạ tầng",
    "ban hành Nghị quyết số 43 về kết quả công tác",
    "Quyết định số 2027/QĐ-UBND công nhận xã",
    "cải tạo 1 căn nhà tình thương tại địa chỉ 56/1 Bis Huỳnh Khương Ninh",
    "8/8 khu phố đạt chuẩn Khu phố văn hóa",
    "giới thiệu việc làm cho 165/160 lao động đạt 103%",
    "đã kết nạp 29/40 đảng viên mới",
    "Hoàn thành 03/03 dự án về đầu tư",
    "đội nhà thắng với tỷ số 2-1",
    "mỗi năm kết nạp từ 10-15 đảng viên",
    "tăng trưởng bình quân 10-15%/năm",
    "xếp thứ 1/17 toàn quận",
    "họp lúc 8:30 tại hội trường",
    "sáng 8-9h, người dân tập trung",
    "trong 6 tháng 10 ngày thi công",
    "mừng xuân Quý Mão",
    "Vui xuân đón Tết Ất Tỵ.",
    "Trong 9 tháng qua, kinh tế phường ổn định.",
    "những tháng cuối năm, phường cần ưu tiên",
    "Ngày truyền thống Mặt trận 18/11 hàng năm",
    "Đang online 58",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_non_dates_give_nothing(text):
    assert _spans(text, published=dt.date(2024, 6, 1)) == []


@pytest.mark.parametrize("text", [
    "Ngày 31/2/2023, phường họp.",
    "Ngày 45/13/2023, phường họp.",
    "Ngày 29/2/2023, phường họp.",
    "Sáng 30/2, phường họp.",
    "tháng 13/2023",
    "nhiệm kỳ 2025 – 2020",
])
def test_impossible_dates_are_dropped_without_error(text):
    assert _spans(text, published=dt.date(2023, 3, 1)) == []


def test_an_impossible_quarter_leaves_its_year():
    assert _values("Quý V năm 2023") == {"2023"}


def test_leap_day_is_a_date_in_a_leap_year():
    assert _values("Ngày 29/2/2024, phường họp.") == {"2024-02-29"}


# --------------------------------------------------------------------------- furniture

@pytest.mark.parametrize("text", [
    "Ngày đăng 22/06/2022 | 08:36 | View count: 135",
    "Hải Đô 07/11/2023 06:13",
    "03:45 10/12/2024",
    "Thứ Hai, 28/07/2025",
    "Cập nhật lúc 10:07, Thứ Năm, 05/03/2020 (GMT+7)",
    " date 2025-08-08 ",
    "Có thể là hình ảnh về 9 người và văn bản cho biết 'HỌP MẶT (03/02/1930-03/02/2023)'",
])
def test_stamps_and_generated_captions_are_not_dates(text):
    assert _spans(text) == []


def test_a_stamp_dates_the_days_without_a_year():
    body = "Ngày đăng 22/06/2022 | 08:36\nSáng 21/6, UBND phường tổ chức hội nghị."
    (span,) = _spans(body)
    assert (span.value, span.year_source) == ("2022-06-21", "published")


def test_the_crawler_stamp_dates_the_days_without_a_year():
    body = " date 2026-02-02 Chiều 2/2, Đảng ủy phường tổ chức Lễ trao tặng Huy hiệu Đảng đợt 3/2."
    assert _values(body) == {"2026-02-02", "2026-02-03"}


# --------------------------------------------------------------------------- years

YEARLESS = [
    # (body, title, published, value, year_source)
    ("Ngày 23/6, Phường 9 tổ chức hội nghị sơ kết 6 tháng đầu năm 2023.", None, None, "2023-06-23", "context"),
    ("Ngày 23/6, Phường 9 tổ chức hội nghị.", "Sơ kết công tác năm 2023", None, "2023-06-23", "title"),
    ("Sáng 11/6, phường tổ chức hội nghị.", None, dt.date(2024, 6, 12), "2024-06-11", "published"),
    ("Chiều ngày 16-11, tại Đình Thần Chánh Mỹ.", None, dt.date(2025, 11, 17), "2025-11-16", "published"),
    ("thứ Bảy, 23/6, đoàn viên ra quân.", None, dt.date(2024, 6, 24), "2024-06-23", "published"),
    ("(GLO)- Trưa 6.11, xã Vạn Tường sơ tán dân.", None, dt.date(2025, 11, 6), "2025-11-06", "published"),
    ("Ngày 28/12, phường tổng kết.", None, dt.date(2024, 1, 3), "2023-12-28", "published"),
    # The article's topic year would put the meeting a year before publication.
    ("Ngày 10/1, Đảng ủy bàn công tác năm 2022.", None, dt.date(2023, 1, 11), "2023-01-10", "published"),
    # A target year is not the year the article is in.
    ("Trong hai ngày 21 và 22/7, Đại hội bầu Bí thư. Mục tiêu trước năm 2030.\nNhiệm kỳ 2020 - 2025, Đảng bộ",
     None, None, "2020-07-21", "context"),
    ("Kết quả 6 tháng đầu năm; nhiệm vụ năm 2023.", None, None, "2023-H1", "context"),
    ("Hội nghị giao ban chuyên đề Quý II.", "Sơ kết 6 tháng đầu năm 2023", None, "2023-Q2", "title"),
    # A year under review is the year before a day early in the next year...
    ("Ngày 10/1, Đảng ủy tổ chức hội nghị tổng kết công tác năm 2024.", None, None, "2025-01-10", "context"),
    ("Chiều 9/1, xã tổng kết thực hiện nhiệm vụ năm 2025 và triển khai nhiệm vụ năm 2026.",
     None, None, "2026-01-09", "context"),
    ("Sáng 20/2, phường khen thưởng các khu phố tiêu biểu năm 2023.", None, None, "2024-02-20", "context"),
    ("Ngày 03/01, Đảng ủy họp.", "Đảng ủy phường tổng kết công tác năm 2024", None, "2025-01-03", "title"),
    # ... and the lunar new year's the year after a day at the end of the year before.
    ("Ngày 28/12, phường trao quà chúc Tết Nguyên đán Ất Tỵ 2025 cho hộ nghèo.", None, None, "2024-12-28", "context"),
    ("Chiều 30/12, xã tặng quà mừng Xuân Bính Ngọ 2026.", None, None, "2025-12-30", "context"),
    ("Sáng 15/1, đoàn thăm tổ dân phố tiêu biểu năm 2024, nhân dịp Tết Nguyên đán Ất Tỵ 2025.",
     None, None, "2025-01-15", "context"),
    # A lunar new year named without a year lends its year, in the cycle opening in 1984, when
    # the text has no explicit year and no publication date (which otherwise places the day).
    ("Sáng 5/1, xã tặng quà để bà con vui xuân đón tết Ất Tỵ sắp tới.", None, None, "2025-01-05", "context"),
    ("Ngày 28/12, phường trao quà chúc Tết Nguyên đán Bính Ngọ.", None, None, "2025-12-28", "context"),
    ("Chiều 30/1, huyện thăm hỏi, chúc mừng Xuân Quý Tỵ.", None, None, "2013-01-30", "context"),
    ("Ngày 20/1, xã trao quà Tết Giáp Tý.", None, dt.date(2044, 1, 25), "2044-01-20", "published"),
]

# A lunar name lends no year as a person's name, as an impossible pair, or beside an explicit year.
LUNAR_NO_YEAR = [
    ("Sáng 5/1, ông Lê Ất Mão thăm hộ nghèo.", set()),
    ("Ngày 5/1, xã tặng quà Tết Giáp Sửu.", set()),
    ("Ngày 5/1, xã tặng quà Tết Ất Tỵ. Năm 2023, xã có 80 hộ nghèo.", {"2023-01-05", "2023"}),
]

# Years that keep their own year: the day is not early in the next year, the
# review word is in another clause, the year is a plan's, the festival has passed.
YEAR_KEPT = [
    ("Ngày 20/12, phường tổng kết công tác năm 2024.", "2024-12-20"),
    ("Sáng 15/8, phường báo cáo kết quả năm 2025.", "2025-08-15"),
    ("Chiều 3-1, huyện giao chỉ tiêu tuyển chọn công dân nhập ngũ năm 2024.", "2024-01-03"),
    ("Ngày 10/1, phường tổng kết, triển khai nhiệm vụ năm 2025.", "2025-01-10"),
    ("Sáng 20/1, xã trao quà Tết Nguyên đán Ất Tỵ 2025.", "2025-01-20"),
    ("Ngày 28/12, Đảng bộ xã Xuân Lộc năm 2025 tổ chức hội nghị.", "2025-12-28"),
    ("Ngày 20/12, xã rà soát phong trào của năm Quý Mão 2023.", "2023-12-20"),
]


@pytest.mark.parametrize(("body", "title", "published", "value", "source"), YEARLESS)
def test_a_day_without_a_year_takes_the_readers_year(body, title, published, value, source):
    found = {(s.value, s.year_source) for s in _spans(body, title, published)}
    assert (value, source) in found


@pytest.mark.parametrize(("body", "value"), YEAR_KEPT)
def test_a_year_without_a_shifting_cue_is_the_days_year(body, value):
    assert value in _values(body)


def test_the_publication_date_still_overrules_a_shifted_year():
    (day, _) = _spans("Ngày 10/1, Đảng ủy tổng kết công tác năm 2024.", published=dt.date(2024, 1, 12))
    assert (day.value, day.year_source) == ("2024-01-10", "published")


@pytest.mark.parametrize(("body", "values"), LUNAR_NO_YEAR)
def test_a_lunar_name_lends_no_year_where_it_is_no_new_year(body, values):
    assert _values(body) == values


def test_a_day_without_any_year_in_reach_is_left_out():
    assert _spans("Phó Bí thư Thành ủy sáng 16/5 đã dự lễ trao tặng Huy hiệu Đảng đợt 19/5.") == []


def test_day_range_across_new_year_takes_two_years():
    (span,) = _spans("Từ ngày 28/12 - 3/1, phường ra quân.", published=dt.date(2024, 1, 5))
    assert span.value == "2023-12-28/2024-01-03"


# --------------------------------------------------------------------------- spans

def test_span_fields_follow_the_guide():
    body = "Ngày 02/02/2023, Đảng ủy tổ chức; Quý II năm 2023; nhiệm kỳ 2020 – 2025."
    spans = {s.value: s for s in _spans(body)}
    day, quarter, term = spans["2023-02-02"], spans["2023-Q2"], spans["2020/2025"]
    assert (day.granularity, day.date_start, day.date_end) == ("day", dt.date(2023, 2, 2), dt.date(2023, 2, 2))
    assert (quarter.granularity, quarter.date_start, quarter.date_end) == (
        "quarter", dt.date(2023, 4, 1), dt.date(2023, 6, 30))
    assert (term.granularity, term.date_start, term.date_end) == ("year_range", dt.date(2020, 1, 1), dt.date(2025, 12, 31))
    assert all(body[s.start : s.end] == s.text for s in spans.values())


def test_one_span_per_mention():
    body = "Năm 2023, phường đạt chuẩn. Trong năm 2023, phường tiếp tục."
    assert [s.value for s in _spans(body)] == ["2023", "2023"]


def test_span_text_uses_the_body_not_the_tone_unified_text():
    body = "Đảng uỷ phường: Ngày 02/02/2023, Đảng uỷ họp."
    (span,) = _spans(body)
    assert span.text == "02/02/2023" and body[span.start : span.end] == span.text


# --------------------------------------------------------------------------- event date

def _event(body: str, title: str | None = None, published: dt.date | None = None) -> str | None:
    events = [s for s in _spans(body, title, published) if s.is_event_date]
    assert len(events) <= 1
    return events[0].date_start.isoformat() if events else None


EVENTS = [
    ("Ngày 10/1/2023, Đảng ủy phường tổ chức Hội nghị. Nghị quyết số 43, ngày 9 tháng 2 năm 2022.", "2023-01-10"),
    ("Thực hiện Kế hoạch số 100-KH/TU, ngày 03/7/2019 của Tỉnh ủy, sáng 15/8/2019, xã tổ chức Đại hội.",
     "2019-08-15"),
    ("Tính đến ngày 31/12/2022, thu ngân sách đạt 9 tỷ.", None),
    ("Trong 2 ngày 6 và 7/8/2025, Đảng bộ phường tổ chức Đại hội.", "2025-08-06"),
    ("Trong hai ngày 28-29/5/2020 đã diễn ra Đại hội.", "2020-05-28"),
    ("Kỷ niệm Ngày truyền thống MTTQ (18/11/1930 – 18/11/2024), sáng ngày 11/11/2024, phường tổ chức.",
     "2024-11-11"),
    ("Bảo đảm an toàn dịp Lễ 30/4, 1/5 năm 2022. Sáng ngày 28/4/2022 UBND xã ra quân.", "2022-04-28"),
    ("Trao Huy hiệu Đảng đợt 3/2/2026\nChiều 2/2/2026, Đảng ủy phường tổ chức lễ.", "2026-02-02"),
    ("Đó là chỉ đạo tại Đại hội Đảng bộ phường, diễn ra vào sáng 24-8-2025.", "2025-08-24"),
    ("Năm 2022, phường hoàn thành 18 chỉ tiêu; quý II năm 2023 tiếp tục.", None),
    ("Từ ngày 1/7/2025, phường mới chính thức hoạt động.", None),
    # A day attached inside a background sentence gives way to the reported one.
    (("Cuộc bầu cử đại biểu HĐND các cấp diễn ra vào ngày 23/5/2021 đã thành công tốt đẹp.\n"
      "Vào chiều ngày 29/6/2021, HĐND xã tổ chức kỳ họp thứ nhất."), "2021-06-29"),
    (("Phường được thành lập vào ngày 1/7/2025 trên cơ sở sáp nhập ba phường. "
      "Sáng 22/8/2025, Đảng bộ phường tổ chức Đại hội."), "2025-08-22"),
    ("Theo kế hoạch, Đại hội dự kiến diễn ra vào ngày 15/8/2025. Ngày 12/8/2025, Đảng bộ họp phiên trù bị.",
     "2025-08-12"),
    # Not background: the day opens its own clause, or no other day is named.
    (("Trong không khí phấn khởi của cuộc bầu cử, sáng ngày 23/5/2021, cử tri đi bỏ phiếu. "
      "Ngày 24/5/2021, xã tổng hợp kết quả."), "2021-05-23"),
    ("Cuộc bầu cử diễn ra vào ngày 23/5/2021 đã thành công tốt đẹp.", "2021-05-23"),
    (("Căn cứ chương trình phối hợp năm 2023, vào lúc 14 giờ 00 ngày 10 tháng 02 năm 2023, Ban Thường trực họp. "
      "Ngày 15/02/2023, các khu phố triển khai."), "2023-02-10"),
]


@pytest.mark.parametrize(("body", "event"), EVENTS)
def test_the_event_date_is_the_reported_days_first_mention(body, event):
    assert _event(body) == event


def test_the_day_the_headline_names_is_the_event_date():
    body = "Ngày 10/8/2025, phiên trù bị diễn ra. Sáng ngày 11/8/2025, Đại hội khai mạc."
    assert _event(body) == "2025-08-10"
    assert _event(body, title="Khai mạc Đại hội Đảng bộ phường ngày 11/8") == "2025-08-11"


def test_the_headline_day_outranks_a_background_sentence():
    body = "Cuộc bầu cử diễn ra vào ngày 23/5/2021 đã thành công. Sáng 20/5/2021, tổ bầu cử họp."
    assert _event(body) == "2021-05-20"
    assert _event(body, title="Cử tri xã đi bầu cử ngày 23/5") == "2021-05-23"


def test_an_anniversary_in_the_headline_names_no_event_day():
    body = "Ngày 16/11/2025, khu phố tổ chức Ngày hội. Tối 18/11/2025, phường họp mặt."
    assert _event(body, title="Kỷ niệm ngày thành lập Mặt trận (18/11/1930 - 18/11/2025)") == "2025-11-16"


def test_the_event_date_is_not_far_from_publication():
    assert _event("Ngày 3/2/1930, Đảng Cộng sản Việt Nam ra đời.", published=dt.date(2025, 2, 3)) is None


def test_only_the_first_mention_of_the_event_day_is_flagged():
    spans = _spans("Ngày 15/8/2025, Đại hội khai mạc. Ngày 15/8/2025 là ngày vui.")
    assert [s.is_event_date for s in spans] == [True, False]


# --------------------------------------------------------------------------- date_spans

def test_date_spans_cover_dates_and_stamps_for_masking():
    text = "Hải Đô 07/11/2023 06:13\nNgày 23/6, 8/8 khu phố đạt chuẩn năm 2023."
    covered = [text[a:b] for a, b in date_spans(text)]
    assert "23/6" in covered and "năm 2023" in covered
    assert any("07/11/2023" in c for c in covered)
    assert not any("8/8" in c for c in covered)


# --------------------------------------------------------------------------- properties

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@st.composite
def _written_dates(draw):
    """Return (text, value): a random valid date written one of the articles' ways."""
    day = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
    pad = draw(st.booleans())
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if pad else (str(day.day), str(day.month))
    sep = draw(st.sampled_from(["/", "-", "."]))
    q = (day.month + 2) // 3
    n = draw(st.integers(min_value=1, max_value=12))
    later = draw(st.integers(min_value=1, max_value=100))
    forms = [
        (f"Ngày {d}{sep}{m}{sep}{day.year}", day.isoformat()),
        (f"ngày {d} tháng {m} năm {day.year}", day.isoformat()),
        (f"tháng {m}/{day.year}", f"{day.year}-{day.month:02d}"),
        (f"tháng {m} năm {day.year}", f"{day.year}-{day.month:02d}"),
        (f"năm {day.year}", str(day.year)),
        (f"quý {_ROMAN[q]} năm {day.year}", f"{day.year}-Q{q}"),
        (f"quý {q}/{day.year}", f"{day.year}-Q{q}"),
        (f"{n} tháng đầu năm {day.year}", _first_months(n, day.year)),
        (f"nhiệm kỳ {day.year} – {day.year + later}", f"{day.year}/{day.year + later}"),
        (f"({d}/{m}/{day.year - later} – {d}/{m}/{day.year})", _anniversary(day, later)),
    ]
    return draw(st.sampled_from(forms))


def _first_months(n: int, year: int) -> str:
    named = {1: f"{year}-01", 3: f"{year}-Q1", 6: f"{year}-H1", 12: f"{year}"}
    return named.get(n, f"{year}-01/{year}-{n:02d}")


def _anniversary(day: dt.date, years: int) -> str | None:
    try:
        first = day.replace(year=day.year - years)
    except ValueError:  # 29 February of a common year: not a date, nothing to read back
        return None
    return f"{first.isoformat()}/{day.isoformat()}"


@given(_written_dates())
@settings(max_examples=400, deadline=None)
def test_written_dates_read_back_exactly(form):
    text, value = form
    body = f"{text}, Đảng ủy phường tổ chức hội nghị."
    assert [s.value for s in _spans(body)] == ([value] if value else [])


@given(st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2098, 12, 31)),
       st.integers(min_value=0, max_value=30), st.sampled_from(["Sáng", "Chiều ngày", "Ngày", "thứ Bảy,"]),
       st.sampled_from(["/", "-", "."]))
@settings(max_examples=300, deadline=None)
def test_a_day_without_a_year_reads_back_from_the_publication_date(day, days_later, cue, sep):
    body = f"{cue} {day.day}{sep}{day.month}, Đảng ủy phường tổ chức hội nghị."
    (span,) = _spans(body, published=day + dt.timedelta(days=days_later))
    assert (span.value, span.year_source, span.is_event_date) == (day.isoformat(), "published", True)


_PIECES = ["ngày", "Sáng", "tháng", "năm", "quý", "II", "đến", "và", "từ", "Tết", "8/8", "2023", "1/3",
           "31/2", "16-11", " ", " ", ", ", "\n", "–", "-", "/", ".", ":", "6", "12", "1945", "(", ")"]


@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.text(max_size=20))
@settings(max_examples=300, deadline=None)
def test_junk_never_raises_and_spans_slice_the_body(pieces, noise):
    body = "".join(pieces) + noise
    spans = _spans(body, published=dt.date(2024, 5, 1))
    assert all(body[s.start : s.end] == s.text for s in spans)
    assert sum(s.is_event_date for s in spans) <= 1
    assert all(a <= b for a, b in date_spans(body))


_SCAN_PIECES = [*_PIECES, "THÁNG", "Quý", "QUÝ", "ý", "á", "Có thể là ảnh", "có thể là hình ảnh", "0", "12345",
                "2020-2025", "07/11/23", "1.000", "5,6 và 7/8", "mùng", "hàng năm", "giờ"]


@given(st.lists(st.sampled_from(_SCAN_PIECES), max_size=30), st.text(max_size=10))
@settings(max_examples=300, deadline=None)
def test_the_one_scan_finds_what_each_regex_finds_alone(pieces, noise):
    text = "".join(pieces) + noise
    finder = EXTRACT._finder
    for regex, found in zip(finder.regexes, finder.matches(text)):
        alone = re.compile(regex, re.IGNORECASE).finditer(text)
        assert [m.span() for m in found] == [m.span() for m in alone]


# --------------------------------------------------------------------------- golden articles

def _gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _gold_spans(record: dict):
    text, title = record["text"], record["title"]
    lines = text.split("\n")
    body = "\n".join(lines[1:]) if title is not None and lines[0] == title else text
    return _spans(body, title)


def _values_of(spans) -> set[str]:
    return {comparison_key(s.value) for s in spans}


@pytest.mark.parametrize("record", _gold(DEV), ids=lambda r: r["id"])
def test_dev_articles_give_exactly_the_gold_dates(record):
    spans = _gold_spans(record)
    assert _values_of(spans) == {comparison_key(v) for v in record["dates"]}
    events = [s.date_start.isoformat() for s in spans if s.is_event_date]
    assert events == ([record["event_date"]] if record["event_date"] else [])


def test_dev_caption_and_durations_stay_out():
    d001 = next(r for r in _gold(DEV) if r["id"] == "d001")
    values = _values_of(_gold_spans(d001))
    assert "1930-02-03/2023-02-03" not in values  # inside the generated caption
    assert "2023-02" not in values


@pytest.fixture(scope="module")
def regions_gold() -> list[dict]:
    if not REGIONS.is_file():
        pytest.skip(f"the shared gold is not at {REGIONS} (it sits beside the repository in CI)")
    return _gold(REGIONS)


def test_regions_gold_dates_and_event_dates(regions_gold):
    tp = fp = fn = events_right = 0
    for record in regions_gold:
        spans = _gold_spans(record)
        got, want = _values_of(spans), {comparison_key(v) for v in record["dates"]}
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        events = [s.date_start.isoformat() for s in spans if s.is_event_date]
        events_right += events == ([record["event_date"]] if record["event_date"] else [])
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.95 and events_right >= len(regions_gold) - 2


def test_corpus_spans_slice_bodies_and_run_fast(corpus_dir):
    bodies = [p.read_text(encoding="utf-8") for p in sorted(corpus_dir.glob("*.txt"))]
    docs = [segment(Article(article_id=str(i), source=f"{i}.txt", title=None, byline=None, body=b,
                            content_sha256="")) for i, b in enumerate(bodies)]
    started = time.perf_counter()
    results = [EXTRACT(doc) for doc in docs]
    elapsed = time.perf_counter() - started
    for doc, spans in zip(docs, results):
        assert all(doc.body[s.start : s.end] == s.text for s in spans)
        assert sum(s.is_event_date for s in spans) <= 1
    # Measured at ~8 M chars/s; the floor only catches a rule that scans position by position.
    assert sum(map(len, bodies)) / elapsed > 1_000_000


# Real articles of the corpus whose reader's year or event day needs the rules above:
# a review year before a January day, the lunar new year's (with or without its year),
# a background election.
CORPUS_GOLDEN = [
    # (file, a value that must come out, one that must not, the event date)
    ("north-048.txt", "2021-05-23", None, "2021-06-29"),
    ("central-043.txt", "2025-01-15", "2024-01-15", "2025-01-15"),
    ("figures-032.txt", "2025-01-03", "2024-01-03", "2025-01-03"),
    ("south-028.txt", "2026-01-09", "2025-01-09", "2026-01-09"),
    ("north-012.txt", "2013-01-29", "2014-01-29", "2013-01-29"),
    ("central-013.txt", "2025-01-05", None, "2025-01-05"),
]


@pytest.mark.parametrize(("name", "present", "absent", "event"), CORPUS_GOLDEN)
def test_corpus_articles_get_the_readers_year_and_event_day(corpus_dir, name, present, absent, event):
    body = (corpus_dir / name).read_text(encoding="utf-8")
    spans = EXTRACT(segment(Article(article_id="t", source=name, title=None, byline=None, body=body,
                                    content_sha256="")))
    values = {s.value for s in spans}
    assert present in values and absent not in values
    assert [s.date_start.isoformat() for s in spans if s.is_event_date] == [event]
