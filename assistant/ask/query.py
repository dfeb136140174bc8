"""What a query must hold before it is searched, for every way a question comes in.

The CLI (`search`, `ask`, `chat`), the app and the MCP tools (issue 16) all hand a person's
text to `retrieve`, which calls `check_query` first; an MCP tool that wants to refuse before
anything else runs can call it directly. Three things are decided here, once:

- Text that cannot be encoded is repaired, not fatal: undecodable bytes in argv or stdin
  arrive as lone surrogates (Python's surrogateescape), which llama.cpp's tokenizer and
  SQLite cannot take. Control characters (NUL, ESC, ...) become spaces.
- A query with nothing to search for is refused with a one-line reason instead of ranking
  the whole index against noise. "Something to search for" is a letter or a digit of any
  script (Unicode categories L* and N*): Latin, CJK, Arabic, Hebrew, Thai, Devanagari and a
  bare number all search. Whitespace, punctuation and symbols alone do not, and neither do
  emoji alone: the full-text index drops them as separators, and the vector of a lone emoji
  against prose is near-random, so its eight hits would be arbitrary.
- A very long query is cut to `MAX_QUERY_CHARS` with a note: the embedder reads about 2,000
  tokens at most anyway, and a 20,000-character paste is a paste, not a question.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

MAX_QUERY_CHARS = 4000
NOTHING_TO_SEARCH = (
    "nothing to search for: the query has no letters or digits (only spaces, punctuation, "
    "symbols or emoji)"
)


@dataclass(frozen=True)
class CheckedQuery:
    """A query made safe to search, or the reason it has nothing to search for."""

    text: str
    notes: tuple[str, ...] = ()
    refused: str = ""  # non-empty: do not search; show this one line instead


def check_query(raw: str) -> CheckedQuery:
    """`raw` cleaned for searching; `refused` says why when nothing searchable is left."""
    notes: list[str] = []
    text, undecodable = _repair(raw)
    if undecodable:
        notes.append("characters that were not valid text were ignored")
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS].rstrip()
        notes.append(f"the query was cut to its first {MAX_QUERY_CHARS} characters")
    if not has_content(text):
        return CheckedQuery(text, tuple(notes), refused=NOTHING_TO_SEARCH)
    return CheckedQuery(text, tuple(notes))


def has_content(text: str) -> bool:
    """Whether `text` holds a letter or a digit of any script."""
    return any(unicodedata.category(char)[0] in "LN" for char in text)


def _repair(text: str) -> tuple[str, bool]:
    """Lone surrogates and control characters replaced by spaces; whether any surrogate was."""
    undecodable = False
    chars = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cs":
            undecodable = True
            chars.append(" ")
        elif category == "Cc":
            chars.append(" ")
        else:
            chars.append(char)
    return "".join(chars), undecodable
