"""vnextract.report: the review page marks every row once, escapes every text, needs nothing external.

The browser tests render the page in headless Chromium (Debian's ``chromium``, installed
by .ci/install-chromium.sh when missing) and count the marks in the rendered DOM.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import REPO
from hypothesis import given, strategies as st
from test_analysis import article, sample_rows, span, write_run
from typer.testing import CliRunner

from vnextract.analysis import load
from vnextract.cli import app
from vnextract.report import (
    KINDS,
    Highlight,
    body_html,
    cell_text,
    indicator_chart_svg,
    indicator_counts,
    render_report,
    write_report,
)

KIND = {kind.label: kind for kind in KINDS}
SPAN_TABLES = ("dates", "officials", "wards", "indicators")
SCRIPT_BODY = "Ngày 3/2/2023, <script>document.title='pwned'</script> phường 9 & <b>Phường Đa Kao</b>."
CHROMIUM = Path("/usr/bin/chromium")
INSTALL_SCRIPT = REPO / ".ci" / "install-chromium.sh"
MARK = re.compile(r'<mark class="hl ')
TABLE_ROW = re.compile(r'<tr class="row"')


def highlight(start: int, end: int, label: str = "date", row_id: str = "r") -> Highlight:
    return Highlight(start, end, KIND[label], row_id, f"{label} tip")


class MarkupChecker(HTMLParser):
    """Collects the text of a fragment and fails on a closing tag that does not match."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"</{tag}> closes nothing open"

    def handle_data(self, data):
        self.text.append(data)


def text_of(markup: str) -> str:
    checker = MarkupChecker()
    checker.feed(markup)
    checker.close()
    assert checker.stack == [], f"unclosed {checker.stack}"
    return "".join(checker.text)


def brackets(markup: str) -> str:
    """Return markup with marks as [d ... ] (a continuation as [d+ ... ]), text unescaped."""
    markup = re.sub(r'<mark class="hl k-(\w)\w*"[^>]*>', r"[\1 ", markup)
    markup = re.sub(r'<mark class="hl-cont k-(\w)\w*"[^>]*>', r"[\1+ ", markup)
    return html.unescape(markup.replace("</mark>", "]"))


# ---- the marked body --------------------------------------------------------------------

@pytest.mark.parametrize("body, spans, expected", [
    ("ngày 3/2/2023 họp", [(5, 13, "date")], "ngày [d 3/2/2023] họp"),
    # nested: the longer span encloses the shorter
    ("thu 1,6 tỷ đồng năm 2023", [(0, 24, "indicator"), (20, 24, "date")], "[i thu 1,6 tỷ đồng năm [d 2023]]"),
    # two rows on the same span (a person's two positions) give two marks
    ("ông An", [(4, 6, "official"), (4, 6, "official")], "ông [o [o An]]"),
    # crossing: the second goes on as a continuation after the first closes
    ("ab cd ef", [(0, 5, "date"), (3, 8, "ward")], "[d ab [w cd]][w+  ef]"),
    # adjacent spans stay apart
    ("abcd", [(0, 2, "date"), (2, 4, "ward")], "[d ab][w cd]"),
    # offsets outside the body are left out rather than breaking the page
    ("abc", [(1, 9, "date"), (2, 2, "ward")], "abc"),
])
def test_body_marks(body, spans, expected):
    markup = body_html(body, [highlight(s, e, label) for s, e, label in spans])
    assert brackets(markup) == expected


def test_body_text_is_escaped():
    markup = body_html(SCRIPT_BODY, [highlight(0, 13)])
    assert "<script" not in markup and "<b>" not in markup
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in markup
    assert text_of(markup) == SCRIPT_BODY


def test_a_tooltip_cannot_break_out_of_its_attribute():
    markup = body_html("abc", [Highlight(0, 3, KIND["ward"], "r", 'ward: "><script>x</script>')])
    assert "<script" not in markup and 'title="ward: &quot;&gt;&lt;script&gt;' in markup


@given(
    body=st.text(alphabet="aĐđ <>&\"'\n0/", max_size=40),
    spans=st.lists(st.tuples(st.integers(0, 40), st.integers(1, 20), st.sampled_from(sorted(KIND))), max_size=8),
)
def test_marks_keep_the_text_and_give_one_mark_per_valid_span(body, spans):
    highlights = [highlight(start, start + length, label) for start, length, label in spans]
    markup = body_html(body, highlights)
    assert text_of(markup) == body
    assert len(MARK.findall(markup)) == sum(1 for h in highlights if h.end <= len(body))


# ---- values as shown --------------------------------------------------------------------

@pytest.mark.parametrize("value, shown", [
    (1600000000.0, "1.600.000.000"),
    (12.5, "12,5"),
    (0.8999999761581421, "0,9"),
    (None, ""),
    (float("nan"), ""),
    (True, "yes"),
    (False, ""),
    ("Phường 9", "Phường 9"),
])
def test_cell_text(value, shown):
    assert cell_text(value) == shown


# ---- the whole page ---------------------------------------------------------------------

@pytest.fixture
def out_dir(tmp_path) -> Path:
    rows = sample_rows()
    rows.rows["articles"].append(article("s", SCRIPT_BODY, title="<i>Tin</i> <script>alert(1)</script>"))
    rows.rows["dates"].append({
        "article_id": "s", **span(SCRIPT_BODY, "3/2/2023"), "value": "2023-02-03",
        "date_start": dt.date(2023, 2, 3), "date_end": dt.date(2023, 2, 3), "granularity": "day",
        "is_event_date": True, "year_source": "explicit",
    })
    write_run(tmp_path, rows)
    return tmp_path


