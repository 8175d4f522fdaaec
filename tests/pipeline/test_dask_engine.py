"""The Dask engine gives the same rows as the local engine, on a real LocalCluster."""

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest
from conftest import SAMPLES, run_cli

from vnextract.pipeline.dask_engine import process_partition, run_dask
from vnextract.pipeline.run import run
from vnextract.schemas.tables import TABLES

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

CORPUS_ARTICLES = 250


def _rows(frame: pd.DataFrame) -> list[tuple]:
    frame = frame.astype(object).where(frame.notna(), None)
    return sorted(map(tuple, frame.itertuples(index=False)), key=repr)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, corpus_dir) -> Path:
    folder = tmp_path_factory.mktemp("in")
    shutil.copytree(SAMPLES, folder / "samples")
    for path in sorted(corpus_dir.glob("*.txt"))[:CORPUS_ARTICLES]:
        shutil.copy(path, folder / path.name)
    (folder / "empty.txt").write_bytes(b"")  # one reject, to compare the rejects table too
    return folder


@pytest.fixture(scope="module")
def dask_out(inputs, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dask")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        run_dask(inputs, out, scheduler=cluster.scheduler_address, partition_files=40)
    return out


def test_dask_tables_equal_a_local_run(inputs, dask_out, tmp_path):
    local = tmp_path / "local"
    run(inputs, local)
    for name in TABLES:
        parts = sorted((dask_out / name).glob("part-*.parquet"))
        assert len(parts) > 2, name  # really partitioned
        assert _rows(pd.read_parquet(dask_out / name)) == _rows(pd.read_parquet(local / f"{name}.parquet")), name


def test_datasets_read_as_one_table_in_pandas_polars_duckdb(dask_out):
    path = dask_out / "articles"
    n = len(pd.read_parquet(path))
    assert n > CORPUS_ARTICLES
    assert pl.read_parquet(f"{path}/*.parquet").height == n
    assert duckdb.sql(f"select count(*) from read_parquet('{path}/*.parquet')").fetchall()[0][0] == n


def test_a_failing_partition_becomes_reject_rows(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES, folder)
    (folder / "poison.txt").write_text("poison", encoding="utf-8")

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        # In-process workers see the patched task: the partition holding poison.txt raises.
        def failing(paths, root, staging, index):
            if any(p.name == "poison.txt" for p in paths):
                raise RuntimeError("worker lost")
            return process_partition(paths, root, staging, index)

        monkeypatch.setattr("vnextract.pipeline.dask_engine.process_partition", failing)
        summary = run_dask(folder, tmp_path / "out", scheduler=cluster.scheduler_address, partition_files=1)
    rejects = pd.read_parquet(tmp_path / "out" / "rejects")
    assert list(rejects["source"]) == ["poison.txt"]
    assert rejects["reason"].iloc[0] == "partition_failed" and "worker lost" in rejects["detail"].iloc[0]
    assert summary.rows["articles"] == 5


def test_the_command_shuts_its_local_cluster_down(tmp_path):
    # The command leaves without the interpreter's clean-up, so the engine must close the
    # cluster it started itself: else its workers' semaphores leak (the resource tracker says so).
    result = run_cli("run", str(SAMPLES), "--out", str(tmp_path / "out"), "--engine", "dask", "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert "leaked" not in result.stderr
    assert (tmp_path / "out" / "articles").is_dir()
