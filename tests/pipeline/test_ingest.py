"""Ingest: listing a scraper's folder, decoding every encoding, one reject per bad input."""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import os
import shutil
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from vnextract.pipeline import clean, ingest
from vnextract.pipeline.documents import RawDocument, Reject

INPUTS = Path(__file__).resolve().parents[1] / "data" / "inputs"
VIETNAMESE = "Ngày 10/1/2023, Đảng ủy phường Cầu Kho tổ chức hội nghị; Chủ tịch UBND phường phát biểu. Hoà, Thuỷ, uỷ ban."
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def encode_cp1258(text: str) -> bytes:
    """Return ``text`` in Windows-1258 as legacy sites wrote it: base letter, then a combining tone."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += base.encode("cp1258") + "".join(c for c in parts if c in _TONES).encode("cp1258")
    return bytes(out)


def read_one(tmp_path: Path, name: str, data: bytes) -> RawDocument | Reject:
    path = tmp_path / name
    path.write_bytes(data)
    (item,) = ingest.read_documents(path, tmp_path)
    return item


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "label, data",
    [
        ("utf-8", VIETNAMESE.encode("utf-8")),
        ("utf-8 with BOM", codecs.BOM_UTF8 + VIETNAMESE.encode("utf-8")),
        ("utf-16 with BOM", VIETNAMESE.encode("utf-16")),
        ("utf-16-be with BOM", codecs.BOM_UTF16_BE + VIETNAMESE.encode("utf-16-be")),
        ("windows-1258", encode_cp1258(VIETNAMESE * 3)),
        ("NFD utf-8", unicodedata.normalize("NFD", VIETNAMESE).encode("utf-8")),
    ],
)
def test_every_encoding_reads_back_to_the_same_nfc_text(tmp_path, label, data):
    raw = read_one(tmp_path, "a.txt", data)
    assert isinstance(raw, RawDocument), label
    body = clean.tidy_text(raw.text)
    assert VIETNAMESE in body, label
    assert unicodedata.is_normalized("NFC", body)


def test_old_tone_placement_is_kept_as_written(tmp_path):
    raw = read_one(tmp_path, "a.txt", "Uỷ ban nhân dân, hoà thuận".encode())
    assert clean.tidy_text(raw.text) == "Uỷ ban nhân dân, hoà thuận"


def test_icelandic_eth_becomes_vietnamese_d(tmp_path):
    raw = read_one(tmp_path, "a.txt", "\u00d0ảng ủy phường".encode())
    assert clean.tidy_text(raw.text) == "Đảng ủy phường"


# --------------------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"Ng\xc3\xa0y 10/1\x00\x00 Dang uy" * 20, "nul_bytes"),
        (bytes(range(256)) * 40, "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200) + b"IHDR" + bytes(range(256)) * 8, "binary"),
    ],
)
def test_bad_bytes_give_a_reject_with_a_reason(tmp_path, data, reason):
    item = read_one(tmp_path, "bad.txt", data)
    assert isinstance(item, Reject)
    assert (item.stage, item.reason) == ("ingest", reason)


def test_a_file_over_the_size_limit_is_rejected_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written to disk
    (item,) = ingest.read_documents(big, tmp_path)
    assert isinstance(item, Reject) and item.reason == "too_large"


def test_the_size_limit_is_a_setting(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(VIETNAMESE, encoding="utf-8")
    settings = ingest.IngestSettings(max_file_bytes=10)
    (item,) = ingest.read_documents(path, tmp_path, settings)
    assert isinstance(item, Reject) and item.reason == "too_large"


@pytest.mark.skipif(os.name != "posix", reason="permissions are POSIX")
def test_an_unreadable_file_is_rejected(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(VIETNAMESE, encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read any file (root): permissions cannot be tested")
        (item,) = ingest.read_documents(path, tmp_path)
        assert isinstance(item, Reject) and item.reason == "unreadable"
    finally:
        path.chmod(0o644)


def test_a_read_permission_error_is_a_reject_not_a_crash(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text(VIETNAMESE, encoding="utf-8")

    def refuse(file, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(file))

    monkeypatch.setattr(ingest, "open", refuse, raising=False)  # what a root-run test cannot cause
    (item,) = ingest.read_documents(path, tmp_path)
    assert isinstance(item, Reject) and (item.reason, item.detail) == ("unreadable", "Permission denied")


def test_an_unlistable_folder_is_a_reject(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    real_scandir = os.scandir

    def refuse(path):
        if Path(path).name == "sub":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    paths, rejects = ingest.list_inputs(tmp_path)
    assert paths == [] and [(r.source, r.reason) for r in rejects] == [("sub", "unreadable")]


def test_truncated_json_is_rejected():
    (item,) = ingest.read_documents(INPUTS / "truncated.json", INPUTS)
    assert isinstance(item, Reject) and item.reason == "malformed_json"


def test_jsonl_bad_line_is_one_reject_among_good_articles():
    items = ingest.read_documents(INPUTS / "articles.jsonl", INPUTS)
    assert [item.source for item in items] == ["articles.jsonl#1", "articles.jsonl#2", "articles.jsonl#4"]
    assert [type(item).__name__ for item in items] == ["RawDocument", "Reject", "RawDocument"]
    assert items[0].published == dt.date(2024, 6, 5)
    assert items[2].title == "Phường 3 tuyên dương 12 gia đình văn hóa"


@pytest.mark.parametrize(
    "record, reason",
    [
        ([1, 2], "malformed_json"),
        ({"title": "chỉ có tiêu đề"}, "no_text"),
        ({"content": 42}, "no_text"),
        ({"content": "   "}, "no_text"),
    ],
)
def test_json_records_without_text_are_rejected(record, reason):
    items = ingest.documents_from_json("x.json", __import__("json").dumps(record))
    assert all(isinstance(item, Reject) and item.reason == reason for item in items)


def test_json_record_with_html_content_goes_through_trafilatura():
    html = "<div><p>Sáng 9/3, xã Bình Lợi ra quân làm sạch kênh rạch với 200 đoàn viên tham gia.</p></div>"
    raw = ingest.document_from_record("x.json", {"title": "Ra quân", "content": html})
    assert isinstance(raw, RawDocument)
    assert "<p>" not in raw.text and "200 đoàn viên" in raw.text


def test_html_page_gives_main_text_title_and_date():
    (raw,) = ingest.read_documents(INPUTS / "page.html", INPUTS)
    assert raw.title == "Xã Bình Lợi ra quân làm sạch kênh rạch"
    assert raw.published == dt.date(2024, 3, 9)
    assert "3 tấn rác thải" in raw.text
    assert "Trang chủ" not in raw.text and "Twitter" not in raw.text


# --------------------------------------------------------------------------- listing


def build_scraper_folder(root: Path) -> Path:
    """Return a folder with one input of each kind, good and bad, under ``root``."""
    folder = root / "inputs"
    shutil.copytree(INPUTS, folder)
    (folder / "utf16.txt").write_bytes(("Tiêu đề bài UTF-16 có năm chữ\n" + VIETNAMESE).encode("utf-16"))
    (folder / "legacy.txt").write_bytes(encode_cp1258(VIETNAMESE * 2))
    (folder / "nul.txt").write_bytes(b"abc\x00def " * 30)
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "dangling.txt").symlink_to("missing.txt")
    (folder / "nested" / "up").symlink_to("..", target_is_directory=True)
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    return folder


def read_folder(folder: Path) -> tuple[list[RawDocument], list[Reject]]:
    paths, rejects = ingest.list_inputs(folder)
    docs: list[RawDocument] = []
    for path in paths:
        for item in ingest.read_documents(path, folder):
            (rejects if isinstance(item, Reject) else docs).append(item)
    return docs, rejects


def test_scraper_folder_gives_every_good_article_and_one_reject_per_bad_input(tmp_path):
    docs, rejects = read_folder(build_scraper_folder(tmp_path))
    assert sorted(d.source for d in docs) == [
        "article.json", "articles.jsonl#1", "articles.jsonl#4", "good.txt",
        "legacy.txt", "nested/inner.txt", "page.html", "utf16.txt",
    ]
    assert {r.source: r.reason for r in rejects} == {
        "articles.jsonl#2": "malformed_json",
        "blob.txt": "binary",
        "dangling.txt": "broken_symlink",
        "empty.txt": "empty",
        "huge.txt": "too_large",
        "loop.txt": "symlink_loop",
        "nested/up": "symlink_loop",
        "notes.md": "unsupported_format",
        "nul.txt": "nul_bytes",
        "truncated.json": "malformed_json",
    }


def test_listing_order_and_ids_are_stable(tmp_path):
    folder = build_scraper_folder(tmp_path)
    first = [clean.article_id(d.source) for d in read_folder(folder)[0]]
    second = [clean.article_id(d.source) for d in read_folder(folder)[0]]
    assert first == second and len(set(first)) == len(first)


def test_hidden_entries_are_skipped(tmp_path):
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "a.txt").write_text(VIETNAMESE, encoding="utf-8")
    paths, rejects = ingest.list_inputs(tmp_path)
    assert [p.name for p in paths] == ["a.txt"] and rejects == []


def reference_listing(root: Path) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Return the sources ``list_inputs`` should give and its rejects (source, reason, detail), by pathlib."""
    files: list[str] = []
    rejects: list[tuple[str, str, str]] = []

    def walk(folder: Path, ancestors: frozenset) -> None:
        here = folder.stat()
        inside = ancestors | {(here.st_dev, here.st_ino)}
        for path in sorted(folder.iterdir(), key=lambda p: p.name):
            source = path.relative_to(root).as_posix()
            if path.name.startswith("."):
                continue
            try:
                status = path.stat()
            except OSError as exc:
                reason = "symlink_loop" if exc.errno == errno.ELOOP else "broken_symlink"
                rejects.append((source, reason, exc.strerror))
                continue
            if path.is_dir() and (status.st_dev, status.st_ino) in inside:
                rejects.append((source, "symlink_loop", "link leads back into a folder being read"))
            elif path.is_dir():
                walk(path, inside)
            elif path.suffix.lower() in ingest.SUPPORTED_SUFFIXES:
                files.append(source)
            else:
                rejects.append((source, "unsupported_format", f"suffix {path.suffix!r}"))

    walk(root, frozenset())
    return sorted(files), rejects


