"""Wrapping by character cells, with a break allowed between CJK characters.

Rich and Textual break lines at spaces only. Chinese has no spaces between words, and where a
note has a few (between phrases, around Latin words) a whole phrase moves to the next line and
leaves half a line empty. Here a line may also break before or after any wide character,
except before closing punctuation (，。」…) and after opening punctuation (「《（). Used for
the viewer's plain text and for the paragraphs of its Markdown.
"""

from __future__ import annotations

from typing import TypeVar

from rich.cells import get_character_cell_size
from rich.text import Text
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Markdown, Static
from textual.widgets._markdown import MarkdownBlock, MarkdownParagraph

Styled = TypeVar("Styled", Text, Content)

NO_BREAK_BEFORE = frozenset("，。、；：！？）」』》〉】〕…—・,.;:!?)]}%")
NO_BREAK_AFTER = frozenset("（「『《〈【〔([{")


def break_offsets(line: str, width: int) -> list[int]:
    """Character offsets at which to break `line` so each piece fits `width` cells."""
    offsets: list[int] = []
    start, cells, last_break = 0, 0, 0
    for index, char in enumerate(line):
        size = get_character_cell_size(char)
        if char.isspace():
            cells += size  # spaces may hang past the edge; they are cut off at the break
            continue
        if index > start and _may_break_before(line, index):
            last_break = index
        if cells + size > width and index > start:
            cut = last_break if last_break > start else index
            offsets.append(cut)
            start, cells = cut, sum(get_character_cell_size(c) for c in line[cut:index])
        cells += size
    return offsets


def _may_break_before(line: str, index: int) -> bool:
    before, char = line[index - 1], line[index]
    if before.isspace():
        return True
    if char in NO_BREAK_BEFORE or before in NO_BREAK_AFTER:
        return False
    return get_character_cell_size(char) == 2 or get_character_cell_size(before) == 2


def wrap_cells(text: Styled, width: int) -> Styled:
    """`text` (Rich Text or Textual Content) with line breaks inserted so no line is wider
    than `width` cells."""
    lines: list[Styled] = []
    for line in text.split("\n", allow_blank=True):
        for piece in line.divide(break_offsets(line.plain, max(width, 1))):
            lines.append(_rstripped(piece))
    return type(text)("\n").join(lines)


def _rstripped(piece: Styled) -> Styled:
    if isinstance(piece, Text):
        piece.rstrip()  # in place, unlike Content's
        return piece
    return piece.rstrip()


class CellWrapped(Static):
    """A Static whose text wraps by cells (see the module); `mark` is a span to find again."""

    def __init__(self, text: Text, *, mark: tuple[int, int] | None = None, **kwargs: str) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.text = text
        self.mark = mark
        self._wrapped: tuple[int, Text] | None = None

    def wrapped(self, width: int) -> Text:
        if self._wrapped is None or self._wrapped[0] != width:
            self._wrapped = (width, wrap_cells(self.text, width))
        return self._wrapped[1]

    def render(self) -> Text:
        width = self.content_size.width
        return self.wrapped(width) if width > 0 else self.text

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.wrapped(width).plain.split("\n"))

    def row_of(self, offset: int) -> int:
        """The screen row (within this widget) on which character `offset` of `text` is."""
        width = self.content_size.width
        before = self.text[:offset]
        return len(wrap_cells(before, width).plain.split("\n")) - 1 if width > 0 else 0


class CellWrappedParagraph(MarkdownParagraph):
    """A Markdown paragraph wrapped by cells: Chinese in notes breaks between characters."""

    def render(self) -> Content:
        width = self.content_size.width
        return wrap_cells(self._content, width) if width > 0 else self._content

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(wrap_cells(self._content, width).plain.split("\n"))


class CellMarkdown(Markdown):
    """Textual's Markdown (tables as tables) with paragraphs wrapped by cells."""

    BLOCKS: dict[str, type[MarkdownBlock]] = {  # noqa: RUF012 (typed so by Markdown)
        **Markdown.BLOCKS,
        "paragraph_open": CellWrappedParagraph,
    }
