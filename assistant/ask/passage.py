"""Where a hit's passage stands in the text the viewer shows, so it can be marked and shown.

The viewer shows a document as its file has it (quotes, reflowed lines, Markdown), while a hit
carries the chunk that was embedded: the same words, but with other line breaks and, for mail,
without the quoted lines the span may enclose. The passage is found by its words with any
whitespace (or none) between them; failing that, by its first and its last words.
"""

from __future__ import annotations

import re

_EDGE_WORDS = 8  # enough words to be unique in a document, few enough to survive a reflow
_LONGEST_PATTERN = 400  # words; a longer chunk is found by its edges


def find_passage(text: str, passage: str) -> tuple[int, int] | None:
    """The (start, end) span of `passage` in `text`, whitespace-insensitive; None if absent."""
    words = passage.split()
    if not words:
        return None
    if len(words) <= _LONGEST_PATTERN:
        whole = _words_pattern(words).search(text)
        if whole:
            return whole.span()
    first = _words_pattern(words[:_EDGE_WORDS]).search(text)
    if first is None:
        return None
    last = _words_pattern(words[-_EDGE_WORDS:]).search(text, first.start())
    return (first.start(), last.end() if last else first.end())


def paragraph_span(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """`span` widened to whole paragraphs (blank-line bounded), for text that is rendered
    by blocks such as Markdown, where a cut inside a block would break its layout."""
    start = text.rfind("\n\n", 0, span[0])
    end = text.find("\n\n", span[1])
    return (0 if start < 0 else start + 2, len(text) if end < 0 else end)


def _words_pattern(words: list[str]) -> re.Pattern[str]:
    # \s* rather than \s+: joining a CJK paragraph's lines removes the line break entirely.
    return re.compile(r"\s*".join(re.escape(word) for word in words))
