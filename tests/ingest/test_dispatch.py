"""Choosing a reader: extensions, Maildir layout, sniffing, and failures instead of exceptions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ingest_helpers import MAIL, NOTES, PDFS

import ingest
from tests.support import needs_corpora


@needs_corpora
def test_supported_by_extension_and_maildir_layout(tmp_path: Path) -> None:
    for name in ("a.md", "b.markdown", "c.txt", "d.org", "e.pdf", "f.eml", "g.mbox", "H.MD"):
        assert ingest.supported(tmp_path / name), name
    for name in ("scan.png", "photo.JPG", "receipt.jpeg", "shot.webp", "fax.tif", "fax.tiff"):
        assert ingest.supported(tmp_path / name), name
    for name in ("a.docx", "b.svg", "c.json", "d.py"):
        assert not ingest.supported(tmp_path / name), name
    assert ingest.supported(MAIL / "default" / "cur" / "29:2,")
    assert ingest.supported(MAIL / "indexing" / "PATCH-1-2-system_data_types.7-srcfix.txt:2,S")
    assert ingest.supported(MAIL / "threading" / "ghost-root" / "child")  # sniffed: headers
    assert not ingest.supported(MAIL / "README")
    assert not ingest.supported(tmp_path / "does-not-exist")


def test_maildir_names_win_over_their_dotted_suffixes() -> None:
    path = MAIL / "threading" / "ghost-root" / "1529425589.M615261P21663.len:2,S"
    assert ingest.read(path).kind == "mail"
    assert ingest.guess_kind(path) == "mail"


@needs_corpora
def test_sniffing_files_with_misleading_or_missing_names(tmp_path: Path) -> None:
    pdf = tmp_path / "scan"
    pdf.write_bytes((PDFS / "001-trivial" / "minimal-document.pdf").read_bytes())
    assert ingest.read(pdf).kind == "pdf"
    assert ingest.read(pdf).failure is None
    message = tmp_path / "message"
    message.write_bytes((MAIL / "broken" / "broken-cc").read_bytes())
    assert ingest.read(message).documents[0].title == "wowsers!"


def test_unsupported_and_binary_files_fail_politely(tmp_path: Path) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(2000))
    result = ingest.read(binary)
    assert result.failure == "not a readable image: damaged, or not the format its name says"
    assert result.documents == () and result.kind == "image"
    not_an_image = tmp_path / "data.png"
    not_an_image.write_bytes(os.urandom(2000))
    assert ingest.read(not_an_image).failure == result.failure
    prose = tmp_path / "README"
    prose.write_text("Just some words.\nNot: a mail header line.\n")
    assert ingest.read(prose).failure == "unsupported file type"


@pytest.mark.parametrize("suffix", [".md", ".pdf", ".eml", ".mbox", ""])
def test_missing_and_empty_files(tmp_path: Path, suffix: str) -> None:
    assert ingest.read(tmp_path / f"gone{suffix}").failure is not None
    empty = tmp_path / f"empty{suffix}"
    empty.write_bytes(b"")
    result = ingest.read(empty)
    assert result.failure is not None and result.documents == ()


def test_a_directory_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "notes.md"
    folder.mkdir()
    assert ingest.read(folder).failure is not None


def test_unreadable_file_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "secret.md"
    path.write_text("# geheim\n\nText.\n")
    path.chmod(0)
    try:
        result = ingest.read(path)
        if os.geteuid() == 0:  # root reads anything; the point is that nothing raises
            assert result.failure is None
        else:
            assert result.failure == "permission denied"
    finally:
        path.chmod(0o644)


def test_eml_that_is_not_mail(tmp_path: Path) -> None:
    path = tmp_path / "notes.eml"
    path.write_text("Dies ist keine E-Mail, nur Text ohne Kopfzeilen.\n")
    result = ingest.read(path)
    assert result.failure == "not a mail message (no RFC 822 headers)"
    assert result.kind == "mail"


def test_guess_kind_without_reading_everything() -> None:
    assert ingest.guess_kind(NOTES / "projekt.org") == "note"
    assert ingest.guess_kind(PDFS / "001-trivial" / "minimal-document.pdf") == "pdf"
    assert ingest.guess_kind(MAIL / "default" / "cur" / "29:2,") == "mail"
    assert ingest.guess_kind(Path("/nowhere/archive.mbox")) == "mail"


@needs_corpora
def test_maildir_layout_versus_a_folder_called_new(tmp_path: Path) -> None:
    maildir = tmp_path / "Mail" / "INBOX"
    for name in ("cur", "new", "tmp"):
        (maildir / name).mkdir(parents=True)
    delivered = maildir / "new" / "1706954520.M1P2.laptop"
    delivered.write_bytes((MAIL / "broken" / "broken-cc").read_bytes())
    assert ingest.supported(delivered)
    assert ingest.read(delivered).documents[0].message_id == "multiple-cc@example.org"
    notes = tmp_path / "Notizen" / "new"
    notes.mkdir(parents=True)
    todo = notes / "todo.md"
    todo.write_text("# Todo\n\nMilch kaufen.\n", encoding="utf-8")
    picture = notes / "skizze.psd"
    picture.write_bytes(b"8BPS\x00\x01")  # a Photoshop file: no reader, not mail either
    assert ingest.read(todo).kind == "note"
    assert not ingest.supported(picture)
