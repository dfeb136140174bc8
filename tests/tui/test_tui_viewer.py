"""The source viewer as a newcomer meets it (issue 14, "Viewing"): Esc back to the question,
folded mail headers at 80x24, reflowed real LKML mail, Chinese wrapped by cells, Markdown
tables, n/p through the answer's sources, PDF pages, the cited passage marked and in view.
Headless, with the fake embedder and no answer model; real files from the shared corpora."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input
from textual.widgets._markdown import MarkdownTable

from assistant.config import Config, load_config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from assistant.runtime.session import Session
from store import Hit, SearchMode
from tests.fakes import FakeEmbedder
from tests.support import CORPORA, needs_corpora
from tests.tui.tui_helpers import settle
from tui.app import AssistantApp
from tui.cell_wrap import CellMarkdown, CellWrapped, CellWrappedParagraph
from tui.screens.source import SourceScreen
from tui.widgets.evidence import EvidencePanel
from tui.widgets.message import CITED, MessageView

LKML = CORPORA / "mail" / "lkml" / "cur"
PATCH_MAIL = "1382298805.004636:2,"  # alloc_netdev BUG(): hard-wrapped log, 7 recipients
FOUR_PAGES = CORPORA / "pdf" / "004-pdflatex-4-pages" / "pdflatex-4-pages.pdf"


def _config(tmp_path: Path) -> Config:
    env = {"ASSISTANT_HOME": str(tmp_path / "home"), "ASSISTANT_MODELS": str(tmp_path / "none")}
    return load_config(env)


def _indexed(tmp_path: Path, files: dict[str, str | Path]) -> Config:
    """A home whose one folder holds `files` (text, or a file to copy), indexed."""
    folder = tmp_path / "files"
    for name, content in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copy(content, target)
        else:
            target.write_text(content, encoding="utf-8")
    config = _config(tmp_path)
    add_root(config, folder)
    with open_index(config) as index:
        assert run_sync(config, index, FakeEmbedder()).documents_indexed >= len(files)
    return config


def _hits(config: Config, words: str, k: int = 5) -> list[Hit]:
    with open_index(config) as index:
        hits = index.search(None, words, k=k, mode=SearchMode.FTS)
    assert hits, f"nothing found for {words}"
    return hits


def _app(config: Config) -> AssistantApp:
    session = Session(config, query_embedder=FakeEmbedder(), index_embedder=FakeEmbedder())
    return AssistantApp(config, session, watch=False, sync_on_start=False)


def _rows(widget: CellWrapped) -> list[str]:
    return widget.wrapped(widget.content_size.width).plain.split("\n")


NOTES = {
    "heizung.md": "# Heizung\n\nDer Monteur kommt am Dienstag wegen der Heizung.\n",
    "boiler.md": "# Boiler\n\nThe boiler service is booked for Tuesday, the Heizung too.\n",
    "锅炉.md": "# 锅炉\n\n锅炉 Heizung 周二 检修。\n",
}


@pytest.mark.parametrize("toast", [False, True])
async def test_escape_returns_to_the_question_box(tmp_path: Path, toast: bool) -> None:
    config = _indexed(tmp_path, NOTES)
    hits = _hits(config, "Heizung")
    app = _app(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.main_screen.query_one(EvidencePanel).show(hits, "Heizung")
        await pilot.press("f6", "enter")
        assert isinstance(app.screen, SourceScreen)
        if toast:
            app.notify("a toast that is still showing")
            await pilot.pause()
        await pilot.press("escape")
        question = app.main_screen.query_one("#question", Input)
        assert app.screen is app.main_screen and app.focused is question
        await pilot.press("f6")
        assert isinstance(app.focused, EvidencePanel)
        if toast:
            app.notify("another toast")
            await pilot.pause()
        await pilot.press("escape", "w", "o")
        assert app.focused is question and question.value == "wo", "typing reaches the box"


@needs_corpora
async def test_real_lkml_mail_folds_its_headers_and_reflows_at_80x24(tmp_path: Path) -> None:
    config = _indexed(tmp_path, {f"cur/{PATCH_MAIL}": LKML / PATCH_MAIL})
    hit = _hits(config, "alloc_netdev")[0]
    app = _app(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(SourceScreen(hit, 1))
        await settle(app, pilot)
        view = app.screen.query_one(MessageView)
        short, full = view.query(".message-headers").results()
        assert short.display and not full.display and short.size.height == 2
        shown = str(short.render())
        assert "to: linux-kernel@vger.kernel.org, David S. Miller +5" in shown
        await pilot.press("h")
        assert full.display and not short.display
        assert "Eric Dumazet <eric.dumazet@gmail.com>" in str(full.render())
        body = view.query_one(".message-text", CellWrapped)
        rows = _rows(body)
        first = next(i for i, row in enumerate(rows) if row.startswith("alloc_netdev() may"))
        last = next(i for i, row in enumerate(rows) if row.endswith("other errors."))
        width = body.content_size.width
        assert last - first <= 3, "a 4-line paragraph stays about 4 lines, not 8 broken ones"
        assert all(len(row) > width - 15 for row in rows[first:last]), "no one-word lines"
        assert "-\tBUG_ON(strlen(name) >= sizeof(dev->name));".expandtabs() in rows
        assert body.mark is not None and "alloc_netdev()" in body.text.plain[slice(*body.mark)]


CHINESE = (
    "上周 我们 讨论了 房子的 暖气系统维修问题，工人说下个月来检查一下锅炉和管道，"
    "顺便看看 Heizung 的阀门是不是需要更换，费用大约 两百欧元。"
)


async def test_chinese_wraps_by_cells_in_plain_and_markdown_notes(tmp_path: Path) -> None:
    config = _indexed(tmp_path, {"装修.txt": CHINESE + "\n", "暖气.md": f"# 暖气\n\n{CHINESE}\n"})
    app = _app(config)
    async with app.run_test(size=(80, 24)) as pilot:
        for hit in _hits(config, "Heizung"):
            await app.push_screen(SourceScreen(hit, 1))
            await settle(app, pilot)
            if hit.file_path.suffix == ".txt":
                text = app.screen.query_one("#source-text", CellWrapped)
                rows, width = _rows(text), text.content_size.width
            else:
                paragraph = app.screen.query(CellWrappedParagraph).last()
                width = paragraph.content_size.width
                rows = str(paragraph.render()).split("\n")
            assert len(rows) >= 2
            for row in rows[:-1]:  # every full line is full: no phrase pushed to the next
                assert sum(2 if ord(c) > 0x2E80 else 1 for c in row) >= width - 2, row
            app.pop_screen()


async def test_a_markdown_table_note_renders_as_a_table(tmp_path: Path) -> None:
    note = (
        "# Zählerstände\n\nAbgelesen am 3. März, meter readings, 抄表记录.\n\n"
        "| Zähler | Stand | 备注 |\n|---|---|---|\n"
        "| Strom | 48213 | 正常 |\n| Wasser | 912 | ok |\n"
    )
    config = _indexed(tmp_path, {"zaehler.md": note})
    app = _app(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(SourceScreen(_hits(config, "Strom")[0], 1))
        await settle(app, pilot)
        table = app.screen.query_one(MarkdownTable)
        assert table.region.height >= 3
        folded, full = (
            app.screen.query_one("#source-headers"),
            app.screen.query_one("#source-headers-full"),
        )
        assert folded.display and folded.size.height == 1 and not full.display, "one line"
        await pilot.press("h")
        assert full.display and "Title: Zählerstände" in str(full.render())
        assert not any("|---|" in str(w.render()) for w in app.screen.query(CellWrappedParagraph))


async def test_n_and_p_step_through_the_answers_sources(tmp_path: Path) -> None:
    config = _indexed(tmp_path, NOTES)
    hits = _hits(config, "Heizung")
    assert len(hits) == 3
    app = _app(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.main_screen.query_one(EvidencePanel).show(hits, "Heizung")
        await pilot.press("f6", "enter", "n")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SourceScreen) and (screen.number, screen.hit) == (2, hits[1])
        assert "source 2 of 3" in str(screen.query_one("#source-title").render())
        await pilot.press("n", "n")
        assert isinstance(app.screen, SourceScreen) and app.screen.number == 3
        assert "last source" in " ".join(n.message for n in app._notifications)
        await pilot.press("p")
        assert isinstance(app.screen, SourceScreen) and app.screen.hit == hits[1]
        await pilot.press("escape")
        assert app.screen is app.main_screen, "stepping did not stack viewers"


@needs_corpora
async def test_a_pdf_opens_at_the_hit_page_and_pages_with_keys(tmp_path: Path) -> None:
    config = _indexed(tmp_path, {"four.pdf": FOUR_PAGES})
    hit = next(h for h in _hits(config, "alphabet", k=20) if h.page and h.page > 1)
    app = _app(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(SourceScreen(hit, 1))
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SourceScreen)
        body = screen.query_one("#source-body")
        assert str(body.border_title).startswith(f"page {hit.page} of 4")
        assert screen.query_one("#source-text", CellWrapped).mark is not None, "hit marked"
        await pilot.press("]")
        after = min(hit.page + 1, 4)
        assert str(body.border_title).startswith(f"page {after} of 4")
        await pilot.press("[", "[")
        assert screen.page == max(after - 2, 1)
        await pilot.press("pagedown")
        assert screen.page == max(after - 2, 1) + 1
        assert screen.query_one("#source-text", CellWrapped).mark is None or screen.page == hit.page


LONG_NOTE = "# Keller\n\n" + "".join(
    f"Absatz {n}: Im Keller steht allerlei, Kisten und Regale und alte Farbe.\n\n"
    for n in range(40)
)


@pytest.mark.parametrize("name", ["keller.md", "keller.txt"])
async def test_the_cited_passage_is_marked_and_scrolled_to(tmp_path: Path, name: str) -> None:
    note = LONG_NOTE + "Der Wasserzähler hängt hinter dem Regal links, water meter, 水表.\n"
    config = _indexed(tmp_path, {name: note})
    hit = _hits(config, "Wasserzähler")[0]
    app = _app(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(SourceScreen(hit, 1))
        await settle(app, pilot)
        body = app.screen.query_one("#source-body")
        assert body.scroll_y > 0
        if name.endswith(".md"):
            cited = app.screen.query_one("CellMarkdown.cited", CellMarkdown)
            assert "Der Wasserzähler hängt" in cited.source
            assert body.region.y <= cited.region.y < body.region.bottom
        else:
            text = app.screen.query_one("#source-text", CellWrapped)
            assert text.mark is not None
            start, end = text.mark
            assert "Wasserzähler" in text.text.plain[start:end]
            assert any(CITED in str(span.style) for span in text.text.spans)
            row = text.region.y + text.row_of(start)
            assert body.region.y <= row < body.region.bottom, "the passage is on screen"
