"""Ingest stage: find the input files of a folder and read each into raw documents.

Listing and reading are separate so that a run can hand paths to workers.

Formats (by suffix, case-insensitive):

* ``.txt``: one article, the whole file.
* ``.html`` / ``.htm``: one article; main text, title and published date through
  trafilatura (page metadata), never hand-written tag stripping.
* ``.json``: one article (an object), or a list of articles (``file.json#<n>``, from 1).
* ``.jsonl``: one article per line (``file.jsonl#<line number>``); a bad line is a
  reject and the other lines are read.

JSON fields are listed in ``resources/ingest_fields.json``: the text comes from the
first non-empty of ``content``, ``body``, ``text``, ... (run through trafilatura when
it is HTML), the title from ``title``/``headline``, the address from ``url``/``link``,
the date from ``published``/``date``/``published_at``/...

Bytes are decoded from UTF-8 (with or without BOM) or UTF-16/32 with a BOM; anything
else is detected with charset-normalizer (Windows-1258 included).  Unicode
normalisation (NFC, "Ð" -> "Đ") is the clean stage's job.

Every file that cannot give an article gives a ``Reject`` (stage ``ingest``) saying
why; nothing here raises for a bad input.
"""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import functools
import json
import logging
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from vnextract.pipeline.documents import RawDocument, Reject
from vnextract.schemas.lexicon import Lexicon, load_lexicon

SUPPORTED_SUFFIXES = frozenset({".txt", ".html", ".htm", ".json", ".jsonl"})
STAGE = "ingest"


@dataclass(frozen=True)
class IngestSettings:
    """Limits of the ingest stage; pass another instance to change them."""

    max_file_bytes: int = 16 * 1024 * 1024
    # Share of control characters above which decoded text is taken for binary data.
    max_control_ratio: float = 0.01


DEFAULT_SETTINGS = IngestSettings()


class IngestFields(Lexicon):
    """The JSON field names read for each part of an article, in order of preference."""

    doc: str = Field("", alias="_doc")
    title: list[str]
    body: list[str]
    url: list[str]
    published: list[str]


FIELDS = load_lexicon("vnextract.pipeline", "ingest_fields.json", IngestFields)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_PAGE_HINT = re.compile(r"<(?:html|body)\b", re.IGNORECASE)
_HTML_HINT = re.compile(r"<(?:p|div|br|span|h[1-6]|article|section|body|html|table|li)\b[^>]*>", re.IGNORECASE)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?!\d)")
_DMY_DATE = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)")


