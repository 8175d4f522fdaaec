"""The scripts of ``training/`` import each other by bare name, as they do when run: the tests
import them the same way."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))
