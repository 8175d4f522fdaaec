"""The extractions as a spaCy ``Doc``: one span group per kind.

The extractors run their rules on the body text (a word-level pass over every
sentence would cost more than the whole pipeline's budget); spaCy users who want
tokens get them here, on demand, with every extraction as a ``Span`` in
``doc.spans["dates" | "officials" | "wards" | "indicators"]``.  The span labels
are the normalised value (dates), the position (officials), the resolution status
(wards) and the unit (indicators).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from vnextract.pipeline import clean, extract, segment
from vnextract.pipeline.documents import RawDocument, Reject
from vnextract.pipeline.extract import KINDS, Extractions

_LABEL_OF = {"dates": "value", "officials": "position", "wards": "status", "indicators": "unit"}


def to_spacy(found: Extractions) -> Doc:
    """Return the article's ``Doc`` with its extractions as span groups."""
    doc = found.doc.doc
    for kind in KINDS:
        label = _LABEL_OF[kind]
        spans = [_char_span(doc, s.start, s.end, str(getattr(s, label))) for s in getattr(found, kind)]
        doc.spans[kind] = [s for s in spans if s is not None]
    return doc


def _char_span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    # Offsets come from character rules, so widen to whole tokens rather than drop them.
    return doc.char_span(start, end, label=label, alignment_mode="expand")


def extract_doc(text: str, source: str = "-") -> Doc | Reject:
    """Return one article's ``Doc`` with its extractions, or the reject saying why there is none."""
    article = clean.clean(RawDocument(source=source, text=text))
    if isinstance(article, Reject):
        return article
    return to_spacy(extract.extract(segment.segment(article)))