class InputError(ValueError):
    """An input file or record that cannot give an article; ``reason`` names why."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


# --------------------------------------------------------------------------- listing


def list_inputs(root: Path) -> tuple[list[Path], list[Reject]]:
    """Return the supported files below ``root`` in a stable order, and rejects for the rest.

    Symbolic links are followed once; a link that loops, dangles or leads back into a
    folder already being walked is a reject.  Hidden entries (".name") are skipped.
    """
    # The walk handles paths as text: building a Path per entry cost more than the listing
    # itself, so Path objects are only built for the files returned.
    top = str(Path(root))
    found: list[tuple[str, str]] = []  # (source, path) of each supported file
    rejects: list[Reject] = []
    for source, path, reject in _walk(top, _root_prefix(top), ancestors=frozenset()):
        if reject is not None:
            rejects.append(reject)
            continue
        suffix = _suffix(path)
        if suffix.lower() in SUPPORTED_SUFFIXES:
            found.append((source, path))
        else:
            rejects.append(Reject(source, STAGE, "unsupported_format", f"suffix {suffix!r}"))
    found.sort(key=lambda item: item[0])
    return [Path(path) for _, path in found], rejects


def _walk(folder: str, prefix: str, ancestors: frozenset) -> Iterator[tuple[str, str, Reject | None]]:
    """Yield (source, path, None) for each file below ``folder`` and (source, path, reject) for bad entries."""
    try:
        identity = _identity(folder)
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        source = _listed_source(folder, prefix)
        yield source, folder, Reject(source, STAGE, _os_reason(exc), _os_detail(exc))
        return
    inside = ancestors | {identity}
    for entry in entries:
        if not entry.name.startswith("."):
            yield from _walk_entry(entry, prefix, inside)


def _walk_entry(entry: os.DirEntry, prefix: str, ancestors: frozenset) -> Iterator[tuple[str, str, Reject | None]]:
    """Yield the files of one folder entry, following a symbolic link once."""
    path = entry.path
    source = _listed_source(path, prefix)
    if entry.is_file(follow_symlinks=False):  # a plain file: the folder listing told its type, no stat needed
        yield source, path, None
        return
    try:
        status = os.stat(path)  # follows links; raises on loops and dangling links
    except OSError as exc:
        yield source, path, Reject(source, STAGE, _os_reason(exc, Path(path)), _os_detail(exc))
        return
    if stat.S_ISDIR(status.st_mode):
        if (status.st_dev, status.st_ino) in ancestors:
            yield source, path, Reject(source, STAGE, "symlink_loop", "link leads back into a folder being read")
            return
        yield from _walk(path, prefix, ancestors)
    elif stat.S_ISREG(status.st_mode):
        yield source, path, None
    else:
        yield source, path, Reject(source, STAGE, "not_a_file", "neither a regular file nor a folder")


def _identity(folder: str) -> tuple[int, int]:
    status = os.stat(folder)
    return status.st_dev, status.st_ino


def _root_prefix(root: str) -> str:
    """Return the text that every path listed below ``root`` starts with (os.scandir's joining)."""
    return root if root.endswith(os.sep) else root + os.sep


def _listed_source(path: str, prefix: str) -> str:
    """Return the source of a listed path: its part below the root, "/"-separated ("." for the root)."""
    return path[len(prefix) :].replace(os.sep, "/") or "."


def _suffix(path: str) -> str:
    """Return the file name's suffix as ``Path.suffix`` does: "" for "name" and for "name."."""
    name = os.path.basename(path)
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _source(path: Path, root: Path) -> str:
    text, prefix = str(path), str(root)
    if os.sep == "/" and text.startswith(prefix) and text[len(prefix) : len(prefix) + 1] == "/" and prefix != "/":
        return text[len(prefix) + 1 :]  # the common case, without pathlib's parsing
    try:
        return path.relative_to(root).as_posix() or path.name
    except ValueError:
        return path.as_posix()


def _os_reason(exc: OSError, path: Path | None = None) -> str:
    """Return the reject reason for an OS error met while listing or reading."""
    if exc.errno == errno.ELOOP:
        return "symlink_loop"
    if isinstance(exc, FileNotFoundError) and path is not None and path.is_symlink():
        return "broken_symlink"
    if isinstance(exc, PermissionError):
        return "unreadable"
    return "os_error"


def _os_detail(exc: OSError) -> str:
    return exc.strerror or str(exc)


# --------------------------------------------------------------------------- reading


def read_documents(path: Path, root: Path, settings: IngestSettings = DEFAULT_SETTINGS) -> list[RawDocument | Reject]:
    """Return the raw documents in one input file (or rejects saying why there are none).

    Reads ``path`` (whose ``source`` is its path relative to ``root``); never raises
    for a bad file: an unreadable, empty, oversized, binary or malformed input is a
    ``Reject``.  A JSON-lines file gives one item per non-blank line.
    """
    path = Path(path)
    source = _source(path, Path(root))
    try:
        text = decode_bytes(_read_bytes(path, settings), settings)
        return _parse(path.suffix.lower(), source, text)
    except InputError as exc:
        return [Reject(source, STAGE, exc.reason, exc.detail)]
    except OSError as exc:
        return [Reject(source, STAGE, _os_reason(exc, path), _os_detail(exc))]


def _read_bytes(path: Path, settings: IngestSettings) -> bytes:
    """Return the file's bytes, refusing empty files and files over the size limit."""
    with open(path, "rb") as handle:  # one open for the size and the bytes
        size = os.fstat(handle.fileno()).st_size
        if size > settings.max_file_bytes:
            raise InputError("too_large", f"{size} bytes, limit {settings.max_file_bytes}")
        data = handle.read()
    if not data.strip():
        raise InputError("empty", "no content")
    return data


def _parse(suffix: str, source: str, text: str) -> list[RawDocument | Reject]:
    """Return the documents of a decoded file, by format."""
    if suffix in (".html", ".htm"):
        return [document_from_html(source, text)]
    if suffix == ".json":
        return documents_from_json(source, text)
    if suffix == ".jsonl":
        return documents_from_jsonl(source, text)
    return [RawDocument(source=source, text=text, format="txt")]


# --------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes, settings: IngestSettings = DEFAULT_SETTINGS) -> str:
    """Return ``data`` decoded to text; raise ``InputError`` when it is not text.

    A BOM decides first; then strict UTF-8 (the common case, and fast); then
    charset-normalizer.  NUL bytes are only accepted in UTF-16/32.
    """
    text = _decode_with_bom(data)
    if text is None and b"\x00" not in data:
        text = _decode_utf8(data)
    if text is None:
        text = _decode_detected(data)
    _check_text(text, settings)
    return text


def _decode_with_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError("undecodable", f"{encoding} with BOM: {exc.reason}") from exc
    return None


def _decode_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decode_detected(data: bytes) -> str:
    """Return ``data`` decoded with the encoding charset-normalizer finds, or raise."""
    import charset_normalizer  # only non-UTF-8 input needs it: kept off the start-up path

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        reason = "nul_bytes" if _is_text_with_nuls(data) else "binary"
        raise InputError(reason, "no text encoding fits the bytes")
    text = str(best)
    if "\x00" in text:
        raise InputError("nul_bytes", f"NUL characters in {best.encoding} text")
    return text


def _is_text_with_nuls(data: bytes) -> bool:
    """Return whether ``data`` is UTF-8 text once its NUL bytes are taken out."""
    text = _decode_utf8(data.replace(b"\x00", b""))
    return text is not None and len(_CONTROL.findall(text)) <= 0.01 * max(len(text), 1)


def _check_text(text: str, settings: IngestSettings) -> None:
    """Raise ``InputError`` when decoded text still looks like binary data."""
    if "\x00" in text:
        reason = "nul_bytes" if _is_text_with_nuls(text.encode("utf-8", "surrogatepass")) else "binary"
        raise InputError(reason, "NUL characters in the text")
    controls = len(_CONTROL.findall(text))
    if controls > settings.max_control_ratio * max(len(text), 1):
        raise InputError("binary", f"{controls} control characters in {len(text)}")
    if not text.strip():
        raise InputError("empty", "only whitespace")


# --------------------------------------------------------------------------- formats


def document_from_html(source: str, html: str) -> RawDocument | Reject:
    """Return the article of an HTML page: main text, title and date from trafilatura."""
    extracted = _extract_html(html)
    if extracted is None or not (extracted.text or "").strip():
        return Reject(source, STAGE, "no_text", "no main text found in the HTML page")
    return RawDocument(
        source=source,
        text=extracted.text,
        title=_clean_field(extracted.title),
        published=parse_published(extracted.date),
        url=_clean_field(extracted.url),
        format="html",
    )


@functools.lru_cache(maxsize=1)
def _trafilatura():
    """Return trafilatura, imported on the first HTML page: plain-text runs skip its start-up cost."""
    import trafilatura

    # Junk HTML is reported as a reject row; trafilatura's own ERROR lines would only be noise.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    return trafilatura


def _extract_html(html: str) -> _Extracted | None:
    """Return trafilatura's main text and metadata of ``html``, or None when it finds no text.

    A fragment (no <html>/<body>, as JSON fields often hold) is wrapped into a page
    first; when trafilatura finds no main text (a very short page), its plain
    ``html2txt`` conversion is used instead.
    """
    trafilatura = _trafilatura()
    page = html if _PAGE_HINT.search(html) else f"<html><body>{html}</body></html>"
    try:
        found = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False, include_tables=True)
        if found is not None and (found.text or "").strip():
            return _Extracted(found.text, found.title, found.date, found.url)
        text = trafilatura.html2txt(page)
    except (ValueError, TypeError, LookupError, RecursionError) as exc:
        raise InputError("malformed_html", f"{type(exc).__name__}: {exc}") from exc
    return _Extracted(text, found.title, found.date, found.url) if found else _Extracted(text)


