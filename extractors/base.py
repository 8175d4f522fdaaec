"""The face every extractor shows: a segmented article in, spans with body offsets out.

Each extractor module (``dates``, ``officials``, ``wards``, ``indicators``) exposes a
class that loads its rules once and is then called on one ``SegmentedArticle`` at a
time.  How it finds its spans (rules, a model, both) stays inside the module.
Every span's ``start``/``end`` slice ``article.body`` to exactly ``text``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:  # the pipeline imports this module: avoid a cycle at run time
    from vnextract.pipeline.documents import SegmentedArticle


@dataclass(frozen=True, slots=True)
class Span:
    """A ``[start, end)`` slice of the article body and the text it covers."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class DateSpan(Span):
    """A calendar expression, normalised as the gold guide says.

    ``value``: "2023-02-02", "2023-02", "2023", "2023-Q2", "2023-H1",
    "2025-01/2025-09", "1933-02-03/2023-02-03", "2020/2025".
    ``granularity``: day, month, quarter, half, year, or the same with "_range".
    ``year_source``: where the year came from: "explicit", "context", "title", "published".
    """

    value: str
    date_start: dt.date
    date_end: dt.date
    granularity: str
    is_event_date: bool = False
    year_source: str = "explicit"


@dataclass(frozen=True, slots=True)
class OfficialSpan(Span):
    """One (person, position) pair; ``start``/``end``/``text`` are the person's first mention."""

    name: str
    position: str
    organization: str | None
    mentions: int = 1
    confidence: float = 1.0
    former: bool = False


@dataclass(frozen=True, slots=True)
class WardSpan(Span):
    """One ward-level unit named in the article; ``start``/``end`` are its first mention.

    ``status``: "resolved", "ambiguous" (``n_candidates`` > 1) or "unknown".
    ``change``: how the unit fared on 1 July 2025: merged, renamed, divided, unchanged, new.
    """

    name: str
    district: str | None
    province: str | None
    status: str
    n_candidates: int = 0
    new_ward: str | None = None
    new_province: str | None = None
    change: str | None = None
    is_primary: bool = False
    mentions: int = 1


@dataclass(frozen=True, slots=True)
class IndicatorSpan(Span):
    """A quantity that measures something; ``text`` is the evidence."""

    subject: str
    value: float
    unit: str
    denominator: float | None = None
    comparator: str = "="
    kind: str = "actual"
    period: str | None = None
    confidence: float = 1.0


S_co = TypeVar("S_co", bound=Span, covariant=True)


class Extractor(Protocol[S_co]):
    """What the pipeline calls: ``extractor(segmented_article) -> list of spans``."""

    name: str

    def __call__(self, doc: SegmentedArticle) -> list[S_co]: ...
