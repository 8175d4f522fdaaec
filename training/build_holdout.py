"""Rebuild the hand-labelled held-out gold file from its labels and the shared corpus.

The corpus texts may not be copied into the repository, so ``tests/data/holdout_labels.jsonl``
keeps the labels (GUIDE.md format without ``text``) and this script adds each text back
from ``../shared/<source>``:

    python training/build_holdout.py /tmp/holdout.jsonl
    vnextract evaluate /tmp/holdout.jsonl --errors 5

The 20 texts (4 per corpus slice, none in regions.jsonl or the officials held-out set)
were labelled by hand against GUIDE.md and never used to tune the extractors' rules.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "tests" / "data" / "holdout_labels.jsonl"
SHARED = REPO.parent / "shared"


def gold_lines(labels: Path = LABELS, shared: Path = SHARED) -> list[str]:
    """Return the gold JSON lines: each label with its text read from the shared corpus."""
    lines = []
    for line in labels.read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        text = (shared / label["source"]).read_text(encoding="utf-8", errors="replace")
        lines.append(json.dumps({"id": label["id"], "source": label["source"], "text": text, **label}, ensure_ascii=False))
    return lines


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: python training/build_holdout.py OUT.jsonl")
    if not (SHARED / "corpus").is_dir():
        sys.exit(f"the shared corpus is not at {SHARED / 'corpus'}")
    Path(sys.argv[1]).write_text("\n".join(gold_lines()) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
