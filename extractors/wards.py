"""Wards: every ward-level unit an article names, resolved against the official list.

Finding is regex-first.  One pattern finds the type words of units ("phường", "xã",
"thị trấn", "quận", "huyện", "tỉnh", "thành phố", "TP.", "P." ...); the words after
a type word are looked up in the official list (``gazetteer``), longest first, so a
ward name stops where the list says it stops ("phường Tân Định Lê Đức Thanh").
Lists after a plural head ("các phường: Lê Hồng Phong, Bồ Xuyên và Tiền Phong") give
one mention per item.

Resolving follows the gold guide: the frame is the list in force just before
1 July 2025; a unit created on that day has no district and its new province.
Which frame a name belongs to is read from the article's era (its dates, its
capture stamp, words such as "(cũ)") and from the mention itself ("xã Tân Phú cũ",
a ward named after "sáp nhập", a ward qualified by its old district).  Within a
frame, the districts and provinces the article names, and the other wards it
names (an old ward that became a ward the article names), score the candidates;
candidates that tie are reported as ambiguous, never guessed.

The primary ward is chosen as a reader would: the ward the headline names (unless it
names several), else the one where the event of the dateline sentence takes place
("Sáng 27/2, tại phường X", "Ngày 13/2, Đảng ủy xã X tổ chức") when it names one only
and no other ward is named as often, else the one named far more often than any other.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from vnextract.extractors.base import WardSpan
from vnextract.extractors.gazetteer import (
    DISTRICT_TYPES,
    PROVINCE_TYPES,
    WARD_TYPES,
    District,
    Gazetteer,
    Province,
    Ward,
    exact_key,
    load_gazetteer,
    loose_key,
    split_type,
)
from vnextract.extractors.patterns import alternation
from vnextract.pipeline.documents import SegmentedArticle
from vnextract.pipeline.text import normalize_unicode, unify_tones
from vnextract.schemas.lexicon import Lexicon, load_lexicon

_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_WORD = re.compile(r"[\w'’]+")
_CAPITALISED = re.compile(rf"[{_UPPER}0-9]")
# Items of a list are separated by a comma, a semicolon or "và", never by a line break.
_LIST_SEPARATOR = re.compile(r"[ \t]*(?:[,;][ \t]*(?:và[ \t]+)?|và[ \t]+)")
# The end of a list item: a bracket that qualifies it, then a separator.
_ITEM_END = re.compile(r"(?:[ \t]*\([^()\n]{1,60}\))?" + _LIST_SEPARATOR.pattern)
_BRACKET_AFTER = re.compile(r"[ \t]*\(")
_DECIMAL_TAIL = re.compile(r"[.,]\d")
_CLAUSE_MARK = re.compile(r"[.,;:!?()\[\]\n]")
# What ends right before a ward that others merge into ("sáp nhập vào phường X").
_MERGED_INTO = re.compile(r"(?:vào|thành)\s*$")
# "xã Đại Đồng (Đại Lộc)": a bare district in brackets right after a ward.
_BRACKETED = re.compile(r"\s*\((?=[" + _UPPER + r"])")
# A province right after a district ("huyện Đất Đỏ, tỉnh Bà Rịa - Vũng Tàu") names
# where that district is, not where the article's wards are.
_ATTACHED_GAP = re.compile(r"[\w ]{0,12}?(?:,|-|–|\()\s*")
_QUALIFIER_GAP = re.compile(r"\s*(?:\(|,|-|–)?\s*(?:thuộc\s+)?")

_END_OF_TEXT = re.compile(r"[ .…]*\Z")
_STAMP = re.compile(r"^\s*date (\d{4})-(\d{2})(?:-(\d{2}))?")
# Patterns start with a literal or a digit so that the regex engine can skip ahead fast:
# "[Nn]gày" is written "gày(?<=[Nn]gày)", the capital checked once the literal is found
# (five times faster than trying "[Nn]" at every "n" of the text).
_DAY_MONTH_YEAR = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d(?![\d/])")
_DATE_IN_WORDS = re.compile(r"gày(?<=[Nn]gày) (\d{1,2}) tháng (\d{1,2}) năm ((?:19|20)\d\d)")
_MONTH_YEAR = re.compile(r"háng(?<=[Tt]háng) (\d{1,2})(?:/| năm )((?:19|20)\d\d)(?!\d)")
_YEAR = re.compile(r"ăm(?<=[Nn]ăm) ((?:19|20)\d\d)(?![\d/-])")
_DATE_PARTS = re.compile(r"[/.-]")
# The second end of a range of dates ("(18/11/1930-18/11/2025)"): a year, then a dash.
_RANGE_END = re.compile(r"(?<!\d)(?:19|20)\d\d[ ]?-[ ]?\Z")


class WardsLexicon(Lexicon):
    """The words of ``resources/wards.json``; see that file for the values."""

    ward_types: dict[str, list[str]]
    district_types: dict[str, list[str]]
    province_types: dict[str, list[str]]
    abbreviations: dict[str, str]
    province_aliases: dict[str, str]
    bare_provinces: dict[str, str]
    not_a_type_after: list[str]
    not_a_name: list[str]
    not_after_number: list[str]
    count_words: list[str]
    numbered_places: list[str]
    list_fillers: list[str]
    list_openers: list[str]
    unit_nouns: list[str]
    higher_levels: list[str]
    former_markers: list[str]
    merger_words: list[str]
    merger_negators: list[str]
    reform_markers: list[str]
    reform_date: dt.date
    max_name_words: int
    max_unknown_words: int
    max_list_gap: int
    primary_ratio: float
    max_counted_list: int
    lead_sentences: int
    dateline_words: list[str]
    dateline_followers: list[str]
    event_place_markers: list[str]
    max_event_place_gap: int
    ward_bodies: list[str]
    ward_body_prefixes: list[str]


def _cased(words: list[str]) -> list[str]:
    """Return each word as written in running text, at a sentence start, in a headline and
    in capitals: a case-sensitive alternation is many times faster than re.IGNORECASE."""
    return [form for word in words for form in (word, word[:1].upper() + word[1:], word.title(), word.upper())]


def _from_rare_letter(words: list[str]) -> re.Pattern[str]:
    """Return a pattern that finds any of ``words`` from its first letter that is not ASCII
    ("ập từ", then "nhập từ" checked behind it); only a test of whether a text holds one.

    Vietnamese text is full of the words' first letters ("n", "h", "s"), at each of which a
    plain alternation stops to try the words; it holds few "ậ" or "ắ" (twice as fast).
    A word may start before the start of the search (a test for a prefilter only).
    """
    def from_rare(word: str) -> str:
        rare = next((i for i, char in enumerate(word) if not char.isascii()), 0)
        return re.escape(word[rare:]) + (rf"(?<={re.escape(word)})" if rare else "")
    return re.compile("|".join(from_rare(word) for word in words))


class _Rules:
    """The lexicon compiled once: patterns and look-up sets."""

    def __init__(self, lexicon: WardsLexicon) -> None:
        self.lexicon = lexicon
        self.kind_of: dict[str, tuple[str, str]] = {}  # spelling -> (level, canonical type)
        for level, table in (("province", lexicon.province_types), ("district", lexicon.district_types),
                             ("ward", lexicon.ward_types)):
            for canonical, spellings in table.items():
                for spelling in spellings:  # "thành phố" is looked up as a province first
                    self.kind_of.setdefault(spelling, (level, canonical))
        self.bare_province = re.compile(rf"(?:{alternation(list(lexicon.bare_provinces))})(?!\w)")
        fillers = alternation(lexicon.list_fillers)
        self.list_head = re.compile(rf"(?:\s*(?:{fillers})(?!\w))*\s*[:,]?\s*", re.IGNORECASE)
        self._compile_lists(lexicon)
        self._compile_lead(lexicon)
        self.former_after = re.compile(
            rf"\s*\)?\s*\(?(?:{alternation(lexicon.former_markers)})(?!\w)", re.IGNORECASE)
        # Any marker at all: most windows after a ward hold none, and a search for the bare
        # words is cheaper than trying ``former_after`` at every end of place inside them.
        self.former_word = re.compile(alternation(lexicon.former_markers), re.IGNORECASE)
        self.merger = re.compile(rf"(?:{alternation(_cased(lexicon.merger_words))})(?!\w)")
        # The bare words, which any match of ``merger`` in any part of a text contains: one
        # search tells most articles apart, which merge nothing.
        self.merger_word = _from_rare_letter(_cased(lexicon.merger_words))
        self.merger_negators = {exact_key(w) for w in lexicon.merger_negators}
        self.reform = [re.compile(marker) for marker in lexicon.reform_markers]
        self.unit = self._unit_pattern(lexicon)
        self.unit_kinds = self._unit_kinds(lexicon)
        self.not_name = {exact_key(w) for w in lexicon.not_a_name}
        self.not_after_number = {exact_key(w) for w in lexicon.not_after_number}
        self.count_words = {exact_key(w) for w in lexicon.count_words}
        self.numbered_places = {exact_key(w) for w in lexicon.numbered_places}
        self.not_type_after = {exact_key(w) for w in lexicon.not_a_type_after}
        self.abbreviation_starts = tuple(lexicon.abbreviations)
        self.aliases = {exact_key(k): v for k, v in lexicon.province_aliases.items()}
        self.name_words = _name_words(lexicon.max_name_words)

    def _compile_lists(self, lexicon: WardsLexicon) -> None:
        """Compile the patterns of the heads of lists, of the clause between a head and its
        items ("5 xã đạt chuẩn nông thôn mới gồm: A, B"), and of what may not be in it."""
        ward_words = alternation(_cased([s for spellings in lexicon.ward_types.values() for s in spellings]))
        # "các phường, xã: ...", "các xã và thị trấn ...": one list, items of either type.
        self.more_types = re.compile(rf"[ \t]*(?:[,/]|và(?!\w))[ \t]*(?P<word>{ward_words})(?!\w)")
        # A clause holds no punctuation that ends one, but the dot of an abbreviation ("UBND TP. Huế").
        dotted = alternation([a for a in lexicon.abbreviations if a.endswith(".")])
        in_clause = rf"(?:{dotted}|[^.,;:!?()\[\]\n])"
        self.dotted_abbreviation = re.compile(rf"(?:{dotted})\Z")
        self.list_opener = re.compile(
            rf"{in_clause}{{0,{lexicon.max_list_gap}}}?(?:,[ \t]*)?(?<!\w)(?:{alternation(lexicon.list_openers)})"
            rf"(?!\w)[ \t]*:?[ \t]*", re.IGNORECASE)
        # A clause naming other units ("12 phường thuộc 5 quận: ...", "các xã, gồm xã A") is
        # not a gap before the head's items.
        counts = alternation(_cased(lexicon.count_words))
        self.gap_stopper = re.compile(
            rf"(?<!\w)(?:(?:{counts}|\d+)\s+(?:{alternation(_cased(list(self.kind_of)))})"
            rf"|(?:{ward_words})\s+[{_UPPER}0-9])")
        # A head with a clause after it ("3 xã vừa được công nhận ... gồm:") escapes the
        # type-word patterns, which want a name next: such lists are found from "gồm".
        # Only the openers that hold no other ("gồm", not "bao gồm"): one literal scans fast.
        cores = [w for w in lexicon.list_openers if not any(o != w and o in w for o in lexicon.list_openers)]
        self.opener_word = re.compile(rf"(?:{alternation(cores)})(?!\w)")
        # "6 đơn vị hành chính trước đây là A, B": a count of units of no type, whose items take
        # the type the official list holds them as; not a count of units above the ward.
        self.unit_noun = re.compile(rf"(?:{alternation(lexicon.unit_nouns)})(?!\w)")
        self.higher_level = re.compile(
            rf"[ \t]+(?:{alternation(lexicon.unit_nouns)}[ \t]+)?(?:{alternation(lexicon.higher_levels)})(?!\w)")
        self.counted_head = re.compile(rf"(?<!\w)(?:{counts}|\d{{1,3}})[ \t]+(?P<word>{ward_words})(?!\w)")
        # "các xã", "27 xã", "phường, xã": a headline with such a head is about several wards.
        self.plural_head = re.compile(
            rf"(?<!\w)(?:(?:{counts}|\d{{1,3}})[ \t]+|(?:{ward_words})[ \t]*(?:[,/]|và)[ \t]*)(?:{ward_words})(?!\w)")

    def _compile_lead(self, lexicon: WardsLexicon) -> None:
        """Compile the patterns of the lead: a sentence that opens on the time of the event
        ("Sáng 27/2,", "(GLO)- Chiều 8-2,"), and what puts a ward at the event: a place
        marker a few words before it ("tại phường X", "tại xã A và xã B"), or a body of the
        ward opening a clause ("Ngày 13/2, Đảng ủy xã X tổ chức")."""
        words = alternation(_cased(lexicon.dateline_words))
        followers = alternation(lexicon.dateline_followers)
        # An outlet's tag may come first ("(GLO)- ", "BTNO - ").
        outlet = rf"(?:(?:\([^()\n]{{1,20}}\)|[{_UPPER}][\w.]{{1,15}})[ \t]*[-–—]+[ \t]*)?"
        self.dateline = re.compile(rf"[ \t]*{outlet}(?:{words})(?=[ \t,]+(?:\d|(?:{followers})(?!\w))|,)")
        # A marker starts a word: each is checked behind its own letters, which keeps the
        # pattern starting with literals (a leading look-behind makes ``re`` try every position).
        forms = _cased(lexicon.event_place_markers)
        markers = alternation(forms, tails={form: rf"(?<!\w{re.escape(form)})" for form in forms})
        self.event_place = re.compile(
            rf"(?:{markers})(?:\s+[^\s.;:!?]+){{0,{lexicon.max_event_place_gap}}}\s+\Z")
        bodies = alternation(_cased(lexicon.ward_bodies))
        prefixes = alternation(_cased(lexicon.ward_body_prefixes))
        self.ward_body = re.compile(
            rf"(?:\A|[,;:(]|[-–—][ \t]|\svà)\s*(?:(?:{prefixes})\s+)*(?:{bodies})\s+\Z")
        # What ``ward_body`` ends with, as literals first: a cheap test before the full pattern.
        self.ward_body_end = re.compile(rf"(?:{bodies})\s+\Z")
        # "phường A, phường B và phường C tổ chức": the wards joined to one at the event.
        self.coordinated = re.compile(r"\s*(?:\([^()\n]{0,60}\))?\s*(?:[,;]|và|[,;]\s*và)\s+")

    @lru_cache(maxsize=1 << 14)  # noqa: B019 - one rule set per extractor; the same words recur
    def role_after(self, before: tuple[str, ...]) -> str:
        """Return what a ward type word is after the one or two words ``before`` it: "none"
        after a word that makes it part of another ("hợp tác xã", "thị xã"), "plural head"
        after a count ("các xã", "4 xã"), else "type"."""
        previous = _previous_keys(before)
        if previous & self.not_type_after:
            return "none"
        if previous & self.count_words or _counted(before, self.numbered_places):
            return "plural head"
        return "type"

    def names_several(self, title: str, mentions: list[_WardMention]) -> bool:
        """Return whether a headline is about several wards: it has a plural head ("các xã",
        "phường, xã") or joins two wards ("Đảng bộ xã A và phường B tổ chức đại hội")."""
        if self.plural_head.search(title):
            return True
        return any(exact_key(a.name) != exact_key(b.name) and self.coordinated.fullmatch(title, a.end, b.start)
                   for a, b in pairwise(sorted(mentions, key=lambda m: m.start)))

    def at_event(self, text: str, mention_start: int, sentence_start: int) -> bool:
        """Return whether the ward named at ``mention_start`` is where the event of the
        sentence takes place, or the body that holds it."""
        start = max(sentence_start, mention_start - 160)
        before = text[start:mention_start]
        if self.event_place.search(before):
            return True
        body = self.ward_body.search(before) if self.ward_body_end.search(before) else None
        # A window cut short of the sentence start holds no clause start at its first character.
        return body is not None and (body.start() > 0 or start == sentence_start)

    def _unit_pattern(self, lexicon: WardsLexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """Return the patterns of the type words and of the abbreviations, each followed by
        what may start a name, so that "xã hội" or "phường giữ vững" never stops the scan.

        Two plain alternations of literals: the engine skips ahead fast to their first
        letters, which it cannot do for one pattern of two alternatives (and one trie
        with a lookahead at each word compiles ten times slower).
        """
        may_follow = rf"[ \u00a0]?(?:[{_UPPER}0-9:,]|{alternation(_cased(lexicon.list_fillers))})"
        words = alternation(_cased(list(self.kind_of)))
        abbreviations = alternation(list(lexicon.abbreviations))
        return (re.compile(rf"(?:{words})(?!\w)(?={may_follow})"),
                re.compile(rf"(?:{abbreviations})(?=[ ]?[{_UPPER}0-9])"))

    def _unit_kinds(self, lexicon: WardsLexicon) -> dict[str, tuple[str, str, bool]]:
        """Return the (level, canonical type, is an abbreviation) of each form ``unit`` matches."""
        kinds = {form: (*self.kind_of[form.lower()], False) for form in _cased(list(self.kind_of))}
        for abbreviation, unit_type in lexicon.abbreviations.items():
            level = "ward" if unit_type in lexicon.ward_types else \
                "province" if unit_type in lexicon.province_types else "district"
            kinds[abbreviation] = (level, unit_type, True)
        return kinds


@dataclass(slots=True)
class _WardMention:
    """A ward named once; ``former``: named as a unit that no longer exists."""

    start: int
    end: int
    unit_type: str
    name: str
    units: tuple[Ward, ...]
    in_title: bool = False
    list_item: bool = False
    former: bool = False
    types: tuple[str, ...] = ()  # the types a list item may have, if its head names several
    list_size: int = 1  # the number of units of the enumeration the mention is part of
    qualified: bool = False
    sentence: tuple[bool, int, int] = (False, 0, 0)


@dataclass(slots=True)  # not frozen: built for every place named, frozen init costs twice as much
class _PlaceMention:
    """A district or province named in the text; ``units`` is empty when the list lacks it."""

    start: int
    end: int
    level: str
    units: tuple
    sentence: tuple[bool, int, int]
    attached_to: int | None = None  # start of the district a province qualifies


@dataclass(slots=True)
class _Found:
    wards: list[_WardMention] = field(default_factory=list)
    places: list[_PlaceMention] = field(default_factory=list)


class _Scanner:
    """Finds ward, district and province mentions in one text (a body or a title)."""

    def __init__(self, rules: _Rules, gazetteer: Gazetteer) -> None:
        self.rules = rules
        self.gazetteer = gazetteer

    def scan(self, text: str, sentence_of: Callable[[int], tuple[bool, int, int]], in_title: bool) -> _Found:
        """Return the mentions in ``text``, with the former/qualified marks set."""
        found = _Found()
        for match in _unit_matches(text, self.rules.unit):
            self._add_match(text, match, sentence_of, found)
        clause_items = self._clause_lists(text) + self._unit_noun_lists(text)
        found.wards = _distinct(found.wards + clause_items if clause_items else found.wards)
        for match in self.rules.bare_province.finditer(text):
            if _inside_word(text, match.start()):
                continue
            units = self._provinces(self.rules.lexicon.bare_provinces[match.group()])
            found.places.append(_PlaceMention(match.start(), match.end(), "province", units,
                                              sentence_of(match.start())))
        found.places.extend(self._bracketed_districts(text, found.wards, sentence_of))
        found.places = _with_attachments(text, sorted(found.places, key=lambda p: p.start))
        for mention in found.wards:
            mention.in_title = in_title
            mention.sentence = sentence_of(mention.start)
        self._mark_former(text, found)
        return found

    def _bracketed_districts(self, text: str, wards: list[_WardMention], sentence_of) -> list[_PlaceMention]:
        """Return the districts named bare in brackets after a ward ("xã Đại Đồng (Đại Lộc)")."""
        places: list[_PlaceMention] = []
        if "(" not in text:
            return places  # most texts hold no bracket
        for mention in wards:
            bracket = _BRACKETED.match(text, mention.end)
            place = self._place(text, bracket.end(), "district", "") if bracket else None
            if place is not None and place[2]:
                places.append(_PlaceMention(bracket.end(), place[0], "district", place[2],
                                            sentence_of(bracket.end())))
        return places

    def _add_match(self, text: str, match: re.Match[str], sentence_of, found: _Found) -> None:
        level, unit_type, abbreviated = self.rules.unit_kinds[match.group()]
        if level == "ward":
            found.wards.extend(self._ward_mentions(text, match, unit_type, strict=abbreviated))
            return
        place = self._place(text, match.end(), level, unit_type)
        if place is not None:
            end, place_level, units = place
            found.places.append(_PlaceMention(match.start(), end, place_level, units, sentence_of(match.start())))

    # --- wards -------------------------------------------------------------

    def _ward_mentions(self, text: str, match: re.Match[str], unit_type: str, strict: bool) -> list[_WardMention]:
        """Return the ward(s) a ward type word introduces: none, one, or a list's items;
        ``strict``: the name must be in the list (after an abbreviation)."""
        role = self.rules.role_after(tuple(_words_before(text, match.start())))
        if role == "none":
            return []
        if role == "plural head":
            return self._list_items(text, match.end(), unit_type)
        named = self._ward_name(text, match.end(), strict=strict)
        if named is None:
            return []
        _, end, name, units = named
        first = _WardMention(match.start(), end, unit_type, name, units)
        if not units and _END_OF_TEXT.match(text, end):
            return []  # a name the list lacks, cut off by the end of the text ("phường Long P")
        if _ITEM_END.match(text, end) is None:
            return [first]  # the usual case: nothing listed after the ward
        return [first, *self._continuation(text, first)]

    def _continuation(self, text: str, first: _WardMention) -> list[_WardMention]:
        """Return the wards named after ``first`` without a type word of their own: the
        second of "xã Phước Sơn và Phước Vinh" (a unit of the same type), and the items of
        "phường Phúc Đồng, Gia Thụy, Bồ Đề" (units of that type in the same district, or
        of the same new province, that do not name the district or province itself)."""
        items: list[_WardMention] = []
        end = first.end
        while (cursor := _item_after(text, end)) is not None:
            named = self._item_name(text, cursor)
            units = tuple(u for u in named[3] if u.unit_type == first.unit_type) if named else ()
            joined = not items and text[end:cursor].strip() == "và" and not _BRACKET_AFTER.match(text, end) \
                and _near(first.units, units)
            if not units or not (joined or self._continues(first, named[2], units)):
                return items
            items.append(_WardMention(named[0], named[1], first.unit_type, named[2], named[3]))
            end = named[1]
        if items:
            _sized([first, *items])
        return items

    def _continues(self, first: _WardMention, name: str, units: tuple[Ward, ...]) -> bool:
        """Return whether ``units`` share the district (old units) or the province (new
        units) of ``first``, and ``name`` is not the name of that district or province."""
        own = [u for u in first.units if u.unit_type == first.unit_type]
        if exact_key(name) in {key for u in own for key in _place_keys(u)}:
            return False  # "phường Hàng Bột, Đống Đa": the district, not a second ward
        return any((u.frame, u.district, u.province) == (v.frame, v.district, v.province)
                   for u in own for v in units)

    def _item_name(self, text: str, pos: int) -> tuple[int, int, str, tuple[Ward, ...]] | None:
        """Return the ward name the list holds at ``pos``, unless a type word starts it
        ("Quận 1", "TP Thủ Đức"): that names a place of its own."""
        word = _WORD.match(text, pos + (text[pos : pos + 1] in " \u00a0"))
        if word is None or word.group().lower() in self.rules.kind_of or \
                text.startswith(self.rules.abbreviation_starts, word.start()):
            return None
        return self._ward_name(text, pos, strict=True)

    def _ward_name(self, text: str, pos: int, strict: bool) -> tuple[int, int, str, tuple[Ward, ...]] | None:
        """Return (start, end, name, official units) of the ward name at ``pos``, or None.

        The longest run of words the list knows wins; a name the list lacks is kept
        only when capitalised and not ``strict`` (abbreviations, capitals-only text).
        """
        run = self.rules.name_words.match(text, pos)
        if run is None or self._is_count(text, run.span(1)):
            return None
        # The longest name first.  Not cached by run: runs seldom recur (the words after a
        # name differ), names do, and the gazetteer caches its look-ups by name.
        start = run.start(1)
        for word in range(run.lastindex, 0, -1):
            name = text[start : run.end(word)]
            units = self.gazetteer.wards(name)
            if units:
                return start, run.end(word), name, units
        return None if strict else self._unknown_name(text, _words_of(run))

    def _unknown_name(self, text: str, words: list[tuple[int, int]]) -> tuple[int, int, str, tuple] | None:
        """Return a capitalised name the list lacks; None if it may run into a person's
        name ("phường Vũ Đình Trung": more capitalised words than a ward name has)."""
        capitalised = []
        for start, end in words:
            if not _CAPITALISED.match(text, start) or text[start:end].lower() in self.rules.kind_of:
                break
            capitalised.append((start, end))
        if not capitalised or len(capitalised) > self.rules.lexicon.max_unknown_words:
            return None
        if text[capitalised[0][0] : capitalised[-1][1]].isupper():
            return None  # a capitals-only headline gives no word boundary to trust
        first_two = text[capitalised[0][0] : capitalised[-1][1]]
        if {exact_key(text[slice(*capitalised[0])]), exact_key(first_two)} & self.rules.not_name:
            return None
        return capitalised[0][0], capitalised[-1][1], first_two, ()

    def _is_count(self, text: str, first_word: tuple[int, int]) -> bool:
        """Return whether a number after the type word counts something ("phường 3 năm liền")."""
        start, end = first_word
        if not text[start:end].isdigit():
            return False
        if _DECIMAL_TAIL.match(text, end):
            return True  # "phường 97.866 người": a number, not a ward
        if text[end : end + 2].strip().startswith("%"):
            return True
        following = text[end : end + 24].split()[:2]
        if not following or not following[0][0].isalpha():
            return False
        return bool({exact_key(following[0]), exact_key("".join(following))} & self.rules.not_after_number)

    def _list_items(self, text: str, pos: int, unit_type: str | None) -> list[_WardMention]:
        """Return the items of a list after a plural head ("các phường: A, B và C"); a head
        of no type (``unit_type`` None: "6 đơn vị hành chính: A, B") admits every ward type.

        Items are units the official list holds, all in one province; the list ends at
        the first word that is not.  A capitalised name the list lacks (or holds only in
        another province) is an item only between two it holds ("3 xã: An Ngãi, An Nhứt
        và Tam Phước", the first two merged before 2025); its units come from the text.
        """
        cursor, types, former = self._list_head(text, pos, unit_type)
        items: list[_WardMention] = []
        pending: list[_WardMention] = []  # unknown names, kept once a known item follows
        provinces: set[str] = set()  # the old and new provinces of the first known item
        while cursor is not None:
            named = self._item_name(text, cursor)
            if named is not None and (not provinces or _in_provinces(named[3], provinces)):
                provinces = provinces or {p for u in named[3] for p in (u.province, u.new_province)}
                items += [*pending, _list_item(named, types, former)]
                pending = []
            else:
                named = (*named[:3], ()) if named is not None else self._unknown_item(text, cursor)
                if named is None:
                    break
                pending.append(_list_item(named, types, former))
            cursor = _item_after(text, named[1])
        return _sized(_typed_unknowns(items) if unit_type is None else items)

    def _clause_lists(self, text: str) -> list[_WardMention]:
        """Return the items of the lists whose plural head is a clause before "gồm"
        ("3 xã vừa được công nhận đạt chuẩn nông thôn mới nâng cao gồm: A, B và C")."""
        items: list[_WardMention] = []
        for opener in self.rules.opener_word.finditer(text):
            if _inside_word(text, opener.start()):
                continue
            window_start = max(0, opener.start() - self.rules.lexicon.max_list_gap)
            clause_end = opener.start() - 2 if text[opener.start() - 2 : opener.start()] == ", " else opener.start()
            clause_start = self._clause_start(text, window_start, clause_end)
            heads = list(self.rules.counted_head.finditer(text, clause_start, clause_end))
            if heads:
                unit_type = self.rules.kind_of[heads[-1].group("word").lower()][1]
                items += self._list_items(text, heads[-1].end(), unit_type)
        return items

    def _unit_noun_lists(self, text: str) -> list[_WardMention]:
        """Return the items of the lists after a count of units of no type ("6 đơn vị hành
        chính trước đây là A, B", "4 đơn vị thuộc huyện X cũ gồm: A, B")."""
        items: list[_WardMention] = []
        for noun in self.rules.unit_noun.finditer(text):
            if _inside_word(text, noun.start()) or self.rules.higher_level.match(text, noun.end()):
                continue
            if self.rules.role_after(tuple(_words_before(text, noun.start()))) == "plural head":
                items += self._list_items(text, noun.end(), None)
        return items

    def _clause_start(self, text: str, start: int, end: int) -> int:
        """Return where the clause that ends at ``end`` starts, at ``start`` at the earliest:
        after the last punctuation mark that is not the dot of an abbreviation ("TP.")."""
        clause_start = start
        for mark in _CLAUSE_MARK.finditer(text, start, end):
            if mark.group() != "." or not self.rules.dotted_abbreviation.search(text, max(0, mark.start() - 3),
                                                                               mark.end()):
                clause_start = mark.end()
        return clause_start

    def _list_head(self, text: str, pos: int, unit_type: str | None) -> tuple[int, tuple[str, ...], bool]:
        """Return where the items after a plural head start, the types they may have
        ("các phường, xã: ..."), and whether the head calls them former units.

        The items follow the head, its fillers ("các phường cũ gồm:"), or a clause that
        ends with "gồm" ("5 xã đạt chuẩn nông thôn mới nâng cao gồm: ...").
        """
        types = [unit_type] if unit_type else list(self.rules.lexicon.ward_types)
        cursor = pos
        while (more := self.rules.more_types.match(text, cursor)) is not None:
            types.append(self.rules.kind_of[more.group("word").lower()][1])
            cursor = more.end()
        end = self.rules.list_head.match(text, cursor).end()
        if not _CAPITALISED.match(text, end):
            opener = self.rules.list_opener.match(text, end)
            if opener is not None and not self.rules.gap_stopper.search(text, end, opener.end()):
                end = opener.end()
        former = bool(self.rules.former_after.search(text[pos:end] + " "))
        return end, tuple(dict.fromkeys(types)), former

    def _unknown_item(self, text: str, pos: int) -> tuple[int, int, str, tuple] | None:
        """Return a capitalised list item the official list lacks, not a number."""
        run = self.rules.name_words.match(text, pos)
        if run is None or not text[run.start(1)].isalpha():
            return None
        return self._unknown_name(text, _words_of(run))

    # --- districts and provinces -------------------------------------------

    def _place(self, text: str, pos: int, level: str, unit_type: str) -> tuple[int, str, tuple] | None:
        """Return (end, level, units) of the district or province named at ``pos``."""
        run = self.rules.name_words.match(text, pos)
        if run is None:
            return None
        start = run.start(1)
        for word in range(run.lastindex, 0, -1):  # the longest name first; not cached by run (see _ward_name)
            found = self._place_units(text[start : run.end(word)], level, unit_type)
            if found:
                return run.end(word), found[0], found[1]
        # An unknown district still tells which province a following province names.
        return (run.end(1), "district", ()) if level == "district" else None

    def _place_units(self, name: str, level: str, unit_type: str) -> tuple[str, tuple] | None:
        if level == "province":
            provinces = self._provinces(name)
            if unit_type != "Thành phố":
                return ("province", provinces) if provinces else None
            cities = tuple(p for p in provinces if p.unit_type == "Thành phố")
            if cities:
                return "province", cities
        districts = self.gazetteer.districts(name)
        return ("district", districts) if districts else None

    def _provinces(self, name: str) -> tuple[Province, ...]:
        return self.gazetteer.provinces(self.rules.aliases.get(exact_key(name), name))

    # --- former units --------------------------------------------------------

    def _mark_former(self, text: str, found: _Found) -> None:
        """Mark mentions of units that no longer exist, and mentions qualified by a district."""
        if not found.wards:
            return
        district_starts = {p.start for p in found.places if p.level == "district"}
        mergers = self._merger_starts(text, found.wards)
        following = [w.start for w in found.wards[1:]] + [len(text)]
        for mention, next_start in zip(found.wards, following):
            _, sentence_start, sentence_end = mention.sentence
            window_end = min(next_start, sentence_end)
            if mergers:  # most texts merge nothing
                window_end = min([window_end, *(m for m in mergers if m >= mention.end)])
                if any(sentence_start <= m < mention.start for m in mergers) and \
                        not _merger_target(text, mention.start):
                    mention.former = True
            if self._former_after(text, mention.end, window_end, found.places):
                mention.former = True
            if district_starts:  # most articles name no district next to a ward
                mention.qualified = _QUALIFIER_GAP.match(text, mention.end).end() in district_starts

    def _merger_starts(self, text: str, wards: list[_WardMention]) -> list[int]:
        """Return where a merger word ("sáp nhập") starts in the sentences naming ``wards``:
        only there can it mark a ward as former (``sau khi sáp nhập`` does not)."""
        spans = _merged_spans(sorted({m.sentence[1:] for m in wards}))
        if not self.rules.merger_word.search(text, spans[0][0], spans[-1][1]):
            return []
        starts = []
        for start, end in spans:
            starts += [m.start() for m in self.rules.merger.finditer(text, start, end)
                       if not _previous_words(text, m.start()) & self.rules.merger_negators]
        return starts

    def _former_after(self, text: str, start: int, end: int, places: list[_PlaceMention]) -> bool:
        """Return whether "cũ" or "trước đây" follows the ward, or a place that qualifies it
        ("xã Tân Phú cũ", "xã Phú An (thành phố Bến Cát cũ)")."""
        if not self.rules.former_word.search(text, start, end):
            return False
        ends = [start] + [p.end for p in places if start <= p.start and p.end <= end]
        return any(self.rules.former_after.match(text, e, end) for e in ends)


def _merged_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return sorted ``(start, end)`` spans with the overlapping ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _distinct(mentions: list[_WardMention]) -> list[_WardMention]:
    """Return the mentions in text order, one per start: a list of two heads
    ("các phường và xã Thành Sen, ...") is read from each."""
    if all(a.start < b.start for a, b in pairwise(mentions)):
        return mentions  # the usual case
    distinct: dict[int, _WardMention] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        distinct.setdefault(mention.start, mention)
    return list(distinct.values())


def _sized(items: list[_WardMention]) -> list[_WardMention]:
    """Return the items of one enumeration, each told how many units it has."""
    for item in items:
        item.list_size = len(items)
    return items


def _item_after(text: str, end: int) -> int | None:
    """Return where the next item of a list starts after an item ending at ``end``
    (past a comma, a semicolon or "và", and a bracket such as "(quận Đống Đa cũ)")."""
    separator = _ITEM_END.match(text, end)
    return separator.end() if separator else None


def _list_item(named: tuple[int, int, str, tuple[Ward, ...]], types: tuple[str, ...], former: bool) -> _WardMention:
    """Return the mention of a list item; its type is the one of the head's types the
    list holds it as, if only one ("các phường, xã: Thành Sen, Thạch Hà")."""
    start, end, name, units = named
    held = [t for t in types if any(u.unit_type == t for u in units)]
    unit_type = held[0] if len(held) == 1 else types[0]
    return _WardMention(start, end, unit_type, name, units, list_item=True, former=former,
                        types=types if len(types) > 1 else ())


def _typed_unknowns(items: list[_WardMention]) -> list[_WardMention]:
    """Return the items of a list of no type, each the official list lacks given the type
    most of the items it holds have ("6 đơn vị: A, B, C" of which B merged before 2025)."""
    known = [item.unit_type for item in items if item.units]
    if known and len(known) < len(items):
        usual = max(set(known), key=known.count)
        for item in items:
            if not item.units:
                item.unit_type = usual
    return items


def _near(units: tuple[Ward, ...], others: tuple[Ward, ...]) -> bool:
    """Return whether some of ``others`` is in a province (old or new) of ``units``, or
    ``units`` is empty (a name the list lacks tells no province): "xã Phước Sơn và Phước
    Vinh" joins two units of one district, "xã Tân Quang và Lai Hòa" no unit of another
    province."""
    return not units or _in_provinces(others, {p for u in units for p in (u.province, u.new_province)})


def _in_provinces(units: tuple[Ward, ...], provinces: set[str]) -> bool:
    """Return whether one of ``units`` is in one of ``provinces`` (old or new)."""
    return any(u.province in provinces or u.new_province in provinces for u in units)


@lru_cache(maxsize=1 << 14)
def _place_keys(unit: Ward) -> tuple[str, ...]:
    """Return the keys of the names of the district and province that hold ``unit``."""
    province = exact_key(split_type(unit.province, PROVINCE_TYPES)[1])
    return (_district_key(unit.district), province) if unit.district else (province,)


def _unit_matches(text: str, patterns: tuple[re.Pattern[str], ...]) -> list[re.Match[str]]:
    """Return the matches of the type-word patterns that start a word, in text order."""
    found = [[m for m in pattern.finditer(text) if not _inside_word(text, m.start())] for pattern in patterns]
    if sum(map(bool, found)) == 1:  # the usual case: no abbreviation, nothing to interleave
        return next(matches for matches in found if matches)
    return sorted((m for matches in found for m in matches), key=lambda m: m.start())


def _inside_word(text: str, start: int) -> bool:
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] == ".")


