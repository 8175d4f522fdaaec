"""Gazetteer: name folds, look-ups in the official list, cost of a look-up, the on-disk cache."""

from __future__ import annotations

import os
import pickle
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from vnextract.extractors import gazetteer as gazetteer_module
from vnextract.extractors.gazetteer import (
    Gazetteer,
    _exact_keys,
    cache_dir,
    exact_key,
    load_gazetteer,
    loose_key,
    mapping_path,
    read_gazetteer,
    split_type,
)


@pytest.fixture(scope="module", autouse=True)
def _no_user_cache(tmp_path_factory):
    """Keep the gazetteer's cache of this module's processes out of the user's folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VNEXTRACT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.mark.parametrize(("spelling", "official"), [
    ("Đakao", "Đa Kao"),
    ("ĐA KAO", "Đa Kao"),
    ("Tân Hoà", "Tân Hòa"),          # old tone placement
    ("Thuỷ Nguyên", "Thủy Nguyên"),
    ("09", "9"),                      # "Phường 09"
    ("Bà Rịa – Vũng Tàu", "Bà Rịa - Vũng Tàu"),
])
def test_exact_key_ignores_case_spacing_tone_placement_and_zeros(spelling, official):
    assert exact_key(spelling) == exact_key(official)


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Da Kao", "Đa Kao", True),      # no diacritics at all
    ("Tân Định", "Tân Đình", True),   # loose keys collide ...
])
def test_loose_key_drops_diacritics(a, b, same):
    assert (loose_key(a) == loose_key(b)) is same


def test_exact_key_keeps_names_apart_that_only_diacritics_tell():
    assert exact_key("Tân Định") != exact_key("Tân Đình")


@pytest.mark.parametrize(("full_name", "expected"), [
    ("Phường Đa Kao", ("Phường", "Đa Kao")),
    ("Thị trấn Cần Thạnh", ("Thị trấn", "Cần Thạnh")),
    ("Thị Trấn Năm Căn", ("Thị trấn", "Năm Căn")),   # the list writes a few types capitalised
    ("Đa Kao", ("", "Đa Kao")),
])
def test_split_type(full_name, expected):
    assert split_type(full_name, ("Thị trấn", "Phường", "Xã")) == expected


def test_a_name_held_once_gives_one_old_ward_with_its_successors(gazetteer):
    [ward] = gazetteer.wards("Đakao")
    assert (ward.frame, ward.full_name, ward.district, ward.province) == (
        "old", "Phường Đa Kao", "Quận 1", "Thành phố Hồ Chí Minh")
    assert ward.change == "divided"
    assert ward.new_wards[0] == "Phường Sài Gòn"  # the default successor first
    assert set(ward.new_wards) == {"Phường Sài Gòn", "Phường Tân Định"}


def test_merged_ward_names_the_unit_it_became(gazetteer):
    [ward] = gazetteer.wards("Hà Khánh")
    assert (ward.district, ward.change, ward.new_wards) == ("Thành phố Hạ Long", "merged", ("Phường Cao Xanh",))


def test_numbered_ward_exists_in_many_districts_and_provinces(gazetteer):
    wards = [w for w in gazetteer.wards("9") if w.unit_type == "Phường"]
    assert len({w.district for w in wards}) > 5
    assert len({w.province for w in wards}) > 1


def test_new_units_have_no_district_and_a_new_province(gazetteer):
    [ward] = gazetteer.wards("Thủ Dầu Một")
    assert (ward.frame, ward.district, ward.province, ward.change) == (
        "new", None, "Thành phố Hồ Chí Minh", "new")


def test_record_that_lost_its_name_is_found_by_its_key(gazetteer):
    # mapping.json keeps only the key "xãnậmcàn" for this old commune of Kỳ Sơn
    [ward] = gazetteer.wards("Nậm Càn")
    assert (ward.name, ward.district, ward.province) == (None, "Huyện Kỳ Sơn", "Tỉnh Nghệ An")
    assert {w.full_name for w in gazetteer.wards("Nậm Cắn")} == {"Xã Nậm Cắn"}


def test_capitalised_type_in_the_list_still_parses(gazetteer):
    assert {w.full_name for w in gazetteer.wards("Năm Căn")} >= {"Thị trấn Năm Căn"}


def test_districts_and_provinces(gazetteer):
    assert {(d.full_name, d.province) for d in gazetteer.districts("1")} == {("Quận 1", "Thành phố Hồ Chí Minh")}
    assert {d.province for d in gazetteer.districts("Chợ Mới")} == {"Tỉnh An Giang", "Tỉnh Bắc Kạn"}
    [binh_dinh] = gazetteer.provinces("Bình Định")
    assert binh_dinh.new_province == "Tỉnh Gia Lai"


def test_unknown_names_give_nothing(gazetteer):
    assert gazetteer.wards("Không Có Tên Này") == ()
    assert not gazetteer.knows("xyz")


def test_ten_thousand_lookups_take_well_under_a_second(gazetteer):
    names = ["Đa Kao", "Đakao", "9", "Tân Định", "Hà Khánh", "Phú An", "Hòa Bình", "Không Có"] * 1250
    exact_key.cache_clear()
    start = time.perf_counter()
    found = sum(bool(gazetteer.wards(name)) for name in names)
    assert time.perf_counter() - start < 0.5
    assert found == 8750


def test_gazetteer_is_built_once():
    assert load_gazetteer() is load_gazetteer()


@given(st.text(max_size=60))
def test_folds_never_raise_and_loose_key_drops_vietnamese_marks(text):
    exact_key(text)
    key = loose_key(text + " Đặng Thị Hồng Gấm")
    assert key.endswith("dangthihonggam")


def test_no_name_files_the_same_unit_twice(gazetteer):
    # A new ward is the successor of several records, a district holds many wards:
    # each must still be filed once under its name.
    for index in (gazetteer._wards, gazetteer._districts, gazetteer._provinces):
        assert all(len(set(units)) == len(units) for units in index.units())


def test_a_unit_is_built_once_and_shared_by_its_lookups(gazetteer):
    [exact] = gazetteer.wards("Đa Kao")
    [loose] = gazetteer.wards("Da Kao")
    assert exact is loose


_NAME_LIKE = st.text(st.sampled_from("aoeuyqQ HĐđ09'_-–àáảãạòóỏõọùúủũụỳýỷỹỵ\u0301Σİ"), max_size=20)


@given(st.lists(_NAME_LIKE | st.text(st.characters(blacklist_characters="\n"), max_size=20), max_size=8))
def test_names_folded_together_get_the_keys_they_get_one_by_one(texts):
    assert _exact_keys(texts) == [exact_key(text) for text in texts]


@pytest.mark.parametrize("texts", [["9", "05"], ["Hoà\n", "Quý"], [], [""], ["a'b", "_x", "0"]])
def test_batch_fold_edge_cases(texts):
    assert _exact_keys(texts) == [exact_key(text) for text in texts]


def test_a_new_ward_made_of_several_old_wards_is_one_unit(gazetteer):
    new = [u for u in gazetteer.wards("Sài Gòn") if u.frame == "new"]
    assert len(new) == 1 and new[0].province == "Thành phố Hồ Chí Minh"


def test_mapping_path_is_underthesea_official_list():
    from pathlib import Path

    from vnextract.extractors.gazetteer import mapping_path

    path = Path(mapping_path())
    assert path.is_file() and path.parts[-4:] == ("underthesea", "address", "data", "mapping.json")


def test_building_the_indexes_stays_cheap():
    import json

    from vnextract.extractors.gazetteer import Gazetteer, mapping_path

    with open(mapping_path(), encoding="utf-8") as handle:
        mapping = json.load(handle)
    start = time.perf_counter()
    Gazetteer(mapping)
    # about 0.15 s on a quiet core (it was 0.25 s); every worker process pays it
    assert time.perf_counter() - start < 1.0


# The on-disk cache.  Every test keeps it in its own tmp folder, never in the user's.

@pytest.fixture
def builds(monkeypatch):
    """Count the gazetteers built from the list (not read from a cache)."""
    count = []
    build = Gazetteer.__init__

    def counting_build(self, mapping):
        count.append(1)
        build(self, mapping)

    monkeypatch.setattr(Gazetteer, "__init__", counting_build)
    return count


def _cache_files(folder):
    return sorted(folder.glob("*")) if folder.is_dir() else []


def _sample_names(gazetteer):
    """Every name of the list, as written and without its diacritics, and a few unknowns."""
    names = {unit.name for index in (gazetteer._wards, gazetteer._districts, gazetteer._provinces)
             for units in index.units() for unit in units if unit.name}
    return sorted(names | {loose_key(name) for name in names} | {"Không Có", "xyz", "09", ""})


def test_lookups_read_from_the_cache_equal_those_of_a_build(tmp_path, builds):
    built = read_gazetteer(mapping_path(), tmp_path)
    assert len(builds) == 1 and len(_cache_files(tmp_path)) == 1
    cached = read_gazetteer(mapping_path(), tmp_path)
    assert len(builds) == 1  # read, not built
    names = _sample_names(built)
    assert len(names) > 10_000
    for name in names:
        assert cached.wards(name) == built.wards(name)
        assert cached.districts(name) == built.districts(name)
        assert cached.provinces(name) == built.provinces(name)


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],                        # truncated
    lambda data: b"not a pickle at all",                         # corrupt
    lambda data: pickle.dumps({"wards": []}),                    # another shape
    lambda data: pickle.dumps(((["x"], [], {}, {}),) * 3),       # an index of the wrong shape
    lambda data: b"",
])
def test_a_damaged_cache_file_is_rebuilt_and_replaced(tmp_path, builds, damage):
    read_gazetteer(mapping_path(), tmp_path)
    [cache_file] = _cache_files(tmp_path)
    intact = cache_file.read_bytes()
    cache_file.write_bytes(damage(intact))
    assert [w.full_name for w in read_gazetteer(mapping_path(), tmp_path).wards("Đa Kao")] == ["Phường Đa Kao"]
    assert len(builds) == 2
    assert _cache_files(tmp_path) == [cache_file] and cache_file.read_bytes() == intact
    read_gazetteer(mapping_path(), tmp_path)
    assert len(builds) == 2


def test_an_unwritable_cache_folder_only_skips_the_cache(tmp_path, builds):
    blocker = tmp_path / "a-file"  # a folder cannot be made under a file, even by root
    blocker.write_text("")
    for _ in range(2):
        assert read_gazetteer(mapping_path(), blocker / "cache").wards("Đa Kao")
    assert len(builds) == 2
    assert _cache_files(tmp_path) == [blocker]


def test_a_changed_list_file_is_not_read_from_the_old_cache(tmp_path, builds):
    mapping = tmp_path / "mapping.json"
    shutil.copyfile(mapping_path(), mapping)
    cache = tmp_path / "cache"
    read_gazetteer(str(mapping), cache)
    [old_file] = _cache_files(cache)
    stat = mapping.stat()
    os.utime(mapping, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    read_gazetteer(str(mapping), cache)
    assert len(builds) == 2
    [new_file] = _cache_files(cache)  # the stale file is removed
    assert new_file != old_file


def test_a_changed_code_is_not_read_from_the_old_cache(tmp_path, builds, monkeypatch):
    read_gazetteer(mapping_path(), tmp_path)
    changed = tmp_path / "gazetteer.py"
    changed.write_bytes(Path(gazetteer_module.__file__).read_bytes() + b"# changed")
    monkeypatch.setattr(gazetteer_module, "__file__", str(changed))
    read_gazetteer(mapping_path(), tmp_path)
    assert len(builds) == 2


def test_empty_cache_dir_variable_turns_the_cache_off(tmp_path, monkeypatch, builds):
    monkeypatch.setenv("VNEXTRACT_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() is None
    load_gazetteer.__wrapped__()  # what a process does, without the once-per-process cache
    load_gazetteer.__wrapped__()
    assert len(builds) == 2
    assert _cache_files(tmp_path) == []


def test_cache_folder_is_chosen_by_variable_then_xdg_then_home(tmp_path, monkeypatch):
    monkeypatch.setenv("VNEXTRACT_CACHE_DIR", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("VNEXTRACT_CACHE_DIR")
    assert cache_dir() == tmp_path / "xdg" / "vnextract"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert cache_dir() == tmp_path / "home" / ".cache" / "vnextract"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_dir() == tmp_path / "home" / ".cache" / "vnextract"
