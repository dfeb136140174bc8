"""`assistant serve` and its clients as real processes, with fake models (no model files).

FAKE_MODELS is the prologue every process of these tests runs: the FakeEmbedder in place of
EmbeddingGemma (the session's two embedders too) and, when FAKE_ANSWER is set, a streaming
answer model that says its words slowly (FAKE_ANSWER_PAUSE seconds each), over any evidence,
and stops when told; FAKE_EMBED_PAUSE makes every document embedding take that long.
The server, the in-process command and the client all run it, so the server's output and the
in-process output come from the same fakes and must be the same bytes.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.cli.cli_process import sample_notes
from tests.process_lines import lines_of, next_line
from tests.reliability.robustness_support import home_env
from tests.support import REPO

FAKE_MODELS = """
import json, os, sys, threading, time
if os.environ.get("SOCKET_LOG"):  # every socket call this process makes, for the offline test
    _log = open(os.environ["SOCKET_LOG"], "a")
    def _hook(event, args):
        if event.startswith("socket."):
            _log.write(json.dumps([event, [a if isinstance(a, (int, str)) else repr(a)
                                           for a in args[1:]]]) + "\\n")
            _log.flush()
    sys.addaudithook(_hook)
import tests.fakes
from assistant.config import GeneratorConfig
from assistant.errors import ModelMissing
from assistant.runtime.embedder import Embedder
from assistant.runtime.generator import Generator
import assistant.ask.retrieval as retrieval
import assistant.runtime.session as session

class SlowAnswer:
    model_id = "fake-answer"
    settings = GeneratorConfig(context=4096, max_answer_tokens=256)
    def load(self): pass
    def count_tokens(self, text): return len(text.split()) + 1
    def stream(self, messages, cancel=None, on_prefill=None):
        for word in os.environ["FAKE_ANSWER"].split(" "):
            if cancel is not None and cancel.wait(float(os.environ.get("FAKE_ANSWER_PAUSE", "0"))):
                self.said("cancelled")
                return
            yield word + " "
        self.said("finished")
    def said(self, how):  # FAKE_ANSWER_LOG: how each answer ended
        if os.environ.get("FAKE_ANSWER_LOG"):
            with open(os.environ["FAKE_ANSWER_LOG"], "a") as log:
                log.write(how + "\\n")

def answer_model(cls, config):
    if "FAKE_ANSWER" not in os.environ:
        raise ModelMissing("no answer model: search only (`assistant models setup` gets one)")
    return SlowAnswer()

if os.environ.get("FAKE_EMBED_PAUSE"):  # a sync slow enough to be seen running
    _embed = tests.fakes.FakeEmbedder.embed_documents
    def _slow_embed(self, items, *, truncate=False):
        time.sleep(float(os.environ["FAKE_EMBED_PAUSE"]))
        return _embed(self, items, truncate=truncate)
    tests.fakes.FakeEmbedder.embed_documents = _slow_embed
Embedder.from_config = classmethod(lambda cls, c: tests.fakes.FakeEmbedder())
session.embedders = lambda config: (tests.fakes.FakeEmbedder(), tests.fakes.FakeEmbedder())
Generator.from_config = classmethod(answer_model)
retrieval.NOT_FOUND_SIMILARITY = -1.0  # the fake's similarities mean nothing: always answer
"""
# The command run here, in this process (never through a server).
IN_PROCESS = FAKE_MODELS + "from assistant.cli.main import main\nsys.exit(main(sys.argv[1:]))\n"
# The `assistant` command as installed (assistant.cli.entry), which must be served: if it
# fell back to running the command here it would say so and fail.
SERVED = (
    FAKE_MODELS
    + "import assistant.cli.main as m\n"
    + "m.main = lambda argv=None: sys.exit('ran in-process, not in the server')\n"
    + "from assistant.cli.entry import main\nsys.exit(main(sys.argv[1:]))\n"
)
# The `assistant` command as installed: served when a server runs, else run here.
ENTRY = FAKE_MODELS + "from assistant.cli.entry import main\nsys.exit(main(sys.argv[1:]))\n"
SERVE = IN_PROCESS  # `serve` itself is an in-process command
TIMINGS = re.compile(r'("timings_ms": \{[^}]*\}|timings ms: \{[^}]*\})')
LIMIT = 60  # seconds for one command: a bound against a hang, not a target


def indexed_home(base: Path, **settings: str) -> tuple[Path, dict[str, str]]:
    """A home with the English, German and Chinese sample notes indexed (fake embedder)."""
    notes = sample_notes(base / "notes", "Haus.md", "wifi.txt", "装修记录.md")
    home = base / "home"
    env = home_env(home, **settings)
    done = run(IN_PROCESS, env, "add", str(notes))
    assert done.returncode == 0, done.stderr
    return home, env


def run(
    script: str, env: dict[str, str], *argv: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, *argv], env=env, cwd=REPO, input=stdin,
        capture_output=True, text=True, timeout=LIMIT,
    )  # fmt: skip


def start(script: str, env: dict[str, str], *argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *argv], env=env, cwd=REPO, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


class Server:
    """`assistant serve` started in a home, ready once it says it is serving."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = start(SERVE, env, "serve")
        self.lines = lines_of(self.process.stdout)  # type: ignore[arg-type]
        self.said: list[str] = []
        try:
            while not (line := next_line(self.lines, LIMIT)).startswith("serving "):
                self.said.append(line)
        except BaseException:  # never leave a server behind a failed start
            self.process.kill()
            raise AssertionError(f"the server did not start; it said {self.said}") from None
        self.said.append(line)

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(LIMIT)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop(signal.SIGKILL)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def same_output(a: subprocess.CompletedProcess[str], b: subprocess.CompletedProcess[str]) -> None:
    """The same exit code and the same bytes on stdout and stderr, but for measured timings."""
    assert a.returncode == b.returncode, (a.returncode, b.returncode, a.stderr, b.stderr)
    assert TIMINGS.sub("timings", a.stdout) == TIMINGS.sub("timings", b.stdout)
    assert a.stderr == b.stderr


def wait_for(condition: object, limit: float = LIMIT) -> None:
    deadline = time.monotonic() + limit
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def socket_of(home: Path) -> Path:
    return home / "serve.sock"
