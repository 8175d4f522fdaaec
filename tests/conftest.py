"""Shared fixtures: the bundled samples, the shared corpus (skipped when absent)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "raw"
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory) -> Path:
    """Point the gazetteer's cache (and the CLI processes the tests start) at a temporary
    folder, so the suite never writes into the user's ~/.cache."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VNEXTRACT_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS} (it sits beside the repository in CI)")
    return CORPUS


@pytest.fixture(scope="session")
def samples_out(tmp_path_factory) -> Path:
    """The tables of one in-process run over the bundled samples, shared by the tests that read them."""
    from vnextract.pipeline import run

    out = tmp_path_factory.mktemp("samples_out")
    run(SAMPLES, out)
    return out


def run_cli(*args: str, timeout: float = 600, **kwargs) -> subprocess.CompletedProcess:
    """Run ``vnextract ARGS`` in a fresh interpreter, as a user would."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.run(
        [sys.executable, "-m", "vnextract.cli", *args],
        check=False, capture_output=True, text=True, timeout=timeout, env=env, **kwargs,
    )
