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

Building the indexes takes longer than reading them back, and every ``vnextract``
process needs them: ``load_gazetteer`` keeps them in a pickle in the user's cache folder
(``cache_dir``), under a name that changes with the list file, this module's code, the
fold's code (``unify_tones``) and the Python version, so a stale file is never read.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import pickle
import re
import sys
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path

from vnextract.pipeline.heap import collector_paused
from vnextract.pipeline.text import unify_tones

_log = logging.getLogger(__name__)

WARD_TYPES = ("Thị trấn", "Phường", "Xã", "Đặc khu")
DISTRICT_TYPES = ("Thành phố", "Thị xã", "Quận", "Huyện")
PROVINCE_TYPES = ("Thành phố", "Tỉnh")

_NOT_KEY = re.compile(r"[^\w]|_")
_NOT_KEY_BUT_LINE = re.compile(r"[^\w\n]|_")
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
    """Units of one class filed under their exact and loose keys, each built on its first
    look-up.

    The list holds some 14,000 units and a run looks up a few hundred of them: a unit is
    filed as the arguments of its class, which costs a fraction of building it, and every
    worker process pays the start-up.
    """

    def __init__(self, unit_class: type) -> None:
        self._unit_class = unit_class
        self._fields: list[tuple] = []  # the arguments of each unit, by number
        self._keys: list[str] = []  # the exact key of each unit, by number
        self._built: dict[int, object] = {}
        self._exact: dict[str, list[int]] = {}  # tuples once finalised
        self._loose: dict[str, tuple[int, ...]] = {}
        # The same names recur across articles ("Phường 1", "Tân Phú"), and a ward name
        # is looked up once per length of the run of words that may hold it.
        self.find = lru_cache(maxsize=1 << 15)(self._find)

    def add(self, key: str, *fields: object) -> None:
        """File the unit ``unit_class(*fields)`` under the exact key ``key``."""
        self._exact.setdefault(key, []).append(len(self._fields))
        self._fields.append(fields)
        self._keys.append(key)

    def finalise(self) -> None:
        """File every unit under its loose key too, in the order the units were added, and
        freeze the lists into tuples (of numbers: the garbage collector stops tracking them,
        which it would otherwise scan again at each full collection of a run)."""
        keys = list(self._exact)
        loose: dict[str, list[int]] = {}
        for key, loose_key in zip(keys, _loose_keys(keys)):
            loose.setdefault(loose_key, []).extend(self._exact[key])
        # Several exact keys may fold to one loose key ("Tân Định", "Tân Đình").
        self._loose = {key: tuple(sorted(numbers)) for key, numbers in loose.items()}
        self._exact = {key: tuple(numbers) for key, numbers in self._exact.items()}

    def state(self, strings: dict[str, str]) -> tuple[list, list, dict, dict]:
        """Return all a look-up needs, as plain lists and dicts (for the on-disk cache).

        Equal strings of the units become one object, the one in ``strings`` (to which new
        ones are added): the list repeats each province and district as thousands of
        objects, and pickled once each they make a file half the size, read twice as fast.
        """
        fields = [_with_shared_strings(unit, strings) for unit in self._fields]
        return fields, self._keys, self._exact, self._loose

    @classmethod
    def restored(cls, unit_class: type, state: tuple) -> _Index:
        """Return the index of ``unit_class`` whose ``state()`` was ``state``; ValueError
        if ``state`` does not have that shape."""
        fields, keys, exact, loose = state
        if not (isinstance(fields, list) and isinstance(keys, list) and len(fields) == len(keys)
                and isinstance(exact, dict) and isinstance(loose, dict)):
            raise ValueError("not the state of an index")
        index = cls(unit_class)
        index._fields, index._keys, index._exact, index._loose = fields, keys, exact, loose
        return index

    def units(self) -> list[tuple]:
        """Return the units filed under each exact key (builds them all: for tests)."""
        return [self._units(numbers) for numbers in self._exact.values()]

    def _find(self, name: str) -> tuple:
        """Return the units filed under ``name``'s exact key, else under its loose key."""
        key = exact_key(name)
        numbers = self._exact.get(key) or self._loose.get(key.translate(_LOOSE))
        return self._units(numbers) if numbers else ()

    def _units(self, numbers: tuple[int, ...]) -> tuple:
        # A unit filed twice under one key (an old province that is also a new one) is
        # returned once.
        return tuple(unit for _, unit in dict.fromkeys((self._keys[n], self._unit(n)) for n in numbers))

    def _unit(self, number: int) -> object:
        unit = self._built.get(number)
        if unit is None:
            unit = self._built[number] = self._unit_class(*self._fields[number])
        return unit


