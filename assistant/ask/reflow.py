"""Mail text re-joined into paragraphs, so a narrow or wide screen wraps it once, not twice.

Mail is sent wrapped at about 72 columns. Shown in a window of another width, each sent line
wraps again and the text falls apart into long and one-word lines. Two cases:
- format=flowed (RFC 3676): a line ending in a space is a soft break and joins the next
  line of the same quote depth; with DelSp=yes that one space is the sender's, not the text's;
  a leading space is stuffing. The signature separator "-- " stays a hard break.
- hard-wrapped plain text: the lines of a paragraph are joined when the next line's first word
  would not have fitted on the line (so the sender's wrapping, not a short line, broke it).
  Quotes, list items, indented code, patches, trailers and signatures stay as they are.
- a PDF page's layout lines (`reflow_page`): a line about as wide as the page's widest
  continues on the next.
The text is only re-joined: words are never changed, so a passage can still be found in it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SIGNATURE = "-- "
_QUOTE = re.compile(r"^(?:>\s?)+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•·]|\d{1,3}[.)]|[a-z][.)]|\(\w{1,3}\))\s+")
_TRAILER = re.compile(r"^(?:[A-Z][\w-]*-by|Cc|Link|Fixes|Closes|Change-Id):\s")
# The header block of a forwarded or Outlook-quoted message, in English, German, Swedish, Chinese.
_HEADER_LINE = re.compile(
    r"^\s*\*?(?:From|Sent|To|Cc|Subject|Date|Von|Gesendet|An|Betreff|Datum|Från|Skickat|Till|"
    r"Ämne|发件人|收件人|抄送|主题|日期|发送时间)\*?\s*[:：]"
)
_PATCH_START = re.compile(r"^(?:diff --git |--- a/|\+\+\+ b/|@@ |Index: |---$)")
_MIN_WRAP_COLUMN = 60  # below this the sender did not wrap at a standard column
_MAX_WRAP_COLUMN = 80
_WRAPPED_SHARE = 0.8  # of prose lines within the column, for a text to count as hard-wrapped
_WIDEST_PAGE_LINE = 200
_FULL_PAGE_LINE = 0.7  # of the widest line: proportional fonts make full lines vary


@dataclass(frozen=True)
class Flowed:
    """The body's Content-Type said format=flowed; `delete_space` is its DelSp=yes."""

    delete_space: bool = False


def reflow(text: str, flowed: Flowed | None = None) -> str:
    """`text` with soft or sender-wrapped line breaks joined into paragraph lines."""
    if flowed is not None:
        return _unflow(text, flowed.delete_space)
    return _join_hard_wrapped(text)


def reflow_page(text: str) -> str:
    """A PDF page's layout lines joined into paragraphs: a line as wide as most lines of the
    page continues on the next; short lines (a heading, a paragraph's end) stay."""
    lines = text.split("\n")
    widths = [_cells(line) for line in lines if _is_prose(line)]
    widest = max((w for w in widths if w <= _WIDEST_PAGE_LINE), default=0)
    out: list[str] = []
    for previous_line, line in zip(["", *lines], lines, strict=False):
        full = widest >= _MIN_WRAP_COLUMN and _cells(previous_line) >= widest * _FULL_PAGE_LINE
        prose = _is_prose(previous_line) and _is_prose(line) and not _LIST_ITEM.match(line)
        if out and full and prose:
            out[-1] = _joined(out[-1], line)
        else:
            out.append(line)
    return "\n".join(out)


def _joined(previous: str, line: str) -> str:
    previous, rest = previous.rstrip(), line.strip()
    glue = "" if previous.endswith("-") or (_is_wide(previous[-1]) and _is_wide(rest[0])) else " "
    return previous + glue + rest


def _unflow(text: str, delete_space: bool) -> str:
    out: list[str] = []
    joining = False  # the last output line ended in a soft break
    last_depth = -1
    for raw in text.split("\n"):
        depth, content = _flowed_parts(raw)
        soft = content.endswith(" ") and content != SIGNATURE
        if soft and delete_space:
            content = content[:-1]
        if joining and depth == last_depth:
            out[-1] += content
        else:
            out.append(("> " * depth) + content if depth else content)
        joining, last_depth = soft, depth
    return "\n".join(line.rstrip() if line != SIGNATURE else line for line in out)


def _flowed_parts(line: str) -> tuple[int, str]:
    """Quote depth and the line without its quote marks and space-stuffing."""
    depth = 0
    while line.startswith(">"):
        depth += 1
        line = line[1:]
    if line.startswith(" "):
        line = line[1:]
    return depth, line


def _join_hard_wrapped(text: str) -> str:
    lines = text.split("\n")
    column = wrap_column(lines)
    if column is None:
        return text
    out: list[str] = []
    verbatim = False  # inside a patch or a signature: nothing is joined any more
    for previous_line, line in zip(["", *lines], lines, strict=False):
        verbatim = verbatim or line == SIGNATURE or bool(_PATCH_START.match(line))
        if not verbatim and out and _continues(previous_line, line, column):
            out[-1] = _joined(out[-1], line)
        else:
            out.append(line)
    return "\n".join(out)


def wrap_column(lines: list[str]) -> int | None:
    """The column the sender wrapped prose at, or None when the text looks unwrapped."""
    widths = [_cells(line) for line in lines if _is_prose(line)]
    wrapped = [cells for cells in widths if cells <= _MAX_WRAP_COLUMN]
    if len(wrapped) < len(widths) * _WRAPPED_SHARE:  # paragraphs sent as long lines
        return None
    column = max(wrapped, default=0)
    return column if column >= _MIN_WRAP_COLUMN else None


def _continues(previous: str, line: str, column: int) -> bool:
    """Whether `line` is the rest of `previous`'s paragraph, wrapped by the sender."""
    if not _is_prose(previous) or not _is_prose(line) or _LIST_ITEM.match(line):
        return False
    first_word = line.split(maxsplit=1)[0]
    if _is_wide(first_word[0]):  # Chinese breaks between characters, not at spaces
        return _cells(previous.rstrip()) + 2 > column
    return _cells(previous.rstrip()) + 1 + _cells(first_word) > column


def _is_prose(line: str) -> bool:
    """A line of running text: not blank, quoted, indented (code), a patch or a trailer."""
    if not line.strip() or line.startswith((" ", "\t")) or _QUOTE.match(line):
        return False
    patch_line = _PATCH_START.match(line) or line.startswith(("+", "-", "@"))
    return not (patch_line or _TRAILER.match(line) or _HEADER_LINE.match(line))


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _cells(text: str) -> int:
    """Terminal columns `text` takes: two for a CJK character, one for others."""
    return sum(2 if _is_wide(char) else 1 for char in text)