def _merger_target(text: str, start: int) -> bool:
    """Return whether the ward at ``start`` is what others merge into ("sáp nhập vào phường X")."""
    return _MERGED_INTO.search(text, max(0, start - 8), start) is not None


def _counted(before: Sequence[str], numbered_places: set[str]) -> bool:
    """Return whether the number of the words ``before`` a type word counts the units
    ("4 xã"), not numbers a place ("khu phố 6 phường")."""
    if not before or not before[-1].isdigit() or len(before[-1]) > 3:
        return False
    return len(before) == 1 or exact_key(before[0]) not in numbered_places


def _words_before(text: str, start: int) -> list[str]:
    """Return the one or two words right before ``start`` (within 24 characters)."""
    return text[max(0, start - 24) : start].split()[-2:]


def _previous_keys(before: Sequence[str]) -> set[str]:
    """Return the keys of the last word and of the last two words of ``before``; none if
    they end on punctuation."""
    if not before or not before[-1][-1].isalnum():
        return set()
    return {exact_key(before[-1]), exact_key("".join(before))}


def _previous_words(text: str, start: int) -> set[str]:
    """Return the keys of the one and two words right before ``start`` (none after punctuation)."""
    return _previous_keys(_words_before(text, start))


def _name_words(limit: int) -> re.Pattern[str]:
    """Return the pattern of the words of a name: the first a capital or a number ("Phường
    9") after at most one space, each next joined to it by a space or a hyphen; one group
    per word, up to ``limit`` words (the groups nest: a word is there only if the one
    before it is)."""
    more = ""
    for _ in range(limit - 1):
        more = rf"(?:(?:[ \u00a0]|-| [-–] )([\w'’]+){more})?"
    return re.compile(rf"[ \u00a0]?([{_UPPER}0-9][\w'’]*){more}")


