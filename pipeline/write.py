"""Write stage: validated rows into Parquet tables with explicit schemas.

Each table is streamed into a temporary file in the output folder, in row groups,
so memory stays bounded.  ``commit`` is journaled: it first writes the list of
renames it is about to make (``.commit.json``, itself written by rename), then
renames every table into place, then writes the manifest, then drops the journal.

* A run killed before the journal exists leaves the previous tables untouched;
  its temporary files are removed by the next run (``recover``).
* A run killed while renaming is rolled forward by the next run, so the folder
  never keeps a mix of two runs' tables.
"""

from __future__ import annotations

import json
import operator
import os
import shutil
from pathlib import Path
from typing import Self

import pyarrow as pa
import pyarrow.parquet as pq

from vnextract.pipeline.columns import column_array
from vnextract.pipeline.validate import TableRows
from vnextract.schemas.tables import TABLES

ROW_GROUP_ROWS = 10_000
ROW_GROUP_BYTES = 32 * 2**20  # articles carry their bodies: bound the bytes too
JOURNAL_NAME = ".commit.json"
MANIFEST_NAME = "manifest.json"
TEMP_MARK = ".tmp-"
STAGING_PREFIX = ".staging-"  # where the Dask engine stages its datasets


def rows_to_table(name: str, rows: list[dict]) -> pa.Table:
    """Return ``rows`` as an Arrow table with the declared schema of table ``name``."""
    schema = TABLES[name]
    arrays = [column_array(values, f.type) for f, values in zip(schema, _column_values(schema, rows))]
    return pa.Table.from_arrays(arrays, schema=schema)


def _column_values(schema: pa.Schema, rows: list[dict]) -> list[tuple]:
    """Return the values of each column of ``schema`` in ``rows``, one tuple per column."""
    if not rows:
        return [()] * len(schema)
    return list(zip(*map(operator.itemgetter(*schema.names), rows)))  # transposed in C


def rows_to_tables(rows: TableRows) -> dict[str, pa.Table]:
    """Return every table's rows as Arrow tables (cheap to send between processes)."""
    return {name: rows_to_table(name, table_rows) for name, table_rows in rows.rows.items()}


class TableWriter:
    """Streams rows into the six tables of ``out_dir``; use as a context manager.

    Rows wait in memory until a table holds ``row_group_rows`` rows or
    ``row_group_bytes`` bytes, then go to disk as one row group: memory stays
    bounded whatever the number of articles.
    """

    def __init__(self, out_dir: Path, row_group_rows: int = ROW_GROUP_ROWS, row_group_bytes: int = ROW_GROUP_BYTES):
        self.out_dir = Path(out_dir)
        self.row_group_rows = row_group_rows
        self.row_group_bytes = row_group_bytes
        self.counts = {name: 0 for name in TABLES}
        self._pending: dict[str, list[pa.Table]] = {name: [] for name in TABLES}
        self._pending_size = {name: (0, 0) for name in TABLES}  # rows, bytes
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._token = f"{TEMP_MARK}{os.getpid()}"

    def __enter__(self) -> Self:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        for name, schema in TABLES.items():
            self._writers[name] = pq.ParquetWriter(self._temp_path(name), schema, compression="zstd")
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.abort()

    def _temp_path(self, name: str) -> Path:
        return self.out_dir / f"{name}.parquet{self._token}"

    def write(self, rows: TableRows) -> None:
        """Add validated rows."""
        self.write_tables(rows_to_tables(rows))

    def write_tables(self, tables: dict[str, pa.Table]) -> None:
        """Add rows already converted to Arrow tables of the declared schemas."""
        for name, table in tables.items():
            self.write_arrow(name, table)

    def write_arrow(self, name: str, table: pa.Table) -> None:
        """Add an Arrow table of ``name``'s schema; flush once a row group's worth waits."""
        if not table.num_rows:
            return
        if not table.schema.equals(TABLES[name]):  # carried over from a previous run's file
            table = table.cast(TABLES[name])
        self._pending[name].append(table)
        rows, size = self._pending_size[name]
        rows, size = rows + table.num_rows, size + table.nbytes
        self._pending_size[name] = (rows, size)
        if rows >= self.row_group_rows or size >= self.row_group_bytes:
            self._flush(name)

    def _flush(self, name: str) -> None:
        pending = self._pending[name]
        if pending:
            table = pa.concat_tables(pending)
            self._writers[name].write_table(table, row_group_size=max(table.num_rows, 1))
            self.counts[name] += table.num_rows
            pending.clear()
            self._pending_size[name] = (0, 0)

    def commit(self, manifest: dict) -> dict:
        """Close every table, rename them into place through the journal, write the manifest."""
        for name, writer in self._writers.items():
            self._flush(name)
            writer.close()
            _fsync(self._temp_path(name))  # the data must be on disk before the renames are
        self._writers.clear()
        manifest = {**manifest, "rejected": self.counts["rejects"], "rows": dict(self.counts)}
        renames = {str(self._temp_path(name)): str(self.out_dir / f"{name}.parquet") for name in TABLES}
        datasets = [str(self.out_dir / name) for name in TABLES]  # left by an earlier Dask run
        journal = {"renames": renames, "deletes": datasets, "manifest": manifest}
        write_json_atomic(self.out_dir / JOURNAL_NAME, journal)
        _roll_forward(self.out_dir)
        return manifest

    def abort(self) -> None:
        """Close and delete the temporary files; the previous tables stay untouched."""
        for name, writer in self._writers.items():
            writer.close()
            self._temp_path(name).unlink(missing_ok=True)
        self._writers.clear()


def _roll_forward(out_dir: Path) -> None:
    """Carry out the journal's renames and deletions; safe to repeat after a crash."""
    journal_path = out_dir / JOURNAL_NAME
    journal = json.loads(journal_path.read_text(encoding="utf-8"))
    for temp, final in journal["renames"].items():
        if os.path.exists(temp):  # else already renamed by an earlier, interrupted roll-forward
            if os.path.isdir(final):  # a dataset folder is replaced whole
                shutil.rmtree(final)
            os.replace(temp, final)
    for stale in journal.get("deletes", []):
        _remove(Path(stale))
    write_json_atomic(out_dir / MANIFEST_NAME, journal["manifest"])
    journal_path.unlink()


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def recover(out_dir: Path) -> bool:
    """Finish a commit a killed run started, and delete stale temporary files.

    Returns True when an interrupted commit was rolled forward.  Call it while
    holding the output folder's lock.
    """
    out_dir = Path(out_dir)
    rolled = (out_dir / JOURNAL_NAME).exists()
    if rolled:
        _roll_forward(out_dir)
    for stale in [*out_dir.glob(f"*{TEMP_MARK}*"), *out_dir.glob(f"{STAGING_PREFIX}*")]:
        _remove(stale)
    return rolled


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def write_json_atomic(path: Path, data: dict) -> None:
    """Write ``data`` as JSON to ``path`` through a temporary file, fsync and a rename."""
    temp = path.with_name(path.name + f"{TEMP_MARK}{os.getpid()}")
    with open(temp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2, default=str)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
