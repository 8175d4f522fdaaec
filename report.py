"""The review page: every extraction highlighted in its article, on one HTML page.

``write_report(out_dir)`` loads a run's tables (``vnextract.analysis.load``) and
writes one self-contained page (inline CSS and SVG; no script, no external asset):

- a summary: rows per kind, rejects per reason, articles per ward, and an inline SVG
  chart of indicators by ward and year;
- per article, the body with every row of the dates, officials, wards and indicators
  tables marked at its offsets, and those rows in tables beside it.

Each row gives exactly one ``<mark class="hl">`` (officials and wards at their first
mention), so a reviewer, or a test, can count highlights against rows; each table
row links to its mark.  Overlapping spans nest; a span that runs past the end of an
enclosing one goes on in a second element of class ``hl-cont``, so the markup stays
well formed.  This is displaCy's "span" style done on character offsets (displaCy
needs tokens and drops line breaks).  Every text from the tables is escaped.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pandas as pd

from vnextract.analysis import Tables, load


@dataclass(frozen=True)
class Kind:
    """How one table's rows are shown: label, colours, and the columns listed beside the body."""

    table: str
    label: str
    color: str
    columns: tuple[str, ...]


KINDS = (
    Kind("dates", "date", "#1f77b4", ("text", "value", "granularity", "is_event_date")),
    Kind("officials", "official", "#d62728", ("name", "position", "organization", "mentions", "confidence")),
    Kind("wards", "ward", "#2ca02c", ("name", "district", "province", "status", "is_primary")),
    Kind("indicators", "indicator", "#e68a00", ("subject", "value", "unit", "denominator", "kind", "period")),
)
# Years get these colours in the chart, oldest first; further years are pooled as "other".
YEAR_COLORS = ("#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b")
OTHER_COLOR = "#bdbdbd"
CHART_WARDS = 12
WARD_ROWS = 40
# Pixels per nesting level: an enclosing mark's underline sits below its inner marks'.
STACK_PX = 3

CSS = """
body{font:15px/1.5 "DejaVu Sans",system-ui,sans-serif;margin:0 2rem 3rem;color:#222}
h1{font-size:1.5rem;margin:1.2rem 0 .3rem}h2{font-size:1.15rem;margin:0 0 .2rem}
h3{font-size:.95rem;margin:.8rem 0 .2rem}
table{border-collapse:collapse;font-size:.8rem;margin-bottom:.4rem}
td,th{border-bottom:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right}
.summary{display:flex;flex-wrap:wrap;gap:2rem;align-items:flex-start}
.legend span{display:inline-block;margin-right:1rem;padding:0 .4rem;border-bottom:3px solid}
.article{border-top:2px solid #888;margin-top:2rem;padding-top:.8rem}
.meta{color:#555;font-size:.85rem;margin:0 0 .6rem}
.cols{display:grid;grid-template-columns:minmax(0,4fr) minmax(0,3fr);gap:1.5rem}
.body{white-space:pre-wrap;line-height:2.1;overflow-wrap:anywhere}
mark{color:inherit;background:var(--bg);border-bottom:2px solid var(--c);
padding-bottom:calc(var(--h) * 3px)}
mark:target{outline:2px solid #000}
.swatch{display:inline-block;width:.8em;height:.8em;background:var(--c);margin-right:.3em}
"""


@dataclass(frozen=True)
class Highlight:
    """One table row to mark in a body: its span, kind, anchor id and tooltip."""

    start: int
    end: int
    kind: Kind
    row_id: str
    tip: str


