"""The content fingerprint of mail: copies of one message share it, two mails never do."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

import ingest
from ingest.documents import Document
from ingest.mail import message_document
from ingest.mail_fingerprint import mail_fingerprint, normalized_body, subject_key
from tests.ingest.ingest_helpers import MAIL
from tests.support import needs_corpora

DUPLICATES = MAIL / "duplicate"
BODY = (
    "Hallo Ina,\n\nder Estrich im Keller ist trocken, die Dielen kommen am Montag.\n"
    "Bitte lass die Tür zum Heizungsraum offen.\n\n-- \nBernd Becker\n"
)


def mail(
    body: str = BODY,
    *,
    sender: str = "Bernd Becker <bernd@example.org>",
    subject: str = "Dielen im Keller",
    date: str = "Mon, 04 Mar 2024 10:40:10 +0100",
    message_id: str = "<dielen@example.org>",
    extra_headers: str = "",
) -> Document:
    raw = (
        f"From: {sender}\nTo: ina@example.org\nSubject: {subject}\nDate: {date}\n"
        f"Message-ID: {message_id}\n{extra_headers}Content-Type: text/plain; charset=utf-8\n\n"
        f"{body}"
    )
    return message_document(raw.encode(), "/m/x.eml")


def fingerprint(**fields: str) -> str | None:
    return mail_fingerprint(mail(**fields))


def read(path: Path) -> Document:
    (document,) = ingest.read(path).documents
    return document


@needs_corpora
def test_the_notmuch_duplicate_corpus_copies_share_a_fingerprint() -> None:
    """msg-1: a debbugs resend adds "Bug#691896:" to the subject and a blank line; msg-3: five
    copies, four subjects (list tag, another bug number), three list footers (one in a MIME
    part of its own). The Message-ID set aside, the content alone says they are one mail."""
    groups: dict[str, set[str | None]] = defaultdict(set)
    for path in sorted(DUPLICATES.iterdir()):
        groups[path.name.split("-")[1]].add(mail_fingerprint(read(path)))
    assert len(groups["1"]) == 1 and len(groups["3"]) == 1
    assert None not in groups["1"] | groups["3"]
    assert groups["1"] != groups["3"]


@needs_corpora
def test_the_two_bodies_under_one_message_id_are_different_content() -> None:
    """msg-2's copies share a Message-ID but end in "# body 1" and "# body 2": by content they
    are two mails (the Message-ID alone makes them duplicates in the index)."""
    first, second = (read(DUPLICATES / f"msg-2-{n}:2,") for n in (1, 2))
    assert first.message_id == second.message_id
    assert mail_fingerprint(first) != mail_fingerprint(second)


@needs_corpora
def test_no_two_mails_of_the_real_corpora_collide() -> None:
    """Across every real mail (LKML, 3GPP archives, notmuch corpora), mails with different
    Message-IDs never share a fingerprint, except two notmuch fixtures built to be the same
    mail: one sender, Date, subject and body; only their MIME signature parts differ."""
    ids_of: dict[str, set[str | None]] = defaultdict(set)
    for path in sorted(p for p in MAIL.rglob("*") if p.is_file() and ingest.supported(p)):
        for document in ingest.read(path).documents:
            found = mail_fingerprint(document)
            if found is not None:
                ids_of[found].add(document.message_id)
    shared = [ids for ids in ids_of.values() if len(ids) > 1]
    same_by_design = {
        "signed-protected-header@crypto.notmuchmail.org",
        "simple-signed-mail@crypto.notmuchmail.org",
    }
    assert shared == [same_by_design]
    assert len(ids_of) > 300


def test_a_copy_under_another_message_id_has_the_same_fingerprint() -> None:
    assert fingerprint() == fingerprint(message_id="<export-0001@exchange.example.org>")


def test_line_wrapping_whitespace_and_rewrapped_quotes_do_not_count() -> None:
    quoted = "Ina schrieb:\n> Kommen die Dielen am Montag oder erst am Dienstag?\n\nAm Montag.\n"
    rewrapped = (
        "Ina schrieb:\n>  Kommen die Dielen am Montag\n> oder erst am Dienstag?\n\n\nAm Montag.  \n"
    )
    assert fingerprint(body=quoted) == fingerprint(body=rewrapped)
    wrapped = BODY.replace("trocken, die", "trocken,\ndie").replace("\n\n", "\n \n")
    assert fingerprint() == fingerprint(body=wrapped)


@pytest.mark.parametrize(
    ("tag", "footer"),
    [
        ("[haus]", "_______________________________________________\nhaus mailing list\n"
         "haus@lists.example.org\nhttps://lists.example.org/listinfo/haus\n"),
        ("[Haus-Liste]", "-- \nSie erhalten diese Nachricht über die Mailingliste haus.\n"
         "Zum Abmelden eine Mail an haus-leave@example.org.\n"),
        ("[装修]", "--\n装修邮件列表 zhuangxiu@lists.example.cn\n退订请发邮件至 "
         "zhuangxiu-leave@lists.example.cn\n"),
    ],
)  # fmt: skip
def test_the_list_copy_matches_the_personal_copy(tag: str, footer: str) -> None:
    """The list's copy: a subject tag, a footer (English, German, Chinese lists), and a
    Message-ID of the archive's."""
    listed = fingerprint(
        subject=f"{tag} Dielen im Keller",
        body=BODY + "\n" + footer,
        message_id="<archive-77@lists.example.org>",
    )
    assert listed == fingerprint()


