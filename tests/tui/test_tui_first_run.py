"""A newcomer's first minutes in the app: the empty state, F1, the folders screen, the
confirmations before anything is deleted, and the 80x24 footer and status line.

No real model: the folder index is built from real files with the fake embedder, and the app
runs without its background workers (each test starts the worker it needs).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Footer, Markdown, OptionList, Static

from assistant.config import Config, load_config
from assistant.indexing.roots import add_root, load_roots
from assistant.indexing.service import open_index, run_sync
from assistant.runtime.session import Session
from tests.fakes import FakeEmbedder, make_hit
from tests.support import SAMPLES
from tests.tui.test_tui_snapshots import HITS, THREAD
from tests.tui.tui_helpers import settle, wait_until
from tui.app import AssistantApp, start_process_helper
from tui.messages import ModelsChanged, SyncProgress
from tui.screens.confirm import ConfirmScreen
from tui.screens.conversations import ConversationsScreen
from tui.screens.folders import FoldersScreen
from tui.screens.help import HelpScreen
from tui.screens.source import SourceScreen
from tui.widgets.empty_state import EmptyState
from tui.widgets.status_line import StatusLine


def fresh_config(tmp_path: Path) -> Config:
    return load_config({"ASSISTANT_HOME": str(tmp_path / "home")})


def fake_app(config: Config) -> AssistantApp:
    """The app around a session with fake embedders: the index is real, no model loads."""
    session = Session(config, query_embedder=FakeEmbedder(), index_embedder=FakeEmbedder())
    return AssistantApp(config, session, watch=False, background=False)


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[Config, Path]:
    """A home with the sample folder (notes, mail, a PDF) indexed by the fake embedder."""
    config, folder = fresh_config(tmp_path), tmp_path / "samples"
    shutil.copytree(SAMPLES, folder)
    add_root(config, folder)
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
    return config, folder.resolve()


def empty_text(app: AssistantApp) -> str:
    return app.main_screen.query_one(EmptyState).source


def screen_rows(app: AssistantApp) -> list[str]:
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


async def test_an_empty_home_says_how_to_add_a_folder(tmp_path: Path) -> None:
    app = fake_app(fresh_config(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        app.refresh_status()
        await settle(app, pilot)
        assert app.main_screen.has_class("-first-run")
        assert empty_text(app).startswith("No folders yet: press **F3** (or run `assistant add")
        assert "watched for changes" in empty_text(app)  # and what happens next
        assert any("No folders yet: press F3" in row for row in screen_rows(app))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who fixed the floor last time?", "No folders yet"),
        ("Wer hat zuletzt den Boden repariert?", "Noch keine Ordner"),
        ("上次是谁修的地板？", "还没有文件夹"),
    ],
)
async def test_a_question_without_folders_answers_how_to_add_one(
    tmp_path: Path, question: str, expected: str
) -> None:
    app = fake_app(fresh_config(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        app.main_screen.query_one("#question").value = question
        await pilot.press("enter")
        await settle(app, pilot)
        turn = app.main_screen.turns[0]
        assert turn.answer_text.startswith(expected) and "F3" in turn.answer_text
        assert "could not find" not in turn.answer_text
        assert not app.main_screen.has_class("-first-run")  # the chat shows the answer


async def test_f1_help_starts_with_the_empty_state(tmp_path: Path) -> None:
    app = fake_app(fresh_config(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = app.screen.query_one(Markdown).source
        assert (
            help_text.splitlines()[0]
            == "No folders yet: press **F3** (or run `assistant add PATH`)."
        )


async def test_first_indexing_shows_how_far_it_is(tmp_path: Path) -> None:
    config = fresh_config(tmp_path)
    add_root(config, SAMPLES)
    app = fake_app(config)
    async with app.run_test(size=(80, 24)) as pilot:
        app.refresh_status()
        await settle(app, pilot)
        request = app.session.claim_sync(None)  # a sync is running (the test plays its part)
        assert request is not None
        app.post_message(SyncProgress("notes/Haus.md", 120, 400))
        await pilot.pause()
        assert "Indexing your folders for the first time: 120 of 400 files…" in empty_text(app)
        assert app.main_screen.has_class("-first-run")


async def test_tab_completes_the_folder_path_and_lists_the_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = tmp_path / "tree"
    for name in ("Mail", "Maildir", "notes", "Notizen", "笔记"):
        (tree / name).mkdir(parents=True)
    monkeypatch.setenv("HOME", str(tree))
    app = fake_app(fresh_config(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        path_input = app.screen.query_one("#new-root")
        path_input.value = "~/Ma"
        await pilot.press("tab")
        await pilot.pause()
        assert path_input.value == f"{tree}/Mail"
        assert "Mail/  Maildir/" in str(app.screen.query_one("#folders-hint", Static).render())
        for typed, folder in (("~/no", "notes"), ("~/Noti", "Notizen"), ("~/笔", "笔记")):
            path_input.value = typed
            await pilot.press("tab")
            assert path_input.value == f"{tree}/{folder}/"
        assert app.screen.focused is path_input


def folder_rows(app: AssistantApp) -> list[str]:
    roots = app.screen.query_one("#roots", OptionList)
    return [str(roots.get_option_at_index(i).prompt) for i in range(roots.option_count)]


async def test_each_folder_shows_documents_failures_state_and_last_sync(
    indexed: tuple[Config, Path], tmp_path: Path
) -> None:
    config, folder = indexed
    (tmp_path / "later").mkdir()
    add_root(config, tmp_path / "later")
    shutil.rmtree(tmp_path / "later")  # registered, then the folder went away
    with open_index(config) as index:
        documents = len(index.documents())
    app = fake_app(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await wait_until(pilot, lambda: "documents" in "".join(folder_rows(app)), "counts")
        samples, later = folder_rows(app)
        assert samples.startswith(str(folder))
        assert f"{documents} documents · 0 failed · watching · last sync just now" in samples
        assert "0 documents · 0 failed · missing · last sync not yet" in later


async def test_del_in_f3_asks_first_with_the_cost_and_esc_keeps_the_folder(
    indexed: tuple[Config, Path],
) -> None:
    config, folder = indexed
    app = fake_app(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await wait_until(pilot, lambda: "documents" in "".join(folder_rows(app)), "counts")
        app.screen.query_one("#roots", OptionList).focus()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        cost = str(app.screen.query_one("#confirm-cost", Static).render())
        assert "Removes 9 documents from the index; adding it again re-embeds them (~" in cost
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, FoldersScreen)
        assert load_roots(config) == [folder]
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert load_roots(config) == []
        app.session.stop_indexing()  # the resync the removal started need not run


async def test_del_in_f2_asks_first_and_esc_deletes_nothing(tmp_path: Path) -> None:
    app = fake_app(fresh_config(tmp_path))
    store = app.conversations
    chat = store.create("Wer hat den Boden geölt?")
    store.add_turn(chat, "Wer hat den Boden geölt?", "Thomas Becker [1].", [make_hit("Boden")])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ConversationsScreen)
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        cost = str(app.screen.query_one("#confirm-cost", Static).render())
        assert "removes its 1 turn and their sources" in cost
        await pilot.press("escape")
        await pilot.pause()
        assert [c.id for c in store.list()] == [chat]
        await pilot.press("delete")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert store.list() == []


@pytest.mark.parametrize("screen_key", ["", "f2", "f3", "f4", "source"])
async def test_the_footer_fits_80_columns_with_quit(tmp_path: Path, screen_key: str) -> None:
    app = fake_app(fresh_config(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        if screen_key == "source":
            await app.push_screen(SourceScreen(HITS[0], 1, THREAD))
        elif screen_key:
            await pilot.press(screen_key)
        await pilot.pause()
        await pilot.pause()  # the footer of a pushed screen fills in after its first refresh
        footer = app.screen.query_one(Footer)
        row = screen_rows(app)[footer.region.y]
        assert "^q Quit" in row and "f1 Help" in row and "^p palette" in row
        keys = [key for key in footer.query("FooterKey") if key.display]
        palette = [key for key in keys if key.has_class("-command-palette")]
        assert len(palette) == 1  # every other key ends before it: none is cut
        assert all(key.region.right <= palette[0].region.x for key in keys if key not in palette)


def status_row(app: AssistantApp) -> str:
    return screen_rows(app)[app.main_screen.query_one(StatusLine).region.y]


@pytest.mark.parametrize(
    ("width", "models"),
    [(80, "loading gemma-3n-e2b…"), (160, "answers: loading gemma-3n-e2b-it-q4_k_m…")],
)
async def test_the_status_line_fits_without_cut_words_or_numbers(
    tmp_path: Path, width: int, models: str
) -> None:
    app = fake_app(fresh_config(tmp_path))
    async with app.run_test(size=(width, 24)) as pilot:
        line = app.main_screen.query_one(StatusLine)
        line.show_watcher("2 folders (polling)", "2 folders")
        app.post_message(ModelsChanged(True, False, generator_id="gemma-3n-e2b-it-q4_k_m"))
        line.show_progress("/home/ann/mail/cur/1712345678.M1P2.host:2,S", 48, 400)
        await pilot.pause()
        row = status_row(app)
        assert "12%" in row and "failed" in row and row.rstrip().endswith(models)
        assert "search-only" not in row  # a model is present: it is loading
        for part in line.query(Static).results():
            if part.display and part.id in ("watcher", "counts", "sync-text", "models"):
                assert part.content_size.width >= len(str(part.render()))


async def test_search_only_is_shown_whole_at_80_columns(tmp_path: Path) -> None:
    """The failures button is wider than its label: reserving only the label once cut the
    last character of 'search-only (no answer model)' at 80 columns."""
    app = fake_app(fresh_config(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        line = app.main_screen.query_one(StatusLine)
        line.show_watcher("1 folder", "1 folder")
        line.wordings["counts"] = ("9 docs · 12 chunks", "9 docs")
        app.post_message(ModelsChanged(True, False, note="no answer model on this machine"))
        await pilot.pause()
        row = status_row(app).rstrip()
        assert row.endswith(("search-only (no answer model)", " search-only")), row
        assert "0 failed" in row and "1 folder" in row


async def test_a_present_model_reads_as_loading_not_search_only(tmp_path: Path) -> None:
    app = fake_app(fresh_config(tmp_path))
    async with app.run_test(size=(120, 24)) as pilot:
        app.post_message(ModelsChanged(True, False, generator_id="gemma-3-270m-q4_k_m"))
        await pilot.pause()
        assert app.models_text == "answers: loading gemma-3-270m-q4_k_m…"
        app.post_message(ModelsChanged(True, False, note="no answer model on this machine"))
        await pilot.pause()
        assert "search-only" in status_row(app)


async def test_the_empty_state_leaves_once_the_first_files_are_indexed(tmp_path: Path) -> None:
    config = fresh_config(tmp_path)
    app = fake_app(config)
    async with app.run_test(size=(80, 24)) as pilot:
        app.refresh_status()
        await settle(app, pilot)
        assert app.main_screen.has_class("-first-run")
        await pilot.press("f3")
        await pilot.pause()
        # Notes only: a PDF is read in a child process, which a headless test cannot start.
        app.screen.query_one("#new-root").value = str(SAMPLES / "notes")
        await pilot.press("enter")  # add the folder: the app re-watches and syncs it
        await settle(app, pilot)
        assert app.last_status is not None and app.last_status.documents == 3
        assert not app.main_screen.has_class("-first-run")


async def test_a_pdf_in_a_folder_added_in_the_app_is_read(tmp_path: Path) -> None:
    """PDFs are read in a child process; one started inside the app once always failed."""
    start_process_helper()  # what `tui.app.run` does before the app takes over stderr
    folder = tmp_path / "pdfs"
    folder.mkdir()
    shutil.copy(SAMPLES / "Rechnung-2024-0917.pdf", folder)
    app = fake_app(fresh_config(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        app.screen.query_one("#new-root").value = str(folder)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.last_status is not None
        assert (app.last_status.documents, app.last_status.failures) == (1, [])


async def test_a_syncs_progress_text_gives_way_to_its_file_name(tmp_path: Path) -> None:
    """The sync's text ends with the file; where it does not fit, the name alone is shown
    (the short wording used to be everything after the slash of "3/40 files")."""
    app = fake_app(fresh_config(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        line = app.main_screen.query_one(StatusLine)
        line.show_watcher("by assistant serve (pid 4242)", "served")
        text = "3/40 files · 112 chunks · 240 tok/s · ETA 95s · Rechnung-2024-0917.pdf"
        line.show_progress(text, 3, 40)
        await pilot.pause()
        assert line.wordings["sync-text"] == (text, "Rechnung-2024-0917.pdf")
        assert "40 files" not in status_row(app)
