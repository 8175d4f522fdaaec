"""Offices and their organizations: "Phó Bí thư/ Chủ tịch UBND phường" -> two offices.

Read: ``officials_positions.json`` (office words) and ``officials_context.json``
(organization words, abbreviations).  ``OfficeParser`` finds every office word in
the match text (a plain pass over the lower-cased text finds where one may start,
the full case-blind pattern is tried only there), reads the organization that follows it
with a second one anchored at the office, and groups offices joined by ",", "/",
"và", "kiêm" into chains.  A name written right after the last organization
("Bí thư Đảng ủy Nguyễn Thị Lê Hương") is split off and kept on the chain.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

from vnextract.extractors.names import CAP, NAME_RUN, NAME_RUN_END, UPPER, NameRules, NameSpan, PlaceNames, alternation
from vnextract.schemas.lexicon import Lexicon, load_lexicon

_PACKAGE = "vnextract.extractors"
_SPACES = re.compile(r"\s+")
_WORD_START = re.compile(r"(?<!\w)\w")
# what tells a city from a province in the offices around "TUV" (Thành ủy or Tỉnh ủy viên)
_CITY = re.compile(r"(?i:thành phố|thành ủy)|(?<!\w)TP(?!\w)")
_PROVINCE = re.compile(r"(?<!\w)(?i:tỉnh)(?!\w)")
_CITY_COMMITTEE = re.compile(r"(?i:thành ủy)")
_PROVINCE_COMMITTEE = re.compile(r"(?i:tỉnh ủy)")
# the last character of a term's number ("khóa IX", "khóa 25"): most organizations end otherwise
_TERM_NUMBER_ENDS = frozenset("IVXLC0123456789")


class OfficeEntry(Lexicon):
    """One office of ``officials_positions.json``."""

    written: list[str]
    position: str
    org_prefix: str | None = None
    party: bool = False
    vice: bool = False
    requires_org: bool = False
    default_org: str | None = None
    province_org: str | None = None
    no_org: bool = False
    capitalised: bool = False


class PositionLexicon(Lexicon):
    """``officials_positions.json``."""

    description: str
    vice_prefix: str
    standing_suffix: str
    former_prefix: str
    not_after: list[str]
    lead_words: list[str]
    org_joiners: list[str]
    office_qualifiers: list[str]
    term_words: list[str]
    numbered_units: list[str]
    offices: list[OfficeEntry]


@dataclass(frozen=True, slots=True)
class Office:
    """One office held: the office words ``[start, end)``, position, organization."""

    start: int
    end: int
    position: str
    organization: str | None
    former: bool
    party: bool
    province_org: str | None = None
    no_org: bool = False


@dataclass(slots=True)
class Chain:
    """Offices written together for one person; ``end`` is after the last organization."""

    start: int
    end: int
    offices: list[Office] = field(default_factory=list)
    trailing_name: NameSpan | None = None
    # "Chủ tịch nước Lương Cường, Phó Chủ tịch nước ...": a name right after an office that
    # takes no organization holds that office, not the next one
    name_after: NameSpan | None = None
    is_header: bool = False


def _mostly_province(text: str) -> bool:
    """Return True when ``text`` names a province's committee more than a city's, or, when it
    names both equally often (most often neither), the word "tỉnh" more than a city."""
    provinces, cities = len(_PROVINCE_COMMITTEE.findall(text)), len(_CITY_COMMITTEE.findall(text))
    if provinces != cities:
        return provinces > cities
    return len(_PROVINCE.findall(text)) > len(_CITY.findall(text))


class OfficeParser:
    """Finds chains of offices in a match text."""

    def __init__(self, names: NameRules) -> None:
        lexicon = load_lexicon(_PACKAGE, "officials_positions.json", PositionLexicon)
        self.names = names
        context = names.context
        self.entries = {w: e for e in lexicon.offices for w in e.written}
        # tried at every token of an organization; "Vụ trưởng", but not "giữ chức vụ Trưởng
        # Ban": some offices are read only when their first letter is a capital
        capitalised: dict[str, list[str]] = {}
        for w, e in self.entries.items():
            if e.capitalised:
                capitalised.setdefault(w[0].upper(), []).append(w[1:])
        core = "|".join([
            alternation([w for w, e in self.entries.items() if not e.capitalised]),
            *(f"(?-i:{re.escape(first)}){alternation(rests)}" for first, rests in sorted(capitalised.items())),
        ])
        self.vice_word = lexicon.vice_prefix.capitalize()
        # "Ban Bí thư", "Văn phòng Chủ tịch nước": an office word after these names a body
        not_after = "".join(f"(?<!(?i:{w}) )" for w in lexicon.not_after)
        self.head = re.compile(
            rf"(?<!\w){not_after}(?P<former>{lexicon.former_prefix}[ \t]+)?(?P<vice>(?:{lexicon.vice_prefix}[ \t]+)+)?"
            rf"(?P<core>{core})(?P<standing>[ \t]+{lexicon.standing_suffix})?(?!\w)",
            re.IGNORECASE,
        )
        # Where a head may start, read on the lower-cased text: plain words let the regex
        # engine skip ahead by first letter, while ``head`` (case-insensitive, opening with
        # look-behinds) is tried at every character.
        # An office opening with a lead word ("Đảng ủy viên") is hinted by the rest ("ủy viên")
        # and read back from there: "đảng" starts too many words to be looked for everywhere.
        lead = set(lexicon.lead_words)
        led = {w: w.split(" ", 1)[1] for w in self.entries if w.split(" ", 1)[0] in lead and " " in w}
        self.head_hint = re.compile(alternation([lexicon.vice_prefix, *(led.get(w, w) for w in self.entries)]))
        self.led_hints = tuple(sorted(set(led.values())))
        self.led_initials = frozenset(h[0] for h in self.led_hints)
        self.lead_words = tuple(lexicon.lead_words)
        self.lead_before = re.compile(
            rf"(?<!\w)(?:{lexicon.former_prefix}[ \t]+)?(?:{alternation(lexicon.lead_words)})[ \t]+$"
        )
        # "nguyên" (a former office) is too common a word start to be a hint: a head opening
        # with it is tried where a hint follows it
        self.former_word = lexicon.former_prefix
        self.former_before = re.compile(rf"(?<!\w){lexicon.former_prefix}[ \t]+$")
        # an honorific ends an organization, but "Anh", "Chị" capitalised are given names
        # ("... Thành ủy TP HCM Dương Anh Đức")
        name_like = set(context.name_like_honorifics)
        stop = alternation([h for h in context.honorifics if h not in name_like] + context.ranks + ["ảnh"])
        stop = f"{stop}|(?-i:{alternation(sorted(name_like))})"
        # org words come before a bare capitalised word: "Ngân hàng", "Bệnh viện" are read whole
        dotted = alternation([a for a in context.abbreviations if "." in a])
        office_word = rf"(?i:(?:{lexicon.vice_prefix}[ \t]+)*(?:{core}))(?!\w)"
        # a joiner continues the organization before a capital that opens no office: "Ủy ban
        # Văn hóa của Quốc hội", but "Bí thư Huyện ủy | và Chủ tịch ..."
        joiner = rf"(?:{alternation(lexicon.org_joiners)})(?=[ \t]+[{UPPER}])(?![ \t]+{office_word})"
        token = (
            rf"(?!(?={office_word}){not_after}|(?i:{stop})(?!\w))"
            rf"(?:{dotted}|(?:{alternation(context.org_words)})(?!\w)|{CAP}|\d+\w*|{joiner}|\((?i:cũ)\))"
        )
        # a dotted abbreviation may be glued to the next word ("TT.Phan Rí Cửa")
        self.org = re.compile(rf"(?:(?:[ \t]+|(?<=\.)|[ \t]*[-–][ \t]*(?=[{UPPER}]))(?:{token}))+")
        # "Phó Bí thư chuyên trách Đảng ủy ...": a word on how the office is held, kept with the office
        self.qualifier = re.compile(rf"(?:{alternation(lexicon.office_qualifiers)})(?=[ \t]|$)")
        self.qualifier_initials = frozenset(q[0] for q in lexicon.office_qualifiers)
        # "Đảng ủy Phường 1 khóa IX": the body's term closes the organization, but is not the body
        self.term_end = re.compile(rf"(?:[ \t,]+(?i:{alternation(lexicon.term_words)})[ \t]+(?:[IVXLC]+|\d+))+$")
        # "... Ủy ban MTTQ tỉnh 2. Bà ...": a run-together numbered list glues the next item's
        # number to the organization, unless the word before it is a unit that takes numbers
        self.list_item = re.compile(rf"\.[ \t]+[{UPPER}]")
        self.numbered_units = frozenset(lexicon.numbered_units)
        # "Chủ tịch nước Lương Cường": a name right after an office that takes no organization
        self.name_after = re.compile(rf"[ \t]+({NAME_RUN})")
        self.aside_then_name = re.compile(rf"[ \t]*\([^()\n]{{1,40}}\)[ \t]+({NAME_RUN})")
        self.glue = re.compile(r"[ \t]*(?:,|/|&|[-–])?[ \t]*(?:(?:và|kiêm)[ \t]+)?")
        self.header_word = "các"
        # on the lower-cased text: "các Ủy viên", "các đồng chí Ủy viên", "các đồng chí là Đảng ủy viên"
        self.header_before = re.compile(rf"(?<!\w){self.header_word}[ \t]+(?:đồng chí[ \t]+)?(?:là[ \t]+)?$")
        abbreviations = context.abbreviations
        self.abbreviation = re.compile(rf"(?:{alternation(list(abbreviations), word_start=True)})(?!\w)")
        # "TT.Phan Rí Cửa", "P.Tân Định": a dotted abbreviation glued to the name it introduces
        self.glued_abbreviation = re.compile(rf"(?<!\w)({dotted})(?=\w)")
        self.expansions = abbreviations
        self.committee = re.compile(rf"(?i:{alternation(context.party_committees)})(?!\w)")
        self.unit = re.compile(rf"(?<!\w)(?i:{alternation(context.unit_words)})(?!\w)")
        self.committee_of_unit = {k.lower(): v for k, v in context.committee_of_unit.items()}
        self.place_word_end = names.place_before
        # a few organizations ("Đảng ủy", "Tỉnh ủy", "UBND phường") make most offices
        self._expanded = lru_cache(maxsize=4096)(self._expand)

    def chains(self, text: str, lowered: str) -> list[Chain]:
        """Return every chain of offices in ``text`` (the match text), left to right;
        ``lowered`` is ``text`` lower-cased by ``lower_same_length``."""
        found: list[Chain] = []
        cursor = 0
        places = PlaceNames(self.names, text, self.head)
        for head in self._heads(text, lowered):
            if head.start() < cursor:
                continue
            chain = self._chain_from(text, lowered, head, places)
            if chain.offices:
                found.append(chain)
            cursor = chain.end
        return found

    def _heads(self, text: str, lowered: str) -> Iterator[re.Match[str]]:
        """Yield what ``self.head.finditer(text)`` yields, trying ``head`` only where a hint starts
        in ``lowered`` (the text lower-cased, same offsets)."""
        end, head_at = 0, self.head.match
        for hint in self.head_hint.finditer(lowered):
            hint_start, hint_end = hint.span()
            former = self._former_before(lowered, max(end, hint_start - 40), hint_start)
            if former and former.start() >= end and (head := head_at(text, former.start())):
                yield head
                end = head.end()
            # "Đảng ủy viên": an office whose lead word is read back from its hint ("ủy viên")
            led = lowered[hint_start] in self.led_initials and lowered.startswith(self.led_hints, hint_start)
            lead = self._lead_before(lowered, max(end, hint_start - 20), hint_start) if led and hint_start >= end else None
            if lead and (head := head_at(text, lead.start())):
                yield head
                end = head.end()
            if hint_start >= end and (head := head_at(text, hint_start)):
                yield head
                end = head.end()
            if end >= hint_end:
                continue
            # a later word of the hint may start a head where its first fails ("Ban Tổng Bí thư")
            for word in _WORD_START.finditer(lowered, hint_start + 1, hint_end):
                if word.start() >= end and (head := head_at(text, word.start())):
                    yield head
                    end = head.end()

    def _lead_before(self, lowered: str, start: int, end: int) -> re.Match[str] | None:
        """Return a lead word ("đảng ") ending at ``end`` in ``lowered[start:end]``, or None."""
        word_end = end
        while word_end > start and lowered[word_end - 1] in " \t":
            word_end -= 1
        if word_end == end or not lowered.endswith(self.lead_words, start, word_end):  # most hints
            return None
        return self.lead_before.search(lowered, start, end)

    def _former_before(self, lowered: str, start: int, end: int) -> re.Match[str] | None:
        """Return "nguyên " ending at ``end`` in ``lowered[start:end]``, or None."""
        if lowered.find(self.former_word, start, end) < 0:  # a plain find rules most windows out
            return None
        return self.former_before.search(lowered, start, end)

    def _chain_from(self, text: str, lowered: str, head: re.Match[str], places: PlaceNames) -> Chain:
        """Return the chain starting at ``head``, following glue to further offices."""
        chain = Chain(start=head.start(), end=head.end())
        chain.is_header = self._after_header_word(lowered, head.start())
        while head is not None:
            office, org_end, name = self._office_at(text, lowered, head, places)
            if office is not None:
                chain.offices.append(office)
            chain.end = org_end
            if name is not None:
                chain.trailing_name = name
                break
            head = self._next_head(text, org_end)
        if chain.trailing_name is None and chain.offices and chain.offices[-1].no_org:
            chain.name_after = self._name_right_after(text, chain.end)
        self._fill_party_organizations(chain)
        self._resolve_province_committees(chain, text)
        return chain

    def _after_header_word(self, lowered: str, start: int) -> bool:
        """Return True when "các" (or "các đồng chí", "các đồng chí là") is written just before ``start``."""
        window = max(0, start - 20)
        if lowered.find(self.header_word, window, start) < 0:  # a plain find rules most windows out
            return False
        return bool(self.header_before.search(lowered, window, start))

    def _next_head(self, text: str, org_end: int) -> re.Match[str] | None:
        """Return the office glued to the one ending at ``org_end``, or None.

        "Bộ Văn hóa, Thể thao và Du lịch, nguyên Bí thư": a comma may also continue
        the organization, so a second try skips one comma-separated organization part.
        """
        glue = self.glue.match(text, org_end)
        head = self.head.match(text, glue.end()) if glue.end() > org_end else None
        if head is None and text.startswith(",", org_end):
            more = self.org.match(text, org_end + 1)
            if more is not None and not self.names.contains_name(text, org_end + 1, more.end()):
                glue = self.glue.match(text, more.end())
                head = self.head.match(text, glue.end()) if glue.end() > more.end() else None
        return head

    def _office_at(
        self, text: str, lowered: str, head: re.Match[str], places: PlaceNames
    ) -> tuple[Office | None, int, NameSpan | None]:
        """Return the office at ``head``, where its organization ends, and a name written after it."""
        former, vice, core, standing = head.group("former", "vice", "core", "standing")
        core = core.lower()
        entry = self.entries.get(core) or self.entries[_SPACES.sub(" ", core)]  # "bí  thư": blanks vary
        org_start = org_end = head.end()
        org_match = None if entry.no_org else self.org.match(text, org_start)
        name = None
        if org_match is not None:
            org_end = org_match.end()
            if text[org_end - 1].isdigit():  # "... tỉnh 2. Bà ...": maybe a list's next number
                org_end = self._without_list_number(text, org_start, org_end)
            name = self._name_at_end(text, lowered, org_start, org_end, places)
            if name is None and (aside := self.aside_then_name.match(text, org_end)):
                # "Bí thư Huyện ủy Nhơn Trạch (Đồng Nai) Nguyễn Văn An": the aside is no part of the body
                name = self._name_opening(text, aside.start(1), aside.end(1))
        if name is not None and name.start < org_end:
            org_end = name.start
        raw_org = text[org_start:org_end].strip(" \t-–")
        if entry.requires_org and not raw_org:
            return None, max(org_end, head.end()), name
        if raw_org[-1:] in _TERM_NUMBER_ENDS and (term := self.term_end.search(raw_org)):
            raw_org = raw_org[: term.start()]
        position = self._position(entry, bool(vice), bool(standing))
        if raw_org[:1] in self.qualifier_initials and (qualifier := self.qualifier.match(raw_org)):
            # how the office is held is part of it: "Phó Trưởng Đoàn chuyên trách"
            position = f"{position} {qualifier.group()}"
            raw_org = raw_org[qualifier.end() :].lstrip(" \t")
        organization = self._organization(entry, raw_org, bool(standing))
        province_org = entry.province_org if organization == entry.default_org else None
        office = Office(
            head.start(), head.end(), position, organization, bool(former), entry.party, province_org, entry.no_org
        )
        return office, max(org_end, head.end()), name

    def _name_right_after(self, text: str, end: int) -> NameSpan | None:
        """Return the name written right after an office that takes no organization, or None."""
        run = self.name_after.match(text, end)
        return None if run is None else self._name_opening(text, run.start(1), run.end(1))

    def _name_opening(self, text: str, start: int, end: int) -> NameSpan | None:
        """Return the name that the capitalised run ``text[start:end]`` opens with, or None."""
        name = self.names.name_in_run(text, start, end, after_place=False)
        return name if name is not None and name.start == start else None

    def _without_list_number(self, text: str, start: int, end: int) -> int:
        """Return where the organization ``text[start:end]`` ends once a list number glued to
        it ("... tỉnh 2. Bà ...") is left out."""
        if self.list_item.match(text, end) is None:
            return end
        words = text[start:end].split()
        if len(words) < 2 or words[-2].lower() in self.numbered_units:
            return end
        return end - len(words[-1])

    def _position(self, entry: OfficeEntry, vice: bool, standing: bool) -> str:
        """Return the office as the gold writes it: "Phó " + office + " Thường trực"."""
        position = entry.position
        if vice and entry.vice:
            position = f"{self.vice_word} {position}"  # "Phó Phó Bí thư" is a typo for one "Phó"
        if standing:
            position = f"{position} Thường trực"
        return position

    def _organization(self, entry: OfficeEntry, raw: str, standing: bool) -> str | None:
        """Return the organization with abbreviations expanded, or None when none is written."""
        body = self._expanded(raw)
        prefix = entry.org_prefix if not standing else None
        if prefix and not body.lower().startswith(prefix.lower()):
            body = f"{prefix} {body}".strip() if body else ""
        if not body:
            return entry.default_org
        return body[:1].upper() + body[1:]

    def _expand(self, raw: str) -> str:
        """Return ``raw`` with its blanks collapsed and its abbreviations expanded."""
        spaced = " ".join(raw.split())
        if "." in spaced:
            spaced = self.glued_abbreviation.sub(r"\1 ", spaced)
        return self.abbreviation.sub(lambda m: self.expansions[m.group()], spaced).strip()

    def _name_at_end(self, text: str, lowered: str, start: int, end: int, places: PlaceNames) -> NameSpan | None:
        """Return a person's name closing the organization run ``text[start:end]``, or None."""
        run = NAME_RUN_END.search(text, start, end)
        if run is None:
            return None
        # "phường Hà Khánh Trần Việt Hùng": after a place word the run starts with the place
        after_place = bool(self.place_word_end.search(lowered, max(0, run.start() - 20), run.start()))
        return self.names.name_in_run(text, run.start(), run.end(), after_place=after_place, places=places)

    def _fill_party_organizations(self, chain: Chain) -> None:
        """Give a bare Party office ("Bí thư, Chủ tịch UBND phường X") the committee of the next office."""
        offices = chain.offices
        for i, office in enumerate(offices):
            if not office.party:
                continue
            later = next((o.organization for o in offices[i + 1 :] if o.organization), None)
            if later is None:
                continue
            if office.organization is None:
                filled = self._committee_from(later)
            elif office.organization.lower() == "đảng ủy":  # "Bí thư Đảng ủy, Chủ tịch HĐND phường"
                unit = self.unit.search(later)
                filled = f"{office.organization} {later[unit.start():]}" if unit else None
            else:
                filled = None
            if filled:
                offices[i] = replace(office, organization=filled, party=True)

    @staticmethod
    def _resolve_province_committees(chain: Chain, text: str) -> None:
        """Read "TUV" (written alike for "Thành ủy viên" and "Tỉnh ủy viên") as the province's
        committee when the chain's other offices, or else the article, speak of a province:
        its committees, or, when it names neither committee more, its units."""
        for i, office in enumerate(chain.offices):
            if office.province_org is None:
                continue
            others = " ".join(o.organization or "" for o in chain.offices if o is not office)
            if _CITY.search(others):
                continue
            if _PROVINCE.search(others) or _mostly_province(text):
                chain.offices[i] = replace(office, organization=office.province_org)

    def _committee_from(self, organization: str) -> str | None:
        """Return the Party committee named in, or implied by, ``organization``."""
        committee = self.committee.search(organization)
        if committee:
            return organization[committee.start() :]
        unit = self.unit.search(organization)
        if unit is None:
            return None
        word = _SPACES.sub(" ", unit.group().lower())
        base = self.committee_of_unit.get(word)
        tail = organization[unit.start() :]
        return f"{base} {tail}" if base == "Đảng ủy" else base
