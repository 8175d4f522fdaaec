"""Scoring of officials against gold, as SCORING.md counts it (shared by training and ablation).

Read: gold JSON-lines records (``text``/``title``/``officials``) or held-out records
(``source`` naming a corpus file, ``officials``).  Returned: micro-averaged figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from vnextract.pipeline.clean import clean
from vnextract.pipeline.documents import Article, RawDocument, Reject, SegmentedArticle
from vnextract.pipeline.segment import segment
from vnextract.pipeline.text import comparison_key, normalize_unicode

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEV_GOLD = SHARED / "gold" / "dev.jsonl"
REGIONS_GOLD = SHARED / "gold" / "regions.jsonl"
HELDOUT = REPO / "tests" / "data" / "officials_heldout.jsonl"
TRAINING_GOLD = REPO / "tests" / "data" / "officials_training_gold.jsonl"  # the training texts, labelled by hand

Officials = list[tuple[str, str, str | None]]  # (name, position, organization)


def read_jsonl(path: Path) -> list[dict]:
    """Return the records of a JSON-lines file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def text_of(record: dict) -> str:
    """Return the record's text: its own ``text``, or the corpus file its ``source`` names."""
    if "text" in record:
        return record["text"]
    return (SHARED / record["source"]).read_text(encoding="utf-8")


def segmented(record: dict) -> SegmentedArticle:
    """Return the record segmented but not cleaned (the headline line left out of the body):
    training reads the caption lines too, to learn from those a credit mark gives away."""
    text, title = normalize_unicode(text_of(record)), record.get("title")
    first, _, rest = text.partition("\n")
    body = rest if title and comparison_key(first) == comparison_key(title) else text
    return segment(Article(article_id=record.get("id", record.get("source", "x")), source=record.get("source", ""),
                           title=title, byline=None, body=body, content_sha256=""))


def cleaned(record: dict) -> SegmentedArticle:
    """Return the record as ``vnextract run`` reads it: cleaned (furniture, captions and
    byline out, the title kept apart) and segmented, so the ablation scores what users get."""
    article = clean(RawDocument(source=record.get("source") or record.get("id", "x"), text=text_of(record)))
    if isinstance(article, Reject):
        article = Article(article_id="x", source="", title=None, byline=None, body="", content_sha256="")
    return segment(article)


def gold_officials(record: dict) -> Officials:
    """Return the gold (name, position, organization) triples of a record."""
    return [(o["name"], p["position"], p["organization"]) for o in record["officials"] for p in o["positions"]]


@dataclass
class Counts:
    """Micro-averaged true/false positives and negatives, and organization matches."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    pair_tp: int = 0
    pair_fp: int = 0
    pair_fn: int = 0
    org_ok: int = 0

    def add(self, predicted: Officials, gold: Officials) -> None:
        pn, gn = {comparison_key(n) for n, _, _ in predicted}, {comparison_key(n) for n, _, _ in gold}
        self.tp, self.fp, self.fn = self.tp + len(pn & gn), self.fp + len(pn - gn), self.fn + len(gn - pn)
        porg = {(comparison_key(n), comparison_key(p)): o for n, p, o in predicted}
        gorg = {(comparison_key(n), comparison_key(p)): o for n, p, o in gold}
        both = porg.keys() & gorg.keys()
        self.pair_tp += len(both)
        self.pair_fp += len(porg.keys() - gorg.keys())
        self.pair_fn += len(gorg.keys() - porg.keys())
        self.org_ok += sum(org_matches(porg[k], gorg[k]) for k in both)

    def figures(self) -> dict[str, float]:
        p = self.tp / max(1, self.tp + self.fp)
        r = self.tp / max(1, self.tp + self.fn)
        pp = self.pair_tp / max(1, self.pair_tp + self.pair_fp)
        pr = self.pair_tp / max(1, self.pair_tp + self.pair_fn)
        return {
            "P": p, "R": r, "F1": f1(p, r), "errors": self.fp + self.fn,
            "pairF1": f1(pp, pr), "pair_errors": self.pair_fp + self.pair_fn,
            "org": self.org_ok / max(1, self.pair_tp),
        }


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def org_matches(predicted: str | None, gold: str | None) -> bool:
    """Return True when token Jaccard >= 0.6 or one contains the other (both None: True)."""
    a, b = comparison_key(predicted), comparison_key(gold)
    if not a or not b:
        return a == b
    ta, tb = set(a.split()), set(b.split())
    return a in b or b in a or len(ta & tb) / len(ta | tb) >= 0.6
