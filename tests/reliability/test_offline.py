"""Offline guarantee: indexing, search, answers and the app never touch the network.

Three layers: in this process every socket creation and name lookup is blocked and recorded
while the real models index, search and answer and the TUI answers through Pilot; then the
CLI runs as subprocesses inside a network namespace without interfaces (`unshare -n`), with
an audit hook recording any socket event; and no network client library is imported by
anything but `assistant models pull`, and not even by that until a pull starts.

The one opt-in exception, `generator.backend = "server"`: answers come from the configured
llama.cpp server, and only from it. With sockets allowed to exactly that address (a real
llama_cpp.server on 127.0.0.1) an answer streams and nothing else is touched; its client
imports http.client only at its first contact, never with the local backend.
"""

from __future__ import annotations

import ast
import json
import os
import socket
import subprocess
import sys
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from assistant.ask.answer import answer
from assistant.ask.retrieval import retrieve
from assistant.config import Config, load_config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from assistant.runtime.embedder import Embedder
from assistant.runtime.generator import Generator
from tests.answer_server import AnswerServer, free_port
from tests.reliability.nasty_files import many_pages_pdf
from tests.reliability.notes_helpers import SECRET, write_notes
from tests.support import REPO, SMALL_GENERATOR

pytestmark = pytest.mark.models
NOW = datetime(2025, 1, 15, 12, tzinfo=timezone(timedelta(hours=1)))
FLOOR = "Who fixed the kitchen floor?"
NETWORK_CLIENTS = {"huggingface_hub", "requests", "httpx", "urllib3", "aiohttp", "websockets"}
NETWORK_STDLIB = {"http.client", "urllib.request", "ftplib", "smtplib"}


