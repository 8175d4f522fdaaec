"""Officials: every named person given a position, once per (person, position).

How it works: ``positions.OfficeParser`` finds chains of offices with their
organizations (one regex pass over the lower-cased match text finds where offices
may start); for each chain the rules propose the names that may hold it (written
before it with a separator or a verb such as "được bầu làm", after it, the one subject
of a portrait's sentence, or nearby in the sentence); a logistic model
(``resources/officials_model.json``, trained by ``training/train_officials.py``) scores
each proposal from its local context (the words around it, the shape of its line and
sentence).  The rules' choice is kept
unless the model is sure it is wrong, and a proposal the rules leave out for want
of a strong link is taken when the model is sure of it; the thresholds come with
the model.  Persons are then merged across mentions ("đồng chí Hùng") and their
offices deduplicated.  The model's probability is each span's confidence.

Speed (``benchmarks/stages.py``): regexes are compiled once, alternations are
factored (``names.alternation``), case-blind context words are read in a
lower-cased copy of the text, and the place names of an article are collected
only when a name after a place word needs them.  Patterns open with what they
match (a capital, a phrase's first letter) so the engine skips ahead; the words
before a name are read in one match over the reversed window
(``NameRules.words_before``); a run of capitalised words is read once per
extractor, since names recur across mentions and articles.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from vnextract.extractors.base import OfficialSpan
from vnextract.extractors.names import (
    NAME_RUN,
    NAME_WORD,
    UPPER,
    ContextLexicon,
    NameRules,
    NameSpan,
    alternation,
    lower_same_length,
)
from vnextract.extractors.positions import Chain, OfficeParser
from vnextract.pipeline.documents import SegmentedArticle
from vnextract.pipeline.text import comparison_key

# Names and positions recur across mentions and articles: their keys are computed once.
_key = lru_cache(maxsize=8192)(comparison_key)

STRONG_LINKS = ("name_first", "connector", "title_first", "title_after", "subject")
_STRONG_LINK_FEATURES = tuple(f"link={link}" for link in STRONG_LINKS)
# searched within one line of the lower-cased text; a generated caption opens its line
_CAPTION = re.compile(r"ảnh[ \t]*:|\(ảnh|ảnh minh họa")
_GENERATED_CAPTION = "có thể là hình ảnh"
_SEPARATOR_ENDS = ",:(-–—;"  # the last character of a separator before an office
_SEPARATOR_AFTER = re.compile(r"[ \t]*(?:[,:(]|[-–—]+)[ \t]*")
# what a list item's description does not run across: a line end, a sentence end
_ITEM_BREAK = re.compile(r"\n|[.!?…][\"”)]?\s")
_LINE_END = re.compile(r"[.;:…!?\"”)]\s*$")
# the end of a sentence: a stop, then (maybe glued, as in run-together captions) a capital
_SENTENCE_END = re.compile(rf"[.!?…]+[\"”)]?(?=[ \t]*[{UPPER}])")
# ... with a blank after the stop: "TP.HCM" does not end a sentence
_SPACED_SENTENCE_END = re.compile(rf"[.!?…]+[\"”)]?(?=[ \t]+[{UPPER}])")
# read by the rules and the silver labels, not by the model (see ``Features``)
GLOBAL_FEATURES = ("caption_marked", "mentions_log", "linked_elsewhere")


# what follows a verb handing an office on: blanks, or a colon before a list of offices
_VERB_END = r"(?:[ \t]+|[ \t]*:[ \t]*)$"


def verb_before(context: ContextLexicon) -> re.Pattern[str]:
    """Return the pattern, on the lower-cased text, of a verb right before an office: "bà Trinh
    làm Bí thư", "từng kinh qua các chức vụ: Phó Bí thư" (search it in a window ending there)."""
    verbs = alternation(context.connectors + context.career_verbs + ["chức vụ", "chức danh"], word_start=True)
    return re.compile(rf"(?:{verbs}){_VERB_END}")


