"""The typed objects handed from one stage to the next.

raw file --ingest--> RawDocument --clean--> Article --segment--> SegmentedArticle
--extract--> Extractions --validate--> TableRows --write--> Parquet tables.

A problem with one input or one record becomes a ``Reject``; it never stops the run.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class Reject:
    """An input or record left out, with the stage that left it out and why."""

    source: str
    stage: str
    reason: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One article as read from disk, before any cleaning.

    ``source`` is the path relative to the input folder, with ``#<line>`` appended
    for an article taken from one line of a JSON-lines file.
    """

    source: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    format: str = "txt"


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: ``body`` is the text every offset of every table points into."""

    article_id: str
    source: str
    title: str | None
    byline: str | None
    body: str
    content_sha256: str
    published: dt.date | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a ``[start, end)`` slice of the body."""

    start: int
    end: int


@dataclass(eq=False)
class SegmentedArticle:
    """An article split into sentences, with a matching form of its body.

    ``match_text`` has the body's length and offsets, with tone placement unified
    ("uỷ" -> "ủy"), so rules need only be written in one spelling.  The spaCy
    ``doc`` (tokens with character offsets) is built on first use, because most
    extractors only need it around the candidates their rules find.
    """

    article: Article
    sentences: list[Sentence]
    match_text: str
    _doc_factory: object = field(repr=False, default=None)

    @property
    def body(self) -> str:
        return self.article.body

    def sentence_text(self, sentence: Sentence) -> str:
        return self.article.body[sentence.start : sentence.end]

    def sentence_at(self, offset: int) -> Sentence | None:
        """Return the sentence containing ``offset``, or None if it falls between sentences."""
        i = bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    @cached_property
    def _sentence_starts(self) -> list[int]:
        # every extractor asks for the sentence of each candidate: searched in C, by bisect
        return [sentence.start for sentence in self.sentences]

    @cached_property
    def doc(self) -> Doc:
        return self._doc_factory(self.article.body)  # type: ignore[operator]
