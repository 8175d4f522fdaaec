from conftest import SAMPLES

from vnextract.pipeline.documents import Reject
from vnextract.pipeline.spacy_doc import extract_doc


def test_extractions_become_span_groups_over_the_body():
    doc = extract_doc((SAMPLES / "001_8fd10c4c5ee0c56d.txt").read_text(encoding="utf-8"))
    assert set(doc.spans) == {"dates", "officials", "wards", "indicators"}
    assert "2023-01-10" in {s.label_ for s in doc.spans["dates"]}
    assert "phường Cầu Kho" in {s.text for s in doc.spans["wards"]}  # as written in the body
    money = [s for s in doc.spans["indicators"] if s.label_ == "VND"]
    assert any("209.376.000" in s.text for s in money)


def test_an_empty_text_gives_its_reject():
    assert isinstance(extract_doc("   "), Reject)
