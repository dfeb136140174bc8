"""Regressions of the mail reader on hostile input: dates, "From " lines, encoded data, depth."""

from __future__ import annotations

import base64
import binascii
import random
import re
from datetime import UTC, datetime, timedelta, timezone
from email import message_from_bytes
from email.message import EmailMessage
from pathlib import Path

import pytest

import ingest
from ingest.mail_depth import flatten_deep_parts
from ingest.mail_encoded import drop_encoded_blocks, is_binary_payload
from ingest.mail_headers import parse_date
from ingest.mail_parts import split_message
from ingest.mbox import is_separator

SEPARATOR = b"From alice@example.org Sat Feb  3 11:02:00 2024\n"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Mon, 01 Jan 0001 00:00:00 +0000", datetime(1, 1, 1, tzinfo=UTC)),
        ("Sat, 01 Jan 0050 10:00:00 +0000", datetime(50, 1, 1, 10, tzinfo=UTC)),
        ("Fri, 31 Dec 9999 23:59:59 +0000", datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
        ("Mon, 01 Jan 1800 00:00:00 +0000", datetime(1800, 1, 1, tzinfo=UTC)),
        ("Mon, 01 Jan 99 00:00:00 +0000", datetime(1999, 1, 1, tzinfo=UTC)),  # RFC 5322 obs-year
        ("Sat Feb  3 11:02:00 2024", datetime(2024, 2, 3, 11, 2, tzinfo=UTC)),
        (
            "Tue, 5 Mar 2024 10:00:00 +0100 (CET)",
            datetime(2024, 3, 5, 10, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("Mon, 01 Jan 0000 00:00:00 +0000", None),  # no such year
        ("Mon, 01 Jan 10000 00:00:00 +0000", None),
        ("Thu, 29 Feb 0003 00:00:00 +0000", None),  # not a leap year
        ("the day after tomorrow", None),
    ],
)
def test_dates_are_kept_as_written_or_unknown(value: str, expected: datetime | None) -> None:
    assert parse_date(value) == expected


def test_mail_dated_year_one_keeps_year_one(tmp_path: Path) -> None:
    raw = _message("Uralt", "Aus dem Jahr eins.\n").as_bytes()
    path = tmp_path / "old.eml"  # raw bytes: EmailMessage itself would rewrite the year as 2001
    path.write_bytes(re.sub(rb"Date: [^\n]*", b"Date: Mon, 01 Jan 0001 00:00:00 +0000", raw))
    (document,) = ingest.read(path).documents
    assert document.date is not None and document.date.year == 1


@pytest.mark.parametrize(
    ("line", "separator"),
    [
        (b"From MAILER-DAEMON Thu Aug 10 12:00:01 2023\n", True),
        (b"From alice@example.org  Sat Feb  3 11:02:00 2024\n", True),
        (b"From - Sat Feb 03 11:02:00 2024\n", True),
        (b'From "a b"@example.org Sat Feb  3 11:02:00 2024\n', True),
        (b"From here on it is body.\n", False),
        (b"From me to you, with love\n", False),
        (b"From: alice@example.org\n", False),
    ],
)
def test_separator_lines_look_like_from_sender_date(line: bytes, separator: bool) -> None:
    assert is_separator(line) is separator


def test_unescaped_from_line_after_a_blank_line_stays_in_its_message(tmp_path: Path) -> None:
    body = "Der Plan:\n\nFrom here on the cellar key hangs by the door.\n\nGruss\n"
    path = tmp_path / "archive.mbox"
    path.write_bytes(_mbox(_message("Eins", body), _message("Zwei", "Zweite.\n", "<z@x.org>")))
    documents = ingest.read(path).documents
    assert [d.title for d in documents] == ["Eins", "Zwei"]
    assert "From here on the cellar key hangs by the door." in documents[0].sections[0].text
    assert "Gruss" in documents[0].sections[0].display_text


@pytest.mark.parametrize("variant", ["mboxo", "mboxrd"])
def test_escaped_from_lines_read_back_as_written(tmp_path: Path, variant: str) -> None:
    body = "Hallo\n\nFrom the top.\nFrom here on.\n> From a reply.\n"
    if variant == "mboxrd":
        body += ">From the quote.\n"  # mboxo cannot store this line unambiguously
    escape = rb"(?m)^(>*From )" if variant == "mboxrd" else rb"(?m)^(From )"
    raw = re.sub(escape, rb">\1", _message("Zitat", body).as_bytes())
    path = tmp_path / f"{variant}.mbox"
    path.write_bytes(SEPARATOR + raw + b"\n" + _mbox(_message("Zwei", "Zweite.\n", "<z@x.org>")))
    documents = ingest.read(path).documents
    assert [d.title for d in documents] == ["Zitat", "Zwei"]
    assert documents[0].sections[0].display_text == body.strip()


def test_a_never_closed_multipart_does_not_swallow_the_next_messages(tmp_path: Path) -> None:
    truncated = (
        b"From: a@example.org\nSubject: Eins\nMessage-ID: <1@x.org>\n"
        b'Content-Type: multipart/mixed; boundary="zz"\n\n--zz\nContent-Type: text/plain\n\n'
        b"Erste, abgeschnitten.\n\n"
    )
    path = tmp_path / "cut.mbox"
    second = _message("Zwei", "Zweite.\n", "<z@x.org>")
    third = _message("Drei", "Dritte.\n", "<d@x.org>")
    path.write_bytes(SEPARATOR + truncated + _mbox(second, third))
    documents = ingest.read(path).documents
    assert [(d.title, d.sections[0].text) for d in documents] == [
        ("Eins", "Erste, abgeschnitten."),
        ("Zwei", "Zweite."),
        ("Drei", "Dritte."),
    ]


def test_a_patch_attachment_that_starts_like_a_separator_stays_inside(tmp_path: Path) -> None:
    message = _message("Patch", "Der Patch im Anhang.\n")
    patch = "From 3f2a9c Mon Sep 17 00:00:00 2001\nFrom: Bob <bob@x.org>\n\nfix the door\n"
    message.add_attachment(patch, subtype="x-diff", filename="0001-door.patch", cte="7bit")
    raw = message.as_bytes()
    assert b"\n\nFrom 3f2a9c Mon Sep 17" in raw  # unescaped, after a blank line
    path = tmp_path / "patch.mbox"
    path.write_bytes(SEPARATOR + raw + b"\n" + _mbox(_message("Zwei", "Zweite.\n", "<z@x.org>")))
    documents = ingest.read(path).documents
    assert [d.title for d in documents] == ["Patch", "Zwei"]
    assert "fix the door" in documents[0].sections[-1].text


def test_uuencoded_block_is_dropped_and_named() -> None:
    data = random.Random(7).randbytes(900)
    lines = [binascii.b2a_uu(data[i : i + 45]).decode() for i in range(0, len(data), 45)]
    text = "See the photo.\nbegin 644 garden.jpg\n" + "".join(lines) + "`\nend\nCheers\n"
    cleaned = drop_encoded_blocks(text)
    assert cleaned.text == "See the photo.\nCheers\n"
    assert cleaned.notes == ("attachment: garden.jpg: uuencoded, not indexed",)


def test_base64_run_is_dropped_but_a_single_hash_is_kept() -> None:
    blob = base64.encodebytes(random.Random(3).randbytes(600)).decode()
    sha = "0123456789abcdef0123456789abcdef01234567"
    cleaned = drop_encoded_blocks(f"Commit {sha}:\n{sha}\n\n{blob}Thanks\nBest\n")
    assert cleaned.text == f"Commit {sha}:\n{sha}\n\nThanks\nBest\n"
    assert cleaned.notes == ("base64 data (11 lines) in the text: not indexed",)


def test_mail_with_base64_garbage_indexes_only_its_words(tmp_path: Path) -> None:
    blob = base64.encodebytes(random.Random(5).randbytes(3000)).decode()
    path = tmp_path / "g.eml"
    path.write_bytes(_message("Rechnung", f"Anbei die Rechnung.\n\n{blob}\nGruss\n").as_bytes())
    (document,) = ingest.read(path).documents
    assert document.sections[0].text == "Anbei die Rechnung.\n\nGruss"
    assert any("base64 data" in note for note in document.notes)


def test_binary_data_in_a_text_part_is_left_out_and_named(tmp_path: Path) -> None:
    blob = base64.encodebytes(random.Random(9).randbytes(3000))
    path = tmp_path / "bin.eml"
    path.write_bytes(
        b"From: a@example.org\nSubject: Bild\nMIME-Version: 1.0\n"
        b"Content-Type: multipart/mixed; boundary=q\n\n--q\nContent-Type: text/plain\n\n"
        b"Das Bild vom Zaehler.\n--q\nContent-Type: text/plain; name=meter.png\n"
        b"Content-Disposition: inline\nContent-Transfer-Encoding: base64\n\n" + blob + b"--q--\n"
    )
    (document,) = ingest.read(path).documents
    assert [s.text for s in document.sections] == ["Das Bild vom Zaehler."]
    assert "attachment: meter.png: binary data in a text part, not indexed" in document.notes


def test_text_with_few_control_characters_is_still_text() -> None:
    assert not is_binary_payload("Grüße\taus Köln\x1b$B\x1b(B\n".encode(), "iso-2022-jp")
    assert not is_binary_payload("h\x00i".encode("utf-16-le"), "utf-16-le")
    assert is_binary_payload(random.Random(2).randbytes(2000), "us-ascii")


def test_multipart_nested_1500_deep_keeps_its_text(tmp_path: Path) -> None:
    path = tmp_path / "deep.eml"
    path.write_bytes(nested_mail(1500, "the innermost lighthouse keeper"))
    result = ingest.read(path)
    assert result.failure is None
    (document,) = result.documents
    assert [s.text for s in document.sections] == ["the innermost lighthouse keeper"]
    assert document.title == "deep"


def test_flattening_keeps_every_leaf_in_order() -> None:
    flat = flatten_deep_parts(nested_mail(20, "innermost", leaves=True), max_depth=3)
    message = split_message(message_from_bytes(flat))
    assert message.body.split() == [*(f"leaf{i}" for i in range(1, 20)), "innermost"]


def nested_mail(depth: int, text: str, leaves: bool = False) -> bytes:
    """A message whose multiparts nest `depth` deep around one text part."""
    out = [
        b"From: a@example.org\nTo: b@example.org\nSubject: deep\nMessage-ID: <deep@x.org>\n"
        b'Date: Mon, 1 Jan 2024 10:00:00 +0000\nContent-Type: multipart/mixed; boundary="b0"\n\n'
    ]
    for level in range(1, depth):
        if leaves:
            out.append(b"--b%d\nContent-Type: text/plain\n\nleaf%d\n" % (level - 1, level))
        out.append(b'--b%d\nContent-Type: multipart/mixed; boundary="b%d"\n\n' % (level - 1, level))
    out.append(b"--b%d\nContent-Type: text/plain\n\n%s\n" % (depth - 1, text.encode()))
    out.extend(b"--b%d--\n" % level for level in range(depth - 1, -1, -1))
    return b"".join(out)


def _message(subject: str, body: str, message_id: str = "<m@example.org>") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "alice@example.org"
    message["To"] = "bob@example.org"
    message["Subject"] = subject
    message["Date"] = "Sat, 03 Feb 2024 11:02:00 +0100"
    message["Message-ID"] = message_id
    message.set_content(body)
    return message


def _mbox(*messages: EmailMessage) -> bytes:
    return b"".join(SEPARATOR + m.as_bytes().rstrip(b"\n") + b"\n\n" for m in messages)
