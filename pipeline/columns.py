"""Arrow arrays built from the Python values of validated rows.

``pa.array(values, type)`` would do the same, but its first call in a process imports
pandas (pyarrow asks whether the values are a pandas object): about 0.12 s that every
run paid before any work could be shared between workers, and pandas is used for
nothing else.  The tables hold few types (strings, dictionary-encoded strings, 32-bit
integers, floats, booleans, dates), so their buffers are built here directly; a
property test checks every type against ``pa.array``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pyarrow as pa

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_NUMERIC = {pa.int32(): np.int32, pa.int64(): np.int64, pa.float32(): np.float32, pa.float64(): np.float64}
_MAX_STRING_BYTES = 2**31 - 1  # ``pa.string`` offsets are 32-bit


def supports(type_: pa.DataType) -> bool:
    """Return whether ``column_array`` builds arrays of ``type_``."""
    if pa.types.is_dictionary(type_):
        return type_.index_type == pa.int32() and type_.value_type == pa.string()
    return type_ in _NUMERIC or type_ in (pa.string(), pa.bool_(), pa.date32())


def column_array(values: Sequence, type_: pa.DataType) -> pa.Array:
    """Return ``values`` (None for null) as an Arrow array of ``type_``, as ``pa.array`` would."""
    validity, nulls = _validity(values)
    if pa.types.is_dictionary(type_):
        return _dictionary_array(values, type_, validity, nulls)
    if type_ == pa.string():
        return _string_array(values, validity, nulls)
    if type_ == pa.bool_():
        data = np.packbits(np.array([v is True for v in values], dtype=bool), bitorder="little")
    elif type_ == pa.date32():
        data = np.array([v.toordinal() - _EPOCH_ORDINAL if v is not None else 0 for v in values], dtype=np.int32)
    else:
        data = np.array([0 if v is None else v for v in values], dtype=_NUMERIC[type_])
    return pa.Array.from_buffers(type_, len(values), [validity, pa.py_buffer(data)], nulls)


def _validity(values: Sequence) -> tuple[pa.Buffer | None, int]:
    """Return the validity bitmap of ``values`` (None when nothing is null) and the null count."""
    present = [v is not None for v in values]
    nulls = len(present) - sum(present)
    if not nulls:
        return None, 0
    return pa.py_buffer(np.packbits(np.array(present, dtype=bool), bitorder="little")), nulls


def _string_array(values: Sequence, validity: pa.Buffer | None, nulls: int) -> pa.Array:
    encoded = [b"" if v is None else v.encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    if offsets[-1] > _MAX_STRING_BYTES:  # over 2 GiB in one batch: let pyarrow split it
        return pa.array(values, pa.string())
    buffers = [validity, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(b"".join(encoded))]
    return pa.Array.from_buffers(pa.string(), len(encoded), buffers, nulls)


def _dictionary_array(values: Sequence, type_: pa.DictionaryType, validity: pa.Buffer | None, nulls: int) -> pa.Array:
    # Codes in order of first appearance, as pa.array gives them.
    codes: dict[str, int] = {}
    indices = np.array([0 if v is None else codes.setdefault(v, len(codes)) for v in values], dtype=np.int32)
    index_array = pa.Array.from_buffers(pa.int32(), len(values), [validity, pa.py_buffer(indices)], nulls)
    return pa.DictionaryArray.from_arrays(index_array, _string_array(list(codes), None, 0))
