"""Generated bad input: the files a real home folder eventually contains, made at test time.

Nothing here is committed as data: big files are sparse or streamed into the test's tmp
folder, and each generator returns the paths it made with what the index should say about
them (a substring of the recorded reason or note), so a test can check every single one.
"""

from __future__ import annotations

import base64
import os
import random
import shutil
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest.sizes import MB


@dataclass(frozen=True)
class Expectation:
    """`path` should end up as `status` ("ok" or "failed") with `reason` in its reason text;
    "any" means either, as long as it is recorded; "absent" means the scan leaves it out (not
    a regular file) and nothing is recorded."""

    path: Path
    status: str
    reason: str


def write_sparse(path: Path, size: int, head: bytes = b"") -> Path:
    """A file of `size` bytes that costs no disk: `head`, then a hole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        stream.write(head)
        stream.truncate(size)
    return path


def pdf_file(objects: list[bytes]) -> bytes:
    """A syntactically valid PDF with these objects (1 is the catalog) and a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def nested_arrays_pdf(depth: int) -> bytes:
    """A page tree whose /Kids is an array nested `depth` deep: recursion bait."""
    kids = b"[" * depth + b"]" * depth
    return pdf_file(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids " + kids + b" /Count 1 >>"]
    )


def many_pages_pdf(pages: int, fan: int = 500) -> bytes:
    """`pages` pages (one text line each) in a balanced tree: a huge object count."""
    groups = (pages + fan - 1) // fan
    first_group, first_page = 5, 5 + groups
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (first_group + g) for g in range(groups)), pages),
        _stream(b"BT /F1 12 Tf 10 10 Td (page text) Tj ET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for g in range(groups):
        size = min(fan, pages - g * fan)
        kids = b" ".join(b"%d 0 R" % (first_page + g * fan + i) for i in range(size))
        objects.append(b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count %d >>" % (kids, size))
    page = b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 99 99] /Contents 3 0 R "
    page += b"/Resources << /Font << /F1 4 0 R >> >> >>"
    for g in range(groups):
        objects += [page % (first_group + g)] * min(fan, pages - g * fan)
    return pdf_file(objects)


def flate_bomb_pdf(megabytes: int) -> bytes:
    """One page whose 20 kB content stream inflates to `megabytes` MB of text operators."""
    content = b"BT /F1 12 Tf 0 0 Td (a) Tj ET\n" * (megabytes * MB // 30)
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 99 99] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(zlib.compress(content, 9), b"/Filter /FlateDecode"),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def mail_with_attachment(path: Path, attachment_bytes: int) -> Path:
    """A plain mail with a base64 text attachment of `attachment_bytes`, streamed to disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    head = (
        "From: Bernd Bauer <bernd@example.org>\nTo: anna@example.org\n"
        "Subject: Logdatei vom Server\nDate: Tue, 02 Jan 2024 10:00:00 +0100\n"
        "Message-ID: <big-attachment@example.org>\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="XX"\n\n--XX\n'
        "Content-Type: text/plain; charset=utf-8\n\nAnbei das Log, es ist groß.\n\n--XX\n"
        'Content-Type: text/plain; name="server.log"\n'
        'Content-Disposition: attachment; filename="server.log"\n'
        "Content-Transfer-Encoding: base64\n\n"
    )
    text = b"2024-01-02 10:00:00 INFO worker: all quiet on the western front\n" * 1100
    block = text[: 57 * 1150]  # a multiple of 57 bytes: whole base64 lines, no padding
    with path.open("wb") as stream:
        stream.write(head.encode())
        for _ in range(attachment_bytes // len(block)):
            stream.write(base64.encodebytes(block))
        stream.write(b"\n--XX--\n")
    return path


def mbox_around(message: Path) -> Path:
    """An mbox holding a copy of `message` (under another Message-ID and subject, so it is
    a duplicate by neither ID nor content) between two small mails, streamed (no copy in
    memory)."""
    mbox = message.with_suffix(".mbox")
    small = b"From: c@example.org\nSubject: kurz\nMessage-ID: <%d@x>\n\nNur ein Gruss.\n"
    with mbox.open("wb") as out, message.open("rb") as source:
        out.write(b"From c@example.org Tue Jan  2 09:00:00 2024\n" + small % 1 + b"\n")
        out.write(b"From b@example.org Tue Jan  2 10:00:00 2024\n")
        for line in iter(source.readline, b"\n"):  # headers: a Message-ID of its own
            line = line.replace(b"<big-attachment@", b"<big-attachment-in-mbox@")
            out.write(line.replace(b"Subject: Logdatei", b"Subject: Kopie: Logdatei"))
        out.write(b"\n")
        shutil.copyfileobj(source, out)
        out.write(b"\nFrom c@example.org Tue Jan  2 11:00:00 2024\n" + small % 2)
    return mbox


def deep_multipart_mail(depth: int) -> bytes:
    """A message whose multiparts nest `depth` deep (recursion bait for MIME walkers)."""
    head = b"From: x@example.org\nSubject: nested\nMIME-Version: 1.0\n"
    body = b"Content-Type: text/plain\n\ninnermost words\n"
    for level in range(depth):
        boundary = b"b%d" % level
        body = b'Content-Type: multipart/mixed; boundary="%s"\n\n--%s\n%s\n--%s--\n' % (
            boundary,
            boundary,
            body,
            boundary,
        )
    return head + body


def make_nasty_folder(root: Path, corpora: Path) -> list[Expectation]:
    """Fill `root` with bad input; returns what should become of each file."""
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    expect: list[Expectation] = []

    def add(name: str, data: bytes, status: str, reason: str) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expect.append(Expectation(path, status, reason))

    for suffix in (".md", ".txt", ".eml", ".pdf", ".mbox", ".org"):
        expect.append(Expectation(_touch(root / f"empty/zero{suffix}"), "failed", ""))
    add("binary.md", rng.randbytes(65536), "failed", "not a text file")
    add(
        "invalid-utf8.md",
        b"# Rechnung\n\nBetrag \xff\xfe f\xc3r den Boden \xc3\x28 " * 50,
        "ok",
        "",
    )
    add("one-long-line.md", b"x" * (4 * MB), "ok", "")
    add("many-headings.md", b"#\n" * 200_000 + b"# last\n\ntext\n", "ok", "read as plain text")
    add("deep-multipart.eml", deep_multipart_mail(3000), "any", "")
    _pdfs(add, corpora)
    add("mail/garbage.mbox", b"From nobody\n" + rng.randbytes(9999), "any", "")
    huge = write_sparse(root / "big/huge.txt", 200 * MB)
    expect.append(Expectation(huge, "failed", "larger than the 100 MB limit"))
    note = write_sparse(root / "big/big-note.md", 30 * MB, b"# big\n")
    expect.append(Expectation(note, "failed", "index.max_note_mb"))
    big_mail = mail_with_attachment(root / "big/big-attachment.eml", 50 * MB)
    expect.append(Expectation(big_mail, "ok", "index.max_attachment_mb"))
    expect.append(Expectation(mbox_around(big_mail), "ok", "index.max_attachment_mb"))
    expect += _links_and_specials(root)
    return expect


def _pdfs(add: Callable[[str, bytes, str, str], None], corpora: Path) -> None:
    add("pdf/nested-arrays.pdf", nested_arrays_pdf(100_000), "failed", "malformed PDF")
    add("pdf/many-pages.pdf", many_pages_pdf(20_000), "ok", "pages were read")
    add("pdf/flate-bomb.pdf", flate_bomb_pdf(40), "failed", "decompression bomb")
    whole = (corpora / "pdf/004-pdflatex-4-pages/pdflatex-4-pages.pdf").read_bytes()
    add("pdf/truncated.pdf", whole[: len(whole) // 2], "any", "")


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    return path


def _links_and_specials(root: Path) -> list[Expectation]:
    links = root / "links"
    links.mkdir()
    (links / "real.md").write_text("# Echt\n\nDer Klempner heißt Jan.\n", encoding="utf-8")
    os.symlink(links, links / "loop")  # a directory loop
    os.symlink(root, links / "up")  # back to the top
    os.symlink(links / "b.md", links / "a.md")  # a file loop: a -> b -> a
    os.symlink(links / "a.md", links / "b.md")
    os.symlink(links / "nowhere.md", links / "dangling.md")
    os.symlink("/dev/zero", links / "zero.md")  # endless reads if anyone opened it
    os.mkfifo(links / "pipe.md")  # blocks forever if anyone opened it
    raw = os.fsencode(links) + b"/caf\xe9-latin1.md"  # a name that is not UTF-8
    with open(raw, "wb") as stream:
        stream.write(b"# Caf\xe9\n\nNot UTF-8 in the name.\n")
    return [
        Expectation(links / "real.md", "ok", ""),
        Expectation(links / "a.md", "failed", "cannot stat"),
        Expectation(links / "b.md", "failed", "cannot stat"),
        Expectation(links / "dangling.md", "failed", "cannot stat"),
        Expectation(links / "zero.md", "failed", "on a pseudo file system (/dev)"),
        Expectation(links / "pipe.md", "failed", "not a regular file (a FIFO)"),
        Expectation(Path(os.fsdecode(raw)), "failed", "not valid UTF-8"),
    ]
