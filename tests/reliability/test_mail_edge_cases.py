"""Mail edge cases through the real sync (issue 11, test 7), each checked on what is indexed.

Every case writes mail into a root, syncs it with a fake embedder and then looks at the rows
the index holds: titles, dates, recipients, chunk texts and the notes (the `reason` column).
The mbox-append case runs a real second process that appends to the mbox while the sync reads
it. Figures (cases, the time for the 1500-deep mail, messages seen by each sync) are printed.

What the index does where a choice had to be made:
- the same Message-ID in two files: the copy indexed first wins (in a full sync, the scan's
  order: a folder's files by name, then its subfolders by name); the other is a duplicate
  record naming it, even when the bodies differ (a server's footer, an edited copy). Under
  another Message-ID a copy is a duplicate when its content fingerprint matches
  (ingest/mail_fingerprint.py). When the first file goes, the next sync indexes the other one
  (assistant/indexing/stamps.py).
- a date of year 9999 is stored as written; for "last time" questions a date after tomorrow
  sorts like an undated mail (assistant/ask/retrieval.py), so it cannot win every question.
- a year that no datetime holds (0000, 10000) or an unparseable Date is unknown (the Received
  stamp, when there is one, is used instead, as for a missing Date).
"""

from __future__ import annotations

import base64
import binascii
import mailbox
import random
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

import sqlean as sqlite3

import ingest
from assistant.indexing.service import open_index, run_sync
from tests.reliability.robustness_support import CountingEmbedder, config_for, show
from tests.support import REPO

SEPARATOR = b"From alice@example.org Sat Feb  3 11:02:00 2024\n"
CASES = 15  # the cases of issue 11, test 7, that the tests below cover between them


def mail(subject: str, body: str, message_id: str | None = None, **headers: str) -> bytes:
    message = EmailMessage()
    message["From"] = "Alice <alice@example.org>"
    message["To"] = "bob@example.org"
    message["Subject"] = subject
    if message_id:
        message["Message-ID"] = message_id
    message.set_content(body)
    raw = message.as_bytes()
    extra = "".join(f"{name.replace('_', '-')}: {value}\n" for name, value in headers.items())
    return extra.encode() + raw  # raw headers: EmailMessage would rewrite a year 0001 date


def sync(home: Path, root: Path) -> tuple[dict[str, dict], CountingEmbedder]:
    """Index `root` in `home`; the documents (failed ones too) by source path, with chunks."""
    config = config_for(home, [root])
    embedder = CountingEmbedder()
    with open_index(config) as index:
        run_sync(config, index, embedder)
        assert index.integrity_check() == []
        rows = {str(r["source_path"]): dict(r) for r in index.documents(status=None)}
    conn = sqlite3.connect(str(config.paths.database))
    try:
        for row in rows.values():
            row["chunks"] = [t for (t,) in conn.execute(
                "SELECT c.text FROM chunks c JOIN documents d ON d.id = c.document_id "
                "WHERE d.source_path = ? ORDER BY c.ordinal", (row["source_path"],))]  # fmt: skip
    finally:
        conn.close()
    return rows, embedder


def text_of(row: dict) -> str:
    return "\n".join(row["chunks"])


def one(rows: dict[str, dict]) -> dict:
    (row,) = rows.values()
    return row


