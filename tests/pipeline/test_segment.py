import itertools
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from underthesea.pipeline.sent_tokenize import PunktSentenceTokenizer, sent_tokenize

from vnextract.pipeline.documents import Article
from vnextract.pipeline.segment import (
    _SENT_TOKENIZE,
    _SENTENCE_MARKS,
    RULES,
    _module_from_file,
    _sent_tokenize_file,
    make_doc,
    segment,
    split_sentences,
)

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def _article(body: str) -> Article:
    return Article(article_id="t", source="t.txt", title=None, byline=None, body=body, content_sha256="")


def test_sentences_split_within_paragraphs_and_never_across():
    body = "Ngày 23/6, Phường 9 tổ chức hội nghị. Tham dự có đồng chí Hùng.\nThu ngân sách đạt 48,13%."
    sentences = [body[s.start : s.end] for s in split_sentences(body)]
    assert sentences == [
        "Ngày 23/6, Phường 9 tổ chức hội nghị.",
        "Tham dự có đồng chí Hùng.",
        "Thu ngân sách đạt 48,13%.",
    ]


def test_doc_keeps_numbers_whole_and_text_exact():
    body = "Thu được 209.376.000 đồng; 8/8 khu phố đạt  100%.\n"
    doc = make_doc(body)
    assert doc.text == body
    assert {"209.376.000", "8/8", "100%"} <= {t.text for t in doc}


def test_match_text_unifies_tones_at_the_same_offsets():
    seg = segment(_article("Đảng uỷ phường"))
    assert seg.match_text == "Đảng ủy phường"
    assert seg.doc.text == seg.body


def test_sentence_at_finds_the_enclosing_sentence():
    seg = segment(_article("Một câu. Hai câu."))
    second = seg.sentences[1]
    assert seg.sentence_at(second.start) == second
    assert seg.sentence_at(len(seg.body) + 5) is None


@given(st.text(alphabet=st.sampled_from("Aa. \n"), max_size=120), st.integers(-2, 125))
def test_sentence_at_agrees_with_reading_every_sentence(body, offset):
    seg = segment(_article(body))
    expected = next((s for s in seg.sentences if s.start <= offset < s.end), None)
    assert seg.sentence_at(offset) == expected


@given(st.text(alphabet=st.sampled_from("aăâđêôơư ÁÀẢ.,;:!?\n0123456789/%-"), max_size=200))
def test_sentences_are_ordered_non_overlapping_slices(body):
    sentences = split_sentences(body)
    for first, second in itertools.pairwise(sentences):
        assert first.end <= second.start
    for s in sentences:
        assert 0 <= s.start < s.end <= len(body)
    assert make_doc(body).text == body


# Sentences must be exactly underthesea's, called on every paragraph, although
# paragraphs without a sentence mark skip it and underthesea is loaded on its own;
# but a sentence underthesea ends on an abbreviation of ``segment.json`` goes on.
def _ends_on_abbreviation(piece: str) -> bool:
    if not piece.endswith("."):
        return False
    start = len(piece) - 1
    while start > 0 and (piece[start - 1].isalnum() or piece[start - 1] == "."):
        start -= 1
    word = piece[start:-1]
    return bool(word) and all(part in RULES.abbreviations for part in word.split("."))


def _expected(paragraph: str) -> list[str]:
    spans, cursor = [], 0
    for piece in sent_tokenize(paragraph):
        start = paragraph.index(piece, cursor)
        cursor = start + len(piece)
        if spans and _ends_on_abbreviation(paragraph[spans[-1][0] : spans[-1][1]]):
            spans[-1] = (spans[-1][0], cursor)
        else:
            spans.append((start, cursor))
    return [paragraph[start:end] for start, end in spans]


def _expected_sentences(body: str) -> list[str]:
    return [piece for paragraph in body.split("\n") for piece in _expected(paragraph)]


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from("aĐê TPHCM.…?!\n\t\u00a0 0123456789"), max_size=200))
def test_sentences_are_underthesea_sentences(body):
    assert [body[s.start : s.end] for s in split_sentences(body)] == _expected_sentences(body)


