"""The same pipeline on a Dask cluster.

The input listing is split into partitions of files; each Dask task runs the
ordinary ``process_paths`` on its partition and writes one part file per table
into a staging folder.  When every partition is done the staging tables are
moved into place through the same journal as the local engine, so a killed run
leaves the previous tables as they were.  The output is one Parquet dataset per
table (``OUT/<table>/part-00000.parquet``, ...), which pandas, polars and DuckDB
read as one table.  The workers must see the input and output folders (on one
machine they do; on a cluster, use a shared file system).

A partition whose task fails (a worker dies, a bug) is not dropped: each of its
files gets a ``partition_failed`` reject row with the error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq

from vnextract import __version__
from vnextract.pipeline import ingest
from vnextract.pipeline.documents import Reject
from vnextract.pipeline.lock import OutputLock
from vnextract.pipeline.run import RunSummary, process_paths
from vnextract.pipeline.validate import TableRows
from vnextract.pipeline.write import JOURNAL_NAME, STAGING_PREFIX, recover, rows_to_table, write_json_atomic
from vnextract.schemas.tables import TABLES

PARTITION_FILES = 64
INSTALL_HINT = "the Dask engine needs the dask extra: pip install 'vnextract[dask]'"


class EngineUnavailable(RuntimeError):
    """The requested engine's packages are not installed."""


def _distributed():
    try:
        import distributed
    except ImportError as exc:
        raise EngineUnavailable(INSTALL_HINT) from exc
    return distributed


def write_part(rows: TableRows, staging: Path, index: int) -> dict[str, int]:
    """Write one partition's rows as ``staging/<table>/part-<index>.parquet``; return row counts."""
    counts = {}
    for name in TABLES:
        folder = staging / name
        folder.mkdir(parents=True, exist_ok=True)
        temp = folder / f".part-{index:05d}.tmp"
        pq.write_table(rows_to_table(name, rows.rows[name]), temp, compression="zstd")
        os.replace(temp, folder / f"part-{index:05d}.parquet")
        counts[name] = len(rows.rows[name])
    return counts


def process_partition(paths: list[Path], root: Path, staging: Path, index: int) -> dict[str, int]:
    """The Dask task: run the pipeline over one partition and write its part files."""
    return write_part(process_paths(paths, root), staging, index)


def _failed_partition_rows(paths: list[Path], root: Path, exc: BaseException) -> TableRows:
    rows = TableRows()
    for path in paths:
        source = path.relative_to(root).as_posix()
        rows.add_reject(Reject(source, "engine", "partition_failed", f"{type(exc).__name__}: {exc}"))
    return rows


@contextlib.contextmanager
def _client(distributed, scheduler: str | None, n_workers: int | None) -> Iterator:
    """Yield a client of the cluster at ``scheduler``, or of a local cluster of
    ``n_workers`` processes that is shut down on leaving (not left to the interpreter's exit)."""
    if scheduler:
        with distributed.Client(scheduler) as client:
            yield client
        return
    with distributed.LocalCluster(
        n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
        dashboard_address=None,
    ) as cluster, distributed.Client(cluster) as client:
        yield client


def _run_partitions(client, partitions: list[list[Path]], root: Path, staging: Path) -> dict[str, int]:
    futures = client.map(
        process_partition, partitions, [root] * len(partitions), [staging] * len(partitions),
        range(len(partitions)), pure=False,
    )
    totals = {name: 0 for name in TABLES}
    for index, (future, paths) in enumerate(zip(futures, partitions)):
        try:
            counts = future.result()
        except Exception as exc:  # noqa: BLE001 - the partition's files become reject rows
            counts = write_part(_failed_partition_rows(paths, root, exc), staging, index)
        for name, count in counts.items():
            totals[name] += count
    return totals


def _commit(out: Path, staging: Path, manifest: dict) -> None:
    """Move the staged datasets into place through the journal; drop single-file tables."""
    renames = {str(staging / name): str(out / name) for name in TABLES}
    deletes = [str(out / f"{name}.parquet") for name in TABLES]  # left by an earlier local run
    write_json_atomic(out / JOURNAL_NAME, {"renames": renames, "deletes": deletes, "manifest": manifest})
    recover(out)  # rolls the journal forward and removes the emptied staging folder


def run_dask(
    input_dir: Path | str,
    out_dir: Path | str,
    scheduler: str | None = None,
    n_workers: int | None = None,
    partition_files: int = PARTITION_FILES,
) -> RunSummary:
    """Run the pipeline over ``input_dir`` on a Dask cluster and write datasets into ``out_dir``.

    With no ``scheduler`` address a local cluster of ``n_workers`` processes is started.
    """
    distributed = _distributed()
    root, out = Path(input_dir).resolve(), Path(out_dir).resolve()
    clock, started = time.perf_counter(), dt.datetime.now(dt.UTC)
    with OutputLock(out):
        recover(out)
        paths, listing_rejects = ingest.list_inputs(root)
        staging = out / f"{STAGING_PREFIX}{uuid.uuid4().hex[:8]}"
        partitions = [paths[i : i + partition_files] for i in range(0, len(paths), partition_files)]
        with _client(distributed, scheduler, n_workers) as client:
            rows = _run_partitions(client, partitions, root, staging)
        listing = TableRows()
        for reject in listing_rejects:
            listing.add_reject(reject)
        for name, count in write_part(listing, staging, len(partitions)).items():
            rows[name] += count
        manifest = {
            "version": __version__, "engine": "dask", "started": started.isoformat(timespec="seconds"),
            "input": str(root), "inputs_seen": len(paths), "processed": len(paths), "skipped": 0,
            "removed": 0, "partitions": len(partitions), "rejected": rows["rejects"], "rows": rows,
            "seconds": round(time.perf_counter() - clock, 3),
        }
        _commit(out, staging, manifest)
    return RunSummary(out, len(paths), len(paths), 0, 0, rows["rejects"], rows, manifest["seconds"], manifest)
