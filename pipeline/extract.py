"""Extract stage: run every extractor over one segmented article.

An extractor that raises on one article costs that article's spans of that kind
(a reject row says so), not the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from vnextract.extractors.base import DateSpan, IndicatorSpan, OfficialSpan, Span, WardSpan
from vnextract.pipeline.documents import Reject, SegmentedArticle

KINDS = ("dates", "officials", "wards", "indicators")


@dataclass(slots=True)
class Extractions:
    """The spans of each kind found in one article, sorted by offset."""

    doc: SegmentedArticle
    dates: list[DateSpan] = field(default_factory=list)
    officials: list[OfficialSpan] = field(default_factory=list)
    wards: list[WardSpan] = field(default_factory=list)
    indicators: list[IndicatorSpan] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


@lru_cache(maxsize=1)
def default_extractors() -> tuple:
    """Return the four extractors, built once per process (they load lexicons and models)."""
    from vnextract.extractors.dates import DatesExtractor
    from vnextract.extractors.indicators import IndicatorsExtractor
    from vnextract.extractors.officials import OfficialsExtractor
    from vnextract.extractors.wards import WardsExtractor

    return (DatesExtractor(), OfficialsExtractor(), WardsExtractor(), IndicatorsExtractor())


def _by_offset(spans: list[Span]) -> list[Span]:
    return sorted(spans, key=lambda s: (s.start, s.end))


def extract(doc: SegmentedArticle, extractors: tuple | None = None) -> Extractions:
    """Return every extractor's spans over ``doc``."""
    found = Extractions(doc=doc)
    for extractor in extractors or default_extractors():
        try:
            spans = extractor(doc)
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop a batch run
            found.rejects.append(Reject(
                doc.article.source, "extract", f"{extractor.name}_failed", f"{type(exc).__name__}: {exc}",
            ))
            continue
        setattr(found, extractor.name, _by_offset(spans))
    return found
