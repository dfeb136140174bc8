"""`assistant mcp` as a real subprocess, driven by the SDK's own stdio client on a real index.

The server runs under an audit hook that records every socket call but AF_UNIX ones (a
socketpair; the home's `assistant serve` socket, looked for at start): stdio needs none, so the
MCP server is as offline as the CLI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

REPO = Path(__file__).resolve().parents[2]
AUDITED = """
import json, sys
log = open(sys.argv[1], "a")
def hook(event, args):  # AF_UNIX is allowed: a socketpair, or looking for `assistant serve`
    local = (event == "socket.__new__" and args[1] == 1) or (
        event == "socket.connect" and getattr(args[0], "family", None) == 1)
    if event.startswith("socket.") and not local:
        log.write(json.dumps([event, repr(args)]) + "\\n"); log.flush()
sys.addaudithook(hook)
from assistant.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    base = tmp_path_factory.mktemp("mcp")
    shutil.copytree(REPO / "samples" / "mail", base / "mail")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env |= {"ASSISTANT_HOME": str(base / "home"), "ASSISTANT_EMBEDDER_THREADS": "1"}
    command = [sys.executable, "-m", "assistant", "add", str(base / "mail")]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-600:]
    return base, env


def _data(result: Any) -> dict[str, Any]:
    assert not result.is_error, result.content
    if result.structured_content is not None:
        return dict(result.structured_content.get("result", result.structured_content))
    return dict(json.loads(result.content[0].text))


def test_a_real_client_lists_searches_and_gets_a_thread(home: tuple[Path, dict[str, str]]) -> None:
    base, env = home
    events = base / "socket-events.jsonl"
    params = StdioServerParameters(
        command=sys.executable, args=["-c", AUDITED, str(events), "mcp"], env=env, cwd=REPO
    )

    async def session() -> dict[str, Any]:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as client:
            await client.initialize()
            tools = (await client.list_tools()).tools
            found = _data(await client.call_tool("search", {"question": "who fixed the tap?"}))
            top = found["sources"][0]
            shown = _data(await client.call_tool("get", {"key": top["key"]}))
            chinese = _data(await client.call_tool("search", {"question": "谁修好了地板？"}))
            german = _data(
                await client.call_tool("search", {"question": "Boden fertig", "kind": "mail"})
            )
            status = _data(await client.call_tool("status", {}))
            asked = _data(await client.call_tool("ask", {"question": "Who fixed the tap?"}))
            broken = await client.call_tool("search", {"question": "?!"})
            return dict(
                tools=tools, top=top, shown=shown, chinese=chinese, german=german,
                status=status, broken=broken, asked=asked,
            )  # fmt: skip

    got = anyio.run(session)
    assert {t.name: bool(t.description) for t in got["tools"]} == dict.fromkeys(
        ("search", "ask", "get", "status"), True
    )
    assert "Priya" in got["top"]["sender"] and "tap" in got["top"]["title"]
    assert got["top"]["date"].startswith("2024-02-10")
    assert got["shown"]["title"] == got["top"]["title"] and got["shown"]["messages"]
    assert any(m["hit"] for m in got["shown"]["messages"])
    assert "Wang" in got["chinese"]["sources"][0]["sender"]
    assert "Becker" in got["german"]["sources"][0]["sender"]
    assert got["status"]["documents"] == 5
    # only test models are present here, and a test model never answers
    assert got["asked"]["search_only"] and got["status"]["answer_model"] is None
    assert "Priya" in got["asked"]["sources"][0]["sender"]
    assert got["broken"].is_error and "\n" not in got["broken"].content[0].text
    assert "Traceback" not in got["broken"].content[0].text
    assert not events.exists() or events.read_text() == "", "no network socket"


