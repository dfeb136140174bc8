"""Thread questions over the real LKML corpus, threaded by the sync (fake embedder, text search).

The thread checked here, read in the files: Suresh Jayaraman's "[RFC][PATCH 03/10] cifs:
register CIFS for caching", answered by David Howells, to whom Suresh replied last.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.ask.retrieval import retrieve
from assistant.config import load_config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from store import Index
from tests.fakes import FakeEmbedder
from tests.support import CORPORA, needs_corpora

pytestmark = needs_corpora
NOW = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def lkml(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    home = tmp_path_factory.mktemp("lkml-home")
    config = load_config({**os.environ, "ASSISTANT_HOME": str(home)})
    add_root(config, CORPORA / "mail" / "lkml")
    index = open_index(config)
    run_sync(config, index, FakeEmbedder())  # type: ignore[arg-type]
    yield index
    index.close()


@pytest.mark.parametrize(
    ("question", "position", "sender"),
    [
        ("Who answered first to register CIFS for caching?", 2, "David Howells"),
        ("Wer hat zuerst auf register CIFS for caching geantwortet?", 2, "David Howells"),
        ("register CIFS for caching 第一个回复是谁？", 2, "David Howells"),
        ("Who had the last word on register CIFS for caching?", 3, "Suresh Jayaraman"),
        ("Wer hatte das letzte Wort zu register CIFS for caching?", 3, "Suresh Jayaraman"),
        ("register CIFS for caching 最后回复是谁？", 3, "Suresh Jayaraman"),
        ("谁发起了 register CIFS for caching 的讨论？", 1, "Suresh Jayaraman"),
        ("What did David reply about register CIFS for caching?", 2, "David Howells"),
    ],
)
def test_thread_questions_on_real_mail(lkml: Index, question: str, position: int, sender: str):
    found = retrieve(lkml, FakeEmbedder(), question, now=NOW, mode="fts")  # type: ignore[arg-type]
    lead = found.hits[0]
    assert lead.thread is not None and lead.thread.subject.endswith("register CIFS for caching")
    assert (lead.thread.position, lead.thread.size) == (position, 3)
    assert lead.sender.startswith(sender)
    assert Path(lead.file_path).is_relative_to(CORPORA / "mail" / "lkml")
