"""Document keys and failures as typed values: text forms, and the one reader of old strings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from identity import DocumentKey, FailureKind, Locator, LocatorKind, ReadFailure, legacy

ODD_PATHS = [
    "/home/ann/Notizen/Boden.md",
    "/home/ann/a#msg:b/note.md",  # a folder named like a locator (issue 11 D)
    "/home/ann/with space/und ümlaut/ファイル.md",
    "/home/ann/line\nbreak.txt",
    "/home/ann/-leading-dash.md",
    "/home/ann/Mail/archive.mbox",
]


@pytest.mark.parametrize("path", ODD_PATHS)
def test_a_whole_file_key_is_its_path(path: str) -> None:
    key = DocumentKey(Path(path))
    assert key.text == path and key.describe() == path


def test_a_message_key_names_the_file_and_the_message() -> None:
    by_id = DocumentKey(Path("/m/a#msg:b.mbox"), Locator(LocatorKind.MESSAGE_ID, "x@y"))
    by_number = DocumentKey(Path("/m/box.mbox"), Locator(LocatorKind.MESSAGE_NUMBER, "3"))
    assert by_id.text == "/m/a#msg:b.mbox#msg:x@y"
    assert by_number.text == "/m/box.mbox#msg:#3"
    assert by_id.describe() == "/m/a#msg:b.mbox (message <x@y>)"
    assert by_number.describe() == "/m/box.mbox (message 4 in the file)"
    assert Locator.of("message_number", "3") == by_number.locator
    assert Locator.of(None, None) is None


def test_transient_failures_are_the_files_situation_not_its_content() -> None:
    assert ReadFailure.not_found().transient and ReadFailure.permission_denied().transient
    assert ReadFailure.unreadable("I/O error").transient
    assert not ReadFailure(FailureKind.ENCRYPTED, "encrypted").transient
    assert not ReadFailure.cannot_list("Permission denied").transient
    assert ReadFailure.of("cannot_list", "cannot list folder: x") == ReadFailure.cannot_list("x")
    assert ReadFailure.of(None, "a note on a document that was read") is None


@pytest.mark.parametrize(
    ("key", "kind", "file_path", "locator"),
    [
        ("/m/box.mbox#msg:x@y", "mail", "/m/box.mbox", Locator(LocatorKind.MESSAGE_ID, "x@y")),
        ("/m/box.mbox#msg:#12", "mail", "/m/box.mbox", Locator(LocatorKind.MESSAGE_NUMBER, "12")),
        ("/r#msg:x/box.mbox#msg:#0", "mail", "/r#msg:x/box.mbox",
         Locator(LocatorKind.MESSAGE_NUMBER, "0")),
        ("/r#msg:x/note.md", "note", "/r#msg:x/note.md", None),
        ("/m/cur/1:2,S", "mail", "/m/cur/1:2,S", None),
    ],
)  # fmt: skip
def test_old_keys_are_split_once(key: str, kind: str, file_path: str, locator) -> None:
    assert legacy.split_key(key, kind) == (file_path, locator)


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        ("encrypted", FailureKind.ENCRYPTED),
        ("malformed PDF: no pages", FailureKind.MALFORMED),
        ("no text layer (scanned/image-only)", FailureKind.NO_TEXT),
        ("cannot list folder: Permission denied", FailureKind.CANNOT_LIST),
        ("permission denied", FailureKind.PERMISSION_DENIED),
        ("larger than the 20 MB limit (30 MB; index.max_file_mb)", FailureKind.TOO_LARGE),
        ("duplicate of /m/a.eml (same Message-ID)", FailureKind.DUPLICATE),
        ("could not be read (RecursionError: deep)", FailureKind.READER_ERROR),
    ],
)
def test_old_reasons_get_their_kind(reason: str, kind: FailureKind) -> None:
    assert legacy.failure_kind(reason) is kind


def test_the_original_of_an_old_duplicate_record() -> None:
    reason = "duplicate of /m/x (1).mbox#msg:a (b)@c (same Message-ID)"
    assert legacy.duplicate_of(reason) == "/m/x (1).mbox#msg:a (b)@c"
    assert legacy.duplicate_of("encrypted") is None


def test_identity_sits_below_ingest_store_and_the_core() -> None:
    code = (
        "import sys, identity, identity.legacy\n"
        "above = {'assistant', 'ingest', 'store', 'tui', 'textual', 'sqlean', 'numpy'}\n"
        "sys.exit(sorted(m for m in sys.modules if m.split('.')[0] in above) or 0)"
    )
    repo = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode()[-300:]
