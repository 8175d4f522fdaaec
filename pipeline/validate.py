"""Validate stage: every span becomes a pydantic record or a reject row.

A record that fails validation is left out with pydantic's reason; the rest of
the article is kept.  The article row itself is built last, from the valid rows
(its event date and primary ward).
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, field, fields

from pydantic import BaseModel, TypeAdapter, ValidationError

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
def _record_fields(kind: str, span_type: type) -> tuple[tuple[str, str], ...]:
    """Return (record key, span attribute) for each field of a span type; an
    indicator's ``text`` is its ``evidence``."""
    renamed = {"text": "evidence"} if kind == "indicators" else {}
    return tuple((renamed.get(f.name, f.name), f.name) for f in fields(span_type))


def _payload(kind: str, span: object, article_id: str) -> dict:
    """Return the record fields of ``span`` as the record model of ``kind`` reads them."""
    payload = {"article_id": article_id}
    for key, name in _record_fields(kind, type(span)):
        payload[key] = getattr(span, name)
    return payload


@functools.cache
def _spans_adapter() -> TypeAdapter:
    """Return the validator of an article's span records: one list per kind, in ``RECORD_MODELS`` order."""
    return TypeAdapter(tuple[tuple(list[model] for model in RECORD_MODELS.values())])


def _row(record: BaseModel) -> dict:
    # What ``model_dump()`` returns for these flat records (no nested models, no
    # computed fields), read without pydantic's serializer: ten times faster.
    return dict(record.__dict__)


def _valid_records(
    payloads: dict[str, list[dict]], context: dict, source: str, out: TableRows
) -> list[list[BaseModel]]:
    """Return the records of every kind that validate, adding a reject row for each other.

    The whole article is one call into pydantic; only an article with a bad record
    is validated again record by record, to keep the others.
    """
    try:
        return _spans_adapter().validate_python(tuple(payloads.values()), context=context)
    except ValidationError:
        return [_valid_records_of(kind, items, context, source, out) for kind, items in payloads.items()]


def _valid_records_of(kind: str, payloads: list[dict], context: dict, source: str, out: TableRows) -> list[BaseModel]:
    """Return the records of the payloads of ``kind`` that validate, one by one; a reject row for each other."""
    model, records = RECORD_MODELS[kind], []
    for payload in payloads:
        try:
            records.append(model.model_validate(payload, context=context))
        except ValidationError as exc:
            out.add_reject(Reject(source, "validate", f"invalid_{kind[:-1]}", _summary(exc, payload)))
    return records


def _summary(exc: ValidationError, payload: dict) -> str:
    errors = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'record'}: {e['msg']}" for e in exc.errors())
    return f"{errors} (text={payload.get('text', '')[:80]!r})"


def validate(found: Extractions) -> TableRows:
    """Return the article's valid rows for every table, and reject rows for the rest."""
    out = TableRows()
    for reject in found.rejects:
        out.add_reject(reject)
    article = found.doc.article
    payloads = {
        kind: [_payload(kind, span, article.article_id) for span in getattr(found, kind)] for kind in RECORD_MODELS
    }
    records = _valid_records(payloads, {"body": article.body}, article.source, out)
    for kind, kind_records in zip(RECORD_MODELS, records):
        out.rows[kind] = [_row(record) for record in kind_records]
    out.rows["articles"].append(_article_row(found, out.rows))
    return out


def _article_row(found: Extractions, rows: dict[str, list[dict]]) -> dict:
    article = found.doc.article
    event = next((d["date_start"] for d in rows["dates"] if d["is_event_date"]), None)
    primary = next((w["name"] for w in rows["wards"] if w["is_primary"]), None)
    return _row(ArticleRecord(
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
    ))