_WORDS = [
    "Ông", "A.", "TP.", "TT.", "KP.", "PGS.TS.", "(ThS.", "HCM", "1.500", "8/8", "dự.", "hộ!", "Chờ...", "tiếp", "k.l",
    "?", ".", "..", "…", "x.Y", "b.", "",
]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_WORDS), max_size=30).map(" ".join))
def test_sentences_read_around_the_marks_are_underthesea_sentences(paragraph):
    # Words split by " " alone: underthesea reads only the words around each mark.
    assert [paragraph[s.start : s.end] for s in split_sentences(paragraph)] == _expected(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Một câu.", "Hết rồi sao?!  ", "Xong...", "Chờ đợi... \t", "Tại TP.", "Tại TP..", "Câu này...?",
        "Câu. .", "Câu.…", "Ông A. Nguyễn dự.", "Thu 1.500.", "Chờ... Tiếp", "Chờ... tiếp.", "Không dấu",
    ],
)
def test_one_sentence_shortcut_agrees_with_underthesea(paragraph):
    # Paragraphs whose only marks end them skip underthesea: the result must not change.
    assert [paragraph[s.start : s.end] for s in split_sentences(paragraph)] == sent_tokenize(paragraph)


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("UBND TT. Cần Thạnh họp. Chi bộ KP. 3 đạt 100%.", ["UBND TT. Cần Thạnh họp.", "Chi bộ KP. 3 đạt 100%."]),
    ("Có PGS.TS. Nguyễn Văn An và ThS.BS. Lê Thị Hoa dự.", ["Có PGS.TS. Nguyễn Văn An và ThS.BS. Lê Thị Hoa dự."]),
    ("Sáp nhập TT.Phan Rí Cửa. Xong.", ["Sáp nhập TT.Phan Rí Cửa.", "Xong."]),
    ("Họp tại TT. Ông An dự.", ["Họp tại TT. Ông An dự."]),  # an abbreviation is never a sentence's end
    ("Ông A. Nguyễn dự. Bà B dự.", ["Ông A. Nguyễn dự.", "Bà B dự."]),  # underthesea's own initials
    ("Tổ chức ATT. Ông An dự.", ["Tổ chức ATT.", "Ông An dự."]),  # a word that only ends like one
])
def test_abbreviations_end_no_sentence(paragraph, expected):
    assert [paragraph[s.start : s.end] for s in split_sentences(paragraph)] == expected


_ALONE = _module_from_file(_SENT_TOKENIZE, _sent_tokenize_file())


@given(st.text(alphabet=st.sampled_from("aĐê TPHCM.…?!\t 0123456789"), max_size=200))
def test_tokenizer_loaded_alone_splits_as_underthesea(text):
    assert _ALONE.sent_tokenize(text) == sent_tokenize(text)


def test_sentence_marks_are_underthesea_marks():
    assert set(_SENTENCE_MARKS) == PunktSentenceTokenizer.SENT_END_CHARS


def test_corpus_sentences_are_underthesea_sentences():
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (needs the shared folder beside the repository)")
    for path in sorted(CORPUS.glob("*.txt")):
        body = path.read_text(encoding="utf-8")
        assert [body[s.start : s.end] for s in split_sentences(body)] == _expected_sentences(body), path.name


def test_segmenting_imports_neither_spacy_nor_all_of_underthesea():
    # Each costs start-up time (0.7 s and 0.25 s) that a run without a Doc never repays.
    code = (
        "import sys; from vnextract.pipeline.segment import segment;"
        "from vnextract.pipeline.documents import Article;"
        "doc = segment(Article('t', 't.txt', None, None, 'Ông A. Nguyễn dự. TP. HCM có 1.500 hộ!', ''));"
        "print(sorted({'spacy', 'underthesea'} & set(sys.modules)), len(doc.sentences))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["[]", str(len(sent_tokenize("Ông A. Nguyễn dự. TP. HCM có 1.500 hộ!")))]
