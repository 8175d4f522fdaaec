import datetime as dt

import pyarrow.parquet as pq
import pytest

from vnextract.pipeline.validate import TableRows
from vnextract.pipeline.write import TableWriter
from vnextract.schemas.tables import TABLES


def _rows(n: int) -> TableRows:
    rows = TableRows()
    rows.rows["dates"] = [
        {"article_id": f"a{i}", "start": 0, "end": 4, "text": "2023", "value": "2023",
             "date_start": dt.date(2023, 1, 1), "date_end": dt.date(2023, 12, 31),
             "granularity": "year", "is_event_date": False, "year_source": "explicit"}
        for i in range(n)
    ]
    return rows


def test_tables_round_trip_with_declared_schemas(tmp_path):
    with TableWriter(tmp_path, row_group_rows=3) as writer:
        writer.write(_rows(7))
        manifest = writer.commit({"version": "x"})
    assert manifest["rows"]["dates"] == 7
    for name, schema in TABLES.items():
        table = pq.read_table(tmp_path / f"{name}.parquet")
        assert table.schema.equals(schema, check_metadata=False), name
    dates = pq.read_table(tmp_path / "dates.parquet").to_pylist()
    assert [d["article_id"] for d in dates] == [f"a{i}" for i in range(7)]
    assert dates[0]["date_start"] == dt.date(2023, 1, 1)


def test_a_failed_run_leaves_previous_tables_and_no_temp_files(tmp_path):
    with TableWriter(tmp_path) as writer:
        writer.write(_rows(2))
        writer.commit({})
    before = (tmp_path / "dates.parquet").read_bytes()
    with pytest.raises(RuntimeError), TableWriter(tmp_path) as writer:
        writer.write(_rows(5))
        raise RuntimeError("crash mid-run")
    assert (tmp_path / "dates.parquet").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if ".tmp" in p.name]


def test_column_descriptions_are_in_the_parquet_metadata(tmp_path):
    with TableWriter(tmp_path) as writer:
        writer.commit({})
    schema = pq.read_schema(tmp_path / "indicators.parquet")
    assert all(field.metadata and field.metadata.get(b"description") for field in schema)