def test_a_signature_is_content_and_only_a_list_footer_is_cut() -> None:
    assert normalized_body(BODY).endswith("-- Bernd Becker")
    assert normalized_body(BODY + "\n-- \nhaus mailing list\n") == normalized_body(BODY)
    assert fingerprint() != fingerprint(body=BODY.replace("Bernd Becker", "Bernd"))
    quoted_footer = "> ____\n> haus mailing list\n\nMeine Antwort steht hier unten.\n"
    assert "Meine Antwort" in normalized_body(quoted_footer), "a quoted footer is not the end"


def test_seconds_and_the_written_zone_do_not_count_but_the_minute_does() -> None:
    assert fingerprint() == fingerprint(date="Mon, 04 Mar 2024 10:40:00 +0100")
    assert fingerprint() == fingerprint(date="Mon, 04 Mar 2024 09:40:10 +0000")
    assert fingerprint() != fingerprint(date="Mon, 04 Mar 2024 10:41:10 +0100")


def test_the_sender_is_the_address_not_the_display_name() -> None:
    assert fingerprint() == fingerprint(sender='"Becker, Bernd" <Bernd@Example.org>')


def test_subject_prefixes_list_tags_and_tracker_tags_do_not_count() -> None:
    for subject in (
        "Re: Dielen im Keller",
        "AW: [haus] Dielen im Keller",
        "回复：Dielen im Keller",
    ):
        assert subject_key(subject) == "dielen im keller"
    assert subject_key("Bug#691896: [87ea161] Fix it") == subject_key("[87ea161] Fix it")


def test_plus_one_from_two_people_does_not_collide() -> None:
    ina = fingerprint(body="+1\n", sender="Ina <ina@example.org>")
    ben = fingerprint(body="+1\n", sender="Ben <ben@example.org>")
    assert ina != ben


def test_one_senders_two_mails_in_one_minute_do_not_collide() -> None:
    first = fingerprint(body="Die Dielen kommen am Montag.\n")
    second = fingerprint(body="Die Dielen kommen am Dienstag.\n", message_id="<other@example.org>")
    assert first != second
    other_thread = fingerprint(subject="Heizung tropft", message_id="<h@example.org>")
    assert other_thread != fingerprint()


def test_the_same_short_reply_to_two_mails_differs_by_what_it_quotes() -> None:
    """ "+1" twice in one minute from one sender in one thread: each quotes its own mail."""
    to_ina = fingerprint(body="> Montag passt mir.\n\n+1\n", subject="Re: Termin")
    to_ben = fingerprint(body="> Dienstag passt mir.\n\n+1\n", subject="Re: Termin")
    assert to_ina != to_ben


def test_attachments_do_not_count() -> None:
    """Archives scrub attachments: the copy without one is the same mail."""
    boundary = "b1"
    with_attachment = (
        f"--{boundary}\nContent-Type: text/plain; charset=utf-8\n\n{BODY}\n--{boundary}\n"
        'Content-Type: text/plain; name="plan.txt"\nContent-Disposition: attachment; '
        'filename="plan.txt"\n\nKeller: 24 m2 Eiche.\n'
        f"--{boundary}--\n"
    )
    document = message_document(
        (
            "From: Bernd Becker <bernd@example.org>\nTo: ina@example.org\n"
            "Subject: Dielen im Keller\nDate: Mon, 04 Mar 2024 10:40:10 +0100\n"
            f'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="{boundary}"\n\n'
            + with_attachment
        ).encode(),
        "/m/y.eml",
    )
    assert any(s.heading.startswith("attachment: ") for s in document.sections)
    assert mail_fingerprint(document) == fingerprint()


def test_too_little_to_go_on_gives_no_fingerprint() -> None:
    no_date = message_document(b"From: a@example.org\nSubject: x\n\nHallo.\n", "/m/a.eml")
    no_sender = message_document(
        b"Subject: x\nDate: Mon, 04 Mar 2024 10:40:10 +0100\n\nHallo.\n", "/m/b.eml"
    )
    assert mail_fingerprint(no_date) is None and mail_fingerprint(no_sender) is None
    assert fingerprint(body="\n\n") is None
    encrypted = mail(body="-----BEGIN PGP MESSAGE-----\n\nhQEMA1234\n-----END PGP MESSAGE-----\n")
    assert mail_fingerprint(encrypted) is None, "the notice says nothing of the content"


def test_dates_at_the_ends_of_the_calendar_are_fingerprinted() -> None:
    """9999-12-31 23:59 at -0500 is a year 10000 in UTC, which no datetime holds."""
    late = fingerprint(date="Fri, 31 Dec 9999 23:59:59 -0500")
    early = fingerprint(date="Mon, 01 Jan 0001 00:00:00 +0000")
    assert late is not None and early is not None and late != early
