"""Every `--json` follows one convention: JSON Lines on stdout, and nothing else there.

A command with one result prints exactly one line holding one JSON object; a command whose
result is a list of like rows (search hits, models, verify verdicts) prints one object per
row. Progress and notes for people go to stderr. Each command runs as a real process over
the sample notes (English, German, Chinese) in a fresh home; the ones that embed use the
FakeEmbedder. (`watch --json` is checked in test_cli_watch_names.py.)
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.cli_process import run, run_fake, sample_notes

Runner = Callable[..., subprocess.CompletedProcess[str]]
NOTES = ("Haus.md", "wifi.txt", "装修记录.md")

# (command line with {notes} for the folder, runner, one object or rows, keys every object has)
ONE, ROWS = "one", "rows"
COMMANDS: list[tuple[str, Runner, str, set[str]]] = [
    ("index --json", run_fake, ONE, {"files_seen", "documents_indexed", "failures"}),
    ("status --json", run, ONE, {"roots", "documents", "by_kind", "last_sync", "failures"}),
    ("search Heizung --json", run_fake, ROWS, {"type"}),
    ("search 装修 --json", run_fake, ROWS, {"type"}),
    ("ask wann_war_die_Wartung --json", run_fake, ONE, {"answer", "sources", "cited"}),
    ("show {notes}/Haus.md --json", run, ONE, {"key", "path", "title", "sections"}),
    ("doctor --quick --json", run, ONE, {"healthy", "problems", "warnings", "findings"}),
    ("models list --json", run, ROWS, {"id", "role", "present", "active"}),
    ("config --json", run, ONE, {"paths", "embedder", "index", "generator", "mail"}),
    ("similarity Router Passwort --json", run_fake, ONE, {"query", "documents", "scores"}),
    ("forget {notes}/wifi.txt --json", run, ONE, {"target", "documents", "chunks"}),
    ("rebuild --json", run_fake, ONE, {"files_seen", "documents_indexed"}),
]


@pytest.fixture(scope="module")
def indexed_home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One indexed home for all the commands (forget and rebuild, which change it, come last)."""
    base = tmp_path_factory.mktemp("json")
    notes = sample_notes(base / "notes", *NOTES)
    assert run_fake(base / "home", "add", str(notes)).returncode == 0
    return base / "home", notes


@pytest.mark.parametrize(
    ("command", "runner", "shape", "keys"), COMMANDS, ids=[c[0].split(" {")[0] for c in COMMANDS]
)
def test_json_is_json_lines_and_nothing_else(
    indexed_home: tuple[Path, Path], command: str, runner: Runner, shape: str, keys: set[str]
) -> None:
    home, notes = indexed_home
    done = runner(home, *command.format(notes=notes).split())
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("\n") and "Traceback" not in done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]  # each line parses alone
    assert rows and all(isinstance(row, dict) and keys <= row.keys() for row in rows), rows
    if shape == ONE:
        assert len(rows) == 1, "one result: one line"


def test_search_rows_follow_rank(indexed_home: tuple[Path, Path]) -> None:
    home, _ = indexed_home
    done = run_fake(home, "search", "Router", "--json")
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    hits = [row for row in rows if row["type"] == "hit"]
    ranks = [hit["rank"] for hit in hits]
    assert ranks == list(range(1, len(ranks) + 1)) and ranks


@pytest.mark.parametrize("query", ["Heizung Wartung", "装修 地板", "Router Passwort"])
def test_search_json_query_line_then_hits_with_monotone_score(
    indexed_home: tuple[Path, Path], query: str
) -> None:
    """A query line first (how it was read), then hits whose `score` never rises with rank."""
    home, _ = indexed_home
    done = run_fake(home, "search", query, "--json")
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    head, hits = rows[0], rows[1:]
    assert head["type"] == "query" and head["query"] == query
    assert {"analysis", "filters", "below_floor"} <= head.keys()
    assert isinstance(head["analysis"]["keywords"], str)
    assert hits and all(hit["type"] == "hit" for hit in hits)
    scores = [hit["score"] for hit in hits]
    assert all(0 <= s <= 1 for s in scores) and scores[0] == 1
    assert scores == sorted(scores, reverse=True)
    assert all("similarity" in hit and "fused_score" in hit for hit in hits)
    assert any(isinstance(hit["similarity"], float) for hit in hits)
