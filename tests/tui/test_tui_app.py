"""The app driven headlessly with the real embedder, index and small answer model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import DataTable, Markdown, Static

from assistant.errors import ModelMissing
from assistant.indexing.roots import add_root
from assistant.runtime.session import Session
from tests.support import CORPORA, needs_corpora
from tests.tui.tui_helpers import ask, settle
from tui import opener
from tui.app import AssistantApp
from tui.messages import AnswerProgress, EvidenceReady, SyncProgress
from tui.screens.failures import FailuresScreen
from tui.screens.main import MainScreen
from tui.screens.source import SourceScreen
from tui.widgets.evidence import EvidencePanel
from tui.widgets.turn import Turn

pytestmark = pytest.mark.models
FLOOR = "Who fixed the floor last time?"


def record(monkeypatch: pytest.MonkeyPatch, cls: type, name: str, log: list) -> None:
    """Log each message a handler receives, then let the real handler run."""
    original = getattr(cls, name)

    def spy(self, message):  # type: ignore[no-untyped-def]
        log.append(message)
        return original(self, message)

    monkeypatch.setattr(cls, name, spy)


async def test_question_shows_evidence_first_then_streams_a_cited_answer(
    app: AssistantApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list = []
    record(monkeypatch, MainScreen, "on_evidence_ready", seen)
    record(monkeypatch, MainScreen, "on_answer_progress", seen)
    async with app.run_test(size=(120, 40)) as pilot:
        await ask(app, pilot, FLOOR)
        panel = app.main_screen.query_one(EvidencePanel)
        assert "Becker" in panel.hits[0].text
        assert isinstance(seen[0], EvidenceReady), "evidence before any answer text"
        assert any(isinstance(m, AnswerProgress) for m in seen), "the answer streamed"
        turn = app.main_screen.query_one(Turn)
        assert turn.answer_text
        assert "smollm2" in str(turn.query_one(".meta", Static).render())
        assert "answers: smollm2" in str(app.main_screen.query_one("#models", Static).render())


async def test_citation_and_evidence_open_the_source_viewer(
    app: AssistantApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(opener, "open_file", opened.append)
    async with app.run_test(size=(120, 40)) as pilot:
        await ask(app, pilot, FLOOR)
        turn = app.main_screen.query_one(Turn)
        markdown = turn.query_one(Markdown)
        markdown.post_message(Markdown.LinkClicked(markdown, "cite:1"))
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.hit == turn.sources[0]
        await pilot.press("escape")
        await pilot.press("f6", "enter")
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.hit == app.main_screen.query_one(EvidencePanel).hits[0]
        await pilot.press("o")
        assert opened and opened[0].exists()


async def test_added_folder_shows_progress_then_is_searchable(
    app: AssistantApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    progress: list[SyncProgress] = []
    record(monkeypatch, AssistantApp, "on_sync_progress", progress)
    folder = tmp_path / "aquarium"
    folder.mkdir()
    (folder / "fish.md").write_text(
        "# Aquarium\n\nDr. Quigley cleans the zebrafish tank every second Tuesday.\n"
    )
    (folder / "food.md").write_text("# Fish food\n\nThe flakes come from Aqua-Markt Lübeck.\n")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = app.last_status.documents
        await pilot.press("f3")
        app.screen.query_one("#new-root").value = str(folder)
        await pilot.press("enter")
        await settle(app, pilot)
        assert any(m.total == 2 for m in progress), "per-file progress was shown"
        assert app.last_status.documents == before + 2
        await pilot.press("escape")
        await ask(app, pilot, "Who cleans the zebrafish tank?")
        hits = app.main_screen.query_one(EvidencePanel).hits
        assert hits[0].source_path.endswith("fish.md")


@needs_corpora
async def test_failures_screen_lists_broken_pdfs(app: AssistantApp, tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    shutil.copy(
        CORPORA / "pdf/005-libreoffice-writer-password/libreoffice-writer-password.pdf", folder
    )
    shutil.copy(CORPORA / "pdf/017-unreadable-meta-data/unreadablemetadata.pdf", folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        add_root(app.config, folder)
        app.folders_changed()
        await settle(app, pilot)
        assert "2 failed" in str(app.main_screen.query_one("#failures").label)
        await pilot.press("f4")
        assert isinstance(app.screen, FailuresScreen)
        table = app.screen.query_one(DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        reasons = {row[0]: row[2] for row in rows}
        assert reasons["libreoffice-writer-password.pdf"] == "encrypted"
        assert reasons["unreadablemetadata.pdf"].startswith("malformed PDF")


async def test_missing_answer_model_means_search_only_with_the_fix(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    session.generator = None

    def missing(config):  # type: ignore[no-untyped-def]
        raise ModelMissing("no answer model: run `assistant models pull gemma-3n-e2b-it-q4_k_m`")

    monkeypatch.setattr("assistant.runtime.session.Generator.from_config", missing)
    app = AssistantApp(session.config, session, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ask(app, pilot, FLOOR)
        assert "search-only" in str(app.main_screen.query_one("#models", Static).render())
        turn = app.main_screen.query_one(Turn)
        assert "assistant models pull" in turn.answer_text
        assert app.main_screen.query_one(EvidencePanel).hits, "evidence still shown"


async def test_conversations_are_saved_reopened_with_sources_and_deleted(app: AssistantApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await ask(app, pilot, FLOOR)
        asked = app.main_screen.query_one(Turn)
        answer, sources = asked.answer_text, asked.sources
        assert sources
        await pilot.press("ctrl+n")
        assert not app.main_screen.query(Turn)
        assert not app.main_screen.query_one(EvidencePanel).hits
        await pilot.press("f2", "enter")
        await pilot.pause()
        turn = app.main_screen.query_one(Turn)
        assert (turn.question, turn.answer_text, turn.sources) == (FLOOR, answer, sources)
        assert app.main_screen.query_one(EvidencePanel).hits == sources
        markdown = turn.query_one(Markdown)
        markdown.post_message(Markdown.LinkClicked(markdown, "cite:1"))
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen) and app.screen.hit == sources[0]
        await pilot.press("escape", "f2", "d")
        await pilot.pause()
        assert app.conversations.list(), "deleted only after a yes"
        await pilot.press("y")
        await pilot.pause()
        assert app.conversations.list() == []
