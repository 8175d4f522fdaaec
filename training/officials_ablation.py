"""Ablation of the officials extractor: rules only, model only, combined, and underthesea's NER.

Usage: ``.venv/bin/python training/officials_ablation.py``

Prints, for the dev gold, the hand-labelled officials held-out sample (91 corpus texts) and
the regions gold, each article read as ``vnextract run`` reads it (cleaned):
official names P/R/F1, (name, position) F1 and organization accuracy (SCORING.md).
The peer is underthesea's CRF ``ner``: every PER entity counts as an official name
(it gives no position, so its pair F1 is 0).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from officials_eval import DEV_GOLD, HELDOUT, REGIONS_GOLD, Officials, evaluate, read_jsonl  # noqa: E402

from vnextract.extractors.officials import OfficialsExtractor, OfficialsSettings  # noqa: E402
from vnextract.pipeline.documents import SegmentedArticle  # noqa: E402

SETS = {"dev": DEV_GOLD, "held-out": HELDOUT, "regions": REGIONS_GOLD}


def ours(mode: str):
    """Return an extract function running our extractor in ``mode``."""
    extractor = OfficialsExtractor(OfficialsSettings(mode=mode))
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


def main() -> None:
    systems = {name: ours(mode) for name, mode in (("rules", "rules"), ("model", "model"), ("combined", "combined"))}
    systems["underthesea-ner(PER)"] = underthesea_persons
    print(f"{'set':9} {'system':22} {'P':>6} {'R':>6} {'F1':>6} {'pairF1':>7} {'org':>6}")
    for set_name, path in SETS.items():
        records = read_jsonl(path)
        for system, extract in systems.items():
            f = evaluate(records, extract)
            print(f"{set_name:9} {system:22} {f['P']:6.3f} {f['R']:6.3f} {f['F1']:6.3f} {f['pairF1']:7.3f} {f['org']:6.3f}")


if __name__ == "__main__":
    main()