def _words_of(run: re.Match[str]) -> list[tuple[int, int]]:
    """Return the (start, end) of each word of a match of ``_name_words``."""
    return [run.span(group) for group in range(1, run.lastindex + 1)]


def _with_attachments(text: str, places: list[_PlaceMention]) -> list[_PlaceMention]:
    """Return the places, each province right after a district marked as qualifying it."""
    result: list[_PlaceMention] = []
    for place in places:
        previous = result[-1] if result else None
        if (place.level == "province" and previous is not None and previous.level == "district"
                and _ATTACHED_GAP.fullmatch(text, previous.end, place.start)):
            place = _PlaceMention(place.start, place.end, place.level, place.units, place.sentence,
                                  attached_to=previous.start)
        result.append(place)
    return result


# --- the article's era ---------------------------------------------------------


def _dates(text: str) -> list[dt.date]:
    """Return the full calendar dates (day or month, with a year) written in ``text``."""
    found: list[dt.date] = []
    for match in _DAY_MONTH_YEAR.finditer(text):
        if match.start() == 0 or text[match.start() - 1] not in "0123456789/.-" \
                or _RANGE_END.search(text, max(0, match.start() - 7), match.start()):
            day, month, year = _DATE_PARTS.split(match.group())
            found.extend(_valid_date(int(year), int(month), int(day)))
    for day, month, year in _DATE_IN_WORDS.findall(text):
        found.extend(_valid_date(int(year), int(month), int(day)))
    for month, year in _MONTH_YEAR.findall(text):
        found.extend(_valid_date(int(year), int(month), 1))
    return found


