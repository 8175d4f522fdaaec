"""The tables of a run as pandas DataFrames, with the joins analysts need.

``load(out_dir)`` reads the six Parquet tables and the manifest that ``run`` wrote
and returns a ``Tables``: one DataFrame per table (date columns as ``datetime64``,
dictionary-encoded columns as pandas categoricals) and joined views built on first
use: officials with their article's date and ward, indicators by ward and year,
and articles per ward.

    from vnextract.analysis import load
    tables = load("data/out")
    tables.officials_by_article.head()
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from vnextract.schemas.tables import TABLES

# The article columns joined onto the rows of the other tables.
ARTICLE_CONTEXT = ["article_id", "source", "title", "event_date", "published", "primary_ward"]
# The last four-digit year of a period ("2020/2025" -> 2025): targets of a term fall due at its end.
LAST_YEAR = re.compile(r"(\d{4})(?!.*\d{4})")


class OutputNotFound(FileNotFoundError):
    """The folder lacks a table that a run writes."""


@dataclass
class Tables:
    """The output of one run: the six tables, the manifest, and joined views."""

    articles: pd.DataFrame
    dates: pd.DataFrame
    officials: pd.DataFrame
    wards: pd.DataFrame
    indicators: pd.DataFrame
    rejects: pd.DataFrame
    manifest: dict = field(default_factory=dict)

    @cached_property
    def primary_wards(self) -> pd.DataFrame:
        """Return article_id, primary_ward, district, province of each article that has one."""
        primary = self.wards[self.wards["is_primary"]]
        primary = primary.drop_duplicates("article_id")[["article_id", "name", "district", "province"]]
        return primary.rename(columns={"name": "primary_ward"})

    @cached_property
    def article_context(self) -> pd.DataFrame:
        """Return one row per article: ARTICLE_CONTEXT plus the primary ward's district and province."""
        context = self.articles[ARTICLE_CONTEXT]
        places = self.primary_wards.drop(columns="primary_ward")
        return context.merge(places, on="article_id", how="left", validate="one_to_one")

    @cached_property
    def officials_by_article(self) -> pd.DataFrame:
        """Return the officials rows with their article's source, title, dates and primary ward."""
        return self.officials.merge(self.article_context, on="article_id", how="left", validate="many_to_one")

    @cached_property
    def indicators_by_ward(self) -> pd.DataFrame:
        """Return the indicators rows with their article's ward (``ward``) and a ``year``.

        ``year`` is the last year of the indicator's period, else the year of the
        article's event date, else of its publication date; ``year_from`` says which.
        """
        joined = self.indicators.merge(self.article_context, on="article_id", how="left", validate="many_to_one")
        joined = joined.rename(columns={"primary_ward": "ward"})
        years = [_year_and_origin(row) for row in joined[["period", "event_date", "published"]].itertuples()]
        joined["year"] = pd.array([year for year, _ in years], dtype="Int64")
        joined["year_from"] = pd.Categorical([origin for _, origin in years])
        return joined

    @cached_property
    def articles_per_ward(self) -> pd.DataFrame:
        """Return per ward: district, province, articles naming it, and articles mainly about it."""
        wards = self.wards.assign(
            ward_key=self.wards["name"] + "|" + self.wards["district"].fillna("") + "|"
            + self.wards["province"].fillna(""),
        )
        grouped = wards.groupby("ward_key", sort=False)
        counts = grouped.agg(
            ward=("name", "first"), district=("district", "first"), province=("province", "first"),
            articles=("article_id", "nunique"),
        )
        primary = wards[wards["is_primary"]].groupby("ward_key")["article_id"].nunique()
        counts["as_primary"] = primary.reindex(counts.index, fill_value=0).astype(int)
        ordered = counts.sort_values(["articles", "as_primary", "ward"], ascending=[False, False, True])
        return ordered.reset_index(drop=True)


def _year_and_origin(row) -> tuple[int | None, str]:
    """Return the year an indicator row belongs to and which column gave it."""
    if isinstance(row.period, str) and (match := LAST_YEAR.search(row.period)):
        return int(match.group(1)), "period"
    for origin in ("event_date", "published"):
        day = getattr(row, origin)
        if not pd.isna(day):
            return int(day.year), origin
    return None, "unknown"


def read_table(out_dir: Path | str, name: str) -> pd.DataFrame:
    """Return table ``name`` of ``out_dir`` as a DataFrame (dates as datetime64)."""
    path = Path(out_dir) / f"{name}.parquet"
    if not path.is_file():
        raise OutputNotFound(f"{path} is missing: is {out_dir} the --out folder of `vnextract run`?")
    table = pq.read_table(path, schema=TABLES[name])
    return table.to_pandas(date_as_object=False)


def read_manifest(out_dir: Path | str) -> dict:
    """Return the run's manifest.json, or an empty dict when the run wrote none."""
    path = Path(out_dir) / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def load(out_dir: Path | str = "data/out") -> Tables:
    """Return the tables that ``vnextract run`` wrote into ``out_dir``.

    Raises ``OutputNotFound`` when a table is missing.
    """
    frames = {name: read_table(out_dir, name) for name in TABLES}
    return Tables(**frames, manifest=read_manifest(out_dir))
