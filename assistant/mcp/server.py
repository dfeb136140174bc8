"""The MCP server: four tools over a Backend, served on stdio (or on 127.0.0.1 over HTTP).

stdout is the protocol: the SDK's stdio transport takes fd 1 for itself and points fd 1 at
stderr while it serves, so llama.cpp's noise and any stray print miss the wire. Every failure
comes back as a one-line tool error; the traceback goes to the log file only.

The SDK is imported inside the functions: it loads httpx (for its HTTP transports) at import
time, and no other command, nor a walk over our modules, should load a network client.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

    from assistant.mcp.backend import Backend

log = logging.getLogger(__name__)

SOURCE_FIELDS = (
    "Each source: key (pass it to `get`), rank, score (0..1), path, locator, kind (mail, note, "
    "pdf or image), title, sender, date (ISO), page, ocr (true: the text was read by OCR from a "
    "scan or picture, so digits may be misread), text (the matching passage) and thread "
    "({id, subject, position, size} for a mail in a thread, else null)."
)
SEARCH_HELP = (
    "Search the local index of the user's notes, mail and PDFs. Returns {query, filtered_out, "
    "sources}: the best sources first. " + SOURCE_FIELDS + " Optional filters: since/until "
    "(a date such as 2024-03-01, 2024-03 or 30d), sender (a name or address), kind (mail, note, "
    "pdf or image)."
)
ASK_HELP = (
    "Answer a question from the local index. Returns {answer, not_found, search_only, model, "
    "cited, sources, ...}: a grounded answer whose [n] marks cite sources[n-1], or, when no "
    "answer model is installed, search_only true with answer empty and each source's "
    "key_sentence (the sentence most likely to hold the answer). " + SOURCE_FIELDS
)
GET_HELP = (
    "The whole document for a key as `search` returns it: {key, path, kind, title, sender, "
    "recipients, date, sections [{heading, page, ocr, text}], thread}; for a mail also messages, "
    "its whole thread in order, the one asked for marked hit: true."
)
STATUS_HELP = (
    "The index: {roots (indexed folders), documents, chunks, by_kind, failures (files that "
    "could not be read, with reasons), last_sync, model_id (embedder), answer_model (null: "
    "search only)}."
)


def _guarded(call: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The tool's result, or a ToolError of one line (never a traceback)."""
    from mcp.server.mcpserver.exceptions import ToolError

    try:
        return call()
    except AssistantError as exc:
        raise ToolError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    except Exception as exc:
        log.exception("mcp tool failed")
        raise ToolError(f"unexpected error: {type(exc).__name__} (details in the log)") from None


def build_server(backend: Backend, **settings: Any) -> MCPServer[Any]:
    """An MCPServer whose four tools call `backend`."""
    from mcp.server.mcpserver import MCPServer

    server: MCPServer[Any] = MCPServer("assistant", instructions=SEARCH_HELP, **settings)
    filters = dict

    @server.tool(description=SEARCH_HELP)
    def search(
        question: str,
        k: int = 8,
        since: str | None = None,
        until: str | None = None,
        sender: str | None = None,
        kind: str | None = None,
    ) -> dict[str, Any]:
        chosen = filters(since=since, until=until, sender=sender, kind=[kind] if kind else [])
        return _guarded(lambda: backend.search(question, k, **chosen))

    @server.tool(description=ASK_HELP)
    def ask(
        question: str,
        k: int = 8,
        since: str | None = None,
        until: str | None = None,
        sender: str | None = None,
        kind: str | None = None,
    ) -> dict[str, Any]:
        chosen = filters(since=since, until=until, sender=sender, kind=[kind] if kind else [])
        return _guarded(lambda: backend.ask(question, k, **chosen))

    @server.tool(description=GET_HELP)
    def get(key: str) -> dict[str, Any]:
        return _guarded(lambda: backend.get(key))

    @server.tool(description=STATUS_HELP)
    def status() -> dict[str, Any]:
        return _guarded(backend.status)

    return server