def cell_text(value: object) -> str:
    """Return a table value as a reader sees it (numbers the Vietnamese way, 1.600.000,5)."""
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return vietnamese_number(value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def vietnamese_number(value: float) -> str:
    """Return ``value`` with "." between thousands and "," before decimals."""
    if value.is_integer():
        return f"{int(value):,}".replace(",", ".")
    whole, _, decimals = f"{value:,.4f}".rstrip("0").partition(".")
    return f"{whole.replace(',', '.')},{decimals}"


def highlight_tip(kind: Kind, row: dict) -> str:
    """Return the tooltip of a row's mark: its kind and the values of its listed columns."""
    values = [cell_text(row[column]) for column in kind.columns if column != "text"]
    return f"{kind.label}: " + " · ".join(value for value in values if value)


def article_highlights(rows_by_kind: dict[str, list[dict]], prefix: str) -> list[Highlight]:
    """Return one highlight per row of an article's tables; ids are ``{prefix}-{table}-{i}``."""
    return [
        Highlight(row["start"], row["end"], kind, f"{prefix}-{kind.table}-{i}", highlight_tip(kind, row))
        for kind in KINDS
        for i, row in enumerate(rows_by_kind.get(kind.table, []))
    ]


def stack_heights(ordered: list[Highlight]) -> list[int]:
    """Return each highlight's nesting height: 1 + the highest height of the marks it encloses.

    ``ordered`` is sorted by (start, -end), so what a highlight encloses follows it.
    """
    heights = [1] * len(ordered)
    for i in reversed(range(len(ordered))):
        outer = ordered[i]
        for j in range(i + 1, len(ordered)):
            if ordered[j].start >= outer.end:
                break
            if ordered[j].end <= outer.end:
                heights[i] = max(heights[i], heights[j] + 1)
    return heights


def open_tag(highlight: Highlight, height: int, continued: bool = False) -> str:
    """Return the opening ``<mark>`` of a highlight (class ``hl-cont`` when it goes on past a nest)."""
    style = f"--c:{highlight.kind.color};--bg:{highlight.kind.color}22;--h:{height}"
    if continued:
        return f'<mark class="hl-cont k-{highlight.kind.label}" style="{style}" title="{escape(highlight.tip)}">'
    return (
        f'<mark class="hl k-{highlight.kind.label}" id="hl-{highlight.row_id}" '
        f'data-kind="{highlight.kind.label}" style="{style}" title="{escape(highlight.tip)}">'
    )


def close_ending(stack: list[tuple[Highlight, int]], position: int) -> str:
    """Close the marks of ``stack`` that end at ``position`` and return the markup.

    Marks opened above one that ends here are closed with it and reopened as
    continuations; ``stack`` is updated in place.
    """
    ending = [k for k, (highlight, _) in enumerate(stack) if highlight.end == position]
    if not ending:
        return ""
    lowest = ending[0]
    above = [entry for entry in stack[lowest:] if entry[0].end != position]
    del stack[lowest:]
    markup = "</mark>" * (len(ending) + len(above))
    for highlight, height in above:
        stack.append((highlight, height))
        markup += open_tag(highlight, height, continued=True)
    return markup


def body_html(body: str, highlights: list[Highlight]) -> str:
    """Return ``body`` escaped, with one ``<mark class="hl">`` per highlight at its offsets.

    Highlights whose offsets fall outside the body are left out.
    """
    ordered = sorted(
        (h for h in highlights if 0 <= h.start < h.end <= len(body)), key=lambda h: (h.start, -h.end),
    )
    heights = stack_heights(ordered)
    cuts = sorted({0, len(body), *(h.start for h in ordered), *(h.end for h in ordered)})
    stack: list[tuple[Highlight, int]] = []
    parts, nxt = [], 0
    for left, right in itertools.pairwise(cuts):
        parts.append(close_ending(stack, left))
        while nxt < len(ordered) and ordered[nxt].start == left:
            stack.append((ordered[nxt], heights[nxt]))
            parts.append(open_tag(ordered[nxt], heights[nxt]))
            nxt += 1
        parts.append(escape(body[left:right]))
    parts.append(close_ending(stack, len(body)))
    return "".join(parts)


def html_table(header: list[str], rows: list[list[str]], attributes: str = "", row_attributes: str = "") -> str:
    """Return an HTML table; ``header`` and ``rows`` cells are already markup.

    ``attributes`` go into ``<table>``, ``row_attributes`` into every body ``<tr>``.
    """
    head = "".join(f"<th>{cell}</th>" for cell in header)
    body = "".join(f"<tr{row_attributes}>" + "".join(row) + "</tr>" for row in rows)
    return f"<table{attributes}><tr>{head}</tr>{body}</table>"


def _td(value: object) -> str:
    text = escape(cell_text(value))
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool) and text
    return f'<td class="num">{text}</td>' if numeric else f"<td>{text}</td>"


def kind_table(kind: Kind, rows: list[dict], prefix: str) -> str:
    """Return an article's rows of one table, each linking to its mark in the body."""
    if not rows:
        return ""
    header = ["", *map(escape, kind.columns)]
    lines = []
    for i, row in enumerate(rows):
        row_id = f"{prefix}-{kind.table}-{i}"
        link = f'<td><a href="#hl-{row_id}" style="--c:{kind.color}"><span class="swatch"></span></a></td>'
        lines.append([link, *(_td(row[column]) for column in kind.columns)])
    table = html_table(header, lines, f' class="rows" data-kind="{kind.label}"', ' class="row"')
    return f"<h3>{escape(kind.table)} ({len(rows)})</h3>{table}"


