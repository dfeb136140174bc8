"""Headings -> sections with heading paths, shared by the Markdown and Org readers.

A chunk titled "Haus > Boden > Flur" embeds better and cites more usefully than one titled
"Flur", so each section carries the path of headings above it. The parsers only find the
headings (they know their syntax); this module owns the nesting.
"""

from __future__ import annotations

from dataclasses import dataclass

PATH_SEPARATOR = " > "


@dataclass(frozen=True)
class Heading:
    first_line: int  # 0-based line where the heading starts
    end_line: int  # line after the heading (setext headings take two lines)
    level: int  # 1 = top level
    title: str


@dataclass(frozen=True)
class OutlineSection:
    path: str
    body: str


def split_by_headings(lines: list[str], headings: list[Heading]) -> list[OutlineSection]:
    """Cut `lines` at each heading; sections whose body is blank are left out."""
    sections: list[OutlineSection] = []
    stack: list[Heading] = []
    body_start = 0
    for heading in headings:
        _append(sections, stack, lines[body_start : heading.first_line])
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        stack.append(heading)
        body_start = heading.end_line
    _append(sections, stack, lines[body_start:])
    return sections


def _append(sections: list[OutlineSection], stack: list[Heading], body_lines: list[str]) -> None:
    body = trim_blank_lines("\n".join(body_lines))
    if body:
        path = PATH_SEPARATOR.join(h.title for h in stack if h.title)
        sections.append(OutlineSection(path=path, body=body))


def trim_blank_lines(text: str) -> str:
    """Drop leading and trailing blank lines but keep the indentation of the first line."""
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)