def sentence_lead(context: ContextLexicon) -> re.Pattern[str]:
    """Return the pattern, on the lower-cased text, of what may open a sentence before its
    subject: list numbering, honorifics and ranks ("2. Ông ...")."""
    titles = alternation(context.honorifics + context.ranks)
    return re.compile(rf"[\s\d.)(•*+|-]*(?:(?:{titles})[ \t]+)*")


@dataclass(frozen=True, slots=True)
class OfficialsSettings:
    """How rules and model are combined.

    ``mode``: "combined", "rules" (the model is not consulted) or "model" (the model
    alone picks among all proposals).  ``unknown_surname_factor`` scales the confidence
    of a name whose surname the lexicon lacks (read from a middle name or an honorific).  ``keep_below``: a rule choice the model scores
    under this is dropped; ``add_above``: a proposal the rules leave out is taken over this.
    None takes the thresholds stored with the model (chosen by cross-validation on the
    training texts, ``training/train_officials.py``).
    """

    mode: str = "combined"
    keep_below: float | None = None
    add_above: float | None = None
    model_threshold: float = 0.5
    model_file: str = "officials_model.json"
    unknown_surname_factor: float = 0.8


@dataclass(frozen=True, slots=True)
class Candidate:
    """A name proposed as the holder of a chain of offices, with the context the model reads."""

    name: NameSpan
    chain: Chain
    link: str
    alias: bool = False


class LinearModel:
    """A logistic regression stored as JSON weights, scored in pure Python."""

    def __init__(self, weights: dict[str, float], bias: float, keep_below: float = 0.1, add_above: float = 0.9) -> None:
        self.weights = weights
        self.bias = bias
        self.keep_below = keep_below
        self.add_above = add_above

    @classmethod
    def load(cls, filename: str) -> LinearModel | None:
        """Return the model in ``extractors/resources/<filename>``, or None if it was never trained."""
        path = resources.files("vnextract.extractors").joinpath("resources", filename)
        if not path.is_file():
            return None
        return cls.from_artifact(json.loads(path.read_text(encoding="utf-8")))

    @classmethod
    def from_artifact(cls, data: dict) -> LinearModel:
        """Return the model stored in ``data`` (as ``training/train_officials.py`` writes it)."""
        weights = dict(zip(data["features"], data["weights"], strict=True))
        return cls(weights, data["bias"], data["keep_below"], data["add_above"])

    def probability(self, features: dict[str, float]) -> float:
        """Return the probability that a proposal with ``features`` is right."""
        z = self.bias
        for name, value in features.items():
            if value:  # most features are 0: adding nothing, in the same order, leaves z as it was
                z += self.weights.get(name, 0.0) * value
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