def article_meta(article: dict) -> str:
    """Return the line under an article's headline: source, dates, primary ward, counts."""
    fields = [
        ("source", article["source"]),
        ("event", cell_text(article["event_date"])),
        ("published", cell_text(article["published"])),
        ("ward", cell_text(article["primary_ward"])),
    ]
    return " · ".join(f"{name}: <b>{escape(value)}</b>" for name, value in fields if value)


def article_html(article: dict, rows_by_kind: dict[str, list[dict]], prefix: str) -> str:
    """Return one article's section: headline, meta line, marked body, tables beside it."""
    title = cell_text(article["title"]) or article["source"]
    marked = body_html(article["body"], article_highlights(rows_by_kind, prefix))
    tables = "".join(kind_table(kind, rows_by_kind.get(kind.table, []), prefix) for kind in KINDS)
    return (
        f'<section class="article" id="{prefix}"><h2>{escape(title)}</h2>'
        f'<p class="meta">{article_meta(article)}</p>'
        f'<div class="cols"><div class="body">{marked}</div><div class="tables">{tables}</div></div></section>'
    )


def rows_by_article(tables: Tables) -> dict[str, dict[str, list[dict]]]:
    """Return, per article id, its rows of each span table as dicts, in table order."""
    grouped: dict[str, dict[str, list[dict]]] = {}
    for kind in KINDS:
        for row in getattr(tables, kind.table).to_dict("records"):
            grouped.setdefault(row["article_id"], {}).setdefault(kind.table, []).append(row)
    return grouped


def counts_html(tables: Tables) -> str:
    """Return the table of rows per kind and articles with at least one row of it."""
    n_articles = len(tables.articles)
    rows = [[_td("articles"), _td(n_articles), _td(n_articles)]]
    for kind in KINDS:
        frame = getattr(tables, kind.table)
        swatch = f'<td><span class="swatch" style="--c:{kind.color}"></span>{escape(kind.table)}</td>'
        rows.append([swatch, _td(len(frame)), _td(frame["article_id"].nunique())])
    rows.append([_td("rejects"), _td(len(tables.rejects)), _td("")])
    return "<h3>Rows per kind</h3>" + html_table(["table", "rows", "articles"], rows)


def rejects_html(tables: Tables) -> str:
    """Return the rejects counted by stage and reason, or nothing when there are none."""
    if tables.rejects.empty:
        return ""
    counts = tables.rejects.groupby(["stage", "reason"], observed=True).size().sort_values(ascending=False)
    rows = [[_td(stage), _td(reason), _td(int(n))] for (stage, reason), n in counts.items()]
    return "<h3>Rejects</h3>" + html_table(["stage", "reason", "rows"], rows)


def wards_html(tables: Tables, limit: int = WARD_ROWS) -> str:
    """Return the articles per ward (the ``limit`` most named wards)."""
    per_ward = tables.articles_per_ward
    if per_ward.empty:
        return "<h3>Articles per ward</h3><p>No ward named.</p>"
    columns = ["ward", "district", "province", "articles", "as_primary"]
    rows = [[_td(row[c]) for c in columns] for row in per_ward.head(limit).to_dict("records")]
    more = f"<p>… and {len(per_ward) - limit} more wards.</p>" if len(per_ward) > limit else ""
    return f"<h3>Articles per ward ({len(per_ward)})</h3>" + html_table(columns, rows) + more


def indicator_counts(by_ward: pd.DataFrame, max_wards: int = CHART_WARDS) -> pd.DataFrame:
    """Return indicator counts with one row per ward (the most counted) and one column per year.

    Indicators of articles about no single ward count under "(no single ward)"; years
    beyond the most frequent ``len(YEAR_COLORS)`` are pooled as "other".
    """
    wards = by_ward["ward"].astype("object").fillna("(no single ward)")
    years = by_ward["year"].astype("object").where(by_ward["year"].notna(), "no year").astype(str)
    kept = years.value_counts().index[: len(YEAR_COLORS)]
    years = years.where(years.isin(kept), "other")
    counts = pd.crosstab(wards, years)
    top = counts.sum(axis=1).sort_values(ascending=False, kind="stable").index[:max_wards]
    ordered_years = sorted(c for c in counts.columns if c != "other") + (["other"] if "other" in counts else [])
    return counts.loc[top, ordered_years]


def _svg_text(x: float, y: float, text: str, anchor: str = "start", size: int = 12) -> str:
    return f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" text-anchor="{anchor}">{escape(text)}</text>'


