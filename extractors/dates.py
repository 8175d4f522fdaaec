"""Dates: every calendar expression of an article, normalised as the gold guide says.

Read (day before month): "02/02/2023", "6/01/2024", "ngày 9 tháng 2 năm 2022",
"tháng 2/2023", "tháng 12 năm 2023", "năm 2023", "Quý II năm 2023", "quý 2/2023",
"6 tháng đầu năm 2023", ranges "3/2/1933 – 3/2/2023", "28 - 29/7/2025",
"từ ngày 1/3 đến ngày 15/3/2023", "nhiệm kỳ 2020 – 2025", two days "ngày 6 và 7/8",
years in phrases ("Tết Giáp Thìn 2024", "SN 1956"), and a day without a year after a
cue ("Sáng 11/6", "Chiều ngày 16-11", "thứ Bảy, 23/6"), whose year is the one a reader
infers: the title's, the nearest explicit one, or the publication date's (a year under
review is the year before a day early in the next: "Ngày 10/1, ... tổng kết năm 2024"
is in 2025).  The event's day is the first day introduced as events are, preferring
one the headline names and passing over days attached to background ("cuộc bầu cử
ngày 23/5/2021").

Not read: durations ("93 năm", "10 năm liền"), "hàng năm", ratios ("8/8"), addresses
("56/1 Bis"), document numbers ("21-NQ/TU"); publication stamps ("Ngày đăng 22/06/2022 |
08:36"), the crawler's " date 2025-08-08 " and generated captions are page furniture.

Everything is regex, compiled once from ``resources/dates.json``: an article costs one
scan for all the rules and the furniture (``_Finder``), then a look at each match.
Finding (``Grammar`` and ``find_regions``: mentions whose year may be unknown) is kept
apart from writing (``DatesExtractor``: years inferred, values, the event date).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property, lru_cache
from typing import NamedTuple

from pydantic import Field

from vnextract.extractors.base import DateSpan
from vnextract.pipeline.documents import SegmentedArticle
from vnextract.pipeline.text import unify_tones
from vnextract.schemas.lexicon import Lexicon, load_lexicon

I = re.IGNORECASE

# Numeric pieces shared by every rule.  Separators inside a date: "/", "-" or ".".
_SEP = r"(?:\s?/\s?|[.-])"
_DASH = r"[-–—]"
# A date does not end before more digits ("8/8.5") or a document code ("15/2023/NĐ-CP").
_END = r"(?!\d|[.,/-]\d|\s?/\s?[^\W\d_])"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:SA|CH|AM|PM)(?!\w))?"
_STAMP_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?!\d)")
_NUMBER = re.compile(r"\d+")
_DIGIT = re.compile(r"[0-9]")
_ANY_DIGIT = re.compile(r"\d")


class DatesLexicon(Lexicon):
    """``dates.json``: the words and limits the date rules are built from."""

    doc: str = Field("", alias="_doc")
    day_words: list[str]
    month_words: list[str]
    year_words: list[str]
    quarter_words: list[str]
    range_starts: list[str]
    range_joins: list[str]
    day_cues: list[str]
    weekdays: list[str]
    non_event_cues: list[str]
    annual_suffix_pattern: str
    not_date_after_pattern: str
    month_name_prefixes: list[str]
    document_reference_pattern: str
    roman_numerals: dict[str, int]
    number_words: dict[str, int]
    period_first: list[str]
    period_last: list[str]
    lunar_stems: dict[str, int]
    lunar_branches: dict[str, int]
    lunar_cycle_first_year: int
    festival_words: list[str]
    festival_max_words: int
    bare_year_cues: list[str]
    year_bounds: tuple[int, int]
    bare_year_bounds: tuple[int, int]
    max_range_years: int
    term_max_years: int
    stamp_cues: list[str]
    capture_stamp_pattern: str
    caption_starts: list[str]
    stamp_line_max_prefix: int
    context_window_days: tuple[int, int]
    event_window_days: tuple[int, int]
    event_max_days: int
    headline_max_chars: int
    sentence_end_pattern: str
    not_anchor_cues: list[str]
    review_year_cues: list[str]
    review_next_year_until_month: int
    new_year_festival_words: list[str]
    festival_previous_year_from_month: int
    clause_break_pattern: str
    clause_max_chars: int
    background_cues: list[str]
    clause_opening_words: list[str]
    time_of_day_pattern: str
    sentence_max_chars: int


class Mention(NamedTuple):
    """A date expression found in the text; its year may still be unknown.

    ``first``/``last`` are the (month, day) of its first and last day, a day of 0
    meaning the month's last day; ``years`` are the years of both ends, None when
    the text gives none.  ``granularity`` is the one ``DateSpan`` documents.
    """

    start: int
    end: int
    granularity: str
    first: tuple[int, int]
    last: tuple[int, int]
    years: tuple[int | None, int | None] = (None, None)

    @property
    def explicit(self) -> bool:
        return self.years[1] is not None


class Region(NamedTuple):
    """The stretch of text one rule consumed, and the mentions it read there."""

    start: int
    end: int
    mentions: tuple[Mention, ...]


def _words(words: Iterable[str]) -> str:
    """Return an alternation of ``words`` (longest first), a space matching any spaces."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))  # the same pattern in every process
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered)


# --------------------------------------------------------------------------- calendar


def month_range_granularity(first_month: int, last_month: int) -> str:
    """Return how a run of whole months is named: a month, quarter, half, year or range."""
    if first_month == last_month:
        return "month"
    if (first_month, last_month) == (1, 12):
        return "year"
    if last_month - first_month == 2 and first_month % 3 == 1:
        return "quarter"
    if last_month - first_month == 5 and first_month in (1, 7):
        return "half"
    return "month_range"


def format_value(granularity: str, start: dt.date, end: dt.date) -> str:
    """Return the gold guide's value for a span of ``granularity`` from ``start`` to ``end``."""
    if granularity == "day":
        return start.isoformat()
    if granularity == "month":
        return f"{start.year:04d}-{start.month:02d}"
    if granularity == "quarter":
        return f"{start.year:04d}-Q{(start.month + 2) // 3}"
    if granularity == "half":
        return f"{start.year:04d}-H{1 if start.month < 7 else 2}"
    if granularity == "year":
        return f"{start.year:04d}"
    if granularity == "day_range":
        return f"{start.isoformat()}/{end.isoformat()}"
    if granularity == "month_range":
        return f"{start.year:04d}-{start.month:02d}/{end.year:04d}-{end.month:02d}"
    return f"{start.year:04d}/{end.year:04d}"


def bounds(mention: Mention, start_year: int, end_year: int) -> tuple[dt.date, dt.date] | None:
    """Return the first and last day of ``mention`` in the given years, or None if impossible."""
    (m1, d1), (m2, d2) = mention.first, mention.last
    try:
        start = dt.date(start_year, m1, d1)
        end = dt.date(end_year, m2, d2 or calendar.monthrange(end_year, m2)[1])
    except ValueError:  # "31/2/2023", "29/2" of a common year
        return None
    return (start, end) if start <= end else None


