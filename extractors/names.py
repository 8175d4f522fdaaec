"""Vietnamese personal names: which runs of capitalised syllables are a person.

Read: the surname and context lexicons under ``resources/``.  The functions here
look at short windows of the match text (tones unified) around an office that
``positions`` found; they never scan a whole article word by word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from vnextract.extractors import patterns
from vnextract.extractors.gazetteer import Gazetteer, exact_key, load_gazetteer
from vnextract.pipeline.text import comparison_key
from vnextract.schemas.lexicon import Lexicon, load_lexicon

_PACKAGE = "vnextract.extractors"

# Upper-case Latin letters of Vietnamese (A-Z, the toned capitals, Đ), as a class body.
UPPER = "".join(
    ch for code in (*range(0x41, 0x250), *range(0x1E00, 0x1F00))
    if (ch := chr(code)).isalpha() and ch.isupper()
)
LOWER = "".join(
    ch for code in (*range(0x61, 0x250), *range(0x1E00, 0x1F00))
    if (ch := chr(code)).isalpha() and ch.islower()
)
CAP = rf"[{UPPER}]\w*"
# A syllable of a name: one capital, then lower case ("Hương", not "HCM" or "TP"); names of the
# Central Highlands also join a capital to the next by an apostrophe ("Điểu K’Ré", "H’Hen Niê").
# The capital comes first and the look-behind (nothing of a word before it) after it: a pattern
# opening with a character class lets the regex engine skip ahead to the next capital.
NAME_WORD = rf"[{UPPER}](?<!\w.)(?:[’'][{UPPER}])?[{LOWER}]*(?!\w)"
_JOINED_CAPITAL = re.compile(rf"^[{UPPER}][’'](?=[{UPPER}])")
_WORD = re.compile(r"[\w./'’]+")
# A run of up to six capitalised words, as written before or after an office.
NAME_RUN = rf"{NAME_WORD}(?:[ \t]+{NAME_WORD}){{0,5}}"
NAME_RUN_END = re.compile(rf"{NAME_WORD}(?:[ \t]+{NAME_WORD})*$")
_CAP_RUN = re.compile(rf"{NAME_WORD}(?:[ \t]+{NAME_WORD})+")


class SurnameLexicon(Lexicon):
    """``officials_surnames.json``: family names, most frequent first."""

    description: str
    surnames: list[str]


class ContextLexicon(Lexicon):
    """``officials_context.json``: words around names and inside organizations."""

    description: str
    honorifics: list[str]
    ranks: list[str]
    titles_after_name: list[str]
    place_words: list[str]
    honour_words: list[str]
    honoured_names: list[str]
    connectors: list[str]
    career_verbs: list[str]
    list_openers: list[str]
    scene_words: list[str]
    org_words: list[str]
    party_committees: list[str]
    committee_of_unit: dict[str, str]
    unit_words: list[str]
    not_name_words: list[str]
    closing_given_names: list[str]
    abbreviations: dict[str, str]
    org_compounds: list[str]
    middle_names: list[str]
    name_like_honorifics: list[str]


def lower_same_length(text: str) -> str:
    """Return ``text`` lower-cased, each character on its own ("İ" would become two), so that
    offsets in ``text`` are valid in the result."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def load_context() -> ContextLexicon:
    """Return the validated context lexicon."""
    return load_lexicon(_PACKAGE, "officials_context.json", ContextLexicon)


def alternation(phrases: list[str], *, word_start: bool = False) -> str:
    """Return a regex matching any of ``phrases`` (the longest where several fit), spaces
    matching any blank, factored as a trie (``patterns.alternation``); with ``word_start``,
    only where a word starts."""
    return patterns.alternation(phrases, blank=r"[ \t]+", word_start=word_start)


@dataclass(frozen=True, slots=True)
class NameSpan:
    """A person's name found in the match text: ``[start, end)`` and the tokens."""

    start: int
    end: int
    text: str
    known_surname: bool = True