def _valid_date(year: int, month: int, day: int) -> list[dt.date]:
    try:
        return [dt.date(year, month, day)]
    except ValueError:  # "31/2/2023" or a score such as "12/15/2020": not a date
        return []


def _stamp_date(text: str) -> dt.date | None:
    """Return the date of a leading capture stamp (" date 2025-08-08 "), if any."""
    stamp = _STAMP.match(text)
    if stamp is None:
        return None
    year, month, day = stamp.groups()
    dates = _valid_date(int(year), int(month), int(day or 1))
    return dates[0] if dates else None


def article_era(doc: SegmentedArticle, rules: _Rules, names_former_unit: bool = False) -> str:
    """Return "post" if the article was written after the reorganisation, "pre" if
    before, "unknown" if it does not tell.  Read: the publication date or capture
    stamp, else the dates and reform words ("(cũ)", "chính quyền 2 cấp") of the text;
    ``names_former_unit``: the text names a unit followed by "cũ" ("quận 1 cũ")."""
    cutoff = rules.lexicon.reform_date
    stamp = doc.article.published or _stamp_date(doc.match_text)
    if stamp is not None:
        return "post" if stamp >= cutoff else "pre"
    text = doc.match_text + "\n" + unify_tones(doc.article.title or "")
    if names_former_unit or any(m.search(text) for m in rules.reform):
        return "post"  # decided before the dates, the dearest part to read
    dates = _dates(text)
    if any(d >= cutoff for d in dates):
        return "post"
    if dates:
        return "pre"
    years = [int(y) for y in _YEAR.findall(text)]
    return "pre" if years and max(years) < cutoff.year else "unknown"