def test_from_quoting_in_mbox_bodies(tmp_path: Path, record_property) -> None:
    """mboxrd written by hand, mboxo by the stdlib's `mailbox.mbox` (it escapes "From " only),
    both with a "From here on" line after a blank line that no writer escaped; and an mbox
    whose first message is cut off inside a multipart (it must not swallow the next one)."""
    root = tmp_path / "mail"
    root.mkdir()
    body = "Plan:\n\nFrom here on the cellar key hangs by the door.\n\nFrom the top.\nGruss\n"
    keller = mail("Keller", body, "<keller@example.org>")
    unescaped = keller.replace(b"\nFrom the top", b"\n>From the top")  # only this one escaped
    second = mail("Zwei", "Die zweite Nachricht.\n", "<zwei@example.org>")
    (root / "rd.mbox").write_bytes(SEPARATOR + unescaped + b"\n" + SEPARATOR + second + b"\n")
    writer = mailbox.mbox(root / "o.mbox")
    for raw in (keller.replace(b"keller@", b"keller-o@"), second.replace(b"zwei@", b"zwei-o@")):
        writer.add(mailbox.mboxMessage(raw))
    writer.close()
    assert b"\n>From here on" in (root / "o.mbox").read_bytes()  # the stdlib escaped it
    cut = b'Content-Type: multipart/mixed; boundary="zz"\n\n--zz\n\nAbgeschnitten.\n\n'
    truncated = mail("Cut", "", "<cut@example.org>").split(b"Content-Type")[0] + cut
    after_cut = second.replace(b"zwei@", b"zwei-cut@")
    (root / "cut.mbox").write_bytes(SEPARATOR + truncated + SEPARATOR + after_cut + b"\n")
    rows, _ = sync(tmp_path / "home", root)
    ok = [r for r in rows.values() if r["status"] == "ok" and "cut.mbox" not in r["file_path"]]
    assert sorted(r["title"] for r in ok) == ["Keller", "Keller", "Zwei", "Zwei"]
    in_cut = [(r["title"], text_of(r)) for r in rows.values() if "cut.mbox" in r["file_path"]]
    assert sorted(in_cut) == [("Cut", "Abgeschnitten."), ("Zwei", "Die zweite Nachricht.")]
    for row in (r for r in ok if r["title"] == "Keller"):
        text = text_of(row)
        assert "From here on the cellar key hangs by the door." in text
        assert "From the top." in text and ">From" not in text and text.endswith("Gruss")
    assert {r["locator"] for r in ok} == {
        "keller@example.org", "zwei@example.org", "keller-o@example.org", "zwei-o@example.org"
    }  # fmt: skip
    show(record_property, "mail from-quoting", mbox_files=3, messages=len(ok) + len(in_cut))


APPENDER = """
import sys, time
from pathlib import Path
path, stop, template = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
number = 0
while not stop.exists() or number < 40:
    message = template.replace("NUMBER", str(number)).encode()
    with path.open("ab") as out:  # one message in two writes: a reader can see half of it
        out.write(message[: len(message) // 2]); out.flush(); time.sleep(0.002)
        out.write(message[len(message) // 2 :])
    number += 1
print(number)
"""
TEMPLATE = (
    "From bob@example.org Sat Feb  3 11:02:00 2024\nFrom: bob@example.org\nTo: a@example.org\n"
    "Subject: Zaehler NUMBER\nMessage-ID: <count-NUMBER@example.org>\n"
    "Date: Sat, 03 Feb 2024 11:02:00 +0000\n\nReading number NUMBER of the water meter.\n"
    "The meter is in the cellar behind the blue door.\n\n"
)


