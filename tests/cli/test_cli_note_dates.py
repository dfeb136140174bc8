"""`assistant search` names a note's mtime as one: "modified 2021-06-03", a stated date plain.

Real processes (FakeEmbedder), notes with explicit mtimes: a fresh clone's files all carry the
clone time, so a test that relied on it would pass or fail by the day it runs.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from tests.cli.cli_process import run_fake

MTIME = datetime(2021, 6, 3, 12, 0, tzinfo=UTC).timestamp()
NOTES = {
    "wlan.md": "# WLAN zu Hause\n\nRouter im Flurschrank, Passwort auf der Unterseite.\n",
    "zahnarzt.md": "## Zahnarzt 14. Januar 2025\n\nRouter? Nein: Kontrolle, alles gut.\n",
    "看牙.md": "# 看牙 2025年1月14日\n\n路由器 Router 不在这里。\n",
}


def _home(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    for name, text in NOTES.items():
        (folder / name).write_text(text, encoding="utf-8")
        os.utime(folder / name, (MTIME, MTIME))
    home = tmp_path / "home"
    done = run_fake(home, "add", str(folder))
    assert done.returncode == 0, done.stderr
    return home


def test_search_labels_an_mtime_and_not_a_stated_date(tmp_path: Path) -> None:
    home = _home(tmp_path)
    done = run_fake(home, "search", "Router")
    assert done.returncode == 0, done.stderr
    lines = {
        line.rsplit(" · ", 1)[-1]: line for line in done.stdout.splitlines() if "] note" in line
    }
    assert "note · modified 2021-06-03 · " in lines["WLAN zu Hause"]
    assert "note · 2025-01-14 · " in lines["zahnarzt"]
    assert "note · 2025-01-14 · " in lines["看牙 2025年1月14日"]

    rows = [
        json.loads(line)
        for line in run_fake(home, "search", "Router", "--json").stdout.splitlines()
    ]
    rows = [row for row in rows if row["type"] == "hit"]  # after the query line
    by_name = {Path(row["path"]).name: row for row in rows}
    assert (by_name["wlan.md"]["date_source"], by_name["wlan.md"]["date_label"]) == (
        "modified",
        "modified 2021-06-03",
    )
    assert by_name["zahnarzt.md"]["date_source"] == "heading"
    assert by_name["看牙.md"]["date_source"] == "title"
    assert by_name["看牙.md"]["date"].startswith("2025-01-14")


def test_show_labels_the_mtime_in_its_headers_and_json(tmp_path: Path) -> None:
    home = _home(tmp_path)
    note = tmp_path / "notes" / "wlan.md"
    shown = run_fake(home, "show", str(note))
    assert shown.returncode == 0, shown.stderr
    assert "modified 2021-06-03" in shown.stdout
    row = json.loads(run_fake(home, "show", str(note), "--json").stdout)
    assert row["date_source"] == "modified"
    stated = json.loads(
        run_fake(home, "show", str(tmp_path / "notes" / "看牙.md"), "--json").stdout
    )
    assert stated["date_source"] == "title" and stated["date"].startswith("2025-01-14")
