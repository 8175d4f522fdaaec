"""Runs that resume and never corrupt: incremental, idempotent, crash-safe, locked."""

import hashlib
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import SAMPLES, run_cli

from vnextract.pipeline.incremental import fingerprint, plan_work
from vnextract.pipeline.ingest import list_inputs
from vnextract.pipeline.lock import OutputLock, OutputLocked
from vnextract.pipeline.run import run
from vnextract.pipeline.write import JOURNAL_NAME, recover, write_json_atomic
from vnextract.schemas.tables import TABLES

SORT_KEYS = {"articles": ["article_id"], "rejects": ["source", "reason"]}


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    frames = {}
    for name in TABLES:
        frame = pd.read_parquet(out / f"{name}.parquet")
        keys = SORT_KEYS.get(name, [c for c in ("article_id", "start", "end", "name", "position") if c in frame])
        frames[name] = frame.sort_values(keys).reset_index(drop=True)
    return frames


def _assert_same_tables(a: Path, b: Path) -> None:
    left, right = _tables(a), _tables(b)
    for name in TABLES:
        pd.testing.assert_frame_equal(left[name], right[name], check_categorical=False, obj=name)


@pytest.fixture
def folder(tmp_path) -> Path:
    inputs = tmp_path / "in"
    shutil.copytree(SAMPLES, inputs)
    return inputs


def test_rerun_on_unchanged_folder_does_no_work(folder, tmp_path):
    out = tmp_path / "out"
    first = run(folder, out)
    before = {n: (out / f"{n}.parquet").read_bytes() for n in TABLES}
    second = run(folder, out)
    assert first.processed == 5 and second.nothing_needed_work and second.skipped == 5
    assert before == {n: (out / f"{n}.parquet").read_bytes() for n in TABLES}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["processed"] == 0 and len(manifest["history"]) == 1


def test_changed_new_and_deleted_files_match_a_fresh_run(folder, tmp_path):
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    run(folder, out)
    changed = folder / "000_1e85e24bf16e20a7.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nNgày 5/5/2024, phường họp.", encoding="utf-8")
    (folder / "001_8fd10c4c5ee0c56d.txt").unlink()
    shutil.copy(SAMPLES / "001_8fd10c4c5ee0c56d.txt", folder / "renamed.txt")
    summary = run(folder, out)
    assert (summary.processed, summary.skipped, summary.removed) == (2, 3, 1)
    run(folder, fresh)
    _assert_same_tables(out, fresh)


def test_a_second_run_on_the_same_output_refuses(folder, tmp_path):
    out = tmp_path / "out"
    with OutputLock(out):
        with pytest.raises(OutputLocked):
            run(folder, out)
        result = run_cli("run", str(folder), "--out", str(out))
    assert result.returncode == 2
    assert "another vnextract run" in result.stderr


def test_recover_rolls_an_interrupted_commit_forward(tmp_path):
    temp, final = tmp_path / "dates.parquet.tmp-1", tmp_path / "dates.parquet"
    temp.write_bytes(b"new")
    final.write_bytes(b"old")
    (tmp_path / "stale.parquet.tmp-2").write_bytes(b"junk")
    write_json_atomic(tmp_path / JOURNAL_NAME, {"renames": {str(temp): str(final)}, "manifest": {"rows": {}}})
    assert recover(tmp_path)
    assert final.read_bytes() == b"new"
    assert json.loads((tmp_path / "manifest.json").read_text()) == {"rows": {}}
    assert not list(tmp_path.glob("*.tmp-*")) and not (tmp_path / JOURNAL_NAME).exists()


@pytest.mark.parametrize("size", [0, 5, 3 * (1 << 19) + 7])
def test_fingerprint_is_the_sha256_of_the_bytes(tmp_path, size):
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    (tmp_path / "f.txt").write_bytes(data)
    assert fingerprint(tmp_path / "f.txt") == hashlib.sha256(data).hexdigest()


def test_a_file_that_cannot_be_read_has_no_fingerprint(tmp_path):
    assert fingerprint(tmp_path) is None and fingerprint(tmp_path / "missing.txt") is None


@pytest.mark.parametrize("given_root", ["in", "in/", "./in", "."])
def test_plan_sources_are_the_paths_below_the_root(tmp_path, monkeypatch, given_root):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in" / "sub").mkdir(parents=True)
    for name in ("sub/a.txt", "b.txt"):
        (tmp_path / "in" / name).write_text("Phường 3", encoding="utf-8")
    paths, _ = list_inputs(Path(given_root))
    plan = plan_work(Path(given_root), paths, tmp_path / "out", None)
    assert list(plan.fingerprints) == [p.relative_to(given_root).as_posix() for p in paths]
    assert plan.fingerprints[f"{'in/' if given_root == '.' else ''}b.txt"] == hashlib.sha256("Phường 3".encode()).hexdigest()


def _big_folder(root: Path, copies: int) -> Path:
    for i in range(copies):
        for sample in SAMPLES.glob("*.txt"):
            shutil.copy(sample, root / f"{i:04d}_{sample.name}")
    return root


def test_a_killed_run_leaves_the_previous_tables_and_the_next_run_completes(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copytree(SAMPLES, inputs / "first")
    out = tmp_path / "out"
    run(inputs, out)
    before = {n: (out / f"{n}.parquet").read_bytes() for n in TABLES}
    _big_folder(inputs, 100)
    process = subprocess.Popen([sys.executable, "-m", "vnextract.cli", "run", str(inputs), "--out", str(out)])
    deadline = time.monotonic() + 120
    while not list(out.glob("*.tmp-*")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # into extraction, well before its end (500 files take seconds)
    assert process.poll() is None, "the run finished before it could be killed: make the input larger"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert before == {n: (out / f"{n}.parquet").read_bytes() for n in TABLES}
    assert pd.read_parquet(out / "articles.parquet").shape[0] == 5
    resumed = run(inputs, out)
    assert resumed.processed == 500 and resumed.skipped == 5
    assert not list(out.glob("*.tmp-*"))
    run(inputs, tmp_path / "fresh")
    _assert_same_tables(out, tmp_path / "fresh")
