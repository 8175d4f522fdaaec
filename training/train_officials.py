"""Train the officials candidate scorer and write ``extractors/resources/officials_model.json``.

Usage: ``.venv/bin/python training/train_officials.py``

Read: the unlabeled corpus ``../shared/corpus/*.txt`` in sorted order, less the
hand-corrected held-out texts (``tests/data/officials_heldout.jsonl``) and the
regions gold texts, which are kept for evaluation.  The rules propose (name, chain)
candidates; each is labelled silver-positive when the rules accept it, or when the
same person is linked by a rule elsewhere in the article, a verb hands the office
on ("làm", "giữ chức", "trúng cử chức danh") and the candidate is not a hero or a caption (the rules miss these: "Ông A (sinh năm 1980, ...) từng
kinh qua các chức vụ ..."). A logistic regression (scikit-learn, fixed seed) learns
from the context features; its weights are stored as plain JSON so the pipeline
scores them in pure Python.  Deterministic: same corpus, same file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))
from officials_eval import HELDOUT, REGIONS_GOLD, REPO, SHARED, read_jsonl, segmented  # noqa: E402

from vnextract.extractors.officials import OfficialsExtractor, OfficialsSettings, rule_accepts  # noqa: E402
from vnextract.pipeline.text import comparison_key  # noqa: E402

OUT = REPO / "extractors" / "resources" / "officials_model.json"


def training_sources() -> list[str]:
    """Return the corpus files used for training: all but held-out and regions texts, sorted."""
    kept = {r["source"] for r in read_jsonl(HELDOUT)} | {r["source"] for r in read_jsonl(REGIONS_GOLD)}
    files = sorted(p.name for p in (SHARED / "corpus").glob("*.txt"))
    return [f"corpus/{f}" for f in files if f"corpus/{f}" not in kept]


def silver_label(feats: dict[str, float], name: str, accepted: set[str]) -> int:
    """Return 1 when the rules accept the candidate, or accept its person elsewhere in the article."""
    if rule_accepts(feats):
        return 1
    clean = not (feats["honour_before"] or feats["honoured"] or feats["caption_marked"])
    return int(clean and feats["verb_before_office"] and comparison_key(name) in accepted)


def examples(extractor: OfficialsExtractor) -> tuple[list[dict[str, float]], list[int]]:
    """Return the features and silver labels of every candidate in the training corpus."""
    rows, labels = [], []
    for source in training_sources():
        scored = extractor.scored_candidates(segmented({"source": source}).match_text)
        accepted = {comparison_key(c.name.text) for c, f, _ in scored if rule_accepts(f)}
        for cand, feats, _ in scored:
            rows.append(feats)
            labels.append(silver_label(feats, cand.name.text, accepted))
    return rows, labels


def main() -> None:
    extractor = OfficialsExtractor(OfficialsSettings(mode="rules"))
    rows, labels = examples(extractor)
    names = sorted({k for row in rows for k in row})
    matrix = [[row.get(k, 0.0) for k in names] for row in rows]
    model = LogisticRegression(C=1.0, max_iter=2000, random_state=0).fit(matrix, labels)
    artifact = {
        "kind": "logistic regression over officials candidates",
        "trained_on": f"{len(set(training_sources()))} corpus texts, {len(rows)} candidates, {sum(labels)} silver positives",
        "features": names,
        "weights": [round(float(w), 6) for w in model.coef_[0]],
        "bias": round(float(model.intercept_[0]), 6),
    }
    OUT.write_text(json.dumps(artifact, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}: {artifact['trained_on']}")


if __name__ == "__main__":
    main()
