"""Scoring extractions against gold, exactly as ``../shared/gold/SCORING.md`` defines it.

Gold and predictions take one shape, ``ArticleFacts``, so the scorer never knows where
the facts came from (the pipeline's tables, a peer library, a hand-built test case).
``score_article`` compares one gold article with one prediction; ``Score`` objects add
up, which gives the micro-averaged figures (counts summed over articles first).

Choices SCORING.md leaves open, made here once:

* When a matched key (a ward name, a (name, position) pair) occurs more than once on a
  side, its district, province or organization is right if any gold value matches any
  predicted value for that key.
* Indicators are paired one to one by maximum bipartite matching; among compatible
  candidates, the one agreeing on more of comparator, kind, denominator and evidence is
  tried first, then the earlier one, so the pairing is deterministic.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from vnextract.pipeline.text import comparison_key

SET_KINDS = ("dates", "official_names", "official_positions", "wards", "indicators")
ACCURACIES = (
    "event_date", "organization", "ward_district", "ward_province", "primary_ward",
    "comparator", "kind", "denominator", "title", "byline",
)
ORG_JACCARD = 0.6
VALUE_REL_TOL = 1e-6
# SCORING.md: these administrative words are dropped before districts and provinces are compared.
_ADMIN_PREFIX = re.compile(r"^(?:(?:thành phố|tỉnh|quận|huyện|thị xã)\s+|tp\.\s*)")
# SCORING.md: unit spellings that name the same unit.
_UNIT_ALIASES = {"đồng": "vnd", "phần trăm": "%"}
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class DateFact:
    """A normalised date value; ``text`` is the mention as written (or the value)."""

    value: str
    text: str = ""


@dataclass(frozen=True)
class OfficialFact:
    """One (person, position) pair with the body the position belongs to."""

    name: str
    position: str
    organization: str | None = None


@dataclass(frozen=True)
class WardFact:
    """A ward-level unit and the district and province it resolved to."""

    name: str
    district: str | None = None
    province: str | None = None


@dataclass(frozen=True)
class IndicatorFact:
    """A quantity; ``evidence`` is the text that states it."""

    value: float
    unit: str
    evidence: str = ""
    denominator: float | None = None
    comparator: str = "="
    kind: str = "actual"


@dataclass(frozen=True)
class ArticleFacts:
    """Everything scored about one article, from gold or from a prediction."""

    article_id: str
    title: str | None = None
    byline: str | None = None
    event_date: str | None = None
    dates: tuple[DateFact, ...] = ()
    officials: tuple[OfficialFact, ...] = ()
    wards: tuple[WardFact, ...] = ()
    primary_ward: str | None = None
    indicators: tuple[IndicatorFact, ...] = ()


@dataclass
class Counts:
    """True positives, false positives and false negatives of one kind."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        # Nothing predicted and nothing to find is a perfect score, not a division by zero.
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float(self.fn == 0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else float(self.fp == 0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    """Right answers out of the items an accuracy is counted over."""

    right: int = 0
    total: int = 0

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.right + other.right, self.total + other.total)

    def add(self, is_right: bool) -> None:
        self.right += is_right
        self.total += 1

    @property
    def value(self) -> float | None:
        """The share right, or None when there was nothing to count."""
        return self.right / self.total if self.total else None


def _counts() -> dict[str, Counts]:
    return {kind: Counts() for kind in SET_KINDS}


def _accuracies() -> dict[str, Accuracy]:
    return {name: Accuracy() for name in ACCURACIES}


@dataclass
class Score:
    """The counts behind every figure; scores of several articles add up (micro-average)."""

    sets: dict[str, Counts] = field(default_factory=_counts)
    accuracies: dict[str, Accuracy] = field(default_factory=_accuracies)

    def __add__(self, other: Score) -> Score:
        return Score(
            {k: self.sets[k] + other.sets[k] for k in SET_KINDS},
            {k: self.accuracies[k] + other.accuracies[k] for k in ACCURACIES},
        )

    def figures(self) -> dict[str, float | None]:
        """Return every figure by name: ``dates_precision`` ... ``byline_accuracy``."""
        figures: dict[str, float | None] = {}
        for kind, counts in self.sets.items():
            figures.update({f"{kind}_precision": counts.precision, f"{kind}_recall": counts.recall,
                            f"{kind}_f1": counts.f1})
        for name, accuracy in self.accuracies.items():
            figures[f"{name}_accuracy"] = accuracy.value
        return figures


@dataclass(frozen=True)
class ErrorItem:
    """One reason a figure is not perfect: a missed, spurious or wrong item and its text."""

    kind: str
    label: str  # "missed", "spurious" or "wrong"
    text: str


@dataclass
class ArticleScore:
    """The score of one article and the errors behind it."""

    article_id: str
    score: Score = field(default_factory=Score)
    errors: list[ErrorItem] = field(default_factory=list)


def score_article(gold: ArticleFacts, pred: ArticleFacts) -> ArticleScore:
    """Return how ``pred`` compares with ``gold`` for one article, figure by figure."""
    result = ArticleScore(gold.article_id)
    _score_dates(gold, pred, result)
    _score_officials(gold, pred, result)
    _score_wards(gold, pred, result)
    _score_indicators(gold, pred, result)
    _score_fields(gold, pred, result)
    return result


def total_score(articles: list[ArticleScore]) -> Score:
    """Return the micro-averaged score: every article's counts summed."""
    return sum((a.score for a in articles), Score())


# --- sets ------------------------------------------------------------------------


def _score_set(kind: str, gold: dict[str, str], pred: dict[str, str], result: ArticleScore) -> set[str]:
    """Count one kind compared as sets of keys (key -> display text); return the matched keys."""
    matched = gold.keys() & pred.keys()
    result.score.sets[kind] += Counts(len(matched), len(pred.keys() - matched), len(gold.keys() - matched))
    result.errors += [ErrorItem(kind, "missed", gold[k]) for k in gold if k not in matched]
    result.errors += [ErrorItem(kind, "spurious", pred[k]) for k in pred if k not in matched]
    return matched


def _date_texts(facts: ArticleFacts) -> dict[str, str]:
    texts: dict[str, str] = {}
    for date in facts.dates:
        shown = date.value if not date.text or date.text == date.value else f"{date.value} «{date.text}»"
        texts.setdefault(comparison_key(date.value), shown)
    return texts


def _score_dates(gold: ArticleFacts, pred: ArticleFacts, result: ArticleScore) -> None:
    _score_set("dates", _date_texts(gold), _date_texts(pred), result)


def _score_officials(gold: ArticleFacts, pred: ArticleFacts, result: ArticleScore) -> None:
    """Count names, (name, position) pairs, and the organization of each matched pair."""
    names = {comparison_key(o.name): o.name for o in gold.officials}
    _score_set("official_names", names, {comparison_key(o.name): o.name for o in pred.officials}, result)
    gold_orgs, pred_orgs = _organizations(gold.officials), _organizations(pred.officials)
    shown = {_pair_key(o): f"{o.name} — {o.position}" for o in pred.officials + gold.officials}
    matched = _score_set("official_positions", {k: shown[k] for k in gold_orgs},
                         {k: shown[k] for k in pred_orgs}, result)
    for key in sorted(matched):
        right = any(organizations_match(g, p) for g in gold_orgs[key] for p in pred_orgs[key])
        result.score.accuracies["organization"].add(right)
        if not right:
            result.errors.append(ErrorItem("organization", "wrong", _expected_got(
                shown[key], " | ".join(map(_shown, gold_orgs[key])), " | ".join(map(_shown, pred_orgs[key])))))


def _pair_key(official: OfficialFact) -> str:
    return f"{comparison_key(official.name)}\t{comparison_key(official.position)}"


def _organizations(officials: tuple[OfficialFact, ...]) -> dict[str, list[str | None]]:
    """Return the organizations given for each (name, position) key, in order."""
    orgs: dict[str, list[str | None]] = defaultdict(list)
    for official in officials:
        orgs[_pair_key(official)].append(official.organization)
    return orgs


def organizations_match(gold: str | None, pred: str | None) -> bool:
    """Return whether two organizations match: token Jaccard >= 0.6, or one contains the other.

    Tokens are words (punctuation is not part of them); two nulls match, a null never matches a name.
    """
    a, b = _WORD.findall(comparison_key(gold)), _WORD.findall(comparison_key(pred))
    if not a or not b:
        return a == b
    jaccard = len(set(a) & set(b)) / len(set(a) | set(b))
    # Containment is of whole words: "quận ủy" is in "ban dân vận quận ủy", "chi bộ 2" is not in "chi bộ 21".
    joined_a, joined_b = f" {' '.join(a)} ", f" {' '.join(b)} "
    return jaccard >= ORG_JACCARD or joined_a in joined_b or joined_b in joined_a


def _score_wards(gold: ArticleFacts, pred: ArticleFacts, result: ArticleScore) -> None:
    """Count ward names, and the district and province of each matched ward."""
    gold_wards, pred_wards = _wards_by_key(gold.wards), _wards_by_key(pred.wards)
    matched = _score_set("wards", {k: w[0].name for k, w in gold_wards.items()},
                         {k: w[0].name for k, w in pred_wards.items()}, result)
    for key in sorted(matched):
        for level in ("district", "province"):
            gold_units = [admin_key(getattr(w, level)) for w in gold_wards[key]]
            pred_units = [admin_key(getattr(w, level)) for w in pred_wards[key]]
            right = bool(set(gold_units) & set(pred_units))
            result.score.accuracies[f"ward_{level}"].add(right)
            if not right:
                result.errors.append(ErrorItem(f"ward_{level}", "wrong", _expected_got(
                    gold_wards[key][0].name, getattr(gold_wards[key][0], level), getattr(pred_wards[key][0], level))))


def _wards_by_key(wards: tuple[WardFact, ...]) -> dict[str, list[WardFact]]:
    by_key: dict[str, list[WardFact]] = defaultdict(list)
    for ward in wards:
        by_key[comparison_key(ward.name)].append(ward)
    return by_key


def admin_key(unit: str | None) -> str | None:
    """Return a district or province in comparison form without "Quận", "Tỉnh", "TP." ...; None for null."""
    return _ADMIN_PREFIX.sub("", comparison_key(unit)) or None


# --- indicators --------------------------------------------------------------------


def unit_key(unit: str) -> str:
    """Return a unit in comparison form, with "đồng" as "vnd" and "phần trăm" as "%"."""
    # comparison_key drops edge punctuation, which would turn "%" into nothing.
    key = comparison_key(unit) or unit.strip().casefold()
    return _UNIT_ALIASES.get(key, key)


def units_match(gold: str, pred: str) -> bool:
    """Return whether two units are the same, or one is the head of the other ("trường" ~ "trường học")."""
    a, b = unit_key(gold), unit_key(pred)
    return a == b or b.startswith(a + " ") or a.startswith(b + " ")


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=VALUE_REL_TOL, abs_tol=0.0)