class CandidateFinder:
    """Proposes the names that may hold each chain of offices."""

    def __init__(self, names: NameRules) -> None:
        context = names.context
        self.names = names
        # "Anh Nguyễn Văn Tiệp (áo xanh), Bí thư ...": a short aside may sit between name and office,
        # also as the first item in the brackets ("Võ Văn Hồng (cán bộ Ban Tổ chức; nguyên Bí thư ..."),
        # or a title that is no office ("bà Nguyễn Việt Hà Đại biểu Quốc hội khóa XV, Giám đốc ...")
        title = rf"[ \t]*,?[ \t]+(?i:{alternation(context.titles_after_name)})(?!\w)[^,;:()\n]{{0,40}}?"
        self.before_sep = re.compile(
            rf"({NAME_RUN})(?:[ \t]*\([^()\n]{{1,40}}\)|{title})?[ \t]*(?:[,:(]|[-–—]+|\([^()\n;]{{1,40}};)[ \t]*$"
        )
        # "A được bầu làm Bí thư", "A từng giữ các chức vụ: Phó Giám đốc ..."
        connector = rf"[ \t]+(?:{alternation(context.connectors + context.career_verbs)}){_VERB_END}"
        self.before_connector = re.compile(rf"({NAME_RUN}){connector}")
        # "ông A, Bí thư Đảng ủy xã được bầu giữ chức Chủ tịch HĐND xã": a verb of more than one
        # word between two chains hands the second to the first one's holder ("là", "làm" do not)
        handing = [c for c in context.connectors if " " in c]
        self.handed_on = re.compile(rf"[ \t]*,?[ \t]*(?:{alternation(handing)}){_VERB_END}[ \t]*")
        titles = alternation(context.honorifics + context.ranks)
        self.after = re.compile(rf"[ \t]*(?:,|:|là)?[ \t]*(?:(?i:(?<!\w)(?:{titles}))[ \t]+)*({NAME_RUN})")
        self.and_after = re.compile(rf"[ \t]*(?:,|và)[ \t]*(?:(?i:(?<!\w)(?:{titles}))[ \t]+)*({NAME_RUN})")
        honorific = rf"(?i:(?<!\w){alternation(context.honorifics)})[ \t]+({NAME_WORD})"
        self.alias_before = re.compile(rf"{honorific}[ \t]*(?:[,:(]|[-–—]+)[ \t]*$")
        # "ông Thanh từng giữ các chức vụ: ...": a portrait's subject named again; not any verb
        # ("Người thay thế ông Hồng giữ chức vụ Bí thư" is the successor's office)
        self.alias_career = re.compile(rf"{honorific}[ \t]+(?:{alternation(context.career_verbs)}){_VERB_END}")
        self.verb_before = verb_before(context)
        self.sentence_lead = sentence_lead(context)
        # runs of two to six capitalised words (as ``NAME_RUN`` cuts them): a lone word is no full name
        self.any_name = re.compile(rf"{NAME_WORD}(?:[ \t]+{NAME_WORD}){{1,5}}")
        # "các Phó Bí thư gồm: ...", "các nguyên Ủy viên Trung ương Đảng: ...": the heading's holders follow
        self.list_opener = re.compile(rf"[ \t]*(?::|(?i:(?<!\w){alternation(context.list_openers)})(?!\w)[ \t]*:?)")
        self.list_member = re.compile(rf"[ \t]*(?:(?i:(?<!\w)các)[ \t]+)?(?:(?i:(?<!\w)(?:{titles}))[ \t]+)*(?:({NAME_RUN})|(?=\S))")
        self.list_separator = re.compile(r"[ \t]*(?:([,;])|và(?!\w))")

    def candidates(self, text: str, chains: list[Chain], lowered: str) -> list[Candidate]:
        """Return every (name, chain) proposal, header chains ("các Ủy viên ...:") excepted;
        ``lowered`` is ``text`` lower-cased by ``lower_same_length``."""
        starts = {c.start for c in chains}
        # "... Văn phòng Trung ương Đảng Đỗ Ngọc Trinh, nguyên Chủ nhiệm ...": a name that
        # closes one chain is that chain's holder, not the holder of the next one
        taken = {c.trailing_name.start for c in chains if c.trailing_name is not None}
        taken.update(c.name_after.start for c in chains if c.name_after is not None)
        found: list[Candidate] = []
        at = {c.start: c for c in chains}
        held: Candidate | None = None  # the last chain's holder, named before it
        for chain in chains:
            if chain.is_header:
                found.extend(self._header_members(text, chain, at))
                held = None
                continue
            handed = None
            if held is not None and self.handed_on.fullmatch(text, held.chain.end, chain.start):
                handed = Candidate(held.name, chain, "connector")
            own = self._for_chain(text, lowered, chain, starts, taken, handed)
            found.extend(own)
            held = next((c for c in own if c.link in ("name_first", "connector") and not c.alias), None)
        return found

    def _header_members(self, text: str, chain: Chain, at: dict[int, Chain]) -> list[Candidate]:
        """Return the holders listed after a heading office: "các nguyên Phó Bí thư Thành ủy A, B;"
        (bare names right after it), "các Ủy viên Ban Thường vụ Tỉnh ủy: A, Trưởng Ban ...; B, ..."
        or "các Ủy viên Trung ương Đảng: nguyên Bí thư Tỉnh ủy X A, ..." (after a colon or "gồm").

        A bare list ends at a name with offices of its own or at a ";"; a ";" goes on to the
        next item only after an item that had offices of its own."""
        if chain.trailing_name is not None:
            found, cursor, bare = [Candidate(chain.trailing_name, chain, "title_first")], chain.trailing_name.end, True
        elif (opener := self.list_opener.match(text, chain.end)) is not None:
            found, cursor, bare = [], opener.end(), False
        else:
            return []
        own_offices = False
        while len(found) < 20:
            if found:
                separator = self.list_separator.match(text, cursor)
                if separator is None or separator.group(1) == ";" and not own_offices:
                    break
                cursor = separator.end()
            name, cursor, own_offices = self._list_item(text, cursor, at, bare)
            if name is None:
                break
            found.append(Candidate(name, chain, "title_after"))
        return found

    def _list_item(self, text: str, cursor: int, at: dict[int, Chain], bare: bool) -> tuple[NameSpan | None, int, bool]:
        """Return the name of the list item at ``cursor``, where the item ends, and whether it
        describes the person ("A, Trưởng Ban ...;", "nguyên Bí thư ... A"): after such an item
        a ";" goes on to the next one."""
        member = self.list_member.match(text, cursor)
        if member.group(1) is None:
            own = at.get(member.end())
            if bare or own is None or own.trailing_name is None:
                return None, cursor, False
            return own.trailing_name, own.trailing_name.end, True
        name = self.names.name_in_run(text, member.start(1), member.end(1), after_place=False)
        if name is None or name.start != member.start(1):
            return None, cursor, False
        separator = _SEPARATOR_AFTER.match(text, name.end)
        if separator is None:
            return name, name.end, False
        if bare:  # "A, B; bà C, nguyên Chủ tịch ...": a name with offices of its own ends a bare list
            return (None, cursor, False) if separator.end() in at else (name, name.end, False)
        own = at.get(separator.end())
        if own is not None and self.list_separator.match(text, own.end):
            return name, own.end, True
        # "ông A, Tư lệnh ...; ông B, ...": the item's description runs to the next ";"
        end = self._item_end(text, separator.end())
        return (name, end, True) if end is not None else (name, name.end, False)

    @staticmethod
    def _item_end(text: str, start: int) -> int | None:
        """Return where the ";" closing a list item's description is, within its sentence and
        150 characters of ``start``, or None."""
        end = text.find(";", start, start + 150)
        if end < 0 or _ITEM_BREAK.search(text, start, end):
            return None
        return end

    def _for_chain(
        self, text: str, lowered: str, chain: Chain, starts: set[int], taken: set[int], handed: Candidate | None = None
    ) -> list[Candidate]:
        """Return the names proposed for ``chain``; ``handed`` is the previous chain's holder when a
        verb hands this chain on to them."""
        line_start = text.rfind("\n", 0, chain.start) + 1
        window = max(line_start, chain.start - 90)
        # a name is linked by a separator ("A, Bí thư") or by a verb ("A được bầu làm Bí thư"):
        # what ends the text before the office tells which pattern can match
        last = text[window : chain.start].rstrip(" \t")[-1:]
        named = alias = connected = None
        if last and last in _SEPARATOR_ENDS:
            named = self._linked_before(text, window, chain, self.before_sep, "name_first")
            # "Nguyễn Anh Thắng - ..." is a full name, not the honorific "anh" and a given name
            alias = None if named else self._alias_before(text, window, chain, self.alias_before, "name_first")
        if not (named or alias) and (last.isalpha() or last == ":"):  # a verb, maybe with a colon
            connected = self._linked_before(text, window, chain, self.before_connector, "connector") or handed
            alias = None if connected else self._alias_before(text, window, chain, self.alias_career, "connector")
        before = [c for c in (named, connected, alias) if c is not None and c.name.start not in taken]
        if not before and chain.trailing_name is None and (subject := self._subject(text, lowered, line_start, chain)):
            before.append(subject)
        if chain.trailing_name is not None:
            before.append(Candidate(chain.trailing_name, chain, "title_first"))
        elif not before:  # "Hai Phó Bí thư là bà A và ông B": only an unclaimed chain looks ahead
            before.extend(self._after(text, chain, starts))
            if not before and chain.name_after is not None:  # "Chủ tịch nước A, Phó Chủ tịch nước B"
                before.append(Candidate(chain.name_after, chain, "title_after"))
        if not before and (nearby := self._nearby(text, line_start, chain)) is not None:
            before.append(nearby)
        return before

    def _subject(self, text: str, lowered: str, line_start: int, chain: Chain) -> Candidate | None:
        """Return the name opening the chain's sentence when a verb hands the chain on and no
        other name is in the sentence: "Ông A (sinh năm 1976, ...) có trình độ ...; từng kinh qua
        chức vụ B, C; được chỉ định làm D" (a portrait names its subject once)."""
        if not self.verb_before.search(lowered, max(line_start, chain.start - 40), chain.start):
            return None
        starts = [m.end() for m in _SPACED_SENTENCE_END.finditer(text, line_start, chain.start)]
        start = self.sentence_lead.match(lowered, starts[-1] if starts else line_start, chain.start).end()
        run = self.any_name.match(text, start, chain.start)
        name = self.names.name_from_left(text, run.start(), run.end()) if run else None
        if name is None or name.start != start:
            return None
        line_end = text.find("\n", chain.end)
        line_end = len(text) if line_end < 0 else line_end
        stop = _SPACED_SENTENCE_END.search(text, chain.end, line_end)
        end = stop.start() if stop else line_end
        if self.names.contains_name(text, name.end, chain.start) or self.names.contains_name(text, chain.end, end):
            return None
        return Candidate(name, chain, "subject")

    def _linked_before(self, text: str, window: int, chain: Chain, pattern: re.Pattern[str], link: str) -> Candidate | None:
        match = pattern.search(text, window, chain.start)
        if match is None:
            return None
        name = self.names.name_from_left(text, match.start(1), match.end(1))
        if name is None and link == "name_first":  # "ông Bảo Thọ - Ủy viên ...": a surname the lexicon lacks
            name = self.names.name_after_honorific(text, match.start(1), match.end(1))
        return Candidate(name, chain, link) if name else None

    def _alias_before(self, text: str, window: int, chain: Chain, pattern: re.Pattern[str], link: str) -> Candidate | None:
        """Return "đồng chí Hùng - Bí thư", "ông Thanh từng giữ chức ...": a given name alone after an honorific."""
        match = pattern.search(text, window, chain.start)
        if match is None or not self.names.is_name_word(match.group(1)):
            return None
        return Candidate(NameSpan(match.start(1), match.end(1), match.group(1)), chain, link, alias=True)

    def _after(self, text: str, chain: Chain, starts: set[int]) -> list[Candidate]:
        """Return the names written after the chain ("Hai Phó Bí thư là bà A và ông B"),
        unless a name heads its own chain ("..., B - Phó Bí thư")."""
        found, pattern, cursor = [], self.after, chain.end
        while (match := pattern.match(text, cursor)) is not None:
            name = self.names.name_in_run(text, match.start(1), match.end(1), after_place=False)
            if name is None or name.end != match.end(1):
                break
            sep = _SEPARATOR_AFTER.match(text, name.end)
            if sep and sep.end() > name.end and sep.end() in starts:
                break
            found.append(Candidate(name, chain, "title_after"))
            pattern, cursor = self.and_after, name.end
        return found

    def _nearby(self, text: str, line_start: int, chain: Chain) -> Candidate | None:
        """Return the nearest name before the chain on its line: the sentence's subject, maybe."""
        runs = list(self.any_name.finditer(text, max(line_start, chain.start - 300), chain.start))
        for match in reversed(runs):  # the nearest first: most runs need not be read
            name = self.names.name_from_left(text, match.start(), match.end())
            if name is not None:
                return Candidate(name, chain, "nearby")
        return None