# Days of each month in a leap year: a day is checked before its year, maybe still unknown,
# settles 29/2.
_MONTH_DAYS = tuple(calendar.monthrange(2000, month)[1] for month in range(1, 13))


def _possible_day(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _MONTH_DAYS[month - 1]


# --------------------------------------------------------------------------- grammar

# Every rule starts on a digit or on a word ("tháng", "quý"); the scan (``_stops``)
# skips ahead to those characters.  The "not inside a number" test comes right after
# the first digit, not before it: a look-behind first would be tried at every position.
# "[0-9]", not "\d": the engine's fast skip works on a plain range, not on a category.
_NUMBER_START = r"[0-9](?<![\d/]\d)(?<!\d[.,-]\d)"
_D = _NUMBER_START + r"\d?"
_Y4 = _NUMBER_START + r"\d{3}"


def _fast_words(words: Iterable[str]) -> str:
    """Return a case-insensitive alternation of ``words`` whose branches begin with a plain
    character class of their first letter, so the regex engine tries a word only where
    its first letter is.

    It does not check that a word starts at a word boundary: readers do (``_word_start``),
    because a look-behind there would be tried at every such letter.
    """
    heads: dict[str, list[str]] = {}
    for word in words:
        heads.setdefault(word[0].lower(), []).append(word[1:])
    branches = [f"[{re.escape(h)}{re.escape(h.upper())}](?i:{_words(rest)})(?!\\w)" for h, rest in heads.items()]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _word_start(match: re.Match[str]) -> bool:
    """Return whether ``match`` starts a word (is not inside one)."""
    start = match.start()
    return start == 0 or not match.string[start - 1].isalnum()


def _ends_with(words: Iterable[str], tail: str = r"\s+") -> re.Pattern[str]:
    """Return a regex that finds one of ``words`` right before the end of a searched slice.

    The words branch on their first letter (``_fast_words``), so at each position of
    the slice the engine tests a letter or two instead of trying every word.
    """
    return re.compile(rf"(?<!\w){_fast_words(words)}(?i:{tail})$")


class _Pieces(NamedTuple):
    """Regex pieces the rules share, spelled from the lexicon's words."""

    month: str
    year: str
    joins: str
    join: str
    not_after: str

    @classmethod
    def of(cls, lex: DatesLexicon) -> _Pieces:
        day, joins = _words(lex.day_words), _words(lex.range_joins)
        return cls(
            month=_words(lex.month_words), year=_words(lex.year_words), joins=joins,
            join=rf"\s*(?:{_DASH}|(?:{joins})(?!\w))\s*(?:(?:{day})\s+)?",
            not_after=rf"(?!{lex.annual_suffix_pattern}|{lex.not_date_after_pattern})",
        )

    def full(self, n: int) -> str:
        """Return a day/month/year date with groups d<n>, m<n>, y<n>.

        Only the first date checks that it does not start inside a number: the second
        of "18/11/1930-18/11/2023" follows a digit and a dash.
        """
        first_digit = _D if n == 1 else r"\d{1,2}"
        return rf"(?P<d{n}>{first_digit}){_SEP}(?P<m{n}>\d{{1,2}}){_SEP}(?P<y{n}>\d{{4}})"

    def year_tail(self, n: int) -> str:
        """Return the year that may close a month or a quarter: " năm 2023", "/2023", "-2023"."""
        return rf"\s*,?\s*(?:(?:{self.year})\s+|{_SEP})(?P<y{n}>\d{{4}}){_END}"


class _Head(NamedTuple):
    """How every match of some regexes begins: ``pattern`` matches there, and the
    character at ``offset`` from there is in the character class ``[letters]``."""

    letters: str
    pattern: str
    offset: int = 0

    @classmethod
    def of_words(cls, words: list[str]) -> _Head:
        """Return the head of regexes that begin with one of ``words`` (see ``_fast_words``).

        Its letter is the first with a diacritic in all the words' first words, as such
        letters are rarer than plain ones ("á" of "tháng" is a sixth as frequent as "t")
        and a scan stops on each.
        """
        shortest = min(len(w.split()[0]) for w in words)
        offset = next((k for k in range(shortest) if not any(w[k].isascii() for w in words)), 0)
        letters = sorted({case(w[offset]) for w in words for case in (str.lower, str.upper)})
        return cls(re.escape("".join(letters)), _fast_words(words), offset)


# A day or a month is one or two digits, a year four: a number is tried by the rules of its length.
_DAY_HEAD = _Head("0-9", _D + r"(?!\d)")
_YEAR_HEAD = _Head("0-9", _Y4)


class _Finder:
    """Several regexes, each given with its head, run over a text in one scan instead
    of one scan each.

    A scan costs about the same for one regex as for several: the engine spends its
    time stepping through the text to the characters a match can start on.
    """

    def __init__(self, regexes: list[tuple[_Head, str]], ignore_case: bool) -> None:
        self.regexes, self._flags = [regex for _, regex in regexes], I if ignore_case else 0
        self._patterns: list[re.Pattern[str] | None] = [None] * len(regexes)  # see ``_compiled``
        self._stops, self._numbers = _stops(regexes, ignore_case)

    def matches(self, text: str) -> list[list[re.Match[str]]]:
        """Return, for each regex, the matches its ``finditer`` over ``text`` would give.

        Like ``finditer``, it skips a match that starts inside the regex's previous one.
        """
        found: list[list[re.Match[str]]] = [[] for _ in self._patterns]
        for stop in self._stops.finditer(text):
            for group, n in enumerate(self._numbers, 1):
                start = stop.start(group)  # -1 when regex n does not match here
                if start >= 0 and (not found[n] or start >= found[n][-1].end()):
                    pattern = self._patterns[n] or self._compiled(n)
                    found[n].append(pattern.match(text, start))
        return found

    def _compiled(self, n: int) -> re.Pattern[str]:
        """Return regex ``n`` compiled.  Each is compiled at its first match, which saves
        start-up time: the scan alone tells where none match, and a text needs few."""
        self._patterns[n] = pattern = re.compile(self.regexes[n], self._flags)
        return pattern


def _stops(regexes: list[tuple[_Head, str]], ignore_case: bool) -> tuple[re.Pattern[str], list[int]]:
    """Return a regex that stops on a head's letter where one of ``regexes`` matches,
    and the numbers of the regexes in the order of its groups: the group of a regex
    is set, empty at the regex's start, when that regex matches there.

    The regex reads that letter before anything else, which lets the engine skip
    ahead to the heads' letters (a regex that opens with a look-around is tried at
    every position).  Then, in a look-behind, it goes back to where a head begins
    and tries each of the head's regexes there in a look-ahead.  Heads are tried in
    turn until one has a regex that matches, so two heads must never both have one
    at a place: a number is a day's or a year's, not both.  The regexes' group names
    are dropped, as one regex cannot hold a name twice.
    """
    heads = dict.fromkeys(head for head, _ in regexes)
    branches, numbers = [], []
    for head in heads:
        mine = [n for n, (h, _) in enumerate(regexes) if h == head]
        tries = "".join(f"(?:{_from_head(regexes[n][1], head, ignore_case, f'(?P<r{n}>)')})?" for n in mine)
        none_matched = "(?!)"  # the head's turn ends unless one of its regexes matched
        for n in reversed(mine):
            none_matched = f"(?(r{n})|{none_matched})"
        branches.append(_from_head(head.pattern, head, ignore_case) + tries + none_matched)
        numbers += mine
    letters = "".join(dict.fromkeys(head.letters for head in heads))
    return re.compile(f"[{letters}](?:{'|'.join(branches)})"), numbers


def _from_head(regex: str, head: _Head, ignore_case: bool, mark: str = "") -> str:
    """Return a look-behind that, right after the letter of ``head``, checks that ``regex``
    matches from where the head begins, and puts ``mark`` (an empty group) there."""
    plain = re.sub(r"\(\?P<\w+>", "(?:", regex)  # named groups made non-capturing
    ahead = f"(?=(?i:{plain}))" if ignore_case else f"(?={plain})"
    return f"(?<={ahead}{mark}.{{{head.offset + 1}}})"


_Reader = Callable[[re.Match[str]], list[Mention]]


class Grammar:
    """The date rules compiled from a ``DatesLexicon``: each a regex and its reader.

    A reader turns a match into mentions, or into nothing when the words around it
    say it is no date (a day without a cue is a ratio: "8/8 khu phố").
    """

    def __init__(self, lex: DatesLexicon) -> None:
        self.lex = lex
        self._roman = {k.casefold(): v for k, v in lex.roman_numerals.items()}
        self._number_words = {" ".join(k.casefold().split()): v for k, v in lex.number_words.items()}
        self._first_words = {w.casefold() for w in lex.period_first}
        self._cue = _ends_with(lex.day_cues + lex.weekdays, r"[\s,(]{1,3}")
        self._year_word = _ends_with(lex.year_words)
        self._chain_item = re.compile(r"(\d{1,2})" + _SEP + r"(\d{1,2})")
        rules = self._rules()
        self.regexes = [(head, regex) for head, regex, _ in rules]
        self.readers: list[_Reader] = [read for _, _, read in rules]

    # The regexes of rare forms are compiled when first needed: that saves start-up
    # time when few texts are read.

    @cached_property
    def _day_word(self) -> re.Pattern[str]:
        return _ends_with(self.lex.day_words)

    @cached_property
    def _month_blocker(self) -> re.Pattern[str]:
        # "6 tháng 10 ngày" is a duration; "Cách mạng tháng 8" a name.
        return re.compile(rf"\d\s*$|(?<!\w)(?:{_words(self.lex.month_name_prefixes)})\s+$", I)

    @cached_property
    def _bare_year_cue(self) -> re.Pattern[str]:
        lex = self.lex
        lunar = _lunar_year_name(lex)
        festival = rf"(?:{_words(lex.festival_words)})(?:\s+[^\W\d_]+){{0,{lex.festival_max_words}}}"
        return re.compile(rf"(?<!\w)(?:{lunar}|{festival}|{_words(lex.bare_year_cues)})\s+$", I)

    @cached_property
    def _period_count(self) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)(\d{{1,2}}|{_words(self.lex.number_words)})\s+$", I)

    def _rules(self) -> list[tuple[_Head, str, _Reader]]:
        """Return each rule as (how its matches begin, its regex, its reader), in priority order."""
        pieces = _Pieces.of(self.lex)
        words = _Head.of_words(self.lex.month_words + self.lex.quarter_words)
        return (
            [(_DAY_HEAD, p, read) for p, read in self._day_patterns(pieces)]
            + [(words, p, read) for p, read in self._period_patterns(pieces)]
            + [(_YEAR_HEAD, *self._years_pattern(pieces))]
        )

    def _day_patterns(self, p: _Pieces) -> list[tuple[str, _Reader]]:
        return [
            # "02/02/2023", "3/2/1933 – 3/2/2023"
            (p.full(1) + rf"(?:{p.join}{p.full(2)})?" + _END, self._full_date),
            # "28 - 29/7/2025", "từ ngày 1/3 đến ngày 15/3/2023", "ngày 28-29/5"
            ((rf"(?P<d1>{_D})(?:{_SEP}(?P<m1>\d{{1,2}}))?{p.join}(?P<d2>\d{{1,2}}){_SEP}(?P<m2>\d{{1,2}})"
              rf"(?:{_SEP}(?P<y2>\d{{4}}))?{_END}{p.not_after}"), self._day_range),
            # "ngày 6 và 7/8", "ngày 6, 7 và 8/8/2025"
            ((rf"(?P<days>{_D}(?:\s*(?:,|và)\s*\d{{1,2}})+){_SEP}(?P<m1>\d{{1,2}})"
              rf"(?:{_SEP}(?P<y1>\d{{4}}))?{_END}{p.not_after}"), self._day_list),
            # "Sáng 11/6", "Chiều ngày 16-11", "Lễ 30/4, 1/5" (not "Ngày 23/6, 8/8 khu phố": a ratio)
            ((rf"(?P<d1>{_D}){_SEP}(?P<m1>\d{{1,2}}){_END}{p.not_after}(?P<chain>(?:\s*(?:,|và)\s*"
              rf"\d{{1,2}}{_SEP}\d{{1,2}}{_END}{p.not_after}(?=\s*(?:[^\w\s]|và(?!\w)|$)))*)"), self._cued_day),
            # "ngày 9 tháng 2 năm 2022"
            (rf"(?P<d1>{_D})\s+(?:{p.month})\s+(?P<m1>\d{{1,2}})(?!\d)(?:{p.year_tail(1)})?", self._spelled_day),
        ]

    def _period_patterns(self, p: _Pieces) -> list[tuple[str, _Reader]]:
        lex = self.lex
        month_word = _fast_words(lex.month_words)
        edges = _words(lex.period_first + lex.period_last)
        numerals = _words(lex.roman_numerals) + r"|[1-4]"
        return [
            # "tháng 2/2023", "tháng 12 năm 2023", "tháng 8", "từ tháng 6 đến tháng 8/2023"
            (month_word + rf"\s+(?P<m1>\d{{1,2}})(?:\s*(?:{_DASH}|(?:{p.joins})(?!\w))\s*(?:(?:{p.month})\s+)?"
             rf"(?P<m2>\d{{1,2}}))?(?:{p.year_tail(1)}|(?!\d|\s*[/.-]\s?\d|\s+(?:{p.year})\s+\d))", self._month),
            # "6 tháng đầu năm 2023", "sáu tháng cuối năm", "9 tháng năm 2024"
            (month_word + rf"\s+(?:(?P<edge>{edges})\s+)?(?:{p.year})(?:\s+(?P<y1>\d{{4}}){_END})?(?!\s+\d)",
             self._period),
            # "Quý II năm 2023", "quý 2/2023"
            (_fast_words(lex.quarter_words) + rf"\s+(?P<q>{numerals})(?!\w)(?:{p.year_tail(1)})?", self._quarter),
        ]

    def _years_pattern(self, p: _Pieces) -> tuple[str, _Reader]:
        # "năm 2023", "nhiệm kỳ 2020 – 2025", "Giáp Thìn 2024", "năm 2021, 2022"
        return ((rf"(?P<y1>{_Y4})(?:\s*(?:{_DASH}|(?:{p.joins})(?:\s+(?:{p.year}))?)\s*(?P<y2>\d{{4}}))?{_END}"
                 rf"(?P<chain>(?:\s*(?:,|và)\s*\d{{4}}{_END})*)"), self._years)

    def _before(self, pattern: re.Pattern[str], match: re.Match[str], group: str | int = 0,
                reach: int = 40) -> re.Match[str] | None:
        """Return ``pattern`` found right before ``group`` of ``match`` (within ``reach`` chars)."""
        start = match.start(group)
        return pattern.search(match.string, max(0, start - reach), start)

    # Readers: a match in, the mentions it holds out (none when it is no date).

    def _full_date(self, match: re.Match[str]) -> list[Mention]:
        """Return "02/02/2023", or the range "3/2/1933 – 3/2/2023"."""
        if match["y2"]:
            return self._day_range(match)
        day = self._one_day(match.start(), match.end(), match["d1"], match["m1"], match["y1"])
        return [day] if day else []

    def _cued_day(self, match: re.Match[str]) -> list[Mention]:
        """Return "11/6" after a cue ("Sáng 11/6"), and the days chained after it ("30/4, 1/5")."""
        if not self._before(self._cue, match):
            return []
        found = [self._one_day(match.start(), match.end("m1"), match["d1"], match["m1"], None)]
        offset = match.start("chain")
        for item in self._chain_item.finditer(match["chain"]):
            found.append(self._one_day(offset + item.start(), offset + item.end(), item[1], item[2], None))
        return [m for m in found if m]

    def _spelled_day(self, match: re.Match[str]) -> list[Mention]:
        # "ngày 9 tháng 2 năm 2022": the word "ngày" is part of the expression.
        word = self._before(self._day_word, match)
        if not word:
            return []
        year = match["y1"]
        end = match.end("y1" if year else "m1")
        found = self._one_day(word.start(), end, match["d1"], match["m1"], year)
        return [found] if found else []

    def _one_day(self, start: int, end: int, day: str, month: str, year: str | None) -> Mention | None:
        d, m = int(day), int(month)
        y = self._year_value(year) if year else None
        if not _possible_day(d, m) or (year and y is None):
            return None
        return Mention(start, end, "day", (m, d), (m, d), (y, y))

    def _day_list(self, match: re.Match[str]) -> list[Mention]:
        """Return each day of "ngày 6 và 7/8", the last one spanning its month (and year)."""
        if not self._before(self._cue, match):
            return []
        items = list(_NUMBER.finditer(match["days"]))
        base, year = match.start("days"), match["y1"]
        ends = [base + n.end() for n in items[:-1]] + [match.end()]
        found = [self._one_day(base + n.start(), end, n.group(), match["m1"], year) for n, end in zip(items, ends)]
        return found if all(found) else []

    def _day_range(self, match: re.Match[str]) -> list[Mention]:
        """Return "28 - 29/7/2025", "3/2/1933 – 3/2/2023" or "từ ngày 1/3 đến ngày 15/3" as one range."""
        groups = match.groupdict()
        d1, d2, m2 = int(groups["d1"]), int(groups["d2"]), int(groups["m2"])
        m1 = int(groups["m1"]) if groups.get("m1") else m2
        if not (_possible_day(d1, m1) and _possible_day(d2, m2)):
            return []
        mention = Mention(match.start(), match.end(), "day_range", (m1, d1), (m2, d2))
        if not groups.get("y2"):  # needs a cue, like a single day; the year is inferred later
            in_order = (m1, d1) < (m2, d2) or (groups.get("m1") and m1 > m2)  # "28/12 - 3/1" wraps
            return [mention] if in_order and self._before(self._cue, match) else []
        y2 = self._year_value(groups["y2"])
        y1 = self._year_value(groups["y1"]) if groups.get("y1") else y2 and y2 - _wraps(mention)
        if y1 is None or y2 is None or bounds(mention, y1, y2) is None:
            return []
        return [mention._replace(years=(y1, y2))]

    def _month(self, match: re.Match[str]) -> list[Mention]:
        """Return "tháng 2/2023", "tháng 8" or a run of months "từ tháng 6 đến tháng 8/2023"."""
        if not _word_start(match) or self._before(self._month_blocker, match):
            return []
        m1, year = int(match["m1"]), match["y1"]
        m2 = int(match["m2"]) if match["m2"] else m1
        y = self._year_value(year) if year else None
        if not 1 <= m1 <= m2 <= 12 or (year and y is None):
            return []
        kind = month_range_granularity(m1, m2)
        return [Mention(match.start(), match.end(), kind, (m1, 1), (m2, 0), (y, y))]

    def _quarter(self, match: re.Match[str]) -> list[Mention]:
        """Return "Quý II năm 2023", "quý 2/2023", or "Quý II" whose year is inferred later."""
        if not _word_start(match):
            return []
        q = self._roman.get(match["q"].casefold()) or int(match["q"])
        y = self._year_value(match["y1"]) if match["y1"] else None
        if match["y1"] and y is None:
            return []
        return [Mention(match.start(), match.end(), "quarter", (3 * q - 2, 1), (3 * q, 0), (y, y))]

    def _period(self, match: re.Match[str]) -> list[Mention]:
        """Return "6 tháng đầu năm 2023" as a half; "9 tháng đầu năm", "9 tháng năm 2024" as months."""
        count = self._before(self._period_count, match, reach=20)
        if not count or not _word_start(match):
            return []
        n_text = " ".join(count[1].casefold().split())
        n = int(n_text) if n_text.isdigit() else self._number_words[n_text]
        y = self._year_value(match["y1"]) if match["y1"] else None
        # Without "đầu"/"cuối" ("9 tháng năm 2024") the months are the first ones, and the
        # year must be written: "6 tháng năm ngoái" is no period.
        if not 1 <= n <= 12 or (match["y1"] and y is None) or not (match["edge"] or y):
            return []
        from_end = bool(match["edge"]) and match["edge"].casefold() not in self._first_words
        first, last = (13 - n, 12) if from_end else (1, n)
        kind = month_range_granularity(first, last)
        return [Mention(count.start(), match.end(), kind, (first, 1), (last, 0), (y, y))]

    def _years(self, match: re.Match[str]) -> list[Mention]:
        """Return a run of years ("2020 – 2025"), or a year after "năm" or a cue ("Giáp Thìn 2024")."""
        if match["y2"]:
            return self._year_range(match)
        text, start, end = match.string, match.start("y1"), match.end("y1")
        word = self._before(self._year_word, match)
        if word:  # "năm 2023": the word is part of the expression; "năm 2021, 2022" lists years
            first = self._year_at(text, start, end, self.lex.year_bounds)
            offset = match.start("chain")
            found = [first._replace(start=word.start()) if first else None]
            found += [self._year_at(text, offset + n.start(), offset + n.end(), self.lex.bare_year_bounds)
                      for n in _NUMBER.finditer(match["chain"])]
            return [m for m in found if m]
        if self._before(self._bare_year_cue, match, reach=60):
            found = self._year_at(text, start, end, self.lex.bare_year_bounds)
            return [found] if found else []
        return []

    def _year_at(self, text: str, start: int, end: int, limits: tuple[int, int]) -> Mention | None:
        """Return the year written at ``text[start:end]`` if it is within ``limits``."""
        y = self._year_value(text[start:end], limits)
        return Mention(start, end, "year", (1, 1), (12, 31), (y, y)) if y else None

    def _year_range(self, match: re.Match[str]) -> list[Mention]:
        y1, y2 = self._year_value(match["y1"]), self._year_value(match["y2"])
        if y1 is None or y2 is None or not 0 < y2 - y1 <= self.lex.max_range_years:
            return []
        return [Mention(match.start(), match.end("y2"), "year_range", (1, 1), (12, 31), (y1, y2))]

    def _year_value(self, text: str, limits: tuple[int, int] | None = None) -> int | None:
        low, high = limits or self.lex.year_bounds
        year = int(text)
        return year if low <= year <= high else None