def indicators_match(gold: IndicatorFact, pred: IndicatorFact) -> bool:
    """Return whether a predicted indicator counts as the gold one: same value and unit."""
    return _same_number(gold.value, pred.value) and units_match(gold.unit, pred.unit)


def _agreement(gold: IndicatorFact, pred: IndicatorFact) -> int:
    """Return how many secondary fields agree, to prefer the pairing a reader would make."""
    a, b = comparison_key(gold.evidence), comparison_key(pred.evidence)
    same_text = bool(a and b) and (a in b or b in a)
    return (
        (gold.comparator.strip() == pred.comparator.strip())
        + (comparison_key(gold.kind) == comparison_key(pred.kind))
        + _same_number(gold.denominator, pred.denominator)
        + same_text
    )


def pair_indicators(gold: tuple[IndicatorFact, ...], pred: tuple[IndicatorFact, ...]) -> list[tuple[int, int]]:
    """Return a maximum one-to-one pairing (gold index, pred index) of matching indicators.

    Augmenting paths (Kuhn's algorithm) give the largest number of pairs; candidates are
    tried best-agreeing first, then in order, so the same input gives the same pairing.
    """
    candidates = [
        sorted((j for j, p in enumerate(pred) if indicators_match(g, p)), key=lambda j: (-_agreement(g, pred[j]), j))
        for g in gold
    ]
    owner: dict[int, int] = {}  # pred index -> gold index
    for i in range(len(gold)):
        _augment(i, candidates, owner, set())
    return sorted((i, j) for j, i in owner.items())


