"""`assistant serve` with real processes: a server, its clients, kill -9, Ctrl-C, SIGTERM.

The models are fakes (tests/serve/serve_support.py), so what is tested is the server and
its wire: that a command run by the server prints what it prints in a process of its own,
and that no death or interruption of either end loses anything or leaves a home unusable.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import time
from pathlib import Path

import pytest

from tests.process_lines import next_line
from tests.serve.serve_support import (
    ENTRY,
    IN_PROCESS,
    SERVED,
    Server,
    indexed_home,
    run,
    same_output,
    socket_of,
    start,
    wait_for,
)

COMMANDS = [
    ("search", "Wer hat den Boden im Flur repariert?"),
    ("search", "谁修好了客厅的地板？"),
    ("search", "who fixed the kitchen tap", "--json"),
    ("search", "Priya", "--explain", "--k", "2"),
    ("search", "kind:pdf floor"),
    ("search",),  # a usage error: argparse's words and exit code 2
    ("search", "?!"),  # refused as a query
    ("ask", "Wer hat den Boden im Flur repariert?"),
    ("ask", "谁修的水龙头？", "--json"),
    ("status",),
    ("status", "--json"),
]


# An answer of 300 different words (the repetition guard would cut a looping one short).
WORDS = " ".join(f"Wort{n}" for n in range(1, 301))


def read_until(client, text: str) -> str:
    """What the client printed on stdout up to and including `text` (which must come)."""
    seen = ""
    while not seen.endswith(text):
        char = client.stdout.read(1)
        assert char, f"stdout ended before {text!r}: {seen[-300:]!r}"
        seen += char
    return seen


@pytest.fixture
def served(tmp_path: Path):
    home, env = indexed_home(tmp_path)
    with Server(env) as server:
        yield home, env, server


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: " ".join(argv) or "-")
def test_a_served_command_prints_what_it_prints_in_process(served, argv) -> None:
    _home, env, _ = served
    same_output(run(SERVED, env, *argv), run(IN_PROCESS, env, *argv))


def test_show_is_served_for_absolute_paths_and_left_here_for_relative_ones(
    served, tmp_path: Path
) -> None:
    _home, env, _ = served
    notes = tmp_path / "notes"
    for argv, code in (
        (("show", str(notes / "Haus.md")), 0),
        (("show", str(notes / "装修记录.md"), "--json"), 0),
        (("show", str(notes / "missing.md")), 1),  # not in the index: the same words
    ):
        shown = run(SERVED, env, *argv)
        same_output(shown, run(IN_PROCESS, env, *argv))
        assert shown.returncode == code, shown.stderr
    relative = run(SERVED, env, "show", "notes/Haus.md")  # this process's folder, not the server's
    assert "ran in-process, not in the server" in relative.stderr


def test_chat_reads_its_questions_from_the_clients_stdin(served) -> None:
    _, env, _ = served
    questions = "Wer hat den Boden repariert?\nund die Heizung?\n谁修的水龙头？\n"
    served_chat = run(SERVED, env, "chat", stdin=questions)
    same_output(served_chat, run(IN_PROCESS, env, "chat", stdin=questions))
    assert served_chat.stdout.count("[1]") >= 3


def test_a_streamed_answer_is_the_same_and_arrives_while_it_is_written(tmp_path: Path) -> None:
    words = "Thomas Becker [1] hat den Flur 2024 abgeschliffen. 王伟师傅 [2] 修好了地板。"
    _home, env = indexed_home(tmp_path, FAKE_ANSWER=words, FAKE_ANSWER_PAUSE="0.02")
    with Server(env):
        question = ("ask", "Wer hat den Boden im Flur repariert?")
        served_answer = run(SERVED, env, *question)
        same_output(served_answer, run(IN_PROCESS, env, *question))
        assert "Thomas Becker [1]" in served_answer.stdout
        assert "\nSources:\n[1] " in served_answer.stdout
        slow = dict(env, FAKE_ANSWER_PAUSE="0.5")
        # the server's config is the same (FAKE_ANSWER_PAUSE is not a setting): it is served
        client = start(SERVED, slow, *question)
        first = client.stdout.readline()  # type: ignore[union-attr]
        assert first == "Evidence:\n"  # the evidence is there before the answer is done
        client.kill()
        client.wait()


def test_ctrl_c_stops_the_answer_and_the_server_goes_on(tmp_path: Path) -> None:
    words = WORDS
    _home, env = indexed_home(tmp_path, FAKE_ANSWER=words, FAKE_ANSWER_PAUSE="0.1")
    with Server(env) as server:
        client = start(SERVED, env, "ask", "Wer hat den Boden repariert?")
        assert client.stdout.readline() == "Evidence:\n"  # type: ignore[union-attr]
        read_until(client, "Wort1 Wort2 ")  # the answer is being written
        started = time.monotonic()
        client.send_signal(signal.SIGINT)
        _out, err = client.communicate(timeout=30)
        assert client.returncode == 130
        assert err.endswith("assistant: interrupted\n") and "Traceback" not in err
        assert time.monotonic() - started < 5  # not the 30 s the whole answer takes
        again = run(SERVED, env, "search", "Heizung")
        assert again.returncode == 0 and "Haus" in again.stdout
        assert server.process.poll() is None


def test_a_server_killed_mid_answer_is_one_line_and_loses_nothing(tmp_path: Path) -> None:
    words = WORDS
    home, env = indexed_home(tmp_path, FAKE_ANSWER=words, FAKE_ANSWER_PAUSE="0.1")
    before = run(IN_PROCESS, env, "status", "--json")
    server = Server(env)
    client = start(SERVED, env, "ask", "Wer hat den Boden repariert?")
    assert client.stdout.readline() == "Evidence:\n"  # type: ignore[union-attr]
    server.process.kill()
    _out, err = client.communicate(timeout=30)
    server.__exit__()
    assert client.returncode == 1
    assert err.splitlines()[-1] == (
        "assistant: the server (`assistant serve`) stopped before the command finished"
    )
    assert "Traceback" not in err and len(err.splitlines()) == 1
    assert socket_of(home).exists()  # left behind by kill -9: stale
    # the next command finds nobody listening, removes the stale socket and works by itself
    alone = run(ENTRY, env, "status", "--json")
    assert alone.returncode == 0
    assert not socket_of(home).exists()
    same_counts = ("documents", "chunks", "by_kind")
    assert {k: json.loads(alone.stdout)[k] for k in same_counts} == {
        k: json.loads(before.stdout)[k] for k in same_counts
    }
    with Server(env):  # and a new server starts at once
        assert run(SERVED, env, "search", "Heizung").returncode == 0


def test_a_second_server_is_refused_in_one_line(served) -> None:
    home, env, server = served
    second = run(IN_PROCESS, env, "serve")
    assert second.returncode == 1
    assert second.stderr == (
        f"assistant: a server already runs for {home} (pid {server.process.pid}); stop it first\n"
    )
    assert second.stdout == ""


def test_status_says_whether_a_server_runs(served) -> None:
    _home, env, server = served
    line = f"server: assistant serve (pid {server.process.pid}): commands and the app use its"
    assert line in run(IN_PROCESS, env, "status").stdout
    assert json.loads(run(IN_PROCESS, env, "status", "--json").stdout)["server_pid"] == (
        server.process.pid
    )
    server.stop(signal.SIGTERM)
    assert "server: none" in run(IN_PROCESS, env, "status").stdout


def test_sigterm_stops_the_server_cleanly(served) -> None:
    home, env, server = served
    assert stat.S_IMODE(socket_of(home).stat().st_mode) == 0o600
    assert server.stop(signal.SIGTERM) == 0
    assert not socket_of(home).exists()
    assert "Traceback" not in server.process.stderr.read()  # type: ignore[union-attr]
    with Server(env):  # the lock went with it
        pass


def test_the_client_does_the_work_itself_when_the_config_differs(served) -> None:
    _home, env, server = served
    other = dict(env, ASSISTANT_INDEX_WATCH_DEBOUNCE_SECONDS="7")
    declined = run(SERVED, other, "search", "Heizung")
    assert declined.stderr.strip() == "ran in-process, not in the server"
    said = [next_line(server.lines)]
    while not said[-1].startswith("note:"):  # after the first sync's batch line, if any
        said.append(next_line(server.lines))
    assert said[-1].startswith("note: a command came with another configuration")
    run(SERVED, other, "search", "Heizung")  # said once, not for every command
    assert run(SERVED, env, "search", "Heizung").returncode == 0
    later = []
    while not server.lines.empty():
        later.append(server.lines.get())
    assert not [line for line in later if line and line.startswith("note:")]
    off = run(SERVED, dict(env, ASSISTANT_SERVER="off"), "search", "Heizung")
    assert off.stderr.strip() == "ran in-process, not in the server"


def test_a_client_that_leaves_mid_answer_stops_its_answer(tmp_path: Path) -> None:
    endings = tmp_path / "answers.log"
    _home, env = indexed_home(
        tmp_path, FAKE_ANSWER=WORDS, FAKE_ANSWER_PAUSE="0.1", FAKE_ANSWER_LOG=str(endings)
    )
    with Server(env) as server:
        client = start(SERVED, env, "ask", "Wer hat den Boden repariert?")
        read_until(client, "Wort1 Wort2 ")
        client.kill()
        client.wait()
        # the server stops that answer (30 s to go) at once, and goes on serving
        wait_for(lambda: endings.exists() and endings.read_text() == "cancelled\n", 10)
        assert run(SERVED, env, "search", "Heizung").returncode == 0
        assert server.process.poll() is None


def test_a_deep_home_gets_its_socket_in_the_private_runtime_dir(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    _home, env = indexed_home(deep, XDG_RUNTIME_DIR=str(runtime))
    with Server(env) as server:
        sockets = list((runtime / f"assistant-{os.getuid()}").glob("*.sock"))
        assert len(sockets) == 1 and str(sockets[0]) in server.said[-1]
        assert run(SERVED, env, "search", "Heizung").returncode == 0


def test_server_and_client_use_unix_sockets_only(tmp_path: Path) -> None:
    """The offline guard: every socket either end makes is AF_UNIX, at a path in the home;
    no name is resolved and no TCP or UDP socket is made."""
    events = tmp_path / "socket-events.jsonl"
    home, env = indexed_home(tmp_path, SOCKET_LOG=str(events))
    with Server(env):
        assert run(SERVED, env, "search", "谁修好了客厅的地板？").returncode == 0
        assert run(SERVED, env, "ask", "Wer hat den Boden repariert?").returncode == 0
        assert run(SERVED, env, "status").returncode == 0
    seen = [json.loads(line) for line in events.read_text().splitlines()]
    made = [args for event, args in seen if event == "socket.__new__"]
    assert len(made) >= 4  # the listener and three clients at least
    assert all(args[0] == 1 for args in made), made  # socket.AF_UNIX
    addresses = {args[0] for event, args in seen if event in ("socket.bind", "socket.connect")}
    assert addresses == {str(socket_of(home))}
    assert not [e for e, _ in seen if e.startswith(("socket.getaddrinfo", "socket.gethost"))]
