"""Hostile queries (issue 11, test 5) through `search`, `search --json`, `ask`, `ask --json`
and `chat`: no crash, and either a sensible answer or the one-line reason there is nothing to
search for.

Queries that hold no letter or digit (whitespace, punctuation, emoji, control characters) must
get no hits and `NOTHING_TO_SEARCH` instead of eight arbitrary ones; everything else (FTS5 and
SQL syntax, RTL, control characters and NUL inside words, 20,000 characters, ten languages at
once, bytes that are not UTF-8) must search normally and print well-formed output. The same
check (`assistant.ask.query.check_query`) is what the MCP tools will call (issue 16).

Hundreds of CLI runs as separate processes would take minutes of interpreter start-up, so one
child process drives `assistant.cli.main.main` per query with the fake embedder and the small
test answer model (loaded once); what only a real process shows (undecodable bytes in argv
and on stdin, argparse's usage error, chat's whole session) is run as real processes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.ask.query import NOTHING_TO_SEARCH
from tests.reliability.robustness_support import FAKE_CLI, home_env, show
from tests.support import REPO, SMALL_GENERATOR

NOISE = [
    "", " ", "\t \n ", "\u3000\u00a0", "?", "?!...", "***", '""', "()", "—–-", "🎉",
    "👍🏽🔥💯", "👨\u200d👩\u200d👧", "\x00", "\x1b[", "\x07\x08\x7f", "\u200b\u200d",
    "\udcff\udcfe", "*", '((("',  # FTS5 syntax alone
]  # fmt: skip
CONTENT = [
    "floor", "kitchen floor", "Who fixed the floor last time?", "2023", "٢٠٢٣", "a",
    # FTS5 syntax
    '"kitchen floor"', '"unbalanced', "floor*", "NEAR(kitchen floor)", "NEAR(a b)",
    "kitchen AND floor", "kitchen OR NOT floor", "NOT floor", "-floor", "-x", "^floor",
    "title:floor", "col:val", "(floor", "floor)", "floor + tiles", "{floor}",
    # SQL
    "'; DROP TABLE chunks; --", "1 OR 1=1", "floor'); DELETE FROM documents; --",
    "%' OR '1'='1", "UNION SELECT * FROM sqlite_master", "\\' OR 1 --",
    # RTL, bidi, other scripts
    "מי תיקן את הרצפה", "من أصلح الأرضية؟", "\u202efloor\u202c", "谁修的地板", "พื้นห้องครัว",
    # control characters and NUL inside a query
    "floor\x00tiles", "\x00floor", "floor\x1b[31m", "kitchen\tfloor\r\n", "🔧 floor",
    "\udcff\udcfe floor",  # undecodable bytes, as Python hands them over from argv
    # size and mixtures
    "floor " * 3334, "x" * 20_000, "地" * 20_000,
    "floor Boden 地板 sol suelo pavimento пол أرضية רצפה พื้น",
]  # fmt: skip
COMMANDS = (("search",), ("search", "--json"), ("ask",), ("ask", "--json"))
NOTES = {
    "floor.md": "# Floor\n\nBob fixed the kitchen floor tiles in March 2023.\n",
    "boden.md": "# Boden\n\nDer Boden im Flur wurde 2022 von Herrn Doyle repariert.\n",
    "地板.md": "# 地板\n\n张师傅上次修了厨房的地板。\n",
    "רצפה.md": "# רצפה\n\nדני תיקן את הרצפה במטבח.\n",
}
SETTINGS = {  # the small answer model, kept cheap: short answers from a small context
    "ASSISTANT_GENERATOR_MODEL": SMALL_GENERATOR,
    "ASSISTANT_GENERATOR_CONTEXT": "1024",
    "ASSISTANT_GENERATOR_MAX_ANSWER_TOKENS": "8",
    "ASSISTANT_GENERATOR_THREADS": "1",
}
DRIVER = """
import contextlib, io, json, sys
import tests.fakes
from assistant.runtime.embedder import Embedder
from assistant.runtime.generator import Generator

Embedder.from_config = classmethod(lambda cls, config: tests.fakes.FakeEmbedder())
loaded = {}
build = Generator.from_config.__func__

def once(cls, config):  # the answer model loads once for the whole run
    if "generator" not in loaded:
        loaded["generator"] = build(cls, config)
    return loaded["generator"]

Generator.from_config = classmethod(once)
from assistant.cli.main import main

runs = json.loads(sys.stdin.read())
for argv in runs:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit:
            code = exit.code
        except BaseException as exc:
            code = f"raised {type(exc).__name__}: {exc}"
    print(json.dumps({"argv": argv, "code": code, "out": out.getvalue(), "err": err.getvalue()}))
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    notes = tmp_path_factory.mktemp("notes")
    for name, text in NOTES.items():
        (notes / name).write_text(text)
    home = tmp_path_factory.mktemp("home")
    done = cli(home, "add", str(notes))
    assert done.returncode == 0 and b"4 documents indexed" in done.stdout, done.stderr[-2000:]
    return home


def cli(home: Path, *args: str | bytes, stdin: bytes = b"") -> subprocess.CompletedProcess:
    command = [sys.executable.encode(), b"-c", FAKE_CLI.encode(), *map(_bytes, args)]
    return subprocess.run(command, env=home_env(home, **SETTINGS), cwd=REPO, input=stdin,
                          capture_output=True, timeout=600)  # fmt: skip