def _augment(i: int, candidates: list[list[int]], owner: dict[int, int], seen: set[int]) -> bool:
    """Give gold ``i`` a prediction, moving earlier owners along if needed; return success."""
    for j in candidates[i]:
        if j in seen:
            continue
        seen.add(j)
        if j not in owner or _augment(owner[j], candidates, owner, seen):
            owner[j] = i
            return True
    return False


def _score_indicators(gold: ArticleFacts, pred: ArticleFacts, result: ArticleScore) -> None:
    """Count paired indicators, and the comparator, kind and denominator of each pair."""
    pairs = pair_indicators(gold.indicators, pred.indicators)
    result.score.sets["indicators"] += Counts(
        len(pairs), len(pred.indicators) - len(pairs), len(gold.indicators) - len(pairs))
    for i, j in pairs:
        _score_indicator_fields(gold.indicators[i], pred.indicators[j], result)
    paired_gold, paired_pred = {i for i, _ in pairs}, {j for _, j in pairs}
    result.errors += [ErrorItem("indicators", "missed", _indicator_text(g))
                      for i, g in enumerate(gold.indicators) if i not in paired_gold]
    result.errors += [ErrorItem("indicators", "spurious", _indicator_text(p))
                      for j, p in enumerate(pred.indicators) if j not in paired_pred]


