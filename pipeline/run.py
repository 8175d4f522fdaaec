"""The pipeline, stage by stage.

    raw file --ingest--> RawDocument --clean--> Article --segment--> SegmentedArticle
    --extract--> Extractions --validate--> TableRows --write--> Parquet tables

``process_file`` runs the first five stages on one input file; ``run`` lists the
input folder, hands files to workers in batches, and streams their rows into the
table writer in input order, so any number of workers gives the same tables.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import multiprocessing
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from vnextract import __version__
from vnextract.pipeline import clean, extract, ingest, segment, validate
from vnextract.pipeline.documents import RawDocument, Reject
from vnextract.pipeline.heap import collector_paused, frozen_heap
from vnextract.pipeline.incremental import WorkPlan, carry_over, plan_work, read_manifest
from vnextract.pipeline.lock import OutputLock
from vnextract.pipeline.validate import TableRows
from vnextract.pipeline.write import MANIFEST_NAME, TableWriter, recover, rows_to_tables, write_json_atomic

if TYPE_CHECKING:  # a pool is made only for several workers: its module is imported then
    from multiprocessing.pool import Pool

# per task of a worker: enough to make the parent's cost per task (sending, receiving,
# writing: ~1.5 ms) small, few enough that no worker waits long for the last one
BATCH_FILES = 128
# in one process no worker waits: fewer, longer conversions to Arrow cost less
IN_PROCESS_BATCH_FILES = 256
HISTORY_RUNS = 20  # past runs kept in the manifest


@dataclass
class RunSummary:
    """What a run did: inputs seen, processed and carried over, rows per table, seconds taken."""

    out_dir: Path
    inputs: int
    processed: int
    skipped: int
    removed: int
    rejected: int
    rows: dict[str, int]
    seconds: float
    manifest: dict = field(default_factory=dict)

    @property
    def nothing_needed_work(self) -> bool:
        return self.processed == 0 and self.removed == 0

    @property
    def articles(self) -> int:
        return self.rows.get("articles", 0)


def process_document(raw: RawDocument | Reject) -> TableRows:
    """Return the rows of one raw document: clean, segment, extract, validate."""
    if isinstance(raw, Reject):
        rows = TableRows()
        rows.add_reject(raw)
        return rows
    article = clean.clean(raw)
    if isinstance(article, Reject):
        rows = TableRows()
        rows.add_reject(article)
        return rows
    return validate.validate(extract.extract(segment.segment(article)))


def process_file(path: Path, root: Path) -> TableRows:
    """Return the rows of every article in one input file (ingest through validate)."""
    rows = TableRows()
    for raw in ingest.read_documents(path, root):
        rows.extend(process_document(raw))
    return rows


def process_paths(paths: list[Path], root: Path) -> TableRows:
    """Return the rows of a batch of input files, in order."""
    rows = TableRows()
    for path in paths:
        rows.extend(process_file(path, root))
    return rows


def batches(paths: list[Path], size: int, workers: int = 1) -> list[list[Path]]:
    """Return ``paths`` in order, cut into batches of at most ``size`` files, as even as
    can be and as many as a multiple of ``workers``, so that workers finish together
    (a last short batch would leave one worker idle at the end)."""
    count = -(-len(paths) // size)
    count = -(-count // workers) * workers
    if not count:
        return []
    step, extra = divmod(len(paths), count)
    bounds = [i * step + min(i, extra) for i in range(count + 1)]
    return [paths[start:end] for start, end in itertools.pairwise(bounds) if end > start]


def _process_batch(args: tuple[list[Path], Path]) -> dict[str, pa.Table]:
    # Workers hand back Arrow tables: they pickle as buffers, so the parent process,
    # which only writes, does not become the bottleneck.
    return rows_to_tables(process_paths(*args))


def iter_batch_tables(
    paths: list[Path], root: Path, pool: Pool | None = None, workers: int = 1
) -> Iterator[tuple[int, dict[str, pa.Table]]]:
    """Yield (files done, Arrow tables) per batch, in input order, in ``pool`` (of
    ``workers`` processes) if one is given."""
    if pool is None:
        for batch in batches(paths, IN_PROCESS_BATCH_FILES):
            yield len(batch), _process_batch((batch, root))
        return
    todo = batches(paths, BATCH_FILES, workers)
    # imap keeps input order, so any number of workers writes the same tables.
    for batch, rows in zip(todo, pool.imap(_process_batch, [(b, root) for b in todo])):
        yield len(batch), rows


def prepare_process() -> None:
    """Build the extractors once per process, before any work: before the heap is
    frozen and before workers fork, so that workers inherit them."""
    with collector_paused():
        extract.default_extractors()


def worker_pool(workers: int) -> contextlib.AbstractContextManager[Pool | None]:
    """Return a pool of ``workers`` processes (None for one worker).

    Where the platform can fork, the workers inherit what ``prepare_process`` built (no
    per-worker start-up); elsewhere each spawned worker builds its own.  Make the pool
    before opening files or starting threads, so the workers inherit neither.
    """
    if workers <= 1:
        return contextlib.nullcontext()
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork").Pool(workers)
    return multiprocessing.get_context("spawn").Pool(workers, initializer=prepare_process)


def run(
    input_dir: Path | str = "data/raw",
    out_dir: Path | str = "data/out",
    workers: int = 1,
    progress: bool = False,
    incremental: bool = True,
) -> RunSummary:
    """Run the whole pipeline over ``input_dir`` and write the tables into ``out_dir``.

    With ``incremental`` (the default) only new or changed files are processed; the
    rows of unchanged files are carried over and those of deleted files dropped.
    Raises ``OutputLocked`` if another run is writing to ``out_dir``.
    """
    root, out = Path(input_dir), Path(out_dir)
    started, clock = dt.datetime.now(dt.UTC), time.perf_counter()
    with OutputLock(out):
        recover(out)
        previous = read_manifest(out) if incremental else None
        paths, listing_rejects = ingest.list_inputs(root)
        plan = plan_work(root, paths, out, previous)
        manifest = _manifest(root, plan, started, workers, previous)
        if plan.nothing_to_do and not listing_rejects:
            manifest.update(rows=previous["rows"], seconds=_seconds_since(clock))
            write_json_atomic(out / MANIFEST_NAME, manifest)
        else:
            manifest = _write_tables(root, out, plan, listing_rejects, workers, progress, manifest, clock)
    return _summary(out, plan, manifest)


def _seconds_since(clock: float) -> float:
    return round(time.perf_counter() - clock, 3)


def _write_tables(root, out, plan, listing_rejects, workers, progress, manifest, clock) -> dict:
    """Carry over the kept rows, process the files to do, and commit the tables."""
    prepare_process()
    pool_size = workers if len(plan.todo) > BATCH_FILES else 1
    with frozen_heap(), worker_pool(pool_size) as pool, TableWriter(out) as writer:
        carry_over(out, plan.kept, writer)
        rows = TableRows()
        for reject in listing_rejects:
            rows.add_reject(reject)
        writer.write(rows)
        with _progress_bar(len(plan.todo), progress) as bar:
            for n_files, tables in iter_batch_tables(plan.todo, root, pool, pool_size):
                writer.write_tables(tables)
                bar.update(n_files)
        manifest["seconds"] = _seconds_since(clock)
        return writer.commit(manifest)


class _NoBar:
    def update(self, n: int) -> None:
        pass


def _progress_bar(total: int, shown: bool) -> contextlib.AbstractContextManager:
    """Return a tqdm bar over ``total`` files, or a silent one (tqdm is imported only to be shown)."""
    if not shown:
        return contextlib.nullcontext(_NoBar())
    from tqdm import tqdm

    return tqdm(total=total, unit="file")


def _manifest(root: Path, plan: WorkPlan, started: dt.datetime, workers: int, previous: dict | None) -> dict:
    history = (previous or {}).get("history", [])
    if previous:
        history = [*history, {k: v for k, v in previous.items() if k not in ("files", "history")}]
    return {
        "version": __version__,
        "started": started.isoformat(timespec="seconds"),
        "input": str(root),
        "workers": workers,
        "inputs_seen": len(plan.fingerprints),
        "processed": len(plan.todo),
        "skipped": len(plan.kept),
        "removed": len(plan.removed),
        "files": plan.fingerprints,
        "history": history[-HISTORY_RUNS:],
    }


def _summary(out: Path, plan: WorkPlan, manifest: dict) -> RunSummary:
    return RunSummary(
        out_dir=out,
        inputs=len(plan.fingerprints),
        processed=len(plan.todo),
        skipped=len(plan.kept),
        removed=len(plan.removed),
        rejected=manifest["rows"].get("rejects", 0),
        rows=manifest["rows"],
        seconds=manifest["seconds"],
        manifest=manifest,
    )


def extract_text(text: str, source: str = "-", title: str | None = None) -> dict[str, list[dict]]:
    """Return one article's rows per table, from its text, without writing anything."""
    return process_document(RawDocument(source=source, text=text, title=title)).rows
