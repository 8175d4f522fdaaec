"""Clean stage: normalise the text, drop page furniture, find the title and byline.

What is the article (GUIDE.md): the headline, the body and the byline.  This stage
turns a raw document into an ``Article`` whose ``body`` holds only the story, one
paragraph per line, in order:

* text: NFC, "Ð" -> "Đ", control and zero-width characters dropped, spaces folded
  (tone placement is kept as written; later stages match on unified tones);
  paragraphs a site hard-wrapped at a fixed width are joined back (``unwrap``);
* stamps: the crawler's capture stamp (" date 2025-08-08 ") and publication stamps
  ("Ngày đăng 22/06/2022 | 08:36 | View count: 135") become ``published`` and leave;
* furniture: share buttons, widgets, counters, file names (``furniture.json``);
* title: the page's metadata title, else the first line when it reads as a headline
  (``layout.json``); every repeat of it is dropped;
* byline: a signature line at the end (or just under the headline);
* captions: the cell under an image in a table ("![]() |" then "| Đồng chí ..."),
  lines marked as photo captions ("Ảnh: ...", "(thứ 3 từ phải sang)") and
  short standalone lines that describe a scene ("Quang cảnh hội nghị").

Every rule is data: the patterns live in ``resources/furniture.json`` and
``resources/layout.json``; this module only compiles and applies them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from dataclasses import dataclass, field

from pydantic import Field

from vnextract.pipeline.documents import Article, RawDocument, Reject
from vnextract.pipeline.ingest import parse_published
from vnextract.pipeline.text import normalize_unicode, unify_tones
from vnextract.schemas.lexicon import Lexicon, load_lexicon

STAGE = "clean"


class FurnitureRules(Lexicon):
    """``furniture.json``: what belongs to the site, not to the article."""

    doc: str = Field("", alias="_doc")
    lines: list[str]
    line_patterns: list[str]
    fragment_patterns: list[str]
    line_prefixes: list[str]
    line_suffixes: list[str]


class LayoutRules(Lexicon):
    """``layout.json``: cues for stamps, title, captions and byline."""

    doc: str = Field("", alias="_doc")
    capture_stamp: str
    stamp_words: list[str]
    stamp_glued_words: list[str]
    stamp_counters: str
    stamp_max_chars: int
    publish_words: str
    title_min_words: int
    title_max_chars: int
    title_forbidden: str
    label_max_words: int
    sentence_end: str
    lead_patterns: list[str]
    unit_words: list[str]
    caption_patterns: list[str]
    caption_scene_patterns: list[str]
    caption_final_clause: str
    caption_period_starts: str
    narrative_words: str
    caption_digits: str
    caption_term: str
    caption_max_chars: int
    caption_max_chars_with_period: int
    caption_subjects: str
    caption_scene_verbs: str
    caption_reporting_words: str
    caption_image_cell: str
    caption_inner_sentence: str
    portrait_max_chars: int
    portrait_name: str
    portrait_title_words: list[str]
    glued_sentence: str
    wrap_break: str
    wrap_paragraph_end: str
    wrap_min_breaks: int
    wrap_min_fill: float
    byline_prefix: str
    byline_max_chars: int
    generic_bylines: list[str]
    not_name_words: list[str]


FURNITURE = load_lexicon("vnextract.pipeline", "furniture.json", FurnitureRules)
LAYOUT = load_lexicon("vnextract.pipeline", "layout.json", LayoutRules)


def _any_of(patterns: list[str], flags: int = 0) -> re.Pattern[str]:
    """Return one regex matching any of ``patterns``.

    They are joined bare ("a|b", not "(?:a)|(?:b)": the same matches, since "|" binds
    loosest): when every alternative starts with a literal, ``re`` can then jump
    from one of those characters to the next instead of trying each position.
    """
    return re.compile("|".join(patterns), flags)


# Text tidying.
_ODD_BREAK_CHARS = r"\r\u2028\u2029\x0b\x0c\x85"
_INVISIBLE_CHARS = r"\u00ad\u200b-\u200f\u2060-\u2064\ufeff\x00-\x08\x0e-\x1f\x7f"
_ODD_SPACE_CHARS = r"\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_LINE_BREAKS = re.compile(rf"\r\n|[{_ODD_BREAK_CHARS}]")
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
# Every run of spaces becomes one " ".  Only the runs that change are matched (one
# starting with an odd space, or " " followed by more): replacing each single " " of
# an article by itself made this the slowest step of cleaning.
_SPACES = re.compile(f"[{_ODD_SPACE_CHARS}][ {_ODD_SPACE_CHARS}]*| [ {_ODD_SPACE_CHARS}]+")

# Hard wrapping (a line break mid-sentence, the next line starting in lower case; the class
# is wide, each match is checked with ``str.islower``).
_WRAP_BREAK = re.compile(LAYOUT.wrap_break)
_PARAGRAPH_END = re.compile(LAYOUT.wrap_paragraph_end)

# Furniture (matched on the comparison form of a line: unified tones, case-folded).
_FURNITURE_LINES = frozenset(unify_tones(normalize_unicode(line)).casefold() for line in FURNITURE.lines)
_FURNITURE_LINE = _any_of(FURNITURE.line_patterns, re.IGNORECASE)
_FRAGMENT = _any_of(FURNITURE.fragment_patterns, re.MULTILINE)
_PREFIX = _any_of(FURNITURE.line_prefixes, re.IGNORECASE)
_SUFFIX = _any_of(FURNITURE.line_suffixes)

# Furniture lines are short; longer lines are not compared (that keeps the stage fast).
FURNITURE_MAX_CHARS = 120

# Stamps.
_CAPTURE_STAMP = re.compile(LAYOUT.capture_stamp)
# "(?<!\d)" sits after the first digit, not before it: a pattern that starts with one
# digit lets ``re`` jump from digit to digit instead of trying every character.
_STAMP_DATE = re.compile(r"\d(?<!\d\d)(?:\d?[/.-]\d{1,2}[/.-]\d{4}|\d{3}-\d{1,2}-\d{1,2})(?!\d)")
_STAMP_REST = re.compile(
    r"(?<!\d)(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{1,2}-\d{1,2}(?:T[\d:.+Z-]*)?|\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}h\d{0,2})(?!\d)"
    r"|" + LAYOUT.stamp_counters + r"|(?:" + "|".join(LAYOUT.stamp_words) + r")(?!\w)"
    r"|(?:" + "|".join(LAYOUT.stamp_glued_words) + r")"
)
_PUBLISH_WORDS = re.compile(LAYOUT.publish_words)
_PUNCT_ONLY = re.compile(r"^[\W_]*$")

# Title, captions, byline.
_SENTENCE_END = re.compile(LAYOUT.sentence_end)
_LEAD = _any_of(LAYOUT.lead_patterns)
_CAPTION_CUE = _any_of(LAYOUT.caption_patterns)
_CAPTION_SCENE = _any_of(LAYOUT.caption_scene_patterns)
_CAPTION_FINAL = re.compile(LAYOUT.caption_final_clause)
_CAPTION_PERIOD_START = re.compile(LAYOUT.caption_period_starts)
_NARRATIVE = re.compile(LAYOUT.narrative_words)
_CAPTION_DIGITS = re.compile(LAYOUT.caption_digits)
# A term of office ("nhiệm kỳ 2025-2030") names the body, as in a caption, not a figure.
_CAPTION_TERM = re.compile(LAYOUT.caption_term)
_CAPTION_MAX_CHARS = max(LAYOUT.caption_max_chars, LAYOUT.caption_max_chars_with_period)
_CAPTION_SUBJECT = re.compile(LAYOUT.caption_subjects)
_CAPTION_VERB = re.compile(LAYOUT.caption_scene_verbs)
_REPORTING = re.compile(LAYOUT.caption_reporting_words)
_INNER_SENTENCE = re.compile(LAYOUT.caption_inner_sentence)
# An image in a table cell ("![](...) |") with its caption in the next cell, on the
# same line or the next one: group 1 is the image alone.
_IMAGE_CELL_CAPTION = re.compile(LAYOUT.caption_image_cell)
_PORTRAIT = re.compile(LAYOUT.portrait_name)
_PORTRAIT_WORDS = frozenset(unify_tones(word).casefold() for word in LAYOUT.portrait_title_words)
_GLUED = re.compile(LAYOUT.glued_sentence)
_TITLE_OPENERS = "\"“‘'([«"
_TITLE_FORBIDDEN = re.compile(LAYOUT.title_forbidden)
# a line of units only ("QUẬN 5 - THÀNH PHỐ HỒ CHÍ MINH", "PHƯỜNG NGHĨA TÂN"): a masthead, never a
# headline; each unit word, then a name of at most four words
_UNITS_LINE = re.compile(
    rf"^(?i:(?:(?:{'|'.join(map(re.escape, LAYOUT.unit_words))})\s+[^\W_][\w.]*(?:\s+[^\W_][\w.]*){{0,3}})"
    r"(?:\s*[-–,]\s*|\s*$))+$"
)
_UNIT_WORDS = frozenset(word for unit in LAYOUT.unit_words for word in unit.split())
_UNITS_LINE_WORD = re.compile(r"[^\W_][\w.]*")
_LIST_ITEM = re.compile(r"^(?:[-+•*]|\d+[.)]|\(\d+\)|[a-zđ]\))\s")
_BYLINE_PREFIX = re.compile(LAYOUT.byline_prefix)
_BYLINE_TRAIL = re.compile(r"[\s|/.]+$")
_NAME_SEPARATOR = re.compile(r"\s*(?:[-–—,&/]|\bvà\b)\s*")
_GENERIC_BYLINES = frozenset(b.casefold() for b in LAYOUT.generic_bylines)
_NOT_NAME = re.compile(r"(?:^|\s)(?:" + "|".join(map(re.escape, LAYOUT.not_name_words)) + r")(?:\s|$)", re.IGNORECASE)


@dataclass
class Layout:
    """The parts of an article found among its lines."""

    title: str | None = None
    byline: str | None = None
    body: list[str] = field(default_factory=list)
    published: dt.date | None = None


# --------------------------------------------------------------------------- public


def article_id(source: str) -> str:
    """Return the stable id of the article read from ``source`` (a path, or ``path#line``)."""
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]


