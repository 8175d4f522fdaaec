"""Indicators on corpus texts labelled blind: the system against two readers, and the readers against each other.

Usage: ``.venv/bin/python training/indicators_blind.py [--errors]``

``tests/data/indicators_blind_labels.jsonl`` holds the indicators of 24 corpus texts (in no other
labelled set), each text labelled from scratch against GUIDE.md by two readers working apart, blind
to every system's output.  Each text is read from ``../shared/corpus/`` and run through the pipeline
as ``vnextract run`` reads it; the scorer is the one of ``vnextract evaluate`` (SCORING.md).
The readers' agreement bounds what the figures can tell.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from vnextract.pipeline.run import extract_text
from vnextract.scoring import (
    ArticleFacts,
    ArticleScore,
    IndicatorFact,
    score_article,
    total_score,
)

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "tests" / "data" / "indicators_blind_labels.jsonl"
SHARED = REPO.parent / "shared"


def labels_by_source(path: Path = LABELS) -> dict[str, dict[str, ArticleFacts]]:
    """Return each source's labels, by labeller."""
    found: dict[str, dict[str, ArticleFacts]] = defaultdict(dict)
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        facts = tuple(
            IndicatorFact(float(i["value"]), i["unit"], i["evidence"], i["denominator"], i["comparator"], i["kind"])
            for i in record["indicators"]
        )
        found[record["source"]][record["labeller"]] = ArticleFacts(record["source"], indicators=facts)
    return dict(found)


def system_facts(source: str, shared: Path = SHARED) -> ArticleFacts:
    """Return the indicators the pipeline finds in corpus text ``source``."""
    text = (shared / source).read_text(encoding="utf-8", errors="replace")
    rows = extract_text(text, source=Path(source).name)["indicators"]
    return ArticleFacts(source, indicators=tuple(
        IndicatorFact(r["value"], r["unit"], r["evidence"], r["denominator"], r["comparator"], r["kind"]) for r in rows
    ))


def scores(labels: dict[str, dict[str, ArticleFacts]]) -> tuple[dict[tuple[str, str], ArticleScore], list[ArticleScore]]:
    """Return the system's score against each (source, reader) label, and the first reader's
    scores against the second's."""
    system, readers = {}, []
    for source, by_reader in sorted(labels.items()):
        predicted = system_facts(source)
        for reader, gold in sorted(by_reader.items()):
            system[source, reader] = score_article(gold, predicted)
        if len(by_reader) == 2:
            first, second = (facts for _, facts in sorted(by_reader.items()))
            readers.append(score_article(first, second))
    return system, readers


def figures(articles: list[ArticleScore]) -> dict[str, float | None]:
    """Return indicators P / R / F1 and the comparator, kind and denominator accuracies."""
    every = total_score(articles).figures()
    return {k: v for k, v in every.items() if k.startswith("indicators_") or k.split("_")[0] in ("comparator", "kind", "denominator")}


def main() -> None:
    if not (SHARED / "corpus").is_dir():
        sys.exit(f"the shared corpus is not at {SHARED / 'corpus'}")
    labels = labels_by_source()
    system, readers = scores(labels)
    for name, articles in (("system vs readers", list(system.values())), ("reader vs reader", readers)):
        f = figures(articles)
        print(f"{name:18} P {f['indicators_precision']:.3f} R {f['indicators_recall']:.3f} F1 {f['indicators_f1']:.3f}"
              f"  comparator {f['comparator_accuracy']:.3f} kind {f['kind_accuracy']:.3f} denominator {f['denominator_accuracy']:.3f}")
    if "--errors" in sys.argv:
        for (source, reader), article in system.items():
            for error in article.errors:
                print(f"{source} ({reader}) {error.kind} {error.label}: {error.text}")


if __name__ == "__main__":
    main()
