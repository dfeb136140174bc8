"""Sync: one mail filed in several folders, under other Message-IDs too, is one document."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.config import Config
from assistant.indexing.forget import forget
from assistant.indexing.roots import add_root
from assistant.indexing.service import index_status, open_index, run_sync
from assistant.indexing.sync import SyncStats
from identity import FailureKind
from store import Index
from tests.fakes import FakeEmbedder
from tests.support import CORPORA, needs_corpora

DUPLICATES = CORPORA / "mail" / "duplicate"
PERSONAL = """From: Bernd Becker <bernd@example.org>
To: haus@lists.example.org, ina@example.org
Subject: Dielen im Keller
Date: Mon, 04 Mar 2024 10:40:10 +0100
Message-ID: <dielen-keller@example.org>

Hallo Ina,

der Estrich im Keller ist trocken, die Dielen kommen am Montag.

--\x20
Bernd
"""
LIST_COPY = (
    PERSONAL.replace("Subject: Dielen", "Subject: [haus] Dielen")
    .replace("<dielen-keller@example.org>", "<archive-0042@lists.example.org>")
    .replace("die Dielen kommen", "die\nDielen kommen")  # the archive wrapped the line
    + "\n_______________________________________________\nhaus mailing list\n"
    "https://lists.example.org/listinfo/haus\n"
)


@pytest.fixture
def index(config: Config):
    with open_index(config) as opened:
        yield opened


def sync(config: Config, index: Index) -> SyncStats:
    return run_sync(config, index, FakeEmbedder())


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rows_by_path(index: Index) -> dict[str, dict]:
    return {str(r["source_path"]): r for r in index.documents(status=None)}


def with_message_id(raw: bytes, new_id: bytes) -> bytes:
    head, _, body = raw.partition(b"\n\n")
    lines = [
        b"Message-ID: " + new_id if line.lower().startswith(b"message-id:") else line
        for line in head.split(b"\n")
    ]
    return b"\n".join(lines) + b"\n\n" + body


@needs_corpora
def test_the_duplicate_corpus_and_an_export_with_new_ids_give_three_mails(
    config: Config, index: Index, tmp_path: Path
) -> None:
    """The notmuch copies go by their Message-ID; an export of msg-1 and msg-3 that rewrote
    the IDs (as Exchange exports do) goes by content; msg-2's second body is no new mail."""
    root = tmp_path / "mail"
    shutil.copytree(DUPLICATES, root / "a-inbox")
    (root / "b-export" / "cur").mkdir(parents=True)
    for number, name in enumerate(("msg-1-1:2,", "msg-3-4:2,")):
        new_id = b"<%d.export@exchange.example.org>" % number
        raw = with_message_id((DUPLICATES / name).read_bytes(), new_id)
        (root / "b-export" / "cur" / name).write_bytes(raw)
    add_root(config, root)
    sync(config, index)
    ok = index.documents()
    assert len(ok) == 3, "one document per mail, whatever folder and Message-ID"
    fingerprints = [r["fingerprint"] for r in ok]
    assert None not in fingerprints and len(set(fingerprints)) == 3
    rows = rows_by_path(index)
    for name in ("msg-1-1:2,", "msg-3-4:2,"):
        copy = rows[str(root / "b-export" / "cur" / name)]
        original = rows[str(copy["duplicate_of"])]
        assert copy["status"] == "failed" and original["status"] == "ok"
        assert str(copy["reason"]) == f"duplicate of {original['source_path']} (same content)"
        assert copy["failure_kind"] == FailureKind.DUPLICATE_CONTENT
    by_id = [r for r in index.failures() if r["failure_kind"] == FailureKind.DUPLICATE]
    assert len(by_id) == 6 and all(str(r["reason"]).endswith("(same Message-ID)") for r in by_id)
    status = index_status(config, index)
    assert (status.duplicates, status.duplicates_by_content, status.failures) == (8, 2, [])


