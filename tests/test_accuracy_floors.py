"""Accuracy never falls: every figure of `vnextract evaluate` stays at or above its floor.

The floors live in one place, tests/accuracy_floors.json, keyed by gold file. The committed
copy of the dev gold (tests/data/dev.jsonl) always runs; the regions gold in ../shared runs
when that folder sits beside the repository.
"""

import json
import shutil
import subprocess
from dataclasses import replace

import pytest
from conftest import REPO

from vnextract.evaluate import below_floors, evaluate_file, gold_facts, load_gold, score_system
from vnextract.scoring import ArticleFacts, Score

FLOORS_FILE = REPO / "tests" / "accuracy_floors.json"
FLOORS: dict[str, dict[str, float]] = {
    gold: floors for gold, floors in json.loads(FLOORS_FILE.read_text(encoding="utf-8")).items() if gold != "_doc"
}
DEV = "tests/data/dev.jsonl"


@pytest.fixture(scope="module")
def measured() -> dict[str, dict[str, float | None]]:
    """Return the figures of the pipeline on each gold file that is present, computed once."""
    return {gold: evaluate_file(REPO / gold).main.score.figures() for gold in FLOORS if (REPO / gold).is_file()}


@pytest.mark.parametrize(("gold", "figure"), [(g, f) for g, floors in FLOORS.items() for f in floors])
def test_figure_is_at_or_above_its_floor(measured, gold, figure):
    if gold not in measured:
        pytest.skip(f"{gold} is not there (../shared sits beside the repository in CI)")
    assert not below_floors(measured[gold], {figure: FLOORS[gold][figure]})


def test_the_dev_gold_has_a_floor_for_every_figure():
    assert set(FLOORS[DEV]) == set(Score().figures())
    for floors in FLOORS.values():
        assert set(floors) <= set(Score().figures()), "a floor names a figure the scorer does not compute"
        assert all(0.0 <= floor <= 1.0 for floor in floors.values())


def _years_only(facts: ArticleFacts) -> ArticleFacts:
    return replace(facts, dates=tuple(d for d in facts.dates if len(d.value) == 4))


def _scale_words_lost(facts: ArticleFacts) -> ArticleFacts:
    return replace(facts, indicators=tuple(replace(i, value=i.value / 1e6) if i.value >= 1e6 else i
                                           for i in facts.indicators))


def _no_organization(facts: ArticleFacts) -> ArticleFacts:
    return replace(facts, officials=tuple(replace(o, organization=None) for o in facts.officials))


def _every_official_twice(facts: ArticleFacts) -> ArticleFacts:
    return replace(facts, officials=facts.officials + tuple(replace(o, name=o.name + " Văn") for o in facts.officials))


@pytest.mark.parametrize(
    ("breakage", "falling"),
    [
        (_years_only, "dates_recall"),
        (_scale_words_lost, "indicators_recall"),
        (_no_organization, "organization_accuracy"),
        (_every_official_twice, "official_names_precision"),
    ],
)
def test_a_broken_extractor_falls_below_the_floors(breakage, falling):
    """Known-bad predictions (gold facts damaged as a broken extractor would) fail the floors."""
    gold = load_gold(REPO / DEV)
    broken = score_system("broken", gold, lambda article: breakage(gold_facts(article))).score.figures()
    assert any(line.startswith(f"{falling} ") for line in below_floors(broken, FLOORS[DEV]))
    perfect = score_system("gold", gold, gold_facts).score.figures()
    assert below_floors(perfect, FLOORS[DEV]) == []


def _committed_floors() -> list[dict]:
    """Return every committed version of the floors file, newest first (none outside a git checkout)."""
    git = shutil.which("git")
    if git is None:
        return []
    path = FLOORS_FILE.relative_to(REPO).as_posix()
    log = subprocess.run([git, "log", "--format=%H", "--", path], cwd=REPO, check=False, capture_output=True, text=True)
    shown = (subprocess.run([git, "show", f"{commit}:{path}"], cwd=REPO, check=False, capture_output=True, text=True)
             for commit in log.stdout.split())
    return [json.loads(s.stdout) for s in shown if s.returncode == 0]


def lowered_floors(current: dict, history: list[dict]) -> list[str]:
    """Return each floor of ``current`` under, or missing from, a floor of an earlier version."""
    problems = []
    for old in history:
        for gold, floors in old.items():
            if gold == "_doc":
                continue
            for figure, old_floor in floors.items():
                floor = current.get(gold, {}).get(figure)
                if floor is None or floor < old_floor:
                    problems.append(f"{gold} {figure}: {floor} < {old_floor} committed before")
    return problems


def test_lowered_floors_finds_a_lowered_or_dropped_floor():
    history = [{"_doc": "", "g": {"dates_f1": 0.8, "wards_f1": 0.5}}, {"g": {"dates_f1": 0.7}}]
    assert lowered_floors({"g": {"dates_f1": 0.8, "wards_f1": 0.6}}, history) == []
    assert lowered_floors({"g": {"dates_f1": 0.75, "wards_f1": 0.5}}, history) == ["g dates_f1: 0.75 < 0.8 committed before"]
    assert lowered_floors({"g": {"dates_f1": 0.9}}, history) == ["g wards_f1: None < 0.5 committed before"]


def test_floors_only_go_up():
    history = _committed_floors()
    if not history:
        pytest.skip("no committed version of tests/accuracy_floors.json to compare with")
    assert lowered_floors(FLOORS, history) == []