class Features:
    """Reads the context of a proposal into features, for the rules and for the model.

    Most features are local: the words around the name, the office and the line.
    ``GLOBAL_FEATURES`` look elsewhere (an explicit caption mark, other mentions of
    the person): the rules and the training labels read them, the model does not,
    so that it learns from the local context what the rules cannot see (an
    unmarked caption, a person whose office is far from the name).
    """

    def __init__(self, names: NameRules) -> None:
        self.names = names
        context = names.context
        self.verb_before = verb_before(context)
        # "... tặng hoa chúc mừng đại hội": what a photo shows, written after the office
        self.scene_after = re.compile(rf"(?:{alternation(context.scene_words, word_start=True)})(?!\w)")
        self.sentence_lead = sentence_lead(context)

    def of(self, page: Page, cand: Candidate) -> dict[str, float]:
        """Return the features of ``cand`` in ``page`` (all 0/1 or small numbers)."""
        names, name, chain, lowered = self.names, cand.name, cand.chain, page.lowered
        key = _key(name.text)
        words = name.text.split()
        offices = chain.offices
        words_before = names.words_before(lowered[max(0, name.start - 40) : name.start])
        line = self._line_at(page, name.start)
        features = {
            f"link={cand.link}": 1.0,
            "alias": float(cand.alias),
            **{kind: float(found) for kind, found in words_before.items()},  # honorific, rank, place, honour
            "honoured": float(key in names.honoured),
            f"syllables={min(len(words), 5)}": 1.0,
            "top_surname": float(names.surname_rank.get(words[0], 999) < 15),
            "middle_thi_van": float(len(words) > 2 and words[1] in ("Thị", "Văn")),
            "gap_log": math.log1p(_gap(name, chain)),
            "offices": min(len(offices), 4) / 4,
            "has_org": float(any(o.organization for o in offices)),
            "former": float(any(o.former for o in offices)),
            "verb_before_office": float(bool(self.verb_before.search(lowered, max(0, chain.start - 40), chain.start))),
            "mentions_log": math.log1p(page.name_counts.get(key, 0)),
            "linked_elsewhere": float(page.name_counts.get("linked:" + key, 0) > 0),
            "line_start": float(not page.text[line.start : name.start].strip()),
            **line.features,
        }
        features.update(self._sentence_features(page, cand, line))
        return features

    def _line_at(self, page: Page, offset: int) -> Line:
        """Return the line holding ``offset``, read once per page: several proposals often share a line."""
        start = page.text.rfind("\n", 0, offset) + 1
        line = page.lines.get(start)
        if line is None:
            end = page.text.find("\n", offset)
            line = page.lines[start] = self._line(page, start, end if end >= 0 else len(page.text))
        return line

    @staticmethod
    def _line(page: Page, line_start: int, line_end: int) -> Line:
        """Return how the line reads: a caption under a photo is one short line, one sentence."""
        line = page.text[line_start:line_end]
        sentence_ends = [m.end() for m in _SENTENCE_END.finditer(page.text, line_start, line_end)]
        return Line(line_start, line_end, sentence_ends, {
            "caption_marked": float(
                page.lowered.startswith(_GENERATED_CAPTION, line_start)
                # every caption mark holds "ảnh": a plain find rules most lines out
                or page.lowered.find("ảnh", line_start, line_end) >= 0
                and bool(_CAPTION.search(page.lowered, line_start, line_end))
            ),
            "short_line": float(len(line.strip()) < 160 and not _LINE_END.search(line)),
            # several thresholds, not one slope: captions are short, body paragraphs of any length
            "line<100": float(len(line) < 100),
            "line<160": float(len(line) < 160),
            "line<240": float(len(line) < 240),
            "line_sentences": min(len(sentence_ends), 4) / 4,
        })

    def _sentence_features(self, page: Page, cand: Candidate, line: Line) -> dict[str, float]:
        """Return how the proposal's sentence reads: a caption names its subject first, then
        what the photo shows ("... tặng hoa chúc mừng đại hội"); a ";" between name and office
        hands the office to another clause."""
        text, name, chain = page.text, cand.name, cand.chain
        sentence_start = line.sentence_start(name.start)
        lead = self.sentence_lead.match(page.lowered, sentence_start, name.start)
        sentence_end = min(line.next_sentence_end(chain.end), chain.end + 200)
        return {
            "sentence_subject": float(lead is not None and lead.end() == name.start),
            # "... đại hội.Đồng chí A, ...": run-together captions lose the blank after the stop
            "glued_sentence": float(sentence_start > line.start and not text[sentence_start].isspace()),
            "scene_after": float(bool(self.scene_after.search(page.lowered, chain.end, sentence_end))),
            "clause_between": float(";" in text[min(name.end, chain.start) : max(name.end, chain.start)]),
        }