def _select(regions: list[Region]) -> list[Region]:
    """Return the regions left when overlaps are settled: the longest wins, then the earliest rule."""
    chosen: list[Region] = []  # in text order, so only the neighbours of a place can overlap it
    starts: list[int] = []
    for region in sorted(regions, key=lambda r: r.start - r.end):
        i = bisect_right(starts, region.start)
        overlaps_before = i > 0 and chosen[i - 1].end > region.start
        overlaps_after = i < len(chosen) and chosen[i].start < region.end
        if not (overlaps_before or overlaps_after):
            chosen.insert(i, region)
            starts.insert(i, region.start)
    return chosen


def find_regions(grammar: Grammar, matches: list[list[re.Match[str]]]) -> list[Region]:
    """Return the non-overlapping stretches that the rules read as dates, given each
    rule's matches (``grammar.regexes`` run through a ``_Finder``)."""
    regions = []
    for read, rule_matches in zip(grammar.readers, matches):  # in rule order, which settles ties
        for match in rule_matches:
            mentions = read(match)
            if mentions:
                start = min(match.start(), mentions[0].start)
                regions.append(Region(start, max(match.end(), mentions[-1].end), tuple(mentions)))
    return _select(regions)


# --------------------------------------------------------------------------- furniture


class Furniture:
    """Publication stamps, the crawler's stamp and generated captions: never dates of the article.

    A stamp is a full date after a stamp word ("Ngày đăng 22/06/2022 | 08:36"), next to
    a time ("Hải Đô 07/11/2023 06:13", "03:45 10/12/2024"), or ending a short line
    ("Thứ Hai, 28/07/2025").  The stamps' dates are the publication date when the
    input gives none: the crawler's first, then a stamp word's, then the others.
    """

    def __init__(self, lex: DatesLexicon) -> None:
        weekday = rf"(?:(?:{_words(lex.weekdays)})\s*,?\s*)"
        # Full dates, and the captions that run to the end of their line.
        self.regexes = [
            (_DAY_HEAD, rf"{_D}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})(?!\d)"),
            (_Head.of_words(lex.caption_starts), _fast_words(lex.caption_starts) + r"[^\n]*"),
        ]
        self._time_after = re.compile(rf"\s*[,|-]?\s*(?:lúc\s*)?{_TIME}", I)
        self._time_before = re.compile(rf"{_TIME}\s*[,|-]?\s*{weekday}?$", I)
        self._cue_before = re.compile(
            rf"(?<!\w)(?:{_words(lex.stamp_cues)})\s*:?\s*(?:lúc\s*)?(?:{_TIME}\s*[,|-]?\s*)?"
            rf"{weekday}?(?:ngày\s*)?$", I
        )
        self._line_end = re.compile(r"[\s|,-]*(?:\n|$)")
        self._line_max = lex.stamp_line_max_prefix
        self._capture = re.compile(lex.capture_stamp_pattern, I)

    def regions(self, text: str,
                matches: list[list[re.Match[str]]]) -> tuple[list[tuple[int, int]], list[dt.date]]:
        """Return the furniture stretches of ``text`` and the stamps' dates, most trusted first.

        ``matches`` are those of ``self.regexes`` over ``text`` (see ``_Finder``).
        """
        dates, captions = matches
        regions, ranked = [], []
        capture = self._capture.match(text)
        if capture:
            regions.append(capture.span())
            ranked.append((0, _safe_date(int(capture[1]), int(capture[2] or 1), int(capture[3] or 1))))
        for found in dates:
            stamp = self._stamp_around(text, found)
            if stamp:
                regions.append(stamp[:2])
                ranked.append((stamp[2], _date_of_stamp(found.group())))
        regions.extend(m.span() for m in captions)
        return regions, [d for _, d in sorted(ranked, key=lambda rank_date: rank_date[0]) if d]

    def _stamp_around(self, text: str, date: re.Match[str]) -> tuple[int, int, int] | None:
        """Return (start, end, rank) of the stamp holding ``date``, or None if it is no stamp.

        ``rank`` is 1 for a stamp word's date, 2 for the others.
        """
        start, end = date.span()
        cue = self._cue_before.search(text, max(0, start - 80), start)
        before = cue or self._time_before.search(text, max(0, start - 40), start)
        after = self._time_after.match(text, end, end + 30)
        line_start = text.rfind("\n", 0, start) + 1
        short_line = start - line_start <= self._line_max
        ends_line = short_line and self._line_end.match(text, after.end() if after else end)
        if not (before or after or ends_line):
            return None
        first = before.start() if before else (line_start if ends_line else start)
        return first, after.end() if after else end, 1 if cue else 2


