"""The garbage collector around start-up and runs.

Building the extractors allocates hundreds of thousands of long-lived objects (lexicons,
the gazetteer, compiled rules), none of them in a cycle that needs collecting.  Python's
cyclic collector would scan them all again at each collection their allocation triggers,
and again at every full collection of a run.  ``collector_paused`` keeps it off while
they are built; ``frozen_heap`` then moves them out of its sight for the run.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, if it runs, for the block (what the block
    frees is still freed as usual, by reference counting)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Hide every object built so far from the cyclic garbage collector for the block.

    Frozen before workers fork, the objects also stay shared with them (a collection
    would write to their pages).  The caller's collector is as it was after the block.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