class Gazetteer:
    """Indexes over the official list; build it with ``load_gazetteer()``."""

    def __init__(self, mapping: dict) -> None:
        records = mapping["ward_mapping"]
        self._wards = _Index(Ward)
        self._districts = _Index(District)
        self._provinces = _Index(Province)
        # Each official name is split and folded once: the list repeats most of them.
        self._ward_names = _split_names(
            chain((r["old_ward"] for r in records), (r["new_ward"] for r in records)), WARD_TYPES)
        self._district_names = _split_names((r["old_district"] for r in records), DISTRICT_TYPES)
        self._names = self._display_names(records)
        self._add_provinces(mapping)
        self._add_old_wards(records)
        self._add_new_wards(records)
        for index in (self._wards, self._districts, self._provinces):
            index.finalise()

    def state(self) -> tuple:
        """Return the three indexes as plain data, all a look-up needs (for the cache)."""
        strings: dict[str, str] = {}
        return tuple(index.state(strings) for index in (self._wards, self._districts, self._provinces))

    @classmethod
    def restored(cls, state: tuple) -> Gazetteer:
        """Return the gazetteer whose ``state()`` was ``state``, without building it;
        ValueError if ``state`` does not have that shape."""
        if not (isinstance(state, tuple) and len(state) == 3):
            raise ValueError("not the state of a gazetteer")
        gazetteer = cls.__new__(cls)  # what __init__ keeps besides the indexes only serves building
        gazetteer._wards = _Index.restored(Ward, state[0])
        gazetteer._districts = _Index.restored(District, state[1])
        gazetteer._provinces = _Index.restored(Province, state[2])
        return gazetteer

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

    def _display_names(self, records: list[dict]) -> dict[str, str]:
        """Return every intact ward or district name by its exact key, to name lost
        records: of two spellings ("KBang", "Kbang"), the first the list writes."""
        names: dict[str, str] = {}
        fields = chain.from_iterable((r["old_ward"], r["new_ward"], r["old_district"]) for r in records)
        for full_name in dict.fromkeys(fields):
            for split in (self._ward_names, self._district_names):
                if full_name in split:
                    _, name, key = split[full_name]
                    names.setdefault(key, name)
        return names

    def _add_provinces(self, mapping: dict) -> None:
        new_names = {key: entry["name"] for key, entry in mapping["province_names"].items()}
        for key, entry in mapping["old_province_names"].items():
            self._add_province(entry["name"], new_names[mapping["province_mapping"][key]])
        for name in new_names.values():
            self._add_province(name, name)

    def _add_province(self, full_name: str, new_province: str) -> None:
        unit_type, name = split_type(full_name, PROVINCE_TYPES)
        self._provinces.add(exact_key(name), unit_type, name, new_province)

    def _add_old_wards(self, records: list[dict]) -> None:
        grouped: dict[tuple, list[dict]] = defaultdict(list)
        for record in records:
            grouped[(record["old_ward"] or record["old_ward_key"], record["old_district"],
                     record["old_province"])].append(record)
        for district, province in dict.fromkeys((d, p) for w, d, p in grouped if w):
            unit_type, name, key = self._district_names[district]
            self._districts.add(key, unit_type, name, province)
        for (ward, district, province), group in grouped.items():
            if ward:  # the Đặc khu records of island districts name no old ward
                unit_type, name, key = self._parse_ward(ward, bool(group[0]["old_ward"]))
                self._wards.add(key, "old", unit_type, name, district, province, self._successors(group),
                                group[0]["new_province"], group[0]["mapping_type"])

    def _successors(self, group: list[dict]) -> tuple[str, ...]:
        """Return the new wards of the records of one old ward, the default one first."""
        if len(group) == 1:  # most wards were merged whole into one new ward
            return (self._new_name(group[0]),)
        successors = sorted(group, key=lambda r: not r.get("is_default", True))
        return tuple(dict.fromkeys(self._new_name(r) for r in successors))

    def _add_new_wards(self, records: list[dict]) -> None:
        # A new ward is the successor of several records: file it once.
        for full_name, province in dict.fromkeys((self._new_name(r), r["new_province"]) for r in records):
            unit_type, name, key = self._ward_names.get(full_name) or _split_name(full_name, WARD_TYPES)
            self._wards.add(key, "new", unit_type, name, None, province, (full_name,), province, "new")

    def _parse_ward(self, ward: str, has_name: bool) -> tuple[str, str | None, str]:
        """Return type, display name (None if lost) and exact key of an old ward field."""
        if has_name:
            return self._ward_names[ward]
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


def _with_shared_strings(fields: tuple, strings: dict[str, str]) -> tuple:
    """Return ``fields`` with each string, also within a tuple, replaced by the equal one
    in ``strings`` (added there if new)."""
    return tuple(
        strings.setdefault(field, field) if isinstance(field, str)
        else _with_shared_strings(field, strings) if isinstance(field, tuple)
        else field
        for field in fields)


def _type_of_key_prefix(prefix: str) -> str:
    return {"thịtrấn": "Thị trấn", "phường": "Phường", "xã": "Xã", "đặckhu": "Đặc khu"}.get(prefix, "Xã")


def _split_names(full_names: Iterable[str], types: tuple[str, ...]) -> dict[str, tuple[str, str, str]]:
    """Return ``(type, name, exact key of the name)`` of each distinct official name."""
    distinct = [full_name for full_name in dict.fromkeys(full_names) if full_name]
    splits = [split_type(full_name, types) for full_name in distinct]
    keys = _exact_keys([name for _, name in splits])
    return {full_name: (unit_type, name, key) for full_name, (unit_type, name), key in zip(distinct, splits, keys)}