def _date_of_stamp(text: str) -> dt.date | None:
    """Return the date of "07/11/2023" or "15-8-25" (a two-digit year is 20xx), or None."""
    day, month, year = _STAMP_DATE.match(text).groups()
    return _safe_date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# --------------------------------------------------------------------------- years


class _Anchor(NamedTuple):
    """An explicit year in the text, at ``offset``, that a day without a year may take.

    ``by_month`` holds the year a day of each month (January first) takes from it:
    mostly the anchor's own, but a period under review lends the next year to the
    first months ("Ngày 10/1, ... tổng kết năm 2024" is in 2025), and the lunar new
    year the year before to the last ones ("Ngày 28/12, ... Tết Ất Tỵ 2025" is in 2024).
    """

    offset: int
    by_month: tuple[int, ...]

    def year_for(self, mention: Mention) -> int:
        """Return the year this anchor lends to ``mention`` (by the month it ends in)."""
        return self.by_month[mention.last[0] - 1]


class YearContext:
    """Where a mention without a year takes its year from, in the guide's order:
    the title, the nearest explicit year, the publication date.

    A year from the title or the text is kept only when it puts the date near the
    publication date (when there is one): "Ngày 10/1" in an article about "năm 2022"
    published in January 2023 is 10 January 2023.
    """

    def __init__(self, text: str, anchors: list[_Anchor], title: _Anchor | None,
                 published: dt.date | None, window_days: tuple[int, int]) -> None:
        self._text = text
        self._anchors = anchors
        self._offsets = [a.offset for a in anchors]
        self._title = title
        self._published = published
        self._before, self._after = (dt.timedelta(days=n) for n in window_days)

    def year_of(self, mention: Mention) -> tuple[int, str] | None:
        """Return the year ``mention`` takes and where it came from, or None if no year fits."""
        for year, source in self._candidates(mention):
            if self._fits(mention, year):
                return year, source
        if self._published is None:
            return None
        return self._nearest_published_year(mention), "published"

    def _candidates(self, mention: Mention) -> Iterator[tuple[int, str]]:
        """Yield the years lent by the title, the nearest anchor on the line, the nearest
        anywhere: each looked up only when the ones before did not fit."""
        if self._title:
            yield self._title.year_for(mention), "title"
        for within_line in (True, False):
            anchor = self._nearest(mention, within_line)
            if anchor:
                yield anchor.year_for(mention), "context"

    def _nearest(self, mention: Mention, within_line: bool) -> _Anchor | None:
        lo, hi = 0, len(self._text)
        if within_line:
            lo = self._text.rfind("\n", 0, mention.start) + 1
            line_end = self._text.find("\n", mention.end)
            hi = hi if line_end < 0 else line_end
        i = bisect_left(self._offsets, mention.start)
        near = [a for a in self._anchors[max(0, i - 1) : i + 1] if lo <= a.offset <= hi]
        if not near and not within_line:
            near = self._anchors[max(0, i - 1) : i + 1]
        return min(near, key=lambda a: abs(a.offset - mention.start)) if near else None

    def _fits(self, mention: Mention, year: int) -> bool:
        span = bounds(mention, year - _wraps(mention), year)
        if span is None:
            return False
        if self._published is None:
            return True
        return span[0] <= self._published + self._after and span[1] >= self._published - self._before

    def _nearest_published_year(self, mention: Mention) -> int:
        pub = self._published
        fitting = [y for y in (pub.year - 1, pub.year, pub.year + 1) if bounds(mention, y - _wraps(mention), y)]
        return min(fitting or [pub.year], key=lambda y: abs((_start_in(mention, y) or pub) - pub))


