"""The core packages must never pull in the UI toolkit (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
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


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
             for alias in node.names}  # fmt: skip
    names |= {node.module for node in ast.walk(tree)
              if isinstance(node, ast.ImportFrom) and node.module and not node.level}  # fmt: skip
    return names


def test_tests_import_no_conftest_and_no_benchmark_script() -> None:
    """Shared test code lives in plain helper modules (tests/support.py, *_helpers.py)."""
    packages = {p.name for p in REPO.iterdir() if (p / "__init__.py").exists()}
    scripts = {p.stem for p in (REPO / "benchmarks").glob("*.py")} - packages
    wrong = {
        f"{path.relative_to(REPO)}: {name}"
        for path in (REPO / "tests").rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[-1] == "conftest" or name.split(".")[0] in {"benchmarks", *scripts}
    }
    assert not wrong, sorted(wrong)