# --- resolution ---------------------------------------------------------------


@dataclass(slots=True)
class _Group:
    """The mentions of one ward name, and what it resolved to."""

    unit_type: str
    key: str
    mentions: list[_WardMention]
    resolution: _Resolution | None = None

    @property
    def plain(self) -> bool:
        """True if some mention names the ward as a unit of its own time."""
        return any(not (m.former or m.qualified) for m in self.mentions)

    @property
    def types(self) -> set[str]:
        """The types the ward may have: its own, or any its list heads name."""
        return {self.unit_type, *(t for m in self.mentions for t in m.types)}

    @property
    def current(self) -> bool:
        """True if some mention is not of a former unit (it may still be primary)."""
        return any(not m.former for m in self.mentions)

    @property
    def body_mentions(self) -> list[_WardMention]:
        return [m for m in self.mentions if not m.in_title]


@dataclass(frozen=True, slots=True)
class _Resolution:
    name: str
    district: str | None
    province: str | None
    status: str
    n_candidates: int
    new_ward: str | None = None
    new_province: str | None = None
    change: str | None = None


@dataclass(slots=True)
class _Context:
    """What the article says about where its wards are."""

    read_era: Callable[[], str]  # only a ward that both frames hold needs the era: read on demand
    districts: list[_PlaceMention]
    provinces: set[str]
    new_provinces: set[str]
    district_sentences: dict[tuple[str, str], set[tuple]]  # (district key, province) -> sentences
    names: dict[str, set[int]]  # ward name key -> groups naming it
    groups: list[_Group]
    _era: str | None = None
    _successors: dict[tuple[str, str], set[int]] | None = None

    @property
    def era(self) -> str:
        """The article's era ("pre", "post" or "unknown"), read on first use."""
        if self._era is None:
            self._era = self.read_era()
        return self._era

    @property
    def successors(self) -> dict[tuple[str, str], set[int]]:
        """The groups by (key, new province) of each new ward their old units became; built
        on first use: only a candidate of the new list needs it."""
        if self._successors is None:
            self._successors = defaultdict(set)
            for index, group in enumerate(self.groups):
                for unit in group.mentions[0].units:
                    if unit.frame == "old":
                        for new_ward in unit.new_wards:
                            self._successors[(_name_key(new_ward), unit.new_province)].add(index)
        return self._successors