def _wraps(mention: Mention) -> int:
    """Return 1 when a range crosses New Year ("28/12 - 3/1"), else 0."""
    last_month, last_day = mention.last
    return 1 if mention.first > (last_month, last_day or 31) else 0


def _start_in(mention: Mention, year: int) -> dt.date | None:
    span = bounds(mention, year - _wraps(mention), year)
    return span[0] if span else None


def anchor_year(mention: Mention, term_max_years: int) -> int:
    """Return the one year an explicit mention lends to its neighbours.

    A term ("nhiệm kỳ 2025 – 2030") lends its first year; an anniversary
    ("18/11/1930 - 18/11/2023") or a long run lends its last.
    """
    first, last = mention.years
    if mention.granularity == "year_range" and last - first <= term_max_years:
        return first
    return last


class AnchorReader:
    """The explicit years of a text as ``_Anchor`` objects, shifted by the words before them.

    A target or a starting point ("đến năm 2030", "từ năm 2021", "sinh năm 1971") is
    not the year the article is in.  A year under review in the same clause ("tổng
    kết ... năm 2024", "tiêu biểu năm 2024") is the year before a day early in the next
    year; the lunar new year's ("Tết Nguyên đán Ất Tỵ 2025") the year after a day
    late in the year before.  A lunar new year named without a year ("đón Tết Ất Tỵ
    sắp tới") is an anchor of its own, read only in a text with no explicit year
    and no publication date.
    """

    def __init__(self, lex: DatesLexicon) -> None:
        self.lex = lex
        self._not_anchor = _ends_with(lex.not_anchor_cues, rf"\s+(?:(?:{_words(lex.year_words)})\s+)?")
        # Words branch on their first letter (``_fast_words``): these are searched in a
        # clause before each year, and trying every word at each place costs more.
        self._review = re.compile(
            rf"(?<!\w){_fast_words(lex.review_year_cues)}(?i:(?:(?!{lex.clause_break_pattern}).)*)$"
        )
        lunar = _lunar_year_name(lex)
        self._festival = re.compile(
            rf"(?<!\w)(?:{_fast_words(lex.new_year_festival_words)}"
            rf"(?i:(?:\s+[^\W\d_]+){{0,{lex.festival_max_words}}}(?:\s+{lunar})?)"
            rf"|{_fast_words(lex.festival_words)}(?i:\s+{lunar}))\s+$"
        )

    def anchors(self, text: str, mentions: list[Mention]) -> list[_Anchor]:
        """Return the anchors of the explicit ``mentions`` of ``text``, in text order."""
        return [
            self._anchor(text, m) for m in mentions
            if m.explicit and not self._not_anchor.search(text, max(0, m.start - 30), m.start)
        ]

    def latest(self, text: str, mentions: list[Mention]) -> _Anchor | None:
        """Return the anchor of the latest explicit year among ``mentions`` (a title's), or None."""
        explicit = [m for m in mentions if m.explicit]
        if not explicit:
            return None
        return self._anchor(text, max(explicit, key=lambda m: anchor_year(m, self.lex.term_max_years)))

    def _anchor(self, text: str, mention: Mention) -> _Anchor:
        year = anchor_year(mention, self.lex.term_max_years)
        if mention.granularity != "year":  # a term, a quarter or a day dates its own time
            return _Anchor(mention.start, (year,) * 12)
        before = text[max(0, mention.start - self.lex.clause_max_chars) : mention.start]
        if self._festival.search(before):
            return self._new_year_anchor(mention.start, year)
        if self._review.search(before):
            last = self.lex.review_next_year_until_month
            return _Anchor(mention.start, (year + 1,) * last + (year,) * (12 - last))
        return _Anchor(mention.start, (year,) * 12)

    def _new_year_anchor(self, offset: int, year: int) -> _Anchor:
        """Return the anchor of the lunar new year of ``year``: the year before for a day late in a year."""
        first = self.lex.festival_previous_year_from_month - 1
        return _Anchor(offset, (year,) * first + (year - 1,) * (12 - first))

    def lunar_anchors(self, text: str) -> list[_Anchor]:
        """Return the anchors of the lunar new years ``text`` names by stem and branch
        ("vui xuân đón tết Ất Tỵ", "Tết Nguyên đán Bính Ngọ"), in text order.

        A name comes back every 60 years: the year is taken in the cycle that opens
        in ``lunar_cycle_first_year``.
        """
        # The festival words are found by ``str.find``, many times faster than a regex scan;
        # the regex is tried only where one is.
        starts = sorted({i for word in self._festival_spellings for i in _occurrences(text, word)})
        anchors = []
        for start in starts:
            match = self._lunar_new_year.match(text, start)
            if match and _word_start(match):
                year = self._lunar_year(match["stem"], match["branch"])
                if year is not None:
                    anchors.append(self._new_year_anchor(start, year))
        return anchors

    @cached_property
    def _festival_spellings(self) -> set[str]:
        """Return the first word of each festival word as written in lower, title and upper case."""
        words = {w.split()[0] for w in self.lex.festival_words + self.lex.new_year_festival_words}
        return {case(w) for w in words for case in (str.lower, str.capitalize, str.upper)}

    @cached_property
    def _lunar_new_year(self) -> re.Pattern[str]:
        # Compiled when first needed: only a text without an explicit year or a publication date is searched.
        lex = self.lex
        lunar = rf"(?P<stem>{_words(lex.lunar_stems)})\s+(?P<branch>{_words(lex.lunar_branches)})(?!\w)"
        return re.compile(
            rf"(?:(?:{_words(lex.new_year_festival_words)})(?:\s+[^\W\d_]+){{0,{lex.festival_max_words}}}"
            rf"|(?:{_words(lex.festival_words)}))\s+{lunar}", I
        )

    @cached_property
    def _lunar_places(self) -> tuple[dict[str, int], dict[str, int]]:
        """Return the place in the cycle of each stem and of each branch, by casefolded name."""
        lex = self.lex
        return ({k.casefold(): v for k, v in lex.lunar_stems.items()},
                {k.casefold(): v for k, v in lex.lunar_branches.items()})

    def _lunar_year(self, stem: str, branch: str) -> int | None:
        """Return the year of the stem and branch, or None for a pair no year has ("Giáp Sửu")."""
        s, b = self._lunar_places[0][stem.casefold()], self._lunar_places[1][branch.casefold()]
        place = next((p for p in range(s, 60, 10) if p % 12 == b), None)
        if place is None:
            return None
        return self.lex.lunar_cycle_first_year + place


