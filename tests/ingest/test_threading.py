"""JWZ threading on precise cases: missing parents, loops, disagreeing headers, subjects,
Outlook replies that name no parent, and copies of one message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ingest.documents import Origin
from ingest.mail_header_block import normalized_subject
from ingest.thread_fallback import distinctive_subject, is_reply_subject, same_person
from ingest.threading import ThreadMail, ThreadSlot, place_mails

START = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)


def mail(
    number: int,
    subject: str = "Heizung im Keller",
    *,
    minutes: float = 0,
    replies_to: str | None = None,
    refs: tuple[str, ...] = (),
    sender: str = "Ina Becker <ina@example.de>",
    origin: Origin | None = None,
    message_id: str | None = "",
) -> ThreadMail:
    return ThreadMail(
        document_id=number,
        stable_id=f"/mail/{number}.eml",
        message_id=f"m{number}@example.de" if message_id == "" else message_id,
        in_reply_to=replies_to,
        references=refs,
        subject=subject,
        subject_key=normalized_subject(subject),
        date=(START + timedelta(minutes=minutes)).timestamp(),
        sender=sender,
        reply_origin=origin,
    )


def shape(slots: dict[int, ThreadSlot]) -> dict[int, tuple[int | None, int, int]]:
    """{document: (parent, position, size)}."""
    return {doc: (s.parent, s.position, s.size) for doc, s in slots.items()}


def threads_of(slots: dict[int, ThreadSlot]) -> list[list[int]]:
    """The documents of each thread in thread order, threads by their first document."""
    by_key: dict[str, list[ThreadSlot]] = {}
    for slot in slots.values():
        by_key.setdefault(slot.key, []).append(slot)
    ordered = [sorted(group, key=lambda s: s.position) for group in by_key.values()]
    return sorted([[s.document_id for s in group] for group in ordered])


def test_replies_follow_their_parents_and_siblings_go_by_date() -> None:
    slots = place_mails(
        [
            mail(4, "Re: Heizung im Keller", minutes=30, replies_to="m2@example.de",
                 refs=("m1@example.de", "m2@example.de")),
            mail(1, minutes=0),
            mail(3, "Re: Heizung im Keller", minutes=20, replies_to="m1@example.de",
                 refs=("m1@example.de",)),
            mail(2, "Re: Heizung im Keller", minutes=10, replies_to="m1@example.de",
                 refs=("m1@example.de",)),
        ]
    )  # fmt: skip
    assert shape(slots) == {1: (None, 1, 4), 2: (1, 2, 4), 4: (2, 3, 4), 3: (1, 4, 4)}


def test_a_missing_parent_still_joins_its_replies_and_the_key_survives_its_arrival() -> None:
    replies = [
        mail(2, "Re: Heizung", minutes=10, replies_to="gone@example.de", refs=("gone@example.de",)),
        mail(3, "Re: Heizung", minutes=5, replies_to="gone@example.de", refs=("gone@example.de",)),
    ]
    without = place_mails(replies)
    assert shape(without) == {3: (None, 1, 2), 2: (None, 2, 2)}
    original = mail(1, "Heizung", minutes=0, message_id="gone@example.de")
    with_it = place_mails([*replies, original])
    assert shape(with_it) == {1: (None, 1, 3), 3: (1, 2, 3), 2: (1, 3, 3)}
    assert with_it[2].key == without[2].key, "a thread keeps its key as it fills in"


def test_a_missing_middle_message_leaves_the_reply_under_the_nearest_indexed_ancestor() -> None:
    slots = place_mails(
        [
            mail(1),
            mail(3, "Re: Heizung im Keller", minutes=20, replies_to="m2@example.de",
                 refs=("m1@example.de", "m2@example.de")),
        ]
    )  # fmt: skip
    assert shape(slots) == {1: (None, 1, 2), 3: (1, 2, 2)}


def test_a_loop_of_two_keeps_the_older_on_top() -> None:
    slots = place_mails(
        [
            mail(1, minutes=0, replies_to="m2@example.de", refs=("m2@example.de",)),
            mail(2, minutes=5, replies_to="m1@example.de", refs=("m1@example.de",)),
        ]
    )
    assert shape(slots) == {1: (None, 1, 2), 2: (1, 2, 2)}


def test_a_loop_of_three_is_broken_once() -> None:
    slots = place_mails(
        [
            mail(1, minutes=0, replies_to="m3@example.de"),
            mail(2, minutes=5, replies_to="m1@example.de"),
            mail(3, minutes=9, replies_to="m2@example.de"),
        ]
    )
    assert shape(slots) == {1: (None, 1, 3), 2: (1, 2, 3), 3: (2, 3, 3)}


def test_a_mail_that_names_itself_stands_alone() -> None:
    slots = place_mails([mail(1, replies_to="m1@example.de", refs=("m1@example.de",))])
    assert shape(slots) == {1: (None, 1, 1)}


def test_in_reply_to_wins_when_references_disagree() -> None:
    # The child's References name a mistyped root; its In-Reply-To names the real one.
    slots = place_mails(
        [
            mail(1, "root message"),
            mail(2, "child message", minutes=10, replies_to="m1@example.de",
                 refs=("m1-typo@example.de",)),
            mail(3, "grand-child message", minutes=20, replies_to="m2@example.de",
                 refs=("m2@example.de", "m1@example.de")),
        ]
    )  # fmt: skip
    assert shape(slots) == {1: (None, 1, 3), 2: (1, 2, 3), 3: (2, 3, 3)}


def test_a_word_in_place_of_an_id_joins_nothing() -> None:
    # git send-email writes the answer to its prompt when misused: "In-Reply-To: yes".
    slots = place_mails(
        [
            mail(1, "[PATCH 1/2] lib: add flags", replies_to="yes", refs=("yes",)),
            mail(2, "[RFC][PATCH 01/10] cifs: add caching", replies_to="yes", refs=("yes",)),
        ]
    )
    assert threads_of(slots) == [[1], [2]]


def test_header_less_replies_join_by_subject_in_english_german_and_chinese() -> None:
    slots = place_mails(
        [
            mail(1, "Heizung im Keller", minutes=0),
            mail(2, "Re: Heizung im Keller", minutes=60, message_id=None),
            mail(3, "AW: Heizung im Keller", minutes=120),
            mail(4, "回复：Heizung im Keller", minutes=180),
            mail(5, "WG: Heizung im Keller", minutes=240),  # a forward starts its own thread
        ]
    )
    assert threads_of(slots) == [[1, 2, 3, 4], [5]]
    assert shape(slots)[4] == (1, 4, 4)


def test_subject_grouping_needs_a_distinctive_subject_and_a_recent_thread() -> None:
    slots = place_mails(
        [
            mail(1, "patch", minutes=0),
            mail(2, "Re: patch", minutes=10),
            mail(3, "Frage", minutes=0),
            mail(4, "AW: Frage", minutes=10),
            mail(5, "问题", minutes=0),
            mail(6, "回复: 问题", minutes=10),
            mail(7, "Budget für das dritte Quartal", minutes=0),
            mail(8, "AW: Budget für das dritte Quartal", minutes=200 * 24 * 60),
        ]
    )
    assert threads_of(slots) == [[1], [2], [3], [4], [5], [6], [7], [8]]


def test_a_reply_with_headers_never_joins_by_subject_alone() -> None:
    slots = place_mails(
        [
            mail(1, "Heizung im Keller"),
            mail(2, "Re: Heizung im Keller", minutes=9, replies_to="other@example.de"),
        ]
    )
    assert threads_of(slots) == [[1], [2]]


def test_two_header_less_mails_of_one_subject_that_are_not_replies_stay_apart() -> None:
    slots = place_mails([mail(1, "root message"), mail(2, "root message", minutes=0)])
    assert threads_of(slots) == [[1], [2]]


def test_an_outlook_reply_finds_the_mail_it_quotes_by_sender_and_date() -> None:
    quoted = Origin("Becker, Ina", START + timedelta(minutes=10), "Heizung im Keller")
    slots = place_mails(
        [
            mail(1, minutes=0),
            mail(2, minutes=10, subject="Heizung im Keller"),  # the one quoted: Ina at 09:10
            mail(3, minutes=10, sender="Jan Brenner <jan@example.de>"),
            mail(4, "AW: Heizung im Keller", minutes=90, sender="Jan Brenner <jan@example.de>",
                 origin=quoted),
        ]
    )  # fmt: skip
    assert slots[4].parent == 2
    assert slots[4].key == slots[2].key


def test_an_outlook_sent_time_in_local_time_matches_across_the_zone_offset() -> None:
    # "Gesendet: Montag, 4. März 2024 10:10" in Berlin is 09:10 UTC; read naive as 10:10 UTC.
    quoted = Origin("Ina Becker", START + timedelta(minutes=70), "")
    slots = place_mails(
        [
            mail(1, "Zählerstand", minutes=10),
            mail(2, "AW: Zählerstand", minutes=200, sender="jan@example.de", origin=quoted),
        ]
    )
    assert slots[2].parent == 1


def test_an_outlook_reply_by_someone_else_is_not_matched_by_date() -> None:
    quoted = Origin("Carla Stein <carla@example.de>", START + timedelta(minutes=10), "")
    slots = place_mails(
        [
            mail(1, "Zählerstand", minutes=10),
            mail(2, "Neue Frage zum Zählerstand", minutes=60, origin=quoted),
        ]
    )
    assert threads_of(slots) == [[1], [2]]


def test_an_outlook_reply_without_a_quoted_date_matches_by_quoted_subject() -> None:
    quoted = Origin("Ina Becker", None, "Angebot Dachdecker")
    slots = place_mails(
        [
            mail(1, "Angebot Dachdecker", minutes=0),
            mail(2, "Angebot Dachdecker", minutes=30),
            mail(3, "Angebot Dachdecker", minutes=30, sender="Carla <carla@example.de>"),
            mail(4, "Antwort", minutes=90, sender="jan@example.de", origin=quoted),
        ]
    )
    assert slots[4].parent == 2, "the latest earlier mail of that subject by the quoted sender"


def test_copies_of_one_message_share_its_place_and_count_once() -> None:
    copy = ThreadMail(
        document_id=9, stable_id="/archive/copy.eml", message_id="m2@example.de",
        in_reply_to="m1@example.de", references=("m1@example.de",),
        subject="Re: Heizung im Keller", subject_key="heizung im keller",
        date=(START + timedelta(minutes=10)).timestamp(), sender="Ina Becker <ina@example.de>",
    )  # fmt: skip
    slots = place_mails(
        [
            mail(1),
            mail(2, "Re: Heizung im Keller", minutes=10, replies_to="m1@example.de"),
            copy,
            mail(3, "Re: Heizung im Keller", minutes=20, replies_to="m2@example.de"),
        ]
    )
    # The first copy by key (/archive/ before /mail/) is the one replies hang under.
    assert shape(slots) == {1: (None, 1, 3), 2: (1, 2, 3), 9: (1, 2, 3), 3: (9, 3, 3)}


def test_undated_mail_goes_last_among_its_siblings() -> None:
    undated = ThreadMail(5, "/mail/5.eml", "m5@example.de", "m1@example.de", (), "Re: x y")
    slots = place_mails([mail(1), undated, mail(2, "Re: x", minutes=5, replies_to="m1@example.de")])
    assert shape(slots) == {1: (None, 1, 3), 2: (1, 2, 3), 5: (1, 3, 3)}


def test_reply_subjects_and_people() -> None:
    for subject in ("Re: Boiler", "AW: Heizung", "SV: Möte", "回复：会议纪要", "答复: 问题",
                    "[list] Re: x", "'Re: Draft EVS-8a'", "RE[2]: Angebot"):  # fmt: skip
        assert is_reply_subject(subject), subject
    for subject in ("Fwd: Boiler", "WG: Heizung", "Regeln für den Keller", "Antwort"):
        assert not is_reply_subject(subject), subject
    assert distinctive_subject("heizung im keller") and distinctive_subject("会议纪要修改")
    assert not distinctive_subject("patch") and not distinctive_subject("问题")
    assert same_person("Becker, Ina", "Ina Becker <ina.becker@example.de>")
    assert same_person("ina.becker@example.de", "Becker, Ina")
    assert same_person("Ina Becker [mailto:ina@example.de]", "I. B. <ina@example.de>")
    assert not same_person("Ina Becker <ina@example.de>", "Ina Becker <ina@other.org>")
    assert same_person("张伟 <zhang@example.cn>", "张伟")
