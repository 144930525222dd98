"""The layers of docs/ARCHITECTURE.md hold: import-linter's contracts (pyproject.toml) are kept.

``make lint`` runs ``lint-imports`` too; this test makes a plain ``pytest`` run fail as well
when, say, the client core starts importing a toolkit or the server.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept() -> None:
    pytest.importorskip("importlinter")
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout
