"""The user's filters on `search`, `ask` and `chat` as real processes over a real index.

One index of samples/ (5 mails 2021-2024, 3 notes, an invoice PDF) built once for the module
with the real EmbeddingGemma in a temp ASSISTANT_HOME; each command is its own process, as a
person or a script runs it. Questions in English, German and Chinese.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from assistant.config import load_config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from assistant.runtime.embedder import Embedder
from tests.support import REPO, SAMPLES, SMALL_GENERATOR

pytestmark = pytest.mark.models
NOW = "2024-10-15T12:00:00+02:00"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, real_embedder: Embedder) -> tuple[dict, Path]:
    """A home with samples/ indexed; its environment and the indexed folder."""
    home = tmp_path_factory.mktemp("filters-home")
    folder = tmp_path_factory.mktemp("filters-files") / "samples"
    shutil.copytree(SAMPLES, folder)
    env = {
        **os.environ,
        "ASSISTANT_HOME": str(home),
        "ASSISTANT_GENERATOR_MODEL": SMALL_GENERATOR,
        "ASSISTANT_GENERATOR_MAX_ANSWER_TOKENS": "8",
        "ASSISTANT_EMBEDDER_THREADS": "1",
    }
    config = load_config(env)
    add_root(config, folder)
    with open_index(config) as index:
        assert run_sync(config, index, real_embedder).documents_indexed == 9
    return env, folder


def run(env: dict, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "assistant", *args]
    return subprocess.run(
        command, env=env, cwd=REPO, input=stdin, capture_output=True, text=True, timeout=600
    )


def search(env: dict, query: str, *filters: str) -> list[dict]:
    result = run(env, "search", query, "--json", "--now", NOW, *filters)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    return [row for row in rows if row["type"] == "hit"]


def test_kind_folder_and_sender(home) -> None:
    env, folder = home
    pdfs = search(env, "Wer hat den Boden geschliffen?", "--kind", "pdf")
    assert pdfs and {row["kind"] for row in pdfs} == {"pdf"}
    # two kinds: nothing else (the relevance floor may leave out a weak one of them)
    two = search(env, "Wer hat den Boden geschliffen?", "--kind", "note", "--kind", "pdf")
    kinds = {row["kind"] for row in two}
    assert kinds and kinds <= {"note", "pdf"}, kinds
    notes = search(env, "谁修的地板？", "--folder", str(folder / "notes"))
    assert notes and all(row["path"].startswith(f"{folder / 'notes'}/") for row in notes)
    becker = search(env, "who fixed the floor?", "--from", "BECKER")
    assert becker and all("becker" in row["sender"].casefold() for row in becker)


def test_since_and_until_keep_to_the_dates(home) -> None:
    env, _ = home
    # a question the files answer: a vague one ("who worked last?") is below the relevance floor
    rows = search(env, "Wer hat den Boden repariert?", "--since", "2022-06", "--until", "2023")
    dates = [datetime.fromisoformat(row["date"]) for row in rows]
    assert dates and all("2022-06-01" <= d.date().isoformat() <= "2023-12-31" for d in dates)
    recent = search(env, "floor", "--since", "60d")  # 60 days before --now: mid-August 2024
    assert recent and all(row["date"] and row["date"] >= "2024-08-16" for row in recent)


def test_sort_by_date_orders_the_shown_sources_newest_first(home) -> None:
    env, _ = home
    ranked = search(env, "who fixed the floor?", "--kind", "mail")
    by_date = search(env, "who fixed the floor?", "--kind", "mail", "--sort", "date")
    dates = [row["date"] for row in by_date]
    assert dates == sorted(dates, reverse=True)
    assert {r["chunk_id"] for r in ranked} == {r["chunk_id"] for r in by_date}
    assert [r["chunk_id"] for r in ranked] != [r["chunk_id"] for r in by_date]


def test_an_empty_result_says_which_filter_excluded_everything(home) -> None:
    env, _ = home
    nobody = run(env, "search", "Wer hat den Boden repariert?", "--from", "nobody@nowhere")
    assert nobody.returncode == 0, nobody.stderr
    assert "nothing found: no source matches the filter 'from nobody@nowhere'" in nobody.stdout
    both = run(env, "search", "谁修的地板？", "--kind", "note", "--from", "becker", "--json")
    assert both.returncode == 0
    assert [json.loads(line)["type"] for line in both.stdout.splitlines()] == ["query"]
    assert "none matches all of 'kind note', 'from becker'" in both.stderr


def test_ask_and_chat_keep_to_the_filters(home) -> None:
    env, _ = home
    question = "Who fixed the leaking kitchen tap?"
    asked = run(env, "ask", question, "--kind", "mail", "--since", "2024", "--json", "--now", NOW)
    assert asked.returncode == 0, asked.stderr
    sources = json.loads(asked.stdout)["sources"]
    assert sources and {s["kind"] for s in sources} == {"mail"}
    assert all(s["date"].startswith("2024-") for s in sources)
    chat = run(env, "chat", "--kind", "note", stdin="谁修的地板？\nWer hat die Heizung gewartet?\n")
    assert chat.returncode == 0, chat.stderr
    # Evidence headers ("[1] note · ..."), not whatever the test model's answer begins with.
    evidence = [line for line in chat.stdout.splitlines() if re.match(r"\[\d+\] \w+ · ", line)]
    assert len(evidence) >= 2, chat.stdout
    assert all(line.split(" · ")[0].endswith("] note") for line in evidence), chat.stdout


def test_wrong_filter_values_are_usage_errors(home, tmp_path: Path) -> None:
    env, _ = home
    for args, said in [
        (("--since", "letzte Woche"), "cannot read the date"),
        (("--kind", "video"), "invalid choice"),
        (("--folder", str(tmp_path)), "not in a registered folder"),
        (("--since", "2025", "--until", "2024"), "nothing can match"),
    ]:
        result = run(env, "search", "Boden", *args)
        assert result.returncode == 2, (args, result.stderr)
        assert said in result.stderr and "Traceback" not in result.stderr