_FOLDERS = st.lists(st.sampled_from(["a", "b", ".hidden", "c.txt"]), max_size=3).map("/".join)
_NAMES = st.tuples(
    st.sampled_from(["x", "Y", ".dot", "x.tar", "đô"]),
    st.sampled_from([".txt", ".TXT", ".json", ".jsonl", ".html", ".htm", ".md", ".", ""]),
).map("".join)
_KINDS = st.sampled_from(["file", "file", "file", "loop", "dangling", "link_up", "link_to_b"])


def _build_tree(root: Path, entries: list[tuple[str, str, str]]) -> None:
    """Create each (folder, name, kind) below ``root``; an entry whose name is taken is left out."""
    for folder, name, kind in entries:
        where = root / folder
        if where.is_symlink() or where.is_file():
            continue
        where.mkdir(parents=True, exist_ok=True)
        path = where / name
        if path.is_symlink() or path.exists():
            continue
        if kind == "file":
            path.write_text(VIETNAMESE, encoding="utf-8")
        elif kind == "loop":
            path.symlink_to(name)
        elif kind == "dangling":
            path.symlink_to("missing" + name)
        elif kind == "link_up":
            path.symlink_to("..", target_is_directory=True)
        else:
            path.symlink_to(root / "b", target_is_directory=True)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_FOLDERS, _NAMES, _KINDS), max_size=25))
