"""The staged pipeline: ingest, clean, segment, extract, validate, write.

``run`` processes a folder into tables; ``extract_text`` processes one text in memory.
"""

from vnextract.pipeline.run import RunSummary, extract_text, run

__all__ = ["RunSummary", "extract_text", "run"]
