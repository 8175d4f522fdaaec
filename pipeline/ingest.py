"""Ingest stage: find the input files of a folder and read each into raw documents.

Listing and reading are separate so that a run can hand paths to workers.
"""

from __future__ import annotations

from pathlib import Path

from vnextract.pipeline.documents import RawDocument, Reject

SUPPORTED_SUFFIXES = frozenset({".txt"})


def list_inputs(root: Path) -> tuple[list[Path], list[Reject]]:
    """Return the supported files below ``root`` in a stable order, and rejects for the rest."""
    paths = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
    return paths, []


def read_documents(path: Path, root: Path) -> list[RawDocument | Reject]:
    """Return the raw documents in one input file (or a reject saying why there are none)."""
    source = path.relative_to(root).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Reject(source, "ingest", "unreadable", str(exc))]
    return [RawDocument(source=source, text=text)]
