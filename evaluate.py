"""``vnextract evaluate``: score the pipeline (and, on request, peer libraries) against gold.

Gold file format (JSON lines, UTF-8, one article per line; every key required, null
where the guide allows it; ../shared/gold/GUIDE.md says what a correct value is)::

    {"id": "d001",                  # unique; the text is run as the file <id>.txt
     "source": "where the text came from",
     "text": "the article exactly as given to the pipeline",
     "title": "..." | null, "byline": "..." | null,
     "event_date": "YYYY-MM-DD" | null,
     "dates": ["2023-02-02", "2023-02", "2023", "2023-Q2", "2023-H1", "2020/2025", ...],
     "officials": [{"name": "...", "positions": [{"position": "...", "organization": "..." | null}]}],
     "wards": [{"name": "Phường Đa Kao", "district": "Quận 1" | null, "province": "..." | null}],
     "primary_ward": "Phường Đa Kao" | null,
     "indicators": [{"evidence": "verbatim substring of text", "subject": "...", "value": 209376000,
                     "unit": "VND", "denominator": null, "comparator": "=", "kind": "actual"}]}

``evaluate_file`` runs the pipeline over the gold texts and returns an ``Evaluation``;
``format_table``, ``format_errors`` and ``figures_json`` turn it into what the command
prints.  Scoring itself is ``vnextract.scoring``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

import pyarrow.parquet as pq
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from vnextract.scoring import (
    ArticleFacts,
    ArticleScore,
    DateFact,
    IndicatorFact,
    OfficialFact,
    Score,
    WardFact,
    score_article,
    total_score,
)

SYSTEM = "vnextract"
_DATE_PART = r"\d{4}(?:-(?:\d{2}(?:-\d{2})?|Q[1-4]|H[12]))?"
# The forms GUIDE.md gives a date value: 2023-02-02, 2023-02, 2023, 2023-Q2, 2023-H1, and ranges a/b of them.
DATE_VALUE = rf"^{_DATE_PART}(?:/{_DATE_PART})?$"
# Ids become file names: keep them to characters every file system takes.
ARTICLE_ID = r"^[\w.-]+$"


class GoldError(ValueError):
    """The gold file cannot be read; the message names the file and line."""


class PeerUnavailable(RuntimeError):
    """A peer library asked for with ``--peers`` is not installed."""


# --- gold ----------------------------------------------------------------------------


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GoldPosition(_Gold):
    position: str = Field(min_length=1)
    organization: str | None


class GoldOfficial(_Gold):
    name: str = Field(min_length=1)
    positions: list[GoldPosition]


class GoldWard(_Gold):
    name: str = Field(min_length=1)
    district: str | None
    province: str | None


class GoldIndicator(_Gold):
    evidence: str = Field(min_length=1)
    subject: str
    value: float = Field(allow_inf_nan=False)
    unit: str = Field(min_length=1)
    denominator: float | None = Field(allow_inf_nan=False)
    comparator: Literal["=", ">=", ">", "<", "<=", "~"]
    kind: Literal["actual", "target"]


class GoldArticle(_Gold):
    """One line of a gold file, checked: every key present, values in the guide's forms."""

    id: Annotated[str, Field(pattern=ARTICLE_ID)]
    source: str
    text: str = Field(min_length=1)
    title: str | None
    byline: str | None
    event_date: str | None
    dates: list[Annotated[str, Field(pattern=DATE_VALUE)]]
    officials: list[GoldOfficial]
    wards: list[GoldWard]
    primary_ward: str | None
    indicators: list[GoldIndicator]

    @field_validator("event_date")
    @classmethod
    def _is_a_day(cls, value: str | None) -> str | None:
        if value is not None and not _is_iso_day(value):
            raise ValueError(f"{value!r} is not a day in the form YYYY-MM-DD")
        return value

    @model_validator(mode="after")
    def _refers_to_itself(self) -> GoldArticle:
        for n, indicator in enumerate(self.indicators):
            if indicator.evidence not in self.text:
                raise ValueError(f"indicators[{n}].evidence {indicator.evidence!r} is not a substring of text")
        if self.primary_ward is not None and self.primary_ward not in {w.name for w in self.wards}:
            raise ValueError(f"primary_ward {self.primary_ward!r} is not the name of one of the wards")
        return self


