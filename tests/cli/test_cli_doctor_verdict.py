"""`assistant doctor` ends "all good" only when nothing warned: a WARN is counted.

A real process in a home other users can read (a privacy WARN, nothing failing): exit 0,
and the last line counts the warning instead of saying "all good". `verdict` covers the
other mixes of problems and warnings.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli.doctor import verdict
from tests.cli.cli_process import run


def test_a_warning_is_counted_not_called_all_good(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o755)  # readable by other users: the privacy check warns
    done = run(home, "doctor", "--quick")
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout
    assert any(line.startswith("WARN  privacy") for line in lines), lines
    assert "all good" not in done.stdout
    # the privacy WARN, and "answer model" too on a machine without a real answer model
    warned = sum(line.startswith("WARN ") for line in lines)
    assert lines[-1] == verdict(0, warned) and warned >= 1
    as_json = json.loads(run(home, "doctor", "--quick", "--json").stdout)
    assert (as_json["healthy"], as_json["problems"], as_json["warnings"]) == (True, 0, warned)


@pytest.mark.parametrize(
    ("problems", "warnings", "line"),
    [
        (0, 0, "all good"),
        (0, 2, "2 warnings found; nothing failed (see above)"),
        (1, 0, "1 problem found; apply the fixes above"),
        (2, 1, "2 problems and 1 warning found; apply the fixes above"),
    ],
)
def test_the_last_line_counts_problems_and_warnings(
    problems: int, warnings: int, line: str
) -> None:
    assert verdict(problems, warnings) == line
