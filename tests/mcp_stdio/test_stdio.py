"""`assistant mcp` as a real subprocess, driven by the SDK's own stdio client on a real index.

The server runs under an audit hook that records every socket call: stdio needs none (an
AF_UNIX socketpair would be allowed), so the MCP server is as offline as the CLI.
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
def hook(event, args):
    if event.startswith("socket.") and not (event == "socket.__new__" and args[1] == 1):
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
