"""The command line, end to end on the bundled samples, as a user runs it."""

import datetime as dt
import json
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest
import typer
from conftest import REPO, SAMPLES, run_cli

from vnextract.cli import app
from vnextract.schemas.tables import TABLES


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = run_cli("run", str(SAMPLES), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_run_writes_six_tables_and_a_manifest(sample_out):
    for name in TABLES:
        assert (sample_out / f"{name}.parquet").is_file(), name
    manifest = json.loads((sample_out / "manifest.json").read_text())
    assert manifest["rows"]["articles"] == 5
    assert manifest["inputs_seen"] == 5 and manifest["processed"] == 5


@pytest.mark.parametrize("name", list(TABLES))
def test_every_table_reads_back_with_its_declared_types(sample_out, name):
    path = sample_out / f"{name}.parquet"
    assert pq.read_schema(path).equals(TABLES[name], check_metadata=False)
    frame = pd.read_parquet(path)
    assert list(frame.columns) == TABLES[name].names
    assert pl.read_parquet(path).width == len(TABLES[name])
    assert duckdb.sql(f"select count(*) from '{path}'").fetchall()[0][0] == len(frame)


def test_dates_are_date32_and_categories_dictionary_encoded(sample_out):
    articles = duckdb.sql(f"select event_date from '{sample_out}/articles.parquet'").fetchall()
    assert all(d is None or isinstance(d, dt.date) for (d,) in articles)
    dates = pd.read_parquet(sample_out / "dates.parquet")
    assert isinstance(dates["granularity"].dtype, pd.CategoricalDtype)


def test_sample_tables_hold_right_facts(sample_out):
    """Facts a reader of the samples finds at once; gold-level accuracy is in test_accuracy_floors."""
    articles = pd.read_parquet(sample_out / "articles.parquet").set_index("source")
    assert articles.loc["001_8fd10c4c5ee0c56d.txt", "event_date"] == dt.date(2023, 1, 10)
    assert articles.loc["001_8fd10c4c5ee0c56d.txt", "primary_ward"] == "Phường Cầu Kho"
    officials = pd.read_parquet(sample_out / "officials.parquet")
    assert {"Vũ Đình Trung", "Trần Việt Hùng"} <= set(officials["name"])
    indicators = pd.read_parquet(sample_out / "indicators.parquet")
    assert 209_376_000.0 in set(indicators["value"])
    body = articles.loc["003_a44b55e1103faed2.txt", "body"]
    assert "Zalo" not in body


def test_offsets_slice_the_body(sample_out):
    bodies = pd.read_parquet(sample_out / "articles.parquet").set_index("article_id")["body"]
    for name, text_column in (("dates", "text"), ("indicators", "evidence"), ("wards", "text"), ("officials", "text")):
        for row in pd.read_parquet(sample_out / f"{name}.parquet").itertuples():
            assert bodies[row.article_id][row.start : row.end] == getattr(row, text_column)


def test_second_run_says_nothing_needed_work(sample_out):
    before = {n: (sample_out / f"{n}.parquet").read_bytes() for n in TABLES}
    result = run_cli("run", str(SAMPLES), "--out", str(sample_out))
    assert result.returncode == 0, result.stderr
    assert "Nothing needed work" in result.stdout
    assert before == {n: (sample_out / f"{n}.parquet").read_bytes() for n in TABLES}


def test_extract_prints_one_articles_rows_as_json():
    result = run_cli("extract", str(SAMPLES / "001_8fd10c4c5ee0c56d.txt"))
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows["articles"][0]["event_date"] == "2023-01-10"
    assert any(r["value"] == "2023-01-10" for r in rows["dates"])


def test_extract_reads_standard_input():
    result = run_cli("extract", "-", input="Tiêu đề\nNgày 9 tháng 2 năm 2022, phường Cầu Kho họp.")
    assert result.returncode == 0, result.stderr
    assert any(r["value"] == "2022-02-09" for r in json.loads(result.stdout)["dates"])


def test_schema_prints_every_table_and_column():
    result = run_cli("schema")
    for name, schema in TABLES.items():
        assert f"{name}.parquet" in result.stdout
        assert all(column in result.stdout for column in schema.names)


def test_missing_input_folder_is_a_clear_error(tmp_path):
    result = run_cli("run", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert result.returncode != 0
    assert "is not a folder" in result.stderr


def test_every_command_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = typer.main.get_command(app).commands
    assert {"run", "extract", "schema"} <= set(commands)
    for command in commands:
        assert f"vnextract {command}" in readme, command


def test_rejects_change_the_exit_code_only_under_strict(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text((SAMPLES / "001_8fd10c4c5ee0c56d.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    lenient = run_cli("run", str(inputs), "--out", str(tmp_path / "a"))
    strict = run_cli("run", str(inputs), "--out", str(tmp_path / "b"), "--strict")
    assert lenient.returncode == 0, lenient.stderr
    assert strict.returncode == 3
    rejects = pd.read_parquet(tmp_path / "b" / "rejects.parquet")
    assert list(rejects["source"]) == ["empty.txt"]
    assert len(pd.read_parquet(tmp_path / "b" / "articles.parquet")) == 1