def test_listing_equals_a_plain_pathlib_walk(entries):
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "in"
        root.mkdir()
        _build_tree(root, entries)
        files, rejects = reference_listing(root)
        paths, got = ingest.list_inputs(root)
    assert paths == [root / source for source in files]
    assert [(r.source, r.reason, r.detail) for r in got] == rejects


@pytest.mark.parametrize("given_root", ["in", "in/", "./in", "in/./"])
def test_listing_sources_do_not_depend_on_how_the_root_is_written(tmp_path, monkeypatch, given_root):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "a.txt").write_text(VIETNAMESE, encoding="utf-8")
    (tmp_path / "in" / "b.md").write_text(VIETNAMESE, encoding="utf-8")
    paths, rejects = ingest.list_inputs(Path(given_root))
    assert paths == [Path("in/sub/a.txt")] and [r.source for r in rejects] == ["b.md"]


def test_a_root_that_is_a_file_is_one_reject(tmp_path):
    (tmp_path / "a.txt").write_text(VIETNAMESE, encoding="utf-8")
    paths, rejects = ingest.list_inputs(tmp_path / "a.txt")
    assert paths == [] and [(r.source, r.reason) for r in rejects] == [(".", "os_error")]


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-03-09", dt.date(2024, 3, 9)),
        ("2024-03-09T07:30:00+07:00", dt.date(2024, 3, 9)),
        ("2024/03/09", dt.date(2024, 3, 9)),
        ("09/03/2024 07:30", dt.date(2024, 3, 9)),
        ("Ngày đăng 22/06/2022 | 08:36", dt.date(2022, 6, 22)),
        ("2025-08", dt.date(2025, 8, 1)),
        (1710000000, dt.date(2024, 3, 9)),
        (1710000000000, dt.date(2024, 3, 9)),
        ("31/02/2024", None),
        ("hôm qua", None),
        (None, None),
        (True, None),
        (["2024-03-09"], None),
    ],
)
def test_parse_published(value, expected):
    assert ingest.parse_published(value) == expected


@pytest.mark.parametrize(("path", "root", "source"), [
    ("in/a.txt", "in", "a.txt"),
    ("in/sub/a.txt", "in/", "sub/a.txt"),
    ("in/sub/a.txt", "./in", "sub/a.txt"),
    ("a.txt", ".", "a.txt"),
    ("/data/in/x/a.jsonl", "/data/in", "x/a.jsonl"),
    ("/data/inbox/a.txt", "/data/in", "/data/inbox/a.txt"),  # not below the root: the path as given
    ("/a.txt", "/", "a.txt"),
])
def test_a_source_is_the_path_below_the_root(path, root, source):
    assert ingest._source(Path(path), Path(root)) == source