@lru_cache(maxsize=1 << 14)
def _name_key(full_name: str | None) -> str:
    return exact_key(split_type(full_name, WARD_TYPES)[1]) if full_name else ""


@lru_cache(maxsize=1 << 14)
def _district_key(full_name: str) -> str:
    return exact_key(split_type(full_name, DISTRICT_TYPES)[1])


def _context(read_era: Callable[[], str], places: list[_PlaceMention], groups: list[_Group]) -> _Context:
    """Return the article's context: named districts, standalone provinces, other wards."""
    provinces = {p.full_name for place in places if place.level == "province" and place.attached_to is None
                 for p in place.units}
    new_provinces = {p.new_province for place in places if place.level == "province"
                     and place.attached_to is None for p in place.units}
    names: dict[str, set[int]] = defaultdict(set)
    for index, group in enumerate(groups):
        names[group.key].add(index)
    districts = [p for p in places if p.level == "district" and p.units]
    district_sentences: dict[tuple[str, str], set[tuple]] = defaultdict(set)
    for place in districts:
        for district in place.units:
            district_sentences[(_district_key(district.full_name), district.province)].add(place.sentence)
    return _Context(read_era, districts, provinces, new_provinces, district_sentences, names, groups)


def _pool(group: _Group) -> list[tuple[Ward, int]]:
    """Return the candidate units with their type penalty: list items may differ in type
    from their head ("các phường: ..., Tân Bình" where Tân Bình is a xã)."""
    units, types = group.mentions[0].units, group.types
    same = [(u, 0) for u in units if u.unit_type in types]
    if any(m.list_item for m in group.mentions):
        return same + [(u, -3) for u in units if u.unit_type not in types]
    return same


