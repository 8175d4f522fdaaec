"""Validate stage: every span becomes a pydantic record or a reject row.

A record that fails validation is left out with pydantic's reason; the rest of
the article is kept.  The article row itself is built last, from the valid rows
(its event date and primary ward).
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, field, fields

from pydantic import BaseModel, ValidationError

from vnextract.pipeline.documents import Reject
from vnextract.pipeline.extract import Extractions
from vnextract.schemas.records import (
    ArticleRecord,
    DateRecord,
    IndicatorRecord,
    OfficialRecord,
    RejectRecord,
    WardRecord,
)

RECORD_MODELS: dict[str, type[BaseModel]] = {
    "dates": DateRecord,
    "officials": OfficialRecord,
    "wards": WardRecord,
    "indicators": IndicatorRecord,
}


@dataclass(slots=True)
class TableRows:
    """Validated rows per table, ready to write, as plain column dicts."""

    rows: dict[str, list[dict]] = field(default_factory=lambda: {
        name: [] for name in ("articles", "dates", "officials", "wards", "indicators", "rejects")
    })

    def extend(self, other: TableRows) -> None:
        for name, rows in other.rows.items():
            self.rows[name].extend(rows)

    def add_reject(self, reject: Reject) -> None:
        self.rows["rejects"].append(RejectRecord(**asdict(reject)).model_dump())

    def __len__(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


@functools.cache
def _field_names(span_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(span_type))


def _span_payload(span: object) -> dict:
    return {name: getattr(span, name) for name in _field_names(type(span))}


def _indicator_payload(span: object) -> dict:
    payload = _span_payload(span)
    payload["evidence"] = payload.pop("text")
    return payload


def _validated(kind: str, spans: list, found: Extractions, out: TableRows) -> list[BaseModel]:
    model, article = RECORD_MODELS[kind], found.doc.article
    context = {"body": article.body}
    records = []
    for span in spans:
        payload = _indicator_payload(span) if kind == "indicators" else _span_payload(span)
        try:
            records.append(model.model_validate({"article_id": article.article_id, **payload}, context=context))
        except ValidationError as exc:
            out.add_reject(Reject(article.source, "validate", f"invalid_{kind[:-1]}", _summary(exc, payload)))
    return records


def _summary(exc: ValidationError, payload: dict) -> str:
    errors = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'record'}: {e['msg']}" for e in exc.errors())
    return f"{errors} (text={payload.get('text', '')[:80]!r})"


def validate(found: Extractions) -> TableRows:
    """Return the article's valid rows for every table, and reject rows for the rest."""
    out = TableRows()
    for reject in found.rejects:
        out.add_reject(reject)
    valid = {kind: _validated(kind, getattr(found, kind), found, out) for kind in RECORD_MODELS}
    for kind, records in valid.items():
        out.rows[kind] = [r.model_dump() for r in records]
    out.rows["articles"].append(_article_row(found, valid))
    return out


def _article_row(found: Extractions, valid: dict[str, list[BaseModel]]) -> dict:
    article = found.doc.article
    event = next((d.date_start for d in valid["dates"] if d.is_event_date), None)
    primary = next((w.name for w in valid["wards"] if w.is_primary), None)
    return ArticleRecord(
        article_id=article.article_id,
        source=article.source,
        title=article.title,
        byline=article.byline,
        body=article.body,
        event_date=event,
        primary_ward=primary,
        n_sentences=len(found.doc.sentences),
        content_sha256=article.content_sha256,
        published=article.published,
        url=article.url,
    ).model_dump()
