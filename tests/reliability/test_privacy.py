"""Privacy at rest: what the assistant writes is readable by its owner only, and its log
names files and reasons but never carries document text or questions.

The umask is set to the common 022 for these tests, under which files are created
world-readable unless the code sets their mode itself.
"""

from __future__ import annotations

import logging
import os
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from assistant.ask.answer import answer
from assistant.ask.conversations import Conversations
from assistant.ask.retrieval import retrieve
from assistant.cli.main import setup_logging
from assistant.config import Config, load_config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from assistant.runtime.embedder import Embedder
from assistant.runtime.generator import Generator
from tests.reliability.notes_helpers import SECRET, write_notes

pytestmark = [pytest.mark.models, pytest.mark.usefixtures("restore_logging")]
NOW = datetime(2025, 1, 15, 12, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture(autouse=True)
def permissive_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def modes(folder: Path) -> dict[str, int]:
    """Permission bits of the folder and everything below it, by relative path."""
    found = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        found[str(path.relative_to(folder))] = stat.S_IMODE(path.stat().st_mode)
    return found


def test_everything_the_home_holds_is_owner_only(
    config: Config, tmp_path: Path, real_embedder: Embedder
) -> None:
    (tmp_path / "control").write_text("x")
    assert stat.S_IMODE((tmp_path / "control").stat().st_mode) == 0o644, "umask 022 in force"
    setup_logging(config)
    add_root(config, write_notes(tmp_path / "files"))
    with open_index(config) as index:
        run_sync(config, index, real_embedder)
        chats = Conversations.of(config)
        chats.add_turn(chats.create("t"), "q", "a", index.search(None, "tomatoes", mode="fts"))
        found = modes(config.paths.data_dir)  # while open: the -wal and -shm files exist
        chats.close()
    assert {
        "index.sqlite3",
        "index.sqlite3-wal",
        "index.sqlite3-shm",
        "roots.json",
        "last_sync.json",
        "logs",
        "logs/assistant.log",
    } <= found.keys()
    exposed = {
        name: oct(mode)
        for name, mode in found.items()
        if mode != (0o700 if (config.paths.data_dir / name).is_dir() else 0o600)
    }
    assert not exposed, f"not owner-only: {exposed}"


def test_an_index_left_readable_by_an_older_version_is_tightened(config: Config) -> None:
    open_index(config).close()
    os.chmod(config.paths.database, 0o644)
    with open_index(config) as index:
        index.stats()
        assert stat.S_IMODE(config.paths.database.stat().st_mode) == 0o600
        assert stat.S_IMODE(Path(f"{config.paths.database}-wal").stat().st_mode) == 0o600


def test_log_names_files_and_reasons_but_no_text_or_question(
    config: Config,
    tmp_path: Path,
    real_embedder: Embedder,
    answer_model: Generator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ASSISTANT_DEBUG", raising=False)
    folder = write_notes(tmp_path / "files")
    broken = folder / "private" / "scan.pdf"
    broken.write_bytes(f"%PDF-1.4\n% {SECRET} vault scan, cut short".encode())
    setup_logging(config)
    add_root(config, folder)
    question = f"What is the {SECRET} vault code?"
    with open_index(config) as index:
        run_sync(config, index, real_embedder)
        retrieval = retrieve(index, real_embedder, question, now=NOW)
        assert SECRET in retrieval.hits[0].text
        result = answer(retrieval, answer_model)
        assert result.text
    for handler in logging.getLogger().handlers:
        handler.flush()
    log = (config.paths.log_dir / "assistant.log").read_text(encoding="utf-8")
    assert f"could not index {broken}: " in log, "warnings carry the path and the reason"
    assert "pypdf" in log, "library warnings are kept too"
    for secret in (SECRET, "behind the mirror", question):
        assert secret not in log


def test_debug_detail_is_logged_only_when_asked(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ASSISTANT_DEBUG", raising=False)
    for debug in (False, True):
        if debug:
            monkeypatch.setenv("ASSISTANT_DEBUG", "1")
        config = load_config()
        setup_logging(config)
        logging.getLogger("assistant.test").debug("debug line %s", debug)
        logging.getLogger().handlers[0].flush()
    log = (config.paths.log_dir / "assistant.log").read_text(encoding="utf-8")
    assert "debug line True" in log and "debug line False" not in log
