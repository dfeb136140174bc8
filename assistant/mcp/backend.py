"""What the MCP tools call: search, ask, get, status as plain dicts over one Session.

The Session borrows the home's running `assistant serve` when one runs (an `AttachedSession`:
its warm models, no second load) and is this process's own otherwise; the tools cannot tell.
The rows reuse the shapes of `search --json`, `ask --json` and `show --json`, so scripts and
MCP clients read the same fields.
"""

from __future__ import annotations

import argparse
import json
import logging
import threading
from collections.abc import Callable
from datetime import datetime

from assistant.ask.answer import answer
from assistant.ask.retrieval import Retrieval, retrieve
from assistant.ask.user_filters import UserFilters
from assistant.config import Config
from assistant.display import json_text
from assistant.errors import AssistantError
from assistant.runtime.session import Session
from assistant.serve.attached import ServerGone
from store import Hit

log = logging.getLogger(__name__)


class Backend:
    """One Session, its models loaded on first use; every method returns JSON values."""

    def __init__(self, config: Config, session: Session | None = None) -> None:
        self.config = config
        self.session = session or Session(config)
        self._generator_tried = False

    def _retrieve(self, question: str, k: int, filters: dict[str, object]) -> Retrieval:
        from assistant.cli.filters import user_filters

        session = self.session
        index = session.open()
        embedder = session.query_model()
        now = datetime.now().astimezone()
        args = argparse.Namespace(sort="relevance", folder=None, **filters)
        user: UserFilters = user_filters(self.config, args, now)
        found = retrieve(
            index, embedder, question, now=now, k=k,
            me=self.config.mail.me, user=user,
        )  # fmt: skip
        if found.refused:
            raise AssistantError(found.refused)
        return found

    def search(self, question: str, k: int, **filters: object) -> dict[str, object]:
        return self._taken_back(lambda: self._search(question, k, filters))

    def ask(self, question: str, k: int, **filters: object) -> dict[str, object]:
        return self._taken_back(lambda: self._ask(question, k, filters))

    def _taken_back(self, call: Callable[[], dict[str, object]]) -> dict[str, object]:
        """`call`, and when the server it used has gone, `call` again on a session of our
        own (its models load now, once): an MCP client's next question just works."""
        try:
            return call()
        except ServerGone:
            if not self.session.server_pid:
                raise
            log.warning("assistant serve stopped: loading the models here")
            served, self.session = self.session, Session(self.config)
            served.close()
            self._generator_tried = False
            return call()

    def _search(self, question: str, k: int, filters: dict[str, object]) -> dict[str, object]:
        from assistant.cli.search_json import search_lines

        found = self._retrieve(question, k, filters)
        lines = list(search_lines(found))[1:]
        hits = [_with_key(row, hit) for row, hit in zip(lines, found.hits, strict=True)]
        return {"query": question, "filtered_out": found.filtered_out or None, "sources": hits}

    def _ask(self, question: str, k: int, filters: dict[str, object]) -> dict[str, object]:
        from assistant.cli.ask import _json_answer

        retrieval = self._retrieve(question, k, filters)
        if not self._generator_tried:
            self._generator_tried = True
            self.session.load_generator()
        generator = self.session.generator if self.session.generator_ready else None
        with self.session.answering():
            result = answer(retrieval, generator, on_text=lambda _: None, cancel=threading.Event())
        row = _json_answer(retrieval, result)
        sources = row["sources"]
        assert isinstance(sources, list)
        row["sources"] = [_with_key(s, h) for s, h in zip(sources, result.sources, strict=True)]
        return row

    def get(self, key: str) -> dict[str, object]:
        from assistant.cli.show import shown_row

        return _plain(shown_row(self.session.show(key), thread=True))

    def status(self) -> dict[str, object]:
        from dataclasses import asdict

        row = _plain(asdict(self.session.status()))
        row["answer_model"] = self.session.answer_model_id() or None
        return row

    def close(self) -> None:
        self.session.close()


def _with_key(row: dict[str, object], hit: Hit) -> dict[str, object]:
    """`key`: what `get` takes (the locator as `assistant search` prints it)."""
    return {"key": hit.key.describe(), **{n: v for n, v in row.items() if n != "type"}}


def _plain(row: dict[str, object]) -> dict[str, object]:
    """JSON values only (paths, dates as text), as `--json` prints them."""
    value = json.loads(json_text(row))
    assert isinstance(value, dict)
    return value