def _frame(group: _Group, scored: list[tuple[int, Ward]], ctx: _Context) -> str | None:
    """Return the frame ("old" or "new") the ward is named in, or None if neither holds it.

    The only frame that holds it, else the era decides; an article that does not tell
    its era takes the frame the context supports best, the old one on a tie.
    """
    best = {frame: max((s for s, u in scored if u.frame == frame), default=None) for frame in ("old", "new")}
    if best["old"] is None:
        return "new" if best["new"] is not None else None
    if best["new"] is None:
        return "old"
    types = group.types
    if ctx.era == "post" and group.plain and any(u.frame == "new" and u.unit_type in types for _, u in scored):
        return "old" if _namesakes_elsewhere(scored) else "new"
    if ctx.era == "unknown" and best["new"] > best["old"]:
        return "new"
    return "old"


def _namesakes_elsewhere(scored: list[tuple[int, Ward]]) -> bool:
    """Return whether the new units of a name are but namesakes of an old unit the article
    places: the old one has support (its district, its province or its successor named: "xã
    Phú Lạc" of Tuy Phong with xã Liên Hương, which it became), none of the new ones has, and
    none is in the province the supported old units became part of."""
    old_top = max(score for score, unit in scored if unit.frame == "old")
    if old_top <= 0 or any(score > 0 for score, unit in scored if unit.frame == "new"):
        return False
    became = {unit.new_province for score, unit in scored if unit.frame == "old" and score == old_top}
    return all(unit.province not in became for _, unit in scored if unit.frame == "new")


def _score(unit: Ward, index: int, group: _Group, ctx: _Context) -> int:
    """Return how well the article's context supports ``unit`` for the ward."""
    named = unit.province in ctx.provinces or unit.new_province in ctx.provinces or \
        (unit.frame == "new" and unit.province in ctx.new_provinces)
    return int(named) + _local_score(unit, index, group, ctx)


def _local_score(unit: Ward, index: int, group: _Group, ctx: _Context) -> int:
    """Return the support of the district and of the other wards the article names."""
    if unit.frame == "new":
        return int(_named_by_other(ctx.successors.get((_name_key(unit.full_name), unit.province)), index))
    score = _district_score(unit, group, ctx)
    if any(_named_by_other(ctx.names.get(_name_key(new_ward)), index) for new_ward in unit.new_wards):
        score += 2  # a ward the unit became is named too
    return score


def _named_by_other(groups: set[int] | None, index: int) -> bool:
    """Return whether ``groups`` holds a group other than the one at ``index``."""
    return bool(groups) and (len(groups) > 1 or index not in groups)


def _district_score(unit: Ward, group: _Group, ctx: _Context) -> int:
    """Return 3 if the article names the unit's district, 4 if in a sentence naming the ward."""
    if not ctx.district_sentences:
        return 0
    named_in = ctx.district_sentences.get((_district_key(unit.district or ""), unit.province))
    if not named_in:
        return 0
    return 4 if any(m.sentence in named_in for m in group.mentions) else 3


def _resolve(index: int, group: _Group, ctx: _Context, places: list[_PlaceMention]) -> _Resolution:
    """Return the group's official unit, the tie of candidates, or the units the text gives."""
    pool = _pool(group)
    if len(pool) == 1 and not group.key.isdigit():
        return _from_units(group, [pool[0][0]])  # one candidate: its frame, nothing to score
    scored = [(penalty + _score(unit, index, group, ctx), unit) for unit, penalty in pool]
    frame = _frame(group, scored, ctx)
    if frame is None:
        return _unknown(group, ctx, places)
    top = max(score for score, unit in scored if unit.frame == frame)
    tied = [unit for score, unit in scored if unit.frame == frame and score == top]
    if frame == "old" and (len(tied) > 1 or group.key.isdigit()) and \
            not any(_local_score(u, index, group, ctx) for u in tied) and \
            _district_from_text(group, ctx) is not None:
        # Nothing in the article supports any candidate, but it names the ward's
        # district: the list no longer holds the ward ("Phường 6" of "Quận 5",
        # merged in 2024), so its units come from the text.
        return _unknown(group, ctx, places)
    return _from_units(group, tied)


def _from_units(group: _Group, tied: list[Ward]) -> _Resolution:
    """Return the resolution of a tie: values all tied units share, None where they differ."""
    def common(values: list) -> object:
        return values[0] if len(set(values)) == 1 else None

    first = tied[0]
    name = first.full_name or f"{first.unit_type} {_written_name(group)}"
    if len(tied) == 1:  # the usual case: the unit's own values
        return _Resolution(name, first.district, first.province, "resolved", 1, "; ".join(first.new_wards),
                           first.new_province, first.change)
    new_wards = common(["; ".join(u.new_wards) for u in tied])
    return _Resolution(
        name=name, district=common([u.district for u in tied]), province=common([u.province for u in tied]),
        status="resolved" if len(tied) == 1 else "ambiguous", n_candidates=len(tied),
        new_ward=new_wards, new_province=common([u.new_province for u in tied]),
        change=common([u.change for u in tied]),
    )


def _written_name(group: _Group) -> str:
    """Return the ward's name as the body writes it (a headline may be in capitals)."""
    mention = (group.body_mentions or group.mentions)[0]
    name = mention.name.title() if mention.name.isupper() else mention.name
    return " ".join(w[:1].upper() + w[1:] for w in name.split(" "))


def _unknown(group: _Group, ctx: _Context, places: list[_PlaceMention]) -> _Resolution:
    """Return a ward the list does not hold, with the district and province the text gives."""
    district = _district_from_text(group, ctx)
    province = _province_of(district, ctx, places) if district else _only(ctx.provinces)
    return _Resolution(
        name=f"{group.unit_type} {_written_name(group)}",
        district=district.full_name if district else None,
        province=province, status="unknown", n_candidates=0,
    )


def _district_from_text(group: _Group, ctx: _Context) -> District | None:
    """Return the district named next to the ward in its sentence (the first after it,
    else the last before it), else the only district the article names."""
    first = (group.body_mentions or group.mentions)[0]
    same = [p for p in ctx.districts if p.sentence == first.sentence]
    after = [p for p in same if p.start >= first.end]
    before = [p for p in same if p.end <= first.start]
    if after or before:
        return (after[0] if after else before[-1]).units[0]
    keys = {_district_key(p.units[0].full_name) for p in ctx.districts}
    return ctx.districts[0].units[0] if len(keys) == 1 else None


def _province_of(district: District, ctx: _Context, places: list[_PlaceMention]) -> str | None:
    """Return the province of a district the text names, if the article tells which."""
    provinces = {d.province for p in ctx.districts for d in p.units
                 if _district_key(d.full_name) == _district_key(district.full_name)}
    if len(provinces) > 1:
        provinces &= ctx.provinces | {p.full_name for place in places if place.level == "province"
                                      for p in place.units}
    return _only(provinces)


def _only(values: set[str]) -> str | None:
    return next(iter(values)) if len(values) == 1 else None


# --- grouping, primary ward, spans ---------------------------------------------------------


def _groups(mentions: list[_WardMention]) -> list[_Group]:
    """Return the mentions grouped by ward name, in order of first mention."""
    by_key: dict[tuple[str, str], _Group] = {}
    for mention in mentions:
        key = exact_key(mention.name)
        group = by_key.get((mention.unit_type, key))
        if group is None:
            group = by_key[(mention.unit_type, key)] = _Group(mention.unit_type, key, [])
        group.mentions.append(mention)
    return list(by_key.values())


def _merged(groups: list[_Group]) -> list[_Group]:
    """Return the groups with those that resolved to one name merged, and misspelt names
    the list lacks ("Ia Găng") folded into the known ward one letter away ("Ia Grăng")."""
    by_name: dict[str, _Group] = {}
    for group in groups:
        target = by_name.get(group.resolution.name) or _misspelt_of(group, by_name.values())
        if target is None:
            by_name[group.resolution.name] = group
        else:
            target.mentions.extend(group.mentions)
    return list(by_name.values())


