"""The code is lint-clean under the project's own ruff settings (``[tool.ruff]`` in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (it comes with: pip install -e '.[test]')")
    done = subprocess.run([ruff, "check", "--no-cache", "."], check=False, capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stdout[-3000:]
