"""Mail: headers people search by, readable bodies, attachments, encryption, mbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

from ingest_helpers import MAIL, PDFS

import ingest
from tests.support import needs_corpora

REPLY = """Hallo Bob,

ja, Donnerstag passt. Der Fliesenleger war Herr Meier, Telefon 0171 555 1234.

Am 03.02.2024 um 10:15 schrieb Bob Beispiel <bob@example.org>:
> Kannst du am Donnerstag?
> Wer hat eigentlich den Flur gefliest?
>
> --
> Bob

Viele Grüße
Alice
--
Alice Beispiel
Lindenstraße 12, 50667 Köln
"""


def read_one(path: Path) -> ingest.Document:
    result = ingest.read(path)
    assert result.failure is None, result.failure
    assert result.kind == "mail"
    (document,) = result.documents
    return document


def write_message(tmp_path: Path, message: EmailMessage, name: str = "m.eml") -> Path:
    path = tmp_path / name
    path.write_bytes(message.as_bytes())
    return path


def make_message(subject: str = "Flur", body: str = REPLY) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Alice Beispiel <alice@example.org>"
    message["To"] = "Bob Beispiel <bob@example.org>, carol@example.org"
    message["Cc"] = "Jörg Müller <joerg@example.de>"
    message["Subject"] = subject
    message["Date"] = "Sat, 03 Feb 2024 11:02:00 +0100"
    message["Message-ID"] = "<reply-1@example.org>"
    message["In-Reply-To"] = "<question-1@example.org>"
    message["References"] = "<root-0@example.org> <question-1@example.org>"
    message.set_content(body)
    return message


def test_headers_become_metadata(tmp_path: Path) -> None:
    doc = read_one(write_message(tmp_path, make_message()))
    assert doc.kind == "mail"
    assert doc.title == "Flur"
    assert doc.sender == "Alice Beispiel <alice@example.org>"
    assert doc.recipients == (
        "Bob Beispiel <bob@example.org>",
        "carol@example.org",
        "Jörg Müller <joerg@example.de>",
    )
    assert doc.date == datetime(2024, 2, 3, 11, 2, tzinfo=timezone(timedelta(hours=1)))
    assert doc.date is not None and doc.date.tzinfo is not None
    assert doc.message_id == "reply-1@example.org"
    assert doc.thread_id == "root-0@example.org"


def test_thread_id_falls_back_to_in_reply_to_then_own_id(tmp_path: Path) -> None:
    message = make_message()
    del message["References"]
    assert read_one(write_message(tmp_path, message)).thread_id == "question-1@example.org"
    del message["In-Reply-To"]
    assert read_one(write_message(tmp_path, message)).thread_id == "reply-1@example.org"


def test_quotes_and_signature_are_kept_for_display_only(tmp_path: Path) -> None:
    doc = read_one(write_message(tmp_path, make_message()))
    (body,) = doc.sections
    assert body.heading == "Flur"
    assert "Herr Meier" in body.text
    assert "Viele Grüße" in body.text
    for removed in ("Wer hat eigentlich", "schrieb Bob", "Lindenstraße 12"):
        assert removed not in body.text
        assert removed in body.display_text


@needs_corpora
def test_rfc2047_subjects_and_names_decode() -> None:
    accented = read_one(MAIL / "default" / "cur" / "53:2,")
    assert accented.title == "Essai accentué"
    swedish = read_one(MAIL / "html" / "embedded-image")
    assert swedish.title == "Tack alla trafikanter och fotgängare!"
    assert swedish.sender == "malmoborg <daemon@lublin.se>"
    french = read_one(MAIL / "default" / "cur" / "52:2,")
    assert french.sender == "François Boulogne <boulogne.f@gmail.com>"


def test_chinese_gb2312_headers_and_body(tmp_path: Path) -> None:
    raw = (
        b"From: =?GB2312?B?zfXKpri1?= <wang@example.cn>\r\n"
        b"To: me@example.org\r\n"
        b"Subject: =?gb2312?B?s/i3v7TJ16m1xLGovNs=?=\r\n"
        b"Date: Mon, 5 Feb 2024 09:00:00 +0800\r\n"
        b"Message-ID: <cn-1@example.cn>\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=gb2312\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n"
    ) + "厨房的瓷砖明天铺好。\r\n".encode("gb2312")
    path = tmp_path / "cn.eml"
    path.write_bytes(raw)
    doc = read_one(path)
    assert doc.title == "厨房瓷砖的报价"
    assert doc.sender == "王师傅 <wang@example.cn>"
    assert doc.sections[0].text == "厨房的瓷砖明天铺好。"
    assert doc.date == datetime(2024, 2, 5, 1, 0, tzinfo=UTC)


def test_unknown_charset_does_not_crash(tmp_path: Path) -> None:
    raw = (
        b"From: a@example.org\r\nSubject: =?x-unknown?Q?Gr=FC=DFe?=\r\n"
        b"Message-ID: <odd@example.org>\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\n"
        b"Sch\xf6ne Gr\xfc\xdfe aus K\xf6ln, das Wetter ist heute wirklich sch\xf6n.\r\n"
    )
    path = tmp_path / "odd.eml"
    path.write_bytes(raw)
    doc = read_one(path)
    assert "Grüße aus Köln" in doc.sections[0].text
    assert doc.date is None


def test_html_only_mail_becomes_readable_text(tmp_path: Path) -> None:
    message = make_message()
    message.set_content(
        "<html><head><style>p {color: red}</style><title>x</title></head><body>"
        "<p>Sehr geehrte Frau M&uuml;ller,</p><p>Ihre Rechnung&nbsp;Nr.&nbsp;4711 ist "
        "<b>bezahlt</b>.</p><script>track()</script><table><tr><td>Betrag</td><td>120 €</td>"
        "</tr></table></body></html>",
        subtype="html",
    )
    (body,) = read_one(write_message(tmp_path, message)).sections
    assert "Sehr geehrte Frau Müller," in body.text
    assert "Ihre Rechnung Nr. 4711 ist bezahlt." in body.text
    assert "Betrag 120 €" in body.text
    for markup in ("<", ">", "color: red", "track()", "&uuml;"):
        assert markup not in body.display_text


@needs_corpora
def test_corpus_html_mail_has_no_tags() -> None:
    (body,) = read_one(MAIL / "html" / "attribute-text").sections
    assert body.text == "hunter2"


@needs_corpora
def test_pdf_and_text_attachments_are_sections_named_after_the_file(tmp_path: Path) -> None:
    message = make_message(body="Anbei die Unterlagen.\n")
    pdf = (PDFS / "004-pdflatex-4-pages" / "pdflatex-4-pages.pdf").read_bytes()
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename="Rechnung.pdf")
    message.add_attachment("Zählerstand: 4711 kWh\n", filename="zähler.txt")
    message.add_attachment(b"\x89PNG\r\n\x1a\n\x00", maintype="image", subtype="png")
    doc = read_one(write_message(tmp_path, message))
    headings = [(s.heading, s.page) for s in doc.sections]
    assert headings == [
        ("Flur", None),
        ("attachment: Rechnung.pdf", 1),
        ("attachment: Rechnung.pdf", 2),
        ("attachment: Rechnung.pdf", 3),
        ("attachment: Rechnung.pdf", 4),
        ("attachment: zähler.txt", None),
    ]
    assert "Hello, here is some text without a meaning" in doc.sections[1].text
    assert doc.sections[-1].text == "Zählerstand: 4711 kWh"


@needs_corpora
def test_broken_pdf_attachment_is_a_note() -> None:
    doc = read_one(MAIL / "indexing" / "fake-pdf:2,S")
    assert doc.title == "attachment content type"
    assert any(n.startswith("attachment: fake.pdf: malformed PDF") for n in doc.notes)


def test_forwarded_message_attachment(tmp_path: Path) -> None:
    inner = make_message(subject="Angebot Heizung", body="Das Angebot gilt bis Ende März.\n")
    outer = make_message(subject="Fwd: Angebot Heizung", body="Siehe unten.\n")
    outer.add_attachment(inner)
    doc = read_one(write_message(tmp_path, outer))
    assert doc.sections[1].heading == "attachment: Angebot Heizung"
    assert "Das Angebot gilt bis Ende März." in doc.sections[1].text


@needs_corpora
def test_encrypted_mail_keeps_headers_and_says_so() -> None:
    for name in ("crypto/simple-encrypted", "protected-headers/smime-sign+enc.eml"):
        doc = read_one(MAIL / name)
        assert doc.message_id
        assert doc.sender
        assert any(note.startswith("encrypted") for note in doc.notes)
        assert "cannot be read" in doc.sections[0].text
        assert "BEGIN PGP MESSAGE" not in doc.sections[0].display_text


@needs_corpora
def test_signed_mail_is_readable() -> None:
    doc = read_one(MAIL / "protected-headers" / "simple-signed-mail.eml")
    assert not any(note.startswith("encrypted") for note in doc.notes)
    assert doc.sections[0].text.strip()


@needs_corpora
def test_duplicate_corpus_shares_message_ids() -> None:
    ids = {path.name: read_one(path).message_id for path in (MAIL / "duplicate").iterdir()}
    assert ids == {
        "msg-1-1:2,": "debian/2.6.1.dfsg-4-1-g87ea161@87ea161e851dfb1ea324af00e4ecfccc18875e15",
        "msg-1-2:2,": "debian/2.6.1.dfsg-4-1-g87ea161@87ea161e851dfb1ea324af00e4ecfccc18875e15",
        "msg-2-1:2,": "87r2geywh9.fsf@tethera.net",
        "msg-2-2:2,": "87r2geywh9.fsf@tethera.net",
        **{f"msg-3-{n}:2,": "87r2ecrr6x.fsf@zephyr.silentflame.com" for n in range(1, 6)},
    }


@needs_corpora
def test_repeated_cc_headers_are_all_recipients() -> None:
    doc = read_one(MAIL / "broken" / "broken-cc")
    assert doc.recipients == (
        "Daniel <daniel@example.org>",
        "Bob <bob@example.org>",
        "Charles <charles@example.org>",
    )


def test_mbox_messages_are_separate_documents(tmp_path: Path) -> None:
    first = make_message(subject="Eins", body="Erste Nachricht.\nFrom here on it is body.\n")
    second = make_message(subject="Zwei", body="Zweite Nachricht.\n")
    second.replace_header("Message-ID", "<zwei@example.org>")
    third = make_message(subject="Drei", body="Dritte, ohne ID.\n")
    del third["Message-ID"]
    path = tmp_path / "archive.mbox"
    with path.open("wb") as out:
        for message in (first, second, third, first):
            out.write(b"From alice@example.org Sat Feb  3 11:02:00 2024\n")
            body = message.as_bytes().replace(b"\nFrom here", b"\n>From here")
            out.write(body.rstrip(b"\n") + b"\n\n")
    result = ingest.read(path)
    assert result.failure is None
    assert [d.title for d in result.documents] == ["Eins", "Zwei", "Drei", "Eins"]
    assert [d.locator for d in result.documents] == [
        "reply-1@example.org",
        "zwei@example.org",
        "#2",
        "#3",
    ]
    assert "From here on it is body." in result.documents[0].sections[0].text
    assert all(d.source_path == str(path.absolute()) for d in result.documents)


@needs_corpora
def test_extensionless_mbox_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "Inbox"
    source = (MAIL / "insert" / "mbox-attachment.eml").read_bytes()
    path.write_bytes(source + b"\n" + source)
    result = ingest.read(path)
    assert result.failure is None
    assert [d.locator for d in result.documents] == ["87k0e9o0pu.fsf@tethera.net", "#1"]


def test_html_reply_quotes_are_dropped_for_embedding(tmp_path: Path) -> None:
    message = make_message()
    message.set_content(
        '<div dir="ltr">Ja, Donnerstag passt.</div><div class="gmail_quote">'
        "<div>Am Mo., 5. Feb. 2024 um 10:00 Uhr schrieb Bob &lt;bob@example.org&gt;:</div>"
        "<blockquote><div>Kannst du Donnerstag?</div><blockquote>Alte Frage</blockquote>"
        "</blockquote></div>",
        subtype="html",
    )
    (body,) = read_one(write_message(tmp_path, message)).sections
    assert body.text == "Ja, Donnerstag passt."
    assert "> Kannst du Donnerstag?" in body.display_text
    assert "> > Alte Frage" in body.display_text