def _occurrences(text: str, word: str) -> Iterator[int]:
    """Yield where ``word`` starts in ``text``."""
    start = text.find(word)
    while start >= 0:
        yield start
        start = text.find(word, start + 1)


def _lunar_year_name(lex: DatesLexicon) -> str:
    """Return the regex of a lunar year's name: a stem and a branch ("Ất Tỵ")."""
    return rf"(?:{_words(lex.lunar_stems)})\s+(?:{_words(lex.lunar_branches)})"


# --------------------------------------------------------------------------- extractor


@lru_cache(maxsize=1)
def default_lexicon() -> DatesLexicon:
    """Return ``resources/dates.json``, read once."""
    return load_lexicon("vnextract.extractors", "dates.json", DatesLexicon)


class DatesExtractor:
    """Every calendar expression of an article as a ``DateSpan``, one per mention.

    The mention of the reported event's day carries ``is_event_date`` (see
    ``EventDay``); the pipeline copies its ``date_start`` to ``articles.event_date``.
    """

    name = "dates"

    def __init__(self, lexicon: DatesLexicon | None = None) -> None:
        self.lex = lexicon or default_lexicon()
        self.grammar = Grammar(self.lex)
        self.furniture = Furniture(self.lex)
        # One scan of a text finds the matches of both the date rules and the furniture.
        self._finder = _Finder(self.grammar.regexes + self.furniture.regexes, ignore_case=True)
        self.anchors = AnchorReader(self.lex)
        self.event_day = EventDay(self.lex)

    def __call__(self, doc: SegmentedArticle) -> list[DateSpan]:
        text = doc.match_text
        mentions, stamp_dates = self.mentions(text)
        published = doc.article.published or (stamp_dates[0] if stamp_dates else None)
        title, title_mentions = self._title_mentions(doc.article.title)
        context = self._year_context(text, mentions, title, title_mentions, published)
        dated = [d for m in mentions if (d := _dated(m, context))]
        title_days = {m.first for m in title_mentions if _is_one_event(m)}
        event = self.event_day.find(text, dated, published, title_days)
        return [_span(doc.body, d, is_event_date=i == event) for i, d in enumerate(dated)]

    def _year_context(self, text: str, mentions: list[Mention], title: str, title_mentions: list[Mention],
                      published: dt.date | None) -> YearContext | None:
        """Return where the mentions without a year take one from; None when all have one."""
        if all(m.explicit for m in mentions):
            return None
        anchors = self.anchors.anchors(text, mentions)
        if not anchors and published is None:  # else the publication date places the days as well
            anchors = self.anchors.lunar_anchors(text)
        title_anchor = self.anchors.latest(title, title_mentions)
        return YearContext(text, anchors, title_anchor, published, self.lex.context_window_days)

    def mentions(self, text: str) -> tuple[list[Mention], list[dt.date]]:
        """Return the date mentions of ``text`` outside page furniture, and the stamps' dates."""
        regions, (furniture, stamp_dates) = self.regions(text)
        if furniture:
            regions = [r for r in regions if not _overlaps(r, furniture)]
        return [m for r in regions for m in r.mentions], stamp_dates

    def regions(self, text: str) -> tuple[list[Region], tuple[list[tuple[int, int]], list[dt.date]]]:
        """Return the date regions of ``text``, and its furniture (``Furniture.regions``)."""
        matches = self._finder.matches(text)
        rules = len(self.grammar.readers)
        return find_regions(self.grammar, matches[:rules]), self.furniture.regions(text, matches[rules:])

    def _title_mentions(self, title: str | None) -> tuple[str, list[Mention]]:
        """Return the tone-unified title and its date mentions (none without a title).

        A title without a digit is not read: what a title lends, an explicit year or a
        day, is written in digits.
        """
        if not title or not _ANY_DIGIT.search(title):
            return "", []
        text = unify_tones(title)
        return text, [m for r in self.regions(text)[0] for m in r.mentions]


