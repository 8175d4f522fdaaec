"""Indicators: the quantities a report measures (counts, money, percentages, ratios).

Finding is regex-first.  One compiled pattern finds every written number in the
lower-cased match text; each is then read in place, left to right:

1. structure: list numbering "(1)", document numbers "21-NQ/TU", times, dates
   "3/2/1933", and numbers inside names ("Phường 9", "lần thứ 3", "đợt 19/5")
   are dropped;
2. quantity: scale words, then "%" / money / a measure / a counted noun from the
   lexicon ("8/8 khu phố", "1,6 tỷ đồng", "98,5%"); a number with no unit, or
   with a unit of time ("93 năm", "5 tuổi"), is not an indicator;
3. qualifiers: the comparator from the words just before ("hơn", "ước đạt") or
   after ("trở lên"), the kind from the last target or result cue earlier in
   the sentence, the period from the last year named there.

All word lists live in ``resources/indicators.json``.  Only regexes run over the
text: the extractor never word-segments or tags a sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from vnextract.extractors.base import IndicatorSpan
from vnextract.extractors.numbers import NumberWords, parse_number, scale_of, to_float
from vnextract.extractors.patterns import alternation, bare_alternation
from vnextract.pipeline.documents import SegmentedArticle, Sentence
from vnextract.schemas.lexicon import Lexicon, load_lexicon

# A written number, optionally a ratio "29/40".  Not glued to a word, a dot, a
# slash, "+" or ":" on its left ("Covid-19", "img_4709", "5+1", "03:45").  The
# look-behind comes after the first digit: a pattern that starts with a digit lets
# the regex engine skip to the digits, one that starts with a look-behind is tried
# at every position (a scan over the whole article, twice as slow).
NUMBER = re.compile(r"(\d(?<![\w.,:/+\-–]\d)\d*(?:[.,]\d+)*)(?:[ \t]?/[ \t]?(\d+(?:[.,]\d+)*))?")
# The second end of a range, read right after its joiner: glued to it ("10-12%") as
# well as spaced ("10 - 12%"), so without the look-behind of ``NUMBER``.
RANGE_END = re.compile(r"(\d+(?:[.,]\d+)*)(?:[ \t]?/[ \t]?(\d+(?:[.,]\d+)*))?")
# After a number: a third date part ("3/2/1933"), a code ("21-NQ/TU", "123/QĐ-UBND"),
# a time ("8:30", "14h30"), or a digit glued to more structure ("5+1", "2.3.4").
# A dash and a digit ("16-11", "75-80%") is left to the range reading: only a range
# whose second end has a unit is an indicator.
STRUCTURE_AFTER = re.compile(r"[ \t]?/[ \t]?\d|-[^\W\d_]|/[^\W\d_]|[:+]\d|h\d|[.,]\d")
LIST_NUMBER_BEFORE = re.compile(r"(?:\(\s*|^\s*|\n\s*)$")
LIST_NUMBER_AFTER = re.compile(r"\s*\)|[.)][ \t]")
# Words, numbers and single punctuation marks: the left context is read as tokens,
# so cue phrases are looked up in sets instead of by end-anchored regex searches.
TOKEN = re.compile(r"[^\W_]+|[^\w\s]")
CLAUSE_PUNCT = frozenset(",;.!?()“”\"…")
LIST_SEPARATORS = frozenset({",", "và", "&", "-", "–"})
YEAR = r"(?:năm|nhiệm kỳ|giai đoạn|niên độ)\s+((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?"
# The last year named in a window: ".*" backs off from the end to the nearest one
# (two namings of years never overlap, so this is the last of a left-to-right scan).
LAST_YEAR = re.compile(rf"(?s:.*){YEAR}")
# Clause ends; a dot or comma inside a number ("3.749", "1,6") is no break.
CLAUSE_BREAK = re.compile(r"[;!?\n()“”\"]|[.:,](?=\s|$)")
# The last clause break of a window in one call: ".*" runs to the window's end
# and backs off to the nearest break (breaks are single characters, never overlap).
LAST_CLAUSE_BREAK = re.compile(rf"(?s:.*)(?:{CLAUSE_BREAK.pattern})")
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d[\d.,/]*%?")
SPACES = re.compile(r"\s+")
LETTER = re.compile(r"[^\W\d_]")

MAX_LEFT = 60  # characters of left context read for names, cues and the subject
YEARS = range(1900, 2101)  # a bare number in this range with a guessed unit is a year
MAX_EVIDENCE_CHARS_LEFT = 50
MAX_SUBJECT_WORDS = 8
SUBJECT_HEAD_REACH = 3  # words before the cut searched for the head of a subject
ONE, ZERO = Decimal(1), Decimal(0)
RESTATEMENT_WORDS = 6  # words on each side that make two small figures one restatement
SAME_SUBJECT_WORDS = 3  # words after two small figures in two sentences that make them one restatement
RECURRING_COUNT = 10  # a count this large, stated again in another sentence, is a restatement


class IndicatorLexicon(Lexicon):
    """The word lists of ``resources/indicators.json`` (see that file for examples)."""

    numbers: NumberWords
    percent_words: list[str]
    money_words: list[str]
    money_context: list[str]
    measures: list[str]
    counted_nouns: list[str]
    person_classifiers: list[str]
    classifiers: list[str]
    not_units: list[str]
    target_units: list[str]
    percent_bases: list[str]  # "đạt 100% kế hoạch": what a percentage is of, not a group measured
    share_verbs: list[str]  # "chiếm 1,93% dân số": the noun after is the whole, the group is before
    area_units: list[str]
    achieved_before: list[str]
    name_prefixes: list[str]
    counting_prefixes: list[str]
    furniture_cues: list[str]
    comparator_cues: dict[str, list[str]]
    comparator_fillers: list[str]
    not_comparators: list[str]
    at_least_after: list[str]
    at_most_after: list[str]
    range_joiners: list[str]
    target_cues: list[str]
    actual_cues: list[str]
    achieved_targets: list[str]
    achieved_fillers: list[str]
    achieved_after: list[str]
    plan_modals: list[str]
    plan_subjects: list[str]
    plan_results: list[str]
    subject_trim: list[str]
    subject_heads: list[str]
    subject_tail_trim: list[str]
    multiple_units: list[str]
    multiple_before: list[str]
    stop_words: list[str]


@lru_cache(maxsize=1)
def load_indicator_lexicon() -> IndicatorLexicon:
    """Return the validated indicator lexicon (read once per process)."""
    return load_lexicon("vnextract.extractors", "indicators.json", IndicatorLexicon)


class Phrases:
    """A set of phrases looked up at the end of a token list ("khu phố" in [..., "khu", "phố"])."""

    def __init__(self, phrases: Iterable[str]) -> None:
        tuples = {tuple(TOKEN.findall(p)) for p in phrases} - {()}
        # indexed by last token, longest first: most lookups end at one failed dict probe
        self._by_last: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(tuples, key=len, reverse=True):
            self._by_last.setdefault(phrase[-1], []).append(phrase)
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(tuples, key=len, reverse=True):
            self._by_first.setdefault(phrase[0], []).append(phrase)

    def prefix(self, tokens: Sequence[str], i: int) -> int:
        """Return the number of tokens of the longest phrase starting at ``tokens[i]`` (0 if none)."""
        for phrase in self._by_first.get(tokens[i], ()) if i < len(tokens) else ():
            n = len(phrase)
            if tuple(tokens[i : i + n]) == phrase:
                return n
        return 0

    def suffix(self, tokens: Sequence[str]) -> int:
        """Return the number of tokens of the longest phrase ending ``tokens`` (0 if none)."""
        for phrase in self._by_last.get(tokens[-1], ()) if tokens else ():
            n = len(phrase)
            if n <= len(tokens) and tuple(tokens[-n:]) == phrase:
                return n
        return 0


class LabelledPhrases:
    """Phrases under labels ({">": ["hơn", ...]}): the longest phrase ending a token list gives its label."""

    def __init__(self, labelled: dict[str, list[str]]) -> None:
        self._phrases = Phrases(p for phrases in labelled.values() for p in phrases)
        self._labels: dict[tuple[str, ...], str] = {}
        for label, phrases in labelled.items():  # a phrase under two labels keeps the first
            for phrase in phrases:
                self._labels.setdefault(tuple(TOKEN.findall(phrase)), label)

    def label(self, tokens: Sequence[str]) -> str | None:
        """Return the label of the longest phrase ending ``tokens``, or None if none does."""
        n = self._phrases.suffix(tokens)
        return self._labels[tuple(tokens[-n:])] if n else None


class Quantity(NamedTuple):
    """A number read with what follows it: value, unit and where the reading ends.

    A named tuple rather than a frozen dataclass: one is made for every number that
    has a unit, and a tuple costs about half as much to make.
    """

    value: float
    unit: str
    unit_class: str  # "percent", "money", "measure", "noun", "guess"
    start: int
    end: int
    denominator: float | None = None
    comparator: str | None = None  # set by a range
    scale: Decimal = ONE


def _may_measure_pattern(lex: IndicatorLexicon) -> re.Pattern[str]:
    """Return the pattern of what may follow a number that measures something.

    A space, a letter, or the first mark of a unit or range joiner ("%", "-"), and
    no code, date or time (``STRUCTURE_AFTER``): "năm 2023." or "Phường 9," is
    dropped with one regex call, before any unit is looked up.
    """
    firsts = {w[0] for w in (*lex.percent_words, *lex.money_words, *lex.measures, *lex.range_joiners)}
    marks = "".join(f"|{re.escape(c)}" for c in sorted(firsts) if not re.match(r"[^\W\d_]|[ \t]", c))
    return re.compile(rf"(?!{STRUCTURE_AFTER.pattern})(?:[ \t]|[^\W\d_]{marks})")


# The kinds of unit, in the order they are tried: the first that matches wins.
UNIT_KINDS = ("percent", "not_unit", "noun", "classifier", "money", "measure")


def _unit_alternatives(lex: IndicatorLexicon) -> dict[str, str]:
    """Return the pattern of each kind of unit that may follow a number, one named group each.

    A percent, a word that is no unit ("5 năm"), a counted noun (before money: "11
    đồng chí" counts people, "11 đồng" is money), money, a measure.
    """
    word_end = r"(?![^\W\d_])"
    return {
        "percent": rf"[ \t]*(?P<percent>{alternation(lex.percent_words)})",
        "not_unit": rf"[ \t]*(?P<not_unit>{alternation(lex.not_units)}){word_end}",
        # an honorific classifier is no part of the counted noun: "25 vị đại biểu" counts "đại biểu"
        "noun": rf"[ \t]+(?:(?:{alternation(lex.person_classifiers)})[ \t]+)?"
                rf"(?P<noun>{alternation(lex.counted_nouns)}){word_end}",
        "classifier": rf"[ \t]+(?P<classifier>(?:{alternation(lex.classifiers)})[ \t]+[^\W\d_]+)",
        "money": rf"[ \t]*(?P<money>{alternation(lex.money_words)}){word_end}",
        "measure": rf"[ \t]?(?P<measure>{alternation(lex.measures)}){word_end}",
    }


def _unit_kinds(ratio: bool, scaled: bool) -> tuple[str, ...]:
    """Return the kinds of unit a number may have: a ratio ("8/8") is no percent nor sum; a scaled
    number has every kind ("30 ngàn tấn", "1,6 tỷ đồng")."""
    excluded = {"percent", "money"} if ratio else set()
    return tuple(kind for kind in UNIT_KINDS if kind not in excluded)


class _Rules:
    """The lexicon compiled into the regexes and phrase sets the extractor runs (built once)."""

    def __init__(self, lex: IndicatorLexicon) -> None:
        self.lex = lex
        self.may_measure = _may_measure_pattern(lex)
        word_end = r"(?![^\W\d_])"
        scales = alternation(lex.numbers.scales)
        self.scale = re.compile(rf"[ \t]*({scales}){word_end}")
        self.mixed_scale = re.compile(rf"[ \t]+(\d{{1,3}})[ \t]+({scales}){word_end}")
        # one pattern of every kind of unit serves all numbers; a ratio or scaled number
        # whose unit is of a kind it may not have reads on with the kinds after it
        # (rare: those patterns are compiled on first use)
        self._unit_alternatives = _unit_alternatives(lex)
        self._unit_patterns: dict[tuple[str, ...], re.Pattern[str]] = {}
        self.any_unit = self.unit_pattern(UNIT_KINDS)
        self.next_word = re.compile(r"[ \t]+([^\W\d_]+)")
        # "1.283 người/km2", "6,5 tấn/ha": a count or measure per area or measure is a rate
        self.per_measure = re.compile(rf"/(?:{alternation(lex.measures)})(?![^\W_])")
        self.money_context = re.compile(rf"(?<![^\W\d_])(?:{alternation(lex.money_context)}){word_end}")
        self.range_joiner = re.compile(rf"[ \t]*(?:{alternation(lex.range_joiners)})[ \t]*(?=\d)")
        # "trở lên" / "trở xuống" after a quantity: one named group each, at least first
        self.open_bound = re.compile(
            rf"[ \t]*(?:(?P<at_least>{alternation(lex.at_least_after)})|(?P<at_most>{alternation(lex.at_most_after)}))"
            rf"{word_end}")
        # cues start a word, which _word_match_ends checks: see there why not a lookbehind
        self.target_cue = re.compile(rf"(?:{alternation(lex.target_cues)}){word_end}")
        # bare branches that each start with a letter: see _bare_alternation
        self.actual_cue = re.compile(rf"(?:{'|'.join(lex.achieved_targets)}|{bare_alternation(lex.actual_cues)}){word_end}")
        self.name_prefixes = Phrases(lex.name_prefixes)
        self.counting_prefixes = Phrases(lex.counting_prefixes)
        self.furniture = Phrases(lex.furniture_cues)
        self.comparator_cues = LabelledPhrases(lex.comparator_cues)
        self.fillers = Phrases(lex.comparator_fillers)
        self.not_comparators = Phrases(lex.not_comparators)
        self.subject_trim = Phrases(lex.subject_trim)
        self.subject_heads = Phrases(lex.subject_heads)
        self.subject_tail_trim = Phrases(lex.subject_tail_trim)
        self.multiple_units = frozenset(lex.multiple_units)
        self.multiple_before = Phrases(lex.multiple_before)
        self.stop_words = frozenset(lex.stop_words)
        self.target_units = frozenset(lex.target_units)
        # "95% gia đình đạt ...", "100% số huyện ...": a share of a counted group, named after it
        self.share_of = Phrases(["số", *(n for n in lex.counted_nouns if n not in lex.percent_bases)])
        self.percent_bases = Phrases(lex.percent_bases)
        self.share_verbs = Phrases(lex.share_verbs)
        self.area_units = frozenset(lex.area_units)
        # a count that opens a list of its items: "5 xã: Hòa Sơn, ...", "2 thôn gồm Áp, ..."
        self.enumeration_after = re.compile(rf"[ \t]*(?::|(?:bao[ \t]+)?gồm{word_end})")
        self.achieved_before = Phrases(lex.achieved_before)
        self.achieved_fillers = Phrases(lex.achieved_fillers)
        # "21/21 chỉ tiêu đều đạt": a result verb a few words after the goals, no modal between
        modals = rf"(?!(?:{alternation(lex.plan_modals)}){word_end})"
        self.achieved_after = re.compile(
            rf"(?:[ \t]+{modals}[^\W\d_]+){{0,3}}?[ \t]+(?:{alternation(lex.achieved_after)}){word_end}")
        # the colon that opens the items of a count of goals: "16 chỉ tiêu cụ thể, nổi bật như:"
        self.goal_list_colon = re.compile(r"[^.;:!?\n]{0,40}:")
        self.goal_after = re.compile(rf"[ \t]+(?:{alternation(lex.target_units)}){word_end}")
        # a clause that opens with a plan and has no result verb states the plan:
        # "Tổng kế hoạch vốn ... là 251 tỷ" (matched from the clause start to the number)
        results = rf"(?<![^\W\d_])(?:{alternation(lex.plan_results)}){word_end}"
        self.plan_subject = re.compile(
            rf"\s*(?:{alternation(lex.plan_subjects)}){word_end}(?:(?!{results})[^\n])*$")


    def unit_pattern(self, kinds: tuple[str, ...]) -> re.Pattern[str]:
        """Return the pattern of the units of ``kinds``, tried in that order (compiled once)."""
        pattern = self._unit_patterns.get(kinds)
        if pattern is None:
            pattern = self._unit_patterns[kinds] = re.compile("|".join(self._unit_alternatives[k] for k in kinds))
        return pattern

    def unit_match(self, text: str, pos: int, ratio: bool, scaled: bool) -> re.Match[str] | None:
        """Return the unit after a number ending at ``pos``: the first of the kinds it may have that matches."""
        match = self.any_unit.match(text, pos)
        if match is None or not (ratio or scaled):
            return match
        allowed = _unit_kinds(ratio, scaled)
        if match.lastgroup in allowed:
            return match  # the kinds tried before it failed, allowed or not
        later = tuple(kind for kind in allowed if UNIT_KINDS.index(kind) > UNIT_KINDS.index(match.lastgroup))
        return self.unit_pattern(later).match(text, pos) if later else None


class IndicatorsExtractor:
    """Find the indicators of one segmented article: ``extractor(doc) -> [IndicatorSpan]``."""

    name = "indicators"

    def __init__(self, lexicon: IndicatorLexicon | None = None, guess_units: bool = True) -> None:
        """Compile the lexicon; ``guess_units`` also accepts an unlisted noun after a count."""
        self.rules = _Rules(lexicon or load_indicator_lexicon())
        self.guess_units = guess_units

    def __call__(self, doc: SegmentedArticle) -> list[IndicatorSpan]:
        """Return one span per indicator in ``doc.body``, in text order, restatements merged."""
        text = doc.match_text.lower()
        if len(text) != len(doc.match_text):  # a rare letter whose lower case is longer
            text = "".join(ch.lower()[0] for ch in doc.match_text)
        return _ArticleReader(self, doc, text).spans()


class _ArticleReader:
    """Reads the numbers of one article in order; caches the cues of each sentence."""

    def __init__(self, extractor: IndicatorsExtractor, doc: SegmentedArticle, text: str) -> None:
        self.rules, self.guess_units = extractor.rules, extractor.guess_units
        self.doc, self.text = doc, text
        self._kind_cues: dict[int, tuple[list[int], list[str]]] = {}
        # the last list of goals opened by a count ("12 chỉ tiêu: ..."): sentence, where its items start, kind
        self._goal_list: tuple[int, int, str] | None = None
        # a number's left context is read by several rules (structure, comparator,
        # kind, subject): each offset is tokenised and its clause found once
        self._left: dict[int, tuple[str, ...]] = {}
        self._clauses: dict[int, int] = {}

    def spans(self) -> list[IndicatorSpan]:
        """Return every indicator span once; a number read as the end of a range is not read again."""
        found: list[IndicatorSpan] = []
        kept: dict[tuple, list[Quantity]] = {}  # the quantities of ``found``, by figure
        first_sentences: dict[tuple, tuple[int | None, bool]] = {}
        consumed = 0
        for match in NUMBER.finditer(self.text):
            if match.start() < consumed or not self.rules.may_measure.match(self.text, match.end()):
                continue  # read already, part of a code or date, or ends a clause ("năm 2023.")
            # the unit is read first: it is cheap and rules out most numbers (years, dates)
            quantities = self._quantities(match)
            if not quantities or self._is_structural_context(match, quantities[0].unit_class):
                continue
            consumed = quantities[-1].end
            for q in quantities:
                sentence = self.doc.sentence_at(q.start)
                span = self._span(q, sentence)
                figure = _figure(q, span.comparator)
                if not self._restates(q, kept.get(figure, ())) and not self._restates_count(
                    q, sentence, span.comparator, first_sentences
                ):
                    kept.setdefault(figure, []).append(q)
                    found.append(span)
        return found

    def _restates_count(
        self,
        q: Quantity,
        sentence: Sentence | None,
        comparator: str,
        first_sentences: dict[tuple, tuple[int | None, bool]],
    ) -> bool:
        """Return True when ``q`` restates a count of 10 or more, or of areas, made in an earlier sentence.

        "bầu đủ 25 vị đại biểu ... xác nhận 25 vị đại biểu trúng cử": the same count
        of the same thing in another sentence is the same figure.  In one sentence two
        equal counts are items of a list ("xã A 20 suất, xã B 20 suất"); small counts
        and rates recur by chance and keep the context rule of ``_restatement_key``,
        except counts of areas (``area_units``): "sáp nhập 3 xã ... Nhiệm kỳ qua, 3 xã
        đã" names one set of places twice, unless each count lists its own places
        ("Huyện A thêm 2 thôn: ... Huyện B thêm 2 thôn gồm: ...").
        ``first_sentences`` maps each count seen to the sentence it was first read in,
        and whether a list of places followed it there.
        """
        if q.unit_class == "percent":
            return False
        small = q.value < RECURRING_COUNT
        if small and q.unit not in self.rules.area_units:
            return False
        here = sentence.start if sentence else None
        lists = small and bool(self.rules.enumeration_after.match(self.text, q.end))
        first, first_lists = first_sentences.setdefault((q.value, q.unit, q.denominator, comparator), (here, lists))
        return first != here and not (lists and first_lists)

    def _restates(self, q: Quantity, same_figure: Sequence[Quantity]) -> bool:
        """Return True when ``q`` states again a figure kept already ("The same number stated twice ... is one").

        ``same_figure`` are the kept quantities of ``q``'s figure (``_figure``).  A count
        or sum of 100 or more is specific enough not to recur by chance, unless items
        of one sentence repeat its frame: other words before it, the same after it
        ("(giảm hơn 238ha so với năm 2024); (tăng hơn 238 ha so với năm 2024)").  A
        smaller one is the same figure with the same words around it in its clause,
        or, in another sentence, with the same words after it ("5 ứng cử viên đại
        biểu HĐND tỉnh").  Most figures are stated once: the words are read only when
        one recurs.
        """
        if not same_figure:
            return False
        sentence = self.doc.sentence_at(q.start)
        left, right = self._restatement_context(q)
        if _is_specific(q):
            return any(not self._items_of_one_sentence(k, sentence, left, right) for k in same_figure)
        if any(self._restatement_context(k) == (left, right) for k in same_figure):
            return True
        return len(right) >= SAME_SUBJECT_WORDS and any(
            self.doc.sentence_at(k.start) != sentence and self._restatement_context(k)[1] == right for k in same_figure
        )

    def _items_of_one_sentence(self, k: Quantity, sentence: Sentence | None, left: list[str], right: list[str]) -> bool:
        """Return True when ``k`` and a figure with words ``left``/``right`` in ``sentence`` are two items of a list."""
        if not right or self.doc.sentence_at(k.start) != sentence:
            return False
        k_left, k_right = self._restatement_context(k)
        return k_right == right and k_left != left

    def _restatement_context(self, q: Quantity) -> tuple[list[str], list[str]]:
        """Return the words just before and just after ``q`` in its clause."""
        left = WORD.findall(self.text, self._clause_start(q.start), q.start)[-RESTATEMENT_WORDS:]
        stop = CLAUSE_BREAK.search(self.text, q.end, min(len(self.text), q.end + 50))
        right = WORD.findall(self.text, q.end, stop.start() if stop else q.end + 50)[:RESTATEMENT_WORDS]
        return left, right

    # -- what the number is -------------------------------------------------

    def _left_tokens(self, start: int) -> tuple[str, ...]:
        """Return the tokens of the ``MAX_LEFT`` characters before ``start`` (cached)."""
        tokens = self._left.get(start)
        if tokens is None:
            tokens = self._left[start] = tuple(TOKEN.findall(self.text, max(0, start - MAX_LEFT), start))
        return tokens

    def _is_structural_context(self, match: re.Match[str], unit_class: str | None = None) -> bool:
        """Return True for list numbers, furniture and numbers in names (what is after is no code).

        ``unit_class`` is the class of the quantity read at ``match``, when known.
        """
        text, start, end = self.text, match.start(), match.end()
        if LIST_NUMBER_AFTER.match(text, end) and LIST_NUMBER_BEFORE.search(text, max(0, start - 3), start):
            return True
        tokens = self._left_tokens(start)
        if tokens and tokens[-1] == ":":  # "Đang online: 58", "Phường: 9"
            tokens = tokens[:-1]
        if self.rules.furniture.suffix(tokens[:-1] if tokens and tokens[-1] == "." else tokens) > 0:
            return True
        # a name's number is plain digits and no rate or measure: "dân số của phường
        # 97.866 người", "giảm hằng năm 2,97%", "mắc ca 759ha" measure, "Phường 9" names;
        # a sentence end comes between a name and its number ("kế hoạch năm. 15/15 chỉ tiêu")
        if unit_class in ("percent", "measure") or not match.group(1).isdigit():
            return False
        return self._is_name(tokens)

    def _is_name(self, tokens: tuple[str, ...]) -> bool:
        """Return True after "Phường", "khu phố", "lần thứ" ..., also within "khu phố 2, 3 và 4"."""
        while len(tokens) >= 2 and tokens[-1] in LIST_SEPARATORS and tokens[-2].isdigit():
            tokens = tokens[:-2]
        rules = self.rules
        return rules.name_prefixes.suffix(tokens) > 0 and not rules.counting_prefixes.suffix(tokens)

    def _quantities(self, match: re.Match[str]) -> list[Quantity]:
        """Return the quantity at ``match``, two for a range ("75 - 80%"), or none."""
        scales = self._scales(match.end())
        first = self._read(match, scales)
        if match.group(2):
            return [first] if first is not None else []
        joiner = self.rules.range_joiner.match(self.text, first.end if first else scales[0])
        pair = self._range(match, first, joiner.end()) if joiner else None
        return pair or ([first] if first is not None else [])

    def _range(self, match: re.Match[str], first: Quantity | None, pos: int) -> list[Quantity] | None:
        """Return the two ends of "75 - 80%", "từ 120 triệu đến 130 triệu đồng", or None."""
        second_match = RANGE_END.match(self.text, pos)
        if (
            second_match is None
            or second_match.group(2)
            or not self.rules.may_measure.match(self.text, second_match.end())
        ):
            return None  # a date "19-8," or "14-15/8", a code
        # the unit next, as for any number: it rules out the other dates and codes at little cost
        second = self._read(second_match)
        if second is None or self._is_structural_context(second_match, second.unit_class):
            return None
        low = first if first is not None else self._read(match, high=second)
        if low is None or low.unit != second.unit or low.value >= second.value:
            return None
        return [_with(low, comparator=">=", end=match.end()), _with(second, comparator="<=")]

    def _read(
        self, match: re.Match[str], scales: tuple[int, Decimal, Decimal] | None = None, high: Quantity | None = None
    ) -> Quantity | None:
        """Return the quantity written at ``match``, or None if it measures nothing.

        ``scales`` is ``_scales(match.end())`` when the caller has it already.
        ``high`` is the upper end of a range: the lower end takes its unit and scale.
        """
        pos, factor, added = scales or self._scales(match.end())
        if high is not None:
            factor = factor if factor != 1 else high.scale
            unit = (high.unit, high.unit_class, match.end())
        else:  # the unit first: most numbers (years, dates) have none and need no parsing
            unit = self._unit(pos, factor != 1, match)
        if unit is None:
            return None
        numbers = self.rules.lex.numbers
        value = parse_number(match.group(1), numbers.max_digits)
        den = parse_number(match.group(2), numbers.max_digits) if match.group(2) else None
        if value is not None and (factor != 1 or added):  # "1,6 tỷ": most numbers have no scale word
            value = value * factor + added
        amount = to_float(value, numbers) if value is not None else None
        denominator = to_float(den, numbers) if den is not None else None
        if not amount and (amount is None or unit[1] != "percent"):
            return None  # malformed, absurd, or "Siêu thị 0 đồng", which names a shop
        if match.group(2) and denominator is None:
            return None
        return Quantity(amount, unit[0], unit[1], match.start(), unit[2], denominator, scale=factor)

    def _scales(self, pos: int) -> tuple[int, Decimal, Decimal]:
        """Return where the scale words after ``pos`` end, their product, and an added part.

        "1,6 tỷ" -> factor 1e9; "nghìn tỷ" -> 1e12; "193 tỷ 167 triệu" -> factor 1e9
        and 167e6 added: the second part adds to the first, it does not multiply it.
        """
        if not self.rules.scale.match(self.text, pos):
            return pos, ONE, ZERO  # most numbers: no scale word, nothing to multiply
        words: list[str] = []
        while scale := self.rules.scale.match(self.text, pos):
            words.append(scale.group(1))
            pos = scale.end()
        factor = scale_of(words, self.rules.lex.numbers) or ONE
        mixed = self.rules.mixed_scale.match(self.text, pos) if words else None
        if mixed is not None:
            smaller = scale_of([mixed.group(2)], self.rules.lex.numbers) or ZERO
            if smaller < factor:
                return mixed.end(), factor, Decimal(mixed.group(1)) * smaller
        return pos, factor, ZERO

    def _unit(self, pos: int, scaled: bool, match: re.Match[str]) -> tuple[str, str, int] | None:
        """Return (unit, class, end) of what follows the number ``match`` (its scale words end at ``pos``)."""
        rules, text, ratio = self.rules, self.text, match.group(2) is not None
        if m := rules.unit_match(text, pos, ratio, scaled):
            kind = m.lastgroup  # the one named group of the alternative that matched
            if kind == "not_unit":
                return None
            unit, unit_class = _UNIT_NAMES.get(kind, m.group(kind)), _UNIT_CLASSES[kind]
            if unit_class in ("noun", "measure") and (per := rules.per_measure.match(text, m.end())):
                # a rate: what it measures is the clause before it; its unit is the head, as the
                # gold writes "%" for "%/năm" and "VND" for "đồng/người/năm"
                return unit, "measure", per.end()
            return unit, unit_class, m.end()
        if scaled and not ratio and self._money_context(match.start()):
            return "VND", "money", pos
        digits = match.group(1).replace(".", "")
        if self.guess_units and not (ratio or scaled) and digits.isdigit() and int(digits) not in YEARS:
            return self._guessed_unit(pos, match.start())
        return None

    def _money_context(self, start: int) -> bool:
        """Return True when the clause before ``start`` speaks of money ("thuế ... thu được 9 tỷ")."""
        return bool(self.rules.money_context.search(self.text, self._clause_start(start), start))

    def _guessed_unit(self, pos: int, start: int) -> tuple[str, str, int] | None:
        """Return an unlisted noun after a count ("12 mảng tường"), when it looks like one.

        After punctuation or a capitalised word ("Chánh Lộc 7 hiện") a number rarely
        counts anything: it ends a name or starts a new item.  A comma after a word, though,
        may go on with a list of counts ("2.600 suất quà, 41 phương tiện sinh kế"), unlike one
        after a number ("tổ 1, 2 khu phố 3"); there the noun must run on, as a slogan's one
        word does not ("“3 gặp, 4 biết”").
        """
        m = self.rules.next_word.match(self.text, pos)
        if m is None or m.group(1) in self.rules.stop_words or self.doc.body[m.start(1)].isupper():
            return None
        previous = TOKEN.findall(self.doc.body, max(0, start - 20), start)
        if previous[-1:] == [","]:
            if not self.rules.next_word.match(self.text, m.end()):
                return None
            previous = previous[:-1]
        if not previous or not previous[-1].isalpha() or previous[-1][0].isupper():
            return None
        return m.group(1), "guess", m.end()

    # -- how it is qualified --------------------------------------------------

    def _span(self, q: Quantity, sentence: Sentence | None) -> IndicatorSpan:
        """Return the span of quantity ``q`` in ``sentence``, qualified by the words around it."""
        clause = self._clause_start(q.start)
        s_start = sentence.start if sentence else clause
        ev_start = self._evidence_start(q.start, clause)
        return IndicatorSpan(
            start=ev_start,
            end=q.end,
            text=self.doc.body[ev_start : q.end],
            subject=self._subject(q, clause),
            value=q.value,
            unit="VND" if q.unit_class == "money" else q.unit,
            denominator=q.denominator,
            comparator=q.comparator or self._comparator(q.start, q.end),
            kind=self._kind(s_start, q),
            period=self._period(s_start, q.start),
            confidence=_CONFIDENCE[q.unit_class],
        )

    def _comparator(self, start: int, end: int) -> str:
        """Return the comparator: "trở lên" after the quantity, else the cue right before it.

        Filler words may stand between cue and number ("ước đạt 48,13%", "hơn mức 5");
        the cue nearest the number wins ("ước đạt hơn 30 tỷ" -> ">").
        """
        rules = self.rules
        if bound := rules.open_bound.match(self.text, end):
            return ">=" if bound.lastgroup == "at_least" else "<="
        tokens = _clause_tail(self._left_tokens(start))
        if rules.not_comparators.suffix(tokens):  # "đạt và vượt 19/23 chỉ tiêu" is not "> 19"
            return "="
        while not (cue := rules.comparator_cues.label(tokens)) and (n := rules.fillers.suffix(tokens)):
            tokens = tokens[:-n]
        return cue or "="

    def _kind(self, s_start: int, q: Quantity) -> str:
        """Return "target" for goals and plans, "actual" for results.

        Counts of goals have their own rule (``_goal_kind``); a clause that states a
        plan ("Tổng kế hoạch vốn ... là") is a target; otherwise the last cue before
        the number in its sentence decides, and a number with none is a result.
        """
        cue, cue_in_clause = self._last_cue(s_start, q.start)
        if self._counts_goals(q):
            kind = self._goal_kind(q, cue, cue_in_clause)
            if colon := self.rules.goal_list_colon.match(self.text, q.end):
                self._goal_list = (s_start, colon.end(), kind)
            return kind
        if listed := self._goal_list_kind(s_start, q.start):
            return listed
        if self.rules.plan_subject.match(self.text, self._clause_start(q.start), q.start):
            return "target"
        return cue or "actual"

    def _goal_list_kind(self, s_start: int, start: int) -> str | None:
        """Return the kind of the goals whose list holds ``start``, or None when it is in no such list.

        "Đại hội đã ... thông qua 12 chỉ tiêu: hằng năm có trên 90% ...": the items of
        a list of goals are of the goals' kind, not of a cue before the list ("đã"); a
        cue inside the list decides for the items after it.
        """
        if self._goal_list is None or self._goal_list[0] != s_start or start < self._goal_list[1]:
            return None
        ends, _ = self._sentence_cues(s_start)
        i = bisect.bisect_right(ends, start) - 1
        return self._goal_list[2] if i < 0 or ends[i] <= self._goal_list[1] else None

    def _last_cue(self, s_start: int, start: int) -> tuple[str | None, bool]:
        """Return the kind of the last cue before ``start`` in its sentence, and whether a goal cue is in its clause."""
        ends, kinds = self._sentence_cues(s_start)
        i = bisect.bisect_right(ends, start) - 1
        if i < 0:
            return None, False
        # only a goal cue's place matters (``_goal_kind``): the clause is not looked up for others
        return kinds[i], kinds[i] == "target" and ends[i] > self._clause_start(start)

    def _counts_goals(self, q: Quantity) -> bool:
        """Return True for a count of goals: "18 chỉ tiêu", "13 nhóm nhiệm vụ"."""
        if q.unit_class not in ("noun", "guess"):
            return False
        return q.unit in self.rules.target_units or bool(self.rules.goal_after.match(self.text, q.end))

    def _goal_kind(self, q: Quantity, cue: str | None, cue_in_clause: bool) -> str:
        """Return the kind of a count of goals.

        Goals a result verb governs were achieved ("hoàn thành tất cả 23/23 chỉ tiêu",
        "21/21 chỉ tiêu đều đạt"), unless a goal cue leads the clause ("phấn đấu
        hoàn thành ..."); a share of goals ("80/80 chỉ tiêu") is a result unless a
        cue says otherwise; a plain count ("xác định 13 nhóm nhiệm vụ") names the plan.
        """
        if self._goals_achieved(q):
            return "target" if cue == "target" and cue_in_clause else "actual"
        if q.denominator is not None:
            return cue or "actual"
        return "target"

    def _goals_achieved(self, q: Quantity) -> bool:
        """Return True when a result verb governs the goals, just before or just after them."""
        rules = self.rules
        tokens = _clause_tail(self._left_tokens(q.start))
        while n := rules.achieved_fillers.suffix(tokens):  # "hoàn thành tất cả 23/23"
            tokens = tokens[:-n]
        return rules.achieved_before.suffix(tokens) > 0 or bool(rules.achieved_after.match(self.text, q.end))

    def _sentence_cues(self, s_start: int) -> tuple[list[int], list[str]]:
        """Return the end offsets and kinds of the cues in the sentence at ``s_start`` (cached)."""
        if s_start not in self._kind_cues:
            sentence = self.doc.sentence_at(s_start)
            s_end = sentence.end if sentence else len(self.text)
            cues = [(end, "target") for end in _word_match_ends(self.rules.target_cue, self.text, s_start, s_end)]
            cues += [(end, "actual") for end in _word_match_ends(self.rules.actual_cue, self.text, s_start, s_end)]
            # a result cue ending where a goal cue ends ("đạt các chỉ tiêu ... đề ra") wins
            cues.sort(key=lambda cue: (cue[0], cue[1] == "actual"))
            self._kind_cues[s_start] = ([c[0] for c in cues], [c[1] for c in cues])
        return self._kind_cues[s_start]

    def _period(self, s_start: int, start: int) -> str | None:
        """Return the last year ("2023") or run of years ("2020/2025") named before the number."""
        last = LAST_YEAR.match(self.text, s_start, start)
        if last is None:
            return None
        return f"{last.group(1)}/{last.group(2)}" if last.group(2) else last.group(1)

    # -- the words around it --------------------------------------------------

    def _clause_start(self, start: int) -> int:
        """Return where the clause holding ``start`` begins (after ";", ":", ", " ...; cached)."""
        clause = self._clauses.get(start)
        if clause is None:
            clause = self._clauses[start] = self._find_clause_start(start)
        return clause

    def _find_clause_start(self, start: int) -> int:
        """Return the end of the last clause break in the ``2 * MAX_LEFT`` characters before ``start``."""
        window_start = max(0, start - MAX_LEFT * 2)
        last = LAST_CLAUSE_BREAK.match(self.text, window_start, start)
        if last is not None:
            return last.end()
        if window_start == 0:
            return 0
        space = SPACES.search(self.text, window_start, start)  # do not start mid-word
        return space.end() if space else start

    def _evidence_start(self, start: int, clause: int) -> int:
        """Return where the evidence starts: the clause of the number, at most a few words back."""
        left = clause
        if start - clause > MAX_EVIDENCE_CHARS_LEFT:
            space = SPACES.search(self.text, start - MAX_EVIDENCE_CHARS_LEFT, start)
            left = space.end() if space else clause
        while left < start and self.text[left].isspace():
            left += 1
        return left

    def _subject(self, q: Quantity, clause: int) -> str:
        """Return what is measured: the clause before a rate or sum, or the counted noun and after.

        A multiple ("tăng gấp 3,4 lần") measures what the clause before it names.
        """
        if q.unit_class in ("noun", "guess") and not self._is_multiple(q):
            return self._right_words(q.end, q.unit)
        if q.unit_class == "percent" and self._share_of_group(q):
            return self._right_words(q.end, "")
        words = self._trimmed(WORD.findall(self.text, clause, q.start))
        if not words and clause > 1:  # "Thu ngân sách 3,7 tỷ đồng, đạt 100,2%": the clause before
            before = WORD.findall(self.text, self._clause_start(clause - 1), clause)
            first_number = next((i for i, w in enumerate(before) if w[0].isdigit()), len(before))
            words = self._trimmed(before[:first_number])
        return " ".join(words[self._subject_start(words) :]) or self._right_words(q.end, "")

    def _share_of_group(self, q: Quantity) -> bool:
        """Return True when percentage ``q`` is followed by the group it is a share of ("95% gia
        đình đạt ..."), not by what it is measured against ("120% dự toán", "chiếm 2% dân số")."""
        rules, end = self.rules, q.end
        stop = CLAUSE_BREAK.search(self.text, end, min(len(self.text), end + 40))
        words = [w.lower() for w in WORD.findall(self.text, end, stop.start() if stop else end + 40)[:4]]
        if not words or rules.percent_bases.prefix(words, 0) or not rules.share_of.prefix(words, 0):
            return False
        before = [w.lower() for w in WORD.findall(self.text, self._clause_start(q.start), q.start)]
        return not any(rules.share_verbs.suffix(before[: len(before) - i]) for i in range(min(3, len(before))))

    def _is_multiple(self, q: Quantity) -> bool:
        """Return True for "gấp 1,7 lần", "tăng 1,3 lần": a ratio to an earlier level, not a count."""
        rules = self.rules
        return q.unit in rules.multiple_units and rules.multiple_before.suffix(self._left_tokens(q.start)) > 0

    def _subject_start(self, words: list[str]) -> int:
        """Return where a subject read left of the number starts: at most ``MAX_SUBJECT_WORDS`` back.

        A cut inside a compound gives fragments ("lệ hộ nghèo giảm ..."): a subject
        head ("tỷ lệ", "giá trị") a few words before the cut is taken in whole.
        """
        cut = len(words) - MAX_SUBJECT_WORDS
        for i in range(cut - 1, max(0, cut - SUBJECT_HEAD_REACH) - 1, -1):
            if self.rules.subject_heads.prefix(words, i):
                return i
        return max(0, cut)

    def _trimmed(self, words: list[str]) -> list[str]:
        """Return ``words`` without the verbs and cues that end them ("đạt", "ước đạt hơn")."""
        while n := self.rules.subject_trim.suffix(words):
            words = words[:-n]
        return words

    def _right_words(self, end: int, head: str) -> str:
        """Return ``head`` followed by the first words of the clause after ``end``.

        The words stop before the next number ("đại biểu đại diện cho 1.863 đảng
        viên" names two counts) and do not end on a function word ("cho", "của", "với").
        """
        stop = CLAUSE_BREAK.search(self.text, end, min(len(self.text), end + 80))
        tail = WORD.findall(self.text, end, stop.start() if stop else min(len(self.text), end + 80))
        tail = tail[: MAX_SUBJECT_WORDS - (2 if head else 0)]
        for i, word in enumerate(tail):
            if word[0].isdigit():
                tail = tail[:i]
                break
        while n := self.rules.subject_tail_trim.suffix(tail):
            tail = tail[:-n]
        words = ([head] if head else []) + tail
        return " ".join(words) or "?"


_UNIT_NAMES = {"percent": "%", "money": "VND"}  # the others are the words read
_UNIT_CLASSES = {"percent": "percent", "noun": "noun", "classifier": "noun", "money": "money", "measure": "measure"}
_CONFIDENCE = {"percent": 0.9, "money": 0.9, "measure": 0.85, "noun": 0.8, "guess": 0.5}


def _clause_tail(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Return the tokens after the last clause punctuation (":" does not end a clause)."""
    for i in range(len(tokens) - 1, -1, -1):
        if tokens[i] in CLAUSE_PUNCT:
            return tokens[i + 1 :]
    return tokens


def _word_match_ends(pattern: re.Pattern[str], text: str, pos: int, endpos: int) -> list[int]:
    r"""Return the ends of the matches of ``pattern`` in ``text[pos:endpos]`` that start a word.

    The same as ``finditer`` with a leading ``(?<![^\W\d_])``, at half the cost: a
    pattern that starts with a lookbehind is tried at every position, one that starts
    with letters lets the regex engine skip to the positions where they occur.
    """
    ends = []
    while match := pattern.search(text, pos, endpos):
        start = match.start()
        if start and LETTER.match(text, start - 1):
            pos = start + 1  # inside a word: look again from the next position, as finditer would
            continue
        ends.append(match.end())
        pos = match.end()
    return ends


def _figure(q: Quantity, comparator: str) -> tuple:
    """Return what two statements of one figure share, whatever the words around them."""
    return q.value, q.unit, q.denominator, comparator, _is_specific(q)


def _is_specific(q: Quantity) -> bool:
    """Return True for a count or sum of 100 or more: specific enough not to recur by chance."""
    return q.unit_class != "percent" and q.value >= 100


def _with(q: Quantity, comparator: str, end: int | None = None) -> Quantity:
    return q._replace(comparator=comparator, end=q.end if end is None else end)
