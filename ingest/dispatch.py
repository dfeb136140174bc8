"""`read(path)`: choose the reader for a file, and never raise because the file is bad.

Extensions decide first, except for Maildir: its file names end in ":2,S" or contain
dots from host names, so a file with a Maildir info suffix is mail whatever its
"extension", and so is a file of unknown type in the cur/ or new/ folder of a Maildir.
Files without a known extension are sniffed: "%PDF-" is a PDF, a leading "From " line is an
mbox, RFC 822 header lines are a single message. Anything else is reported as unsupported,
and OS errors (vanished file, no permission) become failures too, because a watcher races
with editors that delete and rename files. So does any other exception a reader lets out
(a RecursionError deep in a parser, a library bug): one bad file must never end a sync.
"""

from __future__ import annotations

import errno
import logging
import re
from pathlib import Path

from identity import FailureKind, ReadFailure
from ingest.documents import IMAGE, MAIL, NOTE, PDF, ReadResult, failed
from ingest.images import IMAGE_SUFFIXES, read_image_file
from ingest.limits import DEFAULT_LIMITS, ReadLimits, ReadStopped
from ingest.mail import read_message_file
from ingest.mbox import read_mbox
from ingest.notes import NOTE_SUFFIXES, read_note
from ingest.opening import NotRegularFile, open_regular
from ingest.pdf_worker import read_pdf_bounded

log = logging.getLogger(__name__)
MAIL_SUFFIXES = frozenset({".eml"})
MBOX_SUFFIXES = frozenset({".mbox", ".mbx"})
PDF_SUFFIXES = frozenset({".pdf"})
_MAILDIR_DIRS = frozenset({"cur", "new"})
_MAILDIR_SIBLINGS = frozenset({"cur", "new", "tmp"})
_MAILDIR_INFO = re.compile(r":2,[A-Za-z]*$")
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:[ \t]*\S?")  # RFC 5322 field name, then a colon
_KNOWN_HEADERS = re.compile(
    rb"^(from|to|cc|subject|date|message-id|received|return-path|mime-version"
    rb"|delivered-to|in-reply-to|references|reply-to|content-type):",
    re.IGNORECASE,
)
_SNIFF_BYTES = 4096


def read(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> ReadResult:
    """The documents in `path`, or the reason it could not be read."""
    kind = _kind(path)
    result_kind = MAIL if kind == "mbox" else kind or NOTE
    try:
        return _read_as(path, kind, limits)
    except OSError as exc:
        return failed(result_kind, os_error_failure(exc))
    except ReadStopped:
        raise  # the session is closing: the file is read again next time, not failed
    except Exception as exc:
        log.warning("reading %s failed", path, exc_info=True)
        return failed(result_kind, ReadFailure.reader_error(exc))


def os_error_failure(exc: OSError) -> ReadFailure:
    """The failure for an OS error; EACCES and EPERM are both 'permission denied'."""
    if isinstance(exc, FileNotFoundError):
        return ReadFailure.not_found()
    if isinstance(exc, IsADirectoryError):
        return ReadFailure(FailureKind.NOT_A_FILE, "is a directory")
    if isinstance(exc, NotRegularFile):
        return ReadFailure(FailureKind.NOT_A_FILE, exc.strerror or "not a regular file")
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return ReadFailure.permission_denied()
    return ReadFailure.unreadable(exc.strerror or str(exc))


def supported(path: Path) -> bool:
    """Whether `read` has a reader for `path`: by extension, Maildir layout or a quick sniff."""
    if _by_name(path) is not None:
        return True
    if path.suffix:
        return False
    try:
        return _sniff(path) is not None
    except OSError:
        return False


def _read_as(path: Path, kind: str | None, limits: ReadLimits) -> ReadResult:
    if kind == NOTE:
        return read_note(path, limits)
    if kind == PDF:
        return read_pdf_bounded(path, limits)
    if kind == IMAGE:
        return read_image_file(path, limits)
    if kind == "mbox":
        return read_mbox(path, limits)
    if kind == MAIL:
        return read_message_file(path, limits)
    return failed(NOTE, ReadFailure.unsupported())


def guess_kind(path: Path) -> str:
    """ "note", "mail", "pdf" or "image" for a file that will not be read (too big, skipped)."""
    kind = _kind(path)
    return MAIL if kind == "mbox" else kind or NOTE


def _kind(path: Path) -> str | None:
    """The reader for `path` ("mbox" included), by name, else by its first bytes."""
    return _by_name(path) or _sniff_quietly(path)


def _by_name(path: Path) -> str | None:
    if _MAILDIR_INFO.search(path.name):
        return MAIL
    suffix = path.suffix.lower()
    if suffix in NOTE_SUFFIXES:
        return NOTE
    if suffix in PDF_SUFFIXES:
        return PDF
    if suffix in IMAGE_SUFFIXES:
        return IMAGE
    if suffix in MBOX_SUFFIXES:
        return "mbox"
    if suffix in MAIL_SUFFIXES or _in_maildir(path):
        return MAIL
    return None


def _in_maildir(path: Path) -> bool:
    """A file in cur/ or new/ beside another of cur/, new/, tmp/ (not just a folder "new")."""
    folder = path.parent.name
    if folder not in _MAILDIR_DIRS:
        return False
    return any((path.parent.parent / other).is_dir() for other in _MAILDIR_SIBLINGS - {folder})


def _sniff_quietly(path: Path) -> str | None:
    try:
        return _sniff(path)
    except OSError:
        return None  # `read` reports the error when it opens the file for real


def _sniff(path: Path) -> str | None:
    with open_regular(path) as stream:
        head = stream.read(_SNIFF_BYTES)
    if head.lstrip().startswith(b"%PDF-"):
        return PDF
    lines = head.lstrip(b"\r\n").splitlines()
    if lines and lines[0].startswith(b"From ") and _looks_like_headers(lines[1:]):
        return "mbox"
    return MAIL if _looks_like_headers(lines) else None


def _looks_like_headers(lines: list[bytes]) -> bool:
    """At least two header fields before the first blank line, one of them a mail header."""
    fields = 0
    known = False
    for line in lines[:200]:
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t"):
            continue  # folded continuation of the previous field
        if not _HEADER_LINE.match(line):
            return False
        fields += 1
        known = known or _KNOWN_HEADERS.match(line) is not None
    return fields >= 2 and known
