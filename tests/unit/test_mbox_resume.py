"""An mbox is many documents written one by one: a sync stopped halfway must finish it later."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Config, load_config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from store import Index, StoreError
from tests.fakes import FakeEmbedder


def message(n: int, message_id: str) -> str:
    return (
        f"From a@example.org Mon Mar  {n} 10:00:00 2024\nFrom: A <a@example.org>\n"
        f"Subject: Nummer {n}\nMessage-ID: <{message_id}>\n\nText der Nachricht {n}.\n\n"
    )


MBOX = message(1, "one@x") + message(2, "two@x") + message(3, "one@x") + message(4, "four@x")


def clean_fingerprint(folder: Path, home: Path) -> dict:
    """The same folder indexed in one go, in another home."""
    config = load_config({"ASSISTANT_HOME": str(home)})
    add_root(config, folder)
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
        return index.fingerprint()


@pytest.fixture
def mail(config: Config, tmp_path: Path) -> Path:
    (tmp_path / "Mail").mkdir()
    (tmp_path / "Mail" / "box.mbox").write_text(MBOX, encoding="utf-8")
    add_root(config, tmp_path / "Mail")
    return tmp_path / "Mail" / "box.mbox"


def test_a_sync_stopped_inside_an_mbox_finishes_it_and_redoes_nothing(
    config: Config, mail: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Index.replace_document
    calls: list[int] = []

    def full_after_one(self: Index, *args, **kwargs) -> int:
        calls.append(1)
        if len(calls) > 1:
            raise StoreError("The disk is full.")
        return real(self, *args, **kwargs)

    with open_index(config) as index:
        monkeypatch.setattr(Index, "replace_document", full_after_one)
        with pytest.raises(StoreError):
            run_sync(config, index, FakeEmbedder())
        monkeypatch.undo()
        (first,) = index.documents()
        resumed = run_sync(config, index, FakeEmbedder())
        assert resumed.documents_indexed == 2, "only the messages that were not in yet"
        again = {r["source_path"]: r["indexed_at"] for r in index.documents()}
        assert again[first["source_path"]] == first["indexed_at"]
        assert run_sync(config, index, FakeEmbedder()).unchanged == 1
        resumed_fingerprint = index.fingerprint()
    assert len(resumed_fingerprint) == 4  # three messages and the repeated Message-ID's record
    assert resumed_fingerprint == clean_fingerprint(mail.parent, tmp_path / "clean")
