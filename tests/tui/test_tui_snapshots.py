"""Snapshots of the main screens, with fixed content so only a layout change alters them.

The app runs with `background=False` (no models, index or watcher); the tests put known
sources, an answer and a status into the widgets, then compare SVG screenshots. Update with
`pytest tests/tui --snapshot-update` after an intended change, and look at the diff.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from assistant.ask.show import Shown, ShownDocument
from assistant.ask.show_text import ShownSection
from assistant.config import load_config
from assistant.indexing.service import FailedFile, Status
from identity import DocumentKey, FailureKind
from store import Hit, ThreadPlace
from tests.fakes import make_hit
from tui.app import AssistantApp
from tui.screens.failures import FailuresScreen
from tui.screens.source import SourceScreen
from tui.widgets.evidence import EvidencePanel
from tui.widgets.status_line import StatusLine
from tui.widgets.turn import Turn

WHEN = datetime(2024, 9, 20, 9, 30, tzinfo=UTC)


def hit(number: int, kind: str, title: str, text: str, sender: str = "") -> Hit:
    return make_hit(
        text, chunk_id=number, document_id=number, source_path=f"/home/ann/files/{title}",
        kind=kind, title=title, chunk_title=title, sender=sender, recipients="ann@example.org",
        date=WHEN, page=1 if kind == "pdf" else None, vector_distance=None,
    )  # fmt: skip


HITS = [
    hit(1, "mail", "Boden fertig", "Der Flur ist abgeschliffen und geölt. Thomas Becker", "Becker"),
    hit(2, "note", "Haus.md", "2024: Thomas Becker (Parkett Becker) hat den Flur geölt."),
    hit(3, "pdf", "Rechnung-2024-0917.pdf", "Rechnung Parkett Becker: Flur schleifen, 840 EUR"),
]


RECIPIENTS = (
    "Ann Taylor <ann@example.org>, Thomas Becker <tb@parkett-becker.example>, "
    "Jan Brenner <jan@example.org>, 王芳 <wang@example.cn>"
)


def message(n: int, sender: str, text: str, asked: bool = False) -> ShownDocument:
    return ShownDocument(
        key=DocumentKey(Path(f"/home/ann/mail/cur/{n}.eml")), kind="mail",
        title="Boden fertig" if n == 1 else "Re: Boden fertig", sender=sender,
        recipients=RECIPIENTS, date=WHEN,
        thread=ThreadPlace("t", "Boden fertig", n, 3),
        sections=(ShownSection("Boden fertig", None, text),), asked=asked,
    )  # fmt: skip


THREAD = Shown(
    message(2, "Ann Taylor <ann@example.org>", "Wunderbar, danke!\n\nAm 20.09.2024 schrieb "
            "Thomas Becker:\n> Der Flur ist abgeschliffen und geölt.", asked=True),
    (
        message(1, "Thomas Becker <tb@parkett-becker.example>",
                "Der Flur ist abgeschliffen und geölt. Thomas Becker"),
        message(2, "Ann Taylor <ann@example.org>", "Wunderbar, danke!\n\nAm 20.09.2024 schrieb "
                "Thomas Becker:\n> Der Flur ist abgeschliffen und geölt.", asked=True),
        message(3, "Thomas Becker <tb@parkett-becker.example>", "Gern. Die Rechnung folgt."),
    ),
)  # fmt: skip
STATUS = Status(
    roots=["/home/ann/files"], documents=9, chunks=14, by_kind={"mail": 5}, failures=[],
    duplicates=0, dim=768, vector_type="binary", model_id="embeddinggemma-300m-q8_0",
    database_bytes=0, last_sync=None, settings_note="",
)  # fmt: skip


@pytest.fixture
def layout_app(tmp_path: Path) -> AssistantApp:
    config = load_config({"ASSISTANT_HOME": str(tmp_path / "home")})
    return AssistantApp(config, watch=False, background=False)


async def fill_main(pilot: Pilot) -> None:
    await pilot.pause()
    app = pilot.app
    assert isinstance(app, AssistantApp)
    screen = app.main_screen
    screen.query_one(Input).cursor_blink = False
    line = screen.query_one(StatusLine)
    line.show_status(STATUS)
    line.show_watcher("watching 1")
    line.show_models("answers: gemma-3n-e2b-it-q4_k_m")
    turn = Turn(1, "Who fixed the floor last time?")
    await screen.query_one("#chat").mount(turn)
    answer = "Thomas Becker oiled the hallway floor in 2024 [1][2]."
    await turn.show_final(answer, HITS, "gemma · 2 s")
    screen.query_one(EvidencePanel).show(HITS, "fixed floor Flur")
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_main_screen(snap_compare, layout_app: AssistantApp, size: tuple[int, int]) -> None:
    assert snap_compare(layout_app, terminal_size=size, run_before=fill_main)


def test_main_screen_light_theme(snap_compare, layout_app: AssistantApp) -> None:
    async def fill_light(pilot: Pilot) -> None:
        await fill_main(pilot)
        await pilot.press("ctrl+t")

    assert snap_compare(layout_app, terminal_size=(80, 24), run_before=fill_light)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_source_viewer(snap_compare, layout_app: AssistantApp, size: tuple[int, int]) -> None:
    async def open_source(pilot: Pilot) -> None:
        await pilot.app.push_screen(SourceScreen(HITS[0], 1, THREAD, sources=HITS))
        await pilot.pause()

    assert snap_compare(layout_app, terminal_size=size, run_before=open_source)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_failures_screen(snap_compare, layout_app: AssistantApp, size: tuple[int, int]) -> None:
    failures = [
        FailedFile(path, path, None, "pdf", kind, reason)
        for path, kind, reason in [
            ("/f/libreoffice-writer-password.pdf", FailureKind.ENCRYPTED, "encrypted"),
            ("/f/scan.pdf", FailureKind.NO_TEXT, "no text layer (scanned/image-only)"),
        ]
    ]

    async def open_failures(pilot: Pilot) -> None:
        await pilot.app.push_screen(FailuresScreen(failures))

    assert snap_compare(layout_app, terminal_size=size, run_before=open_failures)


EMPTY_HOME = Status(
    roots=[], documents=0, chunks=0, by_kind={}, failures=[], duplicates=0, dim=None,
    vector_type=None, model_id=None, database_bytes=0, last_sync=None, settings_note="",
)  # fmt: skip


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_empty_state(snap_compare, layout_app: AssistantApp, size: tuple[int, int]) -> None:
    async def first_run(pilot: Pilot) -> None:
        await pilot.pause()
        app = pilot.app
        assert isinstance(app, AssistantApp)
        app.main_screen.query_one(Input).cursor_blink = False
        line = app.main_screen.query_one(StatusLine)
        line.show_status(EMPTY_HOME)
        line.show_watcher("no folders")
        line.show_models("answers: loading gemma-3n-e2b-it-q4_k_m…", "loading gemma-3n-e2b…")
        app.last_status = EMPTY_HOME
        app.show_first_run()
        await pilot.pause()

    assert snap_compare(layout_app, terminal_size=size, run_before=first_run)
