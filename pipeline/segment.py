"""Segment stage: sentences with underthesea, tokens with offsets in a spaCy ``Doc``.

Segmentation is kept cheap: underthesea's rule-based ``sent_tokenize`` reads only
the few words around each sentence-ending mark inside a paragraph (a paragraph with
none is one sentence), and the spaCy ``Doc`` is built on first use from a regex
tokenisation (numbers such as "209.376.000" and "8/8" stay whole), not with word
segmentation.

Start-up is kept cheap too: spaCy (0.7 s to import) is imported when the first
``Doc`` is built, which most runs never do, and underthesea's sentence tokenizer
is loaded without the rest of underthesea (0.25 s of models it would load).
"""

from __future__ import annotations

import importlib
import importlib.util
import itertools
import re
import sys
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from pydantic import Field

from vnextract.pipeline.documents import Article, SegmentedArticle, Sentence
from vnextract.pipeline.text import unify_tones
from vnextract.schemas.lexicon import Lexicon, load_lexicon

if TYPE_CHECKING:
    import spacy
    from spacy.tokens import Doc

_PARAGRAPH = re.compile(r"[^\n]+")
_TOKEN = re.compile(r"\d+(?:[.,/]\d+)*%?|\w+|[^\w\s]|\s+")
# underthesea cuts only at ".", "?" and "!" (its ``SENT_END_CHARS``), and keeps the
# whole run of them with the sentence they end.  A paragraph with none of them, or
# with them only in one run at its end, is therefore one sentence (a third of the
# corpus's text) and skips underthesea's character-by-character loop.  The
# quantifiers are possessive so that any other paragraph fails at once.
_SENTENCE_MARKS = ".?!"
_ONE_SENTENCE = re.compile(rf"[^{_SENTENCE_MARKS}]*+(?:[{_SENTENCE_MARKS}]++\s*+)?")
# The stretch of a mark: its word, the next words while they hold marks too, then one
# more word.  To decide whether a mark ends a sentence underthesea reads back through
# the mark's word (to the space before it) and on over the marks and spaces after it
# to one more character: all of it inside the stretch, but at the paragraph's end,
# where only spaces follow and the last sentence ends on the last mark either way.
# The pattern starts at the first mark (so ``re`` skips ahead to the marks); the
# stretch starts at the space before it.
_STRETCH_FROM_MARK = re.compile(rf"[{_SENTENCE_MARKS}][^ ]*(?: +[^ ]*[{_SENTENCE_MARKS}][^ ]*)*(?: +[^ ]+)?")
_SENT_TOKENIZE = "underthesea.pipeline.sent_tokenize"


class SegmentRules(Lexicon):
    """``segment.json``: abbreviations whose dot ends no sentence."""

    doc: str = Field("", alias="_doc")
    abbreviations: list[str]


RULES = load_lexicon("vnextract.pipeline", "segment.json", SegmentRules)
_ABBREVIATION = "|".join(map(re.escape, RULES.abbreviations))
# a sentence cut after one, or after a run of them ("... UBND TT." | "Cần Thạnh ...", "PGS.TS."), read at its end
_ABBREVIATION_END = re.compile(rf"(?<![\w.])(?:{_ABBREVIATION})(?:\.(?:{_ABBREVIATION}))*\.\Z")


@lru_cache(maxsize=1)
def _sent_tokenize_module() -> ModuleType:
    """Return underthesea's sentence tokenizer module, loaded without the rest of underthesea.

    ``import underthesea`` also loads its word segmenter, tagger and NER models:
    0.25 s of start-up, as long as segmenting 4 M characters.  The sentence
    tokenizer is a self-contained module (standard library only, its data file
    beside it), so its file is run alone; should underthesea move it, or be
    imported already, the ordinary import is used.
    """
    path = _sent_tokenize_file()
    if "underthesea" in sys.modules or path is None:
        return importlib.import_module(_SENT_TOKENIZE)
    return _module_from_file(_SENT_TOKENIZE, path)


