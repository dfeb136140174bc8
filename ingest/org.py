"""Finds the headings and file keywords of an Org note.

Org has no front matter; `#+TITLE:`, `#+FILETAGS:` and `#+DATE:` lines play that part.
Headings are lines of stars; their trailing `:tag:` lists are metadata, and their TODO
keywords and `[#A]` priorities are noise in a chunk title. Lines inside `#+BEGIN_...` blocks
are never headings (a star in a source block is code).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from ingest.frontmatter import to_datetime, to_tags
from ingest.outline import Heading

_HEADING = re.compile(r"^(\*+)[ \t]+(.*?)[ \t]*$")
_HEADING_TAGS = re.compile(r"[ \t]+(:(?:[\w@#%]+:)+)$")
_TODO = re.compile(r"^(?:TODO|DONE|NEXT|WAITING|CANCELLED|CANCELED)[ \t]+")
_PRIORITY = re.compile(r"^\[#[A-Z0-9]\][ \t]+")
_KEYWORD = re.compile(r"^#\+(TITLE|FILETAGS|DATE):[ \t]*(.*?)[ \t]*$", re.IGNORECASE)
_BLOCK_BEGIN = re.compile(r"^[ \t]*#\+begin_", re.IGNORECASE)
_BLOCK_END = re.compile(r"^[ \t]*#\+end_", re.IGNORECASE)
_ORG_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[^\d]+(\d{1,2}:\d{2}))?")


@dataclass
class OrgOutline:
    lines: list[str]  # the note with the file keywords blanked out
    headings: list[Heading] = field(default_factory=list)
    title: str | None = None
    tags: list[str] = field(default_factory=list)
    date: datetime | None = None


def parse_org(text: str) -> OrgOutline:
    outline = OrgOutline(lines=text.split("\n"))
    in_block = False
    for number, line in enumerate(outline.lines):
        if in_block:
            in_block = not _BLOCK_END.match(line)
        elif _BLOCK_BEGIN.match(line):
            in_block = True
        elif (keyword := _KEYWORD.match(line)) and not outline.headings:
            _apply_keyword(outline, keyword.group(1).upper(), keyword.group(2))
            outline.lines[number] = ""
        elif heading := _HEADING.match(line):
            outline.headings.append(_heading(number, heading.group(1), heading.group(2), outline))
    return outline


def first_top_heading(outline: OrgOutline) -> str | None:
    return next((h.title for h in outline.headings if h.level == 1 and h.title), None)


def _heading(number: int, stars: str, rest: str, outline: OrgOutline) -> Heading:
    tags = _HEADING_TAGS.search(rest)
    if tags:
        rest = rest[: tags.start()]
        outline.tags += [t for t in to_tags(tags.group(1).split(":")) if t not in outline.tags]
    title = _PRIORITY.sub("", _TODO.sub("", rest.strip()))
    return Heading(number, number + 1, len(stars), title.strip())


def _apply_keyword(outline: OrgOutline, name: str, value: str) -> None:
    if name == "TITLE" and value:
        outline.title = value
    elif name == "FILETAGS":
        outline.tags += [t for t in to_tags(value.split(":")) if t not in outline.tags]
    elif name == "DATE":
        match = _ORG_DATE.search(value)
        if match:
            stamp = match.group(1)
            if match.group(2):
                hour, minute = match.group(2).split(":")
                stamp += f"T{int(hour):02d}:{minute}"
            outline.date = to_datetime(stamp)
