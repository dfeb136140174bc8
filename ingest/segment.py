"""Cutting a section's text into pieces no bigger than a token limit, at the best boundaries.

Boundaries have levels: a blank line (paragraph) beats a sentence end, which beats a line
break, which beats a space, which beats an arbitrary character (for long runs of CJK text
without punctuation, or base64). Each piece remembers the level of the boundary after it so
the chunker can prefer cutting at structure. All positions are offsets into the section
text; pieces never include the whitespace around them. Tokens are counted per piece (a
paragraph or a sentence), never per character: the caller's tokenizer is a C call away.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ingest.tokens import MAX_CHARS_PER_TOKEN, TokenCounter, first_true

PARAGRAPH, SENTENCE, LINE, WORD, CHARACTER = range(5)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = re.compile(
    r"(?:(?<=[.!?…])[\"'”’»)\]]*\s+)|(?:(?<=[。！？；])[\"'”’」』）]*\s*)|(?:\n\s*)"
)
_WORD_GAP = re.compile(r"\s+")
# Abbreviations after which a period does not end a sentence (German and English).
_ABBREVIATIONS = frozenset(
    {
        "z.b", "u.a", "d.h", "bzw", "ca", "usw", "etc", "vgl", "nr", "str", "dr", "prof", "hr",
        "fr", "mr", "mrs", "ms", "st", "e.g", "i.e", "vs", "jr", "sr", "no", "abs", "art", "tel",
        "inkl", "ggf", "evtl", "geb", "jh", "mio", "mrd", "s.o", "s.u", "u.ä", "o.ä", "z.t",
        "bspw", "dipl", "ing",
    }
)  # fmt: skip
_WORD_BEFORE = re.compile(r"(\S+)\.[\"'”’»)\]]*$")
_PUNCTUATED_END = re.compile(r"[.!?…。！？；][\"'”’»)\]」』）]*$")


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    tokens: int
    level_after: int  # the level of the boundary that follows this piece


def split_pieces(text: str, limit: int, count: TokenCounter) -> list[Piece]:
    """Pieces of at most `limit` tokens covering the words of `text`, in order."""
    pieces: list[Piece] = []
    for start, end in _spans(text, 0, len(text), _PARAGRAPH_BREAK):
        _split(text, start, end, PARAGRAPH, limit, count, pieces)
    return pieces


def sentence_starts(text: str, start: int, end: int) -> list[int]:
    """Offsets where sentences (or lines) begin inside text[start:end], first one excluded."""
    return [s for s, _ in _sentence_spans(text, start, end)][1:]


def word_starts(text: str, start: int, end: int) -> list[int]:
    return [s for s, _ in _spans(text, start, end, _WORD_GAP)][1:]


def longest_prefix(text: str, start: int, ends: list[int], limit: int, count: TokenCounter) -> int:
    """The index into `ends` of the longest text[start:end] within `limit` tokens (or -1).

    Binary search: token counts grow with the length of a prefix.
    """
    return first_true(len(ends), lambda i: count(text[start : ends[i]]) > limit) - 1


def _split(
    text: str, start: int, end: int, level: int, limit: int, count: TokenCounter, out: list[Piece]
) -> None:
    tokens = count(text[start:end])
    if tokens <= limit:
        out.append(Piece(start, end, tokens, level))
        return
    if level < SENTENCE:
        spans = _sentence_spans(text, start, end)
        if len(spans) > 1:
            for index, (s, e) in enumerate(spans):
                after = level if index == len(spans) - 1 else _sentence_level(text, s, e)
                _split(text, s, e, after, limit, count, out)
            return
    _pack_words(text, start, end, level, limit, count, out)


def _pack_words(
    text: str, start: int, end: int, level: int, limit: int, count: TokenCounter, out: list[Piece]
) -> None:
    """Greedy runs of words (or characters, if a word is too long) within `limit` tokens."""
    words = _spans(text, start, end, _WORD_GAP)
    word_ends = [e for _, e in words]
    index = 0
    while index < len(words):
        begin = words[index][0]
        reach = begin + limit * MAX_CHARS_PER_TOKEN  # no need to count beyond this
        ends = word_ends[index : max(index + 1, bisect_right(word_ends, reach, index))]
        best = longest_prefix(text, begin, ends, limit, count)
        if best < 0:  # one word alone is too long: cut between characters
            _pack_characters(text, begin, words[index][1], limit, count, out)
            out[-1] = _with_level(out[-1], WORD)
            index += 1
            continue
        out.append(Piece(begin, ends[best], count(text[begin : ends[best]]), WORD))
        index += best + 1
    if out:
        out[-1] = _with_level(out[-1], level)


def _pack_characters(
    text: str, start: int, end: int, limit: int, count: TokenCounter, out: list[Piece]
) -> None:
    while start < end:
        ends = list(range(start + 1, min(end, start + limit * MAX_CHARS_PER_TOKEN) + 1))
        stop = ends[max(0, longest_prefix(text, start, ends, limit, count))]
        out.append(Piece(start, stop, count(text[start:stop]), CHARACTER))
        start = stop


def _with_level(piece: Piece, level: int) -> Piece:
    return Piece(piece.start, piece.end, piece.tokens, level)


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    begin = start
    for match in _SENTENCE_END.finditer(text, start, end):
        cut = match.start()
        if cut <= begin or _ends_with_abbreviation(text, begin, cut):
            continue
        spans.append((begin, cut))
        begin = match.end()
    if begin < end:
        spans.append((begin, end))
    return [(s, _trim_end(text, s, e)) for s, e in spans if text[s:e].strip()]


def _ends_with_abbreviation(text: str, begin: int, cut: int) -> bool:
    """A period after "z.B", "Dr" or an ordinal like "3." ("am 3. Oktober") ends nothing."""
    before = _WORD_BEFORE.search(text, max(begin, cut - 40), cut)
    if before is None:
        return False
    word = before.group(1).lower().rstrip(".").lstrip("([\"'„“‚‘«")
    return word in _ABBREVIATIONS or (word.isdigit() and len(word) <= 2) or len(word) == 1


def _sentence_level(text: str, start: int, end: int) -> int:
    """SENTENCE if text[start:end] ends with sentence punctuation, else LINE."""
    return SENTENCE if _PUNCTUATED_END.search(text, max(start, end - 4), end) else LINE


def _spans(text: str, start: int, end: int, gap: re.Pattern[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    begin = _skip_space(text, start, end)
    for match in gap.finditer(text, begin, end):
        if match.start() > begin:
            spans.append((begin, match.start()))
        begin = match.end()
    if begin < end and text[begin:end].strip():
        spans.append((begin, _trim_end(text, begin, end)))
    return spans


def _skip_space(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
