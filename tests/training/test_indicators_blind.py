"""The blind indicators sample (``training/indicators_blind.py``): labels that fit the corpus,
two readers per text, and the system's figure on it held to a floor."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
_SPEC = importlib.util.spec_from_file_location("indicators_blind", REPO / "training" / "indicators_blind.py")
blind = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(blind)

FIELDS = {"evidence", "subject", "value", "unit", "denominator", "comparator", "kind"}


def records() -> list[dict]:
    return [json.loads(line) for line in blind.LABELS.read_text(encoding="utf-8").splitlines()]


def test_every_text_has_two_readers_and_every_label_its_fields():
    assert set(Counter(r["source"] for r in records()).values()) == {2}
    for record in records():
        for indicator in record["indicators"]:
            assert set(indicator) == FIELDS, record["source"]
            assert indicator["comparator"] in {"=", ">=", ">", "<", "<=", "~"}
            assert indicator["kind"] in {"actual", "target"}


def test_the_sample_is_in_no_other_labelled_set():
    others = set()
    for path in (REPO.parent / "shared" / "gold" / "regions.jsonl", REPO / "tests" / "data" / "holdout_labels.jsonl"):
        if path.is_file():
            others |= {json.loads(line)["source"] for line in path.read_text(encoding="utf-8").splitlines()}
    assert not {r["source"] for r in records()} & others


def test_every_evidence_is_in_its_text(corpus_dir):
    for record in records():
        text = (corpus_dir.parent / record["source"]).read_text(encoding="utf-8")
        for indicator in record["indicators"]:
            assert indicator["evidence"] in text, (record["source"], indicator["evidence"])


@pytest.mark.parametrize("name, floor", [("indicators_f1", 0.96), ("kind_accuracy", 0.97)])
def test_the_system_on_the_blind_sample(corpus_dir, name, floor):
    system, _ = blind.scores(blind.labels_by_source())
    assert blind.figures(list(system.values()))[name] >= floor
