"""Typed identity and failures end to end: real files, readers and store, a fake embedder."""

from __future__ import annotations

import argparse
import json
import os
import shutil
from pathlib import Path

import pytest

import ingest
from assistant.cli.ask import cmd_search
from assistant.config import Config
from assistant.indexing.forget import forget
from assistant.indexing.roots import add_root
from assistant.indexing.service import index_status, open_index, run_sync
from assistant.runtime.embedder import Embedder
from identity import FailureKind, Locator, LocatorKind
from store import Index, failure_of, key_of
from tests.fakes import FakeEmbedder

PDF_CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "pdf"
ENCRYPTED_PDF = PDF_CORPUS / "005-libreoffice-writer-password" / "libreoffice-writer-password.pdf"
MBOX = """From anna@example.org Mon Mar  4 10:00:00 2024
From: Anna Becker <anna@example.org>
To: ann@example.org
Subject: Dielen im Flur
Message-ID: <dielen-1@example.org>
Date: Mon, 04 Mar 2024 10:00:00 +0100

Die Eichendielen im Flur sind verlegt.

From ben@example.org Tue Mar  5 10:00:00 2024
From: Ben <ben@example.org>
To: ann@example.org
Subject: Heizung
Date: Tue, 05 Mar 2024 10:00:00 +0100

Die Heizung im Keller tropft.
"""


@pytest.fixture
def index(config: Config):
    with open_index(config) as opened:
        yield opened


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def odd_tree(root: Path) -> None:
    write(root / "Boden.md", "# Boden\n\nDie Dielen knarren.")
    write(root / "a#msg:b.md", "# Raute\n\nEin Name mit Raute.")
    write(root / "mit Leerzeichen/ümlaut ファイル.md", "# Umlaut\n\nÜber die Dielen.")
    write(root / "Mail/archive.mbox", MBOX)


def test_a_root_whose_path_contains_the_separator_keeps_its_documents(
    config: Config, index: Index, tmp_path: Path
) -> None:
    root = tmp_path / "Ablage#msg:2024"  # issue 11 D: emptied every other sync
    odd_tree(root)
    add_root(config, root)
    first = run_sync(config, index, FakeEmbedder())
    assert first.documents_indexed == 5 and first.failed == 0
    for _ in range(2):
        again = run_sync(config, index, FakeEmbedder())
        assert (again.deleted, again.documents_indexed, again.unchanged) == (0, 0, 4)
    rows = index.documents()
    assert len(rows) == 5
    for row in rows:  # every key names a file that exists, and rebuilds its own text
        key = key_of(row)
        assert key.file_path.is_file() and key.text == row["source_path"]
    mails = sorted((key_of(r) for r in rows if r["kind"] == "mail"), key=lambda k: k.text)
    assert {k.file_path for k in mails} == {root.resolve() / "Mail/archive.mbox"}
    assert [k.locator for k in mails] == [
        Locator(LocatorKind.MESSAGE_NUMBER, "1"),
        Locator(LocatorKind.MESSAGE_ID, "dielen-1@example.org"),
    ]


def test_search_hits_and_forget_use_the_file_path(
    config: Config, index: Index, tmp_path: Path
) -> None:
    root = tmp_path / "Ablage#msg:x"
    odd_tree(root)
    add_root(config, root)
    run_sync(config, index, FakeEmbedder())
    hits = index.search(None, "dielen", k=10, mode="fts")
    assert {h.file_path for h in hits} == {
        root.resolve() / name for name in ("Boden.md", "mit Leerzeichen/ümlaut ファイル.md",
                                            "Mail/archive.mbox")
    }  # fmt: skip
    assert all(h.key.text == h.source_path for h in hits)
    result = forget(config, index, root / "Mail/archive.mbox")
    assert result.documents == 2
    kept = ("Boden.md", "a#msg:b.md", "mit Leerzeichen/ümlaut ファイル.md")
    assert {r["file_path"] for r in index.documents()} == {str(root.resolve() / n) for n in kept}


