import datetime as dt

from vnextract.extractors.base import DateSpan, IndicatorSpan
from vnextract.pipeline.documents import Article
from vnextract.pipeline.extract import Extractions, extract
from vnextract.pipeline.segment import segment
from vnextract.pipeline.validate import RECORD_MODELS, validate
from vnextract.schemas.records import ArticleRecord

BODY = "Ngày 02/02/2023, phường thu 1,6 tỷ đồng."


def _doc():
    return segment(Article("a1", "a.txt", "Tiêu đề", None, BODY, "0" * 64))


def test_invalid_span_becomes_a_reject_and_the_rest_is_kept():
    day = dt.date(2023, 2, 2)
    good = DateSpan(5, 15, "02/02/2023", "2023-02-02", day, day, "day", is_event_date=True)
    bad = IndicatorSpan(28, 39, "1,6 tỷ đồng", "thu", float("inf"), "VND")
    rows = validate(Extractions(doc=_doc(), dates=[good], indicators=[bad])).rows
    assert [r["value"] for r in rows["dates"]] == ["2023-02-02"]
    assert rows["indicators"] == []
    assert [(r["stage"], r["reason"]) for r in rows["rejects"]] == [("validate", "invalid_indicator")]
    assert rows["articles"][0]["event_date"] == day


def test_indicator_text_is_written_as_evidence():
    span = IndicatorSpan(28, 39, "1,6 tỷ đồng", "thu", 1.6e9, "VND")
    rows = validate(Extractions(doc=_doc(), indicators=[span])).rows
    assert rows["indicators"][0]["evidence"] == "1,6 tỷ đồng"


class _Broken:
    name = "dates"

    def __call__(self, doc):
        raise RuntimeError("boom")


def test_an_extractor_that_raises_costs_only_its_spans():
    found = extract(_doc(), extractors=(_Broken(),))
    rows = validate(found).rows
    assert len(rows["articles"]) == 1
    assert rows["rejects"][0]["reason"] == "dates_failed"
    assert "boom" in rows["rejects"][0]["detail"]


def test_rows_are_what_model_dump_gives():
    day = dt.date(2023, 2, 2)
    found = Extractions(
        doc=_doc(),
        dates=[DateSpan(5, 15, "02/02/2023", "2023-02-02", day, day, "day", is_event_date=True)],
        indicators=[IndicatorSpan(28, 39, "1,6 tỷ đồng", "thu", 1.6e9, "VND")],
    )
    rows = validate(found).rows
    for kind, model in RECORD_MODELS.items():
        for row in rows[kind]:
            assert row == model.model_validate(row).model_dump()
            assert list(row) == list(model.model_fields)
    assert rows["articles"][0] == ArticleRecord.model_validate(rows["articles"][0]).model_dump()
