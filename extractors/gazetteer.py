"""The official list of administrative units, loaded once into cheap look-up indexes.

The list is the one underthesea ships (``underthesea/address/data/mapping.json``):
every ward-level unit in force just before the reorganisation of 1 July 2025, with
its district and province, and the unit(s) it became.  From it this module builds

* the *old* wards (the frame every article is joined on), with their successors;
* the *new* wards created on 1 July 2025 (no district, a new province);
* the old districts and the old and new provinces.

Names are looked up by a *fold*: ``exact_key`` ignores case, spacing and tone
placement ("Đakao" = "Đa Kao", "Hoà" = "Hòa"); ``loose_key`` also drops every
diacritic ("Da Kao").  A look-up tries the exact key first, so "Tân Định" never
falls back to "Tân Đình".
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from vnextract.pipeline.text import unify_tones

WARD_TYPES = ("Thị trấn", "Phường", "Xã", "Đặc khu")
DISTRICT_TYPES = ("Thành phố", "Thị xã", "Quận", "Huyện")
PROVINCE_TYPES = ("Thành phố", "Tỉnh")

_NOT_KEY = re.compile(r"[^\w]|_")
_LEADING_ZEROS = re.compile(r"(?<!\d)0+(?=\d)")
# Some records lost their ward name and keep only a key such as "xãnậmcàn"; the
# type prefix of such a key, folded the same way.
_KEY_TYPE_PREFIX = re.compile(r"^(?:thịtrấn|phường|xã|đặckhu)")


def _strip_marks(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0]
    return "d" if char in "đĐ" else base.lower()


# Every Latin letter with Vietnamese marks maps to its bare lower-case letter.
_LOOSE = str.maketrans({
    chr(code): _strip_marks(chr(code))
    for code in range(0xC0, 0x1EFA)
    if chr(code) in "đĐ"
    or (chr(code).isalpha() and unicodedata.normalize("NFD", chr(code))[0].isascii())
})


@lru_cache(maxsize=1 << 16)
def exact_key(text: str) -> str:
    """Return ``text`` folded for look-up: NFC, official tone placement, lower case,
    no spaces or punctuation, no leading zeros ("Phường 09" and "phường 9" agree)."""
    key = _NOT_KEY.sub("", unify_tones(unicodedata.normalize("NFC", text)).lower())
    return _LEADING_ZEROS.sub("", key) if "0" in key else key  # most names hold no zero


def loose_key(text: str) -> str:
    """Return the exact key of ``text`` with every diacritic dropped ("đa kao" -> "dakao")."""
    return exact_key(text).translate(_LOOSE)


@lru_cache(maxsize=1 << 15)  # the list repeats each province and district thousands of times
def split_type(full_name: str, types: tuple[str, ...]) -> tuple[str, str]:
    """Return ``(type, name)`` of an official name: "Phường Đa Kao" -> ("Phường", "Đa Kao")."""
    for unit_type in types:  # a few records write "Thị Trấn", "Thành Phố"
        if full_name[: len(unit_type) + 1].lower() == unit_type.lower() + " ":
            return unit_type, full_name[len(unit_type) + 1 :]
    return "", full_name


@dataclass(frozen=True, slots=True)
class Ward:
    """One ward-level unit of the old or the new list.

    ``district`` is None for a unit of the new list.  ``new_wards`` lists the
    unit(s) an old ward became (the default successor first); a new unit names itself.
    ``change`` is merged, renamed, divided or unchanged for an old ward, "new" otherwise.
    ``name`` is None for the few old records that lost their name (only the key remains).
    """

    frame: str
    unit_type: str
    name: str | None
    district: str | None
    province: str
    new_wards: tuple[str, ...]
    new_province: str
    change: str

    @property
    def full_name(self) -> str | None:
        return f"{self.unit_type} {self.name}" if self.name else None


@dataclass(frozen=True, slots=True)
class District:
    """A district-level unit of the old list: "Quận 1" of "Thành phố Hồ Chí Minh"."""

    unit_type: str
    name: str
    province: str

    @property
    def full_name(self) -> str:
        return f"{self.unit_type} {self.name}"


@dataclass(frozen=True, slots=True)
class Province:
    """A province of the old (63) or the new (34) list, with the new province it is part of."""

    unit_type: str
    name: str
    new_province: str

    @property
    def full_name(self) -> str:
        return f"{self.unit_type} {self.name}"


class _Index:
    """Units filed under their exact and loose keys."""

    def __init__(self) -> None:
        self.exact: dict[str, list] = defaultdict(list)
        self.loose: dict[str, list] = defaultdict(list)
        # The same names recur across articles ("Phường 1", "Tân Phú"), and a ward name
        # is looked up once per length of the run of words that may hold it.
        self.find = lru_cache(maxsize=1 << 15)(self._find)

    def add(self, key: str, unit: object) -> None:
        if unit not in self.exact[key]:
            self.exact[key].append(unit)
            self.loose[key.translate(_LOOSE)].append(unit)

    def _find(self, name: str) -> tuple:
        """Return the units filed under ``name``'s exact key, else under its loose key."""
        key = exact_key(name)
        return self.exact.get(key) or self.loose.get(key.translate(_LOOSE), ())

    def finalise(self) -> None:
        """Freeze the lists into the tuples that look-ups return."""
        self.exact = {key: tuple(units) for key, units in self.exact.items()}
        self.loose = {key: tuple(units) for key, units in self.loose.items()}