@dataclass(frozen=True)
class _Extracted:
    """What is read out of an HTML page."""

    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None


def documents_from_json(source: str, text: str) -> list[RawDocument | Reject]:
    """Return the article(s) of a JSON file: one object, or a list of objects."""
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        return [Reject(source, STAGE, "malformed_json", _json_detail(exc))]
    if isinstance(value, list):
        items = [document_from_record(f"{source}#{n}", item) for n, item in enumerate(value, start=1)]
        return items or [Reject(source, STAGE, "empty", "an empty JSON list")]
    return [document_from_record(source, value)]


def documents_from_jsonl(source: str, text: str) -> list[RawDocument | Reject]:
    """Return one article (or reject) per non-blank line, with source ``file.jsonl#<line>``."""
    items: list[RawDocument | Reject] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        line_source = f"{source}#{number}"
        try:
            items.append(document_from_record(line_source, json.loads(line)))
        except (json.JSONDecodeError, RecursionError) as exc:
            items.append(Reject(line_source, STAGE, "malformed_json", _json_detail(exc)))
    return items or [Reject(source, STAGE, "empty", "no JSON lines")]


def _json_detail(exc: Exception) -> str:
    return str(exc)[:200] if str(exc) else type(exc).__name__


def document_from_record(source: str, record: object) -> RawDocument | Reject:
    """Return the article of one JSON object, reading the fields of ``ingest_fields.json``."""
    if not isinstance(record, dict):
        return Reject(source, STAGE, "malformed_json", f"expected an object, got {type(record).__name__}")
    body = _first_text(record, FIELDS.body)
    if body is None:
        return Reject(source, STAGE, "no_text", f"none of the fields {', '.join(FIELDS.body)} holds text")
    title = _first_text(record, FIELDS.title)
    url = _first_text(record, FIELDS.url)
    published = parse_published(_first_value(record, FIELDS.published))
    if _HTML_HINT.search(body):
        return _document_from_html_field(source, body, title, url, published)
    return RawDocument(source=source, text=body, title=title, published=published, url=url, format="json")


