"""Pydantic models of the rows of every table.

The validate stage builds one model per extracted span; a span that fails becomes
a reject row with pydantic's message, and the rest of its article is kept.
Span rows are validated against the article body (passed as validation context):
their offsets must slice the body to exactly their text.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

Comparator = Literal["=", ">=", ">", "<", "<=", "~"]
IndicatorKind = Literal["actual", "target"]
WardStatus = Literal["resolved", "ambiguous", "unknown"]
Granularity = Literal[
    "day", "month", "quarter", "half", "year",
    "day_range", "month_range", "year_range",
]
YearSource = Literal["explicit", "context", "title", "published"]
WardChange = Literal["merged", "renamed", "divided", "unchanged", "new"]

# Years outside this window are misreadings (a document number, a count), not dates.
MIN_YEAR, MAX_YEAR = 1800, 2100


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    article_id: str = Field(min_length=1)


class SpanRecord(Record):
    """A row that points into the article body."""

    start: int = Field(ge=0)
    end: int = Field(gt=0)

    @model_validator(mode="after")
    def _offsets_slice_body(self, info: ValidationInfo) -> SpanRecord:
        body = (info.context or {}).get("body")
        if self.end <= self.start:
            raise ValueError(f"empty span [{self.start}, {self.end})")
        if body is not None:
            if self.end > len(body):
                raise ValueError(f"span end {self.end} is past the body ({len(body)} chars)")
            if body[self.start : self.end] != self.span_text():
                raise ValueError("span text does not match the body at its offsets")
        return self

    def span_text(self) -> str:
        raise NotImplementedError


class ArticleRecord(Record):
    source: str
    title: str | None
    byline: str | None
    body: str
    event_date: dt.date | None
    primary_ward: str | None
    n_sentences: int = Field(ge=0)
    content_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    published: dt.date | None = None
    url: str | None = None


class DateRecord(SpanRecord):
    text: str
    value: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?|-Q[1-4]|-H[12])?(/\d{4}(-\d{2}(-\d{2})?)?)?$")
    date_start: dt.date
    date_end: dt.date
    granularity: Granularity
    is_event_date: bool
    year_source: YearSource

    def span_text(self) -> str:
        return self.text

    @model_validator(mode="after")
    def _ordered_plausible(self) -> DateRecord:
        if self.date_end < self.date_start:
            raise ValueError(f"date_end {self.date_end} is before date_start {self.date_start}")
        if not (MIN_YEAR <= self.date_start.year and self.date_end.year <= MAX_YEAR):
            raise ValueError(f"year outside {MIN_YEAR}-{MAX_YEAR}")
        return self


class OfficialRecord(SpanRecord):
    text: str
    name: str = Field(min_length=2)
    position: str = Field(min_length=2)
    organization: str | None
    mentions: int = Field(ge=1)
    confidence: float = Field(ge=0.0, le=1.0)
    former: bool

    def span_text(self) -> str:
        return self.text


class WardRecord(SpanRecord):
    text: str
    name: str = Field(min_length=3)
    district: str | None
    province: str | None
    status: WardStatus
    n_candidates: int = Field(ge=0)
    new_ward: str | None
    new_province: str | None
    change: WardChange | None
    is_primary: bool
    mentions: int = Field(ge=1)

    def span_text(self) -> str:
        return self.text


class IndicatorRecord(SpanRecord):
    evidence: str
    subject: str
    value: float
    unit: str = Field(min_length=1)
    denominator: float | None
    comparator: Comparator
    kind: IndicatorKind
    period: str | None
    confidence: float = Field(ge=0.0, le=1.0)

    def span_text(self) -> str:
        return self.evidence

    @field_validator("value", "denominator")
    @classmethod
    def _finite(cls, number: float | None) -> float | None:
        if number is not None and not math.isfinite(number):
            raise ValueError("not a finite number")
        return number


class RejectRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    stage: str
    reason: str
    detail: str
