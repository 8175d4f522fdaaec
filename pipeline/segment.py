"""Segment stage: sentences with underthesea, tokens with offsets in a spaCy ``Doc``.

Segmentation is kept cheap: underthesea's rule-based ``sent_tokenize`` runs per
paragraph, and the spaCy ``Doc`` is built on first use from a regex tokenisation
(numbers such as "209.376.000" and "8/8" stay whole), not with word segmentation.
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.tokens import Doc
from underthesea import sent_tokenize

from vnextract.pipeline.documents import Article, Sentence, SegmentedArticle
from vnextract.pipeline.text import unify_tones

_PARAGRAPH = re.compile(r"[^\n]+")
_TOKEN = re.compile(r"\d+(?:[.,/]\d+)*%?|\w+|[^\w\s]|\s+")


@lru_cache(maxsize=1)
def _vocab_nlp() -> spacy.language.Language:
    # Without pyvi the Vietnamese class only supplies the vocabulary and lexical
    # attributes; tokens come from our own regex, so no model is loaded.
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


def make_doc(text: str) -> Doc:
    """Return a spaCy ``Doc`` over ``text`` whose ``doc.text == text``."""
    words: list[str] = []
    spaces: list[bool] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token == " " and words and not spaces[-1] and not words[-1].isspace():
            spaces[-1] = True
            continue
        words.append(token)
        spaces.append(False)
    return Doc(_vocab_nlp().vocab, words=words, spaces=spaces)


def split_sentences(body: str) -> list[Sentence]:
    """Return the body's sentences as offsets, paragraph by paragraph."""
    sentences: list[Sentence] = []
    for paragraph in _PARAGRAPH.finditer(body):
        text, base, cursor = paragraph.group(), paragraph.start(), 0
        for piece in sent_tokenize(text):
            found = text.find(piece, cursor)
            if found < 0:  # the tokenizer altered the text: fall back to the paragraph
                sentences.append(Sentence(base + cursor, paragraph.end()))
                break
            cursor = found + len(piece)
            sentences.append(Sentence(base + found, base + cursor))
    return [s for s in sentences if body[s.start : s.end].strip()]


def segment(article: Article) -> SegmentedArticle:
    """Return the article split into sentences, with its tone-unified match text."""
    return SegmentedArticle(
        article=article,
        sentences=split_sentences(article.body),
        match_text=unify_tones(article.body),
        _doc_factory=make_doc,
    )