class Dated(NamedTuple):
    """A mention whose years are settled: its first and last day, and where the year came from."""

    mention: Mention
    first: dt.date
    last: dt.date
    source: str


def _dated(mention: Mention, context: YearContext | None) -> Dated | None:
    """Return ``mention`` with its days, or None when it is impossible or has no year."""
    if mention.explicit:
        (start_year, end_year), source = mention.years, "explicit"
    else:
        inferred = context.year_of(mention)
        if inferred is None:
            return None
        year, source = inferred
        start_year, end_year = year - _wraps(mention), year
    span = bounds(mention, start_year, end_year)
    return Dated(mention, *span, source) if span else None


def _span(body: str, dated: Dated, is_event_date: bool) -> DateSpan:
    """Return ``dated`` written as a span of ``body``."""
    mention = dated.mention
    return DateSpan(
        start=mention.start, end=mention.end, text=body[mention.start : mention.end],
        value=format_value(mention.granularity, dated.first, dated.last), date_start=dated.first,
        date_end=dated.last, granularity=mention.granularity, is_event_date=is_event_date,
        year_source=dated.source,
    )


class EventDay:
    """Which mention names the day of the reported event.

    Candidates are days introduced as events are (``may_be_event``).  Of them, the
    first is taken, weaker ones only when no stronger is left: a day the headline
    does not name, then a day attached inside a clause of a sentence about background
    ("Cuộc bầu cử ... diễn ra vào ngày 23/5/2021 ... đã thành công"), then a day on a
    headline-like line (a repeated title).
    """

    def __init__(self, lex: DatesLexicon) -> None:
        self.lex = lex
        self._non_event = re.compile(
            rf"(?<!\w)(?:{_words(lex.non_event_cues)})[\s,(]*(?:(?:{_words(lex.day_words)})[\s,(]*)?$", I
        )
        self._document = re.compile(lex.document_reference_pattern)
        event_cues = [c for c in lex.day_cues + lex.weekdays if c not in lex.non_event_cues]
        self._event_cue = _ends_with(event_cues, r"[\s,(]{1,3}")
        self._sentence_end = re.compile(lex.sentence_end_pattern)
        self._background = re.compile(rf"(?<!\w)(?:{_words(lex.background_cues)})(?!\w)", I)
        self._window = tuple(dt.timedelta(days=n) for n in lex.event_window_days)  # before, after publication

    def find(self, text: str, dated: list[Dated], published: dt.date | None,
             title_days: set[tuple[int, int]]) -> int | None:
        """Return the index in ``dated`` of the mention naming the event's day, or None.

        ``title_days`` are the (month, day) pairs of the days the headline names; a
        candidate among them is taken before any other.
        """
        named = [i for i, d in enumerate(dated) if (d.first.month, d.first.day) in title_days]
        for indices in (named, range(len(dated))):
            candidates = (i for i in indices if self.may_be_event(text, dated[i], published))
            best = self._strongest(text, dated, candidates)
            if best is not None:
                return best
        return None

    def _strongest(self, text: str, dated: list[Dated], candidates: Iterable[int]) -> int | None:
        """Return the first of ``candidates`` with the least against it: being attached in
        a background clause, then sitting on a headline-like line.

        The candidates are read in text order, only until one has nothing against it.
        """
        best, best_doubts = None, (True, True)
        for i in candidates:
            mention = dated[i].mention
            doubts = self._in_background(text, mention), self._in_headline(text, mention)
            if best is None or doubts < best_doubts:
                best, best_doubts = i, doubts
                if doubts == (False, False):
                    break
        return best

    def _in_background(self, text: str, mention: Mention) -> bool:
        """Return whether ``mention`` is attached inside a clause of a background sentence.

        The sentence, before the day, names background ("bầu cử", "thành lập",
        "dự kiến") and the day does not open a clause of its own ("..., sáng 23/5, cử
        tri đi bầu" is the event; "cuộc bầu cử ngày 23/5" is not).
        """
        digits = _DIGIT.search(text, mention.start).start()
        low = max(0, digits - self.lex.sentence_max_chars)
        start = max(low, *(text.rfind(end, low, digits) + 1 for end in ".!?\n"))
        before = text[start:digits]
        return bool(self._background.search(before)) and not self._clause_opening.search(before)

    @cached_property
    def _clause_opening(self) -> re.Pattern[str]:
        # Compiled when first needed: only a day in a background sentence needs it.
        lex = self.lex
        opening_words = _words(lex.clause_opening_words + lex.day_cues + lex.weekdays)
        openers = rf"(?:{opening_words})(?!\w)|{lex.time_of_day_pattern}"
        return re.compile(rf"(?:^|[,;:(\u2013-])\s*(?:(?:{openers})[\s,]*)*$", I)

    def _in_headline(self, text: str, mention: Mention) -> bool:
        """Return whether ``mention`` sits on a short line that ends without punctuation."""
        start = text.rfind("\n", 0, mention.start) + 1
        end = text.find("\n", mention.end)
        line = text[start : len(text) if end < 0 else end].rstrip()
        return len(line) <= self.lex.headline_max_chars and not self._sentence_end.search(line)

    def may_be_event(self, text: str, dated: Dated, published: dt.date | None) -> bool:
        """Return whether a mention can be the day of the reported event.

        It is a day (or a few days) introduced as events are: after "Ngày", "Sáng",
        "thứ Bảy," or at the head of a line.  Not: a document's date ("Nghị quyết số
        43, ngày ..."), a deadline or start ("tính đến ngày", "từ ngày 1/7"), a named
        day ("đợt 3/2", "Lễ 30/4"), an anniversary span, or a day far from the
        publication date.
        """
        mention = dated.mention
        if mention.granularity not in ("day", "day_range"):
            return False
        if (dated.last - dated.first).days > self.lex.event_max_days:
            return False
        if published and not published - self._window[0] <= dated.first <= published + self._window[1]:
            return False
        digits = _DIGIT.search(text, mention.start).start()  # past the "ngày" of "ngày 9 tháng 2"
        line_start = text.rfind("\n", 0, digits) + 1
        before = text[max(line_start, digits - 80) : digits]
        if not (self._event_cue.search(before) or not before.strip()) or self._document.search(before):
            return False
        return not (mention.granularity == "day" and self._non_event.search(before))


def _is_one_event(mention: Mention) -> bool:
    """Return whether ``mention`` is a day or a run of days within one year (not an anniversary)."""
    first_year, last_year = mention.years
    return mention.granularity == "day" or (mention.granularity == "day_range" and first_year == last_year)


def _overlaps(region: Region, stretches: list[tuple[int, int]]) -> bool:
    return any(region.start < end and start < region.end for start, end in stretches)


@lru_cache(maxsize=1)
def _default_extractor() -> DatesExtractor:
    return DatesExtractor()


def date_spans(text: str) -> list[tuple[int, int]]:
    """Return the ``[start, end)`` of every date-like stretch of ``text``, sorted.

    Meant for other extractors to mask dates (a year is not a quantity): it covers
    every date expression whether or not its year can be inferred, publication
    stamps and the crawler's stamp included.  Offsets are those of ``text``.
    """
    regions, (furniture, _) = _default_extractor().regions(unify_tones(text))
    return sorted({(r.start, r.end) for r in regions} | set(furniture))