def _sent_tokenize_file() -> Path | None:
    """Return the file of underthesea's sentence tokenizer, found without importing underthesea."""
    package = importlib.util.find_spec("underthesea")
    if package is None or package.origin is None:
        return None
    path = Path(package.origin).parent / "pipeline" / "sent_tokenize" / "__init__.py"
    return path if path.is_file() else None


def _module_from_file(name: str, path: Path) -> ModuleType:
    """Return the module ``name`` run from ``path`` alone, without importing its package."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@lru_cache(maxsize=1)
def _vocab_nlp() -> spacy.language.Language:
    # Without pyvi the Vietnamese class only supplies the vocabulary and lexical
    # attributes; tokens come from our own regex, so no model is loaded.
    import spacy

    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


def make_doc(text: str) -> Doc:
    """Return a spaCy ``Doc`` over ``text`` whose ``doc.text == text``."""
    from spacy.tokens import Doc

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
    """Return the body's sentences as offsets, paragraph by paragraph; none is blank."""
    sentences: list[Sentence] = []
    for paragraph in _PARAGRAPH.finditer(body):
        base = paragraph.start()
        sentences.extend(Sentence(base + start, base + end) for start, end in sentence_spans(paragraph.group()))
    return sentences


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of each sentence of one paragraph, cut where underthesea's
    ``sent_tokenize`` cuts it; none is blank."""
    if _ONE_SENTENCE.fullmatch(text):  # sent_tokenize returns it stripped, if not blank
        return [(len(text) - len(text.lstrip()), len(text.rstrip()))] if text.strip() else []
    if text.isprintable():  # no space but " " (the tidy text of every article)
        return _abbreviations_joined(text, _spans_around_marks(text))
    return _abbreviations_joined(text, _tokenized_spans(text))


def _abbreviations_joined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return ``spans`` with each sentence that ends on an abbreviation joined to the next."""
    joined = spans[:1]
    for start, end in spans[1:]:
        last_start, last_end = joined[-1]
        if _ABBREVIATION_END.search(text, max(last_start, last_end - 24), last_end):
            joined[-1] = (last_start, end)
        else:
            joined.append((start, end))
    return joined


def _tokenized_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of the sentences ``sent_tokenize`` finds in ``text``, read whole."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _sent_tokenize_module().sent_tokenize(text):  # stripped, never blank
        found = text.find(piece, cursor)
        if found < 0:  # the tokenizer altered the text: fall back to the rest of the paragraph
            if text[cursor:].strip():
                spans.append((cursor, len(text)))
            break
        cursor = found + len(piece)
        spans.append((found, cursor))
    return spans


def _spans_around_marks(text: str) -> list[tuple[int, int]]:
    """Return the spans of the sentences of ``text`` (words split by " " alone), with
    ``sent_tokenize`` run on the stretches around its marks instead of the whole text.

    Whether a mark ends a sentence depends only on its own word (an abbreviation, a
    number), the marks and spaces after it and the next character: all inside its
    stretch (see ``_STRETCH_FROM_MARK``).  So the sentences end where the stretches' inner
    sentences end, and the next ones start where those start.
    """
    starts, ends = [len(text) - len(text.lstrip())], []
    for found in _STRETCH_FROM_MARK.finditer(text):
        base = text.rfind(" ", 0, found.start()) + 1  # where the mark's word starts
        stretch = text[base : found.end()]
        if _ONE_SENTENCE.fullmatch(stretch):  # the paragraph's last mark: no sentence ends inside
            continue
        inner = _tokenized_spans(stretch)
        for (_, end), (start, _) in itertools.pairwise(inner):
            ends.append(base + end)
            starts.append(base + start)
    ends.append(len(text.rstrip()))
    return list(zip(starts, ends))


def segment(article: Article) -> SegmentedArticle:
    """Return the article split into sentences, with its tone-unified match text."""
    return SegmentedArticle(
        article=article,
        sentences=split_sentences(article.body),
        match_text=unify_tones(article.body),
        _doc_factory=make_doc,
    )
