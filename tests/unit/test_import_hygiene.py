"""The core packages must never pull in the UI toolkit (ARCHITECTURE.md)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORE = ["assistant", "identity", "ingest", "store"]


def core_modules() -> list[str]:
    names = []
    for package in CORE:
        if (REPO / package / "__init__.py").exists():
            names.append(package)
            names += [m.name for m in pkgutil.walk_packages([str(REPO / package)], f"{package}.")]
    return names


@pytest.mark.parametrize("module", core_modules())
def test_core_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; sys.exit('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, timeout=120
    )
    assert result.returncode == 0, f"{module} imports textual: {result.stderr.decode()[-300:]}"
