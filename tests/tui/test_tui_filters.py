"""Filters in the app: `kind:pdf`, `from:`, `since:`, `sort:date` words in the question box,
the evidence panel keeping to them and naming them, and F2's Markdown export."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from tests.tui.tui_helpers import ask, settle
from tui.app import AssistantApp
from tui.screens.conversations import ConversationsScreen
from tui.widgets.evidence import EvidencePanel
from tui.widgets.turn import Turn

pytestmark = pytest.mark.models


@pytest.mark.parametrize(
    "question",
    # questions the invoice answers: a weak match would be below the relevance floor
    ["kind:pdf What is the total of the invoice for the hallway?",
     "art:pdf Gesamtbetrag der Rechnung für den Flur",
     "类型：pdf 走廊地板的发票总金额是多少？"],
)  # fmt: skip
async def test_a_kind_token_keeps_the_evidence_to_that_kind(
    app: AssistantApp, question: str
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await ask(app, pilot, question)
        panel = app.main_screen.query_one(EvidencePanel)
        assert panel.hits and {hit.kind for hit in panel.hits} == {"pdf"}
        assert panel.border_title == "Evidence · kind pdf"
        assert app.main_screen.query_one(Turn).question == question  # the words stay visible


async def test_since_and_sort_by_date_order_the_evidence_newest_first(app: AssistantApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await ask(app, pilot, "seit:2022 sortierung:datum Wer hat etwas repariert?")
        panel = app.main_screen.query_one(EvidencePanel)
        dates = [hit.date for hit in panel.hits]
        assert dates and None not in dates and dates == sorted(dates, reverse=True)  # type: ignore[type-var]
        assert all(d.year >= 2022 for d in dates if d is not None)
        assert panel.border_title == "Evidence · since 2022-01-01 · by date"
        await pilot.press("ctrl+n")
        assert panel.border_title == "Evidence"


async def test_the_panel_says_which_filter_left_nothing(app: AssistantApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await ask(app, pilot, "from:nobody@nowhere 谁修的地板？")
        panel = app.main_screen.query_one(EvidencePanel)
        assert panel.hits == []
        shown = str(panel.get_option_at_index(0).prompt)
        assert "no source matches the filter 'from nobody@nowhere'" in shown


async def test_a_wrong_filter_says_what_is_accepted(app: AssistantApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await ask(app, pilot, "since:gestern Wer hat den Boden repariert?")
        messages = " ".join(n.message for n in app._notifications)
        assert "cannot read the date 'gestern'" in messages and "30d" in messages


async def test_e_in_conversations_exports_markdown_to_documents(
    app: AssistantApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Documents").mkdir()
    async with app.run_test(size=(120, 40)) as pilot:
        await ask(app, pilot, "kind:mail Who fixed the leaking kitchen tap?")
        sources = app.main_screen.query_one(Turn).sources
        await pilot.press("f2")
        assert isinstance(app.screen, ConversationsScreen)
        assert app.screen.query_one(OptionList).highlighted == 1  # the conversation just saved
        await pilot.press("e")
        await settle(app, pilot)
        (exported,) = (tmp_path / "Documents").glob("assistant-conversation-*.md")
        messages = " ".join(n.message for n in app._notifications)
        assert f"Exported to {exported}" in messages
        text = exported.read_text(encoding="utf-8")
        assert "## 1. kind:mail Who fixed the leaking kitchen tap?" in text
        assert sources and any(f"`{hit.file_path}`" in text for hit in sources)
