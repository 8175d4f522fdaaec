"""Characters per second of each stage and each extractor, on one core, in process.

Reads ../shared/corpus (or ``--input``), runs ingest, clean, segment, every extractor
and validate on each text, and prints each step's speed; the slowest step is where
to look first (then profile it with pyinstrument or py-spy).

    python benchmarks/stages.py --repeat 3
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from vnextract.pipeline import clean, extract, ingest, segment, validate
from vnextract.pipeline.extract import default_extractors

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def stage_seconds(paths: list[Path], root: Path) -> tuple[dict[str, float], int]:
    """Return the seconds spent in each step over ``paths``, and the characters read."""
    seconds: dict[str, float] = defaultdict(float)
    extractors, chars = default_extractors(), 0

    def timed(step, function, *args):
        start = time.perf_counter()
        result = function(*args)
        seconds[step] += time.perf_counter() - start
        return result

    for path in paths:
        for raw in timed("ingest", ingest.read_documents, path, root):
            if not hasattr(raw, "text"):
                continue
            chars += len(raw.text)
            article = timed("clean", clean.clean, raw)
            if not hasattr(article, "body"):
                continue
            doc = timed("segment", segment.segment, article)
            found = extract.Extractions(doc=doc)
            for extractor in extractors:
                setattr(found, extractor.name, timed(extractor.name, extractor, doc))
            timed("validate", validate.validate, found)
    return seconds, chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", type=Path, default=CORPUS, help="folder of texts (default ../shared/corpus)")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the folder; the best is kept")
    args = parser.parse_args()
    start = time.perf_counter()
    default_extractors()
    print(f"extractors built in {time.perf_counter() - start:.2f} s")
    paths = sorted(args.input.rglob("*.txt"))
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        seconds, chars = stage_seconds(paths, args.input)
        best = {k: min(v, best.get(k, v)) for k, v in seconds.items()}
    print(f"{len(paths)} files, {chars:,} characters, best of {args.repeat}")
    for step, spent in best.items():
        print(f"  {step:<11} {chars / spent / 1e6:7.2f} M chars/s  ({spent:.3f} s)")
    total = sum(best.values())
    print(f"  {'all':<11} {chars / total / 1e6:7.2f} M chars/s  ({total:.3f} s)")


if __name__ == "__main__":
    main()