def test_mbox_appended_while_it_is_indexed(tmp_path: Path, record_property) -> None:
    root = tmp_path / "mail"
    root.mkdir()
    mbox, stop = root / "live.mbox", tmp_path / "stop"
    mbox.write_bytes(b"")
    appender = subprocess.Popen([sys.executable, "-c", APPENDER, str(mbox), str(stop), TEMPLATE],
                                cwd=REPO, stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        while mbox.stat().st_size < 20 * len(TEMPLATE):
            time.sleep(0.01)  # the appender has started; no timing is asserted
        during, _ = sync(tmp_path / "home", root)
    finally:
        stop.touch()
        out, _ = appender.communicate(timeout=300)
    appended = int(out)
    after, embedder = sync(tmp_path / "home", root)
    ok = [r for r in after.values() if r["status"] == "ok"]
    assert sorted(r["title"] for r in ok) == sorted(f"Zaehler {n}" for n in range(appended))
    for row in ok:
        number = row["title"].split()[1]
        assert row["locator"] == f"count-{number}@example.org"
        assert text_of(row).startswith(f"Reading number {number} of the water meter.")
        assert text_of(row).endswith("behind the blue door.")
    seen = sum(r["status"] == "ok" for r in during.values())
    assert seen > 0
    show(record_property, "mail mbox-append", appended=appended, first_sync=seen,
         embedded_second=len(embedder.hashes))  # fmt: skip


def test_maildir_moves_and_flag_renames(tmp_path: Path, record_property) -> None:
    root = tmp_path / "Maildir"
    for folder in ("new", "cur", "tmp"):
        (root / folder).mkdir(parents=True)
    body = "The chimney sweep comes on Tuesday at nine.\n"
    (root / "new" / "1700000000.M1P1.host").write_bytes(mail("Kamin", body, "<kamin@x.org>"))
    home = tmp_path / "home"
    _, embedder = sync(home, root)
    assert embedder.hashes
    moves = ["cur/1700000000.M1P1.host:2,", "cur/1700000000.M1P1.host:2,S",
             "cur/1700000000.M1P1.host:2,RS", "new/1700000000.M1P1.host"]  # fmt: skip
    current = root / "new" / "1700000000.M1P1.host"
    for target in moves:
        current = current.rename(root / target)
        rows, embedder = sync(home, root)
        row = one(rows)
        assert (row["source_path"], row["status"]) == (str(current), "ok")
        assert embedder.hashes == []  # the vector cache answers: nothing is embedded again
        (cited,) = ingest.read(Path(row["source_path"])).documents  # the citation opens
        assert cited.content_hash == row["content_hash"] and text_of(row) == body.strip()
    show(record_property, "mail maildir-moves", moves=len(moves), re_embedded=0)


def test_same_message_id_in_two_folders(tmp_path: Path, record_property) -> None:
    root = tmp_path / "mail"
    for folder in ("a-inbox", "b-archive"):
        (root / folder).mkdir(parents=True)
    (root / "a-inbox" / "1.eml").write_bytes(mail("Heizung", "Version A.\n", "<same@x.org>"))
    (root / "b-archive" / "1.eml").write_bytes(mail("Heizung", "Version B.\n", "<same@x.org>"))
    home = tmp_path / "home"
    rows, _ = sync(home, root)
    first, second = str(root / "a-inbox" / "1.eml"), str(root / "b-archive" / "1.eml")
    assert rows[first]["status"] == "ok" and text_of(rows[first]) == "Version A."
    assert rows[second]["status"] != "ok" and rows[second]["duplicate_of"] == first
    assert rows[second]["chunks"] == []
    Path(first).unlink()  # the original goes: the copy is indexed instead
    rows, _ = sync(home, root)
    assert list(rows) == [second] and text_of(rows[second]) == "Version B."
    show(record_property, "mail same-message-id", winner="first in path order")


def test_missing_ids_and_hostile_dates(tmp_path: Path, record_property) -> None:
    root = tmp_path / "mail"
    root.mkdir()
    dates = {
        "year1": ("Mon, 01 Jan 0001 00:00:00 +0000", "0001-01-01T00:00:00+00:00"),
        "year9999": ("Fri, 31 Dec 9999 23:59:59 -0500", "9999-12-31T23:59:59-05:00"),
        "year1800": ("Wed, 01 Jan 1800 12:00:00 +0000", "1800-01-01T12:00:00+00:00"),
        "year0": ("Mon, 01 Jan 0000 00:00:00 +0000", None),
        "garbage": ("the day after tomorrow", None),
    }
    for name, (value, _) in dates.items():
        (root / f"{name}.eml").write_bytes(mail(name, f"Dated {name}.\n", None, Date=value))
    (root / "nodate.eml").write_bytes(mail("nodate", "No date at all.\n", "<nd@x.org>"))
    rows, _ = sync(tmp_path / "home", root)
    by_title = {r["title"]: r for r in rows.values()}
    for name, (_, stored) in dates.items():
        row = by_title[name]
        assert (row["status"], row["date_text"], row["message_id"]) == ("ok", stored, None)
        assert text_of(row) == f"Dated {name}."
    assert by_title["nodate"]["date_text"] is None and by_title["nodate"]["date"] is None
    assert by_title["year9999"]["date"] == 253402318799
    show(record_property, "mail dates", dates=len(dates) + 1)


def test_5000_recipients_unknown_charset_and_deep_nesting(tmp_path: Path, record_property) -> None:
    root = tmp_path / "mail"
    root.mkdir()
    recipients = ", ".join(f"Person {n} <p{n}@example.org>" for n in range(5000))
    crowd = mail("Rundbrief", "Hello everyone.\n", "<crowd@x.org>").replace(
        b"To: bob@example.org", f"To: {recipients}".encode())  # fmt: skip
    (root / "crowd.eml").write_bytes(crowd)
    (root / "charset.eml").write_bytes(
        b"From: a@example.org\nSubject: =?x-made-up?Q?Gr=C3=BC=C3=9Fe?=\nMessage-ID: <cs@x.org>\n"
        b"Content-Type: text/plain; charset=x-made-up\n\nGr\xc3\xbc\xc3\x9fe aus K\xc3\xb6ln.\n"
    )
    (root / "deep.eml").write_bytes(nested_mail(1500, "the innermost lighthouse keeper"))
    started = time.perf_counter()
    rows, _ = sync(tmp_path / "home", root)
    seconds = time.perf_counter() - started
    by_title = {r["title"]: r for r in rows.values()}
    assert by_title["Rundbrief"]["recipients"] == recipients
    assert text_of(by_title["Rundbrief"]) == "Hello everyone."
    assert by_title["Grüße"]["status"] == "ok" and text_of(by_title["Grüße"]) == "Grüße aus Köln."
    deep = by_title["deep"]
    assert deep["status"] == "ok" and text_of(deep) == "the innermost lighthouse keeper"
    assert "nested deeper than" in deep["reason"]
    show(record_property, "mail deep", depth=1500, sync_seconds=round(seconds, 2))


def test_base64_garbage_and_uuencoded_attachments(tmp_path: Path, record_property) -> None:
    root = tmp_path / "mail"
    root.mkdir()
    noise = random.Random(11)
    blob = base64.encodebytes(noise.randbytes(6000)).decode()
    (root / "b64.eml").write_bytes(mail("Zaehlerstand", f"Stand 4711.\n\n{blob}\nGruss\n", "<b@x>"))
    data = noise.randbytes(4500)
    uu = "".join(binascii.b2a_uu(data[i : i + 45]).decode() for i in range(0, len(data), 45))
    body = f"Photo of the meter attached.\n\nbegin 644 meter.jpg\n{uu}`\nend\n\nBye\n"
    (root / "uu.eml").write_bytes(mail("Foto", body, "<u@x>"))
    image = base64.encodebytes(noise.randbytes(6000))
    (root / "bin.eml").write_bytes(
        b"From: a@example.org\nSubject: Bild\nMessage-ID: <bin@x>\nMIME-Version: 1.0\n"
        b"Content-Type: multipart/mixed; boundary=q\n\n--q\nContent-Type: text/plain\n\n"
        b"Das Bild vom Zaehler.\n--q\nContent-Type: text/plain; name=meter.png\n"
        b"Content-Transfer-Encoding: base64\n\n" + image + b"--q--\n"
    )
    rows, _ = sync(tmp_path / "home", root)
    by_title = {r["title"]: r for r in rows.values()}
    assert text_of(by_title["Zaehlerstand"]) == "Stand 4711.\n\nGruss"
    assert "base64 data" in by_title["Zaehlerstand"]["reason"]
    assert text_of(by_title["Foto"]) == "Photo of the meter attached.\n\nBye"
    assert "attachment: meter.jpg: uuencoded, not indexed" in by_title["Foto"]["reason"]
    assert text_of(by_title["Bild"]) == "Das Bild vom Zaehler."
    assert "meter.png: binary data in a text part" in by_title["Bild"]["reason"]
    show(record_property, "mail encoded", base64_lines=blob.count("\n"), uu_lines=uu.count("\n"),
         cases=CASES)  # fmt: skip


def nested_mail(depth: int, text: str) -> bytes:
    out = [
        b"From: a@example.org\nTo: b@example.org\nSubject: deep\nMessage-ID: <deep@x.org>\n"
        b'Date: Mon, 1 Jan 2024 10:00:00 +0000\nContent-Type: multipart/mixed; boundary="b0"\n\n'
    ]
    for level in range(1, depth):
        out.append(b'--b%d\nContent-Type: multipart/mixed; boundary="b%d"\n\n' % (level - 1, level))
    out.append(b"--b%d\nContent-Type: text/plain\n\n%s\n" % (depth - 1, text.encode()))
    out.extend(b"--b%d--\n" % level for level in range(depth - 1, -1, -1))
    return b"".join(out)
