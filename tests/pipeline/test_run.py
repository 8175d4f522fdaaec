"""The whole pipeline in process: stages in order, workers, determinism."""

import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import SAMPLES
from hypothesis import given, strategies as st

from vnextract.pipeline import extract_text, run
from vnextract.pipeline.documents import RawDocument
from vnextract.pipeline.run import BATCH_FILES, batches, process_document
from vnextract.schemas.tables import TABLES


@pytest.fixture(scope="module")
def many_inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("many")
    copies = 2 * BATCH_FILES // 5 + 3  # enough files for several batches, so the pool is used
    for i in range(copies):
        for sample in sorted(SAMPLES.glob("*.txt")):
            shutil.copy(sample, folder / f"{i:03d}_{sample.name}")
    return folder


def test_two_workers_write_the_same_tables_as_one(many_inputs, tmp_path):
    run(many_inputs, tmp_path / "one", workers=1)
    run(many_inputs, tmp_path / "two", workers=2)
    for name in TABLES:
        one = pd.read_parquet(tmp_path / "one" / f"{name}.parquet")
        two = pd.read_parquet(tmp_path / "two" / f"{name}.parquet")
        pd.testing.assert_frame_equal(one, two, obj=name)


def test_the_same_input_gives_the_same_tables(tmp_path):
    run(SAMPLES, tmp_path / "a")
    run(SAMPLES, tmp_path / "b")
    for name in TABLES:
        assert (tmp_path / "a" / f"{name}.parquet").read_bytes() == (tmp_path / "b" / f"{name}.parquet").read_bytes()


def test_a_document_that_cleans_to_nothing_is_a_reject_not_an_article():
    rows = process_document(RawDocument(source="blank.txt", text=" \n\u00a0\n")).rows
    assert rows["articles"] == []
    assert rows["rejects"][0]["source"] == "blank.txt"


def test_extract_text_returns_every_table():
    rows = extract_text("Phường Cầu Kho họp\nNgày 10/1/2023, Đảng ủy phường Cầu Kho tổ chức hội nghị.")
    assert set(rows) == set(TABLES)
    assert rows["articles"][0]["event_date"].isoformat() == "2023-01-10"


def test_a_run_leaves_the_callers_garbage_collector_as_it_was(many_inputs, tmp_path):
    # the run freezes its long-lived objects out of the collector's sight; a notebook
    # calling it must get its collector back with nothing left frozen
    import gc

    assert gc.get_freeze_count() == 0
    run(many_inputs, tmp_path / "out", workers=2)
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_objects_built_before_a_run_are_frozen_during_it():
    import gc

    from vnextract.pipeline.heap import frozen_heap

    built = [object() for _ in range(10)]
    with frozen_heap():
        assert gc.get_freeze_count() >= len(built)
    assert gc.get_freeze_count() == 0


def test_a_progress_bar_counts_files_on_stderr_and_changes_no_table(tmp_path, capsys):
    run(SAMPLES, tmp_path / "quiet")
    assert "file" not in capsys.readouterr().err
    run(SAMPLES, tmp_path / "shown", progress=True)
    assert f"{len(list(SAMPLES.glob('*.txt')))}/" in capsys.readouterr().err
    for name in TABLES:
        quiet = pd.read_parquet(tmp_path / "quiet" / f"{name}.parquet")
        pd.testing.assert_frame_equal(quiet, pd.read_parquet(tmp_path / "shown" / f"{name}.parquet"))


@given(files=st.integers(0, 3000), size=st.integers(1, 300), workers=st.integers(1, 8))
def test_batches_keep_order_and_size_and_share_evenly(files, size, workers):
    paths = list(range(files))
    cut = batches(paths, size, workers)
    assert [p for batch in cut for p in batch] == paths
    assert all(0 < len(batch) <= size for batch in cut)
    assert max(map(len, cut), default=0) - min(map(len, cut), default=0) <= 1  # no short last batch
    # every worker gets as many batches, unless there are too few files to go round
    assert len(cut) % workers == 0 or all(len(batch) == 1 for batch in cut)
