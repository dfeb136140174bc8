"""The key sentence under each source of `ask` and `chat` when no answer model writes one.

In search-only mode the person reads the evidence; the sentence that best answers the
question (assistant.ask.key_sentence) is printed under its source after a "»", so it stands
out when the output is piped or saved, and in bold on a terminal as well (never with
NO_COLOR or TERM=dumb, never in a pipe). `--json` gets it as a field with its span instead.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from assistant.display import printable
from store import Hit

MARK = "    » "
MAX_CHARACTERS = 300  # a longer "sentence" (a table row, a run-on line) is cut with "…"
BOLD, NORMAL = "\x1b[1m", "\x1b[22m"


def key_sentence_text(hit: Hit, span: tuple[int, int]) -> str:
    """The sentence at `span` of the hit's text, on one line."""
    sentence = " ".join(hit.text[span[0] : span[1]].split())
    if len(sentence) > MAX_CHARACTERS:
        sentence = sentence[: MAX_CHARACTERS - 1].rstrip() + "…"
    return sentence


def key_line(hit: Hit, span: tuple[int, int], stream: TextIO | None = None) -> str:
    """The line printed under a source: "    » " and the sentence (bold on a terminal)."""
    text = printable(key_sentence_text(hit, span))
    if _styled(stream or sys.stdout):
        text = f"{BOLD}{text}{NORMAL}"
    return MARK + text


def key_row(hit: Hit, span: tuple[int, int] | None) -> dict[str, object] | None:
    """The key sentence as JSON: its span in the source's `text` and the sentence itself."""
    if span is None:
        return None
    return {"start": span[0], "end": span[1], "text": hit.text[span[0] : span[1]]}


def _styled(stream: TextIO) -> bool:
    # a server writing for a client has the client's environment on the stream
    environ = getattr(stream, "environ", os.environ)
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
