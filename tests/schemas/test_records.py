import datetime as dt

import pytest
from pydantic import ValidationError

from vnextract.schemas.records import DateRecord, IndicatorRecord

BODY = "Ngày 02/02/2023, phường thu 1,6 tỷ đồng."


def _date(**changes):
    fields = {
        "article_id": "a", "start": 5, "end": 15, "text": "02/02/2023", "value": "2023-02-02",
        "date_start": dt.date(2023, 2, 2), "date_end": dt.date(2023, 2, 2),
        "granularity": "day", "is_event_date": True, "year_source": "explicit",
    }
    return {**fields, **changes}


def _indicator(**changes):
    fields = {
        "article_id": "a", "start": 28, "end": 39, "evidence": "1,6 tỷ đồng", "subject": "thu", "value": 1.6e9,
        "unit": "VND", "denominator": None, "comparator": "=", "kind": "actual", "period": None, "confidence": 0.9,
    }
    return {**fields, **changes}


def test_a_good_date_validates_against_its_body():
    assert DateRecord.model_validate(_date(), context={"body": BODY}).value == "2023-02-02"


@pytest.mark.parametrize(
    "changes",
    [
        {"text": "03/02/2023"},  # offsets do not slice the body to the text
        {"end": 500, "text": BODY[5:]},  # past the end of the body
        {"start": 15, "end": 15, "text": ""},  # empty
        {"value": "02/02/2023"},  # not normalised
        {"date_end": dt.date(2023, 2, 1)},  # ends before it starts
        {"granularity": "week"},
        {"date_start": dt.date(1200, 1, 1), "date_end": dt.date(1200, 1, 1)},
    ],
)
def test_a_bad_date_is_refused(changes):
    with pytest.raises(ValidationError):
        DateRecord.model_validate(_date(**changes), context={"body": BODY})


@pytest.mark.parametrize(
    "changes",
    [{"value": float("inf")}, {"value": float("nan")}, {"comparator": "=="}, {"kind": "plan"}, {"unit": ""}],
)
def test_a_bad_indicator_is_refused(changes):
    with pytest.raises(ValidationError):
        IndicatorRecord.model_validate(_indicator(**changes), context={"body": BODY})


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError):
        IndicatorRecord.model_validate(_indicator(colour="red"), context={"body": BODY})