@dataclass
class Line:
    """One line of a page: where it starts and ends, where its sentences end, its features."""

    start: int
    end: int
    sentence_ends: list[int]
    features: dict[str, float]

    def sentence_start(self, offset: int) -> int:
        """Return where the sentence holding ``offset`` starts: after the last sentence end
        before it, or at the line's start."""
        i = bisect_right(self.sentence_ends, offset)
        return self.sentence_ends[i - 1] if i else self.start

    def next_sentence_end(self, offset: int) -> int:
        """Return where the sentence holding ``offset`` ends: the next sentence end, or the line's end."""
        i = bisect_right(self.sentence_ends, offset)
        return self.sentence_ends[i] if i < len(self.sentence_ends) else self.end


@dataclass
class Page:
    """One article as the features read it: the match text, its lower-cased twin (same
    offsets), the name counts of ``OfficialsExtractor._name_counts`` and the features of
    each line already read."""

    text: str
    lowered: str
    name_counts: dict[str, int]
    lines: dict[int, Line] = field(default_factory=dict)


def _gap(name: NameSpan, chain: Chain) -> int:
    """Return the characters between a name and its chain of offices, on either side."""
    return max(0, chain.start - name.end) if name.end <= chain.start else max(0, name.start - chain.end)


def rule_blocks(features: dict[str, float]) -> bool:
    """Return True when the rules rule a proposal out whatever its link: a place, a hero, a caption."""
    # a name split off after a place ("quận Hoàng Mai Nguyễn Quang Hiếu") was already judged
    place = features["place_before"] and not features.get("link=title_first")
    return bool(place or features["honour_before"] or features["honoured"] or features["caption_marked"])