def test_search_json_names_the_mbox_file_and_the_message(
    config: Config, index: Index, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    mbox = write(tmp_path / "Mail" / "archive.mbox", MBOX)
    add_root(config, tmp_path / "Mail")
    run_sync(config, index, FakeEmbedder())
    monkeypatch.setattr(Embedder, "from_config", staticmethod(lambda _config: FakeEmbedder()))
    args = argparse.Namespace(query="Eichendielen", k=1, json=True, explain=False, now=None)
    assert cmd_search(config, args) == 0
    query_line, line = capsys.readouterr().out.splitlines()
    assert json.loads(query_line)["type"] == "query"
    row = json.loads(line)
    assert row["path"] == str(mbox.resolve()) and Path(row["path"]).is_file()
    assert row["locator"] == {"kind": "message_id", "value": "dielen-1@example.org"}
    assert row["message_id"] == "dielen-1@example.org"
    args.json = False
    cmd_search(config, args)
    assert f"    {mbox.resolve()} (message <dielen-1@example.org>)" in capsys.readouterr().out


@pytest.mark.skipif(not ENCRYPTED_PDF.exists(), reason="needs ../shared/corpora/pdf")
def test_an_encrypted_pdf_is_a_failure_of_kind_encrypted(
    config: Config, index: Index, tmp_path: Path
) -> None:
    shutil.copy(ENCRYPTED_PDF, tmp_path / "locked.pdf")
    add_root(config, tmp_path)
    stats = run_sync(config, index, FakeEmbedder())
    assert stats.failures == [(str(tmp_path.resolve() / "locked.pdf"), "encrypted")]
    (row,) = index.failures()
    failure = failure_of(row)
    assert failure is not None and failure.kind is FailureKind.ENCRYPTED
    assert not failure.transient and row["file_path"] == str(tmp_path.resolve() / "locked.pdf")
    (shown,) = index_status(config, index).failures
    assert (shown.failure, shown.reason) == (FailureKind.ENCRYPTED, "encrypted")
    assert shown.locator is None
    assert run_sync(config, index, FakeEmbedder()).unchanged == 1  # not transient: not retried


def test_a_file_that_vanished_after_the_scan_leaves_the_index(
    config: Config, index: Index, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = write(tmp_path / "Boden.md", "# Boden\n\nDie Dielen knarren.")
    add_root(config, tmp_path)
    run_sync(config, index, FakeEmbedder())
    write(note, "# Boden\n\nJetzt geändert.")
    real_read = ingest.read

    def vanish_then_read(path: Path, limits):
        path.unlink()  # an editor's save-by-rename, between the scan and the read
        return real_read(path, limits)

    monkeypatch.setattr(ingest, "read", vanish_then_read)
    stats = run_sync(config, index, FakeEmbedder())
    assert (stats.deleted, stats.failed, stats.failures) == (1, 0, [])
    assert index.documents(status=None) == []


def test_a_folder_that_cannot_be_listed_is_a_failure_of_kind_cannot_list(
    config: Config, index: Index, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    below = write(tmp_path / "sub" / "c.md", "# C\n\nUnter einem Ordner.")
    add_root(config, tmp_path)
    run_sync(config, index, FakeEmbedder())
    locked = (tmp_path / "sub").resolve()
    real_scandir = os.scandir

    def denied(path=".", *args):
        if Path(os.fsdecode(path)) == locked:
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", denied)
    stats = run_sync(config, index, FakeEmbedder())
    assert stats.deleted == 0
    assert [r["file_path"] for r in index.documents()] == [str(below.resolve())]
    (row,) = index.failures()
    assert failure_of(row).kind is FailureKind.CANNOT_LIST  # type: ignore[union-attr]
    assert row["reason"] == "cannot list folder: Permission denied"
