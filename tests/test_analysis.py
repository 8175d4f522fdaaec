"""vnextract.analysis: load() reads a run's tables with the declared types and joins them."""

import datetime as dt

import pandas as pd
import pytest

from vnextract.analysis import OutputNotFound, load
from vnextract.pipeline.validate import TableRows
from vnextract.pipeline.write import TableWriter

BODY_A = "Ngày 02/02/2023, Đảng ủy Phường Đa Kao họp. Đồng chí Nguyễn Văn An, Bí thư Đảng ủy phường, phát biểu."
BODY_B = "Năm 2024, phường 9 có 120 hộ thoát nghèo."


def span(body: str, text: str) -> dict:
    start = body.index(text)
    return {"start": start, "end": start + len(text), "text": text}


def article(article_id: str, body: str, **extra) -> dict:
    return {
        "article_id": article_id, "source": f"{article_id}.txt", "title": None, "byline": None,
        "body": body, "event_date": None, "primary_ward": None, "n_sentences": 1,
        "content_sha256": "0" * 64, "published": None, "url": None, **extra,
    }


def ward(article_id: str, body: str, text: str, name: str, **extra) -> dict:
    return {
        "article_id": article_id, "name": name, "district": None, "province": None, "status": "unknown",
        "n_candidates": 0, "new_ward": None, "new_province": None, "change": None, "is_primary": False,
        "mentions": 1, **span(body, text), **extra,
    }


def official(article_id: str, body: str, text: str, position: str, organization: str | None) -> dict:
    return {
        "article_id": article_id, "name": text, "position": position, "organization": organization,
        "mentions": 1, "confidence": 0.9, "former": False, **span(body, text),
    }


def indicator(article_id: str, body: str, text: str, value: float, unit: str, period: str | None) -> dict:
    return {
        "article_id": article_id, "subject": "hộ thoát nghèo", "value": value, "unit": unit,
        "denominator": None, "comparator": "=", "kind": "actual", "period": period,
        "confidence": 0.8, "evidence": span(body, text)["text"],
        "start": span(body, text)["start"], "end": span(body, text)["end"],
    }


def sample_rows() -> TableRows:
    rows = TableRows()
    rows.rows["articles"] = [
        article("a", BODY_A, event_date=dt.date(2023, 2, 2), primary_ward="Phường Đa Kao"),
        article("b", BODY_B, published=dt.date(2024, 5, 1)),
    ]
    rows.rows["dates"] = [{
        "article_id": "a", **span(BODY_A, "02/02/2023"), "value": "2023-02-02",
        "date_start": dt.date(2023, 2, 2), "date_end": dt.date(2023, 2, 2), "granularity": "day",
        "is_event_date": True, "year_source": "explicit",
    }]
    rows.rows["officials"] = [
        official("a", BODY_A, "Nguyễn Văn An", "Bí thư", "Đảng ủy phường"),
        official("a", BODY_A, "Nguyễn Văn An", "Chủ tịch", None),
    ]
    rows.rows["wards"] = [
        ward("a", BODY_A, "Phường Đa Kao", "Phường Đa Kao", district="Quận 1",
             province="Thành phố Hồ Chí Minh", status="resolved", n_candidates=1, is_primary=True),
        ward("b", BODY_B, "phường 9", "Phường 9", status="ambiguous", n_candidates=40),
    ]
    rows.rows["indicators"] = [
        indicator("b", BODY_B, "120 hộ thoát nghèo", 120, "hộ", None),
        indicator("a", BODY_A, "Đồng chí", 1, "người", "2020/2025"),
    ]
    rows.rows["rejects"] = [{"source": "c.txt", "stage": "ingest", "reason": "empty", "detail": "no text"}]
    return rows


def write_run(out, rows: TableRows) -> None:
    with TableWriter(out) as writer:
        writer.write(rows)
        writer.commit({"version": "test", "input": "in", "started": "2025-01-01T00:00:00"})


@pytest.fixture
def tables(tmp_path):
    write_run(tmp_path, sample_rows())
    return load(tmp_path)


def test_every_table_loads_with_its_rows(tables):
    counts = {name: len(getattr(tables, name)) for name in
              ("articles", "dates", "officials", "wards", "indicators", "rejects")}
    assert counts == {"articles": 2, "dates": 1, "officials": 2, "wards": 2, "indicators": 2, "rejects": 1}
    assert tables.manifest["rows"]["officials"] == 2


def test_dates_are_datetimes_and_categories_are_categoricals(tables):
    assert pd.api.types.is_datetime64_any_dtype(tables.articles["event_date"])
    assert pd.api.types.is_datetime64_any_dtype(tables.dates["date_start"])
    assert isinstance(tables.wards["status"].dtype, pd.CategoricalDtype)
    assert isinstance(tables.indicators["unit"].dtype, pd.CategoricalDtype)


def test_officials_carry_their_articles_date_ward_and_district(tables):
    joined = tables.officials_by_article
    assert len(joined) == 2
    first = joined.iloc[0]
    assert first["event_date"] == pd.Timestamp("2023-02-02")
    assert (first["primary_ward"], first["district"], first["source"]) == ("Phường Đa Kao", "Quận 1", "a.txt")


@pytest.mark.parametrize("article_id, ward_name, year, year_from", [
    ("a", "Phường Đa Kao", 2025, "period"),    # last year of the term 2020/2025
    ("b", None, 2024, "published"),            # no period, no event date: the publication year
])
def test_indicators_get_the_articles_ward_and_a_year(tables, article_id, ward_name, year, year_from):
    row = tables.indicators_by_ward.set_index("article_id").loc[article_id]
    assert (None if pd.isna(row["ward"]) else row["ward"]) == ward_name
    assert (row["year"], row["year_from"]) == (year, year_from)


def test_articles_per_ward_counts_mentions_and_primaries(tables):
    per_ward = tables.articles_per_ward.set_index("ward")
    assert per_ward.loc["Phường Đa Kao", ["articles", "as_primary"]].tolist() == [1, 1]
    assert per_ward.loc["Phường 9", ["articles", "as_primary"]].tolist() == [1, 0]


def test_an_empty_run_loads_as_empty_frames(tmp_path):
    write_run(tmp_path, TableRows())
    empty = load(tmp_path)
    assert empty.articles.empty and empty.officials_by_article.empty and empty.indicators_by_ward.empty
    assert empty.articles_per_ward.empty


def test_a_folder_without_tables_says_what_is_missing(tmp_path):
    with pytest.raises(OutputNotFound, match="articles.parquet is missing"):
        load(tmp_path)