def _bytes(arg: str | bytes) -> bytes:
    return arg if isinstance(arg, bytes) else arg.encode("utf-8", "surrogateescape")


def problem(run: dict, noise: bool) -> str:
    """What is wrong with one run's outcome ('' when it is sensible)."""
    out, err, command = run["out"], run["err"], run["argv"][:-4]  # without --k 3 -- QUERY
    if not run["argv"][-1].strip():  # blank: argparse's usage error (issue #14), no search
        usage = run["code"] == 2 and not out and "usage: assistant" in err
        return "" if usage and "the question is blank" in err else f"not a usage error: {err!r}"
    if run["code"] != 0 or "Traceback" in out + err or "unexpected error" in err:
        return f"exit {run['code']}: {err[-400:]!r}"
    as_json = "--json" in command
    if noise:
        expected = {
            ("search",): (NOTHING_TO_SEARCH + "\n", ""),
            ("search", "--json"): ("", f"assistant: {NOTHING_TO_SEARCH}\n"),
            ("ask",): (NOTHING_TO_SEARCH + "\n", ""),
        }.get(tuple(command))
        if expected and (out, err) != expected:
            return f"not the one-line reason: {out[:200]!r} {err[:200]!r}"
        if command == ["ask", "--json"]:
            reply = json.loads(out)
            if reply["answer"] != NOTHING_TO_SEARCH or reply["sources"]:
                return f"ask --json searched anyway: {out[:200]!r}"
        return ""
    if err:
        return f"stderr {err[:300]!r}"
    if as_json:
        rows = [json.loads(line) for line in out.splitlines()]
        hits = [row for row in rows[1:] if row.get("type") == "hit"]
        if command[0] == "search" and (rows[0].get("type") != "query" or len(hits) + 1 != len(rows)
                                       or not all("path" in row for row in hits)):  # fmt: skip
            return f"malformed rows: {out[:200]!r}"
        if command[0] == "ask" and "answer" not in rows[0]:
            return f"malformed answer: {out[:200]!r}"
        return ""
    if command[0] == "search" and not ("nothing found" in out or out.startswith("[1] ")):
        return f"neither hits nor 'nothing found': {out[:200]!r}"
    if command[0] == "ask" and "Evidence:" not in out:  # "Sources:" only when an answer cites
        return f"no evidence: {out[:200]!r}"
    return ""


def test_hostile_queries_through_search_and_ask(home: Path, record_property) -> None:
    runs = [
        [*command, "--k", "3", "--", query] for query in NOISE + CONTENT for command in COMMANDS
    ]
    done = subprocess.run([sys.executable, "-c", DRIVER], env=home_env(home, **SETTINGS),
                          cwd=REPO, input=json.dumps(runs), capture_output=True, text=True,
                          timeout=1800)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == len(runs), done.stderr[-2000:]
    failures = [
        f"{' '.join(r['argv'][:-4])} {r['argv'][-1][:60]!r}: {reason}"
        for r in results
        if (reason := problem(r, r["argv"][-1] in NOISE))
    ]
    refused = sum(1 for r in results if NOTHING_TO_SEARCH in r["out"] + r["err"])
    show(record_property, "hostile queries", queries=len(NOISE) + len(CONTENT),
         runs=len(runs), passed=len(runs) - len(failures), refused_as_noise=refused)  # fmt: skip
    assert not failures, "\n".join(failures)
    assert refused == len([q for q in NOISE if q.strip()]) * len(COMMANDS)


def test_chat_takes_every_hostile_line_including_invalid_utf8(home: Path, record_property) -> None:
    lines = [q.replace("\n", " ").replace("\r", " ") for q in NOISE + CONTENT]
    stdin = b"".join(_bytes(line) + b"\n" for line in lines) + b"\xff\xfe floor\n\x00\n"
    done = cli(home, "chat", "--k", "3", stdin=stdin)
    out, err = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 0 and "Traceback" not in err and not err, err[-2000:]
    asked = [line for line in stdin.decode("utf-8", "replace").split("\n") if line.strip()]
    # chat skips blank lines; every other noise line, and the extra NUL line, gets the reason
    expected_refusals = sum(1 for q in NOISE if q.replace("\n", " ").strip()) + 1
    show(record_property, "hostile chat", lines=len(asked),
         refused=out.count(NOTHING_TO_SEARCH), expected_refused=expected_refusals)  # fmt: skip
    assert out.count(NOTHING_TO_SEARCH) == expected_refusals > 0


def test_undecodable_argv_and_a_dash_query_from_a_real_shell(home: Path) -> None:
    found = cli(home, "search", b"\xff\xfe kitchen floor")
    assert found.returncode == 0 and not found.stderr, found.stderr.decode()[-2000:]
    assert b"floor.md" in found.stdout
    noise = cli(home, "search", b"\xff\xfe")
    assert noise.returncode == 0 and noise.stdout.decode().strip() == NOTHING_TO_SEARCH
    dash = cli(home, "search", "-x")  # argparse's own usage error: exit 2, no traceback
    assert dash.returncode == 2 and b"usage: assistant search" in dash.stderr
    assert b"Traceback" not in dash.stderr
