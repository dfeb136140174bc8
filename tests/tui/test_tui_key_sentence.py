"""Search-only mode in the app: each evidence card and the source viewer mark the sentence
that answers the question, in a style of its own (not the keyword highlight).

The Pilot tests run the real app on the indexed samples with the real embedder and no answer
model (as on a machine without Gemma); the helpers are tested without models.
"""

from __future__ import annotations

import pytest
from rich.text import Text

from assistant.errors import ModelMissing
from assistant.runtime.session import Session
from tests.fakes import make_hit
from tests.tui.tui_helpers import ask, settle
from tui.app import AssistantApp
from tui.cell_wrap import CellMarkdown, CellWrapped
from tui.highlight import HIGHLIGHT, KEY_SENTENCE, card, key_passage, terms
from tui.screens.source import SourceScreen
from tui.widgets.evidence import EvidencePanel
from tui.widgets.message import MessageView, marked_body

FLOOR = "who fixed the floor last time, and what's his number?"
BECKER_KEY = "Falls etwas knarzt: Handy 0171 2345678."


def styled(text: Text, style: str) -> list[str]:
    return [text.plain[s.start : s.end] for s in text.spans if s.style == style]


def test_the_card_shows_the_passage_around_the_key_sentence_and_marks_it() -> None:
    text = "Anfang. " * 60 + "Rufen Sie an: 0152 28817364. " + "Ende. " * 60
    start = text.index("Rufen")
    hit = make_hit(text, chunk_id=7, kind="mail", title="Boden", sender="Wolter")
    shown = card(1, hit, terms("Boden Nummer"), (start, start + 28))
    assert styled(shown, KEY_SENTENCE) == ["Rufen Sie an: 0152 28817364."]
    body = shown.plain.split("\n")[-1]
    assert body.startswith("…Anfang.") and body.endswith("…") and len(body) <= 230


def test_keywords_inside_the_key_sentence_keep_their_own_highlight() -> None:
    hit = make_hit("Der Boden ist fertig. Handy 0171 2345678.", chunk_id=1)
    shown = card(1, hit, terms("Boden Handy"), (22, 41))
    assert styled(shown, KEY_SENTENCE) == ["Handy 0171 2345678."]
    assert styled(shown, HIGHLIGHT) == ["Boden", "Handy"]
    assert HIGHLIGHT != KEY_SENTENCE


def test_a_key_sentence_longer_than_the_card_is_shown_whole() -> None:
    sentence = "地板" * 150 + "。"
    shown, span = key_passage("前面。" + sentence + "后面。", (3, 3 + len(sentence)), width=100)
    assert shown[span[0] : span[1]] == sentence


def test_the_viewer_marks_the_key_sentence_inside_the_passage_and_scrolls_to_it() -> None:
    text = "Hallo,\n\nFalls etwas knarzt:\nHandy 0171 2345678.\n\nGrüße"
    body, mark = marked_body(text, "Falls etwas knarzt: Handy 0171 2345678.", BECKER_KEY)
    assert mark is not None and body.plain[mark[0] : mark[1]].split() == BECKER_KEY.split()
    assert styled(body, KEY_SENTENCE) == [body.plain[mark[0] : mark[1]]]


@pytest.fixture
def search_only(session: Session, monkeypatch: pytest.MonkeyPatch) -> AssistantApp:
    """The app on the samples with no answer model on the machine."""
    session.generator = None

    def missing(config):  # type: ignore[no-untyped-def]
        raise ModelMissing("no answer model: run `assistant models pull gemma-3n-e2b-it-q4_k_m`")

    monkeypatch.setattr("assistant.runtime.session.Generator.from_config", missing)
    return AssistantApp(session.config, session, watch=False)


@pytest.mark.models
@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_search_only_cards_and_viewer_mark_the_sentence_that_answers(
    search_only: AssistantApp, size: tuple[int, int]
) -> None:
    app = search_only
    async with app.run_test(size=size) as pilot:
        await ask(app, pilot, FLOOR)
        panel = app.main_screen.query_one(EvidencePanel)
        cards = [panel.get_option_at_index(i).prompt for i in range(len(panel.hits))]
        assert all(isinstance(c, Text) for c in cards)
        for hit, shown in zip(panel.hits, cards, strict=True):
            assert bool(styled(shown, KEY_SENTENCE)) == (hit.chunk_id in panel.key_spans)
        mail = next(i for i, h in enumerate(panel.hits) if h.sender.startswith("Thomas Becker"))
        assert styled(cards[mail], KEY_SENTENCE) == [BECKER_KEY]
        note = next(i for i, h in enumerate(panel.hits) if h.file_path.name == "Haus.md")
        (in_note,) = styled(cards[note], KEY_SENTENCE)
        assert in_note.startswith("- 2024: Thomas Becker"), "last time: the latest line"

        panel.focus()
        panel.highlighted = mail
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SourceScreen)
        asked = next(v for v in app.screen.query(MessageView) if not v.collapsed)
        body = asked.query_one(CellWrapped)
        assert body.mark is not None
        assert body.text.plain[body.mark[0] : body.mark[1]] == BECKER_KEY
        assert styled(body.text, KEY_SENTENCE) == [BECKER_KEY]
        line = body.region.y + body.row_of(body.mark[0])
        screen_body = app.screen.query_one("#source-body")
        assert screen_body.content_region.y <= line < screen_body.content_region.bottom, (
            "the key sentence is scrolled into view"
        )

        await pilot.press("escape")
        panel.focus()
        panel.highlighted = note
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SourceScreen)
        (block,) = app.screen.query("CellMarkdown.-key")
        assert isinstance(block, CellMarkdown)
        assert block.source.strip().startswith("- 2024: Thomas Becker")
