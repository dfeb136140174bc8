"""Retrieval for thread questions over a small index: the asked member of the thread leads.

The thread columns are written with `write_thread` (tests/store/store_helpers.py), a stand-in
for the threading step that fills them after a sync. The fake embedder's vectors are random, so
every mail of a thread carries its subject words in its chunk title: full-text search is what
makes the thread's mails the best hits, as the right topic does with the real model.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.ask.analysis import Analysis
from assistant.ask.retrieval import retrieve
from assistant.ask.thread_cues import ThreadCue
from assistant.ask.threads import pick, thread_of
from assistant.runtime.embedder import DocumentText
from store import ChunkRecord, DocumentRecord, Index, ThreadPlace
from tests.fakes import FakeEmbedder, make_hit
from tests.store.store_helpers import chunk_hash, write_thread

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
JONATHAN = "Jonathan Cameron <jic23@kernel.org>"
PETER = "Peter Zijlstra <peterz@infradead.org>"
INGO = "Ingo Molnar <mingo@kernel.org>"
INA = "Ina Krüger <ina@example.de>"
JAN = "Jan Brenner <jan@x.org>"
SCHED = "sched: wakeup latency patch"
FIRMWARE = "firmware loader timeout"


def add_mail(
    index: Index, name: str, sender: str, to: str, subject: str, texts: list[str], day: int
) -> None:
    embedder = FakeEmbedder()
    chunks = [
        ChunkRecord(i, text, chunk_hash(text), title=subject, page=i or None, char_end=len(text))
        for i, text in enumerate(texts)
    ]
    vectors = embedder.embed_documents([DocumentText(c.text, c.title) for c in chunks])
    record = DocumentRecord(
        f"/mail/{name}.eml", "mail", title=subject, sender=sender, recipients=to,
        date=datetime(2026, 3, day, 9, tzinfo=UTC), message_id=f"{name}@example.org",
    )  # fmt: skip
    by_hash = {c.content_hash: v for c, v in zip(chunks, vectors, strict=True)}
    index.replace_document(record, chunks, by_hash, embedder.model_id)


@pytest.fixture
def mailbox(tmp_path: Path) -> Iterator[Index]:
    index = Index.open(tmp_path / "index.sqlite", dim=256, vector_type="float32")
    add_mail(index, "s1", JONATHAN, "lkml@vger.kernel.org", SCHED,
             ["This patch cuts the wakeup latency of the scheduler."], 1)  # fmt: skip
    add_mail(index, "s2", PETER, JONATHAN, "Re: " + SCHED,
             ["Looks good, but please split the wakeup change."], 2)  # fmt: skip
    add_mail(index, "s3", JONATHAN, PETER, "Re: " + SCHED,
             ["Will split it in v2, thanks for the review."], 3)  # fmt: skip
    add_mail(index, "s4", INGO, JONATHAN, "Re: " + SCHED,
             ["Applied v2 to the tip tree."], 5)  # fmt: skip
    add_mail(index, "f1", INA, "dev@example.de", FIRMWARE,
             ["The firmware loader times out after sixty seconds."], 4)  # fmt: skip
    add_mail(index, "f2", INA, "dev@example.de", "Re: " + FIRMWARE,
             ["Correction: it times out after thirty seconds."], 6)  # fmt: skip
    add_mail(index, "f3", JAN, INA, "Re: " + FIRMWARE,
             ["Raise the timeout in the loader config.", "Attached: the loader config as PDF."],
             7)  # fmt: skip
    add_mail(index, "tea", JAN, INA, "tea on friday", ["Tea on Friday at five?"], 8)
    write_thread(index, "sched", [f"/mail/s{i}.eml" for i in range(1, 5)])
    write_thread(index, "firmware", ["/mail/f1.eml", "/mail/f2.eml", "/mail/f3.eml"])
    yield index
    index.close()


def lead(index: Index, question: str, **options: object) -> str:
    found = retrieve(index, FakeEmbedder(), question, now=NOW, **options)  # type: ignore[arg-type]
    assert found.hits, question
    return Path(found.hits[0].source_path).stem


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who answered first on the sched wakeup latency patch?", "s2"),
        ("Wer hat zuerst auf den sched wakeup latency patch geantwortet?", "s2"),
        ("谁先回复了 sched wakeup latency patch？", "s2"),
        ("Who had the last word on the sched wakeup latency patch?", "s4"),
        ("Wer hatte das letzte Wort zum sched wakeup latency patch?", "s4"),
        ("sched wakeup latency patch 的最后一个回复是什么？", "s4"),
        ("Who started the thread about the sched wakeup latency patch?", "s1"),
        ("Wer hat den Thread zum sched wakeup latency patch begonnen?", "s1"),
        ("谁发起了 sched wakeup latency patch 的讨论？", "s1"),
        ("What did Jonathan reply to Peter about the sched wakeup latency patch?", "s3"),
        ("Was hat Jonathan Peter zum sched wakeup latency patch geantwortet?", "s3"),
        ("Jonathan怎么回复Peter的 sched wakeup latency patch？", "s3"),
        # The first reply is the starter's own correction; "who answered" wants someone else.
        ("Who replied about the firmware loader timeout?", "f3"),
        ("Wer hat zum firmware loader timeout geantwortet?", "f3"),
        ("谁回复了 firmware loader timeout？", "f3"),
        ("What was the first reply about the firmware loader timeout?", "f2"),
    ],
)
def test_the_asked_member_of_the_thread_leads(mailbox: Index, question: str, expected: str) -> None:
    assert lead(mailbox, question) == expected


def test_the_lead_is_noted_and_the_ordinary_hits_follow(mailbox: Index) -> None:
    found = retrieve(mailbox, FakeEmbedder(), "Who had the last word on the sched wakeup "
                     "latency patch?", now=NOW)  # type: ignore[arg-type]  # fmt: skip
    paths = [Path(h.source_path).stem for h in found.hits]
    assert paths[0] == "s4" and len(paths) == len(set(paths))
    assert {"s1", "s2", "s3"} <= set(paths)
    assert any(n.startswith("thread: Ingo Molnar") and "message 4 of 4" in n for n in found.notes)


def test_a_mail_and_its_attachment_are_one_source(mailbox: Index) -> None:
    found = retrieve(mailbox, FakeEmbedder(), "loader config", now=NOW)  # type: ignore[arg-type]
    f3 = [h for h in found.hits if h.source_path == "/mail/f3.eml"]
    assert len(f3) == 1


@pytest.mark.parametrize(
    "question",
    [
        "what did I send to Ina about tea",
        "was habe ich Ina zum tea geschickt",
        "我发给Ina的 tea 邮件",
    ],
)
def test_i_is_the_configured_me(mailbox: Index, question: str) -> None:
    found = retrieve(mailbox, FakeEmbedder(), question, now=NOW, me=("jan@x.org",))  # type: ignore[arg-type]
    assert {h.source_path for h in found.hits} == {"/mail/tea.eml", "/mail/f3.eml"}
    unset = retrieve(mailbox, FakeEmbedder(), question, now=NOW)  # type: ignore[arg-type]
    assert {h.source_path for h in unset.hits} == {"/mail/tea.eml", "/mail/f3.eml"}  # To: Ina
    assert any("[mail] me is not set" in line for line in unset.analysis.explanation)


def test_without_threads_the_plain_ranking_stands(tmp_path: Path) -> None:
    with Index.open(tmp_path / "plain.sqlite", dim=256, vector_type="float32") as index:
        add_mail(index, "a", PETER, JONATHAN, "Re: " + SCHED, ["Looks good."], 2)
        found = retrieve(index, FakeEmbedder(), "Who answered first on the sched patch?", now=NOW)  # type: ignore[arg-type]
    assert [h.source_path for h in found.hits] == ["/mail/a.eml"]
    assert any("none of the best hits belongs to a thread" in n for n in found.notes)


def test_the_thread_most_of_the_best_hits_are_in_wins() -> None:
    place = {key: ThreadPlace(key, key, 2, 3) for key in ("a", "b")}
    hits = [make_hit(chunk_id=i, thread=place[k]) for i, k in enumerate("abbb")]
    assert thread_of(hits) == place["b"]  # 1/2 + 1/3 + 1/4 beats 1
    assert thread_of([make_hit(thread=ThreadPlace("c", "c", 1, 1))]) is None  # a lone mail


def test_the_named_reply_needs_the_named_sender() -> None:
    members = [
        {"id": 1, "sender": JONATHAN, "recipients": "", "thread_parent": None, "date": 1},
        {"id": 2, "sender": PETER, "recipients": JONATHAN, "thread_parent": 1, "date": 2},
    ]
    asked = Analysis("q", sender="Ingo", thread=ThreadCue.REPLY_BY)
    assert pick(members, asked) == []
    first = Analysis("q", sender="Jonathan", thread=ThreadCue.FIRST_REPLY)
    assert [m["id"] for m in pick(members, first)] == [2]  # Jonathan posted; Peter answered


def member(doc_id: int, parent: int | None, subject: str, sender: str, day: int) -> dict:
    return {
        "id": doc_id, "thread_parent": parent, "subject_key": subject, "sender": sender,
        "recipients": "", "date": day,
    }  # fmt: skip


# A patch series: the cover letter, two patches below it, and the answers to each patch.
SERIES = [
    member(1, None, "[patch 0/2] cleanups", JONATHAN, 1),
    member(2, 1, "[patch 1/2] sched: fix", JONATHAN, 1),
    member(3, 1, "[patch 2/2] sched: tidy", JONATHAN, 1),
    member(4, 3, "[patch 2/2] sched: tidy", INGO, 2),  # the first answer in the whole thread
    member(5, 2, "[patch 1/2] sched: fix", PETER, 3),
    member(6, 5, "[patch 1/2] sched: fix", JONATHAN, 4),
    member(7, 2, "[patch 1/2] sched: fix", INGO, 5),
]


def ids(found: list) -> list[int]:
    return [int(m["id"]) for m in found]


def test_positions_count_inside_the_discussion_of_the_hit_not_the_whole_series() -> None:
    first = Analysis("q", thread=ThreadCue.FIRST_REPLY)
    last = Analysis("q", thread=ThreadCue.LAST_WORD)
    start = Analysis("q", thread=ThreadCue.START)
    assert ids(pick(SERIES, first, anchor_id=2)) == [5]  # not Ingo's answer to patch 2/2
    assert ids(pick(SERIES, last, anchor_id=2)) == [7]
    assert ids(pick(SERIES, start, anchor_id=6)) == [2]  # a hit on a reply climbs to its post
    assert ids(pick(SERIES, first)) == [2]  # no anchor: the whole thread, by date


def test_the_answers_to_the_posters_own_mail_when_the_question_names_the_poster() -> None:
    first = Analysis("q", thread=ThreadCue.FIRST_REPLY)
    assert ids(pick(SERIES, first, anchor_id=5, climb=False)) == [6]  # the answer to Peter
    assert ids(pick(SERIES, first, anchor_id=5)) == [5]  # climbing: the discussion's first


def test_only_hits_about_as_similar_as_the_best_vote_for_the_thread() -> None:
    series = ThreadPlace("series", "cleanups", 3, 100)
    alone = ThreadPlace("bug", "BUG() on bad input", 1, 4)
    hits = [make_hit(chunk_id=0, thread=alone, vector_distance=0.38)] + [
        make_hit(chunk_id=i, thread=series, vector_distance=0.5) for i in range(1, 5)
    ]
    assert thread_of(hits) == alone  # four patches 0.12 less similar do not outvote it
    close = [replace(h, vector_distance=0.4) if h.chunk_id else h for h in hits]
    assert thread_of(close) == series