class Gazetteer:
    """Indexes over the official list; build it with ``load_gazetteer()``."""

    def __init__(self, mapping: dict) -> None:
        self._wards = _Index()
        self._districts = _Index()
        self._provinces = _Index()
        self._names = _display_names(mapping["ward_mapping"])
        self._add_provinces(mapping)
        self._add_old_wards(mapping["ward_mapping"])
        self._add_new_wards(mapping["ward_mapping"])
        for index in (self._wards, self._districts, self._provinces):
            index.finalise()

    def wards(self, name: str) -> tuple[Ward, ...]:
        """Return the old and new wards named ``name`` (the name without its type word)."""
        return self._wards.find(name)

    def districts(self, name: str) -> tuple[District, ...]:
        """Return the old districts named ``name`` ("Hạ Long", "1", "Đất Đỏ")."""
        return self._districts.find(name)

    def provinces(self, name: str) -> tuple[Province, ...]:
        """Return the old and new provinces named ``name`` ("Quảng Ninh", "Hồ Chí Minh")."""
        return self._provinces.find(name)

    def knows(self, name: str) -> bool:
        """Return whether some ward, district or province is named ``name``."""
        return bool(self.wards(name) or self.districts(name) or self.provinces(name))

    def _add_provinces(self, mapping: dict) -> None:
        new_names = {key: entry["name"] for key, entry in mapping["province_names"].items()}
        for key, entry in mapping["old_province_names"].items():
            self._add_province(entry["name"], new_names[mapping["province_mapping"][key]])
        for name in new_names.values():
            self._add_province(name, name)

    def _add_province(self, full_name: str, new_province: str) -> None:
        unit_type, name = split_type(full_name, PROVINCE_TYPES)
        self._provinces.add(exact_key(name), Province(unit_type, name, new_province))

    def _add_old_wards(self, records: list[dict]) -> None:
        grouped: dict[tuple, list[dict]] = defaultdict(list)
        for record in records:
            grouped[(record["old_ward"] or record["old_ward_key"], record["old_district"],
                     record["old_province"])].append(record)
        for district, province in dict.fromkeys((d, p) for w, d, p in grouped if w):
            self._add_district(district, province)
        for (ward, district, province), group in grouped.items():
            if ward:  # the Đặc khu records of island districts name no old ward
                self._add_old_ward(ward, district, province, group)

    def _add_old_ward(self, ward: str, district: str, province: str, group: list[dict]) -> None:
        unit_type, name, key = self._parse_ward(ward, bool(group[0]["old_ward"]))
        successors = sorted(group, key=lambda r: not r.get("is_default", True))
        unit = Ward(
            frame="old", unit_type=unit_type, name=name, district=district, province=province,
            new_wards=tuple(dict.fromkeys(self._new_name(r) for r in successors)),
            new_province=group[0]["new_province"], change=group[0]["mapping_type"],
        )
        self._wards.add(key, unit)

    def _add_new_wards(self, records: list[dict]) -> None:
        # A new ward is the successor of several records: file it once.
        for full_name, province in dict.fromkeys((self._new_name(r), r["new_province"]) for r in records):
            unit_type, name = split_type(full_name, WARD_TYPES)
            unit = Ward(
                frame="new", unit_type=unit_type, name=name, district=None,
                province=province, new_wards=(full_name,), new_province=province, change="new",
            )
            self._wards.add(exact_key(name), unit)

    def _add_district(self, full_name: str, province: str) -> None:
        unit_type, name = split_type(full_name, DISTRICT_TYPES)
        self._districts.add(exact_key(name), District(unit_type, name, province))

    def _parse_ward(self, ward: str, has_name: bool) -> tuple[str, str | None, str]:
        """Return type, display name (None if lost) and exact key of an old ward field."""
        if has_name:
            unit_type, name = split_type(ward, WARD_TYPES)
            return unit_type, name, exact_key(name)
        prefix = _KEY_TYPE_PREFIX.match(ward)
        key = ward[prefix.end():] if prefix else ward
        unit_type = _type_of_key_prefix(prefix.group() if prefix else "")
        return unit_type, self._names.get(key), exact_key(key)

    def _new_name(self, record: dict) -> str:
        """Return a record's new ward name, rebuilt from its key when the name was lost."""
        if record["new_ward"]:
            return record["new_ward"]
        prefix = _KEY_TYPE_PREFIX.match(record["new_ward_key"])
        key = record["new_ward_key"][prefix.end():] if prefix else record["new_ward_key"]
        name = self._names.get(key) or key.title()
        return f"{_type_of_key_prefix(prefix.group() if prefix else '')} {name}"


def _type_of_key_prefix(prefix: str) -> str:
    return {"thịtrấn": "Thị trấn", "phường": "Phường", "xã": "Xã", "đặckhu": "Đặc khu"}.get(prefix, "Xã")


def _display_names(records: list[dict]) -> dict[str, str]:
    """Return every intact ward or district name by its exact key, to name lost records."""
    names: dict[str, str] = {}
    for record in records:
        for full_name, types in ((record["old_ward"], WARD_TYPES), (record["new_ward"], WARD_TYPES),
                                 (record["old_district"], DISTRICT_TYPES)):
            if full_name:
                name = split_type(full_name, types)[1]
                names.setdefault(exact_key(name), name)
    return names


def mapping_path() -> str:
    """Return the path of underthesea's ``mapping.json``, found without importing
    underthesea (whose import alone takes longer than building the indexes)."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("underthesea is not installed: its mapping.json is the official list")
    return str(Path(spec.submodule_search_locations[0]) / "address" / "data" / "mapping.json")


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Return the indexes over underthesea's official list, built once per process."""
    with open(mapping_path(), encoding="utf-8") as handle:
        return Gazetteer(json.load(handle))
