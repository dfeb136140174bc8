"""Showing a source in full: the mail read back from its file with its quotes and attachment,
its thread in order with the asked-for message marked, and the index's text when the file is
gone. A real three-mail thread (tests/mail_thread.py) indexed with the fake embedder."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ask.show import Shown, show_key, show_target
from assistant.ask.show_target import Choices, NotIndexed
from assistant.ask.show_text import indexed_sections
from assistant.config import Config
from assistant.indexing.service import open_index
from store import ChunkRecord, Index
from tests.mail_thread import ROOT, SUBJECT, index_thread, index_thread_mbox


@pytest.fixture
def keys(config: Config, tmp_path: Path) -> list[str]:
    return index_thread(config, tmp_path / "mail")


@pytest.fixture
def index(config: Config, keys: list[str]):
    with open_index(config) as opened:
        yield opened


def test_a_mail_is_shown_with_its_quotes_which_the_index_left_out(
    index: Index, keys: list[str]
) -> None:
    shown = show_key(index, keys[2], thread=False)
    document = shown.document
    assert document.from_file and not document.note
    assert "> That works, the key is under the flower pot." in document.text
    assert "好的，我们十二号见。" in document.text
    indexed = " ".join(chunk.text for chunk in index.chunks_of(keys[2]))
    assert "flower pot" not in indexed, "the index holds no quotes: the text came from the file"
    assert shown.messages == ()


def test_headers_fold_recipients_and_name_the_thread_place(index: Index, keys: list[str]) -> None:
    root = show_key(index, keys[0], thread=False).document
    assert root.sender == "Anna Schmidt <anna@waerme.example>"
    assert root.recipients == "Jan Brenner <jan@example.org>, Ina Vogel <ina@example.org>"
    assert root.date is not None and root.date.isoformat() == "2024-11-01T09:00:00+01:00"
    headers = dict(root.headers())
    assert headers["Subject"] == SUBJECT and headers["To"] == root.recipients
    assert headers["Thread"] == f"starts '{SUBJECT}' (3 messages)"
    assert dict(show_key(index, keys[1], thread=False).document.headers())["Thread"] == (
        f"message 2 of 3 in '{SUBJECT}'"
    )


def test_every_section_is_shown_the_attachment_under_its_heading(
    index: Index, keys: list[str]
) -> None:
    document = show_key(index, keys[1], thread=False).document
    headings = [section.heading for section in document.sections]
    assert headings == [f"Re: {SUBJECT}", "attachment: checklist.txt"]
    assert "── attachment: checklist.txt ──\nBoiler checklist" in document.text
    assert "> die Wartung der Heizung" in document.sections[0].text


def test_the_thread_comes_in_order_with_the_asked_for_message_marked(
    index: Index, keys: list[str]
) -> None:
    shown = show_key(index, keys[1], thread=True)
    assert [m.key_text for m in shown.messages] == keys
    assert [m.asked for m in shown.messages] == [False, True, False]
    assert shown.asked_index == 1 and shown.messages[1] == shown.document
    assert [m.thread.position for m in shown.messages if m.thread] == [1, 2, 3]
    assert {m.thread.subject for m in shown.messages if m.thread} == {SUBJECT}
    assert "Guten Tag Herr Brenner" in shown.messages[0].text
    assert "> That works" in shown.messages[2].text


def test_a_mail_not_threaded_yet_is_shown_alone(config: Config, tmp_path: Path) -> None:
    keys = index_thread(config, tmp_path / "mail", threaded=False)
    with open_index(config) as index:
        shown = show_key(index, keys[1], thread=True)
    assert shown.messages == () and shown.document.thread is None
    assert "flower pot" in shown.document.text


def test_a_file_gone_shows_the_indexed_text_and_says_so(index: Index, keys: list[str]) -> None:
    Path(keys[2]).unlink()
    shown = show_key(index, keys[1], thread=True)
    gone = shown.messages[2]
    assert not gone.from_file and "could not be read" in gone.note
    assert "好的，我们十二号见。" in gone.text and "flower pot" not in gone.text
    assert shown.messages[1].from_file, "the other members still come from their files"


def test_a_changed_file_is_shown_as_it_is_now_and_says_so(index: Index, keys: list[str]) -> None:
    Path(keys[0]).write_text(ROOT.replace("8 Uhr", "9 Uhr"), encoding="utf-8")
    document = show_key(index, keys[0], thread=False).document
    assert document.from_file and "9 Uhr" in document.text
    assert document.note == "the file changed since it was indexed"


@pytest.mark.parametrize(
    "typed",
    ["<reply1@example.org>", "reply1@example.org", " reply1@example.org "],
)
def test_a_message_id_finds_the_mail(index: Index, keys: list[str], typed: str) -> None:
    found = show_target(index, typed)
    assert isinstance(found, Shown) and found.document.key_text == keys[1]


def test_a_relative_path_finds_the_file(
    index: Index, keys: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(Path(keys[0]).parent)
    found = show_target(index, "./2-reply.eml", thread=True)
    assert isinstance(found, Shown) and found.asked_index == 1


@pytest.mark.parametrize("typed", ["/nowhere/x.eml", "nobody@nowhere", "Wartung", "  "])
def test_what_is_not_in_the_index_is_said_in_one_line(index: Index, typed: str) -> None:
    with pytest.raises(NotIndexed) as raised:
        show_target(index, typed)
    assert "\n" not in str(raised.value)


def test_an_mbox_path_lists_its_messages_to_pick_from(config: Config, tmp_path: Path) -> None:
    path = index_thread_mbox(config, tmp_path / "lists")
    with open_index(config) as index:
        choices = show_target(index, str(path))
        assert isinstance(choices, Choices) and len(choices.documents) == 3
        assert [c.title for c in choices.documents] == [
            SUBJECT,
            f"Re: {SUBJECT}",
            f"Re: Re: {SUBJECT}",
        ]
        picked = show_target(index, choices.documents[1].key_text)
    assert isinstance(picked, Shown) and "flower pot" in picked.document.text
    assert picked.document.key.locator is not None


def test_indexed_chunks_join_back_with_each_overlap_once() -> None:
    def chunk(ordinal: int, text: str, title: str = "Body") -> ChunkRecord:
        return ChunkRecord(ordinal, text, f"h{ordinal}", title)

    chunks = [
        chunk(0, "Der Boden ist fertig. Die Heizung kommt im Mai."),
        chunk(1, "Die Heizung kommt im Mai. 地板很好。"),
        chunk(2, "Page two.", "attachment: a.pdf"),
    ]
    sections = indexed_sections(chunks)
    assert [s.text for s in sections] == [
        "Der Boden ist fertig. Die Heizung kommt im Mai. 地板很好。",
        "Page two.",
    ]
    no_overlap = indexed_sections([chunk(0, "First part."), chunk(1, "Second part.")])
    assert no_overlap[0].text == "First part.\nSecond part."
