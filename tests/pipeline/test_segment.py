from hypothesis import given, strategies as st

from vnextract.pipeline.documents import Article
from vnextract.pipeline.segment import make_doc, segment, split_sentences


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


@given(st.text(alphabet=st.sampled_from("aăâđêôơư ÁÀẢ.,;:!?\n0123456789/%-"), max_size=200))
def test_sentences_are_ordered_non_overlapping_slices(body):
    sentences = split_sentences(body)
    for first, second in zip(sentences, sentences[1:]):
        assert first.end <= second.start
    for s in sentences:
        assert 0 <= s.start < s.end <= len(body)
    assert make_doc(body).text == body
