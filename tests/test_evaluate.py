"""`vnextract evaluate`: gold loading and its messages, tables read back as facts, peers, reports."""

import datetime as dt
import json
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import REPO, run_cli
from hypothesis import HealthCheck, given, settings, strategies as st

from vnextract.evaluate import (
    Evaluation,
    GoldError,
    PeerUnavailable,
    SystemResult,
    below_floors,
    facts_from_tables,
    figures_json,
    format_errors,
    format_table,
    gold_facts,
    load_gold,
    person_names,
    require_peers,
)
from vnextract.schemas.tables import TABLES
from vnextract.scoring import ArticleFacts, DateFact, IndicatorFact, OfficialFact, score_article

DEV = REPO / "tests" / "data" / "dev.jsonl"
GOOD = {
    "id": "g1", "source": "g1.txt", "text": "Ngày 2/2/2023, phường thu được 5 triệu đồng.",
    "title": None, "byline": None, "event_date": "2023-02-02", "dates": ["2023-02-02"],
    "officials": [{"name": "Lê Văn A", "positions": [{"position": "Bí thư", "organization": "Đảng ủy phường"},
                                                     {"position": "Chủ tịch", "organization": None}]}],
    "wards": [{"name": "Phường 9", "district": None, "province": None}], "primary_ward": "Phường 9",
    "indicators": [{"evidence": "5 triệu đồng", "subject": "thu", "value": 5000000, "unit": "VND",
                    "denominator": None, "comparator": "=", "kind": "actual"}],
}


def write_gold(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def changed(**fields) -> str:
    return json.dumps({**GOOD, "id": "g2", **fields}, ensure_ascii=False)


def without(key: str) -> str:
    return json.dumps({k: v for k, v in {**GOOD, "id": "g2"}.items() if k != key}, ensure_ascii=False)


def test_the_dev_gold_loads():
    articles = load_gold(DEV)
    assert [a.id for a in articles] == ["d001", "d002", "d003", "d004", "d005"]


def test_gold_facts_give_one_official_fact_per_position(tmp_path):
    facts = gold_facts(load_gold(write_gold(tmp_path, json.dumps(GOOD)))[0])
    assert facts.officials == (OfficialFact("Lê Văn A", "Bí thư", "Đảng ủy phường"), OfficialFact("Lê Văn A", "Chủ tịch"))
    assert facts.indicators[0].value == 5_000_000.0


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ('{"id": "g2", "text": ', "line 2: not JSON"),
        ("[1, 2]", "line 2: expected a JSON object, got list"),
        (without("dates"), "line 2: missing key 'dates'"),
        (without("byline"), "line 2: missing key 'byline'"),
        (changed(extra=1), "line 2: unknown key 'extra'"),
        (changed(indicators=[{**GOOD["indicators"][0], "evidence": "7 tỷ đồng"}]),
         "line 2: indicators[0].evidence '7 tỷ đồng' is not a substring of text"),
        (changed(indicators=[{**GOOD["indicators"][0], "comparator": "≥"}]), "line 2: indicators[0].comparator"),
        (changed(indicators=[{**GOOD["indicators"][0], "value": "năm"}]), "line 2: indicators[0].value"),
        (changed(dates=["2/2/2023"]), "line 2: dates[0]"),
        (changed(event_date="2023-02-30"), "line 2: event_date: '2023-02-30' is not a day"),
        (changed(primary_ward="Phường 10"), "line 2: primary_ward 'Phường 10' is not the name of one of the wards"),
        (changed(id="a/b"), "line 2: id"),
        (changed(id="g1"), "line 2: id 'g1' already used on line 1"),
    ],
)
def test_bad_gold_is_a_message_naming_the_line(tmp_path, bad_line, message):
    path = write_gold(tmp_path, json.dumps(GOOD, ensure_ascii=False), bad_line)
    with pytest.raises(GoldError) as caught:
        load_gold(path)
    assert str(caught.value).startswith(f"{path}, line 2: ")
    assert message in str(caught.value)


def test_a_line_separator_inside_a_text_is_not_a_new_line(tmp_path):
    text = "Ngày 2/2/2023,\u2028phường thu được\x85 5 triệu đồng."
    path = write_gold(tmp_path, json.dumps({**GOOD, "text": text}, ensure_ascii=False), changed())
    assert [a.text for a in load_gold(path)] == [text, GOOD["text"]]