def chart_legend(years: list[str], y: float) -> str:
    """Return the SVG legend of the year colours, on one line at height ``y``."""
    parts = []
    for i, year in enumerate(years):
        color = YEAR_COLORS[i] if year != "other" else OTHER_COLOR
        x = 230 + 90 * i
        parts.append(f'<rect x="{x}" y="{y - 10:.0f}" width="12" height="12" fill="{color}"/>')
        parts.append(_svg_text(x + 16, y, year))
    return "".join(parts)


def chart_bar(ward: str, counts: pd.Series, y: float, scale: float) -> str:
    """Return one ward's stacked bar (one segment per year) with its label and total."""
    parts, x = [_svg_text(220, y + 13, _shorten(ward, 30), anchor="end")], 230.0
    for i, (year, n) in enumerate(counts.items()):
        if n:
            color = YEAR_COLORS[i] if year != "other" else OTHER_COLOR
            tip = f"{ward}, {year}: {n} indicators"
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.0f}" width="{n * scale:.1f}" height="16" fill="{color}">'
                f"<title>{escape(tip)}</title></rect>"
            )
            x += n * scale
    parts.append(_svg_text(x + 4, y + 13, str(int(counts.sum()))))
    return "".join(parts)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def indicator_chart_svg(by_ward: pd.DataFrame, max_wards: int = CHART_WARDS) -> str:
    """Return an inline SVG: indicators per ward as bars stacked by year.

    ``by_ward`` is ``Tables.indicators_by_ward`` (columns ``ward`` and ``year``).
    """
    if by_ward.empty:
        return "<p>No indicators.</p>"
    counts = indicator_counts(by_ward, max_wards)
    scale = 470 / max(1, int(counts.sum(axis=1).max()))
    height = 40 + 24 * len(counts)
    bars = "".join(chart_bar(str(ward), row, 32 + 24 * i, scale) for i, (ward, row) in enumerate(counts.iterrows()))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="760" height="{height}" '
        f'viewBox="0 0 760 {height}" role="img" aria-label="Indicators by ward and year">'
        f"{chart_legend([str(c) for c in counts.columns], 16)}{bars}</svg>"
    )


def summary_html(tables: Tables) -> str:
    """Return the top of the page: counts, rejects, articles per ward, indicator chart."""
    legend = "".join(f'<span style="border-color:{k.color}">{escape(k.label)}</span>' for k in KINDS)
    chart = indicator_chart_svg(tables.indicators_by_ward)
    return (
        f'<p class="legend">Highlights: {legend}</p><div class="summary">'
        f"<div>{counts_html(tables)}{rejects_html(tables)}</div><div>{wards_html(tables)}</div>"
        f"<div><h3>Indicators by ward and year</h3>{chart}</div></div>"
    )


def contents_html(articles: list[dict], grouped: dict[str, dict[str, list[dict]]]) -> str:
    """Return the list of articles, each linking to its section, with its number of highlights."""
    items = []
    for i, article in enumerate(articles):
        n = sum(len(rows) for rows in grouped.get(article["article_id"], {}).values())
        items.append(f'<li><a href="#a{i}">{escape(cell_text(article["title"]) or article["source"])}</a> ({n})</li>')
    return f"<h3>Articles ({len(articles)})</h3><ol>{''.join(items)}</ol>"


def render_report(tables: Tables, limit: int | None = None) -> str:
    """Return the whole review page for ``tables`` (the first ``limit`` articles when given)."""
    articles = tables.articles.to_dict("records")[:limit]
    grouped = rows_by_article(tables)
    sections = "".join(
        article_html(article, grouped.get(article["article_id"], {}), f"a{i}") for i, article in enumerate(articles)
    )
    run = tables.manifest
    stamp = escape(f"run of {run.get('started', '?')} on {run.get('input', '?')}, version {run.get('version', '?')}")
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>vnextract review</title><style>{CSS}</style></head><body>"
        f'<h1>vnextract review</h1><p class="meta">{stamp}</p>'
        f"{summary_html(tables)}{contents_html(articles, grouped)}{sections}</body></html>"
    )


def write_report(out_dir: Path | str, html_path: Path | str | None = None, limit: int | None = None) -> Path:
    """Write the review page of the run in ``out_dir`` and return its path.

    The page goes to ``html_path``, by default ``out_dir/report.html``.
    """
    path = Path(html_path) if html_path is not None else Path(out_dir) / "report.html"
    path.write_text(render_report(load(out_dir), limit), encoding="utf-8")
    return path