def _score_indicator_fields(gold: IndicatorFact, pred: IndicatorFact, result: ArticleScore) -> None:
    checks = {
        "comparator": (gold.comparator.strip(), pred.comparator.strip()),
        "kind": (comparison_key(gold.kind), comparison_key(pred.kind)),
        "denominator": (gold.denominator, pred.denominator),
    }
    for name, (expected, got) in checks.items():
        right = _same_number(expected, got) if name == "denominator" else expected == got
        result.score.accuracies[name].add(right)
        if not right:
            result.errors.append(ErrorItem(name, "wrong", _expected_got(_indicator_text(gold), expected, got)))


def _number(value: float | None) -> str:
    if value is None:
        return "null"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _indicator_text(indicator: IndicatorFact) -> str:
    ratio = f"/{_number(indicator.denominator)}" if indicator.denominator is not None else ""
    return f"{_number(indicator.value)}{ratio} {indicator.unit} «{indicator.evidence}»"


# --- fields over every article -------------------------------------------------------


def _score_fields(gold: ArticleFacts, pred: ArticleFacts, result: ArticleScore) -> None:
    """Score the one-value fields: event date, primary ward, title, byline (both null is right)."""
    for name in ("event_date", "primary_ward", "title", "byline"):
        expected, got = getattr(gold, name), getattr(pred, name)
        right = comparison_key(expected) == comparison_key(got)
        result.score.accuracies[name].add(right)
        if not right:
            result.errors.append(ErrorItem(name, "wrong", _expected_got("", expected, got)))


def _shown(value: object) -> str:
    """Return a value as an error line shows it: null for None, numbers without a needless ".0"."""
    if value is None:
        return "null"
    return _number(value) if isinstance(value, float) else str(value)


def _expected_got(item: str, expected: object, got: object) -> str:
    prefix = f"{item}: " if item else ""
    return f"{prefix}expected {_shown(expected)}, got {_shown(got)}"