def test_blank_lines_are_skipped_and_an_empty_file_is_an_error(tmp_path):
    assert len(load_gold(write_gold(tmp_path, "", json.dumps(GOOD), "  "))) == 1
    with pytest.raises(GoldError, match="no articles"):
        load_gold(write_gold(tmp_path, ""))
    with pytest.raises(GoldError, match="cannot read"):
        load_gold(tmp_path / "missing.jsonl")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(sorted(GOOD)), inner, max_size=4),
    max_leaves=8,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=40), JSON_VALUES.map(json.dumps),
                 st.dictionaries(st.sampled_from(sorted(GOOD)), JSON_VALUES).map(lambda d: json.dumps({**GOOD, **d}))))
def test_junk_gold_is_a_gold_error_or_loads(tmp_path, line):
    path = write_gold(tmp_path, line.replace("\n", " "))
    try:
        load_gold(path)
    except GoldError as exc:
        assert str(exc).startswith(str(path))


def test_the_command_reports_bad_gold_without_a_traceback(tmp_path):
    path = write_gold(tmp_path, json.dumps(GOOD, ensure_ascii=False), without("wards"))
    result = run_cli("evaluate", str(path))
    assert result.returncode == 2
    assert f"{path}, line 2: missing key 'wards'" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_command_prints_the_figures_as_json_with_the_peers():
    result = run_cli("evaluate", str(DEV), "--json", "--peers", "--errors", "2")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["articles"] == 5
    assert {"dates_f1", "official_positions_recall", "indicators_precision", "organization_accuracy",
            "ward_district_accuracy", "event_date_accuracy", "byline_accuracy"} <= set(report["figures"])
    assert set(report["peers"]) == {"dateparser", "underthesea"}
    assert set(report["peers"]["dateparser"]) == {"dates_precision", "dates_recall", "dates_f1"}
    assert "Traceback" not in result.stderr


def test_the_command_documents_the_gold_format():
    result = run_cli("evaluate", "--help")
    for key in ("event_date", "officials", "positions", "wards", "primary_ward", "indicators", "evidence", "Example:"):
        assert key in result.stdout, key


def write_tables(out: Path, rows: dict[str, list[dict]]) -> None:
    for name, schema in TABLES.items():
        pq.write_table(pa.Table.from_pylist(rows.get(name, []), schema=schema), out / f"{name}.parquet")


SPAN = {"article_id": "x1", "start": 0, "end": 4}


def test_facts_are_read_back_from_the_tables(tmp_path):
    article = {"article_id": "x1", "source": "d1.txt", "title": "T", "byline": None, "body": "body",
               "event_date": dt.date(2023, 2, 2), "primary_ward": "ignored", "n_sentences": 1,
               "content_sha256": "", "published": None, "url": None}
    ward = {**SPAN, "name": "Phường 9", "district": None, "province": None, "status": "ambiguous", "n_candidates": 3,
            "new_ward": None, "new_province": None, "change": None, "mentions": 1, "text": "body"}
    indicator = {**SPAN, "evidence": "body", "subject": "s", "value": 5.0, "unit": "hộ", "denominator": float("nan"),
                 "comparator": "=", "kind": "actual", "period": None, "confidence": 1.0}
    write_tables(tmp_path, {
        "articles": [article],
        "dates": [{**SPAN, "text": "2/2", "value": "2023-02-02", "date_start": dt.date(2023, 2, 2),
                   "date_end": dt.date(2023, 2, 2), "granularity": "day", "is_event_date": True,
                   "year_source": "context"}],
        "wards": [{**ward, "is_primary": False}, {**ward, "name": "Phường 10", "is_primary": True}],
        "indicators": [indicator],
    })
    facts = facts_from_tables(tmp_path)["d1.txt"]
    assert facts.event_date == "2023-02-02" and facts.title == "T" and facts.byline is None
    assert facts.dates == (DateFact("2023-02-02", "2/2"),)
    assert facts.primary_ward == "Phường 10"  # the ward row flagged is_primary, as SCORING.md says
    assert facts.indicators == (IndicatorFact(5.0, "hộ", "body", None, "=", "actual"),)


@pytest.mark.parametrize(
    ("tags", "names"),
    [
        ([("Ông", "B-PER"), ("Lê Văn", "I-PER"), ("A", "I-PER")], ["Ông Lê Văn A"]),
        ([("Lê", "B-PER"), (",", "O"), ("Trần B", "B-PER"), ("C", "B-PER")], ["Lê", "Trần B", "C"]),
        ([("x", "O"), ("Nguyễn C", "I-PER"), ("tại", "O"), ("Hà Nội", "B-LOC")], ["Nguyễn C"]),
        ([("Hà Nội", "B-LOC"), ("Văn", "I-PER")], ["Văn"]),
        ([], []),
    ],
)
def test_person_names_join_b_and_i_tags(tags, names):
    assert person_names([(token, "Np", "B-NP", tag) for token, tag in tags]) == names