def test_the_list_archive_copy_is_the_personal_mail(
    config: Config, index: Index, tmp_path: Path
) -> None:
    personal = write(tmp_path / "mail" / "a-inbox" / "dielen.eml", PERSONAL)
    listed = write(tmp_path / "mail" / "b-lists" / "haus.eml", LIST_COPY)
    add_root(config, tmp_path / "mail")
    stats = sync(config, index)
    assert (stats.documents_indexed, stats.skipped) == (1, 1)
    rows = rows_by_path(index)
    assert rows[str(listed)]["duplicate_of"] == str(personal)
    assert rows[str(personal)]["fingerprint"] and rows[str(listed)]["fingerprint"] is None


def test_the_same_words_from_two_people_or_in_two_minutes_are_two_mails(
    config: Config, index: Index, tmp_path: Path
) -> None:
    plus_one = "From: {sender}\nSubject: Re: Termin\nDate: {date}\nMessage-ID: <{n}@x.org>\n\n+1\n"
    minute = "Mon, 04 Mar 2024 10:40:{second} +0100"
    cases = [
        ("Ina <ina@example.org>", minute.format(second="05"), 1),
        ("Ben <ben@example.org>", minute.format(second="05"), 2),
        ("Ina <ina@example.org>", "Mon, 04 Mar 2024 10:41:05 +0100", 3),
    ]
    for sender, date, n in cases:
        write(tmp_path / "mail" / f"f{n}" / "m.eml", plus_one.format(sender=sender, date=date, n=n))
    write(tmp_path / "mail" / "f4" / "m.eml", PERSONAL.replace("am Montag", "am Dienstag"))
    write(tmp_path / "mail" / "f5" / "m.eml", PERSONAL.replace("<dielen-keller@", "<b@"))
    add_root(config, tmp_path / "mail")
    stats = sync(config, index)
    assert (stats.documents_indexed, stats.skipped) == (5, 0)


def test_when_the_original_goes_the_copy_is_indexed_at_the_next_sync(
    config: Config, index: Index, tmp_path: Path
) -> None:
    personal = write(tmp_path / "mail" / "a-inbox" / "dielen.eml", PERSONAL)
    listed = write(tmp_path / "mail" / "b-lists" / "haus.eml", LIST_COPY)
    add_root(config, tmp_path / "mail")
    sync(config, index)
    unchanged = sync(config, index)
    assert (unchanged.documents_indexed, unchanged.skipped) == (0, 1), "looked at again"
    personal.unlink()
    after = sync(config, index)
    assert (after.deleted, after.documents_indexed) == (1, 1)
    (row,) = index.documents()
    assert row["source_path"] == str(listed) and row["title"] == "[haus] Dielen im Keller"
    assert index.failures() == []


def test_forgetting_the_originals_folder_drops_the_content_duplicates(
    config: Config, index: Index, tmp_path: Path
) -> None:
    write(tmp_path / "mail" / "a-inbox" / "dielen.eml", PERSONAL)
    write(tmp_path / "mail" / "b-lists" / "haus.eml", LIST_COPY)
    add_root(config, tmp_path / "mail")
    sync(config, index)
    result = forget(config, index, tmp_path / "mail" / "a-inbox")
    assert (result.documents, result.duplicate_records) == (1, 1)
    assert index.documents(status=None) == []


def test_a_copy_in_the_same_mbox_is_a_duplicate_and_the_mbox_stays_unchanged(
    config: Config, index: Index, tmp_path: Path
) -> None:
    separator = "From bernd@example.org Mon Mar  4 10:40:10 2024\n"
    box = write(
        tmp_path / "mail" / "haus.mbox", separator + PERSONAL + "\n" + separator + LIST_COPY
    )
    add_root(config, tmp_path / "mail")
    first = sync(config, index)
    assert (first.documents_indexed, first.skipped) == (1, 1)
    (copy,) = index.failures()
    (original,) = index.documents()
    assert copy["duplicate_of"] == original["source_path"]
    assert str(copy["file_path"]) == str(original["file_path"]) == str(box)
    again = sync(config, index)
    assert (again.unchanged, again.documents_indexed, again.skipped) == (1, 0, 0)
