"""Corpus texts labelled blind: the system against two readers, and the readers against each other.

Usage: ``.venv/bin/python training/blind_samples.py [indicators|articles] [--errors]``

Each sample holds 24 corpus texts in no other labelled set, each labelled from scratch against
GUIDE.md by two readers working apart, blind to every system's output:

- ``tests/data/indicators_blind_labels.jsonl``: the indicators;
- ``tests/data/articles_blind_labels.jsonl``: title, byline, event date, dates, wards (with their
  district and province) and primary ward.

Each text is read from ``../shared/corpus/`` and run through the pipeline as ``vnextract run``
reads it; the scorer is the one of ``vnextract evaluate`` (SCORING.md), on the fields the sample
labels.  The readers' agreement bounds what the figures can tell.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from vnextract.evaluate import article_facts
from vnextract.pipeline.run import extract_text
from vnextract.scoring import ArticleFacts, ArticleScore, DateFact, IndicatorFact, WardFact, score_article, total_score

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
SHARED = REPO.parent / "shared"


@dataclass(frozen=True)
class Sample:
    """A blind sample: its labels file, the facts it labels and the figures that score them."""

    name: str
    labels: Path
    fields: tuple[str, ...]
    figures: tuple[str, ...]


SAMPLES = {
    "indicators": Sample(
        "indicators", DATA / "indicators_blind_labels.jsonl", ("indicators",),
        ("indicators_precision", "indicators_recall", "indicators_f1",
         "comparator_accuracy", "kind_accuracy", "denominator_accuracy"),
    ),
    "articles": Sample(
        "articles", DATA / "articles_blind_labels.jsonl",
        ("title", "byline", "event_date", "dates", "wards", "primary_ward"),
        ("dates_precision", "dates_recall", "dates_f1", "event_date_accuracy", "wards_f1",
         "ward_district_accuracy", "ward_province_accuracy", "primary_ward_accuracy",
         "title_accuracy", "byline_accuracy"),
    ),
}


def labelled_facts(record: dict, fields: tuple[str, ...]) -> ArticleFacts:
    """Return the facts one reader's record states, on ``fields``."""
    facts = {
        "title": lambda: record["title"],
        "byline": lambda: record["byline"],
        "event_date": lambda: record["event_date"],
        "primary_ward": lambda: record["primary_ward"],
        "dates": lambda: tuple(DateFact(value) for value in record["dates"]),
        "wards": lambda: tuple(WardFact(w["name"], w["district"], w["province"]) for w in record["wards"]),
        "indicators": lambda: tuple(
            IndicatorFact(float(i["value"]), i["unit"], i["evidence"], i["denominator"], i["comparator"], i["kind"])
            for i in record["indicators"]
        ),
    }
    return ArticleFacts(record["source"], **{field: facts[field]() for field in fields})


def labels_by_source(sample: Sample) -> dict[str, dict[str, ArticleFacts]]:
    """Return each source's labels, by reader."""
    found: dict[str, dict[str, ArticleFacts]] = defaultdict(dict)
    for line in sample.labels.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        found[record["source"]][record["labeller"]] = labelled_facts(record, sample.fields)
    return dict(found)


def system_facts(source: str, fields: tuple[str, ...], shared: Path = SHARED) -> ArticleFacts:
    """Return what the pipeline finds in corpus text ``source``, on ``fields``."""
    text = (shared / source).read_text(encoding="utf-8", errors="replace")
    rows = extract_text(text, source=Path(source).name)
    found = article_facts(rows["articles"][0], rows) if rows["articles"] else ArticleFacts(source)
    return ArticleFacts(source, **{field: getattr(found, field) for field in fields})


def scores(sample: Sample) -> tuple[dict[tuple[str, str], ArticleScore], list[ArticleScore]]:
    """Return the system's score against each (source, reader) label, and the first reader's
    scores against the second's."""
    system, readers = {}, []
    for source, by_reader in sorted(labels_by_source(sample).items()):
        predicted = system_facts(source, sample.fields)
        for reader, gold in sorted(by_reader.items()):
            system[source, reader] = score_article(gold, predicted)
        if len(by_reader) == 2:
            first, second = (facts for _, facts in sorted(by_reader.items()))
            readers.append(score_article(first, second))
    return system, readers


def figures(sample: Sample, articles: list[ArticleScore]) -> dict[str, float | None]:
    """Return the sample's figures over ``articles``."""
    every = total_score(articles).figures()
    return {name: every[name] for name in sample.figures}


def main(argv: list[str]) -> None:
    if not (SHARED / "corpus").is_dir():
        sys.exit(f"the shared corpus is not at {SHARED / 'corpus'}")
    chosen = [SAMPLES[name] for name in argv if name in SAMPLES] or list(SAMPLES.values())
    for sample in chosen:
        system, readers = scores(sample)
        print(f"{sample.name} ({len(readers)} texts, two readers each)")
        for name, articles in (("system vs readers", list(system.values())), ("reader vs reader", readers)):
            shown = ", ".join(f"{k} {v:.3f}" for k, v in figures(sample, articles).items() if v is not None)
            print(f"  {name:18} {shown}")
        if "--errors" in argv:
            for (source, reader), article in system.items():
                for error in article.errors:
                    print(f"  {source} ({reader}) {error.kind} {error.label}: {error.text}")


if __name__ == "__main__":
    main(sys.argv[1:])
