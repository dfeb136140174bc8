"""The source viewer on mail: the whole thread in order, the hit open, marked and in view, the
others one line each; a note as before; the thread place on evidence cards. Headless, with
the fake embedder and no answer model (what is checked is the viewer, not the ranking)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import Markdown, Static

from assistant.config import Config, load_config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from assistant.runtime.session import Session
from store import Hit, SearchMode, ThreadPlace
from tests.fakes import FakeEmbedder, make_hit
from tests.mail_thread import SUBJECT, write_thread
from tests.thread_columns import assert_threaded
from tests.tui.tui_helpers import settle, wait_until
from tui.app import AssistantApp
from tui.highlight import card
from tui.screens.source import SourceScreen
from tui.widgets.message import MessageView


def _config(tmp_path: Path) -> Config:
    env = {"ASSISTANT_HOME": str(tmp_path / "home"), "ASSISTANT_MODELS": str(tmp_path / "none")}
    return load_config(env)


def _index(config: Config, folder: Path, thread: list[Path]) -> None:
    add_root(config, folder)
    with open_index(config) as index:
        assert run_sync(config, index, FakeEmbedder()).documents_indexed >= len(thread)
    assert_threaded(config.paths.database, [str(path) for path in thread])


def _hit(config: Config, words: str) -> Hit:
    with open_index(config) as index:
        hits = index.search(None, words, k=1, mode=SearchMode.FTS)
    assert hits, f"nothing found for {words}"
    return hits[0]


def _app(config: Config) -> AssistantApp:
    session = Session(config, query_embedder=FakeEmbedder(), index_embedder=FakeEmbedder())
    return AssistantApp(config, session, watch=False, sync_on_start=False)


def _text(view: MessageView, part: str) -> str:
    return str(view.query_one(part, Static).render())


async def test_a_mail_opens_as_its_thread_with_the_hit_open_and_marked(tmp_path: Path) -> None:
    config = _config(tmp_path)
    paths = write_thread(tmp_path / "mail")
    _index(config, tmp_path / "mail", paths)
    hit = _hit(config, "flower pot")
    assert hit.thread is not None and hit.thread.label == f"message 2 of 3 in '{SUBJECT}'"
    app = _app(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(SourceScreen(hit, 1))
        await settle(app, pilot)
        views = list(app.screen.query(MessageView))
        assert [v.document.key_text for v in views] == [str(p) for p in paths]
        assert [v.collapsed for v in views] == [True, False, True]
        assert [v.has_class("-asked") for v in views] == [False, True, False]
        assert app.focused is views[1]
        assert "> die Wartung der Heizung" in _text(views[1], ".message-text"), "quotes shown"
        assert "checklist.txt" in _text(views[1], ".message-text"), "the attachment too"
        assert "From: Jan Brenner" in _text(views[1], ".message-headers")
        assert _text(views[0], ".message-summary").startswith("  1/3 Anna Schmidt")
        assert _text(views[1], ".message-summary").startswith("▶ 2/3 Jan Brenner")
        assert not views[0].query_one(".message-text").display
        await pilot.press("shift+tab", "enter")  # the root, opened
        assert app.focused is views[0] and not views[0].collapsed
        assert views[0].query_one(".message-text").display
        await pilot.press("tab", "enter")  # the hit, closed
        assert views[1].collapsed


async def test_the_hit_deep_in_a_long_thread_is_scrolled_into_view(tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    paths = []
    for n in range(30):
        parent = f"In-Reply-To: <m{n - 1}@x.org>\n" if n else ""
        body = f"Antwort {n}: " + ("Wir reden über den Kessel. " * 12) + f"marker{n}"
        path = folder / f"{n:02d}.eml"
        path.write_text(
            f"From: Person {n} <p{n}@x.org>\nTo: list@x.org\nSubject: Re: Kessel\n"
            f"Message-ID: <m{n}@x.org>\n{parent}Date: Mon, 04 Nov 2024 {n // 2:02d}:00:00 +0000"
            f"\n\n{body}\n" + "\n".join(f"Zeile {i}" for i in range(30)) + "\n",
            encoding="utf-8",
        )
        paths.append(path.resolve())
    config = _config(tmp_path)
    _index(config, folder, paths)
    hit = _hit(config, "marker27")
    app = _app(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(SourceScreen(hit, 1))
        await settle(app, pilot)
        body = app.screen.query_one("#source-body")
        views = list(app.screen.query(MessageView))
        asked = views[27]
        assert asked.document.asked and sum(not v.collapsed for v in views) == 1
        assert body.scroll_y > 0
        assert body.region.y <= asked.region.y < body.region.bottom, "the hit is on screen"


async def test_a_note_shows_its_passage_as_before(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "haus.md").write_text("# Haus\n\nDer Schlüssel liegt unter dem Topf.\n")
    config = _config(tmp_path)
    add_root(config, folder)
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
    hit = _hit(config, "Schlüssel")
    app = _app(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(SourceScreen(hit, 1))
        await settle(app, pilot)
        assert not app.screen.query(MessageView)
        cited = app.screen.query_one("Markdown.cited", Markdown)
        assert "Der Schlüssel liegt unter dem Topf." in cited.source


async def test_a_mail_no_longer_indexed_keeps_its_passage_and_says_why(tmp_path: Path) -> None:
    config = _config(tmp_path)
    gone = make_hit("Der Flur ist fertig.", kind="mail", title="Boden",
                    source_path=str(tmp_path / "gone.eml"))  # fmt: skip
    app = _app(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(SourceScreen(gone, 1))

        def meta() -> str:
            return str(app.screen.query_one("#source-meta", Static).render())

        await wait_until(pilot, lambda: "showing the matching" in meta(), "the reason")
        assert not app.screen.query(MessageView)
        assert "no longer in the index" in meta()
        assert "Der Flur ist fertig." in str(app.screen.query_one("#source-text").render())


def test_evidence_cards_name_the_thread_place_of_threads_of_several() -> None:
    threaded = make_hit("Passt.", kind="mail", title="Re: Boiler", sender="Jan",
                        thread=ThreadPlace("t", "Boiler", 3, 6))  # fmt: skip
    alone = make_hit("Hi.", kind="mail", title="Solo", thread=ThreadPlace("u", "Solo", 1, 1))
    assert "Jan · undated · message 3 of 6 in 'Boiler'" in card(1, threaded, []).plain
    assert "in '" not in card(2, alone, []).plain and "starts" not in card(2, alone, []).plain
    root = make_hit("Start.", kind="mail", title="Boiler", thread=ThreadPlace("t", "Boiler", 1, 6))
    assert "starts 'Boiler' (6 messages)" in card(3, root, []).plain


async def test_a_notes_mtime_is_shown_as_modified_and_a_stated_date_plain(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    saved = datetime(2021, 6, 3, 12, 0, tzinfo=UTC).timestamp()
    for name, text in {
        "haus.md": "# Haus\n\nDer Schlüssel liegt unter dem Topf.\n",
        "饺子.md": "# 饺子馅 2022年1月29日\n\n猪肉白菜，过年包饺子。\n",
    }.items():
        (folder / name).write_text(text, encoding="utf-8")
        os.utime(folder / name, (saved, saved))
    config = _config(tmp_path)
    add_root(config, folder)
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
    for words, shown in (("Schlüssel", "modified 2021-06-03"), ("饺子", "2022-01-29")):
        hit = _hit(config, words)
        assert shown in str(card(1, hit, [words]))
        app = _app(config)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.push_screen(SourceScreen(hit, 1))
            await settle(app, pilot)
            meta = str(app.screen.query_one("#source-meta", Static).render())
            assert shown in meta, meta
            assert ("modified" in meta) == shown.startswith("modified")
