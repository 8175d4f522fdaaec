"""Fuzz: random bytes and random Vietnamese-like text through the pipeline.

Every input ends as articles or reject rows; no exception escapes.  The whole
pipeline (``run.process_file``) is used when every extractor can be loaded;
until then the stages up to segmentation are exercised, and the test says so.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from vnextract.pipeline import clean, ingest, segment
from vnextract.pipeline.documents import Article, RawDocument, Reject


def _whole_pipeline_available() -> bool:
    try:
        from vnextract.pipeline.extract import default_extractors

        default_extractors()
    except ImportError:
        return False
    return True


WHOLE_PIPELINE = _whole_pipeline_available()

SUFFIXES = st.sampled_from([".txt", ".html", ".htm", ".json", ".jsonl", ".TXT", ".md"])
LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵĐÐ"
VIETNAMESE_LIKE = st.text(
    alphabet=st.sampled_from(list(LETTERS + LETTERS.upper() + "0123456789 .,;:-–/()%“”\"'\n\r\t\u200b\u00a0|…")),
    max_size=600,
)
JSON_LIKE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | VIETNAMESE_LIKE,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["title", "content", "body", "text", "date", "url", "x"]), children, max_size=5),
    max_leaves=10,
)


def rows_of_file(path: Path, root: Path) -> tuple[int, int]:
    """Return (articles, rejects) the pipeline makes of one file."""
    if WHOLE_PIPELINE:
        from vnextract.pipeline.run import process_file

        rows = process_file(path, root).rows
        return len(rows["articles"]), len(rows["rejects"])
    articles = rejects = 0
    for raw in ingest.read_documents(path, root):
        item = raw if isinstance(raw, Reject) else clean.clean(raw)
        if isinstance(item, Reject):
            rejects += 1
            continue
        assert isinstance(item, Article)
        segmented = segment.segment(item)
        assert all(item.body[s.start : s.end].strip() for s in segmented.sentences)
        assert len(segmented.match_text) == len(item.body)
        articles += 1
    return articles, rejects


def check_file(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / f"input{suffix}"
        path.write_bytes(data)
        paths, listing_rejects = ingest.list_inputs(root)
        if suffix.lower() not in ingest.SUPPORTED_SUFFIXES:
            assert paths == [] and [r.reason for r in listing_rejects] == ["unsupported_format"]
            return
        articles, rejects = rows_of_file(path, root)
        assert articles + rejects >= 1


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(data=st.binary(max_size=2000), suffix=SUFFIXES)
def test_random_bytes_end_as_articles_or_rejects(data, suffix):
    check_file(data, suffix)


@FUZZ
@given(text=VIETNAMESE_LIKE, suffix=SUFFIXES, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"]))
def test_random_vietnamese_text_ends_as_articles_or_rejects(text, suffix, encoding):
    check_file(text.replace("Ð", "Đ").encode(encoding, errors="ignore"), suffix)


@FUZZ
@given(value=JSON_LIKE, lines=st.integers(min_value=1, max_value=3))
def test_random_json_records_end_as_articles_or_rejects(value, lines):
    import json

    line = json.dumps(value, ensure_ascii=False)
    check_file("\n".join([line] * lines).encode(), ".jsonl")
    check_file(line.encode(), ".json")


@FUZZ
@given(text=VIETNAMESE_LIKE, title=st.none() | VIETNAMESE_LIKE)
def test_clean_gives_an_article_with_a_tidy_body_or_a_reject(text, title):
    item = clean.clean(RawDocument(source="fuzz.txt", text=text, title=title))
    if isinstance(item, Reject):
        assert item.stage == "clean"
        return
    lines = item.body.split("\n")
    assert all(line and line == line.strip() for line in lines)
    assert "\r" not in item.body and "\u200b" not in item.body and "Ð" not in item.body