def rule_accepts(features: dict[str, float]) -> bool:
    """Return the rules' verdict on a proposal: a strong link, not a place, hero or caption."""
    strong = any(features.get(link, 0.0) for link in _STRONG_LINK_FEATURES)
    return strong and not rule_blocks(features)


def combined_accepts(
    features: dict[str, float], p: float, keep_below: float, add_above: float, rule: bool | None = None
) -> bool:
    """Return the combined verdict: the rules' choice unless the model is sure it is wrong
    (p under ``keep_below``), and a proposal the rules leave out for want of a strong link
    when the model is sure of it (p at least ``add_above``); never one the rules block.
    ``rule``: the rules' verdict when already known."""
    if rule_accepts(features) if rule is None else rule:
        return p >= keep_below
    return p >= add_above and not rule_blocks(features)


@dataclass
class _Person:
    name: str
    start: int
    end: int
    confidence: float
    offices: dict[str, tuple[str, str | None, bool]]


class OfficialsExtractor:
    """``extractor(doc) -> list[OfficialSpan]``, one span per (person, position)."""

    name = "officials"

    def __init__(self, settings: OfficialsSettings | None = None, model: LinearModel | None = None) -> None:
        """``model``: one to use in place of ``settings.model_file`` (a cross-validation fold's)."""
        self.settings = settings or OfficialsSettings()
        self.names = NameRules()
        self.parser = OfficeParser(self.names)
        self.finder = CandidateFinder(self.names)
        self.features = Features(self.names)
        self.model = model or LinearModel.load(self.settings.model_file)
        model = self.model or LinearModel({}, 0.0)
        self.keep_below = model.keep_below if self.settings.keep_below is None else self.settings.keep_below
        self.add_above = model.add_above if self.settings.add_above is None else self.settings.add_above

    def __call__(self, doc: SegmentedArticle) -> list[OfficialSpan]:
        text = doc.match_text
        scored = self.scored_candidates(text)
        if not scored:
            return []
        chosen = self._choose(scored)
        return self._spans(doc, text, chosen)

    def scored_candidates(self, text: str) -> list[tuple[Candidate, dict[str, float], float]]:
        """Return every proposal with its features and model probability (1.0 without a model)."""
        lowered = lower_same_length(text)
        chains = self.parser.chains(text, lowered)
        if not chains:
            return []
        candidates = self.finder.candidates(text, chains, lowered)
        page = Page(text, lowered, self._name_counts(text, candidates))
        out = []
        for cand in candidates:
            feats = self.features.of(page, cand)
            out.append((cand, feats, self.model.probability(feats) if self.model else 1.0))
        return out

    @staticmethod
    def _name_counts(text: str, candidates: list[Candidate]) -> dict[str, int]:
        """Return, per name, its count in the text and ("linked:" + name) its strong links."""
        counts = {_key(c.name.text): text.count(c.name.text) for c in candidates}
        for c in candidates:
            if c.link in STRONG_LINKS:
                key = "linked:" + _key(c.name.text)
                counts[key] = counts.get(key, 0) + 1
        return counts

    def _choose(self, scored: list[tuple[Candidate, dict[str, float], float]]) -> list[tuple[Candidate, float]]:
        """Return the accepted proposals, at most one per chain, as the settings combine rules and model."""
        s, best = self.settings, {}
        for cand, feats, p in scored:
            rule = rule_accepts(feats)
            if s.mode == "rules" or self.model is None:
                ok = rule
            elif s.mode == "model":
                ok = p >= s.model_threshold
            else:
                ok = combined_accepts(feats, p, self.keep_below, self.add_above, rule)
            # several names after one chain each hold it; otherwise one holder per chain
            key = (id(cand.chain), cand.name.start if cand.link == "title_after" else -1)
            if ok and (key not in best or self._rank(cand, p, rule) > self._rank(*best[key])):
                best[key] = (cand, p, rule)
        return [(c, p) for c, p, _ in best.values()]

    def _rank(self, cand: Candidate, p: float, rule: bool) -> tuple[float, float]:
        """Return how strongly a proposal holds its chain: rule choice, then the link's strength."""
        order = ("nearby", "subject", "title_after", "title_first", "connector", "name_first")
        if self.settings.mode == "model":
            return (p, order.index(cand.link))
        return (float(rule), order.index(cand.link) + p)

    def _spans(self, doc: SegmentedArticle, text: str, chosen: list[tuple[Candidate, float]]) -> list[OfficialSpan]:
        persons = self._persons(text, [c for c in chosen if not c[0].alias])
        self._attach_aliases(persons, [c for c in chosen if c[0].alias])
        body = doc.body
        spans = []
        for person in persons.values():
            mention = body[person.start : person.end]
            mentions = max(1, text.count(person.name))
            confidence = round(person.confidence, 4)
            for position, organization, former in person.offices.values():
                spans.append(OfficialSpan(
                    start=person.start, end=person.end, text=mention,
                    name=person.name, position=position, organization=organization,
                    mentions=mentions, confidence=confidence, former=former,
                ))
        return spans

    def _persons(self, text: str, chosen: list[tuple[Candidate, float]]) -> dict[str, _Person]:
        """Return the persons by comparison key, each with its deduplicated offices."""
        persons: dict[str, _Person] = {}
        for cand, p in sorted(chosen, key=lambda cp: cp[0].name.start):
            p = p if cand.name.known_surname else p * self.settings.unknown_surname_factor
            key = _key(cand.name.text)
            if key not in persons:
                first = text.find(cand.name.text)
                first = first if 0 <= first <= cand.name.start else cand.name.start
                persons[key] = _Person(cand.name.text, first, first + len(cand.name.text), p, {})
            person = persons[key]
            person.confidence = max(person.confidence, p)
            self._add_offices(person, cand.chain)
        return persons

    @staticmethod
    def _add_offices(person: _Person, chain: Chain) -> None:
        """Add the chain's offices; the same position twice keeps the longer organization."""
        for office in chain.offices:
            key = _key(office.position)
            old = person.offices.get(key)
            if old is None or len(office.organization or "") > len(old[1] or ""):
                person.offices[key] = (office.position, office.organization, office.former)

    def _attach_aliases(self, persons: dict[str, _Person], aliases: list[tuple[Candidate, float]]) -> None:
        """Join "đồng chí Hùng" to the one person whose name ends in "Hùng"; drop it otherwise."""
        for cand, _ in aliases:
            given = _key(cand.name.text)
            owners = [p for k, p in persons.items() if k.split()[-1] == given]
            if len(owners) == 1:
                self._add_offices(owners[0], cand.chain)