def test_dateparser_peer_gives_day_values():
    pytest.importorskip("dateparser")
    from vnextract.evaluate import dateparser_facts

    article = load_gold(DEV)[1]  # "Ngày 10/1/2023, ..."
    assert "2023-01-10" in {d.value for d in dateparser_facts(article).dates}


def test_underthesea_peer_gives_names_from_the_text_without_positions():
    from vnextract.evaluate import underthesea_facts

    article = load_gold(DEV)[1]
    officials = underthesea_facts(article).officials
    assert officials and all(o.name in article.text and o.position == "?" for o in officials)
    assert len({o.name for o in officials}) == len(officials)  # each name once


def test_a_missing_peer_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "dateparser", None)  # makes `import dateparser` fail
    with pytest.raises(PeerUnavailable, match="pip install"):
        require_peers()


def evaluation_of(gold: ArticleFacts, pred: ArticleFacts, peer: ArticleFacts | None = None) -> Evaluation:
    systems = [SystemResult("vnextract", [score_article(gold, pred)])]
    if peer is not None:
        systems.append(SystemResult("dateparser", [score_article(gold, peer)], ("dates",)))
    return Evaluation("gold.jsonl", systems)


GOLD_FACTS = ArticleFacts("d9", byline="K.L", dates=(DateFact("2023"), DateFact("2024")),
                          indicators=(IndicatorFact(5, "hộ", "5 hộ nghèo"),))


def test_the_table_shows_each_kind_with_the_peers_beside_and_every_accuracy():
    pred = ArticleFacts("d9", byline="K.L", dates=(DateFact("2023"),))
    table = format_table(evaluation_of(GOLD_FACTS, pred, peer=ArticleFacts("d9", dates=(DateFact("2023-05-01"),))))
    rows = {tuple(line.split()[:3]) for line in table.splitlines()}
    assert ("dates", "vnextract", "1.000") in rows  # precision 1/1
    assert ("dates", "dateparser", "0.000") in rows
    assert not any(line.startswith("indicators") and "dateparser" in line for line in table.splitlines())
    assert "byline                             1.000           1/1" in table
    assert "organization                         n/a           0/0" in table


def test_the_errors_name_each_missed_and_spurious_item_up_to_the_limit():
    pred = ArticleFacts("d9", dates=(DateFact("2025", "năm 2025"), DateFact("2026"), DateFact("2027")),
                        indicators=(IndicatorFact(5, "người", "5 người"),))
    text = format_errors(evaluation_of(GOLD_FACTS, pred), limit=1)
    assert text.splitlines()[0] == "== d9"
    assert "dates              missed   2023" in text and "2024" not in text
    assert "dates              missed   ... and 1 more" in text
    assert "dates              spurious 2025 «năm 2025»" in text
    assert "indicators         missed   5 hộ «5 hộ nghèo»" in text
    assert "indicators         spurious 5 người «5 người»" in text
    assert "byline             wrong    expected K.L, got null" in text
    assert format_errors(evaluation_of(GOLD_FACTS, GOLD_FACTS), limit=5) == "no errors"


def test_the_json_report_holds_figures_counts_and_peer_figures():
    report = figures_json(evaluation_of(GOLD_FACTS, GOLD_FACTS, peer=ArticleFacts("d9")))
    assert report["figures"]["dates_f1"] == 1.0 and report["figures"]["organization_accuracy"] is None
    assert report["counts"]["dates"] == {"tp": 2, "fp": 0, "fn": 0}
    assert report["counts"]["byline"] == {"right": 1, "total": 1}
    # Nothing predicted while there was something to find: precision 0, not a division by zero.
    assert report["peers"] == {"dateparser": {"dates_precision": 0.0, "dates_recall": 0.0, "dates_f1": 0.0}}
    json.dumps(report)  # plain data


@pytest.mark.parametrize(
    ("figures", "floors", "failing"),
    [
        ({"dates_f1": 0.9}, {"dates_f1": 0.9}, []),
        ({"dates_f1": 0.89}, {"dates_f1": 0.9}, ["dates_f1 = 0.8900 < floor 0.9"]),
        ({"organization_accuracy": None}, {"organization_accuracy": 0.5}, ["organization_accuracy = n/a < floor 0.5"]),
        ({"organization_accuracy": None}, {"organization_accuracy": 0.0}, []),
        ({}, {"wards_f1": 0.5}, ["wards_f1 = n/a < floor 0.5"]),
    ],
)
def test_below_floors(figures, floors, failing):
    assert below_floors(figures, floors) == failing