def clean(raw: RawDocument) -> Article | Reject:
    """Return the cleaned article of a raw document, or a reject when no body is left.

    Reads ``raw.text`` (and its metadata title and date when the format gave them);
    the article's ``body`` excludes the title, byline, stamps, furniture and captions.
    """
    text, captured = split_capture_stamp(tidy_text(raw.text))
    layout = read_layout(content_lines(unwrap(text)), tidy_line(raw.title or ""))
    if not layout.body:
        return Reject(raw.source, STAGE, "empty", "no article text left after cleaning")
    return Article(
        article_id=article_id(raw.source),
        source=raw.source,
        title=layout.title,
        byline=layout.byline,
        body="\n".join(layout.body),
        content_sha256=hashlib.sha256(raw.text.encode("utf-8", errors="surrogatepass")).hexdigest(),
        published=raw.published or layout.published or captured,
        url=raw.url,
    )


# --------------------------------------------------------------------------- text


def tidy_text(text: str) -> str:
    """Return ``text`` in NFC with "Đ" restored, one kind of line break, no invisible
    characters and runs of spaces folded; tone placement is kept as written."""
    text = normalize_unicode(text)
    if not _is_tidy(text):
        text = _SPACES.sub(" ", _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text)))
    return "\n".join([line.strip() for line in text.split("\n")])


