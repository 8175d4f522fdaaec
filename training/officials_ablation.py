"""Ablation of the officials extractor: rules only, model only, combined, and underthesea's NER.

Usage: ``.venv/bin/python training/officials_ablation.py``

Prints, for each set, official names P/R/F1, (name, position) F1 and organization accuracy
(SCORING.md), each article read as ``vnextract run`` reads it (cleaned):

* dev: the dev gold (the five samples);
* held-out: the officials held-out sample, 91 corpus texts labelled by hand, never trained on;
* out-of-fold: the 158 training texts, labelled by hand, each scored by a model retrained
  without the fifth of the texts it belongs to (``train_officials.train``, thresholds chosen
  by cross-validation inside the other four fifths), so no text is scored by a model that saw it;
* all hand-labelled: the two together, every hand-labelled corpus text (249);
* regions: the regions gold.

The peer is underthesea's CRF ``ner``: every PER entity counts as an official name (it gives
no position, so its pair F1 is 0).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from officials_eval import (
    DEV_GOLD,
    HELDOUT,
    REGIONS_GOLD,
    TRAINING_GOLD,
    Counts,
    Officials,
    cleaned,
    gold_officials,
    read_jsonl,
)
from train_officials import folds, train, training_sources

from vnextract.extractors.officials import LinearModel, OfficialsExtractor, OfficialsSettings
from vnextract.pipeline.documents import SegmentedArticle

SETS = {
    "dev": [DEV_GOLD],
    "held-out": [HELDOUT],
    "out-of-fold": [TRAINING_GOLD],
    "all hand-labelled": [HELDOUT, TRAINING_GOLD],
    "regions": [REGIONS_GOLD],
}
SYSTEMS = ("rules", "model", "combined", PEER := "underthesea-ner(PER)")
Extract = Callable[[SegmentedArticle], Officials]


def ours(mode: str, model: LinearModel | None = None) -> Extract:
    """Return an extract function running our extractor in ``mode`` (with ``model``, else the committed one)."""
    extractor = OfficialsExtractor(OfficialsSettings(mode=mode), model=model)
    return lambda doc: [(s.name, s.position, s.organization) for s in extractor(doc)]


def underthesea_persons(doc: SegmentedArticle) -> Officials:
    """Return underthesea's PER entities, sentence by sentence, as names without a position."""
    from underthesea import ner

    names = []
    for sentence in doc.sentences:
        current: list[str] = []
        for token, _, _, tag in ner(doc.sentence_text(sentence)) + [("", "", "", "O")]:
            if tag.endswith("PER") and (tag.startswith("I") and current or tag.startswith("B")):
                current = current + [token] if tag.startswith("I") else [token]
                continue
            if current:
                names.append((" ".join(current), "", None))
            current = [token] if tag == "B-PER" else []
    return names


@cache
def fold_models() -> dict[str, LinearModel]:
    """Return, per training text, the model trained without the fold it belongs to."""
    by_source = {}
    for training, held_out in folds(training_sources()):
        model = LinearModel.from_artifact(train(training))
        by_source |= dict.fromkeys(held_out, model)
    return by_source


@cache
def extract_function(system: str, model: LinearModel | None = None) -> Extract:
    """Return the extract function of ``system`` (our modes with ``model``, or the peer)."""
    return underthesea_persons if system == PEER else ours(system, model)


def extract_for(system: str, record: dict) -> Extract:
    """Return the extract function for ``record``: a training text's, with the model that never saw it."""
    fold_model = fold_models().get(record.get("source", ""))
    return extract_function(system, fold_model if system in ("model", "combined") else None)


records_of = cache(read_jsonl)


@cache
def predicted(system: str, path: Path, line: int) -> Officials:
    """Return what ``system`` finds in record ``line`` of ``path`` (sets share records)."""
    record = records_of(path)[line]
    return extract_for(system, record)(cleaned(record))


def figures(paths: list[Path], system: str) -> dict[str, float]:
    """Return the figures of ``system`` over the records of ``paths``."""
    counts = Counts()
    for path in paths:
        for line, record in enumerate(records_of(path)):
            counts.add(predicted(system, path, line), gold_officials(record))
    return counts.figures()


def main() -> None:
    print(f"{'set':17} {'system':22} {'P':>6} {'R':>6} {'F1':>6} {'errors':>6} {'pairF1':>7} {'errors':>6} {'org':>6}")
    for set_name, paths in SETS.items():
        for system in SYSTEMS:
            f = figures(paths, system)
            print(
                f"{set_name:17} {system:22} {f['P']:6.3f} {f['R']:6.3f} {f['F1']:6.3f} {f['errors']:6d} "
                f"{f['pairF1']:7.3f} {f['pair_errors']:6d} {f['org']:6.3f}"
            )


if __name__ == "__main__":
    main()