class NameRules:
    """Decides which capitalised runs are personal names, and reads their context."""

    def __init__(self, context: ContextLexicon | None = None, gazetteer: Gazetteer | None = None) -> None:
        surnames = load_lexicon(_PACKAGE, "officials_surnames.json", SurnameLexicon)
        self.context = context or load_context()
        self.gazetteer = gazetteer or load_gazetteer()
        self.surname_rank = {s: i for i, s in enumerate(surnames.surnames)}
        self.middle_names = frozenset(self.context.middle_names)
        self.honorific_words = frozenset(h.capitalize() for h in self.context.honorifics if " " not in h)
        self.not_name = set(self.context.not_name_words)
        self.closing_given_names = frozenset(self.context.closing_given_names)
        self.org_compounds = set(self.context.org_compounds)
        self.honoured = {comparison_key(n) for n in self.context.honoured_names}
        # The "..._before" patterns read a lower-cased window that ends where a name or run
        # starts (see ``lower_same_length``): cheaper than case-insensitive matching.
        self.place_before = re.compile(rf"(?:{alternation(self.context.place_words, word_start=True)})[ \t]*$")
        self.honorific_before = re.compile(rf"(?:{alternation(self.context.honorifics, word_start=True)})[ \t]+$")
        # ``words_before``: which words close the window before a name, read backwards
        self._closing_words = re.compile(
            r"\n?"  # as "$" does, a final newline is passed over
            + _closing("honorific", r"[ \t]+", self.context.honorifics)
            + _closing("rank", r"[ \t]+", self.context.ranks)
            + _closing("place_before", r"[ \t]*", self.context.place_words)
            + _closing("honour_before", r"(?:[ \t]+\w+)?[ \t]+", self.context.honour_words)  # "liệt sĩ Nguyễn "
        )
        # the same names recur across mentions and articles: each run is read once
        self._first_tail = lru_cache(maxsize=8192)(self._first_tail_of)
        self._run_tails = lru_cache(maxsize=8192)(self._run_tails_of)
        # "Nguyễn Việt Hà Đại biểu Quốc hội": a capitalised run may end on the first syllable
        # of a rank or title written after the name, which is no syllable of the name
        titles = [t for t in self.context.ranks + self.context.titles_after_name if " " in t]
        self._titles_after = frozenset(titles)
        self._title_rest = re.compile(rf"[ \t]+({alternation(sorted({t.split(' ', 1)[1] for t in titles}))})(?!\w)")
        variants = [v for w in self.context.place_words for v in (w, w.capitalize(), w.upper())]
        self._place_run = re.compile(rf"(?:{alternation(variants, word_start=True)})[ \t]+({CAP}(?:[ \t]+{CAP})*)")

    def is_name_word(self, word: str) -> bool:
        """Return True when ``word`` can be a syllable of a name: "Hương", "K’Ré", not "UBND" or "Ủy"."""
        if not word.isalpha():
            word = _JOINED_CAPITAL.sub("", word)  # "K’Ré" is read as "Ré"
        return (
            word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:].islower())
            and word not in self.not_name
        )

    def run_end(self, text: str, start: int, end: int) -> int:
        """Return where the run of capitalised words ``text[start:end]`` ends as a name: before
        its last word when that word opens a rank or title the text goes on with ("... Hà Đại
        biểu Quốc hội"), else at ``end``."""
        rest = self._title_rest.match(text, end)
        if rest is None:
            return end
        last = max(text.rfind(" ", start, end), text.rfind("\t", start, end)) + 1  # the last word's start
        if last <= start or f"{text[last:end]} {rest.group(1)}".lower() not in self._titles_after:
            return end
        while text[last - 1] in " \t":  # the blanks before the last word
            last -= 1
        return last

    def is_surname(self, word: str) -> bool:
        return word in self.surname_rank

    def may_start_name(self, words: list[str], i: int) -> bool:
        """Return True when ``words[i]`` may open a full name: a known surname, or any syllable
        followed by a middle name and a given name ("Cổ Thị Ngọc Điệp": "Thị", "Văn" are
        almost never anything but middle names).  A syllable joined by an apostrophe opens the
        given names of the Central Highlands ("Y’Thanh Hà Niê Kđăm", "H’Hen Niê", "K’Ré")."""
        return (
            words[i] in self.surname_rank
            or (i + 2 < len(words) and words[i + 1] in self.middle_names)
            or _JOINED_CAPITAL.match(words[i]) is not None
        )

    def is_place(self, words: Sequence[tuple[int, int, str]]) -> bool:
        """Return True when ``words`` spell a ward, district or province of the official list,
        marks included: "Hà Thanh" is a ward, "Hà Thành" may be a person."""
        name = " ".join(w for _, _, w in words)
        key = exact_key(name)
        g = self.gazetteer
        return any(unit.name and exact_key(unit.name) == key for unit in (*g.wards(name), *g.districts(name), *g.provinces(name)))

    def name_in_run(
        self, text: str, start: int, end: int, *, after_place: bool, places: PlaceNames | None = None
    ) -> NameSpan | None:
        """Return the name ending a run of capitalised words ``text[start:end]``, or None.

        After a place word ("quận Hoàng Mai Nguyễn Quang Hiếu") the place takes the
        first two syllables, one if nothing else fits; the whole run is a name only
        when the article never uses it as a place ("HĐND thành phố Nguyễn Ngọc Tuấn").
        Elsewhere the whole run is the name when short enough, else the shortest
        tail of three syllables or more ("Tỉnh ủy Đồng Nai Trần Thị Minh Hoàng").
        """
        end = self.run_end(text, start, end)
        found = self._run_tails(text[start:end])
        if found is None:
            return None
        words, tails, placed = found
        if placed:  # the official list told where the place before the name ends
            return self._span(text, words[tails[0] :], start)
        if after_place:
            whole = 0 in tails and 3 <= len(words) <= 4 and not self._used_as_place(words, places)
            tails = [0] if whole else [i for i in tails if i >= 2] or [i for i in tails if i >= 1 and len(words) - i >= 3]
        elif tails[0] == 0 and len(words) <= 4:
            tails = [0]
        else:  # "Sở Y Tế Nguyễn Văn An": of the long tails, the one opening with the commonest surname
            long_tails = [i for i in tails if len(words) - i >= 3] or tails[-1:]
            tails = [min(long_tails, key=lambda i: self.surname_rank.get(words[i][2], 999))]
        if not tails:
            return None
        return self._span(text, words[tails[0] :], start)

    def _run_tails_of(self, run: str) -> tuple[tuple[tuple[int, int, str], ...], tuple[int, ...], bool] | None:
        """Return the words of a capitalised run (offsets in ``run``), the tails that may be a
        name, and whether the official list told where a place before them ends; None when
        no tail may be a name or the run is a place.  Cached: tuples, which no caller can change."""
        words = tuple(_words(run, 0, len(run)))
        tails = [
            i for i in self._name_tails([w for _, _, w in words])
            if not (i and f"{words[i - 1][2]} {words[i][2]}" in self.org_compounds)  # "Tỉnh Đoàn Bình Dương"
        ]
        if not tails or self.is_place(words):  # "Bí thư Tỉnh ủy Hà Giang dự": a place, not a person
            return None
        # "Tỉnh ủy Hưng Yên Nguyễn Hữu Nghĩa": the official list tells where the place ends
        placed = [i for i in tails if i and self.is_place(words[:i])]
        return (words, (placed[-1],), True) if placed else (words, tuple(tails), False)

    def _span(self, text: str, words: Sequence[tuple[int, int, str]], offset: int = 0) -> NameSpan:
        """Return the name spelled by ``words`` (consecutive words of ``text``, their offsets
        counted from ``offset``)."""
        start, end = offset + words[0][0], offset + words[-1][1]
        return NameSpan(start, end, text[start:end], self.is_surname(words[0][2]))

    @staticmethod
    def _used_as_place(words: Sequence[tuple[int, int, str]], places: PlaceNames | None) -> bool:
        """Return True when the article writes the run's first one, two or all words as a place."""
        if places is None:
            return False
        prefixes = {comparison_key(" ".join(w for _, _, w in words[:n])) for n in (1, 2, len(words))}
        return bool(prefixes & places.keys)

    def places(self, text: str, office: re.Pattern[str]) -> frozenset[str]:
        """Return the capitalised runs ``text`` writes after a place word with no ``office`` just before:
        "Đảng ủy phường Nguyễn Cư Trinh tổ chức" makes "Nguyễn Cư Trinh" a place."""
        return frozenset(
            comparison_key(m.group(1)) for m in self._place_run.finditer(text)
            if not office.search(text, max(0, m.start() - 40), m.start())
        )

    def name_from_left(self, text: str, start: int, end: int) -> NameSpan | None:
        """Return the name inside a capitalised run that ends at an office: the first valid tail."""
        found = self._first_tail(text[start : self.run_end(text, start, end)])
        return None if found is None else self._span(text, found, start)

    def _first_tail_of(self, run: str) -> tuple[tuple[int, int, str], ...] | None:
        """Return the words (offsets in ``run``) of the first tail of a capitalised run that
        reads as a full name, or None.  Cached: a tuple, which no caller can change."""
        tails = self._name_tails(_WORD.findall(run))
        if not tails:  # most runs: their offsets are not needed
            return None
        return tuple(_words(run, 0, len(run))[tails[0] :])

    def words_before(self, window: str) -> dict[str, bool]:
        """Return which words, then blanks, close ``window`` (lower-cased, the text before a name):
        "honorific" ("ông "), "rank" ("đại tá "), "place_before" ("phường"), "honour_before"
        ("anh hùng liệt sĩ ": a word may follow).

        Read backwards: a search for words anchored at the window's end ("ông[ \t]+$") is tried
        at every character of the window; in the reversed window, one match at its start
        answers for every kind.
        """
        found = self._closing_words.match(window[::-1])
        return {kind: words is not None for kind, words in found.groupdict().items()}

    def name_after_honorific(self, text: str, start: int, end: int) -> NameSpan | None:
        """Return the whole run ``text[start:end]`` as a name when an honorific opens it ("ông Bảo
        Thọ - Ủy viên ...", "Ông Bảo Thọ, ..."): a person, whatever the surname; else None."""
        words = _words(text, start, self.run_end(text, start, end))
        lead = 1 if words and words[0][2] in self.honorific_words else 0
        words = words[lead:]
        if not 2 <= len(words) <= 4 or not all(self._is_name_syllable(w, i, len(words)) for i, (_, _, w) in enumerate(words)):
            return None
        if not lead and not self.honorific_before.search(lower_same_length(text[max(0, start - 12) : start])):
            return None
        return self._span(text, words)

    def _name_tails(self, texts: list[str]) -> list[int]:
        """Return each ``i`` where ``texts[i:]`` (words) read as a full name: 2 to 5 syllables,
        all name words, a surname (or a syllable before a middle name) first."""
        # every syllable of a tail is a name word: tails start after the last other word
        first, lowest = len(texts), max(0, len(texts) - 5)
        if texts and texts[-1] in self.closing_given_names:  # "Nguyễn Văn Hội"
            first -= 1
        while first > lowest and self.is_name_word(texts[first - 1]):
            first -= 1
        return [i for i in range(first, len(texts) - 1) if self.may_start_name(texts, i)]

    def _is_name_syllable(self, word: str, index: int, count: int) -> bool:
        """Return True when ``word``, syllable ``index`` of ``count``, can be there in a name: a name
        word anywhere, a given name that is also a common word only last ("Nguyễn Văn Hội")."""
        return self.is_name_word(word) or (index == count - 1 and index > 0 and word in self.closing_given_names)

    def contains_name(self, text: str, start: int, end: int) -> bool:
        """Return True when some run of capitalised words in ``text[start:end]`` is a full name."""
        return any(
            self.name_from_left(text, m.start(), m.end()) for m in _CAP_RUN.finditer(text, start, end)
        )

    def is_honoured(self, name: str) -> bool:
        return comparison_key(name) in self.honoured


def _closing(kind: str, after: str, phrases: list[str]) -> str:
    """Return the regex, over a reversed window, of one of ``phrases`` closing the window with
    ``after`` (blanks, written as read backwards) after it: a lookahead at the window's end that
    captures group ``kind`` when they do and matches empty otherwise."""
    reversed_phrases = alternation([phrase[::-1] for phrase in phrases])
    return rf"(?=(?P<{kind}>{after}(?:{reversed_phrases})(?!\w))|)"


def _words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Return the words of ``text[start:end]`` with their offsets in ``text``."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, end)]


class PlaceNames:
    """The capitalised runs one article writes after a place word (``NameRules.places``).

    Collected on first use: the pass over the whole article is costly and only a
    run after a place word that could be a whole name ("thành phố Nguyễn Ngọc
    Tuấn") needs it, which few articles have.
    """

    def __init__(self, rules: NameRules, text: str, office: re.Pattern[str]) -> None:
        self._rules, self._text, self._office = rules, text, office

    @cached_property
    def keys(self) -> frozenset[str]:
        """Return the comparison keys of the article's place names."""
        return self._rules.places(self._text, self._office)