def _is_tidy(text: str) -> bool:
    """Return whether ``text`` has no character that tidying changes, nor a double space.

    Most texts have none and skip the three passes of tidying.  Every odd break, odd
    space and invisible character is unprintable, so one ``isprintable`` pass (in C,
    twice as fast as a regex scan) clears a text; a text it does not clear, for another
    unprintable character, only takes the passes, which leave it as it is.
    """
    return "  " not in text and text.replace("\n", " ").isprintable()


def tidy_line(line: str) -> str:
    """Return one line tidied like ``tidy_text`` does, on a single line."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", normalize_unicode(line)).replace("\n", " ")).strip()


def unwrap(text: str) -> str:
    """Return tidy ``text`` with its hard-wrapped paragraphs joined back, one per line.

    Some sites serve text broken at a fixed width ("... có đồng chí Nguyễn\nKim Đức, Ủy
    viên ..."), which splits names and sentences and makes the pieces look like captions.
    A text is hard-wrapped when at least ``wrap_min_breaks`` of its lines end mid-sentence
    with the next starting in lower case (few texts have even one).  Then a line that ends
    no sentence is joined to the next when the next starts in lower case, or when the line
    is about as long as the wrapped ones (the next word would not have fitted, or the line
    fills ``wrap_min_fill`` of the width: sites wrap by pixels, not characters): the
    wrapping broke it there, not the author, whose headings and captions are shorter.
    """
    breaks = [m.start() for m in _WRAP_BREAK.finditer(text) if text[m.end()].islower()]
    if len(breaks) < LAYOUT.wrap_min_breaks:
        return text
    # the width: the middle length of the wrapped lines (a few are much shorter or longer)
    lengths = sorted(b - text.rfind("\n", 0, b) - 1 for b in breaks)
    width = lengths[len(lengths) // 2]
    lines = text.split("\n")
    joined = [lines[0]]
    for before, line in itertools.pairwise(lines):
        full = len(before) >= LAYOUT.wrap_min_fill * width or len(before) + 1 + len(line.split(" ", 1)[0]) > width
        wrapped = full or line[:1].islower()
        # a headline as wide as the text is not wrapped onto the publication stamp under it
        if before and line and wrapped and not _PARAGRAPH_END.search(before) and not _bare_stamp(line):
            joined[-1] += " " + line
        else:
            joined.append(line)
    return "\n".join(joined)


def _bare_stamp(line: str) -> bool:
    """Return whether ``line`` is a publication stamp and nothing else ("13:58 15/08/2025")."""
    stamp = stamp_of(line)
    return stamp is not None and not stamp[1]


def split_capture_stamp(text: str) -> tuple[str, dt.date | None]:
    """Return ``text`` without the crawler's leading " date 2025-08-08 " stamp, and its date.

    A stamp with only a year and month gives the first of that month.
    """
    found = _CAPTURE_STAMP.match(text)
    if not found:
        return text, None
    year, month, day = int(found[1]), int(found[2] or 1), int(found[3] or 1)
    try:
        stamp = dt.date(year, month, day)
    except ValueError:
        stamp = None
    return text[found.end() :], stamp


def content_lines(text: str) -> list[str]:
    """Return the non-empty lines of tidy ``text`` with furniture fragments and the
    captions of images in table cells cut, and site prefixes ("null ") and suffixes
    (" |") stripped."""
    lines: list[str] = []
    if "](" in text:  # rare: images are markdown ("![](...)")
        text = _IMAGE_CELL_CAPTION.sub(r"\1", text)
    has_fragments = _FRAGMENT.search(text) is not None  # rare: skip the per-line pass
    for line in text.split("\n"):
        if not line:  # the blank lines between paragraphs
            continue
        if has_fragments:
            line = _FRAGMENT.sub("", line).strip()
        line = _SUFFIX.sub("", _PREFIX.sub("", line)).strip()
        if line:
            lines.append(line)
    return lines


def _key(line: str) -> str:
    return unify_tones(line).casefold()


def is_furniture(line: str) -> bool:
    """Return whether a whole line is page furniture (a share button, widget, counter...)."""
    if len(line) > FURNITURE_MAX_CHARS:
        return False
    key = _key(line)
    return key in _FURNITURE_LINES or bool(_FURNITURE_LINE.fullmatch(key))


# --------------------------------------------------------------------------- stamps


def stamp_of(line: str) -> tuple[dt.date | None, str] | None:
    """Return (date, leftover) when ``line`` is a publication stamp, else None.

    A stamp is a short line made of a date plus stamp words, times and counters
    ("Cập nhật lúc 10:07, Thứ Năm, 05/03/2020 (GMT+7)"); ``leftover`` is what
    remains besides them (an author's name in "Hải Đô 07/11/2023 06:13").
    """
    if len(line) > LAYOUT.stamp_max_chars:
        return None
    found = _STAMP_DATE.search(line)
    if not found:
        return None
    leftover = _BYLINE_TRAIL.sub("", _STAMP_REST.sub(" ", line)).strip(" -–|,:;()")
    return parse_published(found.group()), _SPACES.sub(" ", leftover)


# --------------------------------------------------------------------------- layout


def read_layout(lines: list[str], meta_title: str = "") -> Layout:
    """Return the title, byline, body lines and stamp date found among ``lines``.

    ``meta_title`` is the page's own title (HTML or JSON metadata); when given it is
    the title and its repeats in the text are dropped.
    """
    layout = Layout()
    lines, header_byline = _drop_furniture_and_stamps(lines, layout)
    lines = _take_title(lines, meta_title, layout)
    lines, header_byline = _take_header_byline(lines, header_byline)
    lines = _drop_leading_labels(lines)
    lines = _take_end_byline(lines, layout)
    layout.byline = layout.byline or header_byline
    lines = _take_generic_signatures(lines, layout)
    layout.body = _drop_repeats(_drop_captions(lines))
    return layout


def _drop_furniture_and_stamps(lines: list[str], layout: Layout) -> tuple[list[str], str | None]:
    """Return the lines without furniture and stamps, and a byline found inside a stamp.

    Sets ``layout.published`` from the first stamp, preferring one that says it is
    the publication date ("Ngày đăng", "Cập nhật").
    """
    kept: list[str] = []
    byline: str | None = None
    dates: list[tuple[bool, dt.date]] = []
    for line in lines:
        if is_furniture(line):
            continue
        stamp = stamp_of(line)
        if stamp is None or not _is_stamp_leftover(stamp[1]):
            kept.append(line)
            continue
        if stamp[0] is not None:
            dates.append((bool(_PUBLISH_WORDS.search(line)), stamp[0]))
        byline = byline or byline_of(stamp[1])
    explicit = [d for is_publish, d in dates if is_publish]
    layout.published = (explicit or [d for _, d in dates] or [None])[0]
    return kept, byline


def _is_stamp_leftover(leftover: str) -> bool:
    """Return whether what is left of a stamp line is nothing, or only a signature."""
    return bool(_PUNCT_ONLY.match(leftover)) or byline_of(leftover) is not None


def _take_title(lines: list[str], meta_title: str, layout: Layout) -> list[str]:
    """Return the lines after the title is taken out (with its repeats), setting ``layout.title``.

    Without a metadata title, short labels ("Thời sự") and captions before the first
    line are passed over; the title is the first line that reads as a headline.
    """
    if meta_title:
        layout.title = meta_title
        return _drop_title_repeats(lines, meta_title)
    start = _header_start(lines)
    if start < len(lines) and is_title_like(lines[start]):
        layout.title = lines[start]
        before = [line for line in lines[:start] if not _is_label(line)]
        return before + _drop_title_repeats(lines[start + 1 :], lines[start])
    return lines


def _header_start(lines: list[str], limit: int = 3) -> int:
    """Return the index of the first line that is neither a short label, nor a caption, nor
    part of the site's masthead."""
    index = 0
    while index < min(limit, len(lines)):
        line = lines[index]
        if _is_masthead(lines, index):
            index += 2
        elif _is_label(line) or _has_caption_cue(line) or _is_units_line(line):
            index += 1
        else:
            return index
    return min(index, len(lines))


def _is_units_line(line: str) -> bool:
    """Return whether ``line`` only names administrative units, each name capitalised."""
    return bool(_UNITS_LINE.match(line)) and all(
        word[0].isupper() or word[0].isdigit() for word in _UNITS_LINE_WORD.findall(line)
        if word.lower() not in _UNIT_WORDS
    )


def _is_masthead(lines: list[str], index: int) -> bool:
    """Return whether ``lines[index]`` opens a site's masthead: a body's name in capitals over
    the units it belongs to ("ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM" / "QUẬN 5 - THÀNH PHỐ HỒ CHÍ MINH");
    a headline is never a list of units."""
    return index + 1 < len(lines) and lines[index].isupper() and _is_units_line(lines[index + 1])


def _drop_title_repeats(lines: list[str], title: str) -> list[str]:
    """Return ``lines`` without the repeats of ``title`` (also behind a short site prefix)."""
    title_key = _key(title)
    return [line for line in lines if not _repeats_title(line, title_key)]


def _drop_leading_labels(lines: list[str]) -> list[str]:
    """Return ``lines`` without the short labels (section names) before the first body line."""
    start = 0
    while start < len(lines) - 1 and _is_label(lines[start]):
        start += 1
    return lines[start:]


def _repeats_title(line: str, title_key: str) -> bool:
    """Return whether ``line`` is the title again, alone or behind a short site prefix."""
    if not len(title_key) <= len(line) <= len(title_key) + 40:
        return False
    line_key = _key(line)
    if line_key == title_key:
        return True
    prefix = line_key[: -len(title_key)] if line_key.endswith(title_key) else None
    return prefix is not None and len(prefix.split()) <= 3 and len(title_key) >= 20


def _is_label(line: str) -> bool:
    """Return whether ``line`` is a short heading-like label (a section name) with no sentence."""
    return (
        _word_count(line, LAYOUT.label_max_words) <= LAYOUT.label_max_words
        and not _SENTENCE_END.search(line)
        and not _LEAD.match(line)
    )


def _word_count(line: str, limit: int) -> int:
    """Return the number of words in ``line``, or ``limit + 1`` when it has more
    (a long paragraph is not split into all its words to be compared with a few)."""
    return len(line.split(maxsplit=limit))


def is_title_like(line: str) -> bool:
    """Return whether ``line`` reads as a headline: a few words, no closing full stop,
    not a dateline lead ("Sáng 22-8, ..."), not a caption, not a signature."""
    return (
        _word_count(line, LAYOUT.title_min_words) >= LAYOUT.title_min_words
        and len(line) <= LAYOUT.title_max_chars
        and not _SENTENCE_END.search(line)
        and not _LEAD.match(line)
        and not _has_caption_cue(line)
        and (line[0].isupper() or line[0].isdigit() or line[0] in _TITLE_OPENERS)
        and not _TITLE_FORBIDDEN.search(line)
        and byline_of(line) is None
    )


def _take_header_byline(lines: list[str], found: str | None) -> tuple[list[str], str | None]:
    """Return the lines without a signature found in the first lines, and that signature."""
    kept = list(lines)
    for index, line in enumerate(lines[:3]):
        name = byline_of(line)
        if name is not None and not _is_generic(name):
            found = found or name
            kept = [other for other in kept if other != line]
            break
    return kept, found


def _take_end_byline(lines: list[str], layout: Layout) -> list[str]:
    """Return the lines without the signature on the last line, setting ``layout.byline``."""
    if len(lines) < 2:
        return lines
    name = byline_of(lines[-1])
    if name is None:
        return lines
    layout.byline = name
    return lines[:-1]


def _take_generic_signatures(lines: list[str], layout: Layout) -> list[str]:
    """Return the lines without standalone generic signatures ("PV") inside the text."""
    kept: list[str] = []
    for line in lines:
        # Only a short line can sign: the others (most) skip the signature tests.
        name = _generic_signature_of(line) if len(line) <= LAYOUT.byline_max_chars else None
        if name is not None:
            layout.byline = layout.byline or name
        else:
            kept.append(line)
    return kept


def _is_generic(name: str) -> bool:
    return name.casefold() in _GENERIC_BYLINES


def _drop_repeats(lines: list[str], min_chars: int = 40) -> list[str]:
    """Return ``lines`` with later copies of a long line dropped (reprinted captions, leads)."""
    seen: set[str] = set()
    kept: list[str] = []
    for line in lines:
        if len(line) >= min_chars:
            if line in seen:
                continue
            seen.add(line)
        kept.append(line)
    return kept


# --------------------------------------------------------------------------- bylines


def byline_of(line: str) -> str | None:
    """Return the signature ``line`` holds ("K.L", "Thu Hương", "Tin, ảnh: Thế Anh" ->
    "Thế Anh", "Minh Dung - Hữu Thịnh"), or None when it is not a signature."""
    name = _signature_text(line)
    if name is None or _is_generic(name):
        return name
    if not name or not _is_names(name) or _NOT_NAME.search(name):  # the shape test is the cheaper
        return None
    return name


def _generic_signature_of(line: str) -> str | None:
    """Return the generic signature ("PV", "Ban Biên tập") ``line`` holds, else None;
    the same as ``byline_of`` when that gives a generic name, without its name tests."""
    name = _signature_text(line)
    return name if name is not None and _is_generic(name) else None


def _signature_text(line: str) -> str | None:
    """Return what could sign ``line`` once credit words ("Tin, ảnh:") and trailing
    marks are cut, or None when the line is too long or holds a digit."""
    if len(line) > LAYOUT.byline_max_chars or any(map(str.isdigit, line)):
        return None
    return _BYLINE_TRAIL.sub("", _BYLINE_PREFIX.sub("", line)).strip(" |-–—")


def _is_names(text: str) -> bool:
    """Return whether ``text`` is one or more names or initials joined by "-", ",", "và"..."""
    parts = [part for part in _NAME_SEPARATOR.split(text) if part]
    return bool(parts) and all(_is_name(part) for part in parts)


def _is_name(part: str) -> bool:
    """Return whether ``part`` is a person's name or initials (each word capitalised)."""
    tokens = part.split()
    if not 1 <= len(tokens) <= 5 or not all(_is_name_token(token) for token in tokens):
        return False
    return len(tokens) >= 2 or _is_initials(tokens[0])


def _is_name_token(token: str) -> bool:
    """Return whether ``token`` is a capitalised word or initials ("Hương", "K.L", "T.HƯƠNG")."""
    core = token.rstrip(".")
    return bool(core) and core[0].isupper() and all(ch.isalpha() or ch == "." for ch in core)


def _is_initials(token: str) -> bool:
    """Return whether ``token`` is initials ("K.L", "N.D") or a short capitals signature ("PV")."""
    core = token.rstrip(".")
    return "." in core or (core.isupper() and 2 <= len(core) <= 5)


# --------------------------------------------------------------------------- captions


def _has_caption_cue(line: str) -> bool:
    return len(line) <= LAYOUT.caption_max_chars and bool(_CAPTION_CUE.search(line))


def _drop_captions(lines: list[str]) -> list[str]:
    """Return ``lines`` without caption lines, and without the captions glued into a line
    ("Các đại biểu chào cờ.Đồng chí ... phát biểu chỉ đạo đại hội.")."""
    kept: list[str] = []
    # Glued blocks are rare (one article in five): one scan of all the lines spares
    # splitting each line.
    has_glued = _GLUED.search("\n".join(lines)) is not None
    for line in lines:
        if not is_caption(line):
            line = _without_glued_captions(line) if has_glued else line
            if line:
                kept.append(line)
    return kept


def _without_glued_captions(line: str) -> str:
    """Return ``line`` without the captions glued to it, or "" when it is all captions.

    A full stop followed by a letter with no space ("...đại hội.Các đồng chí") marks
    blocks that the page showed apart, such as the captions of a photo gallery.  Each
    caption block leaves; a run of two or more captions where nothing reads as a story
    is a gallery, and leaves whole (its other blocks are cut-off or numbered captions).
    """
    blocks = _glued_blocks(line)
    if len(blocks) < 2:
        return line
    captions = [is_caption(block) for block in blocks]
    if not any(captions):
        return line
    rest = [block for block, caption in zip(blocks, captions) if not caption]
    if sum(captions) >= 2 and not any(len(block) > _CAPTION_MAX_CHARS or _reads_as_story(block) for block in rest):
        return ""
    return " ".join(rest)


def _glued_blocks(line: str) -> list[str]:
    """Return the blocks of ``line`` split after each full stop glued to the next
    sentence (lower-case letter, stop, capital letter: not "TP.HCM", "1.025", "v.v.")."""
    blocks, start = [], 0
    for found in _GLUED.finditer(line):
        end = found.end()
        if line[end].isupper() and end >= 2 and line[end - 2].islower():
            blocks.append(line[start:end])
            start = end
    return blocks + [line[start:]] if blocks else [line]


def is_caption(line: str) -> bool:
    """Return whether ``line`` is an image caption.

    Marked captions carry a photo credit or a position in the picture ("Ảnh: Tấn
    Dũng", "(thứ 3 từ phải sang)").  Unmarked ones are short standalone lines that
    describe a scene: without a closing full stop ("Quang cảnh cuộc họp",
    "Lãnh đạo ... tặng quà cho ..."), ending on the scene itself
    ("Các đồng chí lãnh đạo tỉnh tặng hoa chúc mừng Đại hội."), one sentence of
    people doing a scene ("Đồng chí ..., Bí thư ... trình bày báo cáo"), or a
    portrait ("Ông Vũ Anh Tuấn, Bí thư phường Hiệp Bình.").
    """
    if len(line) > _CAPTION_MAX_CHARS:  # every rule below is bounded: skip their regexes
        return False
    if _has_caption_cue(line):
        return True
    # The story test is the costlier one: it runs only on lines that read as a scene.
    return (_reads_as_scene(line) or _is_portrait(line)) and not _reads_as_story(line)


def _reads_as_scene(line: str) -> bool:
    """Return whether an unmarked line describes a scene: without a closing full stop
    and naming one ("Quang cảnh ..."), or ending on it ("... tặng hoa chúc mừng Đại hội."),
    or one sentence whose subject is people doing a scene ("Lãnh đạo xã trao quà ...")."""
    if not _SENTENCE_END.search(line):
        return len(line) <= LAYOUT.caption_max_chars and bool(_CAPTION_SCENE.search(line) or _people_in_scene(line))
    return (
        line.endswith(".")
        and len(line) <= LAYOUT.caption_max_chars_with_period
        and not _CAPTION_DIGITS.search(_CAPTION_TERM.sub("", line))
        and bool(_CAPTION_PERIOD_START.search(line) or _CAPTION_FINAL.search(line) or _people_in_scene(line))
    )


def _people_in_scene(line: str) -> bool:
    """Return whether ``line`` is one sentence whose subject is people ("Đồng chí ...",
    "Các đại biểu", "Lãnh đạo ...") doing what a photo shows ("trao quà", "phát
    biểu"), not reporting what was said ("yêu cầu", "cho biết")."""
    return (
        _CAPTION_SUBJECT.match(line) is not None
        and _CAPTION_VERB.search(line) is not None
        and _INNER_SENTENCE.search(line[:-1]) is None
        and _REPORTING.search(line) is None
    )


def _is_portrait(line: str) -> bool:
    """Return whether ``line`` only names a person and their offices, as under a
    portrait ("Ông Vũ Anh Tuấn, Bí thư phường Hiệp Bình."): every lower-case word
    after the name belongs to a title, so there is no verb and no story."""
    found = _PORTRAIT.match(line) if len(line) <= LAYOUT.portrait_max_chars else None
    if found is None or not all(word[0].isupper() for word in found[1].split()):
        return False
    words = found[2].replace(",", " ").split()
    return all(word[0].isupper() or _key(word) in _PORTRAIT_WORDS for word in words)


def _reads_as_story(line: str) -> bool:
    """Return whether ``line`` is a list item, a dateline lead or narrative ("đã", "sẽ", "Tại ..., ")."""
    return bool(_LIST_ITEM.match(line) or _LEAD.match(line) or _NARRATIVE.search(line))
