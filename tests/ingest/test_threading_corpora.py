"""Threads of real mail: notmuch's threading corpus, LKML threads and 3GPP list archives.

Every shape asserted here was read off the files' own headers (Message-ID, In-Reply-To,
References, Date) by hand; the comments say which headers make it so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from ingest_helpers import MAIL

import ingest
from ingest.documents import MAIL as MAIL_KIND
from ingest.documents import Document
from ingest.mail_header_block import normalized_subject
from ingest.threading import ThreadMail, ThreadSlot, place_mails
from tests.support import needs_corpora

pytestmark = needs_corpora


@dataclass
class Threaded:
    """A folder's mail, read and threaded: documents and their places by document number."""

    documents: list[Document]
    slots: dict[int, ThreadSlot]

    def find(self, title_start: str, sender: str = "", path_part: str = "") -> int:
        found = [
            number
            for number, doc in enumerate(self.documents)
            if doc.title.strip("'").startswith(title_start)
            and sender in doc.sender
            and path_part in doc.source_path
        ]
        assert len({self.documents[n].message_id for n in found}) == 1, (title_start, found)
        return found[0]  # the first of the copies of one message

    def thread(self, number: int) -> list[Document]:
        """The documents of `number`'s thread in thread order (copies of one message once)."""
        key = self.slots[number].key
        places = {s.position: n for n, s in self.slots.items() if s.key == key}
        return [self.documents[places[p]] for p in sorted(places)]


def threaded(folder: Path) -> Threaded:
    documents = [
        doc
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and ingest.supported(p))
        for doc in ingest.read(path).documents
        if doc.kind == MAIL_KIND
    ]
    mails = [_thread_mail(number, doc) for number, doc in enumerate(documents)]
    return Threaded(documents, place_mails(mails))


def _thread_mail(number: int, doc: Document) -> ThreadMail:
    return ThreadMail(
        document_id=number,
        stable_id=doc.key.text,
        message_id=doc.message_id,
        in_reply_to=doc.in_reply_to,
        references=doc.references,
        subject=doc.title,
        subject_key=normalized_subject(doc.title),
        date=doc.date.timestamp() if doc.date else None,
        sender=doc.sender,
        reply_origin=doc.reply_origin,
    )


@pytest.fixture(scope="module")
def notmuch_threading() -> Threaded:
    return threaded(MAIL / "threading")


@pytest.fixture(scope="module")
def lkml() -> Threaded:
    return threaded(MAIL / "lkml")


@pytest.fixture(scope="module")
def three_gpp() -> Threaded:
    return threaded(MAIL / "3gpp")


def test_in_reply_to_outranks_a_mistyped_references(notmuch_threading: Threaded) -> None:
    # parent-priority/child: In-Reply-To <B00-root@>, References <B00--root@> (a typo);
    # grand-child: In-Reply-To <B01-child@>, References listing child before root.
    mails = notmuch_threading
    root = mails.find("root message", path_part="parent-priority")
    child = mails.find("child message", path_part="parent-priority")
    grand_child = mails.find("grand-child message", path_part="parent-priority")
    assert [d.title for d in mails.thread(root)] == [
        "root message",
        "child message",
        "grand-child message",
    ]
    assert mails.slots[child].parent == root
    assert mails.slots[grand_child].parent == child


def test_a_fake_root_naming_a_missing_parent_lands_in_the_real_thread(
    notmuch_threading: Threaded,
) -> None:
    # ghost-root/fake-root: In-Reply-To a message nobody has, References real-root and child.
    mails = notmuch_threading
    real_root = mails.find("root message", path_part="ghost-root")
    child = mails.find("child message", path_part="ghost-root")
    fake_root = mails.find("fake root message")
    great = mails.find("great grand-child message")
    assert [d.title for d in mails.thread(real_root)] == [
        "root message",
        "child message",
        "fake root message",  # 16 Jun, before its siblings of 17 Jun
        "grand-child message",
        "great grand-child message",
        "grand-child message 2",
    ]
    assert mails.slots[fake_root].parent == child
    grand_child = mails.find("grand-child message", sender="Alice", path_part="ghost-root")
    assert mails.slots[great].parent == grand_child
    other_root = mails.find("root message", path_part="parent-priority")
    assert mails.slots[other_root].key != mails.slots[real_root].key, "same subject, two threads"


def test_a_never_indexed_ticket_id_joins_the_request_tracker_mails(
    notmuch_threading: Threaded,
) -> None:
    # The AutoReply names <RT-Ticket-33575@...> and Gregor's mail; Resolved names only the
    # ticket, which is no mail of the corpus.
    mails = notmuch_threading
    fyi = mails.find("FYI:")
    resolved = mails.find("[support", path_part="R6968667928580738175")
    thread = mails.thread(fyi)
    assert [d.sender.split("<")[0].strip() for d in thread] == [
        "Gregor Zattler",
        "via RT",
        "via RT",
    ]
    assert "AutoReply" in thread[1].title and "Resolved" in thread[2].title
    assert mails.slots[resolved].parent is None