def _is_iso_day(value: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def load_gold(path: Path | str) -> list[GoldArticle]:
    """Return the articles of a gold JSONL file, checked; raise ``GoldError`` naming the bad line."""
    path = Path(path)
    try:
        # Split on newlines only: str.splitlines would also cut at U+2028 or U+0085 inside a JSON string.
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read the gold file ({exc})") from exc
    articles, seen = [], {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        article = _gold_line(path, number, line)
        if article.id in seen:
            raise GoldError(f"{path}, line {number}: id {article.id!r} already used on line {seen[article.id]}")
        seen[article.id] = number
        articles.append(article)
    if not articles:
        raise GoldError(f"{path}: no articles (expected one JSON object per line)")
    return articles


def _gold_line(path: Path, number: int, line: str) -> GoldArticle:
    """Return one line parsed and validated, or raise ``GoldError`` saying what is wrong."""
    where = f"{path}, line {number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise GoldError(f"{where}: not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise GoldError(f"{where}: expected a JSON object, got {type(record).__name__}")
    try:
        return GoldArticle.model_validate(record)
    except ValidationError as exc:
        raise GoldError(f"{where}: " + "; ".join(_describe(e) for e in exc.errors())) from None


def _describe(error: dict) -> str:
    """Return one pydantic error as "key[0].field: problem"."""
    location = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"]).lstrip(".")
    if error["type"] == "missing":
        return f"missing key {location!r}"
    if error["type"] == "extra_forbidden":
        return f"unknown key {location!r}"
    message = error["msg"].removeprefix("Value error, ")
    return f"{location}: {message}" if location else message


def gold_facts(article: GoldArticle) -> ArticleFacts:
    """Return the facts a gold article states, in the scorer's shape."""
    return ArticleFacts(
        article_id=article.id,
        title=article.title,
        byline=article.byline,
        event_date=article.event_date,
        dates=tuple(DateFact(value) for value in article.dates),
        # Officials are the people with a position: one fact per (person, position).
        officials=tuple(OfficialFact(o.name, p.position, p.organization) for o in article.officials for p in o.positions),
        wards=tuple(WardFact(w.name, w.district, w.province) for w in article.wards),
        primary_ward=article.primary_ward,
        indicators=tuple(
            IndicatorFact(i.value, i.unit, i.evidence, i.denominator, i.comparator, i.kind) for i in article.indicators
        ),
    )


# --- the pipeline's predictions ----------------------------------------------------------


def pipeline_facts(articles: list[GoldArticle], workers: int = 1) -> tuple[dict[str, ArticleFacts], list[dict]]:
    """Run the pipeline over the gold texts; return facts by gold id and the reject rows."""
    from vnextract.pipeline import run

    with tempfile.TemporaryDirectory(prefix="vnextract-evaluate-") as tmp:
        input_dir, out_dir = Path(tmp, "input"), Path(tmp, "out")
        input_dir.mkdir()
        for article in articles:
            (input_dir / f"{article.id}.txt").write_text(article.text, encoding="utf-8")
        run(input_dir, out_dir, workers=workers, incremental=False)
        by_source = facts_from_tables(out_dir)
        rejects = _rows(out_dir, "rejects")
    return {a.id: by_source.get(f"{a.id}.txt", ArticleFacts(a.id)) for a in articles}, rejects


def _rows(out_dir: Path, table: str) -> list[dict]:
    return pq.read_table(out_dir / f"{table}.parquet").to_pylist()


def facts_from_tables(out_dir: Path) -> dict[str, ArticleFacts]:
    """Return the facts of each article in a run's tables, keyed by ``articles.source``."""
    by_article: dict[str, dict[str, list[dict]]] = {}
    for table in ("dates", "officials", "wards", "indicators"):
        for row in _rows(out_dir, table):
            by_article.setdefault(row["article_id"], {}).setdefault(table, []).append(row)
    return {a["source"]: article_facts(a, by_article.get(a["article_id"], {})) for a in _rows(out_dir, "articles")}


def article_facts(article: dict, rows: dict[str, list[dict]]) -> ArticleFacts:
    """Return one article's facts from its ``articles`` row and its rows of the other tables."""
    wards = rows.get("wards", [])
    event_date = article["event_date"]
    return ArticleFacts(
        article_id=article["source"].removesuffix(".txt"),
        title=article["title"],
        byline=article["byline"],
        event_date=event_date.isoformat() if event_date else None,
        dates=tuple(DateFact(r["value"], r["text"]) for r in rows.get("dates", [])),
        officials=tuple(OfficialFact(r["name"], r["position"], r["organization"]) for r in rows.get("officials", [])),
        wards=tuple(WardFact(r["name"], r["district"], r["province"]) for r in wards),
        # SCORING.md: the primary ward is the ward row flagged is_primary.
        primary_ward=next((r["name"] for r in wards if r["is_primary"]), None),
        indicators=tuple(_indicator_fact(r) for r in rows.get("indicators", [])),
    )


def _indicator_fact(row: dict) -> IndicatorFact:
    denominator = row["denominator"]
    if denominator is not None and math.isnan(denominator):
        denominator = None
    return IndicatorFact(row["value"], row["unit"], row["evidence"], denominator, row["comparator"], row["kind"])


# --- peers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Peer:
    """A library a Python user would reach for, and the figures it can be held to."""

    name: str
    kinds: tuple[str, ...]
    facts: Callable[[GoldArticle], ArticleFacts]


def dateparser_facts(article: GoldArticle) -> ArticleFacts:
    """Return the days dateparser's ``search_dates`` finds in the text, as "YYYY-MM-DD"."""
    from dateparser.search import search_dates

    found = search_dates(article.text, languages=["vi"]) or []
    return ArticleFacts(article.id, dates=tuple(DateFact(d.date().isoformat(), text) for text, d in found))


def underthesea_facts(article: GoldArticle) -> ArticleFacts:
    """Return the person names underthesea's NER tags (B-PER, I-PER) in each sentence."""
    from underthesea import ner, sent_tokenize

    names = [name for line in article.text.splitlines() for sentence in sent_tokenize(line)
             for name in person_names(ner(sentence))]
    # The peer gives names only; a placeholder position lets the name figures count them.
    return ArticleFacts(article.id, officials=tuple(OfficialFact(n, "?") for n in dict.fromkeys(names)))


def person_names(tagged: list[tuple]) -> list[str]:
    """Return the names in NER output: runs of tokens tagged B-PER then I-PER, joined by spaces."""
    names: list[list[str]] = []
    inside = False  # whether the previous token was part of a name
    for token, *_, tag in tagged:
        if tag == "B-PER" or (tag == "I-PER" and not inside):
            names.append([token])
        elif tag == "I-PER":
            names[-1].append(token)
        inside = tag in ("B-PER", "I-PER")
    return [" ".join(name) for name in names]


def require_peers() -> None:
    """Raise ``PeerUnavailable`` unless the optional peer libraries can be imported."""
    try:
        import dateparser  # noqa: F401 - only checking that it is there
    except ImportError as exc:
        raise PeerUnavailable("--peers needs dateparser, which is not installed: "
                              "pip install 'vnextract[test]' (or pip install dateparser)") from exc


PEERS = (
    Peer("dateparser", ("dates",), dateparser_facts),
    Peer("underthesea", ("official_names",), underthesea_facts),
)


# --- evaluation --------------------------------------------------------------------------


@dataclass
class SystemResult:
    """One system's scores over the gold: per article and in total; ``kinds`` it is held to."""

    name: str
    articles: list[ArticleScore]
    kinds: tuple[str, ...] | None = None  # None: every figure

    @property
    def score(self) -> Score:
        return total_score(self.articles)


@dataclass
class Evaluation:
    """The result of ``evaluate_file``: vnextract's scores, the peers', and the pipeline's rejects."""

    gold: str
    systems: list[SystemResult]
    rejects: list[dict] = field(default_factory=list)

    @property
    def main(self) -> SystemResult:
        return self.systems[0]


def score_system(name: str, gold: list[GoldArticle], facts: Callable[[GoldArticle], ArticleFacts],
                 kinds: tuple[str, ...] | None = None) -> SystemResult:
    """Return the scores of one system whose prediction for each gold article is ``facts(article)``."""
    return SystemResult(name, [score_article(gold_facts(a), facts(a)) for a in gold], kinds)


def evaluate_file(gold_path: Path | str, peers: bool = False, workers: int = 1) -> Evaluation:
    """Score the pipeline (and with ``peers`` the peer libraries) on a gold file.

    Raises ``GoldError`` for a bad gold file and ``PeerUnavailable`` for a missing peer.
    """
    gold = load_gold(gold_path)
    if peers:
        require_peers()
    predicted, rejects = pipeline_facts(gold, workers)
    systems = [score_system(SYSTEM, gold, lambda a: predicted[a.id])]
    if peers:
        systems += [score_system(p.name, gold, p.facts, p.kinds) for p in PEERS]
    return Evaluation(str(gold_path), systems, rejects)


# --- reports -------------------------------------------------------------------------------

_KIND_LABELS = {
    "dates": "dates", "official_names": "official names", "official_positions": "official positions",
    "wards": "wards", "indicators": "indicators",
}


def figures_json(evaluation: Evaluation) -> dict:
    """Return the figures as plain data: vnextract's figures and counts, and each peer's figures."""
    main = evaluation.main.score
    return {
        "gold": evaluation.gold,
        "articles": len(evaluation.main.articles),
        "figures": main.figures(),
        "counts": {k: vars(c) for k, c in main.sets.items()} | {k: vars(a) for k, a in main.accuracies.items()},
        "peers": {s.name: _peer_figures(s) for s in evaluation.systems[1:]},
        "rejects": len(evaluation.rejects),
    }


def _peer_figures(system: SystemResult) -> dict[str, float]:
    figures = system.score.figures()
    return {f"{k}_{m}": figures[f"{k}_{m}"] for k in system.kinds or () for m in ("precision", "recall", "f1")}


def format_table(evaluation: Evaluation) -> str:
    """Return the figures as a text table: P/R/F1 per kind (peers beside), then the accuracies."""
    lines = [f"{evaluation.gold}: {len(evaluation.main.articles)} articles", "",
             f"{'kind':<20} {'system':<12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for kind, label in _KIND_LABELS.items():
        for system in evaluation.systems:
            if system.kinds is None or kind in system.kinds:
                c = system.score.sets[kind]
                lines.append(f"{label:<20} {system.name:<12} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} "
                             f"{c.tp:5d} {c.fp:5d} {c.fn:5d}")
    lines += ["", f"{'accuracy':<33} {'value':>6} {'right/total':>13}"]
    for name, accuracy in evaluation.main.score.accuracies.items():
        value = "   n/a" if accuracy.value is None else f"{accuracy.value:6.3f}"
        lines.append(f"{name.replace('_', ' '):<33} {value} {f'{accuracy.right}/{accuracy.total}':>13}")
    if evaluation.rejects:
        lines += ["", f"{len(evaluation.rejects)} rows rejected by the pipeline: "
                  + "; ".join(f"{r['source']} ({r['stage']}: {r['reason']})" for r in evaluation.rejects[:5])]
    return "\n".join(lines)


def format_errors(evaluation: Evaluation, limit: int) -> str:
    """Return, per article, up to ``limit`` missed, spurious and wrong items of each kind."""
    lines: list[str] = []
    for article in evaluation.main.articles:
        shown = _limited(article, limit)
        if shown:
            lines.append(f"== {article.article_id}")
            lines += [f"  {kind:<18} {label:<8} {text}" for kind, label, text in shown]
    return "\n".join(lines) or "no errors"


def _limited(article: ArticleScore, limit: int) -> list[tuple[str, str, str]]:
    """Return the article's errors, at most ``limit`` per (kind, label), with a count of the rest."""
    groups: dict[tuple[str, str], list[str]] = {}
    for error in article.errors:
        groups.setdefault((error.kind, error.label), []).append(error.text)
    shown = []
    for (kind, label), texts in groups.items():
        shown += [(kind, label, text) for text in texts[:limit]]
        if len(texts) > limit:
            shown.append((kind, label, f"... and {len(texts) - limit} more"))
    return shown


def below_floors(figures: dict[str, float | None], floors: dict[str, float]) -> list[str]:
    """Return one line per figure under its floor; a figure with nothing to count is under any floor above 0."""
    failures = []
    for name, floor in floors.items():
        value = figures.get(name)
        if (value is None and floor > 0) or (value is not None and value < floor):
            failures.append(f"{name} = {'n/a' if value is None else f'{value:.4f}'} < floor {floor}")
    return failures