def _misspelt_of(group: _Group, known: object) -> _Group | None:
    """Return the known ward an unknown name misspells ("Ia Găng") or cuts short ("Hiệp")."""
    if group.resolution.status != "unknown":
        return None
    key = loose_key(group.resolution.name)
    for other in known:
        other_key = loose_key(other.resolution.name)
        if other.resolution.status != "unknown" and (_one_edit_apart(key, other_key)
                                                    or other_key.startswith(key)):
            return other
    return None


def _one_edit_apart(a: str, b: str) -> bool:
    """Return whether ``a`` becomes ``b`` by one inserted, deleted or replaced letter."""
    if abs(len(a) - len(b)) > 1 or a == b or min(len(a), len(b)) < 4:
        return False
    prefix = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return a[prefix + (len(a) >= len(b)):] == b[prefix + (len(b) >= len(a)):]


def _primary(groups: list[_Group], lexicon: WardsLexicon, lead: _Group | None, lede_end: int,
             title_names_one: bool) -> _Group | None:
    """Return the ward the article is about: the one its title names (if it names not
    several), else the one where the event of its lead takes place (``lead``), else the one
    named far more often than any other; None when no single ward stands out."""
    current = [g for g in groups if g.current]
    in_title = [g for g in current if title_names_one and any(m.in_title for m in g.mentions)]
    if in_title:
        return max(in_title, key=lambda g: len(g.mentions))
    # A ward named in a long enumeration (the units of an electoral district) is one of
    # many there, which says nothing of what the article is about.
    weight = {id(g): sum(m.list_size <= lexicon.max_counted_list for m in g.mentions) for g in current}
    ranked = sorted(current, key=lambda g: weight[id(g)], reverse=True)
    if not ranked:
        return None
    top = ranked[0]
    # The lead's ward, unless the article names another as often: then the lead opens one
    # of several parallel reports ("Tại xã A, ... Tại xã B, ...").
    if lead is not None and all(weight[id(lead)] > weight[id(g)] for g in ranked if g is not lead):
        return lead
    if len(ranked) == 1:
        return top if len(top.mentions) > 1 or top.mentions[0].start < lede_end else None
    return top if weight[id(top)] > lexicon.primary_ratio * weight[id(ranked[1])] else None


def _lead_ward(doc: SegmentedArticle, groups: list[_Group], rules: _Rules) -> _Group | None:
    """Return the ward where the event of the lead takes place, if the lead names one only.

    The lead is the first of the opening sentences that starts on the event's time
    ("Ngày 13/2, Đảng ủy xã X tổ chức"), else the first sentence; a summary before the
    dateline may name every ward the article visits.  The first of these that puts
    wards at the event decides; two or more there leave the choice to the counts.
    """
    for start, end in _lead_spans(doc, rules):
        at_event = _wards_at_event(doc.match_text, groups, start, end, rules)
        if at_event:
            return next(iter(at_event.values())) if len(at_event) == 1 else None
    return None


def _wards_at_event(text: str, groups: list[_Group], start: int, end: int, rules: _Rules) -> dict[int, _Group]:
    """Return the current wards the sentence ``start:end`` puts at its event, by group id:
    those after a place marker or named as the body that holds it, and those joined to
    one of them ("tại xã A (huyện X) và xã B")."""
    mentions = sorted((m.start, m.end, g) for g in groups if g.current for m in g.body_mentions
                      if start <= m.start < end and not m.former)
    found: dict[int, _Group] = {}
    previous_end = None  # the end of the previous mention, if it was at the event
    for m_start, m_end, group in mentions:
        joined = previous_end is not None and rules.coordinated.fullmatch(text, previous_end, m_start)
        if joined or rules.at_event(text, m_start, start):
            found[id(group)] = group
            previous_end = m_end
        else:
            previous_end = None
    return found


def _lead_spans(doc: SegmentedArticle, rules: _Rules) -> list[tuple[int, int]]:
    """Return the (start, end) of the dateline sentence among the opening ones, if any,
    then of the first sentence."""
    opening = doc.sentences[: rules.lexicon.lead_sentences]
    spans = [(s.start, s.end) for s in opening if rules.dateline.match(doc.match_text, s.start)][:1]
    if opening and (opening[0].start, opening[0].end) not in spans:
        spans.append((opening[0].start, opening[0].end))
    return spans


def _span(doc: SegmentedArticle, group: _Group, is_primary: bool) -> WardSpan:
    first = group.body_mentions[0]
    found = group.resolution
    return WardSpan(
        start=first.start, end=first.end, text=doc.body[first.start : first.end],
        name=found.name, district=found.district, province=found.province, status=found.status,
        n_candidates=found.n_candidates, new_ward=found.new_ward, new_province=found.new_province,
        change=found.change, is_primary=is_primary, mentions=len(group.body_mentions),
    )


class WardsExtractor:
    """Ward-level units named in an article, resolved against the official list."""

    name = "wards"

    def __init__(self, lexicon: WardsLexicon | None = None, gazetteer: Gazetteer | None = None) -> None:
        self.rules = _Rules(lexicon or load_lexicon("vnextract.extractors", "wards.json", WardsLexicon))
        self.gazetteer = gazetteer or load_gazetteer()
        self.scanner = _Scanner(self.rules, self.gazetteer)

    def __call__(self, doc: SegmentedArticle) -> list[WardSpan]:
        """Return one span per distinct ward of ``doc`` (body offsets of its first mention)."""
        body = self.scanner.scan(doc.match_text, _sentence_finder(doc), in_title=False)
        title_text = unify_tones(normalize_unicode(doc.article.title or ""))
        title = self.scanner.scan(title_text, lambda _: (True, 0, len(title_text)), in_title=True) \
            if title_text else _Found()
        groups = _groups(title.wards + body.wards)
        if not groups:
            return []
        places = body.places + title.places
        ctx = _context(lambda: self._era(doc, body), places, groups)
        for index, group in enumerate(groups):
            group.resolution = _resolve(index, group, ctx, places)
        groups = [g for g in _merged(groups) if g.body_mentions]
        for group in groups:
            if len(group.mentions) > 1:
                group.mentions.sort(key=lambda m: (m.in_title is False, m.start))
        # A headline about several wards says the lead's ward is but the first of them.
        several = self.rules.names_several(title_text, title.wards)
        lead = None if several else _lead_ward(doc, groups, self.rules)
        primary = _primary(groups, self.rules.lexicon, lead, _lede_end(doc), title_names_one=not several)
        spans = [_span(doc, g, g is primary) for g in groups]
        return sorted(spans, key=lambda s: s.start)


    def _era(self, doc: SegmentedArticle, body: _Found) -> str:
        """Return the article's era, told by its dates and by the units it calls former."""
        former = any(self.rules.former_after.match(doc.match_text, unit.end) for unit in (*body.wards, *body.places))
        return article_era(doc, self.rules, former)


def _sentence_finder(doc: SegmentedArticle) -> Callable[[int], tuple[bool, int, int]]:
    """Return the function giving the (in title, start, end) of the sentence at an offset;
    an offset between sentences gets the rest of the body."""
    starts = [sentence.start for sentence in doc.sentences]  # bisect runs in C

    def sentence_of(offset: int) -> tuple[bool, int, int]:
        index = bisect_right(starts, offset) - 1
        if index >= 0 and offset < doc.sentences[index].end:
            return False, starts[index], doc.sentences[index].end
        return False, offset, len(doc.body)
    return sentence_of


def _lede_end(doc: SegmentedArticle) -> int:
    """Return where the article's opening (its first two sentences) ends."""
    return doc.sentences[min(1, len(doc.sentences) - 1)].end if doc.sentences else 0