def test_a_44_patch_series_with_its_replies_and_a_subthread_that_changed_subject(
    lkml: Threaded,
) -> None:
    cover = lkml.find("[PATCH 00/44] remove unnecessary semicolons")
    patch = re.compile(r"^(\[uml-user\] )?\[PATCH (0[1-9]|[1-4]\d)/44\]")
    patches = [n for n, d in enumerate(lkml.documents) if patch.match(d.title)]
    assert len(patches) == 44
    assert all(lkml.slots[n].parent == cover for n in patches), "In-Reply-To: <cover...>"
    assert lkml.slots[cover].position == 1
    # Michal Simek answered 02/44 (In-Reply-To its Message-ID), right after it in order.
    patch_2 = lkml.find("[PATCH 02/44]")
    simek = lkml.find("Re: [PATCH 02/44]", sender="Michal Simek")
    assert lkml.slots[simek].parent == patch_2
    assert lkml.slots[simek].position == lkml.slots[patch_2].position + 1
    # Joe's "rfc: rewrite commit subject line ..." answers Mark Brown's 16 Nov reply to 44/44.
    rfc = lkml.find("rfc: rewrite commit subject line", sender="Joe Perches")
    parent = lkml.documents[lkml.slots[rfc].parent or 0]
    assert parent.title.startswith("Re: [PATCH 44/44]") and "Mark Brown" in parent.sender
    assert lkml.slots[rfc].key == lkml.slots[cover].key
    # Pavel Machek's reply (17 Nov) to Joe's 15 Nov mail comes after that mail's whole subtree.
    pavel = lkml.find("Re: [PATCH 44/44]", sender="Pavel Machek")
    assert lkml.slots[pavel].position == lkml.slots[cover].size
    thread = lkml.thread(cover)
    assert len(thread) == lkml.slots[cover].size == len({d.message_id for d in thread})


def test_git_send_email_answering_yes_does_not_join_unrelated_series(lkml: Threaded) -> None:
    # Both series carry "In-Reply-To: yes" (git send-email's prompt, answered wrongly).
    notmuch_patch = lkml.find("[notmuch] [PATCH 1/2]")
    cifs_cover = lkml.find("[RFC][PATCH 00/10]")
    assert lkml.slots[notmuch_patch].key != lkml.slots[cifs_cover].key
    assert [d.title.split("]")[-1].strip()[:20] for d in lkml.thread(notmuch_patch)][:2] == [
        "lib/message: Add fun",
        "notmuch-new: Tag mai",
    ]


def test_3gpp_replies_without_in_reply_to_join_their_thread_by_subject(
    three_gpp: Threaded,
) -> None:
    # Thorsten Hertel's 18 Apr original; Ruixin Wang's caict.ac.cn "Re:" of 19 Apr and Nazmul
    # Islam's of 2 May carry no In-Reply-To (their clients wrote none); every Outlook reply
    # after them names its parent.
    mails = three_gpp
    original = mails.find("scaled channel model tables", sender="Thorsten Hertel")
    first_reply = mails.find("Re: scaled channel model tables", sender="Ruixin Wang")
    late_reply = mails.find("Re: scaled channel model tables", sender="Nazmul Islam")
    assert mails.documents[first_reply].in_reply_to is None
    assert mails.documents[late_reply].in_reply_to is None
    assert mails.slots[first_reply].parent == original
    assert mails.slots[late_reply].key == mails.slots[original].key
    thread = mails.thread(original)
    assert [d.sender.split()[0] for d in thread[:4]] == ["Thorsten", "Ruixin", "Thorsten", "Ruixin"]
    assert thread[3].title.strip("'").startswith("答复:")  # a Chinese Outlook's reply prefix
    assert len(thread) == 14


def test_3gpp_copies_of_one_message_in_one_archive_count_once(three_gpp: Threaded) -> None:
    # One of linhui's replies is in the MIMO OTA archive three times under one Message-ID.
    mails = three_gpp
    copies = [
        n
        for n, d in enumerate(mails.documents)
        if d.message_id and "Weighted RMS" in d.title and "linhui" in d.sender
    ]
    ids = {mails.documents[n].message_id for n in copies}
    places = {mails.slots[n].position for n in copies}
    assert len(places) == len(ids) < len(copies)
    original = mails.find("Weighted RMS Correlation Error", sender="Thorsten Hertel")
    assert mails.slots[original].size == len(mails.thread(original))