def _split_name(full_name: str, types: tuple[str, ...]) -> tuple[str, str, str]:
    unit_type, name = split_type(full_name, types)
    return unit_type, name, exact_key(name)


def _exact_keys(texts: list[str]) -> list[str]:
    """Return the exact key of each of ``texts``, folded in one pass over all of them, a
    line each: the folds of ``exact_key`` run once over the list's 10,000 names instead
    of once per name.  Each fold acts within a line ("\\n" is no word character)."""
    joined = "\n".join(texts)
    if not texts or joined.count("\n") != len(texts) - 1:  # a text of several lines
        return [exact_key(text) for text in texts]
    folded = _NOT_KEY_BUT_LINE.sub("", unify_tones(unicodedata.normalize("NFC", joined)).lower())
    return (_LEADING_ZEROS.sub("", folded) if "0" in folded else folded).split("\n")


def _loose_keys(keys: list[str]) -> list[str]:
    """Return the loose key of each exact key in ``keys``, translated in one pass."""
    return "\n".join(keys).translate(_LOOSE).split("\n") if keys else []


def mapping_path() -> str:
    """Return the path of underthesea's ``mapping.json``, found without importing
    underthesea (whose import alone takes longer than building the indexes)."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("underthesea is not installed: its mapping.json is the official list")
    return str(Path(spec.submodule_search_locations[0]) / "address" / "data" / "mapping.json")


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Return the indexes over underthesea's official list, once per process: read from
    the on-disk cache when it holds them, else built (and cached)."""
    return read_gazetteer(mapping_path(), cache_dir())


def read_gazetteer(mapping: str, cache: Path | None) -> Gazetteer:
    """Return the indexes over the list in the file ``mapping``: read from the cache
    folder ``cache`` if it holds them for this file and this code, else built and
    written there.  ``cache`` None builds and writes nothing.  The cache never makes
    this fail: an unreadable file is rebuilt, an unwritable folder skipped."""
    cache_file = _cache_file(cache, mapping) if cache else None
    gazetteer = _read_cache(cache_file) if cache_file else None
    if gazetteer is None:
        with open(mapping, encoding="utf-8") as handle, collector_paused():
            gazetteer = Gazetteer(json.load(handle))
        if cache_file:
            _write_cache(cache_file, gazetteer)
    return gazetteer


def cache_dir() -> Path | None:
    """Return the folder of vnextract's on-disk caches: ``$VNEXTRACT_CACHE_DIR`` (set
    empty, no cache: None), else ``$XDG_CACHE_HOME/vnextract``, else ``~/.cache/vnextract``;
    None when no home folder is known."""
    chosen = os.environ.get("VNEXTRACT_CACHE_DIR")
    if chosen is not None:
        return Path(chosen).expanduser() if chosen else None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, or relative: the XDG specification ignores it
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "vnextract") if os.path.isabs(base) else None


def _cache_file(cache: Path, mapping: str) -> Path | None:
    """Return the cache file of the indexes over ``mapping``, named by all they depend
    on: the list file (path, size, time of change), the code that folds and files the
    names (this module, ``unify_tones``'s), the Python version (pickle, ``unicodedata``).
    None if one of them cannot be read."""
    try:
        stat = os.stat(mapping)
        digest = hashlib.sha256(f"{mapping}\0{stat.st_size}\0{stat.st_mtime_ns}\0{sys.version}\0".encode())
        for source in (__file__, sys.modules[unify_tones.__module__].__file__):
            digest.update(Path(source).read_bytes())
    except OSError as error:
        _log.debug("no gazetteer cache: %s", error)
        return None
    return cache / f"gazetteer-{digest.hexdigest()[:32]}.pickle"


def _read_cache(cache_file: Path) -> Gazetteer | None:
    """Return the gazetteer kept in ``cache_file``, None if it is missing or unreadable."""
    try:
        with open(cache_file, "rb") as handle, collector_paused():
            return Gazetteer.restored(pickle.load(handle))
    except FileNotFoundError:
        return None
    except Exception as error:  # noqa: BLE001  truncated, corrupt, another shape: unpickling raises anything
        _log.debug("gazetteer cache %s unreadable, rebuilding: %r", cache_file, error)
        return None


def _write_cache(cache_file: Path, gazetteer: Gazetteer) -> None:
    """Write ``gazetteer`` to ``cache_file`` whole or not at all (a temporary file in the
    same folder replaces it), then remove the caches of other lists or code; failures
    (read-only home, full disk) are only logged."""
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=cache_file.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(gazetteer.state(), out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, cache_file)
        finally:
            if os.path.exists(temporary):  # the write failed
                os.unlink(temporary)
        for stale in cache_file.parent.glob("gazetteer-*.pickle"):
            if stale != cache_file:
                stale.unlink(missing_ok=True)
    except OSError as error:
        _log.debug("gazetteer cache %s not written: %s", cache_file, error)
