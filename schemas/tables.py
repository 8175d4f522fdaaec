"""The Arrow schemas of the output tables, with a description for every column.

Schemas are explicit (never inferred from a first batch); each column's description
is stored in the Parquet field metadata under ``description`` and printed by
``vnextract schema``.  Categorical columns are dictionary-encoded.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

CATEGORY = pa.dictionary(pa.int32(), pa.string())


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    nullable: bool = True


def _schema(table: str, description: str, columns: list[Column]) -> pa.Schema:
    fields = [
        pa.field(c.name, c.type, nullable=c.nullable, metadata={"description": c.description})
        for c in columns
    ]
    return pa.schema(fields, metadata={"table": table, "description": description})


_ARTICLE_ID = Column("article_id", pa.string(), "stable id of the article (from its source path)", False)
_START = Column("start", pa.int32(), "start offset of the span in articles.body (characters)", False)
_END = Column("end", pa.int32(), "end offset (exclusive) of the span in articles.body", False)

ARTICLES = _schema("articles", "one row per article read", [
    _ARTICLE_ID,
    Column("source", pa.string(), "input path relative to the input folder (#line for JSON lines)", False),
    Column("title", pa.string(), "the headline, or null"),
    Column("byline", pa.string(), "the author's name or signature, or null"),
    Column("body", pa.string(), "cleaned text all offsets point into", False),
    Column("event_date", pa.date32(), "day the reported event took place, or null"),
    Column("primary_ward", pa.string(), "canonical name of the ward the article is about, or null"),
    Column("n_sentences", pa.int32(), "number of sentences in the body", False),
    Column("content_sha256", pa.string(), "SHA-256 of the raw input text", False),
    Column("published", pa.date32(), "publication or capture date given by the input, or null"),
    Column("url", pa.string(), "address of the page when the input gives it, or null"),
])

DATES = _schema("dates", "one row per calendar expression mentioned", [
    _ARTICLE_ID, _START, _END,
    Column("text", pa.string(), "the expression as written", False),
    Column("value", pa.string(), "normalised value: 2023-02-02, 2023-02, 2023, 2023-Q2, 2023-H1, 2020/2025", False),
    Column("date_start", pa.date32(), "first day the expression covers", False),
    Column("date_end", pa.date32(), "last day the expression covers", False),
    Column("granularity", CATEGORY, "day, month, quarter, half, year, or *_range", False),
    Column("is_event_date", pa.bool_(), "true on the mention giving the reported event's day", False),
    Column("year_source", CATEGORY, "where the year came from: explicit, context, title, published", False),
])

OFFICIALS = _schema("officials", "one row per (person, position) per article", [
    _ARTICLE_ID,
    Column("name", pa.string(), "full name as written", False),
    Column("position", pa.string(), "the office, abbreviations expanded (Phó Bí thư, Chủ tịch, ...)", False),
    Column("organization", pa.string(), "the body the office belongs to (Đảng ủy phường, ...), or null"),
    _START, _END,
    Column("text", pa.string(), "the person's first mention", False),
    Column("mentions", pa.int32(), "times the person is mentioned", False),
    Column("confidence", pa.float32(), "probability that this is a named official (model score)", False),
    Column("former", pa.bool_(), "true for a former office (nguyên ...)", False),
])

WARDS = _schema("wards", "one row per ward-level unit named in an article", [
    _ARTICLE_ID,
    Column("name", pa.string(), "canonical name: Phường Đa Kao, Phường 9, Xã Tân Nhựt", False),
    Column("district", pa.string(), "district in the pre-1-July-2025 list, or null"),
    Column("province", pa.string(), "province in the pre-1-July-2025 list (new province for new units), or null"),
    Column("status", CATEGORY, "resolved, ambiguous or unknown", False),
    Column("n_candidates", pa.int32(), "units of the official list the mention could be", False),
    Column("new_ward", pa.string(), "the unit that took it over on 1 July 2025, or null"),
    Column("new_province", pa.string(), "the province of that unit, or null"),
    Column("change", CATEGORY, "merged, renamed, divided, unchanged, new, or null"),
    Column("is_primary", pa.bool_(), "true for the ward the article is about", False),
    Column("mentions", pa.int32(), "times the ward is mentioned", False),
    _START, _END,
    Column("text", pa.string(), "the first mention as written", False),
])

INDICATORS = _schema("indicators", "one row per quantified result or target", [
    _ARTICLE_ID, _START, _END,
    Column("evidence", pa.string(), "verbatim text containing the number", False),
    Column("subject", pa.string(), "what is measured, lower case", False),
    Column("value", pa.float64(), "the number (scale words applied: 1,6 tỷ -> 1600000000)", False),
    Column("unit", CATEGORY, "VND, %, or the counted noun (hộ, đảng viên, khu phố, ...)", False),
    Column("denominator", pa.float64(), "second number of a ratio (8/8 khu phố), else null"),
    Column("comparator", CATEGORY, "=, >=, >, <, <=, ~", False),
    Column("kind", CATEGORY, "actual (a result) or target (an aim)", False),
    Column("period", pa.string(), "the year or period the text ties it to, or null"),
    Column("confidence", pa.float32(), "extractor's confidence", False),
])

REJECTS = _schema("rejects", "one row per input or record left out, with why", [
    Column("source", pa.string(), "input path (#line for JSON lines)", False),
    Column("stage", CATEGORY, "stage that left it out: ingest, clean, extract, validate", False),
    Column("reason", CATEGORY, "short reason code", False),
    Column("detail", pa.string(), "what exactly was wrong", False),
])

TABLES: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "dates": DATES,
    "officials": OFFICIALS,
    "wards": WARDS,
    "indicators": INDICATORS,
    "rejects": REJECTS,
}


def describe(schema: pa.Schema) -> list[tuple[str, str, str]]:
    """Return (column, type, description) for each column of ``schema``."""
    return [
        (f.name, str(f.type), (f.metadata or {}).get(b"description", b"").decode())
        for f in schema
    ]