def sections(page: str) -> dict[str, str]:
    """Return each article section's markup by its heading text."""
    found = re.findall(r'<section class="article" id="a\d+"><h2>(.*?)</h2>(.*?)</section>', page, re.DOTALL)
    return {html.unescape(title): markup for title, markup in found}


def test_each_article_has_one_mark_and_one_table_row_per_row(out_dir):
    page = sections(render_report(load(out_dir)))
    expected = {"a.txt": 5, "b.txt": 2, "<i>Tin</i> <script>alert(1)</script>": 1}
    assert {title: len(MARK.findall(markup)) for title, markup in page.items()} == expected
    assert {title: len(TABLE_ROW.findall(markup)) for title, markup in page.items()} == expected


def test_the_page_escapes_every_text_and_runs_nothing(out_dir):
    page = render_report(load(out_dir))
    assert not re.search(r"<script", page, re.IGNORECASE)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;i&gt;Tin" in page


def test_the_page_needs_nothing_from_outside(out_dir):
    page = render_report(load(out_dir))
    assert not re.search(r"<(link|img|iframe|script)\b", page, re.IGNORECASE)
    assert re.findall(r'(?:src|href)="([^"#][^"]*)"', page) == []
    assert "@import" not in page and "url(" not in page


def test_the_summary_counts_rows_per_kind_and_wards(out_dir):
    page = render_report(load(out_dir))
    summary = page.split('<div class="summary">', 1)[1].split("<h3>Articles (", 1)[0]
    assert re.search(r"officials</td><td class=\"num\">2</td>", summary)
    assert "Articles per ward (2)" in summary and "<svg" in summary


def test_limit_keeps_the_first_articles(out_dir):
    assert len(sections(render_report(load(out_dir), limit=1))) == 1


def test_write_report_defaults_to_the_output_folder(out_dir):
    assert write_report(out_dir) == out_dir / "report.html"
    assert (out_dir / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_command(out_dir, tmp_path):
    target = tmp_path / "page.html"
    result = CliRunner().invoke(app, ["report", str(out_dir), "--html", str(target)])
    assert result.exit_code == 0, result.output
    assert target.is_file() and str(target) in result.output


def test_report_command_on_a_folder_without_tables(tmp_path):
    result = CliRunner().invoke(app, ["report", str(tmp_path)])
    assert result.exit_code != 0 and "is missing" in result.output


# ---- the chart ----------------------------------------------------------------------------

def test_indicator_counts_keep_the_most_counted_wards_and_pool_rare_years(out_dir):
    tables = load(out_dir)
    by_ward = tables.indicators_by_ward
    many = by_ward.loc[by_ward.index.repeat(8)].reset_index(drop=True)
    many["year"] = [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022] * (len(many) // 8)
    counts = indicator_counts(many, max_wards=1)
    assert len(counts) == 1 and "other" in counts.columns and len(counts.columns) == 7


def test_the_chart_escapes_ward_names(out_dir):
    by_ward = load(out_dir).indicators_by_ward.assign(ward="<Phường & 9>")
    svg = indicator_chart_svg(by_ward)
    assert "&lt;Phường &amp; 9&gt;" in svg and svg.startswith("<svg")
    assert indicator_chart_svg(by_ward.iloc[0:0]) == "<p>No indicators.</p>"


# ---- in a browser -------------------------------------------------------------------------

def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"headless Chromium is needed in CI and {reason}; run .ci/install-chromium.sh as root")
    pytest.skip(f"headless Chromium unavailable ({reason}); run .ci/install-chromium.sh as root")


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.is_file():
        done = subprocess.run(["bash", str(INSTALL_SCRIPT)], check=False, capture_output=True, text=True, timeout=900)
        if done.returncode != 0 or not CHROMIUM.is_file():
            _unavailable(f"{INSTALL_SCRIPT.name} failed: {done.stderr.strip()[-300:]}")
    return CHROMIUM


def browse(chromium: Path, page: Path, profile: Path, *mode: str) -> str:
    """Return Chromium's stdout after loading ``page`` headless in ``mode``."""
    done = subprocess.run(
        [str(chromium), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--window-size=1280,2000", *mode, page.resolve().as_uri()],
        check=False, capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def rendered(chromium: Path, page: Path, tmp_path: Path) -> tuple[str, bytes]:
    """Return the DOM after rendering ``page`` and a screenshot of it (PNG bytes)."""
    shot = tmp_path / "shot.png"
    dom = browse(chromium, page, tmp_path / "profile", "--dump-dom")
    browse(chromium, page, tmp_path / "profile", f"--screenshot={shot}")
    return dom, shot.read_bytes()


def span_rows(out: Path) -> int:
    return sum(pq.read_metadata(out / f"{name}.parquet").num_rows for name in SPAN_TABLES)


def test_the_rendered_page_shows_one_mark_per_row(chromium, out_dir, tmp_path):
    dom, png = rendered(chromium, write_report(out_dir), tmp_path)
    assert len(MARK.findall(dom)) == len(TABLE_ROW.findall(dom)) == span_rows(out_dir) == 8
    assert "<title>vnextract review</title>" in dom and "pwned" not in dom.split("<body", 1)[0]
    assert not re.search(r"<script", dom, re.IGNORECASE)
    assert png.startswith(b"\x89PNG") and len(png) > 10_000





def test_the_samples_page_shows_one_mark_per_row(chromium, samples_out, tmp_path):
    page = write_report(samples_out)
    dom, png = rendered(chromium, page, tmp_path)
    rows = span_rows(samples_out)
    assert rows > 20
    assert len(MARK.findall(dom)) == len(TABLE_ROW.findall(dom)) == rows
    assert dom.count('<section class="article"') == pq.read_metadata(samples_out / "articles.parquet").num_rows
    assert png.startswith(b"\x89PNG")
