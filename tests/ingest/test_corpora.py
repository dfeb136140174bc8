"""Every file of the shared mail and PDF corpora is read or refused with a reason, never raises.

These corpora were written by other projects (notmuch, py-pdf) to break readers: broken
headers, loops, encrypted and signed mail, odd PDFs. Each file is also chunked, so the
chunker sees everything the readers can produce.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from ingest_helpers import MAIL, PDFS, corpus_files, fake_count

import ingest
from ingest.documents import Origin
from ingest.scans import NO_TEXT_BY_OCR
from tests.support import needs_corpora

pytestmark = needs_corpora
MAIL_FILES = corpus_files(MAIL)
PDF_FILES = corpus_files(PDFS)
# The corpora's own documentation files, which are not mail or PDFs.
NOT_CORPUS = {"README", "LICENSE", "files.json", "README.md"}


def check_file(path: Path) -> ingest.ReadResult:
    result = ingest.read(path)
    assert result.kind in ("note", "mail", "pdf")
    if result.failure is not None:
        assert result.documents == ()
        assert result.failure.strip()
    else:
        assert result.documents
        for document in result.documents:
            assert document.source_path == str(path.absolute())
            assert len(document.content_hash) == 64
            for chunk in ingest.chunk(document, fake_count):
                assert 0 < chunk.token_count <= 1000
    return result


@pytest.mark.parametrize("path", MAIL_FILES, ids=lambda p: str(p.relative_to(MAIL)))
def test_every_mail_corpus_file(path: Path) -> None:
    result = check_file(path)
    if path.name in NOT_CORPUS:
        assert result.failure == "unsupported file type"
        return
    assert result.failure is None, result.failure
    assert result.kind == "mail"
    for document in result.documents:
        assert document.message_id, "every message in these corpora has a Message-ID"
        assert not any(note.startswith("malformed") for note in document.notes)


@pytest.mark.parametrize("path", PDF_FILES, ids=lambda p: str(p.relative_to(PDFS)))
def test_every_pdf_corpus_file(path: Path) -> None:
    result = check_file(path)
    if path.suffix != ".pdf":
        return
    assert result.kind == "pdf"
    expected_failures = {
        "libreoffice-writer-password.pdf": "encrypted",
        "imagemagick-ASCII85Decode.pdf": NO_TEXT_BY_OCR,
        "imagemagick-CCITTFaxDecode.pdf": NO_TEXT_BY_OCR,
        "imagemagick-lzw.pdf": NO_TEXT_BY_OCR,
        "grayscale-image.pdf": NO_TEXT_BY_OCR,
        "cmyk-image.pdf": NO_TEXT_BY_OCR,
        # Its page tree is broken beyond what pypdf's lenient mode repairs.
        "unreadablemetadata.pdf": "malformed PDF: PdfReadError: Invalid object in /Pages",
    }
    assert result.failure == expected_failures.get(path.name)


def test_lkml_duplicates_share_ids_and_threads() -> None:
    by_id: dict[str, set[str]] = {}
    for path in corpus_files(MAIL / "lkml"):
        (document,) = ingest.read(path).documents
        assert document.thread_id
        by_id.setdefault(document.message_id or "", set()).add(document.content_hash)
    assert len(by_id) < len(corpus_files(MAIL / "lkml")), "the lkml corpus repeats messages"


THREEGPP = MAIL / "3gpp"
EVS = THREEGPP / "3GPP_TSG_SA_WG4_EVS.mbox"
OTA = THREEGPP / "3GPP_TSG_RAN_WG4_NR-MIMO-OTA.mbox"
# What no message's embedded text may hold: quoted history, list footers and disclaimers,
# gateway banners, undecoded header words, archive page titles.
NOT_THE_WRITERS = re.compile(
    r"^\s*>|-{3,}\s*original message|^\s*(from|sent|发件人)\s*[:：]|unsubscribe|"
    r"confidential|originated from outside|=\?utf-8\?|LISTSERV - |^#{20,}",
    re.IGNORECASE | re.MULTILINE,
)


def mbox_messages(path: Path) -> dict[str, ingest.Document]:
    return {d.message_id or "": d for d in ingest.read(path).documents}


def embedded(document: ingest.Document) -> str:
    return "\n".join(section.text for section in document.sections)


def test_3gpp_every_message_is_read_with_sender_date_and_subject() -> None:
    evs, ota = ingest.read(EVS), ingest.read(OTA)
    assert len(evs.documents) == 50
    # 59 "From " lines: one message of the OTA archive is an Archived-At header and nothing else.
    assert len(ota.documents) == 58
    assert "1 other message(s) in this mbox could not be read" in ota.documents[0].notes
    for document in (*evs.documents, *ota.documents):
        assert document.sender and "@" in document.sender and "=?" not in document.sender
        assert document.date is not None
        assert document.title and not document.title.startswith("'")


def test_3gpp_embedded_text_is_only_the_writers_words() -> None:
    for path in (EVS, OTA):
        for document in ingest.read(path).documents:
            text = embedded(document)
            found = NOT_THE_WRITERS.search(text)
            assert found is None, (document.title, found and found.group(0))


def test_3gpp_outlook_reply_with_a_swedish_sent_date() -> None:
    messages = mbox_messages(EVS)
    reply = messages[
        "HE1PR0702MB36431C99F09F56144B855CF3FAC79@HE1PR0702MB3643.eurprd07.prod.outlook.com"
    ]
    assert reply.sender == "Tomas Toftgård <tomas.toftgard@ERICSSON.COM>"
    assert reply.title == "Re: Draft EVS-8a"
    text = embedded(reply)
    assert text.startswith("Hi Milan,\n\nThanks for the clarification")
    assert text.endswith("Best regards,\nTomas")
    assert "The skeleton is the structure" in reply.sections[0].display_text
    # "From: Milan Jelinek <...>  Sent: den 26 augusti 2021 20:42" under -----Original Message-----
    assert reply.reply_origin == Origin(
        "Milan Jelinek <Milan.Jelinek@USherbrooke.ca>",
        datetime(2021, 8, 26, 20, 42, tzinfo=UTC),
        "Re: Draft EVS-8a",
    )


def test_3gpp_bottom_quoted_reply_names_the_quoted_writer() -> None:
    reply = mbox_messages(EVS)["364608fb-05ec-10ac-c62e-3a663ddcc41a@USherbrooke.ca"]
    assert reply.reply_origin is not None
    assert reply.reply_origin.sender == "Tomas Toftgård"  # "On 2021-08-26 12:10, ... wrote:"
    assert reply.reply_origin.date == datetime(2021, 8, 26, 12, 10, tzinfo=UTC)
    text = embedded(reply)
    assert text.endswith("Best regards\nMilan") and "JELINEK" not in text


def test_3gpp_on_behalf_of_names_the_person() -> None:
    reply = mbox_messages(EVS)[
        "HE1PR0702MB36439AC3CD71874BE92BB78EFAC79@HE1PR0702MB3643.eurprd07.prod.outlook.com"
    ]
    # "From: 3GPP_TSG_SA_WG4_EVS <...> On Behalf Of Imre Varga / Sent: den 25 augusti 2021 15:07"
    assert reply.reply_origin is not None
    assert reply.reply_origin.sender == "Imre Varga"
    assert reply.reply_origin.date == datetime(2021, 8, 25, 15, 7, tzinfo=UTC)


def test_3gpp_outlook_forward_is_indexed_with_its_origin() -> None:
    forward = mbox_messages(EVS)["3D5BC8AE-B74A-4E64-8D94-1BFD370CF55C@qti.qualcomm.com"]
    assert forward.title.startswith("FW: [11.5, S4-210129")
    own, forwarded = forward.sections
    assert own.text.startswith("Dear EVS SWG Colleagues,")
    assert forwarded.text.startswith("Dear MTSI SWG Colleagues,\n\nI declare the email agreement")
    assert forwarded.heading.startswith("Forwarded message from Nikolai Leung")
    (origin,) = forward.forwarded
    assert origin.sender == "Nikolai Leung <nleung@QTI.QUALCOMM.COM>"
    assert origin.date == datetime(
        2021, 2, 1, 21, 35, tzinfo=UTC
    )  # "Monday, February 1, 2021 at 9:35 PM"
    assert forward.reply_origin is None


def test_3gpp_chinese_header_block_in_a_base64_body() -> None:
    reply = mbox_messages(OTA)["2019082914281470408218@caict.ac.cn"]
    # 发件人：Ruixin Wang / 发送时间：2019-08-29 11:35 / 主题：NR MIMO OTA- 2nd round online session
    assert reply.reply_origin == Origin(
        "Ruixin Wang",
        datetime(2019, 8, 29, 11, 35, tzinfo=UTC),
        "NR MIMO OTA- 2nd round online session",
    )
    assert embedded(reply).startswith("Just an update, the 2nd Round online session")
    assert "I have a talk with Xutao" not in embedded(reply)


def test_3gpp_headers_without_angle_brackets_and_encoded_names() -> None:
    messages = mbox_messages(OTA)
    kang = messages["51d91738e2814d1c85bb6233718f0f5f@mtkmbs02n1.mediatek.inc"]
    assert kang.sender == "Ting-Wei Kang 康庭維 <ting-wei.kang@MEDIATEK.COM>"
    wang = messages["028c01d4fa43$13f2d060$3bd87120$@caict.ac.cn"]
    assert wang.title == "答复: scaled channel model tables"
    assert wang.sender == "Ruixin WANG <wangruixin@CAICT.AC.CN>"


def test_3gpp_archive_flattened_html_mail_loses_its_quoted_thread() -> None:
    flat = mbox_messages(EVS)["20200527023606epcms1p636255d12590a047208538ca937a2b6dc@epcms1p6"]
    text = embedded(flat)
    assert text.startswith("Hello Teng, EVS, Video, and MTSI SWG colleagues,")
    assert text.endswith("Best regards,Kyunghun Jung")


def test_lkml_reply_keeps_only_the_answer_and_names_the_quoted_writer() -> None:
    path = MAIL / "lkml" / "cur" / "1354585346.000265:2,"
    (document,) = ingest.read(path).documents
    text = embedded(document)
    assert text.startswith("This function should interpret the flags")
    assert text.endswith("would simply be the inverse of 'unread'.")
    assert "notmuch_message_get_flags" in document.sections[0].display_text
    assert document.reply_origin is not None
    assert document.reply_origin.sender == "Stefan Schmidt <stefan@datenfreihafen.org>"


def test_lkml_and_default_embed_no_quoted_lines() -> None:
    for corpus in ("lkml", "default"):
        for path in corpus_files(MAIL / corpus):
            for document in ingest.read(path).documents:
                assert not re.search(r"^\s*>", embedded(document), re.MULTILINE), path
