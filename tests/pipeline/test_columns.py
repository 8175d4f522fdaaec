"""Arrow arrays built by hand: the same arrays as ``pa.array``, without importing pandas."""

import datetime as dt
import shutil
import subprocess
import sys

import pyarrow as pa
import pytest
from conftest import SAMPLES
from hypothesis import given, settings, strategies as st

from vnextract.pipeline.columns import column_array, supports
from vnextract.schemas.tables import TABLES

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)  # any letter, no lone surrogates
VALUES = {
    pa.string(): TEXT,
    pa.dictionary(pa.int32(), pa.string()): st.sampled_from(["phường", "xã", "thị trấn", "Đảng ủy", ""]) | TEXT,
    pa.int32(): st.integers(-(2**31), 2**31 - 1),
    pa.float32(): st.floats(-3e38, 3e38, allow_nan=False),  # rounded to float32 as pyarrow rounds
    pa.float64(): st.floats(allow_nan=False),
    pa.bool_(): st.booleans(),
    pa.date32(): st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
}


@pytest.mark.parametrize("type_", list(VALUES), ids=str)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_same_array_as_pa_array(type_, data):
    values = data.draw(st.lists(st.none() | VALUES[type_], max_size=40))
    built = column_array(tuple(values), type_)
    built.validate(full=True)
    assert built.equals(pa.array(values, type_))
    assert built.null_count == values.count(None)


def test_every_table_column_has_a_builder():
    unsupported = [(name, f.name, str(f.type)) for name, schema in TABLES.items() for f in schema if not supports(f.type)]
    assert not unsupported


def test_dictionary_codes_follow_first_appearance():
    built = column_array(("xã", None, "phường", "xã"), pa.dictionary(pa.int32(), pa.string()))
    assert built.dictionary.to_pylist() == ["xã", "phường"]
    assert built.indices.to_pylist() == [0, None, 1, 0]


def test_a_run_never_imports_pandas(tmp_path):
    # pandas costs every run ~0.12 s of start-up that workers cannot share: a new
    # pa.array(...) or pandas import on the run path would bring it back.
    inputs = tmp_path / "in"
    shutil.copytree(SAMPLES, inputs)
    code = (
        "import sys, pathlib\n"
        "from vnextract.pipeline import run\n"
        f"run({str(inputs)!r}, {str(tmp_path / 'out')!r})\n"
        f"pathlib.Path({str(inputs / 'extra.txt')!r}).write_text('Ngày 9/2/2022, phường Cầu Kho họp.')\n"
        f"summary = run({str(inputs)!r}, {str(tmp_path / 'out')!r})\n"  # the other rows are carried over
        "assert summary.skipped == 5 and summary.processed == 1, summary\n"
        "assert 'pandas' not in sys.modules, 'the run imported pandas'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