def _document_from_html_field(
    source: str, html: str, title: str | None, url: str | None, published: dt.date | None
) -> RawDocument | Reject:
    """Return the article of a JSON record whose text field holds HTML."""
    page = document_from_html(source, html)
    if isinstance(page, Reject):
        return page
    return RawDocument(
        source=source,
        text=page.text,
        title=title or page.title,
        published=published or page.published,
        url=url or page.url,
        format="json",
    )


def _first_value(record: dict, names: list[str]) -> object:
    for name in names:
        value = record.get(name)
        if value not in (None, "", [], {}):
            return value
    return None


def _first_text(record: dict, names: list[str]) -> str | None:
    for name in names:
        value = _clean_field(record.get(name))
        if value:
            return value
    return None


def _clean_field(value: object) -> str | None:
    """Return a metadata value as stripped text, or None when it is not usable text."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


# --------------------------------------------------------------------------- dates


def parse_published(value: object) -> dt.date | None:
    """Return the date in a metadata value, or None.

    Reads ISO dates and timestamps ("2023-01-10", "2023-01-10T08:00:00+07:00",
    "2023/01/10"), Vietnamese day-first dates ("10/01/2023 08:36") and Unix times
    in seconds or milliseconds.  A year-month ("2025-08") gives the first of the
    month: the year and month are what later stages use.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _date_from_epoch(float(value))
    if not isinstance(value, str):
        return None
    return _date_from_text(value)


def _date_from_text(text: str) -> dt.date | None:
    found = _ISO_DATE.search(text)
    if found:
        return _safe_date(int(found[1]), int(found[2]), int(found[3] or 1))
    found = _DMY_DATE.search(text)
    if found:
        return _safe_date(int(found[3]), int(found[2]), int(found[1]))
    return None


def _date_from_epoch(seconds: float) -> dt.date | None:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    try:
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    if not 1800 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