@pytest.fixture
def blocked_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every new socket and every name lookup fail; returns the record of attempts.

    Sockets wrapping an existing descriptor stay allowed: that is how `socket.socketpair`
    (asyncio's in-process wake-up pipe, no address at all) builds its two ends.
    """
    attempts: list[str] = []
    real_socket = socket.socket

    class GuardedSocket(real_socket):  # type: ignore[misc, valid-type]
        def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
            if fileno is None:
                attempts.append(f"socket(family={family}, type={type})")
                raise OSError("network blocked by the test")
            super().__init__(family, type, proto, fileno)

    def refuse(name: str):
        def blocked(*args: object, **kwargs: object) -> None:
            attempts.append(f"{name}{args[:2]}")
            raise OSError(f"{name} blocked by the test")

        return blocked

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts


def test_the_guard_catches_what_a_network_call_does(blocked_network: list[str]) -> None:
    with pytest.raises(OSError):
        urllib.request.urlopen("http://example.org", timeout=1)
    with pytest.raises(OSError):
        socket.socket()
    assert len(blocked_network) == 2
    left, right = socket.socketpair()  # the in-process pipe stays possible
    left.close(), right.close()


def test_index_search_and_answer_with_sockets_blocked(
    config: Config,
    tmp_path: Path,
    real_embedder: Embedder,
    answer_model: Generator,
    blocked_network: list[str],
) -> None:
    add_root(config, write_notes(tmp_path / "files"))
    with open_index(config) as index:
        assert run_sync(config, index, real_embedder).documents_indexed == 2
        retrieval = retrieve(index, real_embedder, FLOOR, now=NOW)
        assert retrieval.supported and "Becker" in retrieval.hits[0].text
        result = answer(retrieval, answer_model)
    assert result.text and result.model_id == SMALL_GENERATOR
    assert blocked_network == []


async def test_the_app_answers_with_sockets_blocked(
    config: Config,
    tmp_path: Path,
    real_embedder: Embedder,
    answer_model: Generator,
    blocked_network: list[str],
) -> None:
    from assistant.runtime.session import Session
    from tests.tui.tui_helpers import ask
    from tui.app import AssistantApp
    from tui.widgets.evidence import EvidencePanel
    from tui.widgets.turn import Turn

    add_root(config, write_notes(tmp_path / "files"))
    app_config = load_config({**os.environ, "ASSISTANT_GENERATOR_MODEL": SMALL_GENERATOR})
    session = Session(app_config, query_embedder=real_embedder, index_embedder=real_embedder)
    session.generator = answer_model
    try:
        app = AssistantApp(app_config, session, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await ask(app, pilot, FLOOR)
            assert "Becker" in app.main_screen.query_one(EvidencePanel).hits[0].text
            assert app.main_screen.query_one(Turn).answer_text
    finally:
        session.close()
    assert blocked_network == []


@pytest.fixture
def only_the_answer_server(
    answer_server: AnswerServer, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[tuple[str, int]], list[str]]:
    """Sockets may connect to exactly the answer server's address and nowhere else; name
    lookups only of that literal address (what `socket.create_connection` asks). Returns the
    addresses connected to and the record of everything refused."""
    allowed = ("127.0.0.1", answer_server.port)
    connected: list[tuple[str, int]] = []
    refused: list[str] = []
    real_socket, real_getaddrinfo = socket.socket, socket.getaddrinfo

    class OneAddressSocket(real_socket):  # type: ignore[misc, valid-type]
        def connect(self, address):  # type: ignore[no-untyped-def]
            if tuple(address[:2]) != allowed:
                refused.append(f"connect{address}")
                raise OSError("network blocked by the test")
            connected.append(tuple(address[:2]))
            return super().connect(address)

        def connect_ex(self, address):  # type: ignore[no-untyped-def]
            refused.append(f"connect_ex{address}")
            raise OSError("network blocked by the test")

    def lookup(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        if (host, port) != allowed:
            refused.append(f"getaddrinfo{(host, port)}")
            raise OSError("name lookup blocked by the test")
        return real_getaddrinfo(host, port, *args, **kwargs)

    def refuse(name: str):
        def blocked(*args: object, **kwargs: object) -> None:
            refused.append(f"{name}{args[:2]}")
            raise OSError(f"{name} blocked by the test")

        return blocked

    monkeypatch.setattr(socket, "socket", OneAddressSocket)
    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    for name in ("gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        monkeypatch.setattr(socket, name, refuse(name))
    return connected, refused


def test_an_answer_from_the_server_touches_its_address_and_no_other(
    config: Config,
    tmp_path: Path,
    real_embedder: Embedder,
    answer_server: AnswerServer,
    only_the_answer_server: tuple[list[tuple[str, int]], list[str]],
) -> None:
    connected, refused = only_the_answer_server
    with pytest.raises(OSError):  # the guard holds: another port of the same host is refused
        socket.create_connection(("127.0.0.1", answer_server.port + 1), timeout=1)
    refused.clear()
    add_root(config, write_notes(tmp_path / "files"))
    with open_index(config) as index:
        assert run_sync(config, index, real_embedder).documents_indexed == 2
        retrieval = retrieve(index, real_embedder, FLOOR, now=NOW)
    assert connected == [], "indexing and search opened no socket"
    generator = Generator.from_config(
        load_config({**os.environ, **answer_server.env(), "ASSISTANT_HOME": str(tmp_path / "h")})
    )
    pieces: list[str] = []
    result = answer(retrieval, generator, on_text=pieces.append)
    assert pieces and result.text and result.model_id.endswith(" @ 127.0.0.1")
    assert set(connected) == {("127.0.0.1", answer_server.port)} and refused == []


def test_the_server_client_imports_http_only_once_a_server_is_asked(tmp_path: Path) -> None:
    """Building the answer model for either backend imports no network client; the server
    backend imports http.client at its first contact (here: a port nobody listens on)."""
    code = (
        "import sys\n"
        "from assistant.config import load_config\n"
        "from assistant.errors import ServerError\n"
        "from assistant.runtime.generator import Generator\n"
        "local = Generator.from_config(load_config())\n"
        "local.count_tokens('Grüße, 你好')\n"
        "assert 'http.client' not in sys.modules, 'local backend'\n"
        "env = {'ASSISTANT_GENERATOR_BACKEND': 'server', 'ASSISTANT_GENERATOR_URL': sys.argv[1]}\n"
        "server = Generator.from_config(load_config(env))\n"
        "assert 'http.client' not in sys.modules, 'server backend, not yet contacted'\n"
        "try:\n"
        "    server.load()\n"
        "except ServerError as exc:\n"
        "    print(exc)\n"
        "assert 'http.client' in sys.modules\n"
    )
    env = {
        **os.environ,
        "ASSISTANT_HOME": str(tmp_path),
        "ASSISTANT_GENERATOR_MODEL": SMALL_GENERATOR,
    }
    url = f"http://127.0.0.1:{free_port()}"
    done = subprocess.run(
        [sys.executable, "-c", code, url], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-800:]
    assert done.stdout.startswith(f"the answer server at {url} is not reachable")


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(module, run at import time?) for each import in a source file; one under
    `if TYPE_CHECKING:` never runs, so it counts as lazy."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        found.extend((name, id(node) in top_level) for name in names)
    return found


def _network_imports(path: Path) -> list[tuple[str, bool]]:
    """(module, at module level?) for each import of a network client in a source file."""
    return [
        (name, top)
        for name, top in _imports(path)
        if name.split(".")[0] in NETWORK_CLIENTS or name in NETWORK_STDLIB
    ]


def test_only_the_pull_path_and_the_server_client_import_a_network_client_lazily() -> None:
    """`models pull` (the Hub) and the answer-server client (http.client, for
    `generator.backend = "server"` only) are the two importers, both inside functions."""
    packages = ("assistant", "identity", "ingest", "store", "tui")
    sources = [p for pkg in packages for p in (REPO / pkg).rglob("*.py")]
    importers = {str(p.relative_to(REPO)): _network_imports(p) for p in sources}
    importers = {path: found for path, found in importers.items() if found}
    assert set(importers) == {
        "assistant/models/hub_source.py",
        "assistant/runtime/server_generator.py",
    }, importers
    assert {name for name, _ in importers["assistant/runtime/server_generator.py"]} == {
        "http.client"
    }
    assert not any(top for found in importers.values() for _, top in found), "lazy imports only"
    mcp_sdk = [
        (str(path.relative_to(REPO)), top)
        for path in sources
        for name, top in _imports(path)
        if name.split(".")[0] == "mcp"
    ]
    assert mcp_sdk and not any(top for _, top in mcp_sdk), f"the MCP SDK loads httpx: {mcp_sdk}"
    code = (
        "import importlib, pkgutil, sys\n"
        "for pkg in ('assistant', 'identity', 'ingest', 'store', 'tui'):\n"
        "    importlib.import_module(pkg)\n"
        "    for m in pkgutil.walk_packages([pkg], pkg + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "import llama_cpp, sqlean, sqlite_vec, watchdog.observers\n"
        "from assistant.cli.main import build_parser\n"
        "build_parser().parse_args(['doctor'])\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    clients = [m for m in loaded if m.split(".")[0] in NETWORK_CLIENTS or m in NETWORK_STDLIB]
    assert len(loaded) > 100 and clients == []


AUDITED_MAIN = """
import json, sys
events = []
sys.addaudithook(lambda e, a: events.append([e, repr(a)]) if e.startswith("socket.") else None)
from assistant.cli.main import main
try:
    code = main(sys.argv[2:])
finally:
    with open(sys.argv[1], "a") as out:
        out.writelines(json.dumps(e) + "\\n" for e in events)
sys.exit(code)
"""


def _unshare_works() -> bool:
    try:
        return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    except OSError:
        return False


@pytest.mark.skipif(
    not _unshare_works(),
    reason="`unshare -n` is not permitted here (needs root or user namespaces)",
)
def test_the_cli_works_in_a_network_namespace_without_interfaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_notes(tmp_path / "files")
    # A PDF is read in a child process: the pipe to it must not be a socket pair either.
    (folder / "pages.pdf").write_bytes(many_pages_pdf(2))
    home, events = tmp_path / "home", tmp_path / "socket-events.jsonl"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env |= {
        "ASSISTANT_HOME": str(home),
        "ASSISTANT_GENERATOR_MODEL": SMALL_GENERATOR,
        "ASSISTANT_GENERATOR_MAX_ANSWER_TOKENS": "8",
        # One thread each: llama.cpp's spinning threads on a busy 2-core machine made a
        # 2-second command take 12 (measured here).
        "ASSISTANT_EMBEDDER_THREADS": "1",
        "ASSISTANT_GENERATOR_THREADS": "1",
    }

    def run(*args: str) -> str:
        command = ["unshare", "-n", sys.executable, "-c", AUDITED_MAIN, str(events), *args]
        done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"assistant {args[0]}: {done.stderr[-600:]}"
        return done.stdout

    assert "3 documents indexed" in run("add", str(folder))
    rows = [json.loads(line) for line in run("search", FLOOR, "--json").splitlines()]
    hits = [row for row in rows if row["type"] == "hit"]
    assert hits[0]["path"].endswith("garden.md")
    answered = json.loads(run("ask", f"What is the {SECRET} code?", "--json"))
    assert answered["model"] == SMALL_GENERATOR and answered["sources"]
    assert json.loads(run("doctor", "--quick", "--json"))["healthy"]
    assert events.read_text() == "", "no socket was created, resolved or connected"
    assert SECRET not in (home / "logs" / "assistant.log").read_text(encoding="utf-8")
