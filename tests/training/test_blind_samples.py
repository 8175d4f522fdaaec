"""The blind samples (``training/blind_samples.py``): labels that fit the corpus and the guide,
two readers per text, samples apart from every other labelled set, and the system's figures on
them held to floors."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import blind_samples as blind
import pytest

REPO = Path(__file__).resolve().parents[2]

INDICATOR_FIELDS = {"evidence", "subject", "value", "unit", "denominator", "comparator", "kind"}
WARD_TYPES = ("Phường ", "Xã ", "Thị trấn ")
SAMPLES = sorted(blind.SAMPLES)


def records(sample: str) -> list[dict]:
    return [json.loads(line) for line in blind.SAMPLES[sample].labels.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("sample", SAMPLES)
def test_every_text_has_two_readers_and_every_record_the_sample_fields(sample):
    assert set(Counter(r["source"] for r in records(sample)).values()) == {2}
    assert len({r["source"] for r in records(sample)}) == 24
    for record in records(sample):
        assert set(record) == {"source", "labeller", *blind.SAMPLES[sample].fields}, record["source"]


def test_every_indicator_label_has_its_fields():
    for record in records("indicators"):
        for indicator in record["indicators"]:
            assert set(indicator) == INDICATOR_FIELDS, record["source"]
            assert indicator["comparator"] in {"=", ">=", ">", "<", "<=", "~"}
            assert indicator["kind"] in {"actual", "target"}


def test_every_article_label_is_written_as_the_guide_says():
    for record in records("articles"):
        for value in [record["event_date"], *record["dates"]]:
            if value and len(value) == 10:
                dt.date.fromisoformat(value)
        assert record["event_date"] is None or record["event_date"] in record["dates"] or any(
            d.startswith(record["event_date"]) for d in record["dates"]), record["source"]
        names = [w["name"] for w in record["wards"]]
        assert all(name.startswith(WARD_TYPES) for name in names) and len(set(names)) == len(names)
        assert record["primary_ward"] is None or record["primary_ward"] in names, record["source"]


def test_the_samples_are_apart_from_each_other_and_every_other_labelled_set():
    others = set()
    for path in (REPO.parent / "shared" / "gold" / "regions.jsonl", REPO / "tests" / "data" / "holdout_labels.jsonl"):
        if path.is_file():
            others |= {json.loads(line)["source"] for line in path.read_text(encoding="utf-8").splitlines()}
    indicators, articles = ({r["source"] for r in records(s)} for s in ("indicators", "articles"))
    assert not indicators & others and not articles & others and not indicators & articles


def test_every_verbatim_label_is_in_its_text(corpus_dir):
    for sample in SAMPLES:
        for record in records(sample):
            text = (corpus_dir.parent / record["source"]).read_text(encoding="utf-8")
            quoted = [i["evidence"] for i in record.get("indicators", [])]
            quoted += [record[k] for k in ("title", "byline") if record.get(k)]
            assert all(q in text for q in quoted), record["source"]


@pytest.mark.parametrize("sample, name, floor", [
    ("indicators", "indicators_f1", 0.96),
    ("indicators", "kind_accuracy", 0.97),
    ("articles", "dates_f1", 0.98),
    ("articles", "event_date_accuracy", 0.95),
    ("articles", "wards_f1", 0.98),
    ("articles", "ward_district_accuracy", 0.95),
    ("articles", "title_accuracy", 0.95),
    ("articles", "byline_accuracy", 0.95),
])
def test_the_system_on_the_blind_samples(corpus_dir, sample, name, floor):
    system, _ = blind.scores(blind.SAMPLES[sample])
    assert blind.figures(blind.SAMPLES[sample], list(system.values()))[name] >= floor