# `assistant mcp` that must borrow the running server's models: loading one of its own fails.
BORROWING = """
import json, sys
log = open(sys.argv[1], "a")
def hook(event, args):
    if event.startswith("socket."):
        log.write(json.dumps([event, repr(args[1:])]) + "\\n"); log.flush()
sys.addaudithook(hook)
from assistant.runtime.embedder import Embedder
def refuse(self):
    raise SystemExit("the MCP server loaded a model of its own")
Embedder.load = refuse
from assistant.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


def test_with_assistant_serve_running_it_borrows_the_servers_models(
    home: tuple[Path, dict[str, str]],
) -> None:
    base, env = home
    events = base / "borrowing-events.jsonl"
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve"], cwd=REPO, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        for line in server.stdout:  # it serves once every model is loaded
            if line.startswith("serving "):
                break
        else:
            raise AssertionError("assistant serve did not start")
        params = StdioServerParameters(
            command=sys.executable, args=["-c", BORROWING, str(events), "mcp"], env=env, cwd=REPO
        )

        async def session() -> tuple[dict[str, Any], dict[str, Any]]:
            async with stdio_client(params) as (read, write), ClientSession(read, write) as client:
                await client.initialize()
                found = _data(await client.call_tool("search", {"question": "谁修好了地板？"}))
                shown = _data(await client.call_tool("get", {"key": found["sources"][0]["key"]}))
                return found, shown

        found, shown = anyio.run(session)
    finally:
        server.terminate()
        server.wait(60)
    assert "Wang" in found["sources"][0]["sender"]
    assert shown["title"] == found["sources"][0]["title"]
    calls = [json.loads(line) for line in events.read_text().splitlines()]
    assert any(event == "socket.connect" for event, _ in calls), "it did not use the server"
    families = [args for event, args in calls if event == "socket.__new__"]
    assert families and all(args.startswith("(<AddressFamily.AF_UNIX") or args.startswith("(1,")
                            for args in families), families  # fmt: skip


# `assistant mcp --http`: every socket it binds or connects is loopback (or AF_UNIX).
LISTENING = """
import json, sys
log = open(sys.argv[1], "a")
def hook(event, args):
    if event in ("socket.bind", "socket.connect"):
        log.write(json.dumps([event, repr(args[1])]) + "\\n"); log.flush()
sys.addaudithook(hook)
from assistant.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_streamable_http_on_loopback_checks_token_host_and_origin(
    home: tuple[Path, dict[str, str]],
) -> None:
    import httpx2
    from mcp.client.streamable_http import streamable_http_client

    base, env = home
    events, port = base / "http-events.jsonl", _free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", LISTENING, str(events), "mcp", "--http", str(port)],
        cwd=REPO, env=env, text=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        assert server.stderr is not None
        assert server.stderr.readline().startswith(f"MCP over HTTP at {url};")
        token = (Path(env["ASSISTANT_HOME"]) / "mcp-token").read_text().strip()
        assert (Path(env["ASSISTANT_HOME"]) / "mcp-token").stat().st_mode & 0o077 == 0
        good = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

        def status(headers: dict[str, str]) -> int:
            for _ in range(100):  # until uvicorn listens
                try:
                    return httpx2.post(url, headers=headers, content="{}").status_code
                except httpx2.ConnectError:
                    import time

                    time.sleep(0.1)
            raise AssertionError("the HTTP server never listened")

        assert status({"Content-Type": "application/json"}) == 401  # no token
        assert status({**good, "Authorization": "Bearer wrong"}) == 401
        assert status({**good, "Host": f"rebound.example:{port}"}) == 421  # DNS rebinding
        assert status({**good, "Origin": "http://rebound.example"}) == 403
        assert status({**good, "Origin": f"http://localhost:{port}.rebound.example"}) == 403

        async def session() -> dict[str, Any]:
            client = httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"})
            async with (
                client,
                streamable_http_client(url, http_client=client) as (read, write),
                ClientSession(read, write) as mcp,
            ):
                await mcp.initialize()
                return _data(await mcp.call_tool("search", {"question": "who fixed the tap?"}))

        found = anyio.run(session)
    finally:
        server.terminate()
        server.wait(60)
    assert "Priya" in found["sources"][0]["sender"]
    addresses = [json.loads(line)[1] for line in events.read_text().splitlines()]
    assert addresses and all(
        a.startswith("('127.0.0.1'") or a.startswith("'/") for a in addresses
    ), addresses
