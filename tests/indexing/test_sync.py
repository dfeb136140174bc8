"""Sync over real files, the real readers and the real store, with a fake embedder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assistant.config import Config
from assistant.indexing.roots import add_root, remove_root
from assistant.indexing.service import open_index, run_sync
from assistant.indexing.sync import SyncStats
from store import Index
from tests.fakes import FakeEmbedder
from tests.support import CORPORA, needs_corpora


@pytest.fixture
def index(config: Config):
    with open_index(config) as opened:
        yield opened


def sync(config: Config, index: Index, embedder: FakeEmbedder, paths=None) -> SyncStats:
    return run_sync(config, index, embedder, paths)


def note(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


LONG_NOTE = "# Haus\n\n" + "\n\n".join(
    f"## Raum {n}\n\n"
    + " ".join(f"Absatz {n} Satz {i} über den Boden und die Heizung." for i in range(40))
    for n in range(30)
)


@needs_corpora
def test_whole_corpora_index_or_report_every_file(config: Config, index: Index) -> None:
    for folder in ("mail", "pdf"):
        add_root(config, CORPORA / folder)
    stats = sync(config, index, FakeEmbedder())
    documents = {str(r["source_path"]) for r in index.documents()}
    failures = {str(r["source_path"]): str(r["reason"]) for r in index.failures()}
    files = {str(p) for folder in ("mail", "pdf") for p in (CORPORA / folder).rglob("*")
             if p.is_file() and not p.name.startswith(".") and p.suffix not in (".md", ".json")
             and p.name not in ("README", "LICENSE")}  # fmt: skip
    covered = {d.split("#msg:")[0] for d in documents} | set(failures)
    assert files - covered == set(), "every file is indexed or listed with a reason"
    assert index.integrity_check() == []
    assert stats.documents_indexed > 200
    encrypted = [r for p, r in failures.items() if "005-libreoffice-writer-password" in p]
    assert encrypted and all(r == "encrypted" for r in encrypted)
    assert any("no text layer" in r for r in failures.values())


@needs_corpora
def test_duplicate_message_ids_give_one_document(config: Config, index: Index) -> None:
    add_root(config, CORPORA / "mail" / "duplicate")
    sync(config, index, FakeEmbedder())
    ids = [r["message_id"] for r in index.documents()]
    assert len(ids) == len(set(ids)) > 0
    reasons = [str(r["reason"]) for r in index.failures()]
    assert reasons and all(r.startswith("duplicate of ") for r in reasons)


@needs_corpora
def test_resync_rename_and_maildir_flags_cost_no_embeddings(
    config: Config, index: Index, tmp_path: Path
) -> None:
    root = tmp_path / "files"
    shutil.copytree(CORPORA / "mail" / "default", root / "Mail")
    note(root, "Notizen/Boden.md", "# Boden\n\nHerr Becker hat die Dielen im Flur neu verlegt.")
    add_root(config, root)
    embedder = FakeEmbedder()
    first = sync(config, index, embedder)
    assert first.embedded > 0
    before = index.fingerprint()

    embedder.embedded.clear()
    again = sync(config, index, embedder)
    assert (again.documents_indexed, again.embedded) == (0, 0)
    assert again.unchanged == first.files_seen - first.skipped

    (root / "Notizen/Boden.md").rename(root / "Notizen/Fußboden 地板.md")
    mail = next((root / "Mail" / "cur").iterdir())
    mail.rename(mail.with_name(mail.name.split(":2,")[0] + ":2,RS"))
    moved = sync(config, index, embedder)
    assert moved.documents_indexed == 2 and moved.deleted == 2
    assert embedder.embedded == [], "renames and flag changes are free"
    assert sorted(v for v in index.fingerprint().values()) == sorted(before.values())


def test_one_paragraph_edit_of_a_long_note_reembeds_few_chunks(
    config: Config, index: Index, tmp_path: Path
) -> None:
    path = note(tmp_path / "n", "haus.md", LONG_NOTE)
    add_root(config, tmp_path / "n")
    embedder = FakeEmbedder()
    first = sync(config, index, embedder)
    assert first.chunks >= 50
    edited = LONG_NOTE.replace("Absatz 12 Satz 7 über den Boden", "Absatz 12 Satz 7 über das Dach")
    path.write_text(edited, encoding="utf-8")
    embedder.embedded.clear()
    second = sync(config, index, embedder)
    assert second.documents_indexed == 1
    assert 1 <= second.embedded <= 3


def test_deleted_files_and_removed_roots_leave_the_index(
    config: Config, index: Index, tmp_path: Path
) -> None:
    keep = note(tmp_path / "a", "keep.md", "# Keep\n\nbleibt")
    gone = note(tmp_path / "a", "gone.md", "# Gone\n\n消失")
    note(tmp_path / "b", "other.md", "# Other\n\nanders")
    add_root(config, tmp_path / "a")
    add_root(config, tmp_path / "b")
    sync(config, index, FakeEmbedder())
    gone.unlink()
    assert sync(config, index, FakeEmbedder()).deleted == 1
    remove_root(config, tmp_path / "b")
    sync(config, index, FakeEmbedder())
    assert [r["source_path"] for r in index.documents()] == [str(keep)]
    assert index.integrity_check() == []


@needs_corpora
def test_unreadable_files_are_recorded_and_retried_when_changed(
    config: Config, index: Index, tmp_path: Path
) -> None:
    bad = tmp_path / "r" / "broken.pdf"
    bad.parent.mkdir()
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    add_root(config, tmp_path / "r")
    stats = sync(config, index, FakeEmbedder())
    assert stats.failed == 1 and "PDF" in stats.failures[0][1]
    assert sync(config, index, FakeEmbedder()).failed == 0  # unchanged: not read again
    shutil.copy(CORPORA / "pdf" / "001-trivial" / "minimal-document.pdf", bad)
    os.utime(bad, None)
    fixed = sync(config, index, FakeEmbedder())
    assert fixed.documents_indexed == 1 and index.failures() == []


def _mail(message_id: str, subject: str) -> str:
    return (
        f"From a@example.org Mon May  6 10:00:00 2024\nFrom: a@example.org\nSubject: {subject}\n"
        f"Date: Mon, 6 May 2024 10:00:00 +0200\nMessage-ID: <{message_id}>\n\n{subject} body.\n\n"
    )


def test_an_mbox_holding_a_message_twice_is_unchanged_at_the_next_sync(
    config: Config, index: Index, tmp_path: Path
) -> None:
    """A repeated Message-ID inside one mbox (list archives have them) is recorded as a
    duplicate of its twin in the same file; that must not make the mbox "changed" forever."""
    folder = tmp_path / "mail"
    box = note(folder, "list.mbox", _mail("a@x", "Alpha") + _mail("b@x", "Beta"))
    box.write_text(box.read_text() + _mail("a@x", "Alpha again"), encoding="utf-8")
    add_root(config, folder)
    first = sync(config, index, FakeEmbedder())
    assert (first.documents_indexed, first.skipped) == (2, 1)
    stamps = {r["source_path"]: r["indexed_at"] for r in index.documents()}
    again = sync(config, index, FakeEmbedder())
    assert (again.documents_indexed, again.unchanged) == (0, 1)
    assert {r["source_path"]: r["indexed_at"] for r in index.documents()} == stamps


def test_a_duplicate_of_a_mail_in_another_file_is_looked_at_again(
    config: Config, index: Index, tmp_path: Path
) -> None:
    """Its original may be gone since: the copy must then become the indexed one."""
    folder = tmp_path / "mail"
    note(folder, "a.mbox", _mail("same@x", "Same"))
    note(folder, "b.mbox", _mail("same@x", "Same"))
    add_root(config, folder)
    sync(config, index, FakeEmbedder())
    assert len(index.documents()) == 1 and len(index.failures()) == 1
    again = sync(config, index, FakeEmbedder())
    assert again.unchanged == 1, "the file holding the duplicate is read again"


class DyingEmbedder(FakeEmbedder):
    """Stops the sync (as a kill would) when asked for its `lives`-th vector."""

    def __init__(self, lives: int) -> None:
        super().__init__()
        self.lives = lives

    def embed_documents(self, items, *, truncate: bool = False):
        self.lives -= 1
        if self.lives == 0:
            raise SystemExit("killed")
        return super().embed_documents(items, truncate=truncate)


def test_a_half_indexed_mbox_is_finished_without_redoing_its_committed_messages(
    config: Config, index: Index, tmp_path: Path
) -> None:
    """Each message commits on its own, so a crash can leave an mbox half indexed. The file's
    size and mtime must not then say "unchanged": resume indexes the rest, and only the rest."""
    folder = tmp_path / "mail"
    note(folder, "list.mbox", "".join(_mail(f"m{n}@x", f"Topic{n}") for n in range(6)))
    add_root(config, folder)
    with pytest.raises(SystemExit):
        sync(config, index, DyingEmbedder(lives=4))
    committed = {r["source_path"]: r["indexed_at"] for r in index.documents()}
    assert len(committed) == 3
    embedder = FakeEmbedder()
    resumed = sync(config, index, embedder)
    assert resumed.documents_indexed == 3 and len(embedder.embedded) == 3
    after = {r["source_path"]: r["indexed_at"] for r in index.documents()}
    assert len(after) == 6 and {k: after[k] for k in committed} == committed
    assert sync(config, index, FakeEmbedder()).unchanged == 1
    assert index.integrity_check() == []
